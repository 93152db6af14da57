"""The system administrator's console: agencies and users only, never personal data.

Users are created and their rights changed through ``rumdoh.accounts.services`` only, as on the
in-app pages: the forms check the same rules (and show their reasons), ``save_model`` writes
through the services, and the staff and superuser flags, groups and permissions are not on the
forms at all (the flags follow the role). Nobody edits their own account's rights here.
"""

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import TokenProxy

from rumdoh.accounts import services
from rumdoh.accounts.audit import log_action
from rumdoh.accounts.forms import AdminLoginForm, service_check
from rumdoh.accounts.models import Agency, AuditEvent, User
from rumdoh.accounts.rules.roles import Role, sees_personal_data
from rumdoh.core.errors import DomainError

# The admin console's sign-in goes through the same login throttle as the app's.
admin.site.login_form = AdminLoginForm


def _own_password(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """One's own password is changed on the app's page, which counts wrong present passwords
    in the login throttle and audits the change; the console's own page did neither."""
    return redirect("accounts:password")


admin.site.password_change = _own_password  # type: ignore[method-assign, assignment]
# Groups would grant model permissions beside the roles; rights come from the role alone.
admin.site.unregister(Group)
# Two-step devices are reset through the audited service (the "Reset two-step login" action).
admin.site.unregister(TOTPDevice)

RIGHTS = ("agency", "role", "is_active")


class AgencyForm(ModelForm):
    class Meta:
        model = Agency
        fields = (
            "name",
            "name_km",
            "kind",
            "province",
            "parent",
            "can_identify",
            "is_active",
            "country",
            "posted_in",
        )

    def clean_kind(self) -> str:
        """The kind decides which roles an agency's staff may hold and what they see (a police
        unit's supervisor sees its cases): once it has accounts, their roles were given for it."""
        kind: str = self.cleaned_data["kind"]
        agency = self.instance
        if agency.pk and kind != agency.kind and agency.users.exists():
            raise ValidationError(
                _(
                    "The kind of an agency with user accounts cannot change: its staff's roles "
                    "were given for this kind. Record the new agency and move its staff there."
                )
            )
        return kind


def _value(value: object) -> object:
    """A form's value as the audit event keeps it: a related row by its id."""
    return getattr(value, "pk", value)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    form = AgencyForm
    list_display = [
        "name",
        "kind",
        "province",
        "country",
        "posted_in",
        "can_identify",
        "is_active",
    ]
    list_filter = ["kind", "province", "country", "posted_in", "can_identify", "is_active"]
    search_fields = ["name", "name_km"]

    def save_model(self, request: HttpRequest, obj: Agency, form: Any, change: bool) -> None:
        """Audited: an agency's kind, parent, eligibility and whether it is active decide what
        its staff may do and see, and a deactivation takes them out of the system."""
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            log_action(
                "agency.changed" if change else "agency.created",
                user=request.user,  # type: ignore[arg-type]
                request=request,
                obj=obj,
                data={
                    "name": obj.name,
                    "changed": {
                        field: [_value(form.initial.get(field)), _value(form.cleaned_data[field])]
                        for field in form.changed_data
                    },
                },
            )


class UserRightsForm(UserChangeForm):
    """An existing account: its rights change only as the services allow."""

    actor: User

    class Meta(UserChangeForm.Meta):
        model = User
        # Django takes a sequence of names here; the stubs type Meta.fields as UserChangeForm's
        # own "__all__".
        fields = ("username", "first_name", "last_name", "email", *RIGHTS)  # type: ignore[assignment]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        target = self.instance
        changed = [f for f in RIGHTS if f in self.changed_data]
        if not changed:
            return data
        service_check(self, None, services.check_manages, self.actor, target)
        service_check(self, None, services.check_not_self, self.actor, target)
        if "role" in changed or "agency" in changed:
            service_check(self, "role", services.check_rights_changer, self.actor, target)
            role, agency = data.get("role", target.role), data.get("agency", target.agency)
            service_check(
                self, "role", services.check_role, self.actor, role, agency, new_account=False
            )
        return data


class NewUserForm(AdminUserCreationForm):
    """A new account: the role must be one the system administrator may give at that agency."""

    actor: User

    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "agency", "role")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role"):
            service_check(
                self,
                "role",
                services.check_role,
                self.actor,
                data["role"],
                data.get("agency"),
                new_account=True,
            )
        return data


