"""The live card of an incident in the review chat: its text (Telegram HTML) and buttons.

Pure: no I/O, no Telethon, no store. The sender posts or edits the card; the bot's
button handler reads the callback data back with `parse_callback`.

Every string that comes from posts or channels is HTML-escaped; the only tags used
are ones Telegram supports (b, i, a href, code). A card always fits `limit`, measured
both as raw HTML and as the visible text Telegram counts after parsing the entities
(in UTF-16 code units, as Telegram does): when it is too long the oldest sources are
folded into one line, then the counts are shortened; the header, counts, status and
review are always shown.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from bot.durations import format_duration
from bot.incidents import (
    BY_ALL_CLEAR,
    BY_MAX_DURATION,
    BY_QUIET,
    DEFAULT_MAX_DURATION,
    closed_by,
)
from bot.models import (
    INCIDENT_TYPES,
    OFFICIAL,
    REVIEW_CONFIRMED,
    REVIEW_DISMISSED,
    REVIEW_FALSE_ALARM,
    REVIEW_PENDING,
    Count,
    Incident,
    Place,
    Report,
    Review,
)
from bot.trust import LABELS as TRUST_LABELS
from bot.trust import Confidence

LANGUAGES = ("ru", "uk", "en")
MOSCOW = ZoneInfo("Europe/Moscow")
TELEGRAM_TEXT_LIMIT = 4096
CALLBACK_LIMIT = 64  # bytes of callback data Telegram accepts
MAX_PLACES = 8
MAX_HISTORY = 5

# Callback data is b"rv:<code>:<incident id>:<signature>": short, so that long incident ids
# still fit. The signature (8 characters of an HMAC-SHA256 under the install's secret) makes a
# keyboard forged by anyone else worthless; without a secret (tests of cards alone) it is left out.
_CALLBACK_PREFIX = "rv"
_ACTION_CODES = {"confirm": "c", "dismiss": "d", "false_alarm": "f", "reopen": "r"}
_CODE_ACTIONS = {code: action for action, code in _ACTION_CODES.items()}
_INCIDENT_ID = r"[A-Za-z0-9][A-Za-z0-9_-]*"
_CALLBACK = re.compile(
    rf"{_CALLBACK_PREFIX}:([a-z]):({_INCIDENT_ID})(?::([A-Za-z0-9_-]{{8}}))?", re.ASCII
)
SIGNATURE_LENGTH = 8
_INCIDENT_ID_RE = re.compile(_INCIDENT_ID, re.ASCII)
_SAFE_URL = re.compile(r"(https?|tg)://[^\s\"'<>]+", re.ASCII)
_USERNAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,31}", re.ASCII)

_DECIDED = (REVIEW_CONFIRMED, REVIEW_DISMISSED, REVIEW_FALSE_ALARM)

# The most alarming type present picks the header emoji.
_KIND_EMOJI = (
    ("missile", "🚀"),
    ("drone", "🛩"),
    ("explosion", "💥"),
    ("strike", "🎯"),
    ("air_defense", "🛡"),
    ("casualties", "🚑"),
    ("fire", "🔥"),
    ("damage", "🏚"),
    ("alert", "🚨"),
)
_DEFAULT_EMOJI = "⚠️"

_REVIEW_EMOJI = {
    REVIEW_PENDING: "⏳",
    REVIEW_CONFIRMED: "✅",
    REVIEW_DISMISSED: "❌",
    REVIEW_FALSE_ALARM: "🚫",
}
_REOPEN_EMOJI = "↩️"

_TEXTS: dict[str, dict[str, str]] = {
    "ru": {
        "types": "Что",
        "counts": "Сколько",
        "official": "подтверждено официально",
        "unconfirmed": "не подтверждено",
        "status": "Статус",
        "all_clear": "отбой в {time}",
        "all_clear_dated": "отбой {date} в {time}",
        "sources": "Источники ({n})",
        "no_sources": "Источников нет (сообщения удалены или изменены)",
        "more": "… и ещё {n} {word}",
        "source_one": "источник",
        "source_few": "источника",
        "source_many": "источников",
        "from": "из",
        "official_mark": "офиц.",
        "all_clear_mark": "отбой",
        "citing": "со ссылкой на",
        "up_to": "до {n}",
        "other": "прочее",
        "pending": "Ожидает проверки",
        "reopened": "возвращено на проверку",
        "confirmed": "Подтверждено",
        "dismissed": "Отклонено",
        "false_alarm": "Ложная тревога",
        "history": "История",
        "btn_confirm": "✅ Подтвердить",
        "btn_dismiss": "❌ Отклонить",
        "btn_false_alarm": "🚫 Ложная тревога",
        "btn_reopen": "↩️ Вернуть на проверку",
        "merged": "🔗 <b>Объединено</b> с инцидентом {survivor}: его сообщения и решения "
        "теперь там.",
    },
    "uk": {
        "types": "Що",
        "counts": "Скільки",
        "official": "підтверджено офіційно",
        "unconfirmed": "не підтверджено",
        "status": "Статус",
        "all_clear": "відбій о {time}",
        "all_clear_dated": "відбій {date} о {time}",
        "sources": "Джерела ({n})",
        "no_sources": "Джерел немає (повідомлення видалені або змінені)",
        "more": "… і ще {n} {word}",
        "source_one": "джерело",
        "source_few": "джерела",
        "source_many": "джерел",
        "from": "з",
        "official_mark": "офіц.",
        "all_clear_mark": "відбій",
        "citing": "з посиланням на",
        "up_to": "до {n}",
        "other": "інше",
        "pending": "Очікує перевірки",
        "reopened": "повернуто на перевірку",
        "confirmed": "Підтверджено",
        "dismissed": "Відхилено",
        "false_alarm": "Хибна тривога",
        "history": "Історія",
        "btn_confirm": "✅ Підтвердити",
        "btn_dismiss": "❌ Відхилити",
        "btn_false_alarm": "🚫 Хибна тривога",
        "btn_reopen": "↩️ Повернути на перевірку",
        "merged": "🔗 <b>Об'єднано</b> з інцидентом {survivor}: його повідомлення та рішення "
        "тепер там.",
    },
    "en": {
        "types": "What",
        "counts": "How many",
        "official": "official",
        "unconfirmed": "unconfirmed",
        "status": "Status",
        "all_clear": "all clear at {time}",
        "all_clear_dated": "all clear on {date} at {time}",
        "sources": "Sources ({n})",
        "no_sources": "No sources (posts deleted or edited)",
        "more": "… and {n} more {word}",
        "source_one": "source",
        "source_few": "sources",
        "source_many": "sources",
        "from": "from",
        "official_mark": "official",
        "all_clear_mark": "all clear",
        "citing": "citing",
        "up_to": "up to {n}",
        "other": "other",
        "pending": "Awaiting review",
        "reopened": "reopened",
        "confirmed": "Confirmed",
        "dismissed": "Dismissed",
        "false_alarm": "False alarm",
        "history": "History",
        "btn_confirm": "✅ Confirm",
        "btn_dismiss": "❌ Dismiss",
        "btn_false_alarm": "🚫 False alarm",
        "btn_reopen": "↩️ Reopen",
        "merged": "🔗 <b>Merged</b> into incident {survivor}: its reports and decisions are "
        "there now.",
    },
}

TYPE_WORDS: dict[str, dict[str, str]] = {
    "ru": {
        "alert": "тревога",
        "drone": "БПЛА",
        "missile": "ракеты",
        "air_defense": "ПВО",
        "explosion": "взрывы",
        "strike": "удар",
        "fire": "пожар",
        "casualties": "пострадавшие",
        "damage": "разрушения",
    },
    "uk": {
        "alert": "тривога",
        "drone": "БПЛА",
        "missile": "ракети",
        "air_defense": "ППО",
        "explosion": "вибухи",
        "strike": "удар",
        "fire": "пожежа",
        "casualties": "постраждалі",
        "damage": "руйнування",
    },
    "en": {
        "alert": "alert",
        "drone": "drones",
        "missile": "missiles",
        "air_defense": "air defence",
        "explosion": "explosions",
        "strike": "strike",
        "fire": "fire",
        "casualties": "casualties",
        "damage": "damage",
    },
}


@dataclass(frozen=True)
class Button:
    label: str
    data: bytes  # callback data, at most 64 bytes


@dataclass(frozen=True)
class Card:
    text: str  # Telegram HTML
    buttons: tuple[tuple[Button, ...], ...]


# -- public API ------------------------------------------------------------------------------


def render_card(
    incident: Incident,
    *,
    language: str = "ru",
    zone: tzinfo = MOSCOW,
    reviews: Sequence[Review] = (),
    region_name: Callable[[str, str], str] | None = None,
    place_name: Callable[[str, str, str], str] | None = None,
    limit: int = TELEGRAM_TEXT_LIMIT,
    confidence: Confidence | None = None,
    gap: timedelta | None = None,
    max_duration: timedelta = DEFAULT_MAX_DURATION,
    secret: bytes = b"",
) -> Card:
    """The card of `incident`; the latest of `reviews` (by time) decides the review state.

    `region_name(code, language)` and `place_name(name, region, language)` name regions and
    settlements in the card's language; by default from the gazetteer (English cards get
    the English names).

    With `confidence` the card says how sure the incident is; with `gap` (and the
    `max_duration` the grouper used) it says why its reports were grouped: the merge key.

    Raises ValueError for an unknown language, a review of another incident, an incident id
    that cannot go into callback data, or a limit too small for the card's fixed parts.
    """
    words = _texts(language)
    if not isinstance(zone, tzinfo):
        raise ValueError(f"zone must be a tzinfo, got {zone!r}")
    if isinstance(limit, bool) or not isinstance(limit, int) or limit <= 0:
        raise ValueError(f"limit must be a positive number of characters, got {limit!r}")
    history = _sorted_reviews(incident, reviews)
    state = history[-1].decision if history else incident.review
    buttons = _buttons_for(incident.id, state, language, secret)
    names = region_name or _gazetteer_region_name
    places = place_name or _gazetteer_place_name
    clock = _Clock(incident, zone)

    top = [
        _header(incident, names, places, language),
        _types_line(incident, words, language),
    ]
    middle_fixed = [
        _status_line(incident, words),
        *([_confidence_line(confidence, language)] if confidence is not None else []),
        _time_line(incident, clock, words),
    ]
    bottom = [
        "",
        *_review_lines(state, history, clock, words),
        *([_merge_line(incident, clock, language, gap, max_duration)] if gap else []),
        f"<code>{_esc(incident.id)}</code>",
    ]
    oldest_first = sorted(incident.reports, key=lambda r: (r.date, r.key))
    source_lines = [_source_line(r, clock, words, language) for r in oldest_first]

    for detail in _COUNT_DETAILS:
        counts = _count_lines(incident, words, language, detail)
        fixed = [*top, *counts, *middle_fixed]
        text = _fit_sources(fixed, source_lines, bottom, len(incident.reports), words, limit)
        if text is not None:
            return Card(text=text, buttons=buttons)
    raise ValueError(
        f"card of incident {incident.id} does not fit in {limit} characters even with "
        "every source folded"
    )


def render_merged_card(
    incident: Incident,
    survivor_id: str,
    *,
    link: str | None = None,
    language: str = "ru",
    region_name: Callable[[str, str], str] | None = None,
    place_name: Callable[[str, str, str], str] | None = None,
) -> Card:
    """The card of an incident absorbed by `survivor_id` (a late report bridged their waves):
    where it went, linked when `link` is given, and no buttons: decisions are taken on the
    survivor's card. The survivor's id is quoted, so the only bare id on the card is its own
    (the id a card is known by)."""
    words = _texts(language)
    survivor = f"«{_esc(survivor_id)}»"
    if link is not None:
        survivor = f'«<a href="{_esc(link)}">{_esc(survivor_id)}</a>»'
    header = _header(
        incident, region_name or _gazetteer_region_name, place_name or _gazetteer_place_name,
        language,
    )
    lines = [header, words["merged"].format(survivor=survivor), f"<code>{_esc(incident.id)}</code>"]
    return Card(text="\n".join(lines), buttons=())


_USERNAME = re.compile(r"@?([A-Za-z][A-Za-z0-9_]{3,31})")


def message_link(chat: str, message_id: int | None) -> str | None:
    """A t.me link to a message of a channel or supergroup (by username or by its -100 id);
    None where Telegram has no links (basic groups, private chats) or no message yet."""
    if message_id is None:
        return None
    if chat.startswith("-100") and chat[4:].isdigit():
        return f"https://t.me/c/{chat[4:]}/{message_id}"
    match = _USERNAME.fullmatch(chat)
    if match is None:
        return None
    return f"https://t.me/{match.group(1)}/{message_id}"


def review_buttons(
    incident: Incident, language: str = "ru", secret: bytes = b""
) -> tuple[tuple[Button, ...], ...]:
    """Pending: Confirm / Dismiss / False alarm; decided: Reopen."""
    _texts(language)
    return _buttons_for(incident.id, incident.review, language, secret)


def _signature(secret: bytes, code: str, incident_id: str) -> str:
    mac = hmac.new(secret, f"{code}:{incident_id}".encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode("ascii")[:SIGNATURE_LENGTH]


def parse_callback(data: bytes, secret: bytes = b"") -> tuple[str, str] | None:
    """(action, incident_id) for callback data made by `review_buttons` with the same
    `secret` (signature checked when a secret is given), else None."""
    if not isinstance(data, bytes | bytearray) or len(data) > CALLBACK_LIMIT:
        return None
    try:
        text = bytes(data).decode("ascii")
    except UnicodeDecodeError:
        return None
    match = _CALLBACK.fullmatch(text)
    if match is None:
        return None
    action = _CODE_ACTIONS.get(match.group(1))
    if action is None:
        return None
    if secret:
        given = match.group(3) or ""
        if not hmac.compare_digest(given, _signature(secret, match.group(1), match.group(2))):
            return None
    return action, match.group(2)


def card_digest(card: Card) -> str:
    """A stable hash of the card's text and buttons; equal cards give equal digests."""
    canonical = json.dumps(
        [card.text, [[[b.label, b.data.hex()] for b in row] for row in card.buttons]],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def callback_data(action: str, incident_id: str, secret: bytes = b"") -> bytes:
    """The callback data of a review button; ValueError when it cannot be made safely."""
    code = _ACTION_CODES.get(action)
    if code is None:
        raise ValueError(f"unknown review action {action!r}; expected one of {list(_ACTION_CODES)}")
    if not isinstance(incident_id, str) or not _INCIDENT_ID_RE.fullmatch(incident_id):
        raise ValueError(f"incident id {incident_id!r} has characters not allowed in callback data")
    data = f"{_CALLBACK_PREFIX}:{code}:{incident_id}".encode("ascii")
    if secret:
        data += b":" + _signature(secret, code, incident_id).encode("ascii")
    if len(data) > CALLBACK_LIMIT:
        raise ValueError(
            f"incident id {incident_id!r} is too long for callback data ({len(data)} > "
            f"{CALLBACK_LIMIT} bytes)"
        )
    return data


def telegram_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


# -- buttons ---------------------------------------------------------------------------------


def _buttons_for(
    incident_id: str, state: str, language: str, secret: bytes = b""
) -> tuple[tuple[Button, ...], ...]:
    words = _TEXTS[language]
    if state == REVIEW_PENDING:
        return (
            (
                Button(words["btn_confirm"], callback_data("confirm", incident_id, secret)),
                Button(words["btn_dismiss"], callback_data("dismiss", incident_id, secret)),
            ),
            (Button(words["btn_false_alarm"], callback_data("false_alarm", incident_id, secret)),),
        )
    if state in _DECIDED:
        return ((Button(words["btn_reopen"], callback_data("reopen", incident_id, secret)),),)
    raise ValueError(
        f"incident {incident_id} has unknown review state {state!r}; expected "
        f"{REVIEW_PENDING} or one of {list(_DECIDED)}"
    )


# -- sections --------------------------------------------------------------------------------


def _header(
    incident: Incident,
    names: Callable[[str, str], str],
    place_names: Callable[[str, str, str], str],
    language: str,
) -> str:
    emoji = next((e for kind, e in _KIND_EMOJI if kind in incident.types), _DEFAULT_EMOJI)
    name = names(incident.region, language) or incident.region
    region = f"<b>{_esc(name)}</b>"
    if name != incident.region:
        region += f" ({_esc(incident.region)})"
    places = [place_names(p, incident.region, language) or p for p in _settlements(incident)]
    places = list(dict.fromkeys(places))
    if not places:
        return f"{emoji} {region}"
    shown = ", ".join(_esc(p) for p in places[:MAX_PLACES])
    if len(places) > MAX_PLACES:
        shown += f" +{len(places) - MAX_PLACES}"
    return f"{emoji} {region}: {shown}"


def _settlements(incident: Incident) -> list[str]:
    seen: dict[str, str] = {}
    for place in incident.places:
        if place.kind in ("settlement", "district") and place.region == incident.region:
            seen.setdefault(place.name.strip().casefold(), place.name.strip())
    return [name for name in seen.values() if name]


def _types_line(incident: Incident, words: dict[str, str], language: str) -> str:
    labels = [_type_word(t, language) for t in incident.types]
    return f"{words['types']}: {_esc(', '.join(labels)) if labels else '—'}"


def _type_word(kind: str, language: str) -> str:
    if kind == "other":
        return _TEXTS[language]["other"]
    return TYPE_WORDS[language].get(kind, kind)


@dataclass(frozen=True)
class _CountDetail:
    values: int | None  # reported values shown per counted thing; None: all
    channels: int | None  # channels named per value; None: all


# Tried in order until the card fits; the last one is a bare range per counted thing.
_COUNT_DETAILS = (
    _CountDetail(values=6, channels=4),
    _CountDetail(values=3, channels=2),
    _CountDetail(values=1, channels=1),
    _CountDetail(values=0, channels=0),
)


def _count_lines(
    incident: Incident, words: dict[str, str], language: str, detail: _CountDetail
) -> list[str]:
    by_what: dict[str, dict[Count, dict[str, None]]] = {}
    for report in incident.reports:
        said_by = report.copy_of[0] if report.copy_of else report.channel
        for count in report.counts:
            if count.total or count.region not in (None, incident.region):
                continue
            key = Count(low=count.low, high=count.high, what=count.what, qualifier=count.qualifier)
            by_what.setdefault(count.what, {}).setdefault(key, {})[said_by] = None
    if not by_what:
        return []
    order = {kind: i for i, kind in enumerate(INCIDENT_TYPES)}
    lines = [f"{words['counts']}:"]
    for what in sorted(by_what, key=lambda w: (order.get(w, len(order)), w)):
        values = sorted(by_what[what].items(), key=lambda kv: (kv[0].low, kv[0].high))
        label = _esc(_type_word(what, language))
        if detail.values == 0:
            low = min(c.low for c, _ in values)
            high = max(c.high for c, _ in values)
            span = str(low) if low == high else f"{low}–{high}"
            lines.append(f"• {label}: {span}")
            continue
        parts = []
        for count, channels in values[: detail.values]:
            parts.append(_count_part(count, list(channels), language, detail.channels))
        if detail.values is not None and len(values) > detail.values:
            parts.append(f"+{len(values) - detail.values}")
        lines.append(f"• {label}: {', '.join(parts)}")
    return lines


def _count_part(count: Count, channels: list[str], language: str, limit: int | None) -> str:
    number = count_number(count, language)
    if limit == 0 or not channels:
        return _esc(number)
    named = channels if limit is None else channels[:limit]
    who = ", ".join(_esc(c) for c in named)
    if len(channels) > len(named):
        who += f" +{len(channels) - len(named)}"
    return f"{_esc(number)} ({who})"


def count_number(count: Count, language: str) -> str:
    """A count as people write it: "5–7", "20+", "~10", "≥3", "up to 5"."""
    span = str(count.low) if count.low == count.high else f"{count.low}–{count.high}"
    match count.qualifier:
        case "more_than":
            return f"{count.low}+"
        case "about":
            return f"~{span}"
        case "at_least":
            return f"≥{count.low}"
        case "up_to":
            return _TEXTS[language]["up_to"].format(n=count.high)
    return span


def _status_line(incident: Incident, words: dict[str, str]) -> str:
    if incident.status != OFFICIAL:
        return f"❔ {words['status']}: {words['unconfirmed']}"
    official = list(dict.fromkeys(r.channel for r in incident.reports if r.status == OFFICIAL))
    who = ", ".join(_esc(c) for c in official[:3])
    if len(official) > 3:
        who += f" +{len(official) - 3}"
    return f"🏛 {words['status']}: {words['official']} ({who})"


class _Clock:
    """Times in the reviewer's zone; dates shown only when the incident spans several days."""

    def __init__(self, incident: Incident, zone: tzinfo) -> None:
        self.zone = zone
        moments = [incident.first_seen, incident.last_seen]
        if incident.closed_at is not None:
            moments.append(incident.closed_at)
        moments.extend(r.date for r in incident.reports)
        self.days = {m.astimezone(zone).date() for m in moments}

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def short(self, moment: datetime) -> str:
        fmt = "%H:%M" if len(self.days) == 1 else "%d.%m %H:%M"
        return self.local(moment).strftime(fmt)

    def full(self, moment: datetime) -> str:
        return self.local(moment).strftime("%d.%m %H:%M")

    def abbreviation(self, moment: datetime) -> str:
        return self.local(moment).strftime("%Z")


def _time_line(incident: Incident, clock: _Clock, words: dict[str, str]) -> str:
    first, last = clock.local(incident.first_seen), clock.local(incident.last_seen)
    if first == last:
        span = clock.full(first)
    elif first.date() == last.date():
        span = f"{clock.full(first)} – {last:%H:%M}"
    else:
        span = f"{clock.full(first)} – {clock.full(last)}"
    line = f"🕒 {span} {_esc(clock.abbreviation(last))}"
    clears = [r.date for r in incident.reports if r.all_clear]
    if incident.closed_at is not None and clears:  # closed by quiet or length: see _merge_line
        closed = clock.local(max(clears))
        if closed.date() == last.date():
            line += ", " + words["all_clear"].format(time=f"{closed:%H:%M}")
        else:
            line += ", " + words["all_clear_dated"].format(
                date=f"{closed:%d.%m}", time=f"{closed:%H:%M}"
            )
    return line


def _confidence_line(confidence: Confidence, language: str) -> str:
    words = TRUST_LABELS.get(language, TRUST_LABELS["en"])
    return f"🧭 {words['confidence']}: {_esc(confidence.label(language))}"


def _merge_line(
    incident: Incident, clock: _Clock, language: str, gap: timedelta, max_duration: timedelta
) -> str:
    """Why these reports are one incident: region, wave (its time span) and how it ended."""
    words = TRUST_LABELS.get(language, TRUST_LABELS["en"])
    first, last = clock.local(incident.first_seen), clock.local(incident.last_seen)
    span = f"{clock.full(first)}–{last:%H:%M}" if first.date() == last.date() else (
        f"{clock.full(first)}–{clock.full(last)}"
    )
    how = closed_by(incident, gap, max_duration)
    if how == BY_ALL_CLEAR:
        state = str(words["by_all_clear"])
    elif how == BY_QUIET:
        state = str(words["by_quiet"]).format(gap=format_duration(gap))
    elif how == BY_MAX_DURATION:
        state = str(words["by_max_duration"]).format(max=format_duration(max_duration))
    else:
        state = str(words["open"])
    return (
        f"🔗 {words['merge']}: {_esc(incident.region)} · {words['wave']} {span} · {_esc(state)}"
    )


def _source_line(report: Report, clock: _Clock, words: dict[str, str], language: str) -> str:
    channel = _esc(report.channel)
    url = _safe_url(report)
    link = f'<a href="{html.escape(url, quote=True)}">{channel}</a>' if url else channel
    line = f"• {clock.short(report.date)} {link}"
    if report.copy_of is not None:
        line += f" ↪ {words['from']} {_esc(report.copy_of[0])}"
    elif report.sources:
        cited = [s for s in dict.fromkeys(report.sources) if s != report.channel]
        if cited:
            shown = ", ".join(_esc(source_label(s, language)) for s in cited[:3])
            if len(cited) > 3:
                shown += f" +{len(cited) - 3}"
            line += f" ({words['citing']} {shown})"
    if report.status == OFFICIAL:
        line += f" 🏛 {words['official_mark']}"
    if report.all_clear:
        line += f" ✅ {words['all_clear_mark']}"
    return line


def _safe_url(report: Report) -> str | None:
    """The post's link when it is one Telegram will accept; t.me otherwise, or none."""
    if report.url and _SAFE_URL.fullmatch(report.url):
        return report.url
    if _USERNAME.fullmatch(report.channel):
        return f"https://t.me/{report.channel}/{report.post_id}"
    return None


def _sorted_reviews(incident: Incident, reviews: Sequence[Review]) -> list[Review]:
    for review in reviews:
        if review.incident_id != incident.id:
            raise ValueError(
                f"review by {review.user_name!r} is for incident {review.incident_id}, "
                f"not {incident.id}"
            )
        if review.decision != REVIEW_PENDING and review.decision not in _DECIDED:
            raise ValueError(f"review of {incident.id} has unknown decision {review.decision!r}")
    return sorted(reviews, key=lambda r: r.decided_at)  # stable: equal times keep their order


def _review_lines(
    state: str, history: list[Review], clock: _Clock, words: dict[str, str]
) -> list[str]:
    latest = history[-1] if history else None
    if state == REVIEW_PENDING:
        line = f"{_REVIEW_EMOJI[state]} {words['pending']}"
        if latest is not None:
            line += f" ({words['reopened']}: {_reviewer(latest)}, {clock.full(latest.decided_at)})"
    else:
        line = f"{_REVIEW_EMOJI.get(state, '')} {words.get(state, state)}"
        if latest is not None:
            line += f": {_reviewer(latest)}, {clock.full(latest.decided_at)}"
    lines = [line]
    if len(history) > 1:
        steps = [
            f"{_decision_emoji(r.decision)} {_reviewer(r)} {clock.full(r.decided_at)}"
            for r in history[-MAX_HISTORY:]
        ]
        earlier = "… → " if len(history) > MAX_HISTORY else ""
        lines.append(f"<i>{words['history']}: {earlier}{' → '.join(steps)}</i>")
    return lines


def _decision_emoji(decision: str) -> str:
    return _REOPEN_EMOJI if decision == REVIEW_PENDING else _REVIEW_EMOJI[decision]


def _reviewer(review: Review) -> str:
    name = review.user_name.strip() if isinstance(review.user_name, str) else ""
    return _esc(name) if name else f"id {review.user_id}"


# -- fitting ---------------------------------------------------------------------------------


def _fit_sources(
    fixed: list[str],
    sources: list[str],
    bottom: list[str],
    total: int,
    words: dict[str, str],
    limit: int,
) -> str | None:
    """The card text with as many of the newest sources as fit, or None if nothing fits."""
    title = f"📰 {words['sources'].format(n=total)}:" if sources else words["no_sources"]
    head = [*fixed, "", title]
    base = _size(head) + _size(bottom) + 1  # the newline between them
    sizes = [_size_line(line) + 1 for line in sources]
    kept_size = sum(sizes)
    kept = len(sources)
    while True:
        folded = len(sources) - kept
        fold = [_fold_line(folded, words)] if folded else []
        needed = base + kept_size + (_size(fold) + 1 if fold else 0)
        if needed <= limit:
            return "\n".join([*head, *fold, *sources[folded:], *bottom])
        if kept == 0:
            return None
        kept_size -= sizes[folded]
        kept -= 1


def _fold_line(folded: int, words: dict[str, str]) -> str:
    return words["more"].format(n=folded, word=words[_plural_form(folded)])


def _plural_form(n: int) -> str:
    """Russian plural class of n ("one", "few", "many"); English uses "one" and "many" alike."""
    if n % 10 == 1 and n % 100 != 11:
        return "source_one"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "source_few"
    return "source_many"


def _size(lines: list[str]) -> int:
    if not lines:
        return 0
    return sum(_size_line(line) for line in lines) + len(lines) - 1


def _size_line(line: str) -> int:
    # The raw HTML is never shorter than the visible text Telegram keeps after parsing it
    # (tags go, entities shrink), so its UTF-16 length bounds both measures.
    return telegram_length(line)


# -- helpers ---------------------------------------------------------------------------------


def _texts(language: str) -> dict[str, str]:
    if language not in _TEXTS:
        raise ValueError(f"unknown card language {language!r}; expected one of {list(LANGUAGES)}")
    return _TEXTS[language]


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _gazetteer_region_name(code: str, language: str) -> str:
    from bot.detect.gazetteer import Gazetteer

    info = Gazetteer.default().region(code)
    if info is None:
        return code
    return {"ru": info.name_ru, "uk": info.name_uk, "en": info.name_en}.get(language, info.name_ru)


def _gazetteer_place_name(name: str, region: str, language: str) -> str:
    """English cards name settlements in English (bot.placenames); others as detected."""
    if language != "en":
        return name
    from bot.placenames import english_name

    return english_name(Place(name=name, region=region))


_SOURCE_LABELS_FILE = "source_labels.toml"
_source_labels: dict[str, dict[str, str]] | None = None


def source_labels() -> dict[str, dict[str, str]]:
    """bot/data/source_labels.toml: source name -> {language: label}, read once."""
    global _source_labels
    if _source_labels is None:
        import tomllib
        from importlib import resources

        raw = (resources.files("bot") / "data" / _SOURCE_LABELS_FILE).read_text("utf-8")
        _source_labels = tomllib.loads(raw)
    return _source_labels


def source_label(source: str, language: str) -> str:
    """How a card in `language` names a cited source («Минобороны»); unknown ones as given."""
    return source_labels().get(source, {}).get(language, source)
