"""A strict check of Telegram's HTML subset (https://core.telegram.org/bots/api#html-style).

Telethon's own parser forgives what Telegram refuses or turns into live markup: a raw `<`,
an unknown tag, a tag left open. This one does not: it lists every problem of a text.
"""

from __future__ import annotations

from html.parser import HTMLParser

TAGS = {
    "b": set(),
    "strong": set(),
    "i": set(),
    "em": set(),
    "u": set(),
    "ins": set(),
    "s": set(),
    "strike": set(),
    "del": set(),
    "a": {"href"},
    "code": {"class"},
    "pre": set(),
    "tg-spoiler": set(),
    "span": {"class"},
    "blockquote": {"expandable"},
    "tg-emoji": {"emoji-id"},
}
ENTITIES = {"lt", "gt", "amp", "quot"}


class _Strict(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            self.problems.append(f"tag <{tag}> is not Telegram HTML")
            return
        for name, _ in attrs:
            if name not in TAGS[tag]:
                self.problems.append(f"attribute {name} not allowed on <{tag}>")
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.problems.append(f"self-closing <{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes nothing open")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        for char in "<>&":
            if char in data:
                self.problems.append(f"raw {char!r} in text {data[:40]!r}")

    def handle_entityref(self, name: str) -> None:
        if name not in ENTITIES:
            self.problems.append(f"entity &{name}; is not one Telegram knows")

    def handle_charref(self, name: str) -> None:
        return None

    def handle_comment(self, data: str) -> None:
        self.problems.append("an HTML comment")

    def handle_decl(self, decl: str) -> None:
        self.problems.append(f"a declaration <!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.problems.append(f"a processing instruction <?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.problems.append(f"an unknown declaration {data!r}")


def html_problems(text: str) -> list[str]:
    """Everything in `text` that Telegram's HTML parser would refuse or read as live markup."""
    parser = _Strict()
    parser.feed(text)
    parser.close()
    if parser.rawdata:
        parser.problems.append(f"unparsed rest {parser.rawdata[:40]!r}")
    problems = parser.problems
    if parser.stack:
        problems.append(f"left open: {', '.join(parser.stack)}")
    return problems
