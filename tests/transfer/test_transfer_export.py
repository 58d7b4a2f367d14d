"""Export of any record type to JSON Lines and CSV, streamed by pages, formulas neutralised,
audited, and read back by import into a fresh database as the same records."""

# The fixtures imported from transfer_support are test parameters here.
# ruff: noqa: F811

from __future__ import annotations

import csv
import io
import json

import pytest
from transfer_support import (
    SEIZURE_VALUES,
    SUSPECT_VALUES,
    audit_entries,
    fresh_db_url,  # noqa: F401
    ncen,  # noqa: F401  (overrides the root fixture)
    open_databases,
)

from ncen_core.errors import PermissionDeniedError
from ncen_core.record_json import record_to_dict
from ncen_core.record_service import RecordService
from ncen_core.transfer import exporter
from ncen_core.transfer.errors import TransferError
from ncen_core.transfer.exporter import export_records, parse_filters
from ncen_core.transfer.importer import import_file
from ncen_core.transfer.suggest import suggest_for_file
from ncen_core.users import add_user

FORMULA = "=cmd|' /C calc'!A0"


def exported(service, record_type, fmt, **options):
    stream = io.StringIO()
    count = export_records(service, record_type, stream, fmt, **options)
    return count, stream.getvalue()


def csv_rows(text):
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def seizure(people):
    return people["officer"].create("seizure", SEIZURE_VALUES)


def test_json_lines_hold_one_record_per_line(people, seizure):
    second = people["officer"].create("seizure", {**SEIZURE_VALUES, "reference": "SZ-2"})
    count, text = exported(people["analyst"], "seizure", "jsonl")
    assert count == 2
    assert [json.loads(line) for line in text.splitlines()] == [
        record_to_dict(people["analyst"].get(seizure.ref)),
        record_to_dict(people["analyst"].get(second.ref))]


def test_csv_spreads_groups_over_numbered_columns(people, seizure):
    _, text = exported(people["analyst"], "seizure", "csv")
    [row] = csv_rows(text)
    assert (row["route.1.country"], row["route.2.country"]) == ("EC", "BE")
    assert (row["items.1.quantity"], row["items.1.quantity.unit"]) == ("412.500", "KG")
    assert row["detection_methods"] == "RISK_PROFILING; NII_FIXED"
    assert row["exceptional_concealment"] == "true" and row["seizure_date"] == "2025-03-14"


def test_a_formula_in_a_cell_is_neutralised(people, seizure):
    _, text = exported(people["analyst"], "seizure", "csv")
    [row] = csv_rows(text)
    assert row["reporting_office"] == "'" + FORMULA
    assert row["items.2.brand"] == "'@Marlboro"
    assert row["items.1.description"] == "'-Brick-shaped packages; 'Rolex' logo"


def test_a_plain_number_is_not_taken_for_a_formula(people):
    record = people["officer"].create("seizure", {**SEIZURE_VALUES, "reference": "-42"})
    _, text = exported(people["analyst"], "seizure", "csv")
    assert csv_rows(text)[0]["reference"] == record.values["reference"] == "-42"


def test_export_reads_page_after_page_in_id_order(people, monkeypatch):
    monkeypatch.setattr(exporter, "PAGE_SIZE", 2)
    created = [people["officer"].create("seizure", {**SEIZURE_VALUES, "reference": f"SZ-{n}"})
               for n in range(5)]
    _, text = exported(people["analyst"], "seizure", "jsonl")
    assert [json.loads(line)["uuid"] for line in text.splitlines()] == [r.uuid for r in created]


def test_where_keeps_the_records_whose_field_equals_the_value(people, seizure):
    people["officer"].create("seizure", {**SEIZURE_VALUES, "reference": "SZ-2",
                                         "place_country": "NL"})
    filters = parse_filters(people["analyst"], "seizure", ["place_country=nl"])
    count, text = exported(people["analyst"], "seizure", "jsonl", filters=filters)
    assert count == 1 and json.loads(text)["values"]["reference"] == "SZ-2"


def test_where_reads_a_code_by_its_label(people, seizure):
    filters = parse_filters(people["analyst"], "seizure", ["transport_mode=Maritime transport"])
    assert exported(people["analyst"], "seizure", "jsonl", filters=filters)[0] == 1


def test_where_on_a_group_is_refused(people):
    with pytest.raises(TransferError, match="--where items=x: items is a group field"):
        parse_filters(people["analyst"], "seizure", ["items=x"])


def test_every_export_is_audited_before_it_starts(ncen, people, seizure):
    exported(people["analyst"], "seizure", "csv", target="out.csv")
    [entry] = audit_entries(ncen, "export")
    assert entry.username == "anna" and entry.record_type == "seizure"
    assert json.loads(entry.detail) == {"format": "csv", "filter": {}, "output": "out.csv"}


def test_an_officer_may_not_export(people):
    with pytest.raises(PermissionDeniedError, match="may not export reports"):
        exported(people["officer"], "seizure", "csv")


@pytest.mark.parametrize("record_type, values", [("seizure", SEIZURE_VALUES),
                                                 ("suspect", SUSPECT_VALUES)])
def test_an_exported_csv_imports_into_a_fresh_database_as_the_same_records(
        people, fresh_db_url, tmp_path, record_type, values):
    originals = [people["officer"].create(record_type, values, tlp="GREEN", status="submitted"),
                 people["officer"].create(record_type, {**values, "notes": "second"}
                                          if record_type == "suspect"
                                          else {**values, "reference": "SZ-2"})]
    path = tmp_path / "export.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        export_records(people["analyst"], record_type, stream, "csv")
    fresh = open_databases(fresh_db_url, tmp_path / "fresh")
    try:
        officer = RecordService(fresh, add_user(fresh.system, "ivan", "user-password-1",
                                                "officer", unit="A"))
        suggestion = suggest_for_file(fresh.registry, path, record_type)
        assert suggestion.complete, suggestion.notes
        report = import_file(officer, path, suggestion.mapping)
        copies = officer.list(record_type, order_by="id", descending=False).records
    finally:
        fresh.close()
    assert report.records_created == 2
    assert [c.values for c in copies] == [o.values for o in originals]
    assert [(c.status, c.tlp, c.distribution) for c in copies] == [
        (o.status, o.tlp, o.distribution) for o in originals]
