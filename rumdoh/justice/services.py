"""Changes to criminal cases, victims, suspects, charges and stages: one function per change,
atomic, audited. Each checks who the user is in the case (police, prosecutor, court) again, even
though the pages and the API check first.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from rumdoh.accounts.audit import log_action
from rumdoh.accounts.models import PROVINCE_CHOICES, Agency, AgencyKind, User
from rumdoh.accounts.roles import Capability as C
from rumdoh.core.crypto import blind_index
from rumdoh.core.errors import NotAllowed, Refused, StaleEdit
from rumdoh.core.keys import index_key
from rumdoh.justice import access, alerts, offences, transitions
from rumdoh.justice.choices import (
    ChargeLevel,
    Instance,
    NonPunishment,
    Origin,
    Stage,
    SupervisionStatus,
    Support,
    SuspectKind,
    SuspectStatus,
    VerdictOutcome,
)
from rumdoh.justice.messages import transition_message
from rumdoh.justice.models import (
    CaseHolder,
    CaseVictim,
    Charge,
    CriminalCase,
    HolderRole,
    StageTransition,
    Suspect,
    SuspectKey,
    Verdict,
)
from rumdoh.justice.transitions import Actor
from rumdoh.people import names
from rumdoh.people.access import can_see
from rumdoh.people.models import Person
from rumdoh.protection.choices import Exploitation
from rumdoh.protection.models import ProtectionCase

POLICE_KINDS = {AgencyKind.POLICE, AgencyKind.GENDARMERIE, AgencyKind.IMMIGRATION}
P, R, CT = Actor.POLICE, Actor.PROSECUTOR, Actor.COURT
ACCESS_FIELDS = ["stage", "stage_since", "police_agency", "prosecution_agency", "court_agency"]


def require_actor(user: User, case: CriminalCase, *wanted: Actor) -> frozenset[Actor]:
    """The parts the user plays in the case; NotAllowed unless one of ``wanted``.

    The case is read again first: who takes part changes as it moves on.
    """
    case.refresh_from_db(fields=ACCESS_FIELDS)
    found = access.actors(user, case)
    if not found & set(wanted):
        raise NotAllowed(_("Your role or agency does not allow this change in this case."))
    return found


def require_open(case: CriminalCase) -> None:
    if not case.is_open:
        raise Refused(_("This case has ended."))


def not_future(day: date | None) -> None:
    if day is not None and day > timezone.localdate():
        raise Refused(_("The date cannot be in the future."))


def _agency_of_kind(agency: Agency | None, *kinds: str) -> None:
    if agency is not None and agency.kind not in kinds:
        raise Refused(_("That agency is not of the right kind for this step."))


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
    _agency_of_kind(prosecution_agency, AgencyKind.PROSECUTION)
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


def require_version(current: int, expected: int, message: str) -> None:
    """An edit opened at an older version than the one saved would overwrite someone else's
    change: refused, with the version saved now."""
    if current != expected:
        raise StaleEdit(message, current)


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
    Refused if someone saved the case since ``expected_version`` was read."""
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
        case.version,
        expected_version,
        _("Someone else saved this case while you were editing it."),
    )
    if changed:
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


# --- victims ------------------------------------------------------------------------------------


def _latest_protection_case(person: Person) -> ProtectionCase | None:
    return (
        ProtectionCase.objects.filter(person=person, closed_at__isnull=True)
        .order_by("-opened_at", "-id")
        .first()
    )


@transaction.atomic
def add_victim(
    user: User,
    case: CriminalCase,
    person: Person,
    *,
    participates: bool = False,
    support: Iterable[str] = (),
    request: HttpRequest | None = None,
) -> CaseVictim:
    """Link a victim the user's agency may see (recorded, shared by consent or referred)."""
    require_actor(user, case, P, R)
    require_open(case)
    if not can_see(user, person.pk):
        raise Refused(_("Your agency may not see this person's record."))
    if CaseVictim.objects.filter(case=case, person=person).exists():
        raise Refused(_("This person is already a victim in this case."))
    victim = CaseVictim.objects.create(
        case=case,
        person=person,
        protection_case=_latest_protection_case(person),
        added_by=user,
        participates=participates,
        support=_supports(support),
    )
    log_action(
        "criminal_case.victim_added",
        user=user,
        request=request,
        obj=case,
        person_id=person.pk,
        data={"victim": victim.pk},
    )
    return victim


