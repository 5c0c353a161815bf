"""Hand-written word lists for the gazetteer build: names that are also everyday words."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Place names that are also everyday words even where the dictionaries do not say so.
EXTRA_HOMONYMS = _words(
    """
    александров анна армия артем база бор вера веселе веселое веселый весна воля восток гагарин
    глобус гора горки город дмитров дно добрый долина дом дружба европа жовтень заря звезда
    знамя зоря зірка искра калинин кировский клин ковров коммунар комунар космос красная красный
    ленин ленина лермонтов лес лесное лиман ломоносов луч ліс лісне май майский маркс маяк мир
    мирне мирное мирный мост міст місто надежда надія нива нова нове новое новый озерне озерное
    октябрь ольга орел перемога пионер победа покров поле праця прогрес прогресс пушкин радуга
    рассвет речка родина россия ручей сад садовое светлое свобода світанок світле северный слава
    сокол солнечный сонячне софия спутник степ степь схід травневе труд украина
    україна уют фронт центр центральный чайковский чапаев червоний чехов шахты южне южное южный
    іскра
    """
)

# English words among the Latin names of places.
ENGLISH_HOMONYMS = _words(
    """
    anna aya bar bene berlin bila bile buy chad chop domna dor esso fakel ferma flora gay gorin
    hat hut igra issa kama kansas kola kosa kotik kut lazy linda log london luch luka maiak mama
    mary mayak mir moty nema nes never niva nova nove novy novyy ogni okny ola olga orlik paris
    pasat pasha plast pobeda progress ray reni rosa roza sad shom sim sinne smile sofia sputnik
    star stasi sursk tara tim trud tuva uni ural val vary victoria volga vostok yam yug zarya
    zorya
    """
)

# Never a place by itself whatever GeoNames says.
STOP_FORMS = _words(
    """
    and city east for new north old south the village west все всех где город дома как край леса
    мира москва-сити нет область она они поля район село сити так там центр это
    схід сході сходу сходом північ півночі південь півдня захід заході заходу
    """
)
