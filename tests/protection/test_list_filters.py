"""The protection lists (cases, referrals, service providers) and their API lists take the same
filters, read by the same forms and applied by the same functions (``protection/queries.py``):
for the same filter they list the same rows in the same order, and the API answers 400 with the
form's message for a value the form refuses.

A typed number names what its prefix says: a C- or R-number the case or referral alone, a
P-number the person's cases or referrals alone, and a number without a prefix either."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest

from rumdoh.accounts.models import Agency, User
from rumdoh.people.models import Person
from rumdoh.protection.models import ProtectionCase, Referral, ServiceProvider
from tests.conftest import World, login, make_person
from tests.list_filters import NOT_A_CHOICE, assert_refused, too_long, walk_pages
from tests.protection.helpers import make_provider
from tests.querycount import assert_flat

pytestmark = pytest.mark.django_db

PHNOM_PENH = ZoneInfo("Asia/Phnom_Penh")
CASES = ("/protection/cases/", "/api/v1/cases/")
REFERRALS = ("/protection/referrals/", "/api/v1/referrals/")
PROVIDERS = ("/protection/providers/", "/api/v1/providers/")
# Record ids far from those of the persons, so that only the ids a test gives on purpose meet.
FAR = 900_000


def on(day: str) -> datetime:
    return datetime.fromisoformat(f"{day}T09:00").replace(tzinfo=PHNOM_PENH)


def on_the_page(user: User, urls: tuple[str, str], filters: dict[str, str]) -> list[int]:
    page = login(user).get(urls[0], filters)
    assert page.status_code == 200
    link = re.compile(rf'href="{urls[0]}(\d+)/"')
    return [int(pk) for pk in link.findall(page.content.decode())]


def in_the_api(user: User, urls: tuple[str, str], filters: dict[str, str]) -> list[int]:
    answer = login(user).get(urls[1], filters)
    assert answer.status_code == 200, answer.content
    return [row["id"] for row in answer.json()["results"]]


# --- cases ----------------------------------------------------------------------------------


def case(pk: int, person: Person, agency: Agency, opened: str, **fields: Any) -> int:
    by = User.objects.filter(agency=agency).first()
    row = ProtectionCase.objects.create(
        pk=pk, person=person, agency=agency, opened_by=by, opened_at=on(opened), **fields
    )
    return row.pk


@pytest.fixture
def cases(world: World) -> dict[str, int]:
    """The owner's cases of Sokha (``world.person``) and of Dara, one of them numbered as Sokha's
    person number; the partner's case of Sokha, shared with the owner; an outsider's case."""
    sokha, dara = world.person, make_person(world.owner, given_name="Dara", family_name="Meas")
    outsiders = make_person(world.outsider, given_name="Vanna")
    owner, partner = world.owner_agency, world.partner_agency
    return {
        "sokha's": case(FAR + 1, sokha, owner, "2026-03-01", case_worker=world.owner),
        "numbered as sokha": case(sokha.pk, dara, owner, "2026-02-01", stage="recovery"),
        "dara's closed": case(
            FAR + 2, dara, owner, "2026-01-01", stage="recovery", closed_at=on("2026-04-01"),
            closure_reason="reintegrated",
        ),
        "partner's of sokha": case(FAR + 3, sokha, partner, "2026-02-15", stage="recovery"),
        "outsider's": case(FAR + 4, outsiders, world.outsider_agency, "2026-02-20"),
    }  # fmt: skip


OURS = ["sokha's", "numbered as sokha", "dara's closed"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("C-{pk:06d}", ["numbered as sokha"]),
        ("c{pk}", ["numbered as sokha"]),
        (" C - {pk} ", ["numbered as sokha"]),
        ("P-{pk:07d}", ["sokha's"]),
        ("p {pk}", ["sokha's"]),
        ("{pk}", ["sokha's", "numbered as sokha"]),
        ("{pk:07d}", ["sokha's", "numbered as sokha"]),
        ("R-{pk}", []),
        ("Sokha", []),
    ],
)
def test_a_case_number_finds_the_case_a_person_number_the_persons_cases(
    world: World, cases: dict[str, int], typed: str, expected: list[str]
) -> None:
    q = typed.format(pk=world.person.pk)
    wanted = [cases[name] for name in expected]
    assert on_the_page(world.owner, CASES, {"q": q}) == wanted
    assert in_the_api(world.owner, CASES, {"q": q, "scope": "agency"}) == wanted


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, OURS),
        ({"stage": "recovery"}, ["numbered as sokha", "dara's closed"]),
        ({"state": "open"}, ["sokha's", "numbered as sokha"]),
        ({"state": "closed", "stage": "recovery"}, ["dara's closed"]),
        ({"mine": "on"}, ["sokha's"]),
        ({"stage": "identification", "state": "closed"}, []),
        ({"scope": "shared"}, ["partner's of sokha"]),
        ({"scope": "shared", "q": "P-{pk}"}, ["partner's of sokha"]),
        ({"scope": "shared", "stage": "identification"}, []),
        ({"q": "{pk}", "state": "open", "stage": "recovery"}, ["numbered as sokha"]),
        ({"q": "", "stage": "", "state": "", "scope": ""}, OURS),
    ],
)
def test_the_page_and_the_api_list_the_same_cases_for_a_filter(
    world: World, cases: dict[str, int], filters: dict[str, str], expected: list[str]
) -> None:
    filters = {name: value.format(pk=world.person.pk) for name, value in filters.items()}
    wanted = [cases[name] for name in expected]
    assert on_the_page(world.owner, CASES, filters) == wanted
    # The page's first scope, sent empty or not at all, is the API's "agency".
    api_filters = {**filters, "scope": filters.get("scope") or "agency"}
    assert in_the_api(world.owner, CASES, api_filters) == wanted


def test_the_api_lists_every_case_the_agency_sees_without_a_scope_filtered_alike(
    world: World, cases: dict[str, int]
) -> None:
    """Without a scope the API lists the agency's cases and those shared with it together, as
    it did before it took filters; the page lists them apart."""
    every = ["sokha's", "partner's of sokha", "numbered as sokha", "dara's closed"]
    assert in_the_api(world.owner, CASES, {}) == [cases[name] for name in every]
    assert in_the_api(world.owner, CASES, {"scope": ""}) == [cases[name] for name in every]
    filters = {"stage": "recovery", "state": "open"}
    wanted = [cases["partner's of sokha"], cases["numbered as sokha"]]
    assert in_the_api(world.owner, CASES, filters) == wanted
    assert sorted(wanted) == sorted(
        on_the_page(world.owner, CASES, filters)
        + on_the_page(world.owner, CASES, {**filters, "scope": "shared"})
    )
    assert in_the_api(world.owner, CASES, {"q": f"P-{world.person.pk}"}) == [
        cases["sokha's"],
        cases["partner's of sokha"],
    ]


def test_the_case_api_pages_a_filtered_list_and_keeps_the_filter(
    world: World, cases: dict[str, int], settings: Any
) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": 1}
    filters = {"q": str(world.person.pk), "state": "open", "scope": "agency"}
    seen, links = walk_pages(login(world.owner), CASES[1], filters)
    assert seen == [cases["sokha's"], cases["numbered as sokha"]] and len(links) == 1
    assert seen == on_the_page(world.owner, CASES, {**filters, "scope": ""})
    assert parse_qs(urlsplit(links[0]).query) == {
        **{name: [value] for name, value in filters.items()},
        "page": ["2"],
    }


# --- referrals ------------------------------------------------------------------------------


def referral(
    pk: int, person: Person, by: User, provider: ServiceProvider, made: str, **fields: Any
) -> int:
    row = Referral.objects.create(
        pk=pk, person=person, referring_agency=by.agency, referred_by=by, provider=provider,
        needs=["housing"], **fields,
    )  # fmt: skip
    Referral.objects.filter(pk=pk).update(created_at=on(made))
    return row.pk


@pytest.fixture
def referrals(world: World) -> dict[str, int]:
    """Referrals the owner made of Sokha and of Dara (one numbered as Sokha's person number), one
    the partner made of Sokha to the owner's provider, and an outsider's."""
    sokha, dara = world.person, make_person(world.owner, given_name="Dara", family_name="Meas")
    shelter = make_provider(world.partner_agency)
    clinic = make_provider(world.owner_agency, name="Owner clinic")
    outsiders = make_provider(world.outsider_agency)
    vanna = make_person(world.outsider, given_name="Vanna")
    return {
        "sokha's": referral(FAR + 1, sokha, world.owner, shelter, "2026-03-01"),
        "numbered as sokha": referral(
            sokha.pk, dara, world.owner, shelter, "2026-02-01", status="declined"
        ),
        "received of sokha": referral(
            FAR + 2, sokha, world.partner, clinic, "2026-01-01", status="accepted"
        ),
        "outsider's": referral(FAR + 3, vanna, world.outsider, outsiders, "2026-02-15"),
    }


ALL_REFERRALS = ["sokha's", "numbered as sokha", "received of sokha"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("R-{pk:06d}", ["numbered as sokha"]),
        ("r {pk}", ["numbered as sokha"]),
        ("P-{pk:07d}", ["sokha's", "received of sokha"]),
        ("p{pk}", ["sokha's", "received of sokha"]),
        ("{pk}", ALL_REFERRALS),
        ("C-{pk}", []),
        ("RP-{pk}", []),
    ],
)
def test_a_referral_number_finds_the_referral_a_person_number_the_persons_referrals(
    world: World, referrals: dict[str, int], typed: str, expected: list[str]
) -> None:
    q = typed.format(pk=world.person.pk)
    wanted = [referrals[name] for name in expected]
    assert on_the_page(world.owner, REFERRALS, {"q": q}) == wanted
    assert in_the_api(world.owner, REFERRALS, {"q": q}) == wanted


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ALL_REFERRALS),
        ({"direction": "made"}, ["sokha's", "numbered as sokha"]),
        ({"direction": "received"}, ["received of sokha"]),
        ({"status": "declined"}, ["numbered as sokha"]),
        ({"status": "pending", "direction": "made"}, ["sokha's"]),
        ({"status": "accepted", "direction": "made"}, []),
        ({"q": "P-{pk}", "direction": "received"}, ["received of sokha"]),
        ({"q": "", "direction": "", "status": ""}, ALL_REFERRALS),
    ],
)
def test_the_page_and_the_api_list_the_same_referrals_for_a_filter(
    world: World, referrals: dict[str, int], filters: dict[str, str], expected: list[str]
) -> None:
    filters = {name: value.format(pk=world.person.pk) for name, value in filters.items()}
    wanted = [referrals[name] for name in expected]
    assert on_the_page(world.owner, REFERRALS, filters) == wanted
    assert in_the_api(world.owner, REFERRALS, filters) == wanted


def test_the_referral_api_pages_a_filtered_list_and_keeps_the_filter(
    world: World, referrals: dict[str, int], settings: Any
) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": 1}
    client = login(world.owner)
    seen, links = walk_pages(client, REFERRALS[1], {"direction": "made"})
    assert seen == [referrals["sokha's"], referrals["numbered as sokha"]] and len(links) == 1
    assert parse_qs(urlsplit(links[0]).query) == {"direction": ["made"], "page": ["2"]}
    q = f"P-{world.person.pk}"
    seen, links = walk_pages(client, REFERRALS[1], {"q": q})
    assert seen == [referrals["sokha's"], referrals["received of sokha"]] and len(links) == 1
    assert parse_qs(urlsplit(links[0]).query) == {"q": [q], "page": ["2"]}


# --- service providers ----------------------------------------------------------------------


@pytest.fixture
def providers(world: World) -> dict[str, int]:
    """Three active providers of three agencies, and an inactive one the page leaves out."""
    rows = {
        "angkor": make_provider(
            world.partner_agency, name="Angkor Shelter", province="17",
            services=["housing", "medical"], free_places=3,
        ),
        "battambang": make_provider(
            world.owner_agency, name="Battambang Clinic", province="02", services=["medical"],
            free_places=0,
        ),
        "kampot": make_provider(
            world.outsider_agency, name="Kampot Legal Aid", name_km="ជំនួយផ្លូវច្បាប់កំពត",
            province="07", services=["legal_aid"], free_places=2,
        ),
        "closed": make_provider(
            world.partner_agency, name="Closed Refuge", province="17", services=["housing"],
            is_active=False,
        ),
    }  # fmt: skip
    return {name: row.pk for name, row in rows.items()}


@pytest.mark.parametrize(
    ("filters", "expected", "inactive"),
    [
        ({}, ["angkor", "battambang", "kampot"], True),
        ({"service": "medical"}, ["angkor", "battambang"], False),
        ({"service": "housing", "with_places": "on"}, ["angkor"], True),
        ({"province": "17"}, ["angkor"], True),
        ({"province": "07", "service": "medical"}, [], False),
        ({"with_places": "true"}, ["angkor", "kampot"], True),
        ({"q": "partner shelter"}, ["angkor"], True),
        ({"q": "ច្បាប់"}, ["kampot"], False),
        ({"q": "clinic", "with_places": ""}, ["battambang"], False),
        ({"q": "", "service": "", "province": ""}, ["angkor", "battambang", "kampot"], True),
    ],
)
def test_the_page_and_the_api_list_the_same_providers_for_a_filter(
    world: World,
    providers: dict[str, int],
    filters: dict[str, str],
    expected: list[str],
    inactive: bool,
) -> None:
    """The API also lists the inactive provider (the agency edits its entries through it),
    narrowed by the same filters; the page lists the active ones."""
    wanted = [providers[name] for name in expected]
    assert on_the_page(world.owner, PROVIDERS, filters) == wanted
    also = [providers["closed"]] if inactive else []
    assert in_the_api(world.owner, PROVIDERS, filters) == sorted(
        wanted + also, key=lambda pk: ServiceProvider.objects.get(pk=pk).name
    )


def test_the_provider_api_pages_a_filtered_list_and_keeps_the_filter(
    world: World, providers: dict[str, int], settings: Any
) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": 1}
    filters = {"service": "medical", "q": "a"}
    seen, links = walk_pages(login(world.owner), PROVIDERS[1], filters)
    assert seen == [providers["angkor"], providers["battambang"]] and len(links) == 1
    assert parse_qs(urlsplit(links[0]).query) == {
        "service": ["medical"],
        "q": ["a"],
        "page": ["2"],
    }


# --- a filter that does not validate --------------------------------------------------------

TOO_LONG = too_long(200, 201)


@pytest.mark.parametrize("language", ["en", "km"])
@pytest.mark.parametrize(
    ("url", "filters", "field", "messages", "code"),
    [
        (CASES[1], {"stage": "done"}, "stage", NOT_A_CHOICE, "invalid_choice"),
        (CASES[1], {"state": "pending", "stage": "recovery"}, "state", NOT_A_CHOICE,
         "invalid_choice"),
        (CASES[1], {"scope": "everyone"}, "scope", NOT_A_CHOICE, "invalid_choice"),
        (CASES[1], {"q": "1" * 201}, "q", TOO_LONG, "max_length"),
        (REFERRALS[1], {"direction": "sideways"}, "direction", NOT_A_CHOICE, "invalid_choice"),
        (REFERRALS[1], {"status": "open", "direction": "made"}, "status", NOT_A_CHOICE,
         "invalid_choice"),
        (REFERRALS[1], {"q": "R" * 201}, "q", TOO_LONG, "max_length"),
        (PROVIDERS[1], {"service": "spa"}, "service", NOT_A_CHOICE, "invalid_choice"),
        (PROVIDERS[1], {"province": "99", "with_places": "on"}, "province", NOT_A_CHOICE,
         "invalid_choice"),
        (PROVIDERS[1], {"q": "x" * 201}, "q", TOO_LONG, "max_length"),
    ],
)  # fmt: skip
def test_the_api_refuses_a_filter_that_does_not_validate_in_the_readers_language(
    world: World,
    url: str,
    filters: dict[str, str],
    field: str,
    messages: dict[str, str],
    code: str,
    language: str,
) -> None:
    answer = login(world.owner).get(url, filters, HTTP_ACCEPT_LANGUAGE=language)
    assert_refused(answer, field, messages, code, language, filters.get(field, ""))


@pytest.mark.parametrize("urls", [CASES, REFERRALS])
def test_a_search_that_is_no_number_finds_nothing_and_is_not_refused(
    world: World, cases: dict[str, int], referrals: dict[str, int], urls: tuple[str, str]
) -> None:
    """The search refuses only what is too long, as it always has: other text names nothing."""
    for q in ("Sokha", "C--12", "-12", "0"):
        assert on_the_page(world.owner, urls, {"q": q}) == []
        assert in_the_api(world.owner, urls, {"q": q}) == []


@pytest.mark.parametrize("language", ["en", "km"])
@pytest.mark.parametrize(
    ("url", "text"),
    [
        (CASES[0], {"en": "a number alone, such as 12, finds either", "km": "រកឃើញទាំងពីរ"}),
        (REFERRALS[0], {"en": "P-0000041 that person&#x27;s referrals", "km": "R-000012 រកឃើញ"}),
    ],
)
def test_the_page_says_what_a_number_finds(
    world: World, url: str, text: dict[str, str], language: str
) -> None:
    page = login(world.owner).get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert text[language] in page.content.decode()


def test_one_record_is_read_whatever_list_filters_come_along(
    world: World, cases: dict[str, int], referrals: dict[str, int], providers: dict[str, int]
) -> None:
    client = login(world.owner)
    refused = {"stage": "done", "direction": "sideways", "service": "spa", "q": "C-1"}
    for url, pk in (
        (CASES[1], cases["partner's of sokha"]),
        (REFERRALS[1], referrals["received of sokha"]),
        (PROVIDERS[1], providers["closed"]),
    ):
        one = client.get(f"{url}{pk}/", refused)
        assert one.status_code == 200 and one.json()["id"] == pk


# --- cost -----------------------------------------------------------------------------------


def test_the_filtered_api_lists_read_a_fixed_number_of_queries(world: World) -> None:
    client = login(world.owner)
    shelter = make_provider(world.partner_agency, name="Angkor Shelter", services=["medical"])
    numbers = iter(range(FAR, FAR + 100))

    def more_cases() -> list[str]:
        pks = [next(numbers) for _ in range(4)]
        for pk in pks:
            person = make_person(world.owner, given_name=f"Dara{pk}")
            case(pk, person, world.owner_agency, "2026-02-01", stage="recovery")
        return [f'"id":{pk},' for pk in pks]

    def more_referrals() -> list[str]:
        pks = [next(numbers) for _ in range(4)]
        for pk in pks:
            referral(pk, make_person(world.owner, given_name=f"Dara{pk}"), world.owner, shelter,
                     "2026-02-01")  # fmt: skip
        return [f'"id":{pk},' for pk in pks]

    def more_providers() -> list[str]:
        names = [f"Clinic {next(numbers)} of Kampot" for _ in range(4)]
        for name in names:
            make_provider(world.owner_agency, name=name, services=["medical"])
        return names

    more_cases(), more_referrals(), more_providers()
    assert_flat(client, f"{CASES[1]}?stage=recovery&state=open&q=&scope=agency", more_cases)
    assert_flat(client, f"{REFERRALS[1]}?direction=made&status=pending", more_referrals)
    assert_flat(client, f"{PROVIDERS[1]}?service=medical&q=a", more_providers)
