"""The SQLite store (sqlite-utils): schema, migrations and every query.

One file, WAL mode, foreign keys on. Every ingested batch (posts, detections,
incident changes, outbox rows, the channel cursor) is one transaction, so a
crash leaves either all of a batch or none of it.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import sqlite_utils

from bot import faults
from bot.detect.context import ChannelProfile
from bot.incidents import IncidentChange, fingerprint
from bot.models import Detection, Incident, Place, Post, Report, Review, iso, parse_iso


class StoreError(Exception):
    """The database cannot be opened or written; the message says which file and why."""


def _now() -> str:
    return iso(datetime.now(UTC))


def _dumps(value: Any) -> str:
    if not value and isinstance(value, list):
        return "[]"  # most detections are of no incident: every list empty
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# -- schema and migrations ---------------------------------------------------


def _v1_initial(db: sqlite_utils.Database) -> None:
    db["channels"].create(
        {
            "username": str,  # lower-case username, or the numeric id as text
            "peer_id": int,
            "access_hash": int,
            "title": str,
            "home_region": str,
            "cursor": int,  # highest message id ingested
            "state": str,  # active | failing | removed
            "failures": int,
            "last_error": str,
            "last_poll_at": str,
            "next_poll_at": str,
            "poll_interval": float,
            "added_at": str,
        },
        pk="username",
        defaults={"cursor": 0, "state": "active", "failures": 0},
        not_null={"username"},
    )
    db["posts"].create(
        {
            "channel": str,
            "message_id": int,
            "date": str,
            "text": str,
            "url": str,
            "views": int,
            "forwarded_from": str,
            "forwarded_id": int,
            "edit_date": str,
            "grouped_id": int,
            "extra": str,  # JSON: fields of the input kept as they were
            "ingested_at": str,
        },
        pk=("channel", "message_id"),
        foreign_keys=[("channel", "channels", "username")],
        not_null={"channel", "message_id", "date"},
    )
    db["posts"].create_index(["date"])
    db["channels"].create_index(["peer_id"])
    # sqlite-utils declares single-column foreign keys only; these two point at a post's
    # composite key, so they are declared in SQL.
    db.execute(
        """CREATE TABLE detections (
            channel TEXT NOT NULL,
            message_id INTEGER NOT NULL,
            incident INTEGER,
            all_clear INTEGER,
            types TEXT, regions TEXT, places TEXT, counts TEXT, sources TEXT,
            status TEXT, lang TEXT, matched TEXT, detected_at TEXT,
            PRIMARY KEY (channel, message_id),
            FOREIGN KEY (channel, message_id) REFERENCES posts (channel, message_id)
        )"""
    )
    db["incidents"].create(
        {
            "id": str,
            "region": str,
            "types": str,
            "places": str,
            "first_seen": str,
            "last_seen": str,
            "closed_at": str,
            "review": str,
            "version": int,
            "retracted": int,
            "updated_at": str,
        },
        pk="id",
        defaults={"review": "pending", "version": 1, "retracted": 0},
        not_null={"id", "region", "first_seen", "last_seen"},
    )
    db["incidents"].create_index(["region", "last_seen"])
    db["incidents"].create_index(["last_seen"])
    db.execute(
        """CREATE TABLE incident_reports (
            incident_id TEXT NOT NULL REFERENCES incidents (id),
            channel TEXT NOT NULL,
            message_id INTEGER NOT NULL,
            date TEXT, url TEXT, types TEXT, counts TEXT, sources TEXT, places TEXT,
            status TEXT, copy_of TEXT, all_clear INTEGER,
            PRIMARY KEY (incident_id, channel, message_id),
            FOREIGN KEY (channel, message_id) REFERENCES posts (channel, message_id)
        )"""
    )
    db["incident_reports"].create_index(["channel", "message_id"])
    db["outbox"].create(
        {
            "id": int,
            "dedupe_key": str,  # one pending row per logical message: "card:<incident>:<chat>"
            "kind": str,  # card | text
            "action": str,  # send | edit
            "chat": str,
            "incident_id": str,
            "payload": str,  # JSON: text, buttons, parse mode
            "random_id": int,
            "state": str,  # pending | sent | failed
            "attempts": int,
            "next_attempt_at": str,
            "last_error": str,
            "message_id": int,  # Telegram's id of the sent message
            "created_at": str,
            "sent_at": str,
        },
        pk="id",
        defaults={"state": "pending", "attempts": 0},
        foreign_keys=[("incident_id", "incidents", "id")],
    )
    db["outbox"].create_index(["state", "chat", "id"])
    db["outbox"].create_index(["dedupe_key", "state"])
    db["cards"].create(
        {
            "incident_id": str,
            "chat": str,
            "message_id": int,
            "digest": str,  # of the text and buttons last sent, to skip edits that change nothing
            "sent_at": str,
            "edited_at": str,
            "edits": int,
        },
        pk=("incident_id", "chat"),
        defaults={"edits": 0},
        foreign_keys=[("incident_id", "incidents", "id")],
    )
    db["reviews"].create(
        {
            "id": int,
            "incident_id": str,
            "user_id": int,
            "user_name": str,
            "decision": str,
            "decided_at": str,
        },
        pk="id",
        foreign_keys=[("incident_id", "incidents", "id")],
    )
    db["reviews"].create_index(["incident_id"])
    db["subscriptions"].create(
        {
            "id": int,
            "user_id": int,
            "region": str,  # ISO code, or "*" for everything
            "types": str,  # JSON list; empty = all kinds
            "mode": str,  # fast | confirmed
            "created_at": str,
        },
        pk="id",
    )
    db["subscriptions"].create_index(["user_id", "region"], unique=True)
    db["subscriptions"].create_index(["region"])


def _v2_post_fingerprints(db: sqlite_utils.Database) -> None:
    """Verbatim copies are recognised across restarts by a fingerprint of the text."""
    db["posts"].add_column("fingerprint", str)
    for row in list(db.query("SELECT channel, message_id, text FROM posts")):
        db.execute(
            "UPDATE posts SET fingerprint = ? WHERE channel = ? AND message_id = ?",
            [fingerprint(row["text"] or ""), row["channel"], row["message_id"]],
        )
    db["posts"].create_index(["fingerprint"])


def _v3_subscriptions(db: sqlite_utils.Database) -> None:
    """Subscribers with their preferences, places down to a settlement, digests sent."""
    db["subscribers"].create(
        {
            "user_id": int,
            "chat": str,  # where their alerts go: the private chat with the bot
            "lang": str,  # ru | en
            "mode": str,  # fast | confirmed
            "types": str,  # JSON list; empty = every kind
            "muted_until": str,
            "quiet": str,  # JSON {"start": "23:00", "end": "07:00"} or NULL
            "timezone": str,
            "digest": int,
            "paused": int,
            "paused_reason": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="user_id",
        defaults={"mode": "fast", "types": "[]", "digest": 0, "paused": 0, "lang": "ru"},
    )
    db["subscribers"].create_index(["chat"])
    db["subscriptions"].add_column("place", str, not_null_default="")
    for index in db["subscriptions"].indexes:
        if index.unique and index.columns == ["user_id", "region"]:
            db.execute(f"DROP INDEX [{index.name}]")
    db["subscriptions"].create_index(["user_id", "region", "place"], unique=True)
    db["digests"].create(
        {"key": str, "chat": str, "message_id": int, "sent_at": str},
        pk="key",
    )


def _v4_status_and_subscriber_keys(db: sqlite_utils.Database) -> None:
    """`incidents.status` (official/unconfirmed) for SQL; subscriptions.user_id references
    subscribers (a subscription without its subscriber gets one, with the defaults)."""
    db["incidents"].add_column("status", str)
    for (incident_id,) in db.execute("SELECT id FROM incidents").fetchall():
        official = db.execute(
            "SELECT 1 FROM incident_reports WHERE incident_id = ? AND status = 'official' LIMIT 1",
            [incident_id],
        ).fetchone()
        db.execute(
            "UPDATE incidents SET status = ? WHERE id = ?",
            ["official" if official else "unconfirmed", incident_id],
        )
    db["incidents"].create_index(["status"])
    now = _now()
    db.execute(
        "INSERT INTO subscribers (user_id, chat, created_at, updated_at) "
        "SELECT DISTINCT user_id, CAST(user_id AS TEXT), ?, ? FROM subscriptions "
        "WHERE user_id NOT IN (SELECT user_id FROM subscribers)",
        [now, now],
    )
    db["subscriptions"].transform(add_foreign_keys=[("user_id", "subscribers", "user_id")])


def _v5_latest_posts_and_fast_threshold(db: sqlite_utils.Database) -> None:
    """Each channel's newest post by index (/status), a fast subscriber's threshold, and
    closed_at never before last_seen (older versions closed at the first all-clear)."""
    db["posts"].create_index(["channel", "date"], if_not_exists=True)
    db["subscribers"].add_column("fast_min", float)  # NULL: the configured default
    db.execute("UPDATE incidents SET closed_at = last_seen WHERE closed_at < last_seen")


def _v6_replies_and_channel_profiles(db: sqlite_utils.Database) -> None:
    """Replies between a channel's posts, and each channel's learned profile."""
    db["posts"].add_column("reply_to", int)
    db["detections"].add_column("region_from", str)
    db["channel_profiles"].create(
        {
            "channel": str,
            "signature": str,  # JSON list of normalised lines
            "home_regions": str,  # JSON list of ISO 3166-2 codes, learned
            "kind": str,  # alerts | news | official | unknown
            "posts": int,  # how many posts it was learned from
            "updated_at": str,
        },
        pk="channel",
    )


def _v7_channel_accounts(db: sqlite_utils.Database) -> None:
    """Live updates and a pool of accounts: which account watches a channel, whether that
    account joined it (pushes) or polls it, and the channel's pts as far as it is ingested."""
    db["channels"].add_column("account", str)
    db["channels"].add_column("joined", int, not_null_default=0)
    db["channels"].add_column("pts", int)
    db["channels"].create_index(["account"])


