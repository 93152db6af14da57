"""What the statistics count, and in which columns.

Where one measure is the sum of others (screenings are the sum over results; referrals made are
accepted + declined + awaiting a response + withdrawn) the parts are the columns of one table and
the whole is its total column, so suppression sees the relation as the table's own additivity.
Suspected victims identified and protection cases opened and closed stand alone: one column each.

Every measure is broken down by province, sex, age group and nationality; suspected victims
identified by the form of exploitation too, as the national report gives them (sex and non-sex
trafficking, forced marriage apart).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rumdoh.protection.choices import ReferralStatus
from rumdoh.screening.models import DeterminationChoice
from rumdoh.statistics.dimensions import DIMENSIONS, EXPLOITATION, Dimension


@dataclass(frozen=True)
class Measure:
    key: str
    label: str | Promise
    columns: tuple[tuple[str, str | Promise], ...]  # (code, label); they add up to the total
    total_label: str | Promise
    note: str | Promise
    dimensions: tuple[Dimension, ...] = tuple(DIMENSIONS)  # its breakdowns, in its cube's order

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(code for code, _label in self.columns)

    @property
    def single_column(self) -> bool:
        return len(self.columns) == 1

    @property
    def shown_columns(self) -> int:
        """How many columns of numbers its tables show: the columns, and the total if separate."""
        return len(self.columns) + (0 if self.single_column else 1)


PEOPLE_NOTE = _(
    "People, not records: someone recorded by several agencies is counted once, under the first "
    "record in the period."
)

SCREENINGS = Measure(
    "screenings",
    _("Screenings by result"),
    tuple(DeterminationChoice.choices),
    _("All screenings"),
    _("Screening interviews held in the period, by where they were held."),
)
IDENTIFIED = Measure(
    "identified",
    _("Suspected victims identified"),
    (("identified", _("Suspected victims identified")),),
    _("Suspected victims identified"),
    PEOPLE_NOTE,
    (*DIMENSIONS, EXPLOITATION),
)
REFERRALS = Measure(
    "referrals",
    _("Referrals made, by response"),
    (
        (ReferralStatus.ACCEPTED.value, _("Accepted")),
        (ReferralStatus.DECLINED.value, _("Declined")),
        (ReferralStatus.PENDING.value, _("Awaiting response")),
        (ReferralStatus.WITHDRAWN.value, _("Withdrawn")),
    ),
    _("Referrals made"),
    _("Referrals made in the period, by the referring agency's province, and their response now."),
)
CASES_OPENED = Measure(
    "cases_opened",
    _("Protection cases opened"),
    (("opened", _("People whose protection case was opened")),),
    _("People whose protection case was opened"),
    PEOPLE_NOTE,
)
CASES_CLOSED = Measure(
    "cases_closed",
    _("Protection cases closed"),
    (("closed", _("People whose protection case was closed")),),
    _("People whose protection case was closed"),
    PEOPLE_NOTE,
)

MEASURES = [SCREENINGS, IDENTIFIED, REFERRALS, CASES_OPENED, CASES_CLOSED]
