"""Error classes found by running detection over real archived Ukrainian posts, a third round
(oblast and city heads of the west and centre, front-line city heads, Sumy and Chernihiv
hromadas, the Danube ports and Ochakiv, the Navy's daily report, the railway's and the Kyiv
metro's notices, quoted by regional news): the people of a town as their head addresses them,
«вразив об'єкт», «повітряний бій», the heads' «могли чути вибухи», rumours, days-ahead threats
and general calls to heed the sirens, a school's algorithm, a transport service notice, a
hromada that is Ukraine's, «Миколаївська сільська громада», a list of metro stations, the town
an attack verb or a port names. A test per entry kind of the data added for them; every post
here is written for the test."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.detect.lexicon import data
from bot.detect.place_data import read_residents, read_sites
from bot.detect.place_words import place_words
from bot.detect.villages import VillageStore
from tests.posts import post_maker, stream_maker

T0 = datetime(2027, 1, 12, 18, 0, tzinfo=UTC)
post = post_maker("oblast_head_test_ua", T0)
WORDS = place_words()


stream = stream_maker(post, step=3)


# ---------------------------------------------------------------- the people of a town

UKRAINIAN_RESIDENTS = sorted(
    {(word, entry.region) for word, entry in read_residents().items()
     if entry.region.startswith("UA-") and entry.region != "UA-40"
     and word.endswith(("ани", "яни", "ці", "ити", "ане", "яне", "цы", "ыты"))}
)


@pytest.mark.parametrize(("word", "region"), UKRAINIAN_RESIDENTS)
def test_a_head_addressing_the_people_of_a_ukrainian_town_names_it(detector, word, region):
    # bot/data/residents.txt: «Шановні лучани! Залишайтесь в укриттях» is Lutsk.
    detection = detector.detect(post(f"Шановні {word}! Залишайтеся в укриттях, працює ППО."))
    assert detection.incident and detection.regions == (region,)


def test_the_ukrainian_residents_words_have_their_case_forms():
    residents = read_residents()
    for form in ("вінничан", "вінничанам", "павлоградців", "павлоградцям", "одеситів",
                 "киянам", "броварчан"):
        assert form in residents, form
    assert residents["павлоградців"].town == "Павлоград"
    assert residents["волинянам"].town == "" and residents["волинянам"].region == "UA-07"


def test_a_request_to_the_people_in_an_oblique_case_names_the_town(detector):
    detection = detector.detect(post("Прошу павлоградців не виходити з укриттів до відбою."))
    assert detection.incident and detection.regions == ("UA-12",)
    assert {p.name for p in detection.places} == {"Павлоград"}


# ---------------------------------------------------------------- what the heads report


@pytest.mark.parametrize(
    ("text", "concept", "entry", "types", "regions"),
    [
        ("Йде повітряний бій над Житомирщиною!", "air_defense", "повітряний бій",
         ("air_defense",), ("UA-18",)),
        ("Ворог вразив об'єкт енергетики на Тернопільщині, частина абонентів без світла.",
         "strike", "вразити об'єкт", ("strike",), ("UA-61",)),
        ("У Бучанському районі після атаки сталося загорання складу.", "fire", "загорання",
         ("fire",), ("UA-32",)),
        ("Ще один ворожий БпЛА влітає в Рівне", "movement", "влітати",
         ("alert", "drone"), ("UA-56",)),
        ("Дві крилаті ракети увійшли у повітряний простір Волинської області.", "movement",
         "увійти у повітряний простір", ("alert", "missile"), ("UA-07",)),
    ],
)
def test_the_heads_words_for_what_happens(detector, text, concept, entry, types, regions):
    assert entry in data().concepts[concept]
    detection = detector.detect(post(text))
    assert detection.incident and set(types) <= set(detection.types)
    assert detection.regions == regions


@pytest.mark.parametrize(
    ("text", "concept", "entry", "types"),
    [
        ("Жителі Рівненщини, працює ППО. Небезпека ще триває.", "alert", "небезпека ще триває",
         ("alert", "air_defense")),
        ("Костопіль знову під обстрілом. Без потреби не виходьте з приміщень.", "precaution",
         "не виходьте з приміщень", ("alert", "strike")),
        ("Старокостянтинівці, прохання бути біля укриття: можлива детонація після удару.",
         "precaution", "біля укриття", ("alert", "strike")),
    ],
)
def test_the_heads_threat_goes_on_and_their_precautions(detector, text, concept, entry, types):
    assert entry in data().concepts[concept]
    detection = detector.detect(post(text))
    assert detection.incident and detection.types == types
    assert detection.regions in (("UA-56",), ("UA-68",))


def test_a_ukrainian_power_plant_named_without_its_town_is_its_town_s(gaz, detector):
    # bot/data/industrial_sites.txt, the Ukrainian feminine adjective in every case.
    sites = read_sites()
    assert sites["бурштинській тес"].region == "UA-26"
    assert [(m.place.name, m.place.kind) for m in gaz.find("удар по Ладижинській ТЕС")] == [
        ("Ладижинська ТЕС", "site")]
    detection = detector.detect(post("На Бурштинській ТЕС після удару спалахнула пожежа."))
    assert detection.incident and detection.regions == ("UA-26",)


@pytest.mark.parametrize(
    "text",
    ["Мешканці Вінницького району могли чути звуки вибухів. Працює ППО.",
     "Жителі Кам'янця-Подільського могли почути вибухи — це працювала протиповітряна оборона."],
)
def test_could_have_heard_explosions_is_a_hedged_report(detector, text):
    # [hedge] «могли чути»: the head's caution, not «могли бы» (a hypothesis).
    assert "могли чути" in data().concepts["hedge"]
    detection = detector.detect(post(text))
    assert detection.incident and "explosion" in detection.types
    assert detection.regions in (("UA-05",), ("UA-68",))


def test_an_attack_verb_or_a_port_names_a_town_named_like_a_person(detector):
    # places.toml [place_objects]: «Ізмаїл» and «Рені» are first names too.
    assert {"атакував", "порт"} <= WORDS.place_objects
    for text in ("Вночі ворог атакував Ізмаїл ударними дронами, пошкоджено склади.",
                 "Дрони знову атакували порт Рені, є влучання."):
        detection = detector.detect(post(text))
        assert detection.incident and detection.regions == ("UA-51",)


@pytest.mark.parametrize("word", sorted(WORDS.place_objects))
def test_each_place_object_word_makes_the_town_the_place(gaz, word):
    mentions = gaz.find(f"Ворог {word} Ізмаїл дронами")
    assert [(m.place.name, m.place.region) for m in mentions] == [("Ізмаїл", "UA-51")]


def test_a_part_of_a_town_before_its_name_makes_it_the_town(gaz):
    assert [(m.place.name, m.place.region) for m in gaz.find("Вибухи в центрі Ізмаїла")] == [
        ("Ізмаїл", "UA-51")]


def test_without_the_word_a_person_s_name_stays_a_person(gaz):
    assert not gaz.find("Ізмаїл Рамазанов повідомив журналістам")


# ---------------------------------------------------------------- hromadas


def test_a_hromada_is_named_after_a_ukrainian_town_only(detector):
    # A «громада» is Ukraine's: no Samara oblast village Береза names «Березівська громада».
    detection = detector.detect(post("У Березівській громаді після обстрілу пошкоджено будинки."))
    assert all(region.startswith("UA-") for region in detection.regions)
    assert detector.detect(post("Обстріл Краснопільської громади, пошкоджено школу.")).regions == (
        "UA-59",)


@pytest.mark.parametrize("stem", sorted(WORDS.hromada_qualifiers))
def test_an_oblast_adjective_before_a_hromada_qualifier_is_no_oblast(gaz, stem):
    # places.toml [hromada_qualifiers]: «Миколаївська сільська громада» of Sumy oblast.
    qualifier = {"сільськ": "сільська", "селищн": "селищна", "сельск": "сельская",
                 "поселков": "поселковая"}[stem]
    mentions = gaz.find(f"Обстрілу зазнала Миколаївська {qualifier}, Білопільська громади")
    assert not [m for m in mentions if m.place.kind == "region" and m.place.region == "UA-48"]


def test_a_hromada_the_villages_file_puts_elsewhere_is_no_guessed_town_s(detector):
    # «Калинівська громада» is in Vinnytsia, Kyiv, Kherson oblasts and Crimea, none of them
    # the oblast of a town «Калинівський»: the head's «Вінничани» names the only region.
    detection = detector.detect(post(
        "Вінничани, залишайтеся в укриттях. Над Калинівською громадою працює ППО."))
    assert detection.incident and detection.regions == ("UA-05",)


def test_a_list_of_hromadas_with_a_qualifier_is_one_oblast(detector):
    detection = detector.detect(post(
        "Протягом доби обстрілів зазнали Хотінська, Миколаївська сільська та Білопільська "
        "громади Сумської області: 14 вибухів."))
    assert detection.incident and detection.regions == ("UA-59",)


def test_the_city_council_of_an_oblast_centre_stays_its_oblast(detector):
    detection = detector.detect(post("Миколаївська міська рада: у місті пролунали вибухи."))
    assert detection.regions == ("UA-48",)


# ---------------------------------------------------------------- metro stations


@pytest.mark.parametrize("word", sorted(WORDS.station_lists))
def test_a_list_of_stations_names_no_towns_or_oblasts(gaz, word):
    # places.toml [station_lists]: Славутич is a Kyiv oblast town, Житомирська an oblast.
    text = f"Пасажирів просять не виходити на {word} Лівобережна, Славутич і Житомирська."
    assert not gaz.find(text)
    assert [m.place.name for m in gaz.find("Вибухи у Славутичі")] == ["Славутич"]


# ---------------------------------------------------------------- what is no incident


@pytest.mark.parametrize(
    ("text", "concept", "entry"),
    [
        # [fake]: the explosions are the rumour's
        ("Станом на зараз на Волині спокійно. Прошу не поширювати неправдиву інформацію про "
         "вибухи у Ковелі.", "fake", "неправдива інформація"),
        # [history]: the alert just ended, recapped
        ("Під час останньої повітряної тривоги на Тернопільщині обійшлося без надзвичайних "
         "подій. Дякую ППО!", "history", "під час останньої повітряної тривоги"),
        # [forecast]: days ahead, a general call
        ("Найближчі 48 годин на Чернігівщині зберігається загроза додаткових ударів.",
         "forecast", "найближчі 48 годин"),
        ("Звертаюся до мешканців Житомирщини: не ігноруйте сигнали повітряної тривоги.",
         "forecast", "не ігноруйте сигнали"),
        # [possible]
        ("Можлива робота ворожих розвідувальних дронів над Сумщиною.", "possible",
         "можлива робота"),
        # [conditional]: a school's algorithm and the railway's and metro's notices
        ("Якщо тривогу оголосили під час уроків на Рівненщині, учні йдуть до укриття школи.",
         "conditional", "якщо тривогу оголосили"),
        ("Через знеструмлення після атаки поїзд Львів — Харків прямує із затримкою близько "
         "двох годин.", "conditional", "прямує із затримкою"),
        ("Поїзд Київ — Ковель змінює маршрут у межах Житомирської області.", "conditional",
         "змінює маршрут"),
        ("Через повітряну тривогу рух поїздів на наземній ділянці метро у Києві призупинено.",
         "conditional", "рух поїздів"),
        ("Станції Київського метрополітену працюють у режимі укриття до відбою.",
         "conditional", "режимі укриття"),
        # [offtopic]: schools during alerts
        ("Після відбою тривоги ліцеї Вінниці продовжать освітній процес онлайн.", "offtopic",
         "освітній процес"),
    ],
)
def test_what_heads_and_services_post_that_is_no_incident(detector, text, concept, entry):
    assert entry in data().concepts[concept]
    detection = detector.detect(post(text))
    assert not detection.incident and not detection.all_clear


def test_a_railway_notice_that_tells_the_damage_still_reports_it(detector):
    detection = detector.detect(post(
        "Через обстріл пошкоджено залізничну станцію в Ковелі, поїзди прямують із затримкою."))
    assert detection.incident and "damage" in detection.types
    assert detection.regions == ("UA-07",)


@pytest.mark.parametrize(
    "text",
    [
        "Станом на 06:00 у Чорному морі 2 ворожі кораблі, з них 1 носій «Калібрів», сумарний "
        "залп до 4 ракет. В Азовському морі кораблів немає.",
        "Повітряні сили: вночі ворог атакував 96 ударними БпЛА, збито або подавлено 81 на "
        "півночі, сході та в центрі країни.",
        "Хвилина мовчання: Вінниця вшановує загиблих від ракетного удару по місту.",
        "Видача гуманітарної допомоги мешканцям Очаківської громади — у четвер з 9:00.",
    ],
)
def test_the_navy_s_report_and_the_air_force_s_summary_stay_no_incident(detector, text):
    assert not detector.detect(post(text, channel="odesa_news_test_ua")).incident


# ---------------------------------------------------------------- a head's night, as a channel


def test_a_city_head_s_night_of_lines_stays_at_home(detector):
    night = stream(
        detector,
        "Ворожий БпЛА курсом на Луцьк. Прошу бути в безпечному місці",
        "2 ворожі БпЛА біля Ківерців, попередньо курс на Луцьк",
        "Ще один ворожий БпЛА влітає в Луцьк",
        "Вибухи в Луцьку! Будьте в укритті",
        "Шановні лучани, прошу не публікувати фото та відео роботи ППО.",
        channel="lutsk_head_test_ua",
    )
    assert [d.incident for d in night] == [True, True, True, True, False]
    assert all(d.regions == ("UA-07",) for d in night[:4])


@pytest.mark.parametrize(
    "text",
    ["Жителі Волині могли чути звуки вибухів. Це планові навчання військових, загрози немає.",
     "Жители Шахт могли слышать хлопки. Это плановые учения на полигоне, поводов для тревоги нет."],
)
def test_bangs_the_head_puts_down_to_planned_drills_are_none(detector, text):
    # [explainer] and [drill]: «планові навчання» explain the bangs of the post.
    assert {"планові навчання", "плановые учения"} <= set(data().concepts["explainer"])
    assert "планові навчання" in data().concepts["drill"]
    assert not detector.detect(post(text)).incident


@pytest.mark.parametrize(
    ("text", "region"),
    [
        # the official alert channel's «<adjective> територіальна громада»
        ("🔴 22:10 Повітряна тривога в Кам'янець-Подільська територіальна громада.", "UA-68"),
        # a raion's regions apart from a hromada's: Poltava oblast has a «Білоцерківська
        # громада», only Kyiv oblast a «Білоцерківський район»
        ("🟢 23:40 Відбій тривоги в Білоцерківський район.", "UA-32"),
    ],
)
def test_the_alert_channel_s_hromadas_and_raions(detector, text, region):
    detection = detector.detect(post(text, channel="air_alert_test_ua"))
    assert detection.regions == (region,)
    assert detection.incident or detection.all_clear


def test_the_villages_file_tells_a_hromada_s_regions_from_a_raion_s():
    villages = VillageStore()
    assert villages.district_regions("білоцерківськ", "raion") == {"UA-32"}
    assert villages.district_regions("білоцерківськ", "hromada") == {"UA-32", "UA-53"}
    assert villages.district_regions("білоцерківськ") == {"UA-32", "UA-53"}
