"""Misses left open by session 10, each a class seen in real posts (studied in the archives of
22,099 Russian news posts and 25,474 posts of Ukrainian and Russian news, monitoring and alert
channels, and in public pages; every post here is written for the test): lines in capitals,
the monitors' «💥» beside a bare place, an attack on a named site with no weapon named. A test
per entry kind of the data added for them."""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.detect.lexicon import LexiconError, data, read_lexicon
from bot.detect.place_words import place_words
from bot.detect.shouted import unshout
from tests.posts import post_maker

T0 = datetime(2027, 2, 3, 1, 0, tzinfo=UTC)
post = post_maker("misses_test", T0)
LEXICON = Path(__file__).resolve().parent.parent / "bot" / "data" / "lexicon"


def _detect(detector, text: str):
    return detector.detect(post(text))


# ------------------------------------------------------------------------ lines in capitals


@pytest.mark.parametrize(
    ("text", "types", "regions"),
    [
        # a town's genitive and its residents, a blast and a fire: the town, nothing else
        ("ЖИТЕЛИ ЕЙСКА ПИШУТ О ВЗРЫВАХ И ПОЖАРЕ У АЭРОДРОМА", {"explosion", "fire"}, ("RU-KDA",)),
        # «ВІКНА» is the windows, not the village Вікно of Chernivtsi oblast
        ("ОБСТРІЛ НІКОПОЛЯ: ПОШКОДЖЕНО ДАХ І ВІКНА БУДИНКУ", {"strike", "damage"}, ("UA-12",)),
        # «ОКОН»/«ОКНАМ» are windows, not the town Окни of Odesa oblast
        ("НАД ВАЛУЙКАМИ РАБОТАЕТ ПВО, НЕ ПОДХОДИТЕ К ОКНАМ", {"air_defense", "alert"},
         ("RU-BEL",)),
        # a big town whose forms are everyday words: «под Курском», «над Сумами»
        ("ВЗРЫВЫ ПОД КУРСКОМ, ПОВРЕЖДЕНЫ ДВА ДОМА", {"explosion", "damage"}, ("RU-KRS",)),
        ("ДРОНИ НАД СУМАМИ, ПРАЦЮЄ ППО", {"alert", "drone", "air_defense"}, ("UA-59",)),
        # a place of several words, and a district's adjective before its noun
        ("У БІЛІЙ ЦЕРКВІ ЧУТИ ВИБУХИ", {"explosion"}, ("UA-32",)),
        ("ЗАГРОЗА АРТОБСТРІЛУ: МАРГАНЕЦЬКА ТЕРИТОРІАЛЬНА ГРОМАДА", {"alert"}, ("UA-12",)),
        ("СРОЧНО: ДРОНЫ АТАКОВАЛИ ПРЕДПРИЯТИЕ В КСТОВСКОМ ОКРУГЕ", {"drone", "strike"},
         ("RU-NIZ",)),
        # the usual alert lines, shouted
        ("ВНИМАНИЕ! КУРСК — РАКЕТНАЯ ОПАСНОСТЬ", {"alert", "missile"}, ("RU-KRS",)),
        ("УВАГА! ЗАПОРІЖЖЯ — ВИБУХИ", {"explosion"}, ("UA-23",)),
    ],
)
def test_a_line_in_capitals_is_read_as_written_in_the_usual_case(detector, text, types, regions):
    detection = _detect(detector, text)
    assert detection.incident
    assert set(detection.types) == types
    assert detection.regions == regions


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # abbreviations stay; everyday words fall; names and sentence starts keep a capital
        ("ВСУ АТАКОВАЛИ БЕЛГОРОД, РАБОТАЕТ ПВО", "ru", "ВСУ атаковали Белгород, работает ПВО"),
        ("ЗСУ ЗБИЛИ ДРОН. ВИБУХИ В ПОЛТАВІ", "uk", "ЗСУ збили дрон. Вибухи в Полтаві"),
        # a possessive adjective is a village's name («Тёткино»), a lexicon word is a word
        ("ТЁТКИНО И ГЛУШКОВО ПОД ОБСТРЕЛОМ", "ru", "Тёткино и Глушково под обстрелом"),
        ("ТРИ ШАХЕДИ НА КИЇВ", "uk", "Три шахеди на Київ"),
        # a line that names places alone
        ("ХОТІВ ЧАБАНИ", "uk", "Хотів Чабани"),
    ],
)
def test_unshout_writes_each_word_as_it_would_be_written(gaz, text, lang, expected):
    assert unshout(text, lang, gaz) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ВНИМАНИЕ! Белгород — ракетная опасность",  # one word in capitals: a heading
        "Курск — опасность по БПЛА",  # abbreviations are no shouting
        "SHOT: BREAKING NEWS",  # not Cyrillic
    ],
)
def test_a_line_not_in_capitals_is_left_as_it_is(gaz, text):
    assert unshout(text, "ru", gaz) == text


