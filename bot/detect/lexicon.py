"""The words tgradar reacts to, grouped into concepts, lemmatised once per language.

A concept is one idea ("a drone", "shot down", "an all-clear") with its words in Russian,
Ukrainian and English. The words are data, reviewed in ``bot/data/lexicon/*.toml`` (one table
per concept, ``about`` and ``words``); this module is the mechanism: entries are written in
plain surface form and ``lexicon_for`` runs them through the same lemmatiser as the posts, so
inflected forms in posts match. Multi-word entries are matched as consecutive lemmas.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path

from bot.detect import cache
from bot.detect.morph import _morphology, lemma, lemma_sources, name_key, stem_key

DRONE = "drone"
MISSILE = "missile"
DANGER = "danger"
ALERT = "alert"
SHOOTDOWN = "shootdown"
AIR_DEFENSE = "air_defense"
EXPLOSION = "explosion"
STRIKE = "strike"
FIRE = "fire"
CASUALTY = "casualty"
DAMAGE = "damage"
DEBRIS = "debris"
MOVEMENT = "movement"
ALL_CLEAR = "all_clear"
LIFTED = "lifted"  # "снят", "отменён": an all-clear only next to an alert word
NEGATION = "negation"
HISTORY = "history"
DRILL = "drill"
SHOW = "show"
SPORT = "sport"
PROMO = "promo"
EMOTION = "emotion"  # "взрыв эмоций", "удар по бюджету": a metaphor right after the word
HYPOTHETICAL = "hypothetical"
TRIED = "tried"
LAUNCH = "launch"
FALL = "fall"
ATTACK = "attack"
RULES = "rules"
FAKE = "fake"
OFFTOPIC = "offtopic"
BOMB = "bomb"  # glide and aerial bombs: a strike when they land, air defence when shot down
# "соцсети взорвались", "зал взорвался": a metaphor when the word comes right before a blast
CROWD = "crowd"
# Strike words that name an attack, which air defence can repel; not a hit ("прилёт").
REPELLABLE = "repellable"
# "Приняли взрывы за салют": what people took it for, unless the post says it turned out so.
MISTAKEN = "mistaken"
CONTRAST = "contrast"
# What explains sirens or bangs elsewhere in the post away: a siren test, fireworks.
EXPLAINER = "explainer"


ARTILLERY = "artillery"  # РСЗО, кассеты, арта: in an alert line the weapon is the shelling
PRECAUTION = "precaution"  # "меры безопасности", "все в укрытия": an alert
FOLLOWUP = "followup"  # "ещё один", "повторно": goes on from the channel's previous report
HEDGE = "hedge"  # "возможно", "предварительно": still a report
FORECAST = "forecast"  # "прогноз на ночь", "высокая вероятность атаки": ignored
POLITICS = "politics"  # negotiations, sanctions, "удары будут продолжены": ignored
PENDING = "pending"  # "пострадавших уточняем": harm not (yet) known is not reported
TARGET = "target"  # "ФПВ атаковал автобус": what an attack that hit it names
# "Туапсе — атака на НПЗ": a site an attack aims at, a strike though no weapon is named
SITE = "site"
# "Как читать наш канал: 🔴 — тревога, 🟢 — отбой": a key to the channel's signs, the whole post
LEGEND = "legend"
# "В этот день год назад...", "40 дней со дня трагедии": an anniversary, the whole post
ANNIVERSARY = "anniversary"
# "Возможна атака БПЛА": a forecast, unless the sentence calls for precautions now
POSSIBLE = "possible"
# "При сигнале «Ракетная опасность»...", "у разі тривоги": guidance for whenever it happens
CONDITIONAL = "conditional"
ABROAD = "abroad"  # "Тегеран", "Польща": a place outside Russia and Ukraine
# "Шахедів не фіксується", "взрывов не зафиксировано": after «не», what the clause named before
# was not there
UNRECORDED = "unrecorded"
# "на півночі, півдні, сході та в центрі країни", "локаційно втрачені": the whole country
NATIONAL = "national"
# "падіння уламків", "падение обломков": debris that by its own words fell from the sky
AERIAL_DEBRIS = "aerial_debris"
# "Аэропорт закрыт", "Пулково — временные ограничения на приём и выпуск": an airport closed or
# restricted is an alert (with "сняты", its all-clear); a closure alone is nothing.
AIRPORT = "airport"
CLOSED = "closed"
# "знеструмлено", "без світла": no damage alone; after an attack, what shows it hit
POWER_CUT = "power_cut"
# "напал с ножом", "избил", "маршрутка врезалась в остановку": crimes and crashes, with the
# hits and harm their post tells
CRIME = "crime"
# "удар", "влетел", "попадание": a blow, a crash or a flight that arrives as often as a hit;
# in a post that names nothing of the war (the WAR_WORDS table) it is not a strike.
EVERYDAY = "everyday"
# "танк", "бліндаж", "батальйон": the ground war at the front, with the hits by shells or drops
# its post tells
FRONT = "front"
# "астероид", "галактика", "вспышка на Солнце", "космодром": space and the sky, with the blasts,
# fires and hits its post tells («Астероид сгорел над Якутией. Будет ярко и громко»)
SPACE = "space"
# "Напоминаем", "нагадуємо": a reminder, ignored as rules are unless it says an alert or a
# danger is in force now (IN_FORCE: "сохраняется", "продолжает действовать")
REMINDER = "reminder"
IN_FORCE = "in_force"
# "працюючи в умовах загрози повторних ударів": the rescuers' working conditions, no threat now
RISK = "risk"
# "Росіяни вбили трьох людей", "окупанти поранили жінку": the enemy as the doer of harm
ENEMY = "enemy"

LEXICON_DIR = Path(__file__).resolve().parent.parent / "data" / "lexicon"
CONCEPTS = frozenset(
    {
        DRONE, MISSILE, DANGER, ALERT, SHOOTDOWN, AIR_DEFENSE, EXPLOSION, STRIKE, FIRE,
        CASUALTY, DAMAGE, DEBRIS, MOVEMENT, ALL_CLEAR, LIFTED, NEGATION, HISTORY, DRILL, SHOW,
        SPORT, PROMO, EMOTION, HYPOTHETICAL, TRIED, LAUNCH, FALL, ATTACK, RULES, FAKE,
        OFFTOPIC, BOMB, CROWD, REPELLABLE, MISTAKEN, CONTRAST, EXPLAINER, ARTILLERY,
        PRECAUTION, FOLLOWUP, HEDGE, FORECAST, POLITICS, PENDING, TARGET, LEGEND,
        CONDITIONAL, ABROAD, UNRECORDED, ANNIVERSARY, POSSIBLE, NATIONAL, AIRPORT, CLOSED,
        AERIAL_DEBRIS, POWER_CUT, CRIME, EVERYDAY, FRONT, REMINDER, IN_FORCE, RISK,
        ENEMY, SITE, SPACE,
    }
)  # fmt: skip
# Concepts that can make a sentence report something (a type, an all-clear, a follow-up).
SIGNALS = frozenset(
    {
        DRONE, MISSILE, BOMB, DANGER, ALERT, LAUNCH, MOVEMENT, PRECAUTION, ARTILLERY,
        AIR_DEFENSE, SHOOTDOWN, EXPLOSION, STRIKE, FIRE, CASUALTY, DAMAGE, DEBRIS, ATTACK, FALL,
        ALL_CLEAR, LIFTED, FOLLOWUP, CLOSED,
    }
)  # fmt: skip
# Tables of the data files that are not concepts.
SHORT_LINE = "short_line"
LINE_MARKS = "line_marks"
# The key of [line_marks] whose marks say a place is clear, not a concept.
CALM = "calm"
# The key of [line_marks] whose marks stand for their word only in a post of that one line.
ALONE = "alone"
GRAMMAR = "grammar"
# The words that name the war (its sides, armies, fronts): a post with one keeps its hits.
WAR_WORDS = "war_words"
SETTINGS_TABLES = frozenset(
    {
        SHORT_LINE, "abbreviations", "stoplist", "stems", "future", "language", "followup_filler",
        "cue_filler", "cue_names_only", "cue_alone", "sector", "months", GRAMMAR, LINE_MARKS,
        WAR_WORDS,
    }
)
# The roles of grammar.toml's [grammar.ROLE] tables: function words read around the lexicon's
# words (what each does is said in the file), and marks written as regular expressions.
GRAMMAR_ROLES = frozenset(
    {
        "existential", "not_negating_next", "comparison", "until", "signal", "no_such",
        "expected", "after_negations", "absent", "be", "without", "place_prepositions",
        "in_crowd", "for", "explode_verbs", "towards", "dropped_from", "in", "area", "on",
        "over", "at", "suffered", "property", "flyover", "at_work", "now", "whence",
        "whence_words", "sounded",
    }
)  # fmt: skip
PATTERN_ROLES = frozenset(
    {
        "birth_year", "ad_marks", "service_requests", "signature_tails", "monitor_header",
        "monitor_item", "monitor_count", "counted_targets",
    }
)  # fmt: skip


class LexiconError(ValueError):
    """A lexicon data file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class LexiconData:
    """The reviewed word lists of bot/data/lexicon/*.toml, as read."""

    concepts: dict[str, tuple[str, ...]]
    # Words that become a concept only in a short alert line: surface word -> concept.
    short_line: dict[str, str]
    short_line_max_words: int
    stoplist: frozenset[str]
    abbreviations: frozenset[str]
    stems: tuple[str, ...] = ()
    # Forms of the future of быть/бути, keyed as one word («ночь будет громкой»).
    future: frozenset[str] = frozenset()
    uk_words: frozenset[str] = frozenset()
    followup_filler: frozenset[str] = frozenset()
    # Words a bare cue may stand with when the post names no place ("Очень громко").
    cue_filler: frozenset[str] = frozenset()
    # Cues that count only beside names, numbers and fillers («Харків — укриття!»).
    cue_names_only: frozenset[str] = frozenset()
    # Danger words that are a cue alone on their line («Таганрог / Опасность»).
    cue_alone: frozenset[str] = frozenset()
    # "на Купянском направлении": after "на" and an adjective, a front sector, not a course.
    sector: frozenset[str] = frozenset()
    # Words that name the war: a post with one is about it (see EVERYDAY); `war_forms` as
    # written, where the lemma is everyday speech too («нанесены» of a report, «нанёс» of a
    # fight).
    war_words: tuple[str, ...] = ()
    war_forms: frozenset[str] = frozenset()
    ru_words: frozenset[str] = frozenset()
    uk_endings: tuple[str, ...] = ()
    ru_endings: tuple[str, ...] = ()
    # A month's name in a date («28 листопада») -> its number, 1..12.
    months: dict[str, int] = field(default_factory=dict)
    # grammar.toml: a role's function words, and a role's regular expressions (alternatives).
    grammar: dict[str, frozenset[str]] = field(default_factory=dict)
    patterns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Fragments one of which every ad mark contains (tested before the ad patterns).
    ad_fragments: tuple[str, ...] = ()
    # A monitoring channel's marks that stand for a weapon in a short line: mark -> the word
    # it stands for (alerts.toml's [line_marks]); `calm_marks` say a place is clear («🟢 Київ»).
    line_marks: dict[str, str] = field(default_factory=dict)
    calm_marks: frozenset[str] = frozenset()
    # Marks of `line_marks` read only in a post of that one line (`alone`: «💥 Харків»).
    alone_marks: frozenset[str] = frozenset()
    # The same for any pattern role that lists them (its `fragments`): a cheap test first.
    pattern_fragments: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _words_of(
    path: Path, key: str, value: object, *, keep_case: bool = False
) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
        raise LexiconError(f"{path.name}: [{key}] words must be a list of non-empty strings")
    return tuple(w.strip() if keep_case else w.strip().lower() for w in value)


