"""The villages below the core gazetteer: a read-only SQLite file (bot/data/villages.sqlite,
built by scripts/build_villages.py) looked up per word, never loaded whole.

Opening costs a file open; each lookup is an index probe (a few microseconds), and SQLite
maps the file's pages from the OS cache, so memory stays small whatever the file's size.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

__all__ = ["VILLAGES_PATH", "Village", "VillageStore"]

VILLAGES_PATH = Path(__file__).resolve().parent.parent / "data" / "villages.sqlite"
FORMAT_VERSION = "1"


@dataclass(frozen=True, slots=True)
class Village:
    id: int
    name: str
    region: str
    district: str  # "Шебекинский район", "Шосткинський район"; "" when unknown
    # stems of its raion ("r:шебекинск") and hromada ("h:краснопільськ"), both spellings
    district_stems: frozenset[str]
    lat: float | None
    lon: float | None
    common: bool  # the name is also an ordinary word ("Красное", "Маяк")
    alias: bool  # matched through the Russian spelling of a Ukrainian name


class VillageStore:
    """Read-only access to the villages file; safe to share between threads."""

    def __init__(self, path: str | Path = VILLAGES_PATH) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._district_stems: dict[int, frozenset[str]] | None = None
        self._district_names: dict[int, str] = {}
        self._stem_regions: dict[str, set[str]] | None = None
        self._kind_stem_regions: dict[tuple[str, str], set[str]] = {}
        self._cache: dict[str, tuple[Village, ...]] = {}
        self._heads: dict[str, bool] = {}
        db = self._db()
        version = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        if version is None or version[0] != FORMAT_VERSION:
            raise sqlite3.DatabaseError(
                f"{self.path}: villages format {version and version[0]!r}, "
                f"expected {FORMAT_VERSION}"
            )

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            uri = f"file:{self.path}?mode=ro&immutable=1"
            db = sqlite3.connect(uri, uri=True, check_same_thread=False)
            db.execute("PRAGMA mmap_size = 67108864")
            self._local.db = db
        return db

    def _districts(self) -> dict[int, frozenset[str]]:
        if self._district_stems is None:
            stems: dict[int, set[str]] = {}
            regions: dict[str, set[str]] = {}
            db = self._db()
            for ident, name in db.execute("SELECT id, name FROM district"):
                self._district_names[ident] = name
            by_kind: dict[tuple[str, str], set[str]] = {}
            for stem, district, region, kind in db.execute(
                "SELECT s.stem, s.district, d.region, d.kind FROM district_stem s "
                "JOIN district d ON d.id = s.district"
            ):
                stems.setdefault(district, set()).add(stem)
                regions.setdefault(stem, set()).add(region)
                by_kind.setdefault((kind, stem), set()).add(region)
            self._district_stems = {k: frozenset(v) for k, v in stems.items()}
            self._stem_regions = regions
            self._kind_stem_regions = by_kind
        return self._district_stems

    def lookup(self, key: str) -> tuple[Village, ...]:
        """Villages one of whose forms is ``key`` (normalised words joined by one blank)."""
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        stems = self._districts()
        rows = self._db().execute(
            "SELECT p.id, p.name, p.region, p.district, p.hromada, p.lat, p.lon, p.common, "
            "f.alias FROM form f JOIN place p ON p.id = f.place WHERE f.key = ? ORDER BY p.id",
            (key,),
        ).fetchall()
        found = tuple(
            Village(
                id=row[0], name=row[1], region=row[2],
                district=self._district_names.get(row[3], ""),
                district_stems=frozenset(
                    [f"r:{s}" for s in stems.get(row[3], ())]
                    + [f"h:{s}" for s in stems.get(row[4], ())]
                ),
                lat=row[5], lon=row[6], common=bool(row[7]), alias=bool(row[8]),
            )
            for row in rows
        )
        if len(self._cache) > 50_000:
            self._cache.clear()
        self._cache[key] = found
        return found

    def starts_phrase(self, word: str) -> bool:
        """Some form of several words starts with ``word`` (one index probe, then cached)."""
        known = self._heads.get(word)
        if known is None:
            # Blank is the character before "!": the keys "word ..." sort in [word+" ", word+"!").
            known = self._db().execute(
                "SELECT 1 FROM form WHERE key >= ? AND key < ? LIMIT 1", (word + " ", word + "!")
            ).fetchone() is not None
            if len(self._heads) > 50_000:
                self._heads.clear()
            self._heads[word] = known
        return known

    def district_regions(self, stem: str, kind: str | None = None) -> set[str]:
        """Regions having a district (raion, okrug, hromada) whose adjective starts ``stem``;
        with ``kind`` ("raion", which okrugs are too, or "hromada") only districts of it."""
        self._districts()
        assert self._stem_regions is not None
        if kind is not None:
            return self._kind_stem_regions.get((kind, stem), set())
        return self._stem_regions.get(stem, set())

    def count(self) -> int:
        return int(self._db().execute("SELECT count(*) FROM place").fetchone()[0])
