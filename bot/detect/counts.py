"""Numbers a post reports, tied to what they count and where.

"5-7 взрывов", "от пяти до восьми", "between five and seven explosions", "более 20",
"64 — над территорией Брянской области, 9 — над Калужской", "83 drones ... 64 over Bryansk".
A number counts something when an incident word follows it (or, for people, a casualty word
is next to it). A bare number in a per-region list takes the kind of the count before it.
A count with no region that covers later per-region counts of the same kind is a total.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import compress
from operator import itemgetter
from pathlib import Path

from bot.detect import lexicon as lx
from bot.detect.morph import Sentence, Word, fold, word_set
from bot.models import Count

COUNTS_PATH = Path(__file__).resolve().parent.parent / "data" / "counts.toml"
_QUALIFIER_KINDS = ("at_least", "more_than", "up_to", "about")


class CountsDataError(ValueError):
    """bot/data/counts.toml cannot be used; the message names the file and the key."""


def _number_table(text: str, where: str) -> dict[str, int]:
    """ "один=1 два=2" -> {"один": 1, "два": 2}"""
    table: dict[str, int] = {}
    for item in text.split():
        word, _, value = item.partition("=")
        if not word or not value.isdigit():
            raise CountsDataError(f"{COUNTS_PATH.name}: [{where}] {item!r}: not word=number")
        table[word] = int(value)
    return table


def _words(data: dict, key: str) -> tuple[str, ...]:
    words = data.get(key, {}).get("words")
    if not isinstance(words, list) or not words or not all(isinstance(w, str) for w in words):
        raise CountsDataError(f"{COUNTS_PATH.name}: [{key}] words: a list of strings")
    return tuple(words)


def _load() -> dict:
    try:
        data = tomllib.loads(COUNTS_PATH.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CountsDataError(f"{COUNTS_PATH.name}: {exc}") from exc
    numbers = data.get("numbers", {})
    for lang in ("ru", "uk", "en"):
        if not isinstance(numbers.get(lang), str):
            raise CountsDataError(f"{COUNTS_PATH.name}: [numbers] {lang}: a string of word=value")
    kinds = data.get("qualifiers", {}).get("kinds", {})
    if set(kinds) != set(_QUALIFIER_KINDS):
        raise CountsDataError(
            f"{COUNTS_PATH.name}: [qualifiers.kinds] must be {', '.join(_QUALIFIER_KINDS)}"
        )
    return data


_DATA = _load()
_RU_NUMBERS = _number_table(_DATA["numbers"]["ru"], "numbers.ru")
_UK_NUMBERS = _number_table(_DATA["numbers"]["uk"], "numbers.uk")
_EN_NUMBERS = _number_table(_DATA["numbers"]["en"], "numbers.en")
# Longest phrase first: "как минимум" before "минимум".
_QUALIFIERS: tuple[tuple[tuple[str, ...], str], ...] = tuple(
    sorted(
        (
            (tuple(fold(word) for word in phrase.split()), kind)
            for kind in _QUALIFIER_KINDS
            for phrase in _DATA["qualifiers"]["kinds"][kind]
        ),
        key=lambda item: -len(item[0]),
    )
)
_QUALIFIER_WORDS = frozenset(word for phrase, _ in _QUALIFIERS for word in phrase)
_QUALIFIER_ENDS = frozenset(phrase[-1] for phrase, _ in _QUALIFIERS if phrase)
_PEOPLE = word_set(" ".join(_words(_DATA, "people")))
_BUILDINGS = word_set(" ".join(_words(_DATA, "buildings")))
_RANGE_STARTS = frozenset(_words(_DATA, "range_starts"))
_PART_OF = frozenset(_words(_DATA, "part_of"))
_UNITS = frozenset(_words(_DATA, "units"))
# Words allowed between a number and what it counts ("83 украинских БПЛА", "five distinct").
_MAX_GAP = 3
_LIST_DASH = re.compile(r"^\s*[-–—]\s*$")
_RANGE_DASH = re.compile(r"^\s*[-–—]\s*$|^\s*(?:to|до|and|і|и|або|или|or)\s*$")
_CLAUSE = re.compile(r"[,;:.!?\n]")
_TOTAL = re.compile(
    r"\b(" + "|".join(re.escape(w) for w in _words(_DATA, "total")) + r")\b", re.IGNORECASE
)


@dataclass(frozen=True)
class RegionMention:
    start: int
    end: int
    region: str


@dataclass
class _Number:
    first: int  # word index
    last: int
    value: int


def _surface_numbers() -> frozenset[str]:
    return frozenset(_EN_NUMBERS) | frozenset(_UK_NUMBERS)


def _number_value(word: Word, lang: str) -> int | None:
    if word.is_number:
        return int(word.text) if len(word.text) <= 6 else None
    return _word_number(word.text, word.lemma, lang)


@lru_cache(maxsize=50_000)
def _word_number(surface: str, lemma: str, lang: str) -> int | None:
    low = fold(surface)
    if low in _EN_NUMBERS:
        return _EN_NUMBERS[low]
    if low in _UK_NUMBERS and lang == "uk":
        return _UK_NUMBERS[low]
    if lemma in _RU_NUMBERS:
        return _RU_NUMBERS[lemma]
    return _UK_NUMBERS.get(low)


_SURFACE_NUMBERS = _surface_numbers()
_ODD_LETTERS = re.compile("[ё'’ʼ]")


def _number_marks(word: tuple[str, str, bool]) -> int:
    """Whether a word (its text, lemma and digits) may be one _number_value reads as a number:
    1 where it is digits or a number word, 2 where it is that or has a letter a number word
    may be written with in a text that has one (a cheap test that lets every such word
    through: «ё», an apostrophe). Kept per word."""
    marks = _MARKS.get(word)
    if marks is None:
        text, lemma, is_number = word
        low = text.lower()
        plain = is_number or lemma in _RU_NUMBERS or low in _SURFACE_NUMBERS
        odd = plain or "ё" in low or "'" in low or "’" in low or "ʼ" in low
        marks = plain | (odd << 1)
        if len(_MARKS) < _MARKS_SIZE:
            _MARKS[word] = marks
    return marks


_MARKS: dict[tuple[str, str, bool], int] = {}
_MARKS_SIZE = 200_000
_TEXT_LEMMA_NUMBER = itemgetter(0, 3, 4)


def _numbers(text: str, ws: Sequence[Word], lang: str) -> list[_Number]:
    out: list[_Number] = []
    # One look-up a word picks the few that may be numbers (digits, number words; with an
    # odd letter in the text, the words that have one too).
    odd = _ODD_LETTERS.search(text.lower()) is not None
    try:
        marks = list(map(_MARKS.__getitem__, map(_TEXT_LEMMA_NUMBER, ws)))
    except KeyError:
        marks = list(map(_number_marks, map(_TEXT_LEMMA_NUMBER, ws)))
    candidates = compress(range(len(ws)), map((2 if odd else 1).__and__, marks))
    skip_to = 0
    for i in candidates:
        if i < skip_to:
            continue
        if ws[i].is_number and _clock_part(text, ws[i]):
            continue  # "в 00:40 произошёл прилёт": a time of day, no count
        value = _number_value(ws[i], lang)
        if value is None:
            continue
        first = last = i
        # "двадцать пять", "twenty-five": tens followed by units.
        if (
            not ws[i].is_number
            and value % 10 == 0
            and 20 <= value <= 90
            and i + 1 < len(ws)
            and not ws[i + 1].is_number
            and text[ws[i].end : ws[i + 1].start] in (" ", "-")
        ):
            unit = _number_value(ws[i + 1], lang)
            if unit is not None and unit < 10:
                value += unit
                last = i + 1
        out.append(_Number(first, last, value))
        skip_to = last + 1
    return out


def _clock_part(text: str, word: Word) -> bool:
    """The hours or minutes of a time of day: digits joined to digits by a colon («00:40»)."""
    before = text[max(0, word.start - 2) : word.start]
    after = text[word.end : word.end + 2]
    return (len(before) == 2 and before[1] == ":" and before[0].isdigit()) or (
        len(after) == 2 and after[0] == ":" and after[1].isdigit()
    )


def _qualifier(ws: Sequence[Word], index: int) -> str | None:
    if not index or fold(ws[index - 1].text) not in _QUALIFIER_ENDS:
        return None  # most numbers: the word before ends no qualifier
    before = [fold(w.text) for w in ws[max(0, index - 3) : index]]
    for phrase, name in _QUALIFIERS:
        if tuple(before[-len(phrase) :]) == phrase:
            return name
    return None


def _what(
    text: str, ws: Sequence[Word], number: _Number, concepts_of: lx.Lexicon
) -> tuple[str | None, int]:
    """Kind counted by the number and the index of the last word read."""
    for j in range(number.last + 1, min(len(ws), number.last + 1 + _MAX_GAP)):
        word = ws[j]
        if word.is_number:
            # "45 of 60 drones", "6 из 8 ракет": counts the same kind as the next number.
            if j == number.last + 2 and fold(ws[j - 1].text) in _PART_OF:
                return _what(text, ws, _Number(j, j, 0), concepts_of)
            break
        if _CLAUSE.search(text[ws[j - 1].end : word.start]) and fold(ws[j - 1].text) not in _UNITS:
            break
        concepts = concepts_of.single.get(word.lemma, frozenset())
        for concept, kind in (
            (lx.DRONE, "drone"),
            (lx.MISSILE, "missile"),
            (lx.EXPLOSION, "explosion"),
            (lx.STRIKE, "strike"),
            (lx.CASUALTY, "casualties"),
            (lx.FIRE, "fire"),
        ):
            if concept in concepts:
                return kind, j
        low = fold(word.text)
        if low in _PEOPLE and _near_concept(ws, number.first, concepts_of, lx.CASUALTY):
            return "casualties", j
        if low in _BUILDINGS and _near_concept(ws, number.first, concepts_of, lx.DAMAGE):
            return "damage", j
    # "погибли двое", "ранены трое": a casualty word right before the number.
    if number.first > 0:
        concepts = concepts_of.single.get(ws[number.first - 1].lemma, frozenset())
        if lx.CASUALTY in concepts:
            return "casualties", number.last
    return None, number.last


def _near_concept(ws: Sequence[Word], index: int, lexicon: lx.Lexicon, concept: str) -> bool:
    window = ws[max(0, index - 4) : index + 5]
    return any(concept in lexicon.single.get(w.lemma, frozenset()) for w in window)


def _sentence_of(sentences: Sequence[Sentence], offset: int) -> Sentence | None:
    for sentence in sentences:
        if sentence.start <= offset < sentence.end:
            return sentence
    return None


def _region_for(
    text: str, start: int, end: int, sentence: Sentence | None, mentions: Sequence[RegionMention]
) -> str | None:
    """The region named in the same clause as the number: after it first, then before it."""
    if sentence is None:
        return None
    after = [m for m in mentions if end <= m.start < sentence.end]
    for mention in sorted(after, key=lambda m: m.start):
        between = text[end : mention.start]
        if not _CLAUSE.search(between) and not re.search(r"\d", between):
            return mention.region
        break
    before = [m for m in mentions if sentence.start <= m.end <= start]
    for mention in sorted(before, key=lambda m: -m.end):
        between = text[mention.end : start]
        if not _CLAUSE.search(between) and not re.search(r"\d", between):
            return mention.region
        break
    return None


def extract_counts(
    text: str,
    ws: Sequence[Word],
    lang: str,
    sentences: Sequence[Sentence],
    mentions: Sequence[RegionMention] = (),
) -> list[Count]:
    """Every count in a text, in order of appearance."""
    lexicon = lx.lexicon_for(lang)
    numbers = _numbers(text, ws, lang)
    counts: list[Count] = []
    previous_kind: str | None = None
    skip_until = -1
    for n_index, number in enumerate(numbers):
        if number.first <= skip_until:
            continue
        low = high = number.value
        qualifier: str | None = None
        first, last = number.first, number.last
        prev_text = fold(ws[first - 1].text) if first > 0 else ""
        # Ranges: "5-7", "от пяти до восьми", "between five and seven".
        if n_index + 1 < len(numbers):
            nxt = numbers[n_index + 1]
            between = text[ws[last].end : ws[nxt.first].start]
            ranged = nxt.first == last + 1 and _LIST_DASH.match(between)
            worded = (
                nxt.first == last + 2 and _RANGE_DASH.match(between) and prev_text in _RANGE_STARTS
            )
            if (ranged or worded) and nxt.value > low:
                high = nxt.value
                last = nxt.last
                skip_until = nxt.last
        if high == low:
            qualifier = _qualifier(ws, first)
        if prev_text in _RANGE_STARTS and high > low:
            first -= 1
        elif qualifier:
            first = max(0, first - (2 if qualifier in ("at_least", "more_than", "up_to") else 1))
            while first < number.first and fold(ws[first].text) not in _QUALIFIER_WORDS:
                first += 1
        # "one of the drone impacts", "один из дронов": a part, not a count.
        if low == high == 1 and last + 1 < len(ws) and fold(ws[last + 1].text) in _PART_OF:
            continue
        kind, end_index = _what(text, ws, _Number(first, last, high), lexicon)
        start_char, end_char = ws[first].start, ws[max(end_index, last)].end
        sentence = _sentence_of(sentences, ws[number.first].start)
        region = _region_for(text, ws[number.first].start, ws[last].end, sentence, mentions)
        if kind is None:
            # A bare number tied to a region in a list ("9 — над Калужской") takes the
            # previous count's kind; any other bare number counts nothing we know.
            if previous_kind is None or region is None:
                continue
            kind = previous_kind
        total = bool(_TOTAL.search(text[max(0, start_char - 25) : end_char + 15]))
        counts.append(
            Count(
                low=low,
                high=high,
                what=kind,
                region=region,
                qualifier=qualifier,
                total=total,
                text=text[start_char:end_char],
            )
        )
        previous_kind = kind
    return _mark_totals(counts)


def _mark_totals(counts: list[Count]) -> list[Count]:
    out = list(counts)
    for i, count in enumerate(counts):
        if count.region is not None or count.total:
            continue
        later = [c for c in counts[i + 1 :] if c.what == count.what and c.region is not None]
        if len(later) >= 2 and sum(c.low for c in later) <= count.high:
            out[i] = replace(count, total=True)
    return out
