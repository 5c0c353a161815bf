"""Russian channels of the regions far from the border (the Volga, the Urals, the North-West,
the North Caucasus, Kaliningrad), airports and Rosaviatsia, a newswire's flash lines, the
fleets' news: airports closed are alerts in the airport's region, a sea is no place of ours, a
flash tag is no village, and what these channels post that is no incident. One test per entry
kind of the data (bot/data/airports.txt, the lexicon's `airport` and `closed` tables, the
place words' `aviation_words`) and per mechanism; the posts are written for these tests."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.detect import Detector
from bot.detect.context import DetectContext, RecentPost
from bot.detect.place_data import PlaceDataError, read_airports, read_residents
from tests.posts import post_maker

T0 = datetime(2026, 12, 20, 1, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector()


post = post_maker("ru_regions_x", T0)


# -- airports: bot/data/airports.txt and the lexicon's `airport` and `closed` --------------


@pytest.mark.parametrize(
    ("text", "region"),
    [
        # An airport by its own name is in its region, not a namesake village's.
        ("Пулково — введены временные ограничения на приём и выпуск", "RU-SPE"),
        ("Стригино: временные ограничения, рейсы задерживаются", "RU-NIZ"),
        ("Курумоч — «Ковёр»", "RU-SAM"),
        ("Бегишево закрыли", "RU-TA"),
        ("Большое Савино — ограничения на полёты", "RU-PER"),
        # Named after its city, the city is found.
        ("Аэропорт Махачкалы не принимает и не выпускает самолёты", "RU-DA"),
        ("Оренбург, аэропорт — «Ковёр»", "RU-ORE"),
        ("Аэропорт Чебоксары. Введены временные ограничения на приём и выпуск воздушных судов",
         "RU-CU"),
    ],
)
def test_an_airport_closed_is_an_alert_in_its_region(
    detector: Detector, text: str, region: str
) -> None:
    detection = detector.detect(post(text))
    assert detection.incident and "alert" in detection.types
    assert detection.regions == (region,)


def test_an_airport_s_place_is_the_airport(detector: Detector) -> None:
    detection = detector.detect(post("Пулково — план «Ковёр»"))
    (place,) = detection.places
    assert (place.name, place.kind, place.region) == ("Пулково", "airport", "RU-SPE")
    assert place.lat is not None and place.lon is not None


@pytest.mark.parametrize(
    "text",
    [
        # `aviation`: a surname, a common word or a town elsewhere unless flights are spoken of.
        "Гагарин — ограничения на приём и выпуск",
        "Аэропорт Саратова (Гагарин) не принимает рейсы",
    ],
)
def test_an_aviation_only_name_is_the_airport_where_flights_are_spoken_of(
    detector: Detector, text: str
) -> None:
    detection = detector.detect(post(text))
    assert detection.incident and detection.regions == ("RU-SAR",)


def test_an_aviation_only_name_is_not_the_airport_elsewhere(detector: Detector) -> None:
    detection = detector.detect(post("Гагарин — взрывы, работает ПВО"))
    assert "RU-SAR" not in detection.regions


def test_restrictions_lifted_are_the_airport_s_all_clear(detector: Detector) -> None:
    detection = detector.detect(post("Аэропорт Пулково: ограничения на приём и выпуск сняты"))
    assert not detection.incident and detection.all_clear
    assert detection.regions == ("RU-SPE",)


@pytest.mark.parametrize(
    "text",
    [
        "Кольцово: туман, видимость 150 метров, прилёты уходят на запасной в Челябинск",
        "Аэропорт Сочи принимает и отправляет воздушные суда без ограничений",
        "Аэропорт Белгорода закрыт уже почти четыре года",
        "Росавиация согласовала дополнительные рейсы в Калининград на праздники",
        "Закрыли на ремонт улицу Гагарина",
        "Режим работы ЦНАП временно ограничен: приём граждан по записи",
    ],
)
def test_travel_news_and_other_closures_are_no_alert(detector: Detector, text: str) -> None:
    detection = detector.detect(post(text))
    assert not detection.incident and not detection.all_clear


def test_every_airport_line_names_a_region_and_coordinates() -> None:
    airports = read_airports()
    assert airports["пулково"].region == "RU-SPE"
    assert airports["курумоче"] is airports["курумоч"]
    assert not airports["гагарин"].always and airports["стригино"].always
    for airport in airports.values():
        assert 40 < airport.lat < 70 and 19 < airport.lon < 90


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("Пулково | RU-SPE | 59.8 | 30.26 | Санкт-Петербург", "expected 6 fields"),
        ("Пулково | SPB | 59.8 | 30.26 | Санкт-Петербург | always", "ISO 3166-2"),
        ("Пулково | RU-SPE | north | 30.26 | Санкт-Петербург | always", "coordinates"),
        ("Пулково | RU-SPE | 59.8 | 30.26 | Санкт-Петербург | sometimes", "always"),
        ("Пулково, | RU-SPE | 59.8 | 30.26 | Санкт-Петербург | always", "empty name"),
    ],
)
def test_a_bad_airport_line_is_named_with_its_file_and_line(
    tmp_path: Path, line: str, problem: str
) -> None:
    path = tmp_path / "airports.txt"
    path.write_text("# airports\n" + line + "\n", encoding="utf-8")
    with pytest.raises(PlaceDataError, match=r"airports\.txt:2") as error:
        read_airports(path)
    assert problem in str(error.value)


# -- the sea, a flash tag, the whole country ------------------------------------------------


def test_an_event_only_at_sea_is_none_of_ours(detector: Detector) -> None:
    # It takes no region from the channel's report before it either.
    first = detector.detect(post("Новороссийск — угроза атаки БЭК"))
    assert first.regions == ("RU-KDA",)
    detection = detector.detect(
        post("Силами флота уничтожены два безэкипажных катера в Чёрном море", id=2, minutes=5)
    )
    assert not detection.incident and detection.regions == ()


def test_a_town_named_like_a_sea_is_the_town(detector: Detector) -> None:
    detection = detector.detect(post("Каспийск — взрывы, работает ПВО"))
    assert detection.incident and detection.regions == ("RU-DA",)


def test_a_sea_beside_a_place_of_ours_keeps_the_place(detector: Detector) -> None:
    detection = detector.detect(post("Над Чёрным морем сбиты шесть БПЛА, над Крымом — два"))
    assert detection.incident and detection.regions == ("UA-43",)


def test_a_newswire_s_flash_tag_is_no_village(detector: Detector) -> None:
    # [alert_words]: «МОЛНИЯ» opening the line is not the village Молния.
    assert detector.detect(post("МОЛНИЯ — Взрывы слышны в Чебоксарах")).regions == ("RU-CU",)
    assert not detector.detect(post("МОЛНИЯ — Иран заявил об ударе по базе в Ираке")).incident


def test_the_ministry_s_tally_over_the_whole_country_is_no_incident(detector: Detector) -> None:
    # [national]: «над регионами России» and no region named.
    text = "СРОЧНО — Дежурные средства ПВО за ночь уничтожили 52 беспилотника над регионами России"
    assert not detector.detect(post(text)).incident


# -- officials of inland regions: what they write that is a report ----------------------------


@pytest.mark.parametrize(
    ("text", "types"),
    [
        # [precaution]
        ("Каспийск: прошу избегать открытых участков улиц", {"alert"}),
        ("Невинномысск — прошу прекратить передвижение по городу", {"alert"}),
        # [air_defense]: the Ministry's forces at work; an attack repelled.
        ("Орск — работают силы Министерства обороны", {"air_defense"}),
        ("Атака на предприятие в Сызрани отражена, пострадавших нет", {"air_defense"}),
    ],
)
def test_officials_formulas_are_reports(detector: Detector, text: str, types: set[str]) -> None:
    detection = detector.detect(post(text))
    assert detection.incident and types <= set(detection.types)


def test_more_of_the_same_is_a_follow_up(detector: Detector) -> None:
    first = detector.detect(post("Воткинск — серия хлопков"))
    assert first.incident and first.regions == ("RU-UD",)
    # [followup_filler]: «серия», in reply to the line it goes on from.
    earlier = RecentPost(1, T0, True, ("explosion",), ("RU-UD",))
    context = DetectContext(recent=(earlier,), reply_to=earlier)
    detection = detector.detect(post("Ещё серия", id=2, minutes=2), context)
    assert detection.incident and detection.regions == ("RU-UD",)


# -- what these channels post that is no incident ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # [offtopic]: snowstorms and fog, industry letting off pressure, a siren's fault, a ship
        # launched, ground fighting.
        "В Оренбурге метель, на трассе заносы — водители, будьте осторожны",
        "На комбинате в Череповце плановый сброс давления, возможен громкий хлопок",
        "Сирена в Калининграде включилась из-за неисправности оборудования, угрозы нет",
        "В Зеленодольске спущен на воду малый ракетный корабль с «Калибрами»",
        "Запорожское направление: противник пытается контратаковать у Степногорска",
        # [drill]: the fleet against a mock enemy.
        "В Балтийске корабли отработали отражение атаки катеров условного противника",
        # [sport]
        "«Крылья Советов» забили два мяча, Самара гремит",
        # [conditional]: what a regime means, as news explain it.
        "Режим «Беспилотная опасность» вводится, когда к республике движется БПЛА",
    ],
)
def test_what_these_channels_post_between_alerts_is_no_incident(
    detector: Detector, text: str
) -> None:
    assert not detector.detect(post(text)).incident


# -- the people of a town (bot/data/residents.txt), follow-ups, the engine's drone ------------


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Уважаемые орчане! Опасность атаки БПЛА на территории города", "RU-ORE"),
        ("Прошу чебоксарцев оставаться дома: угроза атаки беспилотников", "RU-CU"),
        ("Дорогие дагестанцы! Над республикой сбиты беспилотники, сохраняйте спокойствие",
         "RU-DA"),
        ("Орловцы, будьте осторожны — в небе дроны", "RU-ORL"),
    ],
)
def test_an_official_addressing_a_town_s_people_names_the_town(
    detector: Detector, text: str, region: str
) -> None:
    detection = detector.detect(post(text))
    assert detection.incident and detection.regions == (region,)


def test_the_people_of_a_town_are_no_event_where_nothing_happens(detector: Detector) -> None:
    assert not detector.detect(post("Москвичи жалуются на пробки после снегопада")).incident


def test_residents_case_forms_come_by_rule() -> None:
    residents = read_residents()
    for form in ("орчане", "орчан", "орчанам", "белгородцев", "москвичей", "пермякам"):
        assert form in residents, form
    assert residents["орчан"].town == "Орск" and residents["дагестанцам"].town == ""


def test_a_bad_residents_line_is_named_with_its_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "residents.txt"
    path.write_text("# people\nОрчане | Орск | RU-ORE\n", encoding="utf-8")
    with pytest.raises(PlaceDataError, match=r"residents\.txt:2"):
        read_residents(path)


def test_where_it_went_after_a_sound_is_an_alert(detector: Detector) -> None:
    earlier = RecentPost(1, T0, True, ("explosion",), ("RU-NIZ",))
    context = DetectContext(recent=(earlier,), reply_to=earlier)
    detection = detector.detect(post("Летели низко со стороны Шелокши", id=2, minutes=2), context)
    assert detection.incident and detection.types == ("alert",)
    assert detection.regions == ("RU-NIZ",)


def test_an_engine_s_drone_alone_in_a_short_line_is_a_drone(detector: Detector) -> None:
    # [short_line] drone: «гул».
    detection = detector.detect(post("Торопец — гул, летят в сторону арсенала"))
    assert detection.incident and set(detection.types) == {"alert", "drone"}


# -- officials whose surnames are towns (places.toml official_surnames, titles, speech verbs) --


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Глава Чувашии Олег Николаев сообщил об атаке БПЛА на Чебоксары", "RU-CU"),
        ("Губернатор Гусев: над Лисками сбит беспилотник", "RU-VOR"),
        ("Гусев сообщил, что над Воронежем уничтожены три БПЛА", "RU-VOR"),
    ],
)
def test_an_official_named_like_a_town_is_the_official(
    detector: Detector, text: str, region: str
) -> None:
    assert detector.detect(post(text)).regions == (region,)


@pytest.mark.parametrize(
    "text", ["Николаев — шахеды на подлёте", "В Николаеве слышны взрывы"]
)
def test_the_town_stays_where_no_official_is_named(detector: Detector, text: str) -> None:
    assert detector.detect(post(text)).regions == ("UA-48",)


@pytest.mark.parametrize(
    ("text", "types"),
    [
        # [drone]: the МЧС's «БВС».
        ("Саратовская область: угроза атаки БВС. Не подходите к окнам", {"alert", "drone"}),
        # [shootdown]: «ликвидированы БПЛА», an incident even beside «Угроза снята».
        ("Над территорией Саратовской области силами ПВО ликвидированы БПЛА. Угроза снята",
         {"drone", "air_defense"}),
    ],
)
def test_the_volga_governors_words(detector: Detector, text: str, types: set[str]) -> None:
    detection = detector.detect(post(text))
    assert detection.incident and set(detection.types) == types
    assert detection.regions == ("RU-SAR",)


def test_a_fire_put_out_is_no_shoot_down(detector: Detector) -> None:
    detection = detector.detect(post("Пожар на складе в Энгельсе ликвидирован"))
    assert "air_defense" not in detection.types


def test_a_ship_named_after_a_town_is_no_place(detector: Detector) -> None:
    # [ship_words]: a quoted name beside a ship word is the ship; [offtopic]: its own weapons.
    detection = detector.detect(post("Подлодка «Краснодар» вышла в море с «Калибрами» на борту"))
    assert not detection.incident and detection.regions == ()
    detection = detector.detect(post("Новороссийск: атакован танкер «Сочи», повреждён борт"))
    assert detection.incident and detection.regions == ("RU-KDA",)
