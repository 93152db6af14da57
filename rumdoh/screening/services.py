"""Every change to screenings: atomic, audited, one function per change."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from rumdoh.accounts.audit import log_action
from rumdoh.accounts.models import User
from rumdoh.accounts.rules.roles import Capability
from rumdoh.core.errors import NotAllowed, Refused
from rumdoh.people.access import can_see
from rumdoh.people.models import Person
from rumdoh.screening.models import ScreeningRecord
from rumdoh.screening.rules import decision


@dataclass
class ScreeningInput:
    form: str
    observations: dict[str, str]
    context: str
    age: int | None = None
    age_estimated: bool = False
    sex: str = "unknown"
    nationality: str = "XX"
    province: str = ""
    location: str = ""
    person: Person | None = None
    screened_at: datetime | None = None


def _check_may_record(user: User, person: Person | None) -> None:
    if user.agency is None or not user.can(Capability.SCREEN):
        raise NotAllowed(_("Your role does not allow this."))
    if person is not None and not can_see(user, person.pk):
        raise NotAllowed(_("Your agency may not see this person's record."))


@transaction.atomic
def record_screening(
    user: User, data: ScreeningInput, request: HttpRequest | None = None
) -> ScreeningRecord:
    """Assess the answers with the decision rule and save the result for the user's agency."""
    _check_may_record(user, data.person)
    assert user.agency is not None
    result = decision.assess(data.age, data.observations)
    record = ScreeningRecord.objects.create(
        screened_at=data.screened_at or timezone.now(),
        agency=user.agency,
        screener=user,
        person=data.person,
        form=data.form,
        age=data.age,
        age_estimated=data.age_estimated,
        sex=data.sex,
        nationality=data.nationality,
        province=data.province or user.agency.province,
        location=data.location,
        context=data.context,
        observations=dict(data.observations),
        determination=result.determination.value,
        explanation=result.explanation(),
        catalogue_version=result.catalogue_version,
    )
    log_action(
        "screening.recorded",
        user=user,
        request=request,
        obj=record,
        person_id=data.person.pk if data.person else None,
        data={
            "form": record.form,
            "determination": record.determination,
            "anonymous": data.person is None,
        },
    )
    return record


class AlreadyScreened(Refused):
    """The screening asked for is saved already (``record``): the form sent twice."""

    def __init__(self, record: ScreeningRecord) -> None:
        super().__init__(
            _(
                "This screening is already saved as %(ref)s: your agency screened this person "
                "today with the same form and the same answers. Nothing was added."
            )
            % {"ref": record.reference}
        )
        self.record = record


def same_screening(user: User, data: ScreeningInput) -> ScreeningRecord | None:
    """The screening ``user``'s agency saved today of ``data.person`` with the same form,
    answers, age, sex, nationality, context and place, if any. An anonymous screening is never
    the same as another: two people screened after a raid may well answer alike."""
    if data.person is None or user.agency is None:
        return None
    start = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    found = ScreeningRecord.objects.filter(
        person=data.person,
        agency=user.agency,
        form=data.form,
        screened_at__gte=start,
        screened_at__lt=start + timedelta(days=1),
        age=data.age,
        age_estimated=data.age_estimated,
        sex=data.sex,
        nationality=data.nationality,
        province=data.province or user.agency.province,
        context=data.context,
    )
    # The answers and the sealed place are compared once read.
    for record in found.order_by("id"):
        if record.observations == dict(data.observations) and record.location == data.location:
            return record
    return None


@transaction.atomic
def record_screening_once(
    user: User, data: ScreeningInput, request: HttpRequest | None = None
) -> ScreeningRecord:
    """``record_screening``, unless the same screening was saved today (``same_screening``): a
    double press of "Save", or a retry of the API call, records one screening, which the
    national figures count once. The person's row is locked while the service looks, so that
    two sendings at once are answered one after the other."""
    if data.person is not None:
        Person.objects.select_for_update().filter(pk=data.person.pk).exists()
    found = same_screening(user, data)
    if found is not None:
        raise AlreadyScreened(found)
    return record_screening(user, data, request)
