"""The whole flow in the browser, as its users do it: once in English, once in Khmer.

A screener at a transit centre records a deportee and screens them with the short form; an
eligible identifier of the centre designates a suspected victim; a case worker records the
person's consent to referral and refers them to an NGO shelter that matches their needs; the
shelter's case worker accepts, takes the case through its stages, plan, a food allowance and a
follow-up visit, and closes it; the national committee's analyst sees the counts.

Every step goes through the pages. Only the agencies, the users, the directory entries and the
rest of the year's activity (so that the statistics are above the suppression threshold) are made
in the database. Labels are read from the interface's own translations, so the Khmer run asserts
the Khmer text its users read, and fails on any label left in English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.utils import timezone, translation
from django.utils.text import capfirst
from playwright.sync_api import Locator, Page, expect

from rumdoh.accounts.models import Agency, AgencyKind, User
from rumdoh.accounts.rules.roles import Role
from rumdoh.protection.models import Identification, ProtectionCase, Referral, ServiceProvider
from rumdoh.screening.models import ScreeningRecord
from rumdoh.screening.rules.catalogue import BY_CODE
from rumdoh.screening.rules.questions import SHORT
from tests.browser.conftest import PASSWORD, settle_likely_matches
from tests.conftest import make_agency, make_person, make_user

pytestmark = pytest.mark.django_db(transaction=True)

KHMER_SCRIPT = re.compile("[\u1780-\u17ff]")
# The rest of the year: enough people in each count that the totals are published.
OTHER_NAMES = [
    "Bopha",
    "Channary",
    "Dara",
    "Kanha",
    "Malis",
    "Rachana",
    "Sokha",
    "Sophea",
    "Sreyleak",
    "Thida",
    "Vanna",
]
OTHERS = len(OTHER_NAMES)
SEEN = OTHERS + 1

# A deportee from an online scam compound, in the short form's words.
ANSWERS = {
    "recruited": "Yes",
    "transported": "Yes",
    "received": "Yes",
    "lied_to": "Yes",
    "threatened": "Yes",
    "forced": "Don't know",
    "confined": "Yes",
    "documents": "Yes",
    "money": "Yes",
    "advantage": "No",
    "forced_work": "Yes",
    "sex": "No",
    "crime": "Yes",
    "other_exploitation": "No",
}


@dataclass
class Cast:
    centre: Agency
    ngo: Agency
    screener: User
    identifier: User
    worker: User
    shelter_worker: User
    analyst: User
    shelter: ServiceProvider


@pytest.fixture
def cast(db: None) -> Cast:
    centre = make_agency("Poipet Transit Centre", AgencyKind.TRANSIT_CENTRE, "01")
    ngo = make_agency("Hope for Women NGO", AgencyKind.NGO, "12")
    secretariat = make_agency("NCCT Secretariat", AgencyKind.COMMITTEE, "12", can_identify=False)
    shelter = ServiceProvider.objects.create(
        agency=ngo,
        name="Hope women's shelter",
        province="12",
        services=["housing", "medical", "psychological", "economic"],
        sexes=["female"],
        min_age=18,
        capacity=20,
        free_places=3,
    )
    ServiceProvider.objects.create(
        agency=ngo,
        name="Hope men's shelter",
        province="12",
        services=["housing", "medical", "psychological"],
        sexes=["male"],
        capacity=10,
        free_places=2,
    )
    cast = Cast(
        centre=centre,
        ngo=ngo,
        screener=make_user(Role.SCREENER, centre, "screener"),
        identifier=make_user(Role.IDENTIFIER, centre, "identifier"),
        worker=make_user(Role.CASE_WORKER, centre, "worker"),
        shelter_worker=make_user(Role.CASE_WORKER, ngo, "shelter"),
        analyst=make_user(Role.NCCT_ANALYST, secretariat, "analyst"),
        shelter=shelter,
    )
    other_activity(cast)
    return cast


def other_activity(cast: Cast) -> None:
    """Other women screened, identified, referred, taken in and closed this year."""
    now = timezone.now()
    ScreeningRecord.objects.bulk_create(
        ScreeningRecord(
            agency=cast.centre,
            screener=cast.screener,
            screened_at=now,
            form="short",
            age=30,
            sex="female",
            nationality="KH",
            province="01",
            context="deportation",
            determination="trafficking-indicated",
            catalogue_version="test",
        )
        for _ in range(OTHERS)
    )
    for given_name in OTHER_NAMES:
        person = make_person(cast.worker, given_name=given_name, family_name="Keo", birth_year=1996)
        Identification.objects.create(
            person=person,
            agency=cast.centre,
            identified_by=cast.identifier,
            identified_at=now,
            exploitation_types=["forced_criminality"],
            basis="short_form",
        )
        referral = Referral.objects.create(
            referring_agency=cast.centre,
            referred_by=cast.worker,
            provider=cast.shelter,
            person=person,
            needs=["housing"],
            status="accepted",
        )
        ProtectionCase.objects.create(
            person=person,
            agency=cast.ngo,
            opened_by=cast.shelter_worker,
            referral=referral,
            stage="case_closure",
            closed_at=now,
            closure_reason="reintegrated",
        )


class Ui:
    """One user's browser, in one language; labels are those the pages show in that language."""

    def __init__(self, page: Page, base_url: str, language: str) -> None:
        self.page = page
        self.base_url = base_url
        self.language = language

    def t(self, msgid: str, **params: object) -> str:
        if self.language == "en":
            text = msgid
        else:
            with translation.override(self.language):
                text = translation.gettext(msgid)
            assert KHMER_SCRIPT.search(text), f"not translated into Khmer: {msgid!r}"
        return text % params if params else text

    def label(self, verbose_name: str) -> str:
        """A form label made from a model field's verbose name."""
        return capfirst(self.t(verbose_name))

    def field(self, verbose_name: str, scope: Locator | Page | None = None) -> Locator:
        """The input labelled exactly so (Django adds a colon to its labels)."""
        label = re.compile(rf"^\s*{re.escape(self.label(verbose_name))}\s*:?\s*$")
        return (scope or self.page).get_by_label(label)

    def button(self, msgid: str, scope: Locator | Page | None = None) -> Locator:
        return (scope or self.page).get_by_role("button", name=self.t(msgid), exact=True)

    def link(self, msgid: str, scope: Locator | Page | None = None) -> Locator:
        return (scope or self.page).get_by_role("link", name=self.t(msgid), exact=True)

    def menu(self, msgid: str) -> None:
        nav = self.page.get_by_role("navigation", name=self.t("Main menu"))
        link = self.link(msgid, nav)
        if not link.is_visible():  # behind "More" in a short menu row
            nav.get_by_text(self.t("More"), exact=True).click()
        link.click()

    def heading(self, text: str, level: int = 1) -> None:
        expect(self.page.get_by_role("heading", level=level)).to_contain_text(text)

    def says(self, text: str) -> None:
        expect(self.page.get_by_role("status").filter(has_text=text)).to_be_visible()

    def section(self, heading: str) -> Locator:
        return self.page.locator("section").filter(
            has=self.page.get_by_role("heading", name=heading, exact=True)
        )

    def disclose(self, summary: str) -> Locator:
        """Open a collapsed ``<details>`` by its summary; return it."""
        opener = self.page.locator("summary").filter(
            has_text=re.compile(rf"^\s*{re.escape(summary)}\s*$")
        )
        opener.click()
        return self.page.locator("details").filter(has=opener)

    def reference(self, prefix: str) -> str:
        """The record's reference (P-, S-, R-, C-...) in the page's heading."""
        heading = self.page.get_by_role("heading", level=1)
        expect(heading).to_contain_text(re.compile(rf"{prefix}-\d+"))
        return re.search(rf"{prefix}-\d+", heading.inner_text()).group(0)  # type: ignore[union-attr]

    def switch_language(self) -> None:
        """Choose the language with the switch at the top of every page."""
        name = "ខ្មែរ" if self.language == "km" else "English"
        self.page.get_by_role("button", name=name, exact=True).click()
        expect(self.page.locator("html")).to_have_attribute("lang", self.language)

    def sign_in(self, user: User) -> None:
        page = self.page
        page.goto(f"{self.base_url}/account/login/")
        if page.locator("html").get_attribute("lang") != self.language:
            self.switch_language()
        self.heading(self.t("Sign in"))
        page.locator("input[name=username]").fill(user.username)
        page.locator("input[name=password]").fill(PASSWORD)
        self.button("Sign in").click()
        expect(page.get_by_role("banner")).to_contain_text(f"{user.username} · {user.agency}")

    def sign_out(self) -> None:
        self.button("Sign out").click()
        self.heading(self.t("Sign in"))
        expect(self.page.locator("html")).to_have_attribute("lang", self.language)


