"""Referrals: consent first, the provider answers, a decline shows the remaining providers."""

import pytest
from django.urls import reverse

from rumdoh.accounts.models import AuditEvent
from rumdoh.accounts.rules.roles import Role
from rumdoh.core.errors import Refused
from rumdoh.core.limits import REASON_MAX
from rumdoh.people.access import can_see
from rumdoh.people.services import withdraw_consent
from rumdoh.protection import services
from rumdoh.protection.models import ProtectionCase, Referral
from tests.conftest import login, make_agency, make_user
from tests.protection.helpers import (
    consent_to_referral,
    identify,
    make_provider,
    ready_to_refer,
    refer,
)

pytestmark = pytest.mark.django_db


def test_referral_without_consent_is_refused(world):
    identify(world)
    provider = make_provider(world.partner_agency)
    client = login(world.owner)
    url = reverse("protection:refer", args=[world.person.pk])
    page = client.get(url, {"needs": ["housing"]})
    assert "has not consented to be referred" in page.content.decode()
    assert "Refer here" not in page.content.decode()
    response = client.post(url, {"provider": provider.pk, "needs": ["housing"]}, follow=True)
    assert "has not consented to be referred" in response.content.decode()
    assert not Referral.objects.exists()


def test_withdrawn_referral_consent_refuses_again(world):
    provider = ready_to_refer(world)
    consent = world.person.consents.get(scope="referral")
    withdraw_consent(world.owner, consent)
    with pytest.raises(Refused):
        refer(world, provider)


def test_referral_needs_a_formal_identification(world):
    consent_to_referral(world)
    provider = make_provider(world.partner_agency)
    with pytest.raises(Refused):
        refer(world, provider)


def test_matching_page_lists_the_fitting_providers_and_why_not_the_others(world):
    ready_to_refer(world)
    make_provider(world.outsider_agency, name="Boys only", sexes=["male"])
    url = reverse("protection:refer", args=[world.person.pk])
    body = login(world.owner).get(url, {"needs": ["housing"]}).content.decode()
    assert "Partner Shelter NGO shelter" in body
    assert "Boys only" in body
    assert "does not accept: Women and girls" in body


def test_referral_grants_the_provider_sight_of_the_person(world):
    other = make_agency("Referral-only NGO")
    provider = ready_to_refer(world)
    provider.agency = other
    provider.save()
    responder = make_user(Role.CASE_WORKER, other)
    assert not can_see(responder, world.person.pk)
    client = login(world.owner)
    url = reverse("protection:refer", args=[world.person.pk])
    response = client.post(url, {"provider": provider.pk, "needs": ["housing", "medical"]})
    referral = Referral.objects.get()
    assert response.url == reverse("protection:referral_detail", args=[referral.pk])
    assert (referral.status, referral.needs) == ("pending", ["housing", "medical"])
    assert (referral.referring_agency, referral.referred_by) == (world.owner_agency, world.owner)
    assert can_see(responder, world.person.pk)
    assert AuditEvent.objects.filter(action="referral.created").count() == 1


def test_provider_accepts_and_a_place_is_taken(world):
    provider = ready_to_refer(world)
    referral = refer(world, provider)
    url = reverse("protection:referral_accept", args=[referral.pk])
    assert login(world.partner).post(url).status_code == 302
    referral.refresh_from_db()
    provider.refresh_from_db()
    assert (referral.status, referral.responded_by) == ("accepted", world.partner)
    assert referral.responded_at is not None
    assert provider.free_places == 2
    case = ProtectionCase.objects.get(agency=world.partner_agency)
    assert (case.stage, case.referral, case.case_worker) == ("reception", referral, world.partner)


