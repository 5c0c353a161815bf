"""Channel profiles, learned from a channel's own recent posts, and the memory that builds a
post's DetectContext. Pure: posts and detections are handed in (by the pipeline from the
store, by `classify` and `eval` from the file being read); nothing is looked up.

A profile is learned from the ``PROFILE_POSTS`` posts nearest before the post being read,
topped up with the channel's posts *at hand* that come after it when fewer come before
(``ChannelMemory.foresee``): a new channel's first post is read with the signature and kind
its next posts show. Posts not yet detected count for the signature, the kind and the home
region: a region the signature names, and the one region a post's own lines name (read by the
gazetteer) counts for the home as an incident placed by its text does.
The pipeline foresees the batch it is about to detect; ``read_ahead`` reads a stream ahead
for a channel whose profile still has room, within a bounded window.

A profile holds:

- **signature**: the lines the channel's posts repeat at their end ("📡 Локатор — @...",
  "❤️ Подписаться"): a line (never a post's first) seen in at least ``SIGNATURE_SHARE`` of
  the last ``PROFILE_POSTS`` posts, and in at least ``SIGNATURE_MIN_POSTS``. A line that alone
  reads as an incident ("Опасность по БПЛА") is not taken for a signature unless nearly every
  post has it in its closing block, after a blank line (``SIGNATURE_ALWAYS``), or it stands
  there beside the channel's other signature lines in ``SIGNATURE_SHARE`` of the posts
  ("🛵 Шахед-монітор" above "Підписатися"): an alert channel repeats its alert lines too, and
  the signature must never kill an incident.
- **home regions**: the regions of at least ``HOME_SHARE`` of the channel's incidents whose
  place is not in doubt (one region, named in the text itself), and of its posts at hand not
  detected yet that name one region, with ``HOME_MIN_POSTS`` such posts at least; or the one
  region all of them name, with ``HOME_UNANIMOUS_POSTS`` at least. Such a learned home must
  also hold ``HOME_HISTORY_SHARE`` of all the channel's posts placed in one region that the
  memory has seen (once it has seen ``HOME_HISTORY_POSTS``): a national channel's last 50
  posts may dwell on one region's night of attacks, and it is no channel of that region.
  Where they give none, the one region the username names («tver_nebo»), for a channel of
  kind "alerts".
  Configured ``channels.home_regions`` win over learned ones (the Detector sees to that).
- **kind**: "alerts" when the median post is a line (at most ``ALERT_LINE_CHARS``
  characters), else "news"; "unknown" before ``KIND_MIN_POSTS`` posts.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property, lru_cache
from itertools import chain
from statistics import median
from typing import Protocol, TypeVar

from bot.detect.context import ChannelProfile, DetectContext, RecentPost
from bot.detect.lang import detect_lang
from bot.detect.place_data import place_data
from bot.detect.segment import clean, signature_key
from bot.detect.shouted import unshout
from bot.models import Detection, Post

T = TypeVar("T")

PROFILE_POSTS = 50
SIGNATURE_SHARE = 0.5
SIGNATURE_MIN_POSTS = 3
SIGNATURE_ALWAYS = 0.9
HOME_SHARE = 0.6
HOME_MIN_POSTS = 5
# Fewer will do when every post that names a place names this one region.
HOME_UNANIMOUS_POSTS = 3
# A home learned from the last posts must hold this share of all the channel's posts placed
# in one region that the memory has seen, once it has seen this many: a national channel
# whose last 50 posts dwell on one night's attacks on one region (Mash and Chechnya, 112 and
# Dagestan) is no channel of that region; a city's channel keeps its city and oblast.
HOME_HISTORY_SHARE = 0.3
HOME_HISTORY_POSTS = 20
ALERT_LINE_CHARS = 120
KIND_MIN_POSTS = 5
RECENT_WINDOW = timedelta(hours=6)  # what a follow-up or an all-clear may look back on
RECENT_POSTS = 20  # and at most this many of the channel's latest posts
RELEARN_EVERY = 20  # posts between two learnings of a channel's profile
# How far `read_ahead` reads a stream ahead of the post being detected, for a channel whose
# profile has room for more posts: at most this many posts, and this many characters.
LOOKAHEAD_POSTS = 2000
LOOKAHEAD_CHARS = 4_000_000
_NO_TIME = timedelta(0)


@dataclass(frozen=True)
class Seen:
    """One post of a channel as the memory keeps it. What contexts need of it is worked out
    when it is remembered; what learning needs, the first time a learning reads it."""

    post: Post
    detection: Detection | None
    recent: RecentPost | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        if self.detection is not None:
            object.__setattr__(self, "recent", recent_post(self.detection, self.post))

    @cached_property
    def _lines(self) -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]:
        tail, raw, block = _tail_lines(self.post.text)
        return tuple(tail), tuple(raw), frozenset(block)

    @property
    def tail(self) -> tuple[str, ...]:
        """Its lines after the first, as signatures are compared."""
        return self._lines[0]

    @cached_property
    def tail_keys(self) -> frozenset[str]:
        """Its distinct non-empty tail keys: what a learning counts, worked out once."""
        return frozenset(key for key in self.tail if key)

    @property
    def raw_tail(self) -> tuple[str, ...]:
        """The same lines as written."""
        return self._lines[1]

    @property
    def block(self) -> frozenset[str]:
        """The lines after its last blank line (its closing block), as keys."""
        return self._lines[2]


def _tail_lines(text: str) -> tuple[list[str], list[str], list[str]]:
    """Keys of the lines after the first, those lines as written, keys of the closing block."""
    if "\n" not in text and "/" not in text and "|" not in text:
        return [], [], []  # one line, and cleaning makes no line break of a separator
    paragraphs = [p for p in clean(text).split("\n\n") if p.strip()]
    lines = [line for p in paragraphs for line in p.split("\n") if line.strip()]
    block = paragraphs[-1].split("\n") if len(paragraphs) > 1 else []
    return (
        [signature_key(line) for line in lines[1:]],
        lines[1:],
        [signature_key(line) for line in block if line.strip()],
    )


def learn_profile(
    channel: str,
    seen: Iterable[Seen],
    reads_as_incident: Callable[[str], bool] | None = None,
    regions_of: Callable[[str], set[str]] | None = None,
    signatures: dict[tuple[str, ...], frozenset[str]] | None = None,
    own_regions: dict[tuple[str, frozenset[str]], frozenset[str]] | None = None,
    name_home: str | None = None,
    history: Mapping[str, int] | None = None,
) -> ChannelProfile:
    """The profile of ``channel`` from its posts (oldest first; the last PROFILE_POSTS count).

    ``regions_of`` names the regions a line mentions: a signature that names one region
    («Харківська ОВА», «Небо Брянска») makes it the channel's first home region.
    ``signatures``: signatures already learned, by the texts they were learned from (the
    signature depends on nothing else), read and filled; ``own_regions`` likewise, the
    regions a post at hand names outside the signature, by its text and the signature.
    ``history``: how many of all the channel's posts the memory has seen were placed in each
    region (as a post counts for the home); a learned home must hold HOME_HISTORY_SHARE of
    them, once there are HOME_HISTORY_POSTS.
    """
    items = list(seen)[-PROFILE_POSTS:]
    if not items:
        return ChannelProfile(channel)
    if signatures is None:
        signature = _learn_signature(items, reads_as_incident)
    else:
        # A new channel is learned again after each post from the same posts at hand (the
        # one detected moves from those read ahead to those seen): its signature is known.
        texts = tuple(item.post.text for item in items)
        signature = signatures.get(texts)
        if signature is None:
            signatures.clear()  # the last one is all that is asked for again
            signature = signatures[texts] = _learn_signature(items, reads_as_incident)

    placed: Counter[str] = Counter()
    for item in items:
        region = _placed_in(item, signature, regions_of, own_regions)
        if region is not None:
            placed[region] += 1
    total = sum(placed.values())
    home = tuple(
        code
        for code, count in placed.most_common()
        if count >= HOME_MIN_POSTS and count >= HOME_SHARE * total
    )
    if not home and len(placed) == 1 and total >= HOME_UNANIMOUS_POSTS:
        # A town head's or a small town's channel: few of its posts name a place, but all of
        # those name the same region («В Миллерово объявлена угроза», «Над Миллерово работает
        # ПВО», «Отбой угрозы в Миллерово»).
        home = tuple(placed)
    seen_placed = sum(history.values()) if history else 0
    if home and history and seen_placed >= HOME_HISTORY_POSTS:
        home = tuple(
            code for code in home if history.get(code, 0) >= HOME_HISTORY_SHARE * seen_placed
        )
    if signature and regions_of is not None:
        named = set().union(*(regions_of(line) for line in _last_written(items, signature)))
        if len(named) == 1:
            home = tuple(dict.fromkeys((*named, *home)))
    if len(items) < KIND_MIN_POSTS:
        kind = "unknown"
    else:
        kind = (
            "alerts"
            if median([len(item.post.text) for item in items]) <= ALERT_LINE_CHARS
            else "news"
        )
    if not home and name_home and kind == "alerts":
        # Only a channel that writes alert lines is surely local: a news channel named after
        # its city reports its country too («moscow_live»), and a new one may be either.
        home = (name_home,)
    return ChannelProfile(channel, signature, home, kind)


def _placed_in(
    item: Seen,
    signature: frozenset[str],
    regions_of: Callable[[str], set[str]] | None,
    own_regions: dict[tuple[str, frozenset[str]], frozenset[str]] | None,
) -> str | None:
    """The region a post counts for its channel's home: an incident or an all-clear placed by
    its own text in one region, or a post at hand (not detected yet) whose own lines name one
    region."""
    d = item.detection
    if d is not None:
        if (d.incident or d.all_clear) and d.region_from == "text" and len(d.regions) == 1:
            return d.regions[0]
        return None
    if regions_of is None:
        return None
    # A post at hand: the one region its own lines name (not its signature) counts too, so a
    # new channel's first place-less posts («Отбой воздушной тревоги») have the home its
    # next posts show.
    named = _own_regions(item, signature, regions_of, own_regions)
    return next(iter(named)) if len(named) == 1 else None


def _own_regions(
    item: Seen,
    signature: frozenset[str],
    regions_of: Callable[[str], set[str]],
    known: dict[tuple[str, frozenset[str]], frozenset[str]] | None,
) -> frozenset[str]:
    """The regions a post's first line and its lines outside the signature name."""
    asked = (item.post.text, signature)
    if known is not None and asked in known:
        return known[asked]
    own = [line for key, line in zip(item.tail, item.raw_tail, strict=True)
           if key not in signature]
    named = frozenset(regions_of("\n".join((item.post.text.split("\n", 1)[0], *own))))
    if known is not None:
        if len(known) >= 2 * PROFILE_POSTS:
            known.clear()  # a channel's posts at hand are at most PROFILE_POSTS
        known[asked] = named
    return named


