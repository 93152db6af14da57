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
from tests.conftest import make_person
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


# --- victims ------------------------------------------------------------------------------------


def test_participation_and_support_of_a_victim(jw, e):
    url = f"/api/v1/victims/{e.victim.pk}/"
    body = ok(api(jw.clerk).patch(url, {"support": ["lawyer", "interpreter"]}, format="json"))
    assert body["support"] == ["interpreter", "lawyer"] and body["participates"] is True
    e.victim.refresh_from_db()
    assert (e.victim.participates, e.victim.support) == (True, ["interpreter", "lawyer"])
    ok(api(jw.police).patch(url, {"support": ["interpreter", "lawyer"]}))  # a form post
    e.victim.refresh_from_db()
    assert e.victim.participates is True
    ok(api(jw.police).patch(url, {"participates": False}, format="json"))
    e.victim.refresh_from_db()
    assert (e.victim.participates, e.victim.support) == (False, ["interpreter", "lawyer"])
    ok(api(jw.prosecutor).patch(url, {"participates": "true"}))  # a form post, support left out
    e.victim.refresh_from_db()
    assert (e.victim.participates, e.victim.support) == (True, ["interpreter", "lawyer"])
    assert audited("criminal_case.victim_changed", person_id=jw.person.pk) == 4


def test_an_unknown_kind_of_support_saves_nothing(jw, e):
    response = api(jw.police).patch(
        f"/api/v1/victims/{e.victim.pk}/",
        {"participates": False, "support": ["lawyer", "money"]},
        format="json",
    )
    assert response.status_code == 400 and "support" in response.json()
    e.victim.refresh_from_db()
    assert (e.victim.participates, e.victim.support) == (True, [])
    assert audited("criminal_case.victim_changed") == 0


@pytest.mark.parametrize(("who", "status"), [("other_police", 404), ("owner", 403)])
def test_outsiders_and_followers_do_not_change_a_victim(jw, e, who, status):
    user = getattr(jw, who, None) or getattr(jw.world, who)
    victim = f"/api/v1/victims/{e.victim.pk}/"
    responses = [
        api(user).patch(victim, {"participates": False}, format="json"),
        api(user).post(f"{victim}non-punishment/", {"acts": "Illegal entry"}, format="json"),
        api(user).post(f"{victim}non-punishment/review/", {"decision": "applied"}, format="json"),
    ]
    assert [r.status_code for r in responses] == [status] * 3
    e.victim.refresh_from_db()
    assert (e.victim.participates, e.victim.non_punishment) == (True, "")


def test_a_victim_is_added_once_and_only_if_visible(jw, world):
    case = jw.open_case()
    url = f"/api/v1/criminal-cases/{case.pk}/victims/"
    police = api(jw.police)
    added = ok(
        police.post(url, {"person": jw.person.pk, "support": ["lawyer"]}, format="json"), 201
    )
    assert added["support"] == ["lawyer"] and case.victims.get().person_id == jw.person.pk
    again = police.post(url, {"person": jw.person.pk}, format="json")
    assert again.status_code == 400 and "already a victim" in again.json()["detail"]
    unseen = make_person(world.outsider, given_name="Dara")
    hidden = police.post(url, {"person": unseen.pk}, format="json")
    assert hidden.status_code == 400 and "person" in hidden.json()
    assert case.victims.count() == 1
    outsider = api(jw.other_police).post(url, {"person": jw.person.pk}, format="json")
    assert outsider.status_code == 404


# --- non-punishment -----------------------------------------------------------------------------


def test_a_victim_flagged_by_the_police_is_reviewed_by_the_prosecutor(jw, e):
    victim = f"/api/v1/victims/{e.victim.pk}/"
    asked = Notification.objects.filter(recipient=jw.prosecutor).count()
    body = ok(
        api(jw.police).post(
            f"{victim}non-punishment/",
            {"acts": "Illegal entry (Immigration Law art. 29)", "note": "Passport taken"},
            format="json",
        )
    )
    assert body["non_punishment"] == "review"
    e.victim.refresh_from_db()
    assert e.victim.non_punishment == "review"
    assert e.victim.non_punishment_acts == "Illegal entry (Immigration Law art. 29)"
    assert e.victim.non_punishment_note == "Passport taken"
    assert Notification.objects.filter(recipient=jw.prosecutor).count() == asked + 1
    assert audited("criminal_case.non_punishment_flagged", person_id=jw.person.pk) == 1

    police_review = api(jw.police).post(
        f"{victim}non-punishment/review/", {"decision": "applied"}, format="json"
    )
    assert police_review.status_code == 403
    e.victim.refresh_from_db()
    assert e.victim.non_punishment == "review"

    ok(api(jw.prosecutor).post(f"{victim}non-punishment/review/", {"decision": "applied"}))
    e.victim.refresh_from_db()
    assert e.victim.non_punishment == "applied"
    assert audited("criminal_case.non_punishment_reviewed", person_id=jw.person.pk) == 1
    twice = api(jw.prosecutor).post(
        f"{victim}non-punishment/review/", {"decision": "not_applied"}, format="json"
    )
    assert twice.status_code == 400 and "Nothing is waiting" in twice.json()["detail"]
    e.victim.refresh_from_db()
    assert e.victim.non_punishment == "applied"


def test_non_punishment_refuses_bad_input(jw, e):
    victim = f"/api/v1/victims/{e.victim.pk}/"
    blank = api(jw.police).post(f"{victim}non-punishment/", {"acts": "  "}, format="json")
    assert blank.status_code == 400 and "acts" in blank.json()
    e.victim.refresh_from_db()
    assert (e.victim.non_punishment, e.victim.non_punishment_acts) == ("", "")
    early = api(jw.prosecutor).post(
        f"{victim}non-punishment/review/", {"decision": "applied"}, format="json"
    )
    assert early.status_code == 400 and "Nothing is waiting" in early.json()["detail"]
    ok(api(jw.police).post(f"{victim}non-punishment/", {"acts": "Fraud"}, format="json"))
    wrong = api(jw.prosecutor).post(
        f"{victim}non-punishment/review/", {"decision": "review"}, format="json"
    )
    assert wrong.status_code == 400 and "decision" in wrong.json()
    e.victim.refresh_from_db()
    assert e.victim.non_punishment == "review"
    assert audited("criminal_case.non_punishment_reviewed") == 0
