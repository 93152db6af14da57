"""Labour complaints: filing, the conciliation hearing and its outcome, court, referral to the
police or the prosecutor, and closure. One function per change, atomic and audited."""

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from rumdoh.accounts.audit import log_action
from rumdoh.accounts.models import Agency, AgencyKind, User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.accounts.rules.roles import roles_with
from rumdoh.core.errors import PLAN_AHEAD, NotAllowed, Refused, refuse_future, refuse_out_of_time
from rumdoh.core.rules.references import parse_reference
from rumdoh.core.versions import require_version
from rumdoh.labour import alerts
from rumdoh.labour.access import handles
from rumdoh.labour.choices import Stage
from rumdoh.labour.models import Complaint, ComplaintEvent, ComplaintReferral
from rumdoh.labour.rules import complaints as rule
from rumdoh.people.access import can_see
from rumdoh.people.models import Person, PersonAccess
from rumdoh.screening.access import visible_screenings
from rumdoh.screening.models import ScreeningRecord

REFERRAL_KINDS = (AgencyKind.POLICE, AgencyKind.GENDARMERIE, AgencyKind.PROSECUTION)
EDITABLE = (
    "received_at",
    "province",
    "workers",
    "recruiter",
    "broker",
    "worksite",
    "employer",
    "destination",
    "description",
    "inspector",
    "case_worker",
)


def _require_handler(user: User, complaint: Complaint | None = None) -> None:
    if not user.can(C.HANDLE_LABOUR_COMPLAINTS) or user.agency_id is None:
        raise NotAllowed(_("Only a labour department's complaint handlers may do this."))
    if complaint is not None and not handles(user, complaint):
        raise NotAllowed(_("Only the agency that received the complaint may change it."))


def _check_complainant(user: User, person: Person | None) -> None:
    if person is not None and not can_see(user, person.pk):
        raise NotAllowed(_("You may not see this person."))


def _check_staff(agency_id: int | None, inspector: User | None) -> None:
    if inspector is not None and (
        inspector.agency_id != agency_id or not inspector.can(C.HANDLE_LABOUR_COMPLAINTS)
    ):
        raise Refused(_("The inspector must handle complaints at the receiving agency."))


def case_worker_choices(person: Person | None) -> Any:
    """Case workers who may follow the complainant: at agencies that may see the person."""
    if person is None:
        return User.objects.none()
    agencies = PersonAccess.objects.filter(person=person, revoked_at__isnull=True).values(
        "agency_id"
    )
    return User.objects.filter(
        agency_id__in=agencies, is_active=True, role__in=roles_with(C.MANAGE_CASES)
    ).order_by("username")


def _check_case_worker(person: Person | None, worker: User | None) -> None:
    if worker is not None and not case_worker_choices(person).filter(pk=worker.pk).exists():
        raise Refused(_("The case worker must work at an agency that may see the complainant."))


def determinations(complaint: Complaint) -> list[str]:
    """The results of every screening attached to the complaint or of its complainant."""
    condition = Q(labour_complaints=complaint)
    if complaint.complainant_id is not None:
        condition |= Q(person_id=complaint.complainant_id)
    return list(ScreeningRecord.objects.filter(condition).values_list("determination", flat=True))


def referral_required(complaint: Complaint) -> bool:
    return rule.referral_required(determinations(complaint))


def referral_outstanding(complaint: Complaint) -> bool:
    """A crime is indicated and neither a referral nor a reason for none is recorded."""
    if not referral_required(complaint):
        return False
    return not (complaint.referrals.exists() or complaint.no_referral_reason)


@transaction.atomic
def file_complaint(
    user: User,
    *,
    filed_on: date,
    description: str,
    province: str,
    complainant: Person | None = None,
    request: HttpRequest | None = None,
    **fields: Any,
) -> Complaint:
    _require_handler(user)
    refuse_future(filed_on, "filed_on")
    _check_complainant(user, complainant)
    _check_staff(user.agency_id, fields.get("inspector"))
    _check_case_worker(complainant, fields.get("case_worker"))
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    complaint = Complaint.objects.create(
        agency_id=user.acting_agency_id(),
        filed_on=filed_on,
        description=description,
        province=province,
        complainant=complainant,
        created_by=user,
        **fields,
    )
    ComplaintEvent.objects.create(complaint=complaint, to_stage=Stage.FILED, on=filed_on, by=user)
    log_action(
        "labour_complaint.filed",
        user=user,
        request=request,
        obj=complaint,
        person_id=complaint.complainant_id,
    )
    return complaint


