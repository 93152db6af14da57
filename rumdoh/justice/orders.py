"""Compensation: worksheets from the calculator, orders, payments and enforcement."""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils.translation import gettext as _

from rumdoh.accounts.audit import log_action
from rumdoh.accounts.models import User
from rumdoh.core.errors import FieldRefused, Refused, refuse_out_of_time
from rumdoh.core.twice import sent_again
from rumdoh.justice import alerts
from rumdoh.justice.choices import CONVICTIONS, EnforcementKind, PaymentMethod
from rumdoh.justice.messages import calculator_messages
from rumdoh.justice.models import (
    CaseVictim,
    CompensationOrder,
    CompensationWorksheet,
    CriminalCase,
    EnforcementStep,
    Payment,
    Suspect,
    Verdict,
)
from rumdoh.justice.rules import compensation
from rumdoh.justice.rules.limits import ORDER_DUE_AHEAD
from rumdoh.justice.services import CT, P, R, not_future, require_actor


def _decimal(value: Any) -> Decimal:
    try:
        return Decimal(str(value or 0))
    except InvalidOperation:
        return Decimal(-1)


def _items(rows: Any) -> tuple[compensation.Item, ...]:
    return tuple(
        compensation.Item(str(r.get("description", "")), int(r.get("amount") or 0))
        for r in rows or []
    )


def claim_from(data: dict[str, Any]) -> compensation.Claim:
    """A calculator claim from plain data (a form, the API, or a saved worksheet)."""
    return compensation.Claim(
        usd_rate=int(data.get("usd_rate") or compensation.DEFAULT_USD_RATE),
        wage_currency=str(data.get("wage_currency") or compensation.KHR),
        promised_monthly_wage=_decimal(data.get("promised_monthly_wage")),
        months_worked=_decimal(data.get("months_worked")),
        wages_received=_decimal(data.get("wages_received")),
        usual_monthly_earnings=_decimal(data.get("usual_monthly_earnings")),
        months_unable_to_work=_decimal(data.get("months_unable_to_work")),
        material=_items(data.get("material")),
        medical=_items(data.get("medical")),
        future_medical=_items(data.get("future_medical")),
        emotional_severity=str(data.get("emotional_severity") or compensation.Severity.NONE),
        emotional_amount=int(data.get("emotional_amount") or 0),
        emotional_basis=str(data.get("emotional_basis") or ""),
        punitive_amount=int(data.get("punitive_amount") or 0),
        punitive_basis=str(data.get("punitive_basis") or ""),
    )


def claim_data(claim: compensation.Claim) -> dict[str, Any]:
    """The claim as plain JSON-able data, for storing with a worksheet."""

    def rows(items: tuple[compensation.Item, ...]) -> list[dict[str, Any]]:
        return [{"description": i.description, "amount": i.amount} for i in items]

    return {
        "usd_rate": claim.usd_rate,
        "wage_currency": claim.wage_currency,
        "promised_monthly_wage": str(claim.promised_monthly_wage),
        "months_worked": str(claim.months_worked),
        "wages_received": str(claim.wages_received),
        "usual_monthly_earnings": str(claim.usual_monthly_earnings),
        "months_unable_to_work": str(claim.months_unable_to_work),
        "material": rows(claim.material),
        "medical": rows(claim.medical),
        "future_medical": rows(claim.future_medical),
        "emotional_severity": claim.emotional_severity,
        "emotional_amount": claim.emotional_amount,
        "emotional_basis": claim.emotional_basis,
        "punitive_amount": claim.punitive_amount,
        "punitive_basis": claim.punitive_basis,
    }


def calculate(claim: compensation.Claim) -> compensation.Assessment:
    problems = compensation.validate(claim)
    if problems:
        raise Refused(" ".join(calculator_messages(problems)))
    return compensation.assess(claim)


@transaction.atomic
def save_worksheet(
    user: User,
    victim: CaseVictim,
    claim: compensation.Claim,
    *,
    request: HttpRequest | None = None,
) -> CompensationWorksheet:
    require_actor(user, victim.case, P, R, CT)
    assessment = calculate(claim)
    worksheet = CompensationWorksheet.objects.create(
        case=victim.case,
        victim=victim,
        claim=claim_data(claim),
        total_riel=assessment.total,
        prepared_by=user,
    )
    log_action(
        "compensation.worksheet_saved",
        user=user,
        request=request,
        obj=worksheet,
        person_id=victim.person_id,
        data={"total": assessment.total},
    )
    return worksheet


