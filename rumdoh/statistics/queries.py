"""Counts for each measure, grouped in the database by every breakdown at once.

Each query returns a small cube: (province, sex, age group, nationality, column) -> count, with
the form of exploitation before the column for identifications. The tables by each breakdown
are its margins, so they always agree.

Screenings and referrals count events. Identifications and protection cases count people: of the
events a person has in the period (matched across agencies by the national person id of the
record linkage, ``rumdoh.linkage``; a record not linked yet is a person of its own), only the
first is counted, with its agency's province.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from typing import TypeVar

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from rumdoh.protection.choices import Designation
from rumdoh.protection.models import Identification, ProtectionCase, Referral
from rumdoh.screening.models import ScreeningRecord
from rumdoh.statistics import dimensions as d
from rumdoh.statistics.measures import (
    CASES_CLOSED,
    CASES_OPENED,
    IDENTIFIED,
    MEASURES,
    REFERRALS,
    SCREENINGS,
    Measure,
)
from rumdoh.statistics.rules.periods import Period

Key = tuple[str, ...]  # province, sex, age group, nationality, [form of exploitation,] column
Cube = dict[Key, int]
M = TypeVar("M", bound=Model)
GROUPS = ["g_province", "g_sex", "g_age", "g_nationality", "g_column"]


def _moment(day: object) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))  # type: ignore[arg-type]


def in_period(field: str, period: Period) -> Q:
    return Q(
        **{f"{field}__gte": _moment(period.start), f"{field}__lt": _moment(period.end_exclusive)}
    )


def age_from_birth_year(when: str) -> ExpressionWrapper:
    return ExpressionWrapper(
        ExtractYear(when) - F("person__birth_year"), output_field=IntegerField()
    )


def age_group(age_field: str) -> Case:
    """The age group of an annotated age, as ``dimensions.age_group`` computes it."""
    unknown = Value(d.UNKNOWN_AGE)
    whens = [When(**{f"{age_field}__isnull": True}, then=unknown)]
    whens.append(When(**{f"{age_field}__lt": 0}, then=unknown))
    for code, _youngest, oldest in d.AGE_GROUPS:
        if oldest is not None:
            whens.append(When(**{f"{age_field}__lte": oldest}, then=Value(code)))
    return Case(*whens, default=Value(d.AGE_GROUPS[-1][0]), output_field=CharField())


def nationality_group(field: str) -> Case:
    return Case(
        When(**{f"{field}__in": d.NATIONALITY_ROWS}, then=F(field)),
        When(**{field: d.UNKNOWN_NATIONALITY}, then=Value(d.UNKNOWN_NATIONALITY)),
        default=Value(d.OTHER_NATIONALITY),
        output_field=CharField(),
    )


def linkage_key() -> Coalesce:
    """Who the event is about: the record's national person (as a negative number) or, for a
    record not linked yet, the record itself (its positive id), so the two never collide."""
    return Coalesce(
        Value(0) - F("person__national_link__national_id"),
        F("person_id"),
        output_field=IntegerField(),
    )


def first_per_person(events: QuerySet[M], when: str) -> QuerySet[M]:
    """Of each person's events, only the earliest (the lowest id on a tie)."""
    # The Django plugin types annotate() of a queryset of a type variable as one of Model.
    events = events.annotate(link=linkage_key())  # type: ignore[assignment]
    earlier = events.filter(link=OuterRef("link")).filter(
        Q(**{f"{when}__lt": OuterRef(when)}) | Q(**{when: OuterRef(when)}, pk__lt=OuterRef("pk"))
    )
    return events.filter(~Exists(earlier))


def _cube(events: QuerySet[M], groups: dict[str, Expression | F | Value]) -> Cube:
    """One GROUP BY over the five groups; ``groups`` maps each name in GROUPS to an expression."""
    rows = events.annotate(**groups).values(*GROUPS).annotate(n=Count("pk")).order_by()
    cube: Cube = {}
    for row in rows:
        key = (
            str(row["g_province"]),
            str(row["g_sex"]),
            str(row["g_age"]),
            str(row["g_nationality"]),
            str(row["g_column"]),
        )
        cube[key] = cube.get(key, 0) + int(row["n"])
    return cube


def _people(
    events: QuerySet[M], when: str, province: str, column: str, forms: str | None = None
) -> Cube:
    """Counts of people, each at their first event in the period; with ``forms`` (the field of
    the event's forms of exploitation), by the row of those forms too, before the column."""
    firsts = first_per_person(events, when).annotate(years=age_from_birth_year(when))
    groups: dict[str, Expression | F | Value] = {
        "g_province": F(province),
        "g_sex": F("person__sex"),
        "g_age": age_group("years"),
        "g_nationality": nationality_group("person__nationality"),
        "g_column": Value(column),
    }
    if forms is None:
        return _cube(firsts, groups)
    rows = (
        firsts.annotate(**groups, g_forms=F(forms))
        .values(*GROUPS, "g_forms")
        .annotate(n=Count("pk"))
        .order_by()
    )
    cube: Cube = {}
    for row in rows:
        where = tuple(str(row[group]) for group in GROUPS[:-1])
        key = (*where, d.form_of(row["g_forms"]), str(row["g_column"]))
        cube[key] = cube.get(key, 0) + int(row["n"])
    return cube


def screenings(period: Period) -> Cube:
    """Screening interviews, by where they were held and the result."""
    records = ScreeningRecord.objects.filter(in_period("screened_at", period)).annotate(
        years=Coalesce(F("age"), age_from_birth_year("screened_at"), output_field=IntegerField())
    )
    return _cube(
        records,
        {
            "g_province": F("province"),
            "g_sex": F("sex"),
            "g_age": age_group("years"),
            "g_nationality": nationality_group("nationality"),
            "g_column": F("determination"),
        },
    )


def identified(period: Period) -> Cube:
    """People formally identified as suspected victims, each counted once."""
    events = Identification.objects.filter(
        in_period("identified_at", period), designation=Designation.SUSPECTED
    )
    return _people(events, "identified_at", "agency__province", "identified", "exploitation_types")


def referrals(period: Period) -> Cube:
    """Referrals made in the period, by the referring agency's province and their status."""
    events = Referral.objects.filter(in_period("created_at", period)).annotate(
        years=age_from_birth_year("created_at")
    )
    return _cube(
        events,
        {
            "g_province": F("referring_agency__province"),
            "g_sex": F("person__sex"),
            "g_age": age_group("years"),
            "g_nationality": nationality_group("person__nationality"),
            "g_column": F("status"),
        },
    )


def cases_opened(period: Period) -> Cube:
    events = ProtectionCase.objects.filter(in_period("opened_at", period))
    return _people(events, "opened_at", "agency__province", "opened")


def cases_closed(period: Period) -> Cube:
    events = ProtectionCase.objects.filter(in_period("closed_at", period))
    return _people(events, "closed_at", "agency__province", "closed")


QUERIES: dict[str, Callable[[Period], Cube]] = {
    SCREENINGS.key: screenings,
    IDENTIFIED.key: identified,
    REFERRALS.key: referrals,
    CASES_OPENED.key: cases_opened,
    CASES_CLOSED.key: cases_closed,
}


def register(measure: Measure, query: Callable[[Period], Cube]) -> None:
    """Count a measure of an app above statistics (cross-border work, labour): the app imports
    statistics and registers when it loads; statistics never imports it."""
    if all(known.key != measure.key for known in MEASURES):
        MEASURES.append(measure)
    QUERIES[measure.key] = query


def cube_for(measure: Measure, period: Period) -> Cube:
    return QUERIES[measure.key](period)
