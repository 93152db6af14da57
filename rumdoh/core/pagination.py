"""Pages of long lists that never count the rows.

An agency may see hundreds of thousands of records, and counting them costs more than showing a
page. A page fetches one row more than it shows: that row says whether there is a next page.
Lists are newest first; older rows are reached page by page or, better, by narrowing the filters.

A page past the last one (a link kept from a longer list, a page number typed in) is empty, and
is not to be read as "nothing matches": ``LookaheadPage.past_the_end`` says so, the list shows
``core/past_the_end.html`` instead of its own words for an empty list, and the pager's Previous
link leads to the last page that has rows. Only then are the rows counted, up to ``MAX_PAGE``
pages of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE = 25
# Deep pages cost an ever longer scan and nobody reads them; filters find old records faster.
MAX_PAGE = 400


def lookahead(rows: Any, number: int, size: int) -> tuple[list[Any], bool]:
    """Page ``number`` (from 1) of ``rows``, and whether a page follows it.

    One query for ``size + 1`` rows and none for a total. No page follows ``MAX_PAGE``. Shared
    by the pages (``page_of``) and the API (``rumdoh.core.api_pagination``).
    """
    start = (number - 1) * size
    fetched = list(rows[start : start + size + 1])
    return fetched[:size], len(fetched) > size and number < MAX_PAGE


def last_page(rows: Any, size: int) -> int:
    """The number of the last page of ``rows`` that has any (0 when there are none), counting
    no further than ``MAX_PAGE`` pages."""
    limit = MAX_PAGE * size
    # A ranked search (``people.search.Ranked``) or a list knows its length.
    count = rows[:limit].count() if isinstance(rows, QuerySet) else min(len(rows), limit)
    return -(-count // size)


class LookaheadPage:
    """The part of a paged list the pager template needs, without a total.

    ``past_the_end``: the page is after the last one with rows (and is not the first page); its
    Previous link then leads to the last page with rows, ``last_number``, if there is one."""

    def __init__(self, rows: Any, number: int, size: int) -> None:
        self.number = number
        self.object_list, self._more = lookahead(rows, number, size)
        self.paginator = self  # templates ask page.paginator.num_pages, as with Django's pages
        self.num_pages: int | None = None
        self.past_the_end = number > 1 and not self.object_list
        self.last_number = last_page(rows, size) if self.past_the_end else None

    def __iter__(self) -> Iterator[Any]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_next(self) -> bool:
        return self._more

    def has_previous(self) -> bool:
        if self.past_the_end:
            return bool(self.last_number)
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        if self.past_the_end and self.last_number:
            return self.last_number
        return self.number - 1


def page_of(request: HttpRequest, rows: Any, size: int = PAGE_SIZE) -> LookaheadPage:
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        number = 1
    return LookaheadPage(rows, min(max(number, 1), MAX_PAGE), size)
