"""What a username may hold (pure): Latin letters, digits and . @ + - _ only.

Django lets a username hold any letter, so "police" written with a Greek omicron for its "o" is
another account than "police" while it reads the same on the users page, in the audit trail and
on the sign-in form: an administrator could make one to pass for a colleague.
"""

import re

_PLAIN = re.compile(r"[A-Za-z0-9_.@+-]+")


def is_plain(username: str) -> bool:
    """Whether ``username`` holds only Latin letters, digits and . @ + - _ (and something)."""
    return _PLAIN.fullmatch(username) is not None
