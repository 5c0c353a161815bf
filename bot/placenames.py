"""Place names for English readers: the gazetteer's English (GeoNames) name of a settlement,
else a transliteration, so English cards and messages never show Cyrillic place names.

Where the English name comes from, in order: a gazetteer that stores English names itself
(an `english_name(place)` method); the Latin-script name the gazetteer knows the place by
(GeoNames' English name, kept as a lookup alias: "rostov-on-don" -> "Rostov-on-Don");
a transliteration of the Russian or Ukrainian name (districts, villages without an English
entry). Pure: reads only the gazetteer it is given.
"""

from __future__ import annotations

import re
from typing import Any

from bot.models import Place

# Words kept lower case inside an English place name ("Rostov-on-Don", "Komsomolsk-on-Amur").
_PARTICLES = frozenset({"on", "na", "upon", "pod", "v", "de", "u", "nad"})
_ISO = re.compile(r"(ru|ua)-[a-z0-9]{1,3}")
_ASCII_NAME = re.compile(r"[a-z][a-z' .-]*[a-z]")
# The administrative word after a district's name, in English.
_DISTRICT_WORDS = {
    "район": "District",
    "округ": "District",
    "городской округ": "Urban District",
    "муниципальный округ": "Municipal District",
    "громада": "Hromada",
}

_RU_LATIN = "a b v g d e yo zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya"
_UK_LATIN = "a b v h g d e ie zh z y i i i k l m n o p r s t u f kh ts ch sh shch _ iu ia"
# Russian (BGN/PCGN-like) and Ukrainian (the national 2010 system) letters in Latin.
_RU = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        _RU_LATIN.split(" "),
        strict=True,
    )
)
_UK = dict(
    zip(
        "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
        _UK_LATIN.split(" "),
        strict=True,
    )
)
_UK_LETTERS = frozenset("ґєії")

_alias_cache: dict[int, dict[tuple[str, str], str]] = {}


def english_name(place: Place, gazetteer: Any | None = None) -> str:
    """The English name of `place`: never empty, never Cyrillic."""
    if gazetteer is None:
        from bot.detect.gazetteer import Gazetteer

        gazetteer = Gazetteer.default()
    if place.kind == "region":
        info = gazetteer.region(place.region)
        if info is not None and info.name_en:
            return info.name_en
    own = getattr(gazetteer, "english_name", None)
    if callable(own):
        name = own(place)
        if name:
            return name
    alias = _latin_aliases(gazetteer).get((place.name, place.region))
    return alias or transliterate(place.name)


def english_place_name(gazetteer: Any | None = None):
    """A (name, region, language) -> name function: English names for "en", else as is."""

    def name(text: str, region: str, language: str) -> str:
        if language != "en" or not re.search(r"[а-яёієїґ]", text, re.IGNORECASE):
            return text
        return english_name(Place(name=text, region=region), gazetteer)

    return name


def transliterate(name: str) -> str:
    """A Cyrillic place name in Latin letters: "Крымский район" -> "Krymskiy District"."""
    folded = name.strip()
    tail = ""
    lower = folded.lower()
    for word, english in sorted(_DISTRICT_WORDS.items(), key=lambda kv: -len(kv[0])):
        if lower.endswith(" " + word):
            folded, tail = folded[: -len(word) - 1], " " + english
            break
    table = _UK if _UK_LETTERS & set(folded.lower()) else _RU
    out = []
    for char in folded:
        low = char.lower()
        if low in table:
            latin = table[low].replace("_", "")
            out.append(latin.capitalize() if char != low and latin else latin)
        else:
            out.append(char)
    return "".join(out) + tail


def _latin_aliases(gazetteer: Any) -> dict[tuple[str, str], str]:
    """(Cyrillic name, region) -> the first Latin alias the gazetteer has for that place."""
    key = id(gazetteer)
    cached = _alias_cache.get(key)
    if cached is not None:
        return cached
    aliases: dict[tuple[str, str], str] = {}
    names = getattr(gazetteer, "_fuzzy_names", None)
    indices = getattr(gazetteer, "_fuzzy_index", None)
    places = getattr(gazetteer, "_places", None)
    if names is not None and indices is not None and places is not None:
        for alias, index in zip(names, indices, strict=False):
            if not _ASCII_NAME.fullmatch(alias) or _ISO.fullmatch(alias):
                continue
            place = places[index]
            aliases.setdefault((place.name, place.region), _title(alias))
    _alias_cache[key] = aliases
    return aliases


def _title(alias: str) -> str:
    """ "rostov-on-don" -> "Rostov-on-Don", "staryy oskol" -> "Staryy Oskol"."""
    parts = re.split(r"([ -])", alias)
    out = []
    for i, part in enumerate(parts):
        if part in (" ", "-", "") or (i > 0 and part in _PARTICLES):
            out.append(part)
        else:
            out.append(part[0].upper() + part[1:])
    return "".join(out)