@transaction.atomic
def update_complaint(
    user: User,
    complaint: Complaint,
    version: int,
    request: HttpRequest | None = None,
    **fields: Any,
) -> Complaint:
    """A versioned edit of the complaint's particulars (not its stage)."""
    _require_handler(user, complaint)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    require_version(complaint.version, version)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    _check_staff(complaint.agency_id, fields.get("inspector"))
    _check_case_worker(complaint.complainant, fields.get("case_worker"))
    changed = [name for name, value in fields.items() if getattr(complaint, name) != value]
    for name, value in fields.items():
        setattr(complaint, name, value)
    complaint.version += 1
    complaint.save()
    log_action(
        "labour_complaint.updated",
        user=user,
        request=request,
        obj=complaint,
        person_id=complaint.complainant_id,
        data={"changed": sorted(changed)},
    )
    return complaint


def _move(
    user: User,
    complaint: Complaint,
    target: Stage,
    on: date,
    version: int,
    note: str = "",
    request: HttpRequest | None = None,
) -> Complaint:
    _require_handler(user, complaint)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    require_version(complaint.version, version)
    refuse_future(on, "on")
    block = rule.blocked(
        rule.Stage(complaint.stage),
        rule.Stage(target),
        determinations(complaint),
        referred=complaint.referrals.exists(),
        reason_recorded=bool(complaint.no_referral_reason),
    )
    if block == rule.Block.NOT_NEXT:
        raise Refused(_("The complaint cannot move to this stage from where it is."))
    if block == rule.Block.REFERRAL_REQUIRED:
        raise Refused(
            _(
                "A screening indicates trafficking or forced labour: refer the complaint to the "
                "police or the prosecutor, or record why not, before settling or closing it."
            )
        )
    ComplaintEvent.objects.create(
        complaint=complaint, from_stage=complaint.stage, to_stage=target, on=on, note=note, by=user
    )
    complaint.stage = target
    complaint.version += 1
    return complaint


def _saved(complaint: Complaint, user: User, action: str, request: HttpRequest | None) -> Complaint:
    complaint.save()
    log_action(
        action, user=user, request=request, obj=complaint, person_id=complaint.complainant_id
    )
    return complaint


@transaction.atomic
def schedule_hearing(
    user: User,
    complaint: Complaint,
    hearing_on: date,
    version: int,
    request: HttpRequest | None = None,
) -> Complaint:
    refuse_out_of_time(hearing_on, "hearing_on", ahead=PLAN_AHEAD)
    if hearing_on < complaint.filed_on:
        raise Refused(_("The hearing cannot be before the complaint was filed."))
    complaint = _move(user, complaint, Stage.HEARING_SCHEDULED, timezone.localdate(), version)
    complaint.hearing_on = hearing_on
    return _saved(complaint, user, "labour_complaint.hearing_scheduled", request)


@transaction.atomic
def record_conciliation(
    user: User,
    complaint: Complaint,
    *,
    agreed: bool,
    on: date,
    version: int,
    terms: str = "",
    amount_usd: int | None = None,
    request: HttpRequest | None = None,
) -> Complaint:
    """The signed report of the hearing: an agreement (enforceable) or non-conciliation."""
    if on < complaint.filed_on:
        raise Refused(_("The hearing cannot be before the complaint was filed."))
    if complaint.hearing_on is not None and on < complaint.hearing_on:
        raise Refused(_("The report cannot be signed before the hearing."))
    if agreed and not terms:
        raise Refused(_("Record the terms agreed."))
    target = Stage.AGREEMENT if agreed else Stage.NON_CONCILIATION
    complaint = _move(user, complaint, target, on, version)
    complaint.concluded_on = on
    complaint.agreement_terms = terms if agreed else ""
    complaint.amount_agreed_usd = amount_usd if agreed else None
    return _saved(complaint, user, "labour_complaint.conciliation_recorded", request)


@transaction.atomic
def record_court_filing(
    user: User, complaint: Complaint, on: date, version: int, request: HttpRequest | None = None
) -> Complaint:
    if complaint.concluded_on is not None and on < complaint.concluded_on:
        raise Refused(
            _("The claim cannot be taken to court before the report of non-conciliation.")
        )
    complaint = _move(user, complaint, Stage.IN_COURT, on, version)
    complaint.court_filed_on = on
    return _saved(complaint, user, "labour_complaint.taken_to_court", request)


