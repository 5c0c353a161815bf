"""Saved sessions and account-level gap recovery in the sandbox."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from telethon import events

from bot.sandbox import SandboxServer, connect_client


async def wait_for(predicate, timeout=3.0):
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.01)


async def test_sqlite_session_catches_up_on_posts_missed_while_offline(tmp_path):
    server = SandboxServer(datetime(2026, 3, 1, tzinfo=UTC))
    reader = server.add_user("night_reader", first_name="Olena", lang_code="uk")
    channel = server.add_channel("kyiv_alerts", title="Тривоги Київ", subscribers=[reader])
    path = tmp_path / "reader.session"

    first = await connect_client(server, reader, session=str(path))
    seen_online = []
    first.add_event_handler(lambda e: seen_online.append(e.raw_text), events.NewMessage())
    server.post(channel, "Повітряна тривога в Києві")
    await wait_for(lambda: seen_online == ["Повітряна тривога в Києві"])
    await first.disconnect()

    server.post(channel, "Вибухи в Дарницькому районі")
    server.post(channel, "Відбій тривоги")

    second = await connect_client(server, None, session=str(path), catch_up=True)
    try:
        caught_up = []
        second.add_event_handler(lambda e: caught_up.append(e.raw_text), events.NewMessage())
        await wait_for(lambda: len(caught_up) == 2)
        assert caught_up == ["Вибухи в Дарницькому районі", "Відбій тривоги"]
        assert server.requests_by(second)["GetChannelDifferenceRequest"] >= 1
        assert server.requests_by(second)["ImportBotAuthorizationRequest"] == 0
    finally:
        await second.disconnect()


async def test_lost_direct_message_push_is_recovered_with_get_difference():
    server = SandboxServer()
    user = server.add_user("subscriber1", first_name="Ivan", lang_code="ru")
    bot = server.add_bot("tgradar_bot")
    botclient = await connect_client(server, bot)
    try:
        received = []
        botclient.add_event_handler(lambda e: received.append(e.raw_text), events.NewMessage())
        await server.user_sends(user, bot, "/start")
        await wait_for(lambda: received == ["/start"])
        server.drop_next_updates(1, to=bot)
        await server.user_sends(user, bot, "/regions")
        await server.user_sends(user, bot, "/subscribe RU-BEL")
        await wait_for(lambda: len(received) == 3)
        assert received == ["/start", "/regions", "/subscribe RU-BEL"]
        assert server.requests_by(bot)["GetDifferenceRequest"] >= 2  # login + gap
    finally:
        await botclient.disconnect()
