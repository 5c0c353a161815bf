"""Settings: TOML file + environment, validation errors, secrets, and durations."""

from __future__ import annotations

import json
import re
import tomllib
from datetime import timedelta
from pathlib import Path

import pytest

from bot.config import (
    _SCHEMA,
    ConfigError,
    Settings,
    load_settings,
    normalize_channel,
    resolve_region,
)
from bot.durations import format_duration, parse_duration

EXAMPLE = Path(__file__).parent.parent / "config" / "tgradar.example.toml"
API_HASH = "0123456789abcdef0123456789abcdef"
BOT_TOKEN = "7000000001:AAH-fakeTokenForTests_0123456789ab"
SESSION = "1" + "A" * 352


def _load(tmp_path: Path, text: str, env: dict[str, str] | None = None) -> Settings:
    path = tmp_path / "tgradar.toml"
    path.write_text(text, encoding="utf-8")
    return load_settings(path, env or {})


def _error(tmp_path: Path, text: str, env: dict[str, str] | None = None) -> str:
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, text, env)
    message = str(caught.value)
    assert "\n" not in message
    return message


# --------------------------------------------------------------------------- defaults


def test_no_file_and_no_env_gives_the_embedded_defaults() -> None:
    settings = load_settings(None, {})
    assert settings.source is None
    assert settings.data_dir == Path("data")
    assert settings.storage.database == Path("data/tgradar.db")
    assert settings.channels.watch == ()
    assert settings.regions.all and settings.regions.covers("UA-43")
    assert settings.poll.min_interval == timedelta(seconds=30)
    assert settings.poll.max_interval == timedelta(minutes=10)
    assert settings.poll.edit_window == timedelta(hours=48)
    assert settings.poll.backfill_window == timedelta(hours=24)
    assert settings.incidents.gap == timedelta(hours=3)
    assert settings.delivery.mode == "fast"
    assert settings.review.tz.key == "Europe/Moscow"
    assert settings.secrets.api_id is None
    assert settings.user_session_path == Path("data/tgradar.session")


def test_data_dir_from_env_moves_the_default_database(tmp_path: Path) -> None:
    settings = load_settings(None, {"TGRADAR_DATA": str(tmp_path / "state")})
    assert settings.data_dir == tmp_path / "state"
    assert settings.storage.database == tmp_path / "state" / "tgradar.db"


def test_explicit_database_path_wins(tmp_path: Path) -> None:
    settings = _load(tmp_path, '[storage]\ndatabase = "/srv/tgradar/radar.db"\n')
    assert settings.storage.database == Path("/srv/tgradar/radar.db")


def test_tgradar_config_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "custom.toml"
    path.write_text('[incidents]\ngap = "90m"\n')
    settings = load_settings(None, {"TGRADAR_CONFIG": str(path)})
    assert settings.source == path
    assert settings.incidents.gap == timedelta(minutes=90)


def test_bom_in_the_toml_file_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf[poll]\nlive = true\n")
    assert load_settings(path, {}).poll.live is True


# --------------------------------------------------------------------------- example file


def test_example_file_loads_and_validates() -> None:
    settings = load_settings(EXAMPLE, {})
    assert settings.channels.watch == ("shot_shot", "mash", "bazabazon", "astrapress")
    assert dict(settings.channels.home_regions) == {"kondratyevvi": "RU-KDA", "vvgladkov": "RU-BEL"}
    assert settings.review.chat == "tgradar_review"
    assert settings.review.reviewers == (123456789,)
    assert settings.poll.jitter == timedelta(seconds=5)
    assert settings.poll.requests_per_minute == 30
    assert settings.delivery.edit_interval == timedelta(seconds=30)
    assert settings.log.format == "text"


def test_example_file_documents_every_key_with_a_comment() -> None:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    documented: set[str] = set()
    section = ""
    for index, line in enumerate(lines):
        if header := re.fullmatch(r"\[(\w+)\]", line.strip()):
            section = header.group(1)
            continue
        assignment = re.match(r"#?\s*(\w+)\s*=", line)
        if assignment and section:
            previous = lines[index - 1].strip()
            assert previous.startswith("#"), f"{section}.{assignment.group(1)} has no comment"
            documented.add(f"{section}.{assignment.group(1)}")
    every_key = {f"{s}.{k}" for s, keys in _SCHEMA.items() for k in keys}
    assert documented == every_key
    tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- values


