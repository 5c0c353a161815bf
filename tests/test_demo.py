"""The bundled sample feed: what replaying it must give, and the demo that publishes it."""

import asyncio
import io
import json
import random
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from rich.console import Console

from bot.cli import sample_feed_path
from bot.config import load_settings
from bot.demo import ChatPrinter, run_demo
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


@pytest.mark.parametrize("seed", range(6))
def test_the_night_groups_the_same_whatever_order_its_channels_are_caught_up_in(
    seed, replayed, detector
):
    """After an outage the channels are caught up one by one: a channel's late reports can
    bridge waves opened by others. The incidents are those of the night read in order."""
    posts, _ = read_all(sample_feed_path())
    by_channel: dict[str, list] = {}
    for post in posts:
        by_channel.setdefault(post.channel, []).append(post)
    channels = sorted(by_channel)
    random.Random(seed).shuffle(channels)
    store = Store()
    pipeline = Pipeline(store, detector)
    for channel in channels:
        pipeline.ingest(by_channel[channel])
    def grouping(incidents):
        return sorted((i.region, sorted(i.posts)) for i in incidents)

    assert grouping(store.incidents()) == grouping(replayed.incidents())


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
    screen = io.StringIO()  # not a terminal: 80 columns, no colours
    console = Console(file=screen, width=80)
    summary = await run_demo(
        load_settings(None, env={}), sample_feed_path(), speed=6, console=console
    )
    posts, _ = read_all(sample_feed_path())
    assert summary.posts == summary.posts_stored == len(posts)
    assert summary.duplicate_posts == 0 and summary.duplicate_cards == 0
    assert summary.incidents == EXPECTED["incident_count"]["min"]
    # one card per incident, and one per incident merged into another after its card went out
    assert summary.messages_sent == summary.incidents + summary.merged_cards
    assert summary.messages_edited >= 1 and summary.reviews == 1
    assert summary.subscriber_messages == 2  # the reply to /subscribe, then Kuban's card
    assert summary.subscriber_edits >= 1
    sent = summary.messages_sent + summary.subscriber_messages
    assert summary.requests["SendMessageRequest"] == sent
    assert summary.requests["ResolveUsernameRequest"] <= len({p.channel for p in posts}) + 1
    assert set(summary.to_json()) >= {
        "posts",
        "incidents",
        "messages_sent",
        "messages_edited",
        "duplicate_posts",
        "requests",
    }
    shown = screen.getvalue()
    assert all(len(line) <= 80 for line in shown.splitlines())
    panels = panels_of(shown)
    first = next(body for title, body in panels if title.startswith("＋ review chat"))
    # a new card is shown whole: header, kinds, status, time, sources, review, id, buttons
    assert "Что:" in first and "Статус:" in first and "📰 Источники" in first
    assert "⏳ Ожидает проверки" in first and "[ ✅ Подтвердить ]" in first
    assert re.search(r"^[A-Z]{2}-[A-Z0-9]+-\d{8}T\d{4}$", first, re.MULTILINE)  # the id line
    # every card that counted something shows the counts, not a bare «Сколько:»
    for _, body in panels:
        lines = body.splitlines()
        for i, line in enumerate(lines):
            if line.strip().endswith("Сколько:"):
                assert i + 1 < len(lines) and "•" in lines[i + 1]
    # the review press and its effect, in the review chat and at the subscriber
    press = re.search(r"presses \[ ✅ Подтвердить \] under message #(\d+)", shown)
    assert press is not None
    after = panels_of(shown[press.start() :])
    card = f"✎ review chat · message #{press.group(1)} edited"
    # the reviewer's client may print an earlier content edit of the card after the press:
    # updates reach it in no fixed order, so the press's edit is the one that changes the status
    review_edit = next(
        (body for title, body in after if title == card and "+ ✅ Подтверждено" in body), ""
    )
    assert "- ⏳ Ожидает проверки" in review_edit and "+ ✅ Подтверждено" in review_edit
    assert "Вернуть на проверку" in review_edit
    ivan = [body for title, body in after if title.startswith("✎ subscriber Ivan")]
    assert any("+ ✅ Подтверждено модератором" in body for body in ivan)
    # the subscriber's view: his command, the bot's answer, his card in full
    assert "Ivan writes to @tgradar_bot: /subscribe Кубань" in shown
    his = [body for title, body in panels if title.startswith("＋ subscriber Ivan")]
    assert "Подписка оформлена" in his[0]
    assert "Предварительно: не проверено модератором" in his[1]
    assert "Краснодарский край" in his[1]


def panels_of(shown: str) -> list[tuple[str, str]]:
    """The boxes of the demo's output: (title, the text inside, unwrapped to its lines)."""
    panels = []
    for match in re.finditer(r"╭─ (.+?) ─+╮\n(.*?)\n╰─+╯", shown, re.DOTALL):
        inside = [line[2:-1].rstrip() for line in match.group(2).splitlines()]
        panels.append((match.group(1).strip(), "\n".join(inside)))
    return panels


def test_the_chat_printer_wraps_by_words_and_shows_only_what_an_edit_changed():
    screen = io.StringIO()
    printer = ChatPrinter(Console(file=screen, width=40), quiet=False, who="chat")
    long_line = "Источники сообщают о взрывах в Новороссийске и Анапе рядом с портом"
    first = "🛩 Краснодарский край\n" + long_line + "\n⏳ Ожидает проверки"
    event = SimpleNamespace(message=SimpleNamespace(id=7, message=first, reply_markup=None))
    asyncio.run(printer.on_new(event))
    edited = first.replace("⏳ Ожидает проверки", "✅ Подтверждено")
    event = SimpleNamespace(message=SimpleNamespace(id=7, message=edited, reply_markup=None))
    asyncio.run(printer.on_edit(event))
    shown = screen.getvalue()
    words = re.findall(r"\w+", shown)
    for word in re.findall(r"\w+", long_line):
        assert word in words  # no word split across lines
    edit = shown[shown.index("edited") :]
    assert "- ⏳ Ожидает проверки" in edit and "+ ✅ Подтверждено" in edit
    assert "Новороссийске" not in edit  # unchanged lines are not repeated
