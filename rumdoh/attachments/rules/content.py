"""What a file is, judged by its first bytes, never by its name (pure: no Django imports).

A scanned form, an identity-document scan or a photograph arrives as PDF, JPEG, PNG or WebP.
The browser's content type and the file name are whatever the sender's device made up, so both
are ignored: the content type stored and served is the one the first bytes prove. Anything else
(an HTML page renamed ``.pdf``, an office document, a program) is refused whole, never altered.
"""

from __future__ import annotations

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"

ALLOWED = (PDF, JPEG, PNG, WEBP)

EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png", WEBP: "webp"}

# How many leading bytes ``sniff`` needs to decide.
HEAD = 16


def sniff(head: bytes) -> str | None:
    """The content type the first bytes of a file prove, or None if none allowed."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    return None
