"""Russian channels, session 5: names that are also common nouns, the future of «быть», where
a drone was heading, and the words governors and mayors write (one test per entry kind of
the data and per mechanism)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.detect import Detector
from bot.detect.classify import analyse
from bot.detect.lexicon import data, lexicon_for
from bot.detect.morph import FUTURE_KEY, word_key
from bot.detect.place_data import place_data
from bot.detect.profiles import detect_stream
from tests.posts import post_maker

T0 = datetime(2026, 12, 15, 18, 0, tzinfo=UTC)


post = post_maker("ru_gub", T0)


# -- names: a capitalised name is never the common noun it declines like --------------------


def test_a_capitalised_name_is_keyed_as_the_name_not_as_a_common_noun() -> None:
    assert word_key("Песков", "ru") == "песков"
    assert word_key("песков", "ru") == "песок"  # «нет песков» stays the noun
    assert word_key("Газа", "ru") == "газа"
    assert word_key("газа", "ru") == "газ"


def test_a_word_the_lexicon_is_written_with_stays_the_lexicons_word() -> None:
    """«Арта» at the start of an alert line is artillery, though the dictionary also knows a
    first name Арта."""
    assert word_key("Арта", "ru") == word_key("арта", "ru")
    assert word_key("Дронов", "ru") == word_key("дронов", "ru")
    assert analyse("Арта по Шебекино", "ru").types == {"strike"}


def test_a_capitalised_entry_of_the_data_is_a_name() -> None:
    """[politics] «Песков» and [abroad] «Газа» are written with their capital."""
    assert "Песков" in data().concepts["politics"]
    assert "Газа" in data().concepts["abroad"]
    lexicon = lexicon_for("ru")
    assert "politics" in lexicon.single["песков"]
    assert "abroad" in lexicon.single["газа"]
    assert "abroad" not in lexicon.single.get("газ", frozenset())


def test_gaza_is_abroad_and_a_gas_explosion_is_ours() -> None:
    local = Detector(home_regions={"ru_gub": "RU-KRS"})
    assert not local.detect(post("Израиль нанёс удары по Газе, горят дома")).incident
    gas = local.detect(post("В Курске взрыв газа в жилом доме, пострадали двое", id=2))
    assert gas.incident and gas.regions == ("RU-KRS",)


# -- [future]: the future of быть keeps its tense ------------------------------------------


def test_every_future_form_is_one_key() -> None:
    assert {"будет", "будут", "буде", "будуть"} <= data().future
    assert {word_key(w, "ru") for w in ("будет", "будут", "будем")} == {FUTURE_KEY}
    assert word_key("была", "ru") == "быть"


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("Ночь была громкой: над Новороссийском работала ПВО", {"air_defense"}),
        ("Над Анапой цели были сбиты ещё до подлёта к берегу.", {"air_defense"}),
    ],
)
def test_the_past_of_a_forecast_phrase_is_a_report(text, types) -> None:
    assert analyse(text, "ru").types == types


@pytest.mark.parametrize(
    "text",
    [
        "Ночь будет громкой: по нашим данным, готовится налёт на побережье.",
        "Все цели будут сбиты — заверил командир дивизиона.",
    ],
)
def test_the_future_stays_a_forecast_or_a_promise(text) -> None:
    assert not analyse(text, "ru").types


# -- [air_defense], [damage], [promo]: what governors and mayors write ---------------------


@pytest.mark.parametrize(
    "text",
    [
        "Уже сбито четыре воздушных цели над морем.",
        "Над юго-западной частью области военные работают по беспилотникам.",
        "Выявлена и пресечена ещё одна попытка пролёта беспилотника.",
    ],
)
def test_air_defence_at_work_in_officials_words(text) -> None:
    assert "air_defense" in analyse(text, "ru").types


def test_a_torn_power_line_is_damage() -> None:
    analysis = analyse("Беспилотник при падении оборвал линию электропередачи.", "ru")
    assert analysis.types == {"drone", "damage"}


def test_a_place_between_destroyed_and_the_drones_keeps_it_a_shoot_down() -> None:
    text = "Подразделения ПВО уничтожили над Тульской областью два беспилотника."
    assert analyse(text, "ru").types == {"drone", "air_defense"}


@pytest.mark.parametrize(
    "text",
    [
        "Средства ПВО надёжно закрывают наше небо. Спасибо всем, кто несёт эту службу!",
        "Разбираем, почему противник снова бьёт по нашей логистике.",
    ],
)
def test_praise_and_analysis_are_no_reports(text) -> None:
    assert not analyse(text, "ru").types


# -- place_roles.txt [target]: where a drone was heading ---------------------------------


def test_target_phrases_keep_the_words_endings_open() -> None:
    data_ = place_data()
    assert "летевш* на" in data_.roles["target"]
    assert data_.role_before("target", ["беспилотник", "летевших", "на"]) == "летевш* на"
    assert data_.role_before("target", ["беспилотник", "направлявшийся", "к"]) is not None
    assert data_.role_before("target", ["летели", "на"]) is None


def test_where_a_drone_was_heading_is_no_event_place_beside_where_it_fell() -> None:
    detector = Detector()
    fell = detector.detect(
        post("Отражена атака трёх БПЛА, летевших на Москву. Обломки упали в Подольске.")
    )
    assert fell.regions == ("RU-MOS",)
    only = detector.detect(post("Сбит беспилотник, летевший на Москву.", id=2, channel="ru_mos"))
    assert only.incident and only.regions == ("RU-MOW",)


# -- profiles: the home region of a new channel from its posts at hand ------------------------


def test_a_new_channels_first_placeless_post_has_the_home_its_next_posts_show(detector) -> None:
    """A governor's channel seen for the first time: its first post names no place; the five
    after it all name Sevastopol, and are read ahead before the first is detected."""
    texts = [
        "Отбой воздушной тревоги.",
        "В Севастополе военные отражают атаку, работает ПВО.",
        "Над Севастополем сбито четыре воздушных цели.",
        "В Севастополе обломки упали во дворе частного дома.",
        "Севастополь: по данным спасательной службы, гражданские объекты не пострадали.",
        "В Севастополе завтра плановая проверка сирен.",
    ]
    posts = [post(t, id=i + 1, channel="sev_new", minutes=-60 + i) for i, t in enumerate(texts)]
    first = next(detect_stream(detector, posts))
    assert first.all_clear and first.regions == ("UA-40",)


# -- more words of news and officials ------------------------------------------------------


def test_tracers_are_air_defence_and_a_glow_is_fire() -> None:
    assert "air_defense" in analyse("Взрывы в Энгельсе, в небе видны трассеры.", "ru").types
    assert "fire" in analyse("Жители пишут о хлопках и зареве над промзоной.", "ru").types


def test_clapping_hands_is_no_bang() -> None:
    """[emotion] «в ладоши»: «хлопки» right before it are applause."""
    assert not analyse("Хлопки в ладоши и крики «браво»: в драмтеатре премьера.", "ru").types


def test_vigilance_online_is_a_rule_not_a_precaution() -> None:
    """[rules] «бдительны в сети»."""
    assert not analyse("Будьте бдительны в сети.", "ru").types
    assert analyse("Будьте бдительны, все в укрытия.", "ru").types == {"alert"}


def test_none_said_after_a_time_and_a_place_between() -> None:
    assert not analyse("Обстрелов за прошедшие сутки в районе не было.", "ru").types


def test_a_town_named_after_a_sea_is_the_town() -> None:
    detection = Detector().detect(post("Дрон врезался в многоэтажку в Каспийске, выбиты окна."))
    assert detection.regions == ("RU-DA",)


# -- telegraphic lines: slang, sounds, the «Ковёр» plan, guns, a shoot-down alone ----------


@pytest.mark.parametrize(
    ("text", "types"),
    [
        # [casualty] front slang
        ("Глушково — атака FPV на машину, один трёхсотый", {"drone", "strike", "casualties"}),
        # [explosion] «громыхнуло»
        ("Мценск громыхнуло", {"explosion"}),
        # [short_line] alert «Ковёр» alone
        ("Ейск: «Ковёр», аэропорт закрыт", {"alert"}),
        # [air_defense] machine guns at work
        ("Анапа — морской дрон у пирса, работают пулемёты", {"drone", "air_defense"}),
    ],
)
def test_telegraphic_alert_lines(text, types) -> None:
    detection = Detector().detect(post(text, channel="ru_line"))
    assert detection.incident and set(detection.types) == types


def test_a_shoot_down_line_with_nothing_before_it_is_air_defence_where_it_names_a_place() -> None:
    detector = Detector()
    placed = detector.detect(post("Севастополь — приземлили 3", channel="sev_line"))
    assert placed.incident and placed.types == ("air_defense",)
    assert placed.regions == ("UA-40",)
    assert not detector.detect(post("Минус два", channel="nowhere_line")).incident


def test_a_toy_quadcopter_is_no_drone() -> None:
    """[fake]: the drone turned out to be a child's toy."""
    text = "Дачник вызвал полицию из-за квадрокоптера — оказалось, игрушку запустил сосед."
    assert not analyse(text, "ru").types


