"""The public recruiter page tells the licence's real standing: suspended until its last day,
revoked on the day, expired, or valid until its end, in each language the public pages speak."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from rumdoh.labour.rules import licences
from rumdoh.labour.services import registers as rs

pytestmark = pytest.mark.django_db


def _today() -> date:
    return timezone.localdate()


def _agency(lw, number="PRA-0201"):  # type: ignore[no-untyped-def]
    return rs.register_agency(
        lw.licensing,
        name="Tonle Workforce",
        licence_number=number,
        issued_on=_today() - timedelta(days=400),
        expires_on=_today() + timedelta(days=700),
        deposit_usd=100_000,
        province="12",
    )


def _page(agency, language="en"):  # type: ignore[no-untyped-def]
    client = Client()
    client.cookies["django_language"] = language
    return client.get(f"/recruiters/{agency.pk}/").content.decode()


def test_the_rule_gives_the_day_that_goes_with_the_status():
    day = date(2026, 5, 10)
    S = licences.Sanction
    suspended = [
        licences.SanctionFact(S.SUSPENSION, date(2026, 5, 1), date(2026, 6, 1)),
        licences.SanctionFact(S.SUSPENSION, date(2026, 5, 5), date(2026, 7, 1)),
    ]
    status = licences.licence_status(date(2025, 1, 1), date(2028, 1, 1), day, suspended)
    got = licences.standing_day(status, date(2025, 1, 1), date(2028, 1, 1), day, suspended)
    assert got == date(2026, 7, 1)
    revoked = [licences.SanctionFact(S.REVOCATION, date(2026, 5, 2))]
    status = licences.licence_status(date(2025, 1, 1), date(2028, 1, 1), day, revoked)
    got = licences.standing_day(status, date(2025, 1, 1), date(2028, 1, 1), day, revoked)
    assert got == date(2026, 5, 2)


def test_a_suspended_licence_is_not_said_to_be_valid(lw):
    agency = _agency(lw)
    until = _today() + timedelta(days=30)
    rs.sanction(
        lw.licensing,
        agency,
        kind="suspension",
        starts_on=_today() - timedelta(days=3),
        ends_on=until,
        grounds="Fees above the ceiling",
    )
    page = _page(agency)
    assert "Licence valid until" not in page
    assert f"Licence suspended until {until:%Y-%m-%d}" in page
    khmer = _page(agency, "km")
    assert f"អាជ្ញាប័ណ្ណត្រូវបានព្យួររហូតដល់ {until:%Y-%m-%d}" in khmer
    assert "អាជ្ញាប័ណ្ណមានសុពលភាពរហូតដល់" not in khmer
    for language, words in [
        ("zh-hans", "许可证暂停至"),
        ("vi", "Giấy phép bị đình chỉ đến"),
        ("th", "ใบอนุญาตถูกพักใช้ถึง"),
        ("id", "Izin ditangguhkan sampai"),
    ]:
        assert f"{words} {until:%Y-%m-%d}" in _page(agency, language), language


def test_a_revoked_licence_says_when_it_was_revoked(lw):
    agency = _agency(lw)
    on = _today() - timedelta(days=5)
    rs.sanction(lw.licensing, agency, kind="revocation", starts_on=on, grounds="Forged contracts")
    page = _page(agency)
    assert "Licence valid until" not in page
    assert f"Licence revoked on {on:%Y-%m-%d}" in page
    assert f"អាជ្ញាប័ណ្ណត្រូវបានដកហូតនៅថ្ងៃ {on:%Y-%m-%d}" in _page(agency, "km")


def test_a_valid_or_expired_licence_gives_its_end(lw):
    agency = _agency(lw)
    assert f"Licence valid until {agency.expires_on:%Y-%m-%d}" in _page(agency)
    old = _agency(lw, "PRA-0202")
    old.expires_on = _today() - timedelta(days=2)
    old.save()
    assert f"Licence expired on {old.expires_on:%Y-%m-%d}" in _page(old)
