"""Live updates, catch-up by difference and the pool of accounts: the whole daemon on the
sandbox, with Telegram clients built the way `tgradar run` builds them (session files in the
data directory, `bot.runner.connect_clients` and `build_client`)."""

from __future__ import annotations

import asyncio
import os
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app import App
from bot.config import (
    AccountSettings,
    ChannelSettings,
    IncidentSettings,
    PollSettings,
)
from bot.detect.gazetteer import Gazetteer
from bot.health import health_problems
from bot.metrics import status_metrics
from bot.models import Post
from bot.runner import build_client, connect_clients
from bot.store import Store
from tests.conftest import SandboxWorld


@pytest.fixture(scope="module")
def alerts(detector):
    """Alert lines for the capitals of different regions: each opens its own incident."""
    lines = []
    for region in Gazetteer.default().regions():
        line = f"{region.capital} / Опасность по БПЛА."
        if detector.detect(Post("t", 1, datetime.now(UTC), line)).regions == (region.code,):
            lines.append(line)
    return lines


async def wait_for(condition, timeout=20.0, step=0.05):
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(step)


class World(SandboxWorld):
    """The shared sandbox world with watching accounts whose session files sit in the data
    directory (as `tgradar login` leaves them), `channels` alert channels nobody has joined
    yet, and the daemon started the way `tgradar run` starts it."""

    def __init__(
        self, tmp_path: Path, detector, accounts=("default",), channels=5, poll=None, **pool
    ):
        super().__init__(data_dir=tmp_path)
        self.tmp_path = tmp_path
        self.detector = detector
        self.users = {
            name: self.watcher if name == "default" else self.server.add_user(f"watcher_{name}")
            for name in accounts
        }
        self.names = [f"alerts_{i:03d}" for i in range(channels)]
        self.channel_names = tuple(self.names)
        self.channels = {n: self.server.add_channel(n) for n in self.names}
        start = datetime.now(UTC) - timedelta(hours=2)
        for chat in self.channels.values():
            self.server.post(chat, "Канал запущен.", date=start)
        self.settings = self.daemon_settings(
            poll=poll or PollSettings(jitter=timedelta(0), requests_per_minute=6000),
            accounts=AccountSettings(names=tuple(accounts), **pool),
            incidents=IncidentSettings(gap=timedelta(hours=3)),
        )
        for name, user in self.users.items():
            self.save_session(account=name, user=user)
        self.app: App | None = None
        self.clients: list = []

    async def start(self, build=None) -> App:
        users, bot = await connect_clients(self.settings, build=build or self.build)
        self.clients = [*users.values(), bot]
        self.store = Store(self.settings.storage.database)
        self.app = App(
            self.settings, self.store, users, bot, detector=self.detector, sender_interval=0.05
        )
        self.app.sender.per_chat_interval = 0.0  # the sandbox does not hold groups to a pace
        self.app.sender.per_group_per_minute = 10_000
        await self.app.start()
        return self.app

    async def stop(self) -> None:
        if self.app is not None:
            await self.app.stop(drain_for=timedelta(seconds=2))
        for client in self.clients:
            await client.disconnect()
        self.store.close()
        self.app = None

    def joined(self, account="default") -> set[str]:
        user = self.users[account]
        return {n for n, c in self.channels.items() if user.id in c.members}

    async def settled(self) -> None:
        """Every channel is joined and its pts known (the catch-up after the joins ran)."""

        def done():
            rows = [self.store.channel(n) or {} for n in self.names]
            return all(r.get("joined") and r.get("pts") for r in rows)

        await wait_for(done)

    def cards(self) -> list:
        return [m for m in self.server.messages(self.review) if m.sender is self.bot]

    def stored(self) -> set[tuple[str, int]]:
        return {(r["channel"], r["message_id"]) for r in self.store.db["posts"].rows}


