"""`tgradar run`: refusing to start without secrets or a session, health while running,
request metrics, and SIGTERM draining the outbox. Telegram is the in-process sandbox."""

from __future__ import annotations

import asyncio
import io
import logging
import os
import signal
import socket
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families
from telethon.errors import FloodWaitError

from bot import logs, metrics
from bot.config import Secrets, Settings
from bot.logs import setup_logging
from bot.runner import (
    EXIT_OK,
    EXIT_SETUP,
    connect_clients,
    run_daemon,
)
from bot.sandbox import SANDBOX_API_HASH, SANDBOX_API_ID
from bot.store import OutboxRow, Store
from tests.conftest import SandboxWorld

REVIEW = "tgradar_review"


class World(SandboxWorld):
    """The sandbox Telegram with the watching account, the bot and the review chat."""

    def __init__(self, tmp_path: Path) -> None:
        super().__init__(data_dir=tmp_path)
        self.settings = self.daemon_settings()

    async def clients(self, settings: Settings):
        return await connect_clients(settings, build=self.build)

    def queue_messages(self, texts: list[str]) -> None:
        store = Store(self.settings.storage.database)
        store.enqueue(
            [
                OutboxRow(f"text:test:{i}", "send", REVIEW, payload={"text": t}, kind="text")
                for i, t in enumerate(texts)
            ]
        )
        store.close()

    def pending(self) -> int:
        store = Store(self.settings.storage.database)
        try:
            return store.outbox_depth()
        finally:
            store.close()

    def bot_messages(self) -> list[str]:
        return [m.text for m in self.server.messages(self.review) if m.sender is self.bot]


@pytest.fixture
def world(tmp_path):
    return World(tmp_path)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def http_get(port: int, path: str) -> tuple[int, str]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
    await writer.drain()
    data = await reader.read()
    writer.close()
    head, _, body = data.decode().partition("\r\n\r\n")
    return int(head.split()[1]), body


