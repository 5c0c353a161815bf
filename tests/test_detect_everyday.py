"""Russian news channels (city news, federal newsrooms, tabloids) tell every day of blows,
crashes and flights with the words alert channels use for hits: «от удара фура опрокинулась»,
«влетел в остановку», «министр прилетел в Пхеньян», «попадание в санкционные списки». In a
post that names nothing of the war they are no incident; beside the war they stay hits. One
test per entry kind of the data (events.toml's `everyday` and `war_words` with its `forms`,
grammar.toml's `at`, the abroad and offtopic words added with them) and per mechanism; the
posts are written for these tests, in the style of the channels studied (an archive of 24
Russian news channels' posts of autumn 2024, read outside the repository)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.detect import Detector
from bot.detect import lexicon as lx
from tests.posts import post_maker

T0 = datetime(2026, 12, 22, 9, 0, tzinfo=UTC)

post = post_maker("city_news_x", T0)


# -- events.toml [everyday]: strike words of everyday speech, with no war in the post --------


@pytest.mark.parametrize(
    "text",
    [
        # A collision: «удар» and «влетел» of a road crash.
        "На Кольцевой столкнулись самосвал и легковушка. От удара легковушку отбросило на "
        "встречную полосу, водителя увезли в больницу.",
        "Подросток на арендованном самокате влетел в стеклянную витрину торгового центра в "
        "Химках, его доставили в травмпункт с порезами.",
        # A fight: «ударил» and «напал».
        "В электричке мужчина несколько раз ударил контролёра, который попросил показать "
        "билет. Пострадавшего осмотрели медики, нападавшего задержали на следующей станции.",
        "Бродячие собаки напали на школьницу у гаражей в Твери, девочку с укусами отвезли в "
        "больницу, в городе требуют отловить стаю.",
        # A flight that arrives, and being put on a list.
        "Губернатор прилетел в Красноярск на открытие нового терминала аэропорта и осмотрел "
        "взлётную полосу после реконструкции.",
        "Попадание банка в санкционные списки обрушило его акции на утренних торгах, клиенты "
        "выстроились в очереди к банкоматам.",
        # Something that fell on a child: «попадание» and harm.
        "Шестилетний мальчик получил травму головы после попадания качели на детской площадке "
        "в Самаре, его госпитализировали.",
        # war_words' `forms`: the active «нанёс» of a fight is not the report's «нанесены».
        "У бара на Садовой посетитель нанёс охраннику несколько ударов, когда тот попросил "
        "его выйти, охранника увезли в больницу с переломом.",
        # grammar's `at`: «по» before a word without a capital aims at no place.
        "В школе Уфы девятиклассник ударил одноклассника по лицу на перемене, мальчику "
        "диагностировали сотрясение, родители написали заявление.",
        # offtopic: drones produced by name («производство беспилотников»).
        "Завод нарастит производство беспилотников вдвое к весне, сообщил глава корпорации "
        "на совещании в правительстве.",
        # offtopic: raised alarms, storm warnings, wild animals.
        "Кота, запертого в пустой квартире неделю, спасли волонтёры в Люблино: соседи забили "
        "тревогу, услышав мяуканье.",
        "Долгое сидение в телефоне перед сном может вызвать тревогу и бессонницу, предупредили "
        "врачи.",
        "Штормовое предупреждение продлили в Москве до утра: ветер до 20 м/с, водителей просят "
        "не выезжать без необходимости.",
        "Дикий кабан забрёл во двор жилого комплекса в Химках. Будьте осторожны и не "
        "подходите к животному.",
        # context.toml's stoplist: art, not artillery.
        "На неделе дизайна в Москве покажут арт-объекты молодых художников, вход свободный.",
    ],
)
def test_everyday_blows_flights_alarms_and_animals_are_no_incident(
    detector: Detector, text: str
) -> None:
    assert not detector.detect(post(text)).incident


def test_a_short_alert_line_keeps_its_hit(detector: Detector) -> None:
    # An alert channel's line is short: its «попадание» stands alone and is the report.
    detection = detector.detect(post("Шебекино — попадание в частный дом", channel="bel_radar_x"))
    assert detection.incident
    assert "strike" in detection.types


# -- events.toml [war_words]: the same words beside the war stay hits ------------------------


@pytest.mark.parametrize(
    "text",
    [
        # The attacker named: «ВСУ», «противник».
        "ВСУ нанесли удар по окраине села в Курской области, повреждены два частных дома и "
        "линия электропередачи, пострадавших нет.",
        "Противник ударил по зданию сельской администрации, выбиты окна, повреждена кровля, "
        "люди не пострадали.",
        # A massive strike on the grid.
        "Сообщается о массированном ударе по объектам энергетики, в нескольких областях "
        "введены экстренные отключения, повреждены подстанции.",
        # `forms`: «нанесены» of a military report, where «нанёс» is as often a fight.
        "Удары нанесены в районе железнодорожной станции в Тернополе, повреждены линии "
        "электропередачи, часть города осталась без света.",
    ],
)
def test_a_blow_beside_the_war_is_a_strike(detector: Detector, text: str) -> None:
    detection = detector.detect(post(text))
    assert detection.incident
    assert "strike" in detection.types


# -- grammar.toml [grammar.at]: a blow aimed at a name -----------------------------------------


def test_a_blow_at_a_named_place_is_a_strike(detector: Detector) -> None:
    detection = detector.detect(post(
        "Число пострадавших после удара по Кривому Рогу выросло до девяти, среди них двое "
        "детей, сообщили городские власти вечером."
    ))
    assert detection.incident
    assert "UA-12" in detection.regions


# -- noise.toml: abroad, air crashes, vehicles that drive themselves ---------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Самолёт из Сочи загорелся после жёсткой посадки в аэропорту Антальи, пассажиров "
        "эвакуировали по надувным трапам, пострадавших нет.",
        "Учебный самолёт аварийно сел на поле под Ульяновском: у него отказал двигатель, "
        "борт получил повреждения, пилот не пострадал.",
        "Беспилотные грузовики начнут возить грузы по трассе М-11 между Москвой и Петербургом "
        "круглосуточно, сообщили в министерстве.",
    ],
)
def test_air_crashes_abroad_and_driverless_trucks_are_no_incident(
    detector: Detector, text: str
) -> None:
    assert not detector.detect(post(text)).incident


# -- the data file's shape ---------------------------------------------------------------------


def test_war_words_are_single_words(tmp_path: Path) -> None:
    (tmp_path / "one.toml").write_text(
        '[war_words]\nabout = "x"\nwords = ["вооружённые силы"]\n', encoding="utf-8"
    )
    with pytest.raises(lx.LexiconError, match=r"one\.toml: \[war_words\] words are single"):
        lx.read_lexicon(tmp_path)


def test_war_words_take_no_other_keys(tmp_path: Path) -> None:
    (tmp_path / "one.toml").write_text(
        '[war_words]\nabout = "x"\nwords = ["всу"]\nlemmas = ["всу"]\n', encoding="utf-8"
    )
    with pytest.raises(lx.LexiconError, match=r"\[war_words\] has keys other than"):
        lx.read_lexicon(tmp_path)


# -- noise.toml [offtopic]: drones made, not a fire at a plant; a crash, an aircraft's cabin ---


def test_a_fire_at_a_production_shop_is_a_fire(detector: Detector) -> None:
    # «производство» alone is no off-topic word: plants burn, and drones hit them.
    detection = detector.detect(post(
        "Цех по производству пластиковой тары горит в Подольске, площадь пожара 800 кв. м, "
        "сообщили в МЧС."
    ))
    assert detection.incident
    assert "fire" in detection.types


@pytest.mark.parametrize(
    "text",
    [
        "Вертолёт санавиации жёстко сел в поле под Арзамасом. На борту были три человека, "
        "их осмотрели медики.",
        "Момент столкновения электрички и грузовика на переезде в Ленобласти попал на видео, "
        "водитель грузовика успел выпрыгнуть из кабины.",
    ],
)
def test_an_aircrafts_cabin_and_a_collision_are_no_incident(
    detector: Detector, text: str
) -> None:
    assert not detector.detect(post(text)).incident
