"""The sandbox under a real TelegramClient: paging, errors, pushes, buttons, gap recovery."""

from __future__ import annotations

import asyncio
import contextlib
import io
import struct
import threading
import zlib
from datetime import UTC, datetime, timedelta

import pytest
from telethon import Button, errors, events
from telethon.sessions import StringSession

from bot.sandbox import RpcFailure, SandboxError, SandboxServer, UnsupportedRequest, connect_client
from bot.sandbox.client import TelethonSeamChanged, check_telethon_seam, sandbox_client
from bot.sandbox.sender import missing_seam_members

START = datetime(2026, 3, 1, 6, 0, tzinfo=UTC)


@pytest.fixture
def world():
    server = SandboxServer(START, callback_timeout=2.0)
    alice = server.add_user("alice", first_name="Alice", lang_code="ru")
    bob = server.add_user("bob_reader", first_name="Bob", lang_code="en")
    bot = server.add_bot("tgradar_bot")
    shot = server.add_channel("shot_shot", title="SHOT")
    review = server.add_megagroup(
        "tgradar_review", title="Review", members=[bot, alice], admins=[alice]
    )
    return server, alice, bob, bot, shot, review


@pytest.fixture
async def clients():
    opened = []

    async def open_client(server, account, **kwargs):
        client = await connect_client(server, account, **kwargs)
        opened.append(client)
        return client

    yield open_client
    for client in opened:
        with contextlib.suppress(Exception):
            await client.disconnect()


async def wait_for(predicate, timeout=3.0):
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.01)


def tiny_png(width=3, height=2) -> bytes:
    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


async def test_iter_messages_pages_250_posts_in_three_requests(world, clients):
    server, alice, _, _, shot, _ = world
    for number in range(250):
        server.post(
            shot, f"Сообщение {number}: взрыв в Белгороде", date=START + timedelta(minutes=number)
        )
    client = await clients(server, alice)
    messages = [m async for m in client.iter_messages("shot_shot", wait_time=0)]
    assert [m.id for m in messages] == list(range(250, 0, -1))
    assert messages[-1].text == "Сообщение 0: взрыв в Белгороде"
    assert messages[0].date == START + timedelta(minutes=249)
    assert server.requests_by(client)["GetHistoryRequest"] == 3
    assert server.requests_by(alice)["GetHistoryRequest"] == 3


async def test_min_id_returns_only_newer_posts(world, clients):
    server, alice, _, _, shot, _ = world
    for number in range(30):
        server.post(shot, f"post {number}")
    client = await clients(server, alice)
    newer = [m.id async for m in client.iter_messages("shot_shot", min_id=25, wait_time=0)]
    assert newer == [30, 29, 28, 27, 26]
    oldest_first = [
        m.id async for m in client.iter_messages("shot_shot", min_id=25, reverse=True, wait_time=0)
    ]
    assert oldest_first == [26, 27, 28, 29, 30]


async def test_flood_wait_surfaces_above_threshold(world, clients):
    server, alice, _, _, shot, _ = world
    server.post(shot, "Air raid alert in Kharkiv oblast")
    client = await clients(server, alice, flood_sleep_threshold=0)
    server.fail("messages.GetHistory", "FLOOD_WAIT_7")
    with pytest.raises(errors.FloodWaitError) as caught:
        await client.get_messages("shot_shot", limit=5)
    assert caught.value.seconds == 7


async def test_flood_wait_is_slept_through_below_threshold(world, clients):
    server, alice, _, _, shot, _ = world
    server.post(shot, "Повітряна тривога в Києві")
    client = await clients(server, alice, flood_sleep_threshold=5)
    server.fail("GetHistoryRequest", "FLOOD_WAIT_1")
    messages = await client.get_messages("shot_shot", limit=5)
    assert [m.text for m in messages] == ["Повітряна тривога в Києві"]
    assert server.requests["GetHistoryRequest"] == 2


