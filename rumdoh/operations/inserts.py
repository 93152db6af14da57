"""Many rows written in one statement per batch, without a model instance per row.

A 3,000-row roster writes some 30,000 rows (persons, documents, search keys, one grant per
person and participating agency, audit rows); building a model instance for each costs more
than the database does. Only for rows whose fields hold no sealed value: those go through the
model, which seals them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models

BATCH = 1000


def insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert ``rows`` (values in the order of ``fields``) into ``model``'s table."""
    meta = model._meta
    concrete = [meta.get_field(name) for name in fields]
    assert all(isinstance(f, models.Field) for f in concrete)  # columns, not relations
    columns = [str(f.column) for f in concrete if isinstance(f, models.Field)]
    quote = connection.ops.quote_name
    marks = ", ".join(["%s"] * len(columns))
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608 - names from the model
        f"VALUES ({marks})"
    )
    prepared = [
        [
            f.get_db_prep_save(value, connection)
            for f, value in zip(concrete, row, strict=True)
            if isinstance(f, models.Field)
        ]
        for row in rows
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(prepared), BATCH):
            cursor.executemany(sql, prepared[start : start + BATCH])
    return len(prepared)