def _supports(values: Iterable[str]) -> list[str]:
    chosen = sorted(set(values))
    unknown = [v for v in chosen if v not in Support.values]
    if unknown:
        raise Refused(_("Unknown kind of support."))
    return chosen


@transaction.atomic
def update_victim(
    user: User,
    victim: CaseVictim,
    *,
    participates: bool,
    support: Iterable[str],
    expected_version: int,
    request: HttpRequest | None = None,
) -> CaseVictim:
    victim = CaseVictim.objects.select_for_update().select_related("case").get(pk=victim.pk)
    require_actor(user, victim.case, P, R, CT)
    require_version(
        victim.version,
        expected_version,
        _("Someone else saved this victim's participation and support while you were editing."),
    )
    victim.participates, victim.support = participates, _supports(support)
    victim.version += 1
    victim.save(update_fields=["participates", "support", "version"])
    log_action(
        "criminal_case.victim_changed",
        user=user,
        request=request,
        obj=victim.case,
        person_id=victim.person_id,
        data={"participates": participates, "support": victim.support},
    )
    return victim


@transaction.atomic
def flag_non_punishment(
    user: User,
    victim: CaseVictim,
    *,
    acts: str,
    note: str = "",
    request: HttpRequest | None = None,
) -> CaseVictim:
    """A victim faces charges for acts they were forced to commit: the prosecutor must review.
    Flagging again (new charges) asks for a new decision; the earlier one stays in the audit."""
    victim = CaseVictim.objects.select_for_update().select_related("case").get(pk=victim.pk)
    require_actor(user, victim.case, P, R, CT)
    if not acts.strip():
        raise Refused(_("Say which acts the victim faces charges for."))
    earlier = victim.non_punishment
    victim.non_punishment = NonPunishment.REVIEW
    victim.non_punishment_acts, victim.non_punishment_note = acts.strip(), note
    victim.non_punishment_decision_note, victim.non_punishment_decided_at = "", None
    victim.save(
        update_fields=[
            "non_punishment",
            "non_punishment_acts",
            "non_punishment_note",
            "non_punishment_decision_note",
            "non_punishment_decided_at",
        ]
    )
    log_action(
        "criminal_case.non_punishment_flagged",
        user=user,
        request=request,
        obj=victim.case,
        person_id=victim.person_id,
        data={"earlier": earlier},
    )
    alerts.non_punishment_flagged(victim.case)
    return victim


@transaction.atomic
def review_non_punishment(
    user: User,
    victim: CaseVictim,
    *,
    decision: str,
    note: str = "",
    request: HttpRequest | None = None,
) -> CaseVictim:
    victim = CaseVictim.objects.select_for_update().select_related("case").get(pk=victim.pk)
    require_actor(user, victim.case, R)
    if decision not in {NonPunishment.APPLIED, NonPunishment.NOT_APPLIED}:
        raise Refused(_("Choose whether the principle applies."))
    if victim.non_punishment != NonPunishment.REVIEW:
        raise Refused(_("Nothing is waiting for review for this victim."))
    victim.non_punishment = decision
    victim.non_punishment_decision_note = note
    victim.non_punishment_decided_at = timezone.now()
    victim.save(
        update_fields=[
            "non_punishment",
            "non_punishment_decision_note",
            "non_punishment_decided_at",
        ]
    )
    log_action(
        "criminal_case.non_punishment_reviewed",
        user=user,
        request=request,
        obj=victim.case,
        person_id=victim.person_id,
        data={"decision": decision},
    )
    return victim


# --- suspects -----------------------------------------------------------------------------------

SUSPECT_FIELDS = [
    "kind",
    "given_name",
    "family_name",
    "name_km",
    "aliases",
    "handles",
    "sex",
    "birth_year",
    "nationality",
    "company_name",
    "company_kind",
    "registration_number",
    "role",
    "relation_to_victim",
    "notes",
]


def normalise_handle(handle: str) -> str:
    return handle.strip().lower().lstrip("@").replace(" ", "")


def handle_index(handle: str) -> str:
    return blind_index(index_key(), normalise_handle(handle), "handle")


def suspect_name_index(word: str) -> str:
    return blind_index(index_key(), word, "suspect-name")


