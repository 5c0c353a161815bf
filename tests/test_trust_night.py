"""Trust learned from reviewers, on replayed nights through the whole daemon on the sandbox.

Three nights of posts from three channels. A reviewer marks one channel's lone reports as
false alarms and confirms the incidents two other channels reported. `fast` subscribers
then stop getting the first channel's lone reports at the default threshold, still get the
trusted channels', and a subscriber who asked for two sources (`/mode fast 2`) gets an
incident once two trusted channels reported it.
"""

import asyncio
import re
from datetime import UTC, datetime, timedelta

import pytest

from bot.cards import callback_data
from bot.store import Store
from tests.conftest import SandboxWorld

CHANNELS = ("rumour_mill", "shot_shot", "mash_news")
INCIDENT_ID = re.compile(r"\b(RU|UA)-[A-Z0-9]+-\d{8}T\d{4}")
NIGHTS = [  # (rumour about Belgorod, SHOT on Anapa, Mash on Anapa), one triple a night
    (
        "Очевидцы пишут: в Белгороде слышны взрывы, якобы работает ПВО.",
        "Жители Анапы сообщают о серии взрывов, по словам очевидцев работает ПВО.",
        "Анапа: в небе слышны хлопки, над городом работает ПВО, сбиты беспилотники.",
    ),
    (
        "Подписчики сообщают о взрывах в Белгороде, над городом вспышки.",
        "В Анапе ночью прогремели взрывы — местные жители пишут о 5-7 хлопках.",
        "Атака БПЛА на Анапу: ПВО отражает налёт, очевидцы слышали более 20 взрывов.",
    ),
    (
        "Говорят, в Белгороде снова громко: взрывы и работа ПВО над окраинами.",
        "Анапа снова под атакой беспилотников: над морем работает ПВО, слышны взрывы.",
        "Взрывы над Анапой: местные насчитали не меньше десяти хлопков, работает ПВО.",
    ),
]


class Night(SandboxWorld):
    """The shared sandbox world with the three channels and a daemon whose clock runs
    `offset` ahead of real time (the nights are days apart)."""

    def __init__(self, detector):
        super().__init__(CHANNELS)
        self.detector = detector
        self.offset = timedelta(0)
        self.seconds = 0.0

    def now(self):
        return datetime.now(UTC) + self.offset

    async def start(self):
        self.store = Store()
        settings = self.quick(self.daemon_settings())
        self.app = await self.start_app(settings, self.store, self.detector, now=self.now)
        self.app.commands.clock = lambda: self.seconds

    async def stop(self):
        await self.disconnect_all()
        self.store.close()

    async def send(self, who, message):
        self.seconds += 10
        before = len(self.replies(who))
        await self.server.user_sends(who, self.bot, message)
        for _ in range(300):
            await asyncio.sleep(0.01)
            if len(self.replies(who)) > before:
                break

    def replies(self, who):
        return [m for m in self.server.messages(who, with_=self.bot) if m.sender is self.bot]

    def alerts(self, who):
        return [m for m in self.replies(who) if INCIDENT_ID.search(m.text)]

    async def post(self, channel, text, minutes):
        self.server.post(self.channels[channel], text, date=self.now() + timedelta(minutes=minutes))
        await self.app.poller.poll(channel)
        for _ in range(3):
            await self.app.sender.drain()

    async def decide(self, incident_id, decision):
        cards = [
            m
            for m in self.server.messages(self.review)
            if m.sender is self.bot and incident_id in m.text
        ]
        data = callback_data(decision, incident_id, self.app.review.secret)
        await self.server.press_button(self.editor, self.review, cards[0].id, data)
        for _ in range(3):
            await self.app.sender.drain()

    def incident_of(self, channel, region):
        tonight = self.now() - timedelta(hours=2)
        found = [
            i
            for i in self.store.incidents(region=region, since=tonight)
            if channel in {r.channel for r in i.reports}
        ]
        assert len(found) == 1, found
        return found[0]



@pytest.fixture
async def night(detector):
    n = Night(detector)
    await n.start()
    yield n
    await n.stop()


async def test_trust_learned_from_reviewers_decides_who_gets_a_fast_alert(night):
    lena = night.server.add_user("lena_belgorod", lang_code="ru")
    ivan = night.server.add_user("ivan_anapa", lang_code="ru")
    petr = night.server.add_user("petr_two_sources", lang_code="ru")
    await night.send(lena, "/subscribe Белгородская область")
    await night.send(ivan, "/subscribe Анапа")
    await night.send(petr, "/subscribe Анапа")
    await night.send(petr, "/mode fast 2")
    assert "2" in night.replies(petr)[-1].text
    assert night.store.subscriber(petr.id)["fast_min"] == 2.0

    delivered = []
    for number, (rumour, shot, mash) in enumerate(NIGHTS):
        night.offset = timedelta(days=number)
        counts = {who.id: len(night.alerts(who)) for who in (lena, ivan, petr)}

        await night.post("rumour_mill", rumour, minutes=0)
        lone = night.incident_of("rumour_mill", "RU-BEL")
        assert [r.channel for r in lone.reports] == ["rumour_mill"]
        lena_got = len(night.alerts(lena)) - counts[lena.id]

        await night.post("shot_shot", shot, minutes=5)
        ivan_got = len(night.alerts(ivan)) - counts[ivan.id]
        petr_after_one = len(night.alerts(petr)) - counts[petr.id]
        await night.post("mash_news", mash, minutes=10)
        anapa = night.incident_of("shot_shot", "RU-KDA")
        assert {r.channel for r in anapa.reports} == {"shot_shot", "mash_news"}
        petr_after_two = len(night.alerts(petr)) - counts[petr.id]
        delivered.append((lena_got, ivan_got, petr_after_one, petr_after_two))

        # The reviewer's verdicts teach the channels' trust for the next nights.
        await night.decide(lone.id, "false_alarm")
        await night.decide(anapa.id, "confirm")

    first, _second, third = delivered
    # Night 1, nothing learned yet: every lone report of a channel reaches threshold 1, and
    # two channels reach Petr's 2.
    assert first == (1, 1, 0, 1)
    # Night 3, after two false alarms: the rumour mill's lone report reaches nobody; the
    # confirmed channels reach Ivan at once, and Petr when the second one reports.
    assert third == (0, 1, 0, 1)
    records = night.store.channel_records()
    assert records["rumour_mill"].false_alarms == 3
    assert records["shot_shot"].confirmed == records["mash_news"].confirmed == 3

    # The review card says how sure the incident is and why its reports are one.
    last_card = [m for m in night.server.messages(night.review) if anapa.id in m.text][-1]
    assert "2 независимых источника" in last_card.text
    assert "Сгруппировано: RU-KDA · волна" in last_card.text


async def test_mode_fast_with_a_bad_threshold_is_refused_and_nothing_changes(night):
    olga = night.server.add_user("olga_strict", lang_code="en")
    await night.send(olga, "/mode fast many")
    assert "not a number of sources" in night.replies(olga)[-1].text
    await night.send(olga, "/mode fast 1.5")
    assert night.store.subscriber(olga.id)["fast_min"] == 1.5
    await night.send(olga, "/mode fast")
    assert night.store.subscriber(olga.id)["fast_min"] is None
