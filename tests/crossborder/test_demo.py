"""The demo's cross-border stage: lists, arrivals, screenings, repatriations and requests made
through the services, with the consular officer seeing only her embassy's repatriations."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from rumdoh.accounts.models import User
from rumdoh.crossborder import services
from rumdoh.crossborder.models import (
    CounterpartRequest,
    CustodyTransfer,
    DeportationList,
    Deportee,
    ForeignIdentification,
    Repatriation,
)


@pytest.mark.django_db
def test_the_demo_has_work_across_borders_at_every_stage() -> None:
    out = io.StringIO()
    call_command("generate_demo_data", persons=30, seed=3, as_of="2026-06-30", stdout=out)
    assert "Across borders: 3 deportation lists" in out.getvalue()
    assert DeportationList.objects.count() == 3
    statuses = set(Deportee.objects.values_list("status", flat=True))
    assert statuses == {"expected", "arrived", "absent"}
    assert Deportee.objects.filter(screening__isnull=False).exists()
    assert Deportee.objects.filter(script="thai").exists()
    assert {"returned", "arrived", "documents"} <= set(
        Repatriation.objects.values_list("stage", flat=True)
    )
    assert CustodyTransfer.objects.count() == 1
    assert CounterpartRequest.objects.filter(reminders__gt=0, replied_on__isnull=True).exists()
    assert ForeignIdentification.objects.get().protection_case is not None
    consul = User.objects.get(username="consul")
    seen = services.repatriations_for(consul)
    assert seen.exists() and all(r.embassy_id == consul.agency_id for r in seen)
