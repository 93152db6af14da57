"""The ranking rule of person search (pure)."""

from rumdoh.people.rules.ranking import Candidate, Search, fewest_matched, is_likely, rank


def order(search: Search, *candidates: Candidate) -> list[int]:
    return [c.person_id for c in rank(search, candidates)]


def test_more_of_the_name_beats_a_closer_year():
    search = Search(syllables=3, birth_year=1990, skeletons=3)
    whole = Candidate(1, matched=3, syllables=3, birth_year=1970, loose=3)
    part = Candidate(2, matched=2, syllables=3, birth_year=1990, loose=2)
    assert order(search, part, whole) == [1, 2]


def test_a_skeleton_agreeing_counts_half_a_syllable():
    search = Search(syllables=3, birth_year=1990, skeletons=3)
    loose = Candidate(1, matched=1, syllables=3, birth_year=1990, loose=3)  # Nuon Raksmey
    part = Candidate(2, matched=2, syllables=3, birth_year=1990, loose=2)
    other = Candidate(3, matched=1, syllables=3, birth_year=1990, loose=1)
    assert order(search, other, part, loose) == [2, 1, 3]  # ties go to the newest
    assert order(search, other, Candidate(4, 1, 3, 1990, loose=3)) == [4, 3]


def test_the_nearer_year_then_the_sex_then_the_exact_length_then_the_newest():
    search = Search(syllables=2, birth_year=1990, sex="female")
    assert order(search, Candidate(1, 2, 2, 1988), Candidate(2, 2, 2, 1991)) == [2, 1]
    assert order(search, Candidate(1, 2, 2, 1990, "female"), Candidate(2, 2, 2, 1990, "male")) == [
        1,
        2,
    ]
    assert order(search, Candidate(1, 2, 2, 1990), Candidate(2, 2, 3, 1990)) == [1, 2]
    assert order(search, Candidate(1, 2, 2, 1990), Candidate(2, 2, 2, 1990)) == [2, 1]


def test_a_phone_or_document_match_comes_first():
    search = Search(syllables=2)
    assert order(search, Candidate(1, 2, 2), Candidate(2, 0, 2, exact=True)) == [2, 1]


def test_likely_needs_most_of_the_name_and_a_year_within_six():
    assert [fewest_matched(n) for n in range(1, 7)] == [1, 2, 2, 3, 4, 4]
    search = Search(syllables=3, birth_year=1990, skeletons=3)
    assert is_likely(search, Candidate(1, 2, 3, 1995))
    assert not is_likely(search, Candidate(1, 2, 3, 1980))
    assert not is_likely(search, Candidate(1, 1, 3, 1990, loose=1))
    assert is_likely(search, Candidate(1, 1, 3, 1990, loose=3))
    assert is_likely(search, Candidate(1, 3, 3, None))


def test_one_syllable_off_by_a_vowel_still_counts_as_the_whole_name_for_the_year():
    search = Search(syllables=4, birth_year=1990, skeletons=4)  # "Kym Lakhena", 1990
    spelled_so = Candidate(1, matched=4, syllables=4, birth_year=1970, loose=4)
    leakhena = Candidate(2, matched=3, syllables=4, birth_year=1990, loose=4)
    assert order(search, spelled_so, leakhena) == [2, 1]
    same_year = Candidate(3, matched=4, syllables=4, birth_year=1990, loose=4)
    assert order(search, leakhena, same_year) == [3, 2]  # the exact spelling, all else equal
    two_syllables = Search(syllables=2, birth_year=1990, skeletons=2)  # "Sok Chan": exact only
    assert order(
        two_syllables, Candidate(4, 2, 2, 1970, loose=2), Candidate(5, 1, 2, 1990, loose=2)
    ) == [4, 5]


def test_a_likely_match_holds_a_syllable_or_the_consonants_of_each_name_typed() -> None:
    from rumdoh.people.rules.ranking import holds_each_name

    def keys(*syllables: str, loose: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
        return frozenset(syllables), frozenset(loose)

    sokha, chan = keys("so", "ka"), keys("can", loose=("cn",))
    assert holds_each_name(keys("so", "ka", "can"), [sokha, chan])
    assert holds_each_name(keys("so", "ka", "cian", loose=("cn",)), [sokha, chan])
    assert not holds_each_name(keys("so", "ka", "kio"), [sokha, chan])
    assert not holds_each_name(keys("ri", "ti", "can"), [sokha, chan])
    assert holds_each_name(keys("ri"), [])  # nothing typed asks nothing
