"""Submissions exported from ODK Central and KoboToolbox become persons and screenings."""

import csv
import io
import json
from pathlib import Path

import pytest

from rumdoh.accounts.models import AuditEvent
from rumdoh.accounts.rules.roles import Role
from rumdoh.core.errors import NotAllowed
from rumdoh.people.models import AccessSource, Person, PersonAccess
from rumdoh.screening.imports import import_submissions
from rumdoh.screening.models import FieldSubmission, ScreeningRecord, SubmissionImport
from rumdoh.screening.rules import xlsform as xf
from tests.conftest import make_agency, make_user

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
CENTRAL_CSV = FIXTURES / "odk_central_short.csv"
CENTRAL_JSON = FIXTURES / "odk_central_short.json"
KOBO_CSV = FIXTURES / "kobo_short.csv"

# The four interviews of the fixtures and what the decision rule makes of them.
EXPECTED = {
    "3f1c2a9e-5b7d-4c1e-9a0f-1d2e3c4b5a61": "trafficking-indicated",  # deceived, threatened adult
    "8a7b6c5d-4e3f-4a1b-8c9d-0e1f2a3b4c5d": "not-indicated",  # no to everything
    "c0ffee00-1234-4abc-8def-0123456789ab": "trafficking-indicated",  # a child: no means needed
    "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9": "further-assessment",  # don't know, age unknown
}


@pytest.fixture
def screener():
    return make_user(Role.SCREENER, make_agency("Poipet Transit Centre", province="01"))


def decisions():
    return {
        f.instance_id: f.screening.determination
        for f in FieldSubmission.objects.select_related("screening")
    }


def form_paths(kind, separator):
    """The field paths of the generated form, as an export names them."""
    paths, groups = [], []
    for row in xf.survey(kind):
        if row["type"] == "begin group":
            groups.append(row["name"])
        elif row["type"] == "end group":
            groups.pop()
        elif row["type"] != "note":
            paths.append(separator.join([*groups, row["name"]]))
    return paths


def test_fixtures_name_the_fields_of_the_generated_form():
    with CENTRAL_CSV.open() as f:
        assert set(form_paths("short", "-")) <= set(next(csv.reader(f)))
    with KOBO_CSV.open() as f:
        assert set(form_paths("short", "/")) <= set(next(csv.reader(f, delimiter=";")))


@pytest.mark.parametrize("path", [CENTRAL_CSV, CENTRAL_JSON, KOBO_CSV])
def test_export_imports_as_screenings_with_the_decision_rule_applied(screener, path):
    report = import_submissions(
        path.read_bytes(), user=screener, context="operation", reference="7"
    )
    assert report.ok, report.errors
    assert report.created == 4
    assert decisions() == EXPECTED
    assert report.submission_import.reference == "7"
    assert report.submission_import.created == 4
    assert {o.instance_id: o.determination for o in report.outcomes} == EXPECTED


def test_each_submission_becomes_a_person_owned_by_the_importing_agency(screener):
    import_submissions(CENTRAL_CSV.read_bytes(), user=screener)
    record = FieldSubmission.objects.get(instance_id="3f1c2a9e-5b7d-4c1e-9a0f-1d2e3c4b5a61")
    person = record.screening.person
    assert (person.family_name, person.given_name, person.name_km) == ("Chan", "Dara", "ចាន់ ដារ៉ា")
    assert (person.nationality, person.sex, person.birth_year) == ("KH", "male", 2002)
    assert PersonAccess.objects.filter(
        person=person, agency=screener.agency, source=AccessSource.OWNER
    ).exists()
    screening = record.screening
    assert screening.agency == screener.agency
    assert (screening.context, screening.province, screening.age) == ("raid", "18", 24)
    assert screening.screened_at.isoformat() == "2026-03-02T02:10:05+00:00"
    assert screening.observations["FL-DECEPTION"] == "yes"


