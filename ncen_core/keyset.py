"""Keyset paging over (sort column, id) that stays one index range on both backends.

The obvious condition ``(sort, id) < (?, ?)`` is a range on the sort column alone for
SQLite: rows sharing the sort value are scanned and filtered. Ties are common -- an import
stamps every record it creates with one time -- so page 1,000 of a million imported
seizures would read 50,000 index entries. Asking first for the rest of the tie
(``sort = ? AND id < ?``) and then for what lies beyond it (``sort < ?``) keeps every page
at the cost of the first, with at most two indexed queries.
"""

from __future__ import annotations

from typing import Any

import peewee as pw

from ncen_core.records import PageCursor


def rows_after(query: pw.ModelSelect, sort: pw.Field, key: pw.Field,
               after: PageCursor | None, descending: bool, limit: int) -> list[dict[str, Any]]:
    """Up to ``limit`` rows of ``query`` in (``sort``, ``key``) order after ``after``."""
    if sort is key:
        ordering = [key.desc() if descending else key.asc()]
        if after is not None:
            query = query.where(key < after.id if descending else key > after.id)
        return list(query.order_by(*ordering).limit(limit))
    ordering = [sort.desc(), key.desc()] if descending else [sort.asc(), key.asc()]
    if after is None:
        return list(query.order_by(*ordering).limit(limit))

    def beyond(field: pw.Field, value: Any) -> pw.Expression:
        return field < value if descending else field > value

    rows = list(query.where((sort == after.sort_value) & beyond(key, after.id))
                .order_by(*ordering).limit(limit))
    if len(rows) < limit:
        rows.extend(query.where(beyond(sort, after.sort_value)).order_by(*ordering)
                    .limit(limit - len(rows)))
    return rows
