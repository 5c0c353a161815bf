"""Who a post cites, and whether it is (or quotes) an official statement. The outlets and
official bodies, their patterns and the handles are data: bot/data/sources.toml."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SOURCES_PATH = Path(__file__).resolve().parent.parent / "data" / "sources.toml"


class SourcesDataError(ValueError):
    """bot/data/sources.toml cannot be used; the message names the file and the key."""


def _load() -> dict[str, Any]:
    try:
        data = tomllib.loads(SOURCES_PATH.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SourcesDataError(f"{SOURCES_PATH.name}: {exc}") from exc
    for n, entry in enumerate(data.get("source", [])):
        where = f"{SOURCES_PATH.name}: [[source]] #{n + 1}"
        if not isinstance(entry.get("name"), str) or not isinstance(entry.get("official"), bool):
            raise SourcesDataError(f"{where}: needs a name and official = true/false")
        triggers = entry.get("triggers")
        if not isinstance(triggers, list) or not triggers:
            raise SourcesDataError(f"{where} ({entry['name']}): triggers: a list of fragments")
        try:
            re.compile(entry.get("pattern", ""))
        except (re.error, TypeError) as exc:
            raise SourcesDataError(f"{where} ({entry['name']}): pattern: {exc}") from exc
    return data


_DATA = _load()
OFFICIAL_SOURCES = frozenset(
    [entry["name"] for entry in _DATA["source"] if entry["official"]]
    + list(_DATA.get("official_bodies", {}).get("names", []))
)
_OUTLETS: tuple[tuple[str, str], ...] = tuple(
    (entry["name"], entry["pattern"]) for entry in _DATA["source"]
)
# Lower-case fragments one of which every match of a source's pattern contains: a cheap
# substring test decides which patterns are worth running on a post.
_TRIGGERS: dict[str, tuple[str, ...]] = {
    entry["name"]: tuple(entry["triggers"]) for entry in _DATA["source"]
}
_COMPILED = tuple((name, re.compile(pattern)) for name, pattern in _OUTLETS)
_FLAT_TRIGGERS = tuple(
    (trigger, name) for name, triggers in _TRIGGERS.items() for trigger in triggers
)
# A text without a Latin letter holds none of the Latin triggers: they are not tried.
_LATIN_LETTER = re.compile("[a-z]")
_NON_LATIN_TRIGGERS = tuple(t for t in _FLAT_TRIGGERS if not _LATIN_LETTER.search(t[0]))
_MENTION = re.compile(r"(?<![\w@])@([A-Za-z][A-Za-z0-9_]{3,31})\b")
_KNOWN_HANDLES: dict[str, str] = dict(_DATA["handles"]["names"])

# A sentence that says the official side has NOT spoken does not make a post official.
_NOT_OFFICIAL = re.compile(_DATA["not_official"]["pattern"], re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"[.!?\n]")


def _sentence_around(text: str, offset: int) -> str:
    start = offset
    while start > 0 and text[start - 1] not in ".!?\n":
        start -= 1
    match = _SENTENCE_BREAK.search(text, offset)
    return text[start : match.end() if match else len(text)]


@dataclass(frozen=True)
class SourceFindings:
    sources: tuple[str, ...]
    official: bool


def find_sources(
    text: str, forwarded_from: str | None = None, channel: str | None = None
) -> SourceFindings:
    """Cited outlets and authorities in order of first mention, and whether any is official.
    A post's own ``channel`` («Фронт ЗП | @front_zp_ru» under its own posts) is no source."""
    found: dict[str, None] = {}
    official = False
    low = text.lower()
    hits: list[tuple[int, str]] = []
    triggers = _FLAT_TRIGGERS if _LATIN_LETTER.search(low) else _NON_LATIN_TRIGGERS
    present = {name for trigger, name in triggers if trigger in low}
    for name, pattern in _COMPILED:
        if name in present:
            hits.extend((match.start(), name) for match in pattern.finditer(text))
    for start, name in sorted(hits):
        found.setdefault(name, None)
        if name in OFFICIAL_SOURCES and not official:
            official = not _NOT_OFFICIAL.search(_sentence_around(text, start))
    for handle in _MENTION.findall(text) if "@" in text else ():
        if handle.lower().endswith("bot") or handle.lower() == channel:
            continue  # a channel's bot takes readers' reports; it is not a source
        found.setdefault(_KNOWN_HANDLES.get(handle.lower(), "@" + handle.lower()), None)
    if forwarded_from:
        name = _KNOWN_HANDLES.get(forwarded_from.lower().lstrip("@"), forwarded_from)
        found.setdefault(name, None)
    return SourceFindings(tuple(found), official)
