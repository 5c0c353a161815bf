"""Russian regions far from the front, second round: what an audit of real posts of their
radar channels, operational headquarters and governors found detection getting wrong (see
tests/data/README.md). One test per entry kind of the data added for it: a reminder that an
alert is in force (`reminder` of context.toml, `in_force` of alerts.toml), a radar channel's
bare «пролёт» (grammar.toml's `flyover`), air defence ready rather than at work and support
for those an attack harmed (noise.toml), an official's list of guidance links (`rules`), the
area round a town before a homonym's name (places.toml's `area_words`), and the two ways a
district several regions share is read in the post's region. The posts are written for these
tests in the style of the channels studied."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.detect import Detector
from bot.detect.context import ChannelProfile, DetectContext
from bot.detect.place_data import PlaceDataError, load
from bot.detect.profiles import detect_stream, region_named_by_username
from tests.posts import post_maker

T0 = datetime(2027, 1, 14, 19, 0, tzinfo=UTC)

post = post_maker("rear_radar_x", T0)


def _at_home(region: str) -> DetectContext:
    profile = ChannelProfile("rear_radar_x", home_regions=(region,), kind="alerts")
    return DetectContext(profile=profile)


# -- a reminder: `reminder` (context.toml) and `in_force` (alerts.toml) ---------------------


@pytest.mark.parametrize(
    ("text", "region", "types"),
    [
        ("⚡️ Напоминаем: на территории Тверской области сохраняется опасность атаки БПЛА!",
         "RU-TVE", {"alert", "drone"}),
        ("Напоминаем, что режим «Беспилотная опасность» в Мордовии продолжает действовать.",
         "RU-MO", {"alert", "drone"}),
        ("Нагадуємо: на Полтавщині триває повітряна тривога, залишайтеся в укриттях.",
         "UA-53", {"alert"}),
    ],
)
def test_a_reminder_that_an_alert_is_in_force_is_the_alert(
    detector: Detector, text: str, region: str, types: set[str]
) -> None:
    detection = detector.detect(post(text))
    assert detection.incident
    assert set(detection.types) == types
    assert list(detection.regions) == [region]


@pytest.mark.parametrize(
    "text",
    [
        "Напоминаем: в Тверской области действует запрет на съёмку работы ПВО.",
        "Напоминаем: при сигнале «Беспилотная опасность» отойдите от окон.",
        "Напоминаем значения уровней: красный — угроза атаки, жёлтый — угроза сохраняется у "
        "соседей.",
        "Напоминаем, что в Чувашии сохраняется запрет на запуск квадрокоптеров.",
    ],
)
def test_a_reminder_of_rules_or_meanings_is_none(detector: Detector, text: str) -> None:
    assert not detector.detect(post(text)).incident


# -- a radar channel's bare «пролёт»: grammar.toml's `flyover` ------------------------------


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Калуга — пролёт", "RU-KLU"),
        ("Пролёт в сторону Канаша", "RU-CU"),
        ("Ещё пролёт над Узловой", "RU-TUL"),
        ("Лиски — пролёт на север", "RU-VOR"),
    ],
)
def test_a_bare_flyover_in_a_short_line_is_a_drone_on_its_way(
    detector: Detector, text: str, region: str
) -> None:
    detection = detector.detect(post(text))
    assert detection.incident
    assert set(detection.types) == {"alert", "drone"}
    assert list(detection.regions) == [region]


@pytest.mark.parametrize(
    "text",
    [
        "В Твери обрушился лестничный пролёт",
        "Пролёт моста в Рыбинске закроют на ремонт",
        "Пролёт",
    ],
)
def test_a_flyover_that_says_more_or_has_no_place_is_none(detector: Detector, text: str) -> None:
    assert not detector.detect(post(text)).incident


# -- air defence ready, support for the harmed (noise.toml), guidance links (rules) --------


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("Внимание! В Липецкой области объявлена опасность атаки БПЛА. Силы ПВО наготове.",
         {"alert", "drone"}),
        ("Курская область: опасность атаки БПЛА. Средства ПВО приведены в боевую готовность.",
         {"alert", "drone"}),
    ],
)
def test_air_defence_ready_is_not_air_defence_at_work(
    detector: Detector, text: str, types: set[str]
) -> None:
    assert set(detector.detect(post(text)).types) == types


@pytest.mark.parametrize(
    "text",
    [
        "Запускаем программу льготных займов для предпринимателей Кстова, пострадавших в "
        "результате атак БПЛА.",
        "Семьям в Новочебоксарске, пострадавшим от атаки беспилотников, окажут материальную "
        "помощь.",
        "Меры поддержки для жителей Торжка, чьи дома пострадали от атаки БПЛА, продлены.",
        "Алгоритм действий при обнаружении фрагментов сбитых БПЛА 👉 vk.cc/xxxx",
        "В Саратове собирают деньги на тепловизор для мобильной огневой группы.",
        # an airport shut for works or ice, not for drones
        "Аэропорт Саранск закрыт на реконструкцию взлётно-посадочной полосы.",
        "Ограничения в аэропорту Пулково из-за ледяного дождя, рейсы задерживаются.",
        # mobile internet restricted with no danger named (tests/data/README.md)
        "Мобильный интернет в Казани ограничен, работают только сервисы белого списка.",
    ],
)
def test_support_and_guidance_after_attacks_are_no_incident(
    detector: Detector, text: str
) -> None:
    assert not detector.detect(post(text)).incident


def test_an_attack_beside_the_support_it_brings_is_still_reported(detector: Detector) -> None:
    detection = detector.detect(
        post("В Кстове атака БПЛА, повреждены два дома. Пострадавшим окажут материальную помощь.")
    )
    assert detection.incident
    assert {"drone", "damage"} <= set(detection.types)
    assert list(detection.regions) == ["RU-NIZ"]


# -- the area round a town: places.toml's `area_words` --------------------------------------


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("ПВО работает в районе Торжка", "RU-TVE"),
        ("На окраине Торжка слышны взрывы", "RU-TVE"),
    ],
)
def test_a_homonym_after_an_area_word_is_the_town(
    detector: Detector, text: str, region: str
) -> None:
    detection = detector.detect(post(text))
    assert detection.incident
    assert list(detection.regions) == [region]


# -- a district several regions have one of, read where the post is ------------------------


@pytest.mark.parametrize(
    "text",
    [
        # listed with Kaluga oblast's districts: Kaluga's Ульяновский, not Ulyanovsk oblast
        "Силами ПВО уничтожены 4 БПЛА над территориями Козельского, Мосальского и "
        "Ульяновского муниципальных округов.",
        "Силами ПВО уничтожены 3 БПЛА над территориями Мещовского, Ульяновского и "
        "Хвастовичского муниципальных округов.",
    ],
)
def test_a_district_listed_with_one_regions_districts_is_that_regions(
    detector: Detector, text: str
) -> None:
    assert list(detector.detect(post(text)).regions) == ["RU-KLU"]


@pytest.mark.parametrize(
    ("text", "home", "region"),
    [
        # the gazetteer knows the name only as Volgograd's part of the city
        ("Краснооктябрьский район\nФиксация БПЛА", "RU-NIZ", "RU-NIZ"),
        # ... and only as Mykolaiv oblast's raion
        ("Николаевский район — фиксация БПЛА", "RU-ULY", "RU-ULY"),
        # the region the gazetteer knows it in is the channel's: it stays
        ("Краснооктябрьский район — работает ПВО", "RU-VGG", "RU-VGG"),
    ],
)
def test_a_district_known_only_elsewhere_is_the_channels_regions(
    detector: Detector, text: str, home: str, region: str
) -> None:
    assert list(detector.detect(post(text), _at_home(home)).regions) == [region]


def test_a_single_district_of_a_town_stays_the_towns(detector: Detector) -> None:
    detection = detector.detect(
        post("Пресечена попытка пролёта беспилотника к Москве — в Наро-Фоминском городском "
             "округе.")
    )
    assert list(detection.regions) == ["RU-MOS"]


# -- where a threat sets out from: places.py, a clause-opening «от»/«из» before a course ----


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("От Комаричи в сторону Орла — опасность БПЛА", "RU-ORL"),
        ("Из Навли на Орёл — 2 БПЛА", "RU-ORL"),
    ],
)
def test_a_town_a_line_sets_out_from_before_a_course_is_no_region(
    detector: Detector, text: str, region: str
) -> None:
    assert list(detector.detect(post(text)).regions) == [region]


def test_a_town_after_from_with_no_course_stays_the_place(detector: Detector) -> None:
    assert list(detector.detect(post("От Шебекино — опасность БПЛА")).regions) == ["RU-BEL"]


# -- an airport kept open under restrictions: `closed` of alerts.toml ----------------------


@pytest.mark.parametrize(
    ("text", "incident"),
    [
        ("Приём и выпуск воздушных судов в аэропорту «Пулково» осуществляется по согласованию "
         "с соответствующими органами.", True),
        ("Выдача багажа в аэропорту Пулково — по согласованию с авиакомпанией.", False),
    ],
)
def test_rosaviatsias_coordination_formula_is_a_restriction(
    detector: Detector, text: str, incident: bool
) -> None:
    detection = detector.detect(post(text))
    assert detection.incident is incident
    if incident:
        assert set(detection.types) == {"alert"} and list(detection.regions) == ["RU-SPE"]


# -- a governor's words: «удалось избежать» (negation), «зафиксированы» (movement) ---------


@pytest.mark.parametrize(
    ("text", "types", "region"),
    [
        # the harms avoided are denied
        ("Ночью противник пытался атаковать дронами промзону Невинномысска. Средствами РЭБ и "
         "ПВО беспилотники нейтрализованы, жертв и разрушений удалось избежать.",
         {"drone", "air_defense"}, "RU-STA"),
        # an official's sighting in a sentence of any length
        ("Уважаемые жители! Сегодня утром над объектами в Каспийске были зафиксированы "
         "беспилотные летательные аппараты, принимаются меры по их нейтрализации.",
         {"alert", "drone"}, "RU-DA"),
    ],
)
def test_an_officials_account_keeps_only_what_happened(
    detector: Detector, text: str, types: set[str], region: str
) -> None:
    detection = detector.detect(post(text))
    assert set(detection.types) == types
    assert list(detection.regions) == [region]


def test_drones_not_recorded_are_none(detector: Detector) -> None:
    detection = detector.detect(post("Беспилотники над Каспийском больше не зафиксированы."))
    assert not detection.incident


# -- a Kuban town's statuses by name: `alert` of alerts.toml ------------------------------


@pytest.mark.parametrize(
    ("text", "incident", "all_clear"),
    [
        ("В Новороссийске введён статус «Атака», укройтесь в помещениях без окон.", True, False),
        ("Туапсе: статус «Угроза».", True, False),
        ("Отмена сигнала атаки БПЛА в Новороссийске.", False, True),
        ("Сигнал к атаке на ворота соперника прозвучал слишком поздно, 0:1.", False, False),
    ],
)
def test_a_towns_status_by_name_is_its_alert_and_its_cancelling_the_all_clear(
    detector: Detector, text: str, incident: bool, all_clear: bool
) -> None:
    detection = detector.detect(post(text))
    assert (detection.incident, detection.all_clear) == (incident, all_clear)
    if incident or all_clear:
        assert list(detection.regions) == ["RU-KDA"]


# -- a username's shorthand for a region: place_shorthand.txt's `username` lines -----------


@pytest.mark.parametrize(
    ("username", "region"),
    [
        ("yar_opasnost", "RU-YAR"),  # not the Udmurt village Яр the gazetteer reads
        ("nn_radar_52", "RU-NIZ"),
        ("lenobl_nebo", "RU-LEN"),
        ("cheb_signal", "RU-CU"),
        ("nevinka_radar", "RU-STA"),
    ],
)
def test_a_usernames_shorthand_names_its_region(
    detector: Detector, username: str, region: str
) -> None:
    assert region_named_by_username(detector)(username) == region


def test_a_shorthand_beside_another_regions_name_names_none(detector: Detector) -> None:
    assert region_named_by_username(detector)("nn_kazan_radar") is None


def test_a_new_rear_alert_channels_place_less_regime_is_placed_by_its_shorthand(
    detector: Detector,
) -> None:
    lines = [
        "Режим «Беспилотная опасность» введён",
        "Пролёт на запад",
        "ПВО работает, громко",
        "Мобильный интернет ограничен",
        "Отбой режима",
    ]
    posts = [post(text, id=i + 1, channel="yar_opasnost_76", minutes=7 * i)
             for i, text in enumerate(lines)]
    detections = list(detect_stream(detector, posts))
    assert detections[0].incident and list(detections[0].regions) == ["RU-YAR"]
    assert detections[-1].all_clear and list(detections[-1].regions) == ["RU-YAR"]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("username | Яр | RU-YAR", "Latin lower-case letters"),
        ("username | yar | Yaroslavl", "Yaroslavl"),
    ],
)
def test_a_bad_username_line_is_named_with_its_file_and_line(
    tmp_path: Path, line: str, problem: str
) -> None:
    path = tmp_path / "place_shorthand.txt"
    path.write_text("# shorthand\n" + line + "\n", encoding="utf-8")
    with pytest.raises(PlaceDataError, match=r"place_shorthand\.txt:2") as error:
        load(shorthand=path)
    assert problem in str(error.value)
