"""What a centre or a desk officer can type that makes no sense is refused beside its field, in
their language, and never as a server error: a list expected in year 1, an age of "²", a cell
longer than a CSV reader takes, a nationality no one has, a passport number that is a script; a
reply dated ahead or before its request, a stage dated before the last, a reply due in 9999, a
request to a counterpart in Cambodia; a second return opened while one is under way."""

from __future__ import annotations

import html
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from rumdoh.crossborder import services
from rumdoh.crossborder.models import CounterpartRequest, DeportationList, Repatriation
from rumdoh.crossborder.rules.deportee_lists import read_rows
from rumdoh.people.models import IdentityDocument
from tests.conftest import login, make_person
from tests.crossborder.conftest import Border

LIST_DAY = date(2026, 11, 30)


def upload(client, content: str, expected_on: str = "2026-11-30"):  # type: ignore[no-untyped-def]
    return client.post(
        "/crossborder/lists/new/",
        {
            "file": SimpleUploadedFile("list.csv", content.encode()),
            "sent_by": "Sa Kaeo Immigration",
            "country": "TH",
            "crossing": "poipet",
            "expected_on": expected_on,
        },
    )


@pytest.mark.parametrize(
    "day,words",
    [("0001-01-01", "before 2008-01-01"), ("1999-05-01", "before 2008"), ("9999-12-31", "later")],
)
def test_a_list_expected_out_of_time_is_refused_beside_its_date(
    border: Border, day: str, words: str
) -> None:
    response = upload(login(border.worker), "Name,Surname,Sex,Age\nDara,Sok,M,25\n", day)
    assert response.status_code == 200
    assert words in response.context["form"].errors["expected_on"][0]
    assert not DeportationList.objects.exists()


def test_the_api_refuses_a_list_expected_in_year_one_on_its_field(border: Border) -> None:
    response = login(border.worker).post(
        "/api/v1/crossborder/lists/",
        {"file": SimpleUploadedFile("l.csv", b"Name,Sex,Age\nDara,M,25\n"), "sent_by": "x",
         "crossing": "poipet", "expected_on": "0001-01-01"},
    )  # fmt: skip
    assert response.status_code == 400 and "2008" in response.json()["expected_on"][0]


@pytest.mark.parametrize("age", ["²", "①", "3²"])
def test_a_digit_that_is_no_number_is_an_age_error_of_its_row(age: str) -> None:
    read = read_rows(["Name", "Sex", "Age"], [{"Name": "Dara", "Sex": "M", "Age": age}],
                     list_date=LIST_DAY)  # fmt: skip
    assert [(e.row, e.column, e.code) for e in read.errors] == [(2, "age", "bad_age")]


def test_khmer_and_thai_digits_are_still_ages() -> None:
    read = read_rows(
        ["Name", "Sex", "Age"],
        [{"Name": "Dara", "Sex": "M", "Age": "២៥"}, {"Name": "Sok", "Sex": "M", "Age": "๓๐"}],
        list_date=LIST_DAY,
    )
    assert read.ok and [r.birth_year for r in read.rows] == [2001, 1996]


def test_a_cell_longer_than_a_csv_reader_takes_is_refused_beside_the_file(
    border: Border,
) -> None:
    content = "Name,Sex,Age\n" + "D" * 140_000 + ",M,25\n"
    response = upload(login(border.worker), content)
    assert response.status_code == 200
    assert "cell is too long" in response.context["form"].errors["file"][0]
    assert not DeportationList.objects.exists()


def test_an_unknown_nationality_and_a_document_that_is_no_number_are_row_errors() -> None:
    read = read_rows(
        ["Name", "Sex", "Age", "Nationality", "Passport"],
        [
            {"Name": "Dara", "Sex": "M", "Age": "25", "Nationality": "ZZ", "Passport": ""},
            {"Name": "Sok", "Sex": "M", "Age": "30", "Nationality": "vn",
             "Passport": "<script>x</script>"},
        ],
        list_date=LIST_DAY,
    )  # fmt: skip
    assert [(e.row, e.column, e.code) for e in read.errors] == [
        (2, "nationality", "bad_nationality"),
        (3, "document_number", "bad_document"),
    ]
    fine = read_rows(
        ["Name", "Sex", "Nationality", "Passport"],
        [{"Name": "Nguyen Thi\x00 Lan", "Sex": "F", "Nationality": "vn", "Passport": "c-77889/90"}],
        list_date=LIST_DAY,
    )
    assert fine.ok and fine.rows[0].nationality == "VN"
    assert fine.rows[0].given_name == "Nguyen Thi Lan", "a NUL a spreadsheet left is no letter"
    assert fine.rows[0].document_number == "C-77889/90"


