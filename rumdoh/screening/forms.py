"""The screening interview forms and the list filter."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.models import PROVINCE_CHOICES
from rumdoh.core.filters import DateRangeFilters, date_filter
from rumdoh.core.limits import PLACE_MAX, SEARCH_MAX_CHARS, BoundedCharField
from rumdoh.core.person_numbers import parse_person_number
from rumdoh.people.models import NATIONALITY_CHOICES, AgePrecision, Person, Sex
from rumdoh.screening.models import Context, DeterminationChoice
from rumdoh.screening.rules import questions as qs
from rumdoh.screening.rules.decision import MAX_AGE

ANSWER_CHOICES = [("yes", _("Yes")), ("no", _("No")), ("unknown", _("Don't know"))]
QUESTION_PREFIX = "q_"


def answer_field(question: qs.Question, language: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=question.text(language),
        help_text=question.other_text(language),
        choices=ANSWER_CHOICES,
        widget=forms.RadioSelect(attrs={"class": "answer"}),
        error_messages={"required": _("Choose yes, no or don't know.")},
    )


def age_of(person: Person, today: date) -> int | None:
    """Age in whole years; from the year of birth alone it may be one year too high."""
    if person.date_of_birth:
        born = date.fromisoformat(str(person.date_of_birth))
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return person.age_on(today.year)


class ScreeningForm(forms.Form):
    context = forms.ChoiceField(label=_("Where is the screening taking place?"), choices=[])
    location = BoundedCharField(
        label=_("Place"),
        required=False,
        max_length=PLACE_MAX,
        help_text=_("For example: Poipet Transit Centre."),
    )
    province = forms.ChoiceField(label=_("Province screened in"), choices=PROVINCE_CHOICES)
    age = forms.IntegerField(
        label=_("Age in years"),
        required=False,
        min_value=0,
        max_value=MAX_AGE,
        help_text=_("Leave empty if nobody knows. Under 18 is a child."),
        error_messages={
            "min_value": _("An age cannot be negative."),
            "max_value": _("Give an age of %(limit_value)s years or less."),
            "invalid": _("Give the age as a whole number of years."),
        },
    )
    age_estimated = forms.BooleanField(label=_("The age is an estimate"), required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    nationality = forms.ChoiceField(label=_("Nationality"), choices=NATIONALITY_CHOICES)

    def __init__(self, *args: Any, form_kind: str, person: Person | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.form_kind = form_kind
        self.person = person
        self.questions = qs.questions_for(form_kind)
        self.fields["context"].choices = [("", "—"), *Context.choices]  # type: ignore[attr-defined]
        language = get_language() or "km"
        for question in self.questions:
            self.fields[QUESTION_PREFIX + question.key] = answer_field(question, language)
        if person is not None:
            self._initial_from(person)

    def _initial_from(self, person: Person) -> None:
        self.initial.setdefault("sex", person.sex)
        self.initial.setdefault("nationality", person.nationality)
        self.initial.setdefault("age", age_of(person, timezone.localdate()))
        self.initial.setdefault("age_estimated", person.age_precision != AgePrecision.DATE)

    def meta_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("context", "location", "province")]

    def person_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("age", "age_estimated", "sex", "nationality")]

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        language = get_language() or "km"
        grouped: dict[str, list[forms.BoundField]] = {}
        for question in self.questions:
            grouped.setdefault(question.section, []).append(self[QUESTION_PREFIX + question.key])
        return [(qs.SECTIONS[key].title(language), fields) for key, fields in grouped.items()]

    def answers(self) -> dict[str, str]:
        return {q.key: self.cleaned_data[QUESTION_PREFIX + q.key] for q in self.questions}

    def observations(self) -> dict[str, str]:
        return qs.observations_from(self.questions, self.answers())


class ScreeningFilterForm(DateRangeFilters):
    """The filters of the screening list, on the page and in the API (which answers 400 with
    these messages for a value that does not validate); ``queries.filtered_screenings`` applies
    them."""

    q = BoundedCharField(
        max_length=SEARCH_MAX_CHARS,
        label=_("Person"),
        required=False,
        help_text=_("A P-number, such as P-0000012."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    determination = forms.ChoiceField(
        label=_("Result"), required=False, choices=[("", _("All")), *DeterminationChoice.choices]
    )
    context = forms.ChoiceField(
        label=_("Context"), required=False, choices=[("", _("All")), *Context.choices]
    )
    since = date_filter(_("From"))
    until = date_filter(_("Until"))

    def clean_q(self) -> int | None:
        text = self.cleaned_data["q"].strip()
        if not text:
            return None
        number = parse_person_number(text)
        if number is None:
            raise forms.ValidationError(_("Give a P-number, such as P-0000012."), code="invalid")
        return number


class KeepsCheckedFile(forms.Form):
    """An upload that may instead name the file the user checked just before
    (``rumdoh.screening.checked``): the file is then not chosen again."""

    checked = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("file") and not data.get("checked") and "file" not in self.errors:
            self.add_error("file", forms.Field.default_error_messages["required"])
        return data


class SubmissionUploadForm(KeepsCheckedFile):
    """An ODK Central or KoboToolbox export to import as screenings."""

    file = forms.FileField(
        required=False,
        label=_("Export file"),
        help_text=_(
            "CSV or JSON exported from ODK Central or KoboToolbox, with the form's own "
            "values (not labels) where you can choose."
        ),
    )
    reference = BoundedCharField(
        label=_("Reference"),
        max_length=60,
        required=False,
        help_text=_("What the submissions were collected for, such as an operation's number."),
    )
    check_only = forms.BooleanField(
        label=_("Check the file only; save nothing"),
        required=False,
    )


class ImportFilterForm(forms.Form):
    q = BoundedCharField(
        max_length=SEARCH_MAX_CHARS,
        label=_("Reference"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    since = date_filter(_("From"))