def test_names_are_sealed_at_rest(screener):
    from django.db import connection

    import_submissions(CENTRAL_CSV.read_bytes(), user=screener)
    with connection.cursor() as cursor:
        cursor.execute("SELECT family_name, name_km FROM people_person")
        stored = " ".join(str(v) for row in cursor.fetchall() for v in row)
    assert "Chan" not in stored and "ចាន់" not in stored


def test_reimport_skips_known_submissions_and_says_so(screener):
    import_submissions(CENTRAL_CSV.read_bytes(), user=screener)
    again = import_submissions(CENTRAL_JSON.read_bytes(), user=screener)
    assert again.ok
    assert (again.created, again.skipped) == (0, 4)
    assert all(o.skipped for o in again.outcomes)
    assert ScreeningRecord.objects.count() == 4
    assert Person.objects.count() == 4
    assert SubmissionImport.objects.count() == 2


def test_an_export_that_grew_imports_only_the_new_submissions(screener):
    doc = json.loads(CENTRAL_JSON.read_text())
    first = {**doc, "value": doc["value"][:2]}
    import_submissions(json.dumps(first).encode(), user=screener)
    report = import_submissions(CENTRAL_JSON.read_bytes(), user=screener)
    assert (report.created, report.skipped) == (2, 2)
    assert decisions() == EXPECTED


def rows_of(path):
    text = path.read_text()
    reader = csv.DictReader(io.StringIO(text))
    return reader.fieldnames, list(reader)


def csv_bytes(header, rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def test_bad_file_reports_submission_and_field_and_writes_nothing(screener):
    header, rows = rows_of(CENTRAL_CSV)
    rows[1]["indicators-journey-q_recruited"] = "maybe"
    rows[3]["person-age"] = "two hundred"
    rows[3]["screening-province"] = ""
    report = import_submissions(csv_bytes(header, rows), user=screener)
    assert not report.ok
    found = {(e["position"], e["field"], e["problem"]) for e in report.errors}
    assert found == {
        (2, "indicators-journey-q_recruited", "invalid-choice"),
        (4, "person-age", "invalid-age"),
        (4, "screening-province", "required"),
    }
    assert report.errors[0]["instance_id"] == "8a7b6c5d-4e3f-4a1b-8c9d-0e1f2a3b4c5d"
    assert "maybe" in report.errors[0]["message"]
    assert ScreeningRecord.objects.count() == 0
    assert Person.objects.count() == 0
    assert SubmissionImport.objects.count() == 0
    assert FieldSubmission.objects.count() == 0


@pytest.mark.parametrize(
    ("moment", "age"),
    [
        ("0001-01-01T09:00:00.000+07:00", ""),  # moved to UTC it falls before year 1
        ("1900-01-01T09:00:00.000+07:00", "24"),  # born in 1876
        ("1970-01-01T00:00:00.000Z", "24"),  # a tablet whose clock was reset
    ],
)
def test_a_submission_dated_before_2008_is_refused_beside_its_field(screener, moment, age):
    header, rows = rows_of(CENTRAL_CSV)
    rows[0].update({"start": moment, "SubmissionDate": moment, "person-age": age})
    report = import_submissions(csv_bytes(header, rows), user=screener)
    assert {(e["position"], e["field"], e["problem"]) for e in report.errors} == {
        (1, "SubmissionDate", "early-date"),
        (1, "start", "early-date"),
    }
    message = report.errors[0]["message"]
    assert "is before 2008-01-01: check the date and time of the tablet" in message
    assert ScreeningRecord.objects.count() == 0 and Person.objects.count() == 0


def test_an_age_that_puts_the_birth_before_1900_is_refused_beside_its_field(screener):
    """An age of 127 (typed for 27) made the person born in 1899: the whole import was refused
    by the person form's words ('Give a year between 1900 and 2026.'), naming no submission."""
    header, rows = rows_of(CENTRAL_CSV)
    rows[0]["person-age"] = "127"  # screened in 2026
    report = import_submissions(csv_bytes(header, rows), user=screener)
    assert [(e["position"], e["field"], e["problem"]) for e in report.errors] == [
        (1, "person-age", "invalid-age")
    ]
    assert report.errors[0]["message"] == "“127” is not an age in whole years from 0 to 126."
    assert ScreeningRecord.objects.count() == 0 and Person.objects.count() == 0
    rows[0]["person-age"] = "126"
    assert import_submissions(csv_bytes(header, rows), user=screener).ok


def test_a_submission_without_any_name_is_refused(screener):
    header, rows = rows_of(CENTRAL_CSV)
    rows[0].update({"person-family_name": "", "person-given_name": "", "person-name_km": ""})
    report = import_submissions(csv_bytes(header, rows), user=screener)
    assert [(e["position"], e["field"]) for e in report.errors] == [(1, "person-name_km")]


def test_the_same_instance_twice_in_one_file_is_refused(screener):
    header, rows = rows_of(CENTRAL_CSV)
    rows[2]["meta-instanceID"] = rows[2]["KEY"] = rows[0]["meta-instanceID"]
    report = import_submissions(csv_bytes(header, rows), user=screener)
    assert [(e["position"], e["problem"]) for e in report.errors] == [(3, "duplicate")]
    assert ScreeningRecord.objects.count() == 0


def test_a_form_from_another_catalogue_is_refused(screener):
    header, rows = rows_of(CENTRAL_CSV)
    rows[0]["catalogue_version"] = "2019.1"
    report = import_submissions(csv_bytes(header, rows), user=screener)
    assert report.errors[0]["problem"] == "other-catalogue"
    assert "2019.1" in report.errors[0]["message"]


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"\xff\xfe\x00garbage", "unreadable"),
        (b"name,age\nDara,24\n", "not-an-export"),
        (b'{"value": []}', "empty"),
        (b"{not json", "unreadable"),
    ],
)
def test_files_that_are_not_exports_are_refused_whole(screener, data, problem):
    report = import_submissions(data, user=screener)
    assert [(e["position"], e["problem"]) for e in report.errors] == [(0, problem)]


