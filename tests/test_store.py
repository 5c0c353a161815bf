import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
import sqlite_utils

from bot.incidents import Grouper, fingerprint
from bot.models import Detection, Place, Post
from bot.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    Batch,
    OutboxRow,
    Store,
    StoreError,
    migrate,
    schema_version,
)

T0 = datetime(2026, 11, 20, 22, 0, tzinfo=UTC)
TEXT = "Жители Анапы сообщают о серии взрывов, по словам очевидцев работает ПВО над городом"


def make_post(id_: int = 1, text: str = TEXT, **kw) -> Post:
    return Post(channel="shot_shot", id=id_, date=T0 + timedelta(minutes=id_), text=text, **kw)


def detection(p: Post) -> Detection:
    return Detection(
        channel=p.channel,
        id=p.id,
        incident=True,
        types=("explosion", "air_defense"),
        regions=("RU-KDA",),
        places=(Place("Анапа", "RU-KDA", 44.89, 37.32),),
    )


def test_new_database_has_every_table_with_foreign_keys(tmp_path):
    store = Store(tmp_path / "t.db")
    tables = set(store.db.table_names())
    assert {
        "channels",
        "posts",
        "detections",
        "incidents",
        "incident_reports",
        "outbox",
        "reviews",
        "subscriptions",
        "meta",
    } <= tables
    assert schema_version(store.db) == SCHEMA_VERSION
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    fks = {
        (fk.other_table, fk.columns if fk.is_compound else fk.column)
        for fk in store.db["detections"].foreign_keys
    }
    assert ("posts", ("channel", "message_id")) in fks
    assert store.db["posts"].pks == ["channel", "message_id"]


def test_batch_is_stored_with_incident_reports_and_cursor():
    store = Store()
    p = make_post()
    g = Grouper()
    changes = g.add(p, detection(p))
    store.commit_batch(
        Batch(posts=[p], detections=[detection(p)], changes=changes, cursor=("shot_shot", 1))
    )
    assert store.cursor("shot_shot") == 1
    assert store.post("shot_shot", 1) == p
    assert store.detection("shot_shot", 1) == detection(p)
    [incident] = store.incidents()
    assert incident == changes[0].incident
    assert store.seen("shot_shot", 1) == (True, None)
    assert store.seen("shot_shot", 2) == (False, None)


def test_cursor_never_moves_back():
    store = Store()
    store.commit_batch(Batch(posts=[make_post(5)], cursor=("shot_shot", 5)))
    store.commit_batch(Batch(cursor=("shot_shot", 3)))
    assert store.cursor("shot_shot") == 5


def test_a_failing_batch_leaves_nothing_behind():
    store = Store()
    p = make_post()
    bad_row = OutboxRow("card:x", "send", "review", {"text": "x"}, incident_id="no-such-incident")
    with pytest.raises((StoreError, sqlite3.IntegrityError)):
        store.commit_batch(
            Batch(posts=[p], detections=[detection(p)], outbox=[bad_row], cursor=("shot_shot", 1))
        )
    assert store.count("posts") == 0
    assert store.count("detections") == 0
    assert store.cursor("shot_shot") == 0


def test_posts_are_unique_on_channel_and_message_id():
    store = Store()
    store.commit_batch(Batch(posts=[make_post(1)]))
    store.commit_batch(Batch(posts=[make_post(1, text="edited")]))
    assert store.count("posts") == 1
    assert store.post("shot_shot", 1).text == "edited"


