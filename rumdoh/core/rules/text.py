"""Characters a name keeps (pure: no Django imports).

``core.limits`` gives these to forms, serializers and services; the pure rules that read names
from a file (a roster, a deportation list) use them from here.
"""

from __future__ import annotations

import unicodedata

# Characters that reorder the text around them: embeddings, overrides and isolates
# (U+202A-U+202E, U+2066-U+2069) and the direction marks. None belongs in a name.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_NO_BIDI = dict.fromkeys(map(ord, BIDI_CONTROLS), None)


def strip_bidi(text: str) -> str:
    """``text`` without the control characters that could reorder the page around it."""
    return text.translate(_NO_BIDI) if text else text


# Letters that show nothing: the Hangul fillers and the blank braille pattern.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def strip_format(text: str) -> str:
    """``text`` without the characters that show nothing of their own: every format character
    (Unicode category Cf: the direction controls of ``strip_bidi``, zero-width spaces and
    joiners, word joiners, byte-order marks, soft hyphens) and the blank letters. A name keeps
    none of them: they would hide or disguise it, and the search ignores them already
    (``people.rules.names.khmer_token``)."""
    if not text:
        return text
    return "".join(
        ch for ch in text if unicodedata.category(ch) != "Cf" and ch not in _BLANK_LETTERS
    )


def clean_name(text: str) -> str:
    """A name (or an alias) as it is kept: without ``strip_format``'s characters, nor spaces
    around it. A name of nothing else is no name (empty)."""
    return strip_format(text).strip()
