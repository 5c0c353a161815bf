"""A `connection=` class for TelegramClient that reaches the sandbox through real MTProto.

With this, Telethon's own `MTProtoSender` runs unchanged: it encrypts with the session's auth
key, packs containers, acks and matches rpc_results; `SandboxMTProtoEndpoint` is the server half
(decrypts with the same pre-shared AuthKey, answers through the same handlers, encrypts replies
and pushed updates). Auth-key generation (the DH handshake) is not modelled: the key is shared.
"""

from __future__ import annotations

import asyncio
import gzip
import os
import struct
import time
from hashlib import sha256
from typing import Any

from telethon import TelegramClient
from telethon.crypto import AES, AuthKey
from telethon.errors import SecurityError
from telethon.extensions import BinaryReader
from telethon.network.connection.connection import Connection
from telethon.network.mtprotostate import MTProtoState
from telethon.sessions import MemorySession

from .client import SANDBOX_API_HASH, SANDBOX_API_ID, check_telethon_seam
from .errors import ConnectionDropped, RpcFailure, SandboxError, UnsupportedRequest
from .model import Account
from .server import SandboxServer

_CONTAINER = 0x73F1F8DC
_GZIP_PACKED = 0x3072CFA1
_MSGS_ACK = 0x62D6B459
_PING = 0x7ABE77EC
_PING_DELAY_DISCONNECT = 0xF3427B8C
_PONG = 0x347773C5
_RPC_RESULT = 0xF35C6D01
_RPC_ERROR = 0x2144CA19


def _tl_string(value: bytes) -> bytes:
    if len(value) < 254:
        head = bytes([len(value)])
        padding = (-(len(value) + 1)) % 4
    else:
        head = b"\xfe" + len(value).to_bytes(3, "little")
        padding = (-len(value)) % 4
    return head + value + b"\x00" * padding


class SandboxMTProtoEndpoint:
    """The server end of one MTProto connection (a `Session` for SandboxServer)."""

    def __init__(self, server: SandboxServer) -> None:
        self.server = server
        self.outbox: asyncio.Queue[bytes] = asyncio.Queue()
        self.auth_key: AuthKey | None = None
        self._session_id: int | None = None
        self._salt = int.from_bytes(os.urandom(8), "little", signed=True)
        self._last_msg_id = 0
        self._seq = 0
        self._tasks: set[asyncio.Task[None]] = set()
        self._closed = False

    @property
    def auth_key_id(self) -> int:
        return self.auth_key.key_id if self.auth_key is not None else 0

    # ------------------------------------------------------------------ inbound

    def receive(self, packet: bytes) -> None:
        task = asyncio.get_running_loop().create_task(self._handle_packet(packet))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _handle_packet(self, packet: bytes) -> None:
        plaintext = self._decrypt(packet)
        with BinaryReader(plaintext) as reader:
            reader.read_long()  # salt: the sandbox accepts any
            self._session_id = reader.read_long()
            msg_id = reader.read_long()
            reader.read_int()  # seq_no
            length = reader.read_int()
            body = reader.read(length)
        self.server.attach(self)
        await self._handle_message(msg_id, body)

    async def _handle_message(self, msg_id: int, body: bytes) -> None:
        constructor = struct.unpack("<I", body[:4])[0]
        if constructor == _CONTAINER:
            with BinaryReader(body[4:]) as reader:
                count = reader.read_int()
                inner = []
                for _ in range(count):
                    inner_id = reader.read_long()
                    reader.read_int()
                    inner.append((inner_id, reader.read(reader.read_int())))
            for inner_id, inner_body in inner:
                await self._handle_message(inner_id, inner_body)
        elif constructor == _GZIP_PACKED:
            with BinaryReader(body[4:]) as reader:
                await self._handle_message(msg_id, gzip.decompress(reader.tgread_bytes()))
        elif constructor == _MSGS_ACK:
            return
        elif constructor in (_PING, _PING_DELAY_DISCONNECT):
            ping_id = struct.unpack("<q", body[4:12])[0]
            self._send(struct.pack("<Iqq", _PONG, msg_id, ping_id), content_related=False)
        else:
            await self._answer(msg_id, body)

    async def _answer(self, msg_id: int, request_bytes: bytes) -> None:
        try:
            result = await self.server.invoke(self, request_bytes)
        except RpcFailure as failure:
            payload = struct.pack("<Ii", _RPC_ERROR, failure.code) + _tl_string(
                failure.message.encode()
            )
        except (UnsupportedRequest, ConnectionDropped) as error:
            # No way to raise through MTProto; answer with an error that names the problem
            # (400, not 500: Telethon would retry a 500 with sleeps).
            payload = struct.pack("<Ii", _RPC_ERROR, 400) + _tl_string(str(error).encode())
        else:
            payload = result
        self._send(struct.pack("<Iq", _RPC_RESULT, msg_id) + payload, content_related=True)

    def _decrypt(self, packet: bytes) -> bytes:
        key_id = struct.unpack("<Q", packet[:8])[0]
        auth_key = self.server.known_key(key_id)
        if auth_key is None:
            raise SecurityError(f"sandbox: unknown auth key id {key_id}")
        self.auth_key = auth_key
        msg_key = packet[8:24]
        aes_key, aes_iv = MTProtoState._calc_key(auth_key.key, msg_key, True)
        plaintext = AES.decrypt_ige(packet[24:], aes_key, aes_iv)
        expected = sha256(auth_key.key[88 : 88 + 32] + plaintext).digest()[8:24]
        if expected != msg_key:
            raise SecurityError("sandbox: client msg_key does not match")
        return plaintext

    # ------------------------------------------------------------------ outbound

    def deliver(self, updates_bytes: bytes) -> None:
        self._send(updates_bytes, content_related=True)

    def _next_msg_id(self) -> int:
        now = time.time()
        msg_id = (int(now) << 32) | (int((now % 1) * 2**30) << 2) | 1
        if msg_id <= self._last_msg_id:
            msg_id = self._last_msg_id + 4
        self._last_msg_id = msg_id
        return msg_id

    def _send(self, body: bytes, *, content_related: bool) -> None:
        if self._closed or self.auth_key is None or self._session_id is None:
            return
        seq_no = self._seq * 2 + 1 if content_related else self._seq * 2
        if content_related:
            self._seq += 1
        data = (
            struct.pack(
                "<qqqii", self._salt, self._session_id, self._next_msg_id(), seq_no, len(body)
            )
            + body
        )
        padding = os.urandom(12 + (-(len(data) + 12) % 16))
        key = self.auth_key.key
        msg_key = sha256(key[96 : 96 + 32] + data + padding).digest()[8:24]
        aes_key, aes_iv = MTProtoState._calc_key(key, msg_key, False)
        packet = (
            struct.pack("<Q", self.auth_key.key_id)
            + msg_key
            + AES.encrypt_ige(data + padding, aes_key, aes_iv)
        )
        self.outbox.put_nowait(packet)

    def close(self) -> None:
        self._closed = True
        self.server.detach(self)
        for task in list(self._tasks):
            task.cancel()


