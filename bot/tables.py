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


def incident_table(incidents: Sequence[Incident], zone: tzinfo, title: str = "Incidents") -> Table:
    table = Table(title=title, show_lines=False, expand=False)
    table.add_column("incident", no_wrap=True)
    table.add_column("region", ratio=2)
    table.add_column("types", ratio=2)
    table.add_column("places", ratio=3)
    table.add_column("seen", no_wrap=True)
    table.add_column("posts", no_wrap=True, justify="right")
    table.add_column("counts", ratio=3)
    table.add_column("status", ratio=2)
    for incident in incidents:
        first = incident.first_seen.astimezone(zone).strftime("%d.%m %H:%M")
        last = incident.last_seen.astimezone(zone).strftime("%H:%M")
        status = incident.status
        if incident.closed_at is not None:
            status += ", all clear " + incident.closed_at.astimezone(zone).strftime("%H:%M")
        table.add_row(
            incident.id,
            region_label(incident.region),
            ", ".join(TYPE_WORDS["en"].get(t, t) for t in incident.types),
            ", ".join(p.name for p in incident.places[:6])
            + (f" +{len(incident.places) - 6}" if len(incident.places) > 6 else ""),
            f"{first}–{last}",
            f"{len(incident.reports)} / {len({r.channel for r in incident.reports})} ch",
            counts_summary(incident),
            status,
        )
    return table
