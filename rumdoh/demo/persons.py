"""Stage 1: persons, with documents, consents, access rows and blinded search keys.

Each person is written as the application would write it (``services.create_person`` and
friends): the sealed fields through the same fields, the search keys through
``services.person_keys``, so search and linkage work on the data.

A few percent of persons are recorded again by another agency — the double counting the system
exists to catch. Some of those copies are spelled identically, the others with a spelling variant;
the linkage run after the import gives each copy its original's national person id, or asks the
data steward.
"""

from __future__ import annotations

import multiprocessing
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

from django.db import connections, transaction

from rumdoh.accounts.models import Agency, AgencyKind, User
from rumdoh.core.places import LANGUAGES, NATIONALITIES, PROVINCES
from rumdoh.demo import names as N
from rumdoh.demo import origins as O
from rumdoh.demo.context import Context
from rumdoh.demo.writer import Progress
from rumdoh.people import search as name_search
from rumdoh.people import services
from rumdoh.people.models import (
    AccessSource,
    AgePrecision,
    Consent,
    ConsentMethod,
    ConsentScope,
    DocumentKind,
    IdentityDocument,
    Person,
    PersonAccess,
    PersonNameSyllable,
    PersonSearchKey,
    Sex,
)
from rumdoh.people.rules import names as person_names

PERSON_COLUMNS = [
    "id",
    "owner_agency_id",
    "created_by_id",
    "created_at",
    "updated_at",
    "version",
    *services.PERSON_FIELDS,
]
DOCUMENT_COLUMNS = [
    "person_id",
    "kind",
    "number",
    "issuing_country",
    "held_by_other",
    "recorded_at",
]
CONSENT_COLUMNS = [
    "id",
    "person_id",
    "scope",
    "agency_id",
    "method",
    "given_on",
    "recorded_by_id",
    "recorded_at",
    "withdrawn_at",
    "withdrawn_by_id",
    "withdrawal_reason",
]
ACCESS_COLUMNS = ["person_id", "agency_id", "source", "source_id", "granted_at", "revoked_at"]

WITHDRAWAL_REASONS = [
    "The person no longer wants the record shared.",
    "Consent withdrawn at the follow-up visit.",
    "Guardian withdrew consent.",
    "The person moved to another province and asked to stop sharing.",
]
ABROAD = "99"
_NATIONALITY_CODES = list(O.NATIONALITY_WEIGHTS)
_NATIONALITY_WEIGHTS = list(O.NATIONALITY_WEIGHTS.values())
_PROVINCE_CODES = list(O.PROVINCE_WEIGHTS)
_PROVINCE_WEIGHTS = list(O.PROVINCE_WEIGHTS.values())


@dataclass(slots=True)
class Spec:
    """One person before it is written; plain values only."""

    owner: Agency
    recorder: User
    created_at: datetime
    given_name: str = ""
    family_name: str = ""
    name_km: str = ""
    aliases: list[str] = field(default_factory=list)
    sex: str = Sex.UNKNOWN
    date_of_birth: str = ""
    birth_year: int | None = None
    age_precision: str = AgePrecision.UNKNOWN
    nationality: str = "KH"
    languages: list[str] = field(default_factory=list)
    phone: str = ""
    village: str = ""
    commune: str = ""
    district: str = ""
    province: str = ""
    foreign_address: str = ""
    documents: list[tuple[str, str, str, bool]] = field(default_factory=list)
    # For Khmer names: (family entry, given entry) to respell duplicates.
    khmer: tuple[N.KhmerName, N.KhmerName] | None = None


@dataclass
class PersonsResult:
    first_id: int = 0
    last_id: int = 0
    persons: int = 0
    duplicates: int = 0
    exact_duplicates: int = 0
    rows: int = 0
    seconds: float = 0.0


