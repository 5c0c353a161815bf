"""The gazetteer: region table, name forms, the traps of place matching, lookup."""

from __future__ import annotations

import gzip
import json

import pycountry
import pytest

from bot.detect.gazetteer import DATA_PATH, Gazetteer, GazetteerError
from bot.detect.normalize import normalize, tokenize


def found(gaz: Gazetteer, text: str, home: str | None = None) -> list[tuple[str, str, str]]:
    return [(m.surface, m.place.region, m.place.kind) for m in gaz.find(text, home)]


def regions_of(gaz: Gazetteer, text: str, home: str | None = None) -> list[str]:
    return [m.place.region for m in gaz.find(text, home)]


# -- normalisation ------------------------------------------------------------------------


def test_normalize_folds_marks_quotes_dashes_and_yo():
    text = "Ёлки\u200b — «Орёл»\u00a0и\u2011так ударе\u0301ние"
    assert normalize(text) == 'елки - "орел" и-так ударение'


def test_tokenize_keeps_offsets_into_the_original_text():
    text = "Взрыв\u200b в Орле́, «Ростов-на-Дону» и Слов’янськ"
    tokens = tokenize(text)
    assert [t.norm for t in tokens] == ["взрыв", "в", "орле", "ростов-на-дону", "и", "слов'янськ"]
    for token in tokens:
        assert text[token.start : token.end] == token.text
    assert tokens[2].text == "Орле\u0301"


def test_tokenize_folds_latin_lookalikes_inside_cyrillic_words():
    # "Курск" typed with a Latin "K" and "c"
    assert [t.norm for t in tokenize("Kурcк")] == ["курск"]


# -- region table -------------------------------------------------------------------------


@pytest.mark.parametrize("country", ["RU", "UA"])
def test_every_iso_subdivision_is_a_region(gaz, country):
    expected = {s.code for s in pycountry.subdivisions.get(country_code=country)}
    have = {r.code for r in gaz.regions() if r.country == country}
    assert have == expected


def test_contested_regions_keep_their_iso_codes(gaz):
    assert gaz.region("UA-43").capital == "Сімферополь"
    assert gaz.region("UA-40").name_en == "Sevastopol"
    assert gaz.region("UA-14").name_ru == "Донецкая область"
    assert regions_of(gaz, "Взрывы в Севастополе и Симферополе") == ["UA-40", "UA-43"]
    assert regions_of(gaz, "обстрел Донецка, в ДНР и ЛНР") == ["UA-14", "UA-14", "UA-09"]


def test_region_capitals_have_coordinates_inside_the_country(gaz):
    for region in gaz.regions():
        assert region.capital
        if region.country == "UA":
            assert 44 < region.lat < 53 and 22 < region.lon < 41, region
        else:
            assert 41 < region.lat < 72 and 19 < region.lon < 180, region
    assert gaz.region("ru-bel").capital == "Белгород"
    assert gaz.region("RU-XXX") is None


# -- name forms ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("губернатор Белгородской области", "RU-BEL"),
        ("в Белгородскую область", "RU-BEL"),
        ("над Брянской обл. сбиты", "RU-BRY"),
        ("белгородский губернатор сообщил", "RU-BEL"),
        ("по Краснодарскому краю", "RU-KDA"),
        ("на Кубани", "RU-KDA"),
        ("в Подмосковье", "RU-MOS"),
        ("на Белгородчине", "RU-BEL"),
        ("на Белгородщине", "RU-BEL"),
        ("на Курщине", "RU-KRS"),
        ("на Брянщине", "RU-BRY"),
        ("в Ставрополье", "RU-STA"),
        ("в Приморье", "RU-PRI"),
        ("в Забайкалье", "RU-ZAB"),
        ("в Прикамье", "RU-PER"),
        ("на Ямале", "RU-YAN"),
        ("в Югре", "RU-KHM"),
        ("в Кузбассе", "RU-KEM"),
        ("в Зауралье", "RU-KGN"),
        ("в Крыму", "UA-43"),
        ("в Татарстане", "RU-TA"),
        ("в Чечне", "RU-CE"),
        ("у Харківській області", "UA-63"),
        ("на Київщині", "UA-32"),
        ("на Харківщині", "UA-63"),
        ("на Одещині", "UA-51"),
        ("у Бєлгородській області", "RU-BEL"),
        ("в Курській області", "RU-KRS"),
        ("attack on Krasnodar Krai", "RU-KDA"),
        ("over Bryansk Oblast", "RU-BRY"),
        ("in the Bryansk region", "RU-BRY"),
        ("Rostov Oblast governor", "RU-ROS"),
        ("Orenburg Oblast", "RU-ORE"),
        ("Kaluga Oblast", "RU-KLU"),
        ("Smolensk Oblast", "RU-SMO"),
    ],
)
def test_region_names_in_every_case_and_language(gaz, text, region):
    mentions = gaz.find(text)
    assert [m.place.region for m in mentions] == [region]
    assert mentions[0].place.kind == "region"


