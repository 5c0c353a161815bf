"""How sure is an incident: a confidence from its independent sources (pure).

Each channel has a trust weight: the configured one (default 1), scaled by what reviewers
decided on its earlier incidents: confirmed raises it, a false alarm lowers it, by the factor
`(PRIOR + confirmed) / (PRIOR + false_alarms)` kept between MIN_LEARNED and MAX_LEARNED
(so however often it was right, one ordinary channel never counts as two witnesses).

An incident's confidence adds up, per channel, the best its reports give:

- an original report gives the channel's trust;
- an official report (a governor, a ministry, an air force) gives OFFICIAL_FACTOR times it;
- a forward or verbatim copy of another post gives COPY_FACTOR times it, and an echo (a
  report posted within ECHO_WINDOW after another channel's, saying nothing new) ECHO_FACTOR
  times it: the same news passed on is not a second witness.

So one ordinary trusted channel scores 1, two score 2, an official source 2 on its own.
`fast` subscribers get an alert once the confidence reaches their threshold (DEFAULT
_FAST_THRESHOLD unless they chose another with `/mode fast 2`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from bot.models import OFFICIAL, Incident, Report

PRIOR = 2.0  # decisions it takes to move a channel's trust by about half
MIN_LEARNED = 0.05
MAX_LEARNED = 1.5
OFFICIAL_FACTOR = 2.0
COPY_FACTOR = 0.25
ECHO_FACTOR = 0.5
ECHO_WINDOW = timedelta(seconds=30)
DEFAULT_FAST_THRESHOLD = 1.0
MAX_FAST_THRESHOLD = 10.0


@dataclass(frozen=True)
class Record:
    """Reviewers' decisions on a channel's earlier incidents."""

    confirmed: int = 0
    false_alarms: int = 0


@dataclass(frozen=True)
class Trust:
    """Channel trust weights: configured, and learned from reviewers' decisions."""

    configured: Mapping[str, float] = field(default_factory=dict)
    records: Mapping[str, Record] = field(default_factory=dict)
    default: float = 1.0

    def weight(self, channel: str) -> float:
        base = self.configured.get(channel, self.default)
        record = self.records.get(channel, Record())
        learned = (PRIOR + record.confirmed) / (PRIOR + record.false_alarms)
        return base * min(MAX_LEARNED, max(MIN_LEARNED, learned))


@dataclass(frozen=True)
class Confidence:
    score: float
    independent: int  # channels with an original report
    official: int  # channels with an official report
    passed_on: int  # channels that only forwarded, copied or echoed another

    def reaches(self, threshold: float) -> bool:
        return self.score + 1e-9 >= threshold

    def label(self, language: str = "en") -> str:
        """'3 independent sources, 1 official' in the card's language."""
        words = LABELS.get(language, LABELS["en"])
        parts = [_plural(self.independent, words["independent"], language)]
        if self.official:
            parts.append(words["official"].format(n=self.official))
        if self.passed_on:
            parts.append(_plural(self.passed_on, words["passed_on"], language))
        return ", ".join(parts) + words["score"].format(score=f"{self.score:.1f}")


def _is_echo(report: Report, earlier: list[Report], window: timedelta) -> bool:
    return any(
        other.channel != report.channel
        and report.date - window <= other.date <= report.date
        and set(report.types) <= set(other.types)
        for other in earlier
    )


def confidence(
    incident: Incident, trust: Trust, echo_window: timedelta = ECHO_WINDOW
) -> Confidence:
    """The incident's confidence from its independent sources and their trust."""
    best: dict[str, tuple[float, bool, bool]] = {}  # channel -> (score, original, official)
    originals: list[Report] = []
    for report in sorted(incident.reports, key=lambda r: (r.date, r.key)):
        if report.all_clear and not report.types:
            continue  # an all-clear witnesses the end, not the event
        official = report.status == OFFICIAL
        if report.copy_of is not None:
            factor, original = COPY_FACTOR, False
        elif _is_echo(report, originals, echo_window):
            factor, original = ECHO_FACTOR, False
        else:
            factor, original = 1.0, True
            originals.append(report)
        if official:
            factor *= OFFICIAL_FACTOR
        score = trust.weight(report.channel) * factor
        was = best.get(report.channel)
        if was is None:
            best[report.channel] = (score, original, official)
        else:
            best[report.channel] = (max(was[0], score), was[1] or original, was[2] or official)
    independent = sum(1 for _, original, _ in best.values() if original)
    return Confidence(
        score=round(sum(score for score, _, _ in best.values()), 3),
        independent=independent,
        official=sum(1 for _, _, official in best.values() if official),
        passed_on=len(best) - independent,
    )


def parse_threshold(text: str) -> float:
    """A `/mode fast N` threshold: a number of sources from 0 to MAX_FAST_THRESHOLD."""
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise ValueError(f"not a number: {text[:20]!r}") from None
    if not 0 <= value <= MAX_FAST_THRESHOLD:
        raise ValueError(f"expected 0 to {MAX_FAST_THRESHOLD:g}, got {value:g}")
    return value


# -- card words -------------------------------------------------------------------------------

LABELS: dict[str, dict[str, object]] = {
    "ru": {
        "independent": (
            "независимый источник",
            "независимых источника",
            "независимых источников",
        ),
        "official": "официальных: {n}",
        "passed_on": ("пересказ", "пересказа", "пересказов"),
        "score": " (уверенность {score})",
        "confidence": "Надёжность",
        "merge": "Сгруппировано",
        "wave": "волна",
        "open": "открыта",
        "by_all_clear": "закрыта отбоем",
        "by_quiet": "закрыта: тишина {gap}",
        "by_max_duration": "закрыта: дольше {max}",
    },
    "uk": {
        "independent": ("незалежне джерело", "незалежні джерела", "незалежних джерел"),
        "official": "офіційних: {n}",
        "passed_on": ("переказ", "перекази", "переказів"),
        "score": " (впевненість {score})",
        "confidence": "Надійність",
        "merge": "Згруповано",
        "wave": "хвиля",
        "open": "відкрита",
        "by_all_clear": "закрита відбоєм",
        "by_quiet": "закрита: тиша {gap}",
        "by_max_duration": "закрита: довше {max}",
    },
    "en": {
        "independent": ("independent source", "independent sources", "independent sources"),
        "official": "{n} official",
        "passed_on": ("copy or echo", "copies or echoes", "copies or echoes"),
        "score": " (confidence {score})",
        "confidence": "Confidence",
        "merge": "Grouped by",
        "wave": "wave",
        "open": "open",
        "by_all_clear": "closed by the all-clear",
        "by_quiet": "closed: quiet for {gap}",
        "by_max_duration": "closed: longer than {max}",
    },
}


def _plural(n: int, forms: object, language: str) -> str:
    one, few, many = forms  # type: ignore[misc]
    if language in ("ru", "uk"):
        if n % 10 == 1 and n % 100 != 11:
            word = one
        elif 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            word = few
        else:
            word = many
    else:
        word = one if n == 1 else many
    return f"{n} {word}"
