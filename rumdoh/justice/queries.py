"""Which cases count as trafficking: the helpers the national figures are built on; and the case
list's filters, which the page and the API apply alike (``filtered_cases``).

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
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate

from rumdoh.accounts.models import User
from rumdoh.core.person_numbers import parse_person_number
from rumdoh.core.rules.references import parse_reference
from rumdoh.justice import access
from rumdoh.justice.choices import ChargeLevel, Stage
from rumdoh.justice.models import CaseVictim, Charge, CriminalCase, StageTransition, SuspectKey
from rumdoh.justice.rules import offences
from rumdoh.justice.services import search_keys_for

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


def with_opened_on(cases: QuerySet[CriminalCase]) -> QuerySet[CriminalCase]:
    """Annotate ``opening_day`` for lists (no query per row): the date of each case's first
    move, which ``CriminalCase.opened_on`` reads for one case."""
    opening = StageTransition.objects.filter(case=OuterRef("pk"), from_stage="")
    first = Subquery(opening.order_by("on", "id").values("on")[:1])
    return cases.annotate(opening_day=Coalesce(first, TruncDate("opened_at")))


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


def filtered_cases(
    user: User,
    cases: QuerySet[CriminalCase],
    *,
    q: str = "",
    stage: str = "",
    offence_class: str = "",
    province: str = "",
    state: str = "",
) -> QuerySet[CriminalCase]:
    """``cases`` narrowed by the filters of the case list (``CaseFilterForm``'s cleaned data),
    newest first: ``q`` a J-number, a victim's P-number, or (in the cases ``user``'s agency takes
    part in) a suspect's name, alias or handle; ``stage`` and ``province`` as stored;
    ``offence_class`` ``trafficking``, ``related`` or ``none``; ``state`` ``open`` or ``final``."""
    if q:
        cases = cases.filter(_search(user, q))
    if stage:
        cases = cases.filter(stage=stage)
    if state == "open":
        cases = cases.exclude(stage=Stage.FINAL)
    elif state == "final":
        cases = cases.filter(stage=Stage.FINAL)
    if province:
        cases = cases.filter(province=province)
    return filter_class(cases, offence_class).order_by("-opened_at", "-id")


def _search(user: User, text: str) -> Q:
    """J-number, P-number of a victim, or (for participants) a suspect's name, alias or handle.
    Each a subquery, not a join: a case is listed once however many victims or suspects match."""
    case_number = parse_reference(text, "J")
    person_number = parse_person_number(text)
    if case_number is not None or person_number is not None:
        # Each by its own number only: a person number of None would match the cases without.
        victims = CaseVictim.objects.filter(person_id=person_number or 0).values("case_id")
        return Q(pk=case_number or 0) | Q(pk__in=victims)
    suspects = SuspectKey.objects.filter(key__in=search_keys_for(text)).values("suspect__case_id")
    own = access.participating_cases(user).filter(pk__in=suspects)
    return Q(pk__in=own.values("pk"))
