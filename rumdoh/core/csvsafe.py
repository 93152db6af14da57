"""Spreadsheet cells a spreadsheet program will not run as a formula, and CSV downloads of them."""

import csv
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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


def csv_download(
    filename: str, header: Iterable[object], rows: Iterable[Iterable[object]]
) -> StreamingHttpResponse:
    """A streamed CSV attachment named ``filename``."""
    response = StreamingHttpResponse(
        stream_rows(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
