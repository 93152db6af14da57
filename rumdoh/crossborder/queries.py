"""Read helpers the cross-border pages, API and services share."""

from __future__ import annotations

from datetime import date

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from rumdoh.accounts.models import Agency, AgencyKind
from rumdoh.core.filters import within
from rumdoh.core.person_numbers import parse_person_number
from rumdoh.core.rules.references import parse_reference
from rumdoh.crossborder.models import CounterpartRequest, DeportationList, Deportee, Repatriation
from rumdoh.people.models import Person

# The kinds of agency a repatriation may name as its embassy: it sees the repatriation and its
# stages (docs/crossborder.md), so no other agency may be named there.
EMBASSY_KINDS = (AgencyKind.EMBASSY, AgencyKind.INTERNATIONAL)
CAMBODIA = "KH"


def embassies() -> QuerySet[Agency]:
    """The agencies a repatriation may be given as its embassy: active embassies, consulates and
    international organisations (IOM), by name. The page's form and the API offer these and the
    service accepts only these. A deactivated one is not chosen again, but a repatriation that
    named it before keeps it: nothing changes a repatriation's embassy after it is opened."""
    return Agency.objects.filter(kind__in=EMBASSY_KINDS, is_active=True).order_by("name")


def embassies_for(person: Person, country: str = "") -> QuerySet[Agency]:
    """Of ``embassies()``, those that may be named on this person's repatriation from or to
    ``country`` (the country abroad; any when not yet chosen), as the service checks
    (``services.refuse_embassy``): the embassies of the person's nationality, Cambodia's only
    where posted in that country, and the international organisations, which serve anyone."""
    mine = Q(kind=AgencyKind.EMBASSY, country=person.nationality) if person.nationality else Q()
    if person.nationality == CAMBODIA:
        mine &= Q(posted_in=country) if country else ~Q(posted_in="")
    return embassies().filter(~Q(kind=AgencyKind.EMBASSY) | mine)


def may_be_named_embassy(agency: Agency) -> bool:
    """Whether a new repatriation may name ``agency`` as its embassy: one of ``embassies()``."""
    return embassies().filter(pk=agency.pk).exists()


def filtered_deportees(
    rows: QuerySet[Deportee], *, status: str = "", screened: str = ""
) -> QuerySet[Deportee]:
    """``rows`` narrowed by the filters of a deportation list (``DeporteeFilterForm``'s cleaned
    data): ``status`` the arrival as stored, ``screened`` ``yes`` or ``no``."""
    if status:
        rows = rows.filter(status=status)
    if screened == "yes":
        rows = rows.filter(screening__isnull=False)
    elif screened == "no":
        rows = rows.filter(screening__isnull=True)
    return rows


def filtered_lists(
    rows: QuerySet[DeportationList],
    *,
    q: str = "",
    crossing: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[DeportationList]:
    """``rows`` narrowed by the filters of the deportation lists (``ListFilterForm``'s cleaned
    data), latest expected first: ``q`` a DL-number (anything else finds none), ``crossing`` as
    stored, ``since`` and ``until`` the days the people are expected between."""
    if q:
        rows = rows.filter(pk=parse_reference(q, "DL") or 0)
    if crossing:
        rows = rows.filter(crossing=crossing)
    rows = within(rows, "expected_on", since, until)
    return rows.order_by("-expected_on", "-id")


def filtered_repatriations(
    rows: QuerySet[Repatriation], *, q: str = "", direction: str = "", stage: str = ""
) -> QuerySet[Repatriation]:
    """``rows`` narrowed by the filters of the repatriations (``RepatriationFilterForm``'s
    cleaned data), latest requested first: ``q`` an RP-number or the person's P-number (anything
    else finds none), ``direction`` and ``stage`` as stored."""
    if q:
        number = parse_reference(q, "RP")
        person = parse_person_number(q)
        rows = rows.filter(Q(pk=number or 0) | Q(person_id=person or 0))
    if direction:
        rows = rows.filter(direction=direction)
    if stage:
        rows = rows.filter(stage=stage)
    return rows.order_by("-requested_on", "-id")


def filtered_requests(
    rows: QuerySet[CounterpartRequest], *, direction: str = "", kind: str = "", status: str = ""
) -> QuerySet[CounterpartRequest]:
    """``rows`` narrowed by the filters of the requests to and from counterparts
    (``RequestFilterForm``'s cleaned data): ``direction`` and ``kind`` as stored, ``status``
    ``open`` (no reply yet), ``late`` (no reply and past its due date today) or ``replied``.
    In the order of the page: the requests still waiting for a reply first, soonest due first,
    then the replied ones, latest reply first (on every database: SQLite and PostgreSQL sort an
    empty date at opposite ends)."""
    if direction:
        rows = rows.filter(direction=direction)
    if kind:
        rows = rows.filter(kind=kind)
    if status == "open":
        rows = rows.filter(replied_on__isnull=True)
    elif status == "late":
        rows = rows.filter(replied_on__isnull=True, due_on__lt=timezone.localdate())
    elif status == "replied":
        rows = rows.filter(replied_on__isnull=False)
    return rows.order_by(F("replied_on").desc(nulls_first=True), "due_on", "id")