async def wait_for(condition, timeout: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("timed out waiting")
        await asyncio.sleep(0.05)


def sends(world: World) -> int:
    return world.server.requests_by(world.bot)["SendMessageRequest"]


# ---------------------------------------------------------------- refusing to start


async def test_refuses_without_api_credentials(world, capsys):
    settings = replace(world.settings, secrets=Secrets())
    assert await run_daemon(settings, port=0) == EXIT_SETUP
    err = capsys.readouterr().err
    assert "TGRADAR_API_ID (or TGRADAR_API_ID_FILE) is not set" in err
    assert "Traceback" not in err


async def test_refuses_without_a_bot_token(world, capsys):
    settings = replace(world.settings, secrets=replace(world.settings.secrets, bot_token=None))
    assert await run_daemon(settings, port=0) == EXIT_SETUP
    assert "TGRADAR_BOT_TOKEN" in capsys.readouterr().err


async def test_refuses_without_a_session(world, capsys):
    assert await run_daemon(world.settings, clients=world.clients, port=0) == EXIT_SETUP
    err = capsys.readouterr().err
    assert "no Telegram session" in err and "tgradar login" in err
    assert "docker compose run --rm tgradar login" in err


async def test_refuses_a_session_that_is_not_logged_in(world, capsys):
    world.save_session(authorized=False)
    assert await run_daemon(world.settings, clients=world.clients, port=0) == EXIT_SETUP
    err = capsys.readouterr().err
    assert "is not logged in" in err and "tgradar login" in err
    assert world.bot.bot_token not in err


# ---------------------------------------------------------------- running and stopping


async def test_runs_healthy_serves_metrics_and_exits_0_on_sigterm(world):
    world.save_session()
    world.queue_messages(["Белгород: отбой воздушной тревоги"])
    port = free_port()
    daemon = asyncio.create_task(run_daemon(world.settings, clients=world.clients, port=port))
    await wait_for(lambda: world.bot_messages() == ["Белгород: отбой воздушной тревоги"])
    status, body = await http_get(port, "/healthz")
    assert (status, body) == (200, "ok\n")
    status, body = await http_get(port, "/metrics")
    assert 'tgradar_telegram_requests_total{account="bot",method="SendMessage"}' in body
    sent = [
        s.value
        for family in text_string_to_metric_families(body)
        for s in family.samples
        if s.name == "tgradar_cards_sent_total"
    ]
    assert sent and sent[0] >= 1
    assert "tgradar_scheduler_running 1.0" in body
    os.kill(os.getpid(), signal.SIGTERM)
    assert await asyncio.wait_for(daemon, 10) == EXIT_OK
    with pytest.raises(OSError):
        await http_get(port, "/healthz")  # the server is gone


async def test_sigterm_sends_what_is_left_in_the_outbox_before_exiting(world):
    world.save_session()
    texts = ["Харків: вибухи", "Kharkiv: explosions reported", "Харьков: взрывы"]
    world.queue_messages(texts)
    world.server.fail("SendMessage", "FLOOD_WAIT_2", account=world.bot)
    cards_before = metrics.CARDS_SENT._value.get()
    daemon = asyncio.create_task(
        run_daemon(world.settings, clients=world.clients, port=0, drain_for=timedelta(seconds=10))
    )
    await wait_for(lambda: sends(world) >= 1)  # the first try hit the flood wait
    assert world.bot_messages() == []
    os.kill(os.getpid(), signal.SIGTERM)
    assert await asyncio.wait_for(daemon, 15) == EXIT_OK
    assert world.bot_messages() == texts
    assert world.pending() == 0
    assert metrics.CARDS_SENT._value.get() == cards_before + 3


async def test_sigterm_gives_up_after_the_drain_time_and_keeps_the_rest(world):
    world.save_session()
    world.queue_messages(["Одеса: вибухи в порту", "Одесса: взрывы в порту"])
    world.server.fail("SendMessage", "FLOOD_WAIT_120", account=world.bot)
    daemon = asyncio.create_task(
        run_daemon(world.settings, clients=world.clients, port=0, drain_for=timedelta(seconds=0.5))
    )
    await wait_for(lambda: sends(world) >= 1)
    loop = asyncio.get_running_loop()
    started = loop.time()
    os.kill(os.getpid(), signal.SIGTERM)
    assert await asyncio.wait_for(daemon, 10) == EXIT_OK
    assert loop.time() - started < 5
    assert world.bot_messages() == []
    assert world.pending() == 2  # nothing lost: they go out after the next start


async def test_a_second_signal_stops_at_once(world):
    world.save_session()
    world.queue_messages(["Курск: сбит беспилотник"])
    world.server.fail("SendMessage", "FLOOD_WAIT_120", account=world.bot)
    daemon = asyncio.create_task(
        run_daemon(world.settings, clients=world.clients, port=0, drain_for=timedelta(minutes=5))
    )
    await wait_for(lambda: sends(world) >= 1)
    loop = asyncio.get_running_loop()
    started = loop.time()
    os.kill(os.getpid(), signal.SIGTERM)
    await asyncio.sleep(0.3)
    assert not daemon.done()  # still draining
    os.kill(os.getpid(), signal.SIGINT)
    assert await asyncio.wait_for(daemon, 10) == EXIT_OK
    assert loop.time() - started < 5
    assert world.pending() == 1


@pytest.fixture
def default_action_of_sigterm():
    """Stands in for SIGTERM's default action (which would end the test run): what reaches
    it was a signal the daemon did not handle."""
    reached: list[int] = []
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: reached.append(signum))
    yield reached
    signal.signal(signal.SIGTERM, previous)


async def test_a_stop_asked_for_while_starting_is_a_clean_stop(world, default_action_of_sigterm):
    world.save_session()
    texts = ["Белгород: отбой воздушной тревоги", "Курск: отбой опасности по БПЛА"]
    world.queue_messages(texts)
    # the scheduler already runs and sends while the daemon still publishes its commands
    world.server.after(
        "SetBotCommands", lambda request: os.kill(os.getpid(), signal.SIGTERM), account=world.bot
    )
    daemon = run_daemon(world.settings, clients=world.clients, port=0)
    assert await asyncio.wait_for(daemon, 15) == EXIT_OK
    assert default_action_of_sigterm == []
    assert world.bot_messages() == texts  # the stop sent the outbox, as any stop does
    assert world.pending() == 0


