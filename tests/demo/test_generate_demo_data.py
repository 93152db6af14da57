"""The demo data generator: searchable, decryptable, duplicated across agencies, every stage."""

from __future__ import annotations

import io
import itertools
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, DateField, DateTimeField, F, Max, Sum
from rest_framework.authtoken.models import Token

from rumdoh.accounts.models import Agency, AuditEvent, User
from rumdoh.accounts.rules.roles import Capability
from rumdoh.core.rules.crypto import PREFIX
from rumdoh.demo import field as demo_field
from rumdoh.demo import linkage as demo_linkage
from rumdoh.demo import names as demo_names
from rumdoh.demo import persons as demo_persons
from rumdoh.demo.agencies import AGENCIES, STAFF, USERS
from rumdoh.intake.models import Tip
from rumdoh.justice import access, queries
from rumdoh.justice import services as justice
from rumdoh.justice.models import (
    Arrest,
    CaseVictim,
    Charge,
    CheckIn,
    CompensationOrder,
    CompensationWorksheet,
    CriminalCase,
    EnforcementStep,
    Hearing,
    Interview,
    JointInterviewInvitation,
    Payment,
    Settlement,
    StageTransition,
    Supervision,
    Suspect,
    SuspectKey,
    Verdict,
    Warrant,
)
from rumdoh.justice.orders import claim_from
from rumdoh.justice.rules import compensation, offences, transitions
from rumdoh.linkage.models import LinkRun, NationalPerson
from rumdoh.operations.models import Operation
from rumdoh.people import services
from rumdoh.people.models import Consent, IdentityDocument, Person, PersonAccess, PersonSearchKey
from rumdoh.people.rules import names
from rumdoh.protection.models import (
    FollowUp,
    Identification,
    ProtectionCase,
    Referral,
    ServiceDelivery,
    ServiceProvider,
    StageChange,
)
from rumdoh.screening.models import FieldSubmission, ScreeningRecord, SubmissionImport
from rumdoh.screening.rules import decision

AS_OF = date(2026, 6, 30)
LABOUR_MODELS = (
    "labour.FeeRecord",
    "labour.Complaint",
    "labour.Broker",
    "labour.RecruitmentAgency",
    "labour.Inspection",
    "labour.Worksite",
    "labour.PreventionActivity",
)

# The persons recorded by two agencies for the record linkage demo (rumdoh.demo.linkage).
LINKAGE_RECORDS = 2 * len(demo_linkage.PAIRS)


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
            # Every stage but the cross-border one, which records its own persons through the
            # services and has its own test (tests/crossborder/test_demo.py).
            stages="persons,screenings,protection,justice,field,intake",
            stdout=out,
        )
        yield out.getvalue()
        for label in LABOUR_MODELS:  # they refer to persons, users, agencies and suspects
            apps.get_model(label).objects.all().delete()
        Verdict.objects.filter(retrial_of__isnull=False).delete()
        for model in (
            FieldSubmission,
            SubmissionImport,
            Tip,
            Operation,
            Payment,
            EnforcementStep,
            CompensationOrder,
            CompensationWorksheet,
            Settlement,
            Interview,
            JointInterviewInvitation,
            CheckIn,
            Supervision,
            Arrest,
            Warrant,
            Hearing,
            Verdict,
            Charge,
            SuspectKey,
            Suspect,
            CaseVictim,
            StageTransition,
            CriminalCase,
            FollowUp,
            ServiceDelivery,
            StageChange,
            ProtectionCase,
            Referral,
            Identification,
            ScreeningRecord,
        ):
            model.objects.all().delete()
        Person.objects.all().delete()  # and with them their links, pairs and decisions
        NationalPerson.objects.all().delete()
        LinkRun.objects.all().delete()  # the field import asked for a run
        # Leave the database as the other tests expect it: no demo agencies, users or directory.
        ServiceProvider.objects.all().delete()
        AuditEvent.objects.all().delete()
        Token.objects.all().delete()
        User.objects.filter(username__in=[u[0] for u in USERS + STAFF]).delete()
        demo_agencies = Agency.objects.filter(name__in=[a[0] for a in AGENCIES])
        demo_agencies.update(parent=None)
        demo_agencies.delete()


