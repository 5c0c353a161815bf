from datetime import UTC, datetime, timedelta

from bot.incidents import CLOSED, OPENED, RETRACTED, UPDATED, Grouper, fingerprint
from bot.models import OFFICIAL, Count, Detection, Place, Post

T0 = datetime(2026, 11, 20, 22, 0, tzinfo=UTC)


def post(channel: str, id_: int, minutes: float, text: str = "", **kw) -> Post:
    return Post(channel=channel, id=id_, date=T0 + timedelta(minutes=minutes), text=text, **kw)


def det(p: Post, regions=("RU-KDA",), types=("explosion",), **kw) -> Detection:
    return Detection(
        channel=p.channel, id=p.id, incident=True, types=tuple(types), regions=tuple(regions), **kw
    )


def clear(p: Post, regions=("RU-KDA",)) -> Detection:
    return Detection(channel=p.channel, id=p.id, incident=False, regions=regions, all_clear=True)


def test_reports_of_one_region_within_the_gap_form_one_incident():
    g = Grouper(timedelta(hours=3))
    a, b, c = post("shot", 1, 0), post("mash", 7, 50), post("baza", 3, 170)
    assert [ch.kind for ch in g.add(a, det(a))] == [OPENED]
    assert [ch.kind for ch in g.add(b, det(b, types=("drone", "air_defense")))] == [UPDATED]
    changes = g.add(c, det(c))
    assert [ch.kind for ch in changes] == [UPDATED]
    incident = changes[0].incident
    assert incident.posts == (("shot", 1), ("mash", 7), ("baza", 3))
    assert incident.types == ("drone", "air_defense", "explosion")
    assert incident.first_seen == a.date and incident.last_seen == c.date
    assert len(g.incidents) == 1


def test_a_report_after_the_gap_opens_a_new_incident():
    g = Grouper(timedelta(hours=3))
    a, b = post("shot", 1, 0), post("shot", 2, 181)
    g.add(a, det(a))
    assert [ch.kind for ch in g.add(b, det(b))] == [OPENED]
    assert len(g.incidents) == 2
    assert len({i.id for i in g.incidents}) == 2


def test_the_gap_is_measured_from_the_latest_report_not_the_first():
    g = Grouper(timedelta(hours=1))
    for i, minutes in enumerate((0, 50, 100, 150, 200)):
        p = post("alerts", i + 1, minutes)
        g.add(p, det(p))
    assert len(g.incidents) == 1


def test_other_regions_do_not_join():
    g = Grouper()
    a, b = post("shot", 1, 0), post("shot", 2, 5)
    g.add(a, det(a, regions=("RU-KDA",)))
    g.add(b, det(b, regions=("RU-ROS",)))
    assert sorted(i.region for i in g.incidents) == ["RU-KDA", "RU-ROS"]


def test_multi_region_post_contributes_to_each_region_with_its_own_counts():
    g = Grouper()
    p = post("mod_russia", 1, 0)
    counts = (
        Count(83, 83, "drone", total=True),
        Count(64, 64, "drone", region="RU-BRY"),
        Count(9, 9, "drone", region="RU-KLU"),
        Count(5, 5, "drone", region="RU-SMO"),
    )
    d = det(p, regions=("RU-BRY", "RU-KLU", "RU-SMO"), types=("drone", "air_defense"))
    changes = g.add(p, Detection(**{**d.__dict__, "counts": counts, "status": OFFICIAL}))
    assert sorted(ch.incident.region for ch in changes) == ["RU-BRY", "RU-KLU", "RU-SMO"]
    by_region = {ch.incident.region: ch.incident for ch in changes}
    assert [c.low for c in by_region["RU-BRY"].counts] == [64]
    assert [c.low for c in by_region["RU-SMO"].counts] == [5]
    assert all(i.status == OFFICIAL for i in by_region.values())