# --- the steps ------------------------------------------------------------------------------


@dataclass
class Trail:
    """References the users read off the pages and carry to the next step."""

    person: str = ""
    person_url: str = ""
    screening: str = ""
    referral: str = ""
    case: str = ""


def record_and_screen(ui: Ui, trail: Trail) -> None:
    t, page = ui.t, ui.page
    ui.heading(t("Screen for trafficking and forced labour"))
    ui.menu("People")
    ui.link("Record a person").click()
    ui.heading(t("Record a person"))
    ui.field("family name (Latin script)").fill("Chhan")
    ui.field("given name (Latin script)").fill("Sreymom")
    ui.field("name in Khmer script").fill("ឆាន់ ស្រីមុំ")
    ui.field("sex").select_option(label=t("Female"))
    ui.field("year of birth").fill("2000")
    ui.field("home province").select_option("01")
    settle_likely_matches(page)
    ui.button("Save").click()

    trail.person = ui.reference("P")
    trail.person_url = page.url
    ui.says(t("Person %(ref)s recorded.", ref=trail.person))
    expect(ui.section(t("Screenings"))).to_contain_text(t("Not screened yet."))
    ui.link("Screen this person", ui.section(t("Screenings"))).click()

    ui.heading(t("Screen for trafficking and forced labour"))
    expect(page.get_by_text(trail.person)).to_be_visible()
    short = page.locator("section").filter(has=page.get_by_role("heading", name=t("Short form")))
    ui.link("Start", short).click()

    ui.heading(t("Short screening form"))
    ui.field("Where is the screening taking place?").select_option(label=t("Deportation or return"))
    ui.field("Place").fill("Poipet Transit Centre")
    age = timezone.localdate().year - 2000
    expect(ui.field("Age in years")).to_have_value(str(age))
    expect(ui.field("Sex")).to_have_value("female")
    for question in SHORT:
        group = page.get_by_role("group", name=question.text(ui.language))
        group.get_by_role("radio", name=t(ANSWERS[question.key]), exact=True).check()
    ui.button("Save and see the result").click()

    ui.heading(t("Screening result"))
    trail.screening = ui.reference("S")
    ui.says(t("Screening %(ref)s saved.", ref=trail.screening))
    result = ui.section(t("Trafficking indicated"))
    expect(result).to_contain_text(t("Next step: %(step)s", step=t("Refer")))
    expect(result).to_contain_text(
        t(
            "With the person's consent, refer them for assistance and for formal identification "
            "by an eligible identifier."
        )
    )
    why = ui.section(t("Why"))
    for element, codes in [
        ("Act", ["ACT-RECRUITMENT", "ACT-TRANSPORT"]),
        ("Means", ["MEANS-DECEPTION", "MEANS-THREAT"]),
        ("Purpose of exploitation", ["PURPOSE-FORCED-CRIMINALITY"]),
    ]:
        item = why.get_by_role("listitem").filter(has=page.get_by_text(t(element), exact=True))
        expect(item).to_contain_text(t("met"))
        for code in codes:
            expect(item).to_contain_text(BY_CODE[code].label(ui.language))


