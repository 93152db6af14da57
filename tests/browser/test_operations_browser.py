"""A raid in the browser: the immigration officer imports the roster, a transit-centre screener
screens five people one after another through an interpreter, an identifier designates the one
the screening indicated, and the system refuses to deport someone not screened and the victim."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from rumdoh.accounts.models import AgencyKind
from rumdoh.accounts.rules.roles import Role
from rumdoh.operations import services
from rumdoh.operations.models import Deportation
from rumdoh.protection.models import Identification
from tests.browser.conftest import sign_in
from tests.conftest import make_agency, make_user
from tests.operations.helpers import roster_csv, roster_rows

pytestmark = pytest.mark.django_db(transaction=True)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out", exact=True).click()
    page.wait_for_load_state("networkidle")


def test_raid_roster_screening_identification_and_refused_deportation(
    page: Page, live_server: object
) -> None:
    base = str(live_server)
    immigration = make_agency("Immigration Department", AgencyKind.IMMIGRATION, "18", False)
    centre = make_agency("Sihanoukville Transit Centre", AgencyKind.TRANSIT_CENTRE, "18", True)
    officer = make_user(Role.IMMIGRATION_SUPERVISOR, immigration, "officer")
    screener = make_user(Role.SCREENER, centre, "screener")
    identifier = make_user(Role.IDENTIFIER, centre, "identifier")
    operation = services.create_operation(
        officer,
        {"kind": "raid", "held_on": date(2026, 11, 20), "province": "18", "status": "under_way"},
        [centre],
    )

    # The officer lands on the operations and imports the roster file.
    sign_in(page, base, officer)
    expect(page.get_by_role("heading", level=1)).to_have_text("Operations")
    page.get_by_role("link", name=operation.reference).click()
    page.get_by_role("link", name="Import a roster (CSV or XLSX)").click()
    page.get_by_label("Roster file (CSV or XLSX)").set_input_files(
        files=[{"name": "roster.csv", "mimeType": "text/csv", "buffer": roster_csv(roster_rows(8))}]
    )
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("8 people added to the roster")
    total = page.locator("#board tfoot td")
    expect(total.first).to_have_text("8")
    sign_out(page)

    # The screener screens five people in a row; the first tells of deception and threats.
    sign_in(page, base, screener)
    page.goto(f"{base}/operations/{operation.pk}/")
    page.get_by_role("link", name="Screen person after person").click()
    for number in range(5):
        expect(page.get_by_role("heading", level=1)).to_contain_text(f"Family{number}")
        expect(page.get_by_label("Interpreted from")).to_have_value(
            ["zh", "vi", "th", "id"][number % 4]
        )
        answer = "yes" if number == 0 else "no"
        radios = page.locator(f"input[type=radio][value={answer}]")
        for index in range(radios.count()):
            radios.nth(index).check()
        page.get_by_role("button", name="Save and screen the next person").click()
        expect(page.get_by_role("status").first).to_contain_text("screened")
    page.goto(f"{base}/operations/{operation.pk}/")
    expect(page.locator("#board tfoot td").nth(1)).to_have_text("5")
    expect(page.locator("#board tfoot td").nth(2)).to_have_text("1")
    sign_out(page)

    # The identifier opens the indicated person from the roster and identifies them.
    sign_in(page, base, identifier)
    page.goto(f"{base}/operations/{operation.pk}/?state=indicated")
    rows = page.locator("#roster tbody tr")
    expect(rows).to_have_count(1)
    rows.first.get_by_role("link", name=re.compile(r"P-\d+")).click()
    page.get_by_role("link", name="Formally identify").click()
    page.get_by_role("checkbox", name="Forced criminality", exact=True).check()
    page.get_by_label("Basis of the identification").select_option(label="Screening")
    page.get_by_role("button", name="Record identification").click()
    expect(page.get_by_role("status").first).to_contain_text("Formal identification recorded.")
    assert Identification.objects.count() == 1
    sign_out(page)

    # Immigration may not deport someone not screened, nor the victim; it may deport the others.
    sign_in(page, base, officer)
    page.goto(f"{base}/operations/{operation.pk}/")
    roster = page.locator("#roster tbody tr")
    roster.filter(has_text="Family6").get_by_role("button", name="Record deportation").click()
    expect(page.locator(".messages")).to_contain_text("has not been screened")
    roster.filter(has_text="Family0").get_by_role("button", name="Record deportation").click()
    expect(page.locator(".messages")).to_contain_text("identified as a suspected victim")
    roster.filter(has_text="Family1").get_by_role("button", name="Record deportation").click()
    expect(page.locator(".messages")).to_contain_text("recorded")
    assert list(Deportation.objects.values_list("entry__person__family_name", flat=True)) == [
        "Family1"
    ]
    expect(page.locator("#board tfoot td").nth(6)).to_have_text("1")
