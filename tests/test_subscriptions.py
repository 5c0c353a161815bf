"""Subscriptions, pure: arguments, place resolution, the matching rule, reply texts."""

import re
from datetime import UTC, datetime, time, timedelta

import pytest

from bot.detect.gazetteer import Gazetteer
from bot.models import Incident, Place
from bot.subscriptions import (
    AMBIGUOUS,
    CONFIRMED,
    FAST,
    OK,
    SUGGEST,
    TEXTS,
    TYPE_LABELS,
    UNKNOWN,
    ArgumentError,
    QuietHours,
    Subscriber,
    Target,
    clean_argument,
    error_text,
    parse_mode,
    parse_mute,
    parse_quiet,
    parse_switch,
    parse_types,
    resolve_place,
    should_deliver,
    text,
    type_names,
    user_language,
)

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)  # 15:00 in Moscow


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer.default()


def incident(
    region="RU-KDA",
    places=("Анапа",),
    types=("drone", "explosion"),
    review="pending",
    age=timedelta(minutes=5),
):
    return Incident(
        id=f"{region}-20261121T1155",
        region=region,
        first_seen=NOW - age,
        last_seen=NOW - age,
        types=types,
        places=tuple(Place(name, region) for name in places),
        review=review,
    )


def subscriber(*targets, **fields):
    return Subscriber(user_id=1, chat="1", targets=targets or (Target("RU-KDA"),), **fields)


# -- places ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, region",
    [
        ("краснодарский край", "RU-KDA"),
        ("Краснодарского края", "RU-KDA"),
        ("Кубань", "RU-KDA"),
        ("Белгородщина", "RU-BEL"),
        ("RU-BEL", "RU-BEL"),
        ("ru-bel", "RU-BEL"),
        ("Белгородская обл", "RU-BEL"),
        ("Харківщина", "UA-63"),
        ("Подмосковье", "RU-MOS"),
        ("Москва", "RU-MOW"),
    ],
)
def test_region_names_in_any_form_resolve_to_the_region(gazetteer, query, region):
    resolution = resolve_place(query, gazetteer)
    assert resolution.status == OK
    assert resolution.targets == (Target(region),)


def test_a_settlement_resolves_to_itself_in_its_region(gazetteer):
    assert resolve_place("Анапа", gazetteer).targets == (Target("RU-KDA", "Анапа"),)


def test_a_regional_capital_asks_city_or_whole_region(gazetteer):
    resolution = resolve_place("Krasnodar", gazetteer)
    assert resolution.status == AMBIGUOUS
    assert set(resolution.targets) == {Target("RU-KDA", "Краснодар"), Target("RU-KDA")}


def test_a_typo_between_two_cities_offers_both(gazetteer):
    resolution = resolve_place("Краснодр", gazetteer)
    assert resolution.status == AMBIGUOUS
    assert Target("RU-KDA", "Краснодар") in resolution.targets
    assert Target("RU-KYA", "Красноярск") in resolution.targets


def test_a_common_village_name_gives_a_choice_across_regions(gazetteer):
    resolution = resolve_place("Александровка", gazetteer)
    assert resolution.status == AMBIGUOUS
    assert len({t.region for t in resolution.targets}) >= 3
    assert len(resolution.targets) <= 8


def test_a_far_typo_gets_a_suggestion(gazetteer):
    resolution = resolve_place("Brjansk", gazetteer)
    assert resolution.status == SUGGEST
    assert resolution.targets[0] == Target("RU-BRY", "Брянск")


@pytest.mark.parametrize("query", ["xyzzy", "RU-XX", "qqqqqqqq"])
def test_nonsense_is_unknown(gazetteer, query):
    assert resolve_place(query, gazetteer).status == UNKNOWN


@pytest.mark.parametrize("query", ["all", "ALL", "все", "всё", "*"])
def test_all_means_everything(gazetteer, query):
    assert resolve_place(query, gazetteer).targets == (Target("*"),)


