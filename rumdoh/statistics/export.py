"""The report as a CSV file and as JSON-ready data: the suppressed tables, nothing else.

Every cell of the CSV passes through ``rumdoh.core.csvsafe.cell``: a label that starts like a
formula (``=``, ``+``, ``-``, ``@``...) is written as text, so a spreadsheet never runs it; counts
stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from rumdoh.core.csvsafe import cell
from rumdoh.statistics.justice_report import Medians
from rumdoh.statistics.report import Breakdown, MeasureTables, Report, Row
from rumdoh.statistics.rules.suppression import Entry
from rumdoh.statistics.sections import Table

CSV_MARKER = "x"
MEDIAN_KEY = "median_days"


def csv_value(entry: Entry | float) -> str | int | float:
    """A published number as a number; a suppressed one as the marker."""
    if entry is None:
        return CSV_MARKER
    if isinstance(entry, float) and entry.is_integer():
        return int(entry)
    return entry


def safe(line: list[object]) -> list[object]:
    """The cells of one CSV line, none of them read as a formula by a spreadsheet."""
    return [cell(value) for value in line]


def _csv_rows(report: Report, item: MeasureTables) -> list[list[object]]:
    measure = item.measure
    columns = [*measure.columns, ("total", measure.total_label)]
    lines = []
    for breakdown in item.breakdowns:
        for row in [*breakdown.rows, breakdown.totals]:
            label = row.label or _("All")
            values = [*row.values, row.total]
            for (code, column_label), value in zip(columns, values, strict=True):
                if measure.single_column and code == "total":
                    continue
                lines.append(
                    safe(
                        [
                            report.period.start.isoformat(),
                            report.period.end.isoformat(),
                            measure.key,
                            str(measure.label),
                            breakdown.dimension.key,
                            row.code,
                            label,
                            code,
                            str(column_label),
                            csv_value(value),
                        ]
                    )
                )
    return lines


def to_csv(report: Report, tables: Sequence[Table] = ()) -> str:
    """One line per published cell; a suppressed cell reads ``x``. ``tables`` are those the
    page's sections add (``sections.tables_of``), after the report's own."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "period_start",
            "period_end",
            "measure",
            "measure_label",
            "breakdown",
            "category",
            "category_label",
            "column",
            "column_label",
            "value",
        ]
    )
    for item in [*report.measures, *report.justice.measures]:
        writer.writerows(_csv_rows(report, item))
    writer.writerows(_median_rows(report, report.justice.medians))
    for table in tables:
        writer.writerows(_table_rows(report, table))
    return out.getvalue()


def _cells(
    report: Report, key: str, label: str, breakdown: str, rows: Any, columns: Any
) -> list[list[object]]:
    """A table of codes and labels as cells of the report's columns, one line per value."""
    return [
        safe(
            [
                report.period.start.isoformat(),
                report.period.end.isoformat(),
                key,
                label,
                breakdown,
                row.code,
                row.label,
                code,
                str(column_label),
                csv_value(value),
            ]
        )
        for row in rows
        for (code, column_label), value in zip(columns, row.values, strict=True)
    ]


def _table_rows(report: Report, table: Table) -> list[list[object]]:
    """A section's table as cells of the same columns as the report's tables."""
    return _cells(report, table.key, str(table.label), table.breakdown, table.rows, table.columns)


def _table_data(table: Table) -> dict[str, Any]:
    return {
        "key": table.key,
        "label": str(table.label),
        "breakdown": table.breakdown,
        "columns": [{"code": c, "label": str(label)} for c, label in table.columns],
        "rows": [
            {"code": row.code, "label": row.label, "values": list(row.values)} for row in table.rows
        ],
    }


def _median_rows(report: Report, medians: Medians) -> list[list[object]]:
    """The medians as cells of one more table: step by offence class."""
    label = _("Median days between stages")
    return _cells(report, MEDIAN_KEY, str(label), "step", medians.rows, medians.columns)


def _row_data(row: Row) -> dict[str, Any]:
    return {"code": row.code, "label": row.label, "values": list(row.values), "total": row.total}


def _breakdown_data(breakdown: Breakdown) -> dict[str, Any]:
    return {
        "breakdown": breakdown.dimension.key,
        "label": str(breakdown.dimension.label),
        "rows": [_row_data(row) for row in breakdown.rows],
        "totals": _row_data(breakdown.totals),
    }


def _measure_data(item: MeasureTables) -> dict[str, Any]:
    return {
        "key": item.measure.key,
        "label": str(item.measure.label),
        "note": str(item.measure.note),
        "columns": [{"code": c, "label": str(label)} for c, label in item.measure.columns],
        "total_label": str(item.measure.total_label),
        "tables": [_breakdown_data(b) for b in item.breakdowns],
    }


def _medians_data(medians: Medians) -> dict[str, Any]:
    return {
        "note": str(medians.note),
        "columns": [{"code": c, "label": str(label)} for c, label in medians.columns],
        "rows": [
            {"code": row.code, "label": row.label, "values": list(row.values)}
            for row in medians.rows
        ],
    }


def to_data(report: Report, tables: Sequence[Table] = ()) -> dict[str, Any]:
    """The report as plain data for the API, with the tables the page's sections add;
    ``null`` marks a suppressed cell."""
    return {
        "period": {"start": report.period.start, "end": report.period.end},
        "threshold": report.threshold,
        "measures": [_measure_data(item) for item in report.measures],
        "justice": {
            "note": str(report.justice.note),
            "measures": [_measure_data(item) for item in report.justice.measures],
            "medians": _medians_data(report.justice.medians),
        },
        "sections": [_table_data(table) for table in tables],
    }
