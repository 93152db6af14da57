"""Linkage runs: national ids that survive reruns, decisions that hold, access never widened."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.http import Http404
from django.utils import timezone

from rumdoh.accounts.models import AuditEvent
from rumdoh.core.errors import NotAllowed, Refused
from rumdoh.linkage import services
from rumdoh.linkage.models import LinkRun, NationalPerson, PersonLink, ReviewPair, RunStatus
from rumdoh.people import services as people
from rumdoh.people.access import get_person_for_user, visible_persons
from rumdoh.people.models import Consent, ConsentScope
from tests.conftest import World, login, make_person
from tests.linkage.conftest import opened


def national(person) -> str:  # type: ignore[no-untyped-def]
    return PersonLink.objects.get(person=person).national.number


def full_run() -> LinkRun:
    run = services.schedule_linkage("test", mode="full")
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    return run


def uncertain(user, province: str = "12"):  # type: ignore[no-untyped-def]
    """The world's person, as far as the record goes, recorded elsewhere without a phone or sex:
    the engine cannot tell (same name and year, another province) and asks the steward."""
    return make_person(
        user, given_name="Sokha", family_name="Chan", province=province, phone="", sex="unknown"
    )


@pytest.fixture
def twins(world: World):  # type: ignore[no-untyped-def]
    """The world's person recorded again by the partner and the outsider, and someone else."""
    again = make_person(world.partner, given_name="Sokha", family_name="Chan")
    third = make_person(world.outsider, given_name="Sokha", family_name="Chan")
    other = make_person(
        world.owner, given_name="Dara", family_name="Kim", birth_year=1990, phone="099 111 222"
    )
    return again, third, other


def test_records_of_one_person_share_a_national_id(world: World, twins) -> None:  # type: ignore[no-untyped-def]
    again, third, other = twins
    run = full_run()
    assert national(world.person) == national(again) == national(third)
    assert national(other) != national(world.person)
    assert national(world.person).startswith("N-")
    assert run.records == 4 and run.clusters == 2


def test_rerun_keeps_the_national_ids(world: World, twins) -> None:  # type: ignore[no-untyped-def]
    _again, _third, other = twins
    full_run()
    before = (national(world.person), national(other))
    make_person(
        world.owner, given_name="Bopha", family_name="Ouk", birth_year=1985, phone="097 000 111"
    )
    run = full_run()
    assert (national(world.person), national(other)) == before
    assert run.ids_kept == 2 and run.ids_new == 1 and run.ids_retired == 0


def test_incremental_run_links_new_records_to_existing_ids(world: World, twins) -> None:  # type: ignore[no-untyped-def]
    full_run()
    late = make_person(world.outsider, given_name="Sokha", family_name="Chan")
    stranger = make_person(
        world.outsider, given_name="Vanna", family_name="Touch", birth_year=1980, phone="016 222"
    )
    run = services.schedule_linkage("import")
    run.refresh_from_db()
    assert run.mode == "new" and run.status == RunStatus.DONE
    assert run.records == 2
    assert national(late) == national(world.person)
    assert national(stranger) != national(world.person)


def test_a_waiting_run_is_reused(db: None) -> None:
    first = LinkRun.objects.create(mode="new")
    assert services.schedule_linkage("import", mode="new") == first


def test_steward_decision_different_holds_across_reruns(world: World, twins, steward) -> None:  # type: ignore[no-untyped-def]
    again, third, _other = twins
    full_run()
    kept = national(world.person)
    pair = ReviewPair.objects.create(
        run=LinkRun.objects.first(), left=world.person, right=again, probability=0.8
    )
    services.decide(steward, pair, same=False, reason="different mothers' names")
    assert national(again) != national(world.person)
    full_run()
    assert national(world.person) == kept == national(third)
    assert national(again) != kept
    assert AuditEvent.objects.filter(action="linkage.decided", user=steward).count() == 1


