"""The main menu on a 10-inch tablet: one row across, two rows upright, one entry current."""

from __future__ import annotations

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, expect

from rumdoh.accounts.models import User
from rumdoh.accounts.rules.roles import Role
from tests.browser.conftest import PASSWORD
from tests.conftest import make_agency, make_user

pytestmark = pytest.mark.django_db(transaction=True)

# The number of rows the header's parts take: the tops of the menu entries, brand and tools.
ROWS = """() => {
  const middles = [];
  for (const el of document.querySelectorAll(
      'header.top > .brand, header.top .tools, nav.menu > a, nav.menu > details > summary')) {
    const box = el.getBoundingClientRect();
    if (box.height) middles.push(box.top + box.height / 2);
  }
  middles.sort((a, b) => a - b);
  // Entries whose middles lie within 24 px (half a touch target) share a row.
  return middles.filter((m, i) => i === 0 || m - middles[i - 1] > 24).length;
}"""


def signed_in(browser: Browser, base_url: str, user: User, width: int, height: int) -> Page:
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base_url}/account/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stack button[type=submit]")
    if user.needs_two_factor:
        device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        page.wait_for_selector("input[name=otp_token]")
        code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
        page.fill("input[name=otp_token]", f"{code:06d}")
        page.click("form.stack button[type=submit]")
    page.wait_for_selector("nav.menu")
    return page


def busiest(role: Role) -> User:
    agency = make_agency("Anti-Human Trafficking and Juvenile Protection Department, Phnom Penh")
    return make_user(role, agency, f"busy.{role}")


@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.POLICE_SUPERVISOR])
@pytest.mark.parametrize("language", ["en", "km"])
def test_the_menu_is_one_row_on_a_tablet_held_across(browser, live_server, role, language):
    page = signed_in(browser, live_server.url, busiest(role), 1280, 800)
    if language == "km":
        page.click("button[name=language][value=km]")
        page.wait_for_selector("html[lang=km]")
    assert page.evaluate(ROWS) == 1
    assert page.locator("nav.menu [aria-current=page]").count() == 1
    page.context.close()


@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.POLICE_SUPERVISOR])
def test_the_menu_takes_two_rows_on_a_tablet_held_upright(browser, live_server, role):
    page = signed_in(browser, live_server.url, busiest(role), 800, 1280)
    assert page.evaluate(ROWS) <= 2
    page.context.close()


def test_more_opens_without_script_and_marks_the_current_page(browser, live_server):
    page = signed_in(browser, live_server.url, busiest(Role.CASE_WORKER), 1280, 800)
    nav = page.get_by_role("navigation", name="Main menu")
    providers = nav.get_by_role("link", name="Service providers", exact=True)
    expect(providers).to_be_hidden()
    nav.get_by_text("More", exact=True).click()
    providers.click()
    expect(page.locator("nav.menu [aria-current=page]")).to_have_count(1)
    expect(page.locator("nav.menu summary.holds-current")).to_have_count(1)
    page.context.close()
