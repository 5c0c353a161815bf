"""Logging for the daemon: readable text or JSON lines on stderr, with secrets masked.

Masking happens in a filter on the handler, after the message is formatted with its
arguments and with the exception text rendered, so a secret cannot slip through a `%s`
argument, an exception message or a traceback. What is masked: the configured secrets
(bot token, api hash, session string), and anything shaped like a bot token, a 32-hex
api hash, a Telethon StringSession or a Russian/Ukrainian phone number.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import sys
import traceback
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, TextIO

from apscheduler.executors.asyncio import AsyncIOExecutor

MASK = "[REDACTED]"
# Literal secrets shorter than this are not masked: masking "1" would shred every log line.
MIN_SECRET_LENGTH = 8
FORMATS = ("text", "json")
LEVELS = ("debug", "info", "warning", "error", "critical")
TEXT_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
# Chatty libraries: their INFO lines are one per request or per job run.
NOISY_LOGGERS = ("telethon", "apscheduler")

_SHAPES: tuple[re.Pattern[str], ...] = (
    # Telethon StringSession: version "1" and a long URL-safe base64 blob.
    re.compile(r"(?<![A-Za-z0-9_\-+/])1[A-Za-z0-9_\-+/=]{300,}"),
    # Bot token as @BotFather gives it.
    re.compile(r"(?<![A-Za-z0-9_:])\d{3,}:[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])"),
    # api hash from my.telegram.org.
    re.compile(r"(?<![0-9A-Za-z])[0-9a-fA-F]{32}(?![0-9A-Za-z])"),
    # Phone numbers: +7 (Russia, Kazakhstan) and +380 (Ukraine), with or without separators.
    re.compile(r"\+\s?(?:7|380)(?:[\s\-().]*\d){9,10}(?!\d)"),
    # ... and typed without the plus: 7 or 8 then a mobile code 9xx, or 380.
    re.compile(r"(?<![\d-])(?:[78]9\d{9}|380\d{9})(?!\d)"),
)

# LogRecord attributes that are not "extra" fields given by the caller.
_RECORD_FIELDS = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", None, None)).keys() | {"message", "asctime"}
)


class SkippedRunFilter(logging.Filter):
    """Drops APScheduler's warning that a job's run was skipped because its previous run is
    still going. For tgradar's jobs that is the design (a catch-up of 500 channels outlasts
    its interval), not a fault: it is counted in `tgradar_job_runs_skipped_total` instead of
    a log line every few seconds."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "maximum number of running instances reached" not in str(record.msg)


def quiet_skipped_runs() -> None:
    """Install `SkippedRunFilter` on APScheduler's scheduler logger (once)."""
    logger = logging.getLogger("apscheduler.scheduler")
    if not any(isinstance(f, SkippedRunFilter) for f in logger.filters):
        logger.addFilter(SkippedRunFilter())


class StopAwareExecutor(AsyncIOExecutor):
    """The scheduler's executor. Its shutdown cancels the runs still going: a poll that waits
    on Telegram past the stop's drain time. That is the design, not a fault (what the run
    stored stays; the rest is read at the next start), so such a run's CancelledError is one
    INFO line instead of APScheduler's traceback. A CancelledError while the scheduler runs
    (a request cut by a dropped connection) is still logged as the error it is."""

    def start(self, scheduler: Any, alias: str) -> None:
        super().start(scheduler, alias)
        self._quiet = _CutShortFilter()
        self._log = logging.getLogger(f"apscheduler.executors.{alias}")

    def shutdown(self, wait: bool = True) -> None:
        cut = [f for f in self._pending_futures if not f.done()]
        if cut:
            # The cancelled runs log on the loop's next turns; the filter goes when they end.
            self._log.addFilter(self._quiet)
            left = [len(cut)]

            def ended(_: asyncio.Future) -> None:
                left[0] -= 1
                if not left[0]:
                    self._log.removeFilter(self._quiet)

            for future in cut:
                future.add_done_callback(ended)
        super().shutdown(wait)


class _CutShortFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], asyncio.CancelledError):
            record.msg = 'Job "%s" cut short by the stop: what it stored stays'
            record.levelno, record.levelname = logging.INFO, "INFO"
            record.exc_info = None
            record.exc_text = None
        return True


class Redactor:
    """Masks configured secrets and secret-shaped strings in text."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        literal = {s for s in secrets if isinstance(s, str) and len(s) >= MIN_SECRET_LENGTH}
        # Longest first, so a secret that contains another is masked whole.
        self.secrets = sorted(literal, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        for shape in _SHAPES:
            text = shape.sub(MASK, text)
        return text


_active = Redactor()


def redact(text: str) -> str:
    """`text` with the secrets set up by `setup_logging` (and secret shapes) masked.

    For error messages shown outside logging, e.g. printed by the command line.
    """
    return _active(text)


class RedactionFilter(logging.Filter):
    """Renders the message and exception text of a record and masks secrets in both."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redactor = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad %-format must not lose the line
            message = f"{record.msg!r} {record.args!r}"
        record.msg = self.redactor(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        if record.exc_text:
            record.exc_text = self.redactor(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redactor(record.stack_info)
        for key, value in vars(record).items():
            if key not in _RECORD_FIELDS and isinstance(value, str):
                setattr(record, key, self.redactor(value))
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, extras, exc."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _RECORD_FIELDS and not key.startswith("_"):
                entry[key] = value
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exc"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False, default=str)


class _TgradarHandler(logging.StreamHandler):
    """Marks the handler setup_logging installed, so a second call replaces it."""


def setup_logging(
    level: str, fmt: str, secrets: Iterable[str | None], stream: TextIO | None = None
) -> None:
    """Log to stderr (or `stream`) at `level`, as "text" or "json", masking `secrets`.

    Raises ValueError for an unknown level or format.
    """
    global _active
    level_name = level.lower()
    if level_name not in LEVELS:
        raise ValueError(f"unknown log level {level!r}; expected one of {', '.join(LEVELS)}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown log format {fmt!r}; expected one of {', '.join(FORMATS)}")
    _active = Redactor(secrets)
    handler = _TgradarHandler(stream or sys.stderr)
    handler.addFilter(RedactionFilter(_active))
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _TgradarHandler)]:
        root.removeHandler(old)
    root.addHandler(handler)
    numeric = logging.getLevelName(level_name.upper())
    root.setLevel(numeric)
    library_level = logging.INFO if numeric <= logging.DEBUG else logging.WARNING
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(library_level)
    # Python's own "Task exception was never retrieved" and friends go through logging too;
    # warnings.warn output is routed there as well so it gets masked.
    logging.captureWarnings(True)
