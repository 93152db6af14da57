"""The headline national figures: a few totals read off the published tables.

Each figure is the national total of a measure exactly as its tables publish it, so a total the
suppression hides is hidden here too (``None``). For the justice measures the trafficking
offences column is given as well: those tables spare that column when they must hide something.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rumdoh.statistics import justice_measures as jm
from rumdoh.statistics import measures as pm
from rumdoh.statistics.measures import Measure
from rumdoh.statistics.report import MeasureTables, Report
from rumdoh.statistics.rules.suppression import Entry

# The measures behind the headlines, in the order a case moves through them.
HEADLINE_MEASURES: tuple[Measure, ...] = (
    pm.IDENTIFIED,
    pm.REFERRALS,
    pm.CASES_OPENED,
    jm.INVESTIGATIONS,
    jm.SUSPECTS_ARRESTED,
    jm.CASES_CHARGED,
    jm.SUSPECTS_CONVICTED,
)

COUNTING_NOTE = _(
    "How they are counted. Suspected victims identified, people whose protection case was opened "
    "or closed, and victims in cases prosecuted are people: each is counted once in the period, "
    "even when several agencies recorded them, by their national person id, which the record "
    "linkage gives to all the records it finds to be one person (a record not linked yet is "
    "counted as a person of its own). Screenings and "
    "referrals are counted as they happened: a person screened or referred twice counts twice. "
    "Cases are counted once each, and suspects once for each case they are a suspect in."
)


@dataclass(frozen=True)
class Headline:
    key: str
    label: str | Promise
    total: Entry  # None when the tables hide it
    by_class: bool  # a justice measure, with its trafficking offences figure
    trafficking: Entry = None


def headline(item: MeasureTables) -> Headline:
    """The national total of one measure, as the totals row of its tables publishes it."""
    measure = item.measure
    if jm.TRAFFICKING not in measure.codes:
        return Headline(measure.key, measure.total_label, item.total, by_class=False)
    trafficking = item.totals.values[measure.codes.index(jm.TRAFFICKING)]
    return Headline(measure.key, measure.total_label, item.total, True, trafficking)


def headlines(report: Report) -> tuple[Headline, ...]:
    found = {item.measure.key: item for item in (*report.measures, *report.justice.measures)}
    return tuple(headline(found[m.key]) for m in HEADLINE_MEASURES)