@transaction.atomic
def record_lapse(
    user: User, complaint: Complaint, version: int, request: HttpRequest | None = None
) -> Complaint:
    from rumdoh.labour.rules import clocks

    today = timezone.localdate()
    if complaint.concluded_on is None or not clocks.lapsed(complaint.concluded_on, today, None):
        raise Refused(_("The two months to go to court have not passed."))
    complaint = _move(user, complaint, Stage.LAPSED, today, version)
    return _saved(complaint, user, "labour_complaint.lapsed", request)


@transaction.atomic
def close_complaint(
    user: User,
    complaint: Complaint,
    on: date,
    version: int,
    note: str = "",
    request: HttpRequest | None = None,
) -> Complaint:
    if on < complaint.filed_on:
        raise Refused(_("The complaint cannot be closed before it was filed."))
    complaint = _move(user, complaint, Stage.CLOSED, on, version, note=note)
    complaint.closed_on = on
    return _saved(complaint, user, "labour_complaint.closed", request)


@transaction.atomic
def record_no_referral_reason(
    user: User, complaint: Complaint, reason: str, version: int, request: HttpRequest | None = None
) -> Complaint:
    """Why a complaint whose screening indicates a crime is not sent to the police (sealed)."""
    _require_handler(user, complaint)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    require_version(complaint.version, version)
    reason = reason.strip()
    if len(reason) < 10:
        raise Refused(_("Give the reason in a full sentence."))
    complaint.no_referral_reason = reason
    complaint.version += 1
    return _saved(complaint, user, "labour_complaint.no_referral_reason", request)


@transaction.atomic
def refer(
    user: User,
    complaint: Complaint,
    to_agency: Agency,
    on: date,
    note: str = "",
    request: HttpRequest | None = None,
) -> ComplaintReferral:
    """Send the complaint to a police unit, the gendarmerie or a prosecutor's office."""
    _require_handler(user, complaint)
    refuse_future(on, "on")
    if to_agency.kind not in REFERRAL_KINDS or not to_agency.is_active:
        raise Refused(_("Refer to a police unit, the gendarmerie or a prosecutor's office."))
    if on < complaint.filed_on:
        raise Refused(_("The referral cannot be before the complaint was filed."))
    referral = ComplaintReferral.objects.create(
        complaint=complaint, to_agency=to_agency, referred_on=on, note=note, referred_by=user
    )
    Complaint.objects.filter(pk=complaint.pk).update(version=complaint.version + 1)
    complaint.version += 1
    log_action(
        "labour_complaint.referred",
        user=user,
        request=request,
        obj=complaint,
        person_id=complaint.complainant_id,
        data={"to_agency": to_agency.pk},
    )
    alerts.referred(referral)
    return referral


@transaction.atomic
def attach_screening(
    user: User, complaint: Complaint, screening_id: int, request: HttpRequest | None = None
) -> ScreeningRecord:
    """Attach a screening the user may see; alert the handlers when it indicates a crime."""
    _require_handler(user, complaint)
    screening = visible_screenings(user).filter(pk=screening_id).first()
    if screening is None:
        raise Refused(_("No such screening, or you may not see it."))
    complaint.screenings.add(screening)
    log_action(
        "labour_complaint.screening_attached",
        user=user,
        request=request,
        obj=complaint,
        person_id=complaint.complainant_id,
        data={"screening": screening.pk},
    )
    if screening.determination in rule.CRIME_INDICATED and not complaint.referrals.exists():
        alerts.crime_indicated(complaint)
    return screening


@transaction.atomic
def link_criminal_case(
    user: User, referral: ComplaintReferral, case_reference: str, request: HttpRequest | None = None
) -> ComplaintReferral:
    """The office a complaint was referred to names the criminal case it opened, so the labour
    department hears what became of its referral."""
    from rumdoh.justice.access import participating_cases

    if referral.to_agency_id != user.agency_id or not (
        user.can(C.INVESTIGATE) or user.can(C.PROSECUTE)
    ):
        raise NotAllowed(_("Only the office the complaint was referred to may do this."))
    number = parse_reference(case_reference, "J")
    case = participating_cases(user).filter(pk=number).first() if number else None
    if case is None:
        raise Refused(_("No such criminal case in your office."))
    referral.criminal_case = case
    referral.save(update_fields=["criminal_case"])
    log_action(
        "labour_complaint.case_linked",
        user=user,
        request=request,
        obj=referral.complaint,
        data={"criminal_case": case.pk},
    )
    return referral
