"""Builders for statistics tests: records made straight in the database, many at a time."""

from datetime import datetime
from typing import Any

from django.utils import timezone

from rumdoh.accounts.models import Agency, AgencyKind, User
from rumdoh.accounts.rules.roles import Role
from rumdoh.linkage.models import NationalPerson, PersonLink
from rumdoh.people.models import Person
from rumdoh.protection.models import Identification, ProtectionCase, Referral, ServiceProvider
from rumdoh.screening.models import ScreeningRecord
from tests.conftest import make_agency, make_person, make_user


def moment(year: int, month: int, day: int) -> datetime:
    return timezone.make_aware(datetime(year, month, day, 10, 0))


class Field:
    """Two agencies in two provinces, each with a case worker; an analyst at the secretariat."""

    def __init__(self) -> None:
        self.poipet = make_agency("Poipet Transit Centre", AgencyKind.TRANSIT_CENTRE, "01")
        self.capital = make_agency("Phnom Penh Social Affairs", AgencyKind.PROVINCIAL_DEPARTMENT)
        self.secretariat = make_agency("NCCT Secretariat", AgencyKind.COMMITTEE, "12")
        self.worker = make_user(Role.CASE_WORKER, self.poipet)
        self.capital_worker = make_user(Role.CASE_WORKER, self.capital)
        self.analyst = make_user(Role.NCCT_ANALYST, self.secretariat)
        self.provider = ServiceProvider.objects.create(
            agency=self.capital, name="Capital shelter", province="12", capacity=5
        )

    def person(self, **fields: Any) -> Person:
        return make_person(self.worker, **fields)


def screenings(
    field: Field, count: int, *, when: datetime, agency: Agency | None = None, **values: Any
) -> None:
    data: dict[str, Any] = {
        "form": "short",
        "age": 30,
        "sex": "female",
        "nationality": "KH",
        "province": "01",
        "context": "deportation",
        "determination": "trafficking-indicated",
        "catalogue_version": "test",
    }
    data.update(values)
    ScreeningRecord.objects.bulk_create(
        [
            ScreeningRecord(
                agency=agency or field.poipet, screener=field.worker, screened_at=when, **data
            )
            for _ in range(count)
        ]
    )


def identify(person: Person, agency: Agency, user: User, when: datetime) -> Identification:
    return Identification.objects.create(
        person=person,
        agency=agency,
        identified_by=user,
        identified_at=when,
        exploitation_types=["forced_criminality"],
        basis="short_form",
    )


def refer(field: Field, person: Person, status: str, when: datetime) -> Referral:
    referral = Referral.objects.create(
        referring_agency=field.poipet,
        referred_by=field.worker,
        provider=field.provider,
        person=person,
        status=status,
    )
    Referral.objects.filter(pk=referral.pk).update(created_at=when)
    return referral


def open_case(
    person: Person, agency: Agency, user: User, when: datetime, closed: datetime | None = None
) -> ProtectionCase:
    return ProtectionCase.objects.create(
        person=person, agency=agency, opened_by=user, opened_at=when, closed_at=closed
    )


def link_as_one(*persons: Person) -> NationalPerson:
    """What a linkage run writes when it finds these records to be one person."""
    national = NationalPerson.objects.create()
    for person in persons:
        PersonLink.objects.update_or_create(person=person, defaults={"national": national})
    return national


def make_same_person(field: Field, person: Person, **fields: Any) -> Person:
    """Another agency's record of the same person (same name, birth year and sex unless
    ``fields`` say otherwise), linked to it as a linkage run links them."""
    data = {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "birth_year": person.birth_year,
        "sex": person.sex,
        **fields,
    }
    twin = make_person(field.capital_worker, **data)
    link_as_one(person, twin)
    return twin
