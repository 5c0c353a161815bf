"""Detection speed: posts per second, model load time and memory, against a keyword baseline.

``run()`` returns a Markdown section. The posts are generated from templates (about 300
characters each, Russian, Ukrainian and English, incidents and everything else) with a fixed
seed, so runs are comparable. Detection runs as `tgradar classify` runs it: each post with
its channel's context (profile, recent posts). The baseline is a regex keyword scan (one
compiled alternation of the keywords) over the same posts in the same process. The dev set's
posts (all different, alert lines and news) and bad input are timed too, and the
share of posts that name no word that could start a signal (the most a pre-filter on the raw
text could skip) with the time they take.
"""

from __future__ import annotations

import gc
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bench.child import PEAK_MB, rss_mb
from bot.models import Post

if TYPE_CHECKING:
    from bot.detect import Detector

POSTS = 3000
SEED = 20261121
DEVSET = Path(__file__).resolve().parent.parent / "tests" / "data" / "devset.jsonl"

_PLACES_RU = [
    "Анапе",
    "Новороссийске",
    "Таганроге",
    "Белгороде",
    "Курске",
    "Брянске",
    "Туапсе",
    "Ейске",
    "Шебекино",
    "Краснодаре",
    "Воронеже",
    "Липецке",
]
_PLACES_UK = ["Харкові", "Одесі", "Києві", "Сумах", "Дніпрі", "Запоріжжі", "Миколаєві"]
_PLACES_EN = ["Krasnodar", "Anapa", "Taganrog", "Belgorod", "Kharkiv", "Odesa", "Bryansk"]

_TEMPLATES_RU = [
    "⚡️ Взрывы в {p}: местные насчитали от {a} до {b} хлопков. По словам очевидцев, над морем "
    "работает ПВО, в небе видны вспышки. Сирены звучат по всему городу, жителей просят "
    "оставаться дома и не снимать работу систем. Официальной информации пока нет. Подписывайтесь "
    "на наш канал, чтобы первыми узнавать новости.",
    "Губернатор: этой ночью силы ПВО отразили атаку беспилотников на {p}. Уничтожено {a} БПЛА. "
    "В результате падения обломков повреждены кровля частного дома и два автомобиля, "
    "пострадавших нет. На месте работают оперативные службы, информация уточняется. Прошу "
    "сохранять спокойствие и доверять только официальным источникам.",
    "Погода: завтра в {p} до +{a}, ночью туман, видимость местами до {b}0 метров. Синоптики "
    "просят водителей быть внимательнее на трассе и не разгоняться. В выходные потеплеет, "
    "осадков не ожидается. Хорошего вечера и берегите себя! Подписывайтесь на канал, здесь "
    "самые свежие новости вашего города.",
    "В {p} прошла ярмарка: фермеры привезли мёд, сыр и овощи, а вечером на площади устроили "
    "концерт. По словам организаторов, праздник посетили около {a} тысяч человек. Следующая "
    "ярмарка пройдёт через месяц. Мэр поблагодарил всех участников и пообещал сделать её "
    "ежемесячной. Подробности и фото — в нашем канале.",
]
_TEMPLATES_UK = [
    "Вибухи в {p}. Окупанти завдали удару балістикою по промисловій зоні. Попередньо, "
    "пошкоджено складську будівлю та кілька автомобілів поруч. Постраждали {a} людей, їм "
    "надається допомога. Інформація щодо наслідків уточнюється. Залишайтеся в укриттях до "
    "відбою тривоги та стежте за офіційними повідомленнями.",
    "Запрошуємо мешканців {p} на благодійний ярмарок у неділю в Міському саду: смаколики, "
    "музика, майстер-класи для дітей, усі кошти — на реабілітацію поранених. Початок о {a}:00. "
    "Вхід вільний, приходьте родинами. Деталі — у закріпленому повідомленні каналу.",
]
_TEMPLATES_EN = [
    "Residents of {p} reported a series of {a} explosions overnight as air defences engaged "
    "incoming drones, local Telegram channels said. The regional governor said debris fell on "
    "a warehouse, starting a fire; no casualties were reported. Officials did not say how many "
    "drones were shot down. The ministry is expected to publish figures later today.",
    "Shares of a retailer based in {p} posted explosive gains on Friday after a surprise "
    "profit upgrade, closing {a}% higher. Analysts said the company benefited from strong "
    "demand during the holiday season and lower logistics costs, and several brokers raised "
    "their price targets for the stock in notes to clients.",
]
_KEYWORDS = [
    "взрыв",
    "хлоп",
    "бпла",
    "беспилот",
    "дрон",
    "ракет",
    "пво",
    "сбит",
    "прилет",
    "прилёт",
    "удар",
    "атак",
    "пожар",
    "возгоран",
    "погиб",
    "ранен",
    "пострада",
    "поврежд",
    "опасност",
    "тревог",
    "вибух",
    "тривог",
    "ппо",
    "пожеж",
    "загину",
    "explosion",
    "drone",
    "missile",
    "air defence",
    "strike",
]


