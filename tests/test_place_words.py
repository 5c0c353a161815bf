"""bot/data/places.toml: each kind of place word does what its table says, and a bad file is
named with its key."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.detect import Detector
from bot.detect.gazetteer import Gazetteer, PlaceMention
from bot.detect.place_words import (
    ABBREVIATION_KIND,
    OFFICIALS_KIND,
    PLACES_PATH,
    STEM_KINDS,
    WORD_KINDS,
    PlaceWordsError,
    place_words,
    read_place_words,
)
from bot.detect.places import _is_first_name, _is_stray, place_role
from bot.models import Place, Post

WORDS = place_words()



def found(gaz: Gazetteer, text: str, home: str | None = None) -> list[tuple[str, str, str]]:
    return [(m.surface, m.place.region, m.place.kind) for m in gaz.find(text, home)]


def written(word: str) -> str:
    """The word as a post writes it: an abbreviation that needs a dot gets one."""
    return word + "." if word in WORDS.needs_dot else word


@pytest.mark.parametrize("word", sorted(WORDS.street_words))
def test_a_street_word_before_a_name_makes_it_no_place(gaz, word):
    assert ("Белгородская", "RU-BEL", "region") in found(gaz, "Пожар, Белгородская")
    # «Пожар» opening the line is what happened, not the village of Kirov oblast.
    assert found(gaz, f"Пожар, {written(word)} Белгородская 5") == []


@pytest.mark.parametrize("word", sorted(WORDS.settlement_words))
def test_a_settlement_word_makes_the_settlement_beat_the_region(gaz, word):
    assert found(gaz, "Взрыв, Ленинградская") == [("Ленинградская", "RU-LEN", "region")]
    assert found(gaz, f"Взрыв, {written(word)} Ленинградская") == [
        ("Ленинградская", "RU-KDA", "settlement")
    ]


@pytest.mark.parametrize("word", sorted(WORDS.unknown_settlement_words))
def test_an_unknown_capitalised_name_after_a_settlement_word_is_a_settlement(gaz, word):
    assert found(gaz, "Взрыв, Пупкиновка", "RU-BEL") == []
    assert found(gaz, f"Взрыв, {written(word)} Пупкиновка", "RU-BEL") == [
        ("Пупкиновка", "RU-BEL", "settlement")
    ]


@pytest.mark.parametrize("word", sorted(WORDS.needs_dot))
def test_a_settlement_abbreviation_needs_its_dot(gaz, word):
    assert word in WORDS.settlement_words
    assert found(gaz, f"Взрыв, {word}. Ленинградская")[0][1] == "RU-KDA"
    assert found(gaz, f"Взрыв, {word} Ленинградская")[-1][1] == "RU-LEN"


@pytest.mark.parametrize("word", sorted(WORDS.prepositions))
def test_a_preposition_makes_a_homonym_of_a_common_word_a_place(gaz, word):
    assert found(gaz, "Хлопки слышат Мирного") == []
    assert [kind for _, _, kind in found(gaz, f"Хлопки слышат {word} Мирного")] == ["settlement"]


@pytest.mark.parametrize("word", sorted(WORDS.resident_words))
def test_the_residents_of_a_homonym_make_it_a_place(gaz, word):
    assert [kind for _, _, kind in found(gaz, f"Хлопки слышат {word} Мирного")] == ["settlement"]


@pytest.mark.parametrize("stem", WORDS.not_after_name)
def test_a_word_after_a_name_that_makes_it_a_street_or_a_part_of_a_city(gaz, stem):
    assert ("Белгород", "RU-BEL", "settlement") in found(gaz, "Пожар: Белгород")
    assert found(gaz, f"Пожар: Белгород {stem}") == []


@pytest.mark.parametrize("stem", WORDS.not_after_adjective)
def test_a_word_after_an_adjective_only_makes_it_no_place(gaz, stem):
    # «удары киевского режима» are no place; «в Казани режим «Ковёр»» is Kazan.
    assert found(gaz, f"Удары киевского {stem}а по городу") == []
    assert found(gaz, f"В Казани {stem} «Ковёр»") == [("Казани", "RU-TA", "settlement")]


@pytest.mark.parametrize("word", sorted(WORDS.and_words))
def test_and_between_two_district_adjectives_shares_the_noun(gaz, word):
    assert found(gaz, "в Лискинском или Острогожском районах") == [
        ("Острогожском районах", "RU-VOR", "district")
    ]
    assert found(gaz, f"в Лискинском {word} Острогожском районах") == [
        ("Лискинском", "RU-VOR", "district"),
        ("Острогожском районах", "RU-VOR", "district"),
    ]


@pytest.mark.parametrize("word", sorted(WORDS.of_the_city))
def test_of_the_city_after_a_district_makes_it_a_part_of_a_city(gaz, word):
    assert found(gaz, "у Шевченківському районі") == [
        ("Шевченківському районі", "UA-30", "district")
    ]
    assert found(gaz, f"у Шевченківському районі {word}") == []


@pytest.mark.parametrize("stem", WORDS.region_nouns)
def test_a_region_noun_makes_an_adjective_after_na_the_region(gaz, stem):
    assert found(gaz, "Горит на Курской") == [("Курской", "RU-STA", "settlement")]
    assert found(gaz, f"Горит на Курской {stem}")[0][1:] == ("RU-KRS", "region")


@pytest.mark.parametrize("stem", WORDS.district_nouns)
def test_a_district_noun_after_a_town_adjective_names_its_district(gaz, stem):
    assert found(gaz, "Взрыв в Кстовском крае") == []
    assert found(gaz, f"Взрыв в Кстовском {stem}") == [
        (f"Кстовском {stem}", "RU-NIZ", "district")
    ]


@pytest.mark.parametrize("stem", WORDS.district_qualifiers)
def test_a_qualifier_may_stand_between_a_district_adjective_and_its_noun(gaz, stem):
    assert found(gaz, "Обстріл: Нікопольська нова громада") == []
    assert found(gaz, f"Обстріл: Нікопольська {stem} громада") == [
        (f"Нікопольська {stem} громада", "UA-12", "district")
    ]


@pytest.mark.parametrize("word", sorted(WORDS.sport_words))
def test_a_sport_word_makes_a_quoted_name_a_club(gaz, word):
    assert found(gaz, "Беспилотник над «Краснодаром», отбой") == [
        ("Краснодаром", "RU-KDA", "settlement")
    ]
    assert found(gaz, f"Беспилотник над «Краснодаром», {word}") == []


@pytest.mark.parametrize("word", sorted(WORDS.club_prefixes))
def test_a_club_prefix_makes_the_name_a_club(gaz, word):
    assert found(gaz, "Ростов") == [("Ростов", "RU-ROS", "settlement")]
    assert found(gaz, f"{word} Ростов") == []


@pytest.mark.parametrize("word", sorted(WORDS.slogan_forms))
def test_a_slogan_s_noun_is_no_village(gaz, word):
    assert found(gaz, f"Удар по Харкову. Разом до {word.capitalize()}!") == [
        ("Харкову", "UA-63", "settlement")
    ]


def test_the_village_named_victory_stays_a_place_in_its_own_forms(gaz):
    assert [f[1] for f in found(gaz, "Перемога — вибухи")]
    assert [f[1] for f in found(gaz, "Обстріл у селі Перемога")]


# -- the file -----------------------------------------------------------------------------


def test_the_bundled_file_has_every_kind_with_a_reason():
    text = PLACES_PATH.read_text(encoding="utf-8")
    for kind in (*WORD_KINDS, *STEM_KINDS, ABBREVIATION_KIND, OFFICIALS_KIND):
        assert f"[{kind}]" in text
    assert read_place_words() == WORDS


def _write(tmp_path: Path, replace: tuple[str, str] | None = None, extra: str = "") -> Path:
    text = PLACES_PATH.read_text(encoding="utf-8")
    if replace is not None:
        assert replace[0] in text
        text = text.replace(replace[0], replace[1], 1)
    path = tmp_path / "bad.toml"
    path.write_text(text + extra, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("replace", "extra", "message"),
    [
        (None, '[roads]\nabout = "x"\nwords = ["a"]\n', r"bad\.toml: \[roads\] is not a kind"),
        (("[and]", "[und]"), "", r"bad\.toml: \[und\] is not a kind"),
        (('words = ["и", "і"', 'words = ["и", "И"'), "", r"bad\.toml: \[and\] words: 'И'"),
        (('words = ["и", "і"', 'words = ["и", "и"'), "", r"\[and\] words: 'и' is listed twice"),
        (('words = ["и", "і"', 'words = ["и", "и і"'), "", r"\[and\] words: 'и і' is not one"),
        (('words = ["и", "і"', 'words = ["и", 3'), "", r"\[and\] words: 3 is not one"),
        (("words = [\"міста\"", "wordz = [\"міста\""), "", r"\[of_the_city\] needs exactly"),
        (("[club_prefixes]\nabout = ", "[club_prefixes]\nabout = 1 #"), "", r"\[club_pre"),
        (('words = ["обл"', 'words = [] #'), "", r"\[region_nouns\] words: a non-empty list"),
    ],
)
def test_a_bad_places_file_is_named_with_its_key(tmp_path, replace, extra, message):
    with pytest.raises(PlaceWordsError, match=message):
        read_place_words(_write(tmp_path, replace, extra))


def test_a_kind_that_is_not_a_table_or_is_missing_is_named(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("and = 1\n", encoding="utf-8")
    with pytest.raises(PlaceWordsError, match=r"bad\.toml: \[and\] must be a table"):
        read_place_words(path)
    path.write_text('[and]\nabout = "And."\nwords = ["и"]\n', encoding="utf-8")
    with pytest.raises(PlaceWordsError, match=r"bad\.toml: \[prepositions\] is missing"):
        read_place_words(path)


def test_an_unreadable_places_file_is_named(tmp_path):
    with pytest.raises(PlaceWordsError, match=r"bad\.toml: "):
        read_place_words(_write(tmp_path, extra="[broken\n"))
    with pytest.raises(PlaceWordsError, match=r"missing\.toml: "):
        read_place_words(tmp_path / "missing.toml")


_ADJECTIVE_BEFORE = {"район": "в Погарском", "округ": "в Ступинском", "громада": "Краснопільська"}
_DISTRICT_OF = {
    "район": ("RU-BRY", "Погарский район"),
    "округ": ("RU-MOS", "Ступинский округ"),
    "громада": ("UA-59", "Краснопільська громада"),
}


@pytest.mark.parametrize(("short", "noun"), sorted(WORDS.district_abbreviations.items()))
def test_a_district_abbreviation_after_a_district_adjective_names_the_district(gaz, short, noun):
    assert found(gaz, f"Взрыв {_ADJECTIVE_BEFORE[noun]} крае") == []
    mentions = gaz.find(f"Взрыв {_ADJECTIVE_BEFORE[noun]} {short.upper()}.")
    assert [(m.place.region, m.place.name) for m in mentions] == [_DISTRICT_OF[noun]]
    assert mentions[0].place.kind == "district"


@pytest.mark.parametrize("entry", ["р-н=раён", "=район", "р-н"])
def test_a_bad_district_abbreviation_is_named(tmp_path, entry):
    path = _write(tmp_path, ('"р-н=район"', f'"{entry}"'))
    with pytest.raises(PlaceWordsError, match=r"bad\.toml: \[district_abbreviations\] '"):
        read_place_words(path)


# -- the kinds places.py reads ------------------------------------------------------------



def regions(detector: Detector, text: str) -> set[str]:
    post = Post(channel="news", id=1, date=datetime(2026, 11, 20, 21, tzinfo=UTC), text=text)
    return set(detector.detect(post).regions)


def mention_of(text: str, surface: str, place: Place) -> PlaceMention:
    start = text.index(surface)
    return PlaceMention(start, start + len(surface), surface, place)


@pytest.mark.parametrize("word", sorted(WORDS.compass_adjectives))
def test_a_compass_adjective_in_lower_case_is_no_place(word):
    text = f"Взрыв в {word} районе"
    place = Place(name=word.capitalize(), region="RU-MOS", kind="settlement")
    assert _is_stray(text, mention_of(text, word, place), Counter())
    text = f"Взрыв в {word.capitalize()} районе"
    assert not _is_stray(text, mention_of(text, word.capitalize(), place), Counter())


_LIST = "ПВО уничтожены 20 беспилотников: 10 — над территорией Белгородской области, 6 — {}."


@pytest.mark.parametrize("word", sorted(WORDS.list_prepositions))
def test_a_list_preposition_makes_a_region_adjective_a_listed_region(detector, word):
    assert regions(detector, _LIST.format("под Московской")) == {"RU-BEL"}
    assert regions(detector, _LIST.format(f"{word} Московской")) == {"RU-BEL", "RU-MOS"}


@pytest.mark.parametrize("word", sorted(WORDS.region_words))
def test_a_region_word_after_a_listed_adjective_keeps_it_a_region(detector, word):
    assert regions(detector, _LIST.format("над Московской дорогой")) == {"RU-BEL"}
    assert regions(detector, _LIST.format(f"над Московской {word}")) == {"RU-BEL", "RU-MOS"}


_VLADIMIR = Place(name="Владимир", region="RU-VLA", kind="settlement")


@pytest.mark.parametrize("word", sorted(WORDS.first_name_prepositions))
def test_a_preposition_keeps_a_town_named_like_a_first_name_a_town(word):
    text = "Президент Владимир Путин заявил"
    assert _is_first_name(text, mention_of(text, "Владимир", _VLADIMIR))
    text = f"Взрывы {word} Владимир Губернатор подтвердил"
    assert not _is_first_name(text, mention_of(text, "Владимир", _VLADIMIR))


@pytest.mark.parametrize("word", sorted(WORDS.place_nouns))
def test_a_place_noun_after_a_town_is_no_surname(word):
    text = f"Президент Владимир {word.capitalize()} заявил"
    assert not _is_first_name(text, mention_of(text, "Владимир", _VLADIMIR))


@pytest.mark.parametrize("word", sorted(WORDS.distance_words))
def test_a_distance_before_an_origin_phrase_makes_it_a_location(gaz, word):
    text = "Ракета упала в 20 метрах от Белгородской области"
    assert place_role(text, gaz.find(text)[0]) == "origin"
    text = f"Ракета упала в 20 {word} от Белгородской области"
    assert place_role(text, gaz.find(text)[0]) == ""


@pytest.mark.parametrize("word", sorted(WORDS.alert_words))
def test_an_event_word_opening_an_alert_line_names_no_village(gaz, word):
    """«Хлопки, работает ПВО» is no village Хлопки (Moscow oblast) of a common-word name;
    with a settlement word it is one."""
    name = word.capitalize()
    assert not [p for p in found(gaz, f"{name}, работает ПВО") if p[2] == "settlement"]


def test_a_village_named_like_an_event_word_is_one_with_a_settlement_word(gaz):
    assert ("Хлопки", "RU-MOS", "settlement") in found(gaz, "с. Хлопки — опасность БПЛА")


@pytest.mark.parametrize("word", sorted(WORDS.village_lists))
def test_a_plural_settlement_word_opens_a_list_of_villages(gaz, word):
    """«посёлки Дубовое, Октябрьский»: no Октябрьский of the list is Bashkortostan's city of
    108,000, which otherwise dwarfs Belgorod oblast's."""
    assert ("Октябрьский", "RU-BA", "settlement") in found(
        gaz, "Белгородский район: Дубовое, Октябрьский — обстрел")
    assert ("Октябрьский", "RU-BEL", "settlement") in found(
        gaz, f"Белгородский район: {word} Дубовое, Октябрьский — обстрел")


