"""The code of conduct's principles are data the licensing office keeps (seeded with those the
reports name), and the hotlines of the public pages are data the system administrator keeps."""

import html
import re
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone

from rumdoh.accounts.models import AgencyKind, AuditEvent
from rumdoh.accounts.rules.roles import Role
from rumdoh.core.errors import Refused
from rumdoh.labour.models import ConductPrinciple, Hotline
from rumdoh.labour.services import registers
from tests.conftest import login, make_agency, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def seeded(db):  # type: ignore[no-untyped-def]
    """What the data migrations seed (again: a test that flushes the database, such as the API
    fuzzing, empties it for the tests that follow). Both seeds are idempotent."""
    for name in ("0002_code_of_conduct_principles", "0003_hotlines"):
        import_module(f"rumdoh.labour.migrations.{name}").seed(django_apps, None)


NAMED = {
    "Reduction of migration fees",
    "Delivery of pre-departure training",
    "Provision of a dispute settlement mechanism",
    "Safeguarding freedom of movement",
    "Respect for all relevant laws",
    "Protection of workers' rights",
}


def _agency(lw):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    return registers.register_agency(
        lw.licensing,
        name="Golden Bridge Manpower",
        licence_number="PRA-0042",
        issued_on=today.replace(year=today.year - 1),
        expires_on=today.replace(year=today.year + 2),
        deposit_usd=100_000,
        province="12",
    )


def test_the_principles_the_reports_name_are_seeded_and_no_placeholder_is_left():
    seeded = ConductPrinciple.objects.filter(code_version="2020")
    assert {p.wording_en for p in seeded} == NAMED
    assert all(p.wording_km and p.number is None and p.source for p in seeded)
    assert not ConductPrinciple.objects.filter(wording_en__icontains="ethical and professional")


def test_the_licensing_office_records_a_principle_and_its_number_is_used_once(lw):
    client = login(lw.licensing)
    data = {
        "code_version": "2020",
        "number": 7,
        "wording_en": "Principle as worded in the code",
        "wording_km": "គោលការណ៍",
        "active": "on",
    }
    assert client.post(reverse("labour:principle_new"), data).status_code == 302
    assert AuditEvent.objects.filter(action="conduct_principle.added").exists()
    again = client.post(reverse("labour:principle_new"), data | {"wording_en": "Another"})
    assert again.status_code == 200
    assert "already has a principle with this number" in again.content.decode()
    page = client.get(reverse("labour:principles")).content.decode()
    assert "Principle as worded in the code" in page and "Reduction of migration fees" in page


def test_an_edit_opened_before_another_save_is_refused_and_keeps_the_input(lw):
    principle = ConductPrinciple.objects.get(wording_en="Respect for all relevant laws")
    client = login(lw.licensing)
    url = reverse("labour:principle_edit", args=[principle.pk])
    fields = {"code_version": "2020", "wording_km": principle.wording_km, "active": "on"}
    first = client.post(url, fields | {"wording_en": "Respect for the law", "version": 1})
    assert first.status_code == 302
    stale = client.post(url, fields | {"wording_en": "My late wording", "version": 1})
    assert stale.status_code == 200 and "My late wording" in stale.content.decode()
    principle.refresh_from_db()
    assert principle.wording_en == "Respect for the law" and principle.version == 2


def test_only_the_licensing_office_changes_the_code(lw):
    assert login(lw.inspector).get(reverse("labour:principles")).status_code == 200
    assert login(lw.inspector).get(reverse("labour:principle_new")).status_code == 403
    with pytest.raises(Exception):  # noqa: B017
        registers.add_principle(lw.inspector, code_version="2020", wording_en="x", wording_km="x")


def test_an_assessment_refers_to_a_principle_and_the_pages_show_it(client, lw):
    agency = _agency(lw)
    fees = ConductPrinciple.objects.get(wording_en="Reduction of migration fees")
    response = login(lw.licensing).post(
        reverse("labour:assessment_new", args=[agency.pk]),
        {"principle": fees.pk, "assessed_on": timezone.localdate().isoformat(), "note": "x"},
    )
    assert response.status_code == 302
    assert agency.assessments.get().principle == fees
    staff = login(lw.licensing).get(reverse("labour:recruiter_detail", args=[agency.pk]))
    assert "Reduction of migration fees" in staff.content.decode()
    assert "breached" in staff.content.decode()
    public = client.get(reverse("labour_public:recruiter", args=[agency.pk])).content.decode()
    assert "Reduction of migration fees" in public and "breached" in public
    assert "Delivery of pre-departure training" not in public  # not assessed: not shown
    client.cookies["django_language"] = "km"
    khmer = client.get(reverse("labour_public:recruiter", args=[agency.pk])).content.decode()
    assert fees.wording_km in khmer and "<script" not in khmer and len(khmer) < 20_000


