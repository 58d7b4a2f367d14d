"""Finding whether a received UUID already belongs here to someone else.

A UUID squats when it exists here from another office, or for another record type: a
sender must not overwrite or shadow a record, link or attachment it does not own by
reusing its UUID. Tables are indexed on (origin, uuid), not on uuid alone, so the offices
present in each table are listed once (a loose index scan: one index probe per office)
and every later question is a handful of index probes, whatever the size of the table.
"""

from __future__ import annotations

import peewee as pw

_ORIGINS_SQL = (
    "WITH RECURSIVE o(origin) AS ("
    " SELECT MIN(origin) FROM {table}"
    " UNION ALL"
    " SELECT (SELECT MIN(origin) FROM {table} WHERE origin > o.origin) FROM o"
    " WHERE o.origin IS NOT NULL)"
    " SELECT origin FROM o WHERE origin IS NOT NULL")


class UuidOwners:
    """Answers "who else holds this UUID" over a set of tables named by a label each."""

    def __init__(self, tables: dict[str, type[pw.Model]], sender: str):
        self._tables = tables
        self._origins = {label: sorted({*_origins_in(model), sender})
                         for label, model in tables.items()}

    def other_owner(self, uuid: str, label: str, origin: str) -> str | None:
        """``"<label> from <office>"`` for a holder of ``uuid`` other than ``origin`` in
        table ``label``, or None when the UUID is free or already ``origin``'s there."""
        for other_label, model in self._tables.items():
            rows = (model.select(model.origin)
                    .where(model.origin.in_(self._origins[other_label]) & (model.uuid == uuid))
                    .tuples())
            for (holder,) in rows:
                if holder != origin or other_label != label:
                    return f"{other_label} from {holder}"
        return None


def _origins_in(model: type[pw.Model]) -> list[str]:
    sql = _ORIGINS_SQL.format(table=model._meta.table_name)
    return [origin for (origin,) in model._meta.database.execute_sql(sql)]
