"""Error classes found by running detection over real archived Ukrainian posts, a second round
(a Kyiv city radar chat's lines, a Russian-language southern monitor's day, oblast heads' and
the emergency service's posts quoted by regional news): a weapon's sign for its name, the
monitors' «1х» count, a line of bare place names, a target diving («падає», «зниження»), the
rule of two walls, the monitors' verbs of coming in and turning, «під ворожим вогнем», the
attack before this one. A test per entry kind of the data added for them; every post here is
written for the test."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.detect import Detector
from bot.detect.lang import detect_lang
from bot.detect.lexicon import data
from tests.posts import post_maker, stream_maker

T0 = datetime(2026, 12, 30, 19, 0, tzinfo=UTC)
post = post_maker("kyiv_radar_test", T0)
# What a Kyiv city radar chat posted before: its profile learns an alert channel at home in Kyiv.
KYIV_BEFORE = ("Шахед на Київ", "Київ — балістика!", "Шахеди над Києвом", "Київ, вибухи",
               "Ракета на Київ!", "Шахед на Бровари")


stream = stream_maker(post)


def last(detector: Detector, text: str, channel: str = "kyiv_radar_test"):
    """The detection of ``text`` posted after the Kyiv radar chat's earlier lines."""
    return stream(detector, *KYIV_BEFORE, text, channel=channel)[-1]


# ---------------------------------------------------------------- a weapon's sign


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("🛵 Київ!", ("alert", "drone")),
        ("🏍 Бровари", ("alert", "drone")),
        ("🔴🚀 Київ.", ("alert", "missile")),
        ("🟡💣 Київ!", ("strike",)),
        ("🛵 Шулявка/Солом'янка", ("alert", "drone")),
    ],
)
def test_a_weapon_s_sign_in_a_short_line_is_the_weapon(detector, text, types):
    # [line_marks] marks: a mark stands for the words of its entry (the sign of explosions,
    # read only alone, in tests/test_detect_misses.py).
    assert set(data().line_marks) - data().alone_marks == {"🛵", "🏍", "🚀", "💣"}
    detection = detector.detect(post(text))
    assert detection.incident and detection.types == types
    assert detection.regions in (("UA-30",), ("UA-32",))


@pytest.mark.parametrize(
    "text",
    [
        "🟢 Київ",  # [line_marks] calm: the place is clear
        "🟢 Київ, чисто",
        "🛵 Доставка кави на Оболонь — у нашого партнера знижка",  # says something else
        "🚀 Новини дня: Київ отримав нові автобуси",
        "🛵 Привіт усім!",  # no place
    ],
)
def test_a_sign_in_talk_or_beside_calm_reports_nothing(detector, text):
    assert "🟢" in data().calm_marks
    assert not last(detector, text).incident


# ---------------------------------------------------------------- the monitors' count


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("❗️ Київ — 1х на Біличі", {"Київ", "Біличі"}),
        ("2х Позняки", {"Позняки"}),
        ("Київ:\n 1х Троєщина\n 2х Оболонь", {"Київ", "Вигурівщина-Троєщина", "Оболонь"}),
    ],
)
def test_the_monitors_count_before_a_name_is_drones(detector, text, places):
    # [grammar.monitor_count]; «х» after the number is a cue_filler word.
    assert data().patterns["monitor_count"] and "х" in data().cue_filler
    detection = last(detector, text)
    assert detection.incident and detection.types == ("alert", "drone")
    assert detection.regions == ("UA-30",)
    assert {p.name for p in detection.places} == places


@pytest.mark.parametrize("text", ["Купуйте 2х кімнатну квартиру у Києві", "3х3 на Подолі: фінал"])
def test_a_count_with_x_in_talk_is_no_drone(detector, text):
    assert not detector.detect(post(text)).incident


# ---------------------------------------------------------------- a line of bare names


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        ("КИЇВ", ("UA-30",)),
        ("Бровари, Бориспіль", ("UA-32",)),
        ("Далі Вишгород.", ("UA-32",)),
    ],
)
def test_an_alert_channel_s_line_of_place_names_is_an_alert(detector, text, regions):
    detection = last(detector, text)
    assert detection.incident and detection.types == ("alert",)
    assert detection.regions == regions


@pytest.mark.parametrize(
    "text", ["Київ?", "Доброго ранку, Києве!", "🟢 Київ", "Київ 2025", "Вишгород, Обухів і Фастів"]
)
def test_a_line_of_names_that_asks_greets_or_says_more_is_none(detector, text):
    assert not last(detector, text).incident