def test_steward_decision_same_merges_and_holds(world: World, steward) -> None:
    variant = uncertain(world.partner)
    full_run()
    assert national(variant) != national(world.person)
    pair = ReviewPair.objects.get()
    assert {pair.left_id, pair.right_id} == {world.person.pk, variant.pk}
    services.decide(steward, pair, same=True, reason="same phone and village")
    assert national(variant) == national(world.person)
    full_run()
    assert national(variant) == national(world.person)
    assert not services.review_queue().exists()


def test_a_waiting_pair_keeps_its_number_across_a_rerun(world: World, steward) -> None:
    """A steward deciding a pair while a run of the whole register finishes still saves the
    decision: the pair the run finds again is the same pair, not a new one with a new number."""
    variant = uncertain(world.partner)
    full_run()
    pair = ReviewPair.objects.get()
    client = login(steward)
    url = f"/linkage/pairs/{pair.pk}/"
    seen = opened(client, url)  # the steward opens the pair...
    full_run()  # ...a run of the whole register finishes meanwhile...
    assert list(ReviewPair.objects.values_list("pk", flat=True)) == [pair.pk]
    body = {"seen": seen, "same": "yes", "reason": "same village"}
    response = client.post(url, body)  # ...and she saves
    assert response.status_code == 302
    assert national(variant) == national(world.person)


def test_a_pair_a_rerun_no_longer_finds_uncertain_can_still_be_decided(
    world: World, steward
) -> None:
    """A run of the whole register that finishes while the steward has a pair open, and no
    longer finds it uncertain, takes it out of the queue; her decision is still saved, not lost
    to a missing page, and holds over the next runs."""
    variant = uncertain(world.partner)
    full_run()
    pair = ReviewPair.objects.get()
    client = login(steward)
    url = f"/linkage/pairs/{pair.pk}/"
    seen = opened(client, url)
    variant.phone = "012 345 678"  # the person's phone, written on the second record meanwhile
    variant.save()
    full_run()
    pair.refresh_from_db()
    assert pair.withdrawn_at is not None and pair.decision is None
    assert national(variant) == national(world.person)  # the run linked them itself
    assert not services.review_queue().exists()
    assert services.national_counts()["waiting"] == 0
    page = client.get(url).content.decode()
    assert "Withdrawn by a later run" in page and "Save the decision" in page
    listed = client.get("/linkage/?status=withdrawn").content.decode()
    assert f"/linkage/pairs/{pair.pk}/" in listed
    assert f"/linkage/pairs/{pair.pk}/" not in client.get("/linkage/").content.decode()
    body = {"seen": seen, "same": "no", "reason": "another woman's phone"}
    response = client.post(url, body)
    assert response.status_code == 302
    assert national(variant) != national(world.person)
    full_run()
    assert national(variant) != national(world.person)


def test_a_withdrawn_pair_found_uncertain_again_waits_again_with_its_number(world: World) -> None:
    variant = uncertain(world.partner)
    full_run()
    pair = ReviewPair.objects.get()
    variant.phone = "012 345 678"
    variant.save()
    full_run()
    assert not services.review_queue().exists()
    variant.phone = ""
    variant.save()
    full_run()
    assert list(services.review_queue().values_list("pk", flat=True)) == [pair.pk]
    pair.refresh_from_db()
    assert pair.withdrawn_at is None


def test_contradicting_decision_is_refused(world: World, steward) -> None:
    a = uncertain(world.partner)
    b = uncertain(world.outsider, province="17")
    full_run()
    pairs = {(p.left_id, p.right_id): p for p in ReviewPair.objects.all()}
    first = pairs[(world.person.pk, a.pk)]
    services.decide(steward, first, same=True, reason="same")
    services.decide(steward, pairs[(world.person.pk, b.pk)], same=False, reason="not her")
    with pytest.raises(Refused):
        services.decide(steward, pairs[(a.pk, b.pk)], same=True, reason="same?")
    assert national(b) != national(a)


def test_only_a_steward_decides_and_a_reason_is_needed(world: World, steward) -> None:
    variant = uncertain(world.partner)
    full_run()
    pair = ReviewPair.objects.get()
    with pytest.raises(NotAllowed):
        services.decide(world.owner, pair, same=True, reason="mine")
    with pytest.raises(Refused):
        services.decide(steward, pair, same=True, reason="  ")
    assert pair.left_id in (world.person.pk, variant.pk)


