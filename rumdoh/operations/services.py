"""Every change to operations, rosters and deportations: atomic, audited, one function per change.

Services check permission again (views and the API check first) and raise ``NotAllowed`` or
``Refused`` with a message in the user's language; nothing is written when they do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Min
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rumdoh.accounts.audit import client_address, log_action
from rumdoh.accounts.models import FIELD_AGENCY_KINDS, Agency, AuditEvent, User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.errors import FIRST_DAY, FieldRefused, NotAllowed, Refused
from rumdoh.core.limits import NAME_MAX
from rumdoh.core.places import LANGUAGES, NATIONALITIES
from rumdoh.core.versions import require_version
from rumdoh.linkage.services import schedule_linkage
from rumdoh.operations.access import NOT_A_PARTICIPANT, may_change
from rumdoh.operations.inserts import insert_rows
from rumdoh.operations.models import Deportation, DeportationWay, Operation, RosterEntry, Status
from rumdoh.operations.rules import closing, dates, roster
from rumdoh.operations.rules import gate as gates
from rumdoh.people.access import visible_persons
from rumdoh.people.models import (
    AccessSource,
    DocumentKind,
    IdentityDocument,
    Person,
    PersonAccess,
    PersonNameSyllable,
    PersonSearchKey,
)
from rumdoh.people.search import NAME_COLUMNS, name_rows, person_names
from rumdoh.people.services import (
    clean_names,
    document_index,
    person_keys,
)
from rumdoh.protection.choices import Designation
from rumdoh.protection.models import Identification
from rumdoh.screening import services as screening
from rumdoh.screening.models import ScreeningRecord

OPERATION_FIELDS = ("kind", "held_on", "province", "place", "status")


def _require(user: User, capability: C) -> None:
    if user.agency_id is None or not user.can(capability):
        raise NotAllowed(_("Your role does not allow this."))


def _require_change(user: User, operation: Operation) -> None:
    _require(user, C.RUN_OPERATIONS)
    if not may_change(user, operation):
        raise NotAllowed(_("Only the agencies taking part in this operation can change it."))


class OperationClosed(Refused):
    """The operation is closed: nobody joins its roster until it is reopened."""

    def __init__(self) -> None:
        super().__init__(closed_message())


def closed_message() -> str:
    return _(
        "This operation is closed: nobody can be added to its roster. If more people were "
        "found, change its status back to under way first."
    )


def refuse_closed(operation: Operation) -> None:
    """Refuse to add anyone to the roster of a closed operation. Closing says the work on the
    people found is done (``rules/closing.py``), and it was checked on the roster as it was: a
    person added after it would be held without anyone waiting to screen them. The operation's
    row is locked, so that closing it waits for an addition begun, and the other way round.
    A closed operation still records what becomes of the people on its roster (a release, a
    deportation, a screening) and may be changed, or reopened."""
    status = (
        Operation.objects.select_for_update()
        .filter(pk=operation.pk)
        .values_list("status", flat=True)
        .first()
    )
    if status == Status.CLOSED:
        raise OperationClosed()


def _grant(
    operation: Operation,
    person_ids: Iterable[int],
    agency_ids: Iterable[int],
    *,
    fresh: bool = False,
) -> None:
    """Each agency of the operation sees each person found in it, on the ground "operation".
    ``fresh`` persons were made just now: nobody can hold a grant on them yet."""
    wanted = {(p, a) for p in person_ids for a in agency_ids}
    if not wanted:
        return
    if not fresh:
        wanted -= set(
            PersonAccess.objects.filter(
                source=AccessSource.OPERATION,
                source_id=operation.pk,
                revoked_at__isnull=True,
                person_id__in={p for p, _a in wanted},
            ).values_list("person_id", "agency_id")
        )
    now = timezone.now()
    insert_rows(
        PersonAccess,
        ("person", "agency", "source", "source_id", "granted_at"),
        ((p, a, AccessSource.OPERATION, operation.pk, now) for p, a in sorted(wanted)),
    )


def _require_participants(agencies: Iterable[Agency]) -> None:
    """Only agencies that take part in raids, detention screening and inspections join an
    operation: each sees the whole roster of people found."""
    if any(agency.kind not in FIELD_AGENCY_KINDS for agency in agencies):
        raise Refused(str(NOT_A_PARTICIPANT))


@transaction.atomic
def create_operation(
    user: User,
    data: dict[str, Any],
    agencies: Iterable[Agency] = (),
    request: HttpRequest | None = None,
) -> Operation:
    _require(user, C.RUN_OPERATIONS)
    agencies = list(agencies)
    _require_participants(agencies)
    operation = Operation(lead_agency=data.get("lead_agency") or user.agency, created_by=user)
    for name in OPERATION_FIELDS:
        if name in data:
            setattr(operation, name, data[name])
    refuse_date(operation)
    operation.save()
    operation.agencies.set({*agencies, user.agency} - {operation.lead_agency, None})  # type: ignore[arg-type]
    if user.agency_id not in operation.agency_ids():
        raise NotAllowed(_("Your agency must lead or take part in the operation."))
    if operation.status == Status.CLOSED:
        refuse_closing_early(operation)  # its roster is empty now, but the rule is the one rule
    log_action(
        "operation.created",
        user=user,
        request=request,
        obj=operation,
        data={"kind": operation.kind, "agencies": sorted(operation.agency_ids())},
    )
    return operation


@transaction.atomic
def update_operation(
    user: User,
    operation: Operation,
    data: dict[str, Any],
    agencies: Iterable[Agency] | None = None,
    *,
    expected_version: int,
    request: HttpRequest | None = None,
) -> Operation:
    _require_change(user, operation)
    if agencies is not None:
        agencies = list(agencies)
        _require_participants(agencies)
    current = Operation.objects.select_for_update().get(pk=operation.pk)
    require_version(current.version, expected_version)
    changed = [f for f in OPERATION_FIELDS if f in data and getattr(current, f) != data[f]]
    if "status" in changed and data["status"] == Status.CLOSED:
        refuse_closing_early(current)
    for name in changed:
        setattr(current, name, data[name])
    if {"status", "held_on"} & set(changed):
        refuse_date(current, first_outcome(current) if "held_on" in changed else None)
    current.version += 1
    current.save()
    if agencies is not None:
        before = current.agency_ids()
        current.agencies.set({*agencies} - {current.lead_agency})
        added = current.agency_ids() - before
        removed = before - current.agency_ids()
        if added or removed:
            changed.append("agencies")
        if added:
            _grant(current, current.roster.values_list("person_id", flat=True), added)
        if removed:
            # An agency no longer taking part no longer sees the people found, on this ground.
            PersonAccess.objects.filter(
                source=AccessSource.OPERATION,
                source_id=current.pk,
                agency_id__in=removed,
                revoked_at__isnull=True,
            ).update(revoked_at=timezone.now())
    log_action(
        "operation.changed", user=user, request=request, obj=current, data={"fields": changed}
    )
    return current


def first_outcome(operation: Operation) -> date | None:
    """The day of the first release or deportation recorded for someone on the roster."""
    days = [
        RosterEntry.objects.filter(operation=operation).aggregate(day=Min("released_on"))["day"],
        Deportation.objects.filter(entry__operation=operation).aggregate(day=Min("deported_on"))[
            "day"
        ],
    ]
    return min((day for day in days if day is not None), default=None)


def refuse_date(operation: Operation, outcome: date | None = None) -> None:
    """Refuse, beside the date, a day the operation may not be dated (``rules/dates.py``):
    before 2008, after today for one under way or closed, more than a year ahead for one
    planned, or after ``outcome``, the first release or deportation recorded for it."""
    today = timezone.localdate()
    problem = dates.date_problem(operation.held_on, operation.status, today, outcome)
    if problem is None:
        return
    messages = {
        dates.DateProblem.BEFORE_EARLIEST: _(
            "The date cannot be before %(earliest)s: operations are recorded from %(year)s, the "
            "year the trafficking law took effect."
        ),
        dates.DateProblem.BEGUN_IN_FUTURE: _(
            "An operation under way or closed cannot be dated after today. For an operation "
            "still to come, choose the status Planned."
        ),
        dates.DateProblem.TOO_FAR_AHEAD: _(
            "A planned operation is dated at most a year ahead, on %(latest)s or before."
        ),
        dates.DateProblem.AFTER_OUTCOME: _(
            "The date cannot be after %(date)s: a release or a deportation of someone on the "
            "roster is recorded on that day, and none can come before the operation."
        ),
    }
    values = {
        "earliest": FIRST_DAY.isoformat(),
        "year": FIRST_DAY.year,
        "latest": (today + dates.PLANNED_AHEAD).isoformat(),
        "date": outcome.isoformat() if outcome else "",
    }
    raise FieldRefused("held_on", messages[problem] % values)


def refuse_closing_early(operation: Operation) -> None:
    """Refuse to close the operation while someone still held on its roster has not been
    screened, or waits for an identifier's decision (``rules/closing.py``)."""
    held = operation.roster.filter(released_on__isnull=True, deportation__isnull=True)
    states: list[gates.Gate] = []
    for start in range(0, held.count(), 500):
        entries = list(held.order_by("pk")[start : start + 500])
        states.extend(gates.gate(facts) for facts in facts_for(entries).values())
    refusal = closing.closing_refusal(states)
    if refusal is not None:
        raise Refused(closing_message(refusal))


