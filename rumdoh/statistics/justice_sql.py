"""The shared part of the justice statement: named subqueries, and how the SQL is put together.

What the named subqueries (CTEs) hold is described in ``justice_queries``; each measure's own
grouped SELECT is there too. This module holds the building blocks every measure reads (each
case's first move into each stage, the principal charges, the suspects, the verdicts of the
period, the victims), the spelling each database needs, and ``statement``, which joins the
subqueries a set of measures needs to their SELECTs.
"""

# The SQL below is put together from this module's own text, table names from the models and
# codes from the catalogues (each checked by ``literal``); every value a user chooses (the
# period) is a bound parameter.
# ruff: noqa: S608

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db import connection
from django.utils import timezone

from rumdoh.accounts.models import Agency
from rumdoh.justice.choices import CONVICTIONS, ChargeLevel, Stage, VerdictOutcome
from rumdoh.justice.models import (
    Arrest,
    CaseVictim,
    Charge,
    CriminalCase,
    Settlement,
    StageTransition,
    Suspect,
    Verdict,
)
from rumdoh.justice.rules import offences
from rumdoh.linkage.models import PersonLink
from rumdoh.people.models import Person
from rumdoh.statistics import justice_measures as jm
from rumdoh.statistics.justice_codes import TRAFFICKING_CODES
from rumdoh.statistics.rules.periods import Period

# --- the statement ------------------------------------------------------------------------------
#
# Named subqueries (CTEs), then one grouped SELECT per measure, put together with UNION ALL.
# Every measure's SELECT returns the same columns (COLUMNS) and its count; the columns a measure
# does not use are NULL (typed where PostgreSQL could not tell the type from the other rows).
#
# The units of the measures about cases (first moves, settlements) are gathered in one named
# subquery with what they are filed by, and so are those about suspects and defendants; each
# measure then only picks its rows there. On PostgreSQL those subqueries are materialized: worked
# out once, and never planned again inside a measure with a guessed (and far too small) number of
# rows, which would repeat them for every row of another.

COLUMNS = ("measure", "offence", "form", "forms", "province", "kind", "sex", "detail", "number")
GROUP_ALL = "GROUP BY " + ", ".join(str(i) for i in range(1, len(COLUMNS) + 1))


def literal(code: str) -> str:
    """A code of the catalogue or of a choice list, quoted for SQL (checked: a plain code)."""
    if not re.fullmatch(r"[A-Za-z0-9_.\-]+", code):
        raise ValueError(f"not a plain code: {code!r}")
    return f"'{code}'"


def literals(codes: Iterable[str]) -> str:
    return ", ".join(literal(str(c)) for c in sorted(codes))


def _offence_rank(column: str) -> str:
    """The place of an offence in the catalogue, trafficking offences first (``offence_rank``)."""
    ordered = sorted(offences.OFFENCES, key=lambda offence: not offence.trafficking)
    whens = " ".join(f"WHEN {literal(o.code)} THEN {i}" for i, o in enumerate(ordered))
    return f"CASE {column} {whens} ELSE {len(ordered)} END"


# Where one row of a group is wanted (a case's principal charge, its first move into "final"),
# it is ranked by a single number: the rank in the high bits and the row's id in the low ones
# (ids stay far below 2**36), so MIN() in a plain GROUP BY finds the row and its id, unsorted.
ID_BITS = 2**36


def _principal(owner: str, units: str) -> str:
    """The principal charge of each ``owner`` (case_id or suspect_id) found in ``units``."""
    level = f"CASE WHEN c.level = {literal(ChargeLevel.CHARGED)} THEN 0 ELSE 32 END"
    assert len(offences.OFFENCES) < 32  # the offence rank stays below the level's
    return f"""
    SELECT b.{owner}, c.offence, c.exploitation FROM (
        SELECT c.{owner},
               MIN(({level} + {_offence_rank("c.offence")}) * {ID_BITS} + c.id) %% {ID_BITS}
                   AS charge_id
        FROM {{charge}} c
        WHERE c.{owner} IN (SELECT {owner} FROM {units})
        GROUP BY c.{owner}
    ) b
    JOIN {{charge}} c ON c.id = b.charge_id"""


def _principal_verdicts(where: str) -> str:
    """Of each defendant's verdicts in the period meeting ``where``, the one on the principal
    charge: trafficking offences first, then catalogue order, then the verdict recorded first."""
    return f"""
    SELECT * FROM (
        SELECT v.*, ROW_NUMBER() OVER (
            PARTITION BY v.suspect_id ORDER BY {_offence_rank("v.offence")}, v.id
        ) AS place
        FROM decided v
        WHERE {where}
    ) ranked
    WHERE place = 1"""


