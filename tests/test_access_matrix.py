"""Every page and endpoint of the identify-refer-follow flow, as three agencies see it.

The owner recorded the person; the partner is an agency the person consented to share with (and
whose shelter received the referral); the outsider is unrelated. The owner and the partner read;
only the owner changes; the outsider gets the same 404 as for a record that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from rumdoh.accounts.models import AuditEvent, User
from rumdoh.people.models import Person, PersonAccess
from rumdoh.protection import services as protection
from rumdoh.protection.models import FollowUp, ProtectionCase, Referral
from rumdoh.screening.models import ScreeningRecord
from tests.conftest import World, login
from tests.protection.helpers import make_provider, ready_to_refer, refer
from tests.screening.helpers import make_screening

pytestmark = pytest.mark.django_db


@dataclass
class Flow:
    world: World
    person: Person
    screening: ScreeningRecord
    referral: Referral
    case: ProtectionCase
    follow_up: FollowUp

    def ids(self) -> dict[str, int]:
        return {
            "person": self.person.pk,
            "screening": self.screening.pk,
            "identification": self.case.identification_id or 0,
            "referral": self.referral.pk,
            "case": self.case.pk,
            "follow_up": self.follow_up.pk,
            "consent": self.person.consents.first().pk,  # type: ignore[union-attr]
        }


@pytest.fixture
def flow(world: World) -> Flow:
    provider = ready_to_refer(world)
    make_provider(world.outsider_agency, name="Outsider shelter")
    screening = make_screening(world.owner, person=world.person)
    referral = refer(world, provider)
    case = ProtectionCase.objects.get(person=world.person, agency=world.owner_agency)
    protection.assign_case_worker(world.owner, case, world.owner)
    follow_up = protection.schedule_follow_up(
        world.owner, case, due_on=date.today() + timedelta(days=7), purpose="Home visit"
    )
    return Flow(world, world.person, screening, referral, case, follow_up)


def user_of(flow: Flow, who: str) -> User:
    return getattr(flow.world, who)  # type: ignore[no-any-return]


# Pages that show one person's data: (url name, the id they take).
PAGES = [
    ("people:detail", "person"),
    ("screening:detail", "screening"),
    ("protection:referral_detail", "referral"),
    ("protection:case_detail", "case"),
]
# Pages that change a person's record: the owner opens them, the partner may read but not change.
OWNER_PAGES = [
    ("people:edit", "person"),
    ("protection:case_plan", "case"),
]


@pytest.mark.parametrize(("name", "key"), PAGES)
@pytest.mark.parametrize(("who", "status"), [("owner", 200), ("partner", 200), ("outsider", 404)])
def test_person_pages(flow: Flow, name: str, key: str, who: str, status: int) -> None:
    url = reverse(name, args=[flow.ids()[key]])
    response = login(user_of(flow, who)).get(url)
    assert response.status_code == status
    if status == 200:
        assert flow.person.reference in response.content.decode()


@pytest.mark.parametrize(("name", "key"), OWNER_PAGES)
@pytest.mark.parametrize(("who", "status"), [("owner", 200), ("partner", 403), ("outsider", 404)])
def test_pages_that_change_a_record(flow: Flow, name: str, key: str, who: str, status: int) -> None:
    url = reverse(name, args=[flow.ids()[key]])
    assert login(user_of(flow, who)).get(url).status_code == status


@pytest.mark.parametrize("who", ["owner", "partner", "outsider"])
def test_a_page_read_is_audited_only_when_it_shows_the_record(flow: Flow, who: str) -> None:
    before = AuditEvent.objects.filter(person_id=flow.person.pk).count()
    login(user_of(flow, who)).get(reverse("people:detail", args=[flow.person.pk]))
    after = AuditEvent.objects.filter(person_id=flow.person.pk)
    if who == "outsider":
        assert after.count() == before
    else:
        assert after.filter(user=user_of(flow, who), action="person.viewed").exists()


LISTS = [
    ("people:list", {"q": "Sokha"}),
    ("protection:referrals", {}),
]


@pytest.mark.parametrize(("name", "query"), LISTS)
@pytest.mark.parametrize(("who", "seen"), [("owner", True), ("partner", True), ("outsider", False)])
def test_lists_show_the_person_only_to_those_allowed(
    flow: Flow, name: str, query: dict[str, str], who: str, seen: bool
) -> None:
    body = login(user_of(flow, who)).get(reverse(name), query).content.decode()
    assert (flow.person.reference in body) is seen


@pytest.mark.parametrize(
    ("name", "key"), [("protection:cases", "case"), ("screening:list", "screening")]
)
def test_case_and_screening_lists_are_the_agencys_own_work(flow: Flow, name: str, key: str) -> None:
    reference = {"case": flow.case.reference, "screening": flow.screening.reference}[key]
    assert reference in login(flow.world.owner).get(reverse(name)).content.decode()
    assert reference not in login(flow.world.outsider).get(reverse(name)).content.decode()


API_READS = [
    "/api/v1/persons/{person}/",
    "/api/v1/persons/{person}/consents/",
    "/api/v1/screenings/{screening}/",
    "/api/v1/identifications/{identification}/",
    "/api/v1/referrals/{referral}/",
    "/api/v1/cases/{case}/",
    "/api/v1/cases/{case}/history/",
    "/api/v1/cases/{case}/plan/",
    "/api/v1/cases/{case}/services/",
    "/api/v1/cases/{case}/follow-ups/",
    "/api/v1/follow-ups/{follow_up}/",
]


def api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("path", API_READS)
@pytest.mark.parametrize(("who", "status"), [("owner", 200), ("partner", 200), ("outsider", 404)])
def test_api_reads(flow: Flow, path: str, who: str, status: int) -> None:
    response = api(user_of(flow, who)).get(path.format(**flow.ids()))
    assert response.status_code == status, response.content


API_LISTS = ["persons", "screenings", "referrals", "cases"]


@pytest.mark.parametrize("kind", API_LISTS)
@pytest.mark.parametrize(("who", "seen"), [("owner", True), ("partner", True), ("outsider", False)])
def test_api_lists(flow: Flow, kind: str, who: str, seen: bool) -> None:
    reference = {
        "persons": flow.person.reference,
        "screenings": flow.screening.reference,
        "referrals": flow.referral.reference,
        "cases": flow.case.reference,
    }[kind]
    response = api(user_of(flow, who)).get(f"/api/v1/{kind}/")
    assert response.status_code == 200
    assert (f'"{reference}"' in response.content.decode()) is seen


# Changes only the owner may make: (method, path, body). Run as partner (403) and outsider (404).
API_CHANGES: list[tuple[str, str, dict[str, Any]]] = [
    ("patch", "/api/v1/persons/{person}/", {"occupation": "farmer", "version": 1}),
    ("post", "/api/v1/cases/{case}/stage/", {"stage": "recovery", "reason": "x"}),
    ("put", "/api/v1/cases/{case}/plan/", {"needs": ["housing"], "goals": "x", "version": 1}),
    ("post", "/api/v1/cases/{case}/follow-ups/", {"due_on": "2030-01-01", "purpose": "x"}),
    ("post", "/api/v1/cases/{case}/close/", {"closure_reason": "reintegrated", "note": "x"}),
    (
        "post",
        "/api/v1/follow-ups/{follow_up}/done/",
        {"done_on": "2026-01-01", "outcome": "stable"},
    ),
    ("post", "/api/v1/referrals/{referral}/withdraw/", {"reason": "x"}),
]


@pytest.mark.parametrize(("method", "path", "body"), API_CHANGES)
@pytest.mark.parametrize(("who", "status"), [("partner", 403), ("outsider", 404)])
def test_api_changes_are_the_owners_alone(
    flow: Flow, method: str, path: str, body: dict[str, Any], who: str, status: int
) -> None:
    client = api(user_of(flow, who))
    response = getattr(client, method)(path.format(**flow.ids()), body, format="json")
    assert response.status_code == status, response.content
    flow.case.refresh_from_db()
    flow.referral.refresh_from_db()
    assert flow.case.closed_at is None
    assert flow.case.stage != "recovery"
    assert flow.referral.status == "pending"


# Changes through pages: the partner is refused, the outsider sees nothing there.
PAGE_CHANGES = [
    ("protection:case_stage", "case", {"stage": "recovery"}),
    ("protection:case_close", "case", {"closure_reason": "reintegrated"}),
    ("protection:case_follow_up", "case", {"due_on": "2030-01-01"}),
    ("protection:case_assign", "case", {"case_worker": "0"}),
    ("protection:follow_up_done", "follow_up", {"done_on": "2026-01-01", "outcome": "stable"}),
    ("protection:referral_withdraw", "referral", {"reason": "x"}),
    ("people:consent_add", "person", {"scope": "statistics"}),
    ("people:document_add", "person", {"kind": "passport", "number": "N1"}),
]


@pytest.mark.parametrize(("name", "key", "body"), PAGE_CHANGES)
def test_page_changes_are_refused_to_the_other_agencies(
    flow: Flow, name: str, key: str, body: dict[str, str]
) -> None:
    url = reverse(name, args=[flow.ids()[key]])
    assert login(flow.world.partner).post(url, body).status_code == 403
    assert login(flow.world.outsider).post(url, body).status_code == 404
    flow.case.refresh_from_db()
    assert (flow.case.stage, flow.case.closed_at) == ("identification", None)


def test_only_the_provider_answers_a_referral_and_the_outsider_cannot_find_it(flow: Flow) -> None:
    accept = reverse("protection:referral_accept", args=[flow.referral.pk])
    assert login(flow.world.outsider).post(accept).status_code == 404
    assert login(flow.world.owner).post(accept).status_code == 403
    login(flow.world.partner).post(accept)
    flow.referral.refresh_from_db()
    assert flow.referral.status == "accepted"


@pytest.mark.parametrize(("who", "status"), [("owner", 200), ("partner", 200), ("outsider", 404)])
def test_refer_form(flow: Flow, who: str, status: int) -> None:
    url = reverse("protection:refer", args=[flow.person.pk])
    assert login(user_of(flow, who)).get(url).status_code == status


def test_the_partner_can_withdraw_a_consent_the_person_withdraws_there(flow: Flow) -> None:
    consent = flow.person.consents.get(scope="share")
    url = reverse("people:consent_withdraw", args=[flow.person.pk, consent.pk])
    assert login(flow.world.outsider).post(url, {"reason": "x"}).status_code == 404
    login(flow.world.partner).post(url, {"reason": "Told our shelter", "confirmed": "yes"})
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    # Access on the basis of that consent ends; the referral the partner received keeps its own.
    grants = PersonAccess.objects.filter(person=flow.person, agency=flow.world.partner_agency)
    assert grants.get(source="consent").revoked_at is not None
    assert grants.filter(revoked_at__isnull=True).exclude(source="consent").exists()


def test_a_partner_cannot_widen_sharing_to_another_agency(flow: Flow) -> None:
    url = reverse("people:consent_add", args=[flow.person.pk])
    body = {
        "scope": "share",
        "method": "signed",
        "given_on": "2026-02-01",
        "agency": flow.world.outsider_agency.pk,
    }
    assert login(flow.world.partner).post(url, body).status_code == 403
    response = api(flow.world.partner).post(
        f"/api/v1/persons/{flow.person.pk}/consents/", body, format="json"
    )
    assert response.status_code == 403
    detail = reverse("people:detail", args=[flow.person.pk])
    assert login(flow.world.outsider).get(detail).status_code == 404


def test_export_is_for_two_factor_roles_and_logs_each_person_not_the_search(world: World) -> None:
    from rumdoh.accounts.rules.roles import Role
    from tests.conftest import make_person, make_user

    url = reverse("people:export")
    assert login(world.owner).get(url).status_code == 403
    police = make_user(Role.POLICE_INVESTIGATOR, world.owner_agency)
    other = make_person(world.outsider, given_name="Dara", family_name="Keo")
    response = login(police).get(url, {"q": "Sokha Chan"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert response.status_code == 200
    assert world.person.reference in body and "Sokha" in body
    assert other.reference not in body
    event = AuditEvent.objects.get(action="person.exported", user=police)
    assert "Sokha" not in str(event.data) and event.data["searched"] is True
    rows = AuditEvent.objects.filter(action="person.exported_row", user=police)
    assert list(rows.values_list("person_id", flat=True)) == [world.person.pk]


@pytest.mark.parametrize(
    ("name", "key"),
    [("protection:refer", "person"), ("protection:case_plan", "case")],
)
def test_form_pages_that_show_the_person_are_audited(flow: Flow, name: str, key: str) -> None:
    login(flow.world.owner).get(reverse(name, args=[flow.ids()[key]]))
    shown = AuditEvent.objects.filter(action="person.shown", user=flow.world.owner)
    assert list(shown.values_list("person_id", flat=True)) == [flow.person.pk]


@pytest.mark.parametrize(("role", "offered"), [("screener", True), ("prosecutor", False)])
def test_screening_is_offered_only_to_those_who_may_screen(
    flow: Flow, role: str, offered: bool
) -> None:
    from tests.conftest import make_user

    user = make_user(role, flow.world.owner_agency)
    body = login(user).get(reverse("people:detail", args=[flow.person.pk])).content.decode()
    link = f"{reverse('screening:start')}?person={flow.person.pk}"
    assert body.count(link) == (1 if offered else 0)


@pytest.mark.parametrize(
    ("role", "page"),
    [
        ("case_worker", "screening_start"),
        ("case_worker", "screening_form"),
        ("identifier", "recognise"),
    ],
)
def test_other_form_pages_that_name_the_person_are_audited(
    flow: Flow, role: str, page: str
) -> None:
    from tests.conftest import make_user

    person = flow.person
    url = {
        "screening_start": f"{reverse('screening:start')}?person={person.pk}",
        "screening_form": f"{reverse('screening:form', args=['short'])}?person={person.pk}",
        "recognise": reverse("crossborder:recognise", args=[person.pk]),
    }[page]
    user = make_user(role, flow.world.owner_agency)
    response = login(user).get(url)
    assert response.status_code == 200
    assert person.given_name in response.content.decode()
    shown = AuditEvent.objects.filter(action="person.shown", user=user)
    assert list(shown.values_list("person_id", flat=True)) == [person.pk]
