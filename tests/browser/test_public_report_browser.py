"""The public report form in the browser, as an anonymous visitor sees it in Khmer and in Thai.

The visitor chooses the language on the page, writes what is happening, sends the report (a
report sent faster than anyone can write one is refused politely and kept, and sent again once
the form's minimum time has passed), writes down the reference and the secret code shown once,
then checks the report with them and reads its status. A wrong secret code is refused politely,
saying nothing of the report.
"""

from __future__ import annotations

import re
import time

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from rumdoh.accounts.models import AgencyKind
from rumdoh.intake import services
from rumdoh.intake.choices import Channel
from rumdoh.intake.models import Tip
from tests.conftest import make_agency

pytestmark = pytest.mark.django_db(transaction=True)

SUMMARY = {
    "km": "បុរសប្រាំនាក់ត្រូវបានចាក់សោក្នុងអគារមួយ ហើយត្រូវគេវាយបើមិនធ្វើការ។",
    "th": "ชายห้าคนถูกขังอยู่ในอาคาร และถูกทำร้ายถ้าไม่ทำงาน",
}
PLACE = "Compound near the old casino, Road 4"


def _(language: str, message: str) -> str:
    with translation.override(language):
        return gettext(message)


def choose_language(page: Page, base: str, language: str) -> None:
    page.goto(f"{base}/report/")
    page.click(f"form.lang-switch button[name=language][value={language}]")
    page.wait_for_selector(f"html[lang={language}]")


def fill_report(page: Page, language: str) -> float:
    """Fill in the form just handed out; returns when it was handed out."""
    handed_out = time.monotonic()
    page.get_by_label(_(language, "What is happening?")).fill(SUMMARY[language])
    page.get_by_label(_(language, "Someone is in danger right now")).check()
    page.get_by_label(_(language, "Where?")).fill(PLACE)
    return handed_out


def send_after_the_minimum_time(page: Page, language: str, handed_out: float) -> None:
    minimum = float(settings.RUMDOH_REPORT_MIN_SECONDS)
    waited = time.monotonic() - handed_out
    if waited < minimum + 0.5:
        page.wait_for_timeout((minimum + 0.5 - waited) * 1000)
    page.get_by_role("button", name=_(language, "Send the report")).click()


def check(page: Page, language: str, reference: str, secret: str) -> None:
    page.get_by_label(_(language, "Reference")).fill(reference)
    page.get_by_label(_(language, "Secret code")).fill(secret)
    page.get_by_role("button", name=_(language, "Check"), exact=True).click()


@pytest.mark.parametrize("language", ["km", "th"])
def test_a_visitor_reports_then_checks_the_status_with_the_reference_and_secret(
    page: Page, live_server, language: str
) -> None:
    cache.clear()  # the hourly limit per address starts afresh
    police = make_agency(
        "Anti-Human Trafficking and Juvenile Protection Department", AgencyKind.POLICE
    )
    assert police.name == settings.RUMDOH_PUBLIC_REPORT_AGENCY
    base = live_server.url
    choose_language(page, base, language)
    heading = _(language, "Report a case of trafficking or forced labour")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)

    # Sent at once: refused politely, nothing saved, what was written kept.
    fill_report(page, language)
    page.get_by_role("button", name=_(language, "Send the report")).click()
    quick = _(language, "That was very quick. Please read your report once more and send it again.")
    expect(page.get_by_role("alert")).to_contain_text(quick)
    expect(page.get_by_label(_(language, "What is happening?"))).to_have_value(SUMMARY[language])
    assert not Tip.objects.exists()

    # Read once more, and sent again once the form's minimum time has passed.
    handed_out = time.monotonic()  # the refused form was handed out again
    send_after_the_minimum_time(page, language, handed_out)
    received = _(language, "Thank you. Your report has been received.")
    expect(page.get_by_role("heading", level=1)).to_have_text(received)
    reference = page.locator("#reference").inner_text().strip()
    secret = page.locator("#secret").inner_text().strip()
    assert re.fullmatch(r"T-\d{7}", reference) and re.fullmatch(r"[A-Z0-9]{12}", secret)

    tip = Tip.objects.get()
    assert tip.reference == reference and tip.channel == Channel.WEB_FORM
    assert (tip.language, tip.summary, tip.place) == (language, SUMMARY[language], PLACE)
    assert tip.urgency == "urgent" and tip.assigned_agency == police
    assert secret not in tip.status_secret_hash

    page.get_by_role("link", name=_(language, "Check a report")).first.click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    check(page, language, reference, secret)
    with translation.override(language):
        sentence = services.status_label_for_public(tip)
    expect(page.locator("#answer")).to_have_text(sentence)
    expect(page.get_by_role("status")).to_contain_text(reference)

    # A wrong secret code: refused politely, and nothing of the report shown.
    wrong = "A" * 12 if secret != "A" * 12 else "B" * 12
    check(page, language, reference, wrong)
    no_match = _(language, "No report matches this reference and secret code.")
    expect(page.get_by_role("alert")).to_have_text(no_match)
    expect(page.locator("#answer")).to_have_count(0)
    assert sentence not in page.content()


@pytest.fixture(autouse=True)
def _public_report_agency(settings) -> None:  # type: ignore[no-untyped-def]
    settings.RUMDOH_PUBLIC_REPORT_AGENCY = (
        "Anti-Human Trafficking and Juvenile Protection Department"
    )
