"""The container image: built with podman from a local base, run with no network.

scripts/container_test.sh does the work (and installs podman if needed); see its header.
It needs root, as CI has; about 1-2 minutes with the base image cached, 3-4 from scratch.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "container_test.sh"
TIME_LIMIT = 8 * 60  # seconds, from scratch


def test_image_builds_runs_as_non_root_and_passes_its_health_check():
    run = subprocess.run(
        ["bash", str(SCRIPT)],
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        check=False,
    )
    report = f"stdout:\n{run.stdout[-3000:]}\nstderr:\n{run.stderr[-6000:]}"
    assert run.returncode == 0, report
    assert "container_test: OK" in run.stdout, report
    for check in (
        "runs as uid 10001",
        "tgradar --help works",
        "the health check passes while the demo runs",
        "tgradar demo succeeds",
    ):
        assert check in run.stderr, report
