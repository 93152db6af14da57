"""The screening decision rule (pure: no Django imports; checked with ``mypy --strict``).

Input: the person's age (``None`` when unknown) and an answer per indicator code, ``yes``, ``no``
or ``unknown``; a code that was not asked counts as ``unknown``.

Each element is *met* (``yes``) when an observed indicator satisfies it, *open* (``unknown``)
when it is not met but an unknown answer could still satisfy it, and *ruled out* (``no``)
otherwise. The elements:

* act, means, purpose — the Palermo test. Means are satisfied by the MEANS codes and by the
  forced-labour indicators the catalogue says imply a means (``Indicator.implies``). Purpose is
  satisfied by the PURPOSE codes and by established forced labour (``PURPOSE-FORCED-LABOUR``).
* involuntariness, coercion — the ILO 2018 measurement of forced labour; each forced-labour
  indicator counts for the dimensions listed in the catalogue (``Indicator.dimensions``).

Trafficking is indicated when act and purpose are met and either means is met or the person is a
child (under 18; 18 is an adult). Forced labour is indicated when involuntariness and coercion
are both met. Trafficking takes precedence.

A person is never cleared on unknowns: ``not-indicated`` only when no completion of the unknown
answers could indicate trafficking or forced labour. Otherwise the result is
``further-assessment``.

Unknown age is treated as *possibly a child*: it never clears (act and purpose with unknown age
stay open even when means are ruled out) and it never asserts the child rule either (without
means, trafficking of a person of unknown age is ``further-assessment``: establish the age). The
next step for that, a formal identification, includes the age assessment.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from rumdoh.screening.rules import catalogue as cat
from rumdoh.screening.rules.catalogue import Dimension, Group

ADULT_AGE = 18
MAX_AGE = 130


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class Element(StrEnum):
    ACT = "act"
    MEANS = "means"
    PURPOSE = "purpose"
    INVOLUNTARINESS = "involuntariness"
    COERCION = "coercion"
    HARM = "harm"


class Determination(StrEnum):
    TRAFFICKING = "trafficking-indicated"
    FORCED_LABOUR = "forced-labour-indicated"
    FURTHER_ASSESSMENT = "further-assessment"
    NOT_INDICATED = "not-indicated"


class NextStep(StrEnum):
    REFER = "refer"
    REQUEST_IDENTIFICATION = "request-formal-identification"
    NO_ACTION = "no-action"


NEXT_STEP: dict[Determination, NextStep] = {
    Determination.TRAFFICKING: NextStep.REFER,
    Determination.FORCED_LABOUR: NextStep.REFER,
    Determination.FURTHER_ASSESSMENT: NextStep.REQUEST_IDENTIFICATION,
    Determination.NOT_INDICATED: NextStep.NO_ACTION,
}

# Order of strength: a result never moves down this list when an unknown answer becomes yes.
RANK: dict[Determination, int] = {
    Determination.NOT_INDICATED: 0,
    Determination.FURTHER_ASSESSMENT: 1,
    Determination.FORCED_LABOUR: 2,
    Determination.TRAFFICKING: 3,
}


class InvalidObservations(ValueError):
    """An unknown code, an answer other than yes/no/unknown, or an impossible age."""


@dataclass(frozen=True)
class Derivation:
    """``code`` was established by the observed ``sources``."""

    code: str
    sources: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "sources": list(self.sources)}


@dataclass(frozen=True)
class Finding:
    """How one element stands: the codes that met it and those still unknown."""

    element: Element
    status: Answer
    satisfied_by: tuple[str, ...]
    unknown: tuple[str, ...]
    derived: tuple[Derivation, ...] = ()
    required: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "element": self.element.value,
            "status": self.status.value,
            "required": self.required,
            "satisfied_by": list(self.satisfied_by),
            "derived": [d.to_dict() for d in self.derived],
            "unknown": list(self.unknown),
        }


@dataclass(frozen=True)
class Assessment:
    determination: Determination
    age: int | None
    child: Answer
    trafficking: Answer
    forced_labour: Answer
    findings: tuple[Finding, ...]
    catalogue_version: str = cat.CATALOGUE_VERSION

    @property
    def next_step(self) -> NextStep:
        return NEXT_STEP[self.determination]

    def finding(self, element: Element) -> Finding:
        return next(f for f in self.findings if f.element == element)

    def explanation(self) -> dict[str, Any]:
        return {
            "age": self.age,
            "child": self.child.value,
            "trafficking": self.trafficking.value,
            "forced_labour": self.forced_labour.value,
            "elements": [f.to_dict() for f in self.findings],
        }


Observations = dict[str, Answer]


def normalise(observations: Mapping[str, str]) -> Observations:
    """Check codes and answers; raise ``InvalidObservations`` naming the first problem."""
    clean: Observations = {}
    for code, value in observations.items():
        if code not in cat.CODES:
            raise InvalidObservations(f"unknown indicator code: {code}")
        try:
            clean[code] = Answer(value)
        except ValueError:
            raise InvalidObservations(f"invalid answer for {code}: {value!r}") from None
    return clean


def check_age(age: int | None) -> None:
    if age is None:
        return
    if isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= MAX_AGE:
        raise InvalidObservations(f"age must be a whole number from 0 to {MAX_AGE}")


def answer(obs: Observations, code: str) -> Answer:
    return obs.get(code, Answer.UNKNOWN)


def either(*statuses: Answer) -> Answer:
    """Logical or over three values: yes beats unknown beats no."""
    if Answer.YES in statuses:
        return Answer.YES
    return Answer.UNKNOWN if Answer.UNKNOWN in statuses else Answer.NO


def both(*statuses: Answer) -> Answer:
    """Logical and over three values: no beats unknown beats yes."""
    if Answer.NO in statuses:
        return Answer.NO
    return Answer.UNKNOWN if Answer.UNKNOWN in statuses else Answer.YES


def _with(obs: Observations, codes: Iterable[str], wanted: Answer) -> tuple[str, ...]:
    return tuple(c for c in codes if answer(obs, c) == wanted)


def simple_finding(obs: Observations, element: Element, codes: Iterable[str]) -> Finding:
    codes = tuple(codes)
    yes, unknown = _with(obs, codes, Answer.YES), _with(obs, codes, Answer.UNKNOWN)
    status = Answer.YES if yes else (Answer.UNKNOWN if unknown else Answer.NO)
    return Finding(element, status, yes, unknown)


def _derivations(obs: Observations, group: Group) -> tuple[Derivation, ...]:
    found = []
    for code in cat.codes_in(group):
        sources = _with(obs, cat.implied_by(code), Answer.YES)
        if sources:
            found.append(Derivation(code, sources))
    return tuple(found)


def means_finding(obs: Observations, child: Answer) -> Finding:
    direct = cat.codes_in(Group.MEANS)
    sources = direct + tuple(c for m in direct for c in cat.implied_by(m) if c not in direct)
    base = simple_finding(obs, Element.MEANS, dict.fromkeys(sources))
    derived = _derivations(obs, Group.MEANS)
    return Finding(
        Element.MEANS,
        base.status,
        base.satisfied_by,
        base.unknown,
        derived,
        required=child != Answer.YES,
    )


def forced_labour(inv: Finding, coe: Finding) -> Answer:
    return both(inv.status, coe.status)


def purpose_finding(obs: Observations, fl: Answer, inv: Finding, coe: Finding) -> Finding:
    base = simple_finding(obs, Element.PURPOSE, cat.codes_in(Group.PURPOSE))
    status = either(base.status, fl)
    derived: tuple[Derivation, ...] = ()
    satisfied = base.satisfied_by
    unknown = base.unknown
    if fl == Answer.YES:
        sources = tuple(dict.fromkeys(inv.satisfied_by + coe.satisfied_by))
        derived = (Derivation(cat.FORCED_LABOUR_PURPOSE, sources),)
        satisfied = tuple(dict.fromkeys(satisfied + sources))
    elif fl == Answer.UNKNOWN:
        unknown = tuple(dict.fromkeys(unknown + inv.unknown + coe.unknown))
    return Finding(Element.PURPOSE, status, satisfied, unknown, derived)


def child_status(age: int | None) -> Answer:
    if age is None:
        return Answer.UNKNOWN
    return Answer.YES if age < ADULT_AGE else Answer.NO


def trafficking(act: Finding, means: Finding, purpose: Finding, child: Answer) -> Answer:
    return both(act.status, purpose.status, either(means.status, child))


def determine(traf: Answer, fl: Answer) -> Determination:
    if traf == Answer.YES:
        return Determination.TRAFFICKING
    if fl == Answer.YES:
        return Determination.FORCED_LABOUR
    if Answer.UNKNOWN in (traf, fl):
        return Determination.FURTHER_ASSESSMENT
    return Determination.NOT_INDICATED


def assess(age: int | None, observations: Mapping[str, str]) -> Assessment:
    """Apply the rule; raise ``InvalidObservations`` for bad input."""
    check_age(age)
    obs = normalise(observations)
    child = child_status(age)
    inv = simple_finding(obs, Element.INVOLUNTARINESS, cat.codes_with(Dimension.INVOLUNTARINESS))
    coe = simple_finding(obs, Element.COERCION, cat.codes_with(Dimension.COERCION))
    fl = forced_labour(inv, coe)
    act = simple_finding(obs, Element.ACT, cat.codes_in(Group.ACT))
    means = means_finding(obs, child)
    purpose = purpose_finding(obs, fl, inv, coe)
    harm = simple_finding(obs, Element.HARM, cat.codes_in(Group.HARM))
    harm = Finding(Element.HARM, harm.status, harm.satisfied_by, harm.unknown, required=False)
    traf = trafficking(act, means, purpose, child)
    return Assessment(
        determination=determine(traf, fl),
        age=age,
        child=child,
        trafficking=traf,
        forced_labour=fl,
        findings=(act, means, purpose, inv, coe, harm),
    )
