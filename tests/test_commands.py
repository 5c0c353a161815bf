"""Subscribing in Telegram, end to end on the sandbox: commands, buttons, delivery, digests."""

import asyncio
import io
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from bot.cards import callback_data
from bot.detect.gazetteer import Gazetteer
from bot.store import Store
from bot.telegram.delivery import (
    pause_blocked_subscribers,
    send_digests,
)
from tests.conftest import SandboxWorld

REVIEW = "tgradar_review"
INCIDENT_ID = re.compile(r"\b(RU|UA)-[A-Z0-9]+-\d{8}T\d{4}")
CHANNELS = ("shot_shot", "mash_news", "belgorod_news")
ANAPA = [
    "Жители Анапы сообщают о серии взрывов, по словам очевидцев работает ПВО.",
    "Анапа: в небе слышны хлопки, над городом работает ПВО, сбиты беспилотники.",
    "В Анапе ночью прогремели взрывы — местные жители пишут о 5-7 хлопках.",
]
BELGOROD = "В Белгороде прогремели взрывы, работает ПВО, сообщает губернатор."


def signed(world, action, incident):
    """The data of a review button as the daemon signs it."""
    return callback_data(action, incident.id, world.app.review.secret)


class World(SandboxWorld):
    """The sandbox Telegram, the daemon, and the subscriber side wired into it."""

    def __init__(self, detector):
        super().__init__(CHANNELS)
        self.detector = detector
        self.admin = self.server.add_user("chief_admin", lang_code="en")
        self.other_bot = self.server.add_bot("other_bot")
        self.group = self.server.add_megagroup("newsroom_chat", members=[self.bot])
        self.fresh = self.server.add_channel("kursk_alerts", subscribers=[self.watcher])
        self.offset = timedelta(0)  # how far the daemon's clock is ahead of real time
        self.seconds = 0.0  # the command rate limiter's clock; people pause between commands

    def now(self):
        return datetime.now(UTC) + self.offset

    def user(self, name, lang_code="ru"):
        account = self.server.add_user(name, lang_code=lang_code)
        self.server.join(self.group, account)
        return account

    def app_settings(self):
        base = self.quick(self.daemon_settings())
        return replace(
            base,
            review=replace(base.review, reviewers=(self.admin.id,)),
            poll=replace(base.poll, min_interval=timedelta(seconds=1)),
        )

    async def start(self):
        self.store = Store()
        app = await self.start_app(self.app_settings(), self.store, self.detector, now=self.now)
        self.app = app
        self.bot_client = app.bot_client
        self.commands = app.commands
        self.commands.clock = lambda: self.seconds

    async def stop(self):
        if self.app.scheduler.running:
            await self.app.stop(drain_for=timedelta(seconds=1))
        await self.disconnect_all()
        self.store.close()

    async def send(self, who, message, where=None):
        """`who` writes to the bot (or into `where`); returns the bot's new replies."""
        chat = where or self.bot
        self.seconds += 10
        before = self.bot_messages(who, where)
        await self.server.user_sends(who, chat, message)
        return await self.wait_for_replies(who, where, len(before))

    async def wait_for_replies(self, who, where, before, settle=0.05):
        deadline = asyncio.get_running_loop().time() + 3
        seen = before
        quiet_since = asyncio.get_running_loop().time()
        while asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.01)
            now = len(self.bot_messages(who, where))
            if now != seen:
                seen, quiet_since = now, asyncio.get_running_loop().time()
            elif now > before and asyncio.get_running_loop().time() - quiet_since > settle:
                break
        return self.bot_messages(who, where)[before:]

    def bot_messages(self, who, where=None):
        if where is not None:
            return [m for m in self.server.messages(where) if m.sender is self.bot]
        return [m for m in self.server.messages(who, with_=self.bot) if m.sender is self.bot]

    async def report(self, channel, text, minutes=0):
        self.server.post(self.channels[channel], text, date=self.now() + timedelta(minutes=minutes))
        await self.app.poller.poll(channel)
        for _ in range(3):
            await self.app.sender.drain()

    def alerts(self, who):
        """Incident messages in `who`'s chat with the bot (they carry the incident id)."""
        return [m for m in self.bot_messages(who) if INCIDENT_ID.search(m.text)]


