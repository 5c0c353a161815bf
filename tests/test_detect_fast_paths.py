"""The shortcuts detection takes for speed give what the long way gives (see ARCHITECTURE.md,
Detection, Speed): no timing here, only the results of the short and the long way."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.detect import Detector
from bot.detect.lang import detect_lang
from bot.detect.morph import sentences
from bot.detect.place_data import place_data
from bot.detect.profiles import Seen
from bot.models import Post

DEVSET = Path(__file__).parent / "data" / "devset.jsonl"


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


def _dev_texts() -> list[str]:
    """The dev set's texts as detection reads them, and each doubled into a long one."""
    from bot.detect.segment import segment
    from bot.evaluate import read_devset

    texts = [segment(post.text).text for post, _ in read_devset(DEVSET)]
    return texts + [f"{text} {text}" for text in texts]


def test_one_split_of_a_text_gives_what_each_stage_found_by_itself(gaz) -> None:
    """The language, the words and the gazetteer's tokens of a text come from one split of it
    at its word tokens (kept for the text, with what each distinct token is to each of them):
    the same as each stage's own reading, on every text of the dev set."""
    from bot.detect import counts, lang, morph, normalize

    checked = 0
    for text in [*_dev_texts(), "«'слово' і ще 'одне' слово», довше шістдесяти чотирьох літер!"]:
        low = text[:800].lower()
        by_runs = lang._by_runs(low, sum(map(low.count, "'’ʼ")))
        assert lang._detect_lang(text) == by_runs, text
        analyser = "uk" if by_runs == "uk" else "ru"
        words = morph.words(text, by_runs)
        assert words == morph._few_words(text, morph._KEY_CACHE[analyser], analyser), text
        for word in words:  # the words that may be numbers, by one look-up each
            low = word.text.lower()
            plain = (word.is_number or word.lemma in counts._RU_NUMBERS
                     or low in counts._SURFACE_NUMBERS)
            odd = plain or any(letter in low for letter in "ё'’ʼ")
            assert counts._number_marks((word.text, word.lemma, word.is_number)) == plain | odd << 1
        tokens = normalize.tokenize(text)
        normalize.split_words("")  # the split kept is another text's
        assert tokens == normalize.tokenize(text), text
        checked += len(text) >= normalize.SPLIT_FROM
    assert checked > 5000


# Channels' evidence a lone name is resolved with: none, a home near or far (Belgorod, Amur,
# Kyiv city, Kharkiv, Nizhny Novgorod, Ulyanovsk, Kherson, Sevastopol), two homes, the last
# hour; and the name's own region as the home (added in the test).
_EVIDENCE = [
    ([], frozenset()),
    (["RU-BEL"], frozenset()),
    (["RU-AMU"], frozenset({"RU-BEL"})),
    (["UA-30"], frozenset()),
    (["UA-63", "UA-59"], frozenset()),
    ([], frozenset({"UA-63"})),
    (["RU-NIZ"], frozenset()),
    (["RU-ULY"], frozenset()),
    (["UA-65"], frozenset({"UA-65"})),
    (["UA-40"], frozenset()),
]


def test_a_lone_name_is_resolved_as_the_whole_resolution_resolves_it(gaz) -> None:
    """A post's only name with one place and nothing beside it takes the short way
    (``Gazetteer._lone_name``); on every dev text, alone and with other words, with each
    channel's evidence and with explanations or without, it gives what the whole resolution
    gives."""
    short = moved = 0
    for text in [*_dev_texts(), "Болдыревка — внимание по БПЛА", "Шевченківський район міста"]:
        tokens, raws = gaz._scanned(text, False)
        if len(raws) != 1:
            continue
        own = gaz._places[raws[0].candidates[0].index].region if raws[0].candidates else ""
        for homes, recent in [*_EVIDENCE, ([own], frozenset())]:
            for explain in (False, True):
                lone = gaz._lone_name(text, tokens, raws[0].copy(), homes, explain)
                if lone is None:
                    continue
                short += 1
                moved += lone[0].place.region != gaz._places[raws[0].candidates[0].index].region
                whole = gaz._resolve_all(text, tokens, [raws[0].copy()], homes, recent, explain)
                assert lone == whole, (text, homes, recent)
    assert short > 10_000
    assert moved  # a village far from the channel's home is taken there
