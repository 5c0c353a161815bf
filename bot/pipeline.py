"""The one entry point every post goes through: detect, group, store, in one transaction.

Replays, the scheduled poller and live updates all call `Pipeline.ingest`, which
is idempotent on (channel, message id): a post seen before is skipped unless it
comes back edited.

The grouper lives as long as the pipeline: it keeps the waves that may still take a
report (and the all-clears that ended no wave yet) in memory between batches, and reads the
store only when it starts (after a restart) or when a batch brings posts older than what it
holds (a backfill, a late edit).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from bot.detect.context import DetectContext
from bot.detect.profiles import PROFILE_POSTS, ChannelMemory, Seen, memory_for
from bot.incidents import (
    DEFAULT_GAP,
    DEFAULT_MAX_DURATION,
    Grouper,
    IncidentChange,
    collapse,
)
from bot.models import Detection, Post
from bot.store import Batch, OutboxRow, Store

__all__ = ["Detects", "IngestResult", "OutboxPolicy", "Pipeline", "collapse"]


class Detects(Protocol):
    def detect(self, post: Post, context: DetectContext | None = None) -> Detection: ...


OutboxPolicy = Callable[[IncidentChange], Sequence[OutboxRow]]


@dataclass
class IngestResult:
    new: list[Post] = field(default_factory=list)
    edited: list[Post] = field(default_factory=list)
    duplicates: int = 0
    detections: list[Detection] = field(default_factory=list)
    changes: list[IncidentChange] = field(default_factory=list)

    def merge(self, other: IngestResult) -> None:
        self.new += other.new
        self.edited += other.edited
        self.duplicates += other.duplicates
        self.detections += other.detections
        self.changes += other.changes


class Pipeline:
    def __init__(
        self,
        store: Store,
        detector: Detects,
        gap: timedelta = DEFAULT_GAP,
        edit_window: timedelta = timedelta(hours=48),
        outbox_policy: OutboxPolicy | None = None,
        max_duration: timedelta = DEFAULT_MAX_DURATION,
    ) -> None:
        self.store = store
        self.detector = detector
        self.gap = gap
        self.max_duration = max_duration
        self.edit_window = edit_window
        self.outbox_policy = outbox_policy
        self.loads = 0  # how often the grouper read the store (a restart, a backfill)
        self._held_since: datetime | None = None  # every stored wave reported since is held
        self.grouper = self._fresh_grouper()
        # Each channel's recent posts and learned profile: loaded from the store the first
        # time a channel is seen, kept up to date as posts arrive, saved when they change.
        self.memory = self._fresh_memory()

    def _fresh_memory(self) -> ChannelMemory:
        return memory_for(self.detector)

    def _know(self, channel: str) -> None:
        """Seed the memory with the channel's stored past the first time it is seen."""
        if not self.memory.knows(channel):
            past = self.store.recent_posts(channel, PROFILE_POSTS)
            self.memory.seed(
                channel, (Seen(p, d) for p, d in past), self.store.channel_profile(channel)
            )

    def _fresh_grouper(self) -> Grouper:
        grouper = Grouper(self.gap, max_duration=self.max_duration)
        self._held_since = None
        latest = self.store.latest_post_date()
        if latest is not None:
            grouper.clock = latest
            self._load(grouper, latest - grouper.reach)
        return grouper

    def _load(self, grouper: Grouper, since: datetime) -> None:
        """Make the grouper hold every stored wave reported since `since`."""
        until = self._held_since
        self.loads += 1
        grouper.remember(self.store.incidents(since=since, until=until))
        grouper.remember_copies(self.store.incident_copies(since=since, until=until))
        grouper.remember_clears(self.store.orphan_clears(since=since, until=until))
        grouper.reserve_ids(self.store.retracted_ids(since=since - self.gap))
        self._held_since = since

    def ingest(self, posts: Sequence[Post], cursor: tuple[str, int] | None = None) -> IngestResult:
        result = IngestResult()
        fresh: list[Post] = []
        in_batch: set[tuple[str, int]] = set()
        for post in sorted(posts, key=lambda p: (p.date, p.channel, p.id)):
            if post.key in in_batch:
                result.duplicates += 1
                continue
            stored, stored_edit = self.store.seen(*post.key)
            if stored:
                edited = post.edit_date is not None and (
                    stored_edit is None or post.edit_date > stored_edit
                )
                if not edited:
                    result.duplicates += 1
                    continue
                result.edited.append(post)
            else:
                result.new.append(post)
            in_batch.add(post.key)
            fresh.append(post)

        grouper = self.grouper
        if fresh:
            since = fresh[0].date - grouper.reach
            if self._held_since is None or since < self._held_since:
                self._load(grouper, since)
        edited = set(p.key for p in result.edited)
        # Edited too late to change what was reported: stored, not re-detected.
        todo = [
            p
            for p in fresh
            if not (p.key in edited and p.edit_date - p.date > self.edit_window)
        ]
        # The batch's posts of a channel, with its stored recent posts, feed its profile
        # before any of them is detected: a new channel's first post is read with the
        # signature and kind its next ones show.
        try:
            for post in todo:
                self._know(post.channel)
                self.memory.foresee(post)
            for post in todo:
                detection = self.detector.detect(post, self.memory.context(post))
                self.memory.remember(post, detection)
                result.detections.append(detection)
                grouper.feed(post, detection)
        except Exception:
            self._forget_batch()
            raise
        if grouper.clock is not None:
            grouper.advance(grouper.clock)
        result.changes = grouper.flush()
        # Rows of absorbed incidents go last: their cards link to the survivors' cards, whose
        # sends (a chat's rows go in order) are then out first.
        ordered = sorted(result.changes, key=lambda c: c.merged_into is not None)
        outbox = [row for c in ordered for row in (self.outbox_policy or _none)(c)]
        try:
            self.store.commit_batch(
                Batch(
                    posts=fresh,
                    detections=result.detections,
                    changes=result.changes,
                    outbox=outbox,
                    cursor=cursor,
                )
            )
        except Exception:
            self._forget_batch()
            raise
        if grouper.clock is not None:
            horizon = grouper.clock - grouper.reach
            grouper.forget_before(horizon)
            if self._held_since is None or horizon > self._held_since:
                self._held_since = horizon
        self._save_profiles()
        return result

    def _forget_batch(self) -> None:
        """The batch is not stored, so the grouper and the memory must forget it too."""
        self.grouper = self._fresh_grouper()
        self.memory = self._fresh_memory()

    def _save_profiles(self) -> None:
        self.memory.settle()
        changed = sorted(self.memory.changed)
        self.memory.changed.clear()
        profiles = [self.memory.profile(c) for c in changed]
        self.store.save_profiles(
            [(p, self.memory.count(p.channel)) for p in profiles if p is not None]
        )


def _none(_change: IncidentChange) -> Sequence[OutboxRow]:
    return ()