def closing_message(refusal: closing.Refusal) -> str:
    if refusal.blocker is closing.Blocker.NOT_SCREENED:
        message = ngettext(
            "Not closed: %(count)s person on the roster has not been screened and was neither "
            "released nor deported. Screen everyone found, or record their release, first.",
            "Not closed: %(count)s people on the roster have not been screened and were neither "
            "released nor deported. Screen everyone found, or record their release, first.",
            refusal.count,
        )
    else:
        message = ngettext(
            "Not closed: the screening of %(count)s person on the roster indicated trafficking "
            "or forced labour, and no eligible identifier has decided yet. Ask for a formal "
            "identification first.",
            "Not closed: the screenings of %(count)s people on the roster indicated trafficking "
            "or forced labour, and no eligible identifier has decided yet. Ask for their formal "
            "identification first.",
            refusal.count,
        )
    return message % {"count": refusal.count}


# --- The roster ---------------------------------------------------------------------------


class RosterRejected(Refused):
    """A roster with at least one bad row: nothing was written; ``errors`` says where, and
    ``ignored_columns`` names the headings no roster column has, which were not read."""

    def __init__(
        self, message: str, errors: list[roster.RowError], ignored_columns: Iterable[str] = ()
    ) -> None:
        super().__init__(message)
        self.errors = errors
        self.ignored_columns = list(ignored_columns)


