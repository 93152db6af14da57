"""The person number users see and type, such as ``P-0000041``: written and read in one place."""

from rumdoh.core.rules.references import parse_reference


def person_number(pk: int) -> str:
    return f"P-{pk:07d}"


def parse_person_number(text: str, *, prefix_required: bool = False) -> int | None:
    """``P-0000041``, ``p41`` or ``41`` to 41; None when it is not a person number (the rule of
    every reference, ``rumdoh.core.rules.references``)."""
    return parse_reference(text, "P", prefix_required=prefix_required)
