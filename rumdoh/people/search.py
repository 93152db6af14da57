"""Person search ranked by how well each person matches, over the blinded syllable index.

Names are sealed at rest, so a person's names are folded into syllables
(``rules.romanisation``: Pov/Pao, Lyda/Lida, Srey Mom/Sreymom, Khmer script transliterated) and
each syllable is stored as a keyed hash (``PersonNameSyllable``). A search folds its words the
same way and looks for persons holding the same hashes; ``rules.ranking`` orders them.

Candidates are limited before anything is ranked, so a search costs about the same at 1,000,000
persons as at 1,000: the searched syllables are counted (up to a ceiling), the rarest one drives
(its persons are walked newest first on the (key, person) index, within the searched years
first) and the others are probed by (person, key). Only the best candidates are then checked
against what the user may see, in rank order, a slice at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, Model, OuterRef, QuerySet

from rumdoh.core.keys import index_key
from rumdoh.core.rules.crypto import blind_index
from rumdoh.people.models import Person, PersonNameSyllable
from rumdoh.people.rules import ranking, romanisation

# Counting a syllable's persons stops here: past it a syllable is "common", and its exact count
# changes nothing in the plan.
COUNT_CEILING = 5_000
# Candidates read per step of the plan; the rank is worked out among them.
STEP_LIMIT = 2_000
# Persons read per driving syllable when only part of the name need match: the newest of a
# common syllable are enough to fill a page that the whole-name matches left short.
PARTIAL_LIMIT = 500
# Persons checked against the user's grants per query, best first.
VISIBILITY_SLICE = 600
# Years searched first around a given year of birth (ages are often estimated).
NEAR_YEARS = 1
WIDE_YEARS = 6


def syllable_key(syllable: str) -> str:
    """The blinded form of one folded syllable (64 bits are plenty to tell syllables apart; a
    rare collision only adds a candidate that the other syllables then rank down)."""
    return blind_index(index_key(), syllable, "syllable")[:16]


def skeleton(syllable: str) -> str:
    """A folded syllable's consonants: the looser key that still agrees where a vowel spelling
    escaped folding (Seng/Sieng, Nuon/Noun, Raksmey/Reaksmey)."""
    return "".join(ch for ch in syllable if ch not in "aeiou") or "-"


def loose_key(syllable: str) -> str:
    return blind_index(index_key(), skeleton(syllable), "syllable-skeleton")[:16]


def name_syllables(*names: str) -> set[str]:
    found: set[str] = set()
    for name in names:
        if name and name.strip():
            found.update(s for s in romanisation.syllables(name) if s)
    return found


def name_keys(*names: str) -> ranking.Keys:
    """The syllable keys of ``names`` and the keys of their skeletons of two consonants or more,
    as the index holds them."""
    return syllable_keys(name_syllables(*names))


def syllable_keys(syllables: set[str]) -> ranking.Keys:
    return (
        frozenset(syllable_key(s) for s in syllables),
        # A single consonant is too little to agree on (Sokha's "ha" and Kanha's).
        frozenset(loose_key(s) for s in syllables if len(skeleton(s)) > 1),
    )


def person_names(person: Person) -> list[str]:
    """Every name the person is recorded under: given, family, in Khmer script, aliases."""
    names = [person.given_name, person.family_name, person.name_km, *(person.aliases or [])]
    return [str(n) for n in names if n]


def person_syllables(person: Person) -> set[str]:
    return name_syllables(*person_names(person))


def person_keys(person: Person) -> ranking.Keys:
    """The keys of every name a person is recorded under, as ``name_keys`` gives them."""
    return syllable_keys(person_syllables(person))


def index_rows(
    person_id: int, syllables: Iterable[str], birth_year: int | None, sex: str
) -> list[PersonNameSyllable]:
    syllables = set(syllables)
    keys = {syllable_key(s) for s in syllables}
    every = sorted(keys | {loose_key(s) for s in syllables})
    return [
        PersonNameSyllable(
            person_id=person_id, key=k, birth_year=birth_year, sex=sex, syllables=len(keys)
        )
        for k in every
    ]


NAME_COLUMNS = ["person_id", "key", "birth_year", "sex", "syllables"]


@lru_cache(maxsize=1 << 16)
def _keys_of(names: tuple[str, ...]) -> tuple[tuple[str, ...], int]:
    syllables = name_syllables(*names)
    keys = {syllable_key(s) for s in syllables}
    return tuple(sorted(keys | {loose_key(s) for s in syllables})), len(keys)


def name_rows(
    person_id: int, names: Sequence[str], birth_year: int | None, sex: str
) -> list[tuple[Any, ...]]:
    """The index rows of a person as tuples of ``NAME_COLUMNS``, for bulk loads (memoised: names
    repeat across a register)."""
    keys, count = _keys_of(tuple(n for n in names if n))
    return [(person_id, k, birth_year, sex, count) for k in keys]


@transaction.atomic
def reindex_names(person: Person) -> None:
    """Replace the person's syllable rows; called whenever a name, the year or the sex changes
    (create, edit, merge)."""
    PersonNameSyllable.objects.filter(person_id=person.pk).delete()
    rows = index_rows(person.pk, person_syllables(person), person.birth_year, person.sex)
    PersonNameSyllable.objects.bulk_create(rows)


# --- Finding candidates --------------------------------------------------------------------


def _table() -> str:
    return connection.ops.quote_name(PersonNameSyllable._meta.db_table)


def by_rarity(keys: Sequence[str]) -> list[str]:
    """``keys`` rarest first, each counted on the index up to ``COUNT_CEILING``: one query."""
    if len(keys) <= 1:
        return list(keys)
    table = _table()
    parts = [
        f"SELECT {i}, (SELECT count(*) FROM (SELECT 1 FROM {table} WHERE key = %s LIMIT %s) s)"  # noqa: S608 - a table name and a position
        for i in range(len(keys))
    ]
    params: list[Any] = []
    for key in keys:
        params += [key, COUNT_CEILING]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        counts = dict(cursor.fetchall())
    return [k for _, k in sorted((counts[i], k) for i, k in enumerate(keys))]


def _years(window: tuple[int, int] | None) -> tuple[str, list[Any]]:
    if window is None:
        return "", []
    return " AND (a.birth_year BETWEEN %s AND %s OR a.birth_year IS NULL)", list(window)


def walk(
    driver: str,
    must: Sequence[str],
    counts: Sequence[Sequence[str]],
    window: tuple[int, int] | None,
    limit: int,
) -> list[tuple[Any, ...]]:
    """Persons holding ``driver`` and every key of ``must``, newest first, at most ``limit``:
    (id, birth year, sex, number of syllables, then how many keys of each of ``counts`` they
    hold). ``driver`` is walked on the (key, person) index; every other key is a probe of the
    unique (person, key) index."""
    table = _table()
    years, params = _years(window)
    probes = "".join(
        f" AND EXISTS (SELECT 1 FROM {table} b WHERE b.person_id = a.person_id AND b.key = %s)"  # noqa: S608
        for _ in must
    )
    counted = "".join(
        f", (SELECT count(*) FROM {table} c WHERE c.person_id = a.person_id AND c.key IN "  # noqa: S608
        f"({', '.join(['%s'] * len(keys))}))"
        for keys in counts
    )
    sql = (
        f"SELECT a.person_id, a.birth_year, a.sex, a.syllables{counted} FROM {table} a "  # noqa: S608
        f"WHERE a.key = %s{years}{probes} ORDER BY a.person_id DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*(k for keys in counts for k in keys), driver, *params, *must, limit])
        return list(cursor.fetchall())


@dataclass(frozen=True)
class NameQuery:
    """A search for names: the distinct keys of their syllables and of their skeletons, and
    what else is known."""

    keys: tuple[str, ...]
    loose: tuple[str, ...] = ()
    birth_year: int | None = None
    sex: str = ""

    @classmethod
    def of(cls, *names: str, birth_year: int | None = None, sex: str = "") -> NameQuery:
        syllables = name_syllables(*names)
        keys = tuple(sorted({syllable_key(s) for s in syllables}))
        loose = tuple(sorted({loose_key(s) for s in syllables}))
        return cls(keys, loose, birth_year, sex or "")

    @property
    def search(self) -> ranking.Search:
        return ranking.Search(len(self.keys), self.birth_year, self.sex, len(self.loose))

    def windows(self) -> list[tuple[int, int] | None]:
        """The years walked in turn: near the year searched, a little wider, then any."""
        if self.birth_year is None:
            return [None]
        y = self.birth_year
        return [(y - NEAR_YEARS, y + NEAR_YEARS), (y - WIDE_YEARS, y + WIDE_YEARS), None]


@dataclass
class Plan:
    """The query's keys, rarest first, and the candidates found so far."""

    query: NameQuery
    keys: list[str]
    loose: list[str]
    found: dict[int, ranking.Candidate]

    @classmethod
    def of(cls, query: NameQuery) -> Plan:
        order = by_rarity([*query.keys, *query.loose])
        keys, loose = set(query.keys), set(query.loose)
        return cls(query, [k for k in order if k in keys], [k for k in order if k in loose], {})

    def add(self, rows: list[tuple[Any, ...]], matched: int | None, held: int | None) -> int:
        """Keep the new candidates among ``rows``; return how many were new."""
        new = 0
        for pid, year, sex, n, *counts in rows:
            if pid not in self.found:
                m = matched if matched is not None else counts[0]
                h = held if held is not None else counts[-1]
                self.found[pid] = ranking.Candidate(pid, m, n, year, sex, loose=h)
                new += 1
        return new

    def full(self, limit: int) -> None:
        """Step one: persons holding every syllable searched, within the searched years first;
        and, for a name of three syllables or more searched with a year, persons born within a
        year of it holding all but one syllable and every skeleton (``ranking.name_tier``)."""
        for window in self.query.windows():
            rows = walk(self.keys[0], self.keys[1:], [], window, limit)
            self.add(rows, len(self.keys), len(self.loose))
            if len(self.found) >= limit:
                break
        if self.query.birth_year is not None:
            self.variants(self.query.windows()[:1])

    def variants(self, windows: Sequence[tuple[int, int] | None]) -> None:
        """Persons holding all but one syllable and every skeleton: each holds one of the two
        rarest syllables, so those drive."""
        if len(self.keys) < 3:
            return
        for driver in self.keys[:2]:
            for window in windows:
                rows = walk(driver, [], [self.keys, self.loose], window, STEP_LIMIT)
                whole = len(self.keys) - 1, len(self.loose)
                self.add([r for r in rows if (r[4], r[5]) >= whole], None, None)

    def partial(self, need: int) -> None:
        """Step two, for a page reaching past step one: the same variants in any year; persons
        holding every skeleton; persons holding at least ``need`` of the syllables (the rarest
        keys drive)."""
        windows = self.query.windows()
        self.variants(windows[1:] if self.query.birth_year is not None else windows)
        for window in windows[-2:]:
            rows = walk(self.loose[0], self.loose[1:], [self.keys], window, PARTIAL_LIMIT)
            self.add(rows, None, len(self.loose))
        if need >= len(self.keys):
            return
        for driver in self.keys[: len(self.keys) - max(need, 1) + 1]:
            for window in windows[-2:]:
                rows = walk(driver, [], [self.keys, self.loose], window, PARTIAL_LIMIT)
                self.add([r for r in rows if r[4] >= need], None, None)

    def split(self, exclude: Iterable[int] = ()) -> tuple[list[int], list[int]]:
        """The candidates found, ranked, as (the whole name's tier, the others), without
        ``exclude``. Nothing a later step finds can rank before the first list."""
        search = self.query.search
        top = 2 * len(self.keys) - (1 if len(self.keys) >= 3 else 0)
        skip = set(exclude)
        ranked = ranking.rank(search, (c for i, c in self.found.items() if i not in skip))
        whole = [c.person_id for c in ranked if ranking.name_tier(search, c) >= top]
        return whole, [c.person_id for c in ranked if ranking.name_tier(search, c) < top]


