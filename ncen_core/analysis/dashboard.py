"""The national dashboard: one year of a record type by month and category.

It reads the maintained aggregates (:mod:`.aggregates`), so it opens in milliseconds
whatever the size of the register. Each month has one row per category (commodity) and a
row ``*`` "all categories" whose record count counts each record once. For a user who
may not see every record the same table is computed with a GROUP BY over what they see.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ncen_core.analysis import aggregates
from ncen_core.analysis.dimensions import field_dimension, period_dimension
from ncen_core.analysis.filters import date_filter, require_analysis, unrestricted
from ncen_core.analysis.measures import measure_group
from ncen_core.analysis.statistics import Grouping, finish, grouped
from ncen_core.analysis.table import Row, StatsTable
from ncen_core.errors import NcenError
from ncen_core.storage import is_sqlite
from ncen_core.users import UserInfo

if TYPE_CHECKING:
    from ncen_core.app import Ncen

ALL_LABEL = "All categories"
ALL_NOTE = (f"'{ALL_LABEL}' counts each record once; a record holding several categories "
            "counts under each of them.")


def dashboard(ncen: Ncen, user: UserInfo, record_type: str = "seizure",
              year: int | None = None) -> StatsTable:
    """Months of ``year`` (default: the latest year holding records) by category."""
    require_analysis(user)
    kind = ncen.registry.record_type(record_type)
    group = measure_group(kind, ncen.registry.codelists)
    if group is None or group.category is None:
        raise NcenError(f"{record_type} records have no categorised quantities to chart")
    year = year or latest_year(ncen, record_type) or dt.date.today().year
    month = period_dimension(kind, "month")
    category = field_dimension(kind, f"{group.field}.{group.category}", ncen.registry.codelists)
    grouping = Grouping(record_type, (month, category),
                        filters=(date_filter(dt.date(year, 1, 1), dt.date(year + 1, 1, 1)),),
                        title=f"{kind.label} dashboard {year}: by month and "
                              f"{category.label.lower()}",
                        parameters={"year": year})
    by_category = _rows(ncen, user, grouping, year)
    totals = _rows(ncen, user, Grouping(record_type, (month,), filters=grouping.filters), year)
    rows = [*by_category.rows,
            *(Row((row.keys[0], aggregates.ALL), (row.labels[0], ALL_LABEL), row.values)
              for row in totals.rows)]
    rows.sort(key=lambda row: (str(row.keys[0]), row.keys[1] != aggregates.ALL,
                               -row.values[0]))
    return StatsTable(grouping.title, record_type, by_category.groups, by_category.measures,
                      rows, notes=(ALL_NOTE,),
                      chart="series", parameters={"year": year})


def _rows(ncen: Ncen, user: UserInfo, grouping: Grouping, year: int) -> StatsTable:
    if unrestricted(user):
        found = aggregates.answer(ncen, grouping, measure_group(
            ncen.registry.record_type(grouping.record_type), ncen.registry.codelists),
            month_prefix=f"{year:04d}-")
        if found is not None:
            return finish(ncen, grouping, found)
    return grouped(ncen, user, grouping)


def latest_year(ncen: Ncen, record_type: str) -> int | None:
    """The latest year with aggregated records (None when there are none)."""
    mark = "?" if is_sqlite(ncen.database) else "%s"
    latest = ncen.database.execute_sql(
        f"SELECT MAX(month) FROM {aggregates.TABLE} WHERE record_type = {mark} "
        "AND records > 0 AND month <> ''", (record_type,)).fetchone()[0]
    return int(latest[:4]) if latest else None
