"""The tgradar command end to end, as a user runs it."""

import json
import subprocess
import sys

import pytest

from bot.cli import build_parser, main, sample_feed_path

FEED = sample_feed_path()


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def feed_lines():
    return [json.loads(line) for line in FEED.read_text(encoding="utf-8").splitlines() if line]


def test_classify_prints_one_detection_per_post_in_order(capsys):
    code, out, err = run(capsys, "classify", str(FEED))
    assert code == 0, err
    detections = [json.loads(line) for line in out.splitlines()]
    assert [(d["channel"], d["id"]) for d in detections] == [
        (p["channel"], p["id"]) for p in feed_lines()
    ]
    keys = {
        "channel",
        "id",
        "incident",
        "types",
        "regions",
        "places",
        "counts",
        "sources",
        "status",
        "all_clear",
        "lang",
    }
    assert all(keys <= d.keys() for d in detections)
    assert any(d["incident"] for d in detections) and any(d["all_clear"] for d in detections)


def test_classify_reads_stdin(tmp_path):
    post = {
        "channel": "kuban_alerts",
        "id": 5,
        "date": "2026-11-20T22:00:00Z",
        "text": "Ейск / Опасность по БПЛА.",
    }
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "classify", "-"],
        input=json.dumps(post, ensure_ascii=False) + "\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    [detection] = [json.loads(line) for line in proc.stdout.splitlines()]
    assert detection["incident"] is True
    assert detection["regions"] == ["RU-KDA"]
    assert {"alert", "drone"} <= set(detection["types"])


def test_a_malformed_line_is_named_and_the_rest_still_runs(tmp_path, capsys):
    good = feed_lines()[:3]
    path = tmp_path / "posts.jsonl"
    lines = [
        json.dumps(good[0], ensure_ascii=False),
        "{not json",
        json.dumps(good[1], ensure_ascii=False),
        json.dumps(good[2], ensure_ascii=False),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "classify", str(path))
    assert code == 1
    assert f"{path}:2" in err
    assert "Traceback" not in err
    assert len(out.splitlines()) == 3


def test_not_an_export_is_one_clear_sentence(tmp_path, capsys):
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"hello": "world", "items": [1, 2]}), encoding="utf-8")
    code, out, err = run(capsys, "replay", str(path))
    assert code == 1
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and "other.json" in err


def test_missing_file(capsys):
    code, _, err = run(capsys, "classify", "/no/such/file.jsonl")
    assert code == 1 and "/no/such/file.jsonl" in err


def test_odd_posts_never_raise(tmp_path, capsys):
    texts = [
        "",
        "\u200f\u200eВзрыв\u200b в Белгороде\u2066 🔥🔥",
        "🚀" * 500,
        ("Жители Курска слышат взрывы. " * 4000)[:100_000],
        "Mixed скрипт Київ 🇺🇦 ‏بالعربية Харків",
        "\x00\x01 control \ufeff chars",
    ]
    path = tmp_path / "odd.jsonl"
    path.write_text(
        "\n".join(
            json.dumps(
                {"channel": "odd_channel", "id": i + 1, "date": "2026-11-21T00:00:00Z", "text": t},
                ensure_ascii=False,
            )
            for i, t in enumerate(texts)
        )
        + "\n"
        + json.dumps(
            {"channel": "odd_channel", "id": 99, "date": "2026-11-21T00:00:00Z", "media": "photo"}
        )
        + "\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "classify", str(path))
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0, err
    assert len(lines) == len(texts) + 1
    assert lines[0]["incident"] is False
    assert lines[3]["incident"] is True and lines[3]["regions"] == ["RU-KRS"]
    code, out, err = run(capsys, "replay", str(path))
    assert code == 0, err


def test_replay_prints_incident_json_and_a_table(tmp_path, capsys):
    db = tmp_path / "replay.db"
    code, out, err = run(capsys, "replay", str(FEED), "--db", str(db))
    assert code == 0, err
    incidents = [json.loads(line) for line in out.splitlines()]
    assert incidents
    keys = {
        "id",
        "region",
        "types",
        "places",
        "first_seen",
        "last_seen",
        "posts",
        "sources",
        "counts",
        "status",
        "review",
    }
    assert all(keys <= i.keys() for i in incidents)
    assert "RU-KDA" in {i["region"] for i in incidents}
    assert db.exists()

    code, out, err = run(capsys, "replay", str(FEED), "--pretty")
    assert code == 0, err
    assert "RU-KDA" in out and "Krasnodar" in out


@pytest.mark.parametrize("order", ["newest first", "channel by channel"])
def test_replay_makes_the_same_incidents_whatever_order_the_file_is_in(
    tmp_path, capsys, monkeypatch, order
):
    # Batches smaller than the feed, as a dump of many thousand posts is for the real size.
    import bot.cli

    monkeypatch.setattr(bot.cli, "REPLAY_BATCH", 7)
    lines = FEED.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line]
    if order == "newest first":
        shuffled = lines[::-1]
    else:
        by_channel = sorted(range(len(records)), key=lambda i: records[i]["channel"])
        shuffled = [lines[i] for i in by_channel]
    assert shuffled != lines
    path = tmp_path / "shuffled.jsonl"
    path.write_text("\n".join(shuffled) + "\n", encoding="utf-8")

    def incidents(source) -> list[dict]:
        db = tmp_path / f"{source.stem}.db"
        code, out, err = run(capsys, "replay", str(source), "--db", str(db))
        assert code == 0, err
        return sorted((json.loads(line) for line in out.splitlines()), key=lambda i: i["id"])

    expected = incidents(FEED)
    assert len(expected) > 5
    assert incidents(path) == expected


