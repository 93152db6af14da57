"""A field export no reader can take is refused as unreadable, never a server error."""

from __future__ import annotations

from rumdoh.screening.rules.submissions import Problem, read_entries


def test_a_json_export_nested_deeper_than_the_stack_is_unreadable_not_a_crash() -> None:
    deep = ("[" * 200_000 + "]" * 200_000).encode()
    assert read_entries(deep) == (None, [], Problem.UNREADABLE)
    nested = '{"value": [' + '{"a": ' * 5000 + "1" + "}" * 5000 + "]}"
    assert read_entries(nested.encode()) == (None, [], Problem.UNREADABLE)
