from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts import services, throttle
from rumdoh.accounts.actions import filter_choices
from rumdoh.accounts.models import PLAIN_USERNAME, ROLE_CHOICES, Agency, User
from rumdoh.accounts.rules.usernames import is_plain
from rumdoh.core.errors import DomainError
from rumdoh.core.filters import date_filter, refuse_backwards
from rumdoh.core.limits import SEARCH_MAX_CHARS, BoundedCharField
from rumdoh.core.person_numbers import parse_person_number

LOCKED = _(
    "Too many failed attempts. This account is locked for a while; try again later "
    "or ask your agency administrator."
)


class LoginForm(AuthenticationForm):
    """Says "locked" instead of checking the password; the backend refuses it anyway."""

    error_messages = {**AuthenticationForm.error_messages, "locked": LOCKED}

    def clean(self) -> dict[str, Any]:
        try:
            throttle.refuse_if_locked(self.request, self.data.get("username"))
        except PermissionDenied:
            raise forms.ValidationError(self.error_messages["locked"], code="locked") from None
        return super().clean()


class AdminLoginForm(LoginForm, AdminAuthenticationForm):
    """The admin console's sign-in: the same throttle (and audited by the same signal)."""

    error_messages = {**AdminAuthenticationForm.error_messages, "locked": LOCKED}


class TokenForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def clean_otp_token(self) -> str:
        token = self.cleaned_data["otp_token"].strip()
        if not token.isdigit():
            raise forms.ValidationError(_("The code has six digits and nothing else."))
        return token


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Kind of action"), required=False, choices=[])
    username = forms.CharField(
        label=_("User"), required=False, help_text=_("The username, exactly as it signs in.")
    )
    person = forms.CharField(
        label=_("Person number"),
        required=False,
        help_text=_("As shown on the person's page, such as P-0000041."),
    )
    date_from = date_filter(_("From"))
    date_to = date_filter(_("To"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action = self.fields["action"]
        assert isinstance(action, forms.ChoiceField)
        action.choices = filter_choices()

    def clean_person(self) -> int | None:
        text = self.cleaned_data["person"]
        if not text:
            return None
        number = parse_person_number(text)
        if number is None:
            raise forms.ValidationError(_("Type a person number such as P-0000041."))
        return number

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        refuse_backwards(self, data, "date_from", "date_to")
        return data


class UserFilterForm(forms.Form):
    """The filters of an agency's list of users: a search by username or name, the role and
    whether the account is active or suspended."""

    ACTIVE, SUSPENDED = "active", "suspended"

    q = BoundedCharField(
        max_length=SEARCH_MAX_CHARS,
        label=_("Search"),
        required=False,
        help_text=_("Username, given name or family name; every word must match one of them."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), (ACTIVE, _("active")), (SUSPENDED, _("suspended"))],
    )

    def __init__(self, *args: Any, roles: Iterable[str] = (), **kwargs: Any) -> None:
        """``roles``: the roles the agency's accounts hold, offered in the list; any known role
        is accepted (a link kept from before its last holder changed role still reads)."""
        super().__init__(*args, **kwargs)
        held = set(roles)
        offered = [(v, label) for v, label in ROLE_CHOICES if v in held]
        self.fields["role"] = RoleField(
            label=_("Role"), required=False, choices=[("", _("All")), *offered]
        )
        self.order_fields(["q", "role", "status"])


class RoleField(forms.ChoiceField):
    """Offers the roles the actor may give, but accepts any known role, so that the service says
    why a role is refused instead of a bare "not one of the choices"."""

    def valid_value(self, value: Any) -> bool:
        return value in dict(ROLE_CHOICES)


def _role_field(actor: User, agency: Agency | None, *, new_account: bool) -> RoleField:
    allowed = services.givable_roles(actor, agency, new_account=new_account)
    return RoleField(
        label=_("Role"),
        choices=[(v, label) for v, label in ROLE_CHOICES if v in allowed],
        help_text=_(
            "Only the roles your agency's kind may give are listed. A role decides what the "
            "colleague may read and do; give the smallest that fits their work."
        ),
    )


def service_check(
    form: forms.BaseForm, field: str | None, check: Any, *args: Any, **kwargs: Any
) -> None:
    """Run a service rule and show its refusal (``Refused`` or ``NotAllowed``) on ``field``."""
    try:
        check(*args, **kwargs)
    except DomainError as refusal:
        form.add_error(field, str(refusal))


class AgencyUserForm(forms.Form):
    """An administrator adds a colleague to their own agency."""

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("What the colleague types to sign in: Latin letters, digits and . @ + - _."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    password = forms.CharField(
        label=_("First password"),
        widget=forms.PasswordInput,
        help_text=_("At least 10 characters; give it to the colleague in person."),
    )

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["role"] = _role_field(actor, actor.agency, new_account=True)
        self.order_fields(["username", "first_name", "last_name", "role", "password"])

    def clean_username(self) -> str:
        username = str(self.cleaned_data["username"])
        if not is_plain(username):
            raise forms.ValidationError(PLAIN_USERNAME)
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("That username is taken."))
        return username

    def clean_role(self) -> str:
        role = str(self.cleaned_data["role"])
        service_check(
            self, "role", services.check_role, self.actor, role, self.actor.agency, new_account=True
        )
        return role

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password = data.get("password")
        if password:
            candidate = User(
                username=data.get("username", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password, candidate)
            except ValidationError as weak:
                self.add_error("password", weak)
        return data


class RoleChangeForm(forms.Form):
    """Another role for a colleague of the same agency."""

    def __init__(self, *args: Any, actor: User, target: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor, self.target = actor, target
        self.fields["role"] = _role_field(actor, target.agency, new_account=False)
        self.fields["role"].initial = target.role

    def clean_role(self) -> str:
        role = str(self.cleaned_data["role"])
        service_check(self, "role", services.check_not_self, self.actor, self.target)
        if role != self.target.role:
            service_check(
                self,
                "role",
                services.check_role,
                self.actor,
                role,
                self.target.agency,
                new_account=False,
            )
        return role
