"""What cross-border work changes, each change checked, atomic and audited.

Deportation lists are read whole or refused whole. An arrival is matched to the register among
the persons the centre may see (a document number first, then the name with the year of birth);
when no single person matches, a new record is made and the national linkage job links it later.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from rumdoh.accounts.audit import log_action
from rumdoh.accounts.models import Agency, User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.accounts.rules.roles import roles_with
from rumdoh.core.choices import label_now
from rumdoh.core.errors import (
    PLAN_AHEAD,
    FieldRefused,
    NotAllowed,
    Refused,
    refuse_future,
    refuse_out_of_time,
)
from rumdoh.core.keys import index_key
from rumdoh.core.places import COUNTRIES
from rumdoh.core.rules.crypto import blind_index
from rumdoh.core.rules.references import parse_reference
from rumdoh.core.versions import require_version
from rumdoh.crossborder import messages, signing
from rumdoh.crossborder.models import (
    Arrival,
    Counterpart,
    CounterpartRequest,
    CustodyTransfer,
    DeportationList,
    Deportee,
    ExchangeMessage,
    FamilyAssessment,
    ForeignIdentification,
    ListSource,
    OutboundMessage,
    Repatriation,
    RepatriationStep,
    RequestDirection,
)
from rumdoh.crossborder.queries import embassies_for, may_be_named_embassy
from rumdoh.crossborder.rules import deadlines, exchange
from rumdoh.crossborder.rules.deportee_lists import (
    DeporteeRow,
    ReadList,
    RowError,
    list_content,
    read_rows,
)
from rumdoh.crossborder.rules.stages import FINAL, Direction, Stage, refuse_move
from rumdoh.linkage.services import schedule_linkage
from rumdoh.notices.services import notify
from rumdoh.people import search as name_search
from rumdoh.people import services as people
from rumdoh.people.access import can_see, visible_persons
from rumdoh.people.models import AccessSource, AgePrecision, Person, PersonAccess, PersonSearchKey
from rumdoh.people.rules import names
from rumdoh.screening.services import ScreeningInput, record_screening, same_screening

M = TypeVar("M", bound=Model)

MAX_FILE_BYTES = 5 * 1024 * 1024
CHILD_AGE = 18


class ListRefused(Refused):
    """A list with errors: nothing was taken; ``errors`` say which row and column, and
    ``ignored_columns`` the headings no column of a list has, which were not read."""

    def __init__(self, errors: list[RowError], ignored_columns: Iterable[str] = ()) -> None:
        super().__init__(
            _("The list was not imported: %(count)d problem(s) to correct first.")
            % {"count": len(errors)}
        )
        self.errors = errors
        self.ignored_columns = list(ignored_columns)


def one(rows: QuerySet[M], **lookup: Any) -> M:
    """The one row of ``rows`` matching ``lookup``; a 404 (page or API) when there is none the
    user may reach, so that another agency's record and a missing one look alike."""
    found = rows.filter(**lookup).first()
    if found is None:
        raise Http404
    return found


class EmbassyRefused(FieldRefused):
    """The embassy given may not be named on this repatriation: the page and the API show the
    message on the embassy field."""

    def __init__(self, message: str) -> None:
        super().__init__("embassy", message)


def refuse_embassy(embassy: Agency, person: Person, country: str) -> None:
    """An embassy is named only on the repatriation of a national of the country it represents:
    Cambodia's embassies abroad serve Cambodians coming home from the country each is posted in,
    a foreign embassy in Phnom Penh its own nationals. Naming it gives it the person's record.
    An international organisation (IOM) represents no country and serves anyone. Which may be
    named is ``embassies_for``'s one rule, the form's choices too; this says why another is
    refused."""
    if embassies_for(person, country).filter(pk=embassy.pk).exists():
        return
    if not may_be_named_embassy(embassy):
        raise EmbassyRefused(messages.not_an_embassy())
    if not embassy.country:
        raise EmbassyRefused(messages.embassy_without_country(embassy.label))
    if embassy.country != person.nationality:
        raise EmbassyRefused(
            messages.not_their_embassy(embassy.label, str(embassy.get_country_display()))
        )
    if not embassy.posted_in:
        raise EmbassyRefused(messages.embassy_without_posting(embassy.label))
    raise EmbassyRefused(
        messages.posted_elsewhere(
            embassy.label,
            str(embassy.get_posted_in_display()),
            label_now(COUNTRIES, country),
        )
    )


def require(user: User, capability: C) -> None:
    if user.agency is None or not user.can(capability):
        raise NotAllowed(_("Your role does not allow this."))


# --- deportation lists ------------------------------------------------------------------------


def _delimiter(text: str) -> str:
    """The separator of a CSV's cells, read from its header line: a comma, or the semicolon a
    spreadsheet set for a language that writes decimals with a comma saves, or a tab."""
    header = text.splitlines()[0] if text else ""
    return max((",", ";", "\t"), key=header.count) if header else ","


