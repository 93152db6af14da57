"""The parties of a case: victims (participation, support, non-punishment), suspects and
defendants (names, aliases, handles, absconding), and the charges against them."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from rumdoh.accounts.audit import log_action
from rumdoh.accounts.models import User
from rumdoh.core.errors import Refused
from rumdoh.core.keys import index_key
from rumdoh.core.limits import NAME_MAX
from rumdoh.core.rules.crypto import blind_index
from rumdoh.core.twice import sent_again
from rumdoh.core.versions import require_version
from rumdoh.justice import alerts
from rumdoh.justice.choices import (
    ChargeLevel,
    NonPunishment,
    Stage,
    SupervisionStatus,
    Support,
    SuspectKind,
    SuspectStatus,
)
from rumdoh.justice.models import CaseVictim, Charge, CriminalCase, Suspect, SuspectKey
from rumdoh.justice.rules import offences
from rumdoh.justice.services.common import CT, P, R, require_actor, require_open
from rumdoh.people.access import can_see
from rumdoh.people.models import Person
from rumdoh.people.rules import names
from rumdoh.people.services import clean_names
from rumdoh.protection.models import ProtectionCase


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
    support = _supports(support)
    if (victim.participates, victim.support) != (participates, support):
        victim.participates, victim.support = participates, support
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
# The fields of a suspect sealed at rest: compared once read.
SEALED_SUSPECT_FIELDS = [
    "given_name",
    "family_name",
    "name_km",
    "aliases",
    "handles",
    "company_name",
    "registration_number",
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


SUSPECT_NAME_FIELDS = ("given_name", "family_name", "name_km")


def _clean_suspect_names(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with its names and aliases freed of direction controls, as a person's are, and
    refused when one is longer than a name may be."""

    data = clean_names(dict(data))
    too_long = [f for f in SUSPECT_NAME_FIELDS if len(str(data.get(f) or "")) > NAME_MAX]
    if too_long or any(len(a) > NAME_MAX for a in data.get("aliases") or []):
        raise Refused(_("A name has at most %(limit)d characters.") % {"limit": NAME_MAX})
    return data


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
    data = _clean_suspect_names(data)
    suspect = Suspect(case=case, added_by=user)
    for field in SUSPECT_FIELDS:
        if field in data:
            setattr(suspect, field, data[field])
    _check_suspect(suspect)
    # A suspect always has a name, an alias or a handle (``_check_suspect``): one alike in
    # every detail, added moments ago, is the same form sent twice.
    plain = {f: getattr(suspect, f) for f in SUSPECT_FIELDS if f not in SEALED_SUSPECT_FIELDS}
    sealed = {f: getattr(suspect, f) for f in SEALED_SUSPECT_FIELDS}
    again = sent_again(
        case.suspects.all(), user, sealed=sealed, by="added_by", at="added_at", **plain
    )
    if again is not None:
        return again
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
    data = _clean_suspect_names(data)
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
    suspect.status = SuspectStatus.ABSCONDED
    written = ["status"]
    if note.strip():  # kept sealed with the suspect, not in the audit trail's clear text
        line = _("%(date)s absconded: %(note)s") % {
            "date": timezone.localdate().isoformat(),
            "note": note.strip(),
        }
        suspect.notes = f"{suspect.notes}\n{line}".strip()
        suspect.version += 1  # an edit of the suspect opened before must not drop this line
        written += ["notes", "version"]
    suspect.save(update_fields=written)
    suspect.supervisions.filter(status=SupervisionStatus.ACTIVE).update(
        status=SupervisionStatus.ABSCONDED
    )
    log_action("suspect.absconded", user=user, request=request, obj=suspect)
    alerts.absconded(suspect.case, suspect.reference)
    return suspect


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
