"""The composition root: store, pipeline, Telegram clients and the scheduler, wired once.

`tgradar run` builds it with real clients; `tgradar demo` with clients connected to the
sandbox. Everything below the clients is the same code either way.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from telethon import TelegramClient

from bot import metrics
from bot.cards import Card, render_card
from bot.config import Settings
from bot.detect import Detector
from bot.detect.gazetteer import Gazetteer
from bot.incidents import OPENED, IncidentChange
from bot.models import Incident
from bot.pipeline import IngestResult, Pipeline
from bot.store import OutboxRow, Store
from bot.telegram.commands import CommandHandler
from bot.telegram.delivery import (
    pause_subscriber,
    render_subscriber_card,
    send_digests,
    subscriber_rows,
)
from bot.telegram.poller import Poller
from bot.telegram.review import ReviewHandler
from bot.telegram.sender import DrainResult, Sender
from bot.trust import Trust, confidence

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
        user_client: TelegramClient,
        bot_client: TelegramClient,
        detector: Detector | None = None,
        sender_interval: float = 1.0,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.now = now
        self.settings = settings
        self.store = store
        self.user_client = user_client
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
        self.review_policy = ReviewPolicy(self.review_chat, settings)
        self.poller = Poller(user_client, store, self.pipeline, settings.poll)
        self.poller.on_ingest = self._after_ingest
        self.sender = Sender(
            bot_client,
            store,
            self.render,
            edit_interval=settings.delivery.edit_interval,
            on_gone=lambda chat, reason: pause_subscriber(store, chat, reason),
        )
        self.review = ReviewHandler(bot_client, store, settings, self._decided)
        self.sender_interval = sender_interval
        self.scheduler = AsyncIOScheduler(timezone=UTC)
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

    def trust(self) -> Trust:
        """Channel trust: configured weights and reviewers' decisions (read again after each)."""
        if self._trust is None:
            self._trust = Trust(
                configured=self.settings.trust.channels, records=self.store.channel_records()
            )
        return self._trust

    def _outbox_rows(self, change: IncidentChange) -> list[OutboxRow]:
        """Card rows for the review chat and for every subscriber the change concerns."""
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
                trust=self.trust(),
                gap=grouping.gap,
                max_duration=grouping.max_duration,
            )
        incident = self.store.incident(incident_id)
        if incident is None:
            return None
        return render_card(
            incident,
            language=self.settings.review.language,
            zone=self.settings.review.tz,
            reviews=self.store.reviews(incident_id),
            confidence=confidence(incident, self.trust()),
            gap=grouping.gap,
            max_duration=grouping.max_duration,
        )

    def _decided(self, incident_id: str) -> None:
        """A reviewer decided: edit the card, and tell subscribers (confirmed mode waits
        for exactly this)."""
        rows = []
        if self.review_chat is not None:
            key = f"edit:{incident_id}:{self.review_chat}"
            rows.append(OutboxRow(key, "edit", self.review_chat, incident_id=incident_id))
        self._trust = None  # the decision teaches the incident's channels
        incident = self.store.incident(incident_id)
        if incident is not None:
            rows += self._subscriber_rows(incident)
        self.store.enqueue(rows)
        self.send_soon()

    def _after_ingest(self, result: IngestResult) -> None:
        metrics.record_ingest(result)
        if result.changes:
            self.send_soon()

    async def drain(self) -> DrainResult:
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
        if self.settings.poll.live:
            self.poller.listen()
        # Subscriber buttons first: the review handler answers any button it does not know.
        self.commands.register()
        self.review.register()
        self.scheduler.start()
        await self.commands.publish_commands()

    async def stop(self, drain_for: timedelta = timedelta(seconds=10)) -> None:
        """Stop polling, then give the outbox up to `drain_for` to empty."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
            await asyncio.sleep(0)  # AsyncIOScheduler shuts down on the loop's next turn
        deadline = asyncio.get_running_loop().time() + drain_for.total_seconds()
        while self.poller.active and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.05)  # let the batch under way be stored whole
        while self.store.outbox_depth() and asyncio.get_running_loop().time() < deadline:
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
