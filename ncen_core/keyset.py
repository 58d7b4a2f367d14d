"""Keyset paging over (sort column, id) that stays one index range on both backends.

The obvious condition ``(sort, id) < (?, ?)`` is a range on the sort column alone for
SQLite: rows sharing the sort value are scanned and filtered. Ties are common -- an import
stamps every record it creates with one time -- so page 1,000 of a million imported
seizures would read 50,000 index entries. Asking first for the rest of the tie
(``sort = ? AND id < ?``) and then for what lies beyond it (``sort < ?``) keeps every page
at the cost of the first, with at most two indexed queries.

Peewee builds the SQL of a query each time it runs it, and for a select of every column of
a record type's main table that costs more than SQLite takes to answer it. The SQL of
those statements does not change from page to page, so a :class:`KeysetQuery` has peewee
build each once and runs it again with the page's keyset values and limit.
"""

from __future__ import annotations

from typing import Any

import peewee as pw

from ncen_core.records import PageCursor

FIRST, TIE, BEYOND = "first", "tie", "beyond"


class KeysetQuery:
    """Rows of ``model`` where ``where`` holds, in (``sort``, ``key``) order, page by page.

    Rows are dicts of every field, as peewee's ``.dicts()`` gives them (field names,
    Python values). One instance serves every page of one list, sort and filter.
    """

    def __init__(self, model: type[pw.Model], where: pw.Expression | None, sort: pw.Field,
                 key: pw.Field, descending: bool) -> None:
        self.model, self.where = model, where
        self.sort, self.key, self.descending = sort, key, descending
        self.fields: list[pw.Field] = list(model._meta.sorted_fields)
        self.names = [field.name for field in self.fields]
        self.converters = [field.python_value for field in self.fields]
        #: The SQL of each statement and the parameters of ``where`` that precede the
        #: statement's own (keyset values, then the limit).
        self.statements: dict[str, tuple[str, list[Any]]] = {}

    def rows_after(self, after: PageCursor | None, limit: int) -> list[dict[str, Any]]:
        """Up to ``limit`` rows after ``after`` (from the start when it is None)."""
        if after is None:
            return self.run(FIRST, [], limit)
        if self.sort is self.key:
            return self.run(BEYOND, [(self.key, after.id)], limit)
        rows = self.run(TIE, [(self.sort, after.sort_value), (self.key, after.id)], limit)
        if len(rows) < limit:
            rows.extend(self.run(BEYOND, [(self.sort, after.sort_value)], limit - len(rows)))
        return rows

    def run(self, kind: str, values: list[tuple[pw.Field, Any]], limit: int
            ) -> list[dict[str, Any]]:
        """Run statement ``kind`` with keyset ``values`` (converted as peewee converts a
        value compared with a field) and ``limit``."""
        if kind not in self.statements:
            self.statements[kind] = self.compile(kind, values, limit)
        sql, leading = self.statements[kind]
        params = [*leading, *(field.db_value(value) for field, value in values), limit]
        cursor = self.model._meta.database.execute_sql(sql, params)
        names, converters = self.names, self.converters
        return [{name: convert(value) for name, convert, value in zip(names, converters, row)}
                for row in cursor.fetchall()]

    def compile(self, kind: str, values: list[tuple[pw.Field, Any]], limit: int
                ) -> tuple[str, list[Any]]:
        """Statement ``kind`` built by peewee: its SQL and the parameters before its own."""
        query = self.model.select(*self.fields)
        conditions = [self.where] if self.where is not None else []
        if kind == TIE:
            conditions.append((self.sort == values[0][1]) & self.beyond(self.key, values[1][1]))
        elif kind == BEYOND:
            conditions.append(self.beyond(values[0][0], values[0][1]))
        if conditions:
            query = query.where(*conditions)
        ordering = [self.sort, self.key] if self.sort is not self.key else [self.key]
        query = query.order_by(*(f.desc() if self.descending else f.asc() for f in ordering))
        sql, params = query.limit(limit).sql()
        own = len(values) + 1
        assert params[-own:] == [*(field.db_value(value) for field, value in values), limit], (
            f"peewee no longer puts the keyset values and the limit last: {sql}")
        return sql, params[:-own]

    def beyond(self, field: pw.Field, value: Any) -> pw.Expression:
        return field < value if self.descending else field > value
