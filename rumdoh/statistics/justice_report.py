"""The justice part of the report: investigations to verdicts, attrition, time between stages.

The same rules as the rest of the report: counts below the threshold hidden, with enough others
that none can be worked out from the totals (each measure's tables are suppressed together), and
a median shown only when at least as many cases as the threshold are behind it. All the counts
and durations of a period come from one query (``justice_queries.figures``) and are cached as
the other measures are.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise

from rumdoh.statistics import justice_measures as jm
from rumdoh.statistics import justice_queries
from rumdoh.statistics.rules.medians import merge, published_median
from rumdoh.statistics.rules.periods import Period
from rumdoh.statistics.tables import MeasureTables, cached, tables_for


@dataclass(frozen=True)
class MedianRow:
    code: str
    label: str
    values: tuple[float | None, ...]  # one per column of MEDIAN_COLUMNS; None when not shown


@dataclass(frozen=True)
class Medians:
    columns: tuple[tuple[str, str | Promise], ...]
    rows: tuple[MedianRow, ...]
    note: str | Promise


@dataclass(frozen=True)
class JusticeSection:
    measures: tuple[MeasureTables, ...]
    medians: Medians
    note: str | Promise


def _key(kind: str, code: str, period: Period) -> str:
    return f"statistics:justice:{kind}:{code}:{period.start.isoformat()}:{period.end.isoformat()}"


def cached_figures(period: Period) -> justice_queries.Figures:
    return cached(_key("figures", "all", period), lambda: justice_queries.figures(period))


def median_row(step: jm.Step, durations: justice_queries.Durations, threshold: int) -> MedianRow:
    everything = merge(durations.values())
    by_column = {code: durations.get(code, {}) for code in (jm.TRAFFICKING, jm.RELATED)}
    by_column[jm.ALL] = everything
    values = tuple(published_median(by_column[c], threshold) for c in jm.MEDIAN_COLUMNS)
    return MedianRow(step.code, str(step.label), values)


def justice_section(period: Period, threshold: int, language: str) -> JusticeSection:
    figures = cached_figures(period)
    measures = tuple(
        tables_for(
            m,
            m.dimensions,
            figures.cubes[m.key],
            threshold,
            language,
            spare_column_totals=True,  # the trafficking and related totals are the headline
        )
        for m in jm.JUSTICE_MEASURES
    )
    medians = Medians(
        tuple((code, jm.CLASS_LABELS[code]) for code in jm.MEDIAN_COLUMNS),
        tuple(median_row(step, figures.durations[step.code], threshold) for step in jm.STEPS),
        jm.MEDIAN_NOTE,
    )
    return JusticeSection(measures, medians, jm.JUSTICE_NOTE)
