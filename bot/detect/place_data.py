"""The reviewed data behind place resolution: channel shorthand for districts and regions,
sea areas (bot/data/place_shorthand.txt), the words that make a place an
origin, a destination or a launch site (bot/data/place_roles.txt), the renamed Ukrainian
towns whose old names are still in use (bot/data/renamed_places.txt), airports and industrial
sites by their own names (bot/data/airports.txt, bot/data/industrial_sites.txt) and the people
of a town as officials address them (bot/data/residents.txt). Loaded once."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bot.detect.normalize import tokenize

__all__ = [
    "Airport", "LocalPlace", "PlaceData", "PlaceDataError", "Renamed", "Residents", "Shorthand",
    "place_data", "read_airports", "read_local_places", "read_renamed", "read_residents",
    "read_sites",
]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
_ISO = re.compile(r"^(RU|UA)-[A-Z0-9]{1,3}$")
# a district adjective's nominative ending: «Выгоничский» has the stem «выгоничск»
_ADJECTIVE_END = re.compile(r"(?:ий|ый|ой|ій)$")
ROLE_KINDS = ("origin", "origin-region", "launch-area", "destination", "target", "launch")


class PlaceDataError(ValueError):
    """A line of a place data file is malformed."""


@dataclass(frozen=True)
class Shorthand:
    key: str  # normalised words, blank-separated
    regions: tuple[str, ...]
    stem: str = ""  # district stem, for a district
    name: str = ""  # what to show: the district's or sea's full name
    alone: bool = False  # a district's short form that names it by itself («Бгд», «Шбк»)


@dataclass(frozen=True)
class Renamed:
    """A renamed town: its old names still in use, and the town as the gazetteer names it."""

    old_names: tuple[str, ...]
    name: str
    region: str


@dataclass(frozen=True)
class Airport:
    """An airport («Пулково», «Курумоч») or an industrial site («Сызранский НПЗ», «КИНЕФ»)
    by its own name: where it is."""

    name: str
    region: str
    lat: float
    lon: float
    always: bool  # the name alone is the airport; else only in a post about flights
    kind: str = "airport"  # the Place kind: "airport" or "site"


@dataclass(frozen=True)
class Residents:
    """The people of a town («орчане»: Орск) or of a whole region (town "")."""

    town: str
    region: str


@dataclass
class PlaceData:
    districts: dict[str, Shorthand] = field(default_factory=dict)
    regions: dict[str, Shorthand] = field(default_factory=dict)
    seas: dict[str, Shorthand] = field(default_factory=dict)
    # a district adjective's stem as channels misspell it -> the stem the villages file has
    spellings: dict[str, str] = field(default_factory=dict)
    # a channel username's shorthand for a region («yar», «nn», «lenobl») -> its ISO code
    usernames: dict[str, str] = field(default_factory=dict)
    roles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    renamed: tuple[Renamed, ...] = ()
    airports: dict[str, Airport] = field(default_factory=dict)  # key of each name form
    residents: dict[str, Residents] = field(default_factory=dict)  # key of each case form
    span: int = 1  # longest key, in words
    # kind -> a phrase's last word -> its phrases (longest first) with their words
    _by_last: dict[str, dict[str, list[tuple[str, list[str]]]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def role_before(self, kind: str, words: list[str]) -> str | None:
        """The phrase of ``kind`` that ``words`` (normalised, in order) end with."""
        if not words:
            return None
        by_last = self._by_last.get(kind)
        if by_last is None:
            # Only phrases ending with the last word can match: indexed by it once.
            by_last = self._by_last[kind] = {}
            for phrase in self.roles.get(kind, ()):
                parts = phrase.split(" ")
                by_last.setdefault(parts[-1], []).append((phrase, parts))
        for phrase, parts in by_last.get(words[-1], ()):
            if len(parts) <= len(words) and all(
                # "летевш*" stands for every ending of the word: «летевший», «летевших»
                word.startswith(part[:-1]) if part.endswith("*") else word == part
                for word, part in zip(words[len(words) - len(parts):], parts, strict=True)
            ):
                return phrase
        return None


def key_of(text: str) -> str:
    return " ".join(t.norm for t in tokenize(text))


def _fields(path: Path, number: int, line: str, count: int) -> list[str]:
    parts = [p.strip() for p in line.split("|")]
    if len(parts) != count or not all(parts):
        raise PlaceDataError(f"{path.name}:{number}: expected {count} fields, got {line!r}")
    return parts


def _data_lines(path: Path) -> Iterator[tuple[int, str]]:
    """A data file's lines with their numbers, comments («#» to the end) and blank lines left
    out."""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if line:
            yield number, line


def _regions(path: Path, number: int, text: str) -> tuple[str, ...]:
    codes = tuple(c.strip() for c in text.split(","))
    for code in codes:
        if not _ISO.match(code):
            raise PlaceDataError(f"{path.name}:{number}: {code!r} is not an ISO 3166-2 code")
    return codes


def read_renamed(path: Path = DATA_DIR / "renamed_places.txt") -> tuple[Renamed, ...]:
    """«Красноармейск = Покровськ, UA-14  # source» lines; a bad line names file and line."""
    out: list[Renamed] = []
    for number, line in _data_lines(path):
        old, sep, new = line.partition("=")
        name, comma, region = new.rpartition(",")
        olds = tuple(o.strip() for o in old.split(","))
        if not sep or not comma or not name.strip() or not all(olds):
            raise PlaceDataError(
                f"{path.name}:{number}: expected 'Old name[, other] = Name, REGION', got {line!r}"
            )
        (code,) = _regions(path, number, region.strip())
        if not code.startswith("UA-"):
            raise PlaceDataError(f"{path.name}:{number}: {code!r} is not a Ukrainian region")
        out.append(Renamed(olds, name.strip(), code))
    return tuple(out)


