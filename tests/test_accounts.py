import os
import re
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from rumdoh.accounts.audit import log_action
from rumdoh.accounts.models import AuditEvent
from rumdoh.accounts.rules.roles import Role
from rumdoh.core.rules.crypto import new_key
from tests.conftest import login, make_agency, make_user

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def test_agency_admin_must_enrol_a_second_factor_before_reaching_pages():
    admin = make_user(Role.AGENCY_ADMIN, make_agency())
    client = Client()
    client.force_login(admin)
    response = client.get(reverse("accounts:audit"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor"))
    page = client.get(response.url)
    assert b"data:image/svg+xml" in page.content
    device = TOTPDevice.objects.get(user=admin)
    assert not device.confirmed
    done = client.post(
        reverse("accounts:two_factor") + "?next=/account/audit/", {"otp_token": _code(device)}
    )
    assert done.status_code == 302 and done.url == "/account/audit/"
    assert client.get("/account/audit/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_wrong_second_factor_code_is_refused_with_a_message():
    admin = make_user(Role.AGENCY_ADMIN, make_agency())
    client = Client()
    client.force_login(admin)
    client.get(reverse("accounts:two_factor"))
    response = client.post(reverse("accounts:two_factor"), {"otp_token": "000000"})
    assert response.status_code == 200
    assert "not valid" in response.content.decode()
    assert client.get(reverse("accounts:audit")).status_code == 302


def test_case_worker_needs_no_second_factor():
    worker = make_user(Role.CASE_WORKER, make_agency())
    client = Client()
    client.force_login(worker)
    assert client.get(reverse("people:list")).status_code == 200


def test_repeated_failed_logins_lock_the_account_even_with_the_right_password(settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    make_user(Role.CASE_WORKER, make_agency(), "sokha")
    client = Client()
    for _ in range(3):
        client.post(reverse("accounts:login"), {"username": "sokha", "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "sokha", "password": PASSWORD})
    assert response.status_code == 200
    assert "Too many failed attempts" in response.content.decode()
    assert AuditEvent.objects.filter(action="auth.login_locked").exists()


def test_a_good_login_is_audited_and_lands_on_the_role_home():
    make_user(Role.SCREENER, make_agency(), "screener1")
    response = Client().post(
        reverse("accounts:login"), {"username": "screener1", "password": PASSWORD}, follow=False
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="auth.login", user__username="screener1").exists()


def test_agency_admin_reviews_only_their_own_agencys_audit_trail():
    mine, other = make_agency("Mine"), make_agency("Other")
    admin = make_user(Role.AGENCY_ADMIN, mine)
    worker = make_user(Role.CASE_WORKER, mine, "worker-mine")
    stranger = make_user(Role.CASE_WORKER, other, "worker-other")
    log_action("person.viewed", user=worker, person_id=41)
    log_action("person.viewed", user=stranger, person_id=42)
    page = login(admin).get(reverse("accounts:audit"), {"action": "person."}).content.decode()
    assert "worker-mine" in page and "P-0000041" in page
    assert "worker-other" not in page and "P-0000042" not in page


def test_audit_trail_is_refused_to_roles_without_review_rights():
    worker = make_user(Role.CASE_WORKER, make_agency())
    assert login(worker).get(reverse("accounts:audit")).status_code == 403


def test_create_api_token_prints_a_token_that_authenticates():
    user = make_user(Role.CASE_WORKER, make_agency(), "apiuser")
    out = StringIO()
    call_command("create_api_token", "apiuser", stdout=out, stderr=StringIO())
    token = out.getvalue().strip()
    assert len(token) == 40
    response = Client().get("/api/v1/persons/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    assert user.auth_token.key == token


def test_an_api_token_expires(settings):
    from datetime import timedelta

    from django.core.management.base import CommandError
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    make_user(Role.CASE_WORKER, make_agency(), "apiuser")
    out, err = StringIO(), StringIO()
    call_command("create_api_token", "apiuser", stdout=out, stderr=err)
    token = out.getvalue().strip()
    assert "valid until" in err.getvalue()
    old = timezone.now() - timedelta(days=settings.RUMDOH_API_TOKEN_DAYS, minutes=1)
    Token.objects.filter(key=token).update(created=old)
    response = Client().get("/api/v1/persons/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 401 and "expired" in response.json()["detail"]
    with pytest.raises(CommandError, match="--rotate"):
        call_command("create_api_token", "apiuser", stdout=StringIO(), stderr=StringIO())
    out = StringIO()
    call_command("create_api_token", "apiuser", "--rotate", stdout=out, stderr=StringIO())
    fresh = out.getvalue().strip()
    assert fresh != token
    response = Client().get("/api/v1/persons/", HTTP_AUTHORIZATION=f"Token {fresh}")
    assert response.status_code == 200


def test_api_refuses_anonymous_callers():
    assert Client().get("/api/v1/persons/").status_code in (401, 403)


def test_production_mode_passes_the_deployment_checks(tmp_path):
    key = new_key()
    # The browser tests relax Django's async guard for their own process; production must not.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "RUMDOH_PRODUCTION": "1",
        "DJANGO_SECRET_KEY": "x" * 20 + new_key(),
        "RUMDOH_ENCRYPTION_KEYS": key,
        "RUMDOH_INDEX_KEY": new_key(),
        "DJANGO_ALLOWED_HOSTS": "rumdoh.example.org",
        "DJANGO_SETTINGS_MODULE": "rumdoh.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:6379/15",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_mode_refuses_to_start_without_keys(tmp_path):
    env = {
        **os.environ,
        "RUMDOH_PRODUCTION": "1",
        "DJANGO_SECRET_KEY": "y" * 60,
        "DJANGO_SETTINGS_MODULE": "rumdoh.settings",
    }
    env.pop("RUMDOH_ENCRYPTION_KEYS", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "RUMDOH_ENCRYPTION_KEYS" in result.stderr


def test_production_mode_refuses_to_start_without_a_shared_cache_for_the_throttle(tmp_path):
    env = {
        **os.environ,
        "RUMDOH_PRODUCTION": "1",
        "DJANGO_SECRET_KEY": "y" * 60,
        "RUMDOH_ENCRYPTION_KEYS": new_key(),
        "RUMDOH_INDEX_KEY": new_key(),
        "DJANGO_SETTINGS_MODULE": "rumdoh.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


def test_agency_admin_adds_a_colleague_to_their_own_agency_only():
    agency = make_agency("Shelter")
    admin = make_user(Role.AGENCY_ADMIN, agency)
    client = login(admin)
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "new.worker",
            "role": "case_worker",
            "password": "kbal-spean-2026!",
        },
    )
    assert response.status_code == 302
    from rumdoh.accounts.models import User

    created = User.objects.get(username="new.worker")
    assert created.agency == agency and created.role == "case_worker"
    refused = client.post(
        reverse("accounts:user_create"),
        {
            "username": "boss",
            "role": "system_admin",
            "password": "kbal-spean-2026!",
        },
    )
    assert refused.status_code == 200
    assert not User.objects.filter(username="boss").exists()


@pytest.mark.parametrize(
    ("kind", "role", "allowed"),
    [
        ("ngo", "police_investigator", False),
        ("ngo", "case_worker", True),
        ("police", "police_investigator", True),
        ("police", "prosecutor", False),
        ("court", "court_clerk", True),
        ("prosecution", "court_clerk", False),
    ],
)
def test_an_agency_gives_only_the_roles_of_its_kind(kind, role, allowed):
    from rumdoh.accounts.models import User

    admin = make_user(Role.AGENCY_ADMIN, make_agency(kind=kind))
    response = login(admin).post(
        reverse("accounts:user_create"),
        {"username": "someone", "role": role, "password": "kbal-spean-2026!"},
    )
    assert User.objects.filter(username="someone").exists() is allowed
    if not allowed:
        assert "That role is not given at an agency of this kind." in response.content.decode()


def test_every_agency_kind_has_roles_to_give():
    from rumdoh.accounts.models import AgencyKind
    from rumdoh.accounts.rules.roles import ROLES_FOR_AGENCY_KIND

    assert set(ROLES_FOR_AGENCY_KIND) == set(AgencyKind.values)


def test_agency_admin_cannot_touch_users_of_another_agency():
    admin = make_user(Role.AGENCY_ADMIN, make_agency("Mine"))
    stranger = make_user(Role.CASE_WORKER, make_agency("Theirs"))
    client = login(admin)
    assert client.post(reverse("accounts:user_toggle", args=[stranger.pk])).status_code == 404
    stranger.refresh_from_db()
    assert stranger.is_active


def test_suspended_colleague_cannot_sign_in():
    agency = make_agency()
    admin = make_user(Role.AGENCY_ADMIN, agency)
    worker = make_user(Role.CASE_WORKER, agency, "leaving")
    login(admin).post(reverse("accounts:user_toggle", args=[worker.pk]))
    response = Client().post(
        reverse("accounts:login"), {"username": "leaving", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="user.suspended").exists()


def test_a_bulk_read_logs_each_person_once_and_nothing_for_an_empty_page():
    from rumdoh.accounts.audit import log_bulk_read
    from rumdoh.accounts.models import AuditEvent

    user = make_user(Role.CASE_WORKER, make_agency())
    log_bulk_read("person.listed", user=user, request=None, person_ids=[], reason="empty")
    assert not AuditEvent.objects.exists()
    log_bulk_read("person.listed", user=user, request=None, person_ids=[7, 3, 7], reason="list")
    assert sorted(AuditEvent.objects.values_list("person_id", flat=True)) == [3, 7]


def _latin_words(html: str) -> list[str]:
    """The words in Latin letters of a page's main part (Django's messages left in English)."""
    main = html.split('<main id="main">', 1)[1].split("</main>", 1)[0]
    return re.findall(r"[A-Za-z]{3,}", re.sub(r"<[^>]*>", " ", main))


def test_a_failed_sign_in_says_so_in_khmer():
    make_user(Role.CASE_WORKER, make_agency(), "sokha")
    client = Client()
    client.cookies["django_language"] = "km"
    page = client.post(
        reverse("accounts:login"), {"username": "sokha", "password": "wrong"}
    ).content.decode()
    assert "សូមបញ្ចូលឈ្មោះអ្នកប្រើប្រាស់ និងពាក្យសម្ងាត់ឱ្យត្រឹមត្រូវ។" in page
    assert _latin_words(page) == []


@pytest.mark.parametrize(
    ("first", "second", "refusal"),
    [
        ("a-long-new-password", "a-long-new-passwort", "ពាក្យសម្ងាត់ទាំងពីរមិនដូចគ្នាទេ។"),
        ("12345678", "12345678", "ពាក្យសម្ងាត់នេះខ្លីពេក។ វាត្រូវមានយ៉ាងហោចណាស់ 10 តួអក្សរ។"),
        ("colleague1", "colleague1", "ពាក្យសម្ងាត់ស្រដៀងនឹងឈ្មោះអ្នកប្រើប្រាស់ពេក។"),
    ],
)
def test_a_refused_new_password_is_explained_in_khmer(first, second, refusal):
    agency = make_agency()
    colleague = make_user(Role.CASE_WORKER, agency, "colleague")
    client = login(make_user(Role.AGENCY_ADMIN, agency))
    client.cookies["django_language"] = "km"
    url = reverse("accounts:user_password", args=[colleague.pk])
    page = client.post(url, {"new_password1": first, "new_password2": second}).content.decode()
    assert refusal in page
    assert _latin_words(page) == ["colleague"]
