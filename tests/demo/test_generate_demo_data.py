"""The demo data generator: searchable, decryptable, duplicated across agencies, every stage."""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import date

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from rumdoh.accounts.demo import AGENCIES, USERS
from rumdoh.accounts.models import Agency, AuditEvent, User
from rumdoh.demo import names as demo_names
from rumdoh.demo import persons as demo_persons
from rumdoh.people import names, services
from rumdoh.people.models import Consent, IdentityDocument, Person, PersonAccess, PersonSearchKey
from rumdoh.protection.models import (
    FollowUp,
    Identification,
    ProtectionCase,
    Referral,
    ServiceDelivery,
    ServiceProvider,
    StageChange,
)
from rumdoh.screening import rules
from rumdoh.screening.models import ScreeningRecord

AS_OF = date(2026, 6, 30)


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        out = io.StringIO()
        call_command(
            "generate_demo_data",
            persons=240,
            seed=11,
            as_of=AS_OF.isoformat(),
            duplicates=0.12,
            batch_size=120,
            stdout=out,
        )
        yield out.getvalue()
        for model in (
            FollowUp,
            ServiceDelivery,
            StageChange,
            ProtectionCase,
            Referral,
            Identification,
            ScreeningRecord,
        ):
            model.objects.all().delete()
        Person.objects.all().delete()
        # Leave the database as the other tests expect it: no demo agencies, users or directory.
        ServiceProvider.objects.all().delete()
        AuditEvent.objects.all().delete()
        Token.objects.all().delete()
        User.objects.filter(username__in=[u[0] for u in USERS]).delete()
        Agency.objects.filter(name__in=[a[0] for a in AGENCIES]).delete()


pytestmark = pytest.mark.django_db


def test_progress_is_printed(generated: str) -> None:
    assert "persons: 240/240 (100%)" in generated
    assert "Done in" in generated


def test_every_sealed_field_opens(generated: str) -> None:
    persons = list(Person.objects.all())
    assert len(persons) == 240
    for person in persons:
        assert isinstance(person.aliases, list)
        assert person.display_name
        str(person.phone), str(person.village), str(person.date_of_birth)
    for doc in IdentityDocument.objects.all():
        assert doc.number
    assert any(p.name_km for p in persons)
    assert {p.nationality for p in persons} - {"KH"}, "foreign nationals are generated"


def test_search_keys_are_those_the_application_computes(generated: str) -> None:
    for person in Person.objects.prefetch_related("documents"):
        stored = set(PersonSearchKey.objects.filter(person=person).values_list("key", flat=True))
        assert stored == services.person_keys(person)
        assert person.person_key == services.linkage_key(person)


def _alternative_spelling(word: str) -> str | None:
    for _km, spellings in demo_names.KHMER_FAMILY + demo_names.KHMER_GIVEN_FEMALE:
        if word in spellings:
            for other in spellings:
                if other != word and names.phonetic(other) == names.phonetic(word):
                    return other
    return None


def test_search_by_a_spelling_variant_finds_generated_persons(generated: str) -> None:
    checked = 0
    for person in Person.objects.filter(nationality="KH"):
        other = _alternative_spelling(person.family_name)
        if not other or not person.given_name:
            continue
        query = f"{other} {person.given_name}"
        assert services.search_persons(Person.objects.all(), query).filter(pk=person.pk).exists()
        checked += 1
    assert checked >= 5


def test_same_person_recorded_by_several_agencies(generated: str) -> None:
    agencies = defaultdict(set)
    for key, agency in Person.objects.exclude(person_key="").values_list(
        "person_key", "owner_agency_id"
    ):
        agencies[key].add(agency)
    assert any(len(owners) > 1 for owners in agencies.values())


def test_consents_and_access(generated: str) -> None:
    scopes = set(Consent.objects.values_list("scope", flat=True))
    assert scopes == {"services", "referral", "share", "statistics"}
    shared = Consent.objects.filter(scope="share", withdrawn_at__isnull=True)
    for consent in shared[:20]:
        assert PersonAccess.objects.filter(
            person_id=consent.person_id, agency_id=consent.agency_id, source="consent"
        ).exists()
    assert PersonAccess.objects.filter(source="owner").count() == 240
    assert IdentityDocument.objects.filter(held_by_other=True).exists()


def test_screenings_are_assessed_by_the_rule(generated: str) -> None:
    records = list(ScreeningRecord.objects.all())
    assert records
    assert any(r.person_id is None for r in records), "anonymous screenings"
    assert {r.form for r in records} == {"short", "detailed"}
    for record in records[:50]:
        result = rules.assess(record.age, record.observations)
        assert record.determination == result.determination.value


def test_every_stage_of_the_flow_is_present(generated: str) -> None:
    assert Identification.objects.filter(designation="suspected_victim").exists()
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert {"pending", "accepted", "declined"} <= statuses
    stages = set(ProtectionCase.objects.values_list("stage", flat=True))
    assert "case_closure" in stages and len(stages) >= 4
    assert ProtectionCase.objects.filter(closed_at__isnull=False).exclude(closure_reason="")
    assert ServiceDelivery.objects.exists()
    assert FollowUp.objects.overdue(AS_OF).exists()
    for case in ProtectionCase.objects.all()[:30]:
        history = list(case.history.all())
        assert history and history[-1].to_stage == case.stage
    # Referral access is granted to the provider's agency, as the service does.
    for referral in Referral.objects.select_related("provider")[:20]:
        assert PersonAccess.objects.filter(
            person_id=referral.person_id, agency_id=referral.provider.agency_id, source="referral"
        ).exists()


def test_same_seed_same_persons() -> None:
    from rumdoh.accounts.models import AgencyKind
    from rumdoh.demo.context import Context
    from rumdoh.demo.writer import BulkWriter

    agency = Agency(pk=1, name="A", kind=AgencyKind.TRANSIT_CENTRE, province="01")
    user = User(pk=1, username="u", role="case_worker", agency=agency)

    def draw() -> list[tuple[str, str, str, int | None]]:
        ctx = Context(
            seed=5,
            as_of=AS_OF,
            agencies=[agency],
            users=[user],
            writer=BulkWriter(),
            out=io.StringIO(),
        )
        rng = ctx.rng("persons", 0)
        specs = [demo_persons.new_person(ctx, rng, ctx.moment(i / 50, rng)) for i in range(50)]
        return [(s.given_name, s.family_name, s.phone, s.birth_year) for s in specs]

    assert draw() == draw()
