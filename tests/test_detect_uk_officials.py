"""Error classes found by running detection over real posts of Ukrainian oblast and city
military administrations, the emergency service, the police, regional prosecutors and regional
news (session 11: day summaries of hit settlements and hromadas, casualty counts, damage
lists, fires after strikes, and what such channels post that is no incident: aid, rebuilding,
memorials, thanks). A test per class and per entry kind of the data added for them; every post
here is written for the test."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime

import pytest

from bot.detect.classify import analyse
from bot.detect.lexicon import LEXICON_DIR
from tests.posts import post_maker, stream_maker

T0 = datetime(2027, 1, 25, 7, 0, tzinfo=UTC)
post = post_maker("oblast_head_o11_test", T0)
stream = stream_maker(post, step=30)


def _table(file: str, table: str) -> list[str]:
    with (LEXICON_DIR / file).open("rb") as handle:
        return list(tomllib.load(handle)[table]["words"])


# ------------------------------------------------ weapons named in a report told after


def test_an_oblast_heads_tally_of_weapons_is_what_struck_not_a_sighting(detector):
    detection = detector.detect(post(
        "За добу ворог атакував Чугуїв та ще 9 населених пунктів області. У м. Чугуїв "
        "поранено 52-річну жінку; у с. Кочеток постраждав чоловік 70 років.\n"
        "Протягом доби по області вдарило таке озброєння:\n"
        "▪️три КАБ;\n"
        "▪️сім БпЛА типу «Герань-2»;\n"
        "▪️два fpv-дрони.\n"
        "У Чугуївському районі пошкоджено приватні будинки та автомобіль."
    ))
    assert detection.incident and detection.regions == ("UA-63",)
    assert "drone" in detection.types and "alert" not in detection.types
    assert {"strike", "casualties", "damage"} <= set(detection.types)


def test_drones_sent_at_the_oblast_in_a_morning_report_are_no_alert(detector):
    detection = detector.detect(post(
        "Вночі ворог спрямував на Дніпропетровщину безпілотники. П'ять із них знищили "
        "захисники неба. Але без наслідків не обійшлося: у Павлоградському районі "
        "пошкоджено склад, виникла пожежа, яку вже приборкали рятувальники. Люди не "
        "постраждали."
    ))
    assert detection.incident and detection.regions == ("UA-12",)
    assert "alert" not in detection.types
    assert {"drone", "air_defense", "fire", "damage"} <= set(detection.types)


def test_a_weapon_alone_on_a_monitors_short_line_is_still_sighted(detector):
    assert set(detector.detect(post("Мерефа — шахед")).types) == {"alert", "drone"}


def test_a_monitors_heading_over_targets_still_flying_keeps_its_alert(detector):
    detection = detector.detect(post(
        "по крилатих мінус, всі збиті\n\n"
        "залишок по шахедах:\n\n"
        "4 з Полтавщини летять до Миргорода\n\n"
        "3 курсом на Кременчук, ще буде гучно\n\n"
        "2 західніше Лубен"
    ))
    assert detection.incident and "alert" in detection.types


# ------------------------------------------------ a list of birth years is no past year


def test_the_years_a_birth_mark_closes_are_no_past_event(detector):
    detection = detector.detect(post(
        "Внаслідок ранкового обстрілу села Куцурубської громади загинули чоловік та жінка "
        "1969 та 1972 р.н. Ще одна людина поранена."
    ))
    assert detection.incident and set(detection.types) == {"strike", "casualties"}
    assert detection.regions == ("UA-48",)
    assert analyse("Пенсіонери 1951, 1953 і 1958 років народження загинули внаслідок "
                   "обстрілу.", "uk", post_year=2027).sentences[0].ignored_because is None


# ------------------------------------------------ the enemy as the doer of harm


def test_the_enemy_killing_people_is_an_incident_without_a_weapon(detector):
    detection = detector.detect(post(
        "За 24 січня росіяни вбили двох жителів Донеччини — у Костянтинівці та Дружківці. "
        "Ще 5 людей в області за добу дістали поранення."
    ))
    assert detection.incident and detection.types == ("casualties",)
    assert detection.regions == ("UA-14",)


@pytest.mark.parametrize("phrase", _table("events.toml", "enemy"))
def test_each_enemy_phrase_is_read(phrase):
    # Each entry of events.toml's `enemy`, beside people hurt, is the war's harm.
    text = f"У Херсоні {phrase} та ще 3 людей поранено."
    assert analyse(text, "ru" if phrase.startswith(("всу", "оккупанты")) else "uk").war_harm


@pytest.mark.parametrize(
    "text",
    [
        # Homes that «постраждали» are property, not people: aid is handed out days after.
        "Будматеріали розподілять між жителями, чиї оселі постраждали через російську агресію.",
        # The enemy hurt is no doer.
        "Перехоплення: окупант розповідає про 15 поранених і одного загиблого зі своєї роти.",
        # The war's toll so far is history.
        "Загальна кількість жертв росіян на Донеччині з початку вторгнення — 3500 загиблих.",
    ],
)
def test_harm_that_is_not_the_enemys_doing_now_is_no_incident(detector, text):
    assert not detector.detect(post(text)).incident


# ------------------------------------------------ the rescuers' working conditions


@pytest.mark.parametrize("phrase", _table("context.toml", "risk"))
def test_a_threat_of_repeated_strikes_at_the_scene_is_no_alert(detector, phrase):
    lang = "ru" if phrase.startswith(("угроза", "работ")) else "uk"
    analysis = analyse(f"Пожежу гасили, {phrase}.", lang)
    assert "alert" not in analysis.types and "fire" in analysis.types
    # Strikes repeated are strikes that did happen; work «під обстрілами» tells none.
    assert ("strike" in analysis.types) == ("повтор" in phrase)


def test_the_rescuers_fire_after_a_strike_keeps_fire_and_strike(detector):
    detection = detector.detect(post(
        "У Костянтинівці ворожий безпілотник поцілив у приватний будинок, загорілася "
        "покрівля. Рятувальники ліквідували пожежу, працюючи в умовах постійної загрози "
        "повторних ударів. Люди не постраждали."
    ))
    assert set(detection.types) == {"drone", "strike", "fire"}
    assert detection.regions == ("UA-14",)


# ------------------------------------------------ what fired at a town


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("За даними слідства, вранці окупанти обстріляли с. Вільхуватка. Пошкоджено "
         "будівлю школи. За попередніми даними, ворог бив по селу з танка.", "UA-63"),
        ("Увечері відбувся обстріл Миропільської громади з позицій ворога на території "
         "Росії. Пошкоджено дві господарські будівлі.", "UA-59"),
    ],
)
def test_a_tank_or_enemy_positions_firing_at_a_town_are_shelling(detector, text, region):
    detection = detector.detect(post(text))
    assert detection.incident and "strike" in detection.types
    assert detection.regions == (region,)


def test_a_units_video_of_a_tank_hit_stays_the_front(detector):
    text = "Оператори батальйону знищили ворожий танк і бліндаж з піхотою. Відео у коментарях."
    assert not detector.detect(post(text)).incident


# ------------------------------------------------ the officials' words of damage and harm


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Потужні вибухи в Миколаєві. В одному з районів зруйнований магазин.", "damage"),
        ("Ворог атакував село Великописарівської громади, сталася руйнація складу.", "damage"),
        ("Після вибухів у Херсоні у двох будинках вибиті вікна.", "damage"),
        ("Обстріл Покровської громади: потрощений заклад освіти.", "damage"),
        ("Обстріл Боромлі: травмувався 40-річний чоловік.", "casualties"),
    ],
)
def test_the_officials_words_of_damage_and_harm(detector, text, kind):
    detection = detector.detect(post(text))
    assert detection.incident and kind in detection.types


def test_a_strike_on_a_holiday_is_no_show(detector):
    detection = detector.detect(post(
        "Суми. У святковий день ворог завдав ракетного удару по центру міста. Є поранені."
    ))
    assert detection.incident and {"missile", "strike", "casualties"} <= set(detection.types)
    assert not detector.detect(post("Святкові феєрверки на площі о 19:00.")).incident


# ------------------------------------------------ what such channels post that is no incident


@pytest.mark.parametrize(
    "text",
    [
        # A storm's blow.
        "Негода: найбільший удар стихії прийняла Одеська область, знеструмлено 200 сіл.",
        # Aid and rebuilding, days after.
        "Постраждалі від ракетного удару по Полтаві отримали гуманітарну допомогу.",
        "Обласний гуманітарний штаб передав для Снігурівки 10 кубометрів дошки.",
        "У Чернігові продовжують відновлювати житло, пошкоджене ракетним ударом.",
        "Оновлено норми управління відходами руйнації та вимоги до укриттів.",
        # The years since.
        "Сегодня — 30 лет как из танков расстреляли здание в центре Москвы.",
    ],
)
def test_aid_rebuilding_storms_and_anniversaries_are_no_incident(detector, text):
    assert not detector.detect(post(text)).incident


def test_a_strike_on_an_aid_point_is_a_strike(detector):
    detection = detector.detect(post(
        "Ворог завдав удару по пункту видачі гуманітарної допомоги в Херсоні, є поранені."
    ))
    assert detection.incident and {"strike", "casualties"} <= set(detection.types)


def test_a_warehouse_of_building_materials_on_fire_is_a_fire(detector):
    detection = detector.detect(post("У Кременчуці горить склад будівельних матеріалів."))
    assert detection.incident and detection.types == ("fire",)


def test_an_official_day_in_a_stream_keeps_its_places_and_types(detector):
    night = stream(
        detector,
        "Протягом доби ворог 214 разів атакував 9 населених пунктів Запорізької області. "
        "Поранено жінку 64 років у Запорізькому районі.",
        "Рятувальники ліквідували пожежу в приватному будинку в Степногірську, яка виникла "
        "внаслідок обстрілу, працюючи під загрозою повторного обстрілу.",
        "Запоріжці, дякуємо рятувальникам за їхню роботу! Сьогодні відзначили кращих.",
    )
    assert [d.incident for d in night] == [True, True, False]
    assert night[0].regions == ("UA-23",) and night[1].regions == ("UA-23",)
    assert set(night[1].types) == {"strike", "fire"}
