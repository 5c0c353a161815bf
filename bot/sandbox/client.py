"""Factories: real `telethon.TelegramClient`s wired to a `SandboxServer`."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from telethon import TelegramClient
from telethon.crypto import AuthKey
from telethon.sessions import MemorySession, SQLiteSession
from telethon.sessions.abstract import Session as TelethonSession

from .errors import SandboxError
from .model import Account
from .sender import SandboxSender, missing_seam_members
from .server import SandboxServer

SANDBOX_API_ID = 1
SANDBOX_API_HASH = "0123456789abcdef0123456789abcdef"

# Builds the TelegramClient to plug in: (session, api_id, api_hash, **kwargs). Tests pass
# tgradar's own factory (bot.runner.build_client) so they run the client settings users run.
Build = Callable[..., TelegramClient]


class TelethonSeamChanged(SandboxError):
    """The installed Telethon no longer has the private members the sandbox plugs into."""


def check_telethon_seam(client: TelegramClient) -> None:
    missing = missing_seam_members(client)
    if missing:
        raise TelethonSeamChanged(
            "bot.sandbox plugs into Telethon's private members, and this Telethon lacks: "
            + ", ".join(missing)
            + ". Update bot/sandbox/sender.py for the new Telethon."
        )


def sandbox_client(
    server: SandboxServer,
    account: Account | None = None,
    *,
    session: TelethonSession | str | os.PathLike[str] | None = None,
    build: Build | None = None,
    **client_kwargs: Any,
) -> TelegramClient:
    """A not yet connected TelegramClient whose `_sender` talks to `server`.

    `build(session, api_id, api_hash, **kwargs)` makes the client: TelegramClient by default,
    or the daemon's own factory (`partial(bot.runner.build_client, account=...)`: a
    MeteredTelegramClient with the production options, counting requests for /metrics).

    A user `account` is logged in by binding the session's auth key to it (as a finished phone
    login would); a bot logs in on connect with its token (auth.ImportBotAuthorization). With
    `account=None` the session must carry an auth key the server already knows. `session` is a
    Telethon Session (MemorySession by default, StringSession, ...) or a path for SQLiteSession.
    """
    if session is None:
        session = MemorySession()
    elif isinstance(session, str | os.PathLike):
        session = SQLiteSession(os.fspath(session))
    if session.auth_key is None or not session.auth_key.key:
        session.auth_key = AuthKey(os.urandom(256))
    if account is not None and not account.is_bot:
        server.authorize_key(session.auth_key.key_id, account)
    if build is None:
        client_kwargs.setdefault("raise_last_call_error", True)
        build = TelegramClient
    client_kwargs.setdefault("receive_updates", True)
    client = build(session, SANDBOX_API_ID, SANDBOX_API_HASH, **client_kwargs)
    check_telethon_seam(client)
    client._sender = SandboxSender(server, session.auth_key, client._updates_queue, client=client)
    client._sandbox_account = account
    return client


async def connect_client(
    server: SandboxServer,
    account: Account | None = None,
    *,
    session: TelethonSession | str | os.PathLike[str] | None = None,
    build: Build | None = None,
    **client_kwargs: Any,
) -> TelegramClient:
    """A connected, authorised TelegramClient for `account` (user or bot).

    Extra keyword arguments go to TelegramClient (e.g. flood_sleep_threshold=0,
    request_retries=0, catch_up=True). Disconnect it with `await client.disconnect()`.
    """
    client = sandbox_client(server, account, session=session, build=build, **client_kwargs)
    await client.connect()
    if await client.get_me(input_peer=True) is None:
        if account is None or not account.is_bot:
            await client.disconnect()
            raise SandboxError(
                "the session's auth key is not authorised on this server; pass the account"
            )
        await client.sign_in(bot_token=account.bot_token)
    return client
