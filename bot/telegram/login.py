"""`tgradar login`: log the watching user account in and keep its Telethon session.

Phone number, login code and two-step password are asked at the terminal, or a QR code is
shown to scan from a logged-in Telegram app (Settings > Devices > Link Desktop Device).
The session is a SQLite file at `settings.user_session_path`, readable by its owner only;
`tgradar run` uses it unless TGRADAR_SESSION is set. With `--string` the same login is also
printed as a Telethon StringSession, the value TGRADAR_SESSION takes (a secret: it is the
whole login). `--account NAME` logs in another watching account of the pool, whose session
sits beside it as `tgradar-NAME.session`.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from telethon import TelegramClient, errors
from telethon.sessions import StringSession

from bot.config import ACCOUNT_NAME_RE, DEFAULT_ACCOUNT
from bot.logs import redact

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_SETUP = 2
NO_TERMINAL = (
    "tgradar login needs a terminal: run it as `docker compose run --rm tgradar login` "
    "(with -it), or set TGRADAR_SESSION to what `tgradar login --string` prints on a "
    "machine that has one"
)
QR_ATTEMPTS = 3  # a QR token lives about 30 s; show a fresh one this many times
QR_WAIT = 60.0  # seconds to wait for one QR code to be scanned
CODE_ATTEMPTS = 3

ClientFactory = Callable[[Path, int, str], TelegramClient]


def _default_client(path: Path, api_id: int, api_hash: str) -> TelegramClient:
    from bot.runner import build_client  # the one client factory

    return build_client(str(path), api_id, api_hash, account="user")


def session_files(path: Path) -> list[Path]:
    """The session database and the journal files SQLite may keep next to it."""
    return [path] + [path.with_name(path.name + s) for s in ("-journal", "-wal", "-shm")]


def restrict_permissions(path: Path) -> None:
    """Owner-only access to the session files and their directory."""
    with contextlib.suppress(OSError):
        path.parent.chmod(0o700)
    for file in session_files(path):
        if file.exists():
            file.chmod(0o600)


class _NoTerminal(Exception):
    pass


def stdin_is_terminal() -> bool:
    """False also when stdin is closed (`tgradar login <&-`: sys.stdin is None)."""
    stdin = sys.stdin
    try:
        return stdin is not None and stdin.isatty()
    except (ValueError, OSError):  # a closed or broken stream
        return False


def session_string(client: TelegramClient) -> str:
    """The client's login as a Telethon StringSession (what TGRADAR_SESSION takes)."""
    return StringSession.save(client.session)


def _asker(ask: Callable[[str], str]) -> Callable[[str], str]:
    def wrapped(prompt: str) -> str:
        try:
            return ask(prompt).strip()
        except EOFError:
            raise _NoTerminal from None

    return wrapped


