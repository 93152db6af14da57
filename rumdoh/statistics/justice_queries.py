"""Counts of the justice measures, grouped in the database.

Each query picks the events of the period, keeps one row per unit counted (a case, a suspect, a
person, a charge or a settlement) with ``NOT EXISTS`` on an earlier or better row, and groups
them in the database by the raw codes behind every breakdown: the principal charge's offence and
form of exploitation, the forms recorded on the case, the province, the sex... Only the grouped
rows come back; they are mapped to the published codes (class, law, form) in Python, so the
work in Python grows with the number of distinct groups, never with the number of cases.

Dates: a case reaches a stage on the date its first move into that stage carries (a file sent
back and sent again counts once, at the first sending). A charge is brought on the day the case
was charged if it was recorded by then, else on the day it was recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate

from rumdoh.justice import offences
from rumdoh.justice.choices import CONVICTIONS, ChargeLevel, Stage, SuspectKind, VerdictOutcome
from rumdoh.justice.models import Arrest, CaseVictim, Charge, Settlement, StageTransition, Verdict
from rumdoh.justice.queries import offence_rank, principal_charges
from rumdoh.statistics import justice_measures as jm
from rumdoh.statistics.dimensions import age_group
from rumdoh.statistics.periods import Period
from rumdoh.statistics.queries import in_period, nationality_group
from rumdoh.statistics.tables import Cube

Raw = dict[str, Any]
TRAFFICKING_CODES = sorted(offences.trafficking_codes())
LAW_OF = {offence.code: offence.law.value for offence in offences.OFFENCES}


# --- the pieces every query shares --------------------------------------------------------------


def on_in(field: str, period: Period) -> Q:
    """A date field within the period, both ends included."""
    return Q(**{f"{field}__range": (period.start, period.end)})


def first_moves(stage: str, period: Period) -> QuerySet[StageTransition]:
    """Each case's first move ever into ``stage``, where that move falls in the period."""
    earlier = StageTransition.objects.filter(case=OuterRef("case"), to_stage=stage).filter(
        Q(on__lt=OuterRef("on")) | Q(on=OuterRef("on"), pk__lt=OuterRef("pk"))
    )
    return StageTransition.objects.filter(on_in("on", period), to_stage=stage).filter(
        ~Exists(earlier)
    )


def first_move_of_case(stage: str, field: str, case: str = "case") -> Subquery:
    """The ``field`` of the case's first move into ``stage`` (correlated on ``case``)."""
    moves = StageTransition.objects.filter(case=OuterRef(case), to_stage=stage)
    return Subquery(moves.order_by("on", "pk").values(field)[:1])


def principal(charges: QuerySet[Charge], field: str) -> Subquery:
    """The ``field`` of the principal charge among ``charges`` (correlated)."""
    return Subquery(principal_charges(charges).values(field)[:1])


def case_charges() -> QuerySet[Charge]:
    return Charge.objects.filter(case=OuterRef("case"))


def suspect_charges() -> QuerySet[Charge]:
    return Charge.objects.filter(suspect=OuterRef("suspect"))


def police_province() -> F:
    return F("case__police_agency__province")


def prosecution_province() -> Coalesce:
    return Coalesce(
        F("case__prosecution_agency__province"),
        F("case__police_agency__province"),
        output_field=CharField(),
    )


def charges_brought(period: Period) -> QuerySet[Charge]:
    """The prosecutor's charges brought in the period.

    A case enters the charged stage once (only from "sent to the prosecutor", and it never goes
    back there), so joining each charge to its case's move into that stage adds no row.
    """
    moved = FilteredRelation(
        "case__transitions", condition=Q(case__transitions__to_stage=Stage.CHARGED.value)
    )
    brought_on = Case(
        When(recorded_at__lte=F("charging__recorded_at"), then=F("charging__on")),
        default=TruncDate("recorded_at"),
        output_field=DateField(),
    )
    return (
        Charge.objects.filter(level=ChargeLevel.CHARGED)
        .annotate(charging=moved)
        .annotate(brought_on=brought_on)
        .filter(on_in("brought_on", period))
    )


def grouped(rows: QuerySet[Any], fields: Mapping[str, Any]) -> list[Raw]:
    """One GROUP BY over ``fields`` (name -> expression); each group with its count ``n``."""
    names = list(fields)
    return list(rows.annotate(**fields).values(*names).annotate(n=Count("pk")).order_by())


