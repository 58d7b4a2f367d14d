"""Custom fields declared in YAML: real columns after `db upgrade`, never dropped."""

from __future__ import annotations

import pytest
from ncen_testing import make_config, open_initialised

from ncen_core.app import open_ncen
from ncen_core.errors import FieldSpecError, SchemaBehindError
from ncen_core.field_files import load_field_file
from ncen_core.record_service import RecordService
from ncen_core.schema import existing_columns
from ncen_core.users import add_user

import sample_plugin

FIELDS_YAML = """\
specimen:
  - name: seal_number
    label: Seal number
    kind: text
    classification: S
    max_length: 16
  - name: inspections
    label: Inspections
    kind: group
    classification: X
    fields:
      - {name: inspector, label: Inspector, kind: text, classification: N, required: true}
      - {name: minutes, label: Minutes, kind: int, classification: X}
"""


@pytest.fixture
def fields_dir(tmp_path):
    folder = tmp_path / "fields"
    folder.mkdir()
    return folder


def test_yaml_fields_need_an_upgrade_then_work(db_url, tmp_path, fields_dir):
    open_initialised(make_config(db_url, tmp_path)).close()
    (fields_dir / "extra.yaml").write_text(FIELDS_YAML)
    config = make_config(db_url, tmp_path, fields_dirs=(fields_dir,))
    with pytest.raises(SchemaBehindError, match=r"1 new table\(s\), 1 new column"):
        open_ncen(config, extra_plugins=[sample_plugin])
    ncen = open_ncen(config, extra_plugins=[sample_plugin], require_current_schema=False)
    plan = ncen.upgrade()
    assert ("rec_specimen", "seal_number") in plan.new_columns
    assert "rec_specimen__inspections" in plan.new_tables
    officer = RecordService(ncen, add_user(ncen.system, "olga", "user-password-1", "officer",
                                           full_name="Olga", unit="A"))
    record = officer.create("specimen", {
        "reference": "Y-1", "seal_number": "SEAL-9",
        "inspections": [{"inspector": "Dupont", "minutes": "45"}],
    })
    again = officer.get(record.ref)
    assert again.values["seal_number"] == "SEAL-9"
    assert again.values["inspections"] == [{"inspector": "Dupont", "minutes": 45}]


def test_removed_custom_field_keeps_its_column_and_data(db_url, tmp_path, fields_dir):
    (fields_dir / "extra.yaml").write_text(FIELDS_YAML)
    ncen = open_initialised(make_config(db_url, tmp_path, fields_dirs=(fields_dir,)))
    officer = RecordService(ncen, add_user(ncen.system, "olga", "user-password-1", "officer",
                                           full_name="Olga", unit="A"))
    officer.create("specimen", {"reference": "K-1", "seal_number": "KEEP-ME"})
    ncen.close()
    (fields_dir / "extra.yaml").unlink()
    reopened = open_ncen(make_config(db_url, tmp_path, fields_dirs=(fields_dir,)),
                         extra_plugins=[sample_plugin])
    assert "seal_number" in existing_columns(reopened.database, "rec_specimen")
    kept = reopened.database.execute_sql("SELECT seal_number FROM rec_specimen").fetchone()[0]
    assert kept == "KEEP-ME"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("specimen:\n  - name: x\n    label: X\n    kind: colour\n    classification: X\n",
         "line 2: specimen field 1 ('x'): unknown kind 'colour'"),
        ("specimen:\n  - name: x\n    label: X\n    kind: text\n",
         "line 2: specimen field 1 ('x'): missing classification"),
        ("specimen:\n  - name: x\n    label: X\n    kind: text\n    classification: X\n"
         "    required: maybe\n", "'required' must be bool"),
        ("specimen:\n  - name: Bad Name\n    label: X\n    kind: text\n    classification: X\n",
         "a field name is lowercase"),
        ("specimen:\n  - name: x\n    label: X\n    kind: text\n    classification: X\n"
         "    colour: red\n", "unknown keys colour"),
        ("specimen: [\n", "not valid YAML"),
        ("specimen:\n  name: x\n", "line 2: specimen: expected a list of fields"),
    ],
)
def test_bad_field_file_names_file_line_and_problem(tmp_path, text, expected):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(FieldSpecError) as caught:
        load_field_file(path)
    assert str(path) in str(caught.value)
    assert expected in str(caught.value)


def test_fields_for_an_unknown_record_type_are_refused(db_url, tmp_path, fields_dir):
    (fields_dir / "typo.yaml").write_text(FIELDS_YAML.replace("specimen:", "specimem:"))
    with pytest.raises(FieldSpecError, match="unknown record types: specimem"):
        open_initialised(make_config(db_url, tmp_path, fields_dirs=(fields_dir,)))
