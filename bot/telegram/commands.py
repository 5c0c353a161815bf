"""The bot's commands for subscribers and admins.

Subscribers: /start, /help, /subscribe, /unsubscribe, /list, /types, /mode, /mute, /quiet,
/digest, /map. Admins: /status, /channels add|remove|list, /reviewers.

- Replies are in the user's Telegram language (Russian, Ukrainian, else English); English
  replies name settlements in English (bot.placenames).
- In groups a command counts only when addressed to this bot (/cmd@tgradar_bot).
- Each user has a small command budget; a flood gets one polite reply, then silence.
- Button data is parsed strictly and only ever changes the pressing user's own settings.
- Alerts always go to the user's private chat with the bot, whoever asked where.
"""

from __future__ import annotations

import asyncio
import html
import io
import json
import logging
import re
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.base import BaseScheduler
from telethon import Button, TelegramClient, errors, events, functions, types

from bot.config import Settings, normalize_channel
from bot.models import INCIDENT_TYPES, parse_iso
from bot.placenames import english_place_name
from bot.store import Store
from bot.subscriptions import (
    AMBIGUOUS,
    CONFIRMED,
    FAST,
    MAX_PLACES_PER_USER,
    OK,
    SUGGEST,
    TYPE_LABELS,
    ArgumentError,
    Gazetteerish,
    Subscriber,
    Target,
    error_text,
    gazetteer_region_name,
    local_time,
    parse_mode_threshold,
    parse_mute,
    parse_quiet,
    parse_switch,
    parse_types,
    resolve_place,
    text,
    type_names,
    user_language,
)
from bot.telegram.poller import Poller
from bot.telegram.pool import over_capacity

log = logging.getLogger(__name__)

CALLBACK_PREFIX = b"sb:"
_COMMAND = re.compile(r"/([A-Za-z][A-Za-z0-9_]{0,31})(?:@([A-Za-z0-9_]{1,64}))?(?:\s+(.*))?", re.S)
_CALLBACK = re.compile(r"sb:([a-z]):([A-Za-z0-9_-]{0,40})", re.ASCII)
MAX_MESSAGE = 4096
CHOICE_TTL = 3600.0  # seconds a choice button stays valid
MAX_CHOICES_KEPT = 10_000
MAX_TRACKED_USERS = 100_000  # rate-limit buckets kept, least recently seen dropped first
MAX_LISTED = 40
MAX_PLACES_AT_ONCE = 5  # places in one /subscribe a, b, c
RATE_CAPACITY = 6  # commands in a burst
RATE_REFILL = 0.5  # commands a second after the burst
MAP_WINDOW = timedelta(hours=12)  # /map without an argument
MAP_MAX_WINDOW = timedelta(days=7)


@dataclass
class _Bucket:
    tokens: float
    at: float
    warned: bool = False


class RateLimiter:
    """A token bucket per user: `allow` says whether to act and whether to say why not."""

    def __init__(self, capacity: int = RATE_CAPACITY, refill: float = RATE_REFILL) -> None:
        self.capacity = capacity
        self.refill = refill
        self._buckets: OrderedDict[int, _Bucket] = OrderedDict()

    def allow(self, user_id: int, now: float) -> tuple[bool, bool, int]:
        """(allowed, warn now, seconds to wait)."""
        bucket = self._buckets.pop(user_id, None) or _Bucket(float(self.capacity), now)
        bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.at) * self.refill)
        bucket.at = now
        self._buckets[user_id] = bucket
        while len(self._buckets) > MAX_TRACKED_USERS:
            self._buckets.popitem(last=False)
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            bucket.warned = False
            return True, False, 0
        wait = max(1, round((1 - bucket.tokens) / self.refill))
        warn = not bucket.warned
        bucket.warned = True
        return False, warn, wait


@dataclass(frozen=True)
class _Choice:
    action: str  # "sub" | "unsub"
    target: Target
    made_at: float


def _admin_ids(settings: Settings) -> frozenset[int]:
    configured = settings.bot.admins or settings.review.reviewers
    return frozenset(int(i) for i in configured)


def _esc(value: object) -> str:
    return html.escape(str(value), quote=False)


