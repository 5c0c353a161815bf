"""The crash harness: `tgradar run` as a child process against the sandbox served over TCP,
killed with SIGKILL at random moments and at named points, restarted each time; at the end
every chat is compared with the cards rendered from the final state of the database.

Named points: right after Telegram stored a send or an edit of the bot (the sandbox kills the
child before the answer goes back), right after a review (the bot's answer to the button press
comes after the decision is stored), and inside a store transaction (`TGRADAR_KILL_AT`, see
bot/faults.py). Used by tests/test_crash.py (short, in `make test`) and `make chaos` (long).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import signal
import sqlite3
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from telethon.extensions import html

from bot.app import App
from bot.config import load_settings
from bot.detect.cache import CACHE_ENV
from bot.sandbox import SANDBOX_API_HASH, SANDBOX_API_ID, SandboxServer
from bot.sandbox.tcp import SandboxTcpServer
from bot.store import Store
from bot.telegram.delivery import send_key

REVIEW = "tgradar_review"
CHANNELS = ("shot_shot", "mash_news", "bazabazon", "kuban_alerts")
# Reports written for this test in the styles of news and alert channels (not real posts).
REPORTS = {
    "Анапа": [
        "Жители Анапы сообщают о серии взрывов, по словам очевидцев работает ПВО.",
        "Анапа: в небе слышны хлопки, над городом работает ПВО, сбиты беспилотники.",
        "В Анапе ночью прогремели взрывы — местные жители пишут о 5-7 хлопках.",
    ],
    "Белгород": [
        "В Белгороде прогремели взрывы, работает ПВО, сообщает губернатор.",
        "Белгород: громкие хлопки над городом, жители слышали не меньше трёх взрывов.",
    ],
    "Курск": [
        "Курск: взрывы на окраине, по словам очевидцев работает ПВО.",
        "В Курске сбит беспилотник, обломки упали на крышу гаража.",
    ],
    "Брянск": [
        "Над Брянском работает ПВО, слышны взрывы.",
        "Брянск: очевидцы сообщают о хлопках, в небе видели вспышки.",
    ],
    "Харків": [
        "Харків: вибухи в місті, працює ППО.",
        "У Харкові пролунали вибухи, повідомляє мер.",
    ],
    "Одеса": [
        "Одеса: чути вибухи, працює ППО.",
        "В Одесі лунають вибухи, атака дронів на порт.",
    ],
    "Воронеж": [
        "Воронеж: над городом работает ПВО, слышны хлопки.",
        "В Воронеже сбиты беспилотники, сообщает губернатор.",
    ],
    "Севастополь": [
        "Севастополь: работает ПВО, слышны взрывы над бухтой.",
        "В Севастополе отражают атаку, работает ПВО.",
    ],
}
# An alert line and, two seconds later, its all-clear from another channel, which a catch-up
# after a restart may read first (written for this test in the alert channels' style).
RAIDS = {
    "Анапа": ("Анапа / Опасность атаки БПЛА.", "Отбой опасности БПЛА в Анапе."),
    "Курск": ("Курск / Ракетная опасность.", "Курск / Отбой ракетной опасности."),
}
NAMED_POINTS = ("after-send", "after-edit", "after-review", "store-commit")


@dataclass
class Figures:
    kills: int = 0
    by_point: Counter = field(default_factory=Counter)
    starts: int = 0
    posts: int = 0
    edits: int = 0
    presses: int = 0
    incidents: int = 0
    cards: int = 0
    lost: int = 0
    duplicates: int = 0
    missing: int = 0
    stale: int = 0
    stuck: int = 0
    raids: int = 0
    unended: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        points = ", ".join(f"{k} {v}" for k, v in sorted(self.by_point.items()))
        return (
            f"{self.kills} kills ({points}) over {self.starts} starts in {self.seconds:.0f}s; "
            f"{self.posts} posts, {self.edits} edits, {self.presses} button presses, "
            f"{self.incidents} incidents, {self.cards} cards: lost {self.lost}, "
            f"duplicates {self.duplicates}, missing {self.missing}, stale {self.stale}, "
            f"stuck rows {self.stuck}; {self.raids} alerts with their all-clear, "
            f"{self.unended} not ended by it"
        )


class Chaos:
    def __init__(self, workdir: Path, kills: int, seed: int = 13) -> None:
        self.workdir = workdir
        self.target_kills = kills
        self.rng = random.Random(seed)
        self.figures = Figures()
        self.server = SandboxServer()
        self.watcher = self.server.add_user("tgradar_watcher")
        self.editor = self.server.add_user("duty_editor")
        self.subscriber = self.server.add_user("night_reader", lang_code="ru")
        self.subscribed = False
        self.bot = self.server.add_bot("tgradar_bot")
        self.review = self.server.add_megagroup(
            REVIEW, members=[self.bot, self.editor], admins=[self.editor]
        )
        self.channels = {
            name: self.server.add_channel(name, subscribers=[self.watcher]) for name in CHANNELS
        }
        self.tcp = SandboxTcpServer(self.server)
        self.data = workdir / "data"
        self.config = workdir / "tgradar.toml"
        self.child: asyncio.subprocess.Process | None = None
        self.log = workdir / "daemon.log"
        self.reported: dict[str, float] = {}
        self.raided: list[tuple[tuple[str, int], tuple[str, int]]] = []  # (alert, all-clear)

    # -- the child --------------------------------------------------------------------------

    async def setup(self) -> None:
        await self.tcp.start()
        self.data.mkdir(parents=True, exist_ok=True)
        self.tcp.session_file(self.data / "tgradar.session", self.watcher)
        self.tcp.session_file(self.data / "tgradar-bot.session", None)
        watch = ", ".join(f'"{c}"' for c in CHANNELS)
        self.config.write_text(
            f'[channels]\nwatch = [{watch}]\n[review]\nchat = "{REVIEW}"\n'
            '[poll]\nmin_interval = "1s"\nmax_interval = "2s"\njitter = "0s"\n'
            "requests_per_minute = 6000\n"
            '[incidents]\ngap = "20s"\n'
            '[delivery]\nedit_interval = "1s"\n[digest]\nenabled = false\n'
            '[health]\nport = 0\n[daemon]\nstop_drain = "20s"\n[log]\nlevel = "info"\n',
            encoding="utf-8",
        )

    def env(self, kill_at: str | None = None) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("TGRADAR_") and key != "PYTEST_CURRENT_TEST"
        }
        env[CACHE_ENV] = os.environ.get(CACHE_ENV, "")  # the test session's cache, not ~/.cache
        env.update(
            TGRADAR_API_ID=str(SANDBOX_API_ID),
            TGRADAR_API_HASH=SANDBOX_API_HASH,
            TGRADAR_BOT_TOKEN=self.bot.bot_token,
            TGRADAR_DATA=str(self.data),
            TGRADAR_CONFIG=str(self.config),
            TGRADAR_HEALTH_PORT="0",
        )
        if kill_at:
            env["TGRADAR_KILL_AT"] = kill_at
        return env

    async def start(self, kill_at: str | None = None) -> None:
        with self.log.open("ab") as log:
            self.child = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "run",
                env=self.env(kill_at),
                stdout=log,
                stderr=log,
            )
        self.figures.starts += 1

    def alive(self) -> bool:
        return self.child is not None and self.child.returncode is None

    def kill_now(self) -> None:
        if self.child is not None and self.child.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.child.pid, signal.SIGKILL)

    async def reap(self) -> int | None:
        if self.child is None:
            return None
        with contextlib.suppress(TimeoutError):
            return await asyncio.wait_for(self.child.wait(), 15)
        return None

    def _killed(self, point: str) -> None:
        self.figures.kills += 1
        self.figures.by_point[point] += 1

    # -- the world goes on ------------------------------------------------------------------

    def publish(self, fresh: bool = False) -> None:
        """A report; `fresh`: about the place reported longest ago (a new incident's card)."""
        if fresh:
            place = min(REPORTS, key=lambda p: self.reported.get(p, 0.0))
        else:
            place = self.rng.choice(list(REPORTS))
        self.reported[place] = time.monotonic()
        channel = self.rng.choice(CHANNELS)
        self.server.post(self.channels[channel], self.rng.choice(REPORTS[place]))
        self.figures.posts += 1

    def raid(self) -> None:
        """An alert in the alert channel and its all-clear two seconds later in a channel the
        catch-up reads before it."""
        place = self.rng.choice(list(RAIDS))
        alert, all_clear = RAIDS[place]
        now = datetime.now(UTC).replace(microsecond=0)
        sounded = self.server.post(self.channels["kuban_alerts"], alert, date=now)
        channel = self.rng.choice(CHANNELS[:-1])
        cleared = self.server.post(
            self.channels[channel], all_clear, date=now + timedelta(seconds=2)
        )
        self.raided.append((("kuban_alerts", sounded.id), (channel, cleared.id)))
        self.figures.posts += 2
        self.figures.raids += 1

    def edit_one(self) -> None:
        channel = self.rng.choice(CHANNELS)
        messages = [m for m in self.server.messages(self.channels[channel]) if not m.deleted]
        if messages:
            message = self.rng.choice(messages)
            self.server.edit(self.channels[channel], message.id, message.text + " Обновлено.")
            self.figures.edits += 1

    def cards(self) -> list[Any]:
        return [m for m in self.server.messages(self.review) if m.sender is self.bot]

    async def press(self, wait: float = 5.0) -> bool:
        cards = [c for c in self.cards() if c.buttons]
        if not cards:
            return False
        card = self.rng.choice(cards)
        data = self.rng.choice([d for row in card.buttons for _, d in row])
        self.figures.presses += 1
        with contextlib.suppress(Exception):  # a killed bot never answers
            await asyncio.wait_for(
                self.server.press_button(self.editor, self.review, card.id, data), wait
            )
        return True

    # -- one round --------------------------------------------------------------------------

    async def round(self) -> None:
        if not self.alive():
            await self.reap()
            await self.start()
        if not self.subscribed:  # a subscriber in fast mode: their private chat is checked too
            await self._bot_connected()
            await self.server.user_sends(self.subscriber, self.bot, "/subscribe all")
            for _ in range(50):
                await asyncio.sleep(0.1)
                if len(self.server.messages(self.subscriber, with_=self.bot)) >= 2:
                    self.subscribed = True
                    break
        for _ in range(self.rng.randint(1, 3)):
            self.publish()
        if self.rng.random() < 0.3:
            self.raid()
        if self.rng.random() < 0.2:
            self.edit_one()
        if self.rng.random() < 0.3:
            await self.press(wait=1.0)
        await asyncio.sleep(self.rng.uniform(0.3, 1.5))
        mode = self.rng.choice(("random", "random", *NAMED_POINTS))
        if mode == "random":
            self.kill_now()
            self._killed("random moment")
        elif mode in ("after-send", "after-edit", "after-review"):
            await self._kill_after(mode)
        else:
            self.kill_now()
            await self.reap()
            await self.start(kill_at=f"store-commit:{self.rng.randint(1, 6)}")
            self.publish()
            if not await self._dies_within(8):
                self.kill_now()
                self._killed("random moment")
            else:
                self._killed("store-commit")
        await self.reap()

    async def _kill_after(self, point: str) -> None:
        method = {
            "after-send": "SendMessage",
            "after-edit": "EditMessage",
            "after-review": "SetBotCallbackAnswer",
        }[point]
        fired = asyncio.Event()
        await self._bot_connected()

        def kill(request: Any) -> None:
            self.kill_now()
            fired.set()
            raise ConnectionError(f"killed at {point}")

        self.server.after(method, kill, account=self.bot)
        if point == "after-send":
            self.publish(fresh=True)
        elif point == "after-edit":
            self.publish()
            self.publish()
        else:
            await self.press(wait=5.0)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(fired.wait(), 10)
        self.server._after = [h for h in self.server._after if h.callback is not kill]
        if fired.is_set():
            self._killed(point)
        else:
            self.kill_now()
            self._killed("random moment")

    async def _bot_connected(self, limit: float = 10.0) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        while not self.server.sessions_of(self.bot) and loop.time() < deadline:
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.5)  # its handlers are registered right after the login

    async def _dies_within(self, seconds: float) -> bool:
        assert self.child is not None
        try:
            await asyncio.wait_for(self.child.wait(), seconds)
        except TimeoutError:
            return False
        return self.child.returncode == -signal.SIGKILL

    # -- the end ----------------------------------------------------------------------------

    async def run(self, settle: float = 120.0) -> Figures:
        started = time.monotonic()
        await self.setup()
        try:
            while self.figures.kills < self.target_kills:
                await self.round()
            await self.start()
            await self._settled(settle)
            assert self.child is not None
            self.child.send_signal(signal.SIGTERM)
            code = await self.reap()
            if code != 0:
                self.figures.problems.append(f"the last run exited with {code}, not 0")
        finally:
            self.kill_now()
            await self.reap()
            await self.tcp.stop()
        self.figures.seconds = time.monotonic() - started
        self.check()
        return self.figures

    def _db(self) -> sqlite3.Connection:
        return sqlite3.connect(f"file:{self.data / 'tgradar.db'}?mode=ro", uri=True, timeout=5)

    async def _settled(self, limit: float) -> None:
        """Wait until every post is stored, nothing is pending and every incident has a card."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        while loop.time() < deadline:
            await asyncio.sleep(1.0)
            try:
                with contextlib.closing(self._db()) as db:
                    posts = db.execute("SELECT COUNT(*) FROM posts").fetchone()[0]
                    pending = db.execute(
                        "SELECT COUNT(*) FROM outbox WHERE state = 'pending'"
                    ).fetchone()[0]
                    incidents = db.execute(
                        "SELECT COUNT(*) FROM incidents WHERE retracted = 0"
                    ).fetchone()[0]
                    cards = db.execute(
                        "SELECT COUNT(*) FROM cards WHERE message_id IS NOT NULL"
                    ).fetchone()[0]
            except sqlite3.Error:
                continue
            if posts >= self.figures.posts and not pending and cards >= incidents:
                await asyncio.sleep(2.0)  # edits of posts are looked for by time
                return

    def _check_subscriber(self, store: Store, incidents: list[Any], render: Any) -> None:
        """The subscriber got one message per incident, showing its final state."""
        f = self.figures
        chat = str(self.subscriber.id)
        got = [
            m for m in self.server.messages(self.subscriber, with_=self.bot) if m.sender is self.bot
        ]
        for incident in incidents:
            shown = [m for m in got if incident.id in m.text.split()]
            sent = store.outbox_by_key(send_key(incident.id, self.subscriber.id))
            if not shown and sent is not None and sent["message_id"] is not None:
                # An absorbed incident's message may carry the survivor now (its card shows
                # the survivor's id, not this one): the message the send recorded is it.
                shown = [m for m in got if m.id == sent["message_id"]]
            if len(shown) > 1:
                f.duplicates += len(shown) - 1
                f.problems.append(f"{incident.id}: {len(shown)} alerts to the subscriber")
            if not shown:
                if sent is not None and sent["state"] != "failed" and self.subscribed:
                    f.missing += 1
                    f.problems.append(f"{incident.id}: the subscriber's alert is missing")
                continue
            card = render(incident.id, chat)
            if card is not None and html.parse(card.text)[0] != shown[-1].text:
                f.stale += 1
                f.problems.append(f"{incident.id}: the subscriber's alert is not final")
            f.cards += 1

    def _check_raids(self, store: Store) -> None:
        """Every alert's wave was ended by its all-clear, whichever was read first."""
        holding = {}
        for incident in store.incidents():
            for key in incident.posts:
                holding.setdefault(key, set()).add(incident.id)
        for alert, all_clear in self.raided:
            if not holding.get(alert, set()) & holding.get(all_clear, set()):
                self.figures.unended += 1
                self.figures.problems.append(f"{alert}: its wave was not ended by {all_clear}")

    def check(self) -> None:
        f = self.figures
        settings = load_settings(self.config, env={})
        store = Store(self.data / "tgradar.db")
        try:
            published = {
                (name, m.id)
                for name, chan in self.channels.items()
                for m in self.server.messages(chan)
                if not m.deleted
            }
            stored = {tuple(r) for r in store.db.execute("SELECT channel, message_id FROM posts")}
            f.lost = len(published - stored)
            cards = self.cards()
            # Cards as the daemon renders them from this database (its App, without clients).
            render = App(settings, store, None, None).render  # type: ignore[arg-type]
            incidents = store.incidents(include_retracted=True)
            f.incidents = len(incidents)
            f.cards = len(cards)
            for incident in incidents:
                shown = [m for m in cards if incident.id in m.text.split()]
                if len(shown) > 1:
                    f.duplicates += len(shown) - 1
                    f.problems.append(f"{incident.id}: {len(shown)} cards")
                if not shown and store.incident_retracted(incident.id):
                    continue  # retracted before its card went out: nothing to show
                if not shown:
                    f.missing += 1
                    f.problems.append(f"{incident.id}: no card")
                    continue
                card = render(incident.id, REVIEW)
                text, _ = html.parse(card.text)
                buttons = [[b.data for b in row] for row in card.buttons]
                message = shown[-1]
                if message.text != text or [[d for _, d in r] for r in message.buttons] != buttons:
                    f.stale += 1
                    f.problems.append(f"{incident.id}: the card is not the final state")
            self._check_subscriber(store, incidents, render)
            self._check_raids(store)
            f.stuck = len(store.outbox("pending")) + len(store.outbox("failed"))
            if f.stuck:
                f.problems.append(f"{f.stuck} outbox rows pending or failed")
        finally:
            store.close()