@pytest.mark.parametrize(
    ("text", "name", "region"),
    [
        ("взрывы в Белгороде", "Белгород", "RU-BEL"),
        ("под Курском", "Курск", "RU-KRS"),
        ("из Брянска", "Брянск", "RU-BRY"),
        ("в Ростове-на-Дону", "Ростов-на-Дону", "RU-ROS"),
        ("над Таганрогом", "Таганрог", "RU-ROS"),
        ("в Каменске-Шахтинском", "Каменск-Шахтинский", "RU-ROS"),
        ("в Старом Осколе", "Старый Оскол", "RU-BEL"),
        ("в Шебекино", "Шебекино", "RU-BEL"),
        ("в Новороссийске", "Новороссийск", "RU-KDA"),
        ("у Харкові", "Харків", "UA-63"),
        ("у Сумах", "Суми", "UA-59"),
        ("в Одесі", "Одеса", "UA-51"),
        ("в Одессе", "Одеса", "UA-51"),
        ("в Запорожье", "Запоріжжя", "UA-23"),
        ("Taganrog port", "Таганрог", "RU-ROS"),
        ("debris in Anapa", "Анапа", "RU-KDA"),
        ("strikes on Kharkiv", "Харків", "UA-63"),
        ("air raid in Kyiv", "Київ", "UA-30"),
        ("in Kiev", "Київ", "UA-30"),
        ("the port of Odesa", "Одеса", "UA-51"),
        ("the port of Odessa", "Одеса", "UA-51"),
        ("Moscow airports", "Москва", "RU-MOW"),
    ],
)
def test_settlements_in_every_case_and_language(gaz, text, name, region):
    mentions = gaz.find(text)
    assert [(m.place.name, m.place.region, m.place.kind) for m in mentions] == [
        (name, region, "settlement")
    ]
    assert mentions[0].place.lat is not None and mentions[0].place.lon is not None


def test_mentions_point_into_the_original_text(gaz):
    text = "⚡️Взрывы\u200b в «Белгороде» и в Шебекино — губернатор Белгородской обл."
    mentions = gaz.find(text)
    assert [text[m.start : m.end] for m in mentions] == [m.surface for m in mentions]
    assert [m.surface for m in mentions] == ["Белгороде", "Шебекино", "Белгородской обл"]
    starts = [m.start for m in mentions]
    assert starts == sorted(starts)


# -- traps --------------------------------------------------------------------------------


def test_krymsky_district_is_in_krasnodar_krai(gaz):
    assert found(gaz, "Беспилотник сбит над Крымским районом") == [
        ("Крымским районом", "RU-KDA", "district")
    ]
    assert found(gaz, "Krymsky District was attacked") == [
        ("Krymsky District", "RU-KDA", "district")
    ]


def test_leningradskaya_stanitsa_and_district_are_in_krasnodar_krai(gaz):
    assert regions_of(gaz, "В станице Ленинградской повреждены дома") == ["RU-KDA"]
    assert found(gaz, "в Ленинградском районе Кубани") == [
        ("Ленинградском районе", "RU-KDA", "district"),
        ("Кубани", "RU-KDA", "region"),
    ]
    assert regions_of(gaz, "в Ленинградской области") == ["RU-LEN"]


def test_border_districts(gaz):
    assert found(gaz, "в Суджанском районе и Глушковском районе") == [
        ("Суджанском районе", "RU-KRS", "district"),
        ("Глушковском районе", "RU-KRS", "district"),
    ]
    assert regions_of(gaz, "Шебекинский городской округ") == ["RU-BEL"]
    assert regions_of(gaz, "Климовский район") == ["RU-BRY"]


