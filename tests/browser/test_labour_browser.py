"""A labour complaint that the screening turns into a referral to the police, in the browser.

A labour inspector files a worker's complaint about withheld wages, screens the worker with the
short form from the complaint, and attaches the screening: it indicates trafficking. The
complaint page now demands a referral, and closing the complaint is refused until the inspector
refers it to the provincial anti-trafficking police, whose investigator is told. Then it closes.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from rumdoh.accounts.models import AgencyKind
from rumdoh.accounts.rules.roles import Role
from rumdoh.labour import alerts
from rumdoh.labour.models import Complaint
from rumdoh.notices.models import Notification
from rumdoh.screening.rules.questions import SHORT
from tests.browser.conftest import sign_in
from tests.browser.test_flow_browser import ANSWERS
from tests.conftest import make_agency, make_person, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_screened_complaint_is_referred_to_the_police_before_it_closes(page: Page, live_server):
    labour = make_agency("Preah Sihanouk Department of Labour", AgencyKind.LABOUR, "18")
    police = make_agency("Preah Sihanouk Anti-Trafficking Police", AgencyKind.POLICE, "18")
    inspector = make_user(Role.LABOUR_INSPECTOR, labour, "inspector")
    investigator = make_user(Role.POLICE_INVESTIGATOR, police, "investigator")
    worker = make_person(inspector, given_name="Rithy", family_name="Sok", sex="male")
    base = live_server.url

    sign_in(page, base, inspector)
    page.goto(f"{base}/labour/complaints/new/?person={worker.pk}")
    page.get_by_label("Province").select_option(label="Preah Sihanouk")
    page.get_by_label("What the complaint is about").fill(
        "Wages withheld for four months; the company keeps his passport."
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile(r"LC-\d+"))
    complaint_url = page.url
    expect(page.locator("#referral-required")).to_have_count(0)

    page.get_by_role("link", name="Screen the complainant").click()
    short = page.locator("section").filter(has=page.get_by_role("heading", name="Short form"))
    short.get_by_role("link", name="Start").click()
    page.get_by_label("Where is the screening taking place?").select_option(
        label="Labour inspection"
    )
    page.get_by_role("textbox", name="Place").fill("Sihanoukville tower site")
    for question in SHORT:
        group = page.get_by_role("group", name=question.text("en"))
        group.get_by_role("radio", name=ANSWERS[question.key], exact=True).check()
    page.get_by_role("button", name="Save and see the result").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(re.compile(r"S-\d+"))
    screening = re.search(r"S-\d+", heading.inner_text()).group(0)  # type: ignore[union-attr]

    page.goto(complaint_url)
    page.get_by_role("link", name="Attach a screening").click()
    page.get_by_label("Screening number").fill(screening)
    page.get_by_role("button", name="Save").click()
    alert = page.locator("#referral-required")
    expect(alert).to_contain_text("must be referred to the police or the prosecutor")

    page.get_by_role("link", name="Close the complaint").click()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("refer the complaint to the police or the prosecutor")).to_be_visible()
    assert Complaint.objects.get().stage == "filed"

    page.goto(complaint_url)
    alert.get_by_role("link", name="Refer to the police or the prosecutor").click()
    page.get_by_label("Refer to").select_option(label=police.name)
    page.get_by_label("What is suspected").fill("Passport withheld, wages withheld: forced labour.")
    page.get_by_role("button", name="Save").click()
    referrals = page.locator("#referrals")
    expect(referrals).to_contain_text(f"Referred to {police.name}")
    expect(page.locator("#referral-required")).to_have_count(0)
    assert Notification.objects.filter(recipient=investigator, kind=alerts.REFERRED).exists()

    page.get_by_role("link", name="Close the complaint").click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".badge").first).to_have_text("Closed")
