"""Hearings, verdicts with their sentences, retrials, and settlements or withdrawals."""

from datetime import date, datetime

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from rumdoh.accounts.audit import log_action
from rumdoh.accounts.models import Agency, AgencyKind, User
from rumdoh.core.errors import FieldRefused, Refused
from rumdoh.core.twice import sent_again
from rumdoh.justice import alerts
from rumdoh.justice.choices import (
    CONVICTIONS,
    ChargeLevel,
    HearingStatus,
    Instance,
    SettlementKind,
    Stage,
    SuspectStatus,
    VerdictOutcome,
)
from rumdoh.justice.models import (
    CaseVictim,
    Charge,
    CriminalCase,
    Hearing,
    Settlement,
    StageTransition,
    Suspect,
    Verdict,
)
from rumdoh.justice.services import (
    CT,
    P,
    R,
    not_future,
    require_actor,
    set_status,
)

VERDICT_STAGES = {Stage.TRIAL, Stage.VERDICT, Stage.APPEAL}


@transaction.atomic
def schedule_hearing(
    user: User,
    case: CriminalCase,
    *,
    kind: str,
    scheduled_for: datetime,
    court_agency: Agency | None = None,
    room: str = "",
    note: str = "",
    request: HttpRequest | None = None,
) -> Hearing:
    """A hearing on the court's calendar; the victims' case workers are told at once."""
    require_actor(user, case, CT)
    court = court_agency or case.court_agency
    if court is None or court.kind != AgencyKind.COURT:
        raise Refused(_("Choose the court that holds the hearing."))
    again = sent_again(
        Hearing.objects.filter(case=case, status=HearingStatus.SCHEDULED),
        user,
        note,
        kind=kind,
        scheduled_for=scheduled_for,
        court_agency=court,
        room=room,
    )
    if again is not None:
        return again
    hearing = Hearing.objects.create(
        case=case,
        kind=kind,
        scheduled_for=scheduled_for,
        court_agency=court,
        room=room,
        note=note,
        recorded_by=user,
    )
    log_action(
        "hearing.scheduled",
        user=user,
        request=request,
        obj=hearing,
        data={"case": case.pk, "kind": kind, "at": scheduled_for.isoformat()},
    )
    alerts.hearing_scheduled(case, scheduled_for)
    return hearing


@transaction.atomic
def update_hearing(
    user: User,
    hearing: Hearing,
    *,
    status: str,
    scheduled_for: datetime | None = None,
    reason: str = "",
    request: HttpRequest | None = None,
) -> Hearing:
    """Held, or postponed to a new date. A postponed hearing stays on record, with why, and the
    hearing on the new date is a new one (the victims' case workers are told of it): the
    delays of a case are counted, not overwritten. Returns the hearing as it now stands."""
    hearing = Hearing.objects.select_for_update().select_related("case").get(pk=hearing.pk)
    require_actor(user, hearing.case, CT)
    if status not in HearingStatus.values:
        raise Refused(_("Unknown status."))
    if hearing.status != HearingStatus.SCHEDULED:
        raise Refused(_("Only a scheduled hearing can be held or postponed."))
    if status == HearingStatus.POSTPONED:
        return _postpone(user, hearing, scheduled_for, reason, request)
    if scheduled_for is not None and scheduled_for != hearing.scheduled_for:
        raise Refused(_("To move a hearing to another date, record it as postponed, with why."))
    if status == HearingStatus.HELD and hearing.scheduled_for > timezone.now():
        raise Refused(_("A hearing cannot be recorded as held before its date."))
    hearing.status = status
    hearing.save(update_fields=["status"])
    log_action(
        "hearing.updated",
        user=user,
        request=request,
        obj=hearing,
        data={"status": status, "at": hearing.scheduled_for.isoformat()},
    )
    return hearing


def _postpone(
    user: User,
    hearing: Hearing,
    scheduled_for: datetime | None,
    reason: str,
    request: HttpRequest | None,
) -> Hearing:
    if scheduled_for is None or scheduled_for <= hearing.scheduled_for:
        raise Refused(_("Give the new date of the postponed hearing, after the one set."))
    if not reason.strip():
        raise Refused(_("Say why the hearing was postponed."))
    later = Hearing.objects.create(
        case=hearing.case,
        kind=hearing.kind,
        scheduled_for=scheduled_for,
        court_agency=hearing.court_agency,
        room=hearing.room,
        recorded_by=user,
    )
    hearing.status, hearing.postponement_reason = HearingStatus.POSTPONED, reason.strip()
    hearing.postponed_to = later
    hearing.save(update_fields=["status", "postponement_reason", "postponed_to"])
    log_action(
        "hearing.postponed",
        user=user,
        request=request,
        obj=hearing,
        data={"to": later.pk, "at": scheduled_for.isoformat()},
    )
    alerts.hearing_scheduled(hearing.case, later.scheduled_for)
    return later


