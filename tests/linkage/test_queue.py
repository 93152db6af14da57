"""The review queue is one queue: the page, the API list and the next pair agree on it."""

from __future__ import annotations

import html
import itertools
import re
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.utils import timezone

from rumdoh.linkage import services
from rumdoh.linkage.models import LinkDecision, LinkRun, ReviewPair, RunStatus
from tests.conftest import World, login, make_person
from tests.linkage.conftest import opened

PAIR_LINK = re.compile(r'href="/linkage/pairs/(\d+)/')
NEXT_LINK = re.compile(r'rel="next"[^>]*href="/linkage/pairs/(\d+)/([^"]*)"')


@pytest.fixture
def pairs(world: World, steward):  # type: ignore[no-untyped-def]
    """Eight pairs: records of a transit centre (owner) and of NGOs (partner, outsider), home
    provinces 01 and 12, two probabilities tied, two pairs decided."""
    run = LinkRun.objects.create(mode="full", status=RunStatus.DONE)
    people = {
        who: [
            make_person(getattr(world, who), given_name=f"{who}{i}", province=province, phone="")
            for i, province in enumerate(("01", "12", "01", "12"))
        ]
        for who in ("owner", "partner", "outsider")
    }
    o, p, x = people["owner"], people["partner"], people["outsider"]
    made = [
        (o[0], o[1], 0.61),
        (o[2], p[0], 0.55),
        (p[1], x[0], 0.55),
        (o[3], x[1], 0.48),
        (p[2], p[3], 0.40),
        (x[2], x[3], 0.33),
        (o[0], p[1], 0.58),
        (o[1], x[3], 0.30),
    ]
    rows = []
    for a, b, probability in made:
        left, right = sorted((a, b), key=lambda person: person.pk)
        rows.append(
            ReviewPair.objects.create(run=run, left=left, right=right, probability=probability)
        )
    for pair, same in ((rows[6], True), (rows[7], False)):
        pair.decision = LinkDecision.objects.create(
            left_id=pair.left_id,
            right_id=pair.right_id,
            same=same,
            reason="checked",
            decided_by=steward,
            decided_at=timezone.now(),
        )
        pair.save()
    return rows


def page_ids(client: Client, query: str) -> list[int]:
    page = client.get(f"/linkage/?{query}").content.decode()
    return [int(pk) for pk in PAIR_LINK.findall(page)]


def api_ids(client: Client, query: str) -> list[int]:
    answer = client.get(f"/api/v1/linkage/queue/?{query}")
    assert answer.status_code == 200, answer.content
    return [row["id"] for row in answer.json()["results"]]


def next_chain(client: Client, first: int, query: str) -> list[int]:
    """Follow "next pair" from ``first`` to the end of the queue."""
    chain, current = [first], first
    while True:
        page = client.get(f"/linkage/pairs/{current}/?{query}").content.decode()
        found = NEXT_LINK.search(page)
        if found is None:
            return chain
        # The filter rides along.
        assert html.unescape(found.group(2)) == (f"?{query}" if query else "")
        current = int(found.group(1))
        assert current not in chain
        chain.append(current)


FILTERS = [
    {},
    {"status": "all"},
    {"status": "decided"},
    {"agency_kind": "transit_centre"},
    {"agency_kind": "ngo", "province": "12"},
    {"status": "all", "province": "01"},
    {"band": "likely"},
    {"band": "unlikely", "status": "all"},
]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: urlencode(f) or "none")
def test_page_api_and_next_pair_agree_on_the_queue(world, steward, pairs, filters) -> None:  # type: ignore[no-untyped-def]
    client = login(steward)
    query = urlencode(filters)
    expected = [p.pk for p in services.ordered_queue(filters)]
    assert expected, "every filter here keeps some pairs"
    assert page_ids(client, query) == expected
    assert api_ids(client, query) == expected
    assert next_chain(client, expected[0], query) == expected


def test_the_queue_is_ordered_most_probable_first_then_oldest(world, steward, pairs) -> None:  # type: ignore[no-untyped-def]
    waiting = [pairs[i].pk for i in (0, 1, 2, 3, 4, 5)]  # 0.61, 0.55 twice (by id), 0.48, ...
    assert page_ids(login(steward), "") == waiting
    assert page_ids(login(steward), "status=decided") == [pairs[6].pk, pairs[7].pk]
    kind = page_ids(login(steward), "agency_kind=transit_centre")
    assert kind == [pairs[i].pk for i in (0, 1, 3)]


