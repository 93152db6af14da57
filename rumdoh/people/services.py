"""Every change to a person or a consent: atomic, audited, one function per change."""

from dataclasses import replace
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.dispatch import Signal
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from rumdoh.accounts.audit import log_action
from rumdoh.accounts.models import Agency, User
from rumdoh.core.errors import EARLIEST_DAY, FieldRefused, NotAllowed, refuse_out_of_time
from rumdoh.core.keys import index_key
from rumdoh.core.limits import clean_name, search_problem
from rumdoh.core.person_numbers import parse_person_number
from rumdoh.core.rules.crypto import blind_index
from rumdoh.core.versions import require_version
from rumdoh.people import search
from rumdoh.people.access import owns_person
from rumdoh.people.models import (
    AccessSource,
    Consent,
    ConsentScope,
    IdentityDocument,
    Person,
    PersonAccess,
    PersonSearchKey,
)
from rumdoh.people.rules import names, ranking

PERSON_FIELDS = [
    "given_name",
    "family_name",
    "name_km",
    "aliases",
    "sex",
    "date_of_birth",
    "birth_year",
    "age_precision",
    "nationality",
    "languages",
    "phone",
    "village",
    "commune",
    "district",
    "province",
    "foreign_address",
]


NAME_FIELDS = ("given_name", "family_name", "name_km")


