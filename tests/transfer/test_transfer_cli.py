"""``ncen import`` and ``ncen export`` as officers and analysts run them: summaries, per-row
problems on standard output, one-line errors and exit statuses."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from ncen_testing import USER_PASSWORD
from transfer_support import (
    REGISTER_ROWS,
    audit_entries,
    database_state,
    open_databases,
    register_file,
    register_mapping,
    write_csv,
)

from ncen_core.users import add_user


def run_ncen(args, env_extra, tmp_path):
    """Run ``python -m ncen_core.cli`` in a clean environment."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
           "XDG_DATA_HOME": str(tmp_path / "share"), **env_extra}
    return subprocess.run([sys.executable, "-m", "ncen_core.cli", *args], env=env,
                          capture_output=True, text=True, timeout=300, cwd=tmp_path, check=False)


def assert_one_line_error(result, *fragments):
    assert result.returncode == 1, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ncen: error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.fixture
def installation(db_url, tmp_path):
    """An office with an officer and an analyst, and a configuration file naming it."""
    ncen = open_databases(db_url, tmp_path)
    add_user(ncen.system, "olga", USER_PASSWORD, "officer", unit="A")
    add_user(ncen.system, "anna", USER_PASSWORD, "analyst")
    config = tmp_path / "ncen.yaml"
    config.write_text(textwrap.dedent(f"""\
        database:
          url: "{db_url}"
        plugins:
          folder: null
        fields_dirs: []
    """))
    yield ncen
    ncen.close()


def records_state(ncen):
    """Row counts of the record, child and link tables (the audit logs each CLI login)."""
    return {table: count for table, count in database_state(ncen).items() if table != "ncen_audit"}


def as_user(tmp_path, name):
    return {"NCEN_CONFIG": str(tmp_path / "ncen.yaml"), "NCEN_USER": name,
            "NCEN_PASSWORD": USER_PASSWORD}


def import_args(tmp_path, *extra):
    register_mapping(tmp_path)
    return ["import", "register.csv", "--type", "seizure", "--mapping", "register.yaml", *extra]