def test_a_news_channel_s_line_of_names_is_none(detector):
    news = ("У Києві відкрили новий міст через Дніпро: рух пішоходів і велосипедистів уже "
            "дозволений, авто поїдуть навесні, коли завершать під'їзди з обох берегів.")
    detections = stream(detector, *[news] * 6, "Бровари, Бориспіль", channel="kyiv_news_test")
    assert not detections[-1].incident


# ---------------------------------------------------------------- city monitors' shorthand


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("Сирець, падає", ("alert", "drone")),  # [short_line] drone, beside names only
        ("1х падає на Відрадний", ("alert", "drone")),
        ("Київ:\n🔻Зниження Шулявка", ("alert", "drone")),
        ("❗️ Київ 1х реактив, Березняки", ("alert", "drone")),
        ("Київ зреагувати!!", ("alert",)),  # [short_line] alert
        ("КИЇВ 2 СТІНИ!", ("alert",)),
        ("Київ жахне!", ("explosion",)),  # [short_line] explosion
    ],
)
def test_city_monitors_shorthand_beside_names(detector, text, types):
    assert {"падає", "зниження", "зреагувати", "стіни", "жахне", "підліт"} <= data().cue_names_only
    detection = last(detector, text)
    assert detection.incident and detection.types == types
    assert detection.regions[:1] in (("UA-30",), ("UA-32",))


@pytest.mark.parametrize(
    "text",
    ["Курс гривні падає", "Стіни укриття на Оболоні утеплять до зими",
     "Зниження цін на проїзд у Києві", "Ціни на квартири в Києві падають другий місяць"],
)
def test_the_shorthand_in_everyday_sentences_is_none(detector, text):
    assert not detector.detect(post(text, channel="kyiv_news_test")).incident


@pytest.mark.parametrize(
    "text",
    ["КИЇВ, В ДВІ СТІНИ!", "Бровари — тримайтеся подалі від вікон!", "Одеса, в дві стіни!"],
)
def test_the_rule_of_two_walls_is_a_precaution(detector, text):
    # [precaution]
    assert "дві стіни" in data().concepts["precaution"]
    detection = detector.detect(post(text, channel="city_radar_test"))
    assert detection.incident and detection.types == ("alert",)


# ---------------------------------------------------------------- coming in and turning


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        ("Бровари підліт!", ("UA-32",)),  # [short_line] alert
        ("3 реактивных мопеда подлетают к Кривому Рогу с разных сторон", ("UA-12",)),
        ("2 мопеда опять развернулись к Николаеву", ("UA-48",)),
        ("Шахед розвернувся на Бучу", ("UA-32",)),
        ("🚀 Вектор на Бровари!", ("UA-32",)),
        ("Ракета у бік Броварів", ("UA-32",)),
        ("Мопед мимо Вознесенска, курс на север", ("UA-48",)),  # [grammar.towards]
        ("1х реактивний БпЛА повз Бровари", ("UA-32",)),
    ],
)
def test_the_monitors_verbs_of_coming_in_and_turning(detector, text, regions):
    assert {"вектор", "розвернутися", "в бік"} <= set(data().concepts["movement"])
    assert {"повз", "мимо"} <= data().grammar["towards"]
    detection = detector.detect(post(text, channel="south_monitor_test"))
    assert detection.incident and "alert" in detection.types
    assert detection.regions == regions


@pytest.mark.parametrize(
    "text",
    [
        "4 реактивных мопеда подлетают к Киеву с разных сторон - снова может быть громко!",
        "2 Циркона подлетают к Киеву - сейчас будет громко!",
        "Шахед на Позняки, може бути гучно!",
    ],
)
def test_a_weapon_on_its_way_before_a_could_stays_a_report(detector, text):
    detection = detector.detect(post(text, channel="south_monitor_test"))
    assert detection.incident and "alert" in detection.types
    assert detection.regions == ("UA-30",)


@pytest.mark.parametrize(
    "text",
    ["Південь, вночі може бути гучно. Бережіть себе",
     "на юге ночью может быть громко, держите телефоны заряженными",
     "Шахеди можуть полетіти на Київ"],
)
def test_it_may_be_loud_tonight_is_a_forecast(detector, text):
    assert not detector.detect(post(text, channel="south_monitor_test")).incident


# ---------------------------------------------------------------- officials and rescuers


