"""Routes (origin -> destination, transit, new routes, per commodity) and trends (rises and
falls between two periods), each against plain Python over the same seizures."""

from __future__ import annotations

import datetime as dt

import pytest
from analysis_support import (
    all_records,
    as_found,
    close,
    countries,
    expected,
    month,
    route_keys,
)

from ncen_core.analysis.analyses import AnalysisParams
from ncen_core.analysis.periods import as_date


@pytest.fixture(scope="module")
def records(filled):
    return all_records(filled[2])


def run(filled, name, **params):
    ncen, _, analyst = filled
    return ncen.registry.analyses[name].function(ncen, analyst.user, AnalysisParams(**params))


def test_routes_are_origin_to_destination_flows(filled, records):
    wanted = expected(records, lambda r, _: route_keys(r), per_item=False)
    table = run(filled, "routes", top=1000)
    assert close(as_found(table), wanted)
    counts = [row.values[0] for row in table.rows]
    assert counts == sorted(counts, reverse=True)


def test_top_routes_by_quantity(filled, records):
    wanted = expected(records, lambda r, _: route_keys(r), per_item=False)
    table = run(filled, "routes", top=3, measure="quantity_kg")
    largest = sorted(wanted.values(), key=lambda v: -v[2])[:3]
    assert [row.values[2] for row in table.rows] == pytest.approx([v[2] for v in largest])


def test_routes_per_commodity(filled, records):
    wanted = expected(records, lambda r, item: [
        (*key, item and item["commodity"]) for key in route_keys(r)], per_item=True)
    assert close(as_found(run(filled, "routes", by=("items.commodity",), top=1000)), wanted)


def test_routes_per_transport_mode(filled, records):
    wanted = expected(records, lambda r, _: [
        (*key, r.values["transport_mode"]) for key in route_keys(r)], per_item=False)
    assert close(as_found(run(filled, "routes", by=("transport_mode",), top=1000)), wanted)


def test_transit_countries(filled, records):
    wanted = expected(records, lambda r, _: [(c,) for c in countries(r, "TRANSIT",
                                                                     "TRANSHIPMENT")],
                      per_item=False)
    assert close(as_found(run(filled, "transit", top=1000)), wanted)


def test_new_routes_are_those_first_used_in_the_period(filled, records):
    first: dict[tuple, dt.date] = {}
    for record in records:
        for key in route_keys(record):
            day = record.values["seizure_date"]
            first[key] = min(first.get(key, day), day)
    wanted = {key for key, day in first.items() if month(day) == "2025-06"}
    table = run(filled, "new-routes", at="2025-06")
    assert {row.keys for row in table.rows} == wanted
    index = table.measure_index("first_date")
    assert all(as_date(row.values[index]) == first[row.keys] for row in table.rows)


@pytest.mark.parametrize(("by", "extra"), [
    ("items.commodity", lambda r: [i["commodity"] for i in r.values["items"]] or [None]),
    ("transport_mode", lambda r: [r.values["transport_mode"]]),
])
def test_new_routes_per_commodity_and_per_mode(filled, records, by, extra):
    first: dict[tuple, dt.date] = {}
    for record in records:
        for key in route_keys(record):
            for value in extra(record):
                day = record.values["seizure_date"]
                first[(*key, value)] = min(first.get((*key, value), day), day)
    wanted = {key for key, day in first.items() if month(day)[:4] == "2025"}
    table = run(filled, "new-routes", by=(by,), period="year", at="2025")
    assert {row.keys for row in table.rows} == wanted and wanted


def month_counts(records, keys):
    counts: dict[tuple, dict[str, int]] = {}
    for record in records:
        for key in set(keys(record)):
            per_month = counts.setdefault(key, {})
            per_month[month(record.values["seizure_date"])] = \
                per_month.get(month(record.values["seizure_date"]), 0) + 1
    return counts


@pytest.mark.parametrize(("by", "keys"), [
    ("commodity", lambda r: [(i["commodity"],) for i in r.values["items"]] or [(None,)]),
    ("route", route_keys),
    ("place", lambda r: [(r.values["place_name"],)]),
    ("concealment", lambda r: [(r.values["concealment_method"],)]),
    ("detection", lambda r: [(code,) for code in r.values["detection_methods"]] or [(None,)]),
])
def test_trends_rank_rises_and_falls(filled, records, by, keys):
    changes = {key: per.get("2025-06", 0) - per.get("2025-05", 0)
               for key, per in month_counts(records, keys).items()}
    table = run(filled, "trends", by=(by,), at="2025-06", top=1000)
    found = {row.keys[1:]: row.values[2] for row in table.rows}
    assert found == {key: change for key, change in changes.items() if change}
    rises = [row.values[2] for row in table.rows if row.keys[0] == "rise"]
    falls = [row.values[2] for row in table.rows if row.keys[0] == "fall"]
    assert rises == sorted(rises, reverse=True) and all(c > 0 for c in rises)
    assert falls == sorted(falls) and all(c < 0 for c in falls)
    assert table.measures[0].label == "records 2025-05"
