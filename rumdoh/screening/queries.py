"""Read helpers the screening pages and API share."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

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
    if since:
        records = records.filter(screened_at__date__gte=since)
    if until:
        records = records.filter(screened_at__date__lte=until)
    return records.order_by("-screened_at", "-id")
