"""Fuzzing with hypothesis, on a fixed budget (derandomized, so CI runs the same cases):
readers, config, durations, subscriber command arguments and review button data never end in
a traceback; bad input is named and the good lines around it are kept."""

from __future__ import annotations

import json
import string
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.cards import callback_data, parse_callback
from bot.cli import main
from bot.config import ConfigError, Settings, load_settings
from bot.durations import MAX_DURATION, parse_duration
from bot.readers import ReadError, read_posts
from bot.subscriptions import (
    ArgumentError,
    error_text,
    parse_mode,
    parse_mute,
    parse_quiet,
    parse_switch,
    parse_types,
)
from tests.strict_html import html_problems

BUDGET = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
NOW = datetime(2026, 3, 1, 1, 0, tzinfo=UTC)

# Text that likes to break things: controls, line separators, surrogates, markup, digits of
# other scripts, huge numbers.
NASTY = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "²",
            "\u2028",
            "\ud800",
            "<a href='https://e.x/'>y</a>",
            "<",
            "&",
            "9" * 30,
            "-1",
            "1e999",
            "0001-01-01T00:00:00Z",
            "[" * 200,
            "{}",
            "null",
            "\x00",
        ]
    ),
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | NASTY,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
GOOD_TEXT = "В Белгороде прогремели взрывы, работает ПВО."


def good_line(i: int) -> str:
    return json.dumps(
        {"channel": "shot_shot", "id": 1000 + i, "date": "2026-03-01T01:00:00Z", "text": GOOD_TEXT},
        ensure_ascii=False,
    )


BAD_RECORDS = st.one_of(
    NASTY.filter(lambda t: "\n" not in t and "\r" not in t and t.strip() not in ("", "{}")),
    st.builds(
        lambda fields: json.dumps({**{"channel": "shot_shot", "id": 5, "text": "x"}, **fields}),
        st.dictionaries(
            st.sampled_from(["channel", "id", "date", "text", "views", "url", "forwarded_from"]),
            JSON_VALUES,
            min_size=1,
            max_size=3,
        ),
    ),
)


@BUDGET
@given(bad=st.lists(BAD_RECORDS, min_size=1, max_size=5), where=st.integers(0, 5))
def test_readers_keep_every_good_line_and_name_the_bad_ones(tmp_path: Path, bad, where):
    good = [good_line(i) for i in range(5)]
    lines = good[:where] + bad + good[where:]
    path = tmp_path / "posts.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    items = list(read_posts(path))
    posts = [p for p in items if not isinstance(p, ReadError)]
    errors = [e for e in items if isinstance(e, ReadError)]
    assert {p.id for p in posts} >= {1000 + i for i in range(5)}  # no good line lost
    for error in errors:
        assert error.line is not None and where < error.line <= where + len(bad)
        assert "\n" not in str(error)
    for post in posts:  # whatever was accepted can be stored as UTF-8
        post.text.encode("utf-8")
        assert 0 < post.id < 2**63 and 1970 <= post.date.year <= 2106


@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(bad=st.lists(BAD_RECORDS, min_size=1, max_size=3))
def test_replay_exits_1_keeps_the_good_posts_and_prints_no_traceback(tmp_path, capsys, bad):
    lines = [good_line(0), *bad, good_line(1)]
    source = tmp_path / "posts.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    db = tmp_path / "replay.db"
    db.unlink(missing_ok=True)
    code = main(["replay", str(source), "--db", str(db), "--quiet"])
    _, err = capsys.readouterr()
    assert code in (0, 1) and "Traceback" not in err
    from bot.store import Store

    store = Store(db)
    try:
        assert store.has_post("shot_shot", 1000) and store.has_post("shot_shot", 1001)
    finally:
        store.close()