def imported(tmp_path):
    """Import the test register as the officer; the test cannot go on if that fails."""
    result = run_ncen(import_args(tmp_path), as_user(tmp_path, "olga"), tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_import_prints_its_summary_and_exits_0(installation, tmp_path):
    register_file(tmp_path)
    result = run_ncen(import_args(tmp_path), as_user(tmp_path, "olga"), tmp_path)
    assert result.returncode == 0, result.stderr
    assert "seizure: 2 records were created" in result.stdout


def test_a_refused_import_lists_each_problem_then_one_error_line(installation, tmp_path):
    rows = REGISTER_ROWS[:2] + [REGISTER_ROWS[2][:1] + ["31/02/2021"] + REGISTER_ROWS[2][2:]]
    register_file(tmp_path, rows)
    before = records_state(installation)
    result = run_ncen(import_args(tmp_path), as_user(tmp_path, "olga"), tmp_path)
    assert_one_line_error(result, "register.csv: 1 of 3 rows are invalid; nothing was imported")
    assert "register.csv:4: seizure_date: '31/02/2021' is not a date" in result.stdout
    assert records_state(installation) == before and audit_entries(installation, "import") == []


def test_a_dry_run_that_finds_invalid_rows_exits_1(installation, tmp_path):
    register_file(tmp_path, [REGISTER_ROWS[2][:3] + ["Hovercraft"] + REGISTER_ROWS[2][4:]])
    result = run_ncen(import_args(tmp_path, "--dry-run"), as_user(tmp_path, "olga"), tmp_path)
    assert_one_line_error(result, "the import would write nothing")
    assert "register.csv:2: transport_mode: unknown code 'Hovercraft'" in result.stdout
    assert "transport_mode: 'Hovercraft' x1" in result.stdout


def test_skipping_invalid_rows_needs_a_reject_file(installation, tmp_path):
    register_file(tmp_path)
    result = run_ncen(import_args(tmp_path, "--skip-invalid"), as_user(tmp_path, "olga"), tmp_path)
    assert result.returncode == 2 and "--skip-invalid needs --reject-file" in result.stderr


def test_skipped_rows_go_to_the_reject_file(installation, tmp_path):
    register_file(tmp_path, [REGISTER_ROWS[2][:3] + ["Hovercraft"] + REGISTER_ROWS[2][4:]]
                  + REGISTER_ROWS[:2])
    result = run_ncen(import_args(tmp_path, "--skip-invalid", "--reject-file", "rejected.csv"),
                      as_user(tmp_path, "olga"), tmp_path)
    assert result.returncode == 0, result.stderr
    assert "1 records were created" in result.stdout
    assert "Hovercraft" in (tmp_path / "rejected.csv").read_text(encoding="utf-8-sig")


def test_a_suggestion_that_needs_review_is_saved_and_not_used(installation, tmp_path):
    write_csv(tmp_path / "register.csv", ["Reference", "Date of seizure", "Colour"],
              [["FR-1", "03/04/2021", "red"]])
    result = run_ncen(["import", "register.csv", "--type", "seizure", "--save-mapping", "map.yaml"],
                      as_user(tmp_path, "olga"), tmp_path)
    assert_one_line_error(result, "the suggested mapping needs review", "review map.yaml")
    saved = (tmp_path / "map.yaml").read_text()
    assert "date_format: DD/MM/YYYY|MM/DD/YYYY" in saved and "- Colour" in saved


def test_a_file_without_a_required_column_is_a_one_line_error(installation, tmp_path):
    write_csv(tmp_path / "register.csv", ["Date of seizure"], [["2021-04-03"]])
    result = run_ncen(["import", "register.csv", "--type", "seizure"], as_user(tmp_path, "olga"),
                      tmp_path)
    assert_one_line_error(result, "register.csv:1: no column for the required field reference")


def test_a_broken_mapping_file_is_a_one_line_error(installation, tmp_path):
    register_file(tmp_path)
    (tmp_path / "register.yaml").write_text("ncen_mapping: 1\nfields: [unclosed\n")
    result = run_ncen(["import", "register.csv", "--type", "seizure", "--mapping", "register.yaml"],
                      as_user(tmp_path, "olga"), tmp_path)
    assert_one_line_error(result, "register.yaml: not valid YAML")


def test_export_writes_a_csv_file_and_says_how_many_records(installation, tmp_path):
    register_file(tmp_path)
    imported(tmp_path)
    result = run_ncen(["export", "--type", "seizure", "--output", "out.csv"],
                      as_user(tmp_path, "anna"), tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "2 seizure records exported to out.csv."
    header = (tmp_path / "out.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("uuid,origin,version") and "items.2.quantity.unit" in header
    assert not (tmp_path / "out.csv.partial").exists()


def test_export_to_standard_output_is_json_lines(installation, tmp_path):
    register_file(tmp_path)
    imported(tmp_path)
    result = run_ncen(["export", "--type", "seizure", "--where", "place_name=Roissy"],
                      as_user(tmp_path, "anna"), tmp_path)
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.splitlines()
    assert json.loads(line)["values"]["reference"] == "FR-1"


def test_export_by_an_officer_is_a_one_line_error(installation, tmp_path):
    result = run_ncen(["export", "--type", "seizure"], as_user(tmp_path, "olga"), tmp_path)
    assert_one_line_error(result, "may not export reports")


def test_an_exported_csv_imports_back_without_a_mapping(installation, tmp_path):
    register_file(tmp_path)
    imported(tmp_path)
    exported = run_ncen(["export", "--type", "seizure", "--output", "out.csv"],
                        as_user(tmp_path, "anna"), tmp_path)
    assert exported.returncode == 0, exported.stderr
    result = run_ncen(["import", "out.csv", "--type", "seizure", "--dry-run"],
                      as_user(tmp_path, "olga"), tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "seizure: 2 records would be created" in result.stdout


def test_columns_that_match_no_field_are_reported(installation, tmp_path):
    write_csv(tmp_path / "register.csv", ["National reference", "Date of seizure", "case"],
              [["FR-1", "2021-04-03", "x"]])
    result = run_ncen(["import", "register.csv", "--type", "seizure"], as_user(tmp_path, "olga"),
                      tmp_path)
    assert_one_line_error(result, "the suggested mapping needs review")
    assert "note: column 'case' matches no field" in result.stdout
