"""The justice API: the same access helpers and services as the pages.

Participants of a case (the police unit, the prosecutor's office, the court) read and change it
through the resource endpoints; agencies following a victim read ``case-feedback`` only. A case or
a record of a case the caller may not see answers 404 (or 400 when named in a request body), the
same as one that does not exist.
"""

from typing import Any, TypeVar

from django.db.models import Exists, Model, OuterRef, QuerySet
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from rumdoh.accounts.audit import log_action, log_bulk_read
from rumdoh.accounts.models import Agency, User
from rumdoh.accounts.roles import Capability as C
from rumdoh.core.api import expected_version, schema_only, valid
from rumdoh.justice import access, court, custody, interviews, offences, orders, queries, services
from rumdoh.justice.access import CALCULATOR_USERS, JUSTICE, person_for_interviews
from rumdoh.justice.messages import basis_line
from rumdoh.justice.models import (
    Arrest,
    CaseVictim,
    Charge,
    CompensationOrder,
    CompensationWorksheet,
    CriminalCase,
    Hearing,
    Interview,
    JointInterviewInvitation,
    Settlement,
    Supervision,
    Suspect,
    Verdict,
    Warrant,
)
from rumdoh.justice.serializers import (
    ArrestSerializer,
    CaseEditSerializer,
    CaseFeedbackSerializer,
    ChargeSerializer,
    CheckInSerializer,
    CompensationAssessmentSerializer,
    CompensationClaimSerializer,
    CompensationOrderSerializer,
    CriminalCaseSerializer,
    CustodyOutcomeSerializer,
    EnforcementSerializer,
    HearingSerializer,
    HearingUpdateSerializer,
    InterviewSerializer,
    InvitationSerializer,
    NonPunishmentFlagSerializer,
    NonPunishmentReviewSerializer,
    NotesSerializer,
    NotificationSerializer,
    OffenceSerializer,
    PaymentSerializer,
    ProsecutorSerializer,
    SettlementSerializer,
    StageMoveSerializer,
    SupervisionSerializer,
    SuspectSerializer,
    TransitionSerializer,
    VerdictSerializer,
    VictimChangeSerializer,
    VictimSerializer,
    WarrantSerializer,
    WarrantStatusSerializer,
)
from rumdoh.notices import services as notices
from rumdoh.notices.models import Notification
from rumdoh.people.access import visible_persons
from rumdoh.people.api import api_user
from rumdoh.people.models import Person

M = TypeVar("M", bound=Model)

CASE_PARAMETER = OpenApiParameter(
    "case", OpenApiTypes.INT, description="Only the records of this criminal case."
)


def case_or_400(user: User, pk: Any) -> CriminalCase:
    try:
        return access.get_participating_case(user, pk)
    except Http404:
        raise ValidationError({"case": _("No such case.")}) from None


def member(queryset: QuerySet[M], case: CriminalCase, pk: Any, field: str) -> M | None:
    """A record of ``case`` named in a request body, or None; 400 if it is not in the case."""
    if pk is None:
        return None
    try:
        return queryset.get(case=case, pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):  # type: ignore[attr-defined]
        raise ValidationError({field: _("Not in this case.")}) from None


def agency_user_or_400(
    pk: int | None, agency_id: int | None, capability: C, field: str
) -> User | None:
    """An active user of ``agency_id`` with ``capability`` named in a request body (the choices
    the page offers), None for none; 400 for anyone else."""
    if pk is None:
        return None
    found = User.objects.filter(pk=pk, agency_id=agency_id, is_active=True).first()
    if found is None or agency_id is None or not found.can(capability):
        raise ValidationError({field: _("Not one of the users who may be chosen here.")})
    return found


def interviewed_person_or_400(user: User, pk: int) -> Person:
    """A person the user sees, or a victim in a case the user's agency takes part in."""
    try:
        return person_for_interviews(user, pk)
    except Http404:
        raise ValidationError({"person": _("No such person.")}) from None