@pytest.mark.parametrize(
    "text",
    [
        "Орёл расправил крылья",
        "на гербе изображён орёл",
        "Мирный житель пострадал",
        "мирный житель пострадал при атаке",
        "Победа будет за нами",
        "В дом попал обломок",
        "Свобода слова важна",
        "Горки и Луч, Лес и Поле",
        "на улице Курской и проспекте Победы",
        "ул. Белгородская, 5",
    ],
)
def test_homonyms_of_common_words_are_not_places(gaz, text):
    assert gaz.find(text) == []


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Орёл / Опасность по БПЛА", "RU-ORL"),
        ("Взрывы в Орле", "RU-ORL"),
        ("сбит беспилотник над Орлом", "RU-ORL"),
        ("#Орёл атака", "RU-ORL"),
        ("г. Орёл", "RU-ORL"),
    ],
)
def test_homonyms_with_context_are_places(gaz, text, region):
    assert regions_of(gaz, text) == [region]


@pytest.mark.parametrize(
    ("text", "region"),
    [
        # Russian spellings of Ukrainian towns open alert lines in the nominative, even when
        # the spelling is also a surname or a first name
        ("Глухов — обстрел из ствольной", "UA-59"),
        ("Измаил — шахеды с моря", "UA-51"),
        ("Орехов — КАБы", "UA-23"),
        ("Александрия — шахеды", "UA-35"),
        ("Сновск — мопед на юг", "UA-74"),
        ("Черкасская Лозовая — ФПВ", "UA-63"),
        ("Алешки — обстрел", "UA-65"),
        # a district named after its town, with the consonant that alternates
        ("Кременчуцький район: уламки збитого дрона", "UA-53"),
        ("Бахмацька громада: обстріл", "UA-74"),
        # the alert bot's hromada, with its qualifier; a compass word is never a place
        ("Загроза артобстрілу в Нікопольська територіальна громада", "UA-12"),
        ("Розвідувальний БпЛА на сході Полтавщини", "UA-53"),
        # a Ukrainian locative the dictionaries do not know
        ("У Кривому Розі пролунали вибухи", "UA-12"),
        # a town's old name that is another town's name today is not the town
        ("Росіяни вдарили по Слов'янську", "UA-14"),
        # Kherson's Дніпровський район, not Kyiv's
        ("Херсон: скидання з дрона на зупинку в Дніпровському районі", "UA-65"),
    ],
)
def test_russian_spellings_of_ukrainian_places_at_line_start(gaz, text, region):
    assert set(regions_of(gaz, text)) == {region}


# «Курчатове» is only Курчатов's locative («Глухове» is also a Poltava village's own nominative,
# and names it).
@pytest.mark.parametrize("text", ["Курчатове — обстрел", "Песков: Кремль не комментирует"])
def test_an_alert_line_names_a_surname_like_place_only_in_the_nominative(gaz, text):
    assert regions_of(gaz, text) == []


@pytest.mark.parametrize(
    "text",
    [
        # districts of a city the post does not name are no place of it
        "Пошкоджено оселі в Дніпровському та Шевченківському районах міста",
        "Обстріл Шевченківського району міста",
    ],
)
def test_parts_of_an_unnamed_city_are_not_places(gaz, text):
    assert regions_of(gaz, text) == []


def test_a_city_part_stays_where_the_post_names_its_city(gaz):
    assert regions_of(gaz, "Київ: обстріл Шевченківського району міста") == ["UA-30", "UA-30"]


def test_short_tokens_are_never_places(gaz):
    # "Ая" is a village in the Altai; two-letter words are never matched
    assert [m.surface for m in gaz.find("Ая и Уфа, но не Ая")] == ["Уфа"]
    assert gaz.find("ПВО, ВС РФ, ОК, Ая") == []


def test_football_clubs_are_not_places(gaz):
    assert gaz.find("«Краснодар» обыграл «Ростов» в матче РПЛ") == []
    assert gaz.find("ФК «Сочи» сыграл вничью, болельщики недовольны") == []
    assert gaz.find("FC Krasnodar scored twice") == []
    assert gaz.find("«Оренбург» и «Крылья Советов» забили по голу") == []
    # the same words without quotes or sport talk are places
    assert regions_of(gaz, "Взрывы в Краснодаре, ФК «Краснодар» отменил тренировку") == ["RU-KDA"]
    assert regions_of(gaz, "Беспилотник над «Краснодаром»: сбит") == ["RU-KDA"]


