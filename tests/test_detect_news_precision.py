"""News channels' false alarms that session 11 left: space and the sky, fire and blasts as
figures of speech, cities abroad named like our villages, a unit's front-line video.
An audit of 320 flagged posts of real Russian news channels, a research set of Ukrainian
channels and alert channels (read outside the repository) found them; one test per entry kind
added, each with the near-miss reports beside it that must stay. The posts are written for
these tests, in the style of the channels studied."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.detect import Detector
from bot.detect import lexicon as lx
from bot.detect.classify import analyse
from tests.posts import post_maker

T0 = datetime(2027, 2, 10, 9, 0, tzinfo=UTC)

post = post_maker("news_precision_x", T0)


def _ignored(text: str, lang: str = "ru") -> list[str | None]:
    """Why each sentence that names something is ignored (None: it reports)."""
    return [info.ignored_because for info in analyse(text, lang, 2027).sentences if info.types]


# -- noise.toml [space]: the sky, with the blasts and fires its post tells -------------------


@pytest.mark.parametrize(
    ("word", "text"),
    [
        ("астероид", "К Земле летит небольшой астероид, вход в атмосферу ожидается вечером над "
         "Якутией. Будет ярко и громко."),
        ("небесное тело", "Небесное тело размером около метра сгорело в небе над Якутией."),
        ("астрономия", "Лаборатория солнечной астрономии: на Солнце произошла мощная вспышка, "
         "выброс плазмы после взрыва может дойти до Земли."),
        ("галактика", "Телескоп увидел галактики, какими они были вскоре после Большого взрыва."),
        ("сверхновая", "Красный сверхгигант в соседней галактике угас без взрыва сверхновой."),
        ("метеорит", "Видео падения метеорита: яркая вспышка и грохот над тайгой."),
        ("астероїд", "Астероїд згорів в атмосфері над Якутією, вибух бачили за сотні кілометрів."),
    ],
)
def test_space_and_the_sky_are_no_incident(detector: Detector, word: str, text: str) -> None:
    assert word in lx.data().concepts[lx.SPACE]
    assert not detector.detect(post(text)).incident


@pytest.mark.parametrize(
    ("text", "types", "regions"),
    [
        # A weapon beside the sky keeps its sentence; a fire of a named place stays a fire.
        ("Над Якутском видели болид. Ночью ракета ударила по жилому дому в Белгороде.",
         ("missile", "strike"), ("RU-BEL",)),
        ("В Якутске горит склад стройматериалов на площади 500 квадратов.", ("fire",),
         ("RU-SA",)),
        # Real fires and blasts beside the figures of speech of noise.toml [offtopic].
        ("В Химках загорелся автомобиль на светофоре, водитель успел выйти.", ("fire",),
         ("RU-MOS",)),
        ("В офисе IT-компании в Москве горит серверная, сотрудников эвакуировали.", ("fire",),
         ("RU-MOW",)),
        ("Взрыв газа в жилом доме в Пятигорске: выбиты окна, пострадал мужчина.",
         ("explosion", "casualties", "damage"), ("RU-STA",)),
    ],
)
def test_reports_beside_the_sky_and_the_figures_of_speech_stay(
    detector: Detector, text: str, types: tuple[str, ...], regions: tuple[str, ...]
) -> None:
    detection = detector.detect(post(text))
    assert detection.incident
    assert detection.types == types
    assert detection.regions == regions


def test_the_sky_spreads_only_over_blasts_fires_and_harm() -> None:
    """The sentence with the sky's word is ignored for it, and so is a bang beside it; a drone
    beside it is not the sky's."""
    assert _ignored("Над Якутией пролетел астероид. Жители слышали взрыв.") == [lx.SPACE]
    assert _ignored("Над Якутией пролетел астероид. Над Курском сбит беспилотник.") == [None]


# -- noise.toml [offtopic]: fire and blasts as figures of speech ------------------------------


