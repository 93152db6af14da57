"""Every change to protection records: one function per change, atomic, audited.

Services check permission again (views and the API check first) and raise ``NotAllowed`` or
``Refused`` with a message in the user's language; nothing is written when they do.
"""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from rumdoh.accounts.audit import log_action
from rumdoh.accounts.models import User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.errors import (
    EARLIEST_DAY,
    PLAN_AHEAD,
    FieldRefused,
    NotAllowed,
    Refused,
    refuse_out_of_time,
)
from rumdoh.core.versions import require_version
from rumdoh.people.models import ConsentScope, Person
from rumdoh.people.services import grant_referral_access, has_consent, revoke_referral_access
from rumdoh.protection.access import is_suspected_victim, may_identify
from rumdoh.protection.choices import Designation, ReferralStatus, Stage
from rumdoh.protection.identification_requests import close_requests
from rumdoh.protection.models import (
    CasePlan,
    FollowUp,
    Identification,
    ProtectionCase,
    Referral,
    ServiceDelivery,
    ServiceProvider,
    StageChange,
)
from rumdoh.protection.rules import entitlements
from rumdoh.screening.access import visible_screenings


def open_case_of(person: Person, agency_id: int) -> ProtectionCase | None:
    return ProtectionCase.objects.filter(
        person=person, agency_id=agency_id, closed_at__isnull=True
    ).first()


def require(user: User, capability: C) -> None:
    if not user.can(capability) or user.agency_id is None:
        raise NotAllowed(_("Your role does not allow this."))


def _require_owner(user: User, case: ProtectionCase) -> None:
    require(user, C.MANAGE_CASES)
    if case.agency_id != user.agency_id:
        raise NotAllowed(_("Only the agency that owns this case can change it."))
    if case.closed_at is not None:
        raise Refused(_("This case is closed."))


def _require_screening_of(user: User, person: Person, screening_id: int) -> None:
    """A screening named as the basis must be one the identifier may see, of this person or
    anonymous (the person declined to give details at the time); refused by its number."""
    screening = visible_screenings(user).filter(pk=screening_id).first()
    if screening is None:
        message = _("There is no screening with that number that you may see.")
        raise FieldRefused("screening_id", message)
    if screening.person_id not in (None, person.pk):
        raise FieldRefused("screening_id", _("That screening is of another person."))


class AlreadyIdentified(Refused):
    """The identification asked for is recorded already (``identification``): a form sent
    twice, or the same determination typed in again."""

    def __init__(self, identification: Identification) -> None:
        super().__init__(
            _(
                "This identification is already recorded: your agency identified this person on "
                "%(day)s with the same determination, forms of exploitation, sectors and basis. "
                "Nothing was added."
            )
            % {"day": f"{timezone.localdate(identification.identified_at):%Y-%m-%d}"}
        )
        self.identification = identification


