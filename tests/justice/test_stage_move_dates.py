"""A stage move is dated after what it follows: the move before it, the verdicts that take
the case to the verdict stage, the arrest that allows a retrial. Dated before them it would
stand before them in the timeline and shorten the time counted from charging to the verdict.
The page says so beside the date, in the reader's language; the API names the field."""

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from rumdoh.core.errors import FieldRefused
from rumdoh.justice import services
from rumdoh.justice.models import StageTransition
from tests.conftest import login
from tests.justice.test_verdict_dates import days_ago, tried, verdict

pytestmark = pytest.mark.django_db

VERDICT_KM = "សំណុំរឿងមិនអាចផ្លាស់ទៅដំណាក់កាលសាលក្រមមុនថ្ងៃចេញសាលក្រមរបស់វា"
RETRIAL_KM = "ការជំនុំជម្រះឡើងវិញមិនអាចមានកាលបរិច្ឆេទមុនថ្ងៃចាប់ខ្លួនជនជាប់ចោទ"


def test_a_move_to_the_verdict_stage_is_not_dated_before_the_verdict(jw):
    case, _suspect, charge = tried(jw, opened=10, charged=8, trial=6)
    verdict(jw, case, charge, days_ago(1), prison_months=84)
    with pytest.raises(FieldRefused) as refused:
        services.change_stage(jw.clerk, case, "verdict", on=days_ago(4))
    assert refused.value.field == "on"
    assert f"before its verdict, given on {days_ago(1):%Y-%m-%d}" in str(refused.value)
    assert not StageTransition.objects.filter(case=case, to_stage="verdict").exists()
    services.change_stage(jw.clerk, case, "verdict", on=days_ago(1))
    case.refresh_from_db()
    assert (case.stage, case.stage_since) == ("verdict", days_ago(1))


def test_the_page_says_it_beside_the_date_and_the_api_names_it(jw):
    case, _suspect, charge = tried(jw, opened=10, charged=8, trial=6)
    verdict(jw, case, charge, days_ago(1), prison_months=84)
    url = reverse("justice:case_stage", args=[case.pk])
    form = {"to_stage": "verdict", "on": f"{days_ago(4):%Y-%m-%d}"}
    response = login(jw.clerk).post(url, form)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["on"]
    assert "cannot move to the verdict stage before its verdict" in errors["on"][0]
    khmer = login(jw.clerk)
    khmer.cookies["django_language"] = "km"
    assert VERDICT_KM in khmer.post(url, form).content.decode()
    client = APIClient()
    client.force_authenticate(jw.clerk, token="token")
    api = f"/api/v1/criminal-cases/{case.pk}/stage/"
    answer = client.post(api, form, format="json", HTTP_ACCEPT_LANGUAGE="km")
    assert answer.status_code == 400, answer.content
    assert VERDICT_KM in answer.json()["on"][0]
    case.refresh_from_db()
    assert case.stage == "trial"


def test_a_move_is_not_dated_before_the_stage_it_leaves_beside_the_date(jw):
    case, _suspect, charge = tried(jw, opened=10, charged=8, trial=6)
    verdict(jw, case, charge, days_ago(6), prison_months=84)
    with pytest.raises(FieldRefused) as refused:
        services.change_stage(jw.clerk, case, "verdict", on=days_ago(7))
    assert refused.value.field == "on"
    assert "before the case entered its current stage" in str(refused.value)


def test_a_retrial_is_not_dated_before_the_arrest_that_allows_it(jw):
    case, suspect, charge = tried(jw, opened=30, charged=20, trial=15)
    verdict(jw, case, charge, days_ago(10), outcome="convicted_in_absentia", prison_months=120)
    services.change_stage(jw.clerk, case, "verdict", on=days_ago(10))
    arrest = jw.arrest(case, suspect, hours_ago=24 * 3)
    arrested_on = timezone.localdate(arrest.arrested_at)
    case.refresh_from_db()
    retrial = {"reason": "Arrested in Poipet", "responsible_agency": jw.court_agency}
    with pytest.raises(FieldRefused) as refused:
        services.change_stage(jw.clerk, case, "trial", on=days_ago(8), **retrial)
    assert refused.value.field == "on"
    assert f"convicted in absentia, on {arrested_on:%Y-%m-%d}" in str(refused.value)
    url = reverse("justice:case_stage", args=[case.pk])
    form = {
        "to_stage": "trial",
        "on": f"{days_ago(8):%Y-%m-%d}",
        "reason": "Arrested in Poipet",
        "responsible_agency": jw.court_agency.pk,
    }
    khmer = login(jw.clerk)
    khmer.cookies["django_language"] = "km"
    response = khmer.post(url, form)
    assert list(response.context["form"].errors) == ["on"]
    assert RETRIAL_KM in response.content.decode()
    case.refresh_from_db()
    assert case.stage == "verdict"
    services.change_stage(jw.clerk, case, "trial", on=arrested_on, **retrial)
    case.refresh_from_db()
    assert (case.stage, case.stage_since) == ("trial", arrested_on)
