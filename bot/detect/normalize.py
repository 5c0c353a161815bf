"""Text normalisation shared by detection.

``normalize`` folds a text for matching: invisible marks removed, quotes, apostrophes, dashes
and spaces unified, ё→е, combining stress marks dropped, lower case.
``tokenize`` splits the original text into word tokens that keep their character offsets
into the original, so that matches can be reported against what the user wrote.

A token is a run of letters and digits, possibly joined by inner hyphens or apostrophes
("Ростов-на-Дону", "Слов'янськ", "из-за"); ``norm`` is its normalised form.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import accumulate, repeat
from typing import NamedTuple

__all__ = ["Token", "fold_char", "normalize", "split_ends", "split_words", "tokenize"]

# Zero-width characters, bidi marks and controls, soft hyphen, BOM, combining stress marks.
_DROP = frozenset(
    "\u00ad\u034f\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff\u0300\u0301"
)
_QUOTES = "«»„“”‟❝❞〝〞＂‹›"
_APOSTROPHES = "‘’‚‛ʼʹ`´′ꞌ＇"
_DASHES = "‐‑‒–—―−⁃﹘﹣－"
_SPACES = "\u00a0\u1680\u202f\u205f\u3000" + "".join(chr(c) for c in range(0x2000, 0x200B))

_TABLE: dict[str, str] = {}
for _c in _QUOTES:
    _TABLE[_c] = '"'
for _c in _APOSTROPHES:
    _TABLE[_c] = "'"
for _c in _DASHES:
    _TABLE[_c] = "-"
for _c in _SPACES:
    _TABLE[_c] = " "
_TABLE.update({"ё": "е", "Ё": "Е", "\t": " "})
_TRANSLATE = str.maketrans(_TABLE)
# Characters that make the cleaned text shorter or need a look at their neighbour.
_SLOW = re.compile("[" + "".join(sorted(_DROP)) + "\u0306\u0308\u0300-\u036f]")

# Latin letters that look like Cyrillic ones; folded only inside words that mix the scripts.
# Applied after lower-casing, so "H", "K", "M", "T", "B" appear as their lower-case forms.
_LATIN_LOOKALIKE = str.maketrans("aceopxyikmhtb", "асеорхуікмнтв")
_CYRILLIC = re.compile(r"[а-яёіїєґ]", re.IGNORECASE)
_LATIN = re.compile(r"[a-z]", re.IGNORECASE)

_WORD = re.compile(r"\w+(?:['-]\w+)*")
_JOINERS = "'-" + _APOSTROPHES + _DASHES
# Words of a text that needs no character dropped: inner joiners of any kind. Possessive
# quantifiers: nothing is ever given back, so the engine keeps no backtracking state.
_RAW_WORD = re.compile(r"\w++(?:[" + re.escape(_JOINERS) + r"]\w++)*+")
_RAW_WORD_SPLIT = re.compile(f"({_RAW_WORD.pattern})")
# From this length on, a text's words are split in C (one split, offsets summed from the
# parts' lengths: see _tokenize_plain and morph.words); below it, a Python step per word
# costs less than the split's own lists.
SPLIT_FROM = 64


def split_words(text: str) -> list[str]:
    """The text split at its word tokens (``_RAW_WORD``): gap, token, gap, ..., gap. The last
    text's split is kept: the language test, the words and the gazetteer's tokens of a post
    read the same text one after the other, and one split serves them all. The list is
    shared: callers must not change it."""
    kept = _KEPT
    if kept[0] is text or kept[0] == text:
        return kept[1]
    return _keep(text)[1]


def split_ends(text: str) -> list[int]:
    """Where each part of ``split_words(text)`` ends in the text (the running sum of their
    lengths), kept with the split. Shared: callers must not change it."""
    kept = _KEPT
    if not (kept[0] is text or kept[0] == text):
        kept = _keep(text)
    if kept[2] is None:
        kept[2] = list(accumulate(map(len, kept[1])))
    return kept[2]


def _keep(text: str) -> list:
    global _KEPT
    # One list holds a text, its split and the split's ends (once asked for), replaced whole:
    # what is read from it always belongs together.
    _KEPT = [text, _RAW_WORD_SPLIT.split(text), None]
    return _KEPT


_KEPT: list = ["", [""], [0]]


def fold_char(char: str) -> str:
    """One character as ``normalize`` sees it ("" when it is dropped); case is kept."""
    if char in _DROP:
        return ""
    return _TABLE.get(char, char)


def _clean(text: str) -> tuple[str, list[int] | None]:
    """Folded text (case kept) and, for each of its characters, the index in ``text``.

    The index list is None when the two have the same length (the common case).
    """
    if not _SLOW.search(text):
        return text.translate(_TRANSLATE), None
    out: list[str] = []
    index: list[int] = []
    for i, char in enumerate(text):
        if char == "\u0306" and out and out[-1] in "иИ":  # decomposed й
            out[-1] = "й" if out[-1] == "и" else "Й"
            continue
        if char == "\u0308" and out and out[-1] in "еЕіІ":  # decomposed ё / ї
            out[-1] = {"е": "е", "Е": "Е", "і": "ї", "І": "Ї"}[out[-1]]
            continue
        if unicodedata.combining(char) and char not in "\u0306\u0308":
            continue
        folded = fold_char(char)
        if folded:
            out.append(folded)
            index.append(i)
    return "".join(out), index


def _fold_word(word: str) -> str:
    lowered = word.lower()
    if _CYRILLIC.search(lowered) and _LATIN.search(lowered):
        lowered = lowered.translate(_LATIN_LOOKALIKE)
    return lowered


def normalize(text: str) -> str:
    """The folded, lower-case form of ``text`` (not length-preserving)."""
    cleaned, _ = _clean(text)
    lowered = cleaned.lower()
    if _LATIN.search(lowered) and _CYRILLIC.search(lowered):
        return _WORD.sub(lambda m: _fold_word(m.group()), lowered)
    return lowered


class Token(NamedTuple):
    """One word; a named tuple because posts have many and it is cheap to build."""

    text: str  # the original characters, text[start:end] of the input
    norm: str  # normalised: lower case, ё→е, marks removed, lookalike letters folded
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Word tokens of ``text`` with offsets into ``text`` itself."""
    if not _SLOW.search(text):
        return _tokenize_plain(text)
    cleaned, index = _clean(text)
    lowered = cleaned.lower()
    if len(lowered) != len(cleaned):  # a few characters grow when lowered ("İ")
        lowered = "".join(c.lower()[:1] or c for c in cleaned)
    mixed = bool(_LATIN.search(lowered) and _CYRILLIC.search(lowered))
    tokens: list[Token] = []
    for match in _WORD.finditer(lowered):
        word = match.group()
        if mixed:
            word = _fold_word(word)
        if word.endswith("'s") and word.isascii():
            word = word[:-2]
            match_end = match.end() - 2
        else:
            match_end = match.end()
        if index is None:
            start, end = match.start(), match_end
        else:
            start, end = index[match.start()], index[match_end - 1] + 1
            while end < len(text) and unicodedata.combining(text[end]):  # a trailing stress mark
                end += 1
        tokens.append(Token(text[start:end], word, start, end))
    return tokens


