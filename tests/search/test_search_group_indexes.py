"""The seizure plugin's indexes for filters on repeating groups, on both backends: a new
database has them, an older one gets them from ``ncen db upgrade``, and a page filtered by
date, commodity and route country finds exactly the seizures that match within one row."""

from __future__ import annotations

import pytest

from ncen_core.record_service import RecordService
from ncen_core.schema import current_schema
from ncen_plugins.seizure.migrations import FILTER_INDEXES, PLUGIN_NAME


def index_names(ncen, table):
    schema = current_schema(ncen.database)
    return {index.name for index in ncen.database.get_indexes(table, schema=schema)}


def filter_indexes_present(ncen):
    return {name for name, table, _columns in FILTER_INDEXES
            if name in index_names(ncen, table)}


def test_a_new_database_has_the_group_filter_indexes(installation):
    assert filter_indexes_present(installation.ncen) == {name for name, *_ in FILTER_INDEXES}


def test_an_older_database_gets_them_from_the_upgrade(installation):
    ncen = installation.ncen
    for name, _table, _columns in FILTER_INDEXES:
        ncen.database.execute_sql(f'DROP INDEX "{name}"')
    migration = ncen.system.SchemaMigration
    migration.delete().where((migration.plugin == PLUGIN_NAME) & (migration.number == 1)).execute()
    assert filter_indexes_present(ncen) == set()
    plan = ncen.upgrade()
    assert [m.key for m in plan.migrations] == [(PLUGIN_NAME, 1)]
    assert filter_indexes_present(ncen) == {name for name, *_ in FILTER_INDEXES}


@pytest.fixture(scope="module")
def routes(installation):
    officer = RecordService(installation.ncen, installation.users["officer"])

    def seizure(reference, day, items, countries):
        return officer.create("seizure", {
            "reference": reference, "seizure_date": day,
            "items": [{"commodity": c, "quantity": "1 KG"} for c in items],
            "route": [{"leg_type": "ORIGIN", "country": country} for country in countries]})

    installation.records.update({
        "match": seizure("R-1", "2024-02-10", ["TOBACCO", "DRUGS"], ["ES", "CO"]),
        "late": seizure("R-2", "2024-08-01", ["DRUGS"], ["CO"]),
        "other_goods": seizure("R-3", "2024-03-01", ["TOBACCO"], ["CO"]),
        "other_route": seizure("R-4", "2024-03-02", ["DRUGS"], ["MA"]),
        "also": seizure("R-5", "2024-05-31", ["DRUGS"], ["BR", "CO"]),
    })
    return installation


def test_a_page_filtered_by_date_commodity_and_route_country(routes):
    query = "date:2024-01..2024-06 items.commodity:DRUGS route.country:CO"
    assert routes.find(query, user="analyst") == ["also", "match"]
    assert routes.find(f"{query} NOT route.country:ES", user="analyst") == ["also"]
