"""Settings: a TOML file plus the environment, validated into frozen dataclasses.

Secrets (API id and hash, bot token, session string) come only from environment variables
or from files named by ``*_FILE`` variables (container secrets), never from the TOML file.
Every validation failure raises ConfigError with one line naming the file, the dotted key
and the offending value.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.durations import format_duration, parse_duration

ENV_CONFIG = "TGRADAR_CONFIG"
ENV_DATA = "TGRADAR_DATA"
DEFAULT_DATA_DIR = Path("data")
DATABASE_NAME = "tgradar.db"
ENVIRONMENT = "environment"  # stands in for a file name in errors about env variables
DEFAULTS = "<defaults>"  # stands in for a file name when no config file is used


def _iso_codes(country: str, codes: str) -> list[str]:
    return [f"{country}-{code}" for code in codes.split()]


# ISO 3166-2 subdivisions of Russia and Ukraine, as the standard lists them.
ISO_REGION_CODES: frozenset[str] = frozenset(
    _iso_codes(
        "RU",
        "AD AL ALT AMU ARK AST BA BEL BRY BU CE CHE CHU CU DA IN IRK IVA KAM KB KC KDA KEM "
        "KGD KGN KHA KHM KIR KK KL KLU KO KOS KR KRS KYA LEN LIP MAG ME MO MOS MOW MUR NEN "
        "NGR NIZ NVS OMS ORE ORL PER PNZ PRI PSK ROS RYA SA SAK SAM SAR SE SMO SPE STA SVE "
        "TA TAM TOM TUL TVE TY TYU UD ULY VGG VLA VLG VOR YAN YAR YEV ZAB",
    )
    + _iso_codes(
        "UA", "05 07 09 12 14 18 21 23 26 30 32 35 40 43 46 48 51 53 56 59 61 63 65 68 71 74 77"
    )
)
_ISO_SHAPE = re.compile(r"(RU|UA)-[A-Z0-9]{2,3}")

LANGUAGES = ("ru", "uk", "en")
DELIVERY_MODES = ("fast", "confirmed")
LOG_LEVELS = ("debug", "info", "warning", "error", "critical")
LOG_FORMATS = ("text", "json")


@dataclass(frozen=True)
class _SecretSpec:
    name: str  # field of Secrets
    env: str  # TGRADAR_API_ID; the file variant is env + "_FILE"
    check: Callable[[str], str | None]  # returns a problem or None
    hint: str

    @property
    def env_file(self) -> str:
        return f"{self.env}_FILE"


def _check_api_id(value: str) -> str | None:
    ok = value.isascii() and value.isdigit() and len(value) < 19 and int(value) > 0
    return None if ok else "not a positive whole number"


def _check_api_hash(value: str) -> str | None:
    if re.fullmatch(r"[0-9a-fA-F]{32}", value):
        return None
    return "not 32 hexadecimal characters"


def _check_bot_token(value: str) -> str | None:
    if re.fullmatch(r"\d+:[A-Za-z0-9_-]{20,}", value):
        return None
    return "not a bot token (<digits>:<letters>, as @BotFather gives it)"


def _check_session(value: str) -> str | None:
    # Telethon's StringSession: version "1" then URL-safe base64 of dc, address, port, key.
    if re.fullmatch(r"1[A-Za-z0-9_\-+/=]{100,}", value):
        return None
    return "not a Telethon StringSession"


SECRET_SPECS: tuple[_SecretSpec, ...] = (
    _SecretSpec("api_id", "TGRADAR_API_ID", _check_api_id, "from my.telegram.org"),
    _SecretSpec("api_hash", "TGRADAR_API_HASH", _check_api_hash, "from my.telegram.org"),
    _SecretSpec("bot_token", "TGRADAR_BOT_TOKEN", _check_bot_token, "from @BotFather"),
    _SecretSpec(
        "session", "TGRADAR_SESSION", _check_session, "`tgradar login --string` prints one"
    ),
)
_SECRET_BY_KEY = {spec.name: spec for spec in SECRET_SPECS}
# Keys that look like a secret when found in the TOML file, mapped to the secret they are.
_SECRET_LIKE_KEYS = {
    "api_id": "api_id",
    "apiid": "api_id",
    "app_id": "api_id",
    "api_hash": "api_hash",
    "apihash": "api_hash",
    "app_hash": "api_hash",
    "bot_token": "bot_token",
    "token": "bot_token",
    "session": "session",
    "session_string": "session",
    "string_session": "session",
}


class ConfigError(Exception):
    """A configuration problem; str() is one line naming the file, the key and the value."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        key: str | None = None,
        value: Any = None,
    ) -> None:
        super().__init__(_one_line(message))
        self.file = file
        self.key = key
        self.value = value

    @classmethod
    def bad_value(cls, file: str, key: str, value: Any, problem: str) -> ConfigError:
        return cls(f"{file}: {key} = {_show(value)}: {problem}", file=file, key=key, value=value)

    @classmethod
    def bad_key(cls, file: str, key: str, problem: str) -> ConfigError:
        return cls(f"{file}: {key}: {problem}", file=file, key=key)


