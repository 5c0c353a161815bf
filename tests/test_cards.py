"""Incident cards: text (Telegram HTML), limits, buttons and callback data."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest

from bot.cards import (
    Button,
    Card,
    card_digest,
    message_link,
    parse_callback,
    render_card,
    render_merged_card,
    review_buttons,
)
from bot.models import (
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

T0 = datetime(2026, 11, 20, 19, 41, tzinfo=UTC)  # 22:41 in Moscow
MSK = ZoneInfo("Europe/Moscow")
REGION_NAMES = {
    ("RU-KDA", "ru"): "Краснодарский край",
    ("RU-KDA", "en"): "Krasnodar Krai",
}
TELEGRAM_TAGS = {"b", "i", "a", "code"}


def names(code: str, language: str) -> str:
    return REGION_NAMES.get((code, language), code)


def report(channel: str, post_id: int, minutes: float, **kw) -> Report:
    kw.setdefault("url", f"https://t.me/{channel}/{post_id}")
    return Report(channel=channel, post_id=post_id, date=T0 + timedelta(minutes=minutes), **kw)


def incident_of(*reports: Report, **kw) -> Incident:
    dates = [r.date for r in reports]
    kw.setdefault("id", "RU-KDA-20261120T1941")
    kw.setdefault("region", "RU-KDA")
    kw.setdefault("types", ("drone", "air_defense", "explosion"))
    return Incident(first_seen=min(dates), last_seen=max(dates), reports=reports, **kw)


def realistic() -> Incident:
    """A night in Krasnodar Krai: three channels, a copy, a governor's official post."""
    krasnodar = Place("Краснодар", "RU-KDA", 45.04, 38.98)
    dinskaya = Place("Динская", "RU-KDA", kind="district")
    reports = (
        report(
            "shot_shot",
            101,
            0,
            types=("explosion",),
            counts=(Count(5, 7, "explosion", text="5-7 взрывов"),),
            places=(krasnodar,),
        ),
        report(
            "bazabazon",
            202,
            12,
            types=("explosion", "air_defense"),
            counts=(
                Count(20, 20, "explosion", qualifier="more_than", text="более 20 взрывов"),
                Count(64, 64, "drone", total=True, text="всего 64 беспилотника"),
                Count(9, 9, "drone", region="RU-ROS", text="9 над Ростовской"),
            ),
            places=(krasnodar, dinskaya),
        ),
        report(
            "mash",
            303,
            15,
            types=("explosion",),
            counts=(Count(5, 7, "explosion"),),
            sources=("shot_shot",),
            copy_of=("shot_shot", 101),
            places=(krasnodar,),
        ),
        report(
            "kondratyev_vi",
            44,
            200,
            types=("drone", "damage"),
            status=OFFICIAL,
            counts=(Count(10, 10, "drone", qualifier="about"),),
            places=(
                Place("краснодар", "RU-KDA"),
                Place("Краснодарский край", "RU-KDA", kind="region"),
            ),
        ),
    )
    places = (krasnodar, dinskaya, Place("Краснодарский край", "RU-KDA", kind="region"))
    return incident_of(
        *reports, places=places, types=("drone", "air_defense", "explosion", "damage")
    )


