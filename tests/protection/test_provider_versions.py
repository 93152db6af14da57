"""A provider's edit carries the version it was opened at: an edit saved meanwhile is not lost."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from rumdoh.core.errors import StaleEdit
from rumdoh.protection.models import ServiceProvider
from rumdoh.protection.provider_services import update_provider
from tests.conftest import login
from tests.protection.helpers import make_provider

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Kep Women's Shelter",
    "province": "23",
    "services": ["housing", "medical"],
    "capacity": "12",
    "free_places": "4",
    "is_active": "on",
}


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_saved_change_moves_the_version_on(world):
    provider = make_provider(world.partner_agency)
    assert provider.version == 1
    update_provider(world.partner, provider, {"free_places": 1}, expected_version=1)
    provider.refresh_from_db()
    assert (provider.free_places, provider.version) == (1, 2)


def test_a_change_from_an_old_version_is_refused_and_writes_nothing(world):
    provider = make_provider(world.partner_agency, free_places=3)
    update_provider(world.partner, provider, {"free_places": 1}, expected_version=1)
    with pytest.raises(StaleEdit):
        update_provider(world.partner, provider, {"free_places": 2}, expected_version=1)
    provider.refresh_from_db()
    assert (provider.free_places, provider.version) == (1, 2)


def test_the_edit_page_sends_the_version_it_was_opened_at(world):
    provider = make_provider(world.partner_agency)
    page = login(world.partner).get(reverse("protection:provider_edit", args=[provider.pk]))
    assert 'name="version" value="1"' in page.content.decode()


def test_a_stale_page_keeps_the_input_and_says_why(world):
    provider = make_provider(world.partner_agency, free_places=3)
    url = reverse("protection:provider_edit", args=[provider.pk])
    client = login(world.partner)
    assert client.post(url, {**FORM, "free_places": "2", "version": "1"}).status_code == 302
    stale = client.post(url, {**FORM, "name": "Kep shelter (new wing)", "version": "1"})
    assert stale.status_code == 200
    page = stale.content.decode()
    assert "Someone else saved this provider while you were editing it." in page
    assert 'value="Kep shelter (new wing)"' in page
    assert 'name="version" value="2"' in page  # saving again overwrites knowingly
    provider.refresh_from_db()
    assert (provider.name, provider.free_places) == (FORM["name"], 2)


def test_a_page_without_a_version_saves_nothing(world):
    provider = make_provider(world.partner_agency)
    url = reverse("protection:provider_edit", args=[provider.pk])
    response = login(world.partner).post(url, {**FORM, "name": "Renamed"})
    assert response.status_code == 200
    assert "This page is out of date" in response.content.decode()
    assert ServiceProvider.objects.get(pk=provider.pk).name != "Renamed"


def test_the_api_answers_409_to_a_stale_change(world):
    provider = make_provider(world.partner_agency, free_places=3)
    url = f"/api/v1/providers/{provider.pk}/"
    read = api(world.partner).get(url).json()
    assert read["version"] == 1
    first = api(world.partner).patch(url, {"free_places": 1, "version": 1}, format="json")
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = api(world.partner).patch(url, {"free_places": 2, "version": 1}, format="json")
    assert stale.status_code == 409
    assert ServiceProvider.objects.get(pk=provider.pk).free_places == 1


@pytest.mark.parametrize("version", [None, "two", 0, -1, 1.5, [1]])
def test_the_api_answers_400_to_a_missing_or_malformed_version(world, version):
    provider = make_provider(world.partner_agency, free_places=3)
    body = {"free_places": 1} if version is None else {"free_places": 1, "version": version}
    response = api(world.partner).patch(f"/api/v1/providers/{provider.pk}/", body, format="json")
    assert response.status_code == 400
    assert ServiceProvider.objects.get(pk=provider.pk).free_places == 3


def test_the_api_put_checks_the_version_too(world):
    provider = make_provider(world.partner_agency)
    url = f"/api/v1/providers/{provider.pk}/"
    body = {"name": "A", "province": "12", "services": ["housing"], "capacity": 3}
    assert api(world.partner).put(url, {**body, "version": 1}, format="json").status_code == 200
    renamed = {**body, "name": "B", "version": 1}
    assert api(world.partner).put(url, renamed, format="json").status_code == 409
    assert ServiceProvider.objects.get(pk=provider.pk).name == "A"
