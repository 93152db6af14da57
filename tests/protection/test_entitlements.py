from rumdoh.protection.rules import entitlements as e


def test_amounts_follow_the_minimum_standards():
    assert e.FOOD_ALLOWANCE_RIEL == 150_000
    assert e.LIVING_STIPEND_MONTHLY_RIEL == 120_000
    assert e.LIVING_STIPEND_MONTHS == 3
    assert e.total_entitlement() == 510_000


def test_food_allowance_is_paid_once():
    assert e.payment_problem(e.FOOD_ALLOWANCE, 150_000, 0) is None
    assert e.payment_problem(e.FOOD_ALLOWANCE, 150_000, 1) == e.ALREADY_PAID


def test_stipend_is_paid_three_months():
    for paid in range(3):
        assert e.payment_problem(e.LIVING_STIPEND, 120_000, paid) is None
    assert e.payment_problem(e.LIVING_STIPEND, 120_000, 3) == e.ALREADY_PAID
    assert e.remaining_payments(e.LIVING_STIPEND, 1) == 2


def test_wrong_amount_and_unknown_kind_are_refused():
    assert e.payment_problem(e.LIVING_STIPEND, 100_000, 0) == e.WRONG_AMOUNT
    assert e.payment_problem("bonus", 1, 0) == e.UNKNOWN
