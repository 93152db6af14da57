"""Justice pages read a fixed number of queries, however many rows they show.

Each test renders a page with a few related rows, adds clearly more, renders it again and asserts
the two counts are the same: a query per row (an N+1) shows as a higher second count.
"""

from datetime import date, timedelta

from django.utils import timezone

from rumdoh.justice import court, custody, interviews, orders, services
from rumdoh.justice.models import CaseVictim, Charge, CriminalCase, Suspect
from rumdoh.justice.rules.compensation import Claim, Item
from rumdoh.people import services as people
from rumdoh.people.models import ConsentScope, Person
from tests.conftest import login, make_person
from tests.justice.helpers import JusticeWorld
from tests.justice.scenario import everything
from tests.querycount import assert_flat, assert_same_cost


def shared_victim(jw: JusticeWorld, n: int) -> Person:
    """A person recorded by the transit centre and shared with the police unit."""
    person = make_person(jw.world.owner, given_name=f"Dara{n}", family_name="Keo", phone="")
    people.record_consent(
        jw.world.owner,
        person,
        scope=ConsentScope.SHARE,
        method="signed",
        given_on=date(2026, 1, 6),
        agency=jw.police_agency,
    )
    return person


def victim_and_charged_suspect(
    jw: JusticeWorld, case: CriminalCase, i: int
) -> tuple[CaseVictim, Suspect, Charge]:
    """The ``i``-th victim of ``case`` (a person shared with the police) and a suspect charged."""
    person = shared_victim(jw, i)
    victim = services.add_victim(jw.police, case, person, participates=True)
    suspect = jw.suspect(case, given_name=f"Rith{i}", aliases=[], handles=[])
    charge = services.add_charge(
        jw.prosecutor,
        case,
        suspect,
        offence="LSHTSE-12",
        level="charged",
        exploitation="forced_criminality",
    )
    return victim, suspect, charge


def more_of_everything(jw: JusticeWorld, case: CriminalCase, n: int) -> list[str]:
    """A victim, a suspect and every record hanging off them, ``n`` times over."""
    today = timezone.localdate()
    shown = []
    for i in range(n):
        victim, suspect, charge = victim_and_charged_suspect(jw, case, i)
        arrest = jw.arrest(case, suspect, hours_ago=2 + i)
        custody.record_custody_outcome(jw.police, arrest, outcome="charged")
        custody.issue_warrant(
            jw.prosecutor,
            case,
            kind="arrest",
            issued_on=today,
            issued_by="Judge Chea",
            suspect=suspect,
        )
        supervision = custody.order_supervision(
            jw.prosecutor,
            case,
            suspect,
            ordered_on=today - timedelta(days=30),
            ordered_by="Investigating judge Chea",
            conditions=["report"],
            reporting_every_days=7,
            first_due_on=today - timedelta(days=21),
        )
        for _week in range(3):
            custody.record_check_in(jw.police, supervision, attended=True, note=f"came {i}{_week}")
        court.schedule_hearing(
            jw.clerk,
            case,
            kind="trial",
            scheduled_for=timezone.now() + timedelta(days=3 + i),
            room=f"Room {i}",
        )
        verdict = court.record_verdict(
            jw.clerk, case, charge, outcome="convicted", decided_on=today, prison_months=60
        )
        court.record_settlement(
            jw.police,
            case,
            kind="withdrawal",
            proposed_by="victim_family",
            agreed_on=today,
            note=f"settled {i}",
        )
        orders.save_worksheet(jw.prosecutor, victim, Claim(material=(Item("Fee", 1_000_000),)))
        order = orders.record_order(
            jw.clerk,
            case,
            victim=victim,
            defendant=suspect,
            amount_riel=2_000_000,
            ordered_on=today,
            due_on=today + timedelta(days=90),
            verdict=verdict,
        )
        orders.record_payment(jw.clerk, order, paid_on=today, amount_riel=500_000, method="cash")
        interviews.record_interview(
            jw.police, victim.person, interviewed_on=today, purpose="statement", case=case
        )
        shown += [suspect.reference, order.reference, f"settled {i}", f"Room {i}"]
    return shown


