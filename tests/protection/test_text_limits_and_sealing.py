"""Reasons and purposes typed with referrals and cases are sealed at rest, existing rows are
sealed by the migration, and free text is held to the shared limits on pages and in the API."""

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from rest_framework.test import APIClient

from rumdoh.accounts.models import AuditEvent
from rumdoh.core.limits import NOTES_MAX, REASON_MAX, TEXT_MAX
from rumdoh.core.rules.crypto import PREFIX
from rumdoh.people.models import Consent
from rumdoh.protection import services
from rumdoh.protection.models import FollowUp, Identification, Referral, StageChange
from rumdoh.screening.models import ScreeningRecord
from tests.conftest import login
from tests.protection.helpers import identifier, owner_case, ready_to_refer, refer
from tests.screening.helpers import make_screening

pytestmark = pytest.mark.django_db

SECRET = "Phum Kbal Spean ភូមិ"


def raw(model: Any, column: str, pk: int) -> str:
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return str(cursor.fetchone()[0])


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_decline_reason_is_sealed_in_the_database(world):
    referral = refer(world, ready_to_refer(world))
    url = reverse("protection:referral_decline", args=[referral.pk])
    login(world.partner).post(url, {"reason": f"no place for her family in {SECRET}"})
    referral.refresh_from_db()
    assert referral.status == "declined"
    assert referral.decline_reason == f"no place for her family in {SECRET}"
    stored = raw(Referral, "decline_reason", referral.pk)
    assert stored.startswith(f"{PREFIX}.") and "Kbal" not in stored


def test_withdrawal_reason_of_a_referral_is_sealed_in_the_database(world):
    referral = refer(world, ready_to_refer(world))
    api(world.owner).post(
        f"/api/v1/referrals/{referral.pk}/withdraw/", {"reason": SECRET}, format="json"
    )
    referral.refresh_from_db()
    assert referral.status == "withdrawn"
    assert "Kbal" not in raw(Referral, "decline_reason", referral.pk)
    # The reason also reaches the audit trail, which is sealed too.
    assert all("Kbal" not in raw(AuditEvent, "reason", e.pk) for e in AuditEvent.objects.all())


def test_stage_reason_and_follow_up_purpose_are_sealed_in_the_database(world):
    case = owner_case(world, opened_on=date(2019, 6, 1))
    services.change_stage(world.owner, case, "recovery", reason=SECRET)
    follow_up = services.schedule_follow_up(
        world.owner, case, due_on=date(2026, 3, 1), purpose=SECRET
    )
    change = StageChange.objects.get(case=case, to_stage="recovery")
    assert change.reason == SECRET and follow_up.purpose == SECRET
    assert "Kbal" not in raw(StageChange, "reason", change.pk)
    assert "Kbal" not in raw(FollowUp, "purpose", follow_up.pk)


def test_screening_place_is_sealed_in_the_database(world):
    record = make_screening(world.owner, location=SECRET)
    assert ScreeningRecord.objects.get(pk=record.pk).location == SECRET
    assert "Kbal" not in raw(ScreeningRecord, "location", record.pk)


def test_decline_reason_over_the_limit_is_refused_on_the_page_and_in_the_api(world):
    referral = refer(world, ready_to_refer(world))
    too_long = "x" * (REASON_MAX + 1)
    login(world.partner).post(
        reverse("protection:referral_decline", args=[referral.pk]), {"reason": too_long}
    )
    response = api(world.partner).post(
        f"/api/v1/referrals/{referral.pk}/decline/", {"reason": too_long}, format="json"
    )
    referral.refresh_from_db()
    assert referral.status == "pending"
    assert response.status_code == 400
    assert response.json()["reason"] == [
        f"Keep this to at most {REASON_MAX} characters; it has {REASON_MAX + 1}."
    ]