def suspect_keys(suspect: Suspect) -> set[str]:
    words = names.search_keys(suspect.given_name, suspect.family_name)
    words |= names.search_keys(suspect.name_km)
    for alias in suspect.aliases or []:
        words |= names.search_keys(alias)
    if suspect.company_name:
        words |= names.search_keys(suspect.company_name)
    keys = {suspect_name_index(w) for w in words}
    for entry in suspect.handles or []:
        if normalise_handle(entry.get("handle", "")):
            keys.add(handle_index(entry["handle"]))
    return keys


def search_keys_for(text: str) -> set[str]:
    """Keys a search text may match: each name word, and the text taken as a handle."""
    keys = {suspect_name_index(w) for w in names.name_tokens(text)}
    if normalise_handle(text):
        keys.add(handle_index(text))
    return keys


def _reindex(suspect: Suspect) -> None:
    SuspectKey.objects.filter(suspect=suspect).delete()
    SuspectKey.objects.bulk_create(
        [SuspectKey(suspect=suspect, key=k) for k in sorted(suspect_keys(suspect))]
    )


def _check_suspect(suspect: Suspect) -> None:
    if suspect.kind == SuspectKind.LEGAL and not suspect.company_name.strip():
        raise Refused(_("Give the name of the company."))
    if suspect.kind == SuspectKind.NATURAL:
        known = [suspect.given_name, suspect.family_name, suspect.name_km]
        known += list(suspect.aliases or [])
        known += [h.get("handle", "") for h in suspect.handles or []]
        if not any(str(k).strip() for k in known):
            raise Refused(_("Give at least a name, an alias or a messaging-app handle."))


@transaction.atomic
def add_suspect(
    user: User, case: CriminalCase, data: dict[str, Any], *, request: HttpRequest | None = None
) -> Suspect:
    require_actor(user, case, P, R)
    require_open(case)
    suspect = Suspect(case=case, added_by=user)
    for field in SUSPECT_FIELDS:
        if field in data:
            setattr(suspect, field, data[field])
    _check_suspect(suspect)
    suspect.save()
    _reindex(suspect)
    log_action(
        "suspect.added",
        user=user,
        request=request,
        obj=suspect,
        data={"case": case.pk, "kind": suspect.kind, "role": suspect.role},
    )
    return suspect


@transaction.atomic
def update_suspect(
    user: User,
    suspect: Suspect,
    data: dict[str, Any],
    *,
    expected_version: int,
    request: HttpRequest | None = None,
) -> Suspect:
    suspect = Suspect.objects.select_for_update().select_related("case").get(pk=suspect.pk)
    require_actor(user, suspect.case, P, R)
    require_version(
        suspect.version,
        expected_version,
        _("Someone else saved this suspect while you were editing it."),
    )
    changed = [f for f in SUSPECT_FIELDS if f in data and getattr(suspect, f) != data[f]]
    for field in changed:
        setattr(suspect, field, data[field])
    _check_suspect(suspect)
    if changed:
        suspect.version += 1
    suspect.save()
    _reindex(suspect)
    log_action("suspect.changed", user=user, request=request, obj=suspect, data={"fields": changed})
    return suspect


def set_status(suspect: Suspect, status: str) -> None:
    suspect.status = status
    suspect.save(update_fields=["status"])


@transaction.atomic
def report_absconded(
    user: User, suspect: Suspect, *, note: str = "", request: HttpRequest | None = None
) -> Suspect:
    """A suspect or defendant has fled: supervision ends; the police and the prosecutor are told."""

    suspect = Suspect.objects.select_for_update().select_related("case").get(pk=suspect.pk)
    require_actor(user, suspect.case, P, R, CT)
    if suspect.status == SuspectStatus.ABSCONDED:
        raise Refused(_("This suspect is already recorded as absconded."))
    if note.strip():  # kept sealed with the suspect, not in the audit trail's clear text
        line = f"{timezone.localdate().isoformat()} {_('absconded')}: {note.strip()}"
        suspect.notes = f"{suspect.notes}\n{line}".strip()
        suspect.version += 1  # an edit of the suspect opened before must not drop this line
        suspect.save(update_fields=["notes", "version"])
    set_status(suspect, SuspectStatus.ABSCONDED)
    suspect.supervisions.filter(status=SupervisionStatus.ACTIVE).update(
        status=SupervisionStatus.ABSCONDED
    )
    log_action("suspect.absconded", user=user, request=request, obj=suspect)
    alerts.absconded(suspect.case, suspect.reference)
    return suspect


# --- charges ------------------------------------------------------------------------------------

