import pytest

from bot.detect.lang import detect_lang


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
