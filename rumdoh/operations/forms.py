"""Forms of the operation pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.models import PROVINCE_CHOICES
from rumdoh.core.filters import DateRangeFilters, date_filter
from rumdoh.core.formfields import LabelMultipleChoiceField
from rumdoh.core.limits import (
    DOCUMENT_MAX,
    NAME_MAX,
    PLACE_MAX,
    SEARCH_MAX_CHARS,
    BoundedCharField,
    search_problem,
)
from rumdoh.core.versions import VersionField
from rumdoh.operations.access import NOT_A_PARTICIPANT, participants
from rumdoh.operations.models import LANGUAGE_CHOICES, Kind, Status
from rumdoh.people.models import NATIONALITY_CHOICES, Sex
from rumdoh.screening.forms import KeepsCheckedFile, ScreeningForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OperationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of operation"), choices=Kind.choices)
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    province = forms.ChoiceField(label=_("Province"), choices=PROVINCE_CHOICES)
    place = BoundedCharField(
        label=_("Place"),
        max_length=PLACE_MAX,
        required=False,
        help_text=_("For example: the compound's name and road. Kept sealed."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    agencies = LabelMultipleChoiceField(
        label=_("Participating agencies"),
        queryset=participants(),
        required=False,
        help_text=_("Each agency taking part sees the roster and may screen the people found."),
        error_messages={"invalid_choice": NOT_A_PARTICIPANT},
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    version = VersionField(required=False)

    def data_for_service(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in ("kind", "held_on", "province", "place", "status")}


class OperationFilterForm(DateRangeFilters):
    """The filters of the operations list, on the page and in the API (which answers 400 with
    these messages for a value that does not validate); ``queries.filtered_operations`` applies
    them."""

    q = BoundedCharField(
        max_length=SEARCH_MAX_CHARS,
        label=_("Operation"),
        required=False,
        help_text=_("An OP-number, such as OP-000012."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *Kind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Status.choices]
    )
    since = date_filter(_("From"))
    until = date_filter(_("Until"))


class RosterFilterForm(forms.Form):
    """The filters of an operation's roster, on its page and in the API (which answers 400 with
    these messages for a value that does not validate); ``queries.filtered_roster`` applies
    them."""

    STATES = [
        ("", _("All")),
        ("waiting", _("Not screened yet")),
        ("screened", _("Screened")),
        ("indicated", _("Indicated")),
        ("deported", _("Deported")),
        ("released", _("Released")),
    ]
    q = BoundedCharField(
        max_length=SEARCH_MAX_CHARS,
        label=_("Name, passport or P-number"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    nationality = forms.ChoiceField(
        label=_("Nationality"), required=False, choices=[("", _("All")), *NATIONALITY_CHOICES]
    )
    state = forms.ChoiceField(label=_("Stage"), required=False, choices=STATES)

    def clean_q(self) -> str:
        q = str(self.cleaned_data.get("q") or "")
        problem = search_problem(q.strip())
        if problem:
            raise forms.ValidationError(problem, code="invalid")
        return q


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roster file (CSV or XLSX)"),
        help_text=_(
            "First row: the column names. Columns: family name, given name, nationality "
            "(required), passport, language, sex, age or birth year, status."
        ),
    )


class SubmissionsUploadForm(KeepsCheckedFile):
    file = forms.FileField(
        required=False,
        label=_("Export of submissions (CSV or JSON)"),
        help_text=_("As ODK Central or KoboToolbox exports the submissions of the screening form."),
    )
    check_only = forms.BooleanField(label=_("Check the file only; save nothing"), required=False)


class EntryForm(forms.Form):
    family_name = BoundedCharField(label=_("Family name"), max_length=NAME_MAX, required=False)
    given_name = BoundedCharField(label=_("Given name"), max_length=NAME_MAX, required=False)
    nationality = forms.ChoiceField(label=_("Nationality"), choices=NATIONALITY_CHOICES)
    document_number = BoundedCharField(
        label=_("Passport or document number"), max_length=DOCUMENT_MAX, required=False
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", "—"), *LANGUAGE_CHOICES]
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    age = forms.IntegerField(label=_("Age in years"), required=False, min_value=0, max_value=120)
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False, min_value=1900)


class OperationScreeningForm(ScreeningForm):
    """The short form, its context and place set by the operation, with the interpreter's
    language."""

    interpreter_language = forms.ChoiceField(
        label=_("Interpreted from"),
        required=False,
        choices=[("", _("No interpreter")), *LANGUAGE_CHOICES],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, form_kind="short", **kwargs)
        for name in ("context", "location", "province"):
            del self.fields[name]

    def meta_fields(self) -> list[forms.BoundField]:
        return [self["interpreter_language"]]


class DeportForm(forms.Form):
    deported_on = forms.DateField(label=_("Deported on"), widget=DATE)


class ReleaseForm(forms.Form):
    released_on = forms.DateField(label=_("Released on"), widget=DATE)
