"""The labour pages: who opens what, the public recruiter check and rights pages."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rumdoh.accounts.models import AuditEvent
from rumdoh.labour.services import registers
from tests.conftest import login

pytestmark = pytest.mark.django_db


def _agency(lw, **extra):  # type: ignore[no-untyped-def]
    data = {
        "name": "Golden Bridge Manpower",
        "licence_number": "PRA-0042",
        "issued_on": timezone.localdate().replace(year=2024),
        "expires_on": timezone.localdate().replace(year=2030),
        "deposit_usd": 100_000,
        "province": "12",
    }
    data.update(extra)
    return registers.register_agency(lw.licensing, **data)


def test_the_inspector_files_a_complaint_and_reads_it_with_its_clock(lw):
    client = login(lw.inspector)
    url = reverse("labour:complaint_new") + f"?person={lw.person.pk}"
    response = client.post(
        url,
        {
            "filed_on": timezone.localdate().isoformat(),
            "received_at": "mrc",
            "province": "01",
            "workers": 1,
            "description": "Passport kept by the employer.",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Passport kept by the employer." in page
    assert AuditEvent.objects.filter(
        action="labour_complaint.viewed", person_id=lw.person.pk
    ).exists()


def test_outsiders_get_404_for_a_complaint_and_403_for_the_list(lw):
    complaint = lw.complaint()
    url = reverse("labour:complaint_detail", args=[complaint.pk])
    assert login(lw.other_inspector).get(url).status_code == 404
    assert login(lw.world.outsider).get(reverse("labour:complaints")).status_code == 200
    assert login(lw.world.outsider).get(url).status_code == 404
    assert login(lw.licensing).get(reverse("labour:complaints")).status_code == 403


def test_the_complaint_page_demands_a_referral_when_a_screening_indicates_a_crime(lw):
    complaint = lw.complaint()
    lw.screening("trafficking-indicated")
    page = login(lw.inspector).get(reverse("labour:complaint_detail", args=[complaint.pk]))
    assert 'id="referral-required"' in page.content.decode()


def test_the_licensing_officer_lands_on_the_labour_page_and_registers_an_agency(lw):
    client = login(lw.licensing)
    assert client.get("/").status_code in (200, 302)
    agency = _agency(lw)
    page = client.get(reverse("labour:recruiter_detail", args=[agency.pk])).content.decode()
    assert "PRA-0042" in page


def test_the_public_check_finds_an_agency_by_licence_number_without_login(client, lw):
    agency = _agency(lw)
    registers.sanction(
        lw.licensing,
        agency,
        kind="suspension",
        starts_on=timezone.localdate(),
        grounds="Fees above the legal limit",
    )
    page = client.get("/recruiters/?q=pra-0042").content.decode()
    assert "Golden Bridge Manpower" in page and "Not allowed to recruit" in page
    assert (
        "Golden"
        not in client.get("/recruiters/?q=nothing-like-it").content.decode().split("<main")[1]
    )


def test_the_public_check_reads_a_nul_character_as_nothing(client, lw):
    """Typed by anyone: a NUL in the search reached the database (PostgreSQL refuses it)."""
    _agency(lw)
    response = client.get("/recruiters/", {"q": "pra-\x000042"})
    assert response.status_code == 200
    assert "Golden Bridge Manpower" in response.content.decode()


def test_a_page_past_the_last_result_says_so_and_not_that_no_agency_exists(client, lw):
    _agency(lw)
    html = client.get("/recruiters/", {"q": "Golden", "page": "999"}).content.decode()
    assert 'id="past-the-end"' in html and "No licensed agency has this name" not in html
    client.cookies["django_language"] = "th"
    html = client.get("/recruiters/", {"q": "Golden", "page": "999"}).content.decode()
    assert "หน้านี้เลยผลลัพธ์สุดท้ายแล้ว" in html


@pytest.mark.parametrize("page", ["", "victims/", "migrants/", "report/", "justice/"])
@pytest.mark.parametrize("language", ["km", "en", "zh-hans", "vi", "th", "id"])
def test_the_rights_pages_open_in_every_public_language_without_script(client, page, language):
    client.cookies["django_language"] = language
    response = client.get(f"/rights/{page}")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    assert "<script" not in html
    assert len(html) < 20_000


def test_the_eleven_rights_are_listed(client):
    html = client.get("/rights/victims/").content.decode()
    assert html.count("<li>") >= 11 and "Freedom of movement" in html


def test_a_plan_is_hidden_from_an_inspector_outside_the_team_until_its_date(lw):
    from datetime import timedelta

    from rumdoh.accounts.rules.roles import Role
    from tests.conftest import make_user

    colleague = make_user(Role.LABOUR_INSPECTOR, lw.labour, "colleague")
    site = registers.register_worksite(
        lw.inspector, name="Kiln 7", kind="brick_kiln", province="01"
    )
    plan = registers.plan_inspection(
        lw.inspector, site, timezone.localdate() + timedelta(days=5), []
    )
    url = reverse("labour:inspection_detail", args=[plan.pk])
    assert login(lw.inspector).get(url).status_code == 200
    assert login(colleague).get(url).status_code == 404
    assert "Kiln 7" in login(colleague).get(reverse("labour:worksites")).content.decode()


def test_an_inspector_plans_an_inspection_with_herself_on_the_team_ticked(lw):
    from rumdoh.labour.models import Inspection

    site = registers.register_worksite(
        lw.inspector, name="Kiln 9", kind="brick_kiln", province="01"
    )
    client = login(lw.inspector)
    url = reverse("labour:inspection_new", args=[site.pk])
    html = client.get(url).content.decode()
    assert re.search(rf'name="team" value="{lw.inspector.pk}"[^>]*checked', html)
    day = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client.post(url, {"planned_for": day})
    plan = Inspection.objects.get(worksite=site)
    assert response.status_code == 302
    assert list(plan.team.all()) == [lw.inspector]


def test_the_inspection_and_the_complaint_name_the_inspectors_by_their_names(lw):
    from rumdoh.labour.services import complaints

    lw.inspector.first_name, lw.inspector.last_name = "Kosal", "Ouk"
    lw.inspector.username = "k.ouk"
    lw.inspector.save()
    site = registers.register_worksite(
        lw.inspector, name="Kiln 11", kind="brick_kiln", province="01"
    )
    plan = registers.plan_inspection(lw.inspector, site, timezone.localdate(), [])
    client = login(lw.inspector)
    form = client.get(reverse("labour:inspection_new", args=[site.pk])).content.decode()
    page = client.get(reverse("labour:inspection_detail", args=[plan.pk])).content.decode()
    complaint = lw.complaint()
    complaints.schedule_hearing(lw.inspector, complaint, timezone.localdate(), complaint.version)
    history = client.get(reverse("labour:complaint_detail", args=[complaint.pk])).content.decode()
    for html in (form, page, history):
        assert "k.ouk" not in html
    assert "<dd>Kosal Ouk</dd>" in page and "(Kosal Ouk)" in history


def test_the_api_lists_complaints_to_the_receiving_agency_only_and_audits_the_read(lw):
    complaint = lw.complaint()
    mine = login(lw.inspector).get("/api/v1/labour-complaints/").json()
    assert [row["id"] for row in mine["results"]] == [complaint.pk]
    theirs = login(lw.other_inspector).get("/api/v1/labour-complaints/").json()
    assert theirs["results"] == []
    detail = login(lw.inspector).get(f"/api/v1/labour-complaints/{complaint.pk}/")
    assert detail.status_code == 200
    assert AuditEvent.objects.filter(action="labour_complaint.viewed").exists()
    assert login(lw.licensing).get("/api/v1/recruitment-agencies/").status_code == 200


def test_the_rights_page_reads_in_thai_and_khmer(client):
    client.cookies["django_language"] = "th"
    assert "เสรีภาพในการเดินทาง" in client.get("/rights/victims/").content.decode()
    client.cookies["django_language"] = "km"
    assert "សេរីភាពក្នុងការធ្វើដំណើរ" in client.get("/rights/victims/").content.decode()


def test_the_prevention_page_totals_this_year_by_kind_and_province(lw):
    from rumdoh.labour.services import registers as rs

    for women, men in ((10, 5), (7, 8)):
        rs.record_prevention(
            lw.inspector,
            kind="awareness",
            title="Village forum",
            held_on=timezone.localdate(),
            province="01",
            sessions=1,
            women=women,
            men=men,
        )
    html = login(lw.licensing).get(reverse("labour:prevention")).content.decode()
    assert '<td class="num">2</td><td class="num">17</td><td class="num">13</td>' in html
    assert login(lw.world.owner).get(reverse("labour:prevention")).status_code == 403


def test_the_api_files_a_complaint_and_refers_it(lw):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(lw.inspector)
    made = client.post(
        "/api/v1/labour-complaints/",
        {
            "filed_on": timezone.localdate().isoformat(),
            "province": "01",
            "description": "Debt to the kiln owner.",
            "complainant": lw.person.pk,
        },
        format="json",
    )
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    lw.screening("forced-labour-indicated")
    assert client.get(f"/api/v1/labour-complaints/{pk}/").json()["referral_outstanding"] is True
    wrong = client.post(
        f"/api/v1/labour-complaints/{pk}/refer/",
        {"to_agency": lw.other_labour.pk, "referred_on": timezone.localdate().isoformat()},
        format="json",
    )
    assert wrong.status_code == 400
    done = client.post(
        f"/api/v1/labour-complaints/{pk}/refer/",
        {"to_agency": lw.police.pk, "referred_on": timezone.localdate().isoformat()},
        format="json",
    )
    assert done.status_code == 201 and done.json()["referral_outstanding"] is False
    police = APIClient()
    police.force_authenticate(lw.investigator)
    assert police.post("/api/v1/labour-complaints/", {}, format="json").status_code == 403


def test_the_public_check_shows_twenty_agencies_a_page_in_the_visitors_language(client, lw):
    for n in range(21):
        _agency(lw, name=f"Golden Bridge {n:02}", licence_number=f"PRA-1{n:03}")
    client.cookies["django_language"] = "th"
    first = client.get("/recruiters/?q=golden").content.decode()
    assert len(re.findall(r'href="/recruiters/\d+/"', first)) == 20
    assert "Golden Bridge 19" in first and "Golden Bridge 20" not in first
    assert 'href="?q=golden&amp;page=2"' in first and "ถัดไป" in first
    second = client.get("/recruiters/?q=golden&page=2").content.decode()
    assert len(re.findall(r'href="/recruiters/\d+/"', second)) == 1 and "Golden Bridge 20" in second
    assert "ก่อนหน้า" in second


@pytest.mark.parametrize("language", ["km", "en", "zh-hans", "vi", "th", "id"])
def test_an_unknown_rights_page_is_a_public_page_not_found_in_the_visitors_language(
    client, language
):
    client.cookies["django_language"] = language
    response = client.get("/rights/nowhere/")
    html = response.content.decode()
    assert response.status_code == 404
    assert f'<html lang="{language}">' in html
    assert 'class="public-nav"' in html and 'href="/rights/victims/"' in html
    assert "<script" not in html
    assert "/account/login/" not in html


@pytest.mark.parametrize(
    ("language", "title"),
    [("km", "រកមិនឃើញទំព័រ"), ("th", "ไม่พบหน้านี้"), ("vi", "Không tìm thấy trang")],
)
def test_the_public_page_not_found_reads_in_the_visitors_language(client, lw, language, title):
    client.cookies["django_language"] = language
    assert title in client.get("/rights/nowhere/").content.decode()
    missing = client.get(reverse("labour_public:recruiter", args=[999_999]))
    assert missing.status_code == 404 and title in missing.content.decode()


@pytest.mark.parametrize(
    "address", ["/report/nowhere/", "/recruiters/not-a-number/", "/rights/a/b/"]
)
def test_every_public_address_that_names_nothing_answers_the_public_page(client, address):
    client.cookies["django_language"] = "km"
    response = client.get(address)
    html = response.content.decode()
    assert response.status_code == 404
    assert "រកមិនឃើញទំព័រ" in html and 'class="public-nav"' in html
    assert "/account/login/" not in html


def test_a_staff_address_that_names_nothing_keeps_the_staff_page(client):
    html = client.get("/people/nowhere/").content.decode()
    assert 'class="public-nav"' not in html


@pytest.mark.parametrize(
    "url", ["/labour/complaints/", "/labour/inspections/", "/labour/worksites/"]
)
def test_a_staff_list_past_its_last_page_says_so(lw, url):
    lw.complaint()
    html = login(lw.inspector).get(url, {"page": "9999"}).content.decode()
    assert 'id="past-the-end"' in html and " matches." not in html


def test_the_complaint_pages_name_a_recruiter_in_the_reader_s_language(lw):
    golden = _agency(lw, name_km="ស្ពានមាស ម៉ែនផៅវើ")
    _agency(lw, name="Plain Recruit", licence_number="PRA-0043")  # no Khmer name
    client = login(lw.inspector)
    url = reverse("labour:complaint_new")
    english = client.get(url).content.decode()
    assert f'<option value="{golden.pk}">Golden Bridge Manpower (PRA-0042)</option>' in english
    client.cookies["django_language"] = "km"
    khmer = client.get(url).content.decode()
    assert f'<option value="{golden.pk}">ស្ពានមាស ម៉ែនផៅវើ (PRA-0042)</option>' in khmer
    assert ">Plain Recruit (PRA-0043)</option>" in khmer
    complaint = lw.complaint(recruiter=golden)
    detail = client.get(reverse("labour:complaint_detail", args=[complaint.pk])).content.decode()
    assert "ស្ពានមាស ម៉ែនផៅវើ</a>" in detail
    assert "ស្ពានមាស ម៉ែនផៅវើ" in client.get(reverse("labour:complaints")).content.decode()


def test_the_register_and_the_public_check_name_a_recruiter_in_the_reader_s_language(lw):
    golden = _agency(lw, name_km="ស្ពានមាស ម៉ែនផៅវើ")
    staff = login(lw.licensing)
    staff.cookies["django_language"] = "km"
    assert "ស្ពានមាស ម៉ែនផៅវើ</a>" in staff.get(reverse("labour:recruiters")).content.decode()
    public = Client()
    public.cookies["django_language"] = "km"
    found = public.get(reverse("labour_public:recruiters"), {"q": "PRA-0042"}).content.decode()
    assert "ស្ពានមាស ម៉ែនផៅវើ</a>" in found
    page = public.get(reverse("labour_public:recruiter", args=[golden.pk])).content.decode()
    assert "<h1>ស្ពានមាស ម៉ែនផៅវើ</h1>" in page
    public.cookies["django_language"] = "en"
    page = public.get(reverse("labour_public:recruiter", args=[golden.pk])).content.decode()
    assert "<h1>Golden Bridge Manpower</h1>" in page
    # The licensing officer's own page of the agency too, both names kept below.
    own = staff.get(reverse("labour:recruiter_detail", args=[golden.pk])).content.decode()
    assert "<h1>ស្ពានមាស ម៉ែនផៅវើ <span" in own and ">Golden Bridge Manpower</dd>" in own
