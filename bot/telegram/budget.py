"""A request budget per Telegram account: a token bucket, and the account's flood-wait pause.

Pure: the caller passes the time in, so tests and benchmarks drive it with any clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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

    def pause(self, now: float, seconds: float) -> None:
        self.paused_until = max(self.paused_until, now + seconds)
        self.flood_waits += 1
        self.flood_wait_seconds += seconds

    def paused_for(self, now: float) -> float:
        return max(0.0, self.paused_until - now)

    def charge(self, n: int) -> None:
        self.bucket.charge(n)
        self.requests += n

    def available(self, now: float) -> bool:
        """A request could go now (no pause, a token in the bucket); nothing is taken."""
        self.bucket._refill(now)
        return not self.paused_for(now) and self.bucket.tokens >= 1

    def take(self, now: float) -> float:
        """0 when a request may go now; otherwise how long to wait (pause or empty bucket)."""
        paused = self.paused_for(now)
        if paused:
            return paused
        wait = self.bucket.take(now)
        if not wait:
            self.requests += 1
        return wait