def test_under_enemy_fire_is_shelling(detector):
    # [strike]: «під ворожим вогнем перебували ...»
    assert "під ворожим вогнем" in data().concepts["strike"]
    detection = detector.detect(post(
        "Упродовж доби під ворожим вогнем перебували Куп'янськ, Вовчанськ і Золочів. "
        "Постраждалих немає.", channel="oblast_test_ova"))
    assert detection.incident and detection.types == ("strike",)
    assert detection.regions == ("UA-63",)


def test_putting_out_a_fire_is_a_fire(detector):
    # [fire]: «гасіння»
    assert "гасіння" in data().concepts["fire"]
    detection = detector.detect(post(
        "Шосткинський район: після удару ворожого БпЛА рятувальники завершили гасіння складу.",
        channel="dsns_test_ua"))
    assert detection.incident and "fire" in detection.types


@pytest.mark.parametrize(
    "text",
    [
        "Під час минулої атаки шахед збили над Теремками, уламки впали на дах.",
        "Во время прошлой атаки ракету сбили над Оболонью.",
    ],
)
def test_the_attack_before_this_one_is_the_past(detector, text):
    # [history]
    assert "минулої атаки" in data().concepts["history"]
    assert not detector.detect(post(text, channel="kyiv_news_test")).incident


def test_an_explainer_of_what_a_weapon_is_is_none(detector):
    # [promo]: «пояснюємо, чим ...»
    assert "пояснюємо чим" in data().concepts["promo"]
    assert not detector.detect(post(
        "Пояснюємо, чим реактивний шахед відрізняється від звичайного і чому його важче "
        "збити над Києвом.", channel="kyiv_news_test")).incident


@pytest.mark.parametrize("text", ["На Нивки йде", "Сирець, падає", "У бік Бучі"])
def test_a_monitor_s_ukrainian_verbs_tell_the_language(text):
    # [language] uk_words
    assert {"йде", "падає", "бік"} <= data().uk_words
    assert detect_lang(text) == "uk"


@pytest.mark.parametrize(
    "text",
    ["Ворог атакує Одещину ударними БпЛА. Працюють наші сили протиповітряної оборони.",
     "Працюють наші сили ППО, залишайтеся в укриттях!"],
)
def test_the_oblast_heads_our_air_defence_at_work_is_air_defence(detector, text):
    # [air_defense]: the longer phrase wins over the own-fire explainers' «працюють наші».
    assert "працюють наші сили ппо" in data().concepts["air_defense"]
    detection = detector.detect(post(text, channel="odesa_ova_test"))
    assert detection.incident and "air_defense" in detection.types


def test_our_own_guns_at_work_stay_no_report(detector):
    detection = detector.detect(post("Працюють наші, не хвилюйтеся", channel="odesa_ova_test"))
    assert not detection.incident


# ---------------------------------------------------------------- a second round


def test_the_ukrainian_form_of_goes_is_movement(detector):
    # [movement] «іти»; [language] uk_words «іде», «розвернувся»
    assert "іти" in data().concepts["movement"] and {"іде", "розвернувся"} <= data().uk_words
    for text in ("Іде на Осокорки", "Розвернувся на Бровари"):
        detection = last(detector, text)
        assert detection.incident and "alert" in detection.types


@pytest.mark.parametrize("text", ["Йде дощ у Києві", "Іде сніг на Оболоні", "Идёт снег в Киеве"])
def test_the_weather_that_goes_is_no_target(detector, text):
    # [offtopic]: «йде дощ» right after a missile line is the weather, not a follow-up.
    assert "йде дощ" in data().concepts["offtopic"]
    assert not last(detector, text).incident


def test_artillery_fire_and_the_drones_beside_it_are_named(detector):
    # [artillery] «артилерійським вогнем»; the drones an artillery report names are typed too.
    assert "артилерійським вогнем" in data().concepts["artillery"]
    detection = detector.detect(post(
        "Агресор накрив артилерійським вогнем Марганецьку громаду.", channel="oblast_test_ova"))
    assert detection.incident and detection.types == ("strike",)
    both = detector.detect(post(
        "Не вщухали атаки на Нікопольщину: агресор бив FPV-дронами та артилерією.",
        channel="oblast_test_ova"))
    assert both.incident and {"drone", "strike"} <= set(both.types)


def test_covered_with_fire_is_shelling(detector):
    # [strike]: «вкрили вогнем»
    assert "вкрити вогнем" in data().concepts["strike"]
    detection = detector.detect(post(
        "Вранці окупанти вкрили вогнем Корабельний район Херсона.", channel="oblast_test_ova"))
    assert detection.incident and detection.types == ("strike",)
    assert detection.regions == ("UA-65",)
