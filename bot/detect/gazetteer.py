"""Places tgradar recognises in a post: regions, districts and settlements of RU and UA.

The data (bot/data/gazetteer.json.gz, built by scripts/build_gazetteer.py) holds every case
form of every name, so matching is a dictionary lookup over token n-grams, not morphology.

``find`` rules:
- the longest n-gram wins (up to 4 tokens, only blanks or a dot between them);
- nothing is a place after a street word ("ул.", "проспект", "вулиця") or before one
  ("Каширское шоссе"), and a town name before "район/округ" that is not a known district
  is a part of a city ("Слободской район" of Kharkiv), not that town;
- after "село/посёлок/г./станица/смт/village of" a settlement beats a region of the same
  spelling ("станица Ленинградская"), and an unknown capitalised name there becomes a
  settlement without coordinates in the post's region (else the home region);
- settlements under 50,000 people need a capital letter; homonyms of common words (Орёл,
  Мирный, Заря, Вікна, ...) need a capital letter AND context: a preposition or settlement
  word before them, a "#", starting an alert line ("Орёл / Опасность по БПЛА"), or their
  region named in the same post; names that are also surnames (Песков) need a preposition;
- a name in quotes near sport words, or after "ФК"/"FC", is a football club;
- "<town>ский район/округ", "<town>ська громада" is a district of that town when the town is
  in a region the post or the channel is about (or the name is unique);
- among candidates: regions over the rest, then a region named in the post, then the region
  of another unambiguous place in the post, then the channel's home region, then
  population (a tenth of it when the name is only an alias of the place); a city of 100,000+
  ten times bigger than its namesakes wins outright unless it is a district of a federal
  city ("в Северном": Moscow's only without a region pointing elsewhere) or a namesake has
  evidence of its own (a district the post names, a village's settlement word or list, the
  local channel's village with the city far away, a front-line weapon); a small
  village (< 20,000) of a region other than the one the post names is taken as that
  region's village of the same name.
"""

from __future__ import annotations

import functools
import gc
import gzip
import json
import math
import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.detect import cache
from bot.detect import lexicon as lx
from bot.detect.morph import lemma
from bot.detect.normalize import Token, normalize, tokenize
from bot.detect.place_data import PlaceData, Residents, Shorthand, key_of, place_data
from bot.detect.place_words import place_words
from bot.detect.villages import VILLAGES_PATH, Village, VillageStore
from bot.models import Place

__all__ = ["DATA_PATH", "Gazetteer", "GazetteerError", "PlaceMention", "RegionInfo"]

DATA_PATH = Path(__file__).resolve().parent.parent / "data" / "gazetteer.json.gz"
DATA_VERSION = 4

_HOMONYM = 1
_ADJECTIVE_ONLY = 2
_ALIAS = 4
_PERSON = 8
_FLAG_BITS = 16
_UNSURE = 32  # set at match time: a homonym without context
_VILLAGE = 64  # from the villages file: no population, district known
_STRONG_ONLY = 128  # a village whose name is also a common word: needs strong context
# Set at match time on villages: a surname opening an alert line («Муром — арта»), kept only
# where it is the local channel's own village (its one home region).
_LOCAL = 256
# Set at match time on villages: the name opens an alert line or follows a settlement word,
# so a namesake in the local channel's home is not dwarfed by a big city far away.
_MARKED = 512
_MAX_VILLAGE_SPAN = 3
# What a word may be to the scan: a name or a shorthand to try, a short word never a name
# alone, a word that makes the word before it (a district noun, "and") or after it (a
# settlement word) worth a look.
_TRY = 1
_SKIP = 2
_MARKS_NEXT = 4
_MARKS_PREV = 8
_KINDS_SIZE = 300_000
# Scans kept for a text that will be asked again (posts at hand, read for their channel's
# profile before they are detected): at most this many, the oldest dropped first.
_KEPT_SCANS = 1024
# Why one candidate beat the others, in the order of rank() below.
_EVIDENCE = (
    "a region over a place of the same name",
    "district written next to the name",
    "region written next to the name",
    "district named elsewhere in the post",
    "region named in the post",
    "region of another place in the post",
    "a region the post's other names can share",
    "near another place of the post",
    "channel's home region",
    "a renamed Ukrainian town, the post or channel being about Ukraine or the front",
    "a front or border region, the post naming a front-line weapon",
    "a town that dwarfs its namesakes",
    "region of the channel's posts in the last hour",
    "a settlement over a district of the same name",
    "population",
)
_CITY_REGIONS = frozenset({"RU-MOW", "RU-SPE", "UA-30", "UA-40"})
# The region around each federal city: its channels name that region's towns as well.
_AROUND_CITY = {"RU-MOW": "RU-MOS", "RU-SPE": "RU-LEN", "UA-30": "UA-32", "UA-40": "UA-43"}
# "Bryansk and Kursk regions": English names a list of regions after their capitals.
_ENGLISH_REGIONS_AFTER = re.compile(
    r"(?:\s*(?:,|and|&)\s*[A-Z][\w'-]+)*\s+(?:regions|oblasts|provinces)\b"
)
_MAX_SPAN = 4
_UK_OBLIQUE_ENDINGS = ("ові", "ом", "і", "а", "у")
# Neuter adjective endings (Russian, Ukrainian): a village's name («Луганское», «Кировське»),
# which no region's name takes.
_NEUTER_ENDINGS = ("ое", "ське", "цьке", "зьке")


_BIG_CITY = 50_000  # settlements this big are matched even in lower case
_DOMINANT_CITY = 100_000  # a city this big and 10x its namesakes wins over post context
_SMALL_PLACE = 20_000  # a settlement this small yields to a region named in the same post
# A town this big is named as itself, never as a federal city's part the gazetteer lacks: a
# Kyiv channel's «Звенигородка — вибухи» is Cherkasy oblast's town, not a part of Kyiv.
_TOWN = 10_000
# A village whose namesakes all lie in regions this far (between the regions' centres) from a
# local channel's one home region is that channel's own, unknown to the gazetteer.
_FAR_KM = 400
# A namesake this close to another place the post surely names is that place's neighbour
# («Каланчак, Армянск»: Kherson oblast's town by Crimea's), not a village of the other region.
_NEAR_KM = 50

# The words around a name are data (bot/data/places.toml); what each kind does is said there.
_WORDS = place_words()
_PREPOSITIONS = _WORDS.prepositions
_RESIDENT_WORDS = _WORDS.resident_words
_PLACE_OBJECTS = _WORDS.place_objects
_AREA_WORDS = _WORDS.area_words
_SETTLEMENT_WORDS = _WORDS.settlement_words
_UNKNOWN_SETTLEMENT_WORDS = _WORDS.unknown_settlement_words
_NEEDS_DOT = _WORDS.needs_dot
_STREET_WORDS = _WORDS.street_words
_STREET_OR_ESTATE = _STREET_WORDS | _WORDS.estate_words
_NOT_AFTER_NAME = _WORDS.not_after_name
_NOT_AFTER_ADJECTIVE = _WORDS.not_after_adjective
_AND = _WORDS.and_words
_OF_THE_CITY = _WORDS.of_the_city
_REGION_NOUNS = _WORDS.region_nouns
_DISTRICT_NOUNS = _WORDS.district_nouns
_DISTRICT_QUALIFIERS = _WORDS.district_qualifiers
_DISTRICT_ABBREVIATIONS = _WORDS.district_abbreviations
_ABBREVIATION_STARTS = frozenset(short.split(".")[0] for short in _DISTRICT_ABBREVIATIONS)
_SPORT_WORDS = _WORDS.sport_words
_CLUB_PREFIXES = _WORDS.club_prefixes
_ALERT_WORDS = _WORDS.alert_words
_FRONT_WORDS = _WORDS.front_words
_FRONT_WEAPONS = _WORDS.front_weapons
_FRONT_REGIONS = _WORDS.front_regions
_VILLAGE_LISTS = _WORDS.village_lists
_STATION_LISTS = _WORDS.station_lists
_HROMADA_QUALIFIERS = _WORDS.hromada_qualifiers
# How far back a name may stand from the plural settlement word opening its list.
_MAX_LIST_WORDS = 16
_CITY_NAMES = _WORDS.federal_city_names  # a federal city itself, not one of its districts
_AVIATION_WORDS = _WORDS.aviation_words
_OFFICIAL_SURNAMES = _WORDS.official_surnames
_OFFICIAL_REGIONS = _WORDS.official_regions
# «Николаев: «...»», «Гусев: "..."»: a colon and a quotation mark after a name.
# What ends a clause between two words: a course is read back only up to it.
_CLAUSE_BREAK = re.compile(r"[.,;:!?\n()\-–—]")
_QUOTED_AFTER = re.compile(r"[ \u00a0]*:[ \u00a0]*[«\"“„]")
_COLON_AFTER = re.compile(r"[ \u00a0]*:")
_OFFICIAL_TITLES = _WORDS.official_titles
_FIRST_NAMES = _WORDS.first_names
_FIRST_NAME_PREPOSITIONS = _WORDS.first_name_prepositions
_SPEECH_VERBS = _WORDS.speech_verbs
_SHIP_WORDS = _WORDS.ship_words
_SLOGAN_FORMS = _WORDS.slogan_forms
_FEMININE_LOCATIVE = re.compile(r"(?:ской|цкой|ській|цькій)$")
_ADJECTIVAL_NAME = re.compile(r"(ая|яя|ий|ый|ой|ое|ее|ська|цька|ське|цьке|ський|цький)$")
_ADJECTIVE_TAIL = re.compile(
    r"(?:ск|цк|зк|ськ|цьк|зьк)(?:ий|ого|ому|им|ом|ая|ой|ую|ое|ие|их|ими|а|ої|ій|у|ою|е|і|ім)$"
)
_OPEN_QUOTES = '"«„“\''
_CLOSE_QUOTES = '"»“”\''
_NOT_ALERT = ".!?\"»'"
_LOWER_SEPARATORS = ":—–-"
_SENTENCE_END = ".!?…\n"
_ISO = re.compile(r"^(ru|ua)-[a-z0-9]{1,3}$", re.IGNORECASE)
# The case ending of a district adjective: "шебекинского" → "шебекинск".
_DISTRICT_ENDING = re.compile(r"(?:ого|ому|ими|ий|ый|им|ом|ая|ой|ую|ое|ие|их|ої|ій|ою|ім|а|у|е|і)$")


def _names_a_part(name: str, nxt: str) -> bool:
    """"Каширское шоссе", "киевского режима": the word after makes the name no town; "режим"
    (places.toml `not_after_adjective`) only after an adjective, not «в Казани режим»."""
    return nxt.startswith(_NOT_AFTER_NAME) or (
        nxt.startswith(_NOT_AFTER_ADJECTIVE) and _ADJECTIVE_TAIL.search(name) is not None
    )


class GazetteerError(Exception):
    """The gazetteer data file is missing or unreadable."""


@dataclass(frozen=True)
class RegionInfo:
    code: str
    country: str
    name_ru: str
    name_uk: str
    name_en: str
    capital: str
    lat: float
    lon: float


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    surface: str
    place: Place
    # For `classify --explain`: the places the name could be (described: "Курск · RU-KRS ·
    # settlement · pop. 440052"), and why this one was chosen.
    candidates: tuple[str, ...] = ()
    evidence: str = ""


@dataclass(frozen=True, slots=True)
class _Candidate:
    index: int
    flags: int


@dataclass(slots=True)
class _Raw:
    first: int  # token indices [first, last)
    last: int
    candidates: list[_Candidate]
    derived: str = ""  # "<town>ский район": the district's name; candidates are its towns
    # A district or region written right after the name ("Никольское Бгд"): district stems,
    # regions, and the words as written.
    near_stems: frozenset[str] = frozenset()
    near_regions: frozenset[str] = frozenset()
    near_text: str = ""
    fixed: tuple[Place, ...] = ()  # shorthand regions or a sea: the places themselves

    def copy(self) -> _Raw:
        return _Raw(self.first, self.last, self.candidates, self.derived, self.near_stems,
                    self.near_regions, self.near_text, self.fixed)


