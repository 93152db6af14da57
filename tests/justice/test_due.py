"""The "due today" page: each role sees the panels that are theirs, and everything in them."""

import re

import pytest
from django.urls import reverse

from rumdoh.accounts.audit import AuditEvent
from rumdoh.justice import services
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
    assert AuditEvent.objects.filter(
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
