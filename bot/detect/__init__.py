"""Detection: one Post in, one Detection out. Pure: no I/O beyond loading bundled data once.

The steps, each in its own module: ``segment`` (what of the post is read: capped, cleaned,
glued words split, the signature left out), ``lang`` (which language), ``shouted`` (lines in
capitals written in the usual case), ``classify`` (incident
types per sentence, and which sentences to ignore), the gazetteer (places), ``places`` (which
places are where the event happened), ``counts`` (numbers and what they count), ``sources``
(who is cited, official or not) and ``followups`` (a post that goes on from the channel's
previous report takes its place). The decision is here: an incident names a region (its own,
the one it follows up, or the channel's home region).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from bot.detect import lexicon as lx
from bot.detect.classify import TextAnalysis, analyse
from bot.detect.context import ChannelProfile, DetectContext
from bot.detect.counts import RegionMention, extract_counts
from bot.detect.followups import DEBRIS_WINDOW, followed_post, is_followup
from bot.detect.lang import detect_lang
from bot.detect.morph import Word
from bot.detect.places import (
    EventPlace,
    capital_places,
    elliptic_regions,
    event_places,
    place_role,
    region_place,
    text_for_gazetteer,
)
from bot.detect.segment import Segmented, segment
from bot.detect.shouted import unshout
from bot.detect.sources import SourceFindings, find_sources
from bot.models import INCIDENT_TYPES, OFFICIAL, UNCONFIRMED, Detection, Place, Post

if TYPE_CHECKING:
    from bot.detect.gazetteer import Gazetteer, PlaceMention

__all__ = ["Detector", "detect"]

# Types that only say "something may come" and make no incident once the all-clear is given.
_ALERT_ONLY = frozenset({"alert", "drone", "missile"})
_AIMED = frozenset({"drone", "missile"})
# Reports of something in the air that debris falling after them may be the debris of.
_SKY = frozenset({"alert", "air_defense", "explosion"})  # as followups' sky=True
# Casualties and damage alone (a road accident, a plane crash) are no incident of ours: they
# count as consequences of an explosion, strike, fire, attack.
_CONSEQUENCES = frozenset({"casualties", "damage"})
# What can have harmed people or buildings, for a post that only tells the harm.
_HARMFUL = frozenset({"drone", "missile", "explosion", "strike", "fire"})
# What a post may say of the war in general with no place: a threat, a weapon, air defence
# as a thing, a hit (see the place-less rule in Detector.detect).
_PLACELESS_TALK = _ALERT_ONLY | {"air_defense", "strike"}
# The roles of a place a threat comes from (place_roles.txt), not where it goes.
_FROM_ROLES = ("origin", "launch")
_HARM_FOLLOWUP_WORDS = 10
# How many names a line of an alert channel that only names places may have, besides its
# fillers: «Нивки!!!», «КИЇВ», «Далі Нивки.», «Антонов, Коцюба.», «Бровари, Бориспіль»,
# «Марковка, ЛНР, и далее в направлении Ростовской области».
_BARE_PLACE_WORDS = 4
# A radar channel's post of a few such lines names its places one a line, with the route's
# fillers: «Выгонический район / Брянская область», «Суземка и далее в направлении Навля /
# Брянская область». At most this many lines and this many names in all.
_BARE_PLACE_LINES = 4
_BARE_PLACE_NAMES = 8
_NO_SOURCES = SourceFindings((), False)


class Detector:
    """Turns posts into detections; holds the gazetteer and the channels' home regions."""

    def __init__(
        self, gazetteer: Gazetteer | None = None, home_regions: Mapping[str, str] | None = None
    ) -> None:
        if gazetteer is None:
            from bot.detect.gazetteer import Gazetteer

            gazetteer = Gazetteer.default()
        self.gazetteer = gazetteer
        self.home_regions = {k.lower().lstrip("@"): v for k, v in (home_regions or {}).items()}

    def _find(self, post: Post, text: str, context: DetectContext | None, explain: bool = False):
        """The gazetteer's places of a post, with the channel's evidence: its home region
        (configured, else learned), its profile's home regions, the regions of its recent
        posts. ``explain``: with each mention's candidates and why one won."""
        profile = context.profile if context is not None else None
        recent = [r for p in (context.recent if context is not None else ()) for r in p.regions]
        return self.gazetteer.find(
            text_for_gazetteer(text),
            home_region=self.home_region(post.channel, context),
            home_regions=profile.home_regions if profile is not None else (),
            recent_regions=recent,
            explain=explain,
        )

    def explain(self, post: Post, context: DetectContext | None = None) -> list[dict]:
        """For `classify --explain`: every place named, its candidates, the evidence that
        chose one, its role (origin, destination, launch) and whether it is an event place."""
        profile = context.profile if context else None
        text = self._read(post, profile)[1]
        detection = self.detect(post, context)
        chosen = {(p.name, p.region) for p in detection.places}
        out = []
        for mention in self._find(post, text, context, explain=True) if text.strip() else []:
            out.append(
                {
                    "surface": mention.surface,
                    "place": mention.place.to_json(),
                    "evidence": mention.evidence,
                    "role": place_role(text, mention),
                    "event_place": (mention.place.name, mention.place.region) in chosen,
                    "candidates": list(mention.candidates),
                }
            )
        return out

    def home_region(self, channel: str, context: DetectContext | None = None) -> str | None:
        """The configured home region, else the first one the channel's profile learned."""
        configured = self.home_regions.get(channel.lower().lstrip("@"))
        if configured:
            return configured
        profile = context.profile if context else None
        return profile.home_regions[0] if profile and profile.home_regions else None

    def _read(self, post: Post, profile: ChannelProfile | None) -> tuple[Segmented, str, str]:
        """What of the post detection reads (see segment), its lines in capitals written in
        the usual case (see shouted), and its language."""
        raw = post.text if isinstance(post.text, str) else ""
        segmented = segment(raw, profile.signature if profile else frozenset())
        lang = detect_lang(segmented.text)
        return segmented, unshout(segmented.text, lang, self.gazetteer), lang

    def detect(self, post: Post, context: DetectContext | None = None) -> Detection:
        profile = context.profile if context else None
        segmented, text, lang = self._read(post, profile)
        day = post.date.date() if post.date else None
        analysis = analyse(text, lang, day.year if day else None, quick=True, post_date=day)
        types = set(analysis.types)
        all_clear = analysis.all_clear
        # An all-clear ("Одеса — відбій. Дякуємо ППО!") reports no incident unless it also
        # reports what happened (shot down, damage, ...).
        # «Росіяни вбили трьох людей у Костянтинівці»: harm the enemy did is the war's too.
        incident = (bool(types - _CONSEQUENCES) or analysis.war_harm) and not (
            all_clear and types <= _ALERT_ONLY | {"air_defense"} and not analysis.shootdown
        )
        followup = debris_alone = False
        earlier = followed_post(post, context, all_clear=all_clear and not incident)
        if analysis.debris and not all_clear:
            # "Обломки упали на территории частного дома": what the channel's last report (up
            # to DEBRIS_WINDOW older) was about fell; the post is that weapon's and its harm,
            # and where it names no place, that report's. After a report of air defence at
            # work, bangs or an alert that named no weapon («хлопки, работает ПВО»), what fell
            # is the debris of what was shot at: an incident of the harm it names, damage
            # where it names none («обломки упали у остановки»; debris does not say air
            # defence). With no such report the debris may be anything's («обрушился балкон,
            # обломки упали»).
            source = (
                followed_post(post, context, aimed=True, window=DEBRIS_WINDOW)
                or followed_post(post, context, sky=True, window=DEBRIS_WINDOW)
                or followed_post(post, context, window=DEBRIS_WINDOW)
            )
            if source is not None and not incident:
                aimed = set(source.types) & _AIMED
                # "Сбит над окраиной, обломки упали в лесополосу": the weapon shot down.
                types |= aimed | ({"air_defense"} if aimed and analysis.shootdown else set())
                if not aimed and set(source.types) & _SKY:
                    # «уламки збитої цілі впали»: what was shot down fell.
                    types |= {"air_defense"} if analysis.shootdown else set()
                    types = types or {"damage"}
                incident = bool(types)
            if not incident and analysis.aerial_debris:
                # «У Луцькому районі зафіксовано падіння уламків. Пошкоджено дах»: the
                # officials' formula (or debris of what was shot down) needs no report before
                # it; the post is the harm it names, and air defence where it says so. It
                # needs a place (its own or the channel's).
                types |= {"air_defense"} if analysis.shootdown else set()
                incident = debris_alone = bool(types)
            earlier = earlier if earlier is not None else source
        if earlier is not None and not incident and not all_clear:
            # "Ещё один летит", "Повторно!", "Ещё 2": the previous report goes on.
            replied = context is not None and earlier is context.reply_to
            if not replied:
                earlier = followed_post(post, context, threat=True) or earlier
            if is_followup(analysis, earlier, replied):
                # «Летели низко со стороны Шелокши» after «Кстово — громко»: where it went is
                # an alert, not more bangs.
                moving = any(lx.MOVEMENT in info.concepts for info in analysis.sentences
                             if info.ignored_because is None)
                types = set(earlier.types) & _ALERT_ONLY or (
                    {"alert"} if moving else set(earlier.types))
                incident = followup = bool(types)
            elif analysis.shootdown and set(earlier.types) & _AIMED:
                # "сбит над Дубовым" after "мопед, низко": the weapon it followed was shot down.
                types = (set(earlier.types) & _AIMED) | {"air_defense"}
                incident = followup = True
        if incident and types == {"alert"} and analysis.unnamed_targets:
            # «5 цілей на Кропивницький, далі курс Умань» after «Ракети на Кіровоградщину»:
            # the targets are the weapon the channel's last report named.
            source = followed_post(post, context, aimed=True)
            if source is not None:
                types |= set(source.types) & _AIMED
        shot_only = False
        if (
            not incident
            and not all_clear
            and analysis.shootdown
            and sum(not w.is_number for w in analysis.words) <= lx.data().short_line_max_words
        ):
            # «Севастополь — приземлили 3»: a shoot-down line with no report before it to
            # name the weapon is air defence at work; like a cue, it needs a region.
            types = {"air_defense"}
            incident = shot_only = True

        if not incident and not all_clear and types and types <= _CONSEQUENCES:
            # "Уточнення по Соборному району: троє поранених", "Кількість постраждалих зросла
            # до 5": the people hurt by the report of a hit or a bang the post replies to, or by
            # the channel's latest one (up to FOLLOW_WINDOW older) in a short post that says
            # nothing else. Damage alone («Пошкоджено два приватні будинки») is that harm only
            # in a reply to such a report («ворожу ДРГ знищено» is no harm of ours).
            source = followed_post(post, context)
            replied = source is not None and context is not None and source is context.reply_to
            # A longer post that only counts the people hurt, place by place («У сел. Борова
            # загинув 47-річний чоловік, постраждали...; у с. Новомиколаївка постраждали...»),
            # is that report's harm too.
            if source is not None and set(source.types) & _HARMFUL and (replied or (
                    "casualties" in types
                    and (len(analysis.words) <= _HARM_FOLLOWUP_WORDS or analysis.harm_tally)
                    and all(info.ignored_because is None for info in analysis.sentences))):
                earlier = source
                incident = followup = True

        bare_place = False
        bare_mentions: list[PlaceMention] = []
        if (
            not incident
            and not all_clear
            and profile is not None
            and profile.kind == "alerts"
            and _names_only_line(text, analysis)
        ):
            # «Нивки!!!», «КИЇВ», «Далі Нивки.», «Бровари, Бориспіль»: a line of an alert
            # channel that names only places is where its target goes now, an alert. Every
            # name in it must be a place (not «Доброго ранку, Києве!»).
            found = self._find(post, text, context)
            names = [w for w in analysis.words if not _filler(w)]
            if found and all(any(m.start <= w.start < m.end for m in found) for w in names):
                types = {"alert"}
                incident = bare_place = True
                bare_mentions = found  # read once: the places below are these

        configured = self.home_regions.get(post.channel.lower().lstrip("@"))
        home = self.home_region(post.channel, context)
        # A negative names no event place, whatever it mentions: the gazetteer, the
        # costliest step, runs only for incidents and all-clears.
        places: list[EventPlace] = []
        mentions: list[PlaceMention] = []
        abroad = _abroad(analysis)
        mentions: list[PlaceMention] = []
        if (incident or all_clear) and text and not text.isspace():
            mentions = bare_mentions if bare_place else self._find(post, text, context)
            places = event_places(analysis, mentions)
            if (followup or shot_only or debris_alone or bare_place) and not places:
                # "Ещё один на Нежин": a follow-up's own places are where it goes; «Севастополь
                # — приземлили 3», «уламки збитої цілі впали»: where it was shot down.
                # Not where it came from: «Табун із Бєлгородщини поки в бік Золочева», a
                # follow-up whose goal the gazetteer does not know, is not Belgorod's.
                places = [EventPlace(m.start, m.end, m.surface, m.place) for m in mentions
                          if place_role(text, m) not in _FROM_ROLES]
            kept = {p.start for p in places}
            places = elliptic_regions(analysis, self.gazetteer, places, [
                m.start for m in mentions if m.place.kind == "region" and m.start not in kept
            ])
            if not places and not abroad:
                # "В столице": ours, unless the post is about a country abroad ("окраины
                # сирийской столицы").
                places = capital_places(analysis, self.gazetteer, _side(home, context))
        if incident and analysis.marked_alone and not all(
            any(m.start <= w.start < m.end for m in mentions)
            for w in analysis.words if not _filler(w)
        ):
            # «💥 Новинки в Киеве», «💥 Ozon в Казани»: a news channel's decoration beside words
            # that are no places; the monitors' «💥 Харків» names places alone.
            incident = False
            places = []
        if incident and not places and analysis.promo and types <= _ALERT_ONLY:
            # «В связи с массовой атакой дронов ... Успейте подписаться», «О пролётах БПЛА
            # сообщать в —»: a threat that names no place beside a promotion or a request for
            # reports is its pitch; it takes no place from what came before or the home.
            incident = followup = False
        if abroad and places:
            # "Удар по Ирану" is not the village Иран of North Ossetia.
            places = [p for p in places if not any(a <= p.start < b for a, b in abroad)]
        regions = _unique(p.place.region for p in places if p.place.region)  # a sea has none
        if (abroad or (places and all(p.place.kind == "sea" for p in places))) and not regions:
            # An event abroad ("в Тегеране слышны взрывы", "у Польщі впав уламок") is none of
            # ours, and nor is one only at sea («уничтожены три безэкипажных катера в Чёрном
            # море»): it takes no region from what it follows or from the channel's home.
            incident = all_clear = followup = False
        if not regions and _national(analysis):
            # The Air Force's morning tally for the whole country («збито/подавлено 75 з 90
            # БпЛА на півночі, півдні, сході та в центрі країни») names no place of ours: no
            # incident, and no region from what the channel posted before or from its home.
            incident = all_clear = followup = False
        region_from = "text" if regions else ""
        extra_places: tuple[Place, ...] = ()
        if (incident or all_clear) and not regions and earlier is not None and earlier.regions:
            # A follow-up or an all-clear without a place: the place of what it follows.
            regions = list(earlier.regions)
            extra_places = earlier.places
            region_from = "followup"
        if (incident or all_clear) and not regions and home:
            # A governor's "над регионом сбиты 3 БПЛА": the channel's own region.
            regions = [home]
            region_from = "home"
            fallback = region_place(self.gazetteer, home)
            extra_places = (fallback,) if fallback else ()
        # "Громко", "будьте осторожны" with no place and no channel region say nothing; a cue
        # among other words ("Громко поздравляем земляков", "Цели на год") needs a place.
        if analysis.weak and (not regions or (region_from == "home" and not analysis.bare)):
            incident = False
        if (shot_only or debris_alone) and not regions:
            incident = False
        if incident and not regions and profile is not None and profile.kind == "alerts":
            # An alert channel's report is a line that names its place or follows one: a line
            # that names none, follows no placed report and comes from a channel with no home
            # region is its talk («Тривога триває вже п'яту годину», a subscriber's question,
            # «Бахнуло — це сусід двері зачинив»), not a report of nowhere. A news or official
            # channel's place-less report stays one (a card with no region, for review).
            incident = False
        if (
            incident
            and not regions
            and not any(place_role(text, m) in _FROM_ROLES for m in mentions)
            and types <= _PLACELESS_TALK
            and not analysis.shootdown
            and not analysis.air_defense_at_work
        ):
            # With no place from the text, what it follows or the channel's home (nor one a
            # threat comes from: «Загроза балістики з Брянська» is a threat), a threat, a
            # weapon, air defence or a hit alone is talk of the war in general, not an event a
            # reviewer can place: «Квадрокоптеры выходят на новый уровень», «Україні потрібні
            # ракети та системи ППО», «Были удары «Калибрами» по инфраструктуре в нескольких
            # областях, — Зеленский», «Прямое попадание». A fire, a blast, harm, something
            # shot down or air defence at work (grammar.toml's `at_work`) stays a report with
            # no region, for review («На Перовском проезде горит автомастерская», «Российские
            # средства ПВО сбили 67 беспилотников», «Працюють наші сили ППО»).
            incident = False

        counts = (
            extract_counts(
                text,
                analysis.words,
                lang,
                [info.sentence for info in analysis.sentences],
                [RegionMention(p.start, p.end, p.place.region) for p in places if p.place.region],
            )
            if incident
            else []
        )
        # Who is cited matters for what is reported: a negative's sources are not read.
        findings = (
            find_sources(segmented.with_links, post.forwarded_from, post.channel.lower())
            if incident or all_clear
            else _NO_SOURCES
        )
        official = (
            findings.official
            or configured is not None
            or ((incident or all_clear) and _signed_by_an_official(segmented, post.channel))
        )
        return Detection(
            channel=post.channel,
            id=post.id,
            incident=incident,
            types=tuple(t for t in INCIDENT_TYPES if t in types) if incident else (),
            regions=tuple(regions),
            places=_unique_places(places) + tuple(p for p in extra_places if p),
            counts=tuple(counts),
            sources=findings.sources,
            status=OFFICIAL if official else UNCONFIRMED,
            all_clear=all_clear,
            lang=lang,
            matched=tuple(analysis.matched),
            region_from=region_from,
        )


