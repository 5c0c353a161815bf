"""Review buttons on incident cards: Confirm, Dismiss, False alarm, Reopen.

Only presses in the configured review chat count, and only by reviewers there: the
configured user ids, or admins of that chat. Button data carries a signature made with the
install's secret (kept in the database), so a keyboard forged elsewhere decides nothing.
Every press is answered, whatever its data, so no client spins. Each decision is stored
(who, when, what) together with the card edit that shows it, in one transaction.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
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
from bot.store import OutboxRow, Store

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
        "elsewhere": "Решения принимаются только в чате модерации.",
        "failed": "Не получилось сохранить решение, попробуйте ещё раз.",
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
        "elsewhere": "Decisions are taken in the review chat only.",
        "failed": "The decision could not be saved; please try again.",
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
        outbox_rows: Callable[[str], Sequence[OutboxRow]] | None = None,
    ) -> None:
        self.client = client
        self.store = store
        self.settings = settings
        self.on_decided = on_decided
        self.outbox_rows = outbox_rows
        self.clock = clock
        self._admins: dict[int, tuple[float, bool]] = {}
        self._registered = False
        self._review_peer: int | None = None
        self.secret = store.install_secret()

    def register(self) -> None:
        """Add the button handler (once)."""
        if self._registered:
            return
        self._registered = True
        # Every button no earlier handler took (the subscriber commands' stop propagation):
        # unknown data is answered too.
        self.client.add_event_handler(self.on_callback, events.CallbackQuery())

    def _text(self, key: str) -> str:
        return ANSWERS.get(self.settings.review.language, ANSWERS["en"])[key]

    async def review_peer_id(self) -> int | None:
        """The marked peer id of the configured review chat (resolved once)."""
        chat = self.settings.review.chat
        if chat is None:
            return None
        if self._review_peer is None:
            target = int(chat) if str(chat).lstrip("-").isdigit() else chat
            self._review_peer = await self.client.get_peer_id(target)
        return self._review_peer

    async def is_reviewer(self, user_id: int, chat: object) -> bool:
        """A configured reviewer, or an admin of `chat` (the review chat: callers check)."""
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
        try:
            message, alert = await self._decide(event)
        except Exception:
            log.exception("a review button press could not be handled")
            message, alert = self._text("failed"), True
        try:
            await event.answer(message, alert=alert)
        except (errors.RPCError, ConnectionError, OSError) as exc:
            log.info("could not answer a button press: %s", exc)

    async def _decide(self, event: events.CallbackQuery.Event) -> tuple[str, bool]:
        parsed = parse_callback(bytes(event.data or b""), self.secret)
        if parsed is None:
            return self._text("unknown"), False
        action, incident_id = parsed
        review_peer = await self.review_peer_id()
        if review_peer is None or event.chat_id != review_peer:
            return self._text("elsewhere"), True
        chat = await event.get_input_chat()
        if not await self.is_reviewer(event.sender_id, chat):
            return self._text("refused"), True
        # A card's buttons may be pressed after its incident was merged into another (before
        # the edit that removes them lands): the decision is the survivor's.
        incident_id = self.store.merged_into(incident_id) or incident_id
        incident = self.store.incident(incident_id)
        if incident is None:
            return self._text("gone"), False
        decision = DECISIONS[action]
        if incident.review == decision:
            return self._text("same"), False
        sender = await event.get_sender()
        name = _display_name(sender, event.sender_id)
        self.store.record_review(
            Review(incident_id, event.sender_id, name, decision, datetime.now(UTC)),
            then=(lambda: self.outbox_rows(incident_id)) if self.outbox_rows else None,
        )
        log.info("%s marked %s as %s", name, incident_id, decision)
        self.on_decided(incident_id)
        return self._text(decision), False


def _display_name(sender: object, user_id: int) -> str:
    username = getattr(sender, "username", None)
    if username:
        return f"@{username}"
    names = [getattr(sender, "first_name", None), getattr(sender, "last_name", None)]
    return " ".join(n for n in names if n) or str(user_id)