class CommandHandler:
    def __init__(
        self,
        client: TelegramClient,
        store: Store,
        settings: Settings,
        gazetteer: Gazetteerish,
        poller: Poller,
        on_changed: Callable[[], None] | None = None,
        *,
        scheduler: BaseScheduler | None = None,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        limiter: RateLimiter | None = None,
    ) -> None:
        self.client = client
        self.store = store
        self.settings = settings
        self.gazetteer = gazetteer
        self.poller = poller
        self.on_changed = on_changed
        self.scheduler = scheduler
        self.clock = clock
        self.now = now
        self.limiter = limiter or RateLimiter()
        self.admins = _admin_ids(settings)
        self.region_name = gazetteer_region_name(gazetteer)
        self.place_name = english_place_name(gazetteer)
        self._username: str | None = None
        self._choices: OrderedDict[str, _Choice] = OrderedDict()
        self.commands: dict[str, Callable[..., Any]] = {
            "start": self.cmd_start,
            "help": self.cmd_help,
            "subscribe": self.cmd_subscribe,
            "unsubscribe": self.cmd_unsubscribe,
            "list": self.cmd_list,
            "types": self.cmd_types,
            "mode": self.cmd_mode,
            "mute": self.cmd_mute,
            "quiet": self.cmd_quiet,
            "digest": self.cmd_digest,
            "map": self.cmd_map,
        }
        self.admin_commands: dict[str, Callable[..., Any]] = {
            "status": self.cmd_status,
            "channels": self.cmd_channels,
            "reviewers": self.cmd_reviewers,
        }

    def register(self) -> None:
        """Add the handlers (once); before ReviewHandler, so presses of our buttons stop here."""
        if getattr(self, "_registered", False):
            return
        self._registered = True
        self.client.add_event_handler(self.on_message, events.NewMessage(incoming=True))
        self.client.add_event_handler(
            self.on_callback,
            events.CallbackQuery(func=lambda e: (e.data or b"").startswith(CALLBACK_PREFIX)),
        )

    async def publish_commands(self) -> None:
        """Show the subscriber commands in Telegram's command menu, in English (the default),
        Russian and Ukrainian."""
        for lang, code in (("en", ""), ("ru", "ru"), ("uk", "uk")):
            commands = [
                types.BotCommand(name, text(lang, f"menu_{name}")) for name in self.commands
            ]
            try:
                await self.client(
                    functions.bots.SetBotCommandsRequest(
                        types.BotCommandScopeDefault(), code, commands
                    )
                )
            except errors.RPCError as exc:
                log.warning("cannot publish the command menu (%s): %s", code or "default", exc)

    # -- messages -------------------------------------------------------------------------

    async def username(self) -> str:
        if self._username is None:
            me = await self.client.get_me()
            self._username = (getattr(me, "username", None) or "").lower()
        return self._username

    async def on_message(self, event: events.NewMessage.Event) -> None:
        raw = event.raw_text or ""
        match = _COMMAND.fullmatch(raw.strip()) if raw.lstrip().startswith("/") else None
        private = bool(event.is_private)
        if match is not None and match.group(2):
            if match.group(2).lower() != await self.username():
                return  # addressed to another bot
        elif not private:
            return  # in groups, only commands addressed to us
        sender = await event.get_sender()
        if not isinstance(sender, types.User) or sender.bot:
            return  # channels posting in groups, anonymous admins and other bots
        user_id = int(event.sender_id)
        lang = user_language(getattr(sender, "lang_code", None))
        allowed, warn, wait = self.limiter.allow(user_id, self.clock())
        if not allowed:
            if warn:
                await self._reply(event, text(lang, "rate_limited", seconds=wait))
            return
        if match is None:
            await self._reply(event, text(lang, "not_command"))
            return
        name = match.group(1).lower()
        argument = match.group(3) or ""
        try:
            await self._dispatch(event, name, argument, user_id, lang, private)
        except ArgumentError as exc:
            await self._reply(event, error_text(lang, exc, name))
        except Exception:
            # Whatever went wrong is for the log; the user gets a short apology, never a trace.
            log.exception("/%s from %s failed", name, user_id)
            await self._reply(event, text(lang, "failed"))

    async def _dispatch(
        self, event: Any, name: str, argument: str, user_id: int, lang: str, private: bool
    ) -> None:
        if name in self.admin_commands:
            if user_id not in self.admins:
                await self._reply(event, text(lang, "not_admin"))
                return
            await self.admin_commands[name](event, argument, lang)
            return
        handler = self.commands.get(name)
        if handler is None:
            await self._reply(event, text(lang, "unknown_command"))
            return
        welcome_back = self._touch(user_id, lang)
        if welcome_back:
            await self._reply(event, text(lang, "welcome_back"))
        await handler(event, argument, user_id, lang)
        if not private and name not in ("start", "help"):
            await self._reply(event, text(lang, "group_note"))

    def _touch(self, user_id: int, lang: str) -> bool:
        """Create or refresh the subscriber; a paused one who writes again is resumed."""
        row = self.store.subscriber(user_id)
        fields: dict[str, Any] = {"lang": lang}
        resumed = bool(row and row["paused"])
        if resumed:
            fields.update(paused=0, paused_reason=None)
        self.store.save_subscriber(user_id, **fields)
        return resumed

    def _subscriber(self, user_id: int) -> Subscriber:
        row = self.store.subscriber(user_id) or self.store.save_subscriber(user_id)
        return Subscriber.from_row(row, self.store.subscriptions_of(user_id))

    async def _reply(self, event: Any, message: str, buttons: Any = None) -> None:
        message = message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"
        try:
            if event.is_private:
                await event.respond(message, parse_mode="html", buttons=buttons, link_preview=False)
            else:
                await event.reply(message, parse_mode="html", buttons=buttons, link_preview=False)
        except errors.FloodWaitError as exc:
            log.warning("reply skipped: flood wait %ss", exc.seconds)
        except (errors.RPCError, ValueError) as exc:
            log.warning("reply to %s failed: %s", event.chat_id, exc)

    def _changed(self) -> None:
        if self.on_changed is not None:
            self.on_changed()

    # -- subscriber commands ----------------------------------------------------------------

    def _menu(self, lang: str) -> list[list[Button]]:
        return [
            [
                Button.inline(text(lang, "btn_all"), b"sb:a:"),
                Button.inline(text(lang, "btn_types"), b"sb:h:types"),
            ],
            [
                Button.inline(text(lang, "btn_fast"), b"sb:m:fast"),
                Button.inline(text(lang, "btn_confirmed"), b"sb:m:confirmed"),
            ],
            [
                Button.inline(text(lang, "btn_digest"), b"sb:d:on"),
                Button.inline(text(lang, "btn_list"), b"sb:l:"),
            ],
        ]

    async def cmd_start(self, event: Any, argument: str, user_id: int, lang: str) -> None:
        await self._reply(event, text(lang, "start"), self._menu(lang))

    async def cmd_help(self, event: Any, argument: str, user_id: int, lang: str) -> None:
        await self._reply(event, text(lang, "help"), self._menu(lang))

    def _label(self, target: Target, lang: str) -> str:
        return target.label(lang, self.region_name, self.place_name)

    def _subscribe(self, user_id: int, target: Target, lang: str) -> str:
        label = _esc(self._label(target, lang))
        if len(self.store.subscriptions_of(user_id)) >= MAX_PLACES_PER_USER:
            return text(lang, "too_many", limit=MAX_PLACES_PER_USER)
        if not self.store.add_subscription(user_id, target.region, target.place):
            return text(lang, "already", label=label)
        self._changed()
        mode = self._subscriber(user_id).mode
        return f"{text(lang, 'subscribed', label=label)}\n{text(lang, 'subscribed_mode_' + mode)}"

    def _choice_buttons(self, action: str, targets: tuple[Target, ...], lang: str) -> list:
        rows = []
        for target in targets:
            token = self._remember(_Choice(action, target, self.clock()))
            label = self._label(target, lang)
            if target.place and len(targets) == 2 and not targets[1 - targets.index(target)].place:
                label = self.place_name(target.place, target.region, lang)
            elif not target.place and any(t.place for t in targets):
                label = f"{label} — {text(lang, 'btn_whole_region')}"
            rows.append([Button.inline(label[:60], f"sb:p:{token}".encode())])
        return rows

    def _remember(self, choice: _Choice) -> str:
        token = secrets.token_urlsafe(9)
        self._choices[token] = choice
        while len(self._choices) > MAX_CHOICES_KEPT:
            self._choices.popitem(last=False)
        return token

    async def cmd_subscribe(self, event: Any, argument: str, user_id: int, lang: str) -> None:
        parts = [p for p in re.split(r"[,;\n]", argument) if p.strip()]
        if len(parts) <= 1:
            message, buttons = self._subscribe_one(argument, user_id, lang)
            await self._reply(event, message, buttons or None)
            return
        lines: list[str] = []
        buttons: list = []
        for part in parts[:MAX_PLACES_AT_ONCE]:
            try:
                message, more = self._subscribe_one(part, user_id, lang)
            except ArgumentError as exc:
                message, more = (
                    f"{_esc(part.strip()[:40])}: {error_text(lang, exc, 'subscribe')}",
                    [],
                )
            lines.append(message)
            buttons += more
        if len(parts) > MAX_PLACES_AT_ONCE:
            lines.append(text(lang, "first_only", n=MAX_PLACES_AT_ONCE))
        await self._reply(event, "\n\n".join(lines), buttons[:MAX_LISTED] or None)

    def _subscribe_one(self, argument: str, user_id: int, lang: str) -> tuple[str, list]:
        resolution = resolve_place(argument, self.gazetteer)
        query = _esc(resolution.query)
        if resolution.status == OK:
            return self._subscribe(user_id, resolution.targets[0], lang), []
        if resolution.status in (AMBIGUOUS, SUGGEST):
            key = "ambiguous" if resolution.status == AMBIGUOUS else "suggest"
            buttons = self._choice_buttons("sub", resolution.targets, lang)
            return text(lang, key, query=query), buttons
        return text(lang, "unknown", query=query), []

    async def cmd_unsubscribe(self, event: Any, argument: str, user_id: int, lang: str) -> None:
        resolution = resolve_place(argument, self.gazetteer)
        mine = set(self.store.subscriptions_of(user_id))
        if resolution.status == OK and resolution.targets[0].is_all:
            removed = self.store.remove_subscriptions(user_id)
            self._changed()
            await self._reply(event, text(lang, "unsubscribed_all", n=removed))
            return
        candidates = [t for t in resolution.targets if (t.region, t.place) in mine]
        if len(candidates) == 1:
            target = candidates[0]
            self.store.remove_subscriptions(user_id, target.region, target.place)
            self._changed()
            label = _esc(self._label(target, lang))
            await self._reply(event, text(lang, "unsubscribed", label=label))
        elif len(candidates) > 1:
            buttons = self._choice_buttons("unsub", tuple(candidates), lang)
            await self._reply(event, text(lang, "ambiguous", query=_esc(resolution.query)), buttons)
        else:
            shown = self._label(resolution.targets[0], lang) if resolution.targets else argument
            label = _esc(shown.strip()[:100])
            await self._reply(event, text(lang, "not_subscribed", label=label))

    def _list_text(self, user_id: int, lang: str) -> tuple[str, list]:
        subscriber = self._subscriber(user_id)
        rows = [(r["id"], r["region"], r["place"]) for r in self.store.subscription_rows(user_id)]
        if rows:
            items = "\n".join(
                f"• {_esc(self._label(Target(r, p or ''), lang))}" for _, r, p in rows
            )
            body = text(lang, "list", items=items)
        else:
            body = text(lang, "list_empty")
        now = self.now()
        mute = (
            local_time(subscriber.muted_until, subscriber.tz)
            if subscriber.is_muted(now) and subscriber.muted_until
            else text(lang, "no")
        )
        quiet = (
            f"{subscriber.quiet.label()} ({subscriber.quiet.zone})"
            if subscriber.quiet
            else text(lang, "no")
        )
        body += text(
            lang,
            "settings",
            types=type_names(subscriber.types, lang),
            mode=text(lang, f"mode_{subscriber.mode}")
            + (f" (≥ {subscriber.fast_min:g})" if subscriber.fast_min is not None else ""),
            mute=mute,
            quiet=quiet,
            digest=text(lang, "on" if subscriber.digest else "off"),
        )
        buttons = [
            [
                Button.inline(
                    f"❌ {self._label(Target(r, p or ''), lang)}"[:60], f"sb:x:{i}".encode()
                )
            ]
            for i, r, p in rows[:MAX_LISTED]
        ]
        return body, buttons

    async def cmd_list(self, event: Any, argument: str, user_id: int, lang: str) -> None:
        body, buttons = self._list_text(user_id, lang)
        await self._reply(event, body, buttons or None)

    def _types_keyboard(self, kinds: frozenset[str], lang: str) -> list:
        rows: list[list[Button]] = []
        for i in range(0, len(INCIDENT_TYPES), 3):
            rows.append(
                [
                    Button.inline(
                        ("✅ " if kind in kinds else "") + TYPE_LABELS[lang][kind],
                        f"sb:t:{kind}".encode(),
                    )
                    for kind in INCIDENT_TYPES[i : i + 3]
                ]
            )
        mark = "✅ " if not kinds else ""
        rows.append([Button.inline(mark + text(lang, "btn_all_types"), b"sb:t:all")])
        return rows

    async def cmd_types(self, event: Any, argument: str, user_id: int, lang: str) -> None:
        if argument.strip():
            kinds = parse_types(argument)
            self.store.save_subscriber(user_id, types=json.dumps(sorted(kinds)))
            self._changed()
            await self._reply(event, text(lang, "types_set", types=type_names(kinds, lang)))
            return
        kinds = self._subscriber(user_id).types
        await self._reply(event, text(lang, "types_prompt"), self._types_keyboard(kinds, lang))

    async def cmd_mode(self, event: Any, argument: str, user_id: int, lang: str) -> None:
        if not argument.strip():
            buttons = [
                [Button.inline(text(lang, "btn_fast"), b"sb:m:fast")],
                [Button.inline(text(lang, "btn_confirmed"), b"sb:m:confirmed")],
            ]
            await self._reply(event, text(lang, "mode_prompt"), buttons)
            return
        mode, threshold = parse_mode_threshold(argument)
        self.store.save_subscriber(user_id, mode=mode, fast_min=threshold)
        self._changed()
        reply = text(lang, "mode_set", mode=text(lang, f"mode_{mode}"))
        if threshold is not None:
            reply += "\n" + text(lang, "threshold_set", n=f"{threshold:g}")
        await self._reply(event, reply)

    async def cmd_mute(self, event: Any, argument: str, user_id: int, lang: str) -> None:
        until = parse_mute(argument, self.now())
        self.store.save_subscriber(
            user_id,
            muted_until=until.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if until else None,
        )
        if until is None:
            await self._reply(event, text(lang, "unmuted"))
            return
        zone = self._subscriber(user_id).tz
        await self._reply(event, text(lang, "muted", until=local_time(until, zone)))

    async def cmd_quiet(self, event: Any, argument: str, user_id: int, lang: str) -> None:
        zone = self._subscriber(user_id).zone
        quiet = parse_quiet(argument, default_zone=zone)
        if quiet is None:
            self.store.save_subscriber(user_id, quiet=None)
            await self._reply(event, text(lang, "quiet_off"))
            return
        self.store.save_subscriber(user_id, quiet=quiet.to_json(), timezone=quiet.zone)
        await self._reply(event, text(lang, "quiet_set", span=quiet.label(), zone=quiet.zone))

    async def cmd_digest(self, event: Any, argument: str, user_id: int, lang: str) -> None:
        on = parse_switch(argument)
        self.store.save_subscriber(user_id, digest=int(on))
        await self._reply(event, text(lang, "digest_on" if on else "digest_off"))

    async def cmd_map(self, event: Any, argument: str, user_id: int, lang: str) -> None:
        """/map [12h]: the incidents of the span on a map; a reviewer sees every region,
        a subscriber the regions of their subscriptions."""
        from bot.durations import parse_duration
        from bot.maps import map_caption, night_map, render_map

        try:
            window = parse_duration(argument.strip()) if argument.strip() else MAP_WINDOW
        except ValueError:
            window = MAP_WINDOW
        window = min(max(window, timedelta(hours=1)), MAP_MAX_WINDOW)
        subscriber = self._subscriber(user_id)
        reviewer = user_id in self.admins or user_id in self.settings.review.reviewers
        if reviewer:
            regions, kinds, zone = None, (), self.settings.review.tz
        else:
            if not subscriber.targets:
                await self._reply(event, text(lang, "map_nothing"))
                return
            regions = {t.region for t in subscriber.targets}
            kinds, zone = tuple(subscriber.types), _subscriber_zone(subscriber)
        until = self.now()
        data = night_map(
            self.store.incidents(since=until - window), until - window, until, regions, kinds
        )
        # Drawing takes a second or two of CPU: off the event loop, so polls and cards go on.
        png = await asyncio.to_thread(render_map, data, lang, zone)
        photo = io.BytesIO(png)
        photo.name = "map.png"
        try:
            await self.client.send_file(
                event.chat_id, photo, caption=map_caption(data, lang, zone), parse_mode="html"
            )
        except errors.FloodWaitError as exc:
            log.warning("map skipped: flood wait %ss", exc.seconds)
        except (errors.RPCError, ValueError) as exc:
            log.warning("map to %s failed: %s", event.chat_id, exc)

    # -- buttons -------------------------------------------------------------------------------

    async def on_callback(self, event: events.CallbackQuery.Event) -> None:
        try:
            await self._on_callback(event)
        except Exception:
            log.exception("button %r from %s failed", event.data, event.sender_id)
            await _answer(event, text("en", "failed"))
        raise events.StopPropagation

    async def _on_callback(self, event: events.CallbackQuery.Event) -> None:
        data = bytes(event.data or b"")
        sender = await event.get_sender()
        lang = user_language(getattr(sender, "lang_code", None))
        try:
            match = _CALLBACK.fullmatch(data.decode("ascii")) if len(data) <= 64 else None
        except UnicodeDecodeError:
            match = None
        if match is None:
            await _answer(event, text(lang, "stale_button"))
            return
        user_id = int(event.sender_id)  # whose settings change: always the one who pressed
        allowed, _, wait = self.limiter.allow(user_id, self.clock())
        if not allowed:
            await _answer(event, text(lang, "rate_limited", seconds=wait), alert=True)
            return
        kind, value = match.groups()
        self._touch(user_id, lang)
        handler = {
            "a": self._press_all,
            "p": self._press_choice,
            "x": self._press_remove,
            "t": self._press_type,
            "m": self._press_mode,
            "d": self._press_digest,
            "l": self._press_list,
            "h": self._press_help,
        }.get(kind)
        if handler is None:
            await _answer(event, text(lang, "stale_button"))
            return
        await handler(event, value, user_id, lang)

    async def _press_all(self, event: Any, value: str, user_id: int, lang: str) -> None:
        await _answer(event, _plain(self._subscribe(user_id, Target("*"), lang)))

    async def _press_choice(self, event: Any, value: str, user_id: int, lang: str) -> None:
        choice = self._choices.get(value)
        if choice is None or self.clock() - choice.made_at > CHOICE_TTL:
            await _answer(event, text(lang, "stale_button"), alert=True)
            return
        if choice.action == "unsub":
            removed = self.store.remove_subscriptions(
                user_id, choice.target.region, choice.target.place
            )
            self._changed()
            label = self._label(choice.target, lang)
            key = "unsubscribed" if removed else "not_subscribed"
            await _answer(event, _plain(text(lang, key, label=label)))
            return
        message = self._subscribe(user_id, choice.target, lang)
        await _answer(event, _plain(message))
        await self._respond_to(event, message)

    async def _press_remove(self, event: Any, value: str, user_id: int, lang: str) -> None:
        if not value.isdigit():
            await _answer(event, text(lang, "stale_button"))
            return
        row = self.store.subscription_of(user_id, int(value))
        if row is None:  # gone already, or someone else's: nothing to do for this user
            await _answer(event, text(lang, "stale_button"))
            return
        target = Target(row["region"], row["place"] or "")
        self.store.remove_subscriptions(user_id, target.region, target.place)
        self._changed()
        label = self._label(target, lang)
        if event.is_private:
            body, buttons = self._list_text(user_id, lang)
            await _edit(event, body, buttons or None)
        await _answer(event, _plain(text(lang, "unsubscribed", label=label)))

    async def _press_type(self, event: Any, value: str, user_id: int, lang: str) -> None:
        if value != "all" and value not in INCIDENT_TYPES:
            await _answer(event, text(lang, "stale_button"))
            return
        kinds = set(self._subscriber(user_id).types)
        if value == "all":
            kinds.clear()
        else:
            kinds ^= {value}
        self.store.save_subscriber(user_id, types=json.dumps(sorted(kinds)))
        self._changed()
        chosen = frozenset(kinds)
        await _edit(event, text(lang, "types_prompt"), self._types_keyboard(chosen, lang))
        await _answer(event, _plain(text(lang, "types_set", types=type_names(chosen, lang))))

    async def _press_mode(self, event: Any, value: str, user_id: int, lang: str) -> None:
        if value not in (FAST, CONFIRMED):
            await _answer(event, text(lang, "stale_button"))
            return
        self.store.save_subscriber(user_id, mode=value)
        self._changed()
        await _answer(event, _plain(text(lang, "mode_set", mode=text(lang, f"mode_{value}"))))

    async def _press_digest(self, event: Any, value: str, user_id: int, lang: str) -> None:
        if value not in ("on", "off"):
            await _answer(event, text(lang, "stale_button"))
            return
        self.store.save_subscriber(user_id, digest=int(value == "on"))
        await _answer(event, text(lang, "digest_on" if value == "on" else "digest_off"))

    async def _press_list(self, event: Any, value: str, user_id: int, lang: str) -> None:
        await _answer(event, None)
        body, buttons = self._list_text(user_id, lang)
        await self._respond_to(event, body, buttons or None)

    async def _press_help(self, event: Any, value: str, user_id: int, lang: str) -> None:
        await _answer(event, None)
        if value == "types":
            kinds = self._subscriber(user_id).types
            await self._respond_to(
                event, text(lang, "types_prompt"), self._types_keyboard(kinds, lang)
            )
        else:
            await self._respond_to(event, text(lang, "help"), self._menu(lang))

    async def _respond_to(self, event: Any, message: str, buttons: Any = None) -> None:
        """A new message after a press: in the private chat with the presser only."""
        if not event.is_private:
            return
        try:
            await event.respond(message, parse_mode="html", buttons=buttons, link_preview=False)
        except (errors.RPCError, ValueError) as exc:
            log.warning("message after a button press failed: %s", exc)

    # -- admin commands ------------------------------------------------------------------------

    async def cmd_status(self, event: Any, argument: str, lang: str) -> None:
        now = self.now()
        status = self.poller.status()
        latest = self.store.latest_post_dates()
        channels = list(status["channels"])
        known = {c["channel"] for c in channels}
        channels += [
            {
                "channel": name,
                "state": "new",
                "failures": 0,
                "last_poll_at": None,
                "last_error": None,
            }
            for name in self.settings.channels.watch
            if name not in known
        ]
        failing = [c for c in channels if c["state"] == "failing" or (c["failures"] or 0) > 0]
        polled = [c["last_poll_at"] for c in channels if c["last_poll_at"]]
        active, paused = self.store.subscriber_counts()
        ru = lang == "ru"
        lines = [
            "<b>" + ("Состояние" if ru else "Status") + "</b>",
            ("Каналов" if ru else "Channels")
            + f": {len(channels)}, "
            + ("с ошибками" if ru else "failing")
            + f": {len(failing)}",
            ("Последний опрос" if ru else "Last poll")
            + ": "
            + (_ago(max(polled), now, lang) if polled else "—"),
            ("Очередь отправки" if ru else "Outbox depth") + f": {self.store.outbox_depth()}",
            "FloodWait: "
            + f"{status['flood_waits']} ({status['flood_wait_seconds']:.0f} s)"
            + (
                f", {'пауза' if ru else 'paused'} {status['paused_for']} s"
                if status["paused_for"]
                else ""
            ),
            ("Подписчиков" if ru else "Subscribers")
            + f": {active}"
            + f" (+{paused} "
            + ("на паузе" if ru else "paused")
            + ")",
        ]
        lines += _account_lines(status.get("accounts", []), ru)
        if status.get("joinable") is not None:
            watched = sum(1 for c in channels if c["state"] != "removed")
            lines += _capacity_lines(watched, status["joinable"], ru)
        lines.append("")
        for c in channels[:MAX_LISTED]:
            name = _esc(c["channel"])
            poll = _ago(c["last_poll_at"], now, lang) if c["last_poll_at"] else "—"
            post = _ago(latest[c["channel"]], now, lang) if c["channel"] in latest else "—"
            mark = {"active": "🟢", "failing": "🔴", "removed": "⚪"}.get(c["state"], "🟡")
            line = f"{mark} @{name}: {'опрос' if ru else 'poll'} {poll}, "
            line += f"{'пост' if ru else 'post'} {post}"
            if c["last_error"]:
                line += f" — {_esc(str(c['last_error'])[:80])}"
            lines.append(line)
        if len(channels) > MAX_LISTED:
            lines.append(f"… +{len(channels) - MAX_LISTED}")
        await self._reply(event, "\n".join(lines))

    async def cmd_channels(self, event: Any, argument: str, lang: str) -> None:
        words = argument.split()
        action = words[0].lower() if words else "list"
        ru = lang == "ru"
        if action == "list" and len(words) <= 1:
            rows = [c for c in self.store.channels() if c["state"] != "removed"]
            if not rows:
                await self._reply(event, "Каналов нет." if ru else "No channels.")
                return
            lines = [
                f"• @{_esc(c['username'])} ({_esc(c['state'])})" for c in rows[: MAX_LISTED * 2]
            ]
            await self._reply(event, "\n".join(lines))
            return
        if action not in ("add", "remove") or len(words) != 2:
            raise ArgumentError("odd_argument", value=argument.strip()[:40] or "—")
        try:
            name = normalize_channel(words[1])
        except ValueError as exc:
            await self._reply(event, f"{_esc(words[1][:64])}: {_esc(exc)}")
            return
        if name.lstrip("-").isdigit():
            await self._reply(
                event, "Нужно имя канала, не число." if ru else "Use the username, not a number."
            )
            return
        if action == "add":
            await self._add_channel(event, name, ru)
        else:
            await self._remove_channel(event, name, ru)

    async def _add_channel(self, event: Any, name: str, ru: bool) -> None:
        try:
            await self.poller.peer(name)
        except (ValueError, TypeError, errors.RPCError) as exc:
            problem = "не найден или это не канал" if ru else "not found or not a channel"
            log.info("cannot add @%s: %s", name, exc)
            await self._reply(event, f"@{_esc(name)}: {problem}")
            return
        self.poller.watch(name)
        self.store.added_by_command(name)
        scheduler = self.scheduler or self.poller.scheduler
        if scheduler is not None:
            self.poller.schedule(scheduler, name)
        self._changed()
        await self._reply(
            event, (f"➕ @{name}: отслеживается" if ru else f"➕ @{name}: now watched")
        )

    async def _remove_channel(self, event: Any, name: str, ru: bool) -> None:
        row = self.store.channel(name)
        if row is None or row["state"] == "removed":
            await self._reply(
                event, f"@{_esc(name)}: " + ("не отслеживается" if ru else "not watched")
            )
            return
        self.poller.unschedule(name)
        self._changed()
        note = ""
        if name in self.settings.channels.watch:
            note = (
                "\nОн есть в файле настроек и вернётся после перезапуска."
                if ru
                else "\nIt is in the config file and comes back after a restart."
            )
        await self._reply(event, (f"➖ @{name}: убран" if ru else f"➖ @{name}: removed") + note)

    async def cmd_reviewers(self, event: Any, argument: str, lang: str) -> None:
        ru = lang == "ru"
        configured = ", ".join(str(i) for i in self.settings.review.reviewers) or "—"
        lines = [
            ("Модераторы (настройки)" if ru else "Reviewers (config)") + f": {configured}",
            ("Также: админы чата проверки" if ru else "Also: admins of the review chat"),
            "",
            ("Решения за 7 дней" if ru else "Decisions in 7 days") + ":",
        ]
        activity = self.store.reviewer_activity(self.now() - timedelta(days=7))
        for row in activity[:MAX_LISTED]:
            name = _esc(row["user_name"] or row["user_id"])
            lines.append(f"• {name} ({row['user_id']}): {row['decisions']}")
        if not activity:
            lines.append("—")
        await self._reply(event, "\n".join(lines))