def read_roster(table: Iterable[Any]) -> roster.Reading:
    return roster.read_roster(
        table,
        nationalities=NATIONALITIES,
        languages=LANGUAGES,
        this_year=timezone.localdate().year,
        name_max=NAME_MAX,
    )


@dataclass
class ImportResult:
    added: int
    linked: int
    deported: int
    # The headings no roster column has: their cells were not read, and the user is told.
    ignored_columns: list[str] = field(default_factory=list)


def ignored_columns_message(columns: list[str]) -> str:
    """What the page says of the columns a roster file had that were not read."""
    return _(
        "These columns were not read, as a roster has no column of that name: %(columns)s. "
        "Rename a column as the import page lists them to have it read."
    ) % {"columns": ", ".join(f"“{column}”" for column in columns)}


def _known_by_document(user: User, rows: list[roster.RosterRow]) -> dict[str, int]:
    """Persons the agency already sees, by the blinded key of a document number on the roster."""
    keys = {document_index(r.document_number) for r in rows if r.document_number}
    found: dict[str, int] = {}
    for start in range(0, len(keys), 500):
        piece = sorted(keys)[start : start + 500]
        matches = PersonSearchKey.objects.filter(
            key__in=piece, person__in=visible_persons(user)
        ).values_list("key", "person_id")
        for key, person_id in matches:
            found.setdefault(key, person_id)
    return found


def _new_person(user: User, row: roster.RosterRow) -> Person:
    data = clean_names({"given_name": row.given_name, "family_name": row.family_name})
    return Person(
        owner_agency_id=user.acting_agency_id(),
        created_by=user,
        given_name=data["given_name"],
        family_name=data["family_name"],
        sex=row.sex,
        birth_year=row.birth_year,
        age_precision="estimated"
        if row.age_estimated
        else ("year" if row.birth_year else "unknown"),
        nationality=row.nationality,
        languages=[row.language] if row.language else [],
        province="99" if row.nationality != "KH" else "",
    )