def test_forward_within_the_gap_adds_a_source_not_an_incident():
    g = Grouper(timedelta(hours=1))
    original = post("shot_shot", 10, 0, "Взрывы в Анапе")
    g.add(original, det(original))
    fwd = post(
        "news_digest", 99, 50, "Взрывы в Анапе", forwarded_from="shot_shot", forwarded_id=10
    )
    changes = g.add(fwd, det(fwd))
    assert [ch.kind for ch in changes] == [UPDATED]
    incident = changes[0].incident
    assert len(g.incidents) == 1
    assert incident.posts == (("shot_shot", 10), ("news_digest", 99))
    assert incident.reports[-1].copy_of == ("shot_shot", 10)
    assert "shot_shot" in incident.reports[-1].sources


def test_forward_after_the_gap_is_grouped_like_any_post():
    g = Grouper(timedelta(hours=1))
    original = post("shot_shot", 10, 0, "Взрывы в Анапе")
    g.add(original, det(original))
    fwd = post(
        "news_digest", 99, 300, "Взрывы в Анапе", forwarded_from="shot_shot", forwarded_id=10
    )
    changes = g.add(fwd, det(fwd))
    assert [ch.kind for ch in changes] == [OPENED]
    assert changes[0].incident.reports[-1].copy_of is None
    assert len(g.incidents) == 2


def test_verbatim_copy_is_recognised_by_its_text():
    g = Grouper()
    text = "В Новороссийске прогремели взрывы, очевидцы сообщают о работе ПВО над городом 🔥"
    a = post("shot_shot", 1, 0, text)
    g.add(a, det(a))
    copy = post(
        "other_channel",
        5,
        30,
        "в новороссийске прогремели взрывы очевидцы сообщают о работе пво над городом",
    )
    changes = g.add(copy, det(copy, regions=("RU-KDA", "RU-ROS")))
    assert [ch.kind for ch in changes] == [UPDATED]
    assert changes[0].incident.reports[-1].copy_of == ("shot_shot", 1)
    assert len(g.incidents) == 1


def test_short_alert_lines_are_not_copies_of_each_other():
    assert fingerprint("Ейск / Опасность по БПЛА.") is None
    g = Grouper(timedelta(minutes=30))
    a, b = (
        post("kuban_alerts", 1, 0, "Ейск / Опасность по БПЛА."),
        post("kuban_alerts", 2, 300, "Ейск / Опасность по БПЛА."),
    )
    g.add(a, det(a, types=("alert", "drone")))
    assert [ch.kind for ch in g.add(b, det(b, types=("alert", "drone")))] == [OPENED]


def test_a_channel_saying_the_same_words_again_reports_anew():
    # A radar channel's all-clear formula, signature included, is long enough to fingerprint;
    # said again for other regions it ends their alerts, not the first one's incident.
    g = Grouper()
    formula = "Отбой ракетной опасности по ранее объявленным областям.\nРадар по всей России —"
    alert = post("radar_rossii", 1, 0, "Белгородская область — ракетная опасность")
    g.add(alert, det(alert, regions=("RU-BEL",), types=("alert", "missile")))
    first = post("radar_rossii", 2, 20, formula)
    g.add(first, clear(first, regions=("RU-BEL",)))
    other = post("radar_rossii", 3, 40, "Курская область — ракетная опасность")
    g.add(other, det(other, regions=("RU-KRS",), types=("alert", "missile")))
    again = post("radar_rossii", 4, 60, formula)
    changes = g.add(again, clear(again, regions=("RU-KRS",)))
    assert [(ch.kind, ch.incident.region) for ch in changes] == [(CLOSED, "RU-KRS")]
    kursk = changes[0].incident
    assert kursk.reports[-1].copy_of is None and kursk.reports[-1].all_clear
    belgorod = next(i for i in g.incidents if i.region == "RU-BEL")
    assert ("radar_rossii", 4) not in belgorod.posts
    # another channel's word-for-word copy is still a copy
    copy = post("bel_alarm_repost", 9, 61, formula)
    changes = g.add(copy, clear(copy, regions=("RU-BEL",)))
    assert [ch.incident.reports[-1].copy_of for ch in changes] == [("radar_rossii", 2)]


