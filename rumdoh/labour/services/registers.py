"""Recruitment agencies, brokers, sanctions and fees; worksites, inspections; prevention.
One function per change, atomic and audited; versioned where two people may edit at once."""

from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from rumdoh.accounts.audit import log_action
from rumdoh.accounts.models import User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.errors import (
    EARLIEST_DAY,
    FIRST_DAY,
    PLAN_AHEAD,
    FieldRefused,
    NotAllowed,
    Refused,
    out_of_time,
    refuse_future,
    refuse_out_of_time,
    refuse_problems,
)
from rumdoh.core.versions import require_version
from rumdoh.intake.access import visible_tips
from rumdoh.intake.models import pk_of as tip_pk_of
from rumdoh.justice.access import participating_cases
from rumdoh.justice.models import Suspect
from rumdoh.labour.choices import InspectionStatus, SanctionKind
from rumdoh.labour.models import (
    Branch,
    Broker,
    ConductAssessment,
    ConductPrinciple,
    FeeRecord,
    Inspection,
    LicenceTerm,
    PreventionActivity,
    RecruitmentAgency,
    SanctionRecord,
    Worksite,
    WorksiteOperation,
    WorksiteTip,
)
from rumdoh.labour.models.recruiters import SEVERITY
from rumdoh.labour.rules import licences
from rumdoh.operations.access import visible_operations
from rumdoh.operations.models import Operation


def _require(user: User, capability: C) -> None:
    if not user.can(capability) or user.agency_id is None:
        raise NotAllowed(_("Your role does not allow this."))


def licence_taken(number: str, pk: int | None = None) -> bool:
    """Whether an agency other than ``pk`` holds the licence number, however it is written (its
    ``licence_key``: the same letters and digits, whatever the case and separators)."""
    holders = RecruitmentAgency.objects.filter(licence_key=licences.licence_key(number))
    if pk is not None:
        holders = holders.exclude(pk=pk)
    return holders.exists()


def term_too_long() -> str:
    return _("A licence term is at most %(years)s years: check the year it expires.") % {
        "years": licences.LONGEST_TERM_YEARS
    }


def recruiter_problems(
    *,
    licence_number: str | None,
    issued_on: date | None,
    expires_on: date | None,
    code_signed_on: date | None,
    today: date,
    pk: int | None = None,
) -> list[tuple[str, str]]:
    """What is wrong with an agency's licence, as ``(field, message)`` pairs: the one statement
    of these rules. The agency's form shows each message by its field; ``register_agency`` and
    ``update_agency`` refuse with them. A value not given (``None``) is not checked; the licence
    number is as ``licences.written_licence_number`` writes it; ``pk`` is the agency changed,
    when it is already registered."""
    problems: list[tuple[str, str]] = []
    if licence_number is not None and licence_taken(licence_number, pk):
        problems.append(
            ("licence_number", _("Another recruitment agency holds this licence number."))
        )
    # A licence is issued from 2008 (a licence of before then has run out) and may take effect
    # on a later day, not years ahead: a year 1 or 9999 is a mistyped year.
    issued = out_of_time(issued_on, FIRST_DAY, PLAN_AHEAD) if issued_on is not None else None
    if issued:
        problems.append(("issued_on", issued))
    elif issued_on is not None and expires_on is not None and expires_on <= issued_on:
        problems.append(("expires_on", _("A licence must expire after it was issued.")))
    elif (
        issued_on is not None
        and expires_on is not None
        and licences.too_long(issued_on, expires_on)
    ):
        problems.append(("expires_on", term_too_long()))
    # An agency's own history (the code was signed) may go back before 2008.
    signed = out_of_time(code_signed_on, EARLIEST_DAY) if code_signed_on is not None else None
    if signed:
        problems.append(("code_signed_on", signed))
    return problems


def _check_agency(agency: RecruitmentAgency) -> None:
    problems = recruiter_problems(
        licence_number=agency.licence_number,
        issued_on=agency.issued_on,
        expires_on=agency.expires_on,
        code_signed_on=agency.code_signed_on,
        today=timezone.localdate(),
        pk=agency.pk,
    )
    refuse_problems(problems)


