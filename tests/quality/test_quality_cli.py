"""``ncen quality`` as a table, JSON and CSV; without the exchange, exports only."""

from __future__ import annotations

import csv
import io
import json

from ncen_testing import make_config, open_initialised

from ncen_core.config import PluginsConfig
from ncen_core.quality.report import NO_LEDGER_NOTE, quality_report
from ncen_core.record_service import RecordService
from ncen_core.users import add_user


def seizure(officer, reference, **extra):
    return officer.create("seizure", {
        "reference": reference, "seizure_date": "2026-01-10",
        "items": [{"commodity": "DRUGS", "quantity": {"amount": "2", "unit": "KG"}}], **extra},
        distribution="group")


def test_quality_prints_each_office_and_measure(officer, ncen_cli):
    seizure(officer, "T-1", place_country="FR")
    seizure(officer, "T-2")

    status, out, _err = ncen_cli("quality")

    assert status == 0
    assert "seizure from FR-CDG: 2 records" in out
    assert "place_country                 50.0%  (1 filled in)" in out
    assert "not yet shared: 2" in out and "not yet exported: 2" in out


def test_quality_as_json_and_csv_carry_the_same_numbers(officer, ncen_cli):
    seizure(officer, "T-1", place_country="FR")

    status, out, _err = ncen_cli("quality", "--format", "json")
    offices = {o["record_type"]: o for o in json.loads(out)["offices"]}
    assert status == 0 and offices["seizure"]["filled"]["items.quantity"] == 1

    status, out, _err = ncen_cli("quality", "--format", "csv")
    rows = {(r["record_type"], r["measure"]): r["value"] for r in csv.DictReader(io.StringIO(out))}
    assert rows[("seizure", "percent:place_country")] == "100.0"
    assert rows[("seizure", "records")] == "1" and rows[("seizure", "not_shared")] == "1"


def test_without_the_exchange_the_report_says_it_counts_exports_only(db_url, tmp_path):
    config = make_config(db_url, tmp_path, with_databases=True,
                         plugins=PluginsConfig(folder=None, disabled=("comms",)))
    ncen = open_initialised(config)
    user = add_user(ncen.system, "sven", "user-password-1", "supervisor", unit="A")
    officer = RecordService(ncen, user)
    seizure(officer, "T-9")

    report = quality_report(ncen, user)

    assert report.notes == [NO_LEDGER_NOTE]
    (row,) = [q for q in report.offices if q.record_type == "seizure"]
    assert row.not_shared is None and row.not_exported == 1
    ncen.close()