def _one_line(text: str) -> str:
    """Control and line-separator characters (a quoted key may hold a newline) escaped."""
    if text.isprintable():
        return text
    return "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text
    )


# A secret pasted into the wrong place is not printed back: bot tokens, api hashes (32 hex),
# session strings and other long unbroken base64/hex blobs.
_SECRET_LIKE = re.compile(
    r"\d{5,}:[A-Za-z0-9_-]{30,}|[0-9a-fA-F]{32}|[A-Za-z0-9+=_-]{40,}", re.ASCII
)


def _show(value: Any, limit: int = 80) -> str:
    """A value as one short line, TOML-like (strings in double quotes); secret-looking
    strings hidden."""
    if isinstance(value, str) and _SECRET_LIKE.search(value):
        return f"<hidden, {len(value)} characters that look like a secret>"
    if isinstance(value, bool):
        text = "true" if value else "false"
    else:
        try:
            text = json.dumps(value, ensure_ascii=False, default=str)
        except (TypeError, ValueError, RecursionError):
            text = "(a value nested too deeply to show)"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _did_you_mean(word: str, options: list[str] | tuple[str, ...] | frozenset[str]) -> str:
    close = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _choices(options: tuple[str, ...]) -> str:
    return " | ".join(f'"{o}"' for o in options)


# --------------------------------------------------------------------------- channels


_USERNAME = re.compile(r"[a-z][a-z0-9_]{3,31}")
_TME_LINK = re.compile(r"(?:https?://)?(?:www\.)?(?:t|telegram)\.(?:me|dog)/(.*)", re.IGNORECASE)
_TG_RESOLVE = re.compile(r"tg://resolve\?(?:.*&)?domain=([^&#]+)", re.IGNORECASE)
_NUMERIC_ID = re.compile(r"-?\d+")


def normalize_channel(value: str | int) -> str:
    """A channel reference as tgradar stores it: a lower-case username, or a numeric id as text.

    Accepts "name", "@Name", "https://t.me/name", "t.me/s/name", "t.me/name/123",
    "tg://resolve?domain=name", "https://t.me/c/1234567890/5" (-> "-1001234567890") and
    numeric ids. Raises ValueError saying what is wrong.
    """
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError("expected a channel username or link")
    if isinstance(value, int):
        return str(value)
    text = value.strip()
    if not text:
        raise ValueError("empty channel name")
    if _NUMERIC_ID.fullmatch(text):
        return text
    name = text
    if resolve := _TG_RESOLVE.fullmatch(text):
        name = resolve.group(1)
    elif link := _TME_LINK.fullmatch(text):
        path = re.split(r"[?#]", link.group(1), maxsplit=1)[0].strip("/")
        parts = [p for p in path.split("/") if p]
        if parts and parts[0].lower() == "s":
            parts = parts[1:]
        if not parts:
            raise ValueError("the link names no channel")
        if parts[0].startswith("+") or parts[0].lower() == "joinchat":
            raise ValueError("private invite links cannot be watched; use the channel's username")
        if parts[0].lower() == "c":
            if len(parts) > 1 and parts[1].isdigit():
                return f"-100{parts[1]}"
            raise ValueError("a t.me/c/ link needs the channel's numeric id")
        name = parts[0]
    elif "/" in text or "://" in text:
        raise ValueError("not a t.me link")
    name = name.removeprefix("@").lower()
    if not _USERNAME.fullmatch(name):
        raise ValueError(
            "not a Telegram username (4-32 letters, digits or _, starting with a letter)"
        )
    return name


# --------------------------------------------------------------------------- regions


def resolve_region(value: str) -> str:
    """An ISO 3166-2 code for a code ("RU-KDA", "ru-kda") or a region name ("Kuban").

    Names go through the gazetteer. Raises ValueError saying what is wrong.
    """
    if not isinstance(value, str) or not value.strip():
        raise ValueError("expected an ISO 3166-2 code or a region name")
    code = value.strip().upper()
    if _ISO_SHAPE.fullmatch(code):
        if code in ISO_REGION_CODES:
            return code
        raise ValueError("unknown ISO 3166-2 code" + _suggest_code(code))
    return _region_by_name(value.strip())


def _suggest_code(code: str) -> str:
    """The likeliest intended code: same country, longest shared start, then most alike."""
    country, _, rest = code.partition("-")
    candidates = [c for c in ISO_REGION_CODES if c.startswith(country + "-")]

    def closeness(candidate: str) -> tuple[int, float]:
        other = candidate.partition("-")[2]
        shared = 0
        while shared < min(len(rest), len(other)) and rest[shared] == other[shared]:
            shared += 1
        return shared, difflib.SequenceMatcher(None, rest, other).ratio()

    best = max(candidates, key=closeness)
    return f" (did you mean {best!r}?)" if closeness(best)[1] >= 0.5 else ""