def test_unshout_keeps_the_length_of_every_line(gaz):
    text = "ОБ'ЄКТ ПОШКОДЖЕНО В КАМ'ЯНЕЦЬ-ПОДІЛЬСЬКОМУ\nРОСТОВ-НА-ДОНУ: ВЗРЫВЫ\nобычный текст"
    out = unshout(text, "uk", gaz)
    assert out != text
    assert [len(line) for line in out.split("\n")] == [len(line) for line in text.split("\n")]


@pytest.mark.parametrize("before", sorted(place_words().shouted_before))
def test_a_place_after_a_word_of_the_sky_or_a_course_keeps_its_capital(gaz, before):
    # places.toml [shouted_before]: «річки» is the rivers, and the village Річки after one
    assert unshout(f"ДВА {before.upper()} РІЧКИ", "uk", gaz).endswith(" Річки")
    assert unshout("ДВА ШАХЕДИ В РІЧКИ", "uk", gaz).endswith(" річки")


# ------------------------------------------------------------------ a monitor's «💥» alone


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        ("💥 Полтава", ("UA-53",)),
        ("💥Миколаїв", ("UA-48",)),
        ("Херсон 💥💥", ("UA-65",)),
        ("💥 Кривий Ріг, Нікополь", ("UA-12",)),
        ("💥 Белгород!", ("RU-BEL",)),
    ],
)
def test_the_sign_of_explosions_beside_a_bare_place_is_explosions_there(detector, text, regions):
    detection = _detect(detector, text)
    assert detection.incident and detection.types == ("explosion",)
    assert detection.regions == regions


@pytest.mark.parametrize(
    "text",
    [
        # a digest's section header over a story: the sign only in a post of that one line
        "💥 Полтава\nУ Полтаві відкрили новий міст через Ворсклу, рух уже запущено.",
        # a news channel's decoration beside words that are no places
        "💥 Новинки в Киеве",
        "💥 Ozon в Казани",
        "💥 Не пропустите!",
        # the other signs carry no meaning of their own outside an alert channel
        "🔴 Суми",
        "‼️ Херсон",
    ],
)
def test_the_sign_of_explosions_elsewhere_reports_nothing(detector, text):
    assert not _detect(detector, text).incident


def test_every_mark_read_alone_is_a_mark_of_the_table():
    # alerts.toml [line_marks] `alone`: each is a mark with its word
    assert data().alone_marks <= set(data().line_marks)
    assert data().line_marks["💥"] == "вибух"


def test_a_mark_read_alone_that_stands_for_nothing_is_refused(tmp_path):
    for path in LEXICON.glob("*.toml"):
        text = path.read_text(encoding="utf-8")
        if path.name == "alerts.toml":
            text = text.replace('alone = ["💥"]', 'alone = ["💥", "🌟"]')
        (tmp_path / path.name).write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError, match="alone"):
        read_lexicon(tmp_path)


