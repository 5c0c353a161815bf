"""The sandbox served over TCP: production clients on session files reach it as they would
reach Telegram, and failures, delays and lost answers can be switched on per request."""

from __future__ import annotations

import asyncio

import pytest
from telethon import errors

from bot.runner import build_client
from bot.sandbox import SANDBOX_API_HASH, SANDBOX_API_ID, SandboxServer
from bot.sandbox.tcp import SandboxTcpServer


@pytest.fixture
async def served(tmp_path):
    server = SandboxServer()
    watcher = server.add_user("tgradar_watcher")
    bot = server.add_bot("tgradar_bot")
    channel = server.add_channel("shot_shot", subscribers=[watcher])
    tcp = SandboxTcpServer(server)
    await tcp.start()
    clients = []

    async def client(name, account, **overrides):
        path = tmp_path / f"{name}.session"
        if not path.exists():
            tcp.session_file(path, account)
        made = build_client(str(path), SANDBOX_API_ID, SANDBOX_API_HASH, account=name, **overrides)
        clients.append(made)
        if account is not None and account.is_bot:
            await made.start(bot_token=account.bot_token)
        else:
            await made.connect()
        return made

    yield server, tcp, watcher, bot, channel, client
    for made in clients:
        await made.disconnect()
    await tcp.stop()


async def test_a_user_session_file_reads_a_channel_and_a_bot_logs_in_with_its_token(served):
    server, tcp, watcher, bot, channel, client = served
    server.post(channel, "Белгород: взрывы, работает ПВО")
    user = await client("user", watcher)
    assert await user.is_user_authorized()
    [message] = await user.get_messages("shot_shot", limit=5)
    assert message.text == "Белгород: взрывы, работает ПВО"
    botclient = await client("bot", bot)  # a fresh session file: logs in with the token
    assert (await botclient.get_me()).username == "tgradar_bot"
    assert tcp.connections_seen >= 2


async def test_failures_delays_and_lost_answers_reach_a_client_over_tcp(served):
    server, tcp, watcher, _, channel, client = served
    user = await client("user", watcher)
    server.fail("GetHistory", "CHANNEL_PRIVATE", account=watcher)
    with pytest.raises(errors.ChannelPrivateError):
        await user.get_messages("shot_shot", limit=1)

    server.after("GetHistory", lambda request: asyncio.sleep(0.3))
    loop = asyncio.get_running_loop()
    started = loop.time()
    await user.get_messages("shot_shot", limit=1)
    assert loop.time() - started >= 0.3

    seen = []

    def lose(request):
        seen.append(type(request).__name__)
        raise ConnectionError("the answer is lost")

    server.post(channel, "пост")
    server.after("GetHistory", lose)
    before = tcp.connections_seen
    # The connection drops with the answer; Telethon reconnects and asks again, as with
    # Telegram, and the second time the answer comes.
    [message] = await asyncio.wait_for(user.get_messages("shot_shot", limit=1), 20)
    assert message.text == "пост"
    assert seen == ["GetHistoryRequest"] and tcp.connections_seen > before
