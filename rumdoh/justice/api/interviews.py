"""Interviews of victims and invitations to interview together, through the API."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from rumdoh.accounts.api import api_user
from rumdoh.accounts.models import User
from rumdoh.core.api import id_param, schema_only, valid
from rumdoh.justice import access, interviews
from rumdoh.justice.access import person_for_interviews
from rumdoh.justice.models import CriminalCase, Interview, JointInterviewInvitation
from rumdoh.justice.serializers import InterviewSerializer, InvitationSerializer
from rumdoh.people.api_audit import AuditedViewSet, Reads
from rumdoh.people.models import Person


def interviewed_person_or_400(user: User, pk: int) -> Person:
    """A person the user sees, or a victim in a case the user's agency takes part in."""
    try:
        return person_for_interviews(user, pk)
    except Http404:
        raise ValidationError({"person": _("No such person.")}) from None


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("person", OpenApiTypes.INT, description="The interviewed person.")
        ]
    )
)
class InterviewViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, AuditedViewSet):
    """Interviews of victims by any agency: how many there have been, and recording one."""

    serializer_class = InterviewSerializer
    audit = Reads("interview", persons=("person_id",))

    def get_queryset(self) -> QuerySet[Interview]:
        if schema_only(self):
            return Interview.objects.none()
        user = api_user(self.request, *interviews.INTERVIEWERS)
        # The same rule as the interviews page: all of a victim's interviews for those working
        # with her within her consent, else those the agency held, joined or has a case in.
        rows = interviews.visible_interviews(user).prefetch_related("with_agencies")
        person = self.request.query_params.get("person")
        if person:
            rows = rows.filter(person_id=id_param(person))
        return rows.order_by("-interviewed_on", "-id")

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
class InvitationViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, AuditedViewSet):
    """Invitations to interview a victim together, instead of each agency on its own. An
    invitation is answered by recording the interview held on it (``interviews``)."""

    serializer_class = InvitationSerializer
    audit = Reads("interview_invitation", persons=("person_id",))

    def get_queryset(self) -> QuerySet[JointInterviewInvitation]:
        if schema_only(self):
            return JointInterviewInvitation.objects.none()
        user = api_user(self.request, *interviews.INTERVIEWERS)
        pk = id_param(self.request.query_params.get("person", ""))
        if not pk:
            raise ValidationError({"person": _("Give the number of the person.")})
        try:
            person = person_for_interviews(user, pk)
        except Http404:
            return JointInterviewInvitation.objects.none()
        rows = interviews.visible_invitations(user, person)
        return rows.prefetch_related("agencies").order_by("proposed_for", "id")

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        """Propose one interview for all who need to hear the victim; the agencies are told."""
        user = api_user(request, *interviews.INTERVIEWERS)
        data = valid(self.get_serializer(data=request.data))
        person = interviewed_person_or_400(user, data["person_id"])
        case: CriminalCase | None
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
