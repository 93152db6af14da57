"""The justice API for what the pages already offer: hearings held or postponed, supervision
ended, a victim's participation and non-punishment review, joint-interview invitations, the facts
of a case, the internal notes and the prosecutor in charge.

Each endpoint answers as its page does: the right actor changes the record; a participant in
another role 403; an unrelated police unit 404; an agency following the victim (no role in the
criminal process) 403; bad input 400 with nothing saved."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from rumdoh.accounts.audit import AuditEvent
from rumdoh.accounts.rules.roles import Role
from rumdoh.justice import interviews
from rumdoh.justice.models import Hearing, Interview, JointInterviewInvitation
from rumdoh.notices.models import Notification
from tests.conftest import make_person, make_user
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
    data = {"status": "postponed", "scheduled_for": later.isoformat()}
    unexplained = api(jw.clerk).post(url, data, format="json")
    assert unexplained.status_code == 400 and "why" in unexplained.json()["detail"]
    body = ok(api(jw.clerk).post(url, {**data, "reason": "Interpreter absent"}, format="json"))
    # The postponed hearing stays on record with why; the new date is a new hearing.
    e.hearing.refresh_from_db()
    assert (e.hearing.status, e.hearing.postponement_reason) == ("postponed", "Interpreter absent")
    assert body["id"] == e.hearing.postponed_to_id != e.hearing.pk
    # The API answers in Phnom Penh time: after 17:00 UTC that is already the next day.
    assert body["status"] == "scheduled" and body["scheduled_for"].startswith(
        timezone.localtime(later).date().isoformat()
    )
    assert audited("hearing.postponed", object_id=str(e.hearing.pk)) == 1
    assert Notification.objects.filter(recipient=jw.world.owner).count() == told + 1
    again = api(jw.clerk).post(url, {"status": "held"}, format="json")
    assert again.status_code == 400  # the postponed one is done with
    # The hearing on the new date is on the calendar like any other: it is held once its day
    # has come.
    Hearing.objects.filter(pk=body["id"]).update(scheduled_for=timezone.now())
    ok(
        api(jw.clerk).post(
            f"/api/v1/hearings/{body['id']}/status/", {"status": "held"}, format="json"
        )
    )
    assert Hearing.objects.get(pk=body["id"]).status == "held"


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


def test_supervisions_listed_for_one_case_are_that_cases_only(jw, e):
    other = jw.open_case()
    client = api(jw.prosecutor)
    mine = ok(client.get("/api/v1/supervisions/", {"case": e.case.pk}))["results"]
    assert [row["id"] for row in mine] == [e.supervision.pk]
    assert ok(client.get("/api/v1/supervisions/", {"case": other.pk}))["results"] == []


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
    data = {"support": ["lawyer", "interpreter"], "version": e.victim.version}
    body = ok(api(jw.clerk).patch(url, data, format="json"))
    assert body["support"] == ["interpreter", "lawyer"] and body["participates"] is True
    e.victim.refresh_from_db()
    assert (e.victim.participates, e.victim.support) == (True, ["interpreter", "lawyer"])
    assert body["version"] == e.victim.version
    # a form post
    ok(
        api(jw.police).patch(
            url, {"support": ["interpreter", "lawyer"], "version": body["version"]}
        )
    )
    e.victim.refresh_from_db()
    assert e.victim.participates is True
    data = {"participates": False, "version": e.victim.version}
    ok(api(jw.police).patch(url, data, format="json"))
    e.victim.refresh_from_db()
    assert (e.victim.participates, e.victim.support) == (False, ["interpreter", "lawyer"])
    # a form post, support left out
    ok(api(jw.prosecutor).patch(url, {"participates": "true", "version": e.victim.version}))
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


# --- joint interviews ---------------------------------------------------------------------------


@pytest.fixture
def sent(jw, world):
    """A case sent to the prosecutor; the victim's case worker has interviewed her."""
    case, _victim = jw.case_with_victim()
    jw.send(case, jw.suspect(case))
    interviews.record_interview(
        world.owner, jw.person, interviewed_on=timezone.localdate(), purpose="case_management"
    )
    case.refresh_from_db()
    return case


