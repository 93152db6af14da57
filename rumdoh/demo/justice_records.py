"""Records the stages of a simulated criminal case leave: warrants, arrests and custody,
hearings, statements, interviews and joint-interview invitations.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from rumdoh.accounts.models import User
from rumdoh.core.places import PROVINCES
from rumdoh.demo import origins as O
from rumdoh.demo import suspect_data as SD
from rumdoh.demo.justice_data import (
    COURT_NOTES,
    INV,
    NOT_SERVED,
    RET,
    Office,
    Sus,
    Vic,
    local_day,
)
from rumdoh.demo.justice_state import CaseState
from rumdoh.justice.choices import (
    CustodyOutcome,
    HearingStatus,
    InterviewPurpose,
    InvitationStatus,
    SentVia,
    SuspectStatus,
    WarrantKind,
    WarrantStatus,
)

if TYPE_CHECKING:
    pass


class RecordSteps(CaseState):
    """Mixed into ``Case``: uses its state (``rng``, ``w``, ``rows``, the suspects and victims)."""

    # records shared by the stages ----------------------------------------------------------

    def _place(self) -> str:
        district = self.rng.choice(O.DISTRICTS.get(self.province) or [PROVINCES[self.province][0]])
        return f"{district}, {self.rng.choice(SD.ARREST_PLACES)}"

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
