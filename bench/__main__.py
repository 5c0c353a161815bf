"""Run every benchmark and write bench/RESULTS.md.

    python -m bench            # all, written to bench/RESULTS.md
    python -m bench detect     # only the sections whose module name contains "detect",
                               # printed (RESULTS.md always holds one whole run)
"""

from __future__ import annotations

import platform
import sys
from datetime import UTC, datetime
from importlib import import_module
from pathlib import Path

SECTIONS = (
    "bench.detect_speed",
    "bench.gazetteer_bench",
    "bench.poller_bench",
    "bench.replay_bench",
)
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def main(argv: list[str]) -> int:
    wanted = [name for name in SECTIONS if not argv or any(a in name for a in argv)]
    parts = [
        "# Benchmark results",
        "",
        f"Written by `make bench` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, Python "
        f"{platform.python_version()}, {platform.machine()}. Shared, noisy machines: read the "
        "ratios against each section's baseline (run in the same process), not the absolute "
        "figures.",
        "",
    ]
    for name in wanted:
        print(f"running {name} ...", file=sys.stderr)
        parts.append(import_module(name).run().rstrip() + "\n")
    text = "\n".join(parts)
    if argv:
        print(text)
        return 0
    RESULTS.write_text(text + _kept_sections(), encoding="utf-8")
    print(f"wrote {RESULTS}", file=sys.stderr)
    return 0


def _kept_sections() -> str:
    """Sections written by their own make targets (`make bench-latency`) stay as they are."""
    from bench.latency_bench import MARK_BEGIN, MARK_END

    if not RESULTS.exists():
        return ""
    current = RESULTS.read_text(encoding="utf-8")
    if MARK_BEGIN not in current or MARK_END not in current:
        return ""
    kept = current.split(MARK_BEGIN, 1)[1].split(MARK_END, 1)[0]
    return "\n" + MARK_BEGIN + kept + MARK_END + "\n"


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
