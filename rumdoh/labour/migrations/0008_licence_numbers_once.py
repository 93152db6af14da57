"""One licence number, one recruitment agency, whatever case or spacing it was typed in.

Every licence number is rewritten as the register now keeps it (``licences.licence_key``, copied
below as it stands today): in capitals, Khmer digits as Arabic ones, any dash a hyphen, without
invisible characters or extra spaces. The database then refuses a second agency whose number
differs from another's only in case.

Numbers that become one are not merged, and no agency is removed: the agency registered first
keeps the number; each later one keeps its number with ``DUPLICATE`` and its id added (so the
public check by number finds the first agency only, and the others still by name), and the
number it had is noted in the audit trail (``recruiter.licence_number_duplicate``) and printed,
for a licensing officer to correct on the agency's page.
"""

import sys
import unicodedata

import django.db.models.functions.text
from django.db import migrations, models

MAX_LENGTH = 40
SAME_CHARACTERS = str.maketrans(
    "០១២៣៤៥៦៧៨៩\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "0123456789-------"
)
DUPLICATE = " DUPLICATE {pk}"


def licence_key(number):
    text = unicodedata.normalize("NFKC", number).translate(SAME_CHARACTERS)
    visible = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return " ".join(visible.split()).upper()


def renumbering(rows):
    """The new number of each agency whose number changes, from its (id, number) pairs in the
    order they were registered, and the agencies that held a number already taken:
    ``({id: number}, [(id, number as it was, new number, id of the first holder)])``."""
    holders = {}
    changed = {}
    duplicates = []
    taken = {licence_key(number) for _pk, number in rows}
    for pk, number in rows:
        key = licence_key(number)
        if key not in holders:
            holders[key] = pk
            new = key
        else:
            suffix = DUPLICATE.format(pk=pk)
            new = key[: MAX_LENGTH - len(suffix)] + suffix
            while new in taken:
                suffix += "X"
                new = key[: MAX_LENGTH - len(suffix)] + suffix
            taken.add(new)
            duplicates.append((pk, number, new, holders[key]))
        if new != number:
            changed[pk] = new
    return changed, duplicates


def normalise_licence_numbers(apps, schema_editor):
    agency_model = apps.get_model("labour", "RecruitmentAgency")
    audit_model = apps.get_model("accounts", "AuditEvent")
    rows = list(
        agency_model.objects.order_by("created_at", "id").values_list("id", "licence_number")
    )
    changed, duplicates = renumbering(rows)
    # Duplicates first, to numbers no agency holds, freeing the number for its first holder.
    moved = {pk for pk, *_rest in duplicates}
    for pk in sorted(changed, key=lambda pk: pk not in moved):
        agency_model.objects.filter(pk=pk).update(licence_number=changed[pk])
    for pk, was, now, holder in duplicates:
        audit_model.objects.create(
            action="recruiter.licence_number_duplicate",
            object_type="labour.recruitmentagency",
            object_id=str(pk),
            data={"was": was, "now": now, "held_by": holder},
        )
        sys.stdout.write(
            f"\n  Recruitment agency {pk}: licence number {was!r} is held by agency {holder}; "
            f"now {now!r}. Correct it on the agency's page."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_agency_posted_in"),
        ("labour", "0007_sanctions_lifted_withdrawn_and_licence_terms"),
    ]

    operations = [
        migrations.RunPython(normalise_licence_numbers, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="recruitmentagency",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Upper("licence_number"),
                name="labour_licence_number_once",
                violation_error_message="Another recruitment agency holds this licence number.",
            ),
        ),
    ]
