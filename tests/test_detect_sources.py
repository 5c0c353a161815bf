import pytest

from bot.detect.sources import find_sources


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Взрывы слышат жители Анапы, работает ПВО — SHOT", ("SHOT",)),
        ("По данным Baza, над бухтой сбито шесть дронов", ("Baza",)),
        ("Как сообщает Mash, в Туапсе горит нефтебаза", ("Mash",)),
        ("reports from the outlet Life citing the Telegram channel SHOT", ("Life", "SHOT")),
        ("Об этом сообщает РИА Новости со ссылкой на ТАСС", ("RIA Novosti", "TASS")),
        ("Пишет Astra, а также «Подъём»", ("Astra", "Podyom")),
        ("Подробности у @shot_shot", ("SHOT",)),
    ],
)
def test_cited_outlets_are_normalised(text: str, expected: tuple[str, ...]) -> None:
    findings = find_sources(text)
    assert findings.sources == expected
    assert not findings.official


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Минобороны сообщает: над Брянской областью сбиты 64 БПЛА", "Ministry of Defence"),
        ("Губернатор Белгородской области: в Шебекино ранены двое", "governor"),
        ("Оперштаб Кубани: обломки упали на территорию склада", "operational HQ"),
        ("ДСНС: пожежу ліквідовано", "emergency services"),
        ("Мэр Таганрога сообщил о повреждениях", "mayor"),
        ("Russia's Defence Ministry says air defences downed 83 drones", "Ministry of Defence"),
    ],
)
def test_official_statements(text: str, source: str) -> None:
    findings = find_sources(text)
    assert source in findings.sources
    assert findings.official


def test_officials_who_said_nothing_do_not_make_a_post_official() -> None:
    text = (
        "Eyewitnesses heard explosions. Local authorities have not issued a formal statement, "
        "and the Defense Ministry has not yet commented."
    )
    findings = find_sources(text)
    assert "Ministry of Defence" in findings.sources
    assert not findings.official


def test_forward_origin_is_a_source() -> None:
    assert find_sources("Взрывы в Анапе", forwarded_from="shot_shot").sources == ("SHOT",)


def test_shot_down_is_not_the_outlet() -> None:
    assert find_sources("Two drones were shot down over the city").sources == ()


def test_every_table_of_the_sources_data_is_read() -> None:
    """One case per entry kind of bot/data/sources.toml."""
    from bot.detect.sources import OFFICIAL_SOURCES, find_sources

    found = find_sources("Губернатор сообщил, пишет SHOT")  # [[source]]: pattern, official
    assert found.sources[:2] == ("governor", "SHOT") and found.official
    assert find_sources("Видео: @mash").sources == ("Mash",)  # [handles]
    # [not_official]
    assert not find_sources("Губернатор пока не комментировал взрывы").official
    assert "regional administration" in OFFICIAL_SOURCES  # [official_bodies]
