"""What scripts/probe_places.py and probe_formats.py share: the dev set as channel streams,
a post read again with another text in its channel's stream, and the failures written out."""

from __future__ import annotations

import collections
import dataclasses
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.detect import Detector  # noqa: E402
from bot.detect.profiles import detect_stream  # noqa: E402
from bot.evaluate import read_devset  # noqa: E402
from bot.models import Detection, Post  # noqa: E402


def dev_rows() -> tuple[list[tuple[Post, dict]], dict[str, list[Post]]]:
    """The dev set's (post, label) rows in date order, and each channel's posts in order."""
    rows = sorted(read_devset(ROOT / "tests" / "data" / "devset.jsonl"),
                  key=lambda row: (row[0].date, row[0].id))
    streams: dict[str, list[Post]] = collections.defaultdict(list)
    for post, _ in rows:
        streams[post.channel].append(post)
    return rows, streams


def reread(detector: Detector, streams: dict[str, list[Post]], post: Post, text: str) -> Detection:
    """The detection of ``post`` written as ``text``, among its channel's other posts."""
    changed = dataclasses.replace(post, text=text)
    stream = [changed if p is post else p for p in streams[post.channel]]
    return list(detect_stream(detector, stream))[stream.index(changed)]


def write_fails(path: Path | None, fails: list[dict]) -> None:
    if path is not None:
        path.write_text("".join(json.dumps(f, ensure_ascii=False) + "\n" for f in fails),
                        encoding="utf-8")
