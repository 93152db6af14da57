"""The complaint, recruiter, worksite, inspection and prevention list pages and their API lists
take the same filters, read by the same forms: for the same filter they list the same rows in the
same order, and the API answers 400 with the form's message for a value the form refuses instead
of ignoring it (the page shows it beside the field)."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from rumdoh.accounts.models import AgencyKind
from rumdoh.accounts.rules.roles import Role
from rumdoh.labour.models import Complaint, Inspection, RecruitmentAgency
from rumdoh.labour.services import complaints as svc
from rumdoh.labour.services import registers
from tests.conftest import login, make_agency, make_person, make_user
from tests.labour.helpers import LabourWorld, days
from tests.list_filters import (
    BACKWARDS,
    NOT_A_CHOICE,
    NOT_A_DATE,
    assert_refused,
    too_long,
    walk_pages,
)
from tests.querycount import assert_flat

pytestmark = pytest.mark.django_db

COMPLAINTS = "/api/v1/labour-complaints/"
RECRUITERS = "/api/v1/recruitment-agencies/"
WORKSITES = "/api/v1/labour/worksites/"
INSPECTIONS = "/api/v1/labour/inspections/"
PREVENTION = "/api/v1/labour/prevention/"


def on_the_page(client: Any, url: str, filters: dict[str, str]) -> list[int]:
    page = client.get(url, filters)
    assert page.status_code == 200
    return [row.pk for row in page.context["page"]]


def in_the_api(client: Any, url: str, filters: dict[str, str]) -> list[int]:
    answer = client.get(url, filters)
    assert answer.status_code == 200, answer.content
    return [row["id"] for row in answer.json()["results"]]


def said_beside(page: Any, field: str) -> list[str]:
    """The messages of the page's error list for ``field`` (the one its input is described by)."""
    found = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', page)
    return (
        [html.unescape(m) for m in re.findall(r"<li>(.*?)</li>", found.group(1))] if found else []
    )


def dated(filters: dict[str, Any]) -> dict[str, str]:
    """``filters`` with a whole number of days ago written as that day's date."""
    return {k: days(v).isoformat() if isinstance(v, int) else v for k, v in filters.items()}


# --- complaints -----------------------------------------------------------------------------


def complaint(lw: LabourWorld, days_ago: int, complainant: Any = None) -> Complaint:
    return svc.file_complaint(
        lw.inspector,
        filed_on=timezone.localdate() - timedelta(days=days_ago),
        description="Wages withheld.",
        province="01",
        complainant=complainant,
    )


@pytest.fixture
def complaints(lw: LabourWorld) -> dict[str, int]:
    """Filed on different days, listed newest filing first (not in the order they were made)."""
    police = make_agency("Police unit", AgencyKind.POLICE, "01")
    trafficked = make_person(lw.inspector, given_name="Vanna", family_name="Chhim")
    lw.screening("trafficking-indicated", person=trafficked)
    outstanding = complaint(lw, 6, complainant=trafficked)
    referred = complaint(lw, 2)
    referred.screenings.add(lw.screening("forced-labour-indicated", person=trafficked))
    svc.refer(lw.inspector, referred, police, timezone.localdate())
    heard = complaint(lw, 4)
    Complaint.objects.filter(pk=heard.pk).update(stage="hearing_scheduled")
    closed = complaint(lw, 9, complainant=lw.person)
    Complaint.objects.filter(pk=closed.pk).update(stage="closed")
    filed = complaint(lw, 1)
    return {
        "filed": filed.pk,
        "referred": referred.pk,
        "heard": heard.pk,
        "outstanding": outstanding.pk,
        "closed": closed.pk,
    }


ALL_COMPLAINTS = ["filed", "referred", "heard", "outstanding", "closed"]


