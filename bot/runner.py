"""`tgradar run`: the daemon with real Telegram clients, health and metrics, graceful stop.

Refuses to start, with one line saying what to do, when a secret is missing or the user
account's session is missing or not authorised. SIGTERM or SIGINT stops polling, gives the
outbox up to the drain time to empty, and exits 0; a second signal stops at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sqlite3
import struct
import sys
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta
from typing import Any

from telethon import TelegramClient, errors
from telethon.sessions import StringSession
from telethon.utils import is_list_like

from bot import metrics
from bot.config import DEFAULT_ACCOUNT, HealthConfig, Settings
from bot.health import ENV_HOST, ENV_PORT, HealthServer
from bot.logs import redact

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_SETUP = 2  # missing secret or session: fix the setup, restarting will not help
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
LOGIN_HINT = "run `tgradar login` (in a container: docker compose run --rm tgradar login)"


class SetupError(Exception):
    """The daemon cannot start; str() says why and what to do."""


class _FloodSleepCounter(logging.Filter):
    """Counts the flood waits Telethon sleeps through itself (below flood_sleep_threshold).

    Those never raise, and Telethon's log line "Sleeping for %ds (%s) on %s flood wait" is
    the only sign of them.
    """

    def __init__(self, account: str) -> None:
        super().__init__()
        self.account = account

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        if message.startswith("Sleeping") and "flood wait" in message and record.args:
            seconds = record.args[1] if len(record.args) > 1 else 0
            if isinstance(seconds, int | float):
                metrics.record_flood_wait(self.account, seconds)
                metrics.record_error("rpc:FLOOD_WAIT")
        return True


class MeteredTelegramClient(TelegramClient):
    """A TelegramClient that counts its requests, flood waits and RPC errors in bot.metrics."""

    def __init__(self, *args: Any, account: str, **kwargs: Any) -> None:
        base = logging.getLogger(f"telethon.{account}")
        kwargs.setdefault("base_logger", base)
        super().__init__(*args, **kwargs)
        self.metrics_account = account
        # coroutines run after Telethon reconnected by itself (pushes meanwhile are lost)
        self.reconnect_hooks: list[Callable[[], Awaitable[None]]] = []
        sleeps = base.getChild("client.users")
        sleeps.setLevel(logging.INFO)  # a slept-through flood wait is worth a log line
        if not any(isinstance(f, _FloodSleepCounter) for f in sleeps.filters):
            sleeps.addFilter(_FloodSleepCounter(account))

    async def _call(self, sender, request, ordered=False, flood_sleep_threshold=None):
        for one in request if is_list_like(request) else (request,):
            method = type(one).__name__.removesuffix("Request")
            metrics.record_request(self.metrics_account, method)
        try:
            return await super()._call(sender, request, ordered, flood_sleep_threshold)
        except errors.FloodWaitError as exc:
            metrics.record_flood_wait(self.metrics_account, exc.seconds)
            metrics.record_error("rpc:FLOOD_WAIT")
            raise
        except errors.RPCError as exc:
            metrics.record_error(f"rpc:{exc.message or type(exc).__name__}")
            raise
        except (ConnectionError, OSError):
            metrics.record_error("connection")
            raise
        except TimeoutError:
            metrics.record_error("timeout")
            raise

    async def _handle_auto_reconnect(self) -> None:
        # Telethon's MTProtoSender calls this after an automatic reconnect; its own catch-up
        # is a TODO there, so tgradar's hooks do it.
        await super()._handle_auto_reconnect()
        metrics.record_error("reconnect")
        for hook in list(self.reconnect_hooks):
            try:
                await hook()
            except Exception:
                logging.getLogger(__name__).exception("catch-up after a reconnect failed")


UserClients = TelegramClient | Mapping[str, TelegramClient]
ClientFactory = Callable[[Settings], Awaitable[tuple[UserClients, TelegramClient]]]


def check_secrets(settings: Settings) -> None:
    """Raise SetupError naming the first missing secret or session (or a data directory
    that is no directory)."""
    secrets = settings.secrets
    data = settings.data_dir
    if data.exists() and not data.is_dir():
        raise SetupError(f"the data directory {data} is a file, not a directory (TGRADAR_DATA)")
    for value, variable, where in (
        (secrets.api_id, "TGRADAR_API_ID", "my.telegram.org"),
        (secrets.api_hash, "TGRADAR_API_HASH", "my.telegram.org"),
        (secrets.bot_token, "TGRADAR_BOT_TOKEN", "@BotFather"),
    ):
        if value is None:
            raise SetupError(f"{variable} (or {variable}_FILE) is not set; get it from {where}")
    for account in settings.accounts.names:
        path = settings.session_path(account)
        if account == DEFAULT_ACCOUNT and secrets.session is None and not path.is_file():
            raise SetupError(
                f"no Telegram session: neither TGRADAR_SESSION nor {path} exists; {LOGIN_HINT}"
            )
        if account != DEFAULT_ACCOUNT and not path.is_file():
            raise SetupError(
                f"no Telegram session for account {account!r}: {path} does not exist; "
                f"{login_hint(account)}"
            )


def login_hint(account: str) -> str:
    if account == DEFAULT_ACCOUNT:
        return LOGIN_HINT
    return (
        f"run `tgradar login --account {account}` "
        f"(in a container: docker compose run --rm tgradar login --account {account})"
    )


ClientBuilder = Callable[..., TelegramClient]

# How every Telegram client of tgradar is built, the daemon's and the tests' alike:
# - request_retries=1: one retry, which a DC migration at login needs (Telethon switches DC
#   and repeats the call); a server error (RANDOM_ID_DUPLICATE is one, code 500) is then
#   raised after one 2 s pause instead of five, and the poller and sender back off themselves.
# - flood_sleep_threshold=0: a FloodWait is raised, never slept inside the call, so the
#   sender postpones only that chat and the poller only that account.
# - raise_last_call_error=True: the caller sees the RPC error itself, not a bare ValueError.
CLIENT_OPTIONS: dict[str, Any] = {
    "request_retries": 1,
    "flood_sleep_threshold": 0,
    "raise_last_call_error": True,
}


def build_client(
    session: Any, api_id: int, api_hash: str, *, account: str, **overrides: Any
) -> TelegramClient:
    """The one client factory (runner, doctor, demo and tests): production options."""
    return MeteredTelegramClient(
        session, api_id, api_hash, account=account, **{**CLIENT_OPTIONS, **overrides}
    )


async def connect_clients(
    settings: Settings, *, build: ClientBuilder = build_client
) -> tuple[dict[str, TelegramClient], TelegramClient]:
    """The watching accounts' clients by name (authorised sessions required) and the bot's.

    `build(session, api_id, api_hash, account=...)` makes a client; tests pass the sandbox's.
    The default account's session is TGRADAR_SESSION when set, else `tgradar.session`; every
    other account's is `tgradar-<name>.session` in the data directory.
    """
    check_secrets(settings)
    secrets = settings.secrets
    users: dict[str, TelegramClient] = {}
    try:
        bot = build(
            str(settings.bot_session_path), secrets.api_id, secrets.api_hash, account="bot"
        )
    except (sqlite3.Error, OSError, ValueError, struct.error) as exc:
        raise SetupError(
            f"cannot use the bot's session file {settings.bot_session_path} ({exc}); delete it "
            "and start again (the bot logs in with its token)"
        ) from None
    try:
        for account in settings.accounts.names:
            from_env = account == DEFAULT_ACCOUNT and secrets.session
            session: Any = (
                StringSession(secrets.session) if from_env else str(settings.session_path(account))
            )
            where = "TGRADAR_SESSION" if from_env else str(settings.session_path(account))
            label = "user" if account == DEFAULT_ACCOUNT else f"user:{account}"
            try:
                user = build(session, secrets.api_id, secrets.api_hash, account=label)
            except (sqlite3.Error, OSError, ValueError, struct.error) as exc:
                raise SetupError(
                    f"cannot use the session in {where} ({exc}); {login_hint(account)}"
                ) from None
            users[account] = user
            await user.connect()
            if not await user.is_user_authorized():
                raise SetupError(
                    f"the session in {where} is not logged in (or was revoked); "
                    f"{login_hint(account)}"
                )
        await bot.start(bot_token=secrets.bot_token)
    except SetupError:
        await _disconnect(*users.values(), bot)
        raise
    except errors.RPCError as exc:
        await _disconnect(*users.values(), bot)
        raise SetupError(f"Telegram refused the login: {exc.message}") from None
    except (ConnectionError, OSError, TimeoutError) as exc:
        await _disconnect(*users.values(), bot)
        raise SetupError(f"cannot reach Telegram: {exc}") from None
    return users, bot


async def _disconnect(*clients: TelegramClient) -> None:
    for client in clients:
        with contextlib.suppress(Exception):
            await client.disconnect()


def health_port(health: HealthConfig, environ: Mapping[str, str] = os.environ) -> int:
    """The health endpoint's port: `health.port` when the config file sets it (0: off),
    else TGRADAR_HEALTH_PORT, else 9464. A variable the file overrides is logged, not lost."""
    raw = environ.get(ENV_PORT, "").strip()
    if raw and (not raw.isdigit() or not 0 <= int(raw) <= 65535):
        raise SetupError(f"{ENV_PORT}={raw!r} is not a port number (0-65535)")
    if health.port_set:
        if raw and int(raw) != health.port:
            log.warning(
                "health.port = %d in the config file wins over %s=%s%s",
                health.port,
                ENV_PORT,
                raw,
                " (the health endpoint stays off)" if health.port == 0 else "",
            )
        return health.port
    return int(raw) if raw else health.port


def health_host(health: HealthConfig, environ: Mapping[str, str] = os.environ) -> str:
    """`health.host` when the config file sets it, else TGRADAR_HEALTH_HOST, else 127.0.0.1."""
    raw = environ.get(ENV_HOST, "").strip()
    return health.host if health.host_set or not raw else raw


async def run_daemon(
    settings: Settings,
    *,
    clients: ClientFactory = connect_clients,
    drain_for: timedelta | None = None,
    port: int | None = None,
) -> int:
    """Run until SIGTERM/SIGINT; the exit status. `clients` is for tests (the sandbox)."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    # From the first moment: a stop asked for while connecting or starting (joining and
    # catching up on many channels takes a while) is a clean stop, never the signal's
    # default action, which ends the process on the spot.
    for signum in STOP_SIGNALS:
        loop.add_signal_handler(signum, stop.set)
    try:
        return await _run(settings, clients, drain_for, port, stop)
    finally:
        for signum in STOP_SIGNALS:
            loop.remove_signal_handler(signum)


