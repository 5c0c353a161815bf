"""Russian regions far from the front: governors' and operational headquarters' posts about
a refinery or a plant hit by drones name the site, not its town («атаке подвергся Сызранский
НПЗ», «Предприятие «Башнефти» атаковано»), and what these channels post around an attack that
is no incident (why mobile internet slows, what a regime means, fake channels in an official's
name). One test per entry kind of the data (bot/data/industrial_sites.txt, the `fake` and
`conditional` tables of the lexicon's context.toml) and per mechanism; the posts are written
for these tests, in the style of the channels studied (see tests/data/README.md)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.detect import Detector
from bot.detect.place_data import PlaceDataError, read_sites
from tests.posts import post_maker

T0 = datetime(2026, 12, 21, 2, 0, tzinfo=UTC)


post = post_maker("rear_regions_x", T0)


# -- industrial sites: bot/data/industrial_sites.txt ----------------------------------------


@pytest.mark.parametrize(
    ("text", "region", "site"),
    [
        # A refinery by its town's adjective, in any case.
        ("Ночью беспилотники атаковали Сызранский НПЗ, на месте работают экстренные службы.",
         "RU-SAM", "Сызранский НПЗ"),
        ("На Орском НПЗ после налёта БПЛА начался пожар.", "RU-ORE", "Орский НПЗ"),
        # An oil depot: the feminine noun is declined with its adjective.
        ("Дроны атаковали Великолукскую нефтебазу, горит резервуар.", "RU-PSK",
         "Великолукская нефтебаза"),
        # A company's or a plant's own name.
        ("Предприятие «Башнефти» подверглось атаке беспилотника, возник пожар.", "RU-BA",
         "Башнефть"),
        ("Атака на КИНЕФ: есть возгорание.", "RU-LEN", "КИНЕФ"),
        ("РЭБ предотвратила атаку беспилотника на «Славнефть-ЯНОС», пострадавших нет.",
         "RU-YAR", "Славнефть-ЯНОС"),
    ],
)
def test_a_site_hit_by_drones_is_in_its_region(
    detector: Detector, text: str, region: str, site: str
) -> None:
    detection = detector.detect(post(text))
    assert detection.incident
    assert list(detection.regions) == [region]
    assert [p.name for p in detection.places if p.kind == "site"] == [site]


def test_a_site_named_with_no_attack_is_no_incident(detector: Detector) -> None:
    detection = detector.detect(post("Сызранский НПЗ выйдет из ремонта к концу месяца."))
    assert not detection.incident


def test_every_site_line_declines_its_adjective_and_names_a_region() -> None:
    sites = read_sites()
    assert sites["сызранского нпз"] is sites["сызранский нпз"]
    assert sites["великолукской нефтебазе"].region == "RU-PSK"
    assert sites["кинеф"].kind == "site" and sites["кинеф"].always
    for site in sites.values():
        assert 40 < site.lat < 70 and 19 < site.lon < 90


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("Сызранский НПЗ | RU-SAM | 53.16 | 48.47 | Сызрань", "expected 6 fields"),
        ("Сызранский НПЗ | SAM | 53.16 | 48.47 | Сызрань | always", "ISO 3166-2"),
        # A site has no flights to tell it from a namesake: only "always".
        ("Сызранский НПЗ | RU-SAM | 53.16 | 48.47 | Сызрань | aviation", "'always'"),
    ],
)
def test_a_bad_site_line_is_named_with_its_file_and_line(
    tmp_path: Path, line: str, problem: str
) -> None:
    path = tmp_path / "industrial_sites.txt"
    path.write_text("# sites\n" + line + "\n", encoding="utf-8")
    with pytest.raises(PlaceDataError, match=r"industrial_sites\.txt:2") as error:
        read_sites(path)
    assert problem in str(error.value)


# -- what is no incident: context.toml `fake` and `conditional` ------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # `fake`: a warning about fake channels is no attack.
        "Осторожно: появились фейковые каналы областной администрации, которые пишут о "
        "новой атаке БПЛА. Доверяйте только официальным источникам.",
        # `conditional`: what a regime means.
        "Режим «Беспилотная опасность» вводится в тех случаях, когда в небе замечен БПЛА, "
        "который летит в сторону Татарстана.",
        # `conditional`: why mobile internet slows during every alert.
        "Перебои мобильного интернета связаны с режимом беспилотной опасности: так дронам "
        "труднее ориентироваться. Звонки на 112 проходят.",
    ],
)
def test_explanations_and_fakes_are_no_incident(detector: Detector, text: str) -> None:
    assert not detector.detect(post(text)).incident


def test_a_regime_declared_now_is_still_an_alert(detector: Detector) -> None:
    # The explanation's words do not hide a regime declared for a region.
    detection = detector.detect(post("В Чувашии введён режим беспилотной опасности. "
                                     "Возможны ограничения мобильного интернета."))
    assert detection.incident and list(detection.regions) == ["RU-CU"]


# -- a fire denied after it (mechanism: classify's negations) ---------------------------------


@pytest.mark.parametrize(
    ("text", "fire"),
    [
        ("Над Ярославлем подавлен беспилотник. Пострадавших и возгорания нет.", False),
        ("Над Ярославлем сбит беспилотник. Пострадавших нет, возгорания нет.", False),
        ("В Энгельсе после атаки дрона пожара не было.", False),
        # «без» before a casualty word does not deny the fire after it.
        ("Над Саратовом сбит беспилотник, обошлось без жертв, возгорание потушено.", True),
        # A fire still burning: «не» that is no «нет».
        ("В Энгельсе после атаки дрона пожар не удалось потушить до утра.", True),
    ],
)
def test_a_fire_denied_after_it_is_no_fire(detector: Detector, text: str, fire: bool) -> None:
    detection = detector.detect(post(text))
    assert detection.incident
    assert ("fire" in detection.types) is fire


# -- a town before «режим» (places.toml `not_after_adjective`) --------------------------------


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("В Ярославле режим беспилотной опасности.", "RU-YAR"),
        ("В Самаре режим «Ковёр», аэропорт не принимает рейсы.", "RU-SAM"),
    ],
)
def test_a_regime_declared_in_a_town_is_there(detector: Detector, text: str, region: str) -> None:
    detection = detector.detect(post(text))
    assert detection.incident and list(detection.regions) == [region]


# -- «режим закрытого неба» (the lexicon's alerts.toml `alert`) -------------------------------


def test_a_closed_sky_regime_is_an_alert_and_its_end_an_all_clear(detector: Detector) -> None:
    declared = detector.detect(post("В Твери введён режим закрытого неба", 1))
    assert declared.incident and "alert" in declared.types and list(declared.regions) == ["RU-TVE"]
    ended = detector.detect(post("Режим закрытого неба в Твери отменён", 2, minutes=50))
    assert ended.all_clear and not ended.incident and list(ended.regions) == ["RU-TVE"]