# An adjective opening a site's name, in every case: «Сызранский НПЗ» → «Сызранского НПЗ»;
# a feminine noun of one word in «-а» goes with it: «Великолукская нефтебаза» → «Великолукскую
# нефтебазу»; and the Ukrainian feminine in «-ська», «-цька»: «Бурштинська ТЕС» →
# «Бурштинській ТЕС». Other nouns («НПЗ», «ТЕС») are written as given; a name of three words
# or more is read only as written.
_ADJECTIVE_CASES = {
    "ий": (("ий", ""), ("ого", ""), ("ом", ""), ("ому", ""), ("им", "")),
    "ый": (("ый", ""), ("ого", ""), ("ом", ""), ("ому", ""), ("ым", "")),
    "ая": (("ая", "а"), ("ой", "ы"), ("ой", "е"), ("ую", "у"), ("ой", "ой")),
    "ка": (("ка", "а"), ("кої", "и"), ("кій", "і"), ("ку", "у"), ("кою", "ою")),
}


def _site_forms(name: str) -> list[str]:
    first, blank, rest = name.partition(" ")
    ending = first[-2:]
    if not blank or " " in rest or not first[:1].isupper() or ending not in _ADJECTIVE_CASES:
        return [name]
    declined = rest.endswith("а")
    return [f"{first[:-2]}{adjective} {rest[:-1] + noun if declined and noun else rest}"
            for adjective, noun in _ADJECTIVE_CASES[ending]]


@dataclass(frozen=True)
class LocalPlace:
    """A part of a big city, a nickname of one, or a settlement as local channels name it
    (bot/data/local_places.txt): the gazetteer's build adds it."""

    names: tuple[str, ...]  # the nominatives, as written in posts («Троя», «Лісовий масив»)
    forms: tuple[str, ...]  # every form as written, the names and their other cases
    shown: str  # the name a card shows
    city: str  # the city it is a part of (or the settlement itself)
    region: str
    population: int
    own_city_only: bool  # "city": only where the post or the channel is about the city


