"""Only an embassy, a consulate or an international organisation is named as a repatriation's
embassy: it sees the repatriation, so the page offers no other agency and the API refuses one."""

from __future__ import annotations

from datetime import date

import pytest

from rumdoh.accounts.models import AgencyKind
from rumdoh.core.errors import Refused
from rumdoh.crossborder import services
from rumdoh.crossborder.models import Repatriation
from rumdoh.crossborder.queries import embassies
from tests.conftest import login, make_agency, make_person
from tests.crossborder.conftest import Border

REFUSED_EN = "Choose an embassy, consulate or international organisation."
REFUSED_KM = "សូមជ្រើសរើសស្ថានទូត កុងស៊ុល ឬអង្គការអន្តរជាតិ។"


def test_embassies_are_embassies_and_international_organisations(border: Border) -> None:
    iom = make_agency("IOM Phnom Penh", AgencyKind.INTERNATIONAL, "12")
    assert list(embassies()) == [border.embassy, iom]


def test_the_repatriation_form_offers_embassies_only(border: Border) -> None:
    page = login(border.worker).get("/crossborder/repatriations/new/").content.decode()
    assert f'<option value="{border.embassy.pk}">Embassy of Vietnam</option>' in page
    assert "AHTJPD" not in page and "Kam Rieng Transit Centre" not in page


def test_the_repatriation_form_refuses_another_agency_as_embassy(border: Border) -> None:
    person = make_person(border.worker)
    response = login(border.worker).post(
        "/crossborder/repatriations/new/",
        {"person": person.reference, "direction": "home", "country": "TH",
         "embassy": border.police.pk, "requested_on": "2026-12-01"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "embassy" in response.context["form"].errors
    assert not Repatriation.objects.exists()


def test_the_service_refuses_another_agency_as_embassy(border: Border) -> None:
    data = {"direction": "home", "country": "TH", "requested_on": date(2026, 12, 1)}
    with pytest.raises(Refused, match=REFUSED_EN):
        services.open_repatriation(
            border.worker, make_person(border.worker), data | {"embassy": border.police}
        )
    assert not Repatriation.objects.exists()


def _open_by_api(border: Border, embassy: object, language: str = "en"):  # type: ignore[no-untyped-def]
    person = make_person(border.worker)
    return login(border.worker).post(
        "/api/v1/crossborder/repatriations/",
        {"person": person.pk, "direction": "home", "country": "TH", "embassy": embassy,
         "requested_on": "2026-12-01"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
    )  # fmt: skip


def test_the_api_names_an_embassy(border: Border) -> None:
    response = _open_by_api(border, border.embassy.pk)
    assert response.status_code == 201
    assert response.json()["embassy"] == border.embassy.pk
    assert Repatriation.objects.get().embassy == border.embassy


@pytest.mark.parametrize("which", ["police", "transit centre", "no such agency", "not a number"])
def test_the_api_refuses_what_is_not_an_embassy_and_says_so(border: Border, which: str) -> None:
    embassy = {
        "police": border.police.pk,
        "transit centre": border.other_centre.pk,
        "no such agency": 987654,
        "not a number": "embassy",
    }[which]
    response = _open_by_api(border, embassy)
    assert response.status_code == 400
    assert response.json() == {"embassy": [REFUSED_EN]}
    assert not Repatriation.objects.exists()


def test_the_api_refuses_another_agency_in_khmer(border: Border) -> None:
    response = _open_by_api(border, border.police.pk, language="km")
    assert response.status_code == 400
    assert response.json() == {"embassy": [REFUSED_KM]}