def test_a_deportees_passport_is_issued_by_the_country_of_her_nationality(
    border: Border,
) -> None:
    made = services.import_list(
        border.worker,
        services.ListDetails("Sa Kaeo", "TH", "poipet", LIST_DAY),
        ["Name", "Surname", "Sex", "Age", "Passport", "Nationality"],
        [{"Name": "Thi Lan", "Surname": "Nguyen", "Sex": "F", "Age": "28",
          "Passport": "C7788990", "Nationality": "Vietnamese"}],
    )  # fmt: skip
    deportee = services.register_arrival(border.screener, made.deportees.get().pk)
    document = IdentityDocument.objects.get(person=deportee.person)
    assert document.issuing_country == "VN"


def evidence_request(border: Border, **more: object) -> CounterpartRequest:
    return services.open_request(
        border.investigator,
        {"direction": "outgoing", "kind": "evidence", "counterpart_name": "Thai AHTD",
         "country": "TH", "subject": "Bank records", "sent_on": date(2026, 10, 1), **more},
    )  # fmt: skip


def test_a_reply_dated_ahead_or_before_its_request_is_refused_beside_its_date(
    border: Border,
) -> None:
    item = evidence_request(border)
    client = login(border.investigator)
    url = f"/crossborder/requests/{item.pk}/"
    for day, words in (
        ((timezone.localdate() + timedelta(days=3)).isoformat(), "future"),
        ("2026-09-30", "before the request"),
    ):
        response = client.post(url, {"replied_on": day, "reply": "Records sent.", "version": 1})
        assert response.status_code == 200
        assert words in response.context["form"].errors["replied_on"][0]
        assert "Records sent." in response.content.decode(), "the reply typed is kept"
    item.refresh_from_db()
    assert item.replied_on is None


def test_a_reply_due_in_9999_or_a_counterpart_in_cambodia_is_refused_beside_the_field(
    border: Border,
) -> None:
    client = login(border.investigator)
    form = {"direction": "outgoing", "kind": "evidence", "counterpart_name": "Thai AHTD",
            "country": "TH", "subject": "Bank records", "sent_on": "2026-10-01"}  # fmt: skip
    due = client.post("/crossborder/requests/new/", {**form, "due_on": "9999-12-31"})
    assert "check the year" in due.context["form"].errors["due_on"][0]
    home = client.post("/crossborder/requests/new/", {**form, "country": "KH"})
    assert "cannot be Cambodia" in home.context["form"].errors["country"][0]
    api = client.post(
        "/api/v1/crossborder/requests/", {**form, "due_on": "9999-12-31"},
        content_type="application/json",
    )  # fmt: skip
    assert api.status_code == 400 and "due_on" in api.json()
    assert not CounterpartRequest.objects.exists()


def test_the_requests_list_names_the_country_in_the_readers_language(border: Border) -> None:
    evidence_request(border)
    client = login(border.investigator)
    english = client.get("/crossborder/requests/").content.decode()
    assert "Thai AHTD (Thailand)" in english
    khmer = client.get("/crossborder/requests/", HTTP_ACCEPT_LANGUAGE="km").content.decode()
    assert "Thai AHTD (ថៃ)" in khmer


def open_home(border: Border, person):  # type: ignore[no-untyped-def]
    return services.open_repatriation(
        border.worker,
        person,
        {"direction": "home", "country": "TH", "requested_on": date(2026, 12, 1)},
    )


