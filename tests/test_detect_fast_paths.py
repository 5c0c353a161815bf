"""The shortcuts detection takes for speed give what the long way gives (see ARCHITECTURE.md,
Detection, Speed): no timing here, only the results of the short and the long way."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.detect import Detector
from bot.detect.lang import detect_lang
from bot.detect.morph import sentences
from bot.detect.place_data import place_data
from bot.detect.profiles import Seen
from bot.models import Post


@pytest.mark.parametrize(
    "text",
    [
        "Взрывы в Курске, работает ПВО. Сбиты 3 БПЛА над Белгородской областью.",
        "Никольское Белгородский район — опасность атаки FPV-дронов",
        "Вибухи в Одесі. Уламки впали у Київському районі Харкова.",
        "Residents of Bryansk and Kursk regions reported explosions.",
    ],
)
def test_places_found_without_explanations_are_the_same_places(gaz, text) -> None:
    explained = gaz.find(text, "RU-BEL")
    plain = gaz.find(text, "RU-BEL", explain=False)
    assert explained, text
    assert [(m.start, m.end, m.surface, m.place) for m in plain] == [
        (m.start, m.end, m.surface, m.place) for m in explained
    ]
    assert any(m.candidates for m in explained)
    assert not any(m.candidates for m in plain)


def test_explain_still_tells_candidates_and_evidence() -> None:
    post = Post(channel="c", id=1, date=datetime(2026, 11, 20, tzinfo=UTC), text="Взрыв в Курске")
    rows = Detector().explain(post)
    assert rows and rows[0]["candidates"] and rows[0]["evidence"]


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        # a closing quote goes with the gap after the sentence
        ("Взрыв!» Пожар.\nОтбой", ["Взрыв!", "Пожар.", "Отбой"]),
        ("Тревога...  Ещё!\n\nОтбой?", ["Тревога...", "Ещё!", "Отбой?"]),
        ("Курск\n.\n Белгород", ["Курск", ".", "Белгород"]),
        ("Без точки в конце", ["Без точки в конце"]),
    ],
)
def test_sentence_ends(text, parts) -> None:
    assert [text[s.start : s.end] for s in sentences(text)] == parts


def test_a_new_paragraph_after_a_sentence_end() -> None:
    assert [s.paragraph for s in sentences("Взрыв.\n\nПожар. Дым.")] == [0, 1, 1]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Explosions in Kursk, air defence at work", "en"),
        ("Взрывы в Kursk и Belgorod, работает ПВО", "ru"),
        ("Вибухи в Kharkiv and Odesa tonight, air defence is working hard", "en"),
        ("Вибухи в Харкові, працює ППО", "uk"),
    ],
)
def test_latin_letters_decide_only_when_they_can(text, lang) -> None:
    assert detect_lang(text) == lang


def post_at(text: str) -> Post:
    return Post(channel="c", id=1, date=datetime(2026, 11, 20, tzinfo=UTC), text=text)


@pytest.mark.parametrize(
    ("text", "tail"),
    [
        ("Опасность по БПЛА", ()),
        ("Курск / Опасность по БПЛА", ("Опасность по БПЛА",)),
        ("Курск | Опасность по БПЛА", ("Опасность по БПЛА",)),
        ("Курск\nОпасность по БПЛА\n\nЛокатор", ("Опасность по БПЛА", "Локатор")),
    ],
)
def test_a_post_s_tail_lines(text, tail) -> None:
    seen = Seen(post_at(text), None)
    assert seen.raw_tail == tail
    assert seen.tail_keys == frozenset(k for k in seen.tail if k)


def test_role_phrases_match_the_end_of_the_words_longest_first() -> None:
    data = place_data()
    assert data.role_before("origin", ["опасность", "со", "стороны"]) == "со стороны"
    assert data.role_before("origin", ["стороны"]) is None
    assert data.role_before("origin", []) is None
    assert data.role_before("launch", ["из", "под"]) in (None, "из-под", "из под")
