"""Consents: withdrawing asks to confirm first; a new consent is dated today unless changed."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from rumdoh.people.models import ConsentScope, PersonAccess
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_withdrawing_a_consent_asks_to_confirm_and_changes_nothing_until_then(world):
    consent = world.person.consents.get(scope=ConsentScope.SHARE)
    url = reverse("people:consent_withdraw", args=[world.person.pk, consent.pk])
    response = login(world.owner).post(url, {"reason": "Asked at the office"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Yes, withdraw the consent" in html
    assert 'value="Asked at the office"' in html
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    grant = PersonAccess.objects.get(person=world.person, agency=world.partner_agency)
    assert grant.revoked_at is None


def test_confirming_withdraws_the_consent_with_its_reason(world):
    consent = world.person.consents.get(scope=ConsentScope.SHARE)
    url = reverse("people:consent_withdraw", args=[world.person.pk, consent.pk])
    response = login(world.owner).post(url, {"reason": "Asked", "confirmed": "yes"})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert consent.withdrawal_reason == "Asked"


def test_the_consent_form_is_dated_today(world):
    html = login(world.owner).get(reverse("people:detail", args=[world.person.pk])).content.decode()
    today = timezone.localdate().isoformat()
    assert f'name="given_on" value="{today}"' in html


@pytest.mark.parametrize("language", ["en", "km"])
def test_a_consent_is_listed_with_its_date_written_as_every_other_date(world, language):
    consent = world.person.consents.get(scope=ConsentScope.SHARE)
    client = login(world.owner)
    client.cookies["django_language"] = language
    html = client.get(reverse("people:detail", args=[world.person.pk])).content.decode()
    assert f"<td>{consent.given_on.isoformat()}</td>" in html
