"""The sandbox through Telethon's real MTProtoSender (connection= with a pre-shared auth key)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from telethon import errors, events

from bot.sandbox import SandboxServer
from bot.sandbox.transport import connect_mtproto_client


async def test_mtproto_round_trip_history_send_and_push():
    server = SandboxServer(datetime(2026, 3, 1, tzinfo=UTC))
    alice = server.add_user("alice", first_name="Alice")
    shot = server.add_channel("shot_shot", title="SHOT", subscribers=[alice])
    review = server.add_megagroup("tgradar_review", members=[alice])
    for number in range(120):
        server.post(shot, f"Ракетная опасность, сообщение {number}")
    client = await connect_mtproto_client(server, alice)
    try:
        assert type(client._sender).__name__ == "MTProtoSender"
        messages = [m async for m in client.iter_messages("shot_shot", limit=None, wait_time=0)]
        assert [m.id for m in messages] == list(range(120, 0, -1))
        assert server.requests_by(alice)["GetHistoryRequest"] == 2

        sent = await client.send_message("tgradar_review", "Проверка связи")
        assert [m.text for m in server.messages(review)] == ["Проверка связи"]
        assert sent.id == server.messages(review)[0].id

        with pytest.raises(errors.UsernameNotOccupiedError):
            from telethon.tl import functions

            await client(functions.contacts.ResolveUsernameRequest("nobody_here_at_all"))

        pushed = asyncio.Event()
        client.add_event_handler(lambda e: pushed.set(), events.NewMessage(chats=shot.id))
        server.post(shot, "Отбой тревоги")
        await asyncio.wait_for(pushed.wait(), 3)
    finally:
        await client.disconnect()
