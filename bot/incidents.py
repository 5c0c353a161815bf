"""Grouping detections into incidents (ARCHITECTURE.md, "Incident policy").

Pure: no I/O, no wall clock. The post's own timestamp is the clock, so a replay
of the same posts always gives the same incidents.

Policy:
- One incident per region per attack wave: a detection joins the region's
  incident when its time is within `gap` of the incident's reports.
- A post naming several regions contributes to each region's incident.
- A forward or verbatim copy of a post already seen adds a source to the
  incidents of the original, never a new incident.
- An all-clear closes the region's open alert. After that, a new alert opens a
  new incident; other reports within the gap (news about the wave that just
  ended) still join the closed one.
- An edited post replaces its earlier report.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.models import Count, Detection, Incident, Place, Post, Report

OPENED = "opened"
UPDATED = "updated"
CLOSED = "closed"
RETRACTED = "retracted"

DEFAULT_GAP = timedelta(hours=3)
MIN_FINGERPRINT_LETTERS = 40  # shorter texts ("Опасность по БПЛА") repeat without being copies

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def fingerprint(text: str) -> str | None:
    """A key equal for verbatim copies of a text (case, punctuation, emoji, links aside)."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    folded = re.sub(r"https?://\S+|@\w+", " ", folded)
    words = _NON_WORD.sub(" ", folded).split()
    letters = sum(len(w) for w in words)
    if letters < MIN_FINGERPRINT_LETTERS:
        return None
    return hashlib.sha1(" ".join(words).encode()).hexdigest()[:20]


@dataclass(frozen=True)
class IncidentChange:
    kind: str  # OPENED, UPDATED, CLOSED or RETRACTED
    incident: Incident
    post: tuple[str, int]


def incident_id(region: str, first_seen: datetime, taken: set[str]) -> str:
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
    from bot.models import INCIDENT_TYPES

    present = {t for r in reports for t in r.types}
    return tuple(t for t in INCIDENT_TYPES if t in present)


def _merge_places(reports: Iterable[Report]) -> tuple[Place, ...]:
    seen: dict[tuple[str, str], Place] = {}
    for report in reports:
        for place in report.places:
            seen.setdefault((place.name, place.region), place)
    return tuple(seen.values())


