"""Numbers past what the records take are refused at the field, on the page in the reader's
language and through the API with a 400, instead of failing in the database (a server error):
riel amounts, prison terms, exchange rates, years of birth, reporting intervals, and the total
of a compensation claim."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from rumdoh.justice import orders
from rumdoh.justice.models import CompensationOrder, Settlement, Verdict
from rumdoh.justice.rules import compensation
from rumdoh.justice.rules.limits import PRISON_MONTHS_MAX, RIEL_MAX
from tests.conftest import login

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # past any integer column
AT_MOST_KM = "តម្លៃនេះត្រូវតិចជាង ឬស្មើ"  # "Ensure this value is less than or equal to"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user, token="token")
    return client


def in_khmer(user):
    client = login(user)
    client.cookies["django_language"] = "km"
    return client


def refused_at(response, *fields: str) -> None:
    assert response.status_code == 200, response.status_code
    assert set(response.context["form"].errors) == set(fields)


def today() -> str:
    return f"{timezone.localdate():%Y-%m-%d}"


def test_a_settlement_amount_past_the_column_is_a_field_error(jw):
    case, _victim = jw.case_with_victim()
    url = reverse("justice:settlement_new", args=[case.pk])
    form = {"kind": "settlement", "proposed_by": "defendant", "agreed_on": today()}
    refused_at(login(jw.police).post(url, {**form, "amount_riel": HUGE}), "amount_riel")
    page = in_khmer(jw.police).post(url, {**form, "amount_riel": HUGE}).content.decode()
    assert AT_MOST_KM in page
    assert not Settlement.objects.exists()
    assert login(jw.police).post(url, {**form, "amount_riel": RIEL_MAX}).status_code == 302


def test_a_sentence_past_its_bounds_is_refused_beside_each_field(jw):
    case, _suspect, charge = jw.at_trial()
    url = reverse("justice:verdict_new", args=[case.pk])
    form = {"charge": charge.pk, "outcome": "convicted", "instance": "first_instance"}
    form |= {"decided_on": today(), "prison_months": HUGE, "fine_riel": HUGE}
    refused_at(login(jw.clerk).post(url, form), "prison_months", "fine_riel")
    form |= {"prison_months": PRISON_MONTHS_MAX + 1, "suspended_months": HUGE, "fine_riel": 0}
    refused_at(login(jw.clerk).post(url, form), "prison_months", "suspended_months")
    assert AT_MOST_KM in in_khmer(jw.clerk).post(url, form).content.decode()
    assert not Verdict.objects.exists()
    form |= {"prison_months": PRISON_MONTHS_MAX, "suspended_months": 12, "fine_riel": RIEL_MAX}
    assert login(jw.clerk).post(url, form).status_code == 302


def test_the_api_refuses_a_sentence_past_its_bounds_with_400(jw):
    case, _suspect, charge = jw.at_trial()
    body = {"case": case.pk, "charge": charge.pk, "outcome": "convicted", "decided_on": today()}
    for field, value in [
        ("prison_months", PRISON_MONTHS_MAX + 1),
        ("prison_months", 2**31),  # past PostgreSQL's integer
        ("fine_riel", RIEL_MAX + 1),
        ("fine_riel", int(HUGE)),
    ]:
        response = api(jw.clerk).post("/api/v1/verdicts/", {**body, field: value}, format="json")
        assert response.status_code == 400, (field, value, response.content)
        assert field in response.json()
    assert not Verdict.objects.exists()


def test_the_api_refuses_a_settlement_past_the_bound_with_400(jw):
    case, _victim = jw.case_with_victim()
    body = {"case": case.pk, "kind": "settlement", "proposed_by": "defendant"}
    body |= {"agreed_on": today(), "amount_riel": RIEL_MAX + 1}
    response = api(jw.police).post("/api/v1/settlements/", body, format="json")
    assert response.status_code == 400 and "amount_riel" in response.json()


def ordered(jw):
    case, suspect, _charge = jw.convicted()
    victim = case.victims.get()
    order = orders.record_order(
        jw.clerk,
        case,
        victim=victim,
        defendant=suspect,
        amount_riel=1_000_000,
        ordered_on=timezone.localdate(),
        due_on=timezone.localdate() + timedelta(days=30),
    )
    return case, victim, suspect, order


def test_orders_and_payments_past_the_bound_are_field_errors_and_400s(jw):
    case, victim, suspect, order = ordered(jw)
    form = {"victim": victim.pk, "defendant": suspect.pk, "amount_riel": HUGE}
    form |= {"ordered_on": today(), "due_on": today()}
    url = reverse("justice:order_new", args=[case.pk])
    refused_at(login(jw.clerk).post(url, form), "amount_riel")
    payment = {"paid_on": today(), "amount_riel": HUGE, "method": "cash"}
    url = reverse("justice:payment_new", args=[order.pk])
    refused_at(login(jw.clerk).post(url, payment), "amount_riel")
    assert AT_MOST_KM in in_khmer(jw.clerk).post(url, payment).content.decode()
    body = {"case": case.pk, "victim": victim.pk, "defendant": suspect.pk}
    body |= {"amount_riel": RIEL_MAX + 1, "ordered_on": today(), "due_on": today()}
    response = api(jw.clerk).post("/api/v1/compensation-orders/", body, format="json")
    assert response.status_code == 400 and "amount_riel" in response.json()
    payment["amount_riel"] = RIEL_MAX + 1
    url = f"/api/v1/compensation-orders/{order.pk}/payments/"
    response = api(jw.clerk).post(url, payment, format="json")
    assert response.status_code == 400 and "amount_riel" in response.json()
    assert CompensationOrder.objects.get() == order and not order.payments.exists()


def test_a_claim_past_the_bound_is_refused_on_the_calculator(jw):
    _case, victim = jw.case_with_victim()
    url = reverse("justice:victim_calculator", args=[victim.pk])
    form = {"wage_currency": "KHR", "usd_rate": 4100, "emotional_severity": "none"}
    line = f"Ransom: {HUGE}"
    refused_at(login(jw.police).post(url, {**form, "material": line}), "material")
    page = login(jw.police).post(url, {**form, "material": "Ransom: " + "9" * 5000})
    refused_at(page, "material")
    refused_at(login(jw.police).post(url, {**form, "usd_rate": HUGE}), "usd_rate")
    # Each amount within its bound, the total not.
    lines = "\n".join(f"Ransom {i}: {RIEL_MAX}" for i in range(3))
    page = login(jw.police).post(url, {**form, "material": lines})
    assert "The claim comes to more than 1,000,000,000,000,000 riel" in page.content.decode()
    khmer = in_khmer(jw.police).post(url, {**form, "material": lines}).content.decode()
    assert "ការទាមទារសរុបលើសពី 1,000,000,000,000,000 រៀល" in khmer
    assert not victim.worksheets.exists()


def test_the_calculator_api_refuses_amounts_and_totals_past_the_bound(jw):
    _case, victim = jw.case_with_victim()
    client = api(jw.police)
    url = "/api/v1/compensation/calculate/"
    item = {"description": "Ransom", "amount": RIEL_MAX + 1}
    response = client.post(url, {"material": [item], "victim": victim.pk}, format="json")
    assert response.status_code == 400 and "material" in response.json()
    response = client.post(url, {"usd_rate": 10**12, "victim": victim.pk}, format="json")
    assert response.status_code == 400 and "usd_rate" in response.json()
    items = [{"description": f"Ransom {i}", "amount": RIEL_MAX} for i in range(10_000)]
    response = client.post(url, {"material": items, "victim": victim.pk}, format="json")
    assert response.status_code == 400, response.content
    assert not victim.worksheets.exists()


def test_the_claim_rule_names_a_total_past_the_bound():
    claim = compensation.Claim(
        material=(compensation.Item("Ransom", RIEL_MAX), compensation.Item("Fee", 1))
    )
    assert compensation.validate(claim) == [compensation.Problem.TOO_LARGE]
    assert compensation.validate(compensation.Claim(material=claim.material[:1])) == []


def test_a_year_of_birth_past_the_bound_is_refused(jw):
    case = jw.open_case()
    url = reverse("justice:suspect_new", args=[case.pk])
    form = {"kind": "natural", "role": "broker", "given_name": "Dara", "sex": "male"}
    form["relation_to_victim"] = "stranger"
    refused_at(login(jw.police).post(url, {**form, "birth_year": HUGE}), "birth_year")
    body = {"case": case.pk, "role": "broker", "given_name": "Dara", "birth_year": 40_000}
    response = api(jw.police).post("/api/v1/suspects/", body, format="json")
    assert response.status_code == 400 and "birth_year" in response.json()


def test_the_api_holds_reporting_intervals_to_the_pages_bound(jw):
    case, suspect, _charge = jw.charged_case()
    body = {
        "case": case.pk,
        "suspect": suspect.pk,
        "ordered_on": today(),
        "ordered_by": "Investigating judge Chea",
        "conditions": ["report"],
        "reporting_every_days": 366,
        "first_due_on": today(),
    }
    response = api(jw.prosecutor).post("/api/v1/supervisions/", body, format="json")
    assert response.status_code == 400 and "reporting_every_days" in response.json()


def test_a_worksheets_lines_read_their_sums_as_every_sum_field_does():
    """The worksheet's lines stripped every comma and dot, so "Phone: 1,5" was a claim of 15
    riel; they now read a sum as the other sum fields do (``core.rules.amounts``)."""
    from django import forms

    from rumdoh.justice.forms.orders import ItemsField

    field = ItemsField()
    assert field.clean("Recruitment fee: 2,400,000 ៛\nPhone: ៦០០ ០០០") == [
        {"description": "Recruitment fee", "amount": 2_400_000},
        {"description": "Phone", "amount": 600_000},
    ]
    with pytest.raises(forms.ValidationError):
        field.clean("Phone: 1,5")
