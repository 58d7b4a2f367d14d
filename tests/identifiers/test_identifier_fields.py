"""FieldSpecs name the identifier kind or name part of a field, in Python or in YAML."""

from __future__ import annotations

import pytest

from ncen_core.errors import FieldSpecError
from ncen_core.field_files import load_field_file
from ncen_core.fields import FieldSpec, Kind


def test_unknown_identifier_kind_is_refused():
    with pytest.raises(FieldSpecError, match="unknown identifier kind 'shoe'"):
        FieldSpec("x", "X", Kind.TEXT, "S", identifier="shoe")


def test_only_a_text_field_can_be_an_identifier():
    with pytest.raises(FieldSpecError, match="only a text field"):
        FieldSpec("x", "X", Kind.INT, "S", identifier="phone")


def test_unknown_name_part_is_refused():
    with pytest.raises(FieldSpecError, match="name_part must be one of"):
        FieldSpec("x", "X", Kind.TEXT, "N", name_part="nickname")


def test_yaml_field_declares_its_identifier_kind_and_name_part(tmp_path):
    path = tmp_path / "fields.yaml"
    path.write_text("suspect:\n"
                    "  - {name: tax_id, label: Tax id, kind: text, classification: N,\n"
                    "     identifier: tax}\n"
                    "  - {name: birth_name, label: Birth name, kind: text, classification: N,\n"
                    "     name_part: full}\n", encoding="utf-8")
    tax_id, birth_name = load_field_file(path)["suspect"]
    assert (tax_id.identifier, birth_name.name_part) == ("tax", "full")


def test_yaml_identifier_must_be_text(tmp_path):
    path = tmp_path / "fields.yaml"
    path.write_text("suspect:\n  - {name: x, label: X, kind: text, classification: N,\n"
                    "     identifier: 7}\n", encoding="utf-8")
    with pytest.raises(FieldSpecError, match="'identifier' must be text"):
        load_field_file(path)
