"""Trends: how a measure changed from one period to the next, largest rises and falls first.

The period looked at (``at``, default the latest one holding records) and the one before it
are counted in one GROUP BY; a group seen in only one of them counts as zero in the other.
Groups whose measure did not change are left out. ``change_pct`` is None when the earlier
period had none (a new group, an infinite rise).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from ncen_core.analysis.dimensions import Dimension, period_dimension
from ncen_core.analysis.filters import date_filter
from ncen_core.analysis.periods import (
    as_date,
    next_start,
    period_of,
    period_start,
    previous_start,
)
from ncen_core.analysis.statistics import Grouping, grouped
from ncen_core.analysis.table import Column, Row, StatsTable
from ncen_core.errors import NcenError
from ncen_core.users import UserInfo

if TYPE_CHECKING:
    from ncen_core.app import Ncen

RISE, FALL = "rise", "fall"


def trends(ncen: Ncen, user: UserInfo, record_type: str, dimensions: Sequence[Dimension], *,
           period: str = "month", at: str | None = None, where: str = "",
           measure: str = "records", top: int | None = 10, title: str = "") -> StatsTable:
    """The ``top`` rises and ``top`` falls of ``measure`` per group of ``dimensions``."""
    kind = ncen.registry.record_type(record_type)
    start = period_start(at, period) if at else _latest_start(ncen, user, record_type, where,
                                                               period)
    before = previous_start(start, period)
    grouping = Grouping(record_type, (period_dimension(kind, period), *dimensions),
                        filters=(where, date_filter(before, next_start(start, period))))
    table = grouped(ncen, user, grouping)
    try:
        index = table.measure_index(measure)
    except KeyError:
        names = ", ".join(c.name for c in table.measures)
        raise NcenError(f"no measure '{measure}' to compare (use one of: {names})") from None
    current, earlier = period_of(start, period), period_of(before, period)
    pairs: dict[tuple, list] = {}
    for row in table.rows:
        entry = pairs.setdefault(row.keys[1:], [row.labels[1:], 0, 0])
        entry[1 if row.keys[0] == earlier else 2] = row.values[index] or 0
    rises, falls = [], []
    for keys, (labels, old, new) in pairs.items():
        change = new - old
        pct = (Decimal(change) * 100 / Decimal(old)).quantize(Decimal("0.1")) if old else None
        target = rises if change > 0 else falls if change < 0 else None
        if target is not None:
            target.append((keys, labels, (old, new, change, pct)))
    rises.sort(key=lambda entry: (-entry[2][2], str(entry[0])))
    falls.sort(key=lambda entry: (entry[2][2], str(entry[0])))
    rows = [Row((direction, *keys), (direction, *labels), values)
            for direction, found in ((RISE, rises), (FALL, falls))
            for keys, labels, values in found[:top]]
    groups = (Column("trend", "Trend"),
              *(Column(d.name, d.label, d.filter_name, d.period) for d in dimensions))
    measures = (Column("previous", f"{measure} {earlier}"), Column("current", f"{measure} {current}"),
                Column("change", "change"), Column("change_pct", "change %"))
    return StatsTable(title or f"Trends of {measure}: {current} against {earlier}", record_type,
                      groups, measures, rows,
                      notes=(f"Filter: {where}",) if where.strip() else (),
                      parameters={"period": period, "at": current, "measure": measure,
                                  "where": where})


def _latest_start(ncen: Ncen, user: UserInfo, record_type: str, where: str,
                  period: str) -> dt.date:
    span = grouped(ncen, user, Grouping(record_type, (), filters=(where,), date_span=True))
    last = span.rows[0].values[-1] if span.rows else None
    if last is None:
        raise NcenError(f"no {record_type} records to compare")
    return period_start(period_of(as_date(last), period), period)

