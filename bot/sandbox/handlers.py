"""One function per TL request the sandbox answers.

Each handler gets a `Context` (server, session, calling account) and the parsed request, and
returns the TL result (or raises RpcFailure with Telegram's error name). Requests missing from
HANDLERS fail loudly in `SandboxServer.invoke`.
"""

from __future__ import annotations

import struct
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from telethon.tl import functions, types

from . import render
from .errors import RpcFailure, UnsupportedRequest
from .model import Account, CallbackAnswer, Channel, StoredMessage
from .rules import (
    MAX_CAPTION_LENGTH,
    MAX_MESSAGE_LENGTH,
    USERNAME_RE,
    can_read,
    check_can_write,
    forward_header,
)
from .wire import Session

if TYPE_CHECKING:
    from .server import SandboxServer

HISTORY_PAGE_MAX = 100
PARTICIPANTS_PAGE_MAX = 200
SANDBOX_DC = types.DcOption(id=2, ip_address="127.0.0.2", port=443)


@dataclass
class Context:
    server: SandboxServer
    session: Session
    account: Account | None

    @property
    def me(self) -> Account:
        if self.account is None:
            raise RpcFailure("AUTH_KEY_UNREGISTERED", 401)
        return self.account


Handler = Callable[[Context, Any], Awaitable[Any]]
HANDLERS: dict[type, Handler] = {}


def handles(request_type: type) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        HANDLERS[request_type] = handler
        return handler

    return register


# ---------------------------------------------------------------------- peer resolution


def resolve_channel(ctx: Context, channel_id: int, access_hash: int | None) -> Channel:
    chat = ctx.server.channel(channel_id)
    if (
        chat is None
        or chat.deleted
        or (access_hash is not None and access_hash != chat.access_hash)
    ):
        raise RpcFailure("CHANNEL_INVALID")
    if not can_read(chat, ctx.me):
        raise RpcFailure("CHANNEL_PRIVATE")
    return chat


def resolve_user(ctx: Context, user_id: int, access_hash: int | None, error: str) -> Account:
    account = ctx.server.account(user_id)
    if access_hash == 0 and account is not None and _bot_knows(ctx.me, account):
        return account  # like Telegram: a bot may use access_hash 0 for users who wrote to it
    if account is None or (access_hash is not None and access_hash != account.access_hash):
        raise RpcFailure(error)
    return account


def _bot_knows(me: Account, user: Account) -> bool:
    return me.is_bot and any(m.peer_id == user.id for m in me.box.values())


def resolve_input_peer(ctx: Context, peer: Any) -> Account | Channel:
    if isinstance(peer, types.InputPeerSelf):
        return ctx.me
    if isinstance(peer, types.InputPeerUser):
        return resolve_user(ctx, peer.user_id, peer.access_hash, "PEER_ID_INVALID")
    if isinstance(peer, types.InputPeerUserFromMessage):
        return resolve_user(ctx, peer.user_id, None, "PEER_ID_INVALID")
    if isinstance(peer, types.InputPeerChannel):
        return resolve_channel(ctx, peer.channel_id, peer.access_hash)
    if isinstance(peer, types.InputPeerChannelFromMessage):
        return resolve_channel(ctx, peer.channel_id, None)
    raise RpcFailure("PEER_ID_INVALID")


def resolve_input_channel(ctx: Context, channel: Any) -> Channel:
    if isinstance(channel, types.InputChannel):
        return resolve_channel(ctx, channel.channel_id, channel.access_hash)
    if isinstance(channel, types.InputChannelFromMessage):
        return resolve_channel(ctx, channel.channel_id, None)
    raise RpcFailure("CHANNEL_INVALID")


def resolve_input_user(ctx: Context, user: Any) -> Account:
    if isinstance(user, types.InputUserSelf):
        return ctx.me
    if isinstance(user, types.InputUser):
        return resolve_user(ctx, user.user_id, user.access_hash, "USER_ID_INVALID")
    if isinstance(user, types.InputUserFromMessage):
        return resolve_user(ctx, user.user_id, None, "USER_ID_INVALID")
    raise RpcFailure("USER_ID_INVALID")


def resolve_participant_peer(ctx: Context, peer: Any) -> Account:
    if isinstance(peer, types.InputPeerSelf):
        return ctx.me
    if isinstance(peer, types.InputPeerUser | types.InputUser):
        return resolve_user(ctx, peer.user_id, peer.access_hash, "PARTICIPANT_ID_INVALID")
    if isinstance(peer, types.InputUserSelf):
        return ctx.me
    raise RpcFailure("PARTICIPANT_ID_INVALID")