def read_table(content: bytes, file_name: str) -> tuple[list[str], list[dict[str, object]]]:
    """Headers and rows of a CSV (UTF-8, with or without BOM) or XLSX file as received."""
    if len(content) > MAX_FILE_BYTES:
        raise Refused(_("The file is larger than 5 MB."))
    if file_name.lower().endswith(".xlsx") or content[:2] == b"PK":
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise Refused(_("The file is not a readable XLSX workbook.")) from exc
        sheet = book.worksheets[0]
        cells = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
        book.close()
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise Refused(
                _("The file is not UTF-8 text: save it as CSV UTF-8 and try again.")
            ) from exc
        try:
            # newline="": rows ending in a carriage return alone (an older spreadsheet's) are
            # rows, and a line break inside quotes stays in its cell.
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
            cells = [list(row) for row in reader]
        except csv.Error as exc:  # a cell longer than the reader takes, a NUL byte
            raise Refused(
                _("The file is not a readable CSV list: a cell is too long or holds a NUL byte.")
            ) from exc
    if not cells:
        raise Refused(_("The file is empty."))
    headers = [str(h).strip() for h in cells[0]]
    rows = []
    for row in cells[1:]:
        values: dict[str, object] = {}
        for header, value in zip(headers, row, strict=False):
            if isinstance(value, datetime | date):
                value = value.strftime("%Y-%m-%d")
            # Of two columns under one heading the first is read; the second is named among
            # the columns not read (``map_headers``).
            values.setdefault(header, value)
        rows.append(values)
    return headers, rows


def list_fingerprint(country: str, rows: list[DeporteeRow]) -> str:
    """The keyed digest of who a list names (``list_content``): equal for the same list
    received twice, whatever the order of its rows; it reveals no one."""
    return blind_index(index_key(), list_content(country, rows), "deportation-list")


class ListAlreadyImported(FieldRefused):
    """The same people, from the same country, are on a list the agency imported already:
    nothing is taken unless the user says it is a new list (``again``)."""

    def __init__(self, earlier: DeportationList) -> None:
        super().__init__("again", messages.list_already_imported(earlier))
        self.earlier = earlier


@dataclass
class ListDetails:
    sent_by: str
    country: str
    crossing: str
    expected_on: date


@transaction.atomic
def import_list(
    user: User,
    details: ListDetails,
    headers: list[str],
    rows: list[dict[str, object]],
    *,
    file_name: str = "",
    source: str = ListSource.FILE,
    counterpart: Counterpart | None = None,
    agency: Agency | None = None,
    request: HttpRequest | None = None,
    again: bool = False,
) -> DeportationList:
    """Take the whole list or nothing; refused with every row's problem, and a file whose people
    the agency imported already (the same file sent or uploaded twice would expect everyone
    twice) unless ``again`` says it is a new list of the same people."""
    if counterpart is None:
        require(user, C.RECEIVE_DEPORTEES)
    refuse_out_of_time(details.expected_on, "expected_on", ahead=PLAN_AHEAD)
    read: ReadList = read_rows(headers, rows, list_date=details.expected_on)
    if not read.ok:
        raise ListRefused(read.errors, read.unknown_columns)
    target = agency or user.agency
    assert target is not None
    fingerprint = list_fingerprint(details.country, read.rows)
    earlier = (
        DeportationList.objects.filter(agency=target, fingerprint=fingerprint)
        .order_by("-received_at")
        .first()
    )
    if earlier is not None and not again:
        raise ListAlreadyImported(earlier)
    deportation_list = DeportationList.objects.create(
        agency=target,
        sent_by=details.sent_by,
        country=details.country,
        crossing=details.crossing,
        expected_on=details.expected_on,
        source=source,
        file_name=file_name[:200],
        counterpart=counterpart,
        imported_by=user if user.pk else None,
        fingerprint=fingerprint,
    )
    Deportee.objects.bulk_create(
        [
            Deportee(
                deportation_list=deportation_list,
                row=row.row,
                given_name=row.given_name,
                family_name=row.family_name,
                script=row.script,
                sex=row.sex,
                birth_year=row.birth_year,
                birth_year_estimated=row.birth_year_estimated,
                document_number=row.document_number,
                nationality=row.nationality,
                home_province=row.province,
                remarks=row.remarks,
            )
            for row in read.rows
        ]
    )
    log_action(
        "crossborder.list_imported",
        user=user if user.pk else None,
        request=request,
        obj=deportation_list,
        data={
            "rows": len(read.rows),
            "crossing": details.crossing,
            "source": source,
            **({"same_people_as": earlier.reference} if earlier is not None else {}),
        },
    )
    return deportation_list


def lists_for(user: User) -> Any:
    require(user, C.RECEIVE_DEPORTEES)
    return DeportationList.objects.filter(agency=user.agency)


def get_list(user: User, pk: int) -> DeportationList:
    found: DeportationList = one(lists_for(user), pk=pk)
    return found


def deportees_for(user: User) -> QuerySet[Deportee]:
    """The people on the deportation lists of the user's agency."""
    require(user, C.RECEIVE_DEPORTEES)
    return Deportee.objects.filter(deportation_list__agency=user.agency)


def get_deportee(user: User, pk: int) -> Deportee:
    """One person on the agency's lists, with her list and record; 404 for anyone else's."""
    found: Deportee = one(deportees_for(user).select_related("deportation_list", "person"), pk=pk)
    return found


