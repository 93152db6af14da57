"""Spreadsheet cells a spreadsheet program will not run as a formula, and CSV downloads of them.

Every CSV download of the system is made here (``csv_download``, ``csv_attachment``), and each
starts with the UTF-8 byte-order mark: without it Excel reads the file in the computer's own
code page and shows Khmer as garbage. Python reads such a file with ``encoding="utf-8-sig"``.
"""

import csv
from collections.abc import Iterable, Iterator

from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: The UTF-8 byte-order mark: what tells a spreadsheet program the file is UTF-8.
BOM = "\ufeff"
CSV_TYPE = "text/csv; charset=utf-8"


def cell(value: object) -> object:
    """``value`` for a CSV cell: text starting like a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    """A file that hands back what is written to it: the CSV writer formats, the response sends."""

    def write(self, value: str) -> str:
        return value


def stream_rows(header: Iterable[object], rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """The CSV text of ``header`` then ``rows``, one line at a time, every cell through
    ``cell``. ``rows`` is read lazily, so a generator may log what it hands over as it goes."""
    writer = csv.writer(_Echo())
    yield writer.writerow([cell(str(title)) for title in header])
    for row in rows:
        yield writer.writerow([cell(value) for value in row])


def _attachment(response: HttpResponseBase, filename: str) -> None:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'


def _with_bom(lines: Iterable[str]) -> Iterator[str]:
    yield BOM
    yield from lines


def csv_download(
    filename: str, header: Iterable[object], rows: Iterable[Iterable[object]]
) -> StreamingHttpResponse:
    """A streamed CSV attachment named ``filename``, after the byte-order mark."""
    response = StreamingHttpResponse(_with_bom(stream_rows(header, rows)), content_type=CSV_TYPE)
    _attachment(response, filename)
    return response


def csv_attachment(filename: str, text: str) -> HttpResponse:
    """A CSV attachment named ``filename`` of ``text`` written already (its cells through
    ``cell``), after the byte-order mark."""
    response = HttpResponse(BOM + text, content_type=CSV_TYPE)
    _attachment(response, filename)
    return response
