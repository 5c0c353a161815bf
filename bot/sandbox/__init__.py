"""An in-process simulated Telegram for tests and the demo.

A `SandboxServer` holds users, bots, broadcast channels, megagroups and their messages (ids,
dates, edits, forwards, albums, inline keyboards, per-channel pts). Real
`telethon.TelegramClient`s talk to it through `SandboxSender`, which replaces `client._sender`
and moves every request and result through TL bytes, so Telethon's entity cache, paging,
flood-wait handling, MessageBox gap recovery and event dispatch all run. `transport.py` offers
a `connection=` class for a full MTProto round trip through Telethon's own MTProtoSender.

    server = SandboxServer(datetime(2026, 3, 1, tzinfo=UTC))   # frozen clock; None = real time
    alice = server.add_user("alice", first_name="Alice", lang_code="ru")
    bot = server.add_bot("tgradar_bot")                        # bot.bot_token
    shot = server.add_channel("shot_shot", title="SHOT", subscribers=[alice])
    review = server.add_megagroup("tgradar_review", members=[bot, alice], admins=[alice])
    post = server.post(shot, "Взрыв в Белгороде", date=..., forward_from=None, grouped_id=None)
    server.edit(shot, post.id, "Взрывы в Белгороде", edit_date=None)
    client = await connect_client(server, alice, flood_sleep_threshold=0)
    botclient = await connect_client(server, bot)               # logs in with its token
    await server.user_sends(alice, bot, "/subscribe RU-BEL")    # DM or megagroup message
    answer = await server.press_button(alice, review, card_id, b"confirm:1")
    server.fail("GetHistory", "FLOOD_WAIT_3")                  # or CHANNEL_PRIVATE, ConnectionError
    server.drop_next_updates(1)                                 # pts advances, push is lost
    server.messages(review)[-1].buttons, server.requests["GetHistoryRequest"]
"""

from .client import (
    SANDBOX_API_HASH,
    SANDBOX_API_ID,
    TelethonSeamChanged,
    check_telethon_seam,
    connect_client,
    sandbox_client,
)
from .errors import RpcFailure, SandboxError, UnsupportedRequest
from .model import Account, CallbackAnswer, Channel, Clock, StoredMessage
from .sender import SandboxSender
from .server import SandboxServer
from .transport import SandboxConnection, connect_mtproto_client, sandbox_connection

__all__ = [
    "SANDBOX_API_HASH",
    "SANDBOX_API_ID",
    "Account",
    "CallbackAnswer",
    "Channel",
    "Clock",
    "RpcFailure",
    "SandboxConnection",
    "SandboxError",
    "SandboxSender",
    "SandboxServer",
    "StoredMessage",
    "TelethonSeamChanged",
    "UnsupportedRequest",
    "check_telethon_seam",
    "connect_client",
    "connect_mtproto_client",
    "sandbox_client",
    "sandbox_connection",
]
