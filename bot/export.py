"""Incidents as GeoJSON and CSV, for QGIS, uMap or kepler.gl.

GeoJSON: one Feature per incident (its `id` is the incident id): a Point at its settlement,
a MultiPoint when it names several (every place with its coordinates is also listed in the
`places` property), or, when it names none, a Point at its region's visual centre (bot.geo;
never the region's capital, so Kyiv oblast does not sit on Kyiv city). `located_by` says
which. CSV: one row per point, UTF-8 with a byte order mark so that Excel reads the Cyrillic.

`closed_at` is when the incident ended (ARCHITECTURE.md, incident policy): the all-clear,
the end of the quiet gap, its maximum duration, or the last report when reports (news of
the wave just ended) came after; never before `last_seen`. `all_clear_at` is the all-clear's
own time, empty for an incident that ended without one.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any

from bot.models import Incident, Place, iso

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
    "all_clear_at",
    "posts",
    "channels",
    "status",
    "review",
)


BOM = "\ufeff"


def default_region_centre(code: str) -> tuple[float, float] | None:
    from bot.geo import region_centre

    return region_centre(code)


def closed_at(incident: Incident) -> datetime | None:
    """When a closed incident ended: its all-clear, or a later last report."""
    if incident.closed_at is None:
        return None
    return max(incident.closed_at, incident.last_seen)


def all_clear_at(incident: Incident) -> datetime | None:
    """The time of the incident's (latest) all-clear; None when it closed otherwise (quiet,
    its maximum duration) or is open."""
    clears = [r.date for r in incident.reports if r.all_clear]
    return max(clears) if clears else None


def _common(incident: Incident) -> dict[str, Any]:
    ended = closed_at(incident)
    return {
        "incident_id": incident.id,
        "region": incident.region,
        "types": ",".join(incident.types),
        "first_seen": iso(incident.first_seen),
        "last_seen": iso(incident.last_seen),
        "closed_at": iso(ended) if ended else "",
        "all_clear_at": iso(cleared) if (cleared := all_clear_at(incident)) else "",
        "posts": len(incident.reports),
        "channels": ",".join(sorted({r.channel for r in incident.reports})),
        "status": incident.status,
        "review": incident.review,
    }


def located(incident: Incident) -> list[Place]:
    """The incident's settlements that have coordinates, one per name."""
    seen: dict[tuple[str, str | None], Place] = {}
    for place in incident.places:
        if place.lat is not None and place.lon is not None:
            seen.setdefault((place.name, place.region), place)
    return list(seen.values())


def points(incidents: Sequence[Incident], centre: RegionCentre) -> Iterator[dict[str, Any]]:
    """Flat rows, one per point."""
    for incident in incidents:
        common = _common(incident)
        places = located(incident)
        if places:
            for place in places:
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


def feature(incident: Incident, centre: RegionCentre) -> dict[str, Any] | None:
    """One GeoJSON Feature for the incident, or None when it cannot be placed at all."""
    places = located(incident)
    if len(places) == 1:
        geometry: dict[str, Any] = {"type": "Point", "coordinates": [places[0].lon, places[0].lat]}
    elif places:
        geometry = {"type": "MultiPoint", "coordinates": [[p.lon, p.lat] for p in places]}
    else:
        where = centre(incident.region)
        if where is None:
            return None
        geometry = {"type": "Point", "coordinates": [where[1], where[0]]}
    properties = {
        **_common(incident),
        "located_by": "settlement" if places else "region",
        "places": [
            {"name": p.name, "region": p.region, "lat": p.lat, "lon": p.lon} for p in places
        ],
    }
    return {"type": "Feature", "id": incident.id, "geometry": geometry, "properties": properties}


def to_geojson(incidents: Sequence[Incident], centre: RegionCentre = default_region_centre) -> str:
    features = [f for i in incidents if (f := feature(i, centre)) is not None]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


def to_csv(incidents: Sequence[Incident], centre: RegionCentre = default_region_centre) -> str:
    """CSV text starting with a UTF-8 byte order mark (Excel needs it to read UTF-8)."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for row in points(incidents, centre):
        writer.writerow(row)
    return out.getvalue()
