"""TL objects built from the sandbox's records, as one viewer sees them."""

from __future__ import annotations

from collections.abc import Iterable

from telethon.tl import types

from .model import Account, Channel, StoredMessage


def user(account: Account, viewer: Account | None) -> types.User:
    return types.User(
        id=account.id,
        is_self=viewer is not None and viewer.id == account.id,
        bot=account.is_bot,
        premium=account.premium or None,
        access_hash=account.access_hash,
        first_name=account.first_name,
        last_name=account.last_name,
        username=account.username,
        phone=account.phone if viewer is not None and viewer.id == account.id else None,
        lang_code=account.lang_code,
        bot_info_version=1 if account.is_bot else None,
    )


def channel(chat: Channel, viewer: Account | None) -> types.Channel | types.ChannelForbidden:
    member = viewer is not None and viewer.id in chat.members
    if chat.private and not member:
        return types.ChannelForbidden(
            id=chat.id,
            access_hash=chat.access_hash,
            title=chat.title,
            broadcast=chat.broadcast,
            megagroup=chat.megagroup,
        )
    is_admin = viewer is not None and chat.is_admin(viewer)
    return types.Channel(
        id=chat.id,
        title=chat.title,
        photo=types.ChatPhotoEmpty(),
        date=chat.date,
        creator=viewer is not None and viewer.id == chat.creator_id,
        left=not member,
        broadcast=chat.broadcast,
        megagroup=chat.megagroup,
        access_hash=chat.access_hash,
        username=chat.username,
        admin_rights=admin_rights(chat.broadcast) if is_admin else None,
        participants_count=len(chat.members),
    )


def admin_rights(broadcast: bool) -> types.ChatAdminRights:
    return types.ChatAdminRights(
        change_info=True,
        post_messages=broadcast or None,
        edit_messages=broadcast or None,
        delete_messages=True,
        ban_users=not broadcast or None,
        invite_users=True,
        pin_messages=not broadcast or None,
    )


def peer_of(message: StoredMessage) -> types.PeerChannel | types.PeerUser:
    if message.chat is not None:
        return types.PeerChannel(message.chat.id)
    assert message.peer_id is not None
    return types.PeerUser(message.peer_id)


def message(stored: StoredMessage, viewer: Account | None) -> types.Message:
    out = (
        viewer is not None
        and stored.sender is not None
        and stored.sender.id == viewer.id
        and (stored.owner is None or stored.owner.id == viewer.id)
    )
    from_id = types.PeerUser(stored.sender.id) if stored.sender is not None else None
    reply_to = (
        types.MessageReplyHeader(reply_to_msg_id=stored.reply_to_msg_id)
        if stored.reply_to_msg_id
        else None
    )
    return types.Message(
        id=stored.id,
        peer_id=peer_of(stored),
        date=stored.date,
        message=stored.text,
        out=out,
        post=stored.post,
        from_id=from_id,
        fwd_from=stored.fwd_from,
        reply_to=reply_to,
        media=stored.media,
        reply_markup=stored.reply_markup,
        entities=list(stored.entities) or None,
        views=stored.views if stored.post else None,
        forwards=0 if stored.post and stored.views is not None else None,
        edit_date=stored.edit_date,
        grouped_id=stored.grouped_id,
    )


def empty_message(message_id: int) -> types.MessageEmpty:
    return types.MessageEmpty(id=message_id, peer_id=None)


def users(accounts: Iterable[Account], viewer: Account | None) -> list[types.User]:
    seen: dict[int, types.User] = {}
    for account in accounts:
        seen.setdefault(account.id, user(account, viewer))
    return list(seen.values())


def chats(channels: Iterable[Channel], viewer: Account | None) -> list[types.TypeChat]:
    seen: dict[int, types.TypeChat] = {}
    for chat in channels:
        seen.setdefault(chat.id, channel(chat, viewer))
    return list(seen.values())