@pytest.fixture(autouse=True)
def no_crashed_jobs(caplog):
    """A job or a live-update task that raised is a bug, even when the test passes."""
    yield
    crashed = [
        r.getMessage()
        for r in caplog.records
        if r.levelname == "ERROR"
        and r.name in ("apscheduler.executors.default", "bot.telegram.live")
    ]
    assert not crashed, crashed


@pytest.fixture
async def world(tmp_path, detector):
    worlds = []

    def make(**kwargs):
        w = World(tmp_path, detector, **kwargs)
        worlds.append(w)
        return w

    yield make
    for w in worlds:
        if w.app is not None:
            await w.stop()


# -- the sandbox: what live updates need from Telegram ---------------------------------------


async def test_sandbox_join_limit_pushes_to_members_only_and_leaving(tmp_path, detector):
    from telethon import errors, events
    from telethon.tl import functions

    w = World(tmp_path, detector, channels=3)
    user = w.users["default"]
    user.channel_limit = 2
    users, bot = await connect_clients(w.settings, build=w.build)
    client = users["default"]
    seen = []
    client.add_event_handler(lambda e: seen.append(e.message.text), events.NewMessage())
    try:
        a, b, c = w.names
        w.server.post(w.channels[a], "before joining")
        await asyncio.sleep(0.1)
        assert seen == []  # no push from a channel the account has not joined
        await client(functions.channels.JoinChannelRequest(a))
        await client(functions.channels.JoinChannelRequest(a))  # again: no error, no change
        await client(functions.channels.JoinChannelRequest(b))
        with pytest.raises(errors.ChannelsTooMuchError):
            await client(functions.channels.JoinChannelRequest(c))
        w.server.post(w.channels[a], "joined a")
        w.server.post(w.channels[c], "not joined c")
        await wait_for(lambda: seen == ["joined a"])
        await client(functions.channels.LeaveChannelRequest(a))
        await client(functions.channels.JoinChannelRequest(c))  # room again
        w.server.post(w.channels[a], "left a")
        w.server.post(w.channels[c], "joined c")
        await wait_for(lambda: seen == ["joined a", "joined c"])
    finally:
        for one in (client, bot):
            await one.disconnect()


async def test_sandbox_channel_difference_pages_and_too_long(tmp_path, detector):
    from telethon import errors
    from telethon.tl import functions, types

    w = World(tmp_path, detector, channels=1)
    chat = w.channels[w.names[0]]
    users, bot = await connect_clients(w.settings, build=w.build)
    client = users["default"]
    try:
        start = chat.pts
        for i in range(5):
            w.server.post(chat, f"post {i}")
        peer = await client.get_input_entity(w.names[0])

        def ask(pts, limit):
            return client(
                functions.updates.GetChannelDifferenceRequest(
                    channel=types.InputChannel(peer.channel_id, peer.access_hash),
                    filter=types.ChannelMessagesFilterEmpty(),
                    pts=pts,
                    limit=limit,
                )
            )

        whole = await ask(start, 10)
        assert whole.final and whole.pts == chat.pts
        assert [m.message for m in whole.new_messages] == [f"post {i}" for i in range(5)]
        too_long = await ask(start, 3)  # Telegram: pts + limit < remote pts
        assert isinstance(too_long, types.updates.ChannelDifferenceTooLong)
        assert too_long.dialog.pts == chat.pts and len(too_long.messages) == 3
        chat.too_long_after = 100  # this channel pages instead
        first = await ask(start, 3)
        assert not first.final and len(first.new_messages) == 3
        rest = await ask(first.pts, 3)
        assert rest.final and [m.message for m in rest.new_messages] == ["post 3", "post 4"]
        empty = await ask(chat.pts, 3)
        assert isinstance(empty, types.updates.ChannelDifferenceEmpty)
        with pytest.raises(errors.PersistentTimestampInvalidError):
            await ask(chat.pts + 5, 3)
    finally:
        for one in (client, bot):
            await one.disconnect()