# --------------------------------------------------------- an attack on a named site


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        ("Саратов — атака на НПЗ", ("RU-SAR",)),
        ("Феодосия: атака на нефтебазу", ("UA-43",)),
        ("Ейск — атака на аэродром", ("RU-KDA",)),
        ("Атакована подстанция в Брянской области", ("RU-BRY",)),
        ("Кременчук: атака на НПЗ", ("UA-53",)),
        ("Ворог атакував енергооб'єкт у Шостці", ("UA-59",)),
    ],
)
def test_an_attack_on_a_named_site_with_no_weapon_is_a_strike(detector, text, regions):
    detection = _detect(detector, text)
    assert detection.incident and detection.types == ("strike",)
    assert detection.regions == regions


@pytest.mark.parametrize(
    ("text", "types"),
    [
        # the weapon named: the weapon's rules decide
        ("Дроны атаковали НПЗ в Саратове", ("drone", "strike")),
        # repelled: air defence, no hit
        ("Атака на нефтебазу в Новороссийске отражена", ("air_defense",)),
        # with what else the line tells
        ("Ейск — атака на аэродром, в городе сирены", ("alert", "strike")),
    ],
)
def test_an_attack_on_a_site_with_its_weapon_or_repelled_or_more_keeps_its_reading(
    detector, text, types
):
    assert _detect(detector, text).types == types


@pytest.mark.parametrize(
    "text",
    [
        "Попытка атаки на нефтебазу в Брянске",  # tried
        "Украина наращивает атаки на НПЗ",  # no place
        "Хакерская атака на завод в Челябинске",  # no attack of the war
        "Рейдерская атака на завод в Ижевске: суд арестовал акции",
        "Атака на НПЗ в Туапсе год назад: как восстановили завод",  # the past
    ],
)
def test_an_attack_on_a_site_that_did_not_happen_here_now_is_none(detector, text):
    assert not _detect(detector, text).incident


@pytest.mark.parametrize("site", data().concepts["site"])
def test_every_site_attacked_is_a_strike(detector, site):
    # events.toml [site]: each entry, attacked in a line with a place
    town = "Суми" if any(c in site for c in "іїєґ'") else "Белгород"
    detection = _detect(detector, f"{town} — атака на {site}")
    assert detection.incident and "strike" in detection.types


# ------------------------------------------- the officials' «имело место применение»


@pytest.mark.parametrize(
    ("text", "types", "regions"),
    [
        ("В Судже имело место применение ударного БПЛА, пострадавших нет.", ("drone",),
         ("RU-KRS",)),
        ("Зафиксировано применение FPV-дрона по грузовику в Шебекино, водитель ранен.",
         ("drone", "strike", "casualties"), ("RU-BEL",)),
        ("Отмечено применение дронов-камикадзе по Грайворону.", ("drone",), ("RU-BEL",)),
        ("Зафіксовано застосування ударного дрона по Бериславу, пошкоджено будинок.",
         ("drone", "strike", "damage"), ("UA-65",)),
    ],
)
def test_the_officials_formula_of_a_weapon_used_is_an_attack(detector, text, types, regions):
    # events.toml [attack]: «имело место применение», «зафиксировано применение», ...
    detection = _detect(detector, text)
    assert detection.incident
    assert detection.types == types and detection.regions == regions


@pytest.mark.parametrize(
    "text",
    [
        "Зафиксировано применение нового удобрения в Белгородской области.",
        "Применение дронов в сельском хозяйстве обсудили в Курске.",
    ],
)
def test_a_use_of_something_else_is_no_attack(detector, text):
    assert not _detect(detector, text).incident


