"""How a merge is stored: the absorbed incident kept and pointing at the survivor, its
reports moved, reviewers' decisions carried over (the latest one stands), in one batch."""

from datetime import UTC, datetime, timedelta

from bot.models import Post, Review
from bot.pipeline import Pipeline
from bot.store import Store

T0 = datetime(2026, 11, 20, 21, 0, tzinfo=UTC)
TEXTS = {
    "shot_shot": "Жители Анапы сообщают о серии взрывов, по словам очевидцев работает ПВО.",
    "mash_news": "В Анапе под утро прогремели взрывы — местные жители пишут о 5-7 хлопках.",
    "kuban_alerts": "Атака БПЛА на Анапу: ПВО отражает налёт, очевидцы слышали более 20 взрывов.",
}


def post(channel: str, hours: float) -> Post:
    return Post(channel=channel, id=1, date=T0 + timedelta(hours=hours), text=TEXTS[channel])


def two_incidents(detector) -> tuple[Store, Pipeline, str, str]:
    store = Store()
    pipeline = Pipeline(store, detector)
    pipeline.ingest([post("shot_shot", 0)])
    pipeline.ingest([post("mash_news", 4)])
    early, late = store.incidents()
    return store, pipeline, early.id, late.id


def decide(store: Store, incident_id: str, decision: str, minutes: int) -> None:
    when = T0 + timedelta(hours=6, minutes=minutes)
    store.record_review(Review(incident_id, 7, "@duty_editor", decision, when))


def test_the_merge_keeps_the_absorbed_incident_pointing_at_the_survivor(detector):
    store, pipeline, early, late = two_incidents(detector)
    result = pipeline.ingest([post("kuban_alerts", 2)])
    assert {c.kind for c in result.changes} == {"updated", "merged"}
    [survivor] = store.incidents()
    assert survivor.id == early and len(survivor.reports) == 3
    assert store.merged_into(late) == early and store.absorbed_by(early) == [late]
    assert store.incident_retracted(late) and store.incident(late).reports == ()
    assert late in dict(store.retracted_ids(T0))  # its id is never given again


def test_when_both_were_decided_the_later_decision_stands(detector):
    store, pipeline, early, late = two_incidents(detector)
    decide(store, early, "confirmed", 1)
    decide(store, late, "false_alarm", 2)
    pipeline.ingest([post("kuban_alerts", 2)])
    assert store.incident(early).review == "false_alarm"
    assert [r.decision for r in store.reviews(early)] == ["confirmed", "false_alarm"]
    assert [r.decision for r in store.reviews(late)] == ["false_alarm"]  # its history stays
    assert store.false_alarms()  # feedback on the channels counts the latest decision


def test_an_earlier_decision_on_the_absorbed_one_does_not_undo_a_later_one(detector):
    store, pipeline, early, late = two_incidents(detector)
    decide(store, late, "dismissed", 1)
    decide(store, early, "confirmed", 2)
    pipeline.ingest([post("kuban_alerts", 2)])
    assert store.incident(early).review == "confirmed"
    assert not store.false_alarms()


def test_a_restart_after_the_merge_holds_only_the_survivor(detector):
    store, pipeline, early, _ = two_incidents(detector)
    pipeline.ingest([post("kuban_alerts", 2)])
    again = Pipeline(store, detector)  # a restart: the grouper reads the store
    assert [i.id for i in again.grouper.incidents] == [early]
    later = Post(channel="shot_shot", id=2, date=T0 + timedelta(hours=5), text=TEXTS["shot_shot"])
    again.ingest([later])
    assert [i.id for i in store.incidents()] == [early]
    assert len(store.incident(early).reports) == 4


def test_channel_records_as_of_a_moment_count_the_decisions_standing_then(detector):
    """A closed incident's card counts the decisions taken until it closed: the records as
    of a moment leave out later decisions, and a decision changed later stands as it was."""
    store, _, early, late = two_incidents(detector)
    decide(store, early, "false_alarm", 0)
    decide(store, late, "confirmed", 10)
    decide(store, early, "confirmed", 20)
    at = T0 + timedelta(hours=6)
    assert store.channel_records(as_of=at + timedelta(minutes=5))["shot_shot"].false_alarms == 1
    assert "mash_news" not in store.channel_records(as_of=at + timedelta(minutes=5))
    assert store.channel_records(as_of=at + timedelta(minutes=15))["mash_news"].confirmed == 1
    now = store.channel_records()
    assert now == store.channel_records(as_of=at + timedelta(minutes=20))
    assert (now["shot_shot"].confirmed, now["shot_shot"].false_alarms) == (1, 0)
    assert store.channel_records(as_of=at - timedelta(minutes=1)) == {}
