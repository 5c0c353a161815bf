"""Read posts from files: Post JSONL (and common scraper dumps) or Telegram Desktop exports.

The format is told by content, never by file name. Reading is lazy and in order; a bad
line or message becomes a ReadError in the stream and the rest is still read. Only a file
that is neither format (NotAnExportError) or cannot be opened (OSError) stops reading.
"""

from __future__ import annotations

import errno
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path
from typing import IO, Any, TextIO

from bot.config import normalize_channel
from bot.models import Post, parse_iso

STDIN = "-"
_BOM = "\ufeff"
# Unix times above this are taken as milliseconds (1e11 seconds is past the year 5000).
_MILLISECONDS_FROM = 100_000_000_000


@dataclass(frozen=True)
class ReadError:
    """One input line or message that could not become a Post."""

    source: str
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.source}: {self.message}"
        return f"{self.source}:{self.line}: {self.message}"


class NotAnExportError(ValueError):
    """The input is neither Post JSONL nor a Telegram Desktop export."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(
            f"{source} is neither Post JSONL nor a Telegram Desktop export ({reason})."
        )
        self.source = source
        self.reason = reason


class _BadRecord(Exception):
    """A record that cannot become a Post; the message says why."""


def read_posts(
    source: str | Path | TextIO | IO[bytes], *, channel: str | None = None
) -> Iterator[Post | ReadError]:
    """Posts and ReadErrors from a path, "-" (stdin) or an open stream, lazily and in order.

    channel overrides the channel of every post (useful for an export that carries only the
    channel's title). A missing file raises FileNotFoundError at once; NotAnExportError is
    raised while iterating, before anything is yielded.
    """
    override = normalize_channel(channel) if channel is not None else None
    name, opener = _source(source)
    return _read(name, opener, override)


def read_all(
    source: str | Path | TextIO | IO[bytes], *, channel: str | None = None
) -> tuple[list[Post], list[ReadError]]:
    """Everything read_posts yields, split into posts and errors."""
    posts: list[Post] = []
    errors: list[ReadError] = []
    for item in read_posts(source, channel=channel):
        (errors if isinstance(item, ReadError) else posts).append(item)
    return posts, errors


# --------------------------------------------------------------------------- sources

_Opener = Callable[[], AbstractContextManager[Any]]


def _source(source: str | Path | TextIO | IO[bytes]) -> tuple[str, _Opener]:
    if (isinstance(source, str) and source == STDIN) or source is sys.stdin:
        stream = getattr(sys.stdin, "buffer", sys.stdin)
        return "<stdin>", lambda: nullcontext(stream)
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.exists():
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", str(path))
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))
        return str(path), lambda: path.open("rb")
    if hasattr(source, "read"):
        name = getattr(source, "name", None)
        label = name if isinstance(name, str) and name else "<stream>"
        return label, lambda: nullcontext(source)
    raise TypeError(f"cannot read posts from {type(source).__name__}")


@dataclass(frozen=True)
class _Undecodable:
    """A line that is not UTF-8 text; problem says where."""

    problem: str


# A line is its number and its text, or what kept it from being text.
_Line = tuple[int, str | _Undecodable]


def _lines(stream: Iterable[Any]) -> Iterator[_Line]:
    iterator = iter(stream)
    number = 0
    while True:
        number += 1
        try:
            raw = next(iterator)
        except StopIteration:
            return
        except UnicodeDecodeError:
            # A text stream that failed to decode cannot resume: say so and stop.
            yield number, _Undecodable("not UTF-8 text at or after this line; reading stopped")
            return
        if isinstance(raw, bytes):
            raw = raw.rstrip(b"\r\n")
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield number, _Undecodable(f"not UTF-8 text (bad byte at column {exc.start + 1})")
                continue
        else:
            text = raw.rstrip("\r\n")
        if number == 1:
            text = text.removeprefix(_BOM)
        yield number, text


# --------------------------------------------------------------------------- format


def _read(name: str, opener: _Opener, channel: str | None) -> Iterator[Post | ReadError]:
    with opener() as stream:
        lines = _lines(stream)
        head: list[_Line] = []
        for number, text in lines:
            head.append((number, text))
            if not isinstance(text, str) or text.strip():
                break
        else:
            return  # nothing but blank lines: no posts
        first = head[-1][1]
        if isinstance(first, str) and _is_post_object(first):
            yield from _jsonl(name, chain(head, lines), channel)
            return
        everything = head + list(lines)
    yield from _whole_document(name, everything, channel)


def _is_post_object(line: str) -> bool:
    """Whether one line is a JSON object that is not itself a whole export."""
    try:
        value = json.loads(line)
    except ValueError:
        return False
    return isinstance(value, dict) and "messages" not in value and "chats" not in value


def _whole_document(
    name: str, lines: list[_Line], channel: str | None
) -> Iterator[Post | ReadError]:
    for number, text in lines:
        if not isinstance(text, str):
            if _any_post_object(lines):
                yield from _jsonl(name, iter(lines), channel)
                return
            raise NotAnExportError(name, f"line {number}: {text.problem}")
    text = "\n".join(str(t) for _, t in lines)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        if _any_post_object(lines):
            # JSONL whose first line is broken: report it and read the rest.
            yield from _jsonl(name, iter(lines), channel)
            return
        raise NotAnExportError(
            name, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    yield from _document(name, document, channel)


def _any_post_object(lines: list[_Line]) -> bool:
    return any(isinstance(text, str) and _is_post_object(text) for _, text in lines)


def _document(name: str, document: Any, channel: str | None) -> Iterator[Post | ReadError]:
    if isinstance(document, list):
        # A JSON array of post objects, as some scrapers write.
        for index, item in enumerate(document):
            where = f"[{index}]"
            if not isinstance(item, dict):
                yield ReadError(name, None, f"{where}: expected a JSON object, got {_kind(item)}")
                continue
            yield _record_or_error(name, None, where, item, channel)
        return
    if not isinstance(document, dict):
        raise NotAnExportError(name, f"the document is {_kind(document)}, not an object")
    if "messages" in document:
        yield from _export_chat(name, document, "", channel)
        return
    chats = document.get("chats")
    if isinstance(chats, dict) and isinstance(chats.get("list"), list):
        # A whole-account export: every chat in it, each with its own channel.
        for index, chat in enumerate(chats["list"]):
            if isinstance(chat, dict) and "messages" in chat:
                yield from _export_chat(name, chat, f"chats.list[{index}].", channel)
        return
    raise NotAnExportError(name, "no 'messages' list")


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return "a number"


# --------------------------------------------------------------------------- JSONL


def _jsonl(name: str, lines: Iterable[_Line], channel: str | None) -> Iterator[Post | ReadError]:
    for number, text in lines:
        if isinstance(text, _Undecodable):
            yield ReadError(name, number, text.problem)
            continue
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            yield ReadError(name, number, f"bad JSON: {exc.msg} (column {exc.colno})")
            continue
        except ValueError as exc:  # e.g. numbers too long to convert
            yield ReadError(name, number, f"bad JSON: {exc}")
            continue
        except RecursionError:
            yield ReadError(name, number, "bad JSON: nested too deeply")
            continue
        if not isinstance(record, dict):
            yield ReadError(name, number, f"expected a JSON object, got {_kind(record)}")
            continue
        if _is_service(record):
            continue
        yield _record_or_error(name, number, "", record, channel)


def _record_or_error(
    name: str, line: int | None, where: str, record: dict[str, Any], channel: str | None
) -> Post | ReadError:
    prefix = f"{where}: " if where else ""
    try:
        return _post_from_record(record, channel)
    except _BadRecord as exc:
        return ReadError(name, line, f"{prefix}{exc}")
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        # Whatever a record holds, it costs its own line only, never a traceback.
        return ReadError(name, line, f"{prefix}unusable post ({type(exc).__name__}: {exc})"[:300])


def _is_service(record: dict[str, Any]) -> bool:
    return record.get("type") == "service"


# --------------------------------------------------------------------------- exports


def _export_chat(
    name: str, chat: dict[str, Any], prefix: str, override: str | None
) -> Iterator[Post | ReadError]:
    messages = chat.get("messages")
    if not isinstance(messages, list):
        raise NotAnExportError(name, f"'{prefix}messages' is {_kind(messages)}, not a list")
    channel = override or _export_channel(chat)
    if channel is None:
        yield ReadError(
            name,
            None,
            f"{prefix or 'the export'}: no username, id or usable name for the channel; "
            "pass the channel explicitly",
        )
        return
    for index, message in enumerate(messages):
        where = f"{prefix}messages[{index}]"
        if not isinstance(message, dict):
            yield ReadError(name, None, f"{where}: expected an object, got {_kind(message)}")
            continue
        if _is_service(message):
            continue
        if "id" in message:
            where += f" (id {message['id']})"
        yield _record_or_error(name, None, where, message, channel)


def _export_channel(chat: dict[str, Any]) -> str | None:
    """The channel of an export: its username if it has one, else its id, else its name."""
    for candidate in (chat.get("username"), _bare_id_channel(chat.get("id")), chat.get("name")):
        if isinstance(candidate, str) and candidate:
            try:
                return normalize_channel(candidate)
            except ValueError:
                continue
    return None


def _bare_id_channel(value: Any) -> str | None:
    """A bare channel id (as exports and Telethon peers hold it) in its -100 form."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value > 0:
        return f"-100{value}"
    if isinstance(value, str) and value.isascii() and value.isdigit() and int(value) > 0:
        return f"-100{value}"
    return None


# --------------------------------------------------------------------------- records

_ID_KEYS = ("id", "message_id", "msg_id")
# A media post's text is its caption in Pyrogram's and the Bot API's JSON.
_TEXT_KEYS = ("text", "message", "content", "raw_text", "caption")
_DATE_KEYS = ("date_unixtime", "date", "timestamp")
_EDIT_KEYS = ("edited_unixtime", "edit_date", "edited")
_CHANNEL_KEYS = ("channel", "channel_username", "username", "chat")
_URL_KEYS = ("url", "link")
_POST_LINK = re.compile(
    r"(?:https?://)?(?:www\.)?(?:t|telegram)\.me/(?:s/)?(.+)/(\d+)/?(?:[?#].*)?"
)


def _post_from_record(record: dict[str, Any], override: str | None) -> Post:
    used: set[str] = set()

    def take(keys: tuple[str, ...]) -> tuple[str, Any] | None:
        """The first of keys present with a non-null value; all of them count as read."""
        found = None
        for key in keys:
            if key in record:
                used.add(key)
                if found is None and record[key] is not None:
                    found = (key, record[key])
        return found

    url_field = take(_URL_KEYS)
    url = url_field[1] if url_field and isinstance(url_field[1], str) else None
    if url_field and url is None:
        raise _BadRecord(f"bad {url_field[0]} {_show(url_field[1])}: expected a string")
    from_url = _parse_post_link(url) if url else None

    id_field = take(_ID_KEYS)
    if id_field is None:
        if from_url is None:
            raise _BadRecord("missing 'id'")
        post_id = from_url[1]
    else:
        post_id = _positive_int(*id_field)

    channel = override or _record_channel(record, take, from_url)

    date_field = take(_DATE_KEYS)
    if date_field is None:
        raise _BadRecord("missing 'date'")
    date = _datetime(*date_field)
    edit_field = take(_EDIT_KEYS)
    edit_date = _datetime(*edit_field) if edit_field else None

    text_field = take(_TEXT_KEYS)
    text = _text(*text_field) if text_field else ""

    views_field = take(("views",))
    views = _count(*views_field) if views_field else None
    grouped_field = take(("grouped_id",))
    grouped_id = _int(*grouped_field) if grouped_field else None
    # Post JSONL says reply_to; a Telegram Desktop export reply_to_message_id; Telethon's
    # message dict a MessageReplyHeader (a reply to another chat's post is no context here).
    reply_field = take(("reply_to", "reply_to_message_id", "reply_to_msg_id"))
    reply_to = None
    if reply_field and isinstance(reply_field[1], dict):
        header = reply_field[1]
        if header.get("reply_to_peer_id") is None and header.get("reply_to_msg_id") is not None:
            reply_to = _positive_int("reply_to_msg_id", header["reply_to_msg_id"])
    elif reply_field:
        reply_to = _positive_int(*reply_field)
    forwarded_from, forwarded_id = _forward(record, take)

    if text_field and text_field[0] == "text":
        used.add("text_entities")  # the export's second copy of the text
    if record.get("type") == "message":
        used.add("type")
    extra = {key: value for key, value in record.items() if key not in used}
    return Post(
        channel=channel,
        id=post_id,
        date=date,
        text=text,
        url=url,
        views=views,
        forwarded_from=forwarded_from,
        forwarded_id=forwarded_id,
        edit_date=edit_date,
        grouped_id=grouped_id,
        reply_to=reply_to,
        extra=extra,
    )


def _record_channel(
    record: dict[str, Any],
    take: Callable[[tuple[str, ...]], tuple[str, Any] | None],
    from_url: tuple[str, int] | None,
) -> str:
    field = take(_CHANNEL_KEYS)
    if field is not None:
        key, value = field
        if isinstance(value, dict):  # {"username": ..., "id": ..., "title": ...}
            value = value.get("username") or _bare_id_channel(value.get("id")) or value.get("title")
        channel = _bare_id_channel(value) if isinstance(value, int) else None
        if channel:
            return channel
        if isinstance(value, str):
            bare = _bare_id_channel(value)
            if bare:
                return bare
            try:
                return normalize_channel(value)
            except ValueError as exc:
                raise _BadRecord(f"bad {key} {_show(value)}: {exc}") from None
        raise _BadRecord(f"bad {key} {_show(value)}: expected a username or link")
    if from_url is not None:
        return from_url[0]
    peer = take(("peer_id",))
    if peer and isinstance(peer[1], dict):
        channel = _bare_id_channel(peer[1].get("channel_id"))
        if channel:
            return channel
    raise _BadRecord("missing 'channel'")


def _forward(
    record: dict[str, Any], take: Callable[[tuple[str, ...]], tuple[str, Any] | None]
) -> tuple[str | None, int | None]:
    origin: str | None = None
    origin_id: int | None = None
    field = take(("forwarded_from",))
    if field is not None:
        value = field[1]
        if isinstance(value, dict):
            value = value.get("username") or value.get("title") or _bare_id_channel(value.get("id"))
        if not isinstance(value, str):
            raise _BadRecord(f"bad forwarded_from {_show(field[1])}: expected a name")
        origin = value
    # Telethon's MessageFwdHeader; any other shape is left in extra untouched.
    fwd_value = record.get("fwd_from", {})
    header = take(("fwd_from",)) if fwd_value is None or isinstance(fwd_value, dict) else None
    if header is not None:
        fwd = header[1]
        peer = fwd.get("from_id")
        if origin is None and isinstance(peer, dict):
            origin = _bare_id_channel(peer.get("channel_id"))
        if origin is None and isinstance(fwd.get("from_name"), str):
            origin = fwd["from_name"]
        if isinstance(fwd.get("channel_post"), int):
            origin_id = fwd["channel_post"]
    id_field = take(("forwarded_id",))
    if id_field is not None:
        origin_id = _positive_int(*id_field)
    return origin, origin_id


# --------------------------------------------------------------------------- values


def _show(value: Any, limit: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Telegram's ids and counts are signed 64-bit at most, and so are SQLite's integers.
INT64_MAX = 2**63 - 1


def _int(key: str, value: Any) -> int:
    if isinstance(value, bool):
        raise _BadRecord(f"bad {key} {_show(value)}: expected a whole number")
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,19}", value.strip()):
        value = int(value)
    if isinstance(value, int):
        if not -INT64_MAX <= value <= INT64_MAX:
            raise _BadRecord(f"bad {key} {_show(value)}: too large for a Telegram number")
        return value
    raise _BadRecord(f"bad {key} {_show(value)}: expected a whole number")


def _positive_int(key: str, value: Any) -> int:
    number = _int(key, value)
    if number <= 0:
        raise _BadRecord(f"bad {key} {_show(value)}: must be above 0")
    return number


_SUFFIXES = {"k": 1_000, "m": 1_000_000}


def _count(key: str, value: Any) -> int:
    """A view count: 1234, "1234", or the "12.3K" / "1.2M" that t.me pages show."""
    if isinstance(value, str):
        compact = value.strip().lower().replace(" ", "").replace(",", ".")
        match = re.fullmatch(r"(\d+(?:\.\d+)?)([km]?)", compact)
        if match and len(match.group(1)) <= 19:
            return round(float(match.group(1)) * _SUFFIXES.get(match.group(2), 1))
    number = _int(key, value)
    if number < 0:
        raise _BadRecord(f"bad {key} {_show(value)}: must not be negative")
    return number


# Telegram's dates are unsigned 32-bit unix seconds; outside them a date is a typo, and
# date arithmetic (a grouping gap before year 1) would overflow.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2106, 2, 7, tzinfo=UTC)


def _datetime(key: str, value: Any) -> datetime:
    """A UTC datetime from ISO 8601 text or unix seconds (number or digits), 1970 to 2106."""
    date = _any_datetime(key, value)
    if not EARLIEST <= date <= LATEST:
        raise _BadRecord(f"bad {key} {_show(value)}: not a date Telegram can have (1970-2106)")
    return date


def _any_datetime(key: str, value: Any) -> datetime:
    try:
        if isinstance(value, bool):
            raise ValueError
        if isinstance(value, str) and re.fullmatch(r"\d+(?:\.\d+)?", value.strip()):
            value = float(value)
        if isinstance(value, int | float):
            seconds = value / 1000 if value >= _MILLISECONDS_FROM else value
            return datetime.fromtimestamp(seconds, tz=UTC)
        if isinstance(value, str):
            return parse_iso(value)
    except (ValueError, OverflowError, OSError):
        pass
    raise _BadRecord(f"bad {key} {_show(value)}: expected ISO 8601 or unix seconds")


def _text(key: str, value: Any) -> str:
    """Post text: a string, or an export's list of strings and {"type", "text"} entities.
    A lone surrogate (JSON allows "\\ud800", UTF-8 does not) becomes U+FFFD."""
    return _no_surrogates(_any_text(key, value))


_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_surrogates(text: str) -> str:
    return _SURROGATE.sub("\ufffd", text)


def _any_text(key: str, value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        parts = []
        for part in value:
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, dict) and isinstance(part.get("text"), str):
                parts.append(part["text"])
            else:
                raise _BadRecord(f"bad {key}: a part is {_show(part)}, expected text")
        return "".join(parts)
    raise _BadRecord(f"bad {key} {_show(value)}: expected text")


def _parse_post_link(url: str) -> tuple[str, int] | None:
    """(channel, id) from a post link such as https://t.me/name/123 or t.me/c/123/45."""
    match = _POST_LINK.fullmatch(url.strip())
    if not match:
        return None
    path, number = match.groups()
    try:
        channel = normalize_channel(f"https://t.me/{path}")
    except ValueError:
        return None
    return channel, int(number)
