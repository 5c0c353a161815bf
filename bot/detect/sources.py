"""Who a post cites, and whether it is (or quotes) an official statement."""

from __future__ import annotations

import re
from dataclasses import dataclass

OFFICIAL_SOURCES = frozenset(
    {
        "Ministry of Defence",
        "governor",
        "mayor",
        "emergency services",
        "operational HQ",
        "Air Force",
        "regional administration",
    }
)

_OUTLETS: tuple[tuple[str, str], ...] = (
    ("SHOT", r"\bSHOT\b|@shot_shot\b|\bШОТ\b|\bShot(?=\s*(?:$|[.,:;)—-]))"),
    ("Mash", r"\bMash\b|\bMASH\b|@mash\b|\bМаш\b"),
    ("Baza", r"\bBaza\b|\bBAZA\b|@bazabazon\b|(?:[—-]|по данным|пишет|сообщает)\s+Баз[аы]\b"),
    ("Life", r"\bLife\b(?!\s+(?:is|goes))|\bЛайф\b|@life\b"),
    ("RIA Novosti", r"\bРИА\b|\bRIA\b"),
    ("TASS", r"\bТАСС\b|\bTASS\b"),
    ("Interfax", r"Интерфакс|Interfax"),
    ("Astra", r"\bAstra\b|\bASTRA\b|\bАстра\b|@astrapress\b"),
    ("Readovka", r"Readovka|Ридовка"),
    ("Podyom", r"Подъ[её]м|Podyom|Podyem"),
    ("Rybar", r"Рыбарь|Rybar"),
    ("RBC", r"\bРБК\b|\bRBC\b"),
    ("Kommersant", r"Коммерсант|Kommersant"),
    ("Izvestia", r"Известия|Izvestia"),
    ("Ukrainska Pravda", r"Українськ\w+ правд\w+|Ukrainska Pravda"),
    ("Suspilne", r"Суспільне|Suspilne"),
    ("Reuters", r"\bReuters\b"),
    (
        "Ministry of Defence",
        r"Минобороны|Министерств\w+ обороны|\bМО РФ\b|Міноборони"
        r"|Міністерств\w+ оборони|Ministry of Defen[cs]e|Defen[cs]e Ministry|\bMoD\b"
        r"|[Дд]ежурными средствами ПВО",  # the ministry's own formula for its summaries
    ),
    (
        "governor",
        r"[Гг]убернатор\w*|\b[Gg]overnor\b|(?:голов\w*|начальник\w*) (?:\w+ )?О[ВД]А\b"
        r"|глав\w+ (?:региона|области|республики)",
    ),
    ("mayor", r"\b[Мм]эр\w*|\b[Mm]ayor\b|міськ\w+ голов\w+|[Мм]іський голова|глав\w+ города"),
    (
        "emergency services",
        r"\bМЧС\b|\bДСНС\b|EMERCOM|[Ee]mergency [Ss]ervices?"
        r"|State Emergency Service|[Рр]ятувальник\w*|[Сс]пасател\w*",
    ),
    (
        "operational HQ",
        r"[Оо]перштаб\w*|[Оо]перативн\w+ штаб\w*|[Oo]perational (?:headquarters|HQ)",
    ),
    ("Air Force", r"Повітрян\w+ сил\w*|Воздушн\w+ сил\w+ (?:ВСУ|Украины)|\bAir Force\b"),
    ("Kremlin", r"\bПесков\w*|\bPeskov\b|\bKremlin\b|\bКремл\w*"),
)
# Lower-case fragments one of which every match of a source's pattern contains: a cheap
# substring test decides which patterns are worth running on a post.
_TRIGGERS: dict[str, tuple[str, ...]] = {
    "SHOT": ("shot", "шот"),
    "Mash": ("mash", "маш"),
    "Baza": ("baza", "баз"),
    "Life": ("life", "лайф"),
    "RIA Novosti": ("риа", "ria"),
    "TASS": ("тасс", "tass"),
    "Interfax": ("интерфакс", "interfax"),
    "Astra": ("astra", "астра"),
    "Readovka": ("readovka", "ридовка"),
    "Podyom": ("подъ", "podyo", "podye"),
    "Rybar": ("рыбар", "rybar"),
    "RBC": ("рбк", "rbc"),
    "Kommersant": ("коммерсант", "kommersant"),
    "Izvestia": ("известия", "izvestia"),
    "Ukrainska Pravda": ("правд", "pravda"),
    "Suspilne": ("суспільне", "suspilne"),
    "Reuters": ("reuters",),
    "Ministry of Defence": ("оборон", "мо рф", "defen", "mod", "дежурными средствами"),
    "governor": ("губернатор", "governor", " ова", " ода", "глава ", "главы ", "главой "),
    "mayor": ("мэр", "mayor", "міськ", "главы города", "глава города"),
    "emergency services": ("мчс", "дснс", "emercom", "emergenc", "рятувальн", "спасател"),
    "operational HQ": ("оперштаб", "оперативн", "operational"),
    "Air Force": ("повітрян", "воздушн", "air force"),
    "Kremlin": ("песков", "peskov", "kremlin", "кремл"),
}
_COMPILED = tuple((name, re.compile(pattern)) for name, pattern in _OUTLETS)
_FLAT_TRIGGERS = tuple(
    (trigger, name) for name, triggers in _TRIGGERS.items() for trigger in triggers
)
# A text without a Latin letter holds none of the Latin triggers: they are not tried.
_LATIN_LETTER = re.compile("[a-z]")
_NON_LATIN_TRIGGERS = tuple(t for t in _FLAT_TRIGGERS if not _LATIN_LETTER.search(t[0]))
_MENTION = re.compile(r"(?<![\w@])@([A-Za-z][A-Za-z0-9_]{3,31})\b")
_KNOWN_HANDLES = {"shot_shot": "SHOT", "mash": "Mash", "bazabazon": "Baza", "astrapress": "Astra"}

# A sentence that says the official side has NOT spoken does not make a post official.
_NOT_OFFICIAL = re.compile(
    r"\bне\s+(?:подтвер|сообща|комментир|дал|дали|выступ)|\bне\s+\w+\s+(?:подтвер|коммент)"
    r"|\bне\s+надходил|\bне\s+коментув|\bнічого не|\bпока не\b"
    r"|\bnot\s+(?:yet\s+)?(?:been\s+)?(?:officially\s+)?(?:confirm|comment|issue|release|provide)"
    r"|\bno\s+(?:official|formal)|\byet to\b|\bhave not\b|\bhas not\b|\bdid not\b|\bwithout\b"
    r"|\bunverified\b|\bunconfirmed\b|\breluctant\b|\babsence of\b|\black of\b",
    re.IGNORECASE,
)
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


def find_sources(text: str, forwarded_from: str | None = None) -> SourceFindings:
    """Cited outlets and authorities in order of first mention, and whether any is official."""
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
        if handle.lower().endswith("bot"):
            continue  # a channel's bot takes readers' reports; it is not a source
        found.setdefault(_KNOWN_HANDLES.get(handle.lower(), "@" + handle.lower()), None)
    if forwarded_from:
        name = _KNOWN_HANDLES.get(forwarded_from.lower().lstrip("@"), forwarded_from)
        found.setdefault(name, None)
    return SourceFindings(tuple(found), official)
