"""The two worked examples of custom fields an administration can copy:
``config/fields/example.yaml`` (no code) and ``examples/ncen-extra-fields`` (a plugin
package). Both kinds become real columns after an upgrade and take part in validation, the
form, the export and the search like built-in fields."""

from __future__ import annotations

import importlib.util
import io
import json
import sys
import tomllib

import pytest
from databases_support import (
    ROOT,
    open_databases,
    second_database,
    seizure_values,
    suspect_values,
)
from ncen_testing import make_config

from ncen_core import core_plugin
from ncen_core.app import open_ncen
from ncen_core.errors import SchemaBehindError, ValidationError
from ncen_core.forms import Widget, form_layout
from ncen_core.plugin_manager import build_plugin_manager, describe_plugins
from ncen_core.record_json import record_to_dict
from ncen_core.record_service import RecordService
from ncen_core.registry import build_registry
from ncen_core.schema import existing_columns
from ncen_core.search.engine import search
from ncen_core.transfer.exporter import export_records
from ncen_core.transfer.importer import import_file
from ncen_core.transfer.suggest import suggest_for_file
from ncen_core.users import add_user

FIELDS_DIR = ROOT / "config" / "fields"
EXAMPLE_PACKAGE = ROOT / "examples" / "ncen-extra-fields"
CUSTOM_COLUMNS = [("rec_seizure", "tir_carnet_number"), ("rec_seizure", "controlled_delivery"),
                  ("rec_seizure", "cites_permit_number"), ("rec_suspect", "known_as_courier")]
WILDLIFE_ITEM = {"commodity": "WILDLIFE", "species": "Psittacus erithacus",
                 "quantity": "14 U"}