def read_lexicon(directory: Path = LEXICON_DIR) -> LexiconData:
    """Read every *.toml of ``directory``; a concept may be spread over several files."""
    concepts: dict[str, list[str]] = {}
    short_line: dict[str, str] = {}
    max_words = 6
    stoplist: list[str] = []
    abbreviations: list[str] = []
    stems: list[str] = []
    future: list[str] = []
    filler: list[str] = []
    cue_filler: list[str] = []
    cue_names_only: list[str] = []
    cue_alone: list[str] = []
    sector: list[str] = []
    war_words: list[str] = []
    war_forms: list[str] = []
    language: dict[str, list[str]] = {}
    months: dict[str, int] = {}
    grammar: dict[str, tuple[str, ...]] = {}
    patterns: dict[str, tuple[str, ...]] = {}
    ad_fragments: tuple[str, ...] = ()
    pattern_fragments: dict[str, tuple[str, ...]] = {}
    line_marks: dict[str, str] = {}
    calm_marks: list[str] = []
    alone_marks: list[str] = []
    files = sorted(directory.glob("*.toml"))
    if not files:
        raise LexiconError(f"no lexicon files in {directory}")
    for path in files:
        try:
            with path.open("rb") as handle:
                data = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise LexiconError(f"{path.name}: {exc}") from exc
        for key, table in data.items():
            if not isinstance(table, dict):
                raise LexiconError(f"{path.name}: [{key}] must be a table")
            if key == SHORT_LINE:
                for concept, value in table.items():
                    if concept == "max_words":
                        if not isinstance(value, int) or value < 1:
                            raise LexiconError(f"{path.name}: [{key}] max_words: a positive int")
                        max_words = value
                        continue
                    if concept not in CONCEPTS:
                        raise LexiconError(f"{path.name}: [{key}] {concept}: not a concept")
                    for word in _words_of(path, f"{key}.{concept}", value):
                        short_line[word] = concept
                continue
            if key == LINE_MARKS:
                marks = table.get("marks")
                if not isinstance(marks, dict) or not all(
                    isinstance(m, str) and m and isinstance(w, str) and w.strip()
                    for m, w in marks.items()
                ):
                    raise LexiconError(f"{path.name}: [{key}] marks: a table of mark = word")
                line_marks.update({m: w.strip().lower() for m, w in marks.items()})
                calm_marks += _words_of(path, f"{key}.{CALM}", table.get(CALM))
                alone_marks += _words_of(path, f"{key}.{ALONE}", table.get(ALONE, []))
                if not set(alone_marks) <= set(line_marks):
                    raise LexiconError(f"{path.name}: [{key}] alone: marks of its `marks`")
                continue
            if key == "stoplist":
                stoplist += _words_of(path, key, table.get("words"))
                continue
            if key == "abbreviations":
                abbreviations += _words_of(path, key, table.get("words"))
                continue
            if key == "followup_filler":
                filler += _words_of(path, key, table.get("words"))
                continue
            if key == "cue_filler":
                cue_filler += _words_of(path, key, table.get("words"))
                continue
            if key == "cue_names_only":
                cue_names_only += _words_of(path, key, table.get("words"))
                continue
            if key == "cue_alone":
                cue_alone += _words_of(path, key, table.get("words"))
                continue
            if key == "sector":
                sector += _words_of(path, key, table.get("words"))
                continue
            if key == WAR_WORDS:
                war_words += _words_of(path, key, table.get("words"))
                war_forms += _words_of(path, f"{key}.forms", table.get("forms", ["-"]))
                if any(" " in word for word in war_words + war_forms):
                    raise LexiconError(f"{path.name}: [{key}] words are single words")
                if set(table) - {"about", "words", "forms"}:
                    raise LexiconError(
                        f"{path.name}: [{key}] has keys other than about, words, forms"
                    )
                continue
            if key == "stems":
                stems += _words_of(path, key, table.get("words"))
                continue
            if key == "future":
                future += _words_of(path, key, table.get("words"))
                continue
            if key == "months":
                for name, value in table.items():
                    if name == "about":
                        continue
                    names = _words_of(path, f"{key}.{name}", value)
                    if len(names) != 12:
                        raise LexiconError(f"{path.name}: [{key}] {name}: twelve month names")
                    months.update((word, number) for number, word in enumerate(names, 1))
                continue
            if key == GRAMMAR:
                for role, entry in table.items():
                    where = f"{key}.{role}"
                    if role in grammar or role in patterns:
                        raise LexiconError(f"{path.name}: [{where}] is given twice")
                    if role in PATTERN_ROLES:
                        patterns[role] = _patterns_of(path, where, entry)
                        if role == "ad_marks" or "fragments" in entry:
                            pattern_fragments[role] = _words_of(
                                path, f"{where}.fragments", entry.get("fragments")
                            )
                        if role == "ad_marks":
                            ad_fragments = pattern_fragments[role]
                    elif role in GRAMMAR_ROLES:
                        if not isinstance(entry, dict) or set(entry) != {"about", "words"}:
                            raise LexiconError(f"{path.name}: [{where}] needs about and words")
                        grammar[role] = _words_of(path, where, entry["words"])
                    else:
                        raise LexiconError(f"{path.name}: [{where}] is not a grammar role")
                continue
            if key == "language":
                for name in ("uk_words", "ru_words", "uk_endings", "ru_endings"):
                    if name in table:
                        language.setdefault(name, []).extend(
                            _words_of(path, f"{key}.{name}", table[name])
                        )
                continue
            if key not in CONCEPTS:
                raise LexiconError(f"{path.name}: [{key}] is not a known concept")
            if set(table) - {"about", "words"}:
                raise LexiconError(f"{path.name}: [{key}] has keys other than about, words")
            # A capitalised word of an entry is a name («Песков», «сектор Газа») and keeps
            # its capital (see _lemmas_of); every other word is matched in lower case.
            concepts.setdefault(key, []).extend(
                " ".join(part if part[:1].isupper() else part.lower() for part in w.split())
                for w in _words_of(path, key, table.get("words"), keep_case=True)
            )
    missing = CONCEPTS - set(concepts)
    if missing:
        raise LexiconError(f"{directory}: no words for {', '.join(sorted(missing))}")
    missing = (GRAMMAR_ROLES - set(grammar)) | (PATTERN_ROLES - set(patterns))
    if missing:
        raise LexiconError(f"{directory}: no [grammar] table for {', '.join(sorted(missing))}")
    return LexiconData(
        concepts={k: tuple(dict.fromkeys(v)) for k, v in concepts.items()},
        short_line=short_line,
        short_line_max_words=max_words,
        stoplist=frozenset(stoplist),
        abbreviations=frozenset(abbreviations),
        stems=tuple(stems),
        future=frozenset(future),
        followup_filler=frozenset(w.replace("ё", "е") for w in filler),
        cue_filler=frozenset(w.replace("ё", "е") for w in cue_filler),
        cue_names_only=frozenset(w.replace("ё", "е") for w in cue_names_only),
        cue_alone=frozenset(w.replace("ё", "е") for w in cue_alone),
        sector=frozenset(w.replace("ё", "е") for w in sector),
        war_words=tuple(war_words),
        war_forms=frozenset(w.replace("ё", "е") for w in war_forms if w != "-"),
        uk_words=frozenset(w.replace("ё", "е") for w in language.get("uk_words", ())),
        ru_words=frozenset(language.get("ru_words", ())),
        uk_endings=tuple(language.get("uk_endings", ())),
        ru_endings=tuple(language.get("ru_endings", ())),
        months=months,
        grammar={role: frozenset(words) for role, words in grammar.items()},
        patterns=patterns,
        ad_fragments=ad_fragments,
        pattern_fragments=pattern_fragments,
        line_marks=line_marks,
        calm_marks=frozenset(calm_marks),
        alone_marks=frozenset(alone_marks),
    )