def test_kobo_label_exports_are_read_in_khmer_too(screener):
    text = KOBO_CSV.read_text().replace('"yes"', '"បាទ/ចាស"').replace('"no"', '"No"')
    report = import_submissions(text.encode(), user=screener)
    assert report.ok, report.errors
    assert decisions() == EXPECTED


def test_dry_run_previews_decisions_and_writes_nothing(screener):
    report = import_submissions(CENTRAL_CSV.read_bytes(), user=screener, dry_run=True)
    assert {o.instance_id: o.determination for o in report.outcomes} == EXPECTED
    assert ScreeningRecord.objects.count() == 0
    assert report.submission_import is None


def test_hook_sees_each_screening_and_can_roll_the_import_back(screener):
    seen = []

    def attach(record, submission, submission_import):
        seen.append((record.pk, submission.instance_id, submission_import.reference))
        if len(seen) == 3:
            raise RuntimeError("roster closed")

    with pytest.raises(RuntimeError):
        import_submissions(
            CENTRAL_CSV.read_bytes(), user=screener, reference="R", on_screening=attach
        )
    assert len(seen) == 3
    assert ScreeningRecord.objects.count() == 0
    assert Person.objects.count() == 0


def test_import_is_audited(screener):
    report = import_submissions(CENTRAL_CSV.read_bytes(), user=screener)
    event = AuditEvent.objects.get(action="screening.submissions_imported")
    assert event.data["created"] == 4
    assert str(report.submission_import.pk) == str(event.object_id)


@pytest.mark.parametrize("role", [Role.NCCT_ANALYST, Role.PROSECUTOR])
def test_roles_that_do_not_screen_may_not_import(role):
    user = make_user(role, make_agency())
    with pytest.raises(NotAllowed):
        import_submissions(CENTRAL_CSV.read_bytes(), user=user)