class CaseScoped(viewsets.GenericViewSet):  # type: ignore[type-arg]
    """Records of the cases the caller's agency takes part in; ``?case=`` narrows to one."""

    model: type[Model]
    related: tuple[str, ...] = ()

    def get_queryset(self) -> QuerySet[Any]:
        if schema_only(self):
            return self.model.objects.none()  # type: ignore[attr-defined]
        user = api_user(self.request, *JUSTICE)
        rows = self.model.objects.filter(  # type: ignore[attr-defined]
            case__in=access.participating_cases(user)
        )
        case = self.request.query_params.get("case")
        if case:
            rows = rows.filter(case_id=case if case.isdigit() else 0)
        return rows.select_related(*self.related).order_by("-id")

    def user(self) -> User:
        return api_user(self.request, *JUSTICE)

    def created(self, obj: Any) -> Response:
        return Response(self.get_serializer(obj).data, status=status.HTTP_201_CREATED)


LIST_BY_CASE = extend_schema_view(list=extend_schema(parameters=[CASE_PARAMETER]))


class CriminalCaseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Criminal cases the caller's agency takes part in: police unit, prosecutor's office, court."""

    serializer_class = CriminalCaseSerializer

    def get_queryset(self) -> QuerySet[CriminalCase]:
        if schema_only(self):
            return CriminalCase.objects.none()
        user = api_user(self.request, *JUSTICE)
        cases = queries.with_class(access.participating_cases(user))
        return cases.order_by("-opened_at", "-id")

    def list(self, request: Request, *args: object, **kwargs: object) -> Response:
        response = super().list(request, *args, **kwargs)
        shown = [row["id"] for row in response.data["results"]]
        log_action(
            "criminal_case.listed", user=api_user(request), request=request, data={"ids": shown}
        )
        return response

    def retrieve(self, request: Request, *args: object, **kwargs: object) -> Response:
        case = self.get_object()
        log_action("criminal_case.viewed", user=api_user(request), request=request, obj=case)
        return Response(self.get_serializer(case).data)

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = api_user(request, C.INVESTIGATE)
        data = valid(self.get_serializer(data=request.data))
        fields = ["origin", "origin_reference", "referring_agency", "province"]
        fields += ["exploitation_types", "summary", "prosecution_agency", "opened_on"]
        kwargs_ = {k: data[k] for k in fields if k in data}
        case = services.open_case(user, request=request, **kwargs_)
        return Response(self.get_serializer(case).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CaseEditSerializer, responses=CriminalCaseSerializer)
    def partial_update(self, request: Request, *args: object, **kwargs: object) -> Response:
        """The police unit corrects the facts of its case: only the fields sent change."""
        user = api_user(request, *JUSTICE)
        case = self.get_object()
        data = valid(CaseEditSerializer(data=request.data, partial=True))
        data.pop("version", None)
        version = expected_version(request.data)
        if "investigator" in data:
            data["investigator"] = agency_user_or_400(
                data["investigator"], case.police_agency_id, C.INVESTIGATE, "investigator"
            )
        case = services.update_case(user, case, data, expected_version=version, request=request)
        return Response(CriminalCaseSerializer(case).data)

    @extend_schema(methods=["GET"], request=None, responses=NotesSerializer)
    @extend_schema(methods=["PUT"], request=NotesSerializer, responses=NotesSerializer)
    @action(detail=True, methods=["get", "put"], serializer_class=NotesSerializer)
    def notes(self, request: Request, pk: str | None = None) -> Response:
        """Internal notes of the prosecutor and the court, kept from the police and followers."""
        user = api_user(request, *JUSTICE)
        case = self.get_object()
        if request.method == "PUT":
            data = valid(NotesSerializer(data=request.data))
            version = data.pop("version")
            case = services.update_case(user, case, data, expected_version=version, request=request)
        elif not access.reads_court_notes(user, case):
            raise PermissionDenied(_("Only the prosecutor and the court keep internal notes."))
        else:
            log_action(
                "criminal_case.viewed", user=user, request=request, obj=case, data={"view": "notes"}
            )
        return Response(NotesSerializer(case).data)

    @extend_schema(request=ProsecutorSerializer, responses=CriminalCaseSerializer)
    @action(detail=True, methods=["post"], serializer_class=ProsecutorSerializer)
    def prosecutor(self, request: Request, pk: str | None = None) -> Response:
        """The prosecutor in charge, chosen by the prosecutor's office; null for none."""
        user = api_user(request, *JUSTICE)
        case = self.get_object()
        chosen = agency_user_or_400(
            valid(ProsecutorSerializer(data=request.data))["prosecutor"],
            case.prosecution_agency_id,
            C.PROSECUTE,
            "prosecutor",
        )
        case = services.assign_prosecutor(user, case, chosen, request=request)
        return Response(CriminalCaseSerializer(case).data)

    @extend_schema(request=StageMoveSerializer, responses=CriminalCaseSerializer)
    @action(detail=True, methods=["post"], serializer_class=StageMoveSerializer)
    def stage(self, request: Request, pk: str | None = None) -> Response:
        user = api_user(request, *JUSTICE)
        case = self.get_object()
        data = valid(StageMoveSerializer(data=request.data))
        agency, appeal_office = None, None
        if data["responsible_agency"] is not None:
            agency = Agency.objects.filter(pk=data["responsible_agency"]).first()
            if agency is None:
                raise ValidationError({"responsible_agency": _("No such agency.")})
        if data["appeal_prosecution_agency"] is not None:
            appeal_office = Agency.objects.filter(pk=data["appeal_prosecution_agency"]).first()
            if appeal_office is None:
                raise ValidationError({"appeal_prosecution_agency": _("No such agency.")})
        case = services.change_stage(
            user,
            case,
            data["to_stage"],
            on=data.get("on"),
            reason=data["reason"],
            closure=data["closure"],
            responsible_agency=agency,
            responsible_person=data["responsible_person"],
            appeal_prosecution_agency=appeal_office,
            request=request,
        )
        return Response(CriminalCaseSerializer(case).data)

    @extend_schema(request=None, responses=TransitionSerializer(many=True))
    @action(detail=True, methods=["get"], serializer_class=TransitionSerializer)
    def timeline(self, request: Request, pk: str | None = None) -> Response:
        """Every stage move: who, when, why, and who was responsible."""
        case = self.get_object()
        return Response(TransitionSerializer(case.transitions.all(), many=True).data)

    @extend_schema(methods=["GET"], request=None, responses=VictimSerializer(many=True))
    @extend_schema(methods=["POST"], request=VictimSerializer, responses=VictimSerializer)
    @action(detail=True, methods=["get", "post"], serializer_class=VictimSerializer)
    def victims(self, request: Request, pk: str | None = None) -> Response:
        user = api_user(request, *JUSTICE)
        case = self.get_object()
        if request.method == "POST":
            data = valid(VictimSerializer(data=request.data))
            person = _person_or_400(user, data["person_id"])
            victim = services.add_victim(
                user,
                case,
                person,
                participates=data.get("participates", False),
                support=data.get("support", []),
                request=request,
            )
            return Response(
                VictimSerializer(victim, context={"request": request}).data,
                status=status.HTTP_201_CREATED,
            )
        victims = list(case.victims.all())
        shown = set(
            visible_persons(user)
            .filter(pk__in=[v.person_id for v in victims])
            .values_list("pk", flat=True)
        )
        log_bulk_read(
            "person.listed", user=user, request=request, person_ids=sorted(shown), reason="api"
        )
        return Response(VictimSerializer(victims, many=True, context={"shown": shown}).data)


