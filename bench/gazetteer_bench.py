"""The gazetteer with the villages file beside the core gazetteer alone (the old one): cold
start and memory of the whole detector, lookup speed, and how many of the border-region
alert lines (tests/data/place_alerts.jsonl) resolve to their region, and how many of the
OKTMO sample settlements (tests/data/oktmo_settlements.tsv), written with their district, do.

Cold start and memory are measured in fresh processes (one per variant, three runs each,
the median kept), so nothing is cached; speed in this process, old and new one after the
other on the same lines.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.child import PEAK_MB

ROOT = Path(__file__).resolve().parent.parent
ALERTS = ROOT / "tests" / "data" / "place_alerts.jsonl"
DEVSET = ROOT / "tests" / "data" / "devset.jsonl"
OKTMO_SAMPLE = ROOT / "tests" / "data" / "oktmo_settlements.tsv"
RUNS = 3

_CHILD = PEAK_MB + """
import json, resource, sys, time
t0 = time.perf_counter()
from datetime import UTC, datetime
from bot.detect import Detector
from bot.detect.gazetteer import Gazetteer
from bot.models import Post
gaz = Gazetteer.load() if sys.argv[1] == "new" else Gazetteer.load(villages=None)
detector = Detector(gaz)
detector.detect(Post(channel="bench_chan", id=1, date=datetime(2026, 1, 1, tzinfo=UTC),
                     text="Никольское Бгд: атака FPV-дрона, повреждён автомобиль"))
elapsed = time.perf_counter() - t0
print(json.dumps({"cold": elapsed, "rss": peak_mb()}))
"""


def _child(variant: str) -> dict:
    out = subprocess.run([sys.executable, "-c", _CHILD, variant], capture_output=True,
                         text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _cold(variant: str) -> tuple[float, float]:
    runs = [_child(variant) for _ in range(RUNS)]
    return (statistics.median(r["cold"] for r in runs),
            statistics.median(r["rss"] for r in runs))


def run() -> str:
    from bot.detect.gazetteer import Gazetteer
    from bot.detect.villages import VILLAGES_PATH, VillageStore

    old_cold, old_rss = _cold("old")
    new_cold, new_rss = _cold("new")
    old = Gazetteer.load(villages=None)
    new = Gazetteer.load()
    lines = [json.loads(x) for x in ALERTS.read_text(encoding="utf-8").splitlines() if x]
    texts = [json.loads(x)["text"] for x in DEVSET.read_text(encoding="utf-8").splitlines() if x]
    texts += [line["text"] for line in lines]

    def speed(gaz: Gazetteer) -> float:
        for text in texts:  # warm the caches, as a running daemon has them
            gaz.find(text)
        start = time.process_time()
        for _ in range(3):
            for text in texts:
                gaz.find(text)
        return 3 * len(texts) / (time.process_time() - start)

    old_speed, new_speed = speed(old), speed(new)

    def resolved(gaz: Gazetteer) -> int:
        good = 0
        for line in lines:
            found = [m for m in gaz.find(line["text"]) if m.place.kind == "settlement"]
            good += bool(found) and found[0].place.region == line["region"]
        return good

    old_good, new_good = resolved(old), resolved(new)
    samples = [line.split("\t") for line in OKTMO_SAMPLE.read_text(encoding="utf-8").splitlines()
               if line and not line.startswith("#")]

    def sampled(gaz: Gazetteer) -> int:
        good = 0
        for name, district, region in samples:
            found = [m for m in gaz.find(f"{name}, {district}: опасность атаки БПЛА")
                     if m.place.kind == "settlement"]
            good += bool(found) and found[0].place.region == region
        return good

    old_sampled, new_sampled = sampled(old), sampled(new)
    core = ROOT / "bot" / "data" / "gazetteer.json.gz"
    villages = VillageStore().count()
    return f"""## Gazetteer: villages beside the core

Cold start = a fresh Python process importing detection, loading the gazetteer, building the
Detector and detecting one post (median of {RUNS}); memory = that process's peak resident set.
Speed = `Gazetteer.find` over the dev set and the alert lines ({len(texts)} texts), CPU time,
warm caches. "old" is the core gazetteer alone (`Gazetteer.load(villages=None)`), "new" adds
the villages file.

| measure | old | new | new / old |
|---|---|---|---|
| cold start of the detector | {old_cold:.2f} s | {new_cold:.2f} s | {new_cold / old_cold:.2f} |
| peak resident memory | {old_rss:.0f} MB | {new_rss:.0f} MB | {new_rss / old_rss:.2f} |
| find() speed | {old_speed:,.0f} texts/s | {new_speed:,.0f} texts/s | {new_speed / old_speed:.2f} |
| border alert lines resolved to their region | {old_good}/{len(lines)} \
| {new_good}/{len(lines)} | |
| OKTMO sample settlements with their district resolved | {old_sampled}/{len(samples)} \
| {new_sampled}/{len(samples)} | |

Data: core `gazetteer.json.gz` {core.stat().st_size / 2**20:.1f} MB; `villages.sqlite`
{VILLAGES_PATH.stat().st_size / 2**20:.1f} MB with {villages:,} settlements, opened read-only and
looked up per word (never loaded whole). Targets: cold start <= 1 s, memory <= 200 MB.
"""
