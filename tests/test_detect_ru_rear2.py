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

import pytest

from bot.detect import Detector
from bot.detect.context import ChannelProfile, DetectContext
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