pytestmark = pytest.mark.django_db


def test_progress_is_printed(generated: str) -> None:
    assert "persons: 240/240 (100%)" in generated
    assert "Done in" in generated


def test_every_sealed_field_opens(generated: str) -> None:
    persons = list(Person.objects.all())
    assert len(persons) == 240 + demo_field.SUBMISSIONS + LINKAGE_RECORDS
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
    linked = Person.objects.filter(national_link__isnull=False)
    for national, agency in linked.values_list("national_link__national_id", "owner_agency_id"):
        agencies[national].add(agency)
    assert any(len(owners) > 1 for owners in agencies.values())


def test_consents_and_access(generated: str) -> None:
    scopes = set(Consent.objects.values_list("scope", flat=True))
    assert scopes == {"services", "referral", "share", "statistics"}
    shared = Consent.objects.filter(scope="share", withdrawn_at__isnull=True)
    for consent in shared[:20]:
        assert PersonAccess.objects.filter(
            person_id=consent.person_id, agency_id=consent.agency_id, source="consent"
        ).exists()
    assert (
        PersonAccess.objects.filter(source="owner").count()
        == 240 + demo_field.SUBMISSIONS + LINKAGE_RECORDS
    )
    assert IdentityDocument.objects.filter(held_by_other=True).exists()


def test_screenings_are_assessed_by_the_rule(generated: str) -> None:
    records = list(ScreeningRecord.objects.all())
    assert records
    assert any(r.person_id is None for r in records), "anonymous screenings"
    assert {r.form for r in records} == {"short", "detailed"}
    for record in records[:50]:
        result = decision.assess(record.age, record.observations)
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


def test_no_grant_rests_only_on_a_declined_or_withdrawn_referral(generated: str) -> None:
    ended = Referral.objects.filter(status__in=["declined", "withdrawn"])
    assert ended.exists()
    referral_status = dict(Referral.objects.values_list("pk", "status"))
    active = PersonAccess.objects.filter(revoked_at__isnull=True)
    for grant in active.filter(source="referral"):
        assert referral_status[grant.source_id] in {"pending", "accepted"}, grant
    # An agency that sees a person has an owner, consent or live referral grant behind it.
    for referral in ended.select_related("provider"):
        grants = active.filter(person_id=referral.person_id, agency_id=referral.provider.agency_id)
        for grant in grants:
            assert grant.source != "referral" or referral_status[grant.source_id] in {
                "pending",
                "accepted",
            }
        revoked = PersonAccess.objects.get(source="referral", source_id=referral.pk)
        assert revoked.revoked_at == referral.responded_at


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


# --- the criminal process -------------------------------------------------------------------

END = datetime(AS_OF.year, AS_OF.month, AS_OF.day, tzinfo=UTC)


def test_every_stage_of_the_criminal_process_is_present(generated: str) -> None:
    assert "moves refused" not in generated
    every = {s.value for s in transitions.Stage}
    assert set(CriminalCase.objects.values_list("stage", flat=True)) == every
    assert set(StageTransition.objects.values_list("to_stage", flat=True)) == every
    closures = set(CriminalCase.objects.exclude(closure="").values_list("closure", flat=True))
    assert {"judgment_final", "dismissed_by_judge"} <= closures
    assert closures & {"settled", "complaint_withdrawn"}
    assert closures & {"dropped_by_prosecutor", "insufficient_evidence"}
    # Retried after an absconder convicted in absentia was caught.
    assert StageTransition.objects.filter(from_stage="final", to_stage="trial").exists()


