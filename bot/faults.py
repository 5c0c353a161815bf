"""Test-only fault injection: the crash test's named kill points inside the daemon.

`TGRADAR_KILL_AT=<point>:<n>` makes the process SIGKILL itself the n-th time it passes
`<point>` (`store-commit`: inside a store transaction, after its writes, before COMMIT).
Unset, which is always the case outside the crash test, a point costs one comparison. The
other named points of the crash test (right after Telegram stored a send, right after a
review) are set on the far side, in the sandbox, and need nothing here.
"""

from __future__ import annotations

import os
import signal

ENV = "TGRADAR_KILL_AT"


def _target() -> tuple[str, int] | None:
    raw = os.environ.get(ENV, "")
    name, _, count = raw.partition(":")
    if not name:
        return None
    return name, int(count) if count.isdigit() else 1


_TARGET = _target()
_passed: dict[str, int] = {}


def point(name: str) -> None:
    """A named place where the crash test may kill the process."""
    if _TARGET is None or _TARGET[0] != name:
        return
    _passed[name] = _passed.get(name, 0) + 1
    if _passed[name] >= _TARGET[1]:
        os.kill(os.getpid(), signal.SIGKILL)
