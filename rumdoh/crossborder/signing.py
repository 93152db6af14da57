"""This system's own Ed25519 key: it signs every receipt and every message it sends to a
counterpart in the ``rumdoh-exchange/1`` envelope, and its public key is published at
``/api/v1/crossborder/exchange-key``.

The private key lives in the file named by ``RUMDOH_EXCHANGE_KEY_FILE`` (outside git), made once
by ``manage.py crossborder_signing_key``.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from rumdoh.core.errors import Refused
from rumdoh.crossborder.rules import exchange


def key_path() -> Path:
    return Path(settings.RUMDOH_EXCHANGE_KEY_FILE)


def sender() -> str:
    return str(settings.RUMDOH_EXCHANGE_SENDER)


def generate(path: Path | None = None) -> Ed25519PrivateKey:
    """Make a new key in ``path`` (readable by its owner only); an existing key is never
    overwritten: counterparts hold its public half."""
    path = path or key_path()
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)
    return key


def signing_key() -> Ed25519PrivateKey:
    try:
        key = load_pem_private_key(key_path().read_bytes(), password=None)
    except (OSError, ValueError) as exc:
        raise Refused(
            _("This system has no exchange signing key: run manage.py crossborder_signing_key.")
        ) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise Refused(_("The exchange signing key is not an Ed25519 key."))
    return key


def public_key_pem() -> str:
    return exchange.public_pem(signing_key())


def envelope(
    kind: str,
    body: dict[str, Any],
    message_id: str = "",
    key: Ed25519PrivateKey | None = None,
) -> dict[str, Any]:
    """A ``rumdoh-exchange/1`` envelope from this system, signed with its key."""
    unsigned = {
        "format": exchange.FORMAT,
        "sender": sender(),
        "message_id": message_id or str(uuid.uuid4()),
        "sent_at": timezone.now().isoformat(timespec="seconds"),
        "kind": kind,
        "body": body,
    }
    return exchange.sign(unsigned, key if key is not None else signing_key())


def refusal(reason: str, detail: str, received: object) -> dict[str, Any] | None:
    """A signed ``refusal`` of a counterpart's message or fetch: why (``reason``, a code; and
    ``detail``, in words), in reply to its message id and addressed to its sender when they
    could be read from what came (null otherwise; echoed, not verified). None when this system
    has no key: the refusal is then answered unsigned."""
    try:
        key = signing_key()
    except Refused:
        return None
    body = {
        "recipient": exchange.readable(received, "sender", exchange.SENDER_MAX),
        "in_reply_to": exchange.readable(received, "message_id", exchange.MESSAGE_ID_MAX),
        "reason": reason,
        "detail": detail,
    }
    return envelope("refusal", body, key=key)
