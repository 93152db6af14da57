"""Reading an outside list of people to link (pure): columns, formats, errors by row and column.

Input: UTF-8 CSV with a header row. Columns ``record_id, agency, given_name, family_name, sex``
(F/M/female/male or empty), ``birth_year``, ``birth_date`` (YYYY-MM-DD or empty), ``province``
(English name or empty), ``phone``, ``nationality`` (ISO 3166 alpha-2 or empty); optional
``document_number`` and ``age_precision`` (how the birth year is known: date, year, estimated or
empty); other columns are ignored. ``record_id`` is required and unique.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from rumdoh.linkage.rules.records import AGE_PRECISIONS, LinkRecord, normalise_sex

__all__ = ["COLUMNS", "MAX_ERRORS", "REQUIRED", "RowError", "read_records"]

COLUMNS = (
    "record_id",
    "agency",
    "given_name",
    "family_name",
    "sex",
    "birth_year",
    "birth_date",
    "province",
    "phone",
    "nationality",
    "document_number",
    "age_precision",
)
REQUIRED = ("record_id",)
MAX_ERRORS = 20
_YEAR = re.compile(r"^\d{4}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class RowError:
    row: int  # the line of the file where the record starts, the header being line 1
    column: str  # empty when the row as a whole is wrong
    message: str

    def __str__(self) -> str:
        if not self.column:
            return f"row {self.row}: {self.message}"
        return f"row {self.row}, column {self.column}: {self.message}"


def _rows(lines: Iterable[str]) -> Iterator[tuple[int, list[str] | None]]:
    """Each record of the CSV with the line it starts on (blank lines skipped but counted, as a
    spreadsheet numbers its rows), or ``None`` for a quote opened on that line and never
    closed: read leniently, it would take every later record into one value."""
    reader = csv.reader(lines, strict=True)
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield start, None
            return
        if row:
            yield start, row


def read_records(
    lines: Iterable[str], provinces: Mapping[str, str], this_year: int
) -> tuple[list[LinkRecord], list[RowError]]:
    """The records of a CSV, or the errors found: reading stops once there are more than
    ``MAX_ERRORS``, so that more than ``MAX_ERRORS`` errors means there are more to mend.

    ``provinces`` maps an English province name, in lower case, to its code.
    """
    rows = _rows(lines)
    first = next(rows, None)
    if first is not None and first[1] is None:
        return [], [RowError(first[0], "", "a quote opened here is never closed")]
    header = [name.strip() for name in first[1] or []] if first is not None else []
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        return [], [RowError(1, name, "this column is missing from the header") for name in missing]
    records: list[LinkRecord] = []
    errors: list[RowError] = []
    seen: set[str] = set()
    for row_number, cells in rows:
        if len(errors) > MAX_ERRORS:
            break
        if cells is None:
            errors.append(RowError(row_number, "", "a quote opened here is never closed"))
            break
        if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header) :]):
            errors.append(
                RowError(
                    row_number,
                    "",
                    f"{len(cells)} values, but the header names {len(header)} columns "
                    "(a comma in a value that is not in quotes?)",
                )
            )
            continue
        row = dict(zip(header, cells, strict=False))
        values = {name: (row.get(name) or "").strip() for name in COLUMNS}

        def fail(column: str, message: str, line: int = row_number) -> None:
            errors.append(RowError(line, column, message))

        record_id = values["record_id"]
        if not record_id:
            fail("record_id", "a record id is required")
        elif record_id in seen:
            fail("record_id", f"the record id {record_id!r} is repeated")
        seen.add(record_id)
        if values["sex"] and normalise_sex(values["sex"]) is None:
            fail("sex", f"{values['sex']!r} is not F, M, female, male or empty")
        birth_year: int | None = None
        if values["birth_year"]:
            if not _YEAR.match(values["birth_year"]):
                fail("birth_year", f"{values['birth_year']!r} is not a year such as 1990")
            else:
                birth_year = int(values["birth_year"])
                if not 1900 <= birth_year <= this_year:
                    fail("birth_year", f"{birth_year} is not between 1900 and {this_year}")
        birth_date = values["birth_date"]
        if birth_date:
            try:
                if not _DATE.match(birth_date):
                    raise ValueError
                born = date.fromisoformat(birth_date)
            except ValueError:
                fail("birth_date", f"{birth_date!r} is not a date written YYYY-MM-DD")
            else:
                if born.year > this_year:
                    fail("birth_date", f"{birth_date} is in the future")
                elif birth_year is not None and born.year != birth_year:
                    fail("birth_date", f"{birth_date} is not in the birth year {birth_year}")
        precision = values["age_precision"].lower()
        if precision and precision not in AGE_PRECISIONS:
            fail(
                "age_precision",
                f"{values['age_precision']!r} is not date, year, estimated or empty",
            )
        province = ""
        if values["province"]:
            province = provinces.get(values["province"].lower(), "")
            if not province:
                fail("province", f"{values['province']!r} is not the English name of a province")
        nationality = values["nationality"].upper()
        if nationality and not _COUNTRY.match(nationality):
            fail("nationality", f"{values['nationality']!r} is not a two-letter country code")
        records.append(
            LinkRecord(
                record_id=record_id,
                agency=values["agency"],
                given_name=values["given_name"],
                family_name=values["family_name"],
                sex=values["sex"],
                birth_year=birth_year,
                birth_date=birth_date,
                province=province,
                phone=values["phone"],
                nationality=nationality,
                document_number=values["document_number"],
                age_precision=precision,
            )
        )
    return records, errors