# Cities that are regions of their own: naming the city names the region.
_CITY_REGIONS = frozenset({"RU-MOW", "RU-SPE", "UA-30", "UA-40"})
# Gazetteer scores run 0-100; 100 is an exact name or alias, lower is a fuzzy match.
_EXACT = 100.0
_CLOSE_ENOUGH = 90.0
_TIE_MARGIN = 5.0


def _region_by_name(name: str) -> str:
    try:
        from bot.detect.gazetteer import Gazetteer
    except ModuleNotFoundError as exc:
        if exc.name not in ("bot.detect.gazetteer", "bot.detect"):
            raise
        raise ValueError(
            "region names need the gazetteer, which is not available; use an ISO code like RU-KDA"
        ) from exc
    matches = Gazetteer.default().lookup(name, limit=10)
    regions = [(place, score) for place, score in matches if place.kind == "region"]
    top_is_city_region = (
        bool(matches) and matches[0][1] >= _EXACT and matches[0][0].region in _CITY_REGIONS
    )
    if top_is_city_region and (not regions or regions[0][1] < _EXACT):
        return matches[0][0].region
    if regions and regions[0][1] >= _CLOSE_ENOUGH:
        best_place, best_score = regions[0]
        margin = 0.0 if best_score >= _EXACT else _TIE_MARGIN
        rivals = {p.region for p, score in regions if score >= best_score - margin}
        if len(rivals) > 1:
            raise ValueError(f"ambiguous region name, could be {', '.join(sorted(rivals))}")
        return best_place.region
    hint = ""
    if regions:
        place = regions[0][0]
        hint = f" (closest: {place.name}, {place.region})"
    elif matches and matches[0][1] >= _CLOSE_ENOUGH:
        place = matches[0][0]
        hint = f" (closest: {place.name}, a {place.kind} in {place.region})"
    raise ValueError("not a known region name" + hint)


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class ChannelSettings:
    watch: tuple[str, ...] = ()  # normalised usernames
    home_regions: Mapping[str, str] = field(default_factory=dict)  # channel -> ISO code


@dataclass(frozen=True)
class ReviewSettings:
    chat: str | int | None = None  # a username, or a numeric chat id
    reviewers: tuple[int, ...] = ()
    language: str = "ru"
    timezone: str = "Europe/Moscow"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class RegionSettings:
    watch: tuple[str, ...] = ()  # ISO codes; empty when every region is watched
    all: bool = True

    def covers(self, region: str) -> bool:
        return self.all or region in self.watch


@dataclass(frozen=True)
class PollSettings:
    min_interval: timedelta = timedelta(seconds=30)
    max_interval: timedelta = timedelta(minutes=10)
    jitter: timedelta = timedelta(seconds=5)
    backfill_posts: int = 50
    backfill_hours: int = 24
    edit_window: timedelta = timedelta(hours=48)
    live: bool = True
    requests_per_minute: int = 30

    @property
    def backfill_window(self) -> timedelta:
        return timedelta(hours=self.backfill_hours)


DEFAULT_ACCOUNT = "default"
ACCOUNT_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")


@dataclass(frozen=True)
class AccountSettings:
    """The watching user accounts of one daemon (a pool) and how channels are shared."""

    names: tuple[str, ...] = (DEFAULT_ACCOUNT,)
    # channels one account joins at most; None: as many as Telegram lets it (500, 1,000 with
    # Premium, fewer when it refuses earlier)
    join_limit: int | None = None
    catch_up: timedelta = timedelta(minutes=5)  # how often joined channels are checked for gaps
    move_after: timedelta = timedelta(minutes=1)  # a FloodWait this long moves polled channels


@dataclass(frozen=True)
class IncidentSettings:
    gap: timedelta = timedelta(hours=3)
    max_duration: timedelta = timedelta(hours=12)


@dataclass(frozen=True)
class TrustSettings:
    channels: Mapping[str, float] = field(default_factory=dict)  # channel -> trust weight
    fast_threshold: float = 1.0  # confidence a `fast` alert needs unless the subscriber set one


@dataclass(frozen=True)
class DeliverySettings:
    mode: str = "fast"
    edit_interval: timedelta = timedelta(seconds=30)


@dataclass(frozen=True)
class StorageSettings:
    database: Path = DEFAULT_DATA_DIR / DATABASE_NAME


@dataclass(frozen=True)
class LogSettings:
    level: str = "info"
    format: str = "text"


@dataclass(frozen=True)
class BotSettings:
    admins: tuple[int, ...] = ()  # user ids allowed /status, /channels, /reviewers


@dataclass(frozen=True)
class DigestSettings:
    enabled: bool = True
    hour: int = 8  # local hour in review.timezone


@dataclass(frozen=True)
class HealthConfig:
    port: int = 9464  # /healthz and /metrics; 0 turns the endpoint off
    host: str = "127.0.0.1"  # the interface it listens on; the image sets 0.0.0.0
    # Whether the file named them: a key set in the file wins over TGRADAR_HEALTH_PORT/_HOST.
    port_set: bool = False
    host_set: bool = False


@dataclass(frozen=True)
class DaemonSettings:
    stop_drain: timedelta = timedelta(seconds=10)  # on SIGTERM, time given to the outbox