def _last_written(items: list[Seen], keys: frozenset[str]) -> list[str]:
    """Each key as its last line of that key was written (newest post first, newest line)."""
    wanted = set(keys)
    found = []
    for item in reversed(items):
        for key, line in zip(reversed(item.tail), reversed(item.raw_tail), strict=True):
            if key in wanted:
                wanted.discard(key)
                found.append(line)
        if not wanted:
            break
    return [*found, *wanted]


def _learn_signature(
    items: list[Seen], reads_as_incident: Callable[[str], bool] | None
) -> frozenset[str]:
    """The lines of a channel's posts that are its signature (see the module's doc)."""
    # One count over all the posts' lines (a Counter.update per post costs more than its lines).
    lines = Counter(chain.from_iterable(item.tail_keys for item in items))
    closing = Counter(chain.from_iterable(item.block for item in items))
    needed = max(SIGNATURE_MIN_POSTS, SIGNATURE_SHARE * len(items))
    signature = set()
    eventful = []
    for key, count in lines.items():
        if count < needed:
            continue
        # An alert channel repeats its alert lines ("Опасность по БПЛА") too: such a line is
        # a signature only in the posts' closing block, after a blank line, in nearly all.
        if (
            reads_as_incident is not None
            and closing[key] < SIGNATURE_ALWAYS * len(items)
            and reads_as_incident(key)
        ):
            eventful.append(key)
            continue
        signature.add(key)
    # ... or when it stands in the closing block beside the channel's other signature lines
    # ("🛵 Шахед-монітор" above "Підписатися"): the block is the signature, even where a short
    # post goes without it.
    for key in eventful:
        beside = sum(1 for item in items if key in item.block and item.block & signature)
        if beside >= needed:
            signature.add(key)
    return frozenset(signature)


