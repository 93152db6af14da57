"""Linking the register: run the engine, keep the national ids, apply the steward's decisions.

Every change goes through a function here: ``schedule_linkage`` (other apps call it after a bulk
import), ``start_run`` (a data steward on the runs page or the API), ``execute_run`` (the
background job and ``manage.py link_persons``), and ``decide`` (a data steward on a pair).

Names, dates of birth, phones and document numbers are unsealed in memory only, for the engine,
and never written anywhere in clear: what is written is a national id per record, the pairs to
review (record ids and a probability), and counts.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from rumdoh.accounts.audit import log_action, log_bulk_read
from rumdoh.accounts.models import User
from rumdoh.accounts.rules.roles import Capability
from rumdoh.core.errors import NotAllowed, Refused, StaleEdit
from rumdoh.core.filters import narrowed
from rumdoh.core.limits import REASON_MAX, strip_format
from rumdoh.core.person_numbers import parse_person_number
from rumdoh.linkage.forms import QueueFilter
from rumdoh.linkage.models import (
    LinkDecision,
    LinkRun,
    NationalPerson,
    PersonLink,
    ReviewPair,
    RunMode,
    RunStatus,
    national_number,
)
from rumdoh.linkage.rules.bands import REVIEW_HIGH, REVIEW_LOW, band_split
from rumdoh.linkage.rules.forced import apply_decisions
from rumdoh.linkage.rules.national_ids import assign_new, carry_ids
from rumdoh.people.models import IdentityDocument, Person

logger = logging.getLogger(__name__)

Report = Callable[[LinkRun], None]
CHUNK = 2_000
# Progress is written to the run at most this often (seconds), so the page can follow it.
PROGRESS_EVERY = 1.0


# --- scheduling -----------------------------------------------------------------------------


def schedule_linkage(reason: str, *, mode: str | None = None, user: User | None = None) -> LinkRun:
    """Ask for a linkage run in the background (after a bulk import, or on demand).

    Without ``mode``, only the records new since the last finished run are linked, against the
    existing national ids; the first run links the whole register. A run already waiting with
    the same mode is reused, so ten imports in a row make one run, not ten."""
    if mode is None:
        mode = RunMode.NEW if LinkRun.objects.filter(status=RunStatus.DONE).exists() else "full"
    waiting = LinkRun.objects.filter(status=RunStatus.QUEUED, mode=mode).first()
    if waiting is not None:
        return waiting
    run = LinkRun.objects.create(mode=mode, reason=reason[:200], requested_by=user)
    from rumdoh.linkage.tasks import link_register

    link_register.enqueue(run.pk)
    run.refresh_from_db()
    return run


def start_run(
    user: User, mode: str, *, request: HttpRequest | None = None, reason: str = ""
) -> LinkRun:
    """A data steward starts a run from the runs page or the API."""
    if not user.can(Capability.RUN_LINKAGE):
        raise NotAllowed(_("Only a data steward can start a linkage run."))
    if mode not in RunMode.values:
        raise Refused(_("Choose the whole register or the new records only."))
    run = schedule_linkage(reason or "requested", mode=mode, user=user)
    log_action("linkage.run_requested", user=user, request=request, obj=run, data={"mode": mode})
    return run


# --- reading the register -------------------------------------------------------------------


def _engine() -> Any:
    """The engine module (imported when first needed: it brings pyarrow and Splink)."""
    from rumdoh.linkage import engine

    return engine


def engine_options(backend: str = "") -> dict[str, Any]:
    """How the engine runs: on ``backend`` (``duckdb`` or ``spark``; the setting
    ``RUMDOH_LINKAGE_BACKEND`` when not given), Spark with a session on ``RUMDOH_SPARK_MASTER``
    with ``RUMDOH_SPARK_MEMORY`` for its driver (its shuffle and spill files encrypted)."""
    chosen = backend or settings.RUMDOH_LINKAGE_BACKEND
    if chosen != "spark":
        return {"backend": chosen}
    session = _engine().spark_session(settings.RUMDOH_SPARK_MASTER, settings.RUMDOH_SPARK_MEMORY)
    return {"backend": "spark", "spark": session}


def add_backend_option(parser: Any) -> None:
    """A command's ``--backend`` (``link_persons``, ``link_csv``): ``engine_options``'s."""
    parser.add_argument(
        "--backend",
        choices=_engine().BACKENDS,
        default="",
        help="the engine's backend (default: the setting RUMDOH_LINKAGE_BACKEND, duckdb)",
    )


def link_record(person: Person) -> Any:
    """The engine's view of one person record, unsealed in memory. A record with a name in
    Khmer script only gives that name; the engine transliterates it."""
    documents = list(person.documents.all())
    latin = bool(person.given_name or person.family_name)
    return _engine().LinkRecord(
        record_id=str(person.pk),
        agency=str(person.owner_agency_id),
        given_name=(person.given_name if latin else person.name_km) or "",
        family_name=person.family_name or "",
        sex=person.sex if person.sex in ("female", "male") else "",
        birth_year=person.birth_year,
        birth_date=str(person.date_of_birth or ""),
        age_precision=person.age_precision,
        province=person.province or "",
        district=person.district or "",
        commune=person.commune or "",
        village=person.village or "",
        phone=person.phone or "",
        nationality=person.nationality or "",
        document_number=documents[0].number if documents else "",
    )


def register_records(persons: Any = None) -> Iterator[Any]:
    """Every person record (or those of ``persons``) as the engine reads them, in chunks."""
    rows = (persons if persons is not None else Person.objects.all()).order_by("pk")
    rows = rows.prefetch_related(Prefetch("documents", IdentityDocument.objects.order_by("pk")))
    for person in rows.iterator(chunk_size=CHUNK):
        yield link_record(person)


# --- progress --------------------------------------------------------------------------------


class Progress:
    """Follows the engine and writes how far it got to the run, at most once a second."""

    def __init__(self, run: LinkRun, report: Report | None) -> None:
        self.run = run
        self.report = report
        self.last = 0.0

    def step(self, stage: str, done: int | None = None, total: int | None = None) -> None:
        run = self.run
        run.stage = stage[:60]
        if total is not None:
            run.total = total
        if done is not None:
            run.done = done
        now = time.monotonic()
        if now - self.last >= PROGRESS_EVERY or (total is not None and done == total):
            self.last = now
            LinkRun.objects.filter(pk=run.pk).update(
                stage=run.stage, done=run.done, total=run.total
            )
            if self.report is not None:
                self.report(run)

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        """The engine's progress callback: a stage name, counts (done, total) or a fraction."""
        stage = kwargs.get("stage") or next((a for a in args if isinstance(a, str)), "linking")
        numbers = [a for a in args if isinstance(a, int | float) and not isinstance(a, bool)]
        done, total = kwargs.get("done"), kwargs.get("total")
        if done is None and len(numbers) >= 2:
            done, total = numbers[0], numbers[1]
        elif done is None and len(numbers) == 1 and 0 <= numbers[0] <= 1:
            done, total = int(1000 * numbers[0]), 1000
        self.step(str(stage), int(done) if done is not None else None, total)


