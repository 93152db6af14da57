"""Recruiters, brokers and suspects, inspections, prevention and the national statistics."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rumdoh.accounts.models import AgencyKind, AuditEvent
from rumdoh.accounts.rules.roles import Role
from rumdoh.core.errors import NotAllowed, Refused, StaleEdit
from rumdoh.justice.models import CriminalCase, Suspect
from rumdoh.labour import queries
from rumdoh.labour.services import complaints as cs
from rumdoh.labour.services import registers as rs
from tests.conftest import login, make_agency, make_user

pytestmark = pytest.mark.django_db


def _agency(lw, number="PRA-0001"):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    return rs.register_agency(
        lw.licensing,
        name="Mekong Workforce",
        licence_number=number,
        issued_on=today - timedelta(days=400),
        expires_on=today + timedelta(days=700),
        deposit_usd=70_000,
        province="12",
    )


def test_only_licensing_officers_register_and_sanction_agencies(lw):
    with pytest.raises(NotAllowed):
        _agency(type("W", (), {"licensing": lw.inspector})())
    agency = _agency(lw)
    assert agency.deposit_shortfall == 30_000
    with pytest.raises(NotAllowed):
        rs.sanction(
            lw.inspector, agency, kind="warning", starts_on=timezone.localdate(), grounds="x"
        )
    rs.sanction(
        lw.licensing,
        agency,
        kind="revocation",
        starts_on=timezone.localdate(),
        grounds="Recruitment for a scam compound",
    )
    assert agency.status_on(timezone.localdate()) == "revoked"


def test_an_agency_edit_at_an_old_version_is_refused(lw):
    agency = _agency(lw)
    rs.update_agency(lw.licensing, agency, 1, deposit_usd=100_000)
    with pytest.raises(StaleEdit):
        rs.update_agency(lw.licensing, agency, 1, deposit_usd=90_000)
    with pytest.raises(Refused):
        rs.update_agency(lw.licensing, agency, 2, expires_on=agency.issued_on)


def test_a_broker_is_known_by_alias_and_handle_sealed_and_linked_to_a_suspect(lw):
    from django.db import connection

    agency = _agency(lw)
    broker = rs.add_broker(
        lw.licensing, agency, aliases="Ta Chet\n", handles="@chet_jobs", province="01"
    )
    assert broker.display_name == "Ta Chet" and broker.handles == ["@chet_jobs"]
    with connection.cursor() as cur:
        cur.execute("select aliases, handles from labour_broker where id = %s", [broker.pk])
        assert "Chet" not in "".join(cur.fetchone())
    with pytest.raises(Refused):
        rs.add_broker(lw.licensing, agency, province="01")
    case = CriminalCase.objects.create(
        police_agency=lw.police, province="01", origin="report", opened_by=lw.investigator
    )
    suspect = Suspect.objects.create(
        case=case, aliases=["Ta Chet"], role="recruiter", added_by=lw.investigator
    )
    rs.link_suspect(lw.licensing, broker, suspect.pk)
    assert list(broker.suspects.all()) == [suspect]
    page = login(lw.licensing).get(reverse("labour:recruiter_detail", args=[agency.pk]))
    assert suspect.reference in page.content.decode()


def test_the_operator_or_owner_of_a_worksite_is_sealed(lw):
    """The owner may be a person (a karaoke's owner, a compound's boss): sealed like the employer
    of a complaint and a broker's names."""
    from django.db import connection

    site = rs.register_worksite(
        lw.inspector, name="Compound D", kind="scam_compound", province="18", operator="Ly Sovann"
    )
    with connection.cursor() as cur:
        cur.execute("select operator from labour_worksite where id = %s", [site.pk])
        assert "Sovann" not in cur.fetchone()[0]
    site.refresh_from_db()
    assert site.operator == "Ly Sovann"


