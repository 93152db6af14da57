"""Roster files as spreadsheets and people write them: what is read, and what is refused with a
message in the reader's language instead of an error page."""

from __future__ import annotations

import html
import io

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from rumdoh.core.errors import Refused
from rumdoh.core.places import LANGUAGES, NATIONALITIES
from rumdoh.crossborder.rules.deportee_lists import HEADER_ALIASES
from rumdoh.operations.rules import roster
from rumdoh.operations.tables import rows_of
from rumdoh.people.models import IdentityDocument
from tests.conftest import login
from tests.operations.helpers import Raid, roster_csv, roster_rows


@pytest.fixture
def raid(db: None) -> Raid:
    return Raid()


def upload(raid: Raid, content: bytes, language: str = "en", name: str = "roster.csv"):  # type: ignore[no-untyped-def]
    client = login(raid.officer)
    client.cookies["django_language"] = language
    file = io.BytesIO(content)
    file.name = name
    url = reverse("operations:roster_import", args=[raid.operation.pk])
    return client.post(url, {"file": file})


def page_text(response) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(response.content.decode())


# --- a cell past the csv module's limit -----------------------------------------------------


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Row 3 of the file has a cell of more than 131,072 characters"),
        ("km", "ជួរទី 3 នៃឯកសារមានក្រឡាមួយដែលមានច្រើនជាង 131,072 តួអក្សរ"),
    ],
)
def test_a_cell_too_long_for_a_csv_reader_is_refused_beside_the_file(
    raid: Raid, language: str, message: str
) -> None:
    rows = roster_rows(3)
    rows[1][0] = "x" * 131_073
    response = upload(raid, roster_csv(rows), language)
    assert response.status_code == 200
    assert message in page_text(response)
    assert not raid.operation.roster.exists()


def test_a_csv_whose_rows_end_with_a_carriage_return_alone_is_read() -> None:
    content = roster_csv(roster_rows(2)).replace(b"\r\n", b"\r")
    rows = list(rows_of(io.BytesIO(content), "roster.csv"))
    assert [row[0] for row in rows] == ["Family name", "Family0", "Family1"]


def test_the_reader_refuses_rather_than_fails_on_a_long_cell_in_the_header() -> None:
    with pytest.raises(Refused, match="Row 1 of the file"):
        rows_of(io.BytesIO(b"Nationality," + b"y" * 200_000 + b"\nCN,x\n"), "roster.csv")


# --- as a Khmer keyboard and a spreadsheet write it -----------------------------------------


def read(table: list[list[object]]) -> roster.Reading:
    return roster.read_roster(
        table, nationalities=NATIONALITIES, languages=LANGUAGES, this_year=2026
    )


def test_an_age_or_a_year_in_khmer_digits_and_a_sex_in_khmer_are_read() -> None:
    reading = read(
        [
            ["Family name", "Nationality", "Sex", "Age", "Year of birth"],
            ["Sok", "KH", "ស្រី", "២៥", ""],
            ["Dara", "KH", "ប្រុស", "", "១៩៩៨"],
            ["Vy", "KH", "ផ្សេងទៀត", "៤០.0", ""],
        ]
    )
    assert reading.ok, reading.errors
    assert [(r.sex, r.birth_year, r.age_estimated) for r in reading.rows] == [
        ("female", 2001, True),
        ("male", 1998, False),
        ("other", 1986, True),
    ]


def test_other_scripts_digits_and_an_age_past_the_limit_in_khmer_are_still_refused() -> None:
    reading = read([["Family name", "Nationality", "Age"], ["A", "KH", "²⁵"], ["B", "KH", "១២១"]])
    assert [(e.row, e.column, e.problem) for e in reading.errors] == [
        (2, "age", roster.BAD_AGE),
        (3, "age", roster.BAD_AGE),
    ]


def test_a_tab_separated_roster_is_imported(raid: Raid) -> None:
    content = roster_csv(roster_rows(3)).decode().replace(",", "\t").encode()
    response = upload(raid, content, name="roster.txt")
    assert response.status_code == 302
    names = sorted(raid.operation.roster.values_list("person__family_name", flat=True))
    assert names == ["Family0", "Family1", "Family2"]


# --- a NUL character ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "column", "message"),
    [("en", "Given name", "This cell holds a NUL character"), ("km", "នាមខ្លួន", "តួអក្សរ NUL")],
)
def test_a_nul_character_in_a_cell_is_refused_by_row_and_column(
    raid: Raid, language: str, column: str, message: str
) -> None:
    rows = roster_rows(3)
    rows[1][1] = "Giv\x00en1"
    response = upload(raid, roster_csv(rows), language)
    text = page_text(response)
    assert response.status_code == 200
    assert f'<td class="num">3</td><td>{column}</td><td><bdi>Giv␀en1</bdi></td>' in text
    assert message in text and "\x00" not in text
    assert not raid.operation.roster.exists()


def test_a_nul_character_is_the_one_problem_said_of_its_cell() -> None:
    reading = read([["Family name", "Nationality"], ["Sok", "K\x00H"], ["Da\x00ra", "KH"]])
    assert [(e.row, e.column, e.problem, e.value) for e in reading.errors] == [
        (2, "nationality", roster.NUL_CHARACTER, "K␀H"),
        (3, "family_name", roster.NUL_CHARACTER, "Da␀ra"),
    ]


# --- the columns read, and those not read ---------------------------------------------------

PASSPORT_NO = ["Family name", "Given name", "Nationality", "Passport No.", "Remarks", "Age"]


