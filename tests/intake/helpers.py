"""Agencies and users for tips: a hotline, the police unit tips go to, an unrelated NGO."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.utils import timezone

from rumdoh.accounts.models import Agency, AgencyKind, User
from rumdoh.accounts.rules.roles import Role
from rumdoh.intake import services
from rumdoh.intake.models import Tip
from tests.conftest import make_agency, make_user


@dataclass
class TipWorld:
    hotline_agency: Agency
    police_agency: Agency
    outsider_agency: Agency
    operator: User
    investigator: User
    supervisor: User
    outsider: User

    def tip(self, **fields: object) -> Tip:
        """A tip of its own, received now: a tip with the same facts sent again at once is the
        same tip sent twice (``services.just_recorded``)."""
        data = services.TipInput(
            channel="ahjpd_hotline",
            summary="Girls held at a karaoke bar",
            received_at=timezone.now(),
        )
        for name, value in fields.items():
            setattr(data, name, value)
        return services.record_tip(self.operator, data)


def make_world() -> TipWorld:
    hotline = make_agency("Hotline 1288", AgencyKind.POLICE, "12")
    police = make_agency("Sihanouk AHJPD", AgencyKind.POLICE, "18")
    outsider = make_agency("Other NGO", AgencyKind.NGO, "17")
    return TipWorld(
        hotline_agency=hotline,
        police_agency=police,
        outsider_agency=outsider,
        operator=make_user(Role.HOTLINE_OPERATOR, hotline, "operator"),
        investigator=make_user(Role.POLICE_INVESTIGATOR, police, "investigator"),
        supervisor=make_user(Role.POLICE_SUPERVISOR, police, "supervisor"),
        outsider=make_user(Role.CASE_WORKER, outsider, "ngo"),
    )


@pytest.fixture
def tips(db: None) -> TipWorld:
    return make_world()