def _spelling(rng: random.Random, entry: N.KhmerName) -> str:
    spellings = entry[1]
    if len(spellings) == 1 or rng.random() < 0.6:
        return spellings[0]
    return rng.choice(spellings[1:])


def _age(rng: random.Random, foreign: bool) -> int:
    if not foreign and rng.random() < 0.22:
        return rng.randint(8, 17)
    age = int(rng.triangular(18, 58, 24))
    return max(18, age)


def _phone(rng: random.Random, nationality: str) -> str:
    if nationality == "KH" or nationality not in O.CALLING_CODES:
        prefix = rng.choice(O.KH_MOBILE_PREFIXES)
        digits = rng.randrange(10**5, 10**6) if rng.random() < 0.8 else rng.randrange(10**6, 10**7)
        text = str(digits)
        shape = rng.random()
        if shape < 0.45:
            return f"0{prefix} {text[:3]} {text[3:]}"
        if shape < 0.7:
            return f"+855 {prefix} {text[:3]} {text[3:]}"
        if shape < 0.85:
            return f"0{prefix}{text}"
        return f"0{prefix}-{text[:3]}-{text[3:]}"
    number = str(rng.randrange(10**8, 10**10))
    return f"+{O.CALLING_CODES[nationality]} {number[:3]} {number[3:6]} {number[6:]}"


def _document(rng: random.Random, kind: str, country: str) -> str:
    if kind == DocumentKind.PASSPORT:
        prefix, digits = O.PASSPORT_SHAPES.get(country, ("P", 7))
        return f"{prefix}{rng.randrange(10 ** (digits - 1), 10**digits)}"
    if kind == DocumentKind.NATIONAL_ID:
        number = f"{rng.randrange(10**8, 10**9)}"
        return number if rng.random() < 0.7 else f"{number[:3]} {number[3:6]} {number[6:]}"
    if kind == DocumentKind.BORDER_PASS:
        return f"BP-{rng.randrange(10**5, 10**6)}"
    if kind == DocumentKind.WORK_PERMIT:
        return f"WP{rng.randrange(10**6, 10**7)}"
    if kind == DocumentKind.FAMILY_BOOK:
        return f"FB {rng.randrange(10**4, 10**5)}/{rng.randrange(1, 30)}"
    return f"BC-{rng.randrange(10**5, 10**6)}"


def _documents(rng: random.Random, spec: Spec, adult: bool) -> list[tuple[str, str, str, bool]]:
    docs: list[tuple[str, str, str, bool]] = []
    if spec.nationality != "KH":
        if rng.random() < 0.85:
            country = spec.nationality if spec.nationality != "XX" else "XX"
            docs.append(
                (DocumentKind.PASSPORT, _document(rng, "passport", country), country, False)
            )
            # Passports of foreigners found in scam compounds are mostly kept by the employer.
            if rng.random() < 0.45:
                docs[-1] = (*docs[-1][:3], True)
        if rng.random() < 0.1:
            docs.append(
                (DocumentKind.WORK_PERMIT, _document(rng, "work_permit", "KH"), "KH", False)
            )
        return docs
    draws = [
        (DocumentKind.NATIONAL_ID, 0.4 if adult else 0.0, 0.05),
        (DocumentKind.PASSPORT, 0.15 if adult else 0.02, 0.25),
        (DocumentKind.BORDER_PASS, 0.08 if adult else 0.0, 0.2),
        (DocumentKind.FAMILY_BOOK, 0.08, 0.02),
        (DocumentKind.BIRTH_CERTIFICATE, 0.05 if adult else 0.3, 0.02),
    ]
    for kind, chance, held in draws:
        if rng.random() < chance:
            docs.append((kind, _document(rng, kind, "KH"), "KH", rng.random() < held))
    return docs


