"""A typed reference, such as ``OP-000012``, ``T-0000012`` or ``P-0000041``, read back to the id
of its record: one rule for every kind of record (pure: no Django imports).

The rule, wherever a user types a reference:

- spaces around it are ignored, and its letters may be in either case;
- the prefix may be followed by a hyphen or not, with spaces on either side of the hyphen
  (``OP-12``, ``op12``, ``OP 12``, ``OP - 12``);
- the prefix may be left out (``12``), unless a bare number means something else where it is
  typed (a phone or document number in a person search), where the caller requires it;
- after the prefix come digits only, in any script (Khmer ``១២`` as well as ``12``), leading
  zeros ignored;
- the number names a record: from 1 to the largest id a database column holds.

Anything else is not a reference: zero, a sign (``-12``), a second hyphen (``OP--12``), another
prefix (``SP-12`` is no ``S-`` number), letters or spaces among or after the digits.
"""

# The largest id a database column holds (64-bit); a larger number names no row.
MAX_ID = 2**63 - 1
_MAX_DIGITS = len(str(MAX_ID))


def parse_reference(text: str, prefix: str, *, prefix_required: bool = False) -> int | None:
    """The id that ``text`` names as a reference of the kind ``prefix`` (``"OP"`` for
    ``OP-000012``), or None when it names none; with ``prefix_required`` a bare number is none."""
    text = text.strip()
    if text[: len(prefix)].upper() == prefix.upper():
        text = text[len(prefix) :].lstrip().removeprefix("-").lstrip()
    elif prefix_required:
        return None
    digits = text.lstrip("0")
    if not text.isdecimal() or len(digits) > _MAX_DIGITS:
        return None
    number = int(digits or "0")
    return number if 0 < number <= MAX_ID else None
