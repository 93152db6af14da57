"""One criminal case in the browser, from the investigation to a paid compensation order.

A police investigator of a provincial anti-trafficking office finds a victim's record (she
consented to share it with his unit for her complaint), opens a criminal case for her, adds a
suspect known by an alias and a Telegram handle, recommends a trafficking charge, records the
arrest and watches its 48-hour clock, and sends the case file to the prosecutor. The prosecutor
finds the file waiting, charges and sends the case to the court. The victim's case worker at the
transit centre hears of the charge in her inbox and follows the case without seeing the suspect's
name. The court clerk schedules the trial, records the verdict and a compensation order, and the
payments until nothing is owed; the timeline shows every step, and the case worker hears that
the order is paid.

Every step goes through the pages, each user in a browser of their own (the investigator and the
prosecutor sign in with their second factor). Only the agencies, the users, the victim's record,
her consent and her protection case are made in the database.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Locator, Page, expect

from rumdoh.accounts.models import Agency, AgencyKind, User
from rumdoh.accounts.rules.roles import Role
from rumdoh.people import services as people
from rumdoh.people.models import ConsentScope, Person
from rumdoh.protection.models import ProtectionCase
from tests.browser.conftest import PASSWORD
from tests.conftest import make_agency, make_person, make_user

pytestmark = pytest.mark.django_db(transaction=True)

SUSPECT = ("Lim", "Vuthy")  # family and given name: never shown to those following the victim
ALIAS = "Boss Tiger"


@dataclass
class Cast:
    centre: Agency
    unit: Agency
    office: Agency
    court: Agency
    worker: User
    investigator: User
    prosecutor: User
    clerk: User
    victim: Person


def _named(user: User, first: str, last: str) -> User:
    user.first_name, user.last_name = first, last
    user.save(update_fields=["first_name", "last_name"])
    if user.needs_two_factor:
        TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


@pytest.fixture
def cast(db: None) -> Cast:
    centre = make_agency("Poipet Transit Centre", AgencyKind.TRANSIT_CENTRE, "01")
    unit = make_agency("Banteay Meanchey AHJPD Office", AgencyKind.POLICE, "01")
    office = make_agency(
        "Banteay Meanchey Prosecution Office", AgencyKind.PROSECUTION, "01", can_identify=False
    )
    court = make_agency("Banteay Meanchey Provincial Court", AgencyKind.COURT, "01", False)
    worker = _named(make_user(Role.CASE_WORKER, centre, "worker"), "Sreymom", "Keo")
    investigator = make_user(Role.POLICE_INVESTIGATOR, unit, "investigator")
    prosecutor = make_user(Role.PROSECUTOR, office, "prosecutor")
    clerk = make_user(Role.COURT_CLERK, court, "clerk")
    victim = make_person(worker, given_name="Sreyneang", family_name="Chhan", birth_year=2001)
    people.record_consent(
        worker,
        victim,
        scope=ConsentScope.SHARE,
        method="signed",
        given_on=timezone.localdate(),
        agency=unit,
    )
    ProtectionCase.objects.create(
        person=victim, agency=centre, case_worker=worker, opened_by=worker, stage="recovery"
    )
    return Cast(
        centre,
        unit,
        office,
        court,
        worker,
        _named(investigator, "Rithy", "Sok"),
        _named(prosecutor, "Bopha", "Lim"),
        _named(clerk, "Sophal", "Nhem"),
        victim,
    )


@pytest.fixture
def browse(browser: Browser, live_server: object) -> Iterator[Callable[[], Page]]:
    """A browser of its own for each user: they stay signed in side by side."""
    contexts = []

    def new() -> Page:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield new
    for context in contexts:
        context.close()


class Ui:
    """One signed-in user's browser, with locators by what the user reads."""

    def __init__(self, page: Page, base_url: str, user: User) -> None:
        self.page, self.base_url, self.user = page, base_url, user
        page.goto(f"{base_url}/account/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in", exact=True).click()
        if user.needs_two_factor:
            expect(self.h1).to_have_text("Two-step verification")
            device = TOTPDevice.objects.get(user=user)
            code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
            page.get_by_label("Six-digit code from your authenticator app").fill(f"{code:06d}")
            page.get_by_role("button", name="Verify", exact=True).click()
        who = user.get_full_name() or user.username
        expect(page.get_by_role("banner")).to_contain_text(f"{who} · {user.agency}")

    @property
    def h1(self) -> Locator:
        return self.page.get_by_role("heading", level=1)

    def menu(self, name: str) -> None:
        nav = self.page.get_by_role("navigation", name="Main menu")
        link = nav.get_by_role("link", name=name, exact=True)
        if not link.is_visible():  # behind "More" in a short menu row
            nav.get_by_text("More", exact=True).click()
        link.click()

    def says(self, text: str) -> None:
        expect(self.page.get_by_role("status").filter(has_text=text)).to_be_visible()

    def section(self, heading: str) -> Locator:
        return self.page.locator("section").filter(
            has=self.page.get_by_role("heading", name=heading, exact=True)
        )

    def field(self, label: str, scope: Locator | Page | None = None) -> Locator:
        """The input labelled exactly so (Django adds a colon to its labels)."""
        name = re.compile(rf"^\s*{re.escape(label)}\s*:?\s*$")
        return (scope or self.page).get_by_label(name)

    def disclose(self, summary: str, scope: Locator | None = None) -> Locator:
        """Open a collapsed form by its summary; return it."""
        where = scope or self.page.locator("main")
        text = re.compile(rf"^\s*{re.escape(summary)}\s*$")
        where.locator("summary").filter(has_text=text).click()
        return where.locator("details").filter(
            has=self.page.locator("summary").filter(has_text=text)
        )

    def choose(self, select: Locator, text: str) -> None:
        """Choose the option that shows ``text`` (a number: options show it with the name)."""
        value = select.locator("option", has_text=text).first.get_attribute("value")
        assert value is not None, text
        select.select_option(value=value)

    def button(self, name: str, scope: Locator | Page | None = None) -> Locator:
        return (scope or self.page).get_by_role("button", name=name, exact=True)

    def reference(self, prefix: str, where: Locator | None = None) -> str:
        """The first reference (J-, P-, S-, K-...) shown in ``where`` (the heading by default)."""
        where = where or self.h1
        expect(where).to_contain_text(re.compile(rf"\b{prefix}-\d+"))
        return re.search(rf"\b{prefix}-\d+", where.inner_text()).group(0)  # type: ignore[union-attr]

    def fact(self, term: str) -> Locator:
        """The value of ``term`` in the page's list of facts."""
        dt = self.page.locator("dl.facts dt").filter(has_text=re.compile(rf"^{re.escape(term)}$"))
        return dt.locator("xpath=following-sibling::dd[1]")

    def stage_is(self, stage: str) -> None:
        expect(self.h1.locator(".badge").first).to_have_text(stage)

    def move_to(self, stage: str, agency: str = "", person: str = "", closure: str = "") -> None:
        form = self.disclose("Move the case on", self.section("Stage"))
        self.field("Move to", form).select_option(label=stage)
        if agency:
            self.field("Agency now responsible", form).select_option(label=agency)
        if person:
            self.field("Person responsible", form).fill(person)
        if closure:
            self.field("How the case ended", form).select_option(label=closure)
        self.button("Record", form).click()
        self.says("Stage recorded.")
        self.stage_is(stage)


