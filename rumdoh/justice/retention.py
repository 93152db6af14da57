"""How long a criminal case keeps its personal data (docs/data-protocol.md, *Retention*).

A case keeps everything while it is open and for ten years after it became final — longer while a
defendant convicted in absentia is still sought (no retrial yet) or a compensation order is not
paid in full. Then every sealed field of the case and of what hangs from it (suspects' names,
aliases and handles, notes, reasons, places, worksheets) is erased, the suspects' search keys
deleted, and the files kept with the case (evidence photos, scans) deleted; what the statistics
count stays: stages and their dates, charges, verdicts and sentences, amounts, and the suspects'
sex, year of birth and nationality. Nothing is erased without
``manage.py apply_retention --apply``; every erasure is in the audit trail.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.dispatch import Signal
from django.utils import timezone

from rumdoh.accounts.audit import log_action
from rumdoh.core.fields import EncryptedJSONField, EncryptedTextField
from rumdoh.justice.choices import Stage, VerdictOutcome
from rumdoh.justice.models import (
    Arrest,
    CaseVictim,
    CheckIn,
    CompensationOrder,
    CompensationWorksheet,
    CriminalCase,
    EnforcementStep,
    Hearing,
    JointInterviewInvitation,
    Payment,
    Settlement,
    StageTransition,
    Supervision,
    Suspect,
    SuspectKey,
    Verdict,
    Warrant,
)

YEARS = 10

# Sent inside an erasure's transaction with ``case``: the apps above justice that keep something
# about a case (the case's files, in attachments) erase it; each receiver returns how many files
# it deleted. Raising rolls the whole erasure back.
case_erased = Signal()

# Every model holding sealed text about a case, and how its rows are found from the case.
SEALED_ROWS: tuple[tuple[type[models.Model], str], ...] = (
    (CriminalCase, "pk"),
    (StageTransition, "case"),
    (CaseVictim, "case"),
    (Suspect, "case"),
    (Warrant, "case"),
    (Arrest, "case"),
    (Supervision, "case"),
    (CheckIn, "supervision__case"),
    (Hearing, "case"),
    (Verdict, "case"),
    (Settlement, "case"),
    (JointInterviewInvitation, "case"),
    (CompensationWorksheet, "case"),
    (Payment, "order__case"),
    (EnforcementStep, "order__case"),
)


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def sealed_fields(model: type[models.Model]) -> list[Any]:
    return [
        f
        for f in model._meta.get_fields()
        if isinstance(f, EncryptedTextField | EncryptedJSONField)
    ]


def sought_absconders() -> QuerySet[Verdict]:
    """Convictions in absentia not yet followed by a retrial: the defendant is still sought."""
    return Verdict.objects.filter(
        outcome=VerdictOutcome.CONVICTED_IN_ABSENTIA, retrials__isnull=True
    )


def final_before(today: date) -> QuerySet[CriminalCase]:
    """Final cases past their ten years, not yet erased."""
    return CriminalCase.objects.filter(
        stage=Stage.FINAL,
        stage_since__lte=years_before(today, YEARS),
        personal_data_erased_on__isnull=True,
    )


@dataclass(frozen=True)
class Review:
    due: int
    kept_absconder: int
    kept_unpaid: int


def due(today: date) -> QuerySet[CriminalCase]:
    absconder = sought_absconders().filter(case_id=OuterRef("pk"))
    unpaid = CompensationOrder.objects.unpaid().filter(case_id=OuterRef("pk"))
    return final_before(today).exclude(Exists(absconder)).exclude(Exists(unpaid))


def review(today: date) -> Review:
    past = final_before(today)
    absconder = Exists(sought_absconders().filter(case_id=OuterRef("pk")))
    unpaid = Exists(CompensationOrder.objects.unpaid().filter(case_id=OuterRef("pk")))
    return Review(
        due=due(today).count(),
        kept_absconder=past.filter(absconder).count(),
        kept_unpaid=past.filter(unpaid).exclude(absconder).count(),
    )


def _blank(field: Any) -> object:
    return field.get_default() if isinstance(field, EncryptedJSONField) else ""


@transaction.atomic
def erase(case: CriminalCase, today: date) -> int:
    """Erase the sealed fields of one case and of its rows; return how many rows changed."""
    case = CriminalCase.objects.select_for_update().get(pk=case.pk)
    if case.personal_data_erased_on is not None:
        return 0
    changed = 0
    for model, path in SEALED_ROWS:  # one UPDATE a table: nothing is read, nothing opened
        blanks = {field.attname: _blank(field) for field in sealed_fields(model)}
        changed += model._default_manager.filter(**{path: case.pk}).update(**blanks)
    SuspectKey.objects.filter(suspect__case=case).delete()
    # Each receiver answers how many files it deleted.
    answers: list[tuple[Any, Any]] = case_erased.send(CriminalCase, case=case)
    files = sum(int(deleted) for _receiver, deleted in answers)
    CriminalCase.objects.filter(pk=case.pk).update(personal_data_erased_on=today)
    log_action(
        "criminal_case.personal_data_erased",
        user=None,
        obj=case,
        data={"rows": changed, "files": files, "final_since": case.stage_since.isoformat()},
    )
    return changed


def apply(
    today: date | None = None, progress: Callable[[int, int], None] | None = None
) -> Iterator[int]:
    """Erase every case due; yield each erased case's id. ``progress(done, total)`` each 100."""
    today = today or timezone.localdate()
    ids = list(due(today).order_by("pk").values_list("pk", flat=True))
    for done, pk in enumerate(ids, start=1):
        erase(CriminalCase(pk=pk), today)
        if progress is not None and (done % 100 == 0 or done == len(ids)):
            progress(done, len(ids))
        yield pk