def recent_post(detection: Detection, post: Post) -> RecentPost:
    return RecentPost(
        id=post.id,
        date=post.date,
        incident=detection.incident,
        types=detection.types,
        regions=detection.regions,
        places=detection.places,
    )


class ChannelMemory:
    """The last posts of every channel, their detections and the profiles learned from them.

    ``context(post)`` is what detection is told about a post; ``remember(post, detection)``
    records the outcome. Posts are expected roughly in date order per channel.
    """

    def __init__(
        self,
        configured_kinds: Mapping[str, str] | None = None,
        reads_as_incident: Callable[[str], bool] | None = None,
        regions_of: Callable[[str], set[str]] | None = None,
        name_region: Callable[[str], str | None] | None = None,
    ) -> None:
        self._seen: dict[str, deque[Seen]] = {}
        # Each channel's posts at hand that are not detected yet (oldest first), while the
        # profile has room for them: what `foresee` was told.
        self._ahead: dict[str, deque[Seen]] = {}
        self._stale: set[str] = set()  # channels to learn again before the next context
        self._profiles: dict[str, ChannelProfile] = {}
        # Each channel's last learned signature, by the texts it was learned from.
        self._signatures: dict[str, dict[tuple[str, ...], frozenset[str]]] = {}
        self._own_regions: dict[str, dict[tuple[str, frozenset[str]], frozenset[str]]] = {}
        # The signature each channel's profile was last learned with, while what it was
        # learned from is all the memory holds of the channel (see `_learned_alike`).
        self._learned: dict[str, frozenset[str]] = {}
        self._since_learned: Counter[str] = Counter()
        # Each channel's posts placed in one region, over all the memory has seen of it.
        self._history: dict[str, Counter[str]] = {}
        self._configured_kinds = dict(configured_kinds or {})
        # What keeps an alert line from being learned as a signature.
        self._reads_as_incident = reads_as_incident or _reads_as_incident
        self._regions_of = regions_of
        self._name_region = name_region
        # Channels whose profile changed since last asked (after `settle`).
        self.changed: set[str] = set()

    def knows(self, channel: str) -> bool:
        return channel in self._seen

    def seed(self, channel: str, seen: Iterable[Seen], profile: ChannelProfile | None) -> None:
        """Load a channel's stored past (oldest first) and its stored profile."""
        self._seen[channel] = deque(seen, maxlen=PROFILE_POSTS)
        self._history[channel] = Counter(
            region for item in self._seen[channel]
            if (region := _placed_in(item, frozenset(), None, None)) is not None
        )
        self._learned.pop(channel, None)
        if profile is not None:
            self._profiles[channel] = profile
        else:
            self._learn(channel)

    def wants_ahead(self, channel: str) -> bool:
        """Whether the channel's profile has room for more posts than the memory holds and
        was told of: what reading ahead is for."""
        held = len(self._seen.get(channel, ())) + len(self._ahead.get(channel, ()))
        return held < PROFILE_POSTS

    def foresee(self, post: Post) -> None:
        """Tell the memory of a post at hand that will be detected later (in date order
        after those it was told of before): while the channel's profile has room, the post
        feeds it from the next context on (its signature lines, its length)."""
        if not self.wants_ahead(post.channel):
            return
        seen = self._seen.get(post.channel, ())
        if any(item.post.id == post.id for item in seen):
            return  # an edit of a post the memory holds: already learned from
        self._ahead.setdefault(post.channel, deque()).append(Seen(post, None))
        self._stale.add(post.channel)

    def forget_ahead(self) -> None:
        """Drop what `foresee` was told and was not remembered (a batch given up)."""
        for channel in self._ahead:
            self._stale.add(channel)
        self._ahead.clear()

    def count(self, channel: str) -> int:
        """How many posts of the channel the memory holds (what its profile is learned from)."""
        return len(self._seen.get(channel, ()))

    def profile(self, channel: str) -> ChannelProfile | None:
        if channel in self._stale:
            self._learn(channel)
        return self._profiles.get(channel)

    def profiles(self) -> list[ChannelProfile]:
        self.settle()
        return [self._profiles[c] for c in sorted(self._profiles)]

    def settle(self) -> None:
        """Learn every profile that is due (learning waits for the channel's next context):
        before ``changed`` is read."""
        for channel in sorted(self._stale):
            self._learn(channel)

    def context(self, post: Post) -> DetectContext:
        if post.channel in self._stale:
            self._learn(post.channel)
        seen = self._seen.get(post.channel, ())
        recent: list[RecentPost] = []
        reply: RecentPost | None = None
        if post.reply_to is not None:
            for item in seen:
                if item.post.id == post.reply_to:
                    reply = item.recent
                    break
        # Newest first, up to RECENT_WINDOW back and RECENT_POSTS many: posts come (roughly)
        # in date order. (Dates are compared, not ages: no timedelta per post.)
        date, ident = post.date, post.id
        earliest = date - RECENT_WINDOW
        for item in reversed(seen):
            if item.recent is None or item.post.id == ident:
                continue
            then = item.post.date
            if then < earliest:
                break
            if then <= date:
                recent.append(item.recent)
                if len(recent) == RECENT_POSTS:
                    break
        recent.reverse()
        return DetectContext(self._profiles.get(post.channel), tuple(recent), reply)

    def remember(self, post: Post, detection: Detection | None) -> None:
        seen = self._seen.setdefault(post.channel, deque(maxlen=PROFILE_POSTS))
        item = Seen(post, detection)
        ahead = self._ahead.get(post.channel)
        # The first post at hand, as it was foreseen: the profile was learned from it.
        first_at_hand: Seen | None = None
        if ahead:
            for index, foreseen in enumerate(ahead):
                if foreseen.post.id == post.id:
                    if foreseen.post.text == post.text:
                        # What learning worked out of its lines is kept.
                        item.__dict__.update(
                            (k, v) for k, v in foreseen.__dict__.items() if k in _LEARNED
                        )
                        first_at_hand = foreseen if index == 0 else None
                    del ahead[index]
                    break
            if not ahead:
                del self._ahead[post.channel]
        placed = _placed_in(item, frozenset(), None, None) if detection is not None else None
        if seen and seen[-1].post.id >= post.id:
            first_at_hand = None
            for index, old in enumerate(seen):
                if old.post.id == post.id:  # an edit replaces the post
                    seen[index] = item
                    placed = None  # counted once
                    break
            else:
                seen.append(item)
        else:
            if len(seen) == PROFILE_POSTS:
                first_at_hand = None  # the oldest post drops out of the profile
            seen.append(item)
        if placed is not None:
            self._history.setdefault(post.channel, Counter())[placed] += 1
        self._since_learned[post.channel] += 1
        # Learned as soon as there is something to learn (a signature needs 3 posts, a kind
        # and a home region 5), after every post while the channel is new (a signature that
        # a few short posts go without shows a little later), then every RELEARN_EVERY posts;
        # by the channel's next context (or `settle`), so that what is foreseen in between
        # is learned with it.
        if (
            post.channel not in self._profiles
            or len(seen) <= RELEARN_EVERY
            or self._since_learned[post.channel] >= RELEARN_EVERY
        ):
            if first_at_hand is not None and self._learned_alike(first_at_hand, item):
                self._since_learned[post.channel] = 0  # learned: it would give the same
            else:
                self._stale.add(post.channel)

    def _learned_alike(self, foreseen: Seen, detected: Seen) -> bool:
        """Whether learning the channel again would give the profile it has, now that its
        first post at hand (``foreseen`` when the profile was learned) is ``detected``: the
        posts it is learned from are the same, in the same order (the post moved from those
        at hand to those seen), so only that post's count for the home can differ. A new
        channel is learned again after every post; most of those learnings change nothing."""
        channel = foreseen.post.channel
        signature = self._learned.get(channel)
        if signature is None or channel in self._stale:
            return False  # not learned from what the memory holds now
        own = self._own_regions.get(channel)
        return _placed_in(detected, signature, self._regions_of, own) == _placed_in(
            foreseen, signature, self._regions_of, own
        )

    def _learn(self, channel: str) -> None:
        self._since_learned[channel] = 0
        self._stale.discard(channel)
        items: Iterable[Seen] = self._seen.get(channel, ())
        ahead = self._ahead.get(channel)
        if ahead:
            room = PROFILE_POSTS - len(items)  # type: ignore[arg-type]
            items = [*items, *list(ahead)[:room]]
        profile = learn_profile(
            channel,
            items,
            self._reads_as_incident,
            self._regions_of,
            self._signatures.setdefault(channel, {}),
            self._own_regions.setdefault(channel, {}),
            self._name_region(channel) if self._name_region else None,
            self._history.get(channel),
        )
        self._learned[channel] = profile.signature
        configured = self._configured_kinds.get(channel)
        if configured:
            profile = ChannelProfile(
                profile.channel, profile.signature, profile.home_regions, configured
            )
        if self._profiles.get(channel) != profile:
            self._profiles[channel] = profile
            self.changed.add(channel)


