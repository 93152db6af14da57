"""A request or notice sent abroad is addressed to a counterpart's system from its page, as
through the API and by the same service: only an active counterpart, only a request sent, to the
counterpart's own country. The page says it waits in the outbox, and the request's page shows
when it was fetched and acknowledged."""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.test import Client

from rumdoh.crossborder import services
from rumdoh.crossborder.models import Counterpart, CounterpartRequest, OutboundMessage
from tests.conftest import login
from tests.crossborder.conftest import Border
from tests.crossborder.test_signed_exchange import fetch, register

NEW = "/crossborder/requests/new/"


def form(**more: str) -> dict[str, str]:
    return {
        "direction": "outgoing",
        "kind": "mla",
        "counterpart_name": "Royal Thai Police",
        "country": "TH",
        "subject": "Freeze the account of the recruiter",
        "sent_on": "2026-12-01",
        "send_to_system": "th-imm",
        **more,
    }


@pytest.fixture
def thai(border: Border) -> Ed25519PrivateKey:
    key = register(border, "th-imm")
    Counterpart.objects.filter(code="th-imm").update(name="Thai Immigration Bureau")
    register(border, "th-old")
    Counterpart.objects.filter(code="th-old").update(name="Old Sa Kaeo system", active=False)
    return key


def test_the_page_offers_the_active_counterparts_systems_in_khmer_and_english(
    border: Border, thai: Ed25519PrivateKey
) -> None:
    client = login(border.investigator)
    page = client.get(NEW).content.decode()
    assert "Send to the counterpart&#x27;s system" in page
    assert "keeps it in the outbox until that system fetches it" in page
    assert '<option value="th-imm">Thai Immigration Bureau (th-imm)</option>' in page
    assert "th-old" not in page and "Old Sa Kaeo" not in page
    client.cookies["django_language"] = "km"
    khmer = client.get(NEW).content.decode()
    assert "ផ្ញើទៅប្រព័ន្ធរបស់ភាគីដៃគូ" in khmer  # the label
    assert "ប្រអប់សារចេញ" in khmer  # the help: the outbox
    assert "Send to the counterpart" not in khmer


def test_a_request_sent_from_the_page_waits_in_the_outbox_until_fetched_and_acknowledged(
    border: Border, thai: Ed25519PrivateKey
) -> None:
    client = login(border.investigator)
    answer = client.post(NEW, form(), follow=True)
    item = CounterpartRequest.objects.get()
    assert answer.redirect_chain[-1][0] == f"/crossborder/requests/{item.pk}/"
    page = answer.content.decode()
    assert (
        f"Request {item.reference} recorded. It waits in the outbox until the system of "
        "Thai Immigration Bureau fetches it."
    ) in page
    assert item.counterpart is not None and item.counterpart.code == "th-imm"
    queued = OutboundMessage.objects.get()
    assert queued.counterpart_request == item and queued.kind == "request"
    assert "Waiting in the outbox since" in page and "has not fetched it yet" in page

    first = fetch(Client(), thai, "fetch-1").json()["body"]["messages"]
    assert [m["body"]["reference"] for m in first] == [item.reference]
    page = client.get(f"/crossborder/requests/{item.pk}/").content.decode()
    assert "Fetched by the system of Thai Immigration Bureau on" in page
    assert "not acknowledged yet" in page

    fetch(Client(), thai, "fetch-2", ack=[first[0]["message_id"]])
    page = client.get(f"/crossborder/requests/{item.pk}/").content.decode()
    assert "and acknowledged on" in page and "not acknowledged yet" not in page
    client.cookies["django_language"] = "km"
    khmer = client.get(f"/crossborder/requests/{item.pk}/").content.decode()
    assert "Fetched by the system" not in khmer and "Thai Immigration Bureau" in khmer


def test_a_request_by_letter_only_says_nothing_of_an_outbox(border: Border) -> None:
    answer = login(border.investigator).post(NEW, form(send_to_system=""), follow=True)
    page = answer.content.decode()
    assert "recorded." in page and "outbox" not in page
    assert not OutboundMessage.objects.exists()
    assert CounterpartRequest.objects.get().counterpart is None


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"send_to_system": "th-old"}, "Select a valid choice"),  # inactive: not offered
        ({"send_to_system": "nobody"}, "Select a valid choice"),
        ({"country": "LA"}, "takes only requests whose country is Thailand"),
        ({"direction": "incoming"}, "Only a request or notice sent abroad"),
    ],
)
def test_the_page_refuses_a_system_that_cannot_take_the_request_and_keeps_the_input(
    border: Border, thai: Ed25519PrivateKey, change: dict[str, str], says: str
) -> None:
    answer = login(border.investigator).post(NEW, form(**change))
    assert answer.status_code == 200
    page = answer.content.decode()
    assert says in page
    assert "Freeze the account of the recruiter" in page  # nothing typed is lost
    assert not CounterpartRequest.objects.exists() and not OutboundMessage.objects.exists()


def test_an_inactive_system_is_refused_by_the_service_too(
    border: Border, thai: Ed25519PrivateKey
) -> None:
    """Unticked after the page was shown: the service, which page and API call, refuses it."""
    Counterpart.objects.filter(code="th-imm").update(active=False)
    with pytest.raises(services.SystemRefused, match="No active counterpart"):
        services.open_request(border.investigator, form())
    assert not CounterpartRequest.objects.exists()


def test_the_page_and_the_api_address_a_system_through_the_same_service(
    border: Border, thai: Ed25519PrivateKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Any] = []
    original = services.addressed_system

    def spy(code: str, data: dict[str, Any]) -> Counterpart | None:
        seen.append(code)
        return original(code, data)

    monkeypatch.setattr(services, "addressed_system", spy)
    client = login(border.investigator)
    assert client.post(NEW, form()).status_code == 302
    api = client.post("/api/v1/crossborder/requests/", form(), content_type="application/json")
    assert api.status_code == 201, api.content
    assert seen == ["th-imm", "th-imm"]
    assert OutboundMessage.objects.filter(counterpart__code="th-imm").count() == 2

    # The API refuses what the page refuses, with the same words, on the same field.
    for change, says in (
        ({"country": "LA"}, "takes only requests whose country is Thailand"),
        ({"direction": "incoming"}, "Only a request or notice sent abroad"),
        ({"send_to_system": "th-old"}, "No active counterpart is registered with this code."),
    ):
        refused = client.post(
            "/api/v1/crossborder/requests/", form(**change), content_type="application/json"
        )
        assert refused.status_code == 400
        assert says in str(refused.json()["send_to_system"])
    assert CounterpartRequest.objects.count() == 2
