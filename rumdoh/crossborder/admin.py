"""The system administrator registers counterparts' public keys; no personal data here."""

from django.contrib import admin

from rumdoh.crossborder.models import Counterpart


@admin.register(Counterpart)
class CounterpartAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "country", "receiving_agency", "active"]
    list_filter = ["country", "active"]
    search_fields = ["code", "name"]
