"""Cash entitlements of an identified victim under the Minimum Standards (pure).

A food allowance of 150,000 riel, paid once; a living stipend of 120,000 riel a month for three
months. Amounts are in riel.
"""

from __future__ import annotations

FOOD_ALLOWANCE = "food_allowance"
LIVING_STIPEND = "living_stipend"

FOOD_ALLOWANCE_RIEL = 150_000
LIVING_STIPEND_MONTHLY_RIEL = 120_000
LIVING_STIPEND_MONTHS = 3

AMOUNTS: dict[str, int] = {
    FOOD_ALLOWANCE: FOOD_ALLOWANCE_RIEL,
    LIVING_STIPEND: LIVING_STIPEND_MONTHLY_RIEL,
}
TIMES_PAYABLE: dict[str, int] = {FOOD_ALLOWANCE: 1, LIVING_STIPEND: LIVING_STIPEND_MONTHS}

ALREADY_PAID = "already_paid"
WRONG_AMOUNT = "wrong_amount"
UNKNOWN = "unknown_entitlement"


def amount_for(kind: str) -> int:
    return AMOUNTS[kind]


def total_entitlement() -> int:
    """Everything a victim is entitled to in cash: 150,000 + 3 x 120,000 = 510,000 riel."""
    return sum(AMOUNTS[k] * TIMES_PAYABLE[k] for k in AMOUNTS)


def remaining_payments(kind: str, paid_before: int) -> int:
    return max(TIMES_PAYABLE[kind] - paid_before, 0)


def payment_problem(kind: str, amount: int, paid_before: int) -> str | None:
    """Why a payment of ``amount`` for ``kind`` cannot be recorded, or None when it can."""
    if kind not in AMOUNTS:
        return UNKNOWN
    if remaining_payments(kind, paid_before) == 0:
        return ALREADY_PAID
    if amount != AMOUNTS[kind]:
        return WRONG_AMOUNT
    return None
