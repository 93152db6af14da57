"""Public pages, no login: the recruiter check and the rights pages. Small, no script."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from rumdoh.core.pagination import page_of
from rumdoh.labour import queries
from rumdoh.labour.models import RecruitmentAgency
from rumdoh.labour.rules.licences import may_recruit

RIGHTS_PAGES = ("migrants", "victims", "report", "justice")


def hotlines() -> list[tuple[str, str]]:
    """Numbers shown on the reporting page; a deployment sets them in RUMDOH_HOTLINES."""
    from django.conf import settings
    from django.utils.translation import gettext as _

    default = [("117", _("Police emergency"))]
    return list(getattr(settings, "RUMDOH_HOTLINES", default))


def recruiter_check(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "")[:100]
    today = timezone.localdate()
    items: list[tuple[Any, Any, bool]] = []
    page = None
    if text.strip():
        page = page_of(request, queries.search_recruiters(text), size=20)
        items = [(a, a.status_on(today), may_recruit(a.status_on(today))) for a in page]
    return render(request, "public/recruiters.html", {"q": text, "items": items, "page": page})


def recruiter_public(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_object_or_404(
        RecruitmentAgency.objects.prefetch_related("sanctions", "branches"), pk=pk
    )
    status = agency.status_on(timezone.localdate())
    context = {"a": agency, "status": status, "ok": may_recruit(status)}
    return render(request, "public/recruiter.html", context)


def rights(request: HttpRequest, page: str = "") -> HttpResponse:
    if page and page not in RIGHTS_PAGES:
        from django.http import Http404

        raise Http404
    context = {"page": page, "hotlines": hotlines()}
    return render(request, f"public/rights_{page or 'index'}.html", context)
