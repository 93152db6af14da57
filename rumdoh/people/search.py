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

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Model, QuerySet

from rumdoh.core.keys import index_key
from rumdoh.core.rules.crypto import blind_index
from rumdoh.people.models import Person, PersonNameSyllable
from rumdoh.people.rules import ranking, romanisation

# Counting a syllable's persons stops here: past it a syllable is "common", and its exact count
# changes nothing in the plan.
COUNT_CEILING = 50_000
# Candidates read per step of the plan; the rank is worked out among them.
STEP_LIMIT = 2_000
# Persons checked against the user's grants per query, best first.
VISIBILITY_SLICE = 600
# Years searched first around a given year of birth (ages are often estimated).
NEAR_YEARS = 1
WIDE_YEARS = 6


def syllable_key(syllable: str) -> str:
    """The blinded form of one folded syllable (64 bits are plenty to tell syllables apart; a
    rare collision only adds a candidate that the other syllables then rank down)."""
    return blind_index(index_key(), syllable, "syllable")[:16]


def name_syllables(*names: str) -> set[str]:
    found: set[str] = set()
    for name in names:
        if name and name.strip():
            found.update(s for s in romanisation.syllables(name) if s)
    return found


def person_syllables(person: Person) -> set[str]:
    names = [person.given_name, person.family_name, person.name_km, *(person.aliases or [])]
    return name_syllables(*(str(n) for n in names if n))


def index_rows(
    person_id: int, syllables: Iterable[str], birth_year: int | None, sex: str
) -> list[PersonNameSyllable]:
    keys = sorted({syllable_key(s) for s in syllables})
    return [
        PersonNameSyllable(
            person_id=person_id, key=k, birth_year=birth_year, sex=sex, syllables=len(keys)
        )
        for k in keys
    ]


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


