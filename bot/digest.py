"""The daily digest: incidents of the last 24 hours counted by region, kind and hour, and a chart.

Pure: incidents in, numbers, a caption and PNG bytes out. The chart is drawn with
matplotlib's Agg canvas directly (no pyplot, no display), so it works headless and
leaves no global figure state behind.
"""

from __future__ import annotations

import html
import io
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from bot.models import INCIDENT_TYPES, REVIEW_DISMISSED, REVIEW_FALSE_ALARM, Incident
from bot.subscriptions import ALL_REGIONS, TYPE_LABELS

WINDOW = timedelta(hours=24)
CHART_REGIONS = 6  # regions drawn on their own; the rest are stacked as "other"
CAPTION_LIMIT = 1024  # Telegram's limit for a photo caption
OTHER = "other"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

RegionName = Callable[[str, str], str]


@dataclass(frozen=True)
class DigestCounts:
    since: datetime
    until: datetime
    total: int
    by_region: tuple[tuple[str, int], ...]  # most incidents first
    by_type: tuple[tuple[str, int], ...]  # in INCIDENT_TYPES order, zero counts left out
    by_hour: tuple[tuple[str, tuple[int, ...]], ...]  # region -> one count per hour
    turned_down: int  # dismissed or marked false alarms by reviewers, not counted above

    @property
    def hours(self) -> tuple[datetime, ...]:
        return tuple(self.since + timedelta(hours=i) for i in range(_buckets(self)))


def _buckets(counts: DigestCounts) -> int:
    return max(1, round((counts.until - counts.since) / timedelta(hours=1)))


def count_incidents(
    incidents: Iterable[Incident],
    now: datetime,
    *,
    window: timedelta = WINDOW,
    regions: Iterable[str] | None = None,
    types: Iterable[str] = (),
) -> DigestCounts:
    """Incidents first seen in [now - window, now), limited to `regions` ("*" or None: all)
    and to `types` (empty: all)."""
    since = now - window
    wanted_regions = None if regions is None else set(regions)
    if wanted_regions is not None and ALL_REGIONS in wanted_regions:
        wanted_regions = None
    wanted_types = set(types)
    hours = max(1, round(window / timedelta(hours=1)))
    by_region: Counter[str] = Counter()
    by_type: Counter[str] = Counter()
    by_hour: dict[str, list[int]] = {}
    turned_down = 0
    for incident in incidents:
        if not since <= incident.first_seen < now:
            continue
        if wanted_regions is not None and incident.region not in wanted_regions:
            continue
        if wanted_types and not wanted_types & set(incident.types):
            continue
        if incident.review in (REVIEW_DISMISSED, REVIEW_FALSE_ALARM):
            turned_down += 1
            continue
        by_region[incident.region] += 1
        by_type.update(set(incident.types))
        slot = min(hours - 1, int((incident.first_seen - since) / timedelta(hours=1)))
        by_hour.setdefault(incident.region, [0] * hours)[slot] += 1
    ranked = sorted(by_region.items(), key=lambda item: (-item[1], item[0]))
    return DigestCounts(
        since=since,
        until=now,
        total=sum(by_region.values()),
        by_region=tuple(ranked),
        by_type=tuple((k, by_type[k]) for k in INCIDENT_TYPES if by_type[k]),
        by_hour=tuple((region, tuple(by_hour[region])) for region, _ in ranked),
        turned_down=turned_down,
    )


def chart_series(counts: DigestCounts) -> list[tuple[str, tuple[int, ...]]]:
    """What the chart stacks: the biggest regions, then the rest summed as "other"."""
    series = list(counts.by_hour[:CHART_REGIONS])
    rest = counts.by_hour[CHART_REGIONS:]
    if rest:
        summed = tuple(sum(values) for values in zip(*(v for _, v in rest), strict=True))
        series.append((OTHER, summed))
    return series