async def test_sandbox_interrupted_connection_loses_pushes_and_reconnects(tmp_path, detector):
    from telethon import events
    from telethon.tl import functions

    w = World(tmp_path, detector, channels=1)
    chat = w.channels[w.names[0]]
    users, bot = await connect_clients(w.settings, build=w.build)
    client = users["default"]
    reconnected = []

    async def hook():
        reconnected.append(True)

    client.reconnect_hooks.append(hook)
    seen = []
    client.add_event_handler(lambda e: seen.append(e.message.text), events.NewMessage())
    try:
        await client(functions.channels.JoinChannelRequest(w.names[0]))
        assert w.server.interrupt_connections(w.users["default"]) == 1
        w.server.post(chat, "while the link is down")
        waiting = asyncio.ensure_future(client.get_me())  # queued, not failed
        await asyncio.sleep(0.1)
        assert not waiting.done() and seen == []
        w.server.restore_connections(w.users["default"])
        assert (await waiting).id == w.users["default"].id
        await wait_for(lambda: reconnected == [True])
        w.server.post(chat, "after")
        await wait_for(lambda: seen == ["after"])  # the lost push stays lost
    finally:
        for one in (client, bot):
            await one.disconnect()


# -- the daemon: live by default ---------------------------------------------------------------


async def test_every_post_reaches_a_card_and_quiet_channels_cost_nothing(world, alerts):
    w = world(channels=30, catch_up=timedelta(seconds=1))
    await w.start()
    await w.settled()
    assert w.joined() == set(w.names)
    busy = w.names[:3]
    before = w.server.requests_by(w.users["default"])
    texts = alerts[:12]
    for i, text in enumerate(texts):
        w.server.post(w.channels[busy[i % len(busy)]], text)
        await asyncio.sleep(0.05)
    await wait_for(lambda: len(w.cards()) == len(texts))
    await asyncio.sleep(2.5)  # two more periodic catch-ups
    spent = w.server.requests_by(w.users["default"]) - before
    # Pushes cost nothing; a periodic catch-up is one dialogs page for all 30 channels, and
    # no channel (quiet or busy) needed a difference or a history read.
    assert set(spent) <= {"GetDialogsRequest"}, spent
    assert spent["GetDialogsRequest"] >= 2
    assert len({(c, m) for c, m in w.stored() if c in busy}) == 3 + len(texts)
    # a deletion moves the pts on without a gap; each catch-up counts as a check for health
    w.server.delete_message(w.channels[busy[0]], 1)
    await asyncio.sleep(1.5)
    spent = w.server.requests_by(w.users["default"]) - before
    assert set(spent) <= {"GetDialogsRequest"}, spent
    assert all(w.store.channel(n)["last_poll_at"] for n in w.names)
    assert health_problems(w.app.status(), datetime.now(UTC), w.settings) == []


async def test_restart_catches_up_by_difference_and_history_losing_nothing(world, alerts):
    w = world(channels=6)
    await w.start()
    await w.settled()
    await w.stop()
    # While the daemon is down: a few posts in two channels, 150 in a third (too many for
    # one difference: the history since the cursor is read), an edit, nothing elsewhere.
    a, b, c = (w.channels[n] for n in w.names[:3])
    expected = set()
    for text in alerts[:3]:
        expected.add((w.names[0], w.server.post(a, text).id))
    expected.add((w.names[1], w.server.post(b, alerts[3]).id))
    for i in range(150):
        expected.add((w.names[2], w.server.post(c, f"Сводка {i}: без происшествий.").id))
    w.server.edit(b, 1, "Канал запущен (исправлено).")
    w.server.requests.clear()
    await w.start()
    await wait_for(lambda: expected <= w.stored())
    await wait_for(lambda: len(w.cards()) == 4)
    assert w.store.post(w.names[1], 1).text == "Канал запущен (исправлено)."
    # one difference per channel with news, none for the quiet three
    assert w.server.requests["GetChannelDifferenceRequest"] == 3
    assert w.server.requests["GetHistoryRequest"] >= 2  # the too-long gap, paged
    assert w.server.requests["JoinChannelRequest"] == 0  # joined before the restart
    count = w.store.count("posts")
    assert count == len(w.stored()) == len(expected) + 6
    for name in w.names:
        row = w.store.channel(name)
        assert row["pts"] == w.channels[name].pts
    await asyncio.sleep(0.5)
    assert len(w.cards()) == 4  # nothing sent twice


