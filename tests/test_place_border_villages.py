"""The villages of Belgorod, Kursk and Bryansk oblasts as their alert channels and governors
write them (session 12, villages12): a village the data lacks before its district in the
genitive («поселка Запесочье Погарского района»), a town named like a surname opening a
short line with no separator («Курчатов опасность БПЛА»), and villages named with several
words or in the plural in an oblique case («в Большом Змеинце», «над Летошниками»): the
villages file's forms of them (scripts/inflect.py). Found with scripts/probe_places.py
(``--cases --phrases --regions``) and in real border-channel archives; every line here is
written for the test."""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.posts import post_maker

T0 = datetime(2027, 3, 4, 21, 0, tzinfo=UTC)
post = post_maker("border_villages_test", T0)
ROOT = Path(__file__).resolve().parent.parent


def _inflect():
    spec = importlib.util.spec_from_file_location("inflect", ROOT / "scripts" / "inflect.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


INFLECT = _inflect()


def _found(gaz, text: str) -> list[tuple[str, str, str]]:
    return [(m.surface, m.place.region, m.place.kind) for m in gaz.find(text)]


# ------------------------------------------- a village the data lacks, before its district


@pytest.mark.parametrize(
    ("text", "village", "region"),
    [
        ("Минометный обстрел поселка Запесочье Погарского района", "Запесочье", "RU-BRY"),
        ("В селе Кучерово Глушковского р-на повреждены два дома", "Кучерово", "RU-KRS"),
        ("Дрон атаковал хутор Прилипки Суджанского района", "Прилипки", "RU-KRS"),
    ],
)
def test_an_unknown_village_before_its_district_in_the_genitive_is_in_that_district(
        gaz, text, village, region):
    found = _found(gaz, text)
    assert (village, region, "settlement") in found
    # the district is a place of its own, not the second word of the village's name
    assert any(kind == "district" and r == region for _, r, kind in found)


def test_a_governors_report_of_a_village_the_data_lacks_is_its_districts_region(detector):
    detection = detector.detect(post(
        "Украинские военные обстреляли из миномётов поселок Запесочье Погарского района. "
        "Повреждены кровли трёх домов, пострадавших нет."))
    assert detection.incident and detection.regions == ("RU-BRY",)


def test_an_unknown_village_of_two_words_still_takes_its_second_word(gaz):
    for text in ("Обстрел села Пупкиновка Дальняя, Белгородский район",
                 "Обстрел села Пупкиновка Дальняя Белгородского района"):
        assert ("Пупкиновка Дальняя", "RU-BEL", "settlement") in _found(gaz, text)


# ------------------------------------------ a town named like a surname opening a short line


@pytest.mark.parametrize(
    ("text", "town", "region"),
    [
        ("Курчатов опасность БПЛА", "Курчатов", "RU-KRS"),
        ("Курчатов сбитие ракет", "Курчатов", "RU-KRS"),
        ("Дмитриев опасность по БПЛА", "Дмитриев", "RU-KRS"),
        ("Губкин опасность БПЛА", "Губкин", "RU-BEL"),
        ("Бобров взрывы", "Бобров", "RU-VOR"),
    ],
)
def test_a_town_named_like_a_surname_opens_its_short_alert_line(gaz, text, town, region):
    assert _found(gaz, text) == [(town, region, "settlement")]


def test_a_multi_region_channels_line_of_a_surname_town_is_that_towns_region(detector):
    detection = detector.detect(post("Курчатов опасность БПЛА"))
    assert detection.incident and detection.regions == ("RU-KRS",)


@pytest.mark.parametrize(
    "text",
    [
        "Песков заявил о ракетной опасности",  # a verb: the man speaks
        "Пушкин громко читал стихи",
        "Курчатов работает над реактором",
        "Медведев опасность",  # no town of that name
    ],
)
def test_a_surname_before_a_verb_or_with_no_town_stays_a_person(gaz, text):
    assert _found(gaz, text) == []


# ------------------------------- names of several words and in the plural in oblique cases


def test_the_words_of_a_name_with_an_unknown_word_decline_in_the_same_case():
    forms = INFLECT.name_forms("Большой Змеинец", "ru")
    assert {"большом змеинце", "большого змеинца", "большим змеинцом"} <= forms
    assert "большой змеинца" not in forms  # the adjective in one case, the noun in another
    forms = INFLECT.name_forms("Стеклянная Радица", "ru")
    assert {"стеклянной радицы", "стеклянной радице", "стеклянную радицу"} <= forms
    assert "стеклянная радицу" not in forms
    # Ukrainian too
    assert "бастовою руднею" in INFLECT.name_forms("Бастова Рудня", "uk")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Летошники", {"летошников", "летошникам", "летошниками", "летошниках"}),
        ("Павлинки", {"павлинок", "павлинкам", "павлинками", "павлинках"}),
        ("Выгоничи", {"выгоничей", "выгоничам", "выгоничами", "выгоничах"}),
        ("Абросимовцы", {"абросимовцев", "абросимовцам"}),
    ],
)
def test_a_name_in_the_plural_has_its_oblique_forms(name, expected):
    assert expected <= INFLECT.name_forms(name, "ru")


def test_a_known_word_keeps_its_dictionary_forms():
    # the rules are only for words the dictionary does not know
    assert "горішніми плавнями" in INFLECT.name_forms("Горішні Плавні", "uk")
    assert "старого оскола" in INFLECT.name_forms("Старый Оскол", "ru")


@pytest.mark.parametrize(
    ("text", "village", "region"),
    [
        # a channel of several regions: only the village's own forms can place these lines
        ("Над Летошниками сбиты два беспилотника", "Летошники", "RU-BRY"),
        ("ВСУ нанесли ракетный удар по Стеклянной Радице", "Стеклянная Радица", "RU-BRY"),
        ("В Большом Змеинце дрон ударил по жилому дому", "Большой Змеинец", "RU-KRS"),
        ("Над Русским Поречным работает ПВО", "Русское Поречное", "RU-KRS"),
        ("Обстрел Большого Городища продолжается", "Большое Городище", "RU-BEL"),
    ],
)
def test_a_border_village_in_an_oblique_case_is_found_with_its_region(
        gaz, detector, text, village, region):
    assert [(m.place.name, m.place.region) for m in gaz.find(text)] == [(village, region)]
    detection = detector.detect(post(text))
    assert detection.incident and detection.regions == (region,)


# ---------------------------------------- what the plural forms found: a quarrel is no fire


def test_a_quarrel_that_flares_up_is_no_fire(detector):
    # noise.toml [crime]: «вспыхнул конфликт»; the plural forms now find «в Шушарах», so the
    # fight's «вспыхнул» would have been a fire there
    detection = detector.detect(post(
        "Между двумя компаниями, собравшимися возле бара в Шушарах, вспыхнул конфликт. Ссора "
        "переросла в драку, местного жителя ранили ножом."))
    assert not detection.incident
    detection = detector.detect(post("На складе в Шушарах вспыхнул пожар после атаки БПЛА"))
    assert detection.incident and "fire" in detection.types
    assert detection.regions == ("RU-SPE",)
