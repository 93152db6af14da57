"""API lists page by page without counting the rows, with the same page cap as the pages."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from drf_spectacular.generators import SchemaGenerator

from rumdoh.accounts.models import AuditEvent
from rumdoh.core import pagination
from tests.conftest import login, make_person

pytestmark = pytest.mark.django_db

URL = "/api/v1/persons/"


@pytest.fixture
def five(world, settings):
    """Five persons the owner sees (the world's one and four more), two to an API page."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": 2}
    for n in range(4):
        make_person(world.owner, given_name=f"Vanna{n}")
    return login(world.owner)


def test_next_and_previous_walk_the_whole_list(world, five):
    seen, url, pages = [], URL, []
    while url:
        response = five.get(url)
        assert response.status_code == 200
        body = response.json()
        assert set(body) == {"next", "previous", "results"}
        pages.append(body)
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert [len(page["results"]) for page in pages] == [2, 2, 1]
    assert len(seen) == len(set(seen)) == 5 and world.person.pk in seen
    assert pages[0]["previous"] is None
    assert pages[0]["next"] == "http://testserver/api/v1/persons/?page=2"
    assert pages[1]["previous"] == "http://testserver/api/v1/persons/"
    assert pages[2]["previous"] == "http://testserver/api/v1/persons/?page=2"
    assert pages[2]["next"] is None
    # Each page logs the persons it showed, once each.
    logged = AuditEvent.objects.filter(action="person.listed", user=world.owner)
    assert sorted(logged.values_list("person_id", flat=True)) == sorted(seen)


def test_links_keep_the_other_query_parameters(five):
    body = five.get(URL, {"q": "Vanna"}).json()
    assert parse_qs(urlsplit(body["next"]).query) == {"q": ["Vanna"], "page": ["2"]}
    assert five.get(body["next"]).json()["previous"] == "http://testserver/api/v1/persons/?q=Vanna"


def test_no_page_counts_the_rows(five):
    for page in ("1", "2", "3"):
        with CaptureQueriesContext(connection) as queries:
            assert five.get(URL, {"page": page}).status_code == 200
        counting = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
        assert counting == []


def test_pages_stop_at_the_cap(five, monkeypatch):
    monkeypatch.setattr(pagination, "MAX_PAGE", 2)
    assert five.get(URL, {"page": 2}).json()["next"] is None  # rows remain, but no page 3
    response = five.get(URL, {"page": 3})
    assert response.status_code == 404
    assert "2" in response.json()["detail"] and "filters" in response.json()["detail"]


def test_the_default_cap_is_that_of_the_pages(world):
    client = login(world.owner)
    assert client.get(URL, {"page": pagination.MAX_PAGE + 1}).status_code == 404


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "last", "4"])
def test_an_invalid_page_is_not_found_as_before(five, page):
    response = five.get(URL, {"page": page})
    assert response.status_code == 404
    assert response.json()["detail"].startswith("Invalid page")


def test_an_empty_list_is_one_empty_page(world):
    body = login(world.outsider).get(URL, {"page": ""}).json()
    assert body == {"next": None, "previous": None, "results": []}


def test_the_schema_documents_the_page_without_a_count():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    page = schema["components"]["schemas"]["PaginatedPersonList"]
    assert set(page["properties"]) == {"next", "previous", "results"}
    assert set(page["required"]) == {"next", "previous", "results"}
    assert page["properties"]["next"]["nullable"] is True
    assert page["properties"]["results"]["items"] == {"$ref": "#/components/schemas/Person"}
    pages = [
        s for name, s in schema["components"]["schemas"].items() if name.startswith("Paginated")
    ]
    assert len(pages) > 5 and not any("count" in s["properties"] for s in pages)
    listing = schema["paths"]["/api/v1/persons/"]["get"]
    param = next(p for p in listing["parameters"] if p["name"] == "page")
    assert param["schema"] == {"type": "integer", "minimum": 1, "maximum": pagination.MAX_PAGE}
    assert listing["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PaginatedPersonList"
    }
