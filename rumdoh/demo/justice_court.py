"""The court's part of a simulated criminal case: trial, verdicts and sentences, appeal, the
retrial of an absconder caught after a conviction in absentia, and compensation — worksheets,
orders, payments and enforcement.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from rumdoh.demo.justice_data import (
    COURT_NOTES,
    ENFORCEMENT_NOTES,
    PAYMENT_NOTES,
    PROSECUTOR,
    VERD,
    Office,
    Sus,
    Vic,
    local_day,
    noon_of,
    round_riel,
)
from rumdoh.demo.justice_state import CaseState
from rumdoh.justice.choices import (
    Closure,
    CompanyKind,
    CustodyOutcome,
    EnforcementKind,
    HearingKind,
    Instance,
    InterviewPurpose,
    PaymentMethod,
    SuspectStatus,
    VerdictOutcome,
)
from rumdoh.justice.orders import claim_data
from rumdoh.justice.rules import compensation, offences
from rumdoh.justice.rules.compensation import Claim, Item
from rumdoh.protection.choices import Exploitation


class CourtSteps(CaseState):
    """Mixed into ``Case``: uses its state (``rng``, ``w``, ``rows``, the suspects and victims)."""

    compensation_ordered: bool

    # trial ---------------------------------------------------------------------------------

    def trial(self, start: datetime, stop: datetime, nxt: str | None, final: bool) -> None:
        rng, w = self.rng, self.w
        retrial = bool(self.retried_pending())
        court = self.court
        if not retrial and len(self.vics) > 1 and rng.random() < 0.15:
            # One victim settles with the accused; the prosecution of the case goes on.
            self.settle(start, stop, Closure.SETTLED, self.vics[-1])
        for _ in range(rng.choice((1, 2, 2, 3))):
            self.hearing(HearingKind.TRIAL, self.between(start, stop, 0.1, 0.85), court)
        for vic in self.vics:
            if vic.participates and rng.random() < 0.8:
                self.interview(
                    vic,
                    court.agency.pk,
                    self.clerk,
                    self.between(start, stop, 0.1, 0.85),
                    InterviewPurpose.TRIAL,
                    self.id,
                )
        if final:
            if rng.random() < 0.8:
                self.hearing(
                    HearingKind.TRIAL, w.end + timedelta(days=rng.uniform(2, 45)), court, held=False
                )
            return
        if nxt != VERD:
            return
        decided = self.at_work(stop - timedelta(days=rng.choice((0, 1, 1, 2))))
        if not start < decided < stop:
            decided = start + (stop - start) * 0.95
        self.hearing(HearingKind.VERDICT, decided - timedelta(hours=1), court)
        if retrial:
            self.retrial_verdicts(decided)
        else:
            self.first_instance(decided)

    def first_instance(self, when: datetime) -> None:
        rng, w = self.rng, self.w
        day = local_day(when)
        convicted_any = False
        for sus in self.defendants():
            absent = sus.natural and (
                sus.status == SuspectStatus.ABSCONDED
                or sus.keep_away
                or sus.status == SuspectStatus.AT_LARGE
            )
            if absent:
                base = VerdictOutcome.CONVICTED_IN_ABSENTIA
            elif sus.natural and w.want("verdict_dismissed"):
                base = VerdictOutcome.DISMISSED
            elif w.want("verdict_acquitted"):
                base = VerdictOutcome.ACQUITTED
            else:
                base = rng.choices(
                    [VerdictOutcome.CONVICTED, VerdictOutcome.ACQUITTED, VerdictOutcome.DISMISSED],
                    [72, 18, 10],
                )[0]
                if not sus.natural and base == VerdictOutcome.DISMISSED:
                    base = VerdictOutcome.CONVICTED
            outcomes = []
            for charge_id in sus.charged:
                outcome = base
                if base != VerdictOutcome.CONVICTED_IN_ABSENTIA and rng.random() < 0.12:
                    outcome = (
                        VerdictOutcome.ACQUITTED
                        if base == VerdictOutcome.CONVICTED
                        else VerdictOutcome.CONVICTED
                    )
                verdict_id = self.verdict(charge_id, outcome, Instance.FIRST, when, self.court)
                self.first_verdicts[charge_id] = (verdict_id, outcome)
                if outcome == VerdictOutcome.CONVICTED_IN_ABSENTIA:
                    self.absentia.append((verdict_id, charge_id, sus.id, day))
                outcomes.append(outcome)
                w.cover(f"verdict_{outcome}")
                w.counts[f"verdicts {outcome}"] += 1
            self.end_supervision(sus)
            if VerdictOutcome.CONVICTED_IN_ABSENTIA in outcomes:
                sus.status = SuspectStatus.ABSCONDED
            elif VerdictOutcome.CONVICTED in outcomes:
                sus.status = SuspectStatus.DETAINED
                convicted_any = True
            else:
                sus.status = SuspectStatus.RELEASED
            if sus.in_custody:
                self.resolve_open_arrest(
                    sus, when - timedelta(hours=1), CustodyOutcome.CHARGED, self.investigator
                )
        self.convicted_any = convicted_any or bool(self.absentia)

    def retried_pending(self) -> list[tuple[int, int, int, date]]:
        """Convictions in absentia not yet tried again whose defendant has been caught since."""
        found = []
        for row in self.absentia:
            caught = self.suspect(row[2]).caught_since
            if row[0] not in self.retried and caught is not None and caught >= row[3]:
                found.append(row)
        return found

    def retrial_verdicts(self, when: datetime) -> None:
        rng, w = self.rng, self.w
        for verdict_id, charge_id, suspect, _since in self.retried_pending():
            outcome = VerdictOutcome.CONVICTED if rng.random() < 0.85 else VerdictOutcome.ACQUITTED
            self.verdict(
                charge_id, outcome, Instance.RETRIAL, when, self.court, retrial_of=verdict_id
            )
            self.retried.add(verdict_id)
            convicted = outcome == VerdictOutcome.CONVICTED
            self.suspect(suspect).status = (
                SuspectStatus.DETAINED if convicted else SuspectStatus.RELEASED
            )
            w.counts["retrials"] += 1

    def verdict(
        self,
        charge_id: int,
        outcome: str,
        instance: str,
        when: datetime,
        court: Office,
        retrial_of: int | None = None,
        sentence: tuple[int | None, int | None, int | None, str] | None = None,
    ) -> int:
        sus = self.charge_suspect[charge_id]
        code = self.charge_offence[charge_id]
        prison, suspended, fine, diversion = None, None, None, ""
        if outcome in (VerdictOutcome.CONVICTED, VerdictOutcome.CONVICTED_IN_ABSENTIA):
            prison, suspended, fine, diversion = sentence or self.sentence(code, sus)
            if outcome == VerdictOutcome.CONVICTED_IN_ABSENTIA:  # no leniency for the absent
                suspended, diversion = None, ""
        verdict_id = self.w.next_id("verdict")
        clerk = court.users[0] if court is not self.court else self.clerk
        self.rows.verdicts.append(
            (
                verdict_id,
                self.id,
                charge_id,
                outcome,
                instance,
                local_day(when),
                court.agency.pk,
                prison,
                suspended,
                diversion,
                fine,
                retrial_of,
                self.rng.choice(COURT_NOTES) if self.rng.random() < 0.1 else "",
                clerk.pk,
                when,
            )
        )
        self.stage_verdicts += 1
        self.sentences[verdict_id] = (prison, suspended, fine, diversion)
        return verdict_id

    def sentence(self, code: str, sus: Sus) -> tuple[int | None, int | None, int | None, str]:
        rng = self.rng
        if not sus.natural:
            return None, None, rng.choice((20, 40, 60, 100, 200)) * 1_000_000, ""
        child = any(v.v.child for v in self.vics)
        if offences.is_trafficking(code):
            low, high = (180, 240) if child else (84, 180)
        else:
            low, high = {
                "CC-239": (60, 120),
                "CC-253": (12, 60),
                "CC-274": (12, 48),
                "IMMIGRATION-29": (1, 24),
                "IMMIGRATION-32": (6, 36),
                "GAMBLING-2020": (12, 60),
                "AML-2020": (24, 120),
            }.get(code, (0, 0))
        if not high:  # the Labour Law punishes with fines
            return None, None, rng.randrange(2, 40) * 100_000, ""
        months = rng.randint(low, high)
        if months > 24:
            months -= months % 6
        suspended = None
        if rng.random() < (0.35 if months <= 24 else 0.08):
            suspended = months if months <= 12 and rng.random() < 0.5 else months // 2
        fine = rng.randrange(5, 100) * 100_000 if rng.random() < 0.4 else None
        diversion = ""
        if months <= 12 and rng.random() < 0.15:
            diversion = rng.choice(
                ["Community service, 200 hours", "Training course on labour rights"]
            )
        return months, suspended, fine, diversion

    # verdict, appeal, compensation ---------------------------------------------------------

    def after_verdict(self, start: datetime, stop: datetime) -> None:
        if self.compensation_ordered or not self.convicted_any:
            return
        self.compensation_ordered = True
        self.compensation(start)

    def appeal(self, start: datetime, stop: datetime, nxt: str | None, final: bool) -> None:
        rng, w = self.rng, self.w
        court = self.appeal_court
        self.hearing(HearingKind.APPEAL, self.between(start, stop, 0.3, 0.85), court)
        if final:
            if rng.random() < 0.6:
                self.hearing(
                    HearingKind.APPEAL,
                    w.end + timedelta(days=rng.uniform(5, 60)),
                    court,
                    held=False,
                )
            return
        if nxt != VERD:
            return
        when = self.at_work(stop - timedelta(days=rng.choice((1, 2, 3))))
        if not start < when < stop:
            when = self.between(start, stop, 0.9, 0.98)
        decided = False
        latest = {charge: outcome for charge, (_verdict, outcome) in self.first_verdicts.items()}
        for charge_id, (verdict_id, outcome) in sorted(self.first_verdicts.items()):
            if outcome != VerdictOutcome.CONVICTED and outcome != VerdictOutcome.ACQUITTED:
                continue
            if rng.random() > 0.6 and decided:
                continue
            sentence = self.sentences.get(verdict_id)
            if outcome == VerdictOutcome.ACQUITTED:
                new = VerdictOutcome.CONVICTED if rng.random() < 0.4 else VerdictOutcome.ACQUITTED
                sentence = None
            else:
                draw = rng.random()
                new = VerdictOutcome.ACQUITTED if draw < 0.15 else VerdictOutcome.CONVICTED
                if new == VerdictOutcome.CONVICTED and draw > 0.6 and sentence and sentence[0]:
                    prison = max(1, int(sentence[0] * 0.7))
                    suspended = min(sentence[1], prison) if sentence[1] else None
                    sentence = (prison, suspended, sentence[2], sentence[3])
            self.verdict(charge_id, new, Instance.APPEAL, when, court, sentence=sentence)
            latest[charge_id] = new
            decided = True
            w.counts["verdicts on appeal"] += 1
        if not decided:  # the court of appeal upheld the first decision
            charge_id = min(self.first_verdicts)
            verdict_id, outcome = self.first_verdicts[charge_id]
            sentence = self.sentences.get(verdict_id)
            self.verdict(charge_id, outcome, Instance.APPEAL, when, court, sentence=sentence)
            w.counts["verdicts on appeal"] += 1
        for sus in self.defendants():
            if sus.natural and sus.status != SuspectStatus.ABSCONDED:
                convicted = any(latest.get(c) == VerdictOutcome.CONVICTED for c in sus.charged)
                sus.status = SuspectStatus.DETAINED if convicted else SuspectStatus.RELEASED

    def catch_absconders(self, start: datetime, stop: datetime) -> None:
        """A defendant convicted in absentia is caught: the case goes back to trial."""
        for _verdict, _charge, suspect, day in self.absentia:
            sus = self.suspect(suspect)
            since = max(start, noon_of(day))
            if since >= stop:
                continue
            when = self.between(since, stop, 0.3, 0.9)
            self.arrest(sus, when, outcome=CustodyOutcome.CHARGED, place=self._place())
            sus.caught_since = local_day(when)
            break

    def compensation(self, start: datetime) -> None:
        rng, w = self.rng, self.w
        convicted: list[tuple[Sus, int]] = []
        for charge_id, (verdict_id, outcome) in sorted(self.first_verdicts.items()):
            sus = self.charge_suspect[charge_id]
            convicts = outcome in (VerdictOutcome.CONVICTED, VerdictOutcome.CONVICTED_IN_ABSENTIA)
            if convicts and all(s is not sus for s, _ in convicted):
                convicted.append((sus, verdict_id))
        if not convicted:
            return
        ordered_on = local_day(start)
        for vic in self.vics:
            forced = w.want("order_overdue") or w.want("order_paid") or w.want("order_partial")
            if not forced and rng.random() > (0.75 if vic.participates else 0.35):
                continue
            sus, verdict_id = convicted[0]
            pairs = [(sus, verdict_id)]
            companies = [c for c in convicted if not c[0].natural]
            if companies and companies[0][0] is not sus and rng.random() < 0.5:
                pairs.append(companies[0])
            for defendant, verdict in pairs:
                self.order(vic, defendant, verdict, ordered_on, start)

    def order(self, vic: Vic, sus: Sus, verdict_id: int, ordered_on: date, at: datetime) -> None:
        rng, w = self.rng, self.w
        worksheet_id = None
        if rng.random() < 0.6:
            claim = self.claim(vic)
            total = compensation.assess(claim).total
            worksheet_id = w.next_id("worksheet")
            prepared = max(at - timedelta(days=rng.uniform(10, 60)), self.opened)
            preparer = self.users(PROSECUTOR)
            self.rows.worksheets.append(
                (worksheet_id, self.id, vic.id, claim_data(claim), total, preparer.pk, prepared)
            )
            amount = round_riel(total * rng.uniform(0.4, 1.0))
        else:
            amount = rng.randrange(20, 600) * 100_000
        if w.want("order_overdue"):
            plan, due_days = "none", rng.uniform(60, 180)
        elif w.want("order_paid"):
            plan, due_days = "full", rng.uniform(60, 365)
        elif w.want("order_partial"):
            plan, due_days = "partial", rng.uniform(60, 365)
        else:
            plan = rng.choices(["full", "partial", "none"], [35, 30, 35])[0]
            due_days = rng.uniform(60, 540)
        if sus.status == SuspectStatus.ABSCONDED and plan == "full" and rng.random() < 0.7:
            plan = "none"
        due_on = ordered_on + timedelta(days=int(due_days))
        order_id = w.next_id("order")
        recorded_by = self.clerk
        paid = 0
        methods = [PaymentMethod.CASH, PaymentMethod.BANK, PaymentMethod.COURT]
        if sus.company_kind == CompanyKind.RECRUITMENT_AGENCY:
            methods.append(PaymentMethod.DEPOSIT)
        if plan != "none":
            parts = rng.randint(1, 4)
            goal = amount if plan == "full" else round_riel(amount * rng.uniform(0.2, 0.7))
            goal = min(goal, amount)
            instalment = round_riel(goal / parts)
            day = ordered_on
            for i in range(parts):
                day = day + timedelta(days=rng.randint(10, 90))
                if day >= w.as_of:
                    break
                value = goal - paid if i == parts - 1 else min(instalment, goal - paid)
                if value <= 0:
                    break
                self.rows.payments.append(
                    (
                        order_id,
                        day,
                        value,
                        rng.choice(methods),
                        rng.choice(PAYMENT_NOTES),
                        self.users(PROSECUTOR).pk,
                        noon_of(day),
                    )
                )
                paid += value
        if paid >= amount:
            w.cover("order_paid")
        elif paid:
            w.cover("order_partial")
        alerted = None
        if paid < amount and due_on < w.as_of:
            w.cover("order_overdue")
            w.counts["compensation orders overdue"] += 1
            if (w.as_of - due_on).days > 3:
                alerted = noon_of(due_on + timedelta(days=1))
            self.enforce(order_id, sus, due_on)
        self.rows.orders.append(
            (
                order_id,
                self.id,
                vic.id,
                sus.id,
                verdict_id,
                worksheet_id,
                amount,
                ordered_on,
                due_on,
                paid,
                alerted,
                recorded_by.pk,
                at,
            )
        )
        w.counts["compensation orders"] += 1

    def enforce(self, order_id: int, sus: Sus, due_on: date) -> None:
        rng, w = self.rng, self.w
        steps = [(EnforcementKind.REMINDER, 15, 0.9), (EnforcementKind.SUMMONS, 60, 0.6)]
        if sus.natural:
            steps += [
                (EnforcementKind.SEIZURE, 150, 0.2),
                (EnforcementKind.PHYSICAL_FORCE, 240, 0.15),
            ]
        elif sus.company_kind == CompanyKind.RECRUITMENT_AGENCY:
            steps.append((EnforcementKind.DEPOSIT_CLAIM, 90, 0.7))
        for kind, after, chance in steps:
            day = due_on + timedelta(days=after + rng.randint(0, 20))
            if day >= w.as_of or rng.random() > chance:
                continue
            self.rows.enforcement.append(
                (
                    order_id,
                    day,
                    kind,
                    rng.choice(ENFORCEMENT_NOTES),
                    self.users(PROSECUTOR).pk,
                    noon_of(day),
                )
            )

    def claim(self, vic: Vic) -> Claim:
        """What the victim claims, by the form of exploitation they suffered."""
        rng = self.rng
        form = vic.v.form
        currency = compensation.KHR
        wage = worked = Decimal(0)
        usual = Decimal(rng.randrange(4, 11) * 100_000)
        unable = Decimal(rng.randint(1, 12))
        material = [compensation.Item("Recruitment fee", rng.randrange(5, 40) * 100_000)]
        if form == Exploitation.FORCED_CRIMINALITY:
            currency = compensation.USD
            wage = Decimal(rng.randrange(16, 31) * 50)
            worked = Decimal(rng.randint(2, 20)) / 2
            usual = Decimal(rng.randrange(15, 31) * 10)
            unable = Decimal(rng.randint(1, 6))
            if rng.random() < 0.4:
                ransom = rng.randrange(30, 200) * 400_000
                material.append(compensation.Item("Ransom paid by the family", ransom))
        elif form == Exploitation.FORCED_LABOUR:
            wage = Decimal(rng.randrange(8, 21) * 100_000)
            worked = Decimal(rng.randint(2, 24))
            unable = Decimal(rng.randint(0, 3))
            debt = rng.randrange(5, 30) * 100_000
            material.append(compensation.Item("Debt imposed for the journey", debt))
        received = (wage * worked * rng.choice((0, 0, 5, 10, 20)) / 100).quantize(Decimal(1))
        severity = rng.choice(
            [
                compensation.Severity.MODERATE,
                compensation.Severity.SERIOUS,
                compensation.Severity.SEVERE,
            ]
        )
        emotional = {"moderate": 2_000_000, "serious": 6_000_000, "severe": 12_000_000}[severity]
        punitive = rng.randrange(10, 50) * 400_000 if rng.random() < 0.1 else 0
        future: tuple[Item, ...] = ()
        if rng.random() < 0.5:
            future = (compensation.Item("Counselling sessions", rng.randrange(5, 20) * 100_000),)
        hospital = rng.randrange(2, 30) * 100_000
        return compensation.Claim(
            wage_currency=currency,
            promised_monthly_wage=wage,
            months_worked=worked,
            wages_received=received,
            usual_monthly_earnings=usual,
            months_unable_to_work=unable,
            material=tuple(material),
            medical=(compensation.Item("Treatment at the provincial hospital", hospital),),
            future_medical=future,
            emotional_severity=str(severity),
            emotional_amount=emotional,
            emotional_basis="Held and threatened for months; nightmares since, under counselling.",
            punitive_amount=punitive,
            punitive_basis="Deceived and sold on between employers." if punitive else "",
        )
