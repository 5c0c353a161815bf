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
    RESULTS.write_text(text, encoding="utf-8")
    print(f"wrote {RESULTS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
