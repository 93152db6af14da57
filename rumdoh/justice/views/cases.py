"""Criminal cases: the list, opening a case, the case page, its timeline, and stage moves."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from rumdoh.accounts.access import acting_user
from rumdoh.accounts.audit import log_action, log_bulk_read
from rumdoh.accounts.models import User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.filters import narrowed
from rumdoh.core.pagination import page_of
from rumdoh.justice import access, custody, panels, queries, services
from rumdoh.justice.access import JUSTICE
from rumdoh.justice.choices import (
    ChargeLevel,
    HearingStatus,
    SupervisionStatus,
)
from rumdoh.justice.forms import (
    ArrestForm,
    CaseEditForm,
    CaseFilterForm,
    CaseForm,
    ChargeForm,
    HearingForm,
    NotesForm,
    OrderForm,
    ProsecutorForm,
    SettlementForm,
    StageForm,
    SupervisionForm,
    VerdictForm,
    VictimAddForm,
    WarrantForm,
)
from rumdoh.justice.models import CaseVictim, CheckIn, CriminalCase, Interview
from rumdoh.justice.orders import balance
from rumdoh.justice.rules import clocks
from rumdoh.justice.rules.transitions import Actor
from rumdoh.justice.views.common import (
    form_page,
    participating,
    to_case,
)
from rumdoh.people.access import get_person_for_user, reveal_names, visible_person_ids

READERS = (*JUSTICE, C.VIEW_PERSONS, C.MANAGE_CASES)


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, *READERS)
    form = CaseFilterForm(request.GET or None, suspects=access.has_justice_role(user))
    cases = narrowed(form, queries.filtered_cases, user, access.visible_cases(user))
    cases = queries.with_class(cases).select_related("police_agency")
    cases = cases.annotate(
        victim_count=Count("victims", distinct=True), suspect_count=Count("suspects", distinct=True)
    )
    context = {
        "form": form,
        "page": page_of(request, cases),
        "can_open": user.can(C.INVESTIGATE),
    }
    return render(request, "justice/case_list.html", context)


@login_required
def case_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request, C.INVESTIGATE)
    initial: dict[str, Any] = {"opened_on": timezone.localdate()}
    if user.agency is not None:
        initial["province"] = user.agency.province
    form = CaseForm(request.POST or None, initial=initial)
    victim = None
    if request.GET.get("victim"):
        victim = get_person_for_user(user, request.GET["victim"])
        reveal_names(user, [victim])

    @transaction.atomic
    def change(data: dict[str, Any]) -> CriminalCase:
        # Sent twice, the form opens one case: the second sending goes to the case the first
        # opened.
        twin = services.just_opened(user, data)
        if twin is not None:
            return twin
        case = services.open_case(user, request=request, **data)
        if victim is not None:
            services.add_victim(user, case, victim, request=request)
        return case

    intro = ""
    if victim is not None:
        intro = _("%(person)s will be linked to the new case as a victim.") % {
            "person": f"{victim.reference} {victim.display_name}"
        }
    return form_page(
        request,
        form,
        change,
        title=_("Open a criminal case"),
        success=_("Case opened. Add the victims and the suspects."),
        done=lambda case: redirect("justice:case_detail", case.pk),
        intro=intro,
    )


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, *READERS)
    case = access.get_case_for_user(user, pk)
    participant = access.is_participant(user, case)
    context = full_context(user, case) if participant else feedback_context(user, case)
    data: dict[str, Any] = (
        {"suspects": [s.pk for s in context["suspects"]]} if participant else {"view": "feedback"}
    )
    log_action("criminal_case.viewed", user=user, request=request, obj=case, data=data)
    log_bulk_read(
        "person.listed",
        user=user,
        request=request,
        person_ids=sorted(context["names_shown"]),
        reason=_("criminal case %(ref)s") % {"ref": case.reference},
    )
    context["panels"] = panels.collect(user, case, request)
    template = "justice/case_detail.html" if participant else "justice/case_feedback.html"
    return render(request, template, context)


def _charges(case: CriminalCase, found: frozenset[Actor] = frozenset()) -> dict[str, list[Any]]:
    latest = services.outcome_of(case)
    rows: dict[str, list[Any]] = {ChargeLevel.RECOMMENDED: [], ChargeLevel.CHARGED: []}
    for charge in case.charges.select_related("suspect"):
        charge.latest_verdict = latest.get(charge.pk)  # type: ignore[attr-defined]
        charge.removable = _removable(charge, case, found)  # type: ignore[attr-defined]
        rows[charge.level].append(charge)
    return rows


def _removable(charge: Any, case: CriminalCase, found: frozenset[Actor]) -> bool:
    if charge.latest_verdict is not None:
        return False
    if charge.level == ChargeLevel.RECOMMENDED:
        return Actor.POLICE in found and case.stage in services.RECOMMEND_STAGES
    return Actor.PROSECUTOR in found


def _arrests(case: CriminalCase) -> list[Any]:
    now = timezone.now()
    arrests = list(case.arrests.select_related("suspect", "agency", "officer"))
    for arrest in arrests:
        arrest.clock = custody.clock(arrest, now)  # type: ignore[attr-defined]
    return arrests


def _supervisions(case: CriminalCase) -> list[Any]:
    today = timezone.localdate()
    recent = Prefetch("check_ins", queryset=CheckIn.objects.all()[:5], to_attr="recent")
    rows = list(
        case.supervisions.select_related("suspect", "reporting_agency").prefetch_related(recent)
    )
    for supervision in rows:
        due = supervision.next_due_on
        active = supervision.status == SupervisionStatus.ACTIVE and due is not None
        state = clocks.check_in_state(due, today) if active and due else None
        supervision.check_in_state = state  # type: ignore[attr-defined]
    return rows


def _victims(case: CriminalCase) -> list[CaseVictim]:
    victims = list(case.victims.select_related("person", "protection_case__agency"))
    counts = dict(
        Interview.objects.filter(person_id__in=[v.person_id for v in victims])
        .values_list("person_id")
        .annotate(n=Count("id"))
        .values_list("person_id", "n")
    )
    for victim in victims:
        victim.interview_count = counts.get(victim.person_id, 0)  # type: ignore[attr-defined]
    return victims


def full_context(user: User, case: CriminalCase) -> dict[str, Any]:
    found = access.actors(user, case)
    today = timezone.localdate()
    orders = list(case.orders.select_related("victim__person", "defendant"))
    for order in orders:
        order.balance = balance(order, today)  # type: ignore[attr-defined]
    stages = services.next_stages(user, case)
    victims = _victims(case)
    settlements = list(case.settlements.select_related("victim__person", "suspect"))
    worksheets = list(case.worksheets.select_related("victim__person"))
    persons = [v.person for v in victims] + [o.victim.person for o in orders]
    persons += [s.victim.person for s in settlements if s.victim] + [
        w.victim.person for w in worksheets
    ]
    context: dict[str, Any] = {
        "case": case,
        "actors": {a.value for a in found},
        "is_police": Actor.POLICE in found,
        "is_prosecutor": Actor.PROSECUTOR in found,
        "is_court": Actor.COURT in found,
        "reads_notes": access.reads_court_notes(user, case),
        "offence_class": queries.offence_class(case),
        "victims": victims,
        "names_shown": reveal_names(user, persons),
        "suspects": list(case.suspects.all()),
        "charges": _charges(case, found),
        "arrests": _arrests(case),
        "warrants": list(case.warrants.select_related("suspect")),
        "supervisions": _supervisions(case),
        "hearings": list(case.hearings.select_related("court_agency")),
        "verdicts": list(case.verdicts.select_related("charge__suspect")),
        "settlements": settlements,
        "orders": orders,
        "worksheets": worksheets,
        "transitions": list(case.transitions.select_related("by", "responsible_agency"))[-5:],
        "entered_on": timezone.localdate(case.opened_at),
        "former_holders": former_holders(case),
        "stages": stages,
        "today": today,
        "interview_total": Interview.objects.filter(case=case).count(),
    }
    context |= _forms(case, found, stages, today, context["names_shown"])
    return context


def former_holders(case: CriminalCase) -> list[Any]:
    """The offices and courts that held the case before and hold it no more."""
    present = [a for a in (case.prosecution_agency_id, case.court_agency_id) if a is not None]
    rows = case.holders.filter(until__isnull=False).exclude(agency_id__in=present)
    return list(rows.select_related("agency"))


def _forms(
    case: CriminalCase, found: frozenset[Actor], stages: list[str], today: Any, shown: set[int]
) -> dict[str, Any]:
    forms: dict[str, Any] = {}
    if stages:
        forms["stage_form"] = StageForm(stages=stages, initial={"on": today})
    if found & {Actor.POLICE, Actor.PROSECUTOR} and case.is_open:
        forms["victim_form"] = VictimAddForm()
    recommends = Actor.POLICE in found and case.stage in services.RECOMMEND_STAGES
    charges = Actor.PROSECUTOR in found and case.stage in services.CHARGE_STAGES
    if recommends or charges:
        forms["charge_form"] = ChargeForm(case=case)
    if Actor.POLICE in found:
        forms["arrest_form"] = ArrestForm(
            case=case, initial={"arrested_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}
        )
    if found:
        forms["warrant_form"] = WarrantForm(case=case, initial={"issued_on": today})
        forms["settlement_form"] = SettlementForm(
            case=case, shown=shown, initial={"agreed_on": today}
        )
    if found & {Actor.PROSECUTOR, Actor.COURT}:
        forms["supervision_form"] = SupervisionForm(case=case, initial={"ordered_on": today})
        forms["notes_form"] = NotesForm(
            initial={"court_notes": case.court_notes, "version": case.notes_version}
        )
    if Actor.PROSECUTOR in found:
        forms["prosecutor_form"] = ProsecutorForm(
            case=case, initial={"prosecutor": case.prosecutor_id}
        )
    if Actor.COURT in found:
        forms["hearing_form"] = HearingForm()
        forms["verdict_form"] = VerdictForm(case=case, initial={"decided_on": today})
        forms["order_form"] = OrderForm(case=case, shown=shown, initial={"ordered_on": today})
    # The forms share field names (suspect, kind, victim...): give each its own ids, so that
    # every label on the page points at its own field.
    for key, form in forms.items():
        form.auto_id = f"{key.removesuffix('_form')}_%s"
    return forms


def feedback_context(user: User, case: CriminalCase) -> dict[str, Any]:
    """Stage and outcome for those following a victim: no internal notes, no suspects' names."""
    today = timezone.localdate()
    victims = list(
        case.victims.filter(person_id__in=visible_person_ids(user)).select_related("person")
    )
    orders = list(
        case.orders.filter(victim__in=victims).select_related("victim__person", "defendant")
    )
    for order in orders:
        order.balance = balance(order, today)  # type: ignore[attr-defined]
    hearings = case.hearings.filter(
        status=HearingStatus.SCHEDULED, scheduled_for__gte=timezone.now()
    )
    return {
        "case": case,
        "offence_class": queries.offence_class(case),
        "victims": victims,
        "names_shown": reveal_names(user, [v.person for v in victims + [o.victim for o in orders]]),
        "charges": _charges(case),
        "orders": orders,
        "hearings": list(hearings.select_related("court_agency")),
        "transitions": list(case.transitions.select_related("responsible_agency")),
        "defendants": list(case.suspects.all()),
        "today": today,
    }


