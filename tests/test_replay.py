"""The pipeline end to end: real detector, grouping and store, no Telegram."""

from datetime import UTC, datetime, timedelta

import pytest

from bot.cli import sample_feed_path
from bot.pipeline import Pipeline
from bot.readers import read_all
from bot.store import Store, StoreError

NIGHT = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)



def test_replaying_twice_changes_nothing(tmp_path, detector):
    path = tmp_path / "t.db"
    posts, errors = read_all(sample_feed_path())
    assert not errors
    first = Pipeline(Store(path), detector).ingest(posts)
    before = [i.to_json() for i in Store(path).incidents()]
    again = Pipeline(Store(path), detector).ingest(posts)
    assert len(first.new) == len(posts) and first.duplicates == 0
    assert again.new == [] and again.duplicates == len(posts) and again.changes == []
    assert [i.to_json() for i in Store(path).incidents()] == before
    assert Store(path).count("posts") == len({p.key for p in posts})


def test_batches_and_one_batch_give_the_same_incidents(detector):
    posts, _ = read_all(sample_feed_path())
    whole = Store()
    Pipeline(whole, detector).ingest(posts)
    split = Store()
    pipeline = Pipeline(split, detector)
    for start in range(0, len(posts), 7):
        pipeline.ingest(posts[start : start + 7])
    assert [i.to_json() for i in split.incidents()] == [i.to_json() for i in whole.incidents()]


def test_a_restart_between_batches_gives_the_same_incidents(tmp_path, detector):
    posts, _ = read_all(sample_feed_path())
    reference = Store()
    Pipeline(reference, detector).ingest(posts)
    path = tmp_path / "restart.db"
    half = len(posts) // 2
    Pipeline(Store(path), detector).ingest(posts[:half])
    Pipeline(Store(path), detector).ingest(posts[half:])  # a new process: state from the store
    expected = [i.to_json() for i in reference.incidents()]
    assert [i.to_json() for i in Store(path).incidents()] == expected


def test_a_batch_that_fails_to_commit_is_not_half_remembered(tmp_path, detector):
    posts, _ = read_all(sample_feed_path())
    reference = Store()
    Pipeline(reference, detector).ingest(posts)

    store = Store(tmp_path / "fail.db")
    pipeline = Pipeline(store, detector)
    half = len(posts) // 2
    pipeline.ingest(posts[:half])
    # The disk "fails" for the next batch: SQLite refuses the write.
    store.db.execute(
        "CREATE TRIGGER fail BEFORE INSERT ON posts BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    )
    with pytest.raises((StoreError, Exception)):
        pipeline.ingest(posts[half:])
    assert store.count("posts") == half
    store.db.execute("DROP TRIGGER fail")
    pipeline.ingest(posts[half:])
    assert [i.to_json() for i in store.incidents()] == [i.to_json() for i in reference.incidents()]


def test_an_edit_is_redetected_and_a_late_edit_is_only_stored(detector):
    from dataclasses import replace

    from bot.models import Post

    store = Store()
    pipeline = Pipeline(store, detector, edit_window=timedelta(hours=2))
    quiet = Post("shot_shot", 1, NIGHT, "Доброе утро, подписчики! Сегодня в Анапе солнечно.")
    pipeline.ingest([quiet])
    assert store.incidents() == []
    edited = replace(
        quiet,
        text="Срочно: в Анапе прогремели взрывы, очевидцы сообщают о работе ПВО.",
        edit_date=NIGHT + timedelta(minutes=10),
    )
    result = pipeline.ingest([edited])
    assert result.edited == [edited]
    [incident] = store.incidents()
    assert incident.region == "RU-KDA" and incident.posts == (("shot_shot", 1),)

    late = replace(edited, text="Доброе утро!", edit_date=NIGHT + timedelta(hours=5))
    pipeline.ingest([late])
    assert store.post("shot_shot", 1).text == "Доброе утро!"
    assert [i.posts for i in store.incidents()] == [(("shot_shot", 1),)]


def test_the_grouper_reads_the_store_at_start_and_then_only_for_older_posts(tmp_path, detector):
    from bot.models import Post

    posts, _ = read_all(sample_feed_path())
    store = Store(tmp_path / "daemon.db")
    pipeline = Pipeline(store, detector)
    for start in range(0, len(posts), 5):  # polls finding posts, all night
        pipeline.ingest(posts[start : start + 5])
    assert pipeline.loads == 1
    assert pipeline.grouper.held <= len(store.incidents())

    text = "В Анапе прогремели взрывы, очевидцы сообщают о работе ПВО над городом."
    backfill = Post("new_channel", 1, posts[0].date - timedelta(days=1), text)
    pipeline.ingest([backfill])  # a new channel's history: older than what the grouper holds
    assert pipeline.loads == 2
    live = Post("new_channel", 2, posts[-1].date + timedelta(minutes=1), text + " Снова.")
    pipeline.ingest([live])
    assert pipeline.loads == 2

    restarted = Pipeline(Store(tmp_path / "daemon.db"), detector)
    assert restarted.loads == 1
    later = Post("new_channel", 3, posts[-1].date + timedelta(minutes=2), text + " Опять.")
    restarted.ingest([later])
    assert restarted.loads == 1
    assert {i.id for i in restarted.grouper.incidents} == {
        i.id for i in store.incidents(since=later.date - timedelta(hours=12))
    }
