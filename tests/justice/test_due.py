"""The "due today" page: each role sees the panels that are theirs, and everything in them."""

import re

import pytest
from django.urls import reverse

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
