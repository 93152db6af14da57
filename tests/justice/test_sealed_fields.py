"""Free text of criminal cases that can name or locate a person is sealed at rest: the places of
arrests and searches, why a warrant was not served, who is responsible for a case and why it
moved, who signed a warrant or ordered supervision, company names and registration numbers, the
acts a victim faces charges for, and the notes on reporting, joint interviews, payments and
enforcement."""

import importlib
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps as current_apps
from django.db import connection, models
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from rumdoh.core.fields import EncryptedTextField
from rumdoh.core.rules.crypto import PREFIX
from rumdoh.justice import serializers
from rumdoh.justice.models import (
    Arrest,
    CaseVictim,
    CheckIn,
    CompensationOrder,
    EnforcementStep,
    JointInterviewInvitation,
    Payment,
    StageTransition,
    Supervision,
    Suspect,
    Warrant,
)
from tests.justice.helpers import JusticeWorld

migration = importlib.import_module("rumdoh.justice.migrations.0002_seal_free_text")

SEALED_FIELDS = [
    (Arrest, "place"),
    (CaseVictim, "non_punishment_acts"),
    (CheckIn, "note"),
    (EnforcementStep, "note"),
    (JointInterviewInvitation, "note"),
    (Payment, "note"),
    (StageTransition, "responsible_person"),
    (StageTransition, "reason"),
    (Supervision, "ordered_by"),
    (Suspect, "company_name"),
    (Suspect, "registration_number"),
    (Warrant, "issued_by"),
    (Warrant, "target"),
    (Warrant, "not_served_reason"),
]

# The limits users had on the clear columns, still enforced by the forms and the API.
MAX_LENGTH = {
    (Arrest, "place"): 200,
    (CaseVictim, "non_punishment_acts"): 300,
    (CheckIn, "note"): 300,
    (EnforcementStep, "note"): 300,
    (JointInterviewInvitation, "note"): 300,
    (Payment, "note"): 300,
    (StageTransition, "responsible_person"): 200,
    (StageTransition, "reason"): 300,
    (Supervision, "ordered_by"): 200,
    (Suspect, "company_name"): 200,
    (Suspect, "registration_number"): 100,
    (Warrant, "issued_by"): 200,
    (Warrant, "target"): 200,
    (Warrant, "not_served_reason"): 300,
}

API_FIELDS = [
    (serializers.ArrestSerializer, "place"),
    (serializers.CheckInSerializer, "note"),
    (serializers.EnforcementSerializer, "note"),
    (serializers.PaymentSerializer, "note"),
    (serializers.SupervisionSerializer, "ordered_by"),
    (serializers.SuspectSerializer, "company_name"),
    (serializers.SuspectSerializer, "registration_number"),
    (serializers.WarrantSerializer, "issued_by"),
    (serializers.WarrantSerializer, "target"),
]


def clear_text(model: type[models.Model], name: str) -> str:
    return f"Phum Kbal Spean {model.__name__}.{name} ភូមិ"


def make_rows(jw: JusticeWorld) -> dict[type[models.Model], models.Model]:
    """One row of every model with a sealed field, each field holding its own clear text."""

    def text(model: type[models.Model], name: str) -> str:
        return clear_text(model, name)

    case, victim = jw.case_with_victim()
    victim.non_punishment_acts = text(CaseVictim, "non_punishment_acts")
    victim.save()
    suspect = jw.suspect(
        case,
        kind="legal",
        company_name=text(Suspect, "company_name"),
        registration_number=text(Suspect, "registration_number"),
        company_kind="",
    )
    today = timezone.localdate()
    warrant = Warrant.objects.create(
        case=case,
        suspect=suspect,
        kind="search",
        issued_on=today,
        issued_by=text(Warrant, "issued_by"),
        target=text(Warrant, "target"),
        status="not_served",
        not_served_reason=text(Warrant, "not_served_reason"),
        recorded_by=jw.police,
    )
    arrest = Arrest.objects.create(
        case=case,
        suspect=suspect,
        arrested_at=timezone.now(),
        agency=jw.police_agency,
        officer=jw.police,
        place=text(Arrest, "place"),
    )
    move = StageTransition.objects.create(
        case=case,
        by=jw.police,
        from_stage="investigation",
        to_stage="sent_to_prosecutor",
        on=today,
        responsible_agency=jw.prosecution_agency,
        responsible_person=text(StageTransition, "responsible_person"),
        reason=text(StageTransition, "reason"),
    )
    supervision = Supervision.objects.create(
        case=case,
        suspect=suspect,
        ordered_on=today,
        ordered_by=text(Supervision, "ordered_by"),
        conditions=["report"],
        reporting_agency=jw.police_agency,
        reporting_every_days=7,
        recorded_by=jw.clerk,
    )
    check_in = CheckIn.objects.create(
        supervision=supervision,
        due_on=today,
        attended=True,
        note=text(CheckIn, "note"),
        recorded_by=jw.police,
    )
    invitation = JointInterviewInvitation.objects.create(
        person=jw.person,
        case=case,
        agency=jw.police_agency,
        proposed_by=jw.police,
        proposed_for=today + timedelta(days=3),
        purpose="statement",
        note=text(JointInterviewInvitation, "note"),
    )
    order = CompensationOrder.objects.create(
        case=case,
        victim=victim,
        defendant=suspect,
        amount_riel=4_000_000,
        ordered_on=today,
        due_on=today + timedelta(days=30),
        recorded_by=jw.clerk,
    )
    payment = Payment.objects.create(
        order=order,
        paid_on=today,
        amount_riel=1_000_000,
        method="cash",
        note=text(Payment, "note"),
        recorded_by=jw.clerk,
    )
    step = EnforcementStep.objects.create(
        order=order,
        taken_on=today,
        kind="reminder",
        note=text(EnforcementStep, "note"),
        recorded_by=jw.clerk,
    )
    return {
        Arrest: arrest,
        CaseVictim: victim,
        CheckIn: check_in,
        EnforcementStep: step,
        JointInterviewInvitation: invitation,
        Payment: payment,
        StageTransition: move,
        Supervision: supervision,
        Suspect: suspect,
        Warrant: warrant,
    }


