"""Fast, bounded-memory insertion of generated rows.

On PostgreSQL rows go in with ``COPY ... FROM STDIN`` and ids are drawn from the table's own
sequence, so the generator can link rows before writing them and the application keeps numbering
after them. On other databases (the SQLite demo) rows go through ``executemany``.

Rows hold the plain Python values; each column is prepared by its model field, so sealed fields
are sealed with the same ``sealer()`` as the application uses and JSON is stored as JSON.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from io import TextIOBase
from typing import IO, Any

from django.db import connection as default_connection
from django.db import models
from psycopg.copy import QueuedLibpqWriter

from rumdoh.core.fields import EncryptedJSONField, EncryptedTextField

# Where progress is printed: a file, or a management command's stdout.
Output = IO[str] | TextIOBase


def _column(meta: Any, name: str) -> tuple[models.Field[Any, Any], str]:
    """The field of ``meta`` called ``name`` and its column: a field of the table, not a relation
    seen from the other side."""
    field = meta.get_field(name)
    column = field.column if isinstance(field, models.Field) else None
    if column is None:
        raise ValueError(f"{meta.label} has no column {name}")
    return field, column


def _column_preparer(field: models.Field, copying: bool, connection: Any) -> Callable[[Any], Any]:
    if isinstance(field, EncryptedTextField | EncryptedJSONField):
        return field.get_prep_value
    if not copying:
        return lambda value: field.get_db_prep_save(value, connection)
    if isinstance(field, models.JSONField):
        return lambda value: None if value is None else json.dumps(value, ensure_ascii=False)
    return lambda value: value


class BulkWriter:
    def __init__(self, connection: Any = None) -> None:
        self.connection = connection or default_connection
        self.copying = self.connection.vendor == "postgresql"
        self._next_id: dict[type[models.Model], int] = {}
        self.rows_written = 0

    def prepare_session(self) -> None:
        """Cheaper commits for bulk loading: a crash may lose the last batches, never corrupt."""
        if self.copying:
            with self.connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit = off")

    def allocate_ids(self, model: type[models.Model], count: int) -> list[int]:
        """``count`` fresh primary keys for ``model``, reserved so nobody else gets them."""
        if count <= 0:
            return []
        table = model._meta.db_table
        with self.connection.cursor() as cursor:
            if self.copying:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [table, count],
                )
                return [row[0] for row in cursor.fetchall()]
            if model not in self._next_id:
                cursor.execute(f"SELECT MAX(id) FROM {self.connection.ops.quote_name(table)}")  # noqa: S608
                self._next_id[model] = (cursor.fetchone()[0] or 0) + 1
        first = self._next_id[model]
        self._next_id[model] = first + count
        return list(range(first, first + count))

    def insert(
        self, model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> int:
        """Write ``rows`` (tuples in the order of ``columns``, attribute names) into ``model``."""
        meta = model._meta
        fields = [_column(meta, name) for name in columns]
        prepare = [_column_preparer(f, self.copying, self.connection) for f, _name in fields]
        quote = self.connection.ops.quote_name
        table = quote(meta.db_table)
        names = ", ".join(quote(column) for _field, column in fields)
        count = 0
        with self.connection.cursor() as cursor:
            if self.copying:
                raw = cursor.cursor
                sql = f"COPY {table} ({names}) FROM STDIN"
                # A queued writer sends data from a thread, so the server ingests while we seal.
                with raw.copy(sql, writer=QueuedLibpqWriter(raw)) as copy:
                    for row in rows:
                        copy.write_row([p(v) for p, v in zip(prepare, row, strict=True)])
                        count += 1
            else:
                marks = ", ".join(["%s"] * len(fields))
                prepared = [[p(v) for p, v in zip(prepare, row, strict=True)] for row in rows]
                if prepared:
                    cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", prepared)  # noqa: S608
                count = len(prepared)
        self.rows_written += count
        return count


class Progress:
    """Prints how far a long job is, at most every ``every`` seconds and at the end."""

    def __init__(
        self, label: str, total: int, out: Output | None = None, every: float = 3.0
    ) -> None:
        self.label = label
        self.total = total
        self.out = out or sys.stdout
        self.every = every
        self.done = 0
        self.started = time.monotonic()
        self._last = 0.0

    def advance(self, count: int) -> None:
        self.done += count
        now = time.monotonic()
        if now - self._last >= self.every or self.done >= self.total:
            self._last = now
            self._print(now)

    def _print(self, now: float) -> None:
        elapsed = max(now - self.started, 1e-6)
        rate = self.done / elapsed
        share = self.done / self.total * 100 if self.total else 100.0
        remaining = (self.total - self.done) / rate if rate and self.total > self.done else 0
        self.out.write(
            f"  {self.label}: {self.done:,}/{self.total:,} ({share:.0f}%), "
            f"{rate:,.0f}/s, {_duration(elapsed)} elapsed, about {_duration(remaining)} left\n"
        )
        if hasattr(self.out, "flush"):
            self.out.flush()

    def finish(self) -> float:
        elapsed = time.monotonic() - self.started
        if self.done < self.total or self._last == 0.0:
            self._print(time.monotonic())
        return elapsed


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"
