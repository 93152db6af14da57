"""The justice counts behind the tables: who is counted, when, and under which offence class."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from rumdoh.accounts.models import AgencyKind
from rumdoh.accounts.rules.roles import Role
from rumdoh.justice import court, custody, services
from rumdoh.justice.models import CriminalCase
from rumdoh.justice.queries import offence_class, principal_charges, trafficking_cases
from rumdoh.justice.rules import transitions
from rumdoh.statistics import justice_measures as jm
from rumdoh.statistics import justice_queries as q
from rumdoh.statistics.justice_report import justice_section
from rumdoh.statistics.rules.periods import Period
from tests.conftest import World, login, make_agency, make_user
from tests.justice.helpers import JusticeWorld
from tests.statistics.justice_helpers import Courts

pytestmark = pytest.mark.django_db

YEAR = Period(date(2025, 1, 1), date(2025, 12, 31))


def total(cube, measure, column=None, **where):
    positions = {dim.key: i for i, dim in enumerate(measure.dimensions)}
    return sum(
        n
        for key, n in cube.items()
        if (column is None or key[-1] == column)
        and all(key[positions[k]] == v for k, v in where.items())
    )


def by_column(cube, measure):
    return {c: total(cube, measure, c) for c in measure.codes if total(cube, measure, c)}


@pytest.fixture
def courts(db):
    return Courts()


@pytest.fixture
def year(courts):
    """A year of cases: trafficking, rape only, downgraded to rape, border crossing only, none."""
    c = courts
    first = c.person(given_name="Sreymom", family_name="Chan", birth_year=2001, sex="female")
    second = c.person(given_name="Dara", family_name="Kim", birth_year=1990, sex="male")
    third = c.person(given_name="Bopha", family_name="Ros", birth_year=2010, sex="female")

    # A: trafficking, through to a final judgment; a second suspect charged with laundering only.
    a = c.case(date(2025, 1, 10), forms=("forced_criminality",))
    boss = c.suspect(a)
    cashier = c.suspect(a, sex="female", role="financier")
    c.charge(a, boss, "LSHTSE-12", level="recommended")
    c.charge(a, boss, "CC-253", level="recommended")
    c.victim(a, first)
    c.victim(a, second)
    c.arrest(a, boss, date(2025, 1, 20))
    c.arrest(a, boss, date(2025, 2, 1))  # arrested again: still one suspect arrested
    c.move(a, "sent_to_prosecutor", date(2025, 2, 1))
    boss_trafficking = c.charge(a, boss, "LSHTSE-12", exploitation="forced_criminality")
    c.charge(a, boss, "AML-2020")
    cashier_laundering = c.charge(a, cashier, "AML-2020")
    c.move(a, "charged", date(2025, 3, 1))
    c.move(a, "trial", date(2025, 4, 1))
    c.verdict(boss_trafficking, "convicted", date(2025, 6, 1))
    c.verdict(cashier_laundering, "acquitted", date(2025, 6, 1))
    c.move(a, "verdict", date(2025, 6, 1))
    c.move(a, "final", date(2025, 7, 1), closure="judgment_final")

    # B: rape only, from the capital's police, with the same victim as A.
    b, rapist = c.prosecuted(
        date(2025, 1, 15),
        date(2025, 2, 10),
        date(2025, 3, 10),
        offence="CC-239",
        capital=True,
        victim=first,
    )
    b.exploitation_types = ["sexual_exploitation"]
    b.save()
    c.arrest(b, rapist, date(2025, 1, 16))
    c.move(b, "trial", date(2025, 4, 10))
    c.verdict(b.charges.get(level="charged"), "convicted", date(2025, 8, 1))
    c.move(b, "verdict", date(2025, 8, 1))
    c.settlement(b, "settlement", date(2025, 4, 1), by="defendant")

    # C: recommended as trafficking, but charged with rape only.
    cc, suspect = c.prosecuted(date(2025, 2, 1), date(2025, 2, 15), offence="LSHTSE-15")
    c.victim(cc, third)
    c.charge(cc, suspect, "CC-239")
    c.move(cc, "charged", date(2025, 3, 15))

    # D: helping across the border only; sent back, sent again, then dropped.
    d, _s = c.prosecuted(date(2025, 3, 1), date(2025, 3, 15), offence="IMMIGRATION-29")
    c.move(d, "returned_for_investigation", date(2025, 3, 20))
    c.move(d, "sent_to_prosecutor", date(2025, 4, 1))
    c.move(d, "final", date(2025, 5, 1), closure="dropped_by_prosecutor")

    # E: no charge ever; the complaint withdrawn, closed for want of evidence.
    e = c.case(date(2025, 5, 1))
    c.settlement(e, "withdrawal", date(2025, 5, 20), by="victim_family")
    c.move(e, "final", date(2025, 6, 1), closure="insufficient_evidence")

    # F: opened the year before, sent this year.
    c.prosecuted(date(2024, 12, 1), date(2025, 1, 5), offence="LSHTSE-17")

    # G: outside the period altogether.
    c.prosecuted(date(2026, 1, 10), date(2026, 1, 20), date(2026, 1, 25))
    return c


def test_investigations_by_class_province_and_law(year):
    cube = q.investigations(YEAR)
    m = jm.INVESTIGATIONS
    assert by_column(cube, m) == {"trafficking": 1, "related": 3, "none": 1}
    assert total(cube, m, "related", province="12") == 1  # the capital's rape case
    assert total(cube, m, "trafficking", law="LSHTSE-2008", exploitation="forced_criminality") == 1
    assert total(cube, m, "none", law="none", exploitation="forced_labour") == 1
    assert total(cube, m, "related", law="CC-2009") == 2
    assert total(cube, m, "related", law="IMMIGRATION-1994") == 1


def test_a_file_sent_back_and_sent_again_counts_once(year):
    cube = q.cases_sent(YEAR)
    assert by_column(cube, jm.CASES_SENT) == {"trafficking": 2, "related": 3}


def test_investigations_still_open_at_the_end_of_the_period(courts):
    c = courts
    # Trafficking, still under investigation at the end of the year.
    waiting = c.case(date(2025, 11, 1), forms=("forced_criminality",))
    c.charge(waiting, c.suspect(waiting), "LSHTSE-12", level="recommended")
    # Sent, sent back for further investigation: under investigation again.
    returned, _s = c.prosecuted(date(2025, 6, 1), date(2025, 7, 1))
    c.move(returned, "returned_for_investigation", date(2025, 8, 1))
    # Sent to the prosecutor only the next year: still open on 31 December.
    c.prosecuted(date(2025, 12, 1), date(2026, 1, 10))
    # No charge yet, in the capital.
    c.case(date(2025, 9, 1), capital=True)
    # Sent within the year, or closed within it: no longer open.
    c.prosecuted(date(2025, 2, 1), date(2025, 3, 1))
    closed = c.case(date(2025, 4, 1))
    c.move(closed, "final", date(2025, 5, 1), closure="dropped_by_prosecutor")
    # Sent back and then dropped within the year.
    dropped, _s = c.prosecuted(date(2025, 3, 1), date(2025, 3, 15))
    c.move(dropped, "returned_for_investigation", date(2025, 3, 20))
    c.move(dropped, "final", date(2025, 4, 1), closure="dropped_by_prosecutor")
    # Opened the year before, still open: not an investigation of this year.
    c.case(date(2024, 12, 1))

    m = jm.STILL_OPEN
    cube = q.investigations_still_open(YEAR)
    assert by_column(cube, m) == {"trafficking": 3, "none": 1}
    assert total(cube, m, "none", province="12", law="none") == 1
    assert total(cube, m, "trafficking", law="LSHTSE-2008") == 3
    assert by_column(q.investigations(YEAR), jm.INVESTIGATIONS) == {"trafficking": 5, "none": 2}
    # At the end of October the case sent in December had not been opened; the one sent back in
    # August was back with the police; the one opened in November not yet opened.
    autumn = Period(date(2025, 1, 1), date(2025, 10, 31))
    assert by_column(q.investigations_still_open(autumn), m) == {"trafficking": 1, "none": 1}
    # At the end of June the case sent in July was still with the police.
    june = Period(date(2025, 1, 1), date(2025, 6, 30))
    assert by_column(q.investigations_still_open(june), m) == {"trafficking": 1}
    assert q.figures(YEAR).cubes[m.key] == cube


def test_cases_prosecuted_by_the_prosecutors_province(year):
    cube = q.cases_charged(YEAR)
    m = jm.CASES_CHARGED
    assert by_column(cube, m) == {"trafficking": 1, "related": 2}
    assert total(cube, m, province="01") == 3  # the prosecutor's province, not the capital police


def test_suspects_are_filed_by_their_own_charges(year):
    m = jm.SUSPECTS_CHARGED
    cube = q.suspects_charged(YEAR)
    assert by_column(cube, m) == {"trafficking": 1, "related": 3}
    assert total(cube, m, "related", suspect_sex="female", law="AML-2020") == 1
    assert total(cube, m, "trafficking", suspect_sex="male") == 1


def test_suspects_arrested_count_once(year):
    m = jm.SUSPECTS_ARRESTED
    cube = q.suspects_arrested(YEAR)
    assert by_column(cube, m) == {"trafficking": 1, "related": 1}
    assert total(cube, m, "related", province="12") == 1


def test_every_charge_counts_under_its_own_law(year):
    m = jm.CHARGES
    cube = q.charges(YEAR)
    assert by_column(cube, m) == {"trafficking": 1, "related": 4}
    assert total(cube, m, law="AML-2020") == 2
    assert total(cube, m, offence="CC-239") == 2
    assert total(cube, m, offence="LSHTSE-12", exploitation="forced_criminality") == 1


def test_convictions_by_the_charge_convicted_of_and_the_courts_province(year):
    m = jm.SUSPECTS_CONVICTED
    cube = q.suspects_convicted(YEAR)
    assert by_column(cube, m) == {"trafficking": 1, "related": 1}
    assert total(cube, m, province="02") == 2
    assert total(cube, m, "related", law="CC-2009", exploitation="sexual_exploitation") == 1


def test_acquittals_settlements_and_early_closures(year):
    acquitted = q.acquittals(YEAR)
    assert by_column(acquitted, jm.ACQUITTALS) == {"related": 1}
    assert total(acquitted, jm.ACQUITTALS, outcome="acquitted", suspect_sex="female") == 1
    settled = q.settlements(YEAR)
    assert by_column(settled, jm.SETTLEMENTS) == {"related": 1, "none": 1}
    assert total(settled, jm.SETTLEMENTS, kind="withdrawal", proposed_by="victim_family") == 1
    closed = q.cases_closed_early(YEAR)
    assert by_column(closed, jm.CASES_CLOSED) == {"related": 1, "none": 1}
    assert total(closed, jm.CASES_CLOSED, "related", closure="dropped_by_prosecutor") == 1


def test_a_victim_in_two_cases_counts_once_under_trafficking(year):
    m = jm.VICTIMS_CHARGED
    cube = q.victims_in_prosecuted_cases(YEAR)
    assert by_column(cube, m) == {"trafficking": 2, "related": 1}
    assert total(cube, m, "trafficking", sex="female", age="18-24", nationality="KH") == 1
    assert total(cube, m, "related", age="12-17") == 1


def test_days_between_stages(year):
    sent = q.durations(jm.STEPS[0], YEAR)
    assert sent == {"trafficking": {22: 1, 35: 1}, "related": {26: 1, 14: 2}}
    verdict = q.durations(jm.STEPS[2], YEAR)
    assert verdict == {"trafficking": {92: 1}, "related": {144: 1}}
    final = q.durations(jm.STEPS[3], YEAR)
    assert final == {"trafficking": {30: 1}}


def test_counting_takes_a_fixed_number_of_queries(year, django_assert_max_num_queries):
    with django_assert_max_num_queries(len(q.QUERIES) + len(jm.STEPS)):
        for query in q.QUERIES.values():
            query(YEAR)
        for step in jm.STEPS:
            q.durations(step, YEAR)


# Every count and duration of the year above, exactly: a change of any figure shows here.
FIGURES = {
    "investigations": {
        ("01", "CC-2009", "forced_labour", "related"): 1,
        ("01", "IMMIGRATION-1994", "forced_labour", "related"): 1,
        ("01", "LSHTSE-2008", "forced_criminality", "trafficking"): 1,
        ("01", "none", "forced_labour", "none"): 1,
        ("12", "CC-2009", "sexual_exploitation", "related"): 1,
    },
    "investigations_still_open": {},  # every case opened in the year moved on within it
    "cases_sent": {
        ("01", "CC-2009", "forced_labour", "related"): 1,
        ("01", "IMMIGRATION-1994", "forced_labour", "related"): 1,
        ("01", "LSHTSE-2008", "forced_criminality", "trafficking"): 2,
        ("12", "CC-2009", "sexual_exploitation", "related"): 1,
    },
    "cases_charged": {
        ("01", "CC-2009", "forced_labour", "related"): 1,
        ("01", "CC-2009", "sexual_exploitation", "related"): 1,
        ("01", "LSHTSE-2008", "forced_criminality", "trafficking"): 1,
    },
    "suspects_arrested": {
        ("01", "LSHTSE-2008", "forced_criminality", "male", "trafficking"): 1,
        ("12", "CC-2009", "sexual_exploitation", "male", "related"): 1,
    },
    "suspects_charged": {
        ("01", "AML-2020", "forced_criminality", "female", "related"): 1,
        ("01", "CC-2009", "forced_labour", "male", "related"): 1,
        ("01", "CC-2009", "sexual_exploitation", "male", "related"): 1,
        ("01", "LSHTSE-2008", "forced_criminality", "male", "trafficking"): 1,
    },
    "charges": {
        ("AML-2020", "AML-2020", "forced_criminality", "01", "related"): 2,
        ("CC-239", "CC-2009", "forced_labour", "01", "related"): 1,
        ("CC-239", "CC-2009", "sexual_exploitation", "01", "related"): 1,
        ("LSHTSE-12", "LSHTSE-2008", "forced_criminality", "01", "trafficking"): 1,
    },
    "suspects_convicted": {
        ("02", "CC-2009", "sexual_exploitation", "male", "convicted", "related"): 1,
        ("02", "LSHTSE-2008", "forced_criminality", "male", "convicted", "trafficking"): 1,
    },
    "victims_in_prosecuted_cases": {
        ("01", "female", "12-17", "KH", "related"): 1,
        ("01", "female", "18-24", "KH", "trafficking"): 1,
        ("01", "male", "35-49", "KH", "trafficking"): 1,
    },
    "acquittals": {
        ("acquitted", "02", "AML-2020", "forced_criminality", "female", "related"): 1,
    },
    "settlements": {
        ("settlement", "defendant", "12", "CC-2009", "sexual_exploitation", "related"): 1,
        ("withdrawal", "victim_family", "01", "none", "forced_labour", "none"): 1,
    },
    "cases_closed_early": {
        ("dropped_by_prosecutor", "01", "IMMIGRATION-1994", "forced_labour", "related"): 1,
        ("insufficient_evidence", "01", "none", "forced_labour", "none"): 1,
    },
}
DAYS = {
    "investigation_to_sent": {"related": {14: 2, 26: 1}, "trafficking": {22: 1, 35: 1}},
    "sent_to_charged": {"related": {28: 2}, "trafficking": {28: 1}},
    "charged_to_verdict": {"related": {144: 1}, "trafficking": {92: 1}},
    "verdict_to_final": {"trafficking": {30: 1}},
    "investigation_to_verdict": {"related": {198: 1}, "trafficking": {142: 1}},
}


def test_every_figure_of_the_year_is_pinned(year):
    found = q.figures(YEAR)
    assert found.cubes == FIGURES
    assert found.durations == DAYS


def test_each_measure_alone_gives_the_figures_of_the_whole(year):
    for key, query in q.QUERIES.items():
        assert query(YEAR) == FIGURES[key], key
    for step in jm.STEPS:
        assert q.durations(step, YEAR) == DAYS[step.code], step.code


def test_the_whole_justice_section_takes_one_query(year, django_assert_num_queries):
    with django_assert_num_queries(1):
        section = justice_section(YEAR, 1, "en")
    assert len(section.measures) == len(jm.JUSTICE_MEASURES)
    with django_assert_num_queries(0):  # the figures are cached
        justice_section(YEAR, 10, "km")


# --- a rape-only case, followed through the real services --------------------------------------


@pytest.fixture
def jw(db):
    return JusticeWorld(World())


def this_year():
    today = timezone.localdate()
    return Period(date(today.year, 1, 1), today)


def test_a_rape_only_case_never_enters_the_trafficking_figures(jw):
    today = timezone.localdate()
    case, suspect, charge = jw.charged_case(offence="CC-239")
    custody.record_arrest(
        jw.police, case, suspect, arrested_at=timezone.now() - timedelta(hours=2), place="Poipet"
    )
    jw.to_trial(case)
    court.record_verdict(jw.clerk, case, charge, outcome="convicted", decided_on=today)
    court.record_settlement(
        jw.police, case, kind="settlement", proposed_by="defendant", agreed_on=today, amount_riel=1
    )
    services.change_stage(jw.clerk, case, "verdict")
    period = this_year()
    for key, query in q.QUERIES.items():
        cube = query(period)
        assert not any(k[-1] == "trafficking" and n for k, n in cube.items()), key
    expected = {
        "investigations": 1,
        "cases_sent": 1,
        "cases_charged": 1,
        "suspects_arrested": 1,
        "suspects_charged": 1,
        "charges": 1,
        "suspects_convicted": 1,
        "victims_in_prosecuted_cases": 1,
        "settlements": 1,
    }
    for key, count in expected.items():
        cube = q.QUERIES[key](period)
        assert sum(n for k, n in cube.items() if k[-1] == "related") == count, key
    for step in jm.STEPS:
        assert "trafficking" not in q.durations(step, period)


def test_a_rape_only_case_shows_in_the_api_as_a_related_offence_only(jw, settings):
    settings.RUMDOH_SUPPRESSION_THRESHOLD = 1
    jw.convicted()  # a trafficking case for contrast...
    jw.charged_case(offence="CC-239")  # ...and a rape-only one
    analyst = make_user(Role.NCCT_ANALYST, make_agency("NCCT", AgencyKind.COMMITTEE))
    body = login(analyst).get("/api/v1/statistics/", {"preset": "this-year"}).json()
    charged = next(m for m in body["justice"]["measures"] if m["key"] == "cases_charged")
    by_law = next(t for t in charged["tables"] if t["breakdown"] == "law")
    columns = [c["code"] for c in charged["columns"]]
    assert dict(zip(columns, by_law["totals"]["values"], strict=True)) == {
        "trafficking": 1,
        "related": 1,
    }
    criminal_code = next(r for r in by_law["rows"] if r["code"] == "CC-2009")
    assert criminal_code["values"][0] is None  # no trafficking case under the Criminal Code
    convicted = next(m for m in body["justice"]["measures"] if m["key"] == "suspects_convicted")
    assert convicted["tables"][0]["totals"]["values"] == [1, None]  # the rape case: not tried


def test_the_principal_charge_agrees_with_the_case_class(year):
    for case in CriminalCase.objects.all():
        first = principal_charges(case.charges.all()).first()
        in_trafficking = trafficking_cases().filter(pk=case.pk).exists()
        assert (first is not None and first.is_trafficking) == in_trafficking, case.pk
        assert q.offence_class(first.offence if first else None) == (offence_class(case) or "none")


def test_a_case_enters_the_charged_stage_at_most_once():
    """Charges are joined to their case's move into "charged": the stage rules must never let a
    case be charged twice, or a charge would be counted twice."""
    into_charged = {m.source for m in transitions.MOVES if m.target == transitions.Stage.CHARGED}
    assert into_charged == {transitions.Stage.SENT_TO_PROSECUTOR}
    later = {
        transitions.Stage.CHARGED,
        transitions.Stage.INVESTIGATING_JUDGE,
        transitions.Stage.TRIAL,
        transitions.Stage.VERDICT,
        transitions.Stage.APPEAL,
        transitions.Stage.FINAL,
    }
    before_charging = {transitions.Stage.SENT_TO_PROSECUTOR, transitions.Stage.RETURNED}
    assert not [m for m in transitions.MOVES if m.source in later and m.target in before_charging]
