"""Region outlines of Russia and Ukraine, and the point that stands for a whole region.

The outlines are bot/data/regions.geojson.gz (Natural Earth admin-1, simplified by
scripts/build_regions.py), read once. A region-level incident is placed at its region's
*visual centre*: the point inside the region farthest from its border (the "pole of
inaccessibility", found with the polylabel algorithm). Unlike the plain area centroid it
always lies inside the region and never in a hole, which matters for a region that wraps a
city: the centroid of Kyiv oblast falls near Kyiv city, its visual centre does not.
"""

from __future__ import annotations

import gzip
import heapq
import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

DATA_PATH = Path(__file__).resolve().parent / "data" / "regions.geojson.gz"
CENTRE_PRECISION = 0.01  # degrees: good enough for a point on a map (about 1 km)


class GeoDataError(Exception):
    """The bundled region outlines are missing or unreadable."""


Ring = np.ndarray  # shape (n, 2): lon, lat; closed (first point == last point)


@dataclass(frozen=True)
class Region:
    code: str
    country: str
    polygons: tuple[tuple[Ring, ...], ...]  # each: outer ring, then holes

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(min lon, min lat, max lon, max lat) of every ring."""
        points = np.concatenate([p[0] for p in self.polygons])
        return (
            float(points[:, 0].min()),
            float(points[:, 1].min()),
            float(points[:, 0].max()),
            float(points[:, 1].max()),
        )

    def contains(self, lat: float, lon: float) -> bool:
        return any(_in_polygon(polygon, lon, lat) for polygon in self.polygons)

    def largest(self) -> tuple[Ring, ...]:
        return max(self.polygons, key=lambda polygon: _area(polygon[0]))


@cache
def regions(path: Path = DATA_PATH) -> dict[str, Region]:
    """Every region by ISO 3166-2 code."""
    try:
        data = json.loads(gzip.decompress(path.read_bytes()))
        out = {}
        for feature in data["features"]:
            code = feature["id"]
            polygons = tuple(
                tuple(np.asarray(ring, dtype=float) for ring in polygon)
                for polygon in feature["geometry"]["coordinates"]
            )
            out[code] = Region(code, feature["properties"]["country"], polygons)
        return out
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise GeoDataError(f"cannot read the region outlines {path}: {exc}") from exc


@cache
def region_centre(code: str) -> tuple[float, float] | None:
    """(lat, lon) of the region's visual centre, or None for a region with no outline."""
    region = regions().get(code)
    if region is None:
        return None
    lon, lat = polylabel(region.largest(), CENTRE_PRECISION)
    return (round(float(lat), 4), round(float(lon), 4))


def _area(ring: Ring) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return abs(float(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1]))) / 2


def _in_ring(ring: Ring, x: float, y: float) -> bool:
    x1, y1 = ring[:-1, 0], ring[:-1, 1]
    x2, y2 = ring[1:, 0], ring[1:, 1]
    crosses = (y1 > y) != (y2 > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        at = (x2 - x1) * (y - y1) / (y2 - y1) + x1
    return bool(np.count_nonzero(crosses & (x < at)) % 2)


def _in_polygon(polygon: tuple[Ring, ...], x: float, y: float) -> bool:
    return _in_ring(polygon[0], x, y) and not any(_in_ring(h, x, y) for h in polygon[1:])


def _edge_distance(polygon: tuple[Ring, ...], x: float, y: float) -> float:
    """Distance from (x, y) to the nearest edge of any ring."""
    best = math.inf
    for ring in polygon:
        a, b = ring[:-1], ring[1:]
        d = b - a
        length = (d**2).sum(axis=1)
        length[length == 0] = 1e-18
        t = np.clip(((x - a[:, 0]) * d[:, 0] + (y - a[:, 1]) * d[:, 1]) / length, 0, 1)
        px = a[:, 0] + t * d[:, 0] - x
        py = a[:, 1] + t * d[:, 1] - y
        best = min(best, float(np.sqrt((px**2 + py**2).min())))
    return best


def _signed(polygon: tuple[Ring, ...], x: float, y: float) -> float:
    d = _edge_distance(polygon, x, y)
    return d if _in_polygon(polygon, x, y) else -d


def polylabel(polygon: tuple[Ring, ...], precision: float = 0.01) -> tuple[float, float]:
    """(x, y) inside `polygon` farthest from its edges (Mapbox's polylabel algorithm).

    Longitudes are scaled by cos(latitude) while searching, so "far" means far on the
    ground, not far in degrees.
    """
    outer = polygon[0]
    scale = math.cos(math.radians(float(outer[:, 1].mean())))
    scaled = tuple(np.column_stack((ring[:, 0] * scale, ring[:, 1])) for ring in polygon)
    min_x, min_y = scaled[0].min(axis=0)
    max_x, max_y = scaled[0].max(axis=0)
    size = min(max_x - min_x, max_y - min_y)
    if size == 0:
        return float(outer[0, 0]), float(outer[0, 1])
    half = size / 2
    queue: list[tuple[float, float, float, float, float]] = []  # (-potential, d, x, y, half)

    def push(x: float, y: float, h: float) -> None:
        d = _signed(scaled, x, y)
        heapq.heappush(queue, (-(d + h * math.sqrt(2)), d, x, y, h))

    x = min_x
    while x < max_x:
        y = min_y
        while y < max_y:
            push(x + half, y + half, half)
            y += size
        x += size
    cx, cy = (min_x + max_x) / 2, (min_y + max_y) / 2
    best = (_signed(scaled, cx, cy), cx, cy)
    while queue:
        neg_potential, d, x, y, h = heapq.heappop(queue)
        if d > best[0]:
            best = (d, x, y)
        if -neg_potential - best[0] <= precision:
            continue
        h /= 2
        for dx in (-h, h):
            for dy in (-h, h):
                push(x + dx, y + dy, h)
    _, x, y = best
    return x / scale, y
