"""A channel's profile learned from its posts at hand before they are read: `classify` and
`eval` read a stream ahead (bounded), the pipeline foresees its batch (issue 10, profiles)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.detect import Detector
from bot.detect.profiles import (
    PROFILE_POSTS,
    ChannelMemory,
    detect_stream,
    in_date_order,
    in_input_order,
    learn_profile,
    read_ahead,
    reads_as_incident,
    regions_named_by,
)
from bot.detect.segment import signature_key
from bot.evaluate import evaluate_file
from bot.models import Detection, Post
from bot.pipeline import Pipeline
from bot.store import Store

T0 = datetime(2026, 11, 20, 21, 0, tzinfo=UTC)
# A signature that, read alone, is an alert: no link in it, so only a learned profile
# keeps it out.
SIGNATURE = "\n\n🚨 Тревога Белгород"
# A new channel's night: its first post says nothing but carries the signature; a follow-up
# and an all-clear without a place follow its alerts.
NIGHT = [
    ("Доброе утро, Белгород! Кофе и хорошее настроение.", None),
    ("Шебекино — опасность по БПЛА", ("RU-BEL",)),
    ("Ещё один летит", ("RU-BEL",)),
    ("Грайворон — громко", ("RU-BEL",)),
    ("Друзья, нас уже 20 тысяч, спасибо!", None),
    ("Валуйки — ракетная опасность", ("RU-BEL",)),
    ("Повторно!", ("RU-BEL",)),
]


def night_posts(channel: str = "bel_sirena") -> list[Post]:
    return [
        Post(channel, 100 + i, T0 + timedelta(minutes=4 * i), text + SIGNATURE)
        for i, (text, _) in enumerate(NIGHT)
    ]


def check_night(detections: list[Detection]) -> None:
    assert len(detections) == len(NIGHT)
    for (text, regions), got in zip(NIGHT, detections, strict=True):
        if regions is None:
            assert not got.incident, text  # the signature alone is no incident
        else:
            assert got.incident and got.regions == regions, text  # never place-less


def test_without_the_posts_at_hand_the_first_post_is_read_as_its_signature(detector) -> None:
    # What the profile is for: the first post alone, with no profile, reads as an alert.
    first = night_posts()[0]
    assert detector.detect(first).incident


def test_classify_learns_a_new_channel_s_signature_before_its_first_post(
    detector, tmp_path: Path, capsys
) -> None:
    other = Post("kursk_news", 7, T0, "Курск: в городе прошёл фестиваль варенья")
    posts = [other, *night_posts()]
    feed = tmp_path / "night.jsonl"
    feed.write_text(
        "".join(json.dumps(p.to_json(), ensure_ascii=False) + "\n" for p in posts), "utf-8"
    )
    assert main(["classify", str(feed)]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(d["channel"], d["id"]) for d in out] == [(p.channel, p.id) for p in posts]
    check_night([Detection.from_json(d) for d in out[1:]])


def test_classify_reads_a_dump_written_newest_first_in_the_order_the_channel_wrote_it(
    detector, tmp_path: Path, capsys
) -> None:
    # A dump of a channel's history from the API comes newest first: «Ещё один летит» and
    # «Повторно!» must still follow the alerts before them, and the lines keep the input's
    # order.
    other = Post("kursk_news", 7, T0, "Курск: в городе прошёл фестиваль варенья")
    posts = [*reversed(night_posts()), other]
    feed = tmp_path / "newest_first.jsonl"
    feed.write_text(
        "".join(json.dumps(p.to_json(), ensure_ascii=False) + "\n" for p in posts), "utf-8"
    )
    assert main(["classify", str(feed)]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(d["channel"], d["id"]) for d in out] == [(p.channel, p.id) for p in posts]
    check_night([Detection.from_json(d) for d in reversed(out[:-1])])


def test_posts_are_put_in_date_order_within_bounded_windows() -> None:
    night = night_posts()
    newest_first = list(reversed(night))
    # One window: the whole night in date order, each post with its place in the input.
    in_order = [(i, p.id) for i, p in in_date_order(newest_first)]
    assert in_order == [(len(night) - 1 - k, p.id) for k, p in enumerate(night)]
    # Windows of 3 posts: each window in order, the windows as they came.
    assert [p.id for _, p in in_date_order(newest_first, max_posts=3)] == [
        104, 105, 106, 101, 102, 103, 100
    ]
    # Posts already in order come out as they are; equal dates go by id.
    assert [p.id for _, p in in_date_order(night, max_posts=3)] == [p.id for p in night]
    same_time = [replace(p, date=T0) for p in newest_first]
    assert [p.id for _, p in in_date_order(same_time)] == sorted(p.id for p in night)


def test_results_come_out_in_the_input_s_order() -> None:
    assert list(in_input_order([(2, "c"), (0, "a"), (3, "d"), (1, "b")])) == ["a", "b", "c", "d"]
    assert list(in_input_order([])) == []


def test_eval_reads_a_new_channel_with_its_profile(tmp_path: Path) -> None:
    rows = []
    for p, (_, regions) in zip(night_posts(), NIGHT, strict=True):
        label = {"incident": regions is not None, "regions": list(regions or ())}
        rows.append({**p.to_json(), "lang": "ru", "label": label})
    labelled = tmp_path / "labelled.jsonl"
    labelled.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8"
    )
    report = evaluate_file(labelled)
    assert report.score("incident").fp == 0 and report.score("incident").fn == 0
    assert report.score("region").fn == 0


def test_a_pipeline_batch_feeds_the_profile_before_it_is_detected(detector) -> None:
    store = Store()
    result = Pipeline(store, detector).ingest(night_posts())
    by_id = {d.id: d for d in result.detections}
    check_night([by_id[p.id] for p in night_posts()])
    profile = store.channel_profile("bel_sirena")
    assert profile is not None and signature_key("🚨 Тревога Белгород") in profile.signature


def test_a_batch_is_read_with_the_channel_s_stored_posts(detector) -> None:
    # Two posts of the channel are stored, too few for a signature (3 posts); the next
    # batch's first post is read with the profile the stored ones and the batch show.
    store = Store()
    night = night_posts()
    Pipeline(store, detector).ingest(night[1:3])
    later = Pipeline(store, detector)  # a restart: the memory is seeded from the store
    quiet = replace(night[0], id=200, date=T0 + timedelta(minutes=11))
    result = later.ingest([quiet, *night[3:]])
    by_id = {d.id: d for d in result.detections}
    assert not by_id[200].incident
    for p, (text, regions) in zip(night[3:], NIGHT[3:], strict=True):
        got = by_id[p.id]
        assert got.incident == (regions is not None), text
        assert regions is None or got.regions == regions, text


def counting(posts: list[Post], consumed: list[int]) -> Iterator[Post]:
    for post in posts:
        consumed[0] += 1
        yield post


def test_read_ahead_waits_only_for_a_channel_with_room_in_its_profile(detector) -> None:
    posts = [
        Post("busy_radar", i + 1, T0 + timedelta(minutes=i), f"Курск — громко\n\n📡 Радар {i}")
        for i in range(PROFILE_POSTS + 30)
    ]
    consumed = [0]
    memory = ChannelMemory(regions_of=regions_named_by(detector))
    seen_when = []
    for post, context in read_ahead(counting(posts, consumed), memory):
        seen_when.append(consumed[0])
        memory.remember(post, detector.detect(post, context))
    # The first post waits for the channel's first PROFILE_POSTS posts; once they are
    # remembered the profile is full and every post comes out as soon as it is read.
    assert seen_when[0] == PROFILE_POSTS
    assert seen_when[PROFILE_POSTS:] == list(range(PROFILE_POSTS + 1, len(posts) + 1))


@pytest.mark.parametrize("max_posts", [1, 3, 10])
def test_read_ahead_is_bounded(detector, max_posts: int) -> None:
    posts = [
        Post(f"chan_{i % 4}", i + 1, T0 + timedelta(minutes=i), "Курск — громко")
        for i in range(40)
    ]
    consumed = [0]
    memory = ChannelMemory()
    out = []
    for index, (post, context) in enumerate(
        read_ahead(counting(posts, consumed), memory, max_posts=max_posts)
    ):
        assert consumed[0] - index <= max_posts
        memory.remember(post, detector.detect(post, context))
        out.append(post.id)
    assert out == [p.id for p in posts]


def test_detect_stream_is_the_same_read_ahead(detector) -> None:
    detections = list(detect_stream(detector, night_posts()))
    check_night(detections)


def test_a_channel_with_a_configured_region_still_learns_ahead() -> None:
    configured = Detector(home_regions={"bel_sirena": "RU-BEL"})
    check_night(list(detect_stream(configured, night_posts())))


def test_a_channel_s_own_handle_is_no_source(detector) -> None:
    # Before its signature is learned (a signature under fewer than half its posts), a
    # channel's own link line cites nobody; another channel's handle is still a source.
    own = Post("front_zp_ru", 1, T0, "Токмак — кассеты\n\n⚔️ Фронт ЗП | @front_zp_ru")
    assert detector.detect(own).sources == ()
    cited = Post("front_zp_ru", 2, T0, "Токмак — кассеты, пишет @melitopol_online")
    assert detector.detect(cited).sources == ("@melitopol_online",)


def test_a_profile_learned_again_from_the_same_posts_is_the_one_learned_afresh(detector) -> None:
    # The memory keeps a channel's last signature by the texts it was learned from; a
    # channel whose posts change (a new signature line, then the old one rarer) is learned anew.
    posts = night_posts() + [
        Post("bel_sirena", 200 + i, T0 + timedelta(hours=1, minutes=i), f"Тишина {i}\n\n📡 Небо")
        for i in range(9)
    ]
    memory = ChannelMemory(reads_as_incident=reads_as_incident)
    signatures = []
    for post, context in read_ahead(posts, memory, max_posts=5):
        memory.remember(post, detector.detect(post, context))
        items = list(memory._seen["bel_sirena"]) + list(memory._ahead.get("bel_sirena", ()))
        profile = memory.profile("bel_sirena")
        assert profile == learn_profile("bel_sirena", items, reads_as_incident)
        signatures.append(profile.signature)
    assert signatures[0] == {signature_key("🚨 Тревога Белгород")}
    assert signatures[-1] == {signature_key("📡 Небо")}


def test_a_new_channel_s_home_is_the_one_learned_afresh_after_every_post(detector) -> None:
    # A new channel is learned again after each of its posts; where the post's detection
    # counts for the home as its reading at hand did («Курск — опасность по БПЛА» both
    # times), nothing else having changed, the memory keeps the profile it has. Where they
    # differ (a festival in Курск names the region, but is no incident), it learns again.
    # Either way the profile is the one a learning from scratch gives.
    channel = "kursk_sirena"
    texts = [
        "Курск: в городе прошёл фестиваль варенья",
        *(f"Курск — опасность по БПЛА {i}" for i in range(6)),
        "Доброе утро! Кофе и хорошее настроение.",
        "Рыльск — громко",
        "Курск: ярмарка мёда в субботу",
        "Курск — отбой опасности",
    ]
    posts = [Post(channel, 10 + i, T0 + timedelta(minutes=5 * i), text)
             for i, text in enumerate(texts)]
    regions_of = regions_named_by(detector)
    memory = ChannelMemory(reads_as_incident=reads_as_incident, regions_of=regions_of)
    homes = []
    for post, context in read_ahead(posts, memory):
        memory.remember(post, detector.detect(post, context))
        items = [*memory._seen[channel], *memory._ahead.get(channel, ())]
        profile = memory.profile(channel)
        assert profile == learn_profile(channel, items, reads_as_incident, regions_of), post.text
        homes.append(profile.home_regions)
    assert homes[0] == homes[-1] == ("RU-KRS",)
