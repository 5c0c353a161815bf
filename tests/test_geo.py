"""Region outlines (bot/data/regions.geojson.gz) and the point that stands for a region."""

import gzip
import json
import math
import re
from pathlib import Path

import pytest

from bot import geo
from bot.detect.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parent.parent


def km(a, b):
    """Great-circle distance between two (lat, lon) points."""
    (lat1, lon1), (lat2, lon2) = (tuple(map(math.radians, p)) for p in (a, b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer.default()


def test_every_gazetteer_region_has_an_outline_and_the_file_is_compact(gazetteer):
    data = json.loads(gzip.decompress(geo.DATA_PATH.read_bytes()))
    codes = {feature["id"] for feature in data["features"]}
    known = {
        row[0]
        for row in json.loads(
            gzip.decompress((ROOT / "bot" / "data" / "gazetteer.json.gz").read_bytes())
        )["regions"]
    }
    assert codes == known
    assert geo.DATA_PATH.stat().st_size < 300_000
    assert set(geo.regions()) == known


def test_every_region_holds_its_capital(gazetteer):
    """Catches swapped or wrong codes (the source has Moscow city and oblast swapped)."""
    for code, region in geo.regions().items():
        info = gazetteer.region(code)
        if region.contains(info.lat, info.lon):
            continue
        # A coastal or border capital may fall just outside the simplified outline.
        nearest = geo._edge_distance(region.largest(), info.lon, info.lat)
        assert nearest < 0.1, f"{code}: capital {info.capital} is {nearest:.2f}° outside"
    assert geo.regions()["RU-MOW"].contains(55.7522, 37.6156)  # the Kremlin is in Moscow city
    assert not geo.regions()["RU-MOS"].contains(55.7522, 37.6156)


@pytest.mark.parametrize("code", sorted(geo.regions()))
def test_region_centre_lies_inside_its_region(code):
    lat, lon = geo.region_centre(code)
    assert geo.regions()[code].contains(lat, lon)


def test_kyiv_oblast_does_not_sit_on_kyiv_city(gazetteer):
    kyiv = (gazetteer.region("UA-30").lat, gazetteer.region("UA-30").lon)
    oblast = geo.region_centre("UA-32")
    assert not geo.regions()["UA-30"].contains(*oblast)
    assert km(oblast, kyiv) > 40
    # And a krai is placed at its middle, not at its capital on the edge.
    assert km(geo.region_centre("RU-KDA"), (45.035, 38.975)) > 50


def test_the_build_script_pins_its_source_and_the_data_is_credited():
    script = (ROOT / "scripts" / "build_regions.py").read_text(encoding="utf-8")
    assert re.search(r'SOURCE_SHA256 = "[0-9a-f]{64}"', script)
    credits = (ROOT / "bot" / "data" / "ATTRIBUTION.md").read_text(encoding="utf-8")
    assert "regions.geojson.gz" in credits and "Natural Earth" in credits
    assert "public domain" in credits.lower()


def test_unreadable_outlines_say_which_file(tmp_path):
    broken = tmp_path / "regions.geojson.gz"
    broken.write_bytes(b"not gzip")
    with pytest.raises(geo.GeoDataError, match=r"regions\.geojson\.gz"):
        geo.regions(broken)
