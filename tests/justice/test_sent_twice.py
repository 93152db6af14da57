"""A court form sent twice (a double click, or sent again after a slow answer) records once:
a settlement counted twice in the attrition figures, a hearing shown twice on the calendar, an
order owed twice or a payment paid down twice would be wrong for everyone who reads them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rumdoh.justice import orders
from rumdoh.justice.models import CompensationOrder, Hearing, Payment, Settlement
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_a_settlement_sent_twice_is_recorded_once(jw):
    case, victim = jw.case_with_victim()
    suspect = jw.suspect(case)
    url = reverse("justice:settlement_new", args=[case.pk])
    data = {
        "kind": "withdrawal",
        "proposed_by": "victim",
        "agreed_on": timezone.localdate().isoformat(),
        "victim": victim.pk,
        "suspect": suspect.pk,
        "note": "Complaint withdrawn at the police post",
    }
    client = login(jw.police)
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Settlement.objects.count() == 1
    # Another settlement of the same case, proposed by someone else, is recorded.
    assert client.post(url, {**data, "proposed_by": "police"}).status_code == 302
    assert Settlement.objects.count() == 2


def test_a_hearing_sent_twice_is_scheduled_once(jw):
    case, _suspect, _charge = jw.at_trial()
    when = (timezone.localtime() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    url = reverse("justice:hearing_new", args=[case.pk])
    client = login(jw.clerk)
    for _ in range(2):
        response = client.post(url, {"kind": "trial", "scheduled_for": when, "room": "2"})
        assert response.status_code == 302
    assert Hearing.objects.filter(case=case).count() == 1


def test_an_order_and_a_payment_sent_twice_are_recorded_once(jw):
    case, suspect, _charge = jw.convicted()
    victim = case.victims.get()
    today = timezone.localdate()
    client = login(jw.clerk)
    order_data = {
        "victim": victim.pk,
        "defendant": suspect.pk,
        "amount_riel": "10000000",
        "ordered_on": today.isoformat(),
        "due_on": (today + timedelta(days=30)).isoformat(),
    }
    url = reverse("justice:order_new", args=[case.pk])
    assert client.post(url, order_data).status_code == 302
    assert client.post(url, order_data).status_code == 302
    order = CompensationOrder.objects.get()
    pay = reverse("justice:payment_new", args=[order.pk])
    payment = {"paid_on": today.isoformat(), "amount_riel": "4000000", "method": "cash"}
    assert client.post(pay, payment).status_code == 302
    assert client.post(pay, payment).status_code == 302
    order.refresh_from_db()
    assert (Payment.objects.count(), order.paid_riel, order.outstanding_riel) == (
        1,
        4_000_000,
        6_000_000,
    )
    # A second instalment with another note is a payment of its own.
    orders.record_payment(
        jw.clerk, order, paid_on=today, amount_riel=4_000_000, method="cash", note="second"
    )
    order.refresh_from_db()
    assert order.paid_riel == 8_000_000


def test_a_suspect_sent_twice_is_added_once(jw):
    case, _victim = jw.case_with_victim()
    url = reverse("justice:suspect_new", args=[case.pk])
    data = {
        "kind": "natural",
        "family_name": "Keo",
        "given_name": "Dara",
        "sex": "male",
        "birth_year": "1980",
        "nationality": "KH",
        "role": "recruiter",
        "relation_to_victim": "stranger",
    }
    client = login(jw.police)
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert first.url == second.url  # the second sending shows the suspect the first added
    assert case.suspects.count() == 1
    # Another person of the same description, by another name, is a suspect of their own.
    assert client.post(url, {**data, "given_name": "Sokha"}).status_code == 302
    assert case.suspects.count() == 2