async def test_dropped_connection_and_lost_pushes_lose_nothing(world, alerts):
    w = world(channels=4)
    await w.start()
    await w.settled()
    user = w.users["default"]
    chats = [w.channels[n] for n in w.names]
    w.server.interrupt_connections(user)
    down = [w.server.post(chats[i % 4], alerts[i]) for i in range(6)]
    w.server.restore_connections(user)  # the client's reconnect hook starts a catch-up
    await wait_for(lambda: {(m.chat.username, m.id) for m in down} <= w.stored())
    # a push lost on a live connection: the next push shows the gap in the channel's pts
    w.server.drop_next_updates(1)
    lost = w.server.post(chats[0], alerts[6])
    after = w.server.post(chats[0], alerts[7])
    await wait_for(lambda: {(w.names[0], lost.id), (w.names[0], after.id)} <= w.stored())
    await wait_for(lambda: len(w.cards()) == 8)
    await asyncio.sleep(0.3)
    assert len(w.cards()) == 8
    assert w.app.poller.pollers["default"].live.gaps >= 1


# -- the pool of accounts ------------------------------------------------------------------


async def test_pool_shares_channels_by_load_and_polls_past_the_join_limit(world, alerts):
    fast = PollSettings(
        min_interval=timedelta(seconds=0.2),
        max_interval=timedelta(seconds=0.5),
        jitter=timedelta(0),
        requests_per_minute=6000,
    )
    w = world(accounts=("default", "second"), channels=8, join_limit=3, poll=fast)
    await w.start()
    await wait_for(lambda: len(w.joined("default")) == 3 and len(w.joined("second")) == 3)
    counts = w.store.channel_counts()
    assert counts == {"default": (3, 1), "second": (3, 1)}
    polled = [n for n in w.names if not w.store.channel(n)["joined"]]
    assert all(w.app.scheduler.get_job(f"poll:{n}") for n in polled)
    for i, name in enumerate(w.names):
        w.server.post(w.channels[name], alerts[i])
    await wait_for(lambda: len(w.cards()) == 8)
    status = w.app.status()["poller"]
    by_name = {a["account"]: a for a in status["accounts"]}
    assert by_name["second"]["joined"] == 3 and by_name["second"]["polled"] == 1
    assert by_name["default"]["join_limit"] == 3 and by_name["default"]["state"] == "up"
    gauges = {
        (m.name, tuple(sorted(s.labels.items()))): s.value
        for m in status_metrics(w.app.status(), datetime.now(UTC))
        for s in m.samples
    }
    assert gauges[("tgradar_account_channels", (("account", "second"), ("mode", "joined")))] == 3
    assert gauges[("tgradar_account_channels", (("account", "second"), ("mode", "polled")))] == 1
    assert gauges[("tgradar_account_up", (("account", "default"),))] == 1
    assert gauges[("tgradar_account_join_limit", (("account", "default"),))] == 3
    assert gauges[("tgradar_account_poll_interval_seconds", (("account", "default"),))] >= 0.2


async def test_a_lost_account_hands_its_channels_to_the_others(world, alerts):
    w = world(accounts=("default", "second"), channels=6)
    await w.start()
    await w.settled()
    lost = {n for n in w.names if w.store.channel(n)["account"] == "second"}
    assert len(lost) == 3
    # Telegram bans the second account: every request of it is refused from now on
    w.server.fail("*", "USER_DEACTIVATED_BAN", times=None, account=w.users["second"])
    w.server.interrupt_connections(w.users["second"])
    w.server.restore_connections(w.users["second"])  # its catch-up meets the ban
    await wait_for(lambda: "second" in w.app.poller.down)
    await wait_for(lambda: w.joined("default") == set(w.names))
    await w.settled()
    for i, name in enumerate(sorted(lost)):
        w.server.post(w.channels[name], alerts[i])
    await wait_for(lambda: len(w.cards()) == 3)
    accounts = {a["account"]: a for a in w.app.status()["poller"]["accounts"]}
    assert accounts["second"]["state"] == "down" and accounts["default"]["joined"] == 6