def _match(user: User, deportee: Deportee) -> tuple[Person | None, str]:
    """The one person the agency may see who is this deportee, and how they were matched."""
    seen = visible_persons(user)
    if deportee.document_number and names.normalise_document(deportee.document_number):
        key = people.document_index(deportee.document_number)
        ids = PersonSearchKey.objects.filter(key=key).values("person_id")
        found = list(seen.filter(id__in=ids)[:2])
        if len(found) == 1:
            return found[0], "document"
    if not deportee.given_name or not deportee.birth_year:
        return None, "new"
    # A Thai- or Khmer-script name is searched through the same folded syllables as a Latin
    # one (rules.romanisation transliterates it), so สรีมม finds Sreymom.
    text = f"{deportee.given_name} {deportee.family_name}".strip()
    slack = 2 if deportee.birth_year_estimated else 1
    candidates = people.search_persons(seen, text, cap=20).filter(
        birth_year__range=(deportee.birth_year - slack, deportee.birth_year + slack)
    )
    if deportee.sex in ("female", "male"):
        candidates = candidates.filter(sex__in=[deportee.sex, "unknown"])
    if deportee.nationality:
        candidates = candidates.filter(nationality__in=[deportee.nationality, ""])
    # The whole name, in any spelling folding brings together: a search also lists those
    # holding part of it (Nuon Makkara for Makkara Chea), who are other people. A record of
    # the same name without a year is no match either: linkage weighs it, the arrival is new.
    typed = name_search.name_keys(text)[0]
    found = [p for p in candidates[:20] if typed <= name_search.person_keys(p)[0]][:2]
    if len(found) == 1:
        return found[0], "name"
    return None, "new"


@transaction.atomic
def register_arrival(user: User, deportee_id: int, request: HttpRequest | None = None) -> Deportee:
    """The deportee arrived: match her to the register or record her, so she can be screened."""
    deportee = one(
        deportees_for(user).select_for_update(of=("self",)).select_related("deportation_list"),
        pk=deportee_id,
    )
    if deportee.status == Arrival.ARRIVED:
        raise Refused(_("This arrival is already registered."))
    person, how = _match(user, deportee)
    if person is None:
        data: dict[str, Any] = {
            "sex": deportee.sex,
            "nationality": deportee.nationality,
            "birth_year": deportee.birth_year,
            "age_precision": (
                AgePrecision.ESTIMATED
                if deportee.birth_year_estimated
                else AgePrecision.YEAR
                if deportee.birth_year
                else AgePrecision.UNKNOWN
            ),
        }
        if deportee.script == "khmer":
            data["name_km"] = deportee.listed_name
        else:
            data["given_name"] = deportee.given_name
            data["family_name"] = deportee.family_name
        person = people.create_person(user, data, request=request)
        if deportee.document_number and names.normalise_document(deportee.document_number):
            people.add_document(
                user,
                person,
                {
                    "kind": "passport",
                    "number": deportee.document_number,
                    # A passport is issued by the holder's country, as the list gives it.
                    "issuing_country": deportee.nationality or "KH",
                },
                request=request,
            )
    deportee.person = person
    deportee.matched_by = how
    deportee.status = Arrival.ARRIVED
    deportee.arrived_at = timezone.now()
    deportee.save(update_fields=["person", "matched_by", "status", "arrived_at"])
    log_action(
        "crossborder.arrival_registered",
        user=user,
        request=request,
        obj=deportee.deportation_list,
        person_id=person.pk,
        data={"row": deportee.row, "matched_by": how},
    )
    if how == "new":
        transaction.on_commit(lambda: schedule_linkage("deportee arrivals"))
    return deportee


@transaction.atomic
def register_arrivals(
    user: User, list_id: int, deportee_ids: list[int], request: HttpRequest | None = None
) -> list[Deportee]:
    """Several arrivals of one list at once, all or none: one that cannot be registered (not on
    the list, already registered) leaves every other as it was."""
    require(user, C.RECEIVE_DEPORTEES)
    wanted = sorted(set(deportee_ids))
    if not wanted:
        raise Refused(_("Tick at least one person who arrived."))
    found = set(
        deportees_for(user)
        .filter(pk__in=wanted, deportation_list_id=list_id)
        .values_list("pk", flat=True)
    )
    if len(found) != len(wanted):
        raise Refused(_("Some of the people ticked are not on this list."))
    done = []
    for pk in wanted:
        try:
            done.append(register_arrival(user, pk, request=request))
        except Refused as exc:
            row = Deportee.objects.get(pk=pk).row
            raise Refused(
                _("Row %(row)s: %(problem)s No arrival was registered.")
                % {"row": row, "problem": str(exc)}
            ) from exc
    return done


@transaction.atomic
def mark_absent(user: User, deportee_id: int, request: HttpRequest | None = None) -> Deportee:
    deportee = one(deportees_for(user).select_for_update(of=("self",)), pk=deportee_id)
    if deportee.status != Arrival.EXPECTED:
        raise Refused(_("Only an expected arrival can be marked as not arrived."))
    deportee.status = Arrival.ABSENT
    deportee.save(update_fields=["status"])
    log_action(
        "crossborder.arrival_absent",
        user=user,
        request=request,
        obj=deportee.deportation_list,
        data={"row": deportee.row},
    )
    return deportee


@transaction.atomic
def screen_deportee(
    user: User,
    deportee_id: int,
    observations: dict[str, str],
    *,
    form: str = "short",
    request: HttpRequest | None = None,
) -> Deportee:
    """Screen an arrived deportee with the short form; the screening is kept with the row."""
    deportee = one(
        deportees_for(user)
        .select_for_update(of=("self",))
        .select_related("deportation_list", "person"),
        pk=deportee_id,
    )
    if deportee.status != Arrival.ARRIVED or deportee.person is None:
        raise Refused(_("Register the arrival before screening."))
    person = deportee.person
    list_date = deportee.deportation_list.expected_on
    data = ScreeningInput(
        form=form,
        observations=observations,
        context="deportation",
        age=person.age_on(list_date.year),
        age_estimated=person.age_precision != AgePrecision.DATE,
        sex=person.sex,
        nationality=person.nationality or deportee.nationality,
        person=person,
    )
    # The form sent twice (the row is locked above, so the second waits for the first) finds
    # the screening the first saved: one screening, counted once in the figures.
    record = same_screening(user, data) or record_screening(user, data, request=request)
    deportee.screening = record
    deportee.save(update_fields=["screening"])
    return deportee