def read_local_places(path: Path = DATA_DIR / "local_places.txt") -> tuple[LocalPlace, ...]:
    """«Троя; Трої, Трою | Троєщина | Київ | UA-30 | 0 | city» lines: the nominatives, then
    after «;» the other forms."""
    out: list[LocalPlace] = []
    for number, line in _data_lines(path):
        forms, shown, city, region, population, when = _fields(path, number, line, 6)
        (code,) = _regions(path, number, region)
        if when not in ("always", "city"):
            raise PlaceDataError(f"{path.name}:{number}: when is 'always' or 'city', not {when!r}")
        if not population.isdigit():
            raise PlaceDataError(f"{path.name}:{number}: population {population!r} is no number")
        nominatives, _, others = forms.partition(";")
        names = tuple(f.strip() for f in nominatives.split(","))
        every = names + tuple(f.strip() for f in others.split(",") if others.strip())
        if not all(every):
            raise PlaceDataError(f"{path.name}:{number}: an empty name form in {forms!r}")
        if any(not form[:1].isupper() for form in every):
            raise PlaceDataError(f"{path.name}:{number}: a form is written with its capital")
        out.append(LocalPlace(names, every, shown, city, code, int(population), when == "city"))
    return tuple(out)


def read_sites(path: Path = DATA_DIR / "industrial_sites.txt") -> dict[str, Airport]:
    """Industrial sites, in airports.txt's format (when is "always"), as kind "site"."""
    return read_airports(path, kind="site")


def read_airports(path: Path = DATA_DIR / "airports.txt",
                  kind: str = "airport") -> dict[str, Airport]:
    """«Курумоч, Курумоче | RU-SAM | lat | lon | Самара | always» lines, by each form's key."""
    out: dict[str, Airport] = {}
    for number, line in _data_lines(path):
        forms, region, lat, lon, _city, when = _fields(path, number, line, 6)
        (code,) = _regions(path, number, region)
        allowed = ("always", "aviation") if kind == "airport" else ("always",)
        if when not in allowed:
            raise PlaceDataError(
                f"{path.name}:{number}: when is {' or '.join(map(repr, allowed))}, not {when!r}"
            )
        try:
            latitude, longitude = float(lat), float(lon)
        except ValueError:
            raise PlaceDataError(
                f"{path.name}:{number}: {lat!r}, {lon!r} are not coordinates"
            ) from None
        names = [f.strip() for f in forms.split(",")]
        if not all(names):
            raise PlaceDataError(f"{path.name}:{number}: an empty name form in {forms!r}")
        airport = Airport(names[0], code, latitude, longitude, when == "always", kind)
        for name in names:
            for form in _site_forms(name) if kind == "site" else [name]:
                out[key_of(form)] = airport
    return out


# The case forms of the people of a town from its nominative plural: «орчане» → «орчан»,
# «белгородцы» → «белгородцев», «москвичи» → «москвичей», «пермяки» → «пермяков»; and the
# Ukrainian ones: «вінничани» → «вінничан», «павлоградці» → «павлоградців», «одесити» →
# «одеситів».
_RESIDENT_CASES = (
    (("ане", "яне", "ани", "яни"), 1, ("", "ам", "ами", "ах")),
    (("цы",), 1, ("ев", "ам", "ами", "ах")),
    (("ці",), 1, ("ів", "ям", "ями", "ях")),
    (("чи", "жи", "ши"), 1, ("ей", "ам", "ами", "ах")),
    (("ки",), 1, ("ов", "ам", "ами", "ах")),
    (("ити",), 1, ("ів", "ам", "ами", "ах")),
)


def _resident_forms(word: str) -> list[str]:
    for endings, cut, cases in _RESIDENT_CASES:
        if word.endswith(endings):
            return [word] + [word[:-cut] + case for case in cases]
    return [word]


def read_residents(path: Path = DATA_DIR / "residents.txt") -> dict[str, Residents]:
    """«орчане | Орск | RU-ORE» lines (town "-" for a whole region), by each case form's key."""
    out: dict[str, Residents] = {}
    for number, line in _data_lines(path):
        words, town, region = _fields(path, number, line, 3)
        (code,) = _regions(path, number, region)
        entry = Residents("" if town == "-" else town, code)
        forms = [w.strip() for w in words.split(",")]
        if not all(forms) or any(f != f.lower() or " " in f for f in forms):
            raise PlaceDataError(f"{path.name}:{number}: one lower-case word a form, got {words!r}")
        for form in (f for first in forms for f in _resident_forms(first)):
            out[key_of(form)] = entry
    return out


