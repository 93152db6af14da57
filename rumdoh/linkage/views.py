"""The data steward's pages: the review queue, one pair side by side, and the linkage runs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rumdoh.accounts.access import acting_user
from rumdoh.accounts.audit import log_action
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.errors import Refused, StaleEdit
from rumdoh.core.filters import narrowed
from rumdoh.core.pagination import page_of
from rumdoh.linkage import services
from rumdoh.linkage.forms import DecisionForm, QueueFilter, RunFilter, StartRunForm, filtered_runs
from rumdoh.linkage.models import LinkRun, ReviewPair


def filter_query(request: HttpRequest) -> str:
    """The queue's filters of the request as a query string, to carry from page to page."""
    params = request.GET.copy()
    params.pop("page", None)
    return str(params.urlencode())


def _with_query(url: str, query: str) -> str:
    return f"{url}?{query}" if query else url


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """Pairs in the review band, most probable first; no names until a pair is opened."""
    user = acting_user(request, C.REVIEW_LINKS)
    form = QueueFilter(request.GET or None)
    low, high = services.review_band()
    page = page_of(request, services.ordered_queue(form))
    log_action(
        "linkage.queue_listed", user=user, request=request, data={"ids": [p.pk for p in page]}
    )
    context = {
        "form": form,
        "page": page,
        "low": round(low * 100),
        "high": round(high * 100),
        "counts": services.national_counts(),
        "run": services.latest_run(),
        "query": filter_query(request),
    }
    return render(request, "linkage/queue.html", context)


@login_required
def pair(request: HttpRequest, pk: int) -> HttpResponse:
    """One pair side by side: names, year and sex, province and the kind of agency, nothing of
    the cases. Opening it is written to each person's audit trail. The queue's filters ride
    along in the query string: the next pair is the next of the queue as filtered."""
    user = acting_user(request, C.REVIEW_LINKS)
    pairs = ReviewPair.objects.select_related(*services.QUEUE_RELATED)
    found = get_object_or_404(pairs, pk=pk)
    filters, query = QueueFilter(request.GET or None), filter_query(request)
    form = DecisionForm(request.POST or None, initial={"seen": services.pair_state(found)})
    if request.method == "POST" and form.is_valid():
        try:
            services.decide(
                user,
                found,
                same=form.cleaned_data["same"],
                reason=form.cleaned_data["reason"],
                request=request,
                seen=form.cleaned_data["seen"],
            )
        except StaleEdit as stale:
            # The page shows the pair as saved now, the steward's choice and reason kept.
            found = get_object_or_404(pairs, pk=pk)
            data = request.POST.copy()
            data["seen"] = services.pair_state(found)
            form = DecisionForm(data)
            form.is_valid()
            form.add_error(None, str(stale))
        except Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            if form.cleaned_data["same"]:
                said = _("Decision on pair %(n)s saved: the same person.")
            else:
                said = _("Decision on pair %(n)s saved: different persons.")
            messages.success(request, said % {"n": found.pk})
            after = services.next_pair(found, filters)
            url = reverse("linkage:pair", args=[after.pk]) if after else reverse("linkage:queue")
            return redirect(_with_query(url, query))
    services.log_compared(user, found, request)
    # Whether the two records are one national person now (a run or a decision joined them).
    numbers = services.national_numbers([found.left_id, found.right_id])
    for record in (found.left, found.right):
        record.national_shown = numbers.get(record.pk, "")  # type: ignore[attr-defined]
    context = {
        "pair": found,
        "records": (found.left, found.right),
        "form": form,
        "next": services.next_pair(found, filters),
        "query": query,
    }
    return render(request, "linkage/pair.html", context)


@login_required
def runs(request: HttpRequest) -> HttpResponse:
    acting_user(request, C.RUN_LINKAGE)
    form = RunFilter(request.GET or None)
    page = page_of(request, narrowed(form, filtered_runs, LinkRun.objects.all()))
    active = LinkRun.objects.filter(status__in=("queued", "running")).order_by("id").first()
    context = {"form": form, "page": page, "active": active, "start": StartRunForm()}
    return render(request, "linkage/runs.html", context)


@login_required
@require_POST
def start_run(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, C.RUN_LINKAGE)
    form = StartRunForm(request.POST)
    if form.is_valid():
        services.start_run(user, form.cleaned_data["mode"], request=request)
    return redirect("linkage:runs")


@login_required
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """How far a run got: a fragment for htmx to poll, a whole page for anyone else."""
    acting_user(request, C.RUN_LINKAGE)
    run = get_object_or_404(LinkRun, pk=pk)
    template = "linkage/_progress.html" if request.headers.get("HX-Request") else "linkage/run.html"
    return render(request, template, {"run": run})
