"""A sum of money as people write it (pure).

A clerk types a fine of one million riel as "1,000,000", "1 000 000", "1.000.000 ៛" or in Khmer
digits, "១,០០០,០០០": ``plain_amount`` gives the digits of such a sum, its currency mark and its
thousands separators gone. Only separators between groups of three digits, one separator for the
whole sum, are read so: "1,5" or "1.50" stays as typed, and is refused as no whole number, rather
than read as fifteen or a hundred and fifty.
"""

import re

# A currency mark before or after the sum: the riel sign, "riel", "KHR", "$", "USD".
_MARK = re.compile(r"^(?:៛|\$)?\s*(?P<sum>.*?)\s*(?:៛|riel|khr|\$|usd)?$", re.IGNORECASE)
# Groups of three digits after the first one to three, one separator throughout.
_GROUPED = re.compile(r"\d{1,3}(?P<sep>[,. \u00a0\u202f\u2009])\d{3}(?:(?P=sep)\d{3})*")


def plain_amount(text: str) -> str:
    """``text`` with its currency mark and thousands separators taken out, when it is a whole
    sum so written; otherwise ``text`` as it was (stripped), for the field to refuse."""
    text = text.strip()
    found = _MARK.fullmatch(text)
    written = found.group("sum") if found else text
    if _GROUPED.fullmatch(written):
        return re.sub(r"\D", "", written)
    return written if written.isdecimal() else text
