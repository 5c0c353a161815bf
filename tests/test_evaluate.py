import json
from pathlib import Path

import pytest

from bot.evaluate import DevSetError, evaluate, read_devset
from bot.models import Detection


def detection(i: int, incident: bool, types=(), regions=(), lang="ru", all_clear=False):
    return Detection(
        channel="c",
        id=i,
        incident=incident,
        types=tuple(types),
        regions=tuple(regions),
        lang=lang,
        all_clear=all_clear,
    )


def label(incident: bool, types=(), regions=(), lang="ru", all_clear=False) -> dict:
    return {
        "incident": incident,
        "types": list(types),
        "regions": list(regions),
        "all_clear": all_clear,
        "lang": lang,
        "kind": "x",
    }


def test_perfect_detections_score_one() -> None:
    examples = [
        (label(True, ["drone"], ["RU-KDA"]), detection(1, True, ["drone"], ["RU-KDA"])),
        (label(False, lang="uk"), detection(2, False, lang="uk")),
    ]
    report = evaluate(examples)
    for measure in ("incident", "region", "type"):
        assert report.f1(measure) == 1.0
    assert report.errors == []


def test_micro_scores_count_each_region_and_type() -> None:
    examples = [
        # one region right, one missed; one type right, one extra
        (
            label(True, ["drone"], ["RU-BRY", "RU-KLU"]),
            detection(1, True, ["drone", "explosion"], ["RU-BRY"]),
        ),
        # a false incident with a wrong region
        (label(False, lang="en"), detection(2, True, ["strike"], ["RU-MOW"], lang="en")),
    ]
    report = evaluate(examples)
    region = report.score("region")
    assert (region.tp, region.fp, region.fn) == (1, 1, 1)
    types = report.score("type")
    assert (types.tp, types.fp, types.fn) == (1, 2, 0)
    incident = report.score("incident")
    assert (incident.tp, incident.fp, incident.fn) == (1, 1, 0)
    assert incident.precision == 0.5 and incident.recall == 1.0
    assert report.score("incident", "en").fp == 1
    assert report.score("incident", "ru").fp == 0
    fields = sorted(e.field for e in report.errors)
    assert fields == ["incident", "regions", "regions", "types", "types"]


def test_all_clear_mistakes_are_listed() -> None:
    report = evaluate([(label(False, all_clear=True), detection(1, False))])
    assert [e.field for e in report.errors] == ["all_clear"]
    assert report.all_clear.recall == 0.0


def test_report_renders_as_text_and_json() -> None:
    report = evaluate(
        [
            (
                label(True, ["fire"], ["UA-51"], lang="uk"),
                detection(1, True, ["fire"], ["UA-51"], lang="uk"),
            )
        ]
    )
    text = report.to_text()
    assert "incident" in text and "uk" in text
    data = report.to_json()
    json.dumps(data)
    assert data["scores"]["incident"]["uk"]["f1"] == 1.0
    assert data["examples"] == 1


def test_bad_devset_lines_name_the_line(tmp_path: Path) -> None:
    good = {
        "channel": "a",
        "id": 1,
        "date": "2026-11-20T20:00:00Z",
        "text": "x",
        "lang": "ru",
        "label": {"incident": False},
    }
    path = tmp_path / "dev.jsonl"
    path.write_text(json.dumps(good) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(DevSetError, match=r"dev.jsonl:2"):
        read_devset(path)
    path.write_text(json.dumps({**good, "date": "yesterday"}) + "\n", encoding="utf-8")
    with pytest.raises(DevSetError, match=r"dev.jsonl:1: bad id or date"):
        read_devset(path)
    path.write_text(
        json.dumps({k: v for k, v in good.items() if k != "label"}) + "\n", encoding="utf-8"
    )
    with pytest.raises(DevSetError, match="label"):
        read_devset(path)
    with pytest.raises(DevSetError, match="cannot read"):
        read_devset(tmp_path / "missing.jsonl")


def test_devset_lines_become_posts_and_labels(tmp_path: Path) -> None:
    line = {
        "channel": "@Shot_Shot",
        "id": "7",
        "date": "2026-11-20T20:00:00+03:00",
        "text": "Взрывы в Анапе",
        "lang": "ru",
        "label": {"incident": True, "types": ["explosion"], "regions": ["RU-KDA"]},
    }
    path = tmp_path / "dev.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n\n", encoding="utf-8")
    [(post, lab)] = read_devset(path)
    assert post.channel == "shot_shot" and post.id == 7 and post.date.hour == 17
    assert lab["lang"] == "ru" and lab["text"] == "Взрывы в Анапе" and lab["incident"] is True


def test_a_labelled_post_keeps_the_post_it_replies_to() -> None:
    """`eval` reads a follow-up with its reply, as `classify` and the daemon do."""
    from bot.evaluate import post_from_json

    row = {"channel": "c", "id": 5, "date": "2026-11-20T21:00:00Z", "text": "Ещё один",
           "reply_to": 3}
    assert post_from_json(row).reply_to == 3
    assert post_from_json({**row, "reply_to": "x"}).reply_to is None
