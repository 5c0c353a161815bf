"""The words read around a place name (by the gazetteer and by places.py), from the reviewed
bot/data/places.toml.

Each table of the file is one kind of word (settlement words, street words, district nouns,
...) with ``about`` and ``words``. Loaded and checked once; a bad table names the file and
the key. Kinds in ``STEM_KINDS`` are word beginnings (tuples for ``str.startswith``), the
district abbreviations a table of abbreviation to noun, the others whole words (frozensets,
ё read as е).
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

__all__ = ["PLACES_PATH", "PlaceWords", "PlaceWordsError", "place_words", "read_place_words"]

PLACES_PATH = Path(__file__).resolve().parent.parent / "data" / "places.toml"
WORD_KINDS = (
    "prepositions", "resident_words", "settlement_words", "unknown_settlement_words",
    "needs_dot", "street_words", "and", "of_the_city", "sport_words", "club_prefixes",
    "compass_adjectives", "list_prepositions", "region_words", "first_name_prepositions",
    "place_nouns", "distance_words", "alert_words", "front_words", "official_surnames",
    "official_titles", "first_names", "speech_verbs", "ship_words", "federal_city_names",
    "abbreviated_nouns",
    "front_weapons", "front_regions", "village_lists", "station_lists",
    "place_objects", "area_words", "slogan_forms", "shouted_before", "estate_words",
)  # fmt: skip
_ISO_CODE = re.compile(r"^(ru|ua)-[a-z0-9]{1,3}$")
STEM_KINDS = (
    "not_after_name", "not_after_adjective", "region_nouns", "district_nouns",
    "district_qualifiers", "hromada_qualifiers", "aviation_words",
)
ABBREVIATION_KIND = "district_abbreviations"
OFFICIALS_KIND = "official_regions"


class PlaceWordsError(ValueError):
    """bot/data/places.toml cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class PlaceWords:
    prepositions: frozenset[str]
    resident_words: frozenset[str]
    settlement_words: frozenset[str]
    unknown_settlement_words: frozenset[str]
    needs_dot: frozenset[str]
    street_words: frozenset[str]
    # a housing estate or a city's quarter: a name in quotes after one is the estate's
    estate_words: frozenset[str]
    and_words: frozenset[str]
    of_the_city: frozenset[str]
    sport_words: frozenset[str]
    club_prefixes: frozenset[str]
    compass_adjectives: frozenset[str]
    list_prepositions: frozenset[str]
    region_words: frozenset[str]
    first_name_prepositions: frozenset[str]
    place_nouns: frozenset[str]
    distance_words: frozenset[str]
    alert_words: frozenset[str]
    front_words: frozenset[str]
    front_weapons: frozenset[str]
    village_lists: frozenset[str]
    station_lists: frozenset[str]
    place_objects: frozenset[str]
    area_words: frozenset[str]
    shouted_before: frozenset[str]
    # ISO 3166-2 codes, upper case as the gazetteer writes them
    front_regions: frozenset[str]
    federal_city_names: frozenset[str]
    abbreviated_nouns: frozenset[str]
    official_surnames: frozenset[str]
    official_titles: frozenset[str]
    first_names: frozenset[str]
    speech_verbs: frozenset[str]
    ship_words: frozenset[str]
    slogan_forms: frozenset[str]
    not_after_name: tuple[str, ...]
    not_after_adjective: tuple[str, ...]
    region_nouns: tuple[str, ...]
    district_nouns: tuple[str, ...]
    district_qualifiers: tuple[str, ...]
    hromada_qualifiers: tuple[str, ...]
    aviation_words: tuple[str, ...]
    # "р-не" -> "район", "г.о" -> "округ": the noun an abbreviation stands for
    district_abbreviations: dict[str, str]
    # "николаев" -> "RU-CU": the region an official of official_surnames serves
    official_regions: dict[str, str]


def _entries(path: Path, key: str, table: object) -> list[str]:
    if not isinstance(table, dict):
        raise PlaceWordsError(f"{path.name}: [{key}] must be a table")
    if set(table) != {"about", "words"}:
        raise PlaceWordsError(f"{path.name}: [{key}] needs exactly the keys about and words")
    if not isinstance(table["about"], str) or not table["about"].strip():
        raise PlaceWordsError(f"{path.name}: [{key}] about: a sentence saying what the kind does")
    words = table["words"]
    if not isinstance(words, list) or not words:
        raise PlaceWordsError(f"{path.name}: [{key}] words: a non-empty list of strings")
    seen: set[str] = set()
    for word in words:
        if not isinstance(word, str) or not word or word != word.strip().lower() or " " in word:
            raise PlaceWordsError(
                f"{path.name}: [{key}] words: {word!r} is not one lower-case word"
            )
        if word in seen:
            raise PlaceWordsError(f"{path.name}: [{key}] words: {word!r} is listed twice")
        seen.add(word)
    return words


