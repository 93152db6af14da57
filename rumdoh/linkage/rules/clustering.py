"""Clusters from scored pairs, refusing joins that would chain namesakes (pure).

Connected components join two records whenever one pair between them scores above the match
threshold. In a large register that chains namesakes: a record without a birth year or a
province matches several women of the same common name at 0.6-0.9, and becomes the hub that
joins them all (at 1,000,000 synthetic records, clusters of 40-50 "Pich Long" of every age).

``cluster`` takes the pairs best first and joins their clusters unless the join would create a
**conflict** the pair itself did not weigh: birth years more than ``YEAR_SPAN`` apart, two
provinces, two home districts spelled more than ``PLACE_EDITS`` letters apart, two sexes, two
document numbers or two dates of birth more than one typing error apart, or (where agencies
search their own records before recording a person) two records of one agency. The model saw
both values when the two records of the pair themselves carry the conflict (it scored them
above the threshold knowing it), so such a join goes ahead; so does any join whose pair scores
at least ``strong``: a shared document or phone outweighs a typed-in year. A conflict a cluster
already holds is not new and does not block further joins. Refused pairs are returned: they
belong to the review queue.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "PLACE_EDITS",
    "YEAR_SPAN",
    "Clustering",
    "Facts",
    "cluster",
    "documents_near",
    "places_near",
]

#: Birth years of one person further apart than this conflict (two estimated ages, 3 years off
#: each way, stay within it).
YEAR_SPAN = 6

#: Two folded spellings of one district differ by at most this many letters (Kampong Trach,
#: Kompong Trach; Tuol Kouk, Toul Kok).
PLACE_EDITS = 2


@dataclass(frozen=True, slots=True)
class Facts:
    """What one record says of the person, each value ``None`` when unknown."""

    birth_year: int | None = None
    sex: str | None = None
    province: str | None = None
    document: str | None = None
    district: str | None = None  # home district, folded
    birth_date: str | None = None  # YYYY-MM-DD
    year_stated: bool | None = None  # the year from a date or a document, not an estimated age
    agency: str | None = None  # the agency that made the record


@dataclass
class Clustering:
    roots: list[int]  # for each record (by position), the position of its cluster's first record
    refused: list[tuple[int, int, float]]  # pairs above the threshold whose join was refused


@dataclass(slots=True)
class _Summary:
    low: int | None
    high: int | None
    sexes: frozenset[str]
    provinces: frozenset[str]
    documents: frozenset[str]
    districts: frozenset[str]
    dates: frozenset[str]
    stated: frozenset[int]  # the years given as known
    agencies: frozenset[str]
    agency_twice: bool  # two records of one agency


def places_near(left: str, right: str) -> bool:
    """At most ``PLACE_EDITS`` letters changed, added or dropped between the two spellings."""
    if abs(len(left) - len(right)) > PLACE_EDITS:
        return False
    previous = list(range(len(right) + 1))
    for i, a in enumerate(left, 1):
        current = [i]
        for j, b in enumerate(right, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        if min(current) > PLACE_EDITS:
            return False
        previous = current
    return previous[-1] <= PLACE_EDITS


def documents_near(left: str, right: str) -> bool:
    """Equal, or one typing error apart (one letter changed, added, dropped or two swapped)."""
    if left == right:
        return True
    if len(left) != len(right):
        short, long = sorted((left, right), key=len)
        if len(long) - len(short) != 1:
            return False
        return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))
    diff = [i for i, (a, b) in enumerate(zip(left, right, strict=True)) if a != b]
    if len(diff) == 1:
        return True
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and left[diff[0]] == right[diff[1]]
        and left[diff[1]] == right[diff[0]]
    )


def _summary(facts: Facts, by_agency: bool) -> _Summary:
    def one(value: str | None) -> frozenset[str]:
        return frozenset() if value is None else frozenset((value,))

    return _Summary(
        facts.birth_year,
        facts.birth_year,
        one(facts.sex),
        one(facts.province),
        one(facts.document),
        one(facts.district),
        one(facts.birth_date),
        frozenset((facts.birth_year,))
        if facts.year_stated and facts.birth_year is not None
        else frozenset(),
        one(facts.agency) if by_agency else frozenset(),
        False,
    )


def _union(a: _Summary, b: _Summary) -> _Summary:
    years = [y for y in (a.low, a.high, b.low, b.high) if y is not None]
    return _Summary(
        min(years) if years else None,
        max(years) if years else None,
        a.sexes | b.sexes,
        a.provinces | b.provinces,
        a.documents | b.documents,
        a.districts | b.districts,
        a.dates | b.dates,
        a.stated | b.stated,
        a.agencies | b.agencies,
        a.agency_twice or b.agency_twice or bool(a.agencies & b.agencies),
    )


def _conflicts(summary: _Summary) -> set[str]:
    found: set[str] = set()
    if (
        summary.low is not None
        and summary.high is not None
        and summary.high - summary.low > YEAR_SPAN
    ):
        found.add("year")
    if len(summary.stated) > 1:
        found.add("stated year")
    if summary.agency_twice:
        found.add("agency")
    if len(summary.sexes) > 1:
        found.add("sex")
    if len(summary.provinces) > 1:
        found.add("province")
    if len(summary.districts) > 1:
        places = sorted(summary.districts)
        if any(not places_near(x, y) for i, x in enumerate(places) for y in places[i + 1 :]):
            found.add("district")
    for kind, values in (("document", summary.documents), ("date", summary.dates)):
        if len(values) > 1:
            held = sorted(values)
            if any(not documents_near(x, y) for i, x in enumerate(held) for y in held[i + 1 :]):
                found.add(kind)
    return found


def cluster(
    facts: Sequence[Facts],
    pairs: Iterable[tuple[int, int, float]],
    *,
    strong: float,
    one_per_agency: bool = False,
) -> Clustering:
    """Cluster records (by position in ``facts``) from ``pairs`` (left, right, probability) at
    or above the match threshold, best first (they are sorted here). Two records of one agency
    are a conflict only with ``one_per_agency`` (where agencies search their own records before
    recording a person: the register, not every outside list)."""
    parent = list(range(len(facts)))
    summaries: dict[int, _Summary] = {}

    def find(node: int) -> int:
        root = node
        while parent[root] != root:
            root = parent[root]
        while parent[node] != root:
            parent[node], node = root, parent[node]
        return root

    def summary(root: int) -> _Summary:
        found = summaries.get(root)
        return found if found is not None else _summary(facts[root], one_per_agency)

    refused: list[tuple[int, int, float]] = []
    for left, right, probability in sorted(pairs, key=lambda pair: -pair[2]):
        a, b = find(left), find(right)
        if a == b:
            continue
        sa, sb = summary(a), summary(b)
        merged = _union(sa, sb)
        if probability < strong:
            new = _conflicts(merged) - _conflicts(sa) - _conflicts(sb)
            pair = _summary(facts[left], one_per_agency), _summary(facts[right], one_per_agency)
            seen = _conflicts(_union(*pair))
            if new - seen:
                refused.append((left, right, probability))
                continue
        root, child = min(a, b), max(a, b)
        parent[child] = root
        summaries[root] = merged
        summaries.pop(child, None)
    return Clustering(roots=[find(node) for node in range(len(facts))], refused=refused)
