"""Encryption of personal data at rest and keyed blind indexes (pure: no Django imports).

Values are sealed with AES-256-GCM. A sealed value is ``v1.<key id>.<base64url(nonce|ciphertext)>``
so keys can be rotated: the first key seals, every listed key opens. Blind indexes are truncated
HMAC-SHA256 digests that let the database match equal values without holding them in clear.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "v1"


class DecryptionError(ValueError):
    """A sealed value could not be opened with any configured key."""


def decode_key(text: str) -> bytes:
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if len(raw) != 32:
        raise ValueError("an encryption key must be 32 bytes, base64url-encoded")
    return raw


def new_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")


def derive_key(secret: str, purpose: str) -> bytes:
    """A development key derived from a secret; production supplies real keys."""
    return hashlib.sha256(f"rumdoh:{purpose}:{secret}".encode()).digest()


def key_id(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:8]


@dataclass(frozen=True)
class Sealer:
    keys: tuple[bytes, ...]

    def __post_init__(self) -> None:
        if not self.keys:
            raise ValueError("at least one key is needed")

    def _encrypt(self, plaintext: bytes, context: bytes) -> tuple[str, bytes]:
        """The first key's id, and the nonce followed by the ciphertext under it."""
        key = self.keys[0]
        nonce = os.urandom(12)
        return key_id(key), nonce + AESGCM(key).encrypt(nonce, plaintext, context)

    def _decrypt(self, kid: str, raw: bytes, context: bytes, what: str) -> bytes:
        """Open ``raw`` (nonce, then ciphertext) with the listed key of id ``kid``."""
        for key in self.keys:
            if key_id(key) == kid:
                try:
                    return AESGCM(key).decrypt(raw[:12], raw[12:], context)
                except Exception as exc:
                    raise DecryptionError(f"{what} failed authentication") from exc
        raise DecryptionError(f"no configured key matches this {what}")

    def seal(self, plaintext: str, context: bytes = b"") -> str:
        kid, raw = self._encrypt(plaintext.encode("utf-8"), context)
        token = base64.urlsafe_b64encode(raw).decode().rstrip("=")
        return f"{PREFIX}.{kid}.{token}"

    def open(self, sealed: str, context: bytes = b"") -> str:
        try:
            prefix, kid, token = sealed.split(".", 2)
        except ValueError as exc:
            raise DecryptionError("not a sealed value") from exc
        if prefix != PREFIX:
            raise DecryptionError("unknown sealing version")
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        return self._decrypt(kid, raw, context, "sealed value").decode("utf-8")

    def seal_bytes(self, plaintext: bytes, context: bytes = b"") -> bytes:
        """Seal binary content (a scanned file) as ``v1.<key id>.`` then nonce and ciphertext,
        raw: base64 would make every file a third larger for nothing."""
        kid, raw = self._encrypt(plaintext, context)
        return f"{PREFIX}.{kid}.".encode() + raw

    def open_bytes(self, sealed: bytes, context: bytes = b"") -> bytes:
        head = len(PREFIX) + 10  # "v1." + 8 hex digits + "."
        prefix, kid = sealed[: len(PREFIX)], sealed[len(PREFIX) + 1 : head - 1]
        if prefix != PREFIX.encode() or sealed[head - 1 : head] != b".":
            raise DecryptionError("not sealed content")
        kid_text = kid.decode("ascii", errors="replace")
        return self._decrypt(kid_text, sealed[head:], context, "sealed content")

    @staticmethod
    def is_sealed(value: str) -> bool:
        return value.startswith(PREFIX + ".") and value.count(".") >= 2


def blind_index(key: bytes, value: str, purpose: str) -> str:
    """A 128-bit keyed digest of ``value`` for equality search; ``purpose`` separates domains."""
    mac = hmac.new(key, f"{purpose}\x00{value}".encode(), hashlib.sha256)
    return mac.hexdigest()[:32]
