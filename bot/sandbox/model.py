"""The sandbox's world: accounts, channels, stored messages and the clock.

Plain mutable records owned by `SandboxServer`; TL objects are built from them on demand
(see render.py), per viewer, so that `out`, `left` and `creator` are right for whoever asks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from telethon.tl import types

# Telegram's limits on channels and megagroups one account is in (help.getAppConfig:
# channels_limit_default, channels_limit_premium)
CHANNELS_LIMIT_DEFAULT = 500
CHANNELS_LIMIT_PREMIUM = 1000


class Clock:
    """The server's notion of now: real time until set, then frozen and moved by hand."""

    def __init__(self, start: datetime | None = None) -> None:
        self._frozen: datetime | None = None
        if start is not None:
            self.set(start)

    def now(self) -> datetime:
        current = self._frozen if self._frozen is not None else datetime.now(UTC)
        return current.replace(microsecond=0)

    def set(self, when: datetime) -> None:
        if when.tzinfo is None:
            raise ValueError(f"clock needs a timezone-aware datetime, got naive {when!r}")
        self._frozen = when.astimezone(UTC)

    def advance(self, delta: timedelta | float) -> None:
        """Move a frozen clock forward (seconds or a timedelta); freezes a real-time clock first."""
        step = delta if isinstance(delta, timedelta) else timedelta(seconds=delta)
        self._frozen = self.now() + step


@dataclass(eq=False)
class Account:
    """A user or a bot."""

    id: int
    access_hash: int
    username: str | None
    first_name: str
    last_name: str | None = None
    lang_code: str | None = None
    phone: str | None = None
    is_bot: bool = False
    bot_token: str | None = None
    pts: int = 1
    qts: int = 0
    seq: int = 0
    next_message_id: int = 1
    # account-level update log: (pts, kind, message id in this account's box)
    events: list[tuple[int, str, int]] = field(default_factory=list)
    box: dict[int, StoredMessage] = field(default_factory=dict)  # private messages
    blocked: set[int] = field(default_factory=set)  # ids of accounts this one blocked
    used_random_ids: set[int] = field(default_factory=set)
    commands: dict[tuple[str, str], list[tuple[str, str]]] = field(default_factory=dict)
    # channel pts as of this account's last GetState/GetDifference: newer channel events are
    # announced as UpdateChannelTooLong in the next difference, as Telegram does after downtime
    channel_marks: dict[int, int] = field(default_factory=dict)
    # Telegram Premium: shown on the user, and it raises the limit of joined channels
    premium: bool = False
    # channels.joinChannel answers CHANNELS_TOO_MUCH past this many channels and megagroups;
    # None: Telegram's own limits (appConfig channels_limit_default / channels_limit_premium)
    channel_limit: int | None = None

    def joins_allowed(self) -> int:
        if self.channel_limit is not None:
            return self.channel_limit
        return CHANNELS_LIMIT_PREMIUM if self.premium else CHANNELS_LIMIT_DEFAULT

    @property
    def token(self) -> str | None:
        return self.bot_token

    def __repr__(self) -> str:
        kind = "Bot" if self.is_bot else "User"
        return f"<{kind} {self.id} @{self.username}>"


@dataclass(eq=False)
class Channel:
    """A broadcast channel or a megagroup (both are channels in MTProto)."""

    id: int
    access_hash: int
    title: str
    username: str | None
    megagroup: bool
    date: datetime
    about: str = ""
    creator_id: int | None = None
    members: set[int] = field(default_factory=set)
    admins: set[int] = field(default_factory=set)
    joined_at: dict[int, datetime] = field(default_factory=dict)
    private: bool = False
    deleted: bool = False
    pts: int = 1
    next_message_id: int = 1
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    events: list[tuple[int, str, int]] = field(default_factory=list)  # (pts, kind, message id)
    # updates.getChannelDifference answers ChannelDifferenceTooLong when more events than this
    # are missing; None follows Telegram's documented rule (more than the request's `limit`)
    too_long_after: int | None = None

    @property
    def broadcast(self) -> bool:
        return not self.megagroup

    def is_admin(self, account: Account) -> bool:
        return account.id == self.creator_id or account.id in self.admins

    def __repr__(self) -> str:
        kind = "Megagroup" if self.megagroup else "Channel"
        return f"<{kind} {self.id} @{self.username} {self.title!r}>"


@dataclass(eq=False)
class StoredMessage:
    """One message as the server keeps it.

    For a channel, `chat` is the channel and ids are the channel's. For a private conversation
    every side keeps its own copy with its own id: `owner` is the account whose box holds it and
    `peer_id` the other side.
    """

    id: int
    date: datetime
    text: str
    chat: Channel | None = None
    owner: Account | None = None
    peer_id: int | None = None
    sender: Account | None = None  # None for a post by a broadcast channel itself
    entities: list[Any] = field(default_factory=list)
    reply_markup: Any = None
    media: Any = None
    media_bytes: bytes | None = None
    fwd_from: types.MessageFwdHeader | None = None
    grouped_id: int | None = None
    reply_to_msg_id: int | None = None
    views: int | None = None
    edit_date: datetime | None = None
    edit_count: int = 0
    deleted: bool = False
    twin: StoredMessage | None = field(default=None, repr=False)  # other side of a private message

    @property
    def post(self) -> bool:
        return self.chat is not None and self.chat.broadcast

    @property
    def buttons(self) -> list[list[tuple[str, bytes | None]]]:
        """Inline keyboard as rows of (text, callback data); empty without a keyboard."""
        if not isinstance(self.reply_markup, types.ReplyInlineMarkup):
            return []
        return [
            [(button.text, _callback_data(button)) for button in row.buttons]
            for row in self.reply_markup.rows
        ]

    def callback_data(self) -> list[bytes]:
        return [data for row in self.buttons for _, data in row if data is not None]

    def __repr__(self) -> str:
        where = self.chat.username or self.chat.id if self.chat else f"pm:{self.peer_id}"
        return f"<StoredMessage {where}/{self.id} {self.text[:30]!r}>"


def _callback_data(button: Any) -> bytes | None:
    # layer 229 wraps the data in button.type (InlineButtonTypeCallback); older layers carry it
    data = getattr(button, "data", None)
    if data is None:
        data = getattr(getattr(button, "type", None), "data", None)
    return data


@dataclass(frozen=True)
class CallbackAnswer:
    """What a bot answered to a button press (SetBotCallbackAnswer)."""

    message: str | None
    alert: bool
    url: str | None