def example_plugin():
    """The example package's module, imported from its file rather than installed."""
    path = EXAMPLE_PACKAGE / "ncen_extra_fields.py"
    spec = importlib.util.spec_from_file_location("ncen_extra_fields", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def with_examples(db_url, tmp_path):
    return open_databases(db_url, tmp_path, fields_dirs=(FIELDS_DIR,),
                          extra_plugins=(example_plugin(),))


@pytest.fixture
def ncen(db_url, tmp_path):
    installation = with_examples(db_url, tmp_path)
    yield installation
    installation.close()


def test_both_kinds_of_field_become_columns_at_the_upgrade(db_url, tmp_path):
    open_databases(db_url, tmp_path).close()
    config = make_config(db_url, tmp_path, with_databases=True, fields_dirs=(FIELDS_DIR,))
    with pytest.raises(SchemaBehindError, match="new column"):
        open_ncen(config, extra_plugins=[example_plugin()])
    ncen = open_ncen(config, extra_plugins=[example_plugin()], require_current_schema=False)
    try:
        plan = ncen.upgrade()
        assert set(CUSTOM_COLUMNS) <= set(plan.new_columns)
        for table, column in CUSTOM_COLUMNS:
            assert column in existing_columns(ncen.database, table)
        assert ncen.upgrade_plan().is_current
    finally:
        ncen.close()


def test_custom_fields_are_declared_with_their_classification(ncen):
    declared = {(name, spec.name, spec.kind, spec.classification)
                for name, specs in ncen.registry.custom_fields.items() for spec in specs}
    assert declared == {
        ("seizure", "cites_permit_number", "text", "S"),
        ("seizure", "tir_carnet_number", "text", "S"),
        ("seizure", "controlled_delivery", "bool", "S"),
        ("suspect", "known_as_courier", "bool", "S"),
    }


def test_custom_fields_are_stored_and_read_back(officer):
    seizure = officer.create("seizure", seizure_values(
        tir_carnet_number="XC 73265121", controlled_delivery="yes",
        cites_permit_number="21US12345A/9", items=[WILDLIFE_ITEM]))
    suspect = officer.create("suspect", suspect_values(known_as_courier=True))
    values = officer.get(seizure.ref).values
    assert (values["tir_carnet_number"], values["controlled_delivery"],
            values["cites_permit_number"]) == ("XC 73265121", True, "21US12345A/9")
    assert officer.get(suspect.ref).values["known_as_courier"] is True


def test_yaml_field_is_validated_by_its_pattern(officer):
    with pytest.raises(ValidationError) as caught:
        officer.create("seizure", seizure_values(tir_carnet_number="TIR-12"))
    assert "does not match" in caught.value.problems["tir_carnet_number"]


def test_yaml_bool_refuses_what_is_not_yes_or_no(officer):
    with pytest.raises(ValidationError) as caught:
        officer.create("suspect", suspect_values(known_as_courier="perhaps"))
    assert "known_as_courier" in caught.value.problems


def test_plugin_rule_refuses_a_permit_on_a_seizure_without_wildlife(officer):
    with pytest.raises(ValidationError) as caught:
        officer.create("seizure", seizure_values(cites_permit_number="21US12345A/9"))
    assert caught.value.problems == {
        "cites_permit_number": "a CITES permit concerns wildlife: add the wildlife item or "
                               "clear the permit number"}


def test_plugin_rule_accepts_a_permit_with_a_wildlife_item(officer):
    seizure = officer.create("seizure", seizure_values(cites_permit_number="21US12345A/9",
                                                       items=[WILDLIFE_ITEM]))
    assert seizure.values["cites_permit_number"] == "21US12345A/9"


def test_custom_fields_appear_in_the_form_in_the_users_language(ncen):
    seizure_form = form_layout(ncen.registry.record_type("seizure"), "fr")
    assert seizure_form.field_names[-3:] == [
        "cites_permit_number", "tir_carnet_number", "controlled_delivery"]
    assert seizure_form.field("tir_carnet_number").label == "Numéro de carnet TIR"
    assert seizure_form.field("controlled_delivery").widget is Widget.CHECKBOX
    assert seizure_form.field("cites_permit_number").label == "Numéro de permis CITES"
    suspect_form = form_layout(ncen.registry.record_type("suspect"), "es")
    assert suspect_form.field("known_as_courier").label == "Correo humano conocido"


def test_custom_fields_are_exported_with_the_record(officer):
    seizure = officer.create("seizure", seizure_values(
        tir_carnet_number="XC 73265121", controlled_delivery=False,
        cites_permit_number="21US12345A/9", items=[WILDLIFE_ITEM]))
    exported = record_to_dict(seizure)["values"]
    assert (exported["tir_carnet_number"], exported["controlled_delivery"],
            exported["cites_permit_number"]) == ("XC 73265121", False, "21US12345A/9")


def test_custom_fields_are_lines_of_the_json_lines_export(people):
    people["officer"].create("suspect", suspect_values(known_as_courier=True))
    stream = io.StringIO()
    export_records(people["analyst"], "suspect", stream, "jsonl")
    assert json.loads(stream.getvalue())["values"]["known_as_courier"] is True


def test_custom_fields_round_trip_through_csv_into_another_database(people, db_url, tmp_path):
    original = people["officer"].create("seizure", seizure_values(
        tir_carnet_number="XC 73265121", controlled_delivery=True,
        cites_permit_number="21US12345A/9", items=[WILDLIFE_ITEM]))
    path = tmp_path / "seizures.csv"
    with open(path, "w", encoding="utf-8", newline="") as stream:
        export_records(people["analyst"], "seizure", stream, "csv")
    with second_database(db_url, tmp_path) as other_url:
        other = with_examples(other_url, tmp_path / "other")
        try:
            clerk = RecordService(other, add_user(other.system, "ines", "user-password-1",
                                                  "officer", unit="A"))
            suggestion = suggest_for_file(other.registry, path, "seizure")
            assert suggestion.complete, suggestion.notes
            import_file(clerk, path, suggestion.mapping)
            copy = clerk.list("seizure").records[0]
        finally:
            other.close()
    assert {name: copy.values[name] for name in ("tir_carnet_number", "controlled_delivery",
                                                 "cites_permit_number")} == {
        "tir_carnet_number": "XC 73265121", "controlled_delivery": True,
        "cites_permit_number": "21US12345A/9"}
    assert copy.values == original.values


def test_custom_bool_column_is_filterable(ncen, officer):
    for number, flag in ((1, True), (2, False), (3, True)):
        officer.create("seizure", seizure_values(reference=f"CD-{number}",
                                                 controlled_delivery=flag))
    main = ncen.models_for("seizure").main
    found = main.select(main.reference).where(main.controlled_delivery == True)  # noqa: E712
    assert sorted(row.reference for row in found) == ["CD-1", "CD-3"]


@pytest.fixture
def searchable(officer):
    """Two seizures and a suspect telling the examples' custom fields apart."""
    return {
        "parrots": officer.create("seizure", seizure_values(
            reference="SZ-PARROTS", tir_carnet_number="XC 73265121", controlled_delivery=True,
            cites_permit_number="21US12345A/9", items=[WILDLIFE_ITEM])),
        "cigarettes": officer.create("seizure", seizure_values(
            reference="SZ-CIGARETTES", tir_carnet_number="XD 11112222",
            controlled_delivery=False)),
        "courier": officer.create("suspect", suspect_values(known_as_courier=True)),
    }


def found(officer, searchable, query):
    """Names of the ``searchable`` records that ``query`` finds."""
    names = {(r.record_type, r.id): name for name, r in searchable.items()}
    hits = search(officer.ncen, officer.user, query).hits
    return {names[(hit.record_type, hit.record_id)] for hit in hits}


@pytest.mark.parametrize("query", ["tir_carnet_number:XC73265121",
                                   'tir_carnet_number:"xc 73265121"'])
def test_yaml_field_is_found_by_field_and_value(officer, searchable, query):
    assert found(officer, searchable, query) == {"parrots"}


def test_yaml_field_is_found_by_free_text(officer, searchable):
    assert found(officer, searchable, "73265121") == {"parrots"}
    assert found(officer, searchable, '"XD 11112222"') == {"cigarettes"}


def test_plugin_field_is_found_by_field_and_value(officer, searchable):
    assert found(officer, searchable, "cites_permit_number:21US12345A/9") == {"parrots"}


def test_plugin_field_is_found_by_free_text(officer, searchable):
    assert found(officer, searchable, "21US12345A") == {"parrots"}


def test_yaml_yes_no_fields_are_found_by_their_answer(officer, searchable):
    assert found(officer, searchable, "controlled_delivery:no") == {"cigarettes"}
    assert found(officer, searchable, "known_as_courier:yes") == {"courier"}


def test_an_edited_custom_field_is_found_by_its_new_value_only(officer, searchable):
    parrots = searchable["parrots"]
    officer.update(parrots.ref, {"tir_carnet_number": "XE 55554444",
                                 "cites_permit_number": "22FR00001B/1"},
                   expected_version=parrots.version)
    assert found(officer, searchable, "73265121 OR 21US12345A") == set()
    assert found(officer, searchable, "tir_carnet_number:XE55554444") == {"parrots"}
    assert found(officer, searchable, "22FR00001B") == {"parrots"}


def test_example_package_declares_an_entry_point_to_the_module_it_ships():
    project = tomllib.loads((EXAMPLE_PACKAGE / "pyproject.toml").read_text(encoding="utf-8"))
    entry_points = project["project"]["entry-points"]["ncen"]
    assert entry_points == {"extra_fields": "ncen_extra_fields"}
    assert project["tool"]["setuptools"]["py-modules"] == ["ncen_extra_fields"]
    assert (EXAMPLE_PACKAGE / "ncen_extra_fields.py").is_file()
    assert "ncen" in project["project"]["dependencies"]


def test_example_module_implements_the_two_hooks():
    module = example_plugin()
    hooks = {name for name in ("register_fields", "validate_record")
             if hasattr(getattr(module, name, None), "ncen_impl")}
    assert hooks == {"register_fields", "validate_record"}


def test_installed_example_is_loaded_through_its_entry_point(tmp_path, monkeypatch):
    """Installs the package's metadata as pip would write it, into a folder of sys.path
    (never into the test environment itself), and lets ncen find it by entry point."""
    project = tomllib.loads((EXAMPLE_PACKAGE / "pyproject.toml").read_text(encoding="utf-8"))
    name, version = project["project"]["name"], project["project"]["version"]
    dist_info = tmp_path / "site" / f"{name.replace('-', '_')}-{version}.dist-info"
    dist_info.mkdir(parents=True)
    (dist_info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8")
    entry_points = project["project"]["entry-points"]["ncen"]
    (dist_info / "entry_points.txt").write_text(
        "[ncen]\n" + "".join(f"{key} = {value}\n" for key, value in entry_points.items()),
        encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.syspath_prepend(str(EXAMPLE_PACKAGE))
    config = make_config(f"sqlite:///{tmp_path / 'unused.db'}", tmp_path, with_databases=True)
    try:
        plugins = build_plugin_manager(config, extra_plugins=[core_plugin])
        loaded = {info.name: info for info in describe_plugins(plugins)}["extra_fields"]
        assert (loaded.version, loaded.source.split(":")[0]) == ("0.1.0", "ncen-extra-fields")
        seizure = build_registry(plugins, config).record_type("seizure")
        assert seizure.has_field("cites_permit_number")
    finally:
        sys.modules.pop("ncen_extra_fields", None)
