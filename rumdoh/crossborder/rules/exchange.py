"""The exchange format counterparts' systems use (pure: no Django imports).

A message is a JSON envelope::

    {"format": "rumdoh-exchange/1", "sender": "TH-IMM", "message_id": "…",
     "sent_at": "2026-12-01T08:00:00+07:00", "kind": "deportation_notice",
     "body": {…}, "signature": "<base64 Ed25519 signature>"}

The signature covers the canonical form of every other field: JSON with sorted keys, no spaces,
UTF-8, without ``signature``. Each counterpart registers an Ed25519 public key; a message is
accepted only when the key registered for its sender verifies it, so the sender recorded is the
one who signed. Rumdoh signs what it sends with its own key the same way.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    PublicFormat,
    load_pem_public_key,
)

FORMAT = "rumdoh-exchange/1"
REQUIRED = ("format", "sender", "message_id", "sent_at", "kind", "body", "signature")
KINDS = frozenset(
    {
        "deportation_notice",  # a deportation list: body {"crossing", "date", "persons": [...]}
        "repatriation_notice",  # body {"reference", "person", "crossing", "date"}
        "identification",  # a victim identified abroad: body {"reference", "person", "decision"}
        "request",  # evidence/MLA/tracing request: body {"reference", "kind", "subject", "due"}
        "reply",  # reply to a request: body {"in_reply_to", "summary"}
    }
)


# What this system sends: a receipt for each message taken, the outbox a fetch answers with,
# and a refusal of a message or fetch it did not take (body {"reason", "detail", ...}).
REPLY_KINDS = frozenset({"receipt", "outbox", "refusal"})
# The longest message id kept (and echoed in a refusal); the longest counterpart code.
MESSAGE_ID_MAX = 100
SENDER_MAX = 40
# What a counterpart signs to fetch the messages addressed to it (body {"acknowledge": [ids]}).
FETCH_KINDS = frozenset({"fetch"})


class BadMessage(ValueError):
    """The envelope is malformed or its signature does not verify; ``code`` says which."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


def canonical(envelope: dict[str, Any]) -> bytes:
    unsigned = {key: value for key, value in envelope.items() if key != "signature"}
    return json.dumps(unsigned, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sign(envelope: dict[str, Any], key: Ed25519PrivateKey) -> dict[str, Any]:
    signed = {key_: value for key_, value in envelope.items() if key_ != "signature"}
    signed["signature"] = base64.b64encode(key.sign(canonical(signed))).decode()
    return signed


def public_pem(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode()


def load_public_key(pem: str) -> Ed25519PublicKey:
    try:
        key = load_pem_public_key(pem.encode())
    except ValueError as exc:
        raise BadMessage("bad_key", str(exc)) from exc
    if not isinstance(key, Ed25519PublicKey):
        raise BadMessage("bad_key", "not an Ed25519 public key")
    return key


def check_shape(envelope: object, kinds: frozenset[str] = KINDS) -> dict[str, Any]:
    if not isinstance(envelope, dict):
        raise BadMessage("not_an_object")
    missing = [name for name in REQUIRED if name not in envelope]
    if missing:
        raise BadMessage("missing_fields", ", ".join(missing))
    if envelope["format"] != FORMAT:
        raise BadMessage("unknown_format", str(envelope["format"]))
    if envelope["kind"] not in kinds:
        raise BadMessage("unknown_kind", str(envelope["kind"]))
    if not isinstance(envelope["body"], dict):
        raise BadMessage("body_not_an_object")
    for name in ("sender", "message_id", "sent_at", "signature"):
        if not isinstance(envelope[name], str) or not envelope[name]:
            raise BadMessage("bad_field", name)
    if len(envelope["message_id"]) > MESSAGE_ID_MAX:
        raise BadMessage("too_long", "message_id")
    return envelope


def readable(envelope: object, name: str, longest: int) -> str | None:
    """A field of a message that may be refused (``sender``, ``message_id``), as it came, when
    it is a non-empty string of at most ``longest`` characters; None otherwise. It is not
    verified: a refusal only echoes it."""
    if not isinstance(envelope, dict):
        return None
    value = envelope.get(name)
    if not isinstance(value, str) or not value or len(value) > longest:
        return None
    return value


def verify(envelope: dict[str, Any], key: Ed25519PublicKey) -> None:
    try:
        signature = base64.b64decode(envelope["signature"], validate=True)
        key.verify(signature, canonical(envelope))
    except (InvalidSignature, ValueError) as exc:
        raise BadMessage("bad_signature") from exc


def check_fresh(sent_at: str, now: datetime, window: timedelta) -> None:
    """A signed fetch is good only near the moment it was signed, so a copy cannot be replayed
    later; ``sent_at`` must carry its offset."""
    try:
        when = datetime.fromisoformat(sent_at)
    except ValueError as exc:
        raise BadMessage("bad_time", sent_at) from exc
    if when.tzinfo is None:
        raise BadMessage("bad_time", sent_at)
    if abs(now - when) > window:
        raise BadMessage("stale", sent_at)


def acknowledged(body: dict[str, Any]) -> list[str]:
    """The message ids a fetch acknowledges: a list of non-empty strings (at most 500)."""
    ids = body.get("acknowledge", [])
    if not isinstance(ids, list) or not all(isinstance(i, str) and i for i in ids):
        raise BadMessage("bad_field", "acknowledge")
    if len(ids) > 500:
        raise BadMessage("bad_field", "acknowledge")
    return ids
