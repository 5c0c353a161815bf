"""`by_date`: any input order out as date order, through a scratch file."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.date_order import by_date
from bot.models import Post

T0 = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)


def test_posts_come_out_by_date_then_channel_and_id_whatever_the_input_order():
    posts = [
        Post("kursk_alerts", 7, T0 + timedelta(minutes=5), "Отбой"),
        Post("belgorod_alerts", 3, T0, "Шебекино кассеты"),
        Post("kursk_alerts", 6, T0, "Курчатов: ракетная опасность"),
        Post("belgorod_alerts", 2, T0 - timedelta(hours=1), "Грайворон — обстрел"),
    ]
    out = list(by_date(posts))
    assert [(p.channel, p.id) for p in out] == [
        ("belgorod_alerts", 2),
        ("belgorod_alerts", 3),
        ("kursk_alerts", 6),
        ("kursk_alerts", 7),
    ]
    assert out[1] == posts[1]  # every field comes back as it went in


def test_a_post_given_twice_keeps_its_input_order(tmp_path):
    first = Post("kursk_alerts", 1, T0, "Курск — опасность БПЛА")
    edited = replace(first, text="Курск — опасность БПЛА, работает ПВО")
    older = Post("kursk_alerts", 0, T0 - timedelta(minutes=1), "Внимание")
    out = list(by_date([first, older, edited], scratch_dir=tmp_path))
    assert [p.text for p in out] == [older.text, first.text, edited.text]
    assert list(tmp_path.iterdir()) == []  # the scratch file is gone


def test_no_posts_give_no_posts():
    assert list(by_date([])) == []