def test_a_stage_dated_before_the_last_is_refused_beside_its_date(border: Border) -> None:
    repatriation = open_home(border, make_person(border.worker))
    response = login(border.worker).post(
        f"/crossborder/repatriations/{repatriation.pk}/stage/",
        {"stage": "documents", "on": "2026-11-20", "note": "Laissez-passer", "version": 1},
    )
    assert response.status_code == 400  # the page again, with the form as sent
    assert "before the last stage" in response.context["move_form"].errors["on"][0]


def test_a_second_return_is_refused_while_one_is_under_way(border: Border) -> None:
    person = make_person(border.worker)
    first = open_home(border, person)
    response = login(border.worker).post(
        "/crossborder/repatriations/new/",
        {"person": person.reference, "direction": "home", "country": "TH",
         "requested_on": "2026-12-02"},
    )  # fmt: skip
    assert response.status_code == 200
    message = response.context["form"].errors["person"][0]
    assert first.reference in message and "Requested" in message
    assert Repatriation.objects.count() == 1
    services.move_repatriation(
        border.worker, first.pk, "cancelled", on=date(2026, 12, 2), version=1
    )
    again = open_home(border, person)
    assert again.pk != first.pk


def test_a_list_whose_rows_end_in_a_carriage_return_alone_is_read(border: Border) -> None:
    response = upload(login(border.worker), "Name;Sex;Age\rDara;M;25\rSok;F;30\r")
    assert response.status_code == 302
    assert DeportationList.objects.get().deportees.count() == 2


def test_the_page_names_the_columns_it_did_not_read_but_not_the_row_number(
    border: Border,
) -> None:
    client = login(border.worker)
    response = client.post(
        "/crossborder/lists/new/",
        {"file": SimpleUploadedFile("l.csv", b"No.,Name,Sex,Age,Passpot\n1,Dara,M,25,N1\n"),
         "sent_by": "Sa Kaeo", "country": "TH", "crossing": "poipet",
         "expected_on": "2026-11-30"},
        follow=True,
    )  # fmt: skip
    page = response.content.decode()
    assert "These columns were not read" in page and "“Passpot”" in page
    assert "“No.”" not in page


def test_the_api_names_the_columns_it_did_not_read_on_an_import_and_a_refusal(
    border: Border,
) -> None:
    client = login(border.worker)
    details = {"sent_by": "Sa Kaeo", "crossing": "poipet", "expected_on": "2026-11-30"}
    made = client.post(
        "/api/v1/crossborder/lists/",
        {"file": SimpleUploadedFile("l.csv", b"No.,Name,Sex,Passpot,Notes\n1,Dara,M,N1,x\n"),
         **details},
    )  # fmt: skip
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["ignored_columns"] == ["Passpot", "Notes"]
    assert body["listed"] == 1 and body["reference"].startswith("DL-")
    plain = client.post(
        "/api/v1/crossborder/lists/",
        {"file": SimpleUploadedFile("m.csv", b"Name,Sex\nSok,F\n"), **details},
    )
    assert plain.status_code == 201 and plain.json()["ignored_columns"] == []
    refused = client.post(
        "/api/v1/crossborder/lists/",
        {"file": SimpleUploadedFile("n.csv", b"Name,Sex,Passpot\nVy,Q,N2\n"), **details},
    )
    assert refused.status_code == 400
    assert refused.json()["ignored_columns"] == ["Passpot"]
    assert refused.json()["rows"][0]["column"] == "sex"


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "These columns were not read, as no column of a deportation list has that name"),
        ("km", "ជួរឈរទាំងនេះមិនត្រូវបានអានទេ"),
    ],
)
def test_a_refused_list_s_page_names_the_columns_it_did_not_read_too(
    border: Border, language: str, words: str
) -> None:
    client = login(border.worker)
    client.cookies["django_language"] = language
    response = client.post(
        "/crossborder/lists/new/",
        {"file": SimpleUploadedFile("l.csv", b"Name,Sex,Passpot\nDara,Q,N1\n"),
         "sent_by": "Sa Kaeo", "country": "TH", "crossing": "poipet",
         "expected_on": "2026-11-30"},
    )  # fmt: skip
    page = html.unescape(response.content.decode())
    assert response.status_code == 200 and words in page and "“Passpot”" in page
    assert not DeportationList.objects.exists()


