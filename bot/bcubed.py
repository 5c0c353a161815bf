"""B-cubed precision, recall and F1 of a grouping against a grouping made by hand (pure).

For every item: precision is the share of the items grouped with it that people grouped
with it too, recall the share of the items people grouped with it that were grouped with it;
both are averaged over the items. An item missing from one grouping is alone there.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class BCubed:
    precision: float
    recall: float
    items: int

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def bcubed(
    predicted: Mapping[Hashable, Hashable],
    gold: Mapping[Hashable, Hashable],
    items: set[Hashable] | None = None,
) -> BCubed:
    """Score `predicted` (item -> cluster) against `gold` over `items` (default: both's)."""
    chosen = set(items) if items is not None else set(predicted) | set(gold)
    if not chosen:
        return BCubed(1.0, 1.0, 0)

    def members(grouping: Mapping[Hashable, Hashable]) -> dict[Hashable, set[Hashable]]:
        clusters: dict[Hashable, set[Hashable]] = {}
        for item in chosen:
            key = grouping.get(item, ("alone", item))
            clusters.setdefault(key, set()).add(item)
        return {item: clusters[grouping.get(item, ("alone", item))] for item in chosen}

    ours, theirs = members(predicted), members(gold)
    precision = sum(len(ours[i] & theirs[i]) / len(ours[i]) for i in chosen) / len(chosen)
    recall = sum(len(ours[i] & theirs[i]) / len(theirs[i]) for i in chosen) / len(chosen)
    return BCubed(precision, recall, len(chosen))
