"""Who may decide on a card, where, and with what data: only reviewers, only in the configured
review chat, only with data the daemon signed; every press gets an answer."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from telethon import Button

from bot.cards import callback_data
from bot.store import Store
from tests.conftest import REVIEW, SandboxWorld

NOW = datetime.now(UTC).replace(microsecond=0)
REPORT = "Жители Анапы сообщают о серии взрывов, по словам очевидцев работает ПВО."


@pytest.fixture
async def world(detector):
    w = SandboxWorld(("shot_shot",))
    w.store = Store()
    w.app = await w.start_app(w.quick(w.daemon_settings()), w.store, detector)
    w.server.post(w.channels["shot_shot"], REPORT, date=NOW)
    await w.app.poller.poll("shot_shot")
    await w.app.sender.drain()
    [w.incident] = w.store.incidents()
    yield w
    await w.disconnect_all()
    w.store.close()


async def bot_posts(world, chat, data):
    """The bot's own message with one button carrying `data` (an old card, a forged one)."""
    bot = world.app.bot_client
    message = await bot.send_message(chat.username, "карточка", buttons=[Button.inline("x", data)])
    return message.id


async def test_a_signed_button_in_another_chat_decides_nothing(world):
    old_review = world.server.add_megagroup(
        "old_review_chat", members=[world.bot, world.stranger], admins=[world.stranger]
    )
    data = callback_data("dismiss", world.incident.id, world.app.review.secret)
    message_id = await bot_posts(world, old_review, data)
    answer = await world.server.press_button(world.stranger, old_review, message_id, data)
    assert answer.alert and "чате модерации" in answer.message
    assert world.store.incident(world.incident.id).review == "pending"
    assert world.store.reviews(world.incident.id) == []


async def test_unsigned_or_forged_data_is_refused_and_answered(world):
    for data in (
        b"rv:d:" + world.incident.id.encode(),  # no signature (a keyboard made elsewhere)
        callback_data("dismiss", world.incident.id, b"another install's secret"),
        b"\xff\x00garbage",
        b"",
    ):
        message_id = await bot_posts(world, world.review, data or b" ")
        answer = await world.server.press_button(
            world.editor, world.review, message_id, data or b" "
        )
        assert answer.message == "Эта кнопка устарела или повреждена.", data
    assert world.store.incident(world.incident.id).review == "pending"


async def test_the_secret_is_kept_per_install(world, tmp_path):
    first = Store(tmp_path / "a.db")
    secret = first.install_secret()
    first.close()
    again = Store(tmp_path / "a.db")
    assert again.install_secret() == secret and len(secret) == 32
    again.close()
    other = Store(tmp_path / "b.db")
    assert other.install_secret() != secret
    other.close()


async def test_a_plain_member_of_the_review_chat_is_refused(world):
    [card] = world.bot_messages_in(world.review)
    data = card.buttons[0][0][1]
    answer = await world.server.press_button(world.stranger, world.review, card.id, data)
    assert answer.alert and "модератор" in answer.message
    assert world.store.incident(world.incident.id).review == "pending"
    assert world.review.username == REVIEW