def _patterns_of(path: Path, where: str, entry: object) -> tuple[str, ...]:
    """A pattern role's regular expressions, each checked to compile on its own."""
    if not isinstance(entry, dict) or not {"about", "patterns"} <= set(entry) <= {
        "about", "patterns", "fragments"
    }:
        raise LexiconError(f"{path.name}: [{where}] needs about and patterns")
    found = _words_of(path, where, entry["patterns"], keep_case=True)
    for pattern in found:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise LexiconError(f"{path.name}: [{where}] {pattern!r}: {exc}") from exc
    return found


@lru_cache(maxsize=1)
def data() -> LexiconData:
    """The bundled lexicon (read from the cache of derived tables when it is there)."""
    return cache.cached(
        "lexicon-data",
        lambda: cache.fingerprint(_lexicon_files()),
        lambda: _plain(read_lexicon()),
        lambda value: _restore(LexiconData, value),
    )


def _lexicon_files() -> list[Path]:
    return sorted(LEXICON_DIR.glob("*.toml"))


def _plain(tables: LexiconData | Lexicon) -> dict:
    """A dataclass of tables as the plain values the cache stores (no copy of the tables)."""
    return {f.name: getattr(tables, f.name) for f in fields(tables)}


def _restore(cls, value: dict):
    """The dataclass back from its plain values; a value of another shape is a ValueError."""
    if not isinstance(value, dict) or set(value) != {f.name for f in fields(cls)}:
        raise ValueError(f"not the fields of {cls.__name__}")
    return cls(**value)