# ---------------------------------------------------- the monitors' «табун» and «шобла»


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        ("табун на Полтаву", ("UA-53",)),
        ("Київ — табун", ("UA-30",)),
        ("Великий табун з Сумщини в бік Прилук", ("UA-74",)),
        ("Шобла на Кременчук", ("UA-53",)),
        ("Табун из Брянской области на Орёл", ("RU-ORL",)),
    ],
)
def test_a_herd_is_a_group_of_drones_on_its_way(detector, text, regions):
    detection = _detect(detector, text)
    assert detection.incident and detection.types == ("alert", "drone")
    assert detection.regions == regions


def test_a_herd_of_horses_is_no_drone(detector):
    # noise.toml [crime]: «табун коней»
    assert not _detect(detector, "Табун коней вибіг на трасу під Полтавою").incident


# --------------------------------------------- a village as the subject of its sentence


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        # a name the dictionary knows as a man's: «атакована» agrees with no man
        ("Шилан вновь атакована беспилотниками", ("RU-SAM",)),
        # a hyphenated weapon after the name is the line's shorthand as much as a word
        ("Колотиловка атакована FPV-дронами", ("RU-BEL",)),
    ],
)
def test_a_village_opening_its_line_before_what_was_done_to_it_is_the_place(
    detector, text, regions
):
    detection = _detect(detector, text)
    assert detection.incident and detection.regions == regions


def test_a_person_the_participle_agrees_with_stays_a_person(gaz):
    assert gaz.find("Анна ранена осколком") == []


# ----------------------------------------------- plural names in the instrumental


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        ("Вибухи над Горішніми Плавнями", ("UA-53",)),
        ("Шахед над Красною Косою", ("UA-51",)),
        ("Взрывы над Сумами", ("UA-59",)),
        ("Между Белгородом и Шебекино работает ПВО", ("RU-BEL",)),
    ],
)
def test_a_name_of_several_words_in_the_instrumental_is_the_place(detector, text, regions):
    detection = _detect(detector, text)
    assert detection.incident and detection.regions == regions


def test_a_names_head_noun_after_its_adjective_declines_as_a_noun():
    # scripts/inflect.py, the gazetteer's build: «плавні» after «Горішні» is the floodplains
    # (not the adjective «smooth»); after a noun the last word is an adjective («Друга»)
    path = Path(__file__).resolve().parent.parent / "scripts" / "inflect.py"
    spec = importlib.util.spec_from_file_location("inflect", path)
    assert spec is not None and spec.loader is not None
    inflect = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(inflect)

    assert "горішніми плавнями" in inflect.name_forms("Горішні Плавні", "uk")
    assert "гаврилівкою другою" in inflect.name_forms("Гаврилівка Друга", "uk")


# -------------------------------------------- the central monitors' nicknames of towns


@pytest.mark.parametrize(
    ("texts", "regions"),
    [
        # bot/data/local_places.txt: «Васік» Васильків, «Біла» Біла Церква (Kyiv oblast),
        # «Кроп» Кропивницький, read where the channel is about the oblast
        (("Обухів — вибухи", "Васік увага"), ("UA-32",)),
        (("Обухів — вибухи", "Біла увага"), ("UA-32",)),
        (("Олександрія — вибухи", "Третя балістика на Кроп."), ("UA-35",)),
    ],
)
def test_a_towns_chat_nickname_is_the_town(detector, texts, regions):
    from tests.posts import stream_maker

    detections = stream_maker(post)(detector, *texts, channel="tsentr_chat_test")
    assert detections[-1].incident and detections[-1].regions == regions


@pytest.mark.parametrize(
    "text",
    [
        "Купила кроп на ринку, дешевше ніж торік",
        "Біла хата на пагорбі",
        "Акустика концертної зали вражає",
    ],
)
def test_a_nicknames_everyday_word_is_no_town(detector, text):
    assert not _detect(detector, text).incident


def test_the_monitors_acoustics_beside_a_place_is_a_drone_heard(detector):
    detection = _detect(detector, "Акустика Переяслав")
    assert detection.incident and detection.types == ("alert", "drone")
    assert detection.regions == ("UA-32",)
