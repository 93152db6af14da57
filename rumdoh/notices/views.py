"""The notification inbox: newest first, unread marked, each opening the record it is about."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from rumdoh.accounts.models import User
from rumdoh.core.filters import narrowed
from rumdoh.core.pagination import page_of
from rumdoh.notices import services
from rumdoh.notices.forms import InboxFilterForm
from rumdoh.notices.models import Notification


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = InboxFilterForm(request.GET or None)
    rows = narrowed(
        form, services.filtered_notifications, Notification.objects.filter(recipient=user)
    )
    page = page_of(request, rows)
    context = {"form": form, "page": page, "unread": services.unread(user).count()}
    return render(request, "notices/inbox.html", context)


@login_required
@require_POST
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    notification = get_object_or_404(Notification, pk=pk, recipient=user)
    services.mark_read(user, [notification.pk])
    safe = url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()})
    return redirect(notification.url if notification.url and safe else "notices:inbox")


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    services.mark_read(_user(request))
    return redirect("notices:inbox")
