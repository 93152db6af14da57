"""Deportation lists at the transit centre: imported whole or not at all, arrivals matched to the
register among the persons the centre may see, each deportee screened."""

from __future__ import annotations

import io

import pytest
from django.http import Http404
from openpyxl import Workbook

from rumdoh.core.errors import NotAllowed, Refused
from rumdoh.crossborder import services
from rumdoh.crossborder.models import Arrival, DeportationList, Deportee
from rumdoh.people.models import Person
from rumdoh.screening.rules.questions import SHORT
from tests.conftest import make_person
from tests.crossborder.conftest import HEADERS, LIST_DATE, Border, row


def test_a_list_is_imported_sealed_and_a_bad_list_writes_nothing(border: Border) -> None:
    made = border.import_list(
        [row("Srey Mom", "Chan", "F", "24", "N0123"), row("Dara", "Sok", "M", "31")]
    )
    assert made.deportees.count() == 2
    first = made.deportees.get(row=2)
    assert first.listed_name == "Srey Mom Chan" and first.birth_year == 2002
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT given_name, document_number FROM crossborder_deportee")
        stored = cursor.fetchall()
    assert all("Srey" not in value and "N0123" not in value for pair in stored for value in pair)

    with pytest.raises(services.ListRefused) as refused:
        border.import_list([row("Vanna", "Kim", "F", "22"), row("", "", "Q", "x")])
    assert {(e.row, e.column) for e in refused.value.errors} == {
        (3, "name"),
        (3, "sex"),
        (3, "age"),
    }
    assert DeportationList.objects.count() == 1 and Deportee.objects.count() == 2


def test_only_the_receiving_centre_and_only_roles_that_receive_see_or_import(
    border: Border,
) -> None:
    made = border.import_list([row("Dara", "Sok", "M", "31")])
    with pytest.raises(Http404):
        services.get_list(border.stranger, made.pk)
    with pytest.raises(NotAllowed):
        services.lists_for(border.investigator)
    deportee = made.deportees.get()
    with pytest.raises(Http404):
        services.register_arrival(border.stranger, deportee.pk)


def test_an_xlsx_list_as_received_is_read_with_its_dates(border: Border) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["ชื่อ", "นามสกุล", "เพศ", "วันเกิด", "หนังสือเดินทาง"])
    sheet.append(["Bopha", "Ouk", "หญิง", "15/06/2543", "n 777"])
    buffer = io.BytesIO()
    book.save(buffer)
    headers, rows = services.read_table(buffer.getvalue(), "list.xlsx")
    assert headers[0] == "ชื่อ" and rows[0]["วันเกิด"] == "15/06/2543"
    made = services.import_list(
        border.worker,
        services.ListDetails("Sa Kaeo", "TH", "poipet", border_date()),
        headers,
        rows,
    )
    deportee = made.deportees.get()
    assert deportee.birth_year == 2000 and deportee.document_number == "N777"


def border_date():  # type: ignore[no-untyped-def]
    from tests.crossborder.conftest import LIST_DATE

    return LIST_DATE


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_a_csv_is_read_whether_its_cells_are_separated_by_commas_semicolons_or_tabs(
    separator: str,
) -> None:
    """A spreadsheet set for a language that writes 2,5 for two and a half saves its CSV with
    semicolons: that list was refused as having no column of names."""
    text = separator.join(["Name", "Surname", "Sex"]) + "\n"
    text += separator.join(["Sokha", "Chan, Mrs" if separator != "," else "Chan", "F"]) + "\n"
    headers, rows = services.read_table(text.encode(), "list.csv")
    assert headers == ["Name", "Surname", "Sex"]
    assert rows[0]["Name"] == "Sokha" and rows[0]["Sex"] == "F"


def test_a_csv_that_is_not_utf8_is_refused_with_a_message(border: Border) -> None:
    with pytest.raises(Refused, match="UTF-8"):
        services.read_table("Name\nSrey\xe9".encode("latin-1"), "list.csv")


def test_an_arrival_is_matched_by_document_then_by_name_and_year_else_recorded(
    border: Border,
) -> None:
    known_by_document = make_person(border.worker, given_name="Chanthy", family_name="Prak")
    from rumdoh.people import services as people

    people.add_document(
        border.worker,
        known_by_document,
        {"kind": "passport", "number": "N5555", "issuing_country": "KH"},
    )
    known_by_name = make_person(
        border.worker, given_name="Sreymom", family_name="Chan", birth_year=2002, phone=""
    )
    hidden = make_person(border.stranger, given_name="Dara", family_name="Sok", birth_year=1995)
    made = border.import_list(
        [
            row("Chanthy", "Prak", "F", "40", "N5555"),
            row("Srey Mom", "Chan", "F", "24"),
            row("Dara", "Sok", "M", "31"),
        ]
    )
    by_row = {d.row: d for d in made.deportees.all()}
    first = services.register_arrival(border.screener, by_row[2].pk)
    second = services.register_arrival(border.screener, by_row[3].pk)
    third = services.register_arrival(border.screener, by_row[4].pk)
    assert (first.person, first.matched_by) == (known_by_document, "document")
    assert (second.person, second.matched_by) == (known_by_name, "name")
    # The other centre's record of a Dara Sok is not revealed: a new record is made.
    assert third.matched_by == "new" and third.person != hidden
    assert third.person.owner_agency == border.centre and third.status == Arrival.ARRIVED
    with pytest.raises(Refused):
        services.register_arrival(border.screener, by_row[2].pk)


