"""Hand-written cases (tests/data/detect_cases.jsonl) through the whole Detector.

Each line is a Post plus "expect": the fields of the Detection to check. "types" and
"regions" are compared as sets; "sources" must all be present.
"""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.detect import Detector, detect
from bot.evaluate import post_from_json
from bot.models import INCIDENT_TYPES, Detection, Post

CASES = [
    json.loads(line)
    for line in (Path(__file__).parent / "data" / "detect_cases.jsonl")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip()
]
HOME_REGIONS = {"gov_kursk": "RU-KRS"}


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(home_regions=HOME_REGIONS)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['id']}-{c['text'][:30]}")
def test_case(detector: Detector, case: dict) -> None:
    detection = detector.detect(post_from_json(case))
    expect = case["expect"]
    assert detection.incident is expect["incident"], detection.matched
    if "types" in expect:
        assert set(detection.types) == set(expect["types"])
    if "regions" in expect:
        assert set(detection.regions) == set(expect["regions"])
    assert detection.all_clear is expect.get("all_clear", False)
    if "lang" in expect:
        assert detection.lang == expect["lang"]
    if "status" in expect:
        assert detection.status == expect["status"]
    for source in expect.get("sources", ()):
        assert source in detection.sources


def post(text: str, channel: str = "somechannel") -> Post:
    return Post(channel=channel, id=1, date=datetime(2026, 11, 20, 21, tzinfo=UTC), text=text)


def test_module_level_detect_uses_one_default_detector() -> None:
    first = detect(post("Анапа / Опасность по БПЛА."))
    second = detect(post("Анапа / Отбой опасности по БПЛА."))
    assert first.incident and first.regions == ("RU-KDA",)
    assert not second.incident and second.all_clear


@pytest.mark.parametrize("text", ["", "   \n ", "🔥🔥🔥", "12345", "a" * 20_000, "\x00\ufeff"])
def test_odd_input_gives_a_detection_not_an_error(detector: Detector, text: str) -> None:
    detection = detector.detect(post(text))
    assert isinstance(detection, Detection)
    assert not detection.incident


def test_detection_round_trips_through_json(detector: Detector) -> None:
    detection = detector.detect(
        post("Губернатор: над Курской областью сбиты 5 БПЛА, в Курске повреждены 2 дома.")
    )
    assert Detection.from_json(json.loads(json.dumps(detection.to_json()))) == detection
    assert detection.places and all(p.region == "RU-KRS" for p in detection.places)
    assert detection.matched


def test_types_follow_the_contract_order(detector: Detector) -> None:
    detection = detector.detect(post("Взрывы и пожар в Белгороде, повреждены дома, есть раненые"))
    assert list(detection.types) == [t for t in INCIDENT_TYPES if t in detection.types]
    assert {"explosion", "fire", "damage", "casualties"} <= set(detection.types)


def test_forward_origin_counts_as_a_source(detector: Detector) -> None:
    forwarded = Post(
        channel="astrapress",
        id=2,
        date=datetime(2026, 11, 20, 21, tzinfo=UTC),
        text="Взрывы в Анапе, работает ПВО",
        forwarded_from="shot_shot",
    )
    assert "SHOT" in detector.detect(forwarded).sources