# --- repatriation -----------------------------------------------------------------------------


def repatriations_for(user: User) -> Any:
    """Repatriations the user may see: the responsible agency's, and an embassy's own."""
    if user.agency is None:
        raise NotAllowed(_("Your role does not allow this."))
    if user.can(C.MANAGE_REPATRIATIONS):
        return Repatriation.objects.filter(Q(agency=user.agency) | Q(embassy=user.agency))
    if user.can(C.VIEW_NATIONALS_REPATRIATIONS):
        return Repatriation.objects.filter(embassy=user.agency)
    raise NotAllowed(_("Your role does not allow this."))


def _repatriation_to_change(user: User, pk: int) -> Repatriation:
    require(user, C.MANAGE_REPATRIATIONS)
    found: Repatriation = one(
        Repatriation.objects.select_for_update(), pk=pk, agency_id=user.agency_key
    )
    return found


@transaction.atomic
def open_repatriation(
    user: User, person: Person, data: dict[str, Any], request: HttpRequest | None = None
) -> Repatriation:
    require(user, C.MANAGE_REPATRIATIONS)
    if not can_see(user, person.pk):
        raise NotAllowed(_("Your agency may not see this person's record."))
    direction = Direction(data["direction"])
    if direction == Direction.ABROAD and person.nationality == "KH":
        raise Refused(_("A Cambodian is not repatriated abroad: choose coming home."))
    if data["country"] == "KH":
        raise FieldRefused("country", _("The country abroad cannot be Cambodia."))
    embassy = data.get("embassy")
    if embassy is not None:
        refuse_embassy(embassy, person, data["country"])
    # A request dated ahead would hold every later stage back: none may come before it, and
    # none may be dated in the future.
    refuse_future(data["requested_on"], "requested_on")
    if data.get("expected_on") and data["expected_on"] < data["requested_on"]:
        raise FieldRefused(
            "expected_on", _("The return cannot be expected before it was requested.")
        )
    refuse_out_of_time(data.get("expected_on"), "expected_on", ahead=PLAN_AHEAD)
    # The person's row is locked so that two requests at once (a double click) cannot both
    # find no return under way.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    under_way = (
        Repatriation.objects.filter(person=person)
        .exclude(stage__in=[stage.value for stage in FINAL])
        .select_related("agency")
        .first()
    )
    if under_way is not None:
        # One return at a time: a second request (a double click, another agency unaware)
        # would send two escorts and two sets of papers for one person.
        raise FieldRefused("person", messages.repatriation_under_way(under_way))
    repatriation = Repatriation.objects.create(
        direction=direction,
        person=person,
        country=data["country"],
        agency_id=user.acting_agency_id(),
        embassy=embassy,
        crossing=data.get("crossing", ""),
        requested_on=data["requested_on"],
        expected_on=data.get("expected_on"),
        travel_documents=data.get("travel_documents", ""),
        escort=data.get("escort", ""),
        created_by=user,
    )
    RepatriationStep.objects.create(
        repatriation=repatriation, stage=Stage.REQUESTED, on=data["requested_on"], by=user
    )
    if embassy is not None:
        PersonAccess.objects.get_or_create(
            person=person,
            agency=embassy,
            source=AccessSource.REPATRIATION,
            source_id=repatriation.pk,
        )
    log_action(
        "crossborder.repatriation_opened",
        user=user,
        request=request,
        obj=repatriation,
        person_id=person.pk,
        data={"direction": direction.value, "country": data["country"]},
    )
    return repatriation


def latest_assessment(repatriation: Repatriation) -> FamilyAssessment | None:
    return repatriation.assessments.order_by("-traced_on", "-id").first()


def is_child(person: Person, on: date) -> bool:
    age = person.age_on(on.year)
    return age is not None and age < CHILD_AGE


@transaction.atomic
def move_repatriation(
    user: User,
    pk: int,
    target: str,
    *,
    on: date,
    version: int,
    note: str = "",
    request: HttpRequest | None = None,
) -> Repatriation:
    repatriation = _repatriation_to_change(user, pk)
    require_version(repatriation.version, version)
    assessment = latest_assessment(repatriation)
    try:
        stage = Stage(target)
    except ValueError as exc:
        raise Refused(_("Unknown stage.")) from exc
    refusal = refuse_move(
        Direction(repatriation.direction),
        Stage(repatriation.stage),
        stage,
        child=is_child(repatriation.person, on),
        assessment=assessment.result if assessment else None,
        custody_transferred=hasattr(repatriation, "custody_transfer"),
    )
    if refusal is not None:
        raise Refused(messages.stage_refusal(refusal))
    refuse_future(on, "on")
    last = repatriation.steps.order_by("-on").values_list("on", flat=True).first()
    if last is not None and on < last:
        raise FieldRefused("on", _("The date cannot be before the last stage recorded."))
    previous = repatriation.stage
    repatriation.stage = stage.value
    repatriation.version += 1
    repatriation.save(update_fields=["stage", "version", "updated_at"])
    RepatriationStep.objects.create(
        repatriation=repatriation, stage=stage, on=on, note=note, by=user
    )
    log_action(
        "crossborder.repatriation_moved",
        user=user,
        request=request,
        obj=repatriation,
        person_id=repatriation.person_id,
        data={"from": previous, "to": stage.value},
    )
    if repatriation.embassy_id:
        recipients = User.objects.filter(
            agency_id=repatriation.embassy_id,
            is_active=True,
            role__in=roles_with(C.VIEW_NATIONALS_REPATRIATIONS),
        )
        notify(
            recipients,
            "crossborder.repatriation_moved",
            {"reference": repatriation.reference, "stage": stage.value},
            url=f"/crossborder/repatriations/{repatriation.pk}/",
        )
    return repatriation


