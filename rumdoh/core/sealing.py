"""Data migrations that seal free text already stored in clear, and open it again going back.

``sealing_operation(app, {model: [fields]})`` is one ``RunPython`` step placed after the
``AlterField`` steps that turn the columns into sealed text. Rows are read straight from the
table in batches, so a field never tries to open clear text; a value already sealed is left as it
is. Going back opens each value and refuses, rather than cuts, one longer than the old column.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import migrations

from rumdoh.core.rules.crypto import Sealer

BATCH = 1000


def _already_sealed(field: Any, value: str, connection: Any) -> bool:
    """True when ``value`` is already sealed with a configured key."""
    if not Sealer.is_sealed(value):
        return False
    try:
        field.from_db_value(value, None, connection)
    except ValueError:  # DecryptionError, or clear text that merely looks sealed
        return False
    return True


def seal_value(field: Any, value: Any, connection: Any) -> Any:
    if not value or _already_sealed(field, value, connection):
        return value
    return field.get_prep_value(value)


def open_value(limits: dict[str, int | None]) -> Callable[[Any, Any, Any], Any]:
    def change(field: Any, value: Any, connection: Any) -> Any:
        if not value or not Sealer.is_sealed(value):
            return value
        clear = field.from_db_value(value, None, connection)
        limit = limits.get(f"{field.model._meta.model_name}.{field.name}")
        if limit is not None and len(clear) > limit:
            raise ValueError(
                f"{field.model._meta.label}.{field.name}: a value is longer than {limit} "
                "characters and would be cut; shorten it before going back"
            )
        return clear

    return change


def rewrite(
    apps: Any,
    schema_editor: Any,
    app_label: str,
    sealed: dict[str, list[str]],
    change: Callable[[Any, Any, Any], Any],
) -> None:
    """Pass every non-empty stored value of the ``sealed`` fields through ``change``."""
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    for model_name, names in sealed.items():
        model = apps.get_model(app_label, model_name)
        fields = [model._meta.get_field(name) for name in names]
        table = quote(model._meta.db_table)
        pk = quote(model._meta.pk.column)
        columns = [quote(f.column) for f in fields]
        any_value = " OR ".join(f"{c} <> ''" for c in columns)
        select = (
            f"SELECT {pk}, {', '.join(columns)} FROM {table} "  # noqa: S608 - names, not input
            f"WHERE {pk} > %s AND ({any_value}) ORDER BY {pk} LIMIT {BATCH}"
        )
        update = f"UPDATE {table} SET {', '.join(f'{c} = %s' for c in columns)} WHERE {pk} = %s"  # noqa: S608
        last = 0
        while True:
            with connection.cursor() as cursor:
                cursor.execute(select, [last])
                rows = cursor.fetchall()
                if not rows:
                    break
                last = rows[-1][0]
                changed = []
                for row_pk, *values in rows:
                    new = [change(f, v, connection) for f, v in zip(fields, values, strict=True)]
                    if new != values:
                        changed.append([*new, row_pk])
                if changed:
                    cursor.executemany(update, changed)


def sealing_operation(
    app_label: str, sealed: dict[str, list[str]], old_lengths: dict[str, int | None]
) -> migrations.RunPython:
    """Seal the clear values of ``sealed`` fields; going back, open them, refusing any value
    longer than its old column (``old_lengths``: ``"model.field"`` to characters)."""

    def forward(apps: Any, schema_editor: Any) -> None:
        rewrite(apps, schema_editor, app_label, sealed, seal_value)

    def backward(apps: Any, schema_editor: Any) -> None:
        rewrite(apps, schema_editor, app_label, sealed, open_value(old_lengths))

    return migrations.RunPython(forward, backward)
