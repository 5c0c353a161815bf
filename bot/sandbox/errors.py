"""Errors raised inside the sandbox.

`RpcFailure` is what a handler raises to answer a request with an RPC error; the sender turns it
into the exception real Telethon raises (``FloodWaitError``, ``ChannelPrivateError``, ...).
`UnsupportedRequest` is raised, not answered: a request the sandbox does not model must stop the
test loudly instead of being answered with something plausible.
"""

from __future__ import annotations


class SandboxError(Exception):
    """Base class of the sandbox's own errors (misuse of the sandbox API)."""


class RpcFailure(SandboxError):
    """An RPC error as Telegram sends it: a numeric code and an upper-case message."""

    def __init__(self, message: str, code: int | None = None) -> None:
        self.message = message
        self.code = code if code is not None else default_code(message)
        super().__init__(f"{self.code} {self.message}")


class UnsupportedRequest(SandboxError, NotImplementedError):
    """The sandbox received a request type (or media type) it does not implement."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"bot.sandbox does not implement {what}; add a handler in bot/sandbox/handlers.py"
        )
        self.what = what


class ConnectionDropped(SandboxError):
    """Injected failure: the connection breaks while a request is in flight."""


_CODES_BY_PREFIX = (
    ("FLOOD_WAIT_", 420),
    ("SLOWMODE_WAIT_", 420),
)
_CODES = {
    "AUTH_KEY_UNREGISTERED": 401,
    "CHAT_WRITE_FORBIDDEN": 403,
    "MESSAGE_AUTHOR_REQUIRED": 403,
    "RANDOM_ID_DUPLICATE": 500,
    "INTERNAL": 500,
}


def default_code(message: str) -> int:
    """The code Telegram uses for an error message (400 unless known otherwise)."""
    for prefix, code in _CODES_BY_PREFIX:
        if message.startswith(prefix):
            return code
    return _CODES.get(message, 400)
