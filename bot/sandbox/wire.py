"""What crosses the sandbox's wire: the session protocol, request names, result bytes."""

from __future__ import annotations

from typing import Any, Protocol

from telethon.tl import functions
from telethon.tl.tlobject import TLObject

_VECTOR = 0x1CB5C415
_BOOL_TRUE = 0x997275B5
_BOOL_FALSE = 0xBC799737
WRAPPERS = (
    functions.InvokeWithLayerRequest,
    functions.InitConnectionRequest,
    functions.InvokeWithoutUpdatesRequest,
    functions.InvokeAfterMsgRequest,
)


class Session(Protocol):
    """One connection of a client: what the server needs to know and to push to."""

    auth_key_id: int

    def deliver(self, updates_bytes: bytes) -> None: ...


def method_key(method: Any) -> str:
    """'GetHistoryRequest', 'messages.GetHistory' or the class → 'gethistory'."""
    name = method.__name__ if isinstance(method, type) else str(method)
    name = name.rsplit(".", 1)[-1]
    return name.removesuffix("Request").lower()


def serialize_result(result: Any) -> bytes:
    """Bytes of a TL result as the server writes them (bools and vectors included)."""
    if result is True:
        return _BOOL_TRUE.to_bytes(4, "little")
    if result is False:
        return _BOOL_FALSE.to_bytes(4, "little")
    if isinstance(result, list):
        parts = [_VECTOR.to_bytes(4, "little"), len(result).to_bytes(4, "little")]
        parts.extend(bytes(item) for item in result)
        return b"".join(parts)
    if isinstance(result, TLObject):
        return bytes(result)
    raise TypeError(f"cannot serialise handler result {result!r}")