def principal_fields(charges: QuerySet[Charge]) -> dict[str, Any]:
    """The raw fields behind class, law and form, from the principal of ``charges``."""
    return {
        "r_offence": principal(charges, "offence"),
        "r_form": principal(charges, "exploitation"),
        "r_forms": F("case__exploitation_types"),
    }


# --- from raw groups to published codes ---------------------------------------------------------


def offence_class(offence: str | None) -> str:
    if not offence:
        return jm.NO_CHARGE
    return jm.TRAFFICKING if offences.is_trafficking(offence) else jm.RELATED


def law_code(offence: str | None) -> str:
    if not offence:
        return jm.NO_LAW
    return LAW_OF.get(offence, jm.OTHER)


def form_code(charge_form: str | None, case_forms: object) -> str:
    """The charge's form; else the case's only recorded form, or "several", or "not stated"."""
    if charge_form:
        return charge_form
    forms = [f for f in case_forms if f] if isinstance(case_forms, list) else []
    if len(forms) == 1:
        return str(forms[0])
    return jm.SEVERAL_FORMS if forms else jm.FORM_NOT_STATED


def suspect_sex(kind: str | None, sex: str | None) -> str:
    return jm.COMPANY if kind == SuspectKind.LEGAL else str(sex or "")


Mapper = Callable[[Raw], dict[str, str]]


def standard(raw: Raw) -> dict[str, str]:
    """Class, law and form of a raw group, from its principal charge."""
    return {
        "column": offence_class(raw.get("r_offence")),
        "law": law_code(raw.get("r_offence")),
        "offence": str(raw.get("r_offence") or jm.OTHER),
        "exploitation": form_code(raw.get("r_form"), raw.get("r_forms")),
    }


def to_cube(measure: jm.JusticeMeasure, rows: Iterable[Raw], extra: Mapper | None = None) -> Cube:
    """Sum the raw groups into the measure's cube: (one code per dimension..., column).

    Class, law, offence and form come from the principal charge (``standard``); any other raw
    field ``r_<dimension>`` gives that dimension's code as it is; ``extra`` derives the rest.
    """
    cube: Cube = {}
    for raw in rows:
        codes = standard(raw)
        for name, value in raw.items():
            if name.startswith("r_") and name[2:] not in codes:
                codes[name[2:]] = str(value)
        if extra is not None:
            codes.update(extra(raw))
        key = (*(codes.get(dim.key, "") for dim in measure.dimensions), codes["column"])
        cube[key] = cube.get(key, 0) + int(raw["n"])
    return cube


# --- the measures -------------------------------------------------------------------------------


def _case_moves(
    measure: jm.JusticeMeasure, moves: QuerySet[StageTransition], province: Any
) -> Cube:
    fields = {**principal_fields(case_charges()), "r_province": province}
    if any(dim.key == "closure" for dim in measure.dimensions):
        fields["r_closure"] = F("closure")
    return to_cube(measure, grouped(moves, fields))


def investigations(period: Period) -> Cube:
    moves = first_moves(Stage.INVESTIGATION.value, period)
    return _case_moves(jm.INVESTIGATIONS, moves, police_province())


def cases_sent(period: Period) -> Cube:
    moves = first_moves(Stage.SENT_TO_PROSECUTOR.value, period)
    return _case_moves(jm.CASES_SENT, moves, police_province())


def cases_charged(period: Period) -> Cube:
    moves = first_moves(Stage.CHARGED.value, period)
    return _case_moves(jm.CASES_CHARGED, moves, prosecution_province())


def cases_closed_early(period: Period) -> Cube:
    moves = first_moves(Stage.FINAL.value, period).filter(closure__in=jm.EARLY_CLOSURES)
    return _case_moves(jm.CASES_CLOSED, moves, police_province())


def _suspect_fields(charges: QuerySet[Charge], province: Any) -> dict[str, Any]:
    return {
        **principal_fields(charges),
        "r_province": province,
        "r_kind": F("suspect__kind"),
        "r_sex": F("suspect__sex"),
    }


def _with_suspect_sex(raw: Raw) -> dict[str, str]:
    return {"suspect_sex": suspect_sex(raw.get("r_kind"), raw.get("r_sex"))}


