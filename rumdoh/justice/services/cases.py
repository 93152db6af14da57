"""Criminal cases: opening, the facts and internal notes, the prosecutor in charge, and the
moves from stage to stage with the hand-over between offices and courts."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from rumdoh.accounts.audit import log_action
from rumdoh.accounts.models import PROVINCE_CHOICES, Agency, AgencyKind, User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.errors import FieldRefused, NotAllowed, Refused
from rumdoh.core.errors import refuse_future as not_future
from rumdoh.core.twice import sent_again
from rumdoh.core.versions import require_version
from rumdoh.justice import access, alerts
from rumdoh.justice.choices import (
    ChargeLevel,
    Instance,
    NonPunishment,
    Origin,
    Stage,
    VerdictOutcome,
)
from rumdoh.justice.messages import transition_message
from rumdoh.justice.models import CaseHolder, CriminalCase, HolderRole, StageTransition, Verdict
from rumdoh.justice.rules import transitions
from rumdoh.justice.services.common import (
    CT,
    POLICE_KINDS,
    P,
    R,
    agency_of_kind,
    require_actor,
)
from rumdoh.protection.choices import Exploitation


@transaction.atomic
def open_case(
    user: User,
    *,
    origin: str,
    province: str,
    origin_reference: str = "",
    referring_agency: Agency | None = None,
    exploitation_types: Iterable[str] = (),
    summary: str = "",
    investigator: User | None = None,
    prosecution_agency: Agency | None = None,
    opened_on: date | None = None,
    request: HttpRequest | None = None,
) -> CriminalCase:
    """A police unit opens a criminal case; the investigation starts."""
    agency = user.agency
    if not user.can(C.INVESTIGATE) or agency is None:
        raise NotAllowed(_("Only a police investigator can open a criminal case."))
    if agency.kind not in POLICE_KINDS:
        raise NotAllowed(
            _("Criminal cases are opened by police, gendarmerie or immigration units.")
        )
    if investigator is not None and investigator.agency_id != agency.pk:
        raise Refused(_("The lead investigator must work at your unit."))
    agency_of_kind(prosecution_agency, AgencyKind.PROSECUTION)
    exploitation_types = _check_facts(
        {"origin": origin, "province": province, "exploitation_types": exploitation_types}
    )["exploitation_types"]
    opened_on = opened_on or timezone.localdate()
    not_future(opened_on)
    case = CriminalCase.objects.create(
        police_agency=agency,
        investigator=investigator or user,
        opened_by=user,
        origin=origin,
        origin_reference=origin_reference,
        referring_agency=referring_agency,
        province=province,
        exploitation_types=exploitation_types,
        summary=summary,
        stage=Stage.INVESTIGATION,
        stage_since=opened_on,
        prosecution_agency=prosecution_agency,
    )
    if prosecution_agency is not None:
        _hand_over(case, HolderRole.PROSECUTION, prosecution_agency, opened_on, Instance.FIRST)
    StageTransition.objects.create(
        case=case,
        by=user,
        from_stage="",
        to_stage=Stage.INVESTIGATION,
        on=opened_on,
        responsible_agency=agency,
        responsible_person=(investigator or user).get_full_name()
        or (investigator or user).username,
    )
    log_action(
        "criminal_case.opened",
        user=user,
        request=request,
        obj=case,
        data={
            "origin": origin,
            "province": province,
            "referring_agency": referring_agency and referring_agency.pk,
        },
    )
    return case


def just_opened(user: User, data: dict[str, Any]) -> CriminalCase | None:
    """The case ``user`` opened moments ago with the very facts of ``data`` (the fields of
    ``open_case``), if any: the same form sent twice (``core.twice.sent_again``, called in the
    transaction that opens the case). The summary is sealed: compared once read."""
    return sent_again(
        CriminalCase.objects.all(),
        user,
        by="opened_by",
        at="opened_at",
        sealed={
            "summary": data.get("summary") or "",
            "exploitation_types": sorted(set(data.get("exploitation_types") or ())),
        },
        origin=data.get("origin"),
        origin_reference=data.get("origin_reference") or "",
        province=data.get("province"),
        referring_agency=data.get("referring_agency"),
        prosecution_agency=data.get("prosecution_agency"),
        stage_since=data.get("opened_on") or timezone.localdate(),
    )


CASE_FIELDS = ["origin", "origin_reference", "province", "exploitation_types", "summary"]


def _check_facts(data: dict[str, Any]) -> dict[str, Any]:
    """Coded facts of a case must be codes of their lists, whatever client sent them."""
    checked = dict(data)
    if "origin" in data and data["origin"] not in Origin.values:
        raise Refused(_("Choose where the case came from."))
    if "province" in data and data["province"] not in dict(PROVINCE_CHOICES):
        raise Refused(_("Choose the province."))
    if "exploitation_types" in data:
        kinds = sorted(set(data["exploitation_types"] or ()))
        if any(kind not in Exploitation.values for kind in kinds):
            raise Refused(_("Unknown form of exploitation."))
        checked["exploitation_types"] = kinds
    return checked


@transaction.atomic
def update_case(
    user: User,
    case: CriminalCase,
    data: dict[str, Any],
    *,
    expected_version: int,
    request: HttpRequest | None = None,
) -> CriminalCase:
    """The police unit corrects the facts of its case; the prosecutor and court keep notes.
    Refused if someone saved what is edited since ``expected_version`` was read: the facts and
    the notes each have their own version, so they are saved apart."""
    notes = "court_notes" in data
    if notes and set(data) & {*CASE_FIELDS, "investigator"}:
        raise ValueError("The facts and the internal notes are saved apart, each at its version.")
    case = CriminalCase.objects.select_for_update().get(pk=case.pk)
    found = require_actor(user, case, P, R, CT)
    if case.personal_data_erased_on is not None:
        raise Refused(_("The personal data of this case was erased under the retention rule."))
    changed = []
    for field, value in _check_facts(data).items():
        if field == "court_notes":
            if not found & {R, CT}:
                raise NotAllowed(_("Only the prosecutor and the court keep internal notes."))
        elif field in CASE_FIELDS or field == "investigator":
            if P not in found:
                raise NotAllowed(_("Only the police unit can change the facts of its case."))
        else:
            continue
        if (
            field == "investigator"
            and value is not None
            and value.agency_id != case.police_agency_id
        ):
            raise Refused(_("The lead investigator must work at the police unit of the case."))
        if getattr(case, field) != value:
            setattr(case, field, value)
            changed.append(field)
    require_version(
        case.notes_version if notes else case.version,
        expected_version,
        _("Someone else saved this case while you were editing it."),
    )
    if changed and notes:
        case.notes_version += 1
    elif changed:
        case.version += 1
    case.save()
    log_action(
        "criminal_case.changed", user=user, request=request, obj=case, data={"fields": changed}
    )
    return case


@transaction.atomic
def assign_prosecutor(
    user: User, case: CriminalCase, prosecutor: User | None, *, request: HttpRequest | None = None
) -> CriminalCase:
    require_actor(user, case, R)
    if prosecutor is not None and (
        prosecutor.agency_id != case.prosecution_agency_id or not prosecutor.can(C.PROSECUTE)
    ):
        raise Refused(_("The prosecutor must work at the prosecutor's office of the case."))
    case.prosecutor = prosecutor
    case.save(update_fields=["prosecutor"])
    log_action(
        "criminal_case.prosecutor_assigned",
        user=user,
        request=request,
        obj=case,
        data={"prosecutor": prosecutor.pk if prosecutor else None},
    )
    return case


def verdicts_in_stage(case: CriminalCase) -> QuerySet[Verdict]:
    """The verdicts given in the case's current stage (trial, or appeal)."""
    entered = case.transitions.filter(to_stage=case.stage).order_by("-recorded_at", "-id").first()
    verdicts = Verdict.objects.filter(case=case)
    if entered is not None:
        verdicts = verdicts.filter(recorded_at__gte=entered.recorded_at)
    return verdicts


