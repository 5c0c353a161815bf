"""Shape and balance of the bundled text data: the sample feed, the labelled dev set and the
five held-out alert-channel sets.

The files are described in tests/data/README.md; these tests hold them to that description.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pycountry
import pytest
from rapidfuzz import fuzz

from bot.models import INCIDENT_TYPES, parse_iso

ROOT = Path(__file__).resolve().parent.parent
FEED_PATH = ROOT / "bot" / "data" / "sample_feed.jsonl"
DEVSET_PATH = ROOT / "tests" / "data" / "devset.jsonl"
HELDOUT_ALERTS_PATH = ROOT / "tests" / "data" / "heldout_alerts.jsonl"
HELDOUT_ALERTS2_PATH = ROOT / "tests" / "data" / "heldout_alerts2.jsonl"
HELDOUT_ALERTS3_PATH = ROOT / "tests" / "data" / "heldout_alerts3.jsonl"
HELDOUT_ALERTS4_PATH = ROOT / "tests" / "data" / "heldout_alerts4.jsonl"
HELDOUT_ALERTS5_PATH = ROOT / "tests" / "data" / "heldout_alerts5.jsonl"

CHANNEL_RE = re.compile(r"^[a-z][a-z0-9_]{3,31}$")
ISO_8601_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")
UKRAINIAN_ONLY_LETTERS = re.compile(r"[іїєґІЇЄҐ]")
RUSSIAN_ONLY_LETTERS = re.compile(r"[ыэъёЫЭЪЁ]")
CYRILLIC = re.compile(r"[а-яА-ЯёЁіїєґІЇЄҐ]")

POST_REQUIRED = {"channel": str, "id": int, "date": str, "text": str}
POST_OPTIONAL = {
    "url": str,
    "views": int,
    "forwarded_from": str,
    "forwarded_id": int,
    "reply_to": int,
}

INCIDENT_KINDS = {"alert_line", "news", "official", "wire"}
NEGATIVE_KINDS = {
    "neg_sport",
    "neg_show",
    "neg_exercise",
    "neg_history",
    "neg_metaphor",
    "neg_ad",
    "neg_promo",
    "neg_donation",
    "neg_rules",
    "neg_politics",
    "neg_other",
}
ALL_KINDS = INCIDENT_KINDS | NEGATIVE_KINDS | {"all_clear"}
RU_UA_CODES = frozenset(
    s.code for country in ("RU", "UA") for s in pycountry.subdivisions.get(country_code=country)
)

FEED_START = datetime(2026, 11, 20, 20, 0, tzinfo=UTC)
FEED_END = datetime(2026, 11, 21, 6, 0, tzinfo=UTC)

# The feed's hard negatives, each named by its channel and a fragment of its text.
FEED_NEGATIVES = [
    ("mash", "Погода на Кубани"),
    ("shot_shot", "«Краснодар» взорвал трибуны"),
    ("astrapress", "Мнение: новые заявления"),
    ("bazabazon", "Реклама. Кредитка"),
    ("mash", "шоу дронов"),
    ("astrapress", "Год назад в Белгороде"),
    ("mash", "Взрывной рост цен"),
    ("mash", "Мы запустили канал"),
    ("shot_shot", "прошли учения ПВО"),
    ("astrapress", "Поддержите независимую журналистику"),
    ("mash", "ФК «Ростов»"),
    ("shot_shot", "С космодрома Восточный"),
    ("sochi_life", "запустили салют"),
    ("bazabazon", "Хакеры атаковали сайт"),
    ("osint_wire", "explosive gains"),
    ("odeskaova", "благодійний ярмарок"),
    ("astrapress", "«удар по бюджету»"),
]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        assert line.strip(), f"{path.name}:{number}: blank line"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            pytest.fail(f"{path.name}:{number}: not JSON: {exc}")
        assert isinstance(row, dict), f"{path.name}:{number}: not a JSON object"
        rows.append(row)
    return rows


@pytest.fixture(scope="module")
def feed() -> list[dict[str, Any]]:
    return read_jsonl(FEED_PATH)


@pytest.fixture(scope="module")
def all_devset() -> list[dict[str, Any]]:
    return read_jsonl(DEVSET_PATH)


@pytest.fixture(scope="module")
def devset(all_devset: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The news-style part: the balance tests below hold it."""
    return [row for row in all_devset if "set" not in row]


