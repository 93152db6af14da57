"""Counts of the justice measures, grouped in the database: the whole section in one query.

Each measure counts units — a case, a suspect, a charge, a defendant, a person, a settlement —
picked by the rules below, and groups them by the raw codes behind its breakdowns: the principal
charge's offence and form of exploitation, the forms recorded on the case, the province, the
sex... Only the grouped rows come back; they are mapped to the published codes (class, law,
form) in Python, so the work in Python grows with the number of distinct groups, never with the
number of cases.

The measures share most of their work (each case's first move into each stage, the principal
charges, the verdicts of the period), so all of them are one SQL statement (``figures``): named
subqueries (CTEs) worked out once, then one grouped ``SELECT`` per measure, joined by
``UNION ALL``. One measure alone (``QUERIES``, ``durations``) runs the same statement with only
its own ``SELECT`` and what that needs. The SQL is written out here rather than through the ORM,
which can neither share a subquery between measures nor build one cheaply (putting together the
former sixteen ORM queries cost about half a second of Python per report).

Dates: a case reaches a stage on the date its first move into that stage carries (a file sent
back and sent again counts once, at the first sending). A charge is brought on the day the case
was charged if it was recorded by then, else on the day it was recorded.

**Principal charge** of a case or a suspect (``justice.queries.principal_charges``): the
governing level first (the prosecutor's charges before the police's recommendations), then
trafficking offences, then catalogue order, then the charge recorded first. Of a defendant's
verdicts in the period, the one on the principal charge: trafficking offences first, then
catalogue order, then the verdict recorded first.

This module holds each measure's grouped SELECT and runs the statement; the named subqueries
they share and the assembly of the SQL are in ``justice_sql``, and the filing of the grouped
rows under the published codes in ``justice_codes``.
"""
# The SQL below is put together from this module's own text, table names from the models and
# codes from the catalogues (each checked by ``justice_sql.literal``); every value a user
# chooses (the period) is a bound parameter.
# ruff: noqa: S608

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.db import connection

from rumdoh.justice.choices import Stage
from rumdoh.statistics import justice_measures as jm
from rumdoh.statistics.dimensions import age_group
from rumdoh.statistics.justice_codes import (
    TRAFFICKING_CODES,
    Mapper,
    Raw,
    nationality_group,
    offence_class,
    to_cube,
    victim_sex_and_age,
    with_conviction,
    with_suspect_sex,
)
from rumdoh.statistics.justice_sql import (
    ARRESTED,
    COLUMNS,
    FIRST_CHARGED,
    GROUP_ALL,
    SETTLEMENT,
    STILL_OPEN,
    Piece,
    first_on,
    literal,
    literals,
    period_params,
    statement,
)
from rumdoh.statistics.rules.periods import Period
from rumdoh.statistics.tables import Cube

__all__ = [
    "Durations",
    "Figures",
    "cube_for",
    "durations",
    "figures",
    "offence_class",
    "to_cube",
]

Durations = dict[str, dict[int, int]]  # class -> days -> number of cases


def _cases(measure: jm.JusticeMeasure, what: str, province: str, *more: str) -> Piece:
    """The cases' units of one kind (a stage's first moves, or settlements)."""
    if measure is jm.SETTLEMENTS:
        kind, detail = "kind", "detail"  # the settlement's kind, who proposed it
    else:
        kind, detail = "NULL", "detail" if measure is jm.CASES_CLOSED else "NULL"
    where = " AND ".join((f"what = {literal(what)}", *more))
    return Piece(
        f"""
    SELECT {literal(measure.key)}, offence, exploitation, forms, {province},
           {kind}, NULL, {detail}, {{no_number}}, COUNT(*)
    FROM filed WHERE {where}
    {GROUP_ALL}""",
        ("filed",),
    )


def _suspects(measure: jm.JusticeMeasure, what: str) -> Piece:
    """The suspects of one kind of unit (arrested, or first charged), by their own charges."""
    return Piece(
        f"""
    SELECT {literal(measure.key)}, offence, exploitation, forms, province, kind, sex, NULL,
           {{no_number}}, COUNT(*)
    FROM suspects_filed WHERE what = {literal(what)}
    {GROUP_ALL}""",
        ("suspects_filed",),
    )


def _defendants(measure: jm.JusticeMeasure, units: str) -> Piece:
    """Defendants (convicted, or cleared), by the verdict on their principal charge."""
    return Piece(
        f"""
    SELECT {literal(measure.key)}, offence, exploitation, forms, province, kind, sex, outcome,
           {{no_number}}, COUNT(*)
    FROM {units}
    {GROUP_ALL}""",
        (units,),
    )


