"""Mappings as files (parsed, saved, checked against the record types), date formats, and
the mapping suggested from a header."""

from __future__ import annotations

import pytest
import yaml
from ncen_testing import make_config
from transfer_support import REGISTER_MAPPING

from ncen_core import core_plugin
from ncen_core.plugin_manager import build_plugin_manager
from ncen_core.registry import build_registry
from ncen_core.transfer.dates import date_format, detect_formats
from ncen_core.transfer.errors import MappingError
from ncen_core.transfer.mapping import check_mapping
from ncen_core.transfer.mapping_file import load_mapping, parse_mapping, save_mapping
from ncen_core.transfer.source import SourceRow
from ncen_core.transfer.suggest import suggest_mapping


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    config = make_config("sqlite:///unused.db", tmp_path_factory.mktemp("registry"),
                         with_databases=True)
    return build_registry(build_plugin_manager(config, extra_plugins=[core_plugin]), config)


def parsed(text: str):
    return parse_mapping(yaml.safe_load(text), "map.yaml")


def with_fields(fields: str) -> str:
    return f"ncen_mapping: 1\nrecord_type: seizure\nname: t\nfields:\n{fields}"


def suggest(registry, header, rows=(), record_type="seizure"):
    samples = [SourceRow(line, tuple(cells)) for line, cells in enumerate(rows, start=2)]
    return suggest_mapping(registry.record_type(record_type), tuple(header), samples, name="t")


# -- files ---------------------------------------------------------------------------------

def test_a_saved_mapping_loads_back_equal(tmp_path):
    original = parsed(REGISTER_MAPPING)
    save_mapping(original, tmp_path / "saved.yaml", notes=["checked by hand"])
    again = load_mapping(tmp_path / "saved.yaml")
    assert (tmp_path / "saved.yaml").read_text().startswith("# ncen import mapping")
    assert again.fields == original.fields and again.links == original.links


def test_yes_and_no_read_by_yaml_as_booleans_are_refused_with_a_hint():
    with pytest.raises(MappingError, match=r"map.yaml: fields.place_country.value: YAML read "
                                           r"a bare yes/no/on/off as true/false; put the text"):
        parsed(with_fields("  place_country: {value: NO}\n"))


def test_an_unknown_key_is_refused_with_its_path():
    with pytest.raises(MappingError, match=r"map.yaml: fields.reference: unknown keys colum"):
        parsed(with_fields("  reference: {colum: case}\n"))


def test_a_source_needs_exactly_one_origin():
    with pytest.raises(MappingError, match="give exactly one of column, columns or value"):
        parsed(with_fields("  reference: {column: case, value: X}\n"))


def test_a_mapping_without_its_format_version_is_refused():
    with pytest.raises(MappingError, match="ncen_mapping: must be 1"):
        parse_mapping({"record_type": "seizure", "name": "t", "fields": {}}, "map.yaml")


# -- fit to the record types ---------------------------------------------------------------

@pytest.mark.parametrize("fields, message", [
    ("  reference: a\n  seizure_date: b\n  colour: c\n", "seizure has no field 'colour'"),
    ("  reference: a\n", "the required field seizure_date (Date of seizure) is not mapped"),
    ("  reference: a\n  seizure_date: b\n  items: c\n",
     "items is a repeating group; give it 'rows'"),
    ("  reference: a\n  seizure_date: {column: b, date_format: DD/MM/AAAA}\n",
     "unknown part 'AAAA' in date format"),
    ("  reference: a\n  seizure_date: {column: b, date_format: DD/MM/YYYY|MM/DD/YYYY}\n",
     "the dates fit DD/MM/YYYY or MM/DD/YYYY; keep the one that is right"),
    ("  reference: a\n  seizure_date: b\n  items:\n    rows:\n      - {commodity: c}\n",
     r"items.rows[1]: the required quantity is not mapped"),
    ("  reference: {column: a, separator: ';'}\n  seizure_date: b\n",
     "only a multi-code field or a group member holds several values"),
])
def test_a_mapping_that_does_not_fit_the_record_type_is_refused(registry, fields, message):
    with pytest.raises(MappingError) as refused:
        check_mapping(parsed(with_fields(fields)), registry)
    assert message in str(refused.value) and str(refused.value).startswith("map.yaml: ")


