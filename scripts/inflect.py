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


# Ending rules for words the dictionary does not know, by case: (ending, [(cases, new
# ending)]). A phrase's words are put in the same case («Большой Змеинец» → «в Большом
# Змеинце»), so each form says which cases it is.
_RU_ADJ = [
    ("ский", [("gent", "ского"), ("datv", "скому"), ("ablt", "ским"), ("loct", "ском")]),
    ("цкий", [("gent", "цкого"), ("datv", "цкому"), ("ablt", "цким"), ("loct", "цком")]),
    ("кий", [("gent", "кого"), ("datv", "кому"), ("ablt", "ким"), ("loct", "ком")]),
    ("гий", [("gent", "гого"), ("datv", "гому"), ("ablt", "гим"), ("loct", "гом")]),
    ("ий", [("gent", "его"), ("datv", "ему"), ("ablt", "им"), ("loct", "ем")]),
    ("ый", [("gent", "ого"), ("datv", "ому"), ("ablt", "ым"), ("loct", "ом")]),
    ("ой", [("gent", "ого"), ("datv", "ому"), ("ablt", "ым"), ("loct", "ом")]),
    ("ая", [("gent datv ablt loct", "ой"), ("accs", "ую"), ("ablt", "ою")]),
    ("яя", [("gent datv ablt loct", "ей"), ("accs", "юю")]),
    ("ое", [("gent", "ого"), ("datv", "ому"), ("ablt", "ым"), ("loct", "ом")]),
    ("ее", [("gent", "его"), ("datv", "ему"), ("ablt", "им"), ("loct", "ем")]),
    ("ые", [("gent loct", "ых"), ("datv", "ым"), ("ablt", "ыми")]),
    ("ие", [("gent loct", "их"), ("datv", "им"), ("ablt", "ими")]),
]
_UK_ADJ = [
    ("ький", [("gent", "ького"), ("datv", "ькому"), ("ablt", "ьким"), ("loct", "ькім")]),
    ("ий", [("gent", "ого"), ("datv", "ому"), ("ablt", "им"), ("loct", "ім")]),
    ("ська", [("gent", "ської"), ("datv loct", "ській"), ("accs", "ську"), ("ablt", "ською")]),
    ("цька", [("gent", "цької"), ("datv loct", "цькій"), ("accs", "цьку"), ("ablt", "цькою")]),
    ("ське", [("gent", "ського"), ("datv", "ському"), ("ablt", "ським"), ("loct", "ськім")]),
    ("цьке", [("gent", "цького"), ("datv", "цькому"), ("ablt", "цьким"), ("loct", "цькім")]),
    ("ські", [("gent loct", "ських"), ("datv", "ським"), ("ablt", "ськими")]),
]
# Nouns by their last letter: (cases, new ending) for the stem less that letter.
_RU_NOUN = {
    "а": [("gent", "ы"), ("datv loct", "е"), ("accs", "у"), ("ablt", "ой")],
    "я": [("gent", "и"), ("datv loct", "е"), ("accs", "ю"), ("ablt", "ей")],
    "о": [("gent", "а"), ("datv", "у"), ("ablt", "ом"), ("loct", "е")],
    "ь": [("gent", "я"), ("gent datv loct", "и"), ("datv", "ю"), ("ablt", "ем"),
          ("ablt", "ью"), ("loct", "е")],
    "й": [("gent", "я"), ("datv", "ю"), ("ablt", "ем"), ("loct", "е")],
}
_UK_NOUN = {
    "а": [("gent", "и"), ("gent datv loct", "і"), ("accs", "у"), ("ablt", "ою")],
    "я": [("gent datv loct", "і"), ("gent datv loct", "ї"), ("accs", "ю"), ("ablt", "ею"),
          ("ablt", "єю")],
    "о": [("gent", "а"), ("datv loct", "у"), ("ablt", "ом"), ("ablt", "ем"), ("loct", "і")],
    "ь": [("gent", "я"), ("gent datv loct", "і"), ("datv", "ю"), ("ablt", "ем")],
}
_RU_CONSONANT = [("gent", "а"), ("datv", "у"), ("ablt", "ом"), ("loct", "е")]
_UK_CONSONANT = [("gent", "а"), ("gent datv loct", "у"), ("ablt", "ом"), ("loct", "і"),
                 ("datv", "ові")]
_VOWELS = set("аеёиоуыэюяіїє")