def test_all_clear_closes_the_open_alert_and_a_new_alert_opens_a_new_incident():
    g = Grouper()
    alert = post("kuban_alerts", 1, 0)
    g.add(alert, det(alert, types=("alert", "drone")))
    done = post("kuban_alerts", 2, 40)
    changes = g.add(done, clear(done))
    assert [ch.kind for ch in changes] == [CLOSED]
    closed = changes[0].incident
    assert closed.closed_at == done.date and not closed.is_open
    assert closed.reports[-1].all_clear

    news = post("shot_shot", 3, 60)  # a report of the wave that just ended
    assert [ch.kind for ch in g.add(news, det(news))] == [UPDATED]

    again = post("kuban_alerts", 4, 90)
    changes = g.add(again, det(again, types=("alert", "drone")))
    assert [ch.kind for ch in changes] == [OPENED]
    assert len(g.incidents) == 2


def test_all_clear_with_no_open_alert_changes_nothing():
    g = Grouper()
    p = post("kuban_alerts", 1, 0)
    assert g.add(p, clear(p)) == []
    assert g.incidents == []


def test_edited_post_replaces_its_report():
    g = Grouper()
    a = post("shot", 1, 0)
    g.add(a, det(a, regions=("RU-KDA",), places=(Place("Анапа", "RU-KDA"),)))
    edited = post("shot", 1, 0, edit_date=T0 + timedelta(minutes=10))
    changes = g.add(edited, det(edited, types=("explosion", "fire")))
    incident = g.incidents[0]
    assert [ch.kind for ch in changes] == [UPDATED]
    assert incident.posts == (("shot", 1),)
    assert incident.types == ("explosion", "fire")
    assert incident.places == ()


def test_edit_that_removes_the_incident_retracts_it():
    g = Grouper()
    a = post("shot", 1, 0)
    g.add(a, det(a))
    edited = post("shot", 1, 0, edit_date=T0 + timedelta(minutes=5))
    changes = g.add(edited, Detection(channel="shot", id=1, incident=False))
    assert [ch.kind for ch in changes] == [RETRACTED]
    assert g.incidents == []


def test_ids_are_deterministic_and_unique():
    def run():
        g = Grouper(timedelta(minutes=10))
        for i, minutes in enumerate((0, 0.5, 30)):
            p = post("a", i + 1, minutes)
            g.add(p, det(p, types=("alert",)))
            if i == 0:
                c = post("a", 100, 0.2)
                g.add(c, clear(c))
        return [i.id for i in g.incidents]

    ids = run()
    assert ids == run()
    assert len(set(ids)) == len(ids) == 3
    assert ids[0] == "RU-KDA-20261120T2200"


def test_out_of_order_reports_join_and_move_first_seen_back():
    g = Grouper()
    late, early = post("a", 2, 60), post("b", 1, 0)
    g.add(late, det(late))
    changes = g.add(early, det(early))
    assert [ch.kind for ch in changes] == [UPDATED]
    assert changes[0].incident.first_seen == early.date


def test_forget_before_drops_old_incidents_only():
    g = Grouper(timedelta(hours=1))
    old, new = post("a", 1, 0), post("a", 2, 600)
    g.add(old, det(old))
    g.add(new, det(new))
    g.forget_before(new.date)
    assert [i.posts for i in g.incidents] == [(("a", 2),)]


# -- waves that end ----------------------------------------------------------------------------


def test_a_wave_closes_after_quiet_at_its_last_report_plus_the_gap():
    g = Grouper(timedelta(hours=1))
    a, b = post("shot", 1, 0), post("mash", 2, 30)
    g.add(a, det(a))
    g.add(b, det(b))
    g.advance(b.date + timedelta(minutes=59))
    assert g.flush() == [] and g.incidents[0].is_open
    g.advance(b.date + timedelta(minutes=61))
    [change] = g.flush()
    assert change.kind == CLOSED and change.added == ()
    assert change.incident.closed_at == b.date + timedelta(hours=1)
    late = post("baza", 3, 100)  # after the gap: the next wave
    assert [ch.kind for ch in g.add(late, det(late))] == [OPENED]


