"""Requests for formal identification: the screener's next step when a screening calls for one.

Under the 2015 guidelines anyone may make a preliminary identification; a formal one needs an
eligible identifier. A request names the person, the screening and the province; the eligible
identifiers of agencies in that province are notified and see the request in their queue, and
their agencies may see the person while it is open. Like a referral it needs the person's
consent to referral. Recording an identification of the person closes the request; the agencies
that did not identify no longer see the person through it. The requesting agency may withdraw
an open request, and the person's withdrawal of consent to referral closes it: then no agency
sees the person through it.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rumdoh.accounts.audit import log_action
from rumdoh.accounts.models import PROVINCE_CHOICES, Agency, User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.accounts.rules.roles import roles_with
from rumdoh.core.errors import NotAllowed, Refused
from rumdoh.notices import kinds
from rumdoh.notices.services import notify
from rumdoh.people.access import visible_persons
from rumdoh.people.models import AccessSource, ConsentScope, Person, PersonAccess
from rumdoh.people.services import has_consent
from rumdoh.protection.access import is_suspected_victim, may_identify
from rumdoh.protection.models import Identification, IdentificationRequest
from rumdoh.screening.models import ScreeningRecord

REQUESTED = "identification.requested"
# Who may ask for an identification: whoever screens.
REQUESTERS = (C.SCREEN,)


def _province_label(code: str) -> str:
    return str(dict(PROVINCE_CHOICES).get(code, code))


def register_kinds() -> None:
    kinds.register_area(kinds.area_of(REQUESTED), gettext_lazy("Identification"))
    kinds.register(
        REQUESTED,
        gettext_lazy(
            "%(agency)s asks for the formal identification of %(person)s, screened in "
            "%(province)s (%(request)s)."
        ),
        {"province": _province_label},
    )


def eligible_identifiers(province: str) -> QuerySet[User]:
    """Active users who may identify (the rule of ``may_identify``) at agencies there."""
    return User.objects.filter(
        is_active=True,
        role__in=roles_with(C.IDENTIFY),
        agency__province=province,
        agency__can_identify=True,
    )


def identifying_agencies(province: str) -> QuerySet[Agency]:
    """The agencies of the province eligible to identify, staffed yet or not: a request is
    granted to the agency, so an identifier who joins it while the request is open sees the
    person too, and one of an agency that was not granted never does."""
    return Agency.objects.filter(province=province, can_identify=True)


def open_request_of(person: Person) -> IdentificationRequest | None:
    """The person's request for identification that is still open, if any."""
    return IdentificationRequest.objects.filter(person=person, closed_at__isnull=True).first()


def request_refusal(user: User, person: Person, *, already_open: bool | None = None) -> str | None:
    """Why ``user`` may not ask for the identification of ``person`` now, or None.

    ``already_open`` says whether the person has an open request, for a caller that has looked
    (see ``open_request_of``); otherwise this looks."""
    if not any(user.can(c) for c in REQUESTERS) or user.agency_id is None:
        return _("Your role does not allow this.")
    if not has_consent(person, ConsentScope.REFERRAL):
        return _(
            "This person has not consented to be referred. Record the person's consent to "
            "referral first; without it no identification may be requested."
        )
    if is_suspected_victim(person):
        return _("This person is already formally identified as a suspected victim.")
    if already_open is None:
        wanted = IdentificationRequest.objects.filter(person=person, closed_at__isnull=True)
        already_open = wanted.exists()
    if already_open:
        return _("Formal identification of this person is already requested.")
    return None


