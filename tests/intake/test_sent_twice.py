"""A tip sent twice is recorded once: a double click on "Save the tip", or a partner's system
retrying a call whose answer was slow, recorded two tips of one call, each counted among the
hotline's calls and each waiting for an outcome. The same user sending the very same tip again
within two minutes is taken to the tip the first sending recorded; another tip, the same words
from another user, or the same words a while later, is a tip of its own."""

from datetime import timedelta

from rest_framework.test import APIClient

from rumdoh.accounts.models import AuditEvent
from rumdoh.intake import services
from rumdoh.intake.models import Tip
from tests.conftest import login

FORM = {
    "channel": "ahjpd_hotline",
    "summary": "Two girls kept at a karaoke bar on Street 7",
    "concern": "sexual_exploitation",
    "urgency": "urgent",
    "province": "18",
    "place": "Golden Sands karaoke",
    "reporter_contact": "012 345 678",
}


def test_the_form_sent_twice_records_one_tip(tips):
    client = login(tips.operator)
    first = client.post("/tips/new/", FORM)
    second = client.post("/tips/new/", FORM)
    tip = Tip.objects.get()
    assert first.status_code == second.status_code == 302
    assert first.url == second.url == f"/tips/{tip.pk}/"
    assert AuditEvent.objects.filter(action="tip.recorded").count() == 1
    # Another tip is recorded, however soon after; so is the same one by another operator.
    client.post("/tips/new/", FORM | {"place": "Blue Moon karaoke"})
    assert Tip.objects.count() == 2
    services.record_tip(tips.supervisor, services.TipInput(**FORM))
    assert Tip.objects.count() == 3


def test_the_same_words_a_while_later_are_another_tip(tips):
    data = services.TipInput(**FORM)
    first = services.record_tip(tips.operator, data)
    Tip.objects.filter(pk=first.pk).update(recorded_at=first.recorded_at - timedelta(minutes=3))
    second = services.record_tip(tips.operator, services.TipInput(**FORM))
    assert second.pk != first.pk and Tip.objects.count() == 2


def test_a_partner_system_retrying_a_call_records_one_tip(tips):
    client = APIClient()
    client.force_authenticate(tips.operator, token="partner-token")
    body = FORM | {"channel": "partner_system", "external_reference": "CHL-2026-0042"}
    first = client.post("/api/v1/tips/", body, format="json")
    again = client.post("/api/v1/tips/", body, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"] == Tip.objects.get().pk


def test_a_public_report_sent_twice_is_one_report_with_one_code(tips, settings, client):
    """A double tap on the public form's button sent the report twice: two tips for the police,
    and the reporter shown the code of the second only."""
    import time

    from rumdoh.intake.forms import started_token

    settings.RUMDOH_PUBLIC_REPORT_AGENCY = tips.police_agency.name
    form = {
        "summary": "Five young men locked in a building; they are beaten if they do not work.",
        "province": "18",
        "started": started_token(time.time() - 30),
        "website": "",
    }
    first = client.post("/report/", form, follow=True)
    second = client.post("/report/", form, follow=True)
    tip = Tip.objects.get()
    assert tip.reference in first.content.decode() and tip.reference in second.content.decode()
    # Another report from the form handed out again is a report of its own.
    again = client.post("/report/", form | {"started": started_token(time.time() - 30)})
    assert again.status_code == 302 and Tip.objects.count() == 2