def _filler(word: Word) -> bool:
    """A word an alert line may name its places with: «на», «далі», «вектор» (the lexicon's
    cue and follow-up fillers)."""
    data = lx.data()
    folded = word.text.lower().replace("ё", "е")
    return folded in data.cue_filler or folded in data.followup_filler


def _names_only_line(text: str, analysis: TextAnalysis) -> bool:
    """A short line, or a few lines, of capitalised names and fillers, no number, no question
    and no mark of calm («🟢 Київ»): what an alert channel writes when it names only where a
    target goes."""
    ws = analysis.words
    stripped = text.strip()
    lines = [line for line in stripped.split("\n") if line.strip()]
    if (
        not ws
        or len(lines) > _BARE_PLACE_LINES
        or "?" in stripped
        or any(mark in stripped for mark in lx.data().calm_marks)
    ):
        return False
    names = 0
    for word in ws:
        if word.is_number:
            return False
        if _filler(word):
            continue
        if not word.text[:1].isupper():
            return False
        names += 1
    return 0 < names <= (_BARE_PLACE_WORDS if len(lines) == 1 else _BARE_PLACE_NAMES)


def _signed_by_an_official(segmented: Segmented, channel: str) -> bool:
    """Whether the signature left out of the post names an official body («ДСНС України»,
    «Пресс-служба губернатора»): the channel speaks for it. The signature decides nothing
    about the incident, but it says who is speaking."""
    if not segmented.signature_lines:
        return False
    return find_sources("\n".join(segmented.signature_lines), None, channel.lower()).official


