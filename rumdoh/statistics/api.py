"""The statistics API: the same suppressed tables as the page, as JSON.

Known limit: each release is safe on its own, but two overlapping periods can be subtracted from
each other (see ``rumdoh.statistics.report``).
"""

from __future__ import annotations

from django.utils.translation import get_language
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from rumdoh.accounts.api import api_user
from rumdoh.accounts.audit import log_action
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.api import valid_filters
from rumdoh.core.api_schema import filter_parameters
from rumdoh.people.api_audit import NoPersonalData
from rumdoh.statistics import sections
from rumdoh.statistics.export import to_data
from rumdoh.statistics.forms import PeriodForm, period_form
from rumdoh.statistics.report import build_report
from rumdoh.statistics.serializers import ReportSerializer
from rumdoh.statistics.views import audit_data, threshold

PERIOD_PARAMETERS = filter_parameters(
    PeriodForm,
    descriptions={
        "preset": "A named period; overrides start and end.",
        "start": "First day (with end), not before 2008-01-01.",
        "end": "Last day, not after today.",
    },
)


class StatisticsView(APIView):
    """Suppressed national tables for a period. Needs the statistics capability."""

    audit = NoPersonalData("suppressed national counts; each read is audited as statistics")

    @extend_schema(
        operation_id="statistics_report",
        parameters=PERIOD_PARAMETERS,
        responses={
            200: ReportSerializer,
            400: OpenApiResponse(
                description="Bad period: unknown preset, bad or future dates, or a start before "
                "2008."
            ),
            403: OpenApiResponse(description="The caller may not see statistics."),
        },
    )
    def get(self, request: Request) -> Response:
        user = api_user(request, C.VIEW_STATISTICS)
        period = valid_filters(period_form(request.query_params)).period
        report = build_report(period, threshold(), get_language() or "en")
        log_action("statistics.viewed", user=user, request=request, data=audit_data(period, "api"))
        tables = sections.tables_of(sections.collect(period))
        return Response(ReportSerializer(to_data(report, tables)).data)
