"""The villages of Belgorod, Kursk and Bryansk oblasts as their alert channels and governors
write them (session 12, villages12): a village the data lacks before its district in the
genitive («поселка Запесочье Погарского района»), a town named like a surname opening a
short line with no separator («Курчатов опасность БПЛА»). Found with
scripts/probe_places.py (``--cases --phrases --regions``) and in real border-channel archives;
every line here is written for the test."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.posts import post_maker

T0 = datetime(2027, 3, 4, 21, 0, tzinfo=UTC)
post = post_maker("border_villages_test", T0)


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
