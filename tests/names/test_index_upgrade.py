"""A migration marked ``reindex`` rebuilds the identifier and name indexes of every record
type, so records saved before an index existed are found after ``ncen db upgrade``."""

from __future__ import annotations

from ncen_core import hookimpl
from ncen_core.app import open_ncen
from ncen_core.identifier_index import find_by_identifier
from ncen_core.migrations import Migration
from ncen_core.names.find import find_names
from ncen_core.storage import write_transaction

from names_support import officer, open_databases


class ReindexingPlugin:
    """A plugin whose one migration changes nothing but asks for the indexes to be rebuilt."""

    @hookimpl
    def register_migrations(self):
        return [Migration("reindexing", 1, "rebuild the indexes", lambda db: None, reindex=True)]


def test_reindexing_migration_restores_identifiers_and_names(db_url, tmp_path):
    ncen = open_databases(db_url, tmp_path)
    record = officer(ncen).create("suspect", {
        "family_name": "Okonkwo", "given_names": "Chukwuemeka",
        "phones": [{"phone": "+234 803 123 4567"}]})
    with write_transaction(ncen.database):
        for table in ("ncen_identifier", "ncen_name", "ncen_name_key"):
            ncen.database.execute_sql(f"DELETE FROM {table}")
    config = ncen.config
    ncen.close()
    ncen = open_ncen(config, extra_plugins=[ReindexingPlugin()], require_current_schema=False)
    try:
        assert "suspect" in ncen.upgrade().reindex
        assert find_by_identifier(ncen, [("phone", "+2348031234567")]) == [("suspect", record.id)]
        assert find_names(ncen, "Chukwuemeka Okonkwo")[0][:2] == ("suspect", record.id)
    finally:
        ncen.close()


def test_names_indexed_before_the_key_documents_get_them_on_upgrade(db_url, tmp_path):
    """Core migration 7 builds the key documents (SQLite) or the GIN index (PostgreSQL) of
    the names already indexed, without re-indexing every record."""
    ncen = open_databases(db_url, tmp_path)
    record = officer(ncen).create("suspect", {"family_name": "Okonkwo",
                                              "given_names": "Chukwuemeka"})
    with write_transaction(ncen.database):
        if ncen.database.__class__.__name__.startswith("Sqlite"):
            ncen.database.execute_sql("DROP TABLE ncen_name_doc_suspect")
        else:
            ncen.database.execute_sql("DROP INDEX ncen_name_keys_gin")
        ncen.database.execute_sql(
            "DELETE FROM ncen_schema_migration WHERE plugin = 'core' AND number = 7")
    config = ncen.config
    ncen.close()
    ncen = open_ncen(config, require_current_schema=False)
    try:
        plan = ncen.upgrade()
        assert [m.number for m in plan.migrations] == [7] and not plan.reindex
        found = find_names(ncen, "Chukwuemeka Okonkwo", record_types=("suspect",), min_score=75)
        assert found[0][:2] == ("suspect", record.id)
    finally:
        ncen.close()