def _khmer_person(rng: random.Random, spec: Spec) -> None:
    female = spec.sex == Sex.FEMALE or (spec.sex != Sex.MALE and rng.random() < 0.5)
    family = rng.choice(N.KHMER_FAMILY)
    given = rng.choice(N.KHMER_GIVEN_FEMALE if female else N.KHMER_GIVEN_MALE)
    spec.khmer = (family, given)
    shape = rng.random()
    if shape < 0.05:  # written down only in Khmer script
        spec.name_km = f"{family[0]} {given[0]}"
    else:
        spec.family_name = _spelling(rng, family) if shape > 0.08 else ""
        spec.given_name = _spelling(rng, given)
        if rng.random() < 0.75:
            spec.name_km = f"{family[0]} {given[0]}"
    if rng.random() < 0.2:
        latin, khmer = rng.choice(N.KHMER_NICKNAMES)
        spec.aliases.append(latin if rng.random() < 0.7 else khmer)
    spec.languages = ["km"]
    if rng.random() < 0.15:
        spec.languages.append("th")
    if rng.random() < 0.05:
        spec.languages.append("en")
    province = rng.choices(_PROVINCE_CODES, _PROVINCE_WEIGHTS)[0]
    spec.province = province
    if rng.random() < 0.85:
        spec.village = f"Phum {rng.choice(O.PLACE_WORDS)}"
        spec.commune = f"Khum {rng.choice(O.PLACE_WORDS)}"
        spec.district = rng.choice(O.DISTRICTS.get(province) or [PROVINCES[province][0]])


def _foreign_person(rng: random.Random, spec: Spec) -> None:
    families, female_given, male_given = N.FOREIGN_NAMES.get(
        spec.nationality, N.FOREIGN_NAMES["CN"]
    )
    female = spec.sex == Sex.FEMALE or (spec.sex != Sex.MALE and rng.random() < 0.5)
    spec.given_name = rng.choice(female_given if female else male_given)
    spec.family_name = rng.choice(families) if families else ""
    language = O.NATIONAL_LANGUAGE.get(spec.nationality, "other")
    spec.languages = [language if language in LANGUAGES else "other"]
    if spec.nationality not in {"CN", "VN", "TH", "LA", "TW"} and rng.random() < 0.5:
        spec.languages.append("en")
    spec.province = ABROAD
    region = rng.choice(O.HOME_REGIONS.get(spec.nationality, [""]))
    country = NATIONALITIES[spec.nationality][0]
    spec.foreign_address = f"{region}, {country}" if region else ""


def new_person(ctx: Context, rng: random.Random, created_at: datetime) -> Spec:
    owner = rng.choices(ctx.recorders, ctx.recorder_weights)[0]
    spec = Spec(owner=owner, recorder=rng.choice(ctx.staff[owner.pk]), created_at=created_at)
    nationality = rng.choices(_NATIONALITY_CODES, _NATIONALITY_WEIGHTS)[0]
    foreign = nationality != "KH"
    spec.nationality = nationality
    draw = rng.random()
    female_share = 0.31 if foreign else 0.56
    if draw < female_share:
        spec.sex = Sex.FEMALE
    elif draw < 0.985:
        spec.sex = Sex.MALE
    elif draw < 0.99:
        spec.sex = Sex.OTHER
    if foreign:
        _foreign_person(rng, spec)
    else:
        _khmer_person(rng, spec)
    age = _age(rng, foreign)
    year = created_at.year - age
    precision = rng.random()
    known_date, known_year, estimated = (0.7, 0.85, 0.95) if foreign else (0.4, 0.75, 0.9)
    if precision < known_date:
        born = date(year, 1, 1) + timedelta(days=rng.randrange(365))
        spec.date_of_birth, spec.birth_year = born.isoformat(), born.year
        spec.age_precision = AgePrecision.DATE
    elif precision < known_year:
        spec.birth_year, spec.age_precision = year, AgePrecision.YEAR
    elif precision < estimated:
        spec.birth_year, spec.age_precision = year, AgePrecision.ESTIMATED
    if rng.random() < (0.12 if foreign else 0.06) and age >= 18:
        spec.aliases.append(rng.choice(N.WORK_NAMES))
    if rng.random() < 0.7:
        spec.phone = _phone(rng, nationality)
    spec.documents = _documents(rng, spec, adult=age >= 18)
    return spec