async def test_a_long_flood_wait_moves_polled_channels(world, alerts):
    w = world(accounts=("default", "second"), channels=4, join_limit=0)  # poll everything
    await w.start()
    await wait_for(lambda: all(w.store.cursor(n) for n in w.names))
    victims = [n for n in w.names if w.store.channel(n)["account"] == "default"]
    w.server.fail("GetHistory", "FLOOD_WAIT_600", account=w.users["default"])
    results = [await w.app.poller.poll(n) for n in victims]
    assert any(r.error == "flood wait 600s" for r in results)
    assert all(w.store.channel(n)["account"] == "second" for n in w.names)
    for i, name in enumerate(victims):
        w.server.post(w.channels[name], alerts[i])
        await w.app.poller.poll(name)
    await wait_for(lambda: len(w.cards()) == len(victims))
    status = w.app.status()["poller"]
    assert status["moves"] == len(victims) and status["flood_waits"] == 1


# -- tgradar run with a pool ----------------------------------------------------------------


async def test_run_goes_on_when_one_account_of_the_pool_is_gone(tmp_path, detector, alerts):
    import signal

    from bot.runner import EXIT_OK, run_daemon

    w = World(tmp_path, detector, accounts=("default", "second"), channels=4)

    async def clients(settings):
        return await connect_clients(settings, build=w.build)

    def stored_accounts():
        store = Store(w.settings.storage.database)
        try:
            return {n: store.channel(n) for n in w.names}
        finally:
            store.close()

    daemon = asyncio.create_task(run_daemon(w.settings, clients=clients, port=0))
    await wait_for(lambda: len(w.joined("default")) == 2 and len(w.joined("second")) == 2)
    w.server.drop_connections(w.users["second"])  # gone for good: Telethon gave up
    await wait_for(lambda: w.joined("default") == set(w.names))
    assert not daemon.done()  # the daemon goes on with the other account
    await wait_for(
        lambda: all(r["account"] == "default" and r["pts"] for r in stored_accounts().values())
    )
    for i, name in enumerate(w.names):
        w.server.post(w.channels[name], alerts[i])
    await wait_for(lambda: len(w.cards()) == 4)
    os.kill(os.getpid(), signal.SIGTERM)
    assert await asyncio.wait_for(daemon, 15) == EXIT_OK


async def test_run_refuses_without_the_session_of_a_listed_account(tmp_path, detector, capsys):
    from bot.runner import EXIT_SETUP, run_daemon

    w = World(tmp_path, detector, accounts=("default", "second"), channels=1)
    w.settings.session_path("second").unlink()

    async def clients(settings):
        return await connect_clients(settings, build=w.build)

    assert await run_daemon(w.settings, clients=clients, port=0) == EXIT_SETUP
    err = capsys.readouterr().err
    assert "tgradar-second.session does not exist" in err
    assert "tgradar login --account second" in err


async def test_an_empty_channel_costs_nothing_and_its_first_post_arrives(world, alerts):
    w = world(channels=2, catch_up=timedelta(seconds=0.5))
    w.channels["empty_news"] = w.server.add_channel("empty_news")  # never posted
    w.names.append("empty_news")
    w.settings = replace(w.settings, channels=ChannelSettings(watch=tuple(w.names)))
    await w.start()
    await w.settled()
    before = w.server.requests_by(w.users["default"])
    await asyncio.sleep(1.5)
    spent = w.server.requests_by(w.users["default"]) - before
    assert set(spent) == {"GetDialogsRequest"}, spent
    first = w.server.post(w.channels["empty_news"], alerts[0])
    await wait_for(lambda: ("empty_news", first.id) in w.stored())
    await wait_for(lambda: len(w.cards()) == 1)
    assert w.store.channel("empty_news")["pts"] == w.channels["empty_news"].pts


