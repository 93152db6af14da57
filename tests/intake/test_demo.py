"""The demo's tips: every channel, every kind of outcome linked to its record, some overdue."""

import io
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from rumdoh.accounts.models import User
from rumdoh.intake.choices import Channel, Outcome
from rumdoh.intake.models import Tip
from rumdoh.notices.models import Notification

AS_OF = date(2026, 6, 30)
END = datetime.combine(AS_OF + timedelta(days=1), time(), tzinfo=ZoneInfo("Asia/Phnom_Penh"))


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        call_command(
            "generate_demo_data", persons=40, seed=3, as_of=AS_OF.isoformat(), stdout=io.StringIO()
        )
        yield
        call_command("flush", interactive=False, verbosity=0)


@pytest.mark.django_db
def test_the_demo_has_tips_from_every_channel_with_each_outcome(generated):
    tips = list(Tip.objects.all())
    assert 20 <= len(tips) <= 30
    channels = {t.channel for t in tips}
    assert channels >= {c.value for c in Channel} - {Channel.PARTNER_SYSTEM}
    outcomes = {t.outcome for t in tips}
    assert outcomes >= {o.value for o in Outcome}
    for tip in tips:
        linked = {
            Outcome.SCREENING: tip.screening_id,
            Outcome.IDENTIFICATION: tip.identification_id,
            Outcome.CRIMINAL_CASE: tip.criminal_case_id,
            Outcome.OPERATION: tip.operation_id,
            Outcome.NO_ACTION: tip.no_action_reason,
        }
        assert not tip.outcome or linked[tip.outcome], tip.reference
        assert tip.received_at <= END
        assert tip.outcome_at is None or tip.received_at <= tip.outcome_at


@pytest.mark.django_db
def test_the_demo_has_overdue_tips_alerted_and_a_hotline_user(generated):
    assert any(t.is_overdue for t in Tip.objects.all())
    assert Notification.objects.filter(kind="intake.tip_overdue").exists()
    hotline = User.objects.get(username="hotline")
    assert hotline.role == "hotline_operator" and hotline.has_usable_password()