_WORDS = {
    "ru": {
        "title": "📊 <b>Сводка за 24 часа</b> (до {until})",
        "total": "Всего инцидентов: <b>{n}</b>",
        "none": "За сутки инцидентов не было.",
        "regions": "<b>По регионам</b>",
        "types": "<b>По видам</b>",
        "turned_down": "Отклонено модераторами: {n}",
        "more": "… и ещё регионов: {n}",
        "chart_title": "Инциденты по часам и регионам, 24 ч",
        "chart_x": "час ({zone})",
        "chart_y": "инцидентов",
        "other": "прочие",
    },
    "uk": {
        "title": "📊 <b>Зведення за 24 години</b> (до {until})",
        "total": "Усього інцидентів: <b>{n}</b>",
        "none": "За добу інцидентів не було.",
        "regions": "<b>За регіонами</b>",
        "types": "<b>За видами</b>",
        "turned_down": "Відхилено модераторами: {n}",
        "more": "… і ще регіонів: {n}",
        "chart_title": "Інциденти за годинами й регіонами, 24 год",
        "chart_x": "година ({zone})",
        "chart_y": "інцидентів",
        "other": "інші",
    },
    "en": {
        "title": "📊 <b>Last 24 hours</b> (to {until})",
        "total": "Incidents: <b>{n}</b>",
        "none": "No incidents in the last 24 hours.",
        "regions": "<b>By region</b>",
        "types": "<b>By kind</b>",
        "turned_down": "Turned down by reviewers: {n}",
        "more": "… and {n} more regions",
        "chart_title": "Incidents by hour and region, 24 h",
        "chart_x": "hour ({zone})",
        "chart_y": "incidents",
        "other": "other",
    },
}


def digest_text(counts: DigestCounts, lang: str, zone: tzinfo, region_name: RegionName) -> str:
    """The caption (Telegram HTML), kept within a photo caption's 1024 characters."""
    words = _WORDS.get(lang, _WORDS["en"])
    until = counts.until.astimezone(zone).strftime("%d.%m %H:%M")
    head = [words["title"].format(until=html.escape(f"{until} {_zone_name(counts.until, zone)}"))]
    if counts.total == 0:
        lines = [*head, words["none"]]
        if counts.turned_down:
            lines.append(words["turned_down"].format(n=counts.turned_down))
        return "\n".join(lines)
    head.append(words["total"].format(n=counts.total))
    kinds = ["", words["types"]] + [
        f"• {TYPE_LABELS[lang if lang in TYPE_LABELS else 'en'][k]} — {n}"
        for k, n in counts.by_type
    ]
    tail = [words["turned_down"].format(n=counts.turned_down)] if counts.turned_down else []
    regions = [f"• {html.escape(region_name(code, lang))} — {n}" for code, n in counts.by_region]
    for shown in range(len(regions), -1, -1):
        more = len(regions) - shown
        region_lines = ["", words["regions"], *regions[:shown]]
        if more:
            region_lines.append(words["more"].format(n=more))
        text = "\n".join([*head, *region_lines, *kinds, *(["", *tail] if tail else [])])
        if len(text) <= CAPTION_LIMIT:
            return text
    return "\n".join(head)[:CAPTION_LIMIT]


def _zone_name(moment: datetime, zone: tzinfo) -> str:
    return moment.astimezone(zone).tzname() or ""


def digest_chart(
    counts: DigestCounts,
    lang: str,
    zone: tzinfo,
    region_name: RegionName,
    size: tuple[float, float] = (9.0, 4.5),
    dpi: int = 100,
) -> bytes:
    """A stacked bar chart of incidents by hour and region, as PNG bytes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from PIL import Image

    words = _WORDS.get(lang, _WORDS["en"])
    series = chart_series(counts)
    hours = counts.hours
    figure = Figure(figsize=size, dpi=dpi)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot(1, 1, 1)
    positions = list(range(len(hours)))
    bottom = [0] * len(hours)
    for region, values in series:
        label = words["other"] if region == OTHER else region_name(region, lang)
        axes.bar(positions, values, bottom=bottom, label=label, width=0.8)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axes.set_xticks(positions)
    axes.set_xticklabels([h.astimezone(zone).strftime("%H") for h in hours], fontsize=8)
    axes.set_xlabel(words["chart_x"].format(zone=_zone_name(counts.until, zone)))
    axes.set_ylabel(words["chart_y"])
    axes.set_title(words["chart_title"])
    axes.yaxis.get_major_locator().set_params(integer=True)
    if series:
        axes.legend(loc="upper left", fontsize=8, frameon=False)
    figure.tight_layout()
    rendered = io.BytesIO()
    figure.savefig(rendered, format="png")
    # An RGB PNG (no alpha channel) reaches Telegram as it is; Telethon re-encodes RGBA as JPEG.
    rendered.seek(0)
    buffer = io.BytesIO()
    with Image.open(rendered) as image:
        image.convert("RGB").save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def regions_of(targets: Sequence[tuple[str, str]]) -> set[str] | None:
    """The regions a subscriber's digest covers: None (all) for an "all" subscription."""
    regions = {region for region, _ in targets}
    return None if ALL_REGIONS in regions or not regions else regions
