"""Which service providers can take a victim, best first, and why the others cannot (pure).

Codes in, codes out: service areas, sexes, nationalities and languages are the codes stored in the
database; the reasons are codes with parameters that the pages and the API translate.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Victim:
    needs: frozenset[str]
    sex: str = "unknown"
    age: int | None = None
    nationality: str = ""
    languages: frozenset[str] = frozenset()
    province: str = ""


@dataclass(frozen=True)
class Provider:
    """What a provider offers and whom it accepts; an empty set means "any"."""

    id: int
    name: str
    province: str
    services: frozenset[str]
    free_places: int
    sexes: frozenset[str] = frozenset()
    min_age: int | None = None
    max_age: int | None = None
    nationalities: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Reason:
    """Why a provider does not fit (or a caveat on one that does): a code and its parameters."""

    code: str
    params: tuple[tuple[str, str | int], ...] = ()

    def param(self, name: str) -> str | int | None:
        return dict(self.params).get(name)

    @property
    def text(self) -> str:
        """An untranslated English rendering, for logs and tests."""
        template = TEMPLATES.get(self.code, self.code)
        return template.format(**dict(self.params))


NO_PLACES = "no_places"
SEX_NOT_ACCEPTED = "sex_not_accepted"
AGE_OUTSIDE = "age_outside"
NATIONALITY_NOT_ACCEPTED = "nationality_not_accepted"
NO_COMMON_LANGUAGE = "no_common_language"
SERVICE_MISSING = "service_missing"
ALREADY_DECLINED = "already_declined"
AGE_UNKNOWN = "age_unknown"
SEX_UNKNOWN = "sex_unknown"

TEMPLATES: dict[str, str] = {
    NO_PLACES: "no places",
    SEX_NOT_ACCEPTED: "does not accept {sex}",
    AGE_OUTSIDE: "age {age} outside {min}-{max}",
    NATIONALITY_NOT_ACCEPTED: "does not accept nationality {nationality}",
    NO_COMMON_LANGUAGE: "no common language",
    SERVICE_MISSING: "does not provide: {service}",
    ALREADY_DECLINED: "already declined this person",
    AGE_UNKNOWN: "age not known; provider accepts {min}-{max}",
    SEX_UNKNOWN: "sex not known; provider accepts only some",
}


@dataclass(frozen=True)
class Match:
    provider: Provider
    same_province: bool
    caveats: tuple[Reason, ...] = ()


@dataclass(frozen=True)
class Rejection:
    provider: Provider
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class MatchResult:
    matches: list[Match] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)


def _age_bounds(provider: Provider) -> tuple[int, int]:
    low = provider.min_age if provider.min_age is not None else 0
    high = provider.max_age if provider.max_age is not None else 120
    return low, high


def _has_age_limit(provider: Provider) -> bool:
    return provider.min_age is not None or provider.max_age is not None


def age_reasons(victim: Victim, provider: Provider) -> list[Reason]:
    if not _has_age_limit(provider) or victim.age is None:
        return []
    low, high = _age_bounds(provider)
    if low <= victim.age <= high:
        return []
    return [Reason(AGE_OUTSIDE, (("age", victim.age), ("min", low), ("max", high)))]


def sex_reasons(victim: Victim, provider: Provider) -> list[Reason]:
    if not provider.sexes or victim.sex == "unknown" or victim.sex in provider.sexes:
        return []
    return [Reason(SEX_NOT_ACCEPTED, (("sex", victim.sex),))]


def nationality_reasons(victim: Victim, provider: Provider) -> list[Reason]:
    if not provider.nationalities or not victim.nationality:
        return []
    if victim.nationality in provider.nationalities:
        return []
    return [Reason(NATIONALITY_NOT_ACCEPTED, (("nationality", victim.nationality),))]


def language_reasons(victim: Victim, provider: Provider) -> list[Reason]:
    if not provider.languages or not victim.languages:
        return []
    if victim.languages & provider.languages:
        return []
    return [Reason(NO_COMMON_LANGUAGE)]


def service_reasons(victim: Victim, provider: Provider) -> list[Reason]:
    missing = sorted(victim.needs - provider.services)
    return [Reason(SERVICE_MISSING, (("service", code),)) for code in missing]


def place_reasons(provider: Provider) -> list[Reason]:
    return [] if provider.free_places > 0 else [Reason(NO_PLACES)]


def reasons_against(victim: Victim, provider: Provider) -> list[Reason]:
    """Every reason the provider cannot take the victim; empty when it can."""
    return [
        *place_reasons(provider),
        *sex_reasons(victim, provider),
        *age_reasons(victim, provider),
        *nationality_reasons(victim, provider),
        *language_reasons(victim, provider),
        *service_reasons(victim, provider),
    ]


def caveats(victim: Victim, provider: Provider) -> tuple[Reason, ...]:
    """Things staff must check by hand because the victim's details are not known."""
    found: list[Reason] = []
    if victim.age is None and _has_age_limit(provider):
        low, high = _age_bounds(provider)
        found.append(Reason(AGE_UNKNOWN, (("min", low), ("max", high))))
    if victim.sex == "unknown" and provider.sexes:
        found.append(Reason(SEX_UNKNOWN))
    return tuple(found)


def _rank(victim: Victim, match: Match) -> tuple[int, int, int, int, str, int]:
    provider = match.provider
    extra_services = len(provider.services - victim.needs)
    return (
        0 if match.same_province else 1,
        len(match.caveats),
        -provider.free_places,
        -extra_services,
        provider.name.casefold(),
        provider.id,
    )


def match_providers(
    victim: Victim, providers: Iterable[Provider], exclude: Iterable[int] = ()
) -> MatchResult:
    """Providers that can take ``victim``, ranked, and the reasons against all the others.

    Ranking: same province as the victim's preference first, then fewer unknowns to check, then
    more free places, then broader services, then by name.
    """
    excluded = frozenset(exclude)
    result = MatchResult()
    for provider in providers:
        if provider.id in excluded:
            result.rejections.append(Rejection(provider, (Reason(ALREADY_DECLINED),)))
            continue
        against = reasons_against(victim, provider)
        if against:
            result.rejections.append(Rejection(provider, tuple(against)))
            continue
        same = bool(victim.province) and provider.province == victim.province
        result.matches.append(Match(provider, same, caveats(victim, provider)))
    result.matches.sort(key=lambda m: _rank(victim, m))
    result.rejections.sort(key=lambda r: (len(r.reasons), r.provider.name.casefold()))
    return result


def matching_ids(result: MatchResult) -> list[int]:
    return [m.provider.id for m in result.matches]


def reason_codes(rejection: Rejection) -> Sequence[str]:
    return [r.code for r in rejection.reasons]
