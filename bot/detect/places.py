"""Which of the places a post names are where the event happened.

A place is an event place when its sentence is not about history, drills, sport and the
like, it is not the far side of a border ("near the border with Kazakhstan"), not where a
speaker sits ("according to the General Staff in Kyiv"), and incident words are close:
anywhere in a short post, or in the same sentence or the one before or after it in the same
paragraph of a long text.

Also here: region names cut short in lists ("9 — над Калужской"), city districts that share
a name with a place elsewhere ("у Київському районі" of Kharkiv), and "столица".
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from bot.detect.classify import TextAnalysis
from bot.detect.morph import lemma
from bot.detect.normalize import tokenize
from bot.detect.place_data import PlaceData, place_data
from bot.detect.place_words import place_words
from bot.models import Place

if TYPE_CHECKING:
    from bot.detect.gazetteer import Gazetteer

SHORT_POST_CHARS = 600
_BORDER_BEFORE = re.compile(
    r"(?:границ\w*|рубеж\w*|border\w*|кордон\w*)\s+(?:с|со|with|з|із|зі)\s*$", re.IGNORECASE
)
# The place of a speaker, not of the event: "according to the General Staff in Kyiv"; not
# when the statement says what it is about ("заявил об ударе по НПЗ в Саратове").
_SPEAKER_BEFORE = re.compile(
    r"(?:according to|said|told|reported by|по данным|по словам|сообщили|заявили|заявил|"
    r"повідомили|за даними)\b(?:(?!\b(?:об|о|обо|про|about)\b)[^,;.:—])*\b(?:in|в|во|у)\s+$",
    re.IGNORECASE,
)
_DISTRICT_AFTER = re.compile(
    r"^\s*(?:район\w*|мікрорайон\w*|микрорайон\w*|district|округ\w*)", re.IGNORECASE
)
_DISTRICT_WORD = re.compile(r"\b(?:район|district|округ)", re.IGNORECASE)
_STREET_AFTER = re.compile(
    r"^\s*(?:шоссе|шосе|улиц\w*|вулиц\w*|проспект\w*|бульвар\w*|переул\w*|провул\w*|"
    r"street|avenue|road|highway)\b",
    re.IGNORECASE,
)
# The words read here are data (bot/data/places.toml); what each kind does is said there.
_WORDS = place_words()
_COMPASS = _WORDS.compass_adjectives
_LIST_PREPOSITIONS = _WORDS.list_prepositions
_REGION_NOUNS = _WORDS.region_words
_NEUTER_ENDINGS = ("ое", "ське", "цьке", "зьке")  # adjectives no region's name takes
_NEXT_WORD = re.compile(r" (\w+)")
_PREVIOUS_WORD = re.compile(r"(\w+)\W*$")
_PLACE_PREPOSITIONS = _WORDS.first_name_prepositions
_PLACE_NOUNS = _WORDS.place_nouns
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
_CAPITAL = re.compile(r"\bстолиц[аеиыюяі]\w*|\bстолиця\b", re.IGNORECASE)


class MentionLike(Protocol):
    start: int
    end: int
    surface: str
    place: Place


@dataclass(frozen=True)
class EventPlace:
    start: int
    end: int
    surface: str
    place: Place


def text_for_gazetteer(text: str) -> str:
    """The text with English possessives blanked ("Odesa's" -> "Odesa  "), same offsets."""
    if "'" not in text and "’" not in text:
        return text
    return _POSSESSIVE.sub("  ", text)


def _is_across_border(text: str, start: int) -> bool:
    return bool(_BORDER_BEFORE.search(text[max(0, start - 40) : start]))


def _is_speaker_place(text: str, start: int) -> bool:
    return bool(_SPEAKER_BEFORE.search(text[max(0, start - 60) : start]))


def _signal_near(analysis: TextAnalysis, index: int, short: bool) -> bool:
    infos = analysis.sentences
    if short:
        return any(info.signal for info in infos)
    paragraph = infos[index].sentence.paragraph
    for j in (index, index - 1, index + 1):
        if 0 <= j < len(infos) and infos[j].sentence.paragraph == paragraph and infos[j].signal:
            return True
    return False


def _is_stray(text: str, mention: MentionLike, regions: Counter[str]) -> bool:
    """A city district or a street named like a place in another region, or "северной".
    ``regions``: how many of the post's places are in each region; a district another place
    of the post shares its region with is no stray («возле села Кременское Медынского
    района, ближе к городу Верея»)."""
    after = text[mention.end : mention.end + 20]
    if _STREET_AFTER.match(after):
        return True
    district = _DISTRICT_AFTER.match(after) or _DISTRICT_WORD.search(mention.surface)
    own = mention.place.region
    if district and regions.keys() - {own} and regions[own] < 2:
        return True
    surface = mention.surface
    lower = surface.lower()
    if surface[:1].islower() and (lower in _COMPASS or lemma(lower, "ru") in _COMPASS):
        return True
    return _is_first_name(text, mention)


def _is_first_name(text: str, mention: MentionLike) -> bool:
    """ "President Vladimir Putin", "губернатор Владимир Владимиров": a first name before a
    surname, not the city. A place after a preposition ("в Белгороде Губернатор") stays, and
    so does a name of several words in a case of its own («председатель совета депутатов Новой
    Каховки Владимир Леонтьев»: no first name is two declined words)."""
    if mention.place.kind != "settlement":
        return False
    if len(mention.surface.split()) > 1 and (
        mention.surface.lower().replace("ё", "е") != mention.place.name.lower().replace("ё", "е")
    ):
        return False
    after = _NEXT_WORD.match(text, mention.end)
    if after is None or not after.group(1)[:1].isupper():
        return False
    if len(after.group(1)) > 1 and after.group(1).isupper() and not mention.surface.isupper():
        return False  # «Внимание Залегощь РСЗО»: an abbreviation after the name, no surname
    if after.group(1).lower() in _PLACE_NOUNS:
        return False
    if _DISTRICT_AFTER.match(text[after.end() : after.end() + 20]):
        return False  # «Кременское Медынского района»: a village and its district
    before = _PREVIOUS_WORD.search(text[max(0, mention.start - 30) : mention.start])
    return before is not None and before.group(1).lower() not in _PLACE_PREPOSITIONS


def _sentence_finder(analysis: TextAnalysis) -> Callable[[int], int]:
    """`analysis.sentence_index` in O(log n): sentences are in text order, apart."""
    infos = analysis.sentences
    starts = [info.sentence.start for info in infos]

    def find(offset: int) -> int:
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and offset < infos[i].sentence.end:
            return i
        return max(0, len(infos) - 1)

    return find


_CLAUSE_END = re.compile(r"[.!?;:\n]")
_DISTANCE_WORDS = _WORDS.distance_words


_LIST_GAP = re.compile(r"\s*(?:,|;|\s(?:і|й|та|и|and)\s)\s*")
# A list's name may be followed by the list's region noun: «з Курської та Брянської областей».
_LIST_END = re.compile(
    r"(?:\s+(?:" + "|".join(map(re.escape, _WORDS.region_nouns)) + r")\w*\.?)?"
    r"\s*(?:[,;.!?)\n]|\s(?:і|й|та|и|and)\s|$)",
    re.IGNORECASE,
)


def place_role(text: str, mention: MentionLike, data: PlaceData | None = None) -> str:
    """ "origin" (where a threat came from: «со стороны Калужской области», «від Сум»; and a
    launch area, whatever its sentence reports: «район пусків – Курська обл.»), "launch" (an
    origin in a launch report: «пуски из-под Курска»), "destination" («курсом
    на Сумы») or "" for a plain place. The phrases are data (bot/data/place_roles.txt)."""
    data = data or place_data()
    start = mention.start
    window = text[max(0, start - 60):start]
    cut = max((m.end() for m in _CLAUSE_END.finditer(window)), default=0)
    words = [t.norm for t in tokenize(window[cut:])]
    if not words and cut and window[cut - 1] == ":":
        # «із напрямків: Брянськ, Курськ, Орел»: a list of origins after a colon.
        head = window[: cut - 1]
        head_cut = max((m.end() for m in _CLAUSE_END.finditer(head)), default=0)
        head_words = [t.norm for t in tokenize(head[head_cut:])]
        if data.role_before("origin", head_words) or data.role_before("launch-area", head_words):
            return "origin"
    if not words:
        return ""
    if data.role_before("launch-area", words) is not None:
        return "origin"  # «район пусків – Курська обл.»: whatever the sentence reports
    launch: bool | None = None

    def launched() -> bool:  # whether the mention's sentence reports a launch
        nonlocal launch
        if launch is None:
            sentence_start = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)),
                                 default=0)
            sentence_end = _CLAUSE_END.search(text, mention.end)
            sentence = text[sentence_start:sentence_end.start() if sentence_end else len(text)]
            launch = any(t.norm in data.roles.get("launch", ()) for t in tokenize(sentence))
        return launch

    phrase = data.role_before("origin", words)
    origin_region = data.role_before("origin-region", words) if phrase is None else None
    if origin_region is not None and (
        # «опасность по БПЛА от Валуйского района»: a whole district too is an area, not a
        # town a distance is measured from; in a launch report a town too is where it was
        # launched from («пуски от Армавира»)
        mention.place.kind in ("region", "district") or launched()
        # «От Комаричи в сторону Орла», «Из Навли на Брянск»: a line opening with where a
        # threat sets out from, and a course after it
        or (len(words) == 1 and _course_after(text, mention, data))
    ):
        phrase = origin_region
    if phrase is not None:
        before = words[: len(words) - len(phrase.split(" "))]
        if before and before[-1] in _DISTANCE_WORDS:
            return ""  # "в 5 км от Белгорода": a location
        return "launch" if launched() else "origin"
    if data.role_before("target", words) is not None:
        return "target"
    if data.role_before("destination", words) is not None:
        return "destination"
    return ""


def _course_after(text: str, mention: MentionLike, data: PlaceData) -> bool:
    """Whether a course («в сторону», «курсом на», «на») follows the mention within a few
    words («От Обоянь низко БПЛА в направлении Пристень»)."""
    after = [t.norm for t in tokenize(text[mention.end:mention.end + 48])][:4]
    return any(
        data.role_before("destination", after[:k]) is not None for k in range(1, len(after) + 1)
    )


def event_places(analysis: TextAnalysis, mentions: Sequence[MentionLike]) -> list[EventPlace]:
    """The mentions that locate the reported event, in text order. A place named only as
    where the threat came from is not one ("со стороны Калужской области")."""
    if not analysis.sentences:
        return []
    text = analysis.text
    short = len(text) <= SHORT_POST_CHARS
    out: list[EventPlace] = []
    ordered = sorted(mentions, key=lambda m: m.start)
    # Linear in the post's length: every region named once (_is_stray looks only at regions
    # other than the mention's own), and sentences found by bisection, not a scan a mention.
    roles = [place_role(text, m) for m in ordered]
    # a region the post names as a course («курсом на Орловскую область») says nothing of
    # where its districts are («БПЛА над Суземским районом»)
    # a region named as where it came from says nothing of them either («заліт БПЛА з Курщини
    # в напрямку Охтирського району» is Sumy oblast's district, no stray)
    regions = Counter(m.place.region for m, role in zip(ordered, roles, strict=True)
                      if (role != "destination" or m.place.kind != "region")
                      and role not in ("origin", "launch"))
    sentence_of = _sentence_finder(analysis)
    origin_end = -1  # where the last origin ended: a list goes on «з напрямків Курськ, Орел»
    targets: list[EventPlace] = []
    for mention, role in zip(ordered, roles, strict=True):
        index = sentence_of(mention.start)
        if (origin_end >= 0 and _LIST_GAP.fullmatch(text, origin_end, mention.start)
                and _LIST_END.match(text, mention.end)):
            origin_end = mention.end
            continue
        origin_end = -1
        # A question ("Что гремит в Курске?") still names the place of what follows.
        if analysis.sentences[index].ignored_because not in (None, "question"):
            continue
        if _is_across_border(text, mention.start) or _is_speaker_place(text, mention.start):
            continue
        if _is_stray(text, mention, regions):
            continue
        if role in ("origin", "launch"):
            # A launch site is where the weapon left from, never where the report happens:
            # «Нові пуски балістики з Брянської області», «пуски Х-101 з району Вологди»
            # alert the side it flies to, not Bryansk or Vologda.
            origin_end = mention.end
            continue
        if _signal_near(analysis, index, short):
            place = EventPlace(mention.start, mention.end, mention.surface, mention.place)
            (targets if role == "target" else out).append(place)
    # «Сбит беспилотник, летевший на Москву»: where it was heading is the place only when
    # the post names no place where something happened («обломки упали в Подольске»).
    return out or targets


_CAPITALS = {"UA": "UA-30", "RU": "RU-MOW"}


def capital_places(
    analysis: TextAnalysis, gazetteer: Gazetteer, side: str | None = None
) -> list[EventPlace]:
    """ "Столиця" in a Ukrainian post is Kyiv, "столица" in a Russian one Moscow, unless the
    channel's own side says otherwise (``side``: "UA" or "RU", from its home or its last hour's
    reports): a Ukrainian monitor writing Russian («теперь начнут работать по мопедам в
    столице») means Kyiv."""
    code = _CAPITALS.get(side or "") or {"uk": "UA-30", "ru": "RU-MOW"}.get(analysis.lang)
    place = region_place(gazetteer, code) if code else None
    if place is None:
        return []
    short = len(analysis.text) <= SHORT_POST_CHARS
    out: list[EventPlace] = []
    for match in _CAPITAL.finditer(analysis.text):
        index = analysis.sentence_index(match.start())
        if analysis.sentences[index].ignored_because is None and _signal_near(
            analysis, index, short
        ):
            out.append(EventPlace(match.start(), match.end(), match.group(), place))
    return out


def region_place(gazetteer: Gazetteer, code: str) -> Place | None:
    """The Place for a whole region, named in its country's language."""
    info = gazetteer.region(code)
    if info is None:
        return None
    name = info.name_uk if code.startswith("UA") else info.name_ru
    return Place(name=name, region=code, lat=info.lat, lon=info.lon, kind="region")


