"""Reading exports back (pure rules): the shapes of ODK Central and Kobo, field by field."""

import json

import pytest

from rumdoh.screening.rules import submissions as subs
from rumdoh.screening.rules import xlsform as xf
from rumdoh.screening.rules.questions import DETAILED, SHORT

LISTS = xf.code_lists(
    [xf.Choice("female", "Female", "ស្រី"), xf.Choice("male", "Male", "ប្រុស")],
    [xf.Choice("raid", "Raid or rescue", "ការវាយឆ្មក់"), xf.Choice("other", "Other", "ផ្សេងៗ")],
)


def fields(kind="short", answer="no", **overrides):
    values = {
        "form_kind": kind,
        "catalogue_version": "2026.1",
        "context": "raid",
        "province": "18",
        "family_name": "Chan",
        "given_name": "Dara",
        "sex": "male",
        "age": "30",
        "nationality": "KH",
    }
    values.update({xf.field_name(q): answer for q in (SHORT if kind == "short" else DETAILED)})
    values.update(overrides)
    return values


def central_csv(*entries):
    names = list(entries[0])
    lines = [",".join(["SubmissionDate", *names, "meta-instanceID", "KEY"])]
    for n, entry in enumerate(entries):
        lines.append(
            ",".join(["2026-03-02T05:02:10.482Z", *entry.values(), f"uuid:id-{n}", f"uuid:id-{n}"])
        )
    return "\n".join(lines).encode()


def test_central_csv_without_group_names_is_read():
    parsed = subs.parse(central_csv(fields(), fields(answer="yes")), LISTS)
    assert parsed.source == subs.Source.CENTRAL_CSV
    assert parsed.ok, parsed.errors
    first, second = parsed.submissions
    assert (first.instance_id, second.instance_id) == ("id-0", "id-1")
    assert set(second.observations.values()) == {"yes"}
    assert first.submitted_at.isoformat() == "2026-03-02T05:02:10.482000+00:00"


def test_kobo_json_results_with_slashed_paths_and_no_uuid_prefix():
    entry = {f"indicators/x/{k}" if k.startswith("q_") else k: v for k, v in fields().items()}
    entry |= {"_uuid": "abc", "_submission_time": "2026-03-02T05:02:10"}
    parsed = subs.parse(json.dumps({"count": 1, "results": [entry]}).encode(), LISTS)
    assert parsed.source == subs.Source.KOBO_JSON
    assert parsed.ok, parsed.errors
    assert parsed.submissions[0].instance_id == "abc"
    assert parsed.submissions[0].submitted_at.tzinfo is not None


def test_kobo_csv_with_semicolons_and_quoted_values():
    entry = fields(location="Block B; floor 3")
    header = ";".join(f'"{k}"' for k in [*entry, "_uuid"])
    row = ";".join(f'"{v}"' for v in [*entry.values(), "u-1"])
    parsed = subs.parse(f"{header}\n{row}\n".encode(), LISTS)
    assert parsed.source == subs.Source.KOBO_CSV
    assert parsed.submissions[0].location == "Block B; floor 3"


def test_the_detailed_form_is_told_apart_by_its_questions_when_form_kind_is_missing():
    entry = fields("detailed")
    del entry["form_kind"]
    parsed = subs.parse(central_csv(entry), LISTS)
    assert parsed.submissions[0].form_kind == "detailed"


def test_every_problem_of_a_submission_is_reported_not_only_the_first():
    entry = fields(sex="x", nationality="", age="-3", q_recruited="")
    parsed = subs.parse(central_csv(entry), LISTS)
    found = {(e.field, e.problem) for e in parsed.errors}
    assert found == {
        ("sex", subs.Problem.INVALID_CHOICE),
        ("nationality", subs.Problem.REQUIRED),
        ("age", subs.Problem.INVALID_AGE),
        ("q_recruited", subs.Problem.REQUIRED),
    }
    assert parsed.submissions == ()
    assert all(e.position == 1 and e.instance_id == "id-0" for e in parsed.errors)


def test_names_longer_than_the_limit_are_refused():
    parsed = subs.parse(central_csv(fields(family_name="x" * 101)), LISTS)
    assert [(e.field, e.problem, e.limit) for e in parsed.errors] == [
        ("family_name", subs.Problem.TOO_LONG, 100)
    ]


def test_too_many_submissions_are_refused_as_a_whole():
    parsed = subs.parse(central_csv(fields(), fields()), LISTS, subs.Limits(submissions=1))
    assert [(e.position, e.problem, e.value, e.limit) for e in parsed.errors] == [
        (0, subs.Problem.TOO_MANY, "2", 1)
    ]
    assert parsed.submissions == ()


@pytest.mark.parametrize("path", ["a-b-c", "a/b/c", "c"])
def test_a_field_is_named_by_the_last_segment_of_its_path(path):
    assert subs.last_segment(path) == "c"


def test_a_screening_started_after_the_latest_moment_is_refused_and_before_is_read():
    from datetime import UTC, datetime

    latest = datetime(2026, 12, 7, 12, tzinfo=UTC)
    limits = subs.Limits(latest=latest)
    ahead = subs.parse(central_csv(fields(start="2030-01-01T09:00+07:00")), LISTS, limits)
    assert [(e.field, e.problem) for e in ahead.errors] == [("start", subs.Problem.FUTURE_DATE)]
    past = subs.parse(central_csv(fields(start="2026-12-07T18:00+07:00")), LISTS, limits)
    assert past.ok and past.submissions[0].screened_at == datetime(2026, 12, 7, 11, tzinfo=UTC)


def test_a_screening_started_before_the_first_day_is_refused_on_its_own_clock():
    from datetime import date

    limits = subs.Limits(earliest=date(2008, 1, 1))
    for start in ("0001-01-01T00:00+07:00", "2007-12-31T23:59+07:00"):
        early = subs.parse(central_csv(fields(start=start)), LISTS, limits)
        assert [(e.field, e.problem) for e in early.errors] == [("start", subs.Problem.EARLY_DATE)]
    # The first day on the tablet's clock, though still 2007 in UTC, is read.
    first = subs.parse(central_csv(fields(start="2008-01-01T01:00+07:00")), LISTS, limits)
    assert first.ok, first.errors


def test_a_second_copy_is_said_even_when_the_first_has_problems():
    lines = central_csv(fields(sex="x"), fields()).decode().split("\n")
    lines[2] = lines[2].replace("uuid:id-1", "uuid:id-0")  # the same instance ID twice
    parsed = subs.parse("\n".join(lines).encode(), LISTS)
    found = {(e.position, e.field, e.problem) for e in parsed.errors}
    assert found == {
        (1, "sex", subs.Problem.INVALID_CHOICE),
        (2, "instanceID", subs.Problem.DUPLICATE),
    }