def _subscriber_zone(subscriber: Subscriber) -> Any:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(subscriber.zone or "Europe/Moscow")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("Europe/Moscow")


def _plain(message: str) -> str:
    """Callback answers are plain text of at most 200 characters."""
    stripped = html.unescape(re.sub(r"<[^>]+>", "", message))
    return stripped if len(stripped) <= 200 else stripped[:199] + "…"


async def _answer(event: Any, message: str | None, alert: bool = False) -> None:
    try:
        await event.answer(message, alert=alert)
    except (errors.RPCError, ValueError) as exc:
        log.info("callback answer failed: %s", exc)


async def _edit(event: Any, message: str, buttons: Any) -> None:
    try:
        await event.edit(message, parse_mode="html", buttons=buttons, link_preview=False)
    except errors.MessageNotModifiedError:
        pass
    except (errors.RPCError, ValueError) as exc:
        log.info("editing the keyboard failed: %s", exc)


def _ago(value: str, now: datetime, lang: str) -> str:
    try:
        seconds = max(0, int((now - parse_iso(value)).total_seconds()))
    except ValueError:
        return "?"
    ru = lang == "ru"
    if seconds < 120:
        return f"{seconds} {'с назад' if ru else 's ago'}"
    if seconds < 7200:
        return f"{seconds // 60} {'мин назад' if ru else 'min ago'}"
    return f"{seconds // 3600} {'ч назад' if ru else 'h ago'}"