def read_place_words(path: Path = PLACES_PATH) -> PlaceWords:
    """Read and check a place words file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PlaceWordsError(f"{path.name}: {exc}") from exc
    entries: dict[str, list[str]] = {}
    for key, table in data.items():
        if key not in (*WORD_KINDS, *STEM_KINDS, ABBREVIATION_KIND, OFFICIALS_KIND):
            raise PlaceWordsError(f"{path.name}: [{key}] is not a kind of place word")
        entries[key] = _entries(path, key, table)
    missing = [k for k in (*WORD_KINDS, *STEM_KINDS, ABBREVIATION_KIND, OFFICIALS_KIND)
               if k not in entries]
    if missing:
        raise PlaceWordsError(f"{path.name}: [{missing[0]}] is missing")
    words = {key: frozenset(w.replace("ё", "е") for w in entries[key]) for key in WORD_KINDS}
    stems = {key: tuple(entries[key]) for key in STEM_KINDS}
    abbreviations: dict[str, str] = {}
    for entry in entries[ABBREVIATION_KIND]:
        short, _, noun = entry.partition("=")
        if not short or noun not in words["abbreviated_nouns"]:
            raise PlaceWordsError(
                f"{path.name}: [{ABBREVIATION_KIND}] {entry!r}: not abbreviation="
                + " or =".join(entries["abbreviated_nouns"])
            )
        abbreviations[short] = noun
    officials: dict[str, str] = {}
    for entry in entries[OFFICIALS_KIND]:
        surname, _, code = entry.partition("=")
        if surname not in words["official_surnames"] or not _ISO_CODE.match(code):
            raise PlaceWordsError(
                f"{path.name}: [{OFFICIALS_KIND}] {entry!r}: not surname=iso code of a surname"
                " of [official_surnames]"
            )
        officials[surname] = code.upper()
    return PlaceWords(
        prepositions=words["prepositions"],
        resident_words=words["resident_words"],
        settlement_words=words["settlement_words"],
        unknown_settlement_words=words["unknown_settlement_words"],
        needs_dot=words["needs_dot"],
        street_words=words["street_words"],
        estate_words=words["estate_words"],
        and_words=words["and"],
        of_the_city=words["of_the_city"],
        sport_words=words["sport_words"],
        club_prefixes=words["club_prefixes"],
        compass_adjectives=words["compass_adjectives"],
        list_prepositions=words["list_prepositions"],
        region_words=words["region_words"],
        first_name_prepositions=words["first_name_prepositions"],
        place_nouns=words["place_nouns"],
        distance_words=words["distance_words"],
        alert_words=words["alert_words"],
        front_words=words["front_words"],
        front_weapons=words["front_weapons"],
        village_lists=words["village_lists"],
        station_lists=words["station_lists"],
        place_objects=words["place_objects"],
        area_words=words["area_words"],
        shouted_before=words["shouted_before"],
        front_regions=frozenset(code.upper() for code in words["front_regions"]),
        official_surnames=words["official_surnames"],
        official_titles=words["official_titles"],
        first_names=words["first_names"],
        speech_verbs=words["speech_verbs"],
        ship_words=words["ship_words"],
        slogan_forms=words["slogan_forms"],
        federal_city_names=words["federal_city_names"],
        abbreviated_nouns=words["abbreviated_nouns"],
        not_after_name=stems["not_after_name"],
        not_after_adjective=stems["not_after_adjective"],
        region_nouns=stems["region_nouns"],
        district_nouns=stems["district_nouns"],
        district_qualifiers=stems["district_qualifiers"],
        hromada_qualifiers=stems["hromada_qualifiers"],
        aviation_words=stems["aviation_words"],
        district_abbreviations=abbreviations,
        official_regions=officials,
    )


@functools.cache
def place_words() -> PlaceWords:
    """The bundled place words, read once."""
    return read_place_words()
