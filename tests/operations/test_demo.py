"""The demo raid: its roster, its board, and every link the immigration user can follow."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from rumdoh.accounts.models import User
from rumdoh.operations.access import bypassed_deportations
from rumdoh.operations.board import board
from rumdoh.operations.models import Operation
from tests.conftest import login
from tests.test_link_walk import walk


@pytest.mark.django_db
def test_the_demo_raid_is_partly_screened_and_its_links_open() -> None:
    call_command("setup_demo", persons=20, stdout=io.StringIO())
    call_command("setup_demo", persons=20, stdout=io.StringIO())  # once only
    # The demo raid; the generator's tips may have led to small operations of their own.
    (operation,) = Operation.objects.filter(created_by__username="immigration")
    _lines, total = board(operation, "en")
    assert total.counts["found"] == 30
    assert total.counts["screened"] == 12
    assert total.counts["identified"] == 1
    assert total.counts["deported"] == 3
    immigration = User.objects.get(username="immigration")
    assert bypassed_deportations(immigration).count() == 1
    for username in ("immigration", "screener", "identifier"):
        client = login(User.objects.get(username=username))
        client.raise_request_exception = False
        followed, failures = walk(client)
        assert followed > 5
        assert failures == []
