"""An all-clear that arrives before the alerts of the wave it ends (a catch-up channel by
channel after a restart), end to end on the sandbox: the wave ends at the all-clear as when
the night is read in order, the card and the subscriber's message show it once, and a
restart or a failed write between the all-clear and the alerts changes nothing."""

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from bot.detect import Detector
from bot.incidents import BY_ALL_CLEAR, closed_by
from bot.models import Post
from bot.pipeline import Pipeline
from bot.store import Store
from tests.conftest import DaemonWorld

NOW = datetime.now(UTC).replace(microsecond=0)
START = NOW - timedelta(hours=2)
REVIEW = "tgradar_review"
# The all-clear's channel comes first: a catch-up reads it before the alerts.
CHANNELS = ("kuban_official", "kuban_alerts", "shot_shot")
ALERT = ("kuban_alerts", "Анапа / Опасность атаки БПЛА.", 0)
NEWS = (
    "shot_shot",
    "Жители Анапы сообщают о серии взрывов, по словам очевидцев работает ПВО.",
    15,
)
ALL_CLEAR = ("kuban_official", "Отбой опасности БПЛА в Анапе. Спасибо за спокойствие.", 50)
NIGHT = (ALERT, NEWS, ALL_CLEAR)


class World(DaemonWorld):
    def __init__(self, detector, db_path):
        super().__init__(CHANNELS, detector, db_path)

    async def prepare(self):
        """The daemon watching the channels (each read once), Ivan subscribed to Kuban; then
        the process is gone while the night is posted."""
        await self.start()
        await self.subscribe()
        for name in CHANNELS:
            self.server.post(self.channels[name], "Доброе утро!", date=START - timedelta(hours=1))
            await self.app.poller.poll(name)
        await self.drain()
        await self.stop()
        for channel, text, minutes in NIGHT:
            self.server.post(self.channels[channel], text, date=START + timedelta(minutes=minutes))

    def alerts(self):
        """What the subscriber got from the bot after the reply to /subscribe."""
        return self.to_reader()[1:]


async def night(detector, tmp_path, order, restart_after=None):
    """The night caught up channel by channel in `order` (restarting after `restart_after`):
    (the incident, the review card's text, the subscriber's message texts)."""
    world = World(detector, tmp_path / f"{'-'.join(order)}-{restart_after}.db")
    await world.prepare()
    await world.start()
    try:
        for name in order:
            await world.app.poller.poll(name)
            await world.drain()
            if name == restart_after:
                await world.stop()
                await world.start()
        [incident] = world.store.incidents()
        [card] = world.cards()
        assert world.store.outbox_depth() == 0 and not world.store.outbox("failed")
        return incident, card.text, [m.text for m in world.alerts()]
    finally:
        await world.stop()


def ended_by_the_all_clear(incident) -> None:
    cleared = START + timedelta(minutes=ALL_CLEAR[2])
    assert incident.closed_at == cleared and closed_by(incident) == BY_ALL_CLEAR
    assert sorted(ch for ch, _ in incident.posts) == sorted(CHANNELS)


async def test_an_all_clear_caught_up_before_its_alerts_ends_the_wave_as_in_order(
    detector, tmp_path
):
    in_order, card, alerts = await night(
        detector, tmp_path, ("kuban_alerts", "shot_shot", "kuban_official")
    )
    ended_by_the_all_clear(in_order)
    assert "отбой в" in card and len(alerts) == 1

    first, card_first, alerts_first = await night(detector, tmp_path, CHANNELS)
    ended_by_the_all_clear(first)
    assert first.id == in_order.id
    assert card_first == card  # the live card shows the wave ended, as in order
    assert alerts_first == alerts  # one message, no second one for the all-clear


async def test_a_restart_between_the_all_clear_and_its_alerts_still_ends_the_wave(
    detector, tmp_path
):
    _, card, alerts = await night(
        detector, tmp_path, ("kuban_alerts", "shot_shot", "kuban_official")
    )
    incident, card_after, alerts_after = await night(
        detector, tmp_path, CHANNELS, restart_after="kuban_official"
    )
    ended_by_the_all_clear(incident)
    assert card_after == card and alerts_after == alerts


async def test_a_failed_write_of_the_alerts_loses_nothing_and_the_retry_ends_the_wave(
    detector, tmp_path
):
    world = World(detector, tmp_path / "tgradar.db")
    await world.prepare()
    await world.start()
    try:
        await world.app.poller.poll("kuban_official")
        # The disk fails while the alerts' batch is written: nothing of that batch is kept.
        world.store.db.execute(
            "CREATE TRIGGER disk_gone BEFORE INSERT ON incident_reports "
            "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"
        )
        with pytest.raises(sqlite3.DatabaseError, match="disk I/O error"):
            await world.app.poller.poll("kuban_alerts")
        assert world.store.incidents() == [] and world.store.outbox_depth() == 0
        world.store.db.execute("DROP TRIGGER disk_gone")
        await world.stop()  # the process is gone; Telegram keeps the posts

        await world.start()
        for name in ("kuban_alerts", "shot_shot"):
            await world.app.poller.poll(name)
        await world.drain()
        [incident] = world.store.incidents()
        ended_by_the_all_clear(incident)
        [card] = world.cards()
        assert "отбой в" in card.text and len(world.alerts()) == 1
    finally:
        await world.stop()


# -- the pipeline alone ------------------------------------------------------------------------

T0 = datetime(2026, 11, 20, 22, 0, tzinfo=UTC)


def posted(channel: str, id_: int, minutes: int, text: str) -> Post:
    return Post(channel=channel, id=id_, date=T0 + timedelta(minutes=minutes), text=text)


def test_a_kept_all_clear_is_read_back_after_a_restart_and_ends_only_an_earlier_wave(tmp_path):
    detector = Detector()
    path = tmp_path / "tgradar.db"
    store = Store(path)
    Pipeline(store, detector).ingest([posted("kuban_official", 1, 50, ALL_CLEAR[1])])
    assert store.incidents() == []
    store.close()

    store = Store(path)  # restarted: the grouper reads the kept all-clear back
    pipeline = Pipeline(store, detector)
    [(_, report)] = pipeline.grouper.orphan_clears
    assert report.key == ("kuban_official", 1) and report.all_clear
    pipeline.ingest([posted("kuban_alerts", 1, 0, ALERT[1])])
    [incident] = store.incidents()
    assert incident.closed_at == T0 + timedelta(minutes=50)
    assert closed_by(incident) == BY_ALL_CLEAR
    assert pipeline.grouper.orphan_clears == []

    # an alert after the all-clear (the next hour's) is a new wave: it does not end it
    pipeline.ingest([posted("kuban_alerts", 2, 70, ALERT[1])])
    ended, later = store.incidents()
    assert ended.id == incident.id and later.closed_at is None
    store.close()