@pytest.mark.parametrize("language", ["km", "en"])
def test_the_assessment_form_offers_each_principle_in_the_readers_language(lw, language):
    """The principles were offered by their English wording on the Khmer page too."""
    agency = _agency(lw)
    client = login(lw.licensing)
    client.cookies["django_language"] = language
    page = client.get(reverse("labour:assessment_new", args=[agency.pk])).content.decode()
    options = re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', page)
    offered = {int(pk): html.unescape(text) for pk, text in options}
    active = ConductPrinciple.objects.filter(active=True)
    assert offered == {p.pk: p.wording_km if language == "km" else p.wording_en for p in active}


def test_a_principle_no_longer_in_force_cannot_be_assessed(lw):
    agency = _agency(lw)
    old = ConductPrinciple.objects.get(wording_en="Respect for all relevant laws")
    old.active = False
    old.save()
    with pytest.raises(Refused):
        registers.assess_conduct(
            lw.licensing, agency, principle=old, assessed_on=timezone.localdate(), kept=True
        )


def test_the_default_hotline_is_the_police_emergency_number_on_the_reporting_page(client):
    assert list(Hotline.objects.values_list("number", flat=True)) == ["117"]
    report = client.get("/rights/report/").content.decode()
    assert 'href="tel:117"' in report and "Police emergency" in report
    assert 'href="tel:117"' not in client.get("/rights/").content.decode()
    client.cookies["django_language"] = "th"
    assert "tel:117" in client.get("/rights/report/").content.decode()


@pytest.mark.parametrize("language", ["km", "en", "zh-hans", "vi", "th", "id"])
def test_hotlines_show_on_the_pages_chosen_and_demo_numbers_are_marked(client, language):
    Hotline.objects.create(
        number="1288",
        name_en="Anti-trafficking police",
        name_km="នគរបាលប្រឆាំងការជួញដូរ",
        hours="24/7",
        languages="Khmer",
        pages=["", "victims"],
        demo=True,
    )
    client.cookies["django_language"] = language
    for url in ("/rights/", "/rights/victims/"):
        response = client.get(url)
        html = response.content.decode()
        assert 'href="tel:1288"' in html and "24/7" in html
        assert "<script" not in html and len(html) < 20_000
    assert "tel:1288" not in client.get("/rights/migrants/").content.decode()
    client.cookies["django_language"] = "en"
    assert "Demo number, not verified" in client.get("/rights/").content.decode()
    client.cookies["django_language"] = "km"
    assert "នគរបាលប្រឆាំងការជួញដូរ" in client.get("/rights/").content.decode()


def test_the_system_administrator_keeps_the_hotlines_in_the_admin_console():
    admin_user = make_user(Role.SYSTEM_ADMIN, make_agency("NCCT", AgencyKind.COMMITTEE))
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client = login(admin_user)
    response = client.post(
        reverse("admin:labour_hotline_add"),
        {
            "number": "1280",
            "name_en": "Women's hotline",
            "name_km": "ខ្សែទូរស័ព្ទស្ត្រី",
            "hours": "08:00-17:00",
            "languages": "Khmer",
            "pages": ["report", "victims"],
            "position": 2,
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Hotline.objects.get(number="1280").pages == ["report", "victims"]
    assert "tel:1280" in login(admin_user).get("/rights/victims/").content.decode()


def test_the_database_picks_the_hotlines_whose_pages_hold_the_page_exactly():
    pages = {
        "1001": ["", "victims"],
        "1002": ["reporting"],
        "1003": [["report"]],
        "1004": [],
        "1005": ["report"],
        "1006": ["justice", "report"],
        "1007": [1],
        "1008": {"report": True},
    }
    for number, shown_on in pages.items():
        Hotline.objects.create(number=number, name_en="Line", name_km="ខ្សែ", pages=shown_on)

    def holding(page: object) -> set[str]:
        return set(Hotline.objects.filter(pages__holds=page).values_list("number", flat=True))

    assert holding("report") == {"117", "1005", "1006"}
    assert holding("") == {"1001"}
    assert holding("victims") == {"1001"}
    assert holding("rep") == set()
    assert holding("1") == set()
    assert holding("report") & holding("justice") == {"1006"}
    assert set(Hotline.objects.exclude(pages__holds="report").values_list("number", flat=True)) == (
        set(pages) - {"1005", "1006"}
    )
