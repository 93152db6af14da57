"""Lookups the project needs on every database it runs on (SQLite and PostgreSQL)."""

from typing import Any

from django.db import NotSupportedError
from django.db.models import Lookup


class ListHolds(Lookup):
    """``field__holds=value``: the JSON list stored in the field has ``value`` as one of its items
    (an exact item: ``"report"`` is not held by ``["reporting"]``, nor by ``[["report"]]``).

    Django's ``contains`` on a JSON field does not run on SQLite; this does, on SQLite through
    ``json_each`` and on PostgreSQL through ``@>`` (which an index on the column can serve).
    Register it on the field that holds a list of strings:
    ``Model._meta.get_field("pages").register_lookup(ListHolds)``.
    """

    lookup_name = "holds"
    # The value is a plain string item, not a JSON document: the JSON field must not encode it.
    prepare_rhs = False

    def _sides(self, compiler: Any, connection: Any) -> tuple[str, str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return lhs, rhs, (*lhs_params, *rhs_params)

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        raise NotSupportedError(f"The holds lookup does not run on {connection.vendor}.")

    def as_sqlite(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, rhs, params = self._sides(compiler, connection)
        # lhs and rhs are compiled by Django: a column and a placeholder, never input.
        items = f"SELECT 1 FROM json_each({lhs}) AS item"  # noqa: S608
        return f"EXISTS ({items} WHERE item.type = 'text' AND item.value = {rhs})", params

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, rhs, params = self._sides(compiler, connection)
        return f"{lhs} @> jsonb_build_array(({rhs})::text)", params
