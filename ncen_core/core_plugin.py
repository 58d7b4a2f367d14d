"""The core's own contributions, declared through the same hooks as any plugin.

It ships the unit code list (quantities of every record type need it) and the core's
numbered migrations. It is always registered: without it nothing else works.
"""

from __future__ import annotations

from pathlib import Path

import peewee as pw

from ncen_core import hookimpl
from ncen_core.codelists import shipped_codelist
from ncen_core.migrations import Migration
from ncen_core.search.saved_table import MIGRATIONS as SEARCH_MIGRATIONS
from ncen_core.storage import is_sqlite
from ncen_core.system_models import build_system_models

PLUGIN_NAME = "core"


def _create_system_tables(database: pw.Database) -> None:
    proxy = pw.DatabaseProxy()
    proxy.initialize(database)
    database.create_tables(build_system_models(proxy).all())


def _enable_trigrams(database: pw.Database) -> None:
    if not is_sqlite(database):
        database.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")


@hookimpl
def register_codelists() -> list[Path]:
    return [shipped_codelist("unit")]


@hookimpl
def register_migrations() -> list[Migration]:
    return [
        Migration(PLUGIN_NAME, 1, "create the core tables", _create_system_tables),
        Migration(PLUGIN_NAME, 2, "enable trigram search (PostgreSQL pg_trgm)", _enable_trigrams),
        *SEARCH_MIGRATIONS,
    ]