def identify(ui: Ui, trail: Trail) -> None:
    t, page = ui.t, ui.page
    ui.heading(t("My work"))
    ui.menu("People")
    page.get_by_role("searchbox", name=t("Search")).fill("Chan Srey Mom")
    ui.button("Search").click()
    page.get_by_role("link", name=trail.person).click()

    screenings = ui.section(t("Screenings"))
    expect(screenings).to_contain_text(trail.screening)
    expect(screenings).to_contain_text(t("Trafficking indicated"))
    protection = ui.section(t("Protection"))
    expect(protection).to_contain_text(t("Not formally identified."))
    ui.link("Formally identify", protection).click()

    ui.heading(t("Formal identification"))
    expect(ui.field("Determination")).to_have_value("suspected_victim")
    page.get_by_role("checkbox", name=t("Forced criminality"), exact=True).check()
    page.get_by_role("checkbox", name=t("Online scam compound"), exact=True).check()
    ui.field("Basis of the identification").select_option(label=t("Short identification form"))
    ui.field("Screening number").fill(trail.screening)
    ui.button("Record identification").click()

    ui.says(t("Formal identification recorded."))
    protection = ui.section(t("Protection"))
    expect(protection).to_contain_text(t("Suspected victim"))
    expect(protection).to_contain_text(t("Forced criminality"))
    expect(protection).to_contain_text(t("Online scam compound"))
    # The identifier manages cases too: the centre opens its own case at identification.
    expect(protection.get_by_role("link", name=re.compile(r"C-\d+"))).to_have_count(1)