def test_criminal_case_page_reads_a_fixed_number_of_queries(jw: JusticeWorld) -> None:
    e = everything(jw)
    custody.record_check_in(jw.police, e.supervision, attended=True, note="first report")

    def grow() -> list[str]:
        return more_of_everything(jw, e.case, 3) + [f"came {i}2" for i in range(3)]

    clients = [login(jw.police), login(jw.prosecutor), login(jw.clerk)]
    assert_flat(clients, f"/justice/cases/{e.case.pk}/", grow)


def test_case_feedback_page_reads_a_fixed_number_of_queries(jw: JusticeWorld) -> None:
    """The page for those following a victim: the stage, hearings and the victims' orders."""
    e = everything(jw)

    def grow() -> list[str]:
        marks = more_of_everything(jw, e.case, 3)
        return [m for m in marks if m.startswith(("K-", "Room"))]

    assert_flat(login(jw.world.owner), f"/justice/cases/{e.case.pk}/", grow)


def test_timeline_reads_a_fixed_number_of_queries(jw: JusticeWorld) -> None:
    e = everything(jw)
    custody.record_check_in(jw.police, e.supervision, attended=True, note="first report")
    clients = [login(jw.police), login(jw.world.owner)]
    url = f"/justice/cases/{e.case.pk}/timeline/"

    def grow() -> list[str]:
        return [m for m in more_of_everything(jw, e.case, 3) if m.startswith(("SP-", "K-"))]

    assert_flat(clients, url, grow)


def test_suspect_page_reads_a_fixed_number_of_queries(jw: JusticeWorld) -> None:
    e = everything(jw)
    today = timezone.localdate()

    def grow() -> list[str]:
        shown = []
        for i in range(3):
            for supervision in e.suspect.supervisions.filter(status="active"):
                custody.end_supervision(jw.prosecutor, supervision)
            services.add_charge(
                jw.prosecutor,
                e.case,
                e.suspect,
                offence=("LSHTSE-13", "LSHTSE-15", "LSHTSE-17")[i],
                level="charged",
                exploitation="forced_criminality",
            )
            arrest = jw.arrest(e.case, e.suspect, hours_ago=5 + i)
            custody.record_custody_outcome(jw.police, arrest, outcome="released")
            custody.issue_warrant(
                jw.prosecutor,
                e.case,
                kind="search",
                issued_on=today,
                issued_by="Judge Chea",
                suspect=e.suspect,
            )
            custody.order_supervision(
                jw.prosecutor,
                e.case,
                e.suspect,
                ordered_on=today - timedelta(days=i),
                ordered_by="Judge Chea",
                conditions=["report"],
                reporting_every_days=7,
                first_due_on=today + timedelta(days=7),
            )
            other = jw.open_case()
            twin = jw.suspect(other)
            shown.append(twin.reference)
        return shown

    assert_flat(login(jw.police), f"/justice/suspects/{e.suspect.pk}/", grow)


def test_order_page_reads_a_fixed_number_of_queries(jw: JusticeWorld) -> None:
    e = everything(jw)
    today = timezone.localdate()
    orders.record_payment(jw.clerk, e.order, paid_on=today, amount_riel=1000, method="cash")

    def grow() -> list[str]:
        for i in range(3):
            orders.record_payment(
                jw.clerk,
                e.order,
                paid_on=today,
                amount_riel=1000,
                method="cash",
                note=f"instalment {i}",
            )
            orders.record_enforcement(
                jw.clerk, e.order, taken_on=today, kind="reminder", note=f"step {i}"
            )
        return [f"instalment {i}" for i in range(3)] + [f"step {i}" for i in range(3)]

    clients = [login(jw.prosecutor), login(jw.clerk)]
    assert_flat(clients, f"/justice/orders/{e.order.pk}/", grow)