# -- unknown villages ---------------------------------------------------------------------


def test_unknown_village_takes_the_region_of_the_post(gaz):
    # Ключиково is in no source (made up for this test)
    mentions = gaz.find("В селе Ключиково Белгородской области повреждён дом")
    assert [(m.surface, m.place.region, m.place.lat) for m in mentions] == [
        ("Ключиково", "RU-BEL", None),
        ("Белгородской области", "RU-BEL", mentions[1].place.lat),
    ]


def test_unknown_village_takes_the_home_region_without_a_region_in_the_post(gaz):
    mentions = gaz.find("Атака на хутор Нехотеевка, пострадавших нет", home_region="RU-BEL")
    assert [(m.place.name, m.place.region, m.place.lat, m.place.lon) for m in mentions] == [
        ("Нехотеевка", "RU-BEL", None, None)
    ]
    mentions = gaz.find("Вибух у селищі Зеленобалківка", home_region="UA-48")
    assert [(m.place.name, m.place.region) for m in mentions] == [("Зеленобалківка", "UA-48")]
    mentions = gaz.find("drone hit the village of Zelenobalkivka", home_region="UA-48")
    assert [(m.place.name, m.place.region) for m in mentions] == [("Zelenobalkivka", "UA-48")]


def test_unknown_village_without_any_region_is_left_out(gaz):
    assert gaz.find("в селе Ключиково тихо") == []  # a made-up name


# -- disambiguation -----------------------------------------------------------------------


def test_region_named_in_the_post_wins(gaz):
    # there are several Мирный; Ростовская область decides (or stays with the nominal region)
    mentions = gaz.find("В посёлке Октябрьский Белгородской области сбит дрон")
    assert mentions[0].place.region == "RU-BEL"
    mentions = gaz.find("В посёлке Октябрьский сбит дрон")
    assert mentions[0].place.region == "RU-BA"  # the biggest Октябрьский


def test_home_region_decides_when_the_post_names_none(gaz):
    text = "В посёлке Октябрьский сбит дрон"
    assert gaz.find(text, home_region="RU-MOS")[0].place.region == "RU-MOS"
    assert gaz.find(text, home_region="ru-ark")[0].place.region == "RU-ARK"


def test_unambiguous_place_in_the_post_helps_a_homonym(gaz):
    mentions = gaz.find("Атака на Шебекино и поселок Майский")
    assert [m.place.region for m in mentions] == ["RU-BEL", "RU-BEL"]


def test_find_is_safe_on_odd_input(gaz):
    assert gaz.find("") == []
    assert gaz.find("   \n\u200b") == []
    assert gaz.find("12345 !!! ???") == []
    long_text = "Взрывы в Белгороде. " * 500
    assert len(gaz.find(long_text)) == 500


# -- lookup -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "region", "kind"),
    [
        ("RU-BEL", "RU-BEL", "region"),
        ("ua-43", "UA-43", "region"),
        ("Кубань", "RU-KDA", "region"),
        ("Подмосковье", "RU-MOS", "region"),
        ("Белгородская", "RU-BEL", "region"),
        ("Белгродская область", "RU-BEL", "region"),
        ("белгородской области", "RU-BEL", "region"),
        ("Krasnodar Krai", "RU-KDA", "region"),
        ("Харківщина", "UA-63", "region"),
        ("Белгород", "RU-BEL", "settlement"),
        ("Белгрод", "RU-BEL", "settlement"),
        ("Ростове-на-Дону", "RU-ROS", "settlement"),
        ("харкив", "UA-63", "settlement"),
        ("Taganrog", "RU-ROS", "settlement"),
        ("москва", "RU-MOW", "settlement"),
    ],
)
def test_lookup_finds_names_in_any_form(gaz, query, region, kind):
    results = gaz.lookup(query)
    assert results, query
    place, score = results[0]
    assert (place.region, place.kind) == (region, kind)
    assert 0 <= score <= 100
    assert [s for _, s in results] == sorted((s for _, s in results), reverse=True)


def test_lookup_ranks_regions_above_same_named_settlements(gaz):
    results = gaz.lookup("Кубань", limit=3)
    assert results[0][0].kind == "region"
    assert any(p.kind == "settlement" and p.name == "Кубань" for p, _ in results)