class _NullWriter:
    """Stands in for the asyncio StreamWriter the base Connection drains and closes."""

    async def drain(self) -> None:
        return None

    def close(self) -> None:
        return None

    async def wait_closed(self) -> None:
        return None


class SandboxConnection(Connection):
    """Telethon Connection whose bytes go to an in-process `SandboxMTProtoEndpoint`."""

    sandbox_server: SandboxServer | None = None

    async def _connect(self, timeout: float | None = None, ssl: Any = None) -> None:
        if self.sandbox_server is None:
            raise SandboxError("use sandbox_connection(server) to bind the connection to a server")
        self._endpoint = SandboxMTProtoEndpoint(self.sandbox_server)
        self._writer = _NullWriter()

    def _send(self, data: bytes) -> None:
        self._endpoint.receive(data)

    async def _recv(self) -> bytes:
        return await self._endpoint.outbox.get()

    async def disconnect(self) -> None:
        await super().disconnect()
        endpoint = getattr(self, "_endpoint", None)
        if endpoint is not None:
            endpoint.close()


def sandbox_connection(server: SandboxServer) -> type[SandboxConnection]:
    """A Connection class bound to `server`, for TelegramClient(..., connection=...)."""
    return type("BoundSandboxConnection", (SandboxConnection,), {"sandbox_server": server})


async def connect_mtproto_client(
    server: SandboxServer, account: Account, **client_kwargs: Any
) -> TelegramClient:
    """Like connect_client, but through Telethon's real MTProtoSender with a pre-shared key."""
    session = MemorySession()
    session.auth_key = AuthKey(os.urandom(256))
    server.remember_key(session.auth_key)
    if not account.is_bot:
        server.authorize_key(session.auth_key.key_id, account)
    client_kwargs.setdefault("raise_last_call_error", True)
    client = TelegramClient(
        session,
        SANDBOX_API_ID,
        SANDBOX_API_HASH,
        connection=sandbox_connection(server),
        **client_kwargs,
    )
    check_telethon_seam(client)
    await client.connect()
    if await client.get_me(input_peer=True) is None:
        await client.sign_in(bot_token=account.bot_token)
    return client
