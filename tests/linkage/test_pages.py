"""The data steward's pages and API: queue, pair, decision, runs; nobody else gets in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils.translation import override

from rumdoh.accounts.models import AuditEvent
from rumdoh.linkage import services
from rumdoh.linkage.models import (
    STAGES,
    LinkDecision,
    LinkRun,
    PersonLink,
    ReviewPair,
    RunStatus,
)
from tests.conftest import World, login, make_person
from tests.linkage.conftest import opened
from tests.querycount import assert_flat


@pytest.fixture
def queued(world: World) -> ReviewPair:
    make_person(
        world.partner,
        given_name="Sokha",
        family_name="Chan",
        province="12",
        phone="",
        sex="unknown",
    )
    services.schedule_linkage("test", mode="full")
    return ReviewPair.objects.get()


def test_steward_lands_on_the_queue_and_sees_no_names_there(world, steward, queued) -> None:  # type: ignore[no-untyped-def]
    client = login(steward)
    response = client.get("/", follow=True)
    assert response.request["PATH_INFO"] == "/linkage/"
    page = response.content.decode()
    assert f"/linkage/pairs/{queued.pk}/" in page
    assert "Sokha" not in page
    assert "Transit or victim support centre" in page
    # Nor the sex or the year of birth: picking a pair needs neither (the API's list neither).
    assert "Female" not in page and ">2001<" not in page and "· 2001" not in page


def test_pair_page_shows_names_side_by_side_and_audits_both(world, steward, queued) -> None:  # type: ignore[no-untyped-def]
    page = login(steward).get(f"/linkage/pairs/{queued.pk}/").content.decode()
    assert page.count("Chan Sokha") == 2
    assert "012 345 678" not in page  # the phone is compared by the engine, not shown
    compared = AuditEvent.objects.filter(action="person.compared", user=steward)
    assert set(compared.values_list("person_id", flat=True)) == {queued.left_id, queued.right_id}


def test_decision_from_the_page_links_and_needs_a_reason(world, steward, queued) -> None:  # type: ignore[no-untyped-def]
    client = login(steward)
    url = f"/linkage/pairs/{queued.pk}/"
    seen = opened(client, url)
    refused = client.post(url, {"seen": seen, "same": "yes", "reason": ""})
    assert refused.status_code == 200 and not LinkDecision.objects.exists()
    done = client.post(url, {"seen": seen, "same": "yes", "reason": "same phone"})
    assert done.status_code == 302 and done["Location"] == "/linkage/"
    links = PersonLink.objects.filter(person_id__in=[queued.left_id, queued.right_id])
    assert len({link.national_id for link in links}) == 1
    decision = LinkDecision.objects.get()
    assert decision.reason == "same phone" and decision.decided_by == steward


@pytest.mark.parametrize(
    ("language", "same", "said"),
    [
        ("en", "yes", "Decision on pair {n} saved: the same person."),
        ("en", "no", "Decision on pair {n} saved: different persons."),
        ("km", "yes", "បានរក្សាទុកការសម្រេចលើគូទី {n}៖ មនុស្សតែម្នាក់។"),
        ("km", "no", "បានរក្សាទុកការសម្រេចលើគូទី {n}៖ មនុស្សផ្សេងគ្នា។"),
    ],
)
def test_a_saved_decision_says_so_on_the_page_that_follows(  # type: ignore[no-untyped-def]
    world, steward, queued, language, same, said
) -> None:
    """The page after a decision is the next pair, or the queue: it says the decision was
    saved, and which, where it looked like the same form emptied."""
    client = login(steward)
    client.cookies["django_language"] = language
    url = f"/linkage/pairs/{queued.pk}/"
    body = {"seen": opened(client, url), "same": same, "reason": "same phone"}
    done = client.post(url, body, follow=True)
    assert said.format(n=queued.pk) in done.content.decode()


def test_the_pair_page_says_which_national_person_each_record_is_now(  # type: ignore[no-untyped-def]
    world, steward, queued
) -> None:
    """The steward could not tell whether the two records were already one national person (a
    run may join them through a third record, a decision may have): each record's N-number is
    shown, to her only, and the same number on both once they are one person."""
    client, url = login(steward), f"/linkage/pairs/{queued.pk}/"
    numbers = {
        link.person_id: link.national.number
        for link in PersonLink.objects.select_related("national")
    }
    page = client.get(url).content.decode()
    assert numbers[queued.left_id] != numbers[queued.right_id]
    assert numbers[queued.left_id] in page and numbers[queued.right_id] in page
    services.decide(steward, queued, same=True, reason="same phone")
    joined = PersonLink.objects.get(person_id=queued.left_id).national.number
    assert client.get(url).content.decode().count(f">{joined}<") == 2
    # The agencies that recorded them see no national number.
    for user, person in ((world.owner, queued.left), (world.partner, queued.right)):
        detail = login(user).get(f"/people/{person.pk}/").content.decode()
        assert joined not in detail


def test_a_record_changed_while_the_steward_compared_is_not_decided_on_unseen(  # type: ignore[no-untyped-def]
    world, steward, queued
) -> None:
    """The steward compared two records; meanwhile the agency that recorded one corrected its
    name and year. Her "same person" was saved on what she had not seen, and a decision holds
    over every later run. Now nothing is saved: the page shows the records as saved, with her
    choice and reason kept, and she decides again."""
    from rumdoh.people import services as people

    client = login(steward)
    url = f"/linkage/pairs/{queued.pk}/"
    seen = opened(client, url)
    changed = (
        queued.right if queued.right.owner_agency_id == world.partner_agency.pk else queued.left
    )
    people.update_person(
        world.partner,
        changed,
        {"given_name": "Sophal", "birth_year": 1975},
        expected_version=changed.version,
    )
    body = {"seen": seen, "same": "yes", "reason": "same name and year"}
    refused = client.post(url, body)
    page = refused.content.decode()
    assert refused.status_code == 200 and not LinkDecision.objects.exists()
    assert "changed while you were comparing them" in page
    assert "Chan Sophal" in page and "same name and year" in page
    assert AuditEvent.objects.filter(action="linkage.decided").count() == 0
    client.cookies["django_language"] = "km"
    khmer = client.post(url, body).content.decode()
    assert "បានផ្លាស់ប្ដូរ ខណៈពេលដែលអ្នកកំពុងប្រៀបធៀបវា" in khmer
    # Decided again on what the page now shows, it is saved.
    again = re.search(r'name="seen" value="([^"]*)"', page).group(1)  # type: ignore[union-attr]
    assert client.post(url, {**body, "seen": again}).status_code == 302
    assert LinkDecision.objects.get().same is True


def test_the_api_saves_no_decision_on_records_changed_since_they_were_read(  # type: ignore[no-untyped-def]
    world, steward, queued
) -> None:
    """The API's pair gives what it showed (``seen``); a decision sent back with it is refused
    (409) when a record changed since, as on the page. Without it, the API decides as before."""
    from rumdoh.people import services as people

    client = login(steward)
    url = f"/api/v1/linkage/queue/{queued.pk}/"
    seen = client.get(url).json()["seen"]
    changed = queued.left
    people.update_person(
        world.owner, changed, {"birth_year": 1970}, expected_version=changed.version
    )
    body = {"same": True, "reason": "same name", "seen": seen}
    refused = client.post(
        f"{url}decide/", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert refused.status_code == 409
    assert "changed while you were comparing them" in refused.json()["detail"]
    assert not LinkDecision.objects.exists()
    body["seen"] = client.get(url).json()["seen"]
    done = client.post(f"{url}decide/", body, content_type="application/json")
    assert done.status_code == 200 and LinkDecision.objects.get().same is True


@pytest.mark.parametrize("reason", ["\u200b", "\u200b\u200d \ufeff", "\u2060\u00ad"])
def test_a_reason_that_shows_nothing_is_no_reason(world, steward, queued, reason) -> None:  # type: ignore[no-untyped-def]
    """The reason is required and kept with the decision for whoever reviews it; a reason of
    zero-width spaces or joiners alone was saved as one, on the page and by the API."""
    client, url = login(steward), f"/linkage/pairs/{queued.pk}/"
    body = {"seen": opened(client, url), "same": "yes", "reason": reason}
    page = client.post(url, body).content.decode()
    assert "Say why: the reason is kept with the decision." in page
    api = client.post(
        f"/api/v1/linkage/queue/{queued.pk}/decide/",
        {"same": True, "reason": reason},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert api.status_code == 400
    assert not LinkDecision.objects.exists()
    # Khmer words separated by zero-width spaces, as Khmer is typed, are a reason.
    body["reason"] = "ឈ្មោះ\u200bដូចគ្នា"
    assert client.post(url, body).status_code == 302


def test_a_pair_decided_by_another_steward_meanwhile_is_not_silently_overwritten(  # type: ignore[no-untyped-def]
    world, steward, queued
) -> None:
    """Two stewards open the same pair; the first decides "different persons"; the second,
    whose page said nothing of a decision, replaced it without knowing there was one."""
    from rumdoh.accounts.rules.roles import Role
    from tests.conftest import make_user

    other = make_user(Role.DATA_STEWARD, steward.agency, "steward2")
    client, url = login(steward), f"/linkage/pairs/{queued.pk}/"
    seen = opened(client, url)
    services.decide(other, queued, same=False, reason="different mothers")
    refused = client.post(url, {"seen": seen, "same": "yes", "reason": "same phone"})
    assert refused.status_code == 200
    assert "changed while you were comparing them" in refused.content.decode()
    decision = LinkDecision.objects.get()
    assert decision.same is False and decision.decided_by == other
    # A form without what its page showed (an old tab, a broken page) saves nothing either.
    old = client.post(url, {"same": "yes", "reason": "same phone"}).content.decode()
    assert "This page is out of date" in old and LinkDecision.objects.get().same is False


@pytest.mark.parametrize("who", ["owner", "partner", "outsider"])
def test_agency_staff_cannot_open_the_linkage_pages(world, queued, who) -> None:  # type: ignore[no-untyped-def]
    client = login(getattr(world, who))
    for url in ("/linkage/", f"/linkage/pairs/{queued.pk}/", "/linkage/runs/"):
        assert client.get(url).status_code == 403
    assert client.get("/api/v1/linkage/queue/").status_code == 403
    assert client.post("/linkage/runs/start/", {"mode": "full"}).status_code == 403


def test_queue_filters(world, steward, queued) -> None:  # type: ignore[no-untyped-def]
    client = login(steward)
    assert f"pairs/{queued.pk}/" in client.get("/linkage/?agency_kind=ngo").content.decode()
    assert f"pairs/{queued.pk}/" not in client.get("/linkage/?agency_kind=court").content.decode()
    assert f"pairs/{queued.pk}/" not in client.get("/linkage/?status=decided").content.decode()
    number = f"P-{queued.right_id:07d}"
    assert f"pairs/{queued.pk}/" in client.get(f"/linkage/?q={number}").content.decode()


def test_runs_page_starts_a_run_and_shows_progress(world, steward) -> None:  # type: ignore[no-untyped-def]
    client = login(steward)
    assert "Start a linkage run" in client.get("/linkage/runs/").content.decode()
    assert client.post("/linkage/runs/start/", {"mode": "full"}).status_code == 302
    run = LinkRun.objects.get()
    assert run.status == RunStatus.DONE and run.requested_by == steward
    page = client.get(f"/linkage/runs/{run.pk}/").content.decode()
    assert "100%" in page and "hx-get" not in page
    assert "A data steward asked for it." in page and "requested" not in page


@pytest.mark.parametrize(
    ("language", "status", "stage", "reason"),
    [
        (
            "en",
            "Run {n}: Running",
            "Step: Comparing pairs of records (3 of 5)",
            "Field import 7 was saved.",
        ),
        (
            "km",
            "ការផ្សារភ្ជាប់លើកទី {n}៖ កំពុងដំណើរការ",
            "ជំហាន៖ កំពុងប្រៀបធៀបគូកំណត់ត្រា (3 នៃ 5)",
            "ការនាំចូលទិន្នន័យពីទីវាលលេខ 7 ត្រូវបានរក្សាទុក។",
        ),
    ],
)
def test_run_page_says_the_step_and_the_reason_in_the_readers_language(  # type: ignore[no-untyped-def]
    world, steward, language, status, stage, reason
) -> None:
    run = LinkRun.objects.create(
        mode="full",
        status=RunStatus.RUNNING,
        stage="predict",
        done=3,
        total=5,
        reason="field import 7",
    )
    client = login(steward)
    client.cookies["django_language"] = language
    page = client.get(f"/linkage/runs/{run.pk}/").content.decode()
    assert stage in page and reason in page
    assert status.format(n=run.pk) in page
    assert "predict" not in page and "field import 7" not in page


def test_every_step_a_run_records_has_a_label(engine) -> None:  # type: ignore[no-untyped-def]
    source = Path(services.__file__).read_text()
    recorded = {*re.findall(r'progress\.step\("([^"]+)"', source), *engine.STEPS, "linking"}
    assert {"reading", "writing", "nothing new", "cluster"} <= recorded
    assert sorted(recorded - set(STAGES)) == []


@pytest.mark.parametrize(
    ("reason", "said"),
    [
        ("requested", "A data steward asked for it."),
        ("field import 12", "Field import 12 was saved."),
        ("roster of OP-2026-0001", "The roster of operation OP-2026-0001 was imported."),
        ("deportee arrivals", "Arriving deportees were recorded as new persons."),
        ("demo data generated", "The demo data were generated."),
        ("manage.py link_persons", "It was started on the server with manage.py link_persons."),
        ("before the audit", "before the audit"),
    ],
)
def test_a_run_says_why_it_was_asked_for(reason: str, said: str) -> None:
    with override("en"):
        assert LinkRun(reason=reason).reason_display() == said


def test_an_active_run_is_polled_by_htmx_and_refreshed_without_it(world, steward) -> None:  # type: ignore[no-untyped-def]
    run = LinkRun.objects.create(mode="full", status=RunStatus.RUNNING, done=50, total=200)
    client = login(steward)
    page = client.get("/linkage/runs/").content.decode()
    assert f'hx-get="/linkage/runs/{run.pk}/"' in page and "htmx-2.min.js" in page
    assert 'http-equiv="refresh"' in page  # inside <noscript>
    fragment = client.get(f"/linkage/runs/{run.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith("<div") and "25%" in fragment


def test_api_queue_decide_and_runs(world, steward, queued) -> None:  # type: ignore[no-untyped-def]
    client = login(steward)
    listed = client.get("/api/v1/linkage/queue/").json()
    assert [p["id"] for p in listed["results"]] == [queued.pk]
    assert listed["results"][0]["left"]["agency_kind"] == "transit_centre"
    assert AuditEvent.objects.filter(action="person.listed", user=steward).count() == 2
    bad = client.post(
        f"/api/v1/linkage/queue/{queued.pk}/decide/", {"same": True}, "application/json"
    )
    assert bad.status_code == 400
    decided = client.post(
        f"/api/v1/linkage/queue/{queued.pk}/decide/",
        {"same": False, "reason": "different village"},
        "application/json",
    )
    assert decided.status_code == 200 and decided.json()["decision"] == "different"
    assert client.get("/api/v1/linkage/queue/").json()["results"] == []
    assert (
        client.get("/api/v1/linkage/queue/?status=decided").json()["results"][0]["id"] == queued.pk
    )
    started = client.post("/api/v1/linkage/runs/", {"mode": "new"}, "application/json")
    assert started.status_code == 201
    runs = client.get("/api/v1/linkage/runs/").json()["results"]
    assert runs[0]["mode"] == "new" and runs[0]["status"] == "done"


def test_queue_and_api_cost_the_same_queries_however_many_pairs(world, steward) -> None:  # type: ignore[no-untyped-def]
    run = LinkRun.objects.create(mode="full", status=RunStatus.DONE)
    people = [make_person(world.owner, given_name=f"Name{i}", phone="") for i in range(13)]
    pairs = iter(zip(people[1::2], people[2::2], strict=True))

    def grow(made: int, shown: str) -> list[str]:
        rows = [
            ReviewPair.objects.create(run=run, left=a, right=b, probability=0.3)
            for a, b in (next(pairs) for _ in range(made))
        ]
        return [shown.format(pk=p.pk) for p in rows]

    ReviewPair.objects.create(run=run, left=people[0], right=people[1], probability=0.5)
    assert_flat(login(steward), "/linkage/", lambda: grow(3, "/linkage/pairs/{pk}/"))
    assert_flat(login(steward), "/api/v1/linkage/queue/", lambda: grow(3, '"id":{pk},'))


def test_pair_and_run_pages_cost_the_same_queries_as_the_register_grows(world, steward) -> None:  # type: ignore[no-untyped-def]
    """A pair's page reads its two records; a run's page its counts. A bigger register and a
    further run cost neither page another query."""
    run = LinkRun.objects.create(mode="full", status=RunStatus.DONE, records=2)
    left = make_person(world.owner, given_name="Sokha", family_name="Chan", phone="")
    right = make_person(world.partner, given_name="Sokhar", family_name="Chan", phone="")
    pair = ReviewPair.objects.create(run=run, left=left, right=right, probability=0.4)

    def grow() -> list[str]:
        for i in range(4):
            make_person(world.owner, given_name=f"Other{i}", phone="")
        LinkRun.objects.create(mode="new", status=RunStatus.DONE, records=6)
        return ["Chan Sokha"]

    assert_flat(login(steward), f"/linkage/pairs/{pair.pk}/", grow)
    assert_flat(login(steward), f"/linkage/runs/{run.pk}/", lambda: [run.get_mode_display()])


def test_api_queue_lists_pairs_without_names(world, steward, queued) -> None:  # type: ignore[no-untyped-def]
    client = login(steward)
    for query in ("", "?status=all", "?agency_kind=ngo"):
        answer = client.get(f"/api/v1/linkage/queue/{query}")
        text = answer.content.decode()
        assert "Sokha" not in text and "Chan" not in text, query
        (row,) = answer.json()["results"]
        assert set(row) == {"id", "probability", "left", "right", "decision", "withdrawn_at"}
        assert row["left"] == {
            "reference": f"P-{queued.left_id:07d}",
            "agency_kind": "transit_centre",
        }
        assert row["right"] == {"reference": f"P-{queued.right_id:07d}", "agency_kind": "ngo"}
    assert not AuditEvent.objects.filter(action="person.compared").exists()


def test_api_pair_shows_the_names_and_audits_both_persons(world, steward, queued) -> None:  # type: ignore[no-untyped-def]
    client = login(steward)
    pair = client.get(f"/api/v1/linkage/queue/{queued.pk}/").json()
    assert pair["left"]["name"] == pair["right"]["name"] == "Chan Sokha"
    compared = AuditEvent.objects.filter(action="person.compared", user=steward)
    assert sorted(compared.values_list("person_id", flat=True)) == [queued.left_id, queued.right_id]
    assert AuditEvent.objects.filter(action="link_pair.viewed", object_id=str(queued.pk)).exists()
    decided = client.post(
        f"/api/v1/linkage/queue/{queued.pk}/decide/",
        {"same": True, "reason": "same village"},
        "application/json",
    )
    assert decided.status_code == 200 and "Sokha" not in decided.content.decode()


def test_the_queue_and_the_pair_give_the_person_numbers_the_queue_is_searched_by(  # type: ignore[no-untyped-def]
    world, steward, queued
) -> None:
    client = login(steward)
    numbers = (queued.left.reference, queued.right.reference)
    queue = client.get("/linkage/").content.decode()
    pair = client.get(f"/linkage/pairs/{queued.pk}/").content.decode()
    assert all(n in queue and n in pair for n in numbers)
    found = client.get("/linkage/", {"q": numbers[1]}).context["page"]
    assert [p.pk for p in found] == [queued.pk]


@pytest.mark.parametrize(("language", "said"), [
    ("en", "No pair matches."),
    ("km", "គ្មានគូណាត្រូវនឹងលក្ខខណ្ឌទេ។"),
])  # fmt: skip
def test_a_filtered_queue_with_no_pair_says_none_matches_not_that_none_waits(  # type: ignore[no-untyped-def]
    world, steward, queued, language, said
) -> None:
    client = login(steward)
    client.cookies["django_language"] = language
    page = client.get("/linkage/", {"status": "decided"}).content.decode()
    assert said in page
    assert "No pair waits for a decision." not in page


def test_a_page_past_the_last_pair_says_so_and_not_that_no_pair_matches(  # type: ignore[no-untyped-def]
    world, steward, queued
) -> None:
    page = login(steward).get("/linkage/", {"page": "9999"})
    html = page.content.decode()
    assert 'id="past-the-end"' in html
    assert "No pair matches." not in html and "No pair waits for a decision." not in html
    assert page.context["page"].previous_page_number() == 1
    assert 'href="?page=1">Previous</a>' in html
