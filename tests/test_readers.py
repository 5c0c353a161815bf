"""Post readers: Post JSONL, scraper dumps, Telegram Desktop exports, and bad input."""

from __future__ import annotations

import io
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.models import Post
from bot.readers import NotAnExportError, ReadError, read_all, read_posts

FIXTURES = Path(__file__).parent / "fixtures"


def _write_jsonl(path: Path, records: list[dict], *, newline: str = "\n") -> Path:
    text = newline.join(json.dumps(r, ensure_ascii=False) for r in records) + newline
    path.write_bytes(text.encode("utf-8"))
    return path


def _record(**overrides: object) -> dict:
    base = {"channel": "shot_shot", "id": 1, "date": "2025-06-14T01:00:00Z", "text": "Взрывы."}
    base.update(overrides)
    return base


# --------------------------------------------------------------------------- Post JSONL


def test_jsonl_fixture_yields_posts_and_errors_in_file_order() -> None:
    items = list(read_posts(FIXTURES / "posts.jsonl"))
    summary = [
        ("error", item.line) if isinstance(item, ReadError) else (item.channel, item.id)
        for item in items
    ]
    assert summary == [
        ("shot_shot", 81234),
        ("mash", 60211),
        ("bazabazon", 9912),
        ("astrapress", 7001),
        ("kyiv_alerts", 15),
        ("error", 7),
        ("error", 8),
        ("error", 9),
        ("region_watch", 321),
        ("error", 11),
        ("bryansk_news", 502),
    ]


def test_jsonl_errors_name_file_line_and_problem() -> None:
    path = FIXTURES / "posts.jsonl"
    errors = [str(item) for item in read_posts(path) if isinstance(item, ReadError)]
    assert errors[0].startswith(f"{path}:7: bad JSON: ")
    assert errors[1] == f"{path}:8: missing 'id'"
    assert errors[2].startswith(f'{path}:9: bad date "yesterday morning"')
    assert errors[3] == f"{path}:11: expected a JSON object, got a list"


def test_jsonl_fields_are_read_and_dates_become_utc() -> None:
    posts = {p.id: p for p in read_posts(FIXTURES / "posts.jsonl") if isinstance(p, Post)}
    shot = posts[81234]
    assert shot.url == "https://t.me/shot_shot/81234"
    assert shot.views == 45210
    assert shot.date == datetime(2025, 6, 14, 1, 12, 40, tzinfo=UTC)
    mash = posts[60211]
    assert mash.date == datetime(2025, 6, 14, 1, 15, 2, tzinfo=UTC)  # +03:00 converted
    assert mash.edit_date == datetime(2025, 6, 14, 1, 30, tzinfo=UTC)
    baza = posts[9912]
    assert baza.date.tzinfo is UTC  # a naive time is taken as UTC
    assert baza.text == ""
    assert baza.grouped_id == 13971234567890123
    astra = posts[7001]
    assert (astra.forwarded_from, astra.forwarded_id) == ("tuapse_online", 4410)
    assert astra.extra == {"lang_hint": "ru", "reactions": {"🔥": 12}}
    assert all(p.date.utcoffset() is not None for p in posts.values())


def test_scraper_shape_message_at_name_unix_date_and_short_views() -> None:
    posts = [p for p in read_posts(FIXTURES / "posts.jsonl") if isinstance(p, Post)]
    bryansk = posts[-1]
    assert bryansk.channel == "bryansk_news"
    assert bryansk.id == 502
    assert bryansk.text.startswith("Air defence units intercepted 12 drones")
    assert bryansk.date == datetime.fromtimestamp(1749868200, tz=UTC)
    assert bryansk.views == 12300
    assert "message" not in bryansk.extra  # read as the text, not kept twice


def test_telethon_dump_uses_peer_id_and_forward_header() -> None:
    posts = list(read_posts(FIXTURES / "telethon_dump.jsonl"))
    assert all(isinstance(p, Post) for p in posts)
    first, forward = posts
    assert first.channel == "-1001712345678"
    assert first.link == "https://t.me/c/1712345678/2201"
    assert first.date == datetime(2025, 6, 15, 21, 44, 10, tzinfo=UTC)
    assert (forward.forwarded_from, forward.forwarded_id) == ("-1001598765432", 887)
    assert forward.extra == {"_": "Message", "post": True}