async def login(
    settings: Any,
    *,
    qr: bool,
    string: bool = False,
    account: str = DEFAULT_ACCOUNT,
    input_fn: Callable[[str], str] = input,
    print_fn: Callable[..., None] = print,
    password_fn: Callable[[str], str] = getpass.getpass,
    is_terminal: Callable[[], bool] = stdin_is_terminal,
    client_factory: ClientFactory = _default_client,
) -> int:
    """Log in interactively and save the session; the exit status. With `string`, also
    print the login as a StringSession for TGRADAR_SESSION.

    `password_fn`, `is_terminal` and `client_factory` are for tests (a sandbox client).
    """
    secrets = settings.secrets
    if secrets.api_id is None or secrets.api_hash is None:
        print_fn(
            "tgradar login needs TGRADAR_API_ID and TGRADAR_API_HASH (or their *_FILE "
            "variants); get them at https://my.telegram.org > API development tools",
            file=sys.stderr,
        )
        return EXIT_SETUP
    if not ACCOUNT_NAME_RE.match(account):
        print_fn(
            f"--account {account!r}: expected a name of 1-32 lower-case letters, digits, _ or -",
            file=sys.stderr,
        )
        return EXIT_SETUP
    if not is_terminal():
        print_fn(NO_TERMINAL, file=sys.stderr)
        return EXIT_SETUP
    path = Path(settings.session_path(account))
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        print_fn(f"cannot create {path.parent}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_SETUP
    if account not in settings.accounts.names:
        print_fn(
            f"note: add {account!r} to [accounts] names in the config, or `tgradar run` "
            "will not use this account",
            file=sys.stderr,
        )
    if secrets.session and account == DEFAULT_ACCOUNT:
        print_fn(
            f"note: TGRADAR_SESSION is set, and `tgradar run` uses it instead of {path}",
            file=sys.stderr,
        )
    old_umask = os.umask(0o077)  # the session file is born owner-only
    try:
        client = client_factory(path, secrets.api_id, secrets.api_hash)
        try:
            status = await _login(client, path, qr, _asker(input_fn), _asker(password_fn), print_fn)
            if status == EXIT_OK and string:
                print_fn(
                    "TGRADAR_SESSION for this login (a secret: anyone with it is logged in "
                    "as this account; keep it like a password):"
                )
                print_fn(session_string(client))
            return status
        finally:
            with contextlib.suppress(Exception):
                await client.disconnect()
    except _NoTerminal:
        print_fn(NO_TERMINAL, file=sys.stderr)
        return EXIT_SETUP
    except errors.RPCError as exc:
        print_fn(f"login failed: Telegram said {redact(exc.message or str(exc))}", file=sys.stderr)
        return EXIT_FAILED
    except (ConnectionError, OSError, TimeoutError) as exc:
        print_fn(f"login failed: cannot reach Telegram ({redact(str(exc))})", file=sys.stderr)
        return EXIT_FAILED
    finally:
        os.umask(old_umask)
        restrict_permissions(path)


async def _login(
    client: TelegramClient,
    path: Path,
    qr: bool,
    ask: Callable[[str], str],
    ask_password: Callable[[str], str],
    print_fn: Callable[..., None],
) -> int:
    await client.connect()
    if await client.is_user_authorized():
        me = await client.get_me()
        print_fn(f"Already logged in as {_who(me)}; the session is {path}.")
        return EXIT_OK
    if qr:
        if not await _qr_login(client, ask_password, print_fn):
            print_fn("the QR code was not scanned in time; run `tgradar login --qr` again")
            return EXIT_FAILED
    else:
        try:
            await client.start(
                phone=lambda: ask("Phone number of the watching account (international, +...): "),
                code_callback=lambda: ask("Login code Telegram sent you: "),
                password=lambda: ask_password("Two-step verification password: "),
                max_attempts=CODE_ATTEMPTS,
            )
        except RuntimeError:  # Telethon's way of saying every attempt failed
            print_fn(
                f"login failed: {CODE_ATTEMPTS} wrong codes or passwords in a row; "
                "run `tgradar login` again",
                file=sys.stderr,
            )
            return EXIT_FAILED
    me = await client.get_me()
    if me is None:
        print_fn("login did not complete; run `tgradar login` again", file=sys.stderr)
        return EXIT_FAILED
    if getattr(me, "bot", False):
        print_fn("that is a bot account; tgradar needs a user account to read channels")
        await client.log_out()
        return EXIT_FAILED
    print_fn(f"Logged in as {_who(me)}. Session saved to {path} (owner-only).")
    print_fn("Now start the daemon: `tgradar run` (docker compose up -d).")
    return EXIT_OK


async def _qr_login(
    client: TelegramClient, ask_password: Callable[[str], str], print_fn: Callable[..., None]
) -> bool:
    token = await client.qr_login()
    for attempt in range(QR_ATTEMPTS):
        if attempt:
            await token.recreate()
        print_fn("Scan this with Telegram on your phone: Settings > Devices > Link Desktop Device")
        print_fn(qr_text(token.url))
        try:
            await token.wait(QR_WAIT)
            return True
        except TimeoutError:
            continue
        except errors.SessionPasswordNeededError:
            await client.sign_in(password=ask_password("Two-step verification password: "))
            return True
    return False


def qr_text(url: str) -> str:
    """The QR code as text for a terminal, or the link when `qrcode` is not installed."""
    try:
        import qrcode
    except ImportError:
        return f"(install the `qrcode` package to see a QR code here) {url}"
    code = qrcode.QRCode(border=1)
    code.add_data(url)
    code.make(fit=True)
    lines: list[str] = []

    class _Sink:
        def write(self, text: str) -> None:
            lines.append(text)

        def flush(self) -> None:
            pass

        def isatty(self) -> bool:
            return False

    code.print_ascii(out=_Sink(), invert=True)
    return "".join(lines).rstrip("\n")


def _who(me: Any) -> str:
    name = " ".join(p for p in (getattr(me, "first_name", ""), getattr(me, "last_name", "")) if p)
    username = getattr(me, "username", None)
    return f"{name or 'user'}" + (f" (@{username})" if username else "") + f", id {me.id}"
