"""Prometheus metrics of the daemon: the metric objects and small functions to record events.

Counters are bumped where things happen (`record_*`). Gauges that describe the current
state (outbox depth, poll lag per channel, scheduler running) are read from the app's
status snapshot when /metrics is scraped (`StatusCollector`), so they can never go stale.
Every name of ours starts with ``tgradar_``; counters get prometheus-client's ``_total``
suffix and no ``_created`` series (they double the output and no dashboard reads them). The
registry also holds prometheus-client's standard process (``process_*``: CPU, memory, open
files) and platform (``python_info``) collectors, and ``tgradar_build_info`` (version).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Info,
    PlatformCollector,
    ProcessCollector,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from bot.models import parse_iso_or_none

PREFIX = "tgradar_"
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

STANDARD_PREFIXES = ("process_", "python_")  # the library's process and platform collectors

disable_created_metrics()
REGISTRY = CollectorRegistry(auto_describe=True)
ProcessCollector(registry=REGISTRY)
PlatformCollector(registry=REGISTRY)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tgradar")
    except PackageNotFoundError:
        return "unknown"


BUILD = Info("tgradar_build", "The running tgradar: version", registry=REGISTRY)
BUILD.info({"version": _version()})

POSTS_INGESTED = Counter(
    "tgradar_posts_ingested",
    "New posts stored, by channel",
    ["channel"],
    registry=REGISTRY,
)
POSTS_EDITED = Counter(
    "tgradar_posts_edited",
    "Edits of stored posts taken in, by channel",
    ["channel"],
    registry=REGISTRY,
)
INCIDENTS_OPENED = Counter(
    "tgradar_incidents_opened",
    "Incidents opened, by region and by the channel whose post opened it",
    ["region", "channel"],
    registry=REGISTRY,
)
INCIDENTS_MERGED = Counter(
    "tgradar_incidents_merged",
    "Incidents absorbed by an earlier one of their region (a late report bridged the waves)",
    ["region"],
    registry=REGISTRY,
)
CARDS_SENT = Counter("tgradar_cards_sent", "Incident cards sent to chats", registry=REGISTRY)
CARDS_EDITED = Counter("tgradar_cards_edited", "Incident card edits made", registry=REGISTRY)
REQUESTS = Counter(
    "tgradar_telegram_requests",
    "Telegram API requests, by account (user or bot) and method",
    ["account", "method"],
    registry=REGISTRY,
)
FLOOD_WAIT_SECONDS = Counter(
    "tgradar_flood_wait_seconds",
    "Seconds Telegram asked the account to wait (FLOOD_WAIT), by account",
    ["account"],
    registry=REGISTRY,
)
ERRORS = Counter(
    "tgradar_errors",
    "Errors, by kind (rpc:<TELEGRAM_ERROR>, connection, timeout, log:<logger>, ...)",
    ["kind"],
    registry=REGISTRY,
)

JOB_RUNS_SKIPPED = Counter(
    "tgradar_job_runs_skipped",
    "Scheduled runs skipped because the job's previous run was still going (a long poll, "
    "join or catch-up), by job kind (poll, join, catch-up, sender, ...)",
    ["job"],
    registry=REGISTRY,
)


def record_ingest(result: Any) -> None:
    """Count a pipeline batch: an `IngestResult` (new/edited posts and incident changes)."""
    from bot.incidents import MERGED, OPENED

    for post in result.new:
        POSTS_INGESTED.labels(channel=post.channel).inc()
    for post in result.edited:
        POSTS_EDITED.labels(channel=post.channel).inc()
    for change in result.changes:
        if change.kind == OPENED:
            INCIDENTS_OPENED.labels(region=change.incident.region, channel=change.post[0]).inc()
        elif change.kind == MERGED:
            INCIDENTS_MERGED.labels(region=change.incident.region).inc()


def record_drain(result: Any) -> None:
    """Count what one run of the sender did: a `DrainResult` (sent, edited)."""
    if result.sent:
        CARDS_SENT.inc(result.sent)
    if result.edited:
        CARDS_EDITED.inc(result.edited)


def record_request(account: str, method: str) -> None:
    REQUESTS.labels(account=account, method=method).inc()


def record_flood_wait(account: str, seconds: float) -> None:
    FLOOD_WAIT_SECONDS.labels(account=account).inc(max(0.0, seconds))


def record_error(kind: str) -> None:
    ERRORS.labels(kind=kind).inc()


def record_job_skipped(job_id: str) -> None:
    """A run of the job `job_id` ("poll:<channel>", "join:<account>", ...) was skipped; counted
    by the kind before the colon, so 500 channels make one series, not 500."""
    JOB_RUNS_SKIPPED.labels(job=job_id.split(":", 1)[0]).inc()


class ErrorLogCounter(logging.Handler):
    """Counts ERROR (and worse) log records as errors of kind ``log:<logger name>``.

    Errors that are logged and handled deep inside the poller or the sender are counted
    without those modules knowing about metrics.
    """

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)

    def emit(self, record: logging.LogRecord) -> None:
        record_error(f"log:{record.name}")


def status_metrics(snapshot: dict[str, Any], now: datetime) -> list[Metric]:
    """Gauges describing the app's status snapshot (App.status()) at `now`."""
    running = GaugeMetricFamily(
        "tgradar_scheduler_running", "1 while the poll and send scheduler runs"
    )
    running.add_metric([], 1.0 if snapshot.get("scheduler_running") else 0.0)

    depth = GaugeMetricFamily("tgradar_outbox_depth", "Messages waiting in the outbox")
    depth.add_metric([], float(snapshot.get("sender", {}).get("outbox_pending") or 0))

    poller = snapshot.get("poller", {})
    lag = GaugeMetricFamily(
        "tgradar_poll_lag_seconds",
        "Seconds since the channel was last polled successfully (since start if never)",
        labels=["channel"],
    )
    failures = GaugeMetricFamily(
        "tgradar_channel_failures", "Consecutive failed polls of the channel", labels=["channel"]
    )
    started = parse_iso_or_none(snapshot.get("started_at"))
    for channel in poller.get("channels", []):
        name = str(channel.get("channel"))
        since = parse_iso_or_none(channel.get("last_poll_at")) or started
        if since is not None:
            lag.add_metric([name], max(0.0, (now - since).total_seconds()))
        failures.add_metric([name], float(channel.get("failures") or 0))

    paused = GaugeMetricFamily(
        "tgradar_poll_paused_seconds", "Seconds the user account's polls stay paused (flood wait)"
    )
    paused.add_metric([], float(poller.get("paused_for") or 0.0))
    return [running, depth, lag, failures, paused, *account_metrics(poller.get("accounts", []))]