def _person_or_400(user: User, pk: int) -> Person:
    try:
        return visible_persons(user).get(pk=pk)
    except Person.DoesNotExist:
        raise ValidationError({"person": _("No such person.")}) from None


class CaseFeedbackViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Stage and outcome of the criminal cases of victims the caller's agency works with."""

    serializer_class = CaseFeedbackSerializer

    def get_queryset(self) -> QuerySet[CriminalCase]:
        if schema_only(self):
            return CriminalCase.objects.none()
        user = api_user(self.request, *JUSTICE, C.VIEW_PERSONS, C.MANAGE_CASES)
        cases = queries.with_class(access.visible_cases(user)).select_related("police_agency")
        return cases.prefetch_related(services.verdicts_in_order()).order_by("-id")


class VictimViewSet(CaseScoped):
    """Victims in the cases the caller's agency takes part in: participation, support, and
    review under the non-punishment principle. They are added through ``criminal-cases``."""

    model = CaseVictim
    serializer_class = VictimSerializer
    related = ("case",)

    @extend_schema(request=VictimChangeSerializer, responses=VictimSerializer)
    def partial_update(self, request: Request, *args: object, **kwargs: object) -> Response:
        """Whether the victim takes part in the proceedings, and the support received."""
        user = self.user()
        victim = self.get_object()
        data = valid(VictimChangeSerializer(data=request.data, partial=True))
        version = expected_version(request.data)
        victim = services.update_victim(
            user,
            victim,
            participates=data.get("participates", victim.participates),
            support=data.get("support", victim.support),
            expected_version=version,
            request=request,
        )
        return Response(VictimSerializer(victim, context={"request": request}).data)

    @extend_schema(request=NonPunishmentFlagSerializer, responses=VictimSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path="non-punishment",
        serializer_class=NonPunishmentFlagSerializer,
    )
    def non_punishment(self, request: Request, pk: str | None = None) -> Response:
        """The victim faces charges for acts they were forced to commit: the prosecutor is asked
        to review (ACTIP art. 14; Criminal Code art. 36)."""
        user = self.user()
        victim = self.get_object()
        data = valid(NonPunishmentFlagSerializer(data=request.data))
        victim = services.flag_non_punishment(user, victim, request=request, **data)
        return Response(VictimSerializer(victim, context={"request": request}).data)

    @extend_schema(request=NonPunishmentReviewSerializer, responses=VictimSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path="non-punishment/review",
        serializer_class=NonPunishmentReviewSerializer,
    )
    def non_punishment_review(self, request: Request, pk: str | None = None) -> Response:
        """The prosecutor's or the court's decision on a victim flagged for review."""
        user = self.user()
        victim = self.get_object()
        data = valid(NonPunishmentReviewSerializer(data=request.data))
        victim = services.review_non_punishment(user, victim, request=request, **data)
        return Response(VictimSerializer(victim, context={"request": request}).data)


