"""Districts and okrugs of Russian cities that many cities share (Ленинский, Московский,
Советский, Центральный...): the city named in the post, the channel's home region or its last
hour chooses one, and with none of them the name is no place. A test per entry kind of
scripts/districts.py's city table, and the first name's form that hid «Алешки»."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.detect import Detector
from bot.detect.gazetteer import Gazetteer
from bot.detect.profiles import detect_stream
from tests.posts import post_maker

T0 = datetime(2026, 12, 16, 18, 0, tzinfo=UTC)


post = post_maker("gorod_novosti", T0)



def districts(gaz: Gazetteer, text: str, home: str | None = None) -> list[tuple[str, str]]:
    return [(m.place.name, m.place.region) for m in gaz.find(text, home)
            if m.place.kind == "district"]


# ---------------------------------------------------------------- the city named in the post


@pytest.mark.parametrize(
    ("text", "district", "region"),
    [
        ("Взрыв в Московском районе Санкт-Петербурга, горит склад", "Московский район", "RU-SPE"),
        ("Обломки БПЛА упали в Советском округе Липецка", "Советский округ", "RU-LIP"),
        ("В Центральном округе Курска повреждены окна в двух домах", "Центральный округ",
         "RU-KRS"),
        ("Хлопки над Левобережным районом Воронежа", "Левобережный район", "RU-VOR"),
        ("Атака беспилотников на Кировский район Казани", "Кировский район", "RU-TA"),
        ("Нижний Новгород: в Московском районе упал беспилотник", "Московский район", "RU-NIZ"),
        ("Дрон упал в Тракторозаводском районе Волгограда", "Тракторозаводский район", "RU-VGG"),
        ("ВСУ обстреляли Ленинский район Донецка", "Ленінський район", "UA-14"),
        ("Прилёт в Ворошиловском районе Ростова, повреждена крыша", "Ворошиловский район",
         "RU-ROS"),
        # Odesa's Приморський, left out before, is a namesake among St Petersburg's and others
        ("Одеса: уламки впали у Приморському районі", "Приморський район", "UA-51"),
    ],
)
def test_a_shared_district_name_is_the_district_of_the_city_the_post_names(
    gaz, text, district, region
):
    assert districts(gaz, text) == [(district, region)]


def test_a_city_part_is_placed_at_its_city(gaz):
    (mention,) = [m for m in gaz.find("Взрыв в Сормовском районе") if m.place.kind == "district"]
    city = gaz.find("Нижний Новгород")[0].place
    assert mention.place.region == "RU-NIZ"
    assert (mention.place.lat, mention.place.lon) == (city.lat, city.lon)


# ---------------------------------------------------------------- the channel's home region


@pytest.mark.parametrize(
    ("text", "home", "region"),
    [
        ("Пожар в Московском районе после падения обломков", "RU-SPE", "RU-SPE"),
        ("Пожар в Московском районе после падения обломков", "RU-TA", "RU-TA"),
        ("Пожар в Московском районе после падения обломков", "RU-CU", "RU-CU"),
        ("В Октябрьском районе слышны взрывы", "RU-SAR", "RU-SAR"),
        # the rural raion of Kursk oblast, for a Kursk channel
        ("В Октябрьском районе слышны взрывы", "RU-KRS", "RU-KRS"),
        # Leningrad oblast's raion named after its town (Выборг), not St Petersburg's district
        ("Выборгский район: сбит беспилотник", "RU-LEN", "RU-LEN"),
        ("Выборгский район: сбит беспилотник", "RU-SPE", "RU-SPE"),
        # Moscow oblast's Ленинский городской округ
        ("Ленинский округ: обломки на крыше дома", "RU-MOS", "RU-MOS"),
        ("Гагаринский район — работает ПВО", "UA-40", "UA-40"),
    ],
)
def test_a_shared_district_name_is_the_home_region_s(gaz, text, home, region):
    assert [r for _, r in districts(gaz, text, home)] == [region]


def test_the_channel_s_last_hour_chooses_too(detector):
    first, district = detect_stream(
        detector,
        [
            post("Самара: угроза атаки БПЛА, будьте осторожны", id=1, channel="samara_alarm"),
            post("Взрывы в Куйбышевском и Советском районах", id=2, channel="samara_alarm",
                 minutes=15),
        ],
    )
    assert first.regions == ("RU-SAM",)
    assert district.incident and district.regions == ("RU-SAM",)


def test_a_configured_home_region_chooses(gaz):
    detector = Detector(gaz, home_regions={"nn_trevoga": "RU-NIZ"})
    detection = detector.detect(
        post("Обломки дрона упали в Ленинском районе", channel="nn_trevoga")
    )
    assert detection.incident and detection.regions == ("RU-NIZ",)
    assert [(p.name, p.region) for p in detection.places] == [("Ленинский район", "RU-NIZ")]


# ---------------------------------------------------------------- neither: no wrong region


@pytest.mark.parametrize(
    "text",
    [
        "Пожар в Московском районе после падения обломков",  # not Moscow
        "В Ленинском районе упали обломки беспилотника",  # not Crimea's raion
        "Взрывы в Октябрьском районе",  # not Kursk oblast's raion
        "Ворошиловский район — прилёт",
        "Обломки упали в Советском районе, повреждена крыша",
        "Выборгский район: сбит беспилотник",
    ],
)
def test_a_shared_district_name_with_nothing_to_choose_is_no_place(detector, text):
    detection = detector.detect(post(text, channel="nowhere_news"))
    assert detection.places == ()
    assert detection.regions == ()


def test_a_district_only_one_city_has_needs_nothing_to_choose(gaz):
    assert districts(gaz, "Взрыв в Сеймском округе") == [("Сеймский округ", "RU-KRS")]
    # two cities have this one (Volgograd, Chelyabinsk): it needs one chosen
    assert districts(gaz, "Беспилотник упал в Тракторозаводском районе") == []
    assert districts(gaz, "Атака на Карасунский округ") == [("Карасунский округ", "RU-KDA")]


def test_a_district_adjective_in_lower_case_is_a_description(gaz):
    assert districts(gaz, "Пожар в центральном районе города", "RU-VOR") == []
    assert districts(gaz, "Пожар в Центральном районе города", "RU-VOR") == [
        ("Центральный район", "RU-VOR")]


def test_kyiv_s_districts_stay_the_default_of_ukrainian_names_no_russian_city_shares(gaz):
    assert districts(gaz, "Приліт у Шевченківському районі") == [
        ("Шевченківський район", "UA-30")]


# ---------------------------------------------------------------- a first name's form


@pytest.mark.parametrize(
    "text", ["Алешки под обстрелом", "Обстрел Алешек с утра", "Алешки снова атакованы дронами"]
)
def test_a_town_named_like_a_first_name_s_oblique_form_is_the_town(detector, text):
    detection = detector.detect(post(text))
    assert detection.incident
    assert [(p.name, p.region) for p in detection.places] == [("Олешки", "UA-65")]


@pytest.mark.parametrize("text", ["Песков: удары будут продолжены", "Медведев пригрозил ответом"])
def test_a_person_named_in_the_nominative_stays_a_person(gaz, text):
    assert gaz.find(text) == []


def test_a_channel_of_the_region_around_a_federal_city_names_the_city_s_parts(gaz):
    assert districts(gaz, "Жители Московского района слышат хлопки", "RU-LEN") == [
        ("Московский район", "RU-SPE")]


def test_a_federal_city_s_district_named_in_a_post_about_another_city_is_that_city_s_part(gaz):
    # Moscow's «Северный» (a district GeoNames lists as a town of 200,000) is not where
    # «Ростов: хлопки над Северным» happened: the one city the post names is
    regions = [m.place.region for m in gaz.find("Ростов: громкие хлопки над Северным")]
    assert regions == ["RU-ROS", "RU-ROS"]