def make_posts(count: int = POSTS, seed: int = SEED) -> list[Post]:
    rng = random.Random(seed)
    groups = [(_TEMPLATES_RU, _PLACES_RU), (_TEMPLATES_UK, _PLACES_UK), (_TEMPLATES_EN, _PLACES_EN)]
    posts = []
    date = datetime(2026, 11, 20, 20, 0, tzinfo=UTC)
    for i in range(count):
        templates, places = groups[rng.choices((0, 1, 2), weights=(6, 3, 1))[0]]
        a = rng.randint(2, 9)
        text = rng.choice(templates).format(p=rng.choice(places), a=a, b=a + rng.randint(1, 5))
        posts.append(Post(channel="bench", id=i, date=date, text=text))
    return posts


_KEYWORD_SCAN = re.compile("|".join(re.escape(k) for k in _KEYWORDS), re.IGNORECASE)


def keyword_baseline(text: str) -> bool:
    return _KEYWORD_SCAN.search(text) is not None


# A fresh process: what `tgradar classify` pays before its first detection.
_FRESH = (
    PEAK_MB
    + """
import json, os, resource, time
started = time.perf_counter()
from datetime import UTC, datetime
from bot.detect import Detector
from bot.models import Post
Detector().detect(Post(channel="bench", id=1, date=datetime(2026, 11, 20, tzinfo=UTC),
                       text="Взрывы в Курске, работает ПВО. Сбиты 3 БПЛА."))
times = os.times()
print(json.dumps({"wall": time.perf_counter() - started, "cpu": times.user + times.system,
                  "rss": peak_mb()}))
"""
)
FRESH_RUNS = 5
CACHE_STATES = ("warm", "cold", "off")


def fresh_start(cache: str = "warm", bytecode: bool = True) -> dict[str, float]:
    """Median wall time, CPU time (interpreter start included) and peak resident memory of a
    new process importing detection, building the Detector and detecting one post.

    ``cache``: "warm" reads the derived tables (lexicons, gazetteer indices) an earlier
    start wrote; "cold" starts each run with an empty cache directory, as the first start
    after an install or an upgrade does (it derives the tables and writes them); "off"
    derives them in memory (``TGRADAR_CACHE_DIR=``). ``bytecode``: the package's modules are
    compiled beforehand, as pip installs them (into a pycache prefix of the bench's own, so
    PYTHONDONTWRITEBYTECODE in the environment does not matter); without it every start
    compiles them from source, as a checkout run with PYTHONDONTWRITEBYTECODE=1 does."""
    from bot.detect.cache import CACHE_ENV

    root = Path(__file__).resolve().parent.parent
    runs = []
    with tempfile.TemporaryDirectory(prefix="tgradar-bench-") as scratch:
        flags = []
        if bytecode:
            # A prefix holds the bytecode of every module (the standard library's and the
            # dependencies' too): one untimed start allowed to write it fills it.
            flags = ["-X", f"pycache_prefix={scratch}/pycache"]
            subprocess.run(
                [sys.executable, *flags, "-c", _FRESH],
                capture_output=True, check=True, cwd=root,
                env={
                    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
                    CACHE_ENV: "",
                },
            )

        def start(directory: str) -> dict[str, float]:
            env = {**os.environ, CACHE_ENV: directory}
            out = subprocess.run(
                [sys.executable, *flags, "-c", _FRESH],
                capture_output=True, text=True, check=True, cwd=root, env=env,
            )
            return json.loads(out.stdout.strip().splitlines()[-1])

        if cache == "warm":
            start(f"{scratch}/cache")  # writes the tables the timed runs read
        for run in range(FRESH_RUNS):
            directory = {"warm": f"{scratch}/cache", "cold": f"{scratch}/cold{run}"}.get(cache, "")
            runs.append(start(directory))
    return {key: statistics.median(run[key] for run in runs) for key in ("wall", "cpu", "rss")}