def same_identification(
    user: User,
    person: Person,
    *,
    day: date,
    designation: str,
    exploitation_types: list[str],
    sectors: list[str],
    basis: str,
    screening_id: int | None,
    foreign_authority: str,
) -> Identification | None:
    """The identification ``user``'s agency recorded of ``person`` on ``day`` with the same
    determination, forms of exploitation, sectors and basis (the same screening, the same
    authority abroad), if any."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    found = Identification.objects.filter(
        person=person,
        agency_id=user.acting_agency_id(),
        identified_at__gte=start,
        identified_at__lt=start + timedelta(days=1),
        designation=designation,
        basis=basis,
        screening_id=screening_id,
        foreign_authority=foreign_authority,
    )
    # The lists are compared once read: a JSON list compares alike on every database so.
    for identification in found.order_by("id"):
        if (
            sorted(identification.exploitation_types) == exploitation_types
            and sorted(identification.sectors) == sectors
        ):
            return identification
    return None


@transaction.atomic
def identify(
    user: User,
    person: Person,
    *,
    exploitation_types: Iterable[str],
    basis: str,
    sectors: Iterable[str] = (),
    designation: str = Designation.SUSPECTED,
    identified_at: datetime | None = None,
    screening_id: int | None = None,
    foreign_authority: str = "",
    notes: str = "",
    request: HttpRequest | None = None,
) -> Identification:
    """Record a formal identification; a suspected victim gets a case at a case-managing agency.

    The same determination of the same person by the same agency on the same day is recorded
    once: sent again (a double click, a retry), it is refused with ``AlreadyIdentified``, which
    names the identification recorded first."""
    if not may_identify(user):
        raise NotAllowed(_("Only an eligible identifier of an eligible agency can identify."))
    forms = sorted(set(exploitation_types))
    kinds = sorted(set(sectors))
    if designation == Designation.SUSPECTED and not forms:
        raise Refused(_("Record at least one form of exploitation."))
    if screening_id is not None:
        _require_screening_of(user, person, screening_id)
    identified_at = identified_at or timezone.now()
    # Not in the future, not before 2008: a year mistyped (1900, 0202) counts nowhere.
    refuse_out_of_time(timezone.localdate(identified_at), "identified_at")
    # Two sendings of one form are answered one after the other: the second finds the first.
    Person.objects.select_for_update().filter(pk=person.pk).exists()
    twin = same_identification(
        user,
        person,
        day=timezone.localdate(identified_at),
        designation=designation,
        exploitation_types=forms,
        sectors=kinds,
        basis=basis,
        screening_id=screening_id,
        foreign_authority=foreign_authority,
    )
    if twin is not None:
        raise AlreadyIdentified(twin)
    identification = Identification.objects.create(
        person=person,
        agency_id=user.acting_agency_id(),
        identified_by=user,
        identified_at=identified_at,
        designation=designation,
        exploitation_types=forms,
        sectors=kinds,
        basis=basis,
        screening_id=screening_id,
        foreign_authority=foreign_authority,
        notes=notes,
    )
    log_action(
        "identification.recorded",
        user=user,
        request=request,
        obj=identification,
        person_id=person.pk,
        data={"designation": designation, "exploitation": forms, "basis": basis},
    )
    close_requests(identification)
    opens_case = designation == Designation.SUSPECTED and user.can(C.MANAGE_CASES)
    if opens_case and open_case_of(person, user.agency_key) is None:
        _open(user, person, case_worker=user, identification=identification, request=request)
    return identification


def _open(
    user: User,
    person: Person,
    *,
    case_worker: User | None,
    stage: str = Stage.IDENTIFICATION,
    identification: Identification | None = None,
    referral: Referral | None = None,
    request: HttpRequest | None = None,
) -> ProtectionCase:
    case = ProtectionCase.objects.create(
        person=person,
        agency_id=user.acting_agency_id(),
        case_worker=case_worker,
        opened_by=user,
        stage=stage,
        identification=identification,
        referral=referral,
    )
    StageChange.objects.create(case=case, by=user, from_stage="", to_stage=stage)
    CasePlan.objects.create(
        case=case, updated_by=user, needs=list(referral.needs if referral else [])
    )
    log_action(
        "case.opened",
        user=user,
        request=request,
        obj=case,
        person_id=person.pk,
        data={"stage": stage, "referral": referral.pk if referral else None},
    )
    return case


@transaction.atomic
def open_case(
    user: User,
    person: Person,
    *,
    case_worker: User | None = None,
    request: HttpRequest | None = None,
) -> ProtectionCase:
    require(user, C.MANAGE_CASES)
    if not is_suspected_victim(person):
        raise Refused(
            _("A case opens once the person is formally identified as a suspected victim.")
        )
    if open_case_of(person, user.agency_key) is not None:
        raise Refused(_("Your agency already has an open case for this person."))
    if case_worker is not None and case_worker.agency_id != user.agency_id:
        raise Refused(_("The case worker must work at your agency."))
    identification = person.identifications.filter(designation=Designation.SUSPECTED).first()
    return _open(
        user,
        person,
        case_worker=case_worker or user,
        identification=identification,
        request=request,
    )


@transaction.atomic
def change_stage(
    user: User,
    case: ProtectionCase,
    to_stage: str,
    *,
    reason: str = "",
    request: HttpRequest | None = None,
) -> ProtectionCase:
    case = ProtectionCase.objects.select_for_update().get(pk=case.pk)
    _require_owner(user, case)
    if to_stage not in Stage.values or to_stage == Stage.CLOSURE:
        raise Refused(_("Choose a stage; to close the case, use “Close case”."))
    if to_stage == case.stage:
        raise Refused(_("The case is already at this stage."))
    StageChange.objects.create(
        case=case, by=user, from_stage=case.stage, to_stage=to_stage, reason=reason
    )
    log_action(
        "case.stage_changed",
        user=user,
        request=request,
        obj=case,
        person_id=case.person_id,
        reason=reason,
        data={"from": case.stage, "to": to_stage},
    )
    case.stage = to_stage
    case.save(update_fields=["stage"])
    return case


@transaction.atomic
def close_case(
    user: User,
    case: ProtectionCase,
    *,
    closure_reason: str,
    note: str = "",
    request: HttpRequest | None = None,
) -> ProtectionCase:
    case = ProtectionCase.objects.select_for_update().get(pk=case.pk)
    _require_owner(user, case)
    StageChange.objects.create(
        case=case, by=user, from_stage=case.stage, to_stage=Stage.CLOSURE, reason=note
    )
    log_action(
        "case.closed",
        user=user,
        request=request,
        obj=case,
        person_id=case.person_id,
        reason=note,
        data={"from": case.stage, "closure_reason": closure_reason},
    )
    case.stage = Stage.CLOSURE
    case.closed_at = timezone.now()
    case.closure_reason = closure_reason
    case.save(update_fields=["stage", "closed_at", "closure_reason"])
    return case


@transaction.atomic
def assign_case_worker(
    user: User, case: ProtectionCase, case_worker: User, *, request: HttpRequest | None = None
) -> ProtectionCase:
    _require_owner(user, case)
    if case_worker.agency_id != case.agency_id or not case_worker.can(C.MANAGE_CASES):
        raise Refused(_("The case worker must manage cases at the agency that owns the case."))
    case.case_worker = case_worker
    case.save(update_fields=["case_worker"])
    log_action(
        "case.assigned",
        user=user,
        request=request,
        obj=case,
        person_id=case.person_id,
        data={"case_worker": case_worker.pk},
    )
    return case


@transaction.atomic
def save_plan(
    user: User,
    case: ProtectionCase,
    *,
    needs: Iterable[str],
    goals: str,
    expected_version: int,
    request: HttpRequest | None = None,
) -> CasePlan:
    """Save the case plan unless someone saved it since it was read (optimistic concurrency)."""
    _require_owner(user, case)
    plan, _created = CasePlan.objects.select_for_update().get_or_create(
        case=case, defaults={"updated_by": user}
    )
    require_version(
        plan.version, expected_version, _("Someone else saved this plan while you were editing it.")
    )
    new_needs = sorted(set(needs))
    changed = [
        name
        for name, old, new in (("needs", plan.needs, new_needs), ("goals", plan.goals, goals))
        if old != new
    ]
    plan.needs, plan.goals, plan.updated_by = new_needs, goals, user
    plan.version += 1
    plan.save()
    log_action(
        "case.plan_saved",
        user=user,
        request=request,
        obj=plan,
        person_id=case.person_id,
        data={"changed": changed, "version": plan.version},
    )
    return plan


def _entitlement_problem(case: ProtectionCase, kind: str, amount: int | None) -> str | None:
    paid = ServiceDelivery.objects.filter(case__person_id=case.person_id, entitlement=kind).count()
    problem = entitlements.payment_problem(kind, amount or 0, paid)
    messages = {
        entitlements.ALREADY_PAID: _("This entitlement has already been paid in full."),
        entitlements.WRONG_AMOUNT: _("The amount of this entitlement is %(amount)s riel.")
        % {"amount": f"{entitlements.AMOUNTS.get(kind, 0):,}"},
        entitlements.UNKNOWN: _("Unknown entitlement."),
    }
    return messages[problem] if problem else None


@transaction.atomic
def record_service(
    user: User,
    case: ProtectionCase,
    *,
    area: str,
    delivered_on: date,
    entitlement: str = "",
    amount_riel: int | None = None,
    provider: ServiceProvider | None = None,
    note: str = "",
    request: HttpRequest | None = None,
) -> ServiceDelivery:
    case = ProtectionCase.objects.select_for_update().get(pk=case.pk)
    _require_owner(user, case)
    # Delivered from 2008 to today, as the page's field says: the API sent 9999-12-31 too.
    refuse_out_of_time(delivered_on, "delivered_on")
    if entitlement:
        amount_riel = entitlements.AMOUNTS.get(entitlement) if amount_riel is None else amount_riel
        problem = _entitlement_problem(case, entitlement, amount_riel)
        if problem:
            raise Refused(problem)
    delivery = ServiceDelivery.objects.create(
        case=case,
        area=area,
        entitlement=entitlement,
        amount_riel=amount_riel,
        delivered_on=delivered_on,
        provider=provider,
        note=note,
        recorded_by=user,
    )
    log_action(
        "case.service_recorded",
        user=user,
        request=request,
        obj=delivery,
        person_id=case.person_id,
        data={"area": area, "entitlement": entitlement, "amount_riel": amount_riel},
    )
    return delivery


def _check_visit_date(case: ProtectionCase, day: date, *, done: bool) -> None:
    """A follow-up visit of ``case`` is due (``done``: made) on ``day`` only if that is not
    before the case was opened, nor, once made, in the future: else it would stand where it did
    not happen (a visit due years ago is overdue at once on every list). Refused by the date's
    field (``due_on`` or ``done_on``)."""
    field = "done_on" if done else "due_on"
    if done and day > timezone.localdate():
        raise FieldRefused(field, _("The date cannot be in the future."))
    # A visit is due within the time a plan may look ahead: 9999 is a mistyped year, a visit
    # nobody will ever see overdue.
    refuse_out_of_time(day, field, since=EARLIEST_DAY, ahead=None if done else PLAN_AHEAD)
    opened = timezone.localdate(case.opened_at)
    if day >= opened:
        return
    if done:
        message = _("A visit cannot be made before the case was opened, on %(date)s.")
    else:
        message = _("A visit cannot be due before the case was opened, on %(date)s.")
    raise FieldRefused(field, message % {"date": opened.isoformat()})


@transaction.atomic
def schedule_follow_up(
    user: User,
    case: ProtectionCase,
    *,
    due_on: date,
    purpose: str = "",
    request: HttpRequest | None = None,
) -> FollowUp:
    _require_owner(user, case)
    _check_visit_date(case, due_on, done=False)
    follow_up = FollowUp.objects.create(
        case=case, due_on=due_on, purpose=purpose, scheduled_by=user
    )
    log_action(
        "case.follow_up_scheduled",
        user=user,
        request=request,
        obj=follow_up,
        person_id=case.person_id,
        data={"due_on": due_on.isoformat()},
    )
    return follow_up


@transaction.atomic
def record_follow_up(
    user: User,
    follow_up: FollowUp,
    *,
    done_on: date,
    outcome: str,
    note: str = "",
    request: HttpRequest | None = None,
) -> FollowUp:
    follow_up = FollowUp.objects.select_for_update().select_related("case").get(pk=follow_up.pk)
    _require_owner(user, follow_up.case)
    if follow_up.done_on is not None:
        raise Refused(_("This follow-up visit has already been recorded."))
    _check_visit_date(follow_up.case, done_on, done=True)
    follow_up.done_on, follow_up.outcome, follow_up.note = done_on, outcome, note
    follow_up.done_by = user
    follow_up.save(update_fields=["done_on", "outcome", "note", "done_by"])
    log_action(
        "case.follow_up_recorded",
        user=user,
        request=request,
        obj=follow_up,
        person_id=follow_up.case.person_id,
        data={"outcome": outcome, "done_on": done_on.isoformat()},
    )
    return follow_up


def referral_refusal(user: User, person: Person) -> str | None:
    """Why ``user`` may not refer ``person`` now, or None."""
    if not user.can(C.REFER) or user.agency_id is None:
        return _("Your role does not allow referrals.")
    if not has_consent(person, ConsentScope.REFERRAL):
        return _(
            "This person has not consented to be referred. Record the person's consent to "
            "referral first; without it nothing may be referred."
        )
    if not is_suspected_victim(person):
        return _("Referral opens once the person is formally identified as a suspected victim.")
    return None


@transaction.atomic
def refer(
    user: User,
    person: Person,
    provider: ServiceProvider,
    *,
    needs: Iterable[str],
    note: str = "",
    rereferral_of: Referral | None = None,
    request: HttpRequest | None = None,
) -> Referral:
    refusal = referral_refusal(user, person)
    if refusal:
        raise Refused(refusal) if user.can(C.REFER) else NotAllowed(refusal)
    if not provider.is_active or not provider.agency.is_active:
        raise Refused(_("This provider is no longer in the directory."))
    if rereferral_of is not None and rereferral_of.person_id != person.pk:
        raise Refused(_("The earlier referral is of another person."))
    # The person's row is locked while the service looks, so that two sendings at once are
    # answered one after the other: one provider answers one referral, and takes one place.
    Person.objects.select_for_update().filter(pk=person.pk).exists()
    waiting = Referral.objects.filter(
        person=person,
        provider=provider,
        referring_agency_id=user.acting_agency_id(),
        status=ReferralStatus.PENDING,
    ).first()
    if waiting is not None:
        raise AlreadyReferred(waiting)
    referral = Referral.objects.create(
        referring_agency_id=user.acting_agency_id(),
        referred_by=user,
        provider=provider,
        person=person,
        needs=sorted(set(needs)),
        note=note,
        rereferral_of=rereferral_of,
    )
    grant_referral_access(person, provider.agency, referral.pk)
    log_action(
        "referral.created",
        user=user,
        request=request,
        obj=referral,
        person_id=person.pk,
        data={"provider": provider.pk, "needs": referral.needs},
    )
    return referral


class AlreadyReferred(Refused):
    """The referral asked for waits already (``referral``): the form sent twice, or the same
    provider asked again before it answered."""

    def __init__(self, referral: Referral) -> None:
        super().__init__(
            _(
                "Your agency has already referred this person to this provider: referral "
                "%(ref)s awaits its answer. Nothing was added."
            )
            % {"ref": referral.reference}
        )
        self.referral = referral


def _pending_for_answer(user: User, referral: Referral) -> Referral:
    require(user, C.RESPOND_REFERRALS)
    locked = Referral.objects.select_for_update().select_related("provider").get(pk=referral.pk)
    if locked.provider.agency_id != user.agency_id:
        raise NotAllowed(_("Only the provider this referral was made to can answer it."))
    if locked.status != ReferralStatus.PENDING:
        raise Refused(_("This referral has already been answered or withdrawn."))
    return locked


def _answer(user: User, referral: Referral, status: str, reason: str = "") -> None:
    referral.status, referral.decline_reason = status, reason
    referral.responded_at, referral.responded_by = timezone.now(), user
    referral.save(update_fields=["status", "decline_reason", "responded_at", "responded_by"])


@transaction.atomic
def accept_referral(
    user: User, referral: Referral, *, request: HttpRequest | None = None
) -> Referral:
    """Accept: one free place fewer, and a case opens at the provider's agency."""
    referral = _pending_for_answer(user, referral)
    taken = ServiceProvider.objects.filter(pk=referral.provider_id, free_places__gt=0).update(
        free_places=F("free_places") - 1
    )
    if not taken:
        raise Refused(_("No free place is left. Update the number of free places first."))
    _answer(user, referral, ReferralStatus.ACCEPTED)
    log_action(
        "referral.accepted", user=user, request=request, obj=referral, person_id=referral.person_id
    )
    if open_case_of(referral.person, user.agency_key) is None:
        worker = user if user.can(C.MANAGE_CASES) else None
        _open(
            user,
            referral.person,
            case_worker=worker,
            stage=Stage.RECEPTION,
            referral=referral,
            request=request,
        )
    return referral