async def test_private_channel_and_unknown_username(world, clients):
    server, alice, _, _, shot, _ = world
    server.post(shot, "Пожар на нефтебазе")
    client = await clients(server, alice)
    entity = await client.get_input_entity("shot_shot")
    server.make_private(shot)
    with pytest.raises(errors.ChannelPrivateError):
        await client.get_messages(entity, limit=1)
    with pytest.raises(ValueError):
        await client.get_entity("no_such_channel_here")
    with pytest.raises(ValueError):
        await client.get_entity("shot_shot")  # its username is gone too


async def test_renamed_and_deleted_channels(world, clients):
    server, alice, _, _, shot, _ = world
    server.post(shot, "первый")
    client = await clients(server, alice)
    entity = await client.get_input_entity("shot_shot")
    server.set_username(shot, "shot_news")
    assert (await client.get_entity("shot_news")).id == shot.id
    assert [m.text for m in await client.get_messages(entity, limit=1)] == ["первый"]
    server.delete_chat(shot)
    with pytest.raises(errors.ChannelInvalidError):
        await client.get_messages(entity, limit=1)


async def test_fail_can_target_one_channel(world, clients):
    server, alice, _, _, shot, _ = world
    other = server.add_channel("mash_news", title="Mash")
    server.post(shot, "a")
    server.post(other, "b")
    client = await clients(server, alice)
    server.fail("GetHistory", "CHANNEL_PRIVATE", times=None, chat=shot)
    assert [m.text for m in await client.get_messages("mash_news", limit=1)] == ["b"]
    with pytest.raises(errors.ChannelPrivateError):
        await client.get_messages("shot_shot", limit=1)
    with pytest.raises(errors.ChannelPrivateError):
        await client.get_messages("shot_shot", limit=1)


async def test_bot_cannot_read_history(world, clients):
    server, _, _, bot, _, _ = world
    botclient = await clients(server, bot)
    with pytest.raises(errors.BotMethodInvalidError):
        await botclient.get_messages("tgradar_review", limit=1)
    assert server.requests_by(botclient)["ImportBotAuthorizationRequest"] == 1


async def test_user_cannot_send_inline_keyboard(world, clients):
    server, alice, _, _, _, review = world
    client = await clients(server, alice)
    with pytest.raises(errors.ReplyMarkupInvalidError):
        await client.send_message("tgradar_review", "hi", buttons=[Button.inline("x", b"x")])
    assert server.messages(review) == []


async def test_random_id_duplicate_and_length_limit(world, clients):
    server, alice, _, _, _, review = world
    from telethon.tl import functions

    client = await clients(server, alice, request_retries=0)
    peer = await client.get_input_entity("tgradar_review")
    request = functions.messages.SendMessageRequest(peer=peer, message="один раз", random_id=42)
    await client(request)
    with pytest.raises(errors.RandomIdDuplicateError):
        await client(
            functions.messages.SendMessageRequest(peer=peer, message="двічі", random_id=42)
        )
    with pytest.raises(errors.MessageTooLongError):
        await client.send_message(peer, "x" * 4097)
    assert [m.text for m in server.messages(review)] == ["один раз"]


async def test_write_forbidden_and_blocked_bot(world, clients):
    server, alice, bob, bot, _, _ = world
    client = await clients(server, bob)
    with pytest.raises(errors.ChatWriteForbiddenError):
        await client.send_message("shot_shot", "not an admin")
    botclient = await clients(server, bot)
    await server.user_sends(alice, bot, "/start")
    await wait_for(lambda: server.messages(bot, with_=alice))
    server.block(alice, bot)
    with pytest.raises(errors.UserIsBlockedError):
        await botclient.send_message(alice.id, "Новий інцидент у вашому регіоні")


