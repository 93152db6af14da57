"""Forms of victims, suspects and charges."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from rumdoh.core.limits import (
    ALIASES_MAX,
    NAME_MAX,
    BoundedCharField,
    clean_name,
    search_problem,
    strip_bidi,
    strip_format,
)
from rumdoh.core.person_numbers import parse_person_number
from rumdoh.core.versions import Versioned
from rumdoh.justice.choices import (
    CompanyKind,
    NonPunishment,
    Relation,
    Support,
    SuspectKind,
    SuspectRole,
)
from rumdoh.justice.forms.common import NOTE, TICKS, SuspectField, lines_of
from rumdoh.justice.models import CriminalCase, Suspect
from rumdoh.justice.rules import offences
from rumdoh.justice.rules.limits import BIRTH_YEAR_MAX, BIRTH_YEAR_MIN
from rumdoh.people.models import NATIONALITY_CHOICES, Sex
from rumdoh.protection.choices import Exploitation


def offence_choices() -> list[tuple[str, str]]:
    language = get_language() or "en"
    rows = []
    for o in offences.OFFENCES:
        article = _("art. %(article)s") % {"article": o.article} if o.article else ""
        rows.append(
            (
                o.code,
                " ".join(p for p in (o.law_label(language), article, "—", o.label(language)) if p),
            )
        )
    return rows


class VictimAddForm(forms.Form):
    """The person chosen among the search results (the page lists them), and their part."""

    person = forms.CharField(
        label=_("Victim"),
        max_length=20,
        error_messages={"required": _("Choose the victim among the persons found.")},
    )
    participates = forms.BooleanField(label=_("Takes part in the proceedings"), required=False)

    def clean_person(self) -> int:
        number = parse_person_number(self.cleaned_data["person"])
        if number is None:
            raise forms.ValidationError(_("Choose the victim among the persons found."))
        return number


class PersonSearchForm(forms.Form):
    """A search of the persons the user's agency may see: a name, a phone, a document or a
    P-number."""

    q = forms.CharField(
        label=_("Find the victim"),
        required=False,
        help_text=_("A name, a phone number, a document number or a P-number."),
    )

    def clean_q(self) -> str:
        text = str(self.cleaned_data.get("q") or "").strip()
        problem = search_problem(text)
        if problem:
            raise forms.ValidationError(problem)
        return text


class VictimForm(Versioned):
    participates = forms.BooleanField(label=_("Takes part in the proceedings"), required=False)
    support = forms.MultipleChoiceField(
        label=_("Support received"), choices=Support.choices, widget=TICKS, required=False
    )


class NonPunishmentForm(forms.Form):
    acts = forms.CharField(
        label=_("Acts the victim faces charges for"),
        max_length=300,
        help_text=_(
            "For example: illegal entry (Immigration Law art. 29), fraud in a scam compound."
        ),
    )
    note = forms.CharField(label=_("Why these acts were forced"), widget=NOTE, required=False)


class NonPunishmentReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (NonPunishment.APPLIED, NonPunishment.APPLIED.label),
            (NonPunishment.NOT_APPLIED, NonPunishment.NOT_APPLIED.label),
        ],
    )
    note = forms.CharField(label=_("Reasons for the decision"), widget=NOTE, required=False)


class SuspectForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SuspectKind.choices)
    family_name = BoundedCharField(max_length=NAME_MAX, label=_("Family name"), required=False)
    given_name = BoundedCharField(max_length=NAME_MAX, label=_("Given name"), required=False)
    name_km = BoundedCharField(max_length=NAME_MAX, label=_("Name in Khmer script"), required=False)
    aliases_text = BoundedCharField(
        max_length=ALIASES_MAX * (NAME_MAX + 2),
        label=_("Aliases and nicknames"),
        required=False,
        help_text=_("Separate several with commas."),
    )
    handles_text = BoundedCharField(
        label=_("Messaging-app handles"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "One a line: the app, a colon, the handle. For example: Telegram: @boss_sihanouk"
        ),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        required=False,
        min_value=BIRTH_YEAR_MIN,
        max_value=BIRTH_YEAR_MAX,
    )
    nationality = forms.ChoiceField(
        label=_("Nationality"), choices=[("", _("Not known")), *NATIONALITY_CHOICES], required=False
    )
    company_name = forms.CharField(label=_("Company name"), max_length=200, required=False)
    company_kind = forms.ChoiceField(
        label=_("Kind of company"), choices=[("", "—"), *CompanyKind.choices], required=False
    )
    registration_number = forms.CharField(
        label=_("Registration or licence number"), max_length=100, required=False
    )
    role = forms.ChoiceField(label=_("Role in the offence"), choices=SuspectRole.choices)
    relation_to_victim = forms.ChoiceField(
        label=_("Relation to the victim"), choices=Relation.choices, initial=Relation.UNKNOWN
    )
    notes = forms.CharField(label=_("Notes"), widget=NOTE, required=False)

    def clean_birth_year(self) -> int | None:
        year = self.cleaned_data.get("birth_year")
        if year is not None and year > timezone.localdate().year:
            raise forms.ValidationError(_("The year cannot be in the future."))
        return year

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

    def clean_handles_text(self) -> list[dict[str, str]]:
        handles = []
        for line in lines_of(strip_bidi(self.cleaned_data.get("handles_text", ""))):
            app, sep, handle = line.partition(":")
            if not sep:
                app, handle = "", line
            if not handle.strip():
                raise forms.ValidationError(_("Write each handle as app: handle."))
            handles.append({"app": app.strip(), "handle": handle.strip()})
        return handles

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("family_name", "given_name", "name_km"):
            if isinstance(data.get(name), str):
                data[name] = clean_name(data[name])
        if data.get("kind") == SuspectKind.LEGAL and not data.get("company_name"):
            self.add_error("company_name", _("Give the name of the company."))
        if data.get("kind") == SuspectKind.NATURAL:
            known = [data.get(f) for f in ("family_name", "given_name", "name_km", "aliases_text")]
            if not any(known) and not data.get("handles_text"):
                self.add_error(None, _("Give at least a name, an alias or a messaging-app handle."))
        return data

    def suspect_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["aliases"] = [a.strip() for a in data.pop("aliases_text", "").split(",") if a.strip()]
        data["handles"] = data.pop("handles_text", [])
        return data

    @classmethod
    def initial_for(cls, suspect: Suspect) -> dict[str, Any]:
        fields = [f for f in cls.base_fields if not f.endswith("_text")]
        initial = {f: getattr(suspect, f) for f in fields}
        initial["aliases_text"] = ", ".join(suspect.aliases or [])
        initial["handles_text"] = "\n".join(
            f"{h.get('app', '')}: {h.get('handle', '')}".lstrip(": ") for h in suspect.handles or []
        )
        return initial


class SuspectEditForm(Versioned, SuspectForm):
    pass


class ChargeForm(forms.Form):
    suspect = SuspectField(label=_("Suspect"), queryset=Suspect.objects.none())
    offence = forms.ChoiceField(label=_("Offence"), choices=())
    exploitation = forms.ChoiceField(
        label=_("For which form of exploitation"),
        choices=[("", "—"), *Exploitation.choices],
        required=False,
        help_text=_("Needed for the trafficking articles, which do not name it themselves."),
    )
    article_detail = forms.CharField(
        label=_("Article or paragraph"),
        max_length=100,
        required=False,
        help_text=_("For the laws coded as a whole (gambling, money laundering)."),
    )

    def __init__(self, *args: Any, case: CriminalCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["suspect"].queryset = case.suspects.all()  # type: ignore[attr-defined]
        self.fields["offence"].choices = offence_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code = data.get("offence", "")
        if code and offences.needs_exploitation(code) and not data.get("exploitation"):
            self.add_error(
                "exploitation",
                _("Say for which form of exploitation: the article does not say it."),
            )
        return data


class AbscondForm(forms.Form):
    note = forms.CharField(label=_("What is known"), max_length=200, required=False)
