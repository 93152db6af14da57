"""A justice world on top of the shared one: a police unit under a hub, a prosecutor's office, a
court, and an unrelated police unit. The victim is the shared world's person, recorded by the
owning transit centre (whose case worker runs her protection case), shared by consent with the
partner NGO and with the police unit."""

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from rumdoh.accounts.models import AgencyKind
from rumdoh.accounts.rules.roles import Role
from rumdoh.justice import court, custody, services
from rumdoh.justice.models import CaseVictim, Charge, CriminalCase, Suspect
from rumdoh.people import services as people
from rumdoh.people.models import ConsentScope
from tests.conftest import World, make_agency, make_user
from tests.protection.helpers import owner_case

TODAY = date(2026, 3, 2)


class JusticeWorld:
    def __init__(self, world: World) -> None:
        self.world = world
        self.hub = make_agency("AHJPD hub", AgencyKind.POLICE, "12")
        self.police_agency = make_agency("Banteay Meanchey AHJPD", AgencyKind.POLICE, "01")
        self.police_agency.parent = self.hub
        self.police_agency.save()
        self.prosecution_agency = make_agency("BMC prosecutor", AgencyKind.PROSECUTION, "01")
        self.court_agency = make_agency("BMC provincial court", AgencyKind.COURT, "01")
        self.other_police_agency = make_agency("Kampot police", AgencyKind.POLICE, "07")
        self.police = make_user(Role.POLICE_INVESTIGATOR, self.police_agency, "police")
        self.supervisor = make_user(Role.POLICE_SUPERVISOR, self.hub, "supervisor")
        self.prosecutor = make_user(Role.PROSECUTOR, self.prosecution_agency, "prosecutor")
        self.clerk = make_user(Role.COURT_CLERK, self.court_agency, "clerk")
        self.other_police = make_user(Role.POLICE_INVESTIGATOR, self.other_police_agency, "kampot")
        self.person = world.person
        self.protection_case = owner_case(world)
        people.record_consent(
            world.owner,
            self.person,
            scope=ConsentScope.SHARE,
            method="signed",
            given_on=date(2026, 1, 6),
            agency=self.police_agency,
        )

    def open_case(self, **fields: Any) -> CriminalCase:
        data: dict[str, Any] = {
            "origin": "referral",
            "province": "01",
            "referring_agency": self.world.owner_agency,
            "exploitation_types": ["forced_criminality"],
            "summary": "Recruited on Facebook for a call-centre job, held in a compound.",
        }
        data.update(fields)
        return services.open_case(self.police, **data)

    def case_with_victim(self, **fields: Any) -> tuple[CriminalCase, CaseVictim]:
        case = self.open_case(**fields)
        victim = services.add_victim(self.police, case, self.person, participates=True)
        return case, victim

    def suspect(self, case: CriminalCase, **fields: Any) -> Suspect:
        data: dict[str, Any] = {
            "family_name": "Lim",
            "given_name": "Vuthy",
            "aliases": ["Boss Tiger"],
            "handles": [{"app": "Telegram", "handle": "@tiger_jobs"}],
            "sex": "male",
            "nationality": "KH",
            "role": "recruiter",
            "relation_to_victim": "stranger",
        }
        # Suspects alike in every detail, added moments apart, are one form sent twice: each
        # suspect of a test is told apart by a note of its own.
        self.suspects_made = getattr(self, "suspects_made", 0) + 1
        data["notes"] = f"Suspect {self.suspects_made} of the test"
        data.update(fields)
        return services.add_suspect(self.police, case, data)

    def send(self, case: CriminalCase, suspect: Suspect, offence: str = "LSHTSE-12") -> None:
        services.add_charge(
            self.police,
            case,
            suspect,
            offence=offence,
            level="recommended",
            exploitation="forced_criminality" if offence.startswith("LSHTSE") else "",
        )
        services.change_stage(
            self.police,
            case,
            "sent_to_prosecutor",
            responsible_agency=self.prosecution_agency,
            responsible_person="Deputy prosecutor Sok",
        )

    def charge(self, case: CriminalCase, suspect: Suspect, offence: str = "LSHTSE-12") -> Charge:
        charge = services.add_charge(
            self.prosecutor,
            case,
            suspect,
            offence=offence,
            level="charged",
            exploitation="forced_criminality" if offence.startswith("LSHTSE") else "",
        )
        case.refresh_from_db()
        if case.stage == "sent_to_prosecutor":
            services.change_stage(self.prosecutor, case, "charged")
        return charge

    def to_trial(self, case: CriminalCase) -> None:
        case.refresh_from_db()
        services.change_stage(self.prosecutor, case, "trial", responsible_agency=self.court_agency)

    def charged_case(self, offence: str = "LSHTSE-12") -> tuple[CriminalCase, Suspect, Charge]:
        case, _victim = self.case_with_victim()
        suspect = self.suspect(case)
        self.send(case, suspect, offence)
        charge = self.charge(case, suspect, offence)
        case.refresh_from_db()
        return case, suspect, charge

    def at_trial(self) -> tuple[CriminalCase, Suspect, Charge]:
        case, suspect, charge = self.charged_case()
        self.to_trial(case)
        case.refresh_from_db()
        return case, suspect, charge

    def convicted(self, outcome: str = "convicted") -> tuple[CriminalCase, Suspect, Charge]:
        case, suspect, charge = self.at_trial()
        court.record_verdict(
            self.clerk,
            case,
            charge,
            outcome=outcome,
            decided_on=timezone.localdate(),
            prison_months=84,
            suspended_months=12,
        )
        services.change_stage(self.clerk, case, "verdict")
        case.refresh_from_db()
        return case, suspect, charge

    def arrest(self, case: CriminalCase, suspect: Suspect, hours_ago: float = 1) -> Any:
        at = timezone.now() - timedelta(hours=hours_ago)
        return custody.record_arrest(self.police, case, suspect, arrested_at=at, place="Poipet")


def aware(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour, minute))