class Gazetteer:
    def __init__(self, data: dict, villages: VillageStore | None = None,
                 extra: PlaceData | None = None) -> None:
        self._setup(_tables(data), villages, extra)

    def _setup(self, tables: dict, villages: VillageStore | None,
               extra: PlaceData | None) -> None:
        """Build from the derived tables (see ``_tables``); a missing table is a KeyError."""
        self._villages = villages
        self._extra = extra if extra is not None else place_data()
        # first words of the shorthand groups of regions, and stems of the first words of
        # the sea areas: most words are neither, and are passed over at once
        self._fixed_first = frozenset(
            k.split(" ")[0]
            for k in (*self._extra.regions, *self._extra.airports, *self._extra.residents,
                      *(k for k, d in self._extra.districts.items() if d.alone))
        )
        self._resident_places: dict[Residents, Place] = {}
        # first words of the districts and regions written next to a name ("Бгд", "Сумська
        # обл."): _near looks their keys up only after one of these
        self._near_first = frozenset(
            k.split(" ")[0] for k in (*self._extra.districts, *self._extra.regions)
        )
        # first words of the districts' short forms that are no word («бгд», «бел р-н»): read
        # in lower case too («Отрадное бел р-н яга»)
        self._alone_first = frozenset(
            k.split(" ")[0] for k, d in self._extra.districts.items() if d.alone
        )
        self._sea_first = tuple(
            {w[: max(3, len(w) - 2)] for w in (k.split(" ")[0] for k in self._extra.seas)}
        )
        self._kinds: dict[str, int] = {}  # see _kind()
        self._kept_scans: dict[str, tuple[list[Token], list[_Raw]]] = {}  # see _scanned()
        self._village_index: dict[int, int] = {}
        self._stems_of: dict[int, frozenset[str]] = {}
        self._district_of: dict[int, str] = {}
        self._regions = {row[0]: RegionInfo(*row) for row in tables["regions"]}
        self._places = [
            Place(name=name, region=region, lat=lat, lon=lon, kind=kind)
            for name, region, lat, lon, kind in tables["places"]
        ]
        # villages are appended to both as they are met: a list of this gazetteer's own
        self._population: list[int] = list(tables["population"])
        self._region_place: dict[str, int] = tables["region_place"]
        self._capital_of: dict[int, str] = tables["capital_of"]
        self._forms: dict[str, list[int]] = tables["forms"]
        self._stems: dict[str, list[int]] = tables["stems"]
        # Districts of cities whose names other cities' districts share (scripts/districts.py):
        # where such a name has namesakes in several regions, only evidence of the region
        # chooses one (see _choose_city_parts).
        self._city_parts: frozenset[int] = tables["city_parts"]
        # Parts of cities that are names only where the post or the channel is about the city
        # (bot/data/local_places.txt's "city" lines: «Троя», «Солома», «ХТЗ»).
        self._quarters: frozenset[int] = tables["quarters"]
        self._town_district_index: dict[tuple[int, str], int] = {}
        self._span: dict[str, int] = tables["span"]
        self._hyphen_heads: frozenset[str] = tables["hyphen_heads"]
        self._fuzzy_names: list[str] = tables["fuzzy_names"]
        self._fuzzy_index: list[int] = tables["fuzzy_index"]
        self._nominatives: dict[str, set[int]] = tables["nominatives"]
        # Renamed Ukrainian towns whose old names are in use («Красноармейск» for Покровськ;
        # bot/data/renamed_places.txt): the town wins over its Russian namesakes where the
        # post or the channel is about Ukraine or the front, and no size settles it first.
        self._renamed = frozenset(self._renamed_places())

    def _renamed_places(self) -> Iterable[int]:
        for entry in self._extra.renamed:
            for code in self._forms.get(_name_key(entry.name), ()):
                place = self._places[code // _FLAG_BITS]
                if place.name == entry.name and place.region == entry.region:
                    yield code // _FLAG_BITS

    def renamed(self, index: int) -> bool:
        """Whether the place is a renamed town of bot/data/renamed_places.txt."""
        return index in self._renamed

    def names_a_town(self, word: str) -> bool:
        """Whether a lower-case word is a form of a region's name or of a town of
        ``_SMALL_PLACE`` people or more: in a line in capitals it keeps its capital even
        where it is also an everyday word («ПОД КУРСКОМ», «НА БАЛАКЛІЮ»; see
        bot/detect/shouted.py)."""
        for code in self._forms.get(word.replace("ё", "е"), ()):
            index = code // _FLAG_BITS
            kind = self._places[index].kind
            if kind == "region" or (
                kind == "settlement" and self._population[index] >= _SMALL_PLACE
            ):
                return True
        return False

    def names_a_place(self, word: str) -> bool:
        """Whether a lower-case word is a form of any place's name, a village's too."""
        key = word.replace("ё", "е")
        return key in self._forms or bool(self._villages and self._villages.lookup(key))

    # -- loading -------------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | Path = DATA_PATH,
             villages: str | Path | None = VILLAGES_PATH) -> Gazetteer:
        store = None
        if villages is not None:
            try:
                store = VillageStore(villages)
            except (OSError, ValueError, sqlite3.Error) as exc:
                raise GazetteerError(f"villages data at {villages} is unusable: {exc}") from exc
        # The data is a few hundred thousand small objects and none of them can be garbage:
        # the cyclic collector, run again and again while they are made, only costs time.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return cls._from_file(path, store)
        finally:
            if collecting:
                gc.enable()

    @classmethod
    def _from_file(cls, path: str | Path, store: VillageStore | None) -> Gazetteer:
        # Decoding the file and deriving the indices is most of the load: the tables are
        # cached on disk, keyed by the file and the code (bot/detect/cache.py).
        def restore(tables: dict) -> Gazetteer:
            gazetteer = cls.__new__(cls)
            gazetteer._setup(tables, store, None)
            return gazetteer

        return cache.cached(
            "gazetteer",
            lambda: cache.fingerprint([Path(path)]),
            lambda: _tables(_read_data(path)),
            restore,
        )

    @classmethod
    def default(cls) -> Gazetteer:
        return _default()

    # -- regions -------------------------------------------------------------------------

    def region(self, code: str) -> RegionInfo | None:
        return self._regions.get(code.strip().upper()) if isinstance(code, str) else None

    def regions(self) -> list[RegionInfo]:
        return list(self._regions.values())

    def region_place(self, code: str) -> Place | None:
        """The Place that stands for a whole region (its city, for Moscow, Kyiv, ...)."""
        index = self._region_place.get(code.strip().upper())
        return None if index is None else self._places[index]

    # -- finding places in text ----------------------------------------------------------

    def find(
        self,
        text: str,
        home_region: str | None = None,
        *,
        home_regions: Iterable[str] = (),
        recent_regions: Iterable[str] = (),
        explain: bool = True,
        keep_scan: bool = False,
    ) -> list[PlaceMention]:
        """Places named in ``text``, in text order, without overlaps.

        Evidence for a name with namesakes, strongest first: a district or region written
        next to it, the regions and other places of the post, the channel's home regions
        (``home_region``/``home_regions``), the regions of the channel's posts of the last
        hour (``recent_regions``), population. Without ``explain`` a mention's candidates
        are not listed and why one won is not told (detection does not read them).
        ``keep_scan``: the text will be asked again (a post at hand read for its channel's
        profile, detected later): its scan is kept for that one next find of the same text.
        """
        if not isinstance(text, str):
            raise TypeError(f"find() needs the post text as str, not {type(text).__name__}")
        if not text:
            return []
        tokens, raws = self._scanned(text, keep_scan)
        if not raws:
            return []
        homes = [h.strip().upper() for h in (home_region, *home_regions) if h]
        recent = frozenset(r.strip().upper() for r in recent_regions if r)
        return self._resolve(text, tokens, raws, homes, recent, explain)

    def _scanned(self, text: str, keep: bool) -> tuple[list[Token], list[_Raw]]:
        """The text's tokens and the names _scan found in them, taken from the scans kept
        for it if there is one (it is handed out once: a kept scan is for the post's
        detection, not a cache of every text). The scan depends on the text alone; what
        _resolve changes of a name is changed on copies."""
        kept = self._kept_scans.pop(text, None)
        if kept is None:
            tokens = tokenize(text)
            kept = tokens, self._scan(text, tokens)
        if keep:
            if len(self._kept_scans) >= _KEPT_SCANS:
                del self._kept_scans[next(iter(self._kept_scans))]  # the oldest
            self._kept_scans[text] = kept
        tokens, raws = kept
        return tokens, [raw.copy() for raw in raws]

    def _scan(self, text: str, tokens: list[Token]) -> list[_Raw]:
        raws: list[_Raw] = []
        n = len(tokens)
        i = 0
        forms = self._forms
        spans = self._span
        store = self._villages
        villages = store is not None
        hyphen_heads = self._hyphen_heads
        fixed_first = self._fixed_first
        sea_first = self._sea_first
        norms = [t.norm for t in tokens]
        busy = self._busy(tokens, norms)
        while i < n:
            if not busy[i]:
                i += 1
                continue
            norm = norms[i]
            if norm in fixed_first or norm.startswith(sea_first):
                # «Никольское Бгд»: a district written next to a name qualifies that name
                # (its raw's near_text) and is no place of its own.
                qualifier = bool(raws) and raws[-1].last == i and bool(raws[-1].near_text)
                fixed = self._fixed(text, tokens, i, qualifier)
                if fixed is not None:
                    raws.append(fixed)
                    i = fixed.last
                    continue
            if len(norm) < 3 and norm not in spans:  # short words are never names alone
                i += 1
                continue
            capital = tokens[i].text[:1].isupper()
            found = False
            if capital and i + 1 < n and norms[i + 1] in _ABBREVIATION_STARTS:
                district = self._abbreviated_district(text, tokens, i)
                if district is not None:
                    raws.append(district)
                    i = district.last
                    continue
            # A word that is no name and starts none (most words) needs no n-gram.
            if (
                norm in spans
                or norm in forms
                or ("є" in norm and len(norm) > 5)
                or (capital and villages and (
                    norm in hyphen_heads or store.starts_phrase(norm) or store.lookup(norm)
                ))
            ):
                longest = spans.get(norm, 1)
                if capital and villages:
                    longest = max(longest, _MAX_VILLAGE_SPAN)
                span = min(longest, n - i)
                # Most words start no name of several words: their longer n-grams need no look-up.
                if span > 1 and not (
                    norm in spans
                    or norm in hyphen_heads
                    or (capital and villages and store.starts_phrase(norm))
                ):
                    span = 1
                for k in range(span, 0, -1):
                    if k == 1:
                        key = norm
                        codes = forms.get(norm)
                        if codes is None and "є" in norm and len(norm) > 5:
                            codes = self._alternated(norm)
                    else:
                        if not _joined(text, tokens, i, k):
                            continue
                        key = " ".join(t.norm for t in tokens[i:i + k])
                        # "Приморско Ахтарск", "Славянск на Кубани": a hyphenated name with blanks
                        codes = forms.get(key) or forms.get(key.replace(" ", "-"))
                    listed = bool(raws) and _listed_after(text, tokens, raws[-1].last, i)
                    candidates = self._admit(text, tokens, i, k, codes, listed) if codes else []
                    found_villages = (
                        self._villages.lookup(key)
                        if capital and villages and k <= _MAX_VILLAGE_SPAN
                        and not any(self._places[c.index].kind == "region" for c in candidates)
                        else ()
                    )
                    near = (self._near(text, tokens, i + k)
                            if candidates or found_villages else None)
                    if found_villages:
                        candidates += self._admit_villages(text, tokens, i, k, key, near, listed)
                    if candidates and k > 1 and any(
                        c.index in self._city_parts for c in candidates
                    ):
                        candidates += self._town_districts(text, tokens, i, k, candidates)
                    if candidates:
                        raw = _Raw(i, i + k, candidates)
                        if near is not None:
                            raw.near_stems, raw.near_regions, raw.near_text = near
                        raws.append(raw)
                        i += k
                        found = True
                        break
            if not found and i + 1 < n and (
                norms[i + 1].startswith(_DISTRICT_NOUNS)
                or _abbreviated_noun(text, tokens, i + 1) is not None
                or (norms[i + 1].startswith(_DISTRICT_QUALIFIERS) and i + 2 < n
                    and norms[i + 2].startswith(("громад", "округ")))
                or (norms[i + 1] in _AND and i + 3 < n
                    and (norms[i + 3].startswith(_DISTRICT_NOUNS)
                         or _abbreviated_noun(text, tokens, i + 3) is not None))
                or (capital and _shared_noun(text, tokens, i) is not None)
            ):
                derived = self._derived_district(text, tokens, i)
                guessed = derived is not None and self._guessed(derived, tokens[i].norm)
                if derived is None or guessed:
                    village = self._village_district(text, tokens, i)
                    if village is None and guessed and derived.derived.endswith("громада"):
                        # «Калинівська громада» is in four oblasts the villages file names,
                        # none of them that of a town «Калинівський»: no town's, not the
                        # guess (its stem still tells where the post's villages are)
                        derived.candidates = []
                    derived = village or derived
                if derived:
                    self._district_evidence(derived, tokens[i].norm)
                    raws.append(derived)
                    i = derived.last
                    continue
            if not found and i and (norms[i - 1] in _UNKNOWN_SETTLEMENT_WORDS
                                    or norms[i - 1] == "of"):
                unknown = self._unknown_settlement(text, tokens, i)
                if unknown:
                    near = self._near(text, tokens, unknown.last)
                    if near is not None:
                        unknown.near_stems, unknown.near_regions, unknown.near_text = near
                    raws.append(unknown)
                    i = unknown.last
                else:
                    i += 1
            elif not found:
                i += 1
        return raws

    def _busy(self, tokens: list[Token], norms: list[str]) -> list[int]:
        """For each token, whether _scan has anything to try there: a name or a shorthand
        word, a capital letter, a district noun or "and" after it, a settlement word before
        it. The rest (most words) are passed over with one look-up per distinct word."""
        if not norms:
            return []
        kinds = self._kinds
        marks = list(map(kinds.get, norms))
        if None in marks:
            for j, mark in enumerate(marks):
                if mark is None:
                    marks[j] = self._kind(norms[j])
        after = [*marks[1:], 0]
        before = [0, *marks[:-1]]
        capitals = [t.text[:1].isupper() for t in tokens]
        return [
            mark & _TRY
            or (not mark & _SKIP and (capital or nxt & _MARKS_NEXT or prv & _MARKS_PREV))
            for mark, capital, nxt, prv in zip(marks, capitals, after, before, strict=True)
        ]

    def _kind(self, norm: str) -> int:
        """What a word may be to _scan (the _TRY, _SKIP, _MARKS_* bits), kept per word."""
        fixed = norm in self._fixed_first or norm.startswith(self._sea_first)
        short = len(norm) < 3 and norm not in self._span
        kind = 0
        if fixed or (not short and (norm in self._span or norm in self._forms
                                    or ("є" in norm and len(norm) > 5))):
            kind |= _TRY
        elif short:
            kind |= _SKIP
        if (norm in _ABBREVIATION_STARTS or norm in _AND or norm.startswith(_DISTRICT_NOUNS)
                or norm.startswith(_DISTRICT_QUALIFIERS)):
            kind |= _MARKS_NEXT
        if norm in _UNKNOWN_SETTLEMENT_WORDS or norm == "of":
            kind |= _MARKS_PREV
        if len(self._kinds) < _KINDS_SIZE:
            self._kinds[norm] = kind
        return kind

    def _fixed(self, text: str, tokens: list[Token], i: int,
               qualifier: bool = False) -> _Raw | None:
        """A group of regions by its channel name ("ЛДНР", "Приазовье"), a sea area, or a
        district by the channels' short form that names it alone ("Бгд", "Шбк") where it
        qualifies no name before it (``qualifier``)."""
        norm = tokens[i].norm
        if norm not in self._fixed_first and not norm.startswith(self._sea_first):
            return None
        extra = self._extra
        n = len(tokens)
        for k in range(min(extra.span + 1, n - i), 0, -1):
            if k > 1 and not _joined(text, tokens, i, k):
                continue
            words = [t.norm for t in tokens[i:i + k]]
            key = " ".join(words)
            residents = extra.residents.get(key) if k == 1 else None
            if residents is not None:
                # «Уважаемые орчане!»: the post speaks to the people of Орск.
                return _Raw(i, i + 1, [], fixed=(self._residents_place(residents),))
            airport = extra.airports.get(key)
            if airport is not None and tokens[i].text[:1].isupper() and (
                airport.always or _about_flights(tokens)
            ):
                # «Пулково — временные ограничения»: the airport, not a namesake village;
                # «Сызранский НПЗ» (kind "site"): the refinery, in its town.
                place = Place(name=airport.name, region=airport.region, lat=airport.lat,
                              lon=airport.lon, kind=airport.kind)
                return _Raw(i, i + k, [], fixed=(place,))
            district = extra.districts.get(key)
            if (district is not None and district.alone and not qualifier
                    and key not in self._forms):
                # «Толоконное Бгд / Внимание БПЛА»: the village is one no file has, its
                # district is where the alert is.
                return _Raw(i, i + k, [], fixed=(self._district_place(district),))
            entry = extra.regions.get(key)
            if entry is not None and tokens[i].text[:1].isupper() and key not in self._forms:
                surface = text[tokens[i].start:tokens[i + k - 1].end]
                places = tuple(Place(name=surface, region=code, kind="region")
                               for code in entry.regions)
                return _Raw(i, i + k, [], fixed=places)
            sea = self._sea(words)
            # «Каспийск» is the town, not a case form of «Каспий».
            if sea is not None and (k > 1 or words[0] not in self._forms):
                return _Raw(i, i + k, [], fixed=(Place(name=sea, region="", kind="sea"),))
        return None

    def _district_place(self, district: Shorthand) -> Place:
        """The district a short form stands for: the gazetteer's own (with its point) where
        it has one of that name in the region, else the name alone."""
        for code in self._forms.get(key_of(district.name), ()):
            place = self._places[code // _FLAG_BITS]
            if place.kind == "district" and place.region in district.regions:
                return place
        return Place(name=district.name, region=district.regions[0], kind="district")

    def _residents_place(self, residents: Residents) -> Place:
        """The town (or region) of bot/data/residents.txt as the gazetteer has it."""
        place = self._resident_places.get(residents)
        if place is None:
            place = self.region_place(residents.region) or Place(
                name=residents.region, region=residents.region, kind="region")
            wanted = residents.town.replace("ё", "е")
            for code in self._forms.get(_name_key(residents.town), ()) if wanted else ():
                candidate = self._places[code // _FLAG_BITS]
                if (candidate.name.replace("ё", "е") == wanted
                        and candidate.region == residents.region):
                    place = candidate
                    break
            self._resident_places[residents] = place
        return place

    def _heading(self, text: str, tokens: list[Token], raw: _Raw) -> bool:
        """Whether the name is written after a course («курсом на», «в сторону»:
        place_roles.txt's `destination` phrases) within its clause."""
        words: list[str] = []
        for j in range(raw.first - 1, max(-1, raw.first - 4), -1):
            if _CLAUSE_BREAK.search(text, tokens[j].end, tokens[j + 1].start):
                break
            words.insert(0, tokens[j].norm)
        return bool(words) and self._extra.role_before("destination", words) not in (None, "на")

    def _origin(self, text: str, tokens: list[Token], raw: _Raw) -> bool:
        """Whether a region is written after an origin phrase («з», «із», «со стороны»:
        place_roles.txt's `origin` and `origin-region` phrases) within its clause."""
        words: list[str] = []
        for j in range(raw.first - 1, max(-1, raw.first - 4), -1):
            if _CLAUSE_BREAK.search(text, tokens[j].end, tokens[j + 1].start):
                break
            words.insert(0, tokens[j].norm)
        return bool(words) and (self._extra.role_before("origin", words) is not None
                                or self._extra.role_before("origin-region", words) is not None)

    def _sea(self, words: list[str]) -> str | None:
        for key, entry in self._extra.seas.items():
            parts = key.split(" ")
            if len(parts) == len(words) and all(
                # a case form of the sea's word, not a longer word («Каспийск» the town)
                w == p or (len(p) >= 4 and w.startswith(p[:max(3, len(p) - 2)])
                           and len(w) <= len(p) + 2)
                for w, p in zip(words, parts, strict=True)
            ):
                return entry.name
        return None

    def _near(
        self, text: str, tokens: list[Token], j: int
    ) -> tuple[frozenset[str], frozenset[str], str] | None:
        """A district or region written right after a name: "Никольское Бгд", "Дмитриевка,
        Шебекинский округ", "Михайлівка (Сумська обл.)", "Красное — Погарский р-н"."""
        n = len(tokens)
        if j >= n or j == 0:
            return None
        gap = text[tokens[j - 1].end:tokens[j].start]
        if len(gap) > 4 or gap.strip(" ,(-–—/\u00a0"):
            return None
        extra = self._extra
        word = tokens[j]
        capital = word.text[:1].isupper()
        lower_alone = not capital and word.norm in self._alone_first
        for k in range(min(extra.span, n - j)
                       if (capital or lower_alone) and word.norm in self._near_first else 0,
                       0, -1):
            if k > 1 and not _joined(text, tokens, j, k):
                continue
            key = " ".join(t.norm for t in tokens[j:j + k])
            entry = extra.districts.get(key) or extra.regions.get(key)
            if entry is not None and (capital or entry.alone):
                stems = frozenset({f"r:{entry.stem}"} if entry.stem else ())
                return stems, frozenset(entry.regions), text[tokens[j].start:tokens[j + k - 1].end]
        if j + 1 < n and capital and (
            tokens[j + 1].norm.startswith(_DISTRICT_NOUNS)
            or _abbreviated_noun(text, tokens, j + 1) is not None
        ):
            stem = self._adjective_stem(word.norm)
            if stem != word.norm and len(stem) >= 4:
                regions = set(self._villages.district_regions(stem)) if self._villages else set()
                if not regions:
                    base = stem.removesuffix("ськ").removesuffix("ск").removesuffix("ь")
                    regions = {self._places[ix].region for ix in self._stems.get(base, ())}
                if regions:
                    surface = text[word.start:tokens[j + 1].end]
                    noun = tokens[j + 1].norm
                    kind = "h" if noun.startswith("громад") or noun in ("тг", "отг") else "r"
                    return frozenset({f"{kind}:{stem}"}), frozenset(regions), surface
        for k in (2, 1):
            if j + k > n or (k == 2 and not _joined(text, tokens, j, 2)):
                continue
            follows = j + k < n and tokens[j + k].norm.startswith(("обл", "област", "oblast"))
            if k == 1 and not follows:
                continue  # one word names its region only before «обл.»
            codes = self._forms.get(" ".join(t.norm for t in tokens[j:j + k]))
            regions = {self._places[c // _FLAG_BITS].region for c in codes or ()
                       if self._places[c // _FLAG_BITS].kind == "region"}
            if len(regions) == 1:
                last = j + k + (1 if follows else 0) - 1
                return frozenset(), frozenset(regions), text[tokens[j].start:tokens[last].end]
        return None

    def _admit_villages(
        self, text: str, tokens: list[Token], i: int, k: int, key: str,
        near: tuple[frozenset[str], frozenset[str], str] | None, listed: bool = False,
    ) -> list[_Candidate]:
        """Villages named ``key``: only with a capital letter, and with context. ``listed``:
        the name follows another place name after a comma or «и» («Бахчисарай, Мазанка,
        Октябрьское»): a village named like an everyday word is then one, but only where
        another place of the post surely is (it is kept as unsure)."""
        assert self._villages is not None
        if k > 1 and not all(t.text[:1].isupper() for t in tokens[i:i + k]):
            return []
        found = self._villages.lookup(key)
        if not found:
            return []
        prev = _previous_word(text, tokens, i)
        if _slogan(tokens, i, k, prev):
            return []
        if prev in _STREET_WORDS or self._is_club(text, tokens, i, k, prev):
            return []
        nxt = tokens[i + k].norm if i + k < len(tokens) else ""
        if _names_a_part(tokens[i + k - 1].norm, nxt) and _joined(text, tokens, i + k - 1, 2):
            return []  # "Никольское шоссе", "Кировский район" of a city
        written = (prev in _SETTLEMENT_WORDS or near is not None
                   or _in_village_list(text, tokens, i))
        alert_line = not written and _starts_alert_line(text, tokens, i, k)
        # «Банищи. Ночью ...»: a heading of its own names a village, not an everyday word
        headed = not written and not alert_line and _heads_line(text, tokens, i, k)
        short = (not written and not alert_line and not headed
                 and _opens_short_line(text, tokens, i, k))
        heading = headed or short
        alert_line = alert_line or heading
        local = 0
        governed = prev in _PREPOSITIONS and prev not in _DATIVE_PREPOSITIONS
        # «по Стеклянной Радице»: a name of several words is a person's only when each word
        # may be one («по Марии Ивановой»), not an adjective a surname may be and a noun
        if not written and all(
            _personal_name(t.text, governed=governed) for t in tokens[i:i + k]
        ) and not (
            # "Журавлёвка — ФПВ": the analyser only guesses a surname; an alert line opens
            # with its place (a surname the dictionary knows, "Медведев: ...", stays one)
            alert_line and not _personal_name(tokens[i].text, dictionary_only=True)
        ) and not (
            # «Шилан вновь атакована беспилотниками»: the participle after the name agrees
            # with no person it may be (the man Шилан would be «атакован»): the place
            alert_line and k == 1 and _disagrees_with_person(text, tokens, i)
        ) and not (
            # «Увага Житейське», «обстріляли Шигимажине»: after a monitor's warning or an
            # attack's word a name the analyser only guesses to be a surname is the village
            prev in _PLACE_OBJECTS and not _personal_name(tokens[i].text, dictionary_only=True)
        ):
            if not alert_line:
                return []  # "Песков", "у Петрова": a person unless the post says it is a place
            # «Муром — арта» from a Belgorod channel: its village Муром, if it has one
            local = _LOCAL
        strong = written or _hash_before(text, tokens[i].start) or alert_line
        weak = (strong or prev in _PREPOSITIONS or prev in _RESIDENT_WORDS
                or prev in _PLACE_OBJECTS)
        # "Хлопки, работает ПВО": what happened opens the line, not a village of that name.
        event_word = alert_line and k == 1 and tokens[i].norm in _ALERT_WORDS
        candidates = []
        # «Короткое опасность по БПЛА», «Пески ФПВ»: a village named like a noun or an adjective
        # opens an alert line of its own (not «Тихо. Отбой», «Громко опасность», «Атака БПЛА»)
        named_line = short and k == 1 and _names_not_reports(tokens[i].norm)
        for village in found:
            if village.common and ((heading and not named_line) or not (strong or listed) or (
                event_word and not _hash_before(text, tokens[i].start)
            )):
                continue
            if alert_line and not _nominative_of(key, _name_key(village.name)):
                continue  # an alert line names its place in the nominative
            flags = _VILLAGE | _HOMONYM | (_ALIAS if village.alias else 0) | local
            if written or alert_line:
                flags |= _MARKED
            if not weak:
                flags |= _UNSURE
            candidates.append(_Candidate(self._village_place(village), flags))
        return candidates

    def _village_place(self, village: Village) -> int:
        index = self._village_index.get(village.id)
        if index is None:
            index = len(self._places)
            self._places.append(Place(name=village.name, region=village.region,
                                      lat=village.lat, lon=village.lon, kind="settlement"))
            self._population.append(0)
            self._village_index[village.id] = index
            self._stems_of[index] = village.district_stems
            self._district_of[index] = village.district
        return index

    def _town_districts(
        self, text: str, tokens: list[Token], i: int, k: int, found: list[_Candidate]
    ) -> list[_Candidate]:
        """ "Выборгский район", "Кировский район", "Ленинский округ" is a city's part (St
        Petersburg's) and also the district of a town elsewhere (Выборг, Кировск of Leningrad
        oblast; Ленинск): the towns' districts, in the regions the city parts are not in."""
        derived = self._derived_district(text, tokens, i)
        if derived is None or derived.last != i + k:
            return []
        regions = {self._places[c.index].region for c in found}
        extra = []
        for candidate in derived.candidates:
            town = self._places[candidate.index]
            if town.region in regions or town.kind != "settlement":
                continue
            regions.add(town.region)
            key = (candidate.index, derived.derived)
            index = self._town_district_index.get(key)
            if index is None:
                index = len(self._places)
                self._places.append(Place(name=derived.derived, region=town.region,
                                          lat=town.lat, lon=town.lon, kind="district"))
                self._population.append(0)
                self._town_district_index[key] = index
            extra.append(_Candidate(index, 0))
        return extra

    def _alternated(self, norm: str) -> list[int] | None:
        """A Ukrainian oblique form whose ї turned into є ("Миколаєві", "Миколаєва" of
        Миколаїв), when the data lacks it: the nominative stem, with the ending taken off."""
        at = norm.rfind("є")
        base = norm[:at] + "ї" + norm[at + 1 :]
        for ending in _UK_OBLIQUE_ENDINGS:
            if base.endswith(ending):
                codes = self._forms.get(base[: len(base) - len(ending)])
                if codes is not None:
                    return codes
        return None

    def _admit(
        self, text: str, tokens: list[Token], i: int, k: int, codes: list[int],
        listed: bool = False,
    ) -> list[_Candidate]:
        """The candidates of an n-gram that the context allows. ``listed``: the name follows
        another place name after a comma or «и» («Старый Оскол, Губкин»): a town named like a
        surname is then one where that place is (kept as unsure)."""
        first = tokens[i]
        prev = _previous_word(text, tokens, i)
        if (prev in _STREET_WORDS or _quoted_after_street(text, tokens, i)
                or _in_list(text, tokens, i, _STATION_LISTS)):
            return []
        if self._is_club(text, tokens, i, k, prev):
            return []
        if _slogan(tokens, i, k, prev):
            return []  # "Разом до Перемоги!": the slogan, not the village
        if prev == "на" and k == 1 and _personal_name(first.text) and _street_name(first.text):
            return []  # "на Щорса", "на Гагарина": a street named after a person
        if k == 1 and first.norm in _OFFICIAL_SURNAMES and _an_official(text, tokens, i):
            return []  # "Глава Чувашии Олег Николаев сообщил": the person, not Mykolaiv
        if k == 1 and first.norm in _FIRST_NAMES and _first_name_of(text, tokens, i, prev):
            return []  # "Президент Владимир Путин": the person, not the city
        capital = first.text[:1].isupper()
        # «ростов: опасность», «курчатов опасность бпла»: a chat's line in lower case
        lower_alert_line = not capital and (_starts_alert_line(text, tokens, i, k, lower=True)
                                            or _opens_short_line(text, tokens, i, k))
        after_settlement_word = prev in _SETTLEMENT_WORDS or _in_village_list(text, tokens, i)
        nxt = tokens[i + k].norm if i + k < len(tokens) else ""
        # "на Тверской", "на Киевской горит": a street named after a region, not the region
        street_like = (prev == "на" and k == 1 and _FEMININE_LOCATIVE.search(first.norm)
                       and not nxt.startswith(_REGION_NOUNS))
        # «Степногірськ, Приморське, Київське»: a region's adjective in the neuter names no
        # region (no region's noun is neuter) unless its noun follows («Київське
        # водосховище», «киевское небо»): alone it is a village named like it
        neuter_alone = (k == 1 and first.norm.endswith("е") and not (
            nxt[:1].isalpha() and not tokens[i + 1].text[:1].isupper()
            and _joined(text, tokens, i, 2)))
        # "Каширское шоссе", "Слободской район" of a city: a street or a part of a city
        named_part = (_names_a_part(tokens[i + k - 1].norm, nxt)
                      and _joined(text, tokens, i + k - 1, 2))
        if not named_part and nxt.startswith(_HROMADA_QUALIFIERS):
            # "Миколаївська сільська громада" of Sumy oblast, not Mykolaiv oblast
            named_part = _joined(text, tokens, i + k - 1, 2)
        if not named_part and k == 1 and _listed_district(text, tokens, i):
            # «над территориями Козельского, Мосальского и Ульяновского муниципальных
            # округов»: an item of a list of districts names a district, not Ulyanovsk oblast
            named_part = True
        if (not named_part and nxt in _AND and i + k + 2 < len(tokens)
                and _ADJECTIVE_TAIL.search(tokens[i + k - 1].norm)):
            # "в Дніпровському та Шевченківському районах": both adjectives name the parts
            named_part = (tokens[i + k + 2].norm.startswith(_NOT_AFTER_NAME)
                          and _ADJECTIVE_TAIL.search(tokens[i + k + 1].norm) is not None)
        candidates: list[_Candidate] = []
        for code in codes:
            index, flags = divmod(code, _FLAG_BITS)
            kind = self._places[index].kind
            if named_part and kind != "district" and (kind != "region" or flags):
                continue
            if not capital and index in self._city_parts:
                continue  # "в центральном районе города": a description, not a city's part
            if (street_like or neuter_alone) and kind == "region" and flags & _ADJECTIVE_ONLY:
                continue
            if kind == "settlement":
                if (lower_alert_line and k == 1 and flags & _HOMONYM
                        and _no_everyday_nominative(first.text)):
                    # «ростов: опасность», «измаил — шахеды», «глухов — обстрел»: a word the
                    # dictionaries know only as a person's name or in an oblique case (рост,
                    # Измаил) opening a lower-case alert line is its town («орёл: громко»,
                    # «мирный: взрывы» stay words)
                    flags &= ~(_HOMONYM | _PERSON)
                if not capital and self._population[index] < _BIG_CITY and not (
                    # «ростов: опасность», «измаил — шахеды»: a chat's line in lower case
                    # opens with its town, one that is no everyday word («орёл: громко»)
                    lower_alert_line and not flags & _HOMONYM
                ):
                    continue
                if flags & _PERSON and k == 1 and _oblique_name_only(first.text):
                    # «Алешки под обстрелом»: a first name's form only in an oblique case or
                    # the plural («Алёшки», «Алёшек»), never a person's nominative nor an
                    # everyday word, names the place
                    flags &= ~(_HOMONYM | _PERSON)
                if flags & _HOMONYM:
                    if not capital:
                        continue
                    if not (after_settlement_word or prev in _PREPOSITIONS
                            or prev in _RESIDENT_WORDS or prev in _PLACE_OBJECTS
                            or prev in _AREA_WORDS
                            or _hash_before(text, first.start)
                            or self._alert_line_name(text, tokens, i, k, index, flags)
                            or self._big_city_mid_sentence(text, first.start, index, flags)):
                        if flags & _PERSON and not listed:
                            continue
                        flags |= _UNSURE  # kept only if the post names its region
            elif flags & _ADJECTIVE_ONLY and after_settlement_word:
                continue
            candidates.append(_Candidate(index, flags))
        settlements = [c for c in candidates if self._places[c.index].kind == "settlement"]
        if after_settlement_word:
            return settlements or candidates
        if any(c.flags & _ADJECTIVE_ONLY for c in candidates) and any(
            not _ADJECTIVAL_NAME.search(self._places[c.index].name) for c in settlements
        ):
            # "под Курском" is the city; "над Курской" the region, not the stanitsa Курская
            return [c for c in candidates if not c.flags & _ADJECTIVE_ONLY]
        return candidates

    def _big_city_mid_sentence(self, text: str, start: int, index: int, flags: int) -> bool:
        """ "обстріляли Суми": a capitalised big city inside a sentence is the city."""
        return (
            not flags & _PERSON
            and self._population[index] >= _DOMINANT_CITY
            and not _sentence_initial(text, start)
        )

    def _alert_line_name(
        self, text: str, tokens: list[Token], i: int, k: int, index: int, flags: int
    ) -> bool:
        """The name opens an alert line; a surname-like one only in its own (nominative) form:
        "Курчатов: ракетная опасность" but not "Песков: Кремль не ..."."""
        written = " ".join(t.norm for t in tokens[i:i + k])
        if not _starts_alert_line(text, tokens, i, k):
            if not flags & _PERSON:
                return _heads_line(text, tokens, i, k) or _opens_short_line(text, tokens, i, k)
            # «Курчатов опасность по БПЛА», «Суворов ракетная опасность»: a surname is followed
            # by what the person did, not by an alert with no verb
            if not _opens_short_line(text, tokens, i, k, verbless=True):
                return False
        elif not flags & _PERSON:
            return True
        # A Ukrainian place in its Russian nominative: "Феодосия: ...", "Алешки — обстрел",
        # "Глухов — обстрел".
        return (_nominative_of(written, _name_key(self._places[index].name))
                or index in self._nominatives.get(written, ()))

    def _is_club(self, text: str, tokens: list[Token], i: int, k: int, prev: str) -> bool:
        if prev in _CLUB_PREFIXES:
            return True
        end = tokens[i + k - 1].end
        nxt = tokens[i + k].norm if i + k < len(tokens) else ""
        if nxt in _CLUB_PREFIXES and not _gap(text, end, tokens[i + k].start).strip():
            return True
        quoted = (
            tokens[i].start > 0
            and text[tokens[i].start - 1] in _OPEN_QUOTES
            and end < len(text)
            and text[end] in _CLOSE_QUOTES
        )
        if not quoted:
            return False
        window = tokens[max(0, i - 12): i + k + 12]
        if any(t.norm in _SPORT_WORDS for t in window):
            return True
        # «Подлодка «Краснодар» вышла в море»: a ship named after the town.
        return any(t.norm in _SHIP_WORDS for t in tokens[max(0, i - 3): i + k + 3])

    def _abbreviated_district(self, text: str, tokens: list[Token], i: int) -> _Raw | None:
        """ "Суземского р-на", "Курский р-н": a district the gazetteer knows by its full noun,
        written with an abbreviated one. Every case form of the noun is tried (an abbreviation
        is not declined: "в Ступинском г.о.")."""
        abbreviated = _abbreviated_noun(text, tokens, i + 1)
        if abbreviated is None or not _joined(text, tokens, i, 2):
            return None
        noun, size = abbreviated
        for form in self._noun_forms().get(noun, ()):
            codes = self._forms.get(f"{tokens[i].norm} {form}")
            if not codes:
                continue
            districts = [c for c in self._admit(text, tokens, i, 1 + size, codes)
                         if self._places[c.index].kind == "district"]
            if districts:
                return _Raw(i, i + 1 + size, districts)
        return None

    @functools.cache  # noqa: B019 - one gazetteer a process, kept for its life
    def _noun_forms(self) -> dict[str, tuple[str, ...]]:
        """The case forms of район, округ and громада in the names of the gazetteer's
        districts ("района", "районе", "громаді"), by the noun."""
        stems = {noun: noun.removesuffix("а") for noun in set(_DISTRICT_ABBREVIATIONS.values())}
        forms: dict[str, set[str]] = {noun: set() for noun in stems}
        for key, codes in self._forms.items():
            last = key.rpartition(" ")[2]
            if last == key:
                continue
            for noun, stem in stems.items():
                if last.startswith(stem) and len(last) <= len(stem) + 3 and any(
                    self._places[c // _FLAG_BITS].kind == "district" for c in codes
                ):
                    forms[noun].add(last)
        return {noun: tuple(sorted(found)) for noun, found in forms.items()}

    def _derived_district(self, text: str, tokens: list[Token], i: int) -> _Raw | None:
        """"Кстовском округе", "Золочівська громада": a district named after its town."""
        word = tokens[i]
        match = _ADJECTIVE_TAIL.search(word.norm)
        if not word.text[:1].isupper() or match is None:
            return None
        coordinated = tokens[i + 1].norm in _AND  # "Лискинским и Острогожским районами"
        # «Нікопольська, Марганецька, Покровська громади»: an item of a list sharing its noun
        shared = None if coordinated or _joined(text, tokens, i, 2) else _shared_noun(
            text, tokens, i)
        if not coordinated and shared is None and not _joined(text, tokens, i, 2):
            return None
        base = word.norm[: match.start()].removesuffix("ь")  # Краснопільська → краснопіл
        indices: list[int] = []
        stems = [base, base + "ск", base + "ськ"]
        if match.group().startswith("ц"):  # Кременчуцький ← Кременчук, Бахмацький ← Бахмач
            # and Малоярославецкий ← Малоярославец, Елецкий ← Елец
            stems += [base + "к", base + "ч", base + "ц"]
        for stem in stems:
            indices.extend(self._stems.get(stem, ()))
        if not indices and len(base) > 5:
            indices.extend(self._stems.get(base[:-2], ()))
        if not indices:
            return None
        if shared is not None:
            return self._derived_raw(i, i + 1, word, match, tokens[shared].norm, indices)
        last = i + 1 if coordinated else i + 2
        noun = tokens[i + 3].norm if coordinated else tokens[i + 1].norm
        qualified = 0  # "Малоярославецкого и Боровского муниципальных округов"
        if (
            coordinated
            and noun.startswith(_DISTRICT_QUALIFIERS)
            and i + 4 < len(tokens)
            and tokens[i + 4].norm.startswith(("округ", "район", "громад"))
        ):
            noun, qualified = tokens[i + 4].norm, 1
        # "в Погарском р-не", "Ступинский г.о.": the noun the abbreviation stands for
        abbreviated = _abbreviated_noun(text, tokens, i + 3 if coordinated else i + 1)
        if abbreviated is not None:
            noun, size = abbreviated
            if not coordinated:
                last = i + 1 + size
        elif not coordinated and noun.startswith(_DISTRICT_QUALIFIERS):
            if last >= len(tokens) or not tokens[last].norm.startswith(("округ", "громад")):
                return None
            noun = tokens[last].norm
            last += 1
        after = i + 4 + qualified if coordinated else last
        if after < len(tokens) and tokens[after].norm in _OF_THE_CITY:
            return None  # "у Шевченківському районі міста": a part of a city, not a raion
        return self._derived_raw(i, last, word, match, noun, indices)

    def _derived_raw(self, i: int, last: int, word: Token, match: re.Match[str], noun: str,
                     indices: list[int]) -> _Raw:
        if noun.startswith("громад") or noun in ("тг", "отг"):
            # a hromada is Ukraine's: «Березівська громада» is named after no Samara village
            # (with no Ukrainian town left it names none, but the villages file's hromadas of
            # that stem still tell where the post's villages are)
            indices = [ix for ix in indices if self._places[ix].region.startswith("UA-")]
        name = self._district_name(word, match, noun)
        return _Raw(i, last, [_Candidate(ix, 0) for ix in dict.fromkeys(indices)], name)

    @staticmethod
    def _district_name(word: Token, match: re.Match[str], noun: str) -> str:
        """«Кстовский округ», «Золочівська громада»: a derived district's name."""
        ukrainian = bool(re.search("[іїєґ]", word.norm)) or noun.startswith("громад")
        adjective = word.text[: match.start()] + ("ськ" if ukrainian else "ск")
        if noun.startswith("громад"):
            return adjective + "а громада"
        return adjective + "ий " + ("округ" if noun.startswith("округ") else "район")

    def _district_stem(self, index: int) -> str:
        """A district place's stem as the villages file keys its villages' districts
        ("Шебекинский муниципальный округ" → "r:шебекинск", "Хотінська громада" → "h:хотінськ")."""
        words = self._places[index].name.lower().replace("ё", "е").split()
        kind = "h" if words[-1].startswith("громад") else "r"
        return f"{kind}:{_DISTRICT_ENDING.sub('', words[0])}"

    def _guessed(self, derived: _Raw, word: str) -> bool:
        """Whether a district named after a town («Звенигородського району» after Moscow
        oblast's Звенигород) is only a guess: the villages file knows a district of that
        stem, and in none of those towns' regions (Cherkasy oblast's raion, named after
        Звенигородка)."""
        if self._villages is None:
            return False
        regions = self._villages.district_regions(self._adjective_stem(word))
        return bool(regions) and not regions & {
            self._places[c.index].region for c in derived.candidates
        }

    def _adjective_stem(self, norm: str) -> str:
        """A district adjective's stem, as the villages file spells it: «Выгонический» as
        channels write it is «выгоничск» (place_shorthand.txt's `spelling` lines)."""
        stem = _DISTRICT_ENDING.sub("", norm)
        return self._extra.spellings.get(stem, stem)

    def _village_district(self, text: str, tokens: list[Token], i: int) -> _Raw | None:
        """A district or hromada the villages file knows but the core does not
        ("Хотінська громада"): a district place when its region is certain."""
        if self._villages is None or not tokens[i].text[:1].isupper():
            return None
        shared = None if _joined(text, tokens, i, 2) else _shared_noun(text, tokens, i)
        if shared is None and not _joined(text, tokens, i, 2):
            return None
        stem = self._adjective_stem(tokens[i].norm)
        last = i + 2
        noun = tokens[i + 1].norm
        if shared is not None:
            noun, last = tokens[shared].norm, i + 1
        elif (i + 2 < len(tokens) and noun.startswith(_DISTRICT_QUALIFIERS)
                and tokens[i + 2].norm.startswith(_DISTRICT_NOUNS)
                and _joined(text, tokens, i, 3)):
            # the alert channel's «Кам'янець-Подільська територіальна громада»
            noun, last = tokens[i + 2].norm, i + 3
        if (noun in _AND and i + 3 < len(tokens) and _joined(text, tokens, i + 1, 3)
                and _DISTRICT_ENDING.search(tokens[i + 2].norm)):
            # «В Бутурлиновском и Россошанском районах»: the first of a pair shares the noun
            # (not a city's: «у Дніпровському та Шевченківському районах міста»)
            if i + 4 < len(tokens) and tokens[i + 4].norm in _OF_THE_CITY:
                return None
            noun, last = tokens[i + 3].norm, i + 1
        if not noun.startswith(_DISTRICT_NOUNS):
            return None
        # «Зеленодольский район» is Tatarstan's raion, not Dnipropetrovsk oblast's
        # Зеленодольська громада: a raion's or okrug's noun reads raions, «громада» hromadas
        kind = "hromada" if noun.startswith("громад") else "raion"
        regions = (self._villages.district_regions(stem, kind)
                   or self._villages.district_regions(stem))
        if len(regions) != 1:
            return None
        region = next(iter(regions))
        surface = text[tokens[i].start:tokens[last - 1].end]
        return _Raw(i, last, [], derived=surface,
                    fixed=(Place(name=surface, region=region, kind="district"),))

    def _district_evidence(self, raw: _Raw, word: str) -> None:
        """What a district mention tells about the other names of the post: its stem and
        region(s) ("Лебединська громада: обстріл с. Василівка")."""
        if self._villages is None:
            return
        stem = self._adjective_stem(word)
        noun = raw.derived.split()[-1].lower() if raw.derived else ""
        kind = "h" if noun.startswith("громад") else "r"
        # the districts of the noun's kind: «Дергачівська громада» is Kharkiv oblast's, not
        # Saratov oblast's Дергачевский район
        regions = (self._villages.district_regions(stem, "hromada" if kind == "h" else "raion")
                   or self._villages.district_regions(stem))
        if regions:
            # «в Мичуринском округе»: of the towns the adjective could come from (Мичуринск,
            # Tambov oblast; Мичуринское, Leningrad oblast) only those in a region that has
            # a district of that stem can have given it its name.
            kept = [c for c in raw.candidates if self._places[c.index].region in regions]
            if kept and len(kept) < len(raw.candidates):
                raw.candidates = kept
            raw.near_stems = frozenset({f"{kind}:{stem}"})
            raw.near_regions = frozenset(regions)

    def _unknown_settlement(self, text: str, tokens: list[Token], i: int) -> _Raw | None:
        """"село Х" with an X the gazetteer does not know: a place without coordinates."""
        if i == 0:
            return None
        prev = _previous_word(text, tokens, i)
        if prev == "of" and i >= 2:  # "village of X"
            prev = _previous_word(text, tokens, i - 1)
        if prev not in _UNKNOWN_SETTLEMENT_WORDS:
            return None
        word = tokens[i]
        if not word.text[:1].isupper() or len(word.norm) < 3 or word.norm.isdigit():
            return None
        # «Бессоновка Бел р-н над селом ФПВ»: what flies over the village, not its name.
        if _means_something(word.text.lower()):
            return None
        last = i + 1
        # "село Новая Таволжанка": take a second capitalised word joined by a blank, but not
        # the district after the name («поселка Запесочье Погарского района»)
        if (last < len(tokens) and tokens[last].text[:1].isupper()
                and text[word.end:tokens[last].start] == " "
                and tokens[last].norm not in self._forms
                and not (last + 1 < len(tokens) and (
                    tokens[last + 1].norm.startswith(_DISTRICT_NOUNS)
                    or _abbreviated_noun(text, tokens, last + 1) is not None))):
            last += 1
        return _Raw(i, last, [])

    def _without_speakers(
        self, text: str, tokens: list[Token], raws: list[_Raw], homes: list[str]
    ) -> list[_Raw]:
        """The names less an official's surname that opens a line as its speaker: «Николаев:
        атака беспилотников на Чебоксары» is Chuvashia's head, since the post's other places
        are all elsewhere, and so is «Николаев: есть пострадавшие» from a channel at home in
        Chuvashia (`official_regions`); «Николаев: взрывы», «Николаев: прилёт в Корабельном
        районе» stay the town (an alert line's place heading)."""
        speakers = [
            raw for raw in raws
            if raw.last - raw.first == 1 and raw.candidates and not raw.derived
            and tokens[raw.first].norm in _OFFICIAL_SURNAMES and _a_speaker(text, tokens, raw)
        ]
        if not speakers:
            return raws
        places = self._places
        for raw in speakers:
            own = {places[c.index].region for c in raw.candidates}
            others = [
                {places[c.index].region for c in other.candidates} | {p.region for p in other.fixed}
                for other in raws if other is not raw and (other.candidates or other.fixed)
            ]
            served = _OFFICIAL_REGIONS.get(tokens[raw.first].norm)
            if (others or served in homes) and not any(regions & own for regions in others):
                raws = [other for other in raws if other is not raw]
        return raws

    def _resolve(
        self, text: str, tokens: list[Token], raws: list[_Raw], homes: list[str],
        recent: frozenset[str], explain: bool = True,
    ) -> list[PlaceMention]:
        if len(raws) == 1:
            lone = self._lone_name(text, tokens, raws[0], homes, explain)
            if lone is not None:
                return lone
        return self._resolve_all(text, tokens, raws, homes, recent, explain)

    def _lone_name(
        self, text: str, tokens: list[Token], raw: _Raw, homes: list[str], explain: bool,
    ) -> list[PlaceMention] | None:
        """What ``_resolve_all`` makes of a post's only name when it has one place and
        nothing beside it (half the resolutions or more): no district or region written next
        to it, no namesake, none of the flags, quarters, speakers, city parts or English
        region words after a capital that make it weigh other names or the channel's
        evidence. Then that place is the mention, or, for a small village far from the
        channel's one home region, the village taken there. None for any other name: the
        whole resolution reads it."""
        if (len(raw.candidates) != 1 or raw.fixed or raw.derived or raw.near_regions
                or raw.near_stems):
            return None
        candidate = raw.candidates[0]
        index = candidate.index
        place = self._places[index]
        start, end = tokens[raw.first].start, tokens[raw.last - 1].end
        if (candidate.flags & (_LOCAL | _UNSURE)
                or index in self._quarters
                or (index in self._capital_of and _ENGLISH_REGIONS_AFTER.match(text, end))
                or (raw.last - raw.first == 1 and tokens[raw.first].norm in _OFFICIAL_SURNAMES)
                or (place.kind == "district" and (
                    (raw.last < len(tokens) and tokens[raw.last].norm in _OF_THE_CITY)
                    # a district the channel's home may have one of (the villages file's)
                    or (homes and place.region not in homes)))):
            return None
        candidates = (self._describe(candidate),) if explain else ()
        evidence = "only candidate" if explain else ""
        home = homes[0] if homes else None
        if (place.kind == "settlement" and len(set(homes)) == 1 and home not in _CITY_REGIONS
                and self._population[index] < _SMALL_PLACE
                and self._all_far(raw.candidates, home)):
            place = Place(name=place.name, region=home, kind="settlement")
            evidence = "the channel's region (the name is not known there)"
        return [PlaceMention(start, end, text[start:end], place, candidates, evidence)]

    def _resolve_all(
        self, text: str, tokens: list[Token], raws: list[_Raw], homes: list[str],
        recent: frozenset[str], explain: bool = True,
    ) -> list[PlaceMention]:
        # A rule added here that can change a lone name with one place must be kept out of
        # `_lone_name` too (tests/test_detect_fast_paths.py compares the two).
        home = homes[0] if homes else None
        raws = self._without_speakers(text, tokens, raws, homes)
        if self._quarters and any(c.index in self._quarters for raw in raws
                                  for c in raw.candidates):
            raws = self._quarters_in_their_city(raws, homes, recent)
        for raw in raws:
            if (len(raw.near_regions) == 1 and raw.candidates and not raw.derived
                    and raw.last < len(tokens)
                    and not text[tokens[raw.last - 1].end:tokens[raw.last].start].strip()):
                # «в Жуковском районе Калужской области», not a list: «..., Орловская область»
                self._district_of_the_region_next_to_it(raw)
        if self._villages is not None:
            self._districts_where_the_post_is(text, tokens, raws, homes)
        for raw in raws:
            # «Архангельское», «Луганское», «Кировское»: a neuter adjective alone names a
            # village, never a region (область and край are not neuter).
            if (
                raw.last - raw.first == 1
                and len(raw.candidates) > 1
                and tokens[raw.first].norm.endswith(_NEUTER_ENDINGS)
            ):
                raw.candidates = [
                    c for c in raw.candidates if self._places[c.index].kind != "region"
                ] or raw.candidates
        # a local channel: one home region, not a federal city's (whose channels name places
        # of the region around it too)
        local_home = home if len(set(homes)) == 1 and home not in _CITY_REGIONS else None
        # a federal city's channel names the towns of the region around it as its own
        # («Велика Олександрівка — гучно», «Броварський район» from a Kyiv channel)
        around = {_AROUND_CITY[h] for h in homes if h in _AROUND_CITY}
        # «Боровая — кассеты»: artillery, FPV drones and glide bombs reach only a few dozen
        # kilometres past the front or the border
        norms = [t.norm for t in tokens]
        front_weapon = not _FRONT_WEAPONS.isdisjoint(norms) or any(
            norm.partition("-")[0] in _FRONT_WEAPONS for norm in norms if "-" in norm
        )  # «ФПВ-дрон»
        if any(c.flags & _LOCAL for raw in raws for c in raw.candidates):
            raws = self._only_local(raws, local_home, front_weapon)
        named_regions: list[str] = []
        sure_regions: set[str] = set()
        # A region named only as where the threat came from («Табун із Бєлгородщини поки в бік
        # Золочева», «з Житомирщини в бік Макарова») says nothing of where the post's other
        # names are: no evidence for them.
        origins = {id(raw) for raw in raws
                   if raw.candidates and not raw.derived
                   and all(self._places[c.index].kind == "region" for c in raw.candidates)
                   and self._origin(text, tokens, raw)}
        region_names = {  # regions named as regions (not via a district or a town)
            self._places[raw.candidates[0].index].region for raw in raws
            if raw.candidates and not raw.derived and id(raw) not in origins
            and all(self._places[c.index].kind == "region" for c in raw.candidates)
        }
        group_regions: set[str] = set()  # "ЛДНР": named together
        # districts named anywhere in the post ("Лебединська громада: обстріл с. Василівка")
        post_stems: set[str] = set()
        for raw in raws:
            if raw.derived:
                post_stems |= raw.near_stems
                if len(raw.near_regions) <= 2:
                    group_regions |= raw.near_regions
            elif raw.candidates and all(
                self._places[c.index].kind == "district" for c in raw.candidates
            ):
                # «В Шебекинском муниципальном округе ... по сёлам Муром и Середа»: a
                # district the gazetteer knows by its name says where its villages are
                post_stems |= {self._district_stem(c.index) for c in raw.candidates}
        for raw in raws:
            fixed_regions = {p.region for p in raw.fixed} - {""}
            if len(fixed_regions) == 1:
                region_names.add(raw.fixed[0].region)
                named_regions.append(raw.fixed[0].region)
            group_regions |= fixed_regions
        if any(c.flags & _UNSURE for raw in raws if not raw.derived for c in raw.candidates):
            raws = self._without_unsure(raws, region_names, set(homes))
        # "Шевченківського району міста": a part of a city the post does not name, or names
        # elsewhere; the city's district stays only where the post or the channel is
        city_parts = [
            raw for raw in raws
            if raw.candidates and not raw.derived and raw.last < len(tokens)
            and tokens[raw.last].norm in _OF_THE_CITY
            and all(self._places[c.index].kind == "district" for c in raw.candidates)
        ]
        for raw in city_parts:
            elsewhere = {self._places[c.index].region
                         for other in raws if other is not raw
                         for c in other.candidates} | {home}
            raw.candidates = [c for c in raw.candidates
                              if self._places[c.index].region in elsewhere]
        raws = [raw for raw in raws if raw.candidates or raw not in city_parts]
        sure_towns: set[str] = set()  # regions of the post's unambiguous settlements
        for raw in raws:
            if not raw.candidates or raw.derived or id(raw) in origins:
                continue
            regions = {self._places[c.index].region for c in raw.candidates}
            if len(regions) == 1:
                region = next(iter(regions))
                sure_regions.add(region)
                if self._places[raw.candidates[0].index].kind in ("region", "district"):
                    named_regions.append(region)
                else:
                    sure_towns.add(region)

        sure_around = {_AROUND_CITY[r] for r in sure_regions if r in _AROUND_CITY}
        # Where the post's names of one region surely are, worked out for the first name
        # that needs it (few do): «Каланчак, Мирное»: Kherson oblast's Мирное, 13 km from
        # Каланчак, not Crimea's bigger one.
        sure_points: list[tuple[int, float, float]] | None = None

        def near_sure(raw: _Raw, candidate: _Candidate) -> bool:
            nonlocal sure_points
            place = self._places[candidate.index]
            if place.lat is None or place.lon is None:
                return False
            if sure_points is None:
                sure_points = []
                for other in raws:
                    if other.derived or not other.candidates:
                        continue
                    sure = [c for c in other.candidates if not c.flags & _UNSURE]
                    if len({self._places[c.index].region for c in sure}) != 1:
                        continue
                    for c in sure:
                        there = self._places[c.index]
                        if (there.kind == "settlement"  # a region's centre is no neighbour
                                and there.lat is not None and there.lon is not None):
                            sure_points.append((id(other), there.lat, there.lon))
                            break
            return any(
                key != id(raw) and _km(place.lat, place.lon, lat, lon) <= _NEAR_KM
                for key, lat, lon in sure_points
            )

        # "Белополье, Краснополье — минометы": two ambiguous names whose only common region
        # is one are read in it. The names' regions as they stand here, worked out where a
        # name is first ranked among namesakes (most names have none), before any is changed.
        listed = raws
        regions_of_raw: list[frozenset[str]] | None = None

        # Worked out once per name: a name with hundreds of namesakes ranks each of them.
        shared_counts: dict[int, Counter[str]] = {}

        def shared(raw: _Raw, region: str) -> int:
            nonlocal regions_of_raw
            counts = shared_counts.get(id(raw))
            if counts is None:
                if regions_of_raw is None:
                    regions_of_raw = [
                        frozenset(self._places[c.index].region for c in other.candidates)
                        for other in listed if other.candidates and not other.derived
                    ]
                own = frozenset(self._places[c.index].region for c in raw.candidates)
                counts = shared_counts[id(raw)] = Counter(
                    next(iter(common))
                    for common in (own & regions for regions in regions_of_raw
                                   if regions != own)
                    if len(common) == 1
                )
            return counts.get(region, 0)

        def towering(raw: _Raw) -> _Candidate | None:
            # "Конотоп — уважно!" from a channel that was just naming Хмельниччина: a town of
            # 20,000+ that dwarfs its namesakes outweighs the channel's last hour
            top = max(raw.candidates, key=self._weight)
            weight = self._weight(top)
            if self._places[top.index].region in _CITY_REGIONS:
                return None  # Moscow's «Северный» is a part of the city, not a town
            if weight < _SMALL_PLACE or any(
                10 * self._weight(c) > weight for c in raw.candidates if c is not top
            ):
                return None
            return top

        # A renamed Ukrainian town's old name («Красноармейск», «Дзержинск») is the Ukrainian
        # town where the post or the channel is about Ukraine or the front: a Ukrainian region
        # in the post, the channel's home or its last hour, or a word of the front («ВСУ»).
        front = bool(self._renamed) and any(
            c.index in self._renamed for raw in raws for c in raw.candidates
        ) and (
            any(r.startswith("UA-") for r in (*named_regions, *sure_regions, *group_regions,
                                              *homes, *recent) if r)
            or any(t.norm in _FRONT_WORDS for t in tokens)
        )

        def post_regions() -> set[str]:
            return {
                *named_regions, *group_regions, *sure_regions,
                *(self._places[d.index].region for d in (
                    self._dominant(raw.candidates) for raw in raws
                    if raw.candidates and not raw.derived
                ) if d is not None),
            }

        raws = self._choose_city_parts(raws, shared, homes, recent, post_regions)

        def ranker(raw: _Raw):
            tower = towering(raw) if raw.candidates else None

            def rank(candidate: _Candidate) -> tuple:
                place = self._places[candidate.index]
                stems = self._stems_of.get(candidate.index, frozenset())
                return (
                    place.kind == "region",
                    bool(raw.near_stems & stems),
                    place.region in raw.near_regions,
                    bool(post_stems & stems),
                    place.region in named_regions or place.region in group_regions,
                    # «Березівка — шахеди на Київ»: a federal city's place stands for the
                    # region around it too, after the city itself
                    2 if place.region in sure_regions else int(place.region in sure_around),
                    shared(raw, place.region),
                    near_sure(raw, candidate),
                    2 if place.region in homes else int(place.region in around),
                    front and candidate.index in self._renamed,
                    front_weapon and place.region in _FRONT_REGIONS,
                    candidate is tower,
                    place.region in recent,
                    place.kind == "settlement",
                    self._weight(candidate),
                )
            return rank

        def best_ranked(raw: _Raw, among: list[_Candidate]) -> _Candidate:
            # The first of the highest rank, as max() gives it; a lone candidate (most
            # names) needs no ranking.
            return among[0] if len(among) == 1 else max(among, key=ranker(raw))

        def home_anchor(raw: _Raw) -> set[str]:
            # «Пятихатки, Алексеевка — громко» from a Kharkiv channel: another name of the post
            # can be of the local channel's region, this one cannot (Kharkiv's Пʼятихатки is
            # not in the gazetteer): it is the channel's, not Dnipropetrovsk oblast's town
            if local_home and any(
                self._places[c.index].region == local_home
                for other in raws if other is not raw and not other.derived
                for c in other.candidates
            ):
                return {local_home}
            return set()

        heading: set[str] | None = None

        def heading_regions() -> set[str]:
            # Regions the post names only as where something is heading («БПЛА над
            # Суземским районом курсом на Орловскую область»): they do not say which region
            # the post's districts are in. Worked out for the first district that asks.
            nonlocal heading
            if heading is None:
                named: dict[str, bool] = {}
                for raw in raws:
                    regions = {self._places[c.index].region for c in raw.candidates}
                    if raw.derived or len(regions) != 1 or not all(
                        self._places[c.index].kind == "region" for c in raw.candidates
                    ):
                        continue
                    region = next(iter(regions))
                    named[region] = named.get(region, True) and self._heading(text, tokens, raw)
                heading = {region for region, only in named.items() if only}
            return heading

        context_region = named_regions[0] if named_regions else None
        resolved_towns: set[str] = set()
        mentions: list[PlaceMention] = []
        for raw in raws:
            start, end = tokens[raw.first].start, tokens[raw.last - 1].end
            surface = text[start:end]
            evidence = ""
            candidates: tuple[str, ...] = ()
            if raw.fixed:
                kind = raw.fixed[0].kind
                evidence = {"sea": "a sea area", "district": "a district of one region",
                            "airport": "an airport by its name",
                            "site": "an industrial site by its name"}.get(kind, "channel shorthand")
                for place in raw.fixed:
                    mentions.append(PlaceMention(start, end, surface, place, evidence=evidence))
                continue
            if raw.derived:
                # only a town of a region the post (or the channel) is about; a region the
                # post names only as a course («курсом на Орловскую область») is not that
                allowed = (sure_regions - heading_regions()) | set(homes) | around
                towns = [c for c in raw.candidates
                         if self._places[c.index].region in allowed]
                if not towns and front_weapon:
                    # «Золочівська громада: удар КАБ»: Kharkiv oblast's Золочів, not Lviv's
                    towns = [c for c in raw.candidates
                             if self._places[c.index].region in _FRONT_REGIONS]
                    allowed = allowed | {self._places[c.index].region for c in towns}
                regions = {self._places[c.index].region for c in raw.candidates}
                if not towns and not allowed - {None}:
                    # the post names no region: a unique name, or a big city that dwarfs
                    # its namesakes ("Кременчуцький район")
                    dominant = self._dominant(raw.candidates)
                    towns = raw.candidates if len(regions) == 1 else [dominant] if dominant else []
                    if not towns and len(raw.near_regions) == 1:
                        # «Під ударом Дергачівська громада»: towns named Дергачі are in two
                        # regions, the villages file's hromada of that name in one
                        towns = [c for c in raw.candidates
                                 if self._places[c.index].region in raw.near_regions]
                if not towns:
                    continue
                town = self._places[best_ranked(raw, towns).index]
                place = Place(name=raw.derived, region=town.region, lat=town.lat, lon=town.lon,
                              kind="district")
                evidence = f"district named after {town.name}"
            elif raw.candidates:
                dominant = None if raw.near_regions else self._dominant(raw.candidates)
                if dominant is not None and (
                    # «посёлки Дубовое, Политотдельский, Октябрьский»: no city of 100,000
                    _previous_word(text, tokens, raw.first) in _UNKNOWN_SETTLEMENT_WORDS
                    or _in_village_list(text, tokens, raw.first)
                    or self._outweighed(raw, dominant, post_stems, local_home, front_weapon)
                ):
                    dominant = None
                best = dominant or best_ranked(raw, raw.candidates)
                place = self._places[best.index]
                if explain:
                    candidates = tuple(self._describe(c) for c in raw.candidates)
                    evidence = ("a big city that dwarfs its namesakes" if dominant
                                else self._why(raw, best, ranker(raw)))
                if best.index in self._capital_of and _ENGLISH_REGIONS_AFTER.match(text, end):
                    place = self._places[self._region_place[self._capital_of[best.index]]]
                known = sure_towns | resolved_towns  # the regions of the post's towns
                if (place.kind == "district" and (region_names - heading_regions() or known)
                        and place.region not in region_names | known | {home}):
                    continue  # "Кировский район" of another region than the post's
                # rank()'s evidence written next to the name or a district named in the post
                stems = self._stems_of.get(best.index, frozenset())
                by_near = bool(raw.near_stems & stems or post_stems & stems
                               or self._places[best.index].region in raw.near_regions)
                if (named_regions and place.region not in named_regions and not by_near
                        and not near_sure(raw, best)
                        and place.kind == "settlement"
                        and self._population[best.index] < _SMALL_PLACE):
                    # a village of that name elsewhere; the post says which region it is in
                    place = Place(name=place.name, region=named_regions[0], kind="settlement")
                    evidence = "region named in the post (the name is not known there)"
                elif (len(raw.near_regions) == 1 and not by_near
                        and place.kind == "settlement"
                        and self._population[best.index] < _SMALL_PLACE):
                    # «Салтыкова Бел р-н», «Болдыревка, Бгд»: the district written next to a
                    # village says its region, though its namesakes are all elsewhere
                    region = next(iter(raw.near_regions))
                    place = Place(name=place.name, region=region, kind="settlement")
                    evidence = "the district next to it (the name is not known there)"
                elif (not named_regions
                        and len(local := sure_regions | resolved_towns or home_anchor(raw)) == 1
                        and place.region not in local and not by_near
                        and not near_sure(raw, best)
                        and place.region not in {_AROUND_CITY.get(r) for r in local}
                        and place.kind == "settlement"
                        and (self._population[best.index] < _SMALL_PLACE
                             or self._city_district(best.index))):
                    # "Суми — мопед над Заріччям": a part or a village of the one place named;
                    # "Ростов: хлопки над Северным" is Rostov's part, not Moscow's district
                    region = next(iter(local))
                    place = Place(name=place.name, region=region, kind="settlement")
                    evidence = "region of another place in the post (the name is not known there)"
                elif (not named_regions and not sure_regions and not by_near
                        and len(raws) == 1
                        and len(city := (set(homes) or set(recent)) & _CITY_REGIONS) == 1
                        and len(set(homes) or set(recent)) == 1
                        and not {self._places[c.index].region for c in raw.candidates}
                        & {*city, *(_AROUND_CITY[c] for c in city)}
                        and place.kind == "settlement"
                        and self._population[best.index] < _TOWN
                        # «Золочів — КАБ» from a Kyiv channel: glide bombs fall near the front
                        and not (front_weapon and place.region in _FRONT_REGIONS)):
                    # «в районе Любимовки» from a Sevastopol channel, the post's only place: a
                    # federal city's channel names its parts and villages without the city, and
                    # the gazetteer may not know them there (a namesake in the region around
                    # the city, Kyiv oblast for a Kyiv channel, is left to the ranking)
                    region = next(iter(city))
                    place = Place(name=place.name, region=region, kind="settlement")
                    evidence = "the channel's city (the name is not known there)"
                elif (not named_regions and not by_near
                        and not sure_regions - {self._places[c.index].region
                                                for c in raw.candidates}
                        and len(set(homes)) == 1 and home not in _CITY_REGIONS
                        and place.kind == "settlement"
                        and self._population[best.index] < _SMALL_PLACE
                        and self._all_far(raw.candidates, home)):
                    # «Болдыревка — внимание по БПЛА» from a Belgorod channel: its namesakes
                    # are in Amur, Rostov and Voronezh oblasts, the village is the channel's
                    region = home
                    place = Place(name=place.name, region=region, kind="settlement")
                    evidence = "the channel's region (the name is not known there)"
                if context_region is None:
                    context_region = place.region
                if place.kind == "settlement":
                    resolved_towns.add(place.region)
            else:
                near = sorted(raw.near_regions)
                where = (near[0] if len(near) == 1 else None) or context_region or home \
                    or self._first_region(raws)
                if where is None:
                    continue  # an unknown village with no region anywhere: not a usable place
                place = Place(name=surface, region=where, lat=None, lon=None,
                              kind="settlement")
                evidence = "unknown settlement, region from " + (
                    "the district next to it" if len(near) == 1 else "the post or channel")
            mentions.append(PlaceMention(start, end, surface, place, candidates, evidence))
        return mentions

    def _only_local(
        self, raws: list[_Raw], local_home: str | None, front_weapon: bool
    ) -> list[_Raw]:
        """A village named like a surname that opens an alert line («Муром — арта») is kept
        only in the local channel's home region, in a front or border region when the post
        names a front-line weapon, or beside a district or region written next to it; a
        name left with no candidate is dropped."""
        wanted = {local_home, *(_FRONT_REGIONS if front_weapon else ())}
        kept: list[_Raw] = []
        for raw in raws:
            if any(c.flags & _LOCAL for c in raw.candidates):
                raw.candidates = [
                    c for c in raw.candidates
                    if not c.flags & _LOCAL
                    or self._places[c.index].region in wanted | raw.near_regions
                ]
                if not raw.candidates:
                    continue
            kept.append(raw)
        return kept

    def _outweighed(
        self, raw: _Raw, dominant: _Candidate, post_stems: set[str], local_home: str | None,
        front_weapon: bool,
    ) -> bool:
        """Whether a big city's namesake has evidence the city's size must not override: a
        district the post names holds it («В Шебекинском округе ... по сёлам Муром и
        Середа»); it is the local channel's own village, named as an alert line's place or
        after a settlement word or with a front-line weapon, and the city lies far from the
        channel's region («Муром — арта» from a Belgorod channel); or the post names a
        front-line weapon and the namesake lies in a front or border region, the city not."""
        city_region = self._places[dominant.index].region
        for candidate in raw.candidates:
            if candidate is dominant:
                continue
            region = self._places[candidate.index].region
            if post_stems & self._stems_of.get(candidate.index, frozenset()):
                return True
            if (region == local_home and (candidate.flags & _MARKED or front_weapon)
                    and self._all_far([dominant], local_home)):
                return True
            if (front_weapon and region in _FRONT_REGIONS
                    and city_region not in _FRONT_REGIONS):
                return True
        return False

    def _district_of_the_region_next_to_it(self, raw: _Raw) -> None:
        """«в Жуковском районе Калужской области»: a district the gazetteer knows only in
        another region (Bryansk oblast's Жуковский район) is the written region's district
        of that name (Kaluga oblast's, named after Жуков), as a village the villages file
        lacks is the village of the district written next to it."""
        (region,) = raw.near_regions
        places = [self._places[c.index] for c in raw.candidates]
        if all(p.kind == "district" for p in places) and all(p.region != region for p in places):
            raw.fixed = (Place(name=places[0].name, region=region, kind="district"),)
            raw.candidates = []

    def _districts_where_the_post_is(
        self, text: str, tokens: list[Token], raws: list[_Raw], homes: list[str]
    ) -> None:
        """A district several regions have one of, read in the region the post is about:
        listed with districts of one region («над территориями Козельского, Мосальского и
        Ульяновского муниципальных округов» is Kaluga's Ульяновский, not one named after
        Ульяновск), or known to the gazetteer only elsewhere while the villages file has one
        of that name where the post's other places or the channel's home are («Краснооктябрьский
        район» from a Nizhny Novgorod radar channel is not Volgograd's part of the city,
        «Николаевский район» from Ulyanovsk oblast's government not Mykolaiv oblast's)."""
        assert self._villages is not None
        listed = {next(iter(r.near_regions)) for r in raws
                  if r.derived and len(r.near_regions) == 1}
        where = set(homes)
        for raw in raws:
            regions = {self._places[c.index].region for c in raw.candidates}
            regions |= {p.region for p in raw.fixed}
            if len(regions) == 1 and not raw.derived:
                where |= regions
        for raw in raws:
            if raw.derived:
                if len(listed) == 1 and len(raw.near_regions) > 1 and listed <= raw.near_regions:
                    (region,) = listed
                    raw.fixed = (Place(name=raw.derived, region=region, kind="district"),)
                    raw.candidates = []
                    raw.near_regions = frozenset(listed)
                continue
            if raw.fixed or not raw.candidates or not all(
                self._places[c.index].kind == "district" for c in raw.candidates
            ):
                continue
            own = {self._places[c.index].region for c in raw.candidates}
            others = where - own if len(own) == 1 else set(homes) - own
            if not others or own & set(homes):
                continue
            # the stem as written too: «Николаевский» of Mykolaiv oblast's «Миколаївський»
            stems = {self._district_stem(c.index).partition(":")[2] for c in raw.candidates}
            stems.add(self._adjective_stem(tokens[raw.first].norm))
            known = set().union(*(self._villages.district_regions(stem) for stem in stems))
            there = (known & others) - own
            if len(there) == 1:
                surface = text[tokens[raw.first].start:tokens[raw.last - 1].end]
                raw.fixed = (Place(name=surface, region=there.pop(), kind="district"),)
                raw.candidates = []

    def _quarters_in_their_city(
        self, raws: list[_Raw], homes: list[str], recent: frozenset[str]
    ) -> list[_Raw]:
        """A part of a city named only in its city («Троя», «Лісовий», Kharkiv's
        «П'ятихатки») stays where the channel is at home in the city's region (its home or
        its last hour) or the post names another place that may be there («Київ: Троя,
        Оболонь»); else it is no place, and its namesakes, if any, stay. A name left with no
        candidate is dropped."""
        kept: list[_Raw] = []
        for raw in raws:
            if not raw.derived and any(c.index in self._quarters for c in raw.candidates):
                allowed = {*homes, *recent} | {
                    self._places[c.index].region for other in raws if other is not raw
                    for c in other.candidates
                } | {p.region for other in raws if other is not raw for p in other.fixed}
                raw.candidates = [c for c in raw.candidates if c.index not in self._quarters
                                  or self._places[c.index].region in allowed]
            if raw.candidates or raw.fixed or raw.derived:
                kept.append(raw)
        return kept

    def _without_unsure(
        self, raws: list[_Raw], region_names: set[str], homes: set[str]
    ) -> list[_Raw]:
        """A homonym without context ("Калинівка на Вінниччині") stays only if the post names
        its region, or a district or region is written next to it, or another place of the
        post is surely there ("Новая Таволжанка, Максимовка"), or the channel is at home
        there (``homes``: «Киев, Вишневое — взрывы» from a Kyiv oblast channel); a name left
        with no candidate is dropped."""
        # a name whose sure candidates (its unsure namesakes aside) all lie in one region
        # anchors that region, and so does a town of 10,000+ among mere villages
        # («Бахчисарай», not the Bashkir village)
        anchors: set[str] = set()
        for raw in raws:
            if raw.candidates and not raw.derived:
                sure = [c for c in raw.candidates if not c.flags & _UNSURE]
                regions = {self._places[c.index].region for c in sure}
                if len(regions) > 1:
                    regions = {self._places[c.index].region for c in sure
                               if self._population[c.index] >= _TOWN}
                    top = max((self._population[c.index] for c in sure), default=0)
                    if any(10 * self._population[c.index] >= top for c in sure
                           if self._places[c.index].region not in regions):
                        # towns elsewhere too: no anchor (a hamlet of 588 beside Нікополь's
                        # 105,000 is none)
                        regions = set()
                if len(regions) == 1:
                    anchors |= regions
        anchors |= homes
        kept: list[_Raw] = []
        for raw in raws:
            if raw.candidates and not raw.derived:
                raw.candidates = [
                    c for c in raw.candidates
                    if not c.flags & _UNSURE
                    or self._places[c.index].region
                    in region_names | raw.near_regions | anchors
                ]
                if not raw.candidates:
                    continue
            kept.append(raw)
        return kept

    def _choose_city_parts(
        self, raws: list[_Raw], shared, homes: list[str], recent: frozenset[str],
        post_regions: Callable[[], set[str]],
    ) -> list[_Raw]:
        """A city's part whose name has namesakes in other regions («Ленинский район»:
        Nizhny Novgorod, Samara, Voronezh, Sevastopol, Donetsk, ...) is kept only in a region
        the evidence points at: the post's regions and towns (the city named, «в Ленинском
        районе Курска»), a region written next to it, one the post's other names share, the
        channel's home regions or its last hour (Leningrad oblast's standing for St Petersburg
        too, Moscow oblast's for Moscow). With none, the name is no place at all: a guess
        among a dozen cities would be a wrong region. ``post_regions``: the post's regions and
        towns, worked out only for a post that names such a part (few do)."""
        choosing = [
            raw for raw in raws
            if not raw.derived and any(c.index in self._city_parts for c in raw.candidates)
            and len({self._places[c.index].region for c in raw.candidates}) >= 2
        ]
        if not choosing:
            return raws
        dropped: list[_Raw] = []
        named = post_regions()
        channel = {*homes, *recent}
        # a channel of the region around a federal city names the city's parts too
        channel |= {city for city, around in _AROUND_CITY.items() if around in channel}
        for raw in choosing:
            chosen = named | raw.near_regions | channel
            raw.candidates = [c for c in raw.candidates
                              if self._places[c.index].region in chosen
                              or shared(raw, self._places[c.index].region)]
            if not raw.candidates:
                dropped.append(raw)
        return [raw for raw in raws if not any(raw is d for d in dropped)] if dropped else raws

    def _why(self, raw: _Raw, best: _Candidate, rank) -> str:
        """The first piece of evidence on which ``best`` beats the best candidate elsewhere."""
        region = self._places[best.index].region
        others = [c for c in raw.candidates if self._places[c.index].region != region]
        if not others:
            return "only candidate" if len(raw.candidates) == 1 else "all candidates in one region"
        won, lost = rank(best), max(rank(c) for c in others)
        for label, a, b in zip(_EVIDENCE, won, lost, strict=True):
            if a != b:
                if label in _EVIDENCE[1:3]:
                    return f"{label} ({raw.near_text})"
                return label
        return "first of equals"

    def _all_far(self, candidates: list[_Candidate], home: str | None) -> bool:
        """Whether every candidate's region lies more than ``_FAR_KM`` from ``home`` (their
        centres); False where a centre is not known."""
        centre = self._region_place.get(home or "")
        if centre is None:
            return False
        here = self._places[centre]
        for candidate in candidates:
            there = self._region_place.get(self._places[candidate.index].region or "")
            if there is None:
                return False
            other = self._places[there]
            if None in (here.lat, here.lon, other.lat, other.lon):
                return False
            if _km(here.lat, here.lon, other.lat, other.lon) <= _FAR_KM:  # type: ignore[arg-type]
                return False
        return True

    def _describe(self, candidate: _Candidate) -> str:
        place = self._places[candidate.index]
        parts = [place.name, place.region or "-", place.kind]
        district = self._district_of.get(candidate.index)
        if district:
            parts.append(district)
        population = self._population[candidate.index]
        if population:
            parts.append(f"pop. {population}")
        if candidate.flags & _ALIAS:
            parts.append("alias")
        return " · ".join(parts)

    def _dominant(self, candidates: list[_Candidate]) -> _Candidate | None:
        """A big city that dwarfs its namesakes: Запоріжжя is the city whatever the post says."""
        if len(candidates) < 2 or any(c.index in self._renamed for c in candidates):
            return None  # a renamed town's old name: the context decides, not the size
        ranked = sorted(candidates, key=self._weight, reverse=True)
        top, second = ranked[0], ranked[1]
        if (self._places[top.index].kind == "settlement"
                and not self._city_district(top.index)  # "в Северном": Moscow's, or not
                and self._weight(top) >= _DOMINANT_CITY
                and self._weight(top) >= 10 * self._weight(second)
                and not any(self._places[c.index].kind == "region" for c in candidates)):
            return top
        return None

    def _city_district(self, index: int) -> bool:
        """A district of a federal city (Moscow's Северный), not the city itself: it dwarfs
        no village of the same name."""
        place = self._places[index]
        return (
            place.kind == "settlement"
            and place.region in _CITY_REGIONS
            and self._region_place.get(place.region) != index
            and place.name.lower() not in _CITY_NAMES
        )

    def _weight(self, candidate: _Candidate) -> float:
        """Population, cut tenfold when the name is only an alias of the place (a renamed
        town's names all count in full)."""
        population = self._population[candidate.index]
        if candidate.flags & _ALIAS and candidate.index not in self._renamed:
            return population / 10
        return population

    def _first_region(self, raws: Sequence[_Raw]) -> str | None:
        for raw in raws:
            if raw.candidates:
                return self._places[raw.candidates[0].index].region
        return None

    # -- fuzzy lookup --------------------------------------------------------------------

    def lookup(self, query: str, limit: int = 5) -> list[tuple[Place, float]]:
        """Places whose name is like ``query`` (any language, case form, typos, ISO code,
        colloquial name), best first, scored 0..100; regions rank above same-named towns."""
        if not isinstance(query, str) or limit <= 0:
            return []
        text = query.strip()
        if not text:
            return []
        if _ISO.match(text):
            place = self.region_place(text)
            return [(place, 100.0)] if place else []
        # Only places typed by people (config, subscriptions) are looked up fuzzily: detection
        # does not pay for importing the matcher.
        from rapidfuzz import fuzz, process

        scores: dict[int, float] = {}
        key = " ".join(t.norm for t in tokenize(text))
        for code in self._forms.get(key, ()):
            scores[code // _FLAG_BITS] = 100.0
        norm = normalize(text)
        for name, score, pos in process.extract(
            norm, self._fuzzy_names, scorer=fuzz.WRatio, limit=limit * 20, score_cutoff=60
        ):
            if not 0.6 <= len(name) / len(norm) <= 1.7:
                # WRatio rewards a short name inside a long query ("Ая" in "Белгродская")
                score = fuzz.ratio(norm, name)
                if score < 60:
                    continue
            index = self._fuzzy_index[pos]
            if score > scores.get(index, 0.0):
                scores[index] = float(score)
        ranked = sorted(
            scores.items(),
            key=lambda item: (
                -round(item[1], 1),
                self._places[item[0]].kind != "region",
                -self._population[item[0]],
            ),
        )
        return [(self._places[i], round(score, 1)) for i, score in ranked[:limit]]


def _read_data(path: str | Path) -> dict:
    try:
        with gzip.open(path, "rb") as fh:
            data = json.loads(fh.read())
    except FileNotFoundError as exc:
        raise GazetteerError(
            f"gazetteer data not found at {path}; run scripts/build_gazetteer.py"
        ) from exc
    except (OSError, EOFError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise GazetteerError(f"gazetteer data at {path} is unreadable: {exc}") from exc
    if not isinstance(data, dict):
        raise GazetteerError(f"gazetteer data at {path} is not an object")
    return data


def _tables(data: dict) -> dict:
    """The tables a Gazetteer is built from, derived from its data file's content: plain
    values only (lists, dicts, sets, strings, numbers), so that the cache can store them."""
    try:
        if data.get("version") != DATA_VERSION:
            raise GazetteerError(
                f"gazetteer data version {data.get('version')!r}, expected {DATA_VERSION}"
            )
        regions = [
            [row[0], row[1], row[2], row[3], row[4], row[5], float(row[6]), float(row[7])]
            for row in data["regions"]
        ]
        places = [[row[0], row[1], row[2], row[3], row[4]] for row in data["places"]]
        population = [int(row[5]) for row in data["places"]]
        region_place = {row[0]: int(row[8]) for row in data["regions"]}
        capital_of = {int(row[9]): row[0] for row in data["regions"]
                      if row[0] not in _CITY_REGIONS}
        forms: dict[str, list[int]] = data["forms"]
        stems: dict[str, list[int]] = data.get("stems", {})
        city_parts = frozenset(int(index) for index in data.get("city_parts", ()))
        quarters = frozenset(int(index) for index in data.get("quarters", ()))
        names = data["names"]
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise GazetteerError(f"gazetteer data is malformed: {exc!r}") from exc
    span: dict[str, int] = {}
    # The words a hyphenated name starts with, up to each hyphen: "славянск",
    # "славянск-на" for "славянск-на-кубани" (written "Славянск на Кубани" it is found too).
    hyphen_heads: set[str] = set()
    for key in forms:
        if " " in key:
            parts = key.split(" ")
            if len(parts) > span.get(parts[0], 1):
                span[parts[0]] = min(len(parts), _MAX_SPAN)
        if "-" in key:
            at = key.find("-")
            while at > 0:
                hyphen_heads.add(key[:at])
                at = key.find("-", at + 1)
    # Every name a place goes by, in the nominative: which places a written name is.
    nominatives: dict[str, set[int]] = {}
    for name, index in names:
        nominatives.setdefault(name.replace("ё", "е"), set()).add(int(index))
    return {
        "regions": regions,
        "places": places,
        "population": population,
        "region_place": region_place,
        "capital_of": capital_of,
        "forms": forms,
        "stems": stems,
        "city_parts": city_parts,
        "quarters": quarters,
        "span": span,
        "hyphen_heads": frozenset(hyphen_heads),
        "fuzzy_names": [name for name, _ in names],
        "fuzzy_index": [int(index) for _, index in names],
        "nominatives": nominatives,
    }


@functools.lru_cache(maxsize=20_000)
def _in_dictionary(parse: object) -> bool:
    from bot.detect.morph import in_dictionary

    return in_dictionary(parse)


def _personal_name(word: str, dictionary_only: bool = False, governed: bool = False) -> bool:
    """A first name, surname or patronymic in the Russian or Ukrainian dictionary (or, unless
    ``dictionary_only``, as the analyser guesses an unknown word). ``governed``: the word
    follows a preposition that takes neither the nominative nor the dative, so a person
    would be named in another case («на Петрова»; «на Васильченков» is a village)."""
    return _personal_name_of(word.lower(), dictionary_only, governed)


# Two analysers' parses per capitalised word that could be a village: posts repeat the names.
@functools.lru_cache(maxsize=50_000)
def _personal_name_of(low: str, dictionary_only: bool, governed: bool = False) -> bool:
    from bot.detect.morph import _analyzer

    for lang in _languages_of(low):
        for parse in _analyzer(lang).parse(low)[:2]:
            if not {"Surn", "Name", "Patr"} & parse.tag.grammemes:
                continue
            # A person is not addressed, nor named in the locative, in a line about a place:
            # «Масычево», «Авдеево» are guessed vocatives of Масычева, Авдеева; «Романькове»,
            # «Очкине» the Russian locatives of Романьков, Очкин.
            case = parse.tag.case
            if case in _NOT_A_PERSONS_CASE or (governed and case in _UNGOVERNED_CASES):
                continue
            # the dictionary's name at any likelihood («Песков» is likelier «песок»)
            if _in_dictionary(parse) if dictionary_only else parse.score >= 0.3:
                return True
    return False


_NOT_A_PERSONS_CASE = frozenset({"voct", "loct"})
_UNGOVERNED_CASES = frozenset({"nomn", "datv"})
_DATIVE_PREPOSITIONS = frozenset({"к", "ко", "по"})
_RUSSIAN_ONLY_LETTERS = frozenset("ыэъё")
_UKRAINIAN_ONLY_LETTERS = frozenset("іїєґ'’")


# How many words after a name its verb or participle may stand («Шилан вновь атакована»).
_VERB_WITHIN = 3
_VERB_POS = frozenset({"PRTS", "PRTF", "VERB"})


def _disagrees_with_person(text: str, tokens: list[Token], i: int) -> bool:
    """The first participle or past verb within a few words after the name in its clause
    (blanks only between them: not «Песков: удары будут продолжены»), read as what is said
    of it, agrees in number and gender with none of the name's readings as a person in the
    nominative."""
    from bot.detect.morph import _analyzer

    name = tokens[i].norm
    clause = [tokens[i]]
    for token in tokens[i + 1 : i + 1 + _VERB_WITHIN]:
        if not text[clause[-1].end : token.start].isspace():
            break
        clause.append(token)
    for lang in _languages_of(name):
        people = {(p.tag.number, p.tag.gender) for p in _analyzer(lang).parse(name)
                  if {"Surn", "Name", "Patr"} & p.tag.grammemes and p.tag.case == "nomn"}
        if not people:
            continue
        for token in clause[1:]:
            said = {(p.tag.number, p.tag.gender) for p in _analyzer(lang).parse(token.norm)
                    if p.tag.POS in _VERB_POS and (p.tag.POS != "VERB" or p.tag.tense == "past")
                    and p.tag.case in (None, "nomn")}
            if said:
                return not any(
                    number == other_number and (number == "plur" or gender == other_gender)
                    for number, gender in people for other_number, other_gender in said
                )
    return False


def _languages_of(low: str) -> tuple[str, ...]:
    """The analysers that may read a word: a letter only one alphabet has decides
    («Масычево» is no Ukrainian word, «Романькове» may be either)."""
    if not _RUSSIAN_ONLY_LETTERS.isdisjoint(low):
        return ("ru",)
    if not _UKRAINIAN_ONLY_LETTERS.isdisjoint(low):
        return ("uk",)
    return ("ru", "uk")


# The last letters a Russian spelling of a Ukrainian name may end in, by the Ukrainian name's
# last letter, in the nominative: Борова → Боровая, Глухів → Глухов, Веселе → Веселое, Ромни.
_NOMINATIVE_ENDINGS = {"а": "ая", "я": "яа", "е": "е", "є": "е", "і": "иы", "и": "ыи"}


def _nominative_of(key: str, name: str) -> bool:
    """``key`` (an n-gram as written) can be the nominative of the place ``name``: the name
    itself, or a spelling of it (another language's) that ends as the name does, not in a
    case ending: "боровая" for Борова, not "боровой"; "глухов" for Глухів, not "глухове"."""
    if key == name:
        return True
    words, own = key.split(" "), name.split(" ")
    if len(words) != len(own):
        return False
    return all(
        w == o or w[-1:] in _NOMINATIVE_ENDINGS.get(o[-1:], o[-1:])
        for w, o in zip(words, own, strict=True)
    )


def _slogan(tokens: list[Token], i: int, k: int, prev: str) -> bool:
    """The word is a slogan's or a holiday's noun («Разом до Перемоги!», «за Победу»), not a
    village named like it, unless a settlement word names it."""
    return k == 1 and tokens[i].norm in _SLOGAN_FORMS and prev not in _SETTLEMENT_WORDS


@functools.lru_cache(maxsize=20_000)
def _oblique_name_only(word: str) -> bool:
    """The dictionaries know the word only as a first name, surname or patronymic, and never
    in the nominative singular a person is named in: «Алешки», «Алешек» (of Алёшка)."""
    from bot.detect.morph import _analyzer

    low = word.lower()
    known = False
    for lang in ("ru", "uk"):
        for parse in _analyzer(lang).parse(low):
            if not _in_dictionary(parse):
                continue
            grammemes = parse.tag.grammemes
            if not {"Surn", "Name", "Patr"} & grammemes or {"nomn", "sing"} <= grammemes:
                return False
            known = True
    return known


@functools.lru_cache(maxsize=4096)
def _no_everyday_nominative(word: str) -> bool:
    """The dictionaries know the word, but never as an everyday word in the nominative: only
    as a place, a person's name («Измаил», «Феодосия») or in an oblique case («ростов» of
    рост). The Ukrainian dictionary tags no places: its inanimate noun that is its own
    nominative («ростов», «глухів») is taken for the place."""
    from bot.detect.morph import _analyzer

    low = word.lower()
    known = False
    for lang in _languages_of(low):
        for parse in _analyzer(lang).parse(low):
            if not _in_dictionary(parse):
                continue
            grammemes = parse.tag.grammemes
            known = True
            if {"Surn", "Name", "Patr", "Geox"} & grammemes or "nomn" not in grammemes:
                continue
            if lang == "uk" and parse.normal_form == low and {"NOUN", "inan"} <= grammemes:
                continue
            return False
    return known


@functools.lru_cache(maxsize=20_000)
def _name_key(name: str) -> str:
    """A place's name as the n-gram keys of a text are written."""
    return " ".join(t.norm for t in tokenize(name))


@functools.lru_cache(maxsize=20_000)
def _street_name(word: str) -> bool:
    """A surname in the genitive, as streets are named ("Щорса", "Гагарина")."""
    from bot.detect.morph import _analyzer

    return any(
        "Surn" in parse.tag.grammemes and parse.tag.case == "gent"
        for parse in _analyzer("ru").parse(word.lower())[:3]
    )


@functools.cache
def _default() -> Gazetteer:
    return Gazetteer.load(DATA_PATH)


def _an_official(text: str, tokens: list[Token], i: int) -> bool:
    """Whether the surname at ``i`` names an official: a verb of saying right after it, a
    quotation after its colon, initials beside it, or a title (a region's name may stand
    between) or a first name right before it."""
    if i + 1 < len(tokens) and tokens[i + 1].norm in _SPEECH_VERBS and _joined(text, tokens, i, 2):
        return True
    if _QUOTED_AFTER.match(text, tokens[i].end):
        return True  # «Николаев: «Атака отражена»»: what the person said
    before = tokens[max(0, i - 3):i]
    if before and _initial(text, before[-1]) and not text[before[-1].end:tokens[i].start].strip(
            ". \u00a0"):
        return True  # «О. Николаев»
    if i + 1 < len(tokens) and _initial(text, tokens[i + 1]) and _joined(text, tokens, i, 2):
        return True  # «Николаев О.А.»
    if before and before[-1].text[:1].isupper() and _personal_name(
            before[-1].text, dictionary_only=True) and before[-1].norm not in _OFFICIAL_SURNAMES:
        return True  # "Олег Николаев"
    return any(t.norm in _OFFICIAL_TITLES for t in before)


def _first_name_of(text: str, tokens: list[Token], i: int, prev: str) -> bool:
    """The first name at ``i`` is a person's: a capitalised word (not an abbreviation) right
    after it on its line, no place preposition before it, and no region or district noun
    after the two («Анна Воронежской области» is the town)."""
    if i + 1 >= len(tokens) or prev in _FIRST_NAME_PREPOSITIONS:
        return False
    surname = tokens[i + 1].text
    if not surname[:1].isupper() or surname.isupper() or not _joined(text, tokens, i, 2):
        return False
    if "\n" in text[tokens[i].end:tokens[i + 1].start]:
        return False
    return not (i + 2 < len(tokens)
                and tokens[i + 2].norm.startswith(_REGION_NOUNS + _DISTRICT_NOUNS))


def _initial(text: str, token: Token) -> bool:
    """A capital letter alone with a dot after it: «О.»."""
    return (len(token.text) == 1 and token.text.isupper()
            and text[token.end:token.end + 1] == ".")


def _a_speaker(text: str, tokens: list[Token], raw: _Raw) -> bool:
    """Whether the name opens a line with a colon after it: «Николаев: ...» (a speaker, or
    an alert line's place heading)."""
    before = text[:tokens[raw.first].start].rstrip(" \t\u00a0")
    return (not before or before.endswith("\n")) and _COLON_AFTER.match(
        text, tokens[raw.last - 1].end) is not None


def _about_flights(tokens: list[Token]) -> bool:
    """Whether a post speaks of flights or airports (places.toml `aviation_words`)."""
    return any(t.norm.startswith(_AVIATION_WORDS) for t in tokens)


def _gap(text: str, start: int, end: int) -> str:
    return text[start:end]


def _joined(text: str, tokens: list[Token], i: int, k: int) -> bool:
    """Tokens i..i+k-1 are one name: only blanks or a single dot between them."""
    for j in range(i, i + k - 1):
        gap = text[tokens[j].end:tokens[j + 1].start]
        if len(gap) > 3 or gap.strip(" .\u00a0") or gap.count(".") > 1:
            return False
    return True


def _abbreviated_noun(text: str, tokens: list[Token], j: int) -> tuple[str, int] | None:
    """The district noun an abbreviation at token j stands for ("р-не" → "район") and how
    many tokens it takes ("г.о." is "г", "о": two)."""
    if j >= len(tokens) or (j and tokens[j - 1].norm.endswith(_NEUTER_ENDINGS)):
        return None  # a district's adjective is never neuter: «Украинское МО» is a ministry
    noun = _DISTRICT_ABBREVIATIONS.get(tokens[j].norm)
    if noun is not None:
        return noun, 1
    if j + 1 < len(tokens) and text[tokens[j].end:tokens[j + 1].start] in (".", ". "):
        noun = _DISTRICT_ABBREVIATIONS.get(tokens[j].norm + "." + tokens[j + 1].norm)
        if noun is not None:
            return noun, 2
    return None


_MAX_LISTED_DISTRICTS = 8


def _shared_noun(text: str, tokens: list[Token], i: int) -> int | None:
    """The district noun a list of district adjectives shares, seen from an item at ``i``
    that is followed by a comma: «Нікопольська, Марганецька, Покровська громади»,
    «Миропільську, Краснопільську та Білопільську громади» (its index, or None)."""
    n = len(tokens)
    if i + 1 >= n or text[tokens[i].end:tokens[i + 1].start].strip(" \u00a0") != ",":
        return None  # most words: no comma after them
    j = i
    for _ in range(_MAX_LISTED_DISTRICTS):
        if j + 1 >= n or _ADJECTIVE_TAIL.search(tokens[j].norm) is None:
            return None
        gap = text[tokens[j].end:tokens[j + 1].start].strip(" \u00a0")
        following = tokens[j + 1]
        if gap == "," and following.text[:1].isupper():
            j += 1
        elif not gap and j > i and following.norm.startswith(_DISTRICT_NOUNS):
            return j + 1
        elif (not gap and j > i and following.norm in _AND and j + 3 < n
                and tokens[j + 2].text[:1].isupper()
                and _ADJECTIVE_TAIL.search(tokens[j + 2].norm) is not None
                and _joined(text, tokens, j + 1, 3)
                and tokens[j + 3].norm.startswith(_DISTRICT_NOUNS)):
            return j + 3
        else:
            return None
    return None


# «муниципальных округов», «районах»: a noun shared by a list of districts.
_PLURAL_DISTRICT_NOUNS = ("округов", "округах", "округам", "районов", "районах", "районам")


def _listed_district(text: str, tokens: list[Token], i: int) -> bool:
    """Whether the adjective at ``i`` is an item of a list of districts that share their noun:
    followed by a comma and more adjectives up to the noun («Козельского, Мосальского и
    Ульяновского муниципальных округов»), the first of a pair before it («Ульяновского и
    Хвастовичского муниципальных округов»), or the last, before a qualified noun
    («Ульяновского муниципальных округов»)."""
    if _ADJECTIVE_TAIL.search(tokens[i].norm) is None:
        return False
    if _shared_noun(text, tokens, i) is not None:
        return True
    n = len(tokens)
    if (i + 2 < n and tokens[i + 1].norm.startswith(_DISTRICT_QUALIFIERS)
            and tokens[i + 2].norm.startswith(_PLURAL_DISTRICT_NOUNS)
            and _joined(text, tokens, i, 3)):
        return True  # the list's last item: «... и Ульяновского муниципальных округов»
    if i + 3 >= n or tokens[i + 1].norm not in _AND or not _joined(text, tokens, i, 3):
        return False
    if _ADJECTIVE_TAIL.search(tokens[i + 2].norm) is None or not tokens[i + 2].text[:1].isupper():
        return False
    noun = i + 3
    if tokens[noun].norm.startswith(_DISTRICT_QUALIFIERS) and noun + 1 < n:
        noun += 1
    return tokens[noun].norm.startswith(_DISTRICT_NOUNS) and _joined(
        text, tokens, i + 2, noun - i - 1
    )


def _listed_after(text: str, tokens: list[Token], end: int, i: int) -> bool:
    """Whether the name at token i follows the name ending before token ``end`` in a list:
    only a comma, or «и»/«та», between them («Бахчисарай, Мазанка», «Мазанка и Октябрьское»)."""
    if end == i:
        return i > 0 and text[tokens[i - 1].end:tokens[i].start].strip(" \u00a0") == ","
    return (end == i - 1 and tokens[end].norm in _AND
            and not text[tokens[end - 1].end:tokens[end].start].strip(" \u00a0")
            and not text[tokens[end].end:tokens[i].start].strip(" \u00a0"))


def _in_village_list(text: str, tokens: list[Token], i: int) -> bool:
    """Whether the name at token i stands in a list that a plural settlement word opens
    («посёлки Дубовое, Политотдельский, Октябрьский», «по сёлам Муром и Середа»)."""
    return _in_list(text, tokens, i, _VILLAGE_LISTS)


def _in_list(text: str, tokens: list[Token], i: int, openers: frozenset[str]) -> bool:
    """Whether the name at token i stands in a list that a word of ``openers`` opens: only
    capitalised words, «и» and commas between them, within one sentence («станції метро
    Арсенальна, Хрещатик, Славутич»)."""
    for j in range(i - 1, max(-1, i - _MAX_LIST_WORDS), -1):
        gap = text[tokens[j].end:tokens[j + 1].start]
        if gap.strip(" ,\u00a0"):
            return False
        word = tokens[j]
        if word.norm in openers:
            return True
        if not (word.text[:1].isupper() or word.norm in _AND):
            return False
    return False


def _previous_word(text: str, tokens: list[Token], i: int) -> str:
    """The norm of the token before i when only blanks or a dot separate them ('' if none).

    An abbreviation that is also a preposition or a letter ("с", "п") counts only when
    written with its dot; after a longer word the dot ends a sentence.
    """
    if i == 0:
        return ""
    prev = tokens[i - 1]
    gap = text[prev.end:tokens[i].start]
    if len(gap) > 3 or gap.strip(" .\u00a0"):
        return ""
    if "." in gap and len(prev.norm) > 4:
        return ""  # "на окраине города. Пожар потушили": a sentence ends, not "г." or "пос."
    if prev.norm in _NEEDS_DOT and "." not in gap:
        return ""
    return prev.norm


def _quoted_after_street(text: str, tokens: list[Token], i: int) -> bool:
    """A name in quotes right after a street word: «станції «Дніпро»» is a metro station, and
    after an estate's word («в микрорайоне "Новая жизнь"») the estate."""
    if i == 0 or tokens[i - 1].norm not in _STREET_OR_ESTATE:
        return False
    gap = text[tokens[i - 1].end : tokens[i].start].strip(" \u00a0")
    return len(gap) == 1 and gap in _OPEN_QUOTES


def _hash_before(text: str, start: int) -> bool:
    return start > 0 and text[start - 1] == "#"


def _sentence_initial(text: str, start: int) -> bool:
    j = start - 1
    while j >= 0 and not text[j].isalnum():
        if text[j] in _SENTENCE_END:
            return True
        j -= 1
    return j < 0


def _opens_its_line(text: str, start: int) -> bool:
    """Nothing but marks and emoji stands before ``start`` on its line."""
    line_start = text.rfind("\n", 0, start) + 1
    return not any(c.isalnum() for c in text[line_start:start])


def _starts_alert_line(
    text: str, tokens: list[Token], i: int, k: int, lower: bool = False
) -> bool:
    """The name opens its line and is followed by a separator: "Орёл / Опасность по БПЛА".
    ``lower``: the name is written in lower case, so a separator must follow it («ростов:
    опасность», not «ростов готовится»)."""
    if not _opens_its_line(text, tokens[i].start):
        return False
    rest = text[tokens[i + k - 1].end:].lstrip(" \t")
    if lower:
        return rest[:1] in _LOWER_SEPARATORS and rest[1:2] in (" ", "\n", "")
    # "Орёл / Опасность", "Курчатов 🚨 ракетная опасность", "Орёл:" or the name alone
    if not rest or rest[0] == "\n" or not (rest[0].isalnum() or rest[0] in _NOT_ALERT):
        return True
    # "Журавлёвка ФПВ", "Никополь БУМ": the alert's shorthand in capitals right after the
    # name, in a short line, and in the plural («Сумы КАБы», «Суми КАБи»)
    line = rest.split("\n", 1)[0].split()
    return len(line) <= 3 and _shorthand(line[0].rstrip("!.,…"))


def _shorthand(word: str) -> bool:
    """A word in capitals («ФПВ», «БУМ»), or an abbreviation in capitals with a case ending of
    at most two lower-case letters («КАБы», «КАБов»: not «Мы», «ВСУшники»)."""
    if word.isupper():
        return len(word) >= 2
    capitals = next((j for j, c in enumerate(word) if not c.isupper()), len(word))
    ending = word[capitals:]
    return capitals >= 2 and (not ending or (len(ending) <= 2 and ending.isalpha()
                                             and ending.islower()))


def _heads_line(text: str, tokens: list[Token], i: int, k: int) -> bool:
    """The name opens its line as a sentence of its own before the report: «Банищи. Ночью
    в результате атаки БПЛА повреждены дома», «Корнило-Наталівка. Гучно»."""
    if not _opens_its_line(text, tokens[i].start):
        return False
    end = tokens[i + k - 1].end
    return (text[end:end + 1] == "." and i + k < len(tokens)
            and text[end + 1:tokens[i + k].start] in (" ", "\u00a0")
            and tokens[i + k].text[:1].isupper())


# «Ангелінівка гучно», «Подбелово фпв на оптоволокне по дороге»: at most this many words on
# a line that opens with a name, the others lower case or shorthand in capitals.
_SHORT_LINE_WORDS = 6


def _opens_short_line(
    text: str, tokens: list[Token], i: int, k: int, verbless: bool = False
) -> bool:
    """The name opens a short line whose other words are lower case or capitals: what the
    alert line says of the place («Старченский опасность по БПЛА»). ``verbless``: and none
    of them is a verb or participle (a surname's line says what the person did: «Пушкин
    написал», never «Пушкин опасность по БПЛА»)."""
    if not _opens_its_line(text, tokens[i].start):
        return False
    line_end = text.find("\n", tokens[i].end)
    line_end = len(text) if line_end < 0 else line_end
    rest = [t.text for t in tokens[i + k:i + k + _SHORT_LINE_WORDS] if t.start < line_end]
    if not rest or k + len(rest) > _SHORT_LINE_WORDS:
        return False
    if i + k + len(rest) < len(tokens) and tokens[i + k + len(rest)].start < line_end:
        return False
    # «FPV-дронами»: each part of a hyphenated word counts; a word of what the line reports
    # may have capitals of its own («Курчатов Опасность по БПЛА», «Мудре 2х БпЛА»)
    if not all(p[:1].islower() or p.isupper() or p[:1].isdigit() or _means_something(p.lower())
               for w in rest for p in w.split("-") if p):
        return False
    # «Доброе утро», «Тихая ночь», «Новая ракетная опасность»: an adjective with its noun
    if k == 1 and _agrees_with_noun(tokens[i].norm, [w.lower() for w in rest]):
        return False
    if verbless and any(_verb_form(p.lower()) for w in rest for p in w.split("-") if p):
        return False
    # what the line says is detection's (a weapon, a sound, a danger), not «Орёл расправил
    # крылья»
    return any(_means_something(w.lower()) for w in rest)


@functools.lru_cache(maxsize=20_000)
def _names_not_reports(word: str) -> bool:
    """Every reading the dictionaries know of the word is a noun or a full adjective, and it
    is no word of what an alert line reports: an everyday word that can head a line as a
    village's name («Короткое», «Пески», «Луч»; not «Тихо», «Громко», «Атака», nor an
    adjective of a country or a people, which says whose: «Украинская ПВО работает»)."""
    from bot.detect.morph import _analyzer

    if _means_something(word):
        return False
    known = False
    for lang in _languages_of(word):
        for parse in _analyzer(lang).parse(word):
            if not _in_dictionary(parse):
                continue
            known = True
            if parse.tag.POS not in ("NOUN", "ADJF") or "Geox" in parse.tag.grammemes:
                return False
    return known


@functools.lru_cache(maxsize=20_000)
def _verb_form(word: str) -> bool:
    """The word's likeliest reading the dictionary knows is a verb, participle or gerund
    («написал», «атакован»; not the analyser's guess for «бпла»)."""
    from bot.detect.morph import _analyzer

    for lang in _languages_of(word):
        parses = [p for p in _analyzer(lang).parse(word) if _in_dictionary(p)]
        if parses and parses[0].tag.POS in _VERB_FORMS:
            return True
    return False


_VERB_FORMS = frozenset({"VERB", "INFN", "PRTF", "PRTS", "GRND"})


@functools.lru_cache(maxsize=20_000)
def _means_something(word: str) -> bool:
    """The word is, in detection's lexicon, the head of a cue or a word of what an alert line
    reports (``_ALERT_LINE_CONCEPTS``)."""
    for lang in _languages_of(word):
        lexicon = lx.lexicon_for(lang)
        key = lemma(word, lang)
        if key in lexicon.short or not _ALERT_LINE_CONCEPTS.isdisjoint(lexicon.single.get(key, ())):
            return True
    return False


# What an alert line says of its place («Ангелінівка гучно», «Подбелово фпв»), as detection's
# concepts: not «закрыты» («Шахты закрыты на ремонт») nor a casualty.
_ALERT_LINE_CONCEPTS = frozenset({
    lx.DRONE, lx.MISSILE, lx.DANGER, lx.ALERT, lx.SHOOTDOWN, lx.AIR_DEFENSE, lx.EXPLOSION,
    lx.STRIKE, lx.MOVEMENT, lx.LAUNCH, lx.ATTACK, lx.BOMB, lx.ARTILLERY, lx.PRECAUTION,
})


def _agrees_with_noun(adjective: str, words: list[str]) -> bool:
    """``adjective`` agrees with the first of ``words`` (the adjectives before it skipped:
    «Новая ракетная опасность») that is no full adjective. An adjective that is also a
    surname is a stanitsa's name («Павловская опасность по БПЛА», «Каневская»), and one the
    dictionary does not know is a name too («Новопетровская»)."""
    if _personal_name(adjective, dictionary_only=True):
        return False
    for word in words:
        if not _full_adjective(word):
            return _agrees_with(adjective, word)
    return False


@functools.lru_cache(maxsize=20_000)
def _full_adjective(word: str) -> bool:
    from bot.detect.morph import _analyzer

    for lang in _languages_of(word):
        parses = [p for p in _analyzer(lang).parse(word) if _in_dictionary(p)]
        if parses and "ADJF" in parses[0].tag:
            return True
    return False


@functools.lru_cache(maxsize=20_000)
def _agrees_with(adjective: str, noun: str) -> bool:
    """Some reading the dictionary knows of ``adjective`` is an adjective that agrees with a
    reading of ``noun`` as a noun in case, number and (in the singular) gender."""
    from bot.detect.morph import _analyzer

    for lang in _languages_of(adjective):
        analyser = _analyzer(lang)
        nouns = [p.tag for p in analyser.parse(noun) if "NOUN" in p.tag]
        if not nouns:
            continue
        for parse in analyser.parse(adjective):
            tag = parse.tag
            if "ADJF" not in tag or not _in_dictionary(parse):
                continue
            for other in nouns:
                if tag.case == other.case and tag.number == other.number and (
                    tag.number == "plur" or tag.gender == other.gender
                ):
                    return True
    return False


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))
