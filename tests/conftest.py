"""The sandbox world the daemon-level tests share, built with tgradar's own client factory.

`SandboxWorld` is Telegram as the daemon finds it: the watching account subscribed to news
channels, a duty editor who is admin of the review megagroup, a stranger who is a plain member
of it, and the bot. Clients are `bot.runner.build_client` clients (the production settings)
whose `_sender` talks to the sandbox; the rest of Telethon runs unchanged.
"""

from __future__ import annotations

import asyncio
import atexit
import itertools
import os
import shutil
import tempfile
from dataclasses import replace
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from telethon import TelegramClient
from telethon.crypto import AuthKey
from telethon.sessions import SQLiteSession

from bot.app import App
from bot.config import ChannelSettings, ReviewSettings, Secrets, Settings, StorageSettings
from bot.detect import Detector
from bot.detect.gazetteer import Gazetteer
from bot.runner import build_client
from bot.sandbox import (
    SANDBOX_API_HASH,
    SANDBOX_API_ID,
    Account,
    SandboxServer,
    connect_client,
    sandbox_client,
)
from bot.store import Store

REVIEW = "tgradar_review"

# The tables detection derives at its first start (bot/detect/cache.py) go to a directory of
# the test session's own, not the user's cache: derived once, then read by every test and
# every tgradar process the tests start.
_CACHE = tempfile.mkdtemp(prefix="tgradar-test-cache-")
os.environ["TGRADAR_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, True)


class SandboxWorld:
    """A sandbox Telegram with the watching account, the editor, a stranger, the bot, the
    review chat and `channels`; `data_dir` (if given) is where the daemon keeps its files."""

    def __init__(
        self,
        channels: tuple[str, ...] = (),
        data_dir: Path | None = None,
        review_title: str = "Дежурная смена",
    ) -> None:
        self.server = SandboxServer()
        self.watcher = self.server.add_user("tgradar_watcher", first_name="Наблюдатель")
        self.editor = self.server.add_user("duty_editor", first_name="Duty", lang_code="ru")
        self.stranger = self.server.add_user("random_person")
        self.bot = self.server.add_bot("tgradar_bot")
        self.review = self.server.add_megagroup(
            REVIEW,
            title=review_title,
            members=[self.bot, self.editor, self.stranger],
            admins=[self.editor],
        )
        self.channel_names = tuple(channels)
        self.channels = {
            name: self.server.add_channel(name, title=name.upper(), subscribers=[self.watcher])
            for name in channels
        }
        self.data_dir = data_dir
        self.connected: list[TelegramClient] = []
        self.built = 0

    # -- clients -------------------------------------------------------------------------

    async def client(self, account: Account, **overrides: Any) -> TelegramClient:
        """A connected production client for `account` (disconnected by `disconnect_all`)."""
        name = "bot" if account.is_bot else "user"
        client = await connect_client(
            self.server, account, build=partial(build_client, account=name), **overrides
        )
        self.connected.append(client)
        return client

    def build(self, session: Any, api_id: int, api_hash: str, *, account: str) -> TelegramClient:
        """`bot.runner.ClientBuilder` for connect_clients and the doctor: the production
        client on `session` (a path or a StringSession), talking to the sandbox."""
        self.built += 1
        return sandbox_client(
            self.server, None, session=session, build=partial(build_client, account=account)
        )

    async def disconnect_all(self) -> None:
        for client in self.connected:
            await client.disconnect()
        self.connected = []

    # -- the daemon's files and settings --------------------------------------------------

    def daemon_settings(self, **changes: Any) -> Settings:
        """Settings of a daemon watching the world's channels and keeping cards in REVIEW,
        with the secrets the sandbox accepts and (with a data dir) its database there."""
        data = self.data_dir
        settings = Settings(
            channels=ChannelSettings(watch=self.channel_names),
            review=ReviewSettings(chat=REVIEW),
            secrets=Secrets(
                api_id=SANDBOX_API_ID, api_hash=SANDBOX_API_HASH, bot_token=self.bot.bot_token
            ),
            **(
                {"storage": StorageSettings(database=data / "tgradar.db"), "data_dir": data}
                if data is not None
                else {}
            ),
        )
        return replace(settings, **changes)

    def quick(self, settings: Settings) -> Settings:
        """`settings` tuned for tests: no poll jitter, no request budget, no edit interval."""
        return replace(
            settings,
            poll=replace(settings.poll, jitter=timedelta(0), requests_per_minute=10_000),
            delivery=replace(settings.delivery, edit_interval=timedelta(0)),
        )

    def save_session(
        self, authorized: bool = True, account: str = "default", user: Account | None = None
    ) -> None:
        """A user session file as `tgradar login [--account NAME]` leaves it (owner-only),
        logged in as `user` (the watcher by default)."""
        assert self.data_dir is not None
        path = self.daemon_settings().session_path(account)
        session = SQLiteSession(str(path))
        session.set_dc(2, "149.154.167.51", 443)
        session.auth_key = AuthKey(os.urandom(256))
        session.save()
        if authorized:
            self.server.authorize_key(session.auth_key.key_id, user or self.watcher)
        session.close()
        path.chmod(0o600)

    # -- an App on the world ----------------------------------------------------------------

    async def start_app(
        self, settings: Settings, store: Store, detector: Detector | None = None, **kwargs: Any
    ) -> App:
        """The daemon's App on production clients, its handlers registered as App.start does
        them, the scheduler not started. The
        sender's rate-limit clock moves 1.5 s per look, so no test waits a real second."""
        user = await self.client(self.watcher)
        bot = await self.client(self.bot)
        app = App(settings, store, user, bot, detector=detector, **kwargs)
        app.register_handlers()
        ticks = itertools.count(step=1.5)
        app.sender.clock = lambda: float(next(ticks))
        return app

    async def start_daemon(self, detector: Detector, db_path: Path | None = None) -> App:
        """A daemon process on this world: its store at `db_path` (in memory without one),
        `quick` settings, production clients (`start_app`); `stop_daemon` ends it."""
        self.store = Store(db_path)
        self.app = await self.start_app(self.quick(self.daemon_settings()), self.store, detector)
        return self.app

    async def stop_daemon(self) -> None:
        await self.app.poller.stop()  # its live catch-up tasks end with the process
        await self.disconnect_all()
        self.store.close()

    def bot_messages_in(self, chat: Any) -> list[Any]:
        return [m for m in self.server.messages(chat) if m.sender is self.bot]


class DaemonWorld(SandboxWorld):
    """The world with the daemon on a database of its own (`db_path`; in memory without),
    started and stopped as a process is, and a reader who may subscribe to it."""

    def __init__(
        self, channels: tuple[str, ...], detector: Detector, db_path: Path | None = None
    ) -> None:
        super().__init__(channels)
        self.detector = detector
        self.db_path = db_path
        self.reader = self.server.add_user("ivan_reader", first_name="Ivan", lang_code="ru")
        self.app: App | None = None

    async def start(self) -> App:
        return await self.start_daemon(self.detector, self.db_path)

    async def stop(self) -> None:
        await self.stop_daemon()

    async def subscribe(self, where: str = "Кубань") -> None:
        """The reader subscribes to `where` (as they would write it to the bot)."""
        await self.server.user_sends(self.reader, self.bot, f"/subscribe {where}")
        for _ in range(300):
            if self.store.subscriptions_of(self.reader.id):
                return
            await asyncio.sleep(0.01)
        raise AssertionError("the subscription was not stored")

    async def drain(self) -> None:
        for _ in range(3):
            await self.app.sender.drain()

    def cards(self) -> list[Any]:
        return self.bot_messages_in(self.review)

    def to_reader(self) -> list[Any]:
        """What the bot wrote to the reader, oldest first."""
        mine = self.server.messages(self.reader, with_=self.bot)
        return [m for m in mine if m.sender is self.bot]


@pytest.fixture(autouse=True)
def every_html_text_is_strict(monkeypatch: pytest.MonkeyPatch):
    """Every HTML text the bot hands Telethon in any test (cards, replies, digests) must pass
    a strict parse of Telegram's subset: user or post text in it is escaped."""
    from telethon.extensions import html as telethon_html

    from tests.strict_html import html_problems

    seen: list[str] = []
    parse = telethon_html.parse

    def recording_parse(text: str):
        seen.append(text)
        return parse(text)

    monkeypatch.setattr(telethon_html, "parse", recording_parse)
    yield seen
    broken = [(text[:120], problems) for text in seen if (problems := html_problems(text))]
    assert not broken, f"HTML Telegram would refuse or read as live markup: {broken[:5]}"


@pytest.fixture(scope="session")
def detector() -> Detector:
    return Detector()


@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    """The gazetteer detection ships with, as detection tests read it."""
    return Gazetteer.default()


@pytest.fixture
def sandbox_world(tmp_path: Path) -> SandboxWorld:
    data = tmp_path / "data"
    data.mkdir()
    return SandboxWorld(data_dir=data)