async def test_keyboard_press_reaches_bot_and_answer_returns(world, clients):
    server, alice, _, bot, _, review = world
    botclient = await clients(server, bot)
    pressed = []

    @botclient.on(events.CallbackQuery)
    async def on_press(event):
        pressed.append((event.data, event.sender_id, event.chat_id))
        await event.answer("Подтверждено")

    card = await botclient.send_message(
        "tgradar_review",
        "Инцидент: Белгород",
        buttons=[[Button.inline("OK", b"ok:1"), Button.inline("No", b"no:1")]],
    )
    stored = server.message(review, card.id)
    assert stored.buttons == [[("OK", b"ok:1"), ("No", b"no:1")]]
    assert stored.sender is bot
    answer = await server.press_button(alice, review, card.id, b"no:1")
    assert answer.message == "Подтверждено"
    assert pressed == [(b"no:1", alice.id, int(f"-100{review.id}"))]

    userclient = await clients(server, alice)
    message = (await userclient.get_messages("tgradar_review", ids=[card.id]))[0]
    result = await message.click(data=b"ok:1")
    assert result.message == "Подтверждено"
    assert pressed[-1][0] == b"ok:1"


async def test_edit_by_bot_and_not_modified(world, clients):
    server, alice, _, bot, _, review = world
    botclient = await clients(server, bot)
    card = await botclient.send_message(
        "tgradar_review", "v1", buttons=[Button.inline("OK", b"ok")]
    )
    await botclient.edit_message(
        "tgradar_review", card.id, "v2", buttons=[Button.inline("OK", b"ok")]
    )
    with pytest.raises(errors.MessageNotModifiedError):
        await botclient.edit_message(
            "tgradar_review", card.id, "v2", buttons=[Button.inline("OK", b"ok")]
        )
    stored = server.message(review, card.id)
    assert (stored.text, stored.edit_count) == ("v2", 1)
    userclient = await clients(server, alice)
    with pytest.raises(errors.MessageAuthorRequiredError):
        await userclient.edit_message("tgradar_review", card.id, "hijack")


async def test_new_message_and_edit_events_on_joined_user(world, clients):
    server, _, bob, _, shot, _ = world
    client = await clients(server, bob)
    from telethon.tl import functions

    await client(functions.channels.JoinChannelRequest("shot_shot"))
    seen, edited = [], []
    client.add_event_handler(
        lambda e: seen.append(e.message.text), events.NewMessage(chats=shot.id)
    )
    client.add_event_handler(lambda e: edited.append(e.message.text), events.MessageEdited())
    post = server.post(shot, "Взрывы в Курске")
    await wait_for(lambda: seen == ["Взрывы в Курске"])
    server.edit(shot, post.id, "Взрывы в Курске, сбиты 3 БПЛА")
    await wait_for(lambda: edited == ["Взрывы в Курске, сбиты 3 БПЛА"])
    assert shot.pts == 3  # two channel events, each bumps pts by one


async def test_lost_push_is_recovered_by_gap_recovery(world, clients):
    server, _, bob, _, shot, _ = world
    server.join(shot, bob)
    client = await clients(server, bob)
    seen = []
    client.add_event_handler(lambda e: seen.append(e.message.text), events.NewMessage())
    server.post(shot, "one")
    await wait_for(lambda: seen == ["one"])
    server.drop_next_updates(1)
    server.post(shot, "two (push lost)")
    server.post(shot, "three")
    await wait_for(lambda: len(seen) == 3)
    assert sorted(seen) == ["one", "three", "two (push lost)"]
    assert server.requests_by(client)["GetChannelDifferenceRequest"] >= 1


async def test_user_dm_to_bot_reaches_bot_and_reply_reaches_user(world, clients):
    server, alice, _, bot, _, _ = world
    botclient = await clients(server, bot)
    userclient = await clients(server, alice)
    commands = []

    @botclient.on(events.NewMessage(pattern=r"^/subscribe"))
    async def on_subscribe(event):
        commands.append(event.raw_text)
        await event.respond("Подписка оформлена: RU-BEL")

    replies = []
    userclient.add_event_handler(
        lambda e: replies.append(e.raw_text), events.NewMessage(incoming=True)
    )
    await server.user_sends(alice, bot, "/subscribe RU-BEL")
    await wait_for(lambda: replies == ["Подписка оформлена: RU-BEL"])
    assert commands == ["/subscribe RU-BEL"]
    assert [m.text for m in server.messages(alice, with_=bot)] == [
        "/subscribe RU-BEL",
        "Подписка оформлена: RU-BEL",
    ]


