"""`by_date`: any input order out as date order, through a scratch file."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.date_order import by_date
from bot.models import Post

T0 = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)
# Sorted in memory, and spilled to the scratch file (an input longer than one post held).
WAYS = pytest.mark.parametrize("in_memory", [100, 1], ids=["in memory", "spilled"])


@WAYS
def test_posts_come_out_by_date_then_channel_and_id_whatever_the_input_order(in_memory):
    posts = [
        Post("kursk_alerts", 7, T0 + timedelta(minutes=5), "Отбой"),
        Post("belgorod_alerts", 3, T0, "Шебекино кассеты"),
        Post("kursk_alerts", 6, T0, "Курчатов: ракетная опасность"),
        Post("belgorod_alerts", 2, T0 - timedelta(hours=1), "Грайворон — обстрел"),
    ]
    out = list(by_date(posts, in_memory=in_memory))
    assert [(p.channel, p.id) for p in out] == [
        ("belgorod_alerts", 2),
        ("belgorod_alerts", 3),
        ("kursk_alerts", 6),
        ("kursk_alerts", 7),
    ]
    assert out[1] == posts[1]  # every field comes back as it went in


@WAYS
def test_a_post_given_twice_keeps_its_input_order(tmp_path, in_memory):
    first = Post("kursk_alerts", 1, T0, "Курск — опасность БПЛА")
    edited = replace(first, text="Курск — опасность БПЛА, работает ПВО")
    older = Post("kursk_alerts", 0, T0 - timedelta(minutes=1), "Внимание")
    out = list(by_date([first, older, edited], scratch_dir=tmp_path, in_memory=in_memory))
    assert [p.text for p in out] == [older.text, first.text, edited.text]
    assert list(tmp_path.iterdir()) == []  # the scratch file is gone


@WAYS
def test_no_posts_give_no_posts(in_memory):
    assert list(by_date([], in_memory=in_memory)) == []


@WAYS
def test_every_field_comes_back_as_it_went_in(in_memory):
    full = Post(
        "kursk_alerts", 12, T0, "Курск — ракетная опасность", url="https://t.me/kursk_alerts/12",
        views=1520, forwarded_from="radar_rf", forwarded_id=88,
        edit_date=T0 + timedelta(minutes=3, microseconds=250), grouped_id=7, reply_to=11,
        extra={"src": "dump", "reactions": [{"emoji": "🙏", "count": 3}], "pinned": False},
    )
    # extra from elsewhere may hold what marshal cannot write (a datetime): pickled then
    odd = replace(full, id=13, extra={"fetched": T0})
    out = list(by_date([odd, full], in_memory=in_memory))
    assert out == [full, odd]
    assert [p.extra for p in out] == [full.extra, odd.extra]
    assert out[0].edit_date == full.edit_date and out[0].date.tzinfo is not None
