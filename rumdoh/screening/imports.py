"""Import of field-form submissions (ODK Central or KoboToolbox exports) as screenings.

All or nothing: a file with any problem writes nothing and says, per submission and field, what
is wrong. Each new submission becomes a person (names sealed, the importing agency the owner)
and a screening with the decision rule applied; a submission whose instance ID is already known
(imported before, by any agency) is skipped and reported as such, so importing the same export
twice, or an export that grew since, is safe.

``on_screening(record, submission, submission_import)`` is called inside the transaction for each
screening created: an app above screening (operations) attaches the screening to its roster
there; raising rolls the whole import back. ``on_known(record, submission, submission_import)``
is called likewise for each submission imported before whose screening the user sees, so the
people of a file imported once on the field page still reach an operation's roster, without a
second person or screening.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import IO, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from rumdoh.accounts.audit import log_action
from rumdoh.accounts.models import User
from rumdoh.accounts.rules.roles import Capability
from rumdoh.core.errors import NotAllowed, Refused
from rumdoh.core.limits import NAME_MAX, PLACE_MAX, strip_bidi
from rumdoh.core.rules.days import EARLIEST_DAY, FIRST_DAY
from rumdoh.linkage.services import schedule_linkage
from rumdoh.people import services as people_services
from rumdoh.people.models import AgePrecision
from rumdoh.screening import services
from rumdoh.screening.access import visible_screenings
from rumdoh.screening.field import choice_lists
from rumdoh.screening.models import FieldSubmission, ScreeningRecord, SubmissionImport
from rumdoh.screening.rules import decision
from rumdoh.screening.rules import submissions as subs

# Uploads are kept in memory up to the attachment limit (``BoundedMemoryUploadHandler``).
MAX_FILE_BYTES = int(settings.RUMDOH_ATTACHMENT_MAX_BYTES)
MAX_SUBMISSIONS = 5_000
# A screening is dated from the first day of anything recorded (``core.rules.days``).
LIMITS = subs.Limits(
    name=NAME_MAX,
    place=PLACE_MAX,
    submissions=MAX_SUBMISSIONS,
    earliest=FIRST_DAY,
    first_birth_year=EARLIEST_DAY.year,
)
# How far ahead of the server a tablet's clock may run before its dates are refused.
CLOCK_MARGIN = timedelta(hours=1)

OnScreening = Callable[[ScreeningRecord, subs.Submission, SubmissionImport], None]


def problem_message(error: subs.Error) -> str:
    """What is wrong, in the user's language."""
    messages = {
        subs.Problem.UNREADABLE: _("The file is neither UTF-8 CSV nor JSON."),
        subs.Problem.NOT_AN_EXPORT: _(
            "The file is not shaped as an ODK Central or KoboToolbox export of submissions."
        ),
        subs.Problem.EMPTY: _("The file holds no submission."),
        subs.Problem.TOO_MANY: _(
            "The file holds %(value)s submissions; one import takes at most %(limit)s. Nothing "
            "was saved: split the export into smaller files and import each. Submissions "
            "imported before are skipped."
        ),
        subs.Problem.TOO_LARGE: _("The file is larger than %(limit)s MB."),
        subs.Problem.NO_INSTANCE_ID: _("The submission has no instance ID."),
        subs.Problem.DUPLICATE: _("The same instance ID appears twice in the file."),
        subs.Problem.UNKNOWN_FORM: _(
            "The submission is not from the short or the detailed screening form of Rumdoh."
        ),
        subs.Problem.OTHER_CATALOGUE: _(
            "The form was made from indicator catalogue %(value)s; download the current form."
        ),
        subs.Problem.REQUIRED: _("This field must be answered."),
        subs.Problem.INVALID_CHOICE: _("“%(value)s” is not one of the choices of this field."),
        subs.Problem.INVALID_AGE: _(
            "“%(value)s” is not an age in whole years from 0 to %(limit)s."
        ),
        subs.Problem.INVALID_DATE: _("“%(value)s” is not a date and time."),
        subs.Problem.FUTURE_DATE: _(
            "“%(value)s” is in the future: check the date and time of the tablet that sent it."
        ),
        subs.Problem.EARLY_DATE: _(
            "“%(value)s” is before %(first)s: check the date and time of the tablet that sent it."
        ),
        subs.Problem.TOO_LONG: _("The text is longer than %(limit)s characters."),
    }
    params = {"value": error.value, "limit": error.limit, "first": FIRST_DAY.isoformat()}
    return messages[error.problem] % params