TOML_PIECES = st.sampled_from(
    [
        "[poll]\n",
        "[incidents]\n",
        "[review]\n",
        "[channels]\n",
        "gap = ",
        "min_interval = ",
        "chat = ",
        "watch = ",
        "reviewers = ",
        '"3h"\n',
        '"99999999999999999999w"\n',
        "1e400\n",
        "-5\n",
        '["a", 1]\n',
        "{a = {b = {c = 1}}}\n",
        '"a\\nb" = 1\n',
        '"123456:ABCdefGhIJKlmNoPQRsTUVwxyZabcdefghi"\n',
        "= \n",
        "[[x]]\n",
        "\ud800",
        "\u2028",
    ]
)


@BUDGET
@given(pieces=st.lists(st.one_of(TOML_PIECES, st.text(max_size=20)), max_size=12))
def test_any_config_file_loads_or_fails_in_one_line_naming_the_file(tmp_path: Path, pieces):
    path = tmp_path / "tgradar.toml"
    path.write_bytes("".join(pieces).encode("utf-8", "surrogatepass"))
    try:
        settings_ = load_settings(path, env={})
    except ConfigError as exc:
        message = str(exc)
        assert str(path) in message and "\n" not in message and "\u2028" not in message
        assert "ABCdefGhIJKlmNoPQRsTUVwxyZ" not in message  # a pasted secret is not echoed
    else:
        assert isinstance(settings_, Settings)


@BUDGET
@given(value=NASTY, variable=st.sampled_from(["TGRADAR_API_ID", "TGRADAR_SESSION"]))
def test_any_secret_in_the_environment_loads_or_is_refused_without_showing_it(value, variable):
    if "\x00" in value:
        return  # the environment cannot hold NUL
    try:
        load_settings(None, env={variable: value})
    except ConfigError as exc:
        assert "\n" not in str(exc)
        if len(value.strip()) > 3:
            assert value.strip() not in str(exc)


@BUDGET
@given(
    text=st.one_of(
        NASTY,
        st.from_regex(r"\A[0-9]{1,40}(\.[0-9]{1,5})?\s?[smhdw]([0-9]{1,30}[smhdw])?\Z"),
    )
)
def test_durations_parse_within_bounds_or_say_why(text):
    try:
        value = parse_duration(text)
    except ValueError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert timedelta(0) <= value <= MAX_DURATION
        NOW + value  # date arithmetic with any accepted duration works


ARGUMENT = st.one_of(
    NASTY,
    st.text(alphabet=string.printable + "абвгд²٣<>&\"'", max_size=80),
    st.from_regex(r"\A[0-9]{1,30}\s?(h|m|d|ч|мин|дня)\Z"),
)


@BUDGET
@given(argument=ARGUMENT, lang=st.sampled_from(["ru", "uk", "en"]))  # what user_language gives
def test_command_arguments_parse_or_answer_in_strict_html(argument, lang):
    for command, parse in (
        ("mode", parse_mode),
        ("mute", lambda t: parse_mute(t, NOW)),
        ("quiet", parse_quiet),
        ("digest", parse_switch),
        ("types", parse_types),
    ):
        try:
            parse(argument)
        except ArgumentError as exc:
            answer = error_text(lang, exc, command)
            assert html_problems(answer) == [], (command, argument, answer)


SECRET = b"per-install secret for the fuzz test"


@BUDGET
@given(data=st.one_of(st.binary(max_size=80), st.text(max_size=64).map(str.encode)))
def test_callback_data_that_was_not_signed_here_never_parses(data):
    parsed = parse_callback(data, SECRET)
    if parsed is not None:  # only data this install made (a hypothesis miracle otherwise)
        assert callback_data(parsed[0], parsed[1], SECRET) == data
    parse_callback(data)  # unsigned parsing never raises either


@BUDGET
@given(
    action=st.sampled_from(["confirm", "dismiss", "false_alarm", "reopen"]),
    incident_id=st.from_regex(r"\A(RU|UA)-[A-Z0-9]{2,3}-2026[0-9]{4}T[0-9]{4}(-[0-9])?\Z"),
)
def test_signed_callback_data_round_trips_and_fits(action, incident_id):
    data = callback_data(action, incident_id, SECRET)
    assert len(data) <= 64
    assert parse_callback(data, SECRET) == (action, incident_id)
    assert parse_callback(data, b"another install") is None