def messages_reply(
    ctx: Context,
    stored: list[StoredMessage],
    *,
    extra_chats: Iterable[Channel] = (),
) -> tuple[list[Any], list[Any], list[Any]]:
    me = ctx.me
    accounts, chats = ctx.server.entities_of(stored)
    return (
        [render.message(m, me) for m in stored],
        render.chats([*chats, *extra_chats], me),
        render.users(accounts, me),
    )


# ---------------------------------------------------------------------- connection and auth


@handles(functions.help.GetConfigRequest)
async def get_config(ctx: Context, request: Any) -> types.Config:
    now = ctx.server.now()
    return types.Config(
        date=now,
        expires=now.replace(year=now.year + 1),
        test_mode=False,
        this_dc=2,
        dc_options=[SANDBOX_DC],
        dc_txt_domain_name="sandbox.invalid",
        chat_size_max=200,
        megagroup_size_max=200000,
        forwarded_count_max=100,
        online_update_period_ms=210000,
        offline_blur_timeout_ms=5000,
        offline_idle_timeout_ms=30000,
        online_cloud_timeout_ms=300000,
        notify_cloud_delay_ms=30000,
        notify_default_delay_ms=1500,
        push_chat_period_ms=60000,
        push_chat_limit=2,
        edit_time_limit=172800,
        revoke_time_limit=2147483647,
        revoke_pm_time_limit=2147483647,
        rating_e_decay=2419200,
        stickers_recent_limit=200,
        channels_read_media_period=604800,
        call_receive_timeout_ms=20000,
        call_ring_timeout_ms=90000,
        call_connect_timeout_ms=30000,
        call_packet_timeout_ms=10000,
        me_url_prefix="https://t.me/",
        caption_length_max=MAX_CAPTION_LENGTH,
        message_length_max=MAX_MESSAGE_LENGTH,
        webfile_dc_id=4,
    )


@handles(functions.auth.ImportBotAuthorizationRequest)
async def import_bot_authorization(ctx: Context, request: Any) -> types.auth.Authorization:
    token = request.bot_auth_token
    bot = next((a for a in ctx.server.all_accounts() if a.bot_token == token), None)
    if bot is None:
        raise RpcFailure("ACCESS_TOKEN_INVALID")
    ctx.server.authorize_key(ctx.session.auth_key_id, bot)
    return types.auth.Authorization(user=render.user(bot, bot))


# ---------------------------------------------------------------------- users


@handles(functions.users.GetUsersRequest)
async def get_users(ctx: Context, request: Any) -> list[types.User]:
    me = ctx.me
    found = []
    for wanted in request.id:
        try:
            found.append(resolve_input_user(ctx, wanted))
        except RpcFailure:
            continue  # Telegram silently leaves out users it cannot give you
    return [render.user(a, me) for a in found]


@handles(functions.users.GetFullUserRequest)
async def get_full_user(ctx: Context, request: Any) -> types.users.UserFull:
    me = ctx.me
    account = resolve_input_user(ctx, request.id)
    bot_info = None
    if account.is_bot:
        commands = account.commands.get(("BotCommandScopeDefault", ""), [])
        bot_info = types.BotInfo(
            user_id=account.id,
            description="",
            commands=[types.BotCommand(c, d) for c, d in commands],
        )
    full = types.UserFull(
        id=account.id,
        settings=types.PeerSettings(),
        notify_settings=types.PeerNotifySettings(),
        common_chats_count=0,
        blocked=account.id in me.blocked,
        bot_info=bot_info,
    )
    return types.users.UserFull(full_user=full, chats=[], users=[render.user(account, me)])


@handles(functions.contacts.ResolveUsernameRequest)
async def resolve_username(ctx: Context, request: Any) -> types.contacts.ResolvedPeer:
    me = ctx.me
    if not USERNAME_RE.match(request.username):
        raise RpcFailure("USERNAME_INVALID")
    found = ctx.server.find_username(request.username)
    if found is None:
        raise RpcFailure("USERNAME_NOT_OCCUPIED")
    if isinstance(found, Channel):
        return types.contacts.ResolvedPeer(
            peer=types.PeerChannel(found.id), chats=[render.channel(found, me)], users=[]
        )
    return types.contacts.ResolvedPeer(
        peer=types.PeerUser(found.id), chats=[], users=[render.user(found, me)]
    )


# ---------------------------------------------------------------------- update state


def _channels_with_news(ctx: Context) -> list[Channel]:
    me = ctx.me
    member_of = [c for c in ctx.server.all_channels() if me.id in c.members and not c.deleted]
    news = [c for c in member_of if c.pts > me.channel_marks.get(c.id, c.pts)]
    me.channel_marks = {c.id: c.pts for c in member_of}
    return news


def _state(ctx: Context) -> types.updates.State:
    me = ctx.me
    return types.updates.State(
        pts=me.pts, qts=me.qts, date=ctx.server.now(), seq=me.seq, unread_count=0
    )


