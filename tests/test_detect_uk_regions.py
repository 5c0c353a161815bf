"""Ukrainian channels of kinds the dev set lacked (the navy, the Danube ports, the western
oblasts, front-line city administrations, Sumy oblast's towns, Kyiv oblast, the metro, radio
and wire flash lines, the General Staff): what detection missed or misread on them. A test per
entry kind of the data added for them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.detect.lexicon import data
from bot.detect.place_data import key_of, place_data
from bot.detect.place_words import place_words
from bot.detect.profiles import detect_stream
from tests.posts import post_maker

T0 = datetime(2026, 12, 20, 18, 0, tzinfo=UTC)


post = post_maker("oblast_x", T0)



# ---------------------------------------------------------------- a promotion's «Тривога!»


@pytest.mark.parametrize(
    "text",
    [
        "Тривога! Хочете знати про загрози першими? Підписуйтесь на наш резервний канал 👇",
        "Тривога! Підписуйтесь на нас у вайбері, щоб першими знати про відбій.",
        "Увага! Підписуйтесь на офіційний канал Волинської ОВА.",
    ],
)
def test_an_alert_word_that_opens_a_promotion_is_its_hook(detector, text):
    detection = detector.detect(post(text))
    assert not detection.incident


def test_an_alert_beside_a_promotion_that_reports_more_stays_an_alert(detector):
    detection = detector.detect(post("Тривога! Ракети на Луцьк. Підписуйтесь на канал"))
    assert detection.incident and {"alert", "missile"} <= set(detection.types)
    assert detection.regions == ("UA-07",)
    # «Тривога!» alone is still an alert (of the channel's region, when it has one).
    assert detector.detect(post("Тривога! Волинь — в укриття")).incident


# ---------------------------------------------------------------- debris with no report before


def test_the_officials_debris_formula_needs_no_earlier_report(detector):
    assert "падіння уламків" in data().concepts["aerial_debris"]
    detection = detector.detect(
        post(
            "У Луцькому районі зафіксовано падіння уламків. Пошкоджено дах господарської "
            "будівлі, люди не постраждали."
        )
    )
    assert detection.incident and detection.types == ("damage",)
    assert detection.regions == ("UA-07",)


def test_debris_of_something_shot_down_is_air_defence_where_it_fell(detector):
    detection = detector.detect(
        post("Обухівський район: уламки збитої цілі впали на недобудову, без постраждалих.")
    )
    assert detection.incident and detection.types == ("air_defense",)
    assert detection.regions == ("UA-32",)


def test_debris_of_something_shot_down_after_an_unarmed_report_is_still_air_defence(detector):
    *_, debris = detect_stream(
        detector,
        [
            post("Бровари — працює ППО, залишайтеся в укриттях", id=1, channel="hromady"),
            post(
                "Обухівський район: уламки збитої цілі впали на недобудову.",
                id=2, channel="hromady", minutes=60,
            ),
        ],
    )
    assert debris.incident and "air_defense" in debris.types
    assert debris.regions == ("UA-32",)


@pytest.mark.parametrize(
    "text",
    [
        # Everyday debris stays none without a report before it.
        "Ночью в Ельце обрушился балкон старого дома, обломки упали на машину. Никто не пострадал.",
        # The formula with no place and no channel region says nothing.
        "Зафіксовано падіння уламків, пошкоджено паркан.",
        # Nothing but the fall: no harm, nothing shot down named.
        "Зафіксовано падіння уламків у Дарницькому районі",
    ],
)
def test_debris_that_says_nothing_more_stays_none(detector, text):
    assert not detector.detect(post(text, channel="nowhere")).incident


# ---------------------------------------------------------------- places: nicknames, stations


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Ворог атакував Запоріжжину дронами: пошкоджено інфраструктуру", "UA-23"),
        ("На Запоріжчині за добу 412 ударів по 15 населених пунктах", "UA-23"),
        ("Старкон — 3 мопеди з півночі", "UA-68"),
        ("Старкон гучно", "UA-68"),
        ("Кам'янець — мопед низько", "UA-68"),
    ],
)
def test_a_region_or_town_nickname_is_its_region(detector, text, region):
    shorthand = place_data().regions
    assert key_of("Запоріжжина") in shorthand and key_of("Старкон") in shorthand
    detection = detector.detect(post(text, channel="nowhere"))
    assert detection.incident and detection.regions == (region,)


def test_galicia_names_its_three_oblasts(gaz):
    regions = {m.place.region for m in gaz.find("масована атака на Галичину")}
    assert regions == {"UA-46", "UA-26", "UA-61"}


def test_a_metro_station_named_after_a_place_is_a_station(gaz, detector):
    assert "станції" in place_words().street_words
    text = "Через повітряну тривогу станції «Дніпро», «Гідропарк» і «Лівобережна» зачинені."
    assert gaz.find(text) == []
    # The metro's signature names the city, not the oblast the adjective alone would be.
    signed = "\n\n🚇 Київський метрополітен"
    detections = list(
        detect_stream(
            detector,
            [post(f"{t}{signed}", id=i, channel="metro", minutes=i * 30) for i, t in enumerate(
                [
                    "Повітряна тривога! Поїзди не курсують наземними ділянками.",
                    "Відбій тривоги. Рух поїздів відновлено.",
                    "Графік роботи метро у святкові дні: з 06:00 до 00:00.",
                    text,
                    "Відбій. Наземні станції знову відкриті.",
                ],
                start=1,
            )],
        )
    )
    alert, all_clear, schedule, closed, reopened = detections
    assert alert.incident and alert.regions == ("UA-30",)
    assert all_clear.all_clear and all_clear.regions == ("UA-30",)
    assert not schedule.incident
    assert closed.incident and closed.regions == ("UA-30",)
    assert reopened.all_clear and reopened.regions == ("UA-30",)


# ---------------------------------------------------------------- abroad, strikes, politics


@pytest.mark.parametrize(
    "text",
    [
        "Румунська сторона повідомила про падіння уламків дрона поблизу Плаура. На нашому "
        "березі наслідків немає.",
        "Угорщина посилила охорону кордону після падіння дрона.",
        "Румунія: у повіті Тулча знову лунала сирена, людей просять бути в укриттях",
    ],
)
def test_an_event_across_the_danube_or_the_western_border_is_abroad(detector, text):
    assert {"румунський", "угорщина", "тулча"} <= set(data().concepts["abroad"])
    assert not detector.detect(post(text, channel="izmail_rva")).incident


def test_the_general_staffs_confirmed_hit_is_a_strike_there(detector):
    assert "ураження" in data().concepts["strike"]
    detection = detector.detect(
        post(
            "Підтверджено ураження НПЗ у Новокуйбишевську Самарської області: пошкоджено "
            "установку первинної переробки нафти.",
            channel="genshtab",
        )
    )
    assert detection.incident and {"strike", "damage"} <= set(detection.types)
    assert detection.regions == ("RU-SAM",)
    # «засоби ураження» stays the Air Force's threat formula.
    threat = detector.detect(post("Вінниччина — загроза застосування засобів ураження!"))
    assert threat.incident and threat.types == ("alert",)


def test_strikes_promised_from_now_on_are_a_statement(detector):
    assert "надалі" in data().concepts["politics"]
    text = "Сили оборони й надалі завдаватимуть ударів по військових об'єктах агресора."
    assert not detector.detect(post(text, channel="genshtab")).incident


# ---------------------------------------------------------------- the front, harm by reply


@pytest.mark.parametrize(
    "text",
    [
        "Сили оборони відбили 23 атаки на Покровському напрямку за добу.",
        "На Куп'янському напрямку відбито 14 атак противника.",
    ],
)
def test_ground_attacks_repelled_on_a_front_sector_are_the_ground_fighting(detector, text):
    assert not detector.detect(post(text, channel="front_news")).incident


def test_air_defence_repelling_an_attack_stays_a_report(detector):
    detection = detector.detect(post("ППО відбила атаку шахедів на Покровському напрямку"))
    assert detection.incident and "air_defense" in detection.types


def test_damage_told_in_a_reply_to_a_hit_is_that_hits_harm(detector):
    hit, damage = detect_stream(
        detector,
        [
            post("Суми — вибух у Зарічному районі, попередньо приліт", id=1, channel="sumy"),
            post("Пошкоджено два приватні будинки, без постраждалих", id=2, channel="sumy",
                 minutes=25, reply_to=1),
        ],
    )
    assert hit.incident and hit.regions == ("UA-59",)
    assert damage.incident and damage.types == ("damage",) and damage.regions == ("UA-59",)


def test_damage_alone_that_replies_to_nothing_is_none(detector):
    *_, damage = detect_stream(
        detector,
        [
            post("Суми — вибух у Зарічному районі, попередньо приліт", id=1, channel="sumy"),
            post("Пошкоджено два приватні будинки", id=2, channel="sumy", minutes=25),
        ],
    )
    assert not damage.incident


# ---------------------------------------------------------------- bombers, satellite images


@pytest.mark.parametrize(
    "text",
    [
        "Зліт Ту-95МС з аеродрому Оленья, можливі пуски крилатих ракет за 2–3 години",
        "Зліт Ту-22М3 з Шайківки",
    ],
)
def test_a_bombers_take_off_is_a_warning_not_an_alert(detector, text):
    assert "зліт ту" in data().concepts["forecast"]
    assert "зліт ту" not in data().concepts["alert"]
    detection = detector.detect(post(f"{text}\n\n📡 Радар Чернігівщини", channel="radar_cn"))
    assert not detection.incident


def test_a_mig_taking_off_and_launches_stay_alerts(detector):
    assert detector.detect(post("Київ — зліт МіГ-31К, тривога")).incident
    launches = detector.detect(post("Чернігівщина — пуски КР з Ту-95! Тривога"))
    assert launches.incident and {"alert", "missile"} <= set(launches.types)


@pytest.mark.parametrize(
    "text",
    [
        "Нові супутникові знімки аеродрому Енгельс: видно два знищені Ту-95 після удару.",
        "Знімки Maxar підтверджують: нафтобаза у Феодосії досі горить третю добу.",
    ],
)
def test_satellite_images_tell_of_a_strike_past(detector, text):
    assert "супутникові знімки" in data().concepts["history"]
    assert not detector.detect(post(text, channel="osint")).incident


def test_a_drone_moving_on_a_town_is_an_alert_even_beside_a_correction(detector):
    assert {"рухатися", "двигаться"} <= set(data().concepts["movement"])
    detection = detector.detect(post("Виправлення: БпЛА рухається на Суми, а не на Ромни"))
    assert detection.incident and {"alert", "drone"} <= set(detection.types)
    assert detection.regions == ("UA-59",)
    assert not detector.detect(post("Поїзди рухаються за графіком")).incident