def consent_and_refer(ui: Ui, trail: Trail) -> None:
    t, page = ui.t, ui.page
    page.goto(trail.person_url)
    protection = ui.section(t("Protection"))
    expect(protection).to_contain_text(
        t(
            "This person has not consented to be referred. Record the person's consent to "
            "referral first; without it nothing may be referred."
        )
    )
    expect(ui.link("Refer", protection)).to_have_count(0)

    consent = ui.disclose(t("Record a consent"))
    ui.field("consent to", consent).select_option(label=t("Be referred to service providers"))
    ui.field("how consent was given", consent).select_option(label=t("Signed form"))
    ui.field("date given", consent).fill(timezone.localdate().isoformat())
    ui.button("Record consent", consent).click()

    ui.says(t("Consent recorded."))
    consents = ui.section(t("Consents"))
    row = consents.get_by_role("row").filter(has_text=t("Be referred to service providers"))
    expect(row).to_contain_text(t("in force"))
    ui.link("Refer", ui.section(t("Protection"))).click()

    ui.heading(t("Refer to a service provider"))
    for need in (
        "Housing and accommodation",
        "Medical care",
        "Psychological support and counselling",
    ):
        page.get_by_role("checkbox", name=t(need), exact=True).check()
    ui.button("Find providers").click()

    matches = page.get_by_role("row").filter(has_text="Hope women's shelter")
    expect(matches).to_contain_text("Hope for Women NGO")
    not_matching = ui.disclose(t("Providers that do not match, and why"))
    expect(not_matching).to_contain_text(
        "Hope men's shelter: " + t("does not accept: %(sex)s", sex=t("Women and girls"))
    )
    matches.get_by_role("textbox", name=t("Note to the provider")).fill(
        "Deported from Thailand; needs a safe place near Phnom Penh."
    )
    ui.button("Refer here", matches).click()

    ui.says(t("Referral sent to %(provider)s.", provider="Hope women's shelter"))
    trail.referral = ui.reference("R")
    expect(page.locator("dl")).to_contain_text(t("Awaiting response"))


