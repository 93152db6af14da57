"""The protection panel on a person's page."""

import pytest
from django.urls import reverse

from rumdoh.accounts.rules.roles import Role
from tests.conftest import login, make_user
from tests.protection.helpers import (
    consent_to_referral,
    identifier,
    owner_case,
    ready_to_refer,
    refer,
)

pytestmark = pytest.mark.django_db


def page(user, world) -> str:
    return login(user).get(reverse("people:detail", args=[world.person.pk])).content.decode()


def test_identifier_sees_the_identify_button(world):
    assert "Formally identify" in page(identifier(world), world)
    assert "Formally identify" not in page(world.owner, world)


def test_refer_button_needs_identification_and_consent(world):
    assert "has not consented to be referred" in page(world.owner, world)
    ready_to_refer(world)
    body = page(world.owner, world)
    assert reverse("protection:refer", args=[world.person.pk]) in body


def test_open_case_button_until_the_agency_has_a_case(world):
    owner_case(world)
    consent_to_referral(world)
    assert "Open case" not in page(world.owner, world)
    assert "Open case" in page(world.partner, world)


def test_panel_shows_identification_referrals_and_cases(world):
    case = owner_case(world)
    referral = refer(world, ready_to_refer(world))
    body = page(world.partner, world)
    assert "Suspected victim" in body and "Forced criminality" in body
    assert referral.reference in body and case.reference in body


def test_prosecutor_sees_the_panel_without_buttons(world):
    owner_case(world)
    prosecutor = make_user(Role.PROSECUTOR, world.owner_agency)
    body = (
        login(
            prosecutor,
        )
        .get(reverse("people:detail", args=[world.person.pk]))
        .content.decode()
    )
    assert "Suspected victim" in body
    for button in ("Formally identify", "Open case", "Refer here"):
        assert button not in body
