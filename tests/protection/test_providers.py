"""The service-provider directory."""

import pytest
from django.urls import reverse

from rumdoh.accounts.models import AuditEvent
from rumdoh.accounts.rules.roles import Role
from rumdoh.core.errors import Refused
from rumdoh.demo.agencies import ensure_demo_agencies
from rumdoh.demo.providers import ensure_demo_providers
from rumdoh.protection.models import ServiceProvider
from rumdoh.protection.provider_services import create_provider
from tests.conftest import login, make_user
from tests.protection.helpers import make_provider

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Kep Women's Shelter",
    "province": "23",
    "services": ["housing", "medical"],
    "sexes": ["female"],
    "min_age": "18",
    "capacity": "12",
    "free_places": "4",
    "is_active": "on",
}


@pytest.mark.parametrize("who", ["owner", "partner", "outsider"])
def test_every_agency_reads_the_directory(world, who):
    provider = make_provider(world.partner_agency)
    client = login(getattr(world, who))
    assert provider.name in client.get(reverse("protection:providers")).content.decode()
    url = reverse("protection:provider_detail", args=[provider.pk])
    assert client.get(url).status_code == 200


def test_directory_filters(world):
    kep = make_provider(
        world.partner_agency, name="Kep house", province="23", services=["legal_aid"]
    )
    full = make_provider(world.owner_agency, name="Full house", free_places=0)
    url = reverse("protection:providers")
    client = login(world.owner)
    by_service = client.get(url, {"service": "legal_aid"}).content.decode()
    assert kep.name in by_service and full.name not in by_service
    assert full.name not in client.get(url, {"with_places": "on"}).content.decode()
    assert kep.name not in client.get(url, {"province": "12"}).content.decode()
    assert kep.name in client.get(url, {"q": "kep"}).content.decode()


def test_agency_adds_its_own_provider(world):
    response = login(world.partner).post(reverse("protection:provider_create"), FORM)
    provider = ServiceProvider.objects.get()
    assert response.url == reverse("protection:provider_detail", args=[provider.pk])
    assert (provider.agency, provider.sexes, provider.min_age) == (
        world.partner_agency,
        ["female"],
        18,
    )
    assert AuditEvent.objects.filter(action="provider.created").count() == 1


def test_free_places_cannot_exceed_capacity(world):
    response = login(world.partner).post(
        reverse("protection:provider_create"), {**FORM, "free_places": "20"}
    )
    assert response.status_code == 200
    assert not ServiceProvider.objects.exists()


def test_the_form_and_the_service_refuse_reversed_ages_in_the_same_words(world):
    reversed_ages = {**FORM, "min_age": "18", "max_age": "12"}
    response = login(world.partner).post(reverse("protection:provider_create"), reversed_ages)
    data = {**response.context["form"].provider_data(), "min_age": 18, "max_age": 12}
    with pytest.raises(Refused) as refused:
        create_provider(world.partner, data)
    assert response.context["form"].errors["max_age"] == [str(refused.value)]
    assert not ServiceProvider.objects.exists()


def test_only_the_running_agency_edits_a_provider(world):
    provider = make_provider(world.partner_agency)
    url = reverse("protection:provider_edit", args=[provider.pk])
    assert login(world.owner).get(url).status_code == 403
    assert login(world.outsider).post(url, FORM).status_code == 403
    edit = {**FORM, "free_places": "1", "version": "1"}
    assert login(world.partner).post(url, edit).status_code == 302
    provider.refresh_from_db()
    assert (provider.name, provider.free_places) == (FORM["name"], 1)


def test_roles_without_directory_access_are_refused(world):
    analyst = make_user(Role.NCCT_ANALYST, world.owner_agency)
    assert login(analyst).get(reverse("protection:providers")).status_code == 403


def test_demo_providers_are_created_once(world):
    agencies = ensure_demo_agencies()
    first = ensure_demo_providers(agencies)
    again = ensure_demo_providers(agencies)
    assert len(first) == len(again) >= 8
    assert ServiceProvider.objects.count() == len(first)
    men = ServiceProvider.objects.get(name="Men's Recovery House")
    assert men.sexes == ["male"]


def test_provider_forms_render_for_the_running_agency(world):
    provider = make_provider(world.partner_agency)
    client = login(world.partner)
    assert client.get(reverse("protection:provider_create")).status_code == 200
    assert client.get(reverse("protection:provider_edit", args=[provider.pk])).status_code == 200
    detail = client.get(reverse("protection:provider_detail", args=[provider.pk])).content.decode()
    assert reverse("protection:provider_edit", args=[provider.pk]) in detail


def test_an_agency_finds_its_inactive_providers_in_the_directory_and_no_one_else_does(world):
    closed = make_provider(world.partner_agency, name="Closed house", is_active=False)
    url = reverse("protection:providers")
    partner = login(world.partner)
    partner.cookies["django_language"] = "km"
    html = partner.get(url).content.decode()
    assert closed.name in html and "មិនទទួលការបញ្ជូន" in html
    detail = partner.get(reverse("protection:provider_detail", args=[closed.pk])).content.decode()
    assert "មិនទទួលការបញ្ជូន" in detail
    for other in (world.owner, world.outsider):
        assert closed.name not in login(other).get(url).content.decode()
