"""What the steps of a simulated criminal case share: the state ``Case`` keeps and the steps each
mixin offers the others. Every mixin of ``Case`` derives from ``CaseState``, so that each step is
checked against the whole case it runs in."""

from __future__ import annotations

import random
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol

from rumdoh.accounts.models import Agency, User
from rumdoh.demo.context import Context
from rumdoh.demo.justice_data import Office, Rows, Sus, Vic, Victim
from rumdoh.justice.rules import transitions

if TYPE_CHECKING:
    from rumdoh.demo.justice import Window


class CaseState(Protocol):
    # the simulation
    w: Window
    ctx: Context
    rng: random.Random
    rows: Rows
    id: int
    victims_in: list[Victim]
    form: str
    forms: list[str]
    opened: datetime
    province: str
    # the agencies and the people of the case
    unit: Office
    office: Office
    court: Office
    appeal_court: Office
    investigator: User
    prosecutor_user: User
    clerk: User
    deputy: str
    judge: str
    presiding: str
    appeal_judge: str
    prosecution_agency: Agency | None
    prosecutor: User | None
    court_agency: Agency | None
    # the state the application keeps on the case
    stage: str
    entered: datetime
    origin: str
    vics: list[Vic]
    suspects: list[Sus]
    recommended: int
    charged: int
    stage_verdicts: int
    first_verdicts: dict[int, tuple[int, str]]
    absentia: list[tuple[int, int, int, date]]
    retried: set[int]
    charge_suspect: dict[int, Sus]
    charge_offence: dict[int, str]
    sentences: dict[int, tuple[int | None, int | None, int | None, str]]
    related_only: list[str] | None
    reclassify: bool
    keep_main_away: bool
    convicted_any: bool
    compensation_ordered: bool
    warrant_rows: list[list[Any]]
    arrest_rows: list[list[Any]]

    # steps of Case
    def between(
        self, start: datetime, stop: datetime, low: float = 0.0, high: float = 1.0
    ) -> datetime: ...
    def at_work(self, when: datetime) -> datetime: ...
    def noon(self, day: date) -> datetime: ...
    def users(self, actor: transitions.Actor) -> User: ...
    def suspect(self, suspect_id: int) -> Sus: ...
    def horizon(self) -> tuple[datetime, bool]: ...

    # steps of the records
    def _place(self) -> str: ...
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
    ) -> int: ...
    def arrest(
        self,
        sus: Sus,
        when: datetime,
        *,
        outcome: str | None = None,
        place: str = "",
        warrant: int | None = None,
    ) -> None: ...
    def resolve_open_arrest(self, sus: Sus, when: datetime, outcome: str, by: User) -> None: ...
    def hearing(self, kind: str, when: datetime, court: Office, held: bool = True) -> None: ...
    def statement(self, vic: Vic, when: datetime) -> None: ...
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
    ) -> None: ...

    # steps of the investigation, the supervision and the court
    def defendants(self) -> list[Sus]: ...
    def release_under_supervision(self, start: datetime, stop: datetime) -> None: ...
    def end_supervision(self, sus: Sus) -> None: ...
    def settle(self, start: datetime, stop: datetime, closure: str, vic: Vic | None) -> None: ...
    def retried_pending(self) -> list[tuple[int, int, int, date]]: ...
