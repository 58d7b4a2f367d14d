"""Finding whether a received UUID already belongs here to someone else.

A UUID squats when it exists here from another office, or for another record type: a
sender must not overwrite or shadow a record, link or attachment it does not own by
reusing its UUID. Tables are indexed on (origin, uuid), not on uuid alone, so the offices
present in each table are listed once (a loose index scan: one index probe per office)
and the holders of a batch of UUIDs are then found by index probes, one query per table
and batch, whatever the size of the tables. UUIDs the package itself claims are
remembered, so two lines of one package cannot give one UUID to two record types.
"""

from __future__ import annotations

from collections.abc import Iterable

import peewee as pw

_ORIGINS_SQL = (
    "WITH RECURSIVE o(origin) AS ("
    " SELECT MIN(origin) FROM {table}"
    " UNION ALL"
    " SELECT (SELECT MIN(origin) FROM {table} WHERE origin > o.origin) FROM o"
    " WHERE o.origin IS NOT NULL)"
    " SELECT origin FROM o WHERE origin IS NOT NULL")


class UuidOwners:
    """Answers "who else holds this UUID" over tables named by a label each, for one sender."""

    def __init__(self, tables: dict[str, type[pw.Model]], sender: str):
        self._tables = tables
        self._origins = {label: sorted({*_origins_in(model), sender})
                         for label, model in tables.items()}
        self._holders: dict[str, list[tuple[str, str]]] = {}
        self._claimed: dict[str, str] = {}

    def look_up(self, uuids: Iterable[str]) -> None:
        """Find the holders of a batch of UUIDs at once, before asking about each."""
        wanted = sorted({uuid for uuid in uuids if uuid not in self._holders})
        if not wanted:
            return
        for uuid in wanted:
            self._holders[uuid] = []
        for label, model in self._tables.items():
            rows = (model.select(model.origin, model.uuid)
                    .where(model.origin.in_(self._origins[label]) & model.uuid.in_(wanted))
                    .tuples())
            for origin, uuid in rows:
                self._holders[uuid].append((label, origin))

    def holds(self, uuid: str, label: str, origin: str) -> bool:
        """True when ``origin``'s ``uuid`` was already in table ``label`` when looked up."""
        self.look_up([uuid])
        return (label, origin) in self._holders[uuid]

    def other_owner(self, uuid: str, label: str, origin: str) -> str | None:
        """``"<label> from <office>"`` for a holder of ``uuid`` other than ``origin`` in
        table ``label``, or None (the UUID is then claimed for ``label``)."""
        self.look_up([uuid])
        for holder_label, holder in self._holders[uuid]:
            if holder != origin or holder_label != label:
                return f"{holder_label} from {holder}"
        claimed = self._claimed.setdefault(uuid, label)
        return None if claimed == label else f"{claimed} from {origin} (in this package)"


def _origins_in(model: type[pw.Model]) -> list[str]:
    sql = _ORIGINS_SQL.format(table=model._meta.table_name)
    return [origin for (origin,) in model._meta.database.execute_sql(sql)]
