"""What an audit of detection on real Russian channels' posts found: alert channels' service
posts that ask readers to report sightings, calls to subscribe pasted onto a report's line,
promotions of other alert channels pitched with alert words, and news channels' crimes and
road crashes told with strike and harm words. One test per entry kind of the data
(bot/data/lexicon/grammar.toml's `service_requests` and `signature_tails`, noise.toml's
`crime`) and per mechanism; the posts are written for these tests."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from bot.detect import Detector
from bot.detect import lexicon as lx
from bot.detect.classify import analyse
from bot.detect.context import DetectContext, RecentPost
from bot.detect.segment import segment
from tests.posts import post_maker

T0 = datetime(2026, 12, 3, 18, 0, tzinfo=UTC)

post = post_maker("ru_audit_x", T0)


# -- grammar.toml [grammar.service_requests] --------------------------------------------------


def test_every_service_request_pattern_compiles_and_asks_for_reports() -> None:
    patterns = lx.data().patterns["service_requests"]
    assert patterns
    for pattern in patterns:
        re.compile(pattern, re.IGNORECASE | re.MULTILINE)
    # Every request has one of the listed fragments: the cheap test before the patterns.
    fragments = lx.data().pattern_fragments["service_requests"]
    for pattern in patterns:
        assert any(f in pattern.lower() for f in fragments), pattern
    joined = re.compile("|".join(patterns), re.IGNORECASE | re.MULTILINE)
    assert joined.search("Просьба при пролётах БПЛА сообщать в личку")
    assert not joined.search("Жители сообщают о громких звуках в Курске")


@pytest.mark.parametrize(
    "text",
    [
        "Уважаемые подписчики.\nПросьба при пролётах БПЛА или громких звуках сообщать.",
        "⚠️Только проверенная информация.\nО громких звуках, прилётах, пролётах БПЛА и т.д. "
        "сообщать в —\nПринимаем фото и видео",
        "Сообщить о громких звуках и пролётах дронов можно сюда — (админ Тамань)",
        "Атаки беспилотников на приграничье участились. Просим при визуальном обнаружении "
        "дронов пройти в укрытие и сообщить по телефону 112",
        "Прохання про гучні звуки та прольоти повідомляти в бот, а не в коментарі",
    ],
)
def test_a_request_for_reports_is_no_incident(detector: Detector, text: str) -> None:
    assert not detector.detect(post(text)).incident


def test_a_request_beside_a_placed_report_keeps_the_report(detector: Detector) -> None:
    detection = detector.detect(post("Курск — опасность БПЛА! О пролётах сообщайте в бот"))
    assert detection.incident and detection.regions == ("RU-KRS",)
    # Channels asking what people hear, with no topic of a request, still report.
    assert detector.detect(post("Белгород — громко, сообщайте, что у вас")).incident


def test_requests_and_a_report_on_one_line_are_told_apart() -> None:
    # A line is searched for requests once (from its first sentence that names something);
    # what that search found holds for the sentences after it, up to the request it found.
    text = (
        "Просьба при пролётах БПЛА сообщать в бот. Курск — опасность БПЛА! "
        "О пролётах БПЛА сообщайте сюда"
    )
    infos = analyse(text, "ru").sentences
    assert [info.ignored_because for info in infos] == [lx.PROMO, None, lx.PROMO]


def test_a_request_takes_no_region_from_the_channel_s_last_report(detector: Detector) -> None:
    before = detector.detect(post("Ейск — опасность БПЛА", id=1))
    assert before.incident
    context = DetectContext(
        recent=(RecentPost(1, T0, True, before.types, before.regions, before.places),)
    )
    request = post("Уважаемые подписчики!\nПросьба при пролётах сообщать.", id=2, minutes=5)
    assert not detector.detect(request, context).incident


# -- grammar.toml [grammar.signature_tails] ---------------------------------------------------


def test_every_signature_tail_pattern_closes_a_line() -> None:
    patterns = lx.data().patterns["signature_tails"]
    assert patterns
    for pattern in patterns:
        assert pattern.endswith("$"), pattern
        re.compile(pattern, re.IGNORECASE | re.MULTILINE)


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Миллерово, Чертково — опасность по БПЛА❤️ Подписаться", "RU-ROS"),
        ("Тимашевск внимание по БПЛА👉 Подписаться на канал", "RU-KDA"),
        ("Брянск — ракетная опасность - подписаться", "RU-BRY"),
    ],
)
def test_a_call_to_subscribe_pasted_onto_a_report_is_cut_off(
    detector: Detector, text: str, region: str
) -> None:
    detection = detector.detect(post(text))
    assert detection.incident and detection.regions == (region,)


def test_a_cut_tail_is_the_signature_and_a_name_left_alone_goes_with_it() -> None:
    cut = segment("Ейск — опасность БПЛА❤️ Подписаться")
    assert cut.text == "Ейск — опасность БПЛА"
    assert cut.signature_lines == ("❤️ Подписаться",)
    # The channel's name before the call is no report: the whole line goes.
    named = segment("Белгород — сбитие\n🔔 Тревога 31 ❤️ Подписаться")
    assert named.text.strip() == "Белгород — сбитие"
    # A line with a link is left out whole, as before.
    linked = segment("Будьте внимательны.\n\n😄[— Подписаться](https://t.me/+abc)")
    assert "Подписаться" not in linked.text


def test_a_call_to_subscribe_alone_makes_no_incident(detector: Detector) -> None:
    assert not detector.detect(post("🔔 Тревога Юг ❤️ Подписаться")).incident


# -- promotion with alert words and no place --------------------------------------------------


def test_a_promotion_pitched_with_alert_words_is_no_incident(detector: Detector) -> None:
    pitch = (
        "НЕ РЕКЛАМА! В связи с массированными атаками беспилотников мы создали отдельный "
        "канал оповещений о ракетной опасности.\nПерейдите и подпишитесь, включите звук"
    )
    assert not detector.detect(post(pitch)).incident
    # With a place of its own the report stands.
    report = "Белгородская область — опасность атаки БПЛА. Подписывайтесь на резервный канал"
    assert detector.detect(post(report)).regions == ("RU-BEL",)


# -- noise.toml [crime] -----------------------------------------------------------------------


def test_the_crime_table_has_no_weapon_nickname() -> None:
    words = set(lx.data().concepts[lx.CRIME])
    # «Ураган», «Смерч» are rocket artillery as well as storms.
    assert not words & {"ураган", "смерч", "торнадо", "град"}
    assert {"нож", "избить", "врезаться в остановку"} <= words


@pytest.mark.parametrize(
    "text",
    [
        "В Люблине мужчина с ножом напал на двух прохожих. Пострадавших госпитализировали",
        "Подросток избил одноклассника в школе в Митине. Мальчик в больнице",
        "Маршрутка врезалась в остановку в Екатеринбурге. Есть пострадавшие",
        "Пьяный водитель влетел в толпу на Профсоюзной. Пострадали пять человек",
        "Бродячие собаки покусали школьницу в Бирюлёве",
        "У Дніпрі чоловік з ножем напав на перехожого, потерпілого госпіталізували",
    ],
)
def test_a_crime_or_a_crash_is_no_incident(detector: Detector, text: str) -> None:
    assert not detector.detect(post(text)).incident


def test_a_weapon_blast_or_fire_beside_a_crime_word_stays(detector: Detector) -> None:
    # The crime's own sentence goes; a sentence with a weapon, blast or fire stays.
    text = "Водитель пострадал после драки на заправке. Вечером беспилотник атаковал склад в Орске"
    assert detector.detect(post(text)).incident
    assert detector.detect(post("ФПВ атаковал автобус в Шебекино, водитель ранен")).incident
    assert detector.detect(post("Электробус загорелся на Варшавском шоссе в Москве")).incident


# -- a district written next to a village the gazetteer knows only elsewhere ------------------


@pytest.mark.parametrize(
    ("text", "region"),
    [
        # place_shorthand.txt's districts: Болдыревка, Салтыково, Козинка of Belgorod oblast
        # are not in the villages file; their namesakes are in Amur, Penza, Stavropol oblasts.
        ("Болдыревка Бгд — пролёт БПЛА на север", "RU-BEL"),
        ("Салтыково, Бел. р-н — внимание, ФПВ", "RU-BEL"),
        ("Козинка, Гр-н — ФПВ над селом", "RU-BEL"),
        # A region written next to the name works as before.
        ("Болдыревка (Воронежская обл.) — внимание, БПЛА", "RU-VOR"),
    ],
)
def test_a_village_takes_the_region_of_the_district_written_next_to_it(
    detector: Detector, text: str, region: str
) -> None:
    detection = detector.detect(post(text))
    assert detection.incident and detection.regions == (region,)
    village = text.split()[0].rstrip(",")
    assert any(p.name.startswith(village[:5]) and p.region == region for p in detection.places)


# -- a post headed by a forecast; shelling in preparation; leaders by office ------------------


def test_a_post_headed_by_a_forecast_is_a_forecast_throughout(detector: Detector) -> None:
    forecast = (
        "Прогнозы на ночь и 13.12.\nОрловская область\nПротивник продолжит попытки пролёта "
        "БПЛА в сторону тыловых регионов, возможны удары по объектам энергетики.\n"
        "Воронежская область\nОпасность ракетных ударов и БПЛА на высоком уровне."
    )
    assert not detector.detect(post(forecast)).incident
    # Glued to its header by copy-paste, too.
    glued = "Прогнозы на ночьЛипецкая область Враг продолжает попытки прорыва БПЛА на север."
    assert not detector.detect(post(glued)).incident
    # What a forecast's post says did happen stays a report.
    kept = "Прогноз подтвердился. Над Ливнами сбиты два БПЛА"
    assert detector.detect(post(kept)).regions == ("RU-ORL",)


def test_shelling_in_preparation_is_a_forecast(detector: Detector) -> None:
    text = "Получили данные о готовящемся обстреле Таганрога. Не игнорируйте тревоги"
    assert not detector.detect(post(text)).incident
    assert detector.detect(post("Таганрог — обстрел, все в укрытия")).incident


@pytest.mark.parametrize(
    "text",
    [
        "Удары дальнобойными ракетами по России ничего не изменят, заявил президент",
        "Противник впервые применил новую баллистическую ракету, — стратком ВСУ",
    ],
)
def test_a_leader_by_office_on_strikes_in_general_is_politics(
    detector: Detector, text: str
) -> None:
    assert not detector.detect(post(text)).incident


def test_a_leader_reporting_harm_in_a_place_is_still_a_report(detector: Detector) -> None:
    text = "Президент: ночью дроны атаковали Одессу, погибли двое"
    assert detector.detect(post(text)).regions == ("UA-51",)


@pytest.mark.parametrize(
    "text",
    [
        "Соседние страны разворачивают дополнительные системы ПВО после испытаний новой ракеты",
        "Бойцам на границе не хватает ПВО и РЭБ, просим помочь",
        "Волонтёры модернизировали зенитные установки и передали их подразделению",
        "Снова о характеристиках РЭБ, которые поставляются на фронт",
    ],
)
def test_air_defence_as_equipment_is_no_incident(detector: Detector, text: str) -> None:
    assert not detector.detect(post(text)).incident


def test_air_defence_at_work_beside_equipment_words_stays(detector: Detector) -> None:
    text = "Над Курском работает ПВО, сбиты два БПЛА. Систем ПВО в области не хватает"
    assert detector.detect(post(text)).regions == ("RU-KRS",)


# -- a village whose namesakes are all far from the channel's one home region -----------------


@pytest.mark.parametrize(
    ("text", "region"),
    [
        # Namesakes in Penza, Ryazan, Perm, Tver, Moscow oblasts... (all 400+ km away).
        ("Салтыково — ФПВ, аккуратно", "RU-BEL"),
        # One namesake only, in Tver oblast.
        ("Нелидовка — внимание по БПЛА", "RU-BEL"),
    ],
)
def test_a_village_far_from_every_namesake_is_the_local_channel_s(
    text: str, region: str
) -> None:
    detector = Detector(home_regions={"bel_local": "RU-BEL"})
    detection = detector.detect(post(text, channel="bel_local"))
    assert detection.incident and detection.regions == (region,)


def test_a_namesake_near_the_home_or_a_channel_with_no_home_is_left_to_the_ranking() -> None:
    local = Detector(home_regions={"bel_local": "RU-BEL"})
    # Болдыревка has a Voronezh namesake, 200 km from Belgorod: the rule does not apply.
    near = local.detect(post("Болдыревка — внимание по БПЛА", channel="bel_local"))
    assert near.regions != ("RU-BEL",)
    # With no home the namesake stands.
    nowhere = Detector().detect(post("Нелидовка — внимание по БПЛА", channel="anywhere"))
    assert nowhere.regions == ("RU-TVE",)
    # A federal city's channel has its own rule (see test_detect_places).
    big = local.detect(post("Тверь — внимание по БПЛА", channel="bel_local"))
    assert big.regions == ("RU-TVE",)


@pytest.mark.parametrize(
    "text",
    [
        "Собаки помогают бороться со стрессом и снижают уровень тревоги, — психологи",
        "Пациент постоянно нажимал на кнопку тревоги и пытался сбежать из клиники",
        "В метро агрессивный пассажир ударил ногой подростка",
        "В Москве мужчина украл картину из галереи и попытался её продать",
    ],
)
def test_anxiety_an_alarm_button_a_kick_or_a_theft_is_no_incident(
    detector: Detector, text: str
) -> None:
    assert not detector.detect(post(text)).incident


def test_anxiety_beside_a_blast_keeps_the_blast(detector: Detector) -> None:
    text = "Чувство тревоги у жителей Белгорода растёт: ночью снова гремели взрывы"
    assert detector.detect(post(text)).regions == ("RU-BEL",)


def test_a_warning_of_the_enemy_s_aircraft_is_an_alert_and_its_lift_an_all_clear(
    detector: Detector,
) -> None:
    alert = detector.detect(post("Херсонская область\nВнимание по авиации!"))
    assert alert.incident and alert.types == ("alert",) and alert.regions == ("UA-65",)
    lifted = detector.detect(post("Херсонская область — отбой внимания по авиации"))
    assert lifted.all_clear and not lifted.incident
