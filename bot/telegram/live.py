"""Live updates for the channels one account has joined, and catch-up by difference.

Telegram pushes the new posts and edits of every channel an account has joined; they go
into the same `Pipeline.ingest` as a poll, a push at a time. The channel's pts (every
channel event bumps it by one) is kept in the store once ingested, so a push that does not
follow the stored pts shows a gap, and a start, a reconnect or the periodic check asks
`updates.getChannelDifference` from the stored pts for exactly the channels whose dialog
shows a newer pts (one `messages.getDialogs` page covers 100 channels; a quiet channel costs
nothing). When Telegram answers that the gap is too long, or the stored pts is refused, the
history since the cursor is read instead, as a poll would.

tgradar owns the channels' pts: Telethon's own per-channel bookkeeping (a gap fetch of its
own, and a getChannelDifference for every channel quiet for 15 minutes) is released after
each push, so the request cost of a quiet joined channel is zero between checks.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from typing import TYPE_CHECKING, Any

from telethon import errors, events
from telethon.tl import functions, types

if TYPE_CHECKING:
    from bot.telegram.poller import Poller

log = logging.getLogger(__name__)

# Telegram's limits on the channels and megagroups one account is in (help.getAppConfig:
# channels_limit_default, channels_limit_premium); a CHANNELS_TOO_MUCH below them (the account
# is in other chats too) is learned, and tried again after LIMIT_RETRY seconds.
CHANNELS_LIMIT_DEFAULT = 500
CHANNELS_LIMIT_PREMIUM = 1000
LIMIT_RETRY = 3600.0
DIFFERENCE_LIMIT = 100  # what Telegram asks of user accounts (10-100)
GAP_WAIT = 0.5  # seconds a gap may take to close by itself (pushes out of order)
PTS_REFUSED: tuple[type[Exception], ...] = (
    errors.PersistentTimestampOutdatedError,
    errors.PersistentTimestampInvalidError,
    errors.PersistentTimestampEmptyError,
)


def release_channel_state(client: Any, channel_id: int) -> None:
    """Make Telethon forget a channel's pts so that it neither fetches gaps nor polls the
    channel on its own; tgradar does both from the pts in its store."""
    box = getattr(client, "_message_box", None)
    if box is None or channel_id in box.getting_diff_for or channel_id in box.possible_gaps:
        return
    box.map.pop(channel_id, None)


class Live:
    """Joining, pushes and catch-up for one account; the Poller gives client, budget and
    ingest."""

    def __init__(self, poller: Poller) -> None:
        self.poller = poller
        self.premium: bool | None = None  # the account has Telegram Premium (once asked)
        self.refused_at: int | None = None  # joined channels when Telegram said CHANNELS_TOO_MUCH
        self._refused_clock = 0.0
        self.enabled = False  # the pool turns it on (poll.live)
        self.catch_up_every = 300.0  # seconds between periodic catch-ups (the pool sets it)
        self.waiting = 0  # requests of joins and catch-ups waiting for the budget
        self.listening = False
        self.sweeps = 0
        self.differences = 0
        self.fallbacks = 0
        self.gaps = 0
        self.pushes = 0
        self._locks: dict[str, asyncio.Lock] = {}
        self._pending: set[str] = set()  # channels with a catch-up scheduled
        self._baseline: set[str] = set()
        self._sweep_lock = asyncio.Lock()
        self._sweep_again = False
        self._tasks: set[asyncio.Task[Any]] = set()

    @property
    def client(self) -> Any:
        return self.poller.client

    @property
    def store(self) -> Any:
        return self.poller.store

    # -- requests -----------------------------------------------------------------------------

    async def _slot(self) -> None:
        """Wait until the account's budget allows one request (and no FloodWait pauses it).
        While anything waits here, polls of the account step aside (see Poller.poll)."""
        self.waiting += 1
        try:
            while True:
                wait = self.poller.budget.take(self.poller.clock(), poll=False)
                if not wait:
                    return
                await asyncio.sleep(min(wait, 5.0))
        finally:
            self.waiting -= 1

    async def _call(self, request: Any) -> Any:
        await self._slot()
        try:
            return await self.client(request)
        except errors.FloodWaitError as exc:
            self.poller.flood(exc.seconds)
            raise

    def planned_rate(self) -> float:
        """Requests a second the periodic catch-up needs at least: a dialogs page per 100
        joined channels (and the account's other dialogs) every period."""
        joined = self.store.channel_counts().get(self.poller.account, (0, 0))[0]
        if not joined:
            return 0.0
        return math.ceil((joined + 1) / 100) / self.catch_up_every

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        task.add_done_callback(_log_failure)

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    # -- joining ------------------------------------------------------------------------------

    def join_limit(self) -> int:
        """How many channels Telegram lets this account join: 500, 1,000 with Premium, or
        fewer when Telegram refused a join earlier (other chats of the account count too)."""
        if self.refused_at is not None:
            if self.poller.clock() - self._refused_clock < LIMIT_RETRY:
                return self.refused_at
            self.refused_at = None  # try a join again: the account may have left other chats
        return CHANNELS_LIMIT_PREMIUM if self.premium else CHANNELS_LIMIT_DEFAULT

    async def learn_limit(self) -> None:
        """Ask once whether the account has Premium (one users.getUsers request)."""
        if self.premium is not None:
            return
        try:
            users = await self._call(functions.users.GetUsersRequest([types.InputUserSelf()]))
        except (TimeoutError, errors.RPCError, ConnectionError, OSError) as exc:
            log.info("account %s: Premium unknown (%s)", self.poller.account, exc)
            return
        self.premium = bool(users and getattr(users[0], "premium", False))
        log.info(
            "account %s joins up to %d channels%s",
            self.poller.account,
            self.join_limit(),
            " (Premium)" if self.premium else "",
        )

    async def join(self, username: str) -> bool:
        """Join the channel (pushes start); False when Telegram refused or asked to wait."""
        peer = await self.poller.peer(username)
        if (self.store.channel(username) or {}).get("joined"):
            return True  # the account turned out to be a member already
        try:
            await self._call(functions.channels.JoinChannelRequest(peer))
        except errors.ChannelsTooMuchError:
            joined = self.store.channel_counts().get(self.poller.account, (0, 0))[0]
            self.refused_at, self._refused_clock = joined, self.poller.clock()
            log.warning(
                "account %s cannot join more channels: Telegram refused at %d joined by tgradar "
                "(its other channels and groups count too)",
                self.poller.account,
                joined,
            )
            return False
        except errors.FloodWaitError:
            return False
        # pts stays unknown: the next catch-up reads the history since the cursor and takes
        # the dialog's pts, so nothing posted between the last poll and the join is lost
        self.store.update_channel(username, joined=1, pts=None)
        self.poller.stop_polling(username)
        log.info("account %s joined @%s", self.poller.account, username)
        return True

    async def leave(self, username: str) -> bool:
        """Leave the channel (its pushes stop) to make room; it is polled from its cursor."""
        peer = await self.poller.peer(username)
        try:
            await self._call(functions.channels.LeaveChannelRequest(peer))
        except errors.FloodWaitError:
            return False
        except errors.UserNotParticipantError:
            pass
        self.store.update_channel(username, joined=0, pts=None)
        log.info("account %s left @%s", self.poller.account, username)
        return True

    # -- pushes -------------------------------------------------------------------------------

    def listen(self) -> None:
        if self.listening:
            return
        self.listening = True
        self.client.add_event_handler(self._on_push, events.NewMessage())
        self.client.add_event_handler(self._on_push, events.MessageEdited())
        self.client.add_event_handler(self._on_delete, events.MessageDeleted())
        hooks = getattr(self.client, "reconnect_hooks", None)
        if hooks is not None:
            hooks.append(self.after_reconnect)

    async def after_reconnect(self) -> None:
        """Pushes sent while the connection was down are lost: catch up on every channel."""
        log.info("account %s reconnected: catching up", self.poller.account)
        self.sweep_soon()

    async def _on_push(self, event: Any) -> None:
        message = event.message
        peer = message.peer_id
        if not isinstance(peer, types.PeerChannel):
            return
        release_channel_state(self.client, peer.channel_id)
        username = self.poller.username_of(peer.channel_id)
        row = self.store.channel(username) if username else None
        if row is None or row.get("state") == "removed":
            return  # not watched
        if not row.get("cursor") and row.get("pts") is None:
            return  # not backfilled yet: its first catch-up or poll reads it
        self.pushes += 1
        self.handle(username, row, message, event.original_update)

    async def _on_delete(self, event: Any) -> None:
        """A deletion bumps the channel's pts too: keep up, so the next post is no gap."""
        update = event.original_update
        if not isinstance(update, types.UpdateDeleteChannelMessages):
            return
        release_channel_state(self.client, update.channel_id)
        username = self.poller.username_of(update.channel_id)
        row = self.store.channel(username) if username else None
        if row is None or row.get("pts") is None:
            return
        if update.pts - update.pts_count == row["pts"]:
            self.store.advance_pts(username, update.pts)
        elif update.pts - update.pts_count > row["pts"]:
            self.gaps += 1
            self.catch_up_soon(username)

    def handle(self, username: str, row: dict, message: Any, update: Any) -> None:
        """One pushed message: ingest it, and keep the stored pts (synchronous, so pushes
        are handled in the order they came)."""
        pts = getattr(update, "pts", 0) or 0
        count = getattr(update, "pts_count", 0) or 0
        new = isinstance(update, types.UpdateNewChannelMessage)
        stored = row.get("pts")
        highest = row.get("cursor") or 0
        if pts and stored is None and new and message.id == highest + 1:
            stored = pts - count  # follows the cursor directly: nothing before it is missing
            self.store.advance_pts(username, stored)
        follows = bool(pts) and stored is not None and pts - count == stored
        if pts and stored is not None and pts - count > stored:
            self.gaps += 1
            self.catch_up_soon(username)
        elif pts and stored is None:
            self._set_baseline(username, pts - count)
        if message.grouped_id is not None:
            # an album's parts come in separate pushes: read them together a moment later
            if follows:
                self.store.advance_pts(username, pts)
            self.poller.poll_once_soon(username)
            return
        # the cursor only moves when nothing before this post can be missing
        self.poller.ingest_messages(
            username, [message], (username, message.id) if new and follows else None
        )
        if follows:
            self.store.advance_pts(username, pts)

    def _set_baseline(self, username: str, pts: int) -> None:
        """First push of a channel whose pts is unknown: read the history since the cursor,
        then everything up to `pts` is in."""
        if username in self._baseline:
            return
        self._baseline.add(username)

        async def baseline() -> None:
            await asyncio.sleep(GAP_WAIT)  # an earlier push may still be on its way
            try:
                async with self._lock(username):
                    if (self.store.channel(username) or {}).get("pts") is None:
                        await self._history(username)
                        self.store.advance_pts(username, pts)
            finally:
                self._baseline.discard(username)
            self.catch_up_soon(username)  # pushes that came meanwhile may have left a gap

        self._spawn(baseline())

    # -- catch-up -----------------------------------------------------------------------------

    def _lock(self, username: str) -> asyncio.Lock:
        return self._locks.setdefault(username, asyncio.Lock())

    def catch_up_soon(self, username: str, delay: float = GAP_WAIT) -> None:
        if username in self._pending:
            return
        self._pending.add(username)

        async def later() -> None:
            await asyncio.sleep(delay)
            self._pending.discard(username)
            await self.catch_up(username)

        self._spawn(later())

    async def _history(self, username: str) -> None:
        await self._slot()
        self.fallbacks += 1
        try:
            await self.poller.fetch_history(username)  # further pages are charged to the budget
        except errors.FloodWaitError as exc:
            self.poller.flood(exc.seconds)  # the account pauses, as for any other request
            raise

    async def catch_up(self, username: str, dialog_pts: int | None = None) -> None:
        """Bring one joined channel up to date from its stored pts. Never raises for the
        channel's or the network's errors."""
        from bot.telegram.poller import CHANNEL_ERRORS, TRANSIENT_ERRORS

        async with self._lock(username):
            try:
                await self._catch_up(username, dialog_pts)
            except errors.FloodWaitError as exc:
                self.catch_up_soon(username, delay=float(exc.seconds) + 1.0)
            except errors.UnauthorizedError as exc:
                self.poller.lost(f"{type(exc).__name__}: {exc}")
            except CHANNEL_ERRORS as exc:
                log.warning("catch-up of @%s failed: %s", username, exc)
                self.store.update_channel(
                    username, state="failing", last_error=f"{type(exc).__name__}: {exc}"
                )
            except TRANSIENT_ERRORS as exc:
                log.info("catch-up of @%s put off: %s", username, exc)

    async def _catch_up(self, username: str, dialog_pts: int | None) -> None:
        row = self.store.channel(username) or {}
        if not row or row.get("state") == "removed":
            return
        stored = row.get("pts")
        if stored is None:  # just joined: the history since the cursor, then the pts
            await self._history(username)
            if dialog_pts is not None:
                self.store.advance_pts(username, dialog_pts)
            return
        peer = await self.poller.peer(username)
        channel = types.InputChannel(peer.channel_id, peer.access_hash)
        while True:
            request = functions.updates.GetChannelDifferenceRequest(
                channel=channel,
                filter=types.ChannelMessagesFilterEmpty(),
                pts=stored,
                limit=DIFFERENCE_LIMIT,
                force=False,
            )
            try:
                diff = await self._call(request)
            except PTS_REFUSED as exc:
                log.info("@%s: stored pts refused (%s); reading the history", username, exc)
                await self._history(username)
                self.store.update_channel(username, pts=dialog_pts)
                return
            self.differences += 1
            release_channel_state(self.client, peer.channel_id)
            if isinstance(diff, types.updates.ChannelDifferenceEmpty):
                self.store.advance_pts(username, diff.pts)
                return
            if isinstance(diff, types.updates.ChannelDifferenceTooLong):
                await self._history(username)
                self.store.advance_pts(username, diff.dialog.pts)
                return
            self._ingest_difference(username, diff)
            self.store.advance_pts(username, diff.pts)
            if diff.final:
                return
            stored = diff.pts

    def _ingest_difference(self, username: str, diff: Any) -> None:
        messages = [m for m in diff.new_messages if isinstance(m, types.Message)]
        edits = [
            u.message
            for u in diff.other_updates
            if isinstance(u, types.UpdateEditChannelMessage)
            and isinstance(u.message, types.Message)
        ]
        if messages:
            ordered = sorted(messages, key=lambda m: m.id)
            self.poller.ingest_messages(username, ordered, (username, ordered[-1].id))
        if edits:
            self.poller.ingest_messages(username, edits, None)

    # -- the periodic check (and the one after a start or a reconnect) ----------------------

    def sweep_soon(self) -> None:
        self._spawn(self.sweep())

    async def sweep(self) -> int:
        """Compare every joined channel's pts with its dialog's; catch up those behind.

        Returns the number of channels caught up."""
        if self._sweep_lock.locked():
            self._sweep_again = True
            return 0
        async with self._sweep_lock:
            caught = 0
            while True:
                self._sweep_again = False
                caught += await self._sweep_once()
                if not self._sweep_again:
                    return caught

    async def _sweep_once(self) -> int:
        joined = {
            row["peer_id"]: row
            for row in self.store.channels_of(self.poller.account)
            if row.get("joined") and row.get("peer_id")
        }
        if not joined:
            return 0
        self.sweeps += 1
        try:
            dialog_pts = await self._dialog_pts()
        except errors.FloodWaitError:
            return 0
        except errors.UnauthorizedError as exc:
            self.poller.lost(f"{type(exc).__name__}: {exc}")
            return 0
        except (ConnectionError, OSError, errors.ServerError) as exc:
            log.info("account %s: dialogs unavailable (%s)", self.poller.account, exc)
            return 0

        def behind(peer_id: int) -> dict | None:
            row = self.store.channel(joined[peer_id]["username"]) or {}
            pts = dialog_pts[peer_id]
            if row.get("pts") is None or pts > row["pts"]:
                return row
            return None

        known = [peer_id for peer_id in joined if peer_id in dialog_pts]
        # (a channel without a dialog yet is left to its pushes and the next check)
        late = [peer_id for peer_id in known if behind(peer_id)]
        if late:
            await asyncio.sleep(GAP_WAIT)  # pushes on their way when the dialogs were read
        caught = 0
        for peer_id in late:
            row = behind(peer_id)
            if row:
                await self.catch_up(row["username"], dialog_pts[peer_id])
                caught += 1
        checked = [joined[p]["username"] for p in known if not behind(p)]
        # health and /status read "last checked" from here: a joined channel is never polled
        self.store.checked(checked, self.poller.now().isoformat())
        return caught

    async def _dialog_pts(self) -> dict[int, int]:
        """Channel id -> pts from the account's dialogs, a page (100) a request."""
        found: dict[int, int] = {}
        offset_date, offset_id = None, 0
        offset_peer: Any = types.InputPeerEmpty()
        while True:
            page = await self._call(
                functions.messages.GetDialogsRequest(
                    offset_date=offset_date,
                    offset_id=offset_id,
                    offset_peer=offset_peer,
                    limit=100,
                    hash=0,
                )
            )
            for dialog in page.dialogs:
                if isinstance(dialog.peer, types.PeerChannel) and dialog.pts is not None:
                    found[dialog.peer.channel_id] = dialog.pts
            if not isinstance(page, types.messages.DialogsSlice) or len(page.dialogs) < 100:
                return found
            tops = {
                (_peer_id(m.peer_id), m.id): m
                for m in page.messages
                if isinstance(m, types.Message | types.MessageService)
            }
            last = page.dialogs[-1]
            top = tops.get((_peer_id(last.peer), last.top_message))
            if top is None:
                return found
            offset_date, offset_id = top.date, top.id
            offset_peer = _input_peer(last.peer, page.chats, page.users)

    def status(self) -> dict[str, Any]:
        return {
            "listening": self.listening,
            "premium": self.premium,
            "pushes": self.pushes,
            "gaps": self.gaps,
            "sweeps": self.sweeps,
            "differences": self.differences,
            "history_fallbacks": self.fallbacks,
        }


def _peer_id(peer: Any) -> int:
    return (
        getattr(peer, "channel_id", None)
        or getattr(peer, "user_id", None)
        or getattr(peer, "chat_id", 0)
    )


def _input_peer(peer: Any, chats: list[Any], users: list[Any]) -> Any:
    if isinstance(peer, types.PeerChannel):
        chat = next((c for c in chats if c.id == peer.channel_id), None)
        if chat is not None and getattr(chat, "access_hash", None) is not None:
            return types.InputPeerChannel(chat.id, chat.access_hash)
    if isinstance(peer, types.PeerUser):
        user = next((u for u in users if u.id == peer.user_id), None)
        if user is not None and getattr(user, "access_hash", None) is not None:
            return types.InputPeerUser(user.id, user.access_hash)
    if isinstance(peer, types.PeerChat):
        return types.InputPeerChat(peer.chat_id)
    return types.InputPeerEmpty()


def _log_failure(task: asyncio.Task[Any]) -> None:
    if task.cancelled() or isinstance(task.exception(), asyncio.CancelledError | ConnectionError):
        return  # stopping, or the connection went: the next catch-up covers it
    if task.exception() is not None:
        log.error("live update task failed", exc_info=task.exception())
