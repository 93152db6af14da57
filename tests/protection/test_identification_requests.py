"""A screener asks for a formal identification; the province's eligible identifiers answer it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rumdoh.accounts.models import AgencyKind, AuditEvent
from rumdoh.accounts.rules.roles import Role
from rumdoh.notices.models import Notification
from rumdoh.people import services as people
from rumdoh.people.models import AccessSource, Consent, ConsentScope, PersonAccess
from rumdoh.protection.models import IdentificationRequest
from tests.conftest import login, make_agency, make_user
from tests.protection.helpers import consent_to_referral
from tests.screening.helpers import make_screening

pytestmark = pytest.mark.django_db

FORM = {
    "designation": "suspected_victim",
    "exploitation_types": ["forced_labour"],
    "sectors": ["scam_compound"],
    "basis": "short_form",
    "identified_on": "2026-01-10",
}


@pytest.fixture
def scene(world):
    """The owner's screener screened the person in province 01; identifiers here and elsewhere."""
    world.screener = make_user(Role.SCREENER, world.owner_agency, "screener")
    world.screening = make_screening(world.screener, person=world.person, province="01")
    here = make_agency("Banteay Meanchey social affairs", AgencyKind.PROVINCIAL_DEPARTMENT, "01")
    world.identifier = make_user(Role.IDENTIFIER, here, "identifier.here")
    elsewhere = make_agency("Siem Reap social affairs", AgencyKind.PROVINCIAL_DEPARTMENT, "17")
    world.elsewhere = make_user(Role.IDENTIFIER, elsewhere, "identifier.elsewhere")
    not_eligible = make_agency("Poipet shelter", AgencyKind.NGO, "01", can_identify=False)
    world.not_eligible = make_user(Role.IDENTIFIER, not_eligible, "identifier.ineligible")
    return world


def request_url(scene) -> str:
    return reverse("protection:request_identification", args=[scene.screening.pk])


def test_the_result_page_offers_the_screener_to_request_identification(scene):
    consent_to_referral(scene)
    page = login(scene.screener).get(reverse("screening:detail", args=[scene.screening.pk]))
    html = page.content.decode()
    assert request_url(scene) in html
    # The screener may not refer: no link to a page that would refuse them.
    assert reverse("protection:refer", args=[scene.person.pk]) not in html


def test_a_case_worker_who_screens_gets_a_prefilled_referral_link(scene):
    consent_to_referral(scene)
    screening = make_screening(scene.owner, person=scene.person, province="01")
    page = login(scene.owner).get(reverse("screening:detail", args=[screening.pk]))
    html = page.content.decode()
    assert request_url(scene).replace(str(scene.screening.pk), str(screening.pk)) in html
    # Referral waits for the identification: the page says so instead of linking.
    assert "Referral opens once the person is formally identified" in html


def test_the_screener_requests_and_the_identifier_of_the_province_is_notified(scene):
    consent_to_referral(scene)
    response = login(scene.screener).post(request_url(scene), {"note": "At the transit centre"})
    assert response.status_code == 302
    wanted = IdentificationRequest.objects.get(person=scene.person)
    assert (wanted.province, wanted.screening_id, wanted.is_open) == (
        "01",
        scene.screening.pk,
        True,
    )
    assert AuditEvent.objects.filter(action="identification.requested").count() == 1

    notified = Notification.objects.filter(kind="identification.requested")
    assert [n.recipient for n in notified] == [scene.identifier]

    queue = reverse("protection:identification_queue")
    page = login(scene.identifier).get(queue)
    assert page.status_code == 200
    assert scene.person.reference in page.content.decode()
    # The identifier may open the person to identify them.
    person_page = login(scene.identifier).get(reverse("people:detail", args=[scene.person.pk]))
    assert person_page.status_code == 200
    home = login(scene.identifier).get(reverse("protection:home")).content.decode()
    assert queue in home and "1 open request in your province." in home


