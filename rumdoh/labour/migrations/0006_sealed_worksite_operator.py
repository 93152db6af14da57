"""Seal a worksite's operator or owner: the owner may be a person.

Existing values are sealed in place; going back opens them again."""

from django.db import migrations

import rumdoh.core.fields
from rumdoh.core.sealing import sealing_operation


class Migration(migrations.Migration):
    dependencies = [
        ("labour", "0005_countries_named_as_countries"),
    ]

    operations = [
        migrations.AlterField(
            model_name="worksite",
            name="operator",
            field=rumdoh.core.fields.EncryptedTextField(
                blank=True, max_length=200, verbose_name="operator or owner"
            ),
        ),
        sealing_operation("labour", {"worksite": ["operator"]}, {"worksite.operator": 200}),
    ]