@handles(functions.updates.GetStateRequest)
async def get_state(ctx: Context, request: Any) -> types.updates.State:
    _channels_with_news(ctx)
    return _state(ctx)


@handles(functions.updates.GetDifferenceRequest)
async def get_difference(ctx: Context, request: Any) -> Any:
    me = ctx.me
    events = [e for e in me.events if e[0] > request.pts]
    news = _channels_with_news(ctx)
    if not events and not news:
        return types.updates.DifferenceEmpty(date=ctx.server.now(), seq=me.seq)
    new_messages: list[StoredMessage] = []
    other_updates: list[Any] = [types.UpdateChannelTooLong(c.id, pts=c.pts) for c in news]
    for pts, kind, message_id in events:
        stored = me.box.get(message_id)
        if stored is None:
            continue
        if kind == "new":
            new_messages.append(stored)
        else:
            other_updates.append(types.UpdateEditMessage(render.message(stored, me), pts, 1))
    messages, chats, users = messages_reply(ctx, new_messages, extra_chats=news)
    return types.updates.Difference(
        new_messages=messages,
        new_encrypted_messages=[],
        other_updates=other_updates,
        chats=chats,
        users=users,
        state=_state(ctx),
    )


CHANNEL_DIFFERENCE_TIMEOUT = 30  # seconds; what Telegram suggests waiting before asking again
CHANNEL_DIFFERENCE_LIMIT_MAX = 100_000


def _dialog(peer: types.TypePeer, top: StoredMessage | None, pts: int | None) -> types.Dialog:
    return types.Dialog(
        peer=peer,
        top_message=top.id if top else 0,
        read_inbox_max_id=0,
        read_outbox_max_id=0,
        unread_count=0,
        unread_mentions_count=0,
        unread_reactions_count=0,
        unread_poll_votes_count=0,
        notify_settings=types.PeerNotifySettings(),
        pts=pts,
    )


def _too_long(ctx: Context, chat: Channel, limit: int) -> types.updates.ChannelDifferenceTooLong:
    """Too much is missing: the dialog (with the channel's pts) and its latest messages; the
    client refetches history itself, as Telegram's documentation asks."""
    shown = ctx.server.messages(chat)
    latest = shown[-limit:]
    messages, chats, users = messages_reply(ctx, latest, extra_chats=[chat])
    return types.updates.ChannelDifferenceTooLong(
        dialog=_dialog(types.PeerChannel(chat.id), shown[-1] if shown else None, chat.pts),
        messages=messages,
        chats=chats,
        users=users,
        final=True,
        timeout=CHANNEL_DIFFERENCE_TIMEOUT,
    )


@handles(functions.updates.GetChannelDifferenceRequest)
async def get_channel_difference(ctx: Context, request: Any) -> Any:
    me = ctx.me
    chat = resolve_input_channel(ctx, request.channel)
    if request.pts <= 0:
        raise RpcFailure("PERSISTENT_TIMESTAMP_EMPTY")
    if request.pts > chat.pts:
        raise RpcFailure("PERSISTENT_TIMESTAMP_INVALID")
    if not 0 < request.limit <= CHANNEL_DIFFERENCE_LIMIT_MAX:
        raise RpcFailure("LIMIT_INVALID")
    events = [e for e in chat.events if e[0] > request.pts]
    if not events:
        return types.updates.ChannelDifferenceEmpty(
            pts=chat.pts, final=True, timeout=CHANNEL_DIFFERENCE_TIMEOUT
        )
    # Telegram: "pts + limit < remote pts" means too many updates to fetch.
    threshold = chat.too_long_after if chat.too_long_after is not None else request.limit
    if len(events) > threshold:
        return _too_long(ctx, chat, request.limit)
    page = events[: request.limit]
    final = len(page) == len(events)
    new_messages: list[StoredMessage] = []
    other_updates: list[Any] = []
    deleted: list[int] = []
    for pts, kind, message_id in page:
        stored = chat.messages.get(message_id)
        if kind == "delete":
            deleted.append(message_id)
        elif stored is None or stored.deleted:
            continue
        elif kind == "new":
            if stored not in new_messages:
                new_messages.append(stored)
        else:
            other_updates.append(types.UpdateEditChannelMessage(render.message(stored, me), pts, 1))
    if deleted:
        other_updates.append(
            types.UpdateDeleteChannelMessages(chat.id, deleted, page[-1][0], len(deleted))
        )
    messages, chats, users = messages_reply(ctx, new_messages, extra_chats=[chat])
    return types.updates.ChannelDifference(
        pts=page[-1][0],
        new_messages=messages,
        other_updates=other_updates,
        chats=chats,
        users=users,
        final=final,
        timeout=CHANNEL_DIFFERENCE_TIMEOUT if final else None,
    )


# ---------------------------------------------------------------------- channels


