"""The content decides a file's type; sealed content opens only with the project's keys."""

import pytest

from rumdoh.attachments.rules import content
from rumdoh.core.rules.crypto import DecryptionError, Sealer, decode_key, new_key
from tests.attachments.helpers import HTML_AS_PDF, JPEG, PDF, PNG, WEBP


@pytest.mark.parametrize(
    ("data", "expected"),
    [(PDF, content.PDF), (JPEG, content.JPEG), (PNG, content.PNG), (WEBP, content.WEBP)],
)
def test_allowed_files_are_known_by_their_first_bytes(data, expected):
    assert content.sniff(data[: content.HEAD]) == expected


@pytest.mark.parametrize(
    "data",
    [
        HTML_AS_PDF,
        b"PK\x03\x04 a .docx or .zip",
        b"MZ\x90\x00 a Windows program",
        b"GIF89a",
        b"RIFF\x24\x00\x00\x00WAVEfmt ",
        b" %PDF-1.4 with a space before",
        b"",
    ],
)
def test_anything_else_is_not_recognised_whatever_its_name(data):
    assert content.sniff(data[: content.HEAD]) is None


def _sealer(*keys: str) -> Sealer:
    return Sealer(tuple(decode_key(k) for k in keys))


def test_sealed_bytes_open_to_the_same_bytes_and_hide_them():
    sealer = _sealer(new_key())
    sealed = sealer.seal_bytes(PDF, b"ctx")
    assert b"SOKHA" not in sealed
    assert sealer.open_bytes(sealed, b"ctx") == PDF


def test_sealed_bytes_open_after_a_key_rotation_and_new_ones_use_the_new_key():
    old, new = new_key(), new_key()
    sealed_before = _sealer(old).seal_bytes(PNG)
    rotated = _sealer(new, old)
    assert rotated.open_bytes(sealed_before) == PNG
    sealed_after = rotated.seal_bytes(PNG)
    with pytest.raises(DecryptionError):
        _sealer(old).open_bytes(sealed_after)
    assert _sealer(new).open_bytes(sealed_after) == PNG


def test_sealed_bytes_do_not_open_with_another_context_or_when_changed():
    sealer = _sealer(new_key())
    sealed = sealer.seal_bytes(PDF, b"one")
    with pytest.raises(DecryptionError):
        sealer.open_bytes(sealed, b"two")
    tampered = sealed[:-1] + bytes([sealed[-1] ^ 1])
    with pytest.raises(DecryptionError):
        sealer.open_bytes(tampered, b"one")
    with pytest.raises(DecryptionError):
        sealer.open_bytes(b"not sealed at all")
