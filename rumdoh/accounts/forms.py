from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.models import ROLE_CHOICES, User
from rumdoh.accounts.roles import Role, assignable_roles

AGENCY_FORBIDDEN_ROLES = {Role.SYSTEM_ADMIN.value, Role.NCCT_ANALYST.value}


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": _(
            "Too many failed attempts. This account is locked for a while; try again later "
            "or ask your agency administrator."
        ),
    }


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
    action = forms.CharField(label=_("Action"), required=False)
    username = forms.CharField(label=_("User"), required=False)
    person = forms.IntegerField(label=_("Person number"), required=False, min_value=1)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class AgencyUserForm(forms.Form):
    """An agency administrator adds a colleague; system roles are not theirs to give."""

    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("Use letters, digits and . @ + - _ only.")},
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=[])
    password = forms.CharField(
        label=_("First password"),
        widget=forms.PasswordInput,
        help_text=_("At least 10 characters; give it to the colleague in person."),
    )

    def __init__(self, *args: Any, agency_kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = assignable_roles(agency_kind) - AGENCY_FORBIDDEN_ROLES
        field = self.fields["role"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(v, label) for v, label in ROLE_CHOICES if v in allowed]
        field.error_messages["invalid_choice"] = _(
            "That role is not given at an agency of this kind."
        )

    def clean_username(self) -> str:
        username = str(self.cleaned_data["username"])
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("That username is taken."))
        return username

    def clean_password(self) -> str:
        password = str(self.cleaned_data["password"])
        password_validation.validate_password(password)
        return password
