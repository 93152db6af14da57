"""Builders for the justice statistics tests: criminal cases written straight to the database
with the dates each stage was reached, so a whole year of cases takes a few queries each."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from rumdoh.accounts.models import AgencyKind
from rumdoh.accounts.rules.roles import Role
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
from rumdoh.people.models import Person
from tests.conftest import make_agency, make_person, make_user

SUSPECT_NAMES = ("Vuthyrak", "Tigerjaw", "@zz_boss_tiger_jobs")


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


class Courts:
    """Police units in two provinces, a prosecutor's office, a court in a third province, a case
    worker who records the victims, and an analyst at the secretariat."""

    def __init__(self) -> None:
        self.police = make_agency("Banteay Meanchey AHJPD", AgencyKind.POLICE, "01")
        self.capital_police = make_agency("Phnom Penh AHJPD", AgencyKind.POLICE, "12")
        self.prosecution = make_agency("Banteay Meanchey prosecutor", AgencyKind.PROSECUTION, "01")
        self.court = make_agency("Battambang court", AgencyKind.COURT, "02")
        self.shelter = make_agency("Poipet Transit Centre", AgencyKind.TRANSIT_CENTRE, "01")
        self.secretariat = make_agency("NCCT Secretariat", AgencyKind.COMMITTEE, "12")
        self.officer = make_user(Role.POLICE_INVESTIGATOR, self.police)
        self.worker = make_user(Role.CASE_WORKER, self.shelter)
        self.analyst = make_user(Role.NCCT_ANALYST, self.secretariat)

    def person(self, **fields: Any) -> Person:
        return make_person(self.worker, **fields)

    def case(
        self, opened: date, *, capital: bool = False, forms: tuple[str, ...] = ("forced_labour",)
    ) -> CriminalCase:
        police = self.capital_police if capital else self.police
        case = CriminalCase.objects.create(
            police_agency=police,
            opened_by=self.officer,
            origin="referral",
            province=police.province,
            exploitation_types=sorted(forms),
            summary="Recruited online for a call-centre job and held in a compound.",
            stage="investigation",
            stage_since=opened,
        )
        StageTransition.objects.create(
            case=case, by=self.officer, to_stage="investigation", on=opened
        )
        return case

    def move(self, case: CriminalCase, stage: str, on: date, closure: str = "") -> None:
        StageTransition.objects.create(
            case=case,
            by=self.officer,
            from_stage=case.stage,
            to_stage=stage,
            on=on,
            closure=closure,
        )
        case.stage, case.stage_since, case.closure = stage, on, closure
        if stage == "sent_to_prosecutor":
            case.prosecution_agency = self.prosecution
        if stage in {"trial", "investigating_judge"}:
            case.court_agency = self.court
        case.save()

    def suspect(self, case: CriminalCase, **fields: Any) -> Suspect:
        data: dict[str, Any] = {
            "given_name": SUSPECT_NAMES[0],
            "family_name": SUSPECT_NAMES[1],
            "handles": [{"app": "Telegram", "handle": SUSPECT_NAMES[2]}],
            "sex": "male",
            "nationality": "KH",
            "role": "recruiter",
        }
        data.update(fields)
        return Suspect.objects.create(case=case, added_by=self.officer, **data)

    def charge(
        self,
        case: CriminalCase,
        suspect: Suspect,
        offence: str,
        level: str = "charged",
        exploitation: str = "",
    ) -> Charge:
        if offences.needs_exploitation(offence) and not exploitation:
            exploitation = "forced_criminality"
        return Charge.objects.create(
            case=case,
            suspect=suspect,
            offence=offence,
            level=level,
            exploitation=offences.exploitation_of(offence, exploitation),
            recorded_by=self.officer,
        )

    def victim(self, case: CriminalCase, person: Person) -> CaseVictim:
        return CaseVictim.objects.create(case=case, person=person, added_by=self.officer)

    def arrest(self, case: CriminalCase, suspect: Suspect, on: date) -> Arrest:
        return Arrest.objects.create(
            case=case,
            suspect=suspect,
            arrested_at=at(on),
            agency=case.police_agency,
            officer=self.officer,
            outcome="charged",
        )

    def verdict(self, charge: Charge, outcome: str, on: date) -> Verdict:
        return Verdict.objects.create(
            case=charge.case,
            charge=charge,
            outcome=outcome,
            decided_on=on,
            court_agency=self.court,
            recorded_by=self.officer,
        )

    def settlement(self, case: CriminalCase, kind: str, on: date, by: str = "victim") -> Settlement:
        return Settlement.objects.create(
            case=case,
            kind=kind,
            proposed_by=by,
            agreed_on=on,
            amount_riel=4_000_000 if kind == "settlement" else None,
            recorded_by=self.officer,
        )

    def prosecuted(
        self,
        opened: date,
        sent: date,
        charged: date | None = None,
        *,
        offence: str = "LSHTSE-12",
        capital: bool = False,
        victim: Person | None = None,
    ) -> tuple[CriminalCase, Suspect]:
        """A case recommended for ``offence``, sent, and (if ``charged``) charged with it."""
        case = self.case(opened, capital=capital)
        suspect = self.suspect(case)
        self.charge(case, suspect, offence, level="recommended")
        if victim is not None:
            self.victim(case, victim)
        self.move(case, "sent_to_prosecutor", sent)
        if charged is not None:
            self.charge(case, suspect, offence)
            self.move(case, "charged", charged)
        return case, suspect
