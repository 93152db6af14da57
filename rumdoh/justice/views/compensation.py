"""The compensation calculator and its printable worksheet; orders, payments, enforcement."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from rumdoh.accounts.access import acting_user
from rumdoh.accounts.audit import log_action
from rumdoh.core.errors import Refused
from rumdoh.justice import access, orders
from rumdoh.justice.access import CALCULATOR_USERS
from rumdoh.justice.choices import Head
from rumdoh.justice.forms import CalculatorForm, EnforcementForm, OrderForm, PaymentForm
from rumdoh.justice.messages import basis_line
from rumdoh.justice.models import CaseVictim, CompensationOrder, CompensationWorksheet
from rumdoh.justice.rules import compensation
from rumdoh.justice.rules.transitions import Actor
from rumdoh.justice.views import pdf
from rumdoh.justice.views.common import form_page, justice_user, participating, victims_named
from rumdoh.people.access import reveal_names


def worksheet_rows(assessment: compensation.Assessment) -> list[dict[str, Any]]:
    return [
        {
            "head": Head(part.head).label,
            "amount": part.amount,
            "lines": [basis_line(line) for line in part.lines],
            "punitive": part.head == compensation.Head.PUNITIVE,
        }
        for part in assessment.parts
    ]


def _worksheet_context(assessment: compensation.Assessment, **extra: Any) -> dict[str, Any]:
    return {
        "rows": worksheet_rows(assessment),
        "assessment": assessment,
        "today": timezone.localdate(),
        "pdf_available": pdf.available(),
        **extra,
    }


@login_required
def calculator(request: HttpRequest) -> HttpResponse:
    """The calculator on its own: nothing is saved; the worksheet can be printed."""
    acting_user(request, *CALCULATOR_USERS)
    form = CalculatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = orders.calculate(form.claim())
        except Refused as exc:
            form.add_error(None, str(exc))
        else:
            return render(request, "justice/worksheet.html", _worksheet_context(assessment))
    return render(request, "justice/calculator.html", {"form": form})


@login_required
def victim_calculator(request: HttpRequest, pk: int) -> HttpResponse:
    """The calculator for one victim of a case: the worksheet is saved with the case."""
    user = justice_user(request)
    victim = get_object_or_404(
        CaseVictim.objects.select_related("case__police_agency", "person"),
        pk=pk,
        case__in=access.participating_cases(user),
    )
    form = CalculatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            worksheet = orders.save_worksheet(user, victim, form.claim(), request=request)
        except Refused as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("justice:worksheet", worksheet.pk)
    context = {"form": form, "victim": victim, "case": victim.case}
    return render(request, "justice/calculator.html", context)


def _worksheet(request: HttpRequest, pk: int) -> tuple[Any, CompensationWorksheet]:
    user = justice_user(request)
    worksheet = get_object_or_404(
        CompensationWorksheet.objects.select_related("case", "victim__person", "prepared_by"),
        pk=pk,
        case__in=access.participating_cases(user),
    )
    reveal_names(user, [worksheet.victim.person])
    log_action(
        "compensation.worksheet_viewed",
        user=user,
        request=request,
        obj=worksheet,
        person_id=worksheet.victim.person_id,
    )
    return user, worksheet


def _saved_context(worksheet: CompensationWorksheet) -> dict[str, Any]:
    assessment = compensation.assess(orders.claim_from(worksheet.claim))
    return _worksheet_context(
        assessment, worksheet=worksheet, case=worksheet.case, victim=worksheet.victim
    )


@login_required
def worksheet_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _user, worksheet = _worksheet(request, pk)
    return render(request, "justice/worksheet.html", _saved_context(worksheet))


@login_required
def worksheet_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    if not pdf.available():
        raise Http404
    _user, worksheet = _worksheet(request, pk)
    html = render_to_string("justice/worksheet_pdf.html", _saved_context(worksheet))
    return pdf.response(html, f"worksheet-{worksheet.case.reference}-{worksheet.pk}.pdf")


@login_required
def order_new(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = participating(request, pk, Actor.COURT)
    shown = victims_named(request, user, case)
    initial = {"ordered_on": timezone.localdate()}
    form = OrderForm(request.POST or None, case=case, shown=shown, initial=initial)
    return form_page(
        request,
        form,
        lambda data: orders.record_order(user, case, request=request, **data),
        title=_("Record a compensation order"),
        success=_("Compensation order recorded. Those following the victim have been told."),
        done=lambda order: redirect("justice:order_detail", order.pk),
        case=case,
    )


def _order(request: HttpRequest, pk: int) -> tuple[Any, CompensationOrder]:
    user = justice_user(request)
    order = get_object_or_404(
        CompensationOrder.objects.select_related("case", "victim__person", "defendant"),
        pk=pk,
        case__in=access.participating_cases(user),
    )
    reveal_names(user, [order.victim.person])
    return user, order


@login_required
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user, order = _order(request, pk)
    log_action(
        "compensation.order_viewed",
        user=user,
        request=request,
        obj=order,
        person_id=order.victim.person_id,
    )
    today = timezone.localdate()
    context = {
        "order": order,
        "case": order.case,
        "balance": orders.balance(order, today),
        "payments": order.payments.select_related("recorded_by"),
        "steps": order.enforcement_steps.select_related("recorded_by"),
        # Both forms have a note: each gets its own ids, so each label points at its own field.
        "payment_form": PaymentForm(initial={"paid_on": today}, auto_id="payment_%s"),
        "enforcement_form": EnforcementForm(initial={"taken_on": today}, auto_id="step_%s"),
        "actors": {a.value for a in access.actors(user, order.case)},
    }
    return render(request, "justice/order_detail.html", context)


@login_required
def payment_new(request: HttpRequest, pk: int) -> HttpResponse:
    user, order = _order(request, pk)
    form = PaymentForm(request.POST or None, initial={"paid_on": timezone.localdate()})
    return form_page(
        request,
        form,
        lambda data: orders.record_payment(user, order, request=request, **data),
        title=_("Record a payment on %(order)s") % {"order": order.reference},
        success=_("Payment recorded."),
        done=lambda _p: redirect("justice:order_detail", order.pk),
        case=order.case,
    )


@login_required
def enforcement_new(request: HttpRequest, pk: int) -> HttpResponse:
    user, order = _order(request, pk)
    form = EnforcementForm(request.POST or None, initial={"taken_on": timezone.localdate()})
    return form_page(
        request,
        form,
        lambda data: orders.record_enforcement(user, order, request=request, **data),
        title=_("Record an enforcement step on %(order)s") % {"order": order.reference},
        success=_("Enforcement step recorded."),
        done=lambda _s: redirect("justice:order_detail", order.pk),
        case=order.case,
    )
