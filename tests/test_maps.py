"""The night on a map: what it counts, and a PNG drawn offline with readable Cyrillic."""

import io
import socket
import warnings
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from bot import maps
from bot.models import Incident, Place, Report

NOW = datetime(2026, 11, 21, 5, 0, tzinfo=UTC)
MOSCOW = ZoneInfo("Europe/Moscow")
ANAPA = Place("Анапа", "RU-KDA", 44.895, 37.316)
NOVOROSSIYSK = Place("Новороссийск", "RU-KDA", 44.724, 37.768)
KYIV = Place("Київ", "UA-30", 50.4547, 30.5238)


def report(n, places, minutes=0):
    return Report("shot_shot", n, NOW - timedelta(minutes=minutes), "", places=tuple(places))


def incident(n, region, reports, hours_ago=2, types=("drone",), review="pending"):
    first = NOW - timedelta(hours=hours_ago)
    return Incident(
        id=f"{region}-{n}",
        region=region,
        first_seen=first,
        last_seen=first + timedelta(minutes=30),
        types=types,
        reports=tuple(reports),
        review=review,
    )


INCIDENTS = [
    incident(1, "RU-KDA", [report(1, [ANAPA]), report(2, [ANAPA, NOVOROSSIYSK]), report(3, [])]),
    incident(2, "RU-KDA", [report(4, [ANAPA])], hours_ago=5, types=("missile",)),
    incident(3, "UA-30", [report(5, [KYIV])]),
    incident(4, "RU-BRY", [report(6, [])]),  # region only
    incident(5, "RU-KRS", [report(7, [])], review="false_alarm"),
    incident(6, "RU-BEL", [report(8, [])], hours_ago=30),  # before the span
]


def test_counts_regions_and_reports_per_settlement():
    data = maps.night_map(INCIDENTS, NOW - timedelta(hours=12), NOW)
    assert data.incidents == 4
    assert data.by_region == (("RU-KDA", 2), ("RU-BRY", 1), ("UA-30", 1))
    assert [(s.name, s.reports) for s in data.spots] == [
        ("Анапа", 3),
        ("Київ", 1),
        ("Новороссийск", 1),
    ]
    assert data.reports == 5


def test_limits_to_regions_and_kinds():
    data = maps.night_map(INCIDENTS, NOW - timedelta(hours=12), NOW, {"RU-KDA"}, ("missile",))
    assert data.by_region == (("RU-KDA", 1),) and [s.reports for s in data.spots] == [1]
    everything = maps.night_map(INCIDENTS, NOW - timedelta(hours=12), NOW, {"*"})
    assert everything.incidents == 4


@pytest.fixture
def offline(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the map must not touch the network")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.parametrize("lang", ["ru", "uk", "en"])
def test_renders_a_png_offline_with_every_glyph(lang, offline):
    data = maps.night_map(INCIDENTS, NOW - timedelta(hours=12), NOW)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font"
        png = maps.render_map(data, lang, MOSCOW)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.mode == "RGB"
    assert image.size == (1210, 935)
    # Shaded regions and dots: far more than the two colours of an empty frame.
    assert len(image.getcolors(maxcolors=100_000) or []) > 50
    assert len(png) < 400_000


def test_an_empty_span_still_draws_the_map():
    data = maps.night_map([], NOW - timedelta(hours=12), NOW)
    image = Image.open(io.BytesIO(maps.render_map(data, "ru", MOSCOW)))
    assert image.format == "PNG"
    assert maps.view_of(data) == maps.DEFAULT_VIEW


def test_the_view_is_european_by_default_and_widens_for_a_far_incident():
    near = maps.night_map(INCIDENTS, NOW - timedelta(hours=12), NOW)
    west, south, east, north = maps.view_of(near)
    assert (west, east, north) == (maps.DEFAULT_VIEW[0], maps.DEFAULT_VIEW[2], maps.DEFAULT_VIEW[3])
    assert maps.DEFAULT_VIEW[1] - 1 < south <= maps.DEFAULT_VIEW[1]  # Novorossiysk's margin
    far = maps.night_map(
        [incident(9, "RU-PRI", [report(9, [Place("Владивосток", "RU-PRI", 43.1, 131.9)])])],
        NOW - timedelta(hours=12),
        NOW,
    )
    west, south, east, north = maps.view_of(far)
    assert east > 131.9 and south < 43.1 and west == maps.DEFAULT_VIEW[0]


def test_caption_names_the_span_in_the_readers_zone_and_the_counts():
    data = maps.night_map(INCIDENTS, NOW - timedelta(hours=12), NOW)
    assert maps.map_caption(data, "ru", MOSCOW) == (
        "🗺 <b>Инциденты 20.11 20:00 – 21.11.2026 08:00 MSK</b>\n"
        "инцидентов: 4 · регионов: 3 · сообщений о нас. пунктах: 5"
    )
    assert maps.map_caption(data, "en", MOSCOW).startswith("🗺 <b>Incidents 20.11 20:00")
