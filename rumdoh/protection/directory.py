"""The bridge between the directory's rows and the pure matching rules, and reason messages."""

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from rumdoh.core.places import NATIONALITIES, PROVINCES
from rumdoh.people.models import Person
from rumdoh.protection.choices import ReferralStatus, ServiceArea, Sexes
from rumdoh.protection.models import Referral, ServiceProvider
from rumdoh.protection.rules import matching


def as_candidate(provider: ServiceProvider) -> matching.Provider:
    return matching.Provider(
        id=provider.pk,
        name=provider.name,
        province=provider.province,
        services=frozenset(provider.services or []),
        free_places=provider.free_places,
        sexes=frozenset(provider.sexes or []),
        min_age=provider.min_age,
        max_age=provider.max_age,
        nationalities=frozenset(provider.nationalities or []),
        languages=frozenset(provider.languages or []),
    )


def as_victim(person: Person, needs: Iterable[str], province: str = "") -> matching.Victim:
    if not province and person.province in PROVINCES:
        province = person.province
    return matching.Victim(
        needs=frozenset(needs),
        sex=person.sex,
        age=person.age_on(timezone.localdate().year),
        nationality=person.nationality,
        languages=frozenset(person.languages or []),
        province=province,
    )


# The providers taking referrals: active, of an agency that is still active (a closed agency has
# nobody left to answer a referral, which would wait for ever).
TAKING_REFERRALS = Q(is_active=True, agency__is_active=True)


def in_directory(providers: QuerySet[ServiceProvider]) -> QuerySet[ServiceProvider]:
    """The providers of ``providers`` taking referrals (``TAKING_REFERRALS``)."""
    return providers.filter(TAKING_REFERRALS)


def declined_provider_ids(person: Person) -> set[int]:
    declined = Referral.objects.filter(person=person, status=ReferralStatus.DECLINED)
    return set(declined.values_list("provider_id", flat=True))


def match_for(
    person: Person, needs: Iterable[str], province: str = "", exclude: Iterable[int] = ()
) -> tuple[matching.MatchResult, dict[int, ServiceProvider]]:
    """Match the active directory for ``person``; also returns the rows by id for display."""
    rows = {p.pk: p for p in in_directory(ServiceProvider.objects.all()).select_related("agency")}
    victim = as_victim(person, needs, province)
    result = matching.match_providers(victim, [as_candidate(p) for p in rows.values()], exclude)
    return result, rows


def _label(choices: type[ServiceArea] | type[Sexes], code: object) -> str:
    try:
        return str(choices(str(code)).label)
    except ValueError:
        return str(code)


def reason_message(reason: matching.Reason) -> str:
    """The reason in the user's language."""
    p = dict(reason.params)
    messages = {
        matching.NO_PLACES: lambda: _("no free places"),
        matching.SEX_NOT_ACCEPTED: lambda: (
            _("does not accept: %(sex)s") % {"sex": _label(Sexes, p["sex"])}
        ),
        matching.AGE_OUTSIDE: lambda: _("age %(age)s outside %(min)s-%(max)s") % p,
        matching.NATIONALITY_NOT_ACCEPTED: lambda: (
            _("does not accept nationality: %(n)s")
            % {"n": NATIONALITIES.get(str(p["nationality"]), (p["nationality"],))[0]}
        ),
        matching.NO_COMMON_LANGUAGE: lambda: _("no staff speak the person's languages"),
        matching.SERVICE_MISSING: lambda: (
            _("does not provide: %(service)s") % {"service": _label(ServiceArea, p["service"])}
        ),
        matching.ALREADY_DECLINED: lambda: _("has declined this person"),
        matching.AGE_UNKNOWN: lambda: _("age not known; accepts ages %(min)s-%(max)s") % p,
        matching.SEX_UNKNOWN: lambda: _("sex not known; accepts only some"),
    }
    render = messages.get(reason.code)
    return render() if render else reason.code
