"""Error classes found by running detection over real archived Ukrainian posts (a night of
national and Kyiv monitoring channels and the Air Force, officials' posts, an alert
forwarder's lines): a target lost, a threat's launch area, the whole sky's map, a danger word
before a name, verbs of crossing into an oblast, and officials' posts that are no incident. A
test per entry kind of the data added for them; every post here is written for the test."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.detect.lexicon import data
from bot.detect.morph import sentences
from bot.detect.place_data import place_data
from tests.posts import post_maker, stream_maker

T0 = datetime(2026, 12, 26, 19, 0, tzinfo=UTC)
post = post_maker("nebo_test_ua", T0)


stream = stream_maker(post)


# ---------------------------------------------------------------- a target lost


@pytest.mark.parametrize(
    "text",
    ["Не фіксується", "Не фіксуються.", "Більше не фіксується, уважно", "📡 Не спостерігається"],
)
def test_a_recording_verb_denied_is_a_target_lost_not_a_follow_up(detector, text):
    first, lost = stream(detector, "Шахед на Полтаву зі сходу", text)
    assert first.incident and first.regions == ("UA-53",)
    assert not lost.incident


def test_a_recording_verb_not_denied_is_still_a_sighting(detector):
    detection = detector.detect(post("Фіксується БпЛА біля Ніжина"))
    assert detection.incident and detection.regions == ("UA-74",)


@pytest.mark.parametrize(
    "text",
    ["По балістиці чисто", "Чисто по цілях", "Миколаїв — чисто", "Без цілей знову.",
     "Знову без фіксації кинджалів", "По целям пока чисто"],
)
def test_the_monitors_clear_is_no_incident(detector, text):
    # [negation]: «чисто», «без цілей», «без фіксації».
    assert {"чисто", "без цілей", "без фіксації"} <= set(data().concepts["negation"])
    first, clear = stream(detector, "Балістика на Миколаїв!", text)
    assert first.incident
    assert not clear.incident


def test_what_a_clear_line_says_after_a_clause_break_still_counts(detector):
    *_, detection = stream(detector, "Балістика на Київ!", "Чисто по цілях, лунають гучні вибухи")
    assert detection.incident and "explosion" in detection.types
    assert detection.regions == ("UA-30",)


# ---------------------------------------------------------------- where a threat comes from


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        ("Загроза застосування балістичного озброєння з Брянська для Чернігівщини!", ("UA-74",)),
        ("‼️ Загроза балістики з Бєлгорода, Харків — в укриття", ("UA-63",)),
        ("Угроза баллистики с Курска для Сумщины", ("UA-59",)),
    ],
)
def test_the_threat_formula_names_the_launch_area_not_the_place(detector, text, regions):
    roles = place_data().roles["origin"]
    assert {"озброєння з", "балістики з", "баллистики с"} <= set(roles)
    detection = detector.detect(post(text, channel="nebo_test_two"))
    assert detection.incident and {"alert", "missile"} <= set(detection.types)
    assert detection.regions == regions


def test_a_threat_from_a_russian_town_alone_is_in_no_russian_region(detector):
    detection = detector.detect(
        post("Загроза застосування балістичного озброєння з Брянська", channel="nebo_test_three")
    )
    assert detection.incident
    assert not any(code.startswith("RU-") for code in detection.regions)


# ---------------------------------------------------------------- the whole sky, the whole grid


@pytest.mark.parametrize(
    "text",
    [
        "⚠️ Ситуація щодо ударних БпЛА у повітряному просторі України станом на 02:40.\n\n"
        "Загалом близько 50 БпЛА",
        "Триває ліквідація наслідків нічної атаки на енергооб'єкти в усіх постраждалих регіонах. "
        "Споживайте світло ощадливо.",
    ],
)
def test_the_whole_country_at_once_is_no_incident_and_takes_no_region(detector, text):
    assert "у повітряному просторі україни" in data().concepts["national"]
    first, national = stream(detector, "Харківщина: 4 шахеди на Балаклію", text)
    assert first.incident
    assert not national.incident and national.regions == ()


def test_the_sky_of_the_country_with_a_place_of_ours_is_a_report(detector):
    detection = detector.detect(
        post("У повітряному просторі України ~40 шахедів, головна група — на Кременчук")
    )
    assert detection.incident and detection.regions == ("UA-53",)


# ---------------------------------------------------------------- a danger word before a name


@pytest.mark.parametrize(
    ("text", "region"),
    [("Увага Бровари", "UA-32"), ("Увага Ірпінь та Буча", "UA-32"), ("Увага Вознесенськ", "UA-48")],
)
def test_a_danger_word_right_before_a_name_is_its_cue(detector, text, region):
    detection = detector.detect(post(text, channel="nebo_test_four"))
    assert detection.incident and detection.types == ("alert",)
    assert detection.regions == (region,)


@pytest.mark.parametrize(
    "text",
    [
        "Увага, Бровари! Завтра з 9:00 планові роботи на водогоні.",
        "Увага! Зміни в русі приміських автобусів з понеділка",
    ],
)
def test_an_announcement_opened_by_a_danger_word_is_none(detector, text):
    assert not detector.detect(post(text, channel="nebo_test_four")).incident


# ---------------------------------------------------------------- crossing into an oblast


def test_a_missile_crossing_into_an_oblast_is_on_its_way(detector):
    # [movement]: «перелітати», «залітати».
    assert {"перелітати", "залітати"} <= set(data().concepts["movement"])
    detection = detector.detect(post("Ракети з Черкащини перелітають в Кіровоградську область"))
    assert detection.incident and {"alert", "missile"} <= set(detection.types)
    assert detection.regions == ("UA-35",)


def test_going_on_is_a_follow_up(detector):
    # [followup_filler]: «продовжує».
    assert "продовжує" in data().followup_filler
    first, more = stream(detector, "Ракети на Кіровоградщині курсом на Кропивницький",
                         "Продовжує рух на Кропивницький")
    assert first.incident
    assert more.incident and "missile" in more.types and more.regions == ("UA-35",)


def test_drones_that_go_on_circling_are_a_report_not_a_statement(detector):
    # [politics]: not «продовжуватиме» alone (every form of «продовжувати»), but the phrases.
    assert "продовжуватиме" not in data().concepts["politics"]
    detection = detector.detect(post("Шахеди продовжують кружляти над Конотопом"))
    assert detection.incident and detection.regions == ("UA-59",)
    statement = "Сили оборони продовжуватимуть завдавати ударів по логістиці ворога."
    assert not detector.detect(post(statement)).incident


# ---------------------------------------------------------------- officials: no incident


def test_a_thousand_abbreviated_does_not_end_the_sentence():
    text = "Власникам пошкодженого житла виплатили 13 тис. грн компенсації."
    assert len(sentences(text)) == 1


@pytest.mark.parametrize(
    "text",
    [
        # [offtopic] «компенсація», in a sentence that «тис.» no longer cuts in two.
        "За програмою єВідновлення власникам пошкодженого внаслідок атак житла виплатили вже "
        "21 млн 300 тис. грн компенсації.",
        # [offtopic] «причиною відключень».
        "Завтра діятимуть графіки погодинних відключень. Причиною відключень є наслідки ворожих "
        "обстрілів енергетичних об'єктів.",
        # [politics] «кожен день», «щоденними обстрілами».
        "Ворог не зупиняється. Кожен день наносить удари дронами по цивільних об'єктах області.",
        "Окупанти не можуть взяти місто, тому його мешканці живуть під щоденними обстрілами.",
    ],
)
def test_officials_posts_that_report_nothing_new(detector, text):
    assert {"кожен день", "щоденними обстрілами"} <= set(data().concepts["politics"])
    assert "причиною відключень" in data().concepts["offtopic"]
    assert not detector.detect(post(text, channel="oblast_test_ova")).incident


def test_an_outage_caused_by_a_strike_last_night_is_still_a_report(detector):
    detection = detector.detect(
        post("Вночі ворог атакував енергооб'єкт у Миргородському районі. Без світла 8 тис. "
             "абонентів, пошкоджено обладнання.", channel="oblast_test_ova")
    )
    assert detection.incident and "strike" in detection.types
    assert detection.regions == ("UA-53",)


# ---------------------------------------------------------------- the morning tally


def test_a_tally_s_launch_areas_are_no_places_of_the_incident(detector):
    # [launch-area] phrases: an origin even in a sentence that reports the launch.
    assert {"район пусків", "з повітряного простору"} <= set(place_data().roles["launch-area"])
    detection = detector.detect(post(
        "У ніч на 28 грудня противник завдав удару 3 балістичними ракетами Іскандер-М (район "
        "пусків – Курська обл.) та 40 ударними БпЛА (район пусків – Брянськ, Шаталово). Влучання "
        "ракет зафіксовано у Сумах та на Чернігівщині.", channel="tally_test_ua"))
    assert detection.incident and "alert" not in detection.types
    assert detection.regions == ("UA-59", "UA-74")
    monitor = detector.detect(post(
        "🚀 Пуски Х-101 з повітряного простору Саратовської області! Перші КР — на Сумщину",
        channel="tally_test_two"))
    assert monitor.incident and monitor.regions == ("UA-59",)


def test_origins_listed_after_a_colon_are_origins(detector):
    detection = detector.detect(post(
        "Вночі противник атакував 82 ударними БпЛА (із напрямків: Курськ, Орел, Міллерово). "
        "Влучання зафіксовано на Одещині.", channel="tally_test_three"))
    assert detection.incident and detection.regions == ("UA-51",)


def test_a_short_post_does_not_follow_a_summary_of_many_regions(detector):
    summary = ("Вночі ворог атакував Сумщину, Харківщину, Полтавщину, Черкащину та Київщину: "
               "влучання ударних БпЛА зафіксовано в усіх п'яти областях.")
    first, national = stream(detector, summary, "☄️ Загроза застосування балістичного озброєння!",
                             channel="tally_test_four")
    assert first.incident and len(first.regions) == 5
    assert national.regions == ()


# ---------------------------------------------------------------- a monitor's list by oblast


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        ("Харківщина: 6 повз Балаклію на Савинці, 1 кружляє біля Чугуєва", ("UA-63",)),
        ("Чернігівщина:\n▪️3 на Ніжин\n▪️1 на Бахмач", ("UA-74",)),
        ("Полтавщина: ~20 від Гадяча до Лубен\n\nЧеркащина: 2 на Смілу", ("UA-53", "UA-71")),
    ],
)
def test_counts_heading_somewhere_under_an_oblast_header_are_drones(detector, text, regions):
    # [grammar.monitor_header], [grammar.monitor_item]
    assert data().patterns["monitor_header"] and data().patterns["monitor_item"]
    detection = detector.detect(post(text, channel="monitor_list_test"))
    assert detection.incident and detection.types == ("alert", "drone")
    assert set(detection.regions) == set(regions)


@pytest.mark.parametrize(
    "text",
    [
        # No header: a count and a name are no list.
        "2 на Богодухів — ціни на молоко знову зросли",
        # A header, but no count heading to a name.
        "Харківщина: 5 на 100 тисяч жителів — рівень безробіття за рік",
        "Київщина: у 12 громадах відкрили пункти незламності",
    ],
)
def test_what_is_no_monitor_s_list_stays_none(detector, text):
    assert not detector.detect(post(text, channel="monitor_list_test")).incident
