"""One set of refusals: the API and the pages answer each of them the same way everywhere."""

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from tests.conftest import login
from tests.protection.helpers import owner_case

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user, token="token")
    return client


def test_stale_edit_through_the_api_is_409_with_the_reason(world):
    case = owner_case(world)
    url = f"/api/v1/cases/{case.pk}/plan/"
    client = api(world.owner)
    client.put(url, {"needs": ["medical"], "goals": "first", "version": 1}, format="json")
    answer = client.put(url, {"needs": [], "goals": "second", "version": 1}, format="json")
    assert answer.status_code == 409
    assert answer.json() == {"detail": "Someone else saved this plan while you were editing it."}
    assert client.get(url).json()["goals"] == "first"


@override_settings(ROOT_URLCONF="tests.core_error_urls")
def test_not_allowed_on_a_page_is_the_403_page_with_the_reason(world):
    page = login(world.owner).get("/raise/not-allowed/")
    assert page.status_code == 403
    assert "Only the court decides this." in page.content.decode()
    assert page.templates[0].name == "403.html"


@override_settings(ROOT_URLCONF="tests.core_error_urls")
def test_refused_not_caught_on_a_page_is_a_400_page_with_the_menu(world):
    page = login(world.owner).get("/raise/refused/")
    body = page.content.decode()
    assert page.status_code == 400
    assert "This case is closed." in body
    assert '<nav class="menu"' in body


@override_settings(ROOT_URLCONF="tests.core_error_urls")
def test_stale_edit_not_caught_on_a_page_is_a_409_page(world):
    page = login(world.owner).get("/raise/stale/")
    body = page.content.decode()
    assert page.status_code == 409
    assert "Someone else saved this case first." in body
    assert "Changed by someone else" in body


@override_settings(ROOT_URLCONF="tests.core_error_urls")
def test_the_refusal_page_speaks_khmer(world):
    client = login(world.owner)
    client.cookies["django_language"] = "km"
    page = client.get("/raise/refused/")
    assert page.status_code == 400
    assert "Not done" not in page.content.decode()
