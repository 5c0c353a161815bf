"""Words, sentences and lemmas: pymorphy3 for Russian and Ukrainian, Snowball for English.

Lemmas are cached per (word, language): posts repeat the same few thousand words, and a
cache hit is a dictionary look-up instead of a morphological analysis.
"""

from __future__ import annotations

import importlib
import re
from functools import lru_cache
from itertools import accumulate, repeat
from pathlib import Path
from typing import NamedTuple

import pymorphy3
import snowballstemmer

from bot.detect.normalize import SPLIT_FROM, split_ends, split_words


def word_set(text: str) -> frozenset[str]:
    """A set of words written as one space-separated string."""
    return frozenset(text.split())


# Possessive quantifiers: the classes do not overlap, so nothing is given back, and the
# engine keeps no backtracking state (about a tenth faster).
_WORD = re.compile(r"[^\W\d_]++(?:['’ʼ][^\W\d_]++)*+|\d++", re.UNICODE)
_WORD_SPLIT = re.compile(f"({_WORD.pattern})")


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    """Abbreviations kept as they are (lower-cased), never run through the analyser: the
    ``[abbreviations]`` table of bot/data/lexicon/morphology.toml."""
    from bot.detect.lexicon import data

    return data().abbreviations


@lru_cache(maxsize=1)
def stem_keys() -> tuple[str, ...]:
    """Stems of words the analysers do not know (``[stems]`` of morphology.toml)."""
    from bot.detect.lexicon import data

    return data().stems


@lru_cache(maxsize=1)
def future_forms() -> frozenset[str]:
    """Forms of the future of быть/бути (``[future]`` of morphology.toml): one key for all."""
    from bot.detect.lexicon import data

    return data().future


# The key every future form of быть/бути is matched by: «ночь будет громкой» is a forecast,
# «ночь была громкой» (lemma «быть») a report.
FUTURE_KEY = "будет"

# The analyser's tags of a name: a surname, a first name or patronymic, a place, an organisation.
_PROPER = frozenset({"Surn", "Name", "Patr", "Geox", "Orgn"})


class Word(NamedTuple):
    text: str
    start: int
    end: int
    lemma: str
    is_number: bool = False


@lru_cache(maxsize=4)
def _analyzer(lang: str) -> pymorphy3.MorphAnalyzer:
    # Given only a language, pymorphy3 looks for its dictionary among the entry points of
    # every installed distribution (tens of milliseconds); the dictionary package says where
    # it is.
    dictionaries = importlib.import_module(f"pymorphy3_dicts_{lang}")
    return pymorphy3.MorphAnalyzer(path=dictionaries.get_path(), lang=lang)


_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=50_000)
def _tense(word: str, lang: str) -> str | None:
    """A finite verb's tense ("past", "pres", "futr"), else None."""
    tag = _analyzer(lang).parse(word)[0].tag
    return tag.tense if tag.POS == "VERB" else None


def told_in_past(words: list[Word], lang: str) -> bool:
    """Every finite verb of the words is in the past tense, and there is one («ворог
    спрямував на область безпілотники»; not «шахеди пролетіли Черкаси, летять на Київ»)."""
    if lang not in ("ru", "uk"):
        return False
    tenses = {t for w in words if not w.is_number and (t := _tense(w.text.lower(), lang))}
    return tenses == {"past"}


def lemma_sources(analyser: str) -> tuple[list[Path], list[str]]:
    """What an analyser's lemmas depend on beyond our code, for the cache's key: the files
    of its dictionary's description and of the English stemmer, and the versions of
    pymorphy3 and of the dictionary."""
    dictionaries = importlib.import_module(f"pymorphy3_dicts_{analyser}")
    english = Path(snowballstemmer.__file__).resolve().parent / "english_stemmer.py"
    files = [Path(dictionaries.get_path()) / "meta.json", english]
    versions = [f"pymorphy3 {pymorphy3.__version__}",
                f"{dictionaries.__name__} {getattr(dictionaries, '__version__', '?')}"]
    return files, versions


def fold(text: str) -> str:
    return text.lower().replace("ё", "е").replace("’", "'").replace("ʼ", "'")