def test_the_offices_and_courts_that_held_each_case(generated: str) -> None:
    from rumdoh.justice.models import CaseHolder

    current = CaseHolder.objects.filter(until__isnull=True)
    for case in CriminalCase.objects.exclude(court_agency=None)[:200]:
        assert current.filter(case=case, role="court", agency=case.court_agency).count() == 1
    for case in CriminalCase.objects.exclude(prosecution_agency=None)[:200]:
        held = current.filter(case=case, role="prosecution", agency=case.prosecution_agency)
        assert held.count() == 1
    # Most victims taking part agreed that the office and the court see their record.
    from rumdoh.people.models import PersonAccess

    for kind in ("prosecution", "court"):
        shared = PersonAccess.objects.filter(agency__kind=kind, source="consent")
        assert shared.exists(), kind
    # An appealed case: the appeal court holds it, the trial court held it before.
    appealed = CaseHolder.objects.filter(instance="appeal", role="court").first()
    assert appealed is not None
    assert CaseHolder.objects.filter(
        case=appealed.case, role="court", instance="first_instance", until__isnull=False
    ).exists()


def _actors(user: User) -> frozenset[transitions.Actor]:
    found = set()
    if user.can(Capability.INVESTIGATE):
        found.add(transitions.Actor.POLICE)
    if user.can(Capability.PROSECUTE):
        found.add(transitions.Actor.PROSECUTOR)
    if user.can(Capability.RECORD_COURT):
        found.add(transitions.Actor.COURT)
    return frozenset(found)


def _facts(case: CriminalCase, entered: datetime, at: datetime) -> transitions.Facts:
    """What the case held at ``at``, from the records dated before it."""
    charges = case.charges.filter(recorded_at__lt=at)
    caught = 0
    for verdict in case.verdicts.filter(outcome="convicted_in_absentia", recorded_at__lt=at):
        retried = verdict.retrials.filter(recorded_at__lt=at).exists()
        arrests = Arrest.objects.filter(
            suspect_id=verdict.charge.suspect_id,
            arrested_at__lt=at,
            arrested_at__gte=datetime.combine(verdict.decided_on, datetime.min.time(), UTC),
        )
        caught += not retried and arrests.exists()
    return transitions.Facts(
        recommended_charges=charges.filter(level="recommended").count(),
        charges=charges.filter(level="charged").count(),
        verdicts_since_trial=case.verdicts.filter(
            recorded_at__gte=entered, recorded_at__lt=at
        ).count(),
        arrested_absconders=caught,
    )


def test_every_history_is_one_the_rules_allow(generated: str) -> None:
    cases = CriminalCase.objects.prefetch_related(
        "transitions__by", "transitions__responsible_agency"
    )
    for case in cases:
        history = list(case.transitions.all())
        assert history[0].from_stage == "" and history[0].to_stage == "investigation"
        assert history[0].on >= case.opened_at.date()
        for before, move in itertools.pairwise(history):
            assert move.from_stage == before.to_stage, case
            assert before.on <= move.on <= AS_OF
            agency = move.responsible_agency
            problems = transitions.problems(
                move.from_stage,
                move.to_stage,
                _actors(move.by),
                _facts(case, before.recorded_at, move.recorded_at),
                reason=move.reason,
                closure=move.closure,
                agency_kind=agency.kind if agency else "",
            )
            assert problems == [], (case.reference, move.from_stage, move.to_stage, problems)
        last = history[-1]
        assert (case.stage, case.stage_since, case.closure) == (
            last.to_stage,
            last.on,
            last.closure,
        )
        if case.stage in {"sent_to_prosecutor", "charged"}:
            assert case.prosecution_agency_id is not None
        if case.stage in {"investigating_judge", "trial", "appeal"}:
            assert case.court_agency_id is not None


