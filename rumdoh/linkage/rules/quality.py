"""Pairwise precision, recall and F1 of a clustering against the truth (pure)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Quality:
    precision: float
    recall: float
    f1: float
    true_people: int
    found_people: int

    @property
    def count_error(self) -> float:
        """Relative error of the number of people counted."""
        return abs(self.found_people - self.true_people) / max(1, self.true_people)


def _pairs(sizes: Counter[Hashable]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes.values())


def quality(found: Mapping[str, Hashable], truth: Mapping[str, Hashable]) -> Quality:
    """Compare ``found`` (record → cluster) with ``truth`` (record → person), pair by pair."""
    ids = list(truth)
    found_pairs = _pairs(Counter(found[i] for i in ids))
    true_pairs = _pairs(Counter(truth[i] for i in ids))
    both = _pairs(Counter((found[i], truth[i]) for i in ids))
    precision = both / found_pairs if found_pairs else 1.0
    recall = both / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Quality(
        precision=precision,
        recall=recall,
        f1=f1,
        true_people=len({truth[i] for i in ids}),
        found_people=len({found[i] for i in ids}),
    )