def _log_many(
    user: User, request: HttpRequest | None, action: str, ids: list[int], data: dict[str, Any]
) -> None:
    """One audit row per person, as ``log_action`` writes it."""
    ip = client_address(request)
    now = timezone.now()
    insert_rows(
        AuditEvent,
        (
            "at",
            "user",
            "agency",
            "action",
            "object_type",
            "object_id",
            "person_id",
            "ip",
            "reason",
            "data",
        ),
        (
            (now, user.pk, user.agency_id, action, "people.person", str(pid), pid, ip, "", data)
            for pid in ids
        ),
    )


@transaction.atomic
def import_roster(
    user: User,
    operation: Operation,
    table: Iterable[Any],
    request: HttpRequest | None = None,
) -> ImportResult:
    """Add every row of ``table`` to the roster, or nothing: a bad row rejects the whole file
    with a report naming each bad row and column. A row whose document the agency already knows
    links to that person instead of making a new record. Refused on a closed operation."""
    _require_change(user, operation)
    _require(user, C.RECORD_PERSONS)
    refuse_closed(operation)
    reading = read_roster(table)
    if not reading.ok:
        raise RosterRejected(
            _("The roster was not imported: correct the rows listed and import it again."),
            reading.errors,
            reading.unknown_columns,
        )
    result = _write_rows(user, operation, reading.rows, request)
    result.ignored_columns = reading.unknown_columns
    transaction.on_commit(lambda: schedule_linkage_after_import(operation))
    return result


def _write_rows(
    user: User, operation: Operation, rows: list[roster.RosterRow], request: HttpRequest | None
) -> ImportResult:
    known = _known_by_document(user, rows)
    on_roster = set(operation.roster.values_list("person_id", flat=True))
    linked: dict[int, int] = {}  # row -> existing person
    fresh: list[tuple[roster.RosterRow, Person]] = []
    for row in rows:
        person_id = known.get(document_index(row.document_number)) if row.document_number else None
        if person_id is not None:
            if person_id not in on_roster:
                linked[row.row] = person_id
                on_roster.add(person_id)
        else:
            fresh.append((row, _new_person(user, row)))
    persons = Person.objects.bulk_create([p for _r, p in fresh], batch_size=500)
    _index_new(user, fresh, persons)
    new_ids = [p.pk for p in persons]
    _log_many(user, request, "person.created", new_ids, {"operation": operation.pk})
    by_row = {row.row: person.pk for (row, _p), person in zip(fresh, persons, strict=True)}
    by_row.update(linked)
    entries = RosterEntry.objects.bulk_create(
        [
            RosterEntry(
                operation=operation,
                person_id=by_row[row.row],
                row=row.row,
                language=row.language,
                added_by=user,
            )
            for row in rows
            if row.row in by_row
        ],
        batch_size=1000,
    )
    others = operation.agency_ids() - {user.agency_id}
    _grant(operation, new_ids, others, fresh=True)
    _grant(operation, linked.values(), {*others, user.agency_id})  # type: ignore[arg-type]
    deported = _imported_outcomes(user, operation, rows, entries)
    log_action(
        "operation.roster_imported",
        user=user,
        request=request,
        obj=operation,
        data={"added": len(new_ids), "linked": len(linked), "deported": deported},
    )
    return ImportResult(added=len(new_ids), linked=len(linked), deported=deported)


def _index_new(
    user: User, fresh: list[tuple[roster.RosterRow, Person]], persons: list[Person]
) -> None:
    now = timezone.now()
    insert_rows(
        PersonAccess,
        ("person", "agency", "source", "granted_at"),
        ((p.pk, user.agency_id, AccessSource.OWNER, now) for p in persons),
    )
    documents: list[IdentityDocument] = []
    keys: list[tuple[int, str]] = []
    for (row, _unsaved), person in zip(fresh, persons, strict=True):
        found = _name_keys(person)
        if row.document_number:
            documents.append(
                IdentityDocument(
                    person=person,
                    kind=DocumentKind.PASSPORT,
                    number=row.document_number,
                    issuing_country=row.nationality,
                )
            )
            found.add(document_index(row.document_number))
        keys.extend((person.pk, k) for k in sorted(found))
    IdentityDocument.objects.bulk_create(documents, batch_size=1000)
    insert_rows(PersonSearchKey, ("person", "key"), keys)
    # The syllable index ranks name searches and "likely matches": without it a person found in
    # a raid is found only by a document number, and is recorded again by the next agency.
    insert_rows(
        PersonNameSyllable,
        NAME_COLUMNS,
        (
            row
            for person in persons
            for row in name_rows(person.pk, person_names(person), person.birth_year, person.sex)
        ),
    )