@dataclass
class Trail:
    """What the users read off the pages and carry to the next step."""

    person: str = ""
    case: str = ""
    case_url: str = ""
    suspect: str = ""
    order: str = ""


def _local(when: timezone.datetime) -> str:
    return timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")


def open_the_case(police: Ui, cast: Cast, trail: Trail) -> None:
    page = police.page
    expect(police.h1).to_contain_text("Due today")
    police.menu("People")
    page.get_by_role("searchbox", name="Search").fill("Chan Sreyneang")
    police.button("Search").click()
    page.get_by_role("link", name=re.compile(r"P-\d+")).first.click()
    trail.person = police.reference("P")
    panel = police.section("Interviews and criminal cases")
    expect(panel).to_contain_text("Not a victim in a criminal case your agency follows.")

    police.menu("Criminal cases")
    page.get_by_role("link", name="Open a criminal case", exact=True).click()
    expect(police.h1).to_have_text("Open a criminal case")
    police.field("How the case came to the police").select_option(
        label="Referral by another agency"
    )
    police.field("Reference of the report, screening, referral or request").fill("Letter 014")
    police.field("Referred by").select_option(label="Poipet Transit Centre")
    expect(police.field("Province")).to_have_value("01")  # the unit's own province
    page.get_by_role("checkbox", name="Forced criminality", exact=True).check()
    police.field("Summary of the facts").fill(
        "Recruited on Facebook for a call-centre job; held in a compound in Poipet."
    )
    police.field("Prosecutor's office supervising the investigation").select_option(
        label=cast.office.name
    )
    expect(police.field("Opened on")).to_have_value(timezone.localdate().isoformat())
    police.button("Save").click()

    police.says("Case opened. Add the victims and the suspects.")
    trail.case, trail.case_url = police.reference("J"), page.url
    police.stage_is("Investigation")
    expect(police.fact("Police unit")).to_have_text(cast.unit.name)
    expect(police.fact("Lead investigator")).to_have_text("Rithy Sok")  # who opened it
    expect(police.fact("Referred by")).to_have_text("Poipet Transit Centre")

    police.section("Victims").get_by_role("link", name="Add a victim").click()
    # The picker: a search of the persons the unit may see, then one of them chosen.
    police.field("Find the victim").fill(trail.person)
    police.button("Search").click()
    choice = page.get_by_role("radio").first
    expect(choice).to_have_value(trail.person)
    choice.check()
    police.field("Takes part in the proceedings").check()
    police.button("Add").click()
    police.says("Victim added to the case.")
    row = police.section("Victims").get_by_role("row").filter(has_text=trail.person)
    expect(row).to_contain_text("Chhan Sreyneang")
    expect(row).to_contain_text(f"C-{ProtectionCase.objects.get().pk:06d} · Poipet Transit Centre")


