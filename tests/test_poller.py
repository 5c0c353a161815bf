"""The poller against the simulated Telegram, through real Telethon clients."""

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.config import load_settings
from bot.pipeline import Pipeline
from bot.store import Store
from bot.telegram.poller import EDIT_CHECK_INTERVAL, Poller, backoff, next_interval
from tests.conftest import SandboxWorld

NOW = datetime.now(UTC).replace(microsecond=0)
ALERT = "Срочно: в Анапе слышны взрывы, по словам очевидцев работает ПВО. Пост {n}"



def poll_settings(**changes):
    base = load_settings(None, env={}).poll
    return replace(base, jitter=timedelta(0), requests_per_minute=10_000, **changes)


@pytest.fixture
async def world(detector):
    w = SandboxWorld()
    store = Store()
    client = await w.client(w.watcher)
    pipeline = Pipeline(store, detector)

    def make_poller(**changes):
        return Poller(client, store, pipeline, poll_settings(**changes))

    yield w.server, w.watcher, store, client, make_poller
    await w.disconnect_all()


def publish(server, chat, n, start, step=timedelta(minutes=1), text=ALERT):
    return [server.post(chat, text.format(n=i), date=start + i * step) for i in range(n)]


async def test_first_poll_is_bounded_by_count_and_age(world):
    server, watcher, store, _, make_poller = world
    chan = server.add_channel("shot_shot", subscribers=[watcher])
    publish(server, chan, 80, NOW - timedelta(hours=30), step=timedelta(minutes=20))
    poller = make_poller(backfill_posts=50, backfill_hours=10)
    result = await poller.poll("shot_shot")
    assert result.error is None
    stored = store.count("posts")
    assert 0 < stored <= 50
    oldest = min(p["date"] for p in store.db["posts"].rows)
    assert oldest >= (NOW - timedelta(hours=10, minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert store.cursor("shot_shot") == 80  # older posts are skipped for good, not fetched later
    assert server.requests["GetHistoryRequest"] == 1


async def test_catch_up_pages_of_100_and_no_username_lookups(world):
    server, watcher, store, _client, make_poller = world
    chan = server.add_channel("mash_news", subscribers=[watcher])
    publish(server, chan, 3, NOW - timedelta(hours=1))
    poller = make_poller()
    await poller.poll("mash_news")
    resolved = server.requests["ResolveUsernameRequest"]
    assert resolved == 1
    publish(server, chan, 250, NOW - timedelta(minutes=50), step=timedelta(seconds=10))
    before = server.requests["GetHistoryRequest"]
    result = await poller.poll("mash_news")
    assert result.new == 250 and result.error is None
    assert server.requests["GetHistoryRequest"] - before == 3
    assert store.count("posts") == 253
    assert store.cursor("mash_news") == 253
    await poller.poll("mash_news")
    assert server.requests["ResolveUsernameRequest"] == resolved  # the id and hash are kept


async def test_every_request_a_poll_makes_is_charged_to_the_budget(world):
    """The account's budget counts what Telegram counts: the first poll of a channel looks
    its username up as well as reading its history."""
    server, watcher, _store, _client, make_poller = world
    names = ("kursk_alerts", "bryansk_alerts", "orel_alerts")
    for name in names:
        channel = server.add_channel(name, subscribers=[watcher])
        publish(server, channel, 3, NOW - timedelta(hours=1))
    poller = make_poller()

    def made() -> int:
        return server.requests["ResolveUsernameRequest"] + server.requests["GetHistoryRequest"]

    before = made()
    for name in names:
        await poller.poll(name)
    assert made() - before == 6  # a lookup and a history read each
    assert poller.budget.requests == 6
    for name in names:
        await poller.poll(name)  # the ids are kept: history reads only
    assert made() - before == poller.budget.requests == 9


async def test_a_renamed_channel_keeps_being_polled(world):
    server, watcher, store, _, make_poller = world
    chan = server.add_channel("bazabazon", subscribers=[watcher])
    publish(server, chan, 2, NOW - timedelta(minutes=30))
    poller = make_poller()
    await poller.poll("bazabazon")
    server.set_username(chan, "baza_renamed")
    server.post(chan, "В Белгороде прогремели взрывы, сообщают очевидцы.", date=NOW)
    result = await poller.poll("bazabazon")
    assert result.error is None and result.new == 1
    assert store.post("bazabazon", 3) is not None


async def test_flood_wait_pauses_the_account_and_loses_nothing(world):
    server, watcher, _store, _, make_poller = world
    a = server.add_channel("alerts_one", subscribers=[watcher])
    b = server.add_channel("alerts_two", subscribers=[watcher])
    publish(server, a, 2, NOW - timedelta(minutes=30))
    publish(server, b, 2, NOW - timedelta(minutes=30))
    clock = [1000.0]
    poller = make_poller()
    poller.clock = lambda: clock[0]
    server.fail("GetHistory", "FLOOD_WAIT_1")
    result = await poller.poll("alerts_one")
    assert result.error == "flood wait 1s"
    assert poller.status()["paused_for"] == pytest.approx(1, abs=0.1)
    assert poller.status()["flood_waits"] == 1
    calls = server.requests["GetHistoryRequest"]
    deferred = await poller.poll("alerts_two")  # same account: waits too
    assert deferred.deferred > 0 and server.requests["GetHistoryRequest"] == calls
    clock[0] += 2
    await asyncio.sleep(1.1)  # Telethon itself also remembers the wait, in real time
    assert (await poller.poll("alerts_one")).new == 2
    assert (await poller.poll("alerts_two")).new == 2


async def test_one_failing_channel_does_not_stop_the_others(world):
    server, watcher, store, _, make_poller = world
    good = server.add_channel("good_channel", subscribers=[watcher])
    bad = server.add_channel("bad_channel", subscribers=[watcher])
    publish(server, good, 2, NOW - timedelta(minutes=30))
    publish(server, bad, 2, NOW - timedelta(minutes=30))
    poller = make_poller()
    await poller.poll("bad_channel")
    await poller.poll("good_channel")
    server.make_private(bad)
    server.leave(bad, watcher)
    publish(server, good, 1, NOW)
    failed = await poller.poll("bad_channel")
    ok = await poller.poll("good_channel")
    assert failed.error is not None and "ChannelPrivate" in failed.error
    assert ok.error is None and ok.new == 1
    row = store.channel("bad_channel")
    assert (
        row["state"] == "failing" and row["failures"] == 1 and "ChannelPrivate" in row["last_error"]
    )
    missing = await poller.poll("no_such_channel")
    assert missing.error is not None
    assert store.channel("no_such_channel")["state"] == "failing"


async def test_albums_become_one_post(world):
    server, watcher, store, _, make_poller = world
    chan = server.add_channel("shot_shot", subscribers=[watcher])
    publish(server, chan, 1, NOW - timedelta(minutes=10))
    poller = make_poller()
    await poller.poll("shot_shot")
    server.post(chan, "Последствия атаки БПЛА в Туапсе: горит резервуар", date=NOW, grouped_id=77)
    server.post(chan, "", date=NOW, grouped_id=77)
    server.post(chan, "", date=NOW, grouped_id=77)
    result = await poller.poll("shot_shot")
    assert result.new == 1
    album = store.post("shot_shot", 2)
    assert album.text.startswith("Последствия атаки") and album.extra["album_ids"] == [2, 3, 4]
    assert store.cursor("shot_shot") == 4


async def test_edits_are_found_and_redetected(world):
    server, watcher, store, _, make_poller = world
    chan = server.add_channel("kuban_news", subscribers=[watcher])
    server.post(chan, "Доброе утро, Кубань! Сегодня солнечно.", date=NOW - timedelta(minutes=5))
    poller = make_poller()
    await poller.poll("kuban_news")
    assert store.incidents() == []
    server.edit(chan, 1, "Срочно: в Новороссийске взрывы, работает ПВО.", edit_date=NOW)
    await poller._check_edits("kuban_news", await poller.peer("kuban_news"), _result())
    [incident] = store.incidents()
    assert incident.region == "RU-KDA"


async def test_edits_are_looked_for_after_every_restart_and_then_by_time(world):
    server, watcher, store, _, make_poller = world
    chan = server.add_channel("kuban_news", subscribers=[watcher])
    server.post(chan, "Доброе утро, Кубань! Сегодня солнечно.", date=NOW - timedelta(minutes=5))
    await make_poller().poll("kuban_news")  # first poll: backfill
    server.edit(chan, 1, "Срочно: в Новороссийске взрывы, работает ПВО.", edit_date=NOW)
    seconds = [0.0]
    for _ in range(3):  # the process restarts before any count of polls could come round
        poller = make_poller()
        poller.clock = lambda: seconds[0]
        await poller.poll("kuban_news")
    [incident] = store.incidents()
    assert incident.region == "RU-KDA"
    later = NOW + timedelta(minutes=1)
    server.edit(chan, 1, "Доброе утро, Кубань! Сегодня солнечно.", edit_date=later)
    await poller.poll("kuban_news")  # same process, soon after: no look back
    assert len(store.incidents()) == 1
    seconds[0] = EDIT_CHECK_INTERVAL
    await poller.poll("kuban_news")
    assert store.incidents() == []  # the edit retracted it


def _result():
    from bot.telegram.poller import PollResult

    return PollResult("x")


def test_interval_adapts_within_bounds():
    assert next_interval(60, 5, 30, 600) == 30
    assert next_interval(30, 3, 30, 600) == 30
    assert next_interval(400, 0, 30, 600) == 600
    assert next_interval(100, 0, 30, 600) == 150
    assert backoff(1, 30) == 60 and backoff(30, 30) == 3600


def test_the_spare_budget_is_shared_within_the_planned_share():
    from bot.telegram.budget import AccountBudget, TokenBucket, polls_per_second, spare_interval

    # 20 quiet channels past the join limit want 10 min; the account's 30 requests a minute,
    # 80 % of it planned, minus a dialogs page a minute for its 500 joined channels
    allowed = (0.8 * 30 - 1) / 60
    quiet = [600.0] * 20
    every = spare_interval(quiet, allowed, 30.0, EDIT_CHECK_INTERVAL)
    assert every is not None and 60 <= every <= 90  # about a minute instead of ten
    cost = sum(polls_per_second(min(d, every), EDIT_CHECK_INTERVAL) for d in quiet)
    assert cost == pytest.approx(allowed)
    # busy channels keep their shorter interval and count first; the rest share what is left
    mixed = [30.0] * 5 + [600.0] * 15
    shared = spare_interval(mixed, allowed, 30.0, EDIT_CHECK_INTERVAL)
    assert shared is not None and shared > every
    # never below the shortest interval; nothing spare: None (the intervals are stretched)
    assert spare_interval([600.0] * 2, allowed, 30.0, EDIT_CHECK_INTERVAL) == 30.0
    assert spare_interval([600.0] * 500, allowed, 30.0, EDIT_CHECK_INTERVAL) is None
    assert spare_interval([], allowed, 30.0, EDIT_CHECK_INTERVAL) is None
    # the work other than polls is measured over a window
    budget = AccountBudget(TokenBucket(30))
    assert budget.take(0.0, poll=False) == 0 and budget.take(1.0) == 0
    budget.charge(2, 2.0, poll=False)
    assert budget.other_rate(10.0, 60.0) == pytest.approx(3 / 60)
    assert budget.other_rate(100.0, 60.0) == 0.0


async def test_live_pushes_feed_the_same_ingest_and_lost_pushes_are_recovered(world):
    server, watcher, store, client, make_poller = world
    chan = server.add_channel("kuban_alerts", subscribers=[watcher])
    publish(server, chan, 1, NOW - timedelta(minutes=5))
    poller = make_poller(live=True)
    await poller.poll("kuban_alerts")  # the first poll backfills and sets the cursor
    poller.listen()
    await client.get_dialogs()  # the client now follows the channel's updates
    polls_before = server.requests["GetHistoryRequest"]

    server.post(chan, "Ейск / Опасность по БПЛА.", date=NOW)
    server.drop_next_updates(1)
    server.post(chan, "Приморско-Ахтарск / Опасность по БПЛА.", date=NOW)
    server.post(chan, "Ейск / Отбой опасности по БПЛА.", date=NOW)
    for _ in range(100):
        await asyncio.sleep(0.05)
        if store.count("posts") == 4:
            break
    assert {p["message_id"] for p in store.db["posts"].rows} == {1, 2, 3, 4}
    assert server.requests["GetHistoryRequest"] == polls_before  # no poll was needed
    assert server.requests["GetChannelDifferenceRequest"] >= 1  # the gap was noticed and filled
    # The poll that follows finds nothing new and duplicates nothing.
    result = await poller.poll("kuban_alerts")
    assert result.new == 0 and store.count("posts") == 4


async def test_a_reply_keeps_what_it_replies_to_and_takes_its_place(world):
    server, watcher, store, _, make_poller = world
    chan = server.add_channel("bryansk_nebo", subscribers=[watcher])
    first = server.post(chan, "Почеп — БПЛА курсом на Брянск", date=NOW - timedelta(minutes=6))
    server.post(chan, "Ещё один летит", date=NOW - timedelta(minutes=2), reply_to=first.id)
    poller = make_poller()
    result = await poller.poll("bryansk_nebo")
    assert result.error is None
    reply = store.post("bryansk_nebo", first.id + 1)
    assert reply is not None and reply.reply_to == first.id
    detection = store.detection("bryansk_nebo", first.id + 1)
    assert detection is not None and detection.incident
    assert detection.regions == ("RU-BRY",)
