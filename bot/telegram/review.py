"""Review buttons on incident cards: Confirm, Dismiss, False alarm, Reopen.

Only reviewers may decide: the configured user ids, or admins of the review chat.
Anyone else gets a polite refusal and nothing changes. Each decision is stored
(who, when, what) and the card is edited to show it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime

from telethon import TelegramClient, errors, events
from telethon.tl import functions, types

from bot.cards import parse_callback
from bot.config import Settings
from bot.models import (
    REVIEW_CONFIRMED,
    REVIEW_DISMISSED,
    REVIEW_FALSE_ALARM,
    REVIEW_PENDING,
    Review,
)
from bot.store import Store

log = logging.getLogger(__name__)

DECISIONS = {
    "confirm": REVIEW_CONFIRMED,
    "dismiss": REVIEW_DISMISSED,
    "false_alarm": REVIEW_FALSE_ALARM,
    "reopen": REVIEW_PENDING,
}
ADMIN_CACHE_SECONDS = 300

ANSWERS = {
    "ru": {
        "refused": "Решения по карточкам принимают только модераторы этого чата. Спасибо!",
        "unknown": "Эта кнопка устарела или повреждена.",
        "gone": "Такого инцидента больше нет.",
        "same": "Уже отмечено так.",
        REVIEW_CONFIRMED: "Подтверждено",
        REVIEW_DISMISSED: "Отклонено",
        REVIEW_FALSE_ALARM: "Отмечено как ложная тревога",
        REVIEW_PENDING: "Снова открыто",
    },
    "en": {
        "refused": "Only this chat's reviewers can decide on cards. Thank you!",
        "unknown": "This button is outdated or damaged.",
        "gone": "That incident no longer exists.",
        "same": "Already marked that way.",
        REVIEW_CONFIRMED: "Confirmed",
        REVIEW_DISMISSED: "Dismissed",
        REVIEW_FALSE_ALARM: "Marked as a false alarm",
        REVIEW_PENDING: "Reopened",
    },
}


class ReviewHandler:
    def __init__(
        self,
        client: TelegramClient,
        store: Store,
        settings: Settings,
        on_decided: Callable[[str], None],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.store = store
        self.settings = settings
        self.on_decided = on_decided
        self.clock = clock
        self._admins: dict[int, tuple[float, bool]] = {}
        self._registered = False

    def register(self) -> None:
        """Add the button handler (once)."""
        if self._registered:
            return
        self._registered = True
        self.client.add_event_handler(self.on_callback, events.CallbackQuery(pattern=rb"rv:"))

    def _text(self, key: str) -> str:
        return ANSWERS.get(self.settings.review.language, ANSWERS["en"])[key]

    async def is_reviewer(self, user_id: int, chat: object) -> bool:
        if user_id in self.settings.review.reviewers:
            return True
        cached = self._admins.get(user_id)
        if cached and self.clock() - cached[0] < ADMIN_CACHE_SECONDS:
            return cached[1]
        try:
            participant = await self.client(
                functions.channels.GetParticipantRequest(channel=chat, participant=user_id)
            )
            admin = isinstance(
                participant.participant,
                types.ChannelParticipantAdmin | types.ChannelParticipantCreator,
            )
        except (errors.RPCError, ValueError, TypeError) as exc:
            log.info("cannot check whether %s is an admin: %s", user_id, exc)
            admin = False
        self._admins[user_id] = (self.clock(), admin)
        return admin

    async def on_callback(self, event: events.CallbackQuery.Event) -> None:
        parsed = parse_callback(event.data or b"")
        if parsed is None:
            await event.answer(self._text("unknown"))
            return
        action, incident_id = parsed
        chat = await event.get_input_chat()
        if not await self.is_reviewer(event.sender_id, chat):
            await event.answer(self._text("refused"), alert=True)
            return
        incident = self.store.incident(incident_id)
        if incident is None:
            await event.answer(self._text("gone"))
            return
        decision = DECISIONS[action]
        if incident.review == decision:
            await event.answer(self._text("same"))
            return
        sender = await event.get_sender()
        name = _display_name(sender, event.sender_id)
        self.store.record_review(
            Review(incident_id, event.sender_id, name, decision, datetime.now(UTC))
        )
        log.info("%s marked %s as %s", name, incident_id, decision)
        self.on_decided(incident_id)
        await event.answer(self._text(decision))


def _display_name(sender: object, user_id: int) -> str:
    username = getattr(sender, "username", None)
    if username:
        return f"@{username}"
    names = [getattr(sender, "first_name", None), getattr(sender, "last_name", None)]
    return " ".join(n for n in names if n) or str(user_id)