# --- running ----------------------------------------------------------------------------------


def execute_run(run_id: int, report: Report | None = None, backend: str = "") -> LinkRun:
    """Run a waiting linkage run to its end (the background job, and ``link_persons``), on
    ``backend`` (``engine_options``)."""
    claimed = LinkRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=timezone.now()
    )
    run = LinkRun.objects.get(pk=run_id)
    if not claimed:
        return run  # another worker took it, or it already ran
    progress = Progress(run, report)
    try:
        _link(run, progress, backend)
    except Exception as exc:
        # Nothing the run counted was written; the kind of failure and where it happened only,
        # in the log as in the run: an engine's message may quote a record.
        where = traceback.extract_tb(exc.__traceback__)[-1]
        logger.error(
            "Linkage run %s failed at stage %s: %s in %s, %s:%s",
            run.pk,
            run.stage or "-",
            type(exc).__name__,
            where.name,
            where.filename,
            where.lineno,
        )
        LinkRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=type(exc).__name__, finished_at=timezone.now()
        )
        run.refresh_from_db()
    else:
        run.status = RunStatus.DONE
        run.done = run.total
        run.finished_at = timezone.now()
        counts = national_counts()
        run.national_persons = counts["nationals"]
        run.records_unlinked = counts["unlinked"]
        run.pairs_waiting = counts["waiting"]
        run.save()
    if report is not None:
        report(run)
    return run


