"""The pages work under the Content-Security-Policy: nothing they need is refused."""

import pytest
from django.urls import reverse
from playwright.sync_api import ConsoleMessage, Page, expect

from rumdoh.accounts.rules.roles import Role
from tests.browser.conftest import sign_in
from tests.conftest import make_agency, make_person, make_user
from tests.justice.test_orders import CLAIM

pytestmark = pytest.mark.django_db(transaction=True)


def test_pages_and_the_print_button_work_under_the_policy(page: Page, live_server):
    refused: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    page.on("console", watch)
    worker = make_user(Role.CASE_WORKER, make_agency("Poipet Transit Centre"), "worker")
    person = make_person(worker)
    sign_in(page, live_server.url, worker)
    for url in [
        reverse("people:list"),
        reverse("people:detail", args=[person.pk]),
        reverse("protection:home"),
        reverse("screening:start"),
    ]:
        response = page.goto(f"{live_server.url}{url}")
        assert response is not None and response.ok
        assert "script-src 'self'" in response.headers["content-security-policy"]
    # The Khmer font is served by the site and still loads.
    page.click("button[name=language][value=km]")
    page.wait_for_load_state("networkidle")
    faces = page.evaluate(
        """async () => (await document.fonts.load('16px "Rumdoh Khmer"', 'ខ្មែរ'))
            .map(face => face.status)"""
    )
    assert faces == ["loaded"]

    page.goto(f"{live_server.url}{reverse('justice:calculator')}")
    for name, value in CLAIM.items():
        field = page.locator(f"[name={name}]")
        if field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state("networkidle")
    # The print button's script comes from the site, so the policy lets it run.
    page.evaluate("window.print = () => { window.printedByButton = true; }")
    page.locator("button[data-print]").click()
    expect(page.locator("button[data-print]")).to_be_visible()
    assert page.evaluate("window.printedByButton === true")
    assert refused == []


def test_an_inline_script_in_a_page_does_not_run(page: Page, live_server):
    """What an injected script would meet: the browser refuses it."""
    refused: list[str] = []
    page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(f"{live_server.url}/account/login/")
    page.evaluate(
        """() => {
            const script = document.createElement('script');
            script.textContent = 'window.injected = true;';
            document.body.appendChild(script);
        }"""
    )
    assert page.evaluate("window.injected === undefined")
    assert refused
