"""A transit centre at Poipet, Cambodia's embassy in Bangkok, a police unit; and a Thai
deportation list."""

from __future__ import annotations

from datetime import date

import pytest

from rumdoh.accounts.models import AgencyKind
from rumdoh.accounts.rules.roles import Role
from rumdoh.crossborder import services
from rumdoh.crossborder.models import DeportationList
from tests.conftest import make_agency, make_user

LIST_DATE = date(2026, 11, 30)
HEADERS = ["No.", "Name", "Surname", "Sex", "Age", "Passport No.", "Nationality"]


def row(name: str, surname: str, sex: str, age: str, passport: str = "") -> dict[str, object]:
    return {
        "No.": "",
        "Name": name,
        "Surname": surname,
        "Sex": sex,
        "Age": age,
        "Passport No.": passport,
        "Nationality": "Cambodian",
    }


class Border:
    def __init__(self) -> None:
        self.centre = make_agency("Poipet Transit Centre", AgencyKind.TRANSIT_CENTRE, "01")
        self.embassy = make_agency(
            "Royal Embassy of Cambodia in Bangkok",
            AgencyKind.EMBASSY,
            "12",
            country="KH",
            posted_in="TH",
        )
        self.police = make_agency("AHTJPD", AgencyKind.POLICE, "12")
        self.other_centre = make_agency("Kam Rieng Transit Centre", AgencyKind.TRANSIT_CENTRE, "02")
        self.worker = make_user(Role.CASE_WORKER, self.centre, "ptc.worker")
        self.screener = make_user(Role.SCREENER, self.centre, "ptc.screener")
        self.identifier = make_user(Role.IDENTIFIER, self.centre, "ptc.identifier")
        self.consul = make_user(Role.CONSULAR_OFFICER, self.embassy, "consul")
        self.investigator = make_user(Role.POLICE_INVESTIGATOR, self.police, "investigator")
        self.stranger = make_user(Role.CASE_WORKER, self.other_centre, "krtc.worker")

    def import_list(self, rows: list[dict[str, object]]) -> DeportationList:
        return services.import_list(
            self.worker,
            services.ListDetails(
                sent_by="Sa Kaeo Immigration",
                country="TH",
                crossing="poipet",
                expected_on=LIST_DATE,
            ),
            HEADERS,
            rows,
            file_name="sakaeo.csv",
        )


@pytest.fixture
def border(db: None) -> Border:
    return Border()


@pytest.fixture(autouse=True)
def exchange_key(tmp_path, settings):  # type: ignore[no-untyped-def]
    """Each test signs with a key of its own, made where the setting points (never in git)."""
    from rumdoh.crossborder import signing

    settings.RUMDOH_EXCHANGE_KEY_FILE = tmp_path / "exchange-signing-key.pem"
    return signing.generate()
