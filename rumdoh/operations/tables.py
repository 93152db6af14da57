"""Reading an uploaded roster file as rows of cells: CSV (UTF-8; comma, semicolon or tab) or
XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from rumdoh.core.errors import Refused

MAX_BYTES = 10 * 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"


def rows_of(upload: IO[bytes], name: str = "") -> Iterator[tuple[Any, ...]] | list[list[str]]:
    """The rows of the file, header first. Refuses what is neither CSV nor XLSX."""
    raw = upload.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise Refused(_("The file is larger than 10 MB: split the roster into several files."))
    if raw.startswith(XLSX_MAGIC):
        return _xlsx(raw)
    if name.lower().endswith((".xlsx", ".xls")):
        raise Refused(_("This file is not a readable XLSX workbook. Save it as XLSX or CSV."))
    return _csv(raw)


def _xlsx(raw: bytes) -> Iterator[tuple[Any, ...]]:
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise Refused(
            _("This file is not a readable XLSX workbook. Save it as XLSX or CSV.")
        ) from error
    return book.worksheets[0].iter_rows(values_only=True)


def _delimiter(text: str) -> str:
    """The separator of a CSV's cells, read from its header line: a comma, the semicolon a
    spreadsheet set for a language that writes decimals with a comma saves, or the tab of a
    table copied from a spreadsheet or saved as "Text (tab-delimited)"; a comma on a tie."""
    header = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=header.count)


def _csv(raw: bytes) -> list[list[str]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Refused(
            _("The CSV file is not in UTF-8. Save it as “CSV UTF-8” and try again.")
        ) from error
    delimiter = _delimiter(text)
    # ``newline=""`` lets the reader end a row at a carriage return alone (an old spreadsheet's
    # CSV) as at a line feed, where a plain string stream makes that an error.
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append(row)
    except csv.Error as error:
        # The only error left to the reader: a cell past the csv module's limit, which no roster
        # holds (a name has at most 100 characters); the row is the one after the last read.
        raise Refused(
            _(
                "Row %(row)s of the file has a cell of more than %(limit)s characters, which no "
                "roster holds. Check that this is the roster, and save it again as CSV."
            )
            % {"row": len(rows) + 1, "limit": f"{csv.field_size_limit():,}"}
        ) from error
    return rows
