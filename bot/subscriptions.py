"""What subscribers ask for and what they get, with no I/O.

Parsing of command arguments (places, kinds, mode, mute, quiet hours), place resolution
through the gazetteer (with suggestions and ambiguity), the matching rule
`should_deliver`, and every reply text in Russian and English.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, tzinfo
from typing import Any, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.durations import parse_duration
from bot.models import (
    INCIDENT_TYPES,
    REVIEW_CONFIRMED,
    REVIEW_DISMISSED,
    REVIEW_FALSE_ALARM,
    Incident,
    Place,
    parse_iso,
)

FAST = "fast"
CONFIRMED = "confirmed"
MODES = (FAST, CONFIRMED)
ALL_REGIONS = "*"
DEFAULT_ZONE = "Europe/Moscow"
MAX_ARGUMENT = 100  # characters of a place name or other argument
MAX_MUTE = timedelta(days=30)
MAX_PLACES_PER_USER = 50
MAX_CHOICES = 8
INCIDENT_MAX_AGE = timedelta(hours=12)  # an incident older than this is not news any more
# Gazetteer scores run 0-100: 100 is an exact name or alias, lower a fuzzy match.
SURE_SCORE = 90.0
TIE_MARGIN = 5.0
SUGGEST_SCORE = 70.0
CAPITAL_REGION_SCORE = 80.0
# Cities that are regions of their own: the city is the whole region.
CITY_REGIONS = frozenset({"RU-MOW", "RU-SPE", "UA-30", "UA-40"})
_ISO = re.compile(r"(RU|UA)-[A-Z0-9]{1,3}", re.IGNORECASE)

ALL_WORDS = frozenset({"all", "*", "все", "всё", "везде", "усі", "все регионы", "everything"})
OFF_WORDS = frozenset({"off", "no", "0", "нет", "выкл", "выключить", "стоп", "ні", "вимк"})
ON_WORDS = frozenset({"on", "yes", "1", "да", "вкл", "включить", "так", "увімк"})


class ArgumentError(ValueError):
    """A command argument that cannot be used; `key` names the reply text, `fields` fill it."""

    def __init__(self, key: str, **fields: Any) -> None:
        super().__init__(key)
        self.key = key
        self.fields = fields


class Gazetteerish(Protocol):
    def lookup(self, query: str, limit: int = 5) -> list[tuple[Place, float]]: ...

    def region(self, code: str) -> Any: ...


# -- languages ---------------------------------------------------------------------------------


def user_language(lang_code: str | None) -> str:
    """The reply language for a Telegram client's language: Ukrainian, Russian, else English."""
    code = (lang_code or "").lower()
    if code.startswith("uk"):
        return "uk"
    return "ru" if code.startswith("ru") else "en"


# -- arguments ---------------------------------------------------------------------------------


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")


def clean_argument(raw: str, limit: int = MAX_ARGUMENT) -> str:
    """One line of printable text, spaces collapsed; ArgumentError when too long or empty."""
    text = "".join(" " if unicodedata.category(ch)[0] in ("C", "Z") else ch for ch in raw or "")
    text = " ".join(text.split())
    if len(text) > limit:
        raise ArgumentError("too_long", limit=limit)
    if not text:
        raise ArgumentError("need_argument")
    if not any(ch.isalnum() for ch in text) and text != ALL_REGIONS:
        raise ArgumentError("odd_argument", value=text[:40])
    return text


# -- kinds of incident -------------------------------------------------------------------------

TYPE_LABELS: dict[str, dict[str, str]] = {
    "ru": {
        "alert": "🚨 Тревоги",
        "drone": "🛩 БПЛА",
        "missile": "🚀 Ракеты",
        "air_defense": "🛡 ПВО",
        "explosion": "💥 Взрывы",
        "strike": "🎯 Удары",
        "fire": "🔥 Пожары",
        "casualties": "🚑 Пострадавшие",
        "damage": "🏚 Разрушения",
    },
    "uk": {
        "alert": "🚨 Тривоги",
        "drone": "🛩 БПЛА",
        "missile": "🚀 Ракети",
        "air_defense": "🛡 ППО",
        "explosion": "💥 Вибухи",
        "strike": "🎯 Удари",
        "fire": "🔥 Пожежі",
        "casualties": "🚑 Постраждалі",
        "damage": "🏚 Руйнування",
    },
    "en": {
        "alert": "🚨 Alerts",
        "drone": "🛩 Drones",
        "missile": "🚀 Missiles",
        "air_defense": "🛡 Air defence",
        "explosion": "💥 Explosions",
        "strike": "🎯 Strikes",
        "fire": "🔥 Fires",
        "casualties": "🚑 Casualties",
        "damage": "🏚 Damage",
    },
}

_TYPE_ALIASES: dict[str, str] = {
    alias: kind
    for kind, aliases in {
        "alert": "alert alerts тревога тревоги опасность сирена тривога тривоги",
        "drone": "drone drones uav uavs бпла беспилотники беспилотник дроны дрон шахеды дрони",
        "missile": "missile missiles ракеты ракета ракети",
        "air_defense": "air_defense air-defense airdefense ad пво ппо",
        "explosion": "explosion explosions взрывы взрыв вибухи вибух",
        "strike": "strike strikes удары удар прилеты прилет удари",
        "fire": "fire fires пожары пожар пожежі пожежа",
        "casualties": "casualties casualty пострадавшие жертвы раненые постраждалі",
        "damage": "damage разрушения повреждения руйнування",
    }.items()
    for alias in aliases.split()
}


