"""A tip's rescue operation is a link to the operations register, kept across the migration that
made it one."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import ProtectedError

from rumdoh.core.errors import Refused
from rumdoh.intake import services
from rumdoh.intake.choices import Outcome
from rumdoh.intake.models import Tip
from rumdoh.operations.models import Operation
from rumdoh.operations.services import create_operation
from tests.intake.helpers import TipWorld, make_world


def _raid(world: TipWorld) -> Operation:
    return create_operation(
        world.investigator, {"kind": "raid", "held_on": date(2026, 6, 1), "province": "18"}
    )


def _held_by_police(world: TipWorld) -> Tip:
    """A tip the hotline assigned to the police unit that led the raid (the hotline does not
    see operations)."""
    return services.assign(world.operator, world.tip(), world.police_agency, version=1)


def test_the_tip_links_the_operation_it_led_to(tips: TipWorld) -> None:
    raid = _raid(tips)
    tip = services.link_operation(tips.investigator, _held_by_police(tips), raid.pk, version=2)
    stored = Tip.objects.select_related("operation").get(pk=tip.pk)
    assert stored.operation == raid and stored.operation.reference == raid.reference
    assert stored.outcome == Outcome.OPERATION


def test_an_operation_a_tip_led_to_cannot_be_deleted(tips: TipWorld) -> None:
    raid = _raid(tips)
    services.link_operation(tips.investigator, _held_by_police(tips), raid.pk, version=2)
    with pytest.raises(ProtectedError):
        raid.delete()
    assert Operation.objects.filter(pk=raid.pk).exists()


def test_a_number_not_on_the_register_is_refused_and_nothing_changes(tips: TipWorld) -> None:
    tip = _held_by_police(tips)
    with pytest.raises(Refused, match=r"No such rescue operation that you may see\."):
        services.link_operation(tips.investigator, tip, 987654, version=2)
    with pytest.raises(Refused, match=r"Give the number of the record it became\."):
        services.record_outcome(tips.investigator, tip, Outcome.OPERATION, version=2)
    tip.refresh_from_db()
    assert tip.operation is None and not tip.outcome and tip.version == 2


def _raw_operation(tip_pk: int) -> int | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT operation_id FROM intake_tip WHERE id = %s", [tip_pk])
        return cursor.fetchone()[0]  # type: ignore[no-any-return,index]


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_every_operation_number() -> None:
    """Back to the plain number and forward again: a number on the register becomes the link;
    one that names no operation is kept in the outcome's note."""
    world = make_world()
    raid = _raid(world)
    linked = services.link_operation(world.investigator, _held_by_police(world), raid.pk, version=2)
    stray = services.record_outcome(
        world.operator, world.tip(), Outcome.NO_ACTION, reason="duplicate", note="seen", version=1
    )
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate([("intake", "0001_tips")])
        assert _raw_operation(linked.pk) == raid.pk
        with connection.cursor() as cursor:  # a number written while nothing checked it
            cursor.execute("UPDATE intake_tip SET operation_id = 987654 WHERE id = %s", [stray.pk])

        executor = MigrationExecutor(connection)
        executor.migrate([("intake", "0002_tip_operation_link")])
        assert Tip.objects.get(pk=linked.pk).operation == raid
        kept = Tip.objects.get(pk=stray.pk)
        assert kept.operation is None
        assert kept.outcome_note == (
            "seen\nOperation number 987654 (not on the operations register)."
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(leaves)
