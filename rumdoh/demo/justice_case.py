"""One criminal case, simulated from its opening to today: the police investigation, the
prosecutor's decisions, the investigating judge and judicial supervision, the records every
stage leaves (warrants, arrests, hearings, interviews), and the moves between stages, each checked
with ``rumdoh.justice.transitions`` against what the case holds at that moment. The court's part
is in ``justice_court``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from rumdoh.accounts.models import Agency, User
from rumdoh.core.places import PROVINCES
from rumdoh.demo import names as N
from rumdoh.demo.justice_court import CourtSteps
from rumdoh.demo.justice_data import (
    APP,
    APPEAL_REASONS,
    CASE_PROVINCES,
    CHG,
    CLOSURE_REASONS,
    COMPANIES,
    COMPANY_OFFENCES,
    CONDITIONS_DETAIL,
    COURT,
    COURT_NOTES,
    FIN,
    IJ,
    INV,
    MISSED_NOTES,
    NON_PUNISHMENT_ACTS,
    NON_PUNISHMENT_NOTES,
    NOT_SERVED,
    OTHER_ROLES,
    POLICE,
    POLICE_KINDS,
    PROSECUTOR,
    RELATED,
    RELATED_ONLY,
    RET,
    RETURN_REASONS,
    SENT,
    SETTLEMENT_NOTES,
    SUMMARIES,
    SUSPECT_NATIONALITIES,
    SUSPECT_NOTES,
    TRAFFICKING,
    TRIAL,
    VERD,
    Office,
    Sus,
    Vic,
    Victim,
    khmer_name,
    local_day,
    noon_of,
    official_name,
)
from rumdoh.justice import offences, transitions
from rumdoh.justice import services as justice
from rumdoh.justice.choices import (
    ChargeLevel,
    Closure,
    CompanyKind,
    Condition,
    CustodyOutcome,
    HearingKind,
    HearingStatus,
    InterviewPurpose,
    InvitationStatus,
    NonPunishment,
    Origin,
    Proposer,
    Relation,
    SentVia,
    SettlementKind,
    SupervisionStatus,
    Support,
    SuspectKind,
    SuspectRole,
    SuspectStatus,
    WarrantKind,
    WarrantStatus,
)
from rumdoh.justice.models import (
    Suspect,
)
from rumdoh.people.models import (
    AccessSource,
    ConsentMethod,
    ConsentScope,
    Sex,
)
from rumdoh.protection.choices import Exploitation

if TYPE_CHECKING:
    from rumdoh.demo.justice import Window


DECISION_NOTES = {
    NonPunishment.APPLIED: "Committed under the compound's control; no charge against her.",
    NonPunishment.NOT_APPLIED: "Committed after she left the compound, of her own will.",
}


class Case(CourtSteps):
    """One criminal case, simulated from its opening to today."""

    def __init__(self, work: Window, victims: list[Victim]) -> None:
        self.w = work
        self.ctx, self.rng, self.rows = work.ctx, work.rng, work.rows
        rng = self.rng
        self.victims_in = victims
        self.id = work.next_id("case")
        self.forms = sorted({f for v in victims for f in v.forms})
        self.form = victims[0].form if victims[0].form in TRAFFICKING else ""
        latest = max(v.identified_at for v in victims)
        self.opened = self.at_work(work.ctx.later(latest, rng, 0.2, 25))
        self.province = self._province(victims[0])
        offices = work.offices
        if self.province in offices.provincial and rng.random() < 0.75:
            self.unit = offices.provincial[self.province]
        else:
            self.unit = rng.choices(offices.national, offices.national_weights)[0]
        police_province = self.unit.agency.province
        office_province = police_province if police_province in offices.prosecution else "12"
        if office_province not in offices.prosecution:
            office_province = next(iter(offices.prosecution))
        self.office = offices.prosecution[office_province]
        self.court = offices.courts.get(office_province) or next(iter(offices.courts.values()))
        self.appeal_court = offices.appeal or self.court
        self.investigator = rng.choice(self.unit.users)
        self.prosecutor_user = rng.choice(self.office.users)
        self.clerk = rng.choice(self.court.users)
        self.deputy = f"Deputy prosecutor {official_name(rng)}"
        self.judge = f"Investigating judge {official_name(rng)}"
        self.presiding = f"Presiding judge {official_name(rng)}"
        # the state the application keeps on the case
        self.stage = ""
        self.stage_since = local_day(self.opened)
        self.closure = ""
        self.prosecution_agency: Agency | None = self.office.agency if rng.random() < 0.4 else None
        self.prosecutor: User | None = None
        self.court_agency: Agency | None = None
        # the offices and courts that have held the case: [agency, role, instance, since, until]
        self.vics: list[Vic] = []
        self.holders: list[list[Any]] = []
        if self.prosecution_agency is not None:
            self.hand_over(
                "prosecution", self.prosecution_agency, self.stage_since, "first_instance"
            )
        self.entered = self.opened  # when the current stage was entered
        self.recommended = 0
        self.charged = 0
        self.stage_verdicts = 0
        self.suspects: list[Sus] = []
        self.first_verdicts: dict[int, tuple[int, str]] = {}  # charge: verdict, outcome
        self.absentia: list[tuple[int, int, int, date]] = []  # verdict, charge, suspect, day
        self.retried: set[int] = set()
        self.charge_suspect: dict[int, Sus] = {}
        self.charge_offence: dict[int, str] = {}
        self.sentences: dict[int, tuple[int | None, int | None, int | None, str]] = {}
        self.related_only: list[str] | None = None
        self.reclassify = False
        self.keep_main_away = False
        self.convicted_any = False
        self.ordered = False
        self.appeal_judge = ""
        self.origin = ""
        self.reference = ""
        self.referring: int | None = None
        self.stages: list[str] = []
        self.times: list[datetime] = []
        self.index = 0
        self.warrant_rows: list[list[Any]] = []  # this case's rows, changed as the case goes on
        self.arrest_rows: list[list[Any]] = []

    # --- where -------------------------------------------------------------------------------

    def _province(self, victim: Victim) -> str:
        rng = self.rng
        places = CASE_PROVINCES.get(victim.form)
        if places and rng.random() < 0.85:
            return rng.choices(list(places), list(places.values()))[0]
        return victim.province if victim.province in PROVINCES else "12"

    # --- helpers -----------------------------------------------------------------------------

    def between(
        self, start: datetime, stop: datetime, low: float = 0.0, high: float = 1.0
    ) -> datetime:
        span = (stop - start).total_seconds()
        moment = start + timedelta(seconds=span * self.rng.uniform(low, high))
        return min(max(moment, start), self.w.last)

    def at_work(self, when: datetime) -> datetime:
        """The same day in Phnom Penh, during office hours; unchanged if that is still to come."""
        day = local_day(when)
        moved = datetime(day.year, day.month, day.day, 1, tzinfo=UTC)
        moved += timedelta(minutes=self.rng.randrange(0, 9 * 60))
        return moved if moved < self.w.last else when

    def noon(self, day: date) -> datetime:
        """Noon of ``day`` in Phnom Penh, or now if that is still to come."""
        return min(noon_of(day), self.w.last)

    def users(self, actor: transitions.Actor) -> User:
        if actor == POLICE:
            return self.investigator
        if actor == PROSECUTOR:
            return self.prosecutor or self.prosecutor_user
        return self.clerk if self.court_agency != self.appeal_court.agency else self.appeal_clerk

    @property
    def appeal_clerk(self) -> User:
        return self.appeal_court.users[0]

    def facts(self) -> transitions.Facts:
        return transitions.Facts(
            recommended_charges=self.recommended,
            charges=self.charged,
            verdicts_since_trial=self.stage_verdicts,
            arrested_absconders=len(self.retried_pending()),
        )

    def suspect(self, suspect_id: int) -> Sus:
        return next(s for s in self.suspects if s.id == suspect_id)

    def horizon(self) -> tuple[datetime, bool]:
        """When the defendants' fate is next decided (verdict or end), and whether it is to come."""
        for j in range(self.index + 1, len(self.stages)):
            if self.stages[j] in (VERD, FIN):
                return self.times[j], False
        return self.w.end, True

    # --- the whole case ----------------------------------------------------------------------

    def run(self, fate: str, stages: list[str], closure: str, offsets: list[float]) -> None:
        rng, w = self.rng, self.w
        self.keep_main_away = fate == "retrial" or (TRIAL in stages and w.want("absconded"))
        reaches_charges = CHG in stages
        if w.want("related_only") or rng.random() < 0.16:
            self.related_only = rng.choice(RELATED_ONLY[self.form])
            w.cover("related_only")
        elif reaches_charges and (w.want("reclassified") or rng.random() < 0.06):
            self.reclassify = True
            w.cover("reclassified")
        self.origin = self._origin()
        times = [self.opened] + [self.at_work(self.opened + timedelta(days=d)) for d in offsets[1:]]
        self.stages, self.times = stages, times
        self.transition("", INV, self.opened, POLICE)
        self.open_victims()
        self.open_suspects()
        for i, stage in enumerate(stages):
            self.index = i
            start = times[i]
            final = i + 1 == len(stages)
            stop = w.last if final else times[i + 1]
            nxt = None if final else stages[i + 1]
            ending = closure if nxt == FIN else ""
            self.during(stage, start, stop, nxt, ending, final)
            if nxt is None:
                break
            if not self.move(stage, nxt, stop, ending):
                w.counts["moves refused"] += 1
                self.during_tail(stage, stop)
                break
        self.finish()

    def _origin(self) -> str:
        rng, v = self.rng, self.victims_in[0]
        owner_kind = self.w.kind.get(v.owner, "")
        if owner_kind in POLICE_KINDS:  # met by the police: mostly in a raid
            origin = rng.choices([Origin.RAID, Origin.REPORT, Origin.SCREENING], [70, 20, 10])[0]
        elif v.nationality != "KH" and rng.random() < 0.15:
            origin = Origin.FOREIGN_REQUEST
        else:
            origin = rng.choices(
                [Origin.REFERRAL, Origin.SCREENING, Origin.REPORT, Origin.RAID], [40, 15, 25, 20]
            )[0]
        if origin == Origin.SCREENING and v.screening is None:
            origin = Origin.REPORT
        year = local_day(self.opened).year
        if origin == Origin.REFERRAL:
            self.referring = v.pcase[1] if v.pcase else v.owner
            if self.referring == self.unit.agency.pk:
                self.referring, origin = None, Origin.REPORT
        if origin == Origin.REFERRAL:
            self.reference = f"Letter {rng.randrange(1, 400):03d}/{year}"
        elif origin == Origin.SCREENING and v.screening is not None:
            self.reference = f"S-{v.screening[0]:07d}"
        elif origin == Origin.REPORT:
            self.reference = f"Hotline 1288, {year}/{rng.randrange(1, 2000):04d}"
        elif origin == Origin.FOREIGN_REQUEST:
            self.reference = f"Royal Thai Police request {rng.randrange(1, 900)}/{year}"
        else:
            self.reference = f"Operation {year}-{rng.randrange(1, 120):03d}"
        return str(origin)

    # --- moves -------------------------------------------------------------------------------

    def transition(
        self,
        source: str,
        target: str,
        when: datetime,
        actor: transitions.Actor,
        *,
        agency: Agency | None = None,
        person: str = "",
        reason: str = "",
        closure: str = "",
    ) -> None:
        if target == INV and not source:
            agency = self.unit.agency
            person = self.investigator.get_full_name()
        by = self.users(actor) if source else self.investigator
        self.rows.transitions.append(
            (
                self.id,
                when,
                by.pk,
                source,
                target,
                local_day(when),
                agency.pk if agency else None,
                person,
                reason,
                closure,
            )
        )
        self.stage, self.stage_since, self.entered = target, local_day(when), when
        self.closure = closure if target == FIN else ""
        self.stage_verdicts = 0

    def move(self, source: str, target: str, when: datetime, closure: str) -> bool:
        rng = self.rng
        move = transitions.move(source, target)
        assert move is not None, (source, target)
        actor = POLICE if POLICE in move.actors else sorted(move.actors)[0]
        if move.actors >= {PROSECUTOR, COURT}:
            actor = PROSECUTOR if rng.random() < 0.7 else COURT
        agency: Agency | None = None
        person, reason = "", ""
        if target in (SENT, CHG):
            agency, person = self.office.agency, self.deputy
        elif target == RET:
            agency, person = self.unit.agency, self.investigator.get_full_name()
            reason = rng.choice(RETURN_REASONS)
        elif target == IJ:
            agency, person = self.court.agency, self.judge
        elif target in (TRIAL, VERD):
            agency, person = self.court.agency, self.presiding
            if target == VERD and self.court_agency == self.appeal_court.agency:
                agency, person = self.appeal_court.agency, self.appeal_judge
        elif target == APP:
            self.appeal_judge = f"Presiding judge {official_name(rng)}"
            agency, person = self.appeal_court.agency, self.appeal_judge
            reason = rng.choice(APPEAL_REASONS)
        if move.reason_required and not reason:
            if target == FIN:
                reason = rng.choice(CLOSURE_REASONS[closure])
            elif transitions.is_retrial(source, target):
                caught = [s for s in self.suspects if s.caught_since]
                ref = ", ".join(Suspect(pk=s.id).reference for s in caught)
                reason = f"Retrial after the arrest of {ref}, convicted in absentia."
        if target == FIN:
            agency = {
                INV: self.unit.agency,
                SENT: self.office.agency,
                RET: self.office.agency,
            }.get(source, self.court_agency)
        kind = agency.kind if agency is not None and target in transitions.RESPONSIBLE_KIND else ""
        problems = transitions.problems(
            source,
            target,
            frozenset({actor}),
            self.facts(),
            reason=reason,
            closure=closure,
            agency_kind=kind,
        )
        if problems:
            return False
        self.transition(
            source,
            target,
            when,
            actor,
            agency=agency,
            person=person,
            reason=reason,
            closure=closure,
        )
        day = local_day(when)
        if target == SENT and agency is not None:
            if self.prosecution_agency != agency:
                self.prosecutor = None
                self.hand_over("prosecution", agency, day, "first_instance")
            self.prosecution_agency = agency
            if self.prosecutor is None and rng.random() < 0.75:
                self.prosecutor = self.prosecutor_user
        if target in (IJ, TRIAL, APP) and agency is not None:
            instance = "first_instance"
            if target == APP:
                instance = "appeal"
            elif transitions.is_retrial(source, target):
                instance = "retrial"
            if self.court_agency != agency or instance != "first_instance":
                self.hand_over("court", agency, day, instance)
            self.court_agency = agency
        return True

    def hand_over(self, role: str, agency: Agency, day: date, instance: str) -> None:
        """As ``justice.services`` records it: the holder before keeps the record, closed."""
        if self.vics:
            self.share_with_holder(agency.pk, self.noon(day))
        for held in self.holders:
            if held[1] == role and held[4] is None:
                held[4] = day
        self.holders.append([agency.pk, role, instance, day, None])

    # --- what happens in each stage ----------------------------------------------------------

    def during(
        self,
        stage: str,
        start: datetime,
        stop: datetime,
        nxt: str | None,
        closure: str,
        final: bool,
    ) -> None:
        if stage in (INV, RET):
            self.investigate(stage, start, stop, nxt)
        elif stage == SENT:
            self.prosecution(start, stop, nxt)
        elif stage == CHG:
            self.charged_stage(start, stop, final)
        elif stage == IJ:
            self.judicial_investigation(start, stop, final)
        elif stage == TRIAL:
            self.trial(start, stop, nxt, final)
        elif stage == VERD:
            self.after_verdict(start, stop)
        elif stage == APP:
            self.appeal(start, stop, nxt, final)
        elif stage == FIN and nxt == TRIAL:
            self.catch_absconders(start, stop)
        if nxt == FIN and closure in (Closure.SETTLED, Closure.WITHDRAWN):
            self.settle(start, stop, closure, self.vics[0] if self.vics else None)
        if final:
            self.during_tail(stage, start)

    def during_tail(self, stage: str, start: datetime) -> None:
        """Today's loose ends of a case waiting in ``stage``."""
        rng, w = self.rng, self.w
        if stage in (INV, RET, SENT, CHG, IJ):
            running = w.want("custody_running")
            overdue = not running and w.want("custody_overdue")
            if running or overdue or rng.random() < 0.12:
                hours = (
                    rng.uniform(3, 40)
                    if running or (not overdue and rng.random() < 0.75)
                    else rng.uniform(50, 120)
                )
                when = w.end - timedelta(hours=hours)
                free = [
                    s
                    for s in self.suspects
                    if s.natural
                    and not s.in_custody
                    and not s.keep_away
                    and s.status in (SuspectStatus.AT_LARGE, SuspectStatus.RELEASED)
                ]
                if when > start and not free and (running or overdue):
                    # Another member of the network, identified and arrested since.
                    added = when - timedelta(hours=rng.uniform(1, 12))
                    free = [self.new_suspect(False, False, max(added, start))]
                    self.suspects.extend(free)
                if when > start and free:
                    self.arrest(free[0], when, outcome="", place=self._place())
                    w.cover("custody_running" if hours < 48 else "custody_overdue")
        if stage in (INV, RET, SENT, IJ, TRIAL, APP):
            for vic in self.vics:
                wanted = vic.interviews >= 2 and w.want("invitation_open")
                if wanted or (vic.interviews >= 3 and rng.random() < 0.2):
                    self.invite_open(vic)

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
            target = rng.choice(N.RAID_PLACES.get(self.province, ["Premises named by the victims"]))
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

    def release_under_supervision(self, start: datetime, stop: datetime) -> None:
        """The investigating judge releases some defendants under judicial supervision: most of
        those the police released, some of those detained."""
        rng, w = self.rng, self.w
        until, ongoing = self.horizon()
        for sus in self.defendants():
            if not sus.natural or sus.supervision is not None:
                continue
            chance = {
                SuspectStatus.DETAINED: 0.3,
                SuspectStatus.IN_CUSTODY: 0.3,
                SuspectStatus.RELEASED: 0.6,
            }.get(sus.status, 0.0)
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

    # records shared by the stages ----------------------------------------------------------

    def _place(self) -> str:
        district = self.rng.choice(N.DISTRICTS.get(self.province) or [PROVINCES[self.province][0]])
        return f"{district}, {self.rng.choice(N.ARREST_PLACES)}"

    def warrant(
        self,
        sus: Sus | None,
        kind: str,
        issued: datetime,
        issued_by: str,
        *,
        status: str,
        sent: datetime | None = None,
        served: datetime | None = None,
        target: str = "",
    ) -> int:
        rng = self.rng
        warrant_id = self.w.next_id("warrant")
        issued = min(issued, self.w.last)
        sent_on = local_day(min(sent, self.w.last)) if sent is not None else None
        if status == WarrantStatus.NOT_SERVED and sent_on is None:
            sent_on = local_day(issued)
        via = (
            rng.choices([SentVia.MESSAGING_APP, SentVia.LETTER, SentVia.BY_HAND], [70, 15, 15])[0]
            if sent_on
            else ""
        )
        self.warrant_rows.append(
            [
                warrant_id,
                self.id,
                sus.id if sus else None,
                kind,
                local_day(issued),
                issued_by,
                target,
                status,
                sent_on,
                via,
                local_day(served) if served is not None else None,
                rng.choice(NOT_SERVED) if status == WarrantStatus.NOT_SERVED else "",
                self.investigator.pk,
                issued,
            ]
        )
        self.w.counts["warrants"] += 1
        return warrant_id

    def arrest(
        self,
        sus: Sus,
        when: datetime,
        *,
        outcome: str | None = None,
        place: str = "",
        warrant: int | None = None,
    ) -> None:
        """An arrest and its custody clock. ``outcome`` None: charged or released, drawn; ``""``:
        still held today."""
        rng, w = self.rng, self.w
        when = min(when, w.last)
        resolved_at, alerted = None, None
        if outcome is None:
            outcome = rng.choices([CustodyOutcome.CHARGED, CustodyOutcome.RELEASED], [65, 35])[0]
        if outcome:
            late = w.want("custody_late") or rng.random() < 0.08
            hours = rng.uniform(49, 80) if late else rng.uniform(2, 46)
            resolved_at = when + timedelta(hours=hours)
            if resolved_at >= w.end:  # still held today
                outcome, resolved_at = "", None
            elif hours > 48:
                alerted = when + timedelta(hours=48, minutes=5)
                w.counts["arrests resolved after 48 hours"] += 1
                w.cover("custody_late")
        if not outcome and w.end - when > timedelta(hours=48):
            w.counts["arrests held past 48 hours today"] += 1
            if w.end - when > timedelta(hours=48 + 72):
                alerted = when + timedelta(hours=48, minutes=5)
        elif not outcome:
            w.counts["arrests within 48 hours today"] += 1
        if warrant is None:  # an arrest warrant still out for the suspect is served now
            for row in self.warrant_rows:
                out = row[7] in (WarrantStatus.ISSUED, WarrantStatus.SENT, WarrantStatus.NOT_SERVED)
                if row[2] == sus.id and row[3] == WarrantKind.ARREST and out and row[13] < when:
                    warrant = row[0]
        if warrant is not None:
            for row in self.warrant_rows:
                if row[0] == warrant:
                    row[7], row[10] = WarrantStatus.SERVED, local_day(when)
        self.arrest_rows.append(
            [
                self.id,
                sus.id,
                when,
                self.unit.agency.pk,
                self.investigator.pk,
                place,
                warrant,
                outcome,
                resolved_at,
                self.investigator.pk if outcome else None,
                alerted,
                when + timedelta(minutes=rng.randint(5, 120)),
            ]
        )
        w.counts["arrests"] += 1
        if outcome == CustodyOutcome.CHARGED:
            sus.status = SuspectStatus.DETAINED
        elif outcome == CustodyOutcome.RELEASED:
            sus.status = SuspectStatus.RELEASED
        else:
            sus.status, sus.in_custody = SuspectStatus.IN_CUSTODY, True

    def resolve_open_arrest(self, sus: Sus, when: datetime, outcome: str, by: User) -> None:
        for row in reversed(self.arrest_rows):
            if row[1] == sus.id and not row[7]:
                when = max(when, row[2] + timedelta(hours=1))
                row[7], row[8], row[9] = outcome, when, by.pk
                if when - row[2] > timedelta(hours=48) and row[10] is None:
                    row[10] = row[2] + timedelta(hours=48, minutes=5)
                break
        sus.in_custody = False
        sus.status = (
            SuspectStatus.DETAINED if outcome == CustodyOutcome.CHARGED else SuspectStatus.RELEASED
        )

    def hearing(self, kind: str, when: datetime, court: Office, held: bool = True) -> None:
        rng, w = self.rng, self.w
        if held:
            when = min(when, w.last)
        # Courts sit from eight to half past three, on the hour or the half hour.
        day = local_day(when)
        sitting = datetime(day.year, day.month, day.day, 1, tzinfo=UTC)
        sitting += timedelta(minutes=30 * rng.randint(0, 15))
        if not held or sitting < w.end:
            when = sitting
        recorded = min(when - timedelta(days=rng.uniform(3, 30)), w.last)
        recorded = max(recorded, self.entered)
        clerk = self.clerk if court is self.court else court.users[0]
        self.rows.hearings.append(
            (
                self.id,
                kind,
                when,
                court.agency.pk,
                f"Courtroom {rng.randint(1, 4)}",
                HearingStatus.HELD if held else HearingStatus.SCHEDULED,
                rng.choice(COURT_NOTES) if rng.random() < 0.15 else "",
                "",
                clerk.pk,
                recorded,
            )
        )
        w.counts["hearings" if held else "hearings scheduled"] += 1

    def statement(self, vic: Vic, when: datetime) -> None:
        rng = self.rng
        joint_with: list[int] = []
        invitation = None
        pcase = vic.v.pcase
        if pcase is not None and pcase[1] != self.unit.agency.pk and rng.random() < 0.2:
            joint_with = [pcase[1]]
            if rng.random() < 0.5:
                invitation = self.w.next_id("invitation")
                created = max(when - timedelta(days=rng.uniform(3, 10)), self.opened)
                self.rows.invitations.append(
                    (
                        invitation,
                        vic.v.person,
                        self.id,
                        pcase[1],
                        pcase[2],
                        local_day(when),
                        InterviewPurpose.STATEMENT,
                        "",
                        InvitationStatus.HELD,
                        created,
                    )
                )
                self.rows.invited.append((invitation, self.unit.agency.pk))
        self.interview(
            vic,
            self.unit.agency.pk,
            self.investigator,
            when,
            InterviewPurpose.STATEMENT,
            self.id,
            joint_with,
            invitation,
        )

    def interview(
        self,
        vic: Vic,
        agency: int,
        by: User | int,
        when: datetime,
        purpose: str,
        case: int | None,
        joint_with: list[int] | None = None,
        invitation: int | None = None,
    ) -> None:
        interview_id = self.w.next_id("interview")
        when = min(when, self.w.last)
        by_id = by if isinstance(by, int) else by.pk
        self.rows.interviews.append(
            (
                interview_id,
                vic.v.person,
                case,
                agency,
                local_day(when),
                purpose,
                bool(joint_with),
                invitation,
                by_id,
                when,
            )
        )
        for other in joint_with or []:
            self.rows.interview_agencies.append((interview_id, other))
        vic.interviews += 1
        self.w.counts["interviews"] += 1

    def invite_open(self, vic: Vic) -> None:
        rng, w = self.rng, self.w
        invited = {
            a
            for a in (
                self.prosecution_agency.pk if self.prosecution_agency else None,
                vic.v.pcase[1] if vic.v.pcase else None,
                self.court_agency.pk if self.court_agency else None,
            )
            if a
        }
        invited.discard(self.unit.agency.pk)
        if not invited:
            return
        invitation = w.next_id("invitation")
        created = max(w.end - timedelta(days=rng.uniform(1, 6)), self.entered)
        proposed_for = w.as_of + timedelta(days=rng.randint(3, 21))
        purpose = (
            InterviewPurpose.PROSECUTION
            if self.stage not in (INV, RET)
            else InterviewPurpose.STATEMENT
        )
        self.rows.invitations.append(
            (
                invitation,
                vic.v.person,
                self.id,
                self.unit.agency.pk,
                self.investigator.pk,
                proposed_for,
                purpose,
                "One interview for all instead of three.",
                InvitationStatus.OPEN,
                created,
            )
        )
        for agency in sorted(invited):
            self.rows.invited.append((invitation, agency))
        w.counts["joint interviews proposed"] += 1
        w.cover("invitation_open")

    # --- opening ---------------------------------------------------------------------------

    def open_victims(self) -> None:
        rng, w = self.rng, self.w
        for v in self.victims_in:
            vic = Vic(w.next_id("victim"), v, participates=rng.random() < 0.65)
            self.vics.append(vic)
            # What the victim went through before the police: every one of them an interview.
            if v.screening is not None:
                self.interview(
                    vic,
                    v.screening[1],
                    v.screening[2],
                    v.screening[3],
                    InterviewPurpose.SCREENING,
                    None,
                )
            self.interview(
                vic,
                v.ident_agency,
                v.identifier,
                v.identified_at,
                InterviewPurpose.IDENTIFICATION,
                None,
            )
            if v.pcase is not None and v.pcase[3] < self.opened and rng.random() < 0.7:
                when = self.between(v.pcase[3], self.opened, 0.1, 0.9)
                self.interview(
                    vic, v.pcase[1], v.pcase[2], when, InterviewPurpose.CASE_MANAGEMENT, None
                )
            if self.unit.agency.pk not in v.sees:
                self.share_with_police(v)

    def share_with_police(self, v: Victim) -> None:
        """The victim agrees that the police unit sees their record, to file the complaint."""
        day = local_day(self.opened) - timedelta(days=self.rng.randint(0, 3))
        self.share_with(v, self.unit.agency.pk, day)

    def share_with_holder(self, agency: int, when: datetime) -> None:
        """Most victims taking part agree, once their case reaches a prosecutor's office or a
        court, that it sees their record: it is then named to it by name, not by number."""
        for vic in self.vics:
            if vic.participates and agency not in vic.v.sees and self.rng.random() < 0.7:
                day = local_day(when) + timedelta(days=self.rng.randint(0, 5))
                if self.noon(day) <= self.w.last:
                    self.share_with(vic.v, agency, day)

    def share_with(self, v: Victim, agency: int, day: date) -> None:
        rng, w = self.rng, self.w
        consent_id = w.next_id("consent")
        given_on = max(day, local_day(v.created))
        method = (
            ConsentMethod.GUARDIAN
            if v.child
            else rng.choice([ConsentMethod.SIGNED, ConsentMethod.THUMBPRINT, ConsentMethod.VERBAL])
        )
        recorded_at = max(v.created, self.noon(given_on))
        w.rows.consents.append(
            (
                consent_id,
                v.person,
                ConsentScope.SHARE,
                agency,
                method,
                given_on,
                v.recorder,
                recorded_at,
                None,
                None,
                "",
            )
        )
        w.rows.access.append(
            (v.person, agency, AccessSource.CONSENT, consent_id, recorded_at, None)
        )
        v.sees.add(agency)

    def open_suspects(self) -> None:
        rng, w = self.rng, self.w
        count = rng.choices([1, 2, 3, 4, 5], [45, 30, 15, 7, 3])[0]
        company = COMPANIES.get(self.form)
        with_company = bool(company) and (w.want("company") or rng.random() < 0.3)
        for i in range(count):
            legal = with_company and count > 1 and i == count - 1
            self.suspects.append(self.new_suspect(i == 0, legal))
        if with_company and count == 1:
            self.suspects.append(self.new_suspect(False, True))
        if any(not s.natural for s in self.suspects):
            w.cover("company")
        self.suspects[0].keep_away = self.keep_main_away

    def new_suspect(self, main: bool, legal: bool, added: datetime | None = None) -> Sus:
        rng, w = self.rng, self.w
        suspect_id = w.next_id("suspect")
        form = self.form
        if added is None:
            added = self.between(self.opened, self.opened + timedelta(days=10), 0, 1)
        given = family = name_km = company = company_kind = registration = ""
        aliases: list[str] = []
        handles: list[dict[str, str]] = []
        sex, nationality, birth_year = Sex.UNKNOWN, "", None
        if legal:
            company_kind = rng.choice(COMPANIES[form])
            trade = rng.choice(N.COMPANY_TRADES[company_kind])
            company = f"{rng.choice(N.COMPANY_WORDS)} {trade} Co., Ltd."
            if company_kind == CompanyKind.RECRUITMENT_AGENCY:
                registration = f"MoLVT licence {rng.randrange(1, 200):03d}/{rng.randrange(12, 25)}"
            else:
                registration = f"MoC {rng.randrange(10**7, 10**8)}"
            role = (
                SuspectRole.RECRUITER
                if company_kind == CompanyKind.RECRUITMENT_AGENCY
                else SuspectRole.EMPLOYER
            )
            relation = (
                Relation.RECRUITMENT_AGENT
                if company_kind == CompanyKind.RECRUITMENT_AGENCY
                else Relation.EMPLOYER
            )
        else:
            nats = SUSPECT_NATIONALITIES[form]
            nationality = rng.choices(list(nats), list(nats.values()))[0]
            sex = Sex.FEMALE if rng.random() < 0.3 else Sex.MALE
            if main:
                role = rng.choice(
                    [SuspectRole.RECRUITER, SuspectRole.RECRUITER, SuspectRole.BROKER]
                )
            else:
                role = (
                    rng.choice(OTHER_ROLES[form]) if rng.random() > 0.02 else SuspectRole.OFFICIAL
                )
            relation = self._relation(role)
            known = rng.random() < (
                0.55 if role in (SuspectRole.RECRUITER, SuspectRole.BROKER) else 0.8
            )
            if known:
                if nationality == "KH":
                    family, given, km = khmer_name(rng, sex == Sex.FEMALE)
                    name_km = km if rng.random() < 0.5 else ""
                else:
                    families, female, male = N.FOREIGN_NAMES.get(nationality, N.FOREIGN_NAMES["CN"])
                    given = rng.choice(female if sex == Sex.FEMALE else male)
                    family = rng.choice(families) if families else ""
            if rng.random() < (0.3 if known else 0.8):
                aliases = rng.sample(N.SUSPECT_ALIASES, rng.choice((1, 1, 2)))
            if rng.random() < (
                0.6 if role in (SuspectRole.RECRUITER, SuspectRole.BROKER) else 0.2
            ) or not (known or aliases):
                handles = [self._handle() for _ in range(rng.choice((1, 1, 2)))]
            if rng.random() < 0.6:
                birth_year = w.as_of.year - rng.randint(22, 60)
        notes = rng.choice(SUSPECT_NOTES) if rng.random() < 0.2 else ""
        holder = SimpleNamespace(
            given_name=given,
            family_name=family,
            name_km=name_km,
            aliases=aliases,
            handles=handles,
            company_name=company,
        )
        self.rows.suspects.append(
            [
                suspect_id,
                self.id,
                SuspectKind.LEGAL if legal else SuspectKind.NATURAL,
                given,
                family,
                name_km,
                aliases,
                handles,
                sex,
                birth_year,
                nationality,
                company,
                company_kind,
                registration,
                role,
                relation,
                SuspectStatus.AT_LARGE,
                notes,
                self.investigator.pk,
                added,
            ]
        )
        for key in sorted(justice.suspect_keys(holder)):  # type: ignore[arg-type]
            self.rows.keys.append((suspect_id, key))
        w.counts["suspects"] += 1
        if legal:
            w.counts["companies"] += 1
        return Sus(suspect_id, not legal, str(role), main, company_kind)

    def _relation(self, role: str) -> str:
        rng = self.rng
        if role in (SuspectRole.EMPLOYER, SuspectRole.EXPLOITER) and rng.random() < 0.6:
            return Relation.EMPLOYER
        if role == SuspectRole.BUYER and self.form == Exploitation.FORCED_MARRIAGE:
            return Relation.PARTNER
        return rng.choices(
            [
                Relation.STRANGER,
                Relation.ACQUAINTANCE,
                Relation.FAMILY,
                Relation.RECRUITMENT_AGENT,
                Relation.UNKNOWN,
            ],
            [35, 30, 10, 15, 10],
        )[0]

    def _handle(self) -> dict[str, str]:
        rng = self.rng
        app = rng.choices(list(N.MESSAGING_APPS), list(N.MESSAGING_APPS.values()))[0]
        word, other = rng.sample(N.HANDLE_WORDS, 2)
        if app in ("WhatsApp", "Line", "Zalo"):
            code = {"Line": "66", "Zalo": "84"}.get(app, "855")
            number = str(rng.randrange(10**7, 10**9))
            handle = f"+{code} {number[:2]} {number[2:5]} {number[5:]}"
        elif app == "WeChat":
            handle = f"wxid_{word}{rng.randrange(100, 9999)}"
        elif app == "Facebook":
            handle = f"{word.title()} {other.title()} {rng.randrange(1, 99)}"
        else:
            handle = f"@{word}_{other}{rng.randrange(1, 999)}"
        return {"app": app, "handle": handle}

    # --- closing ---------------------------------------------------------------------------

    def finish(self) -> None:
        rng, w = self.rng, self.w
        for vic in self.vics:
            v = vic.v
            support = []
            if vic.participates and rng.random() < 0.6:
                support.append(Support.LAWYER)
            if rng.random() < 0.5:
                support.append(Support.SOCIAL_WORKER)
            if v.nationality != "KH" and rng.random() < 0.9:
                support.append(Support.INTERPRETER)
            if vic.participates and rng.random() < 0.08:
                support.append(Support.REMOTE_TESTIMONY)
            flag, acts, note, decision, decided = "", "", "", "", None
            foreign_scam = v.nationality != "KH" and v.form == Exploitation.FORCED_CRIMINALITY
            if (
                (foreign_scam and rng.random() < 0.4)
                or (v.form == Exploitation.FORCED_CRIMINALITY and rng.random() < 0.1)
                or (foreign_scam and w.want("non_punishment"))
            ):
                acts, for_foreigners = rng.choice(NON_PUNISHMENT_ACTS)
                if for_foreigners and v.nationality == "KH":
                    acts = NON_PUNISHMENT_ACTS[2][0]
                chance = {INV: 0.0, RET: 0.0, SENT: 0.3, CHG: 0.5}.get(self.stage, 0.9)
                reviewed = rng.random() < chance
                flag = (
                    rng.choice(
                        [NonPunishment.APPLIED, NonPunishment.APPLIED, NonPunishment.NOT_APPLIED]
                    )
                    if reviewed
                    else NonPunishment.REVIEW
                )
                note = rng.choice(NON_PUNISHMENT_NOTES)
                if reviewed:
                    decision = DECISION_NOTES[flag]
                    decided = min(self.opened + timedelta(days=rng.uniform(20, 120)), w.last)
                w.cover("non_punishment")
                w.counts["non-punishment flags"] += 1
            pcase = v.pcase[0] if v.pcase else None
            added = self.opened + timedelta(hours=rng.uniform(1, 30))
            self.rows.victims.append(
                (
                    vic.id,
                    self.id,
                    v.person,
                    pcase,
                    self.investigator.pk,
                    min(added, w.last),
                    vic.participates,
                    sorted(support),
                    flag,
                    acts,
                    note,
                    decision,
                    decided,
                )
            )
            w.counts["victims in criminal cases"] += 1
        self.rows.warrants.extend(self.warrant_rows)
        self.rows.arrests.extend(self.arrest_rows)
        self.rows.holders.extend((self.id, *held) for held in self.holders)
        for sus in self.suspects:
            if self.stage == FIN:
                self.end_supervision(sus)
            row = next(r for r in reversed(self.rows.suspects) if r[0] == sus.id)
            row[16] = sus.status
            if sus.status == SuspectStatus.ABSCONDED:
                w.cover("absconded")
            if sus.supervision is not None:
                self.rows.supervisions.append(sus.supervision)
        self.rows.cases.append(
            (
                self.id,
                self.unit.agency.pk,
                self.investigator.pk,
                self.investigator.pk,
                self.opened,
                self.origin,
                self.reference,
                self.referring,
                self.province,
                self.forms,
                rng.choice(SUMMARIES.get(self.form, SUMMARIES[""])),
                self.stage,
                self.stage_since,
                self.closure,
                self.prosecution_agency.pk if self.prosecution_agency else None,
                self.prosecutor.pk if self.prosecutor else None,
                self.court_agency.pk if self.court_agency else None,
                rng.choice(COURT_NOTES) if self.prosecution_agency and rng.random() < 0.3 else "",
            )
        )
        w.counts[f"cases at {self.stage}"] += 1
        w.counts["criminal cases"] += 1
        if self.related_only is not None or self.reclassify:
            w.counts["related-offence cases"] += 1