@LIST_BY_CASE
class SuspectViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    CaseScoped,
):
    """Suspects and defendants: persons known by names, aliases and handles, or companies."""

    model = Suspect
    serializer_class = SuspectSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def list(self, request: Request, *args: object, **kwargs: object) -> Response:
        response = super().list(request, *args, **kwargs)
        shown = [row["id"] for row in response.data["results"]]
        log_action("suspect.listed", user=self.user(), request=request, data={"ids": shown})
        return response

    def retrieve(self, request: Request, *args: object, **kwargs: object) -> Response:
        suspect = self.get_object()
        log_action("suspect.viewed", user=self.user(), request=request, obj=suspect)
        return Response(self.get_serializer(suspect).data)

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = self.user()
        data = valid(self.get_serializer(data=request.data))
        case = case_or_400(user, data.pop("case_id"))
        data.pop("version", None)
        return self.created(services.add_suspect(user, case, data, request=request))

    def update(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = self.user()
        suspect = self.get_object()
        data = valid(self.get_serializer(suspect, data=request.data, partial=True))
        data.pop("case_id", None)
        data.pop("version", None)
        version = expected_version(request.data)
        suspect = services.update_suspect(
            user, suspect, data, expected_version=version, request=request
        )
        return Response(self.get_serializer(suspect).data)

    @extend_schema(request=None, responses=SuspectSerializer)
    @action(detail=True, methods=["post"])
    def absconded(self, request: Request, pk: str | None = None) -> Response:
        """Report that the suspect has fled; the police unit and the prosecutor are alerted."""
        user = self.user()
        suspect = services.report_absconded(user, self.get_object(), request=request)
        return Response(SuspectSerializer(suspect).data)


@LIST_BY_CASE
class ChargeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    CaseScoped,
):
    """Charges coded by law and article: recommended by the police, brought by the prosecutor."""

    model = Charge
    serializer_class = ChargeSerializer

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = self.user()
        data = valid(self.get_serializer(data=request.data))
        case = case_or_400(user, data["case_id"])
        suspect = member(Suspect.objects.all(), case, data["suspect_id"], "suspect")
        assert suspect is not None
        charge = services.add_charge(
            user,
            case,
            suspect,
            offence=data["offence"],
            level=data["level"],
            exploitation=data.get("exploitation", ""),
            article_detail=data.get("article_detail", ""),
            request=request,
        )
        return self.created(charge)

    def destroy(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = self.user()
        charge = self.get_object()
        services.remove_charge(user, charge, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


@LIST_BY_CASE
class ArrestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, CaseScoped
):
    """Arrests with their 48-hour custody clock."""

    model = Arrest
    serializer_class = ArrestSerializer

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = self.user()
        data = valid(self.get_serializer(data=request.data))
        case = case_or_400(user, data["case_id"])
        suspect = member(Suspect.objects.all(), case, data["suspect_id"], "suspect")
        warrant = member(Warrant.objects.all(), case, data.get("warrant_id"), "warrant")
        assert suspect is not None
        arrest = custody.record_arrest(
            user,
            case,
            suspect,
            arrested_at=data["arrested_at"],
            place=data.get("place", ""),
            warrant=warrant,
            request=request,
        )
        return self.created(arrest)

    @extend_schema(request=CustodyOutcomeSerializer, responses=ArrestSerializer)
    @action(detail=True, methods=["post"], serializer_class=CustodyOutcomeSerializer)
    def outcome(self, request: Request, pk: str | None = None) -> Response:
        """Charged or released: the custody clock stops."""
        user = self.user()
        data, arrest = valid(CustodyOutcomeSerializer(data=request.data)), self.get_object()
        arrest = custody.record_custody_outcome(
            user, arrest, outcome=data["outcome"], at=data["at"], request=request
        )
        return Response(ArrestSerializer(arrest).data)


@LIST_BY_CASE
class WarrantViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, CaseScoped
):
    """Summonses, arrest and search warrants: issued, sent, served or not."""

    model = Warrant
    serializer_class = WarrantSerializer

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = self.user()
        data = valid(self.get_serializer(data=request.data))
        case = case_or_400(user, data["case_id"])
        suspect = member(Suspect.objects.all(), case, data.get("suspect_id"), "suspect")
        warrant = custody.issue_warrant(
            user,
            case,
            kind=data["kind"],
            issued_on=data["issued_on"],
            issued_by=data["issued_by"],
            suspect=suspect,
            target=data.get("target", ""),
            request=request,
        )
        return self.created(warrant)

    @extend_schema(request=WarrantStatusSerializer, responses=WarrantSerializer)
    @action(detail=True, methods=["post"], serializer_class=WarrantStatusSerializer)
    def status(self, request: Request, pk: str | None = None) -> Response:
        user = self.user()
        data, warrant = valid(WarrantStatusSerializer(data=request.data)), self.get_object()
        warrant = custody.update_warrant(user, warrant, request=request, **data)
        return Response(WarrantSerializer(warrant).data)


