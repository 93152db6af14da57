"""The "due today" page: each role sees the panels that are theirs, and everything in them."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rumdoh.accounts.audit import AuditEvent
from rumdoh.justice import court, custody, services
from rumdoh.justice.choices import HearingStatus
from rumdoh.justice.models import CriminalCase, Hearing, Suspect, Warrant
from tests.conftest import login

pytestmark = pytest.mark.django_db


def due_page(user):
    response = login(user).get(reverse("justice:home"))
    assert response.status_code == 200
    return response.content.decode()


def panel(body, name):
    """The text of one panel of the page, or None when the page does not show it."""
    found = re.search(rf'<section class="card" id="{name}">(.*?)</section>', body, re.S)
    return found.group(1) if found else None


def other_unit_case(jw) -> tuple[CriminalCase, Suspect]:
    """A case of the Kampot police, a unit that is neither the hub's nor under it."""
    case = services.open_case(
        jw.other_police, origin="report", province="07", exploitation_types=["forced_labour"]
    )
    suspect = services.add_suspect(
        jw.other_police,
        case,
        {"family_name": "Chan", "given_name": "Dara", "role": "recruiter", "sex": "male"},
    )
    return case, suspect


def warrant(user, case, suspect) -> Warrant:
    today = timezone.localdate()
    return custody.issue_warrant(
        user, case, kind="arrest", issued_on=today, issued_by="Prosecutor Sok", suspect=suspect
    )


# --- which panels each role sees ----------------------------------------------------------------


def test_the_court_sees_no_custody_clocks_but_its_own_panels(jw):
    body = due_page(jw.clerk)
    assert panel(body, "custody") is None
    assert "Nobody in custody" not in body
    for name in ("check-ins", "hearings", "overdue"):
        assert panel(body, name) is not None


@pytest.mark.parametrize("who", ["police", "supervisor"])
def test_the_police_see_no_compensation_orders_they_never_hold(jw, who):
    body = due_page(getattr(jw, who))
    assert panel(body, "overdue") is None
    assert "Nothing overdue." not in body
    for name in ("custody", "check-ins", "hearings"):
        assert panel(body, name) is not None


def test_the_prosecutor_sees_custody_reporting_hearings_and_orders(jw):
    body = due_page(jw.prosecutor)
    for name in ("custody", "check-ins", "hearings", "overdue"):
        assert panel(body, name) is not None


def test_a_case_worker_sees_court_dates_and_orders_only(jw, world):
    body = due_page(world.owner)
    for name in ("custody", "check-ins", "warrants", "files", "non-punishment"):
        assert panel(body, name) is None
    for name in ("hearings", "overdue"):
        assert panel(body, name) is not None


def test_the_case_workers_page_is_named_as_their_menu_names_it(jw, world):
    heading = re.search(r"<h1>(.*?)<", due_page(world.owner)).group(1).strip()
    assert heading == "Court follow-up"
    assert re.search(r"<h1>(.*?)<", due_page(jw.clerk)).group(1).strip() == "Due today"


# --- non-punishment reviews for the court -------------------------------------------------------


def flag(jw, case):
    victim = case.victims.get()
    acts = "Illegal entry (Immigration Law art. 29)"
    return services.flag_non_punishment(jw.police, victim, acts=acts)


def test_the_court_knows_of_victims_flagged_for_non_punishment_before_trial(jw):
    case, _suspect, _charge = jw.at_trial()
    victim = flag(jw, case)
    shown = panel(due_page(jw.clerk), "non-punishment")
    assert shown is not None
    assert case.reference in shown and jw.person.reference in shown
    assert "Illegal entry (Immigration Law art. 29)" in shown
    # Information only: deciding is the prosecutor's, whose page keeps the link.
    review = reverse("justice:non_punishment_review", args=[victim.pk])
    assert review not in shown
    assert review in (panel(due_page(jw.prosecutor), "non-punishment") or "")
    # The court does not have her record: she is listed by number, and no name was read.
    assert "Sokha" not in shown
    assert not AuditEvent.objects.filter(
        action="person.listed", user=jw.clerk, person_id=jw.person.pk
    ).exists()


def test_the_court_does_not_see_flags_in_cases_not_before_it(jw):
    case, _suspect, _charge = jw.charged_case()  # with the prosecutor, not yet sent to court
    flag(jw, case)
    assert panel(due_page(jw.prosecutor), "non-punishment") is not None
    assert panel(due_page(jw.clerk), "non-punishment") is None
    assert not AuditEvent.objects.filter(action="person.listed", user=jw.clerk).exists()


def test_no_one_else_sees_the_non_punishment_list(jw, world):
    case, _suspect, _charge = jw.at_trial()
    flag(jw, case)
    for who in (jw.police, jw.supervisor, jw.other_police, world.owner):
        assert panel(due_page(who), "non-punishment") is None


# --- warrants: a supervisor's units, never another unit's ---------------------------------------


