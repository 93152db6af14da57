"""Submissions of the field forms, read back from an ODK Central or KoboToolbox export.

Pure: no Django imports. Four shapes are read:

* ODK Central CSV — group-prefixed columns joined by ``-`` (``indicators-journey-recruited``),
  ``SubmissionDate`` first, ``meta-instanceID`` and ``KEY`` near the end;
* ODK Central JSON — the OData feed: ``{"value": [...]}`` with groups as nested objects,
  ``__id`` and ``__system.submissionDate``;
* Kobo CSV — group paths joined by ``/`` (``indicators/journey/recruited``), ``_uuid``,
  ``_submission_time``, ``__version__``; ``,`` or ``;`` between values;
* Kobo JSON — a list of flat objects with ``/`` paths, or ``{"results": [...]}`` from the API.

A field maps back by the last segment of its path (field names have no ``-`` or ``/``). Choice
values are the XML values; exports made with labels in English or Khmer are read too. Every
problem is reported with the submission (row or entry number and instance ID) and the field as
the file names it; nothing is half-read.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from rumdoh.screening.rules import xlsform as xf
from rumdoh.screening.rules.catalogue import CATALOGUE_VERSION
from rumdoh.screening.rules.decision import MAX_AGE
from rumdoh.screening.rules.questions import FormKind, observations_from, questions_for


class Source(StrEnum):
    CENTRAL_CSV = "odk-central-csv"
    CENTRAL_JSON = "odk-central-json"
    KOBO_CSV = "kobo-csv"
    KOBO_JSON = "kobo-json"


class Problem(StrEnum):
    UNREADABLE = "unreadable"  # not UTF-8 CSV or JSON
    NOT_AN_EXPORT = "not-an-export"  # readable, but not shaped as ODK Central or Kobo exports
    EMPTY = "empty"
    TOO_MANY = "too-many"
    TOO_LARGE = "too-large"
    NO_INSTANCE_ID = "no-instance-id"
    DUPLICATE = "duplicate"  # the same instance ID twice in one file
    UNKNOWN_FORM = "unknown-form"
    OTHER_CATALOGUE = "other-catalogue"
    REQUIRED = "required"
    INVALID_CHOICE = "invalid-choice"
    INVALID_AGE = "invalid-age"
    INVALID_DATE = "invalid-date"
    FUTURE_DATE = "future-date"  # after the import's latest moment: a tablet's clock, or a typo
    EARLY_DATE = "early-date"  # a day before the import's first day: a tablet's clock reset
    TOO_LONG = "too-long"


@dataclass(frozen=True)
class Limits:
    name: int = 100
    place: int = 200
    submissions: int = 5_000
    # The latest moment a submission may bear (the import's now, with a margin for tablets'
    # clocks); None reads any.
    latest: datetime | None = None
    # The first day a submission may bear, on its own clock (a tablet whose clock was reset
    # says 1970 or year 1); None reads any.
    earliest: date | None = None
    # The first year a person may be born in: an age that puts the birth before it (127 typed
    # for 27) is refused, as the person could not be recorded; None reads any age.
    first_birth_year: int | None = None


@dataclass(frozen=True)
class Error:
    """One problem: which submission (``position`` 0 for the whole file), which field, what."""

    position: int
    instance_id: str
    field: str
    problem: Problem
    value: str = ""
    limit: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "instance_id": self.instance_id,
            "field": self.field,
            "problem": self.problem.value,
            "value": self.value,
            "limit": self.limit,
        }


@dataclass(frozen=True)
class Submission:
    position: int
    instance_id: str
    form_kind: str
    answers: dict[str, str]
    context: str
    province: str
    sex: str
    nationality: str
    location: str = ""
    family_name: str = ""
    given_name: str = ""
    name_km: str = ""
    age: int | None = None
    age_estimated: bool = False
    screened_at: datetime | None = None
    submitted_at: datetime | None = None

    @property
    def observations(self) -> dict[str, str]:
        return observations_from(questions_for(self.form_kind), self.answers)


@dataclass(frozen=True)
class Parsed:
    source: Source | None
    submissions: tuple[Submission, ...] = ()
    errors: tuple[Error, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.errors


def strip_uuid(value: str) -> str:
    value = value.strip()
    return value[5:] if value.lower().startswith("uuid:") else value


def last_segment(path: str) -> str:
    return path.replace("/", "-").rsplit("-", 1)[-1]


# --- reading the file into (position, {field: (path, value)}) ------------------------------------

Entry = dict[str, tuple[str, Any]]


def _entry(pairs: Iterable[tuple[str, Any]]) -> Entry:
    """Fields by last segment; the first path that names a field wins."""
    entry: Entry = {}
    for path, value in pairs:
        entry.setdefault(last_segment(path), (path, value))
    return entry


def _flatten(obj: Mapping[str, Any], prefix: str = "") -> Iterable[tuple[str, Any]]:
    for key, value in obj.items():
        path = f"{prefix}/{key}" if prefix else str(key)
        if isinstance(value, Mapping):
            yield from _flatten(value, path)
        else:
            yield path, value


def _decode(data: bytes) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _csv_rows(text: str) -> tuple[set[str], list[dict[str, str]]]:
    """The header and the rows; ``,`` or ``;`` between values, whichever the header uses more."""
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = [{k: v for k, v in row.items() if k is not None} for row in reader]
    return set(reader.fieldnames or ()), rows


def _json_entries(doc: Any) -> tuple[Source | None, list[Any]]:
    if isinstance(doc, Mapping) and isinstance(doc.get("value"), list):
        return Source.CENTRAL_JSON, doc["value"]
    if isinstance(doc, Mapping) and isinstance(doc.get("results"), list):
        return Source.KOBO_JSON, doc["results"]
    if isinstance(doc, list):
        return Source.KOBO_JSON, doc
    return None, []


CENTRAL_MARKS = {"SubmissionDate", "KEY", "meta-instanceID"}
KOBO_MARKS = {"_uuid", "_submission_time", "_id"}


def read_entries(data: bytes) -> tuple[Source | None, list[Entry], Problem | None]:
    text = _decode(data)
    if text is None:
        return None, [], Problem.UNREADABLE
    stripped = text.lstrip()
    if stripped[:1] in ("{", "["):
        # A document nested deeper than Python's stack (no export is: groups nest a few
        # levels) cannot be read, nor flattened: it is refused as unreadable, not a crash.
        try:
            doc = json.loads(stripped)
        except (ValueError, RecursionError):
            return None, [], Problem.UNREADABLE
        source, items = _json_entries(doc)
        if source is None or not all(isinstance(i, Mapping) for i in items):
            return None, [], Problem.NOT_AN_EXPORT
        try:
            return source, [_entry(_flatten(i)) for i in items], None
        except RecursionError:
            return None, [], Problem.UNREADABLE
    try:
        header, rows = _csv_rows(text)
    except csv.Error:
        return None, [], Problem.UNREADABLE
    if header & CENTRAL_MARKS:
        return Source.CENTRAL_CSV, [_entry(r.items()) for r in rows], None
    if header & KOBO_MARKS:
        return Source.KOBO_CSV, [_entry(r.items()) for r in rows], None
    return None, [], Problem.NOT_AN_EXPORT


# --- reading one entry into a submission ---------------------------------------------------------


class _Reader:
    """Reads the fields of one entry, collecting every problem."""

    def __init__(
        self,
        position: int,
        entry: Entry,
        lists: Mapping[str, Sequence[xf.Choice]],
        limits: Limits,
    ) -> None:
        self.position = position
        self.entry = entry
        self.lists = lists
        self.limits = limits
        self.errors: list[Error] = []
        self.instance_id = ""

    def path(self, name: str) -> str:
        return self.entry[name][0] if name in self.entry else name

    def raw(self, name: str) -> str:
        value = self.entry.get(name, ("", None))[1]
        if value is None:
            return ""
        if isinstance(value, bool):
            return "yes" if value else "no"
        return str(value).strip()

    def fail(self, name: str, problem: Problem, value: str = "", limit: int = 0) -> None:
        self.errors.append(
            Error(self.position, self.instance_id, self.path(name), problem, value[:80], limit)
        )

    def choice(self, name: str, list_name: str, required: bool = True) -> str:
        value = self.raw(name)
        if not value:
            if required:
                self.fail(name, Problem.REQUIRED)
            return ""
        for option in self.lists[list_name]:
            if value == option.name:
                return option.name
        folded = value.casefold()
        for option in self.lists[list_name]:
            if folded in (option.label_en.casefold(), option.label_km.casefold()):
                return option.name
        self.fail(name, Problem.INVALID_CHOICE, value)
        return ""

    def text(self, name: str, limit: int) -> str:
        value = self.raw(name)
        if len(value) > limit:
            self.fail(name, Problem.TOO_LONG, value, limit)
            return ""
        return value

    def age(self) -> int | None:
        value = self.raw("age")
        if not value:
            return None
        number = value[:-2] if value.endswith(".0") else value
        if not number.isdigit() or int(number) > MAX_AGE:
            self.fail("age", Problem.INVALID_AGE, value, MAX_AGE)
            return None
        return int(number)

    def moment(self, *names: str) -> datetime | None:
        for name in names:
            value = self.raw(name)
            if not value:
                continue
            try:
                moment = datetime.fromisoformat(value.replace(" ", "T", 1))
            except ValueError:
                self.fail(name, Problem.INVALID_DATE, value)
                return None
            moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
            # Judged by its day on its own clock: near year 1, moving it to UTC overflows.
            if self.limits.earliest is not None and moment.date() < self.limits.earliest:
                self.fail(name, Problem.EARLY_DATE, value)
                return None
            if self.limits.latest is not None and moment > self.limits.latest:
                self.fail(name, Problem.FUTURE_DATE, value)
                return None
            return moment
        return None


def instance_id_of(entry: Entry) -> str:
    for name in ("instanceID", "KEY", "__id", "_uuid"):
        value = entry.get(name, ("", None))[1]
        if value:
            return strip_uuid(str(value))
    return ""


def form_kind_of(entry: Entry) -> str:
    """The form a submission came from: its hidden ``form_kind``, or the questions it answers."""
    value = str(entry.get(xf.FORM_KIND_FIELD, ("", ""))[1] or "").strip()
    if value in FormKind.__members__.values():
        return value
    for kind in FormKind:
        if all(xf.field_name(q) in entry for q in questions_for(kind)):
            return kind.value
    return ""


def read_submission(
    position: int,
    entry: Entry,
    lists: Mapping[str, Sequence[xf.Choice]],
    limits: Limits,
) -> tuple[Submission | None, list[Error]]:
    reader = _Reader(position, entry, lists, limits)
    reader.instance_id = instance_id_of(entry)
    if not reader.instance_id:
        reader.fail("instanceID", Problem.NO_INSTANCE_ID)
    catalogue = reader.raw(xf.CATALOGUE_FIELD)
    if catalogue and catalogue != CATALOGUE_VERSION:
        reader.fail(xf.CATALOGUE_FIELD, Problem.OTHER_CATALOGUE, catalogue)
    kind = form_kind_of(entry)
    if not kind:
        reader.fail(xf.FORM_KIND_FIELD, Problem.UNKNOWN_FORM, reader.raw(xf.FORM_KIND_FIELD))
        return None, reader.errors
    answers = {q.key: reader.choice(xf.field_name(q), xf.ANSWER_LIST) for q in questions_for(kind)}
    names = {n: reader.text(n, limits.name) for n in ("family_name", "given_name", "name_km")}
    if not any(names.values()):
        reader.fail("name_km", Problem.REQUIRED)
    submission = Submission(
        position=position,
        instance_id=reader.instance_id,
        form_kind=kind,
        answers=answers,
        context=reader.choice("context", xf.CONTEXT_LIST),
        province=reader.choice("province", xf.PROVINCE_LIST),
        sex=reader.choice("sex", xf.SEX_LIST),
        nationality=reader.choice("nationality", xf.NATIONALITY_LIST),
        location=reader.text("location", limits.place),
        age=reader.age(),
        age_estimated=reader.choice("age_estimated", xf.YES_NO_LIST, required=False) == "yes",
        screened_at=reader.moment("start"),
        submitted_at=reader.moment("SubmissionDate", "submissionDate", "_submission_time"),
        **names,
    )
    moment = submission.screened_at or submission.submitted_at
    first_year = limits.first_birth_year
    if first_year is not None and submission.age is not None and moment is not None:
        oldest = moment.year - first_year  # the person's birth year is the year less the age
        if submission.age > oldest:
            reader.fail("age", Problem.INVALID_AGE, reader.raw("age"), oldest)
    return (None if reader.errors else submission), reader.errors


def parse(
    data: bytes,
    lists: Mapping[str, Sequence[xf.Choice]],
    limits: Limits | None = None,
) -> Parsed:
    """Every submission of an export, or every problem found in it."""
    limits = limits or Limits()
    source, entries, problem = read_entries(data)
    if problem is not None:
        return Parsed(source, errors=(Error(0, "", "", problem),))
    if not entries:
        return Parsed(source, errors=(Error(0, "", "", Problem.EMPTY),))
    if len(entries) > limits.submissions:
        # Refused before any submission is read: the count and the cap say how to split it.
        count = str(len(entries))
        too_many = Error(0, "", "", Problem.TOO_MANY, value=count, limit=limits.submissions)
        return Parsed(source, errors=(too_many,))
    submissions: list[Submission] = []
    errors: list[Error] = []
    seen: set[str] = set()
    for position, entry in enumerate(entries, start=1):
        submission, found = read_submission(position, entry, lists, limits)
        errors.extend(found)
        # A second copy is said whatever else is wrong with the first or with it.
        instance_id = instance_id_of(entry)
        if instance_id and instance_id in seen:
            errors.append(Error(position, instance_id, "instanceID", Problem.DUPLICATE))
        seen.add(instance_id)
        if submission is not None:
            submissions.append(submission)
    return Parsed(source, tuple(submissions), tuple(errors))