def _new_records() -> Any:
    return Person.objects.filter(national_link__isnull=True)


def _link(run: LinkRun, progress: Progress, backend: str = "") -> None:
    if run.mode == RunMode.NEW and not _new_records().exists():
        progress.step("nothing new", 0, 0)
        return
    # Spark's session is started (and may fail) before any record is unsealed.
    options = engine_options(backend)
    total = Person.objects.count()
    progress.step("reading", 0, total)
    records = []
    for record in register_records():
        records.append(record)
        if len(records) % CHUNK == 0:
            progress.step("reading", len(records), total)
    progress.step("reading", len(records), total)
    only_with = None
    if run.mode == RunMode.NEW:  # compare only pairs with a new record on one side
        only_with = {str(pk) for pk in _new_records().values_list("pk", flat=True)}
    result = _engine().link(records, progress=progress, only_with=only_with, **options)
    del records  # the unsealed values leave memory before anything is written
    clusters = {int(record): cluster for record, cluster in result.clusters.items()}
    pairs = [(int(a), int(b), float(p)) for a, b, p in result.pairs]
    progress.step("writing", total, total)
    with transaction.atomic():
        if run.mode == RunMode.NEW:
            _write_new(run, clusters, pairs)
        else:
            _write_full(run, clusters, pairs)


def _decisions(records: set[int] | None = None) -> tuple[list[tuple[int, int]], ...]:
    rows = LinkDecision.objects.values_list("left_id", "right_id", "same")
    if records is not None:
        rows = rows.filter(left_id__in=records, right_id__in=records)
    same = [(a, b) for a, b, s in rows if s]
    different = [(a, b) for a, b, s in rows if not s]
    return same, different


def _write_full(
    run: LinkRun, clusters: dict[int, Any], pairs: list[tuple[int, int, float]]
) -> None:
    old = dict(PersonLink.objects.values_list("person_id", "national_id"))
    same, different = _decisions()
    forced = apply_decisions(clusters, same, different)
    kept = carry_ids(old, forced.groups)
    assignment = _number(run, forced.groups, kept)
    _save_links(run, old, assignment)
    retired = set(old.values()) - set(assignment.values())
    NationalPerson.objects.filter(pk__in=retired, retired_at__isnull=True).update(
        retired_at=timezone.now()
    )
    _keep_waiting_found_again(pairs)
    run.review_pairs = _save_pairs(run, pairs)
    run.records = len(clusters)
    run.clusters = len(set(assignment.values()))
    run.ids_kept = sum(1 for v in kept.values() if v is not None)
    run.ids_new = sum(1 for v in kept.values() if v is None)
    run.ids_retired = len(retired)
    run.forced_merges, run.forced_splits = forced.merges, forced.splits


def _write_new(run: LinkRun, clusters: dict[int, Any], pairs: list[tuple[int, int, float]]) -> None:
    old = dict(PersonLink.objects.values_list("person_id", "national_id"))
    new = set(_new_records().values_list("pk", flat=True)) & set(clusters)
    assigned = assign_new(old, clusters, new)
    # Existing ids are ints from ``old``; anything else is a cluster label needing a fresh id.
    existing = set(old.values())
    labels = {v for v in assigned.values() if not (isinstance(v, int) and v in existing)}
    numbers = _create_nationals(run, len(labels))
    fresh_ids = dict(zip(sorted(labels, key=str), numbers, strict=True))
    assignment = {
        record: (v if isinstance(v, int) and v in existing else fresh_ids[v])
        for record, v in assigned.items()
    }
    _save_links(run, old, assignment)
    new_pairs = [(a, b, p) for a, b, p in pairs if a in new or b in new]
    run.review_pairs = _save_pairs(run, new_pairs)
    run.records = len(new)
    run.clusters = len(set(assignment.values()))
    run.ids_new = len(labels)


