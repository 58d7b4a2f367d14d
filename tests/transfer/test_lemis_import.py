"""Real data: the LEMIS amphibian extract imports with the shipped mapping as exactly its
refused shipments, with the right countries, quantities and units.

What the file holds is computed here with the csv module alone, independently of ncen.
The file sits beside the checkout (``../shared/data``), in CI too; if it is missing the
tests fail rather than skip, so the real-data check can never disappear silently.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from ncen_testing import backends, postgres_schema_url
from transfer_support import ROOT, open_databases

from ncen_core.record_service import RecordService
from ncen_core.transfer.importer import import_file
from ncen_core.transfer.mapping_file import load_mapping
from ncen_core.users import add_user

LEMIS = Path(__file__).resolve().parents[2].parent / "shared/data/lemis-amphibians-2016-2021.csv"
LEMIS_SHA256 = "236bab2dab591252bc4bcb1538c42361f851eb9d8cc44111dce0b11012981d12"
MAPPING = ROOT / "config/mappings/lemis-amphibians.yaml"
#: LEMIS country codes that name no country (unknown, regions) and the missing-value mark.
NOT_COUNTRIES = {"NA", "XX", "G2", "G4", "G5", "VS"}
#: LEMIS unit -> (ncen unit, base unit, factor to the base unit).
UNITS = {"NO": ("SPECIMEN", "u", 1), "KG": ("KG", "kg", 1), "GM": ("G", "kg", Decimal("0.001")),
         "MG": ("MG", "kg", Decimal("0.000001")), "ML": ("ML", "l", Decimal("0.001")),
         "LT": ("L", "l", 1)}


def refused_lines() -> list[dict[str, str]]:
    with open(LEMIS, encoding="utf-8", newline="") as stream:
        return [row for row in csv.DictReader(stream) if row["action"] == "R"]


@pytest.fixture(scope="module", params=backends())
def imported(request, tmp_path_factory):
    """One import of the whole file per backend, shared by the tests of this module."""
    tmp = tmp_path_factory.mktemp("lemis")
    schemas = postgres_schema_url() if request.param == "postgresql" else None
    url = next(schemas) if schemas else f"sqlite:///{tmp / 'ncen.db'}"
    ncen = open_databases(url, tmp)
    officer = RecordService(ncen, add_user(ncen.system, "olga", "user-password-1", "officer",
                                           unit="A"))
    report = import_file(officer, LEMIS, load_mapping(MAPPING))
    yield officer, report, all_seizures(officer)
    ncen.close()
    if schemas:
        schemas.close()


def all_seizures(service):
    records, cursor = [], None
    while True:
        page = service.list("seizure", order_by="id", descending=False, after=cursor, limit=500)
        records += page.records
        if page.next_cursor is None:
            return records
        cursor = page.next_cursor


def legs(seizures, leg_type):
    return Counter(leg["country"] for record in seizures for leg in record.values["route"]
                   if leg["leg_type"] == leg_type)


def test_the_file_is_the_published_extract():
    assert hashlib.sha256(LEMIS.read_bytes()).hexdigest() == LEMIS_SHA256


def test_exactly_the_refused_shipments_become_seizures(imported):
    _, report, seizures = imported
    shipments = {row["control_number"] for row in refused_lines()}
    assert report.records_created == len(shipments) == len(seizures)
    assert {record.values["reference"] for record in seizures} == shipments


def test_each_refused_line_is_one_seized_item(imported):
    _, _, seizures = imported
    assert sum(len(record.values["items"]) for record in seizures) == len(refused_lines())


def test_origin_countries_match_the_file(imported):
    first_lines = {row["control_number"]: row for row in reversed(refused_lines())}
    expected = Counter(row["country_origin"] for row in first_lines.values()
                       if row["country_origin"] not in NOT_COUNTRIES)
    assert legs(imported[2], "ORIGIN") == expected


def test_exporting_countries_match_the_file(imported):
    first_lines = {row["control_number"]: row for row in reversed(refused_lines())}
    expected = Counter(row["country_imp_exp"] for row in first_lines.values()
                       if row["country_imp_exp"] not in NOT_COUNTRIES)
    assert legs(imported[2], "DEPARTURE") == expected


def test_every_seizure_ends_in_the_united_states(imported):
    seizures = imported[2]
    assert legs(seizures, "DESTINATION") == Counter({"US": len(seizures)})
    assert {record.values["place_country"] for record in seizures} == {"US"}


def test_units_match_the_file(imported):
    items = [item for record in imported[2] for item in record.values["items"]]
    expected = Counter(UNITS[row["unit"]][0] for row in refused_lines())
    assert Counter(item["quantity"].unit for item in items) == expected


def test_normalised_quantities_add_up_to_the_file(imported):
    expected: dict[str, Decimal] = defaultdict(Decimal)
    lines: Counter = Counter()
    for row in refused_lines():
        _, base, factor = UNITS[row["unit"]]
        expected[base] += Decimal(row["quantity"]) * factor
        lines[base] += 1
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for record in imported[2]:
        for item in record.values["items"]:
            totals[item["quantity"].base_unit] += item["quantity"].normalised
    assert set(totals) == set(expected)
    assert totals["u"] == expected["u"]
    for base in ("kg", "l"):
        # The quantity field keeps three decimals of the amount, as LEMIS's own rounding does.
        assert abs(totals[base] - expected[base]) <= Decimal("0.0005") * lines[base]


def test_a_shipment_of_two_species_keeps_its_dates_port_and_species(imported):
    [record] = [r for r in imported[2] if r.values["reference"] == "2016817986"]
    values = record.values
    assert values["seizure_date"] == dt.date(2016, 3, 14) and values["place_name"] == "SF"
    assert values["route"][-1]["leg_date"] == dt.date(2016, 2, 24)
    assert [item["species"] for item in values["items"]] == [
        "Duttaphrynus melanostictus", "Rhacophorus reinwardtii"]
    assert [item["quantity"].amount for item in values["items"]] == [Decimal(8), Decimal(3)]
    assert values["actions"] == ["SEIZURE"]


def test_importing_the_file_again_adds_nothing(imported):
    officer, _, seizures = imported
    again = import_file(officer, LEMIS, load_mapping(MAPPING))
    assert (again.records_created, again.records_existing) == (0, len(seizures))