@transaction.atomic
def request_identification(
    user: User,
    person: Person,
    screening: ScreeningRecord,
    *,
    note: str = "",
    request: HttpRequest | None = None,
) -> IdentificationRequest:
    refusal = request_refusal(user, person)
    if refusal:
        raise Refused(refusal) if user.can(C.SCREEN) else NotAllowed(refusal)
    if screening.person_id != person.pk:
        raise Refused(_("That screening is of another person."))
    wanted = IdentificationRequest.objects.create(
        person=person,
        screening_id=screening.pk,
        province=screening.province,
        agency_id=user.acting_agency_id(),
        requested_by=user,
        note=note,
    )
    agencies = identifying_agencies(wanted.province).exclude(pk=user.agency_key)
    PersonAccess.objects.bulk_create(
        PersonAccess(
            person=person,
            agency_id=agency_id,
            source=AccessSource.IDENTIFICATION_REQUEST,
            source_id=wanted.pk,
        )
        for agency_id in agencies.order_by("pk").values_list("pk", flat=True)
    )
    identifiers = eligible_identifiers(wanted.province)
    params = {
        "agency": user.agency.name if user.agency else "",
        "person": person.reference,
        "province": wanted.province,
        "request": wanted.reference,
    }
    notified = notify(identifiers, REQUESTED, params, reverse("protection:identification_queue"))
    log_action(
        "identification.requested",
        user=user,
        request=request,
        obj=wanted,
        person_id=person.pk,
        data={"screening": screening.pk, "province": wanted.province, "notified": notified},
    )
    return wanted


def open_requests_for(user: User) -> QuerySet[IdentificationRequest]:
    """The open requests of the province of an eligible identifier's agency, of persons the
    agency may see: a request made before the agency could identify is not its to answer."""
    agency: Agency | None = user.agency
    if agency is None or not may_identify(user):
        return IdentificationRequest.objects.none()
    return IdentificationRequest.objects.filter(
        province=agency.province,
        closed_at__isnull=True,
        person__in=visible_persons(user).values("pk"),
    )


def _close(
    requests: QuerySet[IdentificationRequest],
    *,
    identification: Identification | None = None,
    keeps: int | None = None,
) -> list[int]:
    """Close ``requests`` and revoke the sight they gave; the agency ``keeps`` keeps it."""
    ids = list(requests.filter(closed_at__isnull=True).values_list("pk", flat=True))
    if not ids:
        return []
    now = timezone.now()
    IdentificationRequest.objects.filter(pk__in=ids).update(
        closed_at=now, identification=identification
    )
    grants = PersonAccess.objects.filter(
        source=AccessSource.IDENTIFICATION_REQUEST, source_id__in=ids, revoked_at__isnull=True
    )
    if keeps is not None:
        grants = grants.exclude(agency_id=keeps)
    grants.update(revoked_at=now)
    return ids


def close_requests(identification: Identification) -> int:
    """An identification of the person closes its open requests; agencies other than the one
    that identified lose the sight of the person the requests gave them."""
    requests = IdentificationRequest.objects.filter(person_id=identification.person_id)
    return len(_close(requests, identification=identification, keeps=identification.agency_id))


def may_withdraw(user: User, wanted: IdentificationRequest) -> bool:
    """The requesting agency's screeners may take back an open request."""
    return (
        wanted.is_open
        and user.agency_id is not None
        and wanted.agency_id == user.agency_id
        and any(user.can(c) for c in REQUESTERS)
    )


@transaction.atomic
def withdraw_request(
    user: User, wanted: IdentificationRequest, *, request: HttpRequest | None = None
) -> IdentificationRequest:
    """Take back an open request: it closes unanswered and no agency sees the person by it."""
    if not may_withdraw(user, wanted):
        if wanted.agency_id == user.agency_id and not wanted.is_open:
            raise Refused(_("This request is already closed."))
        raise NotAllowed(_("Only the agency that asked can withdraw this request."))
    _close(IdentificationRequest.objects.filter(pk=wanted.pk))
    log_action(
        "identification.request_withdrawn",
        user=user,
        request=request,
        obj=wanted,
        person_id=wanted.person_id,
    )
    wanted.refresh_from_db()
    return wanted


def close_on_consent_withdrawn(
    sender: object,
    *,
    person_id: int,
    user: User,
    request: HttpRequest | None = None,
    **kwargs: object,
) -> None:
    """Receives ``people.services.referral_consent_withdrawn``, inside the withdrawal's
    transaction: without consent to referral no identifier may be asked to see the person."""
    closed = _close(IdentificationRequest.objects.filter(person_id=person_id))
    if closed:
        log_action(
            "identification.requests_closed",
            user=user,
            request=request,
            person_id=person_id,
            reason="consent to referral withdrawn",
            data={"requests": closed},
        )
