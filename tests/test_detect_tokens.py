"""The shared cheap paths of detection: words and tokens located by findall/find (or, in a
long text, by one split and the running sum of the parts' lengths) and cached norms must give
exactly what a match-by-match scan gives, whatever the text repeats."""

from __future__ import annotations

import re

import pytest

from bot.detect.gazetteer import Gazetteer
from bot.detect.lang import detect_lang
from bot.detect.morph import sentences, words
from bot.detect.normalize import tokenize

TRICKY = [
    "Ейск / Опасность по БПЛА. Ейск / Отбой опасности по БПЛА.",
    "Х-59 и 5-7 взрывов в 20:00, ещё 5 в 21:05; 5км от Анапы",
    "Odesa's port: drones hit Odesa's port again, Odesa_news reports",
    "Слов'янськ, Слов’янськ і Словʼянськ — три апострофи; п'ять-шість вибухів",
    "snake_case_word and __dunder__ 12_000 a_b",
    "aaa aa a aaa aa a",
    "ДНР/ЛНР; С-300, «Искандер-М» — Ростов-на-Дону",
    "",
    "   ",
]
# From SPLIT_FROM characters on, words and tokens are split in C: the same texts again, long.
TRICKY += [" ".join(TRICKY[:7]), "Odesa's port " * 8, "Ростов-на-Дону, " * 8 + "Odesa's"]


@pytest.mark.parametrize("text", TRICKY)
def test_words_slice_back_to_their_text_in_order(text: str) -> None:
    found = words(text, "ru")
    reference = re.finditer(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*|\d+", text)
    assert [(w.text, w.start, w.end) for w in found] == [
        (m.group(), m.start(), m.end()) for m in reference
    ]
    for word in found:
        assert word.is_number is word.text.isdigit()


@pytest.mark.parametrize("text", TRICKY)
def test_plain_tokenizer_agrees_with_the_careful_one(text: str) -> None:
    # A soft hyphen at the end sends the same text down the character-by-character path.
    careful = tokenize(text + "\u00ad")
    assert tokenize(text) == careful
    for token in tokenize(text):
        assert text[token.start : token.end] == token.text


def test_cached_norms_do_not_leak_between_mixed_and_plain_texts() -> None:
    plain = tokenize("Kyiv and Kyiv")
    mixed = tokenize("Kyiv и Киeв")  # the second word hides a Latin "e"
    assert [t.norm for t in plain] == ["kyiv", "and", "kyiv"]
    assert mixed[-1].norm == "киев"
    assert tokenize("Kyiv and Kyiv") == plain


def test_sentences_do_not_break_after_short_forms_only() -> None:
    text = "Взрыв в с. Красное, в 3 тыс. км. Горит склад на ул. Ленина. Пострадавших нет."
    parts = [text[s.start : s.end] for s in sentences(text)]
    assert parts == [
        "Взрыв в с. Красное, в 3 тыс. км.",
        "Горит склад на ул. Ленина.",
        "Пострадавших нет.",
    ]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Вибухи в Одесі, ворог атакував порт.", "uk"),
        ("Взрывы в Анапе, работает ПВО.", "ru"),
        ("Explosions in Anapa, air defence at work. Взрывы.", "en"),
        ("Сили ППО збили 12 шахедів, а ще 3 — локально втрачені.", "uk"),
        ("п'ять вибухів", "uk"),
        ("", "ru"),
    ],
)
def test_language_from_letter_runs(text: str, lang: str) -> None:
    assert detect_lang(text) == lang



@pytest.mark.parametrize(
    "text", ["Вибухи у Миколаєві.", "Удар по Миколаєву.", "Неподалік Миколаєва горить склад."]
)
def test_ukrainian_ji_to_je_alternation_finds_the_town(gaz: Gazetteer, text: str) -> None:
    assert [(m.place.name, m.place.region) for m in gaz.find(text)] == [("Миколаїв", "UA-48")]


def test_alternation_does_not_invent_places_from_common_words(gaz: Gazetteer) -> None:
    assert gaz.find("Моє місто, своєї країни, її доньки.") == []


def test_english_posts_read_cyrillic_words_as_russian_ones_do() -> None:
    from bot.detect.lexicon import lexicon_for
    from bot.detect.morph import lemma

    assert lexicon_for("en") is lexicon_for("ru")
    assert lexicon_for("uk") is not lexicon_for("ru")
    assert lemma("шахедов", "en") == lemma("шахедов", "ru")
    assert [w.lemma for w in words("Сбиты беспилотники", "en")] == [
        w.lemma for w in words("Сбиты беспилотники", "ru")
    ]


def test_language_is_the_same_once_its_words_are_known() -> None:
    text = "Вибухи в Одесі, працює ППО. Ніколи такого не чули: пролунали нові слова"
    assert detect_lang(text) == detect_lang(text) == "uk"