class _Detects(Protocol):
    def detect(self, post: Post, context: DetectContext | None = None) -> Detection: ...


def regions_named_by(detector: object) -> Callable[[str], set[str]] | None:
    """The regions a line names, read by the detector's gazetteer (None without one)."""
    gazetteer = getattr(detector, "gazetteer", None)
    if gazetteer is None:
        return None

    @lru_cache(maxsize=1024)
    def regions_of(line: str) -> frozenset[str]:
        # A post at hand is detected later: its scan is kept for that (when the line is the
        # text detection reads, a one-line post's). Lines in capitals are read as detection
        # reads them («‼️МАЙСКИЙ Р-Н‼️» names no town of Rostov oblast: «Майский» is a word
        # until the channel's home says which village).
        text = unshout(line, detect_lang(line), gazetteer)
        return frozenset(
            m.place.region for m in gazetteer.find(text, explain=False, keep_scan=True)
        )

    return lambda line: set(regions_of(line))


_SHORTHAND_PARTS = re.compile(r"[a-z]+")


def region_named_by_username(detector: object) -> Callable[[str], str | None] | None:
    """The one region a channel's username names by a city or a region written in Latin
    letters as a part of it (``kursk_radar_ru``, ``belgorod01``, ``tverskaya_oblast``), read by
    the detector's gazetteer; None where it names none or several (None without a gazetteer)."""
    gazetteer = getattr(detector, "gazetteer", None)
    if gazetteer is None:
        return None

    shorthand = place_data().usernames

    @lru_cache(maxsize=4096)
    def region_of(username: str) -> str | None:
        # the channels' own shorthand first («yar_opasnost», «nn_radar», «lenobl_nebo»: not
        # the Udmurt village «Яр»), then the names the gazetteer reads in the other parts
        parts = _SHORTHAND_PARTS.findall(username.lower())
        regions = {shorthand[part] for part in parts if part in shorthand}
        words = " ".join(
            part.capitalize() for part in parts if len(part) >= 3 and part not in shorthand
        )
        regions |= {
            m.place.region
            for m in gazetteer.find(words, explain=False)
            if m.place.kind in ("region", "settlement")
        }
        return regions.pop() if len(regions) == 1 else None

    return region_of