@pytest.mark.parametrize(("filters", "expected"), [
    ({}, ALL_COMPLAINTS),
    ({"stage": "filed"}, ["filed", "referred", "outstanding"]),
    ({"stage": "hearing_scheduled"}, ["heard"]),
    ({"stage": "agreement"}, []),
    ({"referral": "outstanding"}, ["outstanding"]),
    ({"referral": "outstanding", "stage": "closed"}, []),
    ({"q": "LC-"}, []),
    ({"q": "Vanna"}, []),
    ({"q": "", "stage": "", "referral": ""}, ALL_COMPLAINTS),
])  # fmt: skip
def test_the_page_and_the_api_list_the_same_complaints_for_a_filter(
    lw: LabourWorld, complaints: dict[str, int], filters: dict[str, str], expected: list[str]
) -> None:
    client = login(lw.inspector)
    wanted = [complaints[name] for name in expected]
    assert on_the_page(client, reverse("labour:complaints"), filters) == wanted
    assert in_the_api(client, COMPLAINTS, filters) == wanted


@pytest.mark.parametrize(("typed", "more", "found"), [
    ("LC-{pk:06d}", {}, True),
    ("lc{pk}", {"stage": "closed"}, True),
    (" {pk} ", {}, True),
    ("LC-{pk:06d}", {"stage": "filed"}, False),
])  # fmt: skip
def test_the_page_and_the_api_find_the_same_complaint_by_its_number(
    lw: LabourWorld, complaints: dict[str, int], typed: str, more: dict[str, str], found: bool
) -> None:
    pk = complaints["closed"]
    filters = {"q": typed.format(pk=pk), **more}
    client = login(lw.inspector)
    wanted = [pk] if found else []
    assert on_the_page(client, reverse("labour:complaints"), filters) == wanted
    assert in_the_api(client, COMPLAINTS, filters) == wanted


def test_the_complaints_api_says_a_referral_is_outstanding_where_the_filter_finds_one(
    lw: LabourWorld, complaints: dict[str, int]
) -> None:
    rows = login(lw.inspector).get(COMPLAINTS).json()["results"]
    said = {row["id"]: row["referral_outstanding"] for row in rows}
    assert said == {
        pk: svc.referral_outstanding(Complaint.objects.get(pk=pk)) for pk in complaints.values()
    }
    assert [pk for pk, outstanding in said.items() if outstanding] == [complaints["outstanding"]]


def test_the_complaints_api_pages_a_filtered_list_and_keeps_the_filter(
    lw: LabourWorld, complaints: dict[str, int], settings: Any
) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": 1}
    client = login(lw.inspector)
    seen, links = walk_pages(client, COMPLAINTS, {"stage": "filed"})
    assert seen == [complaints[name] for name in ("filed", "referred", "outstanding")]
    assert len(links) == 2
    assert parse_qs(urlsplit(links[0]).query) == {"stage": ["filed"], "page": ["2"]}


@pytest.mark.parametrize("language", ["en", "km"])
@pytest.mark.parametrize(("filters", "field"), [
    ({"stage": "open"}, "stage"),
    ({"referral": "yes", "stage": "filed"}, "referral"),
])  # fmt: skip
def test_the_complaints_api_refuses_an_unknown_choice_in_the_readers_language(
    lw: LabourWorld, complaints: dict[str, int], filters: dict[str, str], field: str, language: str
) -> None:
    answer = login(lw.inspector).get(COMPLAINTS, filters, HTTP_ACCEPT_LANGUAGE=language)
    assert_refused(answer, field, NOT_A_CHOICE, "invalid_choice", language, filters[field])


@pytest.mark.parametrize("language", ["en", "km"])
def test_the_complaints_api_refuses_a_reference_too_long_in_the_readers_language(
    lw: LabourWorld, complaints: dict[str, int], language: str
) -> None:
    answer = login(lw.inspector).get(COMPLAINTS, {"q": "L" * 21}, HTTP_ACCEPT_LANGUAGE=language)
    assert_refused(answer, "q", too_long(20, 21), "max_length", language)


def test_one_complaint_is_read_whatever_list_filters_come_along(
    lw: LabourWorld, complaints: dict[str, int]
) -> None:
    pk = complaints["closed"]
    filters = {"stage": "filed", "referral": "maybe", "q": "nothing"}
    one = login(lw.inspector).get(f"{COMPLAINTS}{pk}/", filters)
    assert one.status_code == 200 and one.json()["id"] == pk


# --- recruitment agencies -------------------------------------------------------------------


