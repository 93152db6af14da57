"""The board of an operation: how many of the people found were screened, indicated, identified,
referred, released and deported, per nationality. One grouped query; no names."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q

from rumdoh.core.places import NATIONALITIES, label
from rumdoh.operations.models import Deportation, Operation
from rumdoh.operations.rules.gate import INDICATING
from rumdoh.protection.choices import Designation
from rumdoh.protection.models import Identification, Referral

COLUMNS = ("found", "screened", "indicated", "identified", "referred", "released", "deported")


@dataclass
class Line:
    nationality: str
    label: str
    counts: dict[str, int] = field(default_factory=dict)

    def values(self) -> list[int]:
        return [self.counts.get(c, 0) for c in COLUMNS]


def _identified() -> Exists:
    return Exists(
        Identification.objects.filter(
            person_id=OuterRef("person_id"), designation=Designation.SUSPECTED
        )
    )


def _referred() -> Exists:
    return Exists(Referral.objects.filter(person_id=OuterRef("person_id")))


def _deported() -> Exists:
    return Exists(Deportation.objects.filter(entry_id=OuterRef("pk")))


def board(operation: Operation, language: str) -> tuple[list[Line], Line]:
    rows = (
        operation.roster.values("person__nationality")
        .annotate(
            found=Count("pk"),
            screened=Count("pk", filter=Q(screening__isnull=False)),
            indicated=Count("pk", filter=Q(screening__determination__in=INDICATING)),
            identified=Count("pk", filter=Q(_identified())),
            referred=Count("pk", filter=Q(_referred())),
            released=Count("pk", filter=Q(released_on__isnull=False)),
            deported=Count("pk", filter=Q(_deported())),
        )
        .order_by("person__nationality")
    )
    lines = [
        Line(
            r["person__nationality"],
            label(NATIONALITIES, r["person__nationality"], language),
            {c: int(r[c]) for c in COLUMNS},  # type: ignore[literal-required]
        )
        for r in rows
    ]
    lines.sort(key=lambda line: (-line.counts["found"], line.label))
    total = Line("", "", {c: sum(line.counts[c] for line in lines) for c in COLUMNS})
    return lines, total