@dataclass(frozen=True)
class Secrets:
    api_id: int | None = None
    api_hash: str | None = None
    bot_token: str | None = None
    session: str | None = None

    def __repr__(self) -> str:
        shown = ", ".join(f"{spec.name}={self._mask(spec.name)}" for spec in SECRET_SPECS)
        return f"Secrets({shown})"

    def _mask(self, name: str) -> str:
        return "<unset>" if getattr(self, name) is None else "***"


@dataclass(frozen=True)
class Settings:
    channels: ChannelSettings = field(default_factory=ChannelSettings)
    review: ReviewSettings = field(default_factory=ReviewSettings)
    regions: RegionSettings = field(default_factory=RegionSettings)
    poll: PollSettings = field(default_factory=PollSettings)
    accounts: AccountSettings = field(default_factory=AccountSettings)
    incidents: IncidentSettings = field(default_factory=IncidentSettings)
    trust: TrustSettings = field(default_factory=TrustSettings)
    delivery: DeliverySettings = field(default_factory=DeliverySettings)
    storage: StorageSettings = field(default_factory=StorageSettings)
    log: LogSettings = field(default_factory=LogSettings)
    bot: BotSettings = field(default_factory=BotSettings)
    digest: DigestSettings = field(default_factory=DigestSettings)
    health: HealthConfig = field(default_factory=HealthConfig)
    daemon: DaemonSettings = field(default_factory=DaemonSettings)
    secrets: Secrets = field(default_factory=Secrets)
    data_dir: Path = DEFAULT_DATA_DIR
    source: Path | None = None  # the TOML file read, None for the embedded defaults

    @property
    def user_session_path(self) -> Path:
        """Telethon session file of the user account, used when TGRADAR_SESSION is unset."""
        return self.data_dir / "tgradar.session"

    def session_path(self, account: str = DEFAULT_ACCOUNT) -> Path:
        """Session file of a watching account: the default one keeps `tgradar.session`,
        the others sit beside it as `tgradar-<name>.session`."""
        if account == DEFAULT_ACCOUNT:
            return self.user_session_path
        return self.data_dir / f"tgradar-{account}.session"

    @property
    def bot_session_path(self) -> Path:
        return self.data_dir / "tgradar-bot.session"

    def masked(self) -> dict[str, Any]:
        """The effective configuration as plain data, secrets shown as "***" or "<unset>"."""
        poll = self.poll
        return {
            "source": str(self.source) if self.source else None,
            "data_dir": str(self.data_dir),
            "channels": {
                "watch": list(self.channels.watch),
                "home_regions": dict(self.channels.home_regions),
            },
            "review": {
                "chat": self.review.chat,
                "reviewers": list(self.review.reviewers),
                "language": self.review.language,
                "timezone": self.review.timezone,
            },
            "regions": {"watch": ["all"] if self.regions.all else list(self.regions.watch)},
            "poll": {
                "min_interval": format_duration(poll.min_interval),
                "max_interval": format_duration(poll.max_interval),
                "jitter": format_duration(poll.jitter),
                "backfill_posts": poll.backfill_posts,
                "backfill_hours": poll.backfill_hours,
                "edit_window": format_duration(poll.edit_window),
                "live": poll.live,
                "requests_per_minute": poll.requests_per_minute,
            },
            "accounts": {
                "names": list(self.accounts.names),
                "join_limit": self.accounts.join_limit,  # null: Telegram's limit per account
                "catch_up": format_duration(self.accounts.catch_up),
                "move_after": format_duration(self.accounts.move_after),
            },
            "incidents": {
                "gap": format_duration(self.incidents.gap),
                "max_duration": format_duration(self.incidents.max_duration),
            },
            "trust": {
                "channels": dict(self.trust.channels),
                "fast_threshold": self.trust.fast_threshold,
            },
            "delivery": {
                "mode": self.delivery.mode,
                "edit_interval": format_duration(self.delivery.edit_interval),
            },
            "storage": {"database": str(self.storage.database)},
            "log": {"level": self.log.level, "format": self.log.format},
            "bot": {"admins": list(self.bot.admins)},
            "digest": {"enabled": self.digest.enabled, "hour": self.digest.hour},
            "health": {"port": self.health.port, "host": self.health.host},
            "daemon": {"stop_drain": format_duration(self.daemon.stop_drain)},
            "secrets": {spec.env: self.secrets._mask(spec.name) for spec in SECRET_SPECS},
            "session_file": None if self.secrets.session else str(self.user_session_path),
        }

    def require_secrets(self, *names: str) -> None:
        """Raise ConfigError naming every listed secret that is unset.

        Names are Secrets fields ("api_id") or their variables ("TGRADAR_API_ID").
        """
        missing: list[_SecretSpec] = []
        for name in names:
            spec = _SECRET_BY_KEY.get(name) or next(
                (s for s in SECRET_SPECS if s.env == name), None
            )
            if spec is None:
                known = ", ".join(_SECRET_BY_KEY)
                raise ValueError(f"unknown secret {name!r}; known: {known}")
            if getattr(self.secrets, spec.name) is None:
                missing.append(spec)
        if missing:
            message = "; ".join(f"{s.env} is not set (env or {s.env_file})" for s in missing)
            raise ConfigError(message, file=ENVIRONMENT, key=missing[0].env)


