"""Every change to tips: atomic, audited, one function per change.

The public report form and a partner's hotline system come in through ``receive_public_report``
and ``record_tip``; staff triage, assign and close tips through the others. An outcome links the
tip to the record it became, which the user must be able to see.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from rumdoh.accounts.audit import log_action
from rumdoh.accounts.models import FIELD_AGENCY_KINDS, Agency, User
from rumdoh.core.errors import FieldRefused, NotAllowed, Refused, refuse_out_of_time
from rumdoh.core.twice import sent_again
from rumdoh.core.versions import require_version
from rumdoh.intake.access import NOT_A_TIP_HOLDER, holds, works_with_tips
from rumdoh.intake.choices import Channel, Outcome, Status, Urgency
from rumdoh.intake.models import Tip, pk_of, public_report_agency
from rumdoh.intake.rules import deadlines
from rumdoh.justice.access import visible_cases
from rumdoh.operations.access import visible_operations
from rumdoh.people.access import can_see
from rumdoh.people.models import AccessSource, Person, PersonAccess
from rumdoh.protection.access import visible_identifications
from rumdoh.screening.access import visible_screenings


@dataclass
class TipInput:
    channel: str
    summary: str
    concern: str = "other"
    subject: str = ""
    person: Person | None = None
    people_count: int | None = None
    province: str = ""
    place: str = ""
    urgency: str = Urgency.NORMAL
    reporter_name: str = ""
    reporter_contact: str = ""
    language: str = ""
    external_reference: str = ""
    received_at: datetime | None = None


def due_time(received_at: datetime, urgency: str) -> datetime:
    return deadlines.outcome_due(
        received_at,
        urgency == Urgency.URGENT,
        normal_days=int(getattr(settings, "RUMDOH_TIP_OUTCOME_DAYS", deadlines.NORMAL_DAYS)),
        urgent_days=int(getattr(settings, "RUMDOH_TIP_URGENT_OUTCOME_DAYS", deadlines.URGENT_DAYS)),
    )


def _bump(tip: Tip, fields: list[str]) -> None:
    tip.version += 1
    tip.save(update_fields=[*fields, "version"])


def _require_holder(user: User, tip: Tip) -> None:
    if not holds(user, tip):
        raise NotAllowed(_("Only the agency holding this tip may change it."))


def _grant_person(tip: Tip) -> None:
    """The agency assigned a tip about a known person sees that person, on the tip's ground.
    The ground is the tip's: an agency the tip has been assigned on from stops seeing the person
    on it (as a declined referral stops showing its person), and so does any grant for a person
    the tip no longer names."""
    earlier = PersonAccess.objects.filter(
        source=AccessSource.TIP, source_id=tip.pk, revoked_at__isnull=True
    )
    if tip.person_id is None or tip.assigned_agency_id is None:
        earlier.update(revoked_at=timezone.now())
        return
    earlier.exclude(person_id=tip.person_id, agency_id=tip.assigned_agency_id).update(
        revoked_at=timezone.now()
    )
    PersonAccess.objects.get_or_create(
        person_id=tip.person_id,
        agency_id=tip.assigned_agency_id,
        source=AccessSource.TIP,
        source_id=tip.pk,
        revoked_at=None,
    )


def refuse_received(received: datetime) -> None:
    """Refuse, by the field ``received_at``, a tip received before 2008 (a mistyped year; the
    day on the moment's own clock, which near year 1 cannot be moved to another zone) or in
    the future: the page says it beside the field, the API by the field's name."""
    refuse_out_of_time(received, "received_at", ahead=None)
    if received > timezone.now():
        raise FieldRefused("received_at", _("A tip cannot be received in the future."))


def _create(data: TipInput, **fields: Any) -> Tip:
    received = data.received_at or timezone.now()
    refuse_received(received)
    return Tip.objects.create(
        channel=data.channel,
        received_at=received,
        concern=data.concern,
        summary=data.summary,
        subject=data.subject,
        person=data.person,
        people_count=data.people_count,
        province=data.province,
        place=data.place,
        urgency=data.urgency,
        reporter_name=data.reporter_name,
        reporter_contact=data.reporter_contact,
        language=data.language,
        external_reference=data.external_reference,
        due_at=due_time(received, data.urgency),
        **fields,
    )


# A tip sent twice (a double click, or a partner's system retrying a call whose answer was slow)
# is one tip: counted twice, the hotline's calls would be more than were made.
_SEALED_FACTS = ("summary", "subject", "place", "reporter_name", "reporter_contact")


def just_recorded(user: User, data: TipInput) -> Tip | None:
    """The tip ``user`` recorded moments ago with the very facts of ``data``, if any: the same
    tip sent twice (``core.twice.sent_again``, called in the transaction that records the tip).
    The words are sealed: compared once read."""
    same: dict[str, Any] = {}
    if data.received_at is not None:  # else each sending is received when it is recorded
        same["received_at"] = data.received_at
    return sent_again(
        Tip.objects.all(),
        user,
        sealed={name: getattr(data, name) for name in _SEALED_FACTS},
        channel=data.channel,
        concern=data.concern,
        urgency=data.urgency,
        province=data.province,
        people_count=data.people_count,
        person=data.person,
        language=data.language,
        external_reference=data.external_reference,
        **same,
    )


@transaction.atomic
def record_tip(user: User, data: TipInput, request: HttpRequest | None = None) -> Tip:
    """A tip taken by staff (or posted by a partner's hotline system) for the user's agency.
    Sent twice, it is recorded once: the second sending answers the tip the first recorded
    (``just_recorded``)."""
    if not works_with_tips(user):
        raise NotAllowed(_("Your role does not allow this."))
    if data.channel == Channel.WEB_FORM:
        raise Refused(_("Reports of the public web form come only through the form."))
    if data.person is not None and not can_see(user, data.person.pk):
        raise NotAllowed(_("Your agency may not see this person's record."))
    twin = just_recorded(user, data)
    if twin is not None:
        return twin
    tip = _create(data, recorded_by=user, recording_agency=user.agency)
    log_action(
        "tip.recorded",
        user=user,
        request=request,
        obj=tip,
        person_id=tip.person_id,
        data={"channel": tip.channel, "urgency": tip.urgency},
    )
    return tip


log = logging.getLogger(__name__)


class NoReceiver(Refused):
    """No agency receives the reports of the public form: a report would reach nobody."""


def hash_secret(tip_pk: int, secret: str) -> str:
    """The stored form of a status secret: keyed, tied to the tip, never the secret itself."""
    return salted_hmac(f"rumdoh.intake.status.{tip_pk}", secret.strip().upper()).hexdigest()


def new_secret() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, typed on a phone
    return "".join(secrets.choice(alphabet) for _ in range(12))  # 60 bits


@transaction.atomic
def receive_public_report(data: TipInput, request: HttpRequest | None = None) -> tuple[Tip, str]:
    """A report from the public form, assigned to the public report agency. Returns the tip and
    the secret that, with its reference, lets the reporter check its status (shown once).
    Without an agency to receive it, nothing is saved (nobody would see the tip) and
    ``NoReceiver`` says so; the error is logged for the administrators."""
    agency = public_report_agency()
    if agency is None:
        log.error(
            "RUMDOH_PUBLIC_REPORT_AGENCY names no active agency that may hold a tip: "
            "a report of the public form was refused"
        )
        raise NoReceiver(
            _(
                "Reports cannot be sent online at the moment. Nothing was sent: please call "
                "the hotline 1288, or try again later."
            )
        )
    data.channel = Channel.WEB_FORM
    data.received_at = None
    tip = _create(data, assigned_agency=agency, assigned_at=timezone.now(), status=Status.ASSIGNED)
    secret = new_secret()
    tip.status_secret_hash = hash_secret(tip.pk, secret)
    tip.save(update_fields=["status_secret_hash"])
    log_action(
        "tip.received_public",
        user=None,
        request=request,
        obj=tip,
        data={"language": tip.language, "assigned": agency.pk},
    )
    return tip, secret


def check_status(reference: str, secret: str) -> Tip | None:
    """The tip for this reference and secret, or None: the same whether the reference does not
    exist or the secret is wrong."""
    pk = pk_of(reference)
    tip = Tip.objects.filter(pk=pk, channel=Channel.WEB_FORM).first() if pk else None
    candidate = hash_secret(pk or 0, secret)
    if tip is None or not tip.status_secret_hash:
        return None
    return tip if constant_time_compare(candidate, tip.status_secret_hash) else None


@transaction.atomic
def triage(
    user: User,
    tip: Tip,
    *,
    urgency: str,
    concern: str,
    note: str = "",
    version: int,
    request: HttpRequest | None = None,
) -> Tip:
    """Judge how urgent the tip is and what it is about; its due time follows the urgency."""
    tip = Tip.objects.select_for_update().get(pk=tip.pk)
    _require_holder(user, tip)
    require_version(tip.version, version)
    if tip.is_closed:
        raise Refused(_("This tip already has an outcome."))
    before = {"urgency": tip.urgency, "concern": tip.concern}
    tip.urgency, tip.concern, tip.triage_note = urgency, concern, note
    tip.due_at = due_time(tip.received_at, urgency)
    tip.triaged_at, tip.triaged_by = timezone.now(), user
    if tip.status == Status.NEW:
        tip.status = Status.TRIAGED
    fields = ["urgency", "concern", "triage_note", "due_at", "triaged_at", "triaged_by", "status"]
    _bump(tip, fields)
    log_action(
        "tip.triaged",
        user=user,
        request=request,
        obj=tip,
        person_id=tip.person_id,
        data={"before": before, "urgency": urgency, "concern": concern},
    )
    return tip


@transaction.atomic
def assign(
    user: User, tip: Tip, agency: Agency, *, version: int, request: HttpRequest | None = None
) -> Tip:
    """Hand the tip to an agency (its own or another); the new holder's supervisor is alerted
    if it then waits too long."""
    tip = Tip.objects.select_for_update().get(pk=tip.pk)
    _require_holder(user, tip)
    require_version(tip.version, version)
    if tip.is_closed:
        raise Refused(_("This tip already has an outcome."))
    if not agency.is_active:
        raise Refused(_("This agency no longer works on the system."))
    if agency.kind not in FIELD_AGENCY_KINDS:
        raise Refused(str(NOT_A_TIP_HOLDER))
    before = tip.assigned_agency_id
    tip.assigned_agency, tip.assigned_at = agency, timezone.now()
    tip.status, tip.overdue_alerted_at = Status.ASSIGNED, None
    _bump(tip, ["assigned_agency", "assigned_at", "status", "overdue_alerted_at"])
    _grant_person(tip)
    log_action(
        "tip.assigned",
        user=user,
        request=request,
        obj=tip,
        person_id=tip.person_id,
        data={"from": before, "to": agency.pk},
    )
    return tip


@transaction.atomic
def link_person(
    user: User, tip: Tip, person: Person, *, version: int, request: HttpRequest | None = None
) -> Tip:
    """Say whom the tip is about, once it is known: a person the user's agency sees."""
    tip = Tip.objects.select_for_update().get(pk=tip.pk)
    _require_holder(user, tip)
    require_version(tip.version, version)
    if not can_see(user, person.pk):
        raise NotAllowed(_("Your agency may not see this person's record."))
    tip.person = person
    _bump(tip, ["person"])
    _grant_person(tip)
    log_action("tip.person_linked", user=user, request=request, obj=tip, person_id=person.pk)
    return tip


def _visible_record(queryset: Any, pk: int | None, message: str) -> Any:
    """The record ``pk`` among those the user may see (``queryset``), else refused by the field
    ``record`` with ``message``: a record that does not exist and one hidden from the user
    answer the same words, so nobody learns which numbers exist by trying them."""
    if pk is None:
        raise FieldRefused("record", _("Give the number of the record it became."))
    record = queryset.filter(pk=pk).first()
    if record is None:
        raise FieldRefused("record", message)
    return record


@transaction.atomic
def record_outcome(
    user: User,
    tip: Tip,
    outcome: str,
    *,
    version: int,
    reason: str = "",
    note: str = "",
    record_id: int | None = None,
    request: HttpRequest | None = None,
) -> Tip:
    """Close the tip with what it became: no action (with a reason), or the screening,
    identification, criminal case or rescue operation it led to (``record_id``), which the user
    must be able to see: each looked up among those the user sees, never the whole table."""
    tip = Tip.objects.select_for_update().get(pk=tip.pk)
    _require_holder(user, tip)
    require_version(tip.version, version)
    if tip.is_closed:
        raise Refused(_("This tip already has an outcome."))
    tip.screening = tip.identification = tip.criminal_case = None
    tip.operation = None
    tip.no_action_reason = ""
    if outcome == Outcome.NO_ACTION:
        if not reason:
            raise Refused(_("Say why no action is taken."))
        tip.no_action_reason = reason
    elif outcome == Outcome.SCREENING:
        tip.screening = _visible_record(
            visible_screenings(user), record_id, _("No such screening that you may see.")
        )
    elif outcome == Outcome.IDENTIFICATION:
        tip.identification = _visible_record(
            visible_identifications(user),
            record_id,
            _("No such identification that you may see."),
        )
    elif outcome == Outcome.CRIMINAL_CASE:
        tip.criminal_case = _visible_record(
            visible_cases(user), record_id, _("No such criminal case that you may see.")
        )
    elif outcome == Outcome.OPERATION:
        tip.operation = _visible_record(
            visible_operations(user), record_id, _("No such rescue operation that you may see.")
        )
    else:
        raise Refused(_("Choose an outcome."))
    tip.outcome, tip.outcome_note = outcome, note
    tip.outcome_at, tip.outcome_by, tip.status = timezone.now(), user, Status.CLOSED
    fields = ["outcome", "outcome_note", "outcome_at", "outcome_by", "status", "no_action_reason"]
    _bump(tip, [*fields, "screening", "identification", "criminal_case", "operation"])
    log_action(
        "tip.outcome",
        user=user,
        request=request,
        obj=tip,
        person_id=tip.person_id,
        data={"outcome": outcome, "record": record_id, "reason": tip.no_action_reason},
    )
    return tip


def link_operation(
    user: User,
    tip: Tip,
    operation_id: int,
    *,
    version: int,
    request: HttpRequest | None = None,
) -> Tip:
    """Close the tip with the rescue operation it led to."""
    return record_outcome(
        user, tip, Outcome.OPERATION, version=version, record_id=operation_id, request=request
    )


def status_label_for_public(tip: Tip) -> str:
    """What the reporter is told: whether the report is received, being handled, or acted on."""
    if tip.is_closed:
        return _("Your report has been looked into and the responsible agency has acted on it.")
    if tip.assigned_agency_id:
        return _("Your report is with the responsible agency, who are looking into it.")
    return _("Your report has been received and is waiting to be looked at.")
