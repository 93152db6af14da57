"""Rumdoh's own signature: its public key published, every receipt and every message it sends a
counterpart signed, and the messages fetched by a signed request, each until acknowledged."""

from __future__ import annotations

import io
import json
import stat
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from rumdoh.accounts.models import AuditEvent
from rumdoh.crossborder import services
from rumdoh.crossborder.models import (
    Counterpart,
    CounterpartRequest,
    DeportationList,
    ExchangeMessage,
    OutboundMessage,
)
from rumdoh.crossborder.rules import exchange
from tests.conftest import login
from tests.crossborder.conftest import Border

MESSAGES = "/api/v1/crossborder/messages"
OUTBOX = "/api/v1/crossborder/outbox"


def register(border: Border, code: str, country: str = "TH") -> Ed25519PrivateKey:
    private = Ed25519PrivateKey.generate()
    Counterpart.objects.create(
        code=code, name=f"Counterpart {code}", country=country,
        public_key=exchange.public_pem(private), receiving_agency=border.police,
    )  # fmt: skip
    return private


@pytest.fixture
def thai(border: Border) -> Ed25519PrivateKey:
    return register(border, "th-imm")


def published_key(client: Client) -> Ed25519PublicKey:
    answer = client.get("/api/v1/crossborder/exchange-key")
    assert answer.status_code == 200
    data = answer.json()
    assert data["format"] == exchange.FORMAT and data["algorithm"] == "Ed25519"
    return exchange.load_public_key(data["public_key"])


def signed(
    key: Ed25519PrivateKey, kind: str, body: dict[str, Any], message_id: str, sender: str = "th-imm"
) -> dict[str, Any]:
    return exchange.sign(
        {"format": exchange.FORMAT, "sender": sender, "message_id": message_id,
         "sent_at": timezone.now().isoformat(), "kind": kind, "body": body},
        key,
    )  # fmt: skip


def post(client: Client, url: str, envelope: dict[str, Any]):  # type: ignore[no-untyped-def]
    return client.post(url, json.dumps(envelope, ensure_ascii=False), "application/json")


