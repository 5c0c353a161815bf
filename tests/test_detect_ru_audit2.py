"""What a second audit of detection on real Russian posts found (session 8: a Stavropol radar
channel's export, four national and front-line radar channels, radar lines quoted in other
projects' tests, governors' and emergency ministries' posts quoted by regional news): radar
channels' bare cues under a place's line, «покиньте открытые участки», a place and its
surroundings alone, the drones «Хорнет» and «Лютый», the sound «БУМЦ», officials' all-clears in
the first person and the present, districts written «… МО», villages with a neuter adjective's
name read as regions; and, as hard negatives, networks of city channels and army recruiting
ads pitched with drone words, old shells blown up, a mass launch «at the rear regions». One
test per entry kind of the data (alerts.toml's `short_line`, `cue_names_only`, `cue_alone`,
`cue_filler`, `precaution`, `lifted`; weapons.toml; grammar.toml's `ad_marks`; context.toml's
`drill`; noise.toml's `national`; places.toml's district abbreviations) and per mechanism; the
posts are written for these tests."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from bot.detect import Detector
from bot.detect import lexicon as lx
from bot.detect.context import ChannelProfile, DetectContext
from bot.detect.gazetteer import Gazetteer
from bot.detect.place_words import place_words
from tests.posts import post_maker

T0 = datetime(2026, 12, 30, 20, 0, tzinfo=UTC)

post = post_maker("ru_audit_two", T0)


# -- alerts.toml [short_line] and [cue_names_only]: the radar channels' bare cues -------------


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Михайловск\nПриготовиться", "RU-STA"),
        ("Енакиево опасность", "UA-14"),
        ("Батайск, Ростовская область - опасность.", "RU-ROS"),
        ("Херсонская область РФ\nЗапуски с авиации", "UA-65"),
        ("Каменка-Днепровская и близлежащие\nЗапорожская область РФ", "UA-23"),
        ("Двое «Лютых» курсом на Брянск", "RU-BRY"),
    ],
)
def test_a_bare_radar_cue_beside_names_is_an_alert(
    detector: Detector, text: str, region: str
) -> None:
    detection = detector.detect(post(text))
    assert detection.incident
    assert detection.regions == (region,)


@pytest.mark.parametrize(
    "text",
    [
        "Курск: приготовиться к похолоданию",
        "Липецк: запуски новых автобусных маршрутов с понедельника",
        "Тамбов и близлежащие районы",
        "Курск: лютый мороз до выходных",
        "Батайск: опасность гололёда на трассе",
    ],
)
def test_the_same_cue_beside_other_words_is_no_alert(detector: Detector, text: str) -> None:
    assert not detector.detect(post(text)).incident


def test_the_new_cues_are_short_line_cues_that_need_names_only() -> None:
    data = lx.data()
    for word in ("опасность", "приготовиться", "запуски", "близлежащие", "лютый"):
        assert word in data.short_line, word
        assert word in data.cue_names_only, word
    assert data.short_line["бумц"] == lx.EXPLOSION
    # The noun of a place's name written out is a filler a names-only cue may stand with.
    assert {"область", "край", "район"} <= data.cue_filler


def test_the_sound_written_out_is_an_explosion(detector: Detector) -> None:
    detection = detector.detect(post("Курск БУМЦ"))
    assert detection.incident
    assert detection.types == ("explosion",)
    assert detection.regions == ("RU-KRS",)


# -- alerts.toml [cue_alone] ------------------------------------------------------------------


def test_a_danger_word_alone_on_its_line_is_a_cue_under_the_place(detector: Detector) -> None:
    assert lx.data().cue_alone == {"опасность"}
    detection = detector.detect(post("Таганрог\nОпасность"))
    assert detection.incident
    assert detection.regions == ("RU-ROS",)
    # «Внимание!» heads news alone on its line: no cue there.
    assert "внимание" not in lx.data().cue_alone
    assert not detector.detect(post("Внимание!\nВ Таганроге завтра отключат воду")).incident


# -- alerts.toml [precaution] and [lifted] ----------------------------------------------------


def test_leaving_open_ground_is_a_precaution(detector: Detector) -> None:
    detection = detector.detect(post("Невинномысск\nПокиньте открытые участки, идут сбития"))
    assert detection.incident
    assert detection.regions == ("RU-STA",)


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Отменяю режим опасности атаки беспилотников на территории Чувашской Республики.",
         "RU-CU"),
        ("Отменяется режим «Беспилотная опасность» на территории Тульской области.", "RU-TUL"),
    ],
)
def test_an_official_s_lift_in_the_first_person_or_the_present_is_an_all_clear(
    detector: Detector, text: str, region: str
) -> None:
    detection = detector.detect(post(text))
    assert detection.all_clear
    assert not detection.incident
    assert detection.regions == (region,)


def test_a_cancelled_bus_is_no_all_clear(detector: Detector) -> None:
    detection = detector.detect(post("Тула: отменяется рейс автобуса до Новомосковска"))
    assert not detection.all_clear
    assert not detection.incident


# -- weapons.toml -----------------------------------------------------------------------------


def test_the_hornet_drone_is_a_drone(detector: Detector) -> None:
    detection = detector.detect(post("Ровеньки ЛНР, хорнет над трассой на Антрацит"))
    assert detection.incident
    assert "drone" in detection.types
    assert detection.regions == ("UA-09",)


# -- grammar.toml [grammar.ad_marks] ----------------------------------------------------------


def test_every_ad_mark_has_a_fragment() -> None:
    patterns = lx.data().patterns["ad_marks"]
    fragments = lx.data().pattern_fragments["ad_marks"]
    for pattern in patterns:
        re.compile(pattern, re.IGNORECASE | re.MULTILINE)
        assert any(f in pattern.lower() for f in fragments), pattern


@pytest.mark.parametrize(
    "text",
    [
        "⚡️Важно для всех подписчиков\n\nВ городах всё чаще сбивают беспилотники и глушат связь. "
        "Найдите свой город и подпишитесь на его канал:\n\nЧП Ставрополь\nЧП Краснодар\n"
        "ЧП Ростов\nЧП Белгород\nДругой город",
        "Каналы будут работать даже без мобильного интернета. Выберите свой город:\nРостов\n"
        "Таганрог\nАзов",
        "⚡️Служба по контракту в подразделениях БПЛА и РЭБ!\nДенежное довольствие от 210 тыс. "
        "руб.\nОператоры, техники, водители. Звоните.",
    ],
)
def test_a_channel_network_or_a_recruiting_ad_is_no_incident(
    detector: Detector, text: str
) -> None:
    detection = detector.detect(post(text))
    assert not detection.incident
    assert detection.regions == ()


# -- context.toml [drill] and noise.toml [national] -------------------------------------------


def test_old_shells_blown_up_are_no_attack(detector: Detector) -> None:
    text = "Таганрог, Ростовская область - идёт уничтожение снарядов Великой Отечественной войны."
    assert not detector.detect(post(text)).incident


def test_a_mass_launch_at_the_rear_regions_takes_no_home_region(detector: Detector) -> None:
    channel = post_maker("stav_home_radar", T0)
    profile = ChannelProfile("stav_home_radar", frozenset(), ("RU-STA",), "alerts")
    context = DetectContext(profile=profile)
    text = "Массовый запуск БПЛА со стороны противника.\n\nЦель: тыловые регионы РФ."
    assert not detector.detect(channel(text), context).incident
    # The channel's own alert still takes its home.
    kept = detector.detect(channel("Опасность по БПЛА", id=2), context)
    assert kept.incident
    assert kept.regions == ("RU-STA",)


# -- places.toml «МО» and the neuter adjectives (gazetteer, places.py) ------------------------


def test_a_district_written_with_mo_is_the_district(detector: Detector, gaz: Gazetteer) -> None:
    text = "РАКЕТНАЯ ОПАСНОСТЬ в Грайворонском МО. Спуститесь в укрытие."
    detection = detector.detect(post(text))
    assert detection.incident
    assert detection.regions == ("RU-BEL",)
    assert place_words().district_abbreviations["мо"] == "округ"
    # A ministry is no district: a neuter adjective never stands before a district's noun.
    assert [m.place.kind for m in gaz.find("Украинское МО заявило о новых поставках")] == []


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Кашира, Архангельское, Красногорск, Московская область - опасность по БПЛА.", "RU-MOS"),
        ("Горловка, Кировское ДНР\nФиксации БПЛА, ещё летят", "UA-14"),
        ("Луганское, Джанкойский район - тревога по БПЛА.", "UA-43"),
    ],
)
def test_a_village_with_a_neuter_adjective_s_name_is_no_region(
    detector: Detector, text: str, region: str
) -> None:
    assert detector.detect(post(text)).regions == (region,)


# -- a radar channel's post of a few lines that only name places (bot/detect/__init__.py) ----


RADAR = DetectContext(profile=ChannelProfile("kupol_style_radar", frozenset(), (), "alerts"))
radar = post_maker("kupol_style_radar", T0)


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        ("Суземка и далее в направлении Навля\nБрянская область\nИ далее на Орловскую область",
         ("RU-BRY", "RU-ORL")),
        ("От Навли на север\nБрянская область", ("RU-BRY",)),
        ("Марковка, ЛНР, и далее в направлении Ростовской области", ("UA-09", "RU-ROS")),
    ],
)
def test_a_radar_channel_s_lines_of_places_and_a_route_are_an_alert(
    detector: Detector, text: str, regions: tuple[str, ...]
) -> None:
    detection = detector.detect(radar(text), RADAR)
    assert detection.incident
    assert detection.types == ("alert",)
    assert detection.regions == regions


@pytest.mark.parametrize(
    "text",
    [
        "Курск\nБелгород\nВоронеж\nСмотрите наш эфир в 20:00",
        "Отдельные каналы оповещений\nКраснодарского края",
        "С уважением, команда радара.\nБелгород",
    ],
)
def test_lines_with_other_words_or_names_that_are_no_places_are_no_alert(
    detector: Detector, text: str
) -> None:
    assert not detector.detect(radar(text), RADAR).incident


def test_lines_of_places_from_a_news_channel_are_no_alert(detector: Detector) -> None:
    news = DetectContext(profile=ChannelProfile("city_news_style", frozenset(), (), "news"))
    assert not detector.detect(radar("От Навли на север\nБрянская область"), news).incident


def test_a_whole_district_after_ot_is_where_the_threat_came_from(detector: Detector) -> None:
    # «от Каменского района» (Rostov oblast) is where the drones come from, not an event place.
    detection = detector.detect(post("Лискинский район - тревога по БПЛА от Каменского района"))
    assert "RU-ROS" not in detection.regions


def test_ro_beside_a_name_is_a_missile_alert_and_its_lift_an_all_clear(
    detector: Detector,
) -> None:
    assert lx.data().short_line["ро"] == lx.MISSILE
    alert = detector.detect(post("Николаев РО"))
    assert alert.incident
    assert alert.types == ("alert", "missile")
    assert alert.regions == ("UA-48",)
    lift = detector.detect(post("Отбой РО Николаев", id=2, minutes=30))
    assert lift.all_clear
    assert not lift.incident
    # Rostov oblast's «РО» among other words is no alert.
    assert not detector.detect(post("Ростов: новости РО за неделю — ремонт дорог", id=3)).incident
