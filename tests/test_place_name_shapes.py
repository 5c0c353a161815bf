"""Names whose shape misleads: villages the analysers guess to be people, first names that are
towns, and a village that opens a heading or a short alert line. Found by putting other
villages of the same region into the dev set's alert lines (the place-substitution probe of
tests/data/README.md)."""

from __future__ import annotations

import pytest

from bot.detect.gazetteer import Gazetteer
from bot.detect.place_words import place_words

WORDS = place_words()


def found(gaz: Gazetteer, text: str) -> list[tuple[str, str]]:
    return [(m.surface, m.place.region) for m in gaz.find(text)]


# A person is neither addressed (vocative) nor named in the locative in such a line, a letter
# of one alphabet only leaves the other language's guesses out, and after «на», «в», «над» a
# person would not be in the nominative or the dative.
@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Шахеды идут на Масычево с северо-запада", ("Масычево", "RU-BEL")),  # «Масычева!»
        ("Група мопедів на Яцюки", ("Яцюки", "UA-32")),  # a surname's plural, nominative
        ("Мопеди курсом на Новотерсянське", ("Новотерсянське", "UA-12")),  # a name's dative
        ("Шахеды идут на Васильченков", ("Васильченков", "RU-BEL")),  # a surname, nominative
    ],
)
def test_a_village_guessed_to_be_a_person_is_a_place_where_no_person_could_be(gaz, text, place):
    assert found(gaz, text) == [place]


@pytest.mark.parametrize("text", ["Песков заявил", "к Сидорову", "на Петрова напали"])
def test_people_stay_people(gaz, text):
    assert found(gaz, text) == []


# -- places.toml [first_names] -----------------------------------------------------------------


@pytest.mark.parametrize("word", sorted(WORDS.first_names))
def test_a_first_name_before_a_surname_is_the_person(gaz, word):
    name = word.capitalize()
    assert found(gaz, f"удар по {name}") != []  # the town, where no surname follows
    assert found(gaz, f"Президент {name} Петренко заявил") == []
    assert found(gaz, f"{name} Петренко заявил") == []


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Атака на Владимир", ("Владимир", "RU-VLA")),
        ("Владимир — опасность БПЛА", ("Владимир", "RU-VLA")),
        ("Владимир\nОпасность по БПЛА", ("Владимир", "RU-VLA")),  # a line break
        ("во Владимире Губернатор", ("Владимире", "RU-VLA")),  # a place preposition
        ("Владимир РЭБ", ("Владимир", "RU-VLA")),  # shorthand in capitals, no surname
    ],
)
def test_a_first_name_town_stays_a_town_without_a_surname(gaz, text, place):
    assert place in found(gaz, text)


def test_a_person_named_like_a_town_lends_no_region_to_a_namesake(gaz):
    """«Владимир Зеленский» made the Vladimir region evidence for «в Глухове» (a village
    Глухово there) instead of the town Глухів."""
    text = "Удар по общежитию в Глухове. Президент Владимир Зеленский заявил о семи погибших."
    assert found(gaz, text) == [("Глухове", "UA-59")]


# -- a village opening its line ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Банищи. Ночью в результате атаки БПЛА повреждены дома", ("Банищи", "RU-KRS")),
        ("Корнило-Наталівка. Гучно.", ("Корнило-Наталівка", "UA-12")),
        ("Ангелінівка гучно", ("Ангелінівка", "UA-51")),
        ("Подбелово фпв на оптоволокне по дороге", ("Подбелово", "RU-BRY")),
        ("Старченский опасность по БПЛА", ("Старченский", "RU-ROS")),
        ("Сенной опасность по БПЛА", ("Сенной", "RU-SAR")),  # the adjective does not agree
    ],
)
def test_a_village_opening_a_heading_or_a_short_alert_line_is_named(gaz, text, place):
    assert found(gaz, text) == [place]


@pytest.mark.parametrize(
    "text",
    [
        "Тихо. Отбой",  # everyday words the villages file marks as common
        "Спокойно. Работает ПВО",
        "Доброе утро!",  # an adjective with its noun
        "Тиха ніч",
        "Спасибо всем",
        "Банищи были упомянуты в разговоре о погоде на завтра",  # a long line
    ],
)
def test_everyday_words_and_long_lines_name_no_village(gaz, text):
    assert found(gaz, text) == []


def test_new_moscow_is_moscow(gaz):
    """bot/data/local_places.txt: not the Nizhny Novgorod village Новая Москва."""
    assert found(gaz, "Территория бассейна горит в Новой Москве.") == [
        ("Новой Москве", "RU-MOW")
    ]


# -- scripts/build_gazetteer.py: other names that other settlements are called ----------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Олександрівка — вибухи", "Олександрівка"),  # dozens of villages', not Donetsk's
        ("Калинівка: вибухи", "Калинівка"),  # nor one of Donetsk's city districts'
        ("Обстріл Олександрівки", "Олександрівка"),
    ],
)
def test_a_common_village_name_is_no_other_name_of_a_city(gaz, text, name):
    assert [m.place.name for m in gaz.find(text)] == [name]


def test_a_city_district_gives_no_town_its_name(gaz):
    """GeoNames calls Kropyvnytskyi's Подільський район «Podilsk»: Odesa oblast's town keeps
    the name (scripts/regions.py SHOWN_NAMES)."""
    assert found(gaz, "Подільськ: пожежа в порту") == [("Подільськ", "UA-51")]
    assert found(gaz, "Кропивницький, Подільський район: уламки")[1] == (
        "Подільський район", "UA-35"
    )


def test_a_monitors_warning_names_a_town_named_like_a_surname(gaz):
    """places.toml [place_objects]: «Увага», «Внимание» right before the name."""
    assert found(gaz, "Увага Васильків! Шахед з півдня") == [("Васильків", "UA-32")]
    assert found(gaz, "Васильків пояснив журналістам") == []
