"""The pure matching rules."""

from hypothesis import given
from hypothesis import strategies as st

from rumdoh.protection.rules.matching import (
    AGE_OUTSIDE,
    AGE_UNKNOWN,
    ALREADY_DECLINED,
    NATIONALITY_NOT_ACCEPTED,
    NO_COMMON_LANGUAGE,
    NO_PLACES,
    SERVICE_MISSING,
    SEX_NOT_ACCEPTED,
    SEX_UNKNOWN,
    Provider,
    Reason,
    Victim,
    match_providers,
    matching_ids,
    reason_codes,
)


def provider(pid: int = 1, **fields: object) -> Provider:
    values: dict[str, object] = {
        "id": pid,
        "name": f"Provider {pid}",
        "province": "12",
        "services": frozenset({"housing", "medical"}),
        "free_places": 2,
    }
    values.update(fields)
    return Provider(**values)  # type: ignore[arg-type]


def victim(**fields: object) -> Victim:
    values: dict[str, object] = {
        "needs": frozenset({"housing"}),
        "sex": "female",
        "age": 25,
        "nationality": "KH",
        "languages": frozenset({"km"}),
        "province": "12",
    }
    values.update(fields)
    return Victim(**values)  # type: ignore[arg-type]


def only_rejection(v: Victim, p: Provider) -> list[str]:
    result = match_providers(v, [p])
    assert result.matches == []
    return list(reason_codes(result.rejections[0]))


def test_a_fitting_provider_matches_without_reasons():
    result = match_providers(victim(), [provider()])
    assert matching_ids(result) == [1]
    assert result.rejections == []


def test_no_free_place_is_a_reason():
    assert only_rejection(victim(), provider(free_places=0)) == [NO_PLACES]


def test_a_womens_shelter_does_not_accept_men():
    codes = only_rejection(victim(sex="male"), provider(sexes=frozenset({"female"})))
    assert codes == [SEX_NOT_ACCEPTED]


def test_age_outside_the_range_names_age_and_range():
    result = match_providers(victim(age=25), [provider(min_age=12, max_age=17)])
    reason = result.rejections[0].reasons[0]
    assert reason.code == AGE_OUTSIDE
    assert reason.text == "age 25 outside 12-17"


def test_open_ended_age_ranges():
    assert matching_ids(match_providers(victim(age=70), [provider(min_age=18)])) == [1]
    assert only_rejection(victim(age=10), provider(min_age=18)) == [AGE_OUTSIDE]
    assert only_rejection(victim(age=19), provider(max_age=17)) == [AGE_OUTSIDE]


def test_age_bounds_are_inclusive():
    p = provider(min_age=12, max_age=17)
    assert matching_ids(match_providers(victim(age=12), [p])) == [1]
    assert matching_ids(match_providers(victim(age=17), [p])) == [1]


def test_unknown_age_matches_with_a_caveat():
    result = match_providers(victim(age=None), [provider(min_age=12, max_age=17)])
    assert [c.code for c in result.matches[0].caveats] == [AGE_UNKNOWN]


def test_unknown_sex_matches_with_a_caveat():
    result = match_providers(victim(sex="unknown"), [provider(sexes=frozenset({"female"}))])
    assert [c.code for c in result.matches[0].caveats] == [SEX_UNKNOWN]


def test_nationality_restriction():
    p = provider(nationalities=frozenset({"KH"}))
    assert only_rejection(victim(nationality="CN"), p) == [NATIONALITY_NOT_ACCEPTED]
    assert matching_ids(match_providers(victim(nationality="KH"), [p])) == [1]


def test_empty_nationalities_means_any():
    assert matching_ids(match_providers(victim(nationality="CN"), [provider()])) == [1]


def test_no_common_language():
    p = provider(languages=frozenset({"km", "en"}))
    assert only_rejection(victim(languages=frozenset({"zh"})), p) == [NO_COMMON_LANGUAGE]
    assert matching_ids(match_providers(victim(languages=frozenset()), [p])) == [1]


def test_each_missing_service_is_named():
    v = victim(needs=frozenset({"housing", "legal_aid", "education"}))
    result = match_providers(v, [provider()])
    texts = [r.text for r in result.rejections[0].reasons]
    assert texts == ["does not provide: education", "does not provide: legal_aid"]


def test_all_reasons_are_reported_together():
    p = provider(free_places=0, sexes=frozenset({"female"}), max_age=17)
    codes = only_rejection(victim(sex="male", age=30, needs=frozenset({"legal_aid"})), p)
    assert codes == [NO_PLACES, SEX_NOT_ACCEPTED, AGE_OUTSIDE, SERVICE_MISSING]


def test_same_province_ranks_first_then_more_places():
    far_big = provider(1, province="17", free_places=30)
    near_small = provider(2, province="12", free_places=1)
    near_big = provider(3, province="12", free_places=9)
    result = match_providers(victim(province="12"), [far_big, near_small, near_big])
    assert matching_ids(result) == [3, 2, 1]
    assert [m.same_province for m in result.matches] == [True, True, False]


def test_without_a_preferred_province_more_places_rank_first():
    result = match_providers(victim(province=""), [provider(1, free_places=1), provider(2)])
    assert matching_ids(result) == [2, 1]


def test_providers_with_unknowns_to_check_rank_after_certain_ones():
    checked = provider(1, min_age=12, max_age=17, free_places=9)
    certain = provider(2, free_places=1)
    assert matching_ids(match_providers(victim(age=None), [checked, certain])) == [2, 1]


def test_excluded_providers_are_reported_as_already_declined():
    result = match_providers(victim(), [provider(1), provider(2)], exclude=[1])
    assert matching_ids(result) == [2]
    assert reason_codes(result.rejections[0]) == [ALREADY_DECLINED]


def test_reason_params_are_readable():
    reason = Reason(AGE_OUTSIDE, (("age", 25), ("min", 12), ("max", 17)))
    assert reason.param("age") == 25
    assert reason.param("missing") is None


@given(
    age=st.one_of(st.none(), st.integers(0, 110)),
    sex=st.sampled_from(["female", "male", "other", "unknown"]),
    places=st.integers(0, 5),
    low=st.one_of(st.none(), st.integers(0, 40)),
    span=st.integers(0, 60),
)
def test_every_provider_either_matches_or_has_a_reason(age, sex, places, low, span):
    high = None if low is None else low + span
    p = provider(free_places=places, sexes=frozenset({"female"}), min_age=low, max_age=high)
    result = match_providers(victim(age=age, sex=sex), [p])
    assert len(result.matches) + len(result.rejections) == 1
    if result.rejections:
        assert result.rejections[0].reasons
    else:
        assert places > 0