def test_sealed_fields_of_the_criminal_process_open(generated: str) -> None:
    suspects = list(Suspect.objects.all())
    assert len(suspects) >= CriminalCase.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, given_name, aliases, handles FROM justice_suspect")
        raw = {row[0]: row[1:] for row in cursor.fetchall()}
    handles = 0
    for suspect in suspects:
        assert isinstance(suspect.aliases, list) and isinstance(suspect.handles, list)
        assert suspect.display_name
        stored = set(suspect.search_keys.values_list("key", flat=True))
        assert stored == justice.suspect_keys(suspect)
        given, aliases, handle_text = raw[suspect.pk]
        # Stored sealed, as the model field stores them.
        assert aliases.startswith(f"{PREFIX}.") and handle_text.startswith(f"{PREFIX}.")
        assert given == "" if not suspect.given_name else given.startswith(f"{PREFIX}.")
        for entry in suspect.handles:
            found = SuspectKey.objects.filter(key__in=justice.search_keys_for(entry["handle"]))
            assert found.filter(suspect=suspect).exists()
            handles += 1
    assert handles and any(s.aliases for s in suspects)
    assert any(
        not (s.given_name or s.family_name or s.name_km) for s in suspects if s.kind == "natural"
    )
    assert Suspect.objects.filter(kind="legal").exclude(company_name="").exists()
    for case in CriminalCase.objects.all():
        assert case.summary
    flagged = CaseVictim.objects.exclude(non_punishment="")
    assert flagged and all(v.non_punishment_note and v.non_punishment_acts for v in flagged)
    for worksheet in CompensationWorksheet.objects.all():
        assessment = compensation.assess(claim_from(worksheet.claim))
        assert assessment.total == worksheet.total_riel


def test_related_offence_only_cases_are_never_trafficking(generated: str) -> None:
    related = queries.related_offence_cases()
    trafficking = queries.trafficking_cases()
    assert related.exists() and trafficking.exists()
    assert not related.filter(pk__in=trafficking.values("pk")).exists()
    assert related.filter(charges__offence__in=["CC-239", "IMMIGRATION-29", "CC-253"]).exists()
    for case in related:
        assert queries.offence_class(case) == "related"
    # Recommended as trafficking by the police, charged only under other laws by the prosecutor.
    reclassified = related.filter(
        charges__level="recommended", charges__offence__in=sorted(offences.trafficking_codes())
    )
    assert reclassified.exists()
    for charge in Charge.objects.all():
        assert offences.get(charge.offence) is not None
        if offences.needs_exploitation(charge.offence):
            assert charge.exploitation


def test_custody_supervision_and_absconders(generated: str) -> None:
    held = Arrest.objects.filter(outcome="")
    assert held.filter(arrested_at__gt=END - timedelta(hours=48)).exists(), "clock running"
    assert held.filter(arrested_at__lte=END - timedelta(hours=48)).exists(), "clock overdue"
    for arrest in held.select_related("suspect"):
        assert arrest.suspect.status == "in_custody"
        assert arrest.suspect.arrests.filter(outcome="").count() == 1
    resolved = Arrest.objects.exclude(outcome="")
    assert resolved.filter(outcome_at__gt=F("arrested_at") + timedelta(hours=48)).exists()
    assert Arrest.objects.filter(warrant__isnull=False, warrant__status="served").exists()
    assert Warrant.objects.filter(status="not_served").exclude(not_served_reason="").exists()
    active = Supervision.objects.filter(status="active")
    assert active.filter(next_due_on__lt=AS_OF).exists(), "a report missed today"
    for supervision in active.select_related("suspect"):
        assert supervision.suspect.status == "under_supervision"
    assert CheckIn.objects.filter(attended=False).exists()
    assert Suspect.objects.filter(status="absconded").exists()