@pytest.fixture
async def world(detector):
    w = World(detector)
    await w.start()
    yield w
    await w.stop()


# -- subscribing ---------------------------------------------------------------------------


async def test_start_explains_and_offers_buttons_in_the_users_language(world):
    ivan = world.user("ivan_petrov", "ru")
    [reply] = await world.send(ivan, "/start")
    assert "подпиш" in reply.text.lower() and "/subscribe" in reply.text
    labels = [label for row in reply.buttons for label, _ in row]
    assert "🌍 Всё" in labels and len(labels) >= 4
    john = world.user("john_smith", "en")
    [reply] = await world.send(john, "/help")
    assert "/subscribe" in reply.text and "Commands" in reply.text
    olena = world.user("olena_k", "uk")
    [reply] = await world.send(olena, "/start")
    assert "Підпишіться" in reply.text


@pytest.mark.parametrize(
    "lang, query, region, place",
    [
        ("ru", "краснодарский край", "RU-KDA", ""),
        ("ru", "Кубань", "RU-KDA", ""),
        ("uk", "Харківщина", "UA-63", ""),
        ("en", "Belgorod Oblast", "RU-BEL", ""),
        ("ru", "Белгородщина", "RU-BEL", ""),
        ("en", "RU-BEL", "RU-BEL", ""),
        ("ru", "Анапа", "RU-KDA", "Анапа"),
        ("ru", "белгородская обл", "RU-BEL", ""),
    ],
)
async def test_subscribe_in_each_language(world, lang, query, region, place):
    person = world.user("someone_" + lang, lang)
    [reply] = await world.send(person, f"/subscribe {query}")
    assert "✅" in reply.text
    assert world.store.subscriptions_of(person.id) == [(region, place)]
    [again] = await world.send(person, f"/subscribe {query}")
    already = {"ru": "уже", "uk": "вже", "en": "already"}[lang]
    assert already in again.text
    assert len(world.store.subscriptions_of(person.id)) == 1


async def test_several_places_at_once(world):
    lena = world.user("lena_m", "ru")
    [reply] = await world.send(lena, "/subscribe Анапа, Белгородщина; Краснодр, ???")
    assert reply.text.count("✅") == 2 and "Уточните" in reply.text and "Не понимаю" in reply.text
    assert any("Красноярск" in label for row in reply.buttons for label, _ in row)
    assert world.store.subscriptions_of(lena.id) == [("RU-KDA", "Анапа"), ("RU-BEL", "")]
    [reply] = await world.send(lena, "/subscribe " + "Анапа," * 40)
    assert "первые 5" in reply.text and reply.text.count("уже подписаны") == 5


async def test_ambiguous_names_give_buttons_that_subscribe_the_presser(world):
    anna = world.user("anna_k", "ru")
    [reply] = await world.send(anna, "/subscribe Краснодр")
    assert "Уточните" in reply.text
    labels = [label for row in reply.buttons for label, _ in row]
    assert any("Краснодар" in label for label in labels)
    assert any("Красноярск" in label for label in labels)
    assert world.store.subscriptions_of(anna.id) == []
    data = next(d for row in reply.buttons for label, d in row if "Краснодар" in label)
    answer = await world.server.press_button(anna, world.bot, reply.id, data)
    assert "Краснодар" in answer.message
    assert world.store.subscriptions_of(anna.id) == [("RU-KDA", "Краснодар")]


async def test_regional_capital_offers_city_or_region(world):
    john = world.user("john_doe", "en")
    [reply] = await world.send(john, "/subscribe Krasnodar")
    rows = reply.buttons
    assert len(rows) == 2
    whole = next(d for row in rows for label, d in row if "whole region" in label)
    await world.server.press_button(john, world.bot, reply.id, whole)
    assert world.store.subscriptions_of(john.id) == [("RU-KDA", "")]


