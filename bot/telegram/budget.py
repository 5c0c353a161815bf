"""A request budget per Telegram account: a token bucket, and the account's flood-wait pause.

Pure: the caller passes the time in, so tests and benchmarks drive it with any clock.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field

# Share of the budget that planned work may use; the rest absorbs bursts (a catch-up after a
# gap, an album, a page more than planned) so the token bucket rarely makes anything wait.
PLANNED_SHARE = 0.8


@dataclass
class TokenBucket:
    """`rate_per_minute` requests a minute on average, bursts up to `capacity`."""

    rate_per_minute: float
    capacity: float = 10.0
    tokens: float = field(default=-1.0)
    updated: float = 0.0

    def __post_init__(self) -> None:
        if self.tokens < 0:
            self.tokens = self.capacity

    def _refill(self, now: float) -> None:
        if now > self.updated:
            self.tokens = min(
                self.capacity, self.tokens + (now - self.updated) * self.rate_per_minute / 60
            )
            self.updated = now

    def take(self, now: float, n: float = 1.0) -> float:
        """Take `n` tokens and return 0, or return the seconds until there are enough."""
        self._refill(now)
        if self.tokens >= n:
            self.tokens -= n
            return 0.0
        return (n - self.tokens) * 60 / self.rate_per_minute

    def charge(self, n: float) -> None:
        """Count requests already made; the bucket may go into debt, delaying what follows."""
        self.tokens -= n


@dataclass
class AccountBudget:
    """What the poller knows about one account's standing with Telegram."""

    bucket: TokenBucket
    paused_until: float = 0.0  # a FloodWait pauses every job of the account until then
    flood_waits: int = 0
    flood_wait_seconds: float = 0.0
    requests: int = 0
    last_flood_at: float | None = None
    # when the account's requests other than polls were made (joins, dialogs, differences,
    # history reads of joined channels), to know what is left over for polling
    other: deque[tuple[float, float]] = field(default_factory=deque)

    def pause(self, now: float, seconds: float) -> None:
        self.paused_until = max(self.paused_until, now + seconds)
        self.last_flood_at = now
        self.flood_waits += 1
        self.flood_wait_seconds += seconds

    def paused_for(self, now: float) -> float:
        return max(0.0, self.paused_until - now)

    def charge(self, n: int, now: float | None = None, poll: bool = True) -> None:
        self.bucket.charge(n)
        self.requests += n
        if not poll and now is not None:
            self.other.append((now, float(n)))

    def available(self, now: float) -> bool:
        """A request could go now (no pause, a token in the bucket); nothing is taken."""
        self.bucket._refill(now)
        return not self.paused_for(now) and self.bucket.tokens >= 1

    def take(self, now: float, poll: bool = True) -> float:
        """0 when a request may go now; otherwise how long to wait (pause or empty bucket).
        `poll`: the request polls a channel (else it is counted as other work)."""
        paused = self.paused_for(now)
        if paused:
            return paused
        wait = self.bucket.take(now)
        if not wait:
            self.requests += 1
            if not poll:
                self.other.append((now, 1.0))
        return wait

    def other_rate(self, now: float, window: float) -> float:
        """Requests a second spent on other work than polls over the last `window` seconds."""
        while self.other and self.other[0][0] < now - window:
            self.other.popleft()
        return sum(n for _, n in self.other) / window


def polls_per_second(interval: float, edit_every: float) -> float:
    """What polling one channel every `interval` seconds costs: a history request per poll,
    and the look back for edits that a poll adds once `edit_every` has passed."""
    return 1.0 / interval + 1.0 / max(interval, edit_every)


def spare_interval(
    desired: Sequence[float], allowed: float, shortest: float, edit_every: float
) -> float | None:
    """The shortest interval T (not below `shortest`) such that polling every channel at
    min(its desired interval, T) costs at most `allowed` requests a second; None when the
    desired intervals alone cost that much already (nothing is spare)."""
    if not desired:
        return None
    longest = max(desired)

    def cost(t: float) -> float:
        return sum(polls_per_second(min(d, t), edit_every) for d in desired)

    if cost(longest) >= allowed:
        return None
    if cost(shortest) <= allowed:
        return shortest
    low, high = shortest, longest  # cost(low) > allowed >= cost(high); cost falls with T
    for _ in range(50):
        middle = (low + high) / 2
        if cost(middle) > allowed:
            low = middle
        else:
            high = middle
    return high