@login_required
def case_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request, *READERS)
    case = access.get_case_for_user(user, pk)
    full = access.is_participant(user, case)
    log_action(
        "criminal_case.timeline_viewed", user=user, request=request, obj=case, data={"full": full}
    )
    return render(
        request,
        "justice/timeline.html",
        {"case": case, "events": timeline(case, full, user), "full": full},
    )


def timeline(case: CriminalCase, full: bool, user: User) -> list[dict[str, Any]]:
    """Everything that happened in the case, by date. Those following a victim see the stages,
    hearings, verdicts and the orders of the victims they see (as on the case page);
    participants see every order, and arrests, warrants and supervision too."""
    events: list[dict[str, Any]] = []
    orders = case.orders.select_related("defendant").prefetch_related("payments")
    if not full:
        orders = orders.filter(victim__person_id__in=visible_person_ids(user))
    for t in case.transitions.select_related("by", "responsible_agency"):
        events.append({"on": t.on, "kind": "stage", "item": t})
    for h in case.hearings.select_related("court_agency"):
        events.append({"on": timezone.localdate(h.scheduled_for), "kind": "hearing", "item": h})
    for v in case.verdicts.select_related("charge__suspect"):
        events.append({"on": v.decided_on, "kind": "verdict", "item": v})
    for o in orders:
        events.append({"on": o.ordered_on, "kind": "order", "item": o})
        for p in o.payments.all():
            events.append({"on": p.paid_on, "kind": "payment", "item": p, "order": o})
    if full:
        for a in case.arrests.select_related("suspect"):
            events.append({"on": timezone.localdate(a.arrested_at), "kind": "arrest", "item": a})
        for w in case.warrants.select_related("suspect"):
            events.append({"on": w.issued_on, "kind": "warrant", "item": w})
        for s in case.supervisions.select_related("suspect").prefetch_related("check_ins"):
            events.append({"on": s.ordered_on, "kind": "supervision", "item": s})
            for c in s.check_ins.all():
                events.append({"on": c.due_on, "kind": "check_in", "item": c, "supervision": s})
        for st in case.settlements.all():
            events.append({"on": st.agreed_on, "kind": "settlement", "item": st})
    order = ["stage", "warrant", "arrest", "supervision", "check_in", "hearing", "verdict"]
    order += ["settlement", "order", "payment"]
    events.sort(key=lambda e: (e["on"], order.index(e["kind"])))
    return events


