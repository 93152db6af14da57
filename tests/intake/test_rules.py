from datetime import UTC, datetime, timedelta

from rumdoh.intake.rules import deadlines, spam
from rumdoh.intake.rules.spam import Verdict

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_a_normal_tip_is_due_in_fourteen_days_an_urgent_one_in_three():
    assert deadlines.outcome_due(T0, urgent=False) == T0 + timedelta(days=14)
    assert deadlines.outcome_due(T0, urgent=True) == T0 + timedelta(days=3)
    assert deadlines.outcome_due(T0, urgent=False, normal_days=7) == T0 + timedelta(days=7)


def test_only_a_tip_without_outcome_past_its_due_time_is_overdue():
    due = T0 + timedelta(days=3)
    assert deadlines.is_overdue(due, False, due)
    assert not deadlines.is_overdue(due, False, due - timedelta(seconds=1))
    assert not deadlines.is_overdue(due, True, due + timedelta(days=9))


def test_the_spam_rule_refuses_the_trap_the_hasty_the_stale_and_the_many():
    assert spam.judge("", 30, 0) == Verdict.ACCEPT
    assert spam.judge("http://x", 30, 0) == Verdict.TRAP
    assert spam.judge("", 1.5, 0) == Verdict.TOO_FAST
    assert spam.judge("", None, 0) == Verdict.STALE
    assert spam.judge("", 3 * 24 * 3600, 0) == Verdict.STALE
    assert spam.judge("", 30, 5) == Verdict.TOO_MANY
    assert spam.judge("", 30, 4) == Verdict.ACCEPT