def test_telethon_reply_header_gives_the_post_replied_to(tmp_path: Path) -> None:
    # Telethon's message dict nests the reply: a post must not be lost for it.
    header = {"_": "MessageReplyHeader", "reply_to_msg_id": 5, "reply_to_peer_id": None}
    other_chat = {**header, "reply_to_peer_id": {"_": "PeerChannel", "channel_id": 42}}
    peer = {"_": "PeerChannel", "channel_id": 1712345678}
    records = [
        {"_": "Message", "id": 6, "peer_id": peer, "date": "2025-06-15T21:44:10+00:00",
         "message": "Ещё один летит", "reply_to": header},
        {"_": "Message", "id": 7, "peer_id": peer, "date": "2025-06-15T21:45:10+00:00",
         "message": "Отбой", "reply_to": other_chat},
        {"_": "Message", "id": 8, "peer_id": peer, "date": "2025-06-15T21:46:10+00:00",
         "message": "Курск — громко", "reply_to": None},
    ]
    posts = list(read_posts(_write_jsonl(tmp_path / "dump.jsonl", records)))
    assert all(isinstance(p, Post) for p in posts), posts
    assert [p.reply_to for p in posts] == [5, None, None]


def test_a_media_post_s_caption_is_its_text(tmp_path: Path) -> None:
    record = {"chat": {"username": "mash"}, "id": 3, "date": "2025-06-15 21:44:10",
              "caption": "Взрывы в Курске"}
    (post,) = read_posts(_write_jsonl(tmp_path / "dump.jsonl", [record]))
    assert isinstance(post, Post) and post.text == "Взрывы в Курске"


def test_channel_and_id_can_come_from_the_post_url(tmp_path: Path) -> None:
    path = _write_jsonl(
        tmp_path / "dump.jsonl",
        [{"url": "https://t.me/s/Astrapress/7123", "date": 1749868200, "content": "Пожар."}],
    )
    (post,) = read_posts(path)
    assert isinstance(post, Post)
    assert (post.channel, post.id, post.text) == ("astrapress", 7123, "Пожар.")


def test_channel_given_as_object_and_millisecond_dates(tmp_path: Path) -> None:
    path = _write_jsonl(
        tmp_path / "dump.jsonl",
        [_record(channel={"username": "Mash", "title": "Mash"}, date=1749868200123)],
    )
    (post,) = read_posts(path)
    assert isinstance(post, Post)
    assert post.channel == "mash"
    assert post.date == datetime(2025, 6, 14, 2, 30, 0, 123000, tzinfo=UTC)


@pytest.mark.parametrize(
    ("record", "problem"),
    [
        (_record(channel="not a channel!"), 'bad channel "not a channel!"'),
        (_record(channel=None), "missing 'channel'"),
        (_record(id=0), "bad id 0: must be above 0"),
        (_record(id="12a"), 'bad id "12a"'),
        (_record(id=True), "bad id true"),
        (_record(date=None), "missing 'date'"),
        (_record(date=10**20), "bad date"),
        (_record(text=42), "bad text 42: expected text"),
        (_record(views="many"), 'bad views "many"'),
        (_record(url=5), "bad url 5"),
    ],
)
def test_invalid_fields_become_read_errors(tmp_path: Path, record: dict, problem: str) -> None:
    path = _write_jsonl(tmp_path / "feed.jsonl", [record, _record(id=2)])
    first, second = read_posts(path)
    assert isinstance(first, ReadError)
    assert first.line == 1
    assert problem in first.message
    assert isinstance(second, Post) and second.id == 2  # the rest continues


def test_broken_first_line_is_reported_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text('{"channel": "mash", "id": 1,\n' + json.dumps(_record(id=2)) + "\n")
    first, second = read_posts(path)
    assert isinstance(first, ReadError) and first.line == 1
    assert first.message.startswith("bad JSON")
    assert isinstance(second, Post) and second.id == 2