def test_lookup_of_nonsense_or_empty_is_empty(gaz):
    assert gaz.lookup("") == []
    assert gaz.lookup("   ") == []
    assert gaz.lookup("qqqqqzzzzzxxxx") == []
    assert gaz.lookup("Белгород", limit=0) == []


# -- data file ----------------------------------------------------------------------------


def test_data_file_is_modest_and_attributed():
    assert DATA_PATH.stat().st_size < 3_000_000
    with gzip.open(DATA_PATH, "rb") as fh:
        data = json.loads(fh.read())
    assert "GeoNames" in data["source"]
    assert len(data["places"]) > 10_000
    attribution = (DATA_PATH.parent / "ATTRIBUTION.md").read_text(encoding="utf-8")
    assert "GeoNames" in attribution and "CC BY 4.0" in attribution


def test_missing_or_broken_data_file_gives_a_clear_error(tmp_path):
    with pytest.raises(GazetteerError, match="not found"):
        Gazetteer.load(tmp_path / "absent.json.gz")
    broken = tmp_path / "broken.json.gz"
    broken.write_bytes(b"not gzip at all")
    with pytest.raises(GazetteerError, match="unreadable"):
        Gazetteer.load(broken)
    wrong = tmp_path / "wrong.json.gz"
    with gzip.open(wrong, "wb") as fh:
        fh.write(json.dumps({"version": 99}).encode())
    with pytest.raises(GazetteerError, match="version"):
        Gazetteer.load(wrong)


# -- districts named after towns, city districts, streets ---------------------------------


def test_district_named_after_its_town_needs_a_region_of_the_post(gaz):
    mentions = gaz.find("В Кстовском округе упали обломки беспилотника", home_region="RU-NIZ")
    assert [(m.surface, m.place.name, m.place.region, m.place.kind) for m in mentions] == [
        ("Кстовском округе", "Кстовский округ", "RU-NIZ", "district")
    ]
    mentions = gaz.find("Удар по Золочівській громаді на Харківщині")
    assert [(m.place.region, m.place.kind) for m in mentions] == [
        ("UA-63", "district"),
        ("UA-63", "region"),
    ]
    # a city district that shares its name with a town elsewhere is not that town's
    # district: it is Kharkiv's own (scripts/districts.py)
    assert set(regions_of(gaz, "Харьков: в Слободском районе горит предприятие")) == {"UA-63"}


def test_coordinated_district_adjectives(gaz):
    mentions = gaz.find("Над Лискинским и Острогожским районами сбиты дроны", home_region="RU-VOR")
    assert [(m.surface, m.place.region, m.place.kind) for m in mentions] == [
        ("Лискинским", "RU-VOR", "district"),
        ("Острогожским районами", "RU-VOR", "district"),
    ]


def test_kyiv_city_districts(gaz):
    assert found(gaz, "Уламки впали у Дарницькому районі") == [
        ("Дарницькому районі", "UA-30", "district")
    ]
    assert found(gaz, "debris fell in the Obolonskyi district") == [
        ("Obolonskyi district", "UA-30", "district")
    ]


def test_district_of_another_region_than_the_post_names_is_dropped(gaz):
    # Кировский район of Crimea and of St Petersburg are in the table; this one is the
    # district of Кировск, in Leningrad Oblast
    assert [(m.place.region, m.place.kind) for m in gaz.find(
        "Над Кировским районом Ленинградской области сбит дрон"
    )] == [("RU-LEN", "district"), ("RU-LEN", "region")]
    assert regions_of(gaz, "В Кировском районе отражена атака", "UA-43") == ["UA-43"]


def test_streets_and_highways_named_after_places_are_not_places(gaz):
    assert regions_of(gaz, "Москва: на Каширском шоссе упали обломки") == ["RU-MOW"]
    assert gaz.find("на Ленинградском проспекте пробка") == []


# -- more disambiguation ------------------------------------------------------------------


def test_elliptic_region_adjective_and_city_of_the_same_spelling(gaz):
    assert found(gaz, "5 — над Курской, 4 — над Воронежской") == [
        ("Курской", "RU-KRS", "region"),
        ("Воронежской", "RU-VOR", "region"),
    ]
    assert found(gaz, "сбит под Курском") == [("Курском", "RU-KRS", "settlement")]


