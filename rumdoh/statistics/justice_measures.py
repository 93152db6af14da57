"""What the justice statistics count, in which columns and by which breakdowns.

Every justice measure has the same columns: **trafficking offences** and **related offences only**
(plus **no charge recorded yet** where a case or suspect can be counted before any charge). A case
or suspect is filed under trafficking only if charged under a trafficking article of the offence
catalogue, or, before the prosecutor charges, if the police recommended one; a case charged only
with rape, illegal entry or another related offence is always filed under related offences. The
class follows the charges as they stand now, so the figures for a past period can move as cases
move on.

**Principal charge.** A case or suspect often has several charges, under several laws and for
several forms of exploitation. To keep each table adding up (so that suppression can protect it),
each is filed under one *principal* charge: the governing charges (the prosecutor's, else the
police's recommendations), trafficking offences first, then in catalogue order. Its law and its
form of exploitation are the ones shown; where the charge names no form, the form the police
recorded on the case (or "several forms" where they recorded more than one). Every charge is
counted on its own, under its own law, in "Charges brought".

Each measure is suppressed with its own tables linked; no published figure is the sum of figures
of another measure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rumdoh.justice.choices import (
    Closure,
    Proposer,
    SettlementKind,
    Stage,
    VerdictOutcome,
)
from rumdoh.justice.rules import offences
from rumdoh.people.models import Sex
from rumdoh.statistics import dimensions as d
from rumdoh.statistics.dimensions import Dimension
from rumdoh.statistics.measures import Measure

TRAFFICKING = "trafficking"
RELATED = "related"
NO_CHARGE = "none"
ALL = "all"

CLASS_LABELS: dict[str, str | Promise] = {
    TRAFFICKING: _("Trafficking offences"),
    RELATED: _("Related offences only"),
    NO_CHARGE: _("No charge recorded yet"),
    ALL: _("All cases"),
}

CHARGED_CLASSES = (TRAFFICKING, RELATED)
ALL_CLASSES = (TRAFFICKING, RELATED, NO_CHARGE)


@dataclass(frozen=True)
class JusticeMeasure(Measure):
    """A measure of the justice section: its own breakdowns, given each time."""


# --- breakdowns -------------------------------------------------------------------------------

NO_LAW = "none"
OTHER = "other"
SEVERAL_FORMS = d.SEVERAL_FORMS
FORM_NOT_STATED = d.FORM_NOT_STATED
COMPANY = "company"


def _choice_names(
    choices: Iterable[tuple[str, str | Promise]], extra: dict[str, str | Promise]
) -> Callable[[str, str], str]:
    names: dict[str, str | Promise] = {**dict(choices), **extra}

    def name(code: str, language: str) -> str:
        return str(names.get(code, code))

    return name


def _law_name(code: str, language: str) -> str:
    if code == NO_LAW:
        return str(_("No charge recorded yet"))
    if code == OTHER:
        return str(_("Other law"))
    english, khmer = offences.LAW_LABELS[offences.Law(code)]
    return khmer if language.startswith("km") else english


def offence_name(code: str, language: str) -> str:
    offence = offences.get(code)
    if offence is None:
        return str(_("Other offence"))
    values = {"offence": offence.label(language), "law": offence.law_label(language)}
    if offence.article:
        return str(
            _("%(offence)s (%(law)s, art. %(article)s)") % {**values, "article": offence.article}
        )
    return str(_("%(offence)s (%(law)s)") % values)


LAW_CODES = tuple(law.value for law in offences.Law)


def _law(with_none: bool) -> Dimension:
    codes = (*LAW_CODES, NO_LAW, OTHER) if with_none else (*LAW_CODES, OTHER)
    return Dimension("law", _("Law"), codes, OTHER, _law_name, fallback_only_when_used=True)


LAW = _law(with_none=False)
LAW_OR_NONE = _law(with_none=True)
OFFENCE = Dimension(
    "offence",
    _("Offence"),
    (*(o.code for o in offences.OFFENCES), OTHER),
    OTHER,
    offence_name,
    fallback_only_when_used=True,
)
EXPLOITATION = d.EXPLOITATION
SUSPECT_SEX = Dimension(
    "suspect_sex",
    _("Sex of the suspect"),
    (*Sex.values, COMPANY),
    Sex.UNKNOWN.value,
    _choice_names(Sex.choices, {COMPANY: _("Company or organisation")}),
)
CONVICTION = Dimension(
    "conviction",
    _("Verdict"),
    (VerdictOutcome.CONVICTED.value, VerdictOutcome.CONVICTED_IN_ABSENTIA.value),
    VerdictOutcome.CONVICTED.value,
    _choice_names(VerdictOutcome.choices, {}),
)
OUTCOME = Dimension(
    "outcome",
    _("Verdict"),
    (VerdictOutcome.ACQUITTED.value, VerdictOutcome.DISMISSED.value),
    VerdictOutcome.ACQUITTED.value,
    _choice_names(VerdictOutcome.choices, {}),
)
SETTLEMENT_KIND = Dimension(
    "kind",
    _("Kind"),
    tuple(SettlementKind.values),
    SettlementKind.SETTLEMENT.value,
    _choice_names(SettlementKind.choices, {}),
)
PROPOSER = Dimension(
    "proposed_by",
    _("Proposed by"),
    tuple(Proposer.values),
    Proposer.OTHER.value,
    _choice_names(Proposer.choices, {}),
)
EARLY_CLOSURES = tuple(c for c in Closure.values if c != Closure.JUDGMENT)
CLOSURE = Dimension(
    "closure",
    _("How it ended"),
    EARLY_CLOSURES,
    Closure.DROPPED.value,
    _choice_names(Closure.choices, {}),
)
PROVINCE, VICTIM_SEX, VICTIM_AGE, VICTIM_NATIONALITY = d.DIMENSIONS


def _columns(classes: tuple[str, ...]) -> tuple[tuple[str, str | Promise], ...]:
    return tuple((code, CLASS_LABELS[code]) for code in classes)


# --- measures ---------------------------------------------------------------------------------

INVESTIGATIONS = JusticeMeasure(
    "investigations",
    _("Investigations opened"),
    _columns(ALL_CLASSES),
    _("Investigations opened"),
    _("Criminal cases opened by the police in the period, by the police unit's province."),
    (PROVINCE, LAW_OR_NONE, EXPLOITATION),
)
STILL_OPEN = JusticeMeasure(
    "investigations_still_open",
    _("Investigations still open at the end of the period"),
    _columns(ALL_CLASSES),
    _("Investigations still open"),
    _(
        "Of the criminal cases opened in the period, those still under investigation on its last "
        "day (not yet sent to the prosecutor, or sent back for further investigation, and not "
        "closed), by the police unit's province."
    ),
    (PROVINCE, LAW_OR_NONE, EXPLOITATION),
)
CASES_SENT = JusticeMeasure(
    "cases_sent",
    _("Case files sent to the prosecutor"),
    _columns(CHARGED_CLASSES),
    _("Case files sent"),
    _(
        "Cases whose file first reached the prosecutor in the period (a file sent back and sent "
        "again counts once), by the police unit's province."
    ),
    (PROVINCE, LAW, EXPLOITATION),
)
CASES_CHARGED = JusticeMeasure(
    "cases_charged",
    _("Cases prosecuted"),
    _columns(CHARGED_CLASSES),
    _("Cases prosecuted"),
    _("Cases first charged by the prosecutor in the period, by the prosecutor's province."),
    (PROVINCE, LAW, EXPLOITATION),
)
SUSPECTS_ARRESTED = JusticeMeasure(
    "suspects_arrested",
    _("Suspects arrested"),
    _columns(ALL_CLASSES),
    _("Suspects arrested"),
    _(
        "Suspects arrested in the period, each once, by the arresting unit's province; filed by "
        "their own charges."
    ),
    (PROVINCE, LAW_OR_NONE, EXPLOITATION, SUSPECT_SEX),
)
SUSPECTS_CHARGED = JusticeMeasure(
    "suspects_charged",
    _("Suspects prosecuted"),
    _columns(CHARGED_CLASSES),
    _("Suspects prosecuted"),
    _(
        "Suspects (people and companies) first charged by the prosecutor in the period, by the "
        "prosecutor's province; filed by their own charges."
    ),
    (PROVINCE, LAW, EXPLOITATION, SUSPECT_SEX),
)
CHARGES = JusticeMeasure(
    "charges",
    _("Charges brought"),
    _columns(CHARGED_CLASSES),
    _("Charges brought"),
    _(
        "Every charge the prosecutor brought in the period, each under its own law and article; "
        "a suspect with three charges counts three times."
    ),
    (OFFENCE, LAW, EXPLOITATION, PROVINCE),
)
SUSPECTS_CONVICTED = JusticeMeasure(
    "suspects_convicted",
    _("Suspects convicted"),
    _columns(CHARGED_CLASSES),
    _("Suspects convicted"),
    _(
        "Defendants convicted (present or in absentia) in the period, each once, by the court's "
        "province; filed by the charges they were convicted of, so a conviction for rape alone "
        "is never a trafficking conviction."
    ),
    (PROVINCE, LAW, EXPLOITATION, SUSPECT_SEX, CONVICTION),
)
ACQUITTALS = JusticeMeasure(
    "acquittals",
    _("Attrition: defendants acquitted or dismissed"),
    _columns(CHARGED_CLASSES),
    _("Defendants acquitted or dismissed"),
    _(
        "Defendants whose verdicts in the period were all acquittals or dismissals, each once, "
        "by the court's province. A defendant also convicted in the period counts as convicted."
    ),
    (OUTCOME, PROVINCE, LAW, EXPLOITATION, SUSPECT_SEX),
)
SETTLEMENTS = JusticeMeasure(
    "settlements",
    _("Attrition: settlements and withdrawals"),
    _columns(ALL_CLASSES),
    _("Settlements and withdrawals"),
    _(
        "Out-of-court settlements and withdrawn complaints agreed in the period, each as "
        "recorded (one per victim where recorded so), by the police unit's province."
    ),
    (SETTLEMENT_KIND, PROPOSER, PROVINCE, LAW_OR_NONE, EXPLOITATION),
)
CASES_CLOSED = JusticeMeasure(
    "cases_closed_early",
    _("Attrition: cases closed without a verdict"),
    _columns(ALL_CLASSES),
    _("Cases closed without a verdict"),
    _(
        "Cases closed in the period before any judgment: dropped, dismissed by the investigating "
        "judge, settled, withdrawn or for want of evidence; by the police unit's province."
    ),
    (CLOSURE, PROVINCE, LAW_OR_NONE, EXPLOITATION),
)
VICTIMS_CHARGED = JusticeMeasure(
    "victims_in_prosecuted_cases",
    _("Victims in cases prosecuted"),
    _columns(CHARGED_CLASSES),
    _("Victims in cases prosecuted"),
    _(
        "People, not records: the victims of the cases first charged in the period, each once "
        "(under a trafficking case if they are in one), by the prosecutor's province."
    ),
    (PROVINCE, VICTIM_SEX, VICTIM_AGE, VICTIM_NATIONALITY),
)

JUSTICE_MEASURES: list[JusticeMeasure] = [
    INVESTIGATIONS,
    STILL_OPEN,
    CASES_SENT,
    CASES_CHARGED,
    SUSPECTS_ARRESTED,
    SUSPECTS_CHARGED,
    CHARGES,
    SUSPECTS_CONVICTED,
    VICTIMS_CHARGED,
    ACQUITTALS,
    SETTLEMENTS,
    CASES_CLOSED,
]

JUSTICE_NOTE = _(
    "A case or suspect counts under trafficking only if charged under a trafficking article of the "
    "2008 law (or, before charging, recommended for one); cases charged only with rape, illegal "
    "entry or other related offences are counted apart, never as trafficking. Each case or "
    "suspect is filed under one principal charge (trafficking first), whose law and form of "
    "exploitation are shown, so every table adds up; every charge under its own law is in "
    '"Charges brought". Charges are taken as they stand now.'
)


# --- time between stages ----------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    code: str
    label: str | Promise
    source: str
    target: str


STEPS: tuple[Step, ...] = (
    Step(
        "investigation_to_sent",
        _("From opening the investigation to sending the case file"),
        Stage.INVESTIGATION.value,
        Stage.SENT_TO_PROSECUTOR.value,
    ),
    Step(
        "sent_to_charged",
        _("From sending the case file to charging"),
        Stage.SENT_TO_PROSECUTOR.value,
        Stage.CHARGED.value,
    ),
    Step(
        "charged_to_verdict",
        _("From charging to the verdict"),
        Stage.CHARGED.value,
        Stage.VERDICT.value,
    ),
    Step(
        "verdict_to_final",
        _("From the verdict to the final judgment"),
        Stage.VERDICT.value,
        Stage.FINAL.value,
    ),
    Step(
        "investigation_to_verdict",
        _("From opening the investigation to the verdict"),
        Stage.INVESTIGATION.value,
        Stage.VERDICT.value,
    ),
)
MEDIAN_COLUMNS = (TRAFFICKING, RELATED, ALL)
MEDIAN_NOTE = _(
    "Median days, over the cases that completed the step in the period (each case's first time "
    "at each stage). A median from fewer cases than the threshold is not shown."
)
