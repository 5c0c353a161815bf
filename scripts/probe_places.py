"""Place-substitution probe: does detection hold when a dev alert line names another place?

    .venv/bin/python scripts/probe_places.py [--villages] [--seed N] [--fails FILE]
    .venv/bin/python scripts/probe_places.py --shapes [--per-region N] [--seed N] [--fails FILE]

Each line of tests/data/devset.jsonl that is an incident of one region and names, as written,
one settlement of that region is read again (twice) with another settlement of the same
region in that settlement's place — a town of the gazetteer whose name has no namesake, or
with ``--villages`` a village of bot/data/villages.sqlite whose name has none and is no
everyday word — in its channel's stream, as ``tgradar eval`` reads it. It prints the share
of readings that are still an incident of the new place's region alone. The dev set is
written with the places its authors knew; real channels name any village, and this is how
the detection of places it has never seen is measured (session 10: villages 0.950 → 0.982).
``--fails`` writes the readings that failed, one JSON object a line.

``--phrases`` takes villages named with several words too; ``--regions RU-BEL,RU-KRS``
reads only the lines of those regions; ``--cases`` also takes a place the line names in an
oblique case («над Политотделом», «в сторону Грушевки») and puts the new name in the same
case (pymorphy3 inflects it), as the border channels write them.

``--shapes`` (session 12) needs no dev line: every town of the gazetteer and, with
``--per-region`` of them drawn at random, the villages of the regions alert channels cover
(Russian border and rear regions, Ukraine's front and border oblasts, the latter in Ukrainian
and in their Russian spelling) are written in the line shapes real alert channels use
(«Курчатов опасность по БПЛА», «КУРЧАТОВ — БПЛА», «курчатов: опасность бпла», «Кам'янка —
гучно», ...) and read as a local alert channel's posts (home the place's region). A reading
is right when it is an incident of that region alone and names a settlement there (not the
home region standing in for a name it missed). It prints the share right per shape, for all
names and for those also a surname, first name or everyday word (the analysers' guess). The
shapes are in ``scripts/probe_shapes.py``.
"""

from __future__ import annotations

import argparse
import collections
import random
import sqlite3
from pathlib import Path

import pymorphy3
from probe_common import dev_rows, reread, write_fails

from bot.detect import Detector
from bot.detect.gazetteer import Gazetteer
from bot.detect.villages import VILLAGES_PATH


def town_pool(gaz: Gazetteer) -> dict[str, list[str]]:
    pool: dict[str, list[str]] = collections.defaultdict(list)
    for index, place in enumerate(gaz._places):
        if place.kind != "settlement" or " " in place.name:
            continue
        if not 1000 <= gaz._population[index] <= 300_000:
            continue
        if len(gaz._nominatives.get(place.name.lower().replace("ё", "е"), ())) == 1:
            pool[place.region].append(place.name)
    return pool


def village_pool(gaz: Gazetteer, phrases: bool = False) -> dict[str, list[str]]:
    """Villages whose name no other place has and no everyday word is; ``phrases``: names
    of several words too («Нижний Ольшанец»)."""
    db = sqlite3.connect(f"file:{VILLAGES_PATH}?mode=ro", uri=True)
    keys = collections.Counter(key for (key,) in db.execute("SELECT key FROM form"))
    pool: dict[str, list[str]] = collections.defaultdict(list)
    for name, region, common in db.execute("SELECT name, region, common FROM place"):
        key = name.lower().replace("ё", "е")
        if common or (" " in name and not phrases) or keys[key] != 1 or key in gaz._nominatives:
            continue
        pool[region].append(name)
    return pool


_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


def _word_cases(morph: pymorphy3.MorphAnalyzer, word: str) -> dict[str, str]:
    """Case → form of one word of a place name, from its nominative parse."""
    parses = [p for p in morph.parse(word) if p.tag.case == "nomn"
              and p.tag.POS in ("NOUN", "ADJF") and _fold(p.word) == _fold(word)]
    if not parses:
        return {}
    parse = max(parses, key=lambda p: ("Geox" in p.tag.grammemes, p.score))
    out = {}
    for case in _CASES:
        form = parse.inflect({case})
        if form is not None:
            out[case] = form.word
    return out