def invitation_data(jw, world, case, **changes):
    data = {
        "person": jw.person.pk,
        "case": case.pk,
        "proposed_for": (timezone.localdate() + timedelta(days=4)).isoformat(),
        "purpose": "statement",
        "agencies": [world.owner_agency.pk, jw.prosecution_agency.pk],
    }
    data.update(changes)
    return data


def test_the_police_invite_and_the_prosecutor_answers_by_a_joint_interview(jw, world, sent):
    invited = ok(
        api(jw.police).post(
            "/api/v1/interview-invitations/", invitation_data(jw, world, sent), format="json"
        ),
        201,
    )
    invitation = JointInterviewInvitation.objects.get()
    assert (invitation.agency_id, invitation.case_id, invitation.status) == (
        jw.police_agency.pk,
        sent.pk,
        "open",
    )
    assert set(invitation.agencies.all()) == {world.owner_agency, jw.prosecution_agency}
    assert invited["status"] == "open"
    assert audited("interview.invitation_sent", person_id=jw.person.pk) == 1
    told = Notification.objects.filter(kind="justice.joint_interview")
    assert {"owner", "prosecutor"} <= set(told.values_list("recipient__username", flat=True))

    listed = ok(api(jw.prosecutor).get(f"/api/v1/interview-invitations/?person={jw.person.pk}"))
    assert [row["id"] for row in listed["results"]] == [invitation.pk]

    interview = ok(
        api(jw.prosecutor).post(
            "/api/v1/interviews/",
            {
                "person": jw.person.pk,
                "case": sent.pk,
                "interviewed_on": timezone.localdate().isoformat(),
                "purpose": "prosecution",
                "invitation": invitation.pk,
            },
            format="json",
        ),
        201,
    )
    assert interview["joint"] is True and interview["invitation"] == invitation.pk
    invitation.refresh_from_db()
    assert invitation.status == "held"
    held = Interview.objects.get(pk=interview["id"])
    assert held.agency_id == jw.prosecution_agency.pk
    assert jw.police_agency in set(held.with_agencies.all())


def test_an_invitation_names_only_agencies_working_with_the_person(jw, world, sent):
    url = "/api/v1/interview-invitations/"
    police = api(jw.police)
    stranger = police.post(
        url, invitation_data(jw, world, sent, agencies=[world.outsider_agency.pk]), format="json"
    )
    assert stranger.status_code == 400
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    late = police.post(url, invitation_data(jw, world, sent, proposed_for=past), format="json")
    assert late.status_code == 400 and "past" in late.json()["detail"]
    alone = police.post(
        url, invitation_data(jw, world, sent, agencies=[jw.police_agency.pk]), format="json"
    )
    assert alone.status_code == 400 and "other agency" in alone.json()["detail"]
    assert not JointInterviewInvitation.objects.exists()
    assert audited("interview.invitation_sent") == 0


def test_an_unrelated_agency_neither_invites_nor_sees_the_invitations(jw, world, sent):
    url = "/api/v1/interview-invitations/"
    ok(api(jw.police).post(url, invitation_data(jw, world, sent), format="json"), 201)
    hidden = api(world.outsider).post(url, invitation_data(jw, world, sent), format="json")
    assert hidden.status_code == 400 and "person" in hidden.json()
    assert ok(api(world.outsider).get(f"{url}?person={jw.person.pk}"))["results"] == []
    assert api(jw.police).get(url).status_code == 400  # the person must be named
    admin = make_user(Role.AGENCY_ADMIN, world.owner_agency, "owner.admin")
    assert api(admin).post(url, invitation_data(jw, world, sent), format="json").status_code == 403
    assert JointInterviewInvitation.objects.count() == 1


