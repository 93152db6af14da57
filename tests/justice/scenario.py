"""One case with a record of every kind, for the access tests."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from rumdoh.justice import court, custody, interviews, orders, services
from rumdoh.justice.models import (
    Arrest,
    CaseVictim,
    Charge,
    CompensationOrder,
    CompensationWorksheet,
    CriminalCase,
    Hearing,
    Supervision,
    Suspect,
    Verdict,
    Warrant,
)
from rumdoh.justice.rules.compensation import Claim, Item
from tests.justice.helpers import JusticeWorld


@dataclass
class Everything:
    case: CriminalCase
    victim: CaseVictim
    suspect: Suspect
    charge: Charge
    arrest: Arrest
    warrant: Warrant
    supervision: Supervision
    hearing: Hearing
    verdict: Verdict
    worksheet: CompensationWorksheet
    order: CompensationOrder


def everything(jw: JusticeWorld) -> Everything:
    today = timezone.localdate()
    case, suspect, charge = jw.charged_case()
    victim = case.victims.get()
    warrant = custody.issue_warrant(
        jw.prosecutor, case, kind="arrest", issued_on=today, issued_by="Judge Chea", suspect=suspect
    )
    arrest = jw.arrest(case, suspect, hours_ago=3)
    custody.record_custody_outcome(jw.police, arrest, outcome="charged")
    supervision = custody.order_supervision(
        jw.prosecutor,
        case,
        suspect,
        ordered_on=today,
        ordered_by="Investigating judge Chea",
        conditions=["report", "no_contact"],
        reporting_every_days=7,
        first_due_on=today + timedelta(days=7),
    )
    jw.to_trial(case)
    hearing = court.schedule_hearing(
        jw.clerk, case, kind="trial", scheduled_for=timezone.now() + timedelta(days=2)
    )
    verdict = court.record_verdict(
        jw.clerk, case, charge, outcome="convicted", decided_on=today, prison_months=96
    )
    court.record_settlement(
        jw.police, case, kind="withdrawal", proposed_by="victim_family", agreed_on=today
    )
    worksheet = orders.save_worksheet(
        jw.prosecutor, victim, Claim(material=(Item("Recruitment fee", 2_000_000),))
    )
    order = orders.record_order(
        jw.clerk,
        case,
        victim=victim,
        defendant=suspect,
        amount_riel=8_000_000,
        ordered_on=today,
        due_on=today + timedelta(days=90),
        verdict=verdict,
    )
    interviews.record_interview(
        jw.police, jw.person, interviewed_on=today, purpose="statement", case=case
    )
    services.update_case(
        jw.prosecutor,
        case,
        {"court_notes": "Defence lawyer asked for delay"},
        expected_version=case.version,
    )
    case.refresh_from_db()
    return Everything(
        case,
        victim,
        suspect,
        charge,
        arrest,
        warrant,
        supervision,
        hearing,
        verdict,
        worksheet,
        order,
    )