def test_with_no_open_request_the_identifier_is_told_so_without_a_link(scene):
    home = login(scene.identifier).get(reverse("protection:home")).content.decode()
    card = home.split('id="identification-requests"')[1].split("</section>")[0]
    assert "No open request." in card
    assert "0 open requests" not in card
    assert reverse("protection:identification_queue") not in card


def test_an_identifier_elsewhere_neither_sees_nor_hears_of_it(scene):
    consent_to_referral(scene)
    login(scene.screener).post(request_url(scene), {"note": ""})
    for user in (scene.elsewhere, scene.not_eligible):
        assert not Notification.objects.filter(recipient=user).exists()
    page = login(scene.elsewhere).get(reverse("protection:identification_queue"))
    assert scene.person.reference not in page.content.decode()
    assert (
        login(scene.not_eligible).get(reverse("protection:identification_queue")).status_code == 403
    )
    person = login(scene.elsewhere).get(reverse("people:detail", args=[scene.person.pk]))
    assert person.status_code == 404


def test_no_request_without_consent_to_referral(scene):
    response = login(scene.screener).post(request_url(scene), {"note": ""})
    assert response.status_code == 200
    assert "has not consented to be referred" in response.content.decode()
    assert not IdentificationRequest.objects.exists()
    assert not Notification.objects.exists()


def test_a_second_request_for_the_same_person_is_refused(scene):
    consent_to_referral(scene)
    login(scene.screener).post(request_url(scene), {"note": ""})
    login(scene.screener).post(request_url(scene), {"note": ""})
    assert IdentificationRequest.objects.count() == 1


def test_recording_the_identification_closes_the_request(scene):
    consent_to_referral(scene)
    login(scene.screener).post(request_url(scene), {"note": ""})
    identify = reverse("protection:identify", args=[scene.person.pk])
    response = login(scene.identifier).post(
        identify, {**FORM, "screening_id": str(scene.screening.pk)}
    )
    assert response.status_code == 302
    wanted = IdentificationRequest.objects.get(person=scene.person)
    assert not wanted.is_open
    assert wanted.identification is not None
    assert wanted.identification.agency == scene.identifier.agency
    page = login(scene.identifier).get(reverse("protection:identification_queue"))
    assert scene.person.reference not in page.content.decode()
    # The agency that identified keeps sight of the person it now works with.
    grant = PersonAccess.objects.get(source=AccessSource.IDENTIFICATION_REQUEST)
    assert grant.agency == scene.identifier.agency and grant.revoked_at is None


