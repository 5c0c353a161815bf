"""bot/data/lexicon/grammar.toml and the place words moved out of code: a test per role, each
showing that a word of the table changes a detection the way the table's `about` says (the
sentence with the word against one without it)."""

from __future__ import annotations

import pytest

from bot.detect import lexicon as lx
from bot.detect.classify import analyse
from bot.detect.gazetteer import Gazetteer
from bot.detect.lexicon import LexiconError, read_lexicon
from bot.detect.place_words import place_words

GRAMMAR = lx.data().grammar


def types(text: str, lang: str = "ru") -> set[str]:
    return analyse(text, lang, post_year=2026).types


def all_clear(text: str, lang: str = "ru") -> bool:
    return any(info.all_clear for info in analyse(text, lang, post_year=2026).sentences)


def moving(text: str, lang: str) -> bool:
    return lx.MOVEMENT in analyse(text, lang, post_year=2026).sentences[0].concepts


def test_every_role_is_read_and_none_is_empty():
    assert set(GRAMMAR) == lx.GRAMMAR_ROLES
    assert all(GRAMMAR.values())
    assert set(lx.data().patterns) == lx.PATTERN_ROLES


@pytest.mark.parametrize(
    ("role", "word", "with_it", "without_it", "lang"),
    [
        # the harm is there, only its extent being established
        ("existential", "есть", "Есть пострадавшие, их число уточняется",
         "Пострадавшие, их число уточняется", "ru"),
        ("existential", "є", "Є поранені, кількість уточнюється", "Поранені, кількість уточнюється",
         "uk"),
        # «не меньше» is a bound, not a negation
        ("not_negating_next", "меньше", "Не меньше восьми пострадавших", "Не восемь пострадавших",
         "ru"),
        # the past after «как» is a likeness
        ("comparison", "как", "Как и год назад, слышны взрывы", "Год назад слышны взрывы", "ru"),
        # a harm denied by «без», a blast denied by «без»
        ("without", "без", "Ночь прошла, взрывы", "Ночь прошла без взрывов", "ru"),
        # «нет» after a harm denies it
        ("after_negations", "нет", "Пострадавших двое", "Пострадавших нет", "ru"),
        # a threat said to be absent is none
        ("absent", "отсутствовать", "Угроза атаки БПЛА сохраняется",
         "Угроза атаки БПЛА отсутствует", "ru"),
        # «не был» denies an attack
        ("be", "быть", "Автобус был атакован ФПВ", "Автобус не был атакован ФПВ", "ru"),
        # a crowd word after a preposition of place is where a real blast happened; an
        # explode verb after a crowd word is a metaphor
        ("place_prepositions", "в", "В зале взорвался газовый баллон",
         "Зал взорвался аплодисментами", "ru"),
        # a blast before «в» and a crowd word is the crowd's
        ("in_crowd", "в", "Взрыв, соцсети", "Взрыв в соцсетях", "ru"),
    ],
)
def test_a_function_word_changes_the_types_as_its_table_says(role, word, with_it, without_it,
                                                             lang):
    assert word in GRAMMAR[role]
    if role in ("without", "after_negations", "absent", "be", "in_crowd"):
        # these roles take something away: the sentence with the word reports less
        with_it, without_it = without_it, with_it
        assert types(without_it, lang) and not types(with_it, lang) & types(without_it, lang)
    else:
        assert types(with_it, lang) and not types(without_it, lang)


def test_explode_verbs_after_a_crowd_word_are_a_metaphor():
    assert "взорваться" in GRAMMAR["explode_verbs"]
    assert analyse("Соцсети взорвались после заявления", "ru").sentences[0].ignored_because == (
        "metaphor")
    assert types("Склад взорвался после удара", "ru")


@pytest.mark.parametrize(
    ("role", "word", "text"),
    [
        ("until", "до", "Сидим до отбоя"),
        ("signal", "сигнал", "Оставайтесь в укрытиях до сигнала отбоя"),
        ("no_such", "никакой", "Никакого отбоя"),
        ("expected", "ждать", "Отбоя ждём"),
    ],
)
def test_an_all_clear_waited_for_or_denied_is_none(role, word, text):
    assert word in GRAMMAR[role]
    assert not all_clear(text)
    assert all_clear("Отбоя") and all_clear("Сидим, отбой")
    assert all_clear("Оставайтесь в укрытиях, сигнал отбоя")


def test_the_words_after_a_weapon_that_put_it_on_its_way():
    assert {"на"} <= GRAMMAR["towards"] and "у" in GRAMMAR["in"] and "район" in GRAMMAR["area"]
    assert moving("Шахед на Полтаву", "uk")
    assert moving("Шахед у районі Полтави", "uk")
    assert moving("Drones towards Poltava", "en")
    assert not moving("Шахед у Полтаві", "uk")
    assert not moving("Шахед біля Полтави", "uk")


def test_a_place_over_which_a_weapon_is_seen_a_few_words_from_it():
    assert "над" in GRAMMAR["over"]
    assert moving("Над Политотделом Бел р-н два фпв", "ru")
    assert moving("Беспилотник ВФУ в районе Свердлова-Горького", "ru")
    # The name needs its capital, and the clause must not break between.
    assert not moving("Над городом два фпв", "ru")
    assert not moving("Над Курском тишина, а беспилотник сбили", "ru")


