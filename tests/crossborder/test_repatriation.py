"""Repatriation both ways, family tracing before a return, a child's custody transferred as a
formal act, an embassy seeing its own nationals' repatriations and nothing else."""

from __future__ import annotations

from datetime import date

import pytest

from rumdoh.core.errors import NotAllowed, Refused, StaleEdit
from rumdoh.crossborder import services
from rumdoh.crossborder.models import Repatriation, RepatriationStep
from rumdoh.notices.models import Notification
from rumdoh.people.models import AccessSource, PersonAccess
from tests.conftest import make_person
from tests.crossborder.conftest import Border

ON = date(2026, 12, 1)


def open_home(border: Border, birth_year: int = 2000):  # type: ignore[no-untyped-def]
    person = make_person(border.worker, birth_year=birth_year)
    return services.open_repatriation(
        border.worker,
        person,
        {"direction": "home", "country": "TH", "requested_on": ON, "crossing": "poipet"},
    )


def move(border: Border, repatriation, target: str):  # type: ignore[no-untyped-def]
    repatriation.refresh_from_db()
    return services.move_repatriation(
        border.worker, repatriation.pk, target, on=ON, version=repatriation.version
    )


def assess(border: Border, repatriation, result: str) -> None:  # type: ignore[no-untyped-def]
    services.record_assessment(
        border.worker,
        repatriation.pk,
        {"traced_on": ON, "result": result, "findings": "Mother found in Svay Rieng."},
    )


def test_a_cambodian_comes_home_stage_by_stage_and_only_to_a_safe_family(border: Border) -> None:
    repatriation = open_home(border)
    with pytest.raises(Refused, match="next stage"):
        move(border, repatriation, "received")
    for stage in ("documents", "travel_arranged", "received"):
        move(border, repatriation, stage)
    with pytest.raises(Refused, match="assessment"):
        move(border, repatriation, "family_assessed")
    assess(border, repatriation, "unsafe")
    move(border, repatriation, "family_assessed")
    with pytest.raises(Refused, match="not find the return safe"):
        move(border, repatriation, "returned")
    assess(border, repatriation, "safe")
    move(border, repatriation, "returned")
    move(border, repatriation, "closed")
    stages = list(
        RepatriationStep.objects.filter(repatriation=repatriation).values_list("stage", flat=True)
    )
    assert stages == [
        "requested", "documents", "travel_arranged", "received",
        "family_assessed", "returned", "closed",
    ]  # fmt: skip


def test_a_child_goes_home_only_by_a_formal_custody_transfer(border: Border) -> None:
    repatriation = open_home(border, birth_year=2012)
    for stage in ("documents", "travel_arranged", "received"):
        move(border, repatriation, stage)
    transfer = {
        "to_whom": "Aunt, Mrs Sok Vanna",
        "relationship": "aunt",
        "authority": "PoSVY Banteay Meanchey",
        "authority_reference": "123/26",
        "transferred_on": ON,
    }
    with pytest.raises(Refused, match="safe"):
        services.transfer_custody(border.worker, repatriation.pk, transfer)
    assess(border, repatriation, "safe")
    move(border, repatriation, "family_assessed")
    with pytest.raises(Refused, match="custody"):
        move(border, repatriation, "returned")
    services.transfer_custody(border.worker, repatriation.pk, transfer)
    move(border, repatriation, "returned")
    with pytest.raises(Refused, match="already"):
        services.transfer_custody(border.worker, repatriation.pk, transfer)


def test_an_adult_has_no_custody_transfer(border: Border) -> None:
    repatriation = open_home(border, birth_year=1990)
    assess(border, repatriation, "safe")
    with pytest.raises(Refused, match="child"):
        services.transfer_custody(
            border.worker,
            repatriation.pk,
            {"to_whom": "x", "relationship": "x", "authority": "x", "authority_reference": "x",
             "transferred_on": ON},
        )  # fmt: skip


def test_a_stale_move_is_refused(border: Border) -> None:
    repatriation = open_home(border)
    move(border, repatriation, "documents")
    with pytest.raises(StaleEdit):
        services.move_repatriation(
            border.worker, repatriation.pk, "travel_arranged", on=ON, version=1
        )


