"""From a Thai deportation list to a deportee screened, traced and back with her family, in the
browser as the transit centre works: the list uploaded as received (XLSX, Thai headers, names in
Thai script), the arrival registered, the short form, the repatriation moved stage by stage, the
family assessed, the return recorded; then one page read in Khmer."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.utils import timezone, translation
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from rumdoh.accounts.models import AgencyKind
from rumdoh.accounts.rules.roles import Role
from rumdoh.crossborder.models import Deportee, Repatriation
from rumdoh.screening.rules.questions import SHORT
from tests.browser.conftest import sign_in
from tests.conftest import make_agency, make_user

pytestmark = pytest.mark.django_db(transaction=True)

KHMER_SCRIPT = re.compile("[\u1780-\u17ff]")
# Recruited and moved by deception and threats, confined and made to work: trafficking.
YES = {"recruited", "transported", "lied_to", "threatened", "confined", "forced_work"}


def thai_list(path: Path) -> Path:
    """A list as Sa Kaeo immigration sends it: Thai headers, Thai-script names, ages."""
    book = Workbook()
    sheet = book.active
    sheet.append(["ลำดับ", "ชื่อ", "นามสกุล", "เพศ", "อายุ", "เลขที่หนังสือเดินทาง", "สัญชาติ"])
    sheet.append([1, "สรีมม", "ฉาน", "หญิง", 24, "N0451122", "กัมพูชา"])
    sheet.append([2, "Dara", "Sok", "ชาย", 31, "", "เขมร"])
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def khmer(msgid: str) -> str:
    with translation.override("km"):
        text = translation.gettext(msgid)
    assert KHMER_SCRIPT.search(text), f"not translated into Khmer: {msgid!r}"
    return text


def status(page: Page, text: str) -> None:
    expect(page.locator(".messages")).to_contain_text(text)


def move(page: Page, stage: str) -> None:
    page.select_option("select[name=stage]", label=stage)
    page.get_by_role("button", name="Record", exact=True).click()
    status(page, "Stage recorded.")
    expect(page.get_by_role("heading", level=1)).to_contain_text(stage)


def test_a_thai_list_to_a_screened_traced_and_returned_deportee(
    page: Page, live_server, tmp_path: Path
) -> None:
    centre = make_agency("Poipet Transit Centre", AgencyKind.TRANSIT_CENTRE, "01")
    worker = make_user(Role.CASE_WORKER, centre, "ptc.worker")
    sign_in(page, live_server.url, worker)
    today = timezone.localdate()

    # The list, as received.
    page.goto(f"{live_server.url}/crossborder/lists/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a deportation list")
    page.set_input_files("input[name=file]", str(thai_list(tmp_path / "sakaeo.xlsx")))
    page.fill("input[name=sent_by]", "Sa Kaeo Immigration Checkpoint")
    page.select_option("select[name=country]", "TH")
    page.select_option("select[name=crossing]", "poipet")
    page.fill("input[name=expected_on]", today.isoformat())
    page.get_by_role("button", name="Import", exact=True).click()
    status(page, "person(s) expected")
    expect(page.locator("h1")).to_contain_text(re.compile(r"DL-\d+"))
    expect(page.locator("body")).to_contain_text("Listed 2, arrived 0")
    expect(page.locator("table")).to_contain_text("สรีมม")

    # She arrives; the page goes straight to the short form.
    row = page.locator("tr").filter(has_text="สรีมม")
    row.get_by_role("button", name="Arrived", exact=True).click()
    status(page, "Arrival registered: recorded as P-")
    expect(page.get_by_role("heading", level=1)).to_contain_text("row 2 of DL-")
    person = re.search(r"P-\d+", page.locator("h1").inner_text()).group(0)  # type: ignore[union-attr]

    if not page.locator("input[name=location]").input_value():
        page.fill("input[name=location]", "Poipet Transit Centre")
    for question in SHORT:
        group = page.get_by_role("group", name=question.text("en"))
        answer = "Yes" if question.key in YES else "No"
        group.get_by_role("radio", name=answer, exact=True).check()
    page.get_by_role("button", name="Save and screen the next").click()
    status(page, "Trafficking indicated")
    # The only arrival is screened: back to the list, which says so.
    tally = "Listed 2, arrived 1, did not arrive 0, screened 1"
    expect(page.locator("body")).to_contain_text(tally)
    expect(page.locator("tr").filter(has_text="สรีมม")).to_contain_text("Trafficking indicated")
    deportee = Deportee.objects.get(row=2)
    assert deportee.screening is not None
    assert deportee.screening.determination == "trafficking-indicated"

    # Her repatriation home, opened from her number.
    page.goto(f"{live_server.url}/crossborder/repatriations/new/?person={person}")
    expect(page.locator("input[name=person]")).to_have_value(person)
    page.select_option("select[name=direction]", "home")
    page.select_option("select[name=country]", "TH")
    page.select_option("select[name=crossing]", "poipet")
    page.fill("textarea[name=travel_documents]", "Laissez-passer LP-2291, Embassy in Bangkok")
    page.get_by_role("button", name="Open", exact=True).click()
    status(page, "opened.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Requested")

    for stage in ("Travel documents ready", "Travel arranged", "Received"):
        move(page, stage)

    # Going home waits for the family to be traced and assessed.
    expect(page.locator("body")).to_contain_text("No assessment yet: a return waits for one.")
    page.select_option("select[name=result]", "safe")
    findings = "Mother and aunt found in Banteay Meanchey; she wants to go back."
    page.fill("textarea[name=findings]", findings)
    page.get_by_role("button", name="Record the assessment").click()
    status(page, "Family tracing and assessment recorded.")
    expect(page.locator("body")).to_contain_text("Family found, return is safe")

    move(page, "Family traced and assessed")
    move(page, "Returned to family or community")
    stages = page.locator("ol li")
    expect(stages).to_have_count(6)
    expect(stages.last).to_contain_text("Returned to family or community on")

    repatriation = Repatriation.objects.get(person__pk=int(person[2:]))
    assert repatriation.stage == "returned"
    assert list(repatriation.steps.values_list("stage", flat=True)) == [
        "requested",
        "documents",
        "travel_arranged",
        "received",
        "family_assessed",
        "returned",
    ]

    # The same page in Khmer.
    page.click("button[name=language][value=km]")
    page.wait_for_load_state("networkidle")
    expect(page.locator("html")).to_have_attribute("lang", "km")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(khmer("Returned to family or community"))
    expect(heading).to_contain_text(repatriation.reference)
    expect(page.locator("body")).to_contain_text(khmer("Family found, return is safe"))
