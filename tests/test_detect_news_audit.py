"""Ukrainian channels of both languages and both sides (patriotic news and aggregators, units'
channels, officials, Russian war correspondents and the occupation's officials) flag posts
that report no incident of a place: the ground war told by units and war bloggers, statements
and foreign papers' analysis, enemy losses tallied, drones sent to the front, holidays,
treason cases, Karabakh and the news of Belarus and Kazakhstan. One test per entry kind of
the data added after an audit of 3,822 real posts (noise.toml's `front` and the words added
to `offtopic`, `crime`, `politics`, `abroad` and `national`, context.toml's `history`,
grammar.toml's `ad_marks`) and one for the front's mechanism; the posts are written for these
tests, in the style of the channels studied (read outside the repository)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.detect import Detector
from tests.posts import post_maker

T0 = datetime(2027, 1, 22, 8, 0, tzinfo=UTC)

post = post_maker("news_audit_x", T0)


# -- noise.toml [front]: the ground war is no incident of a place ------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # Armour, dugouts, prisoners and the units' own video.
        (
            "Розрахунок бригади підбив ворожий танк на підступах до посадки, екіпаж утік пішки.",
            "uk",
        ),
        (
            "Аеророзвідка знайшла бліндаж окупантів, артилерія накрила його з третього пострілу.",
            "uk",
        ),
        ("За тиждень у полон здалися ще дев'ятеро окупантів, їх уже допитують.", "uk"),
        (
            "Кадры объективного контроля: расчёт миномёта накрыл опорный пункт ВСУ в лесополосе.",
            "ru",
        ),
        ("Артиллерия ЧВК отработала по пехоте противника, выходившей на ротацию ночью.", "ru"),
        # The front spreads to its post's hits by shells or drops alone.
        (
            "Противник пішов у наступ трьома БМП. Наш батальйон розібрав решту піхоти скидами.",
            "uk",
        ),
    ],
)
def test_the_ground_war_is_no_incident(detector: Detector, text: str, lang: str) -> None:
    detection = detector.detect(post(text))
    assert not detection.incident
    assert detection.lang == lang


@pytest.mark.parametrize(
    ("text", "region", "kind"),
    [
        # What flies or burns beside the front stays the town's.
        (
            "Росіяни скинули авіабомбу на Костянтинівку, пошкоджено ліцей. А на Покровському "
            "напрямку наші бійці підбили два танки.",
            "UA-14",
            "strike",
        ),
        (
            "Дрон ВСУ атаковал маршрутку в Каменке-Днепровской, ранены трое. Рядом окопы, "
            "но били по людям.",
            "UA-23",
            "casualties",
        ),
    ],
)
def test_an_attack_on_a_town_beside_the_front_stays(
    detector: Detector, text: str, region: str, kind: str
) -> None:
    detection = detector.detect(post(text))
    assert detection.incident
    assert region in detection.regions
    assert kind in detection.types


# -- noise.toml [offtopic]: drones sent to the front, holidays ---------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Волонтери відправили на фронт ще 500 FPV-дронів і дві «Баби-Яги».",
        "Бригада отримала безпілотний комплекс від фонду, дякуємо всім, хто долучився!",
        "З Днем Повітряних сил і дякуємо тим, хто збиває шахеди над нашими містами!",
        "З нагоди Дня міста нагородили рятувальників, які гасили пожежі після обстрілів.",
        "Поздравляем с профессиональным праздником расчёты ПВО, которые берегут небо Белгорода.",
    ],
)
def test_deliveries_and_holidays_are_no_incident(detector: Detector, text: str) -> None:
    assert not detector.detect(post(text)).incident


# -- noise.toml [crime]: treason and agents caught ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "СБУ затримала коригувальника ракетних ударів по Дніпру: чоловік фотографував наслідки "
        "обстрілів і передавав їх куратору.",
        "Викрито агентурну мережу, яка наводила шахеди на енергооб'єкти Полтавщини.",
        "В Курске задержан корректировщик, передававший координаты для ударов по городу. "
        "Ему грозит статья о госизмене.",
    ],
)
def test_treason_cases_are_no_incident(detector: Detector, text: str) -> None:
    assert not detector.detect(post(text)).incident


# -- noise.toml [politics]: air defence asked for, foreign papers' analysis -------------------


@pytest.mark.parametrize(
    "text",
    [
        "Міністр: нам потрібні системи ППО для кожного обласного центру, бо ракети летять щодня.",
        "Нам нужен ещё один дивизион ПВО, чтобы закрыть небо над Белгородом, заявил депутат.",
        "The Economist: удари по енергетиці Харкова можуть повторитися взимку.",
        "Washington Post: ракетные удары по Одессе стали точнее из-за спутниковых снимков.",
    ],
)
def test_statements_and_papers_are_no_incident(detector: Detector, text: str) -> None:
    assert not detector.detect(post(text)).incident


# -- noise.toml [abroad]: Karabakh, Belarus, Kazakhstan ---------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "У Нагірному Карабасі обстріляли колону, є загиблі.",
        "В Бобруйске на заводе взорвался котёл, двое рабочих пострадали.",
        "В Алматы на рынке прогремел взрыв газового баллона, ранены четыре человека.",
        "Под Барановичами горел склад, пожар потушили к утру.",
    ],
)
def test_abroad_in_russian_and_ukrainian_news_is_no_incident(detector: Detector, text: str) -> None:
    detection = detector.detect(post(text))
    assert not detection.incident
    assert detection.regions == ()


# -- noise.toml [national]: the enemy's losses tallied -------------------------------------------


def test_the_enemys_losses_tallied_are_no_incident(detector: Detector) -> None:
    text = (
        "Втрати ворога за добу:\n✅ 980 окупантів\n🔸 - 9 танків\n🔸 - 3 установки ППО\n"
        "🔸 - 41 БпЛА\nТримаймося!"
    )
    assert not detector.detect(post(text)).incident


# -- context.toml [history]: what we recall, weeks summed up ------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "У день артилериста пригадуємо, як наші гармати зупинили колону під Ізюмом.",
        "За останні два тижні мобільні групи збили понад 80 шахедів, розповів командувач.",
        "Российские расчёты за две недели уничтожили сорок украинских беспилотников.",
    ],
)
def test_recollections_and_fortnights_are_the_past(detector: Detector, text: str) -> None:
    assert not detector.detect(post(text)).incident


# -- grammar.toml [ad_marks]: «Реклама» in the channel's menu is no ad ------------------------


def test_a_report_above_the_menu_with_an_ad_link_stays(detector: Detector) -> None:
    text = "Шахеди атакували Запоріжжя, чути вибухи.\nПідписатися |\nРеклама |\nПідтримати"
    detection = detector.detect(post(text))
    assert detection.incident
    assert "UA-23" in detection.regions


def test_an_ad_label_opening_a_line_is_still_an_ad(detector: Detector) -> None:
    text = "Реклама\nПлівка на вікна від вибухової хвилі: захистить від уламків після прильоту."
    assert not detector.detect(post(text)).incident


# -- the rescuers' and the schedules' words -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "region"),
    [
        # «особового складу», «личного состава» are the rescuers' own: no front.
        (
            "Харків: після удару КАБом горить склад, залучено 12 одиниць техніки та 50 осіб "
            "особового складу ДСНС.",
            "UA-63",
        ),
        (
            "Брянск: после атаки беспилотника загорелся ангар, к тушению привлечены 30 человек "
            "личного состава МЧС.",
            "RU-BRY",
        ),
    ],
)
def test_the_rescuers_staff_and_vehicles_are_no_front(
    detector: Detector, text: str, region: str
) -> None:
    detection = detector.detect(post(text))
    assert detection.incident
    assert region in detection.regions


def test_a_return_to_the_schedules_is_no_strike(detector: Detector) -> None:
    # Read in a post, «графіків» is «графік»: the plural genitive entry keeps it the schedule.
    text = "Київщина повертається до графіків відключень після обстрілів енергетики."
    assert not detector.detect(post(text)).incident
