"""Which language a post is written in: Russian, Ukrainian or English."""

from __future__ import annotations

import re

from bot.detect.morph import word_set

_SAMPLE_CHARS = 800  # the language of a long text shows in its opening
_CYRILLIC = re.compile(r"[а-яёіїєґ]")
_LATIN = re.compile(r"[a-z]")
_WORD = re.compile(r"[а-яёіїєґ'’ʼ]+")


# Frequent words that exist in only one of the two languages.
_UK_WORDS = word_set(
    "і й та що це від або як його її їх який яка які також вже ще де коли після "
    "з зі із щодо чи але усю усі усе наразі зараз збито знищено уражено було буде бути є "
    "ворог ворожі "
    "ворожий окупанти областю районі місті повітряна тривога відбій загроза "
    "небезпека увага укриття напрямку напрямок ціль"
)
_RU_WORDS = word_set(
    "и что это или как его ее её их который которая которые также уже еще ещё где "
    "когда после с со сейчас сбит сбиты уничтожены уничтожен было будет быть есть "
    "враг районе городе тревога отбой угроза опасность внимание укрытие "
    "направлении цель область области"
)
# Past-tense and verb endings typical of one language ("пояснив" / "пояснил").
_UK_ENDINGS = ("ив", "ював", "ував", "ється", "ються", "ього")
_RU_ENDINGS = ("ил", "ует", "ется", "ются", "ого")


def detect_lang(text: str) -> str:
    """Return "ru", "uk" or "en" for a post; Cyrillic text defaults to Russian."""
    low = text[:_SAMPLE_CHARS].lower()
    cyrillic = len(_CYRILLIC.findall(low))
    latin = len(_LATIN.findall(low))
    if latin > cyrillic:
        return "en"
    if cyrillic == 0:
        return "ru"
    uk_score = 2 * sum(map(low.count, "іїєґ"))
    ru_score = 2 * sum(map(low.count, "ыэъё"))
    for word in _WORD.findall(low):
        if word in _UK_WORDS:
            uk_score += 3
        elif word in _RU_WORDS:
            ru_score += 3
        elif len(word) > 4 and word.endswith(_UK_ENDINGS):
            uk_score += 1
        elif len(word) > 4 and word.endswith(_RU_ENDINGS):
            ru_score += 1
    return "uk" if uk_score > ru_score else "ru"