def accept(ui: Ui, trail: Trail) -> None:
    t, page = ui.t, ui.page
    ui.heading(t("My work"))
    incoming = ui.section(t("Referrals awaiting your agency's answer"))
    expect(incoming).to_contain_text("Poipet Transit Centre")
    incoming.get_by_role("link", name=trail.referral).click()

    facts = page.locator("dl")
    expect(facts).to_contain_text(trail.person)
    expect(facts).to_contain_text(t("Housing and accommodation"))
    expect(facts).to_contain_text("Deported from Thailand")
    ui.button("Accept").click()

    # Accepting leads to the case it opened.
    ui.says(t("Referral accepted. A case has been opened at your agency."))
    ui.heading(t("Protection case"))
    expect(page.locator("dl").first).to_contain_text(t("Reception"))

    ui.menu("My work")
    expect(ui.section(t("Referrals awaiting your agency's answer"))).to_contain_text(
        t("None waiting.")
    )
    row = ui.section(t("My open cases")).get_by_role("row").filter(has_text="Sreymom")
    expect(row).to_contain_text(t("Reception"))
    row.get_by_role("link", name=re.compile(r"C-\d+")).click()


def follow_the_case(ui: Ui, trail: Trail) -> None:
    t, page = ui.t, ui.page
    ui.heading(t("Protection case"))
    trail.case = ui.reference("C")
    facts = page.locator("dl").first
    expect(facts).to_contain_text(trail.person)
    expect(facts).to_contain_text("Hope for Women NGO")
    expect(facts).to_contain_text(t("Reception"))

    def move_to(stage: str, why: str) -> None:
        ui.field("Move to stage").select_option(label=t(stage))
        ui.field("Why").fill(why)
        ui.button("Change stage").click()
        ui.says(t("Stage changed."))
        expect(page.locator("dl").first).to_contain_text(t(stage))

    move_to("Case planning", "Settled in the shelter")

    ui.link("Edit the plan").click()
    ui.heading(t("Case plan"))
    # The needs the referral named are already ticked.
    expect(page.get_by_role("checkbox", name=t("Housing and accommodation"))).to_be_checked()
    page.get_by_role("checkbox", name=t("Economic empowerment"), exact=True).check()
    ui.field("Goals").fill("Three months in the shelter, then vocational training at home.")
    ui.button("Save plan").click()
    ui.says(t("Case plan saved."))
    plan = ui.section(t("Case plan"))
    expect(plan).to_contain_text(t("Economic empowerment"))
    expect(plan).to_contain_text("vocational training")

    form = ui.disclose(t("Record a service"))
    ui.field("Area of care", form).select_option(label=t("Economic empowerment"))
    ui.field("Entitlement paid", form).select_option(label=t("Food allowance (150,000 riel)"))
    ui.field("Provided by", form).select_option(label="Hope women's shelter")
    form.get_by_role("button").click()
    ui.says(t("Service recorded."))
    row = ui.section(t("Services delivered")).get_by_role("row").nth(1)
    expect(row).to_contain_text(t("Food allowance (150,000 riel)"))
    expect(row).to_contain_text("150,000")

    move_to("Reintegration", "Back with her family in Battambang")

    form = ui.disclose(t("Schedule a visit"))
    ui.field("Due on", form).fill(timezone.localdate().isoformat())
    ui.field("Purpose", form).fill("Home visit")
    ui.button("Schedule", form).click()
    ui.says(t("Follow-up visit scheduled."))
    visit = ui.section(t("Follow-up visits")).get_by_role("listitem").filter(has_text="Home visit")
    ui.field("Outcome", visit).select_option(label=t("Safe and stable"))
    ui.field("Note", visit).fill("Working at the family's market stall.")
    ui.button("Record visit", visit).click()
    ui.says(t("Follow-up visit recorded."))
    visit = ui.section(t("Follow-up visits")).get_by_role("listitem").filter(has_text="Home visit")
    expect(visit).to_contain_text(t("Safe and stable"))
    expect(visit).to_contain_text("market stall")

    move_to("Follow-up", "Visited at home")

    closing = ui.section(t("Close the case"))
    ui.field("Reason for closing", closing).select_option(label=t("Reintegrated"))
    ui.field("Note", closing).fill("Stable after three months at home.")
    ui.button("Close case", closing).click()
    # Closing cannot be undone: a confirmation page first, naming the case and the reason.
    ui.heading(trail.case)
    expect(page.locator("main dl")).to_contain_text(t("Reintegrated"))
    ui.button("Yes, close the case").click()
    ui.says(t("Case closed."))
    facts = page.locator("dl").first
    expect(facts).to_contain_text(t("Case closure"))
    expect(facts).to_contain_text(t("Reintegrated"))
    expect(ui.button("Change stage")).to_have_count(0)
    history = ui.section(t("Stage history"))
    for stage in ("Reception", "Case planning", "Reintegration", "Follow-up", "Case closure"):
        expect(history).to_contain_text(t(stage))

    ui.menu("My work")
    cases = ui.section(t("My open cases"))
    expect(cases).to_contain_text(t("No open case assigned to you."))
    expect(cases).not_to_contain_text(trail.case)


