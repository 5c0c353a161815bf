"""`tgradar demo`: the real daemon against the in-process simulated Telegram.

A handful of channels publish the bundled sample feed over about half a minute;
the daemon polls them with real Telethon clients, groups the reports and keeps
cards in the review chat, which is printed as it changes, seen through a
reviewer's own client: a card's whole text (and its buttons) when it is posted, the
lines that changed when it is edited. A subscriber who asked for one region is shown
the same way, through their own client. At the end a reviewer presses Confirm on the
biggest incident, and both the review card and the subscriber's message change
(⏳ → ✅). Text is wrapped by words to the console's width (80 columns when stdout is
not a terminal).
"""

from __future__ import annotations

import asyncio
import difflib
import json
import logging
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text
from telethon import events

from bot.app import App
from bot.cards import callback_data
from bot.config import Settings
from bot.models import Post
from bot.readers import read_all
from bot.runner import build_client
from bot.sandbox import SandboxServer, connect_client
from bot.store import Store

REVIEW_CHAT = "tgradar_review"
SUBSCRIBER_COMMAND = "/subscribe Кубань"  # the sample night's biggest story
DEFAULT_DURATION = 30.0  # seconds the feed takes to publish at speed 1
SETTLE_TIMEOUT = 30.0  # seconds allowed after the last post for polls and cards to finish


@dataclass
class DemoSummary:
    posts: int = 0
    posts_stored: int = 0
    incidents: int = 0
    # cards of incidents merged into another after their card went out (each says where)
    merged_cards: int = 0
    messages_sent: int = 0
    messages_edited: int = 0
    duplicate_posts: int = 0
    duplicate_cards: int = 0
    reviews: int = 0
    subscriber_messages: int = 0
    subscriber_edits: int = 0
    seconds: float = 0.0
    requests: dict[str, int] = field(default_factory=dict)
    incidents_by_region: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def demo_settings(
    settings: Settings, channels: list[str], speed: float, reviewer_id: int
) -> Settings:
    fast = 1.0 / speed
    return replace(
        settings,
        channels=replace(settings.channels, watch=tuple(channels)),
        review=replace(settings.review, chat=REVIEW_CHAT, reviewers=(reviewer_id,)),
        poll=replace(
            settings.poll,
            min_interval=timedelta(seconds=1.0 * fast),
            max_interval=timedelta(seconds=4.0 * fast),
            jitter=timedelta(0),
            requests_per_minute=6000,  # the sandbox is not rate-limited like a real account
            live=False,
        ),
        delivery=replace(settings.delivery, edit_interval=timedelta(seconds=1.0 * fast)),
    )


def shifted(posts: list[Post], end: datetime) -> list[Post]:
    """The feed's night, moved so that it ends now: its times stay realistic on any day."""
    offset = end - max(p.date for p in posts)
    return [replace(p, date=p.date + offset) for p in posts]


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    """The lines an edit removed ("-") and added ("+"), in order; unchanged ones left out."""
    old, new = before.splitlines(), after.splitlines()
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new).get_opcodes():
        if tag == "equal":
            continue
        out += [("-", line) for line in old[i1:i2]]
        out += [("+", line) for line in new[j1:j2]]
    return out


def _buttons(message: Any) -> list[str]:
    markup = getattr(message, "reply_markup", None)
    return [
        f"[ {button.text} ]"
        for row in getattr(markup, "rows", None) or []
        for button in row.buttons
    ]


class ChatPrinter:
    """Prints one chat as a person's own client sees it change: a new message in full (with
    its buttons), an edit as the lines it changed. Wrapped by words, never cut."""

    def __init__(self, console: Console, quiet: bool, who: str, style: str = "green") -> None:
        self.console = console
        self.quiet = quiet
        self.who = who
        self.style = style
        self.sent = 0
        self.edited = 0
        self.texts: dict[int, str] = {}
        self.buttons: dict[int, list[str]] = {}

    def note(self, text: str, style: str = "bold") -> None:
        if not self.quiet:
            self.console.print(Text(text, style=style), overflow="fold")

    def _panel(self, title: str, body: list[Text], style: str) -> None:
        if self.quiet:
            return
        panel = Panel(Group(*body), title=title, title_align="left", border_style=style)
        self.console.print(panel, overflow="fold")

    async def on_new(self, event: events.NewMessage.Event) -> None:
        self.sent += 1
        message = event.message
        text = message.message or ""
        self.texts[message.id] = text
        self.buttons[message.id] = _buttons(message)
        body = [Text(line) for line in text.splitlines()] or [Text("")]
        if self.buttons[message.id]:
            body += [Text(""), Text("  ".join(self.buttons[message.id]), style="cyan")]
        self._panel(f"＋ {self.who} · message #{message.id}", body, self.style)

    async def on_edit(self, event: events.MessageEdited.Event) -> None:
        self.edited += 1
        message = event.message
        text = message.message or ""
        changes = changed_lines(self.texts.get(message.id, ""), text)
        self.texts[message.id] = text
        buttons = _buttons(message)
        body = [
            Text(f"{mark} {line}", style="red" if mark == "-" else "green")
            for mark, line in changes
        ]
        if buttons != self.buttons.get(message.id):
            body.append(Text("buttons: " + ("  ".join(buttons) or "none"), style="cyan"))
        self.buttons[message.id] = buttons
        if not body:
            body = [Text("(no visible change)", style="dim")]
        self._panel(f"✎ {self.who} · message #{message.id} edited", body, "yellow")