def test_worksheet_page_reads_a_fixed_number_of_queries(jw: JusticeWorld) -> None:
    e = everything(jw)
    items = tuple(Item(f"Cost {i}", 100_000 * (i + 1)) for i in range(6))
    longer = orders.save_worksheet(jw.prosecutor, e.victim, Claim(material=items))
    assert_same_cost(
        login(jw.prosecutor),
        f"/justice/worksheets/{e.worksheet.pk}/",
        f"/justice/worksheets/{longer.pk}/",
        [f"Cost {i}" for i in range(6)],
    )


def test_interviews_page_reads_a_fixed_number_of_queries(jw: JusticeWorld) -> None:
    e = everything(jw)
    today = timezone.localdate()

    def grow(start: int, n: int) -> list[str]:
        for i in range(start, start + n):
            interviews.record_interview(
                jw.prosecutor,
                jw.person,
                interviewed_on=today - timedelta(days=i),
                purpose="statement",
                case=e.case,
                joint=True,
                with_agencies=[jw.police_agency, jw.world.owner_agency],
            )
            interviews.invite(
                jw.police,
                jw.person,
                proposed_for=today + timedelta(days=i + 1),
                purpose="statement",
                agencies=[jw.prosecution_agency, jw.court_agency],
                case=e.case,
                note=f"together {i}",
            )
        return [f"together {i}" for i in range(start, start + n)] + [jw.prosecution_agency.name]

    grow(0, 1)
    clients = [login(jw.police), login(jw.world.owner)]
    assert_flat(clients, f"/justice/persons/{jw.person.pk}/interviews/", lambda: grow(1, 3))


def due_rows(
    jw: JusticeWorld, case: CriminalCase, start: int, n: int
) -> tuple[list[str], list[str]]:
    """Suspects under arrest, warrants to serve and reports due; hearings this week; overdue
    orders. Returns what the police see and what the prosecutor and the court see."""
    today = timezone.localdate()
    long_ago = today - timedelta(days=200)
    police: list[str] = []
    by_court: list[str] = []
    for i in range(start, start + n):
        victim, suspect, charge = victim_and_charged_suspect(jw, case, i)
        custody.issue_warrant(
            jw.prosecutor,
            case,
            kind="arrest",
            issued_on=today,
            issued_by="Judge Chea",
            suspect=suspect,
        )
        custody.order_supervision(
            jw.prosecutor,
            case,
            suspect,
            ordered_on=long_ago,
            ordered_by="Judge Chea",
            conditions=["report"],
            reporting_every_days=7,
            first_due_on=today,
        )
        court.schedule_hearing(
            jw.clerk,
            case,
            kind="trial",
            scheduled_for=timezone.now() + timedelta(days=1),
            room=f"Room {i}",
        )
        court.record_verdict(
            jw.clerk,
            case,
            charge,
            outcome="convicted",
            decided_on=today,  # the case went to trial today: no verdict before
            prison_months=60,
        )
        order = orders.record_order(
            jw.clerk,
            case,
            victim=victim,
            defendant=suspect,
            amount_riel=2_000_000,
            ordered_on=long_ago,  # overdue: ordered before today's verdict, so on none of it
            due_on=long_ago + timedelta(days=30),
        )
        # Ordering supervision ends custody: this arrest is after it, its clock still runs.
        jw.arrest(case, suspect, hours_ago=1 + i)
        police.append(suspect.reference)
        by_court.append(order.reference)
    return police, by_court


def test_due_page_of_the_police_reads_a_fixed_number_of_queries(jw: JusticeWorld) -> None:
    e = everything(jw)
    due_rows(jw, e.case, 0, 1)
    clients = [login(jw.police), login(jw.supervisor)]
    assert_flat(clients, "/justice/", lambda: due_rows(jw, e.case, 1, 3)[0])


def test_due_page_of_prosecutor_court_and_case_worker_reads_a_fixed_number_of_queries(
    jw: JusticeWorld,
) -> None:
    e = everything(jw)
    due_rows(jw, e.case, 0, 1)
    clients = [login(jw.clerk), login(jw.prosecutor), login(jw.world.owner)]
    assert_flat(clients, "/justice/", lambda: due_rows(jw, e.case, 1, 3)[1])
