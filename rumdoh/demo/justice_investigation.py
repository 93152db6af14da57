"""The police investigation, the prosecutor's decisions and charges, and the investigating
judge's part of a simulated criminal case.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from rumdoh.accounts.models import User
from rumdoh.demo import suspect_data as SD
from rumdoh.demo.justice_data import (
    CHG,
    COMPANY_OFFENCES,
    INV,
    PROSECUTOR,
    RELATED,
    RELATED_ONLY,
    SENT,
    TRAFFICKING,
    Sus,
)
from rumdoh.demo.justice_state import CaseState
from rumdoh.justice.choices import (
    ChargeLevel,
    HearingKind,
    InterviewPurpose,
    Origin,
    SuspectStatus,
    WarrantKind,
    WarrantStatus,
)
from rumdoh.justice.rules import offences
from rumdoh.protection.choices import Exploitation

if TYPE_CHECKING:
    pass


class InvestigationSteps(CaseState):
    """Mixed into ``Case``: uses its state (``rng``, ``w``, ``rows``, the suspects and victims)."""

    # investigation -------------------------------------------------------------------------

    def investigate(self, stage: str, start: datetime, stop: datetime, nxt: str | None) -> None:
        rng = self.rng
        first = stage == INV and start == self.opened
        for vic in self.vics:
            statements = (
                (1 + (rng.random() < 0.4) + (rng.random() < 0.15))
                if first
                else int(rng.random() < 0.6)
            )
            for _ in range(statements):
                self.statement(vic, self.between(start, stop, 0.02, 0.9))
        if first and self.origin == Origin.RAID:
            target = rng.choice(
                SD.RAID_PLACES.get(self.province, ["Premises named by the victims"])
            )
            issued = start - timedelta(days=rng.uniform(0.5, 3))
            self.warrant(
                None,
                WarrantKind.SEARCH,
                issued,
                self.deputy,
                status=WarrantStatus.SERVED,
                served=start,
                target=target,
            )
        for sus in self.suspects:
            if not sus.natural:
                if first and rng.random() < 0.6:
                    issued = self.between(start, stop, 0.1, 0.6)
                    self.warrant(
                        sus,
                        WarrantKind.SUMMONS,
                        issued,
                        self.deputy,
                        status=WarrantStatus.SERVED,
                        served=self.between(issued, stop, 0, 0.3),
                    )
                continue
            if sus.in_custody or sus.status == SuspectStatus.DETAINED:
                continue
            if sus.main and self.keep_main_away:
                if first:
                    issued = self.between(start, stop, 0.1, 0.5)
                    self.warrant(
                        sus,
                        WarrantKind.ARREST,
                        issued,
                        self.deputy,
                        status=WarrantStatus.NOT_SERVED,
                        sent=issued + timedelta(days=1),
                    )
                continue
            chance = 0.65 if first and self.origin == Origin.RAID else (0.4 if first else 0.2)
            if rng.random() < chance:
                if first and self.origin == Origin.RAID and rng.random() < 0.7:
                    self.arrest(
                        sus, start + timedelta(hours=rng.uniform(0, 6)), place=self._place()
                    )
                else:
                    issued = self.between(start, stop, 0.05, 0.6)
                    when = self.between(issued, stop, 0.1, 0.8)
                    warrant = self.warrant(
                        sus,
                        WarrantKind.ARREST,
                        issued,
                        self.deputy,
                        status=WarrantStatus.SENT,
                        sent=self.between(issued, when, 0.0, 0.5),
                    )
                    self.arrest(sus, when, place=self._place(), warrant=warrant)
            elif first and rng.random() < 0.4:
                issued = self.between(start, stop, 0.1, 0.7)
                status = rng.choice([WarrantStatus.SENT, WarrantStatus.NOT_SERVED])
                self.warrant(
                    sus,
                    WarrantKind.ARREST,
                    issued,
                    self.deputy,
                    status=status,
                    sent=issued + timedelta(hours=rng.uniform(2, 48)),
                )
        if nxt == SENT or (nxt is None and rng.random() < 0.5):
            when = self.between(start, stop, 0.6, 0.98)
            for sus in self.suspects:
                if not sus.recommended:
                    self.recommend(sus, when)

    def recommend(self, sus: Sus, when: datetime) -> None:
        rng = self.rng
        if self.related_only is not None:
            codes = list(self.related_only)
        elif not sus.natural:
            codes = [rng.choice(COMPANY_OFFENCES.get(sus.company_kind, ["LSHTSE-12"]))]
        else:
            options = TRAFFICKING[self.form]
            codes = [rng.choices([c for c, _ in options], [x for _, x in options])[0]]
            if rng.random() < 0.35:
                codes.append(rng.choice(RELATED[self.form]))
        for code in dict.fromkeys(codes):
            sus.recommended.append(
                self.charge(sus, code, ChargeLevel.RECOMMENDED, when, self.investigator)
            )
            self.recommended += 1

    def charge(self, sus: Sus, code: str, level: str, when: datetime, by: User) -> int:
        charge_id = self.w.next_id("charge")
        entry = offences.get(code)
        assert entry is not None, code
        exploitation = entry.exploitation
        if offences.needs_exploitation(code):
            exploitation = self.form or Exploitation.OTHER
        self.rows.charges.append(
            (charge_id, self.id, sus.id, code, level, exploitation, "", by.pk, when)
        )
        self.charge_suspect[charge_id] = sus
        self.charge_offence[charge_id] = code
        return charge_id

    # prosecution ---------------------------------------------------------------------------

    def prosecution(self, start: datetime, stop: datetime, nxt: str | None) -> None:
        rng = self.rng
        for vic in self.vics:
            if rng.random() < 0.35:
                self.interview(
                    vic,
                    self.office.agency.pk,
                    self.users(PROSECUTOR),
                    self.between(start, stop, 0.1, 0.8),
                    InterviewPurpose.PROSECUTION,
                    self.id,
                )
        if nxt == CHG:
            when = self.between(start, stop, 0.5, 0.97)
            self.bring_charges(when)

    def bring_charges(self, when: datetime) -> None:
        rng = self.rng
        by = self.users(PROSECUTOR)
        for sus in self.suspects:
            if not sus.recommended:
                continue
            if not sus.main and len(self.suspects) > 1 and rng.random() < 0.15:
                continue  # not charged: the prosecutor found too little against them
            if self.reclassify:
                codes = [
                    c
                    for c in (self.charge_offence[i] for i in sus.recommended)
                    if not offences.is_trafficking(c)
                ]
                codes = codes or list(RELATED_ONLY[self.form][0])
            else:
                codes = [self.charge_offence[i] for i in sus.recommended if rng.random() < 0.9]
                codes = codes or [self.charge_offence[sus.recommended[0]]]
            for code in dict.fromkeys(codes):
                sus.charged.append(self.charge(sus, code, ChargeLevel.CHARGED, when, by))
                self.charged += 1
        if not self.charged:  # at least the main suspect
            main = self.suspects[0]
            code = self.charge_offence[main.recommended[0]] if main.recommended else "CC-253"
            main.charged.append(self.charge(main, code, ChargeLevel.CHARGED, when, by))
            self.charged += 1

    def charged_stage(self, start: datetime, stop: datetime, final: bool) -> None:
        rng = self.rng
        if final:  # waiting for the investigating judge: some already released under supervision
            self.release_under_supervision(start, stop)
        for sus in self.defendants():
            if (
                sus.natural
                and sus.status == SuspectStatus.AT_LARGE
                and not sus.keep_away
                and rng.random() < 0.3
            ):
                issued = self.between(start, stop, 0.0, 0.5)
                self.warrant(
                    sus,
                    WarrantKind.ARREST,
                    issued,
                    self.judge,
                    status=WarrantStatus.SENT,
                    sent=issued + timedelta(hours=5),
                )

    def defendants(self) -> list[Sus]:
        return [s for s in self.suspects if s.charged]

    # investigating judge -------------------------------------------------------------------

    def judicial_investigation(self, start: datetime, stop: datetime, final: bool) -> None:
        rng, w = self.rng, self.w
        for _ in range(rng.choice((1, 1, 2))):
            self.hearing(
                HearingKind.INVESTIGATING_JUDGE, self.between(start, stop, 0.2, 0.9), self.court
            )
        if final and rng.random() < 0.6:
            self.hearing(
                HearingKind.INVESTIGATING_JUDGE,
                w.end + timedelta(days=rng.uniform(5, 60)),
                self.court,
                held=False,
            )
        for vic in self.vics:
            if rng.random() < (0.6 if vic.participates else 0.25):
                self.interview(
                    vic,
                    self.court.agency.pk,
                    self.clerk,
                    self.between(start, stop, 0.1, 0.9),
                    InterviewPurpose.INVESTIGATING_JUDGE,
                    self.id,
                )
        for sus in self.defendants():
            if not sus.natural:
                continue
            if sus.status == SuspectStatus.AT_LARGE and not sus.keep_away and rng.random() < 0.5:
                self.arrest(sus, self.between(start, stop, 0.05, 0.3), place=self._place())
        self.release_under_supervision(start, stop)
