"""Which named places are event places (bot/detect/places.py), through the real gazetteer."""

from datetime import UTC, datetime

import pytest

from bot.detect import Detector
from bot.models import Post


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(home_regions={"kyiv_city_admin": "UA-30"})


def regions(detector: Detector, text: str, channel: str = "news") -> set[str]:
    post = Post(channel=channel, id=1, date=datetime(2026, 11, 20, 21, tzinfo=UTC), text=text)
    return set(detector.detect(post).regions)


def test_far_side_of_a_border_is_not_an_event_place(detector: Detector) -> None:
    text = "A rocket exploded in Orenburg Oblast, a region near the border with Kazakhstan."
    assert regions(detector, text) == {"RU-ORE"}
    assert regions(detector, "Взрывы в Белгороде, на границе с Харьковской областью") == {"RU-BEL"}


def test_place_of_the_speaker_is_not_an_event_place(detector: Detector) -> None:
    text = "Ukrainian drones hit an airfield near Engels, according to the General Staff in Kyiv."
    assert regions(detector, text) == {"RU-SAR"}


def test_first_name_is_not_a_city(detector: Detector) -> None:
    text = "Explosions rocked Taganrog overnight, President Vladimir Putin was told."
    assert "RU-VLA" not in regions(detector, text)
    assert "RU-ROS" in regions(detector, text)


def test_history_sentence_in_a_long_text_does_not_count(detector: Detector) -> None:
    filler = "Residents described a tense night and long queues at the petrol stations. " * 6
    text = (
        "Explosions were heard in Krasnodar overnight, local channels said. "
        + filler
        + "\n\nIn 2023, drones had previously targeted Donetsk and Belgorod."
    )
    assert regions(detector, text) == {"RU-KDA"}


def test_long_text_needs_incident_words_near_the_place(detector: Detector) -> None:
    filler = "The weather stayed calm and the markets opened as usual on Friday morning. " * 9
    text = "Drones were shot down over Kursk. " + filler + "\n\nTourism in Sochi keeps growing."
    assert regions(detector, text) == {"RU-KRS"}


def test_region_adjectives_in_a_list(detector: Detector) -> None:
    text = (
        "Дежурными средствами ПВО уничтожены 20 беспилотников: 10 — над территорией "
        "Белгородской области, 6 — над Курской, 4 — над Орловской."
    )
    assert regions(detector, text) == {"RU-BEL", "RU-KRS", "RU-ORL"}
    plural = "Зафіксовано влучання у Сумській, Чернігівській та Київській областях."
    assert regions(detector, plural) == {"UA-59", "UA-74", "UA-32"}


def test_city_district_named_like_another_place(detector: Detector) -> None:
    text = "У Харкові вибух у Київському районі, попередньо влучання у підприємство."
    assert regions(detector, text) == {"UA-63"}


def test_capital_and_home_region(detector: Detector) -> None:
    assert regions(detector, "Вибухи в столиці. Працює ППО.") == {"UA-30"}
    assert regions(detector, "Сили ППО працюють. Будьте в укриттях!", "kyiv_city_admin") == {
        "UA-30"
    }


def test_english_possessive(detector: Detector) -> None:
    assert regions(detector, "Russian drones hit Odesa's port overnight, starting a fire.") == {
        "UA-51"
    }


def test_question_headline_keeps_its_place(detector: Detector) -> None:
    assert regions(detector, "Что гремит в Курске? Читатели пишут о трёх взрывах.") == {"RU-KRS"}


def test_negative_post_names_no_region(detector: Detector) -> None:
    assert regions(detector, "В Белгородской области прошли учения ПВО.") == set()