async def test_a_stop_asked_for_while_connecting_starts_nothing_and_loses_nothing(
    world, default_action_of_sigterm
):
    world.save_session()
    world.queue_messages(["Брянск: отбой опасности по БПЛА"])

    async def clients(settings):
        connected = await world.clients(settings)
        os.kill(os.getpid(), signal.SIGTERM)
        await asyncio.sleep(0.2)  # the rest of connecting: the loop handles the signal
        return connected

    assert await asyncio.wait_for(run_daemon(world.settings, clients=clients, port=0), 15) == 0
    assert default_action_of_sigterm == []
    assert world.bot_messages() == []
    assert world.pending() == 1  # it goes out after the next start


async def test_flood_waits_and_rpc_errors_are_counted(world):
    world.save_session()
    world.queue_messages(["Брянск: сбиты 12 БПЛА"])
    world.server.fail("SendMessage", "FLOOD_WAIT_1", account=world.bot)
    flood = metrics.FLOOD_WAIT_SECONDS.labels(account="bot")._value.get()
    errors = metrics.ERRORS.labels(kind="rpc:FLOOD_WAIT")._value.get()
    daemon = asyncio.create_task(run_daemon(world.settings, clients=world.clients, port=0))
    await wait_for(lambda: world.bot_messages() == ["Брянск: сбиты 12 БПЛА"])
    os.kill(os.getpid(), signal.SIGTERM)
    assert await asyncio.wait_for(daemon, 10) == EXIT_OK
    assert metrics.FLOOD_WAIT_SECONDS.labels(account="bot")._value.get() == flood + 1
    assert metrics.ERRORS.labels(kind="rpc:FLOOD_WAIT")._value.get() == errors + 1


async def test_the_production_client_never_sleeps_a_flood_wait_inside_a_call(world):
    world.save_session()
    client = world.build(
        str(world.settings.user_session_path), SANDBOX_API_ID, SANDBOX_API_HASH, account="user"
    )
    assert client.flood_sleep_threshold == 0
    await client.connect()
    world.server.fail("GetUsers", "FLOOD_WAIT_1", account=world.watcher)
    try:
        with pytest.raises(FloodWaitError):  # the caller's own scheduling decides
            await client.get_me()
    finally:
        await client.disconnect()


async def test_flood_waits_telethon_sleeps_through_are_counted_too(world):
    world.save_session()
    client = world.build(
        str(world.settings.user_session_path), SANDBOX_API_ID, SANDBOX_API_HASH, account="user"
    )
    client.flood_sleep_threshold = 5  # not tgradar's setting, but counted if someone sets it
    client._request_retries = 1
    await client.connect()
    flood = metrics.FLOOD_WAIT_SECONDS.labels(account="user")._value.get()
    requests = metrics.REQUESTS.labels(account="user", method="GetUsers")._value.get()
    world.server.fail("GetUsers", "FLOOD_WAIT_1", account=world.watcher)
    try:
        me = await client.get_me()  # slept through, then answered
    finally:
        await client.disconnect()
    assert me.id == world.watcher.id
    assert metrics.FLOOD_WAIT_SECONDS.labels(account="user")._value.get() == flood + 1
    assert metrics.REQUESTS.labels(account="user", method="GetUsers")._value.get() >= requests + 1


async def test_no_secret_reaches_the_logs_of_a_whole_run(world):
    world.save_session()
    world.queue_messages(["Запорожье: взрывы, работает ПВО"])
    output = io.StringIO()
    secrets = [SANDBOX_API_HASH, world.bot.bot_token]
    setup_logging("debug", "json", secrets, stream=output)
    try:
        daemon = asyncio.create_task(run_daemon(world.settings, clients=world.clients, port=0))
        await wait_for(lambda: len(world.bot_messages()) == 1)
        os.kill(os.getpid(), signal.SIGTERM)
        assert await asyncio.wait_for(daemon, 10) == EXIT_OK
    finally:
        setup_logging("warning", "text", [], stream=io.StringIO())
        logging.getLogger().handlers = [
            h for h in logging.getLogger().handlers if not isinstance(h, logs._TgradarHandler)
        ]
    text = output.getvalue()
    assert "tgradar is running" in text and "stopped" in text
    for secret in (*secrets, world.bot.bot_token.split(":")[1], world.watcher.phone):
        assert secret not in text