@dataclass(frozen=True)
class Lexicon:
    single: dict[str, frozenset[str]]
    # First lemma -> second lemma -> (the lemmas after the first, concepts), longest first.
    phrases: dict[str, dict[str, tuple[tuple[tuple[str, ...], frozenset[str]], ...]]]
    known: frozenset[str] = frozenset()  # every lemma an entry starts with
    # Lemmas that become a concept only in a short alert line ("Брянск громко").
    short: dict[str, frozenset[str]] = field(default_factory=dict)
    short_max_words: int = 6
    wanted: frozenset[str] = frozenset()  # known | short: every lemma worth a closer look
    # Lemmas, and pairs of lemmas that start a phrase, that can start a signal (a type, an
    # all-clear, a follow-up): a text with none of them reports nothing, whatever else it says.
    triggers: frozenset[str] = frozenset()
    trigger_pairs: frozenset[tuple[str, str]] = frozenset()
    war: frozenset[str] = frozenset()  # the keys of the war words

    def concepts_at(self, lemmas: list[str], index: int) -> tuple[frozenset[str], int]:
        """Concepts of the entry starting at ``index`` and how many words it spans."""
        first = lemmas[index]
        tails = self.phrases.get(first)
        if tails is not None and index + 1 < len(lemmas):
            for rest, concepts in tails.get(lemmas[index + 1], ()):
                end = index + 1 + len(rest)
                if tuple(lemmas[index + 1 : end]) == rest:
                    return concepts, len(rest) + 1
        return self.single.get(first, frozenset()), 1


