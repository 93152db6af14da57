"""The justice API for what the pages already offer: hearings held or postponed, supervision
ended, a victim's participation and non-punishment review, joint-interview invitations, the facts
of a case, the internal notes and the prosecutor in charge.

Each endpoint answers as its page does: the right actor changes the record; a participant in
another role 403; an unrelated police unit 404; an agency following the victim (no role in the
criminal process) 403; bad input 400 with nothing saved."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from rumdoh.accounts.audit import AuditEvent
from rumdoh.notices.models import Notification
from tests.justice.scenario import everything

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user, token="token")
    return client


def ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


def audited(action: str, **filters) -> int:
    return AuditEvent.objects.filter(action=action, **filters).count()


@pytest.fixture
def e(jw):
    return everything(jw)


# --- hearings -----------------------------------------------------------------------------------


def test_the_court_postpones_a_hearing_and_the_victims_case_worker_is_told(jw, e):
    url = f"/api/v1/hearings/{e.hearing.pk}/status/"
    later = (timezone.now() + timedelta(days=30)).replace(microsecond=0)
    told = Notification.objects.filter(recipient=jw.world.owner).count()
    body = ok(
        api(jw.clerk).post(
            url, {"status": "postponed", "scheduled_for": later.isoformat()}, format="json"
        )
    )
    e.hearing.refresh_from_db()
    assert (e.hearing.status, e.hearing.scheduled_for) == ("scheduled", later)
    assert body["status"] == "scheduled"
    assert audited("hearing.updated", object_id=str(e.hearing.pk)) == 1
    assert Notification.objects.filter(recipient=jw.world.owner).count() == told + 1
    ok(api(jw.clerk).post(url, {"status": "held"}, format="json"))
    e.hearing.refresh_from_db()
    assert e.hearing.status == "held"


def test_a_postponed_hearing_needs_its_new_date(jw, e):
    url = f"/api/v1/hearings/{e.hearing.pk}/status/"
    before = e.hearing.scheduled_for
    missing = api(jw.clerk).post(url, {"status": "postponed"}, format="json")
    assert missing.status_code == 400 and "new date" in missing.json()["detail"]
    unknown = api(jw.clerk).post(url, {"status": "cancelled"}, format="json")
    assert unknown.status_code == 400 and "status" in unknown.json()
    e.hearing.refresh_from_db()
    assert (e.hearing.status, e.hearing.scheduled_for) == ("scheduled", before)
    assert audited("hearing.updated") == 0


@pytest.mark.parametrize(("who", "status"), [("prosecutor", 403), ("other_police", 404)])
def test_only_the_court_updates_a_hearing(jw, e, who, status):
    response = api(getattr(jw, who)).post(
        f"/api/v1/hearings/{e.hearing.pk}/status/", {"status": "held"}, format="json"
    )
    assert response.status_code == status
    e.hearing.refresh_from_db()
    assert e.hearing.status == "scheduled"


def test_a_follower_cannot_update_a_hearing(jw, e):
    response = api(jw.world.owner).post(
        f"/api/v1/hearings/{e.hearing.pk}/status/", {"status": "held"}, format="json"
    )
    assert response.status_code == 403
    e.hearing.refresh_from_db()
    assert e.hearing.status == "scheduled"


# --- supervision --------------------------------------------------------------------------------


def test_the_prosecutor_ends_supervision_once(jw, e):
    url = f"/api/v1/supervisions/{e.supervision.pk}/end/"
    body = ok(api(jw.prosecutor).post(url))
    assert (body["status"], body["next_due_on"]) == ("ended", None)
    e.supervision.refresh_from_db()
    assert (e.supervision.status, e.supervision.next_due_on) == ("ended", None)
    assert audited("supervision.ended", object_id=str(e.supervision.pk)) == 1
    again = api(jw.clerk).post(url)
    assert again.status_code == 400 and "no longer active" in again.json()["detail"]
    assert audited("supervision.ended") == 1


@pytest.mark.parametrize(("who", "status"), [("police", 403), ("other_police", 404)])
def test_only_the_prosecutor_or_the_court_ends_supervision(jw, e, who, status):
    response = api(getattr(jw, who)).post(f"/api/v1/supervisions/{e.supervision.pk}/end/")
    assert response.status_code == status
    e.supervision.refresh_from_db()
    assert e.supervision.status == "active" and e.supervision.next_due_on is not None


def test_a_follower_cannot_end_supervision(jw, e):
    response = api(jw.world.owner).post(f"/api/v1/supervisions/{e.supervision.pk}/end/")
    assert response.status_code == 403
    e.supervision.refresh_from_db()
    assert e.supervision.status == "active"