def _tokenize_plain(text: str) -> list[Token]:
    """tokenize() for a text without characters to drop: offsets are the regex spans."""
    mixed = bool(_LATIN.search(text) and _CYRILLIC.search(text))
    if len(text) < SPLIT_FROM or mixed:
        return _few_tokens(text, mixed)
    # One split gives the words and the gaps between them in turn (gap, word, gap, ...,
    # gap), and the running sum of their lengths each word's offsets.
    parts = split_words(text)
    raw = parts[1::2]
    try:
        # Every word seen before, none with a possessive to cut (the usual case): no Python
        # step per word.
        norms = list(map(_NORM_CACHE.__getitem__, raw))
    except KeyError:
        return _few_tokens(text, mixed)
    ends = split_ends(text)
    return list(map(_new, repeat(Token), zip(raw, norms, ends[:-1:2], ends[1::2], strict=True)))


def _few_tokens(text: str, mixed: bool) -> list[Token]:
    tokens: list[Token] = []
    append = tokens.append
    find = text.find
    end = 0
    # findall and find are cheaper than a match object per word: the first word character at
    # or after the previous token's end always starts the next token.
    for word in _RAW_WORD.findall(text):
        start = find(word, end)
        end = start + len(word)
        norm = None if mixed else _NORM_CACHE.get(word)
        cut = 0
        if norm is None:
            norm, cut = _fold_token(word, mixed)
            if not cut and not mixed and len(_NORM_CACHE) < _NORM_CACHE_SIZE:
                _NORM_CACHE[word] = norm
        if cut:  # English possessive: "Odesa's port"
            append(_new(Token, (word[:-cut], norm, start, end - cut)))
        else:
            append(_new(Token, (word, norm, start, end)))
    return tokens


def _fold_token(word: str, mixed: bool) -> tuple[str, int]:
    """A raw token's norm and how many characters of possessive to cut off its end."""
    # Translated always, alphanumeric or not: "ʼ" (U+02BC) is a letter to isalnum().
    norm = word.lower().translate(_TRANSLATE)
    if mixed:
        norm = _fold_word(norm)
    if norm.endswith("'s") and norm.isascii():
        return norm[:-2], 2
    return norm, 0


# Norms of the words seen in texts that do not mix scripts (those without a possessive to
# cut off); posts repeat the same words.
_NORM_CACHE: dict[str, str] = {}
_NORM_CACHE_SIZE = 300_000
# NamedTuple's generated __new__ is Python code; tuple.__new__ builds the same Token in C.
_new = tuple.__new__