def _capacity_lines(watched: int, joinable: int, ru: bool) -> list[str]:
    """A warning when the accounts cannot join every watched channel (the rest are polled)."""
    if over_capacity(watched, joinable) is None:
        return []
    login = "<code>tgradar login --account NAME</code>"
    if ru:
        return [
            f"⚠️ Каналов {watched}, аккаунты могут подписаться на {joinable}: "
            f"{watched - joinable} опрашиваются, добавьте аккаунт: {login}"
        ]
    return [f"⚠️ {over_capacity(watched, joinable)}, add an account with {login}"]


def _account_lines(accounts: list[dict[str, Any]], ru: bool) -> list[str]:
    """One line per watching account: channels joined and polled, budget, waits."""
    lines = []
    for a in accounts:
        mark = "🟢" if a["state"] == "up" else "🔴"
        line = (
            f"{mark} {_esc(a['account'])}: "
            + ("подписан" if ru else "joined")
            + f" {a['joined']}/{a['join_limit']}, "
            + ("опрос" if ru else "polled")
            + f" {a['polled']}, "
            + ("запросов" if ru else "requests")
            + f" {a['requests']} ({a['requests_per_minute']}/"
            + ("мин" if ru else "min")
            + f"), FloodWait {a['flood_waits']}"
        )
        if a.get("paused_for"):
            line += f", {'пауза' if ru else 'paused'} {a['paused_for']:.0f} s"
        if a["state"] != "up":
            line += f" — {_esc(str(a.get('reason') or ''))[:80]}"
        lines.append(line)
    return lines