async def test_unknown_place_gets_a_suggestion_not_silence(world):
    petr = world.user("petr_b", "ru")
    [reply] = await world.send(petr, "/subscribe Brjansk")
    assert "Возможно" in reply.text
    assert any("Брянск" in label for row in reply.buttons for label, _ in row)
    [reply] = await world.send(petr, "/subscribe Зюзюкино-на-Марсе")
    assert "Не нашёл" in reply.text and "RU-BEL" in reply.text


async def test_unsubscribe_list_and_remove_button(world):
    ivan = world.user("ivan_ivanov", "ru")
    await world.send(ivan, "/subscribe Белгородская область")
    await world.send(ivan, "/subscribe Анапа")
    [listing] = await world.send(ivan, "/list")
    assert "Белгородская область" in listing.text and "Анапа" in listing.text
    assert "Режим" in listing.text
    [reply] = await world.send(ivan, "/unsubscribe Белгородщина")
    assert "отменена" in reply.text
    assert world.store.subscriptions_of(ivan.id) == [("RU-KDA", "Анапа")]
    [listing] = await world.send(ivan, "/list")
    [[(label, data)]] = listing.buttons
    assert "Анапа" in label
    await world.server.press_button(ivan, world.bot, listing.id, data)
    assert world.store.subscriptions_of(ivan.id) == []
    await world.send(ivan, "/subscribe all")
    await world.send(ivan, "/subscribe Анапа")
    [reply] = await world.send(ivan, "/unsubscribe all")
    assert "(2)" in reply.text and world.store.subscriptions_of(ivan.id) == []


async def test_types_mode_mute_quiet_digest_are_saved(world):
    john = world.user("john_roe", "en")
    [reply] = await world.send(john, "/types")
    assert len([d for row in reply.buttons for _, d in row]) == 10
    drones = next(d for row in reply.buttons for label, d in row if "Drones" in label)
    await world.server.press_button(john, world.bot, reply.id, drones)
    assert world.store.subscriber(john.id)["types"] == '["drone"]'
    edited = world.bot_messages(john)[-1]
    assert any(
        label.startswith("✅") and "Drones" in label for row in edited.buttons for label, _ in row
    )
    await world.send(john, "/types drones, missiles")
    assert world.store.subscriber(john.id)["types"] == '["drone", "missile"]'
    [reply] = await world.send(john, "/mode confirmed")
    assert "confirmed only" in reply.text
    assert world.store.subscriber(john.id)["mode"] == "confirmed"
    [reply] = await world.send(john, "/mute 2h")
    assert "Muted until" in reply.text and world.store.subscriber(john.id)["muted_until"]
    await world.send(john, "/mute off")
    assert world.store.subscriber(john.id)["muted_until"] is None
    [reply] = await world.send(john, "/quiet 23:00-07:00")
    assert "23:00–07:00" in reply.text and "Europe/Moscow" in reply.text
    [reply] = await world.send(john, "/digest on")
    assert world.store.subscriber(john.id)["digest"] == 1


# -- bad input and abuse ----------------------------------------------------------------------


async def test_long_and_odd_arguments_get_clear_answers(world):
    ivan = world.user("ivan_odd", "ru")
    cases = {
        "/subscribe " + "Белгород" * 600: "Слишком длинный",
        "/subscribe": "Не хватает",
        "/subscribe !!! ??? ...": "Не понимаю",
        "/subscribe \u202e\u0000": "Не хватает",
        "/mute forever": "/mute 2h",
        "/mute 2": "/mute 2h",
        "/mute 90d": "Не дольше",
        "/quiet 25:00-07:00": "/quiet 23:00-07:00",
        "/mode slowly": "fast или confirmed",
        "/types котики": "Неизвестный вид",
        "/digest maybe": "on или off",
        "/frobnicate now": "Не знаю такой команды",
        "привет": "только команды",
        "/status": "только для администраторов",
        "/channels add evil_channel": "только для администраторов",
    }
    for message, expected in cases.items():
        [reply] = await world.send(ivan, message)
        assert expected in reply.text, message
    assert world.store.subscriptions_of(ivan.id) == []
    assert world.store.channel("evil_channel") is None


