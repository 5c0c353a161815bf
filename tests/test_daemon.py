"""The daemon as a whole: poller, pipeline, outbox, sender and review buttons, on the sandbox."""

import asyncio
import logging
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.cards import callback_data
from bot.models import iso
from tests.conftest import DaemonWorld

NOW = datetime.now(UTC).replace(microsecond=0)
REVIEW = "tgradar_review"
CHANNELS = ("shot_shot", "mash_news", "bazabazon", "astrapress", "kuban_alerts")
REPORTS = [
    "Жители Анапы сообщают о серии взрывов, по словам очевидцев работает ПВО.",
    "Анапа: в небе слышны хлопки, над городом работает ПВО, сбиты беспилотники.",
    "В Анапе ночью прогремели взрывы — местные жители пишут о 5-7 хлопках.",
    "Атака БПЛА на Анапу: ПВО отражает налёт, очевидцы слышали более 20 взрывов.",
    "Анапа — опасность атаки БПЛА, работает ПВО.",
]


def signed(world, action, incident):
    """The data of a review button as the daemon signs it."""
    return callback_data(action, incident.id, world.app.review.secret)


class World(DaemonWorld):
    def __init__(self, detector, db_path=None):
        super().__init__(CHANNELS, detector, db_path)

    async def poll_all(self):
        for name in CHANNELS:
            await self.app.poller.poll(name)


@pytest.fixture
async def world(detector):
    w = World(detector)
    await w.start()
    yield w
    await w.stop()


async def test_five_channels_one_incident_one_card_edited_not_resent(world):
    for name in CHANNELS:
        world.server.post(world.channels[name], "Доброе утро!", date=NOW - timedelta(hours=1))
    await world.poll_all()
    for i, name in enumerate(CHANNELS):
        world.server.post(world.channels[name], REPORTS[i], date=NOW + timedelta(minutes=i))
        await world.app.poller.poll(name)
        await world.app.sender.drain()
    [card] = world.cards()
    assert card.edit_count >= 1
    assert "Краснодарский край" in card.text and "Анапа" in card.text
    assert all(name in card.text for name in CHANNELS)
    [incident] = world.store.incidents()
    assert len(incident.reports) == 5
    assert card.buttons and any(b"rv:" in data for row in card.buttons for _, data in row)


async def test_reviewer_decides_and_a_stranger_cannot(world):
    world.server.post(world.channels["shot_shot"], REPORTS[0], date=NOW)
    await world.poll_all()
    await world.app.sender.drain()
    [card] = world.cards()
    [incident] = world.store.incidents()

    refused = await world.server.press_button(
        world.stranger, world.review, card.id, signed(world, "confirm", incident)
    )
    assert refused.alert and "модератор" in refused.message
    assert world.store.incident(incident.id).review == "pending"
    assert world.store.reviews(incident.id) == []

    answer = await world.server.press_button(
        world.editor, world.review, card.id, signed(world, "confirm", incident)
    )
    assert answer.message == "Подтверждено"
    assert world.store.incident(incident.id).review == "confirmed"
    [review] = world.store.reviews(incident.id)
    assert review.user_name == "@duty_editor"
    await world.app.sender.drain()
    card = world.server.message(world.review, card.id)
    assert "Подтверждено" in card.text and "@duty_editor" in card.text
    assert [label for row in card.buttons for label, _ in row] == ["↩️ Вернуть на проверку"]

    from bot.sandbox import RpcFailure

    with pytest.raises(RpcFailure, match="DATA_INVALID"):  # Telegram refuses data not on the card
        await world.server.press_button(
            world.editor, world.review, card.id, b"rv:d:" + incident.id.encode()
        )
    assert world.store.incident(incident.id).review == "confirmed"


async def test_false_alarm_is_kept_as_feedback(world):
    world.server.post(world.channels["mash_news"], REPORTS[1], date=NOW)
    await world.poll_all()
    await world.app.sender.drain()
    [card] = world.cards()
    [incident] = world.store.incidents()
    await world.server.press_button(
        world.editor, world.review, card.id, signed(world, "false_alarm", incident)
    )
    [row] = world.store.false_alarms()
    assert row["channel"] == "mash_news" and "Анап" in row["text"] and row["matched"]


async def test_flood_wait_on_send_delays_but_loses_nothing(world):
    world.server.post(world.channels["shot_shot"], REPORTS[0], date=NOW)
    await world.poll_all()
    world.server.fail("SendMessage", "FLOOD_WAIT_2")
    result = await world.app.sender.drain()
    assert result.postponed == 1 and world.cards() == []
    assert world.store.outbox_depth() == 1
    world.app.sender.now = lambda: datetime.now(UTC) + timedelta(seconds=3)
    world.app.sender.clock = lambda: 10.0**9
    await world.app.sender.drain()
    assert len(world.cards()) == 1 and world.store.outbox_depth() == 0