@transaction.atomic
def record_assessment(
    user: User, pk: int, data: dict[str, Any], request: HttpRequest | None = None
) -> FamilyAssessment:
    repatriation = _repatriation_to_change(user, pk)
    if repatriation.direction != Direction.HOME:
        raise Refused(_("Family tracing is recorded for Cambodians coming home."))
    refuse_future(data["traced_on"], "traced_on")
    assessment = FamilyAssessment.objects.create(
        repatriation=repatriation,
        traced_on=data["traced_on"],
        result=data["result"],
        family_contact=data.get("family_contact", ""),
        findings=data["findings"],
        agency_id=user.acting_agency_id(),
        assessed_by=user,
    )
    log_action(
        "crossborder.family_assessed",
        user=user,
        request=request,
        obj=repatriation,
        person_id=repatriation.person_id,
        data={"result": assessment.result},
    )
    return assessment


@transaction.atomic
def transfer_custody(
    user: User, pk: int, data: dict[str, Any], request: HttpRequest | None = None
) -> CustodyTransfer:
    """A child handed to a guardian: only on a safe assessment, as a formal act."""
    repatriation = _repatriation_to_change(user, pk)
    if not is_child(repatriation.person, data["transferred_on"]):
        raise Refused(_("A custody transfer is recorded for a child."))
    if hasattr(repatriation, "custody_transfer"):
        raise Refused(_("Custody was already transferred."))
    assessment = latest_assessment(repatriation)
    if assessment is None or assessment.result != "safe":
        raise Refused(
            _("Custody is transferred only after a family assessment found the return safe.")
        )
    refuse_future(data["transferred_on"], "transferred_on")
    if data["transferred_on"] < assessment.traced_on:
        raise Refused(
            _(
                "Custody cannot be transferred before the family assessment that found the "
                "return safe, on %(date)s."
            )
            % {"date": assessment.traced_on.isoformat()}
        )
    transfer = CustodyTransfer.objects.create(
        repatriation=repatriation,
        assessment=assessment,
        to_whom=data["to_whom"],
        relationship=data["relationship"],
        authority=data["authority"],
        authority_reference=data["authority_reference"],
        documents=data.get("documents", ""),
        transferred_on=data["transferred_on"],
        recorded_by=user,
    )
    log_action(
        "crossborder.custody_transferred",
        user=user,
        request=request,
        obj=repatriation,
        person_id=repatriation.person_id,
        data={"authority": transfer.authority},
    )
    return transfer


# --- requests to and from counterparts --------------------------------------------------------


def requests_for(user: User) -> Any:
    require(user, C.COUNTERPART_REQUESTS)
    return CounterpartRequest.objects.filter(agency=user.agency)


@transaction.atomic
def open_request(
    user: User, data: dict[str, Any], request: HttpRequest | None = None
) -> CounterpartRequest:
    require(user, C.COUNTERPART_REQUESTS)
    person = data.get("person")
    if person is not None and not can_see(user, person.pk):
        raise NotAllowed(_("Your agency may not see this person's record."))
    if data["country"] == "KH":
        # A counterpart is an authority abroad; Cambodian agencies work in the system itself.
        raise FieldRefused("country", _("The country abroad cannot be Cambodia."))
    addressee = addressed_system(data.get("send_to_system") or "", data)
    kind = deadlines.Kind(data["kind"])
    refuse_future(data["sent_on"], "sent_on")
    due_on = data.get("due_on") or deadlines.default_due(kind, data["sent_on"])
    if due_on < data["sent_on"]:
        raise FieldRefused("due_on", _("The reply cannot be due before the request was sent."))
    refuse_out_of_time(due_on, "due_on", ahead=PLAN_AHEAD)
    item = CounterpartRequest.objects.create(
        agency_id=user.acting_agency_id(),
        direction=data["direction"],
        kind=kind.value,
        counterpart_name=data["counterpart_name"],
        country=data["country"],
        their_reference=data.get("their_reference", ""),
        subject=data["subject"],
        criminal_case=data.get("criminal_case"),
        person=person,
        sent_on=data["sent_on"],
        due_on=due_on,
        created_by=user,
    )
    if addressee is not None:
        item.counterpart = addressee
        item.save(update_fields=["counterpart"])
        queue_message(addressee, _outgoing_kind(kind), _request_body(item), item)
    log_action(
        "crossborder.request_opened",
        user=user,
        request=request,
        obj=item,
        person_id=person.pk if person else None,
        data={"kind": kind.value, "direction": item.direction, "sent_to_system": bool(addressee)},
    )
    return item


