"""A late report that bridges two waves of a region, end to end on the sandbox: the two
incidents become one, the absorbed card says where it went, nobody is told twice, a
reviewer's decision carries over, and a crash in the middle of the merge changes nothing."""

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from bot.cards import callback_data
from tests.conftest import DaemonWorld

NOW = datetime.now(UTC).replace(microsecond=0)
REVIEW = "tgradar_review"
CHANNELS = ("shot_shot", "mash_news", "kuban_alerts")
START = NOW - timedelta(hours=5)
EARLY = "Жители Анапы сообщают о серии взрывов, по словам очевидцев работает ПВО."
LATE = "В Анапе под утро прогремели взрывы — местные жители пишут о 5-7 хлопках."
BRIDGE = "Атака БПЛА на Анапу: ПВО отражает налёт, очевидцы слышали более 20 взрывов."


class World(DaemonWorld):
    def __init__(self, detector, db_path):
        super().__init__(CHANNELS, detector, db_path)

    async def report(self, channel, text, at):
        self.server.post(self.channels[channel], text, date=at)
        await self.app.poller.poll(channel)
        await self.drain()

    def alerts(self):
        """What the subscriber got from the bot (the reply to /subscribe first)."""
        return self.to_reader()


async def two_waves(world: World, subscribe_first: bool = True):
    """Ivan subscribed (before the first wave, or between the two), two Anapa waves four
    hours apart, both carded and sent, the later one confirmed by the duty editor."""
    await world.start()
    if subscribe_first:
        await world.subscribe()
    for name in CHANNELS:
        world.server.post(world.channels[name], "Доброе утро!", date=START - timedelta(hours=1))
        await world.app.poller.poll(name)
    await world.report("shot_shot", EARLY, START)
    if not subscribe_first:  # once the first wave went quiet: Ivan is not sent it
        await world.report("mash_news", "Доброе утро, Кубань!", START + timedelta(hours=3.5))
        await world.subscribe()
    await world.report("mash_news", LATE, START + timedelta(hours=4))
    early, late = sorted(world.store.incidents(), key=lambda i: i.first_seen)
    assert len(world.cards()) == 2 and len(world.alerts()) == (3 if subscribe_first else 2)
    card = next(m for m in world.cards() if late.id in m.text.split())
    data = callback_data("confirm", late.id, world.app.review.secret)
    answer = await world.server.press_button(world.editor, world.review, card.id, data)
    assert answer.message == "Подтверждено"
    await world.drain()
    return early, late


def check_merged(world: World, early, late) -> None:
    store = world.store
    [survivor] = store.incidents()
    assert survivor.id == early.id
    assert sorted(ch for ch, _ in survivor.posts) == sorted(CHANNELS)
    assert store.merged_into(late.id) == early.id and store.absorbed_by(early.id) == [late.id]
    # the editor's decision on the absorbed incident is the survivor's now
    assert survivor.review == "confirmed"
    assert [r.user_name for r in store.reviews(early.id)] == ["@duty_editor"]

    cards = world.cards()
    assert len(cards) == 2  # nothing new in the review chat
    early_card = next(m for m in cards if early.id in m.text.split())
    late_card = next(m for m in cards if late.id in m.text.split())
    assert all(name in early_card.text for name in CHANNELS)
    assert "Подтверждено" in early_card.text and "@duty_editor" in early_card.text
    assert "Объединено" in late_card.text and f"«{early.id}»" in late_card.text
    assert not late_card.buttons
    links = [getattr(e, "url", None) for e in late_card.entities]
    assert f"https://t.me/{REVIEW}/{early_card.id}" in links
    assert late_card.edit_count >= 1

    alerts = world.alerts()
    assert len(alerts) == 3  # the reply to /subscribe and one message per wave: none new
    theirs = {m.id: m for m in alerts}
    early_alert = next(m for m in theirs.values() if early.id in m.text.split())
    assert all(name in early_alert.text for name in CHANNELS)
    late_alert = next(m for m in theirs.values() if late.id in m.text.split())
    assert "Объединено" in late_alert.text
    assert store.outbox_depth() == 0 and not store.outbox("failed")


async def test_a_late_report_that_bridges_two_waves_merges_their_incidents(detector, tmp_path):
    world = World(detector, tmp_path / "tgradar.db")
    try:
        early, late = await two_waves(world)
        await world.report("kuban_alerts", BRIDGE, START + timedelta(hours=2))
        check_merged(world, early, late)
    finally:
        await world.stop()


