"""User administration: every change to an account's rights, atomic, audited and checked.

The in-app *Users* pages and the admin console both call these functions; nothing else writes a
user's role, agency, active flag, staff or superuser flags, or two-step devices.

The rules:

- **Nobody raises their own rights.** No change to one's own role, agency, active flag or
  two-step devices, by anybody.
- **An agency administrator** manages only the accounts of their own agency whose role they could
  give, and gives only the roles of their kind of agency (``roles.assignable_roles``) — never
  *System administrator* or *NCCT analyst*. They cannot move an account to another agency.
- **The system administrator** manages accounts of every agency but never gives a role that reads
  personal data to an existing account, and never changes the role or agency of an account that
  holds one (``check_rights_changer``): such accounts are managed by the agency's own
  administrator. The one exception is setting up an agency: the system administrator may create
  the *first* agency administrator of an agency that has none (active or suspended). Neither
  suspending nor demoting or moving an agency's administrators therefore lets the system
  administrator put its own in their place.
- **Staff and superuser flags follow the role**: set for system administrators, cleared for
  everybody else; no form sets them.

Refusals (``rumdoh.core.errors``): ``NotAllowed`` when the account is not the actor's to manage,
``Refused`` with a reason the actor can act on otherwise (raised in ``_forbid`` and ``_refuse``
only).
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from rumdoh.accounts.audit import log_action
from rumdoh.accounts.models import PLAIN_USERNAME, Agency, User
from rumdoh.accounts.rules.roles import Capability, Role, assignable_roles, sees_personal_data
from rumdoh.accounts.rules.usernames import is_plain
from rumdoh.core.errors import NotAllowed, Refused

# Roles only the system administrator gives; none of them reads personal data.
SYSTEM_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.NCCT_ANALYST})


def _forbid(message: str | None = None) -> NoReturn:
    raise NotAllowed(message or _("You manage only the accounts of your own agency."))


def _refuse(message: str) -> NoReturn:
    raise Refused(message)


def is_system_admin(actor: User) -> bool:
    return actor.can(Capability.MANAGE_SYSTEM)


def _agency_roles(agency: Agency | None) -> frozenset[Role]:
    return assignable_roles(agency.kind) - SYSTEM_ROLES if agency is not None else frozenset()


def managed_users(actor: User) -> QuerySet[User]:
    """The accounts ``actor`` may manage (their own is listed, but refused by each change)."""
    if is_system_admin(actor):
        return User.objects.all()
    if not actor.can(Capability.MANAGE_AGENCY_USERS) or actor.agency_id is None:
        return User.objects.none()
    return User.objects.filter(
        agency_id=actor.agency_id,
        role__in=[r.value for r in _agency_roles(actor.agency)],
        is_staff=False,
        is_superuser=False,
    )


def check_manages(actor: User, target: User) -> None:
    if target.pk is not None and not managed_users(actor).filter(pk=target.pk).exists():
        _forbid()


def check_not_self(actor: User, target: User) -> None:
    if actor.pk == target.pk:
        _refuse(_("Nobody can change the rights of their own account: ask another administrator."))


def _has_agency_admin(agency: Agency) -> bool:
    return agency.users.filter(role=Role.AGENCY_ADMIN).exists()


def givable_roles(actor: User, agency: Agency | None, *, new_account: bool) -> frozenset[Role]:
    """The roles ``actor`` may give to an account at ``agency``."""
    if is_system_admin(actor):
        first_admin = new_account and agency is not None and not _has_agency_admin(agency)
        return SYSTEM_ROLES | ({Role.AGENCY_ADMIN} if first_admin else set())
    if agency is None or agency.pk != actor.agency_id:
        return frozenset()
    return _agency_roles(agency)


def check_role(actor: User, role: str, agency: Agency | None, *, new_account: bool) -> None:
    """Refuse, with the reason, a role ``actor`` may not give at ``agency``."""
    if not actor.can(Capability.MANAGE_AGENCY_USERS) and not is_system_admin(actor):
        _forbid(_("Your role does not allow this."))
    if agency is None and role not in SYSTEM_ROLES:
        _refuse(_("Choose the agency this account belongs to."))
    if agency is not None and not agency.is_active:
        _refuse(_("This agency is deactivated: it gets no new accounts or roles."))
    if role in givable_roles(actor, agency, new_account=new_account):
        return
    if not is_system_admin(actor):
        if agency is None or agency.pk != actor.agency_id:
            _forbid()
        if role in SYSTEM_ROLES:
            _refuse(_("Only the system administrator gives this role."))
        _refuse(_("That role is not given at an agency of this kind."))
    if role == Role.AGENCY_ADMIN and new_account:
        _refuse(
            _(
                "This agency already has an agency administrator: they add its other "
                "administrators and staff."
            )
        )
    _refuse(
        _(
            "A role that reads personal data is given by the agency's own administrator. The "
            "system administrator creates only an agency's first agency administrator."
        )
    )


def _set_flags(user: User) -> None:
    user.is_staff = user.is_superuser = user.role == Role.SYSTEM_ADMIN


def _lock(target: User) -> User:
    return User.objects.select_for_update().get(pk=target.pk)


def _subject(user: User) -> dict[str, Any]:
    return {"username": user.username, "target_agency": user.agency_id}


@transaction.atomic
def create_user(
    actor: User,
    *,
    username: str,
    password: str | None,
    role: str,
    agency: Agency | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    request: HttpRequest | None = None,
) -> User:
    """A new account; ``password`` None makes it unusable until one is set."""
    check_role(actor, role, agency, new_account=True)
    if not is_plain(username):
        _refuse(str(PLAIN_USERNAME))
    if User.objects.filter(username__iexact=username).exists():
        _refuse(_("That username is taken."))
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        role=role,
        agency=agency,
    )
    _set_flags(user)
    user.set_password(password)  # None: unusable
    user.save()
    log_action(
        "user.created", user=actor, request=request, obj=user, data={**_subject(user), "role": role}
    )
    return user


@transaction.atomic
def create_system_admin_on_server(
    *, username: str, password: str, agency: Agency | None = None
) -> User:
    """The first system administrator (or one to replace those lost), made on the server by
    whoever runs it (``manage.py create_system_admin``): nobody in the app can make one for
    themselves. Audited with no acting user."""
    if not is_plain(username):
        _refuse(str(PLAIN_USERNAME))
    if User.objects.filter(username__iexact=username).exists():
        _refuse(_("That username is taken."))
    user = User(username=username, role=Role.SYSTEM_ADMIN, agency=agency)
    _set_flags(user)
    user.set_password(password)
    user.save()
    log_action(
        "user.created",
        user=None,
        obj=user,
        data={**_subject(user), "role": user.role, "via": "server"},
    )
    return user


def check_rights_changer(actor: User, target: User) -> None:
    """The system administrator leaves the role and agency of an account that reads personal data
    to its agency's administrator: demoting or moving an agency's last administrator would
    otherwise let them create a first one of their own."""
    if is_system_admin(actor) and sees_personal_data(target.role):
        _refuse(
            _(
                "The role and agency of an account that reads personal data are changed by its "
                "agency's administrator, not by the system administrator."
            )
        )


@transaction.atomic
def change_role(
    actor: User,
    target: User,
    *,
    role: str,
    agency: Agency | None,
    request: HttpRequest | None = None,
) -> User:
    """Give ``target`` another role, or move them to another agency, or both."""
    user = _lock(target)
    check_manages(actor, user)
    check_not_self(actor, user)
    if user.role == role and user.agency_id == (agency.pk if agency else None):
        return user
    check_rights_changer(actor, user)
    check_role(actor, role, agency, new_account=False)
    old_role, old_agency = user.role, user.agency_id
    user.role, user.agency = role, agency
    _set_flags(user)
    user.save(update_fields=["role", "agency", "is_staff", "is_superuser"])
    log_action(
        "user.role_changed",
        user=actor,
        request=request,
        obj=user,
        data={
            **_subject(user),
            "role": [old_role, role],
            "agency": [old_agency, user.agency_id],
        },
    )
    return user


@transaction.atomic
def set_active(
    actor: User, target: User, active: bool, *, request: HttpRequest | None = None
) -> User:
    """Suspend (``active`` False) or reactivate an account."""
    user = _lock(target)
    check_manages(actor, user)
    check_not_self(actor, user)
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    data = {**_subject(user), "active": [not active, active]}
    if not active:
        data["api_tokens_revoked"] = _revoke_tokens(user)
    log_action(
        "user.activated" if active else "user.suspended",
        user=actor,
        request=request,
        obj=user,
        data=data,
    )
    return user


def _revoke_tokens(user: User) -> int:
    """An account's API tokens end when an administrator suspends it or sets its password (a
    lost, shared or leaked one): a script holding the old token stops at once, restoring the
    account does not bring it back, and the system administrator issues a new one."""
    revoked, _by_model = Token.objects.filter(user=user).delete()
    return revoked


@transaction.atomic
def reset_two_factor(actor: User, target: User, *, request: HttpRequest | None = None) -> User:
    """A lost phone: the account enrols a new authenticator at its next sign-in."""
    user = _lock(target)
    check_manages(actor, user)
    check_not_self(actor, user)
    removed, _by_model = TOTPDevice.objects.filter(user=user).delete()
    log_action(
        "user.two_factor_reset",
        user=actor,
        request=request,
        obj=user,
        data={**_subject(user), "devices_removed": removed},
    )
    return user


def check_password_setter(actor: User, target: User) -> None:
    """Whoever sets a password can sign in as that account: the system administrator does so
    only for accounts that read no personal data; agency administrators for their staff."""
    check_manages(actor, target)
    check_not_self(actor, target)
    if is_system_admin(actor) and sees_personal_data(target.role):
        _refuse(
            _(
                "The password of an account that reads personal data is set by its agency's "
                "administrator, not by the system administrator."
            )
        )


@transaction.atomic
def set_password(
    actor: User, target: User, password: str, *, request: HttpRequest | None = None
) -> User:
    user = _lock(target)
    check_password_setter(actor, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    log_action(
        "user.password_set",
        user=actor,
        request=request,
        obj=user,
        data={**_subject(user), "api_tokens_revoked": _revoke_tokens(user)},
    )
    return user


@transaction.atomic
def change_own_password(user: User, password: str, *, request: HttpRequest | None = None) -> User:
    """The account's own new password, its present one checked by the page: whoever set the
    old one (an administrator, for a new account or a forgotten password) no longer knows it."""
    user.set_password(password)
    user.save(update_fields=["password"])
    log_action("user.password_changed", user=user, request=request, obj=user, data=_subject(user))
    return user