def full_matches(
    keys: Sequence[str], window: tuple[int, int] | None, limit: int
) -> list[ranking.Candidate]:
    """Persons holding every key, newest first, at most ``limit``: the rarest key (``keys[0]``)
    drives, each other key is one probe of the unique (person, key) index."""
    table = _table()
    years, params = _years(window)
    probes = "".join(
        f" AND EXISTS (SELECT 1 FROM {table} b WHERE b.person_id = a.person_id AND b.key = %s)"  # noqa: S608
        for _ in keys[1:]
    )
    sql = (
        f"SELECT a.person_id, a.birth_year, a.sex, a.syllables FROM {table} a "  # noqa: S608
        f"WHERE a.key = %s{years}{probes} ORDER BY a.person_id DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [keys[0], *params, *keys[1:], limit])
        return [
            ranking.Candidate(pid, len(keys), n, year, sex)
            for pid, year, sex, n in cursor.fetchall()
        ]


def partial_matches(
    keys: Sequence[str], need: int, window: tuple[int, int] | None, limit: int
) -> list[ranking.Candidate]:
    """Persons holding at least ``need`` of ``keys`` (rarest first). Each such person holds one
    of the ``len(keys) - need + 1`` rarest keys, so those drive; each candidate's count of keys
    held is probed on the (person, key) index."""
    table = _table()
    years, params = _years(window)
    marks = ", ".join(["%s"] * len(keys))
    sql = (
        f"SELECT a.person_id, a.birth_year, a.sex, a.syllables, "  # noqa: S608
        f"(SELECT count(*) FROM {table} b WHERE b.person_id = a.person_id AND b.key IN ({marks})) "
        f"FROM {table} a WHERE a.key = %s{years} ORDER BY a.person_id DESC LIMIT %s"
    )
    found: dict[int, ranking.Candidate] = {}
    with connection.cursor() as cursor:
        for driver in keys[: len(keys) - need + 1]:
            cursor.execute(sql, [*keys, driver, *params, limit])
            for pid, year, sex, n, matched in cursor.fetchall():
                if matched >= need:
                    found[pid] = ranking.Candidate(pid, matched, n, year, sex)
    return list(found.values())


@dataclass(frozen=True)
class NameQuery:
    """A search for names: the distinct keys of their syllables, and what else is known."""

    keys: tuple[str, ...]
    birth_year: int | None = None
    sex: str = ""

    @classmethod
    def of(cls, *names: str, birth_year: int | None = None, sex: str = "") -> NameQuery:
        keys = tuple(sorted({syllable_key(s) for s in name_syllables(*names)}))
        return cls(keys, birth_year, sex or "")

    @property
    def search(self) -> ranking.Search:
        return ranking.Search(len(self.keys), self.birth_year, self.sex)


def candidates(query: NameQuery, need: int, limit: int = STEP_LIMIT) -> list[ranking.Candidate]:
    """The best candidates holding at least ``need`` of the query's syllables, ranked.

    Persons holding every syllable first: within the searched years when a year is given, then
    (if that leaves room) any year. Persons holding fewer only when the full matches are fewer
    than ``limit``.
    """
    if not query.keys:
        return []
    keys = by_rarity(query.keys)
    windows: list[tuple[int, int] | None] = [None]
    if query.birth_year is not None:
        y = query.birth_year
        windows = [(y - NEAR_YEARS, y + NEAR_YEARS), (y - WIDE_YEARS, y + WIDE_YEARS), None]
    found: dict[int, ranking.Candidate] = {}
    for window in windows:
        for c in full_matches(keys, window, limit):
            found.setdefault(c.person_id, c)
        if len(found) >= limit:
            break
    if len(found) < limit and need < len(keys):
        for window in windows[-2:]:
            for c in partial_matches(keys, max(need, 1), window, limit):
                found.setdefault(c.person_id, c)
            if len(found) >= limit:
                break
    return ranking.rank(query.search, found.values())


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
    by the exports, like a queryset ordered by rank."""

    def __init__(self, model: type[Model], ids: Sequence[int], related: Sequence[str] = ()):
        self.model = model
        self.ids = list(ids)
        self.related = tuple(related)

    def _fetch(self, ids: Sequence[int]) -> list[Any]:
        rows = self.model._default_manager.filter(id__in=ids)
        if self.related:
            rows = rows.select_related(*self.related)
        by_id = {row.pk: row for row in rows}
        return [by_id[i] for i in ids if i in by_id]

    def __len__(self) -> int:
        return len(self.ids)

    def count(self) -> int:
        return len(self.ids)

    def __getitem__(self, index: slice | int) -> Any:
        if isinstance(index, slice):
            return self._fetch(self.ids[index])
        return self._fetch([self.ids[index]])[0]

    def __iter__(self) -> Iterator[Any]:
        return self.iterator()

    def iterator(self, chunk_size: int = 500) -> Iterator[Any]:
        for start in range(0, len(self.ids), chunk_size):
            yield from self._fetch(self.ids[start : start + chunk_size])

    def filter(self, *args: Any, **kwargs: Any) -> QuerySet[Any]:
        return self.model._default_manager.filter(id__in=self.ids).filter(*args, **kwargs)

    def select_related(self, *fields: str) -> Ranked:
        return Ranked(self.model, self.ids, (*self.related, *fields))


def ranked_ids(
    queryset: QuerySet[Any],
    query: NameQuery,
    want: int,
    *,
    need: int | None = None,
    first: Sequence[int] = (),
    likely_only: bool = False,
) -> list[int]:
    """Up to ``want`` persons of ``queryset`` best first: ``first`` (found by phone, document
    or number), then those matching the names, holding at least ``need`` syllables (by default
    half of them). ``likely_only`` keeps only candidates the ranking rule calls likely."""
    need = max(1, (len(query.keys) + 1) // 2) if need is None else need
    limit = max(STEP_LIMIT, want)
    found = candidates(query, need, limit)
    if likely_only:
        found = [c for c in found if ranking.is_likely(query.search, c)]
    ordered = list(dict.fromkeys([*first, *(c.person_id for c in found)]))
    return visible_in_order(queryset, ordered, want)


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