def _save_agency(agency: RecruitmentAgency) -> None:
    """Save the agency checked by ``_check_agency``; another agency given the same number at the
    same moment is refused by the database, and then by the same words."""
    try:
        with transaction.atomic():
            agency.save()
    except IntegrityError:
        raise Refused(_("Another recruitment agency holds this licence number.")) from None


@transaction.atomic
def register_agency(
    user: User, request: HttpRequest | None = None, **fields: Any
) -> RecruitmentAgency:
    _require(user, C.LICENSE_RECRUITERS)
    agency = RecruitmentAgency(created_by=user, **fields)
    agency.licence_number = licences.written_licence_number(agency.licence_number)
    _check_agency(agency)
    _save_agency(agency)
    _term(user, agency, LicenceTerm.Kind.ISSUED)
    log_action("recruiter.registered", user=user, request=request, obj=agency)
    return agency


def _term(
    user: User,
    agency: RecruitmentAgency,
    kind: str,
    before: tuple[date, date] | tuple[None, None] = (None, None),
    term: tuple[date, date] | None = None,
) -> LicenceTerm:
    """Keep a step of the licence's history: its dates now (or, for a renewal, the renewed
    term's), and those before when changed."""
    issued_on, expires_on = term or (agency.issued_on, agency.expires_on)
    return LicenceTerm.objects.create(
        agency=agency,
        kind=kind,
        issued_on=issued_on,
        expires_on=expires_on,
        previous_issued_on=before[0],
        previous_expires_on=before[1],
        recorded_by=user,
    )


@transaction.atomic
def update_agency(
    user: User,
    agency: RecruitmentAgency,
    version: int,
    request: HttpRequest | None = None,
    **fields: Any,
) -> RecruitmentAgency:
    _require(user, C.LICENSE_RECRUITERS)
    agency = RecruitmentAgency.objects.select_for_update().get(pk=agency.pk)
    require_version(agency.version, version)
    if "licence_number" in fields:
        fields["licence_number"] = licences.written_licence_number(fields["licence_number"])
    changed = sorted(k for k, v in fields.items() if getattr(agency, k) != v)
    before = (agency.issued_on, agency.expires_on)
    for key, value in fields.items():
        setattr(agency, key, value)
    _check_agency(agency)
    agency.version += 1
    _save_agency(agency)
    if (agency.issued_on, agency.expires_on) != before:
        _term(user, agency, LicenceTerm.Kind.CORRECTED, before)
    log_action(
        "recruiter.updated", user=user, request=request, obj=agency, data={"changed": changed}
    )
    return agency


def sanction_dates_message(problem: licences.SanctionDates) -> str:
    """The message for dates a new sanction cannot have (the page shows it by the field)."""
    if problem == licences.SanctionDates.NO_DURATION:
        return _(
            "Only a suspension has an end date: leave it empty for a warning, a fine or a "
            "revocation."
        )
    if problem == licences.SanctionDates.NOT_YET_GIVEN:
        return _(
            "A warning or a fine takes effect the day it is given: its date cannot be in the "
            "future."
        )
    return _("A sanction cannot end before it starts.")


@transaction.atomic
def sanction(
    user: User,
    agency: RecruitmentAgency,
    *,
    kind: str,
    starts_on: date,
    grounds: str,
    ends_on: date | None = None,
    request: HttpRequest | None = None,
) -> SanctionRecord:
    _require(user, C.LICENSE_RECRUITERS)
    # Decided from 2008, and taking effect or ending not years ahead: a mistyped year.
    refuse_out_of_time(starts_on, "starts_on", ahead=PLAN_AHEAD)
    refuse_out_of_time(ends_on, "ends_on", ahead=PLAN_AHEAD)
    problem = licences.sanction_dates(
        SEVERITY[SanctionKind(kind)], starts_on, ends_on, timezone.localdate()
    )
    if problem is not None:
        raise Refused(sanction_dates_message(problem))
    row = SanctionRecord.objects.create(
        agency=agency,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        grounds=grounds,
        decided_by=user,
    )
    log_action("recruiter.sanctioned", user=user, request=request, obj=agency, data={"kind": kind})
    return row


