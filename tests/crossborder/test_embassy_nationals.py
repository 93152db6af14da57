"""An embassy is named only on the repatriation of a national of the country it represents:
Cambodia's embassies abroad serve Cambodians, a foreign embassy in Phnom Penh its own nationals.
Naming it gives it the person's record, so another country's embassy is refused, on the page and
in the API, in the reader's language; IOM serves anyone."""

from __future__ import annotations

from datetime import date

import pytest

from rumdoh.accounts.models import Agency, AgencyKind
from rumdoh.accounts.rules.roles import Role
from rumdoh.core.errors import Refused
from rumdoh.crossborder import services
from rumdoh.crossborder.models import Repatriation
from rumdoh.people.models import AccessSource, PersonAccess
from tests.conftest import login, make_agency, make_person, make_user
from tests.crossborder.conftest import Border

ON = date(2026, 12, 1)
HOME = {"direction": "home", "country": "TH", "requested_on": ON}
REFUSED_EN = (
    "Embassy of Vietnam serves the nationals of Viet Nam only, and this person is not one: "
    "choose the embassy of the person's nationality, or IOM."
)
REFUSED_KM = (
    "Embassy of Vietnam បម្រើតែជនជាតិវៀតណាមប៉ុណ្ណោះ ហើយបុគ្គលនេះមិនមែនជាជនជាតិនោះទេ៖ "
    "សូមជ្រើសរើសស្ថានទូតនៃសញ្ជាតិរបស់បុគ្គលនេះ ឬ IOM។"
)


@pytest.fixture
def vietnam(border: Border) -> Agency:
    return make_agency("Embassy of Vietnam", AgencyKind.EMBASSY, country="VN")


def test_a_foreign_embassy_is_not_named_on_a_cambodians_return(
    border: Border, vietnam: Agency
) -> None:
    cambodian = make_person(border.worker, nationality="KH")
    consul = make_user(Role.CONSULAR_OFFICER, vietnam, "vn.consul")
    with pytest.raises(Refused) as refused:
        services.open_repatriation(border.worker, cambodian, HOME | {"embassy": vietnam})
    assert str(refused.value) == REFUSED_EN
    assert not Repatriation.objects.exists()
    assert not PersonAccess.objects.filter(agency=vietnam).exists()
    assert not services.repatriations_for(consul).exists()


def test_a_foreign_embassy_is_not_named_on_another_countrys_national(
    border: Border, vietnam: Agency
) -> None:
    thai = make_person(border.worker, nationality="TH")
    data = {"direction": "abroad", "country": "TH", "requested_on": ON, "embassy": vietnam}
    with pytest.raises(Refused):
        services.open_repatriation(border.worker, thai, data)
    assert not Repatriation.objects.exists()


def test_each_embassy_serves_its_own_nationals_and_iom_anyone(
    border: Border, vietnam: Agency
) -> None:
    in_bangkok = border.embassy  # Cambodia's embassy in Bangkok
    iom = make_agency("IOM Phnom Penh", AgencyKind.INTERNATIONAL)
    vietnamese = make_person(border.worker, nationality="VN")
    abroad = {"direction": "abroad", "country": "VN", "requested_on": ON}
    services.open_repatriation(border.worker, vietnamese, abroad | {"embassy": vietnam})
    cambodian = make_person(border.worker, nationality="KH")
    services.open_repatriation(border.worker, cambodian, HOME | {"embassy": in_bangkok})
    with pytest.raises(Refused):
        services.open_repatriation(border.worker, vietnamese, abroad | {"embassy": in_bangkok})
    another = make_person(border.worker, nationality="KH")  # one return at a time each
    services.open_repatriation(border.worker, another, HOME | {"embassy": iom})
    assert PersonAccess.objects.filter(
        person=cambodian, agency=in_bangkok, source=AccessSource.REPATRIATION
    ).exists()
    assert not PersonAccess.objects.filter(person=vietnamese, agency=in_bangkok).exists()


def test_an_embassy_whose_country_is_not_recorded_is_not_named(border: Border) -> None:
    unknown = make_agency("Embassy of somewhere", AgencyKind.EMBASSY)
    with pytest.raises(Refused, match="The country Embassy of somewhere represents is not"):
        services.open_repatriation(
            border.worker, make_person(border.worker), HOME | {"embassy": unknown}
        )
    assert not Repatriation.objects.exists()


def test_the_page_refuses_another_countrys_embassy_and_says_why_in_khmer(
    border: Border, vietnam: Agency
) -> None:
    person = make_person(border.worker, nationality="KH")
    response = login(border.worker).post(
        "/crossborder/repatriations/new/",
        {"person": person.reference, "direction": "home", "country": "TH",
         "embassy": vietnam.pk, "requested_on": "2026-12-01"},
        HTTP_ACCEPT_LANGUAGE="km",
    )  # fmt: skip
    assert response.status_code == 200
    assert REFUSED_KM in response.context["form"].errors["embassy"]
    assert not Repatriation.objects.exists()


@pytest.mark.parametrize("language,message", [("en", REFUSED_EN), ("km", REFUSED_KM)])
def test_the_api_refuses_another_countrys_embassy(
    border: Border, vietnam: Agency, language: str, message: str
) -> None:
    person = make_person(border.worker, nationality="KH")
    response = login(border.worker).post(
        "/api/v1/crossborder/repatriations/",
        {"person": person.pk, "direction": "home", "country": "TH",
         "embassy": vietnam.pk, "requested_on": "2026-12-01"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json() == {"embassy": [message]}
    assert not Repatriation.objects.exists()


def embassies_offered(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {label for _value, label in response.context["form"].fields["embassy"].choices if _value}


def test_the_form_offers_only_the_embassies_that_may_be_named_for_the_person(
    border: Border, vietnam: Agency
) -> None:
    iom = make_agency("IOM Phnom Penh", AgencyKind.INTERNATIONAL)
    make_agency("Embassy of somewhere", AgencyKind.EMBASSY)
    cambodian = make_person(border.worker, nationality="KH")
    vietnamese = make_person(border.worker, nationality="VN")
    client = login(border.worker)
    url = "/crossborder/repatriations/new/"
    offered = embassies_offered(client.get(url, {"person": cambodian.reference}))
    assert offered == {border.embassy.name, iom.name}
    offered = embassies_offered(client.get(url, {"person": vietnamese.reference}))
    assert offered == {vietnam.name, iom.name}
    # After a refusal the page shown again offers the person's embassies too.
    response = client.post(
        url,
        {"person": cambodian.reference, "direction": "home", "country": "TH",
         "embassy": vietnam.pk, "requested_on": "2026-12-01"},
    )  # fmt: skip
    assert REFUSED_EN in response.context["form"].errors["embassy"]
    assert embassies_offered(response) == {border.embassy.name, iom.name}
    # A person the agency may not see tells nothing: every embassy stays on offer.
    hidden = make_person(border.stranger, nationality="KH")
    offered = embassies_offered(client.get(url, {"person": hidden.reference}))
    assert vietnam.name in offered