def _v8_channel_origin(db: sqlite_utils.Database) -> None:
    """Where a channel came from: "config" (the config file's watch list) or "command"
    (/channels add), so a channel dropped from the config file stops being watched. Rows from
    before this version stay NULL and are kept like /channels add ones: nothing is dropped
    that might have been added by hand."""
    db["channels"].add_column("added_by", str)


def _v9_merged_incidents(db: sqlite_utils.Database) -> None:
    """An incident absorbed by another of its region (a late report bridged their waves) is
    kept, retracted, with `merged_into` naming the survivor: its card says where it went."""
    db["incidents"].add_column("merged_into", str)
    db["incidents"].create_index(["merged_into"])


MIGRATIONS: Sequence[Callable[[sqlite_utils.Database], None]] = (
    _v1_initial,
    _v2_post_fingerprints,
    _v3_subscriptions,
    _v4_status_and_subscriber_keys,
    _v5_latest_posts_and_fast_threshold,
    _v6_replies_and_channel_profiles,
    _v7_channel_accounts,
    _v8_channel_origin,
    _v9_merged_incidents,
)
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(db: sqlite_utils.Database) -> int:
    if "meta" not in db.table_names():
        return 0
    row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def migrate(db: sqlite_utils.Database, target: int = SCHEMA_VERSION) -> int:
    """Bring the database to `target`, one migration per transaction. Returns the new version."""
    if "meta" not in db.table_names():
        db["meta"].create({"key": str, "value": str}, pk="key")
    current = schema_version(db)
    if current > SCHEMA_VERSION:
        raise StoreError(
            f"database schema version {current} is newer than this tgradar ({SCHEMA_VERSION}); "
            "upgrade tgradar"
        )
    for version in range(current + 1, target + 1):
        with db.atomic():
            MIGRATIONS[version - 1](db)
            db["meta"].upsert({"key": "schema_version", "value": str(version)}, pk="key")
    return max(current, target)


# -- rows <-> models ----------------------------------------------------------


def _post_row(post: Post) -> dict[str, Any]:
    return {
        "channel": post.channel,
        "message_id": post.id,
        "date": iso(post.date),
        "text": post.text,
        "url": post.url,
        "views": post.views,
        "forwarded_from": post.forwarded_from,
        "forwarded_id": post.forwarded_id,
        "edit_date": iso(post.edit_date) if post.edit_date else None,
        "grouped_id": post.grouped_id,
        "reply_to": post.reply_to,
        "extra": _dumps(post.extra) if post.extra else None,
        "fingerprint": fingerprint(post.text),
        "ingested_at": _now(),
    }


def post_from_row(row: dict[str, Any]) -> Post:
    return Post(
        channel=row["channel"],
        id=row["message_id"],
        date=parse_iso(row["date"]),
        text=row["text"] or "",
        url=row["url"],
        views=row["views"],
        forwarded_from=row["forwarded_from"],
        forwarded_id=row["forwarded_id"],
        edit_date=parse_iso(row["edit_date"]) if row["edit_date"] else None,
        grouped_id=row["grouped_id"],
        reply_to=row.get("reply_to"),
        extra=json.loads(row["extra"]) if row["extra"] else {},
    )


