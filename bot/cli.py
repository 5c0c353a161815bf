"""The tgradar command."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2

REPLAY_BATCH = 500


def sample_feed_path() -> Path:
    return Path(str(resources.files("bot") / "data" / "sample_feed.jsonl"))


def _err(message: str) -> None:
    from bot.logs import redact

    print(f"tgradar: {redact(message)}", file=sys.stderr)


def _load_settings(args: argparse.Namespace):  # -> Settings
    from bot.config import load_settings

    return load_settings(Path(args.config) if args.config else None)


def _detector(settings):  # -> Detector
    from bot.detect import Detector

    return Detector(home_regions=dict(settings.channels.home_regions))


class _Progress:
    """A progress bar on a terminal, nothing otherwise."""

    def __init__(self, enabled: bool, label: str) -> None:
        self.bar = None
        if enabled:
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.bar = Progress(
                SpinnerColumn(),
                TextColumn(f"{label} {{task.completed}} posts"),
                TimeElapsedColumn(),
                transient=True,
            )
            self.task = self.bar.add_task(label, total=None)
            self.bar.start()

    def advance(self, n: int) -> None:
        if self.bar is not None:
            self.bar.advance(self.task, n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _read(source: str) -> Iterator:
    """Posts and ReadErrors from a file or '-'; prints bad lines and counts them."""
    from bot.readers import read_posts

    return read_posts(sys.stdin if source == "-" else Path(source))


def _open_input(source: str, errors: list[str]) -> Iterator:
    from bot.readers import ReadError

    for item in _read(source):
        if isinstance(item, ReadError):
            errors.append(str(item))
            _err(str(item))
            continue
        yield item


def _input_failure(exc: Exception) -> int:
    from bot.readers import NotAnExportError

    if isinstance(exc, FileNotFoundError):
        _err(f"no such file: {exc.filename or exc}")
    elif isinstance(exc, NotAnExportError | UnicodeDecodeError | IsADirectoryError):
        _err(str(exc))
    else:
        raise exc
    return EXIT_BAD_INPUT


# -- commands -------------------------------------------------------------------


def cmd_classify(args: argparse.Namespace) -> int:
    settings = _load_settings(args)
    detector = _detector(settings)
    errors: list[str] = []
    out: TextIO = sys.stdout
    try:
        for post in _open_input(args.file, errors):
            record = detector.detect(post).to_json()
            if getattr(args, "explain", False):
                record["explain"] = detector.explain(post)
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    except (FileNotFoundError, UnicodeDecodeError, IsADirectoryError, ValueError) as exc:
        return _input_failure(exc)
    return EXIT_BAD_INPUT if errors else EXIT_OK


def _replay_into(store, settings, source: str, errors: list[str], progress: bool) -> list:
    """Run every post of `source` through the pipeline; the incidents it touched, in order."""
    from bot.pipeline import IngestResult, Pipeline

    pipeline = Pipeline(
        store,
        _detector(settings),
        gap=settings.incidents.gap,
        edit_window=settings.poll.edit_window,
    )
    total = IngestResult()
    bar = _Progress(progress, "replaying")
    try:
        batch = []
        for post in _open_input(source, errors):
            batch.append(post)
            if len(batch) >= REPLAY_BATCH:
                total.merge(pipeline.ingest(batch))
                bar.advance(len(batch))
                batch = []
        if batch:
            total.merge(pipeline.ingest(batch))
            bar.advance(len(batch))
    finally:
        bar.close()
    touched = list(dict.fromkeys(c.incident.id for c in total.changes))
    incidents = [store.incident(i) for i in touched]
    return sorted((i for i in incidents if i is not None), key=lambda i: (i.first_seen, i.id))


def cmd_replay(args: argparse.Namespace) -> int:
    from bot.store import Store, StoreError

    settings = _load_settings(args)
    try:
        store = Store(Path(args.db) if args.db else None)
    except StoreError as exc:
        _err(str(exc))
        return EXIT_BAD_INPUT
    errors: list[str] = []
    try:
        incidents = _replay_into(
            store, settings, args.file, errors, progress=sys.stderr.isatty() and not args.quiet
        )
    except (FileNotFoundError, UnicodeDecodeError, IsADirectoryError, ValueError) as exc:
        return _input_failure(exc)
    except StoreError as exc:
        _err(str(exc))
        return EXIT_BAD_INPUT
    finally:
        store.close()
    if args.pretty:
        _print_table(incidents, settings)
    else:
        for incident in incidents:
            print(json.dumps(incident.to_json(), ensure_ascii=False))
    return EXIT_BAD_INPUT if errors else EXIT_OK


def _print_table(incidents: Sequence, settings, title: str = "Incidents") -> None:
    from rich.console import Console

    from bot.tables import incident_table

    console = Console(width=max(Console().width, 140) if not sys.stdout.isatty() else None)
    console.print(incident_table(incidents, ZoneInfo(settings.review.timezone), title=title))


def _demo_health_port() -> int | None:
    """The demo serves /healthz only where TGRADAR_HEALTH_PORT asks for it (the image)."""
    import os

    raw = os.environ.get("TGRADAR_HEALTH_PORT", "").strip()
    return int(raw) if raw.isdigit() else None


def cmd_demo(args: argparse.Namespace) -> int:
    import asyncio

    from rich.console import Console

    from bot.demo import print_summary, quiet_logs, run_demo

    if args.speed <= 0:
        _err("--speed must be above 0")
        return EXIT_USAGE
    settings = _load_settings(args)
    quiet_logs()
    console = Console(stderr=args.json)
    if not args.json:
        console.rule("tgradar demo: the review chat, as a reviewer sees it")
    summary = asyncio.run(
        run_demo(
            settings,
            Path(args.feed) if args.feed else sample_feed_path(),
            speed=args.speed,
            db=Path(args.db) if args.db else None,
            console=console,
            quiet=args.json,
            health_port=_demo_health_port(),
        )
    )
    print_summary(summary, console, args.json)
    return EXIT_OK


def _since(value: str | None):
    """--since takes a duration back from now ("24h", "2d") or an ISO date/time."""
    from datetime import UTC, datetime

    from bot.durations import parse_duration
    from bot.models import parse_iso

    if not value:
        return None
    try:
        return datetime.now(UTC) - parse_duration(value)
    except ValueError:
        pass
    try:
        return parse_iso(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--since {value!r}: give a duration (24h, 2d) or an ISO date (2026-11-20T22:00Z)"
        ) from None


def _open_store(args: argparse.Namespace, settings):  # -> Store | None
    from bot.store import Store, StoreError

    path = Path(args.db) if args.db else Path(settings.storage.database)
    if not path.exists():
        _err(f"no database at {path} (run tgradar replay --db {path} FILE, or tgradar run)")
        return None
    try:
        return Store(path)
    except StoreError as exc:
        _err(str(exc))
        return None


def _stored_incidents(args: argparse.Namespace):
    settings = _load_settings(args)
    try:
        since = _since(args.since)
    except argparse.ArgumentTypeError as exc:
        _err(str(exc))
        return settings, None
    region = None
    if args.region:
        from bot.config import resolve_region

        try:
            region = resolve_region(args.region)
        except ValueError as exc:
            _err(f"--region: {exc}")
            return settings, None
    store = _open_store(args, settings)
    if store is None:
        return settings, None
    try:
        return settings, store.incidents(since=since, region=region)
    finally:
        store.close()


def cmd_incidents(args: argparse.Namespace) -> int:
    settings, incidents = _stored_incidents(args)
    if incidents is None:
        return EXIT_BAD_INPUT
    if args.json or not sys.stdout.isatty():
        for incident in incidents:
            print(json.dumps(incident.to_json(), ensure_ascii=False))
    else:
        _print_table(incidents, settings)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from bot.export import to_csv, to_geojson

    _, incidents = _stored_incidents(args)
    if incidents is None:
        return EXIT_BAD_INPUT
    text = to_geojson(incidents) if args.format == "geojson" else to_csv(incidents)
    if args.output and args.output != "-":
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return EXIT_OK


def cmd_feedback(args: argparse.Namespace) -> int:
    settings = _load_settings(args)
    store = _open_store(args, settings)
    if store is None:
        return EXIT_BAD_INPUT
    try:
        rows = store.false_alarms()
    finally:
        store.close()
    for row in rows:
        if args.json:
            print(json.dumps(row, ensure_ascii=False))
            continue
        matched = ", ".join(json.loads(row["matched"] or "[]"))
        text = " ".join((row["text"] or "").split())[:200]
        print(f"{row['incident_id']}  {row['channel']}/{row['message_id']}  by {row['user_name']}")
        print(f"    matched: {matched or '-'}")
        print(f"    {text}")
    if not rows and not args.json:
        print("No false alarms recorded.")
    return EXIT_OK


def _setup_logs(settings, as_json: bool = False) -> None:
    from bot.logs import setup_logging

    secrets = settings.secrets
    setup_logging(
        settings.log.level,
        "json" if as_json else settings.log.format,
        [secrets.api_hash, secrets.bot_token, secrets.session],
    )


def cmd_run(args: argparse.Namespace) -> int:
    import asyncio

    from bot.runner import run_daemon

    settings = _load_settings(args)
    _setup_logs(settings, args.log_json)
    return asyncio.run(run_daemon(settings))


def cmd_login(args: argparse.Namespace) -> int:
    import asyncio

    from bot.telegram.login import login

    settings = _load_settings(args)
    _setup_logs(settings)
    return asyncio.run(login(settings, qr=args.qr))


def cmd_eval(args: argparse.Namespace) -> int:
    from bot.evaluate import evaluate_file

    settings = _load_settings(args)
    try:
        report = evaluate_file(Path(args.file), _detector(settings))
    except (FileNotFoundError, ValueError) as exc:
        return _input_failure(exc)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(report.to_text())
    return EXIT_OK


def cmd_doctor(args: argparse.Namespace) -> int:
    import asyncio

    from bot.config import ConfigError
    from bot.preflight import config_failure, passed, preflight, render

    try:
        settings = _load_settings(args)
    except ConfigError as exc:
        print(render(config_failure(exc)))
        return EXIT_BAD_INPUT
    if not args.quiet:
        print("effective config (secrets masked):")
        print(json.dumps(settings.masked(), ensure_ascii=False, indent=2, default=str))
        print()
    checks = asyncio.run(preflight(settings, offline=args.offline))
    print(render(checks))
    return EXIT_OK if passed(checks) else EXIT_BAD_INPUT


# -- parser ----------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tgradar",
        description="Watch Telegram channels for regional incident reports, group them into "
        "incidents, and keep one live card per incident in a review chat.",
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="TOML config (default: $TGRADAR_CONFIG, else the embedded defaults)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("run", help="start the daemon: poll the channels, keep the cards, answer")
    p.add_argument("--log-json", action="store_true", help="logs as JSON lines (for collectors)")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("login", help="log the watching account in (phone, code, password or QR)")
    p.add_argument("--qr", action="store_true", help="log in by scanning a QR code instead")
    p.set_defaults(func=cmd_login)

    p = sub.add_parser("classify", help="detect incidents in posts; one detection JSON per post")
    p.add_argument("file", nargs="?", default="-", help="Post JSONL or Telegram export, or -")
    p.add_argument("--explain", action="store_true",
                   help="add, for each place named, its candidates and the evidence that chose one")
    p.set_defaults(func=cmd_classify)

    p = sub.add_parser("replay", help="run posts through detect, grouping and the store")
    p.add_argument("file", help="Post JSONL or Telegram Desktop export (result.json), or -")
    p.add_argument("--db", metavar="PATH", help="database file (default: in memory)")
    p.add_argument("--pretty", action="store_true", help="a readable table instead of JSONL")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_replay)

    p = sub.add_parser(
        "demo",
        help="run the whole daemon against a simulated Telegram publishing the sample feed",
    )
    p.add_argument("--speed", type=float, default=1.0, help="2 = twice as fast (default 1: ~30 s)")
    p.add_argument("--json", action="store_true", help="print only a summary, as one JSON object")
    p.add_argument("--feed", metavar="FILE", help="another Post JSONL feed to publish")
    p.add_argument("--db", metavar="PATH", help="keep the database in this file (default: memory)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("eval", help="precision/recall/F1 of detection on a labelled JSONL file")
    p.add_argument("file", help="labelled posts (see tests/data/README.md)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("incidents", help="incidents in the database (a table, or JSON lines)")
    p.add_argument("--since", help="a duration back from now (24h, 7d) or an ISO date")
    p.add_argument("--region", help="ISO 3166-2 code or a region name")
    p.add_argument("--json", action="store_true", help="JSON lines even on a terminal")
    p.add_argument("--db", metavar="PATH", help="database file (default: from the config)")
    p.set_defaults(func=cmd_incidents)

    p = sub.add_parser(
        "export", help="incidents as GeoJSON or CSV points for QGIS, uMap, kepler.gl"
    )
    p.add_argument("--format", choices=("geojson", "csv"), default="geojson")
    p.add_argument("--since", help="a duration back from now (24h, 7d) or an ISO date")
    p.add_argument("--region", help="ISO 3166-2 code or a region name")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    p.add_argument("--db", metavar="PATH", help="database file (default: from the config)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("feedback", help="posts behind incidents reviewers marked as false alarms")
    p.add_argument("--json", action="store_true", help="JSON lines")
    p.add_argument("--db", metavar="PATH", help="database file (default: from the config)")
    p.set_defaults(func=cmd_feedback)

    p = sub.add_parser("doctor", help="pre-flight check of the setup; prints the effective config")
    p.add_argument("--offline", action="store_true", help="skip the Telegram checks")
    p.add_argument("--quiet", action="store_true", help="only the checks, not the config")
    p.set_defaults(func=cmd_doctor)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from bot.config import ConfigError

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.func(args))
    except ConfigError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
