"""A register cell that a spreadsheet would run as a formula (``=cmd|...``, ``@SUM``,
``+``, ``-``) is data: import keeps it as the literal text, and the CSV export gives it a
leading quote, so opening the export in a spreadsheet never runs it."""

# The fixtures imported from transfer_support are test parameters here.
# ruff: noqa: F811

from __future__ import annotations

import csv
import io

from transfer_support import (
    REGISTER_ROWS,
    ncen,  # noqa: F401  (overrides the root fixture)
    register_file,
    register_mapping,
)

from ncen_core.transfer.exporter import export_records
from ncen_core.transfer.importer import import_file

FORMULA = "=cmd|' /C calc'!A0"
AT_FORMULA = "@SUM(1+1)*cmd|' /C calc'!A0"


def hostile_register(tmp_path):
    """The test register with formulas in the place of FR-2 and the name of its courier."""
    fr2 = list(REGISTER_ROWS[2])
    fr2[2], fr2[11] = FORMULA, AT_FORMULA
    return register_file(tmp_path, [*REGISTER_ROWS[:2], fr2])


def exported_rows(service, record_type):
    stream = io.StringIO()
    export_records(service, record_type, stream, "csv")
    return list(csv.DictReader(io.StringIO(stream.getvalue())))


def test_a_formula_cell_is_imported_as_its_literal_text(people, tmp_path):
    officer = people["officer"]
    import_file(officer, hostile_register(tmp_path), register_mapping(tmp_path))
    places = {r.values["reference"]: r.values["place_name"]
              for r in officer.list("seizure").records}
    names = [r.values["family_name"] for r in officer.list("suspect").records]
    assert (places["FR-2"], names) == (FORMULA, [AT_FORMULA])


def test_an_imported_formula_is_neutralised_when_exported_again(people, tmp_path):
    import_file(people["officer"], hostile_register(tmp_path), register_mapping(tmp_path))
    places = {row["reference"]: row["place_name"]
              for row in exported_rows(people["analyst"], "seizure")}
    [courier] = exported_rows(people["analyst"], "suspect")
    assert (places["FR-2"], courier["family_name"]) == ("'" + FORMULA, "'" + AT_FORMULA)
    assert places["FR-1"] == "Roissy"
