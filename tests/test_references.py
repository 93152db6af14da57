"""The one rule by which a typed reference (``OP-000012``, ``T-0000012``, ``P-0000041``...) is
read back to the id of its record, whatever the kind."""

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rumdoh.core.rules.references import MAX_ID, parse_reference

# Every prefix the system writes, from the references of its records.
PREFIXES = [
    "A", "BR", "C", "CR", "DL", "IN", "IR", "J", "K", "LC", "N", "OP", "P", "R", "RP", "S", "SP",
    "T",
]  # fmt: skip
KHMER_DIGITS = "០១២៣៤៥៦៧៨៩"

ids = st.integers(min_value=1, max_value=MAX_ID)
spaces = st.text(alphabet=" \t\u00a0", max_size=2)


@given(ids, st.sampled_from(PREFIXES), st.integers(min_value=0, max_value=8))
def test_a_reference_as_the_system_writes_it_names_its_record(pk, prefix, width):
    assert parse_reference(f"{prefix}-{pk:0{width}d}", prefix) == pk


@given(
    ids,
    st.sampled_from(PREFIXES),
    st.sampled_from(["-", "", " ", " - ", "- ", " -"]),
    st.booleans(),
    st.text(alphabet="0", max_size=6),
    spaces,
    spaces,
)
def test_case_spaces_the_hyphen_and_leading_zeros_do_not_matter(
    pk, prefix, joint, lower, zeros, before, after
):
    typed = f"{before}{prefix.lower() if lower else prefix}{joint}{zeros}{pk}{after}"
    assert parse_reference(typed, prefix) == pk
    assert parse_reference(typed, prefix, prefix_required=True) == pk


@given(ids, st.sampled_from(PREFIXES), spaces, spaces)
def test_the_prefix_may_be_left_out_unless_it_is_required(pk, prefix, before, after):
    assert parse_reference(f"{before}{pk}{after}", prefix) == pk
    assert parse_reference(f"{before}{pk}{after}", prefix, prefix_required=True) is None


@given(ids, st.sampled_from(PREFIXES))
def test_digits_may_be_written_in_khmer(pk, prefix):
    khmer = str(pk).translate(str.maketrans(string.digits, KHMER_DIGITS))
    assert parse_reference(f"{prefix}-{khmer}", prefix) == pk
    assert parse_reference(khmer, prefix) == pk


@given(st.text(), st.sampled_from(PREFIXES), st.booleans())
def test_any_text_is_read_without_failing_and_names_an_id_or_nothing(text, prefix, required):
    pk = parse_reference(text, prefix, prefix_required=required)
    assert pk is None or 1 <= pk <= MAX_ID


@given(st.text(min_size=1), st.sampled_from(PREFIXES))
def test_a_letter_among_or_after_the_digits_makes_it_no_reference(text, prefix):
    """Whatever follows the digits, if it holds a letter, the whole is refused."""
    tail = text + "x"
    assert parse_reference(f"{prefix}-12{tail}", prefix) is None
    assert parse_reference(f"12{tail}", prefix) is None


@pytest.mark.parametrize(
    ("typed", "prefix", "expected"),
    [
        ("OP-000012", "OP", 12),
        ("op12", "OP", 12),
        ("Op - 12", "OP", 12),
        (" 000012 ", "OP", 12),
        ("T-0000012", "T", 12),
        ("t12", "T", 12),
        ("P-0000041", "P", 41),
        ("p 41", "P", 41),
        ("SP-000007", "SP", 7),
        ("LC-000003", "LC", 3),
        ("S-0000012", "S", 12),
        ("s12", "S", 12),
        ("OP-១២", "OP", 12),
        ("OP-١٢", "OP", 12),  # digits in any script Python reads as digits
        (f"P-{MAX_ID}", "P", MAX_ID),
        ("0" * 5000 + "12", "P", 12),
    ],
)
def test_references_as_users_type_them(typed, prefix, expected):
    assert parse_reference(typed, prefix) == expected


@pytest.mark.parametrize(
    ("typed", "prefix"),
    [
        ("", "OP"),
        ("   ", "OP"),
        ("OP", "OP"),
        ("OP-", "OP"),
        ("OP-new", "OP"),
        ("0", "OP"),
        ("OP-0", "OP"),
        ("OP-000000", "OP"),
        ("-12", "OP"),  # a sign, not a prefix
        ("+12", "OP"),
        ("OP--12", "OP"),
        ("OP-+12", "OP"),
        ("OP-12a", "OP"),
        ("OP-12-3", "OP"),
        ("OP-1 2", "OP"),
        ("OP-1_000", "OP"),
        ("OP-1.0", "OP"),
        ("OP-²", "OP"),  # a digit sign that is not a decimal digit
        ("T-12", "OP"),  # another kind's reference
        ("SP-12", "S"),
        ("S-12", "SP"),
        ("CR-12", "C"),
        ("J-000-12", "J"),
        (f"P-{MAX_ID + 1}", "P"),
        ("9" * 5000, "P"),
    ],
)
def test_anything_else_names_no_record(typed, prefix):
    assert parse_reference(typed, prefix) is None
