"""The core's own contributions, declared through the same hooks as any plugin.

It ships the unit code list (quantities of every record type need it), the core's
numbered migrations (and those of its search and analysis subsystems) and the core analyses
(statistics, dashboard). It is always registered: without it nothing else works. Migrations keep
their own copy of the DDL they ran, so a later change comes as a new numbered step.
"""

from __future__ import annotations

from pathlib import Path

import peewee as pw

from ncen_core import hookimpl
from ncen_core.analysis.aggregates import MIGRATIONS as ANALYSIS_MIGRATIONS
from ncen_core.analysis.lazy import lazy_analysis
from ncen_core.codelists import shipped_codelist
from ncen_core.declarations import AnalysisSpec
from ncen_core.migrations import Migration
from ncen_core.names.key_documents import build_documents
from ncen_core.rules.tables import MIGRATIONS as RULES_MIGRATIONS
from ncen_core.search.saved_table import MIGRATIONS as SEARCH_MIGRATIONS
from ncen_core.storage import is_sqlite
from ncen_core.system_models import build_system_models

PLUGIN_NAME = "core"

CORE_ANALYSES = (
    AnalysisSpec("statistics", "Statistics",
                 "Counts, quantities and values by one or two fields and/or a period",
                 lazy_analysis("ncen_core.analysis.analyses:run_statistics")),
    AnalysisSpec("dashboard", "Dashboard",
                 "A year by month and category (commodity), from the maintained aggregates",
                 lazy_analysis("ncen_core.analysis.analyses:run_dashboard")),
)
"""The core analyses, imported on their first run (they bring in the search compiler)."""


def _create_system_tables(database: pw.Database) -> None:
    proxy = pw.DatabaseProxy()
    proxy.initialize(database)
    database.create_tables(build_system_models(proxy).all())


def _enable_trigrams(database: pw.Database) -> None:
    if not is_sqlite(database):
        database.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")


def _create_identifier_index(database: pw.Database) -> None:
    database.execute_sql(
        "CREATE TABLE ncen_identifier (kind VARCHAR(32) NOT NULL, value VARCHAR(200) NOT NULL, "
        "record_type VARCHAR(40) NOT NULL, record_id BIGINT NOT NULL, "
        "PRIMARY KEY (kind, value, record_type, record_id))")
    database.execute_sql("CREATE INDEX ncen_identifier_record "
                         "ON ncen_identifier (record_type, record_id)")


def _create_name_index(database: pw.Database) -> None:
    compact = " WITHOUT ROWID" if is_sqlite(database) else ""
    database.execute_sql(
        "CREATE TABLE ncen_name (record_type VARCHAR(40) NOT NULL, record_id BIGINT NOT NULL, "
        "position INTEGER NOT NULL, plain TEXT NOT NULL, phonetic TEXT NOT NULL, "
        f"PRIMARY KEY (record_type, record_id, position)){compact}")
    database.execute_sql(
        "CREATE TABLE ncen_name_key (key VARCHAR(64) NOT NULL, record_type VARCHAR(40) NOT NULL, "
        f"record_id BIGINT NOT NULL, PRIMARY KEY (key, record_type, record_id)){compact}")
    database.execute_sql("CREATE INDEX ncen_name_key_record "
                         "ON ncen_name_key (record_type, record_id)")


def _name_index_with_vocabulary(database: pw.Database) -> None:
    compact = " WITHOUT ROWID" if is_sqlite(database) else ""
    database.execute_sql("DROP TABLE ncen_name_key")
    database.execute_sql("ALTER TABLE ncen_name ADD COLUMN pairs TEXT NOT NULL DEFAULT ''")
    database.execute_sql(
        "CREATE TABLE ncen_name_key (key VARCHAR(64) NOT NULL, record_type VARCHAR(40) NOT NULL, "
        "record_id BIGINT NOT NULL, words INTEGER NOT NULL, "
        f"PRIMARY KEY (key, record_type, record_id, words)){compact}")
    database.execute_sql("CREATE INDEX ncen_name_key_record "
                         "ON ncen_name_key (record_type, record_id)")
    database.execute_sql(
        "CREATE TABLE ncen_name_word (variant VARCHAR(64) NOT NULL, word VARCHAR(64) NOT NULL, "
        f"PRIMARY KEY (variant, word)){compact}")


def _no_schema_change(database: pw.Database) -> None:
    """The step only re-indexes records (address keys); the tables stay as they are."""


@hookimpl
def record_saved(record, change, ncen) -> None:
    """Analytic rules are evaluated on every committed change (see ncen_core.rules)."""
    from ncen_core.rules.firing import on_record_saved  # the rules need the search engine

    on_record_saved(ncen, record, change)


@hookimpl
def register_codelists() -> list[Path]:
    return [shipped_codelist("unit")]


@hookimpl
def register_analyses() -> list[AnalysisSpec]:
    return list(CORE_ANALYSES)


@hookimpl
def register_migrations() -> list[Migration]:
    return [
        Migration(PLUGIN_NAME, 1, "create the core tables", _create_system_tables),
        Migration(PLUGIN_NAME, 2, "enable trigram search (PostgreSQL pg_trgm)", _enable_trigrams),
        *SEARCH_MIGRATIONS,
        *RULES_MIGRATIONS,
        *ANALYSIS_MIGRATIONS,
        Migration(PLUGIN_NAME, 3, "index identifiers for exact search", _create_identifier_index,
                  reindex=True),
        Migration(PLUGIN_NAME, 4, "index names for fuzzy search", _create_name_index,
                  reindex=True),
        Migration(PLUGIN_NAME, 5, "name index by word, with a vocabulary for typos",
                  _name_index_with_vocabulary, reindex=True),
        Migration(PLUGIN_NAME, 6, "index postal addresses as identifiers (link analysis)",
                  _no_schema_change, reindex=True),
        Migration(PLUGIN_NAME, 7, "name keys per record, to find who holds enough of a name",
                  build_documents),
    ]
