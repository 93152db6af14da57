"""Each cross-border record page costs the same queries however many rows it shows."""

from __future__ import annotations

from datetime import date

from rumdoh.accounts.models import Agency, AgencyKind
from rumdoh.crossborder import services
from rumdoh.crossborder.models import Repatriation
from rumdoh.screening.rules.questions import SHORT
from tests.conftest import login, make_agency, make_person
from tests.crossborder.conftest import Border, row
from tests.querycount import assert_flat

ON = date(2026, 12, 1)


def test_a_deportation_list_page_reads_a_fixed_number_of_queries(border: Border) -> None:
    made = border.import_list([row("Dara", "Sok", "M", "31")])
    services.register_arrival(border.screener, made.deportees.get().pk)
    answers = {code: "no" for question in SHORT for code in question.codes}

    def grow() -> list[str]:
        more = services.import_list(
            border.worker,
            services.ListDetails("Sa Kaeo", "TH", "poipet", ON),
            ["Name", "Surname", "Sex", "Age"],
            [{"Name": f"Vanna{i}", "Surname": "Kim", "Sex": "F", "Age": "20"} for i in range(4)],
        )
        # The rows go onto the page's own list, arrived and screened.
        for deportee in more.deportees.all():
            deportee.deportation_list = made
            deportee.row += 10
            deportee.save(update_fields=["deportation_list", "row"])
            services.register_arrival(border.screener, deportee.pk)
            services.screen_deportee(border.screener, deportee.pk, answers)
        return ["Vanna3 Kim"]

    assert_flat([login(border.worker)], f"/crossborder/lists/{made.pk}/", grow)


def test_a_repatriation_page_reads_a_fixed_number_of_queries(border: Border) -> None:
    person = make_person(border.worker, birth_year=2012)
    repatriation = services.open_repatriation(
        border.worker,
        person,
        {"direction": "home", "country": "TH", "requested_on": ON, "embassy": border.embassy},
    )

    def grow() -> list[str]:
        for stage in ("documents", "travel_arranged", "received"):
            repatriation.refresh_from_db()
            services.move_repatriation(
                border.worker, repatriation.pk, stage, on=ON, version=repatriation.version
            )
        for result in ("unsafe", "safe"):
            services.record_assessment(
                border.worker,
                repatriation.pk,
                {"traced_on": ON, "result": result, "findings": f"Finding {result}"},
            )
        return ["Travel arranged", "Finding unsafe"]

    url = f"/crossborder/repatriations/{repatriation.pk}/"
    assert_flat([login(border.worker), login(border.consul)], url, grow)


def _repatriation_to(border: Border, embassy: Agency, name: str) -> Repatriation:
    person = make_person(border.worker, given_name=name)
    return services.open_repatriation(
        border.worker,
        person,
        {"direction": "home", "country": "TH", "requested_on": ON, "embassy": embassy},
    )


def _more_repatriations(border: Border) -> list[Repatriation]:
    """Rows naming embassies the list did not name before, and one more for the consul's own."""
    made = [
        _repatriation_to(
            border,
            make_agency(f"Embassy {i}", AgencyKind.EMBASSY, "12", country="KH", posted_in="TH"),
            f"Vanna{i}",
        )
        for i in range(3)
    ]
    return [*made, _repatriation_to(border, border.embassy, "Sreymom")]


def test_the_repatriation_list_reads_a_fixed_number_of_queries(border: Border) -> None:
    _repatriation_to(border, border.embassy, "Dara")

    def grow() -> list[str]:
        return [r.reference for r in _more_repatriations(border)]

    clients = [login(border.worker), login(border.consul)]
    assert_flat(clients, "/crossborder/repatriations/", grow)


def test_the_repatriations_api_reads_a_fixed_number_of_queries(border: Border) -> None:
    _repatriation_to(border, border.embassy, "Dara")

    def grow() -> list[str]:
        return [f'"embassy":{r.embassy_id}' for r in _more_repatriations(border)]

    clients = [login(border.worker), login(border.consul)]
    assert_flat(clients, "/api/v1/crossborder/repatriations/", grow)


def test_a_request_page_reads_a_fixed_number_of_queries(border: Border) -> None:
    item = services.open_request(
        border.investigator,
        {"direction": "outgoing", "kind": "evidence", "counterpart_name": "Royal Thai Police",
         "country": "TH", "subject": "Bank records", "sent_on": ON},
    )  # fmt: skip

    def grow() -> list[str]:
        services.record_reply(
            border.investigator, item.pk, replied_on=ON, reply="Records attached", version=1
        )
        return ["Records attached"]

    assert_flat([login(border.investigator)], f"/crossborder/requests/{item.pk}/", grow)


def test_a_request_sent_to_a_system_reads_a_fixed_number_of_queries(border: Border) -> None:
    from tests.crossborder.test_signed_exchange import register

    register(border, "th-imm")
    item = services.open_request(
        border.investigator,
        {"direction": "outgoing", "kind": "evidence", "counterpart_name": "Royal Thai Police",
         "country": "TH", "subject": "Bank records", "sent_on": ON, "send_to_system": "th-imm"},
    )  # fmt: skip
    assert item.counterpart is not None

    def grow() -> list[str]:
        for kind in ("request", "reply"):
            services.queue_message(item.counterpart, kind, {"subject": "more"}, item)
        return ["Our reply", "This request or notice"]

    assert_flat([login(border.investigator)], f"/crossborder/requests/{item.pk}/", grow)


def test_the_repatriations_api_filtered_reads_a_fixed_number_of_queries(border: Border) -> None:
    _repatriation_to(border, border.embassy, "Dara")

    def grow() -> list[str]:
        return [f'"embassy":{r.embassy_id}' for r in _more_repatriations(border)]

    clients = [login(border.worker), login(border.consul)]
    assert_flat(clients, "/api/v1/crossborder/repatriations/?direction=home&stage=requested", grow)


def test_the_lists_api_filtered_reads_a_fixed_number_of_queries(border: Border) -> None:
    border.import_list([row("Dara", "Sok", "M", "31")])

    def grow() -> list[str]:
        return [
            border.import_list([row(f"Vanna{i}", "Kim", "F", "20")]).reference for i in range(3)
        ]

    assert_flat([login(border.worker)], "/api/v1/crossborder/lists/?crossing=poipet", grow)