def add_the_suspect(police: Ui, trail: Trail) -> None:
    page = police.page
    police.section("Suspects").get_by_role("link", name="Add a suspect").click()
    expect(police.h1).to_contain_text("Add a suspect")
    police.field("Family name").fill(SUSPECT[0])
    police.field("Given name").fill(SUSPECT[1])
    police.field("Aliases and nicknames").fill(ALIAS)
    police.field("Messaging-app handles").fill("Telegram: @tiger_jobs")
    police.field("Sex").select_option(label="Male")
    police.field("Role in the offence").select_option(label="Recruiter")
    police.field("Relation to the victim").select_option(label="Stranger")
    police.button("Save").click()

    police.says("Suspect added.")
    trail.suspect = police.reference("SP")
    expect(police.fact("Aliases and nicknames")).to_have_text(ALIAS)
    expect(police.fact("Messaging-app handles")).to_have_text("Telegram: @tiger_jobs")
    page.get_by_role("link", name=trail.case, exact=True).click()
    row = police.section("Suspects").get_by_role("row").filter(has_text=trail.suspect)
    expect(row).to_contain_text(f"{SUSPECT[0]} {SUSPECT[1]}")
    expect(row).to_contain_text("At large")

    form = police.disclose("Recommend a charge", police.section("Charges"))
    police.choose(police.field("Suspect", form), trail.suspect)
    police.field("Offence", form).select_option("LSHTSE-12")
    police.field("For which form of exploitation", form).select_option(label="Forced criminality")
    police.button("Record", form).click()
    police.says("Charge recorded.")
    charges = police.section("Charges")
    expect(charges).to_contain_text("Unlawful recruitment for exploitation")
    expect(charges).to_contain_text("trafficking offence")
    expect(police.h1).to_contain_text("Trafficking")


def arrest_and_send(police: Ui, cast: Cast, trail: Trail) -> None:
    page = police.page
    arrested = timezone.now() - timedelta(hours=3)
    form = police.disclose("Record an arrest", police.section("Arrests and custody"))
    police.choose(police.field("Suspect", form), trail.suspect)
    police.field("Arrested at", form).fill(_local(arrested))
    police.field("Place", form).fill("Poipet, at the border gate")
    police.button("Record", form).click()
    police.says("Arrest recorded. The 48-hour custody clock has started.")
    row = police.section("Arrests and custody").get_by_role("row").filter(has_text=trail.suspect)
    expect(row).to_contain_text(re.compile(r"4[45] h \d\d min left"))
    expect(row).to_contain_text(f"limit {_local(arrested + timedelta(hours=48)).replace('T', ' ')}")
    expect(police.section("Suspects")).to_contain_text("In police custody")

    police.menu("Due today")
    clocks = police.section("Custody clocks")
    expect(clocks).to_contain_text(f"{trail.case} · {trail.suspect}")
    expect(clocks).to_contain_text(re.compile(r"4[45] h \d\d min left"))
    clocks.get_by_role("link", name=trail.case).click()

    police.move_to(
        "Case file sent to the prosecutor",
        agency=cast.office.name,
        person="Deputy prosecutor Chea Dara",
    )
    expect(police.section("Stage")).to_contain_text(f"{cast.office.name} (Deputy prosecutor")
    # The file is with the prosecutor now: the police have no move left to make.
    expect(police.section("Stage").locator("summary")).to_have_count(0)

    # Brought before the prosecutor within the 48 hours: the clock stops.
    police.section("Arrests and custody").get_by_role("link", name="Charge or release").click()
    police.field("Outcome").select_option(label="Brought before the prosecutor and charged")
    police.button("Save").click()
    police.says("Recorded. The custody clock has stopped.")
    row = police.section("Arrests and custody").get_by_role("row").filter(has_text=trail.suspect)
    expect(row).to_contain_text("Resolved within 48 hours")
    expect(page.locator("main")).not_to_contain_text("Charge or release")