class Grouper:
    """Holds the incidents still open to new reports and assigns detections to them."""

    def __init__(
        self,
        gap: timedelta = DEFAULT_GAP,
        incidents: Iterable[Incident] = (),
        copies: Iterable[tuple[str, tuple[str, int]]] = (),
    ) -> None:
        self.gap = gap
        self._incidents: dict[str, Incident] = {}
        self._by_post: dict[tuple[str, int], set[str]] = {}
        self._copies: dict[str, tuple[str, int]] = {}
        self._taken_ids: set[str] = set()
        self.remember(incidents)
        self.remember_copies(copies)

    def remember(self, incidents: Iterable[Incident]) -> None:
        """Take in incidents from elsewhere (the store); ones already held are kept as they are."""
        for incident in incidents:
            if incident.id not in self._incidents:
                self._remember(incident)

    def remember_copies(self, copies: Iterable[tuple[str, tuple[str, int]]]) -> None:
        for print_, key in copies:
            self._copies.setdefault(print_, key)

    # -- state ---------------------------------------------------------------

    @property
    def incidents(self) -> list[Incident]:
        return sorted(self._incidents.values(), key=lambda i: (i.first_seen, i.id))

    def get(self, incident_id_: str) -> Incident | None:
        return self._incidents.get(incident_id_)

    def _remember(self, incident: Incident) -> None:
        self._incidents[incident.id] = incident
        self._taken_ids.add(incident.id)
        for key in incident.posts:
            self._by_post.setdefault(key, set()).add(incident.id)

    def forget_before(self, moment: datetime) -> None:
        """Drop incidents last reported more than a gap before `moment` (bounded memory)."""
        horizon = moment - self.gap
        for incident in list(self._incidents.values()):
            if incident.last_seen < horizon:
                del self._incidents[incident.id]
                for key in incident.posts:
                    ids = self._by_post.get(key)
                    if ids:
                        ids.discard(incident.id)
                        if not ids:
                            del self._by_post[key]

    # -- grouping ------------------------------------------------------------

    def add(self, post: Post, detection: Detection) -> list[IncidentChange]:
        withdrawn = self._withdraw(post) if post.key in self._by_post else []
        changes = self._place(post, detection)
        changes.extend(self._retract_empty(withdrawn, post))
        return changes

    def _place(self, post: Post, detection: Detection) -> list[IncidentChange]:
        changes: list[IncidentChange] = []
        origin = self._origin_of(post)
        if origin is not None and origin in self._by_post:
            return self._add_copy(post, detection, origin)
        if detection.all_clear:
            changes.extend(self._all_clear(post, detection))
        elif detection.incident:
            for region in detection.regions:
                changes.append(self._add_to_region(post, detection, region))
        print_ = fingerprint(post.text)
        if print_ and post.key in self._by_post:
            self._copies.setdefault(print_, post.key)
        return changes

    def _origin_of(self, post: Post) -> tuple[str, int] | None:
        if post.forwarded_from and post.forwarded_id is not None:
            return (post.forwarded_from.lstrip("@").lower(), post.forwarded_id)
        print_ = fingerprint(post.text)
        if print_:
            original = self._copies.get(print_)
            if original is not None and original != post.key:
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

    def _with_report(self, incident: Incident, report: Report) -> Incident:
        reports = tuple(sorted((*incident.reports, report), key=lambda r: (r.date, r.key)))
        dates = [r.date for r in reports]
        return replace(
            incident,
            reports=reports,
            first_seen=min(dates),
            last_seen=max(dates),
            types=_merge_types(reports),
            places=_merge_places(reports),
            version=incident.version + 1,
        )

    def _near(self, incident: Incident, moment: datetime) -> bool:
        return incident.first_seen - self.gap <= moment <= incident.last_seen + self.gap

    def _candidate(self, region: str, moment: datetime, opens_alert: bool) -> Incident | None:
        best: Incident | None = None
        for incident in self._incidents.values():
            if incident.region != region or not self._near(incident, moment):
                continue
            if not incident.is_open:
                assert incident.closed_at is not None
                if opens_alert and moment >= incident.closed_at:
                    continue  # a fresh alert after the all-clear is a new wave
            if best is None or incident.last_seen > best.last_seen:
                best = incident
        return best

    def _add_to_region(self, post: Post, detection: Detection, region: str) -> IncidentChange:
        report = self._report(post, detection, region)
        current = self._candidate(region, post.date, opens_alert="alert" in detection.types)
        if current is None:
            new_id = incident_id(region, post.date, self._taken_ids)
            incident = self._with_report(
                Incident(
                    id=new_id, region=region, first_seen=post.date, last_seen=post.date, version=0
                ),
                report,
            )
            kind = OPENED
        else:
            incident = self._with_report(current, report)
            kind = UPDATED
        self._remember(incident)
        return IncidentChange(kind, incident, post.key)

    def _add_copy(
        self, post: Post, detection: Detection, origin: tuple[str, int]
    ) -> list[IncidentChange]:
        changes = []
        for incident_id_ in sorted(self._by_post[origin]):
            incident = self._incidents[incident_id_]
            original = next(r for r in incident.reports if r.key == origin)
            report = replace(
                original,
                channel=post.channel,
                post_id=post.id,
                date=post.date,
                url=post.link,
                sources=tuple(dict.fromkeys((origin[0], *detection.sources, *original.sources))),
                copy_of=origin,
            )
            updated = self._with_report(incident, report)
            self._remember(updated)
            changes.append(IncidentChange(UPDATED, updated, post.key))
        return changes

    def _all_clear(self, post: Post, detection: Detection) -> list[IncidentChange]:
        changes = []
        for region in detection.regions:
            for incident in list(self._incidents.values()):
                if (
                    incident.region == region
                    and incident.is_open
                    and "alert" in incident.types
                    and incident.first_seen <= post.date
                    and self._near(incident, post.date)
                ):
                    report = self._report(post, detection, region, all_clear=True)
                    closed = replace(self._with_report(incident, report), closed_at=post.date)
                    self._remember(closed)
                    changes.append(IncidentChange(CLOSED, closed, post.key))
        return changes

    def _withdraw(self, post: Post) -> list[str]:
        """Take an edited post's earlier reports out before it is added again."""
        touched = []
        for incident_id_ in sorted(self._by_post.pop(post.key, set())):
            incident = self._incidents.get(incident_id_)
            if incident is None:
                continue
            reports = tuple(r for r in incident.reports if r.key != post.key)
            self._incidents[incident.id] = replace(
                incident,
                reports=reports,
                types=_merge_types(reports),
                places=_merge_places(reports),
            )
            touched.append(incident.id)
        return touched

    def _retract_empty(self, incident_ids: list[str], post: Post) -> list[IncidentChange]:
        """Incidents left with no report after an edit are closed as retracted."""
        changes = []
        for incident_id_ in incident_ids:
            incident = self._incidents.get(incident_id_)
            if incident is None:
                continue
            if incident.reports:
                if post.key not in incident.posts:
                    dates = [r.date for r in incident.reports]
                    updated = replace(
                        incident,
                        first_seen=min(dates),
                        last_seen=max(dates),
                        version=incident.version + 1,
                    )
                    self._incidents[incident.id] = updated
                    changes.append(IncidentChange(UPDATED, updated, post.key))
                continue
            retracted = replace(
                incident,
                closed_at=incident.closed_at or post.edit_date or post.date,
                version=incident.version + 1,
            )
            del self._incidents[incident.id]
            changes.append(IncidentChange(RETRACTED, retracted, post.key))
        return changes
