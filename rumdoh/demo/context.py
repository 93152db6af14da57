"""What every generation stage shares: the seed, the dates, the demo agencies and their staff."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from rumdoh.accounts.models import Agency, AgencyKind, User
from rumdoh.accounts.rules.roles import Capability
from rumdoh.demo.writer import BulkWriter, Output

# How much of the recorded caseload each kind of agency carries (transit centres meet the most).
KIND_WEIGHT: dict[str, float] = {
    AgencyKind.TRANSIT_CENTRE: 4.0,
    AgencyKind.POLICE: 2.5,
    AgencyKind.NGO: 1.8,
    AgencyKind.PROVINCIAL_DEPARTMENT: 1.5,
    AgencyKind.LABOUR: 0.8,
}


@dataclass
class Context:
    seed: int
    as_of: date
    agencies: list[Agency]
    users: list[User]
    writer: BulkWriter
    out: Output
    batch_size: int = 5000
    workers: int = 1
    years: int = 5
    # Agencies that record persons, their weights, and the staff who may record.
    recorders: list[Agency] = field(default_factory=list)
    recorder_weights: list[float] = field(default_factory=list)
    staff: dict[int, list[User]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        by_agency: dict[int, list[User]] = {}
        for user in self.users:
            if user.agency_id is not None and user.can(Capability.RECORD_PERSONS):
                by_agency.setdefault(user.agency_id, []).append(user)
        self.staff = by_agency
        self.recorders = [a for a in self.agencies if a.pk in by_agency]
        self.recorder_weights = [KIND_WEIGHT.get(a.kind, 1.0) for a in self.recorders]
        if not self.recorders:
            raise ValueError("no demo user can record persons")

    def rng(self, stage: str, batch: int) -> random.Random:
        """A generator of its own for each stage and batch, so each is reproducible alone."""
        return random.Random(f"{self.seed}/{stage}/{batch}")  # noqa: S311 - synthetic data

    @property
    def start(self) -> datetime:
        """The earliest moment records are dated from."""
        first = date(self.as_of.year - self.years, 1, 1)
        return datetime(first.year, first.month, first.day, tzinfo=UTC)

    @property
    def end(self) -> datetime:
        return datetime(self.as_of.year, self.as_of.month, self.as_of.day, tzinfo=UTC)

    def moment(self, share: float, rng: random.Random) -> datetime:
        """The time at ``share`` (0..1) of the period, denser towards the present, in work hours."""
        span = (self.end - self.start).total_seconds()
        when = self.start + timedelta(seconds=span * share**0.6)
        day = datetime(when.year, when.month, when.day, tzinfo=UTC)
        # 00:00 to 11:00 UTC is 07:00 to 18:00 in Phnom Penh.
        return day + timedelta(seconds=rng.randrange(0, 11 * 3600))

    def later(
        self, when: datetime, rng: random.Random, low_days: float, high_days: float
    ) -> datetime:
        """A moment some days after ``when``, never after the reference date."""
        moved = when + timedelta(days=rng.uniform(low_days, high_days))
        return min(moved, self.end - timedelta(minutes=1))