class SystemRefused(Refused):
    """The counterpart's system named for a request cannot take it (the ``send_to_system``
    field of the page and the API)."""


def addressed_system(code: str, data: dict[str, Any]) -> Counterpart | None:
    """The active registered counterpart whose system is to fetch a request sent abroad, or
    None when none is named. Its system matches replies by country, so the request goes to
    the counterpart's own country."""
    if not code:
        return None
    if data["direction"] != RequestDirection.OUTGOING:
        raise SystemRefused(
            _("Only a request or notice sent abroad goes to a counterpart's system.")
        )
    counterpart = Counterpart.objects.filter(code=code, active=True).first()
    if counterpart is None:
        raise SystemRefused(messages.no_such_counterpart())
    if counterpart.country != data["country"]:
        raise SystemRefused(
            _(
                "The system of %(counterpart)s takes only requests whose country is "
                "%(country)s: choose that country, or another system."
            )
            % {"counterpart": counterpart.name, "country": counterpart.get_country_display()}
        )
    return counterpart


def active_systems() -> QuerySet[Counterpart]:
    """The counterparts whose systems a request may be sent to."""
    return Counterpart.objects.filter(active=True).order_by("name", "code")


def _outgoing_kind(kind: deadlines.Kind) -> str:
    if kind in (deadlines.Kind.REPATRIATION_NOTICE, deadlines.Kind.IDENTIFICATION):
        return kind.value
    return "request"


def _request_body(item: CounterpartRequest) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "reference": item.reference,
        "subject": item.subject,
        "date": item.sent_on.isoformat(),
        "due": item.due_on.isoformat(),
    }


@transaction.atomic
def record_reply(
    user: User,
    pk: int,
    *,
    replied_on: date,
    reply: str,
    version: int,
    request: HttpRequest | None = None,
) -> CounterpartRequest:
    require(user, C.COUNTERPART_REQUESTS)
    item = one(CounterpartRequest.objects.select_for_update(), pk=pk, agency_id=user.agency_key)
    require_version(item.version, version)
    if item.replied_on is not None:
        raise Refused(_("The reply is already recorded."))
    refuse_future(replied_on, "replied_on")
    if replied_on < item.sent_on:
        raise FieldRefused("replied_on", _("A reply cannot come before the request."))
    item.replied_on = replied_on
    item.reply = reply
    item.version += 1
    item.save(update_fields=["replied_on", "reply", "version"])
    if item.direction == RequestDirection.INCOMING and item.counterpart is not None:
        queue_message(
            item.counterpart,
            "reply",
            {
                "in_reply_to": item.their_reference,
                "reference": item.reference,
                "summary": reply,
                "date": replied_on.isoformat(),
            },
            item,
        )
    log_action("crossborder.request_replied", user=user, request=request, obj=item)
    return item


def send_reminders(today: date) -> int:
    """Remind the holding agency of every request whose reply is late, once a fortnight."""
    sent = 0
    late = CounterpartRequest.objects.filter(replied_on__isnull=True, due_on__lt=today)
    for item in late.select_related("agency"):
        if not deadlines.reminder_due(item.due_on, item.last_reminder_on, False, today):
            continue
        recipients = User.objects.filter(
            agency=item.agency, is_active=True, role__in=roles_with(C.COUNTERPART_REQUESTS)
        )
        notify(
            recipients,
            "crossborder.request_late",
            {
                "reference": item.reference,
                "counterpart": item.counterpart_name,
                "days": deadlines.days_late(item.due_on, today),
            },
            url=f"/crossborder/requests/{item.pk}/",
        )
        item.reminders += 1
        item.last_reminder_on = today
        item.save(update_fields=["reminders", "last_reminder_on"])
        sent += 1
    return sent


# --- foreign identifications (ACTIP art. 14) --------------------------------------------------


@transaction.atomic
def recognise_identification(
    user: User,
    person: Person,
    data: dict[str, Any],
    *,
    request: HttpRequest | None = None,
) -> ForeignIdentification:
    """Recognise a victim identification made abroad (ACTIP art. 14): recorded as a formal
    identification on the foreign decision, with services opened where the agency manages
    cases."""
    require(user, C.IDENTIFY)
    if not can_see(user, person.pk):
        raise NotAllowed(_("Your agency may not see this person's record."))
    if data["country"] == "KH":
        raise Refused(_("An identification made in Cambodia is recorded as an identification."))
    # A decision taken, as an identification here is: from 2008, and not after today.
    refuse_future(data["decided_on"], "decided_on")
    try:
        with transaction.atomic():
            recognition = ForeignIdentification.objects.create(
                person=person,
                country=data["country"],
                authority=data["authority"],
                decided_on=data["decided_on"],
                decision_reference=data["decision_reference"],
                summary=data.get("summary", ""),
                agency_id=user.acting_agency_id(),
                recognised_by=user,
            )
    except IntegrityError as exc:
        raise Refused(_("This decision is already recognised for this person.")) from exc
    from rumdoh.protection import services as protection
    from rumdoh.protection.choices import Basis, Designation

    # The recognition is an identification like any other, on the basis of the foreign
    # decision: a case-managing agency's identifier opens services on it at once.
    identification = protection.identify(
        user,
        person,
        exploitation_types=data["exploitation_types"],
        basis=Basis.FOREIGN,
        designation=Designation.SUSPECTED,
        foreign_authority=f"{recognition.authority} ({recognition.country}) "
        f"{recognition.decision_reference}"[:200],
        request=request,
    )
    recognition.identification = identification
    recognition.protection_case = protection.open_case_of(person, user.acting_agency_id())
    recognition.save(update_fields=["identification", "protection_case"])
    log_action(
        "crossborder.identification_recognised",
        user=user,
        request=request,
        obj=recognition,
        person_id=person.pk,
        data={"country": recognition.country, "case": recognition.protection_case_id},
    )
    return recognition


