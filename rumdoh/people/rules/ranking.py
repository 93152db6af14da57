"""How well a recorded person matches a search (pure: no Django imports).

A search is a set of folded name syllables, perhaps a year of birth and a sex; a candidate is a
person holding some of those syllables. Candidates are ordered, best first, by

1. how much of the name the person holds: two points for each searched syllable (order-free:
   "Chan Sokha" and "Sokha Chan" hold the same; joined or split: "Sreymom" and "Srey Mom" hold
   the same syllables), one for a syllable whose skeleton alone agrees (its consonants: Seng
   and Sieng, Nuon and Noun); in a name of three syllables or more, one syllable agreeing only
   by its skeleton still counts as the whole name here (``name_tier``);
2. how close the year of birth is (ages are often estimated, so a year or two off still counts);
3. whether the sex agrees;
4. the name points in full (the exact spelling before the skeleton);
5. how many of the words typed the person's names hold as typed, letter for letter ("Lee" finds
   Lee Sarath before Ly Phalla, which folds alike; known only where the names were read, as for
   likely matches);
6. how few syllables of the person's names the search left unmatched ("Sok Chan" is a better
   answer to "Sok Chan" than "Sok Chan Sreymom");
7. newest first.

A record found by its phone, document or number comes before every name match.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

UNKNOWN_SEX = ("", "unknown", "other")


@dataclass(frozen=True)
class Search:
    syllables: int  # how many distinct syllables were searched
    birth_year: int | None = None
    sex: str = ""
    skeletons: int = 0  # how many distinct syllable skeletons (consonants only) were searched


@dataclass(frozen=True)
class Candidate:
    person_id: int
    matched: int  # searched syllables the person holds
    syllables: int = 0  # syllables of the person's names
    birth_year: int | None = None
    sex: str = ""
    exact: bool = False  # found by phone, document or number
    loose: int = 0  # searched syllable skeletons the person holds
    spelled: int = 0  # words typed that the person's names hold letter for letter


def spelled_alike(typed: Sequence[str], names: Sequence[str]) -> int:
    """How many of the words ``typed`` are words of ``names`` as written, ignoring case: the
    folding that lets "Lee" find "Ly" says nothing of which was typed."""
    held = {word.casefold() for name in names for word in name.split()}
    return sum(word.casefold() in held for text in typed for word in text.split())


def year_points(searched: int | None, recorded: int | None) -> int:
    """4: same year; 3: one year off; 2: up to three off; 1: not known (or not searched) or up
    to six off; 0: farther."""
    if searched is None or recorded is None:
        return 1
    gap = abs(searched - recorded)
    if gap == 0:
        return 4
    if gap == 1:
        return 3
    if gap <= 3:
        return 2
    return 1 if gap <= 6 else 0


def sex_points(searched: str, recorded: str) -> int:
    """2: the same; 1: either not known; 0: different."""
    if searched in UNKNOWN_SEX or recorded in UNKNOWN_SEX:
        return 1
    return 2 if searched == recorded else 0


def name_points(candidate: Candidate) -> int:
    """Two for each searched syllable the person holds, one for each held only by its
    skeleton: "Noun Reaksmey" agrees with "Nuon Raksmey" on one syllable and three skeletons,
    as well as "Noun Rasmey" does on two syllables; the year then tells them apart."""
    return 2 * candidate.matched + max(candidate.loose - candidate.matched, 0)


def name_tier(search: Search, candidate: Candidate) -> int:
    """Name points, where a name of three syllables or more may have one syllable agree only by
    its skeleton and still count as the whole name: the year then decides between "Kim
    Leakhena, 1990" and "Kim Lakhena, 1970" searched as "Kym Lakhena, 1990"."""
    points = name_points(candidate)
    if search.syllables >= 3:
        return min(points, 2 * search.syllables - 1)
    return points


def sort_key(search: Search, candidate: Candidate) -> tuple[int, ...]:
    """Smaller is better: sort candidates by this."""
    unmatched = max(candidate.syllables - candidate.matched, 0)
    return (
        -int(candidate.exact),
        -name_tier(search, candidate),
        -year_points(search.birth_year, candidate.birth_year),
        -sex_points(search.sex, candidate.sex),
        -name_points(candidate),
        -candidate.spelled,
        unmatched,
        -candidate.person_id,
    )


def rank(search: Search, candidates: Iterable[Candidate]) -> list[Candidate]:
    """``candidates`` best first (see the module's text)."""
    return sorted(candidates, key=lambda c: sort_key(search, c))


def fewest_matched(searched: int) -> int:
    """The fewest searched syllables a candidate must hold to be listed at all: all of one or
    two, and one in three may be missing from longer names (a syllable spelled past folding)."""
    if searched <= 2:
        return searched
    return searched - searched // 3


Keys = tuple[frozenset[str], frozenset[str]]  # the syllable keys of a name, and their skeletons


def holds_each_name(held: Keys, names: Sequence[Keys]) -> bool:
    """A person recorded may be the one about to be recorded only if her name holds a syllable
    of each name typed (given and family, in either field), or its consonants: two syllables of
    "Sokha" are no likely match for Sokha Chan when the family name is Keo."""
    keys, loose = held
    return all(name_keys & keys or name_loose & loose for name_keys, name_loose in names)


def is_likely(search: Search, candidate: Candidate) -> bool:
    """A candidate worth showing before a new record is made: it holds enough of the name, and
    its year of birth, when both are known, is within six years."""
    if candidate.exact:
        return True
    # Every syllable's consonants agree, over two syllables at least (Noun Seng, Nuon Sieng).
    loosely = search.skeletons > 1 and candidate.loose >= search.skeletons
    if candidate.matched < max(fewest_matched(search.syllables), 1) and not loosely:
        return False
    return year_points(search.birth_year, candidate.birth_year) > 0