def _add(out: dict[str, set[str]], stem: str, rules: list[tuple[str, str]]) -> None:
    for cases, ending in rules:
        for case in cases.split():
            out.setdefault(case, set()).add(stem + ending)


def _rule_cases(word: str, lang: str) -> dict[str, set[str]]:
    """Case → forms of a word the dictionary does not know, by its ending; "nomn" is the word
    itself."""
    out: dict[str, set[str]] = {"nomn": {word}}
    if len(word) < 3:
        return out
    for ending, rules in _RU_ADJ if lang == "ru" else _UK_ADJ:
        if word.endswith(ending):
            _add(out, word[: -len(ending)], rules)
            return out
    last, stem = word[-1], word[:-1]
    if lang == "ru":
        if last == "а":
            hard = stem[-1] in "кгхжшчщ"
            _add(out, stem, [("gent", "и" if hard else "ы"), *_RU_NOUN["а"][1:]])
            if stem[-1] in "жшчщц":
                _add(out, stem, [("ablt", "ей")])
        elif last == "я":
            _add(out, stem, _RU_NOUN["я"])
        elif last in "ое" and word[-2:] not in ("ье",) and stem[-1] not in _VOWELS:
            _add(out, stem, _RU_NOUN["о"])
        elif last in ("ь", "й"):
            _add(out, stem, _RU_NOUN[last])
        elif last in "иы" and len(word) > 3 and stem[-1] not in _VOWELS:
            for cases, form in _ru_plural(stem, last):
                _add(out, form, [(cases, "")])
        elif last not in _VOWELS:
            _add(out, word, _RU_CONSONANT)
            if word.endswith("ец"):
                _add(out, word[:-2] + "ц", _RU_CONSONANT)
    else:
        if last == "а":
            _add(out, stem, _UK_NOUN["а"])
            if stem.endswith("к"):
                _add(out, stem[:-1], [("datv loct", "ці")])
        elif last == "я":
            _add(out, stem, _UK_NOUN["я"])
        elif last in "ое" and stem[-1] not in _VOWELS:
            _add(out, stem, _UK_NOUN["о"])
        elif last == "ь":
            _add(out, stem, _UK_NOUN["ь"])
        elif last not in _VOWELS and last != "'":
            _add(out, word, _UK_CONSONANT)
            match = re.search(r"і([^аеиоуіїєюя']+)$", word)
            if match:  # Харків → Харкова, Львів → Львова
                _add(out, word[: match.start()] + "о" + match.group(1), _UK_CONSONANT)
    return out


def _ru_plural(stem: str, last: str) -> list[tuple[str, str]]:
    """(cases, form) of a name in the plural («Павлинки», «Летошники», «Выгоничи», «Холмы»):
    its dative, instrumental and locative are regular; its genitive is «-ов» after a hard
    stem («-ев» after «ц»), also «-ок» where «-ки» follows a consonant («Павлинок»), «-ей»
    after a hushing or soft one."""
    if last == "ы" or stem[-1] in "кгх":
        # «Абросимовцы» → «Абросимовцев»
        forms = [("datv", "ам"), ("ablt", "ами"), ("loct", "ах"),
                 ("gent", "ев" if stem[-1] == "ц" else "ов")]
        out = [(cases, stem + ending) for cases, ending in forms]
        if stem[-1] == "к" and stem[-2] not in _VOWELS:
            out.append(("gent", stem[:-1] + "ок"))
        return out
    soft = stem[-1] not in "жшчщц"
    forms = [("datv", "ям" if soft else "ам"), ("ablt", "ями" if soft else "ами"),
             ("loct", "ях" if soft else "ах"), ("gent", "ей")]
    return [(cases, stem + ending) for cases, ending in forms]


def _rule_forms(word: str, lang: str) -> set[str]:
    return set().union(*_rule_cases(word, lang).values())


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
    # Unknown words in a phrase: their ending rules, each word in the same case as the others
    # («Большой Змеинец» → «большом змеинце», never «большой змеинца»).
    cases = [f or _rule_cases(w, lang) for f, w in zip(per_word, words, strict=True)]
    out = {" ".join(words)}
    for case in sorted(set().union(*cases) - {"nomn"}):
        choices = [sorted(f.get(case, {w})) for f, w in zip(cases, words, strict=True)]
        out.update(" ".join(combo) for combo in itertools.product(*choices))
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
    return word_forms(word, lang) or _rule_cases(word, lang)


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
