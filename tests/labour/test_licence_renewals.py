"""Renewing a recruitment agency's licence. Renewed ahead of time, the licence runs on unbroken:
the agency stays licensed through the term in force and then the renewed one (before, the
renewal overwrote the licence's dates, so the public check said "Not allowed to recruit ·
Licence valid from" the renewed term's first day at once). A refusal of the renewed dates is
shown beside the field it is about, on the page (English and Khmer) and in the API (400 naming
the field); it stood at the top of the form, and the API answered it as a bare ``detail``."""

import importlib
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from rumdoh.accounts.models import AuditEvent
from rumdoh.core.errors import Refused
from rumdoh.labour.models import LicenceTerm
from rumdoh.labour.rules import licences
from rumdoh.labour.services import registers as rs
from tests.conftest import login
from tests.labour.test_bounds_and_field_errors import field_error, top_errors

pytestmark = pytest.mark.django_db

NOT_AFTER_ISSUE = "A licence must expire after it was issued."
KM_NOT_AFTER_ISSUE = "អាជ្ញាប័ណ្ណត្រូវផុតកំណត់ក្រោយថ្ងៃចេញ។"
NOT_AFTER_OLD = "A renewed licence must expire after the licence it renews."
KM_NOT_AFTER_OLD = "អាជ្ញាប័ណ្ណដែលបានបន្តត្រូវផុតកំណត់ក្រោយអាជ្ញាប័ណ្ណដែលវាបន្ត។"
GAP = "A licence still in force is renewed from the day after it expires ({day}) at the latest"
KM_GAP = "អាជ្ញាប័ណ្ណដែលនៅមានសុពលភាព ត្រូវបន្តចាប់ពីថ្ងៃបន្ទាប់ពីថ្ងៃផុតកំណត់របស់វា ({day})"
DAY = timedelta(days=1)
migration = importlib.import_module(
    "rumdoh.labour.migrations.0009_licences_renewed_without_a_break"
)


def _today() -> date:
    return timezone.localdate()


def _agency(lw, issued_days_ago: int = 400, expires_in: int = 700):  # type: ignore[no-untyped-def]
    return rs.register_agency(
        lw.licensing,
        name="Mekong Workforce",
        licence_number="PRA-0101",
        issued_on=_today() - timedelta(days=issued_days_ago),
        expires_on=_today() + timedelta(days=expires_in),
        deposit_usd=100_000,
        province="12",
    )


def _post_renewal(lw, agency, issued_on: date, expires_on: date, language: str = "en"):  # type: ignore[no-untyped-def]
    client = login(lw.licensing)
    client.cookies["django_language"] = language
    url = reverse("labour:licence_renew", args=[agency.pk])
    data = {"issued_on": issued_on.isoformat(), "expires_on": expires_on.isoformat()}
    return client.post(url, data | {"version": str(agency.version)})


@pytest.mark.parametrize(
    ("days_after_issue", "days_after_old_expiry", "english", "khmer"),
    [
        (0, 30, NOT_AFTER_ISSUE, KM_NOT_AFTER_ISSUE),
        (5, -30, NOT_AFTER_OLD, KM_NOT_AFTER_OLD),
    ],
)
def test_a_renewal_refused_for_its_expiry_says_so_beside_expires_on(
    lw, days_after_issue, days_after_old_expiry, english, khmer
):  # type: ignore[no-untyped-def]
    agency = _agency(lw)
    expires_on = agency.expires_on + timedelta(days=days_after_old_expiry)
    issued_on = expires_on - timedelta(days=days_after_issue)
    page = _post_renewal(lw, agency, issued_on, expires_on)
    assert page.status_code == 200
    assert english in field_error(page, "expires_on")
    assert english not in top_errors(page)
    khmer_page = _post_renewal(lw, agency, issued_on, expires_on, "km")
    assert khmer in field_error(khmer_page, "expires_on")
    client = APIClient()
    client.force_authenticate(lw.licensing)
    answer = client.post(
        f"/api/v1/recruitment-agencies/{agency.pk}/renew/",
        {"issued_on": issued_on.isoformat(), "expires_on": expires_on.isoformat(), "version": 1},
        format="json",
    )
    assert answer.status_code == 400
    assert answer.json() == {"expires_on": [english]}
    agency.refresh_from_db()
    assert agency.version == 1


