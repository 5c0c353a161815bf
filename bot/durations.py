"""Durations as people write them in config files: "30s", "10m", "3h", "2d", "1h30m"."""

from __future__ import annotations

import re
from datetime import timedelta

_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([smhdw])")
_WHOLE = re.compile(r"(?:\d+(?:\.\d+)?\s*[smhdw]\s*)+")

EXAMPLES = "e.g. 30s, 10m, 3h, 2d or 1h30m"
# Longer is a typo, and would overflow date arithmetic later (a gap added to a post's date).
MAX_DURATION = timedelta(days=3650)


def parse_duration(text: str) -> timedelta:
    """Parse "30s", "10m", "3h", "2d", "1w", "1h30m", "1.5h" into a timedelta.

    A bare number is rejected on purpose: "30" could mean seconds or minutes.
    Raises ValueError with a message fit to show a user.
    """
    if not isinstance(text, str):
        raise ValueError(f"not a duration, write it as a string ({EXAMPLES})")
    compact = text.strip().lower()
    if not compact or not _WHOLE.fullmatch(compact):
        if compact.replace(".", "", 1).isdigit():
            raise ValueError(f"a duration needs a unit ({EXAMPLES})")
        raise ValueError(f"not a duration ({EXAMPLES})")
    seconds = sum(float(number) * _UNIT_SECONDS[unit] for number, unit in _PART.findall(compact))
    if not seconds <= MAX_DURATION.total_seconds():  # also catches inf from endless digits
        raise ValueError("too long: at most 3650d (10 years)")
    return timedelta(seconds=seconds)


def format_duration(value: timedelta) -> str:
    """The shortest exact form parse_duration reads back: 90 s -> "1m30s", 0 -> "0s"."""
    total = value.total_seconds()
    if total < 0:
        return "-" + format_duration(-value)
    whole = int(total)
    parts = []
    for unit in ("d", "h", "m", "s"):
        size = _UNIT_SECONDS[unit]
        amount, whole = divmod(whole, size)
        if amount:
            parts.append(f"{amount}{unit}")
    fraction = total - int(total)
    if fraction:
        seconds_part = f"{(int(total) % 60) + fraction:g}s"
        parts = [p for p in parts if not p.endswith("s")] + [seconds_part]
    return "".join(parts) or "0s"
