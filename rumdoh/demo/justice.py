"""Stage 4: criminal cases for some of the suspected victims, followed through justice.

A share of the suspected victims identified by the protection stage become the victims of a
criminal case, opened by a police unit of the province where they were exploited (or by the
national department, the gendarmerie or immigration). Each case is given the point it has reached
today — still investigated, with the prosecutor, returned, dropped, charged, before the
investigating judge, dismissed, at trial, judged, on appeal, final, tried again after an
absconder's arrest — as far as the time since it opened allows, and its history is built stage by
stage. Every move is checked with ``rumdoh.justice.rules.transitions`` against what the case
holds at that moment (recommended charges, charges, verdicts of the stage, arrested absconders),
so each history is one the application itself would have accepted.

Along the way: suspects known by names, aliases or messaging-app handles, and companies; charges
recommended by the police and brought by the prosecutor, under the trafficking law or only under
related laws (rape, confinement, illegal entry...); warrants; arrests with their 48-hour clocks
(a few running today, a few overdue); judicial supervision with missed check-ins and absconders;
hearings; verdicts and sentences per charge; settlements and withdrawals; every interview of the
victims by every agency, and invitations to interview them together; compensation worksheets,
orders, payments and enforcement. Sealed fields go through the model fields and the suspects'
search keys through ``rumdoh.justice.services``, as the application writes them.

Each window of persons first gives one case to each possible point reached, where time allows, so
even a small demo shows every stage; the rest are drawn by weight. This module plans the cases;
``justice_case`` and its step mixins simulate each one, from the data in ``justice_data``, and
``justice_rows`` writes their rows.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction

from rumdoh.accounts.models import Agency, AgencyKind, User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.accounts.rules.roles import Role
from rumdoh.demo import chunks
from rumdoh.demo.agencies import APPEAL_COURT, ensure_demo_staff
from rumdoh.demo.context import Context
from rumdoh.demo.justice_case import Case
from rumdoh.demo.justice_data import (
    APP,
    CHG,
    FIN,
    IJ,
    INV,
    POLICE_KINDS,
    RET,
    SENT,
    TRIAL,
    VERD,
    Office,
    Offices,
    Rows,
    Victim,
)
from rumdoh.demo.justice_rows import write_rows
from rumdoh.justice.choices import (
    Closure,
)
from rumdoh.justice.models import (
    CaseVictim,
    Charge,
    CompensationOrder,
    CompensationWorksheet,
    CriminalCase,
    Interview,
    JointInterviewInvitation,
    Supervision,
    Suspect,
    Verdict,
    Warrant,
)
from rumdoh.justice.rules import transitions
from rumdoh.people.models import (
    Consent,
    Person,
    PersonAccess,
)
from rumdoh.protection.choices import Designation, Exploitation
from rumdoh.protection.models import Identification, ProtectionCase
from rumdoh.screening.models import ScreeningRecord

# Days a case typically stays in a stage before its next move: least, most often, most.
STAY: dict[str, tuple[float, float, float]] = {
    INV: (15, 45, 150),
    SENT: (5, 20, 60),
    RET: (20, 45, 120),
    CHG: (2, 7, 30),
    IJ: (45, 150, 360),
    TRIAL: (20, 60, 150),
    VERD: (15, 30, 45),
    APP: (90, 180, 300),
    FIN: (60, 180, 400),  # before an absconder convicted in absentia is caught and tried again
}
# The longest a case is left waiting in a stage today, and how far the usual stays stretch.
WAIT: dict[str, float] = {
    INV: 540,
    SENT: 240,
    RET: 365,
    CHG: 90,
    IJ: 540,
    TRIAL: 365,
    VERD: 120,
    APP: 420,
}
STRETCH = 2.5

# Where each case stands today, with how often; the stages come from ``_path``.
FATES: dict[str, float] = {
    "investigation": 10,
    "closed_in_investigation": 7,
    "sent": 4,
    "returned": 3,
    "dropped": 8,
    "charged": 2,
    "investigating_judge": 6,
    "dismissed": 4,
    "trial": 5,
    "verdict": 2,
    "appeal": 3,
    "judgment": 36,
    "appeal_judgment": 7,
    "retrial": 3,
}
# The order in which a window places one case at each point first: those waiting today (the
# furthest on first: they need the most time), then the ended ones (which fit the older cases).
FIRST = [
    "appeal",
    "verdict",
    "trial",
    "investigating_judge",
    "charged",
    "returned",
    "sent",
    "investigation",
    "retrial",
    "appeal_judgment",
    "judgment",
    "dismissed",
    "dropped",
    "closed_in_investigation",
]
# What each window shows at least once, where time allows.
FEATURES = [
    "related_only",
    "reclassified",
    "custody_running",
    "custody_overdue",
    "check_in_missed",
    "absconded",
    "order_paid",
    "order_partial",
    "order_overdue",
    "settlement",
    "withdrawal",
    "no_evidence",
    "dropped",
    "non_punishment",
    "company",
    "verdict_acquitted",
    "verdict_dismissed",
    "custody_late",
    "invitation_open",
]

# The ways a case falls away before trial, and the feature each shows.
ATTRITION: dict[str, str] = {
    Closure.WITHDRAWN: "withdrawal",
    Closure.SETTLED: "settlement",
    Closure.NO_EVIDENCE: "no_evidence",
    Closure.DROPPED: "dropped",
}


# How often a national unit of each kind takes a case, against 1.0 for the others.
POLICE_WEIGHTS: dict[str, float] = {AgencyKind.POLICE: 6.0, AgencyKind.GENDARMERIE: 2.0}


def _offices(ctx: Context) -> Offices | None:
    ids = [a.pk for a in ctx.agencies]
    users = list(User.objects.filter(agency_id__in=ids, is_active=True).order_by("pk"))

    def staff(agency: Agency, capability: C, role: str = "") -> list[User]:
        found = [u for u in users if u.agency_id == agency.pk and u.can(capability)]
        preferred = [u for u in found if u.role == role]
        return preferred or found

    national, weights = [], []
    provincial: dict[str, Office] = {}
    prosecution: dict[str, Office] = {}
    courts: dict[str, Office] = {}
    appeal = None
    for agency in sorted(ctx.agencies, key=lambda a: a.pk):
        if agency.kind in POLICE_KINDS:
            office = Office(agency, staff(agency, C.INVESTIGATE, Role.POLICE_INVESTIGATOR))
            if not office.users:
                continue
            if agency.parent_id is not None:
                provincial.setdefault(agency.province, office)
            else:
                national.append(office)
                weights.append(POLICE_WEIGHTS.get(agency.kind, 1.0))
        elif agency.kind == AgencyKind.PROSECUTION:
            office = Office(agency, staff(agency, C.PROSECUTE))
            if office.users:
                prosecution.setdefault(agency.province, office)
        elif agency.kind == AgencyKind.COURT:
            office = Office(agency, staff(agency, C.RECORD_COURT))
            if not office.users:
                continue
            if agency.name == APPEAL_COURT:
                appeal = office
            else:
                courts.setdefault(agency.province, office)
    if not (national or provincial) or not prosecution or not courts:
        return None
    if not national:
        first = next(iter(provincial.values()))
        national, weights = [first], [1.0]
    return Offices(national, weights, provincial, prosecution, courts, appeal)


def _path(fate: str, rng: random.Random) -> tuple[list[str], str]:
    """The stages a case goes through to reach ``fate``, and how it ended (if it did)."""
    head: list[str] = [INV, SENT]
    if rng.random() < 0.15:
        head = [INV, SENT, RET, SENT]
    court = [*head, CHG, *([IJ] if rng.random() < 0.8 else [])]
    if fate == "investigation":
        return [INV], ""
    if fate == "closed_in_investigation":
        closure = rng.choices(
            [Closure.NO_EVIDENCE, Closure.SETTLED, Closure.WITHDRAWN], [50, 25, 25]
        )
        return [INV, FIN], closure[0]
    if fate == "sent":
        return head, ""
    if fate == "returned":
        return [INV, SENT, RET], ""
    if fate == "dropped":
        stages: list[str] = [INV, SENT, RET, FIN] if rng.random() < 0.25 else [*head, FIN]
        weights = [40, 30, 15, 15]
        kinds = [Closure.DROPPED, Closure.NO_EVIDENCE, Closure.SETTLED, Closure.WITHDRAWN]
        return stages, rng.choices(kinds, weights)[0]
    if fate == "charged":
        return [*head, CHG], ""
    if fate == "investigating_judge":
        return [*head, CHG, IJ], ""
    if fate == "dismissed":
        return [*head, CHG, IJ, FIN], Closure.DISMISSED
    if fate == "trial":
        return [*court, TRIAL], ""
    if fate == "verdict":
        return [*court, TRIAL, VERD], ""
    if fate == "appeal":
        return [*court, TRIAL, VERD, APP], ""
    if fate == "judgment":
        return [*court, TRIAL, VERD, FIN], Closure.JUDGMENT
    if fate == "appeal_judgment":
        tail = [APP, VERD, FIN] if rng.random() < 0.7 else [APP, FIN]
        return [*court, TRIAL, VERD, *tail], Closure.JUDGMENT
    if fate == "retrial":
        return [*court, TRIAL, VERD, FIN, TRIAL, VERD, FIN], Closure.JUDGMENT
    raise ValueError(fate)


def _schedule(
    stages: list[str], avail: float, forced: bool, rng: random.Random
) -> list[float] | None:
    """Days after opening at which the case enters each stage; None if that cannot fit."""
    stays = [max(1.0, rng.triangular(STAY[s][0], STAY[s][2], STAY[s][1])) for s in stages[:-1]]
    total = sum(stays)
    last = stages[-1]
    if last != FIN:
        if not stays:
            return [0.0] if avail <= WAIT[last] else None
        tail = min(avail * 0.9, rng.uniform(0.05, 1.0) * STAY[last][2])
        scale = (avail - tail) / total
        if scale > STRETCH:
            if avail - total * STRETCH > WAIT[last]:
                return None
            scale = STRETCH
    else:
        scale = min(1.0, avail * 0.97 / total)
    if scale < (0.25 if forced else 0.45):
        return None
    offsets, day = [0.0], 0.0
    for stay in stays:
        day += max(1.0, stay * scale)
        offsets.append(day)
    return offsets if offsets[-1] < avail else None


class Window:
    """The cases of one window of persons; ids are drawn as rows are made."""

    def __init__(
        self,
        ctx: Context,
        offices: Offices,
        rng: random.Random,
        ids: dict[str, Iterator[int]],
        kinds: dict[int, str],
    ) -> None:
        self.ctx, self.offices, self.rng, self.ids, self.kind = ctx, offices, rng, ids, kinds
        self.rows = Rows()
        self.counts: Counter[str] = Counter()
        self.end = ctx.end
        self.last = ctx.end - timedelta(minutes=1)
        self.as_of = ctx.as_of
        self.todo = list(FIRST)
        self.features = set(FEATURES)

    def next_id(self, kind: str) -> int:
        return int(next(self.ids[kind]))

    def want(self, feature: str) -> bool:
        return feature in self.features

    def cover(self, feature: str) -> None:
        self.features.discard(feature)

    def choose(self, avail: float) -> tuple[str, list[str], str, list[float]]:
        rng = self.rng
        for fate in list(self.todo):
            stages, closure = _path(fate, rng)
            offsets = _schedule(stages, avail, True, rng)
            if offsets is not None:
                self.todo.remove(fate)
                return fate, stages, closure, offsets
        names, weights = list(FATES), list(FATES.values())
        while names:
            fate = rng.choices(names, weights)[0]
            stages, closure = _path(fate, rng)
            offsets = _schedule(stages, avail, False, rng)
            if offsets is not None:
                return fate, stages, closure, offsets
            index = names.index(fate)
            del names[index], weights[index]
        if avail <= WAIT[INV]:
            return "investigation", [INV], "", [0.0]
        return "closed_in_investigation", [INV, FIN], Closure.NO_EVIDENCE, [0.0, avail / 2]

    def attrition(self, stages: list[str], closure: str) -> str:
        """A window shows each way a case falls away early at least once, where it can."""
        if closure in ATTRITION:
            allowed = transitions.CLOSURES[transitions.Stage(stages[-2])]
            for kind, feature in ATTRITION.items():
                if kind in allowed and self.want(feature):
                    closure = kind
                    break
            self.cover(ATTRITION[closure])
        return closure

    def run(self, victims: list[Victim]) -> None:
        rng = self.rng
        chosen = []
        for v in victims:
            chance = 0.55 if self.kind.get(v.owner) in POLICE_KINDS else 0.3
            if v.child and Exploitation.SEXUAL in v.forms:
                chance = 0.5
            if rng.random() < chance:
                chosen.append(v)
        taken: set[int] = set()
        for i, v in enumerate(chosen):
            if v.person in taken:
                continue
            group = [v]
            taken.add(v.person)
            size = rng.choices([1, 2, 3, 4], [65, 20, 10, 5])[0]
            for other in chosen[i + 1 : i + 8]:
                if len(group) >= size:
                    break
                close = other.identified_at - v.identified_at < timedelta(days=30)
                if other.person not in taken and other.form == v.form and close:
                    group.append(other)
                    taken.add(other.person)
            case = Case(self, group)
            avail = (self.end - case.opened).total_seconds() / 86400
            if avail < 0.5:
                continue
            fate, stages, closure, offsets = self.choose(avail)
            case.run(fate, stages, self.attrition(stages, closure), offsets)


def _ids(ctx: Context, model: Any, block: int = 256) -> Iterator[int]:
    """Fresh ids of ``model``, reserved a block at a time."""
    while True:
        yield from ctx.writer.allocate_ids(model, block)


def _victims(ctx: Context, lo: int, hi: int) -> list[Victim]:
    people = {
        row[0]: row
        for row in Person.objects.filter(id__gte=lo, id__lte=hi).values_list(
            "id",
            "owner_agency_id",
            "created_by_id",
            "created_at",
            "sex",
            "birth_year",
            "nationality",
            "province",
        )
    }
    screenings: dict[int, tuple[int, int, int, datetime]] = {}
    for pid, sid, agency, screener, at in (
        ScreeningRecord.objects.filter(person_id__gte=lo, person_id__lte=hi)
        .order_by("screened_at", "id")
        .values_list("person_id", "id", "agency_id", "screener_id", "screened_at")
    ):
        screenings.setdefault(pid, (sid, agency, screener, at))
    pcases: dict[int, tuple[int, int, int, datetime]] = {}
    for cid, pid, agency, worker, opener, opened in (
        ProtectionCase.objects.filter(person_id__gte=lo, person_id__lte=hi)
        .order_by("opened_at", "id")
        .values_list("id", "person_id", "agency_id", "case_worker_id", "opened_by_id", "opened_at")
    ):
        pcases.setdefault(pid, (cid, agency, worker or opener, opened))
    sees: dict[int, set[int]] = {}
    for pid, agency in PersonAccess.objects.filter(
        person_id__gte=lo, person_id__lte=hi, revoked_at__isnull=True
    ).values_list("person_id", "agency_id"):
        sees.setdefault(pid, set()).add(agency)
    victims: dict[int, Victim] = {}
    for pid, agency, identifier, at, forms in (
        Identification.objects.filter(
            person_id__gte=lo, person_id__lte=hi, designation=Designation.SUSPECTED
        )
        .order_by("identified_at", "id")
        .values_list(
            "person_id", "agency_id", "identified_by_id", "identified_at", "exploitation_types"
        )
    ):
        if pid in victims or pid not in people or at >= ctx.end:
            continue
        _pid, owner, recorder, created, sex, year, nationality, province = people[pid]
        victims[pid] = Victim(
            person=pid,
            owner=owner,
            recorder=recorder,
            created=created,
            sex=sex,
            birth_year=year,
            nationality=nationality,
            province=province,
            identified_at=at,
            ident_agency=agency,
            identifier=identifier,
            forms=[f for f in forms if f] or [],
            screening=screenings.get(pid),
            pcase=pcases.get(pid),
            sees=sees.get(pid, set()),
        )
    return sorted(victims.values(), key=lambda v: (v.identified_at, v.person))


MODELS: dict[str, Any] = {
    "case": CriminalCase,
    "victim": CaseVictim,
    "suspect": Suspect,
    "charge": Charge,
    "warrant": Warrant,
    "supervision": Supervision,
    "verdict": Verdict,
    "invitation": JointInterviewInvitation,
    "interview": Interview,
    "worksheet": CompensationWorksheet,
    "order": CompensationOrder,
    "consent": Consent,
}


def _window(ctx: Context, window: chunks.Window) -> Counter[str]:
    batch, lo, hi = window
    rng = ctx.rng("justice", batch)
    offices = _offices(ctx)
    if offices is None:
        return Counter()
    victims = _victims(ctx, lo, hi)
    kinds = {a.pk: a.kind for a in ctx.agencies}
    with transaction.atomic():
        ids = {name: _ids(ctx, model) for name, model in MODELS.items()}
        work = Window(ctx, offices, rng, ids, kinds)
        work.run(victims)
        write_rows(ctx, work.rows)
    return work.counts


def generate(ctx: Context, id_range: tuple[int, int] | None) -> dict[str, int]:
    ctx.out.write("Criminal cases, from investigation to compensation\n")
    ensure_demo_staff(ctx.agencies)  # once, before any worker starts
    if _offices(ctx) is None:
        ctx.out.write(
            "  Skipping justice: no police unit, prosecutor's office or court with staff.\n"
        )
        return {}
    return dict(chunks.run(ctx, "justice", id_range, _window))
