"""Which national person id each cluster of a linkage run carries (pure: no Django imports).

A national id names one person across the register. Reruns of the linkage regroup records, and
the id must stay with the person: a new cluster keeps an old id when **more than half** of the
records that held that id are in it. Two old clusters merged keep the id that brought more
records (the older id, the smaller number, on a tie); a cluster split keeps its id in the part
that holds most of it, and the other part gets a new id. An id that no cluster keeps is retired,
never given to anyone else.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping
from typing import TypeVar

C = TypeVar("C", bound=Hashable)


def members(clusters: Mapping[int, C]) -> dict[C, list[int]]:
    """Each cluster's records, sorted."""
    found: dict[C, list[int]] = defaultdict(list)
    for record, cluster in sorted(clusters.items()):
        found[cluster].append(record)
    return dict(found)


def carry_ids(old: Mapping[int, int], clusters: Mapping[int, C]) -> dict[C, int | None]:
    """For each new cluster, the old national id it keeps, or None when it needs a new one.

    ``old`` maps a record to the national id it held before (records new to the register are
    absent); ``clusters`` maps every record of this run to its new cluster.
    """
    held: Counter[int] = Counter(old.values())
    overlap: dict[C, Counter[int]] = defaultdict(Counter)
    for record, cluster in clusters.items():
        if record in old:
            overlap[cluster][old[record]] += 1
    kept: dict[C, int | None] = dict.fromkeys(clusters.values())
    for cluster, counts in overlap.items():
        # Only one cluster can hold more than half of an id's records, so no id is kept twice.
        candidates = [(n, national) for national, n in counts.items() if 2 * n > held[national]]
        if candidates:
            kept[cluster] = min(candidates, key=lambda c: (-c[0], c[1]))[1]
    return kept


def assign_new(
    old: Mapping[int, int], clusters: Mapping[int, C], new: set[int]
) -> dict[int, int | C]:
    """An incremental run: records already linked keep their id; each new record joins the id
    most of the linked records of its cluster hold (the smaller id on a tie), or, when its
    cluster holds none, shares a fresh one with the other new records of that cluster (returned
    as the cluster label, for the caller to number)."""
    votes: dict[C, Counter[int]] = defaultdict(Counter)
    for record, cluster in clusters.items():
        if record in old and record not in new:
            votes[cluster][old[record]] += 1
    assigned: dict[int, int | C] = {}
    for record in sorted(new):
        if record not in clusters:
            continue
        counts = votes.get(clusters[record])
        if counts:
            assigned[record] = min(counts.items(), key=lambda c: (-c[1], c[0]))[0]
        else:
            assigned[record] = clusters[record]
    return assigned