def test_na_before_a_sector_adjective_makes_a_front_sector_not_a_course():
    assert "на" in GRAMMAR["on"]
    assert not moving("Дроны на Купянском направлении", "ru")
    assert moving("Дроны под Купянском направлении", "ru")


def test_saying_what_was_taken_for_what():
    assert "за" in GRAMMAR["for"]
    assert not types("Приняли салют за атаку дронов")  # the salute was real
    assert "drone" in types("Приняли атаку дронов за салют")  # the attack was


def test_a_birth_year_tells_no_past_event():
    assert "года рождения" in lx.data().patterns["birth_year"]
    assert types("Погиб мужчина 1961 года рождения при взрыве") == {"casualties", "explosion"}
    assert types("Погиб мужчина 1961 г.р. при взрыве") == {"casualties", "explosion"}
    assert not types("Погиб мужчина при взрыве 1961 года")  # the past


@pytest.mark.parametrize(
    "mark", ["Реклама. ", "erid: 2VtzqvX. ", "#реклама ", "Sponsored\n"]
)
def test_an_ad_mark_makes_the_whole_post_an_ad(mark):
    assert any(f in mark.lower() for f in lx.data().ad_fragments)
    report = "Над Курском сбит беспилотник"
    assert types(report) == {"drone", "air_defense"}
    analysis = analyse(mark + report, "ru", post_year=2026)
    assert not analysis.types
    assert {info.ignored_because for info in analysis.sentences} == {"ad"}


def test_a_role_the_code_does_not_know_or_a_bad_pattern_fails_with_the_file_and_key(tmp_path):
    for path in lx.LEXICON_DIR.glob("*.toml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    grammar = tmp_path / "grammar.toml"
    text = grammar.read_text(encoding="utf-8")
    grammar.write_text(text + '\n[grammar.maybe]\nabout = "x"\nwords = ["может"]\n',
                       encoding="utf-8")
    with pytest.raises(LexiconError, match=r"grammar.toml: \[grammar.maybe\] is not a grammar"):
        read_lexicon(tmp_path)
    grammar.write_text(text.replace("'года рождения'", "'года (рождения'"), encoding="utf-8")
    with pytest.raises(LexiconError, match=r"grammar.toml: \[grammar.birth_year\]"):
        read_lexicon(tmp_path)
    head, _, rest = text.partition("[grammar.signal]")
    grammar.write_text(head + rest[rest.index("[grammar."):], encoding="utf-8")
    with pytest.raises(LexiconError, match=r"no \[grammar\] table for signal"):
        read_lexicon(tmp_path)


# ---------------------------------------------------------------- place words moved to data


def test_an_abbreviation_stands_for_a_noun_of_the_abbreviated_nouns_table():
    words = place_words()
    assert words.abbreviated_nouns == {"район", "округ", "громада"}
    assert set(words.district_abbreviations.values()) <= words.abbreviated_nouns
    found = Gazetteer.default().find("Обломки упали в Погарском р-не")
    assert [(m.place.region, m.place.kind) for m in found] == [("RU-BRY", "district")]


def test_a_federal_city_by_its_own_name_is_the_city_not_one_of_its_districts():
    """A settlement of a federal city's region named like the city is the city (it dwarfs a
    village of the channel's region), while a district GeoNames lists as a town does not."""
    assert "москва" in place_words().federal_city_names
    data = {
        "version": 4,
        "regions": [
            ["RU-MOW", "RU", "Москва", "Москва", "Moscow", "Москва", 55.75, 37.62, 0, 1],
            ["RU-BEL", "RU", "Белгородская область", "Бєлгородська область", "Belgorod Oblast",
             "Белгород", 50.6, 36.6, 3, 4],
        ],
        "places": [
            ["Москва", "RU-MOW", 55.75, 37.62, "region", 0],
            ["Москва", "RU-MOW", 55.75, 37.62, "settlement", 10_000_000],
            ["Северный", "RU-MOW", 55.93, 37.55, "settlement", 200_000],
            ["Белгородская область", "RU-BEL", 50.6, 36.6, "region", 0],
            ["Белгород", "RU-BEL", 50.6, 36.6, "settlement", 340_000],
            ["Москва", "RU-BEL", 50.5, 36.5, "settlement", 900],
            ["Северный", "RU-BEL", 50.7, 36.5, "settlement", 7_000],
        ],
        "forms": {
            "москва": [1 * 16, 5 * 16], "москве": [1 * 16, 5 * 16],
            "северный": [2 * 16 + 1, 6 * 16 + 1], "северном": [2 * 16 + 1, 6 * 16 + 1],
            "белгород": [4 * 16],
        },
        "names": [["москва", 1], ["москва", 5], ["северный", 2], ["северный", 6],
                  ["белгород", 4]],
    }
    gaz = Gazetteer(data)
    [moscow] = gaz.find("Хлопки в Москве", home_region="RU-BEL")
    assert moscow.place.region == "RU-MOW"
    [north] = gaz.find("Хлопки в Северном", home_region="RU-BEL")
    assert north.place.region == "RU-BEL"