async def test_a_full_account_keeps_its_busiest_channels_joined(world):
    w = world(channels=3, join_limit=2)
    await w.start()
    await wait_for(lambda: len(w.joined()) == 2)
    [polled] = [n for n in w.names if not w.store.channel(n)["joined"]]
    await wait_for(lambda: w.store.cursor(polled) > 0)
    for i in range(4):  # the polled channel turns out busy
        w.server.post(w.channels[polled], f"Новость {i}: без происшествий.")
    await w.app.poller.poll(polled)
    assert await w.app.poller.join_pending("default") == 1
    assert polled in w.joined() and len(w.joined()) == 2
    [left] = [n for n in w.names if not w.store.channel(n)["joined"]]
    assert w.app.scheduler.get_job(f"poll:{left}") is not None  # polled from now on
    assert w.app.scheduler.get_job(f"poll:{polled}") is None
    assert await w.app.poller.join_pending("default") == 0  # no swapping back and forth
    post = w.server.post(w.channels[polled], "Новость 5: без происшествий.")
    await wait_for(lambda: (polled, post.id) in w.stored())  # by push


async def test_sandbox_dialog_pages_tell_equal_dates_apart_by_peer(tmp_path, detector):
    w = World(tmp_path, detector, channels=250)  # every first post has the same date
    user = w.users["default"]
    for chat in w.channels.values():
        w.server.join(chat, user)
    users, bot = await connect_clients(w.settings, build=w.build)
    client = users["default"]
    try:
        seen = [d.entity.username async for d in client.iter_dialogs()]
        assert sorted(seen) == sorted(w.names)
        assert w.server.requests_by(client)["GetDialogsRequest"] == 3  # 100 a page
    finally:
        for one in (client, bot):
            await one.disconnect()


# -- the join limit: Telegram's, per account, learned -----------------------------------------


def in_other_chats(w: World, account: str, count: int) -> None:
    """The account is a member of `count` channels tgradar does not watch (they count toward
    Telegram's limit all the same)."""
    for i in range(count):
        w.server.join(w.server.add_channel(f"other_{account}_{i:03d}"), w.users[account])


async def test_sandbox_premium_accounts_join_a_thousand_channels(tmp_path, detector):
    from telethon import errors
    from telethon.tl import functions

    w = World(tmp_path, detector, accounts=("default", "second"), channels=2)
    w.users["second"].premium = True
    for account in w.users:
        in_other_chats(w, account, 499)
    users, bot = await connect_clients(w.settings, build=w.build)
    regular, premium = users["default"], users["second"]
    try:
        assert not (await regular.get_me()).premium and (await premium.get_me()).premium
        a, b = w.names
        await regular(functions.channels.JoinChannelRequest(a))  # the 500th
        with pytest.raises(errors.ChannelsTooMuchError):
            await regular(functions.channels.JoinChannelRequest(b))
        await premium(functions.channels.JoinChannelRequest(a))
        await premium(functions.channels.JoinChannelRequest(b))  # 501 channels: Premium
        for i in range(499):  # up to 1,000
            w.server.join(w.server.add_channel(f"more_{i:03d}"), w.users["second"])
        w.server.add_channel("more_extra")
        with pytest.raises(errors.ChannelsTooMuchError):
            await premium(functions.channels.JoinChannelRequest("more_extra"))
    finally:
        for one in (*users.values(), bot):
            await one.disconnect()


