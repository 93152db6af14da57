import base64
import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from rumdoh.accounts import services, throttle
from rumdoh.accounts.access import acting_user
from rumdoh.accounts.audit import log_action
from rumdoh.accounts.forms import (
    LOCKED,
    AgencyUserForm,
    AuditFilterForm,
    LoginForm,
    RoleChangeForm,
    TokenForm,
    UserFilterForm,
)
from rumdoh.accounts.models import AuditEvent, User
from rumdoh.accounts.rules.roles import Capability
from rumdoh.core.csvsafe import csv_download
from rumdoh.core.errors import Refused
from rumdoh.core.filters import narrowed, within
from rumdoh.core.pagination import page_of


class ThrottledLoginView(LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


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


def _second_step_passed(request: HttpRequest, user: User, device: TOTPDevice) -> HttpResponse:
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        log_action("auth.two_factor_enrolled", user=user, request=request)
    otp_login(request, device)
    request.session.pop(throttle.FRESH_SIGN_IN, None)
    throttle.clear_user(user.username)
    log_action("auth.two_factor_passed", user=user, request=request)
    return redirect(_safe_next(request))


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Enrol a TOTP device on first use, then ask for a code on every login."""
    user = request.user
    assert isinstance(user, User)
    device = TOTPDevice.objects.filter(user=user).order_by("-confirmed", "id").first()
    fresh = request.session.get(throttle.FRESH_SIGN_IN)
    if (device is None or not device.confirmed) and not fresh:
        # The devices were reset since this session passed its second step: whoever holds it
        # (maybe the lost phone itself) signs in with the password before enrolling a new one.
        logout(request)
        messages.info(
            request,
            _(
                "Your two-step verification was reset. Sign in again with your password to "
                "set up your authenticator app."
            ),
        )
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': _safe_next(request)})}")
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # The second step shares the login throttle: wrong codes count like wrong passwords.
        try:
            throttle.refuse_if_locked(request, user.username)
        except PermissionDenied:
            form.add_error(None, LOCKED)
        else:
            if device.verify_token(form.cleaned_data["otp_token"]):
                return _second_step_passed(request, user, device)
            throttle.record_failure(user.username, throttle.client_address(request))
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
def own_password(request: HttpRequest) -> HttpResponse:
    """Anyone changes their own password, typing the present one first. A wrong present password
    counts in the sign-in throttle as at the sign-in page: an open session left on a shared
    computer must not be a way to try passwords."""
    user = request.user
    assert isinstance(user, User)
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST":
        try:
            throttle.refuse_if_locked(request, user.username)
        except PermissionDenied:
            messages.error(request, LOCKED)
            form = PasswordChangeForm(user)
        else:
            if form.is_valid():
                services.change_own_password(
                    user, form.cleaned_data["new_password1"], request=request
                )
                update_session_auth_hash(request, user)  # this session stays signed in
                messages.success(request, _("Your password is changed."))
                return redirect("portal:home")
            if "old_password" in form.errors:
                throttle.record_failure(user.username, throttle.client_address(request))
    return render(request, "accounts/own_password.html", {"form": form})


def _filtered_events(request: HttpRequest) -> tuple[AuditFilterForm, QuerySet[AuditEvent]]:
    admin = acting_user(request, Capability.REVIEW_AUDIT)
    if admin.agency_id is None:
        raise PermissionDenied
    events = AuditEvent.objects.filter(agency_id=admin.agency_key).select_related("user")
    form = AuditFilterForm(request.GET or None)
    if not form.is_valid():
        return form, events.none() if form.is_bound else events
    data = form.cleaned_data
    if data["action"].endswith("."):
        events = events.filter(action__startswith=data["action"])
    elif data["action"]:
        events = events.filter(action=data["action"])
    if data["username"]:
        events = events.filter(user__username__iexact=data["username"].strip())
    if data["person"]:
        events = events.filter(person_id=data["person"])
    events = within(events, "at__date", data["date_from"], data["date_to"])
    return form, events


@login_required
def audit_trail(request: HttpRequest) -> HttpResponse:
    form, events = _filtered_events(request)
    page = page_of(request, events, 50)
    return render(request, "accounts/audit.html", {"form": form, "page": page})


@login_required
def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered trail as CSV, every cell safe to open in a spreadsheet."""
    _form, events = _filtered_events(request)
    admin = request.user
    assert isinstance(admin, User)
    log_action("audit.exported", user=admin, request=request, data={"filters": request.GET.dict()})
    header = [
        _("When"),
        _("User"),
        _("Action"),
        _("Code"),
        pgettext("noun: the record read or changed", "Record"),
        _("Person number"),
        _("Address"),
        _("Why"),
    ]
    rows = (
        [
            timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
            e.user.username if e.user else "",
            e.label,
            e.action,
            e.record,
            e.person_number,
            e.ip or "",
            e.reason,
        ]
        for e in events.iterator(chunk_size=500)
    )
    return csv_download("audit-trail.csv", header, rows)


def _managing(request: HttpRequest) -> User:
    """An administrator working on their own agency's accounts."""
    admin = acting_user(request, Capability.MANAGE_AGENCY_USERS)
    if admin.agency_id is None:
        raise PermissionDenied
    return admin


def _colleague(admin: User, pk: int) -> User:
    """One of the accounts ``admin`` manages at their own agency; "not found" for any other."""
    users = services.managed_users(admin).filter(agency_id=admin.agency_key)
    return get_object_or_404(users.select_related("agency"), pk=pk)


def _refused(request: HttpRequest, refusal: Refused) -> HttpResponse:
    messages.error(request, str(refusal))
    return redirect("accounts:users")


def filtered_users(
    users: QuerySet[User], *, q: str = "", role: str = "", status: str = ""
) -> QuerySet[User]:
    """``users`` narrowed by the list's filters (``UserFilterForm``'s cleaned data): every word
    of ``q`` in a username or a name."""
    for word in q.split():
        names = Q(first_name__icontains=word) | Q(last_name__icontains=word)
        users = users.filter(Q(username__icontains=word) | names)
    if role:
        users = users.filter(role=role)
    if status:
        users = users.filter(is_active=status == UserFilterForm.ACTIVE)
    return users


@login_required
def agency_users(request: HttpRequest) -> HttpResponse:
    """An administrator's colleagues: list and search; each row links to what may be done."""
    admin = _managing(request)
    colleagues = User.objects.filter(agency_id=admin.agency_key)
    roles = colleagues.order_by().values_list("role", flat=True).distinct()
    form = UserFilterForm(request.GET or None, roles=roles)
    users = narrowed(form, filtered_users, colleagues).order_by("username")
    manageable = set(
        services.managed_users(admin)
        .filter(agency_id=admin.agency_key)
        .values_list("pk", flat=True)
    )
    manageable.discard(admin.pk)
    page = page_of(request, users, 50)
    # What administrators outside the agency (the system administrator) did to its accounts:
    # these events belong to their own agency's trail, so they are shown here.
    from_outside = (
        AuditEvent.objects.filter(action__startswith="user.", data__target_agency=admin.agency_key)
        .exclude(agency_id=admin.agency_key)
        .select_related("user")[:20]
    )
    context = {"form": form, "page": page, "manageable": manageable, "from_outside": from_outside}
    return render(request, "accounts/users.html", context)


@login_required
def agency_user_create(request: HttpRequest) -> HttpResponse:
    admin = _managing(request)
    form = AgencyUserForm(request.POST or None, actor=admin)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.create_user(
                admin,
                username=data["username"],
                password=data["password"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                role=data["role"],
                agency=admin.agency,
                request=request,
            )
        except Refused as refusal:
            return _refused(request, refusal)
        messages.success(request, _("%(name)s can now sign in.") % {"name": user.username})
        return redirect("accounts:users")
    return render(request, "accounts/user_create.html", {"form": form})


@login_required
def agency_user_role(request: HttpRequest, pk: int) -> HttpResponse:
    admin = _managing(request)
    colleague = _colleague(admin, pk)
    form = RoleChangeForm(request.POST or None, actor=admin, target=colleague)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_role(
                admin,
                colleague,
                role=form.cleaned_data["role"],
                agency=colleague.agency,
                request=request,
            )
        except Refused as refusal:
            return _refused(request, refusal)
        messages.success(request, _("The role of %(name)s is changed.") % {"name": colleague})
        return redirect("accounts:users")
    return render(request, "accounts/user_role.html", {"form": form, "colleague": colleague})


@login_required
def agency_user_password(request: HttpRequest, pk: int) -> HttpResponse:
    """A colleague forgot their password: the administrator sets a new one to give in person."""
    admin = _managing(request)
    colleague = _colleague(admin, pk)
    form = SetPasswordForm(colleague, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_password(
                admin, colleague, form.cleaned_data["new_password1"], request=request
            )
        except Refused as refusal:
            return _refused(request, refusal)
        messages.success(request, _("New password set for %(name)s.") % {"name": colleague})
        return redirect("accounts:users")
    return render(request, "accounts/user_password.html", {"form": form, "colleague": colleague})


@login_required
@require_POST
def agency_user_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    """Suspend or restore a colleague; nobody suspends or restores themselves."""
    admin = _managing(request)
    colleague = _colleague(admin, pk)
    try:
        services.set_active(admin, colleague, not colleague.is_active, request=request)
    except Refused as refusal:
        return _refused(request, refusal)
    return redirect("accounts:users")


@login_required
@require_POST
def agency_user_reset_two_factor(request: HttpRequest, pk: int) -> HttpResponse:
    """A colleague lost their phone: they enrol a new authenticator at the next sign-in."""
    admin = _managing(request)
    colleague = _colleague(admin, pk)
    try:
        services.reset_two_factor(admin, colleague, request=request)
    except Refused as refusal:
        return _refused(request, refusal)
    messages.success(
        request, _("Two-step verification reset for %(name)s.") % {"name": colleague.username}
    )
    return redirect("accounts:users")