RECOMMEND_STAGES = {Stage.INVESTIGATION, Stage.RETURNED}
CHARGE_STAGES = {Stage.SENT_TO_PROSECUTOR, Stage.CHARGED, Stage.INVESTIGATING_JUDGE, Stage.TRIAL}


@transaction.atomic
def add_charge(
    user: User,
    case: CriminalCase,
    suspect: Suspect,
    *,
    offence: str,
    level: str,
    exploitation: str = "",
    article_detail: str = "",
    request: HttpRequest | None = None,
) -> Charge:
    """The police recommend charges in the case file; the prosecutor charges."""
    if level == ChargeLevel.RECOMMENDED:
        require_actor(user, case, P)
        if case.stage not in RECOMMEND_STAGES:
            raise Refused(_("Charges are recommended while the police investigate."))
    elif level == ChargeLevel.CHARGED:
        require_actor(user, case, R)
        if case.stage not in CHARGE_STAGES:
            raise Refused(_("The prosecutor charges once the case file has been sent."))
    else:
        raise Refused(_("Unknown level of charge."))
    if suspect.case_id != case.pk:
        raise Refused(_("The suspect is not in this case."))
    entry = offences.get(offence)
    if entry is None:
        raise Refused(_("Choose an offence from the list."))
    if offences.needs_exploitation(offence) and not exploitation:
        raise Refused(_("Say for which form of exploitation: the article does not say it."))
    if entry.exploitation:
        exploitation = entry.exploitation
    duplicate = Charge.objects.filter(case=case, suspect=suspect, offence=offence, level=level)
    if duplicate.exists():
        raise Refused(_("This charge is already recorded against this suspect."))
    charge = Charge.objects.create(
        case=case,
        suspect=suspect,
        offence=offence,
        level=level,
        exploitation=exploitation,
        article_detail=article_detail,
        recorded_by=user,
    )
    log_action(
        "charge.recorded",
        user=user,
        request=request,
        obj=charge,
        data={"case": case.pk, "offence": offence, "level": level, "suspect": suspect.pk},
    )
    return charge


@transaction.atomic
def remove_charge(user: User, charge: Charge, *, request: HttpRequest | None = None) -> None:
    """A charge entered by mistake may be removed until a verdict rests on it."""
    case = charge.case
    require_actor(user, case, P if charge.level == ChargeLevel.RECOMMENDED else R)
    if charge.verdicts.exists():
        raise Refused(_("A verdict has been recorded on this charge."))
    if charge.level == ChargeLevel.RECOMMENDED and case.stage not in RECOMMEND_STAGES:
        raise Refused(_("The case file has been sent; its recommended charges stay as they were."))
    log_action(
        "charge.removed",
        user=user,
        request=request,
        obj=charge,
        data={"case": case.pk, "offence": charge.offence, "level": charge.level},
    )
    charge.delete()


# --- stages -------------------------------------------------------------------------------------


def facts(case: CriminalCase) -> transitions.Facts:
    entered = case.transitions.filter(to_stage=case.stage).order_by("-recorded_at", "-id").first()
    verdicts = Verdict.objects.filter(case=case)
    if entered is not None:  # verdicts given in the current stage (trial, or appeal)
        verdicts = verdicts.filter(recorded_at__gte=entered.recorded_at)
    return transitions.Facts(
        recommended_charges=case.charges.filter(level=ChargeLevel.RECOMMENDED).count(),
        charges=case.charges.filter(level=ChargeLevel.CHARGED).count(),
        verdicts_since_trial=verdicts.count(),
        arrested_absconders=len(arrested_absconders(case)),
    )


def arrested_absconders(case: CriminalCase) -> list[Verdict]:
    """Convictions in absentia whose defendant has been arrested since the verdict."""
    found = []
    absentia = Verdict.objects.filter(
        case=case, outcome=VerdictOutcome.CONVICTED_IN_ABSENTIA, retrials__isnull=True
    ).select_related("charge__suspect")
    for verdict in absentia:
        arrests = verdict.charge.suspect.arrests.filter(arrested_at__date__gte=verdict.decided_on)
        if arrests.exists():
            found.append(verdict)
    return found


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
        _agency_of_kind(appeal_prosecution_agency, AgencyKind.PROSECUTION)
    found = require_actor(user, case, P, R, CT)
    on = on or timezone.localdate()
    not_future(on)
    if on < case.stage_since:
        raise Refused(_("The date cannot be before the case entered its current stage."))
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


def verdicts_in_order() -> Prefetch:
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