def test_the_embassy_sees_its_nationals_repatriations_not_the_case_files(border: Border) -> None:
    national = make_person(border.worker, given_name="Sreymom", family_name="Chan")
    repatriation = services.open_repatriation(
        border.worker,
        national,
        {"direction": "home", "country": "TH", "requested_on": ON, "embassy": border.embassy},
    )
    other = services.open_repatriation(
        border.worker,
        make_person(border.worker, nationality="TH"),
        {"direction": "abroad", "country": "TH", "requested_on": ON},
    )
    assert list(services.repatriations_for(border.consul)) == [repatriation]
    assert set(services.repatriations_for(border.worker)) == {repatriation, other}
    assert not services.repatriations_for(border.stranger).exists()
    assert PersonAccess.objects.filter(
        person=national, agency=border.embassy, source=AccessSource.REPATRIATION
    ).exists()
    assert not border.consul.can(
        __import__("rumdoh.accounts.rules.roles", fromlist=["C"]).C.VIEW_PERSONS
    )
    move(border, repatriation, "documents")
    assert Notification.objects.filter(recipient=border.consul).count() == 1
    with pytest.raises(NotAllowed):
        services.move_repatriation(
            border.consul, repatriation.pk, "travel_arranged", on=ON, version=2
        )
    with pytest.raises(NotAllowed):
        services.repatriations_for(border.investigator)


def test_a_cambodian_is_not_sent_abroad(border: Border) -> None:
    with pytest.raises(Refused):
        services.open_repatriation(
            border.worker,
            make_person(border.worker),
            {"direction": "abroad", "country": "TH", "requested_on": ON},
        )


def test_a_stage_is_not_dated_in_the_future_nor_before_the_stage_before_it(
    border: Border,
) -> None:
    repatriation = open_home(border)
    with pytest.raises(Refused, match="future"):
        services.move_repatriation(
            border.worker, repatriation.pk, "documents", on=date(2099, 1, 1), version=1
        )
    with pytest.raises(Refused, match="before the last stage"):
        services.move_repatriation(
            border.worker, repatriation.pk, "documents", on=date(2026, 11, 30), version=1
        )
    services.move_repatriation(border.worker, repatriation.pk, "documents", on=ON, version=1)
    assert repatriation.steps.count() == 2


def test_the_country_abroad_is_not_cambodia(border: Border) -> None:
    for direction, nationality in (("home", "KH"), ("abroad", "VN")):
        with pytest.raises(Refused, match="country abroad cannot be Cambodia"):
            services.open_repatriation(
                border.worker,
                make_person(border.worker, nationality=nationality),
                {"direction": direction, "country": "KH", "requested_on": ON},
            )


def test_a_repatriation_is_not_dated_ahead_nor_its_tracing_or_custody_out_of_order(
    border: Border,
) -> None:
    """Requested in 2027 (today being 2026), the return could never be moved on: every later
    stage was either before the request or in the future. Tracing in 2030 and a custody
    transfer before the assessment that allowed it were saved as well."""
    person = make_person(border.worker, birth_year=2012)
    opening = {"direction": "home", "country": "TH", "crossing": "poipet"}
    with pytest.raises(Refused, match="in the future"):
        services.open_repatriation(
            border.worker, person, {**opening, "requested_on": date(2099, 5, 1)}
        )
    with pytest.raises(Refused, match="expected before it was requested"):
        services.open_repatriation(
            border.worker, person, {**opening, "requested_on": ON, "expected_on": date(2020, 1, 1)}
        )
    repatriation = services.open_repatriation(
        border.worker, person, {**opening, "requested_on": ON}
    )
    with pytest.raises(Refused, match="in the future"):
        services.record_assessment(
            border.worker,
            repatriation.pk,
            {"traced_on": date(2099, 1, 1), "result": "safe", "findings": "Mother found."},
        )
    assess(border, repatriation, "safe")  # traced on ON
    transfer = {
        "to_whom": "Aunt", "relationship": "aunt", "authority": "PoSVY",
        "authority_reference": "1/26", "transferred_on": date(2026, 11, 20),
    }  # fmt: skip
    with pytest.raises(Refused, match="before the family assessment"):
        services.transfer_custody(border.worker, repatriation.pk, transfer)
    services.transfer_custody(border.worker, repatriation.pk, {**transfer, "transferred_on": ON})


def test_the_page_says_a_return_expected_before_its_request_beside_the_expected_date(
    border: Border,
) -> None:
    from tests.conftest import login

    person = make_person(border.worker)
    client = login(border.worker)
    client.cookies["django_language"] = "km"
    response = client.post(
        "/crossborder/repatriations/new/",
        {"person": person.reference, "direction": "home", "country": "TH",
         "requested_on": "2026-12-01", "expected_on": "2026-11-01"},
    )  # fmt: skip
    assert response.context["form"].errors["expected_on"] == [
        "ការវិលត្រឡប់មិនអាចរំពឹងទុកមុនថ្ងៃដែលបានស្នើសុំបានទេ។"
    ]
    assert not Repatriation.objects.exists()
