"""A sanction lifted early or withdrawn as a mistake, a licence renewed: the licence's standing
is read at once on the staff and public pages and in the API, and its history kept for staff."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from rumdoh.accounts.models import AuditEvent
from rumdoh.core.errors import NotAllowed, Refused, StaleEdit
from rumdoh.labour.rules import licences
from rumdoh.labour.services import registers as rs
from tests.conftest import login

pytestmark = pytest.mark.django_db


def _today() -> date:
    return timezone.localdate()


def _agency(lw):  # type: ignore[no-untyped-def]
    return rs.register_agency(
        lw.licensing,
        name="Mekong Workforce",
        licence_number="PRA-0101",
        issued_on=_today() - timedelta(days=400),
        expires_on=_today() + timedelta(days=700),
        deposit_usd=100_000,
        province="12",
    )


def _suspend(lw, agency, kind="suspension", days_ago=10, ends_in=30):  # type: ignore[no-untyped-def]
    return rs.sanction(
        lw.licensing,
        agency,
        kind=kind,
        starts_on=_today() - timedelta(days=days_ago),
        ends_on=_today() + timedelta(days=ends_in) if ends_in is not None else None,
        grounds="Fees above the ceiling",
    )


def _public(agency):  # type: ignore[no-untyped-def]
    return Client().get(f"/recruiters/{agency.pk}/").content.decode()


def test_the_rule_reads_a_lift_as_the_end_of_a_suspension_or_a_revocation():
    day = date(2026, 5, 10)
    assert licences.last_day(None, None) is None
    assert licences.last_day(date(2026, 6, 1), day) == date(2026, 5, 9)
    assert licences.last_day(date(2026, 5, 5), day) == date(2026, 5, 5)
    assert licences.last_day(None, day) == date(2026, 5, 9)
    revoked = licences.SanctionFact(
        licences.Sanction.REVOCATION, date(2026, 5, 1), date(2026, 5, 9)
    )
    status = licences.licence_status(date(2025, 1, 1), date(2028, 1, 1), day, [revoked])
    assert status == licences.LicenceStatus.VALID


def test_a_lifted_suspension_lets_the_agency_recruit_again_at_once(lw):
    agency = _agency(lw)
    row = _suspend(lw, agency)
    assert agency.status_on(_today()) == "suspended"
    assert "Not allowed to recruit" in _public(agency)
    with pytest.raises(NotAllowed):
        rs.lift_sanction(lw.inspector, row, 1, lifted_on=_today(), reason="Fees refunded")
    rs.lift_sanction(lw.licensing, row, 1, lifted_on=_today(), reason="Fees refunded")
    agency.refresh_from_db()
    assert agency.status_on(_today()) == "valid"
    page = _public(agency)
    assert "Licensed" in page and "Not allowed to recruit" not in page
    assert f"Lifted on {_today():%Y-%m-%d}" in page and "Fees refunded" in page
    event = AuditEvent.objects.get(action="recruiter.sanction_lifted")
    assert event.data["sanction"] == row.pk
    with pytest.raises(StaleEdit):
        rs.lift_sanction(lw.licensing, row, 1, lifted_on=_today(), reason="Again")
    with pytest.raises(Refused):  # lifted already
        rs.lift_sanction(lw.licensing, row, 2, lifted_on=_today(), reason="Again")


def test_a_lifted_revocation_no_longer_revokes(lw):
    agency = _agency(lw)
    row = _suspend(lw, agency, kind="revocation", ends_in=None)
    assert agency.status_on(_today()) == "revoked"
    rs.lift_sanction(lw.licensing, row, 1, lifted_on=_today(), reason="Annulled on appeal")
    assert agency.status_on(_today()) == "valid"


def test_a_lift_is_refused_for_a_warning_out_of_its_dates_or_without_a_reason(lw):
    agency = _agency(lw)
    warning = _suspend(lw, agency, kind="warning", ends_in=None)
    with pytest.raises(Refused):
        rs.lift_sanction(lw.licensing, warning, 1, lifted_on=_today(), reason="x")
    row = _suspend(lw, agency, days_ago=20, ends_in=-5)
    for day in (_today() - timedelta(days=21), _today(), _today() + timedelta(days=1)):
        with pytest.raises(Refused):
            rs.lift_sanction(lw.licensing, row, 1, lifted_on=day, reason="Fees refunded")
    with pytest.raises(Refused):
        rs.lift_sanction(lw.licensing, row, 1, lifted_on=row.starts_on, reason="  ")


def test_a_sanction_withdrawn_as_a_mistake_leaves_the_public_page_but_stays_for_staff(lw):
    agency = _agency(lw)
    row = _suspend(lw, agency)
    client = login(lw.licensing)
    url = reverse("labour:sanction_withdraw", args=[row.pk])
    empty = client.post(url, {"reason": "", "version": 1})
    assert empty.status_code == 200 and "This field is required." in empty.content.decode()
    done = client.post(url, {"reason": "Recorded against the wrong agency", "version": 1})
    assert done.status_code == 302
    assert agency.status_on(_today()) == "valid"
    page = _public(agency)
    assert "Licensed" in page and "Fees above the ceiling" not in page
    staff = client.get(reverse("labour:recruiter_detail", args=[agency.pk])).content.decode()
    assert "Fees above the ceiling" in staff and "Recorded against the wrong agency" in staff
    assert f"Withdrawn on {_today():%Y-%m-%d} as recorded by mistake" in staff
    assert "Withdrawn as recorded by mistake: Licence suspended of" in staff
    assert AuditEvent.objects.filter(action="recruiter.sanction_withdrawn").count() == 1
    stale = client.post(url, {"reason": "Again", "version": 1})
    assert "Someone else saved this record" in stale.content.decode()
    assert login(lw.inspector).post(url, {"reason": "x", "version": 2}).status_code == 403
    with pytest.raises(Refused):  # withdrawn: it cannot be lifted
        rs.lift_sanction(lw.licensing, row, 2, lifted_on=_today(), reason="x")


def test_the_lift_page_ends_a_suspension_and_the_staff_page_offers_it(lw):
    agency = _agency(lw)
    row = _suspend(lw, agency)
    client = login(lw.licensing)
    staff = client.get(reverse("labour:recruiter_detail", args=[agency.pk])).content.decode()
    assert reverse("labour:sanction_lift", args=[row.pk]) in staff
    response = client.post(
        reverse("labour:sanction_lift", args=[row.pk]),
        {"lifted_on": _today().isoformat(), "reason": "Fees refunded", "version": 1},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.lifted_on, row.lift_reason, row.lifted_by) == (
        _today(),
        "Fees refunded",
        lw.licensing,
    )


def test_a_renewal_keeps_the_old_dates_in_the_licence_history(lw):
    agency = _agency(lw)
    old = (agency.issued_on, agency.expires_on)
    client = login(lw.licensing)
    new_issue, new_expiry = _today(), _today() + timedelta(days=1100)
    url = reverse("labour:licence_renew", args=[agency.pk])
    short = {"issued_on": new_issue, "expires_on": old[1] - timedelta(days=1), "version": 1}
    assert "must expire after the licence it renews" in client.post(url, short).content.decode()
    renewed = {"issued_on": new_issue, "expires_on": new_expiry, "version": 1}
    assert client.post(url, renewed).status_code == 302
    agency.refresh_from_db()
    # Renewed before it expires, the licence runs on unbroken from the day it was issued.
    assert (agency.issued_on, agency.expires_on, agency.version) == (old[0], new_expiry, 2)
    row = _suspend(lw, agency)
    rs.lift_sanction(lw.licensing, row, 1, lifted_on=_today(), reason="Fees refunded")
    rs.update_agency(lw.licensing, agency, 2, expires_on=new_expiry - timedelta(days=1))
    page = client.get(reverse("labour:recruiter_detail", args=[agency.pk])).content.decode()
    assert f"Issued {old[0]:%Y-%m-%d}, expires {old[1]:%Y-%m-%d}" in page
    assert (
        f"Renewed: {new_issue:%Y-%m-%d} to {new_expiry:%Y-%m-%d}, "
        f"was {old[0]:%Y-%m-%d} to {old[1]:%Y-%m-%d}"
    ) in page
    assert (
        f"Dates corrected: {old[0]:%Y-%m-%d} to {new_expiry - timedelta(days=1):%Y-%m-%d}" in page
    )
    assert "Lifted: Licence suspended · Fees refunded" in page
    client.cookies["django_language"] = "km"
    khmer = client.get(reverse("labour:recruiter_detail", args=[agency.pk])).content.decode()
    assert "ប្រវត្តិអាជ្ញាប័ណ្ណ" in khmer and f"បានបន្ត៖ ពី {new_issue:%Y-%m-%d}" in khmer
    assert AuditEvent.objects.filter(action="recruiter.licence_renewed").count() == 1
    assert "Renewed:" not in _public(agency)


def test_the_api_lifts_withdraws_renews_and_tells_the_history(lw):
    agency = _agency(lw)
    row = _suspend(lw, agency)
    mistake = _suspend(lw, agency, kind="warning", ends_in=None)
    client = APIClient()
    client.force_authenticate(lw.licensing)
    base = f"/api/v1/recruitment-agencies/{agency.pk}"
    read = client.get(f"{base}/").json()
    assert read["licence_status"] == "suspended"
    assert {s["id"]: s["version"] for s in read["sanctions"]} == {row.pk: 1, mistake.pk: 1}
    lift = {"lifted_on": _today().isoformat(), "reason": "Fees refunded", "version": 1}
    lifted = client.post(f"{base}/sanctions/{row.pk}/lift/", lift, format="json")
    assert lifted.status_code == 200 and lifted.json()["licence_status"] == "valid"
    stale = client.post(f"{base}/sanctions/{row.pk}/lift/", lift, format="json")
    assert stale.status_code == 409
    no_reason = {"reason": "", "version": 1}
    assert client.post(f"{base}/sanctions/{mistake.pk}/withdraw/", no_reason).status_code == 400
    withdraw = {"reason": "Wrong agency", "version": 1}
    gone = client.post(f"{base}/sanctions/{mistake.pk}/withdraw/", withdraw, format="json")
    assert [s["withdrawn"] for s in gone.json()["sanctions"] if s["id"] == mistake.pk] == [True]
    renew = {
        "issued_on": _today().isoformat(),
        "expires_on": (_today() + timedelta(days=1100)).isoformat(),
        "version": 1,
    }
    assert client.post(f"{base}/renew/", renew, format="json").json()["version"] == 2
    events = [(h["event"], h["reason"]) for h in client.get(f"{base}/history/").json()]
    assert ("lifted", "Fees refunded") in events and ("withdrawn", "Wrong agency") in events
    assert events[0][0] == "issued" and "renewed" in dict(events)
    inspector = APIClient()
    inspector.force_authenticate(lw.inspector)
    refused = inspector.post(f"{base}/sanctions/{row.pk}/withdraw/", withdraw, format="json")
    assert refused.status_code == 403
    elsewhere = f"/api/v1/recruitment-agencies/{agency.pk + 999}/sanctions/{row.pk}/lift/"
    assert client.post(elsewhere, lift, format="json").status_code == 404


def test_the_edit_page_saves_at_its_version_and_keeps_a_stale_edit_s_input(lw):  # type: ignore[no-untyped-def]
    agency = _agency(lw)
    client = login(lw.licensing)
    url = reverse("labour:recruiter_edit", args=[agency.pk])
    edited = {
        "name": "Mekong Workforce Co.",
        "name_km": "",
        "licence_number": "PRA-0101",
        "issued_on": agency.issued_on.isoformat(),
        "expires_on": agency.expires_on.isoformat(),
        "deposit_usd": 100_000,
        "province": "12",
        "version": 1,
    }
    assert client.post(url, edited).status_code == 302
    agency.refresh_from_db()
    assert agency.name == "Mekong Workforce Co." and agency.version == 2
    stale = client.post(url, {**edited, "name": "Typed on a page opened before"})
    assert stale.status_code == 200
    assert "Typed on a page opened before" in stale.content.decode()
    agency.refresh_from_db()
    assert agency.name == "Mekong Workforce Co."
