"""Interviews of victims by any agency, and invitations to interview together.

Victims are interviewed up to ten times by different agencies with different forms. Every
interview is recorded against the person so that the next agency sees how many there have been,
and is invited to join one instead of holding another.
"""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from rumdoh.accounts.audit import log_action
from rumdoh.accounts.models import Agency, User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.errors import NotAllowed, Refused
from rumdoh.justice import access, alerts
from rumdoh.justice.choices import InterviewPurpose, InvitationStatus
from rumdoh.justice.models import CaseVictim, CriminalCase, Interview, JointInterviewInvitation
from rumdoh.notices.services import notify
from rumdoh.people.access import can_see
from rumdoh.people.models import Person
from rumdoh.protection.models import ProtectionCase

# Roles whose users interview victims: they may record the interviews and invite others.
INTERVIEWERS = (
    C.SCREEN,
    C.IDENTIFY,
    C.MANAGE_CASES,
    C.INVESTIGATE,
    C.PROSECUTE,
    C.RECORD_COURT,
)


def may_interview(user: User, person: Person, case: CriminalCase | None = None) -> bool:
    """Interviewers of an agency that sees the person, or that acts in the victim's case."""
    if user.agency_id is None or not any(user.can(c) for c in INTERVIEWERS):
        return False
    if can_see(user, person.pk):
        return True
    # Acting in the case now: an office or court that held it before reads it, records nothing.
    if case is None or not is_victim(person, case):
        return False
    current = CriminalCase.objects.select_related("police_agency").get(pk=case.pk)
    return bool(access.actors(user, current))


def _in_a_case_of(user: User, person: Person) -> bool:
    return access.participating_cases(user).filter(victims__person=person).exists()


def first_case_of(user: User, person: Person) -> CriminalCase | None:
    """The latest case of the person the user's agency takes part in, if any."""
    cases = access.participating_cases(user).filter(victims__person=person)
    return cases.order_by("-opened_at", "-id").first()


def is_victim(person: Person, case: CriminalCase) -> bool:
    return CaseVictim.objects.filter(case=case, person=person).exists()


def interviews_of(person: Person) -> QuerySet[Interview]:
    """Every interview of the person: only ever counted for the reader, never listed."""
    return Interview.objects.filter(person=person).select_related("agency")


def sees_all_interviews(user: User, person: Person) -> bool:
    """Agencies working with the victim within her consent (the feedback rule of a criminal
    case: her record's owner, partners she agreed to share with, her case worker's agency) see
    who interviewed her and why. Others — a provider that only received a referral, a court she
    never agreed to share with — see the count, and the interviews they took part in."""
    return access.feedback_person_ids(user).filter(person_id=person.pk).exists()


def visible_interviews(user: User) -> QuerySet[Interview]:
    """Interviews the user's agency may read: all of the victims it works with within their
    consent; otherwise those it held or joined, and those in criminal cases it takes part in."""
    agency = user.agency_id
    if agency is None:
        return Interview.objects.none()
    return Interview.objects.filter(
        Q(person_id__in=access.feedback_person_ids(user))
        | Q(agency_id=agency)
        | Q(with_agencies=agency)
        | Q(case__in=access.participating_cases(user).values("pk"))
    ).distinct()


def open_invitations(person: Person) -> QuerySet[JointInterviewInvitation]:
    return JointInterviewInvitation.objects.filter(
        person=person, status=InvitationStatus.OPEN, proposed_for__gte=timezone.localdate()
    ).select_related("agency")


def answerable_invitations(user: User, person: Person) -> QuerySet[JointInterviewInvitation]:
    """Open invitations the user's agency proposed or was invited to: those it may hold."""
    rows = open_invitations(person).filter(
        Q(agency_id=user.agency_key) | Q(agencies=user.agency_key)
    )
    return rows.distinct()


def visible_invitations(user: User, person: Person) -> QuerySet[JointInterviewInvitation]:
    """Open invitations, all of them for those who see every interview, else only those the
    user's agency proposed or was invited to, or in a case it takes part in."""
    rows = open_invitations(person)
    if sees_all_interviews(user, person):
        return rows
    return rows.filter(
        Q(agency_id=user.agency_key)
        | Q(agencies=user.agency_key)
        | Q(case__in=access.participating_cases(user).values("pk"))
    ).distinct()