def refusal(answer, key: Ed25519PublicKey, status: int = 400) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The body of a refusal answered with ``status`` and signed with the published key."""
    assert answer.status_code == status, answer.content
    envelope = answer.json()
    exchange.verify(envelope, key)  # raises if it does not verify
    assert envelope["kind"] == "refusal" and envelope["sender"] == "kh-rumdoh"
    assert envelope["format"] == exchange.FORMAT
    return dict(envelope["body"])


def fetch(  # type: ignore[no-untyped-def]
    client: Client,
    key: Ed25519PrivateKey,
    message_id: str,
    ack: list[str] | None = None,
    sender: str = "th-imm",
):
    body = {"acknowledge": ack or []}
    return post(client, OUTBOX, signed(key, "fetch", body, message_id, sender=sender))


def test_the_public_key_is_published_and_verifies_every_receipt(
    border: Border, thai: Ed25519PrivateKey
) -> None:
    client = Client()
    key = published_key(client)
    request = signed(thai, "request", {"subject": "Bank records of a recruiter"}, "req-1")
    sent = post(client, MESSAGES, request)
    assert sent.status_code == 201
    receipt = sent.json()
    exchange.verify(receipt, key)  # raises if it does not verify
    assert receipt["sender"] == "kh-rumdoh" and receipt["kind"] == "receipt"
    assert receipt["body"]["in_reply_to"] == "req-1"
    assert receipt["body"]["recipient"] == "th-imm"
    assert receipt["body"]["outcome"].startswith("CR-")
    again = post(client, MESSAGES, request).json()  # a retry: the same outcome, signed anew
    exchange.verify(again, key)
    assert again["body"]["outcome"] == receipt["body"]["outcome"]
    tampered = {**receipt, "body": {**receipt["body"], "outcome": "CR-0000999"}}
    with pytest.raises(exchange.BadMessage):
        exchange.verify(tampered, key)


def test_without_its_key_the_system_refuses_before_acting(
    border: Border, thai: Ed25519PrivateKey, settings, tmp_path: Path
) -> None:
    settings.RUMDOH_EXCHANGE_KEY_FILE = tmp_path / "missing.pem"
    sent = post(Client(), MESSAGES, signed(thai, "request", {"subject": "x"}, "req-9"))
    assert sent.status_code == 400 and "crossborder_signing_key" in sent.json()["detail"]
    assert not CounterpartRequest.objects.exists()


def test_replies_requests_and_notices_are_fetched_signed_until_acknowledged(
    border: Border, thai: Ed25519PrivateKey
) -> None:
    client = Client()
    key = published_key(client)
    # A request the counterpart sent us, answered here.
    post(client, MESSAGES, signed(thai, "request", {"subject": "Who is Dara Sok?",
                                                    "reference": "TH-77"}, "req-1"))  # fmt: skip
    incoming = CounterpartRequest.objects.get()
    services.record_reply(
        border.investigator, incoming.pk, replied_on=timezone.localdate(),
        reply="Known to us; case file follows.", version=incoming.version,
    )  # fmt: skip
    # A request and a repatriation notice we send to its system, through the API.
    api = login(border.investigator)
    for kind, subject in (("mla", "Freeze the account"), ("repatriation_notice", "Bopha Ouk")):
        made = api.post(
            "/api/v1/crossborder/requests/",
            {"direction": "outgoing", "kind": kind, "send_to_system": "th-imm",
             "counterpart_name": "Royal Thai Police", "country": "TH", "subject": subject,
             "sent_on": "2026-12-01"},
            content_type="application/json",
        )  # fmt: skip
        assert made.status_code == 201, made.content
    unknown = api.post(
        "/api/v1/crossborder/requests/",
        {"direction": "outgoing", "kind": "mla", "send_to_system": "nobody",
         "counterpart_name": "X", "country": "TH", "subject": "x", "sent_on": "2026-12-01"},
        content_type="application/json",
    )  # fmt: skip
    assert unknown.status_code == 400 and "send_to_system" in unknown.json()

    first = fetch(client, thai, "fetch-1")
    assert first.status_code == 200
    outbox = first.json()
    exchange.verify(outbox, key)
    assert outbox["kind"] == "outbox" and outbox["body"]["in_reply_to"] == "fetch-1"
    delivered = outbox["body"]["messages"]
    for message in delivered:
        exchange.verify(message, key)
        assert message["sender"] == "kh-rumdoh" and message["format"] == exchange.FORMAT
    assert [m["kind"] for m in delivered] == ["reply", "request", "repatriation_notice"]
    assert delivered[0]["body"]["in_reply_to"] == "TH-77"
    assert delivered[0]["body"]["summary"] == "Known to us; case file follows."
    assert delivered[1]["body"]["kind"] == "mla" and delivered[1]["body"]["subject"]

    # Not acknowledged: delivered again, the same messages signed the same way.
    second = fetch(client, thai, "fetch-2", ack=[delivered[0]["message_id"]]).json()
    exchange.verify(second, key)
    assert second["body"]["acknowledged"] == [delivered[0]["message_id"]]
    assert second["body"]["messages"] == delivered[1:]
    third = fetch(client, thai, "fetch-3", ack=[m["message_id"] for m in delivered]).json()
    assert third["body"]["messages"] == []
    assert sorted(third["body"]["acknowledged"]) == sorted(m["message_id"] for m in delivered[1:])
    assert fetch(client, thai, "fetch-4").json()["body"]["messages"] == []
    assert not OutboundMessage.objects.filter(acknowledged_at__isnull=True).exists()
    assert AuditEvent.objects.filter(action="crossborder.messages_fetched").count() == 4


def test_a_counterpart_fetches_only_what_is_addressed_to_it(
    border: Border, thai: Ed25519PrivateKey
) -> None:
    lao = register(border, "la-police", country="LA")
    services.queue_message(Counterpart.objects.get(code="th-imm"), "request", {"subject": "x"})
    client = Client()
    assert fetch(client, lao, "lao-1", sender="la-police").json()["body"]["messages"] == []
    assert len(fetch(client, thai, "th-1").json()["body"]["messages"]) == 1


def test_a_tampered_replayed_stale_or_unknown_fetch_is_refused(
    border: Border, thai: Ed25519PrivateKey
) -> None:
    services.queue_message(Counterpart.objects.get(code="th-imm"), "request", {"subject": "x"})
    client = Client()
    key = published_key(client)
    good = signed(thai, "fetch", {"acknowledge": []}, "fetch-1")
    tampered = {**good, "body": {"acknowledge": ["anything"]}}
    said = refusal(post(client, OUTBOX, tampered), key)
    assert said["reason"] == "bad_signature" and "signature" in said["detail"]
    assert said["in_reply_to"] == "fetch-1" and said["recipient"] == "th-imm"
    assert post(client, OUTBOX, good).status_code == 200
    said = refusal(post(client, OUTBOX, good), key)
    assert said["reason"] == "replayed" and "already answered" in said["detail"]
    assert said["in_reply_to"] == "fetch-1"

    old = exchange.sign(
        {**good, "message_id": "fetch-2",
         "sent_at": (timezone.now() - timedelta(minutes=10)).isoformat()},
        thai,
    )  # fmt: skip
    said = refusal(post(client, OUTBOX, old), key)
    assert said["reason"] == "stale" and "too long ago" in said["detail"]
    naive = exchange.sign({**good, "message_id": "fetch-3", "sent_at": "2026-12-01T08:00:00"}, thai)
    assert refusal(post(client, OUTBOX, naive), key)["reason"] == "bad_time"
    stranger = Ed25519PrivateKey.generate()
    said = refusal(post(client, OUTBOX, signed(stranger, "fetch", {}, "fetch-4")), key)
    assert said["reason"] == "bad_signature" and "signature" in said["detail"]
    unknown = post(client, OUTBOX, signed(stranger, "fetch", {}, "fetch-5", sender="nobody"))
    said = refusal(unknown, key)
    assert said["reason"] == "unknown_sender" and "not a registered" in said["detail"]
    assert said["recipient"] == "nobody" and said["in_reply_to"] == "fetch-5"
    notice = post(client, OUTBOX, signed(thai, "request", {"subject": "x"}, "fetch-6"))
    assert refusal(notice, key)["reason"] == "unknown_kind"  # only a fetch is taken here
    Counterpart.objects.filter(code="th-imm").update(active=False)
    assert refusal(fetch(client, thai, "fetch-7"), key)["reason"] == "unknown_sender"
    # Only the one good fetch was answered.
    assert OutboundMessage.objects.get().delivered_at is not None


def test_the_command_makes_a_private_key_file_once(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "rumdoh.pem"
    out = io.StringIO()
    call_command("crossborder_signing_key", path=str(path), stdout=out)
    assert "BEGIN PUBLIC KEY" in out.getvalue() and "PRIVATE" not in out.getvalue()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    before = path.read_bytes()
    again = io.StringIO()
    call_command("crossborder_signing_key", path=str(path), stdout=again)
    assert "kept" in again.getvalue() and path.read_bytes() == before
    assert out.getvalue().split("\n", 1)[1] == again.getvalue().split("\n", 1)[1]


def test_no_signing_key_is_kept_in_the_repository() -> None:
    from django.conf import settings

    root = Path(settings.BASE_DIR)
    for path in [*root.glob("rumdoh/**/*.pem"), *root.glob("rumdoh/**/*.key")]:
        pytest.fail(f"a key file in the repository: {path}")
    for path in root.glob("rumdoh/**/*.py"):
        assert "BEGIN PRIVATE KEY" not in path.read_text(encoding="utf-8"), path


def test_the_worked_example_in_the_docs_runs_as_a_partner_would_run_it(
    border: Border, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The partner's example in docs/crossborder.md, run against this system: its request is
    recorded, a reply recorded here reaches it signed, and it acknowledges it; once it is no
    longer registered, it verifies Rumdoh's signed refusal and raises with the reason."""
    import re
    import sys
    import types

    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
    )
    from django.conf import settings

    docs = (Path(settings.BASE_DIR) / "docs" / "crossborder.md").read_text(encoding="utf-8")
    example = next(
        block for block in re.findall(r"```python\n(.*?)```", docs, re.S) if "# 3. Fetch" in block
    )
    partner = Ed25519PrivateKey.generate()
    (tmp_path / "my-key.pem").write_bytes(
        partner.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    )
    Counterpart.objects.create(
        code="TH-SAKAEO-IMM", name="Sa Kaeo Immigration", country="TH",
        public_key=exchange.public_pem(partner), receiving_agency=border.police,
    )  # fmt: skip
    client = Client()
    prefix = "https://rumdoh.example"

    statuses: list[int] = []

    def answer_of(response):  # type: ignore[no-untyped-def]
        statuses.append(response.status_code)
        return response

    shim = types.SimpleNamespace(
        get=lambda url: answer_of(client.get(url.removeprefix(prefix))),
        post=lambda url, json: answer_of(
            post(client, url.removeprefix(prefix), json)  # the envelope as the partner sent it
        ),
    )
    monkeypatch.setitem(sys.modules, "requests", shim)
    monkeypatch.chdir(tmp_path)

    exec(compile(example, "docs/crossborder.md", "exec"), {})  # noqa: S102 - our own docs
    incoming = CounterpartRequest.objects.get(counterpart__code="TH-SAKAEO-IMM")
    assert incoming.their_reference == "TH-77"
    services.record_reply(
        border.investigator, incoming.pk, replied_on=timezone.localdate(),
        reply="Records attached.", version=incoming.version,
    )  # fmt: skip
    # The example's own request goes under a new id each run; the reply now waits for it.
    exec(compile(example, "docs/crossborder.md", "exec"), {})  # noqa: S102
    reply = OutboundMessage.objects.get(kind="reply")
    assert reply.delivered_at is not None and reply.acknowledged_at is not None
    assert set(statuses) == {200, 201}

    Counterpart.objects.filter(code="TH-SAKAEO-IMM").update(active=False)
    with pytest.raises(Exception) as refused:  # the example defines its own Refused
        exec(compile(example, "docs/crossborder.md", "exec"), {})  # noqa: S102
    assert type(refused.value).__name__ == "Refused"
    assert refused.value.args[0] == "unknown_sender" and statuses[-1] == 400