def memory_for(detector: object) -> ChannelMemory:
    """The channel memory `classify`, `eval` and the daemon read posts with: profiles whose
    home the detector's gazetteer reads from the posts and the username."""
    return ChannelMemory(
        regions_of=regions_named_by(detector), name_region=region_named_by_username(detector)
    )


def read_ahead(
    posts: Iterable[Post],
    memory: ChannelMemory,
    max_posts: int = LOOKAHEAD_POSTS,
    max_chars: int = LOOKAHEAD_CHARS,
) -> Iterator[tuple[Post, DetectContext]]:
    """Each post in the order given, with its context; the caller detects it and hands the
    detection to ``memory.remember`` before taking the next.

    Before a post is given out, the stream is read ahead while the post's channel has room
    in its profile (``ChannelMemory.wants_ahead``), at most ``max_posts`` posts and
    ``max_chars`` characters ahead of it, and every post read is foreseen: a channel's
    first posts are read with the profile its next ones show. Memory stays bounded by the
    window; a channel that has filled its profile is not waited for (its posts come out as
    soon as they are read).
    """
    source = iter(posts)
    window: deque[Post] = deque()
    chars = 0
    ended = False
    while True:
        if not window:
            if ended:
                return
            first = next(source, None)
            if first is None:
                return
            window.append(first)
            chars += len(first.text)
            memory.foresee(first)
        head = window[0]
        while (
            not ended
            and memory.wants_ahead(head.channel)
            and len(window) < max_posts
            and chars < max_chars
        ):
            following = next(source, None)
            if following is None:
                ended = True
                break
            window.append(following)
            chars += len(following.text)
            memory.foresee(following)
        window.popleft()
        chars -= len(head.text)
        yield head, memory.context(head)


