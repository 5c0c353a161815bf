"""Incidents as GeoJSON and CSV, for QGIS, uMap or kepler.gl.

One point per settlement with coordinates; an incident with none is placed at its
region's centre (and says so in `located_by`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from bot.models import Incident, iso

RegionCentre = Callable[[str], tuple[float, float] | None]  # ISO code -> (lat, lon)

CSV_FIELDS = (
    "incident_id",
    "region",
    "place",
    "lat",
    "lon",
    "located_by",
    "types",
    "first_seen",
    "last_seen",
    "closed_at",
    "posts",
    "channels",
    "status",
    "review",
)


def default_region_centre(code: str) -> tuple[float, float] | None:
    from bot.detect.gazetteer import Gazetteer

    info = Gazetteer.default().region(code)
    return (info.lat, info.lon) if info else None


def points(incidents: Sequence[Incident], centre: RegionCentre) -> Iterator[dict[str, Any]]:
    """Flat rows, one per point."""
    for incident in incidents:
        common = {
            "incident_id": incident.id,
            "region": incident.region,
            "types": ",".join(incident.types),
            "first_seen": iso(incident.first_seen),
            "last_seen": iso(incident.last_seen),
            "closed_at": iso(incident.closed_at) if incident.closed_at else "",
            "posts": len(incident.reports),
            "channels": ",".join(sorted({r.channel for r in incident.reports})),
            "status": incident.status,
            "review": incident.review,
        }
        located = [p for p in incident.places if p.lat is not None and p.lon is not None]
        if located:
            for place in located:
                yield {
                    **common,
                    "place": place.name,
                    "lat": place.lat,
                    "lon": place.lon,
                    "located_by": "settlement",
                }
            continue
        where = centre(incident.region)
        if where is None:
            continue
        yield {**common, "place": "", "lat": where[0], "lon": where[1], "located_by": "region"}


def to_geojson(incidents: Sequence[Incident], centre: RegionCentre = default_region_centre) -> str:
    features = []
    for row in points(incidents, centre):
        properties = {k: v for k, v in row.items() if k not in ("lat", "lon")}
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                "properties": properties,
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


def to_csv(incidents: Sequence[Incident], centre: RegionCentre = default_region_centre) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in points(incidents, centre):
        writer.writerow(row)
    return out.getvalue()