def test_channel_references_are_normalised(tmp_path: Path) -> None:
    settings = _load(
        tmp_path,
        '[channels]\nwatch = ["Shot_Shot", "@mash", "https://t.me/bazabazon", "t.me/s/astrapress",'
        ' "https://t.me/astrapress/123?single", "tg://resolve?domain=Rybar", "@MASH"]\n',
    )
    assert settings.channels.watch == ("shot_shot", "mash", "bazabazon", "astrapress", "rybar")


@pytest.mark.parametrize(
    ("chat", "expected"),
    [
        ('"@tgradar_review"', "tgradar_review"),
        ('"https://t.me/Tgradar_Review"', "tgradar_review"),
        ('"-1001234567890"', -1001234567890),
        ("-1001234567890", -1001234567890),
        ('"https://t.me/c/1234567890/15"', -1001234567890),
    ],
)
def test_review_chat_forms(tmp_path: Path, chat: str, expected: str | int) -> None:
    assert _load(tmp_path, f"[review]\nchat = {chat}\n").review.chat == expected


def test_iso_codes_are_accepted_in_any_case(tmp_path: Path) -> None:
    settings = _load(tmp_path, '[regions]\nwatch = ["ru-kda", "UA-43", "RU-BEL", "RU-KDA"]\n')
    assert settings.regions.watch == ("RU-KDA", "UA-43", "RU-BEL")
    assert not settings.regions.all
    assert settings.regions.covers("UA-43") and not settings.regions.covers("RU-MOW")


def test_region_names_resolve_through_the_gazetteer(tmp_path: Path) -> None:
    settings = _load(
        tmp_path,
        '[regions]\nwatch = ["Краснодарский край", "Белгородская область"]\n'
        '[channels]\nhome_regions = { vvgladkov = "Белгородская область" }\n',
    )
    assert settings.regions.watch == ("RU-KDA", "RU-BEL")
    assert dict(settings.channels.home_regions) == {"vvgladkov": "RU-BEL"}
    assert resolve_region("Kuban") == "RU-KDA"
    assert resolve_region("Moscow Oblast") == "RU-MOS"
    assert resolve_region("Москва") == "RU-MOW"  # a city that is a region of its own


def test_unresolvable_region_name_is_an_error(tmp_path: Path) -> None:
    message = _error(tmp_path, '[regions]\nwatch = ["RU-KDA", "Атлантида"]\n')
    assert 'regions.watch[1] = "Атлантида"' in message


# --------------------------------------------------------------------------- errors