@handles(functions.channels.GetChannelsRequest)
async def get_channels(ctx: Context, request: Any) -> types.messages.Chats:
    me = ctx.me
    chats = []
    for wanted in request.id:
        channel_id = getattr(wanted, "channel_id", None)
        chat = ctx.server.channel(channel_id) if channel_id is not None else None
        access_hash = getattr(wanted, "access_hash", None)
        if (
            chat is None
            or chat.deleted
            or (access_hash is not None and access_hash != chat.access_hash)
        ):
            raise RpcFailure("CHANNEL_INVALID")
        chats.append(render.channel(chat, me))
    return types.messages.Chats(chats=chats)


@handles(functions.channels.GetFullChannelRequest)
async def get_full_channel(ctx: Context, request: Any) -> types.messages.ChatFull:
    me = ctx.me
    chat = resolve_input_channel(ctx, request.channel)
    full = types.ChannelFull(
        id=chat.id,
        about=chat.about,
        read_inbox_max_id=0,
        read_outbox_max_id=0,
        unread_count=0,
        chat_photo=types.PhotoEmpty(id=0),
        notify_settings=types.PeerNotifySettings(),
        bot_info=[],
        pts=chat.pts,
        can_view_participants=chat.megagroup or chat.is_admin(me),
        participants_count=len(chat.members),
        admins_count=len(chat.admins | ({chat.creator_id} if chat.creator_id else set())),
    )
    return types.messages.ChatFull(full_chat=full, chats=[render.channel(chat, me)], users=[])


@handles(functions.channels.JoinChannelRequest)
async def join_channel(ctx: Context, request: Any) -> types.Updates:
    me = ctx.me
    if me.is_bot:
        raise RpcFailure("BOT_METHOD_INVALID")
    chat = resolve_input_channel(ctx, request.channel)
    if me.id in chat.members:  # joining again changes nothing and is no error
        return ctx.server.updates([], me, chats=[chat])
    if _joined_count(ctx, me) >= me.joins_allowed():
        raise RpcFailure("CHANNELS_TOO_MUCH")
    ctx.server.join(chat, me)
    return ctx.server.updates([types.UpdateChannel(chat.id)], me, chats=[chat])


def _joined_count(ctx: Context, me: Account) -> int:
    return sum(1 for c in ctx.server.all_channels() if me.id in c.members and not c.deleted)


@handles(functions.channels.LeaveChannelRequest)
async def leave_channel(ctx: Context, request: Any) -> types.Updates:
    me = ctx.me
    chat = resolve_input_channel(ctx, request.channel)
    if me.id not in chat.members:
        raise RpcFailure("USER_NOT_PARTICIPANT")
    ctx.server.leave(chat, me)
    return ctx.server.updates([types.UpdateChannel(chat.id)], me, chats=[chat])


def _participant(chat: Channel, account: Account, viewer: Account) -> Any:
    if account.id == chat.creator_id:
        return types.ChannelParticipantCreator(
            user_id=account.id, admin_rights=render.admin_rights(chat.broadcast)
        )
    joined = chat.joined_at.get(account.id, chat.date)
    if account.id in chat.admins:
        return types.ChannelParticipantAdmin(
            user_id=account.id,
            promoted_by=chat.creator_id or account.id,
            date=joined,
            admin_rights=render.admin_rights(chat.broadcast),
            is_self=account.id == viewer.id,
        )
    if account.id == viewer.id:
        return types.ChannelParticipantSelf(user_id=account.id, inviter_id=account.id, date=joined)
    return types.ChannelParticipant(user_id=account.id, date=joined)


@handles(functions.channels.GetParticipantsRequest)
async def get_participants(ctx: Context, request: Any) -> types.channels.ChannelParticipants:
    me = ctx.me
    chat = resolve_input_channel(ctx, request.channel)
    if chat.broadcast and not chat.is_admin(me):
        raise RpcFailure("CHAT_ADMIN_REQUIRED")
    members = ctx.server.audience(chat)
    wanted = request.filter
    if isinstance(wanted, types.ChannelParticipantsAdmins):
        members = [m for m in members if chat.is_admin(m)]
    elif isinstance(wanted, types.ChannelParticipantsBots):
        members = [m for m in members if m.is_bot]
    elif isinstance(wanted, types.ChannelParticipantsSearch) and wanted.q:
        needle = wanted.q.lower()
        members = [
            m
            for m in members
            if needle in (m.username or "").lower() or needle in m.first_name.lower()
        ]
    elif not isinstance(wanted, types.ChannelParticipantsRecent | types.ChannelParticipantsSearch):
        raise UnsupportedRequest(f"GetParticipantsRequest filter {type(wanted).__name__}")
    limit = max(0, min(request.limit, PARTICIPANTS_PAGE_MAX))
    page = members[request.offset : request.offset + limit]
    return types.channels.ChannelParticipants(
        count=len(members),
        participants=[_participant(chat, m, me) for m in page],
        chats=[],
        users=render.users(page, me),
    )


