"""Logging: text and JSON output, and no secret ever reaches a log line."""

from __future__ import annotations

import io
import json
import logging
import secrets as random_secrets
import string

import pytest

from bot import logs
from bot.logs import MASK, Redactor, redact, setup_logging

ALPHABET = string.ascii_letters + string.digits + "-_"


def fake_api_hash() -> str:
    return random_secrets.token_hex(16)


def fake_bot_token() -> str:
    digits = str(random_secrets.randbelow(9 * 10**9) + 10**9)
    return digits + ":" + "".join(random_secrets.choice(ALPHABET) for _ in range(35))


def fake_session() -> str:
    # A Telethon StringSession is "1" and ~352 characters of URL-safe base64.
    return "1" + "".join(random_secrets.choice(ALPHABET) for _ in range(352)) + "="


@pytest.fixture
def capture():
    stream = io.StringIO()
    saved_level = logging.getLogger().level
    yield stream
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, logs._TgradarHandler)]:
        root.removeHandler(handler)
    root.setLevel(saved_level)
    logs._active = Redactor()


def log_everything(logger: logging.Logger, api_hash: str, token: str, session: str) -> None:
    logger.info("connecting with hash %s", api_hash)
    logger.warning("bot token is " + token)
    logger.info("session=%(s)s", {"s": session})
    logger.info("Вход по номеру +7 916 123-45-67, резервный +380 (67) 123 45 67")
    logger.info("Телефон 89161234567 и 380671234567 без плюса")
    try:
        raise RuntimeError(f"login failed for {token} with session {session}")
    except RuntimeError:
        logger.exception("login crashed; hash was %s", api_hash)
    logger.error("extra fields too", extra={"detail": f"token {token}"})


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_no_secret_or_phone_reaches_the_output(capture, fmt):
    api_hash, token, session = fake_api_hash(), fake_bot_token(), fake_session()
    setup_logging("info", fmt, [api_hash, token, session], stream=capture)
    log_everything(logging.getLogger("tgradar.test"), api_hash, token, session)
    output = capture.getvalue()
    for secret in (api_hash, token, session, token.split(":")[1], session[1:200]):
        assert secret not in output
    for digits in ("916 123-45-67", "123-45-67", "(67) 123 45 67", "9161234567", "671234567"):
        assert digits not in output
    assert output.count(MASK) >= 9
    assert "RuntimeError" in output  # the traceback is still there, only masked
    assert "Traceback" in output


def test_secret_shapes_are_masked_even_when_not_configured(capture):
    setup_logging("info", "text", [], stream=capture)
    api_hash, token, session = fake_api_hash(), fake_bot_token(), fake_session()
    log_everything(logging.getLogger("tgradar.test"), api_hash, token, session)
    output = capture.getvalue()
    assert api_hash not in output
    assert token not in output
    assert session[:100] not in output


def test_configured_secrets_of_any_shape_are_masked(capture):
    odd = "correct-horse-battery-staple"
    setup_logging("info", "text", [odd, None, "1"], stream=capture)
    logging.getLogger("x").info("password %s, id 1, count 1", odd)
    output = capture.getvalue()
    assert odd not in output
    assert "id 1, count 1" in output  # too-short "secrets" are not masked


def test_ordinary_log_lines_are_left_alone(capture):
    setup_logging("info", "text", [fake_api_hash()], stream=capture)
    line = (
        "channel shot_shot: 12 posts, incident RU-BEL-20260112T0340 opened, "
        "message 1234567 edited, peer -1001234567890, 64 drones over Bryansk at 03:40"
    )
    logging.getLogger("tgradar.poller").info(line)
    assert line in capture.getvalue()


def test_json_lines_are_objects_with_the_usual_fields(capture):
    setup_logging("debug", "json", [], stream=capture)
    logging.getLogger("tgradar.sender").debug("card %s sent", "UA-63-20260112T0200")
    try:
        {}["missing"]
    except KeyError:
        logging.getLogger("tgradar.sender").exception("drain failed")
    lines = [json.loads(line) for line in capture.getvalue().splitlines()]
    assert [entry["level"] for entry in lines] == ["debug", "error"]
    assert lines[0]["message"] == "card UA-63-20260112T0200 sent"
    assert lines[0]["logger"] == "tgradar.sender"
    assert lines[0]["time"].endswith("+00:00")
    assert "KeyError" in lines[1]["exc"]


def test_text_lines_are_readable(capture):
    setup_logging("warning", "text", [], stream=capture)
    logging.getLogger("tgradar.app").info("hidden below the level")
    logging.getLogger("tgradar.app").warning("Белгород: канал недоступен")
    output = capture.getvalue()
    assert "hidden" not in output
    assert "WARNING" in output and "tgradar.app: Белгород: канал недоступен" in output


def test_setting_up_twice_keeps_one_handler(capture):
    setup_logging("info", "text", [], stream=capture)
    setup_logging("info", "json", [], stream=capture)
    logging.getLogger("x").info("once")
    assert capture.getvalue().count("once") == 1


def test_chatty_libraries_are_quiet_unless_debugging(capture):
    setup_logging("info", "text", [], stream=capture)
    logging.getLogger("apscheduler.executors.default").info("Running job sender")
    assert "Running job" not in capture.getvalue()
    setup_logging("debug", "text", [], stream=capture)
    logging.getLogger("apscheduler.executors.default").info("Running job sender")
    assert "Running job" in capture.getvalue()


@pytest.mark.parametrize(("level", "fmt"), [("loud", "text"), ("info", "xml")])
def test_bad_level_or_format_is_a_clear_error(level, fmt):
    with pytest.raises(ValueError, match="unknown log"):
        setup_logging(level, fmt, [])


def test_redact_uses_the_configured_secrets(capture):
    odd = "a-very-private-value"
    setup_logging("info", "text", [odd], stream=capture)
    assert redact(f"error near {odd}") == f"error near {MASK}"
