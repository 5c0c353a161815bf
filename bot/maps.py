"""A night on a map: regions shaded by incident count, settlements as points sized by reports.

Pure: incidents in, PNG bytes out. Drawn with matplotlib's Agg canvas (no pyplot, no
display, no network): region outlines from bot/data/regions.geojson.gz (bot.geo), a Lambert
conformal conic projection computed here, DejaVu Sans (bundled with matplotlib) for Cyrillic.
The view is European Russia and Ukraine, widened to take in every incident of the span, so
an incident beyond the Urals widens the map instead of falling off it.
"""

from __future__ import annotations

import html
import io
import math
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from itertools import pairwise

import numpy as np

from bot import geo
from bot.models import REVIEW_DISMISSED, REVIEW_FALSE_ALARM, Incident

# European Russia and Ukraine: the smallest view, (west, south, east, north) in degrees.
DEFAULT_VIEW = (21.0, 43.0, 50.0, 60.0)
MAX_VIEW = (19.0, 40.0, 180.0, 78.0)
LABELLED_PLACES = 15  # the settlements with most reports get their name written
LABEL_SIZE = 8.5
SMALL_REGION = 1.2  # degrees: a region narrower than this gets no count written on it
FONT = "DejaVu Sans"

_WORDS = {
    "ru": {
        "title": "Инциденты {span}",
        "summary": (
            "инцидентов: {incidents} · регионов: {regions} · сообщений о нас. пунктах: {reports}"
        ),
        "none": "Инцидентов за этот период нет",
        "shade": "инцидентов в регионе",
        "points": "сообщений о населённом пункте",
        "credit": "Границы: Natural Earth (общественное достояние). Без учёта отклонённых.",
    },
    "uk": {
        "title": "Інциденти {span}",
        "summary": (
            "інцидентів: {incidents} · областей: {regions} · повідомлень про нас. пункти: {reports}"
        ),
        "none": "Інцидентів за цей період немає",
        "shade": "інцидентів в області",
        "points": "повідомлень про населений пункт",
        "credit": "Межі: Natural Earth (суспільне надбання). Без урахування відхилених.",
    },
    "en": {
        "title": "Incidents {span}",
        "summary": "incidents: {incidents} · regions: {regions} · reports naming places: {reports}",
        "none": "No incidents in this period",
        "shade": "incidents in the region",
        "points": "reports naming the place",
        "credit": "Boundaries: Natural Earth (public domain). Dismissed reports left out.",
    },
}


@dataclass(frozen=True)
class Spot:
    """A settlement on the map."""

    name: str
    region: str
    lat: float
    lon: float
    reports: int


@dataclass(frozen=True)
class NightMap:
    """What the map shows: counts by region and settlements, for [since, until)."""

    since: datetime
    until: datetime
    incidents: int
    by_region: tuple[tuple[str, int], ...]  # most incidents first
    spots: tuple[Spot, ...]  # most reports first

    @property
    def reports(self) -> int:
        return sum(s.reports for s in self.spots)