class _Html(HTMLParser):
    """Checks the HTML the way Telegram reads it: known tags, balanced, visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.open: list[str] = []
        self.visible: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.open.append(tag)
        if tag == "a":
            self.hrefs.append(dict(attrs)["href"])
        else:
            assert attrs == [], f"unexpected attributes on <{tag}>"

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"unbalanced </{tag}>"
        self.open.pop()

    def handle_data(self, data):
        self.visible.append(data)


def parse_html(text: str) -> _Html:
    parser = _Html()
    parser.feed(text)
    parser.close()
    assert parser.open == [], f"unclosed tags {parser.open}"
    assert set(parser.tags) <= TELEGRAM_TAGS, set(parser.tags) - TELEGRAM_TAGS
    return parser


def visible(text: str) -> str:
    return "".join(parse_html(text).visible)


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def actions(buttons: tuple[tuple[Button, ...], ...]) -> list[tuple[str, str] | None]:
    return [parse_callback(b.data) for row in buttons for b in row]


# -- content -----------------------------------------------------------------------------------


def test_russian_card_shows_place_types_counts_sources_status_and_times():
    card = render_card(realistic(), language="ru", zone=MSK, region_name=names)
    text = visible(card.text)
    lines = text.splitlines()

    assert lines[0].endswith("Краснодарский край (RU-KDA): Краснодар, Динская")
    assert (
        "Краснодарский край" not in lines[0].split(":", 1)[1]
    )  # region-kind place is no settlement
    assert "Что: БПЛА, ПВО, взрывы, разрушения" in lines
    assert "• взрывы: 5–7 (shot_shot), 20+ (bazabazon)" in lines
    assert "• БПЛА: ~10 (kondratyev_vi)" in lines
    assert "64" not in text and "9 " not in text  # a total and another region's count are left out
    assert any("подтверждено официально" in line and "kondratyev_vi" in line for line in lines)
    assert "🕒 20.11 22:41 – 21.11 02:01 MSK" in lines
    assert any(line.startswith("📰 Источники (4)") for line in lines)
    assert any("mash" in line and "↪ из shot_shot" in line for line in lines)
    assert any("kondratyev_vi" in line and "офиц." in line for line in lines)
    assert "Ожидает проверки" in text
    assert lines[-1] == "RU-KDA-20261120T1941"
    assert "<code>RU-KDA-20261120T1941</code>" in card.text
    hrefs = parse_html(card.text).hrefs
    assert hrefs == [
        "https://t.me/shot_shot/101",
        "https://t.me/bazabazon/202",
        "https://t.me/mash/303",
        "https://t.me/kondratyev_vi/44",
    ]


def test_english_card_uses_english_words_and_region_name():
    card = render_card(realistic(), language="en", zone=MSK, region_name=names)
    lines = visible(card.text).splitlines()
    assert lines[0].endswith("Krasnodar Krai (RU-KDA): Krasnodar, Dinskaya")
    assert "What: drones, air defence, explosions, damage" in lines
    assert "• explosions: 5–7 (shot_shot), 20+ (bazabazon)" in lines
    assert any("Status: official" in line for line in lines)
    assert any("↪ from shot_shot" in line for line in lines)
    assert any(line.startswith("📰 Sources (4)") for line in lines)
    assert "Awaiting review" in "\n".join(lines)
    assert [b.label for row in card.buttons for b in row] == [
        "✅ Confirm",
        "❌ Dismiss",
        "🚫 False alarm",
    ]


def test_unconfirmed_incident_says_so():
    incident = incident_of(report("shot_shot", 1, 0), report("mash", 2, 5))
    ru = visible(render_card(incident, region_name=names).text)
    en = visible(render_card(incident, language="en", region_name=names).text)
    assert "не подтверждено" in ru and "подтверждено официально" not in ru
    assert "unconfirmed" in en


@pytest.mark.parametrize(
    ("count", "ru", "en"),
    [
        (Count(20, 20, "explosion", qualifier="more_than"), "20+", "20+"),
        (Count(10, 10, "explosion", qualifier="about"), "~10", "~10"),
        (Count(3, 3, "explosion", qualifier="at_least"), "≥3", "≥3"),
        (Count(5, 5, "explosion", qualifier="up_to"), "до 5", "up to 5"),
        (Count(4, 6, "explosion"), "4–6", "4–6"),
    ],
)
def test_count_qualifiers(count, ru, en):
    incident = incident_of(report("shot_shot", 1, 0, counts=(count,)))
    assert f"взрывы: {ru} (shot_shot)" in visible(render_card(incident, region_name=names).text)
    en_text = visible(render_card(incident, language="en", region_name=names).text)
    assert f"explosions: {en} (shot_shot)" in en_text


def test_settlements_are_capped_with_a_remainder():
    places = tuple(Place(f"Посёлок {i}", "RU-KDA") for i in range(11))
    incident = incident_of(report("shot_shot", 1, 0), places=places)
    header = visible(render_card(incident, region_name=names).text).splitlines()[0]
    assert "Посёлок 7" in header and "Посёлок 8" not in header
    assert header.endswith("+3")


def test_default_region_names_come_from_the_gazetteer():
    incident = incident_of(report("shot_shot", 1, 0))
    assert "Krasnodar Krai (RU-KDA)" in visible(render_card(incident, language="en").text)
    unknown = replace(incident, region="RU-XXX")
    assert visible(render_card(unknown).text).splitlines()[0].count("RU-XXX") == 1


def test_closed_incident_shows_the_all_clear_time_in_the_zone():
    incident = incident_of(report("alerts_kuban", 1, 0), report("alerts_kuban", 2, 30))
    cleared = incident_of(*incident.reports, report("alerts_kuban", 3, 39, all_clear=True))
    closed = replace(cleared, closed_at=T0 + timedelta(minutes=39))
    ru = visible(render_card(closed, zone=MSK, region_name=names).text)
    assert "отбой в 23:20" in ru
    en = visible(render_card(closed, language="en", zone=UTC, region_name=names).text)
    assert "20.11 19:41 – 20:20 UTC, all clear at 20:20" in en
    assert "отбой" not in visible(render_card(incident, region_name=names).text)


def test_all_clear_on_another_day_than_the_last_report_names_the_date():
    incident = incident_of(
        report("alerts_kuban", 1, 0),
        report("alerts_kuban", 2, 60, all_clear=True),
        report("shot_shot", 3, 180),  # news of the wave after its all-clear
    )
    closed = replace(incident, closed_at=T0 + timedelta(hours=3))
    assert "отбой 20.11 в 23:41" in visible(render_card(closed, zone=MSK, region_name=names).text)


def test_an_incident_closed_by_quiet_names_no_all_clear():
    incident = incident_of(report("shot_shot", 1, 0), report("mash", 2, 30))
    closed = replace(incident, closed_at=T0 + timedelta(hours=3, minutes=30))
    card = visible(render_card(closed, zone=UTC, region_name=names, gap=timedelta(hours=3)).text)
    assert "отбой" not in card
    assert "RU-KDA · волна 20.11 19:41–20:11 · закрыта: тиша 3h" not in card
    assert "🔗 Сгруппировано: RU-KDA · волна 20.11 19:41–20:11 · закрыта: тишина 3h" in card


def test_the_merge_key_and_the_confidence_are_on_the_card_in_each_language():
    from bot.trust import Confidence

    incident = incident_of(report("shot_shot", 1, 0), report("mash", 2, 30))
    sure = Confidence(score=4.0, independent=3, official=1, passed_on=0)
    en = visible(
        render_card(
            incident, language="en", zone=UTC, region_name=names, confidence=sure,
            gap=timedelta(hours=3),
        ).text
    )
    assert "🧭 Confidence: 3 independent sources, 1 official (confidence 4.0)" in en
    assert "🔗 Grouped by: RU-KDA · wave 20.11 19:41–20:11 · open" in en
    ru = visible(render_card(incident, zone=UTC, region_name=names, confidence=sure).text)
    assert "3 независимых источника, официальных: 1" in ru
    assert "🔗" not in ru  # no gap given: no merge key


# -- escaping ----------------------------------------------------------------------------------


def test_hostile_text_is_escaped_and_the_html_stays_valid():
    evil = '<b>Шок</b> & "кавычки" <a href="x">'
    hostile = incident_of(
        report(
            evil,
            1,
            0,
            url='https://t.me/x/1" onclick="steal()',
            sources=("<i>мин</i>обороны",),
            counts=(Count(2, 2, "<script>"),),
        ),
        report("news & co", 2, 1, url="javascript:alert(1)", copy_of=("</code>", 5)),
        id="RU-KDA-20261120T1941",
        places=(Place("<Динская & ко>", "RU-KDA"),),
        types=("explosion", "<img>"),
    )
    reviews = [Review(hostile.id, 7, "<b>@boss</b>", REVIEW_CONFIRMED, T0 + timedelta(hours=1))]
    card = render_card(hostile, reviews=reviews, region_name=lambda code, lang: "Край <b>&amp;</b>")
    parsed = parse_html(card.text)
    text = "".join(parsed.visible)
    for literal in (
        evil,
        "<i>мин</i>обороны",
        "<Динская & ко>",
        "Край <b>&amp;</b>",
        "<b>@boss</b>",
        "</code>",
        "<script>",
        "<img>",
    ):
        assert literal in text, literal
    # a link Telegram would reject is not emitted; the quote cannot end the attribute
    assert all(h.startswith(("https://", "http://", "tg://")) for h in parsed.hrefs)
    assert not any("javascript" in h for h in parsed.hrefs)
    assert parsed.tags.count("a") == len(parsed.hrefs)


# -- size limit --------------------------------------------------------------------------------


def many_sources(n: int) -> Incident:
    reports = tuple(
        report(
            f"channel_{i:03d}",
            1000 + i,
            i * 0.5,
            counts=(Count(i % 7 + 1, i % 7 + 3, "explosion"),),
            status=OFFICIAL if i % 50 == 0 else "unconfirmed",
        )
        for i in range(n)
    )
    return incident_of(*reports, places=(Place("Краснодар", "RU-KDA"),))


@pytest.mark.parametrize("language", ["ru", "en"])
def test_three_hundred_sources_fit_keeping_the_newest(language):
    incident = many_sources(300)
    reviews = [Review(incident.id, 1, "@ivanov", REVIEW_CONFIRMED, T0 + timedelta(hours=3))]
    card = render_card(incident, language=language, reviews=reviews, region_name=names)
    text = visible(card.text)
    for measure in (len(card.text), utf16(card.text), len(text), utf16(text)):
        assert measure <= 4096

    hrefs = parse_html(card.text).hrefs
    newest = [f"https://t.me/channel_{i:03d}/{1000 + i}" for i in range(300)][-len(hrefs) :]
    assert hrefs == newest and 0 < len(hrefs) < 300
    pattern = r"… и ещё (\d+) источник" if language == "ru" else r"… and (\d+) more sources"
    fold = re.search(pattern, text)
    assert fold is not None and int(fold.group(1)) == 300 - len(hrefs)
    lines = text.splitlines()
    assert lines[0].endswith("(RU-KDA): " + ("Krasnodar" if language == "en" else "Краснодар"))
    assert any("@ivanov" in line for line in lines)
    assert any(("взрывы:" in line) or ("explosions:" in line) for line in lines)
    assert lines[-1] == incident.id


def test_a_smaller_limit_is_honoured_and_a_short_card_is_not_folded():
    incident = many_sources(300)
    card = render_card(incident, region_name=names, limit=1200)
    assert len(card.text) <= 1200 and "… и ещё" in card.text
    small = many_sources(3)
    assert "… и ещё" not in render_card(small, region_name=names).text


def test_counts_shrink_when_even_the_folded_card_would_not_fit():
    reports = tuple(
        report(f"very_long_channel_name_{i:03d}", i + 1, i, counts=(Count(i + 1, i + 1, kind),))
        for i, kind in enumerate(
            ["drone", "missile", "explosion", "strike", "fire", "casualties", "damage"] * 10
        )
    )
    incident = incident_of(*reports)
    card = render_card(incident, region_name=names, limit=700)
    text = visible(card.text)
    assert len(card.text) <= 700
    assert "БПЛА:" in text and "ракеты:" in text  # every counted thing is still there


def test_fold_line_uses_russian_plurals():
    incident = many_sources(30)
    forms: dict[int, str] = {}
    limit = len(render_card(incident, region_name=names).text)
    while 30 not in forms:  # shrink the limit until every source is folded
        limit -= 10
        text = visible(render_card(incident, region_name=names, limit=limit).text)
        found = re.search(r"… и ещё (\d+) (\w+)", text)
        if found:
            forms[int(found.group(1))] = found.group(2)
    expected = {
        1: "источник",
        2: "источника",
        4: "источника",
        5: "источников",
        11: "источников",
        12: "источников",
        21: "источник",
        22: "источника",
        25: "источников",
    }
    checked = {n: forms[n] for n in expected if n in forms}
    assert len(checked) >= 5
    assert checked == {n: expected[n] for n in checked}


def test_bad_arguments_raise_clear_errors():
    incident = realistic()
    with pytest.raises(ValueError, match="language"):
        render_card(incident, language="de")
    with pytest.raises(ValueError, match="does not fit"):
        render_card(incident, region_name=names, limit=50)
    with pytest.raises(ValueError, match="limit"):
        render_card(incident, limit=0)
    other = Review("UA-43-20261120T0100", 1, "@ivanov", REVIEW_CONFIRMED, T0)
    with pytest.raises(ValueError, match="UA-43-20261120T0100"):
        render_card(incident, reviews=[other])


# -- review state and buttons ------------------------------------------------------------------


def test_buttons_follow_the_review_state():
    incident = realistic()
    assert actions(review_buttons(incident)) == [
        ("confirm", incident.id),
        ("dismiss", incident.id),
        ("false_alarm", incident.id),
    ]
    for state in (REVIEW_CONFIRMED, REVIEW_DISMISSED, REVIEW_FALSE_ALARM):
        assert actions(review_buttons(replace(incident, review=state))) == [("reopen", incident.id)]
    ru = [b.label for row in review_buttons(incident, "ru") for b in row]
    assert ru == ["✅ Подтвердить", "❌ Отклонить", "🚫 Ложная тревога"]
    with pytest.raises(ValueError, match="review state"):
        review_buttons(replace(incident, review="maybe"))


def test_the_latest_review_wins_and_history_is_listed():
    incident = realistic()
    at = T0 + timedelta(hours=4)
    reviews = [
        Review(incident.id, 2, "@petrov", REVIEW_PENDING, at + timedelta(minutes=10)),
        Review(incident.id, 1, "@ivanov", REVIEW_CONFIRMED, at),
        Review(incident.id, 3, "@sidorova", REVIEW_DISMISSED, at + timedelta(minutes=20)),
    ]
    card = render_card(incident, reviews=reviews, zone=MSK, region_name=names)
    text = visible(card.text)
    assert "❌ Отклонено: @sidorova, 21.11 03:01" in text
    history = next(line for line in text.splitlines() if line.startswith("История"))
    assert history.index("@ivanov") < history.index("@petrov") < history.index("@sidorova")
    assert actions(card.buttons) == [("reopen", incident.id)]

    confirmed = render_card(incident, reviews=reviews[1:2], zone=MSK, region_name=names)
    assert "✅ Подтверждено: @ivanov, 21.11 02:41" in visible(confirmed.text)
    assert "История" not in confirmed.text

    reopened = render_card(
        incident, reviews=reviews[:2], language="en", zone=MSK, region_name=names
    )
    assert "Awaiting review (reopened: @petrov, 21.11 02:51)" in visible(reopened.text)
    assert actions(reopened.buttons)[0] == ("confirm", incident.id)


# -- callback data -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "incident_id", ["RU-KDA-20261120T2241", "UA-43-20261120T0105-2", "RU-MOW-1"]
)
def test_callback_data_round_trips(incident_id):
    incident = replace(realistic(), id=incident_id)
    seen = set()
    for state in (REVIEW_PENDING, REVIEW_CONFIRMED):
        for row in review_buttons(replace(incident, review=state), "en"):
            for button in row:
                assert len(button.data) <= 64
                parsed = parse_callback(button.data)
                assert parsed is not None and parsed[1] == incident_id
                seen.add(parsed[0])
    assert seen == {"confirm", "dismiss", "false_alarm", "reopen"}


def test_tampered_callback_data_is_rejected():
    good = review_buttons(realistic())[0][0].data
    assert parse_callback(good) is not None
    prefix, code, rest = good.split(b":", 2)
    tampered = [
        b"xx:" + code + b":" + rest,  # wrong prefix
        prefix + b":z:" + rest,  # unknown action
        prefix + b":confirm:" + rest,  # not the short code buttons carry
        good + b"A" * (65 - len(good)),  # 65 bytes
        prefix + b":" + code + b":RU-KDA-\xff\xfe",  # not UTF-8
        good + b"\n",
        good + b";DROP",
        good + b" ",
        prefix + b":" + code + b":../RU-KDA",
        prefix + b":" + code + b":",
        prefix + b":" + code + b":" + "RU-КДА".encode(),  # Cyrillic look-alikes
        b"",
        b"rv",
    ]
    for data in tampered:
        assert parse_callback(data) is None, data
    assert parse_callback("rv:c:RU-KDA-20261120T2241") is None  # type: ignore[arg-type]


def test_an_incident_id_too_long_for_callback_data_is_an_error():
    with pytest.raises(ValueError, match="too long"):
        review_buttons(replace(realistic(), id="RU-KDA-" + "1" * 60))
    with pytest.raises(ValueError, match="not allowed"):
        review_buttons(replace(realistic(), id="RU KDA"))


# -- digest ------------------------------------------------------------------------------------


def test_card_digest_changes_with_the_card_and_only_then():
    incident = realistic()
    card = render_card(incident, region_name=names)
    again = render_card(incident, region_name=names)
    assert card_digest(card) == card_digest(again)
    assert re.fullmatch(r"[0-9a-f]{64}", card_digest(card))

    grown = incident_of(
        *incident.reports, report("rybar", 9, 230), places=incident.places, types=incident.types
    )
    assert card_digest(render_card(grown, region_name=names)) != card_digest(card)
    assert card_digest(replace(card, text=card.text + " ")) != card_digest(card)
    other_buttons = Card(card.text, review_buttons(replace(incident, review=REVIEW_CONFIRMED)))
    assert card_digest(other_buttons) != card_digest(card)
    relabelled = Card(card.text, ((Button("OK", card.buttons[0][0].data),),))
    assert card_digest(relabelled) != card_digest(Card(card.text, ((card.buttons[0][0],),)))


def test_limit_is_counted_in_utf16_units_like_telegram():
    origin = "🔥🔥🔥 Срочно 🔥🔥🔥"  # a forwarded channel's title: astral emoji take two units each
    reports = tuple(
        report(f"repost_{i:03d}", i + 1, i * 0.5, copy_of=(origin, 7)) for i in range(300)
    )
    card = render_card(incident_of(*reports), region_name=names)
    assert utf16(card.text) <= 4096
    assert utf16(visible(card.text)) <= 4096
    assert utf16(card.text) > 4096 - 200  # the room is used, not wasted


def test_with_room_every_channel_behind_a_count_is_named():
    reports = tuple(
        report(ch, i + 1, i, counts=(Count(5, 7, "explosion"),))
        for i, ch in enumerate(["shot_shot", "bazabazon", "mash", "rybar"])
    )
    text = visible(render_card(incident_of(*reports), region_name=names).text)
    assert "• взрывы: 5–7 (shot_shot, bazabazon, mash, rybar)" in text


def cited(source: str) -> Incident:
    return incident_of(report("wire_news", 7, 0, sources=(source,)))


def test_cited_sources_are_named_in_the_cards_language():
    ministry = cited("Ministry of Defence")
    assert "со ссылкой на Минобороны" in visible(render_card(ministry, language="ru").text)
    assert "з посиланням на Міноборони" in visible(render_card(ministry, language="uk").text)
    assert "citing the Ministry of Defence" in visible(render_card(ministry, language="en").text)
    governor = visible(render_card(cited("governor"), language="ru").text)
    assert "со ссылкой на губернатора" in governor and "governor" not in governor
    assert "со ссылкой на SHOT" in visible(render_card(cited("SHOT"), language="ru").text)


def test_a_ukrainian_card_speaks_ukrainian():
    card = render_card(realistic(), language="uk", zone=MSK)
    text = visible(card.text)
    assert text.splitlines()[0].startswith("🛩 Краснодарський край (RU-KDA): ")
    assert "Що: БПЛА, ППО, вибухи, руйнування" in text
    assert "Джерела (4)" in text and "Очікує перевірки" in text
    assert card.buttons[0][0].label == "✅ Підтвердити"


def test_english_cards_name_settlements_in_english_from_the_gazetteer():
    night = incident_of(
        report("shot_shot", 1, 0, places=(Place("Ростов-на-Дону", "RU-ROS"),)),
        id="RU-ROS-20261120T1941",
        region="RU-ROS",
        places=(
            Place("Ростов-на-Дону", "RU-ROS"),
            Place("Таганрог", "RU-ROS"),
            Place("Неклиновский район", "RU-ROS", kind="district"),
        ),
    )
    first = visible(render_card(night, language="en").text).splitlines()[0]
    assert first.endswith("Rostov Oblast (RU-ROS): Rostov-on-Don, Taganrog, Neklinovskiy District")
    assert not re.search("[А-Яа-я]", first)
    russian = visible(render_card(night, language="ru").text).splitlines()[0]
    assert russian.endswith(
        "Ростовская область (RU-ROS): Ростов-на-Дону, Таганрог, Неклиновский район"
    )


# -- the card of an incident merged into another -------------------------------------------


@pytest.mark.parametrize(
    ("language", "word"), [("ru", "Объединено"), ("uk", "Об'єднано"), ("en", "Merged")]
)
def test_a_merged_card_says_where_the_incident_went_and_has_no_buttons(language, word):
    absorbed = replace(realistic(), id="RU-KDA-20261120T2300")
    link = "https://t.me/tgradar_review/12"
    card = render_merged_card(
        absorbed, "RU-KDA-20261120T1941", link=link, language=language, region_name=names
    )
    assert card.buttons == ()
    shown = visible(card.text)
    assert word in shown and "«RU-KDA-20261120T1941»" in shown
    assert f'href="{link}"' in card.text
    # its own id is the only bare id on it: the card is known by it
    assert [t for t in shown.split() if t.startswith("RU-KDA-")] == [absorbed.id]
    assert parse_html(card.text) is not None
    without = render_merged_card(absorbed, "RU-KDA-20261120T1941", language=language)
    assert "href" not in without.text


def test_message_links_exist_for_channels_and_supergroups_only():
    assert message_link("tgradar_review", 12) == "https://t.me/tgradar_review/12"
    assert message_link("@tgradar_review", 12) == "https://t.me/tgradar_review/12"
    assert message_link("-1001234567890", 7) == "https://t.me/c/1234567890/7"
    assert message_link("-123456", 7) is None  # a basic group has no links
    assert message_link("tgradar_review", None) is None
