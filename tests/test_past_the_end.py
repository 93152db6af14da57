"""A page past the last one of a list says so, and leads back to pages with rows: it never says
that nothing matches, which in the person search invites recording the person a second time."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from rumdoh.core import pagination
from rumdoh.core.pagination import LookaheadPage
from rumdoh.people.models import Person
from tests.conftest import World, login, make_person

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR) / "rumdoh"
PREVIOUS = re.compile(r'href="\?([^"]*)">Previous</a>')


def test_a_page_past_the_last_is_told_apart_from_an_empty_list(world: World) -> None:
    for n in range(4):
        make_person(world.owner, given_name=f"Vanna{n}")
    rows = Person.objects.order_by("pk")  # five persons, two to a page: pages 1 to 3
    last = LookaheadPage(rows, 3, 2)
    assert len(last) == 1 and not last.past_the_end and last.previous_page_number() == 2
    beyond = LookaheadPage(rows, 9, 2)
    assert beyond.past_the_end and list(beyond) == []
    assert beyond.has_previous() and beyond.previous_page_number() == 3
    assert not beyond.has_next()
    nothing = LookaheadPage(Person.objects.none(), 9, 2)
    assert nothing.past_the_end and not nothing.has_previous() and not nothing.has_other_pages()
    assert not LookaheadPage(Person.objects.none(), 1, 2).past_the_end


def test_the_last_page_is_found_among_ranked_search_results_too(world: World) -> None:
    from rumdoh.people.search import Ranked

    ranked = Ranked(Person, [world.person.pk])
    page = LookaheadPage(ranked, 5, 2)
    assert page.past_the_end and page.previous_page_number() == 1


def test_the_person_search_past_its_last_page_does_not_invite_a_new_record(world: World) -> None:
    client = login(world.owner)
    response = client.get("/people/", {"q": "Sokha", "page": "9999"})
    html = response.content.decode()
    assert 'id="past-the-end"' in html
    assert "This page is past the last result" in html
    assert "Nobody matches" not in html
    assert f"Page {pagination.MAX_PAGE}" not in html
    # Previous leads to the last page with rows: here the first, which lists the person.
    (query,) = PREVIOUS.findall(html)
    assert "page=1" in query and "q=Sokha" in query
    previous = client.get("/people/?" + query.replace("&amp;", "&")).content.decode()
    assert world.person.reference in previous
    # A search that finds nobody still says so on its first page.
    first = client.get("/people/", {"q": "Zzyzx"}).content.decode()
    assert "Nobody matches" in first and 'id="past-the-end"' not in first


def test_the_notice_is_in_the_readers_language(world: World) -> None:
    client = login(world.owner)
    client.cookies["django_language"] = "km"
    html = client.get("/people/", {"page": "2"}).content.decode()
    assert "ទំព័រនេះហួសពីលទ្ធផលចុងក្រោយ" in html


def test_a_case_list_past_its_last_page_says_so(world: World) -> None:
    from tests.protection.helpers import identify

    identify(world)
    html = login(world.owner).get("/protection/cases/", {"page": "9999"}).content.decode()
    assert 'id="past-the-end"' in html and "No case matches." not in html


def test_every_paged_list_says_a_page_past_the_end_is_that() -> None:
    """Each template with the pager shows ``core/past_the_end.html`` in place of its words for
    an empty list when the page is past the last one."""
    missing = []
    for path in sorted(ROOT.glob("**/templates/**/*.html")):
        source = path.read_text()
        if "core/pager.html" not in source:
            continue
        if "past_the_end" not in source and "attachments/_table.html" not in source:
            missing.append(str(path.relative_to(ROOT)))
    assert missing == []
    table = (ROOT / "attachments/templates/attachments/_table.html").read_text()
    assert "core/past_the_end.html" in table
