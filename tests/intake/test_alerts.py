from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from rumdoh.accounts.rules.roles import Role
from rumdoh.intake import alerts, services
from rumdoh.intake.choices import Outcome
from rumdoh.notices.models import Notification
from tests.conftest import make_user


def _aged(tips, days: int, **fields):
    return tips.tip(received_at=timezone.now() - timedelta(days=days), **fields)


def test_an_overdue_tip_alerts_the_holding_agencys_supervisor_once(tips):
    tip = _aged(tips, 15)
    services.assign(tips.operator, tip, tips.police_agency, version=1)
    assert alerts.raise_tip_alerts() == 1
    notes = Notification.objects.filter(kind=alerts.TIP_OVERDUE)
    assert [n.recipient for n in notes] == [tips.supervisor]
    assert tip.reference in notes[0].message and "Girls" not in notes[0].message
    assert alerts.raise_tip_alerts() == 0


def test_urgent_tips_are_due_in_three_days_and_closed_ones_never_alert(tips):
    _aged(tips, 4, urgency="urgent")
    _aged(tips, 4)  # normal: not yet due
    closed = _aged(tips, 20)
    services.record_outcome(tips.operator, closed, Outcome.NO_ACTION, reason="false", version=1)
    assert alerts.raise_tip_alerts() == 1


def test_an_agency_without_a_supervisor_hears_through_its_tip_recorders(tips):
    _aged(tips, 20)  # held by the hotline, which has an operator only
    alerts.raise_tip_alerts()
    assert Notification.objects.get(kind=alerts.TIP_OVERDUE).recipient == tips.operator


def test_the_agency_administrator_supervises_tips_and_a_reassigned_tip_alerts_again(tips):
    admin = make_user(Role.AGENCY_ADMIN, tips.outsider_agency)
    tip = _aged(tips, 20)
    alerts.raise_tip_alerts()
    tip.refresh_from_db()
    services.assign(tips.operator, tip, tips.outsider_agency, version=tip.version)
    call_command("intake_alerts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Notification.objects.filter(recipient=admin, kind=alerts.TIP_OVERDUE).count() == 1


def test_the_alert_runs_during_requests(tips, settings, client):
    settings.RUMDOH_ALERTS_ON_REQUEST = True
    _aged(tips, 20)
    client.force_login(tips.operator)  # no second factor to pass
    client.get("/tips/")
    assert Notification.objects.filter(kind=alerts.TIP_OVERDUE).count() == 1
