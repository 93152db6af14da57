"""What the justice API's resources share: records scoped to the cases the caller's agency
takes part in, and the checks of records named in a request body."""

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from rumdoh.accounts.api import api_user
from rumdoh.accounts.models import User
from rumdoh.accounts.rules.roles import Capability as C
from rumdoh.core.api import id_param, schema_only
from rumdoh.justice import access
from rumdoh.justice.access import JUSTICE
from rumdoh.justice.models import CriminalCase
from rumdoh.people.api_audit import AuditedViewSet

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
    found = None
    if agency_id is not None:
        found = User.objects.filter(pk=pk, agency_id=agency_id, is_active=True).first()
    if found is None or not found.can(capability):
        raise ValidationError({field: _("Not one of the users who may be chosen here.")})
    return found


class CaseScoped(AuditedViewSet):
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
        return self.of_case_asked(rows).select_related(*self.related).order_by("-id")

    def of_case_asked(self, rows: QuerySet[M]) -> QuerySet[M]:
        """``rows``, only those of the case named by ``?case=`` when one is."""
        case = self.request.query_params.get("case")
        return rows.filter(case_id=id_param(case)) if case else rows

    def user(self) -> User:
        return api_user(self.request, *JUSTICE)

    def created(self, obj: Any) -> Response:
        return Response(self.get_serializer(obj).data, status=status.HTTP_201_CREATED)


LIST_BY_CASE = extend_schema_view(list=extend_schema(parameters=[CASE_PARAMETER]))
