"""The subscriber side of the outbox: who gets which incident, how it looks, digests, pauses.

- `subscriber_rows` turns an incident change (or a reviewer's decision) into outbox rows:
  a "send" row keyed "sub:<incident>:<user>" the first time an incident matches a
  subscriber, and "edit" rows keyed "subedit:<incident>:<user>" for everyone who already
  has it, so a later change edits the message already sent instead of sending another.
- `render_subscriber_card` is the sender's render callback for subscriber chats: the
  incident card in the subscriber's language and zone, marked unconfirmed / confirmed /
  turned down, without review buttons.
- Merged incidents (ARCHITECTURE.md, "Incident policy"): a subscriber keeps one message per
  event. Their *carrier* of an incident is the message they got of it, else of the first
  (by id) incident it absorbed; the carrier shows the surviving incident and is the one
  edited, nothing is sent again, and any other message of an absorbed incident in that chat
  says where it went (`merged_rows`).
- `pause_subscriber` / `pause_blocked_subscribers`: a subscriber who blocked the bot is
  paused and their pending rows stop retrying (kept as failed, not lost).
- `send_digests`: the daily digest with its chart and its map, once per chat per day.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from telethon import TelegramClient, errors

from bot.cards import TELEGRAM_TEXT_LIMIT, Card, render_card, render_merged_card
from bot.digest import DigestCounts, count_incidents, digest_chart, digest_text, regions_of
from bot.incidents import DEFAULT_MAX_DURATION, RETRACTED, IncidentChange
from bot.maps import map_caption, night_map, render_map
from bot.models import (
    REVIEW_CONFIRMED,
    REVIEW_DISMISSED,
    REVIEW_FALSE_ALARM,
    Incident,
)
from bot.store import OutboxRow, Store
from bot.subscriptions import (
    DEFAULT_ZONE,
    Gazetteerish,
    Subscriber,
    gazetteer_region_name,
    should_deliver,
    text,
)
from bot.trust import DEFAULT_FAST_THRESHOLD, Confidence, Trust, confidence

log = logging.getLogger(__name__)

SEND_PREFIX = "sub"
EDIT_PREFIX = "subedit"
# Errors that mean this user will not read the bot again until they come back themselves
# (PEER_ID_INVALID: the user never opened a private chat with the bot, or deleted it).
GONE_ERRORS: tuple[type[Exception], ...] = (
    errors.UserIsBlockedError,
    errors.PeerIdInvalidError,
    errors.InputUserDeactivatedError,
    errors.UserDeactivatedError,
    errors.UserDeactivatedBanError,
)
GONE_ERROR_NAMES = tuple(e.__name__ for e in GONE_ERRORS)
DIGEST_PACE = 1 / 25  # seconds between digest messages: under thirty a second overall
MAX_FLOOD_SLEEP = 60
MOSCOW = ZoneInfo(DEFAULT_ZONE)


def send_key(incident_id: str, user_id: int) -> str:
    return f"{SEND_PREFIX}:{incident_id}:{user_id}"


def edit_key(incident_id: str, user_id: int) -> str:
    return f"{EDIT_PREFIX}:{incident_id}:{user_id}"


def load_subscriber(store: Store, row: dict[str, Any]) -> Subscriber:
    return Subscriber.from_row(row, store.subscriptions_of(int(row["user_id"])))


def _delivered(store: Store, incident_id: str) -> dict[int, str]:
    """user id -> chat of every subscriber who was sent this incident (or is about to be)."""
    users: dict[int, str] = {}
    for row in store.outbox_with_prefix(f"{SEND_PREFIX}:{incident_id}:"):
        if row["state"] != "failed" and row["action"] == "send":
            user = row["dedupe_key"].rsplit(":", 1)[1]
            if user.isdigit():
                users[int(user)] = row["chat"]
    return users


def _carriers(
    store: Store, incident_id: str, absorbed: Iterable[str] = ()
) -> dict[int, tuple[str, str]]:
    """user id -> (the incident whose message carries this one for them, chat): the incident
    itself where they got it, else the first incident it absorbed that they got."""
    family = [incident_id, *sorted(set(store.absorbed_by(incident_id)) | set(absorbed))]
    carriers: dict[int, tuple[str, str]] = {}
    for member in family:
        for user_id, chat in _delivered(store, member).items():
            carriers.setdefault(user_id, (member, chat))
    return carriers


def merged_rows(store: Store, incident_id: str) -> list[OutboxRow]:
    """After `incident_id` was absorbed: an edit of every subscriber's message of it (it
    becomes their message of the survivor, or says where the incident went)."""
    rows = []
    for user_id, chat in _delivered(store, incident_id).items():
        row = store.subscriber(user_id)
        if row is not None and not row["paused"]:
            key = edit_key(incident_id, user_id)
            rows.append(OutboxRow(key, "edit", chat, incident_id=incident_id))
    return rows


def subscriber_rows(
    store: Store,
    change_or_incident: IncidentChange | Incident,
    now: datetime,
    trust: Trust | None = None,
    default_threshold: float = DEFAULT_FAST_THRESHOLD,
) -> list[OutboxRow]:
    """Outbox rows for subscribers after an incident changed or a reviewer decided on it.

    Use it in the pipeline's outbox policy (with the IncidentChange) and after a review
    decision (with the stored Incident): that is when confirmed-mode subscribers get theirs.
    With `trust`, a fast subscriber gets the incident once its confidence reaches their
    threshold (`default_threshold` unless they chose one).
    """
    absorbed: tuple[str, ...] = ()
    if isinstance(change_or_incident, IncidentChange):
        incident = change_or_incident.incident
        retracted = change_or_incident.kind == RETRACTED
        absorbed = change_or_incident.absorbed
    else:
        incident = change_or_incident
        retracted = store.incident_retracted(incident.id)
    stored = store.incident(incident.id)
    review = stored.review if stored is not None else incident.review
    if absorbed:  # the merge carries their decisions over when the batch is stored
        review = _latest_decision(store, (incident.id, *absorbed)) or review
    if review != incident.review:
        incident = replace(incident, review=review)  # reviewers decide, not the grouper

    rows: list[OutboxRow] = []
    score = confidence(incident, trust).score if trust is not None else None
    delivered = _carriers(store, incident.id, absorbed)
    for user_id, (carrier, chat) in delivered.items():
        row = store.subscriber(user_id)
        if row is None or row["paused"]:
            continue
        rows.append(OutboxRow(edit_key(carrier, user_id), "edit", chat, incident_id=carrier))
    if retracted:
        return rows
    for row in store.subscribers_for(incident.region):
        user_id = int(row["user_id"])
        if user_id in delivered:
            continue
        subscriber = load_subscriber(store, row)
        if should_deliver(subscriber, incident, now, score, default_threshold):
            rows.append(
                OutboxRow(
                    send_key(incident.id, user_id), "send", subscriber.chat, incident_id=incident.id
                )
            )
    return rows


def _latest_decision(store: Store, incident_ids: Sequence[str]) -> str | None:
    """The latest reviewer's decision on any of the incidents (a tie: the later listed), the
    review a merge leaves the first of them with (Store._write_merge)."""
    reviews = [
        (review.decided_at, n, k, review.decision)
        for n, incident_id in enumerate(incident_ids)
        for k, review in enumerate(store.reviews(incident_id))
    ]
    return max(reviews)[-1] if reviews else None


def _zone(name: str | None) -> tzinfo:
    try:
        return ZoneInfo(name or DEFAULT_ZONE)
    except (ValueError, KeyError):
        return ZoneInfo(DEFAULT_ZONE)


def render_subscriber_card(
    store: Store,
    incident_id: str,
    chat: str,
    confidence_of: Callable[[Incident], Confidence] | None = None,
    gap: timedelta | None = None,
    max_duration: timedelta = DEFAULT_MAX_DURATION,
) -> Card | None:
    """The card a subscriber sees: no review buttons, the review state as a first line
    (with `confidence_of`, how sure the incident is; with `gap`, why its reports were
    grouped)."""
    incident = store.incident(incident_id)
    if incident is None:
        return None
    row = store.subscriber_by_chat(chat) or {}
    lang = row.get("lang") or "ru"
    survivor = store.merged_into(incident_id)
    if survivor is not None:
        carrier = _carriers(store, survivor).get(int(row.get("user_id") or 0), (None, ""))[0]
        if carrier == incident_id:  # their message of this event: it shows the survivor
            return render_subscriber_card(store, survivor, chat, confidence_of, gap, max_duration)
        return render_merged_card(incident, survivor, language=lang)
    if store.incident_retracted(incident_id):
        mark = text(lang, "retracted_mark")
    elif incident.review == REVIEW_CONFIRMED:
        mark = text(lang, "confirmed_mark")
    elif incident.review in (REVIEW_DISMISSED, REVIEW_FALSE_ALARM):
        mark = text(lang, "dismissed_mark")
    else:
        mark = text(lang, "fast_mark")
    card = render_card(
        incident,
        language=lang,
        zone=_zone(row.get("timezone")),
        limit=TELEGRAM_TEXT_LIMIT - len(mark) - 1,
        confidence=confidence_of(incident) if confidence_of is not None else None,
        gap=gap,
        max_duration=max_duration,
    )
    return Card(text=f"{mark}\n{card.text}", buttons=())


def pause_subscriber(store: Store, chat: str, reason: str) -> bool:
    """Pause the subscriber behind `chat` and stop retrying their pending rows.

    Returns False (and changes nothing) when `chat` is not a subscriber's chat. The
    subscriber is resumed when they write to the bot again.
    """
    row = store.subscriber_by_chat(str(chat))
    if row is None:
        return False
    store.save_subscriber(int(row["user_id"]), paused=1, paused_reason=reason[:200])
    failed = store.fail_pending(str(chat), f"subscriber paused: {reason}"[:300])
    log.info("subscriber %s paused (%s); %d pending messages dropped", chat, reason, failed)
    return True


def pause_blocked_subscribers(store: Store) -> list[str]:
    """Pause subscribers whose pending rows failed because they blocked the bot.

    Works with any sender that records the error class name in the row's last_error
    (as Sender does); run it after each drain.
    """
    paused: list[str] = []
    for name in GONE_ERROR_NAMES:
        for row in store.pending_errors(f"{name}%"):
            chat = row["chat"]
            if chat not in paused and pause_subscriber(store, chat, row["last_error"] or name):
                paused.append(chat)
    return paused


# -- the daily digest ---------------------------------------------------------------------------


@dataclass
class DigestReport:
    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # sent already today
    paused: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    counts: dict[str, DigestCounts] = field(default_factory=dict)


@dataclass(frozen=True)
class DigestTarget:
    chat: str
    lang: str
    zone: tzinfo
    regions: set[str] | None  # None: every region
    types: frozenset[str] = frozenset()
    subscriber: bool = True


def digest_targets(
    store: Store, review_chat: str | None, review_lang: str, review_zone: tzinfo
) -> list[DigestTarget]:
    targets: list[DigestTarget] = []
    if review_chat is not None:
        targets.append(DigestTarget(review_chat, review_lang, review_zone, None, subscriber=False))
    for row in store.subscribers(digest_only=True):
        subscriber = load_subscriber(store, row)
        places = [(t.region, t.place) for t in subscriber.targets]
        targets.append(
            DigestTarget(
                subscriber.chat,
                subscriber.lang,
                _zone(subscriber.zone),
                regions_of(places),
                subscriber.types,
            )
        )
    return targets


async def send_digests(
    client: TelegramClient,
    store: Store,
    gazetteer: Gazetteerish,
    now: datetime,
    *,
    review_chat: str | None = None,
    review_lang: str = "ru",
    review_zone: tzinfo = MOSCOW,
    sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
) -> DigestReport:
    """Send today's digest to the review chat and every subscriber who asked for it.

    Each chat gets one digest per day (recorded in the store), so a rerun after a crash
    sends only what is missing. A subscriber who blocked the bot is paused.
    """
    report = DigestReport()
    names = gazetteer_region_name(gazetteer)
    incidents = store.incidents(since=now - timedelta(hours=24))
    day = now.strftime("%Y-%m-%d")
    for target in digest_targets(store, review_chat, review_lang, review_zone):
        key = f"digest:{day}:{target.chat}"
        if store.digest_sent(key):
            report.skipped.append(target.chat)
            continue
        counts = count_incidents(incidents, now, regions=target.regions, types=target.types)
        report.counts[target.chat] = counts
        caption = digest_text(counts, target.lang, target.zone, names)
        chart = digest_chart(counts, target.lang, target.zone, names) if counts.total else None
        try:
            message_id = await _send_digest(client, target.chat, caption, chart, sleep)
        except GONE_ERRORS as exc:
            if target.subscriber and pause_subscriber(store, target.chat, type(exc).__name__):
                report.paused.append(target.chat)
            continue
        except (errors.RPCError, ValueError, TypeError, ConnectionError, OSError) as exc:
            log.warning("digest to %s failed: %s", target.chat, exc)
            report.failed[target.chat] = f"{type(exc).__name__}: {exc}"
            continue
        store.record_digest(key, target.chat, message_id)
        report.sent.append(target.chat)
        await sleep(DIGEST_PACE)
        if counts.total:
            await _send_digest_map(client, store, incidents, now, target, f"map:{key}", sleep)
    return report


async def _send_digest_map(
    client: TelegramClient,
    store: Store,
    incidents: list,
    now: datetime,
    target: DigestTarget,
    key: str,
    sleep: Callable[[float], Awaitable[Any]],
) -> None:
    """The night on a map, sent right after the digest's chart (once, like the digest)."""
    if store.digest_sent(key):
        return
    data = night_map(incidents, now - timedelta(hours=24), now, target.regions, target.types)
    png = await asyncio.to_thread(render_map, data, target.lang, target.zone)
    try:
        message_id = await _send_digest(
            client, target.chat, map_caption(data, target.lang, target.zone), png, sleep
        )
    except (errors.RPCError, ValueError, TypeError, ConnectionError, OSError) as exc:
        log.warning("digest map to %s failed: %s", target.chat, exc)
        return
    store.record_digest(key, target.chat, message_id)
    await sleep(DIGEST_PACE)


async def _send_digest(
    client: TelegramClient,
    chat: str,
    caption: str,
    chart: bytes | None,
    sleep: Callable[[float], Awaitable[Any]],
) -> int | None:
    entity = await client.get_input_entity(int(chat) if chat.lstrip("-").isdigit() else chat)
    for attempt in range(2):
        try:
            if chart is None:
                message = await client.send_message(
                    entity, caption, parse_mode="html", link_preview=False
                )
            else:
                photo = io.BytesIO(chart)
                photo.name = "digest.png"
                message = await client.send_file(entity, photo, caption=caption, parse_mode="html")
            return getattr(message, "id", None)
        except errors.FloodWaitError as exc:
            if attempt or exc.seconds > MAX_FLOOD_SLEEP:
                raise
            await sleep(exc.seconds)
    return None
