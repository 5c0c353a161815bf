"""Scores on the labelled dev set, with floors a little below what detect reaches.

HOME_REGIONS is the channel configuration a deployment would have for the regional
channels in the dev set (governors, military administrations, regional alert channels):
``channels.home_regions`` in the config file.
"""

from pathlib import Path

import pytest

from bot.detect import Detector
from bot.evaluate import EvalReport, evaluate_file

DEVSET = Path(__file__).parent / "data" / "devset.jsonl"

HOME_REGIONS = {
    "aksenov82": "UA-43",
    "belgorod_gov_en": "RU-BEL",
    "belgorod_sirena": "RU-BEL",
    "chernigiv_ova": "UA-74",
    "dnipro_ova": "UA-12",
    "gubernator_32": "RU-BRY",
    "gubernator_36": "RU-VOR",
    "gubernator_40": "RU-KLU",
    "gubernator_46": "RU-KRS",
    "gubernator_47": "RU-LEN",
    "gubernator_48": "RU-LIP",
    "gubernator_52": "RU-NIZ",
    "gubernator_57": "RU-ORL",
    "gubernator_61": "RU-ROS",
    "gubernator_62": "RU-RYA",
    "gubernator_63": "RU-SAM",
    "gubernator_64": "RU-SAR",
    "gubernator_71": "RU-TUL",
    "kherson_ova": "UA-65",
    "khmelnytska_ova": "UA-68",
    "kondratyevvi": "RU-KDA",
    "krasnodar_adm": "RU-KDA",
    "krym_alerts": "UA-43",
    "kuban_alerts": "RU-KDA",
    "kursk_trevoga": "RU-KRS",
    "kyiv_mayor": "UA-30",
    "kyiv_mva": "UA-30",
    "kyiv_mva_en": "UA-30",
    "lviv_ova": "UA-46",
    "mos_sobyanin": "RU-MOW",
    "mykolaiv_ova": "UA-48",
    "odesa_ova_en": "UA-51",
    "odeskaova": "UA-51",
    "opershtab_kuban": "RU-KDA",
    "poltava_ova": "UA-53",
    "razvozhayev": "UA-40",
    "rivne_ova": "UA-56",
    "rostov_alerts": "RU-ROS",
    "sevastopol_alerts": "UA-40",
    "sumy_ova": "UA-59",
    "synegubov": "UA-63",
    "taganrog_adm": "RU-ROS",
    "tatarstan_gov": "RU-TA",
    "vinnytsia_ova": "UA-05",
    "vvgladkov": "RU-BEL",
    "zoda_gov_ua": "UA-23",
}


@pytest.fixture(scope="module")
def report() -> EvalReport:
    return evaluate_file(DEVSET, Detector(home_regions=HOME_REGIONS))


def test_devset_is_large_enough(report: EvalReport) -> None:
    assert report.examples >= 400


def test_incident_f1(report: EvalReport) -> None:
    assert report.f1("incident") >= 0.97


def test_region_f1(report: EvalReport) -> None:
    assert report.f1("region") >= 0.95


def test_type_micro_f1(report: EvalReport) -> None:
    assert report.f1("type") >= 0.95


@pytest.mark.parametrize("lang", ["ru", "uk", "en"])
def test_every_language_holds_up(report: EvalReport, lang: str) -> None:
    assert report.f1("incident", lang) >= 0.95
    assert report.f1("region", lang) >= 0.92
    assert report.f1("type", lang) >= 0.93


def test_all_clears_are_recognised(report: EvalReport) -> None:
    assert report.all_clear.f1 >= 0.95


def test_language_is_recognised(report: EvalReport) -> None:
    assert report.lang_correct / report.examples >= 0.97
