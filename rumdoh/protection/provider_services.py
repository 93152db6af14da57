"""Changes to the service-provider directory: atomic and audited, as every service."""

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from rumdoh.accounts.audit import log_action
from rumdoh.accounts.models import User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.errors import NotAllowed, refuse_problems
from rumdoh.core.versions import require_version
from rumdoh.protection.models import PROVIDER_FIELDS, ServiceProvider
from rumdoh.protection.services import require


def provider_problems(
    *, free_places: int | None, capacity: int | None, min_age: int | None, max_age: int | None
) -> list[tuple[str, str]]:
    """What is wrong with a provider's places and ages, as ``(field, message)`` pairs.

    The one statement of these rules: the form shows each message by its field, the services
    refuse with them. A value not given (``None``) is not checked."""
    problems: list[tuple[str, str]] = []
    if free_places is not None and capacity is not None and free_places > capacity:
        problems.append(("free_places", _("Free places cannot exceed the capacity.")))
    if min_age is not None and max_age is not None and min_age > max_age:
        problems.append(("max_age", _("The oldest age accepted is below the youngest.")))
    return problems


def _check_provider(provider: ServiceProvider) -> None:
    problems = provider_problems(
        free_places=provider.free_places,
        capacity=provider.capacity,
        min_age=provider.min_age,
        max_age=provider.max_age,
    )
    refuse_problems(problems)


@transaction.atomic
def create_provider(
    user: User, data: dict[str, Any], *, request: HttpRequest | None = None
) -> ServiceProvider:
    require(user, C.MANAGE_PROVIDERS)
    provider = ServiceProvider(agency_id=user.acting_agency_id())
    for field in PROVIDER_FIELDS:
        if field in data:
            setattr(provider, field, data[field])
    _check_provider(provider)
    provider.save()
    log_action(
        "provider.created", user=user, request=request, obj=provider, data={"name": provider.name}
    )
    return provider


@transaction.atomic
def update_provider(
    user: User,
    provider: ServiceProvider,
    data: dict[str, Any],
    *,
    expected_version: int,
    request: HttpRequest | None = None,
) -> ServiceProvider:
    """Change a provider of the user's agency, if no one saved it since ``expected_version``."""

    require(user, C.MANAGE_PROVIDERS)
    provider = ServiceProvider.objects.select_for_update().get(pk=provider.pk)
    if provider.agency_id != user.agency_id:
        raise NotAllowed(_("Only the agency that runs this provider can change it."))
    require_version(
        provider.version,
        expected_version,
        _("Someone else saved this provider while you were editing it."),
    )
    changed = [f for f in PROVIDER_FIELDS if f in data and getattr(provider, f) != data[f]]
    for field in changed:
        setattr(provider, field, data[field])
    _check_provider(provider)
    if changed:
        provider.version += 1
    provider.save()
    log_action(
        "provider.changed", user=user, request=request, obj=provider, data={"fields": changed}
    )
    return provider
