"""The service-provider directory: list, detail, and the agency's own entries."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from rumdoh.accounts.access import acting_user, may
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.errors import Refused, StaleEdit
from rumdoh.core.filters import narrowed
from rumdoh.core.pagination import page_of
from rumdoh.core.versions import keep_input_after_stale
from rumdoh.protection import access, directory, provider_services
from rumdoh.protection.choices import ReferralStatus
from rumdoh.protection.forms import ProviderFilterForm, ProviderForm
from rumdoh.protection.models import ServiceProvider
from rumdoh.protection.queries import filtered_providers
from rumdoh.protection.views.common import attempt

READERS = (C.VIEW_PERSONS, C.MANAGE_PROVIDERS)


@login_required
def provider_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, *READERS)
    form = ProviderFilterForm(request.GET or None)
    # The directory lists the providers taking referrals (active, of an agency still active; the
    # API also lists inactive ones), and to those who keep their agency's entries, its inactive
    # ones too, marked, so that they can be found again and taken back into the directory.
    manages = user.can(C.MANAGE_PROVIDERS) and user.agency_id is not None
    taking = directory.TAKING_REFERRALS
    listed = taking | Q(agency_id=user.agency_id) if manages else taking
    providers = narrowed(form, filtered_providers, ServiceProvider.objects.filter(listed))
    context = {"form": form, "page": page_of(request, providers.select_related("agency"))}
    context["can_add"] = manages
    return render(request, "protection/provider_list.html", context)


@login_required
def provider_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, *READERS)
    provider = access.get_provider(pk)
    mine = access.manages_provider(user, provider)
    pending = provider.referrals.filter(status=ReferralStatus.PENDING).count() if mine else None
    context = {
        "provider": provider,
        "can_edit": mine and user.can(C.MANAGE_PROVIDERS),
        "pending": pending,
        "may_list_referrals": may(user, *access.REFERRAL_LIST),
    }
    return render(request, "protection/provider_detail.html", context)


@login_required
def provider_create(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, C.MANAGE_PROVIDERS)
    if user.agency_id is None:
        raise PermissionDenied
    form = ProviderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        provider = attempt(
            request,
            lambda: provider_services.create_provider(user, form.provider_data(), request=request),
            _("Provider added to the directory."),
        )
        if provider is not None:
            return redirect("protection:provider_detail", provider.pk)
    return render(request, "protection/provider_form.html", {"form": form})


@login_required
def provider_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, C.MANAGE_PROVIDERS)
    provider = access.get_provider(pk)
    if not access.manages_provider(user, provider):
        raise PermissionDenied
    form = ProviderForm(request.POST or None, instance=provider)
    valid = request.method == "POST" and form.is_valid()
    if valid:
        data = form.provider_data()
        provider.refresh_from_db()
        try:
            provider_services.update_provider(
                user,
                provider,
                data,
                expected_version=form.cleaned_data["version"],
                request=request,
            )
        except StaleEdit as exc:
            keep_input_after_stale(form, exc)
        except Refused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Changes saved."))
            return redirect("protection:provider_detail", provider.pk)
    if request.method == "POST" and not valid:
        messages.error(request, _("Check the form."))
    return render(request, "protection/provider_form.html", {"form": form, "provider": provider})
