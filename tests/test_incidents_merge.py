"""Waves a late report bridges become one incident, whatever order the reports arrive in."""

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.incidents import CLOSED, MERGED, OPENED, UPDATED, Grouper, collapse
from bot.models import Detection, Post

T0 = datetime(2026, 11, 20, 22, 0, tzinfo=UTC)
GAP = timedelta(hours=1)


def post(channel: str, id_: int, minutes: float) -> Post:
    return Post(channel=channel, id=id_, date=T0 + timedelta(minutes=minutes), text="")


def det(p: Post, region: str = "RU-KDA", types=("explosion",)) -> Detection:
    return Detection(channel=p.channel, id=p.id, incident=True, types=types, regions=(region,))


def clear(p: Post, region: str = "RU-KDA") -> Detection:
    return Detection(channel=p.channel, id=p.id, incident=False, regions=(region,), all_clear=True)


def feed(grouper: Grouper, p: Post, d: Detection) -> list:
    """As the pipeline does for a batch of one post: place it, close what went quiet, flush."""
    grouper.feed(p, d)
    grouper.advance(grouper.clock)
    return grouper.flush()


def test_a_late_report_between_two_waves_merges_them_into_the_earlier_one():
    g = Grouper(GAP)
    early, late, bridge = post("a", 1, 0), post("b", 1, 100), post("c", 1, 50)
    first = feed(g, early, det(early))[0].incident
    second = feed(g, late, det(late, types=("drone",)))
    assert [c.kind for c in second] == [CLOSED, OPENED] or [c.kind for c in second] == [
        OPENED,
        CLOSED,
    ]
    second_id = next(c.incident.id for c in second if c.kind == OPENED)

    changes = {c.incident.id: c for c in feed(g, bridge, det(bridge))}

    survivor, absorbed = changes[first.id], changes[second_id]
    assert absorbed.kind == MERGED and absorbed.merged_into == first.id
    assert ("b", 1) in absorbed.removed and not absorbed.added
    assert survivor.kind == UPDATED and survivor.absorbed == (second_id,)
    assert {r.key for r in survivor.added} == {("b", 1), ("c", 1)}
    assert survivor.incident.posts == (("a", 1), ("c", 1), ("b", 1))
    assert survivor.incident.types == ("drone", "explosion")
    assert survivor.incident.closed_at is None  # the quiet that closed it was none
    assert [i.id for i in g.incidents] == [first.id]


def test_the_survivor_is_the_earlier_wave_even_when_the_bridge_joins_the_later_one():
    g = Grouper(GAP)
    early, late, bridge = post("a", 1, 0), post("b", 1, 100), post("c", 1, 45)
    first = feed(g, early, det(early))[0].incident
    feed(g, late, det(late))
    changes = feed(g, bridge, det(bridge))
    assert {c.kind for c in changes} == {UPDATED, MERGED}
    assert [i.id for i in g.incidents] == [first.id]


def test_an_all_clear_stays_a_boundary():
    g = Grouper(GAP)
    alert, cleared = post("a", 1, 0), post("a", 2, 20)
    feed(g, alert, det(alert, types=("alert", "drone")))
    feed(g, cleared, clear(cleared))
    again = post("a", 3, 40)
    feed(g, again, det(again, types=("alert", "drone")))
    news = post("b", 1, 30)  # news of the first wave, within the gap of both
    feed(g, news, det(news))
    assert len(g.incidents) == 2


def test_waves_of_other_regions_are_not_merged():
    g = Grouper(GAP)
    a, b, c = post("a", 1, 0), post("a", 2, 100), post("a", 3, 50)
    feed(g, a, det(a))
    feed(g, b, det(b))
    feed(g, c, det(c, region="RU-ROS"))
    assert len(g.incidents) == 3


def test_collapse_keeps_the_merge():
    g = Grouper(GAP)
    posts = [post("a", 1, 0), post("b", 1, 100), post("c", 1, 50)]
    changes = []
    for p in posts:
        g.feed(p, det(p))
        changes += g.flush()
    merged = [c for c in collapse(changes) if c.kind == MERGED]
    assert len(merged) == 1 and merged[0].merged_into == g.incidents[0].id
    survivor = next(c for c in collapse(changes) if c.incident.id == g.incidents[0].id)
    assert survivor.absorbed == (merged[0].incident.id,)


# -- any order, one grouping ---------------------------------------------------------------

REGIONS = ("RU-KDA", "RU-BEL", "UA-63")

reports = st.lists(
    st.tuples(st.sampled_from(REGIONS), st.integers(min_value=0, max_value=8 * 60)),
    min_size=1,
    max_size=24,
)


def membership(grouper: Grouper) -> set[frozenset]:
    return {frozenset(i.posts) for i in grouper.incidents}


def expected(items: list[tuple[str, int]]) -> set[frozenset]:
    """Reports of a region chained by gaps of at most GAP, as a person would group them."""
    out = set()
    for region in REGIONS:
        mine = sorted((m, n) for n, (r, m) in enumerate(items) if r == region)
        chain: list[tuple[str, int]] = []
        last = None
        for minutes, n in mine:
            if last is not None and minutes - last > GAP.total_seconds() / 60:
                out.add(frozenset(chain))
                chain = []
            chain.append(("ch", n + 1))
            last = minutes
        if chain:
            out.add(frozenset(chain))
    return out


