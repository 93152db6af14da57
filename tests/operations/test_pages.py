"""The operation pages, as the immigration officer, a participating screener and an outsider use
them."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from rumdoh.accounts.models import AuditEvent
from rumdoh.operations.models import Deportation, Operation
from rumdoh.screening.rules.questions import SHORT
from tests.conftest import login
from tests.operations.helpers import HEADER, Raid, roster_csv, roster_rows


@pytest.fixture
def raid(db: None) -> Raid:
    return Raid()


def _upload(client, raid: Raid, name: str, content: bytes):  # type: ignore[no-untyped-def]
    url = reverse("operations:roster_import", args=[raid.operation.pk])
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(url, {"file": upload})


def test_officer_creates_an_operation_with_a_participating_agency(raid: Raid) -> None:
    client = login(raid.officer)
    response = client.post(
        reverse("operations:create"),
        {
            "kind": "detention",
            "held_on": "2026-11-25",
            "province": "12",
            "place": "Immigration detention centre",
            "status": "planned",
            "agencies": [raid.centre.pk],
        },
    )
    operation = Operation.objects.exclude(pk=raid.operation.pk).get()
    assert response.status_code == 302
    assert operation.agency_ids() == {raid.immigration.pk, raid.centre.pk}
    assert operation.place == "Immigration detention centre"


def test_a_stale_edit_is_refused_with_the_input_kept(raid: Raid) -> None:
    client = login(raid.officer)
    url = reverse("operations:edit", args=[raid.operation.pk])
    data = {
        "kind": "raid",
        "held_on": "2026-11-20",
        "province": "18",
        "place": "Changed place",
        "status": "closed",
        "agencies": [raid.centre.pk],
        "version": 1,
    }
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "place": "Other change"})
    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()


def test_csv_roster_import_then_the_roster_and_board_show(raid: Raid) -> None:
    client = login(raid.officer)
    response = _upload(client, raid, "roster.csv", roster_csv(roster_rows(6)))
    assert response.status_code == 302
    page = client.get(reverse("operations:detail", args=[raid.operation.pk]))
    html = page.content.decode()
    assert "Family0" in html and 'data-nationality="CN"' in html
    assert AuditEvent.objects.filter(action="operation.roster_listed").count() == 6


def test_xlsx_roster_with_a_bad_row_lists_the_problem_and_saves_nothing(raid: Raid) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    rows = roster_rows(3)
    rows[1][5] = "unclear"
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    response = _upload(login(raid.officer), raid, "roster.xlsx", out.getvalue())
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="roster-problems"' in html and '<td class="num">3</td><td>Sex</td>' in html
    assert not raid.operation.roster.exists()


def test_tablet_flow_screens_and_goes_on_to_the_next_person(raid: Raid) -> None:
    raid.import_rows(roster_rows(3))
    first, second, _third = raid.operation.roster.order_by("pk")
    client = login(raid.screener)
    start = client.get(reverse("operations:screen_next", args=[raid.operation.pk]))
    assert start.url == reverse("operations:screen", args=[raid.operation.pk, first.pk])
    form = {"age": "30", "sex": "male", "nationality": "CN", "interpreter_language": "zh"}
    form.update({f"q_{q.key}": "no" for q in SHORT})
    saved = client.post(start.url, form, follow=True)
    assert saved.redirect_chain[-1][0] == reverse(
        "operations:screen", args=[raid.operation.pk, second.pk]
    )
    first.refresh_from_db()
    assert first.screening.context == "raid" and first.interpreter_language == "zh"


def test_deportation_of_someone_not_screened_is_refused_on_the_page(raid: Raid) -> None:
    raid.import_rows(roster_rows(1))
    entry = raid.operation.roster.get()
    client = login(raid.officer)
    url = reverse("operations:deport", args=[raid.operation.pk, entry.pk])
    response = client.post(url, {"deported_on": "2026-11-21"}, follow=True)
    assert "has not been screened" in response.content.decode()
    assert not Deportation.objects.exists()


def test_outsider_gets_404_and_no_menu_entry_leads_there(raid: Raid) -> None:
    client = login(raid.outsider)
    assert client.get(reverse("operations:detail", args=[raid.operation.pk])).status_code == 404
    listing = client.get(reverse("operations:list")).content.decode()
    assert raid.operation.reference not in listing


def test_screener_may_not_import_or_deport(raid: Raid) -> None:
    raid.import_rows(roster_rows(1))
    entry = raid.operation.roster.get()
    client = login(raid.screener)
    assert _upload(client, raid, "r.csv", roster_csv(roster_rows(1, 5))).status_code == 403
    url = reverse("operations:deport", args=[raid.operation.pk, entry.pk])
    assert client.post(url, {"deported_on": "2026-11-21"}).status_code == 403


def test_the_bypass_report_is_for_supervisors(raid: Raid) -> None:
    raid.import_rows([["Li", "Wei", "CN", "E99", "zh", "male", "30"]])
    entry = raid.operation.roster.get()
    from rumdoh.operations import services

    services.record_deportation(
        raid.supervisor,
        raid.operation,
        entry,
        deported_on=raid.operation.held_on,
        override_reason="Flight booked by the embassy",
    )
    assert login(raid.officer).get(reverse("operations:bypassed")).status_code == 403
    html = login(raid.supervisor).get(reverse("operations:bypassed")).content.decode()
    assert entry.person.reference in html and "Flight booked by the embassy" in html


def test_the_bypass_report_names_who_recorded_a_deportation_by_name(raid: Raid) -> None:
    from rumdoh.operations import services

    raid.supervisor.first_name, raid.supervisor.last_name = "Vichea", "Sam"
    raid.supervisor.save()
    raid.import_rows([["Li", "Wei", "CN", "E99", "zh", "male", "30"]])
    services.record_deportation(
        raid.supervisor,
        raid.operation,
        raid.operation.roster.get(),
        deported_on=raid.operation.held_on,
        override_reason="Flight booked by the embassy",
    )
    html = login(raid.supervisor).get(reverse("operations:bypassed")).content.decode()
    assert "<td>Vichea Sam</td>" in html and "<td>chief</td>" not in html


def test_the_operation_page_costs_the_same_queries_with_more_people_screened(raid: Raid) -> None:
    from tests.querycount import assert_flat

    raid.import_rows(roster_rows(3))
    raid.screen(raid.operation.roster.select_related("person").first())

    def grow() -> list[str]:
        raid.import_rows(roster_rows(6, 100))
        for entry in raid.operation.roster.select_related("person").filter(row__gte=4)[:3]:
            raid.screen(entry)
        return ["Family100", "Family105"]

    url = reverse("operations:detail", args=[raid.operation.pk])
    assert_flat([login(raid.officer), login(raid.screener)], url, grow)


def test_the_list_finds_an_operation_by_its_number_and_survives_odd_input(raid: Raid) -> None:
    client = login(raid.officer)
    url = reverse("operations:list")
    found = client.get(url, {"q": raid.operation.reference}).content.decode()
    assert raid.operation.reference in found
    for odd in ("OP-¹", "OP-99999999999999999999", "nothing"):
        response = client.get(url, {"q": odd})
        assert response.status_code == 200
        assert raid.operation.reference not in response.content.decode()


def test_a_khmer_operation_page_names_the_participating_agencies_in_khmer(raid: Raid) -> None:
    raid.centre.name_km = "មជ្ឈមណ្ឌលស្នាក់នៅបណ្ដោះអាសន្ន"
    raid.centre.save()
    client = login(raid.officer)
    client.cookies["django_language"] = "km"
    html = client.get(reverse("operations:detail", args=[raid.operation.pk])).content.decode()
    assert "មជ្ឈមណ្ឌលស្នាក់នៅបណ្ដោះអាសន្ន" in html
    assert "Transit Centre" not in html


def test_opening_a_deportation_or_release_address_leads_back_to_the_roster(raid: Raid) -> None:
    # Pressing "Record deportation" after the session ran out goes through the sign-in page,
    # which then opens the button's address: the roster, not an empty page.
    raid.import_rows(roster_rows(1))
    entry = raid.operation.roster.get()
    client = login(raid.officer)
    for name in ("operations:deport", "operations:release"):
        response = client.get(reverse(name, args=[raid.operation.pk, entry.pk]))
        assert response.status_code == 302
        assert response.url == reverse("operations:detail", args=[raid.operation.pk])
    assert not Deportation.objects.exists()
    entry.refresh_from_db()
    assert entry.released_on is None
    # Whoever may not record deportations is still refused, as before.
    outsider = login(raid.outsider)
    assert (
        outsider.get(reverse("operations:deport", args=[raid.operation.pk, entry.pk])).status_code
        == 403
    )


def test_a_screener_of_a_participating_agency_finds_the_operations_in_the_menu(
    raid: Raid,
) -> None:
    # Screening before deportation is done by the agencies taking part: their screeners reach
    # the roster from the menu (behind "More", after their daily work), not by knowing its address.
    from rumdoh.portal.navigation import menu_for

    urls = [item.url for item in menu_for(raid.screener, "/screening/")]
    assert reverse("operations:list") in urls
    officer_urls = [item.url for item in menu_for(raid.officer, "/operations/")]
    assert officer_urls.count(reverse("operations:list")) == 1
    html = login(raid.screener).get(reverse("operations:list")).content.decode()
    assert raid.operation.reference in html
