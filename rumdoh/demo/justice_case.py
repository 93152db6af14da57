"""One criminal case, simulated from its opening to today: the police investigation, the
prosecutor's decisions, the investigating judge and judicial supervision, the records every
stage leaves (warrants, arrests, hearings, interviews), and the moves between stages, each checked
with ``rumdoh.justice.rules.transitions`` against what the case holds at that moment. The steps live
in mixins: ``justice_investigation``, ``justice_supervision``, ``justice_records``,
``justice_parties`` and, for the court's part, ``justice_court``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from rumdoh.accounts.models import Agency, User
from rumdoh.core.places import PROVINCES
from rumdoh.demo.justice_court import CourtSteps
from rumdoh.demo.justice_data import (
    APP,
    APPEAL_REASONS,
    CASE_PROVINCES,
    CHG,
    CLOSURE_REASONS,
    COURT,
    COURT_NOTES,
    FIN,
    IJ,
    INV,
    NON_PUNISHMENT_ACTS,
    NON_PUNISHMENT_NOTES,
    POLICE,
    POLICE_KINDS,
    PROSECUTOR,
    RELATED_ONLY,
    RET,
    RETURN_REASONS,
    SENT,
    SUMMARIES,
    TRAFFICKING,
    TRIAL,
    VERD,
    Sus,
    Vic,
    Victim,
    local_day,
    noon_of,
    official_name,
)
from rumdoh.demo.justice_investigation import InvestigationSteps
from rumdoh.demo.justice_parties import PartySteps
from rumdoh.demo.justice_records import RecordSteps
from rumdoh.demo.justice_supervision import SupervisionSteps
from rumdoh.justice.choices import (
    Closure,
    NonPunishment,
    Origin,
    Support,
    SuspectStatus,
)
from rumdoh.justice.models import (
    Suspect,
)
from rumdoh.justice.rules import transitions
from rumdoh.protection.choices import Exploitation

if TYPE_CHECKING:
    from rumdoh.demo.justice import Window


DECISION_NOTES = {
    NonPunishment.APPLIED: "Committed under the compound's control; no charge against her.",
    NonPunishment.NOT_APPLIED: "Committed after she left the compound, of her own will.",
}


class Case(InvestigationSteps, SupervisionSteps, RecordSteps, PartySteps, CourtSteps):
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
        self.compensation_ordered = False
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
            holding: dict[str, Agency | None] = {
                INV: self.unit.agency,
                SENT: self.office.agency,
                RET: self.office.agency,
            }
            agency = holding.get(source, self.court_agency)
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
                reviews: dict[str, float] = {INV: 0.0, RET: 0.0, SENT: 0.3, CHG: 0.5}
                chance = reviews.get(self.stage, 0.9)
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
