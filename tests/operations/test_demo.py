"""The demo raid: its roster, its board, and every link the immigration user can follow."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from rumdoh.accounts.models import AgencyKind, User
from rumdoh.operations.access import bypassed_deportations
from rumdoh.operations.board import board
from rumdoh.operations.models import Operation
from rumdoh.people.models import AccessSource, PersonAccess
from rumdoh.protection.choices import ServiceArea
from rumdoh.protection.models import Referral, ServiceProvider
from tests.conftest import login
from tests.test_link_walk import walk


@pytest.mark.django_db
def test_the_demo_raid_is_partly_screened_and_its_links_open() -> None:
    call_command("setup_demo", persons=20, stdout=io.StringIO())
    call_command("setup_demo", persons=20, stdout=io.StringIO())  # once only
    # The demo raid; the generator's tips may have led to small operations of their own.
    (operation,) = Operation.objects.filter(created_by__username="immigration")
    assert ServiceProvider.objects.filter(agency__kind=AgencyKind.EMBASSY).count() == 4
    _lines, total = board(operation, "en")
    assert total.counts["found"] == 30
    assert total.counts["screened"] == 12
    assert total.counts["indicated"] == 3
    assert total.counts["identified"] == 2
    assert total.counts["referred"] == 2
    assert total.counts["deported"] == 3
    # The foreign victims are referred to their own embassy, the first also to IOM.
    referred = {
        (r.person.nationality, r.provider.agency.name)
        for r in Referral.objects.filter(
            person__roster_entries__operation=operation
        ).select_related("person", "provider__agency")
    }
    assert referred == {
        ("CN", "Embassy of the People's Republic of China in Cambodia"),
        ("CN", "International Organization for Migration, Cambodia"),
        ("VN", "Embassy of the Socialist Republic of Viet Nam in Cambodia"),
    }
    for nationality, embassy in referred:
        person = operation.roster.get(
            person__nationality=nationality, person__referrals__provider__agency__name=embassy
        ).person
        assert PersonAccess.objects.filter(
            person=person, agency__name=embassy, source=AccessSource.REFERRAL
        ).exists()
    embassies = ServiceProvider.objects.filter(agency__kind=AgencyKind.EMBASSY)
    assert sorted(p.nationalities[0] for p in embassies) == ["CN", "ID", "TH", "VN"]
    assert all(ServiceArea.REPATRIATION in p.services for p in embassies)
    immigration = User.objects.get(username="immigration")
    assert bypassed_deportations(immigration).count() == 1
    for username in ("immigration", "screener", "identifier"):
        client = login(User.objects.get(username=username))
        client.raise_request_exception = False
        followed, failures = walk(client)
        assert followed > 5
        assert failures == []
