"""Notifications to users: what happened, where to look. Never personal data.

A notification names a record by its reference (``J-000012``), never a person's name; the text is
written in the reader's language when it is shown, from the kind's registered message.
"""

from django.conf import settings
from django.db import models

from rumdoh.notices import kinds


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=64)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"

    @property
    def message(self) -> str:
        return kinds.render(self.kind, self.params)

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
