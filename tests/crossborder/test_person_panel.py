"""The cross-border panel on a person's page: her repatriations and deportation-list rows for the
readers who may see them, and the links their role allows."""

from __future__ import annotations

from datetime import date

from rumdoh.accounts.rules.roles import Role
from rumdoh.crossborder import services
from rumdoh.crossborder.models import Deportee
from rumdoh.people.models import AccessSource, PersonAccess
from tests.conftest import login, make_user
from tests.crossborder.conftest import Border, row


def arrived(border: Border) -> Deportee:
    listed = border.import_list([row("Srey Mom", "Chan", "F", "24", "N0123")])
    deportee = listed.deportees.get()
    return services.register_arrival(border.worker, deportee.pk)


def test_the_centre_sees_her_list_row_and_repatriation_and_may_open_one(border: Border) -> None:
    deportee = arrived(border)
    person = deportee.person
    assert person is not None
    client = login(border.worker)
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert 'id="crossborder"' in page
    assert f"{deportee.deportation_list.reference}, row 2" in page
    assert f"/crossborder/lists/{deportee.deportation_list_id}/" in page
    assert "No repatriation." in page
    assert f'href="/crossborder/repatriations/new/?person={person.reference}"' in page
    assert "Recognise an identification made abroad" not in page  # a case worker does not identify

    repatriation = services.open_repatriation(
        border.worker,
        person,
        {"direction": "home", "country": "TH", "requested_on": date(2026, 12, 1)},
    )
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert f'href="/crossborder/repatriations/{repatriation.pk}/">{repatriation.reference}' in page
    assert "No repatriation." not in page
    # The link opens the form with her number filled in.
    form = client.get(f"/crossborder/repatriations/new/?person={person.reference}")
    assert f'value="{person.reference}"' in form.content.decode()


def test_an_identifier_is_offered_the_recognition(border: Border) -> None:
    deportee = arrived(border)
    person = deportee.person
    assert person is not None
    page = login(border.identifier).get(f"/people/{person.pk}/").content.decode()
    assert f'href="/crossborder/persons/{person.pk}/recognise/"' in page
    assert "Recognise an identification made abroad" in page
    assert (
        login(border.identifier).get(f"/crossborder/persons/{person.pk}/recognise/").status_code
        == 200
    )


def test_another_agency_that_may_see_her_sees_neither_the_list_nor_the_repatriation(
    border: Border,
) -> None:
    deportee = arrived(border)
    person = deportee.person
    assert person is not None
    services.open_repatriation(
        border.worker,
        person,
        {"direction": "home", "country": "TH", "requested_on": date(2026, 12, 1)},
    )
    PersonAccess.objects.create(
        person=person, agency=border.other_centre, source=AccessSource.CONSENT
    )
    page = login(border.stranger).get(f"/people/{person.pk}/").content.decode()
    assert 'id="crossborder"' in page  # a case worker there does cross-border work
    assert deportee.deportation_list.reference not in page
    assert "RP-" not in page
    assert "No repatriation." in page


def test_a_reader_without_cross_border_work_gets_no_panel(border: Border) -> None:
    deportee = arrived(border)
    person = deportee.person
    assert person is not None
    prosecutor = make_user(Role.PROSECUTOR, border.police, "prosecutor")
    PersonAccess.objects.create(person=person, agency=border.police, source=AccessSource.CONSENT)
    response = login(prosecutor).get(f"/people/{person.pk}/")
    assert response.status_code == 200
    assert 'id="crossborder"' not in response.content.decode()