@handles(functions.channels.GetParticipantRequest)
async def get_participant(ctx: Context, request: Any) -> types.channels.ChannelParticipant:
    me = ctx.me
    chat = resolve_input_channel(ctx, request.channel)
    account = resolve_participant_peer(ctx, request.participant)
    if account.id not in chat.members:
        raise RpcFailure("USER_NOT_PARTICIPANT")
    return types.channels.ChannelParticipant(
        participant=_participant(chat, account, me),
        chats=[render.channel(chat, me)],
        users=[render.user(account, me)],
    )


# ---------------------------------------------------------------------- reading messages


def history_window(
    ordered_desc: list[StoredMessage],
    *,
    offset_id: int,
    offset_date: datetime | None,
    add_offset: int,
    limit: int,
    max_id: int,
    min_id: int,
) -> list[StoredMessage]:
    """Telegram's messages.getHistory paging over messages sorted newest first."""
    candidates = [
        m for m in ordered_desc if (not min_id or m.id > min_id) and (not max_id or m.id < max_id)
    ]
    start = 0
    if offset_id:
        start = next((i for i, m in enumerate(candidates) if m.id < offset_id), len(candidates))
    elif offset_date and offset_date.timestamp() > 0:  # 0 on the wire means "no offset date"
        start = next((i for i, m in enumerate(candidates) if m.date < offset_date), len(candidates))
    low = start + add_offset
    high = low + max(0, min(limit, HISTORY_PAGE_MAX))
    return candidates[max(0, low) : max(0, high)]


@handles(functions.messages.GetHistoryRequest)
async def get_history(ctx: Context, request: Any) -> Any:
    me = ctx.me
    if me.is_bot:
        raise RpcFailure("BOT_METHOD_INVALID")
    peer = resolve_input_peer(ctx, request.peer)
    if isinstance(peer, Channel):
        everything = list(reversed(ctx.server.messages(peer)))
    else:
        everything = list(reversed(ctx.server.messages(me, with_=peer)))
    page = history_window(
        everything,
        offset_id=request.offset_id,
        offset_date=request.offset_date,
        add_offset=request.add_offset,
        limit=request.limit,
        max_id=request.max_id,
        min_id=request.min_id,
    )
    messages, chats, users = messages_reply(
        ctx, page, extra_chats=[peer] if isinstance(peer, Channel) else []
    )
    if isinstance(peer, Channel):
        return types.messages.ChannelMessages(
            pts=peer.pts,
            count=len(everything),
            messages=messages,
            topics=[],
            chats=chats,
            users=users,
        )
    users = render.users([peer], me) + [u for u in users if u.id != peer.id]
    return types.messages.MessagesSlice(
        count=len(everything), messages=messages, topics=[], chats=chats, users=users
    )


def _wanted_ids(ids: list[Any]) -> list[int]:
    wanted = []
    for item in ids:
        if isinstance(item, types.InputMessageID):
            wanted.append(item.id)
        else:
            raise UnsupportedRequest(f"GetMessages with {type(item).__name__}")
    return wanted


@handles(functions.channels.GetMessagesRequest)
async def get_channel_messages(ctx: Context, request: Any) -> types.messages.ChannelMessages:
    me = ctx.me
    chat = resolve_input_channel(ctx, request.channel)
    found: list[Any] = []
    stored_found: list[StoredMessage] = []
    for message_id in _wanted_ids(request.id):
        stored = chat.messages.get(message_id)
        if stored is None or stored.deleted:
            found.append(render.empty_message(message_id))
        else:
            stored_found.append(stored)
            found.append(render.message(stored, me))
    _, chats, users = messages_reply(ctx, stored_found, extra_chats=[chat])
    return types.messages.ChannelMessages(
        pts=chat.pts, count=len(found), messages=found, topics=[], chats=chats, users=users
    )


@handles(functions.messages.GetMessagesRequest)
async def get_private_messages(ctx: Context, request: Any) -> types.messages.Messages:
    me = ctx.me
    found: list[Any] = []
    stored_found: list[StoredMessage] = []
    for message_id in _wanted_ids(request.id):
        stored = me.box.get(message_id)
        if stored is None or stored.deleted:
            found.append(render.empty_message(message_id))
        else:
            stored_found.append(stored)
            found.append(render.message(stored, me))
    _, chats, users = messages_reply(ctx, stored_found)
    return types.messages.Messages(messages=found, topics=[], chats=chats, users=users)


# ---------------------------------------------------------------------- writing messages


def _check_text(text: str, *, caption: bool = False) -> None:
    limit = MAX_CAPTION_LENGTH if caption else MAX_MESSAGE_LENGTH
    if len(text) > limit:
        raise RpcFailure("MEDIA_CAPTION_TOO_LONG" if caption else "MESSAGE_TOO_LONG")


