"""Telegram's limits and permission rules, shared by the server and its request handlers."""

from __future__ import annotations

import re

from telethon.tl import types

from .errors import RpcFailure
from .model import Account, Channel, StoredMessage

MAX_MESSAGE_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
# 5-32 characters for ordinary usernames; 4 for collectible (Fragment) ones such as @mash
USERNAME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9_]{2,30}[a-zA-Z0-9]$")


def forward_header(origin: StoredMessage) -> types.MessageFwdHeader:
    if origin.chat is not None and origin.chat.broadcast:
        return types.MessageFwdHeader(
            date=origin.date, from_id=types.PeerChannel(origin.chat.id), channel_post=origin.id
        )
    if origin.sender is not None:
        return types.MessageFwdHeader(date=origin.date, from_id=types.PeerUser(origin.sender.id))
    assert origin.chat is not None
    return types.MessageFwdHeader(date=origin.date, from_id=types.PeerChannel(origin.chat.id))


def can_read(chat: Channel, account: Account) -> bool:
    return not chat.deleted and (not chat.private or account.id in chat.members)


def check_can_write(chat: Channel, account: Account) -> None:
    if chat.broadcast and not chat.is_admin(account):
        raise RpcFailure("CHAT_WRITE_FORBIDDEN")
    if chat.megagroup and account.id not in chat.members:
        raise RpcFailure("CHAT_WRITE_FORBIDDEN")