@pytest.fixture(scope="module")
def dev_alerts(all_devset: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The alert-channel part (rows with "set": "alerts")."""
    return [row for row in all_devset if row.get("set") == "alerts"]


@pytest.fixture(scope="module")
def alerts_set() -> list[dict[str, Any]]:
    return read_jsonl(HELDOUT_ALERTS_PATH)


@pytest.fixture(scope="module")
def alerts_set2() -> list[dict[str, Any]]:
    return read_jsonl(HELDOUT_ALERTS2_PATH)


@pytest.fixture(scope="module")
def alerts_set3() -> list[dict[str, Any]]:
    return read_jsonl(HELDOUT_ALERTS3_PATH)


@pytest.fixture(scope="module")
def alerts_set4() -> list[dict[str, Any]]:
    return read_jsonl(HELDOUT_ALERTS4_PATH)


@pytest.fixture(scope="module")
def alerts_set5() -> list[dict[str, Any]]:
    return read_jsonl(HELDOUT_ALERTS5_PATH)


def language_of(text: str) -> str:
    """The language the script allows; short Cyrillic lines can be either ru or uk."""
    if not CYRILLIC.search(text):
        return "en"
    if UKRAINIAN_ONLY_LETTERS.search(text):
        return "uk"
    if RUSSIAN_ONLY_LETTERS.search(text):
        return "ru"
    return "ru|uk"


def check_post_shape(row: dict[str, Any], extra_allowed: set[str]) -> None:
    where = f"{row.get('channel')}/{row.get('id')}"
    for name, kind in POST_REQUIRED.items():
        assert isinstance(row.get(name), kind), f"{where}: {name} missing or not {kind.__name__}"
        assert not isinstance(row[name], bool), f"{where}: {name} is a bool"
    for name, kind in POST_OPTIONAL.items():
        if name in row:
            assert isinstance(row[name], kind) and not isinstance(row[name], bool), (
                f"{where}: {name} is not {kind.__name__}"
            )
    unknown = set(row) - set(POST_REQUIRED) - set(POST_OPTIONAL) - extra_allowed
    assert not unknown, f"{where}: unexpected fields {sorted(unknown)}"
    assert CHANNEL_RE.match(row["channel"]), f"{where}: channel is not a lower-case username"
    assert row["id"] > 0, f"{where}: id must be positive"
    assert row["text"].strip(), f"{where}: empty text"
    assert ISO_8601_RE.match(row["date"]), f"{where}: date {row['date']!r} is not ISO 8601"
    assert parse_iso(row["date"]).tzinfo is not None
    if "url" in row:
        assert row["url"] == f"https://t.me/{row['channel']}/{row['id']}", f"{where}: url"
    if "views" in row:
        assert row["views"] >= 0
    assert ("forwarded_from" in row) == ("forwarded_id" in row), f"{where}: half a forward"


# ---------------------------------------------------------------- sample feed


def test_feed_posts_have_the_post_shape(feed: list[dict[str, Any]]) -> None:
    assert len(feed) >= 70
    for row in feed:
        check_post_shape(row, extra_allowed=set())


def test_feed_is_one_night_in_order(feed: list[dict[str, Any]]) -> None:
    dates = [parse_iso(row["date"]) for row in feed]
    assert all(FEED_START <= d < FEED_END for d in dates)
    assert all(a < b for a, b in itertools.pairwise(dates)), "dates must increase"


def test_feed_ids_are_unique_and_increase_per_channel(feed: list[dict[str, Any]]) -> None:
    last: dict[str, int] = {}
    for row in feed:
        previous = last.get(row["channel"])
        assert previous is None or row["id"] > previous, f"{row['channel']}/{row['id']}"
        last[row["channel"]] = row["id"]


def test_feed_covers_the_promised_channel_kinds(feed: list[dict[str, Any]]) -> None:
    channels = {row["channel"] for row in feed}
    assert {"shot_shot", "mash", "bazabazon", "astrapress"} <= channels
    assert {"mod_russia", "kuban_alerts", "povitryana_tryvoga", "osint_wire"} <= channels
    assert {"kondratyevvi", "vvgladkov"} <= channels


def test_feed_mixes_the_three_languages(feed: list[dict[str, Any]]) -> None:
    langs = Counter(language_of(row["text"]).replace("ru|uk", "ru") for row in feed)
    assert langs["ru"] >= 35
    assert langs["uk"] >= 10
    assert langs["en"] >= 5


def test_feed_forwards_point_at_earlier_posts_with_the_same_text(
    feed: list[dict[str, Any]],
) -> None:
    by_key = {(row["channel"], row["id"]): row for row in feed}
    forwards = [row for row in feed if "forwarded_from" in row]
    assert len(forwards) >= 3
    for row in forwards:
        origin = by_key.get((row["forwarded_from"], row["forwarded_id"]))
        assert origin is not None, f"{row['channel']}/{row['id']} forwards a post not in the feed"
        assert origin["channel"] != row["channel"]
        assert parse_iso(origin["date"]) < parse_iso(row["date"])
        assert origin["text"] == row["text"]


def test_feed_has_a_verbatim_copy_that_is_not_a_forward(feed: list[dict[str, Any]]) -> None:
    first_by_text: dict[str, dict[str, Any]] = {}
    copies = []
    for row in feed:
        original = first_by_text.setdefault(row["text"], row)
        if original["channel"] != row["channel"] and "forwarded_from" not in row:
            copies.append(row)
    assert copies, "expected one channel to copy another's post without forwarding it"


def test_feed_has_ru_and_uk_all_clears(feed: list[dict[str, Any]]) -> None:
    ru = [row for row in feed if re.search(r"\bОтбой\b", row["text"])]
    uk = [row for row in feed if re.search(r"Відбій", row["text"])]
    assert len(ru) >= 2 and len(uk) >= 2 and len(ru) + len(uk) >= 4


def test_feed_tells_the_krasnodar_story_with_conflicting_numbers(
    feed: list[dict[str, Any]],
) -> None:
    texts = [row["text"] for row in feed]
    assert any("от 5 до 7" in t for t in texts)
    assert any(re.search(r"(Больше|более) 20 взрывов", t) for t in texts)
    governor = [row["text"] for row in feed if row["channel"] == "kondratyevvi"]
    assert any("Никто не пострадал" in t for t in governor)
    summaries = [row["text"] for row in feed if row["channel"] == "mod_russia"]
    assert any("83" in t and "64 — над территорией Брянской" in t for t in summaries)


def test_feed_has_the_listed_hard_negatives(feed: list[dict[str, Any]]) -> None:
    assert len(FEED_NEGATIVES) >= 15
    for channel, fragment in FEED_NEGATIVES:
        hits = [r for r in feed if r["channel"] == channel and fragment in r["text"]]
        assert len(hits) == 1, f"{channel}: {fragment!r} found {len(hits)} times"


# ---------------------------------------------------------------- labelled dev set


def test_devset_rows_have_the_post_shape(all_devset: list[dict[str, Any]]) -> None:
    assert len(all_devset) >= 420
    for row in all_devset:
        check_post_shape(row, extra_allowed={"lang", "label", "set"})
        assert row.get("set", "alerts") == "alerts"


def test_devset_ids_are_unique_per_channel(all_devset: list[dict[str, Any]]) -> None:
    keys = Counter((row["channel"], row["id"]) for row in all_devset)
    assert [k for k, n in keys.items() if n > 1] == []


def test_devset_ids_increase_with_date_per_channel(all_devset: list[dict[str, Any]]) -> None:
    check_ids_increase_with_date(all_devset)


def test_devset_dates_span_several_days_of_2026(devset: list[dict[str, Any]]) -> None:
    dates = [parse_iso(row["date"]) for row in devset]
    assert all(d.year == 2026 for d in dates)
    assert len({d.date() for d in dates}) >= 5


def check_label_values(row: dict[str, Any]) -> None:
    where = f"{row['channel']}/{row['id']}"
    label = row["label"]
    assert set(label) == {"incident", "types", "regions", "all_clear", "kind"}, where
    assert isinstance(label["incident"], bool) and isinstance(label["all_clear"], bool)
    assert label["kind"] in ALL_KINDS, f"{where}: kind {label['kind']!r}"
    assert isinstance(label["types"], list) and isinstance(label["regions"], list)
    assert set(label["types"]) <= set(INCIDENT_TYPES), f"{where}: {label['types']}"
    assert len(set(label["types"])) == len(label["types"]), f"{where}: repeated type"
    bad = [code for code in label["regions"] if code not in RU_UA_CODES]
    assert not bad, f"{where}: not an ISO 3166-2 code of RU/UA: {bad}"
    assert len(set(label["regions"])) == len(label["regions"]), f"{where}: repeated region"


def check_label_consistency(row: dict[str, Any]) -> None:
    where = f"{row['channel']}/{row['id']}: {row['text'][:40]}"
    label = row["label"]
    kind = label["kind"]
    assert label["incident"] == (kind in INCIDENT_KINDS), where
    assert label["all_clear"] == (kind == "all_clear"), where
    if label["incident"]:
        assert label["types"] and label["regions"], where
    elif label["all_clear"]:
        assert not label["types"] and label["regions"], where
    else:
        assert not label["types"] and not label["regions"], where


def held_out_replies(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows that reply, each checked to point at an earlier post of its channel."""
    by_key = {(row["channel"], row["id"]): row for row in rows}
    replies = [row for row in rows if "reply_to" in row]
    for row in replies:
        where = f"{row['channel']}/{row['id']}"
        parent = by_key.get((row["channel"], row["reply_to"]))
        assert parent is not None, f"{where} replies to a post not in the file"
        assert parent["date"] < row["date"], where
    return replies


def check_held_out_labels(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        check_label_values(row)
        check_label_consistency(row)
        assert row["lang"] in language_of(row["text"]).split("|"), row["text"][:50]


def check_ids_increase_with_date(rows: list[dict[str, Any]]) -> None:
    keys = Counter((row["channel"], row["id"]) for row in rows)
    assert [k for k, n in keys.items() if n > 1] == []
    by_channel: dict[str, list[tuple[datetime, int]]] = {}
    for row in rows:
        by_channel.setdefault(row["channel"], []).append((parse_iso(row["date"]), row["id"]))
    for channel, posts in by_channel.items():
        ids = [post_id for _, post_id in sorted(posts)]
        assert ids == sorted(ids), channel


def test_devset_labels_use_only_contract_values(all_devset: list[dict[str, Any]]) -> None:
    for row in all_devset:
        check_label_values(row)


def test_devset_labels_are_consistent_with_their_kind(
    all_devset: list[dict[str, Any]],
) -> None:
    for row in all_devset:
        check_label_consistency(row)


def test_devset_lang_matches_the_script_of_the_text(all_devset: list[dict[str, Any]]) -> None:
    wrong = [
        (row["lang"], row["text"][:50])
        for row in all_devset
        if row["lang"] not in language_of(row["text"]).split("|")
    ]
    assert wrong == []


def test_devset_language_mix(devset: list[dict[str, Any]]) -> None:
    share = {lang: n / len(devset) for lang, n in Counter(r["lang"] for r in devset).items()}
    assert set(share) == {"ru", "uk", "en"}
    assert 0.50 <= share["ru"] <= 0.60
    assert 0.20 <= share["uk"] <= 0.30
    assert 0.15 <= share["en"] <= 0.25


def test_devset_is_about_half_incidents(devset: list[dict[str, Any]]) -> None:
    share = sum(row["label"]["incident"] for row in devset) / len(devset)
    assert 0.45 <= share <= 0.55


def test_devset_has_several_examples_of_every_kind(devset: list[dict[str, Any]]) -> None:
    kinds = Counter(row["label"]["kind"] for row in devset)
    for kind in ALL_KINDS:
        assert kinds[kind] >= 10, f"{kind}: only {kinds[kind]}"
    for lang in ("ru", "uk", "en"):
        in_lang = Counter(r["label"]["kind"] for r in devset if r["lang"] == lang)
        assert in_lang["all_clear"] >= 4, lang
        assert sum(in_lang[k] for k in NEGATIVE_KINDS) >= 30, lang
        assert len([k for k in NEGATIVE_KINDS if in_lang[k] >= 3]) == len(NEGATIVE_KINDS), lang


def test_devset_covers_every_type_and_many_regions(devset: list[dict[str, Any]]) -> None:
    types = Counter(t for row in devset for t in row["label"]["types"])
    for incident_type in INCIDENT_TYPES:
        assert types[incident_type] >= 10, f"{incident_type}: only {types[incident_type]}"
    regions = {code for row in devset for code in row["label"]["regions"]}
    assert len({c for c in regions if c.startswith("RU-")}) >= 30
    assert len({c for c in regions if c.startswith("UA-")}) >= 18
    multi = [row for row in devset if len(row["label"]["regions"]) >= 3]
    assert len(multi) >= 3, "expected ministry summaries naming several regions"


def test_devset_has_no_repeated_or_templated_prose(devset: list[dict[str, Any]]) -> None:
    texts = Counter(row["text"] for row in devset)
    assert [t for t, n in texts.items() if n > 1] == []
    # alert one-liners and all-clears follow a channel's fixed format by design; prose must not
    prose = [
        row["text"]
        for row in devset
        if row["label"]["kind"] not in {"alert_line", "all_clear"} and len(row["text"]) > 60
    ]
    near = [
        (a[:40], b[:40])
        for i, a in enumerate(prose)
        for b in prose[i + 1 :]
        if fuzz.ratio(a, b) >= 85
    ]
    assert near == []


# ---------------------------------------------------------------- the dev set's alert-channel part


def test_alert_part_is_large_and_in_many_channel_styles(dev_alerts: list[dict[str, Any]]) -> None:
    assert len(dev_alerts) >= 800
    channels = Counter(row["channel"] for row in dev_alerts)
    assert len(channels) >= 12
    assert {row["lang"] for row in dev_alerts} == {"ru", "uk"}
    assert len({row["channel"] for row in dev_alerts if row["lang"] == "uk"}) >= 4


def test_alert_part_has_follow_ups_that_reply_to_an_earlier_post_of_the_channel(
    dev_alerts: list[dict[str, Any]],
) -> None:
    by_key = {(row["channel"], row["id"]): row for row in dev_alerts}
    replies = [row for row in dev_alerts if "reply_to" in row]
    assert len(replies) >= 50
    for row in replies:
        earlier = by_key.get((row["channel"], row["reply_to"]))
        assert earlier is not None, f"{row['channel']}/{row['id']} replies to a missing post"
        assert parse_iso(earlier["date"]) < parse_iso(row["date"])
        assert earlier["label"]["incident"]


def test_alert_part_has_signatures_all_clears_and_the_negatives(
    dev_alerts: list[dict[str, Any]],
) -> None:
    signed = [row for row in dev_alerts if "\n\n" in row["text"]]
    assert len(signed) >= 200
    kinds = Counter(row["label"]["kind"] for row in dev_alerts)
    assert kinds["all_clear"] >= 50
    negatives = sum(n for kind, n in kinds.items() if kind in NEGATIVE_KINDS)
    assert negatives >= 40
    for kind in ("neg_politics", "neg_promo", "neg_donation", "neg_rules"):
        assert kinds[kind] >= 3, kind


# ---------------------------------------------------------------- held-out alert-channel set


def test_alerts_set_rows_have_the_post_shape(alerts_set: list[dict[str, Any]]) -> None:
    assert len(alerts_set) >= 350
    for row in alerts_set:
        check_post_shape(row, extra_allowed={"lang", "label", "reply_to"})
        assert row["date"].endswith("Z"), f"{row['channel']}/{row['id']}: dates are UTC"


def test_alerts_set_ids_increase_with_date_per_channel(alerts_set: list[dict[str, Any]]) -> None:
    check_ids_increase_with_date(alerts_set)


def test_alerts_set_replies_point_at_an_earlier_post_of_the_channel(
    alerts_set: list[dict[str, Any]],
) -> None:
    replies = held_out_replies(alerts_set)
    assert len(replies) >= 30
    for row in replies:
        where = f"{row['channel']}/{row['id']}"
        assert isinstance(row["reply_to"], int) and not isinstance(row["reply_to"], bool), where


def test_alerts_set_labels_follow_the_contract(alerts_set: list[dict[str, Any]]) -> None:
    check_held_out_labels(alerts_set)


def test_alerts_set_balance(alerts_set: list[dict[str, Any]]) -> None:
    assert {row["lang"] for row in alerts_set} == {"ru", "uk"}
    assert len({row["channel"] for row in alerts_set}) >= 12
    share = sum(row["label"]["incident"] for row in alerts_set) / len(alerts_set)
    assert 0.55 <= share <= 0.65
    for lang in ("ru", "uk"):
        in_lang = [row for row in alerts_set if row["lang"] == lang]
        assert sum(row["label"]["all_clear"] for row in in_lang) >= 10, lang
        assert sum(row["label"]["kind"] in NEGATIVE_KINDS for row in in_lang) >= 40, lang
    assert len({parse_iso(row["date"]).date() for row in alerts_set}) >= 4


# ---------------------------------------------------------------- held-out alert-channel sets 2-5


@dataclass(frozen=True)
class HeldOutShape:
    """What each later held-out set promises (tests/data/README.md)."""

    fixture: str
    rows: int
    exact: bool  # the set is closed: exactly `rows` rows (else at least)
    replies: int
    channels: int
    all_clears: int  # per language, at least
    negatives: int  # per language, at least
    regions: int
    ru_share: tuple[float, float] | None = None
    every_negative_kind: bool = False


HELD_OUT_SHAPES = (
    HeldOutShape("alerts_set2", 390, False, 15, 20, 8, 50, 30),
    HeldOutShape("alerts_set3", 374, True, 20, 20, 10, 50, 40, (0.55, 0.65), True),
    HeldOutShape("alerts_set4", 337, True, 40, 25, 15, 55, 40, (0.50, 0.60), True),
    HeldOutShape("alerts_set5", 346, True, 55, 35, 15, 65, 22, (0.45, 0.55), True),
)


@pytest.fixture(params=HELD_OUT_SHAPES, ids=lambda shape: shape.fixture)
def held_out(request: pytest.FixtureRequest) -> tuple[list[dict[str, Any]], HeldOutShape]:
    return request.getfixturevalue(request.param.fixture), request.param


def test_held_out_sets_rows_have_the_post_shape(held_out) -> None:
    rows, shape = held_out
    assert len(rows) == shape.rows if shape.exact else len(rows) >= shape.rows
    for row in rows:
        check_post_shape(row, extra_allowed={"lang", "label", "reply_to"})
        assert row["date"].endswith("Z"), f"{row['channel']}/{row['id']}: dates are UTC"
    texts = Counter(row["text"] for row in rows)
    assert [t[:40] for t, n in texts.items() if n > 1] == []


def test_held_out_sets_ids_increase_with_date_per_channel(held_out) -> None:
    check_ids_increase_with_date(held_out[0])


def test_held_out_sets_replies_point_at_an_earlier_post_of_the_channel(held_out) -> None:
    rows, shape = held_out
    assert len(held_out_replies(rows)) >= shape.replies


def test_held_out_sets_labels_follow_the_contract(held_out) -> None:
    check_held_out_labels(held_out[0])


def test_held_out_sets_balance(held_out) -> None:
    rows, shape = held_out
    langs = Counter(row["lang"] for row in rows)
    assert set(langs) == {"ru", "uk"}
    if shape.ru_share is not None:
        low, high = shape.ru_share
        assert low <= langs["ru"] / len(rows) <= high
    assert len({row["channel"] for row in rows}) >= shape.channels
    negatives = [row for row in rows if row["label"]["kind"] in NEGATIVE_KINDS]
    assert 0.35 <= len(negatives) / len(rows) <= 0.45
    if shape.every_negative_kind:
        assert len({row["label"]["kind"] for row in negatives}) == len(NEGATIVE_KINDS)
    for lang in ("ru", "uk"):
        in_lang = [row for row in rows if row["lang"] == lang]
        assert sum(row["label"]["all_clear"] for row in in_lang) >= shape.all_clears, lang
        assert sum(row["label"]["kind"] in NEGATIVE_KINDS for row in in_lang) >= shape.negatives
    assert len({parse_iso(row["date"]).date() for row in rows}) >= 5
    assert len({code for row in rows for code in row["label"]["regions"]}) >= shape.regions


@pytest.mark.parametrize("fixture", ["alerts_set4", "alerts_set5"])
def test_the_later_sets_channels_are_not_in_the_dev_set(
    fixture: str, request: pytest.FixtureRequest, all_devset: list[dict[str, Any]]
) -> None:
    rows = request.getfixturevalue(fixture)
    assert {row["channel"] for row in rows}.isdisjoint({row["channel"] for row in all_devset})


DATA_README = ROOT / "tests" / "data" / "README.md"
FILE_ROW = re.compile(r"^\| `(?P<path>[^`*]+)` \| (?P<what>.*) \| (?P<lines>\d+) \|$")


def test_data_readme_gives_each_files_true_line_count() -> None:
    rows = [m for line in DATA_README.read_text(encoding="utf-8").splitlines()
            if (m := FILE_ROW.match(line))]
    assert len(rows) >= 8  # the feed, the dev set and the six held-out sets
    for row in rows:
        path = ROOT / row["path"]
        with path.open(encoding="utf-8") as lines:
            count = sum(1 for line in lines if line.strip())
        assert int(row["lines"]) == count, f"tests/data/README.md: {row['path']} has {count} lines"


def test_data_readme_splits_the_dev_set_as_it_is(all_devset: list[dict[str, Any]]) -> None:
    """The dev set's row names its news-style and alert-channel parts, and the alert part's
    generated and hand-written lines; the parts add up and match the file."""
    text = DATA_README.read_text(encoding="utf-8")
    row = re.search(
        r"(\d+) news-style posts and (\d+) alert-channel lines \((\d+) from the styles of "
        r"`scripts/write_alert_devset.py`, (\d+) written by hand\) \| (\d+) \|",
        text,
    )
    assert row, "tests/data/README.md: the dev set's row no longer names its parts"
    news, alerts, generated, by_hand, total = map(int, row.groups())
    counts = Counter(post.get("set") == "alerts" for post in all_devset)
    assert (counts[False], counts[True], len(all_devset)) == (news, alerts, total)
    assert generated + by_hand == alerts
