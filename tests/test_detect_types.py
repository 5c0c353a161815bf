"""Incident types and ignored sentences, read from text alone (no places involved)."""

import pytest

from bot.detect.classify import analyse
from bot.detect.lang import detect_lang


def types_of(text: str) -> set[str]:
    return analyse(text, detect_lang(text), 2026).types


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Краснодар — ракетная опасность", {"alert", "missile"}),
        ("Ейск / Опасность по БПЛА.", {"alert", "drone"}),
        ("Угроза атаки БПЛА в Курской области", {"alert", "drone"}),
        ("Введён режим беспилотной опасности", {"alert", "drone"}),
        ("🔴 Повітряна тривога: Київ", {"alert"}),
        ("Над Брянском сбит БПЛА", {"drone", "air_defense"}),
        ("Дежурными средствами ПВО уничтожены 12 беспилотников", {"drone", "air_defense"}),
        ("Взрывы слышат жители Анапы, работает ПВО", {"explosion", "air_defense"}),
        ("В Одесі пролунали вибухи", {"explosion"}),
        ("Прилёт по складу в Белгороде", {"strike"}),
        ("Противник сбросил КАБ на Золочів", {"strike"}),
        ("После атаки на нефтебазе возник пожар", {"strike", "fire"}),
        ("Виникла пожежа на складі", {"fire"}),
        ("В результате удара погибли двое, пятеро ранены", {"strike", "casualties"}),
        ("Внаслідок обстрілу загинули двоє людей", {"strike", "casualties"}),
        ("Повреждены крыша и окна частного дома", {"damage"}),
        ("В домах выбиты окна", {"damage"}),
        ("Two houses were damaged in the shelling", {"damage", "strike"}),
        ("Перебувайте в укриттях!", {"alert"}),
        ("Шахеди в напрямку Чернігова, йдуть низько.", {"alert", "drone"}),
        ("Херсон: загроза КАБів!", {"alert"}),
        ("Харківщина: пуски КАБів у напрямку Чугуєва.", {"alert"}),
        ("Житомирщина: крилаті ракети курсом на захід.", {"alert", "missile"}),
        ("Drones targeted Tula overnight.", {"drone"}),
        ("Казань: беспилотник врезался в многоэтажку.", {"drone", "strike"}),
        (
            "Ракетная атака на базу флота, очевидцы насчитали не меньше 8 взрывов.",
            {"missile", "explosion"},
        ),
        (
            "В частном доме взорвался газовый баллон, хозяин с ожогами в больнице.",
            {"explosion", "casualties"},
        ),
        (
            "Дрон атаковал грузовой автомобиль, машина сгорела.",
            {"drone", "strike", "fire", "damage"},
        ),
        (
            "Обломки сбитого беспилотника упали на склад, возник пожар.",
            {"drone", "air_defense", "fire"},
        ),
        ("Russian artillery fire killed a man in Kherson.", {"strike", "casualties"}),
        (
            "Residents heard explosions as air defences intercepted drones",
            {"explosion", "air_defense", "drone"},
        ),
    ],
)
def test_types_of_a_report(text: str, expected: set[str]) -> None:
    assert types_of(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Никто не пострадал.",
        "Обошлось без пострадавших.",
        "Пострадавших нет.",
        "Пострадавших, по предварительным данным, нет.",
        "Ніхто не постраждав.",
        "No injuries were reported.",
    ],
)
def test_no_casualties_is_not_casualties(text: str) -> None:
    assert "casualties" not in types_of(text)


def test_casualties_and_a_denial_in_one_post() -> None:
    assert types_of("Three people were killed; no injuries among rescuers.") >= {"casualties"}
    assert types_of("Пострадавших нет, повреждены окна") == {"damage"}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("«Краснодар» взорвал трибуны в матче с «Ростовом»", "sport"),
        ("Год назад в Белгороде прогремели взрывы", "history"),
        ("В 2023 году по Белгороду был нанесён удар", "history"),
        ("Над Казанью прошло световое шоу дронов", "show"),
        ("В Ленинградской области прошли учения ПВО", "drill"),
        ("Сбор на дроны для наших бойцов — ссылка в профиле", "promo"),
        ("Настоящий взрыв эмоций у зрителей!", "metaphor"),
        ("Это серьёзный удар по репутации компании", "metaphor"),
        ("Проверка сирен в Воронеже в 10:40 — это не тревога.", "drill"),
        ("Реклама. Защитная плёнка для окон от взрывной волны. erid: 2Vtz", "ad"),
        ("Фейк: видео взрывов в Харькове гуляет по сети с весны.", "fake"),
        ("Нашли обломки беспилотника? Не подходите и звоните 112.", "question"),
        ("Эксперт: Россия готовит новую массированную атаку на энергетику.", "offtopic"),
    ],
)
def test_sentences_about_something_else_count_for_nothing(text: str, reason: str) -> None:
    analysis = analyse(text, detect_lang(text), 2026)
    assert analysis.types == set()
    assert analysis.sentences[0].ignored_because == reason


def test_a_firefighter_is_not_a_fire() -> None:
    assert types_of("Пожарный из Уфы стал лучшим в стране на конкурсе профмастерства") == set()


def test_year_in_the_past_is_history_but_this_year_is_not() -> None:
    assert types_of("В 2026 году по Белгороду нанесено два удара") == {"strike"}
    assert types_of("The drone attacks began in 2022") == set()


@pytest.mark.parametrize(
    "text",
    [
        "Відбій тривоги в Харківській області",
        "Анапа / Отбой опасности по БПЛА.",
        "Угроза миновала, можно выходить из укрытий",
        "Режим беспилотной опасности снят",
        "All clear in Kyiv",
    ],
)
def test_all_clear(text: str) -> None:
    analysis = analyse(text, detect_lang(text), 2026)
    assert analysis.all_clear
    assert not analysis.types & {"alert", "drone", "missile"}


def test_waiting_for_the_all_clear_is_not_one() -> None:
    analysis = analyse("Працює ППО. Залишайтеся в укриттях до відбою!", "uk", 2026)
    assert not analysis.all_clear
    assert "air_defense" in analysis.types


def test_matched_terms_are_reported() -> None:
    analysis = analyse("Взрывы слышат жители Анапы, работает ПВО", "ru", 2026)
    assert "Взрывы" in analysis.matched and "ПВО" in analysis.matched