def candidates(query: NameQuery, need: int, limit: int = STEP_LIMIT) -> list[ranking.Candidate]:
    """Every step's candidates, best first (see ``Plan``)."""
    if not query.keys:
        return []
    plan = Plan.of(query)
    plan.full(limit)
    plan.partial(need)
    return ranking.rank(query.search, plan.found.values())


def visible_in_order(queryset: QuerySet[Any], ids: Sequence[int], want: int) -> list[int]:
    """The first ``want`` of ``ids`` that ``queryset`` holds (the user's visibility and the
    list's filters), in the order given, checked a slice at a time."""
    kept: list[int] = []
    for start in range(0, len(ids), VISIBILITY_SLICE):
        piece = ids[start : start + VISIBILITY_SLICE]
        seen = set(queryset.filter(id__in=piece).values_list("id", flat=True))
        kept += [i for i in piece if i in seen]
        if len(kept) >= want:
            break
    return kept[:want]


class Ranked:
    """Persons in rank order, read a page (or a chunk) at a time: sliced by the pagers, iterated
    by the exports, like a queryset ordered by rank.

    ``rest``, when given, is called once, with how many more may be listed, the first time a
    reader asks past ``ids``: the later, costlier steps of a search run only for a page that
    needs them.
    """

    def __init__(
        self,
        model: type[Model],
        ids: Sequence[int],
        related: Sequence[str] = (),
        rest: Callable[[int], list[int]] | None = None,
        cap: int | None = None,
    ) -> None:
        self.model = model
        self.ids = list(ids)
        self.related = tuple(related)
        self._rest = rest
        self.cap = cap

    def _upto(self, stop: int | None) -> None:
        if self._rest is None or (stop is not None and stop <= len(self.ids)):
            return
        room = (self.cap if self.cap is not None else STEP_LIMIT) - len(self.ids)
        rest, self._rest = self._rest, None
        if room > 0:
            self.ids += rest(room)

    def _fetch(self, ids: Sequence[int]) -> list[Any]:
        rows = self.model._default_manager.filter(id__in=ids)
        if self.related:
            rows = rows.select_related(*self.related)
        by_id = {row.pk: row for row in rows}
        return [by_id[i] for i in ids if i in by_id]

    def __len__(self) -> int:
        self._upto(None)
        return len(self.ids)

    def count(self) -> int:
        return len(self)

    def __getitem__(self, index: slice | int) -> Any:
        if isinstance(index, slice):
            self._upto(index.stop)
            return self._fetch(self.ids[index])
        self._upto(index + 1)
        return self._fetch([self.ids[index]])[0]

    def __iter__(self) -> Iterator[Any]:
        return self.iterator()

    def iterator(self, chunk_size: int = 500) -> Iterator[Any]:
        self._upto(None)
        for start in range(0, len(self.ids), chunk_size):
            yield from self._fetch(self.ids[start : start + chunk_size])

    def filter(self, *args: Any, **kwargs: Any) -> QuerySet[Any]:
        self._upto(None)
        return self.model._default_manager.filter(id__in=self.ids).filter(*args, **kwargs)