def test_a_late_report_inside_a_wave_closed_by_quiet_reopens_it_until_quiet_again():
    g = Grouper(timedelta(hours=1))
    a = post("shot", 1, 0)
    g.add(a, det(a))
    g.advance(a.date + timedelta(minutes=90))
    g.flush()
    slow = post("slow_channel", 7, 50)  # posted 50 min in, read only now
    [change] = g.add(slow, det(slow))
    assert change.kind == UPDATED and change.incident.is_open
    g.advance(a.date + timedelta(minutes=100))
    assert g.flush() == []
    g.advance(a.date + timedelta(minutes=120))
    [closed] = g.flush()
    assert closed.incident.closed_at == slow.date + timedelta(hours=1)
    assert closed.incident.closed_at >= closed.incident.last_seen


def test_a_wave_closes_at_its_maximum_duration_and_the_next_reports_open_a_new_one():
    g = Grouper(timedelta(hours=3), max_duration=timedelta(hours=6))
    ids, closed = set(), []
    for i in range(10):  # a report every hour for ten hours: never quiet
        p = post("alerts", i + 1, 60 * i)
        g.feed(p, det(p))
        g.advance(p.date)  # as the pipeline does after each batch
        for change in g.flush():
            ids.add(change.incident.id)
            if change.kind == CLOSED:
                closed.append(change.incident)
    assert len(ids) == 2
    [first] = closed
    assert first.closed_at == T0 + timedelta(hours=6) and first.closed_at >= first.last_seen
    assert first.last_seen - first.first_seen <= timedelta(hours=6)
    assert sorted(len(i.reports) for i in g.incidents) == [3, 7]


def test_closed_at_is_never_before_last_seen_when_news_follows_the_all_clear():
    g = Grouper()
    alert, done, news = post("alerts", 1, 0), post("alerts", 2, 40), post("shot", 3, 70)
    g.add(alert, det(alert, types=("alert", "drone")))
    g.add(done, clear(done))
    [change] = g.add(news, det(news, types=("damage",)))
    assert change.incident.last_seen == news.date
    assert change.incident.closed_at == news.date  # moved up to the last report


def test_a_copy_joins_only_within_the_gap_of_the_originals_incident():
    g = Grouper(timedelta(hours=1))
    text = "В Новороссийске прогремели взрывы, очевидцы сообщают о работе ПВО над городом"
    original = post("shot_shot", 1, 0, text)
    g.add(original, det(original))
    soon = post("echo_one", 5, 20, text)
    [change] = g.add(soon, det(soon))
    assert change.kind == UPDATED and change.incident.reports[-1].copy_of == ("shot_shot", 1)
    much_later = post("echo_two", 9, 300, text)
    [change] = g.add(much_later, det(much_later))
    assert change.kind == OPENED and change.incident.reports[-1].copy_of is None


def test_an_official_night_summary_joins_the_regions_last_wave():
    g = Grouper(timedelta(hours=3))
    a, b = post("shot", 1, 0), post("mash", 2, 90)  # 22:00 and 23:30
    g.add(a, det(a, types=("drone", "explosion")))
    g.add(b, det(b, types=("drone", "air_defense")))
    morning = post("governor", 3, 9 * 60, "За ночь над регионом уничтожено 12 беспилотников.")
    summary = det(morning, types=("drone", "air_defense"), status=OFFICIAL)
    changes = g.add(morning, summary)
    assert [c.kind for c in changes] == [CLOSED]  # the wave had gone quiet: closed, not revived
    [incident] = g.incidents
    assert incident.posts[-1] == ("governor", 3)
    assert incident.closed_at == morning.date == incident.last_seen
    later = post("shot", 4, 9 * 60 + 30)  # a fresh report after the summary: a new wave
    assert [c.kind for c in g.add(later, det(later))] == [OPENED]


