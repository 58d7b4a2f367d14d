"""The seizure plugin's numbered schema migrations (plugin name ``seizure``).

The seizure tables themselves follow the FieldSpecs (:mod:`ncen_core.schema`); these add
what FieldSpecs cannot say, such as indexes over a repeating group's member together with
the record it belongs to.
"""

from __future__ import annotations

import peewee as pw

from ncen_core.migrations import Migration
from ncen_core.schema import existing_tables

PLUGIN_NAME = "seizure"

#: (index, child table, columns): the filters of a page of seizures by commodity or by a
#: country of the route (``items.commodity:DRUGS route.country:CO``) probe these for each
#: candidate seizure, or list a value's seizures, without reading the child rows.
FILTER_INDEXES = (
    ("seizure_items_commodity_record", "rec_seizure__items", ("commodity", "record_id")),
    ("seizure_route_country_record", "rec_seizure__route", ("country", "record_id")),
)


def _index_group_filters(database: pw.Database) -> None:
    tables = existing_tables(database)
    for index, table, columns in FILTER_INDEXES:
        if table in tables:
            database.execute_sql(f'CREATE INDEX IF NOT EXISTS "{index}" ON "{table}" '
                                 f"({', '.join(columns)})")


MIGRATIONS = (
    Migration(PLUGIN_NAME, 1, "index seized-item commodities and route countries by record",
              _index_group_filters),
)