def account_metrics(accounts: list[dict[str, Any]]) -> list[Metric]:
    """Per watching account of the pool: channels (joined, polled), budget and waits."""
    channels = GaugeMetricFamily(
        "tgradar_account_channels",
        "Channels an account watches, by how: joined (pushes) or polled",
        labels=["account", "mode"],
    )
    budget = GaugeMetricFamily(
        "tgradar_account_budget_requests_per_minute",
        "Requests a minute the account may make (poll.requests_per_minute)",
        labels=["account"],
    )
    used = GaugeMetricFamily(
        "tgradar_account_budget_requests",
        "Requests the account's budget has granted since the start",
        labels=["account"],
    )
    waits = GaugeMetricFamily(
        "tgradar_account_flood_waits", "FloodWaits the account received", labels=["account"]
    )
    paused = GaugeMetricFamily(
        "tgradar_account_paused_seconds",
        "Seconds the account's requests stay paused (flood wait)",
        labels=["account"],
    )
    up = GaugeMetricFamily(
        "tgradar_account_up", "1 while the account is in the pool, 0 once lost", labels=["account"]
    )
    limit = GaugeMetricFamily(
        "tgradar_account_join_limit",
        "Channels the account may join (Telegram's limit for it, or accounts.join_limit)",
        labels=["account"],
    )
    spare = GaugeMetricFamily(
        "tgradar_account_poll_interval_seconds",
        "Interval at which the account's polled channels share its spare budget (live mode)",
        labels=["account"],
    )
    for account in accounts:
        name = str(account.get("account"))
        channels.add_metric([name, "joined"], float(account.get("joined") or 0))
        channels.add_metric([name, "polled"], float(account.get("polled") or 0))
        budget.add_metric([name], float(account.get("requests_per_minute") or 0))
        used.add_metric([name], float(account.get("requests") or 0))
        waits.add_metric([name], float(account.get("flood_waits") or 0))
        paused.add_metric([name], float(account.get("paused_for") or 0))
        up.add_metric([name], 1.0 if account.get("state") == "up" else 0.0)
        if account.get("join_limit") is not None:
            limit.add_metric([name], float(account["join_limit"]))
        if account.get("poll_interval") is not None:
            spare.add_metric([name], float(account["poll_interval"]))
    return [channels, budget, used, waits, paused, up, limit, spare]


class StatusCollector(Collector):
    """Collects `status_metrics` from a status callable at scrape time."""

    def __init__(
        self,
        app_status: Callable[[], dict[str, Any]],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.app_status = app_status
        self.clock = clock

    def collect(self) -> Iterator[Metric]:
        try:
            snapshot = self.app_status()
        except Exception:
            logging.getLogger(__name__).exception("reading the app status for /metrics failed")
            record_error("status")
            return iter(())
        return iter(status_metrics(snapshot, self.clock()))

    def describe(self) -> Iterable[Metric]:
        return ()  # unchecked collector: its series come and go with the channels


def render(registry: CollectorRegistry = REGISTRY) -> bytes:
    """The registry in Prometheus text format."""
    return generate_latest(registry)
