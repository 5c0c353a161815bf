"""The tgradar command."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, TextIO
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from bot.detect import Detector

EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2

REPLAY_BATCH = 500


def sample_feed_path() -> Path:
    return Path(str(resources.files("bot") / "data" / "sample_feed.jsonl"))


def _err(message: str) -> None:
    from bot.logs import redact

    print(f"tgradar: {redact(message)}", file=sys.stderr)


def _note(message: str) -> None:
    """Information for the person, not data: stderr, so stdout can be piped."""
    print(message, file=sys.stderr)


def _load_settings(args: argparse.Namespace, *, secrets: bool = False):  # -> Settings
    """The settings; the secrets are read (and checked) only for commands that talk to
    Telegram, so a bad TGRADAR_API_ID does not stop `tgradar export`."""
    from bot.config import load_settings

    config = getattr(args, "config", None)
    return load_settings(Path(config) if config else None, secrets=secrets)


def _detector(settings):  # -> Detector
    from bot.detect import Detector

    return Detector(home_regions=dict(settings.channels.home_regions))


class _Progress:
    """A progress bar on stderr when it is a terminal, nothing otherwise; stdout stays data."""

    def __init__(self, enabled: bool, label: str) -> None:
        self.bar = None
        if enabled:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.bar = Progress(
                SpinnerColumn(),
                TextColumn(f"{label} {{task.completed}} posts"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
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

    if isinstance(exc, FileNotFoundError):
        _err(f"no such file: {exc.filename or exc}")
    elif isinstance(exc, OSError):  # a name too long, no permission, a directory, ...
        _err(f"cannot read {exc.filename or 'the input'}: {exc.strerror or exc}")
    else:  # NotAnExportError, UnicodeDecodeError, any other ValueError: never a traceback
        _err(str(exc) or type(exc).__name__)
    return EXIT_BAD_INPUT


# -- commands -------------------------------------------------------------------


def cmd_classify(args: argparse.Namespace) -> int:
    settings = _load_settings(args)
    detector = _detector(settings)
    errors: list[str] = []
    out: TextIO = sys.stdout
    from bot.detect.profiles import in_input_order, memory_for, read_in_date_order

    explain = getattr(args, "explain", False)
    # Each post with the context of its channel's earlier posts in the input: the profile
    # learned from them (signature, usual region) and what a follow-up follows. Posts are
    # read in date order within a bounded window (a dump written newest first reads as the
    # channel wrote it), a channel's first posts with the profile of its posts at hand (the
    # input is read ahead while the channel's profile has room); the lines come out in the
    # input's order.
    memory = memory_for(detector)

    def lines() -> Iterator[tuple[int, str]]:
        for index, post, context in read_in_date_order(_open_input(args.file, errors), memory):
            detection = detector.detect(post, context)
            memory.remember(post, detection)
            record = detection.to_json()
            if explain:
                record["explain"] = detector.explain(post, context)
            yield index, json.dumps(record, ensure_ascii=False) + "\n"

    try:
        for line in in_input_order(lines()):
            out.write(line)
    except (OSError, ValueError) as exc:
        return _input_failure(exc)
    return EXIT_BAD_INPUT if errors else EXIT_OK


def _replay_into(
    store, settings, source: str, errors: list[str], progress: bool
) -> ReplayCounts:
    """Run every post of `source` through the pipeline, a batch at a time; what it did.

    Streams: only the batch under way and the grouper's open waves are in memory.
    """
    from bot.pipeline import Pipeline

    pipeline = Pipeline(
        store,
        _detector(settings),
        gap=settings.incidents.gap,
        max_duration=settings.incidents.max_duration,
        edit_window=settings.poll.edit_window,
    )
    counts = ReplayCounts()
    bar = _Progress(progress, "replaying")

    def ingest(batch: list) -> None:
        try:
            counts.add(pipeline.ingest(batch))
        except (ValueError, TypeError, OverflowError, sqlite3.Error) as exc:
            if len(batch) == 1:  # this post, and only it, cannot be stored
                post = batch[0]
                problem = f"{source}: post {post.channel}/{post.id} not stored: {exc}"[:300]
                errors.append(problem)
                _err(problem)
                return
            for post in batch:  # a batch is one transaction: find the bad post, keep the rest
                ingest([post])
            return
        bar.advance(len(batch))

    try:
        from bot.date_order import by_date

        batch = []
        for post in by_date(_open_input(source, errors)):
            batch.append(post)
            if len(batch) >= REPLAY_BATCH:
                ingest(batch)
                batch = []
        if batch:
            ingest(batch)
    finally:
        bar.close()
    return counts


@dataclass
class ReplayCounts:
    """What a replay did, counted as it goes (the posts themselves are not kept)."""

    new: int = 0
    duplicates: int = 0
    edited: int = 0
    opened: set[str] = field(default_factory=set)
    touched: set[str] = field(default_factory=set)

    def add(self, result) -> None:  # IngestResult
        from bot.incidents import MERGED, OPENED

        self.new += len(result.new)
        self.duplicates += result.duplicates
        self.edited += len(result.edited)
        for change in result.changes:
            if change.kind == MERGED:  # its reports are the survivor's, which is printed
                self.touched.discard(change.incident.id)
                self.opened.discard(change.incident.id)
                continue
            self.touched.add(change.incident.id)
            if change.kind == OPENED:
                self.opened.add(change.incident.id)


def replay_summary(counts: ReplayCounts, before: int, after: int, db: str) -> str:
    """What a replay added to a database: posts new and already there, incidents."""
    opened = len(counts.opened)
    updated = len(counts.touched) - opened
    posts = f"{counts.new} new post(s)"
    if counts.duplicates:
        posts += f", {counts.duplicates} already stored"
    if counts.edited:
        posts += f", {counts.edited} edited"
    return (
        f"{db}: {posts}; {opened} incident(s) opened, {updated} updated; "
        f"the database holds {after} incident(s) (was {before})"
    )


def _replay_store(path: str | None, scratch: Path):  # -> Store
    """The database to replay into: the file asked for, else a scratch file (not memory, so
    a long replay does not hold every post in memory; deleted afterwards)."""
    from bot.store import Store

    if path:
        return Store(Path(path))
    store = Store(scratch / "replay.db")
    store.db.execute("PRAGMA synchronous = OFF")  # a scratch file: nothing to keep after a crash
    return store


def cmd_replay(args: argparse.Namespace) -> int:
    import tempfile

    from bot.store import StoreError

    settings = _load_settings(args)
    errors: list[str] = []
    with tempfile.TemporaryDirectory(prefix="tgradar-replay-") as scratch:
        try:
            store = _replay_store(args.db, Path(scratch))
        except StoreError as exc:
            _err(str(exc))
            return EXIT_BAD_INPUT
        try:
            before = store.count("incidents")
            counts = _replay_into(
                store, settings, args.file, errors, progress=sys.stderr.isatty() and not args.quiet
            )
            if args.db and not args.quiet:
                _note(replay_summary(counts, before, store.count("incidents"), args.db))
            touched = store.iter_incidents(counts.touched)
            if args.pretty:
                _print_table(list(touched), settings)
            else:
                for incident in touched:
                    print(json.dumps(incident.to_json(), ensure_ascii=False))
        except (OSError, ValueError) as exc:
            return _input_failure(exc)
        except StoreError as exc:
            _err(str(exc))
            return EXIT_BAD_INPUT
        finally:
            store.close()
    return EXIT_BAD_INPUT if errors else EXIT_OK


def _print_table(incidents: Sequence, settings, title: str = "Incidents") -> None:
    from rich.console import Console

    from bot.tables import incident_table

    # A terminal's own width; otherwise $COLUMNS (rich reads it) or rich's 80.
    console = Console()
    zone = ZoneInfo(settings.review.timezone)
    console.print(incident_table(incidents, zone, title=title, width=console.width))


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
        console.rule("tgradar demo: the review chat and a subscriber, as they see them")
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


def cmd_map(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from bot.maps import night_map, render_map

    settings, incidents = _stored_incidents(args)
    if incidents is None:
        return EXIT_BAD_INPUT
    since = _since(args.since)
    data = night_map(incidents, since, datetime.now(UTC))
    lang = args.lang or settings.review.language
    png = render_map(data, lang, ZoneInfo(settings.review.timezone))
    try:
        Path(args.output).write_bytes(png)
    except OSError as exc:
        _err(f"cannot write {args.output}: {exc.strerror or exc}")
        return EXIT_BAD_INPUT
    print(
        f"{args.output}: {data.incidents} incident(s) in {len(data.by_region)} region(s), "
        f"{len(data.spots)} place(s)",
        file=sys.stderr,
    )
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

    settings = _load_settings(args, secrets=True)
    _setup_logs(settings, args.log_json)
    return asyncio.run(run_daemon(settings))


def cmd_login(args: argparse.Namespace) -> int:
    import asyncio

    from bot.telegram.login import login

    settings = _load_settings(args, secrets=True)
    _setup_logs(settings)
    return asyncio.run(login(settings, qr=args.qr, string=args.string, account=args.account))


def cmd_eval(args: argparse.Namespace) -> int:
    from bot.evaluate import DevSetError, evaluate_file

    settings = _load_settings(args)
    if len(args.files) > 1 or args.scores_only or _held_out(args.files[0]):
        return _eval_several(list(dict.fromkeys(args.files)), _detector(settings), args.json)
    errors: list[str] = []
    try:
        report = evaluate_file(Path(args.files[0]), _detector(settings), errors)
    except DevSetError as exc:
        _err(str(exc))
        return EXIT_BAD_INPUT
    except (OSError, ValueError) as exc:
        return _input_failure(exc)
    for problem in errors:
        _err(problem)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(report.to_text())
    return EXIT_BAD_INPUT if errors else EXIT_OK


def _held_out(name: str) -> bool:
    """A held-out set (tests/data/README.md: its file name starts with "heldout") is scored
    without its posts, even alone: a figure on posts nobody has read keeps its meaning."""
    return Path(name).name.lower().startswith("heldout")


def _eval_several(files: list[str], detector: Detector, as_json: bool) -> int:
    """Each file scored on its own (its own channel memory); a table or each file's scores,
    never the posts behind the errors. A file that cannot be read is named and skipped."""
    from bot.evaluate import DevSetError, compare_text, evaluate_file

    scored = []
    failed = False
    for name in files:
        errors: list[str] = []
        try:
            report = evaluate_file(Path(name), detector, errors)
        except DevSetError as exc:
            _err(str(exc))
            failed = True
            continue
        except (OSError, ValueError) as exc:
            _input_failure(exc)
            failed = True
            continue
        for problem in errors:
            _err(problem)
        failed = failed or bool(errors)
        scored.append((name, report))
    if as_json:
        out = {name: {"scores": report.to_json()["scores"]} for name, report in scored}
        print(json.dumps(out, ensure_ascii=False, indent=2))
    elif scored:
        print(compare_text(scored))
    return EXIT_BAD_INPUT if failed else EXIT_OK


def cmd_channels(args: argparse.Namespace) -> int:
    from bot.store import StoreError

    settings = _load_settings(args)
    try:
        store = _open_store(args, settings)
    except StoreError as exc:
        _err(str(exc))
        return EXIT_BAD_INPUT
    if store is None:
        return EXIT_BAD_INPUT
    configured = {k.lower().lstrip("@"): v for k, v in settings.channels.home_regions.items()}
    try:
        rows = store.channel_profiles()
    finally:
        store.close()
    if args.json:
        for profile, posts, updated in rows:
            print(
                json.dumps(
                    {
                        "channel": profile.channel,
                        "kind": profile.kind,
                        "home_regions": list(profile.home_regions),
                        "configured_home_region": configured.get(profile.channel),
                        "signature": sorted(profile.signature),
                        "posts": posts,
                        "updated_at": updated,
                    },
                    ensure_ascii=False,
                )
            )
        return EXIT_OK
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(title="Channel profiles")
    for column in ("channel", "kind", "home region", "signature", "posts", "updated"):
        table.add_column(column)
    for profile, posts, updated in rows:
        learned = ", ".join(profile.home_regions) or "-"
        home = configured.get(profile.channel)
        where = f"{home} (configured; learned {learned})" if home else learned
        signature = " / ".join(sorted(profile.signature)) or "-"
        table.add_row(
            escape(profile.channel), profile.kind, where, escape(signature), str(posts), updated
        )
    Console().print(table)
    if not rows:
        print("no channel profiles yet: they are learned as posts arrive (run, replay --db)")
    return EXIT_OK


def cmd_doctor(args: argparse.Namespace) -> int:
    import asyncio
    from dataclasses import replace

    from bot.config import ConfigError, read_secrets_each
    from bot.preflight import config_failure, passed, preflight, render

    try:
        settings = _load_settings(args)
    except ConfigError as exc:
        print(render(config_failure(exc)))
        return EXIT_USAGE
    # Each secret on its own: a malformed one is reported and the others are still used.
    secrets, problems = read_secrets_each()
    settings = replace(settings, secrets=secrets)
    if not args.quiet:
        print("effective config (secrets masked):")
        print(json.dumps(settings.masked(), ensure_ascii=False, indent=2, default=str))
        print()
    checks = asyncio.run(preflight(settings, offline=args.offline, secret_problems=problems))
    print(render(checks))
    if problems:
        return EXIT_USAGE
    return EXIT_OK if passed(checks) else EXIT_BAD_INPUT


# -- parser ----------------------------------------------------------------------

CONFIG_HELP = "TOML config (default: $TGRADAR_CONFIG, else the embedded defaults)"

# Each command: (name, one-line help for the list, description for its own --help).
COMMANDS: dict[str, tuple[str, str]] = {
    "run": (
        "start the daemon: poll the channels, keep the cards, answer subscribers",
        "Start the daemon: poll the watched channels, group their reports into incidents, "
        "keep one card per incident in the review chat and answer subscribers. Needs the "
        "secrets (TGRADAR_API_ID, TGRADAR_API_HASH, TGRADAR_BOT_TOKEN) and a login "
        "(`tgradar login`). Stops cleanly on SIGTERM or Ctrl-C.",
    ),
    "login": (
        "log the watching account in (phone, code, password or QR)",
        "Log the watching user account in at a terminal (phone number, login code and "
        "two-step password, or a QR code) and save its session in the data directory, "
        "owner-only. With --string it also prints the login as a Telethon StringSession for "
        "TGRADAR_SESSION.",
    ),
    "classify": (
        "detect incidents in posts; one detection JSON per post",
        "Run detection on every post of a Post JSONL file or a Telegram Desktop export and "
        "print one Detection JSON line per post, in order. Each post is read with the "
        "context of its channel's earlier posts in the input (learned signature and usual "
        "region, the report a follow-up follows); a channel's first posts with the profile "
        "its next ones show (the input is read ahead, at most 2,000 posts, while a channel "
        "has fewer than 50 posts behind it). Posts are read in date order within windows of "
        "2,000, so a dump written newest first reads as the channel wrote it; the lines "
        "keep the input's order. Nothing is stored.",
    ),
    "replay": (
        "run posts through detect, grouping and the store",
        "Run posts through detection, grouping and the store as the daemon would, and "
        "print the incidents they touched as JSON lines (or a table with --pretty). "
        "Replaying into an existing database (--db) adds only what is new and says what "
        "it added.",
    ),
    "demo": (
        "run the whole daemon against a simulated Telegram publishing the sample feed",
        "Run the whole daemon against an in-process simulated Telegram: channels publish "
        "the sample night, the review chat is printed as cards appear and change, a "
        "reviewer confirms one, a subscriber's view is shown, and a summary closes. No "
        "account or network needed.",
    ),
    "eval": (
        "precision/recall/F1 of detection on a labelled JSONL file",
        "Score detection on a labelled JSONL file: precision, recall and F1 for incident, "
        "region and type, per language, and the posts it got wrong. With several files, one "
        "table row per file (posts, incident P/R/F1, region F1, type F1, incident F1 per "
        "language) and no posts shown, so held-out sets can be scored beside the dev set. "
        "A held-out set (a file whose name starts with \"heldout\") is always scored that "
        "way, alone too; --scores-only does the same for any file.",
    ),
    "incidents": (
        "incidents in the database (a table, or JSON lines)",
        "List the incidents in the database: a table that fits the terminal, or JSON lines "
        "with --json (and whenever stdout is not a terminal).",
    ),
    "export": (
        "incidents as GeoJSON or CSV for QGIS, uMap, kepler.gl",
        "Export the incidents in the database for QGIS, uMap or kepler.gl: GeoJSON with one "
        "Feature per incident (its settlements, else its region's visual centre), or CSV with "
        "a row per point, UTF-8 with a byte order mark so that Excel reads it.",
    ),
    "map": (
        "draw the incidents on a map of Russia and Ukraine (PNG)",
        "Draw the incidents seen since --since on a map of Russia and Ukraine: regions shaded "
        "by incident count, settlements as points sized by reports, a legend and the time "
        "span. Works offline.",
    ),
    "feedback": (
        "posts behind incidents reviewers marked as false alarms",
        "List the posts behind incidents that reviewers marked as false alarms, with the "
        "terms that fired, to improve the lexicon.",
    ),
    "channels": (
        "each channel's learned profile: kind, home region, signature lines",
        "Show each channel's profile as learned from its own posts in the database: its "
        "kind (alert lines or news), its usual region (and the configured home region, "
        "which wins), the signature lines its posts repeat (left out before detection) and "
        "how many posts it was learned from.",
    ),
    "doctor": (
        "pre-flight check of the setup; prints the effective config",
        "Check the setup before `tgradar run`, one line per item (OK, WARN, FAIL or SKIP "
        "with the fix to apply): config, secrets, data directory, disk, database, session, "
        "both logins, the bot's right to post in the review chat, every channel. Prints the "
        "effective config with secrets masked. Exit status: 0 all good, 1 a check failed, "
        "2 the config or a secret is malformed.",
    ),
}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tgradar")
    except PackageNotFoundError:
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tgradar",
        description="Watch Telegram channels for regional incident reports, group them into "
        "incidents, and keep one live card per incident in a review chat.",
    )
    parser.add_argument("--version", action="version", version=f"tgradar {_version()}")
    parser.add_argument("--config", metavar="FILE", help=CONFIG_HELP)
    # --config is also accepted after the command (`tgradar doctor --config x`); SUPPRESS
    # keeps a subcommand without it from overwriting the one given before the command.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", metavar="FILE", default=argparse.SUPPRESS, help=CONFIG_HELP)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str) -> argparse.ArgumentParser:
        short, long = COMMANDS[name]
        return sub.add_parser(name, help=short, description=long, parents=[common])

    p = command("run")
    p.add_argument("--log-json", action="store_true", help="logs as JSON lines (for collectors)")
    p.set_defaults(func=cmd_run)

    p = command("login")
    p.add_argument("--qr", action="store_true", help="log in by scanning a QR code instead")
    p.add_argument(
        "--string",
        action="store_true",
        help="also print the login as a StringSession (for TGRADAR_SESSION)",
    )
    p.add_argument(
        "--account",
        default="default",
        metavar="NAME",
        help="another watching account of the pool (session data/tgradar-NAME.session); "
        "list it in [accounts] names",
    )
    p.set_defaults(func=cmd_login)

    p = command("classify")
    p.add_argument("file", nargs="?", default="-", help="Post JSONL or Telegram export, or -")
    p.add_argument("--explain", action="store_true",
                   help="add, for each place named, its candidates and the evidence that chose one")
    p.set_defaults(func=cmd_classify)

    p = command("replay")
    p.add_argument("file", help="Post JSONL or Telegram Desktop export (result.json), or -")
    p.add_argument("--db", metavar="PATH", help="database file (default: in memory)")
    p.add_argument("--pretty", action="store_true", help="a readable table instead of JSONL")
    p.add_argument("--quiet", action="store_true", help="no progress bar, no summary")
    p.set_defaults(func=cmd_replay)

    p = command("demo")
    p.add_argument("--speed", type=float, default=1.0, help="2 = twice as fast (default 1: ~30 s)")
    p.add_argument("--json", action="store_true", help="print only a summary, as one JSON object")
    p.add_argument("--feed", metavar="FILE", help="another Post JSONL feed to publish")
    p.add_argument("--db", metavar="PATH", help="keep the database in this file (default: memory)")
    p.set_defaults(func=cmd_demo)

    p = command("eval")
    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="labelled posts (see tests/data/README.md); with several files, one table row each",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="machine-readable output (with several files: each file's scores only)",
    )
    p.add_argument(
        "--scores-only",
        action="store_true",
        help="a row of scores per file and no posts, for one file too "
        "(always so for a held-out set, heldout*.jsonl)",
    )
    p.set_defaults(func=cmd_eval)

    p = command("incidents")
    p.add_argument("--since", help="a duration back from now (24h, 7d) or an ISO date")
    p.add_argument("--region", help="ISO 3166-2 code or a region name")
    p.add_argument("--json", action="store_true", help="JSON lines even on a terminal")
    p.add_argument("--db", metavar="PATH", help="database file (default: from the config)")
    p.set_defaults(func=cmd_incidents)

    p = command("export")
    p.add_argument("--format", choices=("geojson", "csv"), default="geojson")
    p.add_argument("--since", help="a duration back from now (24h, 7d) or an ISO date")
    p.add_argument("--region", help="ISO 3166-2 code or a region name")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    p.add_argument("--db", metavar="PATH", help="database file (default: from the config)")
    p.set_defaults(func=cmd_export)

    p = command("map")
    p.add_argument("--since", default="12h", help="a duration back from now or an ISO date (12h)")
    p.add_argument("--region", help="only this region (ISO 3166-2 code or a name)")
    p.add_argument("--lang", choices=("ru", "uk", "en"), help="labels (default: review.language)")
    p.add_argument("-o", "--output", metavar="FILE", default="night.png", help="(night.png)")
    p.add_argument("--db", metavar="PATH", help="database file (default: from the config)")
    p.set_defaults(func=cmd_map)

    p = command("feedback")
    p.add_argument("--json", action="store_true", help="JSON lines")
    p.add_argument("--db", metavar="PATH", help="database file (default: from the config)")
    p.set_defaults(func=cmd_feedback)

    p = command("channels")
    p.add_argument("--json", action="store_true", help="JSON lines")
    p.add_argument("--db", metavar="PATH", help="database file (default: from the config)")
    p.set_defaults(func=cmd_channels)

    p = command("doctor")
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
