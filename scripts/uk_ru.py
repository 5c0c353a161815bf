"""Russian spellings of Ukrainian place names, by rule, for the gazetteer build.

Russian-language channels write Ukrainian villages in Russian: Михайлівка → Михайловка,
Новоолександрівка → Новоалександровка, Веселе → Веселое, Кам'янка → Каменка. The rules cover
the regular patterns of place names; irregular ones (Київ → Киев) come from GeoNames' own
Russian names in the core gazetteer. A name may get two spellings where Russian usage varies
(Дмитрівка → Дмитровка / Дмитриевка). Names the rules get wrong (Вугледар → Угледар,
Олешки → Алешки) are listed in the reviewed file bot/data/uk_ru_names.txt. Only used by
scripts/build_villages.py.
"""

from __future__ import annotations

import re
from pathlib import Path

EXCEPTIONS = Path(__file__).resolve().parent.parent / "bot" / "data" / "uk_ru_names.txt"

# Stem replacements (anywhere in a lower-cased word); a tuple gives alternative spellings.
_STEMS: list[tuple[str, tuple[str, ...]]] = [
    ("олександр", ("александр",)),
    ("володимир", ("владимир", "володимир")),
    ("харків", ("харьков", "харков")),
    ("запоріз", ("запорож",)),
    ("охтир", ("ахтыр", "охтыр")),
    ("волноваськ", ("волновахск",)),
    ("куп'ян", ("купян", "купьян")),
    ("ізюм", ("изюм",)),
    ("миколаї", ("николае",)),
    ("микола", ("никола",)),
    ("кам'ян", ("камен",)),
    ("костянтин", ("константин",)),
    ("червоноарм", ("красноарм",)),
    ("п'ят", ("пят",)),
    ("андріїв", ("андреев",)),
    ("сергіїв", ("сергеев",)),
    ("олексіїв", ("алексеев",)),
    ("олекс", ("алекс",)),
    ("григорії", ("григорье",)),
    ("василів", ("васильев",)),
    ("юріїв", ("юрьев",)),
    ("дмитрів", ("дмитриев", "дмитров")),
    ("чугуїв", ("чугуев",)),
    ("богодухів", ("богодухов",)),
    ("пологів", ("пологов",)),
    ("вільн", ("вольн",)),
    ("вільх", ("ольх",)),
    ("вовч", ("волч", "вовч")),
    ("щасл", ("счастл",)),
    ("оріх", ("орех",)),
    ("гірськ", ("горск",)),
    ("пілля", ("полье",)),
    ("сілк", ("селк",)),
    ("біл", ("бел",)),
    # roots whose Ukrainian і or о stands for a Russian е (from the old ѣ and е)
    ("дніпр", ("днепр",)),
    ("сніж", ("снеж",)),
    ("світ", ("свет",)),
    ("сівер", ("север",)),
    ("піск", ("песк",)),
    ("піщан", ("песчан",)),
    ("рубіж", ("рубеж",)),
    ("кремін", ("кремен",)),
    ("кліщ", ("клещ",)),
    ("благовіщ", ("благовещ",)),
    ("чорн", ("черн",)),
    ("шахтар", ("шахтер",)),
    ("глибок", ("глубок",)),
    ("залізн", ("железн",)),
    ("північн", ("северн",)),
    ("південн", ("южн",)),
]
# Word endings (on the lower-cased word), longest first; a tuple gives alternatives
# ("Шевченкове" is Шевченково, "Степове" is Степовое).
_ENDINGS: list[tuple[str, tuple[str, ...]]] = [
    ("іївка", ("еевка", "иевка")),
    ("ілля", ("елье", "илье")),
    ("ївка", ("евка",)),
    ("івка", ("овка",)),
    ("івці", ("овцы",)),
    ("івське", ("овское",)),
    ("ївське", ("евское",)),
    ("ське", ("ское",)),
    ("цьке", ("цкое",)),
    ("ський", ("ский",)),
    ("зький", ("зский",)),
    ("жький", ("жский",)),
    ("цький", ("цкий",)),
    ("ська", ("ская",)),
    ("цька", ("цкая",)),
    ("ськ", ("ск",)),
    ("цьк", ("цк",)),
    ("поле", ("поле",)),
    ("ове", ("ово", "овое")),
    ("еве", ("ево", "евое")),
    ("єве", ("ево", "евое")),
    ("іне", ("ино",)),
    ("їне", ("ино",)),
    ("ине", ("ино",)),
    ("інь", ("ень",)),
    ("не", ("ное",)),
    ("ре", ("рое",)),
    ("ле", ("лое",)),
    ("ке", ("кое",)),
    ("те", ("тое",)),
    ("де", ("дое",)),
    ("пе", ("пое",)),
    ("ве", ("вое",)),
    ("ше", ("шее",)),
    ("же", ("жее",)),
    ("че", ("чье", "чее")),
    ("ще", ("щее",)),
    ("ів", ("ов",)),
    ("ій", ("ий",)),
]
# The adjective before a noun in a two-word name: "Велика Новосілка" → "Великая Новоселка".
_FEMININE_ADJECTIVE = re.compile(r"(?:к|н|р|л|в|т|д|м|б|п|с|з|ч|ж|ш)а$")
_HARD_BEFORE_Y = "кгхжшчщ"
_LETTERS = str.maketrans({"і": "и", "ї": "и", "є": "е", "ґ": "г"})


