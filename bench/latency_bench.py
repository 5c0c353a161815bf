"""Post → card latency of the whole daemon on the sandbox: live updates (the default) beside
polling only, 520 channels on one account and 5,000 on ten.

    python -m bench.latency_bench              # every scenario, each in its own process;
                                               # the section is written into bench/RESULTS.md
    python -m bench.latency_bench 520-live     # one scenario, its figures as JSON, nothing written
    python -m bench.latency_bench --compose a.json b.json   # the section from such figures
    python -m bench.latency_bench --update 520-live   # one scenario in its own process; its
                                                      # row in bench/RESULTS.md is replaced

Time is compressed COMPRESS× (see `compressed`): every interval, the catch-up period, the
look back for edits and the incident gap are divided by it, the request budget and the post
rates multiplied by it, so a simulated hour takes six real minutes. Latencies of the polling
run are bound to the poll intervals and are scaled back (× COMPRESS); latencies of the live
runs are bound to processing (push → ingest → outbox → send), not to any interval, and are
reported as measured in real time, which is pessimistic: the machine does COMPRESS× the real
work per second meanwhile.

Every scenario starts from a fresh database and accounts that have not joined anything: the
warm-up (resolve, join, read the recent history, take the pts) is measured, then posts are
published for WINDOW real seconds and the latency of each probe post (an alert that opens an
incident of its own, so it gets a card of its own) is the time until the bot's card naming it
is in the review chat. The other posts of busy channels are ordinary news (no card).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.child import rss_mb

COMPRESS = 10
WINDOW = 300.0  # real seconds of publishing per scenario (50 simulated minutes)
SETTLE = 400.0  # real seconds allowed for the last probes to reach a card (polling is slow)
BUSY_POSTS_PER_HOUR = 30  # simulated, per busy channel
QUIET_PROBES_PER_SECOND = 0.5  # real; each quiet channel posts at most once in the window
BUSY_PROBES_PER_SECOND = 0.5  # real; the rest of the busy channels' posts are plain news
# (about 100 regions and a 20 s incident gap: a probe must not land in an open incident)
SEED = 20261130

SCENARIOS: dict[str, dict[str, Any]] = {
    "520-poll": {"accounts": 1, "busy": 20, "quiet": 500, "live": False},
    "520-live": {"accounts": 1, "busy": 20, "quiet": 500, "live": True},
    "520-live-2": {"accounts": 2, "busy": 20, "quiet": 500, "live": True},
    # one Telegram Premium account: it may join 1,000 channels
    "520-live-premium": {"accounts": 1, "busy": 20, "quiet": 500, "live": True, "premium": True},
    "5000-live": {"accounts": 10, "busy": 200, "quiet": 4800, "live": True},
}
# small versions to try the bench quickly (by name only; not part of the whole run)
EXTRA: dict[str, dict[str, Any]] = {
    "smoke-live": {"accounts": 2, "busy": 4, "quiet": 40, "live": True},
    "smoke-poll": {"accounts": 1, "busy": 4, "quiet": 40, "live": False},
    # the account may join 30 (Telegram refuses the 31st): 14 channels polled on spare budget
    "smoke-overflow": {"accounts": 1, "busy": 4, "quiet": 40, "live": True, "channel_limit": 30},
    # the same as before the spare budget: polled channels at their adaptive intervals only
    "smoke-overflow-nospare": {
        "accounts": 1,
        "busy": 4,
        "quiet": 40,
        "live": True,
        "channel_limit": 30,
        "spare": False,
    },
}
WINDOW = float(os.environ.get("TGRADAR_BENCH_WINDOW", WINDOW))
MARK_BEGIN = "<!-- latency_bench: begin -->"
MARK_END = "<!-- latency_bench: end -->"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def compressed(base: Any, names: tuple[str, ...], live: bool, data: Path, secrets: Any) -> Any:
    """Production defaults with time compressed COMPRESS×."""
    from bot.config import (
        AccountSettings,
        ChannelSettings,
        DeliverySettings,
        IncidentSettings,
        ReviewSettings,
        StorageSettings,
    )

    poll = base.poll
    accounts = AccountSettings()
    return replace(
        base,
        channels=ChannelSettings(watch=names),
        review=ReviewSettings(chat="tgradar_review"),
        poll=replace(
            poll,
            min_interval=poll.min_interval / COMPRESS,
            max_interval=poll.max_interval / COMPRESS,
            jitter=poll.jitter / COMPRESS,
            requests_per_minute=poll.requests_per_minute * COMPRESS,
            live=live,
        ),
        accounts=replace(
            accounts,
            catch_up=accounts.catch_up / COMPRESS,
            move_after=accounts.move_after / COMPRESS,
        ),
        incidents=IncidentSettings(gap=timedelta(seconds=20)),
        delivery=DeliverySettings(edit_interval=DeliverySettings.edit_interval / COMPRESS),
        storage=StorageSettings(database=data / "tgradar.db"),
        secrets=secrets,
        data_dir=data,
    )


@dataclass
class Probe:
    channel: str
    message_id: int
    kind: str  # busy | quiet
    posted: float
    carded: float | None = None


@dataclass
class Tally:
    probes: dict[tuple[str, int], Probe] = field(default_factory=dict)

    def card(self, text_urls: list[str], at: float) -> None:
        for url in text_urls:
            parts = url.rstrip("/").split("/")
            if len(parts) >= 2 and parts[-1].isdigit():
                probe = self.probes.get((parts[-2].lower(), int(parts[-1])))
                if probe is not None and probe.carded is None:
                    probe.carded = at


def _server_class(tally: Tally) -> Any:
    from telethon.tl import types

    from bot.sandbox import SandboxServer

    class TimedServer(SandboxServer):
        """The sandbox, noting when each card of the bot lands in the review chat."""

        review_id: int | None = None

        def channel_event(self, kind: str, stored: Any, **kwargs: Any) -> int:
            if kind == "new" and stored.chat is not None and stored.chat.id == self.review_id:
                urls = [
                    e.url for e in stored.entities if isinstance(e, types.MessageEntityTextUrl)
                ]
                tally.card(urls, time.perf_counter())
            return super().channel_event(kind, stored, **kwargs)

    return TimedServer


def _regions() -> list[str]:
    from bot.detect import Detector
    from bot.detect.gazetteer import Gazetteer
    from bot.models import Post

    detector = Detector()
    lines = []
    for region in Gazetteer.default().regions():
        line = f"{region.capital} / Опасность по БПЛА."
        if detector.detect(Post("b", 1, datetime.now(UTC), line)).regions == (region.code,):
            lines.append(line)
    return lines


async def scenario(name: str) -> dict[str, Any]:
    from telethon.crypto import AuthKey
    from telethon.sessions import SQLiteSession

    from bot.app import App
    from bot.config import Secrets, load_settings
    from bot.runner import build_client, connect_clients
    from bot.sandbox import SANDBOX_API_HASH, SANDBOX_API_ID, SandboxSender
    from bot.store import Store
    from bot.telegram import poller as poller_module
    from bot.telegram.live import CHANNELS_LIMIT_DEFAULT, CHANNELS_LIMIT_PREMIUM

    spec = SCENARIOS.get(name) or EXTRA[name]
    if spec.get("spare") is False:  # the baseline: no spare budget for polled channels
        poller_module.Poller.spare_interval = lambda self: None  # type: ignore[method-assign]
    # the poller's look back for edits (every 5 min) is an interval like the others
    poller_module.EDIT_CHECK_INTERVAL = poller_module.EDIT_CHECK_INTERVAL / COMPRESS
    rng = random.Random(SEED)
    tally = Tally()
    server = _server_class(tally)()
    bot = server.add_bot("tgradar_bot")
    review = server.add_megagroup("tgradar_review", members=[bot])
    server.review_id = review.id
    account_names = tuple(
        "default" if i == 0 else f"pool{i:02d}" for i in range(spec["accounts"])
    )
    users = {n: server.add_user(f"watcher_{n}") for n in account_names}
    for user in users.values():
        user.channel_limit = spec.get("channel_limit")
        user.premium = bool(spec.get("premium"))
    busy = [server.add_channel(f"busy_{i:04d}") for i in range(spec["busy"])]
    quiet = [server.add_channel(f"quiet_{i:04d}") for i in range(spec["quiet"])]
    start = datetime.now(UTC) - timedelta(hours=2)
    for chat in busy + quiet:
        server.post(chat, "Канал запущен.", date=start)
    alerts = _regions()
    data = Path(tempfile.mkdtemp(prefix="tgradar-bench-"))
    secrets = Secrets(api_id=SANDBOX_API_ID, api_hash=SANDBOX_API_HASH, bot_token=bot.bot_token)
    names = tuple(c.username for c in busy + quiet)
    settings = compressed(load_settings(None, env={}), names, spec["live"], data, secrets)
    settings = replace(settings, accounts=replace(settings.accounts, names=account_names))
    for account, user in users.items():
        session = SQLiteSession(str(settings.session_path(account)))
        session.set_dc(2, "149.154.167.51", 443)
        session.auth_key = AuthKey(os.urandom(256))
        session.save()
        server.authorize_key(session.auth_key.key_id, user)
        session.close()

    def build(session: Any, api_id: int, api_hash: str, *, account: str) -> Any:
        client = build_client(session, api_id, api_hash, account=account)
        if client.session.auth_key is None:
            client.session.auth_key = AuthKey(os.urandom(256))
        client._sender = SandboxSender(
            server, client.session.auth_key, client._updates_queue, client=client
        )
        return client

    rss_world = rss_mb()
    clients, bot_client = await connect_clients(settings, build=build)
    store = Store(settings.storage.database)
    app = App(settings, store, clients, bot_client)
    # The review chat's pace (Telegram: ~20 messages a minute in a group) is not what is
    # measured here; the sandbox does not enforce it, so the sender is not held to it.
    app.sender.per_chat_interval = 0.0
    app.sender.per_group_per_minute = 100_000
    started = time.perf_counter()
    await app.start()

    def ready() -> bool:
        """Every channel joined with its pts known, or (past the join limit, or polling
        only) read once."""
        rows = store.channels()
        if spec["live"]:
            joined = sum(1 for r in rows if r["joined"])
            per_account = spec.get("channel_limit") or (
                CHANNELS_LIMIT_PREMIUM if spec.get("premium") else CHANNELS_LIMIT_DEFAULT
            )
            if joined < min(len(rows), spec["accounts"] * per_account):
                return False
            return all(r["pts"] is not None if r["joined"] else r["cursor"] for r in rows)
        return all(r["cursor"] for r in rows)

    while not ready():
        await asyncio.sleep(1.0)
        if time.perf_counter() - started > 3600:
            raise RuntimeError(f"{name}: not warmed up within an hour")
    warmup = time.perf_counter() - started
    # channels past the join limit (live) are polled: they are not counted as quiet ones
    overflow = {r["username"] for r in store.channels() if spec["live"] and not r["joined"]}
    if not spec["live"]:
        # let the adaptive intervals settle (quiet channels back off to the longest)
        await asyncio.sleep(settings.poll.max_interval.total_seconds() * 2)
    elif overflow:
        # the polled channels' intervals, set while the joins took the budget, settle on the
        # spare budget at their next poll (within the longest interval)
        await asyncio.sleep(settings.poll.max_interval.total_seconds())

    before = {n: server.requests_by(u) for n, u in users.items()}
    chat_before = Counter(server.requests_by_chat)
    floods_before = app.status()["poller"]["flood_waits"]
    window_start = time.perf_counter()
    region_used: dict[str, float] = {}

    def probe_text() -> str:
        line = min(alerts, key=lambda a: region_used.get(a, 0.0))
        region_used[line] = time.perf_counter()
        return line

    def publish(chat: Any, kind: str, probe: bool) -> None:
        text = probe_text() if probe else "Обычная новость дня без происшествий."
        message = server.post(chat, text, date=datetime.now(UTC))
        if probe:
            key = (chat.username, message.id)
            if spec["live"] and not (store.channel(chat.username) or {}).get("joined"):
                kind = "polled"  # past the join limit: this channel is polled
            tally.probes[key] = Probe(chat.username, message.id, kind, time.perf_counter())

    busy_rate = len(busy) * BUSY_POSTS_PER_HOUR * COMPRESS / 3600  # posts a real second
    busy_probe_share = min(1.0, BUSY_PROBES_PER_SECOND / busy_rate)
    quiet_left = [c for c in quiet if c.username not in overflow]
    rng.shuffle(quiet_left)
    # each channel past the join limit posts one probe at a random moment of the window
    polled_at = sorted(
        (window_start + rng.uniform(0, WINDOW), i)
        for i, c in enumerate(busy + quiet)
        if c.username in overflow
    )
    everyone = busy + quiet
    next_busy = window_start + rng.expovariate(busy_rate)
    next_quiet = window_start + rng.expovariate(QUIET_PROBES_PER_SECOND)
    while (now := time.perf_counter()) < window_start + WINDOW:
        if now >= next_busy:
            publish(rng.choice(busy), "busy", rng.random() < busy_probe_share)
            next_busy += rng.expovariate(busy_rate)
        if now >= next_quiet and quiet_left:
            publish(quiet_left.pop(), "quiet", True)
            next_quiet += rng.expovariate(QUIET_PROBES_PER_SECOND)
        while polled_at and now >= polled_at[0][0]:
            publish(everyone[polled_at.pop(0)[1]], "quiet", True)
        await asyncio.sleep(min(0.02, max(0.0, min(next_busy, next_quiet) - now)))
    window = time.perf_counter() - window_start
    after = {n: server.requests_by(u) for n, u in users.items()}
    chat_after = Counter(server.requests_by_chat)
    settle_until = time.perf_counter() + SETTLE
    while any(p.carded is None for p in tally.probes.values()):
        if time.perf_counter() > settle_until:
            break
        await asyncio.sleep(0.2)
    status = app.status()["poller"]
    rss_end = rss_mb()
    await app.stop(drain_for=timedelta(seconds=2))
    for client in [*clients.values(), bot_client]:
        await client.disconnect()
    store.close()

    sim_minutes = window * COMPRESS / 60
    quiet_ids = {c.id for c in quiet if c.username not in overflow}
    overflow_ids = {c.id for c in busy + quiet if c.username in overflow}
    spent_by_chat = chat_after - chat_before
    quiet_named = sum(n for cid, n in spent_by_chat.items() if cid in quiet_ids)
    overflow_named = sum(n for cid, n in spent_by_chat.items() if cid in overflow_ids)
    per_account = {}
    for account in users:
        spent = after[account] - before[account]
        per_account[account] = {
            "requests_per_minute": sum(spent.values()) / sim_minutes,
            "by_method": dict(spent),
        }
    dialogs = sum(a["by_method"].get("GetDialogsRequest", 0) for a in per_account.values())
    channels = len(busy) + len(quiet)
    quiet_cost = (quiet_named + dialogs * len(quiet_ids) / channels) / len(quiet_ids) / (
        sim_minutes / 60
    )
    overflow_cost = overflow_named / len(overflow) / (sim_minutes / 60) if overflow else 0.0
    scale = 1.0 if spec["live"] else float(COMPRESS)
    latencies: dict[str, list[float]] = {"busy": [], "quiet": [], "polled": []}
    missed = 0
    for probe in tally.probes.values():
        if probe.carded is None:
            missed += 1
        else:
            # a polled channel's latency follows the (compressed) intervals: scale it back
            factor = float(COMPRESS) if probe.kind == "polled" else scale
            latencies[probe.kind].append((probe.carded - probe.posted) * factor)
    return {
        "scenario": name,
        **spec,
        "warmup_sim_minutes": warmup * COMPRESS / 60,
        "window_sim_minutes": sim_minutes,
        "latency": {
            kind: {
                "n": len(values),
                "p50": percentile(values, 0.5),
                "p99": percentile(values, 0.99),
            }
            for kind, values in latencies.items()
        },
        "missed": missed,
        "polled_channels": sum(1 for r in status["channels"] if r.get("mode") != "live"),
        "requests_per_minute_max": max(a["requests_per_minute"] for a in per_account.values()),
        "requests_per_minute_mean": sum(a["requests_per_minute"] for a in per_account.values())
        / len(per_account),
        "budget_per_minute": load_settings_budget(),
        "quiet_requests_per_channel_hour": quiet_cost,
        "polled_requests_per_channel_hour": overflow_cost,
        "flood_waits": status["flood_waits"] - floods_before,
        "rss_mb": rss_end,
        "rss_world_mb": rss_world,
        "accounts_detail": per_account,
    }


def load_settings_budget() -> int:
    from bot.config import load_settings

    return load_settings(None, env={}).poll.requests_per_minute


def run_one(name: str) -> dict[str, Any]:
    """A scenario in a fresh process, so that its memory is its own."""
    out = subprocess.run(
        [sys.executable, "-m", "bench.latency_bench", name],
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def fmt(seconds: float) -> str:
    if seconds != seconds:  # nan
        return "—"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds:.1f} s" if seconds < 120 else f"{seconds / 60:.1f} min"


def label(r: dict[str, Any]) -> str:
    mode = "live (default)" if r["live"] else "polling only"
    plural = "s" if r["accounts"] > 1 else ""
    kind = " Premium" if r.get("premium") else ""
    return f"{r['busy'] + r['quiet']} channels, {r['accounts']}{kind} account{plural}, {mode}"


def row(r: dict[str, Any]) -> str:
    """The scenario's line of the table."""
    lat = r["latency"]
    return (
        f"| {label(r)} | {fmt(lat['busy']['p50'])} | {fmt(lat['busy']['p99'])} | "
        f"{fmt(lat['quiet']['p50'])} | {fmt(lat['quiet']['p99'])} | "
        + (
            f"{fmt(lat['polled']['p50'])} / {fmt(lat['polled']['p99'])} "
            f"({r['polled_channels']} channels, "
            f"{r.get('polled_requests_per_channel_hour', float('nan')):.0f} requests an hour each)"
            if r["live"] and r["polled_channels"]
            else "—"
        )
        + f" | {lat['busy']['n']}/{lat['quiet']['n']}/{lat['polled']['n']}, {r['missed']} | "
        f"{r['requests_per_minute_max']:.1f}; {r['budget_per_minute']} | "
        f"{r['quiet_requests_per_channel_hour']:.2f} | {r['flood_waits']} | "
        f"{r['warmup_sim_minutes']:.0f} min | {r['rss_mb']:.0f} MB "
        f"(before the daemon: {r['rss_world_mb']:.0f} MB) |"
    )


