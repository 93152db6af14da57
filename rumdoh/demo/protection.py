"""Stage 3: formal identifications, referrals, protection cases with their history, services and
follow-ups, for persons already generated.

The flow follows ``rumdoh.protection.services``: an eligible identifier identifies a suspected
victim (screened or not) and, if the identifier manages cases, a case opens at that agency; with
the person's consent to referral a referral goes to a provider in the directory, which accepts
(a case opens there at reception), declines (and the person is referred elsewhere) or has not
answered yet. Cases then move through the stages of Prakas 852 as time allows: old cases are
mostly closed, recent ones at their first stages; some follow-ups are overdue.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import transaction

from rumdoh.accounts.models import User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.demo import chunks
from rumdoh.demo.context import Context
from rumdoh.demo.protection_data import (
    DECLINE_REASONS,
    FOLLOW_UP_PURPOSES,
    FORCED_LABOUR_SECTORS,
    GOALS,
    IDENTIFY_CHANCE,
    NOTES,
    STAGE_DAYS,
    STAGE_SERVICES,
)
from rumdoh.demo.protection_rows import Rows, write_rows
from rumdoh.demo.providers import EMBASSY_PROVIDERS, ensure_demo_providers
from rumdoh.people.models import AccessSource, Consent, ConsentScope, Person
from rumdoh.protection.choices import (
    Basis,
    ClosureReason,
    Designation,
    Exploitation,
    FollowUpOutcome,
    ReferralStatus,
    Sector,
    Stage,
)
from rumdoh.protection.choices import ServiceArea as S
from rumdoh.protection.models import (
    Identification,
    ProtectionCase,
    Referral,
    ServiceProvider,
)
from rumdoh.protection.rules import entitlements
from rumdoh.screening.models import ScreeningRecord


@dataclass
class Staff:
    identifiers: list[User]
    referrers: dict[int, list[User]]
    responders: dict[int, list[User]]
    case_workers: dict[int, list[User]]
    any_referrer: list[User]
    providers: list[ServiceProvider]
    answered: list[ServiceProvider]  # providers whose agency has someone to answer


def _staff(ctx: Context) -> Staff:
    def by_agency(capability: C) -> dict[int, list[User]]:
        found: dict[int, list[User]] = {}
        for user in ctx.users:
            if user.agency_id and user.can(capability):
                found.setdefault(user.agency_id, []).append(user)
        return found

    identifiers = [u for u in ctx.users if u.can(C.IDENTIFY) and u.agency and u.agency.can_identify]
    # Embassies assist their own nationals found in the demo raid (``demo.operations``), not
    # the victims of the generated records.
    providers = [
        p
        for p in ensure_demo_providers(ctx.agencies)
        if p.is_active and p.name not in EMBASSY_PROVIDERS.values()
    ]
    responders = by_agency(C.RESPOND_REFERRALS)
    referrers = by_agency(C.REFER)
    return Staff(
        identifiers=identifiers,
        referrers=referrers,
        responders=responders,
        case_workers=by_agency(C.MANAGE_CASES),
        any_referrer=[u for users in referrers.values() for u in users],
        providers=providers,
        answered=[p for p in providers if p.agency_id in responders],
    )


def _forms(rng: random.Random, observations: dict[str, str] | None, child: bool) -> list[str]:
    obs = observations or {}
    forms = []
    if obs.get("PURPOSE-SEXUAL") == "yes":
        forms.append(Exploitation.SEXUAL)
    if obs.get("PURPOSE-FORCED-MARRIAGE") == "yes":
        forms.append(Exploitation.FORCED_MARRIAGE)
    if obs.get("PURPOSE-FORCED-CRIMINALITY") == "yes":
        forms.append(Exploitation.FORCED_CRIMINALITY)
    if any(v == "yes" for k, v in obs.items() if k.startswith("FL-")) and not forms:
        forms.append(Exploitation.FORCED_LABOUR)
    if not forms:
        forms.append(
            rng.choices(
                [
                    Exploitation.FORCED_LABOUR,
                    Exploitation.FORCED_CRIMINALITY,
                    Exploitation.SEXUAL,
                    Exploitation.FORCED_MARRIAGE,
                ],
                [40, 30, 20, 10],
            )[0]
        )
    return sorted(str(f) for f in forms)


def _sectors(rng: random.Random, forms: list[str], child: bool) -> list[str]:
    sectors = set()
    for form in forms:
        if form == Exploitation.FORCED_CRIMINALITY:
            sectors.add(Sector.SCAM_COMPOUND)
        elif form == Exploitation.SEXUAL:
            online = child and rng.random() < 0.3
            sectors.add(Sector.ONLINE_CHILD_ABUSE if online else Sector.ENTERTAINMENT)
        elif form == Exploitation.FORCED_MARRIAGE:
            sectors.add(Sector.MARRIAGE)
        else:
            sectors.add(rng.choice(FORCED_LABOUR_SECTORS))
    return sorted(str(s) for s in sectors)


def _accepts(provider: ServiceProvider, sex: str, age: int | None) -> bool:
    if provider.sexes and sex not in provider.sexes:
        return False
    if age is None:
        return True
    if provider.min_age is not None and age < provider.min_age:
        return False
    return provider.max_age is None or age <= provider.max_age


class _Window:
    """The rows of one window of persons; ids are drawn as rows are made."""

    def __init__(self, ctx: Context, staff: Staff, rng: random.Random, ids: dict[str, Any]):
        self.ctx, self.staff, self.rng, self.ids = ctx, staff, rng, ids
        self.rows = Rows()
        self.counts: Counter[str] = Counter()
        self.paid: set[tuple[int, str]] = set()

    def next_id(self, kind: str) -> int:
        return int(next(self.ids[kind]))

    def clamp(self, when: datetime) -> datetime:
        return min(when, self.ctx.end - timedelta(minutes=1))

    def person(
        self, row: tuple[Any, ...], screening: tuple[Any, ...] | None, consent: bool
    ) -> None:
        rng = self.rng
        pid, owner_id, _creator, created, sex, year, nationality = row
        determination = screening[1] if screening else None
        if rng.random() >= IDENTIFY_CHANCE[determination] or not self.staff.identifiers:
            return
        age = self.ctx.as_of.year - year if year else None
        child = age is not None and age - (self.ctx.as_of.year - created.year) < 18
        identifier = rng.choice(self.staff.identifiers)
        start = screening[2] if screening else created
        at = self.clamp(start + timedelta(days=rng.uniform(0.2, 10)))
        suspected = rng.random() < 0.92
        forms = _forms(rng, screening[3] if screening else None, child) if suspected else []
        if screening:
            basis = Basis.SCREENING
        elif nationality != "KH" and rng.random() < 0.1:
            basis = Basis.FOREIGN
        else:
            basis = rng.choice([Basis.INTERVIEW, Basis.SHORT_FORM, Basis.DETAILED_FORM])
        ident_id = self.next_id("identification")
        self.rows.identifications.append(
            (
                ident_id,
                pid,
                identifier.agency_id,
                identifier.pk,
                at,
                at,
                Designation.SUSPECTED if suspected else Designation.NOT_VICTIM,
                forms,
                _sectors(rng, forms, child) if suspected else [],
                basis,
                screening[0] if screening else None,
                "Royal Thai Police" if basis == Basis.FOREIGN else "",
                rng.choice(NOTES),
            )
        )
        self.counts["identifications"] += 1
        if not suspected:
            return
        case_here = None
        if identifier.can(C.MANAGE_CASES):
            case_here = self.open_case(pid, identifier, identifier, at, Stage.IDENTIFICATION)
        referral_outcome = None
        if consent and rng.random() < 0.8:
            referrer = identifier if identifier.can(C.REFER) else None
            if referrer is None:
                own = self.staff.referrers.get(owner_id) or self.staff.any_referrer
                referrer = rng.choice(own)
            referral_outcome = self.refer(pid, referrer, sex, age, at, nationality)
        if case_here is not None:
            self.run_case(case_here, nationality, referred=referral_outcome == "accepted")

    def refer(
        self, pid: int, referrer: User, sex: str, age: int | None, at: datetime, nat: str
    ) -> str | None:
        rng, staff = self.rng, self.staff
        fitting = [p for p in staff.providers if p.agency_id != referrer.agency_id]
        fitting = [p for p in fitting if _accepts(p, sex, age)] or fitting
        if not fitting:
            return None
        answered = [p for p in fitting if p in staff.answered]
        provider = rng.choice(answered if answered and rng.random() < 0.8 else fitting)
        created = self.clamp(at + timedelta(days=rng.uniform(0, 5)))
        offered = list(provider.services or [S.CASE_MANAGEMENT])
        needs = sorted(rng.sample(offered, k=min(len(offered), rng.randint(1, 3))))
        responders = staff.responders.get(provider.agency_id, [])
        recent = (self.ctx.end - created).days < 10
        if recent:
            status = ReferralStatus.PENDING
        elif not responders:
            status = rng.choice([ReferralStatus.PENDING, ReferralStatus.WITHDRAWN])
        else:
            status = rng.choices(
                [
                    ReferralStatus.ACCEPTED,
                    ReferralStatus.DECLINED,
                    ReferralStatus.WITHDRAWN,
                    ReferralStatus.PENDING,
                ],
                [72, 16, 4, 8],
            )[0]
        responded_at, responder = None, None
        if status != ReferralStatus.PENDING:
            responded_at = self.clamp(created + timedelta(days=rng.uniform(0.3, 7)))
            withdrawn = status == ReferralStatus.WITHDRAWN
            responder = referrer if withdrawn else rng.choice(responders)
        ref_id = self.next_id("referral")
        self.rows.referrals.append(
            (
                ref_id,
                created,
                referrer.agency_id,
                referrer.pk,
                provider.pk,
                pid,
                needs,
                status,
                responded_at,
                responder.pk if responder else None,
                rng.choice(DECLINE_REASONS) if status == ReferralStatus.DECLINED else "",
                "",
                None,
            )
        )
        # As the service does: a declined or withdrawn referral no longer lets the provider see
        # the person (``people.services.revoke_referral_access``).
        ended = status in (ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN)
        self.rows.access.append(
            (
                pid,
                provider.agency_id,
                AccessSource.REFERRAL,
                ref_id,
                created,
                responded_at if ended else None,
            )
        )
        self.counts[f"referrals {status}"] += 1
        if status == ReferralStatus.ACCEPTED and responder is not None and responded_at:
            workers = staff.case_workers.get(provider.agency_id, [])
            worker = rng.choice(workers) if workers else None
            case = self.open_case(
                pid, responder, worker, responded_at, Stage.RECEPTION, referral=ref_id, needs=needs
            )
            self.run_case(case, nat, referred=False)
        return str(status)

    def open_case(
        self,
        pid: int,
        opener: User,
        worker: User | None,
        at: datetime,
        stage: str,
        referral: int | None = None,
        needs: list[str] | None = None,
    ) -> dict[str, Any]:
        case_id = self.next_id("case")
        self.counts["cases"] += 1
        return {
            "id": case_id,
            "person": pid,
            "agency": opener.agency_id,
            "worker": worker,
            "opener": opener,
            "opened_at": at,
            "stage": stage,
            "referral": referral,
            "identification": self.rows.identifications[-1][0]
            if stage == Stage.IDENTIFICATION
            else None,
            "needs": needs or [],
        }

    def run_case(self, case: dict[str, Any], nationality: str, referred: bool) -> None:
        """Move the case along its stages while time allows; record history, services, visits."""
        rng, end = self.rng, self.ctx.end
        actor: User = case["worker"] or case["opener"]
        if case["stage"] == Stage.IDENTIFICATION:
            path = [Stage.IDENTIFICATION, Stage.CRISIS]
            if nationality != "KH":
                path.append(Stage.REPATRIATION)
            path.append(Stage.REFERRAL)
            if not referred:
                path += [Stage.PLANNING, Stage.ASSESSMENT, Stage.RECOVERY, Stage.REINTEGRATION]
                path.append(Stage.FOLLOW_UP)
        else:
            path = [Stage.RECEPTION, Stage.PLANNING, Stage.ASSESSMENT, Stage.RECOVERY]
            path += [Stage.REINTEGRATION, Stage.FOLLOW_UP]
        history = [(case["opened_at"], "", path[0])]
        now = case["opened_at"]
        closed_at, reason = None, ""
        stalls = rng.random() < 0.1
        for i, stage in enumerate(path):
            self.services(case, stage, now, actor)
            stay = timedelta(days=STAGE_DAYS.get(stage, 10) * rng.expovariate(1.0) + 0.5)
            if stalls and stage in (Stage.RECOVERY, Stage.PLANNING) and rng.random() < 0.5:
                nxt = now + timedelta(days=rng.uniform(30, 120))
                if nxt < end:
                    closed_at, reason = nxt, ClosureReason.LOST_CONTACT
                break
            nxt = now + stay
            if nxt >= end:
                break
            if stage in (Stage.REINTEGRATION, Stage.FOLLOW_UP):
                self.follow_ups(case, now, min(nxt, end), actor)
            if i + 1 < len(path):
                history.append((nxt, stage, path[i + 1]))
                now = nxt
                continue
            closed_at = nxt
            reason = ClosureReason.REINTEGRATED
            if referred:
                reason = ClosureReason.TRANSFERRED
        if referred and closed_at is None and history[-1][2] == Stage.REFERRAL:
            done = history[-1][0] + timedelta(days=rng.uniform(3, 20))
            if done < end:
                closed_at, reason = done, ClosureReason.TRANSFERRED
        if closed_at is None and rng.random() < 0.03:
            gone = now + timedelta(days=rng.uniform(5, 60))
            if gone < end:
                closed_at = gone
                reason = rng.choice([ClosureReason.DECLINED, ClosureReason.OTHER])
        stage = history[-1][2]
        if closed_at is not None:
            history.append((closed_at, stage, Stage.CLOSURE))
            stage = Stage.CLOSURE
            self.counts["cases closed"] += 1
        else:
            self.counts[f"cases at {stage}"] += 1
            if stage in (Stage.REINTEGRATION, Stage.FOLLOW_UP, Stage.RECOVERY):
                self.schedule(case, now, actor)
        for at, before, after in history:
            self.rows.history.append((case["id"], at, actor.pk, before, after, ""))
        self.rows.cases.append(
            (
                case["id"],
                case["person"],
                case["agency"],
                case["worker"].pk if case["worker"] else None,
                case["opened_at"],
                case["opener"].pk,
                stage,
                closed_at,
                reason,
                case["identification"],
                case["referral"],
            )
        )
        needs = case["needs"] or sorted(rng.sample([S.HOUSING, S.MEDICAL, S.ECONOMIC, S.FAMILY], 2))
        self.rows.plans.append((case["id"], needs, rng.choice(GOALS), 1, now, actor.pk))

    def services(self, case: dict[str, Any], stage: str, at: datetime, actor: User) -> None:
        rng = self.rng
        for area in STAGE_SERVICES.get(stage, []):
            if rng.random() < 0.55:
                day = min(at + timedelta(days=rng.uniform(0, 5)), self.ctx.end).date()
                self.service(case, area, day, actor, "", None)
        person = case["person"]
        food = (person, entitlements.FOOD_ALLOWANCE)
        if (
            stage in (Stage.CRISIS, Stage.RECEPTION)
            and food not in self.paid
            and rng.random() < 0.6
        ):
            self.paid.add(food)
            day = min(at + timedelta(days=1), self.ctx.end).date()
            amount = entitlements.FOOD_ALLOWANCE_RIEL
            self.service(case, S.ECONOMIC, day, actor, entitlements.FOOD_ALLOWANCE, amount)
        stipend = (person, entitlements.LIVING_STIPEND)
        if stage == Stage.RECOVERY and stipend not in self.paid and rng.random() < 0.5:
            self.paid.add(stipend)
            for month in range(entitlements.LIVING_STIPEND_MONTHS):
                day = (at + timedelta(days=30 * month + 2)).date()
                if day < self.ctx.as_of:
                    amount = entitlements.LIVING_STIPEND_MONTHLY_RIEL
                    self.service(case, S.ECONOMIC, day, actor, entitlements.LIVING_STIPEND, amount)

    def service(
        self, case: dict[str, Any], area: str, day: date, actor: User, kind: str, amount: Any
    ) -> None:
        provider = self.staff_provider(case["agency"])
        self.rows.services.append(
            (case["id"], area, kind, amount, day, provider, "", actor.pk, _noon(day))
        )
        self.counts["services"] += 1

    def staff_provider(self, agency_id: int) -> int | None:
        for provider in self.staff.providers:
            if provider.agency_id == agency_id:
                return provider.pk
        return None

    def follow_ups(
        self, case: dict[str, Any], start: datetime, stop: datetime, actor: User
    ) -> None:
        rng = self.rng
        due = start + timedelta(days=rng.uniform(45, 90))
        while due < stop:
            done = due + timedelta(days=rng.uniform(-5, 15))
            if done < self.ctx.end and rng.random() < 0.9:
                outcome = rng.choices(
                    [
                        FollowUpOutcome.STABLE,
                        FollowUpOutcome.NEEDS_SUPPORT,
                        FollowUpOutcome.AT_RISK,
                        FollowUpOutcome.NOT_REACHED,
                    ],
                    [60, 25, 7, 8],
                )[0]
                self.follow_up(case, due.date(), done.date(), outcome, actor, start)
            else:
                self.follow_up(case, due.date(), None, "", actor, start)
            due += timedelta(days=rng.uniform(60, 120))

    def schedule(self, case: dict[str, Any], since: datetime, actor: User) -> None:
        """The next visit of an open case; when its date has passed, it is overdue."""
        due = since + timedelta(days=self.rng.uniform(20, 120))
        self.follow_up(case, due.date(), None, "", actor, since)
        if due.date() < self.ctx.as_of:
            self.counts["follow-ups overdue"] += 1

    def follow_up(
        self,
        case: dict[str, Any],
        due: date,
        done: date | None,
        outcome: str,
        actor: User,
        created: datetime,
    ) -> None:
        purpose = self.rng.choice(FOLLOW_UP_PURPOSES)
        self.rows.follow_ups.append(
            (
                case["id"],
                due,
                purpose,
                done,
                outcome,
                "",
                actor.pk,
                actor.pk if done else None,
                created,
            )
        )
        self.counts["follow-ups"] += 1


def _noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 5, tzinfo=UTC)


def _ids(ctx: Context, model: Any, block: int = 256) -> Iterator[int]:
    """Fresh ids of ``model``, reserved a block at a time."""
    while True:
        yield from ctx.writer.allocate_ids(model, block)


def _window(ctx: Context, window: chunks.Window) -> Counter[str]:
    batch, lo, hi = window
    rng = ctx.rng("protection", batch)
    staff = _staff(ctx)
    people = list(
        Person.objects.filter(id__gte=lo, id__lte=hi)
        .order_by("id")
        .values_list(
            "id",
            "owner_agency_id",
            "created_by_id",
            "created_at",
            "sex",
            "birth_year",
            "nationality",
        )
    )
    screenings: dict[int, tuple[Any, ...]] = {}
    for row in (
        ScreeningRecord.objects.filter(person_id__gte=lo, person_id__lte=hi)
        .order_by("screened_at", "id")
        .values_list("person_id", "id", "determination", "screened_at", "observations")
    ):
        screenings[row[0]] = row[1:]
    consented = set(
        Consent.objects.filter(
            person_id__gte=lo,
            person_id__lte=hi,
            scope=ConsentScope.REFERRAL,
            withdrawn_at__isnull=True,
        ).values_list("person_id", flat=True)
    )
    with transaction.atomic():
        ids = {
            "identification": _ids(ctx, Identification),
            "referral": _ids(ctx, Referral),
            "case": _ids(ctx, ProtectionCase),
        }
        work = _Window(ctx, staff, rng, ids)
        for person in people:
            work.person(person, screenings.get(person[0]), person[0] in consented)
        write_rows(ctx, work.rows)
    return work.counts


def generate(ctx: Context, id_range: tuple[int, int] | None) -> dict[str, int]:
    ctx.out.write("Identifications, referrals and protection cases\n")
    _staff(ctx)  # create the directory's demo entries once, before any worker starts
    return dict(chunks.run(ctx, "protection", id_range, _window))