def _morphology(lang: str) -> str:
    """The analyser a language's words go through: Ukrainian's, else Russian's (English posts
    quote Russian words). Caches are kept per analyser, so an English post reuses the lemmas
    Russian posts already paid for."""
    return "uk" if lang == "uk" else "ru"


def lemma(word: str, lang: str) -> str:
    """Lemma of a lower-cased word: dictionary form for Cyrillic, Snowball stem for Latin."""
    return _lemma(word, _morphology(lang))


@lru_cache(maxsize=200_000)
def _lemma(word: str, analyser: str) -> str:
    word = fold(word)
    if word in abbreviations() or word.isdigit():
        return word
    if word in future_forms():
        return FUTURE_KEY
    if word.isascii():
        return _STEMMER.stemWord(word)
    return fold(_analyzer(analyser).parse(word)[0].normal_form)


def in_dictionary(parse: object) -> bool:
    """A reading the dictionary has for the whole word, not one the analyser guessed (from a
    known ending, or a known word after an unknown prefix: «журав» + «лёвка»)."""
    stack = parse.methods_stack  # type: ignore[attr-defined]
    return len(stack) == 1 and type(stack[0][0]).__name__ == "DictionaryAnalyzer"


def name_key(word: str, lang: str) -> str | None:
    """The key of a capitalised word if it is a name (see _name_key), else None."""
    return _name_key(word.lower(), _morphology(lang))


@lru_cache(maxsize=50_000)
def _name_key(word: str, analyser: str) -> str | None:
    """The key of a capitalised word that the dictionary knows, as written, as a name whose
    likelier reading is a common noun of another lemma: «Песков» (not «песок»), «Газа» (not
    «газ»). Only the name's own nominative counts (the name as written is its lemma), only
    dictionary readings (not the guesser's), and never a word the lexicon is written with
    («Арта», «Дронов» stay the lexicon's words)."""
    from bot.detect.lexicon import written_words

    word = fold(word)
    if word in written_words():
        return None
    return word if _a_dictionary_name(word, analyser) else None


def dictionary_name(word: str, lang: str) -> bool:
    """Whether the dictionary knows ``word`` (lower case), as written, as a name whose likelier
    reading is a common noun of another lemma, whatever the lexicon is written with: what a
    lower-case lexicon entry must not spell unless the lexicon's reading is meant to win (the
    guard in tests/test_lexicon_names.py)."""
    return _a_dictionary_name(fold(word.lower()), _morphology(lang))


def _a_dictionary_name(word: str, analyser: str) -> bool:
    if not word.isalpha() or word.isascii():
        return False
    parses = _analyzer(analyser).parse(word)
    top = parses[0]
    if top.tag.POS != "NOUN" or _PROPER & top.tag.grammemes:
        return False
    return any(
        parse.tag.POS == "NOUN"
        and _PROPER & parse.tag.grammemes
        and fold(parse.normal_form) == word
        and in_dictionary(parse)
        for parse in parses[1:]
    )


_UK_ONLY = re.compile("[іїєґ'’ʼ]")
_RU_ONLY = re.compile("[ыэъё]")
# Parts of speech that are never a place's name in the Ukrainian dictionary, which marks no
# names: its common nouns show their animacy first in the tag ("NOUN,inan masc" for «вікна»,
# "NOUN,masc,inan" for «харків»), as scripts/inflect.py's is_common_word reads it for the
# gazetteer's build.
_UK_COMMON_POS = frozenset({
    "ADJF", "ADJS", "COMP", "VERB", "INFN", "PRTF", "PRTS", "GRND", "NUMR", "ADVB", "NPRO",
    "PRED", "PREP", "CONJ", "PRCL", "INTJ",
})  # fmt: skip


