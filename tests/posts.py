"""Posts for detection tests: a channel's posts at minutes after the start of a night."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from bot.detect import Detector
from bot.detect.profiles import detect_stream
from bot.models import Detection, Post


def post_maker(channel: str, start: datetime) -> Callable[..., Post]:
    """`post(text, id=1, channel=channel, minutes=0, **fields)`: a Post of `channel` dated
    `minutes` after `start`, with any other Post field (`reply_to=...`) as given."""

    def post(
        text: str, id: int = 1, channel: str = channel, minutes: float = 0, **fields: Any
    ) -> Post:
        return Post(channel, id, start + timedelta(minutes=minutes), text, **fields)

    return post


def stream_maker(post: Callable[..., Post], step: float = 2) -> Callable[..., list[Detection]]:
    """`stream(detector, *texts, channel=...)`: the detections of `texts` posted by `post` (a
    `post_maker`'s) `step` minutes apart, ids 1, 2, ..., read as one channel's stream in
    order (profiles and follow-ups as `tgradar classify` has them)."""

    def stream(detector: Detector, *texts: str, channel: str | None = None) -> list[Detection]:
        where = {} if channel is None else {"channel": channel}
        posts = [post(text, id=n + 1, minutes=step * n, **where) for n, text in enumerate(texts)]
        return list(detect_stream(detector, posts))

    return stream
