"""The parties of a simulated criminal case as it opens: its victims, shared with the agencies
that hold the case, and its suspects.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from types import SimpleNamespace
from typing import TYPE_CHECKING

from rumdoh.demo import names as N
from rumdoh.demo import suspect_data as SD
from rumdoh.demo.justice_data import (
    COMPANIES,
    OTHER_ROLES,
    SUSPECT_NATIONALITIES,
    SUSPECT_NOTES,
    Sus,
    Vic,
    Victim,
    khmer_name,
    local_day,
)
from rumdoh.demo.justice_state import CaseState
from rumdoh.justice import services as justice
from rumdoh.justice.choices import (
    CompanyKind,
    InterviewPurpose,
    Relation,
    SuspectKind,
    SuspectRole,
    SuspectStatus,
)
from rumdoh.people.models import (
    AccessSource,
    ConsentMethod,
    ConsentScope,
    Sex,
)
from rumdoh.protection.choices import Exploitation

if TYPE_CHECKING:
    pass


class PartySteps(CaseState):
    """Mixed into ``Case``: uses its state (``rng``, ``w``, ``rows``, the suspects and victims)."""

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
        role: str
        relation: str
        if legal:
            company_kind = rng.choice(COMPANIES[form])
            trade = rng.choice(SD.COMPANY_TRADES[company_kind])
            company = f"{rng.choice(SD.COMPANY_WORDS)} {trade} Co., Ltd."
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
                aliases = rng.sample(SD.SUSPECT_ALIASES, rng.choice((1, 1, 2)))
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
        app = rng.choices(list(SD.MESSAGING_APPS), list(SD.MESSAGING_APPS.values()))[0]
        word, other = rng.sample(SD.HANDLE_WORDS, 2)
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
