"""Which language a post is written in: Russian, Ukrainian or English."""

from __future__ import annotations

import re

from bot.detect.lexicon import data

_SAMPLE_CHARS = 800  # the language of a long text shows in its opening
_LATIN = re.compile(r"[a-z]+")
_APOSTROPHES = "'’ʼ"
_WORD = re.compile(r"[а-яёіїєґ" + _APOSTROPHES + "]+")


# Frequent words that exist in only one of the two languages, and verb endings typical of
# one ("пояснив" / "пояснил"): the [language] tables of bot/data/lexicon/languages.toml.
_DATA = data()
_UK_WORDS = _DATA.uk_words
_RU_WORDS = _DATA.ru_words
_UK_ENDINGS = _DATA.uk_endings
_RU_ENDINGS = _DATA.ru_endings


def detect_lang(text: str) -> str:
    """Return "ru", "uk" or "en" for a post; Cyrillic text defaults to Russian."""
    low = text[:_SAMPLE_CHARS].lower()
    # Runs of letters rather than single letters: fewer objects for the same counts. Every
    # apostrophe of the text is in some run, so subtracting them leaves the Cyrillic letters.
    runs = _WORD.findall(low)
    apostrophes = sum(map(low.count, _APOSTROPHES))
    cyrillic = sum(map(len, runs)) - apostrophes
    # Latin letters are neither Cyrillic letters nor apostrophes: when those fill half the
    # text, the Latin ones cannot outnumber the Cyrillic ones and are not counted.
    if 2 * cyrillic + apostrophes < len(low) and sum(map(len, _LATIN.findall(low))) > cyrillic:
        return "en"
    if cyrillic == 0:
        return "ru"
    lean = 2 * (sum(map(low.count, "іїєґ")) - sum(map(low.count, "ыэъё")))
    known = _LEAN_CACHE
    try:
        # Every word seen before (the usual case): summed without a Python loop.
        lean += sum(map(known.__getitem__, runs))
    except KeyError:
        for word in runs:
            score = known.get(word)
            if score is None:
                score = _word_lean(word)
                if len(known) < _LEAN_CACHE_SIZE:
                    known[word] = score
            lean += score
    return "uk" if lean > 0 else "ru"


def _word_lean(word: str) -> int:
    """How much a word says Ukrainian (positive) or Russian (negative)."""
    if word in _UK_WORDS:
        return 3
    if word in _RU_WORDS:
        return -3
    if len(word) > 4 and word.endswith(_UK_ENDINGS):
        return 1
    if len(word) > 4 and word.endswith(_RU_ENDINGS):
        return -1
    return 0


# Posts repeat the same words: their lean is looked up, not worked out again.
_LEAN_CACHE: dict[str, int] = {}
_LEAN_CACHE_SIZE = 200_000
