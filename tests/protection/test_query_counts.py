"""Protection pages read a fixed number of queries, however many rows they show.

Each test renders a page with a few related rows, adds clearly more, renders it again and asserts
the two counts are the same: a query per row (an N+1) shows as a higher second count.
"""

from datetime import timedelta

from django.utils import timezone

from rumdoh.accounts.rules.roles import Role
from rumdoh.protection import services
from rumdoh.protection.models import FollowUp, ProtectionCase
from tests.conftest import World, login, make_agency, make_person, make_user
from tests.protection.helpers import (
    ask_identification,
    consent_to_referral,
    identifier,
    make_provider,
    owner_case,
    ready_to_refer,
    refer,
)
from tests.querycount import assert_flat
from tests.screening.helpers import make_screening


def case_rows(world: World, case: ProtectionCase, start: int, n: int) -> list[str]:
    """Services, follow-ups (some done) and stage moves: ``n`` of each."""
    provider = make_provider(world.owner_agency, name=f"Clinic {start}")
    today = timezone.localdate()
    stages = ["crisis_intervention", "case_planning", "assessment", "recovery", "reintegration"]
    shown = []
    for i in range(start, start + n):
        services.record_service(
            world.owner,
            case,
            area="medical",
            delivered_on=today,
            provider=provider,
            note=f"check-up {i}",
        )
        visit = services.schedule_follow_up(
            world.owner, case, due_on=today + timedelta(days=i), purpose=f"visit {i}"
        )
        if i % 2:
            services.record_follow_up(
                world.owner, visit, done_on=today, outcome="stable", note=f"seen {i}"
            )
        services.change_stage(world.owner, case, stages[i % len(stages)], reason=f"moved {i}")
        shown += [f"check-up {i}", f"visit {i}", f"moved {i}"]
    return shown


def test_protection_case_page_reads_a_fixed_number_of_queries(world: World) -> None:
    case = owner_case(world)
    case_rows(world, case, 0, 1)
    url = f"/protection/cases/{case.pk}/"
    assert_flat(login(world.owner), url, lambda: case_rows(world, case, 1, 4))


def test_case_plan_page_reads_a_fixed_number_of_queries(world: World) -> None:
    case = owner_case(world)
    services.save_plan(world.owner, case, needs=["housing"], goals="Safe place", expected_version=1)
    case_rows(world, case, 0, 1)

    def grow() -> list[str]:
        case_rows(world, case, 1, 4)
        services.save_plan(
            world.owner,
            case,
            needs=["housing", "medical", "legal"],
            goals="Back to school",
            expected_version=2,
        )
        return ["Back to school"]

    assert_flat(login(world.owner), f"/protection/cases/{case.pk}/plan/", grow)


def test_referral_page_reads_a_fixed_number_of_queries(world: World) -> None:
    """A declined referral, seen by the referrer: the later referrals and the places to try."""
    provider = ready_to_refer(world)
    first = refer(world, provider)
    responder = make_user(Role.AGENCY_ADMIN, world.partner_agency)
    services.decline_referral(responder, first, reason="Full this month")

    def again(start: int, n: int) -> list[str]:
        shown = []
        for i in range(start, start + n):
            other = make_provider(make_agency(f"Shelter agency {i}"), name=f"Shelter {i}")
            services.refer(world.owner, world.person, other, needs=["housing"], rereferral_of=first)
            make_provider(make_agency(f"Spare agency {i}"), name=f"Spare shelter {i}")
            shown += [f"Shelter {i}", f"Spare shelter {i}"]
        return shown

    again(0, 1)
    url = f"/protection/referrals/{first.pk}/"
    assert_flat([login(world.owner), login(responder)], url, lambda: again(1, 4))


def test_provider_page_reads_a_fixed_number_of_queries(world: World) -> None:
    provider = ready_to_refer(world)
    manager = make_user(Role.AGENCY_ADMIN, world.partner_agency)
    refer(world, provider)

    def grow() -> list[str]:
        for i in range(4):
            person = make_person(world.owner, given_name=f"Mealea{i}", phone="")
            services.identify(
                identifier(world),
                person,
                exploitation_types=["forced_labour"],
                sectors=["fishing"],
                basis="short_form",
            )
            consent_to_referral(world, person)
            services.refer(world.owner, person, provider, needs=["housing"])
        return [provider.name]

    url = f"/protection/providers/{provider.pk}/"
    assert_flat([login(manager), login(world.owner)], url, grow)


def test_identification_page_reads_a_fixed_number_of_queries(world: World) -> None:
    """The form to identify a person already screened and identified before."""
    checker = identifier(world)
    make_screening(world.owner, world.person)
    services.identify(
        checker, world.person, exploitation_types=["forced_criminality"], basis="short_form"
    )

    def grow() -> list[str]:
        for _i in range(4):
            screening = make_screening(world.owner, world.person)
            services.identify(
                checker,
                world.person,
                exploitation_types=["sexual"],
                basis="short_form",
                screening_id=screening.pk,
            )
        return [world.person.reference]

    assert_flat(login(checker), f"/protection/persons/{world.person.pk}/identify/", grow)


def test_identification_requests_page_reads_a_fixed_number_of_queries(world: World) -> None:
    checker = make_user(Role.IDENTIFIER, make_agency("Provincial office", province="01"))
    screener = make_user(Role.SCREENER, world.owner_agency)

    def ask(start: int, n: int) -> list[str]:
        return [r.person.reference for r in ask_identification(world, screener, start, n)]

    ask(0, 1)
    assert_flat(login(checker), "/protection/identification-requests/", lambda: ask(1, 4))


def test_protection_home_reads_a_fixed_number_of_queries(world: World) -> None:
    case = owner_case(world)
    case_rows(world, case, 0, 1)
    week = timedelta(days=7)
    FollowUp.objects.filter(case=case).update(due_on=timezone.localdate() - week)

    def grow() -> list[str]:
        shown = []
        for i in range(4):
            person = make_person(world.owner, given_name=f"Sreyneang{i}", phone="")
            services.identify(
                identifier(world),
                person,
                exploitation_types=["forced_labour"],
                sectors=["fishing"],
                basis="short_form",
            )
            other = ProtectionCase.objects.get(person=person, agency=world.owner_agency)
            services.assign_case_worker(world.owner, other, world.owner)
            visit = services.schedule_follow_up(
                world.owner, other, due_on=timezone.localdate(), purpose=f"home visit {i}"
            )
            # A visit missed last week: overdue now.
            FollowUp.objects.filter(pk=visit.pk).update(due_on=timezone.localdate() - week)
            shown += [other.reference, f"home visit {i}"]
        return shown

    assert_flat(login(world.owner), "/protection/", grow)