def test_link_does_not_widen_access(world: World, twins) -> None:  # type: ignore[no-untyped-def]
    _again, third, _other = twins
    full_run()
    # The outsider's own record is linked to the owner's, but the outsider still sees only its own.
    assert set(visible_persons(world.outsider)) == {third}
    with pytest.raises(Http404):
        get_person_for_user(world.outsider, world.person.pk)
    page = login(world.outsider).get(f"/people/{third.pk}/")
    assert page.status_code == 200
    assert world.person.reference not in page.content.decode()
    assert national(third) not in page.content.decode()


def test_withdrawn_consent_is_not_revealed_through_a_link(world: World) -> None:
    again = make_person(world.partner, given_name="Sokha", family_name="Chan")
    full_run()
    consent = Consent.objects.get(person=world.person, scope=ConsentScope.SHARE)
    people.withdraw_consent(world.owner, consent, reason="asked to stop")
    full_run()
    assert national(again) == national(world.person)
    assert list(visible_persons(world.partner)) == [again]
    partner = login(world.partner)
    assert partner.get(f"/people/{world.person.pk}/").status_code == 404
    page = partner.get(f"/people/{again.pk}/").content.decode()
    assert world.person.reference not in page
    api = partner.get(f"/api/v1/persons/{again.pk}/").content.decode()
    assert world.person.reference not in api and "N-" not in api


def test_link_persons_command_prints_progress(world: World, twins) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command("link_persons", stdout=out)
    text = out.getvalue()
    assert "reading" in text and "2 national persons" in text
    assert PersonLink.objects.count() == 4
    out = io.StringIO()
    make_person(world.owner, given_name="Sokha", family_name="Chan")
    call_command("link_persons", "--new", stdout=out)
    assert "1 record" in out.getvalue()
    assert NationalPerson.objects.filter(retired_at__isnull=True).count() == 2
    # With nothing new, it says so and what the register holds, not "0 national persons".
    out = io.StringIO()
    call_command("link_persons", "--new", stdout=out)
    said = out.getvalue().splitlines()[-1]
    assert "no record is new since the last run" in said, said
    assert "the register holds 2 national persons" in said and "0 national persons" not in said


