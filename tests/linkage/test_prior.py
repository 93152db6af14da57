"""The prior match probability from phones and documents, which people keep (pure rule)."""

import random

from rumdoh.linkage.rules.prior import MIN_SHARED_PAIRS, Shared, prior_from_shared, shared


def test_shared_counts_pairs_that_carry_and_agree_and_those_across_sexes():
    counts = shared(
        ["0121", "0121", "0121", None, "0992", ""],
        ["f", "f", "m", "f", "m", "m"],
    )
    # Four records carry a phone: 6 pairs; 0121 three times: 3 agree.
    assert (counts.both_known, counts.agreeing) == (6, 3)
    # Women with a phone 2, men 2: 4 pairs across sexes, of which 2 agree (0121 f-m twice).
    assert (counts.across_sexes, counts.agreeing_across_sexes) == (4, 2)
    assert counts.u == 0.5


def test_the_prior_is_the_share_of_matches_among_pairs_that_carry_the_value():
    # 1,000,000 pairs carry a phone; matching pairs agree 80% of the time, others 1 in 100,000.
    prior = 0.0004
    both = 1_000_000
    agreeing = round(both * (prior * 0.8 + (1 - prior) * 0.00001))
    field = Shared(both, agreeing, across_sexes=100_000, agreeing_across_sexes=1)
    assert abs(prior_from_shared([(field, 0.8)]) - prior) < 0.00002


def test_the_estimate_does_not_grow_with_the_register():
    # Same people recorded the same way, a register ten times larger: the same prior per pair
    # shrinks ten times, and so must the estimate.
    def register(people: int) -> tuple[list[str | None], list[str | None]]:
        rng = random.Random(4)
        phones: list[str | None] = []
        sexes: list[str | None] = []
        for person in range(people):
            sex = rng.choice("fm")
            for _ in range(3 if rng.random() < 0.15 else 1):
                phones.append(f"p{person}" if rng.random() < 0.5 else None)
                sexes.append(sex)
        return phones, sexes

    small = prior_from_shared([(shared(*register(2_000)), 0.9)])
    large = prior_from_shared([(shared(*register(20_000)), 0.9)])
    assert small is not None and large is not None
    assert 8 < small / large < 12


def test_too_little_to_go_on_gives_no_estimate():
    assert prior_from_shared([(Shared(1000, MIN_SHARED_PAIRS - 1), 0.9)]) is None
    # m no better than chance: matches cannot be told apart.
    assert prior_from_shared([(Shared(1000, 100, 100, 10), 0.1)]) is None
