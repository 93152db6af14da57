"""The compensation calculator and the balance of a compensation order (pure: no Django imports).

There is no standard way in Cambodia to calculate what a victim should claim. The calculator
puts the heads of damage courts recognise side by side, each with the basis it was derived from,
so the claim can be explained in court and checked later:

* lost or withheld wages — wages promised for the time worked, less what was paid, and the
  earnings lost while the victim could not work;
* material and property loss — recruitment fees, debts imposed, ransoms, belongings kept;
* medical costs — past, and expected future, treatment;
* emotional damage — an amount the claim puts forward, with its severity and grounds;
* punitive damages — optional, only with stated grounds; kept apart from the compensatory total.

Amounts are whole riel. Wages may be stated in US dollars (scam-compound recruiters promise
dollars); they are converted at the rate the claim states. The basis of each part is a list of
codes with parameters, which the pages turn into sentences in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from rumdoh.justice.rules.limits import RIEL_MAX

DEFAULT_USD_RATE = 4100  # riel per US dollar, to be replaced by the rate of the day
KHR = "KHR"
USD = "USD"
CURRENCIES = (KHR, USD)


class Head(StrEnum):
    WAGES = "wages"
    MATERIAL = "material"
    MEDICAL = "medical"
    EMOTIONAL = "emotional"
    PUNITIVE = "punitive"


class Severity(StrEnum):
    NONE = "none"
    MODERATE = "moderate"
    SERIOUS = "serious"
    SEVERE = "severe"


class Problem(StrEnum):
    NEGATIVE = "negative"
    BAD_CURRENCY = "bad_currency"
    BAD_RATE = "bad_rate"
    ITEM_WITHOUT_DESCRIPTION = "item_without_description"
    EMOTIONAL_WITHOUT_BASIS = "emotional_without_basis"
    EMOTIONAL_WITHOUT_SEVERITY = "emotional_without_severity"
    PUNITIVE_WITHOUT_BASIS = "punitive_without_basis"
    TOO_LARGE = "too_large"


@dataclass(frozen=True)
class Item:
    description: str
    amount: int  # riel


@dataclass(frozen=True)
class Claim:
    usd_rate: int = DEFAULT_USD_RATE
    wage_currency: str = KHR
    promised_monthly_wage: Decimal = Decimal(0)
    months_worked: Decimal = Decimal(0)
    wages_received: Decimal = Decimal(0)  # in the wage currency
    usual_monthly_earnings: Decimal = Decimal(0)  # in the wage currency
    months_unable_to_work: Decimal = Decimal(0)
    material: tuple[Item, ...] = ()
    medical: tuple[Item, ...] = ()
    future_medical: tuple[Item, ...] = ()
    emotional_severity: str = Severity.NONE
    emotional_amount: int = 0
    emotional_basis: str = ""
    punitive_amount: int = 0
    punitive_basis: str = ""


@dataclass(frozen=True)
class Line:
    """One step of the basis of a part: a code and the figures it states."""

    code: str
    params: dict[str, str | int] = field(default_factory=dict)


@dataclass(frozen=True)
class Part:
    head: Head
    amount: int
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Assessment:
    parts: tuple[Part, ...]
    compensatory: int  # wages, material, medical and emotional
    punitive: int
    total: int

    def part(self, head: Head) -> Part:
        return next(p for p in self.parts if p.head == head)


def _riel(amount: Decimal) -> int:
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _to_riel(amount: Decimal, claim: Claim) -> int:
    rate = Decimal(claim.usd_rate) if claim.wage_currency == USD else Decimal(1)
    return _riel(amount * rate)


def _figure(amount: Decimal) -> str:
    """A decimal written without trailing zeros: 6, 2.5, 1200."""
    return f"{amount.normalize():f}"


def validate(claim: Claim) -> list[Problem]:
    issues: list[Problem] = []
    numbers = [
        claim.promised_monthly_wage,
        claim.months_worked,
        claim.wages_received,
        claim.usual_monthly_earnings,
        claim.months_unable_to_work,
        Decimal(claim.emotional_amount),
        Decimal(claim.punitive_amount),
    ]
    items = [*claim.material, *claim.medical, *claim.future_medical]
    if any(n < 0 for n in numbers) or any(i.amount < 0 for i in items):
        issues.append(Problem.NEGATIVE)
    if claim.wage_currency not in CURRENCIES:
        issues.append(Problem.BAD_CURRENCY)
    if claim.wage_currency == USD and claim.usd_rate <= 0:
        issues.append(Problem.BAD_RATE)
    if any(i.amount and not i.description.strip() for i in items):
        issues.append(Problem.ITEM_WITHOUT_DESCRIPTION)
    if claim.emotional_amount > 0:
        if not claim.emotional_basis.strip():
            issues.append(Problem.EMOTIONAL_WITHOUT_BASIS)
        if claim.emotional_severity not in {s.value for s in Severity} - {Severity.NONE}:
            issues.append(Problem.EMOTIONAL_WITHOUT_SEVERITY)
    if claim.punitive_amount > 0 and not claim.punitive_basis.strip():
        issues.append(Problem.PUNITIVE_WITHOUT_BASIS)
    if not issues and _assessment(claim).total > RIEL_MAX:
        # Each figure may be within its bound and their sum not: the total is a column too.
        issues.append(Problem.TOO_LARGE)
    return issues


def _wages(claim: Claim) -> Part:
    currency = claim.wage_currency
    due = claim.promised_monthly_wage * claim.months_worked
    withheld = max(Decimal(0), due - claim.wages_received)
    lost = claim.usual_monthly_earnings * claim.months_unable_to_work
    lines: list[Line] = []
    if due or claim.wages_received:
        lines.append(
            Line(
                "wages.withheld",
                {
                    "months": _figure(claim.months_worked),
                    "monthly": _figure(claim.promised_monthly_wage),
                    "due": _figure(due),
                    "received": _figure(claim.wages_received),
                    "withheld": _figure(withheld),
                    "currency": currency,
                },
            )
        )
    if lost:
        lines.append(
            Line(
                "wages.lost_earnings",
                {
                    "months": _figure(claim.months_unable_to_work),
                    "monthly": _figure(claim.usual_monthly_earnings),
                    "lost": _figure(lost),
                    "currency": currency,
                },
            )
        )
    total = _to_riel(withheld + lost, claim)
    if currency == USD and (withheld or lost):
        lines.append(
            Line(
                "wages.converted",
                {"usd": _figure(withheld + lost), "rate": claim.usd_rate, "riel": total},
            )
        )
    return Part(Head.WAGES, total, tuple(lines))


def _items(code: str, items: tuple[Item, ...]) -> tuple[int, list[Line]]:
    lines = [
        Line(code, {"description": i.description.strip(), "amount": i.amount})
        for i in items
        if i.amount
    ]
    return sum(i.amount for i in items), lines


def _material(claim: Claim) -> Part:
    total, lines = _items("material.item", claim.material)
    return Part(Head.MATERIAL, total, tuple(lines))


def _medical(claim: Claim) -> Part:
    past, lines = _items("medical.past", claim.medical)
    future, later = _items("medical.future", claim.future_medical)
    return Part(Head.MEDICAL, past + future, tuple(lines + later))


def _emotional(claim: Claim) -> Part:
    if not claim.emotional_amount:
        return Part(Head.EMOTIONAL, 0, ())
    lines = (
        Line("emotional.severity", {"severity": claim.emotional_severity}),
        Line("emotional.basis", {"text": claim.emotional_basis.strip()}),
    )
    return Part(Head.EMOTIONAL, claim.emotional_amount, lines)


def _punitive(claim: Claim) -> Part:
    if not claim.punitive_amount:
        return Part(Head.PUNITIVE, 0, ())
    lines = (Line("punitive.basis", {"text": claim.punitive_basis.strip()}),)
    return Part(Head.PUNITIVE, claim.punitive_amount, lines)


def assess(claim: Claim) -> Assessment:
    """The amount to claim under each head, with its basis. ``validate`` the claim first."""
    issues = validate(claim)
    if issues:
        raise ValueError(", ".join(issues))
    return _assessment(claim)


def _assessment(claim: Claim) -> Assessment:
    parts = (_wages(claim), _material(claim), _medical(claim), _emotional(claim))
    compensatory = sum(p.amount for p in parts)
    punitive = _punitive(claim)
    return Assessment(
        parts=(*parts, punitive),
        compensatory=compensatory,
        punitive=punitive.amount,
        total=compensatory + punitive.amount,
    )


class OrderState(StrEnum):
    PAID = "paid"
    OUTSTANDING = "outstanding"  # not yet due, or due today
    OVERDUE = "overdue"


@dataclass(frozen=True)
class Balance:
    ordered: int
    paid: int
    outstanding: int
    state: OrderState
    days_overdue: int


def balance(
    ordered: int, payments: list[int] | tuple[int, ...], due_on: date, today: date
) -> Balance:
    """What is left to pay on a compensation order, and whether it is overdue."""
    paid = sum(payments)
    outstanding = max(0, ordered - paid)
    if outstanding == 0:
        return Balance(ordered, paid, 0, OrderState.PAID, 0)
    late = max(0, (today - due_on).days)
    state = OrderState.OVERDUE if late > 0 else OrderState.OUTSTANDING
    return Balance(ordered, paid, outstanding, state, late)