def _create_nationals(run: LinkRun | None, n: int) -> list[int]:
    if n == 0:
        return []
    made = NationalPerson.objects.bulk_create(
        [NationalPerson(created_by_run=run) for _ in range(n)], batch_size=CHUNK
    )
    return [m.pk for m in made]


def _number(
    run: LinkRun | None, groups: dict[int, int], kept: dict[int, int | None]
) -> dict[int, int]:
    """Record -> national id: the kept ids, and fresh ones for the groups that keep none."""
    needing = sorted(group for group, national in kept.items() if national is None)
    fresh = dict(zip(needing, _create_nationals(run, len(needing)), strict=True))
    assignment = {}
    for record, group in groups.items():
        national = kept[group]
        assignment[record] = national if national is not None else fresh[group]
    return assignment


def _save_links(run: LinkRun | None, old: dict[int, int], assignment: dict[int, int]) -> None:
    changed = {r: n for r, n in assignment.items() if r in old and old[r] != n}
    added = {r: n for r, n in assignment.items() if r not in old}
    by_national: dict[int, list[int]] = {}
    for record, national in changed.items():
        by_national.setdefault(national, []).append(record)
    for national, records in by_national.items():
        for start in range(0, len(records), CHUNK):
            PersonLink.objects.filter(person_id__in=records[start : start + CHUNK]).update(
                national_id=national, run=run, linked_at=timezone.now()
            )
    PersonLink.objects.bulk_create(
        [PersonLink(person_id=r, national_id=n, run=run) for r, n in sorted(added.items())],
        batch_size=CHUNK,
    )


def _keep_waiting_found_again(pairs: list[tuple[int, int, float]]) -> None:
    """After a run of the whole register, the waiting pairs it found again stay, with their
    number and the new probability (a steward may have one open); the others leave the queue
    but are kept, withdrawn, so that a steward who has one open can still decide it, for
    ``RUMDOH_LINKAGE_WITHDRAWN_DAYS``: then nobody is deciding it, and the note that two
    persons' records once looked alike is kept no longer than it serves."""
    found = {(min(a, b), max(a, b)): p for a, b, p in pairs}
    gone, changed = [], []
    waiting = review_queue().values_list("pk", "left_id", "right_id", "probability")
    for pk, left, right, probability in waiting.iterator(chunk_size=CHUNK):
        now = found.get((left, right))
        if now is None:
            gone.append(pk)
        elif now != probability:
            changed.append(ReviewPair(pk=pk, probability=now))
    withdrawn_at = timezone.now()
    for start in range(0, len(gone), CHUNK):
        ReviewPair.objects.filter(pk__in=gone[start : start + CHUNK]).update(
            withdrawn_at=withdrawn_at
        )
    ReviewPair.objects.bulk_update(changed, ["probability"], batch_size=CHUNK)
    kept_since = withdrawn_at - timedelta(days=settings.RUMDOH_LINKAGE_WITHDRAWN_DAYS)
    ReviewPair.objects.filter(decision__isnull=True, withdrawn_at__lt=kept_since).delete()


def _save_pairs(run: LinkRun, pairs: Iterable[tuple[int, int, float]]) -> int:
    """New pairs for the queue; a withdrawn pair found again waits again, with its number."""
    decided = set(LinkDecision.objects.values_list("left_id", "right_id"))
    kept = {
        (left, right): (pk, gone_at)
        for pk, left, right, gone_at in ReviewPair.objects.values_list(
            "pk", "left_id", "right_id", "withdrawn_at"
        )
    }
    rows, again = {}, []
    for a, b, p in pairs:
        key = (min(a, b), max(a, b))
        if a == b or key in decided:
            continue
        if key not in kept:
            rows[key] = ReviewPair(run=run, left_id=key[0], right_id=key[1], probability=p)
        elif kept[key][1] is not None:
            again.append(ReviewPair(pk=kept[key][0], probability=p, withdrawn_at=None))
    ReviewPair.objects.bulk_create(list(rows.values()), batch_size=CHUNK)
    ReviewPair.objects.bulk_update(again, ["probability", "withdrawn_at"], batch_size=CHUNK)
    return len(rows)