@pytest.mark.parametrize("word", sorted(WORDS.front_weapons))
def test_a_front_line_weapon_puts_a_namesake_in_a_front_region(gaz, word):
    """«Боровая — кассеты»: Kharkiv oblast's Борова, not the bigger one of Kyiv oblast."""
    assert found(gaz, "Боровая — взрывы") == [("Боровая", "UA-32", "settlement")]
    assert found(gaz, f"Боровая — {word}") == [("Боровая", "UA-63", "settlement")]


@pytest.mark.parametrize("code", sorted(WORDS.front_regions))
def test_a_front_region_is_a_region_of_the_gazetteer(gaz, code):
    place = gaz.region_place(code)
    assert place is not None and place.kind == "region"


@pytest.mark.parametrize("word", sorted(WORDS.front_words))
def test_a_word_of_the_front_makes_an_old_name_the_ukrainian_town(gaz, word):
    """«Дзержинск — бои»: Торецьк (bot/data/renamed_places.txt), not Nizhny Novgorod oblast's
    bigger Дзержинск, which a bare «Дзержинск — взрывы» is."""
    assert ("Дзержинск", "RU-NIZ", "settlement") in found(gaz, "Дзержинск — взрывы")
    assert ("Дзержинск", "UA-14", "settlement") in found(gaz, f"Дзержинск — {word}")


@pytest.mark.parametrize(("surname", "region"), sorted(WORDS.official_regions.items()))
def test_an_officials_surname_heading_a_line_of_a_channel_of_their_region_is_the_official(
    gaz, surname, region
):
    """«Николаев: есть пострадавшие» from a Chuvash channel is its head speaking; from a
    channel elsewhere the line's heading is the town."""
    text = f"{surname.capitalize()}: есть пострадавшие"
    assert found(gaz, text, region) == []
    assert [p[2] for p in found(gaz, text)] == ["settlement"]


@pytest.mark.parametrize("entry", ["николаев=RU", "песков=ru-mow", "николаев"])
def test_a_bad_official_region_is_named(tmp_path, entry):
    path = _write(tmp_path, ('"николаев=ru-cu"', f'"{entry}"'))
    with pytest.raises(PlaceWordsError, match=r"\[official_regions\]"):
        read_place_words(path)
