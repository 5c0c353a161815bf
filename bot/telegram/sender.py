"""The sender: drains the outbox through the bot account, within Telegram's limits.

- Rows go out oldest first; a chat whose head row cannot go blocks only that chat,
  so every chat receives its messages in order.
- One message a second per chat, twenty a minute per group, thirty a second overall.
- Each row's `random_id` is derived from its id, so a resend after a crash is
  rejected by Telegram as a duplicate instead of posting twice; the message that
  did go out is then found again by what identifies it (the incident id in a card,
  the start of a text) among the bot's own messages after the last one recorded,
  and recorded.
- Card edits are coalesced: a card is edited at most once per `edit_interval`, with
  its latest state, and not at all when nothing visible changed. A card is rendered
  again after every send or edit; when the incident changed while Telegram was being
  asked, an edit row follows, so a card always ends at the incident's final state.
- FloodWait postpones the chat until it expires; an unwritable or deleted chat
  keeps its rows pending, shows in status, and is retried with backoff.
- No row can stall the outbox: whatever a row raises, it is postponed (and given up,
  logged, after MAX_ATTEMPTS unexplained failures) and the other rows go on.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from telethon import TelegramClient, errors
from telethon.extensions import html
from telethon.tl import functions, types
from telethon.tl.custom import Button as TlButton

from bot.cards import Card, card_digest
from bot.models import iso
from bot.store import OutboxRow, Store, StoreError

log = logging.getLogger(__name__)

RenderCard = Callable[[str, str], Card | None]  # (incident id, chat) -> the card as it is now
# (incident id, chat) -> the edit row that brings that chat's card up to date
EditRow = Callable[[str, str], OutboxRow]


def review_edit_row(incident_id: str, chat: str) -> OutboxRow:
    return OutboxRow(f"edit:{incident_id}:{chat}", "edit", chat, incident_id=incident_id)

BLOCKED_CHAT_ERRORS: tuple[type[Exception], ...] = (
    errors.ChatWriteForbiddenError,
    errors.ChannelPrivateError,
    errors.ChatAdminRequiredError,
    errors.PeerIdInvalidError,
    errors.ChatRestrictedError,
    errors.UserBannedInChannelError,
    errors.ChannelInvalidError,
    errors.ChatIdInvalidError,
)
# The person behind a private chat is gone for us (blocked the bot, deleted the account):
# retrying cannot help, so the chat is handed to `on_gone` and its rows stop.
GONE_ERRORS: tuple[type[Exception], ...] = (
    errors.UserIsBlockedError,
    errors.InputUserDeactivatedError,
    errors.UserDeactivatedError,
    errors.UserDeactivatedBanError,
)
MAX_BACKOFF = 3600.0
# An unwritable chat is looked at again at least this often, even without a wake-up
# (an updateChannel when the bot is added back to it).
MAX_BLOCKED_BACKOFF = 60.0
BLOCKED_ERROR_PREFIXES = tuple(e.__name__ for e in (ValueError, *BLOCKED_CHAT_ERRORS))
MAX_ATTEMPTS = 8  # unexplained failures of one row before it is given up (about 8 minutes)
RECOVERY_BATCH = 100  # message ids asked for at once when looking for a lost send
RECOVERY_BATCHES = 50  # batches searched at most (5,000 ids)


def random_id_for(row_id: int) -> int:
    """The same signed 64-bit random_id for the same outbox row, across restarts."""
    digest = hashlib.sha256(f"tgradar-outbox:{row_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _backoff(attempts: int) -> float:
    return min(MAX_BACKOFF, 2.0 ** min(attempts, 12))


@dataclass
class ChatState:
    sent: deque[float] = field(default_factory=deque)  # times of recent messages
    paused_until: float = 0.0
    error: str | None = None


@dataclass
class DrainResult:
    sent: int = 0
    edited: int = 0
    skipped: int = 0
    postponed: int = 0


class Sender:
    def __init__(
        self,
        client: TelegramClient,
        store: Store,
        render: RenderCard,
        edit_interval: timedelta = timedelta(seconds=30),
        per_chat_interval: float = 1.0,
        per_group_per_minute: int = 20,
        per_second: int = 30,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        on_gone: Callable[[str, str], None] | None = None,
        edit_row: EditRow = review_edit_row,
    ) -> None:
        self.client = client
        self.edit_row = edit_row
        self.store = store
        self.render = render
        self.on_gone = on_gone
        self.edit_interval = edit_interval
        self.per_chat_interval = per_chat_interval
        self.per_group_per_minute = per_group_per_minute
        self.per_second = per_second
        self.clock = clock
        self.now = now
        self.chats: dict[str, ChatState] = {}
        self.recent: deque[float] = deque()
        self._peers: dict[str, Any] = {}
        self.me_id: int | None = None

    # -- limits ---------------------------------------------------------------------

    def _state(self, chat: str) -> ChatState:
        return self.chats.setdefault(chat, ChatState())

    def _may_send(self, chat: str, is_group: bool) -> bool:
        now = self.clock()
        state = self._state(chat)
        if state.paused_until > now:
            return False
        while state.sent and now - state.sent[0] > 60:
            state.sent.popleft()
        while self.recent and now - self.recent[0] > 1:
            self.recent.popleft()
        if state.sent and now - state.sent[-1] < self.per_chat_interval:
            return False
        if is_group and len(state.sent) >= self.per_group_per_minute:
            return False
        return len(self.recent) < self.per_second

    def _note_sent(self, chat: str) -> None:
        now = self.clock()
        self._state(chat).sent.append(now)
        self.recent.append(now)

    # -- peers ------------------------------------------------------------------------

    async def peer(self, chat: str) -> Any:
        if chat not in self._peers:
            target: Any = int(chat) if chat.lstrip("-").isdigit() else chat
            self._peers[chat] = await self.client.get_input_entity(target)
        return self._peers[chat]

    @staticmethod
    def _is_group(peer: Any) -> bool:
        return isinstance(peer, types.InputPeerChannel | types.InputPeerChat)

    # -- draining ---------------------------------------------------------------------

    async def drain(self, limit: int = 100) -> DrainResult:
        """Send what is due now; returns what was done.

        A chat's rows go in order: a send (or text) that must wait holds back the rows
        after it in that chat, even across drains; an edit waiting for its interval does
        not (edits do not change the order of messages).
        """
        result = DrainResult()
        blocked: set[str] = set()
        due = iso(self.now())
        tried = 0
        for row in self.store.pending_outbox(None):
            chat = row["chat"]
            if chat in blocked:
                continue
            if row["next_attempt_at"] and row["next_attempt_at"] > due:
                if row["action"] == "send":
                    blocked.add(chat)
                continue
            if tried >= limit:
                break
            tried += 1
            try:
                done = await self._one(row, result)
            except (sqlite3.Error, StoreError):
                raise  # the database, not the row: nothing can be recorded, stop here
            except Exception as exc:  # one bad row never stalls the others
                log.exception("outbox row %s (%s) failed", row["id"], row["dedupe_key"])
                done = self._retry(row, exc, result)
            if not done:
                blocked.add(chat)  # keep this chat's order: nothing after a row that waits
        return result

    async def _one(self, row: dict[str, Any], result: DrainResult) -> bool:
        chat = row["chat"]
        try:
            peer = await self.peer(chat)
        except (ValueError, *BLOCKED_CHAT_ERRORS) as exc:
            self._blocked(row, exc, result)
            return False
        card = self._content(row)
        if card is None:
            self.store.record_sent(row, None)
            result.skipped += 1
            return True
        stored = self.store.card(row["incident_id"], chat) if row["kind"] == "card" else None
        if stored is not None:
            if stored["message_id"] is None:  # sent before a crash and not found again
                self.store.record_sent(row, None, stored["digest"])
                result.skipped += 1
                return True
            return await self._edit(row, peer, card, stored, result)
        if not self._may_send(chat, self._is_group(peer)):
            return False
        digest: str | None = card_digest(card)
        try:
            message_id = await self._send(row, peer, card)
        except errors.RandomIdDuplicateError:
            message_id, digest = await self._recover(peer, row, card)
        except (errors.RPCError, ConnectionError, OSError, TimeoutError) as exc:
            return self._failed(row, exc, result)
        except ValueError as exc:
            # Telethon's "Request was unsuccessful N time(s)": with retries on and
            # raise_last_call_error off, RANDOM_ID_DUPLICATE ends up as this. The send
            # may have gone through: look for it before trying again.
            found, found_digest = await self._recover(peer, row, card, quiet=True)
            if found is None:
                return self._retry(row, exc, result)
            message_id, digest = found, found_digest
        self._note_sent(chat)
        self._state(chat).error = None
        self.store.record_sent(row, message_id, digest, follow_up=self._follow_up(row, digest))
        result.sent += 1
        return True

    def _follow_up(self, row: dict[str, Any], sent_digest: str | None) -> OutboxRow | None:
        """An edit row when the card changed while it was being sent or edited."""
        if row["kind"] != "card" or row["incident_id"] is None:
            return None
        now = self.render(row["incident_id"], row["chat"])
        if now is None or card_digest(now) == sent_digest:
            return None
        return self.edit_row(row["incident_id"], row["chat"])

    def _content(self, row: dict[str, Any]) -> Card | None:
        if row["kind"] == "card":
            return self.render(row["incident_id"], row["chat"])
        payload = json.loads(row["payload"] or "{}")
        return Card(text=payload.get("text", ""), buttons=())

    async def _send(self, row: dict[str, Any], peer: Any, card: Card) -> int | None:
        text, entities = html.parse(card.text)
        request = functions.messages.SendMessageRequest(
            peer=peer,
            message=text,
            random_id=random_id_for(row["id"]),
            no_webpage=True,
            entities=entities or None,
            reply_markup=self._markup(card),
        )
        updates = await self.client(request)
        return _sent_id(updates, request.random_id)

    def _markup(self, card: Card) -> Any:
        if not card.buttons:
            return None
        return self.client.build_reply_markup(
            [[TlButton.inline(b.label, b.data) for b in line] for line in card.buttons]
        )

    async def _edit(
        self,
        row: dict[str, Any],
        peer: Any,
        card: Card,
        stored: dict[str, Any],
        result: DrainResult,
    ) -> bool:
        digest = card_digest(card)
        if digest == stored["digest"]:
            self.store.record_sent(row, stored["message_id"], digest)
            result.skipped += 1
            return True
        last = stored["edited_at"] or stored["sent_at"]
        if last:
            due = datetime.fromisoformat(last.replace("Z", "+00:00")) + self.edit_interval
            if due > self.now():
                self.store.postpone(row["id"], iso(due), None, attempt=False)
                result.postponed += 1
                return True  # a later edit of this card is not blocked by waiting
        if not self._may_send(row["chat"], self._is_group(peer)):
            return False
        text, entities = html.parse(card.text)
        try:
            await self.client(
                functions.messages.EditMessageRequest(
                    peer=peer,
                    id=stored["message_id"],
                    message=text,
                    no_webpage=True,
                    entities=entities or None,
                    reply_markup=self._markup(card),
                )
            )
        except errors.MessageNotModifiedError:
            pass
        except (errors.MessageIdInvalidError, errors.MessageEditTimeExpiredError) as exc:
            log.warning("card %s cannot be edited (%s)", row["incident_id"], exc)
        except (errors.RPCError, ConnectionError, OSError, TimeoutError) as exc:
            return self._failed(row, exc, result)
        self._note_sent(row["chat"])
        self.store.record_sent(
            row, stored["message_id"], digest, follow_up=self._follow_up(row, digest)
        )
        result.edited += 1
        return True

    async def _recover(
        self, peer: Any, row: dict[str, Any], card: Card, quiet: bool = False
    ) -> tuple[int | None, str | None]:
        """A send Telegram already has (we died before recording it): find the message.

        It is the bot's own message in this chat showing the card's incident id as a word
        of its own (or, for a text, starting with the text's start), after the highest
        message id recorded for the chat: ids are per channel for channels and megagroups,
        per bot account otherwise, so they are searched batch by batch up to the newest
        message. Returns the message id and the
        digest of what it shows (None when it differs from the card now: an edit follows).
        """
        wanted, _ = html.parse(card.text)
        marker = row["incident_id"] if row["kind"] == "card" else wanted[:64]
        if not marker:
            return None, None

        def carries(text: str) -> bool:
            # A card's only bare id is its own: «RU-BEL-…T2215» quoted in a merged card, or
            # the id of another incident that starts the same ("…T2215-2"), is not it.
            return marker in text.split() if row["kind"] == "card" else text.startswith(marker)

        start = self.store.highest_message_id(row["chat"]) + 1
        searched = 0
        for batch in range(RECOVERY_BATCHES):
            ids = list(range(start + batch * RECOVERY_BATCH, start + (batch + 1) * RECOVERY_BATCH))
            messages = await self._messages(peer, ids)
            searched = ids[-1]
            if all(isinstance(m, types.MessageEmpty) for m in messages):
                break  # past the newest message
            for message in messages:
                if self._is_own(message, peer) and carries(message.message or ""):
                    same = message.message == wanted
                    return message.id, card_digest(card) if same else None
        if not quiet:
            log.warning(
                "outbox row %s (%s) was sent before a crash, but no message of the bot in "
                "chat %s carrying %r was found in ids %d-%d: the card will not be edited",
                row["id"],
                row["dedupe_key"],
                row["chat"],
                marker,
                start,
                searched,
            )
        return None, None

    async def _messages(self, peer: Any, ids: list[int]) -> list[Any]:
        wanted = [types.InputMessageID(i) for i in ids]
        if isinstance(peer, types.InputPeerChannel):
            channel = types.InputChannel(peer.channel_id, peer.access_hash)
            found = await self.client(functions.channels.GetMessagesRequest(channel, wanted))
        else:
            found = await self.client(functions.messages.GetMessagesRequest(wanted))
        return list(getattr(found, "messages", []) or [])

    @staticmethod
    def _is_own(message: Any, peer: Any) -> bool:
        if not isinstance(message, types.Message) or not message.out:
            return False
        where = message.peer_id
        if isinstance(peer, types.InputPeerUser):
            return isinstance(where, types.PeerUser) and where.user_id == peer.user_id
        if isinstance(peer, types.InputPeerChat):
            return isinstance(where, types.PeerChat) and where.chat_id == peer.chat_id
        return True  # channels: the request was for this channel only

    # -- failures ---------------------------------------------------------------------

    def _failed(self, row: dict[str, Any], exc: Exception, result: DrainResult) -> bool:
        """Deal with a send or edit that failed; True when the chat's next rows may go."""
        if isinstance(exc, errors.FloodWaitError):
            self._flood(row, exc, result)
            return False
        if isinstance(exc, BLOCKED_CHAT_ERRORS):
            self._blocked(row, exc, result)
            return False
        if isinstance(exc, GONE_ERRORS):
            self._gone(row, exc, result)
            return True
        return self._retry(row, exc, result)

    def _flood(self, row: dict[str, Any], exc: errors.FloodWaitError, result: DrainResult) -> None:
        state = self._state(row["chat"])
        state.paused_until = self.clock() + exc.seconds
        state.error = f"flood wait {exc.seconds}s"
        until = self.now() + timedelta(seconds=exc.seconds)
        self.store.postpone(row["id"], iso(until), state.error, attempt=False)
        result.postponed += 1

    def _blocked(self, row: dict[str, Any], exc: Exception, result: DrainResult) -> None:
        state = self._state(row["chat"])
        state.error = f"{type(exc).__name__}: {exc}"
        self._peers.pop(row["chat"], None)
        delay = min(MAX_BLOCKED_BACKOFF, _backoff(row["attempts"] + 1))
        self.store.postpone(row["id"], iso(self.now() + timedelta(seconds=delay)), state.error)
        log.warning("chat %s is not writable (%s); retrying in %.0fs", row["chat"], exc, delay)
        result.postponed += 1

    def _gone(self, row: dict[str, Any], exc: Exception, result: DrainResult) -> None:
        reason = type(exc).__name__
        self.store.fail_pending(row["chat"], f"{reason}: {exc}"[:300])
        if self.on_gone is not None:
            self.on_gone(row["chat"], reason)
        log.info("chat %s is gone (%s): its messages are dropped", row["chat"], reason)
        result.postponed += 1

    def _retry(self, row: dict[str, Any], exc: Exception, result: DrainResult) -> bool:
        """Postpone with backoff; after MAX_ATTEMPTS give the row up (True: the chat goes on)."""
        error = f"{type(exc).__name__}: {exc}"[:300]
        self._state(row["chat"]).error = error
        result.postponed += 1
        if row["attempts"] + 1 >= MAX_ATTEMPTS:
            self.store.fail_row(row["id"], error)
            log.error(
                "outbox row %s (%s) given up after %d attempts: %s",
                row["id"],
                row["dedupe_key"],
                row["attempts"] + 1,
                error,
            )
            return True
        delay = _backoff(row["attempts"] + 1)
        self.store.postpone(row["id"], iso(self.now() + timedelta(seconds=delay)), error)
        return False

    def wake(self) -> int:
        """A chat may be writable again (the bot was added back somewhere): rows waiting
        for an unwritable chat are due now. Returns how many."""
        for state in self.chats.values():
            if state.error and not state.error.startswith("flood wait"):
                state.error = None
        self._peers.clear()
        return self.store.wake_blocked(BLOCKED_ERROR_PREFIXES)

    def status(self) -> dict[str, Any]:
        now = self.clock()
        return {
            "outbox_pending": self.store.outbox_depth(),
            "chats": {
                chat: {"paused_for": round(max(0.0, s.paused_until - now), 1), "error": s.error}
                for chat, s in self.chats.items()
                if s.error or s.paused_until > now
            },
        }


def _sent_id(updates: Any, random_id: int) -> int | None:
    for update in getattr(updates, "updates", []) or []:
        if isinstance(update, types.UpdateMessageID) and update.random_id == random_id:
            return update.id
    for update in getattr(updates, "updates", []) or []:
        message = getattr(update, "message", None)
        if isinstance(message, types.Message):
            return message.id
    if isinstance(updates, types.UpdateShortSentMessage):
        return updates.id
    return None
