"""The allowed moves between the stages of a criminal case, and who makes them."""

import pytest

from rumdoh.justice.rules import transitions as t
from rumdoh.justice.rules.transitions import Actor, Closure, Facts, Problem, Stage

POLICE = frozenset({Actor.POLICE})
PROSECUTOR = frozenset({Actor.PROSECUTOR})
COURT = frozenset({Actor.COURT})
EVERYTHING = Facts(recommended_charges=1, charges=1, verdicts_since_trial=1, arrested_absconders=1)


def check(source, target, actors, facts=EVERYTHING, **kwargs):
    return t.problems(source, target, actors, facts, **kwargs)


def test_the_ordinary_road_from_investigation_to_final():
    assert check("investigation", "sent_to_prosecutor", POLICE, agency_kind="prosecution") == []
    assert check("sent_to_prosecutor", "charged", PROSECUTOR) == []
    assert check("charged", "investigating_judge", PROSECUTOR, agency_kind="court") == []
    assert check("investigating_judge", "trial", COURT, agency_kind="court") == []
    assert check("trial", "verdict", COURT) == []
    assert check("verdict", "appeal", PROSECUTOR, agency_kind="court") == []
    assert check("appeal", "verdict", COURT) == []
    assert check("verdict", "final", COURT, closure="judgment_final") == []


def test_every_stage_can_be_reached_from_investigation():
    reached, frontier = {Stage.INVESTIGATION}, [Stage.INVESTIGATION]
    while frontier:
        stage = frontier.pop()
        for move in t.MOVES:
            if move.source == stage and move.target not in reached:
                reached.add(move.target)
                frontier.append(move.target)
    assert reached == set(Stage)


def test_a_move_not_in_the_table_is_refused():
    assert check("investigation", "trial", POLICE) == [Problem.NO_SUCH_MOVE]
    assert check("final", "investigation", COURT) == [Problem.NO_SUCH_MOVE]
    assert check("nonsense", "trial", COURT) == [Problem.NO_SUCH_MOVE]


@pytest.mark.parametrize(
    ("source", "target", "actors"),
    [
        ("investigation", "sent_to_prosecutor", PROSECUTOR),
        ("sent_to_prosecutor", "charged", POLICE),
        ("sent_to_prosecutor", "returned_for_investigation", COURT),
        ("trial", "verdict", PROSECUTOR),
        ("investigating_judge", "trial", POLICE),
    ],
)
def test_each_move_belongs_to_its_actor(source, target, actors):
    assert check(source, target, actors, agency_kind="court") == [Problem.WRONG_ACTOR]


def test_sending_the_file_needs_a_recommended_charge_and_a_prosecutor_office():
    empty = Facts()
    problems = check("investigation", "sent_to_prosecutor", POLICE, empty)
    assert problems == [Problem.NO_RECOMMENDED_CHARGE, Problem.AGENCY_REQUIRED]
    wrong = check("investigation", "sent_to_prosecutor", POLICE, agency_kind="court")
    assert wrong == [Problem.WRONG_AGENCY_KIND]


def test_charging_needs_a_charge_and_a_verdict_needs_a_decision():
    assert check("sent_to_prosecutor", "charged", PROSECUTOR, Facts()) == [Problem.NO_CHARGE]
    assert check("trial", "verdict", COURT, Facts(charges=1)) == [Problem.NO_VERDICT]


def test_sending_back_and_dropping_need_a_reason():
    back = check("sent_to_prosecutor", "returned_for_investigation", PROSECUTOR)
    assert back == [Problem.REASON_REQUIRED]
    assert check("sent_to_prosecutor", "returned_for_investigation", PROSECUTOR, reason="x") == []
    drop = check("sent_to_prosecutor", "final", PROSECUTOR, closure="dropped_by_prosecutor")
    assert drop == [Problem.REASON_REQUIRED]


def test_a_case_ends_only_in_the_ways_open_from_its_stage():
    assert check("verdict", "final", COURT) == [Problem.CLOSURE_REQUIRED]
    dismissed_at_verdict = check("verdict", "final", COURT, closure=Closure.DISMISSED)
    assert dismissed_at_verdict == [Problem.CLOSURE_NOT_HERE]
    assert (
        check("investigating_judge", "final", COURT, reason="no case", closure="dismissed_by_judge")
        == []
    )
    settled = check("investigation", "final", POLICE, reason="paid", closure=Closure.SETTLED)
    assert settled == []
    assert check("trial", "verdict", COURT, closure="settled") == [Problem.CLOSURE_NOT_HERE]


def test_retrial_only_after_an_absconder_is_arrested():
    no_one = Facts(charges=1, verdicts_since_trial=1)
    retrial = check("final", "trial", COURT, no_one, reason="arrested", agency_kind="court")
    assert retrial == [Problem.NO_ARRESTED_ABSCONDER]
    assert check("final", "trial", COURT, reason="arrested", agency_kind="court") == []
    assert t.is_retrial("verdict", "trial") and not t.is_retrial("charged", "trial")


def test_next_stages_are_those_the_actor_may_make_in_process_order():
    assert t.next_stages("investigation", POLICE) == [Stage.SENT_TO_PROSECUTOR, Stage.FINAL]
    assert t.next_stages("sent_to_prosecutor", PROSECUTOR) == [
        Stage.RETURNED,
        Stage.CHARGED,
        Stage.FINAL,
    ]
    assert t.next_stages("sent_to_prosecutor", POLICE) == []
    assert t.next_stages("verdict", COURT) == [Stage.TRIAL, Stage.APPEAL, Stage.FINAL]
    assert t.next_stages("final", PROSECUTOR) == []


def test_every_closure_is_reachable_from_some_stage():
    reachable = {c for closures in t.CLOSURES.values() for c in closures}
    assert reachable == set(Closure)
    for stage in t.CLOSURES:
        assert t.move(stage, Stage.FINAL) is not None