def test_a_prosecutor_reading_the_result_gets_no_buttons(scene):
    consent_to_referral(scene)
    prosecution = make_agency("Prosecution", AgencyKind.PROSECUTION, "01")
    prosecutor = make_user(Role.PROSECUTOR, prosecution)
    PersonAccess.objects.create(
        person=scene.person, agency=prosecution, source=AccessSource.CONSENT
    )
    page = login(prosecutor).get(reverse("screening:detail", args=[scene.screening.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert request_url(scene) not in html
    assert "Screen again" not in html


def test_an_agency_that_could_not_identify_when_asked_never_sees_the_person(scene):
    consent_to_referral(scene)
    login(scene.screener).post(request_url(scene), {"note": ""})
    later = make_agency("Poipet police", AgencyKind.POLICE, "01")
    latecomer = make_user(Role.IDENTIFIER, later, "identifier.latecomer")
    page = login(latecomer).get(reverse("protection:identification_queue"))
    assert page.status_code == 200
    html = page.content.decode()
    assert scene.person.reference not in html
    assert scene.person.display_name not in html
    assert "No open request." in html
    assert not AuditEvent.objects.filter(action="person.listed", user=latecomer).exists()


def test_an_eligible_agency_staffed_after_the_request_may_answer_it(scene):
    consent_to_referral(scene)
    unstaffed = make_agency("Poipet police", AgencyKind.POLICE, "01")
    login(scene.screener).post(request_url(scene), {"note": ""})
    newcomer = make_user(Role.IDENTIFIER, unstaffed, "identifier.newcomer")
    page = login(newcomer).get(reverse("protection:identification_queue"))
    assert scene.person.reference in page.content.decode()
    identify = reverse("protection:identify", args=[scene.person.pk])
    assert login(newcomer).get(identify).status_code == 200


def withdraw_url(wanted: IdentificationRequest) -> str:
    return reverse("protection:withdraw_identification_request", args=[wanted.pk])


def test_the_requesting_agency_withdraws_after_confirming_and_the_sight_ends(scene):
    consent_to_referral(scene)
    login(scene.screener).post(request_url(scene), {"note": ""})
    wanted = IdentificationRequest.objects.get(person=scene.person)
    result = login(scene.screener).get(reverse("screening:detail", args=[scene.screening.pk]))
    assert withdraw_url(wanted) in result.content.decode()

    confirm = login(scene.screener).get(withdraw_url(wanted))
    assert confirm.status_code == 200
    assert "Yes, withdraw the request" in confirm.content.decode()
    assert IdentificationRequest.objects.get(pk=wanted.pk).is_open

    response = login(scene.screener).post(withdraw_url(wanted))
    assert response.status_code == 302
    wanted.refresh_from_db()
    assert not wanted.is_open and wanted.identification is None
    assert AuditEvent.objects.filter(action="identification.request_withdrawn").count() == 1
    assert not PersonAccess.objects.filter(
        source=AccessSource.IDENTIFICATION_REQUEST, revoked_at__isnull=True
    ).exists()
    person = login(scene.identifier).get(reverse("people:detail", args=[scene.person.pk]))
    assert person.status_code == 404
    queue = login(scene.identifier).get(reverse("protection:identification_queue"))
    assert scene.person.reference not in queue.content.decode()


def test_no_other_agency_may_withdraw_a_request(scene):
    consent_to_referral(scene)
    login(scene.screener).post(request_url(scene), {"note": ""})
    wanted = IdentificationRequest.objects.get(person=scene.person)
    other = make_user(Role.SCREENER, scene.partner_agency, "screener.partner")
    assert login(other).post(withdraw_url(wanted)).status_code == 404
    identifier_page = login(scene.identifier).get(withdraw_url(wanted))
    assert identifier_page.status_code in (403, 404)
    assert IdentificationRequest.objects.get(pk=wanted.pk).is_open


def test_withdrawing_consent_to_referral_closes_the_request_and_ends_the_sight(scene):
    consent_to_referral(scene)
    login(scene.screener).post(request_url(scene), {"note": ""})
    consent = Consent.objects.get(person=scene.person, scope=ConsentScope.REFERRAL)
    people.withdraw_consent(scene.owner, consent, reason="changed her mind")
    wanted = IdentificationRequest.objects.get(person=scene.person)
    assert not wanted.is_open
    assert not PersonAccess.objects.filter(
        source=AccessSource.IDENTIFICATION_REQUEST, revoked_at__isnull=True
    ).exists()
    assert AuditEvent.objects.filter(action="identification.requests_closed").count() == 1
    person = login(scene.identifier).get(reverse("people:detail", args=[scene.person.pk]))
    assert person.status_code == 404


def test_the_result_page_looks_for_an_open_request_once(scene):
    """Whether to offer the request and whether one is waiting come from one look."""
    consent_to_referral(scene)
    client = login(scene.screener)
    url = reverse("screening:detail", args=[scene.screening.pk])
    client.get(url)
    for waiting in (False, True):
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        assert (request_url(scene) in html) is not waiting
        looks = [q for q in queries if 'FROM "protection_identificationrequest"' in q["sql"]]
        assert len(looks) == 1, [q["sql"] for q in looks]
        client.post(request_url(scene), {"note": ""})
    assert IdentificationRequest.objects.filter(person=scene.person).exists()