def test_every_refusal_of_a_message_is_signed_and_says_why(
    border: Border, thai: Ed25519PrivateKey
) -> None:
    client = Client()
    key = published_key(client)
    notice = {"crossing": "poipet", "date": "2026-12-07", "persons": [{"Name": "Dara", "Sex": "M"}]}

    not_json = client.post(MESSAGES, "{not json", "application/json")
    said = refusal(not_json, key)
    assert said == {
        "recipient": None,
        "in_reply_to": None,
        "reason": "not_json",
        "detail": "The message is not valid JSON.",
    }
    assert refusal(client.post(MESSAGES, "hello", "text/plain"), key, 415)["reason"] == "not_json"
    assert refusal(post(client, MESSAGES, ["a", "list"]), key)["reason"] == "not_an_object"  # type: ignore[arg-type]

    partial = {"format": exchange.FORMAT, "sender": "th-imm", "message_id": "m-1"}
    said = refusal(post(client, MESSAGES, partial), key)
    assert said["reason"] == "missing_fields" and "signature" in said["detail"]
    assert said["in_reply_to"] == "m-1" and said["recipient"] == "th-imm"

    long_id = signed(thai, "deportation_notice", notice, "x" * 101)
    said = refusal(post(client, MESSAGES, long_id), key)
    assert said["reason"] == "too_long" and said["in_reply_to"] is None
    wrong_format = exchange.sign({**signed(thai, "request", {}, "m-2"), "format": "other/2"}, thai)
    assert refusal(post(client, MESSAGES, wrong_format), key)["reason"] == "unknown_format"
    forged = signed(Ed25519PrivateKey.generate(), "deportation_notice", notice, "m-3")
    said = refusal(post(client, MESSAGES, forged), key)
    assert said["reason"] == "bad_signature" and said["in_reply_to"] == "m-3"
    stranger = signed(thai, "deportation_notice", notice, "m-4", sender="th-nobody")
    said = refusal(post(client, MESSAGES, stranger), key)
    assert said["reason"] == "unknown_sender" and said["recipient"] == "th-nobody"

    # Signed and known, but wrong for its kind: refused, nothing recorded, said so signed.
    nowhere = signed(thai, "deportation_notice", {**notice, "crossing": "nowhere"}, "m-5")
    assert refusal(post(client, MESSAGES, nowhere), key)["reason"] == "unknown_crossing"
    bad_row = {**notice, "persons": [{"Name": "Dara", "Sex": "X"}]}
    said = refusal(post(client, MESSAGES, signed(thai, "deportation_notice", bad_row, "m-6")), key)
    assert said["reason"] == "rows_in_error" and "Row 2" in said["detail"]
    assert said["in_reply_to"] == "m-6"
    unknown_request = signed(thai, "reply", {"in_reply_to": "CR-99999", "summary": "x"}, "m-7")
    assert refusal(post(client, MESSAGES, unknown_request), key)["reason"] == "unknown_request"
    nothing = signed(thai, "request", {"kind": "evidence"}, "m-8")
    assert refusal(post(client, MESSAGES, nothing), key)["reason"] == "nothing_asked"
    assert not ExchangeMessage.objects.exists() and not DeportationList.objects.exists()

    # Refused, a message may be sent again under its id once corrected.
    fixed = signed(thai, "deportation_notice", notice, "m-6")
    assert post(client, MESSAGES, fixed).status_code == 201

    # A refusal altered on the way no longer verifies.
    answer = post(client, MESSAGES, forged).json()
    altered = {**answer, "body": {**answer["body"], "reason": "replayed"}}
    with pytest.raises(exchange.BadMessage):
        exchange.verify(altered, key)


def test_without_its_key_the_system_refuses_plainly_as_before(
    border: Border, thai: Ed25519PrivateKey, settings, tmp_path: Path
) -> None:
    settings.RUMDOH_EXCHANGE_KEY_FILE = tmp_path / "missing.pem"
    client = Client()
    forged = signed(Ed25519PrivateKey.generate(), "fetch", {"acknowledge": []}, "fetch-1")
    answer = post(client, OUTBOX, forged)
    assert answer.status_code == 400
    assert list(answer.json()) == ["detail"] and "signature" in answer.json()["detail"]
    not_json = client.post(OUTBOX, "{", "application/json")
    assert not_json.status_code == 400 and list(not_json.json()) == ["detail"]
    sent = post(client, MESSAGES, signed(thai, "request", {"subject": "x"}, "req-1"))
    assert sent.status_code == 400 and list(sent.json()) == ["detail"]
