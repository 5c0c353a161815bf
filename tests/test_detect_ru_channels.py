"""Russian-language channels: what real alert channels, governors and news write that is no
incident (forecasts, statements, sounds explained away, anniversaries, status posts, events
abroad, rules) and the reports that were missed (place-less follow-ups, debris after a
placed post, drones hunting cars on a road, a precaution beside a hedged drone line). One
test per entry kind of the lexicon data and per mechanism."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.detect import Detector
from bot.detect.classify import analyse
from bot.detect.context import DetectContext, RecentPost
from bot.detect.lexicon import data
from bot.detect.profiles import detect_stream
from tests.posts import post_maker

T0 = datetime(2026, 12, 10, 18, 0, tzinfo=UTC)



post = post_maker("ru_x", T0)


def recent(id: int, minutes: int, types=("alert", "drone"), regions=("RU-BEL",)) -> RecentPost:
    return RecentPost(id, T0 + timedelta(minutes=minutes), True, tuple(types), tuple(regions))


NOT_INCIDENTS = [
    # [forecast]: a night foretold, readiness asked for.
    ("night_loud", "Друзья, по всем признакам ночь будет громкой. Держитесь подальше от окон."),
    ("night_promise", "Ночь обещает быть неспокойной: монитор видит взлёты БПЛА с юга."),
    ("be_ready", "Прогноз на ночь: высокая вероятность налёта. Будьте готовы к сиренам."),
    ("expect", "Ночью ожидаем активность, держите телефоны заряженными."),
    # [politics]: strikes in general, meetings, air defence promised.
    ("will_go_on", "Наши удары по объектам противника будут продолжаться, заявили в Минобороны."),
    ("meeting", "Встретился с министром обороны. Договорились о дополнительных средствах ПВО."),
    ("session", "Губернатор провёл совещание по защите приграничья от дронов."),
    # [explainer] and [mistaken]: our flares, a thunderstorm, "don't take it for air defence".
    ("flares", "Резкие хлопки над Курчатовом — отстрел тепловых ловушек нашей авиацией."),
    ("thunder", "Воронежцев напугали ночные хлопки. Оказалось, это гром."),
    ("storm_not_pvo", "Громкий хлопок над Мценском — это гроза. Не путайте с ПВО."),
    # [anniversary]: the whole post tells of that day.
    ("this_day", "В этот день в прошлом году Брянск пережил атаку. 30 сбитых дронов за ночь."),
    ("forty_days", "Сегодня 40 дней со дня трагедии. Вечная память погибшим при обстреле."),
    # status posts: [offtopic] «в штатном режиме».
    ("status", "Канал работает в штатном режиме, админы на месте. Мониторим всю ночь."),
    # [abroad]: cities and sides of the Middle East, a capital that is not ours.
    ("tel_aviv", "В Тель-Авиве сработала система ПРО, слышны взрывы."),
    ("latakia", "Над Латакией ночью работала сирийская ПВО."),
    ("hezbollah", "Хезболла выпустила около 40 ракет, часть сбита «Железным куполом»."),
    ("their_capital", "Прогремели взрывы: израильские ВВС ударили по окраинам сирийской столицы."),
    # [rules]: a ban on filming air defence, «don't write where debris fell».
    ("ban", "В крае действует запрет на съёмку работы ПВО и РЭБ. Штраф — до 300 тысяч."),
    ("dont_write", "Не пишите в комментариях, где упали обломки. Это помогает врагу."),
    # [unrecorded]: seen and heard after «не».
    ("not_seen", "Целей пока не видно."),
    ("not_heard", "Взрывов в Белгороде не слышно."),
]


@pytest.mark.parametrize(("kind", "text"), NOT_INCIDENTS, ids=[k for k, _ in NOT_INCIDENTS])
def test_what_russian_channels_write_besides_incidents(detector, kind, text) -> None:
    assert not detector.detect(post(text)).incident, kind
    # Nor minutes after the channel's alert, where a follow-up would take its place.
    context = DetectContext(recent=(recent(10, 0),))
    assert not detector.detect(post(text, id=11, minutes=5), context).incident, kind


@pytest.mark.parametrize(
    ("text", "types"),
    [
        # [movement]: drones hunting what moves on a road are drones there now.
        ("Дроны охотятся за машинами на трассе Грайворон — Козинка", {"alert", "drone"}),
        ("Дрон гнался за легковушкой под Грайвороном", {"alert", "drone"}),
        ("Трасса Глушково — Тёткино: FPV атакуют автомобили", {"drone", "strike"}),
        # [precaution]: «воздержитесь от поездок», «будьте внимательны».
        ("Дорога Льгов — Шерекино под прицелом FPV. Воздержитесь от поездок.", {"alert"}),
        # [hedge]: «возможен повторный» keeps the precaution's alert.
        ("Рыльск: соблюдайте меры безопасности, возможен повторный пролёт БПЛА", {"alert"}),
        # [drone]: the «Баба-яга» hexacopter; [damage]: «разбит».
        ("Коренево: «Баба-яга» атаковала машину, разбит кузов", {"drone", "damage"}),
        # A forecast that came true, a drill denied, "be ready" with a course.
        ("Прогноз сбылся. Белгород — опасность атаки БПЛА", {"alert", "drone"}),
        ("Не учения! Хлопки над Разумным, работает ПВО", {"explosion", "air_defense"}),
    ],
)
def test_reports_beside_those_words_still_count(detector, text, types) -> None:
    detection = detector.detect(post(text))
    assert detection.incident and types <= set(detection.types), detection.types


@pytest.mark.parametrize(
    "text", ["Над городом ещё двое", "Ещё 3 на подлёте", "Аккуратнее!", "Ещё трое с моря"]
)
def test_more_follow_up_shapes_take_the_previous_place(detector, text) -> None:
    """[followup_filler] «двое», «подлёте» (ё read as е), [short_line] «аккуратнее»."""
    context = DetectContext(recent=(recent(10, 0),))
    detection = detector.detect(post(text, id=11, minutes=6), context)
    assert detection.incident and detection.regions == ("RU-BEL",)


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("Летят дальше", {"alert", "drone"}),  # [followup_filler] «дальше»
        ("Отработали", {"air_defense"}),  # [short_line] air_defense
        ("Фрагменты беспилотника обнаружены во дворе частного дома", {"drone"}),  # [debris]
        ("На месте падения обломков работают оперативные службы", {"drone"}),  # [fall]
    ],
)
def test_follow_ups_of_a_drone_alert(detector, text, types) -> None:
    context = DetectContext(recent=(recent(10, 0),))
    detection = detector.detect(post(text, id=11, minutes=5), context)
    assert detection.incident and detection.regions == ("RU-BEL",)
    assert types <= set(detection.types), detection.types


@pytest.mark.parametrize(
    "text",
    [
        "Ночь обещает быть громкой. Берегите себя.",  # [forecast]
        "Были слышны хлопки — это сапёры уничтожали боеприпасы.",  # [explainer]
        "Будьте внимательны: мошенники звонят от имени МЧС.",  # [offtopic]
        "Громкие хлопки связаны с уничтожением взрывоопасных предметов.",  # [explainer]
        "Путин: удары по энергетике — ответ на атаки на наши НПЗ.",  # [politics]
        "Песков: атаки дронов на Москву не останутся без ответа.",  # [politics]
        "Военкор: ВСУ сосредоточили дроны у границы, жду атак.",  # [forecast]
        "Мэр провёл приём граждан, чьи квартиры пострадали от обстрелов.",  # [offtopic]
        "Губернатор встретился с семьями погибших при обстреле Рыльска.",  # [history]
        "Дети нарисовали открытки для бойцов ПВО.",  # [offtopic]
        "Судя по активности, ночью прилетит. Берегите себя.",  # [forecast]
        "Есть информация о подготовке удара по региону.",  # [forecast]
        "Минобороны: все атаки будут отражены.",  # [politics]
        "Взрывы, которые слышали в Шебекино, — это работа сапёров.",  # [explainer]
        "Мы ежедневно фиксируем атаки дронов на наши сёла, — глава округа.",  # [politics]
        "В Минобороны сообщили, что за год сбито более 10 тысяч беспилотников.",  # [history]
    ],
)
def test_more_talk_that_is_no_follow_up(detector, text) -> None:
    context = DetectContext(recent=(recent(10, 0),))
    assert not detector.detect(post(text, id=11, minutes=5), context).incident


def test_a_forecast_that_came_true_reports(detector) -> None:
    """[hedge] «прогноз подтвердился» is no forecast."""
    detection = detector.detect(post("Прогноз подтвердился: Брянск — опасность БПЛА"))
    assert detection.incident and detection.regions == ("RU-BRY",)


def test_debris_after_a_placed_report_is_that_weapon_there(detector) -> None:
    """A governor's account of debris an hour after the channel's report: the place and the
    weapon of that report, and the harm it names."""
    posts = [
        post("Над Белгородским районом сбиты три беспилотника.", id=1, channel="gov"),
        post(
            "Обломки упали на территории частного домовладения, повреждена кровля.",
            id=2, channel="gov", minutes=75,
        ),
        post("Сбит над окраиной, обломки упали в лесополосу", id=3, channel="gov", minutes=80),
    ]
    first, second, third = detect_stream(detector, posts)
    assert first.incident and first.regions == ("RU-BEL",)
    assert second.incident and second.regions == ("RU-BEL",)
    assert set(second.types) == {"drone", "damage"}
    assert third.incident and {"drone", "air_defense"} <= set(third.types)


def test_debris_with_nothing_before_it_may_be_anything(detector) -> None:
    assert not detector.detect(
        post("В Ельце обрушился балкон, обломки упали на припаркованную машину.")
    ).incident
    # Too long after the report it would follow.
    stale = DetectContext(recent=(recent(10, 0),))
    late = post("Обломки упали во двор, выбиты окна.", id=11, minutes=60 * 4)
    assert not detector.detect(late, stale).incident


def test_an_anniversary_ignores_every_sentence_of_its_post() -> None:
    assert "в этот день" in data().concepts["anniversary"]
    analysis = analyse("В этот день год назад — атака. 30 сбитых дронов за ночь.", "ru")
    assert all(info.ignored_because for info in analysis.sentences)


def test_a_precaution_beside_a_forecast_belongs_to_it() -> None:
    analysis = analyse("Прогноз на ночь: высокая вероятность атаки. Держитесь от окон.", "ru")
    assert not analysis.types
    assert analyse("Держитесь от окон.", "ru").types == {"alert"}


def test_a_gas_explosion_is_not_gaza() -> None:
    """[abroad] has «Газа» with its capital (the Strip), not «газа» of «газ»: a gas explosion
    stays ours."""
    local = Detector(home_regions={"ru_x": "RU-BEL"})
    detection = local.detect(post("Взрыв газа в пятиэтажке, есть пострадавшие"))
    assert detection.incident and detection.regions == ("RU-BEL",)


@pytest.mark.parametrize(
    "text",
    [
        "Курск: возможна атака БПЛА, будьте осторожны",
        "Клинцы: возможен пролёт БПЛА, соблюдайте меры безопасности",
        "Возможна атака БПЛА на Воронеж, соблюдайте осторожность",
    ],
)
def test_a_possible_attack_with_precautions_for_a_named_place_is_an_alert(detector, text):
    """[possible]: with precautions to take now and a weapon, an alert that needs a place."""
    detection = detector.detect(post(text))
    assert detection.incident and {"alert", "drone"} <= set(detection.types)


@pytest.mark.parametrize(
    "text",
    [
        "Возможна атака БПЛА, будьте осторожны.",  # no place
        "Возможна атака БПЛА в ближайшие дни, следите за каналом.",  # no precaution
        "Этой ночью возможна атака дронов на регион. Будьте осторожны.",  # a forecast
    ],
)
def test_a_possible_attack_without_a_place_or_precautions_is_a_forecast(detector, text):
    assert not Detector(home_regions={"ru_x": "RU-BEL"}).detect(post(text)).incident
