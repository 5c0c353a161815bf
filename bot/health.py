"""Liveness and metrics over HTTP: GET /healthz and GET /metrics.

/healthz answers 200 "ok" or 503 with one problem a line. The conditions are a pure function
of the app's status snapshot (`health_problems`), so they are tested without a server:
the scheduler is dead, no channel was polled successfully for too long (unless Telegram
asked the account to wait), or the outbox has had pending messages without progress.

The server is a small asyncio one on the daemon's own loop: the status snapshot reads the
store, which must not be used from another thread.

`python -m bot.health` is the container's HEALTHCHECK: it asks /healthz on localhost and
exits 0 or 1. With --db it judges a database file instead (polls and outbox of any tgradar
process using it, e.g. `tgradar demo --db`).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import sqlite3
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.durations import format_duration
from bot.models import parse_iso_or_none

# bot.metrics (prometheus-client) is imported by HealthServer only: the HEALTHCHECK probe
# below runs every 30 s and should start fast.

log = logging.getLogger(__name__)

ENV_PORT = "TGRADAR_HEALTH_PORT"
ENV_HOST = "TGRADAR_HEALTH_HOST"
ENV_CONFIG = "TGRADAR_CONFIG"
DEFAULT_HOST = "127.0.0.1"  # this machine only; the image sets TGRADAR_HEALTH_HOST=0.0.0.0
DEFAULT_PORT = 9464
# A poll older than this many max poll intervals means the poller is stuck.
STALE_POLL_INTERVALS = 3
MIN_STALE_POLL = timedelta(minutes=5)
DEFAULT_OUTBOX_STUCK = timedelta(minutes=10)
REQUEST_TIMEOUT = 5.0  # seconds a client gets to send its request line and headers
MAX_REQUEST_BYTES = 8192


@dataclass(frozen=True)
class HealthSettings:
    stale_poll: timedelta = timedelta(minutes=30)  # no successful poll for this long: unhealthy
    outbox_stuck: timedelta = DEFAULT_OUTBOX_STUCK  # pending with no progress for this long
    startup_grace: timedelta | None = None  # defaults to stale_poll

    @classmethod
    def from_settings(cls, settings: Any) -> HealthSettings:
        """Thresholds for tgradar Settings: stale after 3 max poll intervals (at least 5m)."""
        if isinstance(settings, HealthSettings):
            return settings
        max_interval = getattr(getattr(settings, "poll", None), "max_interval", None)
        stale = cls.stale_poll
        if isinstance(max_interval, timedelta):
            stale = max(MIN_STALE_POLL, max_interval * STALE_POLL_INTERVALS)
        return cls(stale_poll=stale)

    @property
    def grace(self) -> timedelta:
        return self.stale_poll if self.startup_grace is None else self.startup_grace


def health_problems(
    snapshot: dict[str, Any], now: datetime, settings: HealthSettings | Any
) -> list[str]:
    """What is wrong with the daemon, one sentence each; empty when healthy.

    `snapshot` is App.status(), optionally with "outbox_stalled_since" (ISO time since
    which the outbox had pending messages and none went out; see OutboxWatch).
    A "scheduler_running" of None means unknown (judging a database file).
    """
    limits = HealthSettings.from_settings(settings)
    problems: list[str] = []
    if snapshot.get("scheduler_running") is False:
        problems.append("the scheduler is not running")
    problems += _poll_problems(snapshot, now, limits)
    problems += _outbox_problems(snapshot, now, limits)
    return problems


def _poll_problems(snapshot: dict[str, Any], now: datetime, limits: HealthSettings) -> list[str]:
    poller = snapshot.get("poller") or {}
    channels = poller.get("channels") or []
    if not channels:
        return []
    if (poller.get("paused_for") or 0) > 0:
        return []  # Telegram asked us to wait; restarting would not help and polls resume
    polls = [t for t in (parse_iso_or_none(c.get("last_poll_at")) for c in channels) if t]
    stale = format_duration(limits.stale_poll)
    if polls:
        latest = max(polls)
        if now - latest > limits.stale_poll:
            ago = format_duration(timedelta(seconds=int((now - latest).total_seconds())))
            return [f"no channel was polled successfully for {ago} (limit {stale})"]
        return []
    started = parse_iso_or_none(snapshot.get("started_at"))
    if started is None or now - started > limits.grace:
        errors = sorted({str(c["last_error"]) for c in channels if c.get("last_error")})
        detail = f"; last errors: {'; '.join(errors[:3])}" if errors else ""
        return [f"no channel has been polled successfully since the start{detail}"]
    return []


def _outbox_problems(snapshot: dict[str, Any], now: datetime, limits: HealthSettings) -> list[str]:
    sender = snapshot.get("sender") or {}
    pending = sender.get("outbox_pending") or 0
    stalled_since = parse_iso_or_none(snapshot.get("outbox_stalled_since"))
    if not pending or stalled_since is None or now - stalled_since <= limits.outbox_stuck:
        return []
    ago = format_duration(timedelta(seconds=int((now - stalled_since).total_seconds())))
    chats = sender.get("chats") or {}
    causes = [f"{chat}: {state.get('error') or 'paused'}" for chat, state in chats.items()]
    detail = f" ({'; '.join(causes[:3])})" if causes else ""
    return [f"the outbox is stuck: {pending} message(s) pending, none sent for {ago}{detail}"]


class OutboxWatch:
    """Remembers since when the outbox has pending messages and its depth has not gone down."""

    def __init__(self) -> None:
        self.depth = 0
        self.stalled_since: datetime | None = None

    def observe(self, depth: int, now: datetime) -> datetime | None:
        if depth == 0:
            self.stalled_since = None
        elif self.stalled_since is None or depth < self.depth:
            self.stalled_since = now
        self.depth = depth
        return self.stalled_since


class HealthServer:
    """Serves /healthz and /metrics for `app_status` on `port` (0 picks a free port).

    `await start()` and `await stop()` on the daemon's event loop.
    """

    def __init__(
        self,
        app_status: Callable[[], dict[str, Any]],
        settings: Any,
        port: int = DEFAULT_PORT,
        *,
        host: str | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        registry: Any = None,
    ) -> None:
        from bot import metrics

        self.metrics = metrics
        self.app_status = app_status
        self.limits = HealthSettings.from_settings(settings)
        # No host given (the demo): TGRADAR_HEALTH_HOST, else this machine only.
        self.host = host or os.environ.get(ENV_HOST, "").strip() or DEFAULT_HOST
        self.port = port
        self.clock = clock
        self.registry = metrics.REGISTRY if registry is None else registry
        self.outbox = OutboxWatch()
        self.collector = metrics.StatusCollector(app_status, clock)
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        try:
            self._server = await asyncio.start_server(self._serve, self.host, self.port)
        except OSError as exc:
            raise OSError(
                f"cannot serve health and metrics on {self.host}:{self.port}: "
                f"{exc.strerror or exc} (set another port with {ENV_PORT})"
            ) from None
        self.port = self._server.sockets[0].getsockname()[1]
        self.registry.register(self.collector)
        log.info("health on http://%s:%d/healthz, metrics on /metrics", self.host, self.port)

    async def stop(self) -> None:
        if self._server is None:
            return
        self._server.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self._server.wait_closed(), 2.0)
        with contextlib.suppress(KeyError):
            self.registry.unregister(self.collector)
        self._server = None

    def problems(self) -> list[str]:
        now = self.clock()
        try:
            snapshot = dict(self.app_status())
        except Exception as exc:
            log.exception("reading the app status failed")
            return [f"the app status cannot be read: {type(exc).__name__}"]
        depth = (snapshot.get("sender") or {}).get("outbox_pending") or 0
        stalled = self.outbox.observe(int(depth), now)
        snapshot["outbox_stalled_since"] = stalled.isoformat() if stalled else None
        return health_problems(snapshot, now, self.limits)

    def respond(self, method: str, path: str) -> tuple[int, str, bytes]:
        """Status, content type and body for a request."""
        route = path.split("?", 1)[0]
        if method not in ("GET", "HEAD"):
            return 405, "text/plain; charset=utf-8", b"only GET\n"
        if route == "/healthz":
            problems = self.problems()
            if problems:
                return 503, "text/plain; charset=utf-8", ("\n".join(problems) + "\n").encode()
            return 200, "text/plain; charset=utf-8", b"ok\n"
        if route == "/metrics":
            return 200, self.metrics.CONTENT_TYPE, self.metrics.render(self.registry)
        return 404, "text/plain; charset=utf-8", b"not found; try /healthz or /metrics\n"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), REQUEST_TIMEOUT)
            parts = head.split(b"\r\n", 1)[0].decode("latin-1").split()
            if len(parts) != 3 or not parts[2].startswith("HTTP/"):
                status, kind, body = 400, "text/plain; charset=utf-8", b"bad request\n"
                method = "GET"
            else:
                method = parts[0]
                status, kind, body = self.respond(method, parts[1])
            reason = _REASONS.get(status, "")
            header = (
                f"HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
            ).encode()
            writer.write(header if method == "HEAD" else header + body)
            await writer.drain()
        except (
            TimeoutError,
            asyncio.IncompleteReadError,
            asyncio.LimitOverrunError,
            ConnectionError,
        ):
            pass  # a client that went away or sent garbage gets nothing more
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()


_REASONS = {
    200: "OK",
    400: "Bad Request",
    404: "Not Found",
    405: "Method Not Allowed",
    503: "Service Unavailable",
}


# ----------------------------------------------------------------- the HEALTHCHECK probe


def probe_http(port: int, host: str = "127.0.0.1", timeout: float = 5.0) -> list[str]:
    """Problems /healthz reports, or why it could not be asked; empty when healthy."""
    url = f"http://{host}:{port}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            return []
    except urllib.error.HTTPError as exc:
        text = exc.read().decode("utf-8", "replace").strip()
        return text.splitlines() or [f"{url} answered {exc.code}"]
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return [f"cannot reach {url}: {reason} (is `tgradar run` up?)"]


def snapshot_from_database(path: Path) -> dict[str, Any]:
    """A status snapshot built from a tgradar database file (polls and outbox only)."""
    if not path.is_file():
        raise FileNotFoundError(f"no database file at {path}")
    uri = f"file:{path}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=10)) as db:
        db.row_factory = sqlite3.Row
        channels = [
            {"channel": r["username"], "last_poll_at": r["last_poll_at"]}
            for r in db.execute("SELECT username, last_poll_at FROM channels")
        ]
        pending, oldest = db.execute(
            "SELECT COUNT(*), MIN(created_at) FROM outbox WHERE state = 'pending'"
        ).fetchone()
    first = min((c["last_poll_at"] for c in channels if c["last_poll_at"]), default=None)
    return {
        "scheduler_running": None,
        "started_at": first,
        "poller": {"channels": channels},
        "sender": {"outbox_pending": pending},
        "outbox_stalled_since": oldest,
    }


def probe_database(path: Path, settings: HealthSettings, now: datetime) -> list[str]:
    try:
        snapshot = snapshot_from_database(path)
    except (OSError, sqlite3.Error) as exc:
        return [f"cannot read {path}: {exc}"]
    if not snapshot["poller"]["channels"]:
        return [f"{path} has no channels yet"]
    if not snapshot["started_at"]:
        return ["no channel has been polled successfully yet"]
    return health_problems(snapshot, now, settings)


def _configured_port() -> int | None:
    """`health.port` of the file TGRADAR_CONFIG names, when it sets one (it wins over
    TGRADAR_HEALTH_PORT, as in `tgradar run`); read without the rest of the config."""
    import tomllib

    path = os.environ.get(ENV_CONFIG, "").strip()
    if not path:
        return None
    try:
        with open(path, "rb") as file:
            port = tomllib.load(file).get("health", {}).get("port")
    except (OSError, tomllib.TOMLDecodeError, AttributeError):
        return None
    return port if isinstance(port, int) and not isinstance(port, bool) else None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.health",
        description="Exit 0 when tgradar is healthy, 1 with the problems otherwise.",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=None,
        help=f"port of /healthz (default: health.port of $TGRADAR_CONFIG, else ${ENV_PORT}, "
        f"else {DEFAULT_PORT})",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds (default 5)")
    parser.add_argument("--db", metavar="PATH", help="judge this database file instead")
    parser.add_argument(
        "--stale-after",
        type=float,
        default=None,
        metavar="SECONDS",
        help="with --db: no poll for this long is unhealthy (default 30 min)",
    )
    args = parser.parse_args(argv)
    if args.db:
        limits = HealthSettings()
        if args.stale_after is not None:
            limits = HealthSettings(stale_poll=timedelta(seconds=args.stale_after))
        problems = probe_database(Path(args.db), limits, datetime.now(UTC))
    else:
        port = args.port
        if port is None:
            port = _configured_port()
            if port is None:
                raw = os.environ.get(ENV_PORT, "").strip() or str(DEFAULT_PORT)
                if not raw.isdigit():
                    print(f"unhealthy: {ENV_PORT}={raw!r} is not a port number", file=sys.stderr)
                    return 1
                port = int(raw)
        if port == 0:
            print("unhealthy: the health endpoint is turned off (health.port = 0)", file=sys.stderr)
            return 1
        problems = probe_http(port, args.host, args.timeout)
    if problems:
        for problem in problems:
            print(f"unhealthy: {problem}", file=sys.stderr)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
