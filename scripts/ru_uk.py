"""Ukrainian spellings of Russian place names, by rule, for the gazetteer build.

Ukrainian-language channels and news write Russian towns in Ukrainian: Новороссийск →
Новоросійськ, Липецк → Ліпецьк, Рыльск → Рильськ, Ейск → Єйськ. The rules cover the regular
letter correspondences; where Ukrainian usage keeps a Russian и (Новошахтинськ) a second
spelling with и is given too, so that either is found. Names the rules get wrong (Новозыбков →
Новозибків) are listed in the reviewed file bot/data/ru_uk_names.txt. Only used by
scripts/build_gazetteer.py; the spellings are aliases there (a wrong one is simply never met).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # a sibling of uk_ru.py, wherever run

from uk_ru import read_name_table

EXCEPTIONS = Path(__file__).resolve().parent.parent / "bot" / "data" / "ru_uk_names.txt"

_VOWELS = "аеёиоуыэюяіїє"
_HUSHING = "жчшщц"  # Ukrainian keeps и after these (Жиздра, Чита)


def _word(word: str, keep_i: bool, last: bool) -> str:
    low = word.lower()
    out: list[str] = []
    for n, ch in enumerate(low):
        prev = out[-1][-1:] if out else ""
        if ch == "ё":
            out.append("ьо" if prev and prev not in _VOWELS else "йо")
        elif ch == "ы":
            out.append("и")
        elif ch == "э":
            out.append("е")
        elif ch == "ъ":
            out.append("'")
        elif ch == "е" and (not prev or prev in _VOWELS):
            out.append("є")  # Ейск → Єйськ, Сергиев → Сергієв
        elif ch == "и":
            final = n == len(low) - 1 or low[n:] == "ий"
            if keep_i or final or (prev and prev in _HUSHING):
                out.append("и")
            else:
                out.append("і")
        else:
            out.append(ch)
    result = "".join(out).replace("сс", "с")
    if last:
        result = re.sub(r"(с|ц|з)к$", r"\1ьк", result)  # Брянск → Брянськ
    return result


def _spell(name: str, keep_i: bool) -> str:
    parts = re.split(r"([ -])", name)
    words = [p for p in parts if p and p not in (" ", "-")]
    out, seen = [], 0
    for part in parts:
        if not part or part in (" ", "-"):
            out.append(part)
            continue
        seen += 1
        spelled = _word(part, keep_i, last=seen == len(words))
        out.append(spelled[:1].upper() + spelled[1:] if part[:1].isupper() else spelled)
    return "".join(out)


def load_exceptions(path: Path = EXCEPTIONS) -> dict[str, list[str]]:
    """The reviewed names the rules get wrong: "Новозыбков = Новозибків" lines."""
    return read_name_table(path, "Русское = Українська")


def ukrainian_spellings(name: str, exceptions: dict[str, list[str]] | None = None) -> list[str]:
    """Ukrainian spellings of a Russian place name (capitalised like the input), the name
    itself excluded; the reviewed ones first."""
    reviewed = (exceptions or {}).get(name, [])
    ruled = [_spell(name, keep_i=False), _spell(name, keep_i=True)]
    return [s for s in dict.fromkeys([*reviewed, *ruled]) if s != name]
