"""Shared test base: an owning agency, a partner the person consented to share with, an outsider."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date
from typing import Any

import hypothesis
import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from rumdoh.accounts.models import Agency, AgencyKind, User
from rumdoh.accounts.rules.roles import Role
from rumdoh.people import services
from rumdoh.people.models import ConsentScope, Person

# Property tests judge correctness, not speed: a loaded CI machine must not fail them on time.
hypothesis.settings.register_profile("rumdoh", deadline=None)
hypothesis.settings.load_profile("rumdoh")

_seq = itertools.count(1)


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """A request in Khmer leaves Khmer active in the thread; the next test starts in English."""
    yield
    translation.deactivate()


def make_agency(
    name: str | None = None,
    kind: str = AgencyKind.NGO,
    province: str = "12",
    can_identify: bool = True,
    country: str = "",
    posted_in: str = "",
) -> Agency:
    return Agency.objects.create(
        name=name or f"Agency {next(_seq)}",
        kind=kind,
        province=province,
        can_identify=can_identify,
        country=country,
        posted_in=posted_in,
    )


def make_user(role: str, agency: Agency | None, username: str | None = None) -> User:
    user = User.objects.create_user(
        username=username or f"user{next(_seq)}",
        password="a-long-test-password",
        role=role,
        agency=agency,
    )
    return user


def login(user: User) -> Client:
    """A client signed in as ``user``, past the second factor where the role needs one."""
    client = Client()
    client.force_login(user)
    if user.needs_two_factor:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


def make_person(user: User, **fields: Any) -> Person:
    data = {
        "given_name": "Sokha",
        "family_name": "Chan",
        "sex": "female",
        "birth_year": 2001,
        "nationality": "KH",
        "province": "01",
        "phone": "012 345 678",
    }
    data.update(fields)
    return services.create_person(user, data)


class World:
    """Three agencies and their users, and one person recorded by the owner."""

    def __init__(self) -> None:
        self.owner_agency = make_agency("Owner Transit Centre", AgencyKind.TRANSIT_CENTRE, "01")
        self.partner_agency = make_agency("Partner Shelter NGO", AgencyKind.NGO, "12")
        self.outsider_agency = make_agency("Unrelated NGO", AgencyKind.NGO, "17")
        self.owner = make_user(Role.CASE_WORKER, self.owner_agency, "owner")
        self.partner = make_user(Role.CASE_WORKER, self.partner_agency, "partner")
        self.outsider = make_user(Role.CASE_WORKER, self.outsider_agency, "outsider")
        self.person = make_person(self.owner)
        services.record_consent(
            self.owner,
            self.person,
            scope=ConsentScope.SHARE,
            method="signed",
            given_on=date(2026, 1, 5),
            agency=self.partner_agency,
        )


@pytest.fixture
def world(db: None) -> World:
    return World()