def in_date_order(
    posts: Iterable[Post],
    max_posts: int = LOOKAHEAD_POSTS,
    max_chars: int = LOOKAHEAD_CHARS,
) -> Iterator[tuple[int, Post]]:
    """The posts, each with its place in the input, in date order (then by id) within
    consecutive windows of at most ``max_posts`` posts and ``max_chars`` characters.

    A file written newest first (as a dump of the API's history is) is read in the order the
    channel wrote it, so a follow-up comes after the report it follows; memory stays bounded
    by the window. Posts already in order come out in the same order."""
    window: list[tuple[int, Post]] = []
    chars = 0
    for index, post in enumerate(posts):
        window.append((index, post))
        chars += len(post.text)
        if len(window) >= max_posts or chars >= max_chars:
            window.sort(key=_date_and_id)
            yield from window
            window, chars = [], 0
    window.sort(key=_date_and_id)
    yield from window


def _date_and_id(item: tuple[int, Post]) -> tuple:
    return item[1].date, item[1].id


def read_in_date_order(
    posts: Iterable[Post], memory: ChannelMemory
) -> Iterator[tuple[int, Post, DetectContext]]:
    """``read_ahead`` over the posts put in date order by ``in_date_order``: each post with
    its place in the input and its context."""
    places: deque[int] = deque()

    def ordered() -> Iterator[Post]:
        for index, post in in_date_order(posts):
            places.append(index)
            yield post

    # read_ahead gives the posts out in the order it takes them, so the places line up.
    for post, context in read_ahead(ordered(), memory):
        yield places.popleft(), post, context


