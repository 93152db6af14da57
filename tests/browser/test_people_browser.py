import re

import pytest
from playwright.sync_api import Page, expect

from rumdoh.accounts.rules.roles import Role
from tests.browser.conftest import settle_likely_matches, sign_in
from tests.conftest import make_agency, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_case_worker_records_and_finds_a_person_by_another_spelling(page: Page, live_server):
    worker = make_user(Role.CASE_WORKER, make_agency("Poipet Transit Centre"), "worker")
    sign_in(page, live_server.url, worker)
    page.goto(f"{live_server.url}/people/new/")
    page.fill("input[name=family_name]", "Chhan")
    page.fill("input[name=given_name]", "Sreymom")
    page.select_option("select[name=sex]", "female")
    page.fill("input[name=birth_year]", "2003")
    page.select_option("select[name=province]", "01")
    settle_likely_matches(page)
    page.click("form.stack button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("recorded")
    reference = re.search(r"P-\d{7}", page.locator("h1").inner_text()).group(0)

    page.goto(f"{live_server.url}/people/?q=Chan+Srey+Mom")
    expect(page.locator("table")).to_contain_text(reference)


def test_form_errors_explain_themselves_and_keep_the_input(page: Page, live_server):
    worker = make_user(Role.CASE_WORKER, make_agency(), "worker")
    sign_in(page, live_server.url, worker)
    page.goto(f"{live_server.url}/people/new/")
    page.fill("input[name=birth_year]", "1850")
    page.fill("input[name=phone]", "012 999 888")
    settle_likely_matches(page)
    page.click("form.stack button[type=submit]")
    expect(page.locator(".errorlist").first).to_be_visible()
    expect(page.locator("body")).to_contain_text("Give at least one name")
    expect(page.locator("input[name=phone]")).to_have_value("012 999 888")


def test_language_switch_shows_khmer_with_a_khmer_font(page: Page, live_server):
    worker = make_user(Role.CASE_WORKER, make_agency(), "worker")
    sign_in(page, live_server.url, worker)
    page.goto(f"{live_server.url}/people/")
    page.click("button[name=language][value=km]")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "km"
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Khmer" in font
    # document.fonts.check() is true even for a font that does not exist: load it and look.
    faces = page.evaluate(
        """async () => (await document.fonts.load('16px "Rumdoh Khmer"', 'ខ្មែរ'))
            .map(face => face.status)"""
    )
    assert faces == ["loaded"]


def test_likely_matches_appear_as_the_name_is_typed(page: Page, live_server):
    from tests.conftest import make_person

    worker = make_user(Role.CASE_WORKER, make_agency(), "worker")
    person = make_person(worker, family_name="Pov", given_name="Sokha", birth_year=1994)
    sign_in(page, live_server.url, worker)
    page.goto(f"{live_server.url}/people/new/")
    page.fill("input[name=family_name]", "Pao")
    page.fill("input[name=given_name]", "Sokha")
    page.fill("input[name=birth_year]", "1995")
    page.locator("input[name=birth_year]").blur()
    expect(page.locator("#likely-matches")).to_contain_text(person.reference)
    expect(page.locator("#likely-matches")).to_contain_text("may already be recorded")
