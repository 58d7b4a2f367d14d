"""Route and trend analyses of seizures, declared through ``register_analyses`` (by
:mod:`ncen_plugins.seizure.plugin`, which imports this module on their first run).

Routes read the ordered route legs: the **origin** (``origin_country``) is the country of the
``ORIGIN`` legs, the **destination** (``destination_country``) that of the ``DESTINATION``
legs, **transit** countries (``transit_country``) those of the ``TRANSIT`` and
``TRANSHIPMENT`` legs; these names may also be given to ``--by``. A seizure without such a leg counts under "(not
recorded)"; one with two origin legs in different countries counts under each. Every
analysis takes the query-language filter (``--where``) and extra grouping fields
(``--by items.commodity``, ``--by transport_mode``) for flows per commodity or per mode.

Trends compare one period with the one before, by a short name or any field:
``commodity``, ``route``, ``place``, ``concealment``, ``detection`` (see :data:`TREND_FIELDS`).
"""

from __future__ import annotations

import datetime as dt

from ncen_core.analysis.analyses import AnalysisParams
from ncen_core.analysis.dimensions import Dimension, field_dimension
from ncen_core.analysis.periods import as_date, next_start, period_of, period_start
from ncen_core.analysis.statistics import Grouping, grouped
from ncen_core.analysis.table import StatsTable
from ncen_core.analysis.trends import trends
from ncen_core.app import Ncen
from ncen_core.users import UserInfo

SEIZURE = "seizure"
ROUTES_TOP = 20
#: Short names of trend dimensions; any other name is read as a field (``items.subtype``).
TREND_FIELDS = {
    "commodity": ("items.commodity",),
    "route": ("origin_country", "destination_country"),
    "place": ("place_name",),
    "concealment": ("concealment_method",),
    "detection": ("detection_methods",),
}


def leg_country(ncen: Ncen, name: str, label: str, *leg_types: str) -> Dimension:
    """The country of the route legs of ``leg_types``, as a dimension called ``name``."""
    return field_dimension(ncen.registry.record_type(SEIZURE), "route.country",
                           ncen.registry.codelists, rename=name, label=label,
                           only=(("leg_type", leg_types),))


def _named(ncen: Ncen, name: str) -> list[Dimension]:
    if name == "origin_country":
        return [leg_country(ncen, name, "Origin", "ORIGIN")]
    if name == "destination_country":
        return [leg_country(ncen, name, "Destination", "DESTINATION")]
    if name == "transit_country":
        return [leg_country(ncen, name, "Transit", "TRANSIT", "TRANSHIPMENT")]
    return [field_dimension(ncen.registry.record_type(SEIZURE), name, ncen.registry.codelists)]


def _extra(ncen: Ncen, params: AnalysisParams) -> list[Dimension]:
    return [dimension for name in params.by for dimension in _named(ncen, name)]


def routes(ncen: Ncen, user: UserInfo, params: AnalysisParams) -> StatsTable:
    """Origin -> destination flows, the largest first (by ``params.measure``)."""
    dimensions = (*_named(ncen, "origin_country"), *_named(ncen, "destination_country"), *_extra(ncen, params))
    return grouped(ncen, user, Grouping(
        SEIZURE, dimensions, filters=(params.where,), top=params.top or ROUTES_TOP,
        sort=params.measure, title=f"Top routes by {params.measure}",
        notes=_filter_note(params), parameters={"by": list(params.by), "where": params.where}))


def transit(ncen: Ncen, user: UserInfo, params: AnalysisParams) -> StatsTable:
    """Transit and transhipment countries, the most used first."""
    dimensions = (*_named(ncen, "transit_country"), *_extra(ncen, params))
    return grouped(ncen, user, Grouping(
        SEIZURE, dimensions, filters=(params.where,), top=params.top or ROUTES_TOP,
        sort=params.measure, title=f"Transit countries by {params.measure}",
        notes=_filter_note(params), parameters={"by": list(params.by), "where": params.where}))


def new_routes(ncen: Ncen, user: UserInfo, params: AnalysisParams) -> StatsTable:
    """Routes first seen in the period ``params.at`` (default: the current month)."""
    period = params.period or "month"
    start = period_start(params.at, period) if params.at else period_start(
        period_of(dt.date.today(), period), period)
    end = next_start(start, period)
    dimensions = (*_named(ncen, "origin_country"), *_named(ncen, "destination_country"), *_extra(ncen, params))
    before_end = f"date:<{end.isoformat()}"
    table = grouped(ncen, user, Grouping(
        SEIZURE, dimensions, filters=(params.where, before_end), date_span=True,
        sort=params.measure, title=f"Routes new in {period_of(start, period)}",
        notes=("A route is new when no seizure before the period used it.",
               *_filter_note(params)),
        parameters={"period": period, "at": period_of(start, period),
                    "where": params.where}))
    first = table.measure_index("first_date")
    kept = [row for row in table.rows if row.values[first] is not None
            and as_date(row.values[first]) >= start]
    return StatsTable(table.title, table.record_type, table.groups, table.measures,
                      kept[:params.top] if params.top else kept, table.notes,
                      parameters=table.parameters)


def seizure_trends(ncen: Ncen, user: UserInfo, params: AnalysisParams) -> StatsTable:
    """Largest rises and falls between the period ``params.at`` and the one before."""
    names = params.by or ("commodity",)
    dimensions = [d for name in names for fieldname in TREND_FIELDS.get(name, (name,))
                  for d in _named(ncen, fieldname)]
    return trends(ncen, user, SEIZURE, dimensions, period=params.period or "month",
                  at=params.at, where=params.where, measure=params.measure,
                  top=params.top or 10)


def _filter_note(params: AnalysisParams) -> tuple[str, ...]:
    return (f"Filter: {params.where}",) if params.where.strip() else ()

