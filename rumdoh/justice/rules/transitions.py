"""The stages of a criminal case and the moves allowed between them (pure: no Django imports).

Criminal Procedure Code 2007, as practised: the police investigate and send the case file, with
recommended charges, to the prosecutor; the prosecutor charges, sends it back for more
investigation or drops it; a charged case goes to an investigating judge (or straight to trial);
the trial court gives a verdict, which may be appealed; a judgment becomes final. A defendant
convicted in absentia who is later arrested is tried again.

Each move names who makes it (the police unit, the prosecutor's office or the court), what must be
true first, and whether the reason must be written down. ``problems`` returns codes, never text:
the pages and the API turn them into messages in the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Stage(StrEnum):
    INVESTIGATION = "investigation"
    SENT_TO_PROSECUTOR = "sent_to_prosecutor"
    RETURNED = "returned_for_investigation"
    CHARGED = "charged"
    INVESTIGATING_JUDGE = "investigating_judge"
    TRIAL = "trial"
    VERDICT = "verdict"
    APPEAL = "appeal"
    FINAL = "final"


class Actor(StrEnum):
    POLICE = "police"
    PROSECUTOR = "prosecutor"
    COURT = "court"


class Closure(StrEnum):
    """How a case reached its final stage."""

    JUDGMENT = "judgment_final"
    DROPPED = "dropped_by_prosecutor"
    DISMISSED = "dismissed_by_judge"
    SETTLED = "settled"
    WITHDRAWN = "complaint_withdrawn"
    NO_EVIDENCE = "insufficient_evidence"


class Problem(StrEnum):
    NO_SUCH_MOVE = "no_such_move"
    WRONG_ACTOR = "wrong_actor"
    REASON_REQUIRED = "reason_required"
    NO_RECOMMENDED_CHARGE = "no_recommended_charge"
    NO_CHARGE = "no_charge"
    NO_VERDICT = "no_verdict"
    NO_ARRESTED_ABSCONDER = "no_arrested_absconder"
    CLOSURE_REQUIRED = "closure_required"
    CLOSURE_NOT_HERE = "closure_not_here"
    AGENCY_REQUIRED = "agency_required"
    WRONG_AGENCY_KIND = "wrong_agency_kind"


@dataclass(frozen=True)
class Move:
    source: Stage
    target: Stage
    actors: frozenset[Actor]
    reason_required: bool = False


P, R, C = Actor.POLICE, Actor.PROSECUTOR, Actor.COURT
S = Stage


def _move(source: Stage, target: Stage, *actors: Actor, reason: bool = False) -> Move:
    return Move(source, target, frozenset(actors), reason)


MOVES: tuple[Move, ...] = (
    _move(S.INVESTIGATION, S.SENT_TO_PROSECUTOR, P),
    _move(S.INVESTIGATION, S.FINAL, P, R, reason=True),
    _move(S.SENT_TO_PROSECUTOR, S.RETURNED, R, reason=True),
    _move(S.SENT_TO_PROSECUTOR, S.CHARGED, R),
    _move(S.SENT_TO_PROSECUTOR, S.FINAL, R, reason=True),
    _move(S.RETURNED, S.SENT_TO_PROSECUTOR, P),
    _move(S.RETURNED, S.FINAL, R, reason=True),
    _move(S.CHARGED, S.INVESTIGATING_JUDGE, R, C),
    _move(S.CHARGED, S.TRIAL, R, C),
    _move(S.INVESTIGATING_JUDGE, S.TRIAL, C),
    _move(S.INVESTIGATING_JUDGE, S.FINAL, C, reason=True),
    _move(S.TRIAL, S.VERDICT, C),
    _move(S.VERDICT, S.APPEAL, R, C),
    _move(S.VERDICT, S.FINAL, C),
    _move(S.VERDICT, S.TRIAL, C, reason=True),
    _move(S.APPEAL, S.VERDICT, C),
    _move(S.APPEAL, S.FINAL, C),
    _move(S.FINAL, S.TRIAL, C, reason=True),
)

_BY_PAIR = {(m.source, m.target): m for m in MOVES}

# How a case may end, by the stage it ends from.
CLOSURES: dict[Stage, tuple[Closure, ...]] = {
    S.INVESTIGATION: (Closure.NO_EVIDENCE, Closure.SETTLED, Closure.WITHDRAWN),
    S.SENT_TO_PROSECUTOR: (
        Closure.DROPPED,
        Closure.NO_EVIDENCE,
        Closure.SETTLED,
        Closure.WITHDRAWN,
    ),
    S.RETURNED: (Closure.DROPPED, Closure.NO_EVIDENCE, Closure.SETTLED, Closure.WITHDRAWN),
    S.INVESTIGATING_JUDGE: (Closure.DISMISSED,),
    S.VERDICT: (Closure.JUDGMENT,),
    S.APPEAL: (Closure.JUDGMENT,),
}

# The kind of agency that takes responsibility when a case enters a stage.
RESPONSIBLE_KIND: dict[Stage, str] = {
    S.SENT_TO_PROSECUTOR: "prosecution",
    S.INVESTIGATING_JUDGE: "court",
    S.TRIAL: "court",
    S.APPEAL: "court",
}

# A case moves back to trial only to try again a defendant convicted in absentia and arrested since.
RETRIAL_FROM = frozenset({S.VERDICT, S.FINAL})


@dataclass(frozen=True)
class Facts:
    """What the case holds, as far as the rules need to know."""

    recommended_charges: int = 0
    charges: int = 0
    verdicts_since_trial: int = 0
    arrested_absconders: int = 0


def move(source: str, target: str) -> Move | None:
    try:
        return _BY_PAIR.get((Stage(source), Stage(target)))
    except ValueError:
        return None


def next_stages(source: str, actors: set[Actor] | frozenset[Actor]) -> list[Stage]:
    """The stages ``actors`` may move a case to from ``source``, in the order of the process."""
    order = list(Stage)
    found = [m.target for m in MOVES if m.source == source and m.actors & actors]
    return sorted(found, key=order.index)


def is_retrial(source: str, target: str) -> bool:
    return target == S.TRIAL and source in RETRIAL_FROM


def problems(
    source: str,
    target: str,
    actors: set[Actor] | frozenset[Actor],
    facts: Facts,
    *,
    reason: str = "",
    closure: str = "",
    agency_kind: str = "",
) -> list[Problem]:
    """Why the move from ``source`` to ``target`` may not be made now; empty if it may."""
    found = move(source, target)
    if found is None:
        return [Problem.NO_SUCH_MOVE]
    if not found.actors & actors:
        return [Problem.WRONG_ACTOR]
    issues: list[Problem] = []
    if found.reason_required and not reason.strip():
        issues.append(Problem.REASON_REQUIRED)
    issues += _preconditions(found, facts)
    issues += _closure_problems(found, closure)
    issues += _agency_problems(found, agency_kind)
    return issues


def _preconditions(found: Move, facts: Facts) -> list[Problem]:
    target = found.target
    if target == S.SENT_TO_PROSECUTOR and facts.recommended_charges < 1:
        return [Problem.NO_RECOMMENDED_CHARGE]
    if target == S.CHARGED and facts.charges < 1:
        return [Problem.NO_CHARGE]
    if target == S.VERDICT and facts.verdicts_since_trial < 1:
        return [Problem.NO_VERDICT]
    if is_retrial(found.source, target) and facts.arrested_absconders < 1:
        return [Problem.NO_ARRESTED_ABSCONDER]
    return []


def _closure_problems(found: Move, closure: str) -> list[Problem]:
    if found.target != S.FINAL:
        return [Problem.CLOSURE_NOT_HERE] if closure else []
    if not closure:
        return [Problem.CLOSURE_REQUIRED]
    if closure not in CLOSURES.get(found.source, ()):
        return [Problem.CLOSURE_NOT_HERE]
    return []


def _agency_problems(found: Move, agency_kind: str) -> list[Problem]:
    wanted = RESPONSIBLE_KIND.get(found.target)
    if wanted is None:
        return []
    if not agency_kind:
        return [Problem.AGENCY_REQUIRED]
    return [] if agency_kind == wanted else [Problem.WRONG_AGENCY_KIND]


def is_open(stage: str) -> bool:
    return stage != S.FINAL
