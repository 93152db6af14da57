"""The pure rules of cross-border work: reading lists, repatriation stages, deadlines, signing."""

from datetime import date

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from rumdoh.crossborder.rules import deadlines, exchange
from rumdoh.crossborder.rules.deportee_lists import read_rows, split_full_name
from rumdoh.crossborder.rules.stages import Direction, Refusal, Stage, next_stages, refuse_move

LIST_DATE = date(2026, 11, 30)


def test_a_thai_list_with_thai_headers_and_a_buddhist_era_date_is_read() -> None:
    headers = ["ลำดับ", "ชื่อ", "นามสกุล", "เพศ", "วันเกิด", "หนังสือเดินทาง", "สัญชาติ"]
    rows = [
        {"ชื่อ": "Srey Mom", "นามสกุล": "Chan", "เพศ": "หญิง", "วันเกิด": "12/03/2542",
         "หนังสือเดินทาง": "n 0123456", "สัญชาติ": "กัมพูชา"},
        {"ชื่อ": "สมชาย", "นามสกุล": "ใจดี", "เพศ": "ชาย", "วันเกิด": "", "สัญชาติ": "เขมร"},
    ]  # fmt: skip
    read = read_rows(headers, rows, list_date=LIST_DATE)
    assert read.ok, read.errors
    first, second = read.rows
    assert (first.given_name, first.family_name, first.sex) == ("Srey Mom", "Chan", "female")
    assert first.birth_date == date(1999, 3, 12) and first.birth_year == 1999
    assert first.document_number == "N0123456" and first.nationality == "KH"
    assert second.script == "thai" and second.sex == "male" and second.birth_year is None
    assert read.unknown_columns == [], "the row number is known, and not read"


def test_a_full_name_column_with_titles_and_an_age_gives_an_estimated_year() -> None:
    read = read_rows(
        ["Full name", "Sex", "Age"],
        [{"Full name": "Mrs. Bopha Ouk", "Sex": "F", "Age": "24"}],
        list_date=LIST_DATE,
    )
    row = read.rows[0]
    assert (row.given_name, row.family_name) == ("Bopha", "Ouk")
    assert row.birth_year == 2002 and row.birth_year_estimated
    assert split_full_name("นางสาว สุดา") == ("สุดา", "")


def test_every_bad_cell_is_reported_by_row_and_column_and_no_row_is_taken() -> None:
    read = read_rows(
        ["Name", "Surname", "Sex", "Date of birth", "Age", "Nationality"],
        [
            {"Name": "Dara", "Surname": "Sok", "Sex": "F"},
            {"Name": "", "Surname": "", "Sex": "X"},
            {"Name": "Vuthy", "Date of birth": "31/31/1990", "Nationality": "Atlantis"},
            {"Name": "Nary", "Age": "old"},
        ],
        list_date=LIST_DATE,
    )
    assert not read.ok
    found = {(e.row, e.column, e.code) for e in read.errors}
    assert found == {
        (3, "name", "empty_name"),
        (3, "sex", "bad_sex"),
        (4, "birth_date", "bad_date"),
        (4, "nationality", "bad_nationality"),
        (5, "age", "bad_age"),
    }


def test_a_date_of_birth_after_the_list_or_before_1900_and_a_bad_age_beside_a_date_are_said():
    read = read_rows(
        ["Name", "Sex", "Date of birth", "Age"],
        [
            {"Name": "Future", "Sex": "F", "Date of birth": "2030-01-01", "Age": "45"},
            {"Name": "Old", "Sex": "M", "Date of birth": "1850-01-01"},
            {"Name": "Nary", "Sex": "F", "Date of birth": "2000-01-01", "Age": "200"},
            {"Name": "Dara", "Sex": "F", "Date of birth": "15/06/2000", "Age": "26"},
        ],
        list_date=LIST_DATE,
    )
    assert {(e.row, e.column, e.code) for e in read.errors} == {
        (2, "birth_date", "bad_birth_date"),
        (3, "birth_date", "bad_birth_date"),
        (4, "age", "bad_age"),
    }


def test_a_list_without_a_name_column_or_without_anyone_is_refused() -> None:
    assert read_rows(["Sex"], [{"Sex": "F"}], list_date=LIST_DATE).errors[0].code == (
        "no_name_column"
    )
    assert read_rows(["Name"], [{"Name": " "}], list_date=LIST_DATE).errors[0].code == "empty_list"


def test_repatriation_moves_one_stage_at_a_time_and_home_needs_a_safe_assessment() -> None:
    assert next_stages(Direction.HOME, Stage.REQUESTED) == [Stage.DOCUMENTS, Stage.CANCELLED]
    assert next_stages(Direction.ABROAD, Stage.TRAVEL_ARRANGED) == [
        Stage.DEPARTED,
        Stage.CANCELLED,
    ]
    assert next_stages(Direction.HOME, Stage.CLOSED) == []

    def move(stage: Stage, target: Stage, **kw: object) -> Refusal | None:
        args = {"child": False, "assessment": None, "custody_transferred": False, **kw}
        return refuse_move(Direction.HOME, stage, target, **args)  # type: ignore[arg-type]

    assert move(Stage.REQUESTED, Stage.RECEIVED) == Refusal.NOT_NEXT
    assert move(Stage.RECEIVED, Stage.FAMILY_ASSESSED) == Refusal.NEEDS_ASSESSMENT
    assert move(Stage.RECEIVED, Stage.FAMILY_ASSESSED, assessment="unsafe") is None
    assert move(Stage.FAMILY_ASSESSED, Stage.RETURNED, assessment="unsafe") == (
        Refusal.UNSAFE_FAMILY
    )
    assert move(Stage.FAMILY_ASSESSED, Stage.RETURNED, assessment="safe", child=True) == (
        Refusal.NEEDS_CUSTODY_TRANSFER
    )
    assert (
        move(
            Stage.FAMILY_ASSESSED,
            Stage.RETURNED,
            assessment="safe",
            child=True,
            custody_transferred=True,
        )
        is None
    )
    assert move(Stage.CANCELLED, Stage.CLOSED) == Refusal.FINISHED


