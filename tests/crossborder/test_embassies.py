"""Only an active embassy, consulate or international organisation is named as a repatriation's
embassy: it sees the repatriation, so the page offers no other agency and the API refuses one. A
repatriation whose embassy is deactivated later keeps it, and is shown and changed as before."""

from __future__ import annotations

from datetime import date

import pytest

from rumdoh.accounts.models import Agency, AgencyKind
from rumdoh.core.errors import Refused
from rumdoh.crossborder import services
from rumdoh.crossborder.models import Repatriation
from rumdoh.crossborder.queries import embassies
from tests.conftest import login, make_agency, make_person
from tests.crossborder.conftest import Border

REFUSED_EN = "Choose an active embassy, consulate or international organisation."
REFUSED_KM = "សូមជ្រើសរើសស្ថានទូត កុងស៊ុល ឬអង្គការអន្តរជាតិ ដែលនៅសកម្ម។"


def test_embassies_are_embassies_and_international_organisations(border: Border) -> None:
    iom = make_agency("IOM Phnom Penh", AgencyKind.INTERNATIONAL, "12")
    assert list(embassies()) == [iom, border.embassy]


def test_the_repatriation_form_offers_embassies_only(border: Border) -> None:
    page = login(border.worker).get("/crossborder/repatriations/new/").content.decode()
    name = "Royal Embassy of Cambodia in Bangkok"
    assert f'<option value="{border.embassy.pk}">{name}</option>' in page
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


def _deactivate(agency: Agency) -> None:
    agency.is_active = False
    agency.save(update_fields=["is_active"])


def test_embassies_leave_out_a_deactivated_one(border: Border) -> None:
    iom = make_agency("IOM Phnom Penh", AgencyKind.INTERNATIONAL, "12")
    _deactivate(border.embassy)
    assert list(embassies()) == [iom]


def test_the_repatriation_form_neither_offers_nor_takes_a_deactivated_embassy(
    border: Border,
) -> None:
    iom = make_agency("IOM Phnom Penh", AgencyKind.INTERNATIONAL, "12")
    _deactivate(border.embassy)
    client = login(border.worker)
    page = client.get("/crossborder/repatriations/new/").content.decode()
    assert f'<option value="{iom.pk}">IOM Phnom Penh</option>' in page
    assert "Royal Embassy of Cambodia in Bangkok" not in page
    response = client.post(
        "/crossborder/repatriations/new/",
        {"person": make_person(border.worker).reference, "direction": "home", "country": "TH",
         "embassy": border.embassy.pk, "requested_on": "2026-12-01"},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].errors["embassy"] == [REFUSED_EN]
    assert not Repatriation.objects.exists()


def test_the_service_refuses_a_deactivated_embassy(border: Border) -> None:
    _deactivate(border.embassy)
    data = {"direction": "home", "country": "TH", "requested_on": date(2026, 12, 1)}
    with pytest.raises(Refused, match=REFUSED_EN):
        services.open_repatriation(
            border.worker, make_person(border.worker), data | {"embassy": border.embassy}
        )
    assert not Repatriation.objects.exists()


@pytest.mark.parametrize(
    ("language", "refused"), [("en", REFUSED_EN), ("km", REFUSED_KM)], ids=["en", "km"]
)
def test_the_api_refuses_a_deactivated_embassy_in_the_readers_language(
    border: Border, language: str, refused: str
) -> None:
    _deactivate(border.embassy)
    response = _open_by_api(border, border.embassy.pk, language=language)
    assert response.status_code == 400
    assert response.json() == {"embassy": [refused]}
    assert not Repatriation.objects.exists()


def test_a_repatriation_keeps_its_embassy_once_deactivated_shown_and_changed(
    border: Border,
) -> None:
    opened = _open_by_api(border, border.embassy.pk)
    repatriation = Repatriation.objects.get(pk=opened.json()["id"])
    _deactivate(border.embassy)
    client = login(border.worker)

    page = client.get(f"/crossborder/repatriations/{repatriation.pk}/").content.decode()
    assert "Royal Embassy of Cambodia in Bangkok" in page
    api = f"/api/v1/crossborder/repatriations/{repatriation.pk}/"
    assert client.get(api).json()["embassy"] == border.embassy.pk

    moved = client.post(
        f"/crossborder/repatriations/{repatriation.pk}/stage/",
        {"stage": "documents", "on": "2026-12-02", "version": 1},
    )
    assert moved.status_code == 302
    answer = client.post(
        f"{api}stage/",
        {"stage": "travel_arranged", "on": "2026-12-03", "version": 2},
        content_type="application/json",
    )
    assert answer.status_code == 200
    assert (answer.json()["stage"], answer.json()["embassy"]) == (
        "travel_arranged",
        border.embassy.pk,
    )
    assessed = client.post(
        f"/crossborder/repatriations/{repatriation.pk}/assessment/",
        {"traced_on": "2026-12-04", "result": "safe", "findings": "Mother found."},
    )
    assert assessed.status_code == 302
    repatriation.refresh_from_db()
    assert repatriation.stage == "travel_arranged"
    assert repatriation.embassy == border.embassy
    assert repatriation.assessments.count() == 1


def test_a_khmer_repatriation_page_names_the_embassy_in_khmer(border: Border) -> None:
    border.embassy.name_km = "ស្ថានទូតកម្ពុជាប្រចាំទីក្រុងបាងកក"
    border.embassy.save()
    repatriation = services.open_repatriation(
        border.worker,
        make_person(border.worker, nationality="KH"),
        {"direction": "home", "country": "TH", "embassy": border.embassy,
         "requested_on": date(2026, 12, 1)},
    )  # fmt: skip
    for user in (border.worker, border.consul):
        client = login(user)
        client.cookies["django_language"] = "km"
        html = client.get(f"/crossborder/repatriations/{repatriation.pk}/").content.decode()
        assert "ស្ថានទូតកម្ពុជាប្រចាំទីក្រុងបាងកក" in html
        assert "Royal Embassy of Cambodia in Bangkok" not in html