def test_the_schema_documents_the_columns_not_read(border: Border) -> None:
    schema = login(border.worker).get("/api/v1/schema/?format=json").json()
    create = schema["paths"]["/api/v1/crossborder/lists/"]["post"]["responses"]
    ref = create["201"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    fields = schema["components"]["schemas"][ref]["properties"]
    assert fields["ignored_columns"]["type"] == "array"
    assert {"id", "reference", "listed", "arrived", "screened"} <= set(fields)
    assert "ignored_columns" in str(create["400"])


def test_a_second_column_of_a_field_is_not_read_and_is_named(border: Border) -> None:
    """Two columns of one field (two "Name" headings, or "Passport" beside "ID No."): the first
    is read and the second named among the columns not read. The second was dropped without a
    word, and of two columns under one heading the last was read, not the first."""
    headers, rows = services.read_table(
        b"No.,Name,Sex,Passport,ID No.,Name\n1,Dara,M,N0123,X9876,Sok\n", "l.csv"
    )
    read = read_rows(headers, rows, list_date=LIST_DAY)
    assert read.ok, read.errors
    assert (read.rows[0].given_name, read.rows[0].document_number) == ("Dara", "N0123")
    assert read.unknown_columns == ["ID No.", "Name"]
    client = login(border.worker)
    made = client.post(
        "/api/v1/crossborder/lists/",
        {"file": SimpleUploadedFile("l.csv", b"Name,Sex,Name\nDara,M,Sok\n"),
         "sent_by": "Sa Kaeo", "crossing": "poipet", "expected_on": "2026-11-30"},
    )  # fmt: skip
    assert made.status_code == 201 and made.json()["ignored_columns"] == ["Name"]
    assert DeportationList.objects.get().deportees.get().given_name == "Dara"


RECOGNITION = {
    "country": "TH",
    "authority": "Ministry of Social Development and Human Security, Thailand",
    "decision_reference": "MSDHS 77/2569",
    "exploitation_types": ["forced_labour"],
}


@pytest.mark.parametrize(
    ("decided_on", "english", "khmer"),
    [
        ("0001-01-01", "The date cannot be before 2008-01-01: check the year.",
         "កាលបរិច្ឆេទមិនអាចមុន 2008-01-01 បានទេ៖ សូមពិនិត្យឆ្នាំ។"),
        ("9999-12-31", "The date cannot be in the future.", None),
    ],
)  # fmt: skip
def test_a_decision_abroad_dated_out_of_time_is_refused_by_decided_on(
    border: Border, decided_on: str, english: str, khmer: str | None
) -> None:
    """A victim identification made abroad was recognised whatever day it was decided on: one
    decided in 9999 or in year 1 opened an identification and services."""
    from django.utils import translation
    from rest_framework.test import APIClient

    from rumdoh.core.errors import FieldRefused
    from rumdoh.crossborder.models import ForeignIdentification

    person = make_person(border.identifier)
    client = login(border.identifier)
    url = f"/crossborder/persons/{person.pk}/recognise/"
    page = client.post(url, RECOGNITION | {"decided_on": decided_on})
    assert page.status_code == 200
    assert english in html.unescape(page.content.decode())
    if khmer:
        client.cookies["django_language"] = "km"
        khmer_page = client.post(url, RECOGNITION | {"decided_on": decided_on})
        assert khmer in html.unescape(khmer_page.content.decode())
    day = date.fromisoformat(decided_on)
    with translation.override("en"), pytest.raises(FieldRefused) as refused:
        services.recognise_identification(
            border.identifier, person, RECOGNITION | {"decided_on": day}
        )
    assert (refused.value.field, str(refused.value)) == ("decided_on", english)
    api = APIClient()
    api.force_authenticate(border.identifier)
    answer = api.post(
        "/api/v1/crossborder/recognitions/",
        RECOGNITION | {"decided_on": decided_on, "person": person.pk},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert answer.status_code == 400 and answer.json() == {"decided_on": [english]}
    assert not ForeignIdentification.objects.exists()
