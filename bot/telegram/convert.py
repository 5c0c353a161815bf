"""Telethon messages to tgradar posts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from telethon.tl import types

from bot.models import Post

ChannelName = Callable[[int], str | None]  # peer id -> username we know it by


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _forward(message: types.Message, name_of: ChannelName) -> tuple[str | None, int | None]:
    fwd = message.fwd_from
    if fwd is None:
        return None, None
    if isinstance(fwd.from_id, types.PeerChannel):
        name = name_of(fwd.from_id.channel_id) or str(fwd.from_id.channel_id)
        return name, fwd.channel_post
    if fwd.from_name:
        return fwd.from_name, None
    if fwd.from_id is not None:
        return str(getattr(fwd.from_id, "user_id", "") or ""), None
    return None, None


def _reply_to(message: types.Message) -> int | None:
    """The id of the post this one replies to, in the same channel (not a comment thread)."""
    header = getattr(message, "reply_to", None)
    if not isinstance(header, types.MessageReplyHeader) or header.reply_to_peer_id is not None:
        return None
    return header.reply_to_msg_id


def message_to_post(channel: str, message: types.Message, name_of: ChannelName) -> Post:
    forwarded_from, forwarded_id = _forward(message, name_of)
    extra: dict = {}
    if message.media is not None:
        extra["media"] = type(message.media).__name__
    return Post(
        channel=channel,
        id=message.id,
        date=_utc(message.date) or datetime.now(UTC),
        text=message.message or "",
        url=f"https://t.me/{channel}/{message.id}" if not channel.isdigit() else None,
        views=message.views,
        forwarded_from=forwarded_from,
        forwarded_id=forwarded_id,
        edit_date=_utc(message.edit_date),
        grouped_id=message.grouped_id,
        reply_to=_reply_to(message),
        extra=extra,
    )


def merge_albums(posts: Sequence[Post]) -> list[Post]:
    """An album (messages sharing a grouped_id) becomes one post: the first id, the caption text."""
    merged: list[Post] = []
    albums: dict[int, int] = {}  # grouped_id -> index in merged
    for post in sorted(posts, key=lambda p: p.id):
        if post.grouped_id is None:
            merged.append(post)
            continue
        index = albums.get(post.grouped_id)
        if index is None:
            albums[post.grouped_id] = len(merged)
            merged.append(post)
            continue
        first = merged[index]
        ids = [*first.extra.get("album_ids", [first.id]), post.id]
        edit_dates = [d for d in (first.edit_date, post.edit_date) if d is not None]
        merged[index] = Post(
            channel=first.channel,
            id=first.id,
            date=first.date,
            text="\n".join(t for t in (first.text, post.text) if t),
            url=first.url,
            views=max(v for v in (first.views, post.views, 0) if v is not None),
            forwarded_from=first.forwarded_from,
            forwarded_id=first.forwarded_id,
            edit_date=max(edit_dates) if edit_dates else None,
            grouped_id=first.grouped_id,
            reply_to=first.reply_to,
            extra={**first.extra, "album_ids": ids},
        )
    return merged
