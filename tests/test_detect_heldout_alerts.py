"""Floors on the five held-out alert-channel sets.

Real alert channels write telegraphic lines (a place and a weapon with no verb, sounds,
precautions, follow-ups, signatures, district shorthand) between the other things they post
(forecasts, statements, recaps of past days, service posts, donations, rules, everyday news,
denials, events abroad, chat).

- ``heldout_alerts.jsonl`` was written in those styles before detection was tuned for them.
- ``heldout_alerts2.jsonl`` was written while detection was being tuned for issue 10, by someone
  who did not tune it, after studying public archives of channel posts; 39 % of it is the other
  things such channels write.
- ``heldout_alerts3.jsonl`` was written after issue 10's tuning and before anyone tuned on it, by
  a helper who changed no detection code or data, from other channels' styles (Tatarstan,
  Moscow region, a national radar feed with a glued footer, occupied-region officials, Ukraine's
  western and front-line towns, emergency services, city heads); 37 % hard negatives.
- ``heldout_alerts4.jsonl`` was written while two helpers tuned detection on the dev set, by a
  helper who changed no detection code or data, from 28 channels none of the dev set has (the
  Volga, Urals, North-West, North Caucasus and Kaliningrad; an airports channel, a federal
  newswire, a front-map blog; Ukraine's navy, the Danube, Volyn, Prykarpattia, Khmelnytskyi,
  Pavlohrad, Kramatorsk, Kyiv region, Bukovyna and Zakarpattia, Sumy towns, the metro, radio
  news, Ochakiv); 39 % hard negatives.
- ``heldout_alerts5.jsonl`` was written while other helpers tuned detection, by a helper who
  changed no detection code or data, labelled before detection ran on it, from 39 channels none
  of the dev set has (Central Russia's oblasts and Moscow-region towns, Crimea's towns, the
  occupied south and Luhansk in Russian, a Belarusian drone-monitoring channel, city
  «Подслушано» chats, a regional TV channel, a multi-region aggregator, a district head; central
  and western Ukraine's towns, hromadas, raion and oblast administrations); 41 % hard negatives.

Detection is never tuned on any of them: look at their scores, never at their lines or their error
lists. The floors sit a few points below what detection scores now (see the README's "How good
is detection" table), so they catch regressions; they are not the issue's targets, which are
higher.
"""

from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.evaluate import evaluate_file

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Floors:
    examples: int
    incident: float
    region: float
    type: float
    precision: float
    all_clear: float
    by_lang: dict[str, tuple[float, float, float]]  # lang: (incident, region, type)


FLOORS = {
    "heldout_alerts.jsonl": Floors(
        examples=350,
        incident=0.93,
        region=0.90,
        type=0.91,
        precision=0.94,
        all_clear=0.95,
        by_lang={"ru": (0.94, 0.90, 0.93), "uk": (0.90, 0.88, 0.89)},
    ),
    "heldout_alerts2.jsonl": Floors(
        examples=390,
        incident=0.92,
        region=0.93,
        type=0.92,
        precision=0.91,
        all_clear=0.95,
        by_lang={"ru": (0.94, 0.93, 0.94), "uk": (0.88, 0.93, 0.87)},
    ),
    # Set when the file was added: 0.03 below its first scores (README).
    "heldout_alerts3.jsonl": Floors(
        examples=370,
        incident=0.94,
        region=0.90,
        type=0.93,
        precision=0.95,
        all_clear=0.97,
        by_lang={"ru": (0.93, 0.89, 0.92), "uk": (0.94, 0.92, 0.93)},
    ),
    # Set when the file was added: 0.03 below its first scores, rounded down (README).
    "heldout_alerts4.jsonl": Floors(
        examples=330,
        incident=0.88,
        region=0.88,
        type=0.88,
        precision=0.89,
        all_clear=0.94,
        by_lang={"ru": (0.86, 0.86, 0.86), "uk": (0.92, 0.91, 0.90)},
    ),
    # Set when the file was added: 0.03 below its first scores, rounded down (README).
    "heldout_alerts5.jsonl": Floors(
        examples=340,
        incident=0.93,
        region=0.90,
        type=0.92,
        precision=0.95,
        all_clear=0.94,
        by_lang={"ru": (0.92, 0.88, 0.92), "uk": (0.93, 0.92, 0.92)},
    ),
}


@pytest.fixture(scope="module", params=sorted(FLOORS))
def scored(request):
    return evaluate_file(DATA / request.param), FLOORS[request.param]


def test_every_post_is_scored(scored):
    report, floors = scored
    assert report.examples >= floors.examples


def test_scores_stay_above_their_floors(scored):
    report, floors = scored
    assert report.f1("incident") >= floors.incident
    assert report.f1("region") >= floors.region
    assert report.f1("type") >= floors.type
    assert report.score("incident").precision >= floors.precision


def test_each_language_stays_above_its_floors(scored):
    report, floors = scored
    for lang, (incident, region, type_) in floors.by_lang.items():
        assert report.f1("incident", lang) >= incident, lang
        assert report.f1("region", lang) >= region, lang
        assert report.f1("type", lang) >= type_, lang


def test_all_clears_stay_recognised(scored):
    report, floors = scored
    assert report.all_clear.f1 >= floors.all_clear
