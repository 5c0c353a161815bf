"""A generated week of posts over 200 channels: attack waves, alerts, news and everything else.

    python -m bench.week 100000 > week.jsonl      # Post JSONL, dates increasing

Deterministic for a seed. What a week holds, scaled to the number of posts asked for:

- **Waves.** Every night a few regions are attacked; a wave lasts 1-6 hours. Its alert
  channel posts short lines ("Анапа / Опасность по БПЛА.", "🔴 Повітряна тривога в ...")
  and an all-clear; news channels report explosions, air defence, debris and damage with
  counts; some reports are forwarded or copied word for word by aggregators within seconds
  to hours; the governor or the ministry sums the night up in the morning ("за ночь ...").
- **Everything else** (about two posts in three): weather, sport, prices, ads, city life,
  and the words that trip keyword filters ("взрывной рост", "удар по бюджету").

Texts are written for this benchmark in the styles of alert channels, news channels,
officials and wires; none is copied from a real post.
"""

from __future__ import annotations

import json
import random
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

SEED = 20261130
START = datetime(2026, 11, 16, 0, 0, tzinfo=UTC)
DAYS = 7
CHANNELS = 200

# (nominative, prepositional, region name in the genitive for summaries, ISO code, language)
PLACES: list[tuple[str, str, str, str, str]] = [
    ("Анапа", "Анапе", "Краснодарского края", "RU-KDA", "ru"),
    ("Новороссийск", "Новороссийске", "Краснодарского края", "RU-KDA", "ru"),
    ("Туапсе", "Туапсе", "Краснодарского края", "RU-KDA", "ru"),
    ("Белгород", "Белгороде", "Белгородской области", "RU-BEL", "ru"),
    ("Шебекино", "Шебекино", "Белгородской области", "RU-BEL", "ru"),
    ("Таганрог", "Таганроге", "Ростовской области", "RU-ROS", "ru"),
    ("Брянск", "Брянске", "Брянской области", "RU-BRY", "ru"),
    ("Курск", "Курске", "Курской области", "RU-KRS", "ru"),
    ("Воронеж", "Воронеже", "Воронежской области", "RU-VOR", "ru"),
    ("Липецк", "Липецке", "Липецкой области", "RU-LIP", "ru"),
    ("Калуга", "Калуге", "Калужской области", "RU-KLU", "ru"),
    ("Смоленск", "Смоленске", "Смоленской области", "RU-SMO", "ru"),
    ("Тула", "Туле", "Тульской области", "RU-TUL", "ru"),
    ("Харків", "Харкові", "Харківської області", "UA-63", "uk"),
    ("Одеса", "Одесі", "Одеської області", "UA-51", "uk"),
    ("Київ", "Києві", "Київської області", "UA-32", "uk"),
    ("Суми", "Сумах", "Сумської області", "UA-59", "uk"),
    ("Дніпро", "Дніпрі", "Дніпропетровської області", "UA-12", "uk"),
    ("Запоріжжя", "Запоріжжі", "Запорізької області", "UA-23", "uk"),
    ("Миколаїв", "Миколаєві", "Миколаївської області", "UA-48", "uk"),
]
EN_NAMES = {
    "Анапа": "Anapa", "Новороссийск": "Novorossiysk", "Туапсе": "Tuapse", "Белгород": "Belgorod",
    "Шебекино": "Shebekino", "Таганрог": "Taganrog", "Брянск": "Bryansk", "Курск": "Kursk",
    "Воронеж": "Voronezh", "Липецк": "Lipetsk", "Калуга": "Kaluga", "Смоленск": "Smolensk",
    "Тула": "Tula", "Харків": "Kharkiv", "Одеса": "Odesa", "Київ": "Kyiv", "Суми": "Sumy",
    "Дніпро": "Dnipro", "Запоріжжя": "Zaporizhzhia", "Миколаїв": "Mykolaiv",
}  # fmt: skip

ALERT_RU = "{nom} / Опасность по БПЛА."
ALERT_RU_MISSILE = "{nom} / Ракетная опасность."
CLEAR_RU = "{nom} / Отбой опасности по БПЛА."
ALERT_UK = "🔴 Повітряна тривога в {gen}\nСлідкуйте за подальшими повідомленнями."
CLEAR_UK = "🟢 Відбій тривоги в {gen}"

