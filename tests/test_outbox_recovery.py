"""The outbox through crashes and races, on production clients: a send Telegram stored but we
never recorded, a change that lands while Telegram is being asked, a row that keeps failing,
a review decision and its card edit, a stop while a send is in flight."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta

import pytest

from bot.cards import card_digest
from bot.store import OutboxRow
from bot.telegram.sender import MAX_ATTEMPTS
from tests.conftest import REVIEW, DaemonWorld

NOW = datetime.now(UTC).replace(microsecond=0)
CHANNELS = ("shot_shot", "mash_news", "bazabazon")
ANAPA = [
    "Жители Анапы сообщают о серии взрывов, по словам очевидцев работает ПВО.",
    "Анапа: в небе слышны хлопки, над городом работает ПВО, сбиты беспилотники.",
    "В Анапе ночью прогремели взрывы — местные жители пишут о 5-7 хлопках.",
]
BELGOROD = "В Белгороде прогремели взрывы, работает ПВО, сообщает губернатор."
INCIDENT_ID = re.compile(r"\b(RU|UA)-[A-Z0-9]+-\d{8}T\d{4}")


class World(DaemonWorld):
    def __init__(self, detector, db_path):
        super().__init__(CHANNELS, detector, db_path)

    async def start(self, **overrides):
        """A (new) daemon process on the same database; `overrides` go to the bot's client."""
        await super().start()
        if overrides:
            bot = await self.client(self.bot, **overrides)
            self.app.sender.client = bot
        return self.app

    def later(self, minutes=5):
        """The daemon's clock `minutes` ahead: backoffs of failed rows have run out."""
        self.app.sender.now = lambda: datetime.now(UTC) + timedelta(minutes=minutes)

    async def crash(self):
        """The process dies: its connections go, the database stays as it is on disk."""
        await self.disconnect_all()
        self.store.close()

    async def report(self, channel, text, minutes=0):
        self.server.post(self.channels[channel], text, date=NOW + timedelta(minutes=minutes))
        await self.app.poller.poll(channel)

    def cards(self):
        return self.bot_messages_in(self.review)

    def assert_cards_match_the_store(self):
        """Every card in the review chat shows what rendering the stored incident gives."""
        for incident in self.store.incidents():
            stored = self.store.card(incident.id, REVIEW)
            assert stored is not None and stored["message_id"] is not None, incident.id
            shown = self.server.message(self.review, stored["message_id"])
            expected = self.app.render(incident.id, REVIEW)
            assert card_digest(expected) == stored["digest"], incident.id
            assert incident.id in shown.text
        assert self.store.outbox_depth() == 0


@pytest.fixture
async def world(detector, tmp_path):
    w = World(detector, tmp_path / "tgradar.db")
    await w.start()
    yield w
    await w.crash()


def lose_the_answer(request):
    raise ConnectionError("the process died right after Telegram stored the message")


async def test_a_send_stored_before_a_crash_is_found_among_many_later_messages(world):
    await world.report("shot_shot", ANAPA[0])
    world.server.after("SendMessage", lose_the_answer, account=world.bot)
    await world.app.sender.drain()
    assert len(world.cards()) == 1 and world.store.outbox_depth() == 1
    for i in range(180):  # the review chat goes on talking meanwhile
        await world.server.user_sends(world.editor, world.review, f"сообщение {i}")
    await world.crash()

    await world.start()
    world.later()
    await world.app.sender.drain()
    [card] = world.cards()
    [incident] = world.store.incidents()
    assert world.store.card(incident.id, REVIEW)["message_id"] == card.id
    assert world.store.outbox_depth() == 0
    await world.report("mash_news", ANAPA[1], minutes=1)  # and it is edited afterwards
    await world.app.sender.drain()
    assert "mash_news" in world.server.message(world.review, card.id).text


async def test_the_recovered_card_is_the_one_whose_own_id_it_shows(world):
    """Bot messages before the lost send that quote the incident's id or show an id that
    starts like it (a merged card, another incident of the same minute) are not its card."""
    expected_id = f"RU-KDA-{NOW:%Y%m%dT%H%M}"
    for decoy in (f"Объединено в «{expected_id}»", f"{expected_id}-2"):
        await world.server.user_sends(world.bot, world.review, decoy)
    await world.report("shot_shot", ANAPA[0])
    world.server.after("SendMessage", lose_the_answer, account=world.bot)
    await world.app.sender.drain()
    await world.crash()

    await world.start()
    world.later()
    await world.app.sender.drain()
    [incident] = world.store.incidents()
    assert incident.id == expected_id
    [card] = [m for m in world.cards() if expected_id in m.text.split()]
    assert world.store.card(incident.id, REVIEW)["message_id"] == card.id
    await world.report("mash_news", ANAPA[1], minutes=1)  # the edit reaches the card
    await world.app.sender.drain()
    assert "mash_news" in world.server.message(world.review, card.id).text