def agency(lw: LabourWorld, name: str, licence: str, province: str, name_km: str = "") -> int:
    today = timezone.localdate()
    return registers.register_agency(
        lw.licensing,
        name=name,
        name_km=name_km,
        licence_number=licence,
        issued_on=today - timedelta(days=100),
        expires_on=today + timedelta(days=900),
        deposit_usd=100_000,
        province=province,
    ).pk


@pytest.fixture
def recruiters(lw: LabourWorld) -> dict[str, int]:
    return {
        "mekong": agency(lw, "Mekong Workforce", "PRA-0101", "12"),
        "angkor": agency(lw, "Angkor Manpower", "PRA-0102", "01", name_km="អង្គរ ម៉ែនផៅវ័រ"),
        "bridge": agency(lw, "Golden Bridge Mekong", "PRA-0103", "12"),
        "apsara": agency(lw, "Apsara Recruitment", "PRA-0104", "17"),
    }


@pytest.mark.parametrize(("filters", "expected"), [
    ({}, ["angkor", "apsara", "bridge", "mekong"]),
    ({"q": "mekong"}, ["bridge", "mekong"]),
    ({"q": " MEKONG ", "province": "12"}, ["bridge", "mekong"]),
    ({"q": "អង្គរ"}, ["angkor"]),
    ({"q": "pra-0104"}, ["apsara"]),
    ({"q": "PRA-01"}, []),
    ({"province": "12"}, ["bridge", "mekong"]),
    ({"province": "17", "q": "mekong"}, []),
    ({"q": "", "province": ""}, ["angkor", "apsara", "bridge", "mekong"]),
])  # fmt: skip
def test_the_page_and_the_api_list_the_same_recruiters_for_a_filter(
    lw: LabourWorld, recruiters: dict[str, int], filters: dict[str, str], expected: list[str]
) -> None:
    client = login(lw.licensing)
    wanted = [recruiters[name] for name in expected]
    assert on_the_page(client, reverse("labour:recruiters"), filters) == wanted
    assert in_the_api(client, RECRUITERS, filters) == wanted


def test_the_recruiters_api_pages_a_filtered_list_and_keeps_the_filter(
    lw: LabourWorld, recruiters: dict[str, int], settings: Any
) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": 1}
    client = login(lw.licensing)
    filters = {"q": "mekong", "province": "12"}
    seen, links = walk_pages(client, RECRUITERS, filters)
    assert seen == [recruiters["bridge"], recruiters["mekong"]]
    assert seen == on_the_page(client, reverse("labour:recruiters"), filters)
    assert len(links) == 1
    assert parse_qs(urlsplit(links[0]).query) == {
        "q": ["mekong"],
        "province": ["12"],
        "page": ["2"],
    }


@pytest.mark.parametrize("language", ["en", "km"])
def test_the_recruiters_api_refuses_what_the_page_refuses_in_the_readers_language(
    lw: LabourWorld, recruiters: dict[str, int], language: str
) -> None:
    client = login(lw.licensing)
    answer = client.get(RECRUITERS, {"province": "99"}, HTTP_ACCEPT_LANGUAGE=language)
    assert_refused(answer, "province", NOT_A_CHOICE, "invalid_choice", language, "99")
    answer = client.get(RECRUITERS, {"q": "M" * 101}, HTTP_ACCEPT_LANGUAGE=language)
    assert_refused(answer, "q", too_long(100, 101), "max_length", language)


def test_one_recruiter_is_read_whatever_list_filters_come_along(
    lw: LabourWorld, recruiters: dict[str, int]
) -> None:
    pk = recruiters["angkor"]
    one = login(lw.licensing).get(f"{RECRUITERS}{pk}/", {"q": "mekong", "province": "99"})
    assert one.status_code == 200 and one.json()["id"] == pk


def test_a_filtered_recruiter_list_reads_a_fixed_number_of_queries(
    lw: LabourWorld, recruiters: dict[str, int]
) -> None:
    def more() -> list[str]:
        for n in range(3):
            pk = agency(lw, f"Mekong Labour {n}", f"PRA-02{n}", "12")
            registers.sanction(
                lw.licensing,
                RecruitmentAgency.objects.get(pk=pk),
                kind="warning",
                starts_on=timezone.localdate(),
                grounds="Fees",
            )
        return [f"Mekong Labour {n}" for n in range(3)]

    assert_flat(login(lw.licensing), f"{RECRUITERS}?q=mekong&province=12", more)


