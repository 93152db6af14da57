"""The data steward's decisions, applied after the engine (pure: no Django imports).

A decision "different" splits a cluster the engine made: the records of the cluster are taken
in order (lowest id first) and each joins the first part that holds no record decided different
from it, so the earliest record anchors the cluster and only what must leave, leaves. A decision
"same" then merges the two records' clusters, unless the merge would put together two records
decided different (the decisions contradict each other; "different" wins, and the merge is
counted as refused). Decisions on records not in the run are ignored.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

from rumdoh.linkage.rules.national_ids import members

Pair = tuple[int, int]


@dataclass
class Forced:
    groups: dict[int, int]  # record -> group number
    splits: int = 0  # clusters split by a decision "different"
    merges: int = 0  # clusters merged by a decision "same"
    refused: list[Pair] = field(default_factory=list)  # "same" decisions that contradict others


def _forbidden(different: Iterable[Pair]) -> dict[int, set[int]]:
    apart: dict[int, set[int]] = defaultdict(set)
    for a, b in different:
        apart[a].add(b)
        apart[b].add(a)
    return apart


def _split(records: list[int], apart: Mapping[int, set[int]]) -> list[list[int]]:
    parts: list[list[int]] = []
    for record in records:
        for part in parts:
            if not apart.get(record, set()) & set(part):
                part.append(record)
                break
        else:
            parts.append([record])
    return parts


def apply_decisions(
    clusters: Mapping[int, Hashable], same: Iterable[Pair], different: Iterable[Pair]
) -> Forced:
    """The engine's ``clusters`` (record -> label) with the steward's decisions applied."""
    apart = _forbidden((a, b) for a, b in different if a in clusters and b in clusters)
    result = Forced(groups={})
    parts: dict[int, list[int]] = {}
    for records in members(clusters).values():
        split = _split(records, apart)
        result.splits += len(split) > 1
        for part in split:
            number = len(parts)
            parts[number] = part
            for record in part:
                result.groups[record] = number
    for a, b in sorted(tuple(sorted(p)) for p in same):
        if a not in result.groups or b not in result.groups:
            continue
        left, right = result.groups[a], result.groups[b]
        if left == right:
            continue
        if any(apart.get(r, set()) & set(parts[right]) for r in parts[left]):
            result.refused.append((a, b))
            continue
        keep, gone = min(left, right), max(left, right)
        for record in parts[gone]:
            result.groups[record] = keep
        parts[keep] = sorted(parts[keep] + parts.pop(gone))
        result.merges += 1
    return result