@settings(max_examples=150, deadline=None, derandomize=True)
@given(items=reports, order=st.randoms(use_true_random=False))
def test_one_set_of_reports_in_any_order_gives_the_same_incidents(items, order):
    posts = [(post("ch", n + 1, minutes), region) for n, (region, minutes) in enumerate(items)]
    arrival = list(posts)
    order.shuffle(arrival)
    g = Grouper(GAP, max_duration=timedelta(hours=12))
    for p, region in arrival:
        feed(g, p, det(p, region=region))
    assert membership(g) == expected(items)


# -- a night of alerts, all-clears and news, in any order ---------------------------------------

CLEAR, ALERT, NEWS = "clear", "alert", "news"
_RANK = {CLEAR: 0, ALERT: 1, NEWS: 2}  # at one moment: all-clears, then alerts, then news

nights = st.lists(
    st.tuples(
        st.sampled_from(REGIONS[:2]),
        st.sampled_from((ALERT, ALERT, CLEAR, NEWS)),
        st.integers(min_value=0, max_value=5 * 60),
    ),
    min_size=1,
    max_size=18,
)


def night_post(n: int, region: str, kind: str, minutes: int) -> tuple[Post, Detection]:
    p = post("ch", n + 1, minutes)
    if kind == CLEAR:
        return p, clear(p, region)
    return p, det(p, region, ("alert", "drone") if kind == ALERT else ("explosion",))


def waves(grouper: Grouper) -> set[tuple[frozenset, datetime | None]]:
    return {(frozenset(i.posts), i.closed_at) for i in grouper.incidents}


def night_in_order(items: list[tuple[str, str, int]]) -> set[tuple[frozenset, datetime | None]]:
    """The waves a person reading the night in time order draws: reports chained by gaps of
    at most GAP; an all-clear ends its region's wave if an alert came before it (else it ends
    nothing); an alert after the all-clear begins a new wave, news after it still belongs to
    the wave it ended; a wave ends at its all-clear (or its last report after it), or after
    GAP of quiet once the night has gone on past that."""
    gap = GAP.total_seconds() / 60
    clock = max(m for _, _, m in items)
    out: set[tuple[frozenset, datetime | None]] = set()

    def end(wave: dict) -> None:
        if wave["cleared"] is not None:
            closed = T0 + timedelta(minutes=max(wave["cleared"], wave["last"]))
        elif clock > wave["last"] + gap:
            closed = T0 + timedelta(minutes=wave["last"] + gap)
        else:
            closed = None
        out.add((frozenset(wave["posts"]), closed))

    for region in REGIONS:
        mine = sorted((m, _RANK[k], n, k) for n, (r, k, m) in enumerate(items) if r == region)
        wave: dict | None = None
        for minutes, _, n, kind in mine:
            key = ("ch", n + 1)
            if wave is not None and minutes - wave["last"] > gap:
                end(wave)
                wave = None
            if kind == CLEAR:
                if wave is not None and any(a < minutes for a in wave["alerts"]):
                    wave["posts"].append(key)
                    wave["last"] = wave["cleared"] = minutes
                continue  # an all-clear with no alert before it ends nothing
            if wave is None or (kind == ALERT and wave["cleared"] is not None):
                if wave is not None:
                    end(wave)
                wave = {"posts": [], "alerts": [], "cleared": None, "first": minutes}
            wave["posts"].append(key)
            wave["last"] = minutes
            if kind == ALERT:
                wave["alerts"].append(minutes)
        if wave is not None:
            end(wave)
    return out


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    items=nights,
    order=st.randoms(use_true_random=False),
    batch=st.integers(min_value=1, max_value=6),
)
def test_a_night_with_all_clears_in_any_order_gives_the_same_waves_and_ends(items, order, batch):
    """All-clears may come before the alerts they end (a catch-up across channels), alerts
    after an all-clear may come before it, and the clock may move on in a batch or after
    each post: the waves and their ends are those of the night read in order."""
    arrival = [night_post(n, *item) for n, item in enumerate(items)]
    order.shuffle(arrival)
    g = Grouper(GAP, max_duration=timedelta(hours=12))
    for start in range(0, len(arrival), batch):
        for p, d in arrival[start : start + batch]:  # as the pipeline does for a batch
            g.feed(p, d)
        g.advance(g.clock)
        g.flush()
    assert waves(g) == night_in_order(items)


def test_the_night_read_in_order_is_what_the_grouper_gives_in_order():
    """The reference drawing agrees with the grouper on a night fed in time order."""
    items = [
        ("RU-KDA", ALERT, 0), ("RU-KDA", NEWS, 20), ("RU-KDA", CLEAR, 40), ("RU-KDA", NEWS, 50),
        ("RU-KDA", ALERT, 70), ("RU-KDA", CLEAR, 95), ("RU-BEL", CLEAR, 10),
        ("RU-BEL", ALERT, 30), ("RU-BEL", NEWS, 200),
    ]  # fmt: skip
    g = Grouper(GAP, max_duration=timedelta(hours=12))
    for p, d in sorted((night_post(n, *i) for n, i in enumerate(items)), key=lambda x: x[0].date):
        feed(g, p, d)
    assert waves(g) == night_in_order(items)
    assert len(waves(g)) == 4
