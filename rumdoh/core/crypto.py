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

    def seal(self, plaintext: str, context: bytes = b"") -> str:
        key = self.keys[0]
        nonce = os.urandom(12)
        body = AESGCM(key).encrypt(nonce, plaintext.encode("utf-8"), context)
        token = base64.urlsafe_b64encode(nonce + body).decode().rstrip("=")
        return f"{PREFIX}.{key_id(key)}.{token}"

    def open(self, sealed: str, context: bytes = b"") -> str:
        try:
            prefix, kid, token = sealed.split(".", 2)
        except ValueError as exc:
            raise DecryptionError("not a sealed value") from exc
        if prefix != PREFIX:
            raise DecryptionError("unknown sealing version")
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        for key in self.keys:
            if key_id(key) == kid:
                try:
                    return AESGCM(key).decrypt(raw[:12], raw[12:], context).decode("utf-8")
                except Exception as exc:
                    raise DecryptionError("sealed value failed authentication") from exc
        raise DecryptionError("no configured key matches this value")

    def seal_bytes(self, plaintext: bytes, context: bytes = b"") -> bytes:
        """Seal binary content (a scanned file) as ``v1.<key id>.`` then nonce and ciphertext,
        raw: base64 would make every file a third larger for nothing."""
        key = self.keys[0]
        nonce = os.urandom(12)
        body = AESGCM(key).encrypt(nonce, plaintext, context)
        return f"{PREFIX}.{key_id(key)}.".encode() + nonce + body

    def open_bytes(self, sealed: bytes, context: bytes = b"") -> bytes:
        head = len(PREFIX) + 10  # "v1." + 8 hex digits + "."
        prefix, kid = sealed[: len(PREFIX)], sealed[len(PREFIX) + 1 : head - 1]
        if prefix != PREFIX.encode() or sealed[head - 1 : head] != b".":
            raise DecryptionError("not sealed content")
        raw = sealed[head:]
        for key in self.keys:
            if key_id(key).encode() == kid:
                try:
                    return AESGCM(key).decrypt(raw[:12], raw[12:], context)
                except Exception as exc:
                    raise DecryptionError("sealed content failed authentication") from exc
        raise DecryptionError("no configured key matches this content")

    @staticmethod
    def is_sealed(value: str) -> bool:
        return value.startswith(PREFIX + ".") and value.count(".") >= 2


def blind_index(key: bytes, value: str, purpose: str) -> str:
    """A 128-bit keyed digest of ``value`` for equality search; ``purpose`` separates domains."""
    mac = hmac.new(key, f"{purpose}\x00{value}".encode(), hashlib.sha256)
    return mac.hexdigest()[:32]
