"""The calculator's lines count months in the plural form their number asks for."""

from decimal import Decimal

import pytest
from django.utils import translation

from rumdoh.justice import messages
from rumdoh.justice.rules import compensation as comp
from rumdoh.justice.rules.compensation import Claim, Head


def _lines(months: str) -> list[str]:
    claim = Claim(
        promised_monthly_wage=Decimal(100),
        months_worked=Decimal(months),
        usual_monthly_earnings=Decimal(50),
        months_unable_to_work=Decimal(months),
    )
    with translation.override("en"):
        return [messages.basis_line(line) for line in comp.assess(claim).part(Head.WAGES).lines]


def test_one_month_is_one_month():
    withheld, lost = _lines("1")
    assert withheld.startswith("Wages promised: 1 month x 100 ")
    assert lost.startswith("Earnings lost while unable to work: 1 month x 50 ")


@pytest.mark.parametrize("months", ["2", "0.5", "1.5", "12"])
def test_other_counts_are_months(months):
    withheld, lost = _lines(months)
    assert withheld.startswith(f"Wages promised: {months} months x ")
    assert lost.startswith(f"Earnings lost while unable to work: {months} months x ")


def test_the_lines_have_their_khmer():
    claim = Claim(promised_monthly_wage=Decimal(100), months_worked=Decimal(1))
    with translation.override("km"):
        line = messages.basis_line(comp.assess(claim).part(Head.WAGES).lines[0])
    assert "ខែ" in line and "Wages" not in line


def test_amounts_in_the_lines_group_their_thousands_as_the_totals_do():
    claim = Claim(
        promised_monthly_wage=Decimal(1_400_000), months_worked=Decimal("2.5"), usd_rate=4100
    )
    with translation.override("en"):
        line = messages.basis_line(comp.assess(claim).part(Head.WAGES).lines[0])
    assert "2.5 months x 1,400,000 KHR = 3,500,000 KHR" in line