# --- the steward's decisions ----------------------------------------------------------------


# A pair waiting for a decision: undecided, and not withdrawn by a later run.
WAITING = Q(decision__isnull=True, withdrawn_at__isnull=True)


def review_queue() -> QuerySet[ReviewPair]:
    """Pairs waiting for a decision."""
    return ReviewPair.objects.filter(WAITING)


# What the queue page and the API list show of each pair, read with the pair.
QUEUE_RELATED = ("left__owner_agency", "right__owner_agency", "decision")


def ordered_queue(filters: QueueFilter | Mapping[str, Any] | None = None) -> QuerySet[ReviewPair]:
    """The review queue as the queue page, the API list and the next pair all see it: the
    pairs ``filters`` keep (a ``QueueFilter``, none when it refuses a value, or its cleaned
    data; without a status, those waiting), most probable first."""
    if isinstance(filters, QueueFilter):
        return narrowed(filters, _queue)
    return _queue(**(filters or {}))


def _queue(**data: Any) -> QuerySet[ReviewPair]:
    pairs = ReviewPair.objects.select_related(*QUEUE_RELATED)
    status = data.get("status") or "open"
    if status == "open":
        pairs = pairs.filter(WAITING)
    elif status == "decided":
        pairs = pairs.filter(decision__isnull=False)
    elif status == "withdrawn":
        pairs = pairs.filter(decision__isnull=True, withdrawn_at__isnull=False)
    if data.get("band") == "likely":
        pairs = pairs.filter(probability__gte=band_split(*review_band()))
    elif data.get("band") == "unlikely":
        pairs = pairs.filter(probability__lt=band_split(*review_band()))
    if kind := data.get("agency_kind"):
        pairs = pairs.filter(Q(left__owner_agency__kind=kind) | Q(right__owner_agency__kind=kind))
    if province := data.get("province"):
        pairs = pairs.filter(Q(left__province=province) | Q(right__province=province))
    if q := str(data.get("q") or "").strip():
        number = parse_person_number(q)
        pairs = pairs.filter(Q(left_id=number) | Q(right_id=number)) if number else pairs.none()
    return pairs.order_by("-probability", "id")


def log_compared(user: User, pair: ReviewPair, request: HttpRequest | None) -> None:
    """Showing the two records of ``pair`` by name is written to both persons' audit trails."""
    log_bulk_read(
        "person.compared",
        user=user,
        request=request,
        person_ids=[pair.left_id, pair.right_id],
        reason=f"linkage review pair {pair.pk}",
    )


def next_pair(
    pair: ReviewPair, filters: QueueFilter | Mapping[str, Any] | None = None
) -> ReviewPair | None:
    """The pair after ``pair`` in the queue as ``filters`` keep it (``pair`` itself may have
    left it, once decided); ``None`` at the end of the queue."""
    after = Q(probability__lt=pair.probability) | Q(probability=pair.probability, pk__gt=pair.pk)
    return ordered_queue(filters).filter(after).exclude(pk=pair.pk).first()


def pair_state(pair: ReviewPair) -> str:
    """What the pair's page shows, as of when it was read: the saved version of each record and
    the decision on the pair (who decided last, when), as the decision form sends it back."""
    versions = dict(
        Person.objects.filter(pk__in=[pair.left_id, pair.right_id]).values_list("pk", "version")
    )
    decided = (
        LinkDecision.objects.filter(pk=pair.decision_id).values_list("pk", "decided_at").first()
        if pair.decision_id is not None
        else None
    )
    said = f"{decided[0]}@{decided[1].timestamp():.6f}" if decided else "-"
    return f"{versions.get(pair.left_id, 0)}.{versions.get(pair.right_id, 0)}.{said}"


