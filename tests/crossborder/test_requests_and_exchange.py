"""Requests to counterparts with their deadlines and reminders, identifications made abroad
recognised, and signed messages from a counterpart's system."""

from __future__ import annotations

from datetime import date

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from rumdoh.core.errors import NotAllowed, Refused
from rumdoh.crossborder import services
from rumdoh.crossborder.models import (
    Counterpart,
    CounterpartRequest,
    DeportationList,
    ExchangeMessage,
)
from rumdoh.crossborder.rules import exchange
from rumdoh.notices.models import Notification
from rumdoh.protection.models import ProtectionCase
from tests.conftest import make_person
from tests.crossborder.conftest import Border

SENT = date(2026, 10, 1)


def evidence_request(border: Border, **more: object) -> CounterpartRequest:
    return services.open_request(
        border.investigator,
        {
            "direction": "outgoing",
            "kind": "evidence",
            "counterpart_name": "Royal Thai Police, Anti-Trafficking Division",
            "country": "TH",
            "subject": "Bank records of the broker's account",
            "sent_on": SENT,
            **more,
        },
    )


def test_a_request_is_due_by_its_kind_and_late_ones_are_reminded_every_fortnight(
    border: Border,
) -> None:
    item = evidence_request(border)
    assert item.due_on == date(2026, 10, 31)
    assert services.send_reminders(date(2026, 10, 31)) == 0
    assert services.send_reminders(date(2026, 11, 1)) == 1
    assert services.send_reminders(date(2026, 11, 10)) == 0
    assert services.send_reminders(date(2026, 11, 15)) == 1
    item.refresh_from_db()
    assert item.reminders == 2
    assert Notification.objects.filter(recipient=border.investigator).count() == 2
    services.record_reply(
        border.investigator, item.pk, replied_on=date(2026, 11, 20), reply="Records sent", version=1
    )
    assert services.send_reminders(date(2026, 12, 20)) == 0


def test_requests_belong_to_the_agency_and_roles_that_make_them(border: Border) -> None:
    item = evidence_request(border)
    assert list(services.requests_for(border.investigator)) == [item]
    assert not services.requests_for(border.worker).exists()
    with pytest.raises(NotAllowed):
        services.requests_for(border.screener)
    with pytest.raises(Refused):
        evidence_request(border, due_on=date(2026, 9, 1))


def test_an_identification_made_abroad_is_recognised_and_opens_services(border: Border) -> None:
    person = make_person(border.identifier)
    recognition = services.recognise_identification(
        border.identifier,
        person,
        {
            "country": "TH",
            "authority": "Ministry of Social Development and Human Security, Thailand",
            "decided_on": date(2026, 11, 2),
            "decision_reference": "MSDHS 77/2569",
            "exploitation_types": ["forced_labour"],
        },
    )
    assert recognition.identification.basis == "foreign_identification"
    assert "MSDHS 77/2569" in recognition.identification.foreign_authority
    assert recognition.protection_case == ProtectionCase.objects.get(person=person)
    with pytest.raises(Refused, match="already"):
        services.recognise_identification(
            border.identifier,
            person,
            {
                "country": "TH",
                "authority": "MSDHS",
                "decided_on": date(2026, 11, 2),
                "decision_reference": "MSDHS 77/2569",
                "exploitation_types": ["forced_labour"],
            },
        )
    with pytest.raises(NotAllowed):
        services.recognise_identification(border.screener, person, {"country": "TH"})


@pytest.fixture
def key(border: Border) -> Ed25519PrivateKey:
    private = Ed25519PrivateKey.generate()
    Counterpart.objects.create(
        code="th-imm-sakaeo",
        name="Sa Kaeo Immigration Checkpoint",
        country="TH",
        public_key=exchange.public_pem(private),
        receiving_agency=border.centre,
    )
    return private


def envelope(kind: str, body: dict[str, object], message_id: str = "m-1") -> dict[str, object]:
    return {
        "format": exchange.FORMAT,
        "sender": "th-imm-sakaeo",
        "message_id": message_id,
        "sent_at": "2026-12-01T08:00:00+07:00",
        "kind": kind,
        "body": body,
    }


def test_a_signed_deportation_notice_becomes_a_list_once(
    border: Border, key: Ed25519PrivateKey
) -> None:
    body = {
        "crossing": "poipet",
        "date": "2026-12-02",
        "persons": [
            {"name": "Srey Mom", "surname": "Chan", "sex": "F", "age": "24"},
            {"full name": "นาย สมชาย ใจดี", "sex": "ชาย", "passport": "N8888"},
        ],
    }
    signed = exchange.sign(envelope("deportation_notice", body), key)
    message = services.receive_message(signed)
    made = DeportationList.objects.get()
    assert message.outcome == made.reference and made.counterpart.code == "th-imm-sakaeo"
    assert made.deportees.count() == 2 and made.agency == border.centre
    assert Notification.objects.filter(recipient=border.screener).count() == 1
    assert services.receive_message(signed) == message
    assert DeportationList.objects.count() == 1


def test_a_message_with_a_wrong_signature_or_sender_is_refused_and_kept_nowhere(
    border: Border, key: Ed25519PrivateKey
) -> None:
    forged = exchange.sign(
        envelope("deportation_notice", {"crossing": "poipet", "date": "2026-12-02", "persons": []}),
        Ed25519PrivateKey.generate(),
    )
    with pytest.raises(Refused, match="signature"):
        services.receive_message(forged)
    stranger = exchange.sign({**envelope("reply", {}), "sender": "nobody"}, key)
    with pytest.raises(Refused, match="registered counterpart"):
        services.receive_message(stranger)
    assert not ExchangeMessage.objects.exists()


def test_a_counterparts_request_and_its_reply_to_ours_are_recorded(
    border: Border, key: Ed25519PrivateKey
) -> None:
    services.receive_message(
        exchange.sign(
            envelope(
                "request",
                {"kind": "tracing", "reference": "TH-77", "subject": "Trace the family of S.C.",
                 "date": "2026-11-01"},
            ),
            key,
        )
    )  # fmt: skip
    incoming = CounterpartRequest.objects.get(direction="incoming")
    assert incoming.their_reference == "TH-77" and incoming.due_on == date(2026, 11, 22)
    ours = evidence_request(border)
    services.receive_message(
        exchange.sign(
            envelope("reply", {"in_reply_to": ours.reference, "summary": "Attached"}, "m-2"), key
        )
    )
    ours.refresh_from_db()
    assert ours.replied_on is not None and ours.reply == "Attached"


def test_a_reply_names_our_request_as_a_person_types_it_but_never_by_a_bare_number(
    border: Border, key: Ed25519PrivateKey
) -> None:
    ours = evidence_request(border)

    def reply(in_reply_to: str, message_id: str) -> None:
        body = {"in_reply_to": in_reply_to, "summary": "Attached"}
        services.receive_message(exchange.sign(envelope("reply", body, message_id), key))

    for message_id, typed in enumerate((str(ours.pk), f"CR--{ours.pk}", "CR-²", "CR-0")):
        with pytest.raises(Refused, match=r"\(CR-…\)"):
            reply(typed, f"m-{message_id}")
    ours.refresh_from_db()
    assert ours.replied_on is None
    reply(f"cr {ours.pk}", "m-9")
    ours.refresh_from_db()
    assert ours.reply == "Attached"
