"""A verdict is dated from the day the case went before the court that gives it: to trial for
the first instance and a retrial, to the appeal court on appeal. Before that day it would stand
before the charge in the timeline. The page says so beside the date, the API names the field."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from rumdoh.core.errors import FieldRefused
from rumdoh.justice import court, services
from rumdoh.justice.models import CriminalCase, Verdict
from tests.conftest import login
from tests.justice.helpers import JusticeWorld

pytestmark = pytest.mark.django_db

TRIAL_KM = "សាលក្រមមិនអាចមានកាលបរិច្ឆេទមុនថ្ងៃដែលសំណុំរឿងត្រូវបានបញ្ជូនទៅជំនុំជម្រះ"


def days_ago(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)


def tried(jw: JusticeWorld, opened: int = 7, charged: int = 4, trial: int = 3):
    """A case opened, charged and sent to trial ``opened``, ``charged`` and ``trial`` days ago."""
    case, _victim = jw.case_with_victim(opened_on=days_ago(opened))
    suspect = jw.suspect(case)
    offence = {"offence": "LSHTSE-12", "exploitation": "forced_criminality"}
    services.add_charge(jw.police, case, suspect, level="recommended", **offence)
    services.change_stage(
        jw.police,
        case,
        "sent_to_prosecutor",
        on=days_ago(charged),
        responsible_agency=jw.prosecution_agency,
    )
    charge = services.add_charge(jw.prosecutor, case, suspect, level="charged", **offence)
    services.change_stage(jw.prosecutor, case, "charged", on=days_ago(charged))
    services.change_stage(
        jw.prosecutor, case, "trial", on=days_ago(trial), responsible_agency=jw.court_agency
    )
    case.refresh_from_db()
    return case, suspect, charge


def verdict(jw: JusticeWorld, case: CriminalCase, charge, decided_on: date, **fields) -> Verdict:
    fields.setdefault("outcome", "convicted")
    return court.record_verdict(jw.clerk, case, charge, decided_on=decided_on, **fields)


def test_a_verdict_dated_before_the_trial_is_refused_on_the_date(jw):
    case, _suspect, charge = tried(jw)
    for before in (days_ago(7), days_ago(4)):  # the day it was opened, the day it was charged
        with pytest.raises(FieldRefused) as refused:
            verdict(jw, case, charge, before)
        assert refused.value.field == "decided_on"
        assert f"went to trial, on {days_ago(3):%Y-%m-%d}" in str(refused.value)
    assert not Verdict.objects.exists()
    assert verdict(jw, case, charge, days_ago(3)).decided_on == days_ago(3)


def test_the_page_says_it_beside_the_date_in_the_readers_language(jw):
    case, _suspect, charge = tried(jw)
    url = reverse("justice:verdict_new", args=[case.pk])
    form = {"charge": charge.pk, "outcome": "acquitted", "instance": "first_instance"}
    form["decided_on"] = f"{days_ago(7):%Y-%m-%d}"
    response = login(jw.clerk).post(url, form)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["decided_on"]
    assert "A verdict cannot be dated before the case went to trial" in errors["decided_on"][0]
    khmer = login(jw.clerk)
    khmer.cookies["django_language"] = "km"
    assert TRIAL_KM in khmer.post(url, form).content.decode()
    assert not Verdict.objects.exists()
    assert login(jw.clerk).post(url, {**form, "decided_on": days_ago(3)}).status_code == 302


def test_the_api_answers_400_naming_the_date(jw):
    case, _suspect, charge = tried(jw)
    client = APIClient()
    client.force_authenticate(jw.clerk, token="token")
    body = {
        "case": case.pk,
        "charge": charge.pk,
        "outcome": "convicted",
        "decided_on": f"{days_ago(5):%Y-%m-%d}",
        "prison_months": 84,
    }
    response = client.post("/api/v1/verdicts/", body, format="json")
    assert response.status_code == 400, response.content
    assert "went to trial" in response.json()["decided_on"][0]
    response = client.post("/api/v1/verdicts/", body, format="json", HTTP_ACCEPT_LANGUAGE="km")
    assert TRIAL_KM in response.json()["decided_on"][0]
    body["decided_on"] = f"{days_ago(3):%Y-%m-%d}"
    assert client.post("/api/v1/verdicts/", body, format="json").status_code == 201


def test_an_appeal_verdict_is_dated_from_the_appeal(jw):
    case, _suspect, charge = tried(jw, opened=10, charged=8, trial=6)
    verdict(jw, case, charge, days_ago(6), prison_months=84)
    services.change_stage(jw.clerk, case, "verdict", on=days_ago(5))
    services.change_stage(
        jw.clerk,
        case,
        "appeal",
        on=days_ago(2),
        reason="The defendant appeals.",
        responsible_agency=jw.court_agency,
    )
    case.refresh_from_db()
    with pytest.raises(FieldRefused) as refused:
        verdict(jw, case, charge, days_ago(4), instance="appeal", prison_months=60)
    assert f"went to appeal, on {days_ago(2):%Y-%m-%d}" in str(refused.value)
    assert verdict(jw, case, charge, days_ago(2), instance="appeal", prison_months=60)


def test_a_retrial_is_dated_from_the_return_to_trial(jw):
    case, suspect, charge = tried(jw, opened=10, charged=8, trial=6)
    absentia = verdict(
        jw, case, charge, days_ago(5), outcome="convicted_in_absentia", prison_months=120
    )
    services.change_stage(jw.clerk, case, "verdict", on=days_ago(5))
    jw.arrest(case, suspect, hours_ago=0)
    services.change_stage(
        jw.clerk, case, "trial", reason="Arrested", responsible_agency=jw.court_agency
    )
    case.refresh_from_db()
    retrial = {"instance": "retrial", "retrial_of": absentia, "prison_months": 96}
    with pytest.raises(FieldRefused) as refused:
        verdict(jw, case, charge, days_ago(1), **retrial)
    assert f"went to trial, on {timezone.localdate():%Y-%m-%d}" in str(refused.value)
    assert verdict(jw, case, charge, timezone.localdate(), **retrial).instance == "retrial"


def test_an_appeal_verdict_is_not_dated_before_the_judgment_it_decides_again(jw):
    """A case that never reached the appeal court is dated from the trial: the appeal verdict
    must still follow the verdict appealed, on the same charge."""
    case, _suspect, charge = tried(jw, opened=10, charged=8, trial=6)
    verdict(jw, case, charge, days_ago(1), prison_months=84)
    services.change_stage(jw.clerk, case, "verdict", on=days_ago(1))
    case.refresh_from_db()
    with pytest.raises(FieldRefused) as refused:
        verdict(jw, case, charge, days_ago(3), instance="appeal", outcome="acquitted")
    assert refused.value.field == "decided_on"
    assert f"decides again, on {days_ago(1):%Y-%m-%d}" in str(refused.value)
    url = reverse("justice:verdict_new", args=[case.pk])
    form = {"charge": charge.pk, "outcome": "acquitted", "instance": "appeal"}
    khmer = login(jw.clerk)
    khmer.cookies["django_language"] = "km"
    page = khmer.post(url, {**form, "decided_on": f"{days_ago(3):%Y-%m-%d}"}).content.decode()
    assert "សាលក្រមដែលវាសម្រេចឡើងវិញ" in page
    assert Verdict.objects.filter(instance="appeal").count() == 0
    assert verdict(jw, case, charge, days_ago(1), instance="appeal", outcome="acquitted")


def test_a_first_instance_verdict_is_not_dated_after_the_appeal_on_its_charge(jw):
    case, _suspect, charge = tried(jw, opened=10, charged=8, trial=6)
    appeal = verdict(jw, case, charge, days_ago(4), instance="appeal", outcome="acquitted")
    with pytest.raises(FieldRefused) as refused:
        verdict(jw, case, charge, days_ago(2), prison_months=84)
    assert f"appeal verdict on the same charge, on {appeal.decided_on:%Y-%m-%d}" in str(
        refused.value
    )


def test_a_retrial_is_not_dated_before_the_conviction_in_absentia(jw):
    case, suspect, charge = tried(jw, opened=30, charged=20, trial=15)
    absentia = verdict(
        jw, case, charge, days_ago(5), outcome="convicted_in_absentia", prison_months=120
    )
    jw.arrest(case, suspect, hours_ago=0)
    retrial = {"instance": "retrial", "retrial_of": absentia, "prison_months": 96}
    with pytest.raises(FieldRefused) as refused:
        verdict(jw, case, charge, days_ago(10), **retrial)
    assert f"decides again, on {days_ago(5):%Y-%m-%d}" in str(refused.value)
    assert verdict(jw, case, charge, timezone.localdate(), **retrial).instance == "retrial"