@pytest.mark.parametrize(
    ("entry", "text"),
    [
        ("дедлайн", "Программист уходит в отпуск на фоне горящих дедлайнов."),
        ("гореть желанием", "Сотрудники не горят желанием возвращаться в офис."),
        ("горящие глаза", "Стартап: горящие глаза, ноль денег и вечные переработки."),
        ("загорелся зеленый", "В Химках водители ждали пешехода, даже когда загорелся зелёный."),
        ("для выгоревших", "Новая услуга для выгоревших: крик в лесу под присмотром психолога."),
        ("friendly fire", "В турнирном матче произошёл friendly fire."),
        ("ядерный взрыв", "Начали выпускать мобильные укрытия на случай ядерного взрыва."),
        ("сгорели сроки", "У команды сгорели все сроки, заказчик недоволен."),
        ("погодная опасность", "Уровень погодной опасности в Москве повышен до оранжевого."),
    ],
)
def test_figures_of_speech_are_no_incident(detector: Detector, entry: str, text: str) -> None:
    assert entry in lx.data().concepts[lx.OFFTOPIC]
    assert not detector.detect(post(text)).incident


# -- noise.toml [promo] and [politics]: a list of channels, air defence to be strengthened ----


@pytest.mark.parametrize(
    ("entry", "text", "reason"),
    [
        ("добірку каналів", "Рекомендуємо до вашої уваги добірку каналів про війну та "
         "моніторинг ракетних загроз.", lx.PROMO),
        ("зміцнити ппо", "Максимум уваги Харкову: працюємо з партнерами, щоб зміцнити ППО.",
         lx.POLITICS),
    ],
)
def test_a_list_of_channels_and_air_defence_to_come_are_ignored(
    entry: str, text: str, reason: str
) -> None:
    assert entry in lx.data().concepts[reason]
    assert [info.ignored_because for info in analyse(text, "uk", 2027).sentences] == [reason]


# -- noise.toml [abroad]: Syria's Palmyra, California's cities --------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Сирия заявила о десятках погибших в результате удара по Пальмире.",
        "Наследник известной семьи погиб при пожаре дома в Голливуде, Лос-Анджелес.",
    ],
)
def test_cities_abroad_are_no_incident_of_ours(detector: Detector, text: str) -> None:
    detection = detector.detect(post(text))
    assert not detection.incident
    assert detection.regions == ()


# -- noise.toml [front]: infantry and fortifications a unit's drones hit ----------------------


@pytest.mark.parametrize(
    ("word", "text"),
    [
        ("піхота", "Оператори бригади показали влучання дронів у ворожу піхоту біля посадки."),
        ("укріплення", "Скид точно на російські укріплення, вибух і вторинна детонація."),
    ],
)
def test_a_units_video_of_infantry_and_fortifications_is_the_front(
    detector: Detector, word: str, text: str
) -> None:
    assert word in lx.data().concepts[lx.FRONT]
    assert not detector.detect(post(text)).incident


def test_a_bomb_on_a_town_beside_the_front_stays(detector: Detector) -> None:
    detection = detector.detect(
        post("Ворог штурмує позиції піхотою. Росіяни скинули авіабомбу на Костянтинівку, "
             "пошкоджено будинок.")
    )
    assert detection.incident
    assert detection.regions == ("UA-14",)


# -- alerts.toml [movement]: a target that turns towards a place (the recall sample's miss) ----


@pytest.mark.parametrize(
    ("entry", "text", "regions"),
    [
        ("повернути на", "БпЛА від Макарова повернув на Білогородку.", ("UA-32",)),
        ("повернуть на", "Беспилотник повернул на Сумы.", ("UA-59",)),
    ],
)
def test_a_target_turning_towards_a_place_is_an_alert(
    detector: Detector, entry: str, text: str, regions: tuple[str, ...]
) -> None:
    assert entry in lx.data().concepts[lx.MOVEMENT]
    detection = detector.detect(post(text))
    assert detection.incident
    assert detection.types == ("alert", "drone")
    assert detection.regions == regions


def test_people_returned_are_no_course(detector: Detector) -> None:
    detection = detector.detect(
        post("Полонених повернули на батьківщину, серед них двоє поранених.")
    )
    assert not detection.incident
