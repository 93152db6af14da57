"""The labour API beyond filing and referral: complaint steps, worksites with their risk and links,
inspections with sealed plans, prevention records. Every read audited; the schema is clean."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from rumdoh.accounts.models import AuditEvent
from rumdoh.accounts.rules.roles import Role
from rumdoh.intake import services as tips
from rumdoh.labour.services import registers
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def api(user):  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_complaint_goes_from_hearing_to_agreement_to_closure_through_the_api(lw):
    complaint = lw.complaint(days_ago=5)
    client = api(lw.inspector)
    base = f"/api/v1/labour-complaints/{complaint.pk}"
    today = timezone.localdate().isoformat()
    heard = client.post(f"{base}/hearing/", {"hearing_on": today, "version": 1}, format="json")
    assert heard.status_code == 200, heard.content
    assert heard.json()["stage"] == "hearing_scheduled" and heard.json()["version"] == 2
    stale = client.post(f"{base}/hearing/", {"hearing_on": today, "version": 1}, format="json")
    assert stale.status_code == 409
    no_terms = client.post(
        f"{base}/outcome/", {"agreed": True, "on": today, "version": 2}, format="json"
    )
    assert no_terms.status_code == 400
    agreed = client.post(
        f"{base}/outcome/",
        {"agreed": True, "on": today, "terms": "Wages paid", "amount_usd": 300, "version": 2},
        format="json",
    )
    assert agreed.status_code == 200 and agreed.json()["stage"] == "agreement"
    closed = client.post(f"{base}/close/", {"on": today, "version": 3}, format="json")
    assert closed.status_code == 200 and closed.json()["closed_on"] == today
    assert api(lw.other_inspector).post(f"{base}/close/", {}, format="json").status_code == 404
    assert AuditEvent.objects.filter(action="labour_complaint.closed").exists()


def test_non_conciliation_then_court_and_a_lapse_refused_before_its_time(lw):
    complaint = lw.complaint(days_ago=5)
    client = api(lw.inspector)
    base = f"/api/v1/labour-complaints/{complaint.pk}"
    today = timezone.localdate().isoformat()
    early = client.post(
        f"{base}/outcome/", {"agreed": False, "on": today, "version": 1}, format="json"
    )
    assert early.status_code == 400  # no hearing scheduled yet
    client.post(f"{base}/hearing/", {"hearing_on": today, "version": 1}, format="json")
    failed = client.post(
        f"{base}/outcome/", {"agreed": False, "on": today, "version": 2}, format="json"
    )
    assert failed.json()["stage"] == "non_conciliation"
    assert client.post(f"{base}/lapse/", {"version": 3}, format="json").status_code == 400
    court = client.post(f"{base}/court/", {"on": today, "version": 3}, format="json")
    assert court.status_code == 200 and court.json()["stage"] == "in_court"
    assert client.post(f"{base}/court/", {"on": today}, format="json").status_code == 400


def test_worksites_answer_with_their_risk_and_link_tips_audited(lw):
    site = registers.register_worksite(
        lw.inspector, name="Kiln 3", kind="brick_kiln", province="01"
    )
    client = api(lw.inspector)
    listed = client.get("/api/v1/labour/worksites/").json()["results"]
    assert listed[0]["risk"] == {"score": 20, "level": "low", "parts": {"kind": 20}}
    assert AuditEvent.objects.filter(action="worksite.listed").exists()
    tip = tips.record_tip(
        lw.inspector, tips.TipInput(channel="ahjpd_hotline", summary="Children at the kiln")
    )
    url = f"/api/v1/labour/worksites/{site.pk}/tips/"
    linked = client.post(url, {"reference": tip.reference}, format="json")
    assert linked.status_code == 201, linked.content
    assert linked.json()["tips"] == [tip.pk] and linked.json()["risk"]["parts"]["tips"] == 3
    again = client.post(url, {"reference": tip.reference}, format="json")
    assert again.status_code == 400
    police_tip = tips.record_tip(
        lw.investigator, tips.TipInput(channel="ahjpd_hotline", summary="Elsewhere")
    )
    hidden = client.post(url, {"reference": police_tip.reference}, format="json")
    assert hidden.status_code == 400
    assert api(lw.licensing).post(url, {"reference": "T-1"}, format="json").status_code == 403
    detail = api(lw.licensing).get(f"/api/v1/labour/worksites/{site.pk}/").json()
    assert detail["tips"] == [] and detail["risk"]["score"] == 23  # counted, not named
    assert AuditEvent.objects.filter(action="worksite.viewed", object_id=str(site.pk)).exists()
    assert api(lw.world.owner).get("/api/v1/labour/worksites/").status_code == 403


def test_a_plan_is_sealed_in_the_api_from_everyone_outside_the_team_until_its_date(lw):
    site = registers.register_worksite(
        lw.inspector, name="Kiln 9", kind="brick_kiln", province="01"
    )
    plan = registers.plan_inspection(lw.inspector, site, timezone.localdate() + timedelta(3), [])
    colleague = make_user(Role.LABOUR_INSPECTOR, lw.labour, "colleague")
    url = f"/api/v1/labour/inspections/{plan.pk}/"
    assert api(lw.inspector).get(url).status_code == 200
    assert AuditEvent.objects.filter(action="inspection.viewed", object_id=str(plan.pk)).exists()
    assert api(colleague).get(url).status_code == 404
    assert api(colleague).get("/api/v1/labour/inspections/").json()["results"] == []
    assert api(lw.other_inspector).get(url).status_code == 404
    plan.planned_for = timezone.localdate()
    plan.save()
    assert api(colleague).get(url).status_code == 200
    assert api(lw.licensing).get("/api/v1/labour/inspections/").status_code == 403


def test_prevention_records_are_made_and_read_through_the_api(lw):
    client = api(lw.licensing)
    made = client.post(
        "/api/v1/labour/prevention/",
        {
            "kind": "pre_departure",
            "title": "Orientation for Korea",
            "held_on": timezone.localdate().isoformat(),
            "province": "12",
            "sessions": 2,
            "women": 30,
            "men": 41,
        },
        format="json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["agency"] == lw.labour.pk
    bad = client.post("/api/v1/labour/prevention/", {"province": "99"}, format="json")
    assert bad.status_code == 400
    listed = client.get("/api/v1/labour/prevention/").json()["results"]
    assert [row["title"] for row in listed] == ["Orientation for Korea"]
    assert AuditEvent.objects.filter(action="prevention.listed").exists()
    assert api(lw.world.owner).get("/api/v1/labour/prevention/").status_code == 403


def test_the_schema_documents_the_labour_endpoints_without_warnings(tmp_path):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = out.read_text()
    for path in (
        "/api/v1/labour-complaints/{id}/hearing/",
        "/api/v1/labour-complaints/{id}/outcome/",
        "/api/v1/labour-complaints/{id}/court/",
        "/api/v1/labour-complaints/{id}/lapse/",
        "/api/v1/labour-complaints/{id}/close/",
        "/api/v1/labour/worksites/",
        "/api/v1/labour/worksites/{id}/tips/",
        "/api/v1/labour/worksites/{id}/operations/",
        "/api/v1/labour/inspections/{id}/",
        "/api/v1/labour/prevention/",
    ):
        assert f"{path}:" in schema


def test_the_worksite_list_costs_the_same_queries_however_many_sites_and_links(lw):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api(lw.inspector)

    def site_with_a_tip(n: int) -> None:
        site = registers.register_worksite(
            lw.inspector, name=f"Kiln {n}", kind="brick_kiln", province="01"
        )
        tip = tips.record_tip(lw.inspector, tips.TipInput(channel="walk_in", summary=f"Kiln {n}"))
        registers.link_tip(lw.inspector, site, tip.reference)

    site_with_a_tip(0)
    client.get("/api/v1/labour/worksites/")
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/labour/worksites/")
    for n in range(1, 4):
        site_with_a_tip(n)
    with CaptureQueriesContext(connection) as four:
        rows = client.get("/api/v1/labour/worksites/").json()["results"]
    assert len(rows) == 4 and all(len(row["tips"]) == 1 for row in rows)
    assert len(four) == len(one)
