"""Compensation: worksheets from the calculator, orders, payments, enforcement, overdue orders."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from rumdoh.core.errors import NotAllowed, Refused
from rumdoh.justice import alerts, orders
from rumdoh.justice.models import CompensationOrder, CompensationWorksheet
from rumdoh.notices.models import Notification
from tests.conftest import login

pytestmark = pytest.mark.django_db

CLAIM = {
    "wage_currency": "USD",
    "usd_rate": "4100",
    "promised_monthly_wage": "800",
    "months_worked": "3",
    "wages_received": "0",
    "material": "Recruitment fee: 2,400,000\nPhone taken by the guards: 600000",
    "medical": "Clinic in Sihanoukville: 350000",
    "emotional_severity": "serious",
    "emotional_amount": "8000000",
    "emotional_basis": "Beaten and threatened for four months",
}


def test_the_standalone_calculator_prints_a_worksheet_without_saving(jw, world):
    url = reverse("justice:calculator")
    page = login(world.owner).post(url, CLAIM)
    body = page.content.decode()
    assert page.status_code == 200
    assert "9,840,000" in body  # 800 x 3 x 4,100
    assert "Recruitment fee: 2,400,000 riel." in body
    assert "21,190,000" in body  # 9,840,000 + 3,000,000 + 350,000 + 8,000,000
    assert not CompensationWorksheet.objects.exists()


def test_calculator_errors_are_clear(jw):
    response = login(jw.prosecutor).post(
        reverse("justice:calculator"), {**CLAIM, "material": "fee 2000", "emotional_basis": ""}
    )
    body = response.content.decode()
    assert "as: what it was, a colon, the amount in riel" in body
    bad = login(jw.prosecutor).post(reverse("justice:calculator"), {**CLAIM, "emotional_basis": ""})
    assert "Give the grounds for the emotional damage claimed." in bad.content.decode()


def test_a_worksheet_saved_for_a_victim_prints_and_feeds_the_order(jw):
    case, suspect, _charge = jw.convicted()
    victim = case.victims.get()
    url = reverse("justice:victim_calculator", args=[victim.pk])
    response = login(jw.prosecutor).post(url, CLAIM)
    worksheet = CompensationWorksheet.objects.get()
    assert response.url == reverse("justice:worksheet", args=[worksheet.pk])
    assert worksheet.total_riel == 21_190_000
    printed = login(jw.prosecutor).get(response.url).content.decode()
    assert victim.person.reference in printed and "data-print" in printed and "print.js" in printed
    order = orders.record_order(
        jw.clerk,
        case,
        victim=victim,
        defendant=suspect,
        amount_riel=worksheet.total_riel,
        ordered_on=timezone.localdate(),
        due_on=timezone.localdate() + timedelta(days=60),
        worksheet=worksheet,
    )
    assert order.worksheet == worksheet


def test_an_order_is_paid_down_and_everyone_following_hears_of_it(jw, world):
    case, suspect, _charge = jw.convicted()
    victim = case.victims.get()
    url = reverse("justice:order_new", args=[case.pk])
    today = timezone.localdate()
    data = {
        "victim": victim.pk,
        "defendant": suspect.pk,
        "amount_riel": "10000000",
        "ordered_on": today.isoformat(),
        "due_on": (today + timedelta(days=30)).isoformat(),
    }
    assert login(jw.clerk).post(url, data).status_code == 302
    order = CompensationOrder.objects.get()
    assert Notification.objects.filter(
        recipient=world.owner, kind="justice.compensation_ordered"
    ).exists()
    pay = reverse("justice:payment_new", args=[order.pk])
    too_much = login(jw.clerk).post(
        pay, {"paid_on": today.isoformat(), "amount_riel": "12000000", "method": "cash"}
    )
    assert "more than the 10,000,000 riel still owed" in too_much.content.decode()
    login(jw.clerk).post(
        pay, {"paid_on": today.isoformat(), "amount_riel": "4000000", "method": "court"}
    )
    order.refresh_from_db()
    assert (order.paid_riel, order.outstanding_riel) == (4_000_000, 6_000_000)
    body = login(world.owner).get(reverse("justice:case_detail", args=[case.pk])).content.decode()
    assert "6,000,000" in body
    orders.record_payment(jw.prosecutor, order, paid_on=today, amount_riel=6_000_000, method="bank")
    assert Notification.objects.filter(
        recipient=world.owner, kind="justice.compensation_paid"
    ).exists()


def test_only_the_court_records_an_order(jw):
    case, suspect, _charge = jw.convicted()
    with pytest.raises(NotAllowed):
        orders.record_order(
            jw.prosecutor,
            case,
            victim=case.victims.get(),
            defendant=suspect,
            amount_riel=1,
            ordered_on=timezone.localdate(),
            due_on=timezone.localdate(),
        )


def test_an_order_must_rest_on_a_conviction_of_that_defendant(jw):
    case, suspect, charge = jw.at_trial()
    from rumdoh.justice import court

    acquittal = court.record_verdict(
        jw.clerk, case, charge, outcome="acquitted", decided_on=timezone.localdate()
    )
    with pytest.raises(Refused):
        orders.record_order(
            jw.clerk,
            case,
            victim=case.victims.get(),
            defendant=suspect,
            amount_riel=1_000_000,
            ordered_on=timezone.localdate(),
            due_on=timezone.localdate(),
            verdict=acquittal,
        )


def _overdue_order(jw):
    case, suspect, _charge = jw.convicted()
    today = timezone.localdate()
    order = orders.record_order(
        jw.clerk,
        case,
        victim=case.victims.get(),
        defendant=suspect,
        amount_riel=5_000_000,
        ordered_on=today - timedelta(days=100),
        due_on=today - timedelta(days=10),
    )
    return case, order


def test_overdue_orders_show_on_the_prosecutors_and_case_workers_pages(jw, world):
    _case, order = _overdue_order(jw)
    for who in (jw.prosecutor, world.owner, jw.clerk):
        body = login(who).get(reverse("justice:home")).content.decode()
        assert order.reference in body and "overdue 10 days" in body
    for who in (world.outsider, jw.other_police):
        assert order.reference not in login(who).get(reverse("justice:home")).content.decode()


def test_overdue_orders_alert_the_prosecutor_and_the_case_worker_once(jw, world):
    _case, _order = _overdue_order(jw)
    assert alerts.raise_due_alerts()["orders"] == 1
    assert alerts.raise_due_alerts()["orders"] == 0
    for who in (jw.prosecutor, world.owner):
        assert Notification.objects.filter(
            recipient=who, kind="justice.compensation_overdue"
        ).exists()


def test_enforcement_steps_are_recorded_on_the_order(jw):
    _case, order = _overdue_order(jw)
    url = reverse("justice:enforcement_new", args=[order.pk])
    data = {
        "taken_on": timezone.localdate().isoformat(),
        "kind": "physical_force",
        "note": "Request to the court",
    }
    assert login(jw.prosecutor).post(url, data).status_code == 302
    page = (
        login(jw.prosecutor).get(reverse("justice:order_detail", args=[order.pk])).content.decode()
    )
    assert "Imprisonment for non-payment" in page


def test_the_worksheet_prints_as_a_pdf_with_khmer_text(jw):
    import re
    import zlib

    from rumdoh.justice.rules.compensation import Claim, Item

    case, _suspect, _charge = jw.convicted()
    victim = case.victims.get()
    worksheet = orders.save_worksheet(
        jw.prosecutor, victim, Claim(material=(Item("ថ្លៃជ្រើសរើស (recruitment fee)", 1_000_000),))
    )
    response = login(jw.prosecutor).get(reverse("justice:worksheet_pdf", args=[worksheet.pk]))
    assert response["Content-Type"] == "application/pdf"
    data = response.content
    assert data.startswith(b"%PDF")
    streams = b"".join(
        zlib.decompress(data[m.end() : data.find(b"endstream", m.end())])
        for m in re.finditer(rb"stream\r?\n", data)
        if data[m.end() : m.end() + 2] == b"x\xda" or data[m.end() : m.end() + 2] == b"x\x9c"
    )
    assert b"Khmer" in streams
    assert (
        login(jw.other_police)
        .get(reverse("justice:worksheet_pdf", args=[worksheet.pk]))
        .status_code
        == 404
    )


def test_an_order_follows_its_verdict_and_enforcement_follows_the_order(jw):
    case, suspect, _charge = jw.convicted()
    verdict = case.verdicts.get()
    today = timezone.localdate()
    url = reverse("justice:order_new", args=[case.pk])
    client = login(jw.clerk)
    client.cookies["django_language"] = "km"
    sent = {
        "victim": case.victims.get().pk,
        "defendant": suspect.pk,
        "amount_riel": "2000000",
        "ordered_on": (today - timedelta(days=1)).isoformat(),
        "due_on": (today + timedelta(days=60)).isoformat(),
        "verdict": verdict.pk,
    }
    body = client.post(url, sent).content.decode()
    assert "ដីកាមិនអាចចុះកាលបរិច្ឆេទមុនសាលក្រម" in body and 'id="id_ordered_on_error"' in body
    assert not CompensationOrder.objects.exists()
    _case, order = _overdue_order(jw)
    with translation.override("en"), pytest.raises(Refused, match="dated before the order"):
        orders.record_enforcement(
            jw.prosecutor,
            order,
            taken_on=order.ordered_on - timedelta(days=1),
            kind="physical_force",
        )


def test_an_order_due_in_a_mistyped_year_is_refused(jw):
    """An order due in 9999 would never fall overdue: nobody would be told it is unpaid."""
    case, suspect, _charge = jw.convicted()
    victim = case.victims.get()
    today = timezone.localdate()
    url = reverse("justice:order_new", args=[case.pk])
    data = {
        "victim": victim.pk,
        "defendant": suspect.pk,
        "amount_riel": "10000000",
        "ordered_on": today.isoformat(),
        "due_on": "9999-12-31",
    }
    page = login(jw.clerk).post(url, data)
    assert page.status_code == 200
    assert "check the year" in page.content.decode()
    with pytest.raises(Refused):
        orders.record_order(
            jw.clerk,
            case,
            victim=victim,
            defendant=suspect,
            amount_riel=1_000_000,
            ordered_on=today,
            due_on=today.replace(year=9999),
        )
    assert not CompensationOrder.objects.exists()
    # Due when the defendant leaves prison, after a long sentence: accepted.
    later = today.replace(year=today.year + 20).isoformat()
    assert login(jw.clerk).post(url, {**data, "due_on": later}).status_code == 302


def test_a_clerk_types_sums_as_people_write_them(jw):
    """A number box dropped "10,000,000" as if nothing had been typed ("This field is
    required"): a sum is read with its separators, in Khmer digits too, and one that could be
    read two ways is refused, the text typed kept."""
    case, suspect, _charge = jw.convicted()
    victim = case.victims.get()
    url = reverse("justice:order_new", args=[case.pk])
    today = timezone.localdate()
    data = {
        "victim": victim.pk,
        "defendant": suspect.pk,
        "amount_riel": "10,000,000 ៛",
        "ordered_on": today.isoformat(),
        "due_on": (today + timedelta(days=30)).isoformat(),
    }
    page = login(jw.clerk).get(url).content.decode()
    assert 'name="amount_riel"' in page and 'inputmode="numeric"' in page
    assert login(jw.clerk).post(url, data).status_code == 302
    order = CompensationOrder.objects.get()
    assert order.amount_riel == 10_000_000
    pay = reverse("justice:payment_new", args=[order.pk])
    refused = login(jw.clerk).post(
        pay, {"paid_on": today.isoformat(), "amount_riel": "4,00,000", "method": "cash"}
    )
    assert refused.status_code == 200 and 'value="4,00,000"' in refused.content.decode()
    login(jw.clerk).post(
        pay, {"paid_on": today.isoformat(), "amount_riel": "៤ ០០០ ០០០", "method": "cash"}
    )
    order.refresh_from_db()
    assert order.paid_riel == 4_000_000
