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
"""

# The SQL below is put together from this module's own text, table names from the models and
# codes from the catalogues (each checked by ``_literal``); every value a user chooses (the
# period) is a bound parameter.
# ruff: noqa: S608

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db import connection
from django.utils import timezone

from rumdoh.accounts.models import Agency
from rumdoh.justice import offences
from rumdoh.justice.choices import CONVICTIONS, ChargeLevel, Stage, SuspectKind, VerdictOutcome
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
from rumdoh.people.models import Person
from rumdoh.statistics import dimensions as d
from rumdoh.statistics import justice_measures as jm
from rumdoh.statistics.dimensions import age_group
from rumdoh.statistics.periods import Period
from rumdoh.statistics.tables import Cube

Raw = dict[str, Any]
TRAFFICKING_CODES = sorted(offences.trafficking_codes())
LAW_OF = {offence.code: offence.law.value for offence in offences.OFFENCES}

Durations = dict[str, dict[int, int]]  # class -> days -> number of cases


# --- from raw groups to published codes ---------------------------------------------------------


def offence_class(offence: str | None) -> str:
    if not offence:
        return jm.NO_CHARGE
    return jm.TRAFFICKING if offences.is_trafficking(offence) else jm.RELATED


def law_code(offence: str | None) -> str:
    if not offence:
        return jm.NO_LAW
    return LAW_OF.get(offence, jm.OTHER)


def form_code(charge_form: str | None, case_forms: object) -> str:
    """The charge's form; else the case's only recorded form, or "several", or "not stated"."""
    if charge_form:
        return charge_form
    forms = [f for f in case_forms if f] if isinstance(case_forms, list) else []
    if len(forms) == 1:
        return str(forms[0])
    return jm.SEVERAL_FORMS if forms else jm.FORM_NOT_STATED


def suspect_sex(kind: str | None, sex: str | None) -> str:
    return jm.COMPANY if kind == SuspectKind.LEGAL else str(sex or "")


def nationality_group(nationality: str | None) -> str:
    """As ``statistics.queries.nationality_group`` groups it in the database."""
    if nationality in d.NATIONALITY_ROWS:
        return str(nationality)
    if nationality == d.UNKNOWN_NATIONALITY:
        return d.UNKNOWN_NATIONALITY
    return d.OTHER_NATIONALITY


Mapper = Callable[[Raw], dict[str, str]]


def standard(raw: Raw) -> dict[str, str]:
    """Class, law and form of a raw group, from its principal charge."""
    return {
        "column": offence_class(raw.get("r_offence")),
        "law": law_code(raw.get("r_offence")),
        "offence": str(raw.get("r_offence") or jm.OTHER),
        "exploitation": form_code(raw.get("r_form"), raw.get("r_forms")),
    }


def to_cube(measure: jm.JusticeMeasure, rows: Iterable[Raw], extra: Mapper | None = None) -> Cube:
    """Sum the raw groups into the measure's cube: (one code per dimension..., column).

    Class, law, offence and form come from the principal charge (``standard``); any other raw
    field ``r_<dimension>`` gives that dimension's code as it is; ``extra`` derives the rest.
    """
    cube: Cube = {}
    for raw in rows:
        codes = standard(raw)
        for name, value in raw.items():
            if name.startswith("r_") and name[2:] not in codes:
                codes[name[2:]] = str(value)
        if extra is not None:
            codes.update(extra(raw))
        key = (*(codes.get(dim.key, "") for dim in measure.dimensions), codes["column"])
        cube[key] = cube.get(key, 0) + int(raw["n"])
    return cube


def _with_suspect_sex(raw: Raw) -> dict[str, str]:
    return {"suspect_sex": suspect_sex(raw.get("r_kind"), raw.get("r_sex"))}


def _convicted(raw: Raw) -> dict[str, str]:
    return {**_with_suspect_sex(raw), "conviction": str(raw["r_outcome"])}


def _victim(raw: Raw) -> dict[str, str]:
    return {"sex": str(raw.get("r_sex")), "age": str(raw["age"])}


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


def _literal(code: str) -> str:
    """A code of the catalogue or of a choice list, quoted for SQL (checked: a plain code)."""
    if not re.fullmatch(r"[A-Za-z0-9_.\-]+", code):
        raise ValueError(f"not a plain code: {code!r}")
    return f"'{code}'"


def _codes(codes: Iterable[str]) -> str:
    return ", ".join(_literal(str(c)) for c in sorted(codes))


def _offence_rank(column: str) -> str:
    """The place of an offence in the catalogue, trafficking offences first (``offence_rank``)."""
    ordered = sorted(offences.OFFENCES, key=lambda offence: not offence.trafficking)
    whens = " ".join(f"WHEN {_literal(o.code)} THEN {i}" for i, o in enumerate(ordered))
    return f"CASE {column} {whens} ELSE {len(ordered)} END"


# Where one row of a group is wanted (a case's principal charge, its first move into "final"),
# it is ranked by a single number: the rank in the high bits and the row's id in the low ones
# (ids stay far below 2**36), so MIN() in a plain GROUP BY finds the row and its id, unsorted.
ID_BITS = 2**36


def _principal(owner: str, units: str) -> str:
    """The principal charge of each ``owner`` (case_id or suspect_id) found in ``units``."""
    level = f"CASE WHEN c.level = {_literal(ChargeLevel.CHARGED)} THEN 0 ELSE 32 END"
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


def _first(stage: str) -> str:
    """The column of ``dates`` holding the day of a case's first move into ``stage``."""
    return f"on_{stage}"


