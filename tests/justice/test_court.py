"""Hearings, verdicts per defendant and charge, sentences, retrial, settlements."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rumdoh.core.errors import NotAllowed, Refused
from rumdoh.justice import court, custody, services
from rumdoh.justice.models import Settlement, Verdict
from rumdoh.notices.models import Notification
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_scheduling_a_hearing_tells_the_victims_case_worker(jw, world):
    case, _suspect, _charge = jw.at_trial()
    when = (timezone.localtime() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    url = reverse("justice:hearing_new", args=[case.pk])
    response = login(jw.clerk).post(url, {"kind": "trial", "scheduled_for": when, "room": "2"})
    assert response.status_code == 302
    sent = Notification.objects.filter(kind="justice.hearing_scheduled")
    assert set(sent.values_list("recipient__username", flat=True)) >= {
        "owner",
        "police",
        "prosecutor",
    }
    assert (
        login(world.owner).get(reverse("justice:home")).content.decode().count(case.reference) >= 1
    )


def test_the_case_worker_follows_the_hearing_on_the_feedback_page(jw, world):
    case, _suspect, _charge = jw.at_trial()
    court.schedule_hearing(
        jw.clerk,
        case,
        kind="trial",
        scheduled_for=timezone.now() + timedelta(days=3),
        note="secret",
    )
    body = login(world.owner).get(reverse("justice:case_detail", args=[case.pk])).content.decode()
    assert "Trial hearing" in body and "secret" not in body


def test_a_postponed_hearing_stays_on_the_case_with_why(jw, world):
    case, _suspect, _charge = jw.at_trial()
    first = court.schedule_hearing(
        jw.clerk, case, kind="trial", scheduled_for=timezone.now() + timedelta(days=3)
    )
    url = reverse("justice:hearing_update", args=[first.pk])
    later = timezone.localtime() + timedelta(days=40)
    data = {"status": "postponed", "scheduled_for": later.strftime("%Y-%m-%dT%H:%M")}
    refused = login(jw.clerk).post(url, data)
    assert "Say why the hearing was postponed." in refused.content.decode()
    assert login(jw.clerk).post(url, {**data, "reason": "Defence lawyer absent"}).status_code == 302
    first.refresh_from_db()
    assert first.status == "postponed" and first.postponed_to is not None
    assert case.hearings.count() == 2
    page = login(jw.clerk).get(reverse("justice:case_detail", args=[case.pk])).content.decode()
    assert "Defence lawyer absent" in page
    assert reverse("justice:hearing_update", args=[first.pk]) not in page
    assert reverse("justice:hearing_update", args=[first.postponed_to.pk]) in page


def test_the_update_form_asks_what_became_of_the_hearing(jw):
    case, _suspect, _charge = jw.at_trial()
    hearing = court.schedule_hearing(
        jw.clerk, case, kind="trial", scheduled_for=timezone.now() - timedelta(hours=1)
    )
    url = reverse("justice:hearing_update", args=[hearing.pk])
    page = login(jw.clerk).get(url).content.decode()
    assert 'value="scheduled"' not in page and 'value="held"' in page
    left = login(jw.clerk).post(url, {"status": "scheduled"})
    assert left.status_code == 200 and "Select a valid choice" in left.content.decode()


def test_a_hearing_is_not_moved_without_a_postponement(jw):
    case, _suspect, _charge = jw.at_trial()
    when = timezone.now() + timedelta(days=3)
    hearing = court.schedule_hearing(jw.clerk, case, kind="trial", scheduled_for=when)
    later = timezone.now() + timedelta(days=30)
    for status in ("held", "scheduled"):
        with pytest.raises(Refused, match="postponed"):
            court.update_hearing(jw.clerk, hearing, status=status, scheduled_for=later)
    hearing.refresh_from_db()
    assert (hearing.status, hearing.scheduled_for) == ("scheduled", when)


def test_the_hearing_form_offers_the_kind_the_stage_calls_for(jw):
    case, _suspect, _charge = jw.at_trial()
    page = login(jw.clerk).get(reverse("justice:hearing_new", args=[case.pk])).content.decode()
    assert '<option value="trial" selected>' in page


def test_a_hearing_is_not_held_before_its_date(jw):
    case, _suspect, _charge = jw.at_trial()
    coming = court.schedule_hearing(
        jw.clerk, case, kind="trial", scheduled_for=timezone.now() + timedelta(days=2)
    )
    url = reverse("justice:hearing_update", args=[coming.pk])
    refused = login(jw.clerk).post(url, {"status": "held"})
    assert "cannot be recorded as held before its date" in refused.content.decode()
    coming.refresh_from_db()
    assert coming.status == "scheduled"
    past = court.schedule_hearing(
        jw.clerk, case, kind="trial", scheduled_for=timezone.now() - timedelta(hours=2)
    )
    assert court.update_hearing(jw.clerk, past, status="held").status == "held"


def test_a_verdict_per_defendant_and_charge_with_its_sentence(jw, world):
    case, suspect, charge = jw.at_trial()
    url = reverse("justice:verdict_new", args=[case.pk])
    data = {
        "charge": charge.pk,
        "outcome": "convicted",
        "instance": "first_instance",
        "decided_on": timezone.localdate().isoformat(),
        "prison_months": "120",
        "suspended_months": "24",
        "fine_riel": "10000000",
    }
    assert login(jw.clerk).post(url, data).status_code == 302
    verdict = Verdict.objects.get()
    assert (verdict.charge.suspect, verdict.prison_months, verdict.suspended_months) == (
        suspect,
        120,
        24,
    )
    assert Notification.objects.filter(recipient=world.owner, kind="justice.verdict").exists()
    body = login(world.partner).get(reverse("justice:case_detail", args=[case.pk])).content.decode()
    assert "Convicted (present)" in body and "120 months in prison" in body


def test_the_same_verdict_is_not_recorded_twice(jw):
    case, _suspect, charge = jw.at_trial()
    url = reverse("justice:verdict_new", args=[case.pk])
    data = {
        "charge": charge.pk,
        "outcome": "convicted",
        "instance": "first_instance",
        "decided_on": timezone.localdate().isoformat(),
        "prison_months": "120",
    }
    assert login(jw.clerk).post(url, data).status_code == 302
    again = login(jw.clerk).post(url, data)
    assert "already recorded" in again.content.decode()
    assert Verdict.objects.count() == 1
    # On appeal the same charge is judged again.
    court.record_verdict(
        jw.clerk,
        case,
        charge,
        outcome="acquitted",
        instance="appeal",
        decided_on=timezone.localdate(),
    )
    assert Verdict.objects.count() == 2


def test_sentence_problems_are_shown_on_the_form(jw):
    case, _suspect, charge = jw.at_trial()
    url = reverse("justice:verdict_new", args=[case.pk])
    base = {
        "charge": charge.pk,
        "instance": "first_instance",
        "decided_on": timezone.localdate().isoformat(),
    }
    longer = login(jw.clerk).post(
        url, {**base, "outcome": "convicted", "prison_months": "12", "suspended_months": "24"}
    )
    assert "cannot be longer than the prison term" in longer.content.decode()
    acquitted = login(jw.clerk).post(url, {**base, "outcome": "acquitted", "prison_months": "12"})
    assert "Only a conviction carries a sentence." in acquitted.content.decode()
    assert not Verdict.objects.exists()


def test_verdicts_are_for_the_court_and_only_on_prosecuted_charges(jw):
    case, _suspect, charge = jw.at_trial()
    with pytest.raises(NotAllowed):
        court.record_verdict(
            jw.prosecutor, case, charge, outcome="convicted", decided_on=timezone.localdate()
        )
    recommended = case.charges.get(level="recommended")
    with pytest.raises(Refused):
        court.record_verdict(
            jw.clerk, case, recommended, outcome="convicted", decided_on=timezone.localdate()
        )


def test_in_absentia_then_arrest_then_retrial(jw):
    case, suspect, charge = jw.convicted(outcome="convicted_in_absentia")
    suspect.refresh_from_db()
    assert suspect.status == "absconded"
    services.change_stage(jw.clerk, case, "final", closure="judgment_final")
    case.refresh_from_db()
    with pytest.raises(Refused):
        services.change_stage(
            jw.clerk, case, "trial", reason="retrial", responsible_agency=jw.court_agency
        )
    custody.record_arrest(jw.police, case, suspect, arrested_at=timezone.now())
    services.change_stage(
        jw.clerk, case, "trial", reason="Arrested in Poipet", responsible_agency=jw.court_agency
    )
    first = Verdict.objects.get()
    with pytest.raises(Refused):
        court.record_verdict(
            jw.clerk,
            case,
            charge,
            outcome="convicted",
            decided_on=timezone.localdate(),
            instance="retrial",
        )
    retrial = court.record_verdict(
        jw.clerk,
        case,
        charge,
        outcome="convicted",
        decided_on=timezone.localdate(),
        instance="retrial",
        retrial_of=first,
        prison_months=60,
    )
    assert services.outcome_of(case)[charge.pk] == retrial
    assert services.arrested_absconders(case) == []


def test_settlements_and_withdrawals_record_who_proposed_and_how_much(jw):
    case, victim = jw.case_with_victim()
    suspect = jw.suspect(case)
    url = reverse("justice:settlement_new", args=[case.pk])
    data = {
        "kind": "settlement",
        "proposed_by": "defendant_family",
        "agreed_on": timezone.localdate().isoformat(),
        "victim": victim.pk,
        "suspect": suspect.pk,
    }
    response = login(jw.police).post(url, data)
    assert "Give the amount agreed" in response.content.decode()
    assert login(jw.police).post(url, {**data, "amount_riel": "4000000"}).status_code == 302
    settlement = Settlement.objects.get()
    assert (settlement.proposed_by, settlement.amount_riel) == ("defendant_family", 4_000_000)
    services.change_stage(jw.police, case, "final", closure="settled", reason="Family accepted")
    case.refresh_from_db()
    assert case.closure == "settled"


def test_the_case_pages_choices_name_records_in_the_readers_language(jw):
    from rumdoh.justice.rules import offences

    case, suspect, _charge = jw.convicted()
    client = login(jw.clerk)
    client.cookies["django_language"] = "km"
    page = client.get(reverse("justice:case_detail", args=[case.pk])).content.decode()
    assert "convicted on charge" not in page and "worksheet " not in page
    khmer = offences.get("LSHTSE-12").label("km")
    assert f"{suspect.reference} {suspect.display_name} · {khmer}" in page  # the verdict


def test_a_settlement_cannot_be_dated_before_the_case_was_opened(jw):
    case, victim = jw.case_with_victim()
    opened = case.opened_on
    url = reverse("justice:settlement_new", args=[case.pk])
    data = {
        "kind": "withdrawal",
        "proposed_by": "victim",
        "agreed_on": "2008-01-01",
        "victim": victim.pk,
    }
    response = login(jw.police).post(url, data)
    assert response.status_code == 200
    assert (
        "A settlement or a withdrawal cannot be dated before the case was opened, on "
        f"{opened:%Y-%m-%d}." in response.content.decode()
    )
    assert not Settlement.objects.exists()  # it would count as attrition in 2008
    client = login(jw.police)
    client.cookies["django_language"] = "km"
    refused = client.post(url, data).content.decode()
    assert "មុនថ្ងៃបើកសំណុំរឿង" in refused
    assert (
        login(jw.police).post(url, {**data, "agreed_on": f"{opened:%Y-%m-%d}"}).status_code == 302
    )
