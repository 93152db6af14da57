"""Deportees received and screened, per crossing, and people repatriated, in the national
statistics.

A crossing lies in one province, so the table by province is the table by crossing (Poipet:
Banteay Meanchey; O'Smach: Oddar Meanchey; Bavet: Svay Rieng; Chrey Thom: Kandal; Cham Yeam:
Koh Kong; Phnom Penh airport: Phnom Penh). Counted are the people listed for deportation on a
list expected in the period, each row once.

People repatriated are people, not records: a repatriation is completed when a Cambodian is
returned to family or community, or a foreigner's arrival home is confirmed by the embassy or IOM
(the day its move into that stage carries); of the repatriations of one person completed in the
period (matched across agencies by the national person id, ``statistics.queries.linkage_key``)
only the first counts. By the country returned from (Cambodia for a foreigner going home) and sex.
"""

from __future__ import annotations

from django.db.models import (
    Case,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from rumdoh.core.places import COUNTRIES, label
from rumdoh.crossborder.models import (
    Arrival,
    Crossing,
    Deportee,
    Repatriation,
    RepatriationStep,
)
from rumdoh.crossborder.rules.stages import Direction, Stage
from rumdoh.statistics.dimensions import DIMENSIONS, UNKNOWN_NATIONALITY, Dimension
from rumdoh.statistics.measures import Measure
from rumdoh.statistics.queries import (
    Cube,
    _cube,
    age_group,
    first_per_person,
    nationality_group,
    register,
)
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


def _country_name(code: str, language: str) -> str:
    return label(COUNTRIES, code, language)


COUNTRY_FROM = Dimension(
    "country",
    _("Country returned from"),
    tuple(COUNTRIES),
    UNKNOWN_NATIONALITY,
    _country_name,
)
SEX = next(dimension for dimension in DIMENSIONS if dimension.key == "sex")
# The stage at which each direction's repatriation is completed: the person is home.
COMPLETED = {Direction.HOME: Stage.RETURNED, Direction.ABROAD: Stage.ARRIVED}

REPATRIATED = Measure(
    "repatriated",
    _("People repatriated"),
    (("repatriated", _("People repatriated")),),
    _("People repatriated"),
    _(
        "People, not records: each person whose repatriation was completed in the period (a "
        "Cambodian returned to family or community, a foreigner's arrival home confirmed), once, "
        "by the country returned from."
    ),
    (COUNTRY_FROM, SEX),
)


def repatriated(period: Period) -> Cube:
    """People returned home in the period, each once, at their first return."""
    completing = RepatriationStep.objects.filter(repatriation=OuterRef("pk")).filter(
        Q(stage=COMPLETED[Direction.HOME], repatriation__direction=Direction.HOME)
        | Q(stage=COMPLETED[Direction.ABROAD], repatriation__direction=Direction.ABROAD)
    )
    events = Repatriation.objects.annotate(
        completed_on=Subquery(completing.order_by("on", "id").values("on")[:1])
    ).filter(completed_on__gte=period.start, completed_on__lte=period.end)
    country = Case(
        When(direction=Direction.ABROAD, then=Value("KH")),
        default=F("country"),
        output_field=CharField(),
    )
    rows = (
        first_per_person(events, "completed_on")
        .annotate(g_country=country, g_sex=F("person__sex"), g_column=Value("repatriated"))
        .values("g_country", "g_sex", "g_column")
        .annotate(n=Count("pk"))
        .order_by()
    )
    cube: Cube = {}
    for row in rows:
        key = (str(row["g_country"]), str(row["g_sex"]), str(row["g_column"]))
        cube[key] = cube.get(key, 0) + int(row["n"])
    return cube


def register_measures() -> None:
    register(DEPORTEES, deportees)
    register(REPATRIATED, repatriated)
