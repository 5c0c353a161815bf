"""The line shapes of ``scripts/probe_places.py --shapes``: the towns and villages of the regions
alert channels cover, each written as real alert channels write a place and its alert.

The shapes follow the regional alert and radar channels' posts (Russian border and rear
channels: «Рыльск опасность по БПЛА», «Севск - опасность БПЛА», «Климово БПЛА», «⚠️Строитель
Яковлевский район‼️Опасность БПЛА‼️», «КУРЧАТОВ РСЗО»; Ukrainian monitors: «Святошин БпЛА»,
«Полтава пролунав вибух», «Увага Бровари», «Кропивницький 1х БпЛА на місто»); the places are
data, so every name is tried in every shape, not the few the dev set's authors knew.
"""

from __future__ import annotations

import collections
import random
import sqlite3
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from probe_common import write_fails
from uk_ru import load_exceptions, russian_spellings

from bot.detect import Detector
from bot.detect.context import ChannelProfile, DetectContext
from bot.detect.gazetteer import Gazetteer, _personal_name
from bot.detect.morph import everyday_word
from bot.detect.villages import VILLAGES_PATH
from bot.models import Post

# Russian regions with alert or radar channels of their own, and the Ukrainian oblasts of the
# front and the border (Crimea's places are written in Russian).
RU_REGIONS = (
    "RU-BEL", "RU-KRS", "RU-BRY", "RU-VOR", "RU-ORL", "RU-ROS", "RU-KDA", "RU-LIP", "RU-TUL",
    "RU-KLU", "RU-SMO", "RU-MOS", "RU-TA", "UA-43",
)
UA_REGIONS = (
    "UA-59", "UA-63", "UA-74", "UA-14", "UA-23", "UA-65", "UA-12", "UA-48", "UA-09", "UA-51",
)

Shape = Callable[[str], str]

RU_SHAPES: dict[str, Shape] = {
    "colon": lambda n: f"{n}: опасность по БПЛА",
    "dash": lambda n: f"{n} - опасность атаки БПЛА",
    "no separator": lambda n: f"{n} опасность по БПЛА",
    "rocket": lambda n: f"{n} ракетная опасность",
    "attention": lambda n: f"{n} внимание по БПЛА",
    "slash": lambda n: f"{n} / Внимание по БПЛА!",
    "glued": lambda n: f"{n}Опасность по БПЛА",
    "weapon": lambda n: f"{n} БПЛА",
    "shorthand": lambda n: f"{n} РСЗО!",
    "emoji": lambda n: f"⚠️{n}‼️Опасность БПЛА‼️",
    "capitals": lambda n: f"{n.upper()} ОПАСНОСТЬ ПО БПЛА",
    "capitals dash": lambda n: f"{n.upper()} — БПЛА",
    "lower case": lambda n: f"{n.lower()} опасность бпла",
    "lower colon": lambda n: f"{n.lower()}: опасность бпла",
    "attention first": lambda n: f"Внимание {n} РСЗО!!!",
}
UK_SHAPES: dict[str, Shape] = {
    "uk dash": lambda n: f"{n} — гучно",
    "uk no separator": lambda n: f"{n} гучно",
    "uk weapon": lambda n: f"{n} 2х БпЛА",
    "uk explosion": lambda n: f"{n} пролунав вибух",
    "uk attention": lambda n: f"Увага {n}",
    "uk capitals": lambda n: f"{n.upper()} — ВИБУХИ",
    "uk lower case": lambda n: f"{n.lower()}: гучно",
}

_DATE = datetime(2026, 11, 1, 22, 0, tzinfo=UTC)


def _key(name: str) -> str:
    return name.lower().replace("ё", "е")


def names_of(gaz: Gazetteer, per_region: int, rng: random.Random) -> list[tuple[str, str, str]]:
    """(region, name as written, language) for every town of the regions and ``per_region``
    villages of each drawn at random; a Ukrainian oblast's places also in Russian."""
    regions = set(RU_REGIONS) | set(UA_REGIONS)
    towns: dict[str, set[str]] = collections.defaultdict(set)
    for place in gaz._places:
        if place.kind == "settlement" and place.region in regions:
            towns[place.region].add(place.name)
    db = sqlite3.connect(f"file:{VILLAGES_PATH}?mode=ro", uri=True)
    villages: dict[str, set[str]] = collections.defaultdict(set)
    for name, region in db.execute("SELECT name, region FROM place"):
        if region in regions and name not in towns[region]:
            villages[region].add(name)
    exceptions = load_exceptions()
    out = []
    for region in sorted(regions):
        drawn = sorted(villages[region])
        rng.shuffle(drawn)
        for name in sorted(towns[region]) + drawn[:per_region]:
            if region in UA_REGIONS:
                out.append((region, name, "uk"))
                out.extend((region, ru, "ru") for ru in russian_spellings(name, exceptions)[:1])
            else:
                out.append((region, name, "ru"))
    return out


def name_kind(name: str, lang: str) -> str:
    """«person» for a name the analysers take for a person's, «word» for an everyday word's,
    else «name»."""
    first = name.split()[0].split("-")[0]
    if _personal_name(first):
        return "person"
    if " " not in name and everyday_word(_key(name), lang):
        return "word"
    return "name"


def right(detection, region: str) -> bool:
    """An incident of the place's region alone that names a settlement there: not the
    channel's home standing in for a name it did not find."""
    return (detection.incident and set(detection.regions) == {region}
            and any(p.region == region and p.kind == "settlement" for p in detection.places))


def probe_shapes(per_region: int, seed: int, fails_path: Path | None) -> int:
    rng = random.Random(seed)
    detector, gaz = Detector(), Gazetteer.default()
    names = names_of(gaz, per_region, rng)
    good: collections.Counter[tuple[str, str]] = collections.Counter()
    total: collections.Counter[tuple[str, str]] = collections.Counter()
    fails = []
    for n, (region, name, lang) in enumerate(names):
        context = DetectContext(profile=ChannelProfile(
            channel="alerts_n12", home_regions=(region,), kind="alerts"))
        kind = name_kind(name, lang)
        shapes = UK_SHAPES if lang == "uk" else RU_SHAPES
        for shape, write in shapes.items():
            text = write(name)
            detection = detector.detect(
                Post(channel="alerts_n12", id=n + 1, date=_DATE, text=text), context)
            for group in ("all", kind):
                total[shape, group] += 1
                good[shape, group] += right(detection, region)
            if not right(detection, region):
                fails.append({"shape": shape, "kind": kind, "text": text, "region": region,
                              "incident": detection.incident,
                              "regions": list(detection.regions),
                              "places": [p.name for p in detection.places]})
    print(f"{len(names)} names; share right per shape (all | person-like | word-like | other)",
          file=sys.stderr)
    for shape in [*RU_SHAPES, *UK_SHAPES]:
        cells = []
        for group in ("all", "person", "word", "name"):
            t = total[shape, group]
            cells.append(f"{good[shape, group] / t:.3f} ({t})" if t else "-")
        print(f"{shape:16s} " + " | ".join(cells))
    write_fails(fails_path, fails)
    return 0