COUNTED_STAGES = (
    Stage.INVESTIGATION,
    Stage.SENT_TO_PROSECUTOR,
    Stage.CHARGED,
    Stage.VERDICT,
    Stage.FINAL,
)
SETTLEMENT = "settlement"  # a case unit that is a settlement, not a move
STILL_OPEN = "still_open"  # a case unit that is an investigation opened and not moved on
# The stages of a case still being investigated by the police.
INVESTIGATING = (Stage.INVESTIGATION, Stage.RETURNED)
ARRESTED, FIRST_CHARGED = "arrested", "first_charged"
CLEARED = (VerdictOutcome.ACQUITTED, VerdictOutcome.DISMISSED)
assert {s.source for s in jm.STEPS} | {s.target for s in jm.STEPS} <= set(COUNTED_STAGES)


@dataclass(frozen=True)
class Piece:
    """A named subquery or a measure's SELECT, with the named subqueries it reads."""

    sql: str
    needs: tuple[str, ...] = ()
    materialized: bool = False  # on PostgreSQL


SOURCES = tuple(s for s in COUNTED_STAGES if s in {step.source for step in jm.STEPS})


def first_on(stage: str) -> str:
    """The column of ``dates`` holding the day of a case's first move into ``stage``."""
    return f"on_{stage}"


def _dates() -> str:
    """Per case, the day of its first move into each counted stage (the earliest day a move into
    it carries), when its move into "charged" was recorded, and its first move into "final"."""
    firsts = ",\n".join(
        f'MIN(CASE WHEN t.to_stage = {literal(stage)} THEN t."on" END) AS {first_on(stage)}'
        for stage in COUNTED_STAGES
    )
    final = literal(Stage.FINAL)
    return f"""
    SELECT t.case_id, {firsts},
        MIN(CASE WHEN t.to_stage = {literal(Stage.CHARGED)} THEN t.recorded_at END)
            AS charging_recorded_at,
        MIN(CASE WHEN t.to_stage = {final} THEN {{move_day}} * {ID_BITS} + t.id END)
            %% {ID_BITS} AS first_final_id
    FROM {{transition}} t
    WHERE t.to_stage IN ({literals(COUNTED_STAGES)})
    GROUP BY t.case_id"""


def _moved() -> str:
    """Each case's first move into each counted stage in the period (one SELECT per stage)."""
    sources = ", ".join(f"d.{first_on(source)}" for source in SOURCES)
    selects = []
    for stage in COUNTED_STAGES:
        on = f"d.{first_on(stage)}"
        closure = "NULL"
        if stage == Stage.FINAL:  # how the case ended, as its first move into "final" says
            closure = "(SELECT t.closure FROM {transition} t WHERE t.id = d.first_final_id)"
        selects.append(
            f"""
    SELECT d.case_id, {literal(stage)} AS what, {on} AS "on", {closure} AS detail, {sources}
    FROM dates d
    WHERE {on} BETWEEN %(start)s AND %(end)s"""
        )
    return "\n    UNION ALL".join(selects)


