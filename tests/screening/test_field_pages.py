"""Pages and API of offline field collection: forms to download, uploads, import reports."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from pyxform.xls2xform import convert
from rest_framework.test import APIClient

from rumdoh.accounts.models import AuditEvent
from rumdoh.accounts.rules.roles import Role
from rumdoh.linkage.models import LinkRun
from rumdoh.people.models import Person
from rumdoh.screening.imports import MAX_SUBMISSIONS, import_submissions
from rumdoh.screening.models import FieldSubmission, ScreeningRecord, SubmissionImport
from rumdoh.screening.rules import xlsform as xf
from tests.conftest import login, make_agency, make_user

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
CENTRAL_CSV = FIXTURES / "odk_central_short.csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def screener():
    return make_user(Role.SCREENER, make_agency("Poipet Transit Centre", province="01"))


def client_for(user, language="en"):
    client = login(user)
    client.cookies["django_language"] = language
    return client


def api(user):
    client = APIClient()
    client.force_authenticate(user, token="token")
    return client


def upload(name="central.csv", data=None):
    return SimpleUploadedFile(name, data or CENTRAL_CSV.read_bytes(), content_type="text/csv")


# --- management command ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["short", "detailed"])
def test_command_writes_an_xlsform_pyxform_converts(tmp_path, kind):
    out = tmp_path / f"{kind}.xlsx"
    call_command("xlsform", kind, "--out", str(out), stdout=io.StringIO())
    assert load_workbook(out).sheetnames == ["survey", "choices", "settings"]
    assert f'id="rumdoh_screening_{kind}"' in convert(str(out)).xform


# --- pages -----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "km"])
def test_field_page_lists_both_forms_with_download_buttons(screener, language):
    response = client_for(screener, language).get(reverse("screening:field"))
    html = response.content.decode()
    assert response.status_code == 200
    for kind in ("short", "detailed"):
        assert reverse("screening:field_download", args=[kind]) in html
        assert xf.form_version(kind) in html
    if language == "km":
        assert "ទម្រង់" in html


def test_download_gives_the_workbook(screener):
    response = client_for(screener).get(reverse("screening:field_download", args=["detailed"]))
    assert response["Content-Type"] == XLSX
    assert "rumdoh_screening_detailed" in response["Content-Disposition"]
    assert "rumdoh_screening_detailed" in convert(response.content, file_type=".xlsx").xform


def test_roles_that_do_not_screen_cannot_open_the_field_pages():
    analyst = make_user(Role.NCCT_ANALYST, make_agency())
    assert client_for(analyst).get(reverse("screening:field")).status_code == 403
    assert client_for(analyst).get(reverse("screening:field_upload")).status_code == 403


def test_upload_imports_and_shows_the_import(screener):
    response = client_for(screener).post(
        reverse("screening:field_upload"), {"file": upload(), "reference": "OP-7"}, follow=True
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert ScreeningRecord.objects.count() == 4
    assert "OP-7" in html
    for record in ScreeningRecord.objects.all():
        assert record.reference in html
    assert AuditEvent.objects.filter(action="screening.listed").exists()


def test_the_import_and_its_screenings_name_the_screener_by_name(screener):
    screener.username, screener.first_name, screener.last_name = "poipet.field", "Sreymom", "Keo"
    screener.save()
    client = client_for(screener)
    client.post(reverse("screening:field_upload"), {"file": upload(), "reference": "OP-7"})
    record = SubmissionImport.objects.get()
    pages = [
        client.get(reverse("screening:field")).content.decode(),
        client.get(reverse("screening:field_import", args=[record.pk])).content.decode(),
        client.get(reverse("screening:list")).content.decode(),
    ]
    for html in pages:
        assert "poipet.field" not in html
    assert "<td>Sreymom Keo</td>" in pages[0] and "<dd>Sreymom Keo</dd>" in pages[1]
    assert "<td>Sreymom Keo</td>" in pages[2]


def test_check_only_previews_decisions_and_saves_nothing(screener):
    response = client_for(screener).post(
        reverse("screening:field_upload"), {"file": upload(), "check_only": "on"}
    )
    html = response.content.decode()
    assert "Trafficking indicated" in html and "Further assessment needed" in html
    assert "Nothing has been saved yet" in html
    assert ScreeningRecord.objects.count() == 0


def test_a_checked_file_is_imported_next_without_choosing_it_again_in_khmer(screener):
    client = client_for(screener, "km")
    url = reverse("screening:field_upload")
    checked = client.post(url, {"file": upload(), "reference": "OP-7", "check_only": "on"})
    form = checked.context["form"]
    assert form["reference"].value() == "OP-7" and form["checked"].value()
    assert "ឯកសារដែលបានពិនិត្យ central.csv ត្រូវបានរក្សាទុកដោយបិទត្រា" in checked.content.decode()
    saved = client.post(url, {"checked": form["checked"].value(), "reference": "OP-7"})
    assert saved.status_code == 302
    record = SubmissionImport.objects.get()
    assert (record.file_name, record.reference) == ("central.csv", "OP-7")
    assert ScreeningRecord.objects.count() == record.created > 0


def test_bad_upload_shows_the_problems_in_khmer(screener):
    text = CENTRAL_CSV.read_text().replace(",18,", ",99,", 1)
    response = client_for(screener, "km").post(
        reverse("screening:field_upload"), {"file": upload(data=text.encode())}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "screening-province" in html
    assert "“99” មិនមែនជាជម្រើសមួយរបស់វាលនេះទេ។" in html
    assert "គ្មានអ្វីត្រូវបានរក្សាទុកទេ" in html
    assert ScreeningRecord.objects.count() == 0


def test_another_agency_cannot_see_an_import(screener):
    report = import_submissions(CENTRAL_CSV.read_bytes(), user=screener)
    url = reverse("screening:field_import", args=[report.submission_import.pk])
    assert client_for(screener).get(url).status_code == 200
    other = make_user(Role.SCREENER, make_agency("Other"))
    assert client_for(other).get(url).status_code == 404
    listing = client_for(other).get(reverse("screening:field")).content.decode()
    assert report.submission_import.reference_code not in listing


def test_import_list_filters_by_reference(screener):
    import_submissions(CENTRAL_CSV.read_bytes(), user=screener, reference="OP-1")
    import_submissions(CENTRAL_CSV.read_bytes(), user=screener, reference="OP-2")
    html = client_for(screener).get(reverse("screening:field") + "?q=OP-2").content.decode()
    assert "OP-2" in html and "OP-1" not in html


@pytest.mark.parametrize(
    ("language", "said"),
    [("en", "Write the date as year-month-day"), ("km", "សូមសរសេរកាលបរិច្ឆេទជា ឆ្នាំ-ខែ-ថ្ងៃ")],
)
def test_import_list_says_how_to_write_a_date_it_cannot_read(screener, language, said):
    client = client_for(screener)
    client.cookies["django_language"] = language
    html = client.get(reverse("screening:field"), {"since": "20/11/2026"}).content.decode()
    assert said in html


def test_an_import_list_filter_it_cannot_read_lists_no_import(screener):
    """A date the filter cannot read listed every import, as if no filter had been asked for,
    where every other list shows none beside the message."""
    import_submissions(CENTRAL_CSV.read_bytes(), user=screener, reference="OP-1")
    html = client_for(screener).get(reverse("screening:field"), {"since": "20/11/2026"})
    assert "Write the date as year-month-day" in html.content.decode()
    assert "OP-1" not in html.content.decode()


# --- API -------------------------------------------------------------------------------------


def test_api_lists_the_field_forms(screener):
    response = api(screener).get("/api/v1/screening/field-forms/")
    assert response.status_code == 200
    rows = {row["form"]: row for row in response.json()}
    assert rows["short"]["version"] == xf.form_version("short")
    assert rows["detailed"]["xlsx"] == "/api/v1/screening/field-forms/detailed/xlsx"


def test_api_gives_the_workbook(screener):
    response = api(screener).get("/api/v1/screening/field-forms/short/xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "rumdoh_screening_short" in convert(response.content, file_type=".xlsx").xform
    assert api(screener).get("/api/v1/screening/field-forms/long/xlsx").status_code == 404


def test_api_import_creates_screenings_then_skips_them(screener):
    first = api(screener).post(
        "/api/v1/screening/imports", {"file": upload(), "reference": "OP-9"}, format="multipart"
    )
    assert first.status_code == 201, first.content
    assert first.json()["created"] == 4
    assert first.json()["reference"].startswith("FI-")
    again = api(screener).post("/api/v1/screening/imports", {"file": upload()}, format="multipart")
    assert again.status_code == 201
    assert (again.json()["created"], again.json()["skipped"]) == (0, 4)
    assert FieldSubmission.objects.count() == 4


def test_api_import_of_a_bad_file_answers_400_with_the_problems(screener):
    response = api(screener).post(
        "/api/v1/screening/imports", {"file": upload(data=b"a,b\n1,2\n")}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["problem"] == "not-an-export"
    missing = api(screener).post("/api/v1/screening/imports", {}, format="multipart")
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["field"] == "file"


def test_api_dry_run_answers_200_and_saves_nothing(screener):
    response = api(screener).post(
        "/api/v1/screening/imports", {"file": upload(), "dry_run": "true"}, format="multipart"
    )
    assert response.status_code == 200
    assert len(response.json()["outcomes"]) == 4
    assert ScreeningRecord.objects.count() == 0


def test_api_refuses_roles_that_do_not_screen():
    analyst = make_user(Role.NCCT_ANALYST, make_agency())
    assert api(analyst).get("/api/v1/screening/field-forms/").status_code == 403
    response = api(analyst).post(
        "/api/v1/screening/imports", {"file": upload()}, format="multipart"
    )
    assert response.status_code == 403


# --- a file over the cap -----------------------------------------------------------------------


def over_the_cap() -> bytes:
    """An export of one submission more than an import takes (the fixture's rows, repeated)."""
    header, *rows = CENTRAL_CSV.read_text().splitlines()
    body = [rows[i % len(rows)] for i in range(MAX_SUBMISSIONS + 1)]
    return "\n".join([header, *body]).encode()


def nothing_was_written() -> bool:
    return not (
        Person.objects.exists()
        or ScreeningRecord.objects.exists()
        or SubmissionImport.objects.exists()
        or LinkRun.objects.exists()
    )


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "The file holds {count} submissions; one import takes at most {cap}. Nothing"),
        ("km", "ឯកសារនេះមានទិន្នន័យ {count} ប៉ុន្តែការនាំចូលមួយលើកទទួលយកបានយ៉ាងច្រើន {cap}"),
    ],
)
def test_a_file_over_the_cap_is_refused_with_its_count_and_the_cap(screener, language, said):
    data = {"file": upload(data=over_the_cap()), "reference": "OP-9"}
    response = client_for(screener, language).post(reverse("screening:field_upload"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert said.format(count=MAX_SUBMISSIONS + 1, cap=MAX_SUBMISSIONS) in html
    assert 'value="OP-9"' in html  # what was typed stays in the form
    assert nothing_was_written()


def test_the_api_refuses_a_file_over_the_cap_and_writes_nothing(screener):
    response = api(screener).post(
        "/api/v1/screening/imports",
        {"file": upload(data=over_the_cap())},
        format="multipart",
    )
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["problem"] == "too-many"
    assert f"holds {MAX_SUBMISSIONS + 1} submissions" in error["message"]
    assert f"at most {MAX_SUBMISSIONS}." in error["message"]
    assert nothing_was_written()