async def test_groups_only_when_addressed(world):
    maria = world.user("maria_s", "ru")
    for ignored in ("/subscribe Белгород", "/subscribe@other_bot Курск", "просто разговор"):
        await world.server.user_sends(maria, world.group, ignored)
    replies = await world.send(
        maria, "/subscribe@tgradar_bot Белгородская область", where=world.group
    )
    addressed = world.server.messages(world.group)[-len(replies) - 1]
    assert addressed.text.startswith("/subscribe@tgradar_bot")
    everything_said = world.bot_messages(maria, where=world.group)
    assert everything_said and all(r.reply_to_msg_id == addressed.id for r in everything_said)
    assert any("✅" in r.text for r in replies)
    assert any("личн" in r.text for r in replies)
    assert world.store.subscriptions_of(maria.id) == [("RU-BEL", "")]
    assert world.store.subscriber(maria.id)["chat"] == str(maria.id)


async def test_a_flood_of_commands_gets_one_polite_reply(world):
    spammer = world.user("spam_user", "en")
    for _ in range(20):
        await world.server.user_sends(spammer, world.bot, "/list")
    replies = await world.wait_for_replies(spammer, None, 0, settle=0.2)
    limited = [r for r in replies if "Too many commands" in r.text]
    assert len(limited) == 1
    assert len(replies) == 6 + 1  # the burst, then one warning, then silence
    other = world.user("calm_user", "en")
    assert len(await world.send(other, "/list")) == 1  # others are not affected


async def test_buttons_only_change_the_pressers_own_data(world):
    alice = world.user("alice_w", "ru")
    bob = world.user("bob_w", "ru")
    await world.send(bob, "/subscribe Анапа")
    await world.send(alice, "/start")
    [bob_row] = world.store.subscription_rows(bob.id)
    # A keyboard built with someone else's subscription id and forged values: the kind
    # of data a tampered client could send.
    from telethon import Button

    forged = [
        f"sb:x:{bob_row['id']}".encode(),
        b"sb:t:nuclear",
        b"sb:p:not-a-token",
        b"sb:z:1",
        b"sb:m:slow",
        b"sb:x:1;DROP",
    ]
    message = await world.bot_client.send_message(
        alice.id, "test", buttons=[[Button.inline(str(i), d)] for i, d in enumerate(forged)]
    )
    mine = next(m for m in world.bot_messages(alice) if m.text == "test")
    for data in forged:
        answer = await world.server.press_button(alice, world.bot, mine.id, data)
        assert "устарела" in answer.message
    assert message.id
    assert world.store.subscriptions_of(bob.id) == [("RU-KDA", "Анапа")]
    assert world.store.subscriber(alice.id)["types"] == "[]"

    # In a group, Bob presses the kinds keyboard Alice asked for: only Bob's kinds change.
    replies = await world.send(alice, "/types@tgradar_bot", where=world.group)
    keyboard = next(r for r in replies if r.buttons)
    fire = next(d for row in keyboard.buttons for label, d in row if "Пожары" in label)
    await world.server.press_button(bob, world.group, keyboard.id, fire)
    assert world.store.subscriber(bob.id)["types"] == '["fire"]'
    assert world.store.subscriber(alice.id)["types"] == "[]"


# -- delivery --------------------------------------------------------------------------------


async def test_fast_delivery_then_the_update_edits_the_same_message(world):
    ivan = world.user("ivan_fast", "ru")
    john = world.user("john_fast", "en")
    far = world.user("far_away", "ru")
    await world.send(ivan, "/subscribe Анапа")
    await world.send(john, "/subscribe Krasnodar Krai")
    await world.send(far, "/subscribe Белгородская область")
    await world.report("shot_shot", ANAPA[0])
    [alert] = world.alerts(ivan)
    assert "Анапа" in alert.text and "не проверено модератором" in alert.text
    assert alert.buttons == []  # no review buttons for subscribers
    [english] = world.alerts(john)
    assert "Krasnodar Krai" in english.text and "not checked by a reviewer" in english.text
    assert world.alerts(far) == []

    await world.report("mash_news", ANAPA[1], minutes=2)
    [alert] = world.alerts(ivan)
    assert alert.edit_count >= 1 and "mash_news" in alert.text
    assert len(world.alerts(john)) == 1
    [incident] = world.store.incidents()
    keys = [r["dedupe_key"] for r in world.store.outbox() if str(ivan.id) in r["dedupe_key"]]
    assert f"sub:{incident.id}:{ivan.id}" in keys and f"subedit:{incident.id}:{ivan.id}" in keys


