"""A licence renewed ahead of time is one unbroken licence: the agency keeps the first day of it.

Before, a renewal overwrote the agency's licence dates with the renewed term's, so an agency
renewed ahead of time (its renewed term starting the day after the term in force ends) read as
"not yet valid", not allowed to recruit, on the public check and the staff pages until the
renewed term began. Each agency whose dates are still those a renewal without a break gave it
gets back the first day of its unbroken licence, found by going back through its renewals that
followed the term before without a gap; its licence history is left as it was. The change is
noted in the audit trail (``recruiter.licence_start_restored``) and printed.
"""

import sys
from datetime import timedelta

from django.db import migrations


def unbroken_start(terms, dates):
    """The first day of the unbroken licence the agency's ``dates`` (issued, expires) belong
    to, going back from the last of its licence ``terms`` (oldest first) through the renewals
    that gave those dates and followed the term before them without a gap."""
    first = dates[0]
    for term in reversed(terms):
        if term.kind != "renewed" or (term.issued_on, term.expires_on) != dates:
            break
        if term.previous_issued_on is None or term.previous_expires_on is None:
            break
        if term.issued_on > term.previous_expires_on + timedelta(days=1):
            break
        dates = (term.previous_issued_on, term.previous_expires_on)
        first = min(first, term.previous_issued_on)
    return first


def restore_licence_starts(apps, schema_editor):
    agency_model = apps.get_model("labour", "RecruitmentAgency")
    term_model = apps.get_model("labour", "LicenceTerm")
    audit_model = apps.get_model("accounts", "AuditEvent")
    renewed = term_model.objects.filter(kind="renewed").values("agency_id")
    for agency in agency_model.objects.filter(pk__in=renewed).order_by("id"):
        terms = list(term_model.objects.filter(agency=agency).order_by("recorded_at", "id"))
        first = unbroken_start(terms, (agency.issued_on, agency.expires_on))
        if first == agency.issued_on:
            continue
        was = agency.issued_on
        agency_model.objects.filter(pk=agency.pk).update(issued_on=first)
        audit_model.objects.create(
            action="recruiter.licence_start_restored",
            object_type="labour.recruitmentagency",
            object_id=str(agency.pk),
            data={"was": was.isoformat(), "now": first.isoformat()},
        )
        sys.stdout.write(
            f"\n  Recruitment agency {agency.pk}: renewed without a break, licensed since "
            f"{first.isoformat()} (was read as issued on {was.isoformat()})."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_audit_event_names"),
        ("labour", "0008_licence_numbers_once"),
    ]

    operations = [
        migrations.RunPython(restore_licence_starts, migrations.RunPython.noop),
    ]