def duplicate_of(
    ctx: Context, rng: random.Random, original: Spec, created_at: datetime, exact: bool
) -> Spec:
    """The same person recorded again by another agency, possibly spelled differently."""
    others = [a for a in ctx.recorders if a.pk != original.owner.pk] or ctx.recorders
    weights = [w for a, w in zip(ctx.recorders, ctx.recorder_weights, strict=True) if a in others]
    owner = rng.choices(others, weights)[0]
    copy = Spec(
        owner=owner,
        recorder=rng.choice(ctx.staff[owner.pk]),
        created_at=created_at,
        given_name=original.given_name,
        family_name=original.family_name,
        name_km=original.name_km,
        aliases=list(original.aliases),
        sex=original.sex,
        birth_year=original.birth_year,
        age_precision=original.age_precision,
        date_of_birth=original.date_of_birth,
        nationality=original.nationality,
        languages=list(original.languages),
        province=original.province,
        foreign_address=original.foreign_address,
        khmer=original.khmer,
    )
    if rng.random() < 0.4:
        copy.phone = original.phone
    if original.documents and rng.random() < 0.5:
        copy.documents = [original.documents[0]]
    if not exact:
        if original.khmer and (copy.given_name or copy.family_name):
            family, given = original.khmer
            respell = [e for e in (family, given) if len(e[1]) > 1]
            if respell:
                entry = rng.choice(respell)
                current = copy.family_name if entry is family else copy.given_name
                options = [s for s in entry[1] if s != current] or list(entry[1])
                if entry is family:
                    copy.family_name = rng.choice(options)
                else:
                    copy.given_name = rng.choice(options)
            if rng.random() < 0.5:
                copy.name_km = ""
        else:  # foreign names are often written family name first by one agency
            copy.given_name, copy.family_name = copy.family_name, copy.given_name
        if copy.age_precision == AgePrecision.DATE and rng.random() < 0.5:
            copy.date_of_birth, copy.age_precision = "", AgePrecision.YEAR
        copy.aliases = []
    return copy


def _consents(
    ctx: Context, rng: random.Random, spec: Spec, share_with: list[Agency]
) -> list[tuple[str, Agency | None, str, date, datetime | None]]:
    """(scope, agency, method, given on, withdrawn at) for the consents the person gave."""
    child = spec.birth_year is not None and spec.created_at.year - spec.birth_year < 18
    given_on = min(
        (spec.created_at + timedelta(days=rng.choice((0, 0, 0, 1, 2)))).date(), ctx.as_of
    )
    result: list[tuple[str, Agency | None, str, date, datetime | None]] = []
    draws: list[tuple[str, float]] = [
        (ConsentScope.STATISTICS, 0.88),
        (ConsentScope.SERVICES, 0.8),
        (ConsentScope.REFERRAL, 0.55),
        (ConsentScope.SHARE, 0.22),
    ]
    for scope, chance in draws:
        if rng.random() >= chance:
            continue
        agency = None
        if scope == ConsentScope.SHARE:
            choices = [a for a in share_with if a.pk != spec.owner.pk]
            if not choices:
                continue
            agency = rng.choice(choices)
        if child:
            method = ConsentMethod.GUARDIAN
        else:
            method = rng.choices(
                [ConsentMethod.SIGNED, ConsentMethod.VERBAL, ConsentMethod.THUMBPRINT],
                [45, 25, 20],
            )[0]
        withdrawn = None
        if rng.random() < 0.03:
            withdrawn = ctx.later(spec.created_at, rng, 10, 400)
        result.append((scope, agency, method, given_on, withdrawn))
    return result