def in_input_order(results: Iterable[tuple[int, T]]) -> Iterator[T]:
    """Results tagged with their post's place in the input, given out in that order: each is
    held until every earlier one is out (at most a window of ``in_date_order``)."""
    held: dict[int, T] = {}
    following = 0
    for index, value in results:
        held[index] = value
        while following in held:
            yield held.pop(following)
            following += 1


def detect_stream(
    detector: _Detects, posts: Iterable[Post], memory: ChannelMemory | None = None
) -> Iterator[Detection]:
    """Detect posts in the order given, each with the context of the channel's earlier ones
    and the profile its posts at hand show (see ``read_ahead``)."""
    if memory is None:
        memory = memory_for(detector)
    for post, context in read_ahead(posts, memory):
        detection = detector.detect(post, context)
        memory.remember(post, detection)
        yield detection


_LEARNED = frozenset({"_lines", "tail_keys"})  # what a Seen works out for learning


def _reads_as_incident(line: str) -> bool:
    return reads_as_incident(line)


@lru_cache(maxsize=4096)
def reads_as_incident(line: str) -> bool:
    """A line that, read alone, names an incident type ("опасность по бпла")."""
    from bot.detect.classify import analyse
    from bot.detect.lang import detect_lang

    return bool(analyse(line, detect_lang(line)).types)