def suspects_arrested(period: Period) -> Cube:
    """Each suspect once, at their first arrest in the period, filed by their own charges."""
    arrests = Arrest.objects.filter(in_period("arrested_at", period))
    earlier = arrests.filter(suspect=OuterRef("suspect")).filter(
        Q(arrested_at__lt=OuterRef("arrested_at"))
        | Q(arrested_at=OuterRef("arrested_at"), pk__lt=OuterRef("pk"))
    )
    firsts = arrests.filter(~Exists(earlier))
    fields = _suspect_fields(suspect_charges(), F("agency__province"))
    return to_cube(jm.SUSPECTS_ARRESTED, grouped(firsts, fields), _with_suspect_sex)


def suspects_charged(period: Period) -> Cube:
    """Each suspect once, on the day of their first charge, if that day is in the period."""
    earlier = Charge.objects.filter(suspect=OuterRef("suspect"), level=ChargeLevel.CHARGED).filter(
        Q(recorded_at__lt=OuterRef("recorded_at"))
        | Q(recorded_at=OuterRef("recorded_at"), pk__lt=OuterRef("pk"))
    )
    firsts = charges_brought(period).filter(~Exists(earlier))
    fields = _suspect_fields(suspect_charges(), prosecution_province())
    return to_cube(jm.SUSPECTS_CHARGED, grouped(firsts, fields), _with_suspect_sex)


def charges(period: Period) -> Cube:
    """Every charge brought in the period, under its own offence."""
    fields = {
        "r_offence": F("offence"),
        "r_form": F("exploitation"),
        "r_forms": F("case__exploitation_types"),
        "r_province": prosecution_province(),
    }
    return to_cube(jm.CHARGES, grouped(charges_brought(period), fields))


def _principal_verdicts(verdicts: QuerySet[Verdict]) -> QuerySet[Verdict]:
    """Of each defendant's verdicts in ``verdicts``, the one on the principal charge."""
    ranked = verdicts.annotate(rank=offence_rank("charge__offence"))
    better = ranked.filter(charge__suspect=OuterRef("charge__suspect")).filter(
        Q(rank__lt=OuterRef("rank")) | Q(rank=OuterRef("rank"), pk__lt=OuterRef("pk"))
    )
    return ranked.filter(~Exists(better))


def _verdict_fields() -> dict[str, Any]:
    return {
        "r_offence": F("charge__offence"),
        "r_form": F("charge__exploitation"),
        "r_forms": F("case__exploitation_types"),
        "r_province": F("court_agency__province"),
        "r_kind": F("charge__suspect__kind"),
        "r_sex": F("charge__suspect__sex"),
        "r_outcome": F("outcome"),
    }


def _convictions(period: Period) -> QuerySet[Verdict]:
    return Verdict.objects.filter(on_in("decided_on", period), outcome__in=CONVICTIONS)


def suspects_convicted(period: Period) -> Cube:
    """Each defendant convicted in the period once, filed by the charges they were convicted of."""
    rows = grouped(_principal_verdicts(_convictions(period)), _verdict_fields())
    return to_cube(
        jm.SUSPECTS_CONVICTED,
        rows,
        lambda raw: {**_with_suspect_sex(raw), "conviction": str(raw["r_outcome"])},
    )


def acquittals(period: Period) -> Cube:
    """Defendants whose verdicts in the period were all acquittals or dismissals, each once."""
    convicted = _convictions(period).filter(charge__suspect=OuterRef("charge__suspect"))
    verdicts = Verdict.objects.filter(
        on_in("decided_on", period),
        outcome__in=[VerdictOutcome.ACQUITTED, VerdictOutcome.DISMISSED],
    ).filter(~Exists(convicted))
    rows = grouped(_principal_verdicts(verdicts), _verdict_fields())
    return to_cube(jm.ACQUITTALS, rows, _with_suspect_sex)


def settlements(period: Period) -> Cube:
    """Settlements and withdrawals as recorded, by the date agreed."""
    rows = Settlement.objects.filter(on_in("agreed_on", period))
    fields = {
        **principal_fields(case_charges()),
        "r_province": police_province(),
        "r_kind": F("kind"),
        "r_proposed_by": F("proposed_by"),
    }
    return to_cube(jm.SETTLEMENTS, grouped(rows, fields))


