"""Ukrainian city heads, city and monitoring channels, the Air Force's morning tally and the
emergency service's daily tally: what they write that detection missed or misread. A test per
entry kind of the data added for them (lexicon tables, place roles, the cities' districts)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.detect.lexicon import data
from bot.detect.place_data import place_data
from bot.detect.profiles import detect_stream
from tests.posts import post_maker

T0 = datetime(2026, 12, 16, 18, 0, tzinfo=UTC)


post = post_maker("misto_holova", T0)



# ---------------------------------------------------------------- alert formulas of city heads


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Повітряний напад на Одесу!", "UA-51"),
        ("Повітряний напад на Миколаїв! Не виходьте з укриттів", "UA-48"),
        ("Полтава — загроза з повітря!", "UA-53"),
        ("Загроза з повітря для Дніпра зберігається", "UA-12"),
        ("Воздушное нападение на Одессу, всем в укрытия", "UA-51"),
    ],
)
def test_an_air_attack_or_a_threat_from_the_air_on_a_city_is_an_alert(detector, text, region):
    assert {"повітряний напад", "загроза з повітря"} <= set(data().concepts["alert"])
    detection = detector.detect(post(text))
    assert detection.incident and "alert" in detection.types
    assert detection.regions == (region,)


def test_staying_in_safe_places_is_a_precaution(detector):
    assert "в безпечних місцях" in data().concepts["precaution"]
    detection = detector.detect(post("Кривий Ріг: залишайтеся в безпечних місцях!"))
    assert detection.incident and detection.types == ("alert",)
    assert detection.regions == ("UA-12",)
    # With no place and no channel region it says nothing.
    assert not detector.detect(post("Залишайтеся в безпечних місцях", channel="nowhere")).incident


# ---------------------------------------------------------------- the Air Force's national tally


NATIONAL_TALLY = (
    "У ніч на 16 грудня противник атакував 90 ударними БпЛА з напрямків Курськ, Орел. "
    "Збито/подавлено 75 з 90 БпЛА на півночі, півдні, сході та в центрі країни."
)


def test_a_national_tally_naming_no_place_is_no_incident_and_follows_nothing(detector):
    assert "в центрі країни" in data().concepts["national"]
    before, tally, repelled = detect_stream(
        detector,
        [
            post("Суми — шахеди з пн-сх", id=1, channel="povitryani_live"),
            post(NATIONAL_TALLY, id=2, channel="povitryani_live", minutes=10),
            post(
                "Повітряний напад відбивали авіація, зенітні ракетні війська та мобільні "
                "вогневі групи. Збито 48 ударних БпЛА, 19 локаційно втрачено.",
                id=3, channel="povitryani_live", minutes=12,
            ),
        ],
    )
    assert before.incident and before.regions == ("UA-59",)
    assert not tally.incident and tally.regions == ()
    assert not repelled.incident and repelled.regions == ()


def test_a_national_tally_that_names_oblasts_is_an_incident_there(detector):
    text = (
        "Збито/подавлено 64 БпЛА на півночі, півдні та в центрі країни. Зафіксовано влучання "
        "на 5 локаціях у Сумській та Дніпропетровській областях."
    )
    detection = detector.detect(post(text, channel="povitryani_live"))
    assert detection.incident
    assert set(detection.regions) == {"UA-59", "UA-12"}


# ---------------------------------------------------------------- the past: tallies, rebuilt


@pytest.mark.parametrize(
    "text",
    [
        "За минулу добу рятувальники ліквідували 34 пожежі, з них 12 — в екосистемах",
        "Протягом доби вогнеборці загасили 22 займання сухої рослинності. Не паліть траву!",
        "За сутки спасатели потушили 17 пожаров в Белгородской области",
        "У Немишлянському районі відкрили відновлену після удару школу",
    ],
)
def test_a_daily_fire_tally_or_a_school_rebuilt_after_a_strike_is_the_past(detector, text):
    assert "за минулу добу рятувальники" in data().concepts["history"]
    assert not detector.detect(post(text, channel="dsns_oblast")).incident


def test_a_fire_of_now_reported_by_the_emergency_service_stays_an_incident(detector):
    text = "Павлоград: внаслідок атаки БпЛА виникла пожежа на території підприємства"
    detection = detector.detect(post(text, channel="dsns_oblast"))
    assert detection.incident and {"drone", "strike", "fire"} <= set(detection.types)


def test_a_mangled_car_is_damage(detector):
    assert "понівечений" in data().concepts["damage"]
    detection = detector.detect(post("Орихів: дрон атакував автомобіль, авто понівечене"))
    assert "damage" in detection.types


def test_runners_are_sport(detector):
    assert "марафон" in data().concepts["sport"]
    text = "Швидкісна ціль тижня: запорізький бігун виграв марафон у Львові"
    assert not detector.detect(post(text)).incident


# ---------------------------------------------------------------- a missile from a place


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Харків — швидкісна з Бєлгорода!", "UA-63"),
        ("БР з Курська на Суми", "UA-59"),
        ("Баллистика из Крыма на Одессу", "UA-51"),
    ],
)
def test_a_missile_from_a_place_marks_its_launch_site_not_the_alert(detector, text, region):
    assert "швидкісна з" in place_data().roles["origin"]
    detection = detector.detect(post(text))
    assert detection.incident and "missile" in detection.types
    assert detection.regions == (region,)


# ---------------------------------------------------------------- the cities' districts


@pytest.mark.parametrize(
    ("text", "home", "region"),
    [
        # a name many cities share: the city named in the post, else the channel's region
        ("Харків: приліт у Шевченківському районі", None, "UA-63"),
        ("Дніпро, приліт у Шевченківському районі", None, "UA-12"),
        ("Приліт у Шевченківському районі", "UA-63", "UA-63"),
        ("Приліт у Шевченківському районі", "UA-23", "UA-23"),
        ("Дніпровський район: горить приватний будинок", "UA-65", "UA-65"),
        # with neither, Kyiv's district of that name
        ("Приліт у Шевченківському районі", None, "UA-30"),
        ("Дніпровський район: горить приватний будинок", None, "UA-30"),
        # a name only one city has
        ("Шахед влучив у гаражі в Холодногірському районі", None, "UA-63"),
        ("Ракетний удар по Саксаганському району", None, "UA-12"),
        ("Одесса: взрывы в Хаджибейском районе", None, "UA-51"),
    ],
)
def test_a_city_district_is_the_district_of_the_city_the_post_or_channel_is_about(
    gaz, text, home, region
):
    districts = [m for m in gaz.find(text, home) if m.place.kind == "district"]
    assert [m.place.region for m in districts] == [region]


def test_a_kharkiv_channel_s_district_is_kharkiv_s(detector):
    first, district, harm = detect_stream(
        detector,
        [
            post("У Харкові вибухи! Будьте обережні", id=1, channel="kharkiv_holova"),
            post("Приліт у Шевченківському районі, уточнюємо", id=2, channel="kharkiv_holova",
                 minutes=3),
            post("Кількість поранених зросла до п'яти", id=3, channel="kharkiv_holova",
                 minutes=20),
        ],
    )
    assert first.regions == ("UA-63",)
    assert district.incident and district.regions == ("UA-63",)
    assert harm.incident and harm.types == ("casualties",) and harm.regions == ("UA-63",)


# ---------------------------------------------------------------- the harm a report did


def test_the_people_hurt_follow_the_report_they_are_the_harm_of(detector):
    posts = [
        post("Дніпро: приліт у Соборному районі", id=10, channel="dnipro_holova"),
        post("Уточнення по Соборному району: троє поранених, усі в лікарні, стан середньої "
             "тяжкості", id=11, channel="dnipro_holova", minutes=50, reply_to=10),
    ]
    hit, update = detect_stream(detector, posts)
    assert hit.incident and update.incident
    assert update.types == ("casualties",) and update.regions == ("UA-12",)


@pytest.mark.parametrize(
    ("first", "then"),
    [
        # an alert hurts nobody yet
        ("Дніпро — загроза з повітря!", "Двоє поранених, медики на місці"),
        # an hour later, and not a reply
        ("Дніпро: приліт у Соборному районі", "Кількість поранених зросла до п'яти"),
        # a memorial is the past
        ("Дніпро: приліт у Соборному районі",
         "Рік тому ракета влучила в будинок. Пам'ятаємо загиблих"),
    ],
)
def test_the_people_hurt_need_a_hit_or_a_bang_just_before(detector, first, then):
    minutes = 60 if first.endswith("районі") and then.startswith("Кількість") else 5
    _, second = detect_stream(
        detector,
        [post(first, id=1, channel="dnipro_holova"),
         post(then, id=2, channel="dnipro_holova", minutes=minutes)],
    )
    assert not second.incident


# ---------------------------------------------------------------- what city channels also write


@pytest.mark.parametrize(
    "text",
    [
        "Швидкісна траса до Борисполя відкрита",
        "Швидкісна залізниця до Львова",
        "Швидкісний трамвай на Троєщину ходитиме частіше",
        "Кличко: столиця готова до зими, в укриттях є генератори",
        "На Житомирщині розпочався опалювальний сезон",
    ],
)
def test_a_fast_road_or_a_city_ready_for_winter_is_off_topic(detector, text):
    assert {"швидкісна траса", "в укриттях є"} <= set(data().concepts["offtopic"])
    assert not detector.detect(post(text)).incident


def test_a_fast_target_alone_is_still_a_missile(detector):
    detection = detector.detect(post("Київ швидкісна!"))
    assert detection.incident and set(detection.types) == {"alert", "missile"}


def test_a_shelter_cue_counts_only_beside_names(detector):
    assert "укриття" in data().cue_names_only
    assert not detector.detect(post("Укриття на Салтівці тепер відкриті вночі")).incident
    detection = detector.detect(post("Харків — укриття!"))
    assert detection.incident and detection.regions == ("UA-63",)


@pytest.mark.parametrize(
    "text",
    [
        "Загинув внаслідок ворожого обстрілу наш земляк, захисник з Полтави. Вічна пам'ять герою",
        "Сьогодні громада зустрічала на щиті захисника, уродженця Полтави",
        "Загинув під час виконання бойового завдання наш земляк з Богодухова",
    ],
)
def test_a_fallen_soldier_s_obituary_is_no_incident(detector, text):
    assert "вічна пам'ять герою" in data().concepts["anniversary"]
    assert "бойового завдання" in data().concepts["history"]
    assert not detector.detect(post(text)).incident


def test_a_civilian_killed_by_shelling_stays_an_incident(detector):
    text = "Внаслідок обстрілу Херсона загинула жінка. Висловлюємо співчуття рідним"
    detection = detector.detect(post(text))
    assert detection.incident and "casualties" in detection.types


def test_thanks_to_the_mobile_fire_groups_is_no_report(detector):
    text = "Дякуємо кожному, хто захищає небо цієї ночі! Окрема подяка мобільним вогневим групам"
    _, thanks = detect_stream(
        detector,
        [post("Суми — шахеди з пн-сх", id=1), post(text, id=2, minutes=5)],
    )
    assert not thanks.incident


def test_a_possible_second_sortie_of_glide_bombs_leaves_the_all_clear_an_all_clear(detector):
    assert "виліт" in data().concepts["launch"]
    detection = detector.detect(post("Харків — відбій, але можливий повторний виліт КАБів"))
    assert detection.all_clear and not detection.incident
    assert detection.regions == ("UA-63",)


def test_all_targets_shot_down_is_air_defence(detector):
    assert "цілі збито" in data().concepts["air_defense"]
    detection = detector.detect(post("Одеса: усі цілі збито, наслідків немає"))
    assert detection.incident and "air_defense" in detection.types


def test_debris_in_reply_to_a_bang_is_the_debris_of_the_missile_reported_before(detector):
    threat, bang, debris = detect_stream(
        detector,
        [
            post("Київ — загроза балістики!", id=1, channel="stolytsia"),
            post("Київ, вибухи", id=2, channel="stolytsia", minutes=4),
            post("Зафіксовано падіння уламків у Дарницькому районі", id=3, channel="stolytsia",
                 minutes=9, reply_to=2),
        ],
    )
    assert threat.incident and bang.incident
    assert debris.incident and debris.types == ("missile",) and debris.regions == ("UA-30",)


@pytest.mark.parametrize(
    ("text", "table", "entry"),
    [
        ("За добу в Харкові оголошували 7 тривог загальною тривалістю 9 годин", "history",
         "загальною тривалістю"),
        ("Запрошуємо до лав мобільних вогневих груп Київщини: вимоги та контакти", "promo",
         "запрошуємо до лав"),
        ("Запоріжжя: у середу протестують сирени в Олександрівському районі", "drill",
         "протестувати"),
    ],
)
def test_a_tally_of_alerts_recruiting_and_a_siren_test_are_no_incident(
    detector, text, table, entry
):
    assert entry in data().concepts[table]
    assert not detector.detect(post(text)).incident