def test_the_risk_of_a_worksite_counts_complaints_crimes_and_cases(lw):
    site = rs.register_worksite(
        lw.inspector, name="Compound C", kind="scam_compound", province="18"
    )
    quiet = rs.register_worksite(lw.inspector, name="Farm", kind="plantation", province="18")
    lw.complaint(worksite=site)
    lw.screening("forced-labour-indicated")
    found = queries.risks([site, quiet])
    assert found[site.pk].parts == {"kind": 30, "complaints": 4, "crime_indicated": 10}
    assert found[quiet.pk].score == 10
    queries.register_risk_source("another_app", lambda ids: dict.fromkeys(ids, 2))
    try:
        assert queries.risks([quiet])[quiet.pk].parts["another_app"] == 2  # weight 1 by default
    finally:
        del queries.RISK_SOURCES["another_app"]


def test_a_follow_up_is_not_due_before_the_inspection_was_carried_out(lw):
    site = rs.register_worksite(lw.inspector, name="Kiln 5", kind="brick_kiln", province="08")
    today = timezone.localdate()
    plan = rs.plan_inspection(lw.inspector, site, today, [])
    with pytest.raises(Refused, match="follow-up cannot be due before"):
        rs.record_inspection(
            lw.inspector,
            plan,
            plan.version,
            status="done",
            carried_out_on=today,
            violations_found=True,
            follow_up_due=today - timedelta(days=1),
        )
    plan.refresh_from_db()
    assert plan.status == "planned" and plan.follow_up_due is None


def test_an_inspection_records_findings_and_workers_screened(lw):
    site = rs.register_worksite(lw.inspector, name="Kiln 3", kind="brick_kiln", province="08")
    plan = rs.plan_inspection(lw.inspector, site, timezone.localdate(), [])
    with pytest.raises(Refused):
        rs.record_inspection(lw.inspector, plan, plan.version, status="done")
    done = rs.record_inspection(
        lw.inspector,
        plan,
        plan.version,
        status="done",
        carried_out_on=timezone.localdate(),
        workers_present=30,
        violations_found=True,
        findings="Debts to the owner.",
        follow_up="Return with the police.",
        follow_up_due=timezone.localdate() + timedelta(days=90),
        referrals_made=2,
    )
    screening = lw.screening("further-assessment")
    rs.attach_inspection_screening(lw.inspector, done, screening.pk)
    client = login(lw.inspector)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("labour:inspection_detail", args=[done.pk])).content.decode()
    assert screening.reference in html
    # What the result form recorded is on the page: violations and when to follow up.
    assert re.search(r"Violations found</dt><dd><span[^>]*>Yes</span>", html)
    due = timezone.localdate() + timedelta(days=90)
    assert f"Follow-up due</dt><dd>{due:%Y-%m-%d}</dd>" in html
    assert queries.risks([site])[site.pk].parts["findings"] == 6


def test_the_team_must_be_inspectors_of_the_planning_agency(lw):
    site = rs.register_worksite(lw.inspector, name="Kiln 3", kind="brick_kiln", province="08")
    with pytest.raises(Refused):
        rs.plan_inspection(lw.inspector, site, timezone.localdate(), [lw.other_inspector])


def test_prevention_shows_in_the_national_statistics_by_sex(lw):
    rs.record_prevention(
        lw.inspector,
        kind="pre_departure",
        title="Thailand briefing",
        held_on=timezone.localdate(),
        province="01",
        sessions=3,
        women=40,
        men=55,
    )
    nccta = make_agency("NCCT", AgencyKind.COMMITTEE, "12")
    analyst = make_user(Role.NCCT_ANALYST, nccta, "analyst")
    page = login(analyst).get(reverse("statistics:dashboard") + "?preset=this-year")
    html = page.content.decode()
    assert 'id="prevention"' in html
    assert '<td class="num">40</td><td class="num">55</td><td class="num">95</td>' in html


def test_a_fee_recorded_against_an_agency(lw):
    agency = _agency(lw)
    rs.record_fee(lw.inspector, agency, destination="TH", fee_usd=750, paid_on=timezone.localdate())
    with pytest.raises(NotAllowed):
        rs.record_fee(
            lw.world.owner, agency, destination="TH", fee_usd=750, paid_on=timezone.localdate()
        )
    assert agency.fees.get().fee_usd == 750


