"""Confidence from independent sources, channel trust, and the night summary phrases."""

from datetime import UTC, datetime, timedelta

import pytest

from bot.incidents import (
    PhraseError,
    night_phrases,
    parse_phrases,
    speaks_of_the_night,
)
from bot.models import OFFICIAL, Incident, Report
from bot.trust import (
    COPY_FACTOR,
    ECHO_FACTOR,
    Record,
    Trust,
    confidence,
    parse_threshold,
)

T0 = datetime(2026, 11, 20, 22, 0, tzinfo=UTC)


def rep(channel: str, post_id: int, seconds: float, **kw) -> Report:
    kw.setdefault("types", ("explosion",))
    return Report(
        channel=channel,
        post_id=post_id,
        date=T0 + timedelta(seconds=seconds),
        url=f"https://t.me/{channel}/{post_id}",
        **kw,
    )


def incident(*reports: Report) -> Incident:
    dates = [r.date for r in reports]
    return Incident(
        id="RU-KDA-20261120T2200",
        region="RU-KDA",
        first_seen=min(dates),
        last_seen=max(dates),
        reports=reports,
    )


# -- trust ---------------------------------------------------------------------------------------


def test_trust_starts_at_the_configured_weight_and_moves_with_reviewers_decisions():
    trust = Trust(
        configured={"governor": 2.0},
        records={
            "rumours": Record(false_alarms=2),
            "shot_shot": Record(confirmed=2),
            "mixed": Record(confirmed=1, false_alarms=1),
        },
    )
    assert trust.weight("unknown") == 1.0
    assert trust.weight("governor") == 2.0
    assert trust.weight("rumours") == pytest.approx(0.5)
    assert trust.weight("shot_shot") == pytest.approx(1.5)  # raised, never to two witnesses
    assert trust.weight("mixed") == pytest.approx(1.0)
    assert Trust(records={"liar": Record(false_alarms=500)}).weight("liar") == 0.05


# -- confidence ----------------------------------------------------------------------------------


def test_independent_channels_add_up_and_an_official_one_counts_double():
    sure = confidence(
        incident(
            rep("shot_shot", 1, 0),
            rep("mash", 2, 600, types=("explosion", "fire")),
            rep("governor", 3, 1200, status=OFFICIAL),
        ),
        Trust(),
    )
    assert (sure.independent, sure.official, sure.passed_on) == (3, 1, 0)
    assert sure.score == pytest.approx(4.0)
    assert sure.label("en") == "3 independent sources, 1 official (confidence 4.0)"
    assert sure.label("ru").startswith("3 независимых источника, официальных: 1")
    assert sure.label("uk").startswith("3 незалежні джерела, офіційних: 1")


def test_one_channel_counts_once_however_often_it_posts():
    many = confidence(incident(*(rep("shot_shot", i, 600 * i) for i in range(1, 6))), Trust())
    assert (many.score, many.independent) == (1.0, 1)


def test_a_forward_or_copy_and_an_echo_within_seconds_count_only_partly():
    copied = confidence(
        incident(rep("shot_shot", 1, 0), rep("aggregator", 9, 300, copy_of=("shot_shot", 1))),
        Trust(),
    )
    assert copied.score == pytest.approx(1 + COPY_FACTOR)
    assert (copied.independent, copied.passed_on) == (1, 1)
    echoed = confidence(incident(rep("alerts", 1, 0), rep("echo_channel", 2, 12)), Trust())
    assert echoed.score == pytest.approx(1 + ECHO_FACTOR)
    # Later, or with something new to say, it is a witness of its own.
    later = confidence(incident(rep("alerts", 1, 0), rep("other", 2, 120)), Trust())
    assert later.score == 2.0
    news = confidence(
        incident(rep("alerts", 1, 0), rep("other", 2, 12, types=("explosion", "damage"))),
        Trust(),
    )
    assert news.score == 2.0


def test_a_false_alarm_channel_alone_falls_below_the_default_threshold():
    trust = Trust(records={"rumours": Record(false_alarms=1)})
    assert not confidence(incident(rep("rumours", 1, 0)), trust).reaches(1.0)
    assert confidence(incident(rep("rumours", 1, 0)), Trust()).reaches(1.0)


def test_bare_all_clears_are_no_witness_of_the_event():
    cleared = confidence(
        incident(rep("alerts", 1, 0), rep("alerts_two", 2, 3600, types=(), all_clear=True)),
        Trust(),
    )
    assert cleared.score == 1.0


@pytest.mark.parametrize("text, value", [("2", 2.0), ("1,5", 1.5), ("0", 0.0)])
def test_thresholds_are_numbers_of_sources(text, value):
    assert parse_threshold(text) == value


@pytest.mark.parametrize("text", ["-1", "11", "two", "nan"])
def test_bad_thresholds_are_refused(text):
    with pytest.raises(ValueError):
        parse_threshold(text)


# -- night summary phrases (bot/data/night_summaries.txt) ----------------------------------------


def test_every_night_phrase_is_found_in_a_sentence_of_its_language():
    phrases = night_phrases()
    assert set(phrases) == {"ru", "uk", "en"}
    for lang, items in phrases.items():
        assert items, lang
        for phrase in items:
            assert speaks_of_the_night(f"Губернатор: {phrase.upper()}, сбито 5 дронов."), phrase


@pytest.mark.parametrize(
    "text",
    [
        "За ночь над Брянской областью уничтожены 64 БПЛА.",
        "Минулої ночі сили ППО збили 40 ударних дронів.",
        "За минулу добу ворог 12 разів обстріляв громаду.",
        "Overnight, air defences destroyed 27 drones.",
        "В ночь на 21 ноября дежурными средствами ПВО перехвачены 19 беспилотников.",
    ],
)
def test_summaries_speak_of_the_night(text):
    assert speaks_of_the_night(text)


@pytest.mark.parametrize(
    "text",
    [
        "Сейчас над Анапой работает ПВО, слышны взрывы.",
        "Ночная смена на заводе продлится до утра.",  # a word that only looks like "ночью"
        "Nightlife in Odesa goes on despite the curfew.",
        "Сутки назад в Белгороде открылся каток.",
    ],
)
def test_live_reports_do_not(text):
    assert not speaks_of_the_night(text)


def test_a_bad_phrase_line_names_the_file_and_the_line():
    with pytest.raises(PhraseError, match=r"night_summaries.txt line 3"):
        parse_phrases("# comment\nru: за ночь\nночью без языка\n")
    with pytest.raises(PhraseError, match="line 1"):
        parse_phrases("de: in der Nacht\n")