@LIST_BY_CASE
class SupervisionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, CaseScoped
):
    """Judicial supervision: conditions and reporting dates, with each report or missed report."""

    model = Supervision
    serializer_class = SupervisionSerializer

    def get_queryset(self) -> QuerySet[Any]:
        """As the pages: also the supervisions reported to the caller's police unit."""
        if schema_only(self):
            return Supervision.objects.none()
        user = self.user()
        in_case = access.participating_cases(user).filter(pk=OuterRef("case_id"))
        rows = custody.visible_supervisions(user).annotate(in_case=Exists(in_case))
        case = self.request.query_params.get("case")
        if case:
            rows = rows.filter(case_id=case if case.isdigit() else 0)
        return rows.order_by("-id")

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = self.user()
        data = valid(self.get_serializer(data=request.data))
        case = case_or_400(user, data.pop("case_id"))
        suspect = member(Suspect.objects.all(), case, data.pop("suspect_id"), "suspect")
        assert suspect is not None
        supervision = custody.order_supervision(user, case, suspect, request=request, **data)
        supervision.in_case = True  # type: ignore[attr-defined]  # ordered by a participant
        return self.created(supervision)

    @extend_schema(methods=["GET"], request=None, responses=CheckInSerializer(many=True))
    @extend_schema(methods=["POST"], request=CheckInSerializer, responses=CheckInSerializer)
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="check-ins",
        serializer_class=CheckInSerializer,
    )
    def check_ins(self, request: Request, pk: str | None = None) -> Response:
        supervision = self.get_object()
        if request.method == "GET":
            return Response(CheckInSerializer(supervision.check_ins.all(), many=True).data)
        user = self.user()
        data = valid(CheckInSerializer(data=request.data))
        check_in = custody.record_check_in(
            user,
            supervision,
            attended=data["attended"],
            due_on=data.get("due_on"),
            note=data.get("note", ""),
            request=request,
        )
        return Response(CheckInSerializer(check_in).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=SupervisionSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str | None = None) -> Response:
        """End judicial supervision: no more reports are due."""
        user = self.user()
        supervision = self.get_object()
        supervision = custody.end_supervision(user, supervision, request=request)
        return Response(SupervisionSerializer(supervision).data)


