"""Channel profiles, learned from a channel's own recent posts, and the memory that builds a
post's DetectContext. Pure: posts and detections are handed in (by the pipeline from the
store, by `classify` and `eval` from the file being read); nothing is looked up.

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
  place is not in doubt (one region, named in the text itself), with ``HOME_MIN_POSTS`` such
  incidents at least. Configured ``channels.home_regions`` win over learned ones (the
  Detector sees to that).
- **kind**: "alerts" when the median post is a line (at most ``ALERT_LINE_CHARS``
  characters), else "news"; "unknown" before ``KIND_MIN_POSTS`` posts.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property, lru_cache
from itertools import chain
from statistics import median
from typing import Protocol

from bot.detect.context import ChannelProfile, DetectContext, RecentPost
from bot.detect.segment import clean, signature_key
from bot.models import Detection, Post

PROFILE_POSTS = 50
SIGNATURE_SHARE = 0.5
SIGNATURE_MIN_POSTS = 3
SIGNATURE_ALWAYS = 0.9
HOME_SHARE = 0.6
HOME_MIN_POSTS = 5
ALERT_LINE_CHARS = 120
KIND_MIN_POSTS = 5
RECENT_WINDOW = timedelta(hours=6)  # what a follow-up or an all-clear may look back on
RECENT_POSTS = 20  # and at most this many of the channel's latest posts
RELEARN_EVERY = 20  # posts between two learnings of a channel's profile
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
) -> ChannelProfile:
    """The profile of ``channel`` from its posts (oldest first; the last PROFILE_POSTS count).

    ``regions_of`` names the regions a line mentions: a signature that names one region
    («Харківська ОВА», «Небо Брянска») makes it the channel's first home region.
    """
    items = list(seen)[-PROFILE_POSTS:]
    if not items:
        return ChannelProfile(channel)
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

    placed: Counter[str] = Counter()
    for item in items:
        d = item.detection
        if d is not None and d.incident and d.region_from == "text" and len(d.regions) == 1:
            placed[d.regions[0]] += 1
    total = sum(placed.values())
    home = tuple(
        code
        for code, count in placed.most_common()
        if count >= HOME_MIN_POSTS and count >= HOME_SHARE * total
    )
    if signature and regions_of is not None:
        originals = {
            k: line for item in items for k, line in zip(item.tail, item.raw_tail, strict=True)
        }
        named = set().union(*(regions_of(originals.get(key, key)) for key in signature))
        if len(named) == 1:
            home = tuple(dict.fromkeys((*named, *home)))
    if len(items) < KIND_MIN_POSTS:
        kind = "unknown"
    else:
        kind = (
            "alerts"
            if median(len(item.post.text) for item in items) <= ALERT_LINE_CHARS
            else "news"
        )
    return ChannelProfile(channel, frozenset(signature), home, kind)


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
    ) -> None:
        self._seen: dict[str, deque[Seen]] = {}
        self._profiles: dict[str, ChannelProfile] = {}
        self._since_learned: Counter[str] = Counter()
        self._configured_kinds = dict(configured_kinds or {})
        # What keeps an alert line from being learned as a signature.
        self._reads_as_incident = reads_as_incident or _reads_as_incident
        self._regions_of = regions_of
        self.changed: set[str] = set()  # channels whose profile changed since last asked

    def knows(self, channel: str) -> bool:
        return channel in self._seen

    def seed(self, channel: str, seen: Iterable[Seen], profile: ChannelProfile | None) -> None:
        """Load a channel's stored past (oldest first) and its stored profile."""
        self._seen[channel] = deque(seen, maxlen=PROFILE_POSTS)
        if profile is not None:
            self._profiles[channel] = profile
        else:
            self._learn(channel)

    def count(self, channel: str) -> int:
        """How many posts of the channel the memory holds (what its profile is learned from)."""
        return len(self._seen.get(channel, ()))

    def profile(self, channel: str) -> ChannelProfile | None:
        return self._profiles.get(channel)

    def profiles(self) -> list[ChannelProfile]:
        return [self._profiles[c] for c in sorted(self._profiles)]

    def context(self, post: Post) -> DetectContext:
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
        if seen and seen[-1].post.id >= post.id:
            for index, item in enumerate(seen):
                if item.post.id == post.id:  # an edit replaces the post
                    seen[index] = Seen(post, detection)
                    break
            else:
                seen.append(Seen(post, detection))
        else:
            seen.append(Seen(post, detection))
        self._since_learned[post.channel] += 1
        # Learned as soon as there is something to learn (a signature needs 3 posts, a kind
        # and a home region 5), after every post while the channel is new (a signature that
        # a few short posts go without shows a little later), then every RELEARN_EVERY posts.
        if (
            post.channel not in self._profiles
            or len(seen) <= RELEARN_EVERY
            or self._since_learned[post.channel] >= RELEARN_EVERY
        ):
            self._learn(post.channel)

    def _learn(self, channel: str) -> None:
        self._since_learned[channel] = 0
        profile = learn_profile(
            channel, self._seen.get(channel, ()), self._reads_as_incident, self._regions_of
        )
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
        return frozenset(m.place.region for m in gazetteer.find(line, explain=False))

    return lambda line: set(regions_of(line))


def detect_stream(
    detector: _Detects, posts: Iterable[Post], memory: ChannelMemory | None = None
) -> Iterator[Detection]:
    """Detect posts in the order given, each with the context of the channel's earlier ones."""
    if memory is None:
        memory = ChannelMemory(regions_of=regions_named_by(detector))
    for post in posts:
        detection = detector.detect(post, memory.context(post))
        memory.remember(post, detection)
        yield detection


def _reads_as_incident(line: str) -> bool:
    return reads_as_incident(line)


@lru_cache(maxsize=4096)
def reads_as_incident(line: str) -> bool:
    """A line that, read alone, names an incident type ("опасность по бпла")."""
    from bot.detect.classify import analyse
    from bot.detect.lang import detect_lang

    return bool(analyse(line, detect_lang(line)).types)
