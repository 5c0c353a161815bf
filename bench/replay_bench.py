"""Replay speed: `tgradar replay` beside `tgradar classify` on generated weeks, and the
daemon's cost per batch on a small and a large database.

``run()`` returns a Markdown section. Weeks come from bench/week.py (200 channels, fixed
seed). Each command runs as its own process; its CPU time (user + system: the work of one
core, whatever else the machine is doing) and peak resident memory are read from the
kernel: CPU from `os.wait4`, peak memory as the process's VmHWM (Linux).
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from bench.week import write as write_week

SIZES = (10_000, 50_000, 100_000)
STORED = (10_000, 1_000_000)  # posts already in the database for the batch benchmark
BATCHES = 200
BATCH_SIZE = 10
TARGET_SECONDS = 60.0
TARGET_RATIO = 1.3
TARGET_MB = 250.0


@dataclass(frozen=True)
class Run:
    cpu: float  # seconds, user + system
    wall: float
    peak_mb: float


def _measure(args: list[str], stdout: Path) -> Run:
    """Run `tgradar ARGS`; its CPU time from the kernel, its peak memory from VmHWM.

    (ru_maxrss would count this benchmark's own memory too: a child's high-water mark
    starts with its parent's pages at fork, and Linux carries it across exec.)
    """
    started = time.perf_counter()
    peak_kb = 0
    with open(stdout, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", *args], stdout=out, stderr=subprocess.DEVNULL
        )
        while True:
            peak_kb = max(peak_kb, _high_water_kb(process.pid))
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.02)
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"tgradar {' '.join(args)} exited {process.returncode}")
    return Run(usage.ru_utime + usage.ru_stime, wall, peak_kb / 1024)


def _high_water_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def replay_section(workdir: Path) -> list[str]:
    rows, per_post = [], {}
    for size in SIZES:
        week = workdir / f"week-{size}.jsonl"
        write_week(str(week), size)
        classify = _measure(["classify", str(week)], workdir / "classify.out")
        replay = _measure(["replay", str(week), "--quiet"], workdir / "replay.out")
        incidents = len((workdir / "replay.out").read_text(encoding="utf-8").splitlines())
        per_post[size] = replay.cpu / size
        rows.append(
            f"| {size:,} | {replay.cpu:.1f} s | {size / replay.cpu:,.0f} | "
            f"{replay.cpu / size * 1000:.3f} ms | {replay.peak_mb:.0f} MB | {replay.wall:.1f} s | "
            f"{classify.cpu:.1f} s | {classify.peak_mb:.0f} MB | "
            f"{replay.cpu / classify.cpu:.2f} | {incidents:,} |"
        )
    small, large = min(SIZES), max(SIZES)
    ratio = per_post[large] / per_post[small]
    largest = rows[-1]
    replay_cpu = float(largest.split("|")[2].strip().removesuffix(" s"))
    peak = max(float(r.split("|")[5].strip().removesuffix(" MB")) for r in rows)
    return [
        "## Replay: a generated week over 200 channels",
        "",
        "`tgradar replay FILE --quiet` (detect, group, store into a scratch SQLite file, print "
        "the incidents) beside `tgradar classify FILE` (detect only) on the same file, each a "
        "process of its own. Weeks from `bench/week.py`: about a third of the posts belong to "
        "attack waves (alert lines and all-clears, news reports with counts, forwards and "
        "verbatim copies, a morning summary), the rest is everyday news. CPU time is user + "
        "system of the process: the work of one core.",
        "",
        "| posts | replay CPU | posts/s | per post | peak memory | wall | classify CPU | "
        "classify memory | replay / classify | incidents |",
        "|---|---|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        f"Per-post cost at {large:,} / at {small:,}: **{ratio:.2f}** (target <= {TARGET_RATIO}). "
        f"Replay of {large:,} posts: **{replay_cpu:.1f} s** of one core (target <= "
        f"{TARGET_SECONDS:.0f} s). Peak memory: **{peak:.0f} MB** (target <= {TARGET_MB:.0f} MB). "
        "Each run includes the start (loading the detector, about a second), which is why "
        "the cost per post falls as the week grows; wall time is longer than CPU time when "
        "other work shares the machine's two cores.",
    ]


# -- the daemon's cost per batch against the size of the database ------------------------------


def _fill_store(path: Path, stored: int, end_seconds: float) -> None:
    """`stored` posts at the week's density (one every ~6 s) ending at `end_seconds` (epoch),
    a third of them reports of incidents (one per 10 reports), written straight in SQL."""
    from bot.store import Store

    Store(path).close()  # the schema, migrated
    rng = random.Random(7)
    conn = sqlite3.connect(path)
    step = 6.0
    regions = ["RU-KDA", "RU-BEL", "RU-ROS", "RU-BRY", "RU-KRS", "UA-63", "UA-51", "UA-32"]
    texts = [
        "Погода: завтра до +{n}, ночью туман, видимость местами до {n}0 метров.",
        "Взрывы в городе: местные насчитали {n} хлопков, работает ПВО, сбито {n} дронов.",
        "В центре города открыли новый каток, вход для школьников бесплатный до {n} декабря.",
    ]

    def iso(seconds: float) -> str:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))

    with conn:
        conn.executemany(
            "INSERT INTO channels (username, added_at, cursor, state, failures) "
            "VALUES (?, ?, 0, 'active', 0)",
            [(f"stored_{c:03d}", iso(end_seconds)) for c in range(200)],
        )
        posts, reports, incidents = [], [], []
        for i in range(stored):
            at = end_seconds - (stored - i) * step
            channel = f"stored_{i % 200:03d}"
            text = rng.choice(texts).format(n=rng.randint(2, 99)) + f" #{i}"
            posts.append((channel, i, iso(at), text, f"https://t.me/{channel}/{i}", iso(at)))
            if i % 3 == 0:
                number = i // 30
                incident = f"{regions[number % len(regions)]}-S{number:07d}"
                reports.append((incident, channel, i, iso(at), "[]", "[]", "[]", "[]", 0))
                if i % 30 == 0:
                    last = end_seconds - (stored - i - 27) * step
                    incidents.append(
                        (incident, regions[number % len(regions)], iso(at), iso(last),
                         iso(last + 3 * 3600), "pending", 1, 0, iso(last))
                    )  # fmt: skip
            if len(posts) >= 50_000:
                _flush(conn, posts, incidents, reports)
                posts, reports, incidents = [], [], []
        _flush(conn, posts, incidents, reports)
    conn.close()


def _flush(conn: sqlite3.Connection, posts: list, incidents: list, reports: list) -> None:
    conn.executemany(
        "INSERT INTO posts (channel, message_id, date, text, url, ingested_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        posts,
    )
    conn.executemany(
        "INSERT INTO incidents (id, region, first_seen, last_seen, closed_at, review, version, "
        "retracted, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        incidents,
    )
    conn.executemany(
        "INSERT INTO incident_reports (incident_id, channel, message_id, date, types, counts, "
        "sources, places, all_clear) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        reports,
    )


class _Precomputed:
    """The real detector's results, computed before the clock starts, so the batch cost
    shown second is grouping and store alone."""

    def __init__(self, detector, posts) -> None:
        self.results = {p.key: detector.detect(p) for p in posts}

    def detect(self, post, context=None):
        return self.results[post.key]


def batch_section(workdir: Path) -> list[str]:
    from bot.detect import Detector
    from bot.pipeline import Pipeline
    from bot.readers import read_all
    from bot.store import Store

    week = workdir / "week-batches.jsonl"
    write_week(str(week), BATCHES * BATCH_SIZE * 3)
    posts, _ = read_all(week)
    posts = posts[: BATCHES * BATCH_SIZE]
    start = posts[0].date
    detector = Detector()
    precomputed = _Precomputed(detector, posts)
    rows, means = [], {}
    for stored in STORED:
        path = workdir / f"stored-{stored}.db"
        filled = time.perf_counter()
        _fill_store(path, stored, (start - timedelta(minutes=1)).timestamp())
        fill_seconds = time.perf_counter() - filled
        size_mb = path.stat().st_size / 1e6
        measured = (("detect + group + store", detector), ("group + store", precomputed))
        for label, detects in measured:
            store = Store(path)
            begun = time.process_time()
            pipeline = Pipeline(store, detects)
            restart = time.process_time() - begun
            costs = []
            for n in range(BATCHES):
                batch = posts[n * BATCH_SIZE : (n + 1) * BATCH_SIZE]
                begun = time.process_time()
                pipeline.ingest(batch, cursor=None)
                costs.append(time.process_time() - begun)
            store.close()
            _forget_batches(path, posts)
            mean = statistics.fmean(costs)
            means[(stored, label)] = mean
            rows.append(
                f"| {stored:,} ({size_mb:.0f} MB, filled in {fill_seconds:.0f} s) | {label} | "
                f"{mean * 1000:.2f} ms | {statistics.median(costs) * 1000:.2f} ms | "
                f"{max(costs) * 1000:.1f} ms | {restart * 1000:.0f} ms |"
            )
        path.unlink()
    small, large = STORED
    ratios = [
        f"{label}: **{means[(large, label)] / means[(small, label)]:.2f}**"
        for label in ("detect + group + store", "group + store")
    ]
    return [
        "## The daemon's cost per batch against the size of the database",
        "",
        f"{BATCHES} batches of {BATCH_SIZE} new posts (a poll's worth; from a generated week) "
        f"ingested by one `Pipeline`, as the daemon does, into a database already holding "
        f"{small:,} or {large:,} posts at the same density (one every 6 s, a third of them in "
        "incidents). CPU time of this process per batch; restart = building the pipeline on the "
        "database (the grouper reads the waves of the last 12 hours).",
        "",
        "| stored posts | measured | mean per batch | median | slowest | restart |",
        "|---|---|---|---|---|---|",
        *rows,
        "",
        f"Cost per batch at {large:,} / at {small:,} stored posts: " + ", ".join(ratios) + ".",
    ]


def _forget_batches(path: Path, posts) -> None:
    """Take the benchmark's posts out again so the second measurement starts from the same
    database."""
    conn = sqlite3.connect(path)
    keys = [p.key for p in posts]
    with conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.executemany(
            "DELETE FROM incident_reports WHERE channel = ? AND message_id = ?", keys
        )
        conn.execute(
            "DELETE FROM incidents WHERE id NOT IN (SELECT incident_id FROM incident_reports)"
        )
        conn.executemany("DELETE FROM detections WHERE channel = ? AND message_id = ?", keys)
        conn.executemany("DELETE FROM posts WHERE channel = ? AND message_id = ?", keys)
    conn.close()


def run() -> str:
    with tempfile.TemporaryDirectory(prefix="tgradar-bench-") as scratch:
        workdir = Path(scratch)
        lines = [*replay_section(workdir), "", *batch_section(workdir)]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(run())
