"""Error pages users meet: a 404 with the menu, in their language; a 500 that needs no context."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from rumdoh.accounts.rules.roles import Role
from tests.conftest import login, make_agency, make_user


@pytest.mark.django_db
def test_a_missing_page_shows_the_menu_and_a_way_home() -> None:
    client = login(make_user(Role.CASE_WORKER, make_agency()))
    response = client.get("/protection/cases/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'aria-label="Main menu"' in html
    assert 'href="/people/"' in html


@pytest.mark.django_db
def test_the_missing_page_speaks_khmer() -> None:
    client = login(make_user(Role.CASE_WORKER, make_agency()))
    client.post("/i18n/setlang/", {"language": "km"})
    html = client.get("/no-such-page/").content.decode()
    assert '<html lang="km">' in html
    assert "រកមិនឃើញទំព័រ" in html


def test_a_missing_page_for_a_visitor_has_no_menu(db: None) -> None:
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert 'aria-label="Main menu"' not in response.content.decode()


def test_the_server_error_page_renders_without_any_context() -> None:
    with translation.override("km"):
        html = render_to_string("500.html")
    assert "មានបញ្ហា" in html
    assert 'href="/"' in html


@pytest.mark.django_db
def test_a_refusal_in_khmer_leads_to_the_start_page_not_to_a_home_address() -> None:
    # "Home" is also the label of a person's home address, which Khmer words as a dwelling.
    client = login(make_user(Role.HOTLINE_OPERATOR, make_agency()))
    client.cookies["django_language"] = "km"
    response = client.get("/operations/")
    html = response.content.decode()
    assert response.status_code == 403
    assert ">ទំព័រដើម</a>" in html
    assert "ទីលំនៅ" not in html