# Named subqueries, in an order where each comes after the ones it needs.
CTES: dict[str, Piece] = {
    # The day of each case's first move into each counted stage (the earliest date a move into
    # it carries), and when its move into "charged" was recorded: one pass over the moves.
    "dates": Piece(_dates(), materialized=True),
    # Each case's first move into each counted stage, where it falls in the period, with the
    # days the case first reached the stages a time is measured from.
    "moved": Piece(_moved(), ("dates",)),
    # What the measures about cases count: those first moves; of the first moves into
    # "investigation", the cases whose latest move by the period's last day (the latest date,
    # the move recorded last on a tie) left them under investigation; and the settlements and
    # withdrawals agreed in the period, as recorded.
    "case_units": Piece(
        f"""
    SELECT case_id, what, "on", detail, NULL AS kind, {", ".join(map(first_on, SOURCES))}
    FROM moved
    UNION ALL
    SELECT m.case_id, {literal(STILL_OPEN)}, m."on", NULL, NULL,
           {", ".join(f"m.{first_on(source)}" for source in SOURCES)}
    FROM moved m
    WHERE m.what = {literal(Stage.INVESTIGATION)} AND (
        SELECT t.to_stage FROM {{transition}} t
        WHERE t.case_id = m.case_id AND t."on" <= %(end)s
        ORDER BY t."on" DESC, t.id DESC
        LIMIT 1
    ) IN ({literals(INVESTIGATING)})
    UNION ALL
    SELECT s.case_id, {literal(SETTLEMENT)}, s.agreed_on, s.proposed_by, s.kind,
           {", ".join("NULL" for _s in SOURCES)}
    FROM {{settlement}} s
    WHERE s.agreed_on BETWEEN %(start)s AND %(end)s""",
        ("moved",),
    ),
    "case_principal": Piece(_principal("case_id", "case_units"), ("case_units",)),
    # Each of those units with what its case is filed by: the principal charge, the forms of
    # exploitation recorded, the police unit's and the prosecutor's province.
    "filed": Piece(
        """
    SELECT u.*, p.offence, p.exploitation,
           k.exploitation_types AS forms, police.province AS police_province,
           COALESCE(prosecution.province, police.province) AS prosecution_province
    FROM case_units u
    JOIN {case} k ON k.id = u.case_id
    JOIN {agency} police ON police.id = k.police_agency_id
    LEFT JOIN {agency} prosecution ON prosecution.id = k.prosecution_agency_id
    LEFT JOIN case_principal p ON p.case_id = u.case_id""",
        ("case_units", "case_principal"),
        materialized=True,
    ),
    # The prosecutor's charges brought in the period: on the day the case was charged if the
    # charge was recorded by then, else on the day it was recorded. A case enters the charged
    # stage once at most (only from "sent to the prosecutor", and it never goes back there), so
    # joining each charge to its case's move into that stage adds no row.
    "brought": Piece(
        f"""
    SELECT c.id, c.case_id, c.suspect_id, c.offence, c.exploitation, c.recorded_at
    FROM {{charge}} c
    LEFT JOIN dates d ON d.case_id = c.case_id
    WHERE c.level = {literal(ChargeLevel.CHARGED)}
      AND CASE WHEN c.recorded_at <= d.charging_recorded_at THEN d.{first_on(Stage.CHARGED)}
               ELSE {{recorded_day}} END
          BETWEEN %(start)s AND %(end)s""",
        ("dates",),
        materialized=True,
    ),
    # Each suspect once at their first arrest in the period, by the arresting unit's province;
    # and each suspect once on the day of their first charge, if that day is in the period, by
    # the prosecutor's province.
    "suspect_units": Piece(
        f"""
    SELECT {literal(ARRESTED)} AS what, case_id, suspect_id, province FROM (
        SELECT a.case_id, a.suspect_id, unit.province, ROW_NUMBER() OVER (
            PARTITION BY a.suspect_id ORDER BY a.arrested_at, a.id
        ) AS place
        FROM {{arrest}} a JOIN {{agency}} unit ON unit.id = a.agency_id
        WHERE a.arrested_at >= %(from)s AND a.arrested_at < %(until)s
    ) ranked
    WHERE place = 1
    UNION ALL
    SELECT {literal(FIRST_CHARGED)}, b.case_id, b.suspect_id,
           COALESCE(prosecution.province, police.province)
    FROM brought b
    JOIN {{case}} k ON k.id = b.case_id
    JOIN {{agency}} police ON police.id = k.police_agency_id
    LEFT JOIN {{agency}} prosecution ON prosecution.id = k.prosecution_agency_id
    WHERE NOT EXISTS (
        SELECT 1 FROM {{charge}} e
        WHERE e.suspect_id = b.suspect_id AND e.level = {literal(ChargeLevel.CHARGED)}
          AND (e.recorded_at < b.recorded_at OR (e.recorded_at = b.recorded_at AND e.id < b.id))
    )""",
        ("brought",),
    ),
    "suspect_principal": Piece(_principal("suspect_id", "suspect_units"), ("suspect_units",)),
    # Those suspects with what they are filed by: their own principal charge.
    "suspects_filed": Piece(
        """
    SELECT u.what, u.province, sp.offence, sp.exploitation, k.exploitation_types AS forms,
           s.kind, s.sex
    FROM suspect_units u
    JOIN {case} k ON k.id = u.case_id
    JOIN {suspect} s ON s.id = u.suspect_id
    LEFT JOIN suspect_principal sp ON sp.suspect_id = u.suspect_id""",
        ("suspect_units", "suspect_principal"),
        materialized=True,
    ),
    # The verdicts of the period, each with its charge and defendant.
    "decided": Piece(
        """
    SELECT v.id, v.case_id, v.outcome, c.suspect_id, c.offence, c.exploitation,
           court.province, k.exploitation_types AS forms, s.kind, s.sex
    FROM {verdict} v
    JOIN {charge} c ON c.id = v.charge_id
    JOIN {agency} court ON court.id = v.court_agency_id
    JOIN {case} k ON k.id = v.case_id
    JOIN {suspect} s ON s.id = c.suspect_id
    WHERE v.decided_on BETWEEN %(start)s AND %(end)s""",
        materialized=True,
    ),
    # Each defendant convicted in the period once, filed by the charges they were convicted of.
    "convicted": Piece(
        _principal_verdicts(f"v.outcome IN ({literals(CONVICTIONS)})"), ("decided",)
    ),
    # Defendants whose verdicts in the period were all acquittals or dismissals, each once.
    "cleared": Piece(
        _principal_verdicts(
            f"""v.outcome IN ({literals(CLEARED)})
          AND v.suspect_id NOT IN (
            SELECT suspect_id FROM decided WHERE outcome IN ({literals(CONVICTIONS)})
          )"""
        ),
        ("decided",),
    ),
    # The people who are victims in cases first charged in the period, each once: matched
    # across records by the national person id of the record linkage (a record not linked yet
    # is a person of its own), under a trafficking case if they are in one, else under their
    # first.
    "victims": Piece(
        f"""
    SELECT offence, province, sex, nationality, birth_year, charged_on FROM (
        SELECT f.offence, f.prosecution_province AS province, p.sex, p.nationality,
               p.birth_year, f."on" AS charged_on, ROW_NUMBER() OVER (
            PARTITION BY l.national_id, CASE WHEN l.national_id IS NULL THEN v.person_id END
            ORDER BY CASE WHEN f.offence IN ({literals(TRAFFICKING_CODES)}) THEN 0 ELSE 1 END,
                     v.id
        ) AS place
        FROM filed f
        JOIN {{victim}} v ON v.case_id = f.case_id
        JOIN {{person}} p ON p.id = v.person_id
        LEFT JOIN {{link}} l ON l.person_id = v.person_id
        WHERE f.what = {literal(Stage.CHARGED)}
    ) ranked
    WHERE place = 1""",
        ("filed",),
    ),
}