@LIST_BY_CASE
class HearingViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, CaseScoped
):
    """Hearings; scheduling one tells the victims' case workers."""

    model = Hearing
    serializer_class = HearingSerializer

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = self.user()
        data = valid(self.get_serializer(data=request.data))
        case = case_or_400(user, data["case_id"])
        hearing = court.schedule_hearing(
            user,
            case,
            kind=data["kind"],
            scheduled_for=data["scheduled_for"],
            court_agency=data.get("court_agency"),
            room=data.get("room", ""),
            request=request,
        )
        return self.created(hearing)

    @extend_schema(request=HearingUpdateSerializer, responses=HearingSerializer)
    @action(detail=True, methods=["post"], serializer_class=HearingUpdateSerializer)
    def status(self, request: Request, pk: str | None = None) -> Response:
        """Held, or postponed to a new date and time with the reason: the postponed hearing
        stays on record and the answer is the new hearing; the victims' case workers are told
        of the new date."""
        user = self.user()
        hearing = self.get_object()
        data = valid(HearingUpdateSerializer(data=request.data))
        hearing = court.update_hearing(
            user,
            hearing,
            status=data["status"],
            scheduled_for=data["scheduled_for"],
            reason=data["reason"],
            request=request,
        )
        return Response(HearingSerializer(hearing).data)


@LIST_BY_CASE
class VerdictViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, CaseScoped
):
    """Verdicts per defendant and per charge, with the sentence."""

    model = Verdict
    serializer_class = VerdictSerializer
    related = ("charge",)

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = self.user()
        data = valid(self.get_serializer(data=request.data))
        case = case_or_400(user, data.pop("case_id"))
        charge = member(Charge.objects.all(), case, data.pop("charge_id"), "charge")
        retrial_of = member(Verdict.objects.all(), case, data.pop("retrial_of_id"), "retrial_of")
        assert charge is not None
        verdict = court.record_verdict(
            user, case, charge, retrial_of=retrial_of, request=request, **data
        )
        return self.created(verdict)


@LIST_BY_CASE
class SettlementViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, CaseScoped):
    """Out-of-court settlements and withdrawals: who proposed them, and the amount."""

    model = Settlement
    serializer_class = SettlementSerializer

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = self.user()
        data = valid(self.get_serializer(data=request.data))
        case = case_or_400(user, data.pop("case_id"))
        victim = member(CaseVictim.objects.all(), case, data.pop("victim_id"), "victim")
        suspect = member(Suspect.objects.all(), case, data.pop("suspect_id"), "suspect")
        settlement = court.record_settlement(
            user, case, victim=victim, suspect=suspect, request=request, **data
        )
        return self.created(settlement)


