"""Build bot/data/regions.geojson.gz: Russia's and Ukraine's first-level regions, simplified.

Source: Natural Earth's "Admin 1 - States, Provinces" (1:10m, public domain), in the TopoJSON
copy kept by elastic/ems-file-service at sources/world/ne_10m_admin_1_states_provinces.topo.json.gz
(the whole Natural Earth repository is too big to fetch). The input is checked against a pinned
SHA-256 before anything is read, so the output can be rebuilt byte for byte.

    python scripts/build_regions.py PATH/TO/ne_10m_admin_1_states_provinces.topo.json.gz

What is kept: the regions whose ISO 3166-2 code the gazetteer knows (RU-*, UA-*), their
code and polygons (names come from the gazetteer). Rings are simplified (Douglas-Peucker,
SIMPLIFY degrees), tiny islands dropped (MIN_RING_AREA square degrees; a region always keeps
its largest ring) and coordinates rounded to PRECISION decimals. Standard library only.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from pathlib import Path

SOURCE_SHA256 = "0fe8e18d4d3c70e7c8e366a5eded4d364315d7aa851b485782cfaa5a15e11323"
OUTPUT = Path(__file__).resolve().parent.parent / "bot" / "data" / "regions.geojson.gz"
GAZETTEER = OUTPUT.parent / "gazetteer.json.gz"
SIMPLIFY = 0.02  # degrees (about 2 km): outlines for a country-sized map
MIN_RING_AREA = 0.01  # square degrees: smaller islands are left out
PRECISION = 3
# Codes the source has wrong, as found by the check that every region holds its capital
# (tests/test_geo.py): Natural Earth labels Moscow city RU-MOS and Moscow oblast RU-MOW.
CODE_FIXES = {"RU-MOS": "RU-MOW", "RU-MOW": "RU-MOS"}

Point = tuple[float, float]
Ring = list[Point]


def decode_arcs(topology: dict) -> list[list[Point]]:
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def ring_of(indexes: list[int], arcs: list[list[Point]]) -> Ring:
    ring: Ring = []
    for index in indexes:
        points = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        ring.extend(points if not ring else points[1:])
    return ring


def polygons_of(geometry: dict, arcs: list[list[Point]]) -> list[list[Ring]]:
    if geometry["type"] == "Polygon":
        parts = [geometry["arcs"]]
    elif geometry["type"] == "MultiPolygon":
        parts = geometry["arcs"]
    else:
        return []
    return [[ring_of(ring, arcs) for ring in polygon] for polygon in parts]


def _distance(point: Point, start: Point, end: Point) -> float:
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return ((x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2) ** 0.5


def simplify(points: Ring, tolerance: float) -> Ring:
    """Douglas-Peucker, iterative; the first and last points stay."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > worst:
                worst, index = d, i
        if index >= 0 and worst > tolerance:
            keep[index] = True
            stack.extend(((first, index), (index, last)))
    return [p for p, k in zip(points, keep, strict=True) if k]


def area(ring: Ring) -> float:
    return abs(
        sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))
        / 2
    )


def compact(polygons: list[list[Ring]]) -> list[list[list[list[float]]]]:
    largest = max(area(polygon[0]) for polygon in polygons)
    out = []
    for polygon in polygons:
        outer = polygon[0]
        if area(outer) < MIN_RING_AREA and area(outer) < largest:
            continue
        rings = []
        for ring in polygon:
            small = simplify(ring, SIMPLIFY)
            if len(small) < 4 or (ring is not outer and area(small) < MIN_RING_AREA):
                continue
            rounded = [[round(x, PRECISION), round(y, PRECISION)] for x, y in small]
            rings.append(rounded)
        if rings and rings[0] is not None and len(rings[0]) >= 4:
            out.append(rings)
    return out


def build(source: Path) -> bytes:
    raw = source.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != SOURCE_SHA256:
        raise SystemExit(f"{source}: SHA-256 {digest}, expected {SOURCE_SHA256}")
    topology = json.loads(gzip.decompress(raw))
    arcs = decode_arcs(topology)
    known = {row[0] for row in json.loads(gzip.decompress(GAZETTEER.read_bytes()))["regions"]}
    features = []
    for geometry in next(iter(topology["objects"].values()))["geometries"]:
        props = geometry.get("properties", {})
        code = props.get("iso_3166_2")
        code = CODE_FIXES.get(code, code)
        if code not in known:
            continue
        polygons = compact(polygons_of(geometry, arcs))
        features.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {"code": code, "country": code[:2]},
                "geometry": {"type": "MultiPolygon", "coordinates": polygons},
            }
        )
    features.sort(key=lambda f: f["id"])
    missing = sorted(known - {f["id"] for f in features})
    if missing:
        raise SystemExit(f"no boundary for {', '.join(missing)}")
    collection = {
        "type": "FeatureCollection",
        "source": "Natural Earth admin-1 states and provinces 1:10m (public domain), simplified",
        "features": features,
    }
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="ne_10m_admin_1_states_provinces.topo.json.gz")
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    data = build(args.source)
    args.output.write_bytes(data)
    print(f"{args.output}: {len(data)} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
