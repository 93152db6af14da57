"""A screener downloads the field form, uploads an ODK Central export, reads the report."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from rumdoh.accounts.rules.roles import Role
from rumdoh.screening.models import ScreeningRecord
from tests.browser.conftest import sign_in
from tests.conftest import make_agency, make_user

pytestmark = pytest.mark.django_db(transaction=True)

FIXTURES = Path(__file__).parent.parent / "screening" / "fixtures"


def test_upload_of_a_central_export_checks_then_imports_then_skips(
    page: Page, live_server, tmp_path
):
    screener = make_user(Role.SCREENER, make_agency("Poipet Transit Centre"), "screener")
    sign_in(page, live_server.url, screener)
    page.goto(f"{live_server.url}/screening/field/")
    with page.expect_download() as download:
        page.click("a[href$='short.xlsx']")
    assert download.value.suggested_filename.startswith("rumdoh_screening_short_")

    page.click("text=Import submissions")
    page.set_input_files("input[name=file]", str(FIXTURES / "odk_central_short.csv"))
    page.check("input[name=check_only]")
    page.click("#upload-form button[type=submit]")
    report = page.locator("#import-report")
    expect(report).to_contain_text("The file can be imported")
    expect(report).to_contain_text("Trafficking indicated")
    expect(report).to_contain_text("Further assessment needed")
    assert ScreeningRecord.objects.count() == 0

    page.set_input_files("input[name=file]", str(FIXTURES / "odk_central_short.json"))
    page.fill("input[name=reference]", "OP-0042")
    page.click("#upload-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("4 new screenings")
    expect(page.locator("#import-summary")).to_contain_text("OP-0042")
    expect(page.locator("table")).to_contain_text(re.compile(r"S-\d{7}"))
    assert ScreeningRecord.objects.count() == 4

    page.goto(f"{live_server.url}/screening/field/imports/new/")
    page.set_input_files("input[name=file]", str(FIXTURES / "kobo_short.csv"))
    page.click("#upload-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("0 new screenings, 4 already imported")


def test_bad_export_shows_each_problem_and_saves_nothing(page: Page, live_server, tmp_path):
    screener = make_user(Role.SCREENER, make_agency(), "screener")
    bad = tmp_path / "bad.csv"
    text = (FIXTURES / "odk_central_short.csv").read_text()
    bad.write_text(text.replace(",yes,", ",perhaps,", 1))
    sign_in(page, live_server.url, screener)
    page.goto(f"{live_server.url}/screening/field/imports/new/")
    page.set_input_files("input[name=file]", str(bad))
    page.click("#upload-form button[type=submit]")
    report = page.locator("#import-report")
    expect(report).to_contain_text("Nothing was saved")
    expect(report.locator("table.errors")).to_contain_text("perhaps")
    expect(report.locator("table.errors")).to_contain_text("indicators-")
    assert ScreeningRecord.objects.count() == 0