def _name_keys(person: Person) -> set[str]:
    """The person's name keys, without asking the database for documents not written yet."""
    saved_pk, person.pk = person.pk, None
    try:
        return person_keys(person)
    finally:
        person.pk = saved_pk


def _imported_outcomes(
    user: User, operation: Operation, rows: list[roster.RosterRow], entries: list[RosterEntry]
) -> int:
    """Rows marked released or deported: a deportation imported so is one that bypassed the
    screening check, and the report for supervisors lists it."""
    status = {row.row: row.status for row in rows}
    today = timezone.localdate()
    deportations = []
    for entry in entries:
        marked = status.get(entry.row) if entry.row is not None else None
        if marked == "released":
            RosterEntry.objects.filter(pk=entry.pk).update(released_on=today, released_by=user)
        elif marked == "deported":
            facts = facts_for([entry])[entry.pk]
            deportations.append(
                Deportation(
                    entry=entry,
                    deported_on=today,
                    destination=entry_nationality(entry),
                    recorded_by=user,
                    way=DeportationWay.IMPORTED,
                    gate=gates.gate(facts).value,
                )
            )
    Deportation.objects.bulk_create(deportations)
    return len(deportations)


def entry_nationality(entry: RosterEntry) -> str:
    return (
        Person.objects.filter(pk=entry.person_id).values_list("nationality", flat=True).first()
        or ""
    )


def schedule_linkage_after_import(operation: Operation) -> None:
    """Ask the linkage job to look for these persons among everyone's records."""
    schedule_linkage(f"roster of {operation.reference}")


@transaction.atomic
def add_entry(
    user: User,
    operation: Operation,
    data: dict[str, Any],
    request: HttpRequest | None = None,
) -> RosterEntry:
    """One person found, entered by hand: the same checks as a roster row."""
    _require_change(user, operation)
    _require(user, C.RECORD_PERSONS)
    refuse_closed(operation)
    header = list(roster.COLUMNS)
    reading = read_roster([header, [str(data.get(k) or "") for k in header]])
    if not reading.ok:
        raise RosterRejected(
            _("This person was not added: correct the fields marked."), reading.errors
        )
    row = reading.rows[0]
    row.row = 0
    before = set(operation.roster.values_list("pk", flat=True))
    _write_rows(user, operation, [row], request)
    entry = operation.roster.exclude(pk__in=before).first()
    if entry is None:
        raise Refused(_("This person is already on the roster."))
    RosterEntry.objects.filter(pk=entry.pk).update(row=None)
    entry.row = None
    return entry


# --- Screening person after person --------------------------------------------------------


@transaction.atomic
def screen_entry(
    user: User,
    operation: Operation,
    entry: RosterEntry,
    data: screening.ScreeningInput,
    *,
    interpreter_language: str = "",
    request: HttpRequest | None = None,
) -> ScreeningRecord:
    """Screen one person of the roster with the screening service, in this operation's context."""
    if user.agency_id not in operation.agency_ids():
        raise NotAllowed(_("Only the agencies taking part in this operation can screen in it."))
    if entry.operation_id != operation.pk:
        raise Refused(_("This person is not on this operation's roster."))
    data.person = entry.person
    data.context = operation.screening_context
    data.province = operation.province
    data.location = data.location or operation.place
    # A double press of "Save" (the page moves on to the next person) screens once: the second
    # sending waits for the first and finds its screening, which the figures count once.
    RosterEntry.objects.select_for_update().filter(pk=entry.pk).exists()
    record = screening.same_screening(user, data) or screening.record_screening(user, data, request)
    RosterEntry.objects.filter(pk=entry.pk).update(
        screening=record, interpreter_language=interpreter_language
    )
    entry.screening, entry.interpreter_language = record, interpreter_language
    return record