def _dates() -> str:
    """Per case, the day of its first move into each counted stage (the earliest day a move into
    it carries), when its move into "charged" was recorded, and its first move into "final"."""
    firsts = ",\n".join(
        f'MIN(CASE WHEN t.to_stage = {_literal(stage)} THEN t."on" END) AS {_first(stage)}'
        for stage in COUNTED_STAGES
    )
    final = _literal(Stage.FINAL)
    return f"""
    SELECT t.case_id, {firsts},
        MIN(CASE WHEN t.to_stage = {_literal(Stage.CHARGED)} THEN t.recorded_at END)
            AS charging_recorded_at,
        MIN(CASE WHEN t.to_stage = {final} THEN {{move_day}} * {ID_BITS} + t.id END)
            %% {ID_BITS} AS first_final_id
    FROM {{transition}} t
    WHERE t.to_stage IN ({_codes(COUNTED_STAGES)})
    GROUP BY t.case_id"""


def _moved() -> str:
    """Each case's first move into each counted stage in the period (one SELECT per stage)."""
    sources = ", ".join(f"d.{_first(source)}" for source in SOURCES)
    selects = []
    for stage in COUNTED_STAGES:
        on = f"d.{_first(stage)}"
        closure = "NULL"
        if stage == Stage.FINAL:  # how the case ended, as its first move into "final" says
            closure = "(SELECT t.closure FROM {transition} t WHERE t.id = d.first_final_id)"
        selects.append(
            f"""
    SELECT d.case_id, {_literal(stage)} AS what, {on} AS "on", {closure} AS detail, {sources}
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
    # What the measures about cases count: those first moves, and the settlements and
    # withdrawals agreed in the period, as recorded.
    "case_units": Piece(
        f"""
    SELECT case_id, what, "on", detail, NULL AS kind, {", ".join(map(_first, SOURCES))}
    FROM moved
    UNION ALL
    SELECT s.case_id, {_literal(SETTLEMENT)}, s.agreed_on, s.proposed_by, s.kind,
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
    WHERE c.level = {_literal(ChargeLevel.CHARGED)}
      AND CASE WHEN c.recorded_at <= d.charging_recorded_at THEN d.{_first(Stage.CHARGED)}
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
    SELECT {_literal(ARRESTED)} AS what, case_id, suspect_id, province FROM (
        SELECT a.case_id, a.suspect_id, unit.province, ROW_NUMBER() OVER (
            PARTITION BY a.suspect_id ORDER BY a.arrested_at, a.id
        ) AS place
        FROM {{arrest}} a JOIN {{agency}} unit ON unit.id = a.agency_id
        WHERE a.arrested_at >= %(from)s AND a.arrested_at < %(until)s
    ) ranked
    WHERE place = 1
    UNION ALL
    SELECT {_literal(FIRST_CHARGED)}, b.case_id, b.suspect_id,
           COALESCE(prosecution.province, police.province)
    FROM brought b
    JOIN {{case}} k ON k.id = b.case_id
    JOIN {{agency}} police ON police.id = k.police_agency_id
    LEFT JOIN {{agency}} prosecution ON prosecution.id = k.prosecution_agency_id
    WHERE NOT EXISTS (
        SELECT 1 FROM {{charge}} e
        WHERE e.suspect_id = b.suspect_id AND e.level = {_literal(ChargeLevel.CHARGED)}
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
    "convicted": Piece(_principal_verdicts(f"v.outcome IN ({_codes(CONVICTIONS)})"), ("decided",)),
    # Defendants whose verdicts in the period were all acquittals or dismissals, each once.
    "cleared": Piece(
        _principal_verdicts(
            f"""v.outcome IN ({_codes(CLEARED)})
          AND v.suspect_id NOT IN (
            SELECT suspect_id FROM decided WHERE outcome IN ({_codes(CONVICTIONS)})
          )"""
        ),
        ("decided",),
    ),
    # The people who are victims in cases first charged in the period, each once: matched
    # across records by the blinded person key (or the record, when it has none), under a
    # trafficking case if they are in one, else under their first.
    "victims": Piece(
        f"""
    SELECT offence, province, sex, nationality, birth_year, charged_on FROM (
        SELECT f.offence, f.prosecution_province AS province, p.sex, p.nationality,
               p.birth_year, f."on" AS charged_on, ROW_NUMBER() OVER (
            PARTITION BY p.person_key, CASE WHEN p.person_key = '' THEN v.person_id END
            ORDER BY CASE WHEN f.offence IN ({_codes(TRAFFICKING_CODES)}) THEN 0 ELSE 1 END,
                     v.id
        ) AS place
        FROM filed f
        JOIN {{victim}} v ON v.case_id = f.case_id
        JOIN {{person}} p ON p.id = v.person_id
        WHERE f.what = {_literal(Stage.CHARGED)}
    ) ranked
    WHERE place = 1""",
        ("filed",),
    ),
}


def _cases(measure: jm.JusticeMeasure, what: str, province: str, *more: str) -> Piece:
    """The cases' units of one kind (a stage's first moves, or settlements)."""
    if measure is jm.SETTLEMENTS:
        kind, detail = "kind", "detail"  # the settlement's kind, who proposed it
    else:
        kind, detail = "NULL", "detail" if measure is jm.CASES_CLOSED else "NULL"
    where = " AND ".join((f"what = {_literal(what)}", *more))
    return Piece(
        f"""
    SELECT {_literal(measure.key)}, offence, exploitation, forms, {province},
           {kind}, NULL, {detail}, {{no_number}}, COUNT(*)
    FROM filed WHERE {where}
    {GROUP_ALL}""",
        ("filed",),
    )


def _suspects(measure: jm.JusticeMeasure, what: str) -> Piece:
    """The suspects of one kind of unit (arrested, or first charged), by their own charges."""
    return Piece(
        f"""
    SELECT {_literal(measure.key)}, offence, exploitation, forms, province, kind, sex, NULL,
           {{no_number}}, COUNT(*)
    FROM suspects_filed WHERE what = {_literal(what)}
    {GROUP_ALL}""",
        ("suspects_filed",),
    )


def _defendants(measure: jm.JusticeMeasure, units: str) -> Piece:
    """Defendants (convicted, or cleared), by the verdict on their principal charge."""
    return Piece(
        f"""
    SELECT {_literal(measure.key)}, offence, exploitation, forms, province, kind, sex, outcome,
           {{no_number}}, COUNT(*)
    FROM {units}
    {GROUP_ALL}""",
        (units,),
    )


# Each measure's grouped units.
UNITS: dict[str, Piece] = {
    jm.INVESTIGATIONS.key: _cases(jm.INVESTIGATIONS, Stage.INVESTIGATION, "police_province"),
    jm.CASES_SENT.key: _cases(jm.CASES_SENT, Stage.SENT_TO_PROSECUTOR, "police_province"),
    jm.CASES_CHARGED.key: _cases(jm.CASES_CHARGED, Stage.CHARGED, "prosecution_province"),
    jm.SUSPECTS_ARRESTED.key: _suspects(jm.SUSPECTS_ARRESTED, ARRESTED),
    jm.SUSPECTS_CHARGED.key: _suspects(jm.SUSPECTS_CHARGED, FIRST_CHARGED),
    jm.CHARGES.key: Piece(
        f"""
    SELECT {_literal(jm.CHARGES.key)}, b.offence, b.exploitation, k.exploitation_types,
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
    SELECT {_literal(jm.VICTIMS_CHARGED.key)}, offence, NULL, {{no_forms}}, province,
           nationality, sex, NULL, {{charged_year}} - birth_year, COUNT(*)
    FROM victims
    {GROUP_ALL}""",
        ("victims",),
    ),
    jm.ACQUITTALS.key: _defendants(jm.ACQUITTALS, "cleared"),
    jm.SETTLEMENTS.key: _cases(jm.SETTLEMENTS, SETTLEMENT, "police_province"),
    jm.CASES_CLOSED.key: _cases(
        jm.CASES_CLOSED, Stage.FINAL, "police_province", f"detail IN ({_codes(jm.EARLY_CLOSURES)})"
    ),
}
DAYS = "days"


def _durations(steps: Sequence[jm.Step]) -> Piece:
    """The cases that completed each step in the period: their first move into the step's target
    stage falls in it, and they had been in the source stage before; with the days it took, by
    class (the principal charge's)."""
    selects = " UNION ALL ".join(
        f"""
        SELECT {_literal(s.code)} AS code, offence, "on" AS reached_on,
               {_first(s.source)} AS started_on
        FROM filed WHERE what = {_literal(s.target)} AND {_first(s.source)} IS NOT NULL"""
        for s in steps
    )
    column = f"""CASE WHEN offence IN ({_codes(TRAFFICKING_CODES)})
           THEN {_literal(jm.TRAFFICKING)} ELSE {_literal(jm.RELATED)} END"""
    return Piece(
        f"""
    SELECT {_literal(DAYS)}, NULL, NULL, {{no_forms}}, NULL, {column}, NULL, code,
           {{days_between}}, COUNT(*)
    FROM ({selects}
    ) steps
    {GROUP_ALL}""",
        ("filed",),
    )


TABLES = {
    "agency": Agency,
    "arrest": Arrest,
    "case": CriminalCase,
    "charge": Charge,
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


def _params(period: Period) -> dict[str, Any]:
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


# --- running it ---------------------------------------------------------------------------------


def _forms(value: object) -> object:
    return json.loads(value) if isinstance(value, str) else value


def _rows(period: Period, units: Sequence[Piece]) -> dict[str, list[Raw]]:
    """Run the statement; the grouped rows of each measure."""
    found: dict[str, list[Raw]] = {}
    with connection.cursor() as cursor:
        cursor.execute(statement(units), _params(period))
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
    jm.SUSPECTS_ARRESTED.key: _with_suspect_sex,
    jm.SUSPECTS_CHARGED.key: _with_suspect_sex,
    jm.SUSPECTS_CONVICTED.key: _convicted,
    jm.ACQUITTALS.key: _with_suspect_sex,
    jm.VICTIMS_CHARGED.key: _victim,
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