@admin.register(User)
class RumdohUserAdmin(UserAdmin):
    form = UserRightsForm
    add_form = NewUserForm
    list_display = ["username", "first_name", "last_name", "role", "agency", "is_active"]
    list_select_related = ["agency"]
    list_filter = ["role", "agency__kind", "is_active"]
    search_fields = ["username", "first_name", "last_name", "agency__name"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        ("Rumdoh", {"fields": (*RIGHTS, "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "usable_password", "password1", "password2")}),
        ("Rumdoh", {"fields": ("agency", "role")}),
    )
    filter_horizontal = ()
    actions = ["reset_two_factor"]

    @admin.action(description=_("Reset two-step login"))
    def reset_two_factor(self, request: HttpRequest, queryset: Any) -> None:
        for user in queryset:
            try:
                services.reset_two_factor(request.user, user, request=request)  # type: ignore[arg-type]
            except DomainError as refusal:
                messages.error(request, f"{user.username}: {refusal}")
            else:
                messages.success(
                    request,
                    _("Two-step verification reset for %(name)s.") % {"name": user.username},
                )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = ["is_staff", "is_superuser", "last_login", "date_joined"]
        if obj is not None and obj.pk == request.user.pk:
            readonly += RIGHTS  # one's own rights are changed by another administrator
        return readonly

    # UserAdmin.get_form takes no ``change`` argument, as ModelAdmin's does; the stubs follow
    # Django in both, so the override differs from ModelAdmin's.
    def get_form(  # type: ignore[override]
        self, request: HttpRequest, obj: Any = None, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})  # the acting administrator

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # suspend instead: the audit trail keeps pointing at the account

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """The forms check the services' rules first; a refusal that only the service sees (an
        account changed by someone else meanwhile) undoes the whole save and is shown, not a
        server error."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as refusal:
            messages.error(request, str(refusal))
            return redirect(request.get_full_path())

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        actor = request.user
        assert isinstance(actor, User)
        if not change:
            created = services.create_user(
                actor,
                username=obj.username,
                password=form.cleaned_data.get("password1") if obj.has_usable_password() else None,
                role=obj.role,
                agency=obj.agency,
                request=request,
            )
            obj.pk, obj._state.adding, obj._state.db = created.pk, False, created._state.db
            return
        before = User.objects.get(pk=obj.pk)
        wanted = {field: getattr(obj, field) for field in RIGHTS}
        for field in (*RIGHTS, "is_staff", "is_superuser"):
            setattr(obj, field, getattr(before, field))
        obj.save()  # username, names and e-mail; the rights are unchanged so far
        if (wanted["role"], wanted["agency"]) != (before.role, before.agency):
            services.change_role(
                actor, obj, role=wanted["role"], agency=wanted["agency"], request=request
            )
        if wanted["is_active"] != before.is_active:
            services.set_active(actor, obj, wanted["is_active"], request=request)
        obj.refresh_from_db()

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """Whoever sets a password can sign in as the account: the same rule as in the app."""
        target = self.get_object(request, unquote(id))
        own = target is not None and target.pk == request.user.pk
        if own:
            # The console's form sets a password without the present one: one's own is changed
            # on the app's page, which asks for it, counts wrong ones and audits the change.
            return redirect("accounts:password")
        if target is not None:
            try:
                services.check_password_setter(request.user, target)  # type: ignore[arg-type]
            except DomainError as refusal:
                messages.error(request, str(refusal))
                return redirect("admin:accounts_user_change", target.pk)
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302 and target:
                log_action(
                    "user.password_set",
                    user=request.user,  # type: ignore[arg-type]
                    request=request,
                    obj=target,
                    data={"username": target.username, "target_agency": target.agency_id},
                )
        return response


admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class AuditedTokenAdmin(TokenAdmin):
    """A token acts as its account without a second step, so the console issues tokens only to
    accounts that read no personal data; others get theirs on the server (create_api_token)."""

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "user":
            personal = [r.value for r in Role if sees_personal_data(r)]
            others = User.objects.exclude(role__in=personal)
            if request.user.pk is not None:  # never one's own
                others = others.exclude(pk=request.user.pk)
            kwargs["queryset"] = others
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            log_action(
                "user.token_issued",
                user=request.user,  # type: ignore[arg-type]
                request=request,
                obj=obj.user,
                data={"username": obj.user.username, "target_agency": obj.user.agency_id},
            )


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only. The sealed ``reason`` may name a person, and ``data`` is
    whatever each module chose to note, so neither is shown to the system administrator: who did
    what, when and from where, with person numbers only."""

    fields = ["at", "user", "agency", "action", "object_type", "object_id", "person_id", "ip"]
    list_display = ["at", "user", "agency", "what", "record", "ip"]
    list_select_related = ["user", "agency"]
    list_filter = ["action", "agency"]
    search_fields = ["action", "user__username"]

    @admin.display(description=_("action"), ordering="action")
    def what(self, event: AuditEvent) -> str:
        """What was done in the administrator's language; the code is the filter's."""
        return event.label

    @admin.display(description=pgettext_lazy("noun: the record read or changed", "Record"))
    def record(self, event: AuditEvent) -> str:
        return event.record

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
