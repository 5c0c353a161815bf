"""The hostile inputs that used to end in a traceback or lose a whole batch, each once: every
one now gets a one-line answer naming what is wrong, the good lines around it are kept, and
the exit status is the README's (1 bad input, 2 bad usage, config or setup)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from bot.cli import main
from bot.store import Store

GOOD = {"channel": "shot_shot", "date": "2026-03-01T01:00:00Z"}
TEXT = "В Белгороде прогремели взрывы, работает ПВО."


def line(**fields) -> str:
    return json.dumps({**GOOD, "text": TEXT, **fields}, ensure_ascii=False)


BAD_LINES = [
    line(id=2, channel="²"),
    '{"channel":"shot_shot","id":' + "9" * 5000 + ',"date":"2026-03-01T01:00:00Z","text":"x"}',
    line(id=3, views=int("9" * 60)),
    "[" * 100_000,
    line(id=2**63),
    line(id=5, date="0001-01-01T00:00:00Z"),
]


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err + out
    return code, out, err


def test_replay_keeps_every_good_line_of_a_batch_with_bad_ones(tmp_path, capsys):
    lines = [
        line(id=1),
        *BAD_LINES,
        line(id=6, text="В Белгороде снова взрывы\u2028работает ПВО"),  # raw U+2028 in text
        '{"channel":"shot_shot","id":7,"date":"2026-03-01T01:07:00Z","text":"lone \\ud800"}',
        line(id=8),
    ]
    source = tmp_path / "posts.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "t.db"
    code, _, err = run(capsys, "replay", source, "--db", db, "--quiet")
    assert code == 1
    named = [int(re.search(r"\.jsonl:(\d+):", e).group(1)) for e in err.strip().splitlines()]
    assert named == list(range(2, 2 + len(BAD_LINES)))  # each bad line, by number, one line
    store = Store(db)
    try:
        assert {r["message_id"] for r in store.db["posts"].rows} == {1, 6, 7, 8}
        assert store.post("shot_shot", 7).text == "lone \ufffd"
    finally:
        store.close()


def test_a_file_name_too_long_is_one_line(tmp_path, capsys):
    code, _, err = run(capsys, "classify", tmp_path / ("a" * 300 + ".jsonl"))
    assert code == 1 and "File name too long" in err and len(err.strip().splitlines()) == 1


def test_eval_names_every_bad_line_and_scores_the_good_ones(tmp_path, capsys):
    label = {"label": {"incident": True, "types": ["explosion", "air_defense"]}}
    lines = [
        json.dumps({**GOOD, "id": 1, "text": TEXT, **label}, ensure_ascii=False),
        "not json",
        json.dumps({**GOOD, "id": True, "text": TEXT, **label}),
        json.dumps({**GOOD, "id": 3, "text": ["a"], **label}),
        json.dumps(
            {**GOOD, "id": 4, "text": "Взрывы\u2028в Белгороде, ПВО", **label}, ensure_ascii=False
        ),
    ]
    path = tmp_path / "dev.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "eval", path, "--json")
    assert code == 1
    named = [re.search(r"\.jsonl:(\d+):", e).group(1) for e in err.strip().splitlines()]
    assert named == ["2", "3", "4"]
    assert json.loads(out)  # the two good lines are scored


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n", "nested too deeply"),
        ('[incidents]\ngap = "99999999999999999999w"\n', "incidents.gap"),
        ('[incidents]\ngap = "500000w"\n', "at most 3650d"),
        ('[review]\n"a\\nb" = 1\n', "review.a\\nb"),
        ('[poll]\nmin_interval = "123456:ABCdefGhIJKlmNoPQRsTUVwxyZabcdefghi"\n', "min_interval"),
        (
            '[review]\nchat = "1AQAOMTQ5LjE1NC4xNjcuNTEBu2ZfVJmLDh3ABCdefGhIJKlmNoPQRsTUVwxyZ"\n',
            "hidden",
        ),
        ('[poll]\nmin_interval = "0123456789abcdef0123456789abcdef"\n', "hidden"),
    ],
)
def test_bad_configs_fail_in_one_line_naming_file_and_key(tmp_path, capsys, content, expected):
    path = tmp_path / "tgradar.toml"
    path.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, "--config", path, "incidents")
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and str(path) in err and expected in err
    assert "ABCdefGhIJKlmNoPQRsTUVwxyZ" not in err and "0123456789abcdef0123" not in err


def test_an_api_id_in_another_script_is_refused(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TGRADAR_API_ID", "²")
    monkeypatch.setenv("TGRADAR_DATA", str(tmp_path))
    code, _, err = run(capsys, "run")
    assert code == 2 and "TGRADAR_API_ID" in err and "²" not in err


@pytest.mark.parametrize("case", ["garbage session file", "data dir is a file", "bad session"])
def test_run_refuses_a_broken_setup_in_one_line(tmp_path, capsys, monkeypatch, case):
    monkeypatch.setenv("TGRADAR_API_ID", "1")
    monkeypatch.setenv("TGRADAR_API_HASH", "0123456789abcdef0123456789abcdef")
    monkeypatch.setenv("TGRADAR_BOT_TOKEN", "123:abcdefabcdefabcdefabcdefabcdefabcde")
    monkeypatch.setenv("TGRADAR_HEALTH_PORT", "0")
    data = tmp_path / "data"
    if case == "data dir is a file":
        data.write_text("x")
    else:
        data.mkdir()
    if case == "garbage session file":
        (data / "tgradar.session").write_bytes(os.urandom(4096))
    if case == "bad session":
        monkeypatch.setenv("TGRADAR_SESSION", "1" + "A" * 30)
    monkeypatch.setenv("TGRADAR_DATA", str(data))
    code, _, err = run(capsys, "run")
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert Path(str(data)).name in err or "TGRADAR_SESSION" in err
