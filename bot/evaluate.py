"""Scoring detections against a labelled dev set.

Each labelled line is a Post JSON plus ``lang`` and ``label`` ({"incident", "types",
"regions", "all_clear", "kind"}). Scores: precision, recall and F1 for the incident decision
(binary), the regions (set per post, micro-averaged) and the types (micro-averaged), overall
and per language, plus every disagreement for inspection.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.models import Detection, Post, parse_iso

if TYPE_CHECKING:
    from bot.detect import Detector

LANGS = ("ru", "uk", "en")
MEASURES = ("incident", "region", "type")


class DevSetError(ValueError):
    """A labelled file that cannot be read; the message names the file and line."""


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: set[str], expected: set[str]) -> None:
        self.tp += len(predicted & expected)
        self.fp += len(predicted - expected)
        self.fn += len(expected - predicted)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class EvalError:
    channel: str
    id: int
    lang: str
    field: str  # "incident", "regions", "types" or "all_clear"
    expected: Any
    got: Any
    text: str = ""
    matched: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "channel": self.channel,
            "id": self.id,
            "lang": self.lang,
            "field": self.field,
            "expected": self.expected,
            "got": self.got,
            "text": self.text,
            "matched": list(self.matched),
        }


@dataclass
class EvalReport:
    examples: int = 0
    scores: dict[str, dict[str, Score]] = field(default_factory=dict)  # measure -> lang|all
    all_clear: Score = field(default_factory=Score)
    lang_correct: int = 0
    errors: list[EvalError] = field(default_factory=list)

    def score(self, measure: str, lang: str = "all") -> Score:
        return self.scores.setdefault(measure, {}).setdefault(lang, Score())

    def f1(self, measure: str, lang: str = "all") -> float:
        return self.score(measure, lang).f1

    def to_json(self) -> dict[str, Any]:
        return {
            "examples": self.examples,
            "scores": {
                measure: {lang: s.to_json() for lang, s in by_lang.items()}
                for measure, by_lang in self.scores.items()
            },
            "all_clear": self.all_clear.to_json(),
            "lang_accuracy": round(self.lang_correct / self.examples, 4) if self.examples else 1.0,
            "errors": [e.to_json() for e in self.errors],
        }

    def to_text(self, max_errors: int = 30) -> str:
        lines = [f"Examples: {self.examples}", ""]
        header = f"{'measure':<10}{'lang':<6}{'P':>8}{'R':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}"
        lines.append(header)
        for measure in MEASURES:
            for lang in ("all", *LANGS):
                s = self.scores.get(measure, {}).get(lang)
                if s is None:
                    continue
                lines.append(
                    f"{measure:<10}{lang:<6}{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}"
                    f"{s.tp:>6}{s.fp:>6}{s.fn:>6}"
                )
        ac = self.all_clear
        lines.append(
            f"{'all_clear':<10}{'all':<6}{ac.precision:>8.3f}{ac.recall:>8.3f}{ac.f1:>8.3f}"
        )
        if self.examples:
            lines.append(f"language accuracy: {self.lang_correct / self.examples:.3f}")
        if self.errors:
            lines += ["", f"Errors ({len(self.errors)}):"]
            for error in self.errors[:max_errors]:
                lines.append(
                    f"- {error.channel}/{error.id} [{error.lang}] {error.field}: "
                    f"expected {error.expected}, got {error.got} | {error.text[:140]!r}"
                )
            if len(self.errors) > max_errors:
                lines.append(f"... and {len(self.errors) - max_errors} more")
        return "\n".join(lines)


def compare_text(reports: list[tuple[str, EvalReport]]) -> str:
    """One row per labelled file: posts, incident P/R/F1, region F1, type F1 and incident F1
    per language; no error lists, so held-out files are scored without showing their lines."""
    present = {lang for _, report in reports for lang in report.scores.get("incident", {})}
    langs = [lang for lang in LANGS if lang in present]
    width = max([4, *(len(name) for name, _ in reports)])
    header = f"{'file':<{width}}{'posts':>7}{'P':>7}{'R':>7}{'F1':>7}{'region':>8}{'type':>7}"
    lines = [header + "".join(f"{lang + ' F1':>7}" for lang in langs)]
    for name, report in reports:
        incident = report.score("incident")
        row = (
            f"{name:<{width}}{report.examples:>7}{incident.precision:>7.3f}{incident.recall:>7.3f}"
            f"{incident.f1:>7.3f}{report.f1('region'):>8.3f}{report.f1('type'):>7.3f}"
        )
        for lang in langs:
            by_lang = report.scores.get("incident", {}).get(lang)
            row += f"{by_lang.f1:>7.3f}" if by_lang is not None else f"{'-':>7}"
        lines.append(row)
    lines.append("P, R, F1: the incident decision; region, type: micro-F1; <lang> F1: incident F1.")
    return "\n".join(lines)


def _as_set(value: Any) -> set[str]:
    if value is None:
        return set()
    if isinstance(value, str):
        return {value}
    return {str(v) for v in value}


def evaluate(examples: Iterable[tuple[dict, Detection]]) -> EvalReport:
    """Score detections against labels; each label dict may also carry "text" for the errors."""
    report = EvalReport()
    for label, detection in examples:
        report.examples += 1
        lang = label.get("lang") or detection.lang
        if detection.lang == lang:
            report.lang_correct += 1
        expected_incident = bool(label.get("incident", False))
        checks = (
            (
                "incident",
                {"yes"} if detection.incident else set(),
                {"yes"} if expected_incident else set(),
            ),
            ("region", set(detection.regions), _as_set(label.get("regions"))),
            ("type", set(detection.types), _as_set(label.get("types"))),
        )
        for measure, got, expected in checks:
            for key in ("all", lang):
                report.score(measure, key).add(got, expected)
            if got != expected:
                report.errors.append(
                    EvalError(
                        channel=detection.channel,
                        id=detection.id,
                        lang=lang,
                        field={"region": "regions", "type": "types"}.get(measure, measure),
                        expected=sorted(expected) if measure != "incident" else expected_incident,
                        got=sorted(got) if measure != "incident" else detection.incident,
                        text=str(label.get("text", "")),
                        matched=detection.matched,
                    )
                )
        expected_clear = bool(label.get("all_clear", False))
        report.all_clear.add(
            {"yes"} if detection.all_clear else set(), {"yes"} if expected_clear else set()
        )
        if expected_clear != detection.all_clear:
            report.errors.append(
                EvalError(
                    detection.channel,
                    detection.id,
                    lang,
                    "all_clear",
                    expected_clear,
                    detection.all_clear,
                    str(label.get("text", "")),
                    detection.matched,
                )
            )
    return report


def post_from_json(data: dict[str, Any]) -> Post:
    """A Post from its JSONL form; raises ValueError naming what is missing or wrong."""
    missing = [k for k in ("channel", "id", "date", "text") if k not in data]
    if missing:
        raise ValueError(f"missing field(s): {', '.join(missing)}")
    text, channel, post_id, date = data["text"], data["channel"], data["id"], data["date"]
    if not isinstance(text, str):
        raise ValueError("field 'text' must be a string")
    if not isinstance(channel, str) or not channel.strip():
        raise ValueError("field 'channel' must be a non-empty string")
    if isinstance(post_id, str) and post_id.isascii() and post_id.isdigit() and len(post_id) < 20:
        post_id = int(post_id)
    if isinstance(post_id, bool) or not isinstance(post_id, int) or not 0 < post_id < 2**63:
        raise ValueError("field 'id' must be a whole number from 1 to 2**63-1")
    if not isinstance(date, str):
        raise ValueError("field 'date' must be an ISO 8601 string")
    views = data.get("views")
    if views is not None and (isinstance(views, bool) or not isinstance(views, int)):
        raise ValueError("field 'views' must be a whole number")
    if views is not None and not 0 <= views < 2**63:
        raise ValueError("field 'views' is out of range")
    try:
        parsed = parse_iso(date)
    except (TypeError, ValueError, OverflowError) as exc:
        raise ValueError(f"bad id or date: {exc}") from None
    if not 1970 <= parsed.year <= 2106:
        raise ValueError("bad id or date: not a date Telegram can have (1970-2106)")
    url = data.get("url")
    forwarded = data.get("forwarded_from")
    # The post it replies to, as `classify` and the daemon read it: a follow-up's context.
    reply_to = data.get("reply_to")
    if isinstance(reply_to, bool) or not isinstance(reply_to, int) or not 0 < reply_to < 2**63:
        reply_to = None
    return Post(
        channel=channel.lstrip("@").lower(),
        id=post_id,
        date=parsed,
        text=_SURROGATE.sub("\ufffd", text),
        url=url if isinstance(url, str) else None,
        views=views,
        forwarded_from=forwarded if isinstance(forwarded, str) else None,
        reply_to=reply_to,
    )


_SURROGATE = re.compile("[\ud800-\udfff]")


def read_devset(
    path: Path, errors: list[str] | None = None
) -> list[tuple[Post, dict[str, Any]]]:
    """Posts with their label dicts ("lang" and "text" added).

    A bad line raises DevSetError, or, with an `errors` list, is added to it (file and line)
    and skipped, so the good lines are still scored. Lines end at "\n" only: a raw U+2028
    inside a post's text is text, not a line break.
    """
    out: list[tuple[Post, dict[str, Any]]] = []
    try:
        lines = Path(path).read_bytes().decode("utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise DevSetError(f"{path}: cannot read: {exc}") from None
    for number, line in enumerate(lines, start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            label = data.get("label")
            if not isinstance(label, dict):
                raise ValueError("missing 'label' object")
            post = post_from_json(data)
        except (ValueError, RecursionError) as exc:
            problem = f"{path}:{number}: {exc if str(exc) else type(exc).__name__}"
            if errors is None:
                raise DevSetError(problem) from None
            errors.append(problem[:300])
            continue
        lang = data.get("lang", label.get("lang"))
        label = {**label, "lang": lang if isinstance(lang, str) else None, "text": post.text}
        out.append((post, label))
    return out


def evaluate_file(
    path: Path, detector: Detector | None = None, errors: list[str] | None = None
) -> EvalReport:
    """Run a Detector (the default one when None) over a labelled JSONL file and score it;
    with an `errors` list, bad lines go there instead of stopping the run."""
    if detector is None:
        from bot.detect import Detector

        detector = Detector()
    from bot.detect.profiles import detect_stream

    rows = read_devset(Path(path), errors)
    # In date order, each post with the context of its channel's earlier posts (profiles,
    # follow-ups), as the daemon sees them.
    order = sorted(range(len(rows)), key=lambda i: (rows[i][0].date, rows[i][0].id))
    detections = dict(zip(order, detect_stream(detector, (rows[i][0] for i in order)), strict=True))
    return evaluate([(label, detections[i]) for i, (_, label) in enumerate(rows)])


def main(argv: list[str] | None = None) -> int:
    """``python -m bot.evaluate DEVSET [--json] [--errors N]``: score the default detector."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="python -m bot.evaluate", description=main.__doc__)
    parser.add_argument("devset", type=Path, help="labelled JSONL (Post + lang + label)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--errors", type=int, default=30, help="errors to list in the text")
    args = parser.parse_args(argv)
    try:
        report = evaluate_file(args.devset)
    except DevSetError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2
    if args.json:
        sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(report.to_text(max_errors=args.errors) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
