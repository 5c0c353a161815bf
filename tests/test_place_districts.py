"""The right region on real channels: a course does not hide the post's districts, a launch
site is not where the incident is, and districts, village plurals and the parts of big cities
channels name (bot/data/place_shorthand.txt, bot/data/city_quarters.txt)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.detect import Detector
from bot.detect.context import ChannelProfile, DetectContext
from bot.detect.gazetteer import Gazetteer
from tests.posts import post_maker

post = post_maker("radar_probe", datetime(2026, 11, 20, 22, 0, tzinfo=UTC))


def places(gaz: Gazetteer, text: str, home: str | None = None) -> dict[str, str]:
    return {m.surface: m.place.region for m in gaz.find(text, home)}


def regions(detector: Detector, text: str, home: str | None = None) -> list[str]:
    profile = ChannelProfile("radar_probe", home_regions=(home,) if home else (), kind="alerts")
    found = detector.detect(post(text), DetectContext(profile=profile))
    assert found.incident, text
    return sorted(found.regions)


# -- a course names where it goes, not where the post's districts are -------------------------


@pytest.mark.parametrize(
    ("text", "district", "region"),
    [
        ("БПЛА над Суземским районом курсом на Орловскую область", "Суземским районом",
         "RU-BRY"),
        ("Дроны в Хомутовском районе курсом на Орловскую область", "Хомутовском районе",
         "RU-KRS"),
        ("Группа БПЛА в сторону Брянской области через Глушковский район", "Глушковский район",
         "RU-KRS"),
    ],
)
def test_a_region_named_as_a_course_keeps_the_districts_of_other_regions(
    gaz, text, district, region
):
    assert places(gaz, text)[district] == region


def test_a_region_the_post_is_about_still_drops_a_district_named_after_a_town_elsewhere(gaz):
    """«Хомутовский» is named after Kursk oblast's Хомутовка: a post that says its district
    is in Orel oblast (not only heading there) names no Kursk district."""
    assert places(gaz, "Дроны в Хомутовском районе, Орловская область") == {
        "Орловская область": "RU-ORL"}


def test_the_incident_has_both_regions_when_the_district_is_on_the_way(detector):
    assert regions(detector, "БПЛА над Суземским районом курсом на Орловскую область") == [
        "RU-BRY", "RU-ORL"]


# -- a launch site is where it came from ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the Air Force's formula: the bombs are launched in Russia, the alert is for Sumy
        ("Пуски КАБів з Курської області на Сумщину", ["UA-59"]),
        ("Пуски від Армавіра, шахеди курсом на Запоріжжя", ["UA-23"]),
        ("Пуски шахедов из Брянской области. Курск — опасность БПЛА", ["RU-KRS"]),
        ("Запуски дронов от Армавира. Опасность БПЛА в Краснодаре", ["RU-KDA"]),
        # a list of launch areas after «з»: every region of it, whatever noun follows
        ("Вночі ворог атакував 45 БпЛА з Курської та Брянської областей. Уламки впали в Сумах",
         ["UA-59"]),
    ],
)
def test_a_launch_site_is_not_the_incidents_region_when_the_post_names_another(
    detector, text, expected
):
    assert regions(detector, text) == expected


def test_a_launch_site_alone_is_still_where_the_post_puts_it(detector):
    """With no other place, a launch report is placed at the launch («Запуски дронов с
    Приморско-Ахтарска»): the one place the post gives."""
    assert regions(detector, "Запуски дронов с Приморско-Ахтарска") == ["RU-KDA"]


# -- one file for one kind of knowledge --------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Красное — Погарский р-н, опасность БПЛА",
        "Красное, Погарский г.о., опасность БПЛА",  # «г.о.»: two tokens, places.toml only
        "Красное, Погарский МО — опасность БПЛА",
        "Красное, Погарский район — опасность БПЛА",
    ],
)
def test_a_district_written_next_to_a_village_reads_places_toml_nouns(gaz, text):
    """«Красное» is an everyday word too: the district next to it, by any noun or
    abbreviation of places.toml, says it is Bryansk oblast's village."""
    assert places(gaz, text)["Красное"] == "RU-BRY"


def test_the_shorthand_file_holds_no_district_nouns(tmp_path):
    from bot.detect.place_data import PlaceDataError, load

    shorthand = tmp_path / "place_shorthand.txt"
    shorthand.write_text("noun | р-н\n", encoding="utf-8")
    with pytest.raises(PlaceDataError, match=r"places\.toml"):
        load(shorthand=shorthand)
