"""A channel's username that names a city or a region («tver_nebo», «belgorod01») is its home
while its posts give none: place-less alert lines of a new local channel are placed there."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.detect.profiles import Seen, detect_stream, learn_profile, region_named_by_username
from tests.posts import post_maker

START = datetime(2026, 11, 20, 21, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("username", "region"),
    [
        ("tver_nebo", "RU-TVE"),
        ("belgorod01", "RU-BEL"),
        ("kursk_radar_ru", "RU-KRS"),
        ("tverskaya_oblast", "RU-TVE"),
        ("kharkiv_monitoring", "UA-63"),
        ("kuban_alerts", "RU-KDA"),
        ("shot_shot", None),  # no place in it
        ("mash", None),
        ("moscowmap", None),  # a place glued to a word is not read
    ],
)
def test_a_username_names_its_one_region(detector, username, region):
    assert region_named_by_username(detector)(username) == region


def test_a_username_naming_two_regions_names_none(detector):
    assert region_named_by_username(detector)("kursk_belgorod_radar") is None


def test_a_new_local_channels_place_less_alert_is_placed_by_its_name(detector):
    for channel, region in (("yaroslavl_trevoga", ["RU-YAR"]), ("trevoga_now", [])):
        post = post_maker(channel, START)
        lines = [
            "Режим беспилотной опасности",
            "Внимание! Угроза атаки БПЛА",
            "Отбой угрозы",
            "Режим беспилотной опасности",
            "Отбой угрозы",
        ]
        detections = list(detect_stream(detector, [post(t, i, minutes=i) for i, t in
                                                    enumerate(lines, 1)]))
        # An alert channel's place-less line with no home is talk (dropped); with one, an alert.
        assert detections[1].incident is bool(region)
        assert list(detections[1].regions) == region


def test_the_posts_home_wins_over_the_name():
    post = post_maker("kursk_radar_ru", START)
    seen_posts = [post(f"Белгород — опасность по БПЛА {i}", i, minutes=i) for i in range(1, 7)]
    placed = [Seen(p, None) for p in seen_posts]
    profile = learn_profile("kursk_radar_ru", placed, name_home="RU-KRS",
                            regions_of=lambda line: {"RU-BEL"} if "Белгород" in line else set())
    assert profile.home_regions == ("RU-BEL",)
    assert learn_profile("kursk_radar_ru", [], name_home="RU-KRS").home_regions == ()


def test_only_a_channel_of_alert_lines_gets_a_home_from_its_name():
    post = post_maker("voronezh_live", START)
    long_posts = [
        Seen(post("Новости дня: " + "в стране и мире продолжается обычная жизнь, " * 4, i,
                  minutes=i), None)
        for i in range(1, 7)
    ]
    profile = learn_profile("voronezh_live", long_posts, name_home="RU-VOR")
    assert profile.kind == "news" and profile.home_regions == ()
    # A new channel (kind unknown before 5 posts) is not presumed local either.
    assert learn_profile("voronezh_live", long_posts[:2], name_home="RU-VOR").home_regions == ()
    alert_lines = [Seen(post("Опасность по БПЛА", i, minutes=i), None) for i in range(1, 7)]
    alerts = learn_profile("voronezh_live", alert_lines, name_home="RU-VOR")
    assert alerts.kind == "alerts" and alerts.home_regions == ("RU-VOR",)
