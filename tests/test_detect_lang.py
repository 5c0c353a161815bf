from datetime import UTC, datetime

import pytest

from bot.detect.lang import detect_lang
from bot.models import Post


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ейск / Опасность по БПЛА.", "ru"),
        ("Взрывы слышат жители Анапы, по словам очевидцев, работает ПВО", "ru"),
        ("Відбій тривоги в Харківській області", "uk"),
        ("🔴 Повітряна тривога: Київ", "uk"),
        ("Загроза застосування балістики з північного напрямку", "uk"),
        ("Вибухи в Одесі, працює ППО", "uk"),
        ("Explosions were reported in the outskirts of Krasnodar", "en"),
        ("Air defences downed 83 drones over Bryansk, Калуга — 9", "en"),
        ("В Киеве тревога, жители спускаются в метро", "ru"),
        ("", "ru"),
    ],
)
def test_language_of_a_post(text: str, expected: str) -> None:
    assert detect_lang(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Дрон сбросил гранату на остановку в Херсоні, ранен мужчина",  # a name written in
        "Взрывы в Києві, работает ПВО, будьте осторожны",  # Ukrainian in a Russian line
        "Дрон атаковал автомобиль в Сумах #терміново",  # a Ukrainian hashtag
    ],
)
def test_ukrainian_names_and_tags_leave_a_russian_text_russian(text):
    assert detect_lang(text) == "ru"


@pytest.mark.parametrize(
    "text",
    [
        "Шахеди летять на Полтаву",
        "Відбій тривоги в Полтавська область",
        "Ворог атакував Херсон дронами",
        "Вибухи у Харкові",  # too few other words to tell
    ],
)
def test_a_ukrainian_text_stays_ukrainian(text):
    assert detect_lang(text) == "uk"


def test_a_russian_report_naming_a_town_in_ukrainian_is_read_in_russian(detector):
    post = Post("lang_mix_ru", 1, datetime(2026, 11, 20, tzinfo=UTC),
                "Дрон сбросил гранату на остановку в Херсоні, ранен мужчина")
    detection = detector.detect(post)
    assert detection.incident and detection.lang == "ru"
    assert {"drone", "casualties"} <= set(detection.types)