BAD_VALUES = [
    ('[poll]\nmin_interval = "30 sec"', 'poll.min_interval = "30 sec"', "not a duration"),
    ("[poll]\nmin_interval = 30", "poll.min_interval = 30", "write it as a string"),
    ('[poll]\nmin_interval = "30"', 'poll.min_interval = "30"', "needs a unit"),
    ('[poll]\nmin_interval = "500ms"', 'poll.min_interval = "500ms"', "not a duration"),
    ('[poll]\nmin_interval = "0s"', 'poll.min_interval = "0s"', "at least 1s"),
    (
        '[poll]\nmin_interval = "5m"\nmax_interval = "1m"',
        'poll.max_interval = "1m"',
        "shorter than poll.min_interval (5m)",
    ),
    ("[poll]\nbackfill_posts = -1", "poll.backfill_posts = -1", "at least 0"),
    ("[poll]\nbackfill_hours = 2.5", "poll.backfill_hours = 2.5", "whole number"),
    ("[poll]\nrequests_per_minute = 0", "poll.requests_per_minute = 0", "at least 1"),
    ('[poll]\nlive = "yes"', 'poll.live = "yes"', "true or false"),
    ("[poll]\nbackfill_posts = true", "poll.backfill_posts = true", "whole number"),
    ('[incidents]\ngap = "0s"', 'incidents.gap = "0s"', "longer than 0s"),
    ('[delivery]\nmode = "fastest"', 'delivery.mode = "fastest"', "did you mean 'fast'"),
    ('[review]\nlanguage = "de"', 'review.language = "de"', '"ru" | "uk" | "en"'),
    ('[review]\ntimezone = "Mars/Olympus"', 'review.timezone = "Mars/Olympus"', "time zone"),
    ('[review]\nchat = "https://t.me/+AbCdEf123"', "review.chat", "invite links"),
    ("[review]\nchat = 0", "review.chat = 0", "not a chat id"),
    ('[review]\nreviewers = ["admin"]', 'review.reviewers[0] = "admin"', "user id"),
    ('[channels]\nwatch = "shot_shot"', 'channels.watch = "shot_shot"', "expected a list"),
    (
        '[channels]\nwatch = ["mash", "https://example.com/mash"]',
        'channels.watch[1] = "https://example.com/mash"',
        "not a t.me link",
    ),
    ('[channels]\nwatch = ["abc"]', 'channels.watch[0] = "abc"', "not a Telegram username"),
    ('[channels]\nwatch = ["t.me/joinchat/AAAA"]', "channels.watch[0]", "invite links"),
    ('[channels]\nwatch = ["-1001234567890"]', "channels.watch[0]", "use the username"),
    ("[channels]\nwatch = [42]", "channels.watch[0] = 42", "username"),
    ('[channels]\nhome_regions = "RU-KDA"', "channels.home_regions", "expected a table"),
    (
        '[channels]\nhome_regions = { mash = "RU-KDX" }',
        'channels.home_regions.mash = "RU-KDX"',
        "did you mean 'RU-KDA'",
    ),
    (
        '[channels]\nhome_regions = { "t.me/+AbCd" = "RU-KDA" }',
        'channels.home_regions."t.me/+AbCd" = "t.me/+AbCd"',
        "invite links",
    ),
    ('[regions]\nwatch = ["all", "RU-KDA"]', 'regions.watch[0] = "all"', "cannot be combined"),
    ("[regions]\nwatch = []", "regions.watch = []", '["all"]'),
    ('[log]\nlevel = "verbose"', 'log.level = "verbose"', '"debug"'),
    ('[log]\nformat = "xml"', 'log.format = "xml"', '"text" | "json"'),
    ('[storage]\ndatabase = ""', 'storage.database = ""', "empty path"),
    ("poll = 5", "poll = 5", "expected a table [poll]"),
]


@pytest.mark.parametrize(("toml", "key_and_value", "problem"), BAD_VALUES)
def test_bad_values_name_file_key_and_value(
    tmp_path: Path, toml: str, key_and_value: str, problem: str
) -> None:
    message = _error(tmp_path, toml + "\n")
    assert message.startswith(f"{tmp_path / 'tgradar.toml'}: {key_and_value}")
    assert problem in message


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ("[pol]\nlive = true", "pol: unknown section (did you mean 'poll'?)"),
        (
            '[poll]\nmin_intervall = "30s"',
            "poll.min_intervall: unknown key (did you mean 'poll.min_interval'?)",
        ),
        (
            '[poll]\ngap = "3h"',
            "poll.gap: unknown key (it belongs in another section: incidents.gap)",
        ),
        ("[poll]\ncolour = 1", "poll.colour: unknown key"),
        ('watch = ["mash"]', "watch: keys must be inside a [section] (did you mean"),
    ],
)
def test_unknown_sections_and_keys_get_suggestions(
    tmp_path: Path, toml: str, expected: str
) -> None:
    message = _error(tmp_path, toml + "\n")
    assert message.startswith(f"{tmp_path / 'tgradar.toml'}: {expected}")


@pytest.mark.parametrize(
    ("toml", "key", "variable"),
    [
        (
            '[telegram]\napi_hash = "0123456789abcdef0123456789abcdef"',
            "telegram.api_hash",
            "API_HASH",
        ),
        (
            '[review]\nbot_token = "7000000001:AAHsecretsecretsecretsecret"',
            "review.bot_token",
            "BOT_TOKEN",
        ),
        ("api_id = 12345", "api_id", "API_ID"),
        ('[secrets]\nsession = "1AAAA"', "secrets.session", "SESSION"),
    ],
)
def test_secrets_in_the_file_are_refused_without_echoing_them(
    tmp_path: Path, toml: str, key: str, variable: str
) -> None:
    message = _error(tmp_path, toml + "\n")
    assert message.startswith(f"{tmp_path / 'tgradar.toml'}: {key}: secrets are not read")
    assert f"TGRADAR_{variable} or TGRADAR_{variable}_FILE" in message
    secret_value = toml.split("=", 1)[1].strip().strip('"')
    assert secret_value not in message


