"""Detection and replay on the five English wire reports of one night in ../shared/seeds/
("seed" = the number their file name starts with), where that directory is beside this
checkout. A fresh clone has no ../shared: then the one test here says so in a warning and
checks the project's own wire night (tests/data/wire_night/, tested in full by
tests/test_wire_night.py) instead, so it never passes by doing nothing.
"""

import warnings
from datetime import UTC, datetime
from pathlib import Path

from bot.detect import Detector
from bot.models import Detection, Post
from bot.pipeline import Pipeline
from bot.store import Store

SEED_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"
OWN_NIGHT = Path(__file__).parent / "data" / "wire_night"


def read_seeds() -> list[dict]:
    return [
        {"seed": path.name[:3], "text": path.read_text(encoding="utf-8")}
        for path in sorted(SEED_DIR.glob("*.txt"))
    ]


def post_from_seed(seed: dict) -> Post:
    return Post("wire", int(seed["seed"]), datetime(2026, 11, 21, 6, tzinfo=UTC), seed["text"])


def test_the_shared_seed_night_where_it_is_beside_the_checkout() -> None:
    detector = Detector()
    if not SEED_DIR.is_dir():
        warnings.warn(
            f"{SEED_DIR} is not beside this checkout: the five seed reports were not replayed; "
            "checked the project's own wire night in tests/data/wire_night/ instead",
            stacklevel=1,
        )
        own = sorted(OWN_NIGHT.glob("*.txt"))
        assert len(own) == 5
        for number, path in enumerate(own, start=1):
            post = Post("wire", number, datetime(2026, 11, 24, 3, tzinfo=UTC), path.read_text())
            assert detector.detect(post).incident, path.name
        return
    seeds = read_seeds()
    assert [seed["seed"] for seed in seeds] == ["000", "001", "002", "003", "004"]
    detections = {seed["seed"]: detector.detect(post_from_seed(seed)) for seed in seeds}
    for check in SEED_CHECKS:
        check(detections)
    replay_of_the_seeds(seeds, detector)


def check_every_report_is_an_incident_in_krasnodar_krai(detections: dict[str, Detection]) -> None:
    for detection in detections.values():
        assert detection.incident
        assert detection.lang == "en"
        assert "RU-KDA" in detection.regions


def check_orenburg_in_the_reports_that_cover_it(detections: dict[str, Detection]) -> None:
    for key in ("001", "002", "003"):
        assert "RU-ORE" in detections[key].regions
    assert "RU-ORE" not in detections["000"].regions


def check_taganrog_gives_rostov_oblast(detections: dict[str, Detection]) -> None:
    assert "RU-ROS" in detections["001"].regions


def check_ministry_summary_regions_and_counts(detections: dict[str, Detection]) -> None:
    summary = detections["004"]
    assert {"RU-BRY", "RU-KLU", "RU-SMO"} <= set(summary.regions)
    drones = {(c.region, c.low, c.total) for c in summary.counts if c.what == "drone"}
    assert {(None, 83, True), ("RU-BRY", 64, False), ("RU-KLU", 9, False)} <= drones
    assert ("RU-SMO", 5, False) in drones
    assert summary.status == "official"


def check_history_and_earlier_events_are_not_event_regions(
    detections: dict[str, Detection],
) -> None:
    assert "UA-14" not in detections["000"].regions  # Donetsk: "previously targeted"
    assert "RU-MOW" not in detections["004"].regions  # Moscow: "earlier this week"
    for detection in detections.values():
        assert "RU-VLA" not in detection.regions  # "Vladimir Putin" is not Vladimir


def check_counts_of_explosions(detections: dict[str, Detection]) -> None:
    first = {(c.low, c.high, c.what, c.region) for c in detections["000"].counts}
    assert (5, 7, "explosion", "RU-KDA") in first
    second = {(c.low, c.high, c.what, c.qualifier) for c in detections["001"].counts}
    assert (20, 20, "explosion", "more_than") in second
    assert (5, 8, "explosion", None) in second
    third = {(c.low, c.what, c.qualifier) for c in detections["002"].counts}
    assert (10, "explosion", "about") in third


def check_cited_outlets_and_status(detections: dict[str, Detection]) -> None:
    assert "SHOT" in detections["000"].sources
    assert detections["000"].status == "unconfirmed"
    assert {"Life", "SHOT"} <= set(detections["002"].sources)


def replay_of_the_seeds(seeds: list[dict], detector: Detector) -> None:
    store = Store()
    Pipeline(store, detector).ingest(
        [
            Post("wire", i + 1, datetime(2026, 11, 21, 3, tzinfo=UTC), s["text"])
            for i, s in enumerate(seeds)
        ]
    )
    by_region = {i.region: i for i in store.incidents()}
    reports = {code: {key[1] for key in i.posts} for code, i in by_region.items()}
    assert reports["RU-KDA"] == {1, 2, 3, 4, 5}  # Krasnodar Krai: all five
    assert reports["RU-ORE"] == {2, 3, 4}  # Orenburg Oblast: three
    assert reports["RU-ROS"] == {2}  # Rostov Oblast, through Taganrog
    for code in ("RU-BRY", "RU-KLU", "RU-SMO"):
        assert reports[code] == {5}
    assert "UA-14" not in by_region  # Donetsk is only history in the first report
    bryansk = by_region["RU-BRY"]
    assert [c.low for c in bryansk.counts if c.what == "drone"] == [64]
    assert "drone" in bryansk.types and "air_defense" in bryansk.types
    assert "explosion" in by_region["RU-KDA"].types


SEED_CHECKS = (
    check_every_report_is_an_incident_in_krasnodar_krai,
    check_orenburg_in_the_reports_that_cover_it,
    check_taganrog_gives_rostov_oblast,
    check_ministry_summary_regions_and_counts,
    check_history_and_earlier_events_are_not_event_regions,
    check_counts_of_explosions,
    check_cited_outlets_and_status,
)
