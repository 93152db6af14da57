"""Hotline numbers shown to migrants and victims on the public rights pages. The system
administrator keeps them (admin console): a deployment shows only numbers it has verified."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rumdoh.core.lookups import ListHolds

# The public pages a hotline may be shown on (the slugs of /rights/<page>/; "" is /rights/).
HOTLINE_PAGES = [
    ("", _("Your rights")),
    ("report", _("How to report")),
    ("victims", _("The rights of victims of trafficking")),
    ("migrants", _("Migrant workers: before you go and at work")),
    ("justice", _("A victim's guide to the justice process")),
]


class Hotline(models.Model):
    name_en = models.CharField(_("name in English"), max_length=120)
    name_km = models.CharField(_("name in Khmer"), max_length=120)
    number = models.CharField(_("number"), max_length=30)
    hours = models.CharField(_("hours"), max_length=80, blank=True)
    languages = models.CharField(_("languages answered"), max_length=120, blank=True)
    pages = models.JSONField(_("pages that show it"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("shown"), default=True)
    demo = models.BooleanField(
        _("demo number"),
        default=False,
        help_text=_("An example number of the demonstration data: shown marked as such."),
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("hotline")

    def __str__(self) -> str:
        return f"{self.number} {self.name_en}"

    def name(self, language: str | None) -> str:
        """The name in the reader's language: Khmer and English as recorded; the other languages
        of the public pages get the English name through the catalogues when they carry it (as
        they do for the police emergency number), else the English name as it is."""
        if language and language.startswith("km") and self.name_km:
            return self.name_km
        if language and not language.startswith("en"):
            return gettext(self.name_en)
        return self.name_en

    @property
    def tel(self) -> str:
        return "".join(c for c in self.number if c.isdigit() or c == "+")


# The public pages ask the database for the hotlines of one page (pages__holds="report").
Hotline._meta.get_field("pages").register_lookup(ListHolds)
