"""Which cases count as trafficking: the helpers the national figures are built on.

A case's class follows its charges at the furthest level reached: the prosecutor's charges once
there are any, the police's recommended charges before that. A case is a *trafficking* case if
one of those charges is a trafficking offence of the catalogue; a case charged only under other
laws (rape, illegal entry, unlawful confinement...) is a *related offence* case — visible, counted
apart, never as trafficking.
"""

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)

from rumdoh.justice.choices import ChargeLevel
from rumdoh.justice.models import Charge, CriminalCase
from rumdoh.justice.rules import offences

TRAFFICKING = "trafficking"
RELATED = "related"


def _has(level: str, trafficking: bool | None = None) -> Exists:
    charges = Charge.objects.filter(case=OuterRef("pk"), level=level)
    codes = sorted(offences.trafficking_codes())
    if trafficking is True:
        charges = charges.filter(offence__in=codes)
    elif trafficking is False:
        charges = charges.exclude(offence__in=codes)
    return Exists(charges)


def _trafficking_q() -> Q:
    charged = ChargeLevel.CHARGED
    recommended = ChargeLevel.RECOMMENDED
    return Q(_has(charged, True)) | (~Q(_has(charged)) & Q(_has(recommended, True)))


def _classified_q() -> Q:
    return Q(_has(ChargeLevel.CHARGED)) | Q(_has(ChargeLevel.RECOMMENDED))


def trafficking_cases(cases: QuerySet[CriminalCase] | None = None) -> QuerySet[CriminalCase]:
    """Cases whose governing charges include a trafficking offence."""
    cases = CriminalCase.objects.all() if cases is None else cases
    return cases.filter(_trafficking_q())


def related_offence_cases(cases: QuerySet[CriminalCase] | None = None) -> QuerySet[CriminalCase]:
    """Cases with charges, none of them (at the governing level) a trafficking offence."""
    cases = CriminalCase.objects.all() if cases is None else cases
    return cases.filter(_classified_q()).exclude(_trafficking_q())


def trafficking_charges(charges: QuerySet[Charge] | None = None) -> QuerySet[Charge]:
    charges = Charge.objects.all() if charges is None else charges
    return charges.filter(offence__in=sorted(offences.trafficking_codes()))


def offence_class(case: CriminalCase) -> str:
    """``trafficking``, ``related``, or ``""`` while no charge is recorded."""
    levels = list(case.charges.values_list("level", "offence"))
    charged = [code for level, code in levels if level == ChargeLevel.CHARGED]
    governing = charged or [code for level, code in levels if level == ChargeLevel.RECOMMENDED]
    return offences.classify(governing)


def class_of(case: CriminalCase) -> str:
    """``offence_class``, read from ``with_class``'s annotations when a list has them."""
    if hasattr(case, "is_classified"):
        if getattr(case, "is_trafficking", False):
            return TRAFFICKING
        return RELATED if case.is_classified else ""
    return offence_class(case)


def with_class(cases: QuerySet[CriminalCase]) -> QuerySet[CriminalCase]:
    """Annotate ``is_trafficking`` and ``is_classified`` for lists (no query per row)."""
    return cases.annotate(
        is_trafficking=ExpressionWrapper(_trafficking_q(), output_field=BooleanField()),
        is_classified=ExpressionWrapper(_classified_q(), output_field=BooleanField()),
    )


def filter_class(cases: QuerySet[CriminalCase], wanted: str) -> QuerySet[CriminalCase]:
    if wanted == TRAFFICKING:
        return trafficking_cases(cases)
    if wanted == RELATED:
        return related_offence_cases(cases)
    if wanted == "none":
        return cases.exclude(_classified_q())
    return cases


def offence_rank(field: str = "offence") -> Case:
    """The place of an offence code in the catalogue, trafficking offences first (SQL)."""
    ordered = sorted(offences.OFFENCES, key=lambda offence: not offence.trafficking)
    whens = [When(**{field: o.code}, then=Value(i)) for i, o in enumerate(ordered)]
    return Case(*whens, default=Value(len(ordered)), output_field=IntegerField())


def principal_charges(charges: QuerySet[Charge]) -> QuerySet[Charge]:
    """``charges`` with the principal one first: the governing level (the prosecutor's charges
    before the police's recommendations), then trafficking offences, then catalogue order.

    The first of a case's (or a suspect's) charges in this order is a trafficking offence exactly
    when the case (or suspect) counts as trafficking, so one charge gives the class, the law and
    the form of exploitation the national figures file it under.
    """
    level_rank = Case(
        When(level=ChargeLevel.CHARGED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return charges.annotate(level_rank=level_rank, offence_rank=offence_rank()).order_by(
        "level_rank", "offence_rank", "pk"
    )
