"""Alert lines of the border regions naming villages that have namesakes elsewhere, with the
district written the channels' way: each must resolve to its own region.

The lines (tests/data/place_alerts.jsonl) are written for this project in the style of the
governors', ОВА and alert channels; the villages and districts are real (from the villages
file), the events are not.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from bot.detect.normalize import normalize

DATA = Path(__file__).parent / "data" / "place_alerts.jsonl"
BORDER_REGIONS = ("RU-BEL", "RU-KRS", "RU-BRY", "UA-23", "UA-14", "UA-65", "UA-59", "UA-63")
LINES = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]



def test_every_border_region_has_thirty_lines():
    counts = Counter(line["region"] for line in LINES)
    assert {region: counts[region] >= 30 for region in BORDER_REGIONS} == dict.fromkeys(
        BORDER_REGIONS, True
    )


def test_every_village_has_a_namesake_in_another_region(gaz):
    for line in LINES:
        key = normalize(line["place"])
        regions = {v.region for v in gaz._villages.lookup(key)}
        regions |= {gaz._places[c // 16].region for c in gaz._forms.get(key, ())}
        assert regions - {line["region"]}, line["place"]


@pytest.mark.parametrize("line", LINES, ids=[f'{x["region"]}:{x["place"]}' for x in LINES])
def test_the_village_resolves_to_its_region(gaz, line):
    mentions = gaz.find(line["text"])
    village = [m for m in mentions if m.place.kind == "settlement"]
    assert village, line["text"]
    assert (village[0].place.name, village[0].place.region) == (
        village[0].place.name, line["region"]
    ), (line["text"], village[0].evidence, village[0].candidates[:5])
