"""Sentence by sentence: which incident types a text asserts, and which sentences to ignore.

Each sentence's words are looked up in the lexicon (by lemma) and turned into concepts; the
types follow from the concepts of the sentence: "опасность" + a drone word is alert + drone,
"сбит" + a drone word is drone + air_defense, a casualty word with "не"/"нет"/"без"/"no" in
the same clause is no casualty, and so on (``_types_of``). Some types need the whole post:
an attack is a strike only if something was hit and not only debris of what was shot down.

A sentence is *ignored* when it is about something else than a current event: history and
anniversaries, drills and siren tests, shows, sport, ads and donation drives, rules and
guidance, fakes and denials, economy or politics, a question, or a hypothesis ("could").
Its incident words then count for nothing, and places named in it are not event places.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from itertools import compress, pairwise
from itertools import count as counter
from operator import attrgetter

from bot.detect import lexicon as lx
from bot.detect.morph import FUTURE_KEY, Sentence, Word, sentences, told_in_past, words
from bot.models import INCIDENT_TYPES

_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")
# The function words and marks of bot/data/lexicon/grammar.toml, one role a table: what each
# role does is said there.
_GRAMMAR = lx.data().grammar
_PATTERNS = lx.data().patterns
# "женщина 1961 года рождения", "1961 г.р.", "1961 р.н.": a birth year tells no past event,
# nor does each year of a list the mark closes ("чоловік та жінка 1978 та 1980 р.н.").
_BIRTH_YEAR = re.compile(
    r"(?:\s*(?:,|та|і|й|и|and)\s*\d{4})*\s*(?:" + "|".join(_PATTERNS["birth_year"]) + ")"
)
# "после удара 28 листопада": a day and a month's name (the lexicon's [months] table).
_MONTHS = "|".join(sorted(map(re.escape, lx.data().months), key=len, reverse=True))
_DAY_MONTH = re.compile(r"(?<!\d)(3[01]|[12]\d|0?[1-9])\s+(" + _MONTHS + r")(?!\w)", re.IGNORECASE)
# Without the look-behind, tried at every character: a text with no digit before a month's
# name (most texts) is passed over at the speed of a digit search.
_MAYBE_DAY_MONTH = re.compile(r"\d\s+(?:" + _MONTHS + r")(?!\w)", re.IGNORECASE)
_PAST_DAYS = 2  # a date this many days or more before the post's own is the past
_HALF_YEAR = 183  # a date further ahead than this is last year's ("28 декабря" in January)
_NEGATION_BEFORE = 4
_NEGATION_AFTER = 3
# How far after a harm that opens its clause a negation closing the clause still denies it.
_NEGATION_CLOSING = 6
# "Обстрелов за прошедшие сутки в районе не было": a time and a place may stand between.
_NONE_AFTER = 6

_EVENT_TYPES = frozenset(INCIDENT_TYPES)
_LEMMA = attrgetter("lemma")
_START = attrgetter("start")
_STOPLIST = lx.data().stoplist
_GOING_ON = frozenset({lx.FOLLOWUP, lx.HEDGE})
# What a short line may say beside a cue and keep it: air defence at work, where it goes («на
# подлёте 3 цели»), a drill denied (a drill not denied still ignores the line), the airport
# («Курумоч — «Ковёр»», «Оренбург, аэропорт — «Ковёр»»), a site («летят в сторону арсенала»).
_BESIDE_CUES = _GOING_ON | {
    lx.AIR_DEFENSE, lx.NEGATION, lx.DRILL, lx.SHOW, lx.EXPLAINER, lx.MOVEMENT, lx.AIRPORT,
    lx.IN_FORCE, lx.SITE,
}
# "Есть пострадавшие", "є поранені": the harm is there, only its extent is being established.
_EXISTENTIAL = _GRAMMAR["existential"] | {FUTURE_KEY}
_EMPTY: frozenset[str] = frozenset()
_HEARD = frozenset({lx.UNRECORDED})
_DANGER_ONLY = frozenset({lx.DANGER})
_CONCRETE = frozenset(
    {lx.EXPLOSION, lx.SHOOTDOWN, lx.CASUALTY, lx.DAMAGE, lx.FIRE, lx.ALERT, lx.DEBRIS, lx.FALL}
)


@dataclass(slots=True)
class SentenceInfo:
    sentence: Sentence
    words: list[Word]
    concepts: set[str] = field(default_factory=set)
    types: set[str] = field(default_factory=set)
    matched: list[str] = field(default_factory=list)
    ignored_because: str | None = None
    all_clear: bool = False
    hit: bool = False  # a strike word that says something was hit, not only attacked
    # A strike or attack word that is not also everyday speech («обстрел», not «удар»).
    war_hit: bool = False
    # Only a cue of a short line ("Брянск громко") or a precaution ("будьте осторожны"): an
    # incident only where it has a place.
    weak: bool = False
    # A cue that stands alone with numbers and a few filler words ("Очень громко", "2 цели"),
    # not inside other words ("Громко поздравляем земляков"): it may take the channel's region.
    bare: bool = True
    attacked_target: bool = False  # "ФПВ атаковал автобус"
    attacked_site: bool = False  # "Туапсе — атака на НПЗ": no weapon named
    # Reports only by a mark read in a post of that one line («💥 Харків»): its words must
    # all be places (see Detector.detect).
    marked_alone: bool = False
    # A weapon named alone in a short sentence, read as sighted there ("Энергодар — ФПВ").
    sighted: bool = False
    hurt: bool = False  # people killed or hurt, by a word said only of people («поранили»)
    # Targets counted on their way with no weapon named («7 цілей на Кропивницький, далі на
    # Умань»): the weapon is the one the channel's last report named, if any.
    unnamed: bool = False

    @property
    def signal(self) -> bool:
        """The sentence reports an incident or an all-clear."""
        return self.ignored_because is None and (bool(self.types) or self.all_clear)


@dataclass
class TextAnalysis:
    text: str
    lang: str
    words: list[Word]
    sentences: list[SentenceInfo]

    @cached_property
    def types(self) -> set[str]:
        out: set[str] = set()
        concepts: set[str] = set()
        for info in self.sentences:
            if info.ignored_because is None:
                out |= info.types
                concepts |= info.concepts
        aimed = out & {"drone", "missile"} or concepts & {lx.DRONE, lx.MISSILE}
        # "ВСУ нанесли ракетный удар. ПВО уничтожены три ракеты": repelled, unless a sentence
        # says something was hit or shows what the strike did, or the strike was shelling,
        # which air defence does not shoot down («ворог бив з артилерії по громаді»).
        if (
            "strike" in out
            and lx.SHOOTDOWN in concepts
            and not any(
                info.ignored_because is None
                and (info.hit or ("strike" in info.types and (
                    info.types & _OUTCOMES or lx.ARTILLERY in info.concepts)))
                for info in self.sentences
            )
        ):
            out.discard("strike")
        # An attack is a strike when something was hit (damaged, burning, people hurt), not
        # when it was repelled or the damage is put down to debris of what was shot down.
        spoiled = {lx.SHOOTDOWN, lx.DEBRIS, lx.TRIED}
        attacked = outcome = False
        for info in self.sentences:
            if info.ignored_because is None and not info.concepts & spoiled:
                attacked = attacked or lx.ATTACK in info.concepts
                # "без світла внаслідок атаки": the power cut shows the attack hit.
                outcome = (outcome or bool(info.types & {"damage", "fire", "casualties"})
                           or lx.POWER_CUT in info.concepts)
        if attacked and outcome:
            out.add("strike")
        if not concepts & spoiled and any(
            info.attacked_target and info.ignored_because is None for info in self.sentences
        ):
            out.add("strike")
        # "Збито або подавлено 71" after "атакував 96 ударними БпЛА".
        if lx.SHOOTDOWN in concepts and aimed and out:
            out.add("air_defense")
        return out

    @property
    def weak(self) -> bool:
        """Every sentence that reports something does so only by a cue or a precaution."""
        signals = [i for i in self.sentences if i.ignored_because is None and i.types]
        return bool(signals) and all(i.weak for i in signals)

    @property
    def marked_alone(self) -> bool:
        """Every sentence that reports something does so only by a mark read in a post of
        that one line («💥 Харків»)."""
        signals = [i for i in self.sentences if i.ignored_because is None and i.types]
        return bool(signals) and all(i.marked_alone for i in signals)

    @property
    def bare(self) -> bool:
        """Every sentence that reports something by a cue says nothing else ("Громко")."""
        return all(i.bare for i in self.sentences if i.ignored_because is None and i.types)

    @property
    def debris(self) -> bool:
        """A sentence says debris fell or did harm ("обломки упали на территории частного
        дома", "обломками повреждена кровля")."""
        return any(
            info.ignored_because is None
            and lx.DEBRIS in info.concepts
            and (lx.FALL in info.concepts or bool(info.types & _OUTCOMES))
            for info in self.sentences
        )

    @property
    def aerial_debris(self) -> bool:
        """Debris that by its own words fell from the sky or from what was shot down
        ("зафіксовано падіння уламків", "уламки збитої цілі впали"): it needs no earlier
        report to be an incident."""
        return any(
            info.ignored_because is None
            and lx.DEBRIS in info.concepts
            and bool(info.concepts & {lx.AERIAL_DEBRIS, lx.SHOOTDOWN})
            for info in self.sentences
        )

    @property
    def harm_tally(self) -> bool:
        """The post only counts people killed or hurt, more than once (place by place): «У
        сел. Борова загинув 47-річний чоловік, постраждали 52-річний і 60-річний чоловіки; у
        с. Новомиколаївка постраждали двоє» (not a storm's «сорвал крыши с домов, пострадала
        женщина»: what was damaged is told)."""
        told = [info for info in self.sentences if info.concepts]
        if not told or not all(info.concepts <= _TALLIED for info in told) or sum(
            len(info.matched) for info in told
        ) < 2:
            return False
        # place by place: two names at least past the sentences' first words
        firsts = {info.words[0].start for info in self.sentences if info.words}
        names = {w.text for w in self.words if w.start not in firsts and w.text[:1].isupper()
                 and not w.text[1:2].isupper()}
        return len(names) >= 2

    @property
    def unnamed_targets(self) -> bool:
        """Targets counted on their way with no weapon named in the post (see
        _counted_targets)."""
        return any(info.unnamed and info.ignored_because is None for info in self.sentences) \
            and not self.types & {"drone", "missile"}

    @property
    def promo(self) -> bool:
        """A sentence promotes a channel or asks readers to report what they see."""
        return any(info.ignored_because == lx.PROMO for info in self.sentences)

    @property
    def war_harm(self) -> bool:
        """A sentence tells people killed or hurt by the enemy («Росіяни вбили трьох людей у
        Костянтинівці», «Через російську агресію 4 людини дістали поранення»): the war's harm,
        an incident though it names no weapon."""
        return any(
            info.ignored_because is None
            and lx.ENEMY in info.concepts
            and info.hurt
            and "casualties" in info.types
            for info in self.sentences
        )

    @property
    def air_defense_at_work(self) -> bool:
        """A sentence says air defence shot something down or is at work («Працюють наші сили
        ППО», «работает ПВО»), not only names it («Україні потрібні системи ППО»)."""
        return any(
            info.ignored_because is None
            and "air_defense" in info.types
            and (lx.SHOOTDOWN in info.concepts or any(w.lemma in _AT_WORK for w in info.words))
            for info in self.sentences
        )

    @property
    def shootdown(self) -> bool:
        return any(
            lx.SHOOTDOWN in info.concepts and info.ignored_because is None
            for info in self.sentences
        )

    @property
    def all_clear(self) -> bool:
        return any(info.all_clear and info.ignored_because is None for info in self.sentences)

    @property
    def matched(self) -> list[str]:
        seen: dict[str, None] = {}
        for info in self.sentences:
            if info.ignored_because is None:
                for term in info.matched:
                    seen.setdefault(term, None)
        return list(seen)

    def sentence_index(self, offset: int) -> int:
        for index, info in enumerate(self.sentences):
            if info.sentence.start <= offset < info.sentence.end:
                return index
        return max(0, len(self.sentences) - 1)


_OUTCOMES = frozenset({"damage", "fire", "casualties"})
_AT_WORK = _GRAMMAR["at_work"]
_CLAUSE_BREAK = re.compile(r"[,;:—–()]|\s-\s")
THREAT_OF_STRIKE = "threat_of_strike"  # "загроза КАБів": an alert with no weapon type
# "не меньше восьми" is a lower bound, not a negation.
_NOT_NEGATING_NEXT = _GRAMMAR["not_negating_next"]
_BLASTS = frozenset({lx.EXPLOSION, lx.STRIKE})
_ALERT_OR_BLAST = frozenset({lx.ALERT, lx.EXPLOSION})
_HARM = frozenset({lx.CASUALTY, lx.DAMAGE})
_HITS = frozenset({lx.STRIKE, lx.ATTACK})
_SILENT = frozenset({lx.NEGATION, lx.EMOTION, lx.UNRECORDED})
# What a clause names only to say it was not recorded: every signal but an all-clear.
_NOT_RECORDED = lx.SIGNALS - {lx.ALL_CLEAR, lx.LIFTED}
_COMPARISON = _GRAMMAR["comparison"]
# "до отбоя", "спросить про отбой": waiting for it or asking about it, not giving it.
_UNTIL = _GRAMMAR["until"]
_SIGNAL = _GRAMMAR["signal"]
_NO_SUCH = _GRAMMAR["no_such"]  # "никакого отбоя нет"
_EXPECTED = _GRAMMAR["expected"]
_IGNORE_REASONS = (
    lx.FORECAST,
    lx.HISTORY,
    lx.DRILL,
    lx.SHOW,
    lx.SPORT,
    lx.PROMO,
    lx.OFFTOPIC,
    lx.CRIME,
    lx.FRONT,
    lx.SPACE,
    lx.FAKE,
    lx.RULES,
    lx.REMINDER,
)
# "Напоминаем, сохраняется опасность атаки БПЛА": a reminder that an alert is in force is it.
_IN_FORCE_OF = frozenset({lx.ALERT, lx.DANGER})
# "Калуга — пролёт": a flight over a place, no weapon named, in a short line (see grammar.toml).
_FLYOVER = _GRAMMAR["flyover"]
# Marks of an advertisement anywhere in a post make the whole post an ad.
_AD_MARK = re.compile("|".join(_PATTERNS["ad_marks"]), re.IGNORECASE | re.MULTILINE)
# A monitoring channel's list, oblast by oblast: «Харківщина: 10 повз Лозову».
_MONITOR_HEADER = re.compile("|".join(_PATTERNS["monitor_header"]), re.MULTILINE)
_MONITOR_ITEM = re.compile("|".join(_PATTERNS["monitor_item"]), re.MULTILINE)
# A city monitor's short line: «🛵 Нивки!», «Київ — 1х на Святошин».
_MONITOR_COUNT = re.compile("|".join(_PATTERNS["monitor_count"]))
_COUNTED_TARGETS = re.compile("|".join(_PATTERNS["counted_targets"]))
_LINE_MARKS = lx.data().line_marks
_COUNT_HINT = re.compile(r"\d\s?[хx]\s")
# Fragments one of which every ad mark contains (substring tests: cheaper than a pattern).
_AD_HINTS = lx.data().ad_fragments
# A channel asking its readers to report sightings and sounds: «О громких звуках, пролётах
# БПЛА сообщать в —». Read only in sentences that name something.
_SERVICE_REQUEST = re.compile(
    "|".join(_PATTERNS["service_requests"]), re.IGNORECASE | re.MULTILINE
)
_SERVICE_HINTS = lx.data().pattern_fragments["service_requests"]
_AFTER_NEGATIONS = _GRAMMAR["after_negations"]
# Said after a threat, these deny it ("угрозы нет", "загроза відсутня"); "не" does not
# ("загроза не минула").
_ABSENT = _GRAMMAR["absent"]
_BE = _GRAMMAR["be"] | {FUTURE_KEY}
_NONE_OF = frozenset({lx.ALERT, lx.DANGER, lx.EXPLOSION, lx.STRIKE})
_WITHOUT = _GRAMMAR["without"]
_HAPPENED_NOW = frozenset({lx.EXPLOSION, lx.SHOOTDOWN, lx.CASUALTY, lx.DAMAGE, lx.FIRE})
_PLACE_PREPOSITIONS = _GRAMMAR["place_prepositions"]
_IN_CROWD = _GRAMMAR["in_crowd"]
_FOR = _GRAMMAR["for"]  # "приняли салют за атаку"
_EXPLODE_VERBS = _GRAMMAR["explode_verbs"]
_AIMED = frozenset({lx.DRONE, lx.MISSILE})
# An attack on a site is no strike of its own when a weapon is named (the weapon's rules
# decide), or it was repelled, tried, denied or put down to debris.
_SITE_SPOILED = frozenset({
    lx.DRONE, lx.MISSILE, lx.BOMB, lx.SHOOTDOWN, lx.AIR_DEFENSE, lx.TRIED, lx.DEBRIS,
    lx.NEGATION,
})  # fmt: skip
_FLYING = frozenset({lx.DRONE, lx.MISSILE, lx.BOMB, lx.AIR_DEFENSE})
_TOWARDS = _GRAMMAR["towards"]
_DROPPED_FROM = _GRAMMAR["dropped_from"]
_WHENCE = _GRAMMAR["whence"]
_WHENCE_WORDS = _GRAMMAR["whence_words"]
# A word of time that may stand between a weapon and where it comes from.
_WHILE_STILL = frozenset({"поки", "пока", "ще", "ещё", "еще", "вже", "уже", "зараз", "сейчас"})
# How many words may tell where a weapon comes from before its course («з Чорного моря на»).
_WHENCE_MAX = 3
# Said of a weapon still on its way: "пуски КАБів", "герани заходят, работает ПВО".
_NOT_ARRIVED = frozenset({lx.STRIKE, lx.AIR_DEFENSE})
_IN = _GRAMMAR["in"]
_AREA = _GRAMMAR["area"]
_OVER = _GRAMMAR["over"]
# How many words before or after a weapon «над Х» or «в районе Х» may stand and place it.
_SEEN_BEFORE = 6
_SEEN_AFTER = 3
# Concepts that explain loud sounds or sirens away: a drill, a siren test, fireworks.
_EXPLAINERS = frozenset({lx.DRILL, lx.SHOW, lx.EXPLAINER})
# What a drill or a show can account for elsewhere in the same post: sirens and bangs heard.
_EXPLAINABLE = frozenset({"alert", "explosion"})
# ... and what people took them for: "думали, что опять ПВО".
_TAKEN_FOR = frozenset({"air_defense"})


def _near(
    hits: list[tuple[int, frozenset[str], str]],
    index: int,
    distance: int,
    wanted: set[str],
    before: bool = True,
) -> bool:
    low = index - distance if before else index
    return any(low <= j <= index + distance and j != index and c & wanted for j, c, _ in hits)


# What a tally of the harm done, place by place, tells (see TextAnalysis.harm_tally).
_TALLIED = frozenset({lx.CASUALTY})
# A weapon noun in the instrumental: what something was hit by («беспилотниками», «дроном»,
# «ракетою»), not what was shot down.
_INSTRUMENTAL = re.compile(r"(?:ами|ями|ом|ем|ём|ою|єю|ой)$")


def _by_weapon(hits: list[tuple[int, frozenset[str], str]], index: int, distance: int) -> bool:
    """A weapon in the instrumental within ``distance`` words of a hit verb: its doer."""
    return any(
        abs(j - index) <= distance and j != index and c & _WEAPONS
        and _INSTRUMENTAL.search(surface.lower()) is not None
        for j, c, surface in hits
    )


_SOUND_CLAUSE_WORDS = 5
# A sound told in the past («що в Павлограді було дуже гучно») may have a longer clause.
_SOUND_PAST_WORDS = 8
_SOUNDED = _GRAMMAR["sounded"]


def _alone_in_clause(text: str, ws: list[Word], at: int, covered: set[int]) -> bool:
    """The word at ``at`` stands in a clause of at most a few words that says nothing else: its
    other words are numbers, capitalised names or words of `[cue_filler]`, none of them a
    lexicon word («Гучно в Дніпрі», «громко в районе КЗТЗ», «у Тулі вночі було гучно»); a
    sound told in the past (grammar's `sounded`) in a clause of up to _SOUND_PAST_WORDS
    («Мешканці пишуть, що в Павлограді було дуже гучно»)."""
    start = at
    while start > 0 and not _CLAUSE_BREAK.search(text[ws[start - 1].end : ws[start].start]):
        start -= 1
    end = at
    while end + 1 < len(ws) and not _CLAUSE_BREAK.search(text[ws[end].end : ws[end + 1].start]):
        end += 1
    filler = lx.data().cue_filler
    before = [w.text.lower() for w in ws[max(start, at - 2) : at]]
    past = bool(before) and (before[-1] in _SOUNDED or (
        len(before) == 2 and before[0] in _SOUNDED and before[1] in filler))
    limit = _SOUND_PAST_WORDS if past else _SOUND_CLAUSE_WORDS
    if end - start + 1 > limit or (start == 0 and end == len(ws) - 1):
        return False
    return all(
        j == at
        or (
            j not in covered
            and (w.is_number or w.text[:1].isupper() or w.text.lower().replace("ё", "е") in filler)
        )
        for j, w in enumerate(ws[start : end + 1], start)
    )


def _heads_for(lemmas: list[str], at: int) -> bool:
    """Words after a weapon that put it on its way: "на Полтаву", "в районі Очакова"."""
    if at >= len(lemmas):
        return False
    return lemmas[at] in _TOWARDS or (
        lemmas[at] in _IN and at + 1 < len(lemmas) and lemmas[at + 1] in _AREA
    )


def _heads_for_from(text: str, ws: list[Word], lemmas: list[str], at: int) -> bool:
    """Where a weapon comes from, then its course: "шахеди з Херсонщини на Миколаїв", "дроны
    со стороны моря на Таганрог" (grammar's `whence` and `whence_words`; a name has its
    capital and is no abbreviation: not «дрон с ВОГом на машину»)."""
    if at + 1 < len(lemmas) and ws[at].text.lower() in _WHILE_STILL:
        at += 1  # «Крилаті ракети поки з Полтавщини на Черкащину»
    if at >= len(lemmas) or lemmas[at] not in _WHENCE:
        return False
    for j in range(at + 1, min(len(ws), at + 1 + _WHENCE_MAX + 1)):
        if _CLAUSE_BREAK.search(text[ws[j - 1].end : ws[j].start]):
            return False
        if j > at + 1 and _heads_for(lemmas, j):
            return not _front_sector(ws, j + 2)
        word = ws[j].text
        named = word[:1].isupper() and not word[1:2].isupper()
        if not named and lemmas[j] not in _WHENCE_WORDS and word.lower() not in _WHENCE_WORDS:
            return False
    return False


def _seen_over(text: str, ws: list[Word], lemmas: list[str], at: int) -> bool:
    """A place named with «над» or «в районе» a few words from a weapon, in its clause: "Над
    Политотделом Бел р-н два фпв", "Беспилотник ВФУ в районе Свердлова-Горького"."""
    for j in range(max(0, at - _SEEN_BEFORE), min(len(ws) - 1, at + _SEEN_AFTER)):
        if j == at:
            continue
        name = j + 1
        if lemmas[j] in _IN and name < len(ws) - 1 and lemmas[name] in _AREA:
            name += 1
        elif lemmas[j] not in _OVER:
            continue
        if name == at or not ws[name].text[:1].isupper():
            continue
        low, high = min(name, at), max(name, at)
        if not any(
            _CLAUSE_BREAK.search(text[ws[k].end : ws[k + 1].start]) for k in range(low, high)
        ):
            return True
    return False


_ADJECTIVE_LOCATIVE = re.compile(r"(?:ом|ем|ому|ім|ьому|ых|их)$")
# The nominative endings of an adjective before its noun («металлическое ограждение»,
# «металева огорожа», «выбитые окна»).
_ADJECTIVE_NOMINATIVE = re.compile(r"(?:ый|ий|ой|ая|яя|ое|ее|ые|ие|ій|ва|на|ве|не|ні|ві)$")
_SUFFERED = _GRAMMAR["suffered"]
_WEAPONS = frozenset({lx.DRONE, lx.MISSILE, lx.BOMB})
_WEAPONS_OR_AIR_DEFENSE = _WEAPONS | {lx.AIR_DEFENSE}
_NO_HARMS: frozenset[int] = frozenset()
# The passive of the verbs that both shoot down and hit: «поражены 5 БПЛА», «уражено ціль».
_PASSIVE_HIT = re.compile(r"(?:поражен|поражён|уражен|вражен)")
_LIST_AND = frozenset({"и", "или", "і", "та", "чи", "and", "or"})
_PROPERTY = _GRAMMAR["property"]
_ON = _GRAMMAR["on"]


def _front_sector(ws: list[Word], at: int) -> bool:
    """"на Купянском направлении", "на Покровському напрямку": «на», an adjective, a sector
    word of the lexicon's ``sector`` table."""
    return (
        2 <= at < len(ws)
        and ws[at].text.lower() in lx.data().sector
        and ws[at - 2].lemma in _ON
        and _ADJECTIVE_LOCATIVE.search(ws[at - 1].text.lower()) is not None
    )


def _is_negated(
    text: str, ws: list[Word], index: int, negations: set[int], harms: frozenset[int] = frozenset()
) -> bool:
    """A negation word close before (or a Slavic "нет" close after) in the same clause.
    ``harms``: where the sentence names harm or a fire, so that a sentence's closing «нет» is
    given to what its own clause names («Пострадали двое, разрушений нет», «пожара нет»)."""
    for n in negations:
        if index - _NEGATION_BEFORE <= n < index:
            between = text[ws[n].end : ws[index].start]
        elif index < n <= index + _NEGATION_AFTER and _after_negation(ws[n]):
            between = text[ws[index].end : ws[n].start]
        elif (
            index < n <= index + _NEGATION_CLOSING
            and _after_negation(ws[n])
            and _opens_clause(text, ws, index)
            and _closes_clause(text, ws, n)
        ):
            # «Пострадавших и серьёзных повреждений нет, оценивается ущерб»: a clause that
            # opens with the harm and closes with the negation denies all it lists.
            between = text[ws[index].end : ws[n].start]
        else:
            continue
        if not _CLAUSE_BREAK.search(between):
            return True
    # "Пострадавших, по предварительным данным, нет", «Пострадавших, разрушений нет»; not
    # «Пострадали двое, разрушений нет»: a clause that says more than the harm's name is a
    # report of its own, and the «нет» denies the harm of the last clause.
    last = len(ws) - 1
    if not (last in negations and _after_negation(ws[last])):
        return False
    # The opening clause: up to the first clause break.
    end = next(
        (j for j in range(last) if _CLAUSE_BREAK.search(text[ws[j].end : ws[j + 1].start])), last
    )
    if index > end:
        return False
    # «Пострадавших и повреждений, ... нет»: a list of harms' names only is what «нет» denies.
    listed = all(j in harms or ws[j].lemma in _LIST_AND for j in range(end + 1))
    return listed or not any(end < h < last for h in harms)


def _opens_clause(text: str, ws: list[Word], index: int) -> bool:
    return index == 0 or _CLAUSE_BREAK.search(text[ws[index - 1].end : ws[index].start]) is not None


def _closes_clause(text: str, ws: list[Word], index: int) -> bool:
    return (
        index == len(ws) - 1
        or _CLAUSE_BREAK.search(text[ws[index].end : ws[index + 1].start]) is not None
    )


def _property_follows(text: str, ws: list[Word], index: int) -> bool:
    """A word of property right after a harm verb, or after one adjective, in its clause
    («пострадало ограждение», «пострадало металлическое ограждение»; not «пострадали жители
    дома»)."""
    for j in (index + 1, index + 2):
        if j >= len(ws) or _CLAUSE_BREAK.search(text[ws[j - 1].end : ws[j].start]):
            return False
        if ws[j].lemma in _PROPERTY:
            return True
        if _ADJECTIVE_NOMINATIVE.search(ws[j].text.lower()) is None:
            return False
    return False


def _absent(ws: list[Word], n: int) -> bool:
    """What goes before was not there: "нет", "відсутня", "не было" / "не було"."""
    word = ws[n]
    if _ABSENT.intersection((word.lemma, word.text.lower())):
        return True
    return word.lemma == "не" and n + 1 < len(ws) and ws[n + 1].lemma in _BE


def _after_negation(word: Word) -> bool:
    return word.lemma in _AFTER_NEGATIONS or word.text.lower() in _AFTER_NEGATIONS


def _past_years(text: str, post_year: int | None) -> tuple[int, ...]:
    """Offsets of the years before the post's own, found once per text."""
    if post_year is None or ("19" not in text and "20" not in text):
        return ()
    return tuple(
        m.start()
        for m in _YEAR.finditer(text)
        if int(m.group()) < post_year and not _BIRTH_YEAR.match(text, m.end())
    )


def _past_dates(text: str, post_date: date | None) -> tuple[int, ...]:
    """Offsets of the dates ("28 листопада") two days or more before the post's own; a date
    more than half a year ahead is last year's ("28 декабря" in a post of January)."""
    if post_date is None or not _MAYBE_DAY_MONTH.search(text):
        return ()
    months = lx.data().months
    found = []
    for m in _DAY_MONTH.finditer(text):
        month = months[m.group(2).lower()]
        try:
            day = date(post_date.year, month, int(m.group(1)))
            if day > post_date + timedelta(days=_HALF_YEAR):
                day = date(post_date.year - 1, month, day.day)
        except ValueError:  # "30 февраля"; 29 February of a year without it
            continue
        if (post_date - day).days >= _PAST_DAYS:
            found.append(m.start())
    return tuple(found)


def _mentions_past_year(past_years: tuple[int, ...], sentence: Sentence) -> bool:
    return any(sentence.start <= offset < sentence.end for offset in past_years)


def _is_question(text: str, sentence: Sentence) -> bool:
    return text[sentence.start : sentence.end].rstrip(' )»"').endswith("?")


def _analyse_sentence(
    text: str,
    sentence: Sentence,
    sentence_words: list[Word],
    lemmas: list[str],
    lang: str,
    past_years: tuple[int, ...],
    asks: bool,
) -> SentenceInfo:
    lexicon = lx.lexicon_for(lang)
    info = SentenceInfo(sentence, sentence_words)
    hits: list[tuple[int, frozenset[str], str]] = []
    cues: list[tuple[int, frozenset[str], str]] = []
    known = lexicon.known
    short = lexicon.short
    single = lexicon.single
    phrases = lexicon.phrases
    # Most words mean nothing to the lexicon: one set look-up each finds the few that do.
    wanted = lexicon.wanted
    candidates = list(compress(counter(), map(wanted.__contains__, lemmas)))
    count = len(lemmas)
    skip_to = 0
    covered: set[int] = set()  # the words that meant something to the lexicon
    for i in candidates:
        if i < skip_to:
            continue
        key = lemmas[i]
        if key not in known:
            cues.append((i, short[key], sentence_words[i].text))
            continue
        if sentence_words[i].text.lower() in _STOPLIST:
            continue
        concepts = single.get(key, _EMPTY)
        span = 1
        tails = phrases.get(key)
        if tails is not None and i + 1 < count:
            for rest, phrase_concepts in tails.get(lemmas[i + 1], ()):
                end = i + 1 + len(rest)
                if len(rest) == 1 or tuple(lemmas[i + 1 : end]) == rest:
                    concepts, span = phrase_concepts, len(rest) + 1
                    break
        if concepts:
            surface = text[sentence_words[i].start : sentence_words[i + span - 1].end]
            hits.append((i, concepts, surface))
            covered.update(range(i, i + span))
        elif key in short:
            # The head of a phrase that is not there ("бортов" of "бортов СА"): a cue.
            cues.append((i, short[key], sentence_words[i].text))
        skip_to = i + span
    # «Кременчук увага!», «Харків, обережно!»: a danger word after a name, alone in a short
    # line, is its cue, and so is one right before a name, with no comma («Увага Бровари»)
    # (not «Увага! Зміни в розкладі», «Увага, Полтава! Завтра...»), and one of `cue_alone`
    # alone on its line under a place's line («Таганрог / Опасность»).
    if hits and hits[0][1] == _DANGER_ONLY and all(
        c == _DANGER_ONLY
        and lemmas[i] in short
        and (
            (i > 0 and sentence_words[0].text[:1].isupper())
            or (len(sentence_words) == 1 and sentence_words[0].text.lower() in lx.data().cue_alone)
            or (
                i == 0
                and len(sentence_words) > 1
                and sentence_words[1].text[:1].isupper()
                and text[sentence_words[0].end : sentence_words[1].start].isspace()
            )
        )
        for i, c, _ in hits
    ):
        cues = sorted(cues + [(i, short[lemmas[i]], w) for i, _, w in hits])
        hits = []
    # A sound in a clause of its own: «Гучно в Дніпрі — працює ППО по ворожих цілях»,
    # «Куп'янськ — КАБи, гучно»; read even where the line is long or says more.
    sounds = [
        cue
        for cue in cues
        if lx.EXPLOSION in cue[1] and _alone_in_clause(text, sentence_words, cue[0], covered)
    ] if cues else cues
    # A short alert line: "Брянск громко", "Темрюк 3 цели", "Никополь БУМ".
    if cues and sum(not w.is_number for w in sentence_words) > lexicon.short_max_words:
        cues = []
    if cues:
        cues = _without_described(cues, sentence_words, covered)
    # A cue counts only in a line that says nothing else: "Цели поражены" is a hit report;
    # "Стародуб — громко, работает ПВО" and "громко, и это не учения" say nothing else.
    # A verb of hearing or recording with no «не» before it may stand beside a cue too
    # («слышали гул»); «Більше не фіксується, уважно» tells of a target lost.
    if cues and _only_beside_cues(hits):
        # "Повторно громко": the cue says what goes on; «слышали гул» is still the cue alone.
        info.weak = all(c <= _HEARD for _, c, _ in hits)
        hits = sorted(hits + cues)
        covered.update(i for i, _, _ in cues)
        filler = lx.data().cue_filler
        info.bare = all(
            w.is_number or j in covered or w.text.lower().replace("ё", "е") in filler
            for j, w in enumerate(sentence_words)
        )
    elif sounds:
        info.weak = not hits
        info.bare = False
        hits = sorted(hits + sounds)
        covered.update(i for i, _, _ in sounds)
    if not hits:
        # Nothing to read but a past year or a question mark.
        if past_years and _mentions_past_year(past_years, sentence):
            info.ignored_because = lx.HISTORY
        elif asks and _is_question(text, sentence):
            info.ignored_because = "question"
        return info

    negations: set[int] = set()
    dangers: set[int] = set()
    pending: list[int] = []
    for i, c, _ in hits:
        if lx.NEGATION in c and not (
            i + 1 < len(lemmas) and sentence_words[i + 1].text.lower() in _NOT_NEGATING_NEXT
        ):
            negations.add(i)
        if lx.DANGER in c:
            dangers.add(i)
        if lx.PENDING in c:
            pending.append(i)
    # Where the harms are: read only beside a negation.
    harms = (
        frozenset(i for i, c, _ in hits if c & _HARM or lx.FIRE in c) if negations else _NO_HARMS
    )
    # "Пусків КАБів не фіксуємо": «не» and a verb of recording end the clause that names them.
    unrecorded = [i - 1 for i, c, _ in hits if lx.UNRECORDED in c and i - 1 in negations]
    explosions_as_metaphor: set[int] = set()
    for i, concepts, _ in hits:
        if lx.EMOTION in concepts:
            explosions_as_metaphor |= {j for j, c, _ in hits if j in (i - 1, i - 2) and c & _BLASTS}
        elif lx.CROWD in concepts and not (i and lemmas[i - 1] in _PLACE_PREPOSITIONS):
            # "Соцсети взорвались", "the crowd in Kyiv exploded"; not "в зале взорвался".
            explosions_as_metaphor |= {
                j for j, c, _ in hits if i < j <= i + 3 and lemmas[j] in _EXPLODE_VERBS
            }
        elif lx.CROWD in concepts and i >= 2 and lemmas[i - 1] in _IN_CROWD:
            # "Взрыв в соцсетях": the blast is the crowd's.
            explosions_as_metaphor |= {j for j, c, _ in hits if j == i - 2 and c & _BLASTS}

    concepts_found: set[str] = set()
    for i, concepts, surface in hits:
        kept = set(concepts)
        if i in explosions_as_metaphor:
            kept -= _BLASTS
            info.ignored_because = "metaphor"
        # "до отбоя", "до сигнала «Отбой»", "отбоя ожидаем", "ждём отбоя", "никакого отбоя
        # нет": not given.
        if lx.ALL_CLEAR in kept and (
            (i > 0 and lemmas[i - 1] in _UNTIL | _EXPECTED)
            or (i > 1 and lemmas[i - 2] in _UNTIL and lemmas[i - 1] in _SIGNAL)
            or (i + 1 < len(lemmas) and lemmas[i + 1] in _EXPECTED)
            or (i > 0 and lemmas[i - 1] in _NO_SUCH)
            or (i + 1 < len(lemmas) and _absent(sentence_words, i + 1))
        ):
            kept.discard(lx.ALL_CLEAR)
        # "загроза ще не минула", "угроза не снята": a lift denied is no all-clear, and so is
        # one waited for («до отмены красного уровня угрозы останавливается транспорт»).
        if lx.LIFTED in kept and (i - 1 in negations or (i > 0 and lemmas[i - 1] in _UNTIL)):
            kept.discard(lx.LIFTED)
        # «Не фіксується», «більше не спостерігається»: the monitors' word for a target lost;
        # the recording verb (a sighting word of its own, «фиксируется БПЛА») denied.
        if i - 1 in unrecorded:
            kept -= _NOT_RECORDED
        if unrecorded and any(
            i < u
            and not _CLAUSE_BREAK.search(text[sentence_words[i].end : sentence_words[u].start])
            for u in unrecorded
        ):
            kept -= _NOT_RECORDED
        # «район пусків – Курська обл.»: a launch area in a tally, no launch under way.
        if lx.LAUNCH in kept and i > 0 and lemmas[i - 1] in _AREA:
            kept.discard(lx.LAUNCH)
        # "Склад не был атакован": an attack denied.
        if lx.ATTACK in kept and (
            i - 1 in negations or (i - 2 in negations and lemmas[i - 1] in _BE)
        ):
            kept.discard(lx.ATTACK)
        # "Как и год назад": a comparison, not a story about the past.
        if lx.HISTORY in kept and set(lemmas[max(0, i - 2) : i]) & _COMPARISON:
            kept.discard(lx.HISTORY)
        # "Это не тревога", "this is not an air raid alert".
        if negations:
            if kept & _ALERT_OR_BLAST and any(
                i - 4 <= n < i
                and not _CLAUSE_BREAK.search(text[sentence_words[n].end : sentence_words[i].start])
                for n in negations
            ):
                kept -= _ALERT_OR_BLAST
            # "Загроза балістики відсутня", "угрозы нет", "взрывов не было", "без влучань":
            # none, said after it (or "без" just before).
            if kept & _NONE_OF and (
                _WITHOUT.intersection(lemmas[max(0, i - 2) : i])
                or any(
                    i < n <= i + _NONE_AFTER
                    and _absent(sentence_words, n)
                    and not _CLAUSE_BREAK.search(
                        text[sentence_words[i].end : sentence_words[n].start]
                    )
                    for n in negations
                )
            ):
                kept -= _NONE_OF
            if kept & _HARM and _is_negated(text, sentence_words, i, negations, harms):
                kept -= _HARM
            # «Пострадавших и возгорания нет», «пожара не было»: a fire denied right after it
            # (not by «без» before: «обошлось без жертв, возгорание потушено» is a fire).
            if lx.FIRE in kept and any(
                i < n <= i + _NEGATION_AFTER
                and _absent(sentence_words, n)
                and not _CLAUSE_BREAK.search(text[sentence_words[i].end : sentence_words[n].start])
                for n in negations
            ):
                kept.discard(lx.FIRE)
            # "это выходы наших, не прилёты": a hit denied right before the word.
            if lx.STRIKE in kept and i - 1 in negations:
                kept.discard(lx.STRIKE)
        # "Пострадавших уточняем": casualties not known yet are not reported.
        # ("Є постраждалі, кількість уточнюється" does report them.)
        if (
            pending
            and kept & _HARM
            and any(abs(p - i) <= 3 for p in pending)
            and not _EXISTENTIAL.intersection(lemmas)
        ):
            kept -= _HARM
        # «Пострадало металлическое ограждение»: the harm of a thing is damage, not people's.
        if lx.CASUALTY in kept and lemmas[i] in _SUFFERED and _property_follows(
            text, sentence_words, i
        ):
            kept.discard(lx.CASUALTY)
            kept.add(lx.DAMAGE)
        # «вбили», «поранили», «загинула»: people's harm by its own word (not «постраждали»,
        # said of homes and towns too: «оселі постраждали через російську агресію»).
        if lx.CASUALTY in kept and lemmas[i] not in _SUFFERED:
            info.hurt = True
        # "destroyed five drones" is a shoot-down, "destroyed a house" is damage; a governor
        # puts the place between («уничтожили над Тульской областью два беспилотника»).
        # So is what air defence destroyed («Дежурные расчёты уничтожили множество целей»).
        if lx.SHOOTDOWN in kept and lx.DAMAGE in kept:
            aimed = _near(hits, i, 6, _WEAPONS_OR_AIR_DEFENSE)
            kept.discard(lx.DAMAGE if aimed else lx.SHOOTDOWN)
        # "поражены 5 БПЛА" is a shoot-down, "цели поражены" and "поражён цех" hits, and so
        # does a weapon that is the subject of the active verb («Герани поразили подстанцию»,
        # not «беспилотник поражён»).
        if lx.SHOOTDOWN in kept and lx.STRIKE in kept:
            # What was hit right after the verb, an adjective between («уражено житловий
            # будинок»), makes it a hit, and so does a weapon that did it («поражена
            # беспилотниками», «уражено дроном»).
            aimed = _near(hits, i, 4, _WEAPONS) and not _near(
                hits, i, 2, {lx.TARGET}, before=False
            ) and not _by_weapon(hits, i, 4)
            if (
                aimed
                and not _near(hits, i, 4, _WEAPONS, before=False)
                and (_PASSIVE_HIT.match(sentence_words[i].text.lower()) is None
                     # «Цех по сборке БПЛА поражен»: the weapon named only before, beside
                     # what was hit, is part of its name
                     or _near(hits, i, 4, {lx.TARGET}))
            ):
                aimed = False
            kept.discard(lx.STRIKE if aimed else lx.SHOOTDOWN)
        # "угроза атаки БПЛА": the attack is the threat, not a strike that happened.
        if dangers and kept & _HITS and any(i - 2 <= d < i for d in dangers):
            kept -= _HITS
            kept.add(THREAT_OF_STRIKE)
        # "Это не учения", "не салют": the drill or show is denied, not reported.
        if kept & _EXPLAINERS and any(i - 2 <= n < i for n in negations):
            kept -= _EXPLAINERS
        # "на Купянском направлении": a front sector, not a course.
        if lx.MOVEMENT in kept and _front_sector(sentence_words, i):
            kept.discard(lx.MOVEMENT)
        # "БпЛА на Полтаву", "мопеды на Брянск": a weapon on its way to a place; not what
        # something was dropped from («скинули вибухівку з дрона на Берислав»).
        if kept & _AIMED and not (i and lemmas[i - 1] in _DROPPED_FROM) and (
            (_heads_for(lemmas, i + 1) and not _front_sector(sentence_words, i + 3))
            or _heads_for_from(text, sentence_words, lemmas, i + len(surface.split()))
            or _seen_over(text, sentence_words, lemmas, i)
        ):
            kept.add(lx.MOVEMENT)
        # "слышали гул мопеда", "фиксируются пролёты": a verb of hearing or recording with
        # no «не» before it says the thing was there; it denies only after «не».
        if lx.UNRECORDED in kept and i - 1 not in negations:
            kept.discard(lx.UNRECORDED)
        if lx.STRIKE in kept and lx.REPELLABLE not in kept:
            info.hit = True
        if kept & _STRIKE_OR_ATTACK and (
            lx.EVERYDAY not in kept or _aimed_at_a_name(sentence_words, i)
        ):
            info.war_hit = True
        if kept - _SILENT:
            info.matched.append(surface)
        concepts_found |= kept
    # "ФПВ атаковал автобус": a drone's attack on a vehicle or a building (a strike unless
    # the post puts it down to debris of something shot down: see TextAnalysis.types).
    info.attacked_target = bool(
        lx.ATTACK in concepts_found and lx.TARGET in concepts_found and concepts_found & _AIMED
    )
    # "Туапсе — атака на НПЗ", "ворог атакував об'єкт енергетики": an attack on a site with
    # no weapon named, not repelled, tried or put down to debris (a strike: see _SITE_SPOILED).
    info.attacked_site = bool(
        lx.ATTACK in concepts_found and lx.SITE in concepts_found
        and not concepts_found & _SITE_SPOILED
    )
    # "Сили оборони відбили 23 атаки на Покровському напрямку": ground attacks repelled on a
    # front sector, with no weapon that flies or air defence named, are the ground fighting.
    if (
        lx.ATTACK in concepts_found
        and lx.SHOOTDOWN in concepts_found
        and not concepts_found & _FLYING
        and any(_front_sector(sentence_words, j) for j in range(len(sentence_words)))
    ):
        concepts_found.add(lx.OFFTOPIC)
    # "ПВО отразила ракетный удар", "сбиты две авиабомбы": an attack repelled, nothing hit.
    if lx.SHOOTDOWN in concepts_found and lx.STRIKE in concepts_found and not info.hit:
        concepts_found.discard(lx.STRIKE)
        if lx.BOMB in concepts_found:
            concepts_found.add(lx.AIR_DEFENSE)
    if lx.AIRPORT in concepts_found and lx.CLOSED in concepts_found:
        concepts_found.add(lx.ALERT)
    info.concepts = concepts_found

    if past_years and _mentions_past_year(past_years, sentence):
        concepts_found.add(lx.HISTORY)
    if asks and _is_question(text, sentence):
        info.ignored_because = "question"
    # "Местные приняли взрывы за салют": the show is what people thought, not what it was.
    # "Думали, что салют, но это были взрывы" too; not "думали, взрывы, но оказалось — салют".
    if concepts_found & _EXPLAINERS and lx.MISTAKEN in concepts_found:
        shown = min(i for i, c, _ in hits if c & _EXPLAINERS)
        contrasts = [i for i, c, _ in hits if lx.CONTRAST in c]
        if (not contrasts or shown < contrasts[-1]) and not _explainer_was_real(lemmas, hits):
            concepts_found -= _EXPLAINERS
    # "Курск: возможна атака БПЛА, будьте осторожны": a possible attack with precautions to
    # take now is an alert that needs a place; without them it is a forecast.
    possible_alert = False
    if lx.POSSIBLE in concepts_found:
        if lx.PRECAUTION in concepts_found and concepts_found & _AIMED:
            possible_alert = True
        else:
            concepts_found.add(lx.FORECAST)
    if not concepts_found.isdisjoint(_IGNORE_REASONS):
        for reason in _IGNORE_REASONS:
            if reason in concepts_found and not (
                reason == lx.REMINDER
                and lx.IN_FORCE in concepts_found
                and not concepts_found.isdisjoint(_IN_FORCE_OF)
            ):
                info.ignored_because = reason
                break
    # The Kremlin, the White House, talks, "strikes will go on": politics, unless the sentence
    # reports something concrete (an explosion, a shoot-down, people hurt).
    if (
        info.ignored_because is None
        and lx.POLITICS in concepts_found
        and not concepts_found & _CONCRETE
    ):
        info.ignored_because = lx.POLITICS

    # "При сигнале «Ракетная опасность» спуститесь в подвал": what to do whenever it comes,
    # unless the sentence tells what did happen ("під час тривоги пролунали вибухи").
    if (
        info.ignored_because is None
        and lx.CONDITIONAL in concepts_found
        and not concepts_found & _HAPPENED_NOW
    ):
        info.ignored_because = lx.CONDITIONAL
    info.types = _types_of(concepts_found)
    # "Энергодар — ФПВ", "Строитель — ФПВ": in a short line the weapon alone is the sighting.
    if (
        not info.types
        and concepts_found & _AIMED
        and not concepts_found & _SILENT
        and sum(not w.is_number for w in sentence_words) <= lexicon.short_max_words
    ):
        info.types = {"alert"} | _types_of(concepts_found | {lx.ALERT})
        info.sighted = True
    if info.attacked_site:
        # Alone, like a cue it needs a place: its own, or the home of the channel that tells it.
        info.weak = info.weak or not info.types
        info.types.add("strike")
    if not info.types and _flyover(sentence_words, hits, lexicon):
        info.types = _types_of(concepts_found | {lx.DRONE})
        info.weak = True
    if info.types == {"alert"} and lx.PRECAUTION in concepts_found:
        info.weak = info.weak or not concepts_found & {lx.ALERT, lx.DANGER}
    if possible_alert:  # a place of its own, not the channel's: never a bare cue
        info.weak, info.bare = True, False
    info.all_clear = lx.ALL_CLEAR in concepts_found or (
        lx.LIFTED in concepts_found and bool(concepts_found & {lx.DANGER, lx.ALERT})
    )
    if info.all_clear:
        info.types -= {"alert", "drone", "missile"}
    if (
        info.ignored_because is None
        and lx.HYPOTHETICAL in concepts_found
        and lx.ALERT not in concepts_found
        and not _happened_apart(text, sentence_words, hits)
    ):
        info.ignored_because = lx.HYPOTHETICAL
    return info


def _flyover(
    ws: list[Word], hits: list[tuple[int, frozenset[str], str]], lexicon: lx.Lexicon
) -> bool:
    """A radar channel's «пролёт» with no weapon named, in a short line that says nothing
    else (its words are names, numbers, fillers, a course): «Калуга — пролёт», «Пролёт в
    сторону Канаша»; not «В Твери обрушился лестничный пролёт»."""
    if sum(not w.is_number for w in ws) > lexicon.short_max_words or not any(
        w.text.lower() in _FLYOVER for w in ws
    ):
        return False
    if not _only_beside_cues(hits):
        return False
    data = lx.data()
    filler = data.cue_filler | data.followup_filler
    at = {j for i, _, surface in hits for j in range(i, i + len(surface.split()))}
    return all(
        w.is_number or j in at or w.text[:1].isupper()
        or w.text.lower().replace("ё", "е") in filler
        for j, w in enumerate(ws)
    )


def _only_beside_cues(hits: list[tuple[int, frozenset[str], str]]) -> bool:
    """Whether the sentence's hits may stand beside a cue (air defence at work, where it
    goes, a verb of hearing with no «не» before it: «слышали гул»)."""
    heard = {
        i for i, c, _ in hits
        if c == _HEARD and not any(j == i - 1 and lx.NEGATION in d for j, d, _ in hits)
    }
    return not any(c - _BESIDE_CUES for i, c, _ in hits if i not in heard)


def _without_described(
    cues: list[tuple[int, frozenset[str], str]], ws: list[Word], covered: set[int]
) -> list[tuple[int, frozenset[str], str]]:
    """The cues, less those of the ``cue_names_only`` table in a line that says more than
    names, numbers and fillers: «Харків — укриття!» is an alert, «Укриття на Салтівці тепер
    відкриті вночі» tells of the shelter."""
    names_only = lx.data().cue_names_only
    if not any(w.lower().replace("ё", "е") in names_only for _, _, w in cues):
        return cues
    filler = lx.data().cue_filler
    at = {i for i, _, _ in cues}
    if all(
        w.is_number or j in covered or j in at or w.text[:1].isupper()
        or w.text.lower().replace("ё", "е") in filler
        or _joins_names(ws, j)
        for j, w in enumerate(ws)
    ):
        return cues
    return [c for c in cues if c[2].lower().replace("ё", "е") not in names_only]


def _joins_names(ws: list[Word], j: int) -> bool:
    """«та», «и» between two capitalised words: «Біла Церква та Наливайківка в коридор»."""
    return (
        0 < j < len(ws) - 1
        and ws[j].text.lower() in _LIST_AND
        and ws[j - 1].text[:1].isupper()
        and ws[j + 1].text[:1].isupper()
    )


def _explainer_was_real(lemmas: list[str], hits: list[tuple[int, frozenset[str], str]]) -> bool:
    """"Приняли салют за атаку дронов": the show is what it was, the attack what they took it
    for (the words after «за»); "приняли взрывы за салют" is the other way round."""
    taken = [i for i, c, _ in hits if lx.MISTAKEN in c]
    shows = [i for i, c, _ in hits if c & _EXPLAINERS]
    for m in taken:
        za = next((j for j in range(m + 1, len(lemmas)) if lemmas[j] in _FOR), None)
        if za is None:
            if any(e < m for e in shows):
                return True  # "Салют? Местные подумали, что взрывы"
            continue
        if any(not za < e <= za + 3 for e in shows if e > m):
            return True
    return False


def _happened_apart(
    text: str, ws: list[Word], hits: list[tuple[int, frozenset[str], str]]
) -> bool:
    """Something happened in a clause of its own before any "could": "Взрыв газа в
    пятиэтажке: обрушился подъезд, под завалами могут быть люди"; or a weapon is on its way
    there, on a course or «на» a place: «Шахед на Нивки, може бути гучно!»."""
    could = [i for i, c, _ in hits if lx.HYPOTHETICAL in c]
    first = min(could)
    moving = any(lx.MOVEMENT in c for i, c, _ in hits if i < first)
    for j, concepts, _ in hits:
        on_its_way = concepts & _AIMED and (
            moving or (j + 1 < len(ws) and ws[j + 1].lemma in _TOWARDS)
        )
        if (concepts & _HAPPENED_NOW or on_its_way) and j < first and all(
            _CLAUSE_BREAK.search(text[ws[min(i, j)].end : ws[max(i, j)].start]) for i in could
        ):
            return True
    return False


_TYPE_MAKERS = frozenset(
    {
        lx.ALERT, lx.DANGER, lx.LAUNCH, lx.MOVEMENT, lx.PRECAUTION, lx.ARTILLERY,
        lx.AIR_DEFENSE, lx.SHOOTDOWN, lx.EXPLOSION, lx.STRIKE, lx.FIRE, lx.CASUALTY, lx.DAMAGE,
        lx.DEBRIS, lx.ATTACK, lx.FALL,
    }
)  # fmt: skip
_HAPPENED = frozenset(
    {
        lx.SHOOTDOWN, lx.AIR_DEFENSE, lx.EXPLOSION, lx.STRIKE, lx.DEBRIS, lx.FIRE, lx.DAMAGE,
        lx.CASUALTY, lx.ATTACK, lx.FALL,
    }
)  # fmt: skip
_DIRECT_TYPES = (
    (lx.EXPLOSION, "explosion"),
    (lx.STRIKE, "strike"),
    (lx.FIRE, "fire"),
    (lx.CASUALTY, "casualties"),
    (lx.DAMAGE, "damage"),
)
_AIMED_ONLY = frozenset({lx.DRONE, lx.MISSILE})


def _types_of(c: set[str]) -> set[str]:
    """The incident types a sentence's concepts make (a new set: callers change it)."""
    key = frozenset(c)
    known = _TYPES_OF.get(key)
    if known is None:
        known = frozenset(_make_types(c))
        if len(_TYPES_OF) < _TYPES_OF_SIZE:
            _TYPES_OF[key] = known
    return set(known)


# Sentences repeat the same few hundred concept sets: each one's types are worked out once.
_TYPES_OF: dict[frozenset[str], frozenset[str]] = {}
_TYPES_OF_SIZE = 50_000


def _make_types(c: set[str]) -> set[str]:
    types: set[str] = set()
    if c.isdisjoint(_TYPE_MAKERS):
        return types
    aimed = c & _AIMED_ONLY
    if lx.ALERT in c or (lx.DANGER in c and (aimed or THREAT_OF_STRIKE in c)):
        types.add("alert")
    happened = c & _HAPPENED
    # "Шахеди в напрямку Чернігова", "пуски КАБів": something is on its way.
    launch = lx.LAUNCH in c and (aimed or lx.STRIKE in c)
    if ((lx.MOVEMENT in c and aimed) or launch) and not happened - _NOT_ARRIVED:
        types.add("alert")
    # "Все в укрытия", "меры безопасности": an alert.
    if lx.PRECAUTION in c:
        types.add("alert")
    # "Ясиноватая РСЗО": shelling; and with it the drones it names («бив FPV-дронами та
    # артилерією»).
    if lx.ARTILLERY in c and lx.SHOOTDOWN not in c and lx.LAUNCH not in c:
        types.add("strike")
    if lx.DRONE in c and (happened or types):
        types.add("drone")
    if lx.MISSILE in c and (happened or types):
        types.add("missile")
    # "ворог атакував енергооб'єкт, знеструмлено частину району": the power cut shows the hit.
    if lx.ATTACK in c and lx.POWER_CUT in c and lx.SHOOTDOWN not in c:
        types.add("strike")
    # "Атака на предприятие отражена": an attack repelled is air defence at work too.
    if lx.AIR_DEFENSE in c or (lx.SHOOTDOWN in c and (aimed or lx.ATTACK in c)):
        types.add("air_defense")
    if happened:
        for concept, kind in _DIRECT_TYPES:
            if concept in c:
                types.add(kind)
    if lx.LAUNCH in c:
        types.discard("strike")
    return types


def _may_signal(all_words: list[Word], lemmas: list[str], lexicon: lx.Lexicon) -> bool:
    if not all_words or all(w.is_number for w in all_words):
        return True
    return not lexicon.triggers.isdisjoint(lemmas) or not lexicon.trigger_pairs.isdisjoint(
        pairwise(lemmas)
    )


def analyse(
    text: str,
    lang: str,
    post_year: int | None = None,
    quick: bool = False,
    post_date: date | None = None,
) -> TextAnalysis:
    """The text read sentence by sentence. ``quick``: a text with no word that could start a
    signal is not read further (no sentences), as detection needs; without it every sentence
    is analysed, with the reason it is ignored (for explanations and tests). ``post_date``:
    the post's day, for dates in the text that are days past."""
    all_words = words(text, lang)
    lemmas = list(map(_LEMMA, all_words))
    # Most posts of a news channel name nothing that could be a signal: no need to read them
    # sentence by sentence. (A post of numbers only may be a follow-up: "+2".)
    monitor = ("щин" in text or "ччин" in text) and _MONITOR_HEADER.search(text) is not None
    # A monitor's sign of a weapon or its «2х» count: «🛵 Нивки!», «2х Жуляни».
    marked = any(mark in text for mark in _LINE_MARKS) or _COUNT_HINT.search(text) is not None
    lexicon = lx.lexicon_for(lang)
    if quick and not monitor and not marked and not _may_signal(all_words, lemmas, lexicon):
        return TextAnalysis(text, lang, all_words, [])
    starts = list(map(_START, all_words))
    infos: list[SentenceInfo] = []
    past_years = _past_years(text, post_year) + _past_dates(text, post_date)
    asks = "?" in text
    low = text.lower()
    # A request to report sightings has one of these fragments: most texts have none.
    requests = _Requests(text) if any(fragment in low for fragment in _SERVICE_HINTS) else None
    for sentence in sentences(text):
        first = bisect_left(starts, sentence.start)
        last = bisect_left(starts, sentence.end, first)
        info = _analyse_sentence(
            text, sentence, all_words[first:last], lemmas[first:last], lang, past_years, asks
        )
        if requests and info.ignored_because is None and (info.types or info.concepts) and (
            requests.asks(sentence.start, sentence.end)
        ):
            info.ignored_because = lx.PROMO
        infos.append(info)
    if any(hint in low for hint in _AD_HINTS) and _AD_MARK.search(text):
        for info in infos:
            info.ignored_because = "ad"
    elif any(lx.LEGEND in info.concepts for info in infos):
        # A key to the channel's signs lists alert words line by line and reports nothing.
        for info in infos:
            info.ignored_because = lx.LEGEND
    elif any(lx.ANNIVERSARY in info.concepts for info in infos):
        # "В этот день год назад... 30 сбитых дронов за ночь": every sentence tells of that day.
        for info in infos:
            info.ignored_because = lx.HISTORY
    if monitor:
        _monitor_list(text, infos)
    if "ціл" in low or "цел" in low:
        _counted_targets(text, infos)
    if marked:
        _marked_lines(text, infos, lang)
    _explain_away(infos)
    _told_after(text, infos, all_words, lang)
    _crime_spreads(infos)
    _front_spreads(infos)
    _space_spreads(infos)
    _politics_spreads(text, infos)
    _everyday_spreads(infos, lang)
    _forecast_spreads(infos, lang)
    _promo_spreads(infos)
    return TextAnalysis(text, lang, all_words, infos)


# A report of what happened is told at this length at least (numbers aside); an alert
# channel's line with a sighting beside a bang («Київ, вибухи! Балістика.») is shorter.
_REPORT_MIN_WORDS = 25
# What a report of what happened tells: a hit, harm, a fire or a shoot-down.
_TOLD = frozenset({"strike", "damage", "casualties", "fire", "air_defense"})
# What makes a sentence an alert of its own, not only a weapon's course.
_CALLED = frozenset({lx.ALERT, lx.DANGER, lx.PRECAUTION, lx.LAUNCH})


def _told_after(
    text: str, infos: list[SentenceInfo], all_words: list[Word], lang: str
) -> None:
    """«Вночі ворог спрямував на Дніпропетровщину безпілотники. Три цілі знищили оборонці
    неба...», an oblast head's tally «За добу по регіону вдарили: ▪️чотири БпЛА типу
    «Герань-2»; ▪️п'ять fpv-дронів»: in a report of what happened, a weapon named alone in a
    short sentence is what struck or was shot down, not a sighting, and so is a weapon on its
    way told in the past tense only («противник скерував дрон на Васильківську громаду»): its
    weapon stays, the alert goes. A monitor's heading over the targets still in the air stays
    one («по ракетам минус / остаток по мопедам: / 10 с Черкасской области летят к
    Белоцерковскому району»), and so does a course told now («шахеди летять на Павлоград»)."""
    if sum(not w.is_number for w in all_words) < _REPORT_MIN_WORDS or not any(
        info.ignored_because is None and not info.sighted and info.types & _TOLD
        for info in infos
    ):
        return
    for info in infos:
        if "alert" not in info.types:
            continue
        heading = text[info.sentence.start : info.sentence.end].rstrip().endswith(":")
        went = (
            lx.MOVEMENT in info.concepts
            and not info.concepts & _CALLED
            and told_in_past(info.words, lang)
        )
        if (info.sighted and not heading) or went:
            info.types.discard("alert")


def _monitor_list(text: str, infos: list[SentenceInfo]) -> None:
    """Under an oblast's header, a line that counts something heading to a place and names
    nothing else of ours («10 повз Лозову», «▪️2 на Богодухів») is drones on their way."""
    for info in infos:
        if info.types or info.ignored_because is not None or info.all_clear:
            continue
        start, end = info.sentence.start, info.sentence.end
        match = _MONITOR_ITEM.search(text[start:end])
        if match is not None:
            info.types = {"alert", "drone"}
            info.concepts |= {lx.DRONE, lx.MOVEMENT}
            info.matched.append(match.group().strip(" :,;"))


def _counted_targets(text: str, infos: list[SentenceInfo]) -> None:
    """A count of targets of no named kind on their way to a place, in a sentence of any
    length («7 цілей на Кропивницький, далі на Умань, тип ракет невідомий»: grammar's
    `counted_targets`) is an alert there, with the weapon the sentence names."""
    for info in infos:
        if info.ignored_because is not None or info.all_clear:
            continue
        match = _COUNTED_TARGETS.search(text[info.sentence.start : info.sentence.end])
        if match is None:
            continue
        if not info.types:
            info.concepts |= {lx.ALERT, lx.MOVEMENT}
            info.types = _types_of(info.concepts)
            info.matched.append(match.group().strip(" ,;:"))
        info.unnamed = "alert" in info.types and not info.types & {"drone", "missile"}


def _marked_lines(text: str, infos: list[SentenceInfo], lang: str) -> None:
    """A short line that reports nothing by its words and says nothing else (its other words
    are names, numbers or fillers) but carries a monitor's mark of a weapon (the lexicon's
    [line_marks]: «🛵 Нивки!», «🔴🚀 Святошин!») or its count of drones («❗️ Київ — 1х на
    Святошин», «2х Жуляни»: grammar's monitor_count) is that weapon on its way. Like a cue,
    it is an incident only where it has a place."""
    lexicon = lx.lexicon_for(lang)
    data = lx.data()
    filler = data.cue_filler | data.followup_filler
    # «💥 Харків» as the whole post, not a digest's section header over a story.
    alone = "\n" not in text.strip()
    for info in infos:
        if info.types or info.ignored_because is not None or info.all_clear:
            continue
        # Its words: numbers, names, fillers and the lexicon's own (a course, a follow-up).
        if sum(not w.is_number for w in info.words) > lexicon.short_max_words or not all(
            w.is_number or w.text[:1].isupper() or w.lemma in lexicon.wanted
            or w.text.lower().replace("ё", "е") in filler
            for w in info.words
        ):
            continue
        line = text[info.sentence.start : info.sentence.end]
        if any(mark in line for mark in data.calm_marks):
            continue
        concepts: set[str] = set()
        # A mark read alone goes with a name («💥 Харків»), not a count («три, два, один 💥»).
        named = alone and any(w.text[:1].isupper() for w in info.words)
        for mark, stands_for in _LINE_MARKS.items():
            if mark in line and (mark not in data.alone_marks or named):
                for word in words(stands_for, lang):
                    concepts |= lexicon.single.get(word.lemma, _EMPTY)
                info.marked_alone = mark in data.alone_marks
        if not concepts and _MONITOR_COUNT.search(line):
            concepts = {lx.DRONE}
        if concepts:
            info.concepts |= concepts | {lx.MOVEMENT}
            info.types = _types_of(info.concepts)
            info.weak = True
            info.bare = False
            info.matched.append(line.strip())


class _Requests:
    """Where a text's sentences open a request to report sightings and sounds, its lines
    searched once: a sentence's search runs on to the end of its line, and the match (or
    none) found from one sentence holds for the next ones of that line up to where it
    starts (a match at a position does not depend on where the search began)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_end = -1  # of the line last searched
        self.searched_from = 0
        self.found: int | None = None  # where the first match from there starts

    def asks(self, start: int, end: int) -> bool:
        """Whether the sentence at ``start:end`` opens a request. The request may run on
        past a dot the sentence split took for an end («О взрывах, пролётах и т.п.
        сообщайте админу»), to the end of its line."""
        text = self.text
        line_end = text.find("\n", start)
        end_of_line = len(text) if line_end < 0 else line_end
        line = text[start:end_of_line].lower()
        if not any(fragment in line for fragment in _SERVICE_HINTS):
            return False
        if not (
            end_of_line == self.line_end
            and self.searched_from <= start
            and (self.found is None or self.found >= start)
        ):
            match = _SERVICE_REQUEST.search(text, start, end_of_line)
            self.line_end, self.searched_from = end_of_line, start
            self.found = match.start() if match is not None else None
        return self.found is not None and self.found < end


# At most this many words (numbers aside) in an alert word that opens a promotion as its hook.
_HOOK_WORDS = 2


def _promo_spreads(infos: list[SentenceInfo]) -> None:
    """"Тривога! Підписуйтесь на наш резервний канал": an alert word alone in its sentence
    («Тривога!», «Увага!»), in a post whose only other words of note are a promotion, is the
    promotion's hook, not an alert. A post that reports anything else keeps it."""
    if not any(info.ignored_because == lx.PROMO for info in infos):
        return
    hooks = []
    for info in infos:
        if info.ignored_because is not None or not (info.types or info.all_clear):
            continue
        if info.types != {"alert"} or sum(not w.is_number for w in info.words) > _HOOK_WORDS:
            return
        hooks.append(info)
    for info in hooks:
        info.ignored_because = lx.PROMO


# What makes a precaution more than a call to be careful: an alert named, a weapon, a course.
_NOT_ONLY_CAUTION = frozenset({lx.ALERT, lx.DRONE, lx.MISSILE, lx.BOMB, lx.MOVEMENT, lx.LAUNCH})


# A post headed by a forecast («Прогнозы на ночь и 22 ноября.») is a forecast throughout, but
# for what its sentences say did happen.
_HEADER_WORDS = 3
_REPORTED = frozenset({lx.SHOOTDOWN, lx.EXPLOSION, lx.FIRE, lx.CASUALTY, lx.DAMAGE, lx.DEBRIS})


def _forecast_spreads(infos: list[SentenceInfo], lang: str) -> None:
    """"Прогноз на ночь: высокая вероятность налёта. Держитесь ближе к укрытиям": a sentence
    that only calls for precautions, in a post that forecasts, belongs to the forecast; and
    every sentence of a post headed by a forecast word («Прогнозы на ночь. Брянская область:
    враг продолжает попытки прорыва БПЛА...») that reports nothing that happened. A caution in
    a post whose only other news is off-topic («Синоптики обещают гололёд. Воздержитесь от
    поездок») belongs to that news."""
    reasons = {info.ignored_because for info in infos} & {lx.FORECAST, lx.OFFTOPIC}
    if not reasons:
        return
    headed = lx.FORECAST in reasons and _headed_by_forecast(infos[0], lang)
    cautions = [
        info for info in infos
        if info.ignored_because is None
        and info.types
        and (
            (headed and not info.concepts & _REPORTED)
            or info.weak
            or (
                info.types == {"alert"}
                and lx.PRECAUTION in info.concepts
                and not info.concepts & _NOT_ONLY_CAUTION
            )
        )
    ]
    chosen = {id(info) for info in cautions}
    if lx.FORECAST not in reasons and any(
        info.ignored_because is None and info.types and id(info) not in chosen for info in infos
    ):
        return  # «Курск — взрывы. ... Оставайтесь в укрытиях»: the caution is the report's
    reason = lx.FORECAST if lx.FORECAST in reasons else lx.OFFTOPIC
    for info in cautions:
        info.ignored_because = reason


def _headed_by_forecast(info: SentenceInfo, lang: str) -> bool:
    """Whether the post's first sentence opens with a forecast word: its header."""
    if info.ignored_because != lx.FORECAST:
        return False
    single = lx.lexicon_for(lang).single
    return any(
        lx.FORECAST in single.get(word.lemma, ()) for word in info.words[:_HEADER_WORDS]
    )


# What a crime's hits and harm never name: a weapon, a blast, a fire, air defence, an alert.
_NOT_CRIME = frozenset(
    {
        lx.DRONE, lx.MISSILE, lx.BOMB, lx.ARTILLERY, lx.EXPLOSION, lx.FIRE, lx.AIR_DEFENSE,
        lx.SHOOTDOWN, lx.ALERT, lx.DANGER, lx.DEBRIS,
    }
)  # fmt: skip
_CRIME_TYPES = frozenset({"strike", "casualties", "damage"})


def _crime_spreads(infos: list[SentenceInfo]) -> None:
    """"Подросток напал на одноклассников с ножом. Пострадали трое": in a post that tells a
    crime or a crash, the sentences that tell only a hit or harm, with no weapon, blast or
    fire, are the crime's."""
    _spread(infos, lx.CRIME, _CRIME_TYPES, _NOT_CRIME)


def _spread(
    infos: list[SentenceInfo],
    reason: str,
    types: frozenset[str],
    never: frozenset[str],
    also: Callable[[SentenceInfo], bool] | None = None,
) -> None:
    """Where a sentence of the post is ignored for ``reason``, so are the sentences whose
    types are all among ``types``, that name none of the concepts ``never`` and for which
    ``also`` holds."""
    if not any(info.ignored_because == reason for info in infos):
        return
    for info in infos:
        if (
            info.ignored_because is None
            and info.types
            and info.types <= types
            and not info.concepts & never
            and (also is None or also(info))
        ):
            info.ignored_because = reason


# What flies, burns or blows up is never only the ground war's, and artillery alone is.
_NOT_FRONT = _NOT_CRIME - {lx.ARTILLERY}
_FRONT_TYPES = frozenset({"strike", "damage"})


def _front_spreads(infos: list[SentenceInfo]) -> None:
    """«В колоні були танки та БМП. Батальйон ліквідував залишки піхоти скидами»: in a post
    that tells the ground war at the front, the sentences that tell only a hit by shells or
    drops, with no harm to people and nothing that flies, burns or blows up, are the
    front's."""
    _spread(infos, lx.FRONT, _FRONT_TYPES, _NOT_FRONT)


# A blast, a fire, a hit or harm in the sky or far out in space: what the war's weapons, air
# defence and alerts do not name.
_SPACE_TYPES = frozenset({"explosion", "fire", "strike", "damage", "casualties"})
_NOT_SPACE = frozenset(
    {lx.DRONE, lx.MISSILE, lx.BOMB, lx.ARTILLERY, lx.AIR_DEFENSE, lx.SHOOTDOWN, lx.ALERT, lx.DANGER}
)


def _space_spreads(infos: list[SentenceInfo]) -> None:
    """«На Россию летит астероид, падение ожидается в 19:17. Будет ярко и громко», «Звёзды
    образовались после Большого взрыва»: in a post about space and the sky, the sentences that
    tell only a blast, a fire, a hit or harm, with no weapon, air defence or alert, are the
    sky's."""
    _spread(infos, lx.SPACE, _SPACE_TYPES, _NOT_SPACE)


# What a statement on the war in general may say beside its quote: a threat, a weapon, air
# defence, a hit (not harm, a fire, a blast or something shot down).
_TALK_TYPES = frozenset({"alert", "drone", "missile", "air_defense", "strike"})
_NOW = _GRAMMAR["now"]
# What no statement says in passing: something shot down, an alert or a danger declared
# («Курская область: опасность атаки БПЛА. Средства ПВО приведены в боевую готовность»).
_SAID_NOW = frozenset({lx.SHOOTDOWN, lx.ALERT, lx.DANGER})
_CLOCK = re.compile(r"\b[0-2]?\d[:.][0-5]\d\b")


def _politics_spreads(text: str, infos: list[SentenceInfo]) -> None:
    """«Путин: удары будут продолжены. Цели для ударов по Украине подбираются»: in a post
    that quotes a leader or speaks of the war in general (a sentence ignored as politics),
    the sentences that tell only a threat, a weapon, air defence or a hit, with nothing shot
    down, no alert or danger declared, no word that it was in the last hours (grammar.toml's
    `now`, or a time of day: «атаки начались в 14:50») and no name, are the statement's.
    «Сегодня ночью ракеты ударили по Одессе», «Ракеты ударили по Белгороду» beside it stay
    reports."""

    def said_in_passing(info: SentenceInfo) -> bool:
        return (
            not any(w.lemma in _NOW or w.text.lower() in _NOW for w in info.words)
            and not _names_a_place(info.words)
            and not _CLOCK.search(text, info.sentence.start, info.sentence.end)
        )

    _spread(infos, lx.POLITICS, _TALK_TYPES, _SAID_NOW, said_in_passing)


def _names_a_place(ws: list[Word]) -> bool:
    """A name with its capital past the sentence's first word: «по Белгороду», «Сообщается,
    что Киев атакуют ракеты», «рашисты атакуют Запорожье» (a place the gazetteer may read;
    classify does not look it up). Abbreviations in capitals («ВСУ», «ПВО») are no name."""
    return any(w.text[:1].isupper() and not w.text.isupper() for w in ws[1:])


_STRIKE_OR_ATTACK = frozenset({lx.STRIKE, lx.ATTACK})
# A post this short (numbers aside) is an alert line, whose hit stands alone («Шебекино —
# попадание в дом»); news tells its story at greater length.
_EVERYDAY_MIN_WORDS = 12


_AT = _GRAMMAR["at"]


def _aimed_at_a_name(ws: list[Word], i: int) -> bool:
    """«удар по Кривому Рогу», «удара ВСУ по Белгороду»: a blow aimed at a name."""
    return any(
        j + 1 < len(ws) and ws[j].text.lower() in _AT and ws[j + 1].text[:1].isupper()
        for j in (i + 1, i + 2)
    )


def _everyday_spreads(infos: list[SentenceInfo], lang: str) -> None:
    """«От удара фура опрокинулась», «одним ударом нокаутировал школьника», «министр прилетел
    в Пхеньян»: in a post that names nothing of the war (no weapon, blast, fire, air
    defence or alert, and none of the lexicon's war words: the armies, the enemy, the
    front), sentences that tell a hit only by a strike word of everyday speech, or harm, are
    no incident. A short line keeps its hit."""
    told = [info for info in infos if info.ignored_because is None]
    reporting = [info for info in told if info.types]
    if (
        not reporting
        or not any(lx.EVERYDAY in info.concepts for info in told)
        or any(info.war_hit or info.concepts & _NOT_CRIME for info in told)
        or any(not info.types <= _CRIME_TYPES for info in reporting)
    ):
        return
    if sum(not word.is_number for info in infos for word in info.words) < _EVERYDAY_MIN_WORDS:
        return
    words = [word for info in told for word in info.words]
    war, forms = lx.lexicon_for(lang).war, lx.data().war_forms
    if any(
        word.lemma in war or word.text.lower().replace("ё", "е") in forms for word in words
    ):
        return
    for info in reporting:
        info.ignored_because = lx.EVERYDAY


def _explain_away(infos: list[SentenceInfo]) -> None:
    """Sirens or bangs in a post that also announces a drill, a siren test or fireworks
    ("Прозвучат сирены. Это проверка системы оповещения") belong to that drill or show."""
    explained = [info for info in infos if lx.EXPLAINER in info.concepts]
    if not explained:
        return
    reason = explained[0].ignored_because or lx.DRILL
    for info in infos:
        # "Кто пускал салют? Думали, что опять ПВО": what people took the show for.
        explainable = _EXPLAINABLE | _TAKEN_FOR if lx.MISTAKEN in info.concepts else _EXPLAINABLE
        if (
            info.ignored_because is None
            and info.types
            and info.types <= explainable
            and not info.concepts & {lx.DRONE, lx.MISSILE}
        ):
            info.ignored_because = reason
