"""Loading code lists: strict files, labels per language, parents within and across lists."""

from __future__ import annotations

import textwrap
from decimal import Decimal

import pytest

from ncen_core.codelists import CodeListRegistry, load_codelist_file, unit_conversion
from ncen_core.codelists import shipped_codelist
from ncen_core.errors import FieldSpecError

GOOD = """\
codelist: shade
version: 2
title: {en: Shades, fr: Nuances}
values:
  - code: DARK
    label: {en: dark, fr: sombre, es: oscuro}
  - code: DARKER
    label: {en: darker}
    parent: DARK
  - code: OLD
    label: old
    retired: true
"""


def write(tmp_path, text, name="list.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def test_labels_fall_back_to_english_then_code(tmp_path):
    shades = load_codelist_file(write(tmp_path, GOOD))
    assert shades.label("DARK", "fr") == "sombre"
    assert shades.label("DARKER", "es") == "darker"
    assert shades.label("NOPE", "fr") == "NOPE"


def test_lookup_accepts_code_or_label_in_any_language_ignoring_case(tmp_path):
    shades = load_codelist_file(write(tmp_path, GOOD))
    assert shades.lookup("dark").code == "DARK"
    assert shades.lookup("OSCURO").code == "DARK"
    assert shades.lookup("light") is None


def test_retired_values_are_not_offered(tmp_path):
    shades = load_codelist_file(write(tmp_path, GOOD))
    assert [v.code for v in shades.active_values()] == ["DARK", "DARKER"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("codelist: x\nversion: 1\nvalues: []\n", "'values' must be a non-empty list"),
        ("codelist: x\nversion: 0\nvalues: [{code: A, label: a}]\n", "'version'"),
        ("codelist: x\nversion: 1\nvalues: [{code: A, label: a}, {code: A, label: b}]\n",
         "duplicate code 'A'"),
        ("codelist: x\nversion: 1\nvalues: [{code: A, label: {fr: a}}]\n", "English"),
        ("codelist: x\nversion: 1\nvalues: [{code: A, label: a, parent: Z}]\n",
         "parent 'Z' is not in the list"),
        ("codelist: x\nversion: 1\ncolour: red\nvalues: [{code: A, label: a}]\n", "unknown keys colour"),
        ("codelist: x\nversion: 1\nvalues: [{code: ' A', label: a}]\n", "'code'"),
        ("codelist: [x\n", "not valid YAML"),
    ],
)
def test_bad_file_is_refused_naming_the_file(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(FieldSpecError) as caught:
        load_codelist_file(path)
    assert str(path) in str(caught.value) and message in str(caught.value)


def test_parents_in_another_list_are_checked_once_all_are_loaded(tmp_path):
    shades = load_codelist_file(write(tmp_path, GOOD))
    child = load_codelist_file(write(tmp_path, """\
        codelist: tone
        version: 1
        parent_codelist: shade
        values:
          - {code: INK, label: ink, parent: DARK}
          - {code: SOOT, label: soot, parent: PALE}
        """, "tone.yaml"))
    with pytest.raises(FieldSpecError, match="parent 'PALE' is not in code list shade"):
        CodeListRegistry([shades, child]).check_parents()


def test_the_same_list_twice_is_refused(tmp_path):
    shades = load_codelist_file(write(tmp_path, GOOD))
    with pytest.raises(FieldSpecError, match="declared twice"):
        CodeListRegistry([shades, shades])


def test_units_convert_to_kilograms_litres_and_units():
    units = load_codelist_file(shipped_codelist("unit"))
    assert unit_conversion(units, "G") == (Decimal("0.001"), "kg")
    assert unit_conversion(units, "CL")[1] == "l"
    assert unit_conversion(units, "CARTON200")[0] == 200


# The parse cache


def test_a_second_load_reads_the_cached_document_without_yaml(tmp_path, monkeypatch):
    monkeypatch.setenv("NCEN_CACHE_DIR", str(tmp_path / "cache"))
    path = write(tmp_path, GOOD)
    first = load_codelist_file(path)
    import yaml

    monkeypatch.setattr(yaml, "load", lambda *a, **k: pytest.fail("parsed again"))
    assert load_codelist_file(path) == first


def test_a_changed_file_is_parsed_again_not_read_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("NCEN_CACHE_DIR", str(tmp_path / "cache"))
    path = write(tmp_path, GOOD)
    load_codelist_file(path)
    write(tmp_path, GOOD.replace("oscuro", "negro"))
    assert load_codelist_file(path).label("DARK", "es") == "negro"


def test_a_cached_document_is_checked_like_a_parsed_one(tmp_path, monkeypatch):
    monkeypatch.setenv("NCEN_CACHE_DIR", str(tmp_path / "cache"))
    path = write(tmp_path, GOOD.replace("version: 2", "version: 0"))
    for _ in range(2):
        with pytest.raises(FieldSpecError, match="'version' must be a positive integer"):
            load_codelist_file(path)


def test_an_unwritable_cache_folder_only_costs_parsing(tmp_path, monkeypatch):
    (tmp_path / "cache").write_text("a file where the folder would be")
    monkeypatch.setenv("NCEN_CACHE_DIR", str(tmp_path / "cache"))
    assert load_codelist_file(write(tmp_path, GOOD)).label("DARK", "fr") == "sombre"
