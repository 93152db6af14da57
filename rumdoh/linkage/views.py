"""The data steward's pages: the review queue, one pair side by side, and the linkage runs."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from rumdoh.accounts.access import acting_user
from rumdoh.accounts.audit import log_action, log_bulk_read
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.errors import Refused
from rumdoh.core.pagination import page_of
from rumdoh.linkage import services
from rumdoh.linkage.forms import DecisionForm, QueueFilter, RunFilter, StartRunForm
from rumdoh.linkage.models import LinkRun, ReviewPair

PAIR_FIELDS = ("left__owner_agency", "right__owner_agency", "decision")


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """Pairs in the review band, most probable first; no names until a pair is opened."""
    user = acting_user(request, C.REVIEW_LINKS)
    form = QueueFilter(request.GET or None)
    low, high = services.review_band()
    rows = form.apply(ReviewPair.objects.select_related(*PAIR_FIELDS), low, high)
    page = page_of(request, rows.order_by("-probability", "id"))
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
    }
    return render(request, "linkage/queue.html", context)


@login_required
def pair(request: HttpRequest, pk: int) -> HttpResponse:
    """One pair side by side: names, year and sex, province and the kind of agency, nothing of
    the cases. Opening it is written to each person's audit trail."""
    user = acting_user(request, C.REVIEW_LINKS)
    found = get_object_or_404(ReviewPair.objects.select_related(*PAIR_FIELDS), pk=pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide(
                user,
                found,
                same=form.cleaned_data["same"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            following = services.review_queue().exclude(pk=found.pk).order_by("-probability", "id")
            after = following.first()
            return redirect("linkage:pair", after.pk) if after else redirect("linkage:queue")
    log_bulk_read(
        "person.compared",
        user=user,
        request=request,
        person_ids=[found.left_id, found.right_id],
        reason=f"linkage review pair {found.pk}",
    )
    context = {"pair": found, "records": (found.left, found.right), "form": form}
    return render(request, "linkage/pair.html", context)


@login_required
def runs(request: HttpRequest) -> HttpResponse:
    acting_user(request, C.RUN_LINKAGE)
    form = RunFilter(request.GET or None)
    page = page_of(request, form.apply(LinkRun.objects.all()))
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