def _check_markup(me: Account, markup: Any) -> None:
    # Telegram accepts inline keyboards only from bots; the sandbox rejects a user's keyboard with
    # REPLY_MARKUP_INVALID (Telethon: errors.ReplyMarkupInvalidError) so the mistake is visible.
    if markup is not None and not me.is_bot:
        raise RpcFailure("REPLY_MARKUP_INVALID")


def _check_random_id(me: Account, random_id: int) -> None:
    """A random_id is refused when a message was already sent with it. Only a send that
    went through uses it up; a send refused for another reason may be retried with it."""
    if random_id in me.used_random_ids:
        raise RpcFailure("RANDOM_ID_DUPLICATE")


def _reply_to_id(reply_to: Any) -> int | None:
    return getattr(reply_to, "reply_to_msg_id", None)


def _deliver_new(
    ctx: Context,
    peer: Account | Channel,
    text: str,
    random_id: int,
    **fields: Any,
) -> tuple[StoredMessage, list[Any]]:
    """Store a message from the caller to `peer`; returns it and the caller's update list."""
    me = ctx.me
    server = ctx.server
    if isinstance(peer, Channel):
        check_can_write(peer, me)
        stored = server.new_channel_message(peer, text, sender=me, **fields)
        if peer.broadcast:
            stored.sender = None  # admins post as the channel
            stored.views = 0
        me.used_random_ids.add(random_id)
        pts = server.channel_event("new", stored, exclude=ctx.session)
        update = types.UpdateNewChannelMessage(render.message(stored, me), pts, 1)
        return stored, [types.UpdateMessageID(stored.id, random_id), update]
    if me.id in peer.blocked:
        raise RpcFailure("USER_IS_BLOCKED")
    own, theirs = server.new_private_message(me, peer, text, **fields)
    me.used_random_ids.add(random_id)
    pts = server.account_event(me, "new", own, exclude=ctx.session)
    server.account_event(peer, "new", theirs)
    update = types.UpdateNewMessage(render.message(own, me), pts, 1)
    return own, [types.UpdateMessageID(own.id, random_id), update]


def _updates_for(ctx: Context, stored: list[StoredMessage], updates: list[Any]) -> types.Updates:
    accounts, chats = ctx.server.entities_of(stored)
    return ctx.server.updates(updates, ctx.me, accounts=accounts, chats=chats)


@handles(functions.messages.SendMessageRequest)
async def send_message(ctx: Context, request: Any) -> types.Updates:
    me = ctx.me
    peer = resolve_input_peer(ctx, request.peer)
    if not request.message:
        raise RpcFailure("MESSAGE_EMPTY")
    _check_text(request.message)
    _check_markup(me, request.reply_markup)
    _check_random_id(me, request.random_id)
    stored, updates = _deliver_new(
        ctx,
        peer,
        request.message,
        request.random_id,
        entities=list(request.entities or []),
        reply_markup=request.reply_markup,
        reply_to_msg_id=_reply_to_id(request.reply_to),
    )
    return _updates_for(ctx, [stored], updates)


def _image_size(data: bytes) -> tuple[int, int]:
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    raise RpcFailure("IMAGE_PROCESS_FAILED")


def _jpeg_size(data: bytes) -> tuple[int, int]:
    index = 2
    while index + 9 < len(data):
        if data[index] != 0xFF:
            break
        marker = data[index + 1]
        length = struct.unpack(">H", data[index + 2 : index + 4])[0]
        if 0xC0 <= marker <= 0xC3:
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return width, height
        index += 2 + length
    raise RpcFailure("IMAGE_PROCESS_FAILED")


def _uploaded_media(ctx: Context, media: Any) -> tuple[Any, bytes]:
    server = ctx.server
    if isinstance(media, types.InputMediaUploadedPhoto | types.InputMediaUploadedDocument):
        upload = media.file
        if not isinstance(upload, types.InputFile | types.InputFileBig):
            raise UnsupportedRequest(f"upload of {type(upload).__name__}")
        data = server.take_upload(ctx.me, upload.id, upload.parts)
    else:
        raise UnsupportedRequest(f"SendMediaRequest with {type(media).__name__}")
    now = server.now()
    if isinstance(media, types.InputMediaUploadedPhoto):
        width, height = _image_size(data)
        photo = types.Photo(
            id=server.new_media_id(),
            access_hash=server.new_hash(),
            file_reference=b"sandbox",
            date=now,
            sizes=[types.PhotoSize("x", width, height, len(data))],
            dc_id=2,
        )
        return types.MessageMediaPhoto(photo=photo), data
    document = types.Document(
        id=server.new_media_id(),
        access_hash=server.new_hash(),
        file_reference=b"sandbox",
        date=now,
        mime_type=media.mime_type,
        size=len(data),
        dc_id=2,
        attributes=list(media.attributes),
    )
    return types.MessageMediaDocument(document=document), data


