"""The composition root: store, pipeline, Telegram clients and the scheduler, wired once.

`tgradar run` builds it with real clients; `tgradar demo` with clients connected to the
sandbox. Everything below the clients is the same code either way.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from apscheduler.events import EVENT_JOB_MAX_INSTANCES
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from telethon import TelegramClient, events
from telethon.tl import types

from bot import metrics
from bot.cards import Card, message_link, render_card, render_merged_card
from bot.config import DEFAULT_ACCOUNT, Settings
from bot.detect import Detector
from bot.detect.gazetteer import Gazetteer
from bot.incidents import MERGED, OPENED, IncidentChange
from bot.logs import StopAwareExecutor, quiet_skipped_runs
from bot.models import Incident
from bot.pipeline import IngestResult, Pipeline
from bot.store import OutboxRow, Store
from bot.telegram.commands import CommandHandler
from bot.telegram.delivery import (
    edit_key,
    merged_rows,
    pause_subscriber,
    render_subscriber_card,
    send_digests,
    subscriber_rows,
)
from bot.telegram.poller import Poller
from bot.telegram.pool import AccountPool
from bot.telegram.review import ReviewHandler
from bot.telegram.sender import DrainResult, Sender, review_edit_row
from bot.trust import Confidence, Trust, confidence

log = logging.getLogger(__name__)

SENDER_JOB = "sender"
DIGEST_JOB = "digest"


@dataclass(frozen=True)
class ReviewPolicy:
    """Which incident changes become card messages in the review chat."""

    chat: str | None
    settings: Settings

    def __call__(self, change: IncidentChange) -> Sequence[OutboxRow]:
        incident = change.incident
        if self.chat is None or not self.settings.regions.covers(incident.region):
            return ()
        if change.kind == OPENED:
            return (
                OutboxRow(
                    f"card:{incident.id}:{self.chat}", "send", self.chat, incident_id=incident.id
                ),
            )
        return (
            OutboxRow(
                f"edit:{incident.id}:{self.chat}", "edit", self.chat, incident_id=incident.id
            ),
        )


class App:
    def __init__(
        self,
        settings: Settings,
        store: Store,
        user_client: TelegramClient | Mapping[str, TelegramClient],
        bot_client: TelegramClient,
        detector: Detector | None = None,
        sender_interval: float = 1.0,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.now = now
        self.settings = settings
        self.store = store
        # one watching account, or a pool of them by name
        self.user_clients = (
            dict(user_client)
            if isinstance(user_client, Mapping)
            else {DEFAULT_ACCOUNT: user_client}
        )
        self.user_client = next(iter(self.user_clients.values()))
        self.bot_client = bot_client
        chat = settings.review.chat
        self.review_chat = str(chat) if chat is not None else None
        self.pipeline = Pipeline(
            store,
            detector or Detector(home_regions=dict(settings.channels.home_regions)),
            gap=settings.incidents.gap,
            max_duration=settings.incidents.max_duration,
            edit_window=settings.poll.edit_window,
            outbox_policy=self._outbox_rows,
        )
        self._trust: Trust | None = None
        self._trust_until: dict[datetime, Trust] = {}  # closed incidents' trust, by closing
        self.review_policy = ReviewPolicy(self.review_chat, settings)
        pollers = []
        for name, client in self.user_clients.items():
            poller = Poller(client, store, self.pipeline, settings.poll, account=name)
            poller.on_ingest = self._after_ingest
            pollers.append(poller)
        self.poller = AccountPool(pollers, store, settings.accounts, live=settings.poll.live)
        self.sender = Sender(
            bot_client,
            store,
            self.render,
            edit_interval=settings.delivery.edit_interval,
            on_gone=lambda chat, reason: pause_subscriber(store, chat, reason),
            edit_row=self._edit_row,
        )
        self.review = ReviewHandler(
            bot_client, store, settings, lambda _: self.send_soon(), outbox_rows=self._decided
        )
        self.sender_interval = sender_interval
        self.scheduler = AsyncIOScheduler(timezone=UTC, executors={"default": StopAwareExecutor()})
        self.scheduler.add_listener(
            lambda event: metrics.record_job_skipped(event.job_id), EVENT_JOB_MAX_INSTANCES
        )
        quiet_skipped_runs()
        self.commands = CommandHandler(
            bot_client,
            store,
            settings,
            Gazetteer.default(),
            self.poller,
            self.send_soon,
            scheduler=self.scheduler,
            now=now,
        )
        self.started_at: datetime | None = None
        self.last_drain: DrainResult | None = None
        self._draining = False
        self._drain_again = False
        self._drain_lock = asyncio.Lock()
        self._chat_handler = False

    def trust(self) -> Trust:
        """Channel trust: configured weights and reviewers' decisions (read again after each)."""
        if self._trust is None:
            self._trust = Trust(
                configured=self.settings.trust.channels, records=self.store.channel_records()
            )
        return self._trust

    def trust_for(self, incident: Incident) -> Trust:
        """The trust a card of `incident` shows: an open incident's follows every decision
        (each one edits the open cards it changes); a closed one's counts the decisions
        taken until it closed, so later decisions on other incidents leave its card as it
        was last edited, and every rendering of it is the same."""
        if incident.closed_at is None:
            return self.trust()
        until = incident.closed_at
        trust = self._trust_until.get(until)
        if trust is None:
            if len(self._trust_until) >= 256:
                self._trust_until.clear()
            trust = self._trust_until[until] = Trust(
                configured=self.settings.trust.channels,
                records=self.store.channel_records(as_of=until),
            )
        return trust

    def confidence_of(self, incident: Incident) -> Confidence:
        return confidence(incident, self.trust_for(incident))

    def _outbox_rows(self, change: IncidentChange) -> list[OutboxRow]:
        """Card rows for the review chat and for every subscriber the change concerns.

        An absorbed incident's cards are edited once to say where it went, where it has
        cards (one never announced needs none); the survivor's rows are the usual ones."""
        if change.kind == MERGED:
            rows = merged_rows(self.store, change.incident.id)
            if self.review_chat is not None and self.store.announced(
                change.incident.id, self.review_chat
            ):
                rows.insert(0, review_edit_row(change.incident.id, self.review_chat))
            return rows
        return [
            *self.review_policy(change),
            *self._subscriber_rows(change),
        ]

    def _subscriber_rows(self, change: IncidentChange | Incident) -> list[OutboxRow]:
        return subscriber_rows(
            self.store, change, self.now(), self.trust(), self.settings.trust.fast_threshold
        )

    def render(self, incident_id: str, chat: str) -> Card | None:
        grouping = self.settings.incidents
        if chat != self.review_chat:
            return render_subscriber_card(
                self.store,
                incident_id,
                chat,
                confidence_of=self.confidence_of,
                gap=grouping.gap,
                max_duration=grouping.max_duration,
            )
        incident = self.store.incident(incident_id)
        if incident is None:
            return None
        survivor = self.store.merged_into(incident_id)
        if survivor is not None:
            card = self.store.card(survivor, chat)
            return render_merged_card(
                incident,
                survivor,
                link=message_link(chat, card["message_id"] if card else None),
                language=self.settings.review.language,
            )
        return render_card(
            incident,
            language=self.settings.review.language,
            zone=self.settings.review.tz,
            reviews=self.store.reviews(incident_id),
            confidence=self.confidence_of(incident),
            gap=grouping.gap,
            max_duration=grouping.max_duration,
            secret=self.review.secret,
        )

    def _edit_row(self, incident_id: str, chat: str) -> OutboxRow:
        """The edit row of `chat`'s card of an incident, keyed as the policies key it."""
        if chat != self.review_chat:
            subscriber = self.store.subscriber_by_chat(chat)
            if subscriber is not None:
                key = edit_key(incident_id, int(subscriber["user_id"]))
                return OutboxRow(key, "edit", chat, incident_id=incident_id)
        return review_edit_row(incident_id, chat)

    def _decided(self, incident_id: str) -> list[OutboxRow]:
        """A reviewer decided (the decision is stored, not yet committed): the card's edit,
        and subscribers' rows (confirmed mode waits for exactly this). Stored in the
        decision's own transaction, so a crash cannot keep one without the other."""
        rows = []
        if self.review_chat is not None:
            rows.append(review_edit_row(incident_id, self.review_chat))
        self._trust = None  # the decision teaches the incident's channels
        self._trust_until.clear()
        incident = self.store.incident(incident_id)
        if incident is not None:
            rows += self._subscriber_rows(incident)
        # The open incidents of those channels show their trust: their cards change too
        # (the sender skips an edit whose card did not change).
        for other_id in self.store.open_incidents_sharing_channels(incident_id):
            other = self.store.incident(other_id)
            if other is None:
                continue
            if self.review_chat is not None and self.store.announced(other_id, self.review_chat):
                rows.append(review_edit_row(other_id, self.review_chat))
            rows += self._subscriber_rows(other)
        return rows

    def register_handlers(self) -> None:
        """The bot's event handlers (once): commands, review buttons, chat changes."""
        # Subscriber buttons first: the review handler answers any button it does not know.
        self.commands.register()
        self.review.register()
        if not self._chat_handler:
            self._chat_handler = True
            self.bot_client.add_event_handler(
                self._chat_changed, events.Raw(types.UpdateChannel)
            )

    async def _chat_changed(self, update: types.UpdateChannel) -> None:
        """The bot's place in a chat changed (added back to the review chat, say): rows
        waiting for an unwritable chat go now instead of after their backoff."""
        if self.sender.wake():
            self.send_soon()

    def _after_ingest(self, result: IngestResult) -> None:
        metrics.record_ingest(result)
        if result.changes:
            self.send_soon()

    async def drain(self) -> DrainResult:
        async with self._drain_lock:  # one drain at a time: the scheduler's or stop()'s
            self._draining = True
            try:
                while True:
                    self._drain_again = False
                    result = await self.sender.drain()
                    metrics.record_drain(result)
                    self.last_drain = result
                    if not self._drain_again:
                        return result
            finally:
                self._draining = False

    async def digest(self) -> None:
        await send_digests(
            self.bot_client,
            self.store,
            Gazetteer.default(),
            self.now(),
            review_chat=self.review_chat,
            review_lang=self.settings.review.language,
            review_zone=self.settings.review.tz,
        )

    def send_soon(self) -> None:
        if self._draining:
            self._drain_again = True  # the drain under way goes round once more
        elif self.scheduler.running and self.scheduler.get_job(SENDER_JOB):
            self.scheduler.modify_job(SENDER_JOB, next_run_time=datetime.now(UTC))

    def watched_channels(self) -> list[str]:
        return self.store.watched_channels(self.settings.channels.watch)

    async def start(self) -> None:
        self.started_at = datetime.now(UTC)
        await self.poller.learn_limits()  # Premium accounts join more channels
        for username in self.store.follow_config(self.settings.channels.watch):
            log.info("@%s is no longer in the config file: not watched, and left", username)
        self.poller.start(self.scheduler)  # joining and catch-up jobs, pushes (live mode)
        for username in self.watched_channels():
            self.poller.schedule(self.scheduler, username)
        self.scheduler.add_job(
            self.drain,
            IntervalTrigger(seconds=self.sender_interval),
            id=SENDER_JOB,
            name="outbox sender",
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,
            next_run_time=datetime.now(UTC),
        )
        if self.settings.digest.enabled:
            self.scheduler.add_job(
                self.digest,
                CronTrigger(
                    hour=self.settings.digest.hour, minute=0, timezone=self.settings.review.tz
                ),
                id=DIGEST_JOB,
                name="daily digest",
                coalesce=True,
                max_instances=1,
                misfire_grace_time=3600,
            )
        self.register_handlers()
        self.scheduler.start()
        await self.commands.publish_commands()

    async def stop(self, drain_for: timedelta = timedelta(seconds=10)) -> None:
        """Stop polling, let a send under way finish, then give the outbox up to
        `drain_for` to empty."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + drain_for.total_seconds()
        if self.scheduler.running:
            self.scheduler.pause()  # no new job starts; the ones under way go on
            # Shutting down cancels the jobs under way: wait for them first, so that a
            # send in flight is recorded and a batch is stored whole.
            while (self.poller.active or self._draining) and loop.time() < deadline:
                await asyncio.sleep(0.05)
            self.scheduler.shutdown(wait=False)
            await asyncio.sleep(0)  # AsyncIOScheduler shuts down on the loop's next turn
        await self.poller.stop()  # live updates' catch-up tasks
        while self.store.outbox_depth() and loop.time() < deadline:
            result = await self.drain()
            if not (result.sent or result.edited or result.skipped):
                await asyncio.sleep(0.2)

    def status(self) -> dict:
        return {
            "started_at": self.started_at.isoformat() if self.started_at else None,
            "scheduler_running": self.scheduler.running,
            "poller": self.poller.status(),
            "sender": self.sender.status(),
        }