@lru_cache(maxsize=20_000)
def everyday_word(word: str, lang: str) -> bool | None:
    """Whether a lower-case word is an everyday word (not only a name) in the dictionary of
    its language (its letters', else ``lang``'s): None when the dictionary does not know it.
    A possessive adjective («тёткино», «бабкино») counts as no everyday word: in the news it
    is a village's name."""
    if _UK_ONLY.search(word):
        tried = ("uk",)
    elif _RU_ONLY.search(word):
        tried = ("ru",)
    else:  # letters both alphabets have: the text's language first, then the other's
        tried = ("uk", "ru") if _morphology(lang) == "uk" else ("ru", "uk")
    for analyser in tried:
        parses = [p for p in _analyzer(analyser).parse(word) if in_dictionary(p)]
        if parses:
            return _everyday(parses, analyser)
    return None


def _everyday(parses: list, analyser: str) -> bool:
    """Whether one of a dictionary's readings is an everyday word's (see everyday_word)."""
    for parse in parses:
        tag = parse.tag
        if _PROPER & tag.grammemes or "Poss" in tag.grammemes:
            continue
        if analyser == "ru" or tag.POS in _UK_COMMON_POS or str(tag).startswith(
            ("NOUN,inan ", "NOUN,anim ")
        ):
            return True
    return False


_SHOUTED = 4  # an all-caps word this long and not a known abbreviation is a word
_INFLECTED_ABBREVIATION = re.compile(r"^([A-ZА-ЯЁІЇЄҐ]{2,})[a-zа-яёіїєґ]{1,3}$")


def word_key(surface: str, lang: str) -> str:
    """The lemma a surface form is matched by; short mixed-case words are abbreviations
    (БПЛА, БпЛА, ПВО, SHOT) and stay as they are, lower-cased."""
    return _word_key(surface, _morphology(lang))


@lru_cache(maxsize=200_000)
def _word_key(surface: str, lang: str) -> str:
    if (
        2 <= len(surface) <= 8
        and not surface[1:].islower()
        and not surface.isdigit()
        and not (
            # A long word in capitals ("РАКЕТНАЯ ОПАСНОСТЬ") is a word, not an abbreviation.
            len(surface) >= _SHOUTED
            and surface.isupper()
            and surface.lower() not in abbreviations()
        )
    ):
        # "КАБів", "БПЛАs": an abbreviation with an inflection ending.
        match = _INFLECTED_ABBREVIATION.match(surface)
        return fold(match.group(1) if match else surface)
    if len(surface) > 2 and surface[0].isupper() and surface[1:].islower():
        name = _name_key(surface.lower(), lang)
        if name is not None:
            return name
    return stem_key(lemma(surface.lower(), lang))


def stem_key(key: str) -> str:
    """Words the analysers do not know get odd guessed lemmas ("шахеда" -> "шахедо"):
    they are matched by their stem instead."""
    for stem in stem_keys():
        if key.startswith(stem):
            return stem
    return key


# A plain dict per analyser in front of word_key (surface -> key; a digit run is its own
# key): cheaper than the lru_cache's tuple keys.
_KEY_CACHE: dict[str, dict[str, str]] = {}
_KEY_CACHE_SIZE = 300_000


def words(text: str, lang: str) -> list[Word]:
    """Words and digit runs of a text with their offsets and lemmas."""
    analyser = _morphology(lang)
    keys = _KEY_CACHE.setdefault(analyser, {})
    if len(text) < SPLIT_FROM:
        return _few_words(text, keys, analyser)
    # The split at word tokens the language test made (the gazetteer's tokens come from it
    # too): where each of its tokens is one word (no hyphen, no digits beside letters: most
    # texts), the words are those tokens, and no other split is needed.
    parts = split_words(text)
    try:
        whole = all(map(_WHOLE.__getitem__, parts[1::2]))
    except KeyError:
        whole = all(map(_whole, parts[1::2]))
    if whole:
        ends = split_ends(text)
    else:
        parts = _WORD_SPLIT.split(text)
        ends = list(accumulate(map(len, parts)))
    # One split gives the words and the gaps between them in turn (gap, word, gap, ..., gap),
    # and the running sum of their lengths each word's offsets: no match object and no Python
    # step per word.
    surfaces = parts[1::2]
    starts, ends = ends[:-1:2], ends[1::2]
    try:
        lemmas = list(map(keys.__getitem__, surfaces))
    except KeyError:
        lemmas = [_key(surface, keys, analyser) for surface in surfaces]
    numbers = map(str.isdigit, surfaces)
    return list(map(_new, repeat(Word), zip(surfaces, starts, ends, lemmas, numbers, strict=True)))


