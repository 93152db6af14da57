import base64
import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from rumdoh.accounts import throttle
from rumdoh.accounts.access import acting_user
from rumdoh.accounts.audit import client_ip, log_action
from rumdoh.accounts.forms import AgencyUserForm, AuditFilterForm, LoginForm, TokenForm
from rumdoh.accounts.models import AuditEvent, User
from rumdoh.accounts.roles import Capability
from rumdoh.core.pagination import page_of


class ThrottledLoginView(LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        username = request.POST.get("username", "")
        if throttle.is_locked(username, client_ip(request)):
            form = self.get_form()
            form.add_error(None, form.error_messages["locked"])
            log_action("auth.login_locked", user=None, request=request, data={"username": username})
            return self.form_invalid(form)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        if self.request.method == "POST" and not form.non_field_errors().as_text().count("locked"):
            throttle.record_failure(self.request.POST.get("username", ""), client_ip(self.request))
        return super().form_invalid(form)

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        throttle.clear(form.get_user().get_username(), client_ip(self.request))
        login(self.request, form.get_user())
        log_action("auth.login", user=form.get_user(), request=self.request)
        return redirect(self.get_success_url())


def _safe_next(request: HttpRequest) -> str:
    target = request.GET.get("next") or request.POST.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Enrol a TOTP device on first use, then ask for a code on every login."""
    user = request.user
    assert isinstance(user, User)
    device = TOTPDevice.objects.filter(user=user).order_by("-confirmed", "id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["otp_token"]):
            if not device.confirmed:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                log_action("auth.two_factor_enrolled", user=user, request=request)
            otp_login(request, device)
            log_action("auth.two_factor_passed", user=user, request=request)
            return redirect(_safe_next(request))
        form.add_error(
            "otp_token", _("That code is not valid. Check your phone's clock and retry.")
        )
        log_action("auth.two_factor_failed", user=user, request=request)
    context = {"form": form, "enrolling": not device.confirmed, "next": _safe_next(request)}
    if not device.confirmed:
        context["qr"] = _qr_svg(device.config_url)
        context["secret"] = base64.b32encode(device.bin_key).decode()
    return render(request, "accounts/two_factor.html", context)


@login_required
def audit_trail(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if not user.can(Capability.REVIEW_AUDIT) or user.agency_id is None:
        raise PermissionDenied
    events = AuditEvent.objects.filter(agency_id=user.agency_id).select_related("user")
    form = AuditFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            events = events.filter(action__startswith=data["action"])
        if data["username"]:
            events = events.filter(user__username=data["username"])
        if data["person"]:
            events = events.filter(person_id=data["person"])
        if data["date_from"]:
            events = events.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            events = events.filter(at__date__lte=data["date_to"])
    page = page_of(request, events, 50)
    return render(request, "accounts/audit.html", {"form": form, "page": page})


@login_required
def agency_users(request: HttpRequest) -> HttpResponse:
    """An agency administrator's colleagues: list, search, add."""
    admin = acting_user(request, Capability.MANAGE_AGENCY_USERS)
    if admin.agency_id is None:
        raise PermissionDenied
    form = AgencyUserForm(request.POST or None, agency_kind=admin.agency.kind)  # type: ignore[union-attr]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = User.objects.create_user(
            username=data["username"],
            password=data["password"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            role=data["role"],
            agency_id=admin.agency_id,
        )
        log_action("user.created", user=admin, request=request, obj=user, data={"role": user.role})
        messages.success(request, _("%(name)s can now sign in.") % {"name": user.username})
        return redirect("accounts:users")
    users = User.objects.filter(agency_id=admin.agency_id).order_by("username")
    query = request.GET.get("q", "").strip()
    if query:
        users = users.filter(username__icontains=query) | users.filter(last_name__icontains=query)
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/users.html", {"form": form, "page": page, "q": query})


@login_required
@require_POST
def agency_user_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    """Suspend or restore a colleague; an administrator cannot lock themselves out."""
    admin = acting_user(request, Capability.MANAGE_AGENCY_USERS)
    user = get_object_or_404(User, pk=pk, agency_id=admin.agency_id)
    if user.pk == admin.pk:
        messages.error(request, _("You cannot suspend your own account."))
        return redirect("accounts:users")
    user.is_active = not user.is_active
    user.save(update_fields=["is_active"])
    log_action(
        "user.activated" if user.is_active else "user.suspended",
        user=admin,
        request=request,
        obj=user,
    )
    return redirect("accounts:users")


@login_required
@require_POST
def agency_user_reset_two_factor(request: HttpRequest, pk: int) -> HttpResponse:
    """A colleague lost their phone: they enrol a new authenticator at the next sign-in."""
    admin = acting_user(request, Capability.MANAGE_AGENCY_USERS)
    user = get_object_or_404(User, pk=pk, agency_id=admin.agency_id)
    TOTPDevice.objects.filter(user=user).delete()
    log_action("user.two_factor_reset", user=admin, request=request, obj=user)
    messages.success(
        request, _("Two-step verification reset for %(name)s.") % {"name": user.username}
    )
    return redirect("accounts:users")
