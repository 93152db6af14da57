"""The system administrator keeps the hotline numbers of the public pages; no personal data."""

from typing import Any

from django import forms
from django.contrib import admin

from rumdoh.labour.models import Hotline
from rumdoh.labour.models.hotlines import HOTLINE_PAGES


class HotlineForm(forms.ModelForm):
    pages = forms.MultipleChoiceField(
        choices=HOTLINE_PAGES, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Hotline
        fields = [
            "number",
            "name_en",
            "name_km",
            "hours",
            "languages",
            "pages",
            "position",
            "active",
            "demo",
        ]

    def clean_pages(self) -> list[Any]:
        return list(self.cleaned_data.get("pages") or [])


@admin.register(Hotline)
class HotlineAdmin(admin.ModelAdmin):
    form = HotlineForm
    list_display = ["number", "name_en", "hours", "position", "active", "demo"]
    list_filter = ["active", "demo"]
    search_fields = ["number", "name_en", "name_km"]
