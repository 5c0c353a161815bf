"""The bundled sample feed: what replaying it must give, and the demo that publishes it."""

import json
from pathlib import Path

import pytest

from bot.cli import sample_feed_path
from bot.config import load_settings
from bot.demo import run_demo
from bot.detect import Detector
from bot.pipeline import Pipeline
from bot.readers import read_all
from bot.store import Store

EXPECTED = json.loads(
    (Path(__file__).parent / "data" / "sample_feed_expected.json").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def replayed():
    posts, errors = read_all(sample_feed_path())
    assert not errors
    store = Store()
    Pipeline(store, Detector()).ingest(posts)
    return store


def test_every_expected_region_has_its_incident(replayed):
    incidents = replayed.incidents()
    for region, expected in EXPECTED["regions"].items():
        mine = [i for i in incidents if i.region == region]
        assert mine, f"no incident for {region}"
        originals = {r.key for i in mine for r in i.reports if not r.copy_of and not r.all_clear}
        assert len(originals) >= expected["min_posts"], region
        types = {t for i in mine for t in i.types}
        assert types & set(expected["types_any"]), region


def test_no_incident_where_there_was_none(replayed):
    regions = {i.region for i in replayed.incidents()}
    assert not regions & set(EXPECTED["not_regions"])
    count = len(replayed.incidents())
    assert EXPECTED["incident_count"]["min"] <= count <= EXPECTED["incident_count"]["max"]


def test_hard_negatives_and_all_clears(replayed):
    for channel, message_id in EXPECTED["negatives"]:
        detection = replayed.detection(channel, message_id)
        assert detection is not None and not detection.incident, (channel, message_id)
    for channel, message_id in EXPECTED["all_clears"]:
        detection = replayed.detection(channel, message_id)
        assert detection is not None and detection.all_clear, (channel, message_id)


async def test_the_demo_runs_the_daemon_end_to_end():
    summary = await run_demo(load_settings(None, env={}), sample_feed_path(), speed=6, quiet=True)
    posts, _ = read_all(sample_feed_path())
    assert summary.posts == summary.posts_stored == len(posts)
    assert summary.duplicate_posts == 0 and summary.duplicate_cards == 0
    assert summary.incidents == EXPECTED["incident_count"]["min"]
    assert summary.messages_sent == summary.incidents  # one card per incident
    assert summary.messages_edited >= 1 and summary.reviews == 1
    assert summary.requests["SendMessageRequest"] == summary.messages_sent
    assert summary.requests["ResolveUsernameRequest"] <= len({p.channel for p in posts}) + 1
    assert set(summary.to_json()) >= {
        "posts",
        "incidents",
        "messages_sent",
        "messages_edited",
        "duplicate_posts",
        "requests",
    }
