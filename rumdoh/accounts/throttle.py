"""One login throttle for every way in: the sign-in page, the admin console and the two-step
code; API tokens are counted apart, per address.

Failures are counted per username and per client address in the Django cache, which is shared by
all workers (Redis in production; ``settings`` refuses production without it). Too many failures
for a username lock that username; too many from an address lock that address. A successful
sign-in clears only its own username's count, never the address's: one colleague signing in does
not wipe out the failures of someone guessing passwords from the same network.

The client address is ``REMOTE_ADDR``, or, when the request comes from a trusted reverse proxy
(``RUMDOH_TRUSTED_PROXIES``), the address that proxy forwarded in ``RUMDOH_TRUSTED_PROXY_HEADER``:
colleagues behind one proxy are counted one by one, and a forwarded header sent by anybody else
is ignored.

``ThrottledBackend`` refuses a locked username or address before any password is checked, and
the ``user_login_failed`` signal counts every failure, so no login path can skip the throttle.
Likewise the ``user_logged_in`` signal audits every sign-in (``auth.login``, ``via`` the app or
the admin console), so no login path can skip the trail.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.http import HttpRequest
from django.urls import reverse

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _parse(text: str) -> Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address: Address, proxies: list[Network]) -> bool:
    return any(address in network for network in proxies)


def client_address(request: Any) -> str | None:
    """The address a request came from, through trusted proxies only."""
    if request is None:
        return None
    remote = _parse(request.META.get("REMOTE_ADDR") or "")
    if remote is None:
        return None
    header = settings.RUMDOH_TRUSTED_PROXY_HEADER
    proxies: list[Network] = settings.RUMDOH_TRUSTED_PROXIES  # parsed in settings
    if not header or not _trusted(remote, proxies):
        return str(remote)
    meta_key = "HTTP_" + header.upper().replace("-", "_")
    hops = [_parse(hop) for hop in request.META.get(meta_key, "").split(",") if hop.strip()]
    # Read from the right: each trusted proxy appended the address it received the request from.
    for hop in reversed(hops):
        if hop is None:
            break
        if not _trusted(hop, proxies):
            return str(hop)
    return str(remote)


def _store() -> Any:
    return cache


def _user_key(username: str) -> str:
    return f"login-fail:user:{username.strip().lower()}"


def _keys(username: str | None, address: str | None) -> list[tuple[str, int]]:
    """The counters an attempt touches, each with the limit at which it locks."""
    keys = []
    if username and username.strip():
        keys.append((_user_key(username), settings.LOGIN_FAILURE_LIMIT))
    if address:
        keys.append((f"login-fail:ip:{address}", settings.LOGIN_ADDRESS_FAILURE_LIMIT))
    return keys


def is_locked(username: str | None, address: str | None) -> bool:
    store = _store()
    return any((store.get(key) or 0) >= limit for key, limit in _keys(username, address))


def _bump(store: Any, key: str) -> None:
    store.add(key, 0, settings.LOGIN_LOCKOUT_SECONDS)
    try:
        store.incr(key)
    except ValueError:
        store.set(key, 1, settings.LOGIN_LOCKOUT_SECONDS)


def record_failure(username: str | None, address: str | None) -> None:
    store = _store()
    for key, _limit in _keys(username, address):
        _bump(store, key)


# API token failures are counted apart: a script left running with an expired or revoked token
# must not lock its whole office out of the sign-in page.
def _token_key(address: str) -> str:
    return f"login-fail:token-ip:{address}"


def token_address_locked(address: str | None) -> bool:
    if not address:
        return False
    return (_store().get(_token_key(address)) or 0) >= settings.API_TOKEN_FAILURE_LIMIT


def record_token_failure(address: str | None) -> None:
    if address:
        _bump(_store(), _token_key(address))


def clear_user(username: str) -> None:
    """A sign-in completed: that username's own failures are forgiven, the address's are not."""
    _store().delete(_user_key(username))


def refuse_if_locked(request: HttpRequest | None, username: str | None) -> None:
    """Raise ``PermissionDenied`` (and audit it) when the username or the address is locked."""
    if is_locked(username, client_address(request)):
        from rumdoh.accounts.audit import log_action

        # At the second step the password was right: the event names the signed-in account.
        user = getattr(request, "user", None)
        log_action("auth.login_locked", user=user, request=request, data={"username": username})
        raise PermissionDenied


class ThrottledBackend(ModelBackend):
    """The project's only password backend: nobody gets a password checked while locked.

    An account signs in, and its open sessions go on, only while it is active and its agency is
    too: an agency the system administrator deactivated (closed, or no longer trusted with
    victims' data) takes its staff out of the system at once, as suspending each would."""

    def user_can_authenticate(self, user: Any) -> bool:
        agency = getattr(user, "agency", None)
        return super().user_can_authenticate(user) and (agency is None or agency.is_active)

    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        user = model._default_manager.select_related("agency").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        refuse_if_locked(request, username or kwargs.get("username"))
        return super().authenticate(request, username=username, password=password, **kwargs)


@receiver(user_login_failed, dispatch_uid="rumdoh-throttle-failure")
def _count_failure(
    sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **kw: Any
) -> None:
    record_failure(credentials.get("username"), client_address(request))


@receiver(user_logged_in, dispatch_uid="rumdoh-audit-login")
def _audit_login(sender: object, request: HttpRequest | None, user: Any, **kw: Any) -> None:
    """Every sign-in by password is audited once, whichever page it came through."""
    from rumdoh.accounts.audit import log_action

    path = getattr(request, "path", "") or ""
    via = "admin" if path.startswith(reverse("admin:index")) else "app"
    log_action("auth.login", user=user, request=request, data={"via": via})


# Set in a session by its sign-in with a password, dropped when its second step is passed: only
# such a session may enrol a new authenticator (``views.two_factor``). A session that passed its
# second step before the devices were reset (a lost phone, a laptop left signed in) must not be
# the one that enrols the next: the password is asked again first.
FRESH_SIGN_IN = "rumdoh.accounts.fresh-sign-in"


@receiver(user_logged_in, dispatch_uid="rumdoh-password-step")
def _mark_password_step(sender: object, request: HttpRequest | None, user: Any, **kw: Any) -> None:
    session = getattr(request, "session", None)
    if session is not None:
        session[FRESH_SIGN_IN] = True


@receiver(user_logged_in, dispatch_uid="rumdoh-throttle-success")
def _forgive_user(sender: object, request: HttpRequest | None, user: Any, **kw: Any) -> None:
    # With a second step to come, the sign-in completes only when the code is right (two_factor
    # view): a right password must not reset the count of wrong codes.
    if not getattr(user, "needs_two_factor", False):
        clear_user(user.get_username())