def _lemmas_of(phrase: str, lang: str) -> tuple[str, ...]:
    parts = phrase.replace("-", " ").split()
    return tuple(_key_of(part, lang) for part in parts)


def _key_of(part: str, lang: str) -> str:
    # A capitalised word of an entry is a name: keyed as the same name in a post is.
    if part[:1].isupper():
        name = name_key(part, lang)
        if name is not None:
            return name
    return stem_key(lemma(part.lower(), lang))


@lru_cache(maxsize=1)
def written_words() -> frozenset[str]:
    """Every word the lexicon's entries and short-line cues are written with (lower case,
    «ё» as «е»): a capitalised word written here is the lexicon's word, never a name."""
    out: set[str] = set()
    lexicon = data()
    for entries in (*lexicon.concepts.values(), tuple(lexicon.short_line)):
        for entry in entries:
            out.update(
                word
                for word in entry.replace("ё", "е").replace("-", " ").split()
                if not word[:1].isupper()
            )
    return frozenset(out)


def _by_second(
    tails: dict[tuple[str, ...], set[str]],
) -> dict[str, tuple[tuple[tuple[str, ...], frozenset[str]], ...]]:
    out: dict[str, list[tuple[tuple[str, ...], frozenset[str]]]] = {}
    for rest, concepts in tails.items():
        out.setdefault(rest[0], []).append((rest, frozenset(concepts)))
    return {
        second: tuple(sorted(items, key=lambda item: -len(item[0])))
        for second, items in out.items()
    }


