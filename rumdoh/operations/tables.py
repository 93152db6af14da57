"""Reading an uploaded roster file as rows of cells: CSV (UTF-8, comma or semicolon) or XLSX."""

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


def _csv(raw: bytes) -> list[list[str]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Refused(
            _("The CSV file is not in UTF-8. Save it as “CSV UTF-8” and try again.")
        ) from error
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))
