"""Which language a post is written in: Russian, Ukrainian or English."""

from __future__ import annotations

import re
from operator import itemgetter

from bot.detect.lexicon import data
from bot.detect.normalize import SPLIT_FROM, split_words

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
    """Return "ru", "uk" or "en" for a post; Cyrillic text defaults to Russian. A Russian
    text that names Ukrainian places as Ukrainian writes them («Дрон сбросил гранату на
    остановку в Херсоні») is Russian: where names and hashtags alone say Ukrainian, the
    other words decide, if they are enough to."""
    lang = _detect_lang(text)
    if lang == "uk" and _russian_beside_names(text):
        return "ru"
    return lang


def _russian_beside_names(text: str) -> bool:
    """Without its names and tags, the text has letters enough, no Ukrainian letter, and
    Russian letters or words only the Russian dictionary knows."""
    common = _NAMES.sub(" ", text[:_SAMPLE_CHARS]).lower()
    runs = _WORD.findall(common)
    if sum(map(len, runs)) < _ENOUGH_LETTERS:
        return False
    if any(map(common.__contains__, "іїєґ")):
        return False
    if any(map(common.__contains__, "ыэъё")):
        return True
    # Words only the Russian dictionary knows («сбросил», «ранен», «мужчина»), not just no
    # Ukrainian letter
    from bot.detect.morph import _analyzer

    ru, uk = _analyzer("ru"), _analyzer("uk")
    lean = 0
    for word in runs:
        if len(word) > 3:
            lean += ru.word_is_known(word) - uk.word_is_known(word)
    return lean >= 2


# A capitalised word, or one after «#»: names and tags, which may be written in the other
# language. The rest of a text, if it has this many Cyrillic letters, shows its language.
_NAMES = re.compile(r"#\w+|\b[А-ЯЁІЇЄҐ][\w'’ʼ-]*")
_ENOUGH_LETTERS = 12


def _detect_lang(text: str) -> str:
    low = text[:_SAMPLE_CHARS].lower()
    apostrophes = sum(map(low.count, _APOSTROPHES))
    if SPLIT_FROM <= len(text) <= _SAMPLE_CHARS:
        # The text's word tokens, split once for the language, the words and the gazetteer:
        # each distinct token's runs of Cyrillic letters are kept (their letters, their lean),
        # so the text is read with a look-up per token and no search of its own.
        tokens = split_words(text)[1::2]
        try:
            counted = list(map(_TOKENS.__getitem__, tokens))
        except KeyError:
            counted = list(map(_token_runs, tokens))
        # A run takes in an apostrophe beside it ("'слово'"): only where every apostrophe is
        # inside a token do the tokens' runs make the text's.
        if sum(map(_APOSTROPHES_OF, counted)) == apostrophes:
            return _decide(low, apostrophes, sum(map(_LETTERS_OF, counted)) - apostrophes,
                           sum(map(_LEAN_OF, counted)))
    return _by_runs(low, apostrophes)


def _by_runs(low: str, apostrophes: int) -> str:
    """The language of a sample (lower case) found by a search for its runs of Cyrillic
    letters; ``apostrophes``: how many it has."""
    # Runs of letters rather than single letters: fewer objects for the same counts. Every
    # apostrophe of the text is in some run, so subtracting them leaves the Cyrillic letters.
    runs = _WORD.findall(low)
    cyrillic = sum(map(len, runs)) - apostrophes
    return _decide(low, apostrophes, cyrillic, runs)


def _decide(low: str, apostrophes: int, cyrillic: int, runs: list[str] | int) -> str:
    """The language from the sample's counts: ``runs`` its runs of Cyrillic letters, or their
    lean summed already."""
    # Latin letters are neither Cyrillic letters nor apostrophes: when those fill half the
    # text, the Latin ones cannot outnumber the Cyrillic ones and are not counted.
    if 2 * cyrillic + apostrophes < len(low) and sum(map(len, _LATIN.findall(low))) > cyrillic:
        return "en"
    if cyrillic == 0:
        return "ru"
    lean = 2 * (sum(map(low.count, "іїєґ")) - sum(map(low.count, "ыэъё")))
    if isinstance(runs, int):
        return "uk" if lean + runs > 0 else "ru"
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


def _token_runs(token: str) -> tuple[int, int, int]:
    """A word token's runs of Cyrillic letters as the language test counts them: their length
    (apostrophes in), their lean, and the token's apostrophes; kept per token."""
    counted = _TOKENS.get(token)
    if counted is None:
        low = token.lower()
        runs = _WORD.findall(low)
        counted = (sum(map(len, runs)), sum(map(_lean, runs)), sum(map(low.count, _APOSTROPHES)))
        if len(_TOKENS) < _LEAN_CACHE_SIZE:
            _TOKENS[token] = counted
    return counted


def _lean(run: str) -> int:
    score = _LEAN_CACHE.get(run)
    if score is None:
        score = _word_lean(run)
        if len(_LEAN_CACHE) < _LEAN_CACHE_SIZE:
            _LEAN_CACHE[run] = score
    return score


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
# Each word token (as written) seen: its runs' letters, its runs' lean, its apostrophes.
_TOKENS: dict[str, tuple[int, int, int]] = {}
_LETTERS_OF = itemgetter(0)
_LEAN_OF = itemgetter(1)
_APOSTROPHES_OF = itemgetter(2)