def parse_types(text: str) -> frozenset[str]:
    """Kinds named in `text` ("дроны, ракеты", "drones missiles"); empty for "all"."""
    words = [w for w in re.split(r"[\s,;]+", _fold(clean_argument(text))) if w]
    if len(words) == 1 and words[0] in ALL_WORDS:
        return frozenset()
    kinds = set()
    for word in words:
        kind = _TYPE_ALIASES.get(word) or (word if word in INCIDENT_TYPES else None)
        if kind is None:
            raise ArgumentError("types_unknown", value=word[:40])
        kinds.add(kind)
    return frozenset(kinds)


def type_names(kinds: Iterable[str], lang: str) -> str:
    chosen = [k for k in INCIDENT_TYPES if k in set(kinds)]
    if not chosen:
        return TEXTS[lang]["all_types"]
    return ", ".join(TYPE_LABELS[lang][k] for k in chosen)


# -- mode, mute, quiet hours, digest ------------------------------------------------------------

_MODE_ALIASES = {
    FAST: {"fast", "quick", "быстро", "быстрый", "быстрые", "сразу", "швидко"},
    CONFIRMED: {
        "confirmed",
        "confirm",
        "verified",
        "подтвержденные",
        "подтвержденный",
        "подтверждено",
        "проверенные",
        "підтверджені",
    },
}


def parse_mode(text: str) -> str:
    word = _fold(clean_argument(text))
    for mode, aliases in _MODE_ALIASES.items():
        if word in aliases:
            return mode
    raise ArgumentError("mode_unknown", value=word[:40])


def parse_mode_threshold(text: str) -> tuple[str, float | None]:
    """`/mode fast 2`: the mode, and for fast the confidence an alert needs (None: default)."""
    from bot.trust import MAX_FAST_THRESHOLD, parse_threshold

    words = clean_argument(text).split()
    mode = parse_mode(words[0])
    if len(words) == 1:
        return mode, None
    if mode != FAST or len(words) > 2:
        raise ArgumentError("mode_unknown", value=html.escape(_fold(" ".join(words))[:40]))
    try:
        return mode, parse_threshold(words[1])
    except ValueError:
        raise ArgumentError(
            "threshold_bad", value=html.escape(words[1][:20]), top=f"{MAX_FAST_THRESHOLD:g}"
        ) from None


_UNIT_WORDS = {
    unit: letter
    for letter, units in {
        "s": "s sec secs second seconds с сек секунд",
        "m": "m min mins minute minutes м мин минут минуты хв",
        "h": "h hr hrs hour hours ч час часа часов год",
        "d": "d day days д дн день дня дней доба",
        "w": "w week weeks н нед неделя недели тиж",
    }.items()
    for unit in units.split()
}
_DURATION_PART = re.compile(r"(\d+(?:[.,]\d+)?)\s*([^\d\s.,]+)")


def parse_mute(text: str, now: datetime) -> datetime | None:
    """The time a mute ends ("2h", "30m", "1d", "1h30m", "2ч", "3 дня"); None for "off"."""
    raw = clean_argument(text, limit=30)
    word = _fold(raw)
    if word in OFF_WORDS:
        return None
    parts = _DURATION_PART.findall(word)
    leftover = _DURATION_PART.sub("", word).strip()
    units = [_UNIT_WORDS.get(unit) for _, unit in parts]
    if not parts or leftover or None in units:
        raise ArgumentError("mute_bad", value=raw[:30])
    try:
        length = parse_duration(
            "".join(f"{n.replace(',', '.')}{u}" for (n, _), u in zip(parts, units, strict=True))
        )
    except ValueError:  # beyond any date: "99999999999999999999h"
        raise ArgumentError("mute_too_long", days=MAX_MUTE.days) from None
    if length <= timedelta(0):
        raise ArgumentError("mute_bad", value=raw[:30])
    if length > MAX_MUTE:
        raise ArgumentError("mute_too_long", days=MAX_MUTE.days)
    return now + length


