"""A tip's page reads a small, bounded number of queries, open or closed.

A tip has no list that grows on its page; what changes is its state (triaged, assigned, linked to
the operation it led to, closed), and with it which forms are shown. Each state is bounded."""

from datetime import date

from rumdoh.intake import services
from rumdoh.operations.services import create_operation
from tests.conftest import login
from tests.intake.helpers import TipWorld
from tests.querycount import count_queries

BOUND = 12


def test_a_tip_page_reads_a_fixed_number_of_queries(tips: TipWorld) -> None:
    tip = services.record_tip(
        tips.operator,
        services.TipInput(channel="ahjpd_hotline", summary="Girls held at a karaoke bar"),
    )
    services.assign(tips.operator, tip, tips.police_agency, version=1)
    clients = [login(tips.investigator), login(tips.operator)]
    url = f"/tips/{tip.pk}/"
    counts = []
    for client in clients:
        client.get(url)
        counts.append(count_queries(client, url)[0])
    tip.refresh_from_db()
    services.triage(tips.investigator, tip, urgency="urgent", concern="child", version=tip.version)
    raid = create_operation(
        tips.investigator, {"kind": "raid", "held_on": date(2026, 6, 1), "province": "12"}
    )
    tip.refresh_from_db()
    services.link_operation(tips.investigator, tip, raid.pk, version=tip.version)
    for client, opens in zip(clients, (True, False), strict=True):
        queries, page = count_queries(client, url)
        # The hotline may not open operations: the number without a link.
        assert (f'href="/operations/{raid.pk}/"' in page) is opens
        assert f"operation {raid.pk}" in page
        counts.append(queries)
    assert max(counts) <= BOUND, counts
