"""What a third audit of detection on real Russian posts found (session 9: rear governors and
operational headquarters of Astrakhan, Orenburg, Adygea, Ulyanovsk, Nizhny Novgorod, Kaluga,
Tula, Ryazan, Lipetsk, Tambov, Voronezh, Smolensk, Saratov, Leningrad oblast and Krasnodar's
towns, city heads, Rosaviatsia, the Defence Ministry's tallies and front summaries, newswire
headlines, a war correspondent, drills and siren checks in Kaliningrad, Pskov and Leningrad
oblast, as public news pages quote them; read outside the repository, none copied). One test
per entry kind of the data it added (events.toml's `tried`, `shootdown`, `air_defense`,
`attack`, `fall`, `target`, `debris`, `aerial_debris`, `damage`; alerts.toml's `alert`,
`closed`, `precaution`; noise.toml's `offtopic` and `national`; grammar.toml's `suffered`,
`property` and `be`; place_shorthand.txt's region nicknames; industrial_sites.txt) and per
mechanism (a clause closed by a negation, a lift waited for, what air defence destroyed, a
district adjective narrowed by the villages file); the posts are written for these tests."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.detect import Detector
from bot.detect import lexicon as lx
from bot.detect.classify import analyse
from bot.detect.gazetteer import Gazetteer
from bot.detect.profiles import ChannelMemory
from tests.posts import post_maker

T0 = datetime(2027, 1, 8, 21, 0, tzinfo=UTC)

post = post_maker("ru_audit_three", T0)


def types(text: str) -> set[str]:
    return analyse(text, "ru", post_year=2027).types


# -- events.toml [tried] and [shootdown]: an attack attempted or prevented hit nothing -------


@pytest.mark.parametrize(
    "text",
    [
        "Пенза: ночью совершена попытка атаки беспилотника на одно из предприятий города. "
        "Пострадавших нет.",
        "Противник предпринял попытку атаки БПЛА на объекты ТЭК под Орском, разрушений нет.",
    ],
)
def test_an_attempted_attack_on_a_plant_is_no_strike(detector: Detector, text: str) -> None:
    detection = detector.detect(post(text))
    assert detection.incident
    assert "drone" in detection.types
    assert "strike" not in detection.types


def test_a_prevented_attack_is_air_defence_not_a_strike(detector: Detector) -> None:
    detection = detector.detect(post("Предотвращена атака БПЛА на подстанцию в Инзе, "
                                     "пострадавших нет."))
    assert detection.types == ("drone", "air_defense")
    assert detection.regions == ("RU-ULY",)


def test_an_attack_that_set_the_plant_on_fire_stays_a_strike() -> None:
    assert "strike" in types("Беспилотники атаковали промпредприятие в Кстово, на объекте пожар.")


# -- grammar.toml [grammar.suffered] and [grammar.property] -----------------------------------


def test_the_roles_are_read() -> None:
    grammar = lx.data().grammar
    assert {"пострадать", "постраждати"} <= grammar["suffered"]
    assert {"ограждение", "забор", "автомобиль", "огорожа"} <= grammar["property"]
    assert {"произойти", "статися"} <= grammar["be"]


@pytest.mark.parametrize(
    "text",
    [
        "Над Вязьмой сбит БПЛА. Пострадало металлическое ограждение частного дома.",
        "Обломки беспилотника упали во дворе, пострадали два автомобиля.",
        "Збито дрон, постраждала огорожа приватного будинку.",
    ],
)
def test_property_that_suffered_is_damage_not_casualties(text: str) -> None:
    found = analyse(text, "uk" if "Збито" in text else "ru", post_year=2027).types
    assert "damage" in found
    assert "casualties" not in found


def test_people_of_a_house_who_suffered_are_casualties() -> None:
    found = types("Обломки беспилотника упали во дворе, пострадали жители дома.")
    assert "casualties" in found


# -- classify: a clause that opens with the harm and closes with «нет» ------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Сбиты три БПЛА. Пострадавших и серьёзных разрушений нет, оценивается ущерб.",
        "Сбиты три БПЛА. Жертв и каких-либо повреждений нет, работают оперативные службы.",
        "Сбиты три БПЛА. В результате атаки пострадавших, по предварительным данным, нет.",
        "Сбиты три БПЛА. Пострадавших и повреждений, по предварительным данным, нет.",
    ],
)
def test_a_clause_closed_by_a_negation_denies_the_harm_it_lists(text: str) -> None:
    assert types(text) == {"drone", "air_defense"}


@pytest.mark.parametrize(
    "text",
    ["Сбиты три БПЛА. Пострадали двое, разрушений нет.", "Сбит БПЛА. Ранен мужчина, пожара нет."],
)
def test_a_negation_that_closes_the_next_clause_denies_only_that_clause(text: str) -> None:
    assert "casualties" in types(text)


# -- grammar.toml [grammar.be]: the verbs of happening ----------------------------------------


def test_a_fire_that_did_not_happen_is_none() -> None:
    found = types("Обломки БПЛА повредили газовую трубу на заводе, возгорания не произошло.")
    assert "fire" not in found
    assert "damage" in found


# -- classify: a lift waited for («до отмены») ------------------------------------------------


def test_a_lift_waited_for_is_the_alert_going_on(detector: Detector) -> None:
    text = ("Ельце до отмены красного уровня угрозы атаки БПЛА остановлен общественный "
            "транспорт. Пройдите в безопасное место.")
    detection = detector.detect(post("В " + text))
    assert not detection.all_clear
    assert detection.incident
    assert "alert" in detection.types
    assert detection.regions == ("RU-LIP",)


# -- alerts.toml [closed] and [alert]: airports and the sky closed ----------------------------


def test_operations_stopped_at_airports_are_an_alert(detector: Detector) -> None:
    text = ("Аэропорты Астрахани и Элисты. Временно прекращены все операции по приёму и "
            "отправке рейсов.")
    detection = detector.detect(post(text))
    assert detection.incident
    assert detection.types == ("alert",)
    assert set(detection.regions) == {"RU-AST", "RU-KL"}


def test_the_sky_closed_is_an_alert_and_a_demand_to_close_it_is_not(detector: Detector) -> None:
    detection = detector.detect(post("Ульяновск: небо закрыто для полётов."))
    assert detection.incident
    assert detection.regions == ("RU-ULY",)
    assert not detector.detect(post("Депутат снова требует закрыть небо над Европой.")).incident


# -- alerts.toml [precaution]: the city heads' shelter advice ---------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Внимание, жители Котласа! По возможности спуститесь в подвал.",
        "Майкоп: найдите помещение без окон и оставайтесь там до отбоя сигнала.",
    ],
)
def test_shelter_advice_is_an_alert_where_a_place_is_named(
    detector: Detector, text: str
) -> None:
    detection = detector.detect(post(text))
    assert detection.incident
    assert "alert" in detection.types


# -- noise.toml [offtopic] and [national]: the Ministry's front and the whole country ---------


@pytest.mark.parametrize(
    "text",
    [
        "Подразделения группировки войск «Восток» улучшили тактическое положение и нанесли "
        "поражение живой силе противника. Противник потерял до 180 военнослужащих, уничтожены "
        "два склада боеприпасов.",
        "Средствами ПВО за сутки сбиты три управляемые авиабомбы, 12 реактивных снарядов системы "
        "залпового огня и 54 беспилотника самолётного типа.",
        "Нанесено поражение объектам энергетики, обеспечивающим работу ВПК Украины, и пунктам "
        "временной дислокации в 131 районе.",
    ],
)
def test_the_ministry_s_front_summary_is_no_incident(detector: Detector, text: str) -> None:
    detection = detector.detect(post(text))
    assert not detection.incident
    assert detection.regions == ()


def test_the_ministry_s_tally_by_region_stays_an_incident(detector: Detector) -> None:
    text = ("За ночь дежурными средствами ПВО уничтожены 23 беспилотника: 9 над Курской, 8 над "
            "Саратовской и 6 над Астраханской областями.")
    detection = detector.detect(post(text))
    assert detection.incident
    assert set(detection.regions) == {"RU-KRS", "RU-SAR", "RU-AST"}


# -- events.toml [attack], [fall], [target], [air_defense] ------------------------------------


def test_a_missile_raid_is_a_missile_report_and_a_coating_is_nothing(detector: Detector) -> None:
    detection = detector.detect(post("Военкор: ракетный налёт на Курск, работает ПВО"))
    assert detection.incident
    assert "missile" in detection.types
    assert detection.regions == ("RU-KRS",)
    assert not detector.detect(post("Как убрать налёт с чайника в Курске: три способа")).incident


def test_a_fallen_drone_is_a_drone_report(detector: Detector) -> None:
    detection = detector.detect(post("Глава Калмыкии сообщил об упавшем дроне под Элистой"))
    assert detection.incident
    assert detection.types == ("drone",)
    assert detection.regions == ("RU-KL",)


def test_drones_that_attacked_a_plant_hit_it() -> None:
    assert "strike" in types("Три дрона атаковали промпредприятие в Новомосковске.")


def test_duty_crews_destroying_targets_is_air_defence_not_damage(detector: Detector) -> None:
    detection = detector.detect(post("Дежурные расчёты уничтожили несколько целей на подлёте к "
                                     "Таганрогу."))
    assert detection.types == ("air_defense",)
    assert detection.regions == ("RU-ROS",)


def test_an_unidentified_object_destroyed_is_air_defence(detector: Detector) -> None:
    detection = detector.detect(post("Над Энгельсом уничтожен неопознанный объект, угрозы для "
                                     "жителей нет."))
    assert detection.types == ("air_defense",)
    assert detection.regions == ("RU-SAR",)


# -- events.toml [debris], [aerial_debris], [fall], [damage] ----------------------------------


def test_debris_that_hit_a_plant_is_no_hit() -> None:
    found = types("Над Рязанью сбиты беспилотники. Есть попадание обломков на промышленный объект.")
    assert "strike" not in found
    assert {"drone", "air_defense"} <= found


def test_the_places_where_debris_may_have_fallen_are_no_hypothesis(detector: Detector) -> None:
    channel = post_maker("tambov_test_signal", T0)
    first = detector.detect(channel("Над Мичуринском отработала ПВО, в местах возможного "
                                    "падения обломков работают оперативные службы"))
    assert first.incident
    assert first.regions == ("RU-TAM",)
    # Alone, after the channel's drone report, it is that report's debris.
    report = channel("Тамбов: сбит беспилотник", id=2, minutes=30)
    follow = channel("В местах возможного падения обломков работают оперативные службы.", id=3,
                     minutes=45)
    memory = ChannelMemory()
    detections = []
    for item in (report, follow):
        context = memory.context(item)
        detection = detector.detect(item, context)
        memory.remember(item, detection)
        detections.append(detection)
    assert detections[1].incident
    assert detections[1].regions == ("RU-TAM",)
    assert "drone" in detections[1].types


def test_a_station_put_out_of_operation_is_damaged() -> None:
    found = types("Беспилотники атаковали нефтебазу под Армавиром, резервуар выведен из строя.")
    assert "damage" in found


# -- place_shorthand.txt: rear regions by their nicknames -------------------------------------


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Беспилотники атаковали предприятие в Оренбуржье", "RU-ORE"),
        ("Над Ульяновщиной сбиты два БПЛА", "RU-ULY"),
        ("На Липетчине объявлена угроза атаки БПЛА", "RU-LIP"),
        ("Над Нижегородчиной уничтожены три беспилотника", "RU-NIZ"),
        ("На Астраханщине после атаки дронов возник пожар", "RU-AST"),
        ("Над Волгоградчиной сбиты четыре БПЛА", "RU-VGG"),
        ("На Саратовщине отражена атака беспилотников", "RU-SAR"),
        ("Над Пензенщиной подавлен беспилотник", "RU-PNZ"),
        ("На Ярославщине сбит беспилотник", "RU-YAR"),
        ("Над Калужчиной сбиты два дрона", "RU-KLU"),
    ],
)
def test_a_region_s_nickname_is_the_region(detector: Detector, text: str, region: str) -> None:
    detection = detector.detect(post(text))
    assert detection.incident
    assert detection.regions == (region,)


def test_the_moscow_region_in_the_instrumental_is_the_city_and_the_oblast(gaz: Gazetteer) -> None:
    regions = {m.place.region for m in gaz.find("над Тверской областью и Московским регионом")}
    assert regions == {"RU-TVE", "RU-MOW", "RU-MOS"}


# -- industrial_sites.txt: plants named by their company alone --------------------------------


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Беспилотники атаковали Саратовнефтеоргсинтез, возник пожар", "RU-SAR"),
        ("Дрон упал на территории НЛМК, пострадавших нет", "RU-LIP"),
        ("Атака БПЛА на Ставролен: горит резервуар", "RU-STA"),
        ("Щекиноазот атакован беспилотниками, пожар потушен", "RU-TUL"),
    ],
)
def test_a_plant_named_alone_is_in_its_town_s_region(
    detector: Detector, text: str, region: str
) -> None:
    detection = detector.detect(post(text))
    assert detection.incident
    assert detection.regions == (region,)


# -- gazetteer: a district adjective narrowed by the villages file ----------------------------


def test_a_district_adjective_is_the_district_of_the_region_that_has_it(gaz: Gazetteer) -> None:
    # Мичуринский: Мичуринск (Tambov oblast) has the district; Мичуринское (Leningrad oblast)
    # does not.
    found = gaz.find("Прилёт БПЛА в Мичуринском округе")
    assert [(m.place.region, m.place.kind) for m in found] == [("RU-TAM", "district")]


# -- context.toml [conditional]: a memo for whenever a siren sounds ---------------------------


def test_a_memo_for_whenever_a_siren_sounds_is_no_alert(detector: Detector) -> None:
    text = "Туапсе: если сирена застала вас в машине — остановитесь и выйдите из автомобиля."
    assert not detector.detect(post(text)).incident
    assert detector.detect(post("Туапсе: звучит сирена, выйдите из автомобиля.")).incident


# -- classify: a weapon that hits is the subject of the active verb ---------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("По Павлограду: «Герани» поразили объекты энергетики, на месте пожар", "strike"),
        ("Искандер поразил склад в Краматорске", "strike"),
        ("Над Брянском средствами ПВО поражены два беспилотника", "air_defense"),
        ("Беспилотник поражён над Курчатовом", "air_defense"),
    ],
)
def test_poraziti_is_a_hit_after_its_weapon_and_a_shoot_down_before_it(
    text: str, kind: str
) -> None:
    found = types(text)
    assert kind in found
    assert ({"strike", "air_defense"} - {kind}).isdisjoint(found)


# -- noise.toml [offtopic] and context.toml [drill]: analysis and practice --------------------


def test_an_analysis_of_a_strike_is_no_strike_and_clearing_rubble_is(detector: Detector) -> None:
    assert not detector.detect(post("Подробный разбор удара по аэродрому в Моздоке — в нашем "
                                    "видео")).incident
    detection = detector.detect(post("В Энгельсе после удара дрона идёт разбор завалов, "
                                     "пострадал один человек"))
    assert detection.incident
    assert detection.regions == ("RU-SAR",)


def test_sailors_practising_repelling_boats_is_a_drill(detector: Detector) -> None:
    text = "В Балтийске сегодня громко — моряки отрабатывают отражение атаки безэкипажных катеров."
    assert not detector.detect(post(text)).incident
    assert detector.detect(post("Севастополь: ПВО отработала по целям над бухтой")).incident


# -- counts: a time of day is no count --------------------------------------------------------


def test_the_minutes_of_a_time_are_no_count(detector: Detector) -> None:
    detection = detector.detect(post("Сегодня в 00:40 произошёл прилёт БПЛА в Мичуринске, "
                                     "известно о 3 беспилотниках."))
    assert [(c.low, c.what) for c in detection.counts] == [(3, "drone")]


# -- events.toml [shootdown]: a drone «обезврежен» -------------------------------------------


def test_a_neutralised_drone_is_shot_down_and_a_defused_bomb_is_nothing(
    detector: Detector,
) -> None:
    detection = detector.detect(post("Беспилотник самолётного типа обезврежен на территории "
                                     "Шаблыкинского района."))
    assert detection.types == ("drone", "air_defense")
    assert detection.regions == ("RU-ORL",)
    assert not detector.detect(post("Сапёры обезвредили авиабомбу в Курске")).incident