# --------------------------------------------------------------------------- loading

_SCHEMA: dict[str, tuple[str, ...]] = {
    "channels": ("watch", "home_regions"),
    "review": ("chat", "reviewers", "language", "timezone"),
    "regions": ("watch",),
    "poll": (
        "min_interval",
        "max_interval",
        "jitter",
        "backfill_posts",
        "backfill_hours",
        "edit_window",
        "live",
        "requests_per_minute",
    ),
    "accounts": ("names", "join_limit", "catch_up", "move_after"),
    "incidents": ("gap", "max_duration"),
    "trust": ("channels", "fast_threshold"),
    "delivery": ("mode", "edit_interval"),
    "storage": ("database",),
    "log": ("level", "format"),
    "bot": ("admins",),
    "digest": ("enabled", "hour"),
    "health": ("port", "host"),
    "daemon": ("stop_drain",),
}


def load_settings(
    path: Path | None = None, env: Mapping[str, str] | None = None, *, secrets: bool = True
) -> Settings:
    """Read the TOML file (or the embedded defaults) and the environment into Settings.

    With path None the file named by TGRADAR_CONFIG is read, and without it the embedded
    defaults are used, so the demo runs with no file and no secrets. env defaults to
    os.environ. With secrets False the secret variables are not read at all (every secret
    is unset), so a command that never talks to Telegram is not stopped by a bad one.
    """
    environ: Mapping[str, str] = os.environ if env is None else env
    if path is None and _env_value(environ, ENV_CONFIG):
        path = Path(_env_value(environ, ENV_CONFIG) or "")
    if path is None:
        table: dict[str, Any] = {}
        file_label = DEFAULTS
    else:
        path = Path(path)
        file_label = str(path)
        table = _read_toml(path)
    data_dir = _data_dir(environ)
    return Settings(
        **_parse_sections(table, file_label, data_dir),
        secrets=read_secrets(environ) if secrets else Secrets(),
        data_dir=data_dir,
        source=path,
    )


def _env_value(env: Mapping[str, str], name: str) -> str | None:
    """An environment variable, with an empty value taken as unset."""
    value = env.get(name)
    return value if value else None


def _data_dir(env: Mapping[str, str]) -> Path:
    value = _env_value(env, ENV_DATA)
    return Path(value) if value else DEFAULT_DATA_DIR


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found", file=str(path)) from None
    except IsADirectoryError:
        # What Docker leaves when it bind-mounts a file that did not exist on the host.
        raise ConfigError(
            f"{path}: is a directory, not a config file. If Docker created it because the file "
            "to mount did not exist (deploy/tgradar.toml), remove that directory, then "
            "`cp config/tgradar.example.toml deploy/tgradar.toml`, edit it, and start again",
            file=str(path),
        ) from None
    except OSError as exc:
        raise ConfigError(
            f"{path}: cannot read config file: {exc.strerror or exc}", file=str(path)
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path}: not UTF-8 text (bad byte at offset {exc.start})", file=str(path)
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(_toml_error(path, text, exc), file=str(path)) from None
    except RecursionError:
        raise ConfigError(
            f"{path}: invalid TOML: tables or arrays nested too deeply", file=str(path)
        ) from None


def _toml_error(path: Path, text: str, exc: tomllib.TOMLDecodeError) -> str:
    message = str(exc)
    where = re.search(r"\s*\(at line (\d+), column (\d+)\)\s*$", message)
    if where:
        problem = message[: where.start()]
        return f"{path}:{where.group(1)}:{where.group(2)}: invalid TOML: {problem}"
    if message.endswith("(at end of document)"):
        problem = message.removesuffix("(at end of document)").strip()
        lines = text.splitlines() or [""]
        return f"{path}:{len(lines)}:{len(lines[-1]) + 1}: invalid TOML: {problem}"
    return f"{path}: invalid TOML: {message}"


def _parse_sections(table: dict[str, Any], file: str, data_dir: Path) -> dict[str, Any]:
    _reject_secrets(table, file)
    _reject_unknown(table, file)
    sections = {name: _Section(file, name, table.get(name, {})) for name in _SCHEMA}
    return {
        "channels": _channels(sections["channels"]),
        "review": _review(sections["review"]),
        "regions": _regions(sections["regions"]),
        "poll": _poll(sections["poll"]),
        "accounts": _accounts(sections["accounts"]),
        "incidents": _incidents(sections["incidents"]),
        "trust": _trust(sections["trust"]),
        "delivery": DeliverySettings(
            mode=sections["delivery"].choice("mode", DeliverySettings.mode, DELIVERY_MODES),
            edit_interval=sections["delivery"].duration(
                "edit_interval", DeliverySettings.edit_interval
            ),
        ),
        "storage": _storage(sections["storage"], data_dir),
        "log": LogSettings(
            level=sections["log"].choice("level", LogSettings.level, LOG_LEVELS, lower=True),
            format=sections["log"].choice("format", LogSettings.format, LOG_FORMATS),
        ),
        "bot": BotSettings(admins=_user_ids(sections["bot"], "admins")),
        "digest": _digest(sections["digest"]),
        "health": _health(sections["health"]),
        "daemon": DaemonSettings(
            stop_drain=sections["daemon"].duration("stop_drain", DaemonSettings.stop_drain)
        ),
    }