def _load_with_warm_cache(post: Post) -> tuple[Detector, float]:
    """The detector loaded in this process from a cache an earlier process wrote, and the
    seconds that took (its first detection included: it builds the lexicons)."""
    from bot.detect.cache import CACHE_ENV

    root = Path(__file__).resolve().parent.parent
    before = os.environ.get(CACHE_ENV)
    with tempfile.TemporaryDirectory(prefix="tgradar-bench-") as scratch:
        os.environ[CACHE_ENV] = scratch
        try:
            subprocess.run([sys.executable, "-c", _FRESH], capture_output=True, check=True,
                           cwd=root)
            started = time.perf_counter()
            from bot.detect import Detector

            detector = Detector()
            detector.detect(post)
            return detector, time.perf_counter() - started
        finally:
            if before is None:
                del os.environ[CACHE_ENV]
            else:
                os.environ[CACHE_ENV] = before


def _rate(detector: Detector, posts: list[Post]) -> tuple[float, int]:
    """Posts per second (CPU time) of classify's loop, and how many were incidents."""
    from bot.detect.profiles import detect_stream

    gc.collect()
    started = time.process_time()
    flagged = sum(d.incident for d in detect_stream(detector, posts))
    return len(posts) / max(time.process_time() - started, 1e-9), flagged


def _no_trigger_share(
    detector: Detector, posts: list[Post], rate: float
) -> tuple[int, float, float]:
    """What a pre-filter on the raw text could skip at most: how many posts name no word
    that could start a signal (detection reads no sentence of them), the share of the
    stream's CPU time their detection takes, and ``rate`` (the measured posts per second)
    were that time saved: a ceiling for any such filter."""
    from bot.detect.classify import analyse
    from bot.detect.lang import detect_lang
    from bot.detect.profiles import memory_for
    from bot.detect.segment import segment

    memory = memory_for(detector)
    total = spent = 0.0
    skippable = 0
    clock = time.process_time
    gc.collect()
    for post in posts:
        started = clock()
        context = memory.context(post)
        detecting = clock()
        detection = detector.detect(post, context)
        took = clock() - detecting
        memory.remember(post, detection)
        total += clock() - started
        signature = context.profile.signature if context.profile else frozenset()
        text = segment(post.text, signature).text
        if not analyse(text, detect_lang(text), quick=True).sentences:
            skippable += 1
            spent += took
    share = spent / max(total, 1e-9)
    return skippable, share, rate / max(1 - share, 1e-9)


def _bad_input_ms(detector: Detector) -> list[tuple[str, float]]:
    date = datetime(2026, 11, 20, 20, 0, tzinfo=UTC)
    cases = [
        ("a 1 MB post", "Взрывы в Курске, работает ПВО. " * 35_000),
        ("emoji only (1,500)", "🚀💥🔥" * 500),
        ("mixed scripts", "Kursk Курск Kурск 爆炸 انفجار взрыв " * 50),
        ("zero-width characters", "\u200b\u200d\ufeff" * 2000 + "Белгород — ракетная опасность"),
    ]
    out = []
    for name, text in cases:
        started = time.process_time()
        detector.detect(Post(channel="bench", id=1, date=date, text=text))
        out.append((name, (time.process_time() - started) * 1000))
    return out


_CACHE_STATE = {
    "warm": "warm cache (derived tables read)",
    "cold": "cold cache (the first start after an install or upgrade: tables derived, written)",
    "off": "cache off (tables derived in memory)",
}