async def test_a_duplicate_surfacing_as_a_bare_value_error_is_recovered_too(world):
    await world.report("shot_shot", ANAPA[0])
    world.server.after("SendMessage", lose_the_answer, account=world.bot)
    await world.app.sender.drain()
    await world.crash()
    # Telethon with retries and raise_last_call_error off ends RANDOM_ID_DUPLICATE as
    # ValueError("Request was unsuccessful 1 time(s)").
    await world.start(raise_last_call_error=False, request_retries=0)
    world.later()
    await world.app.sender.drain()
    [card] = world.cards()
    [incident] = world.store.incidents()
    assert world.store.card(incident.id, REVIEW)["message_id"] == card.id
    assert world.store.outbox_depth() == 0


async def test_a_change_that_lands_while_the_card_is_sent_or_edited_is_not_lost(world):
    changes = iter([("mash_news", ANAPA[1], 1), ("bazabazon", ANAPA[2], 2)])

    async def news_arrives(request):
        channel, text, minutes = next(changes)
        await world.report(channel, text, minutes)  # stored while Telegram is answering

    world.server.after("SendMessage", news_arrives, account=world.bot)
    world.server.after("EditMessage", news_arrives, account=world.bot)
    await world.report("shot_shot", ANAPA[0])
    for _ in range(4):
        await world.app.sender.drain()
    [card] = world.cards()
    assert all(name in card.text for name in CHANNELS)
    world.assert_cards_match_the_store()


async def test_a_row_that_keeps_failing_is_given_up_and_blocks_no_other_chat(world):
    subscriber = world.server.add_user("subscriber_one")
    await world.server.user_sends(subscriber, world.bot, "/start")
    await asyncio.sleep(0.2)
    world.store.enqueue(
        [
            OutboxRow("text:bad", "send", REVIEW, payload={"text": "x" * 5000}, kind="text"),
            OutboxRow("text:after", "send", REVIEW, payload={"text": "после"}, kind="text"),
            OutboxRow(
                "text:dm", "send", str(subscriber.id), payload={"text": "привет"}, kind="text"
            ),
        ]
    )
    await world.app.sender.drain()
    assert world.server.messages(subscriber, with_=world.bot)[-1].text == "привет"
    assert world.cards() == []  # the review chat keeps its order behind the failing row
    for attempt in range(MAX_ATTEMPTS):
        world.app.sender.now = lambda a=attempt: datetime.now(UTC) + timedelta(hours=a + 1)
        await world.app.sender.drain()
    assert [m.text for m in world.cards()] == ["после"]
    [failed] = world.store.outbox("failed")
    assert failed["dedupe_key"] == "text:bad" and "MessageTooLong" in failed["last_error"]
    assert world.store.outbox_depth() == 0


async def test_a_decision_and_its_card_edit_are_one_transaction(world):
    await world.report("shot_shot", ANAPA[0])
    await world.app.sender.drain()
    [card] = world.cards()
    [incident] = world.store.incidents()
    button = card.buttons[0][0][1]
    world.store.db.execute(
        "CREATE TRIGGER crash BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'power cut'); END"
    )
    failed = await world.server.press_button(world.editor, world.review, card.id, button)
    assert failed.alert and "попробуйте ещё раз" in failed.message  # answered, not spinning
    assert world.store.incident(incident.id).review == "pending"  # nothing half-stored
    assert world.store.reviews(incident.id) == []
    world.store.db.execute("DROP TRIGGER crash")
    answer = await world.server.press_button(world.editor, world.review, card.id, button)
    assert answer.message == "Подтверждено"
    await world.app.sender.drain()
    assert "Подтверждено" in world.server.message(world.review, card.id).text


async def test_a_stop_lets_the_send_in_flight_finish(world):
    await world.report("shot_shot", ANAPA[0])
    started = asyncio.Event()

    async def slow(request):
        started.set()
        await asyncio.sleep(0.5)

    world.server.after("SendMessage", slow, account=world.bot)
    app = world.app
    app.scheduler.add_job(app.drain, id="sender")
    app.scheduler.start()
    await asyncio.wait_for(started.wait(), 5)
    await app.stop(drain_for=timedelta(seconds=5))
    assert len(world.cards()) == 1
    assert world.store.outbox_depth() == 0
    [row] = world.store.outbox("sent")
    assert row["message_id"] == world.cards()[0].id
