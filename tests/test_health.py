"""Health: the conditions (a pure function), the HTTP server and the HEALTHCHECK probe."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot import metrics
from bot.config import PollSettings, Settings
from bot.health import (
    HealthServer,
    HealthSettings,
    OutboxWatch,
    health_problems,
    main,
    probe_database,
)
from bot.store import OutboxRow, Store

NOW = datetime(2026, 1, 12, 4, 0, tzinfo=UTC)
LIMITS = HealthSettings(stale_poll=timedelta(minutes=30), outbox_stuck=timedelta(minutes=10))


def ago(**delta: float) -> str:
    return (NOW - timedelta(**delta)).isoformat()


def snapshot(**overrides) -> dict:
    value = {
        "started_at": ago(hours=2),
        "scheduler_running": True,
        "poller": {
            "paused_for": 0.0,
            "channels": [
                {"channel": "shot_shot", "last_poll_at": ago(minutes=1), "last_error": None},
                {
                    "channel": "kharkivoda",
                    "last_poll_at": ago(hours=1),
                    "last_error": "CHANNEL_PRIVATE",
                },
            ],
        },
        "sender": {"outbox_pending": 0, "chats": {}},
        "outbox_stalled_since": None,
    }
    value.update(overrides)
    return value


def channels(*last_polls: str | None, error: str | None = None) -> dict:
    return {
        "paused_for": 0.0,
        "channels": [
            {"channel": f"ch{i}", "last_poll_at": t, "last_error": error}
            for i, t in enumerate(last_polls)
        ],
    }


def test_a_working_daemon_is_healthy():
    assert health_problems(snapshot(), NOW, LIMITS) == []


def test_a_dead_scheduler_is_a_problem():
    problems = health_problems(snapshot(scheduler_running=False), NOW, LIMITS)
    assert problems == ["the scheduler is not running"]


def test_no_recent_successful_poll_is_a_problem():
    stale = snapshot(poller=channels(ago(minutes=31), ago(hours=3)))
    problems = health_problems(stale, NOW, LIMITS)
    assert len(problems) == 1
    assert "no channel was polled successfully for 31m" in problems[0]


def test_one_recent_poll_is_enough():
    # A single broken channel is a metric, not a reason to call the daemon dead.
    fine = snapshot(poller=channels(ago(minutes=29), ago(days=2)))
    assert health_problems(fine, NOW, LIMITS) == []


def test_a_flood_wait_pause_is_not_a_stale_poller():
    paused = channels(ago(hours=2))
    paused["paused_for"] = 1800.0
    assert health_problems(snapshot(poller=paused), NOW, LIMITS) == []


def test_never_polled_is_fine_during_startup_then_a_problem():
    never = channels(None, None, error="ChannelPrivateError")
    assert health_problems(snapshot(poller=never, started_at=ago(minutes=5)), NOW, LIMITS) == []
    problems = health_problems(snapshot(poller=never, started_at=ago(minutes=45)), NOW, LIMITS)
    assert problems and "since the start" in problems[0]
    assert "ChannelPrivateError" in problems[0]


def test_no_channels_means_nothing_to_poll():
    empty = snapshot(poller={"paused_for": 0.0, "channels": []}, started_at=ago(days=1))
    assert health_problems(empty, NOW, LIMITS) == []


def test_an_outbox_without_progress_is_stuck():
    stuck = snapshot(
        sender={
            "outbox_pending": 3,
            "chats": {"tgradar_review": {"error": "CHAT_WRITE_FORBIDDEN"}},
        },
        outbox_stalled_since=ago(minutes=12),
    )
    problems = health_problems(stuck, NOW, LIMITS)
    assert len(problems) == 1
    assert "outbox is stuck: 3 message(s) pending, none sent for 12m" in problems[0]
    assert "CHAT_WRITE_FORBIDDEN" in problems[0]


def test_a_busy_outbox_is_not_stuck():
    busy = snapshot(sender={"outbox_pending": 30, "chats": {}}, outbox_stalled_since=ago(minutes=2))
    assert health_problems(busy, NOW, LIMITS) == []


def test_several_problems_are_all_reported():
    bad = snapshot(
        scheduler_running=False,
        poller=channels(ago(hours=1)),
        sender={"outbox_pending": 1, "chats": {}},
        outbox_stalled_since=ago(hours=1),
    )
    assert len(health_problems(bad, NOW, LIMITS)) == 3


def test_thresholds_follow_the_poll_settings():
    settings = Settings(poll=PollSettings(max_interval=timedelta(minutes=20)))
    assert HealthSettings.from_settings(settings).stale_poll == timedelta(minutes=60)
    quick = Settings(
        poll=PollSettings(min_interval=timedelta(seconds=1), max_interval=timedelta(seconds=2))
    )
    assert HealthSettings.from_settings(quick).stale_poll == timedelta(minutes=5)
    stale = snapshot(poller=channels(ago(minutes=45)))
    assert health_problems(stale, NOW, settings) == []
    assert health_problems(stale, NOW, Settings()) != []


def test_outbox_watch_tracks_progress():
    watch = OutboxWatch()
    t0 = NOW
    assert watch.observe(0, t0) is None
    assert watch.observe(5, t0) == t0
    assert watch.observe(7, t0 + timedelta(minutes=1)) == t0  # growing is not progress
    assert watch.observe(4, t0 + timedelta(minutes=2)) == t0 + timedelta(minutes=2)
    assert watch.observe(0, t0 + timedelta(minutes=3)) is None


# ---------------------------------------------------------------- the HTTP server


async def http_get(port: int, path: str, method: str = "GET") -> tuple[int, str]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"{method} {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
    await writer.drain()
    data = await reader.read()
    writer.close()
    head, _, body = data.decode().partition("\r\n\r\n")
    return int(head.split()[1]), body


@pytest.fixture
async def served():
    state = {"snapshot": snapshot()}
    clock = {"now": NOW}
    server = HealthServer(
        lambda: state["snapshot"], LIMITS, port=0, host="127.0.0.1", clock=lambda: clock["now"]
    )
    await server.start()
    yield server, state, clock
    await server.stop()


async def test_healthz_answers_200_when_healthy_and_503_with_the_problems(served):
    server, state, _ = served
    assert await http_get(server.port, "/healthz") == (200, "ok\n")
    state["snapshot"] = snapshot(scheduler_running=False)
    status, body = await http_get(server.port, "/healthz")
    assert status == 503
    assert body == "the scheduler is not running\n"


async def test_healthz_notices_an_outbox_that_stops_moving(served):
    server, state, clock = served
    state["snapshot"] = snapshot(sender={"outbox_pending": 2, "chats": {}})
    assert (await http_get(server.port, "/healthz"))[0] == 200
    clock["now"] = NOW + timedelta(minutes=11)
    state["snapshot"] = snapshot(
        sender={"outbox_pending": 2, "chats": {}},
        started_at=ago(hours=1),
        poller=channels((NOW + timedelta(minutes=10)).isoformat()),
    )
    status, body = await http_get(server.port, "/healthz")
    assert status == 503 and "outbox is stuck" in body


async def test_metrics_serves_counters_and_status_gauges(served):
    server, _, _ = served
    metrics.record_request("user", "GetHistory")
    status, body = await http_get(server.port, "/metrics")
    assert status == 200
    assert 'tgradar_telegram_requests_total{account="user",method="GetHistory"}' in body
    assert 'tgradar_poll_lag_seconds{channel="shot_shot"} 60.0' in body
    assert "tgradar_outbox_depth 0.0" in body


async def test_unknown_paths_methods_and_garbage_get_clear_answers(served):
    server, _, _ = served
    assert (await http_get(server.port, "/"))[0] == 404
    assert (await http_get(server.port, "/healthz", method="POST"))[0] == 405
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    writer.write(b"\x16\x03\x01 nonsense\r\n\r\n")
    await writer.drain()
    assert (await reader.read()).startswith(b"HTTP/1.1 400")
    writer.close()
    assert (await http_get(server.port, "/healthz"))[0] == 200  # still serving


async def test_a_status_that_raises_is_unhealthy_not_a_crash():
    def broken() -> dict:
        raise RuntimeError("database is locked")

    server = HealthServer(broken, LIMITS, port=0, host="127.0.0.1", clock=lambda: NOW)
    await server.start()
    try:
        status, body = await http_get(server.port, "/healthz")
    finally:
        await server.stop()
    assert status == 503 and "cannot be read: RuntimeError" in body


async def test_a_busy_port_is_a_clear_error(served):
    server, _, _ = served
    other = HealthServer(snapshot, LIMITS, port=server.port, host="127.0.0.1")
    with pytest.raises(
        OSError, match=f"cannot serve health and metrics on 127.0.0.1:{server.port}"
    ):
        await other.start()


# ---------------------------------------------------------------- the probe


async def test_probe_exits_0_when_healthy_and_1_otherwise(served, capsys):
    server, state, _ = served
    loop = asyncio.get_running_loop()
    assert await loop.run_in_executor(None, main, ["--port", str(server.port)]) == 0
    state["snapshot"] = snapshot(scheduler_running=False)
    assert await loop.run_in_executor(None, main, ["--port", str(server.port)]) == 1
    assert "unhealthy: the scheduler is not running" in capsys.readouterr().err


async def test_probe_fails_when_nothing_listens(served, capsys):
    server, _, _ = served
    port = server.port
    await server.stop()
    loop = asyncio.get_running_loop()
    assert await loop.run_in_executor(None, main, ["--port", str(port), "--timeout", "2"]) == 1
    assert "cannot reach" in capsys.readouterr().err


def test_probe_reads_the_port_from_the_environment(monkeypatch, capsys):
    monkeypatch.setenv("TGRADAR_HEALTH_PORT", "not-a-port")
    assert main([]) == 1
    assert "is not a port number" in capsys.readouterr().err


def test_probe_judges_a_database_file(tmp_path):
    path = tmp_path / "tgradar.db"
    store = Store(path)
    store.ensure_channel("shot_shot", last_poll_at=datetime.now(UTC).isoformat())
    store.close()
    limits = HealthSettings(stale_poll=timedelta(seconds=20))
    assert probe_database(path, limits, datetime.now(UTC)) == []
    later = datetime.now(UTC) + timedelta(minutes=1)
    assert "no channel was polled successfully" in probe_database(path, limits, later)[0]
    assert main(["--db", str(path), "--stale-after", "20"]) == 0


def test_probe_on_a_database_sees_an_old_pending_outbox_row(tmp_path):
    path = tmp_path / "tgradar.db"
    store = Store(path)
    store.ensure_channel("shot_shot", last_poll_at=datetime.now(UTC).isoformat())
    store.enqueue(
        [
            OutboxRow(
                "text:subscriber:1",
                "send",
                "7000001",
                payload={"text": "Белгород: тревога снята"},
                kind="text",
            )
        ]
    )
    store.close()
    later = datetime.now(UTC) + timedelta(minutes=11)
    limits = HealthSettings(stale_poll=timedelta(hours=1))
    assert any("outbox is stuck" in p for p in probe_database(path, limits, later))


def test_probe_on_a_missing_database_is_unhealthy(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "nope.db")]) == 1
    assert "no database file" in capsys.readouterr().err


def test_a_port_set_in_the_config_file_wins_over_the_environment(caplog):
    from bot.config import HealthConfig
    from bot.runner import health_host, health_port

    env = {"TGRADAR_HEALTH_PORT": "9500", "TGRADAR_HEALTH_HOST": "0.0.0.0"}
    assert health_port(HealthConfig(), env) == 9500  # not in the file: the variable
    assert health_host(HealthConfig(), env) == "0.0.0.0"
    assert (
        health_port(HealthConfig(), {}) == 9464 and health_host(HealthConfig(), {}) == "127.0.0.1"
    )
    off = HealthConfig(port=0, port_set=True)
    with caplog.at_level("WARNING"):
        assert health_port(off, env) == 0  # an explicit 0 keeps the endpoint off
    assert "TGRADAR_HEALTH_PORT=9500" in caplog.text and "stays off" in caplog.text
    assert health_host(HealthConfig(host="10.1.2.3", host_set=True), env) == "10.1.2.3"


async def test_the_server_listens_on_this_machine_only_by_default(monkeypatch):
    monkeypatch.delenv("TGRADAR_HEALTH_HOST", raising=False)
    server = HealthServer(lambda: snapshot(), LIMITS, port=0)
    await server.start()
    try:
        assert server.host == "127.0.0.1"
        assert server._server.sockets[0].getsockname()[0] == "127.0.0.1"
    finally:
        await server.stop()


def test_the_probe_reads_the_port_from_the_config_file(tmp_path, monkeypatch, capsys):
    from bot.health import main

    config = tmp_path / "tgradar.toml"
    config.write_text("[health]\nport = 0\n", encoding="utf-8")
    monkeypatch.setenv("TGRADAR_CONFIG", str(config))
    monkeypatch.setenv("TGRADAR_HEALTH_PORT", "9464")
    assert main([]) == 1
    assert "turned off" in capsys.readouterr().err
