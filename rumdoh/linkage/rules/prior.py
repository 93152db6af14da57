"""The probability that two random records are the same person, from values people keep.

Splink's usual estimate counts the pairs that deterministic rules (same name and year, same
phone, same document) call matches and divides by a guessed recall. Pairs sharing a name and a
year grow as the square of the register while true pairs grow with it: at 1,000,000 synthetic
records that estimate was 3.3 times the truth (1.0 at 30,000), so the model's probabilities, and
the threshold that works, moved with the register's size.

A phone number or a document number is kept by one person. Among the ``both_known`` pairs of
records that both carry one, a share ``m`` of the matching pairs and ``u`` of the others agree;
``agreeing`` pairs agree in all. So the share of matches among them is
``(agreeing / both_known - u) / (m - u)``, with ``m`` as the model estimated it and ``u`` from
the pairs of a woman's and a man's record (almost never one person): Splink's u from random
pairs is no use here, as a value kept by one person agrees in random pairs mostly because they
are the same person. No guessed recall, and no term that grows with namesakes. Pooled over the
fields given.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["MIN_SHARED_PAIRS", "Shared", "prior_from_shared", "shared"]

#: Fewer agreeing pairs than this over all fields give no estimate (the rules' is kept).
MIN_SHARED_PAIRS = 30


@dataclass(frozen=True, slots=True)
class Shared:
    """Of one field: pairs of records that both carry a value, and of those the pairs with the
    same value; the same two counts over the pairs of a woman's and a man's record."""

    both_known: int
    agreeing: int
    across_sexes: int = 0
    agreeing_across_sexes: int = 0

    @property
    def u(self) -> float:
        """Share of non-matching pairs that agree, read off the pairs across sexes."""
        return self.agreeing_across_sexes / self.across_sexes if self.across_sexes else 0.0


def _pairs(count: int) -> int:
    return count * (count - 1) // 2


def shared(values: Iterable[str | None], sexes: Iterable[str | None]) -> Shared:
    by_value: Counter[str] = Counter()
    by_value_sex: Counter[tuple[str, str]] = Counter()
    by_sex: Counter[str] = Counter()
    for value, sex in zip(values, sexes, strict=True):
        if not value:
            continue
        by_value[value] += 1
        if sex in ("f", "m"):
            by_value_sex[(value, sex)] += 1
            by_sex[sex] += 1
    women_with_men = Counter[str]()
    for (value, sex), count in by_value_sex.items():
        if sex == "f":
            women_with_men[value] += count * by_value_sex.get((value, "m"), 0)
    return Shared(
        both_known=_pairs(sum(by_value.values())),
        agreeing=sum(_pairs(count) for count in by_value.values()),
        across_sexes=by_sex["f"] * by_sex["m"],
        agreeing_across_sexes=sum(women_with_men.values()),
    )


def prior_from_shared(fields: Sequence[tuple[Shared, float]]) -> float | None:
    """The pooled estimate from ``(shared, m)`` of each field, or None when the fields give too
    little to go on (or ``m`` does not tell matches apart)."""
    agreeing = sum(s.agreeing for s, _ in fields)
    if agreeing < MIN_SHARED_PAIRS:
        return None
    excess = sum(s.agreeing - s.u * s.both_known for s, _ in fields)
    weight = sum((m - s.u) * s.both_known for s, m in fields)
    if weight <= 0 or excess <= 0:
        return None
    return min(0.5, excess / weight)