@transaction.atomic
def record_order(
    user: User,
    case: CriminalCase,
    *,
    victim: CaseVictim,
    defendant: Suspect,
    amount_riel: int,
    ordered_on: date,
    due_on: date,
    verdict: Verdict | None = None,
    worksheet: CompensationWorksheet | None = None,
    request: HttpRequest | None = None,
) -> CompensationOrder:
    """The court orders a defendant to pay a victim; everyone following the victim is told."""
    require_actor(user, case, CT)
    if victim.case_id != case.pk or defendant.case_id != case.pk:
        raise Refused(_("The victim and the defendant must be in this case."))
    if amount_riel <= 0:
        raise Refused(_("The amount must be more than zero."))
    not_future(ordered_on)
    if due_on < ordered_on:
        raise Refused(_("The due date cannot be before the order."))
    refuse_out_of_time(due_on, "due_on", ahead=ORDER_DUE_AHEAD)
    if verdict is not None and (
        verdict.case_id != case.pk
        or verdict.charge.suspect_id != defendant.pk
        or verdict.outcome not in CONVICTIONS
    ):
        raise Refused(_("The verdict must convict this defendant."))
    if verdict is not None and ordered_on < verdict.decided_on:
        raise FieldRefused(
            "ordered_on",
            _("An order cannot be dated before the verdict it follows, on %(date)s.")
            % {"date": f"{verdict.decided_on:%Y-%m-%d}"},
        )
    if worksheet is not None and worksheet.victim_id != victim.pk:
        raise Refused(_("The worksheet was prepared for another victim."))
    again = sent_again(
        case.orders.all(),
        user,
        victim=victim,
        defendant=defendant,
        verdict=verdict,
        worksheet=worksheet,
        amount_riel=amount_riel,
        ordered_on=ordered_on,
        due_on=due_on,
    )
    if again is not None:
        return again
    order = CompensationOrder.objects.create(
        case=case,
        victim=victim,
        defendant=defendant,
        verdict=verdict,
        worksheet=worksheet,
        amount_riel=amount_riel,
        ordered_on=ordered_on,
        due_on=due_on,
        recorded_by=user,
    )
    log_action(
        "compensation.ordered",
        user=user,
        request=request,
        obj=order,
        person_id=victim.person_id,
        data={"case": case.pk, "defendant": defendant.pk, "amount": amount_riel},
    )
    alerts.order_recorded(order)
    return order


@transaction.atomic
def record_payment(
    user: User,
    order: CompensationOrder,
    *,
    paid_on: date,
    amount_riel: int,
    method: str,
    note: str = "",
    request: HttpRequest | None = None,
) -> Payment:
    order = CompensationOrder.objects.select_for_update().select_related("case").get(pk=order.pk)
    require_actor(user, order.case, R, CT)
    again = sent_again(
        order.payments.all(), user, note, paid_on=paid_on, amount_riel=amount_riel, method=method
    )
    if again is not None:
        return again
    if amount_riel <= 0:
        raise Refused(_("The amount must be more than zero."))
    if amount_riel > order.outstanding_riel:
        raise Refused(
            _("The payment is more than the %(amount)s riel still owed.")
            % {"amount": f"{order.outstanding_riel:,}"}
        )
    if method not in PaymentMethod.values:
        raise Refused(_("Say how it was paid."))
    not_future(paid_on)
    if paid_on < order.ordered_on:
        raise Refused(_("The payment cannot be before the order."))
    payment = Payment.objects.create(
        order=order,
        paid_on=paid_on,
        amount_riel=amount_riel,
        method=method,
        note=note,
        recorded_by=user,
    )
    CompensationOrder.objects.filter(pk=order.pk).update(paid_riel=F("paid_riel") + amount_riel)
    order.refresh_from_db(fields=["paid_riel"])
    log_action(
        "compensation.payment_recorded",
        user=user,
        request=request,
        obj=order,
        person_id=order.victim.person_id,
        data={"amount": amount_riel, "outstanding": order.outstanding_riel},
    )
    if order.outstanding_riel == 0:
        alerts.order_paid(order)
    return payment


@transaction.atomic
def record_enforcement(
    user: User,
    order: CompensationOrder,
    *,
    taken_on: date,
    kind: str,
    note: str = "",
    request: HttpRequest | None = None,
) -> EnforcementStep:
    require_actor(user, order.case, R, CT)
    if kind not in EnforcementKind.values:
        raise Refused(_("Choose the enforcement step."))
    not_future(taken_on)
    if taken_on < order.ordered_on:
        raise FieldRefused(
            "taken_on",
            _("A step to enforce the order cannot be dated before the order, on %(date)s.")
            % {"date": f"{order.ordered_on:%Y-%m-%d}"},
        )
    step = EnforcementStep.objects.create(
        order=order, taken_on=taken_on, kind=kind, note=note, recorded_by=user
    )
    log_action(
        "compensation.enforcement_recorded",
        user=user,
        request=request,
        obj=order,
        person_id=order.victim.person_id,
        data={"kind": kind},
    )
    return step


def balance(order: CompensationOrder, today: date) -> compensation.Balance:
    return compensation.balance(order.amount_riel, [order.paid_riel], order.due_on, today)