def _detection_row(detection: Detection) -> dict[str, Any]:
    data = detection.to_json()
    return {
        "channel": detection.channel,
        "message_id": detection.id,
        "incident": int(detection.incident),
        "all_clear": int(detection.all_clear),
        "types": _dumps(data["types"]),
        "regions": _dumps(data["regions"]),
        "places": _dumps(data["places"]),
        "counts": _dumps(data["counts"]),
        "sources": _dumps(data["sources"]),
        "status": detection.status,
        "lang": detection.lang,
        "matched": _dumps(data["matched"]),
        "region_from": detection.region_from,
        "detected_at": _now(),
    }


def detection_from_row(row: dict[str, Any]) -> Detection:
    data = {
        **row,
        "id": row["message_id"],
        **{
            k: json.loads(row[k] or "[]")
            for k in ("types", "regions", "places", "counts", "sources", "matched")
        },
    }
    detection = Detection.from_json(data)
    return replace(detection, region_from=row.get("region_from") or "")


def _profile_from_row(row: dict[str, Any]) -> ChannelProfile:
    return ChannelProfile(
        channel=row["channel"],
        signature=frozenset(json.loads(row["signature"] or "[]")),
        home_regions=tuple(json.loads(row["home_regions"] or "[]")),
        kind=row["kind"] or "unknown",
    )


def _incident_row(incident: Incident, retracted: bool) -> dict[str, Any]:
    return {
        "id": incident.id,
        "region": incident.region,
        "types": _dumps(list(incident.types)),
        "places": _dumps([p.to_json() for p in incident.places]),
        "first_seen": iso(incident.first_seen),
        "last_seen": iso(incident.last_seen),
        "closed_at": iso(incident.closed_at) if incident.closed_at else None,
        "status": incident.status,
        "review": incident.review,
        "version": incident.version,
        "retracted": int(retracted),
        "updated_at": _now(),
    }


def _report_row(incident_id: str, report: Report) -> dict[str, Any]:
    data = report.to_json()
    return {
        "incident_id": incident_id,
        "channel": report.channel,
        "message_id": report.post_id,
        "date": data["date"],
        "url": report.url,
        "types": _dumps(data["types"]),
        "counts": _dumps(data["counts"]),
        "sources": _dumps(data["sources"]),
        "places": _dumps(data["places"]),
        "status": report.status,
        "copy_of": _dumps(data["copy_of"]) if report.copy_of else None,
        "all_clear": int(report.all_clear),
    }


def _report_from_row(row: dict[str, Any]) -> Report:
    data = {
        **row,
        "id": row["message_id"],
        **{k: json.loads(row[k] or "[]") for k in ("types", "counts", "sources", "places")},
        "copy_of": json.loads(row["copy_of"]) if row["copy_of"] else None,
    }
    return Report.from_json(data)


@lru_cache(maxsize=64)
def _upsert(
    table: str, columns: tuple[str, ...], key: tuple[str, ...], keep: tuple[str, ...] = ()
) -> str:
    """INSERT ... ON CONFLICT DO UPDATE of `columns`, with named parameters (a row is never
    deleted, so rows that point at it stay valid); `keep` columns keep their stored value."""
    names = ", ".join(columns)
    values = ", ".join(f":{c}" for c in columns)
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in (*key, *keep))
    return (
        f"INSERT INTO {table} ({names}) VALUES ({values}) "
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}"
    )


def _upsert_rows(
    db: sqlite_utils.Database,
    table: str,
    rows: Sequence[dict[str, Any]],
    key: tuple[str, ...],
    keep: tuple[str, ...] = (),
) -> None:
    """Upsert rows that share their columns (those of the first row), in one statement."""
    if rows:
        db.conn.executemany(_upsert(table, tuple(rows[0]), key, keep), rows)


_POST_KEY = ("channel", "message_id")
# The decision that stands for r's incident: the latest by time (a merge copies decisions
# onto the surviving incident, so the latest row id is not always the latest decision).
_LATEST_REVIEW = (
    "SELECT id FROM reviews WHERE incident_id = r.incident_id "
    "ORDER BY decided_at DESC, id DESC LIMIT 1"
)
_REPORT_KEY = ("incident_id", "channel", "message_id")


# -- the store ------------------------------------------------------------------


@dataclass(frozen=True)
class OutboxRow:
    """A message to send or edit. Cards are rendered from the incident when sent."""

    dedupe_key: str
    action: str  # send | edit
    chat: str
    payload: dict[str, Any] = field(default_factory=dict)  # text messages: {"text": ...}
    incident_id: str | None = None
    kind: str = "card"  # card | text


@dataclass(frozen=True)
class Batch:
    """Everything one ingest step writes, committed together."""

    posts: Sequence[Post] = ()
    detections: Sequence[Detection] = ()
    changes: Sequence[IncidentChange] = ()
    outbox: Sequence[OutboxRow] = ()
    cursor: tuple[str, int] | None = None  # (channel, highest message id) to record