def facts(case: CriminalCase) -> transitions.Facts:
    return transitions.Facts(
        recommended_charges=case.charges.filter(level=ChargeLevel.RECOMMENDED).count(),
        charges=case.charges.filter(level=ChargeLevel.CHARGED).count(),
        verdicts_since_trial=verdicts_in_stage(case).count(),
        arrested_absconders=len(arrested_absconders(case)),
    )


def absconders_arrests(case: CriminalCase) -> list[tuple[Verdict, date]]:
    """Each conviction in absentia not yet tried again whose defendant has been arrested since
    the verdict, with the day of the first such arrest."""
    found = []
    absentia = Verdict.objects.filter(
        case=case, outcome=VerdictOutcome.CONVICTED_IN_ABSENTIA, retrials__isnull=True
    ).select_related("charge__suspect")
    for verdict in absentia:
        arrests = verdict.charge.suspect.arrests.filter(arrested_at__date__gte=verdict.decided_on)
        first = arrests.order_by("arrested_at").first()
        if first is not None:
            found.append((verdict, timezone.localdate(first.arrested_at)))
    return found


def arrested_absconders(case: CriminalCase) -> list[Verdict]:
    """Convictions in absentia whose defendant has been arrested since the verdict."""
    return [verdict for verdict, _arrested_on in absconders_arrests(case)]


