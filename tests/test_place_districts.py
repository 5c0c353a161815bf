"""The right region on real channels: a course does not hide the post's districts, a launch
site is not where the incident is, and districts, village plurals and the parts of big cities
channels name (bot/data/place_shorthand.txt, bot/data/city_quarters.txt)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.detect import Detector
from bot.detect.context import ChannelProfile, DetectContext
from bot.detect.gazetteer import Gazetteer
from tests.posts import post_maker

post = post_maker("radar_probe", datetime(2026, 11, 20, 22, 0, tzinfo=UTC))


def places(gaz: Gazetteer, text: str, home: str | None = None) -> dict[str, str]:
    return {m.surface: m.place.region for m in gaz.find(text, home)}


def regions(detector: Detector, text: str, home: str | None = None) -> list[str]:
    profile = ChannelProfile("radar_probe", home_regions=(home,) if home else (), kind="alerts")
    found = detector.detect(post(text), DetectContext(profile=profile))
    assert found.incident, text
    return sorted(found.regions)


# -- a course names where it goes, not where the post's districts are -------------------------


@pytest.mark.parametrize(
    ("text", "district", "region"),
    [
        ("БПЛА над Суземским районом курсом на Орловскую область", "Суземским районом",
         "RU-BRY"),
        ("Дроны в Хомутовском районе курсом на Орловскую область", "Хомутовском районе",
         "RU-KRS"),
        ("Группа БПЛА в сторону Брянской области через Глушковский район", "Глушковский район",
         "RU-KRS"),
    ],
)
def test_a_region_named_as_a_course_keeps_the_districts_of_other_regions(
    gaz, text, district, region
):
    assert places(gaz, text)[district] == region


def test_a_region_the_post_is_about_still_drops_a_district_named_after_a_town_elsewhere(gaz):
    """«Хомутовский» is named after Kursk oblast's Хомутовка: a post that says its district
    is in Orel oblast (not only heading there) names no Kursk district."""
    assert places(gaz, "Дроны в Хомутовском районе, Орловская область") == {
        "Орловская область": "RU-ORL"}


def test_the_incident_has_both_regions_when_the_district_is_on_the_way(detector):
    assert regions(detector, "БПЛА над Суземским районом курсом на Орловскую область") == [
        "RU-BRY", "RU-ORL"]


# -- a launch site is where it came from ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the Air Force's formula: the bombs are launched in Russia, the alert is for Sumy
        ("Пуски КАБів з Курської області на Сумщину", ["UA-59"]),
        ("Пуски від Армавіра, шахеди курсом на Запоріжжя", ["UA-23"]),
        ("Пуски шахедов из Брянской области. Курск — опасность БПЛА", ["RU-KRS"]),
        ("Запуски дронов от Армавира. Опасность БПЛА в Краснодаре", ["RU-KDA"]),
        # a list of launch areas after «з»: every region of it, whatever noun follows
        ("Вночі ворог атакував 45 БпЛА з Курської та Брянської областей. Уламки впали в Сумах",
         ["UA-59"]),
        # a Russian radar's alert with where the drones come from: only the region alerted
        ("Пензенская область — опасность по БПЛА со стороны Саратовской и Ульяновской областей",
         ["RU-PNZ"]),
        ("Чувашия — угроза БПЛА от Нижегородской и Ульяновской областей", ["RU-CU"]),
    ],
)
def test_a_launch_site_is_not_the_incidents_region_when_the_post_names_another(
    detector, text, expected
):
    assert regions(detector, text) == expected


def test_a_launch_site_alone_is_no_region_of_the_report(detector):
    """With no other place, a launch report still names only where the weapon left from
    («Запуски дронов с Приморско-Ахтарска», the Ukrainian monitors' «Пуски балістики з
    Брянська», «пуски Х-101 з району Вологди»): the threat is to the side it flies to, so no
    card of Krasnodar Krai, Bryansk or Vologda oblast (session 10's audit of Ukrainian
    monitors' posts); an alert channel's line with no place of the report is none."""
    profile = ChannelProfile("radar_probe", kind="alerts")
    for text in ("Запуски дронов с Приморско-Ахтарска", "Пуски балістики з Брянська",
                 "Відбулись пуски ракет Х-101 з району Вологди"):
        found = detector.detect(post(text), DetectContext(profile=profile))
        assert found.regions == () and not found.incident, text


# -- one file for one kind of knowledge --------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Красное — Погарский р-н, опасность БПЛА",
        "Красное, Погарский г.о., опасность БПЛА",  # «г.о.»: two tokens, places.toml only
        "Красное, Погарский МО — опасность БПЛА",
        "Красное, Погарский район — опасность БПЛА",
    ],
)
def test_a_district_written_next_to_a_village_reads_places_toml_nouns(gaz, text):
    """«Красное» is an everyday word too: the district next to it, by any noun or
    abbreviation of places.toml, says it is Bryansk oblast's village."""
    assert places(gaz, text)["Красное"] == "RU-BRY"


def test_the_shorthand_file_holds_no_district_nouns(tmp_path):
    from bot.detect.place_data import PlaceDataError, load

    shorthand = tmp_path / "place_shorthand.txt"
    shorthand.write_text("noun | р-н\n", encoding="utf-8")
    with pytest.raises(PlaceDataError, match=r"places\.toml"):
        load(shorthand=shorthand)


# -- the parts of big cities as their channels name them (bot/data/local_places.txt) ----------


def test_every_local_place_is_in_the_built_gazetteer(gaz):
    """The build (scripts/build_gazetteer.py) reads bot/data/local_places.txt: every form of
    every line names a place of its region shown by its name. A line edited without a
    rebuild fails here."""
    from bot.detect.place_data import key_of, read_local_places

    for entry in read_local_places():
        for form in entry.forms:
            shown = {(gaz._places[code // 16].name, gaz._places[code // 16].region)
                     for code in gaz._forms.get(key_of(form), ())}
            assert (entry.shown, entry.region) in shown, (form, entry.shown)


@pytest.mark.parametrize(
    ("text", "home", "name", "region"),
    [
        # «always»: a Russian spelling or another name of a part GeoNames has
        ("🛵 На Святошино йде!", None, "Святошино", "UA-30"),
        ("Дроны над Дарницей", None, "Дарницей", "UA-30"),
        ("Вибухи біля Ольшан", None, "Ольшан", "UA-63"),  # GeoNames: Вільшани
        ("Вибух біля Ягодина", None, "Ягодина", "UA-07"),  # Volyn's border crossing
        # «city»: the channel is at home in the city
        ("1 реактивний дрон летить на Трою.", "UA-30", "Трою", "UA-30"),
        ("Над Києвом 1, на Лісовий йде", "UA-30", "Лісовий", "UA-30"),
        ("🛵 Шулявка/Солома.", "UA-30", "Солома", "UA-30"),
        ("Холодна Гора — КАБ", "UA-63", "Холодна Гора", "UA-63"),
        ("ХТЗ — прильот", "UA-63", "ХТЗ", "UA-63"),
        ("Лівий берег — вибухи", "UA-12", "Лівий берег", "UA-12"),
        # … or the post names a place of the city's region
        ("❗️ Київ — 1х Академ/Коцюбинське.", None, "Академ", "UA-30"),
        ("Троя, Оболонь увага!", None, "Троя", "UA-30"),
    ],
)
def test_a_part_of_a_city_by_the_name_its_channels_use(gaz, text, home, name, region):
    assert places(gaz, text, home)[name] == region


def test_a_kharkiv_channels_pyatykhatky_is_its_own_part_not_the_towns_elsewhere(gaz):
    """Kharkiv's П'ятихатки: from a Kharkiv channel the city's part; from anywhere else the
    name stays Dnipropetrovsk oblast's town (or Crimea's village of the Ukrainian spelling)."""
    assert places(gaz, "Пʼятихатки — вибух", "UA-63") == {"Пʼятихатки": "UA-63"}
    assert places(gaz, "Пятихатки — вибух", "UA-63") == {"Пятихатки": "UA-63"}
    assert places(gaz, "Пятихатки — вибух") == {"Пятихатки": "UA-12"}


@pytest.mark.parametrize(
    "text",
    [
        "Троя — гучно",  # Troy, with no Kyiv around it
        "Солома горить на полі під Полтавою",
        "ХТЗ випустив новий трактор",
        "Лівий берег — вибухи",
        "Академ — громко",  # Novosibirsk's Akademgorodok is no part of Kyiv
    ],
)
def test_a_part_named_like_a_word_is_no_place_away_from_its_city(gaz, text):
    assert not any(region in ("UA-30", "UA-63", "UA-12", "UA-23")
                   for region in places(gaz, text).values())


def test_the_city_part_makes_a_kyiv_channels_bare_line_an_incident(detector):
    """«🛵 Троя, реактивний» names no place the gazetteer had: from a Kyiv channel it is the
    city's part, an alert there."""
    assert regions(detector, "🛵 Троя!", "UA-30") == ["UA-30"]


# -- a village named in the genitive after an attack noun -------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "region"),
    [
        ("Обстріл Комишан, є поранені", "Комишан", "UA-65"),  # a surname's nominative too
        ("Окупанти атакували дроном жителя Комишан", "Комишан", "UA-65"),
    ],
)
def test_a_plural_village_in_the_genitive_after_an_attack_or_its_people(gaz, text, name, region):
    assert places(gaz, text)[name] == region


def test_a_surname_alone_is_still_a_person(gaz):
    assert "Комишан" not in places(gaz, "Комишан заявив про відставку")


# -- Lgov is Lgov ---------------------------------------------------------------------------


def test_lgov_is_shown_by_its_own_name(gaz):
    """GeoNames names Lgov «L'govskiy», the district's adjective; the card shows the town."""
    (mention,) = gaz.find("Льгов — громко")
    assert (mention.place.name, mention.place.region) == ("Льгов", "RU-KRS")


# -- districts the villages file knows ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "region"),
    [
        # a raion's noun reads raions: Tatarstan's, not Dnipropetrovsk oblast's hromada
        ("В Зеленодольском районе сбит беспилотник", "RU-TA"),
        ("Зеленодольська громада — обстріл", "UA-12"),
        # place_shorthand.txt's `spelling`: the adjective as news writes it
        ("В Выгоническом районе сбит БПЛА", "RU-BRY"),
        ("Выгонический район — атака БПЛА", "RU-BRY"),
    ],
)
def test_a_district_by_its_noun_and_its_spelling_in_use(gaz, text, region):
    assert set(places(gaz, text).values()) == {region}


def test_a_hromada_named_after_towns_of_two_regions_is_where_the_villages_file_has_it(gaz):
    """Towns named Дергачі/Дергачи are in Kharkiv and Saratov oblasts; the hromada is
    Kharkiv oblast's, Saratov's is a raion."""
    assert places(gaz, "Під ударом була Дергачівська громада") == {
        "Дергачівська громада": "UA-63"}
    assert set(places(gaz, "В Дергачевском районе Саратовской области сбит БПЛА").values()) == {
        "RU-SAR"}


def test_the_first_of_a_pair_of_districts_is_the_villages_files_district(gaz):
    """«В Бутурлиновском и Россошанском районах»: Voronezh oblast's Бутурлиновский район
    (after the town Бутурлиновка), not one guessed from Nizhny Novgorod oblast's Бутурлино."""
    assert places(gaz, "В Бутурлиновском и Россошанском районах — отмена угрозы удара БПЛА") == {
        "Бутурлиновском": "RU-VOR", "Россошанском районах": "RU-VOR"}
    # a city's districts stay its own: no city named, no place
    assert places(gaz, "у Дніпровському та Шевченківському районах міста пошкоджено будинки") == {}


def test_a_spelling_line_is_one_adjective(tmp_path):
    from bot.detect.place_data import PlaceDataError, load

    shorthand = tmp_path / "place_shorthand.txt"
    shorthand.write_text("spelling | Выгонический район | Выгоничский район\n", encoding="utf-8")
    with pytest.raises(PlaceDataError, match="one district adjective"):
        load(shorthand=shorthand)


# -- a district and its region written together --------------------------------------------------


def test_a_district_with_its_region_written_after_it_is_that_regions(gaz):
    """The gazetteer knows a Жуковский район of Bryansk oblast only; «в Жуковском районе
    Калужской области» is Kaluga oblast's (after Жуков), and so is the village before it
    («деревни Стрелковка», whose only namesake is Bashkir); a list item after a comma is no
    qualifier."""
    found = places(gaz, "Беспилотник упал у деревни Стрелковка в Жуковском районе Калужской "
                        "области, выбиты стёкла")
    assert set(found.values()) == {"RU-KLU"}
    assert places(gaz, "Обстрел в Жуковском районе Брянской области") == {
        "Жуковском районе": "RU-BRY", "Брянской области": "RU-BRY"}
    assert places(gaz, "Дроны в Хомутовском районе, Орловская область")[
        "Орловская область"] == "RU-ORL"


def test_a_village_before_its_district_is_no_first_name(detector):
    """«возле села Кременское Медынского района»: a capitalised word after the name is its
    district, not a surname after a first name; the district keeps its region though the post
    names a town of another region («ближе к Верее»)."""
    assert "RU-KLU" in regions(
        detector, "Беспилотник упал на дорогу возле села Кременское Медынского района, ближе "
                  "к Верее, повреждена линия электропередачи")


# -- lists ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an oblast administration's tally of hromadas sharing one plural noun
        ("Обстрілів зазнали Нікопольська, Марганецька громади",
         {"Нікопольська": "UA-12", "Марганецька громади": "UA-12"}),
        ("Ворог обстріляв Миропільську, Краснопільську та Білопільську громади",
         {"Миропільську": "UA-59", "Краснопільську": "UA-59", "Білопільську громади": "UA-59"}),
        ("Атаки БПЛА в Шебекинском, Грайворонском и Валуйском округах",
         {"Шебекинском": "RU-BEL", "Грайворонском": "RU-BEL", "Валуйском округах": "RU-BEL"}),
    ],
)
def test_every_district_of_a_list_sharing_one_noun(gaz, text, expected):
    assert places(gaz, text) == expected


def test_a_list_of_towns_named_like_words_beside_a_city_that_dwarfs_its_hamlet(gaz):
    """«Марганець» (manganese) and «Покров» (a cover) after «Нікополь,»: Нікополь (105,000)
    anchors its region though a hamlet of 588 elsewhere shares its name."""
    assert places(gaz, "Нікополь, Марганець, Покров — обстріли") == {
        "Нікополь": "UA-12", "Марганець": "UA-12", "Покров": "UA-12"}
