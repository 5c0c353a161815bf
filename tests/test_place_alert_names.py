"""Towns named like surnames, villages named like everyday words, and lines in capitals, glued
or in lower case, opening an alert line with no separator after the name: «Курчатов опасность
по БПЛА». Found by the line-shape probe (scripts/probe_places.py --shapes, tests/data/README.md),
which writes every town and a sample of the villages of the regions alert channels cover in the
shapes real alert channels use."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.detect.gazetteer import Gazetteer
from tests.posts import post_maker


def found(gaz: Gazetteer, text: str) -> list[tuple[str, str]]:
    return [(m.place.name, m.place.region) for m in gaz.find(text)]


# A surname is followed by what the person did; an alert with no verb after it names the town.
@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Курчатов опасность по БПЛА", ("Курчатов", "RU-KRS")),
        ("Гагарин опасность по БПЛА", ("Гагарин", "RU-SMO")),
        ("Суворов ракетная опасность", ("Суворов", "RU-TUL")),
        ("Кашин внимание по БПЛА", ("Кашин", "RU-TVE")),
        # a stanitsa named after a family reads as an adjective before its noun, and is none
        ("Павловская опасность по БПЛА", ("Павловская", "RU-KDA")),
        ("Брюховецкая ракетная опасность", ("Брюховецкая", "RU-KDA")),
    ],
)
def test_a_town_named_like_a_surname_opens_an_alert_line_without_a_separator(gaz, text, place):
    assert found(gaz, text) == [place]


# Glued («КурчатовОпасность») and shouted lines are written as the plain line first.
@pytest.mark.parametrize(
    "text", ["КурчатовОпасность по БПЛА", "КУРЧАТОВ ОПАСНОСТЬ ПО БПЛА", "курчатов опасность бпла"]
)
def test_glued_shouted_and_lower_case_lines_name_the_town(detector, text):
    post = post_maker("radar_test_n12", datetime(2027, 2, 10, 22, tzinfo=UTC))
    detection = detector.detect(post(text))
    assert detection.incident and detection.regions == ("RU-KRS",)
    assert [p.name for p in detection.places] == ["Курчатов"]


@pytest.mark.parametrize(
    "text",
    ["Пушкин написал стихи", "Пушкин атакован критиками", "Курчатов руководил проектом",
     "Суворов писал о войне"],
)
def test_a_surname_before_a_verb_stays_a_person(gaz, text):
    assert found(gaz, text) == []


# A word of what the line reports may carry capitals of its own: the glued line's second word
# («Курчатов Опасность»), the Ukrainian monitors' «БпЛА».
@pytest.mark.parametrize(
    ("text", "place"),
    [("Шостка 2х БпЛА", ("Шостка", "UA-59")), ("Мудре 2х БпЛА", ("Мудре", "UA-74"))],
)
def test_a_short_line_may_write_its_alert_word_with_capitals(gaz, text, place):
    assert found(gaz, text) == [place]


# A village named like a noun or an adjective opens a short alert line of its own; an adverb,
# an alert word or an adjective agreeing with the noun after it does not.
@pytest.mark.parametrize(
    ("text", "place"),
    [("Короткое опасность по БПЛА", ("Короткое", "RU-BEL")),
     ("Разумное опасность по БПЛА", ("Разумное", "RU-BEL"))],
)
def test_a_village_named_like_an_everyday_word_opens_a_short_alert_line(gaz, text, place):
    assert place in found(gaz, text)


@pytest.mark.parametrize(
    "text",
    ["Прямое попадание.", "Новая ракетная опасность", "Тихо опасность миновала",
     "Доброе утро", "Атака БПЛА"],
)
def test_an_everyday_phrase_opening_a_line_names_no_village(gaz, text):
    assert found(gaz, text) == []


# «Залегощь РСЗО»: an abbreviation after a name is what happened there, not a surname after a
# first name (an initial, «Владимира Ч.», still is one).
def test_an_abbreviation_after_a_name_is_no_surname(detector):
    post = post_maker("radar_test_n12", datetime(2027, 2, 10, 22, tzinfo=UTC))
    assert "RU-ORL" in detector.detect(post("Внимание Залегощь РСЗО!!!")).regions
    assert detector.detect(post("Состояние Владимира Ч., который вёл опыт, тяжёлое")).regions == ()


# After a monitor's warning a village the analyser only guesses to be a surname is the village.
def test_a_monitors_warning_names_a_village_guessed_to_be_a_person(gaz):
    assert found(gaz, "Увага Оленинське") == [("Оленинське", "UA-59")]