@handles(functions.upload.SaveFilePartRequest)
async def save_file_part(ctx: Context, request: Any) -> bool:
    ctx.server.save_file_part(ctx.me, request.file_id, request.file_part, request.bytes)
    return True


@handles(functions.upload.SaveBigFilePartRequest)
async def save_big_file_part(ctx: Context, request: Any) -> bool:
    ctx.server.save_file_part(ctx.me, request.file_id, request.file_part, request.bytes)
    return True


@handles(functions.messages.SendMediaRequest)
async def send_media(ctx: Context, request: Any) -> types.Updates:
    me = ctx.me
    peer = resolve_input_peer(ctx, request.peer)
    text = request.message or ""
    _check_text(text, caption=True)
    _check_markup(me, request.reply_markup)
    if isinstance(peer, Channel):
        check_can_write(peer, me)
    media, data = _uploaded_media(ctx, request.media)
    _check_random_id(me, request.random_id)
    stored, updates = _deliver_new(
        ctx,
        peer,
        text,
        request.random_id,
        entities=list(request.entities or []),
        reply_markup=request.reply_markup,
        reply_to_msg_id=_reply_to_id(request.reply_to),
        media=media,
        media_bytes=data,
    )
    return _updates_for(ctx, [stored], updates)


@handles(functions.messages.ForwardMessagesRequest)
async def forward_messages(ctx: Context, request: Any) -> types.Updates:
    me = ctx.me
    source = resolve_input_peer(ctx, request.from_peer)
    target = resolve_input_peer(ctx, request.to_peer)
    if not request.id:
        raise RpcFailure("MESSAGE_IDS_EMPTY")
    if len(request.id) != len(request.random_id):
        raise RpcFailure("RANDOM_ID_INVALID")
    originals = []
    for message_id in request.id:
        box = source.messages if isinstance(source, Channel) else me.box
        original = box.get(message_id)
        if original is None or original.deleted:
            raise RpcFailure("MESSAGE_ID_INVALID")
        originals.append(original)
    for random_id in request.random_id:
        _check_random_id(me, random_id)
    created: list[StoredMessage] = []
    updates: list[Any] = []
    for original, random_id in zip(originals, request.random_id, strict=True):
        stored, new_updates = _deliver_new(
            ctx,
            target,
            original.text,
            random_id,
            entities=list(original.entities),
            fwd_from=original.fwd_from or forward_header(original),
            media=original.media,
            media_bytes=original.media_bytes,
            grouped_id=original.grouped_id,
        )
        created.append(stored)
        updates.extend(new_updates)
    return _updates_for(ctx, [*created, *originals], updates)


@handles(functions.messages.EditMessageRequest)
async def edit_message(ctx: Context, request: Any) -> types.Updates:
    me = ctx.me
    peer = resolve_input_peer(ctx, request.peer)
    box = peer.messages if isinstance(peer, Channel) else me.box
    stored = box.get(request.id)
    if stored is None or stored.deleted:
        raise RpcFailure("MESSAGE_ID_INVALID")
    is_author = stored.sender is not None and stored.sender.id == me.id
    channel_admin = isinstance(peer, Channel) and stored.sender is None and peer.is_admin(me)
    if not (is_author or channel_admin):
        raise RpcFailure("MESSAGE_AUTHOR_REQUIRED")
    if request.media is not None:
        raise UnsupportedRequest("EditMessageRequest with media")
    _check_markup(me, request.reply_markup)
    text = request.message if request.message is not None else stored.text
    entities = list(request.entities or []) if request.message is not None else stored.entities
    _check_text(text, caption=stored.media is not None)
    if stored.media is None and not text:
        raise RpcFailure("MESSAGE_EMPTY")
    unchanged = (
        text == stored.text
        and [bytes(e) for e in entities] == [bytes(e) for e in stored.entities]
        and _markup_bytes(request.reply_markup) == _markup_bytes(stored.reply_markup)
    )
    if unchanged:
        raise RpcFailure("MESSAGE_NOT_MODIFIED")
    stored.text = text
    stored.entities = entities
    stored.reply_markup = request.reply_markup  # no markup in an edit removes the keyboard
    stored.edit_date = ctx.server.now()
    stored.edit_count += 1
    if isinstance(peer, Channel):
        pts = ctx.server.channel_event("edit", stored, exclude=ctx.session)
        update: Any = types.UpdateEditChannelMessage(render.message(stored, me), pts, 1)
    else:
        pts = ctx.server.account_event(me, "edit", stored, exclude=ctx.session)
        update = types.UpdateEditMessage(render.message(stored, me), pts, 1)
        twin = stored.twin
        if twin is not None and twin.owner is not None:
            twin.text, twin.entities, twin.reply_markup = text, entities, request.reply_markup
            twin.edit_date, twin.edit_count = stored.edit_date, stored.edit_count
            ctx.server.account_event(twin.owner, "edit", twin)
    return _updates_for(ctx, [stored], [update])


