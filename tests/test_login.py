"""`tgradar login` against the sandbox: no terminal, already logged in, phone + code login,
wrong codes, QR login, and the session file's permissions.

The sandbox has no auth.SendCode / auth.SignIn / auth.ExportLoginToken yet, so the
`code_login` and `qr_login` fixtures add them to its request table for the test's duration
(the far side of the wire, answered as Telegram does). Two-step passwords
(auth.GetPassword / auth.CheckPassword with SRP) are not modelled.
"""

from __future__ import annotations

import importlib.util
import os
import stat
from dataclasses import replace
from datetime import timedelta
from functools import partial
from pathlib import Path

import pytest
from telethon import TelegramClient
from telethon.tl import functions, types

from bot.config import AccountSettings, Secrets, Settings
from bot.runner import build_client
from bot.sandbox import (
    SANDBOX_API_HASH,
    SANDBOX_API_ID,
    RpcFailure,
    SandboxServer,
    render,
    sandbox_client,
)
from bot.sandbox import handlers as sandbox_handlers
from bot.telegram.login import NO_TERMINAL, login, qr_text

PHONE = "+79161234567"
CODE = "24680"

PRODUCTION = partial(build_client, account="user")  # the factory `tgradar login` uses


class Prompts:
    """Answers to the prompts, in order; EOFError when they run out (no terminal)."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.asked: list[str] = []

    def __call__(self, prompt: str) -> str:
        self.asked.append(prompt)
        if not self.answers:
            raise EOFError
        return self.answers.pop(0)


class Printed:
    def __init__(self) -> None:
        self.out: list[str] = []
        self.err: list[str] = []

    def __call__(self, *parts: object, file=None, **_: object) -> None:
        (self.err if file is not None else self.out).append(" ".join(map(str, parts)))


@pytest.fixture
def server():
    return SandboxServer()


@pytest.fixture
def watcher(server):
    return server.add_user("tgradar_watcher", first_name="Наблюдатель", phone=PHONE[1:])


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(
        secrets=Secrets(api_id=SANDBOX_API_ID, api_hash=SANDBOX_API_HASH),
        data_dir=tmp_path / "data",
    )


@pytest.fixture
def code_login(server):
    """auth.SendCode and auth.SignIn as Telegram answers them, for the test's duration."""
    sent: list[str] = []

    async def send_code(ctx, request):
        sent.append(request.phone_number)
        if not any(a.phone == request.phone_number for a in ctx.server.all_accounts()):
            raise RpcFailure("PHONE_NUMBER_INVALID")
        return types.auth.SentCode(
            type=types.auth.SentCodeTypeApp(length=len(CODE)), phone_code_hash="c0ffee"
        )

    async def sign_in(ctx, request):
        if request.phone_code != CODE or request.phone_code_hash != "c0ffee":
            raise RpcFailure("PHONE_CODE_INVALID")
        account = next(a for a in ctx.server.all_accounts() if a.phone == request.phone_number)
        ctx.server.authorize_key(ctx.session.auth_key_id, account)
        return types.auth.Authorization(user=render.user(account, account))

    added = {
        functions.auth.SendCodeRequest: send_code,
        functions.auth.SignInRequest: sign_in,
    }
    sandbox_handlers.HANDLERS.update(added)
    yield sent
    for request_type in added:
        sandbox_handlers.HANDLERS.pop(request_type, None)


def factory(server, account=None):
    """Clients on the session file `login` names, connected to the sandbox."""

    def make(path: Path, api_id: int, api_hash: str) -> TelegramClient:
        return sandbox_client(server, account, session=path, build=PRODUCTION)

    return make


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_without_a_terminal_it_says_how_to_run_it(settings):
    printed = Printed()
    # pytest's stdin is not a terminal, as in `docker compose run` without -it
    assert await login(settings, qr=False, print_fn=printed) == 2
    assert printed.err == [NO_TERMINAL]
    assert not settings.user_session_path.exists()


