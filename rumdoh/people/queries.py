"""Read helpers the person pages and API share."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from rumdoh.people.models import Person
from rumdoh.people.services import find_persons


def filtered_persons(
    persons: QuerySet[Person],
    *,
    q: str = "",
    province: str = "",
    sex: str = "",
    nationality: str = "",
    birth_year: int | None = None,
    cap: int | None = None,
) -> tuple[Any, bool]:
    """``persons`` narrowed by the filters of the person list (``PersonFilterForm``'s cleaned
    data), and whether a search matched more than it lists: ``province``, ``sex`` and
    ``nationality`` as stored, then ``q`` and ``birth_year`` as ``find_persons`` reads them (a
    search lists the best matches first, at most ``cap`` of them)."""
    if province:
        persons = persons.filter(province=province)
    if sex:
        persons = persons.filter(sex=sex)
    if nationality:
        persons = persons.filter(nationality=nationality.upper())
    return find_persons(persons, q, cap, birth_year)