# --- worksites ------------------------------------------------------------------------------


@pytest.fixture
def worksites(lw: LabourWorld) -> dict[str, int]:
    def site(name: str, kind: str, province: str) -> int:
        return registers.register_worksite(lw.inspector, name=name, kind=kind, province=province).pk

    return {
        "kiln one": site("Kiln One", "brick_kiln", "08"),
        "compound": site("Golden Fortune Compound", "scam_compound", "18"),
        "kiln two": site("Kiln Two", "brick_kiln", "18"),
        "boat": site("Boat Kiln Harbour", "fishing", "09"),
    }


@pytest.mark.parametrize(("filters", "expected"), [
    ({}, ["boat", "compound", "kiln one", "kiln two"]),
    ({"q": "kiln"}, ["boat", "kiln one", "kiln two"]),
    ({"q": "KILN", "kind": "brick_kiln"}, ["kiln one", "kiln two"]),
    ({"kind": "scam_compound"}, ["compound"]),
    ({"province": "18"}, ["compound", "kiln two"]),
    ({"province": "18", "kind": "brick_kiln", "q": "two"}, ["kiln two"]),
    ({"kind": "factory"}, []),
    ({"q": "", "kind": "", "province": ""}, ["boat", "compound", "kiln one", "kiln two"]),
])  # fmt: skip
def test_the_page_and_the_api_list_the_same_worksites_for_a_filter(
    lw: LabourWorld, worksites: dict[str, int], filters: dict[str, str], expected: list[str]
) -> None:
    client = login(lw.inspector)
    wanted = [worksites[name] for name in expected]
    assert on_the_page(client, reverse("labour:worksites"), filters) == wanted
    assert in_the_api(client, WORKSITES, filters) == wanted


def test_the_worksites_api_pages_a_filtered_list_and_keeps_the_filter(
    lw: LabourWorld, worksites: dict[str, int], settings: Any
) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": 2}
    client = login(lw.inspector)
    seen, links = walk_pages(client, WORKSITES, {"q": "kiln"})
    assert seen == [worksites[name] for name in ("boat", "kiln one", "kiln two")]
    assert len(links) == 1
    assert parse_qs(urlsplit(links[0]).query) == {"q": ["kiln"], "page": ["2"]}


@pytest.mark.parametrize("language", ["en", "km"])
@pytest.mark.parametrize(("filters", "field"), [
    ({"kind": "casino"}, "kind"),
    ({"province": "99", "kind": "fishing"}, "province"),
])  # fmt: skip
def test_the_worksites_api_refuses_an_unknown_choice_in_the_readers_language(
    lw: LabourWorld, worksites: dict[str, int], filters: dict[str, str], field: str, language: str
) -> None:
    answer = login(lw.inspector).get(WORKSITES, filters, HTTP_ACCEPT_LANGUAGE=language)
    assert_refused(answer, field, NOT_A_CHOICE, "invalid_choice", language, filters[field])


@pytest.mark.parametrize("language", ["en", "km"])
def test_the_worksites_api_refuses_a_name_too_long_in_the_readers_language(
    lw: LabourWorld, worksites: dict[str, int], language: str
) -> None:
    answer = login(lw.inspector).get(WORKSITES, {"q": "K" * 101}, HTTP_ACCEPT_LANGUAGE=language)
    assert_refused(answer, "q", too_long(100, 101), "max_length", language)


def test_one_worksite_is_read_whatever_list_filters_come_along(
    lw: LabourWorld, worksites: dict[str, int]
) -> None:
    pk = worksites["compound"]
    one = login(lw.inspector).get(f"{WORKSITES}{pk}/", {"kind": "brick_kiln", "province": "99"})
    assert one.status_code == 200 and one.json()["id"] == pk


