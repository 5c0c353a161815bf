"""What detection is told about a post's channel and its recent past.

Detection stays pure: the pipeline (or `replay`, or a test) builds this from the store and passes
it in; nothing here is looked up. Every field is optional, so a post with no context is detected
as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.models import Place


@dataclass(frozen=True)
class ChannelProfile:
    """A channel as learned from its own posts (see ARCHITECTURE.md, channel profiles)."""

    channel: str
    # Normalised lines the channel's posts repeat (its signature): stripped before detection.
    signature: frozenset[str] = frozenset()
    # ISO 3166-2 codes of the channel's usual regions; configured `home_regions` win where set.
    home_regions: tuple[str, ...] = ()
    kind: str = "unknown"  # "alerts", "news", "official" or "unknown"


@dataclass(frozen=True)
class RecentPost:
    """What detection said about an earlier post of the same channel."""

    id: int
    date: datetime
    incident: bool
    types: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    places: tuple[Place, ...] = ()


@dataclass(frozen=True)
class DetectContext:
    profile: ChannelProfile | None = None
    # The channel's detected posts of the last hours before this one (profiles.RECENT_WINDOW,
    # at most profiles.RECENT_POSTS), oldest first.
    recent: tuple[RecentPost, ...] = ()
    # The post this one replies to, when it is known.
    reply_to: RecentPost | None = None
