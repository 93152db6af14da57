"""Clusters from scored pairs: best pair first, no join that chains namesakes (pure rule)."""

from hypothesis import given
from hypothesis import strategies as st

from rumdoh.linkage.rules.clustering import (
    YEAR_SPAN,
    Facts,
    cluster,
    documents_near,
    places_near,
)

STRONG = 0.99


def groups(facts, pairs, one_per_agency=False):
    roots = cluster(facts, pairs, strong=STRONG, one_per_agency=one_per_agency).roots
    found: dict[int, set[int]] = {}
    for index, root in enumerate(roots):
        found.setdefault(root, set()).add(index)
    return sorted(sorted(group) for group in found.values())


def test_a_record_without_year_does_not_chain_namesakes_of_other_ages():
    # 1 has no year and no province: it matches the 1980 and the 1995 namesake alike.
    facts = [Facts(1980, "f", "12"), Facts(None, "f", None), Facts(1995, "f", "12")]
    result = cluster(facts, [(0, 1, 0.9), (1, 2, 0.8)], strong=STRONG)
    assert groups(facts, [(0, 1, 0.9), (1, 2, 0.8)]) == [[0, 1], [2]]
    assert result.refused == [(1, 2, 0.8)]


def test_the_best_pair_wins_whatever_the_order_given():
    facts = [Facts(1980), Facts(None), Facts(1995)]
    assert groups(facts, [(1, 2, 0.7), (0, 1, 0.95)]) == [[0, 1], [2]]


def test_estimated_ages_within_the_span_join():
    facts = [Facts(1990), Facts(1990 + YEAR_SPAN), Facts(None)]
    assert groups(facts, [(0, 2, 0.8), (1, 2, 0.8)]) == [[0, 1, 2]]


def test_two_provinces_two_sexes_or_two_documents_conflict():
    for left, right in (
        (Facts(province="01"), Facts(province="02")),
        (Facts(sex="f"), Facts(sex="m")),
        (Facts(document="N1234567"), Facts(document="N7654321")),
    ):
        facts = [left, Facts(), right]
        assert groups(facts, [(0, 1, 0.8), (1, 2, 0.8)]) == [[0, 1], [2]]


def test_two_dates_of_birth_conflict_unless_one_typing_error_apart():
    # Two women of one name born in 1990, one on 12 March, one on 3 August: a record without a
    # date matches both, and must not make them one person.
    facts = [
        Facts(1990, birth_date="1990-03-12"),
        Facts(1990),
        Facts(1990, birth_date="1990-08-03"),
    ]
    assert groups(facts, [(0, 1, 0.8), (1, 2, 0.8)]) == [[0, 1], [2]]
    facts = [
        Facts(1990, birth_date="1990-03-12"),
        Facts(1990),
        Facts(1990, birth_date="1990-03-13"),
    ]
    assert groups(facts, [(0, 1, 0.8), (1, 2, 0.8)]) == [[0, 1, 2]]


def test_two_stated_years_conflict_but_estimated_ages_do_not():
    # A year read from a date or a document is the year; an estimated age is not.
    facts = [Facts(1990, year_stated=True), Facts(None), Facts(1991, year_stated=True)]
    assert groups(facts, [(0, 1, 0.8), (1, 2, 0.8)]) == [[0, 1], [2]]
    facts = [Facts(1990, year_stated=True), Facts(None), Facts(1991, year_stated=False)]
    assert groups(facts, [(0, 1, 0.8), (1, 2, 0.8)]) == [[0, 1, 2]]


def test_two_records_of_one_agency_are_not_joined_through_a_third():
    # An agency searched its own records before recording: a record of another agency that
    # matches two of its namesakes does not make them one person.
    facts = [
        Facts(1990, agency="police"),
        Facts(None, agency="shelter"),
        Facts(1990, agency="police"),
    ]
    assert groups(facts, [(0, 1, 0.8), (1, 2, 0.8)], one_per_agency=True) == [[0, 1], [2]]
    # The pair of the two records itself was weighed by the model, which saw both agencies.
    assert groups(facts, [(0, 2, 0.8), (1, 2, 0.8)], one_per_agency=True) == [[0, 1, 2]]
    # Where agencies repeat people (an outside list), one agency is no conflict.
    assert groups(facts, [(0, 1, 0.8), (1, 2, 0.8)]) == [[0, 1, 2]]
    # Records of three agencies join.
    facts[2] = Facts(1990, agency="immigration")
    assert groups(facts, [(0, 1, 0.8), (1, 2, 0.8)], one_per_agency=True) == [[0, 1, 2]]