async def test_confirmed_mode_waits_for_the_reviewer(world):
    careful = world.user("careful_reader", "ru")
    quick = world.user("quick_reader", "ru")
    await world.send(careful, "/mode confirmed")
    await world.send(careful, "/subscribe Краснодарский край")
    await world.send(quick, "/subscribe Кубань")
    await world.report("shot_shot", ANAPA[0])
    assert world.alerts(careful) == [] and len(world.alerts(quick)) == 1
    [incident] = world.store.incidents()
    [card] = [m for m in world.server.messages(world.review) if m.sender is world.bot]
    await world.server.press_button(
        world.editor, world.review, card.id, signed(world, "confirm", incident)
    )
    for _ in range(3):
        await world.app.sender.drain()
    [alert] = world.alerts(careful)
    assert "Подтверждено модератором" in alert.text
    [fast] = world.alerts(quick)
    assert "Подтверждено модератором" in fast.text and fast.edit_count >= 1
    assert "duty_editor" not in fast.text  # reviewers stay private


async def test_dismissed_incident_is_marked_for_those_who_got_it(world):
    quick = world.user("quick_two", "ru")
    await world.send(quick, "/subscribe Анапа")
    await world.report("shot_shot", ANAPA[0])
    [incident] = world.store.incidents()
    [card] = [m for m in world.server.messages(world.review) if m.sender is world.bot]
    await world.server.press_button(
        world.editor, world.review, card.id, signed(world, "false_alarm", incident)
    )
    for _ in range(3):
        await world.app.sender.drain()
    [alert] = world.alerts(quick)
    assert "не подтвердил" in alert.text


async def test_mute_holds_messages_back(world):
    muted = world.user("muted_user", "ru")
    await world.send(muted, "/subscribe Анапа")
    await world.send(muted, "/mute 2h")
    await world.report("shot_shot", ANAPA[0])
    assert world.alerts(muted) == []
    await world.send(muted, "/mute off")
    await world.report("mash_news", ANAPA[1], minutes=1)  # the incident goes on: now it comes
    assert len(world.alerts(muted)) == 1


async def test_quiet_hours_hold_messages_back_until_they_end(world):
    sleeper = world.user("night_sleeper", "ru")
    moscow = world.now().astimezone(ZoneInfo("Europe/Moscow"))
    start = (moscow - timedelta(hours=1)).strftime("%H:%M")
    end = (moscow + timedelta(hours=1)).strftime("%H:%M")
    await world.send(sleeper, "/subscribe Анапа")
    [reply] = await world.send(sleeper, f"/quiet {start}-{end}")
    assert "Тихие часы" in reply.text
    await world.report("shot_shot", ANAPA[0])
    assert world.alerts(sleeper) == []
    world.offset = timedelta(hours=1, minutes=30)  # the quiet hours are over
    await world.report("mash_news", ANAPA[1], minutes=1)
    assert len(world.alerts(sleeper)) == 1


