"""One login throttle for the sign-in page, the admin console, the two-step code and API tokens."""

import socket
import uuid
from io import StringIO
from ipaddress import ip_network

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from rumdoh.accounts.models import AgencyKind, AuditEvent, User
from rumdoh.accounts.rules.roles import Role
from rumdoh.accounts.throttle import client_address
from tests.conftest import make_agency, make_user

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"
PROXY = "10.0.0.1"


def _sysadmin() -> User:
    user = make_user(Role.SYSTEM_ADMIN, make_agency(kind=AgencyKind.COMMITTEE), "sysadmin")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def _admin_login(client: Client, password: str, username: str = "sysadmin") -> object:
    return client.post(
        reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"}
    )


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_the_admin_login_locks_after_the_limit(settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    _sysadmin()
    client = Client()
    for _ in range(3):
        _admin_login(client, "wrong")
    response = _admin_login(client, PASSWORD)
    assert response.status_code == 200 and not _signed_in(client)
    assert "Too many failed attempts" in response.content.decode()
    assert AuditEvent.objects.filter(action="auth.login_locked").exists()


def test_failures_on_the_admin_login_count_on_the_app_login_too(settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    _sysadmin()
    for _ in range(3):
        _admin_login(Client(), "wrong")
    client = Client()
    client.post(reverse("accounts:login"), {"username": "sysadmin", "password": PASSWORD})
    assert not _signed_in(client)


def test_a_good_admin_login_is_audited():
    _sysadmin()
    client = Client()
    assert _admin_login(client, PASSWORD).status_code == 302
    assert AuditEvent.objects.filter(action="auth.login", user__username="sysadmin").exists()


def test_each_sign_in_is_audited_once_saying_which_way_it_came():
    _sysadmin()
    assert _admin_login(Client(), PASSWORD).status_code == 302
    client = Client()
    client.post(reverse("accounts:login"), {"username": "sysadmin", "password": PASSWORD})
    assert _signed_in(client)
    events = AuditEvent.objects.filter(action="auth.login").order_by("id")
    assert [e.data["via"] for e in events] == ["admin", "app"]


def test_another_accounts_success_does_not_clear_the_failures_of_the_address(settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 4
    agency = make_agency()
    for name in ("colleague", "victim"):
        make_user(Role.CASE_WORKER, agency, name)
    client = Client()
    url = reverse("accounts:login")
    for guess in ("sokha", "dara", "vanna"):
        client.post(url, {"username": guess, "password": "wrong"})
    colleague = Client()
    colleague.post(url, {"username": "colleague", "password": PASSWORD})
    assert _signed_in(colleague)
    client.post(url, {"username": "bopha", "password": "wrong"})
    victim = Client()
    victim.post(url, {"username": "victim", "password": PASSWORD})
    assert not _signed_in(victim)


def test_a_success_forgives_the_accounts_own_failures(settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    make_user(Role.CASE_WORKER, make_agency(), "sokha")
    url = reverse("accounts:login")
    for _ in range(2):
        Client().post(url, {"username": "sokha", "password": "wrong"})
    Client().post(url, {"username": "sokha", "password": PASSWORD})
    for _ in range(2):
        Client().post(url, {"username": "sokha", "password": "wrong"})
    client = Client()
    client.post(url, {"username": "sokha", "password": PASSWORD})
    assert _signed_in(client)


def test_two_clients_behind_a_trusted_proxy_are_counted_apart(settings):
    settings.RUMDOH_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.RUMDOH_TRUSTED_PROXIES = [ip_network(PROXY)]
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    make_user(Role.CASE_WORKER, make_agency(), "honest")
    url = reverse("accounts:login")
    guesser = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")
    for guess in ("a", "b", "c"):
        guesser.post(url, {"username": guess, "password": "wrong"})
    guesser.post(url, {"username": "honest", "password": PASSWORD})
    assert not _signed_in(guesser)
    honest = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.6")
    honest.post(url, {"username": "honest", "password": PASSWORD})
    assert _signed_in(honest)
    assert AuditEvent.objects.get(action="auth.login").ip == "203.0.113.6"


def test_a_forwarded_header_from_an_untrusted_address_is_ignored(settings):
    settings.RUMDOH_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.RUMDOH_TRUSTED_PROXIES = [ip_network(PROXY)]
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    make_user(Role.CASE_WORKER, make_agency(), "honest")
    url = reverse("accounts:login")
    for n in range(3):
        spoofer = Client(REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        spoofer.post(url, {"username": f"guess{n}", "password": "wrong"})
    same_address = Client(REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="203.0.113.99")
    same_address.post(url, {"username": "honest", "password": PASSWORD})
    assert not _signed_in(same_address)


def test_the_client_address_is_the_nearest_one_no_trusted_proxy_vouches_for(settings):
    settings.RUMDOH_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.RUMDOH_TRUSTED_PROXIES = [ip_network("10.0.0.0/24")]
    factory = RequestFactory()

    def address(remote: str, forwarded: str | None) -> str | None:
        extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
        return client_address(factory.get("/", REMOTE_ADDR=remote, **extra))

    assert address("10.0.0.1", "1.2.3.4, 203.0.113.5, 10.0.0.7") == "203.0.113.5"
    assert address("10.0.0.1", "") == "10.0.0.1"
    assert address("10.0.0.1", "not-an-address") == "10.0.0.1"
    assert address("192.0.2.8", "203.0.113.5") == "192.0.2.8"
    settings.RUMDOH_TRUSTED_PROXY_HEADER = ""
    assert address("10.0.0.1", "203.0.113.5") == "10.0.0.1"


def test_wrong_two_step_codes_count_as_failures_and_lock_the_right_code_out(settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    admin = make_user(Role.AGENCY_ADMIN, make_agency(), "boss")
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    client = Client()
    client.post(reverse("accounts:login"), {"username": "boss", "password": PASSWORD})
    for _ in range(3):
        client.post(reverse("accounts:two_factor"), {"otp_token": "000000"})
    code = f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"
    response = client.post(reverse("accounts:two_factor"), {"otp_token": code})
    assert response.status_code == 200
    assert "Too many failed attempts" in response.content.decode()
    assert client.get(reverse("accounts:audit")).status_code == 302
    locked = AuditEvent.objects.get(action="auth.login_locked")
    assert locked.user == admin and locked.data["username"] == "boss"


def test_a_right_password_does_not_reset_the_count_of_wrong_codes(settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    make_user(Role.AGENCY_ADMIN, make_agency(), "boss")
    for _ in range(3):
        client = Client()
        client.post(reverse("accounts:login"), {"username": "boss", "password": PASSWORD})
        client.post(reverse("accounts:two_factor"), {"otp_token": "000000"})
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "boss", "password": PASSWORD})
    assert "Too many failed attempts" in response.content.decode()


def test_guessing_api_tokens_locks_the_address_for_tokens(settings):
    settings.API_TOKEN_FAILURE_LIMIT = 3
    make_user(Role.CASE_WORKER, make_agency(), "apiuser")
    out = StringIO()
    call_command("create_api_token", "apiuser", stdout=out, stderr=StringIO())
    token = out.getvalue().strip()
    client = Client()
    for n in range(3):
        guess = client.get("/api/v1/persons/", HTTP_AUTHORIZATION=f"Token {n:040d}")
        assert guess.status_code == 401
    response = client.get("/api/v1/persons/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 401 and "Too many" in response.json()["detail"]
    other = Client(REMOTE_ADDR="192.0.2.44")
    assert other.get("/api/v1/persons/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200


def test_a_stale_api_token_does_not_lock_the_offices_sign_in(settings):
    make_user(Role.CASE_WORKER, make_agency(), "colleague")
    stale = Client()
    for n in range(25):
        response = stale.get("/api/v1/persons/", HTTP_AUTHORIZATION=f"Token {n:040d}")
        assert response.status_code == 401
    assert "Too many" in response.json()["detail"]
    client = Client()
    client.post(reverse("accounts:login"), {"username": "colleague", "password": PASSWORD})
    assert _signed_in(client)


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_up(), reason="needs Redis on 127.0.0.1:6379")
def test_the_throttle_counts_in_redis_shared_by_every_worker(settings):
    prefix = f"rumdoh-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": prefix,
        },
    }
    settings.LOGIN_FAILURE_LIMIT = 3
    _sysadmin()
    try:
        for _ in range(3):
            _admin_login(Client(), "wrong")
        assert caches["default"].get("login-fail:user:sysadmin") == 3
        client = Client()
        _admin_login(client, PASSWORD)
        assert not _signed_in(client)
    finally:
        shared = caches["default"]
        shared.delete_many(["login-fail:user:sysadmin", "login-fail:ip:127.0.0.1"])