def _share_partners(agencies: list[Agency]) -> list[Agency]:
    kinds = {AgencyKind.NGO, AgencyKind.PROVINCIAL_DEPARTMENT, AgencyKind.MINISTRY}
    kinds |= {AgencyKind.TRANSIT_CENTRE, AgencyKind.POLICE, AgencyKind.INTERNATIONAL}
    return [a for a in agencies if a.kind in kinds]


@lru_cache(maxsize=1 << 16)
def _name_keys(*parts: str) -> frozenset[str]:
    return frozenset(services.name_index(k) for k in person_names.search_keys(*parts))


def search_keys(spec: Spec) -> set[str]:
    """The keys ``services.person_keys`` stores, with the name part memoised (names repeat)."""
    keys = set(_name_keys(spec.given_name, spec.family_name))
    keys |= _name_keys(spec.name_km)
    for alias in spec.aliases:
        keys |= _name_keys(alias)
    if person_names.normalise_phone(spec.phone):
        keys.add(services.phone_index(spec.phone))
    for _kind, number, _country, _held in spec.documents:
        keys.add(services.document_index(number))
    return keys


@dataclass
class _Job:
    batch: int
    first: int
    size: int
    count: int
    duplicate_rate: float
    ids: list[int]


def _run_batch(ctx: Context, job: _Job) -> PersonsResult:
    """Generate and write one batch; the same batch number always gives the same persons."""
    rng = ctx.rng("persons", job.batch)
    part = PersonsResult()
    specs: list[Spec] = []
    for i in range(job.size):
        share = (job.first + i + rng.random()) / job.count
        created_at = ctx.moment(share, rng)
        if len(specs) > 20 and rng.random() < job.duplicate_rate:
            original = specs[rng.randrange(max(0, len(specs) - 2000), len(specs))]
            exact = rng.random() < 0.4
            specs.append(duplicate_of(ctx, rng, original, created_at, exact))
            part.duplicates += 1
            part.exact_duplicates += exact
        else:
            specs.append(new_person(ctx, rng, created_at))
    before = ctx.writer.rows_written
    _write_batch(ctx, rng, specs, job.ids, _share_partners(ctx.agencies))
    part.rows = ctx.writer.rows_written - before
    part.persons = len(specs)
    return part


_WORKER_CTX: Context | None = None


def _worker_init() -> None:
    assert _WORKER_CTX is not None
    _WORKER_CTX.writer.prepare_session()


def _worker_batch(job: _Job) -> PersonsResult:
    assert _WORKER_CTX is not None
    return _run_batch(_WORKER_CTX, job)


def generate(ctx: Context, count: int, duplicate_rate: float = 0.04) -> PersonsResult:
    """Write ``count`` persons in batches; return the id range and totals.

    Person ids are reserved here, in batch order, so the data (ids included) depends only on the
    seed even when ``ctx.workers`` processes generate and write batches side by side.
    """
    global _WORKER_CTX
    result = PersonsResult()
    if count <= 0:
        return result
    writer = ctx.writer
    writer.prepare_session()
    progress = Progress("persons", count, ctx.out)

    def jobs() -> Iterator[_Job]:
        for batch, first in enumerate(range(0, count, ctx.batch_size)):
            size = min(ctx.batch_size, count - first)
            with transaction.atomic():
                ids = writer.allocate_ids(Person, size)
            yield _Job(batch, first, size, count, duplicate_rate, ids)

    def add(job_ids: tuple[int, int], part: PersonsResult) -> None:
        result.first_id = min(result.first_id or job_ids[0], job_ids[0])
        result.last_id = max(result.last_id, job_ids[1])
        result.persons += part.persons
        result.duplicates += part.duplicates
        result.exact_duplicates += part.exact_duplicates
        result.rows += part.rows
        progress.advance(part.persons)

    workers = ctx.workers
    if workers <= 1 or count <= ctx.batch_size:
        for job in jobs():
            add((job.ids[0], job.ids[-1]), _run_batch(ctx, job))
    else:
        all_jobs = list(jobs())
        connections.close_all()  # each process opens its own connection
        _WORKER_CTX = ctx
        fork = multiprocessing.get_context("fork")
        with fork.Pool(workers, initializer=_worker_init) as pool:
            for job, part in zip(all_jobs, pool.imap(_worker_batch, all_jobs), strict=True):
                add((job.ids[0], job.ids[-1]), part)
        _WORKER_CTX = None
        writer.rows_written += result.rows
    result.seconds = progress.finish()
    return result