# Each measure's grouped units.
UNITS: dict[str, Piece] = {
    jm.INVESTIGATIONS.key: _cases(jm.INVESTIGATIONS, Stage.INVESTIGATION, "police_province"),
    jm.STILL_OPEN.key: _cases(jm.STILL_OPEN, STILL_OPEN, "police_province"),
    jm.CASES_SENT.key: _cases(jm.CASES_SENT, Stage.SENT_TO_PROSECUTOR, "police_province"),
    jm.CASES_CHARGED.key: _cases(jm.CASES_CHARGED, Stage.CHARGED, "prosecution_province"),
    jm.SUSPECTS_ARRESTED.key: _suspects(jm.SUSPECTS_ARRESTED, ARRESTED),
    jm.SUSPECTS_CHARGED.key: _suspects(jm.SUSPECTS_CHARGED, FIRST_CHARGED),
    jm.CHARGES.key: Piece(
        f"""
    SELECT {literal(jm.CHARGES.key)}, b.offence, b.exploitation, k.exploitation_types,
           COALESCE(prosecution.province, police.province), NULL, NULL, NULL, {{no_number}},
           COUNT(*)
    FROM brought b
    JOIN {{case}} k ON k.id = b.case_id
    JOIN {{agency}} police ON police.id = k.police_agency_id
    LEFT JOIN {{agency}} prosecution ON prosecution.id = k.prosecution_agency_id
    {GROUP_ALL}""",
        ("brought",),
    ),
    jm.SUSPECTS_CONVICTED.key: _defendants(jm.SUSPECTS_CONVICTED, "convicted"),
    jm.VICTIMS_CHARGED.key: Piece(
        f"""
    SELECT {literal(jm.VICTIMS_CHARGED.key)}, offence, NULL, {{no_forms}}, province,
           nationality, sex, NULL, {{charged_year}} - birth_year, COUNT(*)
    FROM victims
    {GROUP_ALL}""",
        ("victims",),
    ),
    jm.ACQUITTALS.key: _defendants(jm.ACQUITTALS, "cleared"),
    jm.SETTLEMENTS.key: _cases(jm.SETTLEMENTS, SETTLEMENT, "police_province"),
    jm.CASES_CLOSED.key: _cases(
        jm.CASES_CLOSED,
        Stage.FINAL,
        "police_province",
        f"detail IN ({literals(jm.EARLY_CLOSURES)})",
    ),
}
DAYS = "days"


def _durations(steps: Sequence[jm.Step]) -> Piece:
    """The cases that completed each step in the period: their first move into the step's target
    stage falls in it, and they had been in the source stage before; with the days it took, by
    class (the principal charge's)."""
    selects = " UNION ALL ".join(
        f"""
        SELECT {literal(s.code)} AS code, offence, "on" AS reached_on,
               {first_on(s.source)} AS started_on
        FROM filed WHERE what = {literal(s.target)} AND {first_on(s.source)} IS NOT NULL"""
        for s in steps
    )
    column = f"""CASE WHEN offence IN ({literals(TRAFFICKING_CODES)})
           THEN {literal(jm.TRAFFICKING)} ELSE {literal(jm.RELATED)} END"""
    return Piece(
        f"""
    SELECT {literal(DAYS)}, NULL, NULL, {{no_forms}}, NULL, {column}, NULL, code,
           {{days_between}}, COUNT(*)
    FROM ({selects}
    ) steps
    {GROUP_ALL}""",
        ("filed",),
    )


# --- running it ---------------------------------------------------------------------------------


def _forms(value: object) -> object:
    return json.loads(value) if isinstance(value, str) else value


def _rows(period: Period, units: Sequence[Piece]) -> dict[str, list[Raw]]:
    """Run the statement; the grouped rows of each measure."""
    found: dict[str, list[Raw]] = {}
    with connection.cursor() as cursor:
        cursor.execute(statement(units), period_params(period))
        for row in cursor.fetchall():
            group = dict(zip((*COLUMNS, "n"), row, strict=True))
            found.setdefault(group["measure"], []).append(group)
    return found