async def run_demo(
    settings: Settings,
    feed: Path,
    speed: float = 1.0,
    db: Path | None = None,
    console: Console | None = None,
    quiet: bool = False,
    health_port: int | None = None,
) -> DemoSummary:
    console = console or Console()
    posts, errors = read_all(feed)
    if errors:
        raise ValueError(f"the demo feed has bad lines: {errors[0]}")
    start = asyncio.get_running_loop().time()
    posts = shifted(sorted(posts, key=lambda p: p.date), datetime.now(UTC))
    names = sorted({p.channel for p in posts})

    server = SandboxServer()
    watcher = server.add_user("tgradar_watcher", first_name="tgradar")
    reviewer = server.add_user("duty_editor", first_name="Duty", last_name="Editor")
    subscriber = server.add_user("ivan_reader", first_name="Ivan", lang_code="ru")
    bot = server.add_bot("tgradar_bot")
    review = server.add_megagroup(
        REVIEW_CHAT, title="tgradar review", members=[bot, reviewer], admins=[reviewer]
    )
    channels = {name: server.add_channel(name, title=name, subscribers=[watcher]) for name in names}

    settings = demo_settings(settings, names, speed, reviewer.id)
    store = Store(db)
    # The daemon's own client factory, so its requests are counted in /metrics as in `run`.
    user_client = await connect_client(server, watcher, build=partial(build_client, account="user"))
    bot_client = await connect_client(server, bot, build=partial(build_client, account="bot"))
    reviewer_client = await connect_client(server, reviewer)
    subscriber_client = await connect_client(server, subscriber)
    printer = ChatPrinter(console, quiet, "review chat")
    reviewer_client.add_event_handler(printer.on_new, events.NewMessage(chats=[review.id]))
    reviewer_client.add_event_handler(printer.on_edit, events.MessageEdited(chats=[review.id]))
    await reviewer_client.get_dialogs()  # the reviewer's client learns about the review chat
    reader = ChatPrinter(console, quiet, "subscriber Ivan's chat with the bot", style="blue")

    def from_bot(event: Any) -> bool:
        return bool(event.is_private) and event.chat_id == bot.id and not event.message.out

    subscriber_client.add_event_handler(reader.on_new, events.NewMessage(func=from_bot))
    subscriber_client.add_event_handler(reader.on_edit, events.MessageEdited(func=from_bot))

    app = App(settings, store, user_client, bot_client)
    # Telegram's pace for a group (one message a second, twenty a minute) would make the
    # half-minute night take two; the sandbox does not need it, so the demo speeds it up.
    app.sender.per_chat_interval = 0.2 / speed
    app.sender.per_group_per_minute = 600
    await app.start()
    health = None
    if health_port is not None:  # in the container, so its HEALTHCHECK sees the demo too
        from bot.health import HealthServer

        health = HealthServer(app.status, settings, health_port)
        await health.start()
    try:
        reader.note(f"Ivan writes to @{bot.username}: {SUBSCRIBER_COMMAND}", "blue")
        await server.user_sends(subscriber, bot, SUBSCRIBER_COMMAND)
        await _wait_for(lambda: reader.sent >= 1, SETTLE_TIMEOUT)
        await _publish(server, channels, posts, DEFAULT_DURATION / speed)
        await _settle(app, server, channels, SETTLE_TIMEOUT)
        reviewed = await _confirm_biggest(app, server, reviewer, review, printer)
        await _settle(app, server, channels, SETTLE_TIMEOUT)
        await asyncio.sleep(0.5)  # the edits' updates reach the clients
    finally:
        if health is not None:
            await health.stop()
        await app.stop(drain_for=timedelta(seconds=5))
        for client in (user_client, bot_client, reviewer_client, subscriber_client):
            await client.disconnect()

    incidents = store.incidents()
    bot_messages = [m for m in server.messages(review) if m.sender is bot]
    carded = Counter(
        row["incident_id"] for row in store.db["cards"].rows_where("chat = ?", [REVIEW_CHAT])
    )
    stored = store.count("posts")
    keys = {tuple(r) for r in store.db.execute("SELECT channel, message_id FROM posts")}
    summary = DemoSummary(
        posts=len(posts),
        posts_stored=stored,
        incidents=len(incidents),
        merged_cards=store.db.execute(
            "SELECT COUNT(*) FROM cards c JOIN incidents i ON i.id = c.incident_id "
            "WHERE c.chat = ? AND i.merged_into IS NOT NULL",
            [REVIEW_CHAT],
        ).fetchone()[0],
        messages_sent=len(bot_messages),
        messages_edited=sum(m.edit_count for m in bot_messages),
        duplicate_posts=stored - len(keys),
        duplicate_cards=sum(n - 1 for n in carded.values() if n > 1)
        + max(0, len(bot_messages) - len(carded)),
        reviews=reviewed,
        subscriber_messages=reader.sent,
        subscriber_edits=reader.edited,
        seconds=round(asyncio.get_running_loop().time() - start, 1),
        requests=dict(sorted(server.requests.items())),
        incidents_by_region={i.region: len(i.reports) for i in incidents},
    )
    store.close()
    return summary


