"""Grouping detections into incidents (ARCHITECTURE.md, "Incident policy").

Pure: no I/O beyond reading one bundled phrase list once, no wall clock. The post's own
timestamp is the clock, so a replay of the same posts always gives the same incidents.

Policy:
- One incident per region per attack wave: a detection joins the region's wave when its
  time is within `gap` of the wave's reports and the wave would not span more than
  `max_duration`.
- A wave closes after quiet (no report for `gap`: closed at last report + gap), at an
  all-clear for the region (closed at the all-clear; a later all-clear for another town of
  the region still joins it and moves the close), or when it has lasted `max_duration`
  (closed at first report + max_duration). `closed_at` is never earlier than `last_seen`:
  a report that still joins a closed wave moves `closed_at` up to it.
- After an all-clear, a new alert opens a new wave; other reports within the gap (news of
  the wave just ended) still join the closed one.
- An all-clear ends the wave with an alert dated before it (its post date, not its arrival);
  one that ends nothing yet is kept for its region, and ends the wave its alerts form when
  they arrive later. An all-clear that arrives after an alert dated after it cuts the wave
  there. So waves and their ends are those of the night read in time order.
- A post naming several regions contributes to each region's wave.
- A forward or verbatim copy of a post already seen adds a source to the original's
  incidents when it comes within the gap of their last report; later it is grouped like
  any other post.
- An official summary that speaks of the night ("за ночь сбито ...", bot/data/
  night_summaries.txt) joins the region's last wave of the past `summary_window` instead of
  opening a new one.
- An edited post replaces its earlier report; a wave left with no report is retracted.
- A report that joins a wave and so brings it within the gap of another wave of the region
  merges the two: the earlier one survives with every report, the other is absorbed (its
  change says into which). A wave closed for quiet reopens; a wave ended by an all-clear takes
  only what would have joined it in order (no alert at or after the all-clear) and stays
  ended; two waves ended by all-clears, or one cut at its maximum length, are never merged.
  So the waves of plain reports do not depend on the order the reports arrive in.

The grouper keeps the waves it may still add to in memory, with their reports kept sorted
as they arrive, and says after each batch which incidents changed and which of their reports
were added or removed, so the store writes only that.
"""

from __future__ import annotations

import bisect
import hashlib
import heapq
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import lru_cache
from importlib import resources

from bot.models import INCIDENT_TYPES, OFFICIAL, Count, Detection, Incident, Place, Post, Report

OPENED = "opened"
UPDATED = "updated"
CLOSED = "closed"
RETRACTED = "retracted"
MERGED = "merged"  # absorbed into another incident of its region (IncidentChange.merged_into)

# How a wave closed (derived from its reports and times, so it survives a restart).
BY_ALL_CLEAR = "all_clear"
BY_QUIET = "quiet"
BY_MAX_DURATION = "max_duration"

DEFAULT_GAP = timedelta(hours=3)
# A night's attack wave rarely lasts longer; past this a long stream of reports for one
# region is cut into waves that a reviewer can still read and confirm.
DEFAULT_MAX_DURATION = timedelta(hours=12)
DEFAULT_SUMMARY_WINDOW = timedelta(hours=12)
MIN_FINGERPRINT_LETTERS = 40  # shorter texts ("Опасность по БПЛА") repeat without being copies

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)

Key = tuple[str, int]


