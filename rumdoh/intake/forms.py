"""The forms of tips: the staff's, the public report form, and the status check."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.models import PROVINCE_CHOICES
from rumdoh.core.errors import FieldRefused
from rumdoh.core.formfields import LabelChoiceField
from rumdoh.core.limits import (
    ADDRESS_MAX,
    PHONE_MAX,
    PLACE_MAX,
    REASON_MAX,
    SEARCH_MAX_CHARS,
    TEXT_MAX,
    BoundedCharField,
)
from rumdoh.core.versions import Versioned
from rumdoh.intake.access import NOT_A_TIP_HOLDER, tip_holders
from rumdoh.intake.choices import (
    STAFF_CHANNELS,
    Channel,
    Concern,
    NoActionReason,
    Outcome,
    Status,
    Urgency,
)
from rumdoh.intake.services import refuse_received

ALL = ("", _("All"))
PROVINCE_OR_UNKNOWN = [("", _("Not known")), *PROVINCE_CHOICES]
STARTED_SALT = "rumdoh.intake.report-started"


class TipForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=STAFF_CHANNELS)
    received_at = forms.DateTimeField(
        label=_("Received at"),
        required=False,
        help_text=_("Leave empty for the current time."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    summary = BoundedCharField(
        label=_("What was reported"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )
    concern = forms.ChoiceField(label=_("What it is about"), choices=Concern.choices)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial="normal")
    subject = BoundedCharField(
        label=_("About whom"),
        required=False,
        max_length=ADDRESS_MAX,
        help_text=_("A name, a description, or nothing: many tips name nobody."),
    )
    people_count = forms.IntegerField(
        label=_("How many people"), required=False, min_value=1, max_value=100_000
    )
    province = forms.ChoiceField(label=_("Province"), required=False, choices=PROVINCE_OR_UNKNOWN)
    place = BoundedCharField(label=_("Place"), required=False, max_length=PLACE_MAX)
    reporter_name = BoundedCharField(label=_("Reporter's name"), required=False, max_length=200)
    reporter_contact = BoundedCharField(
        label=_("Reporter's phone or contact"), required=False, max_length=PHONE_MAX * 2
    )

    def clean_received_at(self) -> datetime | None:
        """Not in the future nor before 2008, said beside the field by the service's own check
        (which the API's path meets)."""
        received = self.cleaned_data.get("received_at")
        if received is not None:
            try:
                refuse_received(received)
            except FieldRefused as refused:
                raise forms.ValidationError(str(refused)) from None
        return received


class TriageForm(Versioned):
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    concern = forms.ChoiceField(label=_("What it is about"), choices=Concern.choices)
    note = BoundedCharField(
        label=_("Triage note"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AssignForm(Versioned):
    agency = LabelChoiceField(
        label=_("Assign to"),
        queryset=tip_holders(),
        error_messages={"invalid_choice": NOT_A_TIP_HOLDER},
    )


class OutcomeForm(Versioned):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    reason = forms.ChoiceField(
        label=_("Reason for no action"),
        required=False,
        choices=[("", "—"), *NoActionReason.choices],
    )
    record = forms.IntegerField(
        label=_("Number of the record it became"),
        required=False,
        min_value=1,
        help_text=_(
            "The number of the screening, identification, criminal case or operation, "
            "without its letter."
        ),
    )
    note = BoundedCharField(label=_("Note"), required=False, max_length=REASON_MAX)

    def __init__(self, *args: Any, outcomes: list[str] | None = None, **kwargs: Any) -> None:
        """``outcomes``: those the user may record (``access.outcomes_for``), the only ones
        offered; the number of a record is asked only when one of them links a record."""
        super().__init__(*args, **kwargs)
        if outcomes is not None:
            field = self.fields["outcome"]
            field.choices = [c for c in Outcome.choices if c[0] in outcomes]  # type: ignore[attr-defined]
            if outcomes == [Outcome.NO_ACTION]:
                del self.fields["record"]

    def clean(self) -> dict[str, Any]:
        """No action needs its reason, said beside the reason (the service refuses it too)."""
        data = super().clean() or {}
        if data.get("outcome") == Outcome.NO_ACTION and not data.get("reason"):
            self.add_error("reason", _("Say why no action is taken."))
        return data


class TipFilterForm(forms.Form):
    """The filters of the tip list, on the page and in the API (which answers 400 with these
    messages for a value that does not validate); ``queries.filtered_tips`` applies them."""

    q = BoundedCharField(
        max_length=SEARCH_MAX_CHARS,
        label=_("Tip"),
        required=False,
        help_text=_("A T-number, such as T-0000012."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[ALL, *Status.choices])
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=[ALL, *Channel.choices])
    urgency = forms.ChoiceField(label=_("Urgency"), required=False, choices=[ALL, *Urgency.choices])
    overdue = forms.BooleanField(
        label=_("Only overdue"),
        required=False,
        help_text=_("Tips past their due date with no outcome recorded yet."),
    )
    province = forms.ChoiceField(
        label=_("Province"), required=False, choices=[ALL, *PROVINCE_CHOICES]
    )


# The public form: every field is optional except what happened; nothing asks who is writing.
class ReportForm(forms.Form):
    summary = BoundedCharField(
        label=_("What is happening?"),
        max_length=TEXT_MAX,
        help_text=_(
            "Tell us what you saw or heard: who is in danger, what is done to them, since when."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    urgent = forms.BooleanField(label=_("Someone is in danger right now"), required=False)
    province = forms.ChoiceField(label=_("Province"), required=False, choices=PROVINCE_OR_UNKNOWN)
    place = BoundedCharField(
        label=_("Where?"),
        required=False,
        max_length=PLACE_MAX,
        help_text=_("A village, a building, a company name, or a place abroad."),
    )
    subject = BoundedCharField(
        label=_("Who is it about?"),
        required=False,
        max_length=ADDRESS_MAX,
        help_text=_("You may leave this empty."),
    )
    contact = BoundedCharField(
        label=_("How can we reach you? (optional)"),
        required=False,
        max_length=PHONE_MAX * 2,
        help_text=_("A phone number, Telegram or e-mail. You may stay anonymous."),
    )
    # The trap: hidden from people by the page's style sheet; programs fill it in.
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def seconds_open(self, now: float) -> float | None:
        """Seconds since this form was handed out, from its signed time; None if forged."""
        token = str(self.data.get("started", ""))
        try:
            handed_out = signing.Signer(salt=STARTED_SALT).unsign(token)
            return now - int(handed_out.split(".", 1)[0])
        except (signing.BadSignature, ValueError):
            return None


def started_token(now: float) -> str:
    """The signed time the form is handed out at: a program cannot make one earlier."""
    # With a random part: two forms handed out in the same second are two forms, and the one
    # sent is told from another (``public.report`` takes each form once).
    return signing.Signer(salt=STARTED_SALT).sign(f"{int(now)}.{secrets.token_urlsafe(9)}")


class StatusForm(forms.Form):
    reference = BoundedCharField(label=_("Reference"), max_length=20)
    secret = BoundedCharField(label=_("Secret code"), max_length=40)
