"""Only a suspension runs until an end day; a warning or a fine is given on a day that has come,
while a suspension or a revocation decided today may take effect on a later day. The page shows
the refusal by the field, the service refuses the same."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rumdoh.core.errors import Refused
from rumdoh.labour.rules import licences
from rumdoh.labour.services import registers as rs
from tests.conftest import login

pytestmark = pytest.mark.django_db
S = licences.Sanction
D = licences.SanctionDates


def _today() -> date:
    return timezone.localdate()


def _agency(lw):  # type: ignore[no-untyped-def]
    return rs.register_agency(
        lw.licensing,
        name="Angkor Manpower",
        licence_number="PRA-0301",
        issued_on=_today() - timedelta(days=400),
        expires_on=_today() + timedelta(days=700),
        deposit_usd=100_000,
        province="12",
    )


def test_the_rule_on_the_dates_of_a_sanction():
    day = date(2026, 5, 10)
    later = date(2026, 5, 17)
    assert licences.sanction_dates(S.WARNING, day, later, day) == D.NO_DURATION
    assert licences.sanction_dates(S.FINE, day, later, day) == D.NO_DURATION
    assert licences.sanction_dates(S.REVOCATION, day, later, day) == D.NO_DURATION
    assert licences.sanction_dates(S.WARNING, later, None, day) == D.NOT_YET_GIVEN
    assert licences.sanction_dates(S.FINE, later, None, day) == D.NOT_YET_GIVEN
    assert licences.sanction_dates(S.SUSPENSION, later, day, day) == D.ENDS_BEFORE_START
    assert licences.sanction_dates(S.SUSPENSION, later, date(2026, 6, 17), day) is None
    assert licences.sanction_dates(S.REVOCATION, later, None, day) is None
    assert licences.sanction_dates(S.WARNING, day, None, day) is None


@pytest.mark.parametrize(
    ("kind", "starts", "ends"),
    [("warning", 0, 30), ("fine", -3, 30), ("revocation", 0, 30), ("warning", 7, None)],
)
def test_the_service_refuses_dates_the_sanction_cannot_have(lw, kind, starts, ends):
    agency = _agency(lw)
    with pytest.raises(Refused):
        rs.sanction(
            lw.licensing,
            agency,
            kind=kind,
            starts_on=_today() + timedelta(days=starts),
            ends_on=_today() + timedelta(days=ends) if ends is not None else None,
            grounds="Fees above the ceiling",
        )
    assert not agency.sanctions.exists()


def test_a_suspension_decided_today_may_start_next_week(lw):
    agency = _agency(lw)
    row = rs.sanction(
        lw.licensing,
        agency,
        kind="suspension",
        starts_on=_today() + timedelta(days=7),
        ends_on=_today() + timedelta(days=37),
        grounds="Fees above the ceiling",
    )
    assert row.pk and agency.status_on(_today()) == "valid"


def test_the_page_shows_the_refusal_by_the_field_in_khmer_and_english(lw):
    agency = _agency(lw)
    url = reverse("labour:sanction_new", args=[agency.pk])
    client = login(lw.licensing)
    data = {
        "kind": "fine",
        "starts_on": _today().isoformat(),
        "ends_on": (_today() + timedelta(days=30)).isoformat(),
        "grounds": "Fees above the ceiling",
    }
    page = client.post(url, data).content.decode()
    assert "Only a suspension has an end date" in page
    future = {**data, "ends_on": "", "starts_on": (_today() + timedelta(days=3)).isoformat()}
    page = client.post(url, future).content.decode()
    assert "A warning or a fine takes effect the day it is given" in page
    client.cookies["django_language"] = "km"
    page = client.post(url, data).content.decode()
    assert "មានតែការព្យួរទេដែលមានថ្ងៃបញ្ចប់" in page
    assert not agency.sanctions.exists()


def test_the_api_records_a_sanction_by_the_same_rules(lw):
    from rest_framework.test import APIClient

    from rumdoh.accounts.models import AuditEvent

    agency = _agency(lw)
    url = f"/api/v1/recruitment-agencies/{agency.pk}/sanctions/"
    start = _today() + timedelta(days=7)
    suspension = {
        "kind": "suspension",
        "starts_on": start.isoformat(),
        "ends_on": (start + timedelta(days=30)).isoformat(),
        "grounds": "Fees above the ceiling",
    }
    inspector = APIClient()
    inspector.force_authenticate(lw.inspector)
    assert inspector.post(url, suspension, format="json").status_code == 403
    client = APIClient()
    client.force_authenticate(lw.licensing)
    answer = client.post(url, suspension, format="json")
    assert answer.status_code == 201
    [row] = answer.json()["sanctions"]
    assert row["kind"] == "suspension" and row["starts_on"] == start.isoformat()
    assert row["version"] == 1 and answer.json()["licence_status"] == "valid"
    assert AuditEvent.objects.filter(
        action="recruiter.sanctioned", object_id=str(agency.pk)
    ).exists()
    fine = {**suspension, "kind": "fine", "starts_on": _today().isoformat()}
    refused = client.post(url, fine, format="json", HTTP_ACCEPT_LANGUAGE="km")
    assert refused.status_code == 400
    assert "មានតែការព្យួរទេដែលមានថ្ងៃបញ្ចប់" in refused.content.decode()
    warning = {"kind": "warning", "starts_on": start.isoformat(), "grounds": "Late reports"}
    refused = client.post(url, warning, format="json")
    assert refused.status_code == 400 and "takes effect the day" in refused.content.decode()
    assert client.post(url, {**warning, "starts_on": _today().isoformat()}).status_code == 201
    assert agency.sanctions.count() == 2
    elsewhere = f"/api/v1/recruitment-agencies/{agency.pk + 999}/sanctions/"
    assert client.post(elsewhere, suspension, format="json").status_code == 404