@login_required
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = participating(request, pk, Actor.POLICE)
    initial = {f: getattr(case, f) for f in services.CASE_FIELDS}
    initial["investigator"] = case.investigator_id
    initial["version"] = case.version
    form = CaseEditForm(request.POST or None, case=case, initial=initial)
    return form_page(
        request,
        form,
        lambda data: services.update_case(
            user, case, data, expected_version=data.pop("version"), request=request
        ),
        title=_("Change the case"),
        success=_("Changes saved."),
        done=to_case(case),
        case=case,
    )


@login_required
def case_notes(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = participating(request, pk, Actor.PROSECUTOR, Actor.COURT)
    initial = {"court_notes": case.court_notes, "version": case.notes_version}
    form = NotesForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        lambda data: services.update_case(
            user, case, data, expected_version=data.pop("version"), request=request
        ),
        title=_("Internal notes"),
        success=_("Notes saved."),
        done=to_case(case, "notes"),
        case=case,
    )


@login_required
def case_prosecutor(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = participating(request, pk, Actor.PROSECUTOR)
    form = ProsecutorForm(request.POST or None, case=case)
    return form_page(
        request,
        form,
        lambda data: services.assign_prosecutor(user, case, data["prosecutor"], request=request),
        title=_("Prosecutor in charge"),
        success=_("Prosecutor assigned."),
        done=to_case(case),
        case=case,
    )


@login_required
def case_stage(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = participating(request, pk)
    stages = services.next_stages(user, case)
    form = StageForm(request.POST or None, stages=stages, initial={"on": timezone.localdate()})

    def change(data: dict[str, Any]) -> CriminalCase:
        return services.change_stage(
            user,
            case,
            data["to_stage"],
            on=data["on"],
            reason=data["reason"],
            closure=data["closure"],
            responsible_agency=data["responsible_agency"],
            responsible_person=data["responsible_person"],
            appeal_prosecution_agency=data.get("appeal_prosecution_agency"),
            request=request,
        )

    return form_page(
        request,
        form,
        change,
        title=_("Move the case on"),
        success=_("Stage recorded."),
        done=to_case(case),
        case=case,
    )