def _markup_bytes(markup: Any) -> bytes:
    return bytes(markup) if markup is not None else b""


# ---------------------------------------------------------------------- bots


@handles(functions.messages.GetBotCallbackAnswerRequest)
async def get_bot_callback_answer(ctx: Context, request: Any) -> types.messages.BotCallbackAnswer:
    me = ctx.me
    if me.is_bot:
        raise RpcFailure("BOT_METHOD_INVALID")
    peer = resolve_input_peer(ctx, request.peer)
    answer = await ctx.server.callback_query(me, peer, request.msg_id, request.data)
    return types.messages.BotCallbackAnswer(
        cache_time=0,
        alert=answer.alert,
        has_url=answer.url is not None,
        message=answer.message,
        url=answer.url,
    )


@handles(functions.messages.SetBotCallbackAnswerRequest)
async def set_bot_callback_answer(ctx: Context, request: Any) -> bool:
    me = ctx.me
    if not me.is_bot:
        raise RpcFailure("USER_BOT_REQUIRED")
    answer = CallbackAnswer(message=request.message, alert=bool(request.alert), url=request.url)
    ctx.server.answer_callback(me, request.query_id, answer)
    return True


@handles(functions.bots.SetBotCommandsRequest)
async def set_bot_commands(ctx: Context, request: Any) -> bool:
    me = ctx.me
    if not me.is_bot:
        raise RpcFailure("USER_BOT_REQUIRED")
    key = (type(request.scope).__name__, request.lang_code or "")
    me.commands[key] = [(c.command, c.description) for c in request.commands]
    return True


# ---------------------------------------------------------------------- dialogs


DIALOGS_PAGE_MAX = 100


def _dialog_entries(ctx: Context) -> list[tuple[Any, StoredMessage | None, Account | Channel]]:
    """(peer, top message, entity) for every chat of the caller, newest activity first."""
    me = ctx.me
    entries: list[tuple[Any, StoredMessage | None, Account | Channel]] = []
    for chat in ctx.server.all_channels():
        if me.id in chat.members and not chat.deleted:
            shown = ctx.server.messages(chat)
            entries.append((types.PeerChannel(chat.id), shown[-1] if shown else None, chat))
    peers = {m.peer_id for m in me.box.values() if not m.deleted}
    for peer_id in peers:
        other = ctx.server.account(peer_id)
        if other is not None:
            shown = ctx.server.messages(me, with_=other)
            entries.append((types.PeerUser(other.id), shown[-1] if shown else None, other))

    return sorted(entries, key=_dialog_key, reverse=True)


def _dialog_key(entry: tuple[Any, StoredMessage | None, Any]) -> tuple[int, int, int]:
    """Newest top message first (dates in whole seconds, as on the wire); ties (same date
    and id) by peer id, as offset_peer pages."""
    top, entity = entry[1], entry[2]
    if top is None:
        return (0, 0, entity.id)
    return (int(top.date.timestamp()), top.id, entity.id)


@handles(functions.messages.GetDialogsRequest)
async def get_dialogs(ctx: Context, request: Any) -> Any:
    me = ctx.me
    if me.is_bot:
        raise RpcFailure("BOT_METHOD_INVALID")
    entries = _dialog_entries(ctx)
    total = len(entries)
    offset_date = request.offset_date
    if offset_date and offset_date.timestamp() > 0:
        # the page goes on after (offset_date, offset_id, offset_peer): dialogs whose top
        # messages share a date and an id are told apart by the peer
        peer_id = getattr(request.offset_peer, "channel_id", None) or getattr(
            request.offset_peer, "user_id", None
        )
        cut = (int(offset_date.timestamp()), request.offset_id, peer_id or 2**63)
        entries = [e for e in entries if e[1] is not None and _dialog_key(e) < cut]
    page = entries[: max(0, min(request.limit, DIALOGS_PAGE_MAX))]
    dialogs = [
        _dialog(peer, top, entity.pts if isinstance(entity, Channel) else None)
        for peer, top, entity in page
    ]
    tops = [top for _, top, _ in page if top is not None]
    messages, chats, users = messages_reply(
        ctx, tops, extra_chats=[e for _, _, e in page if isinstance(e, Channel)]
    )
    users = render.users([e for _, _, e in page if isinstance(e, Account)], me) + users
    if len(page) == total:
        return types.messages.Dialogs(dialogs=dialogs, messages=messages, chats=chats, users=users)
    return types.messages.DialogsSlice(
        count=total, dialogs=dialogs, messages=messages, chats=chats, users=users
    )
