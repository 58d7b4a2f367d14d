"""The table of saved searches, and the search subsystem's migrations.

The search subsystem numbers its own migrations (plugin name ``search``) so that they never
collide with the core's; the core plugin registers them. Besides creating the table, a step
marked ``reindex`` rebuilds the full-text indexes when what goes into them changes. This
module imports nothing of the search engine, so registering the migrations costs nothing.
"""

from __future__ import annotations

import peewee as pw

from ncen_core.migrations import Migration

TABLE = "ncen_saved_search"


def _create_table(database: pw.Database) -> None:
    database.execute_sql(
        f"CREATE TABLE {TABLE} (username VARCHAR(64) NOT NULL, name VARCHAR(100) NOT NULL, "
        "query TEXT NOT NULL, record_types VARCHAR(400) NOT NULL, "
        "created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL, "
        "PRIMARY KEY (username, name))")


def _words_of_joined_tokens(database: pw.Database) -> None:
    """The tables stay as they are; the re-index adds the words of joined tokens on
    PostgreSQL (:func:`ncen_core.search_index.postgres_document`)."""


MIGRATIONS = (
    Migration("search", 1, "create the saved-search table", _create_table),
    Migration("search", 2, "index the words of e-mails, paths and other joined tokens "
              "(PostgreSQL)", _words_of_joined_tokens, reindex=True),
)


def saved_search_model(database: pw.Database) -> type[pw.Model]:
    """The table as a peewee model bound to ``database`` (one process may hold several)."""

    class SavedSearchRow(pw.Model):
        username = pw.CharField(max_length=64)
        name = pw.CharField(max_length=100)
        query = pw.TextField()
        record_types = pw.CharField(max_length=400)
        created_at = pw.DateTimeField()
        updated_at = pw.DateTimeField()

        class Meta:
            table_name = TABLE
            primary_key = pw.CompositeKey("username", "name")

    SavedSearchRow.bind(database, bind_refs=False, bind_backrefs=False)
    return SavedSearchRow