def test_districts_named_after_a_town_in_ets_and_listed_before_a_qualified_noun() -> None:
    """«Малоярославецкий» ← Малоярославец; «A и B муниципальных округов»."""
    from bot.detect.gazetteer import Gazetteer

    gazetteer = Gazetteer.default()
    for text in (
        "над территориями Малоярославецкого и Боровского муниципальных округов",
        "в Малоярославецком и Боровском районах",
    ):
        mentions = gazetteer.find(text)
        assert mentions and mentions[0].place.region == "RU-KLU"
        assert mentions[0].place.kind == "district"


def test_a_village_opening_an_alert_line_is_no_guessed_surname() -> None:
    """«Журавлёвка» is no surname the dictionary knows (the analyser guesses one from «Лёвка»):
    opening an alert line, with its shorthand in capitals after it, it is the village of the
    channel's region; «Медведев: ...» stays a person."""
    from bot.detect.gazetteer import Gazetteer

    gazetteer = Gazetteer.default()
    for text in ("Журавлёвка ФПВ", "Журавлевка — ФПВ"):
        mentions = gazetteer.find(text, home_regions=["RU-BEL"])
        assert [m.place.region for m in mentions] == ["RU-BEL"]
    mentions = gazetteer.find("Медведев: удары по Белгороду", home_regions=["RU-BEL"])
    assert [m.surface for m in mentions] == ["Белгороду"]


def test_a_federal_citys_channel_names_its_villages_without_the_city() -> None:
    """«в районе Любимовки» from a Sevastopol channel: Sevastopol, though the gazetteer knows
    only the namesakes in Kherson and Luhansk oblasts."""
    from bot.detect.gazetteer import Gazetteer

    gazetteer = Gazetteer.default()
    text = "Сбито четыре воздушных цели над морем в районе Любимовки."
    assert [m.place.region for m in gazetteer.find(text, home_regions=["UA-40"])] == ["UA-40"]
    assert [m.place.region for m in gazetteer.find(text)] != ["UA-40"]


def test_a_kyiv_channels_village_of_kyiv_oblast_stays_in_the_oblast() -> None:
    """The federal-city rule leaves a namesake in the region around the city to the ranking."""
    from bot.detect.gazetteer import Gazetteer

    gazetteer = Gazetteer.default()
    mentions = gazetteer.find("Гатне — вибухи", home_regions=["UA-30"])
    assert [m.place.region for m in mentions] != ["UA-30"]