async def test_unwritable_review_chat_keeps_everything_pending_in_order(world):
    world.server.leave(world.review, world.bot)
    for i, name in enumerate(("shot_shot", "mash_news")):
        world.server.post(world.channels[name], REPORTS[i], date=NOW + timedelta(minutes=i))
    world.server.post(
        world.channels["bazabazon"],
        "В Белгороде прогремели взрывы, работает ПВО, сообщает губернатор.",
        date=NOW + timedelta(minutes=3),
    )
    await world.poll_all()
    result = await world.app.sender.drain()
    assert result.sent == 0 and world.store.outbox_depth() >= 2
    assert world.app.sender.status()["chats"][REVIEW]["error"]

    world.server.join(world.review, world.bot)
    world.app.sender.now = lambda: datetime.now(UTC) + timedelta(hours=2)
    for _ in range(5):
        await world.app.sender.drain()
    regions = [c.text.split("\n")[0] for c in world.cards()]
    assert len(regions) == 2
    assert "Краснодарский" in regions[0] and "Белгород" in regions[1]
    assert world.store.outbox_depth() == 0


async def test_the_bot_added_back_to_the_review_chat_sends_at_once(world):
    world.server.leave(world.review, world.bot)
    world.server.post(world.channels["shot_shot"], REPORTS[0], date=NOW)
    await world.poll_all()
    for _ in range(3):
        await world.app.sender.drain()
    assert world.cards() == [] and world.store.outbox_depth() == 1
    world.server.join(world.review, world.bot)  # Telegram tells the bot (updateChannel)
    for _ in range(50):
        await asyncio.sleep(0.02)
        if world.store.pending_outbox(iso(datetime.now(UTC))):
            break
    await world.app.sender.drain()  # no clock moved: the backoff was woken
    assert len(world.cards()) == 1 and world.store.outbox_depth() == 0


async def test_crash_between_sending_and_recording_sends_no_second_card(world):
    world.server.post(world.channels["shot_shot"], REPORTS[0], date=NOW)
    await world.poll_all()
    # The process dies right after Telegram accepted the message: the record never lands.
    world.store.db.execute(
        "CREATE TRIGGER crash BEFORE UPDATE OF state ON outbox BEGIN "
        "SELECT RAISE(ABORT, 'power cut'); END"
    )
    with pytest.raises(Exception, match="power cut"):
        await world.app.sender.drain()
    assert len(world.cards()) == 1
    world.store.db.execute("DROP TRIGGER crash")

    # A new sender (after the restart) sends the same row again: Telegram refuses the
    # duplicate random_id and the card is found and recorded instead.
    from bot.telegram.sender import Sender

    sender = Sender(world.connected[1], world.store, world.app.render)
    await sender.drain()
    [card] = world.cards()
    [incident] = world.store.incidents()
    assert world.store.card(incident.id, REVIEW)["message_id"] == card.id
    assert world.store.outbox_depth() == 0


async def test_restart_in_the_middle_sees_every_post_once_and_sends_nothing_twice(
    detector, tmp_path
):
    w = World(detector, db_path=tmp_path / "tgradar.db")
    await w.start()
    for name in CHANNELS:
        w.server.post(w.channels[name], "Доброе утро!", date=NOW - timedelta(hours=1))
    await w.poll_all()
    for i, name in enumerate(CHANNELS[:3]):
        w.server.post(w.channels[name], REPORTS[i], date=NOW + timedelta(minutes=i))
    await w.poll_all()
    await w.app.sender.drain()
    await w.stop()  # the process is gone; the sandbox (Telegram) lives on

    for i, name in enumerate(CHANNELS[3:], start=3):
        w.server.post(w.channels[name], REPORTS[i], date=NOW + timedelta(minutes=i))
    await w.start()
    await w.poll_all()
    await w.poll_all()
    await w.app.sender.drain()
    try:
        published = {(n, m.id) for n, c in w.channels.items() for m in w.server.messages(c)}
        stored = {tuple(r) for r in w.store.db.execute("SELECT channel, message_id FROM posts")}
        assert stored == published
        assert w.store.count("posts") == len(published)
        [incident] = w.store.incidents()
        assert len(incident.reports) == 5
        assert len(w.cards()) == 1
        # Channels are resolved once, ever (ids and hashes are in the store); the review
        # chat once per process (in production the session file caches it too).
        assert w.server.requests["ResolveUsernameRequest"] == len(CHANNELS) + 2
    finally:
        await w.stop()


