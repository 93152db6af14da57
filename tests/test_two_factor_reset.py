"""A two-step reset (a lost phone) is followed by a new enrolment: only after the password again.

The sign-in already open elsewhere (on the lost phone, a borrowed laptop) passed its second step
with the old authenticator; once that is reset, it must not be the one that enrols a new one.
"""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from rumdoh.accounts import services
from rumdoh.accounts.rules.roles import Role
from tests.conftest import make_agency, make_user

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def _signed_in_with_two_steps(username: str) -> Client:
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    client.get(reverse("accounts:two_factor"))
    device = TOTPDevice.objects.get(user__username=username)
    response = client.post(reverse("accounts:two_factor"), {"otp_token": _code(device)})
    assert response.status_code == 302
    assert client.get(reverse("accounts:audit")).status_code == 200
    return client


def test_a_session_open_before_a_two_step_reset_cannot_enrol_a_new_authenticator():
    agency = make_agency()
    admin = make_user(Role.AGENCY_ADMIN, agency, "boss")
    user = make_user(Role.AGENCY_ADMIN, agency, "lost.phone")
    stale = _signed_in_with_two_steps("lost.phone")

    services.reset_two_factor(admin, user)

    page = stale.get(reverse("accounts:two_factor"))
    assert page.status_code == 302
    assert page.url.startswith(reverse("accounts:login"))
    assert b"data:image/svg+xml" not in page.content
    assert b"totp-secret" not in page.content
    for device in TOTPDevice.objects.filter(user__username="lost.phone"):
        stale.post(reverse("accounts:two_factor"), {"otp_token": _code(device)})
    assert stale.get(reverse("accounts:audit")).status_code == 302
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    login_page = stale.get(page.url)
    assert "Sign in again with your password" in login_page.content.decode()


def test_after_a_two_step_reset_the_password_again_lets_the_user_enrol():
    agency = make_agency()
    admin = make_user(Role.AGENCY_ADMIN, agency, "boss")
    user = make_user(Role.AGENCY_ADMIN, agency, "lost.phone")
    _signed_in_with_two_steps("lost.phone")
    services.reset_two_factor(admin, user)

    fresh = _signed_in_with_two_steps("lost.phone")
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
    assert fresh.get(reverse("accounts:audit")).status_code == 200