def charge(prosecutor: Ui, trail: Trail) -> None:
    expect(prosecutor.h1).to_contain_text("Due today")
    files = prosecutor.section("Case files waiting for your decision")
    expect(files).to_contain_text(trail.case)
    files.get_by_role("link", name=trail.case).click()
    prosecutor.stage_is("Case file sent to the prosecutor")
    expect(prosecutor.section("Charges")).to_contain_text("Recommended by the police")

    form = prosecutor.disclose("Charge", prosecutor.section("Charges"))
    prosecutor.choose(prosecutor.field("Suspect", form), trail.suspect)
    prosecutor.field("Offence", form).select_option("LSHTSE-12")
    prosecutor.field("For which form of exploitation", form).select_option(
        label="Forced criminality"
    )
    prosecutor.button("Record", form).click()
    prosecutor.says("Charge recorded.")
    brought = prosecutor.section("Charges").locator("h3", has_text="Charged by the prosecutor")
    expect(brought.locator("xpath=following-sibling::ul[1]")).to_contain_text(
        "Unlawful recruitment for exploitation"
    )
    prosecutor.move_to("Charged")


def hear_of_the_charge(worker: Ui, trail: Trail) -> None:
    page = worker.page
    worker.menu("Notifications")
    row = page.get_by_role("row").filter(
        has_text=f"Case {trail.case} has been charged by the prosecutor."
    )
    expect(row).to_be_visible()
    worker.button("Open", row).click()
    expect(worker.h1).to_contain_text(trail.case)
    worker.stage_is("Charged")
    main = page.locator("main")
    expect(main).to_contain_text("You follow this case because you work with a victim in it.")
    expect(main).to_contain_text(f"{trail.person} Chhan Sreyneang")
    expect(main).to_contain_text(f"Defendant {trail.suspect} (Recruiter)")
    for secret in (" ".join(SUSPECT), SUSPECT[1], ALIAS, "@tiger_jobs"):
        expect(main).not_to_contain_text(secret)


def to_court(prosecutor: Ui, cast: Cast) -> None:
    prosecutor.move_to("Trial", agency=cast.court.name, person="Presiding judge Ouk Sophea")


def try_the_case(clerk: Ui, cast: Cast, trail: Trail) -> None:
    page = clerk.page
    clerk.menu("Notifications")
    row = page.get_by_role("row").filter(has_text=f"Case {trail.case} is now before your court.")
    clerk.button("Open", row).click()
    clerk.stage_is("Trial")

    hearing_at = (timezone.localtime() + timedelta(days=7)).replace(hour=9, minute=0)
    form = clerk.disclose("Schedule a hearing", clerk.section("Hearings"))
    clerk.field("Kind", form).select_option(label="Trial hearing")
    clerk.field("Date and time", form).fill(_local(hearing_at))
    clerk.field("Room", form).fill("Courtroom 2")
    clerk.button("Schedule", form).click()
    clerk.says("Hearing scheduled. The victims' case workers have been told.")
    when = hearing_at.strftime("%Y-%m-%d %H:%M")
    expect(clerk.section("Hearings")).to_contain_text(f"{when} · Trial hearing · {cast.court.name}")

    form = clerk.disclose("Record a verdict", clerk.section("Verdicts and sentences"))
    clerk.field("Charge", form).select_option(index=1)
    expect(clerk.field("Charge", form)).to_contain_text(trail.suspect)
    clerk.field("Outcome", form).select_option(label="Convicted (present)")
    clerk.field("Instance", form).select_option(label="First instance")
    clerk.field("Prison term (months)", form).fill("120")
    clerk.field("Of which suspended (months)", form).fill("24")
    clerk.field("Fine (riel)", form).fill("10000000")
    clerk.button("Record", form).click()
    clerk.says("Verdict recorded. Those following the victims have been told.")
    row = clerk.section("Verdicts and sentences").get_by_role("row").filter(has_text=trail.suspect)
    expect(row).to_contain_text("Convicted (present)")
    expect(row).to_contain_text(
        "120 months in prison (24 months suspended) · fine of 10,000,000 riel"
    )
    clerk.move_to("Verdict")

    form = clerk.disclose("Record a compensation order", clerk.section("Compensation"))
    clerk.choose(clerk.field("Victim", form), trail.person)  # by number: no consent
    clerk.choose(clerk.field("Defendant", form), trail.suspect)
    clerk.field("Amount (riel)", form).fill("8000000")
    due: date = timezone.localdate() + timedelta(days=90)
    clerk.field("Due on", form).fill(due.isoformat())
    clerk.field("Verdict", form).select_option(index=1)
    clerk.button("Record", form).click()
    clerk.says("Compensation order recorded. Those following the victim have been told.")
    trail.order = clerk.reference("K")


