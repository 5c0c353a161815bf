"""Readable terminal tables of incidents (for `replay --pretty`, `demo` and `incidents`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo

from rich.table import Table

from bot.cards import TYPE_WORDS, count_number
from bot.models import Incident


def counts_summary(incident: Incident, most: int = 3) -> str:
    """What the reports counted, per kind: "explosion: 5–7, 20+, 10+ (+2)"."""
    by_what: dict[str, list[str]] = {}
    for report in incident.reports:
        for count in report.counts:
            if count.total or count.region not in (None, incident.region):
                continue
            values = by_what.setdefault(count.what, [])
            number = count_number(count, "en")
            if number not in values:
                values.append(number)
    parts = []
    for what, values in by_what.items():
        more = f" (+{len(values) - most})" if len(values) > most else ""
        parts.append(f"{what}: {', '.join(values[:most])}{more}")
    return "; ".join(parts)


def region_label(code: str) -> str:
    from bot.detect.gazetteer import Gazetteer

    info = Gazetteer.default().region(code)
    return f"{code} {info.name_en}" if info else code


WIDE = 140  # from this width every field has its own column


def _places(incident: Incident, most: int = 6) -> str:
    from bot.placenames import english_name  # the table is in English

    names = ", ".join(english_name(p) for p in incident.places[:most])
    more = len(incident.places) - most
    return names + (f" +{more}" if more > 0 else "")


def _status(incident: Incident, zone: tzinfo) -> str:
    status = incident.status
    if incident.closed_at is not None:
        status += ", all clear " + incident.closed_at.astimezone(zone).strftime("%H:%M")
    return status


def _types(incident: Incident) -> str:
    return ", ".join(TYPE_WORDS["en"].get(t, t) for t in incident.types)


def _posts(incident: Incident) -> str:
    return f"{len(incident.reports)} / {len({r.channel for r in incident.reports})} ch"


def incident_table(
    incidents: Sequence[Incident],
    zone: tzinfo,
    title: str = "Incidents",
    width: int | None = None,
) -> Table:
    """The incidents as a table that fits `width` columns: a column per field when wide,
    else the incident, its time span and one column of details, wrapped by words. Nothing
    is cut short: a long word folds onto the next line rather than ending in "…"."""
    if width is not None and width < WIDE:
        return _narrow_table(incidents, zone, title)
    table = Table(title=title, show_lines=False, expand=False)
    table.add_column("incident", no_wrap=True)
    table.add_column("region", ratio=2, overflow="fold")
    table.add_column("types", ratio=2, overflow="fold")
    table.add_column("places", ratio=3, overflow="fold")
    table.add_column("seen", no_wrap=True)
    table.add_column("posts", no_wrap=True, justify="right")
    table.add_column("counts", ratio=3, overflow="fold")
    table.add_column("status", ratio=2, overflow="fold")
    for incident in incidents:
        first = incident.first_seen.astimezone(zone).strftime("%d.%m %H:%M")
        last = incident.last_seen.astimezone(zone).strftime("%H:%M")
        table.add_row(
            incident.id,
            region_label(incident.region),
            _types(incident),
            _places(incident),
            f"{first}–{last}",
            _posts(incident),
            counts_summary(incident),
            _status(incident, zone),
        )
    return table


def _narrow_table(incidents: Sequence[Incident], zone: tzinfo, title: str) -> Table:
    table = Table(title=title, show_lines=True, expand=False)
    table.add_column("incident", overflow="fold", min_width=10)
    table.add_column("seen", no_wrap=True)
    table.add_column("details", overflow="fold", ratio=1)
    for incident in incidents:
        first = incident.first_seen.astimezone(zone)
        last = incident.last_seen.astimezone(zone)
        seen = f"{first:%d.%m %H:%M}\n–{last:%H:%M}"
        lines = [
            region_label(incident.region),
            f"{_types(incident)} · {_status(incident, zone)}",
            _places(incident),
            f"{_posts(incident)}" + (f" · {c}" if (c := counts_summary(incident)) else ""),
        ]
        table.add_row(incident.id, seen, "\n".join(line for line in lines if line))
    return table