def test_notes_over_the_limit_are_refused_by_the_api(world):
    case = owner_case(world)
    client = api(world.owner)
    plan = client.put(
        f"/api/v1/cases/{case.pk}/plan/",
        {"needs": [], "goals": "g" * (NOTES_MAX + 1), "version": 1},
        format="json",
    )
    service = client.post(
        f"/api/v1/cases/{case.pk}/services/",
        {"area": "medical", "delivered_on": "2026-01-02", "note": "n" * (TEXT_MAX + 1)},
        format="json",
    )
    assert (plan.status_code, service.status_code) == (400, 400)
    assert "goals" in plan.json() and "note" in service.json()
    assert not case.services.exists()


def test_identification_notes_over_the_limit_are_refused_by_the_api(world):
    data = {
        "person": world.person.pk,
        "exploitation_types": ["forced_labour"],
        "sectors": ["fishing"],
        "basis": "detailed_form",
        "notes": "n" * (NOTES_MAX + 1),
    }
    response = api(identifier(world)).post("/api/v1/identifications/", data, format="json")
    assert response.status_code == 400 and "notes" in response.json()
    assert not Identification.objects.exists()


def test_stage_reason_over_the_limit_is_refused_on_the_page(world):
    case = owner_case(world)
    url = reverse("protection:case_stage", args=[case.pk])
    login(world.owner).post(url, {"stage": "recovery", "reason": "x" * (REASON_MAX + 1)})
    case.refresh_from_db()
    assert case.stage != "recovery"


# Each migration, the app it belongs to, and the one before it.
MIGRATIONS = [
    ("people", "0002_search_and_list_indexes", "0003_text_limits_and_sealed_withdrawal"),
    ("protection", "0002_list_order_indexes", "0003_text_limits_and_sealed_reasons"),
    ("screening", "0001_initial", "0002_sealed_location"),
    ("accounts", "0002_alter_user_role", "0003_seal_audit_reason"),
]


@pytest.mark.django_db(transaction=True)
def test_the_migrations_seal_existing_rows_and_open_them_going_back(world):
    referral = refer(world, ready_to_refer(world))
    services.decline_referral(world.partner, referral, reason=SECRET)
    case = owner_case(world, opened_on=date(2019, 6, 1))
    services.change_stage(world.owner, case, "recovery", reason=SECRET)
    follow_up = services.schedule_follow_up(
        world.owner, case, due_on=date(2026, 3, 1), purpose=SECRET
    )
    record = make_screening(world.owner, location=SECRET)
    consent = Consent.objects.filter(person=world.person).first()
    Consent.objects.filter(pk=consent.pk).update(withdrawal_reason=SECRET)
    event = AuditEvent.objects.create(action="test.read", reason=SECRET)
    rows = [
        (Referral, "decline_reason", referral.pk),
        (StageChange, "reason", StageChange.objects.get(case=case, to_stage="recovery").pk),
        (FollowUp, "purpose", follow_up.pk),
        (ScreeningRecord, "location", record.pk),
        (Consent, "withdrawal_reason", consent.pk),
        (AuditEvent, "reason", event.pk),
    ]
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate([(app, before) for app, before, _ in MIGRATIONS])
        assert [raw(model, column, pk) for model, column, pk in rows] == [SECRET] * len(rows)
        executor = MigrationExecutor(connection)
        executor.migrate([(app, after) for app, _, after in MIGRATIONS])
        for model, column, pk in rows:
            stored = raw(model, column, pk)
            assert stored.startswith(f"{PREFIX}.") and "Kbal" not in stored
            assert getattr(model.objects.get(pk=pk), column) == SECRET
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(leaves)


def test_provider_directory_text_over_the_limit_is_refused_in_plain_words(world):
    from rumdoh.protection.forms import ProviderForm

    form = ProviderForm(
        data={
            "name": "n" * 201,
            "province": "01",
            "services": ["housing"],
            "capacity": 1,
            "free_places": 0,
            "description": "d" * (TEXT_MAX + 1),
        }
    )
    assert form.errors["name"] == ["Keep this to at most 200 characters; it has 201."]
    assert "description" in form.errors