def test_a_summary_that_does_not_speak_of_the_night_or_is_not_official_opens_its_own():
    g = Grouper(timedelta(hours=3))
    a = post("shot", 1, 0)
    g.add(a, det(a))
    plain = post("governor", 2, 9 * 60, "Над регионом уничтожено 12 беспилотников.")
    assert [c.kind for c in g.add(plain, det(plain, status=OFFICIAL))] == [OPENED]
    rumour = post("mash", 3, 9 * 60 + 5, "За ночь над регионом сбито 12 беспилотников.")
    assert [c.kind for c in g.add(rumour, det(rumour))] == [UPDATED]  # joins the 9:00 one
    assert len(g.incidents) == 2


def test_a_night_summary_with_no_wave_in_the_past_12_hours_opens_one():
    g = Grouper(timedelta(hours=3))
    a = post("shot", 1, 0)
    g.add(a, det(a))
    text = "Overnight, air defences destroyed 5 drones over the region."
    late = post("mod", 2, 13 * 60, text)
    assert [c.kind for c in g.add(late, det(late, status=OFFICIAL))] == [OPENED]


def test_changes_say_which_reports_were_added_and_removed():
    g = Grouper()
    a, b = post("shot", 1, 0), post("mash", 2, 5)
    g.feed(a, det(a))
    g.feed(b, det(b))
    [change] = g.flush()
    assert change.kind == OPENED and {r.key for r in change.added} == {a.key, b.key}
    edited = post("shot", 1, 0, edit_date=T0 + timedelta(minutes=9))
    [change] = g.add(edited, det(edited, types=("fire",)))
    assert [r.key for r in change.added] == [a.key] and change.removed == (a.key,)
    assert change.added[0].types == ("fire",)


def test_reports_stay_sorted_as_they_arrive_out_of_order():
    g = Grouper()
    for id_, minutes in ((1, 30), (2, 10), (3, 20), (4, 0)):
        p = post("c", id_, minutes)
        g.add(p, det(p))
    [incident] = g.incidents
    assert [r.post_id for r in incident.reports] == [4, 2, 3, 1]
    assert incident.first_seen == T0 and incident.last_seen == T0 + timedelta(minutes=30)


def test_an_alert_channel_clearing_town_after_town_keeps_one_wave_and_closes_it_last():
    g = Grouper()
    for id_, minutes in ((1, 0), (2, 2)):  # Анапа, Новороссийск: опасность по БПЛА
        p = post("kuban_alerts", id_, minutes)
        g.add(p, det(p, types=("alert", "drone")))
    anapa_clear, port_clear = post("kuban_alerts", 3, 60), post("kuban_alerts", 4, 150)
    assert [c.kind for c in g.add(anapa_clear, clear(anapa_clear))] == [CLOSED]
    [change] = g.add(port_clear, clear(port_clear))
    assert change.kind == CLOSED and len(g.incidents) == 1
    assert change.incident.closed_at == port_clear.date == change.incident.last_seen
    assert [r.all_clear for r in change.incident.reports] == [False, False, True, True]


# -- all-clears that arrive out of order -----------------------------------------------------


def alert(p: Post, regions=("RU-KDA",)) -> Detection:
    return det(p, regions, types=("alert", "drone"))


def test_an_all_clear_before_its_alerts_is_kept_and_ends_their_wave_when_they_come():
    g = Grouper(timedelta(hours=1))
    done = post("kuban_official", 1, 50)
    assert g.add(done, clear(done)) == [] and [r for r, _ in g.orphan_clears] == ["RU-KDA"]
    second = post("kuban_alerts", 2, 20)
    [opened] = g.add(second, alert(second))
    assert opened.kind == OPENED and opened.incident.closed_at == done.date  # sent ended
    assert [r.key for r in opened.incident.reports if r.all_clear] == [done.key]
    assert {r.key for r in opened.added} == {second.key, done.key}
    assert g.orphan_clears == []
    first = post("kuban_alerts", 1, 0)  # an earlier alert of the same wave, read last
    [change] = g.add(first, alert(first))
    assert change.kind == UPDATED and change.incident.closed_at == done.date
    assert len(g.incidents) == 1