def renewal_problem(
    agency: RecruitmentAgency, issued_on: date, expires_on: date
) -> tuple[str, str] | None:
    """What is wrong with renewing the agency's licence for the term ``issued_on`` to
    ``expires_on`` (``licences.renewal_dates``), as the field it is about and the message. A
    renewed term starts from 2008 and not years ahead, as a licence is issued."""
    issued = out_of_time(issued_on, FIRST_DAY, PLAN_AHEAD)
    if issued:
        return "issued_on", issued
    problem = licences.renewal_dates(agency.expires_on, issued_on, expires_on, timezone.localdate())
    if problem == licences.RenewalDates.NOT_AFTER_ISSUE:
        return "expires_on", _("A licence must expire after it was issued.")
    if problem == licences.RenewalDates.NOT_AFTER_OLD:
        return "expires_on", _("A renewed licence must expire after the licence it renews.")
    if problem == licences.RenewalDates.TOO_LONG:
        return "expires_on", term_too_long()
    if problem == licences.RenewalDates.GAP:
        day = agency.expires_on + timedelta(days=1)
        message = _(
            "A licence still in force is renewed from the day after it expires (%(day)s) at the "
            "latest: a renewal cannot leave a gap."
        ) % {"day": day.isoformat()}
        return "issued_on", message
    return None


@transaction.atomic
def renew_licence(
    user: User,
    agency: RecruitmentAgency,
    version: int,
    *,
    issued_on: date,
    expires_on: date,
    request: HttpRequest | None = None,
) -> RecruitmentAgency:
    """Renew the licence for the term ``issued_on`` to ``expires_on``, kept in the licence's
    history with the dates before. Renewed ahead of time, the licence in force is not
    interrupted: the agency keeps the first day of its unbroken licence and is licensed until
    the renewed term ends (``licences.renewed``)."""
    _require(user, C.LICENSE_RECRUITERS)
    agency = RecruitmentAgency.objects.select_for_update().get(pk=agency.pk)
    require_version(agency.version, version)
    problem = renewal_problem(agency, issued_on, expires_on)
    if problem is not None:
        raise FieldRefused(*problem)
    before = (agency.issued_on, agency.expires_on)
    agency.issued_on, agency.expires_on = licences.renewed(*before, issued_on, expires_on)
    agency.version += 1
    agency.save(update_fields=["issued_on", "expires_on", "version"])
    _term(user, agency, LicenceTerm.Kind.RENEWED, before, term=(issued_on, expires_on))
    log_action(
        "recruiter.licence_renewed",
        user=user,
        request=request,
        obj=agency,
        data={
            "from": [str(d) for d in before],
            "to": [str(issued_on), str(expires_on)],
            "in_force": [str(agency.issued_on), str(agency.expires_on)],
        },
    )
    return agency


def _locked_sanction(user: User, row: SanctionRecord, version: int) -> SanctionRecord:
    _require(user, C.LICENSE_RECRUITERS)
    row = SanctionRecord.objects.select_for_update().get(pk=row.pk)
    require_version(row.version, version)
    if row.withdrawn_at is not None:
        raise Refused(_("This sanction was withdrawn as recorded by mistake."))
    return row


@transaction.atomic
def lift_sanction(
    user: User,
    row: SanctionRecord,
    version: int,
    *,
    lifted_on: date,
    reason: str,
    request: HttpRequest | None = None,
) -> SanctionRecord:
    """End a suspension or a revocation early: in force until the day before ``lifted_on``."""
    row = _locked_sanction(user, row, version)
    if not row.liftable:
        raise Refused(_("Only a suspension or a revocation not yet lifted can be lifted."))
    if not reason.strip():
        raise Refused(_("Give the reason."))
    refuse_future(lifted_on, "lifted_on")
    if lifted_on < row.starts_on:
        raise Refused(_("A sanction cannot be lifted before it starts."))
    if row.ends_on is not None and lifted_on > row.ends_on:
        raise Refused(_("This sanction had already ended on that day."))
    row.lifted_on, row.lift_reason, row.lifted_by = lifted_on, reason.strip(), user
    row.version += 1
    row.save(update_fields=["lifted_on", "lift_reason", "lifted_by", "version"])
    log_action(
        "recruiter.sanction_lifted",
        user=user,
        request=request,
        obj=row.agency,
        data={"sanction": row.pk, "kind": row.kind, "lifted_on": lifted_on.isoformat()},
    )
    return row


