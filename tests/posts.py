"""Posts for detection tests: a channel's posts at minutes after the start of a night."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from bot.models import Post


def post_maker(channel: str, start: datetime) -> Callable[..., Post]:
    """`post(text, id=1, channel=channel, minutes=0, **fields)`: a Post of `channel` dated
    `minutes` after `start`, with any other Post field (`reply_to=...`) as given."""

    def post(
        text: str, id: int = 1, channel: str = channel, minutes: float = 0, **fields: Any
    ) -> Post:
        return Post(channel, id, start + timedelta(minutes=minutes), text, **fields)

    return post