def raw_value(model: type[models.Model], name: str, pk: Any) -> Any:
    """The stored value, read past the ORM."""
    quote = connection.ops.quote_name
    column = model._meta.get_field(name).column
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(column)} FROM {quote(model._meta.db_table)} WHERE id = %s",  # noqa: S608
            [pk],
        )
        return cursor.fetchone()[0]


def write_raw(model: type[models.Model], name: str, pk: Any, value: str) -> None:
    """Store ``value`` as it is, past the ORM, as a clear column held it before sealing."""
    quote = connection.ops.quote_name
    column = model._meta.get_field(name).column
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(model._meta.db_table)} SET {quote(column)} = %s WHERE id = %s",  # noqa: S608
            [value, pk],
        )


def label(param: tuple[type[models.Model], str]) -> str:
    return f"{param[0].__name__}.{param[1]}"


def test_the_migration_seals_exactly_these_fields() -> None:
    listed = {
        (current_apps.get_model("justice", model), name)
        for model, names in migration.SEALED.items()
        for name in names
    }
    assert listed == set(SEALED_FIELDS)
    for model, name in SEALED_FIELDS:
        assert isinstance(model._meta.get_field(name), EncryptedTextField)


@pytest.mark.parametrize(("model", "name"), SEALED_FIELDS, ids=map(label, SEALED_FIELDS))
def test_stored_sealed_and_read_back_intact(
    jw: JusticeWorld, model: type[models.Model], name: str
) -> None:
    row = make_rows(jw)[model]
    clear = clear_text(model, name)
    stored = raw_value(model, name, row.pk)
    assert stored.startswith(f"{PREFIX}.")
    assert clear not in stored
    assert "Kbal" not in stored and "ភូមិ" not in stored
    assert getattr(model.objects.get(pk=row.pk), name) == clear


@pytest.mark.parametrize(("model", "name"), SEALED_FIELDS, ids=map(label, SEALED_FIELDS))
def test_empty_stays_empty_and_matchable(
    jw: JusticeWorld, model: type[models.Model], name: str
) -> None:
    row = make_rows(jw)[model]
    model.objects.filter(pk=row.pk).update(**{name: ""})
    assert raw_value(model, name, row.pk) == ""
    assert model.objects.filter(pk=row.pk, **{name: ""}).exists()


@pytest.mark.parametrize(("model", "name"), SEALED_FIELDS, ids=map(label, SEALED_FIELDS))
def test_the_length_users_relied_on_is_kept(model: type[models.Model], name: str) -> None:
    field = model._meta.get_field(name)
    assert field.max_length == MAX_LENGTH[(model, name)]
    assert field.formfield().max_length == MAX_LENGTH[(model, name)]


@pytest.mark.parametrize(
    ("serializer", "name"), API_FIELDS, ids=lambda p: getattr(p, "__name__", p)
)
def test_the_api_still_refuses_overlong_text(serializer: Any, name: str) -> None:
    limit = MAX_LENGTH[(serializer.Meta.model, name)]
    field = serializer().fields[name]
    assert field.max_length == limit
    field.run_validation("x" * limit)
    with pytest.raises(ValidationError, match=str(limit)):
        field.run_validation("x" * (limit + 1))


