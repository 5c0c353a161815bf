"""Misses and wrong places session 11 left, each a class seen in real posts (the archives of
22,099 Russian news posts and 25,474 posts of news, monitor and alert channels, and public
pages of oblast administrations; every post here is written for the test): a weapon told with
where it comes from before its course, targets counted on their way, a sound told in the past,
a hit told by the passive «уражено», wounds named after the war's weapons, a tally of the hurt,
a region's neuter adjective that is a village, a quoted estate's name, a national channel's
drifting home and an alert line in capitals read for a new channel's home. A test per entry
kind of the data added for them."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest

from bot.detect import lexicon as lx
from bot.detect.classify import analyse
from bot.detect.place_words import place_words
from bot.detect.profiles import Seen, learn_profile
from bot.models import Detection
from tests.posts import post_maker, stream_maker

T0 = datetime(2027, 3, 4, 2, 0, tzinfo=UTC)
post = post_maker("misses12_test", T0)
stream = stream_maker(post)
GRAMMAR = lx.data().grammar


def moving(text: str, lang: str) -> bool:
    return lx.MOVEMENT in analyse(text, lang, post_year=2027).sentences[0].concepts


def types(text: str, lang: str) -> set[str]:
    return analyse(text, lang, post_year=2027).types


# ------------------------------------------------------- a weapon from somewhere, on its way


def test_where_a_weapon_comes_from_may_stand_before_its_course():
    # grammar.toml [grammar.whence]: the word that opens where it comes from
    assert {"з", "со"} <= GRAMMAR["whence"]
    assert moving("Четыре шахеди з Херсонщини на Миколаїв, далі на Баштанку", "uk")
    assert moving("Ракети поки з Полтавщини на Черкащину", "uk")  # «поки» between
    assert moving("Крилаті ракети з Київщини на Житомирщину", "uk")  # a weapon of two words
    assert not moving("Чотири шахеди біля Херсонщини на Миколаїв", "uk")
    # an abbreviation is what the drone carries, not where it comes from
    assert not moving("Дрон с ВОГом на машину", "ru")
    # a clause break ends it
    assert not moving("Шахеди з Херсонщини, на Миколаїв чекаємо", "uk")


def test_the_lower_case_words_of_where_a_weapon_comes_from():
    # grammar.toml [grammar.whence_words]: compass, sea, side, region words
    assert {"півдня", "море", "сторона"} <= GRAMMAR["whence_words"]
    assert moving("Ракета з півдня на Запоріжжя", "uk")
    assert moving("Беспилотники со стороны моря на Анапу", "ru")
    assert not moving("Ракета з заводу на Запоріжжя", "uk")


@pytest.mark.parametrize(
    ("text", "expected", "regions"),
    [
        ("Шість шахедів з Чернігівщини на Ніжин, далі на Бобровицю", {"alert", "drone"},
         ("UA-74",)),
        ("Дві ракети із Запорізької області на Дніпро, далі на Кам'янське",
         {"alert", "missile"}, ("UA-12",)),
    ],
)
def test_a_monitor_line_that_says_where_the_weapon_comes_from_is_an_alert(
    detector, text, expected, regions
):
    detection = detector.detect(post(text))
    assert detection.incident and set(detection.types) == expected
    assert detection.regions == regions


def test_targets_counted_on_their_way_are_an_alert_at_any_length(detector):
    # grammar.toml [grammar.counted_targets]
    assert lx.data().patterns["counted_targets"]
    assert types("9 цілей на Полтаву, далі на Лубни, тип ракет поки невідомий", "uk") == {
        "alert", "missile"}
    assert types("3 цели курсом на Таганрог, дальше на Ростов, следим за ними", "ru") == {"alert"}
    # a count is needed: no target on its way here
    assert not types("Цілі на рік у нас амбітні: ремонт доріг на Полтавщині", "uk")
    detection = detector.detect(post("6 цілей на Умань, далі на Христинівку, слідкуємо уважно"))
    assert detection.incident and detection.regions == ("UA-71",)


def test_counted_targets_are_the_weapon_the_channel_named_last(detector):
    first, counted = stream(
        detector,
        "Ракети на Кіровоградщину, курс на Олександрію",
        "5 цілей на Кропивницький, далі курс на Умань, тримайтеся подалі від вікон",
        channel="misses12_monitor",
    )
    assert "missile" in first.types
    assert counted.incident and set(counted.types) == {"alert", "missile"}


def test_a_count_under_an_oblast_header_may_go_further():
    # grammar.toml [grammar.monitor_item] takes «далі» before the course
    assert types("Полтавщина:\n2 далі на Гадяч", "uk") == {"alert", "drone"}


# ------------------------------------------------------------------- a sound in the past


def test_a_sound_told_in_the_past_is_read_in_a_longer_clause():
    # grammar.toml [grammar.sounded]; the reporters' words are alerts.toml [cue_filler]'s
    assert {"було", "было"} <= GRAMMAR["sounded"]
    assert {"мешканці", "пишуть", "що"} <= lx.data().cue_filler
    assert types("Мешканці пишуть, що в Павлограді було дуже гучно", "uk") == {"explosion"}
    assert types("Жители сообщают, что в Шахтах было очень громко", "ru") == {"explosion"}
    assert not types("Мешканці пишуть, що в Павлограді сьогодні дуже гучно і весело", "uk")


# ------------------------------------------------------------------ a hit, not a shoot-down


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Вночі ворог атакував Суми дронами, уражено приватний будинок", {"drone", "strike"}),
        ("Автомобіль уражено дроном в Херсоні", {"drone", "strike"}),
        ("Склад поражён беспилотниками в Курской области", {"drone", "strike"}),
        ("Над Сумщиною уражено 6 ворожих БпЛА", {"drone", "air_defense"}),
        ("Над Брянском поражены два беспилотника", {"drone", "air_defense"}),
    ],
)
def test_the_passive_hit_is_a_hit_when_its_object_or_doer_says_so(detector, text, expected):
    detection = detector.detect(post(text))
    assert detection.incident and set(detection.types) == expected


# ------------------------------------------------------------- the harm the war's weapons do


def test_a_wound_named_after_the_war_s_weapons_is_the_war_s_harm(detector):
    # events.toml [enemy] and [casualty]: «мінно-вибухова травма», «вибухова травма»
    detection = detector.detect(post(
        "До лікарні Берислава доставили двох людей з мінно-вибуховими травмами"))
    assert detection.incident and detection.types == ("casualties",)
    assert detection.regions == ("UA-65",)
    assert detector.detect(post("В Курске мужчина получил минно-взрывную травму")).incident
    # a splinter's wound alone is no war's: a car bomb or a lab's blast gives it too
    assert not detector.detect(post(
        "Школьник получил осколочное ранение во время опыта в лаборатории Тулы")).incident
    assert not detector.detect(post("В Курске мужчина получил травму на работе")).incident


def test_a_tally_of_the_hurt_place_by_place_follows_the_channel_s_report(detector):
    report, tally = stream(
        detector,
        "Ворог бив по Куп'янському району КАБами та дронами, пошкоджено будинки",
        "У с. Кругляківка загинула 70-річна жінка, постраждали двоє чоловіків; у Куп'янську "
        "постраждав 58-річний чоловік; у с. Петропавлівка постраждала жінка 44 років.",
        channel="misses12_ova",
    )
    assert report.incident
    assert tally.incident and tally.types == ("casualties",) and tally.regions == ("UA-63",)
    # a storm's harm tells what it damaged: no tally of the war's
    _, storm = stream(
        detector,
        "Ворог бив по Куп'янському району КАБами та дронами, пошкоджено будинки",
        "Сильний вітер у Куп'янську зірвав дахи з трьох будинків і повалив дерева, постраждала "
        "одна жінка, ще одного чоловіка травмувало гілкою.",
        channel="misses12_storm",
    )
    assert not storm.incident


# -------------------------------------------------------------------------- wrong places


def test_a_region_s_neuter_adjective_alone_is_a_village(gaz):
    found = gaz.find("Під обстрілом Кушугум, Балабине та Київське Запорізького району")
    places = {m.surface: m.place for m in found}
    assert places["Київське"].region == "UA-23" and places["Київське"].kind == "settlement"
    # before its noun it stays the region's
    found = gaz.find("Над Київським водосховищем працює ППО")
    assert [m.place.region for m in found] == ["UA-32"]


def test_a_quoted_name_after_an_estate_word_is_the_estate(gaz):
    # places.toml [estate_words]
    assert {"микрорайоне", "жк", "мікрорайоні"} <= place_words().estate_words
    assert not gaz.find("Горит квартира в доме в микрорайоне «Новая жизнь»")
    assert not gaz.find("У ЖК «Сонячний» вибито вікна")
    assert [m.place.name for m in gaz.find("Обстреляли село Новая Жизнь")] == ["Новая Жизнь"]


def _placed(region: str, n: int) -> Seen:
    post_n = post(f"новина {n}", id=n, minutes=n)
    return Seen(post_n, Detection(post_n.channel, n, True, ("fire",), (region,),
                                  region_from="text"))


def test_a_national_channel_s_last_posts_on_one_region_give_it_no_home():
    seen = [_placed("RU-CE", n) for n in range(1, 8)] + [_placed("RU-MOW", 8)]
    assert learn_profile("misses12_news", seen).home_regions == ("RU-CE",)
    # all it has posted: Chechnya is a seventh of it
    history = Counter({"RU-CE": 7, "RU-MOW": 12, "RU-KRS": 10, "RU-BEL": 9, "RU-MOS": 11})
    assert learn_profile("misses12_news", seen, history=history).home_regions == ()
    # a city's channel keeps its city
    history = Counter({"RU-CE": 7, "RU-MOW": 3, "RU-KRS": 1})
    assert learn_profile("misses12_news", seen, history=history).home_regions == ("RU-CE",)


def test_an_alert_line_in_capitals_is_read_for_the_home_as_detection_reads_it(detector):
    detections = stream(
        detector,
        "‼️МАЙСКИЙ Р-Н‼️\n‼️ОПАСНОСТЬ БПЛА‼️",
        "⚠️Отбой опасности БПЛА‼️",
        "⚠️Разумное Белгородский район‼️Опасность БПЛА‼️",
        "⚠️Отбой опасности БПЛА‼️",
        "⚠️Строитель Яковлевский округ‼️Опасность БПЛА‼️",
        "⚠️Отбой опасности БПЛА‼️",
        "⚠️Дубовое Белгородский район‼️Опасность БПЛА‼️",
        channel="misses12_alerts",
    )
    # «МАЙСКИЙ» shouted was Rostov oblast's town to the profile: the home was lost
    assert detections[0].incident and detections[0].regions == ("RU-BEL",)
    assert detections[0].places[0].name == "Майский"
