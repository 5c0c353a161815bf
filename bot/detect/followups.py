"""Follow-ups: a short post that goes on from the channel's previous report.

Alert channels write «Ещё один летит», «Повторно!», «Ещё 2», «Отбой» as a reply, or as the
next post minutes later. Such a post belongs to the report it follows and takes its place:

- the post it replies to, when that is an incident with a place, up to ``REPLY_WINDOW`` older;
- else the channel's latest incident with a place, up to ``FOLLOW_WINDOW`` older (an
  all-clear: up to ``ALL_CLEAR_WINDOW``, an alert lasts until its all-clear).

A post with no incident words is a follow-up when it is short (at most ``MAX_WORDS`` words)
and says "more of it" (a word of the ``followup`` concept), says where it goes (``movement``),
or is only a number ("+2") or starts with one ("+1 над Губкиным"); it then takes the types
of what it follows while that was a threat in progress (alert, drone, missile). Pure: the
context is given, nothing is looked up.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.detect import lexicon as lx

if TYPE_CHECKING:
    from bot.detect.classify import TextAnalysis
    from bot.detect.context import DetectContext, RecentPost
    from bot.detect.morph import Word
    from bot.models import Post

REPLY_WINDOW = timedelta(hours=6)
FOLLOW_WINDOW = timedelta(minutes=30)
ALL_CLEAR_WINDOW = timedelta(hours=6)
# A report of debris ("обломки упали на территории частного дома") comes up to hours after
# the threat it ends: an official's account of the night's outcome.
DEBRIS_WINDOW = timedelta(hours=3)
MAX_WORDS = 8
# A post naming more regions than this is a summary (the Air Force's morning tally, a night's
# list of oblasts), not a threat in progress a short post could go on from.
MAX_FOLLOWED_REGIONS = 4
_GOING_ON = frozenset({lx.FOLLOWUP, lx.MOVEMENT})
# What else a follow-up may say: the weapon, a sound, a hedge, a direction.
_FILLING = _GOING_ON | frozenset(
    {lx.DRONE, lx.MISSILE, lx.BOMB, lx.HEDGE, lx.EXPLOSION, lx.STRIKE, lx.ALERT, lx.DANGER}
)
_THREAT = frozenset({"alert", "drone", "missile"})
_AIMED = frozenset({"drone", "missile"})
_SKY = frozenset({"alert", "air_defense", "explosion"})
# "+1 над Губкиным", "+2 на Суджу": one more of it, with where it is.
_PLUS = re.compile(r"\s*\+\s?\d")


def _usable(earlier: RecentPost, post: Post, window: timedelta) -> bool:
    if not (earlier.incident and earlier.regions) or earlier.id == post.id:
        return False
    if len(earlier.regions) > MAX_FOLLOWED_REGIONS:
        return False
    if post.date is None or earlier.date is None:
        return True
    return timedelta(0) <= post.date - earlier.date <= window


def followed_post(
    post: Post,
    context: DetectContext | None,
    all_clear: bool = False,
    threat: bool = False,
    window: timedelta | None = None,
    aimed: bool = False,
    sky: bool = False,
) -> RecentPost | None:
    """The incident post this one may follow up, or None. ``threat``: the latest one that
    was a threat in progress (alert, drone, missile), skipping reports of hits and bangs in
    between ("Лиски — взрывы" between "БПЛА на Воронеж" and "Ещё один в сторону Россоши").
    ``aimed``: the latest one that named a drone or a missile. ``sky``: the latest one that
    told of something in the air (an alert, air defence, bangs). ``window``: how old the
    channel's post may be (else by ``all_clear``)."""
    if context is None:
        return None
    wanted = _AIMED if aimed else _SKY if sky else _THREAT if threat else None
    reply = context.reply_to
    if reply is not None and _usable(reply, post, REPLY_WINDOW) and (
        wanted is None or wanted & set(reply.types)
    ):
        # (a reply to «Київ, вибухи» that tells of debris is the debris of the missile the
        # channel reported before: the reply names no weapon)
        return reply
    if window is None:
        window = ALL_CLEAR_WINDOW if all_clear else FOLLOW_WINDOW
    for earlier in reversed(context.recent):
        if earlier.incident and len(earlier.regions) > MAX_FOLLOWED_REGIONS:
            break  # a summary since: what came before it is over
        if _usable(earlier, post, window) and (wanted is None or wanted & set(earlier.types)):
            return earlier
    return None


def is_followup(analysis: TextAnalysis, earlier: RecentPost, replied: bool) -> bool:
    """A short post that says "more of the same" about ``earlier`` and nothing else: every
    word is a follow-up or movement word, a number, a place (capitalised) or a short function
    word ("Ещё один летит", "через Почеп в сторону Унечи"); "Снова дождь" is not one."""
    text = analysis.text
    # A hashtag is the post's tag, not what it says («Ще 2\n\n#радар», «Ещё один #Курск»).
    words = [w for w in analysis.words if text[w.start - 1 : w.start] != "#"]
    if not words or sum(not w.is_number for w in words) > MAX_WORDS:
        return False
    if not replied and not set(earlier.types) & _THREAT:
        return False
    if all(w.is_number for w in words):
        return True
    # «Без цілей знову», «знову не фіксується»: more of nothing, a target lost.
    if any(lx.NEGATION in info.concepts for info in analysis.sentences):
        return False
    going_on = _PLUS.match(analysis.text) is not None or any(
        info.ignored_because is None and info.concepts & _GOING_ON for info in analysis.sentences
    )
    return going_on and all(_fits(w, analysis.lang) for w in words)


def _fits(word: Word, lang: str) -> bool:
    if word.is_number or len(word.text) <= 3 or word.text[:1].isupper():
        return True
    lexicon = lx.lexicon_for(lang)
    concepts = lexicon.single.get(word.lemma, frozenset()) | lexicon.short.get(
        word.lemma, frozenset()
    )
    if concepts & _FILLING:
        return True
    # The first word of a phrase that means more of it, movement or a weapon ("в сторону").
    tails = lexicon.phrases.get(word.lemma, {})
    if any(c & _FILLING for options in tails.values() for _, c in options):
        return True
    return word.text.lower().replace("ё", "е") in lx.data().followup_filler
