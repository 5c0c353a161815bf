"""The command line as a new operator meets it: --version, --config anywhere, help texts,
secrets read only where Telegram is needed, login without a terminal, replay's progress and
summary, and the incidents table at 80 columns."""

from __future__ import annotations

import io
import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from rich.console import Console

from bot.cli import COMMANDS, build_parser, main, sample_feed_path
from bot.detect import Detector
from bot.detect.cache import CACHE_ENV
from bot.pipeline import Pipeline
from bot.readers import read_all
from bot.sandbox import SANDBOX_API_HASH, SANDBOX_API_ID
from bot.store import Store
from bot.tables import incident_table
from bot.telegram.login import NO_TERMINAL

FEED = sample_feed_path()
ROOT = Path(__file__).resolve().parents[1]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def bot_command(*argv: str, env: dict | None = None, shell_tail: str = "", **kwargs):
    """`python -m bot ...` as a user runs it, with a clean environment plus `env`."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("TGRADAR_")}
    base[CACHE_ENV] = os.environ.get(CACHE_ENV, "")  # the test session's cache, not ~/.cache
    base.update(env or {})
    command = " ".join([sys.executable, "-m", "bot", *argv]) + shell_tail
    return subprocess.run(
        ["bash", "-c", command],
        env=base,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


@pytest.fixture
def night_db(tmp_path, capsys):
    db = tmp_path / "night.db"
    assert main(["replay", str(FEED), "--db", str(db), "--quiet"]) == 0
    capsys.readouterr()
    return db


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args(["--version"])
    assert exit_.value.code == 0
    assert re.fullmatch(r"tgradar \d+\.\d+\.\d+\S*\n", capsys.readouterr().out)


def test_config_after_the_command_is_the_same_as_before_it(tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text('[poll]\nmin_interval = "soon"\n', encoding="utf-8")
    for argv in (
        ["--config", str(path), "classify", str(FEED)],
        ["classify", "--config", str(path), str(FEED)],
    ):
        code, _, err = run(capsys, *argv)
        assert code == 2 and "bad.toml" in err and "poll.min_interval" in err


def test_doctor_exits_2_on_a_bad_config_given_after_the_command(tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text('[poll]\nmin_interval = "soon"\n', encoding="utf-8")
    code, out, _ = run(capsys, "doctor", "--config", str(path), "--offline")
    assert code == 2
    assert out.startswith("FAIL config") and "fix that line of" in out
    code, out, _ = run(capsys, "doctor", "--config", str(tmp_path / "missing.toml"))
    assert code == 2 and "config file not found" in out and "line" not in out


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_a_description(command, capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args([command, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    description = " ".join(COMMANDS[command][1].split())
    assert description.endswith(".") and description[:60] in text
    assert "--config FILE" in text


def test_the_command_list_is_not_cut_mid_sentence(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "keep the cards, answer subscribers" in text


def test_malformed_secrets_do_not_stop_commands_that_never_use_them(night_db, tmp_path):
    bad_id = {"TGRADAR_API_ID": "abc"}
    proc = bot_command("export", "--db", str(night_db), env=bad_id)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["type"] == "FeatureCollection"
    missing_file = {"TGRADAR_API_HASH_FILE": str(tmp_path / "missing")}
    proc = bot_command("incidents", "--db", str(night_db), env=missing_file)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() and json.loads(proc.stdout.splitlines()[0])["id"]


def test_commands_that_need_telegram_still_refuse_a_malformed_secret(tmp_path):
    env = {"TGRADAR_API_ID": "abc", "TGRADAR_DATA": str(tmp_path)}
    for command in ("run", "login"):
        proc = bot_command(command, env=env)
        assert proc.returncode == 2, proc.stderr
        assert "TGRADAR_API_ID" in proc.stderr and "Traceback" not in proc.stderr
    proc = bot_command("doctor", "--offline", env=env)
    assert proc.returncode == 2
    assert re.search(r"^FAIL secrets .*TGRADAR_API_ID", proc.stdout, re.MULTILINE)
    assert "fix that line" not in proc.stdout


def test_a_bad_session_string_says_how_to_make_one_once():
    from bot.config import ConfigError, load_settings

    with pytest.raises(ConfigError) as error:
        load_settings(None, {"TGRADAR_SESSION": "not-a-session"})
    message = str(error.value)
    assert "`tgradar login --string` prints one" in message
    assert message.count("tgradar login") == 1


def test_login_with_stdin_closed_says_it_needs_a_terminal(tmp_path):
    env = {
        "TGRADAR_API_ID": str(SANDBOX_API_ID),
        "TGRADAR_API_HASH": SANDBOX_API_HASH,
        "TGRADAR_DATA": str(tmp_path / "data"),
    }
    proc = bot_command("login", env=env, shell_tail=" <&-")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip() == NO_TERMINAL


def test_replay_progress_goes_to_stderr_and_stdout_stays_json(tmp_path):
    # stderr a terminal (where people watch), stdout redirected (where the data goes)
    leader, follower = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "bot", "replay", str(FEED), "--db", str(tmp_path / "a.db")],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=follower,
            text=True,
            timeout=120,
            env={**os.environ, "TERM": "xterm"},
        )
        os.close(follower)
        follower = -1
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        if follower != -1:
            os.close(follower)
        os.close(leader)
    assert proc.returncode == 0
    for line in proc.stdout.splitlines():
        json.loads(line)  # nothing but incident JSON on stdout
    assert b"replaying" in shown and b"new post(s)" in shown


def test_replay_into_an_existing_database_says_what_it_added(tmp_path, capsys):
    db = tmp_path / "night.db"
    code, _, err = run(capsys, "replay", str(FEED), "--db", str(db))
    assert code == 0
    posts = len(read_all(FEED)[0])
    assert f"{posts} new post(s)" in err and "(was 0)" in err
    code, out, err = run(capsys, "replay", str(FEED), "--db", str(db))
    assert code == 0 and out == ""
    assert f"0 new post(s), {posts} already stored" in err
    assert "0 incident(s) opened, 0 updated" in err
    code, _, err = run(capsys, "replay", str(FEED), "--db", str(db), "--quiet")
    assert err == ""


def test_the_incidents_table_fits_80_columns_and_cuts_nothing():
    store = Store()
    posts, _ = read_all(FEED)
    Pipeline(store, Detector()).ingest(posts)
    incidents = store.incidents()
    console = Console(width=80, record=True, file=io.StringIO())
    console.print(incident_table(incidents, ZoneInfo("Europe/Moscow"), width=80))
    text = console.export_text()
    assert all(len(line) <= 80 for line in text.splitlines())
    assert "…" not in text
    for incident in incidents:
        assert incident.id in text  # whole, not "RU-K…"
    flat = " ".join(text.replace("│", " ").split())
    assert "Krasnodar Krai" in flat and "all clear" in flat
    wide = Console(width=160, record=True, file=io.StringIO())
    wide.print(incident_table(incidents, ZoneInfo("Europe/Moscow"), width=160))
    assert "counts" in wide.export_text().splitlines()[2]  # a column per field when wide
