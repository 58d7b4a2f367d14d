"""The record hooks, each exercised through a real plugin registered with the manager."""

from __future__ import annotations

import peewee as pw
import pytest
from ncen_testing import make_config, open_initialised

from ncen_core import hookimpl
from ncen_core.app import open_ncen
from ncen_core.errors import FieldSpecError, PluginError, SchemaBehindError, ValidationError
from ncen_core.fields import FieldSpec, Kind, RecordType
from ncen_core.migrations import Migration
from ncen_core.record_service import RecordService
from ncen_core.users import add_user


def officer_of(ncen):
    return RecordService(ncen, add_user(ncen.system, "olga", "user-password-1", "officer",
                                        full_name="Olga", unit="A"))


class CustomFieldPlugin:
    @hookimpl
    def register_fields(self, record_type):
        if record_type == "specimen":
            return [FieldSpec("tir_carnet", "TIR carnet", Kind.TEXT, "S", max_length=12)]
        return []


class EvenCountRule:
    @hookimpl
    def validate_record(self, record_type, values):
        if record_type == "specimen" and (values.get("count") or 0) % 2:
            return {"count": "must be even in this administration"}
        return None


class SavedListener:
    def __init__(self):
        self.seen = []

    @hookimpl
    def record_saved(self, record, change):
        self.seen.append((change, record.values.get("reference"), record.version))


class CommittedVersionReader:
    """Reads the database through the ``ncen`` argument: the change is already committed."""

    def __init__(self):
        self.stored_versions = []

    @hookimpl
    def record_saved(self, record, change, ncen):
        models = ncen.models_for(record.record_type)
        row = models.main.get_by_id(record.id)
        self.stored_versions.append((change, row.version))


class VesselType:
    @hookimpl
    def register_record_types(self):
        return [RecordType("vessel", "Vessel", (
            FieldSpec("imo", "IMO number", Kind.TEXT, "X", required=True),))]


class NotesMigration:
    def __init__(self):
        self.applied = 0

    def create_notes(self, database):
        self.applied += 1
        database.execute_sql("CREATE TABLE plugin_notes (id INTEGER PRIMARY KEY, body TEXT)")

    @hookimpl
    def register_migrations(self):
        return [Migration("notes", 1, "create the notes table", self.create_notes)]


def test_hook_register_record_types_creates_a_table(db_url, tmp_path):
    ncen = open_initialised(make_config(db_url, tmp_path), [VesselType()])
    record = officer_of(ncen).create("vessel", {"imo": "IMO 9074729"})
    assert record.values["imo"] == "IMO 9074729"


def test_duplicate_record_type_is_refused(db_url, tmp_path):
    class SpecimenAgain:
        @hookimpl
        def register_record_types(self):
            import sample_plugin
            return [sample_plugin.SPECIMEN]

    with pytest.raises(PluginError, match="record type 'specimen' is declared twice"):
        open_initialised(make_config(db_url, tmp_path), [SpecimenAgain()])


def test_hook_register_fields_adds_a_typed_column(db_url, tmp_path):
    ncen = open_initialised(make_config(db_url, tmp_path), [CustomFieldPlugin()])
    officer = officer_of(ncen)
    record = officer.create("specimen", {"reference": "C-1", "tir_carnet": "XC12345678"})
    assert officer.get(record.ref).values["tir_carnet"] == "XC12345678"
    with pytest.raises(ValidationError, match="tir_carnet"):
        officer.create("specimen", {"reference": "C-2", "tir_carnet": "X" * 13})
    assert ncen.registry.custom_fields["specimen"][0].name == "tir_carnet"


def test_hook_register_codelists_feeds_validation(ncen, people):
    assert "test_colour" in ncen.registry.codelists
    with pytest.raises(ValidationError, match="unknown code 'PINK' in code list test_colour"):
        people["officer"].create("specimen", {"reference": "X", "colour": "PINK"})


def test_field_naming_a_missing_codelist_is_refused(db_url, tmp_path):
    class BadField:
        @hookimpl
        def register_fields(self, record_type):
            return [FieldSpec("shade", "Shade", Kind.CODE, "X", codelist="shades")]

    with pytest.raises(FieldSpecError, match="code list 'shades'"):
        open_initialised(make_config(db_url, tmp_path), [BadField()])


def test_hook_validate_record_adds_rules(db_url, tmp_path):
    ncen = open_initialised(make_config(db_url, tmp_path), [EvenCountRule()])
    officer = officer_of(ncen)
    with pytest.raises(ValidationError) as caught:
        officer.create("specimen", {"reference": "V-1", "count": 3})
    assert caught.value.problems == {"count": "must be even in this administration"}
    assert officer.create("specimen", {"reference": "V-2", "count": 4}).values["count"] == 4


def test_hook_record_saved_reports_each_committed_change(db_url, tmp_path):
    listener = SavedListener()
    ncen = open_initialised(make_config(db_url, tmp_path), [listener])
    officer = officer_of(ncen)
    record = officer.create("specimen", {"reference": "H-1"})
    officer.update(record.ref, {"name": "x"}, expected_version=1)
    officer.tombstone(record.ref, expected_version=2)
    assert listener.seen == [("created", "H-1", 1), ("updated", "H-1", 2), ("tombstoned", None, 3)]


def test_hook_record_saved_hands_over_the_installation(db_url, tmp_path):
    reader, listener = CommittedVersionReader(), SavedListener()
    ncen = open_initialised(make_config(db_url, tmp_path), [reader, listener])
    officer = officer_of(ncen)
    record = officer.create("specimen", {"reference": "N-1"})
    officer.update(record.ref, {"name": "y"}, expected_version=1)
    assert reader.stored_versions == [("created", 1), ("updated", 2)]
    assert listener.seen == [("created", "N-1", 1), ("updated", "N-1", 2)]


def test_record_saved_is_not_called_for_a_refused_change(db_url, tmp_path):
    listener = SavedListener()
    ncen = open_initialised(make_config(db_url, tmp_path), [listener])
    with pytest.raises(ValidationError):
        officer_of(ncen).create("specimen", {"name": "no reference"})
    assert listener.seen == []


def test_hook_register_migrations_applies_once(db_url, tmp_path):
    plugin = NotesMigration()
    config = make_config(db_url, tmp_path)
    ncen = open_initialised(config, [plugin])
    ncen.close()
    again = open_ncen(config, extra_plugins=[__import__("sample_plugin"), plugin])
    assert plugin.applied == 1
    assert "plugin_notes" in again.database.get_tables(
        schema=None if isinstance(again.database, pw.SqliteDatabase) else
        again.database.execute_sql("select current_schema()").fetchone()[0])


def test_pending_migration_stops_start_up_with_the_fix(db_url, tmp_path):
    config = make_config(db_url, tmp_path)
    open_initialised(config).close()
    with pytest.raises(SchemaBehindError, match="1 migration.*run: ncen db upgrade"):
        open_ncen(config, extra_plugins=[__import__("sample_plugin"), NotesMigration()])


def test_migrations_with_a_gap_are_refused(db_url, tmp_path):
    class Gappy:
        @hookimpl
        def register_migrations(self):
            return [Migration("gappy", 2, "second", lambda db: None)]

    with pytest.raises(PluginError, match="gappy"):
        open_initialised(make_config(db_url, tmp_path), [Gappy()])