def test_a_filtered_worksite_list_reads_a_fixed_number_of_queries(
    lw: LabourWorld, worksites: dict[str, int]
) -> None:
    def more() -> list[str]:
        names = [f"Kiln {n} East" for n in range(3)]
        for name in names:
            registers.register_worksite(lw.inspector, name=name, kind="brick_kiln", province="18")
        return names

    assert_flat(login(lw.inspector), f"{WORKSITES}?q=kiln&province=18", more)


# --- inspections ----------------------------------------------------------------------------


@pytest.fixture
def inspections(lw: LabourWorld) -> dict[str, int]:
    """Six inspections the inspector sees, planned on different days at three worksites, and a
    colleague's plan sealed from them. The old kiln inspection's follow-up is past due but the
    kiln was inspected again since; the compound's is past due with no return visit."""

    def site(name: str, kind: str, province: str) -> Any:
        return registers.register_worksite(lw.inspector, name=name, kind=kind, province=province)

    kiln = site("Kiln One", "brick_kiln", "08")
    compound = site("Golden Fortune Compound", "scam_compound", "18")
    boat = site("Boat Harbour", "fishing", "09")

    def inspection(where: Any, planned: int, **result: Any) -> int:
        # A plan is made for a day to come: the history is planned today and dated after.
        plan = registers.plan_inspection(lw.inspector, where, days(0), [])
        Inspection.objects.filter(pk=plan.pk).update(planned_for=days(planned))
        if result:
            registers.record_inspection(lw.inspector, plan, 1, **result)
        return plan.pk

    def done(on: int, violations: bool, follow_up_due: int | None = None) -> dict[str, Any]:
        due = None if follow_up_due is None else days(follow_up_due)
        return {
            "status": "done",
            "carried_out_on": days(on),
            "violations_found": violations,
            "follow_up_due": due,
        }

    colleague = make_user(Role.LABOUR_INSPECTOR, lw.labour, "colleague")
    registers.plan_inspection(colleague, kiln, days(-3), [])  # sealed from the inspector
    return {
        "kiln old": inspection(kiln, 40, **done(40, True, follow_up_due=10)),
        "compound": inspection(compound, 30, **done(29, True, follow_up_due=3)),
        "boat cancelled": inspection(boat, 20, status="cancelled"),
        "boat": inspection(boat, 15, **done(15, True, follow_up_due=-10)),
        "kiln return": inspection(kiln, 5, **done(5, False)),
        "plan": inspection(compound, -7),
    }


ALL_INSPECTIONS = ["plan", "kiln return", "boat", "boat cancelled", "compound", "kiln old"]


@pytest.mark.parametrize(("filters", "expected"), [
    ({}, ALL_INSPECTIONS),
    ({"q": "kiln"}, ["kiln return", "kiln old"]),
    ({"q": " GOLDEN ", "status": "planned"}, ["plan"]),
    ({"q": "IN-"}, []),
    ({"status": "done"}, ["kiln return", "boat", "compound", "kiln old"]),
    ({"status": "cancelled"}, ["boat cancelled"]),
    ({"province": "18"}, ["plan", "compound"]),
    ({"province": "09", "status": "done"}, ["boat"]),
    ({"violations": "yes"}, ["boat", "compound", "kiln old"]),
    ({"violations": "no"}, ["kiln return"]),
    ({"follow_up": "overdue"}, ["compound"]),
    ({"follow_up": "overdue", "province": "08"}, []),
    ({"since": 20, "until": 5}, ["kiln return", "boat", "boat cancelled"]),
    ({"since": 0}, ["plan"]),
    ({"until": 30, "q": "kiln", "violations": "yes"}, ["kiln old"]),
    ({"q": "", "status": "", "province": "", "violations": "", "follow_up": "", "since": "",
      "until": ""}, ALL_INSPECTIONS),
])  # fmt: skip
def test_the_page_and_the_api_list_the_same_inspections_for_a_filter(
    lw: LabourWorld, inspections: dict[str, int], filters: dict[str, Any], expected: list[str]
) -> None:
    client = login(lw.inspector)
    wanted = [inspections[name] for name in expected]
    assert on_the_page(client, reverse("labour:inspections"), dated(filters)) == wanted
    assert in_the_api(client, INSPECTIONS, dated(filters)) == wanted


