"""The person number users see and type, such as ``P-0000041``: written and read in one place."""


def person_number(pk: int) -> str:
    return f"P-{pk:07d}"


def parse_person_number(text: str) -> int | None:
    """``P-0000041``, ``p41`` or ``41`` to 41; None when it is not a person number."""
    text = text.strip().upper().removeprefix("P").lstrip("-").strip()
    return int(text) if text.isdigit() and int(text) > 0 else None