def _not_before_followed(case: CriminalCase, from_stage: str, to_stage: str, on: date) -> None:
    """A stage move follows what allows it: the case reaches the verdict stage once its
    verdicts are given, and is tried again once a defendant convicted in absentia is arrested.
    Dated before them, the move would stand before them in the timeline, and the time from
    charging to the verdict would be counted short."""
    if to_stage == Stage.VERDICT:
        latest = verdicts_in_stage(case).order_by("-decided_on").first()
        if latest is not None and on < latest.decided_on:
            raise FieldRefused(
                "on",
                _(
                    "The case cannot move to the verdict stage before its verdict, given on "
                    "%(date)s."
                )
                % {"date": f"{latest.decided_on:%Y-%m-%d}"},
            )
    elif transitions.is_retrial(from_stage, to_stage):
        arrests = [arrested_on for _verdict, arrested_on in absconders_arrests(case)]
        if arrests and on < min(arrests):
            raise FieldRefused(
                "on",
                _(
                    "A retrial cannot be dated before the arrest of the defendant convicted in "
                    "absentia, on %(date)s."
                )
                % {"date": f"{min(arrests):%Y-%m-%d}"},
            )


def next_stages(user: User, case: CriminalCase) -> list[str]:
    return [s.value for s in transitions.next_stages(case.stage, access.actors(user, case))]


@transaction.atomic
def change_stage(
    user: User,
    case: CriminalCase,
    to_stage: str,
    *,
    on: date | None = None,
    reason: str = "",
    closure: str = "",
    responsible_agency: Agency | None = None,
    responsible_person: str = "",
    appeal_prosecution_agency: Agency | None = None,
    request: HttpRequest | None = None,
) -> CriminalCase:
    """Move the case on. Entering the appeal, the appeal court takes the case from the trial
    court and, when named, the prosecutor's office at the appeal court takes it from the first
    one; those that held it before keep reading it (``CaseHolder``)."""
    case = CriminalCase.objects.select_for_update().select_related("police_agency").get(pk=case.pk)
    if appeal_prosecution_agency is not None:
        if to_stage != Stage.APPEAL:
            raise Refused(
                _("A prosecutor's office at the appeal court is named for an appeal only.")
            )
        agency_of_kind(appeal_prosecution_agency, AgencyKind.PROSECUTION)
    found = require_actor(user, case, P, R, CT)
    on = on or timezone.localdate()
    not_future(on)
    if on < case.stage_since:
        raise FieldRefused("on", _("The date cannot be before the case entered its current stage."))
    problems = transitions.problems(
        case.stage,
        to_stage,
        found,
        facts(case),
        reason=reason,
        closure=closure,
        agency_kind=responsible_agency.kind if responsible_agency else "",
    )
    if transitions.Problem.WRONG_ACTOR in problems:
        raise NotAllowed(transition_message(problems))
    if problems:
        raise Refused(transition_message(problems))
    from_stage = case.stage
    _not_before_followed(case, from_stage, to_stage, on)
    StageTransition.objects.create(
        case=case,
        by=user,
        from_stage=from_stage,
        to_stage=to_stage,
        on=on,
        responsible_agency=responsible_agency,
        responsible_person=responsible_person,
        reason=reason,
        closure=closure,
    )
    office_changed = _apply(
        case, from_stage, to_stage, on, closure, responsible_agency, appeal_prosecution_agency
    )
    log_action(
        "criminal_case.stage_changed",
        user=user,
        request=request,
        obj=case,
        data={"from": from_stage, "to": to_stage, "on": on.isoformat(), "closure": closure},
    )
    _announce(case, to_stage, office_changed)
    return case