async def test_blocked_bot_pauses_the_subscriber_and_stops_retrying(world):
    gone = world.user("gone_user", "ru")
    stays = world.user("stays_user", "ru")
    await world.send(gone, "/subscribe Анапа")
    await world.send(stays, "/subscribe Анапа")
    world.server.block(gone, world.bot)
    await world.report("shot_shot", ANAPA[0])
    assert len(world.alerts(stays)) == 1
    # The daemon pauses the subscriber itself, the moment Telegram says the bot is blocked.
    assert pause_blocked_subscribers(world.store) == []
    row = world.store.subscriber(gone.id)
    assert row["paused"] == 1 and "UserIsBlocked" in row["paused_reason"]
    failed = world.store.outbox("failed")
    assert [r["chat"] for r in failed] == [str(gone.id)]
    assert all(r["chat"] != str(gone.id) for r in world.store.outbox("pending"))
    await world.report("shot_shot", BELGOROD.replace("Белгороде", "Анапе"), minutes=3)
    assert all(r["chat"] != str(gone.id) for r in world.store.outbox("pending"))

    world.server.unblock(gone, world.bot)
    replies = await world.send(gone, "/list")
    assert any("С возвращением" in r.text for r in replies)
    assert world.store.subscriber(gone.id)["paused"] == 0


# -- admin -------------------------------------------------------------------------------------


async def test_channels_add_starts_watching_without_restart(world):
    await world.app.start()
    world.server.post(world.fresh, "Курск: сбит беспилотник, работает ПВО, слышны взрывы.")
    [reply] = await world.send(world.admin, "/channels add https://t.me/kursk_alerts")
    assert "now watched" in reply.text
    for _ in range(100):
        await asyncio.sleep(0.05)
        if world.store.incidents(region="RU-KRS"):
            break
    assert world.store.incidents(region="RU-KRS")
    assert world.store.channel("kursk_alerts")["joined"] == 1  # live: joined, not polled
    assert world.app.scheduler.get_job("poll:kursk_alerts") is None
    [listing] = await world.send(world.admin, "/channels list")
    assert "@kursk_alerts" in listing.text
    [reply] = await world.send(world.admin, "/channels remove kursk_alerts")
    assert "removed" in reply.text
    assert world.app.scheduler.get_job("poll:kursk_alerts") is None
    # the account leaves the channel, so its place in the join limit is free again
    for _ in range(100):
        if world.watcher.id not in world.fresh.members:
            break
        await asyncio.sleep(0.05)
    assert world.watcher.id not in world.fresh.members
    assert world.server.requests["LeaveChannelRequest"] == 1
    assert world.store.channel("kursk_alerts")["joined"] == 0
    world.server.post(world.fresh, "Курск: снова взрывы, работает ПВО.")  # no push: left
    [reply] = await world.send(world.admin, "/channels add kursk_alerts")  # back: joined again
    for _ in range(100):
        if world.watcher.id in world.fresh.members and world.store.channel("kursk_alerts")["pts"]:
            break
        await asyncio.sleep(0.05)
    assert world.server.requests["JoinChannelRequest"] == 1
    assert world.store.channel("kursk_alerts")["joined"] == 1
    [reply] = await world.send(world.admin, "/channels add no_such_channel_x")
    assert "not found" in reply.text
    [reply] = await world.send(world.admin, "/channels add t.me/+secretinvite")
    assert "private invite" in reply.text


async def test_status_and_reviewers(world):
    await world.report("shot_shot", ANAPA[0])
    [reply] = await world.send(world.admin, "/status")
    assert "Channels: 3" in reply.text and "Outbox depth: 0" in reply.text
    assert "🟢 @shot_shot: poll 0 s ago" in reply.text and "FloodWait: 0" in reply.text
    assert "🟡 @mash_news: poll —" in reply.text  # configured, not polled yet
    world.server.fail("GetHistory", "CHANNEL_PRIVATE", chat=world.channels["mash_news"])
    await world.app.poller.poll("mash_news")
    [reply] = await world.send(world.admin, "/status")
    assert "failing: 1" in reply.text and "@mash_news" in reply.text
    [incident] = world.store.incidents()
    [card] = [m for m in world.server.messages(world.review) if m.sender is world.bot]
    await world.server.press_button(
        world.editor, world.review, card.id, signed(world, "confirm", incident)
    )
    [reply] = await world.send(world.admin, "/reviewers")
    assert str(world.admin.id) in reply.text and "@duty_editor" in reply.text
    [reply] = await world.send(world.admin, "/status")
    assert "⚠️" not in reply.text
    # more channels than the accounts can join: /status says so and what to do
    pool = world.app.poller
    pool.accounts = replace(pool.accounts, join_limit=1)
    [reply] = await world.send(world.admin, "/status")
    assert (
        "⚠️ 3 channels, accounts can join 1: 2 are polled, add an account with "
        "tgradar login --account NAME"
    ) in reply.text
    assert any(type(e).__name__ == "MessageEntityCode" for e in reply.entities)