TABLES = {
    "agency": Agency,
    "arrest": Arrest,
    "case": CriminalCase,
    "charge": Charge,
    "link": PersonLink,
    "person": Person,
    "settlement": Settlement,
    "suspect": Suspect,
    "transition": StageTransition,
    "verdict": Verdict,
    "victim": CaseVictim,
}


def _vendor_sql() -> dict[str, str]:
    """Table names, and the few expressions each database spells its own way."""
    names = {key: connection.ops.quote_name(model._meta.db_table) for key, model in TABLES.items()}
    day, params = connection.ops.datetime_cast_date_sql(
        "c.recorded_at", (), timezone.get_current_timezone_name()
    )
    for i, _param in enumerate(params):  # the time zone goes in as named parameters
        day = day.replace("%s", f"%(tz{i})s", 1)
    if connection.vendor == "postgresql":
        vendor = {
            "charged_year": "EXTRACT(YEAR FROM charged_on)::integer",
            "days_between": "reached_on - started_on",
            "move_day": "(t.\"on\" - DATE '1970-01-01')",
            "no_forms": "NULL::jsonb",
        }
    else:
        vendor = {
            "charged_year": "CAST(strftime('%%Y', charged_on) AS INTEGER)",
            "days_between": "CAST(julianday(reached_on) - julianday(started_on) AS INTEGER)",
            "move_day": 'CAST(julianday(t."on") AS INTEGER)',
            "no_forms": "NULL",
        }
    return {**names, **vendor, "recorded_day": day, "no_number": "CAST(NULL AS INTEGER)"}


def period_params(period: Period) -> dict[str, Any]:
    ops = connection.ops
    _day, tz = ops.datetime_cast_date_sql("x", (), timezone.get_current_timezone_name())

    def moment(day: date) -> Any:
        return ops.adapt_datetimefield_value(timezone.make_aware(datetime.combine(day, time.min)))

    return {
        "start": ops.adapt_datefield_value(period.start),
        "end": ops.adapt_datefield_value(period.end),
        "from": moment(period.start),
        "until": moment(period.end_exclusive),
        **{f"tz{i}": value for i, value in enumerate(tz)},
    }


def statement(units: Sequence[Piece]) -> str:
    """The SQL counting ``units``: the named subqueries they need, then their grouped SELECTs."""
    wanted: set[str] = set()

    def need(name: str) -> None:
        if name not in wanted:
            wanted.add(name)
            for other in CTES[name].needs:
                need(other)

    for unit in units:
        for name in unit.needs:
            need(name)
    postgres = connection.vendor == "postgresql"
    ctes = ",\n".join(
        f"{name} AS {'MATERIALIZED ' if piece.materialized and postgres else ''}({piece.sql}\n)"
        for name, piece in CTES.items()
        if name in wanted
    )
    selects = "\nUNION ALL".join(unit.sql for unit in units)
    return f"WITH {ctes}\n{selects}".format(**_vendor_sql())