def test_a_decision_goes_to_the_next_pair_of_the_filtered_queue(world, steward, pairs) -> None:  # type: ignore[no-untyped-def]
    client = login(steward)
    query = "agency_kind=transit_centre"
    first, second, third = (pairs[i] for i in (0, 1, 3))
    url = f"/linkage/pairs/{first.pk}/?{query}"
    done = client.post(url, {"seen": opened(client, url), "same": "no", "reason": "x"})
    assert done["Location"] == f"/linkage/pairs/{second.pk}/?{query}"
    # Opened out of order, the next is the one after it; at the end, back to the queue.
    url = f"/linkage/pairs/{third.pk}/?{query}"
    done = client.post(url, {"seen": opened(client, url), "same": "no", "reason": "x"})
    assert done["Location"] == f"/linkage/?{query}"
    assert page_ids(client, query) == [second.pk]


def test_the_pages_of_the_queue_keep_the_filter(world, steward) -> None:  # type: ignore[no-untyped-def]
    run = LinkRun.objects.create(mode="full", status=RunStatus.DONE)
    people = [make_person(world.partner, given_name=f"Name{i}", phone="") for i in range(27)]
    for a, b in itertools.pairwise(people):
        ReviewPair.objects.create(run=run, left=a, right=b, probability=0.4)
    client = login(steward)
    first = client.get("/linkage/?agency_kind=ngo").content.decode()
    assert 'href="?agency_kind=ngo&amp;page=2"' in first
    assert f'href="/linkage/pairs/{ReviewPair.objects.first().pk}/?agency_kind=ngo"' in first
    second = client.get("/linkage/?agency_kind=ngo&page=2").content.decode()
    assert 'href="?agency_kind=ngo&amp;page=1"' in second
    # A pair's link carries the filter, not the page.
    links = re.findall(r'href="(/linkage/pairs/\d+/[^"]*)"', second)
    assert links == [f"/linkage/pairs/{ReviewPair.objects.last().pk}/?agency_kind=ngo"]


def test_an_invalid_filter_is_refused_by_the_api(world, steward, pairs) -> None:  # type: ignore[no-untyped-def]
    assert login(steward).get("/api/v1/linkage/queue/?status=maybe").status_code == 400


def test_a_search_that_is_no_person_number_says_so(world, steward, pairs) -> None:  # type: ignore[no-untyped-def]
    """The queue is searched by person number: a name typed there is refused beside the field,
    in Khmer too, rather than answered "no pair waits", which is not so."""
    client = login(steward)
    page = client.get("/linkage/", {"q": "Sokha Chan"}).content.decode()
    assert "Give a P-number, such as P-0000012." in page
    assert client.get("/api/v1/linkage/queue/", {"q": "Sokha Chan"}).status_code == 400
    client.cookies["django_language"] = "km"
    page = client.get("/linkage/", {"q": "Sokha Chan"}).content.decode()
    assert "Give a P-number" not in page and "P-0000012" in page
    number = pairs[0].left.reference
    page = client.get("/linkage/", {"q": number}).content.decode()
    assert "P-0000012" not in page and f"/linkage/pairs/{pairs[0].pk}/" in page


def test_the_queue_reads_its_band_without_loading_the_engine():
    # Splink and pyarrow take seconds to import: a page asking for the band must not pay it.
    import os
    import subprocess
    import sys

    code = (
        "import django, sys; django.setup();"
        "from rumdoh.linkage import api, services, views;"
        "from rumdoh.linkage.rules import bands;"
        "assert services.review_band() == (bands.REVIEW_LOW, bands.REVIEW_HIGH);"
        "print('splink' in sys.modules, 'pyarrow' in sys.modules)"
    )
    out = subprocess.run(  # noqa: S603 - this interpreter, the code above
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"},
    )
    assert out.stdout.split() == ["False", "False"]


def test_a_reason_too_long_is_refused_in_the_words_of_every_other_form(
    world, steward, pairs
) -> None:  # type: ignore[no-untyped-def]
    client, url = login(steward), f"/linkage/pairs/{pairs[0].pk}/"
    body = client.post(
        url, {"seen": opened(client, url), "same": "no", "reason": "x" * 400}
    ).content.decode()
    assert "Keep this to at most 300 characters; it has 400." in body
    assert "Ensure this value" not in body