# -- digest ----------------------------------------------------------------------------------


async def test_digest_goes_to_the_review_chat_and_to_subscribers_once_a_day(world):
    reader = world.user("digest_reader", "en")
    silent = world.user("no_digest", "ru")
    await world.send(reader, "/subscribe Белгородская область")
    await world.send(reader, "/digest on")
    await world.send(silent, "/subscribe all")
    await world.report("shot_shot", ANAPA[0])
    await world.report("belgorod_news", BELGOROD, minutes=1)
    now = world.now() + timedelta(minutes=5)
    report = await send_digests(
        world.bot_client,
        world.store,
        Gazetteer.default(),
        now,
        review_chat=REVIEW,
        sleep=lambda _: asyncio.sleep(0),
    )
    assert sorted(report.sent) == sorted([REVIEW, str(reader.id)])
    assert report.counts[REVIEW].by_region == (("RU-BEL", 1), ("RU-KDA", 1))
    assert report.counts[str(reader.id)].by_region == (("RU-BEL", 1),)

    # The chart with the digest's text, then the night's map beside it.
    digest, night = [m for m in world.server.messages(world.review) if m.media_bytes][-2:]
    assert "Всего инцидентов: 2" in digest.text
    image = Image.open(io.BytesIO(digest.media_bytes))
    assert image.format == "PNG" and image.size[0] > 300
    assert night.text.startswith("🗺 Инциденты")
    drawn = Image.open(io.BytesIO(night.media_bytes))
    assert drawn.format == "PNG" and drawn.mode == "RGB" and drawn.size[0] > 800
    mine, my_map = [m for m in world.bot_messages(reader) if m.media_bytes]
    assert "Incidents: 1" in mine.text and "Belgorod Oblast — 1" in mine.text
    assert my_map.text.startswith("🗺 Incidents")
    assert [m for m in world.bot_messages(silent) if m.media_bytes] == []
    sent_before = len(world.server.messages(world.review))

    again = await send_digests(
        world.bot_client,
        world.store,
        Gazetteer.default(),
        now,
        review_chat=REVIEW,
        sleep=lambda _: asyncio.sleep(0),
    )
    assert again.sent == [] and sorted(again.skipped) == sorted([REVIEW, str(reader.id)])
    assert len(world.server.messages(world.review)) == sent_before  # no second map either


async def test_digest_to_a_blocked_subscriber_pauses_them(world):
    reader = world.user("digest_gone", "ru")
    await world.send(reader, "/digest on")
    world.server.block(reader, world.bot)
    report = await send_digests(
        world.bot_client,
        world.store,
        Gazetteer.default(),
        world.now(),
        sleep=lambda _: asyncio.sleep(0),
    )
    assert report.paused == [str(reader.id)] and report.sent == []
    assert world.store.subscriber(reader.id)["paused"] == 1


# -- store and menu ----------------------------------------------------------------------------


def test_migration_keeps_existing_region_subscriptions(tmp_path):
    import sqlite_utils

    from bot.store import SCHEMA_VERSION, migrate

    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    migrate(db, target=2)
    db["subscriptions"].insert({"user_id": 42, "region": "RU-BEL", "created_at": "x"})
    db.close()
    store = Store(path)
    try:
        assert store.subscriptions_of(42) == [("RU-BEL", "")]
        assert store.add_subscription(42, "RU-BEL", "Белгород")  # a town in the same region
        assert not store.add_subscription(42, "RU-BEL")
        assert store.subscriptions_of(42) == [("RU-BEL", ""), ("RU-BEL", "Белгород")]
        from bot.store import schema_version

        assert schema_version(store.db) == SCHEMA_VERSION >= 3
    finally:
        store.close()