async def test_forward_keeps_origin(world, clients):
    server, alice, _, _, shot, review = world
    original = server.post(shot, "Сбит беспилотник над Брянском")
    mirror = server.add_channel("mirror_news", title="Mirror")
    copy = server.post(mirror, forward_from=(shot, original.id))
    client = await clients(server, alice)
    fetched = (await client.get_messages("mirror_news", limit=1))[0]
    assert fetched.fwd_from.from_id.channel_id == shot.id
    assert fetched.fwd_from.channel_post == original.id
    assert fetched.text == original.text == copy.text
    forwarded = await client.forward_messages("tgradar_review", original.id, "shot_shot")
    assert forwarded.fwd_from.channel_post == original.id
    assert server.messages(review)[-1].fwd_from.channel_post == original.id


async def test_admins_commands_and_photo(world, clients):
    server, alice, _, bot, _, review = world
    botclient = await clients(server, bot)
    admins = await botclient.get_participants(
        "tgradar_review",
        filter=__import__(
            "telethon.tl.types", fromlist=["ChannelParticipantsAdmins"]
        ).ChannelParticipantsAdmins(),
    )
    assert [a.id for a in admins] == [alice.id]
    from telethon.tl import functions, types

    await botclient(
        functions.bots.SetBotCommandsRequest(
            scope=types.BotCommandScopeDefault(),
            lang_code="",
            commands=[types.BotCommand("subscribe", "Подписаться на регион")],
        )
    )
    assert bot.commands[("BotCommandScopeDefault", "")] == [("subscribe", "Подписаться на регион")]
    chart = io.BytesIO(tiny_png(4, 3))
    chart.name = "chart.png"
    sent = await botclient.send_file("tgradar_review", chart, caption="Инциденты за сутки")
    assert sent.photo is not None
    stored = server.message(review, sent.id)
    assert stored.media_bytes == tiny_png(4, 3)
    assert (stored.media.photo.sizes[0].w, stored.media.photo.sizes[0].h) == (4, 3)


async def test_unsupported_request_fails_loudly(world, clients):
    server, alice, *_ = world
    from telethon.tl import functions

    client = await clients(server, alice)
    with pytest.raises(UnsupportedRequest, match="GetDialogFiltersRequest"):
        await client(functions.messages.GetDialogFiltersRequest())
    assert "GetDialogFiltersRequest" in server.unsupported


async def test_dialogs_list_joined_chats_newest_first(world, clients):
    server, alice, _, bot, shot, review = world
    server.join(shot, alice)
    server.post(shot, "старый пост", date=START)
    server.clock.advance(60)
    await server.user_sends(alice, review, "новое сообщение")
    client = await clients(server, alice)
    dialogs = await client.get_dialogs()
    assert [d.entity.id for d in dialogs] == [review.id, shot.id]
    assert dialogs[0].message.text == "новое сообщение"
    botclient = await clients(server, bot)
    with pytest.raises(errors.BotMethodInvalidError):
        await botclient.get_dialogs()


async def test_dropped_connection_then_reconnect(world, clients):
    server, alice, _, _, shot, _ = world
    server.post(shot, "до обрыва")
    client = await clients(server, alice)
    server.fail("GetHistory", ConnectionError)
    with pytest.raises(ConnectionError):
        await client.get_messages("shot_shot", limit=1)
    assert not client.is_connected()
    with pytest.raises(ConnectionError):
        await client.disconnected
    await client.connect()
    assert [m.text for m in await client.get_messages("shot_shot", limit=1)] == ["до обрыва"]


async def test_saved_string_session_reconnects_without_login(world, clients):
    server, _, _, bot, _, _ = world
    first = await clients(server, bot, session=StringSession())
    saved = first.session.save()
    await first.disconnect()
    second = await clients(server, None, session=StringSession(saved))
    assert (await second.get_me()).id == bot.id
    assert server.requests["ImportBotAuthorizationRequest"] == 1