@pytest.mark.parametrize(("typed", "more", "expected"), [
    ("IN-{pk:06d}", {}, ["compound"]),
    ("in{pk}", {"violations": "yes"}, ["compound"]),
    (" {pk} ", {}, ["compound"]),
    ("IN-{pk:06d}", {"status": "planned"}, []),
])  # fmt: skip
def test_the_page_and_the_api_find_the_same_inspection_by_its_number(
    lw: LabourWorld,
    inspections: dict[str, int],
    typed: str,
    more: dict[str, str],
    expected: list[str],
) -> None:
    filters = {"q": typed.format(pk=inspections["compound"]), **more}
    client = login(lw.inspector)
    wanted = [inspections[name] for name in expected]
    assert on_the_page(client, reverse("labour:inspections"), filters) == wanted
    assert in_the_api(client, INSPECTIONS, filters) == wanted


def test_a_follow_up_is_overdue_until_the_worksite_is_inspected_again(
    lw: LabourWorld, inspections: dict[str, int]
) -> None:
    client = login(lw.inspector)
    overdue = {"follow_up": "overdue"}
    compound = registers.plan_inspection(
        lw.inspector, Inspection.objects.get(pk=inspections["compound"]).worksite, days(0), []
    )
    Inspection.objects.filter(pk=compound.pk).update(planned_for=days(1))
    assert in_the_api(client, INSPECTIONS, overdue) == [inspections["compound"]]
    registers.record_inspection(
        lw.inspector, compound, 1, status="done", carried_out_on=days(1), violations_found=False
    )
    assert in_the_api(client, INSPECTIONS, overdue) == []
    assert on_the_page(client, reverse("labour:inspections"), overdue) == []


def test_the_inspections_api_pages_a_filtered_list_and_keeps_the_filter(
    lw: LabourWorld, inspections: dict[str, int], settings: Any
) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": 2}
    client = login(lw.inspector)
    filters = {"violations": "yes", "since": days(40).isoformat()}
    seen, links = walk_pages(client, INSPECTIONS, filters)
    assert seen == [inspections[name] for name in ("boat", "compound", "kiln old")]
    assert len(links) == 1
    assert parse_qs(urlsplit(links[0]).query) == {
        "violations": ["yes"],
        "since": [days(40).isoformat()],
        "page": ["2"],
    }


INSPECTION_REFUSALS = [
    ({"status": "open"}, "status", NOT_A_CHOICE, "invalid_choice"),
    ({"province": "99", "status": "done"}, "province", NOT_A_CHOICE, "invalid_choice"),
    ({"violations": "maybe"}, "violations", NOT_A_CHOICE, "invalid_choice"),
    ({"follow_up": "late"}, "follow_up", NOT_A_CHOICE, "invalid_choice"),
    ({"since": "20/11/2026"}, "since", NOT_A_DATE, "invalid"),
    ({"since": "2026-11-21", "until": "2026-11-20"}, "until", BACKWARDS, "before_since"),
    ({"q": "K" * 201}, "q", too_long(200, 201), "max_length"),
]


@pytest.mark.parametrize("language", ["en", "km"])
@pytest.mark.parametrize(("filters", "field", "messages", "code"), INSPECTION_REFUSALS)
def test_the_inspections_api_refuses_what_the_page_refuses_in_the_readers_language(
    lw: LabourWorld,
    inspections: dict[str, int],
    filters: dict[str, str],
    field: str,
    messages: dict[str, str],
    code: str,
    language: str,
) -> None:
    answer = login(lw.inspector).get(INSPECTIONS, filters, HTTP_ACCEPT_LANGUAGE=language)
    assert_refused(answer, field, messages, code, language, filters.get(field, ""))