def find(
    queryset: QuerySet[Any], query: NameQuery, cap: int, first: Sequence[int] = ()
) -> tuple[Ranked, bool]:
    """The persons of ``queryset`` matching ``query`` best first, at most ``cap``, and whether
    more match. ``first`` (found by phone, document or number) lead. Persons holding the whole
    name are found and checked at once (``cap + 1`` of them at most, to tell whether there are
    more); the partial matches are looked for only if a page reaches past them."""
    kept = visible_in_order(queryset, list(dict.fromkeys(first)), cap + 1)
    plan = Plan.of(query) if query.keys else None
    if plan is not None and len(kept) <= cap:
        plan.full(max(STEP_LIMIT, cap + 1))
        whole, _others = plan.split(exclude=kept)
        kept += visible_in_order(queryset, whole, cap + 1 - len(kept))

    def rest(room: int) -> list[int]:
        if plan is None:
            return []
        plan.partial(max(1, (len(query.keys) + 1) // 2))
        whole, others = plan.split(exclude=kept)
        return visible_in_order(queryset, whole + others, room)

    more = len(kept) > cap
    return Ranked(queryset.model, kept[:cap], ("owner_agency",), None if more else rest, cap), more


def ranked_candidates(
    queryset: QuerySet[Any],
    query: NameQuery,
    want: int,
    *,
    need: int | None = None,
    likely_only: bool = False,
) -> list[ranking.Candidate]:
    """Up to ``want`` persons of ``queryset`` matching ``query``, best first, holding at least
    ``need`` syllables (by default half of them); ``likely_only`` keeps only the candidates the
    ranking rule calls likely. Partial matches are looked for only when the whole-name matches
    the user may see are fewer than ``want``."""
    if not query.keys:
        return []
    need = max(1, (len(query.keys) + 1) // 2) if need is None else need
    plan = Plan.of(query)
    kept: list[int] = []

    def add_visible(ids: list[int]) -> None:
        if likely_only:
            ids = [i for i in ids if ranking.is_likely(query.search, plan.found[i])]
        kept.extend(visible_in_order(queryset, ids, want - len(kept)))

    plan.full(max(STEP_LIMIT, want))
    add_visible(plan.split()[0])
    if len(kept) < want:
        plan.partial(need)
        whole, others = plan.split(exclude=kept)
        add_visible(whole + others)
    return [plan.found[i] for i in kept]


def holding_each(queryset: QuerySet[Any], names: Sequence[ranking.Keys]) -> QuerySet[Any]:
    """The persons of ``queryset`` whose names hold a syllable, or a skeleton, of each of
    ``names`` (``ranking.holds_each_name``, asked of the index: one probe of the unique
    (person, key) index per name and person checked)."""
    for keys, loose in names:
        held = PersonNameSyllable.objects.filter(person_id=OuterRef("pk"), key__in=[*keys, *loose])
        queryset = queryset.filter(Exists(held))
    return queryset


# --- Rebuilding the index ------------------------------------------------------------------


def rebuild_batch(after: int, size: int) -> tuple[int, int]:
    """(Re)index the next ``size`` persons with an id above ``after``, in one transaction.
    Returns the last id done (``after`` when none was left) and how many were done."""
    fields = ("id", "given_name", "family_name", "name_km", "aliases", "birth_year", "sex")
    persons = list(Person.objects.filter(id__gt=after).order_by("id").only(*fields)[:size])
    if not persons:
        return after, 0
    rows: list[PersonNameSyllable] = []
    for person in persons:
        rows += index_rows(person.pk, person_syllables(person), person.birth_year, person.sex)
    with transaction.atomic():
        PersonNameSyllable.objects.filter(
            person_id__gte=persons[0].pk, person_id__lte=persons[-1].pk
        ).delete()
        PersonNameSyllable.objects.bulk_create(rows, batch_size=5000)
    return persons[-1].pk, len(persons)