def test_invalid_utf8_line_is_an_error_and_the_rest_continue(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    good = json.dumps(_record(id=3), ensure_ascii=False).encode()
    path.write_bytes(json.dumps(_record(id=1)).encode() + b"\n" + b'{"text": "\xff\xfe"}\n' + good)
    items = list(read_posts(path))
    assert [type(i).__name__ for i in items] == ["Post", "ReadError", "Post"]
    assert items[1].line == 2 and "not UTF-8" in items[1].message


def test_text_passes_through_unchanged(tmp_path: Path) -> None:
    odd = "\u200fВзрыв\u200b в Харкові 💥🚀 — Bryansk/Брянськ\u202eabc\u2028второй абзац\u0000"
    huge = "ПВО работает. " * 8000  # about 100 KB of UTF-8
    path = _write_jsonl(
        tmp_path / "feed.jsonl", [_record(id=1, text=odd), _record(id=2, text=huge), _record(id=3)]
    )
    posts = list(read_posts(path))
    assert [p.text for p in posts] == [odd, huge, "Взрывы."]
    assert len(huge.encode()) > 100_000


def test_bom_and_crlf_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    records = [_record(id=1, text="строка"), _record(id=2, text="line\r\nwith CRLF inside")]
    text = "\r\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    posts = list(read_posts(path))
    assert [(p.id, p.text) for p in posts] == [(1, "строка"), (2, "line\r\nwith CRLF inside")]


def test_blank_and_empty_input_yield_nothing(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    blank = tmp_path / "blank.jsonl"
    blank.write_text("\n  \n\n")
    assert list(read_posts(empty)) == []
    assert list(read_posts(blank)) == []


def test_json_array_of_posts(tmp_path: Path) -> None:
    path = tmp_path / "dump.json"
    path.write_text(json.dumps([_record(id=1), "junk", _record(id=2)], indent=2))
    items = list(read_posts(path))
    assert [type(i).__name__ for i in items] == ["Post", "ReadError", "Post"]
    assert str(items[1]) == f"{path}: [1]: expected a JSON object, got a string"


def test_post_json_round_trips_through_the_reader(tmp_path: Path) -> None:
    posts, errors = read_all(FIXTURES / "posts.jsonl")
    assert len(errors) == 4
    again = _write_jsonl(tmp_path / "again.jsonl", [p.to_json() for p in posts])
    reread, reread_errors = read_all(again)
    assert reread_errors == []
    assert reread == posts
    assert [p.extra for p in reread] == [p.extra for p in posts]


# --------------------------------------------------------------------------- sources


def test_reads_from_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    data = (json.dumps(_record(id=7), ensure_ascii=False) + "\n").encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\xef\xbb\xbf" + data)))
    (post,) = read_posts("-")
    assert isinstance(post, Post) and post.id == 7


def test_errors_from_stdin_name_it(monkeypatch: pytest.MonkeyPatch) -> None:
    data = json.dumps(_record(id=1)) + "\n{oops\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode())))
    _, error = read_posts("-")
    assert str(error).startswith("<stdin>:2: bad JSON")


def test_sys_stdin_itself_is_read_as_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    data = json.dumps(_record(id=1)).encode() + b"\n" + b'{"text": "\xff"}\n'
    data += json.dumps(_record(id=3)).encode() + b"\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    items = list(read_posts(sys.stdin))
    assert [type(i).__name__ for i in items] == ["Post", "ReadError", "Post"]
    assert str(items[1]) == "<stdin>:2: not UTF-8 text (bad byte at column 11)"


def test_undecodable_text_stream_stops_with_an_error() -> None:
    # A text stream decodes in chunks, so the error surfaces up to a chunk before the bad bytes.
    long = [json.dumps(_record(id=i, text="тревога " * 1200), ensure_ascii=False) for i in (1, 2)]
    data = (
        "\n".join(long).encode() + b"\n" + b"\xff" * 10 + b"\n" + json.dumps(_record(id=4)).encode()
    )
    stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    stream.buffer.name = "feed.jsonl"  # type: ignore[attr-defined]
    items = list(read_posts(stream))
    assert isinstance(items[0], Post)
    assert len(items) == 2
    assert str(items[1]) == "feed.jsonl:2: not UTF-8 text at or after this line; reading stopped"


def test_reads_from_an_open_text_stream() -> None:
    stream = io.StringIO(json.dumps(_record(id=5), ensure_ascii=False) + "\n")
    (post,) = read_posts(stream)
    assert isinstance(post, Post) and post.text == "Взрывы."


def test_reading_is_lazy() -> None:
    class OneGoodLineThenBoom:
        def read(self) -> str:
            raise AssertionError("whole-stream read")

        def __iter__(self):
            yield json.dumps(_record(id=1)) + "\n"
            raise AssertionError("read past the first post")

    posts = read_posts(OneGoodLineThenBoom())
    first = next(posts)
    assert isinstance(first, Post) and first.id == 1


def test_missing_file_raises_at_once_with_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.jsonl"
    with pytest.raises(FileNotFoundError) as caught:
        read_posts(missing)
    assert str(missing) in str(caught.value)


def test_bad_channel_override_is_rejected() -> None:
    with pytest.raises(ValueError, match="invite"):
        read_posts(FIXTURES / "result.json", channel="https://t.me/+AbCdEf")


# --------------------------------------------------------------------------- exports


def test_export_skips_service_messages_and_keeps_media_only_posts() -> None:
    items = list(read_posts(FIXTURES / "result.json"))
    summary = [
        ("error", item.message.split(":")[0]) if isinstance(item, ReadError) else item.id
        for item in items
    ]
    assert summary == [2, 3, 4, 5, ("error", "messages[5] (id 6)"), ("error", "messages[6]"), 8]
    media = next(i for i in items if isinstance(i, Post) and i.id == 5)
    assert media.text == ""
    assert media.extra["photo"] == "photos/photo_5@14-06-2025_04-45-00.jpg"


def test_export_text_list_edits_forwards_and_dates() -> None:
    posts = {p.id: p for p in read_posts(FIXTURES / "result.json") if isinstance(p, Post)}
    assert posts[2].date == datetime(2025, 6, 14, 1, 5, 11, tzinfo=UTC)  # date_unixtime, not local
    assert posts[3].text == "Срочно: в районе #Армавир слышны взрывы. Подробности: оперштаб."
    assert posts[3].edit_date == datetime(2025, 6, 14, 1, 31, tzinfo=UTC)
    assert posts[4].forwarded_from == "Оперштаб Кубани"
    assert posts[4].text.endswith("Слов'янську-на-Кубані.")
    assert "text_entities" not in posts[3].extra
    assert {p.channel for p in posts.values()} == {"-1001698765432"}
    assert posts[8].link == "https://t.me/c/1698765432/8"


def test_export_errors_name_the_message() -> None:
    errors = [str(i) for i in read_posts(FIXTURES / "result.json") if isinstance(i, ReadError)]
    path = FIXTURES / "result.json"
    assert errors == [
        f'{path}: messages[5] (id 6): bad date_unixtime "not-a-time": '
        "expected ISO 8601 or unix seconds",
        f"{path}: messages[6]: missing 'id'",
    ]


def test_export_username_wins_over_id_and_override_wins_over_both(tmp_path: Path) -> None:
    export = json.loads((FIXTURES / "result.json").read_text(encoding="utf-8"))
    export["username"] = "Radar_Yug"
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")  # one line
    channels = {p.channel for p in read_posts(path) if isinstance(p, Post)}
    assert channels == {"radar_yug"}
    overridden = {p.channel for p in read_posts(path, channel="@Other_Name") if isinstance(p, Post)}
    assert overridden == {"other_name"}


def test_export_without_id_falls_back_to_a_usable_name(tmp_path: Path) -> None:
    export = {
        "name": "Kuban_24",
        "type": "public_channel",
        "messages": [
            {"id": 1, "type": "message", "date_unixtime": "1749863111", "text": "Тревога."}
        ],
    }
    path = tmp_path / "result.json"
    path.write_text(json.dumps(export, indent=1))
    (post,) = read_posts(path)
    assert isinstance(post, Post) and post.channel == "kuban_24"


def test_export_with_no_usable_channel_says_so(tmp_path: Path) -> None:
    export = {"name": "Радар Юг", "type": "private_channel", "messages": []}
    path = tmp_path / "result.json"
    path.write_text(json.dumps(export, ensure_ascii=False, indent=1), encoding="utf-8")
    (error,) = read_posts(path)
    assert isinstance(error, ReadError)
    assert "pass the channel explicitly" in error.message


def test_whole_account_export_reads_every_chat(tmp_path: Path) -> None:
    chat = json.loads((FIXTURES / "result.json").read_text(encoding="utf-8"))
    other = {
        "name": "Second",
        "type": "public_channel",
        "id": 1555000111,
        "messages": [
            {"id": 9, "type": "message", "date_unixtime": "1749863111", "text": "Sirens."}
        ],
    }
    path = tmp_path / "result.json"
    path.write_text(json.dumps({"about": "x", "chats": {"list": [chat, other]}}, indent=1))
    keys = [p.key for p in read_posts(path) if isinstance(p, Post)]
    assert keys[-1] == ("-1001555000111", 9)
    assert keys[0] == ("-1001698765432", 2)


# --------------------------------------------------------------------------- neither


def test_object_without_messages_is_not_an_export() -> None:
    path = FIXTURES / "not_an_export.json"
    with pytest.raises(NotAnExportError) as caught:
        list(read_posts(path))
    assert str(caught.value) == (
        f"{path} is neither Post JSONL nor a Telegram Desktop export (no 'messages' list)."
    )


def test_csv_is_not_an_export_and_nothing_is_yielded_first() -> None:
    posts = read_posts(FIXTURES / "posts.csv")
    with pytest.raises(NotAnExportError, match=r"posts\.csv is neither .* line 1, column 1"):
        next(posts)


def test_truncated_export_names_where_the_json_breaks(tmp_path: Path) -> None:
    text = (FIXTURES / "result.json").read_text(encoding="utf-8")
    path = tmp_path / "result.json"
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(NotAnExportError, match=r"invalid JSON at line \d+, column \d+"):
        list(read_posts(path))


def test_messages_that_are_not_a_list_are_not_an_export(tmp_path: Path) -> None:
    path = tmp_path / "odd.json"
    path.write_text('{\n "name": "x",\n "messages": {"id": 1}\n}\n')
    with pytest.raises(NotAnExportError, match="'messages' is an object, not a list"):
        list(read_posts(path))