def _check_sentence(
    outcome: str,
    prison_months: int | None,
    suspended_months: int | None,
    fine_riel: int | None,
    diversion: str,
) -> None:
    sentenced = any([prison_months, suspended_months, fine_riel, diversion.strip()])
    if outcome not in CONVICTIONS and sentenced:
        raise Refused(_("Only a conviction carries a sentence."))
    if suspended_months and (prison_months is None or suspended_months > prison_months):
        raise Refused(_("The suspended part cannot be longer than the prison term."))


def _check_retrial(charge: Charge, retrial_of: Verdict | None) -> None:
    if retrial_of is None:
        raise Refused(_("Choose the conviction in absentia that is tried again."))
    if retrial_of.charge_id != charge.pk:
        raise Refused(_("The retrial must be on the same charge."))
    if retrial_of.outcome != VerdictOutcome.CONVICTED_IN_ABSENTIA:
        raise Refused(_("Only a conviction in absentia is tried again."))
    arrested = charge.suspect.arrests.filter(arrested_at__date__gte=retrial_of.decided_on)
    if not arrested.exists():
        raise Refused(_("The defendant has not been arrested since the conviction in absentia."))


def _before_court(case: CriminalCase, instance: str) -> StageTransition | None:
    """The move that took the case before the court whose verdict this is: to trial for a
    verdict at first instance (the first time), to the retrial for a retrial, to the appeal
    court on appeal (to trial if the case never went to appeal); None for a case whose history
    does not say.

    The case was opened and charged before it went to trial: stage moves are dated in order
    (``change_stage``), so a verdict dated from this move is dated after those too."""
    court = Stage.APPEAL if instance == Instance.APPEAL else Stage.TRIAL
    moves = case.transitions.filter(to_stage=court)
    if instance == Instance.FIRST:
        move = moves.order_by("on", "recorded_at", "id").first()
    else:
        move = moves.order_by("-recorded_at", "-id").first()
    if move is None and court == Stage.APPEAL:
        return _before_court(case, Instance.RETRIAL)
    return move


def _not_before_court(case: CriminalCase, instance: str, decided_on: date) -> None:
    """A verdict dated before the case reached the court would stand before its charge in the
    timeline, and be counted in a period before the case was tried."""
    move = _before_court(case, instance)
    if move is None or decided_on >= move.on:
        return
    if move.to_stage == Stage.APPEAL:
        message = _(
            "An appeal verdict cannot be dated before the case went to appeal, on %(date)s."
        )
    else:
        message = _("A verdict cannot be dated before the case went to trial, on %(date)s.")
    raise FieldRefused("decided_on", message % {"date": f"{move.on:%Y-%m-%d}"})


def _not_before_reviewed(
    charge: Charge, instance: str, retrial_of: Verdict | None, decided_on: date
) -> None:
    """A verdict on appeal or on retrial follows the verdict it decides again (the conviction in
    absentia retried; on appeal, the latest verdict on the charge at first instance or on
    retrial), and a verdict at first instance comes before any appeal on its charge: else the
    appeal would stand before the judgment appealed, in the timeline and in the figures."""
    if instance == Instance.FIRST:
        appeal = charge.verdicts.filter(instance=Instance.APPEAL).order_by("decided_on").first()
        if appeal is not None and decided_on > appeal.decided_on:
            raise FieldRefused(
                "decided_on",
                _(
                    "A verdict at first instance cannot be dated after the appeal verdict on the "
                    "same charge, on %(date)s."
                )
                % {"date": f"{appeal.decided_on:%Y-%m-%d}"},
            )
        return
    reviewed = retrial_of
    if instance == Instance.APPEAL:
        earlier = charge.verdicts.exclude(instance=Instance.APPEAL)
        reviewed = earlier.order_by("-decided_on", "-id").first()
    if reviewed is not None and decided_on < reviewed.decided_on:
        raise FieldRefused(
            "decided_on",
            _(
                "A verdict on appeal or on retrial cannot be dated before the verdict it decides "
                "again, on %(date)s."
            )
            % {"date": f"{reviewed.decided_on:%Y-%m-%d}"},
        )


def _refuse_twice(
    case: CriminalCase, charge: Charge, instance: str, retrial_of: Verdict | None
) -> None:
    """One verdict per charge and instance since the trial (or the appeal) began: a form sent
    twice, or a verdict typed again, would otherwise show twice and tell everyone twice."""
    trial_or_appeal = case.transitions.filter(to_stage__in=[Stage.TRIAL, Stage.APPEAL])
    began = trial_or_appeal.order_by("-recorded_at", "-id").first()
    same = Verdict.objects.filter(charge=charge, instance=instance, retrial_of=retrial_of)
    if began is not None:
        same = same.filter(recorded_at__gte=began.recorded_at)
    if same.exists():
        raise Refused(_("A verdict on this charge at this instance is already recorded."))