def test_only_an_invited_agency_answers_an_invitation(jw, world, sent):
    ok(
        api(jw.police).post(
            "/api/v1/interview-invitations/",
            invitation_data(jw, world, sent, agencies=[jw.prosecution_agency.pk]),
            format="json",
        ),
        201,
    )
    invitation = JointInterviewInvitation.objects.get()
    before = Interview.objects.count()
    response = api(world.owner).post(
        "/api/v1/interviews/",
        {
            "person": jw.person.pk,
            "interviewed_on": timezone.localdate().isoformat(),
            "purpose": "case_management",
            "invitation": invitation.pk,
        },
        format="json",
    )
    assert response.status_code == 400 and "invitation" in response.json()
    assert Interview.objects.count() == before
    invitation.refresh_from_db()
    assert invitation.status == "open"


# --- the case: facts, notes, prosecutor ---------------------------------------------------------


def test_the_police_correct_the_facts_of_their_case(jw):
    case = jw.open_case()
    colleague = make_user(Role.POLICE_INVESTIGATOR, jw.police_agency, "colleague")
    body = ok(
        api(jw.police).patch(
            f"/api/v1/criminal-cases/{case.pk}/",
            {
                "summary": "Held in a compound in Sihanoukville.",
                "exploitation_types": ["forced_labour", "forced_criminality"],
                "investigator": colleague.pk,
                "version": case.version,
            },
            format="json",
        )
    )
    assert body["investigator"] == colleague.pk
    case.refresh_from_db()
    assert case.summary == "Held in a compound in Sihanoukville."
    assert case.exploitation_types == ["forced_criminality", "forced_labour"]
    assert case.investigator_id == colleague.pk and case.origin == "referral"
    event = AuditEvent.objects.get(action="criminal_case.changed", object_id=str(case.pk))
    assert set(event.data["fields"]) == {"summary", "exploitation_types", "investigator"}


@pytest.mark.parametrize(
    "data",
    [
        {"exploitation_types": ["tourism"]},
        {"province": "99"},
        {"summary": "New summary", "investigator": "nobody"},
        {},
    ],
)
def test_bad_facts_save_nothing(jw, data):
    case = jw.open_case()
    response = api(jw.police).patch(f"/api/v1/criminal-cases/{case.pk}/", data, format="json")
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.summary.startswith("Recruited on Facebook")
    assert case.exploitation_types == ["forced_criminality"] and case.province == "01"
    assert audited("criminal_case.changed") == 0


def test_the_lead_investigator_works_at_the_unit_of_the_case(jw):
    case = jw.open_case()
    for user in (jw.other_police, jw.prosecutor, make_user(Role.SCREENER, jw.police_agency)):
        response = api(jw.police).patch(
            f"/api/v1/criminal-cases/{case.pk}/",
            {"investigator": user.pk, "version": case.version},
            format="json",
        )
        assert response.status_code == 400 and "investigator" in response.json()
    case.refresh_from_db()
    assert case.investigator_id == jw.police.pk


def test_only_the_police_unit_changes_the_facts(jw, e):
    url = f"/api/v1/criminal-cases/{e.case.pk}/"
    data = {"summary": "Changed", "version": e.case.version}
    assert api(jw.prosecutor).patch(url, data, format="json").status_code == 403
    assert api(jw.clerk).patch(url, data, format="json").status_code == 403
    assert api(jw.other_police).patch(url, data, format="json").status_code == 404
    assert api(jw.world.owner).patch(url, data, format="json").status_code == 403
    e.case.refresh_from_db()
    assert e.case.summary != "Changed"
    ok(api(jw.supervisor).patch(url, data, format="json"))
    e.case.refresh_from_db()
    assert e.case.summary == "Changed"


def test_internal_notes_are_for_the_prosecutor_and_the_court_only(jw, e):
    url = f"/api/v1/criminal-cases/{e.case.pk}/notes/"
    secret = "Defence lawyer asked for delay"
    read = ok(api(jw.clerk).get(url))
    assert read == {"court_notes": secret, "version": e.case.notes_version}
    assert audited("criminal_case.viewed", data__view="notes") == 1
    written = {"court_notes": "Witness may be intimidated", "version": read["version"]}
    body = ok(api(jw.prosecutor).put(url, written))
    assert body == {"court_notes": "Witness may be intimidated", "version": read["version"] + 1}
    e.case.refresh_from_db()
    assert e.case.court_notes == "Witness may be intimidated"
    for who, status in [("police", 403), ("supervisor", 403), ("other_police", 404)]:
        read = api(getattr(jw, who)).get(url)
        assert read.status_code == status and "Witness" not in read.content.decode()
        x = {"court_notes": "x", "version": body["version"]}
        write = api(getattr(jw, who)).put(url, x, format="json")
        assert write.status_code == status
    for follower in (jw.world.owner, jw.world.partner):
        read = api(follower).get(url)
        assert read.status_code == 403 and "Witness" not in read.content.decode()
        assert api(follower).put(url, x, format="json").status_code == 403
    assert api(jw.clerk).put(url, {}, format="json").status_code == 400
    e.case.refresh_from_db()
    assert e.case.court_notes == "Witness may be intimidated"


