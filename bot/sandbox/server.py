"""The simulated Telegram: the world model, its rules, failure injection and update pushes.

Clients reach it through `invoke(session, request_bytes)` (see sender.py and transport.py);
tests drive the world directly (`post`, `edit`, `user_sends`, `press_button`, ...).
"""

from __future__ import annotations

import asyncio
import hashlib
import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from telethon.extensions import BinaryReader
from telethon.tl import types

from . import render
from .errors import ConnectionDropped, RpcFailure, SandboxError, UnsupportedRequest
from .handlers import HANDLERS, Context
from .model import Account, CallbackAnswer, Channel, Clock, StoredMessage
from .rules import MAX_MESSAGE_LENGTH, USERNAME_RE, can_read, check_can_write, forward_header
from .wire import WRAPPERS, Session, method_key, serialize_result


@dataclass
class _After:
    method: str
    callback: Any
    remaining: int | None
    account_id: int | None


@dataclass
class _Failure:
    method: str
    error: Any
    remaining: int | None
    account_id: int | None
    chat_id: int | None


@dataclass
class _Drop:
    remaining: int
    account_id: int | None


class SandboxServer:
    """An in-process Telegram. See bot/sandbox/__init__.py for the tour."""

    def __init__(
        self,
        clock: Clock | datetime | None = None,
        *,
        seed: int = 0,
        callback_timeout: float = 5.0,
    ) -> None:
        self.clock = clock if isinstance(clock, Clock) else Clock(clock)
        self.callback_timeout = callback_timeout
        self.requests: Counter[str] = Counter()
        self.requests_by_chat: Counter[int] = Counter()  # requests naming a channel, by its id
        self.unsupported: list[str] = []
        self._rng = random.Random(seed)
        self._accounts: dict[int, Account] = {}
        self._channels: dict[int, Channel] = {}
        self._next_user_id = 7_000_001
        self._next_channel_id = 1_900_000_001
        self._authorizations: dict[int, int] = {}  # auth key id -> account id
        self._keys: dict[int, Any] = {}  # auth key id -> telethon AuthKey (for real MTProto)
        self._sessions: list[Session] = []
        self._requests_by_key: dict[int, Counter[str]] = {}
        self._requests_by_account: dict[int, Counter[str]] = {}
        self._failures: list[_Failure] = []
        self._after: list[_After] = []
        self._drops: list[_Drop] = []
        self._pending_queries: dict[int, tuple[int, asyncio.Future[CallbackAnswer]]] = {}
        self._next_query_id = 1
        self._uploads: dict[tuple[int, int], dict[int, bytes]] = {}
        self._next_media_id = 5_000_000_001

    # ------------------------------------------------------------------ world building

    def now(self) -> datetime:
        return self.clock.now()

    def new_hash(self) -> int:
        return self._rng.randrange(-(2**63), 2**63)

    def _check_username_free(self, username: str | None) -> None:
        if username is None:
            return
        if not USERNAME_RE.match(username):
            raise SandboxError(f"invalid username {username!r} (4-32 letters, digits, _)")
        if self.find_username(username) is not None:
            raise SandboxError(f"username @{username} is already taken")

    def add_user(
        self,
        username: str | None,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        lang_code: str | None = None,
        phone: str | None = None,
        premium: bool = False,
    ) -> Account:
        self._check_username_free(username)
        account = Account(
            premium=premium,
            id=self._next_user_id,
            access_hash=self.new_hash(),
            username=username,
            first_name=first_name or (username or "User").capitalize(),
            last_name=last_name,
            lang_code=lang_code,
            phone=phone or f"99966{self._next_user_id % 100000:05d}",
        )
        self._next_user_id += 1
        self._accounts[account.id] = account
        return account

    def add_bot(self, username: str, *, first_name: str | None = None) -> Account:
        if not username.lower().endswith("bot"):
            raise SandboxError(f"bot usernames end in 'bot', got {username!r}")
        account = self.add_user(username, first_name=first_name or username)
        account.is_bot = True
        account.phone = None
        secret = hashlib.sha256(f"{account.id}:{account.access_hash}".encode()).hexdigest()[:35]
        account.bot_token = f"{account.id}:{secret}"
        return account

    def _add_chat(
        self,
        username: str | None,
        title: str | None,
        megagroup: bool,
        members: Iterable[Account],
        admins: Iterable[Account],
        creator: Account | None,
        about: str,
    ) -> Channel:
        self._check_username_free(username)
        chat = Channel(
            id=self._next_channel_id,
            access_hash=self.new_hash(),
            title=title or username or "Chat",
            username=username,
            megagroup=megagroup,
            date=self.now(),
            about=about,
            creator_id=creator.id if creator else None,
        )
        self._next_channel_id += 1
        self._channels[chat.id] = chat
        for account in [*members, *admins, *([creator] if creator else [])]:
            self.join(chat, account)
        chat.admins.update(a.id for a in admins)
        return chat

    def add_channel(
        self,
        username: str | None,
        *,
        title: str | None = None,
        about: str = "",
        subscribers: Iterable[Account] = (),
        admins: Iterable[Account] = (),
        creator: Account | None = None,
    ) -> Channel:
        """A broadcast channel. Posts come from `post()`; subscribers receive them as pushes."""
        return self._add_chat(username, title, False, subscribers, admins, creator, about)

    def add_megagroup(
        self,
        username: str | None,
        *,
        title: str | None = None,
        about: str = "",
        members: Iterable[Account] = (),
        admins: Iterable[Account] = (),
        creator: Account | None = None,
    ) -> Channel:
        return self._add_chat(username, title, True, members, admins, creator, about)

    def join(self, chat: Channel, account: Account) -> None:
        """`account` joins (or is added to) `chat`; like Telegram, it is told with an
        updateChannel (its participation changed)."""
        if account.id not in chat.members:
            chat.members.add(account.id)
            chat.joined_at[account.id] = self.now()
            self.push(
                [account],
                lambda viewer: self.updates([types.UpdateChannel(chat.id)], viewer, chats=[chat]),
            )

    def leave(self, chat: Channel, account: Account) -> None:
        chat.members.discard(account.id)
        chat.admins.discard(account.id)

    def block(self, user: Account, bot: Account) -> None:
        """`user` blocks `bot`: the bot's DMs to the user fail with USER_IS_BLOCKED."""
        user.blocked.add(bot.id)

    def unblock(self, user: Account, bot: Account) -> None:
        user.blocked.discard(bot.id)

    def set_username(self, chat: Channel, username: str | None) -> None:
        """Rename a channel's public username (None removes it); the old one stops resolving."""
        if username is not None and username.lower() != (chat.username or "").lower():
            self._check_username_free(username)
        chat.username = username

    def make_private(self, chat: Channel) -> None:
        """Drop the username; non-members now get CHANNEL_PRIVATE."""
        chat.username = None
        chat.private = True

    def delete_chat(self, chat: Channel) -> None:
        """The channel is gone: its username is freed and every access is CHANNEL_INVALID."""
        chat.username = None
        chat.deleted = True

    # ------------------------------------------------------------------ lookups

    def find_username(self, username: str) -> Account | Channel | None:
        wanted = username.lower()
        for account in self._accounts.values():
            if account.username and account.username.lower() == wanted:
                return account
        for chat in self._channels.values():
            if chat.username and chat.username.lower() == wanted and not chat.deleted:
                return chat
        return None

    def account(self, account_id: int) -> Account | None:
        return self._accounts.get(account_id)

    def channel(self, channel_id: int) -> Channel | None:
        return self._channels.get(channel_id)

    def all_channels(self) -> list[Channel]:
        return list(self._channels.values())

    def all_accounts(self) -> list[Account]:
        return list(self._accounts.values())

    def messages(
        self, chat: Channel | Account, with_: Account | None = None
    ) -> list[StoredMessage]:
        """Stored messages, oldest first: a channel's, or `chat`'s private chat with `with_`."""
        if isinstance(chat, Channel):
            return [m for _, m in sorted(chat.messages.items()) if not m.deleted]
        if with_ is None:
            raise SandboxError("messages(account, with_=other) needs the other side of the chat")
        return [m for _, m in sorted(chat.box.items()) if m.peer_id == with_.id and not m.deleted]

    def message(self, chat: Channel, message_id: int) -> StoredMessage:
        try:
            return chat.messages[message_id]
        except KeyError:
            raise SandboxError(f"{chat!r} has no message {message_id}") from None

    # ------------------------------------------------------------------ sessions and auth

    def attach(self, session: Session) -> None:
        if session not in self._sessions:
            self._sessions.append(session)

    def detach(self, session: Session) -> None:
        if session in self._sessions:
            self._sessions.remove(session)

    def authorize_key(self, auth_key_id: int, account: Account) -> None:
        """Bind an auth key to an account, as a finished login would."""
        self._authorizations[auth_key_id] = account.id

    def remember_key(self, auth_key: Any) -> None:
        """Share an AuthKey with the server so MTProto connections can use it (transport.py)."""
        self._keys[auth_key.key_id] = auth_key

    def known_key(self, auth_key_id: int) -> Any:
        return self._keys.get(auth_key_id)

    def account_for(self, session: Session) -> Account | None:
        account_id = self._authorizations.get(session.auth_key_id)
        return self._accounts.get(account_id) if account_id is not None else None

    def sessions_of(self, account: Account) -> list[Session]:
        return [s for s in self._sessions if self._authorizations.get(s.auth_key_id) == account.id]

    def drop_connections(self, account: Account | None = None) -> int:
        """Break the connections of `account` (or all): they see ConnectionError and disconnect."""
        dropped = 0
        for session in list(self._sessions):
            if account is None or self._authorizations.get(session.auth_key_id) == account.id:
                drop = getattr(session, "drop", None)
                if drop is not None:
                    drop()
                    dropped += 1
        return dropped

    def interrupt_connections(self, account: Account | None = None) -> int:
        """The network between `account` (or everyone) and Telegram goes down without the
        clients giving up: pushes meanwhile are lost, requests wait. See restore_connections."""
        sessions = self._sessions_of_optional(account)
        for session in sessions:
            getattr(session, "interrupt", lambda: None)()
        return len(sessions)

    def restore_connections(self, account: Account | None = None) -> int:
        """The network is back: waiting requests go out and each client runs its reconnect
        callback (as Telethon's MTProtoSender does after an automatic reconnect)."""
        sessions = self._sessions_of_optional(account)
        for session in sessions:
            getattr(session, "resume", lambda: None)()
        return len(sessions)

    def _sessions_of_optional(self, account: Account | None) -> list[Session]:
        return list(self._sessions) if account is None else self.sessions_of(account)

    # ------------------------------------------------------------------ failure injection

    def fail(
        self,
        method: Any,
        error: Any = "FLOOD_WAIT_1",
        times: int | None = 1,
        *,
        account: Account | None = None,
        chat: Channel | None = None,
    ) -> None:
        """The next `times` (None: every) `method` requests fail with `error`.

        `method`: a request class or name ('GetHistory', 'messages.GetHistory',
        'GetHistoryRequest'; '*' for any). `error`: an RPC error message such as 'FLOOD_WAIT_3'
        or 'CHANNEL_PRIVATE', an `RpcFailure`, or `ConnectionError` (class or instance) to drop
        the connection while the request is in flight. `account`/`chat` narrow it to requests
        from that account / about that channel.
        """
        if not (isinstance(error, str | RpcFailure) or _is_connection_error(error)):
            raise SandboxError(
                f"fail() takes an RPC error name, an RpcFailure or ConnectionError, not {error!r}"
            )
        self._failures.append(
            _Failure(
                method="*" if method == "*" else method_key(method),
                error=error,
                remaining=times,
                account_id=account.id if account else None,
                chat_id=chat.id if chat else None,
            )
        )

    def after(
        self,
        method: Any,
        callback: Any,
        times: int | None = 1,
        *,
        account: Account | None = None,
    ) -> None:
        """Run `callback(request)` (a function or coroutine function) after the next `times`
        (None: every) `method` requests were carried out and before their answer goes back:
        Telegram has done it, the client does not know yet. A delay is
        `after(m, lambda r: asyncio.sleep(2))`; a callback that raises ConnectionError loses
        the answer (the connection drops), as when the process dies right after a send.
        """
        key = "*" if method == "*" else method_key(method)
        self._after.append(_After(key, callback, times, account.id if account else None))

    async def _run_after(self, key: str, request: Any, account: Account | None) -> None:
        for hook in list(self._after):
            if hook.method not in ("*", key):
                continue
            if hook.account_id is not None and (account is None or account.id != hook.account_id):
                continue
            if hook.remaining is not None:
                hook.remaining -= 1
                if hook.remaining <= 0:
                    self._after.remove(hook)
            try:
                outcome = hook.callback(request)
                if asyncio.iscoroutine(outcome):
                    await outcome
            except ConnectionError as exc:
                raise ConnectionDropped(f"answer to {key} lost: {exc}") from exc

    def drop_next_updates(self, n: int = 1, *, to: Account | None = None) -> None:
        """Lose the next `n` pushes (to everyone, or only those to `to`); pts still advances."""
        self._drops.append(_Drop(n, to.id if to else None))

    def _injected_failure(self, key: str, request: Any, account: Account | None) -> Any:
        for failure in self._failures:
            if failure.method not in ("*", key):
                continue
            if failure.account_id is not None and (
                account is None or account.id != failure.account_id
            ):
                continue
            if failure.chat_id is not None and failure.chat_id not in _channel_ids_in(request):
                continue
            if failure.remaining is not None:
                failure.remaining -= 1
                if failure.remaining <= 0:
                    self._failures.remove(failure)
            return failure.error
        return None

    # ------------------------------------------------------------------ the wire entry point

    def requests_by(self, who: Any) -> Counter[str]:
        """Request counts of one client (a TelegramClient, by its auth key) or one account."""
        if isinstance(who, Account):
            return Counter(self._requests_by_account.get(who.id, Counter()))
        session = getattr(who, "session", None)
        auth_key = getattr(session, "auth_key", None)
        if auth_key is None:
            raise SandboxError(f"requests_by() takes an Account or a TelegramClient, got {who!r}")
        return Counter(self._requests_by_key.get(auth_key.key_id, Counter()))

    async def invoke(self, session: Session, data: bytes) -> bytes:
        """Answer one serialised request.

        Raises RpcFailure (answered with an RPC error), UnsupportedRequest or ConnectionDropped.
        """
        with BinaryReader(data) as reader:
            request = reader.tgread_object()
        while isinstance(request, WRAPPERS):
            request = request.query
        name = type(request).__name__
        account = self.account_for(session)
        injected = self._injected_failure(method_key(name), request, account)
        if _is_connection_error(injected):
            raise ConnectionDropped(f"injected connection drop on {name}")
        self.requests[name] += 1
        self._requests_by_key.setdefault(session.auth_key_id, Counter())[name] += 1
        if account is not None:
            self._requests_by_account.setdefault(account.id, Counter())[name] += 1
        for chat_id in _channel_ids_in(request):
            self.requests_by_chat[chat_id] += 1
        if injected is not None:
            raise injected if isinstance(injected, RpcFailure) else RpcFailure(str(injected))

        handler = HANDLERS.get(type(request))
        if handler is None:
            self.unsupported.append(name)
            raise UnsupportedRequest(name)
        result = await handler(Context(self, session, account), request)
        await self._run_after(method_key(name), request, account)
        return serialize_result(result)

    # ------------------------------------------------------------------ pushes

    def push(
        self,
        recipients: Iterable[Account],
        build: Any,
        *,
        exclude: Session | None = None,
    ) -> None:
        """Deliver `build(viewer) -> Updates` to every connected session of `recipients`.

        Only pushes that would reach someone count against `drop_next_updates`; a global drop
        loses the whole push, an account drop only that account's copy.
        """
        deliveries = []
        for viewer in recipients:
            sessions = [s for s in self.sessions_of(viewer) if s is not exclude]
            if sessions:
                deliveries.append((viewer, sessions))
        if not deliveries:
            return
        global_drop = next((d for d in self._drops if d.account_id is None), None)
        if global_drop is not None:
            self._consume(global_drop)
            return
        for viewer, sessions in deliveries:
            drop = next((d for d in self._drops if d.account_id == viewer.id), None)
            if drop is not None:
                self._consume(drop)
                continue
            data = bytes(build(viewer))
            for session in sessions:
                session.deliver(data)

    def _consume(self, drop: _Drop) -> None:
        drop.remaining -= 1
        if drop.remaining <= 0:
            self._drops.remove(drop)

    def updates(
        self, update_list: list[Any], viewer: Account, *, accounts=(), chats=()
    ) -> types.Updates:
        return types.Updates(
            updates=update_list,
            users=render.users([*accounts], viewer),
            chats=render.chats([*chats], viewer),
            date=self.now(),
            seq=0,
        )

    # ------------------------------------------------------------------ channel events

    def _bump_channel(self, chat: Channel, kind: str, message_id: int) -> int:
        chat.pts += 1
        chat.events.append((chat.pts, kind, message_id))
        return chat.pts

    def audience(self, chat: Channel) -> list[Account]:
        return [self._accounts[i] for i in sorted(chat.members) if i in self._accounts]

    def entities_of(self, messages: Iterable[StoredMessage]) -> tuple[list[Account], list[Channel]]:
        accounts: list[Account] = []
        chats: list[Channel] = []
        for stored in messages:
            if stored.chat is not None:
                chats.append(stored.chat)
            if stored.sender is not None:
                accounts.append(stored.sender)
            if stored.peer_id is not None and stored.peer_id in self._accounts:
                accounts.append(self._accounts[stored.peer_id])
            origin = stored.fwd_from.from_id if stored.fwd_from else None
            if isinstance(origin, types.PeerChannel) and origin.channel_id in self._channels:
                chats.append(self._channels[origin.channel_id])
            elif isinstance(origin, types.PeerUser) and origin.user_id in self._accounts:
                accounts.append(self._accounts[origin.user_id])
        return accounts, chats

    def _channel_update(self, kind: str, stored: StoredMessage, pts: int, viewer: Account) -> Any:
        rendered = render.message(stored, viewer)
        if kind == "new":
            return types.UpdateNewChannelMessage(rendered, pts, 1)
        return types.UpdateEditChannelMessage(rendered, pts, 1)

    def channel_event(
        self, kind: str, stored: StoredMessage, *, exclude: Session | None = None
    ) -> int:
        """Record a new/edit event in the message's channel, push it, return the new pts."""
        chat = stored.chat
        assert chat is not None
        pts = self._bump_channel(chat, kind, stored.id)
        accounts, chats = self.entities_of([stored])
        self.push(
            self.audience(chat),
            lambda viewer: self.updates(
                [self._channel_update(kind, stored, pts, viewer)],
                viewer,
                accounts=accounts,
                chats=chats,
            ),
            exclude=exclude,
        )
        return pts

    def new_channel_message(
        self,
        chat: Channel,
        text: str,
        *,
        sender: Account | None = None,
        date: datetime | None = None,
        **fields: Any,
    ) -> StoredMessage:
        stored = StoredMessage(
            id=chat.next_message_id,
            date=date or self.now(),
            text=text,
            chat=chat,
            sender=sender,
            **fields,
        )
        chat.next_message_id += 1
        chat.messages[stored.id] = stored
        return stored

    # ------------------------------------------------------------------ private messages

    def account_event(
        self, account: Account, kind: str, stored: StoredMessage, *, exclude: Session | None = None
    ) -> int:
        account.pts += 1
        account.events.append((account.pts, kind, stored.id))
        pts = account.pts
        accounts, chats = self.entities_of([stored])

        def build(viewer: Account) -> types.Updates:
            rendered = render.message(stored, viewer)
            update = (
                types.UpdateNewMessage(rendered, pts, 1)
                if kind == "new"
                else types.UpdateEditMessage(rendered, pts, 1)
            )
            return self.updates([update], viewer, accounts=accounts, chats=chats)

        self.push([account], build, exclude=exclude)
        return pts

    def new_private_message(
        self, sender: Account, recipient: Account, text: str, **fields: Any
    ) -> tuple[StoredMessage, StoredMessage]:
        """Store both sides' copies of a private message; returns (sender's, recipient's)."""
        date = self.now()
        own = StoredMessage(
            id=sender.next_message_id,
            date=date,
            text=text,
            owner=sender,
            peer_id=recipient.id,
            sender=sender,
            **fields,
        )
        sender.next_message_id += 1
        theirs = StoredMessage(
            id=recipient.next_message_id,
            date=date,
            text=text,
            owner=recipient,
            peer_id=sender.id,
            sender=sender,
            **fields,
        )
        recipient.next_message_id += 1
        own.twin, theirs.twin = theirs, own
        sender.box[own.id] = own
        recipient.box[theirs.id] = theirs
        return own, theirs

    # ------------------------------------------------------------------ test actions

    def post(
        self,
        chat: Channel,
        text: str | None = None,
        *,
        date: datetime | None = None,
        forward_from: tuple[Channel, int] | None = None,
        grouped_id: int | None = None,
        views: int | None = None,
        entities: list[Any] | None = None,
        reply_to: int | None = None,
    ) -> StoredMessage:
        """The channel itself posts (a broadcast post, or an anonymous post in a megagroup),
        possibly as a reply to one of its earlier posts (``reply_to``, a message id)."""
        self._require_alive(chat)
        if reply_to is not None:
            self.message(chat, reply_to)  # Telegram refuses a reply to a message it lacks
        fwd_from = None
        if forward_from is not None:
            origin_chat, origin_id = forward_from
            origin = self.message(origin_chat, origin_id)
            fwd_from = origin.fwd_from or forward_header(origin)
            if text is None:
                text = origin.text
        if text is None:
            raise SandboxError("post() needs text (or forward_from to copy it)")
        if len(text) > MAX_MESSAGE_LENGTH:
            raise SandboxError(
                f"post() text is {len(text)} chars, Telegram allows {MAX_MESSAGE_LENGTH}"
            )
        stored = self.new_channel_message(
            chat,
            text,
            date=date,
            fwd_from=fwd_from,
            grouped_id=grouped_id,
            views=views if views is not None else (0 if chat.broadcast else None),
            entities=list(entities or []),
            reply_to_msg_id=reply_to,
        )
        self.channel_event("new", stored)
        return stored

    def edit(
        self, chat: Channel, message_id: int, text: str, *, edit_date: datetime | None = None
    ) -> StoredMessage:
        """The channel edits one of its messages (bumps pts, pushes UpdateEditChannelMessage)."""
        self._require_alive(chat)
        stored = self.message(chat, message_id)
        stored.text = text
        stored.edit_date = edit_date or self.now()
        stored.edit_count += 1
        self.channel_event("edit", stored)
        return stored

    def delete_message(self, chat: Channel, message_id: int) -> None:
        stored = self.message(chat, message_id)
        stored.deleted = True
        pts = self._bump_channel(chat, "delete", message_id)
        self.push(
            self.audience(chat),
            lambda viewer: self.updates(
                [types.UpdateDeleteChannelMessages(chat.id, [message_id], pts, 1)],
                viewer,
                chats=[chat],
            ),
        )

    async def user_sends(
        self, sender: Account, peer: Account | Channel, text: str, *, reply_to: int | None = None
    ) -> StoredMessage:
        """`sender` writes `text` to a bot/user (DM) or into a megagroup, as from another device.

        Returns the copy the recipient sees (for a DM, the recipient's copy with its id).
        """
        await asyncio.sleep(0)
        if isinstance(peer, Channel):
            self._require_alive(peer)
            check_can_write(peer, sender)
            stored = self.new_channel_message(peer, text, sender=sender, reply_to_msg_id=reply_to)
            self.channel_event("new", stored)
            await asyncio.sleep(0)
            return stored
        if sender.id in peer.blocked:
            raise RpcFailure("USER_IS_BLOCKED")
        own, theirs = self.new_private_message(sender, peer, text, reply_to_msg_id=reply_to)
        self.account_event(sender, "new", own)
        self.account_event(peer, "new", theirs)
        await asyncio.sleep(0)
        return theirs

    async def press_button(
        self, user: Account, chat: Channel | Account, message_id: int, data: bytes
    ) -> CallbackAnswer:
        """`user` presses the inline button carrying `data` under a bot's message.

        For a private chat pass the bot as `chat` and the message id as the user sees it.
        Raises RpcFailure (DATA_INVALID, MESSAGE_ID_INVALID, BOT_RESPONSE_TIMEOUT, ...).
        """
        return await self.callback_query(user, chat, message_id, data)

    async def callback_query(
        self, user: Account, chat: Channel | Account, message_id: int, data: bytes | None
    ) -> CallbackAnswer:
        if isinstance(chat, Channel):
            self._require_alive(chat)
            if not can_read(chat, user):
                raise RpcFailure("CHANNEL_PRIVATE")
            stored = chat.messages.get(message_id)
            bot_side_id = message_id
            peer: Any = types.PeerChannel(chat.id)
        else:
            stored = user.box.get(message_id)
            if stored is not None and stored.peer_id != chat.id:
                stored = None
            peer = types.PeerUser(user.id)
            bot_side_id = stored.twin.id if stored and stored.twin else message_id
        if stored is None or stored.deleted:
            raise RpcFailure("MESSAGE_ID_INVALID")
        bot = stored.sender
        if bot is None or not bot.is_bot or data not in stored.callback_data():
            raise RpcFailure("DATA_INVALID")
        query_id = self._next_query_id
        self._next_query_id += 1
        future: asyncio.Future[CallbackAnswer] = asyncio.get_running_loop().create_future()
        self._pending_queries[query_id] = (bot.id, future)
        chats_involved = [chat] if isinstance(chat, Channel) else []
        chat_instance = (chat.id * 2654435761) % (2**63)
        self.push(
            [bot],
            lambda viewer: self.updates(
                [
                    types.UpdateBotCallbackQuery(
                        query_id=query_id,
                        user_id=user.id,
                        peer=peer,
                        msg_id=bot_side_id,
                        chat_instance=chat_instance,
                        data=data,
                    )
                ],
                viewer,
                accounts=[user],
                chats=chats_involved,
            ),
        )
        try:
            return await asyncio.wait_for(future, self.callback_timeout)
        except TimeoutError:
            raise RpcFailure("BOT_RESPONSE_TIMEOUT") from None
        finally:
            self._pending_queries.pop(query_id, None)

    def answer_callback(self, bot: Account, query_id: int, answer: CallbackAnswer) -> None:
        pending = self._pending_queries.get(query_id)
        if pending is None or pending[0] != bot.id:
            raise RpcFailure("QUERY_ID_INVALID")
        if not pending[1].done():
            pending[1].set_result(answer)

    # ------------------------------------------------------------------ uploads

    def save_file_part(self, account: Account, file_id: int, part: int, data: bytes) -> None:
        self._uploads.setdefault((account.id, file_id), {})[part] = data

    def take_upload(self, account: Account, file_id: int, parts: int) -> bytes:
        stored = self._uploads.get((account.id, file_id))
        if stored is None or sorted(stored) != list(range(parts)):
            raise RpcFailure("FILE_PARTS_INVALID")
        return b"".join(stored[i] for i in range(parts))

    def new_media_id(self) -> int:
        self._next_media_id += 1
        return self._next_media_id

    # ------------------------------------------------------------------ rules shared with handlers

    def _require_alive(self, chat: Channel) -> None:
        if chat.deleted:
            raise RpcFailure("CHANNEL_INVALID")


def _is_connection_error(error: Any) -> bool:
    return isinstance(error, ConnectionError) or (
        isinstance(error, type) and issubclass(error, ConnectionError)
    )


def _channel_ids_in(request: Any) -> set[int]:
    found: set[int] = set()
    for attribute in ("peer", "channel", "from_peer", "to_peer"):
        value = getattr(request, attribute, None)
        channel_id = getattr(value, "channel_id", None)
        if channel_id is not None:
            found.add(channel_id)
    return found