def add_screened(user: User, operation: Operation, record: ScreeningRecord) -> None:
    """A screening filled in offline (ODK Collect, KoboToolbox) and imported against the
    operation: the person screened joins the roster with that screening, or, already on it,
    gets the screening linked. Runs inside the import's transaction."""
    if record.person_id is None:
        return
    updated = operation.roster.filter(person_id=record.person_id).update(screening=record)
    if not updated:
        refuse_closed(operation)
        RosterEntry.objects.create(
            operation=operation, person_id=record.person_id, screening=record, added_by=user
        )
        _grant(operation, [record.person_id], operation.agency_ids() - {user.agency_id})


class Joined:
    """What became of a submission imported before, on the operation's roster."""

    JOINS = "joins"  # joins the roster with the screening recorded before
    ON_ROSTER = "on_roster"  # already on the roster: left as it is
    WITHHELD = "withheld"  # imported by another agency, whose record the user does not see


def roster_plan(operation: Operation, outcomes: Iterable[Any]) -> dict[int, str]:
    """For each submission imported before (by its position in the file), what importing it into
    the operation does or would do: the person joins the roster with the earlier screening, is
    on it already, or is withheld because another agency holds the record."""
    earlier = [o for o in outcomes if o.skipped]
    person_ids = {o.person_id for o in earlier if o.person_id is not None}
    on_roster = set(
        operation.roster.filter(person_id__in=person_ids).values_list("person_id", flat=True)
    )
    plan: dict[int, str] = {}
    for outcome in earlier:
        if outcome.person_id is None:
            plan[outcome.position] = Joined.WITHHELD
        elif outcome.person_id in on_roster:
            plan[outcome.position] = Joined.ON_ROSTER
        else:
            plan[outcome.position] = Joined.JOINS
    return plan


def add_known(user: User, operation: Operation, record: ScreeningRecord) -> str:
    """A submission imported before (on the field page, or into another operation) whose
    screening the user sees: the person joins this roster with that screening, without a second
    person or screening; someone on the roster already stays as they are, their screening
    linked if they had none. Runs inside the import's transaction."""
    if record.person_id is None:
        return Joined.WITHHELD
    entries = operation.roster.filter(person_id=record.person_id)
    if entries.exists():
        entries.filter(screening__isnull=True).update(screening=record)
        return Joined.ON_ROSTER
    refuse_closed(operation)
    RosterEntry.objects.create(
        operation=operation, person_id=record.person_id, screening=record, added_by=user
    )
    _grant(operation, [record.person_id], operation.agency_ids())
    return Joined.JOINS


def next_to_screen(operation: Operation, after: RosterEntry | None = None) -> RosterEntry | None:
    """The next person on the roster not yet screened, in roster order, wrapping round."""
    waiting = operation.roster.filter(screening__isnull=True, deportation__isnull=True)
    if after is not None:
        later = waiting.filter(pk__gt=after.pk).exclude(pk=after.pk).order_by("pk").first()
        if later is not None:
            return later
        waiting = waiting.exclude(pk=after.pk)
    return waiting.order_by("pk").first()


# --- No deportation without screening ------------------------------------------------------


def facts_for(entries: list[RosterEntry]) -> dict[int, gates.Facts]:
    """What the screening check needs to know of each entry, in three queries."""
    person_ids = {e.person_id for e in entries}
    latest: dict[int, str] = {}
    for person_id, determination in (
        ScreeningRecord.objects.filter(person_id__in=person_ids)
        .order_by("person_id", "screened_at", "id")
        .values_list("person_id", "determination")
    ):
        latest[person_id] = determination
    decided: dict[int, str] = {}
    for person_id, designation in (
        Identification.objects.filter(person_id__in=person_ids)
        .order_by("person_id", "identified_at", "id")
        .values_list("person_id", "designation")
    ):
        decided[person_id] = designation
    deported = set(
        Deportation.objects.filter(entry__person_id__in=person_ids).values_list(
            "entry__person_id", flat=True
        )
    )
    return {
        e.pk: gates.Facts(
            screened=e.person_id in latest,
            latest_determination=latest.get(e.person_id),
            identification=decided.get(e.person_id),
            deported=e.person_id in deported,
            released=e.released_on is not None,
        )
        for e in entries
    }