def involved_agencies(user: User, person: Person) -> list[Agency]:
    """Whom the user may invite to a joint interview: the agencies working with the person, as
    far as the user may know of them (the same rule as for reading the interviews)."""
    ids: set[int] = set()
    cases = CriminalCase.objects.filter(victims__person=person)
    everything = sees_all_interviews(user, person)
    if not everything:
        cases = cases.filter(pk__in=access.participating_cases(user).values("pk"))
    for case in cases:
        ids |= {a for a in (case.police_agency_id, case.prosecution_agency_id) if a}
        ids |= {case.court_agency_id} if case.court_agency_id else set()
    if everything:
        ids |= set(
            ProtectionCase.objects.filter(person=person, closed_at__isnull=True).values_list(
                "agency_id", flat=True
            )
        )
    seen = visible_interviews(user).filter(person=person)
    ids |= set(seen.values_list("agency_id", flat=True))
    ids.discard(user.agency_id or 0)
    return list(Agency.objects.filter(pk__in=ids, is_active=True).order_by("name"))


@transaction.atomic
def record_interview(
    user: User,
    person: Person,
    *,
    interviewed_on: date,
    purpose: str,
    case: CriminalCase | None = None,
    joint: bool = False,
    with_agencies: Iterable[Agency] = (),
    invitation: JointInterviewInvitation | None = None,
    request: HttpRequest | None = None,
) -> Interview:
    if not may_interview(user, person, case):
        if case is None and _in_a_case_of(user, person):
            raise Refused(
                _("Choose the criminal case in which your agency interviews this person.")
            )
        raise NotAllowed(_("Your agency may not record interviews of this person."))
    if interviewed_on > timezone.localdate():
        raise Refused(_("The date cannot be in the future."))
    if purpose not in InterviewPurpose.values:
        raise Refused(_("Choose the purpose of the interview."))
    if case is not None and not is_victim(person, case):
        raise Refused(_("The person is not a victim in that case."))
    others = [a for a in with_agencies if a.pk != user.agency_id]
    if invitation is not None:
        if invitation.person_id != person.pk or invitation.status != InvitationStatus.OPEN:
            raise Refused(_("That invitation is not open for this person."))
        joint = True
        others = others or [a for a in invitation.agencies.all() if a.pk != user.agency_id]
        if invitation.agency_id != user.agency_id:
            others.append(invitation.agency)
    if joint and not others:
        raise Refused(_("Name the other agencies present at the joint interview."))
    interview = Interview.objects.create(
        person=person,
        case=case,
        agency_id=user.acting_agency_id(),
        interviewed_on=interviewed_on,
        purpose=purpose,
        joint=joint,
        invitation=invitation,
        recorded_by=user,
    )
    interview.with_agencies.set({a.pk for a in others})
    if invitation is not None:
        invitation.status = InvitationStatus.HELD
        invitation.save(update_fields=["status"])
    log_action(
        "interview.recorded",
        user=user,
        request=request,
        obj=interview,
        person_id=person.pk,
        data={"purpose": purpose, "joint": joint, "case": case.pk if case else None},
    )
    return interview


@transaction.atomic
def invite(
    user: User,
    person: Person,
    *,
    proposed_for: date,
    purpose: str,
    agencies: Iterable[Agency],
    case: CriminalCase | None = None,
    note: str = "",
    request: HttpRequest | None = None,
) -> JointInterviewInvitation:
    """Propose one interview for all who need to hear the victim; the agencies are told."""
    if not may_interview(user, person, case):
        raise NotAllowed(_("Your agency may not record interviews of this person."))
    if proposed_for < timezone.localdate():
        raise Refused(_("The proposed date cannot be in the past."))
    invited = [a for a in agencies if a.pk != user.agency_id]
    if not invited:
        raise Refused(_("Invite at least one other agency."))
    known = {a.pk for a in involved_agencies(user, person)}
    if any(a.pk not in known for a in invited):
        raise Refused(_("Invite only agencies that already work with this person."))
    invitation = JointInterviewInvitation.objects.create(
        person=person,
        case=case,
        agency_id=user.acting_agency_id(),
        proposed_by=user,
        proposed_for=proposed_for,
        purpose=purpose,
        note=note,
    )
    invitation.agencies.set({a.pk for a in invited})
    log_action(
        "interview.invitation_sent",
        user=user,
        request=request,
        obj=invitation,
        person_id=person.pk,
        data={"agencies": sorted(a.pk for a in invited), "on": proposed_for.isoformat()},
    )
    recipients = [u for a in invited for u in alerts.agency_users(a.pk, *INTERVIEWERS)]
    url = alerts.case_url(case) if case is not None else ""
    notify(
        recipients,
        alerts.JOINT_INTERVIEW,
        {"person": person.reference, "when": proposed_for.isoformat()},
        url,
    )
    return invitation
