"""One licence number, one recruitment agency, whatever separators it was typed with.

Migration 0008 kept every number in one form and refused a second agency whose number differed
only in case; ``PRA-0101``, ``PRA 0101`` and ``PRA0101`` were still three numbers, so a second
agency could take another's number typed with a space, and the public check by ``pra0101`` found
no one. Each agency now keeps the number's letters and digits beside it (``licence_key``,
``licences.licence_key`` copied below as it stands today), and the database refuses a second
agency with the same key in place of 0008's index on the upper-cased number.

As in 0008, numbers that become one are not merged and no agency is removed: the agency
registered first keeps the number; each later one keeps its number with ``DUPLICATE`` and its id
added, and the number it had is noted in the audit trail (``recruiter.licence_number_duplicate``)
and printed, for a licensing officer to correct on the agency's page.
"""

import sys
import unicodedata

from django.db import migrations, models


MAX_LENGTH = 40
SAME_CHARACTERS = str.maketrans(
    "០១២៣៤៥៦៧៨៩\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "0123456789-------"
)
DUPLICATE = " DUPLICATE {pk}"


def written_licence_number(number):
    text = unicodedata.normalize("NFKC", number).translate(SAME_CHARACTERS)
    visible = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return " ".join(visible.split()).upper()


def licence_key(number):
    return "".join(
        c for c in written_licence_number(number) if unicodedata.category(c)[0] in "LNM"
    )


def keyed(rows):
    """The key of each agency, from its (id, number) pairs in the order they were registered,
    and the agencies whose number another holds already: ``({id: (number, key)}, [(id, number
    as it was, new number, id of the first holder)])``."""
    holders = {}
    kept = {}
    duplicates = []
    taken = {licence_key(number) for _pk, number in rows}
    for pk, number in rows:
        key = licence_key(number)
        if key not in holders:
            holders[key] = pk
            kept[pk] = (number, key)
            continue
        suffix = DUPLICATE.format(pk=pk)
        new = number[: MAX_LENGTH - len(suffix)] + suffix
        while licence_key(new) in taken:
            suffix += "X"
            new = number[: MAX_LENGTH - len(suffix)] + suffix
        taken.add(licence_key(new))
        kept[pk] = (new, licence_key(new))
        duplicates.append((pk, number, new, holders[key]))
    return kept, duplicates


def key_licence_numbers(apps, schema_editor):
    agency_model = apps.get_model("labour", "RecruitmentAgency")
    audit_model = apps.get_model("accounts", "AuditEvent")
    rows = list(
        agency_model.objects.order_by("created_at", "id").values_list("id", "licence_number")
    )
    kept, duplicates = keyed(rows)
    # Duplicates first, to numbers no agency holds (the number column is unique too).
    moved = {pk for pk, *_rest in duplicates}
    for pk in sorted(kept, key=lambda pk: pk not in moved):
        number, key = kept[pk]
        agency_model.objects.filter(pk=pk).update(licence_number=number, licence_key=key)
    for pk, was, now, holder in duplicates:
        audit_model.objects.create(
            action="recruiter.licence_number_duplicate",
            object_type="labour.recruitmentagency",
            object_id=str(pk),
            data={"was": was, "now": now, "held_by": holder},
        )
        sys.stdout.write(
            f"\n  Recruitment agency {pk}: licence number {was!r} is held by agency {holder} "
            f"(the same letters and digits); now {now!r}. Correct it on the agency's page."
        )


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0007_audit_event_names'),
        ('labour', '0009_licences_renewed_without_a_break'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='recruitmentagency',
            name='labour_licence_number_once',
        ),
        migrations.AddField(
            model_name='recruitmentagency',
            name='licence_key',
            field=models.CharField(default='', editable=False, max_length=40),
            preserve_default=False,
        ),
        migrations.RunPython(key_licence_numbers, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='recruitmentagency',
            constraint=models.UniqueConstraint(fields=('licence_key',), name='labour_licence_key_once', violation_error_message='Another recruitment agency holds this licence number.'),
        ),
    ]
