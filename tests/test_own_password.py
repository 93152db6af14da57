"""Everyone changes their own password: the administrator who set it (a new account, a forgotten
password) must not go on knowing it, and sign in as the colleague unseen."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from rumdoh.accounts.models import AuditEvent
from rumdoh.accounts.rules.roles import Role
from tests.conftest import login, make_agency, make_user

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"
NEW = "a-brand-new-secret-9"
URL = "/account/password/"


def _change(client: Client, old: str, new: str = NEW):
    return client.post(URL, {"old_password": old, "new_password1": new, "new_password2": new})


def _signs_in(username: str, password: str) -> bool:
    response = Client().post(
        reverse("accounts:login"), {"username": username, "password": password}
    )
    return response.status_code == 302


def test_a_user_changes_the_password_an_administrator_gave_them():
    user = make_user(Role.CASE_WORKER, make_agency(), "sokha")
    client = login(user)
    assert "Change your password" in client.get(URL).content.decode()

    response = _change(client, PASSWORD)

    assert response.status_code == 302
    assert client.get(reverse("people:list")).status_code == 200  # still signed in here
    assert _signs_in("sokha", NEW)
    assert not _signs_in("sokha", PASSWORD)
    event = AuditEvent.objects.get(action="user.password_changed")
    assert event.user == user and event.object_id == str(user.pk)


def test_a_wrong_present_password_changes_nothing_and_counts_as_a_failed_sign_in(settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    user = make_user(Role.CASE_WORKER, make_agency(), "sokha")
    client = login(user)
    for _ in range(3):
        page = _change(client, "not-my-password")
        assert page.status_code == 200
        assert "old password was entered incorrectly" in page.content.decode()

    locked = _change(client, PASSWORD)

    assert "Too many failed attempts" in locked.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(action="user.password_changed").exists()


def test_the_password_page_speaks_khmer():
    client = login(make_user(Role.CASE_WORKER, make_agency(), "sokha"))
    client.cookies["django_language"] = "km"
    page = _change(client, "not-my-password").content.decode()
    assert "ពាក្យសម្ងាត់ចាស់ដែលអ្នកបានវាយមិនត្រឹមត្រូវទេ។" in page
    main = page.split('<main id="main">', 1)[1].split("</main>", 1)[0]
    assert re.findall(r"[A-Za-z]{3,}", re.sub(r"<[^>]*>", " ", main)) == []


def test_the_password_page_asks_a_signed_out_visitor_to_sign_in():
    response = Client().get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_the_admin_console_sends_a_system_admin_to_the_same_page_for_their_own_password():
    sysadmin = make_user(Role.SYSTEM_ADMIN, make_agency(), "root")
    sysadmin.is_staff = sysadmin.is_superuser = True
    sysadmin.save()
    client = login(sysadmin)
    own_in_console = reverse("admin:auth_user_password_change", args=[sysadmin.pk])
    for url in (reverse("admin:password_change"), own_in_console):
        response = client.get(url)
        assert response.status_code == 302 and response.url == URL
    # The console's form took a new password without the present one, and wrote no audit row.
    client.post(own_in_console, {"password1": NEW, "password2": NEW, "usable_password": "true"})
    sysadmin.refresh_from_db()
    assert sysadmin.check_password(PASSWORD)