def test_a_complaint_against_an_agency_is_counted_on_its_page(lw):
    agency = _agency(lw)
    cs.file_complaint(
        lw.inspector,
        filed_on=timezone.localdate(),
        description="Fees too high",
        province="01",
        recruiter=agency,
    )
    assert agency.complaints.count() == 1


def test_the_licensing_officer_links_a_broker_by_the_suspects_number_on_the_page(lw):
    agency = _agency(lw)
    broker = rs.add_broker(lw.licensing, agency, handles="@fastvisa", province="01")
    case = CriminalCase.objects.create(
        police_agency=lw.police, province="01", origin="report", opened_by=lw.investigator
    )
    suspect = Suspect.objects.create(case=case, role="recruiter", added_by=lw.investigator)
    client = login(lw.licensing)
    url = reverse("labour:broker_link", args=[broker.pk])
    assert client.post(url, {"suspect": "SP-999999"}).status_code == 200
    assert client.post(url, {"suspect": f"S-{suspect.pk}"}).status_code == 200
    assert client.post(url, {"suspect": f"sp{suspect.pk}"}).status_code == 302
    assert list(broker.suspects.all()) == [suspect]
    assert login(lw.inspector).post(url, {"suspect": suspect.reference}).status_code == 403


def test_the_agency_forms_record_the_change_and_its_client_address(lw):
    agency = _agency(lw)
    client = login(lw.licensing)
    client.defaults["REMOTE_ADDR"] = "192.0.2.17"
    today = timezone.localdate().isoformat()
    posts = {
        "branch_new": {"province": "01", "address": "Poipet market"},
        "fee_new": {"destination": "TH", "fee_usd": "700", "paid_on": today},
        "sanction_new": {"kind": "warning", "starts_on": today, "grounds": "Late deposit"},
        "broker_new": {"aliases": "Uncle Heng", "province": "01"},
    }
    for name, data in posts.items():
        response = client.post(reverse(f"labour:{name}", args=[agency.pk]), data)
        assert response.status_code == 302, name
        assert response["Location"] == reverse("labour:recruiter_detail", args=[agency.pk])
    assert agency.branches.get().address == "Poipet market"
    assert agency.fees.get().fee_usd == 700
    assert agency.sanctions.get().grounds == "Late deposit"
    actions = ["recruiter.branch_added", "recruiter.fee_recorded", "recruiter.sanctioned"]
    events = AuditEvent.objects.filter(action__in=[*actions, "broker.added"])
    assert sorted(events.values_list("action", "ip")) == sorted(
        (action, "192.0.2.17") for action in [*actions, "broker.added"]
    )


def test_an_inspector_records_a_fee_but_not_a_branch(lw):
    agency = _agency(lw)
    client = login(lw.inspector)
    fee = {"destination": "TH", "fee_usd": "700", "paid_on": timezone.localdate().isoformat()}
    assert client.post(reverse("labour:fee_new", args=[agency.pk]), fee).status_code == 302
    branch = {"province": "01", "address": "Poipet market"}
    assert client.post(reverse("labour:branch_new", args=[agency.pk]), branch).status_code == 403
    assert not agency.branches.exists()
    assert client.post(reverse("labour:fee_new", args=[agency.pk + 99]), fee).status_code == 404


def test_a_screening_attached_to_an_inspection_on_its_page_is_audited_with_the_address(lw):
    site = rs.register_worksite(lw.inspector, name="Kiln 4", kind="brick_kiln", province="08")
    plan = rs.plan_inspection(lw.inspector, site, timezone.localdate(), [])
    screening = lw.screening("further-assessment")
    client = login(lw.inspector)
    client.defaults["REMOTE_ADDR"] = "192.0.2.18"
    url = reverse("labour:inspection_screening", args=[plan.pk])
    assert client.post(url, {"screening": f"SP-{screening.pk}"}).status_code == 200
    assert client.post(url, {"screening": f"s {screening.pk}"}).status_code == 302
    assert list(plan.screenings.all()) == [screening]
    event = AuditEvent.objects.get(action="inspection.screening_attached")
    assert event.ip == "192.0.2.18"


