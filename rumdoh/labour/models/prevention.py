"""Prevention: training sessions, awareness campaigns and pre-departure orientation."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rumdoh.accounts.models import PROVINCE_CHOICES, Agency
from rumdoh.labour.choices import PreventionKind


class PreventionActivity(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=PreventionKind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"))
    province = models.CharField(_("province"), max_length=2, choices=PROVINCE_CHOICES)
    sessions = models.PositiveIntegerField(_("sessions or briefings"), default=1)
    women = models.PositiveIntegerField(_("women and girls"), default=0)
    men = models.PositiveIntegerField(_("men and boys"), default=0)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("prevention activity")

    def __str__(self) -> str:
        return self.title

    @property
    def participants(self) -> int:
        return self.women + self.men