def test_the_prosecutors_office_assigns_its_prosecutor(jw, e):
    url = f"/api/v1/criminal-cases/{e.case.pk}/prosecutor/"
    colleague = make_user(Role.PROSECUTOR, jw.prosecution_agency, "deputy")
    body = ok(api(jw.prosecutor).post(url, {"prosecutor": colleague.pk}, format="json"))
    assert body["prosecutor"] == colleague.pk
    e.case.refresh_from_db()
    assert e.case.prosecutor_id == colleague.pk
    assert audited("criminal_case.prosecutor_assigned", object_id=str(e.case.pk)) == 1
    for user in (jw.clerk, make_user(Role.AGENCY_ADMIN, jw.prosecution_agency)):
        wrong = api(jw.prosecutor).post(url, {"prosecutor": user.pk}, format="json")
        assert wrong.status_code == 400 and "prosecutor" in wrong.json()
    assert api(jw.prosecutor).post(url, {}, format="json").status_code == 400
    for user, status in [(jw.police, 403), (jw.clerk, 403), (jw.other_police, 404)]:
        response = api(user).post(url, {"prosecutor": jw.prosecutor.pk}, format="json")
        assert response.status_code == status
    assert api(jw.world.owner).post(url, {"prosecutor": None}, format="json").status_code == 403
    e.case.refresh_from_db()
    assert e.case.prosecutor_id == colleague.pk
    ok(api(jw.prosecutor).post(url, {"prosecutor": None}, format="json"))
    e.case.refresh_from_db()
    assert e.case.prosecutor_id is None


# --- the schema ---------------------------------------------------------------------------------


def test_the_schema_documents_the_new_endpoints(tmp_path):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = out.read_text()
    for path in (
        "/api/v1/criminal-cases/{id}/",
        "/api/v1/criminal-cases/{id}/notes/",
        "/api/v1/criminal-cases/{id}/prosecutor/",
        "/api/v1/hearings/{id}/status/",
        "/api/v1/supervisions/{id}/end/",
        "/api/v1/victims/{id}/",
        "/api/v1/victims/{id}/non-punishment/",
        "/api/v1/victims/{id}/non-punishment/review/",
        "/api/v1/interview-invitations/",
    ):
        assert f"  {path}:" in schema, path
    assert "criminal_cases_partial_update" in schema and "NonPunishmentDecision" in schema


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("police", "/api/v1/criminal-cases/"),
        ("owner", "/api/v1/case-feedback/"),
        ("police", "/api/v1/interviews/"),
        ("prosecutor", "/api/v1/supervisions/"),
    ],
)
def test_api_lists_cost_the_same_for_one_case_or_four(jw, who, url):
    """No query per row: the class of each case, its outcomes, an interview's agencies and
    whether the reader takes part in a supervision's case come with the list."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = getattr(jw, who, None) or getattr(jw.world, who)

    def cost():
        with CaptureQueriesContext(connection) as seen:
            assert api(user).get(url).status_code == 200
        return len(seen)

    everything(jw)
    one = cost()
    for _ in range(3):
        everything(jw)
    assert cost() == one


def test_an_unknown_form_of_exploitation_is_refused_on_its_field(jw):
    data = {"origin": "report", "province": "01", "exploitation_types": ["made_up"]}
    response = api(jw.police).post("/api/v1/criminal-cases/", data, format="json")
    assert response.status_code == 400 and "exploitation_types" in response.json()
