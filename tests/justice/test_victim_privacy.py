"""A victim's name and the interviews she gave reach only the agencies she agreed to share with.

The prosecutor's office and the court take part in her criminal case without having her record:
they see her by number until she consents to share with them. A provider that only received a
referral sees how many times she was interviewed, not who interviewed her.
"""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from rumdoh.accounts.models import AgencyKind, AuditEvent
from rumdoh.accounts.rules.roles import Role
from rumdoh.core.errors import Refused
from rumdoh.justice import interviews, orders
from rumdoh.people import services as people
from rumdoh.people.models import AccessSource, ConsentScope, PersonAccess
from rumdoh.protection import services as protection
from tests.conftest import login, make_agency, make_user
from tests.protection.helpers import consent_to_referral, make_provider

NAME = "Chan Sokha"


def _page(user, name, *args):
    response = login(user).get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def test_the_prosecutor_sees_the_victim_by_number_until_she_consents(jw, world):
    case, _suspect, _charge = jw.charged_case()
    police = _page(jw.police, "justice:case_detail", case.pk)
    assert NAME in police and jw.protection_case.agency.name in police

    prosecutor = _page(jw.prosecutor, "justice:case_detail", case.pk)
    assert jw.person.reference in prosecutor and "name withheld" in prosecutor
    assert NAME not in prosecutor and "Sokha" not in prosecutor
    # Her protection case would tell where she is cared for: withheld as well.
    assert jw.protection_case.reference not in prosecutor

    people.record_consent(
        world.owner,
        jw.person,
        scope=ConsentScope.SHARE,
        method="signed",
        given_on=date(2026, 1, 9),
        agency=jw.prosecution_agency,
    )
    prosecutor = _page(jw.prosecutor, "justice:case_detail", case.pk)
    assert NAME in prosecutor and "name withheld" not in prosecutor


def test_only_names_shown_are_logged_as_read(jw):
    case, _suspect, _charge = jw.charged_case()
    _page(jw.prosecutor, "justice:case_detail", case.pk)
    _page(jw.police, "justice:case_detail", case.pk)
    listed = AuditEvent.objects.filter(action="person.listed", person_id=jw.person.pk)
    assert set(listed.values_list("user__username", flat=True)) == {"police"}


def test_orders_and_worksheets_withhold_the_name_from_the_court(jw):
    case, suspect, _charge = jw.charged_case()
    jw.to_trial(case)
    victim = case.victims.get()
    order = orders.record_order(
        jw.clerk,
        case,
        victim=victim,
        defendant=suspect,
        amount_riel=4_000_000,
        ordered_on=timezone.localdate(),
        due_on=timezone.localdate() + timedelta(days=30),
    )
    page = _page(jw.clerk, "justice:order_detail", order.pk)
    assert jw.person.reference in page and "Sokha" not in page and "name withheld" in page
    assert "Sokha" in _page(jw.police, "justice:order_detail", order.pk)
    case_page = _page(jw.clerk, "justice:case_detail", case.pk)
    assert order.reference in case_page and "Sokha" not in case_page


def _referral_only_agency(jw, world):
    """A shelter that received a referral for the victim, nothing more."""
    agency = make_agency("Referral-only shelter", AgencyKind.NGO, "01")
    provider = make_provider(agency)
    consent_to_referral(world)
    protection.refer(world.owner, jw.person, provider, needs=["housing"])
    assert PersonAccess.objects.filter(
        agency=agency, person=jw.person, source=AccessSource.REFERRAL
    ).exists()
    return agency, make_user(Role.CASE_WORKER, agency, "shelter")


def test_a_referral_only_provider_sees_the_count_not_who_interviewed(jw, world):
    case, _suspect, _charge = jw.charged_case()
    today = timezone.localdate()
    interviews.record_interview(
        jw.prosecutor, jw.person, interviewed_on=today, purpose="prosecution", case=case
    )
    interviews.record_interview(
        world.owner, jw.person, interviewed_on=today, purpose="case_management"
    )
    _agency, shelter = _referral_only_agency(jw, world)

    page = _page(shelter, "justice:person_interviews", jw.person.pk)
    assert "Interviewed 2 times" in page
    assert jw.prosecution_agency.name not in page and world.owner_agency.name not in page
    assert "only the interviews your agency held or joined" in page

    # Its own interview shows; the count goes on.
    interviews.record_interview(shelter, jw.person, interviewed_on=today, purpose="case_management")
    page = _page(shelter, "justice:person_interviews", jw.person.pk)
    assert "Interviewed 3 times" in page and "Referral-only shelter" in page
    assert jw.prosecution_agency.name not in page

    # The owner, who works with her within her consent, sees every interview.
    owner = _page(world.owner, "justice:person_interviews", jw.person.pk)
    assert jw.prosecution_agency.name in owner and "Referral-only shelter" in owner
    assert "only the interviews your agency held" not in owner


def test_the_court_sees_interviews_of_its_cases_only(jw, world):
    case, _suspect, _charge = jw.charged_case()
    jw.to_trial(case)
    today = timezone.localdate()
    interviews.record_interview(
        world.owner, jw.person, interviewed_on=today, purpose="case_management"
    )
    interviews.record_interview(
        jw.police, jw.person, interviewed_on=today, purpose="statement", case=case
    )
    page = _page(jw.clerk, "justice:person_interviews", jw.person.pk)
    assert "Interviewed 2 times" in page
    assert jw.police_agency.name in page and world.owner_agency.name not in page


