"""`tgradar doctor`: a pre-flight check of everything the daemon needs, one line per check.

Each check says OK, WARN, FAIL or SKIP and, when something is wrong, the one fix to apply.
Checks are independent: a failure is reported and the next check still runs; a check that
needs something missing (the bot's login, the user's session) or that was not asked for
(`--offline`) says SKIP and why: it neither passes nor fails.

Telegram is asked as little as possible: one login per account, one resolution per chat,
one channels.GetParticipant for the bot in the review chat; nothing is ever sent. Flood waits
are reported, never slept through. Sessions are copied into memory, so the doctor neither
writes the daemon's session files nor fights a running daemon over them.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shlex
import shutil
import sqlite3
import stat
import tempfile
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from telethon import TelegramClient, errors, functions, types
from telethon.sessions import MemorySession, SQLiteSession, StringSession

from bot.config import Settings
from bot.logs import Redactor, redact
from bot.runner import LOGIN_HINT, ClientBuilder, build_client, login_hint
from bot.telegram.live import CHANNELS_LIMIT_DEFAULT, CHANNELS_LIMIT_PREMIUM
from bot.telegram.pool import ADD_ACCOUNT_HINT, over_capacity

MB = 1024 * 1024
DISK_WARN_BYTES = 500 * MB
DISK_FAIL_BYTES = 50 * MB
TELEGRAM_TIMEOUT = 30.0  # seconds for one step (connect, login, one resolution)
DB_BUSY_TIMEOUT_MS = 5000  # a running daemon holds the write lock only briefly
RENAMED_HINT = "check the username; was it renamed?"

T = TypeVar("T")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


@dataclass(frozen=True)
class Check:
    """One line of the report. `ok` with a `fix` is a warning: it works, but should be fixed.
    `skipped`: the check was not done (`detail` says why); it does not fail the report."""

    name: str
    ok: bool
    detail: str
    fix: str | None = None
    skipped: bool = False

    @property
    def status(self) -> str:
        if self.skipped:
            return "SKIP"
        if not self.ok:
            return "FAIL"
        return "WARN" if self.fix else "OK"


def skip(name: str, why: str) -> Check:
    """A check not done, and why ("not checked: ..." is implied by SKIP)."""
    return Check(name, True, why, skipped=True)


def render(checks: list[Check]) -> str:
    """The report: "OK   config  /etc/tgradar.toml", "FAIL session  ... -> run `tgradar login`"."""
    width = max((len(c.name) for c in checks), default=0)
    lines = []
    for check in checks:
        line = f"{check.status:<4} {check.name:<{width}}  {check.detail}"
        if check.fix:
            line += f" -> {check.fix}"
        lines.append(line)
    return "\n".join(lines)


def passed(checks: Iterable[Check]) -> bool:
    """True when nothing failed (warnings and skipped checks pass)."""
    return all(c.ok for c in checks)


async def preflight(
    settings: Settings,
    *,
    build: ClientBuilder = build_client,
    offline: bool = False,
    secret_problems: Sequence[Exception] = (),
) -> list[Check]:
    """Every check in order. `build` makes Telegram clients (tests pass the sandbox's);
    `offline` skips everything that talks to Telegram; `secret_problems` are the secrets
    that could not be read (bot.config.read_secrets_each), unset in `settings`."""
    checks = [
        *_guarded_list("config", config_checks, settings),
        _guarded("secrets", lambda s: secrets_check(s, secret_problems), settings),
        _guarded("data dir", data_dir_check, settings.data_dir),
        _guarded("disk", disk_check, settings.data_dir),
        _guarded("database", database_check, settings.storage.database),
        _guarded("session file", session_file_check, settings),
    ]
    if offline:
        checks.append(skip("telegram", "offline: the Telegram checks were not asked for"))
    else:
        checks.extend(await telegram_checks(settings, build))
    secrets = settings.secrets
    hide = Redactor([secrets.api_hash, secrets.bot_token, secrets.session])

    def clean(text: str) -> str:
        return _one_line(hide(redact(text)))

    return [replace(c, detail=clean(c.detail), fix=clean(c.fix) if c.fix else None) for c in checks]


def _one_line(text: str) -> str:
    # error texts may carry newlines or control characters; each check is one line
    return _CONTROL.sub(" ", text).strip()


def config_failure(error: Exception) -> list[Check]:
    """The report when the settings cannot even be loaded (a ConfigError, one line), with
    the fix its cause calls for: a line of the file, the file itself, or a variable."""
    detail = _one_line(redact(str(error)))
    return [Check("config", False, detail, config_fix(error))]


def config_fix(error: Exception) -> str:
    from bot.config import ENVIRONMENT

    file = getattr(error, "file", None)
    key = getattr(error, "key", None)
    text = str(error)
    again = ", then run `tgradar doctor` again"
    if file == ENVIRONMENT:
        return f"correct {key or 'that variable'} in the environment{again}"
    if "config file not found" in text:
        return (
            "copy config/tgradar.example.toml there, or point --config or TGRADAR_CONFIG "
            f"at your config file{again}"
        )
    if key or "invalid TOML" in text:
        return f"fix that line of {file}{again}" if file else f"fix that line{again}"
    return f"check the file that --config or TGRADAR_CONFIG names{again}"


def _crashed(name: str, exc: Exception) -> Check:
    return Check(
        name,
        False,
        f"the check itself failed: {type(exc).__name__}: {exc}",
        "report this as a tgradar bug",
    )


def _guarded(name: str, check: Callable[[Any], Check], arg: Any) -> Check:
    # The doctor is what people run when things are broken: it reports, it never crashes.
    try:
        return check(arg)
    except Exception as exc:
        return _crashed(name, exc)


def _guarded_list(name: str, check: Callable[[Any], list[Check]], arg: Any) -> list[Check]:
    try:
        return check(arg)
    except Exception as exc:
        return [_crashed(name, exc)]


# --------------------------------------------------------------------------- local checks


def config_checks(settings: Settings) -> list[Check]:
    """The config as read, then a warning for each thing it leaves the daemon without."""
    source = str(settings.source) if settings.source else "embedded defaults"
    checks = [Check("config", True, f"{source} ({len(settings.channels.watch)} channel(s) listed)")]
    if settings.review.chat is None:
        checks.append(
            Check(
                "review chat",
                True,
                f"{source}: review.chat is not set, so no cards are posted",
                'set chat = "<username or -100... id>" under [review]',
            )
        )
    if not watched_channels(settings):
        checks.append(
            Check(
                "watch list",
                True,
                f"{source}: channels.watch is empty, so nothing is watched",
                "list channels in watch = [...] under [channels] (or add them with /channels add)",
            )
        )
    return checks


_SECRET_VARIABLES = (
    ("api_id", "TGRADAR_API_ID", "my.telegram.org"),
    ("api_hash", "TGRADAR_API_HASH", "my.telegram.org"),
    ("bot_token", "TGRADAR_BOT_TOKEN", "@BotFather"),
)


def secrets_check(settings: Settings, problems: Sequence[Exception] = ()) -> Check:
    if problems:
        keys = [getattr(p, "key", None) or "a secret" for p in problems]
        detail = "; ".join(str(p).removeprefix("environment: ") for p in problems)
        fix = f"correct {', '.join(keys)} in the environment (or the file its _FILE names)"
        return Check("secrets", False, detail, fix)
    missing = [
        (variable, where)
        for field, variable, where in _SECRET_VARIABLES
        if getattr(settings.secrets, field) is None
    ]
    if not missing:
        return Check("secrets", True, "API id, API hash and bot token are set")
    names = ", ".join(variable for variable, _ in missing)
    fix = "; ".join(f"set {v} (or {v}_FILE), from {where}" for v, where in missing)
    return Check("secrets", False, f"not set: {names}", fix)


def data_dir_check(data_dir: Path) -> Check:
    name = "data dir"
    if not data_dir.exists():
        parent = _nearest_existing(data_dir)
        if parent.is_dir() and os.access(parent, os.W_OK | os.X_OK):
            return Check(name, True, f"{data_dir} does not exist yet; `tgradar login` creates it")
        return Check(
            name,
            False,
            f"{data_dir} does not exist and cannot be created under {parent}",
            f"mkdir -p {_sh(data_dir)}",
        )
    if not data_dir.is_dir():
        return Check(
            name,
            False,
            f"{data_dir} is not a directory",
            "point TGRADAR_DATA at a directory",
        )
    try:
        with tempfile.NamedTemporaryFile(dir=data_dir, prefix=".tgradar-doctor-"):
            pass
    except OSError as exc:
        return Check(
            name,
            False,
            f"{data_dir} is not writable ({exc.strerror or exc})",
            f"chown {os.getuid()} {_sh(data_dir)} && chmod u+rwx {_sh(data_dir)}",
        )
    return Check(name, True, f"{data_dir} is writable")


def disk_check(data_dir: Path) -> Check:
    where = _nearest_existing(data_dir)
    try:
        free = shutil.disk_usage(where).free
    except OSError as exc:
        return Check("disk", False, f"cannot measure free space at {where}: {exc.strerror}")
    return disk_space_check(free, where)


def disk_space_check(free_bytes: int, where: Path) -> Check:
    """Warn under 500 MB free, fail under 50 MB."""
    detail = f"{free_bytes // MB} MB free at {where}"
    if free_bytes < DISK_FAIL_BYTES:
        return Check("disk", False, detail, f"free space on the disk holding {where}")
    if free_bytes < DISK_WARN_BYTES:
        return Check("disk", True, detail, f"free space soon: under {DISK_WARN_BYTES // MB} MB")
    return Check("disk", True, detail)


def _sh(path: Path) -> str:
    """A path as a shell word, for fixes people paste."""
    return shlex.quote(str(path))


def _nearest_existing(path: Path) -> Path:
    path = path.absolute()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def database_check(path: Path) -> Check:
    from bot.store import SCHEMA_VERSION, Store, StoreError, schema_version

    name = "database"
    if not path.parent.exists():
        # Store creates the directory on the first run; the doctor only looks.
        return skip(
            name, f"no database yet: {path.parent} does not exist; `tgradar run` creates it"
        )
    if not path.parent.is_dir():
        return Check(
            name, False, f"{path.parent} is a file, not a directory", "point it at a directory"
        )
    try:
        store = Store(path)
    except StoreError as exc:
        return Check(name, False, str(exc), _chown_fix(path))
    try:
        version = schema_version(store.db)
        store.db.execute(f"PRAGMA busy_timeout = {DB_BUSY_TIMEOUT_MS}")
        conn = store.db.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("UPDATE meta SET value = value WHERE key = 'schema_version'")
        finally:
            conn.rollback()
    except sqlite3.Error as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            return Check(name, False, f"{path} is busy: {exc}", "run `tgradar doctor` again")
        return Check(name, False, f"{path} is not writable: {exc}", _chown_fix(path))
    finally:
        store.close()
    return Check(name, True, f"{path} (schema v{version} of {SCHEMA_VERSION}, writable)")


def _chown_fix(path: Path) -> str:
    return f"let this user write it: chown {os.getuid()} {_sh(path.parent)} {_sh(path)}"


def session_file_check(settings: Settings) -> Check:
    name = "session file"
    for account in settings.accounts.names:
        other = settings.session_path(account)
        if account != "default" and not other.is_file():
            return Check(
                name,
                False,
                f"{other} does not exist (account {account!r} in [accounts] names)",
                f"tgradar login --account {account}",
            )
    if settings.secrets.session:
        return Check(name, True, "TGRADAR_SESSION is set; no session file needed")
    path = settings.user_session_path
    if not path.is_file():
        return Check(name, False, f"{path} does not exist (nor is TGRADAR_SESSION set)", LOGIN_HINT)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError as exc:
        return Check(name, False, f"cannot read {path}: {exc.strerror}", _chown_fix(path))
    if mode & 0o077:
        return Check(
            name,
            True,
            f"{path} can be read by others (mode {mode:o}); it holds a login",
            f"chmod 600 {_sh(path)}",
        )
    return Check(name, True, f"{path} (owner-only)")


# --------------------------------------------------------------------------- Telegram


class _FloodWait(Exception):
    def __init__(self, seconds: int) -> None:
        super().__init__(seconds)
        self.seconds = seconds


async def _ask(step: Awaitable[T]) -> T:
    """One Telegram step with a time limit; a flood wait becomes _FloodWait."""
    try:
        return await asyncio.wait_for(step, TELEGRAM_TIMEOUT)
    except errors.FloodWaitError as exc:
        raise _FloodWait(exc.seconds) from None


def _trouble(exc: BaseException) -> tuple[str, str | None]:
    """A Telegram-side failure as (detail, fix)."""
    if isinstance(exc, _FloodWait):
        return (
            f"Telegram asks to wait {exc.seconds}s (flood wait)",
            f"wait {exc.seconds}s, then run `tgradar doctor` again",
        )
    if isinstance(exc, errors.RPCError):
        return f"Telegram answered {exc.message or type(exc).__name__}", None
    if isinstance(exc, TimeoutError):
        return f"Telegram did not answer within {TELEGRAM_TIMEOUT:g}s", "check the network"
    return f"cannot reach Telegram: {exc}", "check the network"


_TELEGRAM_FAILURES = (errors.RPCError, _FloodWait, ConnectionError, OSError, TimeoutError)


def _copy_session(path: Path) -> MemorySession | None:
    """The login stored in a Telethon session file, in memory; None if it holds none."""
    if not path.is_file():
        return None
    stored = SQLiteSession(str(path))
    try:
        if stored.auth_key is None:
            return None
        memory = MemorySession()
        memory.set_dc(stored.dc_id, stored.server_address, stored.port)
        memory.auth_key = stored.auth_key
        return memory
    finally:
        stored.close()


def _premium(user: Any) -> str:
    return ", Premium" if getattr(user, "premium", False) else ""


def _display(user: Any) -> str:
    if getattr(user, "username", None):
        return f"@{user.username}"
    return f"{getattr(user, 'first_name', None) or 'account'} (id {user.id})"


class _Telegram:
    """The two clients the checks share, made on demand and closed at the end."""

    def __init__(self, settings: Settings, build: ClientBuilder) -> None:
        self.settings = settings
        self.build = build
        self.clients: list[TelegramClient] = []
        self.user: TelegramClient | None = None
        self.bot: TelegramClient | None = None
        self.bot_name = "the bot"
        self.premium: dict[str, bool] = {}  # logged-in watching accounts: Premium or not

    def _client(self, session: Any, account: str) -> TelegramClient:
        secrets = self.settings.secrets
        client = self.build(session, secrets.api_id, secrets.api_hash, account=account)
        client.flood_sleep_threshold = 0  # report flood waits, never sleep through them
        self.clients.append(client)
        return client

    async def close(self) -> None:
        for client in self.clients:
            with contextlib.suppress(Exception):
                await client.disconnect()

    async def user_check(self) -> Check:
        name = "user account"
        secrets = self.settings.secrets
        path = self.settings.user_session_path
        try:
            if secrets.session:
                session: Any = StringSession(secrets.session)
                where = "TGRADAR_SESSION"
            else:
                session = _copy_session(path)
                where = str(path)
        except (sqlite3.Error, OSError, ValueError) as exc:
            return Check(name, False, f"cannot read the session {path}: {exc}", LOGIN_HINT)
        if session is None:
            return skip(name, "no session to log in with (see the session file check)")
        client = self._client(session, "user")
        try:
            await _ask(client.connect())
            me = await _ask(client.get_me())
        except _TELEGRAM_FAILURES as exc:
            return Check(name, False, *_trouble(exc))
        if me is None:
            return Check(name, False, f"the session in {where} is not logged in", LOGIN_HINT)
        if me.bot:
            return Check(
                name, False, f"the session in {where} is a bot's, not a user's", LOGIN_HINT
            )
        self.user = client
        self.premium["default"] = bool(getattr(me, "premium", False))
        return Check(name, True, f"logged in as {_display(me)}{_premium(me)}")

    async def account_checks(self) -> list[Check]:
        """Every other watching account of [accounts] names: its session is logged in."""
        checks = []
        for account in self.settings.accounts.names:
            if account == "default":
                continue
            name = f"account {account}"
            path = self.settings.session_path(account)
            fix = login_hint(account)
            try:
                session = _copy_session(path)
            except (sqlite3.Error, OSError, ValueError) as exc:
                checks.append(Check(name, False, f"cannot read the session {path}: {exc}", fix))
                continue
            if session is None:
                if path.is_file():
                    checks.append(Check(name, False, f"{path} holds no login", fix))
                else:
                    checks.append(skip(name, "no session file (see the session file check)"))
                continue
            client = self._client(session, f"user:{account}")
            try:
                await _ask(client.connect())
                me = await _ask(client.get_me())
            except _TELEGRAM_FAILURES as exc:
                checks.append(Check(name, False, *_trouble(exc)))
                continue
            if me is None:
                checks.append(Check(name, False, f"the session in {path} is not logged in", fix))
            elif me.bot:
                checks.append(Check(name, False, f"the session in {path} is a bot's", fix))
            else:
                self.premium[account] = bool(getattr(me, "premium", False))
                checks.append(Check(name, True, f"logged in as {_display(me)}{_premium(me)}"))
        return checks

    async def capacity_check(self) -> list[Check]:
        """Can the accounts join every watched channel (live updates)? Accounts that could
        not be checked are counted at the ordinary limit."""
        settings = self.settings
        watch = watched_channels(settings)
        if not settings.poll.live or not watch:
            return []
        joinable = 0
        for account in settings.accounts.names:
            own = CHANNELS_LIMIT_PREMIUM if self.premium.get(account) else CHANNELS_LIMIT_DEFAULT
            cap = settings.accounts.join_limit
            joinable += own if cap is None else min(cap, own)
        note = over_capacity(len(watch), joinable)
        if note is not None:
            return [Check("join limit", True, note, ADD_ACCOUNT_HINT)]
        return [Check("join limit", True, f"{len(watch)} channel(s), accounts can join {joinable}")]

    async def bot_check(self) -> Check:
        name = "bot"
        token = self.settings.secrets.bot_token
        if token is None:
            return skip(name, "TGRADAR_BOT_TOKEN is not set (see the secrets check)")
        bot_id = token.partition(":")[0]  # a token starts with the bot's user id
        try:
            session = _copy_session(self.settings.bot_session_path)
        except (sqlite3.Error, OSError, ValueError):
            session = None  # a fresh login in memory will do
        try:
            me = None
            if session is not None:  # reuse the daemon's bot login: bot logins are rationed
                client = self._client(session, "bot")
                await _ask(client.connect())
                me = await _ask(client.get_me())
            if me is None or str(me.id) != bot_id:  # no login yet, or another bot's
                client = self._client(MemorySession(), "bot")
                await _ask(client.connect())
                me = await _ask(client.sign_in(bot_token=token))
        except (errors.AccessTokenInvalidError, errors.AccessTokenExpiredError):
            return Check(
                name,
                False,
                "Telegram rejects the bot token",
                "get the token from @BotFather; set TGRADAR_BOT_TOKEN (or TGRADAR_BOT_TOKEN_FILE)",
            )
        except _TELEGRAM_FAILURES as exc:
            return Check(name, False, *_trouble(exc))
        self.bot = client
        self.bot_name = _display(me)
        return Check(name, True, f"logged in as {self.bot_name}")

    async def review_checks(self) -> list[Check]:
        chat = self.settings.review.chat
        if chat is None:
            return []  # the config check warns about it
        if self.bot is None:
            return [skip("review chat", f"{self.bot_name} is not logged in")]
        target: str | int = int(chat) if str(chat).lstrip("-").isdigit() else str(chat)
        shown = f"@{target}" if isinstance(target, str) else str(target)
        add_bot = f"add {self.bot_name} to {shown}"
        try:
            entity = await _ask(self.bot.get_entity(target))
        except ValueError:
            return [
                Check(
                    "review chat",
                    False,
                    f"{shown} cannot be found by {self.bot_name}",
                    f"check review.chat; {add_bot}",
                )
            ]
        except (errors.ChannelPrivateError, errors.ChannelInvalidError, errors.ChatIdInvalidError):
            return [Check("review chat", False, f"{self.bot_name} cannot see {shown}", add_bot)]
        except _TELEGRAM_FAILURES as exc:
            return [Check("review chat", False, *_trouble(exc))]
        if isinstance(entity, types.User):
            return [
                Check(
                    "review chat",
                    False,
                    f"{shown} is a user, not a group or channel",
                    "set review.chat to a group or channel",
                )
            ]
        if isinstance(entity, types.ChannelForbidden | types.ChatForbidden):
            return [Check("review chat", False, f"{self.bot_name} is banned from {shown}", add_bot)]
        found = Check("review chat", True, f"{shown} ({_kind(entity)} {entity.title!r})")
        participant = None
        if isinstance(entity, types.Channel):
            try:
                answer = await _ask(
                    self.bot(
                        functions.channels.GetParticipantRequest(entity, types.InputPeerSelf())
                    )
                )
                participant = answer.participant
            except errors.UserNotParticipantError:
                participant = None
            except _TELEGRAM_FAILURES as exc:
                return [found, Check("bot member", False, *_trouble(exc))]
        member = _is_member(entity, participant)
        if not member:
            how = add_bot + (" as an admin allowed to post" if _broadcast(entity) else "")
            return [found, Check("bot member", False, f"{self.bot_name} is not in {shown}", how)]
        admin = _is_admin(participant) or getattr(entity, "admin_rights", None)
        role = "an admin" if admin else "a member"
        joined = Check("bot member", True, f"{self.bot_name} is {role} of {shown}")
        problem = posting_problem(entity, participant)
        if problem:
            return [found, joined, Check("bot can post", False, problem[0], problem[1])]
        return [found, joined, Check("bot can post", True, f"may send messages to {shown}")]

    async def channel_checks(self) -> list[Check]:
        watch = watched_channels(self.settings)
        if not watch:
            return []  # the config check warns about it
        if self.user is None:
            return [skip("channels", f"{len(watch)} channel(s): the user account is not logged in")]
        checks = []
        flood: _FloodWait | None = None
        for username in watch:
            name = f"channel @{username}"
            if flood is not None:
                checks.append(Check(name, False, *_trouble(flood)))
                continue
            try:
                entity = await _ask(self.user.get_entity(username))
            except _FloodWait as exc:
                flood = exc
                checks.append(Check(name, False, *_trouble(exc)))
                continue
            except (ValueError, errors.UsernameInvalidError, errors.UsernameNotOccupiedError):
                checks.append(Check(name, False, "no such public channel", RENAMED_HINT))
                continue
            except (errors.ChannelPrivateError, errors.ChannelInvalidError):
                checks.append(
                    Check(name, False, "private, or the account is banned from it", RENAMED_HINT)
                )
                continue
            except _TELEGRAM_FAILURES as exc:
                checks.append(Check(name, False, *_trouble(exc)))
                continue
            checks.append(_channel_verdict(name, entity))
        return checks


def _channel_verdict(name: str, entity: Any) -> Check:
    if isinstance(entity, types.ChannelForbidden):
        return Check(name, False, "private, or the account is banned from it", RENAMED_HINT)
    if not isinstance(entity, types.Channel):
        return Check(name, False, "is a user or a group, not a channel", RENAMED_HINT)
    if not entity.username:
        return Check(name, False, "private (no public username)", RENAMED_HINT)
    return Check(name, True, f"{_kind(entity)} {entity.title!r}")


def _kind(entity: Any) -> str:
    if isinstance(entity, types.Chat):
        return "group"
    return "channel" if _broadcast(entity) else "supergroup"


def _broadcast(entity: Any) -> bool:
    return isinstance(entity, types.Channel) and bool(entity.broadcast)


def _is_admin(participant: Any) -> bool:
    return isinstance(participant, types.ChannelParticipantAdmin | types.ChannelParticipantCreator)


def _is_member(entity: Any, participant: Any) -> bool:
    if isinstance(entity, types.Chat):
        return not (entity.left or entity.deactivated)
    if participant is None or isinstance(participant, types.ChannelParticipantLeft):
        return False
    if isinstance(participant, types.ChannelParticipantBanned):
        return not participant.left and not participant.banned_rights.view_messages
    return True


def posting_problem(entity: Any, participant: Any) -> tuple[str, str] | None:
    """Why the bot, a member of `entity` as `participant`, may not post there: (detail, fix)."""
    make_admin = "make the bot an admin allowed to post messages"
    if _broadcast(entity):
        rights = getattr(participant, "admin_rights", None)
        if isinstance(participant, types.ChannelParticipantCreator):
            return None
        if rights is not None and rights.post_messages:
            return None
        return "in a broadcast channel only admins allowed to post can send", make_admin
    if _is_admin(participant) or getattr(entity, "admin_rights", None):
        return None
    if isinstance(participant, types.ChannelParticipantBanned):
        rights = participant.banned_rights
        if rights.send_messages or getattr(rights, "send_plain", False):
            return (
                "the bot is restricted from sending messages",
                "lift the restriction or " + make_admin,
            )
    defaults = getattr(entity, "default_banned_rights", None)
    if defaults is not None and (defaults.send_messages or getattr(defaults, "send_plain", False)):
        return "members of this group may not send messages", make_admin
    return None


def watched_channels(settings: Settings) -> list[str]:
    """The channels the daemon would poll: the config's, then those added with /channels.

    The same rule as App.watched_channels; read without creating the database.
    """
    from bot.store import Store, StoreError

    configured = list(settings.channels.watch)
    if not settings.storage.database.is_file():
        return configured
    try:
        store = Store(settings.storage.database)
    except StoreError:
        return configured  # the database check reports it
    try:
        return store.watched_channels(configured)
    except sqlite3.Error:
        return configured  # the database check reports it
    finally:
        store.close()


async def telegram_checks(settings: Settings, build: ClientBuilder) -> list[Check]:
    secrets = settings.secrets
    if secrets.api_id is None or secrets.api_hash is None:
        return [skip("telegram", "TGRADAR_API_ID and TGRADAR_API_HASH are needed to log in")]
    telegram = _Telegram(settings, build)
    steps: list[tuple[str, Callable[[], Awaitable[Check | list[Check]]]]] = [
        ("user account", telegram.user_check),
        ("accounts", telegram.account_checks),
        ("bot", telegram.bot_check),
        ("review chat", telegram.review_checks),
        ("channels", telegram.channel_checks),
        ("join limit", telegram.capacity_check),
    ]
    checks: list[Check] = []
    try:
        for name, step in steps:
            try:
                result = await step()
            except Exception as exc:  # see _guarded
                result = _crashed(name, exc)
            checks.extend(result if isinstance(result, list) else [result])
    finally:
        await telegram.close()
    return checks
