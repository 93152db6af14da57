"""The caller's notifications through the API."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from rumdoh.accounts.api import api_user
from rumdoh.core.api import schema_only, valid_filters
from rumdoh.core.api_schema import filter_parameters
from rumdoh.justice.serializers import NotificationSerializer
from rumdoh.notices import services as notices
from rumdoh.notices.forms import InboxFilterForm
from rumdoh.notices.models import Notification
from rumdoh.people.api_audit import AuditedViewSet, NoPersonalData


@extend_schema_view(list=extend_schema(parameters=filter_parameters(InboxFilterForm)))
class NotificationViewSet(mixins.ListModelMixin, AuditedViewSet):
    """The caller's notifications, newest first; the list takes the inbox's filters."""

    serializer_class = NotificationSerializer
    audit = NoPersonalData("the caller's own notices, naming records by reference only")

    def get_queryset(self) -> QuerySet[Notification]:
        if schema_only(self):
            return Notification.objects.none()
        user = api_user(self.request)
        rows = Notification.objects.filter(recipient=user)
        if self.action != "list":
            return rows
        # The inbox's filters, read by its form: a value it refuses answers 400 with the message
        # the page shows beside the field.
        form = valid_filters(InboxFilterForm(self.request.query_params))
        return notices.filtered_notifications(rows, **form.cleaned_data)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None) -> Response:
        notification = self.get_object()
        notices.mark_read(api_user(request), [notification.pk])
        notification.refresh_from_db()
        return Response(NotificationSerializer(notification).data)
