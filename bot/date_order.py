"""All of an input's posts in date order, whatever order the input has, in bounded memory.

`tgradar replay` builds incidents, and a channel's follow-up and its profile are read from
the posts stored before it, so what it makes of a file must not depend on how the file was
written: a dump of the API's history is newest first, and exports of several channels put
one after another hold each channel's whole history before the next one's. An input of up to
``IN_MEMORY_POSTS`` posts is sorted in memory; a longer one is spilled to a scratch SQLite
file (pickled, keyed by date) and read back in order, so a file of any size is sorted with
only the database page cache in memory (pickling costs about 50 µs a post, a sixth of what
replaying it does, so a short input is spared it).
"""

from __future__ import annotations

import pickle
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from pathlib import Path

from bot.models import Post

# Inputs up to this many posts (about 30 MB of them) are sorted in memory.
IN_MEMORY_POSTS = 20_000
# Posts written to the scratch file per transaction.
_CHUNK = 2000


def by_date(
    posts: Iterable[Post],
    scratch_dir: str | Path | None = None,
    in_memory: int = IN_MEMORY_POSTS,
) -> Iterator[Post]:
    """The posts in order of date, then channel and id, then their order in the input (so a
    post given twice, an edit, keeps its order). Every post is read before the first is
    given out."""
    posts = iter(posts)
    held = list(islice(posts, in_memory))
    if len(held) < in_memory:
        held.sort(key=_order)  # stable: equal keys keep the input's order
        yield from held
        return
    yield from _spilled(chain(held, posts), scratch_dir)


def _order(post: Post) -> tuple:
    return post.date.timestamp(), post.channel, post.id


def _spilled(posts: Iterable[Post], scratch_dir: str | Path | None) -> Iterator[Post]:
    with tempfile.TemporaryDirectory(prefix="tgradar-order-", dir=scratch_dir) as directory:
        db = sqlite3.connect(Path(directory) / "posts.db", isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=OFF")
            db.execute("PRAGMA synchronous=OFF")
            db.execute(
                "CREATE TABLE posts (at REAL, channel TEXT, id INTEGER, seq INTEGER, post BLOB)"
            )
            _spill(db, posts)
            db.execute("CREATE INDEX ordered ON posts (at, channel, id, seq)")
            rows = db.execute("SELECT post FROM posts ORDER BY at, channel, id, seq")
            for (blob,) in rows:
                yield pickle.loads(blob)
        finally:
            db.close()


def _spill(db: sqlite3.Connection, posts: Iterable[Post]) -> None:
    chunk: list[tuple[float, str, int, int, bytes]] = []
    for seq, post in enumerate(posts):
        chunk.append((*_order(post), seq, pickle.dumps(post, pickle.HIGHEST_PROTOCOL)))
        if len(chunk) >= _CHUNK:
            _write(db, chunk)
            chunk = []
    _write(db, chunk)


def _write(db: sqlite3.Connection, rows: list[tuple[float, str, int, int, bytes]]) -> None:
    db.execute("BEGIN")
    db.executemany("INSERT INTO posts VALUES (?, ?, ?, ?, ?)", rows)
    db.execute("COMMIT")