def test_a_failed_run_says_so_without_quoting_records(world: World, engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(records, **kwargs):  # type: ignore[no-untyped-def]
        raise ValueError("Sokha Chan 2001")

    monkeypatch.setattr(engine, "link", broken)
    run = services.schedule_linkage("test", mode="full")
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "Sokha" not in run.error
    assert not PersonLink.objects.exists()


def test_a_failed_run_logs_the_kind_of_failure_without_quoting_records(  # type: ignore[no-untyped-def]
    world: World, engine, monkeypatch, caplog
) -> None:
    def broken(records, **kwargs):  # type: ignore[no-untyped-def]
        raise ValueError("Sokha Chan 2001")

    monkeypatch.setattr(engine, "link", broken)
    with caplog.at_level("ERROR", logger="rumdoh.linkage.services"):
        run = services.schedule_linkage("test", mode="full")
    logged = caplog.text
    assert f"Linkage run {run.pk} failed" in logged
    assert "ValueError" in logged and "broken" in logged  # the kind of failure, and where
    assert "Sokha" not in logged


def test_start_run_needs_the_capability(world: World, steward) -> None:
    with pytest.raises(NotAllowed):
        services.start_run(world.owner, "full")
    run = services.start_run(steward, "full")
    assert run.requested_by == steward


def test_a_finished_run_keeps_the_register_as_it_left_it(world: World, twins, steward) -> None:  # type: ignore[no-untyped-def]
    first = full_run()
    assert first.national_persons == NationalPerson.objects.filter(retired_at__isnull=True).count()
    assert first.national_persons == len({national(p) for p in (world.person, *twins)}) == 2
    assert first.records_unlinked == 0
    assert first.pairs_waiting == ReviewPair.objects.filter(decision__isnull=True).count()
    make_person(world.owner, given_name="Dara", family_name="Kim", birth_year=1990)
    waiting = LinkRun.objects.create(mode="new")  # asked for, not run yet
    assert waiting.national_persons is None
    client = login(steward)
    client.cookies["django_language"] = "km"
    page = client.get(f"/linkage/runs/{first.pk}/").content.decode()
    assert "<dt>កំណត់ត្រាមិនទាន់ផ្សារភ្ជាប់</dt><dd>0</dd>" in page  # as the run left it
    assert "<dt>បុគ្គលជាតិ</dt><dd>2</dd>" in page
    assert client.get("/api/v1/linkage/runs/").json()["results"][1]["records_unlinked"] == 0


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "No record was new since the last run: nothing was linked."),
        ("km", "គ្មានកំណត់ត្រាថ្មីតាំងពីការផ្សារភ្ជាប់ចុងក្រោយទេ៖ គ្មានអ្វីត្រូវបានផ្សារភ្ជាប់ទេ។"),
    ],
)
def test_a_run_with_nothing_new_says_so_and_not_that_no_one_is_linked(  # type: ignore[no-untyped-def]
    world: World, twins, steward, language, said
) -> None:
    """A run of the new records when there are none says so; the runs list gives the national
    persons of the register after each run, where it gave 0 for such a run."""
    full_run()
    nothing = services.schedule_linkage("test", mode="new")
    nothing.refresh_from_db()
    client = login(steward)
    client.cookies["django_language"] = language
    page = client.get(f"/linkage/runs/{nothing.pk}/").content.decode()
    assert said in page
    assert "0 national persons" not in page and "0 បុគ្គលជាតិ" not in page
    listed = client.get("/linkage/runs/").content.decode()
    row = re.search(rf'<tr><td><a href="/linkage/runs/{nothing.pk}/">.*?</tr>', listed).group(0)
    assert re.findall(r"<td>(\d+)</td>", row) == ["0", "2", "0"]  # records, national persons, pairs
    # A run not finished yet has counted nothing: its counts are not zeros.
    waiting = LinkRun.objects.create(mode="full")
    listed = client.get("/linkage/runs/").content.decode()
    row = re.search(rf'<tr><td><a href="/linkage/runs/{waiting.pk}/">.*?</tr>', listed).group(0)
    assert re.findall(r"<td>([^<]*)</td>", row)[-3:] == ["—", "—", "—"]


def test_an_estimation_that_fails_leaves_the_records_values_out_of_the_log(caplog) -> None:  # type: ignore[no-untyped-def]
    from rumdoh.linkage import engine

    class Failing:
        """Splink's training, failing as an engine may, with a record's values in its message."""

        def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
            def fail(*args: object, **kwargs: object) -> None:
                raise ValueError("cannot estimate: 'Sokha Chan', 012 345 678")

            return fail

    class Linker:
        training = Failing()

    with caplog.at_level("WARNING", logger="rumdoh.linkage.engine"):
        assert engine._train(Linker(), count=5000) is False
    assert "ValueError" in caplog.text
    assert "Sokha" not in caplog.text and "345" not in caplog.text


def test_a_withdrawn_pair_is_kept_a_month_then_deleted_by_a_run(world: World, steward) -> None:
    """Withdrawn and undecided, a pair is no one's work: after RUMDOH_LINKAGE_WITHDRAWN_DAYS a
    run of the whole register deletes it."""
    variant = uncertain(world.partner)
    full_run()
    pair = ReviewPair.objects.get()
    variant.phone = "012 345 678"
    variant.save()
    full_run()
    pair.refresh_from_db()
    assert pair.withdrawn_at is not None
    ReviewPair.objects.filter(pk=pair.pk).update(withdrawn_at=timezone.now() - timedelta(days=29))
    full_run()
    assert ReviewPair.objects.filter(pk=pair.pk).exists()  # within the month: kept
    ReviewPair.objects.filter(pk=pair.pk).update(withdrawn_at=timezone.now() - timedelta(days=31))
    full_run()
    assert not ReviewPair.objects.filter(pk=pair.pk).exists()
