"""Ukrainian spellings of Russian towns (scripts/ru_uk.py and the reviewed
bot/data/ru_uk_names.txt), as the gazetteer build gives them: Ukrainian news name Russian
towns in Ukrainian («вибухи в Ліпецьку», «атака на Новоросійськ»)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def _ru_uk():
    spec = importlib.util.spec_from_file_location("ru_uk", SCRIPTS / "ru_uk.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


RU_UK = _ru_uk()
REVIEWED = RU_UK.load_exceptions()



@pytest.mark.parametrize(
    ("russian", "ukrainian"),
    [
        ("Новороссийск", "Новоросійськ"),  # сс, и → і, ск → ськ
        ("Рыльск", "Рильськ"),  # ы → и
        ("Ейск", "Єйськ"),  # е at the start → є
        ("Клинцы", "Клінци"),  # a plural keeps its final и
        ("Старый Оскол", "Старий Оскол"),  # an adjective keeps -ий
    ],
)
def test_the_rules(russian, ukrainian):
    assert RU_UK.ukrainian_spellings(russian)[0] == ukrainian


def test_a_kept_и_is_a_second_spelling_and_the_reviewed_ones_come_first():
    assert RU_UK.ukrainian_spellings("Новошахтинск") == ["Новошахтінськ", "Новошахтинськ"]
    assert RU_UK.ukrainian_spellings("Новозыбков", REVIEWED)[0] == "Новозибків"


def test_a_bad_line_in_the_reviewed_file_names_file_and_line(tmp_path: Path):
    path = tmp_path / "ru_uk_names.txt"
    path.write_text("# comment\nОрёл = Орел\nШебекино Шебекине\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"ru_uk_names.txt:3: expected"):
        RU_UK.load_exceptions(path)


@pytest.mark.parametrize("russian", sorted(REVIEWED))
def test_a_reviewed_ukrainian_spelling_finds_the_russian_town(gaz, russian):
    for ukrainian in REVIEWED[russian]:
        mentions = gaz.find(f"Вибухи у місті {ukrainian}, працює ППО")
        assert [m.place.region[:3] for m in mentions] == ["RU-"], (ukrainian, mentions)


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("У Новоросійську оголосили ракетну небезпеку", "RU-KDA"),
        ("Вибухи в Ліпецьку, горить завод", "RU-LIP"),
        ("Рильськ — обстріл", "RU-KRS"),
        ("Трубчевськ: дрони атакували підстанцію", "RU-BRY"),
    ],
)
def test_ukrainian_news_about_russian_towns(gaz, text, region):
    assert [m.place.region for m in gaz.find(text)] == [region]
