"""Who sees and changes which attachment: exactly who sees and changes the record it belongs to.

Nothing here decides on its own; it asks the record's own access helpers:

- a person: seen by the agencies that see the person's whole record — the agency that recorded
  the person and partners the person consented to share with (``people.access.WHOLE_RECORD``),
  not a provider that only received a referral nor an identifier asked to identify; changed by
  the agency that recorded the person, with the right to record persons
  (``people.access.may_change_person``);
- a protection case: seen by who sees the case (``rumdoh.protection.access``); changed by the
  owning agency's case workers while the case is open (``protection.access.may_change_case``);
- a criminal case: seen by the agencies taking part in it (``rumdoh.justice.access``) — never by
  agencies that only hear back about the outcome; changed by those now holding it, until its
  personal data is erased at the end of its retention.

A record the user may not see answers 404, the same as one that does not exist; so does each of
its attachments. Deleting is for the agency that uploaded, while it may still change the record.
"""

from dataclasses import dataclass

from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.urls import reverse

from rumdoh.accounts.models import User
from rumdoh.justice import access as justice
from rumdoh.people import access as people
from rumdoh.protection import access as protection

from .models import Attachment

PERSON = "person"
CASE = "case"
CRIMINAL_CASE = "criminal-case"
PARENT_KINDS = (PERSON, CASE, CRIMINAL_CASE)


@dataclass(frozen=True)
class Parent:
    """The record attachments hang from, as the user may reach it."""

    kind: str
    record: Model
    may_change: bool

    @property
    def filter(self) -> dict[str, int]:
        field = {PERSON: "person", CASE: "protection_case", CRIMINAL_CASE: "criminal_case"}
        return {f"{field[self.kind]}_id": int(self.record.pk)}

    @property
    def person_id(self) -> int | None:
        """The person whose data this is, for the audit trail (a criminal case has several)."""
        if self.kind == PERSON:
            return int(self.record.pk)
        if self.kind == CASE:
            return int(self.record.person_id)  # type: ignore[attr-defined]
        return None

    @property
    def url(self) -> str:
        names = {
            PERSON: "people:detail",
            CASE: "protection:case_detail",
            CRIMINAL_CASE: "justice:case_detail",
        }
        return reverse(names[self.kind], args=[self.record.pk])

    @property
    def reference(self) -> str:
        return str(self.record.reference)  # type: ignore[attr-defined]


def _parent(user: User, kind: str, record: Model) -> Parent:
    """The record as a parent of files, once the user is known to see its files."""
    if kind == PERSON:
        return Parent(PERSON, record, people.may_change_person(user, record))  # type: ignore[arg-type]
    if kind == CASE:
        return Parent(CASE, record, protection.may_change_case(user, record))  # type: ignore[arg-type]
    erased = record.personal_data_erased_on is not None  # type: ignore[attr-defined]
    takes_part = bool(justice.actors(user, record))  # type: ignore[arg-type]
    return Parent(CRIMINAL_CASE, record, takes_part and not erased)


def get_parent_for_user(user: User, kind: str, pk: int | str) -> Parent:
    """The record, or 404 — whether it does not exist, may not be seen, or the kind is unknown."""
    fetch = {
        PERSON: people.get_whole_record_for_user,
        CASE: protection.get_case_for_user,
        CRIMINAL_CASE: justice.get_participating_case,
    }
    if kind not in fetch:
        raise Http404
    return _parent(user, kind, fetch[kind](user, pk))


def parent_on_page(user: User, kind: str, record: Model) -> Parent | None:
    """A record that a page has fetched, and checked the user sees, as the parent of its files;
    ``None`` if its files are not for the user, or the kind is unknown. Reads no record again.

    Seeing the record is not always enough: a person's files are for the agencies that see the
    whole record, a criminal case's for those taking part in it. Everyone who sees a protection
    case sees its files."""
    if kind == PERSON and people.sees_whole_record(user, record):  # type: ignore[arg-type]
        return _parent(user, kind, record)
    if kind == CASE:
        return _parent(user, kind, record)
    if kind == CRIMINAL_CASE and justice.is_participant(user, record):  # type: ignore[arg-type]
        return _parent(user, kind, record)
    return None


def parent_of(user: User, attachment: Attachment) -> Parent:
    if attachment.person_id is not None:
        return get_parent_for_user(user, PERSON, attachment.person_id)
    if attachment.protection_case_id is not None:
        return get_parent_for_user(user, CASE, attachment.protection_case_id)
    return get_parent_for_user(user, CRIMINAL_CASE, attachment.criminal_case_id)  # type: ignore[arg-type]


def visible_attachments(user: User) -> QuerySet[Attachment]:
    """Every attachment of a record the user sees; the sealed content is left in the database."""
    seen = (
        Q(person__in=people.whole_record_persons(user).values("pk"))
        | Q(protection_case__in=protection.visible_cases(user).values("pk"))
        | Q(criminal_case__in=justice.participating_cases(user).values("pk"))
    )
    return Attachment.objects.filter(seen).defer("content")


def get_attachment_for_user(user: User, pk: int | str) -> tuple[Attachment, Parent]:
    """The attachment and its record, or 404 if the user may not see the record."""
    try:
        attachment = Attachment.objects.defer("content").get(pk=int(pk))
    except (Attachment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    return attachment, parent_of(user, attachment)


def may_delete(user: User, attachment: Attachment, parent: Parent) -> bool:
    return parent.may_change and attachment.agency_id == user.agency_id
