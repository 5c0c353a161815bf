"""Renamed Ukrainian towns whose old names are still in use (bot/data/renamed_places.txt):
the Ukrainian town where the post or the channel is about Ukraine or the front, the Russian
namesake where the context is Russian."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.detect import Detector
from bot.detect.context import ChannelProfile, DetectContext
from bot.detect.gazetteer import Gazetteer
from bot.detect.place_data import PlaceDataError, place_data, read_renamed
from bot.models import Post

ENTRIES = place_data().renamed
T0 = datetime(2026, 11, 12, 18, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def gazetteer(detector: Detector) -> Gazetteer:
    return detector.gazetteer


def places(gazetteer: Gazetteer, text: str, **context) -> list[tuple[str, str]]:
    return [(m.place.name, m.place.region) for m in gazetteer.find(text, **context)]


def test_every_entry_is_a_town_of_the_gazetteer(gazetteer: Gazetteer) -> None:
    assert len(ENTRIES) >= 15
    for entry in ENTRIES:
        found = [
            p for p, _ in gazetteer.lookup(entry.name, limit=10)
            if p.name == entry.name and p.region == entry.region
        ]
        assert found, entry


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.old_names[0] for e in ENTRIES])
def test_an_old_name_is_the_ukrainian_town_for_a_channel_about_ukraine(
    gazetteer: Gazetteer, entry
) -> None:
    # A front-line channel whose home is Donetsk oblast: every old name is the town of today,
    # whichever oblast it is in.
    for old in entry.old_names:
        got = places(gazetteer, f"{old} — арта", home_region="UA-14")
        assert got == [(entry.name, entry.region)], old


@pytest.mark.parametrize(
    "text, place",
    [
        # a region written next to the name
        ("Красноармейск Саратовской области — громко", ("Красноармейск", "RU-SAR")),
        ("Дзержинск Нижегородской области — взрывы", ("Дзержинск", "RU-NIZ")),
        ("Новомосковск (Тульская обл.) — беспилотная опасность", ("Новомосковск", "RU-TUL")),
        # another place of the post, surely in Russia
        ("Нижний Новгород, Дзержинск — работает ПВО", ("Дзержинск", "RU-NIZ")),
    ],
)
def test_a_russian_context_keeps_the_russian_town(gazetteer: Gazetteer, text, place) -> None:
    assert place in places(gazetteer, text)


def test_a_russian_channel_s_home_keeps_the_russian_town(gazetteer: Gazetteer) -> None:
    assert places(gazetteer, "Дзержинск — взрывы", home_region="RU-NIZ") == [
        ("Дзержинск", "RU-NIZ")
    ]
    assert places(gazetteer, "Новомосковск — взрывы", home_regions=("RU-TUL",)) == [
        ("Новомосковск", "RU-TUL")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "ВСУ обстреляли Дзержинск из РСЗО",  # a word of the front
        "Бои на окраинах Дзержинска, штурмовики продвигаются",
        "Дзержинск и Горловка — арта",  # a place of the post in Ukraine
        "Дзержинск ДНР — прилёт",  # the region's shorthand
    ],
)
def test_the_front_makes_an_old_name_the_ukrainian_town(gazetteer: Gazetteer, text) -> None:
    assert ("Торецьк", "UA-14") in places(gazetteer, text)


@pytest.mark.parametrize(
    "text, place",
    [
        # Luhansk oblast's Голубівка, not Кировск of Murmansk or Leningrad oblast
        ("ВСУ обстреляли Кировск, ранены двое", ("Голубівка", "UA-09")),
        ("Кировск — взрывы", ("Кировск", "RU-MUR")),
        # the Russian name of Сіверськ, not Tomsk oblast's closed city
        ("Северск — бои на окраинах", ("Сіверськ", "UA-14")),
        ("Северск — взрывы на заводе", ("Северск", "RU-TOM")),
    ],
)
def test_an_old_or_russian_name_with_a_bigger_russian_namesake(
    gazetteer: Gazetteer, text, place
) -> None:
    assert places(gazetteer, text) == [place]


def test_the_channel_s_last_hour_in_ukraine_makes_it_the_ukrainian_town(
    gazetteer: Gazetteer,
) -> None:
    assert places(gazetteer, "Дзержинск — арта", recent_regions=["UA-14"]) == [
        ("Торецьк", "UA-14")
    ]


def test_without_any_context_population_decides(gazetteer: Gazetteer) -> None:
    # No size settles a renamed town's name before the context is read, and with no context
    # at all the bigger town is taken: Дзержинск of Nizhny Novgorod oblast (233,000 people)
    # over Торецьк (31,000); Покровськ (60,000) over Красноармейск of Saratov oblast.
    assert places(gazetteer, "Дзержинск — взрывы") == [("Дзержинск", "RU-NIZ")]
    assert places(gazetteer, "Красноармейск — взрывы") == [("Покровськ", "UA-14")]


def test_detection_reads_the_channel_s_profile(detector: Detector) -> None:
    profile = ChannelProfile("donbass_front_ru", home_regions=("UA-14",), kind="alerts")
    post = Post("donbass_front_ru", 1, T0, "Дзержинск — прилёт по окраине")
    detection = detector.detect(post, DetectContext(profile=profile))
    assert detection.incident and detection.regions == ("UA-14",)
    assert [p.name for p in detection.places] == ["Торецьк"]
    nn = ChannelProfile("nn_trevoga_ru", home_regions=("RU-NIZ",), kind="alerts")
    detection = detector.detect(
        Post("nn_trevoga_ru", 1, T0, "Дзержинск — прилёт по окраине"), DetectContext(profile=nn)
    )
    assert detection.regions == ("RU-NIZ",)


@pytest.mark.parametrize(
    "line, problem",
    [
        ("Красноармейск Покровськ, UA-14", "expected 'Old name"),
        ("Красноармейск = Покровськ", "expected 'Old name"),
        ("Красноармейск = Покровськ, UA-XYZW", "not an ISO 3166-2 code"),
        ("Дзержинск = Дзержинск, RU-NIZ", "not a Ukrainian region"),
    ],
)
def test_a_bad_line_is_named_with_its_file_and_line(tmp_path: Path, line, problem) -> None:
    path = tmp_path / "renamed_places.txt"
    path.write_text(f"# comment\n{line}  # source\n", encoding="utf-8")
    with pytest.raises(PlaceDataError, match=f"renamed_places.txt:2: .*{problem}"):
        read_renamed(path)


def test_several_old_names_on_one_line(tmp_path: Path) -> None:
    path = tmp_path / "renamed_places.txt"
    path.write_text("Артёмовск, Артемівськ = Бахмут, UA-14  # two names\n", encoding="utf-8")
    (entry,) = read_renamed(path)
    assert entry.old_names == ("Артёмовск", "Артемівськ") and entry.region == "UA-14"