@transaction.atomic
def withdraw_sanction(
    user: User,
    row: SanctionRecord,
    version: int,
    *,
    reason: str,
    request: HttpRequest | None = None,
) -> SanctionRecord:
    """Withdraw a sanction recorded by mistake: no longer shown to the public nor counted in the
    licence's status, kept with the reason in the agency's history for staff."""
    row = _locked_sanction(user, row, version)
    if not reason.strip():
        raise Refused(_("Give the reason."))
    row.withdrawn_at, row.withdrawal_reason, row.withdrawn_by = (
        timezone.now(),
        reason.strip(),
        user,
    )
    row.version += 1
    row.save(update_fields=["withdrawn_at", "withdrawal_reason", "withdrawn_by", "version"])
    log_action(
        "recruiter.sanction_withdrawn",
        user=user,
        request=request,
        obj=row.agency,
        data={"sanction": row.pk, "kind": row.kind},
    )
    return row


def _check_principle(fields: dict[str, Any], pk: int | None = None) -> None:
    number = fields.get("number")
    if number is None:
        return
    taken = ConductPrinciple.objects.filter(code_version=fields["code_version"], number=number)
    if pk is not None:
        taken = taken.exclude(pk=pk)
    if taken.exists():
        raise Refused(_("This version of the code already has a principle with this number."))


@transaction.atomic
def add_principle(
    user: User, request: HttpRequest | None = None, **fields: Any
) -> ConductPrinciple:
    """The licensing office records a principle of the code of conduct, as the code words it."""
    _require(user, C.LICENSE_RECRUITERS)
    _check_principle(fields)
    principle = ConductPrinciple.objects.create(created_by=user, **fields)
    log_action("conduct_principle.added", user=user, request=request, obj=principle)
    return principle


@transaction.atomic
def update_principle(
    user: User,
    principle: ConductPrinciple,
    version: int,
    request: HttpRequest | None = None,
    **fields: Any,
) -> ConductPrinciple:
    _require(user, C.LICENSE_RECRUITERS)
    principle = ConductPrinciple.objects.select_for_update().get(pk=principle.pk)
    require_version(principle.version, version)
    _check_principle(fields, principle.pk)
    changed = sorted(k for k, v in fields.items() if getattr(principle, k) != v)
    for key, value in fields.items():
        setattr(principle, key, value)
    principle.version += 1
    principle.save()
    log_action(
        "conduct_principle.updated",
        user=user,
        request=request,
        obj=principle,
        data={"changed": changed},
    )
    return principle


@transaction.atomic
def assess_conduct(
    user: User,
    agency: RecruitmentAgency,
    *,
    principle: ConductPrinciple,
    assessed_on: date,
    kept: bool,
    note: str = "",
    request: HttpRequest | None = None,
) -> ConductAssessment:
    """Whether the agency kept a principle of the code, as found on a day."""
    _require(user, C.LICENSE_RECRUITERS)
    if not principle.active:
        raise Refused(_("This principle is no longer in force."))
    refuse_future(assessed_on, "assessed_on")
    row = ConductAssessment.objects.create(
        agency=agency,
        principle=principle,
        assessed_on=assessed_on,
        kept=kept,
        note=note,
        assessed_by=user,
    )
    log_action(
        "recruiter.conduct_assessed",
        user=user,
        request=request,
        obj=agency,
        data={"principle": principle.pk, "kept": kept},
    )
    return row


@transaction.atomic
def add_branch(
    user: User, agency: RecruitmentAgency, request: HttpRequest | None = None, **fields: Any
) -> Branch:
    _require(user, C.LICENSE_RECRUITERS)
    # A branch may have opened before 2008: the agency's own history.
    refuse_out_of_time(fields.get("opened_on"), "opened_on", since=EARLIEST_DAY)
    branch = Branch.objects.create(agency=agency, **fields)
    log_action("recruiter.branch_added", user=user, request=request, obj=agency)
    return branch


@transaction.atomic
def record_fee(
    user: User, agency: RecruitmentAgency, request: HttpRequest | None = None, **fields: Any
) -> FeeRecord:
    if not (user.can(C.LICENSE_RECRUITERS) or user.can(C.HANDLE_LABOUR_COMPLAINTS)):
        raise NotAllowed(_("Your role does not allow this."))
    refuse_future(fields["paid_on"], "paid_on")
    fee = FeeRecord.objects.create(agency=agency, recorded_by=user, **fields)
    log_action("recruiter.fee_recorded", user=user, request=request, obj=agency)
    return fee


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()][:20]