async def _publish(server: SandboxServer, channels: dict, posts: list[Post], duration: float):
    """Post the feed in its own rhythm, squeezed into `duration` seconds."""
    first, last = posts[0].date, posts[-1].date
    span = max((last - first).total_seconds(), 1.0)
    loop = asyncio.get_running_loop()
    started = loop.time()
    ids: dict[tuple[str, int], int] = {}
    for post in posts:
        due = started + (post.date - first).total_seconds() / span * duration
        await asyncio.sleep(max(0.0, due - loop.time()))
        origin = None
        if post.forwarded_from and (post.forwarded_from, post.forwarded_id) in ids:
            origin_id = ids[(post.forwarded_from, post.forwarded_id)]
            origin = (channels[post.forwarded_from], origin_id)
        message = server.post(
            channels[post.channel],
            post.text if origin is None else None,
            date=post.date,
            forward_from=origin,
            views=post.views,
        )
        ids[post.key] = message.id


async def _settle(app: App, server: SandboxServer, channels: dict, timeout: float) -> None:
    """Wait until every published post is stored and the outbox is empty."""
    published = sum(len(server.messages(chat)) for chat in channels.values())
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        if app.store.count("posts") >= published and not app.store.outbox_depth():
            return
        await asyncio.sleep(0.2)


async def _wait_for(condition: Any, timeout: float) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition() and loop.time() < deadline:
        await asyncio.sleep(0.05)


async def _confirm_biggest(
    app: App, server: SandboxServer, reviewer, review, printer: ChatPrinter
) -> int:
    """The duty editor confirms the incident with the most reports, through its card's button."""
    incidents = sorted(app.store.incidents(), key=lambda i: len(i.reports), reverse=True)
    if not incidents:
        return 0
    card = app.store.card(incidents[0].id, REVIEW_CHAT)
    if card is None or card["message_id"] is None:
        return 0
    data = callback_data("confirm", incidents[0].id, app.review.secret)
    message = server.message(review, card["message_id"])
    label = next((text for row in message.buttons for text, d in row if d == data), None)
    if label is None:
        return 0
    printer.note(
        f"👆 {reviewer.first_name} {reviewer.last_name} presses [ {label} ] under message "
        f"#{card['message_id']} ({incidents[0].id})",
        "magenta",
    )
    answer = await server.press_button(reviewer, review, card["message_id"], data=data)
    if answer.message:
        printer.note(f"   Telegram shows {reviewer.first_name}: «{answer.message}»", "magenta")
    return 1


def print_summary(summary: DemoSummary, console: Console, as_json: bool) -> None:
    if as_json:
        print(json.dumps(summary.to_json(), ensure_ascii=False))
        return
    console.rule("summary")
    console.print(
        f"{summary.posts} posts published, {summary.posts_stored} stored "
        f"({summary.duplicate_posts} duplicates); {summary.incidents} incidents; "
        f"{summary.messages_sent} cards sent, {summary.messages_edited} edits "
        f"({summary.duplicate_cards} duplicate cards); {summary.reviews} review(s); "
        f"the subscriber got {summary.subscriber_messages} message(s), "
        f"{summary.subscriber_edits} edit(s); {summary.seconds}s"
    )
    console.print(
        "requests: " + ", ".join(f"{k} {v}" for k, v in summary.requests.items()), style="dim"
    )


def quiet_logs() -> None:
    logging.getLogger("telethon").setLevel(logging.ERROR)
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
