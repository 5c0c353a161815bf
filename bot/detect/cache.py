"""Tables derived from the bundled data (lemmatised lexicons, the gazetteer's indices), kept
on disk so that a new process reads them instead of deriving them again.

A table is stored under a key: a hash of every file it is derived from (the data files, the
detection code that derives it) and of the versions of what else it depends on (Python,
pymorphy3 and its dictionaries). Any change gives a new key, so a cached table is never
stale; entries are named by their key, so two versions of tgradar on one machine do not
overwrite each other's.

Where: ``$TGRADAR_CACHE_DIR`` (set but empty: no cache), else ``$XDG_CACHE_HOME/tgradar``,
else ``~/.cache/tgradar``. A file is written to a temporary name and renamed into place, so
two processes starting at once each write a whole file and a reader never sees half of one.
A file is read only when it is ours (or root's, as the installed code is) and nobody else
may write it, and only when its checksum holds: a corrupt, truncated or foreign file, like a
missing or unwritable directory, means the table is derived in memory as without a cache,
and rewritten when the directory allows. marshal holds the tables: it builds only plain
values (dicts, lists, sets, strings, numbers), runs no code, and is fast to read.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import marshal
import os
import stat
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

__all__ = ["CACHE_ENV", "cache_dir", "cached", "fingerprint", "outcomes"]

log = logging.getLogger(__name__)

CACHE_ENV = "TGRADAR_CACHE_DIR"
# The file layout: magic, the key it was built for, the payload's SHA-256, the payload.
_MAGIC = b"tgradar-cache 1\n"
_DIGEST = hashlib.sha256().digest_size
_HEADER = len(_MAGIC) + 2 * _DIGEST
_KEEP = 3  # entries of one table kept (the newest), for other versions on the machine

T = TypeVar("T")
V = TypeVar("V")

# What became of each table this process asked for: "read", "written" (derived and stored),
# "derived" (derived, not stored: no cache, or it could not be written).
_OUTCOMES: dict[str, str] = {}


def outcomes() -> dict[str, str]:
    """Each table this process loaded and whether it was read, derived and written, or only
    derived (``python -m bot.detect.warm`` reports them)."""
    return dict(_OUTCOMES)


def cache_dir() -> Path | None:
    """Where the cache lives; None when it is switched off (``TGRADAR_CACHE_DIR=``)."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return Path(configured).expanduser() if configured.strip() else None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "tgradar"
    try:
        return Path.home() / ".cache" / "tgradar"
    except (RuntimeError, KeyError):  # no home directory
        return None


@functools.cache
def _code_digest() -> str:
    """A hash of the detection code (every file of bot/detect but bytecode, a compiled module
    too), once a process: part of every key, so that a change to how a table is derived can
    never meet a table derived the old way."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            content = path.read_bytes()
            digest.update(f"{path.relative_to(root)}\0{len(content)}\0".encode())
            digest.update(content)
    return digest.hexdigest()


def fingerprint(files: Iterable[Path], versions: Iterable[str] = ()) -> str:
    """A hash of the files' names and contents, of ``versions``, of the detection code and
    of Python's version and marshal's format: what a derived table is keyed by. Raises
    OSError when a file cannot be read."""
    digest = hashlib.sha256()
    for part in (sys.version, str(marshal.version), _code_digest(), *versions):
        digest.update(part.encode() + b"\0")
    for path in files:
        content = Path(path).read_bytes()
        digest.update(f"{Path(path).name}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()


def cached(
    name: str,
    sources: Callable[[], str],
    build: Callable[[], T],
    restore: Callable[[T], V],
) -> V:
    """``restore(build())``, where ``build()``'s result (plain values only) is read from the
    cache when an entry for ``sources()`` (the key, see ``fingerprint``) is there and sound.

    Anything wrong with the cache (no directory, unreadable, corrupt, foreign, unwritable, a
    source that cannot be read) is logged at debug level and costs only the derivation: the
    result is the same as without a cache. ``restore`` turns the plain values into the
    tables; a stored value it rejects (TypeError, ValueError, KeyError) is derived again.
    """
    _OUTCOMES[name] = "derived"
    directory = cache_dir()
    if directory is None:
        return restore(build())
    try:
        key = sources()
    except OSError as exc:
        # A data file that cannot be read: building reports it as its loader does.
        log.debug("cache: %s not keyed (%s); deriving it", name, exc)
        return restore(build())
    path = directory / f"{name}-{key[:32]}.marshal"
    stored = _read(path, key)
    if stored is not None:
        try:
            result = restore(stored)
            _OUTCOMES[name] = "read"
            return result
        except (TypeError, ValueError, KeyError, IndexError) as exc:
            log.debug("cache: %s does not hold %s (%r); deriving it", path, name, exc)
    value = build()
    result = restore(value)  # before writing: a value that cannot be restored is not stored
    if _write(directory, path, key, value):
        _OUTCOMES[name] = "written"
    return result


def _read(path: Path, key: str):
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None  # absent (the usual first start), or not ours to read
    try:
        with os.fdopen(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            if not _trusted(info):
                log.debug("cache: %s is not this user's or may be written by others", path)
                return None
            blob = fh.read()
    except OSError as exc:
        log.debug("cache: %s unreadable (%s)", path, exc)
        return None
    if (
        len(blob) < _HEADER
        or not blob.startswith(_MAGIC)
        or blob[len(_MAGIC) : len(_MAGIC) + _DIGEST] != bytes.fromhex(key)
    ):
        log.debug("cache: %s is not an entry for this key", path)
        return None
    payload = memoryview(blob)[_HEADER:]
    if hashlib.sha256(payload).digest() != blob[_HEADER - _DIGEST : _HEADER]:
        log.debug("cache: %s is corrupt or truncated", path)
        return None
    try:
        return marshal.loads(payload)
    except (EOFError, ValueError, TypeError) as exc:
        log.debug("cache: %s does not load (%s)", path, exc)
        return None


def _trusted(info: os.stat_result) -> bool:
    """A regular file of this user or of root that no one else may write."""
    if not stat.S_ISREG(info.st_mode) or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    getuid = getattr(os, "getuid", None)
    return getuid is None or info.st_uid in (getuid(), 0)


def _write(directory: Path, path: Path, key: str, value: object) -> bool:
    try:
        payload = marshal.dumps(value)
    except ValueError as exc:  # a value marshal cannot hold: a bug of the caller
        log.warning("cache: %s cannot be stored: %s", path.name, exc)
        return False
    blob = b"".join((_MAGIC, bytes.fromhex(key), hashlib.sha256(payload).digest(), payload))
    import tempfile  # only a start that writes pays for importing it

    temporary = None
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.stem}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(temporary, path)  # atomic: readers see the old file or the whole new one
        temporary = None
    except OSError as exc:
        log.debug("cache: %s not written (%s); the tables stay in memory", path, exc)
        return False
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    _prune(directory, path)
    return True


def _prune(directory: Path, kept: Path) -> None:
    """Older entries of the same table beyond the newest few go."""
    table = kept.name.rsplit("-", 1)[0]
    try:
        others = [
            p for p in directory.glob(f"{table}-*.marshal")
            if p.name.rsplit("-", 1)[0] == table and p != kept
        ]
        others.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in others[_KEEP - 1 :]:
            old.unlink()
    except OSError as exc:  # another process pruned first, or the directory is not ours
        log.debug("cache: pruning %s: %s", directory, exc)