def test_company_names_are_still_found_through_their_blind_keys(jw: JusticeWorld) -> None:
    from rumdoh.justice.models import SuspectKey
    from rumdoh.justice.services import search_keys_for

    case = jw.open_case()
    company = jw.suspect(case, kind="legal", company_name="Golden Sky Recruitment Co.")
    keys = search_keys_for("golden sky")
    assert SuspectKey.objects.filter(key__in=keys, suspect=company).exists()


def test_a_stage_move_keeps_its_reason_out_of_the_clear_audit_trail(jw: JusticeWorld) -> None:
    from rumdoh.accounts.models import AuditEvent
    from rumdoh.justice import services

    case, _victim = jw.case_with_victim()
    jw.send(case, jw.suspect(case))
    case.refresh_from_db()
    why = "Driver's statement from Phum Kbal Spean missing"
    services.change_stage(jw.prosecutor, case, "returned_for_investigation", reason=why)
    assert StageTransition.objects.filter(case=case).last().reason == why
    events = AuditEvent.objects.filter(action="criminal_case.stage_changed")
    assert events.exists()
    assert not any(why in e.reason or why in str(e.data) for e in events)


# --- the data step of the migration -------------------------------------------------------------


def test_the_data_step_seals_clear_values_already_stored(jw: JusticeWorld) -> None:
    rows = make_rows(jw)
    for model, name in SEALED_FIELDS:
        write_raw(model, name, rows[model].pk, f"legacy clear {model.__name__}.{name}")
    editor = SimpleNamespace(connection=connection)

    migration.seal_existing(current_apps, editor)

    sealed = {}
    for model, name in SEALED_FIELDS:
        stored = raw_value(model, name, rows[model].pk)
        assert stored.startswith(f"{PREFIX}.") and "legacy" not in stored, (model, name)
        value = getattr(model.objects.get(pk=rows[model].pk), name)
        assert value == f"legacy clear {model.__name__}.{name}"
        sealed[(model, name)] = stored

    # Running it again changes nothing: sealed values are not sealed twice.
    migration.seal_existing(current_apps, editor)
    for model, name in SEALED_FIELDS:
        assert raw_value(model, name, rows[model].pk) == sealed[(model, name)]

    # Going back opens every value.
    migration.open_existing(current_apps, editor)
    for model, name in SEALED_FIELDS:
        assert raw_value(model, name, rows[model].pk) == f"legacy clear {model.__name__}.{name}"


def test_the_data_step_leaves_empty_values_and_seals_text_that_only_looks_sealed(
    jw: JusticeWorld,
) -> None:
    rows = make_rows(jw)
    write_raw(Arrest, "place", rows[Arrest].pk, "")
    write_raw(Warrant, "target", rows[Warrant].pk, "v1.2.3 Street 271")
    migration.seal_existing(current_apps, SimpleNamespace(connection=connection))
    assert raw_value(Arrest, "place", rows[Arrest].pk) == ""
    assert raw_value(Warrant, "target", rows[Warrant].pk) != "v1.2.3 Street 271"
    assert Warrant.objects.get(pk=rows[Warrant].pk).target == "v1.2.3 Street 271"


def test_going_back_refuses_to_cut_a_value_longer_than_the_old_column(jw: JusticeWorld) -> None:
    rows = make_rows(jw)
    Payment.objects.filter(pk=rows[Payment].pk).update(note="x" * 301)
    with pytest.raises(ValueError, match="longer than 300"):
        migration.open_existing(current_apps, SimpleNamespace(connection=connection))


@pytest.mark.django_db(transaction=True)
def test_the_migration_round_trip_on_stored_rows(world: Any) -> None:
    """Back to clear columns and forward again, with rows in every table concerned."""
    rows = make_rows(JusticeWorld(world))
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate([("justice", "0001_initial")])
        for model, name in SEALED_FIELDS:
            assert raw_value(model, name, rows[model].pk) == clear_text(model, name)

        executor = MigrationExecutor(connection)
        executor.migrate([("justice", "0002_seal_free_text")])
        for model, name in SEALED_FIELDS:
            stored = raw_value(model, name, rows[model].pk)
            assert stored.startswith(f"{PREFIX}.") and "Kbal" not in stored
            kept = model.objects.only(name).get(pk=rows[model].pk)
            assert getattr(kept, name) == clear_text(model, name)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(leaves)