def test_republic_declines_only_its_first_word(gaz):
    assert found(gaz, "8 — над Республикой Крым") == [("Республикой Крым", "UA-43", "region")]


def test_a_big_city_beats_its_village_namesakes(gaz):
    mentions = gaz.find("удар по Запорожью и Днепропетровской области")
    assert [(m.place.name, m.place.region) for m in mentions] == [
        ("Запоріжжя", "UA-23"),
        ("Дніпропетровська область", "UA-12"),
    ]


@pytest.mark.parametrize(
    ("text", "name", "region"),
    [
        ("вибухи у Саратові", "Саратов", "RU-SAR"),
        ("гучно у Тулі", "Тула", "RU-TUL"),
        ("пожежа на НПЗ у Рязані", "Рязань", "RU-RYA"),
        ("у Ростові-на-Дону горить нафтобаза", "Ростов-на-Дону", "RU-ROS"),
        # the Ukrainian locative of Воронеж, not the Sumy town Вороніж
        ("у Воронежі лунали вибухи", "Воронеж", "RU-VOR"),
    ],
)
def test_russian_towns_spelt_alike_decline_the_ukrainian_way(gaz, text, name, region):
    assert [(m.place.name, m.place.region) for m in gaz.find(text)] == [(name, region)]


def test_usual_name_beats_an_alias_of_another_place(gaz):
    assert [m.place.name for m in gaz.find("Нічна атака на Смілу")] == ["Сміла"]


def test_homonym_at_the_start_is_kept_when_the_post_names_its_region(gaz):
    assert regions_of(gaz, "Калинівка на Вінниччині: мопеди з півночі") == ["UA-05", "UA-05"]


def test_surname_like_names(gaz):
    assert gaz.find("Песков: Кремль не будет комментировать слухи") == []
    assert regions_of(gaz, "Курчатов: ракетная опасность, пройдите в укрытие") == ["RU-KRS"]
    assert regions_of(gaz, "Курчатов 🚨 ракетная опасность") == ["RU-KRS"]


def test_english_possessive(gaz):
    assert found(gaz, "Drones hit Odesa's port") == [("Odesa", "UA-51", "settlement")]
    assert found(gaz, "in Kherson’s Korabelnyi district") == [
        ("Kherson", "UA-65", "settlement"),
        ("Korabelnyi district", "UA-65", "district"),
    ]


def test_airports_named_as_places(gaz):
    assert regions_of(gaz, "Шереметьево и Внуково не принимают рейсы") == ["RU-MOS", "RU-MOW"]


def test_english_region_lists_and_district_wording(gaz):
    assert found(gaz, "Bryansk, Kursk and Belgorod regions were attacked") == [
        ("Bryansk", "RU-BRY", "region"),
        ("Kursk", "RU-KRS", "region"),
        ("Belgorod", "RU-BEL", "region"),
    ]
    assert found(gaz, "Bryansk was attacked") == [("Bryansk", "RU-BRY", "settlement")]
    assert found(gaz, "Krasnodarsky District was hit") == [
        ("Krasnodarsky District", "RU-KDA", "region")
    ]
    assert found(gaz, "Belgorodsky District") == [("Belgorodsky District", "RU-BEL", "district")]


def test_region_place_stands_for_a_whole_region(gaz):
    assert gaz.region_place("RU-MOW").kind == "settlement"  # a city region is its city
    assert gaz.region_place("ru-bel").name == "Белгородская область"
    assert gaz.region_place("RU-XXX") is None


def test_find_rejects_what_is_not_text(gaz):
    with pytest.raises(TypeError, match="str"):
        gaz.find(None)  # type: ignore[arg-type]


def test_big_city_homonym_inside_a_sentence_is_the_city(gaz):
    assert regions_of(gaz, "Ночью дроны атаковали Шахты и Новошахтинск") == ["RU-ROS", "RU-ROS"]
    assert regions_of(gaz, "Шахты закрыты на ремонт") == []  # sentence-initial: mines
    assert regions_of(gaz, "Суми: вибухи в місті") == ["UA-59"]
    # a small village named like a word stays unmatched mid-sentence
    assert gaz.find("Парад в честь Дня Победы отменили") == []