def test_an_arrival_is_never_matched_to_someone_holding_only_part_of_her_name(
    border: Border,
) -> None:
    """Makkara Chea was registered as Nuon Makkara, of another family and with no year: a
    search lists those holding part of a name, and a person without a year passed the year.
    Another family, another nationality, or no year recorded: a new record, for linkage to
    weigh."""
    male = {"sex": "male", "phone": ""}
    other_family = make_person(
        border.worker, given_name="Makkara", family_name="Nuon", birth_year=None, **male
    )
    make_person(border.worker, given_name="Sreyleak", family_name="Tith", birth_year=1990)
    make_person(
        border.worker,
        given_name="Sambath",
        family_name="Keo",
        birth_year=1980,
        nationality="TH",
        **male,
    )
    no_year = make_person(
        border.worker, given_name="Narith", family_name="Chhim", birth_year=None, **male
    )
    made = border.import_list(
        [
            row("Makkara", "Chea", "M", "41"),
            row("Sreyleak", "Ros", "F", str(LIST_DATE.year - 1990)),
            row("Sambath", "Keo", "M", str(LIST_DATE.year - 1980)),
            row("Narith", "Chhim", "M", "30"),
        ]
    )
    arrived = [services.register_arrival(border.screener, d.pk) for d in made.deportees.all()]
    assert [d.matched_by for d in arrived] == ["new"] * 4
    assert not {d.person for d in arrived} & {other_family, no_year}


def test_a_deportee_is_screened_after_arrival_with_the_short_form(border: Border) -> None:
    made = border.import_list([row("Dara", "Sok", "M", "31")])
    deportee = made.deportees.get()
    with pytest.raises(Refused):
        services.screen_deportee(border.screener, deportee.pk, {})
    services.register_arrival(border.screener, deportee.pk)
    answers = dict.fromkeys(SHORT[0].codes, "no")
    screened = services.screen_deportee(border.screener, deportee.pk, answers)
    assert screened.screening is not None
    assert screened.screening.context == "deportation"
    assert screened.screening.person == screened.person
    assert Person.objects.count() == 1


def test_a_deportee_screening_sent_twice_is_saved_once(border: Border) -> None:
    """A double press of "Save" screened the arrival twice: two screenings of one person,
    both counted among the deportees screened."""
    from rumdoh.screening.models import ScreeningRecord

    made = border.import_list([row("Dara", "Sok", "M", "31")])
    deportee = made.deportees.get()
    services.register_arrival(border.screener, deportee.pk)
    answers = dict.fromkeys(SHORT[0].codes, "no")
    first = services.screen_deportee(border.screener, deportee.pk, answers).screening
    again = services.screen_deportee(border.screener, deportee.pk, answers).screening
    assert again == first
    assert ScreeningRecord.objects.filter(person=first.person).count() == 1


def test_a_deportee_who_did_not_come_is_marked_so(border: Border) -> None:
    made = border.import_list([row("Dara", "Sok", "M", "31")])
    deportee = made.deportees.get()
    assert services.mark_absent(border.screener, deportee.pk).status == Arrival.ABSENT
    with pytest.raises(Refused):
        services.mark_absent(border.screener, deportee.pk)


def test_headers_unknown_to_the_list_reader_are_ignored(border: Border) -> None:
    assert "No." in HEADERS
    made = border.import_list([row("Dara", "Sok", "M", "31")])
    assert made.deportees.count() == 1


def test_a_thai_script_arrival_without_a_document_is_matched_by_name_to_whom_the_centre_sees(
    border: Border,
) -> None:
    known = make_person(
        border.worker, given_name="Sreymom", family_name="Chan", birth_year=2002, phone=""
    )
    hidden = make_person(
        border.stranger, given_name="Sophea", family_name="Sok", birth_year=1995, phone=""
    )
    made = border.import_list([row("ศรีมม", "จันทร์", "F", "24"), row("โสภา", "สุข", "F", "31")])
    by_row = {d.row: d for d in made.deportees.all()}
    assert by_row[2].script == "thai" and not by_row[2].document_number
    seen = services.register_arrival(border.screener, by_row[2].pk)
    assert (seen.person, seen.matched_by) == (known, "name")
    # Another centre's Sophea Sok is the same name, but not one this centre may see.
    unseen = services.register_arrival(border.screener, by_row[3].pk)
    assert unseen.matched_by == "new" and unseen.person != hidden
    assert unseen.person.owner_agency == border.centre


def test_a_deportee_named_only_by_invisible_characters_is_refused_and_names_are_kept_clean(
    border: Border,
) -> None:
    with pytest.raises(services.ListRefused) as refused:
        border.import_list([row("Dara", "Sok", "M", "31"), row("\u200b\u2060", "\u202e", "F", "2")])
    assert [(e.row, e.column, e.code) for e in refused.value.errors] == [(3, "name", "empty_name")]
    assert not DeportationList.objects.exists()
    made = border.import_list([row("\u200bSrey\u00ad Mom ", "\u2066Chan\u2069\ufeff", "F", "24")])
    deportee = made.deportees.get()
    assert (deportee.given_name, deportee.family_name) == ("Srey Mom", "Chan")
