"""An agency administrator's list of users: search by username or name, filter by role and
status, refused filters said in Khmer and English, pages that keep the filters."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from rumdoh.accounts.models import User
from rumdoh.accounts.rules.roles import Role
from tests.conftest import login, make_agency, make_user

pytestmark = pytest.mark.django_db


def named(role: str, agency: object, username: str, first: str, last: str) -> User:
    user = make_user(role, agency, username)  # type: ignore[arg-type]
    user.first_name, user.last_name = first, last
    user.save()
    return user


@pytest.fixture
def shelter() -> tuple[Client, object]:
    agency = make_agency("Shelter")
    admin = named(Role.AGENCY_ADMIN, agency, "admin", "Dara", "Keo")
    named(Role.CASE_WORKER, agency, "worker1", "Sokha", "Chan")
    named(Role.CASE_WORKER, agency, "worker2", "Sokha", "Meas")
    suspended = named(Role.SCREENER, agency, "social1", "Bopha", "Chan")
    suspended.is_active = False
    suspended.save()
    named(Role.CASE_WORKER, make_agency("Other"), "outsider", "Sokha", "Chan")
    return login(admin), agency


def listed(client: Client, **query: str) -> list[str]:
    response = client.get(reverse("accounts:users"), query)
    assert response.status_code == 200
    return re.findall(r"<tr><td>([^<]+)</td>", response.content.decode())


def test_search_finds_colleagues_by_given_name_and_each_word_narrows(shelter):
    client, _ = shelter
    assert listed(client, q="sokha") == ["worker1", "worker2"]
    assert listed(client, q="Sokha Chan") == ["worker1"]
    assert listed(client, q="chan") == ["social1", "worker1"]
    assert listed(client, q="social") == ["social1"]
    assert "outsider" not in listed(client, q="sokha chan")


def test_role_and_status_filters_narrow_the_list(shelter):
    client, _ = shelter
    assert listed(client, role=Role.CASE_WORKER) == ["worker1", "worker2"]
    assert listed(client, status="suspended") == ["social1"]
    assert listed(client, status="active") == ["admin", "worker1", "worker2"]
    assert listed(client, q="chan", status="active") == ["worker1"]


def test_the_role_filter_offers_the_roles_the_agency_holds_and_reads_any_known_role(shelter):
    client, _ = shelter
    page = client.get(reverse("accounts:users")).content.decode()
    select = page.split('name="role"')[1].split("</select>")[0]
    offered = re.findall(r'<option value="([a-z_]+)"', select)
    assert sorted(offered) == sorted([Role.AGENCY_ADMIN, Role.CASE_WORKER, Role.SCREENER])
    # A role nobody of the agency holds (a link kept from before) lists nobody, without an error.
    response = client.get(reverse("accounts:users"), {"role": Role.PROSECUTOR})
    assert re.findall(r"<tr><td>([^<]+)</td>", response.content.decode()) == []
    assert "errorlist" not in response.content.decode()


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Select a valid choice"), ("km", "ជ្រើសរើសជម្រើសដែលត្រឹមត្រូវ")],
)
def test_a_refused_filter_lists_nobody_and_says_why(shelter, language, words):
    client, _ = shelter
    client.cookies["django_language"] = language
    response = client.get(reverse("accounts:users"), {"role": "boss", "status": "gone"})
    html = response.content.decode()
    assert re.findall(r"<tr><td>([^<]+)</td>", html) == []
    assert html.count("errorlist") == 2
    assert words in html


def test_the_next_page_keeps_the_filters(shelter):
    client, agency = shelter
    for number in range(55):
        named(Role.CASE_WORKER, agency, f"case{number:02d}", "Vanna", "Ly")
    page = client.get(reverse("accounts:users"), {"q": "vanna", "role": Role.CASE_WORKER})
    html = page.content.decode()
    assert len(re.findall(r"<tr><td>([^<]+)</td>", html)) == 50
    next_link = re.search(r'href="\?([^"]*page=2[^"]*)"', html)
    assert next_link is not None
    assert "q=vanna" in next_link.group(1) and f"role={Role.CASE_WORKER}" in next_link.group(1)
    second = listed(client, q="vanna", role=Role.CASE_WORKER, page="2")
    assert len(second) == 5