def test_toml_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    message = _error(tmp_path, '[poll]\nlive = true\nmin_interval "30s"\n')
    assert re.match(rf"{re.escape(str(tmp_path / 'tgradar.toml'))}:3:\d+: invalid TOML: ", message)


def test_unterminated_string_at_end_of_file_has_a_position(tmp_path: Path) -> None:
    message = _error(tmp_path, '[review]\nchat = "@tgradar_review\n')
    assert re.search(r"tgradar\.toml:2:\d+: invalid TOML", message)


def test_missing_config_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"nope\.toml: config file not found"):
        load_settings(tmp_path / "nope.toml", {})
    with pytest.raises(ConfigError, match="config file not found"):
        load_settings(None, {"TGRADAR_CONFIG": str(tmp_path / "nope.toml")})


def test_non_utf8_config_file_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "latin.toml"
    path.write_bytes(b'[review]\nchat = "caf\xe9"\n')
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_settings(path, {})


# --------------------------------------------------------------------------- secrets


def _secret_env() -> dict[str, str]:
    return {
        "TGRADAR_API_ID": "123456",
        "TGRADAR_API_HASH": API_HASH,
        "TGRADAR_BOT_TOKEN": BOT_TOKEN,
        "TGRADAR_SESSION": SESSION,
    }


def test_secrets_come_from_the_environment() -> None:
    secrets = load_settings(None, _secret_env()).secrets
    assert secrets.api_id == 123456
    assert (secrets.api_hash, secrets.bot_token, secrets.session) == (API_HASH, BOT_TOKEN, SESSION)


def test_secrets_come_from_files(tmp_path: Path) -> None:
    (tmp_path / "hash").write_text(API_HASH + "\n")
    (tmp_path / "token").write_text(f"  {BOT_TOKEN}\r\n")
    env = {
        "TGRADAR_API_HASH_FILE": str(tmp_path / "hash"),
        "TGRADAR_BOT_TOKEN_FILE": str(tmp_path / "token"),
    }
    secrets = load_settings(None, env).secrets
    assert (secrets.api_hash, secrets.bot_token) == (API_HASH, BOT_TOKEN)


def test_empty_variables_count_as_unset() -> None:
    settings = load_settings(None, {"TGRADAR_API_ID": "", "TGRADAR_DATA": ""})
    assert settings.secrets.api_id is None
    assert settings.data_dir == Path("data")


def test_a_file_variable_and_its_plain_variable_together_are_an_error(tmp_path: Path) -> None:
    (tmp_path / "hash").write_text(API_HASH)
    env = {"TGRADAR_API_HASH": API_HASH, "TGRADAR_API_HASH_FILE": str(tmp_path / "hash")}
    with pytest.raises(ConfigError) as caught:
        load_settings(None, env)
    assert str(caught.value) == (
        "environment: both TGRADAR_API_HASH and TGRADAR_API_HASH_FILE are set; keep one"
    )


@pytest.mark.parametrize(
    ("kind", "problem"),
    [
        ("absent", "file not found"),
        ("directory", "cannot read the file"),
        ("empty", "the file is empty"),
        ("latin1", "file is not UTF-8 text"),
    ],
)
def test_unreadable_secret_file_is_an_error(tmp_path: Path, kind: str, problem: str) -> None:
    target = tmp_path / kind
    if kind == "directory":
        target.mkdir()
    elif kind == "empty":
        target.write_text(" \n")
    elif kind == "latin1":
        target.write_bytes(b"caf\xe9")
    with pytest.raises(ConfigError) as caught:
        load_settings(None, {"TGRADAR_SESSION_FILE": str(target)})
    assert str(caught.value).startswith(
        f'environment: TGRADAR_SESSION_FILE = "{target}": {problem}'
    )