def night_map(
    incidents: Iterable[Incident],
    since: datetime,
    until: datetime,
    regions: Iterable[str] | None = None,
    types: Iterable[str] = (),
) -> NightMap:
    """Incidents seen in [since, until) (last report at or after `since`, first before
    `until`), limited to `regions` (None or "*": all) and `types` (empty: all); dismissed
    and false alarms left out."""
    wanted = None if regions is None else set(regions)
    if wanted is not None and "*" in wanted:
        wanted = None
    wanted_types = set(types)
    by_region: Counter[str] = Counter()
    reports: Counter[tuple[str, str]] = Counter()
    where: dict[tuple[str, str], tuple[float, float]] = {}
    total = 0
    for incident in incidents:
        if incident.last_seen < since or incident.first_seen >= until:
            continue
        if wanted is not None and incident.region not in wanted:
            continue
        if wanted_types and not wanted_types & set(incident.types):
            continue
        if incident.review in (REVIEW_DISMISSED, REVIEW_FALSE_ALARM):
            continue
        total += 1
        by_region[incident.region] += 1
        for report in incident.reports:
            for place in {(p.name, p.region): p for p in report.places}.values():
                if place.lat is None or place.lon is None:
                    continue
                key = (place.name, place.region or incident.region)
                reports[key] += 1
                where.setdefault(key, (place.lat, place.lon))
    spots = tuple(
        Spot(name, region, *where[(name, region)], n)
        for (name, region), n in sorted(reports.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return NightMap(
        since=since,
        until=until,
        incidents=total,
        by_region=tuple(sorted(by_region.items(), key=lambda kv: (-kv[1], kv[0]))),
        spots=spots,
    )


# -- projection ---------------------------------------------------------------------------------


class Lambert:
    """Lambert conformal conic on a sphere, in units of the earth's radius: shapes stay true
    across the width of Russia, as they would not on a plain longitude/latitude grid."""

    def __init__(self, lon0: float, lat0: float, lat1: float = 47.0, lat2: float = 62.0) -> None:
        f1, f2 = math.radians(lat1), math.radians(lat2)
        self.lon0 = lon0
        self.n = math.log(math.cos(f1) / math.cos(f2)) / math.log(
            math.tan(math.pi / 4 + f2 / 2) / math.tan(math.pi / 4 + f1 / 2)
        )
        self.f = math.cos(f1) * math.tan(math.pi / 4 + f1 / 2) ** self.n / self.n
        self.rho0 = float(self._rho(np.radians(lat0)))

    def _rho(self, phi: np.ndarray) -> np.ndarray:
        return self.f / np.tan(np.pi / 4 + np.asarray(phi) / 2) ** self.n

    def __call__(self, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        lon = np.asarray(lon, dtype=float)
        # Chukotka reaches past 180°: take it as 180° + x so it stays one piece.
        lon = np.where(lon < -100, lon + 360, lon)
        rho = self._rho(np.radians(lat))
        theta = self.n * np.radians(lon - self.lon0)
        return rho * np.sin(theta), self.rho0 - rho * np.cos(theta)


def view_of(data: NightMap) -> tuple[float, float, float, float]:
    """(west, south, east, north): the default view widened to every spot and region centre."""
    west, south, east, north = DEFAULT_VIEW
    points = [(s.lat, s.lon) for s in data.spots]
    points += [c for code, _ in data.by_region if (c := geo.region_centre(code)) is not None]
    for lat, lon in points:
        lon = lon + 360 if lon < -100 else lon
        west, east = min(west, lon - 3), max(east, lon + 3)
        south, north = min(south, lat - 2), max(north, lat + 2)
    lo_w, lo_s, hi_e, hi_n = MAX_VIEW
    return max(west, lo_w), max(south, lo_s), min(east, hi_e), min(north, hi_n)


# -- drawing ------------------------------------------------------------------------------------


def _span(data: NightMap, zone: tzinfo) -> str:
    since, until = data.since.astimezone(zone), data.until.astimezone(zone)
    name = until.tzname() or ""
    if since.date() == until.date():
        return f"{since:%d.%m.%Y %H:%M}–{until:%H:%M} {name}".strip()
    return f"{since:%d.%m %H:%M} – {until:%d.%m.%Y %H:%M} {name}".strip()


def _bins(highest: int) -> list[int]:
    """Class edges for the incident count: 1, 2, 3–4, 5–9, 10–19, 20–49, 50+, as far as the
    highest count needs."""
    edges = [1, 2, 3, 5, 10, 20, 50]
    kept = [e for e in edges if e <= highest] or [1]
    return [*kept, max(highest, kept[-1]) + 1]


def render_map(
    data: NightMap,
    lang: str,
    zone: tzinfo,
    *,
    size: tuple[float, float] = (11.0, 8.5),
    dpi: int = 110,
) -> bytes:
    """The map as an RGB PNG. Safe to call from worker threads: one drawing at a time, as
    matplotlib's font and text caches are shared."""
    with _DRAWING:
        return _render(data, lang, zone, size, dpi)


_DRAWING = threading.Lock()


def _render(data: NightMap, lang: str, zone: tzinfo, size: tuple[float, float], dpi: int) -> bytes:
    from matplotlib import colormaps, patheffects
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import PathCollection
    from matplotlib.colorbar import ColorbarBase
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.path import Path as MplPath
    from PIL import Image

    from bot.placenames import english_place_name

    words = _WORDS.get(lang, _WORDS["en"])
    english = english_place_name()

    def label(spot: Spot) -> str:
        """The settlement's name as the reader reads it: English names on an English map."""
        return english(spot.name, spot.region, lang)

    west, south, east, north = view_of(data)
    project = Lambert(lon0=(west + east) / 2, lat0=(south + north) / 2)

    counts = dict(data.by_region)
    edges = _bins(max(counts.values(), default=1))
    classes = len(edges) - 1
    shades = colormaps["OrRd"](np.linspace(0.3, min(0.9, 0.3 + 0.15 * classes), classes))
    cmap = ListedColormap(shades)
    norm = BoundaryNorm(edges, cmap.N)

    figure = Figure(figsize=size, dpi=dpi, facecolor="white")
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0.01, 0.13, 0.98, 0.76))
    axes.set_facecolor("#eef3f8")  # outside Russia and Ukraine: neither land nor sea here
    axes.set_xticks([])
    axes.set_yticks([])
    for spine in axes.spines.values():
        spine.set_edgecolor("#c9d3de")
    box = axes.get_position()
    x0, x1, y0, y1 = _limits(project, (west, south, east, north), size, box.width / box.height)
    axes.set_xlim(x0, x1)
    axes.set_ylim(y0, y1)
    axes.set_aspect("equal")
    per_point = (x1 - x0) / (box.width * size[0] * 72)  # map units per typographic point

    outlines, faces = [], []
    for code, region in geo.regions().items():
        vertices, codes = [], []
        for polygon in region.polygons:
            for ring in polygon:
                x, y = project(ring[:, 0], ring[:, 1])
                vertices.append(np.column_stack((x, y)))
                codes.extend(
                    [MplPath.MOVETO] + [MplPath.LINETO] * (len(ring) - 2) + [MplPath.CLOSEPOLY]
                )
        outlines.append(MplPath(np.concatenate(vertices), codes))
        count = counts.get(code, 0)
        faces.append(cmap(norm(count)) if count else "#f7f7f5")
    # One collection, limits set by hand: adding 110 patches one by one costs seconds.
    axes.add_collection(
        PathCollection(outlines, facecolors=faces, edgecolors="#8a8f98", linewidths=0.4),
        autolim=False,
    )

    outline = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    taken: list[tuple[float, float, float, float]] = []  # label and dot boxes, map units
    for code, count in data.by_region:
        centre = geo.region_centre(code)
        region = geo.regions().get(code)
        if centre is None or region is None or _small(region):
            continue  # a city region: its dot says enough
        x, y = project(np.array([centre[1]]), np.array([centre[0]]))
        half = 5 * per_point * len(str(count))
        taken.append(
            (float(x[0]) - half, float(y[0]) - half, float(x[0]) + half, float(y[0]) + half)
        )
        axes.text(
            float(x[0]),
            float(y[0]),
            str(count),
            ha="center",
            va="center",
            fontsize=8,
            color="#5a1010",
            fontweight="bold",
            path_effects=outline,
            zorder=4,
            family=FONT,
        )

    if data.spots:
        lats = np.array([s.lat for s in data.spots])
        lons = np.array([s.lon for s in data.spots])
        reports = np.array([s.reports for s in data.spots], dtype=float)
        x, y = project(lons, lats)
        axes.scatter(
            x,
            y,
            s=_dot_area(reports),
            color="#1f3b73",
            alpha=0.8,
            edgecolors="white",
            linewidths=0.7,
            zorder=5,
        )
        taken.extend(
            (
                float(px) - 4 * per_point,
                float(py) - 4 * per_point,
                float(px) + 4 * per_point,
                float(py) + 4 * per_point,
            )
            for px, py in zip(x, y, strict=True)
        )
        labelled = 0
        for spot, px, py in zip(data.spots, x, y, strict=True):
            if labelled >= LABELLED_PLACES:
                break
            placed = _place_label(
                label(spot), float(px), float(py), per_point, taken, (x0, x1, y0, y1)
            )
            if placed is None:
                continue
            (dx, dy), ha, va = placed
            axes.annotate(
                label(spot),
                (float(px), float(py)),
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=LABEL_SIZE,
                color="#111111",
                path_effects=outline,
                zorder=6,
                family=FONT,
            )
            labelled += 1

    figure.text(
        0.02,
        0.955,
        words["title"].format(span=_span(data, zone)),
        fontsize=15,
        fontweight="bold",
        family=FONT,
        va="center",
    )
    summary = _summary(data, words)
    figure.text(0.02, 0.918, summary, fontsize=10, color="#444444", family=FONT, va="center")

    if data.by_region:
        bar = figure.add_axes((0.05, 0.045, 0.38, 0.022))
        ticks = [(a + b) / 2 for a, b in pairwise(edges)]
        ColorbarBase(bar, cmap=cmap, norm=norm, orientation="horizontal", ticks=ticks)
        bar.set_xticklabels(
            [str(a) if b - a == 1 else f"{a}–{b - 1}" for a, b in pairwise(edges)],
            fontsize=8,
            family=FONT,
        )
        bar.set_title(words["shade"], fontsize=9, family=FONT, loc="left")
    if data.spots:
        samples = sorted({1, *_round_steps(int(max(s.reports for s in data.spots)))})
        handles = [
            Line2D(
                [],
                [],
                linestyle="",
                marker="o",
                markersize=math.sqrt(_dot_area(np.array([n]))[0]),
                markerfacecolor="#1f3b73",
                markeredgecolor="white",
                alpha=0.8,
                label=str(n),
            )
            for n in samples
        ]
        figure.legend(
            handles=handles,
            title=words["points"],
            loc="lower center",
            ncol=len(handles),
            bbox_to_anchor=(0.7, 0.015),
            frameon=False,
            fontsize=8,
            title_fontsize=9,
            prop={"family": FONT, "size": 8},
        )
    figure.text(
        0.99, 0.005, words["credit"], fontsize=6.5, color="#777777", ha="right", family=FONT
    )

    rendered = io.BytesIO()
    figure.savefig(rendered, format="png", facecolor="white")
    rendered.seek(0)
    buffer = io.BytesIO()
    with Image.open(rendered) as image:
        image.convert("RGB").save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _limits(
    project: Lambert,
    view: tuple[float, float, float, float],
    size: tuple[float, float],
    ratio: float,
) -> tuple[float, float, float, float]:
    """Map limits that hold `view` and fill axes of width/height `ratio` (in the figure)."""
    west, south, east, north = view
    lons = np.concatenate([np.linspace(west, east, 50), np.linspace(east, west, 50)])
    lats = np.concatenate([np.full(50, south), np.full(50, north)])
    bx, by = project(lons, lats)
    x0, x1, y0, y1 = float(bx.min()), float(bx.max()), float(by.min()), float(by.max())
    want = ratio * size[0] / size[1]
    if (x1 - x0) / (y1 - y0) < want:
        grow = (want * (y1 - y0) - (x1 - x0)) / 2
        x0, x1 = x0 - grow, x1 + grow
    else:
        grow = ((x1 - x0) / want - (y1 - y0)) / 2
        y0, y1 = y0 - grow, y1 + grow
    return x0, x1, y0, y1


def _small(region: geo.Region) -> bool:
    west, south, east, north = region.bounds
    return east - west < SMALL_REGION and north - south < SMALL_REGION


def _place_label(
    name: str,
    x: float,
    y: float,
    per_point: float,
    taken: list[tuple[float, float, float, float]],
    frame: tuple[float, float, float, float],
) -> tuple[tuple[float, float], str, str] | None:
    """An offset (points) and alignment for a label that overlaps no other label or dot."""
    width = len(name) * LABEL_SIZE * 0.6 * per_point
    height = LABEL_SIZE * 1.2 * per_point
    gap = 5 * per_point
    options = (
        ((5, 3), "left", "bottom", (x + gap, y, x + gap + width, y + height)),
        ((5, -3), "left", "top", (x + gap, y - height, x + gap + width, y)),
        ((-5, 3), "right", "bottom", (x - gap - width, y, x - gap, y + height)),
        ((-5, -3), "right", "top", (x - gap - width, y - height, x - gap, y)),
    )
    own = (x - 4 * per_point, y - 4 * per_point, x + 4 * per_point, y + 4 * per_point)
    x0, x1, y0, y1 = frame
    for offset, ha, va, box in options:
        if box[0] < x0 or box[2] > x1 or box[1] < y0 or box[3] > y1:
            continue  # would run off the map
        if not any(_overlap(box, other) for other in taken if other != own):
            taken.append(box)
            return offset, ha, va
    return None


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _dot_area(reports: np.ndarray) -> np.ndarray:
    """Marker area in points²: grows with the square root of the reports, so 4x reads as 2x."""
    return 18 + 42 * np.sqrt(reports)


def _round_steps(highest: int) -> list[int]:
    return [n for n in (5, 10, 20, 50, 100) if n <= highest][-2:] or (
        [highest] if highest > 1 else []
    )


def map_caption(data: NightMap, lang: str, zone: tzinfo) -> str:
    """A short HTML caption for the map photo."""
    words = _WORDS.get(lang, _WORDS["en"])
    title = html.escape(words["title"].format(span=_span(data, zone)))
    return f"🗺 <b>{title}</b>\n{html.escape(_summary(data, words))}"


def _summary(data: NightMap, words: dict[str, str]) -> str:
    if not data.incidents:
        return words["none"]
    return words["summary"].format(
        incidents=data.incidents, regions=len(data.by_region), reports=data.reports
    )
