"""Several arrivals of a list registered in one go from the list's page, all or none."""

from __future__ import annotations

from rumdoh.crossborder import services
from rumdoh.crossborder.models import Arrival, DeportationList
from rumdoh.people.models import Person
from tests.conftest import login
from tests.crossborder.conftest import Border, row


def three(border: Border) -> DeportationList:
    return border.import_list(
        [
            row("Srey Mom", "Chan", "F", "24", "N0123"),
            row("Dara", "Sok", "M", "31"),
            row("Bopha", "Keo", "F", "19"),
        ]
    )


def test_the_ticked_rows_arrive_together_and_the_first_is_screened_next(border: Border) -> None:
    listed = three(border)
    first, _second, third = listed.deportees.order_by("row")
    client = login(border.worker)
    page = client.get(f"/crossborder/lists/{listed.pk}/").content.decode()
    assert f'name="deportee" value="{first.pk}" form="arrivals"' in page
    assert "Register the ticked arrivals" in page

    response = client.post(
        f"/crossborder/lists/{listed.pk}/arrivals/", {"deportee": [str(third.pk), str(first.pk)]}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/crossborder/deportees/{first.pk}/screen/"
    statuses = dict(listed.deportees.values_list("row", "status"))
    assert statuses == {2: Arrival.ARRIVED, 3: Arrival.EXPECTED, 4: Arrival.ARRIVED}
    assert Person.objects.count() == 2
    screen = client.get(response["Location"]).content.decode()
    assert "2 arrivals registered. Screen them now, one after another." in screen
    page = client.get(f"/crossborder/lists/{listed.pk}/").content.decode()
    assert "Listed 3, arrived 2, did not arrive 0, screened 0." in page


def test_one_that_cannot_arrive_leaves_every_other_as_it_was(border: Border) -> None:
    listed = three(border)
    first, second, third = listed.deportees.order_by("row")
    services.register_arrival(border.worker, second.pk)
    people_before = Person.objects.count()
    client = login(border.worker)
    response = client.post(
        f"/crossborder/lists/{listed.pk}/arrivals/",
        {"deportee": [str(first.pk), str(second.pk), str(third.pk)]},
        follow=True,
    )
    page = response.content.decode()
    assert "Row 3: This arrival is already registered. No arrival was registered." in page
    statuses = dict(listed.deportees.values_list("row", "status"))
    assert statuses == {2: Arrival.EXPECTED, 3: Arrival.ARRIVED, 4: Arrival.EXPECTED}
    assert Person.objects.count() == people_before


def test_rows_of_another_list_or_none_ticked_are_refused(border: Border) -> None:
    listed = three(border)
    other = border.import_list([row("Sokha", "Lim", "F", "22")])
    client = login(border.worker)
    mixed = client.post(
        f"/crossborder/lists/{listed.pk}/arrivals/",
        {"deportee": [str(listed.deportees.first().pk), str(other.deportees.get().pk)]},
        follow=True,
    )
    assert "Some of the people ticked are not on this list." in mixed.content.decode()
    assert not listed.deportees.filter(status=Arrival.ARRIVED).exists()
    empty = client.post(f"/crossborder/lists/{listed.pk}/arrivals/", {}, follow=True)
    assert "Tick at least one person who arrived." in empty.content.decode()


def test_another_centre_cannot_register_arrivals_on_the_list(border: Border) -> None:
    listed = three(border)
    ids = [str(pk) for pk in listed.deportees.values_list("pk", flat=True)]
    response = login(border.stranger).post(
        f"/crossborder/lists/{listed.pk}/arrivals/", {"deportee": ids}
    )
    assert response.status_code == 404
    assert (
        login(border.consul)
        .post(f"/crossborder/lists/{listed.pk}/arrivals/", {"deportee": ids})
        .status_code
        == 403
    )
    assert not listed.deportees.filter(status=Arrival.ARRIVED).exists()
