"""The right place among namesakes (bot/detect/gazetteer.py): a big city far away does not
dwarf a village the post or the channel points at, a district the villages file knows beats
one guessed from a town's name, and a front-line weapon points at the front."""

from __future__ import annotations

import pytest

from bot.detect.gazetteer import Gazetteer, _in_village_list
from bot.detect.normalize import tokenize


def places(gaz: Gazetteer, text: str, home: str | None = None) -> dict[str, str]:
    return {m.surface: m.place.region for m in gaz.find(text, home)}


# -- a district the post names holds its villages -------------------------------------------


def test_a_village_of_a_district_the_post_names_is_not_a_big_city_far_away(gaz):
    """A governor's summary: «В Шебекинском муниципальном округе ... по сёлам Муром и
    Середа» is Belgorod oblast's Муром, not Vladimir oblast's city of 127,000; the district is
    one the gazetteer knows by its name (not one derived from a town)."""
    text = ("В Шебекинском муниципальном округе по городу Шебекино, сёлам Муром и Середа "
            "совершены атаки дронов.")
    found = places(gaz, text)
    assert found["Муром"] == "RU-BEL"
    assert found["Середа"] == "RU-BEL"


def test_a_list_after_a_plural_settlement_word_is_of_villages(gaz):
    text = "В Белгородском районе посёлки Дубовое, Политотдельский, Октябрьский атакованы дронами."
    assert places(gaz, text)["Октябрьский"] == "RU-BEL"


def test_a_list_of_villages_ends_with_its_sentence():
    text = "Атакованы посёлки Дубовое, Политотдельский. Октябрьский, Таврово — тревога."
    tokens = tokenize(text)
    listed = [t.text for i, t in enumerate(tokens) if _in_village_list(text, tokens, i)]
    assert listed == ["Дубовое", "Политотдельский"]


def test_a_big_city_still_dwarfs_its_namesakes_without_such_evidence(gaz):
    assert places(gaz, "В Муроме после атаки дрона загорелся цех") == {"Муроме": "RU-VLA"}
    assert places(gaz, "Дніпро, Павлоград, Запоріжжя — вибухи")["Запоріжжя"] == "UA-23"
    assert places(gaz, "Запоріжжя — арта", "UA-12") == {"Запоріжжя": "UA-23"}


# -- a local channel's village ----------------------------------------------------------------


def test_a_local_channels_village_named_like_a_far_city_and_a_surname(gaz):
    """«Муром — арта» from a Belgorod channel: its village Муром. The name is a surname too,
    so an alert line opening with it is a place only where the channel is at home (or a
    front-line weapon points there); elsewhere it is the city."""
    assert places(gaz, "Муром — опасность атаки БПЛА", "RU-BEL") == {"Муром": "RU-BEL"}
    assert places(gaz, "Муром — опасность атаки БПЛА", "RU-TA") == {"Муром": "RU-VLA"}
    assert places(gaz, "Муром — опасность атаки БПЛА") == {"Муром": "RU-VLA"}
    # news style, «в Муроме», stays the city even from the local channel
    assert places(gaz, "Взрывы в Муроме, работает ПВО", "RU-BEL") == {"Муроме": "RU-VLA"}


def test_a_city_near_the_channels_region_still_dwarfs_its_village(gaz):
    """Voronezh oblast's Октябрьский villages do not beat Bashkortostan's city for a Voronezh
    channel's «Октябрьский — опасность», but the city is 1,000+ km away: the village wins; a
    Dnipro channel's «Запоріжжя» stays the city next door."""
    assert places(gaz, "Запоріжжя — вибухи", "UA-12") == {"Запоріжжя": "UA-23"}
    assert places(gaz, "с. Октябрьский — опасность БПЛА", "RU-BEL") == {"Октябрьский": "RU-BEL"}


# -- front-line weapons -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Золочів — КАБ", "UA-63"),  # not Lviv oblast's bigger Золочів
        ("Золочев — КАБы", "UA-63"),
        ("Солнцево — FPV", "RU-KRS"),  # not Moscow's district
        ("Солнцево — ФПВ-дрон атаковал машину", "RU-KRS"),
        ("Муром — арта", "RU-BEL"),  # no city of 127,000 is within artillery range
    ],
)
def test_a_front_line_weapon_picks_the_namesake_near_the_front(gaz, text, region):
    assert list(places(gaz, text).values()) == [region]


def test_without_a_front_line_weapon_the_namesakes_rank_as_before(gaz):
    assert places(gaz, "Золочів — вибухи") == {"Золочів": "UA-46"}
    assert places(gaz, "Солнцево — громко") == {"Солнцево": "RU-MOW"}


def test_a_kyiv_channel_naming_a_front_town_with_a_glide_bomb_is_not_about_kyiv(gaz):
    assert places(gaz, "Золочів — КАБ", "UA-30") == {"Золочів": "UA-63"}


# -- districts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Обстріл Звенигородського району, є поранені",
        "Звенигородський район — відбій тривоги",
        "В Звенигородском районе сбит беспилотник",
    ],
)
def test_a_district_the_villages_file_knows_beats_one_guessed_from_a_town(gaz, text):
    """Cherkasy oblast's Звенигородський район (named after Звенигородка), not a district
    made up from Moscow oblast's town Звенигород."""
    assert set(places(gaz, text).values()) == {"UA-71"}


def test_a_district_guessed_from_its_town_stays_where_the_villages_agree(gaz):
    assert set(places(gaz, "В Кстовском районе сбит беспилотник").values()) == {"RU-NIZ"}
    assert set(places(gaz, "Обстріл Куп'янського району").values()) == {"UA-63"}


# -- a federal city's channel ------------------------------------------------------------------