def test_a_licence_renewed_ahead_of_time_stays_in_force_until_the_renewed_term_ends(lw):  # type: ignore[no-untyped-def]
    agency = _agency(lw)
    first, last = agency.issued_on, agency.expires_on
    renewed_from, renewed_until = last + DAY, last + timedelta(days=3 * 365)
    assert _post_renewal(lw, agency, renewed_from, renewed_until).status_code == 302
    agency.refresh_from_db()
    assert (agency.issued_on, agency.expires_on) == (first, renewed_until)
    assert agency.status_on(_today()) == licences.LicenceStatus.VALID
    assert agency.status_on(last) == licences.LicenceStatus.VALID
    assert agency.status_on(renewed_from) == licences.LicenceStatus.VALID
    assert agency.status_on(renewed_until + DAY) == licences.LicenceStatus.EXPIRED
    check = Client().get("/recruiters/", {"q": "PRA-0101"}).content.decode()
    assert "Licensed" in check and "Not allowed to recruit" not in check
    public = Client().get(f"/recruiters/{agency.pk}/").content.decode()
    assert f"Licence valid until {renewed_until:%Y-%m-%d}" in public
    assert "valid from" not in public and "Not allowed to recruit" not in public
    staff = login(lw.licensing).get(reverse("labour:recruiter_detail", args=[agency.pk]))
    text = staff.content.decode()
    assert "Licence valid<" in text and "not yet valid" not in text
    assert f"Issued {first:%Y-%m-%d}, expires {renewed_until:%Y-%m-%d}" in text
    # The history keeps the renewed term as given, and the term it renews.
    assert (
        f"Renewed: {renewed_from:%Y-%m-%d} to {renewed_until:%Y-%m-%d}, "
        f"was {first:%Y-%m-%d} to {last:%Y-%m-%d}"
    ) in text
    client = APIClient()
    client.force_authenticate(lw.licensing)
    read = client.get(f"/api/v1/recruitment-agencies/{agency.pk}/").json()
    assert (read["licence_status"], read["issued_on"], read["expires_on"]) == (
        "valid",
        first.isoformat(),
        renewed_until.isoformat(),
    )
    audit = AuditEvent.objects.get(action="recruiter.licence_renewed")
    assert audit.data["to"] == [renewed_from.isoformat(), renewed_until.isoformat()]
    assert audit.data["in_force"] == [first.isoformat(), renewed_until.isoformat()]


def test_a_renewal_that_would_leave_a_licence_in_force_with_a_gap_is_refused_by_its_start(lw):  # type: ignore[no-untyped-def]
    agency = _agency(lw)
    day = (agency.expires_on + DAY).isoformat()
    late, until = agency.expires_on + timedelta(days=2), agency.expires_on + timedelta(days=900)
    page = _post_renewal(lw, agency, late, until)
    assert GAP.format(day=day) in field_error(page, "issued_on")
    khmer = _post_renewal(lw, agency, late, until, "km")
    assert KM_GAP.format(day=day) in field_error(khmer, "issued_on")
    client = APIClient()
    client.force_authenticate(lw.licensing)
    answer = client.post(
        f"/api/v1/recruitment-agencies/{agency.pk}/renew/",
        {"issued_on": late.isoformat(), "expires_on": until.isoformat(), "version": 1},
        format="json",
    )
    assert answer.status_code == 400 and list(answer.json()) == ["issued_on"]
    assert answer.json()["issued_on"][0].startswith(GAP.format(day=day))


def test_a_lapsed_licence_renewed_from_a_later_day_is_licensed_again_from_that_day(lw):  # type: ignore[no-untyped-def]
    agency = _agency(lw, issued_days_ago=1200, expires_in=-100)
    renewed_from, renewed_until = _today() + timedelta(days=10), _today() + timedelta(days=1000)
    rs.renew_licence(lw.licensing, agency, 1, issued_on=renewed_from, expires_on=renewed_until)
    agency.refresh_from_db()
    assert (agency.issued_on, agency.expires_on) == (renewed_from, renewed_until)
    assert agency.status_on(_today()) == licences.LicenceStatus.NOT_YET_VALID
    assert agency.status_on(renewed_from) == licences.LicenceStatus.VALID