def test_two_home_districts_conflict_unless_spelled_alike():
    # Folded consonants of Kampong Trach, Kompong Trach (the same) and Chhuk (another).
    facts = [Facts(district="kmpngtrc"), Facts(), Facts(district="kmpngtrch")]
    assert groups(facts, [(0, 1, 0.8), (1, 2, 0.8)]) == [[0, 1, 2]]
    facts = [Facts(district="kmpngtrc"), Facts(), Facts(district="cck")]
    assert groups(facts, [(0, 1, 0.8), (1, 2, 0.8)]) == [[0, 1], [2]]


def test_places_near():
    assert places_near("tlkk", "tlkk")
    assert places_near("tlkk", "tlk")  # one dropped
    assert places_near("kmpngtrc", "kmpngtrch")  # one added
    assert places_near("srprng", "srpnrg")  # two changed
    assert not places_near("cck", "kmpt")
    assert not places_near("tlkk", "tlkkkmp")  # lengths too far apart


def test_a_document_typed_with_one_error_is_no_conflict():
    facts = [Facts(document="N1234567"), Facts(), Facts(document="N1234576")]
    assert groups(facts, [(0, 1, 0.8), (1, 2, 0.8)]) == [[0, 1, 2]]


def test_a_pair_that_carries_the_conflict_itself_was_weighed_by_the_model():
    # Same document and name, the years typed 40 apart: the model scored the pair knowing it.
    facts = [Facts(1934, document="9354762"), Facts(1993, document="9354762")]
    assert groups(facts, [(0, 1, 0.7)]) == [[0, 1]]


def test_a_strong_pair_joins_despite_a_conflict():
    facts = [Facts(1980, province="01"), Facts(None), Facts(1995, province="01")]
    assert groups(facts, [(0, 1, 0.995), (1, 2, STRONG)]) == [[0, 1, 2]]
    # ... but a weak pair may not bring a conflict into what a strong pair joined.
    assert groups(facts, [(0, 1, 0.9), (1, 2, STRONG)]) == [[0], [1, 2]]


def test_a_conflict_already_held_does_not_block_further_joins():
    facts = [Facts(1934), Facts(1993), Facts(1934)]
    assert groups(facts, [(0, 1, 0.995), (1, 2, 0.8), (0, 2, 0.7)]) == [[0, 1, 2]]


def test_documents_near():
    assert documents_near("ABC123", "ABC123")
    assert documents_near("ABC123", "ABC124")  # one changed
    assert documents_near("ABC123", "ABC1234")  # one added
    assert documents_near("ABC123", "ABC13")  # one dropped
    assert documents_near("ABC123", "ABC213")  # two swapped
    assert not documents_near("ABC123", "ABC321")
    assert not documents_near("ABC123", "ABC12345")


@given(
    st.lists(
        st.builds(
            Facts,
            st.none() | st.integers(1960, 2010),
            st.none() | st.sampled_from(["f", "m"]),
            st.none() | st.sampled_from(["01", "02"]),
        ),
        min_size=1,
        max_size=12,
    ),
    st.data(),
)
def test_weak_joins_never_create_a_conflict(facts, data):
    size = len(facts)
    pairs = data.draw(
        st.lists(
            st.tuples(st.integers(0, size - 1), st.integers(0, size - 1), st.floats(0.6, 0.98)),
            max_size=30,
        )
    )
    pairs = [(a, b, p) for a, b, p in pairs if a != b]
    roots = cluster(facts, pairs, strong=STRONG).roots
    for root in set(roots):
        members = [facts[i] for i in range(size) if roots[i] == root]
        years = [f.birth_year for f in members if f.birth_year is not None]
        weighed = any(
            facts[a].birth_year is not None
            and facts[b].birth_year is not None
            and abs(facts[a].birth_year - facts[b].birth_year) > YEAR_SPAN
            for a, b, _ in pairs
            if roots[a] == roots[b] == root
        )
        assert not years or max(years) - min(years) <= YEAR_SPAN or weighed
