"""Real data: after importing the LEMIS amphibian extract (US Fish and Wildlife Service), the
top origin countries of refused shipments and their quantities match a computation with
the csv module alone; the dashboard read from the maintained aggregates matches it too.

The file sits beside the checkout (``../shared/data``); if it is missing the test fails
rather than skips, so the real-data check can never disappear silently.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from analysis_support import installation
from ncen_testing import USER_PASSWORD, backends

from ncen_core.analysis.analyses import AnalysisParams
from ncen_core.analysis.dashboard import dashboard
from ncen_core.record_service import RecordService
from ncen_core.transfer.importer import import_file
from ncen_core.transfer.mapping_file import load_mapping
from ncen_core.users import add_user

ROOT = Path(__file__).resolve().parents[2]
LEMIS = ROOT.parent / "shared/data/lemis-amphibians-2016-2021.csv"
MAPPING = ROOT / "config/mappings/lemis-amphibians.yaml"
#: LEMIS codes that name no country, and the missing-value mark (see the mapping).
NOT_COUNTRIES = {"NA", "XX", "G2", "G4", "G5", "VS"}
#: LEMIS unit -> (base unit, factor to it).
UNITS = {"NO": ("u", 1), "KG": ("kg", 1), "GM": ("kg", Decimal("0.001")),
         "MG": ("kg", Decimal("0.000001")), "ML": ("l", Decimal("0.001")), "LT": ("l", 1)}
BASES = ("kg", "l", "u")
TOP = 10


def refused_by_origin() -> dict[str | None, list]:
    """origin -> [shipments, lines, kg, l, u], with the csv module alone: one seizure per
    refused control number, its origin that of its first line."""
    shipments: dict[str, list[dict]] = defaultdict(list)
    with open(LEMIS, encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            if row["action"] == "R":
                shipments[row["control_number"]].append(row)
    table: dict[str | None, list] = defaultdict(lambda: [0, 0, Decimal(0), Decimal(0),
                                                         Decimal(0)])
    for lines in shipments.values():
        origin = lines[0]["country_origin"]
        entry = table[None if origin in NOT_COUNTRIES else origin]
        entry[0] += 1
        for line in lines:
            base, factor = UNITS[line["unit"]]
            entry[1] += 1
            entry[2 + BASES.index(base)] += Decimal(line["quantity"]) * factor
    return table


@pytest.fixture(scope="module", params=backends())
def imported(request, tmp_path_factory):
    for ncen in installation(request.param, tmp_path_factory, "lemis-stats"):
        officer = RecordService(ncen, add_user(ncen.system, "olga", USER_PASSWORD, "officer",
                                               unit="A"))
        analyst = add_user(ncen.system, "anna", USER_PASSWORD, "analyst")
        import_file(officer, LEMIS, load_mapping(MAPPING))
        yield ncen, analyst


def test_top_origins_of_refused_shipments_match_the_file(imported):
    ncen, analyst = imported
    wanted = refused_by_origin()
    table = ncen.registry.analyses["routes"].function(ncen, analyst, AnalysisParams(top=TOP))
    top = sorted(wanted, key=lambda origin: (-wanted[origin][0], origin or ""))[:TOP]
    assert [row.keys for row in table.rows] == [(origin, "US") for origin in top]
    for row in table.rows:
        shipments, lines, *amounts = wanted[row.keys[0]]
        assert row.values[:2] == (shipments, lines)
        for found, amount in zip(row.values[2:5], amounts):
            # The quantity field keeps three decimals of the amount, as LEMIS rounds them.
            assert abs(found - amount) <= Decimal("0.0005") * lines


def test_the_dashboard_from_the_aggregates_matches_the_file(imported):
    ncen, analyst = imported
    wanted = refused_by_origin()
    shipments = sum(entry[0] for entry in wanted.values())
    lines = sum(entry[1] for entry in wanted.values())
    years = [dashboard(ncen, analyst, "seizure", year) for year in range(2015, 2023)]
    totals = [row.values for table in years for row in table.rows if row.keys[1] == "*"]
    assert sum(values[0] for values in totals) == shipments
    assert sum(values[1] for values in totals) == lines
    assert sum(values[4] for values in totals) == sum(entry[4] for entry in wanted.values())
