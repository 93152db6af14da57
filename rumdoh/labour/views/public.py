"""Public pages, no login: the recruiter check and the rights pages. Small, no script."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language

from rumdoh.core.pagination import page_of
from rumdoh.labour import queries
from rumdoh.labour.models import Hotline, RecruitmentAgency
from rumdoh.labour.rules.licences import may_recruit

RIGHTS_PAGES = ("migrants", "victims", "report", "justice")


def hotlines(page: str) -> list[tuple[Hotline, str]]:
    """The hotlines the system administrator chose to show on a rights page, with their names in
    the reader's language."""
    language = get_language()
    rows = Hotline.objects.filter(active=True)
    return [(h, h.name(language)) for h in rows if page in (h.pages or [])]


def recruiter_check(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "")[:100]
    today = timezone.localdate()
    items: list[tuple[Any, Any, bool]] = []
    page = None
    if text.strip():
        page = page_of(request, queries.recruiters(text), size=20)
        items = [(a, a.status_on(today), may_recruit(a.status_on(today))) for a in page]
    return render(request, "public/recruiters.html", {"q": text, "items": items, "page": page})


def recruiter_public(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_object_or_404(
        RecruitmentAgency.objects.prefetch_related("sanctions", "branches"), pk=pk
    )
    status = agency.status_on(timezone.localdate())
    code = [row for row in queries.code_of_conduct(agency, get_language()) if row[2]]
    context = {"a": agency, "status": status, "ok": may_recruit(status), "code": code}
    return render(request, "public/recruiter.html", context)


def rights(request: HttpRequest, page: str = "") -> HttpResponse:
    if page and page not in RIGHTS_PAGES:
        from django.http import Http404

        raise Http404
    context = {"page": page, "hotlines": hotlines(page)}
    return render(request, f"public/rights_{page or 'index'}.html", context)
