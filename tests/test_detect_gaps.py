"""The detection gaps earlier rounds kept as failing dev lines, fixed as classes: «Николаев:»
as a speaker or a heading, waiting for the all-clear, a Shahed heard, light kept off, debris
after air defence with no weapon named, a power cut after an attack, an alert channel's
place-less talk and a town head's home from few posts. A test per mechanism and per entry
kind of the data added for them (the lexicon's `power_cut`, the `precaution` and `expected`
entries); the posts are written for these tests."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.detect import Detector
from bot.detect.lexicon import data
from bot.detect.profiles import detect_stream
from bot.models import Detection
from tests.posts import post_maker

post = post_maker("gaps_x", datetime(2026, 12, 25, 20, 0, tzinfo=UTC))


def stream(detector: Detector, *texts: tuple[int, str], channel: str = "gaps_x") -> list[Detection]:
    """Each (minutes, text) a post of one channel, in order."""
    posts = [post(text, id=i + 1, channel=channel, minutes=m) for i, (m, text) in enumerate(texts)]
    return list(detect_stream(detector, posts))


# ------------------------------------------------- «Николаев:»: a speaker or a place heading


@pytest.mark.parametrize(
    "text",
    [
        # The post's other places are all elsewhere: the colon follows its speaker.
        "Николаев: атака беспилотников на Новочебоксарск отражена, пострадавших нет",
        # A quotation after the colon, initials beside the name.
        "Николаев: «Угроза атаки сохраняется, прошу чебоксарцев оставаться дома»",
        "О. Николаев: над Чебоксарами сбиты два беспилотника",
        "Николаев О.Г.: над Чебоксарами сбиты два беспилотника",
    ],
)
def test_chuvashia_s_head_speaking_is_not_mykolaiv(detector: Detector, text: str) -> None:
    assert "UA-48" not in detector.detect(post(text)).regions


@pytest.mark.parametrize(
    "text",
    [
        "Николаев: взрывы",
        "Николаев: прилёт в Корабельном районе",
        "Николаев: шахеды на Очаков",
        "Николаев — шахеды на подлёте",
    ],
)
def test_mykolaiv_as_an_alert_line_s_heading_stays_the_town(detector: Detector, text: str) -> None:
    assert detector.detect(post(text)).regions == ("UA-48",)


# ------------------------------------------------ waiting for the all-clear: the alert goes on


@pytest.mark.parametrize(
    ("first", "wait"),
    [
        ("Тамбов — опасность атаки БПЛА", "Ждём отбоя"),
        ("Тамбов — опасность атаки БПЛА", "Ожидаем отбоя, сидим тихо"),
        ("Полтава — тривога, шахеди з півдня", "Чекаємо відбою"),
        ("Полтава — тривога, шахеди з півдня", "Очікуємо відбій"),
    ],
)
def test_waiting_for_the_all_clear_is_the_alert_going_on(
    detector: Detector, first: str, wait: str
) -> None:
    alert, waiting = stream(detector, (0, first), (12, wait))
    assert not waiting.all_clear
    assert waiting.incident and "alert" in waiting.types
    assert waiting.regions == alert.regions


def test_a_wait_for_the_all_clear_from_nowhere_says_nothing(detector: Detector) -> None:
    detection = detector.detect(post("Ждём отбоя"))
    assert not detection.all_clear and not detection.incident


def test_the_all_clear_that_came_is_one(detector: Detector) -> None:
    assert detector.detect(post("Тамбов: дождались отбоя!")).all_clear


# ------------------------------------------------- a Shahed heard, light kept off


@pytest.mark.parametrize(
    "text",
    [
        "Левобережный округ Липецка — слышали гул мопеда",
        "Клинцы: слышим звук мопеда над городом",
        "Шостка: чуємо гул шахеда",
        "Брянск — слышали гул",
    ],
)
def test_a_drone_heard_is_a_sighting(detector: Detector, text: str) -> None:
    detection = detector.detect(post(text))
    assert detection.incident and {"alert", "drone"} <= set(detection.types)


@pytest.mark.parametrize(
    "text", ["Над Брянском гула мопеда не слышно", "Гул мопеда над Сумами вже не чути"]
)
def test_a_drone_not_heard_is_none(detector: Detector, text: str) -> None:
    assert not detector.detect(post(text)).incident


@pytest.mark.parametrize(
    "text",
    [
        "Сормовский район Нижнего Новгорода: громко, свет в окнах не включайте",
        "Брянск — громко, свет в окнах не включаем",
        "Суми — гучно, світло у вікнах не вмикайте",
    ],
)
def test_light_kept_off_is_a_precaution(detector: Detector, text: str) -> None:
    detection = detector.detect(post(text))
    assert detection.incident and "alert" in detection.types


def test_saving_power_is_no_precaution(detector: Detector) -> None:
    detection = detector.detect(
        post("Брянск: экономьте электричество, не включайте свет без необходимости")
    )
    assert not detection.incident


def test_the_new_precaution_entries_are_precautions() -> None:
    precautions = data().concepts["precaution"]
    for entry in ("свет в окнах не включайте", "светомаскировка", "ждём отбоя", "чекаємо відбою"):
        assert entry in precautions


def test_a_caution_in_a_post_of_weather_is_the_weather_s(detector: Detector) -> None:
    *_, weather = stream(
        detector,
        *((i * 30, f"Липецк: угроза атаки БПЛА, уровень {i}") for i in range(3)),
        (300, "Синоптики обещают гололёд. Водителям советуют воздержаться от поездок."),
    )
    assert not weather.incident


# ----------------------------------------------- debris after air defence, no weapon named


def test_debris_after_air_defence_with_no_weapon_named_is_its_harm(detector: Detector) -> None:
    _, roof, garages = stream(
        detector,
        (0, "Таганрог — работает ПВО, хлопки над заливом"),
        (9, "Обломки упали во дворе на улице Чехова, выбиты стёкла в двух домах"),
        (18, "Ещё обломки упали у гаражей, людей там не было"),
    )
    assert roof.incident and roof.types == ("damage",) and roof.regions == ("RU-ROS",)
    # No harm named: damage, the least a fall of debris is; not air defence.
    assert garages.incident and garages.types == ("damage",) and garages.regions == ("RU-ROS",)


def test_debris_with_no_report_before_it_is_none(detector: Detector) -> None:
    *_, balcony = stream(
        detector,
        (0, "Таганрог — работает ПВО"),
        (600, "В Таганроге обломки старой кровли упали на тротуар, прохожие не пострадали"),
    )
    assert not balcony.incident


# ------------------------------------------------------------ a power cut after an attack


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("Житомирщина: ворог атакував об'єкт енергетики, частина Коростеня знеструмлена",
         ("strike",)),
        ("Майже 9 тисяч абонентів у Бердичеві без світла внаслідок атаки дронів",
         ("drone", "strike")),
        ("После атаки ВСУ обесточены три села Грайворонского округа", ("strike",)),
    ],
)
def test_a_power_cut_after_an_attack_shows_the_hit(
    detector: Detector, text: str, types: tuple[str, ...]
) -> None:
    detection = detector.detect(post(text))
    assert detection.incident and detection.types == types


@pytest.mark.parametrize(
    "text",
    [
        "Завтра з 9:00 до 15:00 частина Житомира буде знеструмлена через планові ремонти",
        "Из-за ледяного дождя обесточены 40 сёл Белгородской области",
        "Сьогодні в Запоріжжі без світла черги 2 та 5 з 16:00 до 20:00",
    ],
)
def test_a_power_cut_alone_is_no_incident(detector: Detector, text: str) -> None:
    assert not detector.detect(post(text)).incident


def test_a_power_cut_is_no_damage_by_itself(detector: Detector) -> None:
    detection = detector.detect(post("Взрыв прогремел в Сумах, город частично обесточен"))
    assert detection.types == ("explosion",)


def test_power_cut_entries_are_a_concept_of_their_own() -> None:
    assert {"знеструмлено", "обесточен", "без світла"} <= set(data().concepts["power_cut"])
    assert not set(data().concepts["power_cut"]) & set(data().concepts["damage"])


# ------------------------------------------- an alert channel's place-less line is its talk


MONITOR = [
    (0, "Харків — шахеди з півночі"),
    (12, "Дніпро — вибухи"),
    (30, "Вінниця: група БпЛА з півдня"),
    (40, "Одеса — балістика!"),
    (50, "Суми — КАБи"),
]


@pytest.mark.parametrize(
    "talk",
    ["Тривога затяглася, тримаємось разом", "Бахнуло — це сусід двері зачинив 😂"],
)
def test_a_place_less_line_of_an_alert_channel_is_no_incident(
    detector: Detector, talk: str
) -> None:
    *_, last = stream(detector, *MONITOR, (120, talk), channel="monitor_y")
    assert not last.incident


def test_a_place_less_report_of_a_news_channel_stays_an_incident(detector: Detector) -> None:
    long = " Подробности уточняются, на месте работают экстренные службы и полиция."
    *_, last = stream(
        detector,
        (0, "В Курске ночью работала ПВО, сбиты два беспилотника." + long),
        (60, "В Брянске после атаки дрона загорелся склад на окраине города." + long),
        (120, "В Орле слышали взрывы, губернатор сообщил о работе ПВО над городом." + long),
        (180, "Ростов: обломки беспилотника повредили крышу частного дома на окраине." + long),
        (240, "В Белгороде объявлена ракетная опасность, жителей просят пройти в укрытия." + long),
        (300, "Ночью ПВО сбили ещё три беспилотника, пострадавших нет." + long),
        channel="news_z",
    )
    assert last.incident and last.regions == ()


# ------------------------------------------------ a town head's home from few posts


def test_a_town_head_s_home_is_learned_from_three_posts_naming_it(detector: Detector) -> None:
    *_, repelled = stream(
        detector,
        (0, "В Миллерово объявлена угроза атаки БПЛА. Прошу оставаться дома"),
        (20, "Над Миллерово работает ПВО, не подходите к окнам"),
        (600, "Отбой угрозы в Миллерово. Спасибо всем за терпение"),
        (900, "Атака отражена. На месте работают экстренные службы, пострадавших нет"),
        channel="glava_m",
    )
    assert repelled.incident and repelled.regions == ("RU-ROS",)


def test_two_posts_naming_a_region_make_no_home(detector: Detector) -> None:
    *_, repelled = stream(
        detector,
        (0, "В Миллерово объявлена угроза атаки БПЛА. Прошу оставаться дома"),
        (20, "Над Миллерово работает ПВО, не подходите к окнам"),
        (900, "Атака отражена. На месте работают экстренные службы, пострадавших нет"),
        channel="glava_n",
    )
    assert repelled.regions == ()