def test_a_request_is_due_by_its_kind_and_reminded_every_fortnight_after() -> None:
    sent = date(2026, 1, 1)
    due = deadlines.default_due(deadlines.Kind.EVIDENCE, sent)
    assert due == date(2026, 1, 31)
    assert deadlines.default_due(deadlines.Kind.MLA, sent) == date(2026, 4, 1)
    assert not deadlines.reminder_due(due, None, False, due)
    assert deadlines.reminder_due(due, None, False, date(2026, 2, 1))
    assert not deadlines.reminder_due(due, date(2026, 2, 1), False, date(2026, 2, 14))
    assert deadlines.reminder_due(due, date(2026, 2, 1), False, date(2026, 2, 15))
    assert not deadlines.reminder_due(due, None, True, date(2026, 3, 1))
    assert deadlines.is_overdue(due, False, date(2026, 2, 1))
    assert deadlines.days_late(due, date(2026, 2, 5)) == 5


def _envelope() -> dict[str, object]:
    return {
        "format": exchange.FORMAT,
        "sender": "TH-IMM-SAKAEO",
        "message_id": "m-1",
        "sent_at": "2026-12-01T08:00:00+07:00",
        "kind": "deportation_notice",
        "body": {"crossing": "poipet", "persons": [{"name": "ศรีมม จันทร์"}]},
    }


def test_a_signed_message_verifies_and_any_change_breaks_it() -> None:
    key = Ed25519PrivateKey.generate()
    signed = exchange.sign(_envelope(), key)
    public = exchange.load_public_key(exchange.public_pem(key))
    exchange.verify(exchange.check_shape(signed), public)
    tampered = {**signed, "body": {"crossing": "bavet", "persons": []}}
    with pytest.raises(exchange.BadMessage) as caught:
        exchange.verify(tampered, public)
    assert caught.value.code == "bad_signature"
    other = exchange.load_public_key(exchange.public_pem(Ed25519PrivateKey.generate()))
    with pytest.raises(exchange.BadMessage):
        exchange.verify(signed, other)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"format": "other/9"}, "unknown_format"),
        ({"kind": "gossip"}, "unknown_kind"),
        ({"body": []}, "body_not_an_object"),
        ({"sender": ""}, "bad_field"),
    ],
)
def test_a_malformed_envelope_says_what_is_wrong(change: dict[str, object], code: str) -> None:
    envelope = {**_envelope(), "signature": "x", **change}
    with pytest.raises(exchange.BadMessage) as caught:
        exchange.check_shape(envelope)
    assert caught.value.code == code
    with pytest.raises(exchange.BadMessage) as missing:
        exchange.check_shape({"format": exchange.FORMAT})
    assert missing.value.code == "missing_fields"


def test_a_passport_listed_twice_is_said_with_the_row_that_holds_it_first() -> None:
    read = read_rows(
        ["Name", "Sex", "Passport No."],
        [
            {"Name": "Dara", "Sex": "F", "Passport No.": "p 111"},
            {"Name": "Nary", "Sex": "F", "Passport No.": "N222"},
            {"Name": "Dara", "Sex": "F", "Passport No.": "P111"},
        ],
        list_date=LIST_DATE,
    )
    assert [(e.row, e.column, e.code, e.value, e.limit) for e in read.errors] == [
        (4, "document_number", "repeated_document", "P111", 2)
    ]


INVISIBLE = "\u200b\u2060\ufeff\u00ad\u202e"  # zero-width space, word joiner, BOM, soft hyphen, RLO


def test_a_name_of_characters_that_show_nothing_is_empty_and_a_name_is_kept_clean() -> None:
    read = read_rows(
        ["Name", "Surname", "Full name", "Sex"],
        [
            {"Name": INVISIBLE, "Surname": f" {INVISIBLE} ", "Sex": "F"},
            {"Name": "\u3164", "Sex": "M"},
            {"Full name": f"Mr. {INVISIBLE}", "Sex": "M"},
        ],
        list_date=LIST_DATE,
    )
    assert [(e.row, e.column, e.code) for e in read.errors] == [
        (2, "name", "empty_name"),
        (3, "name", "empty_name"),
        (4, "name", "empty_name"),
    ]
    read = read_rows(
        ["Name", "Surname", "Full name", "Sex"],
        [
            {"Name": f"Srey\u200b Mom{INVISIBLE}", "Surname": "\u2066Ch\u00adan\u2069", "Sex": "F"},
            {"Full name": f"นาย \u200bสม\u200bชาย {INVISIBLE}ใจดี", "Sex": "M"},
            {"Name": "S" * 100 + "\u200b" * 5, "Sex": "M"},
        ],
        list_date=LIST_DATE,
    )
    assert read.ok, read.errors
    assert [(r.given_name, r.family_name) for r in read.rows] == [
        ("Srey Mom", "Chan"),
        ("สมชาย", "ใจดี"),
        ("S" * 100, ""),
    ]