def test_invitations_name_only_agencies_the_inviter_may_know(jw, world):
    case, _suspect, _charge = jw.charged_case()
    jw.to_trial(case)
    _agency, shelter = _referral_only_agency(jw, world)
    # The prosecutor's office, without her record, may invite the agencies of its own case only.
    invite = reverse("justice:interview_invite", args=[jw.person.pk]) + f"?case={case.pk}"
    page = login(jw.prosecutor).get(invite).content.decode()
    assert jw.police_agency.name in page and jw.court_agency.name in page
    assert world.owner_agency.name not in page and "Referral-only shelter" not in page
    # The service refuses a named agency outside that circle, whatever the client sends.
    proposed = timezone.localdate() + timedelta(days=3)
    try:
        interviews.invite(
            jw.prosecutor,
            jw.person,
            proposed_for=proposed,
            purpose="prosecution",
            agencies=[world.owner_agency],
            case=case,
        )
    except Refused:
        pass
    else:
        raise AssertionError("an agency outside the case was invited")
    # The owner, who sees everything, may invite any agency working with her, the shelter
    # (once it has interviewed her) as much as the court.
    interviews.record_interview(
        shelter, jw.person, interviewed_on=timezone.localdate(), purpose="case_management"
    )
    page = login(world.owner).get(invite.split("?")[0]).content.decode()
    assert "Referral-only shelter" in page
    assert jw.court_agency.name in page and jw.prosecution_agency.name in page


def test_the_due_page_withholds_names_the_reader_may_not_see(jw, world):
    case, victim = jw.case_with_victim()
    jw.send(case, jw.suspect(case))
    from rumdoh.justice import services

    services.flag_non_punishment(jw.police, victim, acts="Illegal entry")
    page = _page(jw.prosecutor, "justice:home")
    assert jw.person.reference in page and "Illegal entry" in page
    assert "Sokha" not in page and "name withheld" in page
    listed = AuditEvent.objects.filter(action="person.listed", person_id=jw.person.pk)
    assert not listed.filter(user=jw.prosecutor).exists()


def test_the_api_lists_interviews_by_the_same_rule(jw, world):
    from rest_framework.test import APIClient

    def api(user):
        client = APIClient()
        client.force_authenticate(user, token="token")
        return client

    case, _suspect, _charge = jw.charged_case()
    today = timezone.localdate()
    interviews.record_interview(
        jw.prosecutor, jw.person, interviewed_on=today, purpose="prosecution", case=case
    )
    interviews.record_interview(
        world.owner, jw.person, interviewed_on=today, purpose="case_management"
    )
    _agency, shelter = _referral_only_agency(jw, world)
    url = f"/api/v1/interviews/?person={jw.person.pk}"
    assert api(shelter).get(url).json()["results"] == []
    interviews.record_interview(shelter, jw.person, interviewed_on=today, purpose="case_management")
    mine = api(shelter).get(url).json()["results"]
    assert [row["purpose"] for row in mine] == ["case_management"] and len(mine) == 1
    assert len(api(world.owner).get(url).json()["results"]) == 3
    # The prosecutor's office reads the interviews of its case, not the owner's.
    theirs = api(jw.prosecutor).get(url).json()["results"]
    assert [row["purpose"] for row in theirs] == ["prosecution"]


def test_the_api_withholds_the_protection_case_as_the_page_does(jw):
    from rest_framework.test import APIClient

    case, _suspect, _charge = jw.charged_case()
    rows = {}
    for who in ("police", "prosecutor"):
        client = APIClient()
        client.force_authenticate(getattr(jw, who), token="token")
        response = client.get(f"/api/v1/criminal-cases/{case.pk}/victims/")
        assert response.status_code == 200
        rows[who] = response.json()[0]
    assert rows["police"]["protection_case"] == jw.protection_case.pk
    assert rows["prosecutor"]["protection_case"] is None
    assert rows["prosecutor"]["person"] == jw.person.pk  # by number
    # Only the victim named is recorded as read: for the police, not for the prosecutor.
    viewed = AuditEvent.objects.filter(action="criminal_case.viewed", data__view="victims")
    assert set(viewed.values_list("user__username", "person_id")) == {
        ("police", jw.person.pk),
        ("prosecutor", None),
    }
    assert not AuditEvent.objects.filter(action="person.listed", user=jw.prosecutor).exists()


def test_a_follower_reads_on_the_timeline_only_the_orders_of_victims_it_sees(jw, world):
    from rumdoh.justice import services
    from tests.conftest import make_person
    from tests.justice.scenario import everything

    e = everything(jw)
    other = make_person(jw.police, given_name="Dara", family_name="Keo")
    second = services.add_victim(jw.police, e.case, other)
    hidden = orders.record_order(
        jw.clerk,
        e.case,
        victim=second,
        defendant=e.suspect,
        amount_riel=7_654_321,
        ordered_on=timezone.localdate(),
        due_on=timezone.localdate() + timedelta(days=30),
    )
    url = reverse("justice:case_timeline", args=[e.case.pk])
    follower = login(world.owner).get(url).content.decode()
    assert e.order.reference in follower and hidden.reference not in follower
    assert hidden.reference in login(jw.clerk).get(url).content.decode()
