"""The pure rules: reading a roster row by row, and the check before a deportation."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rumdoh.core.places import LANGUAGES, NATIONALITIES
from rumdoh.operations.rules import roster
from rumdoh.operations.rules.closing import Blocker, Refusal, closing_refusal
from rumdoh.operations.rules.gate import Facts, Gate, gate, overridable


def read(table: list[list[object]]) -> roster.Reading:
    return roster.read_roster(
        table, nationalities=NATIONALITIES, languages=LANGUAGES, this_year=2026
    )


def test_columns_are_found_by_any_of_their_names_and_values_by_code_or_name() -> None:
    reading = read(
        [
            ["Surname", "First Name", "Country", "Passport Number", "Languages", "Gender", "Born"],
            ["Li", "Na", "Chinese", "E 123456", "Chinese", "F", 1999.0],
            ["Tran", "", "vn", "", "vi", "", ""],
        ]
    )
    assert reading.ok and reading.unknown_columns == []
    first, second = reading.rows
    assert (first.nationality, first.language, first.sex, first.birth_year) == (
        "CN",
        "zh",
        "female",
        1999,
    )
    assert (second.nationality, second.sex, second.birth_year) == ("VN", "unknown", None)


def test_every_problem_is_named_by_row_and_column_and_blank_rows_are_skipped() -> None:
    reading = read(
        [
            ["Family name", "Nationality", "Age", "Passport", "Status"],
            ["Wang", "CN", "30", "E100", ""],
            ["", "", "", "", ""],
            ["", "XX", "-3", "E100", "gone"],
            ["Le", "CN", "31", "E100", ""],
        ]
    )
    assert [(e.row, e.column, e.problem) for e in reading.errors] == [
        (4, "family_name", roster.NO_NAME),
        (4, "age", roster.BAD_AGE),
        (4, "status", roster.UNKNOWN_STATUS),
        (5, "document_number", roster.DUPLICATE_DOCUMENT),
    ]


def test_a_roster_without_a_nationality_column_is_refused_at_the_header() -> None:
    reading = read([["Family name"], ["Wang"]])
    assert [(e.row, e.column, e.problem) for e in reading.errors] == [
        (1, "nationality", roster.MISSING)
    ]


@given(st.lists(st.lists(st.text(max_size=12), max_size=8), max_size=12))
def test_any_table_is_read_without_failing(table: list[list[str]]) -> None:
    reading = read([["Family name", "Nationality", "Age", "Sex"], *table])
    assert all(error.row >= 2 for error in reading.errors)


def test_the_check_before_a_deportation() -> None:
    assert gate(Facts(False, None, None)) is Gate.NOT_SCREENED
    assert gate(Facts(True, "not-indicated", None)) is Gate.OPEN
    assert gate(Facts(True, "trafficking-indicated", None)) is Gate.AWAITING_IDENTIFICATION
    assert gate(Facts(True, "further-assessment", None)) is Gate.AWAITING_IDENTIFICATION
    assert gate(Facts(True, "forced-labour-indicated", "not_victim")) is Gate.OPEN
    assert gate(Facts(True, "trafficking-indicated", "suspected_victim")) is Gate.SUSPECTED_VICTIM
    assert gate(Facts(True, "not-indicated", "suspected_victim")) is Gate.SUSPECTED_VICTIM
    assert gate(Facts(True, "not-indicated", None, deported=True)) is Gate.ALREADY_DEPORTED


def test_a_released_person_is_not_deported_and_no_supervisor_overrides_that() -> None:
    screened = Facts(screened=True, latest_determination="not-indicated", identification=None)
    assert gate(screened) is Gate.OPEN
    released = Facts(**{**screened.__dict__, "released": True})
    assert gate(released) is Gate.RELEASED
    assert (
        gate(Facts(screened=False, latest_determination=None, identification=None, released=True))
        is Gate.RELEASED
    )
    assert gate(Facts(**{**released.__dict__, "deported": True})) is Gate.ALREADY_DEPORTED
    assert not overridable(Gate.RELEASED) and not overridable(Gate.ALREADY_DEPORTED)
    assert not overridable(Gate.OPEN)
    assert overridable(Gate.NOT_SCREENED) and overridable(Gate.AWAITING_IDENTIFICATION)
    assert overridable(Gate.SUSPECTED_VICTIM)


def test_closing_waits_for_everyone_held_to_be_screened_then_identified() -> None:
    assert closing_refusal([]) is None
    assert closing_refusal([Gate.OPEN, Gate.SUSPECTED_VICTIM, Gate.RELEASED]) is None
    assert closing_refusal([Gate.ALREADY_DEPORTED, Gate.OPEN]) is None
    waiting = [Gate.AWAITING_IDENTIFICATION, Gate.NOT_SCREENED, Gate.OPEN, Gate.NOT_SCREENED]
    assert closing_refusal(waiting) == Refusal(Blocker.NOT_SCREENED, 2)
    assert closing_refusal([Gate.AWAITING_IDENTIFICATION, Gate.OPEN]) == Refusal(
        Blocker.AWAITING_IDENTIFICATION, 1
    )


@given(st.lists(st.sampled_from(list(Gate))))
def test_closing_is_refused_exactly_when_someone_would_be_lost(states: list[Gate]) -> None:
    refusal = closing_refusal(states)
    lost = [s for s in states if s in (Gate.NOT_SCREENED, Gate.AWAITING_IDENTIFICATION)]
    assert (refusal is None) == (not lost)
    if refusal is not None:
        assert refusal.count == states.count(Gate(refusal.blocker.value))


def test_a_nationality_may_be_given_as_the_country_or_the_passport_s_three_letter_code() -> None:
    # Immigration lists name the country ("Vietnam") or copy the passport's code ("CHN").
    reading = read(
        [
            ["Family name", "Country"],
            ["Tran", "Vietnam"],
            ["Li", "CHN"],
            ["Somchai", "thailand"],
            ["Aung", "Burma"],
            ["Santos", "Philippines"],
            ["Kim", "Republic of Korea"],
        ]
    )
    assert reading.ok, reading.errors
    assert [row.nationality for row in reading.rows] == ["VN", "CN", "TH", "MM", "PH", "KR"]


def test_a_duplicate_passport_is_reported_even_when_either_row_has_another_problem() -> None:
    reading = read(
        [
            ["Family name", "Nationality", "Passport", "Sex"],
            ["Wang", "CN", "E100", "robot"],
            ["Li", "CN", "E 100", ""],
            ["Chen", "CN", "E200", ""],
            ["Zhao", "CN", "E200", "robot"],
        ]
    )
    assert [(e.row, e.column, e.problem) for e in reading.errors] == [
        (2, "sex", roster.UNKNOWN_SEX),
        (3, "document_number", roster.DUPLICATE_DOCUMENT),
        (5, "sex", roster.UNKNOWN_SEX),
        (5, "document_number", roster.DUPLICATE_DOCUMENT),
    ]