def _incidents(section: _Section) -> IncidentSettings:
    gap = section.duration("gap", IncidentSettings.gap, positive=True)
    longest = section.duration("max_duration", IncidentSettings.max_duration, positive=True)
    if longest < gap:
        raise section.error(
            "incidents.max_duration", section.get("max_duration", ""), "must be at least the gap"
        )
    return IncidentSettings(gap=gap, max_duration=longest)


def _weight(section: _Section, key: str, value: Any, top: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= top:
        raise section.error(key, value, f"expected a number from 0 to {top:g}")
    return float(value)



def _channel_table(
    section: _Section, dotted: str, what: str
) -> Iterator[tuple[str, str, Any]]:
    """The entries of a `{ channel = value }` table: (normalised channel, key for errors, value)."""
    raw = section.get(dotted.rsplit(".", 1)[1], {})
    if not isinstance(raw, dict):
        raise section.error(dotted, raw, f"expected a table {{ name = {what} }}")
    for raw_channel, value in raw.items():
        bare = re.fullmatch(r"[A-Za-z0-9_-]+", raw_channel)
        key = f"{dotted}.{raw_channel if bare else json.dumps(raw_channel)}"
        try:
            channel = normalize_channel(raw_channel)
        except ValueError as exc:
            raise section.error(key, raw_channel, str(exc)) from None
        yield channel, key, value

def _trust(section: _Section) -> TrustSettings:
    weights: dict[str, float] = {}
    for channel, key, value in _channel_table(section, "trust.channels", "weight"):
        weights[channel] = _weight(section, key, value, 3.0)
    threshold = section.get("fast_threshold", TrustSettings.fast_threshold)
    return TrustSettings(
        channels=weights,
        fast_threshold=_weight(section, "trust.fast_threshold", threshold, 10.0),
    )


def _user_ids(section: _Section, key: str) -> tuple[int, ...]:
    ids = []
    for index, item in enumerate(section.array(key, [])):
        if isinstance(item, bool) or not isinstance(item, int) or item <= 0:
            raise section.error(f"{section.key(key)}[{index}]", item, "expected a Telegram user id")
        ids.append(item)
    return tuple(dict.fromkeys(ids))


def _digest(section: _Section) -> DigestSettings:
    hour = section.integer("hour", DigestSettings.hour)
    if hour > 23:
        raise section.error(section.key("hour"), hour, "expected an hour from 0 to 23")
    return DigestSettings(enabled=section.boolean("enabled", DigestSettings.enabled), hour=hour)


def _health(section: _Section) -> HealthConfig:
    port = section.integer("port", HealthConfig.port)
    if port > 65535:
        raise section.error(section.key("port"), port, "expected a port from 0 to 65535")
    host = section.string("host", HealthConfig.host).strip()
    if not host or any(c.isspace() or c in "/[]" for c in host):
        raise section.error(
            section.key("host"), host, "expected an address such as 127.0.0.1 or 0.0.0.0"
        )
    return HealthConfig(
        port=port, host=host, port_set="port" in section.table, host_set="host" in section.table
    )


def _reject_secrets(table: dict[str, Any], file: str, prefix: str = "") -> None:
    for key, value in table.items():
        dotted = f"{prefix}{key}"
        secret = _SECRET_LIKE_KEYS.get(key.lower())
        if secret and not isinstance(value, dict):
            spec = _SECRET_BY_KEY[secret]
            raise ConfigError.bad_key(
                file,
                dotted,
                f"secrets are not read from the config file; set {spec.env} "
                f"or {spec.env_file} in the environment instead",
            )
        if isinstance(value, dict) and dotted not in ("channels.home_regions", "trust.channels"):
            _reject_secrets(value, file, prefix=f"{dotted}.")


def _reject_unknown(table: dict[str, Any], file: str) -> None:
    for name, value in table.items():
        if name not in _SCHEMA:
            if not isinstance(value, dict):
                owners = [f"{s}.{name}" for s, keys in _SCHEMA.items() if name in keys]
                hint = f" (did you mean {' or '.join(owners)}?)" if owners else ""
                raise ConfigError.bad_key(file, name, "keys must be inside a [section]" + hint)
            raise ConfigError.bad_key(file, name, "unknown section" + _did_you_mean(name, _SCHEMA))
        if not isinstance(value, dict):
            raise ConfigError.bad_value(file, name, value, f"expected a table [{name}]")
        for key in value:
            if key in _SCHEMA[name]:
                continue
            owners = [f"{s}.{key}" for s, keys in _SCHEMA.items() if key in keys]
            if owners:
                hint = f" (it belongs in another section: {' or '.join(owners)})"
            else:
                options = [f"{name}.{k}" for k in _SCHEMA[name]]
                hint = _did_you_mean(f"{name}.{key}", options)
            raise ConfigError.bad_key(file, f"{name}.{key}", "unknown key" + hint)


class _Section:
    """Typed access to one [section] with errors that name file, key and value."""

    def __init__(self, file: str, name: str, table: dict[str, Any]) -> None:
        self.file = file
        self.name = name
        self.table = table

    def key(self, key: str) -> str:
        return f"{self.name}.{key}"

    def error(self, key: str, value: Any, problem: str) -> ConfigError:
        return ConfigError.bad_value(self.file, key, value, problem)

    def has(self, key: str) -> bool:
        return key in self.table

    def get(self, key: str, default: Any) -> Any:
        return self.table.get(key, default)

    def string(self, key: str, default: str) -> str:
        value = self.table.get(key, default)
        if not isinstance(value, str):
            raise self.error(self.key(key), value, "expected a string")
        return value

    def choice(self, key: str, default: str, options: tuple[str, ...], lower: bool = False) -> str:
        value = self.string(key, default)
        picked = value.lower() if lower else value
        if picked not in options:
            hint = _did_you_mean(picked.lower(), options)
            raise self.error(self.key(key), value, f"expected {_choices(options)}{hint}")
        return picked

    def integer(self, key: str, default: int, minimum: int = 0) -> int:
        value = self.table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(self.key(key), value, "expected a whole number")
        if value < minimum:
            raise self.error(self.key(key), value, f"must be at least {minimum}")
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.table.get(key, default)
        if not isinstance(value, bool):
            raise self.error(self.key(key), value, "expected true or false")
        return value

    def duration(self, key: str, default: timedelta, positive: bool = False) -> timedelta:
        if key not in self.table:
            return default
        value = self.table[key]
        try:
            parsed = parse_duration(value)
        except ValueError as exc:
            raise self.error(self.key(key), value, str(exc)) from None
        if positive and parsed <= timedelta(0):
            raise self.error(self.key(key), value, "must be longer than 0s")
        return parsed

    def array(self, key: str, default: list[Any]) -> list[Any]:
        value = self.table.get(key, default)
        if not isinstance(value, list):
            raise self.error(self.key(key), value, "expected a list [...]")
        return value


def _channels(section: _Section) -> ChannelSettings:
    watch: dict[str, None] = {}  # ordered, duplicates folded
    for index, item in enumerate(section.array("watch", [])):
        key = f"channels.watch[{index}]"
        if isinstance(item, bool) or not isinstance(item, str):
            raise section.error(key, item, "expected a channel username or t.me link")
        try:
            name = normalize_channel(item)
        except ValueError as exc:
            raise section.error(key, item, str(exc)) from None
        if _NUMERIC_ID.fullmatch(name):
            raise section.error(key, item, "numeric ids cannot be resolved; use the username")
        watch.setdefault(name, None)

    homes: dict[str, str] = {}
    for channel, key, raw_region in _channel_table(section, "channels.home_regions", "..."):
        try:
            homes[channel] = resolve_region(raw_region)
        except ValueError as exc:
            raise section.error(key, raw_region, str(exc)) from None
    return ChannelSettings(watch=tuple(watch), home_regions=homes)


def _review(section: _Section) -> ReviewSettings:
    chat = _review_chat(section)
    reviewers: list[int] = []
    for index, item in enumerate(section.array("reviewers", [])):
        if isinstance(item, bool) or not isinstance(item, int) or item <= 0:
            raise section.error(
                f"review.reviewers[{index}]", item, "expected a Telegram user id (a number > 0)"
            )
        reviewers.append(item)
    language = section.choice("language", ReviewSettings.language, LANGUAGES, lower=True)
    timezone = section.string("timezone", ReviewSettings.timezone)
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise section.error(
            "review.timezone", timezone, "unknown time zone (use a name like Europe/Moscow)"
        ) from None
    return ReviewSettings(
        chat=chat, reviewers=tuple(reviewers), language=language, timezone=timezone
    )


def _review_chat(section: _Section) -> str | int | None:
    if not section.has("chat"):
        return None
    value = section.get("chat", None)
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise section.error("review.chat", value, "expected a username, t.me link or chat id")
    if isinstance(value, int):
        if value == 0:
            raise section.error("review.chat", value, "0 is not a chat id")
        return value
    try:
        name = normalize_channel(value)
    except ValueError as exc:
        raise section.error("review.chat", value, str(exc)) from None
    return int(name) if _NUMERIC_ID.fullmatch(name) else name


def _regions(section: _Section) -> RegionSettings:
    items = section.array("watch", ["all"])
    if not items:
        raise section.error("regions.watch", items, 'empty; use ["all"] to watch every region')
    codes: dict[str, None] = {}
    for index, item in enumerate(items):
        key = f"regions.watch[{index}]"
        if not isinstance(item, str):
            raise section.error(key, item, "expected an ISO 3166-2 code or a region name")
        if item.strip().lower() == "all":
            if len(items) > 1:
                raise section.error(key, item, '"all" cannot be combined with other regions')
            return RegionSettings(watch=(), all=True)
        try:
            codes.setdefault(resolve_region(item), None)
        except ValueError as exc:
            raise section.error(key, item, str(exc)) from None
    return RegionSettings(watch=tuple(codes), all=False)


def _poll(section: _Section) -> PollSettings:
    defaults = PollSettings()
    min_interval = section.duration("min_interval", defaults.min_interval)
    if min_interval < timedelta(seconds=1):
        raise section.error(
            "poll.min_interval", section.get("min_interval", ""), "must be at least 1s"
        )
    max_interval = section.duration("max_interval", defaults.max_interval)
    if max_interval < min_interval:
        raise section.error(
            "poll.max_interval",
            section.get("max_interval", format_duration(max_interval)),
            f"shorter than poll.min_interval ({format_duration(min_interval)})",
        )
    return PollSettings(
        min_interval=min_interval,
        max_interval=max_interval,
        jitter=section.duration("jitter", defaults.jitter),
        backfill_posts=section.integer("backfill_posts", defaults.backfill_posts),
        backfill_hours=section.integer("backfill_hours", defaults.backfill_hours),
        edit_window=section.duration("edit_window", defaults.edit_window),
        live=section.boolean("live", defaults.live),
        requests_per_minute=section.integer(
            "requests_per_minute", defaults.requests_per_minute, minimum=1
        ),
    )


def _accounts(section: _Section) -> AccountSettings:
    defaults = AccountSettings()
    names: dict[str, None] = {}
    items = section.array("names", list(defaults.names))
    if not items:
        raise section.error("accounts.names", items, f'empty; use ["{DEFAULT_ACCOUNT}"]')
    for index, item in enumerate(items):
        key = f"accounts.names[{index}]"
        if not isinstance(item, str) or not ACCOUNT_NAME_RE.match(item):
            raise section.error(
                key, item, "expected a name of 1-32 lower-case letters, digits, _ or -"
            )
        if item in names:
            raise section.error(key, item, "named twice")
        names[item] = None
    catch_up = section.duration("catch_up", defaults.catch_up, positive=True)
    return AccountSettings(
        names=tuple(names),
        join_limit=section.integer("join_limit", 0) if section.has("join_limit") else None,
        catch_up=catch_up,
        move_after=section.duration("move_after", defaults.move_after),
    )


def _storage(section: _Section, data_dir: Path) -> StorageSettings:
    if not section.has("database"):
        return StorageSettings(database=data_dir / DATABASE_NAME)
    value = section.string("database", "")
    if not value.strip():
        raise section.error("storage.database", value, "empty path")
    return StorageSettings(database=Path(value))


def read_secrets(env: Mapping[str, str] | None = None) -> Secrets:
    """The secrets from the environment; ConfigError on the first bad one."""
    secrets, problems = read_secrets_each(env)
    if problems:
        raise problems[0]
    return secrets


def read_secrets_each(
    env: Mapping[str, str] | None = None,
) -> tuple[Secrets, list[ConfigError]]:
    """Every secret that reads well, and a ConfigError for each one that does not."""
    environ: Mapping[str, str] = os.environ if env is None else env
    values: dict[str, Any] = {}
    problems: list[ConfigError] = []
    for spec in SECRET_SPECS:
        try:
            values[spec.name] = _read_secret(spec, environ)
        except ConfigError as exc:
            values[spec.name] = None
            problems.append(exc)
    return Secrets(**values), problems


def _read_secret(spec: _SecretSpec, env: Mapping[str, str]) -> Any:
    plain = _env_value(env, spec.env)
    file_name = _env_value(env, spec.env_file)
    if plain is not None and file_name is not None:
        raise ConfigError(
            f"{ENVIRONMENT}: both {spec.env} and {spec.env_file} are set; keep one",
            file=ENVIRONMENT,
            key=spec.env,
        )
    if file_name is not None:
        value = _read_secret_file(spec, file_name)
        origin = f"{spec.env_file} ({file_name})"
    elif plain is not None:
        value = plain.strip()
        origin = spec.env
    else:
        return None
    problem = spec.check(value)
    if problem:
        raise ConfigError(
            f"{ENVIRONMENT}: {origin} = <hidden, {len(value)} characters>: {problem} ({spec.hint})",
            file=ENVIRONMENT,
            key=spec.env,
        )
    return int(value) if spec.name == "api_id" else value


def _read_secret_file(spec: _SecretSpec, file_name: str) -> str:
    def fail(problem: str) -> ConfigError:
        return ConfigError.bad_value(ENVIRONMENT, spec.env_file, file_name, problem)

    try:
        value = Path(file_name).read_text(encoding="utf-8-sig").strip()
    except FileNotFoundError:
        raise fail("file not found") from None
    except UnicodeDecodeError:
        raise fail("file is not UTF-8 text") from None
    except OSError as exc:
        raise fail(f"cannot read the file: {exc.strerror or exc}") from None
    if not value:
        raise fail("the file is empty")
    return value