async def test_scheduler_runs_the_whole_loop(world):
    world.app.settings = replace(
        world.app.settings,
        poll=replace(
            world.app.settings.poll,
            min_interval=timedelta(seconds=0.2),
            max_interval=timedelta(seconds=0.5),
        ),
    )
    world.app.poller.settings = world.app.settings.poll
    await world.app.start()
    try:
        world.server.post(world.channels["kuban_alerts"], REPORTS[4], date=NOW)
        for _ in range(100):
            await asyncio.sleep(0.1)
            if world.cards():
                break
        assert len(world.cards()) == 1
        assert world.app.status()["scheduler_running"]
    finally:
        await world.app.stop(drain_for=timedelta(seconds=2))
    assert not world.app.scheduler.running


async def test_a_stop_that_cuts_a_slow_poll_short_logs_no_traceback_and_loses_nothing(
    world, detector, caplog
):
    """A poll still waiting for Telegram when the drain time is up is cancelled by the
    scheduler's shutdown: that is the design, not a fault, so it is one INFO line, and the
    post it was fetching is read at the next start."""
    settings = world.quick(world.daemon_settings())
    app = await world.start_app(
        replace(settings, poll=replace(settings.poll, live=False)), world.store, detector
    )
    world.server.post(world.channels["kuban_alerts"], REPORTS[4], date=NOW)
    telegram_is_slow = True
    world.server.after(
        "GetHistory", lambda request: asyncio.sleep(30 if telegram_is_slow else 0), times=None
    )
    caplog.set_level(logging.INFO)
    await app.start()
    for _ in range(100):
        await asyncio.sleep(0.05)
        if app.poller.active:
            break
    assert app.poller.active
    await app.stop(drain_for=timedelta(seconds=0.3))
    for _ in range(3):
        await asyncio.sleep(0)  # the cancelled jobs' tasks end on the loop's next turns
    assert not app.scheduler.running
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert any("cut short by the stop" in r.getMessage() for r in caplog.records)
    assert world.store.incidents() == []

    telegram_is_slow = False
    await world.poll_all()
    assert len(world.store.incidents()) == 1


async def test_edits_of_one_card_are_coalesced_and_the_last_state_wins(world):
    world.app.sender.edit_interval = timedelta(minutes=1)
    world.server.post(world.channels["shot_shot"], REPORTS[0], date=NOW)
    await world.poll_all()
    await world.app.sender.drain()
    [card] = world.cards()
    for i, name in enumerate(CHANNELS[1:4], start=1):
        world.server.post(world.channels[name], REPORTS[i], date=NOW + timedelta(minutes=i))
        await world.app.poller.poll(name)
        await world.app.sender.drain()
    assert world.server.message(world.review, card.id).edit_count == 0  # too soon
    assert len(world.store.outbox("pending")) == 1  # one pending edit for the card, not three

    world.app.sender.now = lambda: datetime.now(UTC) + timedelta(minutes=2)
    await world.app.sender.drain()
    card = world.server.message(world.review, card.id)
    assert card.edit_count == 1
    assert all(name in card.text for name in CHANNELS[:4])  # the latest state, all four sources
    assert len(world.cards()) == 1


async def test_a_decision_edits_the_open_cards_of_its_channels_and_no_closed_one(world):
    """A reviewer's decision teaches its channels' trust: the open incidents those channels
    reported show it at once; a closed incident's card stays as it was, and every card is
    what the daemon renders from its database (no card is stale)."""
    from telethon.extensions import html

    shot = world.channels["shot_shot"]
    world.server.post(shot, "Взрывы в Курске, работает ПВО.", date=NOW - timedelta(hours=5))
    await world.poll_all()
    await world.app.sender.drain()
    world.server.post(shot, REPORTS[0], date=NOW)
    world.server.post(shot, "В Белгороде слышны взрывы, работает ПВО.", date=NOW)
    await world.poll_all()
    await world.app.sender.drain()
    by_region = {i.region: i for i in world.store.incidents()}
    kursk, anapa, belgorod = by_region["RU-KRS"], by_region["RU-KDA"], by_region["RU-BEL"]
    assert kursk.closed_at is not None and anapa.closed_at is belgorod.closed_at is None

    def card_of(incident):
        [card] = [m for m in world.cards() if incident.id in m.text.split()]
        return card

    before = {i.id: card_of(i).text for i in (kursk, anapa, belgorod)}
    await world.server.press_button(
        world.editor, world.review, card_of(anapa).id, signed(world, "false_alarm", anapa)
    )
    await world.app.sender.drain()

    assert card_of(belgorod).text != before[belgorod.id]  # its confidence fell with SHOT's
    assert card_of(kursk).text == before[kursk.id]  # closed before the decision
    for incident in (kursk, anapa, belgorod):
        rendered, _ = html.parse(world.app.render(incident.id, REVIEW).text)
        assert card_of(incident).text == rendered, incident.id