async def test_command_menu_is_published_in_each_language(world):
    await world.commands.publish_commands()
    russian = dict(world.bot.commands[("BotCommandScopeDefault", "ru")])
    ukrainian = dict(world.bot.commands[("BotCommandScopeDefault", "uk")])
    english = dict(world.bot.commands[("BotCommandScopeDefault", "")])
    assert russian["subscribe"].startswith("Подписаться")
    assert ukrainian["subscribe"].startswith("Підписатися")
    assert ukrainian.keys() == russian.keys() == english.keys()
    assert english["subscribe"].startswith("Subscribe")
    assert "status" not in english  # admin commands stay out of everyone's menu


async def test_english_replies_name_places_in_english(world):
    john = world.user("john_reader", "en")
    [reply] = await world.send(john, "/subscribe Анапа")
    assert "Subscribed to Anapa (Krasnodar Krai)" in reply.text
    [listed] = await world.send(john, "/list")
    assert "Anapa (Krasnodar Krai)" in listed.text
    assert not re.search("[А-Яа-я]", listed.text)
    assert world.store.subscriptions_of(john.id) == [("RU-KDA", "Анапа")]  # stored as detected


async def test_a_ukrainian_subscriber_is_answered_in_ukrainian(world):
    olena = world.user("olena_sub", "uk")
    [reply] = await world.send(olena, "/subscribe Одещина")
    assert "Підписку оформлено" in reply.text and "Одеська область" in reply.text
    [reply] = await world.send(olena, "/mode sometimes")
    assert "Невідомий режим" in reply.text


# -- /map --------------------------------------------------------------------------------------


async def _photo_for(world, who, before, seconds=30):
    deadline = asyncio.get_running_loop().time() + seconds
    while asyncio.get_running_loop().time() < deadline:
        photos = [m for m in world.bot_messages(who) if m.media_bytes][before:]
        if photos:
            return photos
        await asyncio.sleep(0.05)
    return []


async def test_map_shows_a_subscriber_their_regions_and_a_reviewer_everything(world):
    reader = world.user("map_reader", "en")
    [reply] = await world.send(reader, "/map")
    assert "no subscriptions" in reply.text  # nothing to draw yet, and it says why
    await world.send(reader, "/subscribe Белгородская область")
    await world.report("shot_shot", ANAPA[0])
    await world.report("belgorod_news", BELGOROD, minutes=1)
    world.offset = timedelta(minutes=5)

    await world.server.user_sends(reader, world.bot, "/map 6h")
    [mine] = await _photo_for(world, reader, 0)
    assert mine.text.startswith("🗺 Incidents")
    assert "incidents: 1 · regions: 1" in mine.text  # Belgorod only
    image = Image.open(io.BytesIO(mine.media_bytes))
    assert image.format == "PNG" and image.mode == "RGB" and image.size[0] > 800

    await world.server.user_sends(world.admin, world.bot, "/map")
    [everything] = await _photo_for(world, world.admin, 0)
    assert "incidents: 2 · regions: 2" in everything.text  # Kuban too


async def test_markup_in_arguments_is_answered_as_text_never_as_live_tags(
    world, every_html_text_is_strict
):
    person = world.user("tinkerer")
    for command in (
        '/mode <a href="https://e.x/">y</a>',
        "/subscribe <",
        "/mute 2h <i>x",
        "/quiet <b>23:00</b>",
        "/types <i>дроны</i>",
        "/digest <u>on",
        "/mute 99999999999999999999h",
        "/channels add <b>x</b>",
    ):
        replies = await world.send(person, command)
        assert replies, command
        assert all(
            not m.entities or not any("Url" in type(e).__name__ for e in m.entities)
            for m in replies
        ), command
    assert len(every_html_text_is_strict) >= 8  # and the fixture parses each strictly


def test_the_strict_parser_finds_what_telegram_refuses():
    from tests.strict_html import html_problems

    assert html_problems('<b>ok</b> &lt;a&gt; &amp; <a href="https://t.me/x">x</a>') == []
    assert html_problems("/subscribe <")
    assert html_problems("<i>x")
    assert html_problems("a & b")
    assert html_problems("<script>x</script>")