@LIST_BY_CASE
class CompensationOrderViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, CaseScoped
):
    """Compensation orders per victim and defendant; payments reduce the balance."""

    model = CompensationOrder
    serializer_class = CompensationOrderSerializer

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = self.user()
        data = valid(self.get_serializer(data=request.data))
        case = case_or_400(user, data["case_id"])
        victim = member(CaseVictim.objects.all(), case, data["victim_id"], "victim")
        defendant = member(Suspect.objects.all(), case, data["defendant_id"], "defendant")
        verdict = member(Verdict.objects.all(), case, data.get("verdict_id"), "verdict")
        worksheet = member(
            CompensationWorksheet.objects.all(), case, data.get("worksheet_id"), "worksheet"
        )
        assert victim is not None and defendant is not None
        order = orders.record_order(
            user,
            case,
            victim=victim,
            defendant=defendant,
            amount_riel=data["amount_riel"],
            ordered_on=data["ordered_on"],
            due_on=data["due_on"],
            verdict=verdict,
            worksheet=worksheet,
            request=request,
        )
        return self.created(order)

    @extend_schema(methods=["GET"], request=None, responses=PaymentSerializer(many=True))
    @extend_schema(methods=["POST"], request=PaymentSerializer, responses=PaymentSerializer)
    @action(detail=True, methods=["get", "post"], serializer_class=PaymentSerializer)
    def payments(self, request: Request, pk: str | None = None) -> Response:
        order = self.get_object()
        if request.method == "GET":
            return Response(PaymentSerializer(order.payments.all(), many=True).data)
        user = self.user()
        data = valid(PaymentSerializer(data=request.data))
        payment = orders.record_payment(user, order, request=request, **data)
        return Response(PaymentSerializer(payment).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], request=None, responses=EnforcementSerializer(many=True))
    @extend_schema(methods=["POST"], request=EnforcementSerializer, responses=EnforcementSerializer)
    @action(detail=True, methods=["get", "post"], serializer_class=EnforcementSerializer)
    def enforcement(self, request: Request, pk: str | None = None) -> Response:
        order = self.get_object()
        if request.method == "GET":
            return Response(EnforcementSerializer(order.enforcement_steps.all(), many=True).data)
        user = self.user()
        data = valid(EnforcementSerializer(data=request.data))
        step = orders.record_enforcement(user, order, request=request, **data)
        return Response(EnforcementSerializer(step).data, status=status.HTTP_201_CREATED)


def persons_listed(request: Request, response: Response, reason: str) -> Response:
    """Each person named on a page of a list (rows with ``person``) is an audited read."""
    ids = sorted({row["person"] for row in response.data["results"]})
    log_bulk_read(
        "person.listed", user=api_user(request), request=request, person_ids=ids, reason=reason
    )
    return response


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("person", OpenApiTypes.INT, description="The interviewed person.")
        ]
    )
)
class InterviewViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Interviews of victims by any agency: how many there have been, and recording one."""

    serializer_class = InterviewSerializer

    def get_queryset(self) -> QuerySet[Interview]:
        if schema_only(self):
            return Interview.objects.none()
        user = api_user(self.request, *interviews.INTERVIEWERS)
        # The same rule as the interviews page: all of a victim's interviews for those working
        # with her within her consent, else those the agency held, joined or has a case in.
        rows = interviews.visible_interviews(user).prefetch_related("with_agencies")
        person = self.request.query_params.get("person")
        if person:
            rows = rows.filter(person_id=person if person.isdigit() else 0)
        return rows.order_by("-interviewed_on", "-id")

    def list(self, request: Request, *args: object, **kwargs: object) -> Response:
        return persons_listed(request, super().list(request, *args, **kwargs), "api interviews")

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        user = api_user(request, *interviews.INTERVIEWERS)
        data = valid(self.get_serializer(data=request.data))
        person = interviewed_person_or_400(user, data["person_id"])
        case = None
        if data.get("case_id") is not None:
            case = _visible_case_or_400(user, data["case_id"])
        invitation = None
        if data.get("invitation_id") is not None:
            # As on the page: an open invitation the agency proposed or was invited to.
            answerable = interviews.answerable_invitations(user, person)
            invitation = answerable.filter(pk=data["invitation_id"]).first()
            if invitation is None:
                raise ValidationError({"invitation": _("No open invitation for your agency.")})
        interview = interviews.record_interview(
            user,
            person,
            interviewed_on=data["interviewed_on"],
            purpose=data["purpose"],
            case=case,
            joint=data.get("joint", False),
            with_agencies=data.get("with_agencies", []),
            invitation=invitation,
            request=request,
        )
        return Response(self.get_serializer(interview).data, status=status.HTTP_201_CREATED)


def _visible_case_or_400(user: User, pk: Any) -> CriminalCase:
    try:
        return access.get_case_for_user(user, pk)
    except Http404:
        raise ValidationError({"case": _("No such case.")}) from None


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "person",
                OpenApiTypes.INT,
                required=True,
                description="The person to be interviewed.",
            )
        ]
    )
)
class InvitationViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Invitations to interview a victim together, instead of each agency on its own. An
    invitation is answered by recording the interview held on it (``interviews``)."""

    serializer_class = InvitationSerializer

    def get_queryset(self) -> QuerySet[JointInterviewInvitation]:
        if schema_only(self):
            return JointInterviewInvitation.objects.none()
        user = api_user(self.request, *interviews.INTERVIEWERS)
        pk = self.request.query_params.get("person", "")
        if not pk.isdigit():
            raise ValidationError({"person": _("Give the number of the person.")})
        try:
            person = person_for_interviews(user, int(pk))
        except Http404:
            return JointInterviewInvitation.objects.none()
        rows = interviews.visible_invitations(user, person)
        return rows.prefetch_related("agencies").order_by("proposed_for", "id")

    def list(self, request: Request, *args: object, **kwargs: object) -> Response:
        response = super().list(request, *args, **kwargs)
        return persons_listed(request, response, "api interview invitations")

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        """Propose one interview for all who need to hear the victim; the agencies are told."""
        user = api_user(request, *interviews.INTERVIEWERS)
        data = valid(self.get_serializer(data=request.data))
        person = interviewed_person_or_400(user, data["person_id"])
        if data.get("case_id") is not None:
            case = _visible_case_or_400(user, data["case_id"])
        else:
            case = interviews.first_case_of(user, person)
        invitation = interviews.invite(
            user,
            person,
            proposed_for=data["proposed_for"],
            purpose=data["purpose"],
            agencies=data["agencies"],
            case=case,
            note=data.get("note", ""),
            request=request,
        )
        return Response(self.get_serializer(invitation).data, status=status.HTTP_201_CREATED)