async def test_a_subscriber_who_only_had_the_absorbed_one_keeps_that_message(detector, tmp_path):
    """Ivan subscribed after the first wave's card went out, so he got only the second: after
    the merge his one message shows the survivor, and nothing is sent again."""
    world = World(detector, tmp_path / "tgradar.db")
    try:
        early, late = await two_waves(world, subscribe_first=False)
        [_, message] = world.alerts()
        assert late.id in message.text.split()
        await world.report("kuban_alerts", BRIDGE, START + timedelta(hours=2))
        [_, message] = world.alerts()
        assert message.edit_count >= 1 and early.id in message.text.split()
        assert all(name in message.text for name in CHANNELS)
        assert "Объединено" not in message.text
        assert world.store.outbox_depth() == 0 and not world.store.outbox("failed")
    finally:
        await world.stop()


async def test_a_confirmed_only_subscriber_gets_the_survivor_the_carried_decision_confirms(
    detector, tmp_path
):
    """Olga reads confirmed incidents only and subscribed after both waves went out. The merge
    carries the editor's confirmation to the survivor, which has just changed: she gets it
    at once, as after any change of a confirmed incident, and Ivan nothing new."""
    world = World(detector, tmp_path / "tgradar.db")
    try:
        early, late = await two_waves(world)
        olga = world.server.add_user("olga_reader", first_name="Olga", lang_code="ru")
        for command in ("/subscribe Кубань", "/mode confirmed"):
            await world.server.user_sends(olga, world.bot, command)
        for _ in range(300):
            stored = world.store.subscriber(olga.id)
            if stored and stored["mode"] == "confirmed" and world.store.subscriptions_of(olga.id):
                break
            await asyncio.sleep(0.01)
        else:
            raise AssertionError("Olga's subscription and mode were not stored")
        before = {m.id for m in world.server.messages(olga, with_=world.bot)}

        await world.report("kuban_alerts", BRIDGE, START + timedelta(hours=2))
        check_merged(world, early, late)
        new = [m for m in world.server.messages(olga, with_=world.bot) if m.id not in before]
        assert [m.sender for m in new] == [world.bot]
        [alert] = new
        assert early.id in alert.text.split()
        assert all(name in alert.text for name in CHANNELS)
    finally:
        await world.stop()


async def test_a_press_on_the_absorbed_card_before_its_edit_decides_on_the_survivor(
    detector, tmp_path
):
    world = World(detector, tmp_path / "tgradar.db")
    try:
        early, late = await two_waves(world)
        world.server.post(world.channels["kuban_alerts"], BRIDGE, date=START + timedelta(hours=2))
        await world.app.poller.poll("kuban_alerts")  # merged; the card edits not out yet
        late_card = next(m for m in world.cards() if late.id in m.text.split())
        data = callback_data("reopen", late.id, world.app.review.secret)
        answer = await world.server.press_button(world.editor, world.review, late_card.id, data)
        assert answer.message == "Снова открыто"
        assert world.store.incident(early.id).review == "pending"
        assert [r.decision for r in world.store.reviews(late.id)] == ["confirmed"]
        assert [r.decision for r in world.store.reviews(early.id)] == ["confirmed", "pending"]
        await world.drain()
        early_card = next(m for m in world.cards() if early.id in m.text.split())
        assert "Ожидает проверки" in early_card.text
    finally:
        await world.stop()


async def test_a_crash_in_the_middle_of_the_merge_ends_in_the_same_state(detector, tmp_path):
    world = World(detector, tmp_path / "tgradar.db")
    try:
        early, late = await two_waves(world)
        # The disk fails while the merge is being written: nothing of that batch is kept.
        world.store.db.execute(
            "CREATE TRIGGER disk_gone BEFORE UPDATE OF merged_into ON incidents "
            "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"
        )
        world.server.post(world.channels["kuban_alerts"], BRIDGE, date=START + timedelta(hours=2))
        with pytest.raises(sqlite3.DatabaseError, match="disk I/O error"):
            await world.app.poller.poll("kuban_alerts")
        assert len(world.store.incidents()) == 2 and world.store.merged_into(late.id) is None
        assert world.store.count("posts") == 5 and world.store.outbox_depth() == 0
        world.store.db.execute("DROP TRIGGER disk_gone")
        await world.stop()  # the process is gone; Telegram keeps the post

        await world.start()  # restarted on the same database
        await world.app.poller.poll("kuban_alerts")
        await world.drain()
        check_merged(world, early, late)
    finally:
        await world.stop()
