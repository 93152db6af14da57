"""Counts have a ceiling that fits their column, an inspection refers no more workers than were
present, past events are not dated after today, and each refusal is shown by the field it is
about, in English and Khmer. A count beyond the database's integers once failed with a server
error, and the inspection's and licence's date refusals stood at the top of the form."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from rumdoh.core.errors import Refused
from rumdoh.labour import forms, limits
from rumdoh.labour.models import PreventionActivity, RecruitmentAgency
from rumdoh.labour.services import registers as rs
from tests.conftest import login

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # more than SQLite's, and PostgreSQL's, largest integer
KM_AT_MOST = "តម្លៃនេះត្រូវតិចជាង ឬស្មើ"
TOO_MANY_REFERRED = "No more workers can be referred than were present at the inspection."
KM_TOO_MANY_REFERRED = "ចំនួនកម្មករដែលបានបញ្ជូន មិនអាចលើសចំនួនកម្មករ"
LATER_THAN_TODAY = "The inspection cannot have been carried out after today."
KM_LATER_THAN_TODAY = "ថ្ងៃដែលអធិការកិច្ចត្រូវបានអនុវត្ត មិនអាចនៅក្រោយថ្ងៃនេះបានទេ។"
FUTURE = "The date cannot be in the future."
KM_FUTURE = "កាលបរិច្ឆេទមិនអាចជាថ្ងៃអនាគតបានទេ។"


def field_error(page, field: str) -> str:
    """The text of the errors the page shows beside ``field`` ('' when none)."""
    text = page.content.decode()
    found = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', text, re.S)
    return html.unescape(found.group(1)) if found else ""


def top_errors(page) -> str:
    text = page.content.decode()
    found = re.search(r'<ul class="errorlist nonfield">(.*?)</ul>', text, re.S)
    return html.unescape(found.group(1)) if found else ""


def today():  # type: ignore[no-untyped-def]
    return timezone.localdate()


def _plan(lw):  # type: ignore[no-untyped-def]
    site = rs.register_worksite(lw.inspector, name="Kiln 7", kind="brick_kiln", province="08")
    return rs.plan_inspection(lw.inspector, site, today(), [])


def _result(plan, **fields: str) -> dict[str, str]:
    data = {
        "status": "done",
        "carried_out_on": today().isoformat(),
        "workers_present": "5",
        "referrals_made": "0",
        "version": str(plan.version),
    }
    data.update(fields)
    return data


def _post_result(lw, plan, language: str = "en", **fields: str):  # type: ignore[no-untyped-def]
    client = login(lw.inspector)
    client.cookies["django_language"] = language
    url = reverse("labour:inspection_result", args=[plan.pk])
    return client.post(url, _result(plan, **fields))


@pytest.mark.parametrize("field", ["workers_present", "referrals_made"])
def test_an_impossible_count_of_workers_is_refused_by_its_field(lw, field):
    plan = _plan(lw)
    page = _post_result(lw, plan, **{field: HUGE})
    assert page.status_code == 200
    assert str(limits.WORKERS_PRESENT_MAX) in field_error(page, field)
    assert KM_AT_MOST in field_error(_post_result(lw, plan, "km", **{field: HUGE}), field)
    plan.refresh_from_db()
    assert plan.status == "planned"


def test_no_more_workers_are_referred_than_were_present(lw):
    plan = _plan(lw)
    page = _post_result(lw, plan, workers_present="5", referrals_made="50")
    assert field_error(page, "referrals_made") == f"<li>{TOO_MANY_REFERRED}</li>"
    assert not top_errors(page)
    khmer = _post_result(lw, plan, "km", workers_present="5", referrals_made="50")
    assert KM_TOO_MANY_REFERRED in field_error(khmer, "referrals_made")
    with translation.override("en"), pytest.raises(Refused, match=TOO_MANY_REFERRED):
        rs.record_inspection(
            lw.inspector,
            plan,
            plan.version,
            status="done",
            carried_out_on=today(),
            workers_present=5,
            referrals_made=50,
        )
    plan.refresh_from_db()
    assert plan.status == "planned" and plan.referrals_made == 0
    # As many as were present, or any number when how many were present is not known.
    rs.record_inspection(
        lw.inspector,
        plan,
        1,
        status="done",
        carried_out_on=today(),
        workers_present=5,
        referrals_made=5,
    )
    rs.record_inspection(lw.inspector, plan, 2, workers_present=None, referrals_made=8)


def test_the_inspection_dates_are_refused_by_their_fields(lw):
    plan = _plan(lw)
    tomorrow = (today() + timedelta(days=1)).isoformat()
    page = _post_result(lw, plan, carried_out_on=tomorrow)
    assert field_error(page, "carried_out_on") == f"<li>{LATER_THAN_TODAY}</li>"
    assert not top_errors(page)
    khmer = _post_result(lw, plan, "km", carried_out_on=tomorrow)
    assert KM_LATER_THAN_TODAY in field_error(khmer, "carried_out_on")
    yesterday = (today() - timedelta(days=1)).isoformat()
    page = _post_result(lw, plan, follow_up_due=yesterday)
    assert "cannot be due before the inspection" in field_error(page, "follow_up_due")
    assert not top_errors(page)
    with translation.override("en"), pytest.raises(Refused, match=LATER_THAN_TODAY):
        rs.record_inspection(
            lw.inspector, plan, plan.version, status="done", carried_out_on=today() + timedelta(1)
        )


def test_an_impossible_prevention_count_is_refused_on_the_page_and_by_the_api(lw):
    client = login(lw.licensing)
    data = {
        "kind": "pre_departure",
        "title": "Orientation for Korea",
        "held_on": today().isoformat(),
        "province": "12",
        "sessions": HUGE,
        "women": HUGE,
        "men": HUGE,
    }
    page = client.post(reverse("labour:prevention_new"), data)
    assert page.status_code == 200
    for field in ("sessions", "women", "men"):
        assert "less than or equal to" in field_error(page, field)
    client.cookies["django_language"] = "km"
    page = client.post(reverse("labour:prevention_new"), data)
    assert KM_AT_MOST in field_error(page, "women")
    api = APIClient()
    api.force_authenticate(lw.licensing)
    response = api.post("/api/v1/labour/prevention/", data, format="json")
    assert response.status_code == 400
    assert set(response.json()) >= {"sessions", "women", "men"}
    assert not PreventionActivity.objects.exists()


def test_every_count_of_the_labour_forms_has_a_ceiling():
    unbounded = [
        (form.__name__, name)
        for form in (
            forms.ComplaintForm,
            forms.ConciliationForm,
            forms.RecruiterForm,
            forms.PrincipleForm,
            forms.FeeForm,
            forms.InspectionResultForm,
            forms.PreventionForm,
        )
        for name, field in form.base_fields.items()
        if isinstance(field, forms.forms.IntegerField)
        and name != "version"
        and field.max_value is None
    ]
    assert unbounded == []
    assert "workers" in forms.ComplaintForm(data={"workers": HUGE}).errors
    assert "amount_usd" in forms.ConciliationForm(data={"amount_usd": HUGE}).errors


def _recruiter(**fields: str) -> dict[str, str]:
    data = {
        "name": "QA Recruit",
        "licence_number": "PRA-0777",
        "issued_on": (today() - timedelta(days=30)).isoformat(),
        "expires_on": (today() + timedelta(days=700)).isoformat(),
        "deposit_usd": "100000",
        "province": "12",
        "code_signed_on": today().isoformat(),
    }
    data.update(fields)
    return data


def _post_recruiter(lw, language: str = "en", **fields: str):  # type: ignore[no-untyped-def]
    client = login(lw.licensing)
    client.cookies["django_language"] = language
    return client.post(reverse("labour:recruiter_new"), _recruiter(**fields))


def test_a_new_recruiters_dates_and_deposit_are_refused_by_their_fields(lw):
    future = (today() + timedelta(days=85)).isoformat()
    page = _post_recruiter(lw, code_signed_on=future)
    assert field_error(page, "code_signed_on") == f"<li>{FUTURE}</li>"
    assert not top_errors(page)
    assert KM_FUTURE in field_error(
        _post_recruiter(lw, "km", code_signed_on=future), "code_signed_on"
    )
    issued = today().isoformat()
    page = _post_recruiter(lw, issued_on=issued, expires_on=issued)
    assert "must expire after it was issued" in field_error(page, "expires_on")
    assert not top_errors(page)
    page = _post_recruiter(lw, deposit_usd=HUGE)
    assert str(limits.AMOUNT_USD_MAX) in field_error(page, "deposit_usd").replace(",", "")
    assert not RecruitmentAgency.objects.exists()
    with translation.override("en"), pytest.raises(Refused, match=FUTURE):
        rs.register_agency(
            lw.licensing,
            name="QA Recruit",
            licence_number="PRA-0777",
            issued_on=today() - timedelta(days=30),
            expires_on=today() + timedelta(days=700),
            province="12",
            code_signed_on=today() + timedelta(days=85),
        )
    assert _post_recruiter(lw).status_code == 302


def test_a_branch_is_not_opened_after_today(lw):
    agency = rs.register_agency(
        lw.licensing,
        name="Mekong Workforce",
        licence_number="PRA-0001",
        issued_on=today() - timedelta(days=30),
        expires_on=today() + timedelta(days=700),
        province="12",
    )
    client = login(lw.licensing)
    url = reverse("labour:branch_new", args=[agency.pk])
    tomorrow = (today() + timedelta(days=1)).isoformat()
    page = client.post(url, {"province": "01", "address": "Poipet", "opened_on": tomorrow})
    assert field_error(page, "opened_on") == f"<li>{FUTURE}</li>"
    with translation.override("en"), pytest.raises(Refused, match=FUTURE):
        rs.add_branch(
            lw.licensing, agency, province="01", address="Poipet", opened_on=today() + timedelta(1)
        )
    assert not agency.branches.exists()
