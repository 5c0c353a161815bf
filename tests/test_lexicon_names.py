"""A guard over the lexicon data: a lower-case entry must not spell a name's form.

A word the lexicon is written with is the lexicon's word wherever it stands, capitalised or
not (`lexicon.written_words`, read by `morph.name_key`): so a lower-case entry that happens to
spell a name («выпуск газа») takes the name away from every post («Газа», the Strip of
`[abroad]`, became «газа» of «газ», and every gas leak was abroad). These tests read the
bundled lexicon: every lower-case word that the dictionary also knows as a name must be meant
(listed below, with why), and a name an entry writes with its capital must be written so
everywhere.
"""

from __future__ import annotations

import pytest

from bot.detect import lexicon as lx
from bot.detect.morph import dictionary_name, fold, name_key

# Lower-case words of the lexicon that the dictionary also knows as names, where the lexicon's
# reading is meant to win in posts, capital or not: the word, and why.
LEXICON_WINS = {
    "август": "the month of a summary («за август»), not the first name",
    "арта": "artillery shorthand («Арта» opening a line), not the first name",
    "бегун": "the runner of a sport post, not the surname",
    "восток": "the compass point of a course, not the names «Восток»",
    "запад": "the compass point of a course, not the surname",
    "дронов": "drones, genitive plural («Дронов над городом нет»), not the surname",
    "медиков": "medics («понадобилась помощь медиков»), not the surname",
    "пара": "a pair of them, and steam («выброс пара»), not the name",
    "піхота": "infantry a unit's drones hit at the front («ворожу піхоту»), not the surname",
    "света": "light, a power cut («без света»), not the first name",
    "гроза": "a thunderstorm that explains bangs, not the surname",
    "кар": "КАР, a cruise missile in Ukrainian shorthand, not the name",
    "квітка": "a flower of an off-topic post, not the surname",
    "штука": "a count of the same thing («4 штуки»), not the surname",
    "листопад": "the month of a summary («за листопад»), not the surname",
    "лютий": "the month of a summary («за лютий»), not the surname",
    "охота": "hunting (drones hunting cars), not the name",
    "рада": "the council (Верховна Рада, міська рада), not the first name",
    "спартак": "the sports club of a sport post, not the first name",
    "школа": "a school that was hit, not the surname",
    "юго": "the compass prefix «юго-», not a name",
}


def _entries() -> list[tuple[str, str]]:
    """(table, entry) for every lexicon entry and short-line cue."""
    data = lx.data()
    out = [(concept, entry) for concept, entries in data.concepts.items() for entry in entries]
    out += [("short_line", cue) for cue in data.short_line]
    return out


def _words(entry: str) -> list[str]:
    return entry.replace("ё", "е").replace("-", " ").split()


def names_spelled(entries: list[tuple[str, str]]) -> dict[str, list[str]]:
    """The lower-case words of ``entries`` that the dictionary (Russian or Ukrainian) knows,
    as written, as a name: word -> the entries that write it."""
    out: dict[str, list[str]] = {}
    for table, entry in entries:
        for word in _words(entry):
            if word[:1].isupper():
                continue
            folded = fold(word.lower())
            if dictionary_name(folded, "ru") or dictionary_name(folded, "uk"):
                out.setdefault(folded, []).append(f"[{table}] {entry!r}")
    return out


def test_the_guard_catches_an_entry_that_spells_a_name() -> None:
    """The trap of an earlier session: «выпуск газа» spelled «газа», the Gaza Strip."""
    spelled = names_spelled([("closed", "выпуск газа"), ("airport", "выпуск")])
    assert set(spelled) == {"газа"}
    assert spelled["газа"] == ["[closed] 'выпуск газа'"]


def test_no_lower_case_entry_spells_a_name_unless_meant() -> None:
    unexpected = {
        word: where for word, where in names_spelled(_entries()).items()
        if word not in LEXICON_WINS
    }
    assert not unexpected, (
        "lower-case lexicon words the dictionary knows as names: write the entry another way, "
        f"or list the word in LEXICON_WINS with why the lexicon's reading wins: {unexpected}"
    )


@pytest.mark.parametrize("word", sorted(LEXICON_WINS))
def test_each_word_meant_to_win_is_still_written_and_still_a_name(word: str) -> None:
    """The list does not rot: a word no entry writes, or no name, is taken off it."""
    assert word in lx.written_words()
    assert dictionary_name(word, "ru") or dictionary_name(word, "uk")


def test_a_name_written_with_its_capital_is_not_written_lower_case_elsewhere() -> None:
    """«сектор Газа», «Песков»: a name keeps its capital in every entry, or it is lost."""
    written = lx.written_words()
    clashes = [
        f"[{table}] {entry!r}"
        for table, entry in _entries()
        for word in _words(entry)
        if word[:1].isupper() and fold(word.lower()) in written
    ]
    assert not clashes


@pytest.mark.parametrize(("word", "lang"), [("Газа", "ru"), ("Песков", "ru")])
def test_the_lexicon_s_names_are_keyed_as_names(word: str, lang: str) -> None:
    assert name_key(word, lang) == fold(word.lower())
