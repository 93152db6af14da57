"""The compensation calculator and the balance of an order (pure functions)."""

from datetime import date
from decimal import Decimal

import pytest

from rumdoh.justice.rules import compensation as comp
from rumdoh.justice.rules.compensation import Claim, Head, Item, OrderState, Problem


def test_withheld_wages_are_what_was_promised_less_what_was_paid():
    claim = Claim(
        promised_monthly_wage=Decimal(1_200_000),
        months_worked=Decimal(6),
        wages_received=Decimal(1_500_000),
    )
    result = comp.assess(claim)
    wages = result.part(Head.WAGES)
    assert wages.amount == 5_700_000
    assert wages.lines[0].code == "wages.withheld"
    assert wages.lines[0].params["withheld"] == "5700000"
    assert result.total == result.compensatory == 5_700_000


def test_wages_promised_in_dollars_are_converted_at_the_stated_rate():
    claim = Claim(
        wage_currency="USD",
        usd_rate=4100,
        promised_monthly_wage=Decimal(800),
        months_worked=Decimal("3.5"),
        wages_received=Decimal(300),
    )
    wages = comp.assess(claim).part(Head.WAGES)
    assert wages.amount == (800 * 3.5 - 300) * 4100
    assert [line.code for line in wages.lines] == ["wages.withheld", "wages.converted"]
    assert wages.lines[1].params == {"usd": "2500", "rate": 4100, "riel": 10_250_000}


def test_more_received_than_promised_withholds_nothing():
    claim = Claim(
        promised_monthly_wage=Decimal(100), months_worked=Decimal(1), wages_received=Decimal(500)
    )
    assert comp.assess(claim).part(Head.WAGES).amount == 0


def test_lost_earnings_while_unable_to_work_are_added_to_wages():
    claim = Claim(usual_monthly_earnings=Decimal(900_000), months_unable_to_work=Decimal(4))
    wages = comp.assess(claim).part(Head.WAGES)
    assert wages.amount == 3_600_000
    assert wages.lines[0].code == "wages.lost_earnings"


def test_items_of_material_and_medical_loss_are_listed_each_with_its_basis():
    claim = Claim(
        material=(Item("Recruitment fee", 2_400_000), Item("Ransom paid by family", 41_000_000)),
        medical=(Item("Hospital in Sihanoukville", 800_000),),
        future_medical=(Item("Counselling, 6 months", 1_200_000),),
    )
    result = comp.assess(claim)
    assert result.part(Head.MATERIAL).amount == 43_400_000
    assert result.part(Head.MEDICAL).amount == 2_000_000
    codes = [line.code for line in result.part(Head.MEDICAL).lines]
    assert codes == ["medical.past", "medical.future"]


def test_emotional_damage_needs_severity_and_grounds():
    bare = Claim(emotional_amount=5_000_000)
    assert set(comp.validate(bare)) == {
        Problem.EMOTIONAL_WITHOUT_BASIS,
        Problem.EMOTIONAL_WITHOUT_SEVERITY,
    }
    with pytest.raises(ValueError):
        comp.assess(bare)
    grounded = Claim(
        emotional_amount=5_000_000, emotional_severity="serious", emotional_basis="Beaten daily"
    )
    part = comp.assess(grounded).part(Head.EMOTIONAL)
    assert part.amount == 5_000_000
    assert part.lines[0].params == {"severity": "serious"}


def test_punitive_damages_are_optional_and_kept_apart_from_compensation():
    claim = Claim(
        material=(Item("Phone taken", 600_000),),
        punitive_amount=10_000_000,
        punitive_basis="Organised group, repeated",
    )
    result = comp.assess(claim)
    assert (result.compensatory, result.punitive, result.total) == (600_000, 10_000_000, 10_600_000)
    assert comp.validate(Claim(punitive_amount=1)) == [Problem.PUNITIVE_WITHOUT_BASIS]


def test_bad_claims_are_refused_with_codes():
    assert Problem.NEGATIVE in comp.validate(Claim(months_worked=Decimal(-1)))
    assert Problem.NEGATIVE in comp.validate(Claim(material=(Item("x", -5),)))
    assert comp.validate(Claim(wage_currency="EUR")) == [Problem.BAD_CURRENCY]
    assert comp.validate(Claim(wage_currency="USD", usd_rate=0)) == [Problem.BAD_RATE]
    assert comp.validate(Claim(material=(Item(" ", 5),))) == [Problem.ITEM_WITHOUT_DESCRIPTION]


def test_an_empty_claim_is_zero_under_every_head():
    result = comp.assess(Claim())
    assert [p.head for p in result.parts] == list(Head)
    assert result.total == 0


def test_balance_of_an_order():
    due = date(2026, 6, 30)
    assert comp.balance(10_000_000, [], due, date(2026, 6, 1)).state == OrderState.OUTSTANDING
    overdue = comp.balance(10_000_000, [4_000_000], due, date(2026, 7, 10))
    assert (overdue.paid, overdue.outstanding, overdue.state, overdue.days_overdue) == (
        4_000_000,
        6_000_000,
        OrderState.OVERDUE,
        10,
    )
    paid = comp.balance(10_000_000, [4_000_000, 6_000_000], due, date(2026, 9, 1))
    assert (paid.outstanding, paid.state, paid.days_overdue) == (0, OrderState.PAID, 0)
