"""Sections that apps above statistics add to the national statistics page.

Statistics imports none of them: an app registers, from its ready(), a function of the period
that returns the section's template and context (or None to show nothing). The context's
``tables`` (a list of ``Table``) are the tables the template shows, as data: the CSV download
and the API carry them beside the report's own, so that they hold every table of the page.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rumdoh.statistics.rules.periods import Period
from rumdoh.statistics.rules.suppression import Entry

Section = Callable[[Period], dict[str, Any] | None]
_SECTIONS: list[Section] = []


@dataclass(frozen=True)
class TableRow:
    code: str
    label: str
    values: Sequence[Entry | float]


@dataclass(frozen=True)
class Table:
    """One table of a section as the page shows it: its values are those on the page, so a
    section that suppresses small counts gives None where the page shows ``x``, and one whose
    counts are not of persons (attendance at a training) gives them whole, as the page does."""

    key: str
    label: str
    breakdown: str  # what the rows are (``kind``), as a report table's breakdown
    columns: Sequence[tuple[str, str]]
    rows: Sequence[TableRow]


def register(section: Section) -> None:
    if section not in _SECTIONS:
        _SECTIONS.append(section)


def collect(period: Period) -> list[dict[str, Any]]:
    """Each registered section of ``period`` that has something to show, in order."""
    return [found for section in _SECTIONS if (found := section(period))]


def tables_of(found: Sequence[dict[str, Any]]) -> list[Table]:
    """The tables of the sections ``collect`` found, in the order the page shows them."""
    return [table for section in found for table in section.get("tables", ())]
