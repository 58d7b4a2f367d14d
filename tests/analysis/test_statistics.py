"""Statistics by field, pair of fields and period, each checked against plain Python over
the same records read back through the record service (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from analysis_support import all_records, as_found, close, expected, month

from ncen_core.analysis import aggregates
from ncen_core.analysis.dashboard import dashboard
from ncen_core.analysis.dimensions import DimensionError
from ncen_core.analysis.drill import drill_filter
from ncen_core.analysis.periods import PERIODS, period_of
from ncen_core.analysis.statistics import StatsRequest, statistics
from ncen_core.errors import PermissionDeniedError
from ncen_core.search.engine import search
from ncen_core.search.errors import QueryError
from ncen_core.search.targets import filter_names, resolve


@pytest.fixture(scope="module")
def records(filled):
    _, _, analyst = filled
    return all_records(analyst)


def stats(filled, *by, **options):
    ncen, _, analyst = filled
    return statistics(ncen, analyst.user, StatsRequest("seizure", tuple(by), **options))


def test_items_are_counted_per_commodity_and_seizures_once_per_commodity(filled, records):
    wanted = expected(records, lambda r, item: [(item and item["commodity"],)], per_item=True)
    assert close(as_found(stats(filled, "items.commodity")), wanted)
    multi = [r for r in records if len({i["commodity"] for i in r.values["items"]}) > 1]
    assert multi, "the data must hold seizures of several commodities"


def test_a_main_field_by_month(filled, records):
    wanted = expected(records, lambda r, _: [(month(r.values["seizure_date"]),
                                              r.values["transport_mode"])], per_item=False)
    found = stats(filled, "transport_mode", period="month", where="date:>2000")
    assert close(as_found(found), wanted)
    assert [row.keys[0] for row in found.rows] == sorted(row.keys[0] for row in found.rows)


def test_route_countries_count_each_seizure_once_however_many_legs(filled, records):
    wanted = expected(records, lambda r, _: [(leg["country"],) for leg in r.values["route"]],
                      per_item=False)
    assert close(as_found(stats(filled, "route.country")), wanted)


def test_every_filterable_field_is_a_dimension_counting_each_record(filled, records):
    ncen, _, _ = filled
    kind = ncen.registry.record_type("seizure")
    checked = 0
    for name in filter_names(kind, ncen.registry.codelists):
        targets = resolve(kind, name, ncen.registry.codelists)
        if len(targets) != 1 or targets[0].base_unit is not None:
            continue
        counts = [row.values[0] for row in stats(filled, name).rows]
        if targets[0].child_table is None:
            assert sum(counts) == len(records), name
        else:
            assert sum(counts) >= len(records) and max(counts) <= len(records), name
        checked += 1
    assert checked > 30


def test_a_pair_of_fields_from_two_child_tables(filled, records):
    wanted = expected(records, lambda r, item: [
        (item and item["commodity"], code) for code in (r.values["detection_methods"] or [None])],
        per_item=True)
    assert close(as_found(stats(filled, "items.commodity", "detection_methods")), wanted)


def test_where_uses_the_query_language(filled, records):
    chosen = [r for r in records if r.values["transport_mode"] == "3"
              and any(leg["country"] == "CO" for leg in r.values["route"])]
    wanted = expected(chosen, lambda r, item: [(item and item["commodity"],)], per_item=True)
    found = stats(filled, "items.commodity", where="transport_mode:3 route.country:colombia")
    assert close(as_found(found), wanted)
    assert found.notes == ("Filter: transport_mode:3 route.country:colombia",)


@pytest.mark.parametrize("period", PERIODS)
def test_every_period_labels_like_python(filled, records, period):
    wanted = expected(records, lambda r, _: [(period_of(r.values["seizure_date"], period),)],
                      per_item=False)
    assert close(as_found(stats(filled, period=period, where="date:>2000")), wanted)


def test_maintained_aggregates_answer_like_a_group_by(filled, records):
    from_aggregates = stats(filled, "items.commodity", period="quarter")
    by_sql = stats(filled, "items.commodity", period="quarter", where="date:>2000")
    assert close(as_found(from_aggregates), as_found(by_sql))
    wanted = expected(records, lambda r, _: [(r.origin,)], per_item=False)
    assert close(as_found(stats(filled, "origin")), wanted)


def test_the_dashboard_of_a_year_by_month_and_commodity(filled, records):
    ncen, _, analyst = filled
    of_year = [r for r in records if r.values["seizure_date"].year == 2025]
    wanted = expected(of_year, lambda r, item: [(month(r.values["seizure_date"]),
                                                 item and item["commodity"])], per_item=True)
    wanted |= expected(of_year, lambda r, _: [(month(r.values["seizure_date"]), aggregates.ALL)],
                       per_item=False)
    assert close(as_found(dashboard(ncen, analyst.user, "seizure", 2025)), wanted)


def test_code_list_labels_are_shown_beside_the_codes(filled):
    table = stats(filled, "items.commodity", "transport_mode")
    labels = {key: label for row in table.rows for key, label in zip(row.keys, row.labels)}
    assert labels["DRUGS"] == "Drugs (narcotics and psychotropics)"
    assert labels["1"] == "Maritime transport"
    assert labels.get(None, "(not recorded)") == "(not recorded)"


def test_top_keeps_the_largest_groups(filled):
    full = stats(filled, "route.country")
    top = stats(filled, "route.country", top=3)
    assert top.rows == full.rows[:3]


def test_top_ranks_by_another_measure(filled):
    table = stats(filled, "route.country", top=2, sort="quantity_kg")
    kilograms = [row.values[2] for row in stats(filled, "route.country").rows]
    assert [row.values[2] for row in table.rows] == sorted(kilograms, reverse=True)[:2]
    with pytest.raises(DimensionError, match="no measure 'tonnes'"):
        stats(filled, "route.country", sort="tonnes")


def test_an_unknown_field_is_refused_with_a_suggestion(filled):
    with pytest.raises(DimensionError, match="did you mean items.commodity"):
        stats(filled, "items.comodity")


def test_a_quantity_is_a_measure_not_a_dimension(filled):
    with pytest.raises(DimensionError, match="summed as a measure"):
        stats(filled, "items.quantity_kg")


def test_a_bad_filter_names_its_position(filled):
    with pytest.raises(QueryError, match="transport_mode"):
        stats(filled, "items.commodity", where="transport_mode:bicycle")


def test_officers_do_not_run_analyses(filled):
    ncen, officer, _ = filled
    with pytest.raises(PermissionDeniedError):
        statistics(ncen, officer.user, StatsRequest("seizure", ("items.commodity",)))


def test_drill_down_finds_exactly_the_records_of_a_row(filled, records):
    ncen, _, analyst = filled
    table = stats(filled, "items.commodity", "transport_mode", period="quarter",
                  where="route.country:CO")
    row = next(r for r in table.rows if None not in r.keys)
    query = drill_filter(table, row)
    assert query.startswith("(route.country:CO) ")
    found = search(ncen, analyst.user, query, record_types=["seizure"], limit=500)
    wanted = {r.uuid for r in records
              if period_of(r.values["seizure_date"], "quarter") == row.keys[0]
              and r.values["transport_mode"] == row.keys[2]
              and any(i["commodity"] == row.keys[1] for i in r.values["items"])
              and any(leg["country"] == "CO" for leg in r.values["route"])}
    assert {hit.uuid for hit in found.hits} == wanted
    assert len(wanted) == row.values[0]