@pytest.mark.parametrize("language", ["en", "km"])
@pytest.mark.parametrize(("filters", "field", "messages", "code"), INSPECTION_REFUSALS)
def test_the_inspection_page_says_what_it_refuses_beside_the_field(
    lw: LabourWorld,
    inspections: dict[str, int],
    filters: dict[str, str],
    field: str,
    messages: dict[str, str],
    code: str,
    language: str,
) -> None:
    client = login(lw.inspector)
    page = client.get(reverse("labour:inspections"), filters, HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 200
    message = messages[language].format(value=filters.get(field, ""))
    assert said_beside(page.content.decode(), field) == [message]
    # Nothing listed while a filter is refused, rather than the whole list passed off as found.
    assert list(page.context["page"]) == []


def test_one_inspection_is_read_whatever_list_filters_come_along(
    lw: LabourWorld, inspections: dict[str, int]
) -> None:
    pk = inspections["kiln old"]
    filters = {"status": "planned", "violations": "maybe", "since": "not a date", "q": "boat"}
    one = login(lw.inspector).get(f"{INSPECTIONS}{pk}/", filters)
    assert one.status_code == 200 and one.json()["id"] == pk


def test_a_filtered_inspection_list_reads_a_fixed_number_of_queries(
    lw: LabourWorld, inspections: dict[str, int]
) -> None:
    def more() -> list[str]:
        """Three inspections with violations, each at a worksite of its own not inspected since,
        so that each follow-up is overdue."""
        shown = []
        for n in range(3):
            site = registers.register_worksite(
                lw.inspector, name=f"Golden Sands {n}", kind="scam_compound", province="18"
            )
            plan = registers.plan_inspection(lw.inspector, site, days(0), [lw.inspector])
            Inspection.objects.filter(pk=plan.pk).update(planned_for=days(50 + n))
            registers.record_inspection(
                lw.inspector,
                plan,
                1,
                status="done",
                carried_out_on=days(50 + n),
                violations_found=True,
                follow_up_due=days(45),
            )
            plan.screenings.add(lw.screening("not-indicated"))
            shown.append(plan.reference)
        return shown

    client = login(lw.inspector)
    query = "?q=golden&violations=yes&province=18"
    assert_flat(client, f"{INSPECTIONS}{query}&follow_up=overdue&until={days(20)}", more)
    assert_flat(client, f"{reverse('labour:inspections')}{query}&since={days(60)}", more)


# --- prevention -----------------------------------------------------------------------------


@pytest.fixture
def preventions(lw: LabourWorld) -> dict[str, int]:
    def activity(kind: str, title: str, held: int, province: str) -> int:
        return registers.record_prevention(
            lw.inspector, kind=kind, title=title, held_on=days(held), province=province
        ).pk

    return {
        "training": activity("training", "Safe migration training for recruiters", 0, "12"),
        "market": activity("awareness", "Awareness at the market", 0, "01"),
        "korea": activity("pre_departure", "Pre-departure orientation for Korea", 20, "12"),
        "village": activity("awareness", "Safe migration in the village", 40, "17"),
    }


ALL_PREVENTIONS = ["market", "training", "korea", "village"]


@pytest.mark.parametrize(("filters", "expected"), [
    ({}, ALL_PREVENTIONS),
    ({"q": "safe migration"}, ["training", "village"]),
    ({"q": " SAFE ", "province": "17"}, ["village"]),
    ({"q": "seminar"}, []),
    ({"kind": "awareness"}, ["market", "village"]),
    ({"province": "12"}, ["training", "korea"]),
    ({"since": 20}, ["market", "training", "korea"]),
    ({"until": 20}, ["korea", "village"]),
    ({"since": 30, "until": 10, "kind": "pre_departure"}, ["korea"]),
    ({"kind": "pre_departure", "province": "01"}, []),
    ({"q": "", "kind": "", "province": "", "since": "", "until": ""}, ALL_PREVENTIONS),
])  # fmt: skip
def test_the_page_and_the_api_list_the_same_prevention_activities_for_a_filter(
    lw: LabourWorld, preventions: dict[str, int], filters: dict[str, Any], expected: list[str]
) -> None:
    client = login(lw.licensing)
    wanted = [preventions[name] for name in expected]
    assert on_the_page(client, reverse("labour:prevention"), dated(filters)) == wanted
    assert in_the_api(client, PREVENTION, dated(filters)) == wanted


def test_the_prevention_page_totals_the_whole_year_whatever_the_filter(
    lw: LabourWorld, preventions: dict[str, int]
) -> None:
    client = login(lw.licensing)
    whole = client.get(reverse("labour:prevention")).context["totals"]
    narrowed = client.get(reverse("labour:prevention"), {"kind": "training", "province": "12"})
    assert [row.pk for row in narrowed.context["page"]] == [preventions["training"]]
    assert narrowed.context["totals"] == whole
    assert {row["kind"] for row in whole} >= {"Training session", "Awareness campaign"}


def test_the_prevention_api_pages_a_filtered_list_and_keeps_the_filter(
    lw: LabourWorld, preventions: dict[str, int], settings: Any
) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": 1}
    client = login(lw.licensing)
    filters = {"q": "safe", "until": days(0).isoformat()}
    seen, links = walk_pages(client, PREVENTION, filters)
    assert seen == [preventions["training"], preventions["village"]]
    assert len(links) == 1
    assert parse_qs(urlsplit(links[0]).query) == {
        "q": ["safe"],
        "until": [days(0).isoformat()],
        "page": ["2"],
    }


PREVENTION_REFUSALS = [
    ({"kind": "seminar"}, "kind", NOT_A_CHOICE, "invalid_choice"),
    ({"province": "99", "kind": "training"}, "province", NOT_A_CHOICE, "invalid_choice"),
    ({"until": "yesterday"}, "until", NOT_A_DATE, "invalid"),
    ({"since": "2026-03-02", "until": "2026-03-01"}, "until", BACKWARDS, "before_since"),
    ({"q": "S" * 201}, "q", too_long(200, 201), "max_length"),
]


@pytest.mark.parametrize("language", ["en", "km"])
@pytest.mark.parametrize(("filters", "field", "messages", "code"), PREVENTION_REFUSALS)
def test_the_prevention_api_refuses_what_the_page_refuses_in_the_readers_language(
    lw: LabourWorld,
    preventions: dict[str, int],
    filters: dict[str, str],
    field: str,
    messages: dict[str, str],
    code: str,
    language: str,
) -> None:
    answer = login(lw.licensing).get(PREVENTION, filters, HTTP_ACCEPT_LANGUAGE=language)
    assert_refused(answer, field, messages, code, language, filters.get(field, ""))


@pytest.mark.parametrize("language", ["en", "km"])
@pytest.mark.parametrize(("filters", "field", "messages", "code"), PREVENTION_REFUSALS)
def test_the_prevention_page_says_what_it_refuses_beside_the_field(
    lw: LabourWorld,
    preventions: dict[str, int],
    filters: dict[str, str],
    field: str,
    messages: dict[str, str],
    code: str,
    language: str,
) -> None:
    client = login(lw.licensing)
    page = client.get(reverse("labour:prevention"), filters, HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 200
    message = messages[language].format(value=filters.get(field, ""))
    assert said_beside(page.content.decode(), field) == [message]
    # Nothing listed while a filter is refused, rather than the whole list passed off as found.
    assert list(page.context["page"]) == []


def test_one_prevention_activity_is_read_and_recorded_whatever_list_filters_come_along(
    lw: LabourWorld, preventions: dict[str, int]
) -> None:
    client = login(lw.licensing)
    pk = preventions["village"]
    one = client.get(f"{PREVENTION}{pk}/", {"kind": "training", "since": "not a date"})
    assert one.status_code == 200 and one.json()["id"] == pk
    made = client.post(
        f"{PREVENTION}?kind=seminar&province=99",
        {
            "kind": "training",
            "title": "Training for brokers",
            "held_on": days(1).isoformat(),
            "province": "12",
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["title"] == "Training for brokers"


def test_a_filtered_prevention_list_reads_a_fixed_number_of_queries(
    lw: LabourWorld, preventions: dict[str, int]
) -> None:
    def more() -> list[str]:
        titles = [f"Safe migration talk {n}" for n in range(3)]
        for title in titles:
            registers.record_prevention(
                lw.inspector, kind="awareness", title=title, held_on=days(2), province="17"
            )
        return titles

    client = login(lw.licensing)
    query = f"?q=safe&kind=awareness&province=17&since={days(50)}&until={days(0)}"
    assert_flat(client, f"{PREVENTION}{query}", more)
    assert_flat(client, f"{reverse('labour:prevention')}{query}", more)