_NAMING = frozenset({DRONE, MISSILE, BOMB, DANGER, ARTILLERY})


def lexicon_for(lang: str) -> Lexicon:
    """The lexicon with every entry lemmatised by ``lang``'s analyser."""
    # English and Russian posts share one: their words go through the same analysers.
    lexicon = _BY_LANG.get(lang)
    if lexicon is None:
        lexicon = _BY_LANG[lang] = _lexicon_for(_morphology(lang))
    return lexicon


_BY_LANG: dict[str, Lexicon] = {}


@lru_cache(maxsize=4)
def _lexicon_for(lang: str) -> Lexicon:
    # Lemmatising every entry is most of a cold start: the result is cached on disk, keyed
    # by the lexicon files, the code and the analyser's version and dictionary.
    def sources() -> str:
        files, versions = lemma_sources(lang)
        return cache.fingerprint([*_lexicon_files(), *files], versions)

    return cache.cached(
        f"lexicon-{lang}", sources, lambda: _plain(_build_lexicon(lang)),
        lambda value: _restore(Lexicon, value),
    )


def _build_lexicon(lang: str) -> Lexicon:
    single: dict[str, set[str]] = {}
    phrases: dict[str, dict[tuple[str, ...], set[str]]] = {}
    for concept, entries in data().concepts.items():
        for entry in entries:
            lemmas = _lemmas_of(entry, lang)
            # A word listed in two forms: add the raw lower-cased form too.
            variants = {lemmas}
            if len(lemmas) == 1 and not entry[:1].isupper():
                variants.add((stem_key(entry.lower().replace("ё", "е")),))
            for variant in variants:
                if len(variant) == 1:
                    single.setdefault(variant[0], set()).add(concept)
                else:
                    phrases.setdefault(variant[0], {}).setdefault(variant[1:], set()).add(concept)
    # A phrase keeps the weapons and dangers its words name: "ракетная опасность" is a danger
    # of missiles, "ударні БпЛА" drones.
    for first, tails in phrases.items():
        for rest, concepts in tails.items():
            for part in (first, *rest):
                concepts |= single.get(part, set()) & _NAMING
    short: dict[str, set[str]] = {}
    for word, concept in data().short_line.items():
        for key in {stem_key(lemma(word, lang)), stem_key(word.replace("ё", "е"))}:
            short.setdefault(key, set()).add(concept)
    triggers = {key for key, concepts in single.items() if concepts & SIGNALS}
    triggers |= set(short)
    pairs = {
        (first, rest[0])
        for first, tails in phrases.items()
        for rest, concepts in tails.items()
        if concepts & SIGNALS
    }
    war = {key for word in data().war_words for key in (*_lemmas_of(word, lang), stem_key(word))}
    return Lexicon(
        war=frozenset(war),
        triggers=frozenset(triggers),
        trigger_pairs=frozenset(pairs),
        short={k: frozenset(v) for k, v in short.items()},
        short_max_words=data().short_line_max_words,
        known=frozenset(single) | frozenset(phrases),
        wanted=frozenset(single) | frozenset(phrases) | frozenset(short),
        single={k: frozenset(v) for k, v in single.items()},
        phrases={first: _by_second(tails) for first, tails in phrases.items()},
    )