def gate_message(state: gates.Gate) -> str:
    messages = {
        gates.Gate.NOT_SCREENED: _(
            "Not deported: this person has not been screened. Screen the person first."
        ),
        gates.Gate.AWAITING_IDENTIFICATION: _(
            "Not deported: the screening indicated trafficking or forced labour, and no eligible "
            "identifier has decided yet. Ask for a formal identification first."
        ),
        gates.Gate.SUSPECTED_VICTIM: _(
            "Not deported: this person is identified as a suspected victim. Refer the person to "
            "their embassy or to IOM for a safe return instead."
        ),
        gates.Gate.ALREADY_DEPORTED: _("This person's deportation is already recorded."),
        gates.Gate.RELEASED: _(
            "Not deported: this person's release from the operation is recorded, and someone "
            "released is no longer held for deportation."
        ),
    }
    return messages.get(state, "")


@transaction.atomic
def record_deportation(
    user: User,
    operation: Operation,
    entry: RosterEntry,
    *,
    deported_on: date,
    override_reason: str = "",
    request: HttpRequest | None = None,
) -> Deportation:
    """Record a deportation if the screening check lets it pass. A supervisor who reviews
    deportations may record one over the check, with a reason; the report lists it."""
    _require(user, C.RECORD_DEPORTATIONS)
    if user.agency_id not in operation.agency_ids():
        raise NotAllowed(_("Only the agencies taking part in this operation can record this."))
    problem = outcome_date_problem(operation, deported_on)
    if problem:
        raise Refused(problem)
    locked = RosterEntry.objects.select_for_update().get(pk=entry.pk, operation=operation)
    state = gates.gate(facts_for([locked])[locked.pk])
    way = DeportationWay.CHECKED
    if state is not gates.Gate.OPEN:
        overridden = gates.overridable(state) and override_reason.strip()
        if not (overridden and user.can(C.REVIEW_DEPORTATIONS)):
            raise Refused(gate_message(state))
        way = DeportationWay.OVERRIDE
    deportation = Deportation.objects.create(
        entry=locked,
        deported_on=deported_on,
        destination=entry_nationality(locked),
        recorded_by=user,
        way=way,
        gate=state.value,
        reason=override_reason.strip() if way == DeportationWay.OVERRIDE else "",
    )
    log_action(
        "deportation.recorded",
        user=user,
        request=request,
        obj=deportation,
        person_id=locked.person_id,
        reason=override_reason.strip(),
        data={"operation": operation.pk, "gate": state.value, "way": way},
    )
    return deportation


def outcome_date_problem(operation: Operation, day: date) -> str | None:
    """Why a deportation or a release cannot be dated ``day``, or None: not in the future (a
    person counted as deported before she left), nor before the operation that found her."""
    if day > timezone.localdate():
        return _("The date cannot be in the future.")
    if day < operation.held_on:
        return _("The date cannot be before the operation, held on %(date)s.") % {
            "date": operation.held_on.isoformat()
        }
    return None


@transaction.atomic
def record_release(
    user: User,
    operation: Operation,
    entry: RosterEntry,
    *,
    released_on: date,
    request: HttpRequest | None = None,
) -> RosterEntry:
    _require_change(user, operation)
    problem = outcome_date_problem(operation, released_on)
    if problem:
        raise Refused(problem)
    locked = RosterEntry.objects.select_for_update().get(pk=entry.pk, operation=operation)
    if hasattr(locked, "deportation"):
        raise Refused(_("This person's deportation is already recorded."))
    if locked.released_on is not None:
        # A second release (two pages open, a button pressed twice) would move the first one's
        # date without a trace of what it was.
        raise Refused(
            _("This person's release is already recorded, on %(date)s.")
            % {"date": locked.released_on.isoformat()}
        )
    locked.released_on = released_on
    locked.released_by = user
    locked.save(update_fields=["released_on", "released_by"])
    log_action(
        "operation.released",
        user=user,
        request=request,
        obj=operation,
        person_id=locked.person_id,
        data={"released_on": released_on.isoformat()},
    )
    return locked


def identified_victims(entries: Iterable[RosterEntry]) -> set[int]:
    """Of these entries, the persons identified as suspected victims."""
    ids = {e.person_id for e in entries}
    return set(
        Identification.objects.filter(
            person_id__in=ids, designation=Designation.SUSPECTED
        ).values_list("person_id", flat=True)
    )
