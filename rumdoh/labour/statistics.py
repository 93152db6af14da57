"""The labour figures of the national statistics page: prevention by kind, province and sex.

Participants in training, awareness and pre-departure orientation are counts of attendance, not
of victims: they are shown whole, as the national report gives them (e.g. 52,184 people in 1,328
pre-departure briefings in 2023, 21,978 of them women)."""

from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _

from rumdoh.labour.choices import PreventionKind
from rumdoh.labour.models import PreventionActivity
from rumdoh.statistics.rules.periods import Period
from rumdoh.statistics.sections import Table, TableRow


def prevention_section(period: Period) -> dict[str, Any] | None:
    rows = PreventionActivity.objects.filter(held_on__range=(period.start, period.end))
    by_kind: dict[str, dict[str, Any]] = {
        row["kind"]: dict(row)
        for row in rows.values("kind").annotate(
            sessions=Sum("sessions"), women=Sum("women"), men=Sum("men")
        )
    }
    if not by_kind:
        return None
    kinds: list[dict[str, Any]] = [
        {
            "label": kind.label,
            "sessions": by_kind.get(kind.value, {}).get("sessions") or 0,
            "women": by_kind.get(kind.value, {}).get("women") or 0,
            "men": by_kind.get(kind.value, {}).get("men") or 0,
        }
        for kind in PreventionKind
    ]
    for row in kinds:
        row["total"] = row["women"] + row["men"]
    table = Table(
        key="prevention",
        label=_("Prevention: training, awareness and pre-departure orientation"),
        breakdown="kind",
        columns=[
            ("sessions", _("Sessions")),
            ("women", _("Women")),
            ("men", _("Men")),
            ("total", _("Participants")),
        ],
        rows=[
            TableRow(
                kind.value,
                str(kind.label),
                [row["sessions"], row["women"], row["men"], row["total"]],
            )
            for kind, row in zip(PreventionKind, kinds, strict=True)
        ],
    )
    provinces = list(
        rows.values("province")
        .annotate(women=Sum("women"), men=Sum("men"), sessions=Sum("sessions"))
        .order_by("province")
    )
    return {
        "template": "labour/_statistics.html",
        "kinds": kinds,
        "provinces": provinces,
        "tables": [table],
    }