def _side(home: str | None, context: DetectContext | None) -> str | None:
    """The country a channel reports from ("UA", "RU"): its home region's, else the one every
    region of its last hour's reports is in; None when that says nothing or is mixed."""
    if home:
        return home[:2]
    sides = {r[:2] for p in (context.recent if context else ()) if p.incident for r in p.regions}
    return next(iter(sides)) if len(sides) == 1 else None


def _national(analysis: TextAnalysis) -> bool:
    """Whether the post speaks of the whole country at once (the lexicon's ``national``)."""
    return any(lx.NATIONAL in info.concepts for info in analysis.sentences)


def _abroad(analysis: TextAnalysis) -> list[tuple[int, int]]:
    """Where the post names a country or city outside Russia and Ukraine (words of the
    lexicon's ``abroad`` table), as offsets; empty when it names none."""
    if not any(lx.ABROAD in info.concepts for info in analysis.sentences):
        return []
    lexicon = lx.lexicon_for(analysis.lang)
    ws = analysis.words
    lemmas = [w.lemma for w in ws]
    spans = []
    for i, word in enumerate(ws):
        if lx.ABROAD in lexicon.single.get(word.lemma, ()):
            spans.append((word.start, word.end))
        elif i + 1 < len(ws):
            # "Красное море", "сектор Газа": the whole phrase.
            for rest, concepts in lexicon.phrases.get(word.lemma, {}).get(lemmas[i + 1], ()):
                if lx.ABROAD in concepts and tuple(lemmas[i + 1 : i + 1 + len(rest)]) == rest:
                    spans.append((word.start, ws[min(i + len(rest), len(ws) - 1)].end))
    return spans or [(-1, -1)]


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _unique_places(places: list[EventPlace]) -> tuple[Place, ...]:
    return tuple(dict.fromkeys(p.place for p in places))


_DEFAULT: Detector | None = None


def detect(post: Post, context: DetectContext | None = None) -> Detection:
    """Detect with a default Detector (bundled gazetteer, no home regions), built once."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Detector()
    return _DEFAULT.detect(post, context)
