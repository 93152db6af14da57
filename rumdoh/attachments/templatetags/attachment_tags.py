"""The files panel on a record's page: the newest files, and the upload form for who may add."""

from typing import Any

from django import template
from django.db.models import Model

from rumdoh.accounts.models import User
from rumdoh.attachments import access
from rumdoh.attachments.forms import AttachmentForm
from rumdoh.attachments.models import Attachment
from rumdoh.core.pagination import lookahead

register = template.Library()

PANEL_SIZE = 10


@register.simple_tag
def attachment_panel(kind: str, record: Model, user: User) -> dict[str, Any]:
    """The panel of ``record``, which the page's view has fetched and checked the user sees."""
    if not isinstance(user, User) or not user.is_authenticated:
        return {}
    parent = access.parent_on_page(user, kind, record)
    if parent is None:
        return {}
    rows = Attachment.objects.filter(**parent.filter).defer("content")
    shown, more = lookahead(rows.select_related("agency", "uploaded_by"), 1, PANEL_SIZE)
    return {
        "parent": parent,
        "attachments": shown,
        "more": more,
        "deletable": {a.pk for a in shown if access.may_delete(user, a, parent)},
        "form": AttachmentForm(auto_id="attachment-%s") if parent.may_change else None,
    }
