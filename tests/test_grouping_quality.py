"""How people would group the sample night, and how close the grouper comes (B-cubed)."""

import json
from pathlib import Path

import pytest

from bot.bcubed import bcubed
from bot.cli import sample_feed_path
from bot.detect import Detector
from bot.pipeline import Pipeline
from bot.readers import read_all
from bot.store import Store

WAVES = Path(__file__).parent / "data" / "sample_feed_waves.json"


def gold() -> dict[tuple[str, int, str], str]:
    out = {}
    for wave in json.loads(WAVES.read_text(encoding="utf-8"))["waves"]:
        for entry in wave["reports"]:
            key, region = entry.split()
            channel, id_ = key.split("/")
            item = (channel, int(id_), region)
            assert item not in out, f"{entry} is in two waves"
            out[item] = wave["name"]
    return out


def test_bcubed_scores_a_perfect_a_merged_and_a_split_grouping():
    people = {"a": 1, "b": 1, "c": 2}
    assert bcubed(people, people).f1 == 1.0
    merged = bcubed({"a": 0, "b": 0, "c": 0}, people)
    assert merged.recall == 1.0 and merged.precision == pytest.approx((2 / 3 * 2 + 1 / 3) / 3)
    split = bcubed({"a": 1, "b": 2, "c": 3}, people)
    assert split.precision == 1.0 and split.recall == pytest.approx((0.5 + 0.5 + 1) / 3)
    assert bcubed({}, {}).f1 == 1.0


def test_the_hand_grouping_names_posts_of_the_feed_only():
    posts, _ = read_all(sample_feed_path())
    keys = {p.key for p in posts}
    for channel, id_, region in gold():
        assert (channel, id_) in keys and region[:3] in ("RU-", "UA-")


def test_the_grouper_groups_the_sample_night_as_people_do():
    posts, _ = read_all(sample_feed_path())
    store = Store()
    Pipeline(store, Detector()).ingest(posts)
    predicted = {
        (r.channel, r.post_id, incident.region): incident.id
        for incident in store.incidents()
        for r in incident.reports
    }
    found = set()  # the reports detection finds: (post, region) of incidents and all-clears
    for post in posts:
        detection = store.detection(*post.key)
        if detection is not None and (detection.incident or detection.all_clear):
            found |= {(post.channel, post.id, region) for region in detection.regions}
    score = bcubed(predicted, gold(), items=found)
    assert score.items >= 70
    assert score.f1 >= 0.95, score
