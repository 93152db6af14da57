"""Victims in the process: linking within consent, participation and support, non-punishment,
interviews counted and joint interviews proposed, and feedback only within consent."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rumdoh.core.errors import Refused
from rumdoh.justice import interviews, services
from rumdoh.justice.models import Interview, JointInterviewInvitation
from rumdoh.notices.models import Notification
from rumdoh.people.models import Consent
from rumdoh.people.services import withdraw_consent
from tests.conftest import login, make_person

pytestmark = pytest.mark.django_db


def test_police_link_only_victims_their_unit_may_see(jw, world):
    case = jw.open_case()
    url = reverse("justice:victim_add", args=[case.pk])
    assert (
        login(jw.police)
        .post(url, {"person": jw.person.reference, "participates": "on"})
        .status_code
        == 302
    )
    victim = case.victims.get()
    assert victim.participates and victim.protection_case == jw.protection_case
    hidden = make_person(world.outsider, given_name="Dara")
    response = login(jw.police).post(url, {"person": hidden.reference})
    assert "No person with that number is visible to your agency." in response.content.decode()
    assert login(jw.police).post(url, {"person": "nonsense"}).status_code == 200
    with pytest.raises(Refused):
        services.add_victim(jw.police, case, jw.person)


def test_participation_and_support_are_recorded(jw):
    case, victim = jw.case_with_victim()
    url = reverse("justice:victim_edit", args=[victim.pk])
    data = {
        "participates": "on",
        "support": ["lawyer", "interpreter", "remote_testimony"],
        "version": victim.version,
    }
    assert (
        login(jw.prosecutor if case.prosecution_agency else jw.police).post(url, data).status_code
        == 302
    )
    victim.refresh_from_db()
    assert victim.support == ["interpreter", "lawyer", "remote_testimony"]


def test_non_punishment_flag_reaches_the_prosecutor(jw):
    case, _suspect, _charge = jw.charged_case()
    victim = case.victims.get()
    url = reverse("justice:non_punishment", args=[victim.pk])
    data = {"acts": "Illegal entry (Immigration Law art. 29)", "note": "Taken across at night"}
    assert login(jw.police).post(url, data).status_code == 302
    assert Notification.objects.filter(
        recipient=jw.prosecutor, kind="justice.non_punishment"
    ).exists()
    due = login(jw.prosecutor).get(reverse("justice:home")).content.decode()
    assert "Illegal entry (Immigration Law art. 29)" in due
    page = login(jw.prosecutor).get(reverse("justice:case_detail", args=[case.pk])).content.decode()
    assert "Flagged for review" in page and "Taken across at night" in page
    review = reverse("justice:non_punishment_review", args=[victim.pk])
    assert login(jw.police).post(review, {"decision": "applied"}).status_code == 403
    assert login(jw.prosecutor).post(review, {"decision": "applied"}).status_code == 302
    victim.refresh_from_db()
    assert victim.non_punishment == "applied"


def test_every_interview_is_counted_on_the_case_and_the_persons_record(jw, world):
    case, _victim = jw.case_with_victim()
    today = timezone.localdate()
    interviews.record_interview(
        world.owner, jw.person, interviewed_on=today, purpose="case_management"
    )
    url = reverse("justice:interview_new", args=[jw.person.pk])
    page = login(jw.police).get(url).content.decode()
    assert "already been interviewed once" in page
    data = {"interviewed_on": today.isoformat(), "purpose": "statement", "case": case.pk}
    assert login(jw.police).post(url, data).status_code == 302
    assert Interview.objects.filter(person=jw.person).count() == 2
    person_page = (
        login(world.owner).get(reverse("people:detail", args=[jw.person.pk])).content.decode()
    )
    assert "Interviewed 2 times" in person_page
    case_page = (
        login(jw.police).get(reverse("justice:case_detail", args=[case.pk])).content.decode()
    )
    assert "1 interview recorded in this case." in case_page
    assert "invite to a joint interview" in case_page


def test_a_joint_interview_is_proposed_to_the_agencies_involved(jw, world):
    case, _victim = jw.case_with_victim()
    jw.send(case, jw.suspect(case))
    interviews.record_interview(
        world.owner, jw.person, interviewed_on=timezone.localdate(), purpose="case_management"
    )
    url = reverse("justice:interview_invite", args=[jw.person.pk]) + f"?case={case.pk}"
    page = login(jw.police).get(url).content.decode()
    assert world.owner_agency.name in page and jw.prosecution_agency.name in page
    when = (timezone.localdate() + timedelta(days=4)).isoformat()
    data = {
        "proposed_for": when,
        "purpose": "statement",
        "agencies": [world.owner_agency.pk, jw.prosecution_agency.pk],
    }
    assert login(jw.police).post(url, data).status_code == 302
    invitation = JointInterviewInvitation.objects.get()
    invited = Notification.objects.filter(kind="justice.joint_interview")
    assert {"owner", "prosecutor"} <= set(invited.values_list("recipient__username", flat=True))
    assert "Sokha" not in invited.first().message and jw.person.reference in invited.first().message
    interview = interviews.record_interview(
        jw.prosecutor,
        jw.person,
        interviewed_on=timezone.localdate(),
        purpose="prosecution",
        case=case,
        invitation=invitation,
    )
    invitation.refresh_from_db()
    assert interview.joint and invitation.status == "held"
    assert set(interview.with_agencies.all()) == {world.owner_agency, jw.police_agency}


def test_feedback_stops_when_the_victim_withdraws_consent(jw, world):
    case, _suspect, _charge = jw.charged_case()
    url = reverse("justice:case_detail", args=[case.pk])
    assert login(world.partner).get(url).status_code == 200
    consent = Consent.objects.get(person=jw.person, agency=world.partner_agency)
    withdraw_consent(world.owner, consent, reason="asked to stop sharing")
    assert login(world.partner).get(url).status_code == 404
    assert login(world.owner).get(url).status_code == 200


def test_followers_are_told_only_within_consent(jw, world):
    case, _victim = jw.case_with_victim(referring_agency=world.partner_agency)
    suspect = jw.suspect(case)
    jw.send(case, suspect)
    jw.charge(case, suspect)
    told = set(
        Notification.objects.filter(kind="justice.charged").values_list(
            "recipient__username", flat=True
        )
    )
    assert {"owner", "partner", "police", "supervisor"} <= told and "outsider" not in told
    consent = Consent.objects.get(person=jw.person, agency=world.partner_agency)
    withdraw_consent(world.owner, consent, reason="no longer wishes to share")
    Notification.objects.all().delete()
    services.change_stage(jw.prosecutor, case, "trial", responsible_agency=jw.court_agency)
    from rumdoh.justice import court

    charge = case.charges.get(level="charged")
    court.record_verdict(
        jw.clerk, case, charge, outcome="acquitted", decided_on=timezone.localdate()
    )
    told = set(
        Notification.objects.filter(kind="justice.verdict").values_list(
            "recipient__username", flat=True
        )
    )
    assert "owner" in told and "partner" not in told


def test_the_feedback_page_hides_suspects_names_and_the_case_summary(jw, world):
    case, _suspect, _charge = jw.charged_case()
    body = login(world.owner).get(reverse("justice:case_detail", args=[case.pk])).content.decode()
    assert "Charged by the prosecutor" in body and "trafficking offence" in body
    assert "Lim" not in body and "tiger" not in body and "Recruited on Facebook" not in body
    assert jw.person.display_name in body


def test_the_prosecutor_interviews_a_victim_of_its_case_without_seeing_her_record(jw):
    case, _suspect, _charge = jw.charged_case()
    url = reverse("justice:interview_new", args=[jw.person.pk])
    page = login(jw.prosecutor).get(url)
    assert page.status_code == 200
    data = {"interviewed_on": timezone.localdate().isoformat(), "purpose": "prosecution"}
    refused = login(jw.prosecutor).post(url, data)
    assert "Choose the criminal case" in refused.content.decode()
    assert login(jw.prosecutor).post(url, {**data, "case": case.pk}).status_code == 302
    assert Interview.objects.get().agency == jw.prosecution_agency
    assert (
        login(jw.prosecutor).get(reverse("people:detail", args=[jw.person.pk])).status_code == 404
    )