def _write_batch(
    ctx: Context,
    rng: random.Random,
    specs: list[Spec],
    ids: list[int],
    partners: list[Agency],
) -> None:
    writer = ctx.writer
    with transaction.atomic():
        persons: list[tuple[Any, ...]] = []
        documents: list[tuple[Any, ...]] = []
        keys: list[tuple[int, str]] = []
        # person, agency, source, the consent it comes from, since, until
        access: list[tuple[int, int, str, int | None, datetime, datetime | None]] = []
        consent_specs = []
        for pid, spec in zip(ids, specs, strict=True):
            created = spec.created_at
            persons.append(
                (
                    pid,
                    spec.owner.pk,
                    spec.recorder.pk,
                    created,
                    created,
                    1,
                    spec.given_name,
                    spec.family_name,
                    spec.name_km,
                    spec.aliases,
                    spec.sex,
                    spec.date_of_birth,
                    spec.birth_year,
                    spec.age_precision,
                    spec.nationality,
                    spec.languages,
                    spec.phone,
                    spec.village,
                    spec.commune,
                    spec.district,
                    spec.province,
                    spec.foreign_address,
                )
            )
            for kind, number, country, held in spec.documents:
                documents.append((pid, kind, number, country, held, created))
            keys.extend((pid, key) for key in sorted(search_keys(spec)))
            access.append((pid, spec.owner.pk, AccessSource.OWNER, None, created, None))
            for consent in _consents(ctx, rng, spec, partners):
                consent_specs.append((pid, spec, consent))
        consent_ids = writer.allocate_ids(Consent, len(consent_specs))
        consents = []
        for cid, (pid, spec, (scope, agency, method, given_on, withdrawn)) in zip(
            consent_ids, consent_specs, strict=True
        ):
            recorded_at = max(spec.created_at, _at_noon(given_on))
            consents.append(
                (
                    cid,
                    pid,
                    scope,
                    agency.pk if agency else None,
                    method,
                    given_on,
                    spec.recorder.pk,
                    recorded_at,
                    withdrawn,
                    spec.recorder.pk if withdrawn else None,
                    rng.choice(WITHDRAWAL_REASONS) if withdrawn else "",
                )
            )
            if agency is not None:
                access.append((pid, agency.pk, AccessSource.CONSENT, cid, recorded_at, withdrawn))
        writer.insert(Person, PERSON_COLUMNS, persons)
        writer.insert(IdentityDocument, DOCUMENT_COLUMNS, documents)
        writer.insert(PersonSearchKey, ["person_id", "key"], keys)
        writer.insert(PersonNameSyllable, name_search.NAME_COLUMNS, syllables(ids, specs))
        writer.insert(Consent, CONSENT_COLUMNS, consents)
        writer.insert(PersonAccess, ACCESS_COLUMNS, access)


def syllables(ids: list[int], specs: list[Spec]) -> Iterator[tuple[object, ...]]:
    """The rows of the name-syllable index that ranks person searches."""
    for pid, spec in zip(ids, specs, strict=True):
        names = (spec.given_name, spec.family_name, spec.name_km, *spec.aliases)
        yield from name_search.name_rows(pid, names, spec.birth_year, spec.sex)


def _at_noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 5, tzinfo=UTC)