def _apply(
    case: CriminalCase,
    from_stage: str,
    to_stage: str,
    on: date,
    closure: str,
    responsible: Agency | None,
    appeal_prosecution: Agency | None,
) -> bool:
    """Move the case and hand it over; True if another prosecutor's office now holds it."""
    case.stage, case.stage_since = to_stage, on
    case.closure = closure if to_stage == Stage.FINAL else ""
    prosecution = responsible if to_stage == Stage.SENT_TO_PROSECUTOR else appeal_prosecution
    if transitions.is_retrial(from_stage, to_stage) and appeal_prosecution is None:
        prosecution = _first_instance_office(case)
    office_changed = prosecution is not None and case.prosecution_agency_id != prosecution.pk
    if prosecution is not None and office_changed:
        instance = Instance.APPEAL if to_stage == Stage.APPEAL else Instance.FIRST
        _hand_over(case, HolderRole.PROSECUTION, prosecution, on, instance)
        case.prosecution_agency, case.prosecutor = prosecution, None
    courts = {Stage.INVESTIGATING_JUDGE, Stage.TRIAL, Stage.APPEAL}
    if to_stage in courts and responsible is not None:
        instance = Instance.FIRST
        if to_stage == Stage.APPEAL:
            instance = Instance.APPEAL
        elif transitions.is_retrial(from_stage, to_stage):
            instance = Instance.RETRIAL
        if case.court_agency_id != responsible.pk or instance != Instance.FIRST:
            _hand_over(case, HolderRole.COURT, responsible, on, instance)
        case.court_agency = responsible
    fields = ["stage", "stage_since", "closure", "prosecution_agency", "prosecutor"]
    case.save(update_fields=[*fields, "court_agency"])
    return office_changed


def _first_instance_office(case: CriminalCase) -> Agency | None:
    """A retrial is at first instance again: the prosecution goes back from the appeal office
    to the office that prosecuted at first instance."""
    holders = CaseHolder.objects.filter(case=case, role=HolderRole.PROSECUTION)
    current = holders.filter(until__isnull=True).first()
    if current is None or current.instance != Instance.APPEAL:
        return None
    first = holders.exclude(instance=Instance.APPEAL).order_by("-since", "-id").first()
    return first.agency if first is not None else None


def _hand_over(case: CriminalCase, role: str, agency: Agency, on: date, instance: str) -> None:
    """``agency`` now holds the case for ``role``; whoever held it before keeps the record."""
    CaseHolder.objects.filter(case=case, role=role, until__isnull=True).update(until=on)
    CaseHolder.objects.create(case=case, agency=agency, role=role, instance=instance, since=on)


def _announce(case: CriminalCase, to_stage: str, office_changed: bool) -> None:
    if to_stage == Stage.SENT_TO_PROSECUTOR or office_changed:
        # The file reaches an office: sent, or handed on at an appeal or a retrial.
        alerts.file_received(case)
        if case.victims.filter(non_punishment=NonPunishment.REVIEW).exists():
            alerts.non_punishment_flagged(case)
    if to_stage == Stage.RETURNED:
        alerts.returned(case)
    elif to_stage == Stage.CHARGED:
        alerts.case_charged(case)
    elif to_stage in {Stage.INVESTIGATING_JUDGE, Stage.TRIAL, Stage.APPEAL}:
        alerts.sent_to_court(case)
    elif to_stage == Stage.FINAL:
        alerts.case_closed(case)


def verdicts_in_order() -> "Prefetch[Any]":
    """For a list of cases: each case's verdicts, with charge and defendant, in ``in_order``."""
    rows = Verdict.objects.select_related("charge__suspect").order_by("decided_on", "id")
    return Prefetch("verdicts", queryset=rows, to_attr="in_order")


def outcome_of(case: CriminalCase) -> dict[int, Verdict]:
    """The latest verdict on each charge: the outcome as it stands."""
    rows = getattr(case, "in_order", None)
    if rows is None:
        rows = Verdict.objects.filter(case=case).select_related("charge__suspect")
        rows = rows.order_by("decided_on", "id")
    latest: dict[int, Verdict] = {}
    for verdict in rows:
        latest[verdict.charge_id] = verdict
    return latest