def load(shorthand: Path = DATA_DIR / "place_shorthand.txt",
         roles: Path = DATA_DIR / "place_roles.txt",
         renamed: Path = DATA_DIR / "renamed_places.txt",
         airports: Path = DATA_DIR / "airports.txt",
         residents: Path = DATA_DIR / "residents.txt",
         sites: Path = DATA_DIR / "industrial_sites.txt") -> PlaceData:
    data = PlaceData(renamed=read_renamed(renamed),
                     airports={**read_sites(sites), **read_airports(airports)},
                     residents=read_residents(residents))
    for number, raw in enumerate(shorthand.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        kind = line.split("|", 1)[0].strip()
        if kind == "district":
            alone = line.rsplit("|", 1)[1].strip() == "alone"
            _, short, region, stem, name, *_ = _fields(shorthand, number, line, 6 if alone else 5)
            entry = Shorthand(key_of(short), _regions(shorthand, number, region), stem, name,
                              alone)
            data.districts[entry.key] = entry
        elif kind == "regions":
            _, short, regions = _fields(shorthand, number, line, 3)
            entry = Shorthand(key_of(short), _regions(shorthand, number, regions), name=short)
            data.regions[entry.key] = entry
        elif kind == "sea":
            _, name, shown = _fields(shorthand, number, line, 3)
            entry = Shorthand(key_of(name), (), name=shown)
            data.seas[entry.key] = entry
        elif kind == "spelling":
            _, written, right = _fields(shorthand, number, line, 3)
            stems = [_ADJECTIVE_END.sub("", key_of(w)) for w in (written, right)]
            if " " in written or " " in right or stems[0] == key_of(written):
                raise PlaceDataError(
                    f"{shorthand.name}:{number}: a spelling is one district adjective, "
                    f"got {written!r}"
                )
            data.spellings[stems[0]] = stems[1]
        elif kind == "username":
            _, short, region = _fields(shorthand, number, line, 3)
            if not re.fullmatch(r"[a-z]{2,}", short):
                raise PlaceDataError(
                    f"{shorthand.name}:{number}: a username shorthand is Latin lower-case "
                    f"letters, got {short!r}"
                )
            (data.usernames[short],) = _regions(shorthand, number, region)
        elif kind == "noun":
            # District nouns and their abbreviations are places.toml's (`district_nouns`,
            # `district_abbreviations`): one file for one kind of knowledge.
            raise PlaceDataError(
                f"{shorthand.name}:{number}: district nouns belong in places.toml "
                "(district_nouns, district_abbreviations), not here"
            )
        else:
            raise PlaceDataError(f"{shorthand.name}:{number}: unknown kind {kind!r}")
    role_lists: dict[str, list[str]] = {k: [] for k in ROLE_KINDS}
    for number, raw in enumerate(roles.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        kind, phrase = _fields(roles, number, line, 2)
        if kind not in role_lists:
            raise PlaceDataError(f"{roles.name}:{number}: unknown kind {kind!r}")
        # A final "*" keeps a word's endings open ("летевш* на"); key_of would drop it.
        role_lists[kind].append(" ".join(
            key_of(part[:-1]) + "*" if part.endswith("*") else key_of(part)
            for part in phrase.split()
        ))
    # longest phrase first, so "из-под" wins over "из"
    data.roles = {k: tuple(sorted(set(v), key=lambda p: -len(p.split(" "))))
                  for k, v in role_lists.items()}
    keys = [*data.districts, *data.regions, *data.seas, *data.airports]
    data.span = max((len(k.split(" ")) for k in keys), default=1)
    return data


@functools.cache
def place_data() -> PlaceData:
    return load()