@pytest.mark.parametrize(
    ("variable", "value", "problem"),
    [
        ("TGRADAR_API_ID", "12ab", "not a positive whole number"),
        ("TGRADAR_API_HASH", "not-a-hash-value", "not 32 hexadecimal characters"),
        ("TGRADAR_BOT_TOKEN", "token-without-colon", "not a bot token"),
        ("TGRADAR_SESSION", "session.session", "not a Telethon StringSession"),
    ],
)
def test_malformed_secrets_are_errors_that_hide_the_value(
    variable: str, value: str, problem: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(None, {variable: value})
    message = str(caught.value)
    assert message.startswith(f"environment: {variable} = <hidden, {len(value)} characters>: ")
    assert problem in message
    assert value not in message


def test_require_secrets_names_what_is_missing() -> None:
    settings = load_settings(None, {"TGRADAR_API_ID": "123456"})
    settings.require_secrets("api_id")
    with pytest.raises(ConfigError) as caught:
        settings.require_secrets("api_id", "api_hash")
    assert str(caught.value) == "TGRADAR_API_HASH is not set (env or TGRADAR_API_HASH_FILE)"
    with pytest.raises(ConfigError, match=r"TGRADAR_BOT_TOKEN is not set.*; TGRADAR_SESSION is"):
        settings.require_secrets("TGRADAR_BOT_TOKEN", "session")
    with pytest.raises(ValueError, match="unknown secret"):
        settings.require_secrets("password")


def test_masked_shows_effective_config_without_secrets() -> None:
    settings = load_settings(
        EXAMPLE, {"TGRADAR_API_HASH": API_HASH, "TGRADAR_BOT_TOKEN": BOT_TOKEN}
    )
    masked = settings.masked()
    dumped = json.dumps(masked, ensure_ascii=False)
    assert API_HASH not in dumped and BOT_TOKEN not in dumped
    assert API_HASH not in repr(settings) and BOT_TOKEN not in repr(settings)
    assert masked["secrets"] == {
        "TGRADAR_API_ID": "<unset>",
        "TGRADAR_API_HASH": "***",
        "TGRADAR_BOT_TOKEN": "***",
        "TGRADAR_SESSION": "<unset>",
    }
    assert masked["poll"]["min_interval"] == "30s"
    assert masked["poll"]["edit_window"] == "2d"
    assert masked["channels"]["watch"] == ["shot_shot", "mash", "bazabazon", "astrapress"]
    assert masked["regions"] == {"watch": ["all"]}
    assert masked["source"] == str(EXAMPLE)
    assert masked["session_file"] == str(Path("data/tgradar.session"))


# --------------------------------------------------------------------------- durations


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("30s", 30),
        ("10m", 600),
        ("3h", 10800),
        ("2d", 172800),
        ("1w", 604800),
        ("1h30m", 5400),
        ("1.5h", 5400),
        (" 2H ", 7200),
        ("1h 30m", 5400),
        ("0s", 0),
    ],
)
def test_parse_duration(text: str, seconds: int) -> None:
    assert parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "30", "h", "3x", "-5m", "3h-", "1e3s", "10 minutes"])
def test_parse_duration_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


@pytest.mark.parametrize("seconds", [0, 1, 59, 90, 3600, 5400, 86400 + 61, 2.5])
def test_format_duration_round_trips(seconds: float) -> None:
    value = timedelta(seconds=seconds)
    assert parse_duration(format_duration(value)) == value


def test_normalize_channel_rejects_garbage() -> None:
    for bad in ("", "@", "https://t.me/", "t.me/c/abc", "has space", "1abc", True):
        with pytest.raises(ValueError):
            normalize_channel(bad)  # type: ignore[arg-type]


def test_health_host_defaults_to_this_machine_and_is_validated(tmp_path: Path) -> None:
    settings = _load(tmp_path, "")
    assert (settings.health.host, settings.health.port) == ("127.0.0.1", 9464)
    assert not settings.health.port_set and not settings.health.host_set
    chosen = _load(tmp_path, '[health]\nhost = "0.0.0.0"\nport = 0\n')
    assert (chosen.health.host, chosen.health.port) == ("0.0.0.0", 0)
    assert chosen.health.port_set and chosen.health.host_set
    message = _error(tmp_path, '[health]\nhost = "not a host"\n')
    assert "health.host" in message and "tgradar.toml" in message


def test_a_config_path_that_is_a_directory_says_what_happened(tmp_path: Path) -> None:
    mounted = tmp_path / "tgradar.toml"
    mounted.mkdir()  # what Docker makes of a bind mount whose file does not exist
    with pytest.raises(ConfigError) as caught:
        load_settings(mounted, {})
    message = str(caught.value)
    assert "is a directory" in message and "config/tgradar.example.toml" in message
