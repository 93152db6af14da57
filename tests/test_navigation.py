"""The main menu: one current entry, the best match; a short row with the rest behind "More"."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from rumdoh.accounts.rules.roles import Role
from rumdoh.portal.navigation import HOME_FOR_ROLE, PRIMARY, menu_for
from tests.conftest import login, make_agency, make_user

PATHS = [
    "/people/",
    "/people/12/",
    "/protection/",
    "/protection/cases/",
    "/protection/cases/7/",
    "/protection/referrals/",
    "/protection/providers/3/",
    "/justice/",
    "/justice/cases/",
    "/justice/cases/4/",
    "/notifications/",
    "/screening/",
    "/statistics/",
    "/account/audit/",
    "/account/users/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("path", PATHS)
def test_at_most_one_entry_is_current(role: Role, path: str) -> None:
    user = make_user(role, make_agency())
    current = [item for item in menu_for(user, path) if item.active]
    assert len(current) <= 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "path", "label"),
    [
        (Role.CASE_WORKER, "/protection/cases/7/", "Cases"),
        (Role.CASE_WORKER, "/protection/", "My work"),
        (Role.CASE_WORKER, "/justice/cases/4/", "Criminal cases"),
        (Role.CASE_WORKER, "/justice/", "Court follow-up"),
        (Role.POLICE_SUPERVISOR, "/justice/cases/4/", "Criminal cases"),
        (Role.POLICE_SUPERVISOR, "/justice/", "Due today"),
        (Role.POLICE_SUPERVISOR, "/protection/referrals/", "Referrals"),
        (Role.AGENCY_ADMIN, "/protection/providers/3/", "Service providers"),
    ],
)
def test_the_current_entry_is_the_best_match_for_the_path(
    role: Role, path: str, label: str
) -> None:
    user = make_user(role, make_agency())
    current = [str(item.label) for item in menu_for(user, path) if item.active]
    assert current == [label]


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_the_row_holds_a_few_entries_and_the_rest_is_behind_more(role: Role) -> None:
    menu = menu_for(make_user(role, make_agency()), "/")
    assert len(menu.primary) <= PRIMARY + 1
    assert not menu.more or len(menu.more) >= 2
    urls = [item.url for item in menu]
    assert len(urls) == len(set(urls)), "one page, one entry"


@pytest.mark.django_db
def test_the_page_marks_one_menu_entry_as_current() -> None:
    worker = make_user(Role.CASE_WORKER, make_agency())
    html = login(worker).get("/protection/cases/").content.decode()
    nav = html[html.index('<nav class="menu"') : html.index("</nav>")]
    assert nav.count('aria-current="page"') == 1
    assert '<details class="more">' in nav


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_the_start_page_takes_each_role_to_its_own_home(role: Role) -> None:
    response = login(make_user(role, make_agency())).get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse(HOME_FOR_ROLE[role])


def test_the_start_page_asks_who_you_are_first() -> None:
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_a_role_without_a_start_page_is_told_so_in_khmer_not_sent_round_in_a_loop() -> None:
    user = make_user(Role.SCREENER, make_agency(), "orphan")
    user.role = "retired_role"
    user.save(update_fields=["role"])
    client = login(user)
    response = client.get("/")
    assert response.status_code == 403
    assert "no start page" in response.content.decode()
    client.cookies["django_language"] = "km"
    response = client.get("/")
    assert response.status_code == 403
    assert "គណនីរបស់អ្នកមិនមានទំព័រដើម" in response.content.decode()
