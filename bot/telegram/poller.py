"""The scheduled poller: one APScheduler job per channel, a cursor per channel in the store.

Each poll asks for messages newer than the channel's cursor, oldest first, a page
of at most 100 per request, and hands each page to the pipeline together with
the new cursor, so a page is stored whole or not at all. Usernames are resolved
once (the lookup is charged to the budget); the id and access hash are kept in the store,
so nothing in the poll loop looks a username up. One account's requests share a token
bucket; a FloodWait pauses all of that account's jobs until it expires; a channel that fails is
marked failing and backed off while the others go on.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from telethon import TelegramClient, errors
from telethon.tl import types

from bot.config import DEFAULT_ACCOUNT, PollSettings
from bot.models import Post
from bot.pipeline import IngestResult, Pipeline
from bot.store import Store
from bot.telegram.budget import PLANNED_SHARE, AccountBudget, TokenBucket, spare_interval
from bot.telegram.convert import merge_albums, message_to_post
from bot.telegram.live import Live

log = logging.getLogger(__name__)

PAGE = 100  # Telegram's largest history page
# Seconds between two looks back for edits of a channel. Time-based, and a channel not yet
# looked at since the process started is looked at on its first catch-up poll: a daemon that
# restarts often still sees edits (a count of polls kept in memory never got there).
EDIT_CHECK_INTERVAL = 300.0
MAX_BACKOFF = timedelta(hours=1)
# After a FloodWait the account's polled channels go back to their own intervals for this
# long: Telegram said it was too much, so the spare budget is not spent meanwhile.
SPARE_AFTER_FLOOD = 3600.0

CHANNEL_ERRORS: tuple[type[Exception], ...] = (
    errors.ChannelPrivateError,
    errors.ChannelInvalidError,
    errors.ChannelBannedError,
    errors.UsernameNotOccupiedError,
    errors.UsernameInvalidError,
    errors.UserBannedInChannelError,
    ValueError,  # Telethon's answer to a username nobody has
    TypeError,  # the username belongs to a user or a bot, not a channel
)
TRANSIENT_ERRORS: tuple[type[Exception], ...] = (
    ConnectionError,
    OSError,
    asyncio.TimeoutError,
    errors.ServerError,
    errors.RpcCallFailError,
)


def next_interval(current: float, new_posts: int, low: float, high: float) -> float:
    """Poll busy channels more often and quiet ones less, within the configured bounds."""
    wanted = current / 2 if new_posts else current * 1.5
    return max(low, min(high, wanted))


def backoff(failures: int, low: float) -> float:
    return min(MAX_BACKOFF.total_seconds(), low * 2 ** min(failures, 16))


@dataclass
class PollResult:
    channel: str
    new: int = 0
    edited: int = 0
    duplicates: int = 0
    requests: int = 0
    deferred: float = 0.0  # seconds the poll was put off (budget or flood wait)
    next_delay: float | None = None  # seconds until this channel's next poll, when it changed
    error: str | None = None
    ingest: IngestResult = field(default_factory=IngestResult)


class Poller:
    def __init__(
        self,
        client: TelegramClient,
        store: Store,
        pipeline: Pipeline,
        settings: PollSettings,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        account: str = DEFAULT_ACCOUNT,
    ) -> None:
        self.account = account
        self.client = client
        self.store = store
        self.pipeline = pipeline
        self.settings = settings
        self.clock = clock
        self.now = now
        rate = settings.requests_per_minute
        self.budget = AccountBudget(TokenBucket(rate, capacity=max(3.0, rate / 4)))
        self.polls: dict[str, int] = {}
        self.edits_checked: dict[str, float] = {}  # channel -> clock() of its last edit check
        self.active = 0  # polls under way, so a stop can wait for them
        self.scheduler: AsyncIOScheduler | None = None
        self.on_ingest: Callable[[IngestResult], None] | None = None
        # the pool's hooks: a FloodWait (seconds) and a lost account (banned, logged out)
        self.on_flood: Callable[[str, float], None] | None = None
        self.on_down: Callable[[str, str], None] | None = None
        self.live = Live(self)

    # -- peers --------------------------------------------------------------------

    def watch(self, username: str) -> None:
        self.store.ensure_channel(username)
        if (self.store.channel(username) or {}).get("state") == "removed":
            self.store.update_channel(username, state="active", failures=0, last_error=None)

    async def peer(self, username: str) -> types.InputPeerChannel:
        row = self.store.channel(username)
        if row and row.get("peer_id") and row.get("access_hash") is not None:
            return types.InputPeerChannel(row["peer_id"], row["access_hash"])
        # A lookup is a request like any other (ResolveUsername, one of Telegram's most
        # tightly limited): it counts against the account's budget as work other than polls.
        self.budget.charge(1, self.clock(), poll=False)
        entity = await self.client.get_entity(username)
        if not isinstance(entity, types.Channel):
            raise TypeError(f"@{username} is not a channel")
        self.store.ensure_channel(
            username, peer_id=entity.id, access_hash=entity.access_hash, title=entity.title
        )
        if self.live.enabled and not entity.left and (row or {}).get("account") == self.account:
            # this account is a member already: pushes come without a join
            self.store.update_channel(username, joined=1)
            self.stop_polling(username)
            self.live.sweep_soon()  # its history since the cursor, then its pts
        return types.InputPeerChannel(entity.id, entity.access_hash)

    def username_of(self, peer_id: int) -> str | None:
        row = self.store.channel_by_peer(peer_id)
        return row["username"] if row else None

    # -- one poll -------------------------------------------------------------------

    def ingest_messages(
        self, username: str, messages: list, cursor: tuple[str, int] | None
    ) -> PollResult:
        """Telegram messages of one channel into the pipeline, as one batch (pushes and
        differences come this way too)."""
        result = PollResult(username)
        self._ingest(result, self._to_posts(username, messages), cursor)
        return result

    def _spend(self, result: PollResult) -> bool:
        if self.live.waiting:
            # a join or a catch-up of joined channels waits for the budget: it goes first
            result.deferred = 60 / self.settings.requests_per_minute
            return False
        wait = self.budget.take(self.clock())
        if wait:
            result.deferred = wait
            return False
        result.requests += 1
        return True

    def _ingest(
        self, result: PollResult, posts: list[Post], cursor: tuple[str, int] | None
    ) -> None:
        if not posts and cursor is None:
            return
        outcome = self.pipeline.ingest(merge_albums(posts), cursor=cursor)
        result.new += len(outcome.new)
        result.edited += len(outcome.edited)
        result.duplicates += outcome.duplicates
        result.ingest.merge(outcome)
        if self.on_ingest is not None:
            self.on_ingest(outcome)

    def _to_posts(self, username: str, messages: list) -> list[Post]:
        return [
            message_to_post(username, m, self.username_of)
            for m in messages
            if isinstance(m, types.Message)
        ]

    async def _backfill(self, username: str, peer: types.InputPeerChannel, result: PollResult):
        """A new channel: its last posts, bounded by count and age."""
        horizon = self.now() - self.settings.backfill_window
        limit = self.settings.backfill_posts
        messages = [m async for m in self.client.iter_messages(peer, limit=limit, wait_time=0)]
        if not messages:
            return
        top = max(m.id for m in messages)
        recent = [m for m in messages if m.date and m.date.replace(tzinfo=UTC) >= horizon]
        self._ingest(result, self._to_posts(username, recent), (username, top))

    async def _catch_up(
        self, username: str, peer: types.InputPeerChannel, result: PollResult, poll: bool = True
    ):
        """Everything newer than the cursor, stored oldest first, a page at a time.

        Newest first is what costs least: a channel with fewer than 100 new posts takes
        one request, because the page that reaches the cursor ends the walk. (Walking
        oldest first, Telethon needs a second, empty page to know it is done.)
        """
        cursor = self.store.cursor(username)
        messages = [m async for m in self.client.iter_messages(peer, min_id=cursor, wait_time=0)]
        extra_pages = len(messages) // PAGE
        if extra_pages:
            self.budget.charge(extra_pages, self.clock(), poll=poll)
            result.requests += extra_pages
        messages.sort(key=lambda m: m.id)
        for start in range(0, len(messages), PAGE):
            page = messages[start : start + PAGE]
            self._ingest(result, self._to_posts(username, page), (username, page[-1].id))

    async def _check_edits(self, username: str, peer: types.InputPeerChannel, result: PollResult):
        """Look back over the edit window for posts edited since they were stored."""
        if not self._spend(result):
            return
        horizon = self.now() - self.settings.edit_window
        edited = []
        async for m in self.client.iter_messages(peer, limit=PAGE, wait_time=0):
            if m.date and m.date.replace(tzinfo=UTC) < horizon:
                break
            if isinstance(m, types.Message) and m.edit_date is not None:
                edited.append(m)
        self._ingest(result, self._to_posts(username, edited), None)

    async def fetch_history(self, username: str) -> PollResult:
        """Everything newer than the cursor (or the backfill of a new channel), now; the caller
        has taken the request from the budget. Raises Telethon's errors."""
        result = PollResult(username)
        result.requests += 1
        self.active += 1
        try:
            peer = await self.peer(username)
            if self.store.cursor(username) == 0:
                await self._backfill(username, peer, result)
            else:
                await self._catch_up(username, peer, result, poll=False)
        finally:
            self.active -= 1
        return result

    def _edit_check_due(self, username: str) -> bool:
        last = self.edits_checked.get(username)
        return last is None or self.clock() - last >= EDIT_CHECK_INTERVAL

    async def poll(self, username: str) -> PollResult:
        """Poll one channel once. Never raises for a channel's or the network's errors."""
        result = PollResult(username)
        if self.store.channel(username) is None:
            self.store.ensure_channel(username)
        if not self._spend(result):
            # Try again once the budget allows, not a whole interval later; the spread
            # keeps channels that were put off together from coming back together.
            result.next_delay = result.deferred * random.uniform(1.0, 2.0)
            self._run_in(username, result.next_delay)
            return result
        self.polls[username] = self.polls.get(username, 0) + 1
        self.active += 1
        try:
            peer = await self.peer(username)
            if self.store.cursor(username) == 0:
                await self._backfill(username, peer, result)
                self.edits_checked[username] = self.clock()  # the texts just read are current
            else:
                await self._catch_up(username, peer, result)
                if self._edit_check_due(username):
                    await self._check_edits(username, peer, result)
                    self.edits_checked[username] = self.clock()
        except errors.FloodWaitError as exc:
            result.error = f"flood wait {exc.seconds}s"
            result.deferred = float(exc.seconds)
            log.warning(
                "FloodWait %ss while polling @%s: pausing account %s",
                exc.seconds,
                username,
                self.account,
            )
            self.flood(exc.seconds)
        except errors.UnauthorizedError as exc:
            result.error = f"{type(exc).__name__}: {exc}"
            self.lost(result.error)
        except CHANNEL_ERRORS as exc:
            self._failed(username, result, exc)
        except TRANSIENT_ERRORS as exc:
            self._failed(username, result, exc, transient=True)
        else:
            self._succeeded(username, result)
        finally:
            self.active -= 1
        return result

    def flood(self, seconds: float) -> None:
        """Telegram asked this account to wait: pause its requests, tell the pool."""
        self.budget.pause(self.clock(), seconds)
        if self.on_flood is not None:
            self.on_flood(self.account, seconds)

    def lost(self, reason: str) -> None:
        """The account cannot be used any more (banned, logged out): tell the pool."""
        log.error("account %s is lost: %s", self.account, reason)
        if self.on_down is not None:
            self.on_down(self.account, reason)

    # Channels this account polls: its own (or, without a pool, every channel) and not joined.
    _POLLED = (
        "state != 'removed' AND COALESCE(joined, 0) = 0 AND (account = ? OR account IS NULL)"
    )

    def polled_count(self) -> int:
        return self.store.db["channels"].count_where(self._POLLED, [self.account])

    def load_factor(self) -> float:
        """How much every interval must stretch for all watched channels, each polled at the
        interval its activity asks for, to use at most 80 % of the account's budget (the
        rest is kept for catch-up pages and edits)."""
        demand = sum(1.0 / max(d, 0.01) for d in self._desired_intervals())  # polls a second
        allowed = PLANNED_SHARE * self.settings.requests_per_minute / 60
        return max(1.0, demand / allowed)

    def _desired_intervals(self) -> list[float]:
        default = self.settings.max_interval.total_seconds()
        rows = self.store.db.execute(
            "SELECT COALESCE(poll_interval, ?) FROM channels WHERE " + self._POLLED,
            [default, self.account],
        ).fetchall()
        return [row[0] for row in rows]

    def other_rate(self) -> float:
        """Requests a second the account spends on other work than polls (joins, dialogs,
        differences): as measured over the last two catch-up periods, and never less than
        the periodic catch-up itself needs."""
        window = max(60.0, 2 * self.live.catch_up_every)
        return max(self.budget.other_rate(self.clock(), window), self.live.planned_rate())

    def spare_interval(self) -> float | None:
        """With live updates, the interval at which the account's polled channels share the
        budget its joined channels leave over (never below `min_interval`, at most 80 % of the
        budget in all); None when nothing is spare, without live updates, or for an hour
        after a FloodWait."""
        if not self.live.enabled:
            return None
        flood = self.budget.last_flood_at
        if flood is not None and self.clock() - flood < SPARE_AFTER_FLOOD:
            return None
        allowed = PLANNED_SHARE * self.settings.requests_per_minute / 60 - self.other_rate()
        if allowed <= 0:
            return None
        return spare_interval(
            self._desired_intervals(),
            allowed,
            self.settings.min_interval.total_seconds(),
            EDIT_CHECK_INTERVAL,
        )

    def effective_interval(self, desired: float) -> float:
        """The interval a channel is polled at: what its activity asks for, shortened to the
        spare interval when the budget has room, stretched when it has too little."""
        spare = self.spare_interval()
        if spare is not None:
            return min(desired, spare)
        return desired * self.load_factor()

    def _succeeded(self, username: str, result: PollResult) -> None:
        row = self.store.channel(username) or {}
        low = self.settings.min_interval.total_seconds()
        high = self.settings.max_interval.total_seconds()
        # A channel is taken as quiet until its polls find posts: busy channels get to the
        # shortest interval in a few polls, and a start with many channels is no burst.
        desired = next_interval(row.get("poll_interval") or high, result.new, low, high)
        self.store.update_channel(
            username,
            state="active",
            failures=0,
            last_error=None,
            last_poll_at=self.now().isoformat(),
            poll_interval=desired,
        )
        result.next_delay = self.effective_interval(desired)
        self._reschedule(username, result.next_delay)

    def _failed(
        self, username: str, result: PollResult, exc: Exception, transient: bool = False
    ) -> None:
        row = self.store.channel(username) or {}
        failures = (row.get("failures") or 0) + 1
        result.error = f"{type(exc).__name__}: {exc}"
        delay = backoff(failures, self.settings.min_interval.total_seconds())
        self.store.update_channel(
            username,
            state="active" if transient and failures < 3 else "failing",
            failures=failures,
            last_error=result.error,
        )
        log.warning("@%s failed (%s); next try in %.0fs", username, result.error, delay)
        result.next_delay = delay
        self._reschedule(username, delay)

    # -- scheduling -------------------------------------------------------------------

    @staticmethod
    def job_id(username: str) -> str:
        return f"poll:{username}"

    def _trigger(self, seconds: float) -> IntervalTrigger:
        return IntervalTrigger(
            seconds=max(0.05, seconds), jitter=self.settings.jitter.total_seconds() or None
        )

    def first_poll_delay(self) -> float:
        """Spread the first polls over the time the budget needs to serve every channel
        once, so that a start with many channels is not a burst of deferred polls."""
        watched = self.polled_count()
        allowed = PLANNED_SHARE * self.settings.requests_per_minute / 60
        return random.uniform(0, watched / allowed) if watched > self.budget.bucket.capacity else 0

    def schedule(self, scheduler: AsyncIOScheduler, username: str) -> None:
        self.scheduler = scheduler
        self.watch(username)
        desired = (self.store.channel(username) or {}).get("poll_interval")
        interval = self.effective_interval(desired or self.settings.max_interval.total_seconds())
        scheduler.add_job(
            self.poll,
            self._trigger(interval),
            args=[username],
            id=self.job_id(username),
            name=f"poll @{username}",
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,
            replace_existing=True,
            next_run_time=datetime.now(UTC) + timedelta(seconds=self.first_poll_delay()),
        )

    def unschedule(self, username: str) -> None:
        self.stop_polling(username)
        self.store.update_channel(username, state="removed")

    def stop_polling(self, username: str) -> None:
        """No more scheduled polls of the channel (it is joined, or moved to another account)."""
        if self.scheduler is not None and self.scheduler.get_job(self.job_id(username)):
            self.scheduler.remove_job(self.job_id(username))

    def poll_once_soon(self, username: str, delay: float = 1.0) -> None:
        """One poll of the channel shortly, whether or not it has a polling job (an album
        pushed to a joined channel: its parts come in separate pushes)."""
        if self.scheduler is None or not self.scheduler.running:
            return
        self.scheduler.add_job(
            self.poll,
            "date",
            args=[username],
            id=f"once:{username}",
            name=f"one poll @{username}",
            replace_existing=True,
            misfire_grace_time=None,
            run_date=datetime.now(UTC) + timedelta(seconds=delay),
        )

    def poll_soon(self, username: str) -> None:
        self._run_in(username, 0.0)

    def _run_in(self, username: str, seconds: float) -> None:
        """Move the channel's next run, keeping its interval."""
        if self.scheduler is not None and self.scheduler.get_job(self.job_id(username)):
            when = datetime.now(UTC) + timedelta(seconds=seconds)
            self.scheduler.modify_job(self.job_id(username), next_run_time=when)

    def _reschedule(self, username: str, seconds: float) -> None:
        if self.scheduler is None:
            return
        job = self.scheduler.get_job(self.job_id(username))
        if job is None:
            return
        current = getattr(job.trigger, "interval", None)
        if current is not None and abs(current.total_seconds() - seconds) < 0.01:
            return
        self.scheduler.reschedule_job(self.job_id(username), trigger=self._trigger(seconds))

    # -- live updates ---------------------------------------------------------------------

    def listen(self) -> None:
        """Feed pushed posts and edits of joined channels into the same ingest as the poll."""
        self.live.listen()

    # -- status -------------------------------------------------------------------------

    def status(self) -> dict:
        now = self.clock()
        return {
            "account": self.account,
            "paused_for": round(self.budget.paused_for(now), 1),
            "flood_waits": self.budget.flood_waits,
            "flood_wait_seconds": self.budget.flood_wait_seconds,
            "requests": self.budget.requests,
            "channels": [
                {
                    "channel": row["username"],
                    "state": row["state"],
                    "cursor": row["cursor"],
                    "failures": row["failures"],
                    "last_error": row["last_error"],
                    "last_poll_at": row["last_poll_at"],
                    "poll_interval": row["poll_interval"],
                    "account": row.get("account"),
                    "mode": "live" if row.get("joined") else "poll",
                }
                for row in self.store.channels()
            ],
        }
