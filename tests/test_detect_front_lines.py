"""What an audit of detection on real posts of Russian border and front-line channels found
(session 11: Belgorod district radar channels' village lines with the okrugs' shorthand, the
Donetsk, Horlivka, Energodar, Kamenka-Dniprovska, Kherson, Kursk, Bryansk and Sevastopol
officials' posts as public news pages quote them; read outside the repository, none copied).
One test per entry kind of the data it added (place_shorthand.txt's `alone` districts;
places.toml's `not_after_name`, `street_words` and `front_weapons`; weapons.toml's `drone`;
events.toml's `attack` and `shootdown`; alerts.toml's `precaution` and `cue_filler`;
context.toml's `drill`; noise.toml's `politics`) and per mechanism (a district's short form
standing alone, an alert line's shorthand with a case ending, a settlement word before what
flies over the village); the posts are written for these tests."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.detect import Detector
from bot.detect.classify import analyse
from bot.detect.gazetteer import Gazetteer
from bot.detect.place_data import PlaceDataError, load
from tests.posts import post_maker, stream_maker

T0 = datetime(2027, 1, 24, 18, 0, tzinfo=UTC)

post = post_maker("front_lines_f11", T0)
stream = stream_maker(post)


def places(gaz: Gazetteer, text: str) -> dict[str, str]:
    return {m.place.name: m.place.region for m in gaz.find(text)}


# -- place_shorthand.txt's `alone` districts: «Бгд», «Шбк» name their okrug by themselves ----


@pytest.mark.parametrize(
    ("text", "district"),
    [
        # a village no file has, then the okrug's short form
        ("Толоконное Бгд / Внимание БПЛА", "Белгородский район"),
        ("Крестовое, Бел р-н / БПЛА в вашу сторону", "Белгородский район"),
        ("ШБК ФПВ", "Шебекинский район"),
        ("Ркт / Внимание БПЛА курсом на север", "Ракитянский район"),
    ],
)
def test_a_districts_short_form_alone_is_the_district(
    detector: Detector, text: str, district: str
) -> None:
    detection = detector.detect(post(text))
    assert detection.incident
    assert detection.regions == ("RU-BEL",)
    assert district in [p.name for p in detection.places]


def test_a_short_form_next_to_a_known_name_only_tells_where_the_name_is(gaz: Gazetteer) -> None:
    """«Таволжанка, Шбк»: the okrug qualifies the village and is no place of its own."""
    assert places(gaz, "Таволжанка, Шбк / От гг фпв") == {"Таволжанка": "RU-BEL"}


def test_a_short_form_that_is_no_word_is_read_in_lower_case_too(gaz: Gazetteer) -> None:
    """«бел р-н» typed fast: Belgorod district's Отрадное, not Leningrad oblast's town."""
    assert places(gaz, "Отрадное бел р-н яга") == {"Отрадное": "RU-BEL"}
    assert places(gaz, "толоконное бгд / внимание бпла") == {"Белгородский район": "RU-BEL"}


def test_a_short_form_that_is_also_a_word_stays_a_qualifier_only(gaz: Gazetteer) -> None:
    """«Суд» (Суджанский район) is a court too: alone it names no district."""
    assert places(gaz, "Суд арестовал двоих подозреваемых") == {}


def test_a_district_line_with_a_sixth_field_other_than_alone_is_an_error(tmp_path: Path) -> None:
    shorthand = tmp_path / "place_shorthand.txt"
    shorthand.write_text(
        "district | Бгд | RU-BEL | белгородск | Белгородский район | всегда\n", encoding="utf-8"
    )
    with pytest.raises(PlaceDataError, match=r"place_shorthand\.txt:1"):
        load(shorthand=shorthand)


# -- an alert line's shorthand in capitals with a case ending -------------------------------


@pytest.mark.parametrize("text", ["Сумы КАБы", "Суми КАБи!"])
def test_a_plural_shorthand_after_a_name_makes_an_alert_line(detector: Detector, text: str) -> None:
    detection = detector.detect(post(text))
    assert detection.incident
    assert detection.regions == ("UA-59",)


def test_a_capitalised_word_after_a_village_is_no_shorthand(gaz: Gazetteer) -> None:
    """A village named like a surname needs an alert line: «ФПВ» after it makes one, «Мы»
    (one capital) does not."""
    assert places(gaz, "Муром ФПВ") == {"Муром": "RU-BEL"}
    assert places(gaz, "Муром Мы ждём") == {}


# -- a settlement word before what flies over the village -----------------------------------


def test_a_weapon_after_a_settlement_word_is_no_village(gaz: Gazetteer) -> None:
    found = places(gaz, "Бессоновка Бел р-н над селом ФПВ, внимание")
    assert "ФПВ" not in found
    assert found["Бессоновка"] == "RU-BEL"


def test_an_unknown_village_after_a_settlement_word_is_still_a_place(gaz: Gazetteer) -> None:
    assert "Новая Таволжанка" in places(gaz, "Обстрел села Новая Таволжанка")


# -- places.toml: `not_after_name`, `street_words`, `front_weapons` -------------------------


def test_a_name_before_imeni_is_a_mine_not_the_town(gaz: Gazetteer) -> None:
    """«поселок Шахты имени Абакумова» is Donetsk's, not Rostov oblast's town Шахты."""
    assert "RU-ROS" not in places(gaz, "Донецк: обстрел поселка Шахты имени Абакумова").values()
    assert "Шахты" not in places(gaz, "Обстрел Кировского района, шахты имени Абакумова")
    assert places(gaz, "Шахты — взрывы") == {"Шахты": "RU-ROS"}


def test_an_avenue_in_the_dative_names_no_region(detector: Detector) -> None:
    detection = detector.detect(
        post("Донецк: в результате обстрела повреждены окна домов по проспекту Киевскому")
    )
    assert detection.regions == ("UA-14",)


def test_artillery_by_its_adjective_is_a_front_line_weapon(detector: Detector) -> None:
    """Zaporizhzhia oblast's Васильевка, not Odesa oblast's namesake GeoNames spells so."""
    detection = detector.detect(
        post("Идёт артиллерийский обстрел Васильевки, не покидайте укрытия")
    )
    assert detection.regions == ("UA-23",)


# -- lexicon entries -------------------------------------------------------------------------


def test_yaga_alone_is_the_heavy_drone() -> None:
    assert "drone" in analyse("Гезовка Бгд яга над селом", "ru").types


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Вследствие украинской вооружённой агрессии в Горловке обесточены два посёлка",
         {"strike"}),
        ("В результате украинской вооруженной агрессии ранен мирный горловчанин",
         {"strike", "casualties"}),
    ],
)
def test_the_donetsk_officials_formula_is_an_attack(text: str, expected: set[str]) -> None:
    assert analyse(text, "ru").types == expected


def test_the_war_as_a_whole_is_no_attack() -> None:
    text = "Десять лет вооружённой агрессии Киева против Донбасса не сломили горловчан"
    assert not analyse(text, "ru").types


def test_attacks_prevented_in_the_passive_are_air_defence(detector: Detector) -> None:
    _, prevented = stream(
        detector,
        "Энергодар: атака беспилотников ВСУ на город продолжается, оставайтесь в укрытиях",
        "Энергодар. Все атаки были предотвращены, пострадавших и разрушений нет",
    )
    assert prevented.types == ("drone", "air_defense")
    assert prevented.regions == ("UA-23",)


@pytest.mark.parametrize(
    "text",
    ["Прилесье Краснояружский район / Внимание к звукам",
     "Евпатория, Саки / займите безопасные места"],
)
def test_calls_to_listen_out_and_take_cover_are_precautions(detector: Detector, text: str) -> None:
    detection = detector.detect(post(text))
    assert detection.incident
    assert "alert" in detection.types


def test_a_region_with_its_noun_may_stand_beside_a_bare_cue(detector: Detector) -> None:
    detection = detector.detect(post("Белгородская обл, РО!"))
    assert detection.types == ("alert", "missile")
    assert detection.regions == ("RU-BEL",)


def test_outgoing_artillery_is_no_hit() -> None:
    analysis = analyse("Николаевка — выходы ствольной арты", "ru")
    assert not analysis.types


def test_a_deputy_hurt_in_an_attack_is_reported_and_a_deputys_meeting_is_not(
    detector: Detector,
) -> None:
    hurt, meeting = stream(
        detector,
        "Утром при атаке дрона «Баба-яга» в Каховке ранен депутат муниципального совета",
        "Депутаты областной думы обсудили бюджет на следующий год",
    )
    assert hurt.incident and "casualties" in hurt.types
    assert hurt.regions == ("UA-65",)
    assert not meeting.incident


def test_a_town_of_several_words_before_a_persons_name_is_no_first_name(
    detector: Detector,
) -> None:
    """«председатель совета депутатов Новой Каховки Владимир Леонтьев»: the town of the council
    is where the drone hit; a one-word first name before a surname stays a person."""
    hurt = detector.detect(post(
        "При атаке дрона пострадал председатель совета депутатов Новой Каховки Владимир Леонтьев"
    ))
    assert hurt.regions == ("UA-65",)
    speaker = detector.detect(post("Губернатор Владимир Сальдо: ночью сбиты три БПЛА над Каховкой"))
    assert "Владимир" not in [p.name for p in speaker.places]


def test_the_corridor_is_a_call_beside_names_and_no_call_in_the_locative(
    detector: Detector,
) -> None:
    """alerts.toml's short_line cue «коридор» (beside names only): the monitors' «Біла Церква
    та Наливайківка в коридор»; «в коридоре школы» of a news story is where it happened."""
    call = detector.detect(post("Біла Церква та Наливайківка в коридор"))
    assert call.incident and call.regions == ("UA-32",)
    story = detector.detect(post("Всё происходит в коридоре школы в Лобне, на глазах у детей."))
    assert not story.incident


@pytest.mark.parametrize(
    "text",
    ["Горловка: беспилотный летательный аппарат-камикадзе", "Макеевка: два БПЛА-камикадзе"],
)
def test_a_kamikaze_aircraft_hyphenated_is_a_drone(text: str) -> None:
    """The documentation office's «беспилотный летательный аппарат-камикадзе» is one word to
    the analyser: weapons.toml's drone has it whole."""
    assert "drone" in analyse(text, "ru").types