class Store:
    def __init__(self, path: str | Path | None = None) -> None:
        """Open (creating if needed) and migrate the database; None means in memory."""
        self.path = Path(path) if path is not None else None
        try:
            if self.path is None:
                self.db = sqlite_utils.Database(memory=True)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(str(self.path), timeout=30, check_same_thread=False)
                self.db = sqlite_utils.Database(conn)
                self.db.enable_wal()
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA busy_timeout = 30000")
            migrate(self.db)
            self._known_channels: set[str] = set()
        except (sqlite3.Error, OSError) as exc:
            where = self.path if self.path is not None else ":memory:"
            raise StoreError(f"cannot open database {where}: {exc}") from exc

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        try:
            with self.db.atomic():
                yield self.db
                faults.point("store-commit")  # the crash test's kill inside a transaction
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot write database {self.path or ':memory:'}: {exc}") from exc

    # -- channels --

    def ensure_channel(self, username: str, **fields: Any) -> None:
        table = self.db["channels"]
        if table.count_where("username = ?", [username]) == 0:
            table.insert({"username": username, "added_at": _now(), **fields})
        elif fields:
            table.update(username, fields)

    def channel(self, username: str) -> dict[str, Any] | None:
        rows = list(self.db["channels"].rows_where("username = ?", [username]))
        return rows[0] if rows else None

    def channel_by_peer(self, peer_id: int) -> dict[str, Any] | None:
        rows = list(self.db["channels"].rows_where("peer_id = ?", [peer_id], limit=1))
        return rows[0] if rows else None

    def watched_channels(self, configured: Sequence[str]) -> list[str]:
        """The channels the daemon watches: the configured ones, then those added with
        /channels add (resolved, and not removed since). A channel that came from the config
        file and is no longer in it is not watched."""
        added = [
            row["username"]
            for row in self.channels()
            if row["state"] != "removed"
            and row.get("peer_id")
            and row["username"] not in configured
            and row.get("added_by") != "config"
        ]
        return [*configured, *added]

    def follow_config(self, configured: Sequence[str]) -> list[str]:
        """Record the config file's watch list at start-up: its channels are marked as coming
        from it (unless /channels add took them first), and the channels that came from it but
        are no longer in it are removed, so the accounts leave them. Returns those."""
        listed = set(configured)
        with self.transaction() as db:
            for username in configured:
                if db["channels"].count_where("username = ?", [username]) == 0:
                    db["channels"].insert(
                        {"username": username, "added_at": _now(), "added_by": "config"}
                    )
            db.conn.executemany(
                "UPDATE channels SET added_by = 'config' "
                "WHERE username = ? AND added_by IS NULL",
                [(name,) for name in configured],
            )
            dropped = [
                row["username"]
                for row in db["channels"].rows_where(
                    "added_by = 'config' AND state != 'removed'", order_by="username"
                )
                if row["username"] not in listed
            ]
            db.conn.executemany(
                "UPDATE channels SET state = 'removed' WHERE username = ?",
                [(name,) for name in dropped],
            )
        return dropped

    def added_by_command(self, username: str) -> None:
        """/channels add took the channel: it stays watched whatever the config file says,
        until /channels remove."""
        self.db["channels"].update(username, {"added_by": "command"})

    def channels(self) -> list[dict[str, Any]]:
        return list(self.db["channels"].rows_where(order_by="username"))

    def update_channel(self, username: str, **fields: Any) -> None:
        self.db["channels"].update(username, fields)

    def cursor(self, username: str) -> int:
        row = self.channel(username)
        return int(row["cursor"] or 0) if row else 0

    def advance_pts(self, username: str, pts: int) -> None:
        """Every event of the channel up to `pts` is ingested; pts only moves forward."""
        with self.transaction() as db:
            db.execute(
                "UPDATE channels SET pts = MAX(COALESCE(pts, 0), ?) WHERE username = ?",
                [pts, username],
            )

    def checked(self, usernames: Sequence[str], when: str) -> None:
        """The channels were found up to date at `when` (a catch-up of joined channels)."""
        with self.transaction() as db:
            db.conn.executemany(
                "UPDATE channels SET last_poll_at = ?, failures = 0, last_error = NULL "
                "WHERE username = ?",
                [(when, name) for name in usernames],
            )

    def channels_of(self, account: str) -> list[dict[str, Any]]:
        """The watched channels assigned to `account`."""
        return list(
            self.db["channels"].rows_where(
                "account = ? AND state != 'removed'", [account], order_by="username"
            )
        )

    def left_behind(self, account: str) -> list[str]:
        """Channels removed from the watch list that `account` is still a member of."""
        return [
            row["username"]
            for row in self.db["channels"].rows_where(
                "account = ? AND state = 'removed' AND joined = 1", [account], order_by="username"
            )
        ]

    def activity(self, since: datetime) -> dict[str, int]:
        """Posts per channel dated `since` or later."""
        rows = self.db.execute(
            "SELECT channel, COUNT(*) FROM posts WHERE date >= ? GROUP BY channel", [iso(since)]
        ).fetchall()
        return {channel: count for channel, count in rows}

    def channel_counts(self) -> dict[str, tuple[int, int]]:
        """Per account: (joined channels, polled channels), removed ones left out."""
        counts: dict[str, tuple[int, int]] = {}
        for row in self.db.execute(
            "SELECT account, SUM(joined), SUM(1 - joined) FROM channels "
            "WHERE state != 'removed' AND account IS NOT NULL GROUP BY account"
        ).fetchall():
            counts[row[0]] = (int(row[1] or 0), int(row[2] or 0))
        return counts

    # -- posts --

    def has_post(self, channel: str, message_id: int) -> bool:
        return (
            self.db["posts"].count_where("channel = ? AND message_id = ?", [channel, message_id])
            > 0
        )

    def post(self, channel: str, message_id: int) -> Post | None:
        rows = list(
            self.db["posts"].rows_where("channel = ? AND message_id = ?", [channel, message_id])
        )
        return post_from_row(rows[0]) if rows else None

    def seen(self, channel: str, message_id: int) -> tuple[bool, datetime | None]:
        """Whether a post is stored, and its stored edit date."""
        row = self.db.execute(
            "SELECT edit_date FROM posts WHERE channel = ? AND message_id = ?",
            [channel, message_id],
        ).fetchone()
        if row is None:
            return False, None
        return True, parse_iso(row[0]) if row[0] else None

    def detection(self, channel: str, message_id: int) -> Detection | None:
        rows = list(
            self.db["detections"].rows_where(
                "channel = ? AND message_id = ?", [channel, message_id]
            )
        )
        return detection_from_row(rows[0]) if rows else None

    def count(self, table: str) -> int:
        return self.db[table].count

    def incident_copies(
        self, since: datetime, until: datetime | None = None
    ) -> list[tuple[str, tuple[str, int]]]:
        """(fingerprint, post key) of the posts in incidents last reported in [since, until)."""
        rows = self.db.execute(
            "SELECT DISTINCT p.fingerprint, p.channel, p.message_id FROM incidents i "
            "JOIN incident_reports r ON r.incident_id = i.id "
            "JOIN posts p ON p.channel = r.channel AND p.message_id = r.message_id "
            "WHERE i.last_seen >= ? AND i.last_seen < ? AND i.retracted = 0 "
            "AND p.fingerprint IS NOT NULL ORDER BY p.date",
            [iso(since), iso(until) if until else "9999"],
        ).fetchall()
        return [(fp, (ch, mid)) for fp, ch, mid in rows]

    def orphan_clears(
        self, since: datetime, until: datetime | None = None
    ) -> list[tuple[Post, Detection, tuple[str, ...]]]:
        """All-clears posted in [since, until) that ended no wave yet: each with its post, its
        detection and the regions where no incident holds it (the grouper keeps them until
        the alerts they end arrive). They need no table of their own: every detection is
        stored with its post, and an all-clear that ends a wave is one of its reports."""
        rows = self.db.execute(
            "SELECT p.channel, p.message_id FROM posts p JOIN detections d "
            "ON d.channel = p.channel AND d.message_id = p.message_id "
            "WHERE d.all_clear = 1 AND p.date >= ? AND p.date < ? "
            "ORDER BY p.date, p.channel, p.message_id",
            [iso(since), iso(until) if until else "9999"],
        ).fetchall()
        out = []
        for channel, message_id in rows:
            post, detection = self.post(channel, message_id), self.detection(channel, message_id)
            if post is None or detection is None:
                continue
            held = {
                region
                for (region,) in self.db.execute(
                    "SELECT i.region FROM incident_reports r JOIN incidents i "
                    "ON i.id = r.incident_id WHERE r.channel = ? AND r.message_id = ? "
                    "AND i.retracted = 0",
                    [channel, message_id],
                )
            }
            regions = tuple(r for r in detection.regions if r not in held)
            if regions:
                out.append((post, detection, regions))
        return out

    def retracted_ids(self, since: datetime) -> list[tuple[str, datetime]]:
        """Ids (and last report times) of retracted incidents: ids are never reused."""
        rows = self.db.execute(
            "SELECT id, last_seen FROM incidents WHERE retracted = 1 AND last_seen >= ?",
            [iso(since)],
        ).fetchall()
        return [(id_, parse_iso(last)) for id_, last in rows]

    # -- incidents --

    def _incident_from_row(self, row: dict[str, Any]) -> Incident:
        reports = tuple(
            _report_from_row(r)
            for r in self.db["incident_reports"].rows_where(
                "incident_id = ?", [row["id"]], order_by="date, channel, message_id"
            )
        )
        return Incident(
            id=row["id"],
            region=row["region"],
            first_seen=parse_iso(row["first_seen"]),
            last_seen=parse_iso(row["last_seen"]),
            types=tuple(json.loads(row["types"] or "[]")),
            places=tuple(Place.from_json(p) for p in json.loads(row["places"] or "[]")),
            reports=reports,
            closed_at=parse_iso(row["closed_at"]) if row["closed_at"] else None,
            review=row["review"] or "pending",
            version=row["version"] or 1,
        )

    def incident(self, incident_id: str) -> Incident | None:
        rows = list(self.db["incidents"].rows_where("id = ?", [incident_id]))
        return self._incident_from_row(rows[0]) if rows else None

    def incidents(
        self,
        since: datetime | None = None,
        region: str | None = None,
        include_retracted: bool = False,
        until: datetime | None = None,
    ) -> list[Incident]:
        """Incidents last reported at or after `since` (and before `until`), oldest first."""
        where, args = [], []
        if since is not None:
            where.append("last_seen >= ?")
            args.append(iso(since))
        if until is not None:
            where.append("last_seen < ?")
            args.append(iso(until))
        if region is not None:
            where.append("region = ?")
            args.append(region)
        if not include_retracted:
            where.append("retracted = 0")
        rows = self.db["incidents"].rows_where(
            " AND ".join(where) or None, args, order_by="first_seen, id"
        )
        return [self._incident_from_row(r) for r in rows]

    def iter_incidents(self, ids: Iterable[str]) -> Iterator[Incident]:
        """The incidents with these ids (retracted ones too), oldest first, one at a time:
        a replay's output never has to fit in memory."""
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (id TEXT PRIMARY KEY)")
        self.db.execute("DELETE FROM wanted")
        self.db.conn.executemany("INSERT OR IGNORE INTO wanted VALUES (?)", ((i,) for i in ids))
        cursor = self.db.execute(
            "SELECT * FROM incidents WHERE id IN (SELECT id FROM wanted) ORDER BY first_seen, id"
        )
        names = [d[0] for d in cursor.description]
        while rows := cursor.fetchmany(100):
            for row in rows:
                yield self._incident_from_row(dict(zip(names, row, strict=True)))

    def record_review(
        self, review: Review, then: Callable[[], Sequence[OutboxRow]] | None = None
    ) -> None:
        """Store a decision and the outbox rows that show it, in one transaction: `then`
        is asked for the rows once the decision is written (it reads it back)."""
        with self.transaction() as db:
            db["reviews"].insert(
                {
                    "incident_id": review.incident_id,
                    "user_id": review.user_id,
                    "user_name": review.user_name,
                    "decision": review.decision,
                    "decided_at": iso(review.decided_at),
                }
            )
            db["incidents"].update(
                review.incident_id, {"review": review.decision, "updated_at": _now()}
            )
            for row in then() if then is not None else ():
                self._enqueue(db, row)

    def reviews(self, incident_id: str) -> list[Review]:
        return [
            Review(
                incident_id=row["incident_id"],
                user_id=row["user_id"],
                user_name=row["user_name"] or "",
                decision=row["decision"],
                decided_at=parse_iso(row["decided_at"]),
            )
            for row in self.db["reviews"].rows_where(
                "incident_id = ?", [incident_id], order_by="id"
            )
        ]

    def channel_records(self, as_of: datetime | None = None) -> dict[str, Any]:
        """Per channel, reviewers' last decisions on the incidents it reported originally
        (copies aside): {channel: trust.Record(confirmed, false_alarms)}. With `as_of`, the
        decisions as they stood then (those taken later are not counted)."""
        from bot.trust import Record

        latest, args = _LATEST_REVIEW, []
        if as_of is not None:
            latest = latest.replace("ORDER BY", "AND decided_at <= ? ORDER BY")
            args.append(iso(as_of))
        rows = self.db.execute(
            "SELECT ir.channel, r.decision, COUNT(DISTINCT r.incident_id) FROM reviews r "
            "JOIN incident_reports ir ON ir.incident_id = r.incident_id "
            f"WHERE r.id = ({latest}) "
            "AND r.decision IN ('confirmed', 'false_alarm') AND ir.copy_of IS NULL "
            "AND ir.all_clear = 0 GROUP BY ir.channel, r.decision",
            args,
        ).fetchall()
        counts: dict[str, dict[str, int]] = {}
        for channel, decision, n in rows:
            counts.setdefault(channel, {})[decision] = n
        return {
            channel: Record(confirmed=c.get("confirmed", 0), false_alarms=c.get("false_alarm", 0))
            for channel, c in counts.items()
        }

    def open_incidents_sharing_channels(self, incident_id: str) -> list[str]:
        """Incidents still open (not closed, retracted or absorbed) that a channel reporting
        `incident_id` originally also reported originally: the cards a decision on it
        changes, as it teaches those channels' trust."""
        rows = self.db.execute(
            "SELECT DISTINCT i.id FROM incidents i "
            "JOIN incident_reports ir ON ir.incident_id = i.id "
            "WHERE i.closed_at IS NULL AND i.retracted = 0 AND i.merged_into IS NULL "
            "AND i.id != ? "
            "AND ir.copy_of IS NULL AND ir.all_clear = 0 AND ir.channel IN ("
            "SELECT channel FROM incident_reports WHERE incident_id = ? "
            "AND copy_of IS NULL AND all_clear = 0) ORDER BY i.id",
            [incident_id, incident_id],
        ).fetchall()
        return [r[0] for r in rows]

    def false_alarms(self) -> list[dict[str, Any]]:
        """Posts behind incidents a reviewer marked as false alarms, with the terms that fired."""
        return list(
            self.db.query(
                "SELECT r.incident_id, r.user_name, r.decided_at, p.channel, p.message_id, "
                "p.url, p.text, d.types, d.regions, d.matched "
                "FROM reviews r "
                "JOIN incident_reports ir ON ir.incident_id = r.incident_id "
                "JOIN posts p ON p.channel = ir.channel AND p.message_id = ir.message_id "
                "LEFT JOIN detections d ON d.channel = p.channel AND d.message_id = p.message_id "
                f"WHERE r.decision = 'false_alarm' AND r.id = ({_LATEST_REVIEW}) "
                "ORDER BY r.decided_at, p.date"
            )
        )

    # -- channel profiles --

    def recent_posts(self, channel: str, limit: int) -> list[tuple[Post, Detection | None]]:
        """The channel's last ``limit`` posts with their detections, oldest first."""
        rows = list(
            self.db.query(
                "SELECT p.*, d.incident AS d_incident, d.all_clear AS d_all_clear, "
                "d.types AS d_types, d.regions AS d_regions, d.places AS d_places, "
                "d.counts AS d_counts, d.sources AS d_sources, d.status AS d_status, "
                "d.lang AS d_lang, d.matched AS d_matched, d.region_from AS d_region_from "
                "FROM posts p LEFT JOIN detections d "
                "ON d.channel = p.channel AND d.message_id = p.message_id "
                "WHERE p.channel = ? ORDER BY p.date DESC, p.message_id DESC LIMIT ?",
                [channel, limit],
            )
        )
        out: list[tuple[Post, Detection | None]] = []
        for row in reversed(rows):
            detection = None
            if row["d_incident"] is not None:
                detection = detection_from_row(
                    {
                        "channel": row["channel"],
                        "message_id": row["message_id"],
                        **{k[2:]: v for k, v in row.items() if k.startswith("d_")},
                    }
                )
            out.append((post_from_row(row), detection))
        return out

    def channel_profile(self, channel: str) -> ChannelProfile | None:
        rows = list(self.db["channel_profiles"].rows_where("channel = ?", [channel]))
        return _profile_from_row(rows[0]) if rows else None

    def channel_profiles(self) -> list[tuple[ChannelProfile, int, str]]:
        """Every stored profile with the number of posts it was learned from and when."""
        return [
            (_profile_from_row(row), row["posts"] or 0, row["updated_at"] or "")
            for row in self.db["channel_profiles"].rows_where(order_by="channel")
        ]

    def save_profiles(self, profiles: Sequence[tuple[ChannelProfile, int]]) -> None:
        with self.transaction() as db:
            for profile, posts in profiles:
                db["channel_profiles"].upsert(
                    {
                        "channel": profile.channel,
                        "signature": _dumps(sorted(profile.signature)),
                        "home_regions": _dumps(list(profile.home_regions)),
                        "kind": profile.kind,
                        "posts": posts,
                        "updated_at": _now(),
                    },
                    pk="channel",
                )

    def latest_post_date(self) -> datetime | None:
        row = self.db.execute("SELECT MAX(date) FROM posts").fetchone()
        return parse_iso(row[0]) if row and row[0] else None

    # -- the batch --

    def commit_batch(self, batch: Batch) -> None:
        with self.transaction() as db:
            channels = {post.channel for post in batch.posts} - self._known_channels
            for channel in sorted(channels):
                db.execute(
                    "INSERT OR IGNORE INTO channels (username, added_at) VALUES (?, ?)",
                    [channel, _now()],
                )
            _upsert_rows(db, "posts", [_post_row(p) for p in batch.posts], _POST_KEY)
            _upsert_rows(
                db, "detections", [_detection_row(d) for d in batch.detections], _POST_KEY
            )
            # Absorbed incidents last: what absorbs them is written by then.
            for change in sorted(batch.changes, key=lambda c: c.merged_into is not None):
                self._write_change(db, change)
            for row in batch.outbox:
                self._enqueue(db, row)
            if batch.cursor is not None:
                channel, message_id = batch.cursor
                db.execute(
                    "UPDATE channels SET cursor = MAX(COALESCE(cursor, 0), ?) WHERE username = ?",
                    [message_id, channel],
                )
        self._known_channels |= channels

    def _write_change(self, db: sqlite_utils.Database, change: IncidentChange) -> None:
        """Write the incident's row and only the reports that changed.

        A change that does not say which reports it added (`added` None) rewrites them all.
        """
        from bot.incidents import RETRACTED

        incident = change.incident
        if change.merged_into is not None:
            self._write_merge(db, incident, change.merged_into)
            return
        # The review is decided by reviewers, never by the grouper's copy of the incident.
        row = _incident_row(incident, change.kind == RETRACTED)
        _upsert_rows(db, "incidents", [row], ("id",), keep=("review",))
        if change.added is None:
            db.execute("DELETE FROM incident_reports WHERE incident_id = ?", [incident.id])
            added: Sequence[Report] = incident.reports
        else:
            db.conn.executemany(
                "DELETE FROM incident_reports WHERE incident_id = ? AND channel = ? "
                "AND message_id = ?",
                [(incident.id, channel, message_id) for channel, message_id in change.removed],
            )
            added = change.added
        rows = [_report_row(incident.id, r) for r in added]
        _upsert_rows(db, "incident_reports", rows, _REPORT_KEY)

    def _write_merge(self, db: sqlite_utils.Database, incident: Incident, survivor: str) -> None:
        """`incident` was absorbed by `survivor` (whose change, written before, holds its
        reports now): keep it retracted with `merged_into`, hand what it had absorbed and its
        reviewers' decisions to the survivor, and let the survivor's review be the latest
        decision of all (the card shows both histories)."""
        row = {**_incident_row(incident, retracted=True), "merged_into": survivor}
        _upsert_rows(db, "incidents", [row], ("id",), keep=("review",))
        db.execute("DELETE FROM incident_reports WHERE incident_id = ?", [incident.id])
        db.execute(
            "UPDATE incidents SET merged_into = ? WHERE merged_into = ?", [survivor, incident.id]
        )
        db.execute(
            "INSERT INTO reviews (incident_id, user_id, user_name, decision, decided_at) "
            "SELECT ?, user_id, user_name, decision, decided_at FROM reviews "
            "WHERE incident_id = ? ORDER BY decided_at, id",
            [survivor, incident.id],
        )
        latest = db.execute(
            "SELECT decision FROM reviews WHERE incident_id = ? "
            "ORDER BY decided_at DESC, id DESC LIMIT 1",
            [survivor],
        ).fetchone()
        if latest is not None:
            db.execute(
                "UPDATE incidents SET review = ?, updated_at = ? WHERE id = ?",
                [latest[0], _now(), survivor],
            )

    def merged_into(self, incident_id: str) -> str | None:
        """The incident that absorbed this one, if any."""
        row = self.db.execute(
            "SELECT merged_into FROM incidents WHERE id = ?", [incident_id]
        ).fetchone()
        return row[0] if row else None

    def absorbed_by(self, incident_id: str) -> list[str]:
        """The incidents this one absorbed, oldest first."""
        rows = self.db.execute(
            "SELECT id FROM incidents WHERE merged_into = ? ORDER BY first_seen, id",
            [incident_id],
        ).fetchall()
        return [r[0] for r in rows]

    def announced(self, incident_id: str, chat: str) -> bool:
        """Whether a card of the incident is in `chat` or on its way there."""
        if self.card(incident_id, chat) is not None:
            return True
        return bool(
            self.db["outbox"].count_where(
                "incident_id = ? AND chat = ? AND action = 'send' AND state != 'failed'",
                [incident_id, chat],
            )
        )

    def _enqueue(self, db: sqlite_utils.Database, row: OutboxRow) -> None:
        """Queue a message; a pending one with the same key is replaced (the last state wins).

        A card that is still waiting to be sent needs no edit: the send will carry the
        latest state. So an edit is dropped while the card's send is pending.
        """
        if row.action == "edit" and row.incident_id is not None:
            waiting_send = db["outbox"].count_where(
                "incident_id = ? AND chat = ? AND action = 'send' AND state = 'pending'",
                [row.incident_id, row.chat],
            )
            if waiting_send:
                return
        pending = list(
            db["outbox"].rows_where(
                "dedupe_key = ? AND state = 'pending'", [row.dedupe_key], limit=1
            )
        )
        if pending:
            db["outbox"].update(pending[0]["id"], {"payload": _dumps(row.payload)})
            return
        if row.action == "send" and db["outbox"].count_where(
            "dedupe_key = ? AND state = 'sent'", [row.dedupe_key]
        ):
            return  # sent already: a send is never repeated
        db["outbox"].insert(
            {
                "dedupe_key": row.dedupe_key,
                "kind": row.kind,
                "action": row.action,
                "chat": row.chat,
                "incident_id": row.incident_id,
                "payload": _dumps(row.payload),
                "state": "pending",
                "attempts": 0,
                "created_at": _now(),
            }
        )

    def enqueue(self, rows: Sequence[OutboxRow]) -> None:
        with self.transaction() as db:
            for row in rows:
                self._enqueue(db, row)

    def pending_outbox(self, due: str | None) -> list[dict[str, Any]]:
        """Pending rows, oldest first, whose next attempt is due at `due` (ISO time);
        every pending row with None (the sender keeps a chat's order across waits)."""
        if due is None:
            return list(self.db.query("SELECT * FROM outbox WHERE state = 'pending' ORDER BY id"))
        return list(
            self.db.query(
                "SELECT * FROM outbox WHERE state = 'pending' "
                "AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY id",
                [due],
            )
        )

    def outbox_depth(self) -> int:
        return self.db["outbox"].count_where("state = 'pending'")

    def postpone(self, row_id: int, until: str, error: str | None, attempt: bool = True) -> None:
        self.db.execute(
            "UPDATE outbox SET next_attempt_at = ?, last_error = ?, "
            "attempts = attempts + ? WHERE id = ?",
            [until, error, int(attempt), row_id],
        )

    def card(self, incident_id: str, chat: str) -> dict[str, Any] | None:
        rows = list(
            self.db["cards"].rows_where("incident_id = ? AND chat = ?", [incident_id, chat])
        )
        return rows[0] if rows else None

    def record_sent(
        self,
        row: dict[str, Any],
        message_id: int | None,
        digest: str | None = None,
        follow_up: OutboxRow | None = None,
    ) -> None:
        """The row went out: mark it, remember the card's message and queue `follow_up`
        (the edit of a card that changed meanwhile), in one transaction."""
        now = _now()
        with self.transaction() as db:
            db["outbox"].update(
                row["id"], {"state": "sent", "message_id": message_id, "sent_at": now}
            )
            if follow_up is not None:
                self._enqueue(db, follow_up)
            if row["kind"] != "card" or row["incident_id"] is None:
                return
            card = self.card(row["incident_id"], row["chat"])
            if card is None:
                db["cards"].insert(
                    {
                        "incident_id": row["incident_id"],
                        "chat": row["chat"],
                        "message_id": message_id,
                        "digest": digest,
                        "sent_at": now,
                    }
                )
            else:
                db["cards"].update(
                    (row["incident_id"], row["chat"]),
                    {"digest": digest, "edited_at": now, "edits": (card["edits"] or 0) + 1},
                )

    def install_secret(self, name: str = "callback_secret") -> bytes:
        """A random secret made once per database (per install) and kept in `meta`."""
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [name]).fetchone()
        if row is not None:
            return bytes.fromhex(row[0])
        secret = os.urandom(32)
        with self.transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", [name, secret.hex()]
            )
            row = db.execute("SELECT value FROM meta WHERE key = ?", [name]).fetchone()
        return bytes.fromhex(row[0])

    def wake_blocked(self, error_prefixes: Sequence[str]) -> int:
        """Pending rows postponed because their chat was not writable (last error starting
        with one of `error_prefixes`) become due now; returns how many."""
        woken = 0
        with self.transaction() as db:
            for prefix in error_prefixes:
                woken += db.execute(
                    "UPDATE outbox SET next_attempt_at = NULL WHERE state = 'pending' "
                    "AND last_error >= ? AND last_error < ?",
                    [f"{prefix}:", f"{prefix};"],
                ).rowcount
        return woken

    def fail_row(self, row_id: int, reason: str) -> None:
        """Give one row up: it stays in the outbox as failed, with the reason."""
        self.db.execute(
            "UPDATE outbox SET state = 'failed', last_error = ? WHERE id = ?", [reason, row_id]
        )

    def highest_message_id(self, chat: str) -> int:
        row = self.db.execute(
            "SELECT MAX(message_id) FROM outbox WHERE chat = ? AND state = 'sent'", [chat]
        ).fetchone()
        return int(row[0] or 0)

    def outbox(self, state: str | None = None) -> list[dict[str, Any]]:
        if state is None:
            return list(self.db["outbox"].rows_where(order_by="id"))
        return list(self.db["outbox"].rows_where("state = ?", [state], order_by="id"))

    # -- subscriptions (issue 6) --

    def subscriber(self, user_id: int) -> dict[str, Any] | None:
        rows = list(self.db["subscribers"].rows_where("user_id = ?", [user_id], limit=1))
        return rows[0] if rows else None

    def subscriber_by_chat(self, chat: str) -> dict[str, Any] | None:
        rows = list(self.db["subscribers"].rows_where("chat = ?", [chat], limit=1))
        return rows[0] if rows else None

    def save_subscriber(self, user_id: int, **fields: Any) -> dict[str, Any]:
        """Create the subscriber or update the given fields; returns the stored row."""
        now = _now()
        with self.transaction() as db:
            if db["subscribers"].count_where("user_id = ?", [user_id]):
                db["subscribers"].update(user_id, {**fields, "updated_at": now})
            else:
                db["subscribers"].insert(
                    {
                        "user_id": user_id,
                        "chat": str(user_id),
                        **fields,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
        row = self.subscriber(user_id)
        assert row is not None
        return row

    def subscribers(self, digest_only: bool = False) -> list[dict[str, Any]]:
        where = "paused = 0" + (" AND digest = 1" if digest_only else "")
        return list(self.db["subscribers"].rows_where(where, order_by="user_id"))

    def add_subscription(self, user_id: int, region: str, place: str = "") -> bool:
        """Subscribe to a region ("*" for all) or a settlement in it; False if already there."""
        with self.transaction() as db:
            if db["subscriptions"].count_where(
                "user_id = ? AND region = ? AND place = ?", [user_id, region, place]
            ):
                return False
            db["subscriptions"].insert(
                {"user_id": user_id, "region": region, "place": place, "created_at": _now()}
            )
        return True

    def remove_subscriptions(
        self, user_id: int, region: str | None = None, place: str | None = None
    ) -> int:
        """Remove one place, every place in a region (place None), or all (region None)."""
        where, args = ["user_id = ?"], [user_id]
        if region is not None:
            where.append("region = ?")
            args.append(region)
        if place is not None:
            where.append("place = ?")
            args.append(place)
        with self.transaction() as db:
            cursor = db.execute(f"DELETE FROM subscriptions WHERE {' AND '.join(where)}", args)
            return cursor.rowcount

    def subscriptions_of(self, user_id: int) -> list[tuple[str, str]]:
        rows = self.db.execute(
            "SELECT region, place FROM subscriptions WHERE user_id = ? ORDER BY id", [user_id]
        ).fetchall()
        return [(region, place or "") for region, place in rows]

    def subscribers_for(self, region: str) -> list[dict[str, Any]]:
        """Active subscribers with a subscription to `region` or to everything."""
        return list(
            self.db.query(
                "SELECT * FROM subscribers WHERE paused = 0 AND user_id IN "
                "(SELECT user_id FROM subscriptions WHERE region IN (?, '*')) ORDER BY user_id",
                [region],
            )
        )

    def outbox_by_key(self, dedupe_key: str) -> dict[str, Any] | None:
        """The latest outbox row with this key, whatever its state."""
        rows = list(
            self.db["outbox"].rows_where(
                "dedupe_key = ?", [dedupe_key], order_by="id DESC", limit=1
            )
        )
        return rows[0] if rows else None

    def fail_pending(self, chat: str, reason: str) -> int:
        """Stop retrying every pending row of `chat`; they stay in the outbox as failed."""
        with self.transaction() as db:
            cursor = db.execute(
                "UPDATE outbox SET state = 'failed', last_error = ? "
                "WHERE chat = ? AND state = 'pending'",
                [reason, chat],
            )
            return cursor.rowcount

    def pending_errors(self, like: str) -> list[dict[str, Any]]:
        """Pending rows whose last error matches the SQL LIKE pattern `like`."""
        return list(
            self.db["outbox"].rows_where(
                "state = 'pending' AND last_error LIKE ?", [like], order_by="id"
            )
        )

    def incident_retracted(self, incident_id: str) -> bool:
        row = self.db.execute(
            "SELECT retracted FROM incidents WHERE id = ?", [incident_id]
        ).fetchone()
        return bool(row and row[0])

    def digest_sent(self, key: str) -> bool:
        return self.db["digests"].count_where("key = ?", [key]) > 0

    def record_digest(self, key: str, chat: str, message_id: int | None) -> None:
        self.db["digests"].upsert(
            {"key": key, "chat": chat, "message_id": message_id, "sent_at": _now()}, pk="key"
        )

    def outbox_with_prefix(self, prefix: str) -> list[dict[str, Any]]:
        """Outbox rows whose dedupe key starts with `prefix` (taken literally), oldest first."""
        # A range on the key, not LIKE: "_" in incident ids is no wildcard, and the index serves it.
        return list(
            self.db.query(
                "SELECT * FROM outbox WHERE dedupe_key >= ? AND dedupe_key < ? ORDER BY id",
                [prefix, prefix + "\U0010ffff"],
            )
        )

    def reviewer_activity(self, since: datetime) -> list[dict[str, Any]]:
        """Per reviewer: decisions since `since` and the latest one."""
        return list(
            self.db.query(
                "SELECT user_id, MAX(user_name) AS user_name, COUNT(*) AS decisions, "
                "MAX(decided_at) AS last_decided_at FROM reviews WHERE decided_at >= ? "
                "GROUP BY user_id ORDER BY decisions DESC, user_id",
                [iso(since)],
            )
        )

    def latest_post_dates(self) -> dict[str, str]:
        """The date of each channel's newest stored post (ISO), by channel.

        One look-up in the (channel, date) index per channel, not a scan of the posts.
        """
        rows = self.db.execute(
            "SELECT username, (SELECT MAX(date) FROM posts WHERE channel = username) "
            "FROM channels"
        ).fetchall()
        return {channel: date for channel, date in rows if date is not None}

    def subscription_rows(self, user_id: int) -> list[dict[str, Any]]:
        """A user's subscriptions with their row ids (for buttons that remove one)."""
        return list(
            self.db.query(
                "SELECT id, region, place FROM subscriptions WHERE user_id = ? ORDER BY id",
                [user_id],
            )
        )

    def subscription_of(self, user_id: int, subscription_id: int) -> dict[str, Any] | None:
        """One subscription by row id, only if it is this user's."""
        rows = list(
            self.db["subscriptions"].rows_where(
                "id = ? AND user_id = ?", [subscription_id, user_id], limit=1
            )
        )
        return rows[0] if rows else None

    def subscriber_counts(self) -> tuple[int, int]:
        """(active, paused) subscribers."""
        table = self.db["subscribers"]
        return table.count_where("paused = 0"), table.count_where("paused = 1")