async def test_end_of_input_at_a_prompt_is_the_same_clear_message(server, settings, code_login):
    printed = Printed()
    status = await login(
        settings,
        qr=False,
        input_fn=Prompts(),
        print_fn=printed,
        is_terminal=lambda: True,
        client_factory=factory(server),
    )
    assert status == 2
    assert printed.err == [NO_TERMINAL]
    assert code_login == []


async def test_needs_the_api_credentials(settings):
    printed = Printed()
    bare = replace(settings, secrets=Secrets())
    assert await login(bare, qr=False, print_fn=printed, is_terminal=lambda: True) == 2
    assert "TGRADAR_API_ID and TGRADAR_API_HASH" in printed.err[0]


async def test_phone_and_code_log_in_and_leave_an_owner_only_session(
    server, watcher, settings, code_login
):
    printed = Printed()
    prompts = Prompts(PHONE, CODE)
    status = await login(
        settings,
        qr=False,
        input_fn=prompts,
        print_fn=printed,
        is_terminal=lambda: True,
        client_factory=factory(server),
    )
    assert status == 0, printed.err
    assert code_login == [PHONE[1:]]
    assert len(prompts.asked) == 2 and "Phone" in prompts.asked[0]
    assert any("Logged in as Наблюдатель (@tgradar_watcher)" in line for line in printed.out)
    assert not any(PHONE[1:] in line for line in printed.out + printed.err)
    path = settings.user_session_path
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    # the file holds an authorised session: a new client on it is logged in
    client = sandbox_client(server, None, session=path, build=PRODUCTION)
    await client.connect()
    try:
        me = await client.get_me()
    finally:
        await client.disconnect()
    assert me.id == watcher.id


async def test_wrong_codes_fail_with_telegrams_reason(server, watcher, settings, code_login):
    printed = Printed()
    status = await login(
        settings,
        qr=False,
        input_fn=Prompts(PHONE, "11111", "22222", "33333"),
        print_fn=printed,
        is_terminal=lambda: True,
        client_factory=factory(server),
    )
    assert status == 1
    assert printed.err == [
        "login failed: 3 wrong codes or passwords in a row; run `tgradar login` again"
    ]
    assert mode(settings.user_session_path) == 0o600


async def test_an_unknown_phone_number_fails_cleanly(server, watcher, settings, code_login):
    printed = Printed()
    status = await login(
        settings,
        qr=False,
        input_fn=Prompts("+380671234567"),
        print_fn=printed,
        is_terminal=lambda: True,
        client_factory=factory(server),
    )
    assert status == 1
    assert printed.err and "login failed" in printed.err[0]
    assert "671234567" not in " ".join(printed.err)


async def test_an_existing_session_is_kept(server, watcher, settings):
    printed = Printed()
    status = await login(
        settings,
        qr=False,
        input_fn=Prompts(),
        print_fn=printed,
        is_terminal=lambda: True,
        client_factory=factory(server, watcher),
    )
    assert status == 0
    assert printed.out[0].startswith("Already logged in as Наблюдатель (@tgradar_watcher)")
    assert mode(settings.user_session_path) == 0o600


async def test_a_loose_data_directory_is_tightened(server, watcher, settings):
    settings.data_dir.mkdir(mode=0o755)
    os.chmod(settings.data_dir, 0o755)
    await login(
        settings,
        qr=False,
        print_fn=Printed(),
        is_terminal=lambda: True,
        client_factory=factory(server, watcher),
    )
    assert mode(settings.data_dir) == 0o700


def test_qr_text_is_a_code_or_the_link():
    url = "tg://login?token=AQIDBAUGBwgJ"
    text = qr_text(url)
    if importlib.util.find_spec("qrcode") is None:
        assert text == f"(install the `qrcode` package to see a QR code here) {url}"
    else:
        lines = text.splitlines()
        assert len(lines) > 10 and url not in text