def _word(word: str, adjective_position: bool) -> list[str]:
    variants = [word.lower().replace("’", "'").replace("ʼ", "'")]
    for old, news in _STEMS:
        variants = [v.replace(old, new) if old in v else v for v in variants for new in news]
        variants = list(dict.fromkeys(variants))
    out: list[str] = []
    for low in variants:
        if adjective_position and low.endswith("ий") and low[-3:-2] not in _HARD_BEFORE_Y:
            out.append(low[:-2] + "ый")
            continue
        if adjective_position and low.endswith("ня"):
            out.append(low + "я")  # Верхня → Верхняя
            continue
        if adjective_position and _FEMININE_ADJECTIVE.search(low):
            out.append(low[:-1] + "ая")
            continue
        for old, news in _ENDINGS:
            if low.endswith(old):
                out.extend(low[: len(low) - len(old)] + new for new in news)
                break
        else:
            out.append(low)
    result = []
    for variant in out:
        variant = variant.replace("ьо", "е").replace("'я", "ья").replace("'ю", "ью")
        variant = variant.replace("'є", "ье").replace("'ї", "ьи").replace("'е", "ье")
        variant = variant.replace("'", "")
        result.append(variant.translate(_LETTERS))
    return list(dict.fromkeys(result))


def read_name_table(path: Path, expected: str) -> dict[str, list[str]]:
    """A reviewed table of spellings: "Name = Spelling, Spelling" lines, # comments; a bad line
    names the file, the line and the ``expected`` shape."""
    table: dict[str, list[str]] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        name, sep, others = (part.strip() for part in line.partition("="))
        spellings = [s.strip() for s in others.split(",") if s.strip()]
        if not sep or not name or not spellings:
            raise ValueError(f"{path}:{number}: expected {expected!r}, got {raw!r}")
        table[name] = spellings
    return table


def load_exceptions(path: Path = EXCEPTIONS) -> dict[str, list[str]]:
    """The reviewed names the rules get wrong: "Вугледар = Угледар" lines."""
    return read_name_table(path, "Українська = Русская")


def russian_spellings(name: str, exceptions: dict[str, list[str]] | None = None) -> list[str]:
    """Russian spellings of a Ukrainian place name (capitalised like the input), the
    Ukrainian name itself excluded; [] when the rules change nothing. A name in
    ``exceptions`` gets the reviewed spellings first, then the rules' ones."""
    reviewed = (exceptions or {}).get(name, [])
    ruled = _ruled(name)
    return [r for r in dict.fromkeys([*reviewed, *ruled]) if r != name]


def _ruled(name: str) -> list[str]:
    parts = re.split(r"([ -])", name)
    words = [p for p in parts if p and p not in (" ", "-")]
    results = [""]
    seen = 0
    for part in parts:
        if part in (" ", "-") or not part:
            results = [r + part for r in results]
            continue
        seen += 1
        forms = _word(part, adjective_position=seen < len(words) and " " in name)
        cased = [f[:1].upper() + f[1:] if part[:1].isupper() else f for f in forms]
        results = [r + f for r in results for f in cased]
    return [r for r in dict.fromkeys(results) if r != name]
