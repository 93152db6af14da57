"""Builders for protection tests, on top of the shared owner/partner/outsider world."""

from datetime import UTC, date, datetime, time
from typing import Any

from rumdoh.accounts.models import Agency, User
from rumdoh.accounts.rules.roles import Role
from rumdoh.people import services as people
from rumdoh.people.models import ConsentScope, Person
from rumdoh.protection import identification_requests, services
from rumdoh.protection.models import (
    Identification,
    IdentificationRequest,
    ProtectionCase,
    Referral,
    ServiceProvider,
)
from tests.conftest import World, make_person, make_user
from tests.screening.helpers import make_screening


def make_provider(agency: Agency, **fields: Any) -> ServiceProvider:
    values: dict[str, Any] = {
        "name": f"{agency.name} shelter",
        "province": agency.province,
        "services": ["housing", "medical", "psychological", "case_management"],
        "capacity": 10,
        "free_places": 3,
    }
    values.update(fields)
    return ServiceProvider.objects.create(agency=agency, **values)


def identifier(world: World) -> User:
    return make_user(Role.IDENTIFIER, world.owner_agency)


def identify(world: World, person: Person | None = None) -> Identification:
    """The person identified by the owning agency today: once, however often asked."""
    try:
        return services.identify(
            identifier(world),
            person or world.person,
            exploitation_types=["forced_criminality"],
            sectors=["scam_compound"],
            basis="short_form",
        )
    except services.AlreadyIdentified as twice:
        return twice.identification


def consent_to_referral(world: World, person: Person | None = None) -> None:
    people.record_consent(
        world.owner,
        person or world.person,
        scope=ConsentScope.REFERRAL,
        method="signed",
        given_on=date(2026, 1, 5),
    )


def ready_to_refer(world: World) -> ServiceProvider:
    """The person identified and consenting; the partner runs a shelter with places."""
    identify(world)
    consent_to_referral(world)
    return make_provider(world.partner_agency)


def refer(world: World, provider: ServiceProvider, needs: list[str] | None = None) -> Referral:
    return services.refer(world.owner, world.person, provider, needs=needs or ["housing"])


def owner_case(world: World, opened_on: date | None = None) -> ProtectionCase:
    """An open case of the owning agency, worked by the owner; opened today, or on
    ``opened_on`` (a case worked for years, with visits due long ago)."""
    identify(world)
    case = ProtectionCase.objects.get(person=world.person, agency=world.owner_agency)
    if opened_on is not None:
        case.opened_at = datetime.combine(opened_on, time(9), tzinfo=UTC)
        case.save(update_fields=["opened_at"])
    return services.assign_case_worker(world.owner, case, world.owner)


def ask_identification(
    world: World, screener: User, start: int, n: int
) -> list[IdentificationRequest]:
    """``n`` more people, screened in province 01 and consenting to referral, whose
    identification ``screener`` asks for (named Bopha``start``, Bopha``start+1``...)."""
    asked = []
    for i in range(start, start + n):
        person = make_person(world.owner, given_name=f"Bopha{i}", phone="")
        consent_to_referral(world, person)
        screening = make_screening(world.owner, person, province="01")
        asked.append(
            identification_requests.request_identification(
                screener, person, screening, note=f"please {i}"
            )
        )
    return asked
