"""An agency is named in the reader's language: its Khmer name on a Khmer page when it has one,
its name otherwise; the API keeps the one name partners rely on."""

import pytest
from django.urls import reverse
from django.utils import translation

from rumdoh.people.forms import ConsentForm
from rumdoh.people.services import add_document
from tests.conftest import World, login

pytestmark = pytest.mark.django_db

OWNER_KM = "មជ្ឈមណ្ឌលស្នាក់នៅបណ្ដោះអាសន្នម្ចាស់"
PARTNER_KM = "អង្គការដៃគូ"


@pytest.fixture
def named(world: World) -> World:
    world.owner_agency.name_km = OWNER_KM
    world.owner_agency.save()
    world.partner_agency.name_km = PARTNER_KM
    world.partner_agency.save()
    return world


def page(world: World, language: str) -> str:
    client = login(world.owner)
    client.cookies["django_language"] = language
    response = client.get(reverse("people:detail", args=[world.person.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_khmer_page_names_agencies_in_khmer(named: World) -> None:
    html = page(named, "km")
    # The person's recording agency, the consent's agency and the menu's own agency.
    assert html.count(OWNER_KM) >= 2 and PARTNER_KM in html
    assert "Owner Transit Centre" not in html and "Partner Shelter NGO" not in html


def test_an_english_page_keeps_the_agency_s_name(named: World) -> None:
    html = page(named, "en")
    assert "Owner Transit Centre" in html and "Partner Shelter NGO" in html
    assert OWNER_KM not in html and PARTNER_KM not in html


def test_an_agency_without_a_khmer_name_is_named_as_it_is(world: World) -> None:
    html = page(world, "km")
    assert "Owner Transit Centre" in html and "Partner Shelter NGO" in html


def test_the_agencies_offered_in_a_form_are_named_in_the_reader_s_language(named: World) -> None:
    def offered(language: str) -> set[str]:
        with translation.override(language):
            return {str(label) for _, label in ConsentForm().fields["agency"].choices}

    assert {OWNER_KM, PARTNER_KM, "Unrelated NGO"} <= offered("km")
    assert "Partner Shelter NGO" not in offered("km")
    assert {"Owner Transit Centre", "Partner Shelter NGO"} <= offered("en")
    # Logs and the console keep the registered name.
    with translation.override("km"):
        assert str(named.partner_agency) == "Partner Shelter NGO"


def test_the_api_names_the_agency_as_registered_whatever_the_language(named: World) -> None:
    client = login(named.owner)
    answer = client.get(f"/api/v1/persons/{named.person.pk}/", HTTP_ACCEPT_LANGUAGE="km")
    assert answer.status_code == 200, answer.content
    assert answer.json()["owner_agency"] == "Owner Transit Centre"


def test_the_provider_directory_finds_a_provider_by_its_agency_s_khmer_name(named: World) -> None:
    from tests.protection.helpers import make_provider

    provider = make_provider(named.partner_agency)
    client = login(named.owner)
    client.cookies["django_language"] = "km"
    for typed in (PARTNER_KM, "ដៃគូ", "Partner Shelter"):
        html = client.get(reverse("protection:providers"), {"q": typed}).content.decode()
        assert provider.name in html, typed
        assert PARTNER_KM in html  # the agency is named in Khmer beside it


def test_a_provider_is_named_in_khmer_on_khmer_pages_and_in_the_choice_of_provider(
    named: World,
) -> None:
    from rumdoh.protection.forms import ServiceForm
    from tests.protection.helpers import make_provider

    provider = make_provider(named.partner_agency, name_km="ផ្ទះសុវត្ថិភាព")
    client = login(named.owner)
    client.cookies["django_language"] = "km"
    html = client.get(reverse("protection:providers")).content.decode()
    assert "ផ្ទះសុវត្ថិភាព" in html and f">{provider.name}<" not in html
    with translation.override("km"):
        offered = {str(label) for _, label in ServiceForm().fields["provider"].choices}
    assert "ផ្ទះសុវត្ថិភាព" in offered and provider.name not in offered
    with translation.override("en"):
        offered = {str(label) for _, label in ServiceForm().fields["provider"].choices}
    assert provider.name in offered


@pytest.mark.parametrize(("language", "shown", "not_shown"), [
    ("en", "Cambodia", "Cambodian"),
    ("km", "កម្ពុជា", "ខ្មែរ"),
])  # fmt: skip
def test_a_document_names_the_country_that_issued_it(
    world: World, language: str, shown: str, not_shown: str
) -> None:
    document = {"kind": "passport", "number": "N7", "issuing_country": "KH"}
    add_document(world.owner, world.person, document)
    listed = page(world, language).split("N7", 1)[1].split("</li>", 1)[0]
    assert shown in listed and not_shown not in listed and "KH" not in listed
