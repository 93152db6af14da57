"""A day out of its time is a mistyped year, refused by the field it is about on the page (in
English and Khmer), by the service, and so by the API: a fee paid in 1800, an inspection
planned for 9999, one carried out in 2000, a follow-up due in 9999. An agency's own history (a
branch opened) may go back before 2008. Before, the fee, the plan and the result were saved."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from rumdoh.core.errors import PLAN_AHEAD, FieldRefused
from rumdoh.labour.models import Branch, FeeRecord, Inspection
from rumdoh.labour.services import complaints as cs
from rumdoh.labour.services import registers as rs
from tests.conftest import login
from tests.labour.test_bounds_and_field_errors import field_error

pytestmark = pytest.mark.django_db

BEFORE_2008 = "The date cannot be before 2008-01-01: check the year."
KM_BEFORE_2008 = "កាលបរិច្ឆេទមិនអាចមុន 2008-01-01 បានទេ៖ សូមពិនិត្យឆ្នាំ។"
BEFORE_1900 = "The date cannot be before 1900-01-01: check the year."
FUTURE = "The date cannot be in the future."
FAR = date(9999, 12, 31)


def _today() -> date:
    return timezone.localdate()


def _later_than() -> str:
    last = _today() + PLAN_AHEAD
    return f"The date cannot be later than {last:%Y-%m-%d}: check the year."


def _agency(lw):  # type: ignore[no-untyped-def]
    return rs.register_agency(
        lw.licensing,
        name="Mekong Workforce",
        licence_number="PRA-0303",
        issued_on=_today() - timedelta(days=400),
        expires_on=_today() + timedelta(days=700),
        deposit_usd=100_000,
        province="12",
    )


def _site(lw):  # type: ignore[no-untyped-def]
    return rs.register_worksite(lw.inspector, name="Kiln 9", kind="brick_kiln", province="08")


def _post(user, url: str, data: dict[str, str], language: str = "en"):  # type: ignore[no-untyped-def]
    client = login(user)
    client.cookies["django_language"] = language
    return client.post(url, data)


def test_a_fee_paid_before_2008_is_refused_by_paid_on(lw):
    agency = _agency(lw)
    url = reverse("labour:fee_new", args=[agency.pk])
    fee = {"destination": "TH", "fee_usd": "900", "paid_on": "1800-01-01"}
    assert BEFORE_2008 in field_error(_post(lw.licensing, url, fee), "paid_on")
    assert KM_BEFORE_2008 in field_error(_post(lw.licensing, url, fee, "km"), "paid_on")
    with translation.override("en"), pytest.raises(FieldRefused, match=BEFORE_2008) as refused:
        rs.record_fee(lw.licensing, agency, destination="TH", fee_usd=900, paid_on=date(1800, 1, 1))
    assert refused.value.field == "paid_on"
    assert not FeeRecord.objects.exists()


def test_an_inspection_planned_years_ahead_is_refused_by_planned_for(lw):
    site = _site(lw)
    url = reverse("labour:inspection_new", args=[site.pk])
    page = _post(lw.inspector, url, {"planned_for": FAR.isoformat()})
    assert _later_than() in field_error(page, "planned_for")
    with translation.override("en"), pytest.raises(FieldRefused) as refused:
        rs.plan_inspection(lw.inspector, site, FAR, [])
    assert (refused.value.field, str(refused.value)) == ("planned_for", _later_than())
    with translation.override("en"), pytest.raises(FieldRefused) as past:
        rs.plan_inspection(lw.inspector, site, _today() - timedelta(days=1), [])
    assert past.value.field == "planned_for"
    assert not Inspection.objects.exists()
    soon = rs.plan_inspection(lw.inspector, site, _today() + timedelta(days=300), [])
    assert soon.planned_for == _today() + timedelta(days=300)


def _result(plan, **fields: str) -> dict[str, str]:
    return {
        "status": "done",
        "carried_out_on": _today().isoformat(),
        "workers_present": "5",
        "referrals_made": "0",
        "version": str(plan.version),
    } | fields


def test_an_inspection_carried_out_before_2008_or_followed_up_years_ahead_is_refused(lw):
    plan = rs.plan_inspection(lw.inspector, _site(lw), _today(), [])
    url = reverse("labour:inspection_result", args=[plan.pk])
    early = _post(lw.inspector, url, _result(plan, carried_out_on="2000-01-01"))
    assert BEFORE_2008 in field_error(early, "carried_out_on")
    khmer = _post(lw.inspector, url, _result(plan, carried_out_on="2000-01-01"), "km")
    assert KM_BEFORE_2008 in field_error(khmer, "carried_out_on")
    late = _post(lw.inspector, url, _result(plan, follow_up_due=FAR.isoformat()))
    assert _later_than() in field_error(late, "follow_up_due")
    with translation.override("en"), pytest.raises(Exception, match=BEFORE_2008):
        rs.record_inspection(lw.inspector, plan, 1, status="done", carried_out_on=date(2000, 1, 1))
    plan.refresh_from_db()
    assert (plan.status, plan.carried_out_on) == ("planned", None)
    # Carried out before the day it was planned: recorded after the event, as the pages say.
    done_before = _today() - timedelta(days=30)
    done = _post(lw.inspector, url, _result(plan, carried_out_on=done_before.isoformat()))
    assert done.status_code == 302
    plan.refresh_from_db()
    assert plan.carried_out_on == done_before


def test_an_agencys_branch_may_have_opened_before_2008_but_not_before_1900(lw):
    agency = _agency(lw)
    url = reverse("labour:branch_new", args=[agency.pk])
    branch = {"province": "12", "address": "Street 271"}
    old = _post(lw.licensing, url, branch | {"opened_on": "2005-03-01"})
    assert old.status_code == 302
    assert Branch.objects.get().opened_on == date(2005, 3, 1)
    page = _post(lw.licensing, url, branch | {"opened_on": "1800-03-01"})
    assert BEFORE_1900 in field_error(page, "opened_on")
    with translation.override("en"), pytest.raises(FieldRefused, match=BEFORE_1900):
        rs.add_branch(lw.licensing, agency, province="12", address="x", opened_on=date(1800, 1, 1))


def test_the_api_refuses_a_day_out_of_time_by_its_field(lw):
    client = APIClient()
    client.force_authenticate(lw.inspector)
    complaint = {"filed_on": "1800-01-01", "province": "01", "description": "Wages withheld."}
    answer = client.post("/api/v1/labour-complaints/", complaint, format="json")
    assert answer.status_code == 400
    assert answer.json() == {"filed_on": [BEFORE_2008]}
    tomorrow = (_today() + timedelta(days=1)).isoformat()
    prevention = {
        "kind": "awareness",
        "title": "Safe migration",
        "held_on": tomorrow,
        "province": "01",
        "sessions": 1,
        "women": 3,
        "men": 2,
    }
    answer = client.post("/api/v1/labour/prevention/", prevention, format="json")
    assert answer.status_code == 400 and answer.json() == {"held_on": [FUTURE]}


def test_a_complaint_step_dated_out_of_time_is_refused_by_its_field(lw):
    complaint = lw.complaint()
    with translation.override("en"), pytest.raises(FieldRefused) as refused:
        cs.schedule_hearing(lw.inspector, complaint, FAR, complaint.version)
    assert (refused.value.field, str(refused.value)) == ("hearing_on", _later_than())
    with translation.override("en"), pytest.raises(FieldRefused) as future:
        cs.close_complaint(lw.inspector, complaint, _today() + timedelta(days=1), 1)
    assert (future.value.field, str(future.value)) == ("on", FUTURE)


# --- a licence's issue and a sanction's days --------------------------------------------------


def _licence(**fields: str) -> dict[str, str]:
    return {
        "name": "Tonle Sap Recruitment",
        "licence_number": "PRA-0404",
        "issued_on": (_today() - timedelta(days=30)).isoformat(),
        "expires_on": (_today() + timedelta(days=700)).isoformat(),
        "deposit_usd": "100000",
        "province": "12",
    } | fields


@pytest.mark.parametrize(
    ("issued_on", "expires_on", "english"),
    [
        ("0001-01-01", "0002-01-01", BEFORE_2008),
        ("1999-01-01", "2001-01-01", BEFORE_2008),
        ("9990-01-01", "9999-12-31", None),  # later than two years ahead
    ],
)
def test_a_licence_issued_out_of_time_is_refused_by_issued_on(lw, issued_on, expires_on, english):
    from rumdoh.labour.models import RecruitmentAgency

    english = english or _later_than()
    url = reverse("labour:recruiter_new")
    dates = {"issued_on": issued_on, "expires_on": expires_on}
    assert english in field_error(_post(lw.licensing, url, _licence(**dates)), "issued_on")
    if english == BEFORE_2008:
        page = _post(lw.licensing, url, _licence(**dates), "km")
        assert KM_BEFORE_2008 in field_error(page, "issued_on")
    with translation.override("en"), pytest.raises(Exception, match=english):
        rs.register_agency(
            lw.licensing,
            name="Tonle Sap Recruitment",
            licence_number="PRA-0404",
            issued_on=date.fromisoformat(issued_on),
            expires_on=date.fromisoformat(expires_on),
            deposit_usd=100_000,
            province="12",
        )
    assert not RecruitmentAgency.objects.exists()
    assert _post(lw.licensing, url, _licence()).status_code == 302


def test_a_licence_renewed_from_a_day_out_of_time_is_refused_by_issued_on(lw):
    agency = _agency(lw)
    url = reverse("labour:licence_renew", args=[agency.pk])
    far = {"issued_on": "9990-01-01", "expires_on": "9999-12-31", "version": "1"}
    assert _later_than() in field_error(_post(lw.licensing, url, far), "issued_on")
    renewed_until = (agency.expires_on + timedelta(days=30)).isoformat()
    early = {"issued_on": "1800-01-01", "expires_on": renewed_until, "version": "1"}
    assert KM_BEFORE_2008 in field_error(_post(lw.licensing, url, early, "km"), "issued_on")
    client = APIClient()
    client.force_authenticate(lw.licensing)
    answer = client.post(
        f"/api/v1/recruitment-agencies/{agency.pk}/renew/",
        {"issued_on": "9990-01-01", "expires_on": "9999-12-31", "version": 1},
        format="json",
    )
    assert answer.status_code == 400
    assert answer.json() == {"issued_on": [_later_than()]}
    agency.refresh_from_db()
    assert agency.version == 1


@pytest.mark.parametrize(
    ("sanction", "field", "english"),
    [
        ({"kind": "warning", "starts_on": "1800-01-01"}, "starts_on", BEFORE_2008),
        ({"kind": "revocation", "starts_on": "9999-12-31"}, "starts_on", None),
        (
            {"kind": "suspension", "starts_on": "TODAY", "ends_on": "9999-12-31"},
            "ends_on",
            None,
        ),
    ],
)
def test_a_sanction_dated_out_of_time_is_refused_by_its_field(lw, sanction, field, english):
    english = english or _later_than()
    agency = _agency(lw)
    sanction = {k: _today().isoformat() if v == "TODAY" else v for k, v in sanction.items()}
    url = reverse("labour:sanction_new", args=[agency.pk])
    posted = sanction | {"grounds": "Fees above the ceiling"}
    assert english in field_error(_post(lw.licensing, url, posted), field)
    if english == BEFORE_2008:
        assert KM_BEFORE_2008 in field_error(_post(lw.licensing, url, posted, "km"), field)
    days = {k: date.fromisoformat(v) for k, v in sanction.items() if k != "kind"}
    with translation.override("en"), pytest.raises(FieldRefused) as refused:
        rs.sanction(lw.licensing, agency, kind=sanction["kind"], grounds="x", **days)
    assert (refused.value.field, str(refused.value)) == (field, english)
    client = APIClient()
    client.force_authenticate(lw.licensing)
    answer = client.post(
        f"/api/v1/recruitment-agencies/{agency.pk}/sanctions/", posted, format="json"
    )
    assert answer.status_code == 400 and answer.json() == {field: [english]}
    assert not agency.sanctions.exists()
