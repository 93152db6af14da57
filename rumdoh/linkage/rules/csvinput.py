"""Reading an outside list of people to link (pure): columns, formats, errors by row and column.

Input: UTF-8 CSV with a header row. Columns ``record_id, agency, given_name, family_name, sex``
(F/M/female/male or empty), ``birth_year``, ``birth_date`` (YYYY-MM-DD or empty; Khmer digits
are read as digits), ``province`` (English or Khmer name or empty), ``phone``, ``nationality``
(ISO 3166 alpha-2 or empty); optional ``document_number`` and ``age_precision`` (how the birth
year is known: date, year, estimated or empty); other columns are ignored. ``record_id`` is
required and unique, and no column is named twice.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from rumdoh.linkage.rules.records import AGE_PRECISIONS, LinkRecord, normalise_sex

__all__ = ["COLUMNS", "MAX_ERRORS", "REQUIRED", "RowError", "province_key", "read_records"]

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
FIRST_YEAR = 1900
# The Khmer words before a province's name ("province", "capital"), and the two ways a
# subscript ta is typed (under TA or under DA, which look alike).
_PROVINCE_WORDS = re.compile(r"^(ខេត្ត|ខេត្ដ|រាជធានី)\s*")


def province_key(name: str) -> str:
    """How a province's name is looked up: an English name in any case, a Khmer name with or
    without the word for province (ខេត្ត) or capital (រាជធានី), its subscript ta typed either way."""
    text = " ".join(name.split()).lower()
    text = _PROVINCE_WORDS.sub("", text)
    return text.replace("\u17d2\u178a", "\u17d2\u178f")


def _ascii_digits(text: str) -> str:
    """``text`` with its digits of any script (Khmer ១៩៩០, Thai ๑๙๙๐) written 0-9."""
    return "".join(str(int(ch)) if ch.isdecimal() and not ch.isascii() else ch for ch in text)


@dataclass(frozen=True)
class RowError:
    row: int  # the line of the file where the record starts, the header being line 1
    column: str  # empty when the row as a whole is wrong
    message: str

    def __str__(self) -> str:
        if not self.column:
            return f"row {self.row}: {self.message}"
        return f"row {self.row}, column {self.column}: {self.message}"


def _rows(lines: Iterable[str]) -> Iterator[tuple[int, list[str] | str | None]]:
    """Each record of the CSV with the line it starts on (blank lines skipped but counted, as a
    spreadsheet numbers its rows), or ``None`` for a quote opened on that line and never
    closed (read leniently, it would take every later record into one value), or ``"long"``
    for a value longer than the reader takes (``csv.field_size_limit``: a quote never closed
    in a long file, or a value nobody meant)."""
    reader = csv.reader(lines, strict=True)
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield start, ("long" if "field limit" in str(error) else None)
            return
        if row:
            yield start, row


def read_records(
    lines: Iterable[str], provinces: Mapping[str, str], this_year: int
) -> tuple[list[LinkRecord], list[RowError]]:
    """The records of a CSV, or the errors found: reading stops once there are more than
    ``MAX_ERRORS``, so that more than ``MAX_ERRORS`` errors means there are more to mend.

    ``provinces`` maps the ``province_key`` of each province's English and Khmer names to its
    code.
    """
    rows = _rows(lines)
    first = next(rows, None)
    header: list[str] = []
    if first is not None:
        number, cells = first
        if not isinstance(cells, list):
            return [], [_unreadable(number, cells)]
        header = [name.strip() for name in cells]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        return [], [RowError(1, name, "this column is missing from the header") for name in missing]
    twice = sorted({name for name in header if name in COLUMNS and header.count(name) > 1})
    if twice:
        # Read by name, the later column would win without a word.
        return [], [RowError(1, name, "this column is named twice in the header") for name in twice]
    records: list[LinkRecord] = []
    errors: list[RowError] = []
    seen: set[str] = set()
    for row_number, cells in rows:
        if len(errors) > MAX_ERRORS:
            break
        if not isinstance(cells, list):
            errors.append(_unreadable(row_number, cells))
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
                if not FIRST_YEAR <= birth_year <= this_year:
                    fail("birth_year", f"{birth_year} is not between {FIRST_YEAR} and {this_year}")
        birth_date = _ascii_digits(values["birth_date"])
        if birth_date:
            if not _DATE.match(birth_date):
                fail("birth_date", f"{values['birth_date']!r} is not a date written YYYY-MM-DD")
            else:
                try:
                    born = date.fromisoformat(birth_date)
                except ValueError:
                    fail("birth_date", f"{birth_date} is not a day of the calendar")
                else:
                    if born.year > this_year:
                        fail("birth_date", f"{birth_date} is in the future")
                    elif born.year < FIRST_YEAR:
                        fail("birth_date", f"{birth_date} is before {FIRST_YEAR}")
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
            province = provinces.get(province_key(values["province"]), "")
            if not province:
                fail(
                    "province",
                    f"{values['province']!r} is not the English or Khmer name of a province",
                )
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


def _unreadable(row: int, why: str | None) -> RowError:
    if why == "long":
        limit = csv.field_size_limit()
        return RowError(
            row, "", f"a value here is longer than {limit} characters (a quote never closed?)"
        )
    return RowError(row, "", "a quote opened here is never closed")
