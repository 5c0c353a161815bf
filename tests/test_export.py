"""Exports: a GeoJSON Feature per incident, region-level incidents at the region's visual
centre, closed_at never before last_seen, CSV that Excel reads."""

import csv
import io
import json
from datetime import UTC, datetime, timedelta

from bot.detect.gazetteer import Gazetteer
from bot.export import to_csv, to_geojson
from bot.incidents import Grouper
from bot.models import Detection, Incident, Place, Post, Report

NOW = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)
ODESA = Place("Одеса", "UA-51", 46.4857, 30.7438)
IZMAIL = Place("Ізмаїл", "UA-51", 45.3516, 28.8365)


def incident(region, places=(), **fields):
    reports = tuple(
        Report("odesa_news", n, NOW, "", places=(place,)) for n, place in enumerate(places, 1)
    ) or (Report("kyiv_region", 1, NOW, ""),)
    return Incident(
        id=f"{region}-20261121T0200",
        region=region,
        first_seen=NOW,
        last_seen=NOW,
        places=tuple(places),
        reports=reports,
        **fields,
    )


def test_one_feature_per_incident_with_every_place():
    collection = json.loads(to_geojson([incident("UA-51", (ODESA, IZMAIL)), incident("UA-32")]))
    odesa, kyiv_oblast = collection["features"]
    assert odesa["id"] == "UA-51-20261121T0200"
    assert odesa["geometry"] == {
        "type": "MultiPoint",
        "coordinates": [[30.7438, 46.4857], [28.8365, 45.3516]],
    }
    assert [p["name"] for p in odesa["properties"]["places"]] == ["Одеса", "Ізмаїл"]
    assert odesa["properties"]["located_by"] == "settlement"
    single = json.loads(to_geojson([incident("UA-51", (ODESA,))]))["features"][0]
    assert single["geometry"] == {"type": "Point", "coordinates": [30.7438, 46.4857]}
    assert kyiv_oblast["id"] == "UA-32-20261121T0200"


def test_a_region_level_incident_sits_at_the_region_centre_not_its_capital():
    feature = json.loads(to_geojson([incident("UA-32")]))["features"][0]
    lon, lat = feature["geometry"]["coordinates"]
    assert feature["properties"]["located_by"] == "region" and feature["properties"]["places"] == []
    kyiv = Gazetteer.default().region("UA-30")
    assert abs(lat - kyiv.lat) + abs(lon - kyiv.lon) > 0.5  # not on Kyiv city
    assert 49 < lat < 51.5 and 29 < lon < 32.5  # but in Kyiv oblast


def post(n, minutes, text):
    return Post("krd_alerts", n, NOW + timedelta(minutes=minutes), text)


def detection(n, **fields):
    return Detection(channel="krd_alerts", id=n, regions=("RU-KDA",), **fields)


def test_closed_at_is_never_before_the_last_report():
    """An alert, its all-clear, then news of the wave that joins the closed incident."""
    grouper = Grouper()
    grouper.add(post(1, 0, "Тревога"), detection(1, incident=True, types=("alert",)))
    grouper.add(post(2, 30, "Отбой"), detection(2, incident=False, all_clear=True))
    changes = grouper.add(
        post(3, 90, "Последствия атаки"), detection(3, incident=True, types=("damage",))
    )
    closed = changes[-1].incident
    assert closed.closed_at == closed.last_seen  # the grouper moves it up to the news
    feature = json.loads(to_geojson([closed]))["features"][0]["properties"]
    assert feature["closed_at"] == "2026-11-21T03:30:00Z" == feature["last_seen"]
    assert feature["all_clear_at"] == "2026-11-21T02:30:00Z"
    [row] = csv.DictReader(io.StringIO(to_csv([closed]).removeprefix("\ufeff")))
    assert row["closed_at"] >= row["last_seen"]


def test_csv_starts_with_a_byte_order_mark_for_excel():
    text = to_csv([incident("UA-51", (ODESA,))])
    assert text.startswith("\ufeffincident_id,")
    [row] = csv.DictReader(io.StringIO(text.encode("utf-8").decode("utf-8-sig")))
    assert row["place"] == "Одеса" and row["located_by"] == "settlement"