def test_the_rule_keeps_the_first_day_of_an_unbroken_licence():
    issued, expires = date(2025, 7, 26), date(2028, 7, 25)
    later = date(2031, 7, 25)
    assert licences.renewed(issued, expires, date(2028, 7, 26), later) == (issued, later)
    assert licences.renewed(issued, expires, date(2027, 1, 1), later) == (issued, later)
    assert licences.renewed(issued, expires, date(2028, 9, 1), later) == (date(2028, 9, 1), later)
    today = date(2026, 1, 1)
    gap = licences.renewal_dates(expires, date(2028, 7, 27), later, today)
    assert gap == licences.RenewalDates.GAP
    assert licences.renewal_dates(expires, date(2028, 7, 27), later, date(2028, 8, 1)) is None


def test_the_migration_gives_an_agency_renewed_ahead_the_first_day_of_its_licence(lw):  # type: ignore[no-untyped-def]
    agency = _agency(lw)
    first, last = agency.issued_on, agency.expires_on
    # As a renewal wrote it before: the renewed term's dates over the licence's, twice.
    steps = [
        (last + DAY, last + timedelta(days=1000)),
        (last + timedelta(days=1001), last + timedelta(days=2000)),
    ]
    before = (first, last)
    for term in steps:
        LicenceTerm.objects.create(
            agency=agency,
            kind="renewed",
            issued_on=term[0],
            expires_on=term[1],
            previous_issued_on=before[0],
            previous_expires_on=before[1],
            recorded_by=lw.licensing,
        )
        before = term
    type(agency).objects.filter(pk=agency.pk).update(issued_on=before[0], expires_on=before[1])
    untouched = _agency_renewed_after_a_lapse(lw)
    migration.restore_licence_starts(apps, None)
    agency.refresh_from_db()
    assert (agency.issued_on, agency.expires_on) == (first, before[1])
    event = AuditEvent.objects.get(action="recruiter.licence_start_restored")
    assert event.object_id == str(agency.pk)
    assert event.data == {"was": before[0].isoformat(), "now": first.isoformat()}
    kept = type(agency).objects.get(pk=untouched.pk)
    assert kept.issued_on == untouched.issued_on


def _agency_renewed_after_a_lapse(lw):  # type: ignore[no-untyped-def]
    agency = rs.register_agency(
        lw.licensing,
        name="Lapsed Recruit",
        licence_number="PRA-0202",
        issued_on=_today() - timedelta(days=1200),
        expires_on=_today() - timedelta(days=100),
        deposit_usd=100_000,
        province="12",
    )
    later = _today() - timedelta(days=10)
    return rs.renew_licence(
        lw.licensing, agency, 1, issued_on=later, expires_on=later + timedelta(days=900)
    )


TOO_LONG = "A licence term is at most 10 years: check the year it expires."


def test_a_term_longer_than_any_licence_is_refused_beside_its_expiry(lw):  # type: ignore[no-untyped-def]
    """An expiry in 9999 kept an agency "Licensed" on the public check for ever."""
    with pytest.raises(Refused, match="at most 10 years"):
        rs.register_agency(
            lw.licensing,
            name="Forever Manpower",
            licence_number="PRA-0999",
            issued_on=_today(),
            expires_on=date(9999, 12, 31),
            deposit_usd=100_000,
            province="12",
        )
    agency = _agency(lw)
    page = _post_renewal(lw, agency, agency.expires_on + DAY, date(9999, 12, 31))
    assert TOO_LONG in field_error(page, "expires_on")
    khmer = _post_renewal(lw, agency, agency.expires_on + DAY, date(9999, 12, 31), "km")
    assert "១០" in field_error(khmer, "expires_on") or "10" in field_error(khmer, "expires_on")
    assert TOO_LONG not in field_error(khmer, "expires_on")
    ten_years = agency.expires_on.replace(year=agency.expires_on.year + 10, day=1)
    renewed = _post_renewal(lw, agency, agency.expires_on + DAY, ten_years)
    assert renewed.status_code == 302


def test_ten_years_to_the_month_is_the_longest_term() -> None:
    assert not licences.too_long(date(2026, 2, 28), date(2036, 2, 28))
    assert licences.too_long(date(2026, 2, 28), date(2036, 3, 1))
    assert not licences.too_long(date(2024, 2, 29), date(2034, 2, 28))
