"""Deportees received and screened per crossing are in the national statistics."""

from __future__ import annotations

from datetime import date

from rumdoh.crossborder import services
from rumdoh.crossborder.statistics import DEPORTEES, deportees
from rumdoh.screening.rules.questions import SHORT
from rumdoh.statistics.measures import MEASURES
from rumdoh.statistics.rules.periods import Period
from tests.crossborder.conftest import Border, row


def test_deportees_are_counted_by_crossing_and_by_whether_they_were_screened(
    border: Border,
) -> None:
    made = border.import_list(
        [row("Dara", "Sok", "M", "31"), row("Srey", "Chan", "F", "24"),
         row("Vanna", "Kim", "F", "19"), row("Nary", "Ouk", "F", "40")]
    )  # fmt: skip
    one, two, three, _four = made.deportees.order_by("row")
    for deportee in (one, two):
        services.register_arrival(border.screener, deportee.pk)
    answers = {code: "no" for question in SHORT for code in question.codes}
    services.screen_deportee(border.screener, one.pk, answers)
    services.mark_absent(border.screener, three.pk)
    cube = deportees(Period(date(2026, 11, 1), date(2026, 11, 30)))
    by_column: dict[str, int] = {}
    for (province, _sex, _age, _nationality, column), count in cube.items():
        assert province == "01"  # Poipet is in Banteay Meanchey
        by_column[column] = by_column.get(column, 0) + count
    assert by_column == {"screened": 1, "not_screened": 1, "absent": 1, "expected": 1}
    assert deportees(Period(date(2026, 10, 1), date(2026, 10, 31))) == {}
    assert DEPORTEES in MEASURES