def test_a_link_role_must_connect_the_two_record_types(registry):
    text = with_fields("  reference: a\n  seizure_date: b\n") + (
        "links:\n  - {role: SUSP_COMP_DIRECTOR, record_type: suspect, key: [p],"
        " fields: {family_name: p}}\n")
    with pytest.raises(MappingError, match="SUSP_COMP_DIRECTOR links suspect and company, "
                                           "not seizure and suspect"):
        check_mapping(parsed(text), registry)


# -- date formats --------------------------------------------------------------------------

def test_day_first_and_month_first_dates_are_ambiguous_until_a_day_passes_12():
    assert detect_formats(["03/04/2021", "11/05/2021"]) == ("DD/MM/YYYY", "MM/DD/YYYY")
    assert detect_formats(["03/04/2021", "28/05/2021"]) == ("DD/MM/YYYY",)


def test_iso_timestamps_are_detected():
    assert detect_formats(["2016-01-03T00:00:00Z"]) == ("YYYY-MM-DDThh:mm:ssZ",)


def test_a_date_that_does_not_exist_is_refused_naming_the_format():
    with pytest.raises(ValueError, match=r"'31/02/2021' is not a date in the format DD/MM/YYYY"):
        date_format("DD/MM/YYYY").parse("31/02/2021")


def test_a_format_without_a_day_is_refused():
    with pytest.raises(ValueError, match="needs YYYY, MM and DD"):
        date_format("MM/YYYY")


# -- suggestions ---------------------------------------------------------------------------

def test_columns_match_fields_by_label_ignoring_case_and_punctuation(registry):
    suggestion = suggest(registry, ["NATIONAL REFERENCE", "date-of-seizure", "Place"],
                         [["FR-1", "2021-04-03", "Roissy"]])
    assert {c: t for c, t in suggestion.matches} == {
        "NATIONAL REFERENCE": "reference", "date-of-seizure": "seizure_date", "Place": "place_name"}
    assert suggestion.complete and suggestion.mapping.key == ("NATIONAL REFERENCE",)


def test_a_field_of_the_record_wins_over_a_group_member_of_the_same_name(registry):
    suggestion = suggest(registry, ["reference", "seizure_date", "unlocode"])
    assert ("unlocode", "unlocode") in suggestion.matches


def test_a_member_label_found_in_one_group_only_maps_to_its_first_row(registry):
    suggestion = suggest(registry, ["reference", "seizure_date", "Commodity", "Quantity", "Unit"])
    [row] = suggestion.mapping.fields["items"].rows
    assert row["commodity"].column == "Commodity"
    assert (row["quantity"].column, row["quantity"].unit_column) == ("Quantity", "Unit")


def test_ambiguous_dates_keep_both_formats_and_leave_the_suggestion_incomplete(registry):
    suggestion = suggest(registry, ["reference", "seizure_date"], [["FR-1", "03/04/2021"]])
    assert suggestion.mapping.fields["seizure_date"].date_format == "DD/MM/YYYY|MM/DD/YYYY"
    assert not suggestion.complete


def test_an_unmatched_column_is_ignored_but_leaves_the_suggestion_incomplete(registry):
    suggestion = suggest(registry, ["reference", "seizure_date", "colour"])
    assert suggestion.unmatched == ["colour"] and "colour" in suggestion.mapping.ignore
    assert not suggestion.complete


def test_an_export_header_reads_back_numbered_group_columns_and_the_record_key(registry):
    header = ["uuid", "origin", "version", "status", "tlp", "reference", "seizure_date",
              "items.1.commodity", "items.1.quantity", "items.1.quantity.unit",
              "items.2.commodity", "items.2.quantity", "items.2.quantity.unit", "created_by"]
    suggestion = suggest(registry, header)
    rows = suggestion.mapping.fields["items"].rows
    assert suggestion.complete and suggestion.mapping.key == ("origin", "uuid")
    assert [(r["quantity"].column, r["quantity"].unit_column) for r in rows] == [
        ("items.1.quantity", "items.1.quantity.unit"),
        ("items.2.quantity", "items.2.quantity.unit")]
    assert set(suggestion.mapping.record) == {"status", "tlp"}
    assert set(suggestion.mapping.ignore) == {"version", "created_by"}
