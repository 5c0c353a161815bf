"""Lines written in capitals, read as if written in the usual case.

Detection reads a capital letter as a sign of a name: a village needs one to be a place, a
short alert line's other words may only be names and fillers. In a line in capitals
(«ЖИТЕЛИ СЫЗРАНИ СООБЩАЮТ О ДВУХ ВЗРЫВАХ», «ПОШКОДЖЕНО ДАХ І ВІКНА») every word has one,
so «ВІКНА» was the village Вікно and «ОКНАМ» the town Окни. ``unshout`` writes such a line
the way it would be written otherwise, with the same length (offsets stay true):

- an abbreviation (the lexicon's table) and a short word the dictionaries do not know
  («ЗСУ», «ТЦК») stay in capitals;
- the first word of a sentence gets a capital, as it would have;
- an everyday word (``morph.everyday_word``, or a word the lexicon is written with) is
  written in lower case, unless it names a
  place all the same: a form of a town big enough that the word names it as well («ПОД
  КУРСКОМ», «НА БАЛАКЛІЮ»), a place's name after a settlement word or a preposition of the
  sky and of a route (places.toml's `shouted_before`: «НАД ТИТОВКОЙ», «СЕЛО ЛОЗОВЕ»), or
  an adjective before a district's or a region's noun («НІКОПОЛЬСЬКА ТЕРИТОРІАЛЬНА
  ГРОМАДА», «В КУРСКОЙ ОБЛАСТИ»);
- any other word (a name the dictionaries know as one, or a word they do not know) gets a
  capital, and so do the words of a place's name of several words («БІЛА ЦЕРКВА») and of a
  short line that names places alone («ХОТІВ ЧАБАНИ»).

A village named like an everyday word with nothing of that around it is lost this way («В
РІЧКАХ»): in capitals nothing tells it from the word.
"""

from __future__ import annotations

import re
from typing import Protocol

from bot.detect.lexicon import lexicon_for, written_words
from bot.detect.morph import abbreviations, everyday_word, word_key
from bot.detect.place_words import place_words

__all__ = ["Places", "unshout"]


class Places(Protocol):
    """What ``unshout`` asks of the gazetteer."""

    def names_a_town(self, word: str) -> bool: ...

    def names_a_place(self, word: str) -> bool: ...


# A word of letters with inner apostrophes and hyphens («ОБ'ЄКТ», «РОСТОВ-НА-ДОНУ»).
_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ-][^\W\d_]+)*")
_CAPITALS = re.compile(r"[А-ЯЁІЇЄҐ]{3}")
# A line is in capitals when this many of its words of three letters or more are, and
# this share of them.
_MIN_SHOUTED = 2
_SHOUTED_SHARE = 0.75
# A word this short that no dictionary knows is an abbreviation («ЗСУ», «ТЦК», «ДТП»).
_ABBREVIATION_LEN = 4
_SENTENCE_END = re.compile(r"[.!?…]")
# A place's adjective: «нікопольська», «курской», «кстовском», «білгородського».
_ADJECTIVE = re.compile(r"(?:ськ|цьк|зьк|ск|цк)[а-яіїєґ]{1,3}$")
# The most words of a place's name looked up together, and the most words of a line that
# names places alone.
_LONGEST_NAME = 3
_NAMES_LINE = 3
# How many words after an adjective its district's or region's noun may come («Нікопольська
# територіальна громада»).
_NOUN_WITHIN = 2


def unshout(text: str, lang: str, places: Places) -> str:
    """``text`` with its lines in capitals written in the usual case."""
    if _CAPITALS.search(text) is None:
        return text
    lines = text.split("\n")
    changed = False
    for n, line in enumerate(lines):
        # Two words in capitals have two runs of three capitals at least: most lines have
        # none («ПВО» alone), and their words need not be read.
        if len(_CAPITALS.findall(line)) >= _MIN_SHOUTED and _shouted(line):
            lines[n] = _unshout_line(line, lang, places)
            changed = True
    return "\n".join(lines) if changed else text