@transaction.atomic
def add_broker(
    user: User,
    agency: RecruitmentAgency | None,
    *,
    aliases: str = "",
    handles: str = "",
    request: HttpRequest | None = None,
    **fields: Any,
) -> Broker:
    _require(user, C.LICENSE_RECRUITERS)
    broker = Broker.objects.create(
        agency=agency, aliases=_lines(aliases), handles=_lines(handles), created_by=user, **fields
    )
    if not broker.display_name or broker.display_name == broker.reference:
        raise Refused(_("Give a name, an alias or a handle."))
    log_action("broker.added", user=user, request=request, obj=broker)
    return broker


def linkable_suspects(user: User) -> Any:
    """Suspects of criminal cases the user's agency takes part in."""
    return Suspect.objects.filter(case__in=participating_cases(user))


@transaction.atomic
def link_suspect(
    user: User, broker: Broker, suspect_id: int, request: HttpRequest | None = None
) -> Suspect:
    """Link a broker to a suspect of a criminal case. A licensing officer links by the suspect's
    number, given by the police, and sees only that number; a police officer links suspects of
    the cases their unit takes part in."""
    if user.can(C.LICENSE_RECRUITERS):
        suspects = Suspect.objects.all()
    elif user.can(C.INVESTIGATE):
        suspects = linkable_suspects(user)
    else:
        raise NotAllowed(_("Your role does not allow this."))
    suspect = suspects.filter(pk=suspect_id).first()
    if suspect is None:
        raise Refused(_("No such suspect."))
    broker.suspects.add(suspect)
    log_action(
        "broker.suspect_linked",
        user=user,
        request=request,
        obj=broker,
        data={"suspect": suspect.pk},
    )
    return suspect


@transaction.atomic
def register_worksite(user: User, request: HttpRequest | None = None, **fields: Any) -> Worksite:
    _require(user, C.PLAN_INSPECTIONS)
    site = Worksite.objects.create(created_by=user, **fields)
    log_action("worksite.registered", user=user, request=request, obj=site)
    return site


@transaction.atomic
def link_tip(
    user: User, worksite: Worksite, reference: str, request: HttpRequest | None = None
) -> WorksiteTip:
    """Link a tip about the worksite, by its T- reference; the tip must be one the user's agency
    sees. Linked tips count in the worksite's risk."""
    _require(user, C.PLAN_INSPECTIONS)
    pk = tip_pk_of(reference)
    tip = visible_tips(user).filter(pk=pk).first() if pk is not None else None
    if tip is None:
        raise Refused(_("No such tip, or you may not see it."))
    link, made = WorksiteTip.objects.get_or_create(
        worksite=worksite, tip=tip, defaults={"linked_by": user}
    )
    if not made:
        raise Refused(_("This tip is already linked to the worksite."))
    log_action(
        "worksite.tip_linked", user=user, request=request, obj=worksite, data={"tip": tip.pk}
    )
    return link


@transaction.atomic
def link_operation(
    user: User, worksite: Worksite, reference: str, request: HttpRequest | None = None
) -> WorksiteOperation:
    """Link an operation held at the worksite, by its OP- reference; the operation must be one
    the user's agency sees. Linked raids count in the worksite's risk."""
    _require(user, C.PLAN_INSPECTIONS)
    pk = Operation.pk_of(reference)
    operation = visible_operations(user).filter(pk=pk).first() if pk is not None else None
    if operation is None:
        raise Refused(_("No such operation, or you may not see it."))
    link, made = WorksiteOperation.objects.get_or_create(
        worksite=worksite, operation=operation, defaults={"linked_by": user}
    )
    if not made:
        raise Refused(_("This operation is already linked to the worksite."))
    log_action(
        "worksite.operation_linked",
        user=user,
        request=request,
        obj=worksite,
        data={"operation": operation.pk},
    )
    return link


def past_plan_message() -> str:
    """A plan is for a day to come; an inspection carried out is recorded with its result."""
    return _(
        "An inspection is planned for today or a later day. For one already carried out, plan it "
        "for today, then record its result with the day it was carried out."
    )


