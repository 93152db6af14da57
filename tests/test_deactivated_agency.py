"""An agency the system administrator deactivates takes its staff out of the system at once: no
sign-in, no open session, no API token, as if each account were suspended; reactivated, they are
back."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from rumdoh.accounts.rules.roles import Role
from tests.conftest import make_agency, make_person, make_user

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"


def _set_active(agency, active: bool) -> None:
    agency.is_active = active
    agency.save(update_fields=["is_active"])


def test_staff_of_a_deactivated_agency_lose_their_session_sign_in_and_token():
    closing = make_agency("Closing Shelter")
    worker = make_user(Role.CASE_WORKER, closing, "worker")
    person = make_person(worker)
    browser = Client()
    assert (
        browser.post(
            reverse("accounts:login"), {"username": "worker", "password": PASSWORD}
        ).status_code
        == 302
    )
    assert browser.get(f"/people/{person.pk}/").status_code == 200
    token = Token.objects.create(user=worker)
    api = APIClient(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get(f"/api/v1/persons/{person.pk}/").status_code == 200

    _set_active(closing, False)

    response = browser.get(f"/people/{person.pk}/")
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    refused = Client().post(reverse("accounts:login"), {"username": "worker", "password": PASSWORD})
    assert refused.status_code == 200
    assert api.get(f"/api/v1/persons/{person.pk}/").status_code in (401, 403)

    _set_active(closing, True)
    assert (
        Client()
        .post(reverse("accounts:login"), {"username": "worker", "password": PASSWORD})
        .status_code
        == 302
    )
    assert api.get(f"/api/v1/persons/{person.pk}/").status_code == 200


def test_the_staff_of_other_agencies_are_not_touched():
    _set_active(make_agency("Closing Shelter"), False)
    make_user(Role.CASE_WORKER, make_agency("Open Shelter"), "other")
    assert (
        Client()
        .post(reverse("accounts:login"), {"username": "other", "password": PASSWORD})
        .status_code
        == 302
    )
