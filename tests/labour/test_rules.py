"""The labour rules: the complaint clocks, the referral rule, licences, risk and sealed plans."""

from datetime import date

import pytest

from rumdoh.labour.rules import clocks, complaints, licences, risk
from rumdoh.labour.rules.complaints import Block, Stage


def test_conciliation_hearing_is_due_three_weeks_after_the_complaint():
    clock = clocks.conciliation_clock(date(2026, 3, 1), date(2026, 3, 2))
    assert clock.deadline == date(2026, 3, 22)
    assert clock.state == clocks.ClockState.RUNNING
    assert clocks.conciliation_clock(date(2026, 3, 1), date(2026, 3, 20)).state == "ending"
    assert clocks.conciliation_clock(date(2026, 3, 1), date(2026, 3, 22)).state == "ending"
    late = clocks.conciliation_clock(date(2026, 3, 1), date(2026, 3, 23))
    assert late.overdue and late.days_left == -1


def test_a_hearing_after_the_three_weeks_is_met_late():
    clock = clocks.conciliation_clock(date(2026, 3, 1), date(2026, 4, 1), date(2026, 3, 25))
    assert clock.state == clocks.ClockState.MET_LATE


def test_court_deadline_is_two_calendar_months_and_clips_to_month_end():
    assert clocks.court_deadline(date(2026, 1, 15)) == date(2026, 3, 15)
    assert clocks.court_deadline(date(2025, 12, 31)) == date(2026, 2, 28)
    assert clocks.court_deadline(date(2027, 12, 31)) == date(2028, 2, 29)


def test_a_claim_lapses_the_day_after_the_two_months():
    assert not clocks.lapsed(date(2026, 1, 15), date(2026, 3, 15), None)
    assert clocks.lapsed(date(2026, 1, 15), date(2026, 3, 16), None)
    assert not clocks.lapsed(date(2026, 1, 15), date(2026, 6, 1), date(2026, 3, 1))


def test_a_crime_indicated_blocks_agreement_and_closure_without_referral():
    crime = ["not-indicated", "forced-labour-indicated"]
    assert complaints.blocked(Stage.HEARING_SCHEDULED, Stage.AGREEMENT, crime, False, False) == (
        Block.REFERRAL_REQUIRED
    )
    assert complaints.blocked(Stage.FILED, Stage.CLOSED, crime, False, False) == (
        Block.REFERRAL_REQUIRED
    )
    assert complaints.blocked(Stage.FILED, Stage.CLOSED, crime, True, False) is None
    assert complaints.blocked(Stage.FILED, Stage.CLOSED, crime, False, True) is None
    assert (
        complaints.blocked(Stage.HEARING_SCHEDULED, Stage.NON_CONCILIATION, crime, False, False)
        is None
    )


def test_no_crime_indicated_needs_no_referral():
    done = ["not-indicated", "further-assessment"]
    assert complaints.blocked(Stage.FILED, Stage.CLOSED, done, False, False) is None


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (Stage.FILED, Stage.AGREEMENT),
        (Stage.CLOSED, Stage.FILED),
        (Stage.AGREEMENT, Stage.IN_COURT),
    ],
)
def test_a_complaint_moves_only_to_a_next_stage(current, target):
    assert complaints.blocked(current, target, [], False, False) == Block.NOT_NEXT


def test_licence_status_follows_dates_and_sanctions():
    issued, expires = date(2025, 1, 1), date(2027, 1, 1)
    assert licences.licence_status(issued, expires, date(2026, 1, 1)) == "valid"
    assert licences.licence_status(issued, expires, date(2026, 12, 1)) == "expiring"
    assert licences.licence_status(issued, expires, date(2027, 1, 2)) == "expired"
    suspended = [
        licences.SanctionFact(licences.Sanction.SUSPENSION, date(2026, 1, 1), date(2026, 3, 1))
    ]
    assert licences.licence_status(issued, expires, date(2026, 2, 1), suspended) == "suspended"
    assert licences.licence_status(issued, expires, date(2026, 4, 1), suspended) == "valid"
    revoked = [licences.SanctionFact(licences.Sanction.REVOCATION, date(2026, 5, 1))]
    assert licences.licence_status(issued, expires, date(2026, 6, 1), revoked) == "revoked"
    assert not licences.may_recruit(licences.LicenceStatus.SUSPENDED)


def test_the_deposit_and_the_sanction_ladder():
    assert licences.deposit_shortfall(60_000) == 40_000
    assert licences.deposit_shortfall(150_000) == 0
    S = licences.Sanction
    assert licences.next_sanction([]) == S.WARNING
    assert licences.next_sanction([S.WARNING]) == S.FINE
    assert licences.next_sanction([S.WARNING, S.SUSPENSION]) == S.REVOCATION
    assert licences.next_sanction([S.REVOCATION]) == S.REVOCATION


def test_risk_grows_with_cases_and_is_capped():
    quiet = risk.risk("construction", {})
    assert quiet.score == 10 and quiet.level == risk.Level.LOW
    busy = risk.risk("scam_compound", {"complaints": 2, "criminal_cases": 1})
    assert busy.score == 30 + 8 + 12 and busy.level == risk.Level.MEDIUM
    assert risk.risk("scam_compound", {"raids": 20}).score == 100
    assert risk.risk("unknown-kind", {"tips": 1, "new_source": 2}).parts == {
        "kind": 5,
        "tips": 3,
        "new_source": 2,
    }
    with pytest.raises(ValueError):
        risk.risk("fishing", {"tips": -1})


def test_a_plan_is_sealed_from_outsiders_until_its_date():
    day = date(2026, 5, 10)
    assert risk.plan_visible(True, day, date(2026, 5, 1))
    assert not risk.plan_visible(False, day, date(2026, 5, 9))
    assert risk.plan_visible(False, day, date(2026, 5, 10))
