"""Metrics: names, what the record functions count, and gauges read from the app status."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from prometheus_client import CollectorRegistry
from prometheus_client.parser import text_string_to_metric_families

from bot import metrics
from bot.incidents import OPENED, IncidentChange
from bot.models import Incident, Post
from bot.pipeline import IngestResult
from bot.telegram.sender import DrainResult

NOW = datetime(2026, 1, 12, 3, 50, tzinfo=UTC)


def sample(name: str, **labels: str) -> float:
    return metrics.REGISTRY.get_sample_value(name, labels) or 0.0


def post(channel: str, message_id: int, text: str) -> Post:
    return Post(channel, message_id, NOW - timedelta(minutes=5), text)


def incident(region: str) -> Incident:
    return Incident(
        id=f"{region}-20260112T0345", region=region, first_seen=NOW, last_seen=NOW, types=("drone",)
    )


def status(**overrides) -> dict:
    snapshot = {
        "started_at": (NOW - timedelta(hours=1)).isoformat(),
        "scheduler_running": True,
        "poller": {
            "paused_for": 0.0,
            "channels": [
                {
                    "channel": "shot_shot",
                    "last_poll_at": (NOW - timedelta(seconds=40)).isoformat(),
                    "failures": 0,
                },
                {"channel": "kyivoda", "last_poll_at": None, "failures": 2},
            ],
        },
        "sender": {"outbox_pending": 4, "chats": {}},
    }
    snapshot.update(overrides)
    return snapshot


def test_every_metric_name_has_the_tgradar_prefix():
    registry = CollectorRegistry()
    registry.register(metrics.StatusCollector(status, lambda: NOW))
    names = {family.name for family in metrics.REGISTRY.collect()}
    names |= {family.name for family in registry.collect()}
    assert names >= {
        "tgradar_posts_ingested",
        "tgradar_incidents_opened",
        "tgradar_incidents_merged",
        "tgradar_cards_sent",
        "tgradar_cards_edited",
        "tgradar_telegram_requests",
        "tgradar_flood_wait_seconds",
        "tgradar_errors",
        "tgradar_outbox_depth",
        "tgradar_poll_lag_seconds",
        "tgradar_scheduler_running",
    }
    assert all(name.startswith((metrics.PREFIX, *metrics.STANDARD_PREFIXES)) for name in names)


def test_process_platform_and_build_series_and_no_created_series():
    text = metrics.render().decode()
    families = {f.name: f for f in text_string_to_metric_families(text)}
    assert "process_cpu_seconds" in families or "process_cpu_seconds_total" in text
    assert "python_info" in families
    build = families["tgradar_build_info"].samples[0]
    assert build.name == "tgradar_build_info" and build.labels["version"]
    assert "_created" not in text


def test_ingest_counts_posts_by_channel_and_opened_incidents_by_region():
    before_posts = sample("tgradar_posts_ingested_total", channel="bryansk_gov")
    before_incidents = sample(
        "tgradar_incidents_opened_total", region="RU-BRY", channel="bryansk_gov"
    )
    before_edits = sample("tgradar_posts_edited_total", channel="bryansk_gov")
    bryansk = incident("RU-BRY")
    result = IngestResult(
        new=[
            post("bryansk_gov", 501, "Над Брянской областью сбиты 12 беспилотников."),
            post("bryansk_gov", 502, "Пострадавших нет, повреждена линия электропередачи."),
        ],
        edited=[post("bryansk_gov", 499, "Уточнение: сбито 14 БПЛА.")],
        changes=[
            IncidentChange(OPENED, bryansk, ("bryansk_gov", 501)),
            IncidentChange("updated", bryansk, ("bryansk_gov", 502)),
        ],
    )
    metrics.record_ingest(result)
    assert sample("tgradar_posts_ingested_total", channel="bryansk_gov") == before_posts + 2
    assert sample("tgradar_posts_edited_total", channel="bryansk_gov") == before_edits + 1
    assert (
        sample("tgradar_incidents_opened_total", region="RU-BRY", channel="bryansk_gov")
        == before_incidents + 1
    )


def test_drain_counts_cards_sent_and_edited():
    sent, edited = sample("tgradar_cards_sent_total"), sample("tgradar_cards_edited_total")
    metrics.record_drain(DrainResult(sent=2, edited=5, skipped=1))
    assert sample("tgradar_cards_sent_total") == sent + 2
    assert sample("tgradar_cards_edited_total") == edited + 5


def test_requests_flood_waits_and_errors_are_counted_by_label():
    requests = sample("tgradar_telegram_requests_total", account="user", method="GetHistory")
    flood = sample("tgradar_flood_wait_seconds_total", account="bot")
    errors = sample("tgradar_errors_total", kind="rpc:CHANNEL_PRIVATE")
    metrics.record_request("user", "GetHistory")
    metrics.record_request("user", "GetHistory")
    metrics.record_flood_wait("bot", 17)
    metrics.record_error("rpc:CHANNEL_PRIVATE")
    assert (
        sample("tgradar_telegram_requests_total", account="user", method="GetHistory")
        == requests + 2
    )
    assert sample("tgradar_flood_wait_seconds_total", account="bot") == flood + 17
    assert sample("tgradar_errors_total", kind="rpc:CHANNEL_PRIVATE") == errors + 1


def test_status_gauges_describe_the_snapshot():
    registry = CollectorRegistry()
    registry.register(metrics.StatusCollector(status, lambda: NOW))
    assert registry.get_sample_value("tgradar_outbox_depth") == 4
    assert registry.get_sample_value("tgradar_scheduler_running") == 1
    assert registry.get_sample_value("tgradar_poll_lag_seconds", {"channel": "shot_shot"}) == 40
    # never polled: lag counts from the start
    assert registry.get_sample_value("tgradar_poll_lag_seconds", {"channel": "kyivoda"}) == 3600
    assert registry.get_sample_value("tgradar_channel_failures", {"channel": "kyivoda"}) == 2


def test_status_gauges_follow_the_app_between_scrapes():
    snapshots = [status(), status(scheduler_running=False, sender={"outbox_pending": 0})]
    registry = CollectorRegistry()
    registry.register(metrics.StatusCollector(lambda: snapshots[0], lambda: NOW))
    assert registry.get_sample_value("tgradar_scheduler_running") == 1
    snapshots.pop(0)
    assert registry.get_sample_value("tgradar_scheduler_running") == 0
    assert registry.get_sample_value("tgradar_outbox_depth") == 0


def test_a_failing_status_counts_an_error_instead_of_breaking_the_scrape():
    def broken() -> dict:
        raise RuntimeError("database is locked")

    before = sample("tgradar_errors_total", kind="status")
    registry = CollectorRegistry()
    registry.register(metrics.StatusCollector(broken, lambda: NOW))
    assert metrics.render(registry) == b""
    assert sample("tgradar_errors_total", kind="status") == before + 1


def test_error_log_records_are_counted_by_logger():
    import logging

    counter = metrics.ErrorLogCounter()
    logger = logging.getLogger("tgradar.test_metrics")
    logger.addHandler(counter)
    try:
        before = sample("tgradar_errors_total", kind="log:tgradar.test_metrics")
        logger.warning("not an error")
        logger.error("send failed")
        assert sample("tgradar_errors_total", kind="log:tgradar.test_metrics") == before + 1
    finally:
        logger.removeHandler(counter)


def test_render_is_prometheus_text_format():
    metrics.record_request("bot", "SendMessage")
    text = metrics.render().decode()
    families = {f.name: f for f in text_string_to_metric_families(text)}
    assert families["tgradar_telegram_requests"].type == "counter"
    assert any(
        s.labels == {"account": "bot", "method": "SendMessage"}
        for s in families["tgradar_telegram_requests"].samples
    )
