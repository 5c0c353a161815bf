"""Detection on the five English wire reports of one night in ../shared/seeds/
("seed" = the number their file name starts with)."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.detect import Detector
from bot.models import Detection, Post

SEED_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEEDS = [
    {"seed": path.name[:3], "text": path.read_text(encoding="utf-8")}
    for path in sorted(SEED_DIR.glob("*.txt"))
]


def post_from_seed(seed: dict) -> Post:
    return Post("wire", int(seed["seed"]), datetime(2026, 11, 21, 6, tzinfo=UTC), seed["text"])


@pytest.fixture(scope="module")
def detections() -> dict[str, Detection]:
    detector = Detector()
    return {seed["seed"]: detector.detect(post_from_seed(seed)) for seed in SEEDS}


def test_all_five_seeds_are_there() -> None:
    assert [seed["seed"] for seed in SEEDS] == ["000", "001", "002", "003", "004"]


def test_every_report_is_an_incident_in_krasnodar_krai(detections: dict[str, Detection]) -> None:
    for detection in detections.values():
        assert detection.incident
        assert detection.lang == "en"
        assert "RU-KDA" in detection.regions


def test_orenburg_in_the_reports_that_cover_it(detections: dict[str, Detection]) -> None:
    for key in ("001", "002", "003"):
        assert "RU-ORE" in detections[key].regions
    assert "RU-ORE" not in detections["000"].regions


def test_taganrog_gives_rostov_oblast(detections: dict[str, Detection]) -> None:
    assert "RU-ROS" in detections["001"].regions


def test_ministry_summary_regions_and_counts(detections: dict[str, Detection]) -> None:
    summary = detections["004"]
    assert {"RU-BRY", "RU-KLU", "RU-SMO"} <= set(summary.regions)
    drones = {(c.region, c.low, c.total) for c in summary.counts if c.what == "drone"}
    assert {(None, 83, True), ("RU-BRY", 64, False), ("RU-KLU", 9, False)} <= drones
    assert ("RU-SMO", 5, False) in drones
    assert summary.status == "official"


def test_history_and_earlier_events_are_not_event_regions(
    detections: dict[str, Detection],
) -> None:
    assert "UA-14" not in detections["000"].regions  # Donetsk: "previously targeted"
    assert "RU-MOW" not in detections["004"].regions  # Moscow: "earlier this week"
    for detection in detections.values():
        assert "RU-VLA" not in detection.regions  # "Vladimir Putin" is not Vladimir


def test_counts_of_explosions(detections: dict[str, Detection]) -> None:
    first = {(c.low, c.high, c.what, c.region) for c in detections["000"].counts}
    assert (5, 7, "explosion", "RU-KDA") in first
    second = {(c.low, c.high, c.what, c.qualifier) for c in detections["001"].counts}
    assert (20, 20, "explosion", "more_than") in second
    assert (5, 8, "explosion", None) in second
    third = {(c.low, c.what, c.qualifier) for c in detections["002"].counts}
    assert (10, "explosion", "about") in third


def test_cited_outlets_and_status(detections: dict[str, Detection]) -> None:
    assert "SHOT" in detections["000"].sources
    assert detections["000"].status == "unconfirmed"
    assert {"Life", "SHOT"} <= set(detections["002"].sources)
