# ruff: noqa: B023 -- emit() is defined and used inside one iteration of the loop
"""Write the alert-channel part of tests/data/devset.jsonl (rows with "set": "alerts").

The lines are written for this project in the styles of real alert channels (regional alert
and radar channels of Russia's border regions and Crimea, front-line channels, Ukraine's Air
Force and oblast administrations, Ukrainian monitoring channels); no real post is copied. Each
channel style is a hand-written list of places and event lines with their labels; a night of
a channel is a sequence of alerts, follow-ups (as replies or as the next post), all-clears and
the channel's other posts (forecasts, statements, service posts, promotions). A fixed seed
makes the file reproducible: ``python scripts/write_alert_devset.py`` rewrites that part.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

DEVSET = Path(__file__).resolve().parent.parent / "tests" / "data" / "devset.jsonl"
SEED = 20261130
SET = "alerts"

A, D, M = "alert", "drone", "missile"
S, E, AD = "strike", "explosion", "air_defense"

# Each style: channel, lang, places [(as written, region)], events [(format, types)] where
# "{p}" is the place, follow-ups, all-clears, signature lines, and the channel's other posts.
STYLES = [
    {
        "channel": "kursk_radar_ru",
        "lang": "ru",
        "start": 41000,
        "places": [
            ("Курск", "RU-KRS"),
            ("Курчатов", "RU-KRS"),
            ("Льгов", "RU-KRS"),
            ("Рыльск", "RU-KRS"),
            ("Суджа", "RU-KRS"),
            ("Железногорск", "RU-KRS"),
            ("Обоянь", "RU-KRS"),
            ("Глушково", "RU-KRS"),
        ],
        "glued": True,
        "events": [
            ("{p} / Опасность по БПЛА", [A, D]),
            ("{p} — пролёт БПЛА", [A, D]),
            ("{p}: фиксации БПЛА от гг", [A, D]),
            ("{p} громко", [E]),
            ("{p} — ракетная опасность", [A, M]),
            ("{p}, хлопки слышны", [E]),
            ("{p} — работает ПВО", [AD]),
            ("{p}: возможно обстрел", [S]),
            ("{p} — БПЛА курсом на север", [A, D]),
            ("{p} — сбитие БПЛА", [D, AD]),
        ],
        "followups": [
            ("Ещё один летит", None),
            ("Повторно!", None),
            ("Ещё 2", None),
            ("Пролёты продолжаются", None),
        ],
        "clear": ["Отбой опасности по БПЛА", "Отбой", "{p} — отбой"],
        "signature": ["📡 Радар Курск — @kursk_radar_ru"],
        "negatives": [
            (
                "Прогноз на ночь: высокая вероятность массированной атаки БПЛА по приграничью.",
                "neg_politics",
            ),
            ("Сообщайте о пролётах в бот @kursk_radar_bot, анонимно.", "neg_promo"),
            ("Карта тревог по области обновлена, ссылка в закрепе.", "neg_promo"),
            ("Сбор на генераторы для приграничных сёл: реквизиты в комментариях.", "neg_donation"),
            ("Нас уже 40 тысяч! Спасибо, что с нами.", "neg_promo"),
            ("Правила чата: без паники, без фото ПВО, без мата.", "neg_rules"),
        ],
    },
    {
        "channel": "belgorod_lokator",
        "lang": "ru",
        "start": 7100,
        "places": [
            ("Грайворон", "RU-BEL"),
            ("Шебекино", "RU-BEL"),
            ("Белгород", "RU-BEL"),
            ("Валуйки", "RU-BEL"),
            ("Новая Таволжанка", "RU-BEL"),
            ("Головчино", "RU-BEL"),
            ("Борисовка", "RU-BEL"),
            ("Строитель", "RU-BEL"),
        ],
        "events": [
            ("{p} кассеты", [S]),
            ("{p} — арта", [S]),
            ("{p} РСЗО", [S]),
            ("{p}: ракетная опасность", [A, M]),
            ("{p} — ФПВ", [A, D]),
            ("{p} — миномёт", [S]),
            ("{p}, меры безопасности", [A]),
            ("{p} — все в укрытия", [A]),
            ("{p}: прилёт", [S]),
            ("{p} — дрон атаковал машину, есть раненые", [D, S, "casualties"]),
        ],
        "followups": [("Ещё 2", None), ("Повторно", None), ("Снова!", None)],
        "clear": ["Отбой ракетной опасности", "{p}: отбой"],
        "signature": ["🔔 Локатор Белгород", "Подписаться | Прислать новость"],
        "negatives": [
            ("Присылайте фото и видео в нашу предложку, лучшее опубликуем.", "neg_promo"),
            ("Резервный канал на случай блокировки — ссылка в описании.", "neg_promo"),
            (
                "Губернатор проведёт прямой эфир в 18:00, вопросы можно оставить в комментариях.",
                "neg_other",
            ),
            ("Поддержать канал: бусты и донаты, ссылки внизу.", "neg_donation"),
            ("Напоминаем: при сирене уйти от окон и спуститься в подвал.", "neg_rules"),
            ("Новые поставки ПВО в регион: что известно о закупке комплексов.", "neg_politics"),
        ],
    },
    {
        "channel": "bryansk_nebo",
        "lang": "ru",
        "start": 3300,
        "places": [
            ("Брянск", "RU-BRY"),
            ("Почеп", "RU-BRY"),
            ("Унеча", "RU-BRY"),
            ("Климово", "RU-BRY"),
            ("Новозыбков", "RU-BRY"),
            ("Стародуб", "RU-BRY"),
            ("Сельцо", "RU-BRY"),
            ("Трубчевск", "RU-BRY"),
        ],
        "events": [
            ("{p} — БПЛА курсом на Брянск", [A, D]),
            ("{p} громко", [E]),
            ("Через {p} в сторону Унечи — БПЛА", [A, D]),
            ("{p}: опасность атаки БПЛА", [A, D]),
            ("{p} — взрывы", [E]),
            ("{p} — мопеды на северо-запад", [A, D]),
            ("{p}: ПВО работает", [AD]),
            ("{p} — обстрел", [S]),
        ],
        "followups": [("Ещё один летит", None), ("Ещё два на север", None), ("Следом ещё", None)],
        "clear": ["Отбой", "Отбой опасности"],
        "signature": ["Небо Брянска ✈️ @bryansk_nebo"],
        "negatives": [
            (
                "Ночь ожидается неспокойной, в ближайшие сутки возможна атака. "
                "Держим телефоны заряженными.",
                "neg_politics",
            ),
            ("Пишите в бот @nebo32_bot, если видите или слышите дроны.", "neg_promo"),
            (
                "Президент заявил, что удары по приграничью будут продолжены до победы.",
                "neg_politics",
            ),
            ("Розыгрыш пауэрбанка среди подписчиков — условия в комментариях.", "neg_promo"),
        ],
    },
    {
        "channel": "krym_vozduh",
        "lang": "ru",
        "start": 15500,
        "places": [
            ("Керчь", "UA-43"),
            ("Джанкой", "UA-43"),
            ("Феодосия", "UA-43"),
            ("Евпатория", "UA-43"),
            ("Саки", "UA-43"),
            ("Симферополь", "UA-43"),
            ("Севастополь", "UA-40"),
            ("Армянск", "UA-43"),
        ],
        "events": [
            ("{p}: группа БПЛА в обход с моря", [A, D]),
            ("{p} — взрывы", [E]),
            ("{p} — работает ПВО", [AD]),
            ("{p}: БЭКи заходят с моря", [A, D]),
            ("{p} громко, аккуратно", [A, E]),
            ("{p} — ракетная опасность, все в укрытия", [A, M]),
            ("{p}: штормы, слышны взрывы", [M, E]),
            ("{p} — сбиты 3 БПЛА", [D, AD]),
        ],
        "followups": [("Ещё один", None), ("Повторно громко", [E]), ("Ещё 3 с моря", None)],
        "clear": ["Отбой воздушной тревоги", "{p}: отбой"],
        "signature": ["⚓️ Крым Воздух", "Прислать новость — @krym_vozduh_bot"],
        "negatives": [
            ("Переправа работает в штатном режиме, очередь на въезд около часа.", "neg_other"),
            ("МИД осудил удары по гражданским объектам и призвал к переговорам.", "neg_politics"),
            ("Наш чат для обсуждений — ссылка в описании канала.", "neg_promo"),
            ("Сегодня вечером на набережной концерт и салют в честь дня города.", "neg_show"),
        ],
    },
    {
        "channel": "kuban_nebo",
        "lang": "ru",
        "start": 9800,
        "places": [
            ("Темрюк", "RU-KDA"),
            ("Анапа", "RU-KDA"),
            ("Новороссийск", "RU-KDA"),
            ("Туапсе", "RU-KDA"),
            ("Ейск", "RU-KDA"),
            ("Приморско-Ахтарск", "RU-KDA"),
            ("Славянск-на-Кубани", "RU-KDA"),
            ("Крымск", "RU-KDA"),
        ],
        "events": [
            ("{p} 3 цели", [A]),
            ("{p} — громко", [E]),
            ("{p}: БЭКи у берега", [A, D]),
            ("{p} — опасность атаки БПЛА", [A, D]),
            ("{p} — ПВО работает", [AD]),
            ("{p}, возможно БПЛА", [A, D]),
            ("{p} — пожар после прилёта", [S, "fire"]),
            ("{p} / Беспилотная опасность", [A, D]),
        ],
        "followups": [("Ещё 2 цели", None), ("Повторно", None), ("Ещё", None)],
        "clear": ["Отбой", "Угроза миновала, отбой"],
        "signature": ["🌊 Небо Кубани — подписаться"],
        "negatives": [
            ("Карта тревог Кубани: обновили, теперь с районами.", "neg_promo"),
            ("Донаты на работу канала: бусти, ссылка ниже.", "neg_donation"),
            ("Синоптики: шторм и ветер до 25 м/с на побережье завтра.", "neg_other"),
            ("Ожидается массированная атака в ближайшие дни, — пишут аналитики.", "neg_politics"),
        ],
    },
    {
        "channel": "radar_vsey_rossii",
        "lang": "ru",
        "start": 120000,
        "places": [
            ("Липецк", "RU-LIP"),
            ("Воронеж", "RU-VOR"),
            ("Тула", "RU-TUL"),
            ("Калуга", "RU-KLU"),
            ("Орёл", "RU-ORL"),
            ("Рязань", "RU-RYA"),
            ("Тамбов", "RU-TAM"),
            ("Смоленск", "RU-SMO"),
            ("Саратов", "RU-SAR"),
            ("Энгельс", "RU-SAR"),
            ("Ярославль", "RU-YAR"),
            ("Новомосковск", "RU-TUL"),
        ],
        "events": [
            ("{p} / Опасность по БПЛА", [A, D]),
            ("{p} — беспилотная опасность", [A, D]),
            ("{p}: громко", [E]),
            ("{p} — работает ПВО", [AD]),
            ("{p}: ракетная опасность", [A, M]),
            ("{p} — режим БПЛА, меры безопасности", [A, D]),
            ("{p} — хлопки, ПВО", [E, AD]),
        ],
        "followups": [("Ещё", None), ("Пролёты продолжаются", None)],
        "clear": ["{p} — отбой", "Отбой опасности"],
        "signature": ["Радар по всей России — @radar_vsey_rossii"],
        "negatives": [
            ("Белый дом прокомментировал переговоры и санкции.", "neg_politics"),
            ("Сообщайте о пролётах в бот @radar_rf_bot — это помогает всем.", "neg_promo"),
            ("Вероятность атаки этой ночью высокая, будьте готовы.", "neg_politics"),
            ("Нас уже 200 тысяч, спасибо за доверие!", "neg_promo"),
        ],
    },
    {
        "channel": "front_zp_ru",
        "lang": "ru",
        "start": 5600,
        "places": [
            ("Энергодар", "UA-23"),
            ("Каменка-Днепровская", "UA-23"),
            ("Васильевка", "UA-23"),
            ("Токмак", "UA-23"),
            ("Мелитополь", "UA-23"),
            ("Днепрорудное", "UA-23"),
            ("Пологи", "UA-23"),
            ("Бердянск", "UA-23"),
        ],
        "glued": True,
        "events": [
            ("{p} — ФПВ", [A, D]),
            ("{p} арта", [S]),
            ("{p} БПЛА опасность", [A, D]),
            ("{p} — кассеты", [S]),
            ("{p}: дроны над городом, аккуратно", [A, D]),
            ("{p} — прилёт по окраине", [S]),
            ("{p} — ствольная", [S]),
            ("{p} — взрыв", [E]),
        ],
        "followups": [("Ещё один", None), ("Повторно", None)],
        "clear": ["Отбой"],
        "signature": ["⚔️ Фронт ЗП | @front_zp_ru"],
        "negatives": [
            ("Сбор на дроны для бригады: отчёт в комментариях, реквизиты тоже.", "neg_donation"),
            ("Новости о поставках ATACMS: в Вашингтоне обсудили пакет помощи.", "neg_politics"),
            ("Правила канала: не публикуем позиции и не снимаем работу ПВО.", "neg_rules"),
        ],
    },
    {
        "channel": "donbass_front_ru",
        "lang": "ru",
        "start": 22000,
        "places": [
            ("Ясиноватая", "UA-14"),
            ("Горловка", "UA-14"),
            ("Донецк", "UA-14"),
            ("Макеевка", "UA-14"),
            ("Докучаевск", "UA-14"),
            ("Шахтёрск", "UA-14"),
            ("Енакиево", "UA-14"),
            ("Харцызск", "UA-14"),
        ],
        "events": [
            ("{p} РСЗО", [S]),
            ("{p} — прилёт", [S]),
            ("{p} громко", [E]),
            ("{p}: обстрел, есть раненые", [S, "casualties"]),
            ("{p} — ФПВ атаковал автобус", [D, S]),
            ("{p} — кассеты по центру", [S]),
            ("{p} — миномётный обстрел", [S]),
            ("{p} — хаймерсы, слышны взрывы", [M, E]),
        ],
        "followups": [("Ещё два прилёта", [S]), ("Повторно!", None)],
        "clear": ["Отбой"],
        "signature": ["🔥 Донбасс Фронт — @donbass_front_ru"],
        "negatives": [
            ("Кремль: переговоры возможны только на наших условиях.", "neg_politics"),
            (
                "Гуманитарный сбор для Горловки: нужна вода и лекарства, реквизиты ниже.",
                "neg_donation",
            ),
            ("Трансляция прямой линии с главой республики — в 15:00.", "neg_other"),
        ],
    },
    {
        "channel": "povitryani_syly_ua",
        "lang": "uk",
        "start": 8800,
        "places": [
            ("Сумщині", "UA-59"),
            ("Чернігівщині", "UA-74"),
            ("Харківщині", "UA-63"),
            ("Полтавщині", "UA-53"),
            ("Дніпропетровщині", "UA-12"),
            ("Запоріжжі", "UA-23"),
            ("Херсонщині", "UA-65"),
            ("Миколаївщині", "UA-48"),
        ],
        "events": [
            ("Загроза застосування авіаційних засобів ураження на {p}!", [A]),
            ("Пуски КАБів на {p}!", [A]),
            ("БпЛА на {p} курсом на захід", [A, D]),
            ("Ударні БпЛА на {p}, рух на південь", [A, D]),
            ("Швидкісна ціль на {p}!", [A, M]),
            ("Загроза застосування балістичного озброєння на {p}", [A, M]),
            ("Активність тактичної авіації, загроза КАБів на {p}", [A]),
        ],
        "followups": [("Ще один на північ", None), ("Повторно!", None), ("Ще 2", None)],
        "clear": ["Відбій загрози", "Відбій тривоги"],
        "signature": [],
        "negatives": [
            ("Нагадуємо: не знімайте та не публікуйте роботу ППО.", "neg_rules"),
            ("Висока ймовірність масованої атаки найближчої ночі. Плануйте день.", "neg_politics"),
            (
                "Партнери передали нові системи ППО: деталі поставки не розголошуються.",
                "neg_politics",
            ),
        ],
    },
    {
        "channel": "kharkiv_oda_ua",
        "lang": "uk",
        "start": 61000,
        "places": [
            ("Харків", "UA-63"),
            ("Чугуїв", "UA-63"),
            ("Куп'янськ", "UA-63"),
            ("Богодухів", "UA-63"),
            ("Лозова", "UA-63"),
            ("Балаклія", "UA-63"),
            ("Ізюм", "UA-63"),
            ("Золочів", "UA-63"),
        ],
        "events": [
            ("{p}: вибухи. Перебувайте в укриттях!", [A, E]),
            ("{p} — загроза КАБів. Пройдіть в укриття!", [A]),
            ("{p}: ворог атакує ударними БпЛА. Працює ППО.", [D, AD]),
            ("{p}: влучання в приватний будинок, є поранені.", [S, "casualties"]),
            ("{p}: удар КАБ по околиці, пошкоджено будинки.", [S, "damage"]),
            ("{p}: гучно, тримайтеся укриттів", [A, E]),
        ],
        "followups": [("Повторні вибухи", [E]), ("Ще один удар", [S])],
        "clear": ["Відбій тривоги. Бережіть себе!"],
        "signature": ["Харківська ОВА | Офіційно"],
        "negatives": [
            ("Оновлено графіки відключень світла на завтра для Харкова та області.", "neg_other"),
            (
                "Збір на реабілітацію постраждалих від обстрілів: реквізити фонду нижче.",
                "neg_donation",
            ),
            ("Нагадуємо правила безпеки під час повітряної тривоги.", "neg_rules"),
        ],
    },
    {
        "channel": "monitor_neba_ua",
        "lang": "uk",
        "start": 17000,
        "places": [
            ("Полтаву", "UA-53"),
            ("Кременчук", "UA-53"),
            ("Нікополь", "UA-12"),
            ("Запоріжжя", "UA-23"),
            ("Суми", "UA-59"),
            ("Чернігів", "UA-74"),
            ("Кривий Ріг", "UA-12"),
            ("Павлоград", "UA-12"),
            ("Умань", "UA-71"),
            ("Біла Церква", "UA-32"),
        ],
        "events": [
            ("Шахеди курсом на {p}", [A, D]),
            ("{p} — гучно", [E]),
            ("{p} БУМ", [E]),
            ("{p}: КАБи", [S]),
            ("Група мопедів на {p}", [A, D]),
            ("{p} — балістика!", [A, M]),
            ("{p}: швидкісна ціль", [A, M]),
            ("{p}: можливо обстріл", [S]),
        ],
        "followups": [("Ще один у тому ж напрямку", None), ("Ще 2", None), ("Знову!", None)],
        "clear": ["Відбій", "Відбій по області"],
        "signature": ["🛰 Монітор неба — @monitor_neba_ua"],
        "negatives": [
            ("Підтримати канал: донати на роботу моніторів, посилання нижче.", "neg_donation"),
            ("Карта тривог з районами — у закріпі.", "neg_promo"),
            (
                "Прогноз на ніч: висока ймовірність пусків ракет, заряджайте павербанки.",
                "neg_politics",
            ),
            ("Надсилайте фото у бот, якщо чуєте шахеди.", "neg_promo"),
        ],
    },
    {
        "channel": "odesa_radar_ua",
        "lang": "uk",
        "start": 4400,
        "places": [
            ("Одеса", "UA-51"),
            ("Ізмаїл", "UA-51"),
            ("Чорноморськ", "UA-51"),
            ("Білгород-Дністровський", "UA-51"),
            ("Рені", "UA-51"),
            ("Южне", "UA-51"),
            ("Подільськ", "UA-51"),
            ("Арциз", "UA-51"),
        ],
        "events": [
            ("{p} — група шахедів з моря", [A, D]),
            ("{p}: вибухи", [E]),
            ("{p} — працює ППО", [AD]),
            ("{p}: ракети з моря, в укриття!", [A, M]),
            ("{p}: пожежа в порту після влучання", [S, "fire"]),
            ("{p} — гучно", [E]),
            ("{p} — загроза ударних БпЛА", [A, D]),
        ],
        "followups": [("Ще один з моря", None), ("Знову гучно", [E])],
        "clear": ["Відбій тривоги", "{p}: відбій"],
        "signature": ["🌊 Одеса Радар", "Підписатися — @odesa_radar_ua"],
        "negatives": [
            ("Резервний канал: підпишіться заздалегідь, посилання в описі.", "neg_promo"),
            ("Білий дім заявив про нові санкції та переговори щодо перемир'я.", "neg_politics"),
            ("Сьогодні в Одесі шторм, не виходьте на пляжі.", "neg_other"),
        ],
    },
    {
        "channel": "zp_ova_ua",
        "lang": "uk",
        "start": 52000,
        "places": [
            ("Запоріжжя", "UA-23"),
            ("Запорізький район", "UA-23"),
            ("Оріхів", "UA-23"),
            ("Гуляйполе", "UA-23"),
            ("Степногірськ", "UA-23"),
            ("Вільнянськ", "UA-23"),
        ],
        "events": [
            ("{p}: загроза застосування балістики. Укриття!", [A, M]),
            ("{p} — вибухи, перебувайте в укриттях", [A, E]),
            ("{p}: обстріл, пошкоджено приватні будинки", [S, "damage"]),
            ("{p}: ворожий БпЛА влучив у склад, пожежа", [D, S, "fire"]),
            ("{p} — ворог скинув КАБи", [S]),
        ],
        "followups": [("Повторний удар", [S]), ("Ще вибухи", [E])],
        "clear": ["Відбій тривоги. Дякуємо ППО!"],
        "signature": ["Запорізька ОВА"],
        "negatives": [
            ("Пункти незламності працюють цілодобово, адреси на сайті.", "neg_other"),
            ("Нагадуємо: не торкайтеся уламків та невідомих предметів.", "neg_rules"),
        ],
    },
]

GLUE = ["Опасность по БПЛА", "БПЛА опасность"]


def _label(kind: str, types: list[str], regions: list[str]) -> dict:
    incident = kind == "alert_line"
    return {
        "incident": incident,
        "types": types if incident else [],
        "regions": regions if incident or kind == "all_clear" else [],
        "all_clear": kind == "all_clear",
        "kind": kind,
    }


def write() -> list[dict]:
    rng = random.Random(SEED)
    rows: list[dict] = []
    for style in STYLES:
        channel, lang = style["channel"], style["lang"]
        next_id = style["start"]
        date = datetime(2026, 11, 3, 18, 0, tzinfo=UTC) + timedelta(minutes=rng.randint(0, 300))
        negatives = list(style["negatives"])
        rng.shuffle(negatives)
        count = 0
        target = 72 if len(STYLES) > 12 else 80

        def emit(
            text: str,
            kind: str,
            types: list[str],
            regions: list[str],
            reply_to: int | None = None,
            signed: bool = True,
        ) -> int:
            nonlocal next_id, date
            next_id += rng.randint(1, 4)
            date += timedelta(minutes=rng.randint(2, 25))
            body = text
            if signed and style["signature"] and rng.random() < 0.7:
                body = text + "\n\n" + "\n".join(style["signature"])
            row = {
                "channel": channel,
                "id": next_id,
                "date": date.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "text": body,
                "url": f"https://t.me/{channel}/{next_id}",
            }
            if reply_to is not None:
                row["reply_to"] = reply_to
            row.update({"lang": lang, "set": SET, "label": _label(kind, types, regions)})
            rows.append(row)
            return next_id

        seen_texts: set[str] = set()
        while count < target:
            if negatives and rng.random() < 0.12:
                text, kind = negatives.pop()
                emit(text, kind, [], [])
                count += 1
                continue
            place, region = rng.choice(style["places"])
            fmt, types = rng.choice(style["events"])
            text = fmt.format(p=place)
            if style.get("glued") and rng.random() < 0.15:
                text = place + rng.choice(GLUE)
                types = [A, D]
            if text in seen_texts:
                text = text + rng.choice(["!", "!!", " ⚠️", " 🔴", "."])
                if text in seen_texts:
                    continue
            seen_texts.add(text)
            first = emit(text, "alert_line", list(types), [region])
            count += 1
            # A follow-up without a place, as a reply or as the next post.
            if rng.random() < 0.45 and (A in types or D in types or M in types):
                follow, own = rng.choice(style["followups"])
                replied = rng.random() < 0.5
                threat = own or [t for t in types if t in (A, D, M)]
                emit(
                    follow,
                    "alert_line",
                    threat,
                    [region],
                    reply_to=first if replied else None,
                    signed=False,
                )
                count += 1
            if rng.random() < 0.35 and (A in types):
                clear = rng.choice(style["clear"])
                clear_text = clear.format(p=place)
                replied = rng.random() < 0.4 and "{p}" not in clear
                emit(
                    clear_text,
                    "all_clear",
                    [],
                    [region],
                    reply_to=first if replied else None,
                    signed=rng.random() < 0.5,
                )
                count += 1
        for text, kind in negatives:
            emit(text, kind, [], [])
    return rows


def main() -> None:
    # Rows of other channels (the news-style part, the hand-written alert-channel lines of
    # issue 10's precision work) are kept as they are.
    ours = {style["channel"] for style in STYLES}
    kept = [
        line
        for line in DEVSET.read_text(encoding="utf-8").splitlines()
        if line.strip()
        and not (json.loads(line).get("set") == SET and json.loads(line)["channel"] in ours)
    ]
    rows = write()
    lines = kept + [json.dumps(row, ensure_ascii=False) for row in rows]
    DEVSET.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} alert-channel rows written, {len(kept)} others kept")


if __name__ == "__main__":
    main()