@dataclass
class Outcome:
    """One submission of the file and what the import made (or would make) of it."""

    position: int
    instance_id: str
    form: str
    determination: str
    skipped: bool = False
    screening_id: int | None = None
    person_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "instance_id": self.instance_id,
            "form": self.form,
            "determination": self.determination,
            "skipped": self.skipped,
            "screening": self.screening_id,
            "person": self.person_id,
        }


@dataclass
class ImportReport:
    source: str = ""
    file_name: str = ""
    dry_run: bool = False
    outcomes: list[Outcome] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    submission_import: SubmissionImport | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def created(self) -> int:
        return sum(1 for o in self.outcomes if not o.skipped)

    @property
    def skipped(self) -> int:
        return sum(1 for o in self.outcomes if o.skipped)

    def to_dict(self) -> dict[str, Any]:
        record = self.submission_import
        return {
            "id": record.pk if record else None,
            "reference": record.reference_code if record else None,
            "source": self.source,
            "dry_run": self.dry_run,
            "ok": self.ok,
            "submissions": len(self.outcomes),
            "created": 0 if self.dry_run else self.created,
            "skipped": self.skipped,
            "outcomes": [o.to_dict() for o in self.outcomes],
            "errors": self.errors,
        }


def error_dict(error: subs.Error) -> dict[str, Any]:
    return {
        "position": error.position,
        "instance_id": error.instance_id,
        "field": error.field,
        "problem": error.problem.value,
        "message": problem_message(error),
    }


def check_may_import(user: User) -> None:
    if user.agency is None or not (
        user.can(Capability.SCREEN) and user.can(Capability.RECORD_PERSONS)
    ):
        raise NotAllowed(_("Your role does not allow this."))


def _read(file: bytes | IO[bytes]) -> tuple[bytes | None, str]:
    """The content and name of the file; ``None`` for a file over the limit, left unread."""
    if isinstance(file, bytes):
        return (file if len(file) <= MAX_FILE_BYTES else None), ""
    name = str(getattr(file, "name", "") or "")
    size = getattr(file, "size", None)
    if isinstance(size, int) and size > MAX_FILE_BYTES:
        return None, name
    data = file.read(MAX_FILE_BYTES + 1)
    content = data if isinstance(data, bytes) else str(data).encode()
    return (content if len(content) <= MAX_FILE_BYTES else None), name


def _person_data(submission: subs.Submission) -> dict[str, Any]:
    data: dict[str, Any] = {
        "family_name": strip_bidi(submission.family_name),
        "given_name": strip_bidi(submission.given_name),
        "name_km": strip_bidi(submission.name_km),
        "sex": submission.sex,
        "nationality": submission.nationality,
        "age_precision": AgePrecision.UNKNOWN,
    }
    if submission.age is not None:
        moment = submission.screened_at or submission.submitted_at
        year = moment.year if moment else None
        if year is not None:
            data["birth_year"] = year - submission.age
            data["age_precision"] = AgePrecision.ESTIMATED
    return data


def _screening_input(submission: subs.Submission, person: Any) -> services.ScreeningInput:
    return services.ScreeningInput(
        form=submission.form_kind,
        observations=submission.observations,
        context=submission.context,
        age=submission.age,
        age_estimated=submission.age_estimated,
        sex=submission.sex,
        nationality=submission.nationality,
        province=submission.province,
        location=strip_bidi(submission.location),
        person=person,
        screened_at=submission.screened_at or submission.submitted_at,
    )


def _outcome(submission: subs.Submission, skipped: bool = False) -> Outcome:
    result = decision.assess(submission.age, submission.observations)
    return Outcome(
        submission.position,
        submission.instance_id,
        submission.form_kind,
        result.determination.value,
        skipped=skipped,
    )