# --- signed messages from counterparts' systems -----------------------------------------------


class MessageRefused(Refused):
    """A counterpart's message or fetch not taken; ``code`` says why in words a machine reads
    (docs/crossborder.md), the message in the reader's language. Nothing was recorded."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@transaction.atomic
def receive_message(envelope: object) -> ExchangeMessage:
    """Verify a counterpart's signed message and act on it once; refused with a code if the
    envelope is malformed, the sender unknown or the signature wrong."""
    try:
        checked = exchange.check_shape(envelope)
        counterpart = Counterpart.objects.filter(code=checked["sender"], active=True).first()
        if counterpart is None:
            raise exchange.BadMessage("unknown_sender", checked["sender"])
        exchange.verify(checked, exchange.load_public_key(counterpart.public_key))
    except exchange.BadMessage as exc:
        raise MessageRefused(exc.code, messages.bad_message(exc)) from exc
    known = ExchangeMessage.objects.filter(
        counterpart=counterpart, message_id=checked["message_id"]
    ).first()
    if known is not None:
        return known
    message = ExchangeMessage.objects.create(
        counterpart=counterpart,
        message_id=checked["message_id"],
        kind=checked["kind"],
        sent_at=checked["sent_at"][:40],
        body=checked["body"],
    )
    message.outcome = _act_on(counterpart, checked["kind"], checked["body"])
    message.save(update_fields=["outcome"])
    log_action(
        "crossborder.message_received",
        user=None,
        obj=message,
        data={"sender": counterpart.code, "kind": message.kind, "outcome": message.outcome},
    )
    return message


def _date(body: dict[str, Any], name: str) -> date:
    try:
        return date.fromisoformat(str(body[name]))
    except (KeyError, ValueError) as exc:
        raise MessageRefused(
            "bad_date",
            _("The message's %(field)s is missing or not a date (YYYY-MM-DD).") % {"field": name},
        ) from exc


def _act_on(counterpart: Counterpart, kind: str, body: dict[str, Any]) -> str:
    system = User(username="exchange", role="")  # unsaved: the sender, not a user, acts
    if kind == "deportation_notice":
        persons = body.get("persons")
        if not isinstance(persons, list) or not all(isinstance(p, dict) for p in persons):
            raise MessageRefused("bad_persons", _("A deportation notice lists persons as objects."))
        headers = sorted({str(key) for person in persons for key in person})
        crossing = str(body.get("crossing", ""))
        from rumdoh.crossborder.models import Crossing

        if crossing not in Crossing.values:
            raise MessageRefused(
                "unknown_crossing", _("The message names no crossing this system knows.")
            )
        try:
            made = import_list(
                system,
                ListDetails(
                    sent_by=counterpart.name,
                    country=counterpart.country,
                    crossing=crossing,
                    expected_on=_date(body, "date"),
                ),
                headers,
                persons,
                source=ListSource.EXCHANGE,
                counterpart=counterpart,
                agency=counterpart.receiving_agency,
                # A notice resent is told by its message id; a new notice naming the same people
                # is the counterpart's word that they are deported again.
                again=True,
            )
        except ListRefused as exc:
            raise MessageRefused(
                "rows_in_error",
                str(exc) + " " + "; ".join(messages.row_error(e) for e in exc.errors[:10]),
            ) from exc
        recipients = User.objects.filter(
            agency=counterpart.receiving_agency,
            is_active=True,
            role__in=roles_with(C.RECEIVE_DEPORTEES),
        )
        notify(
            recipients,
            "crossborder.list_received",
            {"reference": made.reference, "sender": counterpart.name},
            url=f"/crossborder/lists/{made.pk}/",
        )
        return made.reference
    if kind in ("request", "repatriation_notice", "identification"):
        request_kind = {
            "request": str(body.get("kind", deadlines.Kind.EVIDENCE.value)),
            "repatriation_notice": deadlines.Kind.REPATRIATION_NOTICE.value,
            "identification": deadlines.Kind.IDENTIFICATION.value,
        }[kind]
        if request_kind not in deadlines.Kind.__members__.values():
            raise MessageRefused(
                "unknown_request_kind", _("The request's kind is not one this system knows.")
            )
        sent_on = _date(body, "date") if "date" in body else timezone.localdate()
        subject = str(body.get("subject") or body.get("summary") or "")[:5000]
        if not subject:
            raise MessageRefused("nothing_asked", _("The message says nothing of what is asked."))
        item = CounterpartRequest.objects.create(
            agency=counterpart.receiving_agency,
            direction=RequestDirection.INCOMING,
            kind=request_kind,
            counterpart_name=counterpart.name,
            country=counterpart.country,
            counterpart=counterpart,
            their_reference=str(body.get("reference", ""))[:100],
            subject=subject,
            sent_on=sent_on,
            due_on=_date(body, "due")
            if "due" in body
            else deadlines.default_due(deadlines.Kind(request_kind), sent_on),
            created_by=_exchange_user(counterpart),
        )
        return item.reference
    if kind == "reply":
        # Our reference, as their user may have typed it; a bare number could be one of theirs.
        number = parse_reference(str(body.get("in_reply_to", "")), "CR", prefix_required=True)
        if number is None:
            raise MessageRefused(
                "bad_reply_reference", _("A reply names the request it answers (CR-…).")
            )
        answered = CounterpartRequest.objects.filter(
            pk=number, direction=RequestDirection.OUTGOING, country=counterpart.country
        ).first()
        if answered is None:
            raise MessageRefused(
                "unknown_request", _("No request of ours to this country has that reference.")
            )
        item = answered
        if item.replied_on is None:
            item.replied_on = timezone.localdate()
            item.reply = str(body.get("summary", ""))[:5000]
            item.version += 1
            item.save(update_fields=["replied_on", "reply", "version"])
        return item.reference
    raise MessageRefused("unknown_kind", _("The message's kind is not one this system knows."))


def _exchange_user(counterpart: Counterpart) -> User:
    """Incoming requests are recorded in the receiving agency's name by its first active
    administrator, who answers for them; there is always one where notices are received."""
    user = (
        User.objects.filter(agency=counterpart.receiving_agency, is_active=True)
        .order_by("id")
        .first()
    )
    if user is None:
        raise MessageRefused(
            "no_receiving_user",
            _("The receiving agency has no active user to take this message."),
        )
    return user


# --- signed messages to counterparts' systems -------------------------------------------------


def queue_message(
    counterpart: Counterpart,
    kind: str,
    body: dict[str, Any],
    item: CounterpartRequest | None = None,
) -> OutboundMessage:
    """Address a message to the counterpart's system; it is signed when fetched."""
    message_id = str(uuid.uuid4())
    unsigned: dict[str, Any] = {
        "format": exchange.FORMAT,
        "sender": signing.sender(),
        "message_id": message_id,
        "sent_at": timezone.now().isoformat(timespec="seconds"),
        "kind": kind,
        "body": body,
    }
    return OutboundMessage.objects.create(
        counterpart=counterpart,
        message_id=message_id,
        kind=kind,
        envelope=unsigned,
        counterpart_request=item,
    )