async def _run(
    settings: Settings,
    clients: ClientFactory,
    drain_for: timedelta | None,
    port: int | None,
    stop: asyncio.Event,
) -> int:
    from bot.app import App
    from bot.store import Store, StoreError

    try:
        serve_health = port is not None or health_port(settings.health) != 0
        port = health_port(settings.health) if port is None else port
        host = health_host(settings.health)
        drain_for = settings.daemon.stop_drain if drain_for is None else drain_for
        user, bot = await clients(settings)
        users = dict(user) if isinstance(user, Mapping) else {DEFAULT_ACCOUNT: user}
    except SetupError as exc:
        _refuse(str(exc))
        return EXIT_SETUP
    if stop.is_set():
        await _disconnect(*users.values(), bot)
        log.info("stopped before starting")
        return EXIT_OK
    error_counter = metrics.ErrorLogCounter()
    logging.getLogger().addHandler(error_counter)
    store = None
    health = None
    try:
        store = Store(settings.storage.database)
        app = App(settings, store, users, bot)
        if serve_health:  # health.port = 0 in the config turns the endpoint off
            health = HealthServer(app.status, settings, port, host=host)
            await health.start()
        await app.start()
        log.info("tgradar is running: %d channel(s) watched", len(app.watched_channels()))
        return await _serve_until_stopped(app, users, bot, drain_for, stop)
    except StoreError as exc:
        _refuse(str(exc))
        return EXIT_SETUP
    except OSError as exc:
        _refuse(str(exc))
        return EXIT_FAILED
    except Exception:
        log.exception("tgradar stopped on an unexpected error")
        return EXIT_FAILED
    finally:
        if health is not None:
            await health.stop()
        await _disconnect(*users.values(), bot)
        if store is not None:
            store.close()
        logging.getLogger().removeHandler(error_counter)