@dataclass(frozen=True)
class QuietHours:
    start: time
    end: time
    zone: str = DEFAULT_ZONE

    @property
    def tz(self) -> tzinfo:
        return ZoneInfo(self.zone)

    def contains(self, moment: datetime) -> bool:
        """Whether `moment` falls in the quiet hours, read in the subscriber's zone."""
        local = moment.astimezone(self.tz).time().replace(tzinfo=None)
        if self.start < self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end  # crosses midnight

    def label(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"

    def to_json(self) -> str:
        return json.dumps(
            {"start": f"{self.start:%H:%M}", "end": f"{self.end:%H:%M}", "zone": self.zone}
        )

    @classmethod
    def from_json(cls, text: str | None) -> QuietHours | None:
        if not text:
            return None
        data = json.loads(text)
        return cls(_clock(data["start"]), _clock(data["end"]), data.get("zone", DEFAULT_ZONE))


_CLOCK = re.compile(r"([01]?\d|2[0-3])(?:[:.]([0-5]\d))?")


def _clock(text: str) -> time:
    match = _CLOCK.fullmatch(text.strip())
    if match is None:
        raise ValueError(text)
    return time(int(match.group(1)), int(match.group(2) or 0))


def parse_quiet(text: str, default_zone: str = DEFAULT_ZONE) -> QuietHours | None:
    """ "23:00-07:00" (crossing midnight is fine), "23-7", optionally a zone: "23-7 Europe/Kyiv";
    None for "off"."""
    cleaned = clean_argument(text, limit=60)
    if _fold(cleaned) in OFF_WORDS:
        return None
    parts = cleaned.replace("–", "-").replace("—", "-").split()
    zone = default_zone
    if len(parts) == 2:
        zone = parts[1]
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ArgumentError("quiet_zone", value=zone[:40]) from None
    elif len(parts) != 1:
        raise ArgumentError("quiet_bad", value=cleaned[:40])
    span = parts[0].split("-")
    if len(span) != 2:
        raise ArgumentError("quiet_bad", value=cleaned[:40])
    try:
        start, end = _clock(span[0]), _clock(span[1])
    except ValueError:
        raise ArgumentError("quiet_bad", value=cleaned[:40]) from None
    if start == end:
        raise ArgumentError("quiet_empty")
    return QuietHours(start, end, zone)


def parse_switch(text: str) -> bool:
    word = _fold(clean_argument(text, limit=20))
    if word in ON_WORDS:
        return True
    if word in OFF_WORDS:
        return False
    raise ArgumentError("switch_bad", value=word[:20])


# -- places --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """What a subscription covers: a region (place "") or a settlement in it; "*" is all."""

    region: str
    place: str = ""

    @property
    def is_all(self) -> bool:
        return self.region == ALL_REGIONS

    def matches(self, incident: Incident) -> bool:
        if self.is_all:
            return True
        if incident.region != self.region:
            return False
        if not self.place:
            return True
        if not incident.places:
            return "alert" in incident.types  # a region-wide alert concerns every town in it
        wanted = _fold(self.place)
        return any(_fold(p.name) == wanted for p in incident.places)

    def label(
        self,
        lang: str,
        region_name: Callable[[str, str], str],
        place_name: Callable[[str, str, str], str] | None = None,
    ) -> str:
        """How a subscriber reads it; `place_name(name, region, lang)` gives a settlement's
        name in `lang` (English names for English readers)."""
        if self.is_all:
            return TEXTS[lang]["all_regions"]
        if not self.place:
            return region_name(self.region, lang)
        place = place_name(self.place, self.region, lang) if place_name else self.place
        return f"{place} ({region_name(self.region, lang)})"


OK = "ok"
AMBIGUOUS = "ambiguous"
SUGGEST = "suggest"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Resolution:
    status: str  # ok | ambiguous | suggest | unknown
    targets: tuple[Target, ...] = ()
    query: str = ""


def gazetteer_region_name(gazetteer: Gazetteerish) -> Callable[[str, str], str]:
    def name(code: str, lang: str) -> str:
        info = gazetteer.region(code)
        if info is None:
            return code
        return {"ru": info.name_ru, "uk": info.name_uk}.get(lang, info.name_en)

    return name


def _target_for(place: Place, gazetteer: Gazetteerish) -> Target:
    if place.kind == "region":
        return Target(place.region)
    info = gazetteer.region(place.region)
    if place.region in CITY_REGIONS and info is not None and info.capital == place.name:
        return Target(place.region)
    return Target(place.region, place.name)


def _unique(targets: Iterable[Target]) -> list[Target]:
    return list(dict.fromkeys(targets))


def resolve_place(query: str, gazetteer: Gazetteerish) -> Resolution:
    """A place as a user typed it -> what to subscribe to, a choice, a suggestion or nothing.

    Raises ArgumentError for an argument that is too long, empty or not a name at all.
    """
    text = clean_argument(query)
    if _fold(text) in ALL_WORDS:
        return Resolution(OK, (Target(ALL_REGIONS),), text)
    if _ISO.fullmatch(text) and gazetteer.region(text.upper()) is None:
        return Resolution(UNKNOWN, (), text)
    matches = gazetteer.lookup(text, limit=12)
    if not matches:
        return Resolution(UNKNOWN, (), text)
    top = matches[0][1]
    if top >= SURE_SCORE:
        margin = 0.0 if top >= 100 else TIE_MARGIN
        targets = _unique(_target_for(p, gazetteer) for p, s in matches if s >= top - margin)
        regions = {t.region for t in targets if not t.place}
        if len(regions) == 1 and all(t.region in regions for t in targets):
            # "Кубань": the krai, and a village of that name inside it; the krai it is.
            return Resolution(OK, (Target(regions.pop()),), text)
        if len(targets) == 1:
            target = targets[0]
            if target.place and _is_capital(target, gazetteer):
                whole = Target(target.region)
                rival = any(
                    p.kind == "region" and p.region == target.region and s >= CAPITAL_REGION_SCORE
                    for p, s in matches
                )
                if rival:
                    return Resolution(AMBIGUOUS, (target, whole), text)
            return Resolution(OK, (target,), text)
        return Resolution(AMBIGUOUS, tuple(targets[:MAX_CHOICES]), text)
    close = _unique(_target_for(p, gazetteer) for p, s in matches if s >= SUGGEST_SCORE)
    if close:
        return Resolution(SUGGEST, tuple(close[:3]), text)
    return Resolution(UNKNOWN, (), text)


def _is_capital(target: Target, gazetteer: Gazetteerish) -> bool:
    info = gazetteer.region(target.region)
    return info is not None and info.capital == target.place


# -- subscribers and the matching rule -----------------------------------------------------------


@dataclass(frozen=True)
class Subscriber:
    user_id: int
    chat: str
    lang: str = "ru"
    mode: str = FAST
    types: frozenset[str] = frozenset()  # empty: every kind
    targets: tuple[Target, ...] = ()
    muted_until: datetime | None = None
    quiet: QuietHours | None = None
    zone: str = DEFAULT_ZONE
    digest: bool = False
    paused: bool = False
    fast_min: float | None = None  # confidence a fast alert needs; None: the configured default
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def from_row(cls, row: Mapping[str, Any], places: Iterable[tuple[str, str]]) -> Subscriber:
        return cls(
            user_id=int(row["user_id"]),
            chat=str(row["chat"]),
            lang=row.get("lang") or "ru",
            mode=row.get("mode") or FAST,
            types=frozenset(json.loads(row.get("types") or "[]")),
            targets=tuple(Target(region, place or "") for region, place in places),
            muted_until=parse_iso(row["muted_until"]) if row.get("muted_until") else None,
            quiet=QuietHours.from_json(row.get("quiet")),
            zone=row.get("timezone") or DEFAULT_ZONE,
            digest=bool(row.get("digest")),
            paused=bool(row.get("paused")),
            fast_min=row.get("fast_min"),
        )

    @property
    def tz(self) -> tzinfo:
        return ZoneInfo(self.zone)

    def is_muted(self, now: datetime) -> bool:
        return self.muted_until is not None and now < self.muted_until


def wants(subscription: Subscriber, incident: Incident) -> bool:
    """Place and kind: does this incident concern the subscriber at all?"""
    if subscription.types and not subscription.types & set(incident.types):
        return False
    return any(t.matches(incident) for t in subscription.targets)


def should_deliver(
    subscription: Subscriber,
    incident: Incident,
    now: datetime,
    confidence: float | None = None,
    default_threshold: float = 1.0,
) -> bool:
    """Whether a first message about `incident` goes to the subscriber now.

    Fast mode: as soon as the incident's `confidence` (bot/trust.py; None: not weighed)
    reaches the subscriber's threshold (theirs, else `default_threshold`), unless a reviewer
    already turned it down; once a reviewer confirmed it, whatever its confidence.
    Confirmed mode: only once a reviewer confirmed it. Never while paused, muted or in quiet
    hours, never for kinds or places not asked for, never for stale incidents.
    """
    if subscription.paused or subscription.is_muted(now):
        return False
    if subscription.quiet is not None and subscription.quiet.contains(now):
        return False
    if incident.review in (REVIEW_DISMISSED, REVIEW_FALSE_ALARM):
        return False
    if subscription.mode == CONFIRMED and incident.review != REVIEW_CONFIRMED:
        return False
    if confidence is not None and incident.review != REVIEW_CONFIRMED:
        threshold = default_threshold if subscription.fast_min is None else subscription.fast_min
        if confidence + 1e-9 < threshold:
            return False
    if incident.last_seen < now - INCIDENT_MAX_AGE:
        return False
    return wants(subscription, incident)


# -- reply texts -------------------------------------------------------------------------------

TEXTS: dict[str, dict[str, str]] = {
    "ru": {
        "start": (
            "👋 Я <b>tgradar</b>: слежу за каналами и сообщаю об инцидентах — взрывах, атаках "
            "БПЛА и ракет, работе ПВО, тревогах, пожарах, пострадавших — в городах и "
            "регионах России и Украины.\n\n"
            "Подпишитесь на место: <code>/subscribe Белгород</code>, "
            "<code>/subscribe Кубань</code>, <code>/subscribe RU-BEL</code> или на всё: "
            "<code>/subscribe all</code>.\nВсе команды: /help"
        ),
        "help": (
            "<b>Команды</b>\n"
            "/subscribe &lt;место&gt; — подписаться (город, область, код вроде RU-BEL или all)\n"
            "/unsubscribe &lt;место|all&gt; — отписаться\n"
            "/list — мои подписки и настройки\n"
            "/types — какие виды инцидентов присылать\n"
            "/mode fast|confirmed — сразу (не проверено) или только подтверждённые; "
            "/mode fast 2 — сразу, когда сообщили хотя бы два независимых источника\n"
            "/mute 2h — тишина на время (30m, 1d; /mute off — снять)\n"
            "/quiet 23:00-07:00 — тихие часы каждый день (/quiet off — снять)\n"
            "/digest on|off — сводка за сутки с графиком"
        ),
        "btn_all": "🌍 Всё",
        "btn_types": "🧩 Виды",
        "btn_fast": "⚡ Сразу",
        "btn_confirmed": "✅ Только подтверждённые",
        "btn_digest": "📊 Ежедневная сводка",
        "btn_list": "📋 Мои подписки",
        "btn_whole_region": "весь регион",
        "btn_all_types": "Все виды",
        "subscribed": "✅ Подписка оформлена: <b>{label}</b>.",
        "subscribed_mode_fast": "Сообщения приходят сразу, с пометкой «не проверено».",
        "subscribed_mode_confirmed": "Сообщения приходят после подтверждения модератором.",
        "already": "Вы уже подписаны на <b>{label}</b>.",
        "too_many": "Слишком много подписок (не больше {limit}). Удалите лишние: /list",
        "ambiguous": "Уточните, что вы имели в виду под «{query}»:",
        "suggest": "Не нашёл «{query}». Возможно, вы имели в виду:",
        "unknown": (
            "Не нашёл место «{query}». Напишите город или область, например "
            "«Белгородская область», «Краснодар», или код вроде RU-BEL."
        ),
        "too_long": "Слишком длинный текст: не больше {limit} символов.",
        "need_argument": "Не хватает аргумента. Пример: {example}",
        "odd_argument": "Не понимаю «{value}». Пример: {example}",
        "unsubscribed": "Подписка на <b>{label}</b> отменена.",
        "unsubscribed_all": "Все подписки отменены ({n}).",
        "not_subscribed": "Подписки на <b>{label}</b> нет. Ваши подписки: /list",
        "list_empty": "Подписок пока нет. Пример: <code>/subscribe Белгород</code>",
        "list": "<b>Ваши подписки</b>\n{items}",
        "settings": (
            "\n\nВиды: {types}\nРежим: {mode}\nТишина: {mute}\nТихие часы: {quiet}\n"
            "Сводка: {digest}"
        ),
        "all_regions": "все регионы",
        "all_types": "все виды",
        "mode_fast": "сразу (с пометкой «не проверено»)",
        "mode_confirmed": "только подтверждённые",
        "mode_set": "Режим: <b>{mode}</b>.",
        "mode_prompt": "Когда присылать сообщения?",
        "mode_unknown": "Неизвестный режим «{value}». Выберите fast или confirmed.",
        "threshold_set": "Сразу — когда источников (по их надёжности) не меньше {n}.",
        "threshold_bad": "«{value}» — не число источников. Например: /mode fast 2 (от 0 до {top}).",
        "types_prompt": "Какие виды присылать? Нажмите, чтобы включить или выключить.",
        "types_set": "Виды: {types}.",
        "types_unknown": "Неизвестный вид «{value}». Доступны: {choices}.",
        "muted": "🔕 Без уведомлений до {until}.",
        "unmuted": "🔔 Уведомления снова включены.",
        "mute_bad": "Не понимаю «{value}». Пример: /mute 2h, /mute 30m, /mute 1d, /mute off.",
        "mute_too_long": "Не дольше {days} дней.",
        "no": "нет",
        "on": "вкл.",
        "off": "выкл.",
        "quiet_set": "🌙 Тихие часы: {span} ({zone}).",
        "quiet_off": "Тихие часы выключены.",
        "quiet_bad": "Не понимаю «{value}». Пример: /quiet 23:00-07:00 или /quiet off.",
        "quiet_zone": "Неизвестный часовой пояс «{value}». Пример: Europe/Moscow, Europe/Kyiv.",
        "quiet_empty": "Начало и конец тихих часов совпадают.",
        "switch_bad": "Не понимаю «{value}». Напишите on или off.",
        "digest_on": "📊 Ежедневная сводка включена.",
        "digest_off": "Ежедневная сводка выключена.",
        "rate_limited": "Слишком много команд подряд. Подождите {seconds} с, пожалуйста.",
        "unknown_command": "Не знаю такой команды. Список команд: /help",
        "not_command": "Я понимаю только команды. Список: /help",
        "not_admin": "Эта команда только для администраторов.",
        "group_note": "Уведомления приходят в личные сообщения: напишите мне /start в личке.",
        "stale_button": "Кнопка устарела. Повторите команду, пожалуйста.",
        "done": "Готово",
        "welcome_back": "С возвращением! Уведомления снова включены.",
        "first_only": "Обработаны только первые {n} мест.",
        "failed": "Что-то пошло не так. Попробуйте ещё раз чуть позже.",
        "menu_start": "Что умеет бот",
        "menu_help": "Список команд",
        "menu_subscribe": "Подписаться на город или регион",
        "menu_unsubscribe": "Отписаться",
        "menu_list": "Мои подписки и настройки",
        "menu_types": "Какие виды присылать",
        "menu_mode": "Сразу или только подтверждённые",
        "menu_mute": "Тишина на время",
        "menu_quiet": "Тихие часы",
        "menu_digest": "Ежедневная сводка",
        "menu_map": "Карта инцидентов",
        "map_nothing": (
            "Карта показывает ваши регионы, а подписок пока нет. "
            "Подпишитесь: <code>/subscribe Белгород</code>"
        ),
        "fast_mark": "⚠️ <i>Предварительно: не проверено модератором</i>",
        "confirmed_mark": "✅ <i>Подтверждено модератором</i>",
        "dismissed_mark": "❌ <i>Модератор не подтвердил это сообщение</i>",
        "retracted_mark": "❌ <i>Сообщение отозвано источниками</i>",
    },
    "uk": {
        "start": (
            "👋 Я <b>tgradar</b>: стежу за каналами й повідомляю про інциденти — вибухи, атаки "
            "БПЛА та ракет, роботу ППО, тривоги, пожежі, постраждалих — у містах і "
            "регіонах України та Росії.\n\n"
            "Підпишіться на місце: <code>/subscribe Харків</code>, "
            "<code>/subscribe Одещина</code>, <code>/subscribe UA-63</code> або на все: "
            "<code>/subscribe all</code>.\nУсі команди: /help"
        ),
        "help": (
            "<b>Команди</b>\n"
            "/subscribe &lt;місце&gt; — підписатися (місто, область, код на зразок UA-63 або all)\n"
            "/unsubscribe &lt;місце|all&gt; — відписатися\n"
            "/list — мої підписки й налаштування\n"
            "/types — які види інцидентів надсилати\n"
            "/mode fast|confirmed — одразу (не перевірено) або лише підтверджені; "
            "/mode fast 2 — одразу, коли повідомили щонайменше два незалежні джерела\n"
            "/mute 2h — тиша на якийсь час (30m, 1d; /mute off — зняти)\n"
            "/quiet 23:00-07:00 — тихі години щодня (/quiet off — зняти)\n"
            "/digest on|off — зведення за добу з графіком"
        ),
        "btn_all": "🌍 Усе",
        "btn_types": "🧩 Види",
        "btn_fast": "⚡ Одразу",
        "btn_confirmed": "✅ Лише підтверджені",
        "btn_digest": "📊 Щоденне зведення",
        "btn_list": "📋 Мої підписки",
        "btn_whole_region": "увесь регіон",
        "btn_all_types": "Усі види",
        "subscribed": "✅ Підписку оформлено: <b>{label}</b>.",
        "subscribed_mode_fast": "Повідомлення надходять одразу, з позначкою «не перевірено».",
        "subscribed_mode_confirmed": "Повідомлення надходять після підтвердження модератором.",
        "already": "Ви вже підписані на <b>{label}</b>.",
        "too_many": "Забагато підписок (не більше {limit}). Видаліть зайві: /list",
        "ambiguous": "Уточніть, що ви мали на увазі під «{query}»:",
        "suggest": "Не знайшов «{query}». Можливо, ви мали на увазі:",
        "unknown": (
            "Не знайшов місце «{query}». Напишіть місто або область, наприклад "
            "«Харківська область», «Одеса», або код на зразок UA-63."
        ),
        "too_long": "Задовгий текст: не більше {limit} символів.",
        "need_argument": "Бракує аргументу. Приклад: {example}",
        "odd_argument": "Не розумію «{value}». Приклад: {example}",
        "unsubscribed": "Підписку на <b>{label}</b> скасовано.",
        "unsubscribed_all": "Усі підписки скасовано ({n}).",
        "not_subscribed": "Підписки на <b>{label}</b> немає. Ваші підписки: /list",
        "list_empty": "Підписок поки немає. Приклад: <code>/subscribe Харків</code>",
        "list": "<b>Ваші підписки</b>\n{items}",
        "settings": (
            "\n\nВиди: {types}\nРежим: {mode}\nТиша: {mute}\nТихі години: {quiet}\n"
            "Зведення: {digest}"
        ),
        "all_regions": "усі регіони",
        "all_types": "усі види",
        "mode_fast": "одразу (з позначкою «не перевірено»)",
        "mode_confirmed": "лише підтверджені",
        "mode_set": "Режим: <b>{mode}</b>.",
        "mode_prompt": "Коли надсилати повідомлення?",
        "mode_unknown": "Невідомий режим «{value}». Оберіть fast або confirmed.",
        "threshold_set": "Одразу — коли джерел (за їхньою надійністю) щонайменше {n}.",
        "threshold_bad": "«{value}» — не число джерел. Наприклад: /mode fast 2 (від 0 до {top}).",
        "types_prompt": "Які види надсилати? Натисніть, щоб увімкнути або вимкнути.",
        "types_set": "Види: {types}.",
        "types_unknown": "Невідомий вид «{value}». Доступні: {choices}.",
        "muted": "🔕 Без сповіщень до {until}.",
        "unmuted": "🔔 Сповіщення знову увімкнено.",
        "mute_bad": "Не розумію «{value}». Приклад: /mute 2h, /mute 30m, /mute 1d, /mute off.",
        "mute_too_long": "Не довше {days} днів.",
        "no": "ні",
        "on": "увімк.",
        "off": "вимк.",
        "quiet_set": "🌙 Тихі години: {span} ({zone}).",
        "quiet_off": "Тихі години вимкнено.",
        "quiet_bad": "Не розумію «{value}». Приклад: /quiet 23:00-07:00 або /quiet off.",
        "quiet_zone": "Невідомий часовий пояс «{value}». Приклад: Europe/Kyiv, Europe/Moscow.",
        "quiet_empty": "Початок і кінець тихих годин збігаються.",
        "switch_bad": "Не розумію «{value}». Напишіть on або off.",
        "digest_on": "📊 Щоденне зведення увімкнено.",
        "digest_off": "Щоденне зведення вимкнено.",
        "rate_limited": "Забагато команд поспіль. Зачекайте {seconds} с, будь ласка.",
        "unknown_command": "Не знаю такої команди. Список команд: /help",
        "not_command": "Я розумію лише команди. Список: /help",
        "not_admin": "Ця команда лише для адміністраторів.",
        "group_note": (
            "Сповіщення надходять в особисті повідомлення: напишіть мені /start в особисті."
        ),
        "stale_button": "Кнопка застаріла. Повторіть команду, будь ласка.",
        "done": "Готово",
        "welcome_back": "З поверненням! Сповіщення знову увімкнено.",
        "first_only": "Оброблено лише перші {n} місць.",
        "failed": "Щось пішло не так. Спробуйте ще раз трохи згодом.",
        "menu_start": "Що вміє бот",
        "menu_help": "Список команд",
        "menu_subscribe": "Підписатися на місто або регіон",
        "menu_unsubscribe": "Відписатися",
        "menu_list": "Мої підписки й налаштування",
        "menu_types": "Які види надсилати",
        "menu_mode": "Одразу чи лише підтверджені",
        "menu_mute": "Тиша на якийсь час",
        "menu_quiet": "Тихі години",
        "menu_digest": "Щоденне зведення",
        "menu_map": "Мапа інцидентів",
        "map_nothing": (
            "Мапа показує ваші регіони, а підписок поки немає. "
            "Підпишіться: <code>/subscribe Харків</code>"
        ),
        "fast_mark": "⚠️ <i>Попередньо: не перевірено модератором</i>",
        "confirmed_mark": "✅ <i>Підтверджено модератором</i>",
        "dismissed_mark": "❌ <i>Модератор не підтвердив це повідомлення</i>",
        "retracted_mark": "❌ <i>Повідомлення відкликано джерелами</i>",
    },
    "en": {
        "start": (
            "👋 I am <b>tgradar</b>: I watch channels and report incidents — explosions, drone "
            "and missile attacks, air defence, alerts, fires, casualties — in towns and regions "
            "of Russia and Ukraine.\n\n"
            "Subscribe to a place: <code>/subscribe Belgorod</code>, "
            "<code>/subscribe Krasnodar Krai</code>, <code>/subscribe RU-BEL</code>, or to "
            "everything: <code>/subscribe all</code>.\nAll commands: /help"
        ),
        "help": (
            "<b>Commands</b>\n"
            "/subscribe &lt;place&gt; — subscribe (town, region, a code like RU-BEL, or all)\n"
            "/unsubscribe &lt;place|all&gt; — unsubscribe\n"
            "/list — my subscriptions and settings\n"
            "/types — which kinds of incident to send\n"
            "/mode fast|confirmed — at once (unconfirmed) or confirmed only; "
            "/mode fast 2 — at once when at least two independent sources reported it\n"
            "/mute 2h — silence for a while (30m, 1d; /mute off to undo)\n"
            "/quiet 23:00-07:00 — quiet hours every day (/quiet off to undo)\n"
            "/digest on|off — a daily summary with a chart"
        ),
        "btn_all": "🌍 Everything",
        "btn_types": "🧩 Kinds",
        "btn_fast": "⚡ At once",
        "btn_confirmed": "✅ Confirmed only",
        "btn_digest": "📊 Daily digest",
        "btn_list": "📋 My subscriptions",
        "btn_whole_region": "whole region",
        "btn_all_types": "All kinds",
        "subscribed": "✅ Subscribed to <b>{label}</b>.",
        "subscribed_mode_fast": "Messages come at once, marked unconfirmed.",
        "subscribed_mode_confirmed": "Messages come once a reviewer confirms.",
        "already": "You are already subscribed to <b>{label}</b>.",
        "too_many": "Too many subscriptions (at most {limit}). Remove some: /list",
        "ambiguous": "Which one do you mean by “{query}”?",
        "suggest": "I could not find “{query}”. Did you mean:",
        "unknown": (
            "I could not find the place “{query}”. Write a town or a region, e.g. "
            "“Belgorod Oblast”, “Krasnodar”, or a code like RU-BEL."
        ),
        "too_long": "That is too long: {limit} characters at most.",
        "need_argument": "Something is missing. Example: {example}",
        "odd_argument": "I do not understand “{value}”. Example: {example}",
        "unsubscribed": "Unsubscribed from <b>{label}</b>.",
        "unsubscribed_all": "All subscriptions removed ({n}).",
        "not_subscribed": "You are not subscribed to <b>{label}</b>. Yours: /list",
        "list_empty": "No subscriptions yet. Example: <code>/subscribe Belgorod</code>",
        "list": "<b>Your subscriptions</b>\n{items}",
        "settings": (
            "\n\nKinds: {types}\nMode: {mode}\nMuted: {mute}\nQuiet hours: {quiet}\n"
            "Digest: {digest}"
        ),
        "all_regions": "all regions",
        "all_types": "all kinds",
        "mode_fast": "at once (marked unconfirmed)",
        "mode_confirmed": "confirmed only",
        "mode_set": "Mode: <b>{mode}</b>.",
        "mode_prompt": "When should messages come?",
        "mode_unknown": "Unknown mode “{value}”. Choose fast or confirmed.",
        "threshold_set": "At once when the sources (weighed by trust) add up to {n} or more.",
        "threshold_bad": "“{value}” is not a number of sources. E.g. /mode fast 2 (0 to {top}).",
        "types_prompt": "Which kinds should I send? Press to switch one on or off.",
        "types_set": "Kinds: {types}.",
        "types_unknown": "Unknown kind “{value}”. Available: {choices}.",
        "muted": "🔕 Muted until {until}.",
        "unmuted": "🔔 Notifications are back on.",
        "mute_bad": "I do not understand “{value}”. Example: /mute 2h, /mute 30m, /mute 1d, "
        "/mute off.",
        "mute_too_long": "{days} days at most.",
        "no": "no",
        "on": "on",
        "off": "off",
        "quiet_set": "🌙 Quiet hours: {span} ({zone}).",
        "quiet_off": "Quiet hours are off.",
        "quiet_bad": "I do not understand “{value}”. Example: /quiet 23:00-07:00 or /quiet off.",
        "quiet_zone": "Unknown time zone “{value}”. Example: Europe/Moscow, Europe/Kyiv.",
        "quiet_empty": "Quiet hours cannot start and end at the same time.",
        "switch_bad": "I do not understand “{value}”. Write on or off.",
        "digest_on": "📊 Daily digest is on.",
        "digest_off": "Daily digest is off.",
        "rate_limited": "Too many commands in a row. Please wait {seconds} s.",
        "unknown_command": "I do not know that command. Commands: /help",
        "not_command": "I only understand commands. See /help",
        "not_admin": "This command is for administrators only.",
        "group_note": "Alerts come in a private chat: send me /start there.",
        "stale_button": "This button has expired. Please repeat the command.",
        "done": "Done",
        "welcome_back": "Welcome back! Notifications are on again.",
        "first_only": "Only the first {n} places were handled.",
        "failed": "Something went wrong. Please try again a bit later.",
        "menu_start": "What this bot does",
        "menu_help": "Commands",
        "menu_subscribe": "Subscribe to a town or region",
        "menu_unsubscribe": "Unsubscribe",
        "menu_list": "My subscriptions and settings",
        "menu_types": "Which kinds to send",
        "menu_mode": "At once or confirmed only",
        "menu_mute": "Silence for a while",
        "menu_quiet": "Quiet hours",
        "menu_digest": "Daily digest",
        "menu_map": "Map of incidents",
        "map_nothing": (
            "The map shows your regions, and you have no subscriptions yet. "
            "Subscribe: <code>/subscribe Belgorod</code>"
        ),
        "fast_mark": "⚠️ <i>Preliminary: not checked by a reviewer</i>",
        "confirmed_mark": "✅ <i>Confirmed by a reviewer</i>",
        "dismissed_mark": "❌ <i>A reviewer did not confirm this report</i>",
        "retracted_mark": "❌ <i>Withdrawn by its sources</i>",
    },
}

EXAMPLES = {
    "subscribe": "/subscribe Белгород",
    "unsubscribe": "/unsubscribe Белгород",
    "mode": "/mode fast",
    "mute": "/mute 2h",
    "quiet": "/quiet 23:00-07:00",
    "digest": "/digest on",
    "types": "/types drones missiles",
    "channels": "/channels add shot_shot",
}


def text(lang: str, key: str, **fields: Any) -> str:
    """The reply `key` in `lang` (ru, uk or en), filled in; unknown fields stay visible."""
    words = TEXTS.get(lang, TEXTS["en"])
    template = words.get(key) or TEXTS["en"].get(key) or key
    try:
        return template.format(**fields)
    except (KeyError, IndexError, ValueError):
        return template


def error_text(lang: str, error: ArgumentError, command: str) -> str:
    """The answer to a bad argument, as Telegram HTML: what the user wrote is escaped."""
    fields = {key: html.escape(str(value), quote=False) for key, value in error.fields.items()}
    fields.setdefault("example", EXAMPLES.get(command, "/help"))
    if error.key == "types_unknown":
        fields.setdefault("choices", ", ".join(_TYPE_WORD_EXAMPLES[lang]))
    return text(lang, error.key, **fields)


_TYPE_WORD_EXAMPLES = {
    "ru": [
        "тревоги",
        "бпла",
        "ракеты",
        "пво",
        "взрывы",
        "удары",
        "пожары",
        "пострадавшие",
        "разрушения",
    ],
    "uk": [
        "тривоги",
        "бпла",
        "ракети",
        "ппо",
        "вибухи",
        "удари",
        "пожежі",
        "постраждалі",
        "руйнування",
    ],
    "en": [
        "alerts",
        "drones",
        "missiles",
        "ad",
        "explosions",
        "strikes",
        "fires",
        "casualties",
        "damage",
    ],
}


def local_time(moment: datetime, zone: str | tzinfo) -> str:
    tz = ZoneInfo(zone) if isinstance(zone, str) else zone
    return moment.astimezone(tz).strftime("%d.%m %H:%M")