def sent_to_systems(item: CounterpartRequest) -> list[OutboundMessage]:
    """The messages about a request addressed to a counterpart's system (the request or notice
    itself, or our reply to theirs), oldest first, each with when it was fetched and
    acknowledged."""
    return list(
        OutboundMessage.objects.filter(counterpart_request=item)
        .select_related("counterpart")
        .order_by("id")
    )


@dataclass
class Fetched:
    counterpart: Counterpart
    fetch_id: str
    messages: list[dict[str, Any]]
    acknowledged: list[str]


FETCH_LIMIT = 100


@transaction.atomic
def fetch_messages(envelope: object) -> Fetched:
    """A counterpart's signed fetch: acknowledge what it names, then hand it, signed, every
    message addressed to it not yet acknowledged (oldest first, at most ``FETCH_LIMIT``).

    Refused when the envelope is malformed, the sender unknown, the signature wrong, the fetch
    signed too long ago, or its message id already used (a replay)."""
    try:
        checked = exchange.check_shape(envelope, exchange.FETCH_KINDS)
        counterpart = Counterpart.objects.filter(code=checked["sender"], active=True).first()
        if counterpart is None:
            raise exchange.BadMessage("unknown_sender", checked["sender"])
        exchange.verify(checked, exchange.load_public_key(counterpart.public_key))
        window = timedelta(seconds=settings.RUMDOH_EXCHANGE_FETCH_WINDOW_SECONDS)
        exchange.check_fresh(checked["sent_at"], timezone.now(), window)
        wanted = exchange.acknowledged(checked["body"])
    except exchange.BadMessage as exc:
        raise MessageRefused(exc.code, messages.bad_message(exc)) from exc
    key = signing.signing_key()  # before anything changes: no key, no answer
    try:
        with transaction.atomic():
            fetch = ExchangeMessage.objects.create(
                counterpart=counterpart,
                message_id=checked["message_id"],
                kind=checked["kind"],
                sent_at=checked["sent_at"][:40],
                body=checked["body"],
            )
    except IntegrityError as exc:
        raise MessageRefused(
            "replayed", messages.bad_message(exchange.BadMessage("replayed"))
        ) from exc
    now = timezone.now()
    mine = OutboundMessage.objects.filter(counterpart=counterpart)
    acknowledged = list(
        mine.filter(message_id__in=wanted, acknowledged_at__isnull=True).values_list(
            "message_id", flat=True
        )
    )
    mine.filter(message_id__in=acknowledged).update(acknowledged_at=now)
    pending = list(mine.filter(acknowledged_at__isnull=True).order_by("id")[:FETCH_LIMIT])
    mine.filter(pk__in=[m.pk for m in pending], delivered_at__isnull=True).update(delivered_at=now)
    fetch.outcome = f"{len(pending)} sent, {len(acknowledged)} acknowledged"
    fetch.save(update_fields=["outcome"])
    log_action(
        "crossborder.messages_fetched",
        user=None,
        obj=fetch,
        data={
            "sender": counterpart.code,
            "delivered": [m.message_id for m in pending],
            "acknowledged": acknowledged,
        },
    )
    return Fetched(
        counterpart,
        checked["message_id"],
        [exchange.sign(m.envelope, key) for m in pending],
        acknowledged,
    )