def test_odd_arguments_are_refused_with_a_reason(gazetteer):
    with pytest.raises(ArgumentError) as long:
        resolve_place("Белгород " * 50, gazetteer)
    assert long.value.key == "too_long"
    with pytest.raises(ArgumentError) as empty:
        resolve_place(" \u200b\t ", gazetteer)
    assert empty.value.key == "need_argument"
    with pytest.raises(ArgumentError) as odd:
        resolve_place("!!! ???", gazetteer)
    assert odd.value.key == "odd_argument"


def test_control_characters_are_cleaned():
    assert clean_argument("Бел\x00город\n\u202e ") == "Бел город"


# -- arguments -------------------------------------------------------------------------------


def test_types_in_russian_and_english():
    assert parse_types("дроны, ракеты") == {"drone", "missile"}
    assert parse_types("Drones missiles ПВО") == {"drone", "missile", "air_defense"}
    assert parse_types("all") == frozenset()
    with pytest.raises(ArgumentError) as bad:
        parse_types("дроны, котики")
    assert bad.value.fields["value"] == "котики"


def test_mode_words():
    assert parse_mode("fast") == FAST
    assert parse_mode("Подтверждённые") == CONFIRMED
    with pytest.raises(ArgumentError):
        parse_mode("slow")


@pytest.mark.parametrize(
    "value, length",
    [
        ("2h", timedelta(hours=2)),
        ("30m", timedelta(minutes=30)),
        ("1d", timedelta(days=1)),
        ("1h30m", timedelta(minutes=90)),
        ("2ч", timedelta(hours=2)),
        ("3 дня", timedelta(days=3)),
        ("45 мин", timedelta(minutes=45)),
    ],
)
def test_mute_durations(value, length):
    assert parse_mute(value, NOW) == NOW + length


@pytest.mark.parametrize("value", ["forever", "2", "h2", "-1h", "0m", "2h lol"])
def test_bad_mute_durations(value):
    with pytest.raises(ArgumentError):
        parse_mute(value, NOW)


def test_mute_off_and_limit():
    assert parse_mute("off", NOW) is None
    with pytest.raises(ArgumentError) as long:
        parse_mute("45d", NOW)
    assert long.value.key == "mute_too_long"


def test_quiet_hours_cross_midnight_in_the_subscriber_zone():
    quiet = parse_quiet("23:00-07:00")
    assert quiet == QuietHours(time(23), time(7), "Europe/Moscow")
    moscow_midnight = datetime(2026, 11, 21, 21, 0, tzinfo=UTC)  # 00:00 MSK
    assert quiet.contains(moscow_midnight)
    assert quiet.contains(datetime(2026, 11, 21, 20, 0, tzinfo=UTC))  # 23:00 MSK
    assert not quiet.contains(datetime(2026, 11, 22, 4, 0, tzinfo=UTC))  # 07:00 MSK
    assert not quiet.contains(NOW)  # 15:00 MSK
    kyiv = parse_quiet("23-7 Europe/Kyiv")
    assert kyiv.contains(datetime(2026, 11, 21, 21, 30, tzinfo=UTC))  # 23:30 in Kyiv
    assert not kyiv.contains(datetime(2026, 11, 21, 20, 30, tzinfo=UTC))  # 22:30 in Kyiv
    daytime = parse_quiet("13:00–16:00")
    assert daytime.contains(NOW) and not daytime.contains(NOW + timedelta(hours=2))
    assert QuietHours.from_json(quiet.to_json()) == quiet


@pytest.mark.parametrize("value", ["25:00-07:00", "23:00", "23:00-07:00-09:00", "ночью"])
def test_bad_quiet_hours(value):
    with pytest.raises(ArgumentError):
        parse_quiet(value)


def test_quiet_hours_need_a_real_zone_and_a_span():
    with pytest.raises(ArgumentError) as zone:
        parse_quiet("23-7 Mars/Olympus")
    assert zone.value.key == "quiet_zone"
    with pytest.raises(ArgumentError) as empty:
        parse_quiet("7:00-07:00")
    assert empty.value.key == "quiet_empty"
    assert parse_quiet("off") is None