def test_the_recruiter_list_narrows_by_name_and_province(lw):
    _agency(lw)
    other = _agency(lw, "PRA-0002")
    other.name, other.province = "Angkor Labour Supply", "01"
    other.save()
    client = login(lw.licensing)
    url = reverse("labour:recruiters")
    assert "Angkor Labour Supply" in client.get(url + "?province=01").content.decode()
    page = client.get(url + "?q=mekong&province=01").content.decode()
    assert "Mekong Workforce" not in page and "Angkor Labour Supply" not in page
    page = client.get(url + "?q=PRA-0001").content.decode()
    assert "Mekong Workforce" in page and "Angkor Labour Supply" not in page


def test_an_inspection_is_not_planned_for_a_day_that_has_passed(lw):
    site = rs.register_worksite(lw.inspector, name="Kiln 9", kind="brick_kiln", province="08")
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(Refused, match="planned for today or a later day"):
        rs.plan_inspection(lw.inspector, site, yesterday, [])
    url = reverse("labour:inspection_new", args=[site.pk])
    client = login(lw.inspector)
    page = client.post(url, {"planned_for": yesterday.isoformat(), "team": [lw.inspector.pk]})
    assert "planned for today or a later day" in page.content.decode()
    client.cookies["django_language"] = "km"
    page = client.post(url, {"planned_for": yesterday.isoformat(), "team": [lw.inspector.pk]})
    assert "អធិការកិច្ចត្រូវបានគ្រោងសម្រាប់ថ្ងៃនេះ" in page.content.decode()
    assert not site.inspections.exists()
    # One already carried out: planned today, its result recorded with the day it was done.
    plan = rs.plan_inspection(lw.inspector, site, timezone.localdate(), [])
    rs.record_inspection(
        lw.inspector, plan, 1, status="done", carried_out_on=yesterday, violations_found=False
    )
    plan.refresh_from_db()
    assert plan.status == "done" and plan.carried_out_on == yesterday


def test_the_statistics_download_and_api_hold_the_prevention_table_of_the_page(lw):
    import csv
    import io

    rs.record_prevention(
        lw.inspector,
        kind="pre_departure",
        title="Thailand briefing",
        held_on=timezone.localdate(),
        province="01",
        sessions=3,
        women=4,
        men=2,
    )
    analyst = make_user(Role.NCCT_ANALYST, make_agency("NCCT", AgencyKind.COMMITTEE, "12"))
    client = login(analyst)
    download = client.get(reverse("statistics:download") + "?preset=this-year")
    lines = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    briefings = {
        r["column"]: r["value"]
        for r in lines
        if r["measure"] == "prevention" and r["category"] == "pre_departure"
    }
    # Attendance, not persons: shown whole on the page, and so in the download.
    assert briefings == {"sessions": "3", "women": "4", "men": "2", "total": "6"}
    label = {r["measure_label"] for r in lines if r["measure"] == "prevention"}
    assert label == {"Prevention: training, awareness and pre-departure orientation"}
    body = client.get("/api/v1/statistics/", {"preset": "this-year"}).json()
    (table,) = [t for t in body["sections"] if t["key"] == "prevention"]
    row = next(r for r in table["rows"] if r["code"] == "pre_departure")
    assert row["values"] == [3, 4, 2, 6] and table["breakdown"] == "kind"


def test_every_section_of_the_statistics_page_gives_its_tables_to_the_download(lw):
    from rumdoh.statistics import sections
    from rumdoh.statistics.rules.periods import Period

    rs.record_prevention(
        lw.inspector,
        kind="awareness",
        title="Village forum",
        held_on=timezone.localdate(),
        province="01",
        sessions=1,
        women=1,
        men=1,
    )
    today = timezone.localdate()
    found = sections.collect(Period(today.replace(month=1, day=1), today))
    assert found and all(section.get("tables") for section in found)


def test_a_fee_is_read_as_people_write_it(lw):
    agency = _agency(lw)
    client = login(lw.inspector)
    fee = {"destination": "TH", "fee_usd": "$1,200", "paid_on": timezone.localdate().isoformat()}
    assert client.post(reverse("labour:fee_new", args=[agency.pk]), fee).status_code == 302
    assert agency.fees.get().fee_usd == 1200