def _shouted(line: str) -> bool:
    words = [w for w in _WORD.findall(line)
             if len(w) >= 3 and _cyrillic(w) and w.lower() not in abbreviations()]
    loud = [w for w in words if w.isupper()]
    return len(loud) >= _MIN_SHOUTED and len(loud) >= _SHOUTED_SHARE * len(words)


def _cyrillic(word: str) -> bool:
    return any("а" <= c <= "я" or c in "ёіїєґ" for c in word.lower())


def _unshout_line(line: str, lang: str, places: Places) -> str:
    matches = list(_WORD.finditer(line))
    lows = [m.group().lower().replace("’", "'").replace("ʼ", "'") for m in matches]
    named = _names_of_words(lows, places)
    out: list[str] = []
    end = 0
    for i, match in enumerate(matches):
        word = match.group()
        gap = line[end : match.start()]
        out.append(gap)
        end = match.end()
        if not word.isupper() or not _cyrillic(word) or len(word.lower()) != len(word):
            out.append(word)
            continue
        first = i == 0 or _SENTENCE_END.search(gap) is not None or i in named
        out.append(_rewrite(word, lows, i, first, lang, places))
    out.append(line[end:])
    new = "".join(out)
    return new if len(new) == len(line) else line


def _names_of_words(lows: list[str], places: Places) -> set[int]:
    """Words that are a place's name of several words («БІЛА ЦЕРКВА», «ХАРКІВСЬКИЙ МАСИВ»),
    and the words of a short line that names places alone («ХОТІВ ЧАБАНИ»)."""
    named: set[int] = set()
    keys = [low.replace("ё", "е") for low in lows]
    for i in range(len(keys)):
        for k in range(_LONGEST_NAME, 1, -1):
            if i + k <= len(keys) and places.names_a_place(" ".join(keys[i : i + k])):
                named.update(range(i, i + k))
                break
    if len(keys) <= _NAMES_LINE and all(
        i in named or places.names_a_place(key) for i, key in enumerate(keys)
    ):
        named.update(range(len(keys)))
    return named


def _rewrite(
    word: str, lows: list[str], i: int, first: bool, lang: str, places: Places
) -> str:
    low = word.lower()
    if low in abbreviations():
        return word
    everyday = everyday_word(low, lang)
    if not everyday and _lexicon_word(low, lang):
        everyday = True  # though no dictionary knows it («ШАХЕДИ») or as a name («АРТА»)
    if everyday is None and len(word) <= _ABBREVIATION_LEN:
        return word  # no dictionary knows it: an abbreviation
    if first or not everyday or _names_a_place(lows, i, places):
        return "-".join(part[:1].upper() + part[1:] if len(part) > 2 or not k else part
                        for k, part in enumerate(low.split("-")))
    return low


def _lexicon_word(low: str, lang: str) -> bool:
    """A word the lexicon is written with, or one of its lemmas (as the classifier reads it)."""
    return (low.replace("ё", "е") in written_words()
            or word_key(low, lang) in lexicon_for(lang).single)


def _names_a_place(lows: list[str], i: int, places: Places) -> bool:
    """Whether an everyday word in a line in capitals names a place where it stands."""
    low = lows[i].replace("ё", "е")
    words = place_words()
    nouns = words.region_nouns + words.district_nouns + words.district_qualifiers
    if _ADJECTIVE.search(low) and not low.startswith(nouns) and any(
        later.startswith(nouns) for later in lows[i + 1 : i + 1 + _NOUN_WITHIN]
    ):
        return True  # «НІКОПОЛЬСЬКА ТЕРИТОРІАЛЬНА ГРОМАДА», «КУРСКОЙ ОБЛАСТИ»
    if i and (lows[i - 1] in words.settlement_words or lows[i - 1] in words.shouted_before):
        return places.names_a_place(low)
    return places.names_a_town(low)