def _raw(measure: str, group: Raw) -> Raw:
    """A grouped row as the raw group ``to_cube`` reads: the fields the measure is filed by."""
    raw: Raw = {"r_offence": group["offence"], "n": group["n"]}
    if measure == jm.VICTIMS_CHARGED.key:
        number = group["number"]
        return {
            **raw,
            "r_province": group["province"],
            "r_sex": group["sex"],
            "r_nationality": nationality_group(group["kind"]),
            "age": age_group(None if number is None else int(number)),
        }
    raw.update(r_form=group["form"], r_forms=_forms(group["forms"]), r_province=group["province"])
    if measure in (jm.SUSPECTS_ARRESTED.key, jm.SUSPECTS_CHARGED.key):
        raw.update(r_kind=group["kind"], r_sex=group["sex"])
    elif measure in (jm.SUSPECTS_CONVICTED.key, jm.ACQUITTALS.key):
        raw.update(r_kind=group["kind"], r_sex=group["sex"], r_outcome=group["detail"])
    elif measure == jm.SETTLEMENTS.key:
        raw.update(r_kind=group["kind"], r_proposed_by=group["detail"])
    elif measure == jm.CASES_CLOSED.key:
        raw["r_closure"] = group["detail"]
    return raw


EXTRA: dict[str, Mapper] = {
    jm.SUSPECTS_ARRESTED.key: with_suspect_sex,
    jm.SUSPECTS_CHARGED.key: with_suspect_sex,
    jm.SUSPECTS_CONVICTED.key: with_conviction,
    jm.ACQUITTALS.key: with_suspect_sex,
    jm.VICTIMS_CHARGED.key: victim_sex_and_age,
}
MEASURES = {m.key: m for m in jm.JUSTICE_MEASURES}


def _cube(key: str, groups: Iterable[Raw]) -> Cube:
    return to_cube(MEASURES[key], (_raw(key, g) for g in groups), EXTRA.get(key))


def _histograms(groups: Iterable[Raw]) -> dict[str, Durations]:
    found: dict[str, Durations] = {}
    for group in groups:  # one row per step, class and number of days
        by_days = found.setdefault(str(group["detail"]), {}).setdefault(str(group["kind"]), {})
        days = int(group["number"])
        by_days[days] = by_days.get(days, 0) + int(group["n"])
    return found


@dataclass(frozen=True)
class Figures:
    """Every justice count and every "time between stages" histogram of one period."""

    cubes: dict[str, Cube]
    durations: dict[str, Durations]  # step code -> histograms


def figures(period: Period) -> Figures:
    """The whole justice section of the report, in one query."""
    found = _rows(period, [*UNITS.values(), _durations(jm.STEPS)])
    cubes = {key: _cube(key, found.get(key, [])) for key in UNITS}
    histograms = _histograms(found.get(DAYS, []))
    return Figures(cubes, {step.code: histograms.get(step.code, {}) for step in jm.STEPS})


def _one(key: str) -> Callable[[Period], Cube]:
    def count(period: Period) -> Cube:
        return _cube(key, _rows(period, [UNITS[key]]).get(key, []))

    count.__name__ = key
    return count


investigations = _one(jm.INVESTIGATIONS.key)
investigations_still_open = _one(jm.STILL_OPEN.key)
cases_sent = _one(jm.CASES_SENT.key)
cases_charged = _one(jm.CASES_CHARGED.key)
suspects_arrested = _one(jm.SUSPECTS_ARRESTED.key)
suspects_charged = _one(jm.SUSPECTS_CHARGED.key)
charges = _one(jm.CHARGES.key)
suspects_convicted = _one(jm.SUSPECTS_CONVICTED.key)
victims_in_prosecuted_cases = _one(jm.VICTIMS_CHARGED.key)
acquittals = _one(jm.ACQUITTALS.key)
settlements = _one(jm.SETTLEMENTS.key)
cases_closed_early = _one(jm.CASES_CLOSED.key)

QUERIES: dict[str, Callable[[Period], Cube]] = {
    jm.INVESTIGATIONS.key: investigations,
    jm.STILL_OPEN.key: investigations_still_open,
    jm.CASES_SENT.key: cases_sent,
    jm.CASES_CHARGED.key: cases_charged,
    jm.SUSPECTS_ARRESTED.key: suspects_arrested,
    jm.SUSPECTS_CHARGED.key: suspects_charged,
    jm.CHARGES.key: charges,
    jm.SUSPECTS_CONVICTED.key: suspects_convicted,
    jm.VICTIMS_CHARGED.key: victims_in_prosecuted_cases,
    jm.ACQUITTALS.key: acquittals,
    jm.SETTLEMENTS.key: settlements,
    jm.CASES_CLOSED.key: cases_closed_early,
}


def cube_for(measure: jm.JusticeMeasure, period: Period) -> Cube:
    """One measure's cube, in one query."""
    return QUERIES[measure.key](period)


def durations(step: jm.Step, period: Period) -> Durations:
    """How many cases took each number of days for ``step``, by class, in one query."""
    found = _rows(period, [_durations([step])]).get(DAYS, [])
    return _histograms(found).get(step.code, {})