@transaction.atomic
def decline_referral(
    user: User, referral: Referral, *, reason: str, request: HttpRequest | None = None
) -> Referral:
    if not reason.strip():
        raise Refused(_("Give the reason for declining, so the referrer can find another place."))
    referral = _pending_for_answer(user, referral)
    _answer(user, referral, ReferralStatus.DECLINED, reason.strip())
    revoke_referral_access(referral.person_id, referral.pk)
    log_action(
        "referral.declined",
        user=user,
        request=request,
        obj=referral,
        person_id=referral.person_id,
        reason=reason,
    )
    return referral


@transaction.atomic
def withdraw_referral(
    user: User, referral: Referral, *, reason: str = "", request: HttpRequest | None = None
) -> Referral:
    require(user, C.REFER)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.referring_agency_id != user.agency_id:
        raise NotAllowed(_("Only the agency that made this referral can withdraw it."))
    if referral.status != ReferralStatus.PENDING:
        raise Refused(_("Only a referral awaiting response can be withdrawn."))
    _answer(user, referral, ReferralStatus.WITHDRAWN, reason)
    revoke_referral_access(referral.person_id, referral.pk)
    log_action(
        "referral.withdrawn",
        user=user,
        request=request,
        obj=referral,
        person_id=referral.person_id,
        reason=reason,
    )
    return referral