@transaction.atomic
def decide(
    user: User,
    pair: ReviewPair,
    *,
    same: bool,
    reason: str,
    request: HttpRequest | None = None,
    seen: str | None = None,
) -> LinkDecision:
    """A data steward decides whether the two records of ``pair`` are one person. The decision
    is applied to the national ids at once, and again after the engine on every later run.

    ``seen`` is the ``pair_state`` the steward's page showed: when a record was changed, or
    another steward decided the pair, since then, nothing is saved (``StaleEdit``)."""
    if not user.can(Capability.REVIEW_LINKS):
        raise NotAllowed(_("Only a data steward can decide on linked records."))
    if seen is not None:
        current = ReviewPair.objects.select_for_update().get(pk=pair.pk)
        if pair_state(current) != seen:
            raise StaleEdit(
                _(
                    "One of these two records, or the decision on this pair, changed while you "
                    "were comparing them. The page now shows them as saved: check them and "
                    "decide again."
                )
            )
    reason = reason.strip()
    if not strip_format(reason).strip():
        # Nothing but zero-width spaces or joiners shows nothing: no reason was given.
        raise Refused(_("Say why: the reason is kept with the decision."))
    if len(reason) > REASON_MAX:
        raise Refused(
            _("The reason is too long: at most %(limit)d characters.") % {"limit": REASON_MAX}
        )
    decision, _created = LinkDecision.objects.update_or_create(
        left_id=pair.left_id,
        right_id=pair.right_id,
        defaults={
            "same": same,
            "reason": reason,
            "probability": pair.probability,
            "decided_by": user,
            "decided_at": timezone.now(),
        },
    )
    pair.decision = decision
    pair.save(update_fields=["decision"])
    refused = _relink({pair.left_id, pair.right_id})
    if refused:
        raise Refused(
            _(
                "These two records cannot be the same person: one of them was decided "
                "different from a record linked to the other. Decide that pair first."
            )
        )
    log_action(
        "linkage.decided",
        user=user,
        request=request,
        obj=decision,
        data={"same": same, "pair": pair.pk, "persons": [pair.left_id, pair.right_id]},
    )
    return decision


def _relink(records: set[int]) -> list[tuple[int, int]]:
    """Apply the decisions to the clusters of ``records`` now, without the engine; returns the
    "same" decisions refused because they contradict a "different" one."""
    for record in records:
        if not PersonLink.objects.filter(person_id=record).exists():
            national = NationalPerson.objects.create()
            PersonLink.objects.create(person_id=record, national=national)
    nationals = set(
        PersonLink.objects.filter(person_id__in=records).values_list("national_id", flat=True)
    )
    old = dict(
        PersonLink.objects.filter(national_id__in=nationals).values_list("person_id", "national_id")
    )
    same, different = _decisions(set(old))
    forced = apply_decisions(old, same, different)
    kept = carry_ids(old, forced.groups)
    assignment = _number(None, forced.groups, kept)
    _save_links(None, old, assignment)
    retired = set(old.values()) - set(assignment.values())
    NationalPerson.objects.filter(pk__in=retired).update(retired_at=timezone.now())
    return [p for p in forced.refused if set(p) == records]


def national_numbers(person_ids: Iterable[int]) -> dict[int, str]:
    """The national person number (N-...) each of ``person_ids`` belongs to now, if linked."""
    links = PersonLink.objects.filter(person_id__in=list(person_ids))
    return {pk: national_number(n) for pk, n in links.values_list("person_id", "national_id")}


def national_counts() -> dict[str, int]:
    """How many national persons hold records, and how many records are not linked yet."""
    return {
        "nationals": NationalPerson.objects.filter(retired_at__isnull=True).count(),
        "unlinked": _new_records().count(),
        "waiting": review_queue().count(),
    }


def review_band() -> tuple[float, float]:
    """The probabilities between which a pair goes to the data steward (the engine's)."""
    return (REVIEW_LOW, REVIEW_HIGH)


def latest_run() -> LinkRun | None:
    return LinkRun.objects.order_by("-requested_at", "-id").first()
