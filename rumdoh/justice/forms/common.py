"""Widgets, fields and labels the justice forms share; dates never in the future."""

from collections.abc import Callable, Collection
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.models import Agency
from rumdoh.core.formfields import not_future  # noqa: F401 - justice's forms take it from here
from rumdoh.core.limits import strip_bidi
from rumdoh.justice.models import (
    CaseVictim,
    Charge,
    CompensationWorksheet,
    JointInterviewInvitation,
    Suspect,
    Verdict,
    Warrant,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
WHEN_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
TICKS = forms.CheckboxSelectMultiple
NOTE = forms.Textarea(attrs={"rows": 2})


def agencies_of(*kinds: str) -> QuerySet[Agency]:
    return Agency.objects.filter(kind__in=kinds, is_active=True).order_by("name")


class Labelled(forms.ModelChoiceField):
    """A choice of records of a case, each named by ``label`` in the reader's language (the
    models' own names are for logs, in English)."""

    def __init__(self, *args: Any, label_with: Callable[[Any], str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label_with = label_with

    def label_from_instance(self, obj: Any) -> str:
        return self.label_with(obj)


def suspect_label(suspect: Suspect) -> str:
    """A suspect's number and name, as the case page beside the form shows them to every
    participant in the case."""
    return f"{suspect.reference} {strip_bidi(suspect.display_name)}"


class SuspectField(forms.ModelChoiceField):
    """A choice of the suspects of a case, each by number and name."""

    def label_from_instance(self, obj: Any) -> str:
        return suspect_label(obj)


def verdict_label(verdict: Verdict) -> str:
    entry = verdict.charge.catalogue_entry
    offence = entry.label(get_language() or "en") if entry else verdict.charge.offence
    parts = (suspect_label(verdict.charge.suspect), offence, str(verdict.get_outcome_display()))
    return f"{' · '.join(parts)} · {verdict.decided_on:%Y-%m-%d}"


def warrant_label(warrant: Warrant) -> str:
    suspect = suspect_label(warrant.suspect) if warrant.suspect is not None else "—"
    return f"{warrant.get_kind_display()} · {suspect} · {warrant.issued_on:%Y-%m-%d}"


def invitation_label(invitation: JointInterviewInvitation) -> str:
    agency = invitation.agency.label
    return f"{invitation.proposed_for:%Y-%m-%d} · {invitation.get_purpose_display()} · {agency}"


def worksheet_label(worksheet: CompensationWorksheet) -> str:
    total = _("%(amount)s riel") % {"amount": f"{worksheet.total_riel:,}"}
    return f"{worksheet.prepared_at:%Y-%m-%d} · {total}"


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def charge_label(charge: Charge) -> str:
    entry = charge.catalogue_entry
    label = entry.label(get_language() or "en") if entry else charge.offence
    return f"{suspect_label(charge.suspect)} — {label}"


def victim_label(victim: CaseVictim, shown: Collection[int] = ()) -> str:
    """A victim by number and name when the reader may see the person (``shown``, from
    ``people.access.reveal_names``), else by number, the name withheld."""
    person = victim.person
    if person.pk in shown:
        return f"{person.reference} {strip_bidi(person.display_name)}"
    return _("%(number)s (name withheld)") % {"number": person.reference}


class VictimField(forms.ModelChoiceField):
    """A choice of the victims of a case, named for a reader who may see them."""

    shown: Collection[int] = ()

    def label_from_instance(self, obj: Any) -> str:
        return victim_label(obj, self.shown)