def test_a_town_is_never_an_unknown_part_of_the_channels_city(gaz):
    """A Kyiv channel's «Звенигородка — шахеди» is Cherkasy oblast's town of 16,000; a
    Sevastopol channel's «в районе Любимовки» (its own village, whose namesakes are villages
    elsewhere) stays Sevastopol."""
    assert places(gaz, "Звенигородка — шахеди на північ", "UA-30") == {"Звенигородка": "UA-71"}
    assert places(gaz, "Сбиты две цели в районе Любимовки", "UA-40") == {"Любимовки": "UA-40"}


def test_a_federal_city_channel_names_the_region_around_it_as_its_own(gaz):
    """A Kyiv channel's «Велика Олександрівка», «Березівка», «Броварський район» are Kyiv
    oblast's; without the channel, the bigger namesakes elsewhere."""
    assert places(gaz, "Велика Олександрівка — гучно") == {"Велика Олександрівка": "UA-65"}
    assert places(gaz, "Велика Олександрівка — гучно", "UA-30") == {
        "Велика Олександрівка": "UA-32"}
    assert places(gaz, "Березівка — вибухи", "UA-30") == {"Березівка": "UA-32"}
    assert places(gaz, "Обломки упали в Броварском районе", "UA-30") == {
        "Броварском районе": "UA-32"}
    # the channel's own region still comes first
    assert places(gaz, "Березівка — вибухи", "UA-51") == {"Березівка": "UA-51"}


def test_the_channels_home_is_context_for_a_homonym_of_a_common_word(gaz):
    """«Вишневое» (also "cherry") after another name needs context: a Kyiv oblast channel
    gives it."""
    assert "Вишневое" not in places(gaz, "Киев, Вишневое — взрывы")
    assert places(gaz, "Киев, Вишневое — взрывы", "UA-32")["Вишневое"] == "UA-32"


def test_a_federal_citys_place_in_the_post_stands_for_the_region_around_it(gaz):
    """«Березівка — шахеди на Київ»: Kyiv oblast's Березівка, not an unknown part of Kyiv,
    nor Odesa oblast's bigger one."""
    assert places(gaz, "Березівка — шахеди на Київ") == {"Березівка": "UA-32", "Київ": "UA-30"}
    assert places(gaz, "Березівка — шахеди") == {"Березівка": "UA-51"}


def test_a_local_channels_unknown_place_beside_one_of_its_own(gaz):
    """«Пятихатки, Алексеевка — снова громко» from a Kharkiv channel: Алексеевка can be
    Kharkiv's and Пятихатки (Kharkiv's Пʼятихатки, a part of the city in
    bot/data/local_places.txt) is then the channel's too, not Dnipropetrovsk oblast's town;
    alone it is the city's part for a Kharkiv channel and the town for a Dnipro one."""
    assert places(gaz, "Пятихатки, Алексеевка — снова громко", "UA-63") == {
        "Пятихатки": "UA-63", "Алексеевка": "UA-63"}
    assert places(gaz, "Пятихатки — снова громко", "UA-63") == {"Пятихатки": "UA-63"}
    assert places(gaz, "Пятихатки — снова громко", "UA-12") == {"Пятихатки": "UA-12"}


def test_a_front_line_weapon_names_the_district_of_the_town_near_the_front(gaz):
    """«Золочівська громада» is named after Kharkiv oblast's Золочів or Lviv oblast's: a
    glide bomb says which; without a weapon or a region the district is no place."""
    assert places(gaz, "Золочівська громада: удар КАБ по центру селища") == {
        "Золочівська громада": "UA-63"}
    assert places(gaz, "Золочівська громада: пошкоджено будівлю пошти") == {}


# -- neighbours: a list of places of one area ------------------------------------------------


def test_a_village_named_like_an_everyday_word_listed_beside_a_place(gaz):
    """«Бахчисарай, Мазанка, Октябрьское»: the Crimean villages (Октябрьское is also an
    adjective), where Бахчисарай surely is; its Bashkir namesake village is no reason to doubt
    the town."""
    assert places(gaz, "Бахчисарай, Мазанка, Октябрьское — опасность БПЛА") == {
        "Бахчисарай": "UA-43", "Мазанка": "UA-43", "Октябрьское": "UA-43"}
    assert "Октябрьское" not in places(gaz, "Тревога. Октябрьское кафе закрыто")


@pytest.mark.parametrize(
    ("text", "name", "region"),
    [
        # Kherson oblast's town 35 km from Crimea's Армянск, not a village of Crimea
        ("Каланчак, Армянск — опасность БПЛА", "Каланчак", "UA-65"),
        # Bryansk oblast's Комаричи beside Orel oblast's Дмитровск, not an Orel village
        ("Дмитровск, Комаричи — внимание по БПЛА", "Комаричи", "RU-BRY"),
    ],
)
def test_a_place_near_another_of_the_post_across_a_border_keeps_its_region(
    gaz, text, name, region
):
    assert places(gaz, text)[name] == region


def test_a_town_named_like_a_surname_listed_after_a_place(gaz):
    """«Валуйки и Губкин»: Belgorod oblast's town of 87,000, also a surname; alone in a
    sentence it is the person."""
    assert places(gaz, "Валуйки и Губкин — опасность БПЛА") == {
        "Валуйки": "RU-BEL", "Губкин": "RU-BEL"}
    assert "Губкин" not in places(gaz, "Вчера Губкин рассказал о ремонте школ")


def test_a_course_names_a_place_named_like_an_everyday_word(gaz):
    """«в направлении Октябрьское», «в сторону Гвардейского»: a course is context enough for
    a homonym, kept where the post's other places are."""
    found = places(gaz, "Бахчисарай — БПЛА в направлении Октябрьское")
    assert found == {"Бахчисарай": "UA-43", "Октябрьское": "UA-43"}
