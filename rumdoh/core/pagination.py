"""Pages of long lists that never count more rows than anyone could read."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.utils.functional import cached_property

PAGE_SIZE = 25
# An agency may see hundreds of thousands of records; counting them all costs more than showing a
# page. Beyond the cap the list says "more than", and later rows are reached by narrowing it.
COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """Counts at most ``COUNT_CAP`` rows; ``capped`` tells the template there may be more."""

    @cached_property
    def count(self) -> int:
        return self.object_list[: COUNT_CAP + 1].count()  # type: ignore[no-any-return,index]

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP


def page_of(request: HttpRequest, rows: Any, size: int = PAGE_SIZE) -> Page:
    return CappedPaginator(rows, size).get_page(request.GET.get("page"))
