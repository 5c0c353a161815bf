"""Coverage of the villages file beyond the post offices: settlements of whole OKTMO volumes
and of the OKTMO extracts (tests/data/oktmo_settlements.tsv, 20 per region, half of the new
regions' samples with a namesake in another region) are there with their district, and a
village written with its district resolves to its own region."""

from __future__ import annotations

import importlib.util
import json
import re
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from bot.detect.normalize import normalize
from bot.detect.villages import VILLAGES_PATH, VillageStore

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "oktmo_settlements.tsv"
SAMPLES = [
    tuple(line.split("\t"))
    for line in DATA.read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
]
# Border and frequently attacked regions of the South, the Volga regions drones reach, and
# the regions of the OKTMO extracts: Crimea under its Russian names, Moscow oblast, Tula,
# Pskov, Tver, Smolensk, Vologda, Kaliningrad.
REGIONS = ("RU-ROS", "RU-KDA", "RU-VGG", "RU-AST", "RU-SAR", "RU-SAM", "RU-TA", "RU-BA",
           "RU-NIZ", "RU-PNZ", "RU-UD", "RU-CU", "RU-ORE", "RU-ULY", "RU-PER",
           "UA-43", "RU-MOS", "RU-TUL", "RU-PSK", "RU-TVE", "RU-SMO", "RU-VLG", "RU-KGD")


@pytest.fixture(scope="module")
def store() -> VillageStore:
    return VillageStore()



def test_every_region_has_twenty_settlements():
    counts = Counter(region for _name, _district, region in SAMPLES)
    assert {r: counts[r] for r in REGIONS} == dict.fromkeys(REGIONS, 20)


@pytest.mark.parametrize("sample", SAMPLES, ids=[f"{s[2]}:{s[0]}" for s in SAMPLES])
def test_the_settlement_is_there_with_its_district(store, sample):
    name, district, region = sample
    found = {(v.name, v.region, v.district) for v in store.lookup(normalize(name))}
    assert (name, region, district) in found, found


@pytest.mark.parametrize("sample", SAMPLES, ids=[f"{s[2]}:{s[0]}" for s in SAMPLES])
def test_the_settlement_with_its_district_resolves_to_its_region(gaz, sample):
    name, district, region = sample
    text = f"{name}, {district}: опасность атаки БПЛА"
    villages = [m for m in gaz.find(text) if m.place.kind == "settlement"]
    assert [(m.place.name, m.place.region) for m in villages[:1]] == [(name, region)], (
        text, [(m.place.region, m.evidence) for m in villages]
    )


@pytest.mark.parametrize(("text", "village", "region"), [
    # an okrug OKTMO names after its town ("городской округ Ступино"), written as the
    # channels write it
    ("Дубки (Ступинский округ) — опасность атаки БПЛА", "Дубки", "RU-MOS"),
    ("Халтурино, Орехово-Зуевский округ: сбит беспилотник", "Халтурино", "RU-MOS"),
    # Crimea under OKTMO's Russian names and districts, and "(Крым)" as the qualifier
    ("Красногвардейское (Крым) — взрывы, работает ПВО", "Красногвардейское", "UA-43"),
    ("Прилёт в селе Октябрьское Красногвардейского района", "Октябрьское", "UA-43"),
])
def test_a_village_of_the_extracts_resolves_to_its_region(gaz, text, village, region):
    villages = [m for m in gaz.find(text) if m.place.kind == "settlement"]
    assert [(m.surface, m.place.region) for m in villages[:1]] == [(village, region)], (
        text, [(m.place.region, m.evidence) for m in villages]
    )


def test_a_village_named_like_a_word_after_a_sentence_end_is_not_a_place(gaz):
    # Пожар is a village of Kirov oblast; "города." ends a sentence, it is not "г."
    assert VillageStore().lookup("пожар")
    text = "Калуга: беспилотник врезался в склад на окраине города. Пожар потушили за час."
    assert [(m.surface, m.place.region) for m in gaz.find(text)] == [("Калуга", "RU-KLU")]
    assert [m.place.region for m in gaz.find("Прилёт в г. Шахты")] == ["RU-ROS"]


def test_a_word_that_is_never_a_place_by_itself_is_no_village(gaz):
    # Город is a village of Ivano-Frankivsk oblast, and the word of every channel's footer
    assert not VillageStore().lookup("город")
    text = "Одесса | Город | Новости\nВ город привезли новые автобусы"
    assert [m.place.region for m in gaz.find(text)] == ["UA-51"]


def test_a_ukrainian_village_named_like_a_russian_word_needs_context(store, gaz):
    # Поле (Dnipropetrovsk oblast): an everyday Russian word, as channels write Ukrainian places too
    assert all(v.common for v in store.lookup("поле") if v.region == "UA-12")
    assert [m.place.region for m in gaz.find("Беспилотник упал в поле у трассы")] == []
    written = gaz.find("с. Поле, Днепропетровская обл: взрыв")
    assert "Поле" in [m.place.name for m in written]
    assert {m.place.region for m in written} == {"UA-12"}


def test_the_villages_file_was_built_from_the_pinned_inputs():
    """Every input pinned in the build script is recorded in the committed file, so the file
    is the one the script makes from those inputs."""
    script = (ROOT / "scripts" / "build_villages.py").read_text(encoding="utf-8")
    pinned = set(re.findall(r'"([0-9a-f]{64})"', script))
    db = sqlite3.connect(f"file:{VILLAGES_PATH}?mode=ro", uri=True)
    try:
        sources = json.loads(db.execute("SELECT value FROM meta WHERE key = 'sources'")
                             .fetchone()[0])
    finally:
        db.close()
    recorded = {value.split("sha256:")[1] for value in sources.values()}
    assert len(pinned) >= 13
    assert recorded == pinned


# -- reviewed Russian spellings of Ukrainian names (bot/data/uk_ru_names.txt) ---------------


def _uk_ru():
    spec = importlib.util.spec_from_file_location("uk_ru", ROOT / "scripts" / "uk_ru.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


UK_RU = _uk_ru()
REVIEWED = UK_RU.load_exceptions()


def test_the_reviewed_spellings_come_before_the_rules():
    assert UK_RU.russian_spellings("Вугледар", REVIEWED)[0] == "Угледар"
    assert UK_RU.russian_spellings("Піски") == ["Пески"]  # a root the rules now know
    assert UK_RU.russian_spellings("Михайлівка", REVIEWED) == ["Михайловка"]


def test_a_bad_line_in_the_reviewed_file_names_file_and_line(tmp_path: Path):
    path = tmp_path / "uk_ru_names.txt"
    path.write_text("# comment\nВугледар = Угледар\nОлешки Алешки\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"uk_ru_names.txt:3: expected"):
        UK_RU.load_exceptions(path)


@pytest.mark.parametrize("ukrainian", sorted(REVIEWED))
def test_a_reviewed_russian_spelling_finds_the_ukrainian_place(gaz, ukrainian):
    for russian in REVIEWED[ukrainian]:
        mentions = gaz.find(f"Прилёт в селе {russian}, есть разрушения")
        candidates = [c for m in mentions for c in m.candidates]
        assert any(c.startswith(f"{ukrainian} · UA-") for c in candidates), (russian, candidates)