def test_replay_to_an_unwritable_database_is_a_clear_error(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run(capsys, "replay", str(FEED), "--db", str(blocker / "t.db"))
    assert code == 1
    assert "cannot open database" in err and "Traceback" not in err


def test_doctor_masks_secrets(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TGRADAR_API_HASH", "0123456789abcdef0123456789abcdef")
    monkeypatch.setenv("TGRADAR_DATA", str(tmp_path))
    code, out, err = run(capsys, "doctor", "--offline")
    assert "0123456789abcdef" not in out + err
    assert '"TGRADAR_API_HASH": "***"' in out
    lines = out.splitlines()
    assert any(line.startswith("OK") and "database" in line for line in lines)
    assert any(line.startswith("FAIL") and "TGRADAR_API_ID" in line for line in lines)
    assert code == 1  # the missing secrets fail the pre-flight


def test_bad_config_names_file_key_and_value(tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text('[poll]\nmin_interval = "soon"\n', encoding="utf-8")
    code, _, err = run(capsys, "--config", str(path), "replay", str(FEED))
    assert code == 2
    assert "bad.toml" in err and "poll.min_interval" in err and "soon" in err
    assert len(err.strip().splitlines()) == 1


def test_eval_prints_scores(capsys):
    from pathlib import Path

    devset = Path(__file__).parent / "data" / "devset.jsonl"
    code, out, err = run(capsys, "eval", str(devset), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["examples"] == len(devset.read_text(encoding="utf-8").splitlines())
    for measure in ("incident", "region", "type"):
        for lang in ("all", "ru", "uk", "en"):
            assert 0.0 <= report["scores"][measure][lang]["f1"] <= 1.0
    code, out, err = run(capsys, "eval", str(devset))
    assert "incident" in out and "F1" in out


def labelled(channel, post_id, text, lang, kind, types=(), regions=()):
    incident = kind in {"alert_line", "news", "official", "wire"}
    return {
        "channel": channel,
        "id": post_id,
        "date": f"2026-11-20T22:{post_id:02d}:00Z",
        "text": text,
        "lang": lang,
        "label": {
            "incident": incident,
            "types": list(types),
            "regions": list(regions),
            "all_clear": kind == "all_clear",
            "kind": kind,
        },
    }


# A post labelled against what it says: an error whose text must never be shown in a table.
SECRET = "Рыльск — опасность по БПЛА, в укрытие"


@pytest.fixture
def two_sets(tmp_path):
    first = tmp_path / "first.jsonl"
    second = tmp_path / "second.jsonl"
    rows = {
        first: [
            labelled("kursk_eval_test", 1, "Курск / Опасность по БПЛА.", "ru", "alert_line",
                     ["alert", "drone"], ["RU-KRS"]),
            labelled("kursk_eval_test", 2, SECRET, "ru", "neg_other"),
            labelled("kharkiv_eval_test", 3, "Харків — вибухи", "uk", "alert_line",
                     ["explosion"], ["UA-63"]),
        ],
        second: [
            labelled("belgorod_eval_test", 4, "Шебекино — обстрел, повреждены два дома", "ru",
                     "alert_line", ["strike", "damage"], ["RU-BEL"]),
            labelled("belgorod_eval_test", 5, "Сбор на тепловизор, ссылка в закрепе", "ru",
                     "neg_donation"),
        ],
    }
    for path, lines in rows.items():
        path.write_text(
            "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in lines), encoding="utf-8"
        )
    return first, second


def test_eval_of_one_file_lists_the_posts_it_got_wrong(two_sets, capsys):
    first, _ = two_sets
    code, out, err = run(capsys, "eval", str(first))
    assert code == 0, err
    assert out.startswith("Examples: 3") and "Errors (" in out and SECRET in out
    code, out, err = run(capsys, "eval", str(first), "--json")
    report = json.loads(out)
    assert report["examples"] == 3 and any(e["text"] == SECRET for e in report["errors"])


def test_eval_never_shows_a_held_out_sets_posts_even_alone(two_sets, capsys):
    first, _ = two_sets
    held_out = first.with_name("heldout_first.jsonl")
    held_out.write_bytes(first.read_bytes())
    _, shown, _ = run(capsys, "eval", str(first), "--json")
    scores = json.loads(shown)["scores"]
    for args in ([str(held_out)], [str(held_out), "--json"], [str(first), "--scores-only"]):
        code, out, err = run(capsys, "eval", *args)
        assert code == 0, err
        assert SECRET not in out + err and "Errors" not in out and '"errors"' not in out
        if "--json" in args:
            assert json.loads(out) == {str(held_out): {"scores": scores}}
        else:
            header, row, _note = out.strip().splitlines()
            assert header.split()[:2] == ["file", "posts"] and row.split()[1] == "3"


def test_eval_of_several_files_prints_a_row_each_and_no_posts(two_sets, capsys):
    first, second = two_sets
    single = {}
    for path in two_sets:
        _, out, _ = run(capsys, "eval", str(path), "--json")
        single[str(path)] = json.loads(out)
    code, out, err = run(capsys, "eval", str(first), str(second))
    assert code == 0, err
    assert SECRET not in out + err and "Errors" not in out
    header, *rows, note = out.strip().splitlines()
    assert header.split() == [
        "file", "posts", "P", "R", "F1", "region", "type", "ru", "F1", "uk", "F1"
    ]
    assert "incident" in note
    assert [row.split()[0] for row in rows] == [str(first), str(second)]
    for row in rows:
        name, posts, *numbers = row.split()
        scores = single[name]["scores"]
        assert int(posts) == single[name]["examples"]
        expected = [
            scores["incident"]["all"]["precision"],
            scores["incident"]["all"]["recall"],
            scores["incident"]["all"]["f1"],
            scores["region"]["all"]["f1"],
            scores["type"]["all"]["f1"],
            scores["incident"]["ru"]["f1"],
        ]
        assert [float(n) for n in numbers[:6]] == pytest.approx(expected, abs=0.0006)
        if "uk" in scores["incident"]:
            assert float(numbers[6]) == pytest.approx(scores["incident"]["uk"]["f1"], abs=0.0006)
        else:
            assert numbers[6] == "-"
    # the mislabelled post costs the first file precision; the second is scored on its own
    assert float(rows[0].split()[2]) < 1.0


def test_eval_of_several_files_as_json_gives_each_files_scores_only(two_sets, capsys):
    first, second = two_sets
    code, out, err = run(capsys, "eval", str(first), str(second), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert list(report) == [str(first), str(second)]
    assert SECRET not in out
    for path in two_sets:
        assert set(report[str(path)]) == {"scores"}
        _, alone, _ = run(capsys, "eval", str(path), "--json")
        assert report[str(path)]["scores"] == json.loads(alone)["scores"]


def test_eval_of_several_files_names_a_bad_one_and_scores_the_rest(two_sets, tmp_path):
    first, second = two_sets
    broken = tmp_path / "broken.jsonl"
    broken.write_text(second.read_text(encoding="utf-8") + "{not json\n", encoding="utf-8")
    missing = tmp_path / "missing.jsonl"
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "eval", str(first), str(missing), str(broken)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 1
    assert "missing.jsonl" in proc.stderr and "broken.jsonl:3" in proc.stderr
    assert "Traceback" not in proc.stderr
    rows = proc.stdout.strip().splitlines()[1:-1]
    assert [(row.split()[0], row.split()[1]) for row in rows] == [
        (str(first), "3"),
        (str(broken), "2"),
    ]
    assert SECRET not in proc.stdout + proc.stderr


@pytest.mark.parametrize(
    "command",
    [
        "run",
        "login",
        "classify",
        "replay",
        "demo",
        "eval",
        "incidents",
        "export",
        "feedback",
        "doctor",
        None,
    ],
)
def test_help_everywhere(command, capsys):
    argv = [command, "--help"] if command else ["--help"]
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args(argv)
    assert exit_.value.code == 0
    assert "usage: tgradar" in capsys.readouterr().out


def test_python_dash_m_bot_runs():
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "--help"], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0 and "classify" in proc.stdout


@pytest.fixture
def replayed_db(tmp_path, capsys):
    db = tmp_path / "night.db"
    assert main(["replay", str(FEED), "--db", str(db), "--quiet"]) == 0
    capsys.readouterr()
    return db


def test_incidents_filters_by_region_name_and_time(replayed_db, capsys):
    code, out, err = run(capsys, "incidents", "--db", str(replayed_db), "--json")
    assert code == 0, err
    everything = [json.loads(line) for line in out.splitlines()]
    code, out, _ = run(
        capsys, "incidents", "--db", str(replayed_db), "--region", "Краснодарский край"
    )
    kuban = [json.loads(line) for line in out.splitlines()]
    assert kuban and {i["region"] for i in kuban} == {"RU-KDA"}
    assert len(kuban) < len(everything)
    code, out, _ = run(
        capsys, "incidents", "--db", str(replayed_db), "--since", "2026-11-21T05:00:00Z"
    )
    late = [json.loads(line) for line in out.splitlines()]
    assert 0 < len(late) < len(everything)
    assert all(i["last_seen"] >= "2026-11-21T05:00:00Z" for i in late)
    code, _, err = run(capsys, "incidents", "--db", str(replayed_db), "--since", "yesterday-ish")
    assert code == 1 and "--since" in err


def test_export_geojson_and_csv(replayed_db, capsys, tmp_path):
    code, out, err = run(capsys, "export", "--db", str(replayed_db), "--format", "geojson")
    assert code == 0, err
    collection = json.loads(out)
    assert collection["type"] == "FeatureCollection" and collection["features"]
    code, out, _ = run(capsys, "incidents", "--db", str(replayed_db), "--json")
    incidents = {json.loads(line)["id"] for line in out.splitlines()}
    # One Feature per incident, with the incident's id as the Feature's id.
    assert {f["id"] for f in collection["features"]} == incidents
    assert len(collection["features"]) == len(incidents)
    for feature in collection["features"]:
        geometry = feature["geometry"]
        points = (
            [geometry["coordinates"]] if geometry["type"] == "Point" else geometry["coordinates"]
        )
        assert geometry["type"] in ("Point", "MultiPoint")
        for lon, lat in points:
            assert 20 < lon < 180 and 40 < lat < 80  # Russia and Ukraine
        properties = feature["properties"]
        if properties["closed_at"]:
            assert properties["closed_at"] >= properties["last_seen"]
        if geometry["type"] == "MultiPoint":
            assert len(properties["places"]) == len(points)
    kuban = [f for f in collection["features"] if f["properties"]["region"] == "RU-KDA"]
    names = {p["name"] for f in kuban for p in f["properties"]["places"]}
    assert "Анапа" in names and kuban[0]["properties"]["located_by"] == "settlement"
    bryansk = [f for f in collection["features"] if f["properties"]["region"] == "RU-BRY"]
    assert bryansk  # no settlement named: placed at the region's centre

    target = tmp_path / "incidents.csv"
    code, _, err = run(
        capsys, "export", "--db", str(replayed_db), "--format", "csv", "-o", str(target)
    )
    assert code == 0, err
    import csv

    assert target.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads Cyrillic
    rows = list(csv.DictReader(target.open(encoding="utf-8-sig")))
    assert len(rows) == sum(max(1, len(f["properties"]["places"])) for f in collection["features"])
    assert {"incident_id", "lat", "lon", "region", "types", "closed_at"} <= rows[0].keys()


def test_map_draws_the_night_to_a_png(replayed_db, capsys, tmp_path):
    from PIL import Image

    target = tmp_path / "night.png"
    code, _, err = run(
        capsys, "map", "--db", str(replayed_db), "--since", "2026-11-20T00:00Z", "-o", str(target)
    )
    assert code == 0, err
    assert "incident(s) in" in err
    image = Image.open(target)
    assert image.format == "PNG" and image.size[0] >= 1000
    code, _, err = run(capsys, "map", "--db", str(replayed_db), "--since", "soon", "-o", "x.png")
    assert code == 1 and "--since" in err


def test_feedback_without_false_alarms_and_without_a_database(replayed_db, capsys, tmp_path):
    code, out, _ = run(capsys, "feedback", "--db", str(replayed_db))
    assert code == 0 and "No false alarms" in out
    code, _, err = run(capsys, "feedback", "--db", str(tmp_path / "none.db"))
    assert code == 1 and "no database" in err
