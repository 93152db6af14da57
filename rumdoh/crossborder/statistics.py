"""Deportees received and screened, per crossing, in the national statistics.

A crossing lies in one province, so the table by province is the table by crossing (Poipet:
Banteay Meanchey; O'Smach: Oddar Meanchey; Bavet: Svay Rieng; Chrey Thom: Kandal; Cham Yeam:
Koh Kong; Phnom Penh airport: Phnom Penh). Counted are the people listed for deportation on a
list expected in the period, each row once.
"""

from __future__ import annotations

from django.db.models import Case, CharField, ExpressionWrapper, F, IntegerField, Q, Value, When
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from rumdoh.crossborder.models import Arrival, Crossing, Deportee
from rumdoh.statistics.measures import Measure
from rumdoh.statistics.queries import Cube, _cube, age_group, nationality_group, register
from rumdoh.statistics.rules.periods import Period

CROSSING_PROVINCE = {
    Crossing.POIPET: "01",
    Crossing.OSMACH: "22",
    Crossing.BAVET: "20",
    Crossing.CHREY_THOM: "08",
    Crossing.KOH_KONG: "09",
    Crossing.PHNOM_PENH_AIRPORT: "12",
}

DEPORTEES = Measure(
    "deportees",
    _("Deportees received at the border, by screening"),
    (
        ("screened", _("Arrived and screened")),
        ("not_screened", _("Arrived, not screened")),
        ("absent", _("Did not arrive")),
        ("expected", _("Still expected")),
    ),
    _("Listed for deportation"),
    _(
        "People on deportation lists expected in the period, by the province of the crossing "
        "(Poipet: Banteay Meanchey; O'Smach: Oddar Meanchey; Bavet: Svay Rieng; Chrey Thom: "
        "Kandal; Cham Yeam: Koh Kong)."
    ),
)


def deportees(period: Period) -> Cube:
    rows = Deportee.objects.filter(
        deportation_list__expected_on__gte=period.start,
        deportation_list__expected_on__lte=period.end,
    ).annotate(
        years=ExpressionWrapper(
            ExtractYear("deportation_list__expected_on") - F("birth_year"),
            output_field=IntegerField(),
        )
    )
    province = Case(
        *[
            When(deportation_list__crossing=crossing, then=Value(code))
            for crossing, code in CROSSING_PROVINCE.items()
        ],
        default=F("deportation_list__agency__province"),
        output_field=CharField(),
    )
    column = Case(
        When(Q(status=Arrival.ARRIVED) & Q(screening__isnull=False), then=Value("screened")),
        When(status=Arrival.ARRIVED, then=Value("not_screened")),
        When(status=Arrival.ABSENT, then=Value("absent")),
        default=Value("expected"),
        output_field=CharField(),
    )
    return _cube(
        rows,
        {
            "g_province": province,
            "g_sex": F("sex"),
            "g_age": age_group("years"),
            "g_nationality": nationality_group("nationality"),
            "g_column": column,
        },
    )


def register_measures() -> None:
    register(DEPORTEES, deportees)
