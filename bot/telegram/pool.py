"""A pool of watching accounts in one daemon: channels assigned by load, moved on trouble.

Every channel belongs to one account (`channels.account` in the store). A new channel goes
to the account with the fewest channels among those that can still join one (Telegram's
limit per account: 500, 1,000 with Premium, less when it refuses earlier; `accounts.join_limit`
caps it), else to the least loaded one, which polls it. An account joins its channels one
request at a time from its budget and then only catches up (see live.py); what it cannot join
it polls on the budget its joined channels leave over (see poller.py). A channel removed from
the watch list is left, so that its place is free again.
A FloodWait of `accounts.move_after` or longer moves the account's polled channels to the
others (its joined channels keep their pushes, which cost no requests); a lost account
(banned, logged out, disconnected for good) hands all its channels over.

The pool offers the Poller's interface (`schedule`, `unschedule`, `watch`, `peer`, `poll`,
`status`), so the App and the admin commands do not care how many accounts there are.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.config import AccountSettings, PollSettings
from bot.store import Store
from bot.telegram.poller import CHANNEL_ERRORS, TRANSIENT_ERRORS, Poller, PollResult

log = logging.getLogger(__name__)

JOIN_EVERY = 5.0  # seconds between two runs of an account's join job
# A full account swaps its busiest polled channel for its quietest joined one when the first
# posted this many more times in the last day, and not for a channel swapped within the hour.
SWAP_MARGIN = 3
SWAP_WINDOW = timedelta(days=1)
SWAP_COOLDOWN = 3600.0


ADD_ACCOUNT_HINT = (
    "add an account with `tgradar login --account NAME` and list it in [accounts] names"
)


def over_capacity(channels: int, joinable: int) -> str | None:
    """"520 channels, accounts can join 500: 20 are polled" when the accounts cannot join
    every watched channel; None when they can."""
    if channels <= joinable:
        return None
    return f"{channels} channels, accounts can join {joinable}: {channels - joinable} are polled"


class AccountPool:
    def __init__(
        self,
        pollers: Sequence[Poller],
        store: Store,
        settings: AccountSettings,
        live: bool = True,
    ) -> None:
        if not pollers:
            raise ValueError("a pool needs at least one account")
        self.pollers = {p.account: p for p in pollers}
        self.store = store
        self.accounts = settings
        self.live = live
        self.down: dict[str, str] = {}  # account -> why it is out of the pool
        self.moves = 0
        self.scheduler: AsyncIOScheduler | None = None
        for poller in pollers:
            poller.on_flood = self._on_flood
            poller.on_down = self._on_down
            poller.live.enabled = live
            poller.live.catch_up_every = settings.catch_up.total_seconds()
        self._swapped: dict[str, float] = {}  # channel -> when it was last swapped
        self._assigned = Counter(
            row["account"] for row in store.channels() if row["state"] != "removed"
        )

    # -- the Poller's interface ---------------------------------------------------------------

    @property
    def settings(self) -> PollSettings:
        """The polling settings every account uses (setting them sets them for all)."""
        return self.first.settings

    @settings.setter
    def settings(self, value: PollSettings) -> None:
        for poller in self.pollers.values():
            poller.settings = value

    @property
    def active(self) -> int:
        return sum(p.active for p in self.pollers.values())

    @property
    def first(self) -> Poller:
        return next(iter(self.up()), next(iter(self.pollers.values())))

    def up(self) -> list[Poller]:
        return [p for name, p in self.pollers.items() if name not in self.down]

    def watch(self, username: str) -> None:
        self.first.watch(username)

    async def peer(self, username: str) -> Any:
        return await self.owner(username).peer(username)

    async def poll(self, username: str) -> PollResult:
        return await self.owner(username).poll(username)

    def listen(self) -> None:
        for poller in self.pollers.values():
            poller.listen()

    def owner(self, username: str) -> Poller:
        row = self.store.channel(username) or {}
        current = row.get("account")
        if current in self.pollers:
            return self.pollers[current]
        return self.assign(username)

    # -- assignment ---------------------------------------------------------------------------

    def _choose(self, exclude: set[str]) -> Poller:
        now_paused = {p.account for p in self.pollers.values() if p.budget.paused_for(p.clock())}
        candidates = [p for p in self.up() if p.account not in exclude] or self.up()
        candidates = candidates or list(self.pollers.values())

        def load(p: Poller) -> tuple[bool, bool, int]:
            room = self._room_to_join(p)
            return (p.account in now_paused, not room, self._assigned[p.account])

        return min(candidates, key=load)

    def assign(self, username: str, exclude: set[str] | None = None) -> Poller:
        """The account that watches the channel: its current one while that is in the pool,
        else the least loaded (which then joins or polls it)."""
        self.store.ensure_channel(username)
        row = self.store.channel(username) or {}
        current = row.get("account")
        exclude = exclude or set()
        if current in self.pollers and current not in self.down and current not in exclude:
            return self.pollers[current]
        chosen = self._choose(exclude)
        if current is not None and row.get("state") != "removed":
            self._assigned[current] -= 1
        self._assigned[chosen.account] += 1
        self.store.update_channel(username, account=chosen.account, joined=0)
        return chosen

    def schedule(self, scheduler: AsyncIOScheduler, username: str) -> None:
        self.scheduler = scheduler
        poller = self.assign(username)
        poller.scheduler = scheduler
        poller.watch(username)
        row = self.store.channel(username) or {}
        if self.live and row.get("joined"):
            return  # pushes and catch-up, no polling
        if self.live and self._joined(poller) < self.join_limit(poller):
            self.join_soon(poller.account)  # joined in a moment: no polling meanwhile
            return
        poller.schedule(scheduler, username)

    def unschedule(self, username: str) -> None:
        """Stop watching the channel; the account that joined it leaves it soon (the join
        job does it, from the budget), so its place in the join limit is free again."""
        row = self.store.channel(username) or {}
        if row.get("account") and row.get("state") != "removed":
            self._assigned[row["account"]] -= 1
        owner = self.owner(username)
        owner.unschedule(username)
        if row.get("joined"):
            self.join_soon(owner.account)

    def _joined(self, poller: Poller) -> int:
        return self.store.channel_counts().get(poller.account, (0, 0))[0]

    def join_limit(self, poller: Poller) -> int:
        """Channels the account may join: Telegram's limit for it (500, 1,000 with Premium,
        or where Telegram refused), capped by `accounts.join_limit` when that is set."""
        own = poller.live.join_limit()
        cap = self.accounts.join_limit
        return own if cap is None else min(cap, own)

    async def learn_limits(self) -> None:
        """Ask each account once whether it has Premium (before channels are assigned)."""
        if self.live:
            for poller in self.up():
                await poller.live.learn_limit()

    # -- jobs: joining and the periodic catch-up ------------------------------------------------

    @staticmethod
    def join_job(account: str) -> str:
        return f"join:{account}"

    @staticmethod
    def sweep_job(account: str) -> str:
        return f"catch-up:{account}"

    def start(self, scheduler: AsyncIOScheduler) -> None:
        """Per account: a join job and the periodic catch-up (the first one at once)."""
        self.scheduler = scheduler
        if not self.live:
            return
        self.listen()
        for poller in self.pollers.values():
            poller.scheduler = scheduler
            scheduler.add_job(
                self.join_pending,
                IntervalTrigger(seconds=JOIN_EVERY),
                args=[poller.account],
                id=self.join_job(poller.account),
                name=f"join channels ({poller.account})",
                coalesce=True,
                max_instances=1,
                misfire_grace_time=None,
                replace_existing=True,
                next_run_time=datetime.now(UTC),
            )
            scheduler.add_job(
                poller.live.sweep,
                IntervalTrigger(seconds=self.accounts.catch_up.total_seconds()),
                id=self.sweep_job(poller.account),
                name=f"catch-up ({poller.account})",
                coalesce=True,
                max_instances=1,
                misfire_grace_time=None,
                replace_existing=True,
                next_run_time=datetime.now(UTC),
            )

    def join_soon(self, account: str) -> None:
        scheduler = self.scheduler
        job = self.join_job(account)
        if scheduler is not None and scheduler.running and scheduler.get_job(job):
            scheduler.modify_job(self.join_job(account), next_run_time=datetime.now(UTC))

    async def join_pending(self, account: str) -> int:
        """Join the account's channels it has not joined yet, as its budget allows."""
        poller = self.pollers[account]
        if account in self.down or not self.live:
            return 0
        if not await self._leave_removed(poller):
            return 0
        pending = [
            row["username"]
            for row in self.store.channels_of(account)
            if not row.get("joined") and row["state"] == "active"
        ]
        await poller.live.learn_limit()
        joined = self._joined(poller)
        done = 0
        for username in pending:
            if joined >= self.join_limit(poller):
                break
            if not poller.budget.available(poller.clock()):
                break  # the next run goes on (a run never waits, so runs do not pile up)
            try:
                ok = await poller.live.join(username)
            except CHANNEL_ERRORS as exc:
                log.warning("@%s cannot be joined (%s): polling it", username, exc)
                self.store.update_channel(
                    username, state="failing", last_error=f"{type(exc).__name__}: {exc}"
                )
                self._poll_instead(poller, username)
                continue
            except TRANSIENT_ERRORS:
                break
            if ok:
                joined += 1
                done += 1
            else:
                break  # CHANNELS_TOO_MUCH (the limit is learned) or a FloodWait
        if joined >= self.join_limit(poller):
            self._overflow(poller)
            done += await self._swap(poller)
        if done:
            poller.live.sweep_soon()  # read what the new channels posted, take their pts
        return done

    async def _leave_removed(self, poller: Poller) -> bool:
        """Leave the channels removed from the watch list; False when the budget or the
        connection says to go on next run."""
        for username in self.store.left_behind(poller.account):
            if not poller.budget.available(poller.clock()):
                return False
            try:
                if not await poller.live.leave(username):
                    return False  # a FloodWait
            except CHANNEL_ERRORS as exc:
                # gone or closed to the account: nothing is left to leave
                log.info("@%s was removed and cannot be left (%s)", username, exc)
                self.store.update_channel(username, joined=0, pts=None)
            except TRANSIENT_ERRORS:
                return False
        return True

    async def _swap(self, poller: Poller) -> int:
        """A full account keeps its busiest channels joined: the polled channel with the most
        posts in the last day takes the place of the joined one with the fewest."""
        rows = [r for r in self.store.channels_of(poller.account) if r["state"] == "active"]
        polled = [r["username"] for r in rows if not r.get("joined")]
        joined = [r["username"] for r in rows if r.get("joined")]
        if not polled or not joined or poller.budget.paused_for(poller.clock()):
            return 0
        now = poller.clock()
        calm = {n for n, at in self._swapped.items() if now - at < SWAP_COOLDOWN}
        activity = self.store.activity(poller.now() - SWAP_WINDOW)
        candidates = [n for n in polled if n not in calm]
        keepers = [n for n in joined if n not in calm]
        if not candidates or not keepers:
            return 0
        busy = max(candidates, key=lambda n: activity.get(n, 0))
        quiet = min(keepers, key=lambda n: activity.get(n, 0))
        if activity.get(busy, 0) < activity.get(quiet, 0) + SWAP_MARGIN:
            return 0
        try:
            if not await poller.live.leave(quiet):
                return 0
            self._swapped[quiet] = self._swapped[busy] = now
            self._poll_instead(poller, quiet)
            if not await poller.live.join(busy):
                return 0
        except (*CHANNEL_ERRORS, *TRANSIENT_ERRORS) as exc:
            log.warning("swapping @%s for @%s failed: %s", quiet, busy, exc)
            return 0
        log.info(
            "account %s: @%s (%d posts a day) joined in place of @%s (%d)",
            poller.account,
            busy,
            activity.get(busy, 0),
            quiet,
            activity.get(quiet, 0),
        )
        return 1

    def _poll_instead(self, poller: Poller, username: str) -> None:
        if self.scheduler is not None:
            poller.schedule(self.scheduler, username)

    def _overflow(self, poller: Poller) -> None:
        """The account cannot join more: its unjoined channels go to an account with room,
        or it polls them."""
        for row in self.store.channels_of(poller.account):
            if row.get("joined") or row["state"] == "removed":
                continue
            others = [p for p in self.up() if p is not poller and self._room_to_join(p)]
            if others:
                self._move(row["username"], poller, exclude={poller.account})
            elif self.scheduler is not None and not self.scheduler.get_job(
                Poller.job_id(row["username"])
            ):
                poller.schedule(self.scheduler, row["username"])

    def _room_to_join(self, poller: Poller) -> bool:
        """Can join one more, counting the channels it is yet to join."""
        return self.live and self._assigned[poller.account] < self.join_limit(poller)

    # -- trouble ------------------------------------------------------------------------------

    def _move(self, username: str, old: Poller, exclude: set[str]) -> Poller:
        old.stop_polling(username)
        new = self.assign(username, exclude=exclude)
        if new is not old:
            self.moves += 1
            if self.scheduler is not None:
                self.schedule(self.scheduler, username)
        return new

    def _on_flood(self, account: str, seconds: float) -> None:
        if seconds < self.accounts.move_after.total_seconds() or len(self.up()) < 2:
            return
        moved = 0
        for row in self.store.channels_of(account):
            if not row.get("joined") or account in self.down:
                new = self._move(row["username"], self.pollers[account], exclude={account})
                moved += new.account != account
        if moved:
            log.warning(
                "account %s must wait %ss: %d polled channel(s) moved to other accounts",
                account,
                seconds,
                moved,
            )

    def _on_down(self, account: str, reason: str) -> None:
        if account in self.down:
            return
        self.down[account] = reason
        scheduler = self.scheduler
        if scheduler is not None:
            for job in (self.join_job(account), self.sweep_job(account)):
                if scheduler.get_job(job):
                    scheduler.remove_job(job)
        if not self.up():
            log.error("no watching account is left (%s lost: %s)", account, reason)
            return
        rows = self.store.channels_of(account)
        for row in rows:
            self._move(row["username"], self.pollers[account], exclude={account})
        log.error(
            "account %s is out of the pool (%s): %d channel(s) moved", account, reason, len(rows)
        )

    def account_lost(self, account: str, reason: str) -> None:
        """The runner saw the account's connection end for good."""
        self._on_down(account, reason)

    # -- status -------------------------------------------------------------------------------

    def status(self) -> dict[str, Any]:
        statuses = {name: p.status() for name, p in self.pollers.items()}
        counts = self.store.channel_counts()
        up = [s for name, s in statuses.items() if name not in self.down] or list(statuses.values())
        first = next(iter(statuses.values()))
        accounts = []
        for name, poller in self.pollers.items():
            joined, polled = counts.get(name, (0, 0))
            status = statuses[name]
            accounts.append(
                {
                    "account": name,
                    "state": "down" if name in self.down else "up",
                    "reason": self.down.get(name),
                    "joined": joined,
                    "polled": polled,
                    "join_limit": self.join_limit(poller),
                    "full": joined >= self.join_limit(poller),
                    "requests_per_minute": poller.settings.requests_per_minute,
                    # the interval its polled channels share the spare budget at (None: none)
                    "poll_interval": poller.spare_interval(),
                    "requests": status["requests"],
                    "flood_waits": status["flood_waits"],
                    "flood_wait_seconds": status["flood_wait_seconds"],
                    "paused_for": status["paused_for"],
                    **{f"live_{k}": v for k, v in poller.live.status().items()},
                }
            )
        return {
            # live: how many channels the accounts in the pool can join (the rest are polled)
            "joinable": sum(self.join_limit(p) for p in self.up()) if self.live else None,
            # the pool is paused only when every account in it is
            "paused_for": min(s["paused_for"] for s in up),
            "flood_waits": sum(s["flood_waits"] for s in statuses.values()),
            "flood_wait_seconds": sum(s["flood_wait_seconds"] for s in statuses.values()),
            "requests": sum(s["requests"] for s in statuses.values()),
            "moves": self.moves,
            "accounts": accounts,
            "channels": first["channels"],
        }

    async def stop(self) -> None:
        for poller in self.pollers.values():
            await poller.live.stop()