@pytest.fixture
def qr_login(server):
    """auth.ExportLoginToken as Telegram answers it; `scan(account)` approves the shown code."""
    waiting: list = []  # (session) of clients showing a QR code
    approved: dict[int, object] = {}  # auth key id -> account

    async def export_login_token(ctx, request):
        account = approved.pop(ctx.session.auth_key_id, None)
        if account is not None:
            ctx.server.authorize_key(ctx.session.auth_key_id, account)
            return types.auth.LoginTokenSuccess(
                authorization=types.auth.Authorization(user=render.user(account, account))
            )
        waiting.append(ctx.session)
        return types.auth.LoginToken(
            expires=ctx.server.now() + timedelta(seconds=30), token=b"\x01\x02\x03qr-token"
        )

    def scan(account) -> None:
        session = waiting.pop()
        approved[session.auth_key_id] = account
        update = types.UpdateShort(update=types.UpdateLoginToken(), date=server.now())
        session.deliver(bytes(update))

    sandbox_handlers.HANDLERS[functions.auth.ExportLoginTokenRequest] = export_login_token
    yield scan
    sandbox_handlers.HANDLERS.pop(functions.auth.ExportLoginTokenRequest, None)


async def test_qr_login_shows_a_code_and_logs_in_once_it_is_scanned(
    server, watcher, settings, qr_login
):
    shown: list[str] = []

    def print_and_scan(*parts: object, file=None, **_: object) -> None:
        text = " ".join(map(str, parts))
        shown.append(text)
        if "tg://login?token=" in text or text.count("\n") > 10:
            qr_login(watcher)  # the phone scans what the terminal shows

    status = await login(
        settings,
        qr=True,
        print_fn=print_and_scan,
        is_terminal=lambda: True,
        client_factory=factory(server),
    )
    assert status == 0, shown
    assert any("Link Desktop Device" in line for line in shown)
    assert any("Logged in as Наблюдатель (@tgradar_watcher)" in line for line in shown)
    assert mode(settings.user_session_path) == 0o600


async def test_a_second_account_logs_in_beside_the_default_one(server, settings, code_login):
    second = server.add_user("second_watcher", first_name="Second", phone="99966000777")
    printed = Printed()
    status = await login(
        replace(settings, accounts=AccountSettings(names=("default", "night"))),
        qr=False,
        account="night",
        input_fn=Prompts("+99966000777", CODE),
        print_fn=printed,
        is_terminal=lambda: True,
        client_factory=factory(server),
    )
    assert status == 0, printed.err
    path = settings.data_dir / "tgradar-night.session"
    assert settings.session_path("night") == path and mode(path) == 0o600
    assert not settings.user_session_path.exists()  # the default account's file is untouched
    client = sandbox_client(server, None, session=path)
    await client.connect()
    try:
        assert (await client.get_me()).id == second.id
    finally:
        await client.disconnect()
    printed = Printed()
    bad = await login(settings, qr=False, account="Night Owl", print_fn=printed)
    assert bad == 2 and "--account 'Night Owl'" in printed.err[0]
    assert "lower-case" in printed.err[0]


async def test_string_prints_the_login_as_a_session_string_tgradar_accepts(
    server, watcher, settings
):
    from telethon.sessions import StringSession

    from bot.config import load_settings

    printed = Printed()
    status = await login(
        settings,
        qr=False,
        string=True,
        input_fn=Prompts(),
        print_fn=printed,
        is_terminal=lambda: True,
        client_factory=factory(server, watcher),
    )
    assert status == 0
    value = printed.out[-1]
    assert "TGRADAR_SESSION" in printed.out[-2] and "secret" in printed.out[-2]
    # the value passes tgradar's own check and is the same login as the session file
    assert load_settings(None, {"TGRADAR_SESSION": value}).secrets.session == value
    client = sandbox_client(server, None, session=StringSession(value))
    await client.connect()
    try:
        me = await client.get_me()
    finally:
        await client.disconnect()
    assert me.id == watcher.id


async def test_without_string_no_session_string_is_printed(server, watcher, settings):
    printed = Printed()
    await login(
        settings,
        qr=False,
        input_fn=Prompts(),
        print_fn=printed,
        is_terminal=lambda: True,
        client_factory=factory(server, watcher),
    )
    assert not any("TGRADAR_SESSION" in line for line in printed.out)