def _whole(token: str) -> bool:
    """Whether a word token (letters, digits, inner hyphens and apostrophes) is one word of
    ``_WORD`` as a whole, kept per token. A word never runs over a token's ends (the gaps
    between tokens hold no letter or digit), so a text whose tokens are all whole words has
    those tokens as its words."""
    whole = _WHOLE.get(token)
    if whole is None:
        whole = _WORD.fullmatch(token) is not None
        if len(_WHOLE) < _KEY_CACHE_SIZE:
            _WHOLE[token] = whole
    return whole


_WHOLE: dict[str, bool] = {}


def _few_words(text: str, keys: dict[str, str], analyser: str) -> list[Word]:
    out: list[Word] = []
    append = out.append
    find = text.find
    end = 0
    # findall and find are cheaper than a match object per word. The first letter or digit
    # at or after the previous word's end always starts the next word, so find() lands on it.
    for surface in _WORD.findall(text):
        start = find(surface, end)
        end = start + len(surface)
        key = keys.get(surface)
        if key is None:
            key = _key(surface, keys, analyser)
        append(_new(Word, (surface, start, end, key, surface.isdigit())))
    return out


def _key(surface: str, keys: dict[str, str], analyser: str) -> str:
    """The surface's key, kept in ``keys``: a digit run is its own."""
    key = keys.get(surface)
    if key is None:
        key = surface if surface.isdigit() else _word_key(surface, analyser)
        if len(keys) < _KEY_CACHE_SIZE:
            keys[surface] = key
    return key


# NamedTuple's generated __new__ is Python code; tuple.__new__ builds the same Word in C.
_new = tuple.__new__


# The gap after a sentence: after its end mark (group 1), or a line break (group 2). The
# mark is matched, not looked behind for: a look-behind is tried at every character.
_SENTENCE_END = re.compile(r"[.!?…]([\"»”)]*\s+)|(\n+)")


_SHORT_FORMS = frozenset(
    [
        "ед",
        "шт",
        "г",
        "гг",
        "обл",
        "р-н",
        "ул",
        "им",
        "тыс",
        "млн",
        "с",
        "пос",
        "пгт",
        "д",
        "ст",
        "mr",
        "dr",
        "st",
        # Ukrainian: «13 тис. грн», «вул. Шевченка», «смт. Козелець», «м. Київ».
        "тис",
        "млрд",
        "вул",
        "смт",
        "м",
        "ім",
        "пров",
        "просп",
    ]
)
_LAST_WORD = re.compile(r"([\w-]+)\W*$")


def _ends_with_abbreviation(text: str, end: int) -> bool:
    if end == 0 or text[end - 1] not in '."»”)':
        return False
    head = text[max(0, end - 12) : end].rstrip('"»”)')
    if not head.endswith("."):
        return False
    if len(head) >= 5 and head[-5:-1].isalpha():
        return False  # four letters or more before the dot: longer than any short form
    if head.lower().endswith(("a.m.", "p.m.")):
        return True
    match = _LAST_WORD.search(head[:-1])
    return match is not None and match.group(1).lower() in _SHORT_FORMS


class Sentence(NamedTuple):
    start: int
    end: int
    paragraph: int


def sentences(text: str) -> list[Sentence]:
    """Sentences with offsets; a blank line starts a new paragraph."""
    out: list[Sentence] = []
    append = out.append
    paragraph = 0
    pos = 0
    for match in _SENTENCE_END.finditer(text):
        group = match.lastindex
        assert group is not None  # every alternative of the pattern is a group
        start, end = match.span(group)
        gap = match.group(group)
        newline = "\n" in gap
        if not newline and _ends_with_abbreviation(text, start):
            continue
        if start > pos and not text[pos:start].isspace():
            append(_new(Sentence, (pos, start, paragraph)))
        if newline and gap.count("\n") >= 2:
            paragraph += 1
        pos = end
    if pos < len(text) and not text[pos:].isspace():
        append(_new(Sentence, (pos, len(text), paragraph)))
    return out
