from bot.detect.counts import RegionMention, extract_counts
from bot.detect.lang import detect_lang
from bot.detect.morph import sentences, words
from bot.models import Count


def counts_of(text: str, regions: dict[str, str] | None = None) -> list[Count]:
    lang = detect_lang(text)
    mentions = []
    for surface, code in (regions or {}).items():
        start = text.index(surface)
        mentions.append(RegionMention(start, start + len(surface), code))
    return extract_counts(text, words(text, lang), lang, sentences(text), mentions)


def test_digit_range_with_hyphen_and_en_dash() -> None:
    for text in ("Очевидцы насчитали 5-7 взрывов", "Очевидцы насчитали 5–7 взрывов"):
        [count] = counts_of(text)
        assert (count.low, count.high, count.what) == (5, 7, "explosion")


def test_worded_ranges_in_three_languages() -> None:
    [ru] = counts_of("Слышали от пяти до восьми взрывов")
    [en] = counts_of("Residents heard between five and seven explosions")
    [uk] = counts_of("Чули від п'яти до восьми вибухів")
    assert (ru.low, ru.high, ru.what) == (5, 8, "explosion")
    assert (en.low, en.high, en.what) == (5, 7, "explosion")
    assert (uk.low, uk.high, uk.what) == (5, 8, "explosion")


def test_inflected_number_words() -> None:
    [count] = counts_of("Сбито около двадцати пяти беспилотников")
    assert (count.low, count.what, count.qualifier) == (25, "drone", "about")


def test_qualifiers() -> None:
    found = counts_of("Свыше 20 взрывов, как минимум 3 ракеты, до 6 ед. БПЛА")
    assert [(c.low, c.what, c.qualifier) for c in found] == [
        (20, "explosion", "more_than"),
        (3, "missile", "at_least"),
        (6, "drone", "up_to"),
    ]
    [en] = counts_of("Witnesses heard more than 20 explosions")
    assert (en.low, en.qualifier) == (20, "more_than")
    [about] = counts_of("A series of approximately 10 explosions erupted")
    assert (about.low, about.qualifier) == (10, "about")


def test_numbers_that_count_nothing_are_left_out() -> None:
    assert counts_of("Атака началась около 00:45, в 2 км от города") == []
    assert counts_of("The initial estimate was ten.") == []


def test_per_region_list_with_total_not_added_twice() -> None:
    text = (
        "Дежурными средствами ПВО уничтожены 83 украинских БПЛА: 64 — над территорией "
        "Брянской области, 9 — над Калужской, 5 — над Смоленской"
    )
    found = counts_of(
        text, {"Брянской области": "RU-BRY", "Калужской": "RU-KLU", "Смоленской": "RU-SMO"}
    )
    assert [(c.low, c.what, c.region, c.total) for c in found] == [
        (83, "drone", None, True),
        (64, "drone", "RU-BRY", False),
        (9, "drone", "RU-KLU", False),
        (5, "drone", "RU-SMO", False),
    ]
    regional = sum(c.low for c in found if not c.total)
    assert regional == 78


def test_english_per_region_counts() -> None:
    text = (
        "Air defences intercepted 83 Ukrainian drones. 64 of these drones were shot down over "
        "Bryansk Oblast. Kaluga Oblast followed with nine intercepted UAVs, while Smolensk "
        "Oblast recorded five."
    )
    found = counts_of(
        text,
        {"Bryansk Oblast": "RU-BRY", "Kaluga Oblast": "RU-KLU", "Smolensk Oblast": "RU-SMO"},
    )
    assert [(c.low, c.region, c.total) for c in found] == [
        (83, None, True),
        (64, "RU-BRY", False),
        (9, "RU-KLU", False),
        (5, "RU-SMO", False),
    ]
    assert {c.what for c in found} == {"drone"}


def test_total_word_marks_total() -> None:
    [count] = counts_of("Всего за ночь сбито 20 БПЛА")
    assert count.total and count.low == 20


def test_casualty_counts() -> None:
    found = counts_of("Погибли двое, ранены 3 человека")
    assert [(c.low, c.what) for c in found] == [(2, "casualties"), (3, "casualties")]
    assert found[0].text == "двое"


def test_part_of_a_whole() -> None:
    found = counts_of("Air defences shot down 45 of 60 drones overnight")
    assert [(c.low, c.what) for c in found] == [(45, "drone"), (60, "drone")]
    assert counts_of("Fire broke out at one of the sites") == []


# ------------------------------------------------ the word lists of bot/data/counts.toml


def test_every_table_of_the_counts_data_is_read() -> None:
    """One case per entry kind of bot/data/counts.toml."""
    [number] = counts_of("Над городом сбиты семь беспилотников")  # numbers
    assert (number.low, number.what) == (7, "drone")
    [bound] = counts_of("Слышали не менее 5 взрывов")  # qualifiers
    assert bound.qualifier == "at_least"
    [people] = counts_of("Ранены трое мирных жителей")  # people
    assert (people.low, people.what) == (3, "casualties")
    [homes] = counts_of("Повреждены 4 дома")  # buildings
    assert (homes.low, homes.what) == (4, "damage")
    [ranged] = counts_of("Насчитали от 3 до 6 взрывов")  # range_starts
    assert (ranged.low, ranged.high) == (3, 6)
    assert [c.low for c in counts_of("Сбиты 45 of 60 drones")][:1] == [45]  # part_of
    [unit] = counts_of("Сбито 6 ед. БПЛА")  # units
    assert (unit.low, unit.what) == (6, "drone")
    [total] = counts_of("Всего уничтожено 83 БПЛА")  # total
    assert total.total


def test_a_bad_counts_table_names_the_file_and_the_key() -> None:
    import pytest

    from bot.detect.counts import CountsDataError, _number_table

    with pytest.raises(CountsDataError, match=r"counts\.toml: \[numbers\.ru\] 'два'"):
        _number_table("один=1 два", "numbers.ru")
