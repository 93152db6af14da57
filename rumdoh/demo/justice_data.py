"""The data of the criminal process the demo generator draws from, and what a simulated case is
made of: the stages and actors by short names, offences by form of exploitation, words for the
records, the rows waiting to be written, and small helpers for dates and names.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from rumdoh.accounts.models import Agency, AgencyKind, User
from rumdoh.demo import names as N
from rumdoh.justice.choices import (
    Closure,
    CompanyKind,
    SuspectRole,
    SuspectStatus,
)
from rumdoh.justice.rules import transitions
from rumdoh.protection.choices import Exploitation

S = transitions.Stage
INV, SENT, RET, CHG, IJ = (
    S.INVESTIGATION,
    S.SENT_TO_PROSECUTOR,
    S.RETURNED,
    S.CHARGED,
    S.INVESTIGATING_JUDGE,
)
TRIAL, VERD, APP, FIN = S.TRIAL, S.VERDICT, S.APPEAL, S.FINAL
POLICE, PROSECUTOR, COURT = (
    transitions.Actor.POLICE,
    transitions.Actor.PROSECUTOR,
    transitions.Actor.COURT,
)
POLICE_KINDS = (AgencyKind.POLICE, AgencyKind.GENDARMERIE, AgencyKind.IMMIGRATION)


# Where the victims of each form of exploitation were exploited (the case's province).
CASE_PROVINCES: dict[str, dict[str, float]] = {
    Exploitation.FORCED_CRIMINALITY: {"18": 55, "12": 15, "01": 10, "09": 8, "20": 8, "15": 4},
    Exploitation.SEXUAL: {"12": 40, "17": 20, "18": 15, "01": 10, "02": 5, "20": 10},
    Exploitation.FORCED_LABOUR: {"01": 35, "02": 15, "09": 15, "12": 15, "18": 10, "22": 10},
    Exploitation.FORCED_MARRIAGE: {"12": 35, "03": 20, "14": 15, "21": 15, "08": 15},
}
# Trafficking articles the police recommend for each form, and related offences added to them.
TRAFFICKING: dict[str, list[tuple[str, float]]] = {
    Exploitation.FORCED_CRIMINALITY: [("LSHTSE-12", 5), ("LSHTSE-11", 2), ("LSHTSE-21", 2)],
    Exploitation.FORCED_LABOUR: [("LSHTSE-12", 4), ("LSHTSE-11", 3), ("LSHTSE-17", 2)],
    Exploitation.SEXUAL: [("LSHTSE-12", 3), ("LSHTSE-15", 3), ("LSHTSE-19", 2), ("LSHTSE-8", 1)],
    Exploitation.FORCED_MARRIAGE: [("LSHTSE-11", 3), ("LSHTSE-15", 3), ("LSHTSE-13", 2)],
    "": [("LSHTSE-12", 2), ("LSHTSE-10", 1), ("LSHTSE-20", 1)],
}
RELATED: dict[str, list[str]] = {
    Exploitation.FORCED_CRIMINALITY: ["CC-253", "GAMBLING-2020", "AML-2020", "IMMIGRATION-32"],
    Exploitation.FORCED_LABOUR: ["LABOUR-15", "LABOUR-16", "CC-274", "CC-253"],
    Exploitation.SEXUAL: ["CC-239", "CC-253"],
    Exploitation.FORCED_MARRIAGE: ["IMMIGRATION-32", "CC-253"],
    "": ["CC-253", "IMMIGRATION-29"],
}
# Cases prosecuted only under other laws: never counted as trafficking, shown as related.
RELATED_ONLY: dict[str, list[list[str]]] = {
    Exploitation.FORCED_CRIMINALITY: [
        ["CC-253"],
        ["IMMIGRATION-29"],
        ["GAMBLING-2020", "AML-2020"],
    ],
    Exploitation.FORCED_LABOUR: [["LABOUR-15"], ["LABOUR-16"], ["CC-274"]],
    Exploitation.SEXUAL: [["CC-239"], ["CC-239", "CC-253"]],
    Exploitation.FORCED_MARRIAGE: [["IMMIGRATION-29"], ["IMMIGRATION-32"]],
    "": [["IMMIGRATION-29"], ["CC-253"]],
}
SUSPECT_NATIONALITIES: dict[str, dict[str, float]] = {
    Exploitation.FORCED_CRIMINALITY: {"CN": 45, "KH": 35, "VN": 5, "TW": 5, "MY": 5, "TH": 5},
    Exploitation.FORCED_LABOUR: {"KH": 70, "TH": 25, "MY": 5},
    Exploitation.SEXUAL: {"KH": 85, "CN": 10, "VN": 5},
    Exploitation.FORCED_MARRIAGE: {"KH": 60, "CN": 40},
    "": {"KH": 85, "TH": 10, "VN": 5},
}
OTHER_ROLES: dict[str, list[str]] = {
    Exploitation.FORCED_CRIMINALITY: [
        SuspectRole.EXPLOITER,
        SuspectRole.HARBOURER,
        SuspectRole.TRANSPORTER,
        SuspectRole.FINANCIER,
        SuspectRole.EMPLOYER,
    ],
    Exploitation.FORCED_LABOUR: [
        SuspectRole.TRANSPORTER,
        SuspectRole.EMPLOYER,
        SuspectRole.EXPLOITER,
        SuspectRole.BROKER,
    ],
    Exploitation.SEXUAL: [
        SuspectRole.EXPLOITER,
        SuspectRole.HARBOURER,
        SuspectRole.BUYER,
        SuspectRole.TRANSPORTER,
    ],
    Exploitation.FORCED_MARRIAGE: [SuspectRole.BROKER, SuspectRole.BUYER, SuspectRole.TRANSPORTER],
    "": [SuspectRole.TRANSPORTER, SuspectRole.EXPLOITER, SuspectRole.OTHER],
}
COMPANIES: dict[str, list[str]] = {
    Exploitation.FORCED_CRIMINALITY: [
        CompanyKind.COMPOUND_OPERATOR,
        CompanyKind.RECRUITMENT_AGENCY,
    ],
    Exploitation.FORCED_LABOUR: [
        CompanyKind.RECRUITMENT_AGENCY,
        CompanyKind.VESSEL_OWNER,
        CompanyKind.EMPLOYER,
    ],
    Exploitation.SEXUAL: [CompanyKind.ENTERTAINMENT],
}
COMPANY_OFFENCES: dict[str, list[str]] = {
    CompanyKind.COMPOUND_OPERATOR: ["LSHTSE-21", "GAMBLING-2020", "AML-2020"],
    CompanyKind.RECRUITMENT_AGENCY: ["LSHTSE-12", "LABOUR-15"],
    CompanyKind.VESSEL_OWNER: ["LABOUR-15", "CC-274"],
    CompanyKind.EMPLOYER: ["LABOUR-16", "CC-274"],
    CompanyKind.ENTERTAINMENT: ["LSHTSE-19", "CC-253"],
}

SUMMARIES: dict[str, list[str]] = {
    Exploitation.FORCED_CRIMINALITY: [
        "Recruited on Facebook for a customer-service job; taken to a compound, passport kept, "
        "forced to run online scams under a daily quota and beaten for missing it.",
        "Answered a Telegram advertisement for IT work; sold on between two compounds; family "
        "asked for a ransom to let them go.",
    ],
    Exploitation.FORCED_LABOUR: [
        "Promised work in a Thai factory; made to work on a fishing boat for months without pay.",
        "Sent with a debt for the travel; worked at a brick kiln to pay it off, never allowed to "
        "leave.",
        "Recruited through an agency for a plantation job; documents taken, wages withheld.",
    ],
    Exploitation.SEXUAL: [
        "Offered a job as a waitress; held in a karaoke club and sold for sex.",
        "Recruited by an acquaintance; moved between guest houses and sold for sex.",
    ],
    Exploitation.FORCED_MARRIAGE: [
        "A broker promised a factory job abroad; married to a man she had never met and kept in "
        "his home.",
    ],
    "": ["Recruited with a false promise of work; movement restricted after arrival."],
}
RETURN_REASONS = [
    "Statements of the other victims are missing.",
    "Identify the financier behind the recruiter.",
    "Trace the money transfers through the bank.",
    "Hear the witnesses from the compound.",
    "Obtain the forensic medical report.",
]
CLOSURE_REASONS: dict[str, list[str]] = {
    Closure.NO_EVIDENCE: [
        "The suspect is known only by an online handle and could not be identified.",
        "The victims returned abroad and could not be heard.",
        "No evidence links the suspects to the recruitment.",
    ],
    Closure.SETTLED: ["The victim's family settled with the suspect's family."],
    Closure.WITHDRAWN: ["The victim withdrew the complaint."],
    Closure.DROPPED: ["The facts established do not make out an offence."],
    Closure.DISMISSED: ["The judicial investigation found the charges not proven."],
}
APPEAL_REASONS = [
    "Appeal by the prosecutor against the acquittal.",
    "Appeal by the defence against the sentence.",
    "Appeal by the civil party on the compensation.",
]
COURT_NOTES = [
    "Defence lawyer asked for a delay to call witnesses from abroad.",
    "Victim testified by video link from the shelter.",
    "Interpreter needed for the Chinese defendants.",
    "Witnesses threatened before the hearing; protection requested.",
]
SUSPECT_NOTES = [
    "Moves between compounds in Sihanoukville.",
    "Posts job advertisements in several Facebook groups.",
    "Believed to have crossed into Thailand.",
    "Receives the recruitment fees through mobile money.",
    "Works with a taxi driver who brings recruits to the border.",
]
NON_PUNISHMENT_ACTS = [
    ("Illegal entry (Immigration Law art. 29)", True),
    ("Working without a work permit", True),
    ("Online fraud committed under threat in a compound", False),
]
NON_PUNISHMENT_NOTES = [
    "Passport taken on arrival; worked under threat of beating.",
    "Brought across the border by the recruiter, who kept the documents.",
    "Forced to meet a daily scam quota; punished when short.",
]
NOT_SERVED = [
    "The suspect left for Thailand.",
    "No one at the address given.",
    "The suspect moved to another compound.",
]
MISSED_NOTES = ["Did not come; phone switched off.", "Said to be ill; no certificate.", ""]
CONDITIONS_DETAIL = [
    "Report every reporting day at the police post of the home commune.",
    "Passport handed to the court clerk.",
    "Not to go within 500 metres of the victims' shelter.",
]
SETTLEMENT_NOTES = ["Agreement signed before the commune chief.", "Paid in cash to the family.", ""]
PAYMENT_NOTES = ["Receipt from the court cashier.", "Transfer from the defendant's family.", ""]
ENFORCEMENT_NOTES = [
    "Letter sent to the defendant's last address.",
    "Summoned to the prosecutor's office.",
    "Motorbike and land title seized.",
    "",
]


@dataclass
class Victim:
    """A suspected victim of the window, as the earlier stages left them."""

    person: int
    owner: int
    recorder: int
    created: datetime
    sex: str
    birth_year: int | None
    nationality: str
    province: str
    identified_at: datetime
    ident_agency: int
    identifier: int
    forms: list[str]
    screening: tuple[int, int, int, datetime] | None  # id, agency, screener, at
    pcase: tuple[int, int, int, datetime] | None  # id, agency, worker, opened at
    sees: set[int]

    @property
    def child(self) -> bool:
        return self.birth_year is not None and self.identified_at.year - self.birth_year < 18

    @property
    def form(self) -> str:
        return self.forms[0] if self.forms else ""


@dataclass
class Office:
    agency: Agency
    users: list[User]


@dataclass
class Offices:
    national: list[Office]
    national_weights: list[float]
    provincial: dict[str, Office]
    prosecution: dict[str, Office]
    courts: dict[str, Office]
    appeal: Office | None


@dataclass
class Sus:
    """A suspect while the case is simulated."""

    id: int
    natural: bool
    role: str
    main: bool
    company_kind: str = ""
    status: str = SuspectStatus.AT_LARGE
    in_custody: bool = False
    recommended: list[int] = field(default_factory=list)  # charge ids
    charged: list[int] = field(default_factory=list)
    supervision: list[Any] | None = None  # its row, written when the case is done
    keep_away: bool = False  # never caught before trial: tried in absentia
    caught_since: date | None = None  # arrested after a conviction in absentia


@dataclass
class Vic:
    id: int
    v: Victim
    participates: bool
    interviews: int = 0


@dataclass
class Rows:
    cases: list[Any] = field(default_factory=list)
    transitions: list[Any] = field(default_factory=list)
    holders: list[Any] = field(default_factory=list)
    victims: list[Any] = field(default_factory=list)
    suspects: list[Any] = field(default_factory=list)
    keys: list[Any] = field(default_factory=list)
    charges: list[Any] = field(default_factory=list)
    warrants: list[Any] = field(default_factory=list)
    arrests: list[Any] = field(default_factory=list)
    supervisions: list[Any] = field(default_factory=list)
    check_ins: list[Any] = field(default_factory=list)
    hearings: list[Any] = field(default_factory=list)
    verdicts: list[Any] = field(default_factory=list)
    settlements: list[Any] = field(default_factory=list)
    invitations: list[Any] = field(default_factory=list)
    invited: list[Any] = field(default_factory=list)
    interviews: list[Any] = field(default_factory=list)
    interview_agencies: list[Any] = field(default_factory=list)
    worksheets: list[Any] = field(default_factory=list)
    orders: list[Any] = field(default_factory=list)
    payments: list[Any] = field(default_factory=list)
    enforcement: list[Any] = field(default_factory=list)
    consents: list[Any] = field(default_factory=list)
    access: list[Any] = field(default_factory=list)


def local_day(when: datetime) -> date:
    """The date in Phnom Penh (UTC+7, no daylight saving)."""
    return (when + timedelta(hours=7)).date()


def noon_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 5, tzinfo=UTC)


def khmer_name(rng: random.Random, female: bool | None = None) -> tuple[str, str, str]:
    """Family and given name in Latin script, and the name in Khmer script."""
    if female is None:
        female = rng.random() < 0.4
    family = rng.choice(N.KHMER_FAMILY)
    given = rng.choice(N.KHMER_GIVEN_FEMALE if female else N.KHMER_GIVEN_MALE)
    return family[1][0], given[1][0], f"{family[0]} {given[0]}"


def official_name(rng: random.Random) -> str:
    family, given, _km = khmer_name(rng)
    return f"{family} {given}"


def round_riel(amount: float, step: int = 100_000) -> int:
    return max(step, round(amount / step) * step)