def record_payments(clerk: Ui, trail: Trail) -> None:
    expect(clerk.fact("Amount ordered")).to_have_text("8,000,000 riel")
    expect(clerk.fact("Outstanding")).to_have_text("8,000,000 riel")
    for amount, method, outstanding in (
        ("3000000", "Bank transfer", "5,000,000"),
        ("5000000", "Paid through the court", "0"),
    ):
        form = clerk.disclose("Record a payment", clerk.section("Payments"))
        clerk.field("Amount (riel)", form).fill(amount)
        clerk.field("How", form).select_option(label=method)
        clerk.button("Record", form).click()
        clerk.says("Payment recorded.")
        expect(clerk.fact("Outstanding")).to_have_text(f"{outstanding} riel")
    expect(clerk.h1.locator(".badge")).to_have_text("paid")
    payments = clerk.section("Payments")
    expect(payments.get_by_role("listitem")).to_have_count(2)
    expect(payments.locator("summary")).to_have_count(0)  # nothing left to pay

    clerk.page.get_by_role("link", name=trail.case, exact=True).click()
    row = clerk.section("Compensation").get_by_role("row").filter(has_text=trail.order)
    expect(row).to_contain_text("8,000,000")
    expect(row.locator(".badge")).to_have_text("paid")
    clerk.move_to("Final", closure="Judgment became final")
    expect(clerk.section("Stage")).to_contain_text("Final since")


def read_the_timeline(clerk: Ui, trail: Trail) -> None:
    clerk.page.get_by_role("link", name="Timeline", exact=True).first.click()
    expect(clerk.h1).to_contain_text(f"Timeline {trail.case}")
    rows = clerk.page.get_by_role("row")
    for text in (
        "Investigation",
        "Arrest",
        "Investigation → Case file sent to the prosecutor",
        "Case file sent to the prosecutor → Charged",
        "Charged → Trial",
        "Trial hearing",
        "Verdict: Convicted (present)",
        "Trial → Verdict",
        "Compensation ordered: 8,000,000 riel",
        "Payment received: 3,000,000 riel",
        "Payment received: 5,000,000 riel",
        "Verdict → Final · Judgment became final",
    ):
        expect(rows.filter(has_text=text).first).to_be_visible()


def hear_it_is_paid(worker: Ui, trail: Trail) -> None:
    page = worker.page
    worker.menu("Notifications")
    inbox = page.locator("main table")
    for message in (
        f"A hearing in case {trail.case} is scheduled for",
        f"A verdict has been recorded in case {trail.case}.",
        f"The court ordered compensation in case {trail.case} (order {trail.order}).",
        f"Compensation order {trail.order} in case {trail.case} is paid in full.",
        f"Case {trail.case} has ended: Judgment became final.",
    ):
        expect(inbox).to_contain_text(message)
    worker.menu("Court follow-up")
    clients = worker.section("Criminal cases of the victims you work with")
    expect(clients).to_contain_text(f"{trail.case} · Banteay Meanchey AHJPD Office · Final")
    clients.get_by_role("link", name=trail.case).click()
    row = (
        worker.section("Compensation for your client")
        .get_by_role("row")
        .filter(has_text=trail.order)
    )
    expect(row).to_contain_text("8,000,000")
    expect(row.locator(".badge")).to_have_text("paid")


def test_a_case_from_investigation_to_a_paid_compensation_order(
    browse: Callable[[], Page], live_server: object, cast: Cast
) -> None:
    url = live_server.url  # type: ignore[attr-defined]
    trail = Trail()
    police = Ui(browse(), url, cast.investigator)
    open_the_case(police, cast, trail)
    add_the_suspect(police, trail)
    arrest_and_send(police, cast, trail)

    prosecutor = Ui(browse(), url, cast.prosecutor)
    charge(prosecutor, trail)
    worker = Ui(browse(), url, cast.worker)
    hear_of_the_charge(worker, trail)
    to_court(prosecutor, cast)

    clerk = Ui(browse(), url, cast.clerk)
    try_the_case(clerk, cast, trail)
    record_payments(clerk, trail)
    read_the_timeline(clerk, trail)
    hear_it_is_paid(worker, trail)
