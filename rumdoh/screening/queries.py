"""Read helpers the screening pages and API share."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from rumdoh.core.filters import within
from rumdoh.screening.models import ScreeningRecord


def filtered_screenings(
    records: QuerySet[ScreeningRecord],
    *,
    q: int | None = None,
    determination: str = "",
    context: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[ScreeningRecord]:
    """``records`` narrowed by the filters of the screening list (``ScreeningFilterForm``'s
    cleaned data), newest first: ``q`` a person's number, ``determination`` and ``context`` as
    stored, and the days screened from ``since`` until ``until``."""
    if q is not None:
        records = records.filter(person_id=q)
    if determination:
        records = records.filter(determination=determination)
    if context:
        records = records.filter(context=context)
    records = within(records, "screened_at__date", since, until)
    return records.order_by("-screened_at", "-id")