def update_row(result: dict[str, Any], note: str) -> None:
    """Replace the scenario's row in bench/RESULTS.md (the other rows stay as they were; a new
    scenario's row is added) and say under the table when it was run alone."""
    text = RESULTS.read_text(encoding="utf-8")
    head, rest = text.split(MARK_BEGIN, 1)
    body, tail = rest.split(MARK_END, 1)
    lines = body.split("\n")
    start = f"| {label(result)} |"
    at = next((i for i, line in enumerate(lines) if line.startswith(start)), None)
    if at is None:  # a scenario new since the whole run: its row goes at the table's end
        table = [i for i, line in enumerate(lines) if line.startswith("|")]
        if not table:
            raise SystemExit(f"no table in {RESULTS}: run the whole bench")
        at = table[-1] + 1
        lines.insert(at, row(result))
    lines[at] = row(result)
    end = next(i for i in range(at, len(lines)) if not lines[i].startswith("|"))
    lines.insert(end, "")
    lines.insert(end + 1, note)
    RESULTS.write_text(head + MARK_BEGIN + "\n".join(lines) + MARK_END + tail, encoding="utf-8")


def section(results: list[dict[str, Any]]) -> str:
    lines = [
        MARK_BEGIN,
        "## Latency: live updates and the pool of accounts",
        "",
        f"Written by `make bench-latency` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. The whole "
        "daemon (`App` with the clients `tgradar run` builds) on the sandbox, default settings "
        f"with time compressed {COMPRESS}× (intervals, catch-up period, look back for edits and "
        f"incident gap ÷"
        f"{COMPRESS}, request budget and post rates ×{COMPRESS}); each scenario in its own "
        "process, from a fresh database and accounts that have joined nothing. Busy channels post "
        f"{BUSY_POSTS_PER_HOUR} times a simulated hour ({BUSY_PROBES_PER_SECOND:g} of those "
        "posts a real second are probes, the rest plain news); quiet channels post once at most "
        f"in the window ({QUIET_PROBES_PER_SECOND:g} quiet posts a real second over all of "
        "them). A probe is an alert that opens an incident of its own; its latency runs from the "
        "post to the bot's card naming it in the review chat. Polling latencies are scaled back "
        f"×{COMPRESS} (they follow the intervals); live latencies are as measured (they follow "
        "processing, and the machine does the work of "
        f"{COMPRESS} real seconds in each one meanwhile, so they are pessimistic). The review "
        "chat's own pace (about 20 messages a minute in a group) is lifted, as in the demo.",
        "",
        "| scenario | busy p50 | busy p99 | quiet p50 | quiet p99 | polled p50 / p99 "
        "| probes (busy/quiet/polled), missed | req/min per account (max; budget) "
        "| req per quiet channel per hour | FloodWaits | warm-up | resident memory |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    lines += [row(r) for r in results]
    live = next((r for r in results if r["scenario"] == "520-live"), None)
    poll = next((r for r in results if r["scenario"] == "520-poll"), None)
    if live and poll:
        lines += [
            "",
            "At 520 channels on one account, live updates take the joined quiet channels' p99 "
            f"from {fmt(poll['latency']['quiet']['p99'])} to "
            f"{fmt(live['latency']['quiet']['p99'])} and the busy ones' from "
            f"{fmt(poll['latency']['busy']['p99'])} to {fmt(live['latency']['busy']['p99'])}, "
            f"for {live['requests_per_minute_max']:.1f} requests a minute instead of "
            f"{poll['requests_per_minute_max']:.1f}. One account joins 500 channels at most: the "
            f"other {live['polled_channels']} are polled (the busiest channels are kept joined), "
            "at the interval the budget left over by the joined channels allows (not below "
            "poll.min_interval): p50 / p99 "
            f"{fmt(live['latency']['polled']['p50'])} / {fmt(live['latency']['polled']['p99'])}; "
            "a second account (or a Premium one, which joins 1,000) takes them live.",
        ]
    lines += [
        "",
        "Requests are counted by the sandbox per account over the window and given per simulated "
        "minute; a quiet channel's share is the requests naming it plus its share of the "
        "dialog pages of the periodic catch-up (the channels past the join limit are not "
        "counted there: their polls are given beside their latency, in requests an hour per "
        "channel). The warm-up (simulated minutes from the start "
        "until every channel is joined and its pts known, or polled once) is a fresh start's "
        "one-time cost: resolving each username, joining, reading the recent history, all within "
        "the account's budget. Resident memory is the whole process at the end: the daemon, "
        "its Telegram clients and the simulated Telegram with every channel and message; "
        "\"before the daemon\" is the process with the simulated Telegram built and the "
        "detection model loaded, before the clients connected and the daemon started. The "
        "sandbox raises FloodWait only where a test injects it, so the FloodWait count says the "
        "daemon met none, and its staying within Telegram's limits is read from the requests a "
        "minute against the budget.",
        MARK_END,
    ]
    return "\n".join(lines)


def write_section(text: str) -> None:
    current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    if MARK_BEGIN in current and MARK_END in current:
        head, rest = current.split(MARK_BEGIN, 1)
        tail = rest.split(MARK_END, 1)[1]
        current = head + text + tail
    else:
        current = current.rstrip() + "\n\n" + text + "\n"
    RESULTS.write_text(current, encoding="utf-8")


def main(argv: list[str]) -> int:
    if argv[:1] == ["--update"]:  # scenarios run alone, their rows replaced
        for name in argv[1:]:
            result = run_one(name)
            print(json.dumps(result))
            update_row(
                result,
                f"The row \"{label(result)}\" was run alone on {datetime.now(UTC):%Y-%m-%d %H:%M}"
                f" UTC (`python -m bench.latency_bench --update {name}`); the others are from "
                "the whole run above.",
            )
        return 0
    if argv[:1] == ["--compose"]:  # the section from scenarios' JSON files run one by one
        results = [json.loads(Path(f).read_text().strip().splitlines()[-1]) for f in argv[1:]]
        write_section(section(results))
        return 0
    if argv:
        for name in argv:
            result = asyncio.run(scenario(name))
            print(json.dumps(result))
        return 0
    results = []
    for name in SCENARIOS:
        print(f"running {name} ...", file=sys.stderr)
        results.append(run_one(name))
        print(json.dumps(results[-1]["latency"]), file=sys.stderr)
    text = section(results)
    write_section(text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
