"""The sandbox served over TCP on 127.0.0.1, so another process (`tgradar run`) can reach it.

Each connection speaks Telethon's default transport, TCP "full" framing (length, sequence
number, payload, CRC32), carrying MTProto encrypted with a pre-shared auth key: the server half
is `transport.SandboxMTProtoEndpoint`, exactly as for the in-process `connection=` class. There
is no DH handshake, so a client needs a session that already holds a key the server knows:
`session_file()` writes one (SQLite, as `tgradar login` leaves it) pointing at this server,
authorised for a user account, or for a bot only known (the bot logs in with its token).
Failures and delays per request are the server's own (`fail`, `after`), switchable any time.

    tcp = SandboxTcpServer(server)
    port = await tcp.start()
    tcp.session_file(data / "tgradar.session", watcher)
    tcp.session_file(data / "tgradar-bot.session", None)     # the bot signs in with its token
    ... run `tgradar run` with TGRADAR_DATA=data ...
    await tcp.stop()
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import struct
import zlib
from pathlib import Path

from telethon.crypto import AuthKey
from telethon.sessions import SQLiteSession, StringSession

from .errors import ConnectionDropped, RpcFailure, UnsupportedRequest
from .model import Account
from .server import SandboxServer
from .transport import _RPC_ERROR, _RPC_RESULT, SandboxMTProtoEndpoint, _tl_string

SANDBOX_DC = 2
MAX_PACKET = 16 * 1024 * 1024


class _TcpEndpoint(SandboxMTProtoEndpoint):
    """The endpoint of one TCP connection: a lost answer (a ConnectionError raised by an
    `after` hook, a `fail(..., ConnectionError)`) closes the connection, as a network cut
    would, instead of answering with an error."""

    def __init__(self, server: SandboxServer, writer: asyncio.StreamWriter) -> None:
        super().__init__(server)
        self._writer = writer

    async def _answer(self, msg_id: int, request_bytes: bytes) -> None:
        try:
            result = await self.server.invoke(self, request_bytes)
        except ConnectionDropped:
            self._writer.close()  # the client sees the connection go, no answer
            return
        except RpcFailure as failure:
            result = struct.pack("<Ii", _RPC_ERROR, failure.code) + _tl_string(
                failure.message.encode()
            )
        except UnsupportedRequest as error:
            result = struct.pack("<Ii", _RPC_ERROR, 400) + _tl_string(str(error).encode())
        self._send(struct.pack("<Iq", _RPC_RESULT, msg_id) + result, content_related=True)


class SandboxTcpServer:
    def __init__(self, server: SandboxServer, host: str = "127.0.0.1", port: int = 0) -> None:
        self.server = server
        self.host = host
        self.port = port
        self._listener: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._endpoints: dict[asyncio.StreamWriter, _TcpEndpoint] = {}
        self.connections_seen = 0

    async def start(self) -> int:
        """Listen; returns the port (a free one when constructed with 0)."""
        self._listener = await asyncio.start_server(self._serve, self.host, self.port)
        self.port = self._listener.sockets[0].getsockname()[1]
        return self.port

    async def stop(self) -> None:
        if self._listener is not None:
            self._listener.close()
            with contextlib.suppress(Exception):
                await self._listener.wait_closed()
        for writer in list(self._writers):
            writer.close()  # the connection's reader ends; its handler returns by itself
        await asyncio.sleep(0)
        self._listener = None

    def cut(self, account: Account | None = None) -> int:
        """The network cuts the TCP connections of `account` (or every one): what is pushed
        from now on is lost with them, and the client's own MTProtoSender notices the broken
        connection and reconnects by itself, as it would to Telegram. Returns how many."""
        mine = None if account is None else {id(s) for s in self.server.sessions_of(account)}
        cut = 0
        for writer, endpoint in list(self._endpoints.items()):
            if mine is not None and id(endpoint) not in mine:
                continue
            endpoint.close()  # detached at once: no push reaches it any more
            writer.transport.abort()  # a reset, not a polite close
            cut += 1
        return cut

    # -- sessions -------------------------------------------------------------------------

    def new_key(self, account: Account | None) -> AuthKey:
        """A key the server knows; bound to `account` when it is a user (a finished login)."""
        key = AuthKey(os.urandom(256))
        self.server.remember_key(key)
        if account is not None and not account.is_bot:
            self.server.authorize_key(key.key_id, account)
        return key

    def session_file(self, path: Path, account: Account | None) -> Path:
        """A Telethon SQLite session at `path` that connects here with a known key."""
        session = SQLiteSession(str(path))
        session.set_dc(SANDBOX_DC, self.host, self.port)
        session.auth_key = self.new_key(account)
        session.save()
        session.close()
        return Path(str(path) if str(path).endswith(".session") else f"{path}.session")

    def session_string(self, account: Account | None) -> str:
        """The same as a StringSession (for TGRADAR_SESSION)."""
        session = StringSession()
        session.set_dc(SANDBOX_DC, self.host, self.port)
        session.auth_key = self.new_key(account)
        return session.save()

    # -- one connection ---------------------------------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        self.connections_seen += 1
        endpoint = _TcpEndpoint(self.server, writer)
        self._endpoints[writer] = endpoint
        sending = asyncio.ensure_future(self._send_loop(endpoint, writer))
        try:
            await self._receive_loop(endpoint, reader)
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            pass  # the client went away (or a SIGKILL cut it mid-packet)
        finally:
            sending.cancel()
            endpoint.close()
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()
            self._writers.discard(writer)
            self._endpoints.pop(writer, None)

    async def _receive_loop(
        self, endpoint: SandboxMTProtoEndpoint, reader: asyncio.StreamReader
    ) -> None:
        expected_seq = 0
        while True:
            head = await reader.readexactly(8)
            length, seq = struct.unpack("<ii", head)
            if not 12 <= length <= MAX_PACKET:
                raise ValueError(f"bad packet length {length}")
            rest = await reader.readexactly(length - 8)
            body, checksum = rest[:-4], struct.unpack("<I", rest[-4:])[0]
            if zlib.crc32(head + body) != checksum:
                raise ValueError("bad CRC32")
            if seq != expected_seq:
                raise ValueError(f"packet {seq} out of order (expected {expected_seq})")
            expected_seq += 1
            endpoint.receive(body)

    @staticmethod
    async def _send_loop(endpoint: SandboxMTProtoEndpoint, writer: asyncio.StreamWriter) -> None:
        seq = 0
        while True:
            body = await endpoint.outbox.get()
            head = struct.pack("<ii", len(body) + 12, seq)
            writer.write(head + body + struct.pack("<I", zlib.crc32(head + body)))
            seq += 1
            await writer.drain()
