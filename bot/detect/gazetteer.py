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
  ten times bigger than its namesakes wins outright; a small village (< 20,000) of a region
  other than the one the post names is taken as that region's village of the same name.
"""

from __future__ import annotations

import functools
import gzip
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.detect.normalize import Token, normalize, tokenize
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
_CITY_REGIONS = frozenset({"RU-MOW", "RU-SPE", "UA-30", "UA-40"})
# "Bryansk and Kursk regions": English names a list of regions after their capitals.
_ENGLISH_REGIONS_AFTER = re.compile(
    r"(?:\s*(?:,|and|&)\s*[A-Z][\w'-]+)*\s+(?:regions|oblasts|provinces)\b"
)
_MAX_SPAN = 4
_UK_OBLIQUE_ENDINGS = ("ові", "ом", "і", "а", "у")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.replace("ё", "е").split())


_BIG_CITY = 50_000  # settlements this big are matched even in lower case
_DOMINANT_CITY = 100_000  # a city this big and 10x its namesakes wins over post context
_SMALL_PLACE = 20_000  # a settlement this small yields to a region named in the same post

_PREPOSITIONS = _words(
    "в во из изо под подо над у около возле близ за до от к ко по на через между с со о об "
    "про і й з із зі під біля поблизу до від через між по in near over at from to of outside "
    "around"
)
# "Жители Орла", "мешканці Куп'янська": the people of a place name it as a place.
_RESIDENT_WORDS = _words(
    "жители жителей жителям жителями жительница житель мешканці мешканців мешканцям "
    "мешканцями жителі жителів residents"
)
_SETTLEMENT_WORDS = _words(
    "г гор город города городе городу городом пгт п пос поселок поселка поселке поселку "
    "поселком поселки поселков с село села селе селу селом сел сёл сёла д дер деревня деревни "
    "деревне деревню деревней ст станица станицы станице станицу станицей ст-ца ст-це ст-цы х "
    "хут хутор хутора хуторе хутору хутором аул аула ауле слобода слободы слободе мкр "
    "микрорайон микрорайоне нп н.п населенный населенного населенном місто міста місті містом "
    "селище селища селищі селищем смт сел села селі town village villages city settlement "
    "hamlet"
)
# Words after which an unknown capitalised name is taken as a settlement.
_UNKNOWN_SETTLEMENT_WORDS = _words(
    "пгт п пос поселок поселка поселке поселку поселком с село села селе селу селом д дер "
    "деревня деревни деревне деревню деревней ст станица станицы станице станицу станицей х "
    "хут хутор хутора хуторе хутору хутором аул аула ауле слобода слободы слободе селище "
    "селища селищі смт village hamlet"
)
# Abbreviations that mean a settlement only when written with a dot ("с." but not "с").
_NEEDS_DOT = frozenset(["г", "п", "с", "д", "ст", "х", "хут", "пос", "дер", "сел", "мкр", "нп"])
_STREET_WORDS = _words(
    "ул улица улице улицы улицу улицей пр просп проспект проспекте проспекта пер переулок "
    "переулке переулка бульвар бульваре бульвара б-р пл площадь площади шоссе наб набережная "
    "набережной тупик проезд проезде им имени станция станции метро  вул "
    "вулиця вулиці вулицю провулок провулку проспекті площа площі бульварі шосе street st "
    "avenue ave road rd square"
)
_NOT_AFTER_NAME = ("район", "округ", "улиц", "проспект", "шоссе", "шосе", "переул", "бульвар",
                   "вокзал", "вулиц", "провул", "площад", "мікрорайон", "микрорайон", "масив",
                   "массив", "громад", "district", "street", "avenue", "highway")
_AND = frozenset({"и", "і", "й", "та", "and"})
_ADJECTIVAL_NAME = re.compile(r"(ая|яя|ий|ый|ой|ое|ее|ська|цька|ське|цьке|ський|цький)$")
_DISTRICT_NOUNS = ("район", "округ", "громад", "муниципальн", "городск", "міськ")
_ADJECTIVE_TAIL = re.compile(
    r"(?:ск|цк|зк|ськ|цьк|зьк)(?:ий|ого|ому|им|ом|ая|ой|ую|ое|ие|их|ими|а|ої|ій|у|ою|е|і|ім)$"
)
_SPORT_WORDS = _words(
    "матч матча матче матчей футбол футбола футболу футболе футбольный футбольного "
    "футбольному рпл рфпл фнл фк пфк клуб клуба клубе клубу забил забила забили сыграл "
    "сыграла сыграли сыграет обыграл обыграли победил проиграл ничья вничью болельщики "
    "болельщиков болельщикам фанаты фанатов тренер тренера гол гола голы голом счет чемпионат "
    "чемпионата кубок кубка кубке тур тура туре стадион стадионе нападающий вратарь "
    "полузащитник форвард лига лиги лиге хоккей хоккейный кхл баскетбол єдина футбольний "
    "зіграв забив вболівальники ліга football match fc club scored goal league cup coach fans "
    "stadium"
)
_CLUB_PREFIXES = frozenset({"фк", "пфк", "хк", "фсм", "fc", "сфк"})
_OPEN_QUOTES = '"«„“\''
_CLOSE_QUOTES = '"»“”\''
_NOT_ALERT = ".!?\"»'"
_SENTENCE_END = ".!?…\n"
_ISO = re.compile(r"^(ru|ua)-[a-z0-9]{1,3}$", re.IGNORECASE)


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


class Gazetteer:
    def __init__(self, data: dict) -> None:
        try:
            if data.get("version") != DATA_VERSION:
                raise GazetteerError(
                    f"gazetteer data version {data.get('version')!r}, expected {DATA_VERSION}"
                )
            self._regions = {
                row[0]: RegionInfo(row[0], row[1], row[2], row[3], row[4], row[5],
                                   float(row[6]), float(row[7]))
                for row in data["regions"]
            }
            self._places = [
                Place(name=row[0], region=row[1], lat=row[2], lon=row[3], kind=row[4])
                for row in data["places"]
            ]
            self._population = [int(row[5]) for row in data["places"]]
            self._region_place = {row[0]: int(row[8]) for row in data["regions"]}
            self._capital_of = {int(row[9]): row[0] for row in data["regions"]
                                if row[0] not in _CITY_REGIONS}
            self._forms: dict[str, list[int]] = data["forms"]
            self._stems: dict[str, list[int]] = data.get("stems", {})
            names = data["names"]
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise GazetteerError(f"gazetteer data is malformed: {exc!r}") from exc
        self._span: dict[str, int] = {}
        for key in self._forms:
            if " " in key:
                parts = key.split(" ")
                if len(parts) > self._span.get(parts[0], 1):
                    self._span[parts[0]] = min(len(parts), _MAX_SPAN)
        self._fuzzy_names = [name for name, _ in names]
        self._fuzzy_index = [int(index) for _, index in names]

    # -- loading -------------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | Path = DATA_PATH) -> Gazetteer:
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
        return cls(data)

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

    def find(self, text: str, home_region: str | None = None) -> list[PlaceMention]:
        """Places named in ``text``, in text order, without overlaps."""
        if not isinstance(text, str):
            raise TypeError(f"find() needs the post text as str, not {type(text).__name__}")
        if not text:
            return []
        tokens = tokenize(text)
        raws = self._scan(text, tokens)
        if not raws:
            return []
        return self._resolve(text, tokens, raws, home_region)

    def _scan(self, text: str, tokens: list[Token]) -> list[_Raw]:
        raws: list[_Raw] = []
        n = len(tokens)
        i = 0
        forms = self._forms
        spans = self._span
        while i < n:
            norm = tokens[i].norm
            if len(norm) < 3 and norm not in spans:  # short words are never names alone
                i += 1
                continue
            span = min(spans.get(norm, 1), n - i)
            found = False
            for k in range(span, 0, -1):
                if k == 1:
                    codes = forms.get(norm)
                    if codes is None and "є" in norm and len(norm) > 5:
                        codes = self._alternated(norm)
                else:
                    if not _joined(text, tokens, i, k):
                        continue
                    codes = forms.get(" ".join(t.norm for t in tokens[i:i + k]))
                if codes is None:
                    continue
                candidates = self._admit(text, tokens, i, k, codes)
                if candidates:
                    raws.append(_Raw(i, i + k, candidates))
                    i += k
                    found = True
                    break
            if not found and i + 1 < n and (
                tokens[i + 1].norm.startswith(_DISTRICT_NOUNS)
                or (tokens[i + 1].norm in _AND and i + 3 < n
                    and tokens[i + 3].norm.startswith(_DISTRICT_NOUNS))
            ):
                derived = self._derived_district(text, tokens, i)
                if derived:
                    raws.append(derived)
                    i = derived.last
                    continue
            if not found and i and (tokens[i - 1].norm in _UNKNOWN_SETTLEMENT_WORDS
                                    or tokens[i - 1].norm == "of"):
                unknown = self._unknown_settlement(text, tokens, i)
                if unknown:
                    raws.append(unknown)
                    i = unknown.last
                else:
                    i += 1
            elif not found:
                i += 1
        return raws

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
        self, text: str, tokens: list[Token], i: int, k: int, codes: list[int]
    ) -> list[_Candidate]:
        """The candidates of an n-gram that the context allows."""
        first = tokens[i]
        prev = _previous_word(text, tokens, i)
        if prev in _STREET_WORDS:
            return []
        if self._is_club(text, tokens, i, k, prev):
            return []
        capital = first.text[:1].isupper()
        after_settlement_word = prev in _SETTLEMENT_WORDS
        nxt = tokens[i + k].norm if i + k < len(tokens) else ""
        # "Каширское шоссе", "Слободской район" of a city: a street or a part of a city
        named_part = nxt.startswith(_NOT_AFTER_NAME) and _joined(text, tokens, i + k - 1, 2)
        candidates: list[_Candidate] = []
        for code in codes:
            index, flags = divmod(code, _FLAG_BITS)
            kind = self._places[index].kind
            if named_part and kind != "district" and (kind != "region" or flags):
                continue
            if kind == "settlement":
                if not capital and self._population[index] < _BIG_CITY:
                    continue
                if flags & _HOMONYM:
                    if not capital:
                        continue
                    if not (after_settlement_word or prev in _PREPOSITIONS
                            or prev in _RESIDENT_WORDS
                            or _hash_before(text, first.start)
                            or self._alert_line_name(text, tokens, i, k, index, flags)
                            or self._big_city_mid_sentence(text, first.start, index, flags)):
                        if flags & _PERSON:
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
        if not _starts_alert_line(text, tokens, i, k):
            return False
        if not flags & _PERSON:
            return True
        name = self._places[index].name.lower().replace("ё", "е")
        return name == " ".join(t.norm for t in tokens[i:i + k])

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
        return any(t.norm in _SPORT_WORDS for t in window)

    def _derived_district(self, text: str, tokens: list[Token], i: int) -> _Raw | None:
        """"Кстовском округе", "Золочівська громада": a district named after its town."""
        word = tokens[i]
        match = _ADJECTIVE_TAIL.search(word.norm)
        if not word.text[:1].isupper() or match is None:
            return None
        coordinated = tokens[i + 1].norm in _AND  # "Лискинским и Острогожским районами"
        if not coordinated and not _joined(text, tokens, i, 2):
            return None
        base = word.norm[: match.start()].removesuffix("ь")  # Краснопільська → краснопіл
        indices: list[int] = []
        for stem in (base, base + "ск", base + "ськ", base[:-2] if len(base) > 5 else ""):
            indices.extend(self._stems.get(stem, ()))
        if not indices:
            return None
        last = i + 1 if coordinated else i + 2
        noun = tokens[i + 3].norm if coordinated else tokens[i + 1].norm
        if not coordinated and noun.startswith(("муниципальн", "городск", "міськ")):
            if last >= len(tokens) or not tokens[last].norm.startswith(("округ", "громад")):
                return None
            noun = tokens[last].norm
            last += 1
        ukrainian = bool(re.search("[іїєґ]", word.norm)) or noun.startswith("громад")
        adjective = word.text[: match.start()] + ("ськ" if ukrainian else "ск")
        if noun.startswith("громад"):
            name = adjective + "а громада"
        else:
            name = adjective + "ий " + ("округ" if noun.startswith("округ") else "район")
        return _Raw(i, last, [_Candidate(ix, 0) for ix in dict.fromkeys(indices)], name)

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
        last = i + 1
        # "село Новая Таволжанка": take a second capitalised word joined by a blank
        if (last < len(tokens) and tokens[last].text[:1].isupper()
                and text[word.end:tokens[last].start] == " "
                and tokens[last].norm not in self._forms):
            last += 1
        return _Raw(i, last, [])

    def _resolve(
        self, text: str, tokens: list[Token], raws: list[_Raw], home_region: str | None
    ) -> list[PlaceMention]:
        home = home_region.strip().upper() if home_region else None
        named_regions: list[str] = []
        sure_regions: set[str] = set()
        region_names = {  # regions named as regions (not via a district or a town)
            self._places[raw.candidates[0].index].region for raw in raws
            if raw.candidates and not raw.derived
            and all(self._places[c.index].kind == "region" for c in raw.candidates)
        }
        # A homonym without context ("Калинівка на Вінниччині") stays only if the post names
        # its region.
        kept: list[_Raw] = []
        for raw in raws:
            if raw.candidates and not raw.derived:
                raw.candidates = [
                    c for c in raw.candidates
                    if not c.flags & _UNSURE or self._places[c.index].region in region_names
                ]
                if not raw.candidates:
                    continue
            kept.append(raw)
        raws = kept
        for raw in raws:
            if not raw.candidates or raw.derived:
                continue
            regions = {self._places[c.index].region for c in raw.candidates}
            if len(regions) == 1:
                region = next(iter(regions))
                sure_regions.add(region)
                if self._places[raw.candidates[0].index].kind in ("region", "district"):
                    named_regions.append(region)

        def rank(candidate: _Candidate) -> tuple:
            place = self._places[candidate.index]
            return (
                place.kind == "region",
                place.region in named_regions,
                place.region in sure_regions,
                place.region == home,
                place.kind == "settlement",
                self._weight(candidate),
            )

        context_region = named_regions[0] if named_regions else None
        mentions: list[PlaceMention] = []
        for raw in raws:
            start, end = tokens[raw.first].start, tokens[raw.last - 1].end
            surface = text[start:end]
            if raw.derived:
                # only a town of a region the post (or the channel) is about
                allowed = sure_regions | {home}
                towns = [c for c in raw.candidates
                         if self._places[c.index].region in allowed]
                regions = {self._places[c.index].region for c in raw.candidates}
                if not towns and not allowed - {None} and len(regions) == 1:
                    towns = raw.candidates  # the post names no region; the name is unique
                if not towns:
                    continue
                town = self._places[max(towns, key=rank).index]
                place = Place(name=raw.derived, region=town.region, lat=town.lat, lon=town.lon,
                              kind="district")
            elif raw.candidates:
                best = self._dominant(raw.candidates) or max(raw.candidates, key=rank)
                place = self._places[best.index]
                if best.index in self._capital_of and _ENGLISH_REGIONS_AFTER.match(text, end):
                    place = self._places[self._region_place[self._capital_of[best.index]]]
                if (place.kind == "district" and region_names
                        and place.region not in region_names | {home}):
                    continue  # "Кировский район" of another region than the post's
                if (named_regions and place.region not in named_regions
                        and place.kind == "settlement"
                        and self._population[best.index] < _SMALL_PLACE):
                    # a village of that name elsewhere; the post says which region it is in
                    place = Place(name=place.name, region=named_regions[0], kind="settlement")
                if context_region is None:
                    context_region = place.region
            else:
                region = context_region or home or self._first_region(raws)
                if region is None:
                    continue  # an unknown village with no region anywhere: not a usable place
                place = Place(name=surface, region=region, lat=None, lon=None,
                              kind="settlement")
            mentions.append(PlaceMention(start, end, surface, place))
        return mentions

    def _dominant(self, candidates: list[_Candidate]) -> _Candidate | None:
        """A big city that dwarfs its namesakes: Запоріжжя is the city whatever the post says."""
        if len(candidates) < 2:
            return None
        ranked = sorted(candidates, key=self._weight, reverse=True)
        top, second = ranked[0], ranked[1]
        if (self._places[top.index].kind == "settlement"
                and self._weight(top) >= _DOMINANT_CITY
                and self._weight(top) >= 10 * self._weight(second)
                and not any(self._places[c.index].kind == "region" for c in candidates)):
            return top
        return None

    def _weight(self, candidate: _Candidate) -> float:
        """Population, cut tenfold when the name is only an alias of the place."""
        population = self._population[candidate.index]
        return population / 10 if candidate.flags & _ALIAS else population

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


@functools.cache
def _default() -> Gazetteer:
    return Gazetteer.load(DATA_PATH)


def _gap(text: str, start: int, end: int) -> str:
    return text[start:end]


def _joined(text: str, tokens: list[Token], i: int, k: int) -> bool:
    """Tokens i..i+k-1 are one name: only blanks or a single dot between them."""
    for j in range(i, i + k - 1):
        gap = text[tokens[j].end:tokens[j + 1].start]
        if len(gap) > 3 or gap.strip(" .\u00a0") or gap.count(".") > 1:
            return False
    return True


def _previous_word(text: str, tokens: list[Token], i: int) -> str:
    """The norm of the token before i when only blanks or a dot separate them ('' if none).

    A one-letter abbreviation such as "с" or "г" counts only when written with its dot.
    """
    if i == 0:
        return ""
    prev = tokens[i - 1]
    gap = text[prev.end:tokens[i].start]
    if len(gap) > 3 or gap.strip(" .\u00a0"):
        return ""
    if prev.norm in _NEEDS_DOT and "." not in gap:
        return "" if prev.norm in ("с", "п", "д", "х") else prev.norm
    return prev.norm


def _hash_before(text: str, start: int) -> bool:
    return start > 0 and text[start - 1] == "#"


def _sentence_initial(text: str, start: int) -> bool:
    j = start - 1
    while j >= 0 and not text[j].isalnum():
        if text[j] in _SENTENCE_END:
            return True
        j -= 1
    return j < 0


def _starts_alert_line(text: str, tokens: list[Token], i: int, k: int) -> bool:
    """The name opens its line and is followed by a separator: "Орёл / Опасность по БПЛА"."""
    line_start = text.rfind("\n", 0, tokens[i].start) + 1
    if any(c.isalnum() for c in text[line_start:tokens[i].start]):
        return False
    rest = text[tokens[i + k - 1].end:].lstrip(" \t")
    # "Орёл / Опасность", "Курчатов 🚨 ракетная опасность", "Орёл:" or the name alone
    return not rest or rest[0] == "\n" or not (rest[0].isalnum() or rest[0] in _NOT_ALERT)
