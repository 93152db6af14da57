"""The decision rule, over every combination of elements, ages and unknown answers."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rumdoh.screening.rules import catalogue as cat
from rumdoh.screening.rules.decision import (
    RANK,
    Answer,
    Determination,
    Element,
    InvalidObservations,
    NextStep,
    assess,
)

T, FL, FA, NI = (
    Determination.TRAFFICKING,
    Determination.FORCED_LABOUR,
    Determination.FURTHER_ASSESSMENT,
    Determination.NOT_INDICATED,
)

# One code per element that establishes that element and nothing else.
REPRESENTATIVE = {
    "act": "ACT-RECRUITMENT",
    "means": "MEANS-FRAUD",
    "purpose": "PURPOSE-SEXUAL",
    "involuntariness": "FL-OVERTIME",
    "coercion": "FL-WAGES",
}
ELEMENTS = list(REPRESENTATIVE)


def all_no(**overrides: str) -> dict[str, str]:
    obs = dict.fromkeys(cat.DECISION_CODES, "no")
    obs.update(overrides)
    return obs


def with_elements(present: set[str]) -> dict[str, str]:
    return all_no(**{REPRESENTATIVE[e]: "yes" for e in present})


def expected(present: set[str], child: bool) -> Determination:
    forced_labour = {"involuntariness", "coercion"} <= present
    purpose = "purpose" in present or forced_labour
    if "act" in present and purpose and ("means" in present or child):
        return T
    return FL if forced_labour else NI


COMBINATIONS = [
    set(combo) for n in range(len(ELEMENTS) + 1) for combo in itertools.combinations(ELEMENTS, n)
]


@pytest.mark.parametrize("present", COMBINATIONS, ids=lambda p: "+".join(sorted(p)) or "none")
@pytest.mark.parametrize("age", [30, 18, 17, 0])
def test_every_combination_of_elements_with_known_age(present, age):
    result = assess(age, with_elements(present))
    assert result.determination == expected(present, child=age < 18)


@pytest.mark.parametrize("present", COMBINATIONS, ids=lambda p: "+".join(sorted(p)) or "none")
def test_every_combination_with_unknown_age(present):
    adult = expected(present, child=False)
    as_child = expected(present, child=True)
    result = assess(None, with_elements(present)).determination
    # Unknown age asserts only what holds for an adult, and clears only what a child would not.
    if adult == as_child:
        assert result == adult
    else:
        # Only the child rule could indicate trafficking: open, unless forced labour is certain.
        assert result == (FL if adult == FL else FA)


def test_child_of_17_needs_no_means():
    obs = all_no(**{"ACT-TRANSPORT": "yes", "PURPOSE-SEXUAL": "yes"})
    result = assess(17, obs)
    assert result.determination == T
    assert result.finding(Element.MEANS).required is False


def test_adult_of_18_needs_means():
    obs = all_no(**{"ACT-TRANSPORT": "yes", "PURPOSE-SEXUAL": "yes"})
    result = assess(18, obs)
    assert result.determination == NI
    assert result.finding(Element.MEANS).required is True


def test_unknown_age_with_act_and_purpose_but_no_means_needs_further_assessment():
    obs = all_no(**{"ACT-TRANSPORT": "yes", "PURPOSE-SEXUAL": "yes"})
    result = assess(None, obs)
    assert result.determination == FA
    assert result.child == Answer.UNKNOWN
    assert result.next_step == NextStep.REQUEST_IDENTIFICATION


def test_unknown_age_with_all_elements_is_trafficking():
    obs = all_no(**{"ACT-RECEIPT": "yes", "MEANS-FORCE": "yes", "PURPOSE-ORGANS": "yes"})
    assert assess(None, obs).determination == T


OPEN_CASES = {
    "act": {"means", "purpose"},
    "means": {"act", "purpose"},
    "purpose": {"act", "means"},
    "involuntariness": {"coercion"},
    "coercion": {"involuntariness"},
}


@pytest.mark.parametrize(("missing", "present"), OPEN_CASES.items())
def test_an_unknown_element_that_could_complete_a_test_needs_further_assessment(missing, present):
    obs = with_elements(present)
    obs.update(dict.fromkeys(_element_codes(missing), "unknown"))
    result = assess(30, obs)
    assert result.determination == FA
    assert set(_element_codes(missing)) & set(result.finding(Element(missing)).unknown)


def _element_codes(element: str) -> tuple[str, ...]:
    groups = {"act": cat.Group.ACT, "means": cat.Group.MEANS, "purpose": cat.Group.PURPOSE}
    if element in groups:
        codes = cat.codes_in(groups[element])
        if element == "means":
            codes += tuple(c for m in codes for c in cat.implied_by(m))
        return codes
    return cat.codes_with(cat.Dimension(element))


def test_nothing_observed_is_further_assessment_not_a_clearance():
    result = assess(30, {})
    assert result.determination == FA
    assert result.next_step == NextStep.REQUEST_IDENTIFICATION


def test_everything_answered_no_is_not_indicated_with_no_action():
    result = assess(30, all_no())
    assert result.determination == NI
    assert result.next_step == NextStep.NO_ACTION


def test_unknowns_that_cannot_complete_any_test_do_not_block_clearance():
    # No act, no coercion: trafficking and forced labour are both ruled out, whatever the
    # unknown means, purposes and involuntariness answers turn out to be.
    obs = dict.fromkeys(cat.DECISION_CODES, "unknown")
    obs.update(dict.fromkeys(cat.codes_in(cat.Group.ACT), "no"))
    obs.update(dict.fromkeys(cat.codes_with(cat.Dimension.COERCION), "no"))
    assert assess(None, obs).determination == NI


def test_forced_labour_without_act_is_forced_labour():
    obs = all_no(**{"FL-DECEPTION": "yes", "FL-THREATS": "yes"})
    result = assess(30, obs)
    assert result.determination == FL
    assert result.next_step == NextStep.REFER


def test_forced_labour_with_unknown_act_stays_forced_labour_and_names_the_open_act():
    obs = all_no(**{"FL-OVERTIME": "yes", "FL-WAGES": "yes", "MEANS-FRAUD": "yes"})
    obs["ACT-HARBOURING"] = "unknown"
    result = assess(30, obs)
    assert result.determination == FL
    assert result.trafficking == Answer.UNKNOWN
    assert result.finding(Element.ACT).unknown == ("ACT-HARBOURING",)


def test_trafficking_takes_precedence_over_forced_labour():
    obs = all_no(**{"FL-DECEPTION": "yes", "FL-THREATS": "yes", "ACT-RECRUITMENT": "yes"})
    result = assess(30, obs)
    assert result.forced_labour == Answer.YES
    assert result.determination == T


@pytest.mark.parametrize(
    ("indicator", "means"),
    [
        ("FL-DECEPTION", "MEANS-DECEPTION"),
        ("FL-THREATS", "MEANS-THREAT"),
        ("FL-VIOLENCE", "MEANS-FORCE"),
        ("FL-DEBT", "MEANS-COERCION"),
        ("FL-VULNERABILITY", "MEANS-VULNERABILITY"),
        ("FL-MOVEMENT", "MEANS-COERCION"),
        ("FL-DOCUMENTS", "MEANS-COERCION"),
    ],
)
def test_forced_labour_indicators_imply_their_means(indicator, means):
    obs = all_no(**{indicator: "yes", "ACT-RECRUITMENT": "yes", "PURPOSE-SEXUAL": "yes"})
    result = assess(30, obs)
    finding = result.finding(Element.MEANS)
    assert result.determination == T
    assert indicator in finding.satisfied_by
    assert {d.code: d.sources for d in finding.derived}[means] == (indicator,)


@pytest.mark.parametrize("indicator", ["FL-ISOLATION", "FL-WAGES", "FL-OVERTIME"])
def test_indicators_without_a_derivation_do_not_satisfy_means(indicator):
    obs = all_no(**{indicator: "yes", "ACT-RECRUITMENT": "yes", "PURPOSE-SEXUAL": "yes"})
    assert assess(30, obs).determination == NI


def test_established_forced_labour_satisfies_the_purpose():
    obs = all_no(**{"FL-CONDITIONS": "yes", "FL-ISOLATION": "yes", "ACT-RECEIPT": "yes"})
    obs["MEANS-ABUSE-OF-POWER"] = "yes"
    result = assess(40, obs)
    purpose = result.finding(Element.PURPOSE)
    assert result.determination == T
    assert purpose.derived[0].code == "PURPOSE-FORCED-LABOUR"
    assert set(purpose.derived[0].sources) == {"FL-CONDITIONS", "FL-ISOLATION"}


@pytest.mark.parametrize("code", ["FL-MOVEMENT", "FL-DEBT"])
def test_indicators_counting_for_both_dimensions_establish_forced_labour_alone(code):
    assert assess(30, all_no(**{code: "yes"})).determination == FL


@pytest.mark.parametrize(
    "code", ["FL-DECEPTION", "FL-THREATS", "FL-VIOLENCE", "FL-DOCUMENTS", "FL-INVOLUNTARY"]
)
def test_single_dimension_indicators_do_not_establish_forced_labour_alone(code):
    assert assess(30, all_no(**{code: "yes"})).determination == NI


def test_harm_alone_never_indicates_trafficking():
    obs = all_no(**dict.fromkeys(cat.codes_in(cat.Group.HARM), "yes"))
    result = assess(15, obs)
    assert result.determination == NI
    assert set(result.finding(Element.HARM).satisfied_by) == set(cat.codes_in(cat.Group.HARM))


def test_explanation_lists_satisfying_and_unknown_codes_per_element():
    obs = {"ACT-RECRUITMENT": "yes", "ACT-TRANSPORT": "unknown", "MEANS-FRAUD": "yes"}
    explanation = assess(30, obs).explanation()
    act = next(e for e in explanation["elements"] if e["element"] == "act")
    assert act["satisfied_by"] == ["ACT-RECRUITMENT"]
    assert "ACT-TRANSPORT" in act["unknown"]
    assert explanation["trafficking"] == "unknown"


def test_unknown_code_is_refused_by_name():
    with pytest.raises(InvalidObservations, match="unknown indicator code: FL-FOO"):
        assess(30, {"FL-FOO": "yes"})


def test_bad_answer_is_refused():
    with pytest.raises(InvalidObservations, match="FL-DEBT"):
        assess(30, {"FL-DEBT": "maybe"})


@pytest.mark.parametrize("age", [-1, 131, True])
def test_impossible_age_is_refused(age):
    with pytest.raises(InvalidObservations, match="age"):
        assess(age, {})


def test_every_required_code_is_in_the_catalogue():
    required = {
        *[f"FL-{s}" for s in ("VULNERABILITY", "DECEPTION", "MOVEMENT", "ISOLATION")],
        *[f"FL-{s}" for s in ("VIOLENCE", "THREATS", "DOCUMENTS", "WAGES", "DEBT")],
        "FL-CONDITIONS",
        "FL-OVERTIME",
        *[f"ACT-{s}" for s in ("RECRUITMENT", "TRANSPORT", "TRANSFER", "HARBOURING", "RECEIPT")],
        *[f"MEANS-{s}" for s in ("THREAT", "FORCE", "COERCION", "ABDUCTION", "FRAUD")],
        *[f"MEANS-{s}" for s in ("DECEPTION", "ABUSE-OF-POWER", "VULNERABILITY", "PAYMENT")],
        *[f"PURPOSE-{s}" for s in ("SEXUAL", "FORCED-LABOUR", "FORCED-CRIMINALITY")],
        *[f"PURPOSE-{s}" for s in ("FORCED-MARRIAGE", "SLAVERY", "SERVITUDE", "ORGANS")],
    }
    assert required <= cat.CODES


def test_every_label_has_khmer_script_and_derivations_point_at_real_codes():
    for indicator in cat.INDICATORS:
        assert any("\u1780" <= ch <= "\u17ff" for ch in indicator.label_km), indicator.code
        assert indicator.label_en
        assert set(indicator.implies) <= cat.CODES
        if indicator.group == cat.Group.FORCED_LABOUR:
            assert indicator.dimensions and indicator.note


# --- properties ----------------------------------------------------------------------------

DECISION = sorted(cat.DECISION_CODES)
observations = st.dictionaries(
    st.sampled_from(DECISION), st.sampled_from(["yes", "no", "unknown"]), max_size=len(DECISION)
)
ages = st.one_of(st.none(), st.integers(min_value=0, max_value=100))


def completed(obs: dict[str, str], age: int | None) -> tuple[int, dict[str, str]]:
    """The most incriminating reading of the unknowns: all unknowns yes, unknown age a child."""
    full = {code: obs.get(code, "unknown") for code in DECISION}
    return (17 if age is None else age), {
        c: "yes" if v == "unknown" else v for c, v in full.items()
    }


@given(observations, ages, st.sampled_from(DECISION))
def test_turning_an_unknown_into_yes_never_weakens_the_result(obs, age, code):
    if obs.get(code, "unknown") != "unknown":
        return
    before = assess(age, obs).determination
    after = assess(age, {**obs, code: "yes"}).determination
    assert RANK[after] >= RANK[before]
    assert not (before in (T, FL) and after == NI)


@given(observations, ages, st.sampled_from(DECISION))
def test_turning_an_unknown_into_no_never_strengthens_the_result(obs, age, code):
    if obs.get(code, "unknown") != "unknown":
        return
    before = assess(age, obs).determination
    after = assess(age, {**obs, code: "no"}).determination
    assert RANK[after] <= RANK[before]


@given(observations, ages)
def test_not_indicated_has_no_unknown_that_could_indicate(obs, age):
    if assess(age, obs).determination != NI:
        return
    worst_age, worst = completed(obs, age)
    assert assess(worst_age, worst).determination == NI


@given(observations, ages)
def test_further_assessment_always_has_a_reading_that_indicates(obs, age):
    if assess(age, obs).determination != FA:
        return
    worst_age, worst = completed(obs, age)
    assert assess(worst_age, worst).determination in (T, FL)


@given(observations)
def test_unknown_age_never_clears_what_a_child_would_not(obs):
    if assess(17, obs).determination != NI:
        assert assess(None, obs).determination != NI


def test_no_two_indicators_share_a_label_in_either_language() -> None:
    """A result lists the indicators observed, with those they imply: "Deception, Deception"
    said nothing of which was which."""
    for language in ("label_en", "label_km"):
        labels = [getattr(i, language) for i in cat.INDICATORS]
        assert len(labels) == len(set(labels)), language
