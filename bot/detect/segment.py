"""What of a post detection reads: capped, cleaned, split where copy-paste glued it, and
without the channel's signature.

- At most ``MAX_CHARS`` characters are read (Telegram's own limit is 4,096 for a message): a
  1 MB paste costs no more than a long post.
- Invisible characters (zero-width spaces and joiners, bidi marks, soft hyphens) are dropped,
  so "Бел\u200bгород" is "Белгород".
- A lower-case Cyrillic letter followed by a capital starts a new word: copy-paste drops
  spaces ("КурчатовОпасность по БПЛА", "ВасильевкаБПЛА"). Mixed-case abbreviations stay
  whole ("БпЛА", "КАБів"): the split needs two lower-case letters before the capital.
- " / " separates a place from its event ("Курск / Опасность по БПЛА"): it becomes a line
  break, as does " | ". A dash between two words without blanks ("Суми—БР", "Смоленск–опасность
  БПЛА") is one with blanks: a hyphenated name takes the hyphen, not the dash.
- Spaces of other widths (no-break, thin, narrow) are spaces; a Markdown link, as some
  exports write one («[Ще](https://t.me/...) 2»), is its text; a time written at the head of
  a line («[03:15] Измаил — работает ПВО», «23.11 04:20 — Харківщина: ...») is left out: it
  says when, and the line's place is what follows it (a mark before the time stays).
- Signature lines are left out: the lines the channel's profile learned its posts repeat, and
  any line after the first that carries a link or an @username ("📡 Локатор — @...",
  "Прислать новость: @..."), and with such a line the channel's name in the closing block it
  stands in (after the post's last blank line, a few words after or before an emoji: "🔔
  Белгород Тревога" above "Прислать новость — @..."): a name is no report, even before the channel's
  profile has learned it. A signature
  can neither make an incident nor kill one.
- A call to subscribe pasted onto the end of a line after an emoji or a dash (the lexicon's
  ``signature_tails``: "Опасность по БПЛА❤️ Подписаться") is cut off the line as signature.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.detect import lexicon as lx
from bot.detect.normalize import normalize

__all__ = ["MAX_CHARS", "Segmented", "segment", "signature_key"]

MAX_CHARS = 8_000

_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_GLUED = re.compile(r"(?<=[а-яёіїєґ]{2})(?=[А-ЯЁІЇЄҐ][А-ЯЁІЇЄҐа-яёіїєґ])")
# The cheap test for _GLUED: a lower-case letter right before a capital.
_GLUED_HINT = re.compile(r"[а-яёіїєґ][А-ЯЁІЇЄҐ]")
_SEPARATOR = re.compile(r"[ \t]+[/|][ \t]+")
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_MARKDOWN_LINK = re.compile(r"\[([^\[\]\n]+)\]\((?:https?|tg)://[^()\s]*\)")
_TIME_HEAD = re.compile(
    r"^([ \t]*(?:[^\w\s\[(]{1,4}[ \t]*)?)"  # a mark before it stays («⚡️ 03:15 ...»)
    r"(?:[\[(][ \t]*)?(?:\d{1,2}\.\d{1,2}(?:\.\d{2,4})?[ \t,]+)?\d{1,2}:\d{2}(?::\d{2})?"
    r"(?:[ \t]*[\])])?[ \t]*(?:[—–|:-]+[ \t]*)?(?=\S)",
    re.MULTILINE,
)
_BARE_DASH = re.compile(r"(?<=[^\W\d_])[—–](?=[^\W\d_])")
_LINK = re.compile(r"@[A-Za-z][A-Za-z0-9_]{3,}|t\.me/|https?://|\bwww\.", re.IGNORECASE)
_KEY_JUNK = re.compile(r"[^\w@]+")
# A line of the closing block this short goes with the link line it stands beside.
_TITLE_WORDS = 4
_TITLE_BREAK = re.compile(r"[—–:]|\s-\s")
_TAIL = re.compile("|".join(lx.data().patterns["signature_tails"]), re.IGNORECASE | re.MULTILINE)
# The cheap test for _TAIL: every call to subscribe it knows has one of these.
_TAIL_HINTS = ("подпис", "підпис")


@dataclass(frozen=True)
class Segmented:
    text: str  # what detection reads
    lines: tuple[str, ...]  # its non-empty lines
    signature_lines: tuple[str, ...]  # lines left out as the signature
    # The text with only the learned signature left out: sources ("Источник: @shot") are
    # read from here.
    with_links: str = ""


@lru_cache(maxsize=8192)
def signature_key(line: str) -> str:
    """A line as signatures are compared: folded, letters, digits and @ only."""
    return _KEY_JUNK.sub(" ", normalize(line)).strip()


def clean(text: str) -> str:
    """The text capped, without invisible characters, glued words split and separators made
    line breaks: what the lines of ``segment`` (and of a learned signature) are cut from."""
    text = text[:MAX_CHARS]
    if _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
    if _SPACES.search(text):
        text = _SPACES.sub(" ", text)
    if "](" in text:
        text = _MARKDOWN_LINK.sub(r"\1", text)
    if ":" in text:
        text = _TIME_HEAD.sub(r"\1", text)
    if _GLUED_HINT.search(text):
        text = _GLUED.sub(" ", text)
    if "/" in text or "|" in text:
        text = _SEPARATOR.sub("\n", text)
    if "—" in text or "–" in text:
        text = _BARE_DASH.sub(" — ", text)
    return text


def segment(text: str, signature: frozenset[str] = frozenset()) -> Segmented:
    text = clean(text)
    tails: list[str] = []
    low = text.lower()
    if any(hint in low for hint in _TAIL_HINTS):
        text = _cut_tails(text, tails)
    if "\n" not in text and not signature and not tails:
        return Segmented(text, (text,) if text.strip() else (), (), text)
    kept: list[str] = []
    dropped: list[str] = list(tails)
    linked: list[str] = []
    first = True
    for line in text.split("\n"):
        if not (signature and signature_key(line) in signature):
            linked.append(line)
        if not line.strip():
            if kept:
                kept.append("")
            continue
        if (signature and signature_key(line) in signature) or (not first and _LINK.search(line)):
            dropped.append(line)
            continue
        first = False
        kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    if dropped and "" in kept:
        _drop_title_lines(kept, dropped, text)
    if not dropped:
        # Nothing left out: keep the text as it is, blank lines and all.
        return Segmented(text.rstrip(), tuple(x for x in kept if x), (), text)
    return Segmented(
        "\n".join(kept), tuple(x for x in kept if x), tuple(dropped), "\n".join(linked)
    )


def _cut_tails(text: str, tails: list[str]) -> str:
    """The text without the calls to subscribe that close its lines; they go to ``tails``.
    A line that is then only the channel's name ("🔔 Тревога 31 | Подписаться", split at
    the bar by ``clean``) goes whole: a name is no report."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        match = _TAIL.search(line)
        if match is None or _LINK.search(line):
            continue  # a line with a link is left out whole below
        rest = line[: match.start()].rstrip()
        if not rest.strip() or (not rest.lstrip()[0].isalnum() and _is_title(rest)):
            tails.append(line.strip())
            lines[i] = ""
        else:
            tails.append(match.group().strip())
            lines[i] = rest
    return "\n".join(lines)


def _drop_title_lines(kept: list[str], dropped: list[str], text: str) -> None:
    """The closing block's short lines, where the block also held a link line that was left
    out: the channel's name above its "@..." line."""
    last_blank = len(kept) - 1 - kept[::-1].index("")
    block = kept[last_blank + 1 :]
    tail = text.rstrip().rsplit("\n\n", 1)[-1]
    if not any(_LINK.search(line) for line in tail.split("\n")) or not all(
        _is_title(line) for line in block
    ):
        return
    dropped[:0] = block
    del kept[last_blank:]


def _is_title(line: str) -> bool:
    """A channel's name as its signature writes it: a few words after or before an emoji, no
    dash or colon that would part a place from an event ("🔔 Белгород Тревога", "Небо
    Подмосковья 🛰", not "Курск — громко")."""
    stripped = line.strip()
    return (
        bool(stripped)
        and not (stripped[0].isalnum() and stripped[-1].isalnum())
        and len(stripped.split()) <= _TITLE_WORDS
        and not _TITLE_BREAK.search(stripped)
    )