def same_person() -> Q:
    """The row's person is the outer row's: the same blinded key, or the same record when the
    person has no key (``queries.linkage_key``). Written on the indexed key column itself, so the
    database looks the person up instead of comparing every row."""
    same_key = Q(person__person_key=OuterRef("person__person_key"))
    return same_key & (~Q(person__person_key="") | Q(person_id=OuterRef("person_id")))


def victims_in_prosecuted_cases(period: Period) -> Cube:
    """The people who are victims in cases first charged in the period, each once.

    Matched across records by the blinded ``person_key``; a person in several such cases is
    counted under a trafficking case if there is one, else under their first.
    """
    charged = first_moves(Stage.CHARGED.value, period).values("case")
    rank = Case(
        When(p_offence__in=TRAFFICKING_CODES, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    ranked = CaseVictim.objects.annotate(p_offence=principal(case_charges(), "offence")).annotate(
        rank=rank
    )
    # The other rows of the same person: found by the person first, then checked for the case
    # (a case list to probe for every person would be slower).
    in_charged_case = Exists(first_moves(Stage.CHARGED.value, period).filter(case=OuterRef("case")))
    better = (
        ranked.filter(same_person())
        .filter(in_charged_case)
        .filter(Q(rank__lt=OuterRef("rank")) | Q(rank=OuterRef("rank"), pk__lt=OuterRef("pk")))
    )
    firsts = ranked.filter(case__in=charged).filter(~Exists(better))
    fields = {
        "r_offence": F("p_offence"),
        "r_province": prosecution_province(),
        "r_sex": F("person__sex"),
        "r_nationality": nationality_group("person__nationality"),
        "r_birth_year": F("person__birth_year"),
        "r_charged_on": first_move_of_case(Stage.CHARGED.value, "on"),
    }

    def people(raw: Raw) -> dict[str, str]:
        birth_year, charged_on = raw.get("r_birth_year"), raw.get("r_charged_on")
        age = None
        if birth_year is not None and isinstance(charged_on, date):
            age = charged_on.year - int(birth_year)
        return {"sex": str(raw.get("r_sex")), "age": age_group(age)}

    return to_cube(jm.VICTIMS_CHARGED, grouped(firsts, fields), people)


QUERIES: dict[str, Callable[[Period], Cube]] = {
    jm.INVESTIGATIONS.key: investigations,
    jm.CASES_SENT.key: cases_sent,
    jm.CASES_CHARGED.key: cases_charged,
    jm.SUSPECTS_ARRESTED.key: suspects_arrested,
    jm.SUSPECTS_CHARGED.key: suspects_charged,
    jm.CHARGES.key: charges,
    jm.SUSPECTS_CONVICTED.key: suspects_convicted,
    jm.VICTIMS_CHARGED.key: victims_in_prosecuted_cases,
    jm.ACQUITTALS.key: acquittals,
    jm.SETTLEMENTS.key: settlements,
    jm.CASES_CLOSED.key: cases_closed_early,
}


def cube_for(measure: jm.JusticeMeasure, period: Period) -> Cube:
    # PostgreSQL connections run without JIT (settings), which these many small correlated
    # lookups would otherwise pay for: about 0.5 s a query.
    return QUERIES[measure.key](period)


# --- time between stages ------------------------------------------------------------------------

Durations = dict[str, dict[int, int]]  # class -> days -> number of cases


def durations(step: jm.Step, period: Period) -> Durations:
    """How many cases took each number of days for ``step``, by class.

    The cases counted completed the step in the period: their first move into the step's target
    stage falls in it, and they had been in the source stage before.
    """
    class_of = Case(
        When(r_offence__in=TRAFFICKING_CODES, then=Value(jm.TRAFFICKING)),
        default=Value(jm.RELATED),
        output_field=CharField(),
    )
    moves = (
        first_moves(step.target, period)
        .annotate(start_on=first_move_of_case(step.source, "on"))
        .filter(start_on__isnull=False)
        .annotate(r_offence=principal(case_charges(), "offence"))
    )
    days_between = ExpressionWrapper(F("on") - F("start_on"), output_field=DurationField())
    rows = grouped(moves, {"r_class": class_of, "r_days": days_between})
    found: Durations = {}
    for raw in rows:  # one row per class and number of days
        days = raw["r_days"]
        days = days.days if isinstance(days, timedelta) else int(days or 0)
        by_days = found.setdefault(str(raw["r_class"]), {})
        by_days[days] = by_days.get(days, 0) + int(raw["n"])
    return found
