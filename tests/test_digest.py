"""The daily digest: counts by region, kind and hour, the caption and the PNG chart."""

import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from bot.detect.gazetteer import Gazetteer
from bot.digest import (
    CAPTION_LIMIT,
    CHART_REGIONS,
    OTHER,
    PNG_SIGNATURE,
    chart_series,
    count_incidents,
    digest_chart,
    digest_text,
    regions_of,
)
from bot.models import Incident
from bot.subscriptions import gazetteer_region_name

NOW = datetime(2026, 11, 21, 5, 0, tzinfo=UTC)  # 08:00 in Moscow
MOSCOW = ZoneInfo("Europe/Moscow")


def incident(n, region, hours_ago, types=("drone",), review="pending"):
    first = NOW - timedelta(hours=hours_ago)
    return Incident(
        id=f"{region}-{n}",
        region=region,
        first_seen=first,
        last_seen=first + timedelta(minutes=20),
        types=types,
        review=review,
    )


INCIDENTS = [
    incident(1, "RU-BEL", 0.5, ("drone", "explosion")),
    incident(2, "RU-BEL", 2.2, ("missile",)),
    incident(3, "RU-BEL", 2.9, ("drone",)),
    incident(4, "RU-KDA", 2.5, ("drone", "air_defense")),
    incident(5, "UA-63", 23.5, ("strike", "fire")),
    incident(6, "RU-KRS", 24.5, ("drone",)),  # older than 24 h
    incident(7, "RU-BRY", 4.0, ("drone",), review="false_alarm"),
    incident(8, "RU-BRY", -0.5, ("drone",)),  # in the future: not yet
]


@pytest.fixture(scope="module")
def names():
    return gazetteer_region_name(Gazetteer.default())


def test_counts_by_region_type_and_hour():
    counts = count_incidents(INCIDENTS, NOW)
    assert counts.total == 5
    assert counts.by_region == (("RU-BEL", 3), ("RU-KDA", 1), ("UA-63", 1))
    assert dict(counts.by_type) == {
        "drone": 3,
        "missile": 1,
        "explosion": 1,
        "air_defense": 1,
        "strike": 1,
        "fire": 1,
    }
    hours = dict(counts.by_hour)
    assert len(hours["RU-BEL"]) == 24 and sum(hours["RU-BEL"]) == 3
    assert hours["RU-BEL"][23] == 1  # 0.5 h ago: the last hour
    assert hours["RU-BEL"][21] == 2  # 2.2 and 2.9 h ago
    assert hours["RU-KDA"][21] == 1
    assert hours["UA-63"][0] == 1  # 23.5 h ago: the first hour
    assert counts.turned_down == 1
    assert counts.hours[0] == NOW - timedelta(hours=24) and len(counts.hours) == 24


def test_counts_for_one_subscriber_by_region_and_kind():
    counts = count_incidents(INCIDENTS, NOW, regions={"RU-BEL"}, types={"missile"})
    assert counts.total == 1 and counts.by_region == (("RU-BEL", 1),)
    everything = count_incidents(INCIDENTS, NOW, regions={"*"})
    assert everything.total == 5
    assert regions_of([("RU-BEL", ""), ("RU-KDA", "Анапа")]) == {"RU-BEL", "RU-KDA"}
    assert regions_of([("*", "")]) is None and regions_of([]) is None


def test_small_regions_are_summed_as_other():
    many = [
        incident(i, region, 1 + i * 0.1)
        for i, region in enumerate(
            [
                "RU-BEL",
                "RU-KDA",
                "RU-KRS",
                "RU-BRY",
                "RU-VOR",
                "RU-ORL",
                "RU-ROS",
                "RU-TUL",
                "RU-KLU",
            ]
        )
    ]
    counts = count_incidents(many, NOW)
    series = chart_series(counts)
    assert len(series) == CHART_REGIONS + 1 and series[-1][0] == OTHER
    assert sum(sum(values) for _, values in series) == counts.total == 9
    assert sum(series[-1][1]) == 9 - CHART_REGIONS


def test_caption_in_both_languages(names):
    counts = count_incidents(INCIDENTS, NOW)
    ru = digest_text(counts, "ru", MOSCOW, names)
    assert "Всего инцидентов: <b>5</b>" in ru
    assert "Белгородская область — 3" in ru and "Харьковская область — 1" in ru
    assert "БПЛА — 3" in ru and "Отклонено модераторами: 1" in ru
    assert "21.11 08:00" in ru
    en = digest_text(counts, "en", MOSCOW, names)
    assert "Incidents: <b>5</b>" in en and "Belgorod Oblast — 3" in en and "Drones — 3" in en


def test_caption_fits_a_photo_caption(names):
    long_names = [incident(i, f"RU-X{i:02d}", 1) for i in range(80)]
    counts = count_incidents(long_names, NOW)
    caption = digest_text(counts, "ru", MOSCOW, lambda code, lang: "Очень длинное имя " + code)
    assert len(caption) <= CAPTION_LIMIT
    assert "… и ещё регионов" in caption


def test_empty_day(names):
    counts = count_incidents([], NOW)
    assert counts.total == 0
    assert "не было" in digest_text(counts, "ru", MOSCOW, names)


def test_chart_is_a_valid_png_of_the_requested_size(names):
    counts = count_incidents(INCIDENTS, NOW)
    png = digest_chart(counts, "ru", MOSCOW, names, size=(6, 3), dpi=80)
    assert png.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(png))
    image.verify()
    assert Image.open(io.BytesIO(png)).size == (480, 240)


def test_chart_of_an_empty_day_is_still_a_png(names):
    png = digest_chart(count_incidents([], NOW), "en", MOSCOW, names, size=(4, 2), dpi=50)
    assert Image.open(io.BytesIO(png)).format == "PNG"


def test_the_digest_speaks_ukrainian_to_ukrainian_subscribers():
    from bot.digest import _WORDS

    assert set(_WORDS["uk"]) == set(_WORDS["en"])
    assert "Зведення" in _WORDS["uk"]["title"]
