"""Public pages, no login: the recruiter check and the rights pages. Small, no script."""

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language

from rumdoh.labour import queries
from rumdoh.labour.models import Hotline, RecruitmentAgency
from rumdoh.labour.rules import licences
from rumdoh.labour.rules.licences import may_recruit
from rumdoh.labour.views.common import list_page

RIGHTS_PAGES = ("migrants", "victims", "report", "justice")
CHECK_PAGE_SIZE = 20


def hotlines(page: str) -> list[tuple[Hotline, str]]:
    """The hotlines the system administrator chose to show on a rights page, with their names in
    the reader's language."""
    language = get_language()
    rows = Hotline.objects.filter(active=True, pages__holds=page)
    return [(h, h.name(language)) for h in rows]


def not_found(request: HttpRequest) -> HttpResponse:
    """A public address that names nothing: a page of the public site in the visitor's language,
    with the way to the rights pages and the hotlines, rather than the staff site's page
    (``rumdoh.urls.handler404`` chooses it for the public addresses)."""
    return render(request, "public/not_found.html", {"hotlines": hotlines("")}, status=404)


def _checked(agency: RecruitmentAgency, today: date) -> tuple[RecruitmentAgency, str, bool]:
    status = agency.status_on(today)
    return agency, status, may_recruit(status)


def recruiter_check(request: HttpRequest) -> HttpResponse:
    # Typed by anyone: a NUL character (which no name holds) would reach the database's query.
    text = request.GET.get("q", "").replace("\x00", "")[:100]
    today = timezone.localdate()
    rows = queries.recruiters(text) if text.strip() else RecruitmentAgency.objects.none()
    return list_page(
        request,
        "public/recruiters.html",
        rows,
        shown=lambda page: {"items": [_checked(a, today) for a in page]},
        size=CHECK_PAGE_SIZE,
        q=text,
    )


def recruiter_public(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(queries.recruiters().prefetch_related("branches"), pk=pk)
    today = timezone.localdate()
    agency, status, ok = _checked(found, today)
    code = [row for row in queries.code_of_conduct(agency, get_language()) if row[2]]
    day = licences.standing_day(
        licences.LicenceStatus(status),
        agency.issued_on,
        agency.expires_on,
        today,
        agency.sanction_facts(),
    )
    context: dict[str, Any] = {
        "a": agency,
        "status": status,
        "ok": ok,
        "day": day,
        "code": code,
    }
    return render(request, "public/recruiter.html", context)


def rights(request: HttpRequest, page: str = "") -> HttpResponse:
    if page and page not in RIGHTS_PAGES:
        raise Http404
    context = {"page": page, "hotlines": hotlines(page)}
    return render(request, f"public/rights_{page or 'index'}.html", context)