def run(count: int = POSTS) -> str:
    fresh = {state: fresh_start(state) for state in CACHE_STATES}
    from_source = fresh_start("warm", bytecode=False)
    posts = make_posts(count)
    mean_chars = sum(len(p.text) for p in posts) / len(posts)
    rss_before = rss_mb()
    detector, load_seconds = _load_with_warm_cache(posts[0])

    cold_rate, _ = _rate(detector, posts)
    warm_rate, flagged = _rate(detector, posts)
    skippable, skippable_time, ceiling = _no_trigger_share(detector, posts, warm_rate)
    rss_after = rss_mb()

    started = time.process_time()
    baseline_flagged = sum(keyword_baseline(post.text) for post in posts)
    baseline_rate = len(posts) / max(time.process_time() - started, 1e-9)

    dev_lines: list[str] = []
    if DEVSET.exists():
        from bot.evaluate import read_devset

        dev_posts = sorted((p for p, _ in read_devset(DEVSET)), key=lambda p: (p.date, p.id))
        _rate(detector, dev_posts)  # the first pass fills the lemma caches with new words
        dev_rate, _ = _rate(detector, dev_posts)
        started = time.process_time()
        for post in dev_posts:
            keyword_baseline(post.text)
        dev_base = len(dev_posts) / max(time.process_time() - started, 1e-9)
        dev_skippable, dev_skippable_time, dev_ceiling = _no_trigger_share(
            detector, dev_posts, dev_rate
        )
        dev_lines = [
            f"| dev set ({len(dev_posts)} different posts, "
            f"{sum(len(p.text) for p in dev_posts) / len(dev_posts):.0f} characters on average)"
            f": detect, second pass | {dev_rate:,.0f} posts/s |",
            f"| dev set: keyword baseline | {dev_base:,.0f} posts/s |",
            f"| dev set: detector / baseline speed | {dev_rate / dev_base:.3f} |",
            f"| dev set: posts with no word that could start a signal | {dev_skippable} of "
            f"{len(dev_posts)} ({dev_skippable / len(dev_posts):.0%}), "
            f"{dev_skippable_time:.0%} of the CPU time |",
            f"| dev set: detect, were those posts free (a ceiling for any pre-filter) | "
            f"{dev_ceiling:,.0f} posts/s |",
        ]
    bad = _bad_input_ms(detector)
    return "\n".join(
        [
            "## Detection speed",
            "",
            f"{len(posts)} generated posts, {mean_chars:.0f} characters on average, one core "
            "(CPU time of this process, so other load on the machine does not count), "
            "detected as `tgradar classify` does (each post with its channel's context).",
            "",
            "| measure | value |",
            "|---|---|",
            f"| model load in this process (detector + lexicons + gazetteer), "
            f"{_CACHE_STATE['warm']} | {load_seconds:.2f} s |",
            *(
                f"| cold start, fresh process: import, load, first detection (median of "
                f"{FRESH_RUNS}), {_CACHE_STATE[state]} | {fresh[state]['wall']:.2f} s wall, "
                f"{fresh[state]['cpu']:.2f} s CPU, {fresh[state]['rss']:.0f} MB peak |"
                for state in CACHE_STATES
            ),
            f"| cold start, warm cache, modules compiled from source at start (a checkout "
            f"with PYTHONDONTWRITEBYTECODE=1) | {from_source['wall']:.2f} s wall, "
            f"{from_source['cpu']:.2f} s CPU |",
            f"| detect, first pass (lemma cache filling) | {cold_rate:,.0f} posts/s |",
            f"| detect, second pass | {warm_rate:,.0f} posts/s |",
            f"| keyword baseline (one regex, {len(_KEYWORDS)} keywords) | "
            f"{baseline_rate:,.0f} posts/s |",
            f"| detector / baseline speed | {warm_rate / baseline_rate:.3f} |",
            f"| posts with no word that could start a signal | {skippable} of {len(posts)} "
            f"({skippable / len(posts):.0%}), {skippable_time:.0%} of the CPU time |",
            f"| detect, were those posts free (a ceiling for any pre-filter) | "
            f"{ceiling:,.0f} posts/s |",
            *dev_lines,
            f"| resident memory after the run | {rss_after:.0f} MB "
            f"(+{rss_after - rss_before:.0f} MB for detection) |",
            f"| flagged as incidents: detector / baseline | {flagged} / {baseline_flagged} |",
            *(f"| bad input: {name} | {ms:.1f} ms |" for name, ms in bad),
            "",
            "Targets (issue 10): >= 5,000 posts/s, load <= 1 s, resident memory < 200 MB; bad "
            "input in bounded time (detection reads at most 8,000 characters of a post). "
            "The cold start's CPU time includes the interpreter's own start (about 0.05 s); "
            "its peak memory is the whole detector's. Its modules' bytecode is compiled "
            "beforehand, as an install has it, except in the row that says otherwise.",
            *_devset_quality(detector),
        ]
    )


def _devset_quality(detector: Detector) -> list[str]:
    """Incident F1 of the detector and of the keyword baseline on the labelled dev set."""
    from bot.evaluate import Score, read_devset

    if not DEVSET.exists():
        return []
    from bot.detect.profiles import detect_stream

    rows = sorted(read_devset(DEVSET), key=lambda row: (row[0].date, row[0].id))
    ours, baseline = Score(), Score()
    detections = detect_stream(detector, (post for post, _ in rows))
    for (post, label), detection in zip(rows, detections, strict=True):
        expected = {"yes"} if label.get("incident") else set()
        ours.add({"yes"} if detection.incident else set(), expected)
        baseline.add({"yes"} if keyword_baseline(post.text) else set(), expected)
    return [
        "",
        f"Incident decision on the dev set ({len(rows)} labelled posts):",
        "",
        "| | precision | recall | F1 |",
        "|---|---|---|---|",
        f"| detector | {ours.precision:.3f} | {ours.recall:.3f} | {ours.f1:.3f} |",
        f"| keyword baseline | {baseline.precision:.3f} | {baseline.recall:.3f} | "
        f"{baseline.f1:.3f} |",
    ]


if __name__ == "__main__":
    sys.stdout.write(run() + "\n")
