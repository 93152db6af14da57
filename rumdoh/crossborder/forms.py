"""Forms of cross-border work, in Khmer and English; every field explains itself."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rumdoh.core.filters import DateRangeFilters, date_filter
from rumdoh.core.formfields import LabelChoiceField, not_future, planned
from rumdoh.core.limits import REASON_MAX, SEARCH_MAX_CHARS, TEXT_MAX, BoundedCharField
from rumdoh.core.versions import Versioned
from rumdoh.crossborder.messages import NOT_AN_EMBASSY, STAGE_LABELS
from rumdoh.crossborder.models import (
    REQUEST_KIND_CHOICES,
    Arrival,
    AssessmentResult,
    Crossing,
    RequestDirection,
)
from rumdoh.crossborder.queries import embassies, embassies_for
from rumdoh.people.models import COUNTRY_CHOICES, Person
from rumdoh.protection.choices import Exploitation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SEARCH = forms.TextInput(attrs={"type": "search"})


class ListUploadForm(forms.Form):
    file = forms.FileField(
        label=_("List file"),
        help_text=_(
            "The list as received: CSV (UTF-8) or XLSX, headers in English or Thai, names in "
            "Latin or Thai script. Nothing is imported if any row has a problem."
        ),
    )
    sent_by = BoundedCharField(
        label=_("Sent by"),
        max_length=200,
        help_text=_("The authority that sent the list, e.g. Sa Kaeo Immigration Checkpoint."),
    )
    country = forms.ChoiceField(label=_("Deporting country"), choices=COUNTRY_CHOICES, initial="TH")
    crossing = forms.ChoiceField(label=_("Crossing"), choices=Crossing.choices)
    expected_on = forms.DateField(
        label=_("Expected on"),
        widget=DATE,
        validators=[planned],
        help_text=_("Ages on the list are turned into years of birth as of this date."),
    )
    again = forms.BooleanField(
        label=_("A new list of the same people"),
        required=False,
        help_text=_(
            "Only when people already expected on an earlier list are deported again: a file "
            "received twice is refused, so that no one is expected twice."
        ),
    )


class ListFilterForm(DateRangeFilters):
    """The filters of the deportation lists, on the page and in the API (which answers 400 with
    these messages for a value that does not validate); ``queries.filtered_lists`` applies
    them."""

    q = BoundedCharField(
        label=_("List number"), max_length=SEARCH_MAX_CHARS, required=False, widget=SEARCH
    )
    crossing = forms.ChoiceField(
        label=_("Crossing"), required=False, choices=[("", _("All")), *Crossing.choices]
    )
    since = date_filter(_("Expected from"))
    until = date_filter(_("Expected until"))


class DeporteeFilterForm(forms.Form):
    """The filters of a deportation list's people, on its page and in the API (which answers 400
    with these messages for a value that does not validate); ``queries.filtered_deportees``
    applies them."""

    status = forms.ChoiceField(
        label=_("Arrival"), required=False, choices=[("", _("All")), *Arrival.choices]
    )
    screened = forms.ChoiceField(
        label=_("Screening"),
        required=False,
        choices=[("", _("All")), ("no", _("Not screened yet")), ("yes", _("Screened"))],
    )


class RepatriationForm(forms.Form):
    person = BoundedCharField(
        label=_("Person number"),
        max_length=20,
        help_text=_("The P-number of a person your agency may see, e.g. P-000123."),
    )
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=[("home", _("Cambodian coming home")), ("abroad", _("Foreigner going home"))],
    )
    country = forms.ChoiceField(label=_("Country abroad"), choices=COUNTRY_CHOICES, initial="TH")
    embassy = LabelChoiceField(
        label=_("Embassy or IOM office"),
        required=False,
        queryset=embassies(),
        error_messages={"invalid_choice": NOT_AN_EMBASSY},
        help_text=_("It will see this repatriation and its stages, not the case files."),
    )
    crossing = forms.ChoiceField(
        label=_("Crossing"), required=False, choices=[("", "—"), *Crossing.choices]
    )
    requested_on = forms.DateField(label=_("Requested on"), widget=DATE, validators=[not_future])
    expected_on = forms.DateField(
        label=_("Expected on"), required=False, widget=DATE, validators=[planned]
    )
    travel_documents = BoundedCharField(
        label=_("Travel documents"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Passport, travel document or laissez-passer: number and who issues it."),
    )
    escort = BoundedCharField(label=_("Escort"), max_length=REASON_MAX, required=False)

    def offer_embassies_for(self, person: Person, country: str = "") -> None:
        """Offer only the embassies that may be named for this person's return from or to
        ``country`` (any country abroad when not chosen yet). Called once the person is known; a
        choice already sent is still checked by the service, which says why it is refused."""
        field = self.fields["embassy"]
        assert isinstance(field, LabelChoiceField)
        field.queryset = embassies_for(person, country)


class RepatriationFilterForm(forms.Form):
    """The filters of the repatriations, on the page and in the API (which answers 400 with these
    messages for a value that does not validate); ``queries.filtered_repatriations`` applies
    them."""

    q = BoundedCharField(
        label=_("Repatriation or person number"),
        max_length=SEARCH_MAX_CHARS,
        required=False,
        widget=SEARCH,
    )
    direction = forms.ChoiceField(
        label=_("Direction"),
        required=False,
        choices=[
            ("", _("All")),
            ("home", _("Cambodian coming home")),
            ("abroad", _("Foreigner going home")),
        ],
    )
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("All")), *STAGE_LABELS.items()]
    )


class MoveForm(Versioned):
    stage = forms.ChoiceField(label=_("Next stage"), choices=[])
    on = forms.DateField(label=_("On"), widget=DATE, validators=[not_future])
    note = BoundedCharField(label=_("Note"), max_length=REASON_MAX, required=False)

    def __init__(self, *args: Any, stages: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["stage"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(s, STAGE_LABELS[s]) for s in stages or []]


class AssessmentForm(forms.Form):
    traced_on = forms.DateField(label=_("Traced on"), widget=DATE, validators=[not_future])
    result = forms.ChoiceField(label=_("Result"), choices=AssessmentResult.choices)
    family_contact = BoundedCharField(
        label=_("Family and how to reach them"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    findings = BoundedCharField(
        label=_("Findings"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Who was found, whether anyone in the family took part in the exploitation, and "
            "whether the person wants to go back."
        ),
    )


class CustodyForm(forms.Form):
    to_whom = BoundedCharField(label=_("Handed to"), max_length=REASON_MAX)
    relationship = BoundedCharField(label=_("Relationship to the child"), max_length=100)
    authority = BoundedCharField(
        label=_("By the authority of"),
        max_length=200,
        help_text=_("The body that decided the transfer, e.g. PoSVY Banteay Meanchey."),
    )
    authority_reference = BoundedCharField(label=_("Decision number"), max_length=100)
    documents = BoundedCharField(
        label=_("Documents signed"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    transferred_on = forms.DateField(
        label=_("Transferred on"), widget=DATE, validators=[not_future]
    )


class RequestForm(forms.Form):
    direction = forms.ChoiceField(label=_("Direction"), choices=RequestDirection.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=REQUEST_KIND_CHOICES)
    counterpart_name = BoundedCharField(label=_("Counterpart"), max_length=200)
    country = forms.ChoiceField(label=_("Country"), choices=COUNTRY_CHOICES, initial="TH")
    their_reference = BoundedCharField(label=_("Their reference"), max_length=100, required=False)
    subject = BoundedCharField(
        label=_("What is asked"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
    sent_on = forms.DateField(label=_("Sent or received on"), widget=DATE, validators=[not_future])
    due_on = forms.DateField(
        label=_("Reply due by"),
        required=False,
        widget=DATE,
        validators=[planned],
        help_text=_(
            "Leave empty for the usual time: 30 days for evidence, 90 for mutual legal "
            "assistance, 21 for family tracing."
        ),
    )
    send_to_system = forms.ChoiceField(
        label=_("Send to the counterpart's system"),
        required=False,
        choices=[],
        help_text=_(
            "Only for a request or notice sent abroad to a counterpart whose system is "
            "registered: Rumdoh signs it and keeps it in the outbox until that system fetches "
            "it. Leave empty when it goes by letter or e-mail only."
        ),
    )

    def __init__(
        self, *args: Any, systems: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["send_to_system"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("None: by letter or e-mail only")), *(systems or [])]


class RequestFilterForm(forms.Form):
    """The filters of the requests to and from counterparts, on the page and in the API (which
    answers 400 with these messages for a value that does not validate);
    ``queries.filtered_requests`` applies them."""

    direction = forms.ChoiceField(
        label=_("Direction"), required=False, choices=[("", _("All")), *RequestDirection.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *REQUEST_KIND_CHOICES]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All")),
            ("open", _("Waiting for a reply")),
            ("late", _("Reply late")),
            ("replied", _("Replied")),
        ],
    )


class ReplyForm(Versioned):
    replied_on = forms.DateField(label=_("Replied on"), widget=DATE, validators=[not_future])
    reply = BoundedCharField(
        label=_("Reply"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )


class RecognitionForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), choices=COUNTRY_CHOICES, initial="TH")
    authority = BoundedCharField(
        label=_("Identifying authority"),
        max_length=200,
        help_text=_("The competent authority abroad that identified the person as a victim."),
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE, validators=[not_future])
    decision_reference = BoundedCharField(label=_("Decision reference"), max_length=100)
    summary = BoundedCharField(
        label=_("What the decision says"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    exploitation_types = forms.MultipleChoiceField(
        label=_("Forms of exploitation"),
        choices=Exploitation.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("As the foreign decision records them."),
    )