@lru_cache(maxsize=4096)  # a post's text is fingerprinted by the grouper, then by the store
def fingerprint(text: str) -> str | None:
    """A key equal for verbatim copies of a text (case, punctuation, emoji, links aside)."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    folded = re.sub(r"https?://\S+|@\w+", " ", folded)
    words = _NON_WORD.sub(" ", folded).split()
    letters = sum(len(w) for w in words)
    if letters < MIN_FINGERPRINT_LETTERS:
        return None
    return hashlib.sha1(" ".join(words).encode()).hexdigest()[:20]


# -- night summaries -------------------------------------------------------------------------


class PhraseError(ValueError):
    """A bad line in a phrase file: names the file and the line."""


def _words(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    return " " + " ".join(_NON_WORD.sub(" ", folded).split()) + " "


def parse_phrases(text: str, name: str = "night_summaries.txt") -> dict[str, tuple[str, ...]]:
    """`lang: phrase` lines (comments with #) -> phrases by language, normalised."""
    phrases: dict[str, list[str]] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        lang, sep, phrase = line.partition(":")
        lang, phrase = lang.strip(), _words(phrase).strip()
        if not sep or lang not in ("ru", "uk", "en") or not phrase:
            raise PhraseError(f"{name} line {number}: expected '<ru|uk|en>: <phrase>', got {raw!r}")
        phrases.setdefault(lang, []).append(phrase)
    return {lang: tuple(items) for lang, items in phrases.items()}


@lru_cache(maxsize=1)
def night_phrases() -> dict[str, tuple[str, ...]]:
    path = resources.files("bot") / "data" / "night_summaries.txt"
    return parse_phrases(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _night_words() -> tuple[str, ...]:
    return tuple(f" {p} " for items in night_phrases().values() for p in items)


def speaks_of_the_night(text: str) -> bool:
    """Whether a text sums up the night or the past day ("за ночь", "overnight", ...)."""
    words = _words(text)
    return any(phrase in words for phrase in _night_words())


# -- changes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class IncidentChange:
    kind: str  # OPENED, UPDATED, CLOSED or RETRACTED
    incident: Incident
    post: Key
    # Reports added (or replaced) and report keys removed since the incident was last
    # written; None when unknown: then the store rewrites every report of the incident.
    added: tuple[Report, ...] | None = None
    removed: tuple[Key, ...] = ()
    # MERGED: the incident that absorbed this one (it keeps every report of it).
    merged_into: str | None = None
    # Incidents this one absorbed in the same batch (their reports are among `added`).
    absorbed: tuple[str, ...] = ()


_KIND_ORDER = (RETRACTED, OPENED, CLOSED)


def _telling(kinds: set[str]) -> str:
    """The most telling kind of several changes to one incident."""
    if MERGED in kinds:
        return MERGED
    if RETRACTED in kinds:
        return RETRACTED
    for kind in _KIND_ORDER:
        if kind in kinds:
            return kind
    return UPDATED


def collapse(changes: Sequence[IncidentChange]) -> list[IncidentChange]:
    """One change per incident: its last state, under the most telling kind, with the reports
    added and removed by all of them."""
    last: dict[str, IncidentChange] = {}
    kinds: dict[str, set[str]] = {}
    merged_into: dict[str, str] = {}
    absorbed: dict[str, dict[str, None]] = {}
    added: dict[str, dict[Key, Report] | None] = {}
    removed: dict[str, set[Key]] = {}
    for change in changes:
        iid = change.incident.id
        last[iid] = change
        kinds.setdefault(iid, set()).add(change.kind)
        if change.merged_into is not None:
            merged_into[iid] = change.merged_into
        absorbed.setdefault(iid, {}).update(dict.fromkeys(change.absorbed))
        gone = removed.setdefault(iid, set())
        so_far = added.get(iid, {})
        if change.added is None or so_far is None:
            added[iid] = None
        else:
            for key in change.removed:
                so_far.pop(key, None)
            gone.update(change.removed)
            for report in change.added:
                so_far[report.key] = report
            added[iid] = so_far
    out = []
    for iid, change in last.items():
        new = added[iid]
        out.append(
            IncidentChange(
                _telling(kinds[iid]),
                change.incident,
                change.post,
                added=None if new is None else tuple(new.values()),
                removed=tuple(sorted(removed[iid])),
                merged_into=merged_into.get(iid),
                absorbed=tuple(absorbed[iid]),
            )
        )
    return out


def incident_id(region: str, first_seen: datetime, taken: Iterable[str] | dict[str, object]) -> str:
    base = f"{region}-{first_seen:%Y%m%dT%H%M}"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _report_counts(detection: Detection, region: str) -> tuple[Count, ...]:
    """The counts of a detection that speak about one region."""
    single_region = len(detection.regions) <= 1
    kept = []
    for count in detection.counts:
        if count.region == region or (count.region is None and single_region):
            kept.append(count)
    return tuple(kept)


def _merge_types(reports: Iterable[Report]) -> tuple[str, ...]:
    present = {t for r in reports for t in r.types}
    return tuple(t for t in INCIDENT_TYPES if t in present)


def _merge_places(reports: Iterable[Report]) -> tuple[Place, ...]:
    seen: dict[tuple[str, str], Place] = {}
    for report in reports:
        for place in report.places:
            seen.setdefault((place.name, place.region), place)
    return tuple(seen.values())


def _order(report: Report) -> tuple[datetime, Key]:
    return (report.date, report.key)


def _is_alert(report: Report) -> bool:
    return not report.all_clear and "alert" in report.types


def _in_time(report: Report) -> tuple[datetime, int, Key]:
    """A night read in time order; at one moment all-clears come first, then alerts, then the
    rest: an alert posted the minute of an all-clear is a new alert, news of that minute is of
    the wave that alert begins."""
    return (report.date, 0 if report.all_clear else 1 if _is_alert(report) else 2, report.key)


def closed_by(
    incident: Incident,
    gap: timedelta = DEFAULT_GAP,
    max_duration: timedelta = DEFAULT_MAX_DURATION,
) -> str | None:
    """Why a stored incident is closed: an all-clear, quiet, or its maximum duration."""
    if incident.closed_at is None:
        return None
    if any(r.all_clear for r in incident.reports):
        return BY_ALL_CLEAR
    if incident.closed_at < incident.last_seen + gap and (
        incident.closed_at - incident.first_seen >= max_duration
    ):
        return BY_MAX_DURATION
    return BY_QUIET  # (a summary that joined later may have moved closed_at up to itself)


# -- the wave as the grouper holds it ----------------------------------------------------------


@dataclass(frozen=True)
class _Bounds:
    """A wave's alerts and all-clears read in time order (`_in_time`)."""

    first_alert: datetime | None  # its earliest alert
    first_clear: datetime | None  # its first all-clear that ends an alert before it
    cut: datetime | None  # its first alert after that all-clear: a new wave begins there
    begins: Report | None  # its earliest report

    @classmethod
    def of(cls, reports: Sequence[Report]) -> _Bounds:
        """Of reports sorted by `_order` (one pass: at each moment all-clears count first)."""
        first_alert = first_clear = cut = None
        begins: Report | None = None
        start, count = 0, len(reports)
        while start < count:
            moment, end = reports[start].date, start + 1
            while end < count and reports[end].date == moment:
                end += 1
            now = reports[start:end]
            clears = [r for r in now if r.all_clear]
            alerts = [r for r in now if _is_alert(r)]
            if begins is None:
                begins = (clears or alerts or now)[0]
            if clears and first_alert is not None and first_clear is None:
                first_clear = moment
            if alerts:
                if first_clear is not None and cut is None:
                    cut = moment
                first_alert = first_alert or moment
            start = end
        return cls(first_alert, first_clear, cut, begins)


@dataclass(eq=False)
class _Wave:
    id: str
    region: str
    first_seen: datetime
    last_seen: datetime
    reports: list[Report] = field(default_factory=list)  # sorted by (date, key)
    closed_at: datetime | None = None
    closed_by: str | None = None
    settled_at: datetime | None = None  # when it closed, before later reports moved closed_at
    cleared_at: datetime | None = None  # the latest all-clear among its reports
    alert: bool = False  # any report of an alert
    review: str = "pending"
    version: int = 0
    merged_into: str | None = None  # absorbed into that wave; dropped at the next flush
    _snapshot: Incident | None = None
    _bounds: _Bounds | None = None  # what its alerts and all-clears say, until it changes

    @classmethod
    def of(cls, incident: Incident, gap: timedelta, max_duration: timedelta) -> _Wave:
        reports = sorted(incident.reports, key=_order)
        clears = [r.date for r in reports if r.all_clear]
        return cls(
            id=incident.id,
            region=incident.region,
            first_seen=incident.first_seen,
            last_seen=incident.last_seen,
            reports=reports,
            closed_at=incident.closed_at,
            closed_by=closed_by(incident, gap, max_duration),
            settled_at=incident.closed_at,
            cleared_at=max(clears) if clears else None,
            alert=any("alert" in r.types for r in reports),
            review=incident.review,
            version=incident.version,
            _snapshot=incident,
        )

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def bounds(self) -> _Bounds:
        if self._bounds is None:
            self._bounds = _Bounds.of(self.reports)
        return self._bounds

    def insert(self, report: Report) -> None:
        bisect.insort(self.reports, report, key=_order)
        if len(self.reports) == 1:
            self.first_seen = self.last_seen = report.date
        else:
            self.first_seen = min(self.first_seen, report.date)
            self.last_seen = max(self.last_seen, report.date)
        if report.all_clear:
            self.cleared_at = max(self.cleared_at or report.date, report.date)
        self.alert = self.alert or "alert" in report.types
        self.version += 1
        self._snapshot = self._bounds = None

    def remove(self, key: Key) -> bool:
        kept = [r for r in self.reports if r.key != key]
        if len(kept) == len(self.reports):
            return False
        self.reports = kept
        if kept:
            self.first_seen, self.last_seen = kept[0].date, max(r.date for r in kept)
        clears = [r.date for r in kept if r.all_clear]
        self.cleared_at = max(clears) if clears else None
        self.alert = any("alert" in r.types for r in kept)
        self._snapshot = self._bounds = None
        return True

    def close(self, at: datetime, by: str) -> None:
        self.closed_at, self.closed_by, self.settled_at = max(at, self.last_seen), by, at
        self._snapshot = None

    def snapshot(self) -> Incident:
        if self._snapshot is None:
            reports = tuple(self.reports)
            self._snapshot = Incident(
                id=self.id,
                region=self.region,
                first_seen=self.first_seen,
                last_seen=self.last_seen,
                types=_merge_types(reports),
                places=_merge_places(reports),
                reports=reports,
                closed_at=self.closed_at,
                review=self.review,
                version=self.version,
            )
        return self._snapshot


@dataclass
class _Pending:
    kinds: set[str] = field(default_factory=set)
    added: dict[Key, Report] = field(default_factory=dict)
    removed: set[Key] = field(default_factory=set)
    post: Key = ("", 0)
    absorbed: dict[str, None] = field(default_factory=dict)


class Grouper:
    """Holds the waves still open to new reports and assigns detections to them."""

    def __init__(
        self,
        gap: timedelta = DEFAULT_GAP,
        incidents: Iterable[Incident] = (),
        copies: Iterable[tuple[str, Key]] = (),
        max_duration: timedelta = DEFAULT_MAX_DURATION,
        summary_window: timedelta = DEFAULT_SUMMARY_WINDOW,
    ) -> None:
        self.gap = gap
        self.max_duration = max(max_duration, gap)
        self.summary_window = summary_window
        self._waves: dict[str, _Wave] = {}
        self._by_region: dict[str, set[str]] = {}
        self._by_post: dict[Key, set[str]] = {}
        self._copies: dict[str, Key] = {}
        self._taken_ids: dict[str, datetime] = {}
        self._pending: dict[str, _Pending] = {}
        # All-clears that ended no wave yet, by region: the alerts they end may come later.
        self._orphans: dict[str, dict[Key, Report]] = {}
        self.clock: datetime | None = None  # the latest post time seen
        self.remember(incidents)
        self.remember_copies(copies)

    @property
    def reach(self) -> timedelta:
        """How far back from the newest post a wave may still take a report."""
        return max(self.gap, self.summary_window)

    def remember(self, incidents: Iterable[Incident]) -> None:
        """Take in incidents from elsewhere (the store); ones already held are kept as they are."""
        for incident in incidents:
            if incident.id not in self._waves:
                self._hold(_Wave.of(incident, self.gap, self.max_duration))

    def remember_clears(self, clears: Iterable[tuple[Post, Detection, Sequence[str]]]) -> None:
        """Take in all-clears from elsewhere (the store) that ended no wave of these regions:
        they are kept until the alerts they end arrive (ones held in a wave are left there)."""
        for post, detection, regions in clears:
            for region in regions:
                if any(self._waves[i].region == region for i in self._by_post.get(post.key, ())):
                    continue
                report = self._report(post, detection, region, all_clear=True)
                self._orphans.setdefault(region, {})[post.key] = report

    @property
    def orphan_clears(self) -> list[tuple[str, Report]]:
        """The kept all-clears that ended no wave yet: (region, report), oldest first."""
        kept = [(r, report) for r, reports in self._orphans.items() for report in reports.values()]
        return sorted(kept, key=lambda item: (item[1].date, item[1].key, item[0]))

    def remember_copies(self, copies: Iterable[tuple[str, Key]]) -> None:
        for print_, key in copies:
            self._copies.setdefault(print_, key)

    def reserve_ids(self, ids: Iterable[tuple[str, datetime]]) -> None:
        """Ids in use in the store by incidents not held (retracted ones): never reused."""
        for id_, moment in ids:
            self._taken_ids.setdefault(id_, moment)

    # -- state ---------------------------------------------------------------

    @property
    def incidents(self) -> list[Incident]:
        snapshots = (w.snapshot() for w in self._waves.values())
        return sorted(snapshots, key=lambda i: (i.first_seen, i.id))

    @property
    def held(self) -> int:
        """How many waves are in memory."""
        return len(self._waves)

    def get(self, incident_id_: str) -> Incident | None:
        wave = self._waves.get(incident_id_)
        return wave.snapshot() if wave else None

    def _hold(self, wave: _Wave) -> None:
        self._waves[wave.id] = wave
        self._by_region.setdefault(wave.region, set()).add(wave.id)
        self._taken_ids[wave.id] = wave.last_seen
        for report in wave.reports:
            self._by_post.setdefault(report.key, set()).add(wave.id)

    def _drop(self, wave: _Wave) -> None:
        del self._waves[wave.id]
        self._unregion(wave)
        for report in wave.reports:
            self._unindex(report.key, wave.id)

    def _unregion(self, wave: _Wave) -> None:
        ids = self._by_region.get(wave.region)
        if ids is not None:
            ids.discard(wave.id)
            if not ids:
                del self._by_region[wave.region]

    def _unindex(self, key: Key, wave_id: str) -> None:
        ids = self._by_post.get(key)
        if ids:
            ids.discard(wave_id)
            if not ids:
                del self._by_post[key]

    def forget_before(self, moment: datetime) -> None:
        """Drop waves last reported before `moment`, and what only they needed (bounded memory)."""
        for wave in [w for w in self._waves.values() if w.last_seen < moment]:
            self._drop(wave)
        for region, reports in list(self._orphans.items()):
            kept = {k: r for k, r in reports.items() if r.date >= moment}
            if kept:
                self._orphans[region] = kept
            else:
                del self._orphans[region]
        self._copies = {p: k for p, k in self._copies.items() if k in self._by_post}
        self._taken_ids = {
            i: t for i, t in self._taken_ids.items() if t >= moment - self.gap or i in self._waves
        }

    # -- changes -------------------------------------------------------------

    def _touch(
        self,
        wave: _Wave,
        kind: str,
        post: Key,
        added: Report | None = None,
        removed: Key | None = None,
    ) -> None:
        pending = self._pending.setdefault(wave.id, _Pending())
        pending.kinds.add(kind)
        pending.post = post
        if removed is not None:
            pending.added.pop(removed, None)
            pending.removed.add(removed)
        if added is not None:
            pending.added[added.key] = added

    def flush(self) -> list[IncidentChange]:
        """The changes since the last flush, one per incident, oldest first seen first."""
        changes = []
        for wave_id, pending in self._pending.items():
            wave = self._waves.get(wave_id)
            if wave is None:
                continue
            changes.append(
                IncidentChange(
                    _telling(pending.kinds),
                    wave.snapshot(),
                    pending.post,
                    added=tuple(pending.added.values()),
                    removed=tuple(sorted(pending.removed)),
                    merged_into=wave.merged_into,
                    absorbed=tuple(pending.absorbed),
                )
            )
            if RETRACTED in pending.kinds or MERGED in pending.kinds:
                self._drop(wave)
        self._pending = {}
        return changes

    def add(self, post: Post, detection: Detection) -> list[IncidentChange]:
        """Place one post and say what changed (a batch: `feed` each post, then `flush`)."""
        self.feed(post, detection)
        return self.flush()

    def advance(self, moment: datetime) -> None:
        """Close the waves that went quiet or ran out of time by `moment`."""
        for wave in self._waves.values():
            self._close_if_due(wave, moment)

    def _close_if_due(self, wave: _Wave, moment: datetime) -> None:
        if not wave.is_open or not wave.reports:
            return
        if moment > wave.last_seen + self.gap:
            wave.close(wave.last_seen + self.gap, BY_QUIET)
        elif moment > wave.first_seen + self.max_duration:
            wave.close(wave.first_seen + self.max_duration, BY_MAX_DURATION)
        else:
            return
        self._touch(wave, CLOSED, wave.reports[-1].key)

    # -- grouping ------------------------------------------------------------

    def feed(self, post: Post, detection: Detection) -> None:
        if self.clock is None or post.date > self.clock:
            self.clock = post.date
        withdrawn = self._withdraw(post) if post.key in self._by_post else []
        self._unkeep(post.key)
        self._place(post, detection)
        self._retract_empty(withdrawn, post)
        regions = dict.fromkeys(detection.regions)
        regions.update(dict.fromkeys(self._waves[i].region for i in withdrawn if i in self._waves))
        for region in regions:
            self._settle(region, post.key)

    def _place(self, post: Post, detection: Detection) -> None:
        origin = self._origin_of(post)
        if origin is not None and self._add_copy(post, detection, origin):
            return
        if detection.all_clear:
            self._all_clear(post, detection)
        elif detection.incident:
            summary = detection.status == OFFICIAL and speaks_of_the_night(post.text)
            for region in detection.regions:
                self._add_to_region(post, detection, region, summary)
        print_ = fingerprint(post.text)
        if print_ and post.key in self._by_post:
            self._copies.setdefault(print_, post.key)

    def _origin_of(self, post: Post) -> Key | None:
        if post.forwarded_from and post.forwarded_id is not None:
            return (post.forwarded_from.lstrip("@").lower(), post.forwarded_id)
        print_ = fingerprint(post.text)
        if print_:
            original = self._copies.get(print_)
            # A channel that says the same words again («Отбой ... по ранее объявленным
            # областям», its alert formula with its signature) reports anew: only another
            # channel's post can be a copy.
            if original is not None and original[0] != post.channel:
                return original
        return None

    def _report(self, post: Post, detection: Detection, region: str, **extra: object) -> Report:
        return Report(
            channel=post.channel,
            post_id=post.id,
            date=post.date,
            url=post.link,
            types=detection.types,
            counts=_report_counts(detection, region),
            sources=detection.sources,
            status=detection.status,
            places=tuple(p for p in detection.places if p.region == region and p.kind != "region"),
            **extra,  # type: ignore[arg-type]
        )

    def _join(self, wave: _Wave, report: Report, post: Key, kind: str = UPDATED) -> None:
        wave.insert(report)
        self._by_post.setdefault(report.key, set()).add(wave.id)
        self._taken_ids[wave.id] = wave.last_seen
        if wave.closed_at is not None:
            if wave.closed_by == BY_QUIET and report.date <= (wave.settled_at or report.date):
                wave.closed_at = wave.closed_by = wave.settled_at = None  # a late report
            else:
                wave.closed_at = max(wave.closed_at, wave.last_seen)
        self._touch(wave, kind, post, added=report)

    def _spans(self, wave: _Wave, moment: datetime) -> bool:
        """Whether a report at `moment` keeps the wave within the gap and its maximum length."""
        if not wave.first_seen - self.gap <= moment <= wave.last_seen + self.gap:
            return False
        return max(wave.last_seen, moment) - min(wave.first_seen, moment) <= self.max_duration

    def _region_waves(self, region: str) -> Iterable[_Wave]:
        return (self._waves[i] for i in self._by_region.get(region, ()))

    def _candidate(self, region: str, moment: datetime, opens_alert: bool) -> _Wave | None:
        """The wave a report at `moment` joins: of those that take it, the latest begun by
        then (after an all-clear and a new alert, news belongs to the wave that alert began),
        else the first to begin."""
        takers = [
            w
            for w in self._region_waves(region)
            if self._spans(w, moment)
            and (w.closed_at is None or self._still_takes(w, moment, opens_alert))
        ]
        begun = [w for w in takers if w.first_seen <= moment]
        if begun:
            return max(begun, key=lambda w: (w.first_seen, w.id))
        return min(takers, key=lambda w: (w.first_seen, w.id), default=None)

    def _still_takes(self, wave: _Wave, moment: datetime, opens_alert: bool) -> bool:
        """Whether a closed wave takes a report at `moment` (already within the gap of its
        reports and its maximum length): one from before it closed, or news of the wave after
        its all-clear (a fresh alert then is a new wave)."""
        if wave.closed_by == BY_ALL_CLEAR and wave.cleared_at is not None:
            return moment < wave.cleared_at or not opens_alert
        return wave.settled_at is None or moment <= wave.settled_at

    def _last_wave(self, region: str, moment: datetime) -> _Wave | None:
        """The region's latest wave begun by `moment` and reported within the summary window."""
        best: _Wave | None = None
        for wave in self._region_waves(region):
            if wave.first_seen > moment:
                continue
            if wave.last_seen < moment - self.summary_window:
                continue
            if best is None or (wave.last_seen, wave.id) > (best.last_seen, best.id):
                best = wave
        return best

    def _add_to_region(self, post: Post, detection: Detection, region: str, summary: bool) -> None:
        report = self._report(post, detection, region)
        current = self._last_wave(region, post.date) if summary else None
        if current is not None:
            self._close_if_due(current, post.date)  # a summary does not keep a wave going
        else:
            current = self._candidate(region, post.date, opens_alert="alert" in detection.types)
        if current is None:
            new_id = incident_id(region, post.date, self._taken_ids)
            wave = _Wave(id=new_id, region=region, first_seen=post.date, last_seen=post.date)
            self._hold(wave)
            self._join(wave, report, post.key, OPENED)
        else:
            self._join(current, report, post.key)
            if not summary:
                self._merge_bridged(current, post.key)

    # -- merging waves a report bridged ---------------------------------------

    @staticmethod
    def _takes_after_clear(cleared: _Wave, other: _Wave) -> bool:
        """Whether a wave closed by an all-clear would have taken `other`'s reports: no alert
        of `other` comes at or after the all-clear (that one opens a new wave)."""
        end = cleared.cleared_at
        return end is not None and all(
            r.date < end or "alert" not in r.types for r in other.reports
        )

    def _bridged(self, a: _Wave, b: _Wave) -> bool:
        """Whether two waves of a region are one: their reports within the gap of each
        other, together no longer than the maximum length, neither cut at its maximum length,
        and an all-clear between them only if what follows it is news of the same wave."""
        if not (a.reports and b.reports) or a.merged_into or b.merged_into:
            return False
        if BY_MAX_DURATION in (a.closed_by, b.closed_by):
            return False
        if a.closed_by == BY_ALL_CLEAR and b.closed_by == BY_ALL_CLEAR:
            return False
        if a.closed_by == BY_ALL_CLEAR and not self._takes_after_clear(a, b):
            return False
        if b.closed_by == BY_ALL_CLEAR and not self._takes_after_clear(b, a):
            return False
        if a.first_seen - self.gap > b.last_seen or b.first_seen - self.gap > a.last_seen:
            return False
        span = max(a.last_seen, b.last_seen) - min(a.first_seen, b.first_seen)
        return span <= self.max_duration

    def _merge_bridged(self, wave: _Wave, post: Key) -> None:
        """Merge the waves `wave` now bridges into the earliest of them."""
        while True:
            others = [w for w in self._region_waves(wave.region) if w is not wave]
            group = [wave, *(w for w in others if self._bridged(wave, w))]
            if len(group) == 1:
                return
            survivor = min(group, key=lambda w: (w.first_seen, w.id))
            for other in sorted(group, key=lambda w: w.id):
                if other is not survivor:
                    self._absorb(survivor, other, post)
            wave = survivor

    def _absorb(self, survivor: _Wave, other: _Wave, post: Key) -> None:
        """Move `other`'s reports into `survivor`; `other` is dropped at the next flush."""
        moved, other.reports, other._bounds = other.reports, [], None
        for report in moved:
            self._unindex(report.key, other.id)
            survivor.insert(report)
            self._by_post.setdefault(report.key, set()).add(survivor.id)
            self._touch(survivor, UPDATED, post, added=report)
            self._touch(other, MERGED, post, removed=report.key)
        self._pending[survivor.id].absorbed[other.id] = None
        # what `other` had absorbed earlier in this batch is the survivor's now
        for earlier in self._pending[other.id].absorbed:
            self._pending[survivor.id].absorbed[earlier] = None
            if earlier in self._waves:
                self._waves[earlier].merged_into = survivor.id
        self._taken_ids[survivor.id] = survivor.last_seen
        if BY_ALL_CLEAR in (survivor.closed_by, other.closed_by):
            # still ended by its all-clear, now with the news that followed it (the end of a
            # wave that closed for quiet is no end: the quiet was none)
            ends = [w.closed_at for w in (survivor, other) if w.closed_at is not None]
            survivor.close(survivor.cleared_at or max(ends), BY_ALL_CLEAR)
        elif survivor.closed_at is not None:  # quiet proved to be none: `advance` closes again
            survivor.closed_at = survivor.closed_by = survivor.settled_at = None
        other.merged_into = survivor.id
        other.version += 1
        other._snapshot = None
        self._unregion(other)

    def _add_copy(self, post: Post, detection: Detection, origin: Key) -> bool:
        """Add a copy to the original's waves it comes within the gap of; False if none."""
        joined = False
        for wave_id in sorted(self._by_post.get(origin, ())):
            wave = self._waves[wave_id]
            if wave.merged_into is not None:
                continue
            if not wave.last_seen - self.max_duration <= post.date <= wave.last_seen + self.gap:
                continue
            original = next((r for r in wave.reports if r.key == origin), None)
            if original is None:
                continue
            report = replace(
                original,
                channel=post.channel,
                post_id=post.id,
                date=post.date,
                url=post.link,
                sources=tuple(dict.fromkeys((origin[0], *detection.sources, *original.sources))),
                copy_of=origin,
                all_clear=False,
            )
            self._join(wave, report, post.key)
            self._merge_bridged(wave, post.key)
            joined = True
        return joined

    def _all_clear(self, post: Post, detection: Detection) -> None:
        """An all-clear ends the region's wave it falls in (see `_clear_target`); with none
        yet, it is kept: the alerts it ends may come later (a catch-up across channels)."""
        for region in detection.regions:
            report = self._report(post, detection, region, all_clear=True)
            wave = self._clear_target(region, report.date)
            if wave is None:
                self._orphans.setdefault(region, {})[post.key] = report
            else:
                self._clear(wave, report, post.key)

    def _clear_target(self, region: str, moment: datetime) -> _Wave | None:
        """The wave an all-clear at `moment` ends: the region's latest wave begun by then,
        within the gap of its reports, with an alert before `moment`, and going on then (open,
        closed for a quiet or a length that came later, or ended by an earlier all-clear: an
        alert channel clears town after town)."""
        best: _Wave | None = None
        for wave in self._region_waves(region):
            if not wave.reports or wave.first_seen > moment or not self._spans(wave, moment):
                continue
            first_alert = wave.bounds.first_alert
            if first_alert is None or first_alert >= moment:
                continue
            if wave.closed_by in (BY_QUIET, BY_MAX_DURATION) and moment > (
                wave.settled_at or moment
            ):
                continue
            if best is None or (wave.first_seen, wave.id) > (best.first_seen, best.id):
                best = wave
        return best

    def _clear(self, wave: _Wave, report: Report, post: Key) -> None:
        """`report`, an all-clear, ends `wave`; news after it still joins it."""
        self._join(wave, report, post, CLOSED)
        self._reclose(wave)
        self._merge_bridged(wave, post)

    def _reclose(self, wave: _Wave) -> None:
        """Close a wave at its latest all-clear, or reopen one whose all-clear went elsewhere
        (the next `advance` closes it for quiet if that is due)."""
        if wave.cleared_at is not None and wave.bounds.first_clear is not None:
            wave.close(wave.cleared_at, BY_ALL_CLEAR)
        elif wave.closed_by == BY_ALL_CLEAR:
            wave.closed_at = wave.closed_by = wave.settled_at = None
            wave._snapshot = None

    def _unkeep(self, key: Key) -> None:
        for region in [r for r, kept in self._orphans.items() if key in kept]:
            del self._orphans[region][key]
            if not self._orphans[region]:
                del self._orphans[region]

    # -- the night as read in time order -------------------------------------

    def _settle(self, region: str, post: Key) -> None:
        """Make the region's waves what the night read in time order gives, whatever order
        its posts came in: a kept all-clear ends the wave whose alert before it arrived late,
        and an alert after a wave's all-clear begins a new wave with what follows it."""
        if region not in self._orphans and not any(
            w.cleared_at is not None for w in self._region_waves(region)
        ):
            return
        while self._attach_kept(region, post) or self._split(region, post):
            pass

    def _attach_kept(self, region: str, post: Key) -> bool:
        for key, report in sorted(self._orphans.get(region, {}).items(), key=lambda i: i[1].date):
            wave = self._clear_target(region, report.date)
            if wave is not None:
                self._unkeep(key)
                self._clear(wave, report, post)
                return True
        return False

    def _split(self, region: str, post: Key) -> bool:
        """Move one boundary to where the night read in order puts it. Of the region's waves
        in the order they begin, a wave with an alert after its own all-clear, or two waves
        one after the other within the gap, one of them ended by an all-clear, are cut at the
        first alert after that all-clear: what comes before it goes to the wave that holds
        the earliest report, the rest to the other (a new wave if there is no other)."""
        waves = sorted(
            (w for w in self._region_waves(region) if w.reports and not w.merged_into),
            key=lambda w: _in_time(w.bounds.begins),  # type: ignore[arg-type]
        )
        for n, wave in enumerate(waves):
            if wave.closed_by == BY_MAX_DURATION:
                continue
            after = waves[n + 1] if n + 1 < len(waves) else None
            if after is not None and (
                after.closed_by == BY_MAX_DURATION
                or after.first_seen > wave.last_seen + self.gap
                or (wave.bounds.first_clear is None and after.bounds.first_clear is None)
                or self._follows(wave, after)
            ):
                after = None
            if after is not None and self._cut(wave, after, post):
                return True
            if wave.bounds.cut is not None and self._cut(wave, None, post):
                return True
        return False

    @staticmethod
    def _follows(wave: _Wave, after: _Wave) -> bool:
        """Whether `after` is already the wave after `wave`'s all-clear (the usual case, a
        night read in order): it begins with an alert after that all-clear and after every
        report of `wave`, and `wave` has no alert after its all-clear of its own."""
        cleared, begins = wave.bounds.first_clear, after.bounds.begins
        return (
            cleared is not None
            and wave.bounds.cut is None
            and begins is not None
            and _is_alert(begins)
            and begins.date >= cleared
            and begins.date > wave.last_seen
        )

    def _cut(self, wave: _Wave, other: _Wave | None, post: Key) -> bool:
        """Cut the reports of two waves (or one) at the first alert after an all-clear."""
        night = wave.reports
        if other is not None:
            night = list(heapq.merge(wave.reports, other.reports, key=_order))
        cut = _Bounds.of(night).cut
        if cut is None:
            return False

        def later(r: Report) -> bool:
            return r.date > cut or (r.date == cut and not r.all_clear)

        first, rest = wave, other
        if other is not None and other.bounds.begins is not None:
            begins = wave.bounds.begins
            if begins is None or _in_time(other.bounds.begins) < _in_time(begins):
                first, rest = other, wave
        forth = [r for r in first.reports if later(r)]
        back = [r for r in rest.reports if not later(r)] if rest else []
        if not forth and not back:
            return False
        if forth:
            self._move(first, forth, rest, post)
        if back and rest is not None:
            self._move(rest, back, first, post)
        return True

    def _move(self, wave: _Wave, moved: list[Report], into: _Wave | None, post: Key) -> None:
        """Move reports of `wave` into another wave of its region (a new one if None)."""
        for report in moved:
            wave.remove(report.key)
            self._unindex(report.key, wave.id)
            self._touch(wave, UPDATED, post, removed=report.key)
        wave.version += 1
        if wave.closed_by == BY_QUIET:  # its quiet began after what it gave away: none yet
            wave.closed_at = wave.closed_by = wave.settled_at = None
        self._reclose(wave)
        if into is None:
            first = min(moved, key=_order)
            new_id = incident_id(wave.region, first.date, self._taken_ids)
            into = _Wave(id=new_id, region=wave.region, first_seen=first.date, last_seen=first.date)
            self._hold(into)
            kind = OPENED
        else:
            kind = UPDATED
        for report in sorted(moved, key=_order):
            self._join(into, report, post, kind)
        self._reclose(into)
        self._merge_bridged(into, post)

    def _withdraw(self, post: Post) -> list[str]:  # (its kept all-clears: `_unkeep`)
        """Take an edited post's earlier reports out before it is added again."""
        touched = []
        for wave_id in sorted(self._by_post.pop(post.key, set())):
            wave = self._waves.get(wave_id)
            if wave is None or not wave.remove(post.key):
                continue
            touched.append(wave_id)
            self._touch(wave, UPDATED, post.key, removed=post.key)
        return touched

    def _retract_empty(self, wave_ids: list[str], post: Post) -> None:
        """Waves left with no report after an edit are closed as retracted."""
        for wave_id in wave_ids:
            wave = self._waves.get(wave_id)
            if wave is None:
                continue
            if wave.reports:
                if post.key not in self._by_post or wave_id not in self._by_post[post.key]:
                    wave.version += 1
                    wave._snapshot = None
                continue
            wave.closed_at = max(wave.closed_at or post.edit_date or post.date, wave.last_seen)
            wave.version += 1
            wave._snapshot = None
            self._touch(wave, RETRACTED, post.key)