def test_telethon_seam_members_exist():
    client = sandbox_client(SandboxServer(), None)
    missing = missing_seam_members(client)
    assert not missing, f"Telethon changed; the sandbox seam lacks {missing}"


def test_seam_check_names_what_is_missing():
    class StrippedClient:
        _sender = None

    with pytest.raises(TelethonSeamChanged, match=r"TelegramClient\._updates_queue"):
        check_telethon_seam(StrippedClient())


async def test_wrong_access_hash_is_rejected(world, clients):
    server, alice, _, _, shot, _ = world
    from telethon.tl import types

    server.post(shot, "x")
    client = await clients(server, alice)
    forged = types.InputPeerChannel(shot.id, shot.access_hash + 1)
    with pytest.raises(errors.ChannelInvalidError):
        await client.get_messages(forged, limit=1)
    good = types.InputPeerChannel(shot.id, shot.access_hash)
    assert [m.text for m in await client.get_messages(good, limit=1)] == ["x"]


async def test_album_parts_share_grouped_id(world, clients):
    server, alice, _, _, shot, _ = world
    server.post(shot, "Фото с места: часть 1", grouped_id=777)
    server.post(shot, "", grouped_id=777)
    server.post(shot, "Отдельный пост")
    client = await clients(server, alice)
    messages = await client.get_messages("shot_shot", limit=10)
    assert [m.grouped_id for m in messages] == [None, 777, 777]


async def test_button_in_private_chat_and_drop_connections(world, clients):
    server, alice, _, bot, _, _ = world
    botclient = await clients(server, bot)
    answers = []

    @botclient.on(events.CallbackQuery)
    async def on_press(event):
        answers.append((event.data, event.chat_id, event.message_id))
        await event.answer("Отписка выполнена", alert=True)

    await server.user_sends(alice, bot, "/start")
    await wait_for(lambda: server.messages(bot, with_=alice))
    sent = await botclient.send_message(
        alice.id, "Ваши подписки: UA-63", buttons=[Button.inline("Отписаться", b"unsub:UA-63")]
    )
    in_alice_box = server.messages(alice, with_=bot)[-1]
    assert in_alice_box.buttons == [[("Отписаться", b"unsub:UA-63")]]
    answer = await server.press_button(alice, bot, in_alice_box.id, b"unsub:UA-63")
    assert (answer.message, answer.alert) == ("Отписка выполнена", True)
    assert answers == [(b"unsub:UA-63", alice.id, sent.id)]
    with pytest.raises(RpcFailure, match="DATA_INVALID"):
        await server.press_button(alice, bot, in_alice_box.id, b"forged")

    assert server.drop_connections(bot) == 1
    assert not botclient.is_connected()


def test_fail_rejects_unknown_error_kinds():
    server = SandboxServer()
    with pytest.raises(SandboxError):
        server.fail("GetHistory", 420)


async def test_bot_sees_review_chat_messages_from_users(world, clients):
    server, alice, _, bot, _, review = world
    botclient = await clients(server, bot)
    seen = []
    botclient.add_event_handler(
        lambda e: seen.append((e.raw_text, e.sender_id)), events.NewMessage(chats=review.id)
    )
    await server.user_sends(alice, review, "/status")
    await wait_for(lambda: seen == [("/status", alice.id)])
    stored = server.messages(review)[-1]
    assert (stored.sender, stored.text) == (alice, "/status")


def test_abandoned_clients_do_not_hang_event_loop_shutdown():
    """A test that fails before disconnecting must not hang asyncio.run() on Python 3.11."""
    outcome = []

    async def scenario():
        server = SandboxServer()
        bot = server.add_bot("tgradar_bot")
        server.add_megagroup("tgradar_review", members=[bot])
        botclient = await connect_client(server, bot)
        await botclient.send_message("tgradar_review", "карточка инцидента")
        raise RuntimeError("the test failed here")

    def run():
        try:
            asyncio.run(scenario())
        except RuntimeError as error:
            outcome.append(str(error))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=10)
    assert not thread.is_alive(), "asyncio.run() hung while cancelling the client's tasks"
    assert outcome == ["the test failed here"]
