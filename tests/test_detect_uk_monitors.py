"""Error classes found by running detection over real archived posts of Ukrainian monitoring,
radar and alert channels (a night of national, Kyiv and southern monitors and the Air Force, in
Ukrainian and Russian, and an aggregator of oblast monitors' lines): the launch site and the
airfield a bomber took off from are no place of a report, the whole country's alarm is national,
the monitors' running talk goes on from their last line («2 йдуть в район Богуслава», «4
штуки», «второй залетает ...»), their calls to move now, the alert going on with no target,
air defence in their words, and «столица» of a Ukrainian monitor writing Russian. A test per
entry kind of the data added for them; every post here is written for the test."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.detect.place_data import place_data
from tests.posts import post_maker, stream_maker

T0 = datetime(2027, 1, 20, 1, 0, tzinfo=UTC)
post = post_maker("monitor_test_ua", T0)


stream = stream_maker(post)


# ---------------------------------------------------------------- where it was launched from


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        # launch words of place_roles.txt: «пуски», the monitors' «вихід», a ballistic missile
        ("Нові пуски балістики з Брянської області, Суми — в укриття", ("UA-59",)),
        ("Вихід балістики з Курська на Суми", ("UA-59",)),
        ("4 баллистики на Харьков с белгорода !", ("UA-63",)),
        ("Балістика з Бєлгорода на Харків!", ("UA-63",)),
        # «з району» in a launch report, and the airfields of launch-area
        ("Пуски Х-101 з району Вологди, перші ракети курсом на Полтаву", ("UA-53",)),
        ("Зліт МіГ-31К з аеродрому Саваслейка, Хмельницький — тривога", ("UA-68",)),
        ("Борт Су-34 піднято в повітря з Міллерово, Харків — в укриття", ("UA-63",)),
    ],
)
def test_a_launch_site_is_not_where_the_report_is(detector, text, regions):
    detection = detector.detect(post(text))
    assert detection.incident and detection.regions == regions


@pytest.mark.parametrize(
    "text",
    [
        "Нові пуски балістики з Брянської області.",
        "Відбулись пуски ракет Х-101 з району Вологди.",
        "Зліт двох МіГ-31К з аеродрому Саваслейка",
    ],
)
def test_a_launch_far_away_names_no_region_of_its_own(detector, text):
    # Before the audit the launch site was the report's place when the post named no other:
    # Bryansk, Vologda, Nizhny Novgorod oblast raised cards of their own.
    detection = detector.detect(post(text))
    assert not any(region.startswith("RU-") for region in detection.regions)


def test_the_new_role_phrases_are_in_the_data():
    roles = place_data().roles
    assert {"з аеродрому", "с аэродрома", "в повітря з"} <= set(roles["launch-area"])
    assert {"з району", "с района"} <= set(roles["origin-region"])
    assert {"вихід", "виходи", "балістика", "баллистики"} <= set(roles["launch"])


def test_a_follow_up_goes_where_it_goes_not_where_it_came_from(detector):
    # «ще 2 з Полтавщини» names only where the drones come from: the report it goes on from
    # says where they are heading.
    first, more = stream(detector, "Шахед на Черкаси", "ще 2 з Полтавщини")
    assert first.regions == ("UA-71",)
    assert more.incident and more.regions == ("UA-71",)


@pytest.mark.parametrize(
    ("texts", "region"),
    [
        # a namesake in the region the group came from is not chosen for being there: Kyiv
        # oblast's Макарів, not a Zhytomyr village; after a Kharkiv report Kharkiv oblast's
        # Золочів, not Belgorod oblast's namesake
        (("Шахеди з Житомирщини в бік Макарова",), "UA-32"),
        (("Шахед на Харків", "Шахеди з Бєлгородщини в бік Золочева"), "UA-63"),
        # nor does it make a district of another region a stray name
        (("Заліт нових БПЛА з Курщини в напрямку Охтирського району",), "UA-59"),
    ],
)
def test_the_region_a_group_came_from_does_not_place_where_it_goes(detector, texts, region):
    detection = stream(detector, *texts)[-1]
    assert detection.incident and detection.regions == (region,)


# ---------------------------------------------------------------- the whole country


@pytest.mark.parametrize(
    "text",
    [
        "⚠УВАГА\n🚨 Вся Україна — ракетна небезпека!\n🛫 Зафіксовано зліт МіГ-31К",
        "МіГ-31К в повітрі: загроза для всіх регіонів країни",
        "Ворог виконав пуск крилатих ракет, перші КР у нашому повітряному просторі за годину",
        "Воздушная тревога по всей Украине, взлёт МиГ-31К",
    ],
)
def test_the_whole_countrys_alarm_is_no_report_of_the_last_place(detector, text):
    # after a placed report it used to take that report's place (Zaporizhzhia, Kyiv)
    _, national = stream(detector, "Пуски КАБ на Запоріжжя", text)
    assert not national.incident and national.regions == ()


def test_the_whole_countrys_alarm_with_a_place_is_an_alert_there(detector):
    detection = detector.detect(post("Вся Україна — ракетна небезпека! Київ, в укриття"))
    assert detection.incident and detection.regions == ("UA-30",)


# ---------------------------------------------------------------- the monitors' running talk


@pytest.mark.parametrize(
    ("first", "then", "regions"),
    [
        # followup_filler: «район», «поки», «деякі», «усі», «цей», «єдині», «околиць», «второй»
        ("Шахед на Київ", "2 йдуть в район Фастова", ("UA-32",)),
        ("Шахед на Полтаву", "Деякі йдуть в район Кременчука", ("UA-53",)),
        ("Шахед на Київ", "4 повз Таращу на Кагарлик, поки єдині в області", ("UA-32",)),
        ("Ракета на Черкаси", "Перелетіли на Київщину, у бік Києва/околиць.", ("UA-32", "UA-30")),
        ("Мопед над Николаевом!", "второй залетает со стороны Очакова", ("UA-48",)),
        # movement: the monitors' «табун», «лізе», «повз» and the Russian «залетать»
        ("Шахед на Київ", "Цей табун з Полтавщини поки в бік Черкащини", ("UA-71",)),
        ("Шахед на Черкаси", "повз Сміле", ("UA-71",)),
        ("Шахед на Переяслав", "Хоцьки виліз", ("UA-32",)),
        ("Мопед на Николаев", "мопеды перелетают в Херсонскую область", ("UA-65",)),
        # followup: a count of the same («4 штуки»), «повторний»
        ("Балістика на Київ", "4 штуки", ("UA-30",)),
        ("Циркон на Київ", "Повторний вихід Циркону з Криму", ("UA-30",)),
    ],
)
def test_the_next_line_goes_on_from_the_last(detector, first, then, regions):
    _, detection = stream(detector, first, then)
    assert detection.incident and set(detection.regions) == set(regions)


@pytest.mark.parametrize(
    "text",
    [
        "Табун коней пасеться біля Черкас",
        "Деякі магазини в районі вокзалу працюють до 22:00",
        "4 штуки хліба за ціною трьох",
        "Другий тур конкурсу пройде в Полтаві",
    ],
)
def test_the_same_words_in_everyday_talk_are_nothing(detector, text):
    assert not detector.detect(post(text)).incident


def test_a_follow_up_of_nothing_stays_nothing(detector):
    # the words go on from a report; with none before, they report nothing
    (detection,) = stream(detector, "2 йдуть в район Фастова")
    assert not detection.incident


# ---------------------------------------------------------------- calls to move, the wait


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        ("Кременчук, перейдіть в безпечні місця", ("UA-53",)),
        ("Біла Церква та Фастів в коридор", ("UA-32",)),
        ("Одесса, все в безопасные места", ("UA-51",)),
        ("Харків — чисто, але відбою ще немає", ("UA-63",)),
        ("Николаев: пока чисто, отбоя нет", ("UA-48",)),
    ],
)
def test_a_call_to_move_or_the_wait_for_the_all_clear_is_an_alert(detector, text, regions):
    detection = detector.detect(post(text))
    assert detection.incident and detection.types == ("alert",) and detection.regions == regions
    assert not detection.all_clear


@pytest.mark.parametrize(
    "text",
    ["Купили новий килим у коридор", "Відбою ще немає на сайті — оновіть сторінку"],
)
def test_the_words_of_a_call_to_move_without_a_place_are_nothing(detector, text):
    assert not detector.detect(post(text)).incident


# ---------------------------------------------------------------- air defence in their words


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        ("Кременчук — робота по БпЛА", ("UA-53",)),
        ("Харків, працюють по цілях над Салтівкою", ("UA-63",)),
        ("Чернігів, працюють по шахедах", ("UA-74",)),
        ("Одесса: работают по мопедам над Пересыпью", ("UA-51",)),
    ],
)
def test_the_monitors_words_for_air_defence_at_work(detector, text, regions):
    detection = detector.detect(post(text))
    assert detection.incident and "air_defense" in detection.types
    assert detection.regions == regions


# ---------------------------------------------------------------- «столица»


def test_the_capital_of_a_ukrainian_monitor_writing_russian_is_kyiv(detector):
    _, detection = stream(detector, "Мопед на Киев", "начнут работать по мопедам в столице",
                          channel="vanek_test_ru")
    assert detection.incident and detection.regions == ("UA-30",)


def test_the_capital_of_a_russian_channel_is_moscow(detector):
    _, detection = stream(detector, "Курск: опасность БПЛА", "Над столицей работает ПВО",
                          channel="radar_test_ru")
    assert detection.incident and detection.regions == ("RU-MOW",)