async def test_a_premium_account_joins_past_500_and_a_refusal_is_learned(world, alerts):
    # Both accounts are in other chats: the regular one has room for 3 of the 10 channels
    # (Telegram refuses the 4th join), the Premium one for all that are left.
    w = world(accounts=("default", "second"), channels=10)
    w.users["second"].premium = True
    in_other_chats(w, "default", 497)
    in_other_chats(w, "second", 600)
    await w.start()
    await w.settled()
    assert len(w.joined("default")) == 3 and len(w.joined("second")) == 7
    assert w.server.requests_by(w.users["default"])["JoinChannelRequest"] == 4  # one refused
    assert all(w.app.scheduler.get_job(f"poll:{n}") is None for n in w.names)  # none polled
    accounts = {a["account"]: a for a in w.app.status()["poller"]["accounts"]}
    assert accounts["default"]["join_limit"] == 3 and accounts["default"]["full"]
    assert accounts["second"]["join_limit"] == 1000 and accounts["second"]["live_premium"]
    for i, name in enumerate(w.names):
        w.server.post(w.channels[name], alerts[i])
    await wait_for(lambda: len(w.cards()) == 10)


# -- the spare budget: overflow channels polled often when the joined ones cost little ----------


async def test_overflow_channels_share_the_spare_budget_and_not_after_a_flood_wait(world):
    from bot.telegram.budget import PLANNED_SHARE, polls_per_second
    from bot.telegram.poller import EDIT_CHECK_INTERVAL

    poll = PollSettings(
        min_interval=timedelta(seconds=1),
        max_interval=timedelta(minutes=10),
        jitter=timedelta(0),
        requests_per_minute=60,
    )
    w = world(channels=8, poll=poll, join_limit=3)
    await w.start()
    await wait_for(lambda: len(w.joined()) == 3)
    polled = [n for n in w.names if not w.store.channel(n)["joined"]]
    assert len(polled) == 5
    await wait_for(lambda: all(w.store.cursor(n) for n in polled))  # each read once
    await wait_for(lambda: all(w.store.channel(n)["pts"] for n in w.joined()))  # caught up
    account = w.app.poller.pollers["default"]

    def intervals() -> dict[str, float]:
        jobs = {n: w.app.scheduler.get_job(f"poll:{n}") for n in polled}
        return {n: job.trigger.interval.total_seconds() for n, job in jobs.items()}

    # Quiet channels want the longest interval (10 min); the budget left over by the three
    # joined ones (60 a minute, a dialogs page per catch-up) polls them far more often...
    spare = account.spare_interval()
    assert spare is not None and 1.0 <= spare < 60
    await wait_for(lambda: max(intervals().values()) <= spare * 1.5)
    # ... within the planned share of the budget, the rest of the account's work included
    planned = sum(polls_per_second(t, EDIT_CHECK_INTERVAL) for t in intervals().values())
    assert planned + account.other_rate() <= PLANNED_SHARE * 60 / 60 * 1.05
    assert w.app.status()["poller"]["accounts"][0]["poll_interval"] == pytest.approx(spare, 0.5)
    # Without live updates the same channels keep the intervals their activity asks for.
    account.live.enabled = False
    assert account.effective_interval(600.0) == 600.0
    account.live.enabled = True
    # A FloodWait: Telegram said it is too much, so no spare budget for an hour.
    w.server.fail("GetHistory", "FLOOD_WAIT_1", account=w.users["default"])
    await wait_for(lambda: account.budget.flood_waits == 1)
    assert account.spare_interval() is None
    await asyncio.sleep(1.1)
    before = {name: account.polls.get(name, 0) for name in polled}
    for _ in range(50):  # once the wait is over the polls go on, as the budget refills
        waiting = [name for name in polled if account.polls.get(name, 0) == before[name]]
        if not waiting:
            break
        for name in waiting:
            await w.app.poller.poll(name)
        await asyncio.sleep(0.2)
    assert all(account.polls[name] > before[name] for name in polled)
    assert min(intervals().values()) >= 60  # back to their own (quiet: long) intervals


# -- the reconnect seam: Telethon's own MTProtoSender, a real TCP connection --------------------