REPORTS_RU = [
    "⚡️ Взрывы в {prep}: местные насчитали от {a} до {b} хлопков. По словам очевидцев, "
    "работает ПВО, в небе видны вспышки.",
    "Больше {b} взрывов прогремели в {prep} — жители снимают вспышки в небе. Говорят, атаку "
    "беспилотников отражает ПВО.",
    "Атака беспилотников на {nom}. По нашим данным, сбито не меньше {a} дронов, в городе "
    "звучат сирены.",
    "В {prep} обломки сбитого беспилотника упали во двор многоэтажки — повреждены фасад и "
    "{a} машины. Пострадавших нет.",
    "В {prep} после атаки БПЛА загорелась кровля склада, на месте работают пожарные. "
    "Очевидцы слышали {a} взрыва.",
    "Над {prep} снова работает ПВО: местные жители сообщают о {a} громких хлопках.",
]
REPORTS_UK = [
    "Вибухи в {prep}. Окупанти атакували місто ударними БпЛА, працює ППО. Попередньо, "
    "пошкоджено {a} автомобілі.",
    "{nom}: внаслідок атаки дронів виникла пожежа на території підприємства. Постраждали "
    "{a} людини, їм надається допомога.",
    "У {prep} лунають вибухи — працюють сили ППО. Залишайтеся в укриттях до відбою тривоги.",
]
REPORTS_EN = [
    "Residents of {en} reported a series of {a} explosions as air defences engaged incoming "
    "drones, local channels said. Debris damaged several cars; no casualties were reported.",
    "Drone attack on {en}: air defences shot down {b} drones, officials said. A fire broke out "
    "at an industrial site.",
]
SUMMARY_RU = (
    "За ночь дежурными средствами ПВО уничтожены {b} беспилотников над территорией {gen}. "
    "В {prep} повреждены кровли {a} частных домов, пострадавших нет."
)
SUMMARY_UK = (
    "Вночі противник атакував {gen} ударними БпЛА. Сили ППО збили {b} дронів. У {prep} "
    "пошкоджено {a} будинки, постраждалих немає."
)
OTHER = [
    "Погода: завтра в {prep} до +{a}, ночью туман, видимость местами до {b}0 метров. "
    "Синоптики просят водителей быть внимательнее.",
    "В {prep} прошла ярмарка: фермеры привезли мёд, сыр и овощи, а вечером на площади "
    "устроили концерт. Праздник посетили около {a} тысяч человек.",
    "Цены на бензин в {prep} за неделю выросли на {a}%. Аналитики говорят о взрывном росте "
    "спроса перед праздниками.",
    "Местный клуб взорвал трибуны: победный гол на {b}-й минуте, {a}:1 в матче тура.",
    "Глава города {nom} пообещал отремонтировать {a} дворов до конца года. Удар по бюджету "
    "окажется меньше, чем ожидали.",
    "Підписуйтесь на наш канал: найсвіжіші новини {gen} щодня. Розіграш {a} подарунків!",
    "Shares of a retailer based in {en} rose {a}% on Friday after a surprise profit upgrade.",
    "В {prep} открыли новый каток, вход для школьников бесплатный до {a} декабря.",
    "Синоптики обещают в {prep} первый снег: ночью до -{a}, днём около нуля.",
    "Футбол: молодёжная команда «{nom}» выиграла турнир, забив {b} мячей за {a} игры.",
]


@dataclass(frozen=True)
class Channel:
    name: str
    kind: str  # alerts_ru | alerts_uk | news | official | wire | aggregator | local


def channels(count: int = CHANNELS) -> list[Channel]:
    kinds = (
        ["alerts_ru"] * 6
        + ["alerts_uk"] * 4
        + ["news"] * 30
        + ["official"] * 12
        + ["wire"] * 8
        + ["aggregator"] * 40
    )
    kinds += ["local"] * (count - len(kinds))
    return [Channel(f"{kind}_{i:03d}", kind) for i, kind in enumerate(kinds[:count])]


def _fill(template: str, place: tuple[str, str, str, str, str], rng: random.Random) -> str:
    nom, prep, gen, _code, _lang = place
    a = rng.randint(2, 9)
    return template.format(
        nom=nom, prep=prep, gen=gen, en=EN_NAMES[nom], a=a, b=a + rng.randint(3, 30)
    )