def test_a_supervisor_sees_the_unserved_warrants_of_the_units_below(jw):
    case, _victim = jw.case_with_victim()  # opened by the unit under the supervisor's hub
    suspect = jw.suspect(case)
    warrant(jw.police, case, suspect)
    shown = panel(due_page(jw.supervisor), "warrants")
    assert shown is not None
    assert case.reference in shown and suspect.reference in shown
    assert jw.police_agency.name in shown
    assert suspect.reference in (panel(due_page(jw.police), "warrants") or "")


def test_another_units_warrants_never_appear(jw):
    case, _victim = jw.case_with_victim()
    suspect = jw.suspect(case)
    warrant(jw.police, case, suspect)
    kampot_case, kampot_suspect = other_unit_case(jw)
    warrant(jw.other_police, kampot_case, kampot_suspect)
    for who in (jw.police, jw.supervisor):
        shown = panel(due_page(who), "warrants") or ""
        assert kampot_case.reference not in shown and kampot_suspect.reference not in shown
    shown = panel(due_page(jw.other_police), "warrants") or ""
    assert kampot_suspect.reference in shown
    assert case.reference not in shown and suspect.reference not in shown


def test_served_warrants_are_not_listed(jw):
    case, _victim = jw.case_with_victim()
    suspect = jw.suspect(case)
    served = warrant(jw.police, case, suspect)
    custody.update_warrant(jw.police, served, status="served", on=timezone.localdate())
    assert panel(due_page(jw.supervisor), "warrants") is None


def test_the_warrants_panel_costs_the_same_queries_for_one_warrant_or_many(jw):
    case, _victim = jw.case_with_victim()
    suspect = jw.suspect(case)
    warrant(jw.police, case, suspect)
    client = login(jw.supervisor)
    client.get(reverse("justice:home"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("justice:home"))
    for _ in range(3):
        other = jw.suspect(case, family_name="Keo")
        warrant(jw.police, case, other)
    with CaptureQueriesContext(connection) as many:
        body = client.get(reverse("justice:home")).content.decode()
    assert (panel(body, "warrants") or "").count("<li>") == 4
    assert len(many) == len(one)


# --- reporting under supervision: the same units as the custody clocks --------------------------


def test_a_supervisor_sees_reporting_due_in_the_units_below_and_no_other(jw):
    case, suspect, _charge = jw.charged_case()
    today = timezone.localdate()
    custody.order_supervision(
        jw.prosecutor,
        case,
        suspect,
        ordered_on=today - timedelta(days=10),
        ordered_by="Investigating judge Chea",
        conditions=["report"],
        reporting_every_days=7,
        first_due_on=today,
    )
    for who in (jw.police, jw.supervisor, jw.prosecutor):
        assert suspect.reference in (panel(due_page(who), "check-ins") or "")
    assert suspect.reference not in (panel(due_page(jw.other_police), "check-ins") or "")


def test_a_long_panel_says_that_more_are_not_shown(jw, monkeypatch):
    from rumdoh.justice.views import due

    monkeypatch.setattr(due, "LIMIT", 2)
    monkeypatch.setattr(due, "FIRST", 3)
    case, _victim = jw.case_with_victim()
    for hours in (1, 2):
        jw.arrest(case, jw.suspect(case), hours_ago=hours)
    shown = panel(due_page(jw.police), "custody")
    assert shown is not None and "Only the first 2 are shown" not in shown
    jw.arrest(case, jw.suspect(case), hours_ago=3)
    shown = panel(due_page(jw.police), "custody")
    assert "Only the first 2 are shown" in shown and shown.count("<li>") == 2


# --- hearings this week -------------------------------------------------------------------------


def test_hearings_this_week_are_the_weeks_both_held_and_to_come(jw):
    """The panel says "this week": Monday to Sunday, Cambodia time. A hearing marked held stays in
    it, one later in the week is there with it, and next week's and last week's are not."""
    case, _suspect, _charge = jw.at_trial()
    today = timezone.localdate()
    monday = timezone.make_aware(
        datetime.combine(today - timedelta(days=today.weekday()), time(8, 30))
    )
    times = {
        "held": monday,
        "later": monday + timedelta(days=6, hours=6),  # Sunday 14:30
        "postponed": monday + timedelta(days=1),
        "last week": monday - timedelta(days=1),
        "next week": monday + timedelta(days=7),
    }
    hearings = {
        name: court.schedule_hearing(jw.clerk, case, kind="trial", scheduled_for=when)
        for name, when in times.items()
    }
    Hearing.objects.filter(pk=hearings["held"].pk).update(status=HearingStatus.HELD)
    Hearing.objects.filter(pk=hearings["postponed"].pk).update(status=HearingStatus.POSTPONED)
    shown = panel(due_page(jw.clerk), "hearings")
    listed = {
        name
        for name, when in times.items()
        if f"{timezone.localtime(when):%Y-%m-%d %H:%M}" in shown
    }
    assert listed == {"held", "later"}
    assert shown.count("Held") == 1