class OffenceListView(APIView):
    """The offence catalogue charges are coded against, and which are trafficking offences."""

    @extend_schema(operation_id="offences_list", responses=OffenceSerializer(many=True))
    def get(self, request: Request) -> Response:
        api_user(request)
        language = get_language() or "en"
        rows = [
            {
                "code": o.code,
                "law": o.law.value,
                "law_label": o.law_label(language),
                "article": o.article,
                "label": o.label(language),
                "trafficking": o.trafficking,
                "exploitation": o.exploitation,
                "cross_border": o.cross_border,
            }
            for o in offences.OFFENCES
        ]
        return Response(OffenceSerializer(rows, many=True).data)


class CalculatorView(APIView):
    """The compensation calculator: each head of damage with its basis. With ``victim``, the
    worksheet is saved with the case (for the police unit, the prosecutor or the court)."""

    @extend_schema(
        operation_id="compensation_calculate",
        request=CompensationClaimSerializer,
        responses=CompensationAssessmentSerializer,
    )
    def post(self, request: Request) -> Response:
        user = api_user(request, *CALCULATOR_USERS)
        data = valid(CompensationClaimSerializer(data=request.data))
        victim_id = data.pop("victim")
        claim = orders.claim_from(data)
        worksheet = None
        if victim_id is not None:
            victim = CaseVictim.objects.filter(
                pk=victim_id, case__in=access.participating_cases(user)
            ).first()
            if victim is None:
                raise ValidationError({"victim": _("No such victim.")})
            worksheet = orders.save_worksheet(user, victim, claim, request=request)
        assessment = orders.calculate(claim)
        payload = {
            "parts": [
                {
                    "head": p.head.value,
                    "amount": p.amount,
                    "basis": [basis_line(line) for line in p.lines],
                }
                for p in assessment.parts
            ],
            "compensatory": assessment.compensatory,
            "punitive": assessment.punitive,
            "total": assessment.total,
            "worksheet": worksheet.pk if worksheet else None,
        }
        return Response(CompensationAssessmentSerializer(payload).data)


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's notifications, newest first."""

    serializer_class = NotificationSerializer

    def get_queryset(self) -> QuerySet[Notification]:
        if schema_only(self):
            return Notification.objects.none()
        user = api_user(self.request)
        return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None) -> Response:
        notification = self.get_object()
        notices.mark_read(api_user(request), [notification.pk])
        notification.refresh_from_db()
        return Response(NotificationSerializer(notification).data)
