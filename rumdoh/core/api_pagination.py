"""Pages of API lists that never count the rows: the API side of ``rumdoh.core.pagination``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from rumdoh.core import pagination


class LookaheadPagination(BasePagination):
    """Page-number pagination without a total, for every API list.

    Ask for ``?page=N`` (from 1; absent means 1). The response is
    ``{"next": url or null, "previous": url or null, "results": [...]}``: there is no ``count``,
    because counting every row an agency may see costs more than the page itself. A page fetches
    one row more than it shows, and that row says whether ``next`` is given. As on the pages
    (``rumdoh.core.pagination.page_of``), page numbers stop at ``MAX_PAGE``; narrow the filters to
    reach older rows. A page number that is not a whole number from 1, is past ``MAX_PAGE``, or
    is past the last row answers 404, as DRF's page-number pagination does. The page size is
    ``REST_FRAMEWORK["PAGE_SIZE"]`` and cannot be changed by the client.
    """

    page_query_param = "page"

    def __init__(self) -> None:
        self.request: Request | None = None
        self.number = 1
        self.more = False

    @property
    def page_size(self) -> int:
        return int(api_settings.PAGE_SIZE or pagination.PAGE_SIZE)

    def paginate_queryset(
        self, queryset: Any, request: Request, view: APIView | None = None
    ) -> list[Any]:
        self.request = request
        self.number = self.page_number(request)
        rows, self.more = pagination.lookahead(queryset, self.number, self.page_size)
        if not rows and self.number > 1:
            raise NotFound(_("Invalid page: there are no rows this far; go back to page 1."))
        return rows

    def page_number(self, request: Request) -> int:
        raw = request.query_params.get(self.page_query_param) or "1"
        try:
            number = int(raw)
        except ValueError:
            number = 0
        if number < 1:
            raise NotFound(_("Invalid page: give a whole number from 1."))
        if number > pagination.MAX_PAGE:
            raise NotFound(
                _("Invalid page: pages stop at %(last)d; narrow the filters to see older rows.")
                % {"last": pagination.MAX_PAGE}
            )
        return number

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {"next": self.next_link(), "previous": self.previous_link(), "results": data}
        )

    def next_link(self) -> str | None:
        if not self.more or self.request is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.page_query_param, self.number + 1)

    def previous_link(self) -> str | None:
        if self.number == 1 or self.request is None:
            return None
        url = self.request.build_absolute_uri()
        if self.number == 2:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, self.number - 1)

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        def link(number: int, description: str) -> dict[str, Any]:
            return {
                "type": "string",
                "format": "uri",
                "nullable": True,
                "description": description,
                "example": f"https://rumdoh.example/api/v1/cases/?{self.page_query_param}={number}",
            }

        return {
            "type": "object",
            "description": "One page of the list. There is no total count: follow `next` until "
            "it is null.",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": link(4, "The next page, or null on the last page (or at the page cap)."),
                "previous": link(2, "The previous page, or null on the first page."),
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": f"A page number from 1 to {pagination.MAX_PAGE}; a page past the "
                "last row or the cap answers 404.",
                "schema": {"type": "integer", "minimum": 1, "maximum": pagination.MAX_PAGE},
            }
        ]