def test_accepting_leads_to_the_case_it_opened_or_the_one_going_on(world):
    provider = ready_to_refer(world)
    referral = refer(world, provider)
    client = login(world.partner)
    response = client.post(reverse("protection:referral_accept", args=[referral.pk]), follow=True)
    case = ProtectionCase.objects.get(agency=world.partner_agency)
    assert response.redirect_chain[-1][0] == reverse("protection:case_detail", args=[case.pk])
    assert "A case has been opened at your agency." in response.content.decode()
    again = refer(world, provider)
    response = client.post(reverse("protection:referral_accept", args=[again.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("protection:case_detail", args=[case.pk])
    body = response.content.decode()
    assert "open case at your agency goes on" in body and "has been opened" not in body
    assert ProtectionCase.objects.filter(agency=world.partner_agency).count() == 1


def test_accepting_without_free_places_is_refused(world):
    provider = ready_to_refer(world)
    referral = refer(world, provider)
    provider.free_places = 0
    provider.save()
    with pytest.raises(Refused):
        services.accept_referral(world.partner, referral)
    referral.refresh_from_db()
    assert referral.status == "pending"


def test_only_the_provider_can_answer(world):
    provider = ready_to_refer(world)
    referral = refer(world, provider)
    url = reverse("protection:referral_accept", args=[referral.pk])
    assert login(world.owner).post(url).status_code == 403
    assert login(world.outsider).post(url).status_code == 404
    referral.refresh_from_db()
    assert referral.status == "pending"


def test_decline_needs_a_reason(world):
    referral = refer(world, ready_to_refer(world))
    url = reverse("protection:referral_decline", args=[referral.pk])
    login(world.partner).post(url, {"reason": ""})
    referral.refresh_from_db()
    assert referral.status == "pending"


def test_declined_referral_shows_the_referrer_the_remaining_matches(world):
    provider = ready_to_refer(world)
    other = make_provider(world.outsider_agency, name="Second Shelter")
    referral = refer(world, provider)
    url = reverse("protection:referral_decline", args=[referral.pk])
    login(world.partner).post(url, {"reason": "Full for boys this month"})
    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason) == ("declined", "Full for boys this month")
    body = login(world.owner).get(reverse("protection:referral_detail", args=[referral.pk]))
    text = body.content.decode()
    assert "Full for boys this month" in text
    assert f'name="provider" value="{other.pk}"' in text
    assert f'name="provider" value="{provider.pk}"' not in text
    assert "has declined this person" in text


def test_rereferral_links_to_the_declined_one_and_clears_the_home_page(world):
    provider = ready_to_refer(world)
    other = make_provider(world.outsider_agency, name="Second Shelter")
    referral = refer(world, provider)
    services.decline_referral(world.partner, referral, reason="full")
    home = reverse("protection:home")
    assert referral.reference in login(world.owner).get(home).content.decode()
    url = reverse("protection:refer", args=[world.person.pk])
    data = {"provider": other.pk, "needs": ["housing"], "rereferral_of": referral.pk}
    login(world.owner).post(url, data)
    assert Referral.objects.get(provider=other).rereferral_of == referral
    assert referral.reference not in login(world.owner).get(home).content.decode()


def test_referrer_withdraws_a_pending_referral(world):
    referral = refer(world, ready_to_refer(world))
    url = reverse("protection:referral_withdraw", args=[referral.pk])
    assert login(world.partner).post(url).status_code == 403
    login(world.owner).post(url, {"reason": "family came"})
    referral.refresh_from_db()
    assert referral.status == "withdrawn"


@pytest.mark.parametrize(("who", "status"), [("owner", 200), ("partner", 200), ("outsider", 404)])
def test_referral_detail_by_agency(world, who, status):
    referral = refer(world, ready_to_refer(world))
    url = reverse("protection:referral_detail", args=[referral.pk])
    assert login(getattr(world, who)).get(url).status_code == status


@pytest.mark.parametrize(("who", "seen"), [("owner", True), ("partner", True), ("outsider", False)])
def test_referral_list_by_agency(world, who, seen):
    referral = refer(world, ready_to_refer(world))
    body = login(getattr(world, who)).get(reverse("protection:referrals")).content.decode()
    assert (referral.reference in body) is seen


def test_referral_list_filters_by_direction_and_status(world):
    referral = refer(world, ready_to_refer(world))
    url = reverse("protection:referrals")
    client = login(world.partner)
    assert referral.reference in client.get(url, {"direction": "received"}).content.decode()
    assert referral.reference not in client.get(url, {"direction": "made"}).content.decode()
    assert referral.reference not in client.get(url, {"status": "declined"}).content.decode()
    assert referral.reference in client.get(url, {"q": referral.reference}).content.decode()
    assert referral.reference in client.get(url, {"q": f"r {referral.pk}"}).content.decode()


def test_refer_page_by_agency(world):
    ready_to_refer(world)
    url = reverse("protection:refer", args=[world.person.pk])
    assert login(world.owner).get(url).status_code == 200
    assert login(world.partner).get(url).status_code == 200
    assert login(world.outsider).get(url).status_code == 404


def test_provider_that_sees_only_through_a_referral_sees_only_its_referral(world):
    third = make_agency("Third Shelter")
    third_user = make_user(Role.CASE_WORKER, third)
    mine = refer(world, ready_to_refer(world))
    theirs = refer(world, make_provider(third))
    client = login(third_user)
    assert client.get(reverse("protection:referral_detail", args=[theirs.pk])).status_code == 200
    assert client.get(reverse("protection:referral_detail", args=[mine.pk])).status_code == 404
    owner_case = ProtectionCase.objects.get(agency=world.owner_agency)
    url = reverse("protection:case_detail", args=[owner_case.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("answer", ["declined", "withdrawn"])
def test_a_provider_no_longer_sees_the_person_once_the_referral_ends(world, answer):
    identify(world)
    consent_to_referral(world)
    provider = make_provider(world.outsider_agency, name="Outsider Shelter")
    referral = refer(world, provider)
    detail = reverse("people:detail", args=[world.person.pk])
    assert login(world.outsider).get(detail).status_code == 200
    if answer == "declined":
        url = reverse("protection:referral_decline", args=[referral.pk])
        login(world.outsider).post(url, {"reason": "No place for adults"})
    else:
        url = reverse("protection:referral_withdraw", args=[referral.pk])
        login(world.owner).post(url, {"reason": "Family found"})
    referral.refresh_from_db()
    assert referral.status == answer
    assert login(world.outsider).get(detail).status_code == 404


def test_a_case_opened_by_an_administrators_acceptance_shows_and_can_be_assigned(world):
    provider = ready_to_refer(world)
    referral = refer(world, provider)
    admin = make_user(Role.AGENCY_ADMIN, world.partner_agency)
    services.accept_referral(admin, referral)
    case = ProtectionCase.objects.get(person=world.person, agency=world.partner_agency)
    assert case.case_worker is None
    client = login(world.partner)
    page = client.get(reverse("protection:case_detail", args=[case.pk]))
    assert page.status_code == 200
    assert "not assigned" in page.content.decode()
    assert client.get(reverse("protection:cases")).status_code == 200
    client.post(
        reverse("protection:case_assign", args=[case.pk]), {"case_worker": world.partner.pk}
    )
    case.refresh_from_db()
    assert case.case_worker == world.partner


def test_the_case_and_the_referral_it_came_from_lead_to_each_other(world):
    provider = ready_to_refer(world)
    referral = refer(world, provider)
    services.accept_referral(world.partner, referral)
    case = ProtectionCase.objects.get(agency=world.partner_agency)
    client = login(world.partner)
    referral_url = reverse("protection:referral_detail", args=[referral.pk])
    case_url = reverse("protection:case_detail", args=[case.pk])
    assert f'href="{referral_url}"' in client.get(case_url).content.decode()
    assert f'href="{case_url}"' in client.get(referral_url).content.decode()
    # A later referral accepted while the case is open leads to the case that goes on.
    again = refer(world, provider)
    services.accept_referral(world.partner, again)
    again_url = reverse("protection:referral_detail", args=[again.pk])
    assert f'href="{case_url}"' in client.get(again_url).content.decode()
    # A pending referral leads to no case yet.
    pending = refer(world, provider)
    pending_url = reverse("protection:referral_detail", args=[pending.pk])
    assert f'href="{case_url}"' not in client.get(pending_url).content.decode()


def test_a_refused_referral_shows_the_providers_again_and_keeps_the_note(world):
    provider = ready_to_refer(world)
    client = login(world.owner)
    url = reverse("protection:refer", args=[world.person.pk])
    long_note = "x" * 5001
    sent = {"provider": provider.pk, "needs": ["housing", "medical"], "note": long_note}
    response = client.post(url, sent)
    body = response.content.decode()
    assert response.status_code == 400 and not Referral.objects.exists()
    assert 'id="refer-errors"' in body and f">{long_note}</textarea>" in body
    assert 'name="needs" value="medical"' in body  # the providers of the needs sent, again
    # Refused by the service (the provider left the directory): the same page, the note kept
    # for the providers still offered.
    provider.is_active = False
    provider.save(update_fields=["is_active"])
    sent["note"] = "She needs a female doctor"
    body = client.post(url, sent).content.decode()
    assert "This provider is no longer in the directory." in body
    assert "She needs a female doctor" in body and not Referral.objects.exists()


def test_a_provider_of_an_agency_that_closed_takes_no_referral(world):
    """An agency closed keeps its providers' rows, but nobody there can answer: a referral to
    one of them would wait for ever, its person never placed."""
    provider = ready_to_refer(world)
    world.partner_agency.is_active = False
    world.partner_agency.save(update_fields=["is_active"])
    client = login(world.owner)
    url = reverse("protection:refer", args=[world.person.pk])
    page = client.get(url, {"needs": ["housing"]}).content.decode()
    assert provider.name not in page
    assert provider.name not in client.get(reverse("protection:providers")).content.decode()
    sent = {"provider": provider.pk, "needs": ["housing"], "note": "She needs a female doctor"}
    body = client.post(url, sent).content.decode()
    assert "This provider is no longer in the directory." in body
    assert "She needs a female doctor" in body and not Referral.objects.exists()
    with pytest.raises(Refused):
        refer(world, provider)


def test_a_referral_sent_twice_is_made_once_and_takes_one_place(world):
    """A double click on "Refer here" made two referrals to the same provider: accepting both
    took two of its places for one person."""
    provider = ready_to_refer(world)
    client = login(world.owner)
    url = reverse("protection:refer", args=[world.person.pk])
    sent = {"provider": provider.pk, "needs": ["housing"], "note": "Arrives at noon"}
    first = client.post(url, sent)
    referral = Referral.objects.get()
    assert first.url == reverse("protection:referral_detail", args=[referral.pk])
    again = client.post(url, sent, follow=True)
    assert Referral.objects.count() == 1
    assert again.redirect_chain[-1][0] == reverse("protection:referral_detail", args=[referral.pk])
    body = again.content.decode()
    assert f"already referred this person to this provider: referral {referral.reference}" in body
    services.accept_referral(world.partner, referral)
    provider.refresh_from_db()
    assert provider.free_places == 2
    # Once answered, the person may be referred there again.
    assert refer(world, provider).pk != referral.pk


def test_a_referral_to_another_provider_is_not_a_second_sending(world):
    provider = ready_to_refer(world)
    refer(world, provider)
    other = make_provider(world.partner_agency, name="Partner clinic")
    refer(world, other)
    assert Referral.objects.filter(status="pending").count() == 2


def test_a_refused_decline_or_withdrawal_keeps_the_reason_typed_beside_its_field(world):
    """A reason over the limit was dropped: the withdrawal went through without it, not a word
    said, and the decline was refused as if no reason had been given, the reason typed lost."""
    referral = refer(world, ready_to_refer(world))
    long_reason = "The family came to fetch her " + "x" * REASON_MAX
    declined = login(world.partner).post(
        reverse("protection:referral_decline", args=[referral.pk]), {"reason": long_reason}
    )
    withdrawn = login(world.owner).post(
        reverse("protection:referral_withdraw", args=[referral.pk]), {"reason": long_reason}
    )
    for response in (declined, withdrawn):
        body = response.content.decode()
        assert response.status_code == 400 and f'value="{long_reason}"' in body
        assert f"Keep this to at most {REASON_MAX} characters" in body
        assert "Give the reason for declining" not in body
    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason) == ("pending", "")