def test_an_all_clear_dated_before_the_alerts_never_ends_a_later_wave():
    g = Grouper(timedelta(hours=1))
    done = post("kuban_official", 1, 10)
    g.add(done, clear(done))
    later = post("kuban_alerts", 1, 20)
    [change] = g.add(later, alert(later))
    assert change.incident.closed_at is None and len(g.orphan_clears) == 1
    same_minute = post("kuban_alerts", 2, 10)  # posted the minute of the all-clear: after it
    g.add(same_minute, alert(same_minute))
    [incident] = g.incidents
    assert incident.closed_at is None and not any(r.all_clear for r in incident.reports)


def test_a_kept_all_clear_ends_only_its_own_regions_wave():
    g = Grouper(timedelta(hours=1))
    done = post("belgorod_official", 1, 30)
    g.add(done, clear(done, regions=("RU-BEL",)))
    p = post("kuban_alerts", 1, 0)
    [change] = g.add(p, alert(p))
    assert change.incident.region == "RU-KDA" and change.incident.closed_at is None


def test_a_late_all_clear_ends_a_wave_the_night_had_already_closed_for_quiet():
    g = Grouper(timedelta(hours=1))
    a, news = post("kuban_alerts", 1, 0), post("shot_shot", 1, 300)
    g.add(a, alert(a))
    g.add(news, det(news, regions=("RU-ROS",)))  # the night goes on elsewhere
    g.advance(g.clock)
    [quiet] = [i for i in g.incidents if i.region == "RU-KDA"]
    assert quiet.closed_at == a.date + timedelta(hours=1)
    done = post("kuban_official", 1, 40)  # a slow channel's all-clear, read last
    [change] = g.add(done, clear(done))
    assert change.incident.closed_at == done.date and change.incident.reports[-1].all_clear


def test_an_all_clear_read_after_a_later_alert_cuts_the_wave_there():
    g = Grouper(timedelta(hours=1))
    for id_, minutes in ((1, 0), (2, 50)):  # the first alert, and the next one's
        p = post("kuban_alerts", id_, minutes)
        g.add(p, alert(p))
    news = post("shot_shot", 1, 55)
    g.add(news, det(news))
    assert len(g.incidents) == 1  # all within the gap of each other: one wave so far
    done = post("kuban_official", 1, 40)
    changes = {c.kind: c for c in g.add(done, clear(done))}
    ended, begun = g.incidents
    assert ended.posts == (("kuban_alerts", 1), ("kuban_official", 1))
    assert ended.closed_at == done.date
    assert begun.posts == (("kuban_alerts", 2), ("shot_shot", 1)) and begun.closed_at is None
    assert set(changes) == {CLOSED, OPENED}
    assert set(changes[CLOSED].removed) == {("kuban_alerts", 2), ("shot_shot", 1)}


def test_an_all_clear_edited_into_something_else_is_no_longer_kept():
    g = Grouper(timedelta(hours=1))
    done = post("kuban_official", 1, 30)
    g.add(done, clear(done))
    edited = post("kuban_official", 1, 30, edit_date=T0 + timedelta(minutes=31))
    g.add(edited, Detection(channel=edited.channel, id=edited.id, incident=False))
    assert g.orphan_clears == []
    a = post("kuban_alerts", 1, 0)
    [change] = g.add(a, alert(a))
    assert change.incident.closed_at is None


def test_kept_all_clears_are_forgotten_with_the_waves():
    g = Grouper(timedelta(hours=1))
    done = post("kuban_official", 1, 30)
    g.add(done, clear(done))
    g.forget_before(done.date)
    assert len(g.orphan_clears) == 1
    g.forget_before(done.date + timedelta(seconds=1))
    assert g.orphan_clears == []
