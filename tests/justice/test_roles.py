"""Roles and capabilities of the criminal process (roles.py stays pure)."""

import pytest

from rumdoh.accounts.models import ROLE_LABELS
from rumdoh.accounts.rules.roles import JUSTICE_CAPABILITIES, Role, can, requires_two_factor
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.portal.navigation import HOME_FOR_ROLE


@pytest.mark.parametrize(
    ("role", "granted"),
    [
        (Role.POLICE_INVESTIGATOR, {C.INVESTIGATE}),
        (Role.POLICE_SUPERVISOR, {C.INVESTIGATE, C.SUPERVISE_UNIT}),
        (Role.PROSECUTOR, {C.PROSECUTE}),
        (Role.COURT_CLERK, {C.RECORD_COURT}),
        (Role.CASE_WORKER, set()),
        (Role.NCCT_ANALYST, set()),
        (Role.AGENCY_ADMIN, set()),
        (Role.SYSTEM_ADMIN, set()),
    ],
)
def test_justice_capabilities_by_role(role, granted):
    assert {c for c in JUSTICE_CAPABILITIES if can(role, c)} == granted


def test_a_police_supervisor_is_a_police_investigator_and_more():
    from rumdoh.accounts.rules.roles import CAPABILITIES

    assert CAPABILITIES[Role.POLICE_INVESTIGATOR] < CAPABILITIES[Role.POLICE_SUPERVISOR]
    assert requires_two_factor(Role.POLICE_SUPERVISOR)


def test_every_role_has_a_label_and_a_home_page():
    assert set(ROLE_LABELS) == set(Role)
    assert set(HOME_FOR_ROLE) == {r.value for r in Role}


def test_justice_roles_land_on_the_due_today_page():
    for role in ("police_investigator", "police_supervisor", "prosecutor", "court_clerk"):
        assert HOME_FOR_ROLE[role] == "justice:home"
