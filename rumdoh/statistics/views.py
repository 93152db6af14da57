"""The statistics pages: aggregate, suppressed tables only; never a person or a record.

Known limit: each release is safe on its own, but two overlapping periods can be subtracted from
each other (see ``rumdoh.statistics.report``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from rumdoh.accounts.access import acting_user
from rumdoh.accounts.audit import log_action
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.csvsafe import csv_attachment
from rumdoh.statistics import sections
from rumdoh.statistics.export import to_csv
from rumdoh.statistics.forms import period_form
from rumdoh.statistics.headlines import COUNTING_NOTE, headlines
from rumdoh.statistics.report import Report, build_report
from rumdoh.statistics.rules.periods import Period


def threshold() -> int:
    return int(settings.RUMDOH_SUPPRESSION_THRESHOLD)


def report_for(period: Period) -> Report:
    return build_report(period, threshold(), get_language() or "en")


def audit_data(period: Period, via: str) -> dict[str, object]:
    return {
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "threshold": threshold(),
        "via": via,
    }


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, C.VIEW_STATISTICS)
    form = period_form(request.GET)
    report = None
    if form.is_valid():
        report = report_for(form.period)
        log_action(
            "statistics.viewed", user=user, request=request, data=audit_data(form.period, "page")
        )
    context = {
        "form": form,
        "report": report,
        "headlines": headlines(report) if report else (),
        "sections": sections.collect(form.period) if report else [],
        "counting_note": COUNTING_NOTE,
        "query": request.GET.urlencode(),
        "threshold": threshold(),
    }
    return render(request, "statistics/dashboard.html", context)


@login_required
def download(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, C.VIEW_STATISTICS)
    form = period_form(request.GET)
    if not form.is_valid():
        return render(
            request,
            "statistics/dashboard.html",
            {"form": form, "report": None, "query": "", "threshold": threshold()},
            status=400,
        )
    period = form.period
    report = report_for(period)
    log_action("statistics.downloaded", user=user, request=request, data=audit_data(period, "csv"))
    tables = sections.tables_of(sections.collect(period))
    name = f"rumdoh-statistics-{period.start.isoformat()}-{period.end.isoformat()}.csv"
    return csv_attachment(name, to_csv(report, tables))
