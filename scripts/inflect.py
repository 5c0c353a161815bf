"""Case forms of place names in Russian and Ukrainian, for the gazetteer build.

pymorphy3 inflects names its dictionaries know; other words get ending rules. Only used by
scripts/build_gazetteer.py, never at runtime.
"""

from __future__ import annotations

import functools
import itertools
import re

import pymorphy3

RU_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct", "gen2", "loc2")
UK_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_PROPER = {"Geox", "Name", "Surn", "Patr", "Orgn", "Trad"}
_PREPOSITION_LINKS = {"на", "над", "под", "он", "upon", "на-", "в", "у"}


@functools.cache
def analyzer(lang: str) -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer(lang=lang)


def _dictionary_parses(word: str, lang: str) -> list:
    return [
        p
        for p in analyzer(lang).parse(word)
        if len(p.methods_stack) == 1
        and type(p.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"
    ]


def _pick_parse(word: str, lang: str, noun: bool = False):
    """The dictionary parse to inflect a place-name word from, or None to use ending rules.
    ``noun``: the word is the head of a name of several words, a noun where the dictionary
    has one («Горішні Плавні»: the floodplains, not the adjective «плавні», smooth)."""
    parses = [p for p in _dictionary_parses(word, lang) if _fold(p.word) == _fold(word)]
    if not parses:
        return None

    def rank(p) -> tuple[int, int, int, int]:
        tag = p.tag
        return (
            "Geox" in tag.grammemes,
            tag.case == "nomn",
            tag.POS in ("NOUN", "ADJF"),
            noun and tag.POS == "NOUN",
        )

    best = max(parses, key=rank)
    if best.tag.case != "nomn" or best.tag.POS not in ("NOUN", "ADJF"):
        return None
    return best


_RU_ADJ = [
    ("ский", ["ского", "скому", "ским", "ском"]),
    ("цкий", ["цкого", "цкому", "цким", "цком"]),
    ("кий", ["кого", "кому", "ким", "ком"]),
    ("гий", ["гого", "гому", "гим", "гом"]),
    ("ий", ["его", "ему", "им", "ем"]),
    ("ый", ["ого", "ому", "ым", "ом"]),
    ("ой", ["ого", "ому", "ым", "ом"]),
    ("ая", ["ой", "ую", "ою"]),
    ("яя", ["ей", "юю"]),
    ("ое", ["ого", "ому", "ым", "ом"]),
    ("ее", ["его", "ему", "им", "ем"]),
    ("ые", ["ых", "ым", "ыми"]),
    ("ие", ["их", "им", "ими"]),
]
_UK_ADJ = [
    ("ький", ["ького", "ькому", "ьким", "ькім"]),
    ("ий", ["ого", "ому", "им", "ім"]),
    ("ська", ["ської", "ській", "ську", "ською"]),
    ("цька", ["цької", "цькій", "цьку", "цькою"]),
    ("ська", ["ської"]),
    ("ське", ["ського", "ському", "ським", "ськім"]),
    ("цьке", ["цького", "цькому", "цьким", "цькім"]),
    ("ські", ["ських", "ським", "ськими"]),
]
_VOWELS = set("аеёиоуыэюяіїє")


def _rule_forms(word: str, lang: str) -> set[str]:
    forms = {word}
    if len(word) < 3:
        return forms
    for ending, replacements in _RU_ADJ if lang == "ru" else _UK_ADJ:
        if word.endswith(ending):
            stem = word[: -len(ending)]
            forms.update(stem + r for r in replacements)
            return forms
    last, stem = word[-1], word[:-1]
    if lang == "ru":
        if last == "а":
            hard = stem[-1] in "кгхжшчщ"
            forms.update(stem + e for e in ("и" if hard else "ы", "е", "у", "ой"))
            if stem[-1] in "жшчщц":
                forms.add(stem + "ей")
        elif last == "я":
            forms.update(stem + e for e in ("и", "е", "ю", "ей"))
        elif last in "ое" and word[-2:] not in ("ье",) and stem[-1] not in _VOWELS:
            forms.update(stem + e for e in ("а", "у", "ом", "е"))
        elif last == "ь":
            forms.update(stem + e for e in ("я", "ю", "ем", "е", "и", "ью"))
        elif last == "й":
            forms.update(stem + e for e in ("я", "ю", "ем", "е"))
        elif last not in _VOWELS:
            forms.update(word + e for e in ("а", "у", "ом", "е"))
            if word.endswith("ец"):
                forms.update(word[:-2] + "ц" + e for e in ("а", "у", "ом", "е"))
    else:
        if last == "а":
            forms.update(stem + e for e in ("и", "і", "у", "ою"))
            if stem.endswith("к"):
                forms.add(stem[:-1] + "ці")
        elif last == "я":
            forms.update(stem + e for e in ("і", "ї", "ю", "ею", "єю"))
        elif last in "ое" and stem[-1] not in _VOWELS:
            forms.update(stem + e for e in ("а", "у", "ом", "ем", "і"))
        elif last == "ь":
            forms.update(stem + e for e in ("я", "ю", "ем", "і"))
        elif last not in _VOWELS and last != "'":
            forms.update(word + e for e in ("а", "у", "ом", "і", "ові"))
            match = re.search(r"і([^аеиоуіїєюя']+)$", word)
            if match:  # Харків → Харкова, Львів → Львова
                alt = word[: match.start()] + "о" + match.group(1)
                forms.update(alt + e for e in ("а", "у", "ом", "і", "ові"))
    return forms


_CASE_ALIASES = {"gen2": "gent", "loc2": "loct", "acc2": "accs", "voct": "nomn"}


def _is_adjective(word: str, lang: str) -> bool:
    parse = _pick_parse(word, lang)
    return parse is not None and parse.tag.POS == "ADJF"


def word_forms(word: str, lang: str, noun: bool = False) -> dict[str, set[str]]:
    """Case → forms of one lower-case word from the dictionary; {} when the word is unknown.
    ``noun``: as _pick_parse's."""
    parse = _pick_parse(word, lang, noun)
    if parse is None:
        return {}
    number = parse.tag.number
    out: dict[str, set[str]] = {}
    gender = parse.tag.gender if parse.tag.POS == "ADJF" else None
    for form in parse.lexeme:
        tag = form.tag
        if tag.number != number or (gender and tag.gender != gender) or not tag.case:
            continue
        if tag.POS != parse.tag.POS or {"Supr", "Cmp2", "Arch"} & tag.grammemes:
            continue
        case = _CASE_ALIASES.get(tag.case, tag.case)
        out.setdefault(case, set()).add(_fold(form.word))
    return out


def _fold(word: str) -> str:
    return word.replace("ё", "е")


def _inflect_words(words: list[str], lang: str) -> set[str]:
    """Forms of a phrase whose words agree in case ("старый оскол" → "старого оскола")."""
    # «Горішні Плавні»: after an adjective the last word is the head noun («Гаврилівка Друга»:
    # after a noun it is an adjective itself).
    after_adjective = len(words) > 1 and _is_adjective(words[-2], lang)
    per_word = [word_forms(w, lang, noun=after_adjective and i == len(words) - 1)
                for i, w in enumerate(words)]
    if all(per_word):
        out = {" ".join(words)}
        for case in per_word[-1]:
            choices = [sorted(f.get(case, {w})) for f, w in zip(per_word, words, strict=True)]
            out.update(" ".join(combo) for combo in itertools.product(*choices))
        return out
    if len(words) == 1:
        return _rule_forms(words[0], lang)
    # Unknown words in a phrase: rule forms per word, aligned by their position in the list.
    rules = [sorted(_rule_forms(w, lang) - {w}) for w in words]
    out = {" ".join(words)}
    width = max(len(r) for r in rules)
    for i in range(width):
        out.add(" ".join(r[i] if i < len(r) else w for r, w in zip(rules, words, strict=True)))
    return out


def _hyphen_forms(name: str, lang: str) -> set[str]:
    parts = name.split("-")
    known = word_forms(name, lang)
    if known and "Geox" in _pick_parse(name, lang).tag.grammemes:
        return set().union(*known.values()) | {name}
    if len(parts) >= 3 and parts[1] in _PREPOSITION_LINKS:  # Ростов-на-Дону
        tail = "-" + "-".join(parts[1:])
        return {f + tail for f in _inflect_words([parts[0]], lang)}
    last = parts[-1]
    head = "-".join(parts[:-1])
    if re.search(r"(ский|цкий|ський|цький|ая|ска|ська)$", last) and not head.endswith(("о", "и")):
        # Каменск-Шахтинский: both parts decline
        first = _by_case(parts[0], lang)
        second = _by_case(last, lang)
        out = {name}
        for case, forms in first.items():
            for a, b in itertools.product(forms, second.get(case, ())):
                out.add(a + "-" + b)
        if len(out) > 1:
            return out
    return {head + "-" + f for f in _inflect_words([last], lang)}


def _by_case(word: str, lang: str) -> dict[str, set[str]]:
    known = word_forms(word, lang)
    if known:
        return known
    forms = sorted(_rule_forms(word, lang) - {word})
    return {"nomn": {word}} | {f"r{i}": {f} for i, f in enumerate(forms)}


def name_forms(name: str, lang: str) -> set[str]:
    """Every case form of a place name (lower case, ё folded), including the name itself."""
    name = name.lower().replace("’", "'").strip()
    words = name.split()
    out: set[str] = set()
    if len(words) == 1 and "-" in name:
        out = _hyphen_forms(name, lang)
    else:
        out = _inflect_words(words, lang)
    return {_fold(f) for f in out}


_UK_COMMON_POS = {
    "ADJF",
    "ADJS",
    "COMP",
    "VERB",
    "INFN",
    "PRTF",
    "PRTS",
    "GRND",
    "NUMR",
    "ADVB",
    "NPRO",
    "PRED",
    "PREP",
    "CONJ",
    "PRCL",
    "INTJ",
}


def is_common_word(form: str, lang: str) -> bool:
    """True when a single lower-case word is also an ordinary (not proper) word.

    The Ukrainian dictionary marks no place names; its common nouns show their animacy
    first in the tag ("NOUN,inan masc" for "вікна", but "NOUN,masc,inan" for "харків").
    """
    for p in _dictionary_parses(form, lang):
        tag = p.tag
        if _PROPER & tag.grammemes:
            continue
        if lang == "ru":
            return True
        if tag.POS in _UK_COMMON_POS or str(tag).startswith(("NOUN,inan ", "NOUN,anim ")):
            return True
    return False


def is_personal_name(form: str, lang: str) -> bool:
    """True when the word is also a first name, surname or patronymic."""
    return any({"Name", "Surn", "Patr"} & p.tag.grammemes for p in _dictionary_parses(form, lang))


def is_known_name(name: str, lang: str) -> bool:
    """True when the dictionary knows the (last word of the) name: as a place for Russian,
    at all for Ukrainian (whose dictionary marks no places)."""
    word = name.lower().split()[-1]
    parses = _dictionary_parses(word, lang)
    if lang == "uk":
        return bool(parses)
    return any("Geox" in p.tag.grammemes for p in parses)
