"""Changes to the service-provider directory: atomic and audited, as every service."""

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from rumdoh.accounts.audit import log_action
from rumdoh.accounts.models import User
from rumdoh.accounts.roles import Capability as C
from rumdoh.core.errors import NotAllowed, Refused
from rumdoh.protection.models import PROVIDER_FIELDS, ServiceProvider
from rumdoh.protection.services import require


def _check_provider(provider: ServiceProvider) -> None:
    if provider.free_places > provider.capacity:
        raise Refused(_("Free places cannot exceed the capacity."))
    low, high = provider.min_age, provider.max_age
    if low is not None and high is not None and low > high:
        raise Refused(_("The youngest age accepted is above the oldest."))


@transaction.atomic
def create_provider(
    user: User, data: dict[str, Any], *, request: HttpRequest | None = None
) -> ServiceProvider:
    require(user, C.MANAGE_PROVIDERS)
    provider = ServiceProvider(agency_id=user.agency_id)
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
    request: HttpRequest | None = None,
) -> ServiceProvider:
    require(user, C.MANAGE_PROVIDERS)
    provider = ServiceProvider.objects.select_for_update().get(pk=provider.pk)
    if provider.agency_id != user.agency_id:
        raise NotAllowed(_("Only the agency that runs this provider can change it."))
    changed = [f for f in PROVIDER_FIELDS if f in data and getattr(provider, f) != data[f]]
    for field in changed:
        setattr(provider, field, data[field])
    _check_provider(provider)
    provider.save()
    log_action(
        "provider.changed", user=user, request=request, obj=provider, data={"fields": changed}
    )
    return provider