def test_verdicts_settlements_interviews_and_compensation(generated: str) -> None:
    outcomes = set(Verdict.objects.values_list("outcome", flat=True))
    assert outcomes == {"convicted", "convicted_in_absentia", "acquitted", "dismissed"}
    for verdict in Verdict.objects.select_related("charge", "retrial_of"):
        assert verdict.charge.level == "charged"
        if verdict.suspended_months:
            assert verdict.suspended_months <= verdict.prison_months
        if not verdict.is_conviction:
            assert verdict.prison_months is None and verdict.fine_riel is None
        if verdict.retrial_of is not None:
            assert verdict.retrial_of.outcome == "convicted_in_absentia"
            assert verdict.retrial_of.charge_id == verdict.charge_id
    assert Verdict.objects.filter(instance="appeal").exists()
    assert Verdict.objects.filter(instance="retrial").exists()
    assert {"settlement", "withdrawal"} <= set(Settlement.objects.values_list("kind", flat=True))
    orders = CompensationOrder.objects.annotate(total=Sum("payments__amount_riel"))
    for order in orders.select_related("verdict__charge"):
        assert order.paid_riel == (order.total or 0) <= order.amount_riel
        assert order.verdict.is_conviction
        assert order.verdict.charge.suspect_id == order.defendant_id
    assert orders.filter(paid_riel=F("amount_riel")).exists()
    assert orders.filter(paid_riel__gt=0, paid_riel__lt=F("amount_riel")).exists()
    overdue = orders.filter(due_on__lt=AS_OF, paid_riel__lt=F("amount_riel"))
    assert overdue.exists() and EnforcementStep.objects.exists()
    counts = Interview.objects.values("person").annotate(n=Count("id"))
    assert max(c["n"] for c in counts) >= 5
    assert Interview.objects.filter(joint=True, with_agencies__isnull=False).exists()
    assert JointInterviewInvitation.objects.filter(status="open", proposed_for__gt=AS_OF).exists()
    assert Hearing.objects.filter(status="scheduled", scheduled_for__gt=END).exists()


# Dates that lie ahead by nature: the rest were all recorded by the reference date.
AHEAD = {
    ("Hearing", "scheduled_for"),
    ("JointInterviewInvitation", "proposed_for"),
    ("Supervision", "next_due_on"),
    ("Supervision", "ends_on"),
    ("CompensationOrder", "due_on"),
}


def test_one_field_import_from_odk_central(generated: str) -> None:
    record = SubmissionImport.objects.get()
    assert (record.source, record.reference) == ("odk-central-json", "OP-DEMO-0001")
    screenings = ScreeningRecord.objects.filter(field_submission__submission_import=record)
    assert screenings.count() == record.created == demo_field.SUBMISSIONS
    assert all(s.person_id for s in screenings)
    assert "Field import OP-DEMO-0001: 12 screenings" in generated


def test_nothing_is_recorded_after_the_reference_date(generated: str) -> None:
    for model in apps.get_app_config("justice").get_models():
        for f in model._meta.concrete_fields:
            if not isinstance(f, DateField) or (model.__name__, f.name) in AHEAD:
                continue
            latest = model.objects.aggregate(m=Max(f.name))["m"]
            limit = END if isinstance(f, DateTimeField) else AS_OF
            assert latest is None or latest <= limit, (model.__name__, f.name, latest)
    held = Hearing.objects.exclude(status="scheduled")
    assert held.aggregate(m=Max("scheduled_for"))["m"] <= END


def test_demo_users_take_part_in_cases(generated: str) -> None:
    users = {u.username: u for u in User.objects.filter(username__in=[u[0] for u in USERS])}
    police = access.participating_cases(users["police"])
    supervised = access.participating_cases(users["police.supervisor"])
    assert police.exists() and supervised.count() > police.count()
    assert access.participating_cases(users["prosecutor"]).exists()
    assert access.participating_cases(users["clerk"]).exists()
    # The police unit of each case sees its victims' records, as linking them requires.
    for victim in CaseVictim.objects.select_related("case"):
        assert victim.person.access.filter(
            agency_id=victim.case.police_agency_id, revoked_at__isnull=True
        ).exists()
