from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.models import Agency
from rumdoh.core.choices import lazy_choices
from rumdoh.core.errors import EARLIEST_DAY
from rumdoh.core.formfields import LabelChoiceField, PastDateField
from rumdoh.core.limits import (
    ALIASES_MAX,
    NAME_MAX,
    BoundedCharField,
    clean_name,
    search_problem,
    strip_format,
)
from rumdoh.core.places import LANGUAGES, PROVINCES
from rumdoh.core.versions import VersionField
from rumdoh.people.models import (
    AgePrecision,
    Consent,
    ConsentScope,
    IdentityDocument,
    Person,
)
from rumdoh.people.services import phone_problem


class PersonForm(forms.ModelForm):
    aliases_text = BoundedCharField(
        max_length=ALIASES_MAX * (NAME_MAX + 2),
        label=_("Aliases and nicknames"),
        required=False,
        help_text=_("Separate several with commas."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        required=False,
        choices=lazy_choices(LANGUAGES),
        widget=forms.CheckboxSelectMultiple,
    )
    # Not before 1900 (a mistyped year) nor in the future, as the service holds it.
    date_of_birth = PastDateField(
        label=_("Date of birth"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        since=EARLIEST_DAY,
    )
    estimated_age = forms.IntegerField(
        label=_("Estimated age in years"),
        required=False,
        min_value=0,
        max_value=110,
        help_text=_("When neither the date nor the year of birth is known."),
    )
    version = VersionField()  # of the record changed; a new record has none

    class Meta:
        model = Person
        fields = [
            "family_name",
            "given_name",
            "name_km",
            "sex",
            "date_of_birth",
            "birth_year",
            "nationality",
            "languages",
            "phone",
            "village",
            "commune",
            "district",
            "province",
            "foreign_address",
        ]
        widgets = {
            "family_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "given_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "name_km": forms.TextInput(attrs={"autocomplete": "off", "lang": "km"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "village": forms.TextInput(),
            "commune": forms.TextInput(),
            "district": forms.TextInput(),
            "foreign_address": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if self.instance.pk:
            self.fields["aliases_text"].initial = ", ".join(self.instance.aliases or [])
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]
            if self.instance.date_of_birth:
                self.initial["date_of_birth"] = self.instance.date_of_birth

    def clean_phone(self) -> str:
        phone = str(self.cleaned_data.get("phone") or "").strip()
        problem = phone_problem(phone)
        if problem:
            raise forms.ValidationError(problem)
        return phone

    def clean_aliases_text(self) -> str:
        text = strip_format(self.cleaned_data.get("aliases_text") or "")
        aliases = [a.strip() for a in text.split(",") if a.strip()]
        if len(aliases) > ALIASES_MAX:
            raise forms.ValidationError(
                _("Give at most %(limit)d aliases.") % {"limit": ALIASES_MAX}
            )
        if any(len(a) > NAME_MAX for a in aliases):
            raise forms.ValidationError(
                _("Each alias has at most %(limit)d characters.") % {"limit": NAME_MAX}
            )
        return text

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        today = timezone.localdate()
        dob: date | None = data.get("date_of_birth")
        year = data.get("birth_year")
        age = data.get("estimated_age")
        if year is not None and not (today.year - 110 <= int(year) <= today.year):
            self.add_error(
                "birth_year",
                _("Give a year between %(a)s and %(b)s.")
                % {"a": today.year - 110, "b": today.year},
            )
        if dob and year and dob.year != year:
            self.add_error("birth_year", _("The year does not match the date of birth."))
        # A name keeps no character that shows nothing (direction controls, zero-width spaces,
        # joiners), as the service keeps it: a name of nothing else is none.
        for name in ("family_name", "given_name", "name_km"):
            if isinstance(data.get(name), str):
                data[name] = clean_name(data[name])
        names = [data.get(f) for f in ("family_name", "given_name", "name_km")]
        names += str(data.get("aliases_text") or "").split(",")
        if not any(clean_name(str(name or "")) for name in names):
            raise forms.ValidationError(
                _("Give at least one name, in Latin or Khmer script, or a nickname.")
            )
        if data.get("province") == "99" and not data.get("foreign_address"):
            self.add_error("foreign_address", _("Give the address abroad, as far as it is known."))
        if dob:
            data["birth_year"], data["age_precision"] = dob.year, AgePrecision.DATE
        elif year:
            data["age_precision"] = AgePrecision.YEAR
        elif age is not None:
            data["birth_year"], data["age_precision"] = (
                today.year - int(age),
                AgePrecision.ESTIMATED,
            )
        else:
            data["age_precision"] = AgePrecision.UNKNOWN
        return data

    def person_data(self) -> dict[str, object]:
        data = {f: self.cleaned_data.get(f) for f in self.Meta.fields}
        data["date_of_birth"] = (
            dob.isoformat() if (dob := self.cleaned_data.get("date_of_birth")) else ""
        )
        data["birth_year"] = self.cleaned_data.get("birth_year")
        data["age_precision"] = self.cleaned_data["age_precision"]
        data["languages"] = list(self.cleaned_data.get("languages") or [])
        aliases = self.cleaned_data.get("aliases_text") or ""
        data["aliases"] = [a.strip() for a in aliases.split(",") if a.strip()]
        for key, value in list(data.items()):
            if value is None and key not in {"birth_year"}:
                data[key] = ""
        return data


class PersonFilterForm(forms.Form):
    """The filters of the person list, on the page, its export and in the API (which answers 400
    with these messages for a value that does not validate); ``queries.filtered_persons``
    applies them."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        help_text=_("Name in any spelling, nickname, phone, document number or P-number."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    province = forms.ChoiceField(
        label=_("Province"),
        required=False,
        choices=[("", _("All provinces")), *lazy_choices(PROVINCES)],
    )
    sex = forms.ChoiceField(
        label=_("Sex"),
        required=False,
        choices=[
            ("", _("All")),
            ("female", _("Female")),
            ("male", _("Male")),
            ("other", _("Other")),
            ("unknown", _("Not known")),
        ],
    )
    nationality = forms.CharField(label=_("Nationality code"), required=False, max_length=2)
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        required=False,
        min_value=EARLIEST_DAY.year,
        max_value=2100,
        help_text=_("With a name: people born near this year come first. Alone: that year only."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Django's messages for a number out of range have no Khmer; this one gives the range.
        year = _("Give a year between %(a)s and %(b)s.") % {"a": EARLIEST_DAY.year, "b": 2100}
        for code in ("invalid", "min_value", "max_value"):
            self.fields["birth_year"].error_messages[code] = year

    def clean_q(self) -> str:
        q = str(self.cleaned_data.get("q") or "")
        problem = search_problem(q)
        if problem:
            raise forms.ValidationError(problem, code="invalid")
        return q


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["scope", "agency", "method", "given_on"]
        field_classes = {"agency": LabelChoiceField}
        widgets = {"given_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("scope") == ConsentScope.SHARE and not data.get("agency"):
            self.add_error("agency", _("Name the agency the person agreed to share with."))
        given = data.get("given_on")
        if given and given > timezone.localdate():
            self.add_error("given_on", _("The date cannot be in the future."))
        return data


class WithdrawConsentForm(forms.Form):
    reason = BoundedCharField(label=_("Reason"), max_length=200, required=False)


class DocumentForm(forms.ModelForm):
    class Meta:
        model = IdentityDocument
        fields = ["kind", "number", "issuing_country", "held_by_other"]
        widgets = {"number": forms.TextInput(attrs={"autocomplete": "off"})}

    def clean_number(self) -> str:
        number = self.cleaned_data["number"].strip()
        if len(number) < 3:
            raise forms.ValidationError(_("A document number has at least three characters."))
        return str(number)
