"""Ukrainian channels: the Air Force's and monitoring channels' shorthand, and what oblast
administrations, city heads and Ukrainian news post that is no incident. A test per entry
kind of the lexicon added for them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.detect.lexicon import data
from bot.detect.profiles import detect_stream
from tests.posts import post_maker

T0 = datetime(2026, 11, 25, 19, 0, tzinfo=UTC)



post = post_maker("ua_monitor", T0)


def test_missile_shorthand_is_weapon_data_kept_as_written() -> None:
    lexicon = data()
    assert {"кар", "бр"} <= set(lexicon.concepts["missile"])
    assert {"кар", "бр", "пн", "пд", "сх", "зх"} <= set(lexicon.abbreviations)


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("КАР на Харків!", "UA-63"),
        ("Запоріжжя — КАР", "UA-23"),
        ("БР з півночі на Суми", "UA-59"),
        ("Кривий Ріг: БР з пд-сх", "UA-12"),
        ("Вихід БР на Київ", "UA-30"),
    ],
)
def test_kar_and_br_are_the_missile_report(detector, text, region) -> None:
    detection = detector.detect(post(text))
    assert detection.incident
    assert set(detection.types) == {"alert", "missile"}
    assert detection.regions == (region,)


def test_a_fast_target_named_by_its_adjective_is_a_short_line_missile(detector) -> None:
    assert data().short_line["швидкісна"] == "missile"
    for text, region in [("Київ швидкісна!", "UA-30"), ("Кропивницький — швидкісна", "UA-35")]:
        detection = detector.detect(post(text))
        assert detection.incident and set(detection.types) == {"alert", "missile"}
        assert detection.regions == (region,)
    # In a longer sentence the adjective is only an adjective.
    text = "Швидкісна залізниця до Львова запрацює з наступної весни"
    assert not detector.detect(post(text)).incident


@pytest.mark.parametrize(
    "text",
    [
        "Охтирка — мопеди з пн-сх на місто",
        "Кіровоградщина: крилаті ракети з пд на Кропивницький",
        "Миколаїв: ракета з пд",
    ],
)
def test_compass_shorthand_is_movement(detector, text) -> None:
    assert "з пн-сх" in data().concepts["movement"]
    detection = detector.detect(post(text))
    assert detection.incident and "alert" in detection.types


@pytest.mark.parametrize("text", ["ще 2 з пн-сх", "+1 зі сх", "курсом на пд-зх", "Ще 3 з пд"])
def test_a_follow_up_in_compass_shorthand_takes_the_place_it_follows(detector, text) -> None:
    assert {"пн", "сх", "зі"} <= data().followup_filler
    first, second = detect_stream(
        detector,
        [post("Харківщина: 2х БпЛА на Балаклію", id=1), post(text, id=2, minutes=4)],
    )
    assert first.incident and first.regions == ("UA-63",)
    assert second.incident and second.regions == ("UA-63",)
    assert set(second.types) == {"alert", "drone"}


def test_an_fpv_drone_on_something_is_its_hit(detector) -> None:
    detection = detector.detect(post("Червоногригорівка — FPV по авто"))
    assert detection.incident and {"drone", "strike"} <= set(detection.types)


def test_a_lift_denied_is_no_all_clear(detector) -> None:
    detection = detector.detect(
        post("Харків: гучно, працює ППО. Не виходьте з укриттів, загроза ще не минула.")
    )
    assert detection.incident and not detection.all_clear
    assert {"alert", "air_defense"} <= set(detection.types)
    lifted = detector.detect(post("Харківщина: загроза минула, відбій."))
    assert lifted.all_clear and not lifted.incident


@pytest.mark.parametrize(
    ("table", "text"),
    [
        # forecasts: a massive attack feared
        ("forecast", "Загроза масованого удару зберігається до ранку. Зарядіть павербанки."),
        ("forecast", "Ймовірна масована атака вночі. Підготуйте тривожну валізку."),
        # power cuts by the hour, ground fighting
        ("offtopic", "Через пошкодження енергетики діють графіки погодинних відключень."),
        ("offtopic", "На Куп'янському напрямку ворог здійснив 14 штурмів, всі відбиті"),
        # explainers and meetings
        ("promo", "Ігнат пояснив, чому КАР складно збивати: що відомо про Х-59"),
        ("politics", "Путін провів нараду щодо захисту НПЗ від ударів дронів"),
        # own forces at work, telling sounds apart
        ("drill", "Вибухи, які чули мешканці Чугуєва, — робота наших Сил оборони. Загрози немає."),
        ("rules", "Коли чуєте виходи — це працюють наші військові. Не плутайте з прильотами."),
        ("rules", "Друзі, ми не пишемо про роботу ППО в реальному часі з адресами."),
        # grid operators' abbreviations, blasting announced, Belarus
        ("offtopic", "Через наслідки атаки в області діють ГАВ. Бережіть світло"),
        ("drill", "У Чорнобаївській громаді тривають планові вибухові роботи, можливі гучні звуки"),
        ("abroad", "Лукашенко заявив, що білоруська ППО збила дрон над Гомелем"),
        # preparations, standing warnings, guidance for every alert, prices
        ("forecast", "Монітори фіксують підготовку до масованого удару. Будьте готові."),
        ("forecast", "Загроза залишається високою, тримайте телефон поруч і реагуйте на тривоги."),
        ("rules", "Після тривоги не підходьте до уламків ракет і дронів, телефонуйте 101."),
        ("offtopic", "Шахеди атакують Україну: скільки коштує один дрон і хто їх виробляє"),
    ],
)
def test_what_ukrainian_channels_post_besides_incidents(detector, table, text) -> None:
    assert detector.detect(post(text, channel="kharkivska_ova")).incident is False


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("Харків! Загроза КАР з північного сходу. Перебувайте в укриттях!", {"alert", "missile"}),
        ("Гучно в Харкові — це робота ППО, у небі ворожі дрони.", {"air_defense", "drone"}),
        ("Запоріжжя: два удари КАР по місту, є поранені.", {"missile", "strike", "casualties"}),
    ],
)
def test_reports_beside_those_words_still_count(detector, text, types) -> None:
    detection = detector.detect(post(text))
    assert detection.incident and types <= set(detection.types)


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("Гучно в Дніпрі — працює ППО по ворожих цілях", {"air_defense", "explosion"}),
        ("Куп'янськ — КАБи, гучно", {"strike", "explosion"}),
        ("У Тулі вночі було гучно: мешканці повідомляють про роботу ППО", {"explosion"}),
        ("Курск: работает ПВО, громко в районе КЗТЗ", {"air_defense", "explosion"}),
    ],
)
def test_a_sound_in_a_clause_of_its_own_is_heard(detector, text, types) -> None:
    assert {"вночі", "березі"} <= data().cue_filler
    detection = detector.detect(post(text))
    assert detection.incident and types <= set(detection.types)


@pytest.mark.parametrize(
    "text",
    [
        "Гучно відсвяткували Новий рік у Харкові, салют тривав до ранку",
        "Харківський оркестр гучно заявив про себе, виступивши у Києві",
    ],
)
def test_a_sound_word_inside_other_words_is_no_sound(detector, text) -> None:
    assert not detector.detect(post(text)).incident


@pytest.mark.parametrize(
    ("text", "region"),
    [("Нікополь — арта з Енергодара", "UA-12"), ("Херсон: обстріл з Олешок", "UA-65")],
)
def test_where_fire_comes_from_across_the_line_is_an_origin(detector, text, region) -> None:
    detection = detector.detect(post(text))
    assert detection.incident and detection.regions == (region,)


@pytest.mark.parametrize(
    ("text", "types", "region"),
    [
        ("Кременчук увага!", {"alert"}, "UA-53"),
        ("Харків, обережно!", {"alert"}, "UA-63"),
        ("Миргород — реактивний", {"alert", "drone"}, "UA-53"),
    ],
)
def test_a_danger_word_or_a_jet_drone_after_a_place_is_an_alert_line(
    detector, text, types, region
) -> None:
    assert data().short_line["реактивний"] == "drone"
    detection = detector.detect(post(text))
    assert detection.incident and set(detection.types) == types
    assert detection.regions == (region,)


@pytest.mark.parametrize(
    "text",
    ["Увага! Зміни в графіку руху тролейбусів", "Увага, Полтава! Завтра перекриють рух"],
)
def test_an_announcement_that_opens_with_a_danger_word_is_no_alert(detector, text) -> None:
    assert not detector.detect(post(text)).incident


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("На Нікопольщині обстріл з артилерії", "UA-12"),
        ("Куп'янщина — КАБи", "UA-63"),
        ("Ворог атакував Шосткинщину дронами", "UA-59"),
    ],
)
def test_a_raion_by_its_nickname_is_its_oblast(detector, text, region) -> None:
    detection = detector.detect(post(text))
    assert detection.incident and detection.regions == (region,)