def test_a_district_of_moscow_does_not_dwarf_a_village_of_the_channels_region(gaz):
    """«Хлопки в Северном» from a Belgorod channel is the Belgorod village; a big city
    (Калуга) still wins over its villages whatever the channel's recent posts named."""
    [north] = gaz.find("Хлопки в Северном", home_region="RU-BEL")
    assert north.place.region == "RU-BEL"
    [kaluga] = gaz.find("Калуга — отбой", recent_regions=["RU-SAR"])
    assert kaluga.place.region == "RU-KLU"


def test_ukrainian_places_open_an_alert_line_in_their_russian_nominative(gaz):
    assert [m.place.region for m in gaz.find("Феодосия: опасность с моря")] == ["UA-43"]
    assert [m.place.region for m in gaz.find("Алешки: обстрел центра")] == ["UA-65"]
    assert gaz.find("Песков: Кремль не комментирует") == []


def test_a_region_adjective_after_na_is_a_street(gaz):
    assert [m.place.region for m in gaz.find("В Симферополе на Киевской горит")] == ["UA-43"]
    assert [m.place.region for m in gaz.find("на Тверской области")] == ["RU-TVE"]
    assert gaz.find("Попытка киевского режима атаковать") == []


# -- district adjectives with an abbreviated noun ------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "region", "name"),
    [
        ("Взрывы в Погарском р-не, повреждена ЛЭП", "Погарском р-не", "RU-BRY", "Погарский район"),
        ("Обломки БПЛА упали на территории Суземского р-на", "Суземского р-на", "RU-BRY",
         "Суземский район"),
        ("Ступинский г.о.: сбит беспилотник", "Ступинский г.о", "RU-MOS", "Ступинский округ"),
        ("В Ступинском г. о. упал беспилотник", "Ступинском г. о", "RU-MOS", "Ступинский округ"),
        ("Шебекинский ГО — обстрел из РСЗО", "Шебекинский ГО", "RU-BEL", "Шебекинский район"),
        ("Краснопільська ТГ: обстріл з мінометів", "Краснопільська ТГ", "UA-59",
         "Краснопільська громада"),
        ("Удар КАБом по Сумському р-ну", "Сумському р-ну", "UA-59", "Сумський район"),
        # the region's adjective with a district noun is the district, not the region or city
        ("Прилёт в Курском р-не", "Курском р-не", "RU-KRS", "Курский район"),
    ],
)  # fmt: skip
def test_a_district_adjective_with_an_abbreviated_noun_is_the_district(
    gaz, text, surface, region, name
):
    assert [(m.surface, m.place.region, m.place.kind, m.place.name) for m in gaz.find(text)] == [
        (surface, region, "district", name)
    ]


def test_a_district_abbreviation_after_a_village_names_the_district_as_the_full_noun_does(gaz):
    regions = [("RU-BEL", "settlement"), ("RU-BEL", "district")]
    for noun in ("район", "р-н"):
        mentions = gaz.find(f"Неклюдово, Шебекинский {noun}: обстрел")
        assert [(m.place.region, m.place.kind) for m in mentions] == regions
        assert mentions[1].place.name == "Шебекинский район"


@pytest.mark.parametrize(
    "text",
    [
        "Кировском р-не города прошёл субботник",  # a part of a city
        "Украинское МО сообщило о потерях",  # «МО» without dots is the ministry
        "Российское МО опубликовало видео",
    ],
)
def test_abbreviated_district_nouns_that_name_no_district(gaz, text):
    assert gaz.find(text) == []


@pytest.mark.parametrize(
    ("text", "home"),
    [
        # Without a home the city's district is dropped, with Kharkiv's it stays: the kept scan
        # is not changed by the first reading.
        ("Вибух у Шевченківському районі міста", "UA-63"),
        ("В посёлке Октябрьский сбит дрон", "RU-MOS"),
    ],
)
def test_a_kept_scan_reads_as_a_fresh_one(text, home):
    # A post at hand is read for its channel's profile (no home), its scan kept, and read
    # again when it is detected, with the channel's evidence.
    fresh = Gazetteer.default().find(text, home_region=home, explain=False)
    gaz = Gazetteer.load()
    assert gaz.find(text, explain=False, keep_scan=True) == gaz.find(text, explain=False)
    gaz.find(text, explain=False, keep_scan=True)
    assert gaz.find(text, home_region=home, explain=False) == fresh
    assert [(m.surface, m.place.region) for m in fresh] == [(fresh[0].surface, home)]