async def test_a_cut_connection_is_reconnected_by_telethon_and_caught_up(world, alerts):
    """Over TCP the clients use Telethon's own MTProtoSender: a cut connection is noticed and
    reconnected by Telethon, which calls the client's `_handle_auto_reconnect` (a private
    of Telethon that MeteredTelegramClient overrides); its hooks catch up what was pushed
    while the connection was down."""
    from bot.sandbox.tcp import SandboxTcpServer

    w = world(channels=3)
    tcp = SandboxTcpServer(w.server)
    await tcp.start()
    try:
        tcp.session_file(w.settings.session_path("default"), w.users["default"])
        tcp.session_file(w.settings.bot_session_path, None)  # the bot logs in with its token
        await w.start(build=build_client)  # the production factory, no sandbox sender
        await w.settled()
        sender = w.clients[0]._sender
        assert type(sender).__module__ == "telethon.network.mtprotosender"
        assert sender._auto_reconnect_callback == w.clients[0]._handle_auto_reconnect
        before = w.server.requests_by(w.users["default"])
        seen = tcp.connections_seen
        assert tcp.cut(w.users["default"]) == 1
        lost = [w.server.post(w.channels[n], alerts[i]) for i, n in enumerate(w.names)]
        await wait_for(lambda: {(m.chat.username, m.id) for m in lost} <= w.stored())
        await wait_for(lambda: len(w.cards()) == 3)
        assert tcp.connections_seen > seen  # Telethon opened a new connection by itself
        spent = w.server.requests_by(w.users["default"]) - before
        assert spent["GetDialogsRequest"] >= 1  # the catch-up after the reconnect
        assert spent["GetChannelDifferenceRequest"] == 3  # one per channel that posted
        late = w.server.post(w.channels[w.names[0]], alerts[3])  # pushes flow again
        await wait_for(lambda: (w.names[0], late.id) in w.stored())
    finally:
        await w.stop()
        await tcp.stop()


async def test_a_channel_dropped_from_the_config_file_is_left_and_one_added_by_command_stays(
    world, alerts
):
    w = world(channels=6)
    configured, by_command = w.names[:5], w.names[5]
    w.settings = replace(w.settings, channels=ChannelSettings(watch=tuple(configured)))
    await w.start()
    w.app.poller.watch(by_command)  # what /channels add does
    w.store.added_by_command(by_command)
    w.app.poller.schedule(w.app.scheduler, by_command)
    await w.settled()
    await w.stop()

    dropped = configured[-1]
    w.settings = replace(w.settings, channels=ChannelSettings(watch=tuple(configured[:-1])))
    await w.start()
    assert dropped not in w.app.watched_channels()
    assert by_command in w.app.watched_channels()
    await wait_for(lambda: w.users["default"].id not in w.channels[dropped].members)
    assert w.store.channel(dropped)["joined"] == 0
    unread = w.server.post(w.channels[dropped], alerts[0])  # left and not watched
    w.server.post(w.channels[by_command], alerts[1])
    await wait_for(lambda: len(w.cards()) == 1)
    await asyncio.sleep(1.0)
    assert len(w.cards()) == 1
    assert (dropped, unread.id) not in w.stored()
    await w.stop()

    # back in the config file: watched and joined again
    w.settings = replace(w.settings, channels=ChannelSettings(watch=tuple(configured)))
    await w.start()
    assert dropped in w.app.watched_channels()
    await wait_for(lambda: w.users["default"].id in w.channels[dropped].members)


async def test_a_job_run_skipped_while_the_last_one_runs_is_counted_not_logged(world, caplog):
    from apscheduler.triggers.interval import IntervalTrigger

    from bot.metrics import JOB_RUNS_SKIPPED

    w = world(channels=1)
    await w.start()
    before = JOB_RUNS_SKIPPED.labels(job="slow")._value.get()

    async def slow() -> None:
        await asyncio.sleep(1.5)

    w.app.scheduler.add_job(
        slow,
        IntervalTrigger(seconds=0.3),
        id="slow:job",
        max_instances=1,
        next_run_time=datetime.now(UTC),
    )
    await asyncio.sleep(1.4)
    assert JOB_RUNS_SKIPPED.labels(job="slow")._value.get() - before >= 2
    assert not [r for r in caplog.records if "maximum number of running" in r.getMessage()]
    w.app.scheduler.remove_job("slow:job")
    await asyncio.sleep(1.6)  # the run under way ends before the daemon stops