def _adjective_index(gazetteer: Gazetteer, lang: str) -> dict[str, str]:
    """Lemma of a region's adjective ("калужский") -> region code, for "над Калужской"."""
    index: dict[str, str] = {}
    for info in gazetteer.regions():
        for name in (info.name_ru, info.name_uk):
            parts = (name or "").split()
            if len(parts) == 2 and parts[1].lower() in _REGION_NOUNS:
                index.setdefault(lemma(parts[0].lower(), lang), info.code)
    return index


_ADJECTIVE_CACHE: dict[tuple[int, str], dict[str, str]] = {}


def elliptic_regions(
    analysis: TextAnalysis, gazetteer: Gazetteer, found: list[EventPlace],
    dropped: Collection[int] = (),
) -> list[EventPlace]:
    """Regions named by their adjective alone in a list: "64 — над Брянской областью, 9 — над
    Калужской". Only read in a sentence that already names a region in full. Returns the
    places with such words added or re-read as regions. ``dropped``: where the gazetteer's
    regions start that are no event places («атакував з Курської та Брянської областей»:
    where the drones came from), not read again here."""
    region_sentences = {analysis.sentence_index(p.start) for p in found if p.place.kind == "region"}
    # "у Сумській, Чернігівській та Київській областях"
    region_sentences |= {
        analysis.sentence_index(w.start) for w in analysis.words if w.lemma in _REGION_NOUNS
    }
    if not region_sentences:
        return found
    key = (id(gazetteer), analysis.lang)
    if key not in _ADJECTIVE_CACHE:
        _ADJECTIVE_CACHE[key] = _adjective_index(gazetteer, analysis.lang)
    adjectives = _ADJECTIVE_CACHE[key]
    by_start = {p.start: p for p in found}
    words = analysis.words
    short = len(analysis.text) <= SHORT_POST_CHARS
    for position, word in enumerate(words):
        code = adjectives.get(word.lemma)
        if code is None or word.text.lower().endswith(_NEUTER_ENDINGS):
            # «Дебальцево, Кировское»: a neuter adjective is a village's name, no region's.
            continue
        index = analysis.sentence_index(word.start)
        if index not in region_sentences or not _signal_near(analysis, index, short):
            continue
        if analysis.sentences[index].ignored_because not in (None, "question"):
            continue
        previous = words[position - 1] if position else None
        listed = previous is not None and (
            previous.text.lower() in _LIST_PREPOSITIONS
            or "," in analysis.text[previous.end : word.start]
        )
        if not listed:
            continue
        # "над Кировским районом": the adjective of a district, not a region.
        following = words[position + 1] if position + 1 < len(words) else None
        if (
            following is not None
            and analysis.text[word.end : following.start].isspace()
            and following.text[:1].islower()
            and following.lemma not in _REGION_NOUNS
        ):
            continue
        if word.start in dropped:
            continue
        current = by_start.get(word.start)
        if current is not None and (current.place.kind == "region" or current.end != word.end):
            continue
        if any(p.start < word.start < p.end for p in found):
            continue
        place = region_place(gazetteer, code)
        if place is not None:
            by_start[word.start] = EventPlace(word.start, word.end, word.text, place)
    return [by_start[start] for start in sorted(by_start)]
