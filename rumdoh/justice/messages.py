"""Sentences for the codes the pure modules return, in the user's language."""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from rumdoh.justice.choices import Severity
from rumdoh.justice.rules import compensation, transitions
from rumdoh.justice.rules.limits import RIEL_MAX

TRANSITION_PROBLEMS = {
    transitions.Problem.NO_SUCH_MOVE: _("A case cannot move from its current stage to that one."),
    transitions.Problem.WRONG_ACTOR: _("This step is not for your agency to record."),
    transitions.Problem.REASON_REQUIRED: _("Write down why."),
    transitions.Problem.NO_RECOMMENDED_CHARGE: _(
        "Record at least one recommended charge before sending the case file."
    ),
    transitions.Problem.NO_CHARGE: _("Record at least one charge before marking the case charged."),
    transitions.Problem.NO_VERDICT: _("Record the verdict on at least one charge first."),
    transitions.Problem.NO_ARRESTED_ABSCONDER: _(
        "A retrial needs a defendant convicted in absentia who has since been arrested."
    ),
    transitions.Problem.CLOSURE_REQUIRED: _("Say how the case ended."),
    transitions.Problem.CLOSURE_NOT_HERE: _("A case cannot end that way from its current stage."),
    transitions.Problem.AGENCY_REQUIRED: _("Choose the agency now responsible for the case."),
    transitions.Problem.WRONG_AGENCY_KIND: _(
        "The responsible agency must be a prosecutor's office when the file is sent, and a court "
        "for the investigating judge, the trial and the appeal."
    ),
}

CALCULATOR_PROBLEMS = {
    compensation.Problem.NEGATIVE: _("Amounts and months cannot be negative."),
    compensation.Problem.BAD_CURRENCY: _("Choose riel or US dollars."),
    compensation.Problem.BAD_RATE: _("Give the exchange rate in riel for one US dollar."),
    compensation.Problem.ITEM_WITHOUT_DESCRIPTION: _("Describe every amount claimed."),
    compensation.Problem.EMOTIONAL_WITHOUT_BASIS: _(
        "Give the grounds for the emotional damage claimed."
    ),
    compensation.Problem.EMOTIONAL_WITHOUT_SEVERITY: _("Say how severe the emotional damage is."),
    compensation.Problem.PUNITIVE_WITHOUT_BASIS: _(
        "Punitive damages need their grounds written down."
    ),
    compensation.Problem.TOO_LARGE: _(
        "The claim comes to more than %(limit)s riel: check the amounts and the months."
    ),
}

BASIS_LINES = {
    "wages.withheld": ngettext_lazy(
        "Wages promised: %(months)s month x %(monthly)s %(currency)s = %(due)s %(currency)s; "
        "received %(received)s %(currency)s; withheld %(withheld)s %(currency)s.",
        "Wages promised: %(months)s months x %(monthly)s %(currency)s = %(due)s %(currency)s; "
        "received %(received)s %(currency)s; withheld %(withheld)s %(currency)s.",
        "count",
    ),
    "wages.lost_earnings": ngettext_lazy(
        "Earnings lost while unable to work: %(months)s month x %(monthly)s %(currency)s = "
        "%(lost)s %(currency)s.",
        "Earnings lost while unable to work: %(months)s months x %(monthly)s %(currency)s = "
        "%(lost)s %(currency)s.",
        "count",
    ),
    "wages.converted": _("US$ %(usd)s at %(rate)s riel to the dollar = %(riel)s riel."),
    "material.item": _("%(description)s: %(amount)s riel."),
    "medical.past": _("Treatment received — %(description)s: %(amount)s riel."),
    "medical.future": _("Treatment still needed — %(description)s: %(amount)s riel."),
    "emotional.severity": _("Severity of the harm: %(severity)s."),
    "emotional.basis": _("Grounds: %(text)s"),
    "punitive.basis": _("Grounds: %(text)s"),
}


def transition_message(problems: list[transitions.Problem]) -> str:
    return " ".join(str(TRANSITION_PROBLEMS[p]) for p in problems)


def calculator_messages(problems: list[compensation.Problem]) -> list[str]:
    return [_calculator_message(p) for p in problems]


def _calculator_message(problem: compensation.Problem) -> str:
    message = str(CALCULATOR_PROBLEMS[problem])
    if problem == compensation.Problem.TOO_LARGE:
        return message % {"limit": f"{RIEL_MAX:,}"}
    return message


def plural_count(amount: Decimal) -> int:
    """The whole number that chooses the plural form for ``amount``: itself when whole; for a
    fraction (2.5 months) a number of the "many" form, as 2.5 is read in English."""
    whole = int(amount)
    return whole if amount == whole else whole + 2


def basis_line(line: compensation.Line) -> str:
    params: dict[str, Any] = dict(line.params)
    for key in ("amount", "riel", "rate"):
        if isinstance(params.get(key), int):
            params[key] = f"{params[key]:,}"
    # Wages and dollars come as exact decimals written out (2.5, 1400000): thousands grouped
    # here as the riel are, so "1,400,000 KHR" reads as the total beside it does.
    for key in ("monthly", "due", "received", "withheld", "lost", "usd"):
        if isinstance(params.get(key), str):
            params[key] = f"{Decimal(params[key]):,f}"
    if "months" in params:
        params["count"] = plural_count(Decimal(params["months"]))
    if line.code == "emotional.severity":
        params["severity"] = Severity(params["severity"]).label
    template = BASIS_LINES.get(line.code)
    return str(template % params) if template is not None else line.code
