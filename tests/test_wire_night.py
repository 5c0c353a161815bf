"""The project's own night of English wire reports (tests/data/wire_night/), written for
tgradar in the style of news-agency copy: detection and replay on them.

They stand in for ../shared/seeds (which only exists beside the original checkout), and
exercise the same things: a multi-region ministry summary with a total and per-region counts,
a town that names its region, history that is not the night's event ("last winter", "earlier
this week"), a person named like a city ("Vladimir Putin"), cited channels, and spelled-out
count ranges ("between six and eight", "more than 15", "about 10").
"""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.detect import Detector
from bot.models import Detection, Post
from bot.pipeline import Pipeline
from bot.store import Store

NIGHT_DIR = Path(__file__).parent / "data" / "wire_night"
NIGHT = datetime(2026, 11, 24, 2, 30, tzinfo=UTC)


def night_posts() -> list[Post]:
    files = sorted(NIGHT_DIR.glob("*.txt"))
    assert len(files) == 5, f"expected the five wire reports in {NIGHT_DIR}"
    return [
        Post("wire", number, NIGHT + timedelta(minutes=20 * number), f.read_text("utf-8"))
        for number, f in enumerate(files, start=1)
    ]


@pytest.fixture(scope="module")
def detections() -> dict[int, Detection]:
    detector = Detector()
    return {post.id: detector.detect(post) for post in night_posts()}


def test_every_report_is_an_english_incident(detections):
    for detection in detections.values():
        assert detection.incident and detection.lang == "en"


def test_towns_give_their_regions(detections):
    assert detections[1].regions == ("RU-VOR",)  # Voronezh
    assert {"RU-KDA", "RU-ROS"} <= set(detections[2].regions)  # Yeysk, Novoshakhtinsk
    assert "RU-SAM" in detections[4].regions  # Syzran
    assert "RU-KRS" in detections[5].regions  # Rylsk


def test_ministry_summary_regions_total_and_counts(detections):
    summary = detections[3]
    assert set(summary.regions) == {"RU-KRS", "RU-BEL", "RU-VOR"}
    drones = {(c.region, c.low, c.total) for c in summary.counts if c.what == "drone"}
    assert {(None, 41, True), ("RU-KRS", 22, False), ("RU-BEL", 11, False)} <= drones
    assert ("RU-VOR", 8, False) in drones
    assert summary.status == "official"


def test_history_and_people_are_not_event_regions(detections):
    assert "RU-BEL" not in detections[1].regions  # "Last winter ... the Belgorod region"
    assert "RU-MOW" not in detections[3].regions  # Moscow: "earlier this week"
    for detection in detections.values():
        assert "RU-VLA" not in detection.regions  # "Vladimir Putin" is not Vladimir


def test_counts_written_as_wire_copy_writes_them(detections):
    assert (6, 8, "explosion") in {(c.low, c.high, c.what) for c in detections[1].counts}
    yeysk = {(c.low, c.high, c.qualifier) for c in detections[2].counts if c.what == "explosion"}
    assert {(15, 15, "more_than"), (10, 10, "about")} <= yeysk
    assert (2, 4, "explosion") in {(c.low, c.high, c.what) for c in detections[4].counts}


def test_cited_channels_and_status(detections):
    assert "Mash" in detections[1].sources and detections[1].status == "unconfirmed"
    assert {"SHOT", "Baza"} <= set(detections[2].sources)
    assert detections[2].status == "unconfirmed"
    assert detections[5].status == "official"  # the governor


def test_the_night_replays_into_the_incidents_it_describes():
    store = Store()
    Pipeline(store, Detector()).ingest(night_posts())
    reports = {i.region: {key[1] for key in i.posts} for i in store.incidents()}
    assert reports == {
        "RU-VOR": {1, 3, 4},  # Voronezh: the city's night, the summary, the later blasts
        "RU-KDA": {2},
        "RU-ROS": {2},
        "RU-KRS": {3, 5},
        "RU-BEL": {3},
        "RU-SAM": {4},
    }
    by_region = {i.region: i for i in store.incidents()}
    assert [c.low for c in by_region["RU-KRS"].counts if c.what == "drone"] == [22]
    assert {"casualties", "damage"} <= set(by_region["RU-KRS"].types)
    assert by_region["RU-VOR"].status == "official"  # the ministry's summary counts
