"""Judicial supervision of released defendants, with their reporting, and settlements of a
simulated criminal case.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from rumdoh.demo.justice_data import (
    CONDITIONS_DETAIL,
    COURT,
    INV,
    MISSED_NOTES,
    PROSECUTOR,
    RET,
    SETTLEMENT_NOTES,
    Sus,
    Vic,
    local_day,
)
from rumdoh.demo.justice_state import CaseState
from rumdoh.justice.choices import (
    Closure,
    Condition,
    CustodyOutcome,
    Proposer,
    SettlementKind,
    SupervisionStatus,
    SuspectStatus,
)

if TYPE_CHECKING:
    pass


class SupervisionSteps(CaseState):
    """Mixed into ``Case``: uses its state (``rng``, ``w``, ``rows``, the suspects and victims)."""

    def release_under_supervision(self, start: datetime, stop: datetime) -> None:
        """The investigating judge releases some defendants under judicial supervision: most of
        those the police released, some of those detained."""
        rng, w = self.rng, self.w
        until, ongoing = self.horizon()
        for sus in self.defendants():
            if not sus.natural or sus.supervision is not None:
                continue
            chances: dict[str, float] = {
                SuspectStatus.DETAINED: 0.3,
                SuspectStatus.IN_CUSTODY: 0.3,
                SuspectStatus.RELEASED: 0.6,
            }
            chance = chances.get(sus.status, 0.0)
            absconds = sus.main and self.keep_main_away and chance > 0
            wanted = chance > 0 and ongoing and w.want("check_in_missed")
            if rng.random() < chance or absconds or wanted:
                ordered = self.between(start, stop, 0.3, 0.5)
                self.supervise(sus, ordered, until, ongoing, absconds)

    def supervise(
        self, sus: Sus, ordered: datetime, until: datetime, ongoing: bool, absconds: bool
    ) -> None:
        """Released under judicial supervision, reporting until ``until`` (the verdict, or today
        when ``ongoing``); some miss a date, some abscond."""
        rng, w = self.rng, self.w
        sup_id = w.next_id("supervision")
        every = rng.choice((7, 14, 14, 30))
        ordered_on = local_day(ordered)
        first_due = ordered_on + timedelta(days=every)
        ends_on = (
            ordered_on + timedelta(days=rng.choice((180, 365))) if rng.random() < 0.3 else None
        )
        conditions = sorted(
            {
                Condition.REPORT,
                *rng.sample(
                    [Condition.STAY, Condition.PASSPORT, Condition.NO_CONTACT, Condition.BAIL],
                    rng.randint(1, 2),
                ),
            }
        )
        by = self.users(COURT) if rng.random() < 0.6 else self.users(PROSECUTOR)
        if sus.in_custody:
            self.resolve_open_arrest(sus, ordered, CustodyOutcome.CHARGED, by)
        absconds = absconds or rng.random() < 0.12
        stop_day = w.as_of if ongoing else local_day(until) - timedelta(days=2)
        # A defendant waiting today may have missed the last date, not yet recorded.
        leave_open = ongoing and (w.want("check_in_missed") or rng.random() < 0.25)
        status = SupervisionStatus.ACTIVE
        next_due: date | None = first_due
        missed_for: date | None = None
        due = first_due
        done = 0
        fled_after = rng.randint(2, 6) if absconds else -1
        while next_due is not None and due < stop_day:
            if leave_open and due + timedelta(days=every) >= stop_day:
                break  # the last date passed without a report being recorded
            if done == fled_after:
                missed_for = due
                recorded_on = min(due + timedelta(days=1), w.as_of)
                self.rows.check_ins.append(
                    (
                        sup_id,
                        due,
                        False,
                        recorded_on,
                        rng.choice(MISSED_NOTES),
                        self.investigator.pk,
                        self.noon(recorded_on),
                    )
                )
                status, next_due = SupervisionStatus.ABSCONDED, None
                sus.status = SuspectStatus.ABSCONDED
                sus.keep_away = True
                w.cover("absconded")
                break
            attended = rng.random() < 0.93
            late = 0 if attended else rng.choice((1, 1, 2))
            recorded_on = min(due + timedelta(days=late), w.as_of)
            self.rows.check_ins.append(
                (
                    sup_id,
                    due,
                    attended,
                    recorded_on,
                    "" if attended else rng.choice(MISSED_NOTES),
                    self.investigator.pk,
                    self.noon(recorded_on),
                )
            )
            if not attended:
                missed_for = due
            done += 1
            following = due + timedelta(days=every)
            if ends_on is not None and following > ends_on:
                next_due, status = None, SupervisionStatus.ENDED
            else:
                next_due = following
            due = following
        if status == SupervisionStatus.ACTIVE:
            sus.status = SuspectStatus.UNDER_SUPERVISION
            if ongoing and next_due is not None and next_due < w.as_of:
                w.cover("check_in_missed")
                w.counts["supervision reports missed today"] += 1
                if (w.as_of - next_due).days > 3:
                    missed_for = next_due
        sus.supervision = [
            sup_id,
            self.id,
            sus.id,
            ordered_on,
            self.judge,
            conditions,
            rng.choice(CONDITIONS_DETAIL) if rng.random() < 0.3 else "",
            self.unit.agency.pk,
            every,
            next_due if status == SupervisionStatus.ACTIVE else None,
            ends_on,
            status,
            missed_for,
            by.pk,
            ordered,
        ]
        w.counts["supervisions"] += 1

    def end_supervision(self, sus: Sus) -> None:
        row = sus.supervision
        if row is not None and row[11] == SupervisionStatus.ACTIVE:
            row[11], row[9] = SupervisionStatus.ENDED, None

    # settlements ---------------------------------------------------------------------------

    def settle(self, start: datetime, stop: datetime, closure: str, vic: Vic | None) -> None:
        """A settlement with, or a withdrawal by, ``vic``: who proposed it and for how much."""
        rng, w = self.rng, self.w
        when = self.between(start, stop, 0.6, 0.99)
        if closure == Closure.SETTLED:
            kind = SettlementKind.SETTLEMENT
            proposer = rng.choices(
                [
                    Proposer.DEFENDANT,
                    Proposer.DEFENDANT_FAMILY,
                    Proposer.LOCAL_AUTHORITY,
                    Proposer.VICTIM_FAMILY,
                    Proposer.POLICE,
                    Proposer.OTHER,
                ],
                [35, 30, 15, 10, 5, 5],
            )[0]
            amount: int | None = rng.randrange(10, 200) * 100_000
        else:
            kind = SettlementKind.WITHDRAWAL
            proposer = rng.choices(
                [
                    Proposer.VICTIM,
                    Proposer.VICTIM_FAMILY,
                    Proposer.DEFENDANT_FAMILY,
                    Proposer.OTHER,
                ],
                [40, 40, 10, 10],
            )[0]
            amount = None
        by = self.investigator if self.stage in (INV, RET) else self.users(PROSECUTOR)
        self.rows.settlements.append(
            (
                self.id,
                kind,
                proposer,
                amount,
                local_day(when),
                vic.id if vic else None,
                self.suspects[0].id,
                rng.choice(SETTLEMENT_NOTES),
                by.pk,
                when,
            )
        )
        if vic is not None:
            vic.participates = False
        w.cover(str(kind))
        w.counts[f"{kind}s"] += 1