def test_switch():
    assert parse_switch("on") is True and parse_switch("выкл") is False
    with pytest.raises(ArgumentError):
        parse_switch("maybe")


# -- the matching rule ---------------------------------------------------------------------


def test_fast_mode_gets_an_open_unconfirmed_incident():
    assert should_deliver(subscriber(), incident(), NOW)


def test_confirmed_mode_waits_for_a_reviewer():
    sub = subscriber(mode=CONFIRMED)
    assert not should_deliver(sub, incident(), NOW)
    assert should_deliver(sub, incident(review="confirmed"), NOW)


@pytest.mark.parametrize("review", ["dismissed", "false_alarm"])
def test_turned_down_incidents_reach_nobody(review):
    assert not should_deliver(subscriber(), incident(review=review), NOW)


def test_kinds_filter():
    assert not should_deliver(subscriber(types=frozenset({"missile"})), incident(), NOW)
    assert should_deliver(subscriber(types=frozenset({"missile", "drone"})), incident(), NOW)


def test_places_region_settlement_and_all():
    assert should_deliver(subscriber(Target("*")), incident(region="UA-63", places=()), NOW)
    assert not should_deliver(subscriber(Target("RU-BEL")), incident(), NOW)
    assert should_deliver(subscriber(Target("RU-KDA", "Анапа")), incident(), NOW)
    assert not should_deliver(subscriber(Target("RU-KDA", "Сочи")), incident(), NOW)
    region_alert = incident(places=(), types=("alert",))
    assert should_deliver(subscriber(Target("RU-KDA", "Сочи")), region_alert, NOW)


def test_mute_and_quiet_hours_hold_messages_back():
    assert not should_deliver(subscriber(muted_until=NOW + timedelta(hours=1)), incident(), NOW)
    assert should_deliver(subscriber(muted_until=NOW - timedelta(seconds=1)), incident(), NOW)
    quiet = QuietHours(time(14), time(16))  # Moscow; NOW is 15:00 there
    assert not should_deliver(subscriber(quiet=quiet), incident(), NOW)
    assert should_deliver(subscriber(quiet=quiet), incident(), NOW + timedelta(hours=2))


def test_paused_subscribers_and_stale_incidents_get_nothing():
    assert not should_deliver(subscriber(paused=True), incident(), NOW)
    assert not should_deliver(subscriber(), incident(age=timedelta(hours=13)), NOW)


# -- texts ---------------------------------------------------------------------------------


def test_language_by_telegram_client():
    assert user_language("ru") == "ru" and user_language("uk-UA") == "uk"
    assert user_language("uk") == "uk"
    assert user_language("en") == "en" and user_language(None) == "en"
    assert user_language("de") == "en"


def test_every_text_exists_in_every_language():
    assert set(TEXTS["ru"]) == set(TEXTS["en"]) == set(TEXTS["uk"])
    for lang in ("ru", "uk", "en"):
        assert "{" not in text(lang, "subscribed", label="X")
        for key in TEXTS["en"]:  # the same fields in every language
            fields = set(re.findall(r"{(\w+)}", TEXTS["en"][key]))
            assert set(re.findall(r"{(\w+)}", TEXTS[lang][key])) == fields, (lang, key)


def test_ukrainian_texts_are_ukrainian_not_russian():
    same_words = {"mode_set", "done", "menu_help"}  # «Режим», «Готово», «Список команд»
    for key, value in TEXTS["uk"].items():
        if key not in same_words:
            assert value != TEXTS["ru"][key] or not re.search("[а-яё]", value), key
        assert not re.search("[ыэъё]", value), key  # letters Ukrainian does not have
    assert set(TYPE_LABELS["uk"]) == set(TYPE_LABELS["en"])
    assert "тривоги" in type_names(["alert"], "uk").lower()


def test_error_texts_name_the_problem():
    message = error_text("en", ArgumentError("mute_bad", value="forever"), "mute")
    assert "forever" in message and "/mute 2h" in message
    message = error_text("ru", ArgumentError("need_argument"), "subscribe")
    assert "/subscribe" in message
