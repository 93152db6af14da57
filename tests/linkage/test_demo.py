"""The demo gives the data steward pairs to review, and joins the obvious spelling variants."""

from __future__ import annotations

import io

from rumdoh.demo import linkage as demo_linkage
from rumdoh.demo.agencies import ensure_demo_agencies, ensure_demo_users
from rumdoh.linkage.models import LinkRun, PersonLink, ReviewPair, RunStatus
from rumdoh.people.models import Person


def test_demo_pairs_fill_the_queue(db: None, settings) -> None:  # type: ignore[no-untyped-def]
    # As in `make demo`: the run waits in the queue until setup_demo runs it.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    users = ensure_demo_users(ensure_demo_agencies())
    assert any(u.username == "steward" and u.role == "data_steward" for u in users)
    out = io.StringIO()
    assert demo_linkage.generate(users, out) == 2 * len(demo_linkage.PAIRS)
    assert LinkRun.objects.get().status == RunStatus.QUEUED
    demo_linkage.link_now(out)
    assert LinkRun.objects.get().status == RunStatus.DONE, out.getvalue()
    assert ReviewPair.objects.count() >= 3
    national = dict(PersonLink.objects.values_list("person_id", "national_id"))
    sreymom = Person.objects.order_by("pk")[:2]
    assert national[sreymom[0].pk] == national[sreymom[1].pk]
    heng = list(Person.objects.order_by("pk"))[-2:]
    assert national[heng[0].pk] != national[heng[1].pk]