def clean_names(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with its names and aliases freed of the characters that show nothing (direction
    controls, zero-width spaces, joiners: ``core.limits.clean_name``): a name of nothing else is
    empty, so that it is not taken for a name."""
    for field in NAME_FIELDS:
        if isinstance(data.get(field), str):
            data[field] = clean_name(data[field])
    if isinstance(data.get("aliases"), list):
        aliases = (clean_name(str(a)) for a in data["aliases"])
        data["aliases"] = [a for a in aliases if a]
    return data


def refuse_unborn(data: dict[str, Any]) -> None:
    """Refuse a birth before 1900 (``core.errors.EARLIEST_DAY``: a mistyped year) or after
    today, by its field: the date of birth (a date or its ISO text) or the year of birth."""
    born = data.get("date_of_birth")
    if born:
        day = born if isinstance(born, date) else date.fromisoformat(str(born))
        refuse_out_of_time(day, "date_of_birth", since=EARLIEST_DAY)
    year = data.get("birth_year")
    this_year = timezone.localdate().year
    if year is not None and not EARLIEST_DAY.year <= int(year) <= this_year:
        message = _("Give a year between %(a)s and %(b)s.") % {
            "a": EARLIEST_DAY.year,
            "b": this_year,
        }
        raise FieldRefused("birth_year", message)


def name_index(value: str) -> str:
    return blind_index(index_key(), value, "name")


def phone_problem(value: str) -> str | None:
    """Why ``value`` cannot be recorded as a phone number, or None (empty is no phone)."""
    text = value.strip()
    if not text or names.is_phone(text):
        return None
    return _(
        "Give a phone number in digits, spaced as you like (e.g. 012 345 678 or +855 12 345 "
        "678); write anything else about how to reach the person in the notes."
    )


def phone_index(value: str) -> str:
    return blind_index(index_key(), names.normalise_phone(value), "phone")


def document_index(value: str) -> str:
    return blind_index(index_key(), names.normalise_document(value), "document")


def person_keys(person: Person) -> set[str]:
    keys = {name_index(k) for k in names.search_keys(person.given_name, person.family_name)}
    keys |= {name_index(k) for k in names.search_keys(person.name_km)}
    for alias in person.aliases or []:
        keys |= {name_index(k) for k in names.search_keys(alias)}
    if names.normalise_phone(person.phone):
        keys.add(phone_index(person.phone))
    for doc in person.documents.all() if person.pk else []:
        keys.add(document_index(doc.number))
    return keys


def _derive(person: Person) -> None:
    if person.date_of_birth and not person.birth_year:
        person.birth_year = date.fromisoformat(str(person.date_of_birth)).year


def reindex(person: Person) -> None:
    PersonSearchKey.objects.filter(person=person).delete()
    PersonSearchKey.objects.bulk_create(
        [PersonSearchKey(person=person, key=k) for k in sorted(person_keys(person))]
    )


@transaction.atomic
def create_person(user: User, data: dict[str, Any], request: HttpRequest | None = None) -> Person:
    if user.agency is None:
        raise PermissionError(_("Only staff of an agency can record a person."))
    person = Person(owner_agency=user.agency, created_by=user)
    data = clean_names(dict(data))
    refuse_unborn(data)
    for field in PERSON_FIELDS:
        if field in data:
            setattr(person, field, data[field])
    _derive(person)
    person.save()
    PersonAccess.objects.create(person=person, agency=user.agency, source=AccessSource.OWNER)
    reindex(person)
    search.reindex_names(person)
    log_action(
        "person.created",
        user=user,
        request=request,
        obj=person,
        person_id=person.pk,
        data={"fields": sorted(k for k in data if k in PERSON_FIELDS)},
    )
    return person


# Sent inside a withdrawal's transaction with ``person_id``, ``user`` and ``request`` when the
# person no longer consents to referral at all: the apps above people that asked others to see
# the person on that consent (protection's identification requests) close what they asked.
# Raising rolls the withdrawal back.
referral_consent_withdrawn = Signal()


def require_owner(user: User, person: Person) -> None:
    """Only the agency that recorded a person changes the record, its documents and consents.

    A partner that may read the record must not widen who else can read it.
    """
    if not owns_person(user, person):
        raise NotAllowed(_("Only the agency that recorded this person can change it."))


@transaction.atomic
def update_person(
    user: User,
    person: Person,
    data: dict[str, Any],
    *,
    expected_version: int,
    request: HttpRequest | None = None,
) -> Person:
    """Apply changes if nobody saved the record in between (optimistic concurrency)."""
    require_owner(user, person)
    current = Person.objects.select_for_update().get(pk=person.pk)
    require_version(current.version, expected_version)
    data = clean_names(dict(data))
    refuse_unborn(data)
    changed = [f for f in PERSON_FIELDS if f in data and getattr(current, f) != data[f]]
    for field in changed:
        setattr(current, field, data[field])
    current.version += 1
    _derive(current)
    current.save()
    reindex(current)
    search.reindex_names(current)
    log_action(
        "person.changed",
        user=user,
        request=request,
        obj=current,
        person_id=current.pk,
        data={"fields": changed},
    )
    return current


@transaction.atomic
def add_document(
    user: User, person: Person, data: dict[str, Any], request: HttpRequest | None = None
) -> IdentityDocument:
    require_owner(user, person)
    doc = IdentityDocument.objects.create(person=person, **data)
    PersonSearchKey.objects.get_or_create(person=person, key=document_index(doc.number))
    log_action(
        "person.document_added",
        user=user,
        request=request,
        obj=doc,
        person_id=person.pk,
        data={"kind": doc.kind},
    )
    return doc


@transaction.atomic
def record_consent(
    user: User,
    person: Person,
    *,
    scope: str,
    method: str,
    given_on: date,
    agency: Agency | None = None,
    request: HttpRequest | None = None,
) -> Consent:
    require_owner(user, person)
    if scope == ConsentScope.SHARE and agency is None:
        raise ValueError(_("Consent to share must name the agency."))
    consent = Consent.objects.create(
        person=person,
        scope=scope,
        method=method,
        given_on=given_on,
        agency=agency if scope == ConsentScope.SHARE else None,
        recorded_by=user,
    )
    if scope == ConsentScope.SHARE and agency is not None:
        PersonAccess.objects.create(
            person=person, agency=agency, source=AccessSource.CONSENT, source_id=consent.pk
        )
    log_action(
        "consent.recorded",
        user=user,
        request=request,
        obj=consent,
        person_id=person.pk,
        data={"scope": scope, "agency": agency.pk if agency else None},
    )
    return consent


@transaction.atomic
def withdraw_consent(
    user: User, consent: Consent, *, reason: str = "", request: HttpRequest | None = None
) -> Consent:
    if consent.withdrawn_at is not None:
        return consent
    now = timezone.now()
    consent.withdrawn_at = now
    consent.withdrawn_by = user
    consent.withdrawal_reason = reason
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    if consent.scope == ConsentScope.SHARE:
        PersonAccess.objects.filter(
            person_id=consent.person_id, source=AccessSource.CONSENT, source_id=consent.pk
        ).update(revoked_at=now)
    log_action(
        "consent.withdrawn",
        user=user,
        request=request,
        obj=consent,
        person_id=consent.person_id,
        reason=reason,
        data={"scope": consent.scope},
    )
    if consent.scope == ConsentScope.REFERRAL and not has_consent(
        consent.person, ConsentScope.REFERRAL
    ):
        referral_consent_withdrawn.send(
            Person, person_id=consent.person_id, user=user, request=request
        )
    return consent


def has_consent(person: Person, scope: str, agency: Agency | None = None) -> bool:
    consents = Consent.objects.filter(person=person, scope=scope, withdrawn_at__isnull=True)
    if agency is not None and scope == ConsentScope.SHARE:
        consents = consents.filter(agency=agency)
    return consents.exists()


@transaction.atomic
def grant_referral_access(person: Person, agency: Agency, referral_id: int) -> None:
    """A provider that receives a referral may see the person it is asked to help."""
    PersonAccess.objects.get_or_create(
        person=person, agency=agency, source=AccessSource.REFERRAL, source_id=referral_id
    )


def revoke_referral_access(person_id: int, referral_id: int) -> None:
    """A provider that declined, or whose referral was withdrawn, no longer sees the person."""
    PersonAccess.objects.filter(
        person_id=person_id,
        source=AccessSource.REFERRAL,
        source_id=referral_id,
        revoked_at__isnull=True,
    ).update(revoked_at=timezone.now())


# A search lists at most this many people, best match first; past that, a name is too common to
# browse and the list asks for more of it (a second name, a year of birth, a province).
SEARCH_CAP = 250
# Likely matches are picked from this many times as many of the best-ranked persons, when the
# given and the family name must each be held.
LIKELY_POOL = 5


def search_persons(queryset: Any, text: str, cap: int | None = None) -> Any:
    """Narrow ``queryset`` to the best ``cap`` persons matching ``text`` (see find_persons)."""
    return find_persons(queryset, text, cap)[0]


def find_persons(
    queryset: Any, text: str, cap: int | None = None, birth_year: int | None = None
) -> tuple[Any, bool]:
    """The persons of ``queryset`` whose name, alias, phone or document matches ``text``, best
    match first and at most ``cap`` of them, and whether more matched.

    A P-number (``P-0000041``, ``p41``; a bare number may be a phone's) comes first and is no
    name; a phone or document number matches exactly and comes next; names match syllable by
    syllable after folding their spellings, in any order, joined or split ("Srey Mom" finds
    "Sreymom", "Pao" finds "Pov"), ranked by ``rules.ranking`` (how much of the name matches,
    how close ``birth_year`` is, newest first). Without words, ``birth_year`` filters.
    """
    text = text.strip()
    if not text:
        if birth_year is not None:
            return queryset.filter(birth_year=birth_year), False
        return queryset, False
    if search_problem(text):  # forms and the API refuse it with a message before this
        return queryset.none(), False
    cap = SEARCH_CAP if cap is None else cap
    exact = [
        [index(text)]
        for index, normalise in (
            (phone_index, names.normalise_phone),
            (document_index, names.normalise_document),
        )
        if normalise(text) and any(ch.isdigit() for ch in text)
    ]
    first = sorted(_persons_with_keys(exact), reverse=True)
    number = parse_person_number(text, prefix_required=True)
    if number is not None:
        # A P-number is no name; a document number written like one (P1234567) still finds its
        # holder, after the person of that number.
        return search.find(queryset, search.NameQuery(()), cap, [number, *first])
    return search.find(queryset, search.NameQuery.of(text, birth_year=birth_year), cap, first)


def likely_matches(
    queryset: Any,
    *,
    given_name: str = "",
    family_name: str = "",
    birth_year: int | None = None,
    sex: str = "",
    limit: int = 10,
    name_km: str = "",
) -> list[Person]:
    """Persons of ``queryset`` (what the user may see) who may be the one about to be recorded,
    best first: most of the name's syllables, a year of birth within six years when known, and,
    when a given and a family name are typed, a syllable of each (``ranking.holds_each_name``).
    A name in Khmer script (transliterated) is the name searched when no Latin name is typed."""
    names = (given_name, family_name) if (given_name or family_name).strip() else (name_km,)
    query = search.NameQuery.of(*names, birth_year=birth_year, sex=sex)
    if not query.keys:
        return []
    need = ranking.fewest_matched(len(query.keys))
    typed = [search.name_keys(name) for name in names if name.strip()]
    if len(typed) > 1:
        # Ranked on syllables alone, the first candidates may all hold only the given name (fifty
        # Sovaths of other families before the one Sovath Keo): only those holding each name
        # typed are candidates (``ranking.holds_each_name``, asked of the index).
        queryset = search.holding_each(queryset, typed)
    # A name spelled as typed may follow others that fold alike: look further, and put the
    # spelling typed first among matches alike.
    found = search.ranked_candidates(
        queryset, query, limit * LIKELY_POOL, need=need, likely_only=True
    )
    persons = {
        p.pk: p for p in search.Ranked(Person, [c.person_id for c in found], ("owner_agency",))
    }
    spelled = [
        replace(c, spelled=ranking.spelled_alike(names, search.person_names(persons[c.person_id])))
        for c in found
        if c.person_id in persons
    ]
    ranked = [persons[c.person_id] for c in ranking.rank(query.search, spelled)]
    return ranked[:limit]


def _persons_with_keys(alternatives: list[list[str]]) -> set[int]:
    """Persons holding every key of at least one alternative: one indexed INTERSECT each.

    Written by hand because a common name matches tens of thousands of persons and only their
    ids are wanted; model instances or ORM rows would cost more than the query.
    """
    table = connection.ops.quote_name(PersonSearchKey._meta.db_table)
    one = f"SELECT person_id FROM {table} WHERE key = %s"  # noqa: S608 - a table name, not input
    matched: set[int] = set()
    with connection.cursor() as cursor:
        for keys in alternatives:
            cursor.execute(" INTERSECT ".join([one] * len(keys)), keys)
            matched.update(row[0] for row in cursor.fetchall())
    return matched
