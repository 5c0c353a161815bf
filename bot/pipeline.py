"""The one entry point every post goes through: detect, group, store, in one transaction.

Replays, the scheduled poller and live updates all call `Pipeline.ingest`, which
is idempotent on (channel, message id): a post seen before is skipped unless it
comes back edited.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from bot.detect.context import DetectContext
from bot.detect.profiles import PROFILE_POSTS, ChannelMemory, Seen, regions_named_by
from bot.incidents import CLOSED, DEFAULT_GAP, OPENED, RETRACTED, Grouper, IncidentChange
from bot.models import Detection, Post
from bot.store import Batch, OutboxRow, Store


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


def collapse(changes: Sequence[IncidentChange]) -> list[IncidentChange]:
    """One change per incident: its last state, under the most telling kind."""
    order: dict[str, IncidentChange] = {}
    kinds: dict[str, set[str]] = {}
    for change in changes:
        order[change.incident.id] = change
        kinds.setdefault(change.incident.id, set()).add(change.kind)
    collapsed = []
    for incident_id, change in order.items():
        seen = kinds[incident_id]
        for kind in (RETRACTED, OPENED, CLOSED):
            if kind in seen:
                if kind == OPENED and RETRACTED in seen:
                    break
                change = IncidentChange(kind, change.incident, change.post)
                break
        collapsed.append(change)
    return collapsed


class Pipeline:
    def __init__(
        self,
        store: Store,
        detector: Detects,
        gap: timedelta = DEFAULT_GAP,
        edit_window: timedelta = timedelta(hours=48),
        outbox_policy: OutboxPolicy | None = None,
    ) -> None:
        self.store = store
        self.detector = detector
        self.gap = gap
        self.edit_window = edit_window
        self.outbox_policy = outbox_policy
        self.grouper = self._fresh_grouper()
        # Each channel's recent posts and learned profile: loaded from the store the first
        # time a channel is seen, kept up to date as posts arrive, saved when they change.
        self.memory = self._fresh_memory()

    def _fresh_memory(self) -> ChannelMemory:
        return ChannelMemory(regions_of=regions_named_by(self.detector))

    def _context(self, post: Post) -> DetectContext:
        if not self.memory.knows(post.channel):
            past = self.store.recent_posts(post.channel, PROFILE_POSTS)
            self.memory.seed(
                post.channel,
                (Seen(p, d) for p, d in past),
                self.store.channel_profile(post.channel),
            )
        return self.memory.context(post)

    def _fresh_grouper(self) -> Grouper:
        grouper = Grouper(self.gap)
        latest = self.store.latest_post_date()
        if latest is not None:
            self._load_around(grouper, [latest])
        return grouper

    def _load_around(self, grouper: Grouper, posts_dates: Sequence[datetime]) -> None:
        """Make sure the grouper holds every stored incident the batch could join."""
        earliest = min(posts_dates) - 2 * self.gap
        grouper.remember(self.store.incidents(since=earliest))
        grouper.remember_copies(self.store.recent_copies(since=earliest))

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

        if fresh:
            self._load_around(self.grouper, [p.date for p in fresh])
        changes: list[IncidentChange] = []
        for post in fresh:
            if post in result.edited and post.edit_date - post.date > self.edit_window:
                continue  # edited too late to change what was reported: stored, not re-detected
            detection = self.detector.detect(post, self._context(post))
            self.memory.remember(post, detection)
            result.detections.append(detection)
            changes.extend(self.grouper.add(post, detection))
        result.changes = collapse(changes)
        outbox = [row for c in result.changes for row in (self.outbox_policy or _none)(c)]
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
            # The batch is not stored, so the grouper and the memory must forget it too.
            self.grouper = self._fresh_grouper()
            self.memory = self._fresh_memory()
            raise
        if fresh:
            self.grouper.forget_before(max(p.date for p in fresh) - self.gap)
        self._save_profiles()
        return result

    def _save_profiles(self) -> None:
        changed = sorted(self.memory.changed)
        self.memory.changed.clear()
        profiles = [self.memory.profile(c) for c in changed]
        self.store.save_profiles(
            [(p, self.memory.count(p.channel)) for p in profiles if p is not None]
        )


def _none(_change: IncidentChange) -> Sequence[OutboxRow]:
    return ()