def read_the_counts(ui: Ui) -> None:
    t, page = ui.t, ui.page
    ui.heading(t("National statistics"))

    def table(measure: str) -> Locator:
        # Each measure folds; only the first is open as the page comes: open the others.
        heading = page.get_by_role("heading", name=t(measure), exact=True)
        fold = page.locator("details", has=heading)
        if fold.get_attribute("open") is None:
            heading.click()
        expect(fold).to_have_attribute("open", "")
        name = t("%(measure)s by %(by)s", measure=t(measure), by=t("Sex"))
        return page.get_by_role("table", name=name, exact=True)

    def cells(table: Locator, row: str) -> Locator:
        header = page.get_by_role("rowheader", name=row, exact=True)
        return table.get_by_role("row").filter(has=header).get_by_role("cell")

    # Screenings: all were of women and found trafficking; the other results are suppressed.
    screenings = table("Screenings by result")
    expect(cells(screenings, t("Female"))).to_have_text([str(SEEN), "x", "x", "x", str(SEEN)])
    expect(cells(screenings, t("Total")).last).to_have_text(str(SEEN))
    referrals = table("Referrals made, by response")
    expect(cells(referrals, t("Female")).first).to_have_text(str(SEEN))
    expect(cells(referrals, t("Total")).last).to_have_text(str(SEEN))
    # People, not records: the woman has a case at the centre and one at the shelter.
    for measure in (
        "Suspected victims identified",
        "Protection cases opened",
        "Protection cases closed",
    ):
        expect(cells(table(measure), t("Female"))).to_have_text([str(SEEN)])
        expect(cells(table(measure), t("Total"))).to_have_text([str(SEEN)])
    expect(page.locator("main")).not_to_contain_text("Sreymom")
    expect(page.locator("main")).not_to_contain_text("Chhan")


def run_the_flow(ui: Ui, cast: Cast) -> None:
    trail = Trail()
    for user, steps in [
        (cast.screener, [record_and_screen]),
        (cast.identifier, [identify]),
        (cast.worker, [consent_and_refer]),
        (cast.shelter_worker, [accept, follow_the_case]),
    ]:
        ui.sign_in(user)
        for step in steps:
            step(ui, trail)
        ui.sign_out()
    ui.sign_in(cast.analyst)
    read_the_counts(ui)


def rendered_fonts(page: Page, selector: str) -> set[str]:
    """The fonts Chromium actually drew the element's text with."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    return {font["familyName"] for font in fonts}


# --- the tests ------------------------------------------------------------------------------


def test_the_whole_flow_from_screening_to_the_national_counts(page, live_server, cast):
    run_the_flow(Ui(page, live_server.url, "en"), cast)


def test_the_whole_flow_in_khmer_with_a_khmer_font(page, live_server, cast):
    ui = Ui(page, live_server.url, "km")
    page.goto(f"{live_server.url}/account/login/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    ui.switch_language()
    expect(page.get_by_role("heading", level=1)).to_have_text(ui.t("Sign in"))
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"Rumdoh Khmer"')
    faces = page.evaluate(
        """async () => (await document.fonts.load('16px "Rumdoh Khmer"', 'ខ្មែរ'))
            .map(face => face.status)"""
    )
    assert faces == ["loaded"]
    assert "Khmer OS" in rendered_fonts(page, "h1")
    run_the_flow(ui, cast)