def test_migration_upgrades_a_version_1_database_in_place(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    migrate(db, target=1)
    db["channels"].insert({"username": "shot_shot"})
    db["posts"].insert(
        {"channel": "shot_shot", "message_id": 7, "date": "2026-11-20T22:00:00Z", "text": TEXT}
    )
    db["posts"].insert(
        {"channel": "shot_shot", "message_id": 8, "date": "2026-11-20T22:01:00Z", "text": "ok"}
    )
    assert schema_version(db) == 1
    assert "fingerprint" not in db["posts"].columns_dict
    db.close()

    store = Store(path)
    assert schema_version(store.db) == SCHEMA_VERSION == len(MIGRATIONS)
    rows = {r["message_id"]: r["fingerprint"] for r in store.db["posts"].rows}
    assert rows == {7: fingerprint(TEXT), 8: None}
    assert store.post("shot_shot", 7).text == TEXT


def test_a_database_from_a_newer_tgradar_is_refused(tmp_path):
    path = tmp_path / "new.db"
    Store(path).db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_unwritable_path_gives_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(StoreError, match="cannot open database"):
        Store(blocker / "sub" / "t.db")


def test_not_a_database_gives_a_clear_error(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match=str(path)):
        Store(path)


# -- incremental writes (issue 15) --------------------------------------------------------------


def _report_rowids(store: Store) -> dict[tuple[str, int], int]:
    rows = store.db.execute("SELECT rowid, channel, message_id FROM incident_reports").fetchall()
    return {(channel, message_id): rowid for rowid, channel, message_id in rows}


def test_a_batch_writes_only_the_new_reports_not_the_incidents_old_ones():
    store, grouper = Store(), Grouper()
    posts = [make_post(i, text=f"{TEXT} {i}") for i in range(1, 6)]
    for p in posts[:3]:
        grouper.feed(p, detection(p))
    first = Batch(
        posts=posts[:3], detections=[detection(p) for p in posts[:3]], changes=grouper.flush()
    )
    store.commit_batch(first)
    before = _report_rowids(store)
    for p in posts[3:]:
        grouper.feed(p, detection(p))
    [change] = grouper.flush()
    assert {r.post_id for r in change.added} == {4, 5}
    store.commit_batch(
        Batch(posts=posts[3:], detections=[detection(p) for p in posts[3:]], changes=[change])
    )
    after = _report_rowids(store)
    assert {k: after[k] for k in before} == before  # the old rows were not rewritten
    assert len(after) == 5
    [stored] = store.incidents()
    assert stored.posts == tuple(p.key for p in posts) and stored.version == 5


def test_an_edit_replaces_its_report_row_and_leaves_the_others():
    store, grouper = Store(), Grouper()
    posts = [make_post(i, text=f"{TEXT} {i}") for i in (1, 2)]
    for p in posts:
        grouper.feed(p, detection(p))
    store.commit_batch(Batch(posts=posts, changes=grouper.flush()))
    before = _report_rowids(store)
    edited = make_post(1, text="Анапа: пожар на складе", edit_date=T0 + timedelta(minutes=30))
    grouper.feed(edited, replace_types(detection(edited), ("fire",)))
    store.commit_batch(Batch(posts=[edited], changes=grouper.flush()))
    after = _report_rowids(store)
    assert after[("shot_shot", 2)] == before[("shot_shot", 2)]
    [stored] = store.incidents()
    assert [r.types for r in stored.reports] == [("fire",), ("explosion", "air_defense")]


def replace_types(d: Detection, types: tuple[str, ...]) -> Detection:
    from dataclasses import replace

    return replace(d, types=types)


def test_latest_post_dates_are_looked_up_in_an_index_not_scanned():
    store = Store()
    posts = [
        Post(channel=ch, id=i, date=T0 + timedelta(minutes=i), text="x")
        for ch in ("a_channel", "b_channel")
        for i in range(1, 4)
    ]
    store.commit_batch(Batch(posts=posts))
    assert store.latest_post_dates() == {
        "a_channel": "2026-11-20T22:03:00Z",
        "b_channel": "2026-11-20T22:03:00Z",
    }
    plan = " ".join(
        str(row[-1])
        for row in store.db.execute(
            "EXPLAIN QUERY PLAN SELECT MAX(date) FROM posts WHERE channel = 'a_channel'"
        ).fetchall()
    )
    assert "idx_posts_channel_date" in plan and "SCAN" not in plan


def test_a_database_before_the_latest_posts_index_gets_it_and_the_threshold_in_place(tmp_path):
    path = tmp_path / "older.db"
    db = sqlite_utils.Database(path)
    names = [m.__name__ for m in MIGRATIONS]
    migrate(db, target=next(i for i, n in enumerate(names) if "latest_posts" in n))
    db["subscribers"].insert({"user_id": 5, "chat": "5", "mode": "fast"})
    db["incidents"].insert(
        {
            "id": "RU-KDA-20261120T2111",
            "region": "RU-KDA",
            "first_seen": "2026-11-20T21:11:19Z",
            "last_seen": "2026-11-21T05:56:50Z",
            "closed_at": "2026-11-20T22:53:19Z",  # the first all-clear, before later news
        }
    )
    db.close()
    store = Store(path)
    assert schema_version(store.db) == SCHEMA_VERSION
    assert store.subscriber(5)["fast_min"] is None
    [incident] = store.incidents()
    assert incident.closed_at == incident.last_seen
    assert any(i.columns == ["channel", "date"] for i in store.db["posts"].indexes)


def test_incident_status_is_a_column_for_sql(tmp_path):
    store = Store(tmp_path / "t.db")
    try:
        official = make_post(1)
        grouper = Grouper()
        found = detection(official)
        from dataclasses import replace

        found = replace(found, status="official")
        store.commit_batch(
            Batch(posts=[official], detections=[found], changes=grouper.add(official, found))
        )
        rows = store.db.execute("SELECT region, status FROM incidents").fetchall()
        assert rows == [("RU-KDA", "official")]
    finally:
        store.close()


def test_a_v3_database_gets_status_and_subscriber_keys_in_place(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    migrate(db, target=3)
    db["channels"].insert({"username": "shot_shot"})
    db["posts"].insert({"channel": "shot_shot", "message_id": 1, "date": "2026-11-20T22:01:00Z"})
    db["incidents"].insert(
        {"id": "RU-KDA-1", "region": "RU-KDA", "first_seen": "x", "last_seen": "x"}
    )
    db.execute(
        "INSERT INTO incident_reports (incident_id, channel, message_id, status) "
        "VALUES ('RU-KDA-1', 'shot_shot', 1, 'official')"
    )
    db["incidents"].insert(
        {"id": "RU-BEL-1", "region": "RU-BEL", "first_seen": "x", "last_seen": "x"}
    )
    db["subscribers"].insert({"user_id": 7, "chat": "7", "lang": "en"})
    db["subscriptions"].insert({"user_id": 7, "region": "RU-BEL", "place": "", "created_at": "x"})
    db["subscriptions"].insert({"user_id": 42, "region": "*", "place": "", "created_at": "x"})
    db.close()

    store = Store(path)
    try:
        assert schema_version(store.db) == SCHEMA_VERSION
        statuses = dict(store.db.execute("SELECT id, status FROM incidents").fetchall())
        assert statuses == {"RU-KDA-1": "official", "RU-BEL-1": "unconfirmed"}
        [key] = store.db["subscriptions"].foreign_keys
        assert (key.column, key.other_table, key.other_column) == (
            "user_id",
            "subscribers",
            "user_id",
        )
        assert store.subscriptions_of(7) == [("RU-BEL", "")]
        assert store.subscriptions_of(42) == [("*", "")]  # its subscriber row was made
        assert store.subscriber(42)["chat"] == "42" and store.subscriber(7)["lang"] == "en"
        with pytest.raises(sqlite3.IntegrityError):
            store.db.execute(
                "INSERT INTO subscriptions (user_id, region, place) VALUES (999, 'RU-BEL', '')"
            )
        assert store.db["subscriptions"].indexes  # the unique index survived the rebuild
    finally:
        store.close()


def test_replies_and_channel_profiles_upgrade_in_place_and_round_trip(tmp_path):
    from bot.detect.context import ChannelProfile

    mine = next(i for i, m in enumerate(MIGRATIONS) if m.__name__.endswith("channel_profiles"))
    path = tmp_path / "before.db"
    db = sqlite_utils.Database(path)
    migrate(db, target=mine)  # the version just before replies and profiles
    db["channels"].insert({"username": "shot_shot"})
    db["posts"].insert(
        {"channel": "shot_shot", "message_id": 7, "date": "2026-11-20T22:00:00Z", "text": TEXT}
    )
    db.close()

    store = Store(path)
    assert schema_version(store.db) == SCHEMA_VERSION
    assert store.post("shot_shot", 7).reply_to is None
    reply = make_post(9, "Ещё один летит", reply_to=7)
    store.commit_batch(Batch(posts=[reply], detections=[detection(reply)], changes=[]))
    assert store.post("shot_shot", 9).reply_to == 7
    past = store.recent_posts("shot_shot", 10)
    assert [(p.id, d is not None) for p, d in past] == [(7, False), (9, True)]

    profile = ChannelProfile("shot_shot", frozenset({"подписаться"}), ("RU-KDA",), "news")
    store.save_profiles([(profile, 2)])
    assert store.channel_profile("shot_shot") == profile
    assert store.channel_profiles() == [(profile, 2, store.channel_profiles()[0][2])]


def test_the_config_file_owns_its_channels_and_old_rows_count_as_added_by_hand(tmp_path):
    path = tmp_path / "v7.db"
    db = sqlite_utils.Database(path)
    migrate(db, target=7)
    for name in ("in_config", "added_by_hand"):
        db["channels"].insert({"username": name, "peer_id": 1, "state": "active"})
    db.close()

    store = Store(path)
    assert store.channel("added_by_hand")["added_by"] is None  # before v8: origin unknown
    assert store.follow_config(["in_config", "new_one"]) == []
    assert store.channel("in_config")["added_by"] == "config"
    assert store.channel("new_one")["added_by"] == "config"
    assert store.watched_channels(["in_config", "new_one"]) == [
        "in_config",
        "new_one",
        "added_by_hand",
    ]
    store.added_by_command("new_one")
    # in_config leaves the file: removed; new_one was taken by /channels add: kept
    assert store.follow_config([]) == ["in_config"]
    assert store.channel("in_config")["state"] == "removed"
    assert store.watched_channels([]) == ["added_by_hand"]  # new_one has no peer: unresolved
    store.update_channel("new_one", peer_id=2)
    assert store.watched_channels([]) == ["added_by_hand", "new_one"]