@transaction.atomic
def record_verdict(
    user: User,
    case: CriminalCase,
    charge: Charge,
    *,
    outcome: str,
    decided_on: date,
    instance: str = Instance.FIRST,
    prison_months: int | None = None,
    suspended_months: int | None = None,
    fine_riel: int | None = None,
    diversion: str = "",
    retrial_of: Verdict | None = None,
    note: str = "",
    request: HttpRequest | None = None,
) -> Verdict:
    """The court's decision on one charge against one defendant."""
    require_actor(user, case, CT)
    if case.stage not in VERDICT_STAGES:
        raise Refused(_("Verdicts are recorded at trial, at the verdict or on appeal."))
    if charge.case_id != case.pk or charge.level != ChargeLevel.CHARGED:
        raise Refused(_("Choose a charge brought by the prosecutor in this case."))
    if outcome not in VerdictOutcome.values or instance not in Instance.values:
        raise Refused(_("Choose the outcome and the instance."))
    not_future(decided_on)
    _not_before_court(case, instance, decided_on)
    _check_sentence(outcome, prison_months, suspended_months, fine_riel, diversion)
    if instance == Instance.RETRIAL:
        _check_retrial(charge, retrial_of)
    elif retrial_of is not None:
        raise Refused(_("Only a retrial refers to an earlier conviction in absentia."))
    _not_before_reviewed(charge, instance, retrial_of, decided_on)
    _refuse_twice(case, charge, instance, retrial_of)
    verdict = Verdict.objects.create(
        case=case,
        charge=charge,
        outcome=outcome,
        instance=instance,
        decided_on=decided_on,
        court_agency_id=case.court_agency_id or user.acting_agency_id(),
        prison_months=prison_months,
        suspended_months=suspended_months,
        fine_riel=fine_riel,
        diversion=diversion.strip(),
        retrial_of=retrial_of,
        note=note,
        recorded_by=user,
    )
    if outcome == VerdictOutcome.CONVICTED_IN_ABSENTIA:
        set_status(charge.suspect, SuspectStatus.ABSCONDED)
    log_action(
        "verdict.recorded",
        user=user,
        request=request,
        obj=verdict,
        data={
            "case": case.pk,
            "charge": charge.pk,
            "offence": charge.offence,
            "outcome": outcome,
            "instance": instance,
        },
    )
    alerts.verdict_recorded(case)
    return verdict


@transaction.atomic
def record_settlement(
    user: User,
    case: CriminalCase,
    *,
    kind: str,
    proposed_by: str,
    agreed_on: date,
    amount_riel: int | None = None,
    victim: CaseVictim | None = None,
    suspect: Suspect | None = None,
    note: str = "",
    request: HttpRequest | None = None,
) -> Settlement:
    """An out-of-court settlement or a withdrawal: counted as attrition in the statistics."""
    require_actor(user, case, P, R, CT)
    not_future(agreed_on)
    if agreed_on < case.opened_on:
        # Counted as attrition on its date: it would fall in a period before the case existed.
        raise FieldRefused(
            "agreed_on",
            _(
                "A settlement or a withdrawal cannot be dated before the case was opened, on "
                "%(date)s."
            )
            % {"date": f"{case.opened_on:%Y-%m-%d}"},
        )
    if victim is not None and victim.case_id != case.pk:
        raise Refused(_("The victim is not in this case."))
    if suspect is not None and suspect.case_id != case.pk:
        raise Refused(_("The suspect is not in this case."))
    if kind == SettlementKind.SETTLEMENT and not amount_riel:
        raise Refused(_("Give the amount agreed in the settlement."))
    again = sent_again(
        case.settlements.all(),
        user,
        note,
        kind=kind,
        proposed_by=proposed_by,
        amount_riel=amount_riel,
        agreed_on=agreed_on,
        victim=victim,
        suspect=suspect,
    )
    if again is not None:
        return again
    settlement = Settlement.objects.create(
        case=case,
        kind=kind,
        proposed_by=proposed_by,
        amount_riel=amount_riel,
        agreed_on=agreed_on,
        victim=victim,
        suspect=suspect,
        note=note,
        recorded_by=user,
    )
    log_action(
        "settlement.recorded",
        user=user,
        request=request,
        obj=settlement,
        person_id=victim.person_id if victim else None,
        data={"case": case.pk, "kind": kind, "proposed_by": proposed_by, "amount": amount_riel},
    )
    return settlement
