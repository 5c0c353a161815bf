"""The words tgradar reacts to, grouped into concepts, lemmatised once per language.

A concept is one idea ("a drone", "shot down", "an all-clear") with its words in Russian,
Ukrainian and English. Entries are written in plain surface form; ``Lexicon.build`` runs
them through the same lemmatiser as the posts, so inflected forms in posts match.
Multi-word entries are matched as consecutive lemmas.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from bot.detect.morph import lemma, stem_key

DRONE = "drone"
MISSILE = "missile"
DANGER = "danger"
ALERT = "alert"
SHOOTDOWN = "shootdown"
AIR_DEFENSE = "air_defense"
EXPLOSION = "explosion"
STRIKE = "strike"
FIRE = "fire"
CASUALTY = "casualty"
DAMAGE = "damage"
DEBRIS = "debris"
MOVEMENT = "movement"
ALL_CLEAR = "all_clear"
LIFTED = "lifted"  # "снят", "отменён": an all-clear only next to an alert word
NEGATION = "negation"
HISTORY = "history"
DRILL = "drill"
SHOW = "show"
SPORT = "sport"
PROMO = "promo"
EMOTION = "emotion"  # "взрыв эмоций", "удар по бюджету": a metaphor right after the word
HYPOTHETICAL = "hypothetical"
TRIED = "tried"
LAUNCH = "launch"
FALL = "fall"
ATTACK = "attack"
RULES = "rules"
FAKE = "fake"
OFFTOPIC = "offtopic"
BOMB = "bomb"  # glide and aerial bombs: a strike when they land, air defence when shot down
# "соцсети взорвались", "зал взорвался": a metaphor when the word comes right before a blast
CROWD = "crowd"
# Strike words that name an attack, which air defence can repel; not a hit ("прилёт").
REPELLABLE = "repellable"
# "Приняли взрывы за салют": what people took it for, unless the post says it turned out so.
MISTAKEN = "mistaken"
CONTRAST = "contrast"
# What explains sirens or bangs elsewhere in the post away: a siren test, fireworks.
EXPLAINER = "explainer"


def _entries(text: str) -> tuple[str, ...]:
    """Entries separated by "|"; an entry may be several words."""
    return tuple(part.strip() for part in text.split("|") if part.strip())


CONCEPT_WORDS: dict[str, tuple[str, ...]] = {
    DRONE: _entries(
        "бпла | бпак | бпл | беспилотник | беспилотный | дрон | квадрокоптер | коптер | fpv | фпв "
        "| шахед | герань | мопед | безпілотник | безпілотний | дрони | drone | uav | uavs | "
        "shahed | geran | kamikaze | камикадзе | безэкипажный | безекіпажний | sea drone | катер "
        "камикадзе | балалайка | балалайки | ланцет | lancet | мопеди | мопеды | герани | гербера "
        "| ланцети"
    ),
    MISSILE: _entries(
        "ракета | ракетный | ракетний | ракетою | пкр | баллистика | баллистический | балістика | "
        "балістичний | искандер | іскандер | кинжал | кинджал | калибр | missile | rocket | "
        "ballistic | iskander | швидкісна ціль | скоростная цель | high speed target | крылатый | "
        "крилатий | cruise | ракетный удар | ракетний удар | высокоточное оружие | високоточна "
        "зброя"
    ),
    DANGER: _entries(
        "опасность | угроза | небезпека | загроза | threat | danger | обережно | осторожно | увага "
        "| внимание | обережний | осторожный"
    ),
    ALERT: _entries(
        "тревога | тривога | сирена | сирени | siren | air raid | air alert | повітряна тривога | "
        "воздушная тревога | alert | авиационная опасность | швидкісна ціль | скоростная цель | "
        "high speed target | укрытие | укриття | shelter | shelters | сховище"
    ),
    SHOOTDOWN: _entries(
        "сбить | сбитый | сбит | уничтожить | уничтожен | перехватить | перехвачен | перехват | "
        "подавить | подавлен | поразить | нейтрализовать | збити | збитий | знищити | знищений | "
        "перехопити | перехоплений | intercept | interception | shot down | shoot down | downed | "
        "neutralize | neutralise | destroyed drones | сбивать | збивати | перехватывать | "
        "перехоплювати | уничтожать | знищувати | отразить | отражать | отражена | відбити | "
        "відбивати | repel | repelled | destroy | destroyed | отражение | відбиття | отраженный | "
        "отражен | відбитий | уразити | уражений | уражено"
    ),
    AIR_DEFENSE: _entries(
        "пво | ппо | рэб | зенитный | зенітний | противовоздушный | протиповітряний | мобильная "
        "огневая группа | мобільна вогнева група | air defense | air defence | anti air | anti "
        "aircraft | aad"
    ),
    EXPLOSION: _entries(
        "взрыв | взорваться | хлопок | детонация | сдетонировать | вибух | вибухнути | бавовна | "
        "explosion | explode | blast | boom | detonation | взрывы | вибухи"
    ),
    STRIKE: _entries(
        "прилет | прилететь | удар | ударить | попадание | обстрел | обстрелять | авиаудар | "
        "авиабомба | каб | фаб | умпк | бомбардировка | приліт | прилетіти | влучання | влучити | "
        "обстріл | обстріляти | авіаудар | авіабомба | бомбардування | strike | hit | shelling | "
        "airstrike | bombardment | glide bomb | артобстрел | артобстріл | обстрілу | ракетный удар "
        "| прильот | врезаться | врізатися | slam | slammed | struck | crashed into | artillery | "
        "artillery fire | hits | вдарити | вдаряти | вдарив | вдарили | поцілити | поцілив | "
        "поцілили | сбросить | скинути | скидати | сбрасывать | dropped explosives | dropped an "
        "explosive | dropped a grenade | вгатити | гатити | влететь | влетіти | влетів | влетел | "
        "ракетний удар | guided bomb | aerial bomb | поразить | поражен | уразити | уражений | "
        "уражено"
    ),
    FIRE: _entries(
        "пожар | возгорание | загореться | гореть | горение | задымление | пожежа | загоряння | "
        "займання | горіти | загорітися | fire | blaze | burning | ablaze | сгореть | згоріти | "
        "выгореть | пламя | полум'я | тушить | гасити | вспыхнуть | спалахнути"
    ),
    CASUALTY: _entries(
        "погибнуть | погибший | ранить | раненый | ранение | пострадать | пострадавший | жертва | "
        "убить | убитый | травмировать | госпитализировать | загинути | загиблий | поранити | "
        "поранений | постраждати | постраждалий | травмувати | вбити | killed | kill | injured | "
        "injury | injuries | wounded | casualties | dead | died | hurt | victim | порез | поріз | "
        "ожог | опік | осколочное ранение | госпіталізувати | потерпілий | поранення"
    ),
    DAMAGE: _entries(
        "повредить | повреждение | поврежденный | разрушить | разрушение | выбить | посечь | "
        "обрушение | обрушиться | пошкодити | пошкодження | пошкоджений | зруйнувати | руйнування "
        "| вибити | damaged | damage | destroyed | shattered | shattering | collapsed | вылететь "
        "окно | вылететь стекло | вилетіти вікно | обвалиться | обвалитися | обвал | cut power "
        "lines | сгореть | згоріти | burned out | burnt out | уничтожить | уничтожен | знищити | "
        "знищений"
    ),
    DEBRIS: _entries("обломок | обломки | уламок | уламки | wreckage | debris | fragments"),
    MOVEMENT: _entries(
        "в сторону | heading | направляется | летит | летять | рух | движение | group of drones | "
        "напрямок | направление | курс | курсом | группа | група | заходить | йти | лететь | "
        "летіти | низко | низько | идти"
    ),
    ALL_CLEAR: _entries(
        "отбой | відбій | all clear | угроза миновала | опасность миновала | загроза минула | "
        "небезпека минула"
    ),
    LIFTED: _entries(
        "снять | снят | отменить | отменен | отмена | скасувати | скасовано | lifted | cancelled | "
        "canceled | миновать | минути | passed"
    ),
    NEGATION: _entries(
        "не | нет | без | никто | ніхто | немає | нема | no | not | without | none | nobody"
    ),
    HISTORY: _entries(
        "год назад | года назад | лет назад | годовщина | роковини | річниця | років тому | роки "
        "тому | рік тому | в прошлом году | минулого року | years ago | year ago | anniversary | "
        "previously | historically | last year | earlier this week | last week | на прошлой неделе "
        "| минулого тижня | помним | память | памяти | пам'ять | вспоминаем | remember | memorial "
        "| месяц назад | месяца назад | неделю назад | недели назад | місяць тому | тиждень тому | "
        "months ago | month ago | weeks ago | week ago | years after | years since | прошлой зимой "
        "| прошлой весной | прошлым летом | прошлой осенью | минулої зими | минулої весни | "
        "минулого літа | минулої осені | last winter | last spring | last summer | last autumn | "
        "торік | позапрошлой | позаминулого"
    ),
    DRILL: _entries(
        "учение | учения | тренировка | плановые стрельбы | учебный | навчання | тренування | "
        "навчальний | exercise | exercises | drill | drills | проверка | перевірка | test | tested "
        "| testing | train | trained | training | полигон | проверить | проверять | перевірити | "
        "перевіряти | check | scheduled check | scheduled test | система оповещения | система "
        "оповіщення | warning system | плановая проверка | проверка сирен | перевірка сирен | "
        "siren test | навчальне ввімкнення | испытывать | испытать | испытание | випробовувати | "
        "випробувати | випробування"
    ),
    SHOW: _entries(
        "шоу | light show | drone show | laser show | air show | салют | фейерверк | феєрверк | "
        "fireworks | световое шоу | праздник | концерт | фестиваль | festival | concert"
    ),
    SPORT: _entries(
        "футбол | футбольный | футбольний | матч | фк | болельщик | трибуна | чемпионат | рпл | "
        "вболівальник | football | match | stadium | club | fans | гол | хоккей | хокей | игра | "
        "тренер | soccer | league | тайм | вратарь | воротар | striker | goal | draw | нокаут | "
        "раунд | боксер | пенальти | hat trick | турнир | первенство | fk | fc | зенит | шахтар | "
        "динамо | спартак | чорноморець | basketball | баскетбол | баскетбольный | волейбол | "
        "volleyball | hockey | comeback | quarter final | quarter finals | semi final | semi "
        "finals | signing | visitors | hosts | rout | routed | thunderbolt | keeper | goalkeeper | "
        "three pointer | three pointers | playoff | playoffs | derby | stoppage time | extra time "
        "| penalty | fire their way | shakhtar | spartak | zenit | dynamo | torpedo | обстрел "
        "ворот | удар по воротам | удары по воротам | удару по воротах | ударів по воротах | "
        "разгромить | розгромити | шайба | хоккеист | хокеїст"
    ),
    PROMO: _entries(
        "подписаться | подпишись | подписывайтесь | підписатися | підписуйтесь | розыгрыш | "
        "розіграш | реклама | промокод | скидка | знижка | донат | задонатить | сбор | збір | "
        "реквизиты | реквізити | subscribe | giveaway | discount | promo code | donate | donation "
        "| fundraiser | fundraising | акция | хакер | ddos | кибератака | кібератака | hacker | "
        "cyberattack | ярмарок | ярмарка | благодійний | собирать средства | збирати кошти | сбор "
        "средств | збір коштів"
    ),
    EMOTION: _entries(
        "эмоция | смех | восторг | популярность | интерес | негодование | возмущение | ярость | "
        "креатив | вкус | емоція | сміх | emotion | laughter | popularity | эмоции | цена | рост | "
        "продажа | хайп | бюджет | репутация | экономика | кошелек | имидж | рынок | budget | "
        "reputation | economy | репутація | економіка | гаманець | спрос | demand | попит | "
        "аплодисменты | оплески | овация | applause"
    ),
    HYPOTHETICAL: _entries(
        "может | могут | мог бы | могли бы | возможен | возможно | вероятно | если | якщо | можуть "
        "| можливо | could | might | would | if | potential | потенциально | гипотетически | may | "
        "готовить | готувати | prepare | планировать | планувати | plan | должны | должен | "
        "повинні | повинен | should | must | посилити | усилить | boost | strengthen | предложить "
        "| запропонувати | propose | закликати | призвать | urge | urged | call on | called on | "
        "призвать | призывать | закликати | will receive | will get | will deliver | will send | "
        "will provide | ожидаться | очікуватися | expect | пригрозить | грозить | угрожать | "
        "погрожувати | пригрозити | threaten | завтра | послезавтра | післязавтра | tomorrow"
    ),
    OFFTOPIC: _entries(
        "гривня | рубль | доллар | инфляция | інфляція | inflation | центробанк | нбу | ставка | "
        "rates | бюджет | budget | депутат | mps | opposition | оппозиция | политолог | політолог "
        "| эксперт | експерт | analyst | analysts | analysis | аналитик | мороз | погода | weather "
        "| платежка | капремонт | ticket | tickets | sales | shares | таможенник | customs | "
        "ученый | учёный | вчений | scientists | зоопарк | zoo | птица | дтп | crash | авария | "
        "страхование | insurance | полис | совбез | обсудить | обговорити | discuss | discussed | "
        "mp | застройщик | новостройка | космодром | носитель | спутник | роскосмос | "
        "ракетомоделист | ракетомоделісти | satellite | spaceport | грипп | кір | кору | закон | "
        "законопроект | bill | law | компенсация | компенсація | compensation | выплата | виплата "
        "| payout | госдума | верховная рада | верховна рада | parliament | направленный взрыв | "
        "спрямований вибух | controlled explosion | controlled blast | controlled detonation | "
        "демонтаж | demolition | demolish | снос здания | поставка | поставки | постачання | "
        "supplies | deliveries | пришвидшити | ускорить"
    ),
    FAKE: _entries(
        "фейк | fake | не соответствует действительности | не відповідає дійсності | опровергнуть "
        "| спростувати | denied | debunked"
    ),
    RULES: _entries(
        "напоминаем | напоминать | нагадуємо | нагадувати | reminder | remind | правило | rule | "
        "что делать | що робити | what to do | запрещено | заборонено | forbidden | prohibited | "
        "do not | не подходите | не торкайтеся | не трогайте | stay away | не снимайте | не "
        "снимать | не знімайте | не знімати | не публикуйте | не публікуйте | не выкладывайте | не "
        "викладайте | do not post | do not film | do not share | корректировать | коригувати | "
        "adjust"
    ),
    ATTACK: _entries(
        "атака | атаковать | атакован | атакувати | атакований | attack | attacked | напасть | "
        "наступ"
    ),
    FALL: _entries(
        "упасть | впасти | fell | fall | falling | врезаться | врізатися | slam | slammed | "
        "crashed into | struck | target | targeted"
    ),
    LAUNCH: _entries("пуск | пуски"),
    BOMB: _entries(
        "авиабомба | каб | фаб | умпк | авіабомба | glide bomb | guided bomb | aerial bomb"
    ),
    EXPLAINER: _entries(
        "салют | фейерверк | феєрверк | firework | система оповещения | система оповіщення | "
        "warning system | навчальне ввімкнення | плановая проверка | scheduled check | scheduled "
        "test | siren test | проверка сирен | перевірка сирен | испытание сирен | випробування "
        "сирен"
    ),
    REPELLABLE: _entries(
        "удар | ударить | ракетный удар | ракетний удар | авиаудар | авіаудар | strike | airstrike "
        "| авиабомба | каб | фаб | умпк | авіабомба | glide bomb | guided bomb | aerial bomb"
    ),
    MISTAKEN: _entries(
        "подумать | думать | принять | показаться | подумати | думати | прийняти | здатися | "
        "здаватися | thought | mistook | mistaken | took it for"
    ),
    CONTRAST: _entries(
        "но | однако | оказаться | на самом деле | але | проте | виявитися | насправді | but | "
        "however | turned out | actually"
    ),
    CROWD: _entries(
        "соцсеть | соцсети | соцмережа | соцмережі | интернет | інтернет | зал | трибуна | трибуны "
        "| публика | публіка | комментарии | коментарі | рунет | social media | crowd"
    ),
    TRIED: _entries(
        "пытаться | попытаться | намагатися | спробувати | try | tried | attempt | attempted"
    ),
}

# Surface forms that look like a concept word but are not one.
SURFACE_STOPLIST = frozenset(["explosive", "explosives", "explosively", "fired", "firing"])


@dataclass(frozen=True)
class Lexicon:
    single: dict[str, frozenset[str]]
    phrases: dict[str, tuple[tuple[tuple[str, ...], frozenset[str]], ...]]
    known: frozenset[str] = frozenset()  # every lemma an entry starts with

    def concepts_at(self, lemmas: list[str], index: int) -> tuple[frozenset[str], int]:
        """Concepts of the entry starting at ``index`` and how many words it spans."""
        first = lemmas[index]
        for rest, concepts in self.phrases.get(first, ()):
            end = index + 1 + len(rest)
            if tuple(lemmas[index + 1 : end]) == rest:
                return concepts, len(rest) + 1
        return self.single.get(first, frozenset()), 1


def _lemmas_of(phrase: str, lang: str) -> tuple[str, ...]:
    parts = phrase.replace("-", " ").split()
    return tuple(stem_key(lemma(part, lang)) for part in parts)


@lru_cache(maxsize=4)
def lexicon_for(lang: str) -> Lexicon:
    """The lexicon with every entry lemmatised by ``lang``'s analyser."""
    single: dict[str, set[str]] = {}
    phrases: dict[str, dict[tuple[str, ...], set[str]]] = {}
    for concept, entries in CONCEPT_WORDS.items():
        for entry in entries:
            lemmas = _lemmas_of(entry, lang)
            # A word listed in two forms: add the raw lower-cased form too.
            variants = {lemmas}
            if len(lemmas) == 1:
                variants.add((stem_key(entry.lower().replace("ё", "е")),))
            for variant in variants:
                if len(variant) == 1:
                    single.setdefault(variant[0], set()).add(concept)
                else:
                    phrases.setdefault(variant[0], {}).setdefault(variant[1:], set()).add(concept)
    return Lexicon(
        known=frozenset(single) | frozenset(phrases),
        single={k: frozenset(v) for k, v in single.items()},
        phrases={
            first: tuple(
                sorted(
                    ((rest, frozenset(c)) for rest, c in tails.items()),
                    key=lambda item: -len(item[0]),
                )
            )
            for first, tails in phrases.items()
        },
    )
