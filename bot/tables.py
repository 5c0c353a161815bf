"""Readable terminal tables of incidents (for `replay --pretty`, `demo` and `incidents`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo

from rich.table import Table

from bot.cards import TYPE_WORDS, count_number
from bot.models import Count, Incident


def format_count(count: Count) -> str:
    return f"{count_number(count, 'en')} {count.what}"


def counts_summary(incident: Incident) -> str:
    parts: dict[str, list[str]] = {}
    for report in incident.reports:
        for count in report.counts:
            if count.total or count.region not in (None, incident.region):
                continue
            parts.setdefault(format_count(count), []).append(report.channel)
    return "; ".join(
        f"{text} ({', '.join(dict.fromkeys(channels))})" for text, channels in parts.items()
    )


def region_label(code: str) -> str:
    from bot.detect.gazetteer import Gazetteer

    info = Gazetteer.default().region(code)
    return f"{code} {info.name_en}" if info else code


def incident_table(incidents: Sequence[Incident], zone: tzinfo, title: str = "Incidents") -> Table:
    table = Table(title=title, show_lines=False, expand=False)
    for name in ("incident", "region", "types", "places", "seen", "posts", "counts", "status"):
        table.add_column(name, overflow="fold")
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
            f"{len(incident.reports)} from {len({r.channel for r in incident.reports})} channels",
            counts_summary(incident),
            status,
        )
    return table