async def _serve_until_stopped(
    app: Any,
    users: Mapping[str, TelegramClient],
    bot: TelegramClient,
    drain_for: timedelta,
    stop: asyncio.Event,
) -> int:
    loop = asyncio.get_running_loop()
    waits = {
        asyncio.ensure_future(stop.wait()): "signal",
        asyncio.ensure_future(_ended(bot)): "the bot's connection ended",
    }
    accounts = {}
    for name, user in users.items():
        task = asyncio.ensure_future(_ended(user))
        waits[task] = "the user account's connection ended"
        accounts[task] = name
    while True:
        done, pending = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        lost = [task for task in done if task in accounts]
        if len(lost) < len(done) or len(accounts) == len(lost):
            break  # a signal, the bot, or the last watching account
        for task in lost:  # the pool goes on with the other accounts
            name = accounts.pop(task)
            waits.pop(task)
            app.poller.account_lost(name, "its connection ended")
    for task in pending:
        task.cancel()
    reason = waits[next((t for t in done if t not in lost), lost[0] if lost else None)]
    status = EXIT_OK if reason == "signal" else EXIT_FAILED
    if status != EXIT_OK:
        log.error("stopping: %s", reason)
    log.info("stopping: sending what is in the outbox for up to %gs", drain_for.total_seconds())
    drain = asyncio.ensure_future(app.stop(drain_for=drain_for))
    for signum in STOP_SIGNALS:  # a second signal: stop now, the outbox stays for next time
        loop.add_signal_handler(signum, drain.cancel)
    try:
        await drain
    except asyncio.CancelledError:
        if not drain.cancelled():
            raise
        log.warning("stopped before the outbox was empty")
    left = app.store.outbox_depth()
    if left:
        log.warning("%d message(s) left in the outbox; they go out after the next start", left)
    log.info("stopped")
    return status


async def _ended(client: TelegramClient) -> None:
    # shield: cancelling this wait must not cancel the client's own future
    await asyncio.shield(client.disconnected)


def _refuse(message: str) -> None:
    print(f"tgradar: {redact(message)}", file=sys.stderr)