def passport_rows() -> list[list[str]]:
    return [[f"Family{i}", f"Given{i}", "VN", f"C{7000000 + i}", "kitchen", "30"] for i in range(2)]


@pytest.mark.parametrize(
    "heading",
    ["Passport No.", "passport_no", "PASSPORT NUMBER", "Passport #", "ID No.", "Document No"],
)
def test_the_usual_spellings_of_a_passport_column_are_read(heading: str) -> None:
    reading = read([["Surname", "Nationality", heading], ["Tran", "VN", "C 1234567"]])
    assert reading.ok and reading.unknown_columns == []
    assert reading.rows[0].document_number == "C 1234567"


def test_every_document_heading_of_the_deportation_lists_is_read_on_a_roster() -> None:
    spellings = [h for h, target in HEADER_ALIASES.items() if target == "document_number"]
    for heading in spellings:
        mapping, unknown = roster.map_header(["Nationality", heading])
        assert mapping.get(1) == "document_number" and unknown == [], heading


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "These columns were not read, as a roster has no column of that name: “Remarks”."),
        ("km", "ជួរឈរទាំងនេះមិនត្រូវបានអានទេ ព្រោះបញ្ជីឈ្មោះគ្មានជួរឈរដែលមានឈ្មោះនោះទេ៖ “Remarks”។"),
    ],
)
def test_a_roster_keeps_its_passports_and_the_page_names_the_columns_not_read(
    raid: Raid, language: str, message: str
) -> None:
    client = login(raid.officer)
    client.cookies["django_language"] = language
    file = io.BytesIO(roster_csv(passport_rows(), PASSPORT_NO))
    file.name = "roster.csv"
    url = reverse("operations:roster_import", args=[raid.operation.pk])
    response = client.post(url, {"file": file}, follow=True)
    assert message in page_text(response)
    numbers = IdentityDocument.objects.filter(person__roster_entries__operation=raid.operation)
    assert sorted(d.number for d in numbers) == ["C7000000", "C7000001"]


def test_a_rejected_roster_names_the_columns_not_read_too(raid: Raid) -> None:
    rows = passport_rows()
    rows[0][2] = "Mars"
    response = upload(raid, roster_csv(rows, [*PASSPORT_NO, "Passport"]))
    text = page_text(response)
    assert response.status_code == 200 and 'id="roster-problems"' in text
    assert "has no column of that name: “Remarks”, “Passport”." in text


def test_the_api_names_the_columns_not_read(raid: Raid) -> None:
    client = APIClient()
    client.force_authenticate(raid.officer)
    body = {"operation": raid.operation.pk, "rows": [PASSPORT_NO, *passport_rows()]}
    response = client.post("/api/v1/roster-entries/import/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json() == {
        "added": 2,
        "linked": 0,
        "deported": 0,
        "ignored_columns": ["Remarks"],
    }
    body["rows"][1][2] = "Mars"
    rejected = client.post("/api/v1/roster-entries/import/", body, format="json")
    assert rejected.status_code == 400 and rejected.json()["ignored_columns"] == ["Remarks"]


# --- names that show nothing ----------------------------------------------------------------

INVISIBLE = "\u200b\u2060\ufeff\u00ad\u202e"  # zero-width space, word joiner, BOM, soft hyphen, RLO


def test_a_name_of_characters_that_show_nothing_is_no_name_and_a_name_is_read_clean() -> None:
    reading = read(
        [
            ["Family name", "Given name", "Nationality"],
            [INVISIBLE, f" {INVISIBLE} ", "CN"],
            [f" So\u200bk{INVISIBLE}", "\u2066Da\u00adra\u2069", "KH"],
            ["\u3164", "", "VN"],
        ]
    )
    assert [(e.row, e.column, e.problem) for e in reading.errors] == [
        (2, "family_name", roster.NO_NAME),
        (4, "family_name", roster.NO_NAME),
    ]
    assert (reading.rows[1].family_name, reading.rows[1].given_name) == ("Sok", "Dara")


def test_a_name_is_as_long_as_what_it_shows() -> None:
    reading = read([["Family name", "Nationality"], ["S" * 100 + "\u200b" * 5, "KH"]])
    assert reading.ok, reading.errors
    assert reading.rows[0].family_name == "S" * 100


@pytest.mark.parametrize(("language", "column"), [("en", "Family name"), ("km", "នាមត្រកូល")])
def test_a_roster_row_named_only_by_invisible_characters_is_refused_by_row_and_column(
    raid: Raid, language: str, column: str
) -> None:
    rows = roster_rows(3)
    rows[1][0], rows[1][1] = INVISIBLE, "\u200b \u200b"
    response = upload(raid, roster_csv(rows), language)
    text = page_text(response)
    assert response.status_code == 200 and 'id="roster-problems"' in text
    assert f'<td class="num">3</td><td>{column}</td>' in text
    assert not raid.operation.roster.exists()


def test_a_person_added_by_hand_with_an_invisible_name_is_refused_and_a_name_kept_clean(
    raid: Raid,
) -> None:
    from rumdoh.operations import services

    with pytest.raises(services.RosterRejected) as refused:
        services.add_entry(
            raid.officer, raid.operation, {"family_name": INVISIBLE, "nationality": "CN"}
        )
    assert [(e.column, e.problem) for e in refused.value.errors] == [
        ("family_name", roster.NO_NAME)
    ]
    entry = services.add_entry(
        raid.officer,
        raid.operation,
        {"family_name": f"\u200bWang{INVISIBLE} ", "given_name": " Li\u2060", "nationality": "CN"},
    )
    assert (entry.person.family_name, entry.person.given_name) == ("Wang", "Li")
