"""`SandboxSender`: the object that replaces `TelegramClient._sender`.

It offers the members of telethon's `MTProtoSender` that the client uses, and moves every
request and result through TL bytes: `bytes(request)` to the server, which parses it with the TL
reader, and the server's result bytes back through `request.read_result(BinaryReader(...))`,
exactly where the real sender does it. Pushed updates are parsed with
`BinaryReader.tgread_object()` and put on the client's `_updates_queue`, as
`MTProtoSender._handle_update` does; results that carry updates go through the real
`MTProtoSender._store_own_updates` so the MessageBox sees our own messages too.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import os
from typing import TYPE_CHECKING, Any

from telethon import utils
from telethon.crypto import AuthKey
from telethon.errors import rpc_message_to_error
from telethon.extensions import BinaryReader
from telethon.network.mtprotosender import MTProtoSender
from telethon.tl import types

from .errors import ConnectionDropped, RpcFailure

if TYPE_CHECKING:
    from .server import SandboxServer

log = logging.getLogger(__name__)

# The TelegramClient and MTProtoSender members this seam stands on; see check_telethon_seam().
CLIENT_MEMBERS = (
    "_sender",
    "_updates_queue",
    "_updates_handle",
    "_keepalive_handle",
    "_message_box",
    "_mb_entity_cache",
    "_flood_waited_requests",
)
SENDER_MEMBERS = (
    "connect",
    "disconnect",
    "is_connected",
    "send",
    "disconnected",
    "auth_key",
    "_transport_connected",
    "_keepalive_ping",
    "_store_own_updates",
    "_updates_queue",
)


class SandboxSender:
    """A connection of one client to a `SandboxServer`, without sockets or encryption."""

    _ids = itertools.count(1)

    def __init__(
        self,
        server: SandboxServer,
        auth_key: AuthKey | None,
        updates_queue: asyncio.Queue,
        client: Any = None,
    ) -> None:
        self.server = server
        self.auth_key = (
            auth_key if auth_key is not None and auth_key.key else AuthKey(os.urandom(256))
        )
        self._updates_queue = updates_queue
        self._client = client
        self._connection = None
        self._user_connected = False
        self._disconnected_future: asyncio.Future[None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._online: asyncio.Event | None = None  # cleared while the link is interrupted
        self.number = next(self._ids)

    def __repr__(self) -> str:
        account = self.server.account_for(self)
        return f"<SandboxSender #{self.number} {account!r}>"

    # ------------------------------------------------------------------ the Session protocol

    @property
    def auth_key_id(self) -> int:
        return self.auth_key.key_id

    def deliver(self, updates_bytes: bytes) -> None:
        """A push from the server: parse it like the real receive loop and hand it over."""
        if not self._user_connected or self.interrupted:
            return  # a push sent while the link is down never arrives
        with BinaryReader(updates_bytes) as reader:
            updates = reader.tgread_object()
        self._updates_queue.put_nowait(updates)

    def drop(self) -> None:
        """The connection breaks: pending requests fail, `disconnected` resolves with an error."""
        if not self._user_connected:
            return
        self._user_connected = False
        self.server.detach(self)
        for task in list(self._tasks):
            task.cancel()
        error = ConnectionError("sandbox: connection to Telegram lost")
        future = self._disconnected_future
        if future is not None and not future.done():
            future.set_exception(error)
            future.exception()  # mark retrieved: nobody is obliged to await `disconnected`

    @property
    def interrupted(self) -> bool:
        return self._online is not None and not self._online.is_set()

    def interrupt(self) -> None:
        """The link breaks but the client keeps trying, as MTProtoSender does: pushes are lost,
        requests wait (queued) until `resume()`."""
        if self._user_connected and not self.interrupted:
            self._online = asyncio.Event()

    def resume(self) -> None:
        """The link is back: queued requests go out, and the client is told it reconnected
        (MTProtoSender calls the client's auto-reconnect callback at this point)."""
        if self._online is None or self._online.is_set():
            return
        self._online.set()
        callback = getattr(self._client, "_handle_auto_reconnect", None)
        if self._user_connected and callback is not None:
            self._spawn(callback())

    # ------------------------------------------------------------------ MTProtoSender's API

    async def connect(self, connection: Any) -> bool:
        if self._user_connected:
            return False
        self._cancel_stale_client_loops()
        self._connection = connection
        self._user_connected = True
        self._disconnected_future = asyncio.get_running_loop().create_future()
        self.server.attach(self)
        return True

    def is_connected(self) -> bool:
        return self._user_connected and not self._client_being_torn_down()

    def _client_being_torn_down(self) -> bool:
        # Python 3.11's asyncio.wait_for can swallow a cancellation that arrives just as the
        # update queue yields an item; Telethon's update loop then keeps running while
        # is_connected() is true and asyncio.run() waits for it forever. A cancelled update
        # loop means the client is going away, so report "not connected" and let it exit.
        task = getattr(self._client, "_updates_handle", None)
        return task is not None and not task.done() and task.cancelling() > 0

    def _transport_connected(self) -> bool:
        return self._user_connected

    async def disconnect(self) -> None:
        was_connected = self._user_connected
        self._user_connected = False
        self.server.detach(self)
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        future = self._disconnected_future
        if was_connected and future is not None and not future.done():
            future.set_result(None)

    @property
    def disconnected(self) -> asyncio.Future[None]:
        if self._disconnected_future is None:
            self._disconnected_future = asyncio.get_running_loop().create_future()
            self._disconnected_future.set_result(None)
        return asyncio.shield(self._disconnected_future)

    def _keepalive_ping(self, rnd_id: int) -> None:
        # The sandbox connection cannot go stale; nothing to probe.
        return None

    def _store_own_updates(self, result: Any) -> None:
        MTProtoSender._store_own_updates(self, result)  # type: ignore[arg-type]

    def send(self, request: Any, ordered: bool = False) -> Any:
        if not self._user_connected:
            raise ConnectionError("Cannot send requests while disconnected")
        if utils.is_list_like(request):
            pairs = [(r, bytes(r)) for r in request]
            futures = [asyncio.get_running_loop().create_future() for _ in pairs]
            self._spawn(self._round_trips(pairs, futures))
            return futures
        data = bytes(request)
        future = asyncio.get_running_loop().create_future()
        self._spawn(self._round_trips([(request, data)], [future]))
        return future

    # ------------------------------------------------------------------ internals

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _round_trips(self, pairs: list[tuple[Any, bytes]], futures: list[Any]) -> None:
        try:
            for (request, data), future in zip(pairs, futures, strict=True):
                await self._round_trip(request, data, future)
        except asyncio.CancelledError:
            for future in futures:
                if not future.done():
                    future.set_exception(ConnectionError("sandbox: disconnected mid-request"))
            raise

    async def _round_trip(self, request: Any, data: bytes, future: asyncio.Future[Any]) -> None:
        if self._online is not None:
            await self._online.wait()
        try:
            result_bytes = await self.server.invoke(self, data)
        except RpcFailure as failure:
            error = rpc_message_to_error(types.RpcError(failure.code, failure.message), request)
            _settle(future, exception=error)
            return
        except ConnectionDropped:
            _settle(future, exception=ConnectionError("sandbox: connection lost mid-request"))
            self.drop()
            return
        except Exception as error:  # UnsupportedRequest and sandbox bugs must reach the caller
            _settle(future, exception=error)
            return
        try:
            with BinaryReader(result_bytes) as reader:
                result = request.read_result(reader)
        except Exception as error:
            _settle(future, exception=error)
            return
        self._store_own_updates(result)
        _settle(future, result=result)

    def _cancel_stale_client_loops(self) -> None:
        # After a dropped connection the client's old update loop is still waiting on the queue;
        # connect() is about to start a new one, so stop the old one to keep a single consumer.
        client = self._client
        if client is None:
            return
        for name in ("_updates_handle", "_keepalive_handle"):
            task = getattr(client, name, None)
            if task is not None and not task.done():
                task.cancel()


def _settle(future: asyncio.Future[Any], *, result: Any = None, exception: Any = None) -> None:
    if future.done():
        return
    if exception is not None:
        future.set_exception(exception)
    else:
        future.set_result(result)


def missing_seam_members(client: Any) -> list[str]:
    """Members of TelegramClient / MTProtoSender the sandbox relies on that Telethon lacks."""
    missing = [f"TelegramClient.{name}" for name in CLIENT_MEMBERS if not hasattr(client, name)]
    missing += [f"MTProtoSender.{name}" for name in SENDER_MEMBERS if not _sender_has(name)]
    return missing


def _sender_has(name: str) -> bool:
    if hasattr(MTProtoSender, name):
        return True
    # instance attributes set in __init__
    return name in MTProtoSender.__init__.__code__.co_names
