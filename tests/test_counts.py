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