def _known(user: User, ids: list[str]) -> dict[str, ScreeningRecord | None]:
    """Instance IDs imported before, with their screening when the user sees it (and its
    person); ``None`` for one another agency imported and the user does not see."""
    known = dict(
        FieldSubmission.objects.filter(instance_id__in=ids).values_list("instance_id", "screening")
    )
    seen = visible_screenings(user).filter(pk__in=known.values(), person__isnull=False)
    by_pk = {record.pk: record for record in seen}
    return {instance: by_pk.get(pk) for instance, pk in known.items()}


def _write(
    user: User,
    report: ImportReport,
    new: list[subs.Submission],
    meta: dict[str, Any],
    on_screening: OnScreening | None,
    request: HttpRequest | None,
    earlier: list[tuple[ScreeningRecord, subs.Submission]],
    on_known: OnScreening | None,
) -> None:
    record = SubmissionImport.objects.create(
        agency_id=user.acting_agency_id(), imported_by=user, **meta
    )
    by_position = {o.position: o for o in report.outcomes}
    for submission in new:
        person = people_services.create_person(user, _person_data(submission), request)
        screening = services.record_screening(user, _screening_input(submission, person), request)
        FieldSubmission.objects.create(
            submission_import=record,
            instance_id=submission.instance_id,
            screening=screening,
            position=submission.position,
            submitted_at=submission.submitted_at,
        )
        outcome = by_position[submission.position]
        outcome.screening_id, outcome.person_id = screening.pk, person.pk
        outcome.determination = screening.determination
        if on_screening is not None:
            on_screening(screening, submission, record)
    if on_known is not None:
        for screening, submission in earlier:
            on_known(screening, submission, record)
    log_action(
        "screening.submissions_imported",
        user=user,
        request=request,
        obj=record,
        data={
            "source": record.source,
            "created": record.created,
            "skipped": record.skipped,
            "context": record.context,
            "reference": record.reference,
        },
    )
    report.submission_import = record
    if new:
        # A bulk import: the national linkage job links the new persons once it is saved.
        reason = f"field import {record.pk}"
        transaction.on_commit(lambda: schedule_linkage(reason))


def import_submissions(
    file: bytes | IO[bytes],
    *,
    user: User,
    context: str = "",
    reference: str = "",
    on_screening: OnScreening | None = None,
    on_known: OnScreening | None = None,
    dry_run: bool = False,
    request: HttpRequest | None = None,
) -> ImportReport:
    """Read an export and, unless ``dry_run`` or anything is wrong, save its new submissions."""
    check_may_import(user)
    data, name = _read(file)
    report = ImportReport(file_name=name[-200:], dry_run=dry_run)
    if data is None:
        error = subs.Error(0, "", "", subs.Problem.TOO_LARGE, limit=MAX_FILE_BYTES // 2**20)
        report.errors = [error_dict(error)]
        return report
    latest = timezone.now() + CLOCK_MARGIN
    parsed = subs.parse(data, choice_lists(), replace(LIMITS, latest=latest))
    report.source = parsed.source.value if parsed.source else ""
    report.errors = [error_dict(e) for e in parsed.errors]
    if not parsed.ok:
        return report
    ids = [s.instance_id for s in parsed.submissions]
    known = _known(user, ids)
    report.outcomes = [_outcome(s, skipped=s.instance_id in known) for s in parsed.submissions]
    earlier: list[tuple[ScreeningRecord, subs.Submission]] = []
    for outcome, submission in zip(report.outcomes, parsed.submissions, strict=True):
        screening = known.get(submission.instance_id)
        if screening is not None:  # imported before, and the user sees it: say which
            outcome.screening_id, outcome.person_id = screening.pk, screening.person_id
            outcome.determination = screening.determination
            earlier.append((screening, submission))
    if dry_run:
        return report
    meta = {
        "source": report.source,
        "file_name": report.file_name,
        "context": context[:40],
        "reference": reference[:60],
        "submissions": len(parsed.submissions),
        "created": report.created,
        "skipped": report.skipped,
    }
    new = [s for s in parsed.submissions if s.instance_id not in known]
    try:
        with transaction.atomic():
            _write(user, report, new, meta, on_screening, request, earlier, on_known)
    except IntegrityError:
        raise Refused(
            _("Another import saved some of these submissions meanwhile; import the file again.")
        ) from None
    return report
