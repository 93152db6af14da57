"""Arrests and the 48-hour alert, warrants, judicial supervision and absconding."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from rumdoh.accounts.rules.roles import Role
from rumdoh.core.errors import NotAllowed, Refused
from rumdoh.justice import alerts, custody, services
from rumdoh.justice.models import Arrest, Supervision
from rumdoh.notices.models import Notification
from tests.conftest import login, make_user

pytestmark = pytest.mark.django_db


def kinds(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_an_arrest_starts_the_clock_the_officer_sees(jw):
    case, _victim = jw.case_with_victim()
    suspect = jw.suspect(case)
    url = reverse("justice:arrest_new", args=[case.pk])
    at = (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = login(jw.police).post(
        url, {"suspect": suspect.pk, "arrested_at": at, "place": "Poipet"}
    )
    assert response.status_code == 302
    suspect.refresh_from_db()
    assert suspect.status == "in_custody"
    body = login(jw.police).get(reverse("justice:case_detail", args=[case.pk])).content.decode()
    assert "h " in body and "min left" in body
    due = login(jw.police).get(reverse("justice:home")).content.decode()
    assert suspect.reference in due and "min left" in due


def test_an_arrest_in_the_future_is_refused_on_the_form(jw):
    case, _victim = jw.case_with_victim()
    suspect = jw.suspect(case)
    later = (timezone.localtime() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    url = reverse("justice:arrest_new", args=[case.pk])
    response = login(jw.police).post(url, {"suspect": suspect.pk, "arrested_at": later})
    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()
    assert not Arrest.objects.exists()


def test_48_hours_without_charge_or_release_alerts_the_supervisor_once(jw):
    case, _victim = jw.case_with_victim()
    suspect = jw.suspect(case)
    arrest = jw.arrest(case, suspect, hours_ago=47)
    assert alerts.raise_due_alerts() == {"custody": 0, "check_ins": 0, "orders": 0}
    later = timezone.now() + timedelta(hours=1, minutes=1)
    assert alerts.raise_due_alerts(later)["custody"] == 1
    assert alerts.raise_due_alerts(later)["custody"] == 0
    assert kinds(jw.supervisor) == ["justice.custody_overdue"]
    assert "justice.custody_overdue" not in kinds(jw.police)
    arrest.refresh_from_db()
    assert arrest.alert_raised_at is not None


def test_the_alert_command_runs_from_cron(jw):
    case, _victim = jw.case_with_victim()
    jw.arrest(case, jw.suspect(case), hours_ago=49)
    call_command("justice_alerts")
    assert kinds(jw.supervisor) == ["justice.custody_overdue"]


def test_without_a_timer_the_alert_is_raised_while_people_use_the_system(jw, settings):
    settings.RUMDOH_ALERTS_ON_REQUEST = True
    case, _victim = jw.case_with_victim()
    jw.arrest(case, jw.suspect(case), hours_ago=49)
    login(jw.police).get(reverse("justice:home"))
    assert kinds(jw.supervisor) == ["justice.custody_overdue"]
    jw.arrest(case, jw.suspect(case), hours_ago=50)
    login(jw.police).get(reverse("justice:home"))  # checked less than a minute ago: not again
    assert kinds(jw.supervisor) == ["justice.custody_overdue"]


def test_a_failing_alert_run_never_costs_the_user_the_page(jw, settings, monkeypatch, caplog):
    from rumdoh.justice import middleware

    settings.RUMDOH_ALERTS_ON_REQUEST = True

    def broken(**_kwargs):
        raise RuntimeError("database lock timeout")

    monkeypatch.setattr(middleware, "raise_due_alerts", broken)
    assert login(jw.police).get(reverse("justice:home")).status_code == 200
    assert "deadline alerts failed" in caplog.text


def test_one_run_alerts_a_bounded_number_and_the_next_goes_on(jw):
    case, _victim = jw.case_with_victim()
    for hours in (49, 50, 51):
        jw.arrest(case, jw.suspect(case), hours_ago=hours)
    assert alerts.raise_due_alerts(limit=2)["custody"] == 2
    assert alerts.raise_due_alerts(limit=2)["custody"] == 1
    assert alerts.raise_due_alerts(limit=2)["custody"] == 0


def test_a_unit_with_no_supervisor_on_the_system_is_alerted_itself(jw):
    jw.supervisor.delete()
    case, _victim = jw.case_with_victim()
    jw.arrest(case, jw.suspect(case), hours_ago=50)
    alerts.raise_due_alerts()
    assert kinds(jw.police) == ["justice.custody_overdue"]


def test_a_charge_or_release_stops_the_clock(jw):
    case, _victim = jw.case_with_victim()
    suspect = jw.suspect(case)
    arrest = jw.arrest(case, suspect, hours_ago=30)
    url = reverse("justice:arrest_outcome", args=[arrest.pk])
    assert login(jw.police).post(url, {"outcome": "released"}).status_code == 302
    arrest.refresh_from_db()
    suspect.refresh_from_db()
    assert (arrest.outcome, suspect.status) == ("released", "released")
    assert custody.clock(arrest).resolved
    assert alerts.raise_due_alerts(timezone.now() + timedelta(days=3))["custody"] == 0
    with pytest.raises(Refused):
        custody.record_custody_outcome(jw.police, arrest, outcome="charged")


def test_a_suspect_in_custody_cannot_be_arrested_twice(jw):
    case, _victim = jw.case_with_victim()
    suspect = jw.suspect(case)
    jw.arrest(case, suspect)
    with pytest.raises(Refused):
        jw.arrest(case, suspect)


def test_the_supervisor_sees_the_units_cases_and_clocks(jw):
    case, _victim = jw.case_with_victim()
    suspect = jw.suspect(case)
    jw.arrest(case, suspect, hours_ago=45)
    body = login(jw.supervisor).get(reverse("justice:home")).content.decode()
    assert suspect.reference in body and "badge warn" in body


def test_warrants_issued_sent_and_served_or_not(jw):
    case, _victim = jw.case_with_victim()
    suspect = jw.suspect(case)
    today = timezone.localdate()
    warrant = custody.issue_warrant(
        jw.police, case, kind="arrest", issued_on=today, issued_by="Prosecutor Sok", suspect=suspect
    )
    custody.update_warrant(jw.police, warrant, status="sent", on=today, sent_via="messaging_app")
    with pytest.raises(Refused):
        custody.update_warrant(jw.police, warrant, status="not_served", on=today)
    custody.update_warrant(
        jw.police, warrant, status="not_served", on=today, reason="Fled to Thailand"
    )
    warrant.refresh_from_db()
    assert (warrant.status, warrant.sent_via) == ("not_served", "messaging_app")
    assert suspect.reference in login(jw.police).get(reverse("justice:home")).content.decode()
    with pytest.raises(Refused):
        custody.issue_warrant(jw.police, case, kind="arrest", issued_on=today, issued_by="X")
    arrest = custody.record_arrest(
        jw.police, case, suspect, arrested_at=timezone.now(), warrant=warrant
    )
    warrant.refresh_from_db()
    assert warrant.status == "served" and arrest.warrant == warrant


def _supervision(jw, case, suspect, first_due):
    return custody.order_supervision(
        jw.prosecutor,
        case,
        suspect,
        ordered_on=timezone.localdate() - timedelta(days=10),
        ordered_by="Investigating judge Chea",
        conditions=["report", "passport"],
        reporting_every_days=7,
        first_due_on=first_due,
    )


def test_a_missed_check_in_alerts_the_police_unit_and_the_prosecutor(jw):
    case, suspect, _charge = jw.charged_case()
    supervision = _supervision(jw, case, suspect, timezone.localdate() - timedelta(days=2))
    suspect.refresh_from_db()
    assert suspect.status == "under_supervision"
    body = login(jw.police).get(reverse("justice:home")).content.decode()
    assert suspect.reference in body and "missed" in body
    assert alerts.raise_due_alerts()["check_ins"] == 1
    assert alerts.raise_due_alerts()["check_ins"] == 0
    assert "justice.missed_check_in" in kinds(jw.police)
    assert "justice.missed_check_in" in kinds(jw.prosecutor)
    url = reverse("justice:check_in", args=[supervision.pk])
    assert login(jw.police).post(url, {"attended": "no", "note": "did not come"}).status_code == 302
    supervision.refresh_from_db()
    assert supervision.check_ins.get().attended is False
    assert supervision.next_due_on == timezone.localdate() + timedelta(days=5)
    page = login(jw.prosecutor).get(reverse("justice:case_detail", args=[case.pk])).content.decode()
    assert "did not report" in page


def test_reporting_on_time_moves_the_next_date_on(jw):
    case, suspect, _charge = jw.charged_case()
    today = timezone.localdate()
    supervision = _supervision(jw, case, suspect, today)
    custody.record_check_in(jw.police, supervision, attended=True)
    supervision.refresh_from_db()
    assert supervision.next_due_on == today + timedelta(days=7)
    assert not Notification.objects.filter(kind="justice.missed_check_in").exists()
    with pytest.raises(Refused):
        custody.record_check_in(jw.police, supervision, attended=False)


def test_only_the_prosecutor_or_court_orders_supervision(jw):
    case, suspect, _charge = jw.charged_case()
    with pytest.raises(NotAllowed):
        custody.order_supervision(
            jw.police,
            case,
            suspect,
            ordered_on=timezone.localdate(),
            ordered_by="x",
            conditions=["report"],
            reporting_every_days=7,
            first_due_on=timezone.localdate(),
        )


def test_reporting_unit_may_record_check_ins_even_if_not_the_case_unit(jw):
    case, suspect, _charge = jw.charged_case()
    supervision = custody.order_supervision(
        jw.prosecutor,
        case,
        suspect,
        ordered_on=timezone.localdate(),
        ordered_by="Judge",
        conditions=["report"],
        reporting_every_days=14,
        first_due_on=timezone.localdate(),
        reporting_agency=jw.other_police_agency,
    )
    custody.record_check_in(jw.other_police, supervision, attended=True)
    other = make_user(Role.POLICE_INVESTIGATOR, jw.world.partner_agency)
    with pytest.raises(NotAllowed):
        custody.record_check_in(other, supervision, attended=True)
    # The API lets the reporting unit do what its page does, and nobody else.
    from rest_framework.test import APIClient

    def api(user):
        client = APIClient()
        client.force_authenticate(user, token="token")
        return client

    url = f"/api/v1/supervisions/{supervision.pk}/check-ins/"
    listed = api(jw.other_police).get(url)
    assert listed.status_code == 200 and len(listed.json()) == 1
    # Not a participant: the reporting dates, not who ordered them nor the sealed details.
    seen = api(jw.other_police).get(f"/api/v1/supervisions/{supervision.pk}/").json()
    assert (seen["ordered_by"], seen["conditions_detail"]) == (None, None)
    supervision.refresh_from_db()
    assert seen["next_due_on"] == supervision.next_due_on.isoformat()
    full = api(jw.prosecutor).get(f"/api/v1/supervisions/{supervision.pk}/").json()
    assert full["ordered_by"] == "Judge"
    posted = api(jw.other_police).post(
        url, {"due_on": timezone.localdate().isoformat(), "attended": True}, format="json"
    )
    assert posted.status_code == 201, posted.content
    assert api(other).get(url).status_code == 404
    # On the page, the reporting unit goes back to its due-today page, not to the case.
    page = reverse("justice:check_in", args=[supervision.pk])
    form = login(jw.other_police).get(page).content.decode()
    assert reverse("justice:case_detail", args=[case.pk]) not in form
    data = {"attended": "yes"}
    done = login(jw.other_police).post(page, data)
    assert done.status_code == 302 and done.url == reverse("justice:home") + "#check-ins"


def test_absconding_is_reported_shown_and_alerted(jw):
    case, suspect, _charge = jw.charged_case()
    supervision = _supervision(jw, case, suspect, timezone.localdate() + timedelta(days=3))
    url = reverse("justice:suspect_absconded", args=[suspect.pk])
    assert login(jw.police).post(url, {"note": "seen crossing at Poipet"}).status_code == 302
    suspect.refresh_from_db()
    supervision.refresh_from_db()
    assert (suspect.status, supervision.status) == ("absconded", "absconded")
    assert "justice.absconded" in kinds(jw.prosecutor)
    page = login(jw.prosecutor).get(reverse("justice:case_detail", args=[case.pk])).content.decode()
    assert "Absconded" in page
    with pytest.raises(Refused):
        services.report_absconded(jw.police, suspect)
    assert Supervision.objects.filter(status="active").count() == 0


def test_an_arrest_in_a_mistyped_year_is_refused_beside_its_time(jw):
    """An arrest in 2008 on a case opened now would show a custody clock overdue by a hundred
    thousand hours and count in the figures of 2008."""
    case, _victim = jw.case_with_victim()
    suspect = jw.suspect(case)
    url = reverse("justice:arrest_new", args=[case.pk])
    data = {"suspect": suspect.pk, "arrested_at": "2008-01-02T10:00", "place": "Poipet"}
    response = login(jw.police).post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["arrested_at"]
    assert f"a week before the case was opened, on {case.opened_on:%Y-%m-%d}" in str(errors)
    khmer = login(jw.police)
    khmer.cookies["django_language"] = "km"
    assert "ការចាប់ខ្លួនមិនអាចមានកាលបរិច្ឆេទមុនថ្ងៃបើកសំណុំរឿង" in khmer.post(url, data).content.decode()
    assert not Arrest.objects.exists()
    # Caught in the act two days before the case was opened: recorded.
    before = (timezone.localtime() - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    assert login(jw.police).post(url, {**data, "arrested_at": before}).status_code == 302
