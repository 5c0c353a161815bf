"""The data that flows through tgradar: posts in, detections, incidents out.

Frozen dataclasses with no I/O. Their JSON forms are the contracts of
ARCHITECTURE.md (Post JSONL, Detection JSON, Incident JSON).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

INCIDENT_TYPES: tuple[str, ...] = (
    "alert",
    "drone",
    "missile",
    "air_defense",
    "explosion",
    "strike",
    "fire",
    "casualties",
    "damage",
)

OFFICIAL = "official"
UNCONFIRMED = "unconfirmed"

REVIEW_PENDING = "pending"
REVIEW_CONFIRMED = "confirmed"
REVIEW_DISMISSED = "dismissed"
REVIEW_FALSE_ALARM = "false_alarm"


def iso(dt: datetime) -> str:
    """ISO 8601 in UTC with a trailing Z, second precision."""
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(value: str) -> datetime:
    """Parse ISO 8601; a naive time is taken as UTC."""
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    dt = datetime.fromisoformat(text)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def parse_iso_or_none(value: Any) -> datetime | None:
    """A datetime (aware, UTC) from a datetime or an ISO string; None for anything else."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if not isinstance(value, str) or not value:
        return None
    try:
        return parse_iso(value)
    except ValueError:
        return None


@dataclass(frozen=True)
class Post:
    """One channel message as tgradar sees it, whatever it was read from."""

    channel: str  # username without @, lower case, or a numeric id as text
    id: int
    date: datetime  # timezone-aware, UTC
    text: str
    url: str | None = None
    views: int | None = None
    forwarded_from: str | None = None  # origin channel (username or title) of a forward
    forwarded_id: int | None = None  # message id in the origin channel, when known
    edit_date: datetime | None = None
    grouped_id: int | None = None  # album id; an album is stored as one post
    reply_to: int | None = None  # id of the post of the same channel this one replies to
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def key(self) -> tuple[str, int]:
        return (self.channel, self.id)

    @property
    def link(self) -> str:
        if self.url:
            return self.url
        if self.channel.lstrip("-").isdigit():
            return f"https://t.me/c/{self.channel.lstrip('-').removeprefix('100')}/{self.id}"
        return f"https://t.me/{self.channel}/{self.id}"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "channel": self.channel,
            "id": self.id,
            "date": iso(self.date),
            "text": self.text,
        }
        for name in ("url", "views", "forwarded_from", "forwarded_id", "grouped_id", "reply_to"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.edit_date is not None:
            out["edit_date"] = iso(self.edit_date)
        out.update({k: v for k, v in self.extra.items() if k not in out})
        return out


@dataclass(frozen=True)
class Place:
    """A place named in a post, resolved to its ISO 3166-2 region."""

    name: str  # canonical name in the post's language family (Russian for RU, Ukrainian for UA)
    region: str  # ISO 3166-2 code, e.g. RU-KDA
    lat: float | None = None
    lon: float | None = None
    kind: str = "settlement"  # "region", "district", "settlement", "sea", "airport" or "site"

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "region": self.region,
            "lat": self.lat,
            "lon": self.lon,
            "kind": self.kind,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Place:
        return cls(
            name=data["name"],
            region=data["region"],
            lat=data.get("lat"),
            lon=data.get("lon"),
            kind=data.get("kind", "settlement"),
        )


@dataclass(frozen=True)
class Count:
    """A number the post reports: "5-7 explosions", "64 drones over Bryansk Oblast"."""

    low: int
    high: int  # equal to low for an exact number
    what: str  # an incident type it counts (drone, explosion, missile, ...) or "other"
    region: str | None = None  # ISO code when the count is tied to a region
    qualifier: str | None = None  # "about", "more_than", "at_least", "up_to" or None
    total: bool = False  # a total over several regions ("всего", "in total")
    text: str = ""  # the words it was read from

    def to_json(self) -> dict[str, Any]:
        return {
            "low": self.low,
            "high": self.high,
            "what": self.what,
            "region": self.region,
            "qualifier": self.qualifier,
            "total": self.total,
            "text": self.text,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Count:
        return cls(
            low=int(data["low"]),
            high=int(data.get("high", data["low"])),
            what=data.get("what", "other"),
            region=data.get("region"),
            qualifier=data.get("qualifier"),
            total=bool(data.get("total", False)),
            text=data.get("text", ""),
        )


@dataclass(frozen=True)
class Detection:
    """What detect made of one post."""

    channel: str
    id: int
    incident: bool
    types: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    places: tuple[Place, ...] = ()
    counts: tuple[Count, ...] = ()
    sources: tuple[str, ...] = ()
    status: str = UNCONFIRMED
    all_clear: bool = False
    lang: str = "ru"
    matched: tuple[str, ...] = ()  # the terms that fired, kept as feedback for tuning
    # Where the regions came from: "text" (the post names them), "followup" (the report it
    # follows), "home" (the channel's region) or "" (none). Not part of the JSON contract.
    region_from: str = field(default="", compare=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "channel": self.channel,
            "id": self.id,
            "incident": self.incident,
            "types": list(self.types),
            "regions": list(self.regions),
            "places": [p.to_json() for p in self.places],
            "counts": [c.to_json() for c in self.counts],
            "sources": list(self.sources),
            "status": self.status,
            "all_clear": self.all_clear,
            "lang": self.lang,
            "matched": list(self.matched),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Detection:
        return cls(
            channel=data["channel"],
            id=int(data["id"]),
            incident=bool(data["incident"]),
            types=tuple(data.get("types", ())),
            regions=tuple(data.get("regions", ())),
            places=tuple(Place.from_json(p) for p in data.get("places", ())),
            counts=tuple(Count.from_json(c) for c in data.get("counts", ())),
            sources=tuple(data.get("sources", ())),
            status=data.get("status", UNCONFIRMED),
            all_clear=bool(data.get("all_clear", False)),
            lang=data.get("lang", "ru"),
            matched=tuple(data.get("matched", ())),
        )


@dataclass(frozen=True)
class Report:
    """One post's contribution to an incident."""

    channel: str
    post_id: int
    date: datetime
    url: str
    types: tuple[str, ...] = ()
    counts: tuple[Count, ...] = ()
    sources: tuple[str, ...] = ()
    status: str = UNCONFIRMED
    places: tuple[Place, ...] = ()
    copy_of: tuple[str, int] | None = None  # a forward or verbatim copy of this post
    all_clear: bool = False

    @property
    def key(self) -> tuple[str, int]:
        return (self.channel, self.post_id)

    def to_json(self) -> dict[str, Any]:
        return {
            "channel": self.channel,
            "id": self.post_id,
            "date": iso(self.date),
            "url": self.url,
            "types": list(self.types),
            "counts": [c.to_json() for c in self.counts],
            "sources": list(self.sources),
            "status": self.status,
            "places": [p.to_json() for p in self.places],
            "copy_of": list(self.copy_of) if self.copy_of else None,
            "all_clear": self.all_clear,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Report:
        copy_of = data.get("copy_of")
        return cls(
            channel=data["channel"],
            post_id=int(data["id"]),
            date=parse_iso(data["date"]),
            url=data.get("url", ""),
            types=tuple(data.get("types", ())),
            counts=tuple(Count.from_json(c) for c in data.get("counts", ())),
            sources=tuple(data.get("sources", ())),
            status=data.get("status", UNCONFIRMED),
            places=tuple(Place.from_json(p) for p in data.get("places", ())),
            copy_of=(copy_of[0], int(copy_of[1])) if copy_of else None,
            all_clear=bool(data.get("all_clear", False)),
        )


@dataclass(frozen=True)
class Incident:
    """One event in one region, built from every report of it."""

    id: str
    region: str
    first_seen: datetime
    last_seen: datetime
    types: tuple[str, ...] = ()
    places: tuple[Place, ...] = ()
    reports: tuple[Report, ...] = ()
    closed_at: datetime | None = None  # set by an all-clear for the region
    review: str = REVIEW_PENDING
    version: int = 1  # bumped on every change; cards and deliveries follow it

    @property
    def posts(self) -> tuple[tuple[str, int], ...]:
        return tuple(r.key for r in self.reports)

    @property
    def sources(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for report in self.reports:
            seen.setdefault(report.channel, None)
            for source in report.sources:
                seen.setdefault(source, None)
        return tuple(seen)

    @property
    def counts(self) -> tuple[Count, ...]:
        seen: dict[Count, None] = {}
        for report in self.reports:
            for count in report.counts:
                if count.region in (None, self.region):
                    seen.setdefault(count, None)
        return tuple(seen)

    @property
    def status(self) -> str:
        if any(r.status == OFFICIAL for r in self.reports):
            return OFFICIAL
        return UNCONFIRMED

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "region": self.region,
            "types": list(self.types),
            "places": [p.to_json() for p in self.places],
            "first_seen": iso(self.first_seen),
            "last_seen": iso(self.last_seen),
            "closed_at": iso(self.closed_at) if self.closed_at else None,
            "posts": [{"channel": c, "id": i} for c, i in self.posts],
            "sources": list(self.sources),
            "counts": [c.to_json() for c in self.counts],
            "status": self.status,
            "review": self.review,
            "version": self.version,
        }


@dataclass(frozen=True)
class Review:
    """A reviewer's decision on an incident, as pressed on its card."""

    incident_id: str
    user_id: int
    user_name: str
    decision: str  # confirmed, dismissed, false_alarm, or pending (reopened)
    decided_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "incident_id": self.incident_id,
            "user_id": self.user_id,
            "user_name": self.user_name,
            "decision": self.decision,
            "decided_at": iso(self.decided_at),
        }