def generate(posts: int, seed: int = SEED) -> Iterator[dict]:
    """`posts` posts over a week, oldest first, as Post JSONL objects."""
    rng = random.Random(seed)
    chans = channels()
    by_kind: dict[str, list[Channel]] = {}
    for channel in chans:
        by_kind.setdefault(channel.kind, []).append(channel)
    events: list[tuple[datetime, str, str, dict]] = []  # (date, channel, text, extra)

    def emit(date: datetime, channel: Channel, text: str, **extra: object) -> None:
        events.append((date, channel.name, text, extra))

    # About a third of the posts belong to waves; a wave yields ~25 posts on average.
    waves = max(1, posts // 3 // 25)
    for _ in range(waves):
        day = rng.randrange(DAYS)
        start = START + timedelta(days=day, hours=rng.choice((19, 20, 21, 22, 23, 0, 1, 2)))
        start += timedelta(minutes=rng.randrange(60))
        length = timedelta(minutes=rng.randint(60, 360))
        place = rng.choice(PLACES)
        region_places = [p for p in PLACES if p[3] == place[3]]
        lang = place[4]
        alerts = by_kind["alerts_ru" if lang == "ru" else "alerts_uk"]
        alert_channel = alerts[zlib.crc32(place[3].encode()) % len(alerts)]
        alert_text = ALERT_RU_MISSILE if rng.random() < 0.2 else ALERT_RU
        emit(start, alert_channel, _fill(alert_text if lang == "ru" else ALERT_UK, place, rng))
        originals: list[tuple[datetime, Channel, str]] = []
        for _ in range(rng.randint(8, 30)):
            at = start + timedelta(seconds=rng.randrange(int(length.total_seconds())))
            where = rng.choice(region_places)
            roll = rng.random()
            if roll < 0.15 and originals:  # a forward or a verbatim copy of a report
                date, origin, text = rng.choice(originals)
                copier = rng.choice(by_kind["aggregator"])
                later = date + timedelta(seconds=rng.choice((5, 20, 90, 600, 3600)))
                if rng.random() < 0.5:
                    emit(later, copier, text, forwarded_from=origin.name, forward_date=date)
                else:
                    emit(later, copier, text)
                continue
            if roll < 0.3:
                emit(at, alert_channel, _fill(ALERT_RU if lang == "ru" else ALERT_UK, where, rng))
                continue
            if lang == "ru":
                channel = rng.choice(by_kind["news"])
                text = _fill(rng.choice(REPORTS_RU), where, rng)
            elif rng.random() < 0.7:
                channel = rng.choice(by_kind["news"])
                text = _fill(rng.choice(REPORTS_UK), where, rng)
            else:
                channel = rng.choice(by_kind["wire"])
                text = _fill(rng.choice(REPORTS_EN), where, rng)
            emit(at, channel, text)
            originals.append((at, channel, text))
        end = start + length
        emit(end, alert_channel, _fill(CLEAR_RU if lang == "ru" else CLEAR_UK, place, rng))
        morning = end + timedelta(hours=rng.randint(2, 6), minutes=rng.randrange(60))
        officials = by_kind["official"]
        official = officials[zlib.crc32(place[3].encode()) % len(officials)]
        emit(morning, official, _fill(SUMMARY_RU if lang == "ru" else SUMMARY_UK, place, rng))

    waves_posts = len(events)
    for _ in range(max(0, posts - waves_posts)):
        at = START + timedelta(seconds=rng.randrange(DAYS * 86400))
        channel = rng.choice(by_kind["local"] + by_kind["news"] + by_kind["aggregator"])
        emit(at, channel, _fill(rng.choice(OTHER), rng.choice(PLACES), rng))

    events.sort(key=lambda e: e[0])
    next_id: dict[str, int] = {}
    ids: dict[tuple[str, datetime], int] = {}
    for date, channel, text, extra in events[:posts]:
        number = next_id.get(channel, 1000)
        next_id[channel] = number + 1
        ids[(channel, date)] = number
        post = {
            "channel": channel,
            "id": number,
            "date": date.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "text": text,
        }
        origin = extra.get("forwarded_from")
        if origin is not None:
            origin_id = ids.get((str(origin), extra["forward_date"]))  # type: ignore[index]
            if origin_id is not None:
                post["forwarded_from"] = origin
                post["forwarded_id"] = origin_id
        yield post


def write(path: str, posts: int, seed: int = SEED) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for post in generate(posts, seed):
            out.write(json.dumps(post, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    for item in generate(count):
        sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
