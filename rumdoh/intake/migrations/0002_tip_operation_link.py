"""A tip's rescue operation becomes a link to the operations register (it was a checked number).

Every number that names an operation on the register is kept as the link. A number that names
none (recorded while the register was not installed) cannot be a link: it is kept in the
outcome's note instead, so nothing recorded is lost.
"""

import django.db.models.deletion
from django.db import migrations, models

UNLINKED = "Operation number {number} (not on the operations register)."


def link_operations(apps, schema_editor):
    Tip = apps.get_model("intake", "Tip")
    Operation = apps.get_model("operations", "Operation")
    tips = Tip.objects.exclude(old_operation_id=None)
    numbers = set(tips.values_list("old_operation_id", flat=True))
    known = set(Operation.objects.filter(pk__in=numbers).values_list("pk", flat=True))
    for number in sorted(known):
        Tip.objects.filter(old_operation_id=number).update(operation_id=number)
    for tip in tips.exclude(old_operation_id__in=known):
        kept = UNLINKED.format(number=tip.old_operation_id)
        tip.outcome_note = f"{tip.outcome_note}\n{kept}" if tip.outcome_note else kept
        tip.save(update_fields=["outcome_note"])


def unlink_operations(apps, schema_editor):
    Tip = apps.get_model("intake", "Tip")
    for number in set(
        Tip.objects.exclude(operation_id=None).values_list("operation_id", flat=True)
    ):
        Tip.objects.filter(operation_id=number).update(old_operation_id=number)


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0001_tips"),
        ("operations", "0001_operations_rosters_deportations"),
    ]

    operations = [
        migrations.RenameField(
            model_name="tip", old_name="operation_id", new_name="old_operation_id"
        ),
        migrations.AddField(
            model_name="tip",
            name="operation",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="operations.operation",
                verbose_name="operation",
            ),
        ),
        migrations.RunPython(link_operations, unlink_operations),
        migrations.RemoveField(model_name="tip", name="old_operation_id"),
    ]