@transaction.atomic
def plan_inspection(
    user: User,
    worksite: Worksite,
    planned_for: date,
    team: list[User],
    request: HttpRequest | None = None,
) -> Inspection:
    _require(user, C.PLAN_INSPECTIONS)
    if planned_for < timezone.localdate():
        raise FieldRefused("planned_for", past_plan_message())
    refuse_out_of_time(planned_for, "planned_for", ahead=PLAN_AHEAD)
    if any(m.agency_id != user.agency_id or not m.can(C.PLAN_INSPECTIONS) for m in team):
        raise Refused(_("The team must be inspectors of your agency."))
    inspection = Inspection.objects.create(
        worksite=worksite,
        agency_id=user.acting_agency_id(),
        planned_for=planned_for,
        planned_by=user,
    )
    inspection.team.set([*team, user])
    log_action("inspection.planned", user=user, request=request, obj=inspection)
    return inspection


def inspection_problems(
    *,
    status: str | None,
    carried_out_on: date | None,
    follow_up_due: date | None,
    workers_present: int | None,
    referrals_made: int | None,
    today: date,
) -> list[tuple[str, str]]:
    """What is wrong with an inspection's result, as ``(field, message)`` pairs: the one
    statement of these rules. The result form shows each message by its field;
    ``record_inspection`` refuses with them. A value not given (``None``) is not checked."""
    problems: list[tuple[str, str]] = []
    if status == InspectionStatus.DONE and carried_out_on is None:
        problems.append(("carried_out_on", _("Give the date the inspection was carried out.")))
    if carried_out_on is not None and carried_out_on > today:
        problems.append(
            ("carried_out_on", _("The inspection cannot have been carried out after today."))
        )
    # Carried out on any day since 2008, even before it was planned: an inspection done
    # already is planned for today and its result recorded with the day it was done.
    early = out_of_time(carried_out_on, ahead=None) if carried_out_on is not None else None
    if early:
        problems.append(("carried_out_on", early))
    due = out_of_time(follow_up_due, ahead=PLAN_AHEAD) if follow_up_due is not None else None
    if due:
        problems.append(("follow_up_due", due))
    if carried_out_on is not None and follow_up_due is not None and follow_up_due < carried_out_on:
        problems.append(
            (
                "follow_up_due",
                _("The follow-up cannot be due before the inspection was carried out."),
            )
        )
    present, referred = workers_present, referrals_made
    if present is not None and referred is not None and referred > present:
        problems.append(
            (
                "referrals_made",
                _("No more workers can be referred than were present at the inspection."),
            )
        )
    return problems


@transaction.atomic
def record_inspection(
    user: User,
    inspection: Inspection,
    version: int,
    request: HttpRequest | None = None,
    **fields: Any,
) -> Inspection:
    _require(user, C.PLAN_INSPECTIONS)
    if inspection.agency_id != user.agency_id:
        raise NotAllowed(_("Only the inspecting agency may record this."))
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    require_version(inspection.version, version)
    for key, value in fields.items():
        setattr(inspection, key, value)
    problems = inspection_problems(
        status=fields.get("status"),
        carried_out_on=inspection.carried_out_on,
        follow_up_due=inspection.follow_up_due,
        workers_present=inspection.workers_present,
        referrals_made=inspection.referrals_made,
        today=timezone.localdate(),
    )
    refuse_problems(problems)
    inspection.version += 1
    inspection.save()
    log_action("inspection.recorded", user=user, request=request, obj=inspection)
    return inspection


@transaction.atomic
def attach_inspection_screening(
    user: User, inspection: Inspection, screening_id: int, request: HttpRequest | None = None
) -> None:
    from rumdoh.screening.access import visible_screenings

    _require(user, C.PLAN_INSPECTIONS)
    screening = visible_screenings(user).filter(pk=screening_id).first()
    if screening is None:
        raise Refused(_("No such screening, or you may not see it."))
    inspection.screenings.add(screening)
    log_action("inspection.screening_attached", user=user, request=request, obj=inspection)


@transaction.atomic
def record_prevention(
    user: User, request: HttpRequest | None = None, **fields: Any
) -> PreventionActivity:
    _require(user, C.RECORD_PREVENTION)
    refuse_future(fields["held_on"], "held_on")
    row = PreventionActivity.objects.create(
        agency_id=user.acting_agency_id(), recorded_by=user, **fields
    )
    log_action("prevention.recorded", user=user, request=request, obj=row)
    return row
