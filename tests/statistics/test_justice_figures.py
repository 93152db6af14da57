"""The justice counts on generated data, against the same rules written out plainly in Python.

The database groups the counts in one statement; here every row is read and the rules in
``justice_queries`` (first moves, principal charges, each suspect, defendant or person once) are
applied one case at a time. Both must give the same cube for every measure and period.
"""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import date, datetime, time
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

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
from rumdoh.statistics import dimensions as d
from rumdoh.statistics import justice_measures as jm
from rumdoh.statistics import justice_queries as q
from rumdoh.statistics.dimensions import age_group
from rumdoh.statistics.rules.periods import Period
from rumdoh.statistics.tables import Cube

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 6, 30)
PERIODS = [
    Period(date(2025, 1, 1), date(2025, 12, 31)),
    Period(date(2026, 1, 1), AS_OF),
    Period(date(2026, 4, 1), AS_OF),
    Period(date(2020, 1, 1), AS_OF),
]
RANK = {
    o.code: i
    for i, o in enumerate(sorted(offences.OFFENCES, key=lambda offence: not offence.trafficking))
}


def local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


class Plain:
    """Every row the justice counts read, held in memory."""

    def __init__(self) -> None:
        self.cases = {
            c["id"]: c
            for c in CriminalCase.objects.values(
                "id",
                "exploitation_types",
                "police_agency__province",
                "prosecution_agency__province",
            )
        }
        self.moves = list(
            StageTransition.objects.values(
                "id", "case_id", "to_stage", "on", "closure", "recorded_at"
            )
        )
        self.charges = list(
            Charge.objects.values(
                "id", "case_id", "suspect_id", "offence", "level", "exploitation", "recorded_at"
            )
        )
        self.suspects = {s["id"]: s for s in Suspect.objects.values("id", "kind", "sex")}
        self.arrests = list(
            Arrest.objects.values("id", "case_id", "suspect_id", "arrested_at", "agency__province")
        )
        self.verdicts = list(
            Verdict.objects.values(
                "id",
                "case_id",
                "charge_id",
                "outcome",
                "decided_on",
                "court_agency__province",
            )
        )
        self.settlements = list(
            Settlement.objects.values("id", "case_id", "kind", "proposed_by", "agreed_on")
        )
        self.victims = list(
            CaseVictim.objects.values(
                "id",
                "case_id",
                "person_id",
                "person__national_link__national_id",
                "person__sex",
                "person__nationality",
                "person__birth_year",
            )
        )
        self.by_case: dict[int, list[dict[str, Any]]] = defaultdict(list)
        self.by_suspect: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for charge in self.charges:
            self.by_case[charge["case_id"]].append(charge)
            self.by_suspect[charge["suspect_id"]].append(charge)
        self.charge = {c["id"]: c for c in self.charges}
        # Each case's first move into each stage: the earliest date, the lowest id on a tie.
        self.first: dict[tuple[int, str], dict[str, Any]] = {}
        for move in sorted(self.moves, key=lambda m: (m["on"], m["id"])):
            self.first.setdefault((move["case_id"], move["to_stage"]), move)

    # --- the rules ---------------------------------------------------------------------------

    @staticmethod
    def principal(charges: list[dict[str, Any]]) -> dict[str, Any] | None:
        def order(c: dict[str, Any]) -> tuple[int, int, int]:
            level = 0 if c["level"] == ChargeLevel.CHARGED else 1
            return level, RANK.get(c["offence"], len(RANK)), c["id"]

        return min(charges, key=order) if charges else None

    def principal_raw(self, charges: list[dict[str, Any]]) -> dict[str, Any]:
        found = self.principal(charges)
        return {
            "r_offence": found["offence"] if found else None,
            "r_form": found["exploitation"] if found else None,
        }

    def police(self, case_id: int) -> Any:
        return self.cases[case_id]["police_agency__province"]

    def prosecution(self, case_id: int) -> Any:
        case = self.cases[case_id]
        return case["prosecution_agency__province"] or case["police_agency__province"]

    def first_moves(self, stage: str, period: Period) -> list[dict[str, Any]]:
        return [
            m
            for (case, to), m in self.first.items()
            if to == stage and period.start <= m["on"] <= period.end
        ]

    def brought_on(self, charge: dict[str, Any]) -> date:
        """The day the case was charged if the charge was recorded by then, else the day it was
        recorded (a case moves into "charged" once at most)."""
        charging = self.first.get((charge["case_id"], Stage.CHARGED.value))
        if charging is not None and charge["recorded_at"] <= charging["recorded_at"]:
            return charging["on"]
        return local_day(charge["recorded_at"])

    # --- the measures ------------------------------------------------------------------------

    def case_moves(self, measure: jm.JusticeMeasure, stage: str, period: Period) -> Cube:
        rows = []
        for move in self.first_moves(stage, period):
            if measure is jm.CASES_CLOSED and move["closure"] not in jm.EARLY_CLOSURES:
                continue
            case = move["case_id"]
            province = self.prosecution(case) if stage == Stage.CHARGED else self.police(case)
            raw = {
                **self.principal_raw(self.by_case[case]),
                "r_forms": self.cases[case]["exploitation_types"],
                "r_province": province,
                "n": 1,
            }
            if measure is jm.CASES_CLOSED:
                raw["r_closure"] = move["closure"]
            rows.append(raw)
        return q.to_cube(measure, rows)

    def still_open(self, period: Period) -> Cube:
        """Of the cases opened in the period, those whose latest move by its last day (the latest
        date, the move recorded last on a tie) left them under investigation."""
        rows = []
        for move in self.first_moves(Stage.INVESTIGATION.value, period):
            case = move["case_id"]
            by_then = [m for m in self.moves if m["case_id"] == case and m["on"] <= period.end]
            latest = max(by_then, key=lambda m: (m["on"], m["id"]))
            if latest["to_stage"] not in (Stage.INVESTIGATION, Stage.RETURNED):
                continue
            rows.append(
                {
                    **self.principal_raw(self.by_case[case]),
                    "r_forms": self.cases[case]["exploitation_types"],
                    "r_province": self.police(case),
                    "n": 1,
                }
            )
        return q.to_cube(jm.STILL_OPEN, rows)

    def suspect_raw(self, suspect_id: int, case_id: int, province: Any) -> dict[str, Any]:
        suspect = self.suspects[suspect_id]
        return {
            **self.principal_raw(self.by_suspect[suspect_id]),
            "r_forms": self.cases[case_id]["exploitation_types"],
            "r_province": province,
            "r_kind": suspect["kind"],
            "r_sex": suspect["sex"],
            "n": 1,
        }

    def suspects_arrested(self, period: Period) -> Cube:
        start = timezone.make_aware(datetime.combine(period.start, time.min))
        end = timezone.make_aware(datetime.combine(period.end_exclusive, time.min))
        firsts: dict[int, dict[str, Any]] = {}
        inside = [a for a in self.arrests if start <= a["arrested_at"] < end]
        for arrest in sorted(inside, key=lambda a: (a["arrested_at"], a["id"])):
            firsts.setdefault(arrest["suspect_id"], arrest)
        rows = [
            self.suspect_raw(a["suspect_id"], a["case_id"], a["agency__province"])
            for a in firsts.values()
        ]
        return q.to_cube(jm.SUSPECTS_ARRESTED, rows, q.with_suspect_sex)

    def brought(self, period: Period) -> list[dict[str, Any]]:
        return [
            c
            for c in self.charges
            if c["level"] == ChargeLevel.CHARGED
            and period.start <= self.brought_on(c) <= period.end
        ]

    def suspects_charged(self, period: Period) -> Cube:
        first_charge: dict[int, dict[str, Any]] = {}
        charged = [c for c in self.charges if c["level"] == ChargeLevel.CHARGED]
        for charge in sorted(charged, key=lambda c: (c["recorded_at"], c["id"])):
            first_charge.setdefault(charge["suspect_id"], charge)
        rows = [
            self.suspect_raw(c["suspect_id"], c["case_id"], self.prosecution(c["case_id"]))
            for c in self.brought(period)
            if first_charge[c["suspect_id"]]["id"] == c["id"]
        ]
        return q.to_cube(jm.SUSPECTS_CHARGED, rows, q.with_suspect_sex)

    def charges_brought(self, period: Period) -> Cube:
        rows = [
            {
                "r_offence": c["offence"],
                "r_form": c["exploitation"],
                "r_forms": self.cases[c["case_id"]]["exploitation_types"],
                "r_province": self.prosecution(c["case_id"]),
                "n": 1,
            }
            for c in self.brought(period)
        ]
        return q.to_cube(jm.CHARGES, rows)

    def verdict_raw(self, verdict: dict[str, Any]) -> dict[str, Any]:
        charge = self.charge[verdict["charge_id"]]
        suspect = self.suspects[charge["suspect_id"]]
        return {
            "r_offence": charge["offence"],
            "r_form": charge["exploitation"],
            "r_forms": self.cases[verdict["case_id"]]["exploitation_types"],
            "r_province": verdict["court_agency__province"],
            "r_kind": suspect["kind"],
            "r_sex": suspect["sex"],
            "r_outcome": verdict["outcome"],
            "n": 1,
        }

    def principal_verdicts(self, verdicts: list[dict[str, Any]]) -> list[dict[str, Any]]:
        best: dict[int, dict[str, Any]] = {}

        def order(v: dict[str, Any]) -> tuple[int, int]:
            return RANK.get(self.charge[v["charge_id"]]["offence"], len(RANK)), v["id"]

        for verdict in sorted(verdicts, key=order):
            best.setdefault(self.charge[verdict["charge_id"]]["suspect_id"], verdict)
        return list(best.values())

    def in_period(self, period: Period, outcomes: tuple[str, ...]) -> list[dict[str, Any]]:
        return [
            v
            for v in self.verdicts
            if period.start <= v["decided_on"] <= period.end and v["outcome"] in outcomes
        ]

    def suspects_convicted(self, period: Period) -> Cube:
        rows = [
            self.verdict_raw(v)
            for v in self.principal_verdicts(self.in_period(period, CONVICTIONS))
        ]
        return q.to_cube(
            jm.SUSPECTS_CONVICTED,
            rows,
            lambda raw: {**q.with_suspect_sex(raw), "conviction": str(raw["r_outcome"])},
        )

    def acquittals(self, period: Period) -> Cube:
        convicted = {
            self.charge[v["charge_id"]]["suspect_id"] for v in self.in_period(period, CONVICTIONS)
        }
        cleared = [
            v
            for v in self.in_period(
                period, (VerdictOutcome.ACQUITTED.value, VerdictOutcome.DISMISSED.value)
            )
            if self.charge[v["charge_id"]]["suspect_id"] not in convicted
        ]
        rows = [self.verdict_raw(v) for v in self.principal_verdicts(cleared)]
        return q.to_cube(jm.ACQUITTALS, rows, q.with_suspect_sex)

    def settlements_agreed(self, period: Period) -> Cube:
        rows = [
            {
                **self.principal_raw(self.by_case[s["case_id"]]),
                "r_forms": self.cases[s["case_id"]]["exploitation_types"],
                "r_province": self.police(s["case_id"]),
                "r_kind": s["kind"],
                "r_proposed_by": s["proposed_by"],
                "n": 1,
            }
            for s in self.settlements
            if period.start <= s["agreed_on"] <= period.end
        ]
        return q.to_cube(jm.SETTLEMENTS, rows)

    def victims_charged(self, period: Period) -> Cube:
        charged = {m["case_id"]: m["on"] for m in self.first_moves(Stage.CHARGED.value, period)}
        best: dict[object, tuple[tuple[int, int], dict[str, Any]]] = {}
        for victim in self.victims:
            case = victim["case_id"]
            if case not in charged:
                continue
            principal = self.principal(self.by_case[case])
            offence = principal["offence"] if principal else None
            rank = 0 if offence and offences.is_trafficking(offence) else 1
            key = victim["person__national_link__national_id"]
            person: object = key if key else ("record", victim["person_id"])
            order = (rank, victim["id"])
            if person not in best or order < best[person][0]:
                best[person] = (order, {**victim, "offence": offence})
        rows = []
        for _order, victim in best.values():
            nationality = victim["person__nationality"]
            if nationality not in d.NATIONALITY_ROWS:
                unknown = nationality == d.UNKNOWN_NATIONALITY
                nationality = d.UNKNOWN_NATIONALITY if unknown else d.OTHER_NATIONALITY
            born = victim["person__birth_year"]
            age = None if born is None else charged[victim["case_id"]].year - born
            rows.append(
                {
                    "r_offence": victim["offence"],
                    "r_province": self.prosecution(victim["case_id"]),
                    "r_sex": victim["person__sex"],
                    "r_nationality": nationality,
                    "n": 1,
                    "age": age_group(age),
                }
            )
        return q.to_cube(
            jm.VICTIMS_CHARGED,
            rows,
            lambda raw: {"sex": str(raw.get("r_sex")), "age": raw["age"]},
        )

    def durations(self, step: jm.Step, period: Period) -> q.Durations:
        found: q.Durations = {}
        for move in self.first_moves(step.target, period):
            start = self.first.get((move["case_id"], step.source))
            if start is None:
                continue
            principal = self.principal(self.by_case[move["case_id"]])
            trafficking = principal is not None and offences.is_trafficking(principal["offence"])
            column = jm.TRAFFICKING if trafficking else jm.RELATED
            days = (move["on"] - start["on"]).days
            by_days = found.setdefault(column, {})
            by_days[days] = by_days.get(days, 0) + 1
        return found

    def cubes(self, period: Period) -> dict[str, Cube]:
        return {
            jm.INVESTIGATIONS.key: self.case_moves(jm.INVESTIGATIONS, Stage.INVESTIGATION, period),
            jm.STILL_OPEN.key: self.still_open(period),
            jm.CASES_SENT.key: self.case_moves(jm.CASES_SENT, Stage.SENT_TO_PROSECUTOR, period),
            jm.CASES_CHARGED.key: self.case_moves(jm.CASES_CHARGED, Stage.CHARGED, period),
            jm.CASES_CLOSED.key: self.case_moves(jm.CASES_CLOSED, Stage.FINAL, period),
            jm.SUSPECTS_ARRESTED.key: self.suspects_arrested(period),
            jm.SUSPECTS_CHARGED.key: self.suspects_charged(period),
            jm.CHARGES.key: self.charges_brought(period),
            jm.SUSPECTS_CONVICTED.key: self.suspects_convicted(period),
            jm.ACQUITTALS.key: self.acquittals(period),
            jm.SETTLEMENTS.key: self.settlements_agreed(period),
            jm.VICTIMS_CHARGED.key: self.victims_charged(period),
        }


@pytest.fixture
def generated(db):
    call_command(
        "generate_demo_data",
        persons=1200,
        seed=5,
        as_of=AS_OF.isoformat(),
        duplicates=0.15,
        batch_size=300,
        stdout=io.StringIO(),
    )
    return Plain()


def test_every_justice_count_agrees_with_the_rules_applied_case_by_case(generated):
    everything = PERIODS[-1]
    assert all(generated.cubes(everything).values())  # every measure counts something
    assert all(generated.durations(step, everything) for step in jm.STEPS)
    for period in PERIODS:
        expected = generated.cubes(period)
        assert set(expected) == set(q.QUERIES)
        found = q.figures(period)
        assert found.cubes == expected, period
        for step in jm.STEPS:
            assert found.durations[step.code] == generated.durations(step, period), (step, period)
