"""Cambodia's embassies abroad are named only on the returns from the country each is posted
in: naming one gives it the person's record, and the embassy in Bangkok has no business with a
return from Malaysia. The refusal says why, on the page and in the API, in the reader's
language; an embassy whose posting is not recorded is named on none, and the deployment check
names it."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ValidationError

from rumdoh.accounts.models import Agency, AgencyKind
from rumdoh.core.errors import Refused
from rumdoh.crossborder import services
from rumdoh.crossborder.models import Repatriation
from rumdoh.people.models import PersonAccess
from tests.conftest import login, make_agency, make_person
from tests.crossborder.conftest import Border

ON = date(2026, 12, 1)
FROM_MALAYSIA = {"direction": "home", "country": "MY", "requested_on": ON}
REFUSED_EN = (
    "Royal Embassy of Cambodia in Bangkok is posted in Thailand and this return is from "
    "Malaysia: choose Cambodia's embassy in Malaysia, or IOM."
)


@pytest.fixture
def kuala_lumpur(border: Border) -> Agency:
    return make_agency(
        "Royal Embassy of Cambodia in Kuala Lumpur",
        AgencyKind.EMBASSY,
        country="KH",
        posted_in="MY",
    )


def test_the_embassy_posted_elsewhere_is_refused_and_gets_nothing(border: Border) -> None:
    cambodian = make_person(border.worker, nationality="KH")
    with pytest.raises(Refused) as refused:
        services.open_repatriation(
            border.worker, cambodian, FROM_MALAYSIA | {"embassy": border.embassy}
        )
    assert str(refused.value) == REFUSED_EN
    assert not Repatriation.objects.exists()
    assert not PersonAccess.objects.filter(agency=border.embassy).exists()


def test_the_embassy_posted_in_the_country_is_named(border: Border, kuala_lumpur: Agency) -> None:
    cambodian = make_person(border.worker, nationality="KH")
    made = services.open_repatriation(
        border.worker, cambodian, FROM_MALAYSIA | {"embassy": kuala_lumpur}
    )
    assert made.embassy == kuala_lumpur
    assert PersonAccess.objects.filter(person=cambodian, agency=kuala_lumpur).exists()


def test_an_embassy_whose_posting_is_not_recorded_is_not_named(border: Border) -> None:
    unposted = make_agency("Royal Embassy of Cambodia", AgencyKind.EMBASSY, country="KH")
    cambodian = make_person(border.worker, nationality="KH")
    with pytest.raises(Refused, match="The country where Royal Embassy of Cambodia is posted"):
        services.open_repatriation(
            border.worker,
            cambodian,
            {"direction": "home", "country": "TH", "requested_on": ON, "embassy": unposted},
        )
    assert not Repatriation.objects.exists()


def test_a_foreign_embassy_in_phnom_penh_needs_no_posting(border: Border) -> None:
    vietnam = make_agency("Embassy of Viet Nam", AgencyKind.EMBASSY, country="VN")
    vietnamese = make_person(border.worker, nationality="VN")
    data = {"direction": "abroad", "country": "VN", "requested_on": ON, "embassy": vietnam}
    assert services.open_repatriation(border.worker, vietnamese, data).embassy == vietnam


def test_the_page_offers_the_embassy_posted_in_the_country_chosen(
    border: Border, kuala_lumpur: Agency
) -> None:
    iom = make_agency("IOM Phnom Penh", AgencyKind.INTERNATIONAL)
    make_agency("Royal Embassy of Cambodia", AgencyKind.EMBASSY, country="KH")  # no posting
    cambodian = make_person(border.worker, nationality="KH")
    client = login(border.worker)
    url = "/crossborder/repatriations/new/"

    def offered(response) -> set[str]:  # type: ignore[no-untyped-def]
        field = response.context["form"].fields["embassy"]
        return {label for value, label in field.choices if value}

    # The form starts on Thailand.
    assert offered(client.get(url, {"person": cambodian.reference})) == {
        border.embassy.name,
        iom.name,
    }
    response = client.post(
        url,
        {"person": cambodian.reference, "direction": "home", "country": "MY",
         "embassy": border.embassy.pk, "requested_on": "2026-12-01"},
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].errors["embassy"] == [REFUSED_EN]
    assert offered(response) == {kuala_lumpur.name, iom.name}
    assert not Repatriation.objects.exists()


def test_the_api_refuses_the_embassy_posted_elsewhere_in_khmer(border: Border) -> None:
    cambodian = make_person(border.worker, nationality="KH")
    response = login(border.worker).post(
        "/api/v1/crossborder/repatriations/",
        {"person": cambodian.pk, "direction": "home", "country": "MY",
         "embassy": border.embassy.pk, "requested_on": "2026-12-01"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="km",
    )  # fmt: skip
    assert response.status_code == 400
    (message,) = response.json()["embassy"]
    assert "ម៉ាឡេស៊ី" in message and "ថៃ" in message and "posted" not in message
    assert not Repatriation.objects.exists()


def test_a_posting_is_recorded_only_for_cambodias_embassies_abroad(db) -> None:  # type: ignore[no-untyped-def]
    for agency in (
        Agency(name="Shelter", kind=AgencyKind.NGO, posted_in="TH"),
        Agency(name="Thai embassy", kind=AgencyKind.EMBASSY, country="TH", posted_in="TH"),
        Agency(name="Cambodia", kind=AgencyKind.EMBASSY, country="KH", posted_in="KH"),
    ):
        with pytest.raises(ValidationError) as refused:
            agency.clean()
        assert "posted_in" in refused.value.message_dict
    Agency(name="Bangkok", kind=AgencyKind.EMBASSY, country="KH", posted_in="TH").clean()


def test_the_deployment_check_names_the_embassies_without_a_posting(border: Border) -> None:
    def warnings() -> list[str]:
        return [m.msg for m in run_checks(databases=["default"]) if m.id == "crossborder.W001"]

    assert warnings() == []
    make_agency("Royal Embassy of Cambodia in Seoul", AgencyKind.EMBASSY, country="KH")
    assert warnings() == [
        "Where Cambodia's embassy 'Royal Embassy of Cambodia in Seoul' is posted is not recorded."
    ]