def name_cases(morph: pymorphy3.MorphAnalyzer, name: str) -> dict[str, str]:
    """Case → the name in that case ("Нижний Ольшанец" → gent "нижнего ольшанца"), lower
    case; the cases every word of the name has."""
    per_word = [_word_cases(morph, word) for word in name.split()]
    if not all(per_word):
        return {}
    return {case: " ".join(forms[case] for forms in per_word)
            for case in _CASES if all(case in forms for forms in per_word)}


def in_case(name: str, written: str, case: str, morph: pymorphy3.MorphAnalyzer) -> str | None:
    """``name`` in ``case``, capitalised as ``written`` was (capitals stay capitals)."""
    form = name_cases(morph, name).get(case)
    if form is None:
        return None
    if written.isupper():
        return form.upper()
    # each part capitalised as the name writes it («Гостомля-Первая» → «Гостомли-Первой»)
    parts = name.replace("-", " ").split()
    words = form.replace("-", " - ").split()
    out, k = [], 0
    for word in words:
        if word == "-":
            out.append(word)
            continue
        upper = k < len(parts) and parts[k][:1].isupper()
        out.append(word[:1].upper() + word[1:] if upper else word)
        k += 1
    return " ".join(out).replace(" - ", "-")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--villages", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--fails", type=Path)
    parser.add_argument("--regions", help="comma-separated region codes to read lines of")
    parser.add_argument("--phrases", action="store_true",
                        help="villages named with several words too")
    parser.add_argument("--cases", action="store_true",
                        help="also places named in an oblique case")
    parser.add_argument("--shapes", action="store_true")
    parser.add_argument("--per-region", type=int, default=120)
    args = parser.parse_args(argv)
    if args.shapes:
        from probe_shapes import probe_shapes

        return probe_shapes(args.per_region, args.seed, args.fails)
    only = set(args.regions.split(",")) if args.regions else None
    morph = pymorphy3.MorphAnalyzer()
    rng = random.Random(args.seed)
    detector, gaz = Detector(), Gazetteer.default()
    pool = village_pool(gaz, args.phrases) if args.villages else town_pool(gaz)
    rows, streams = dev_rows()
    good = total = 0
    fails = []
    for post, label in rows:
        if not label["incident"] or len(label["regions"]) != 1 or label.get("kind") == "news":
            continue
        mentions = gaz.find(post.text)
        if len(mentions) != 1:
            continue
        [m] = mentions
        region = label["regions"][0]
        if only is not None and region not in only:
            continue
        if m.place.kind != "settlement" or m.place.region != region:
            continue
        case = "nomn"
        if _fold(m.surface) != _fold(m.place.name):
            written = _fold(m.surface)
            cases = [c for c, f in name_cases(morph, m.place.name).items() if f == written]
            if not args.cases or not cases:
                continue
            case = next((c for c in cases if c != "nomn"), cases[0])
        if (region[:2], label.get("lang")) not in {("RU", "ru"), ("UA", "uk")}:
            continue
        others = [name for name in pool[region] if name != m.place.name]
        for _ in range(2 if others else 0):
            name = rng.choice(others)
            if case != "nomn" or m.surface.isupper():
                written = in_case(name, m.surface, case, morph)
                if written is None:
                    continue
            else:
                written = name
            text = post.text[:m.start] + written + post.text[m.end:]
            detection = reread(detector, streams, post, text)
            total += 1
            if detection.incident and set(detection.regions) == {region}:
                good += 1
            else:
                fails.append({"text": text, "place": name, "region": region, "case": case,
                              "incident": detection.incident, "regions": list(detection.regions)})
    kind = "villages" if args.villages else "towns"
    print(f"{kind}: {good}/{total} = {good / max(total, 1):.3f}")
    write_fails(args.fails, fails)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
