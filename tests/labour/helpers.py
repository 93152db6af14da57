"""A labour department with an inspector, a police unit, and a complainant with a case worker."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from rumdoh.accounts.models import AgencyKind
from rumdoh.accounts.rules.roles import Role
from rumdoh.labour.services import complaints as svc
from rumdoh.people.models import AccessSource, PersonAccess
from rumdoh.screening.models import ScreeningRecord
from tests.conftest import World, make_agency, make_person, make_user


class LabourWorld:
    def __init__(self, world: World) -> None:
        self.world = world
        self.labour = make_agency("Provincial Labour Department", AgencyKind.LABOUR, "01")
        self.other_labour = make_agency("Another Labour Department", AgencyKind.LABOUR, "17")
        self.police = make_agency("Provincial AHJPD", AgencyKind.POLICE, "01")
        self.inspector = make_user(Role.LABOUR_INSPECTOR, self.labour, "inspector")
        self.other_inspector = make_user(Role.LABOUR_INSPECTOR, self.other_labour, "inspector2")
        self.licensing = make_user(Role.LICENSING_OFFICER, self.labour, "licensing")
        self.investigator = make_user(Role.POLICE_INVESTIGATOR, self.police, "investigator")
        self.person = make_person(self.inspector, given_name="Dara", family_name="Sok")
        self.case_worker = world.owner

    def complaint(self, days_ago: int = 1, **fields):  # type: ignore[no-untyped-def]
        return svc.file_complaint(
            self.inspector,
            filed_on=timezone.localdate() - timedelta(days=days_ago),
            description="Wages withheld for four months at a construction site.",
            province="01",
            complainant=self.person,
            **fields,
        )

    def screening(self, determination: str, person=None) -> ScreeningRecord:  # type: ignore[no-untyped-def]
        return ScreeningRecord.objects.create(
            agency=self.labour,
            screener=self.inspector,
            person=person if person is not None else self.person,
            form="short",
            province="01",
            context="labour_inspection",
            determination=determination,
            catalogue_version="test",
        )


def share_with(lw: LabourWorld, agency) -> None:  # type: ignore[no-untyped-def]
    PersonAccess.objects.get_or_create(
        person=lw.person, agency=agency, defaults={"source": AccessSource.CONSENT}
    )


def days(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)
