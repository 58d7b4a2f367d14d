"""A ready schema per kind of test installation, made once per test session and copied.

Creating the ~60 tables of an installation is most of what opening one costs. The first
empty SQLite database of a kind is upgraded as usual and kept in memory; every later empty
database of the same kind receives a copy of it (SQLite's online backup), then is
initialised as usual. Each test still gets a database of its own; only the rows of
``ncen_schema_migration`` tell, by their time, that the schema was made earlier.

"The same kind" means the same DDL: the key is the SQL of every record table and search
index plus the identity of every migration. Migrations that tests declare are code the key
cannot see, so an installation with one is always upgraded the slow way; so is a database
that already has tables, or one on PostgreSQL (its DDL runs on the server either way).
"""

from __future__ import annotations

import hashlib
import sqlite3

from ncen_core.app import Ncen
from ncen_core.schema import existing_tables
from ncen_core.search_index import SearchIndex
from ncen_core.storage import is_sqlite

_SHIPPED = ("ncen_core", "ncen_plugins")
_templates: dict[str, sqlite3.Connection] = {}


def upgrade_from_template(ncen: Ncen) -> None:
    """Bring the empty SQLite database of ``ncen`` to the current schema, by a copy of the
    session's template when one matches (made from this database when none does yet)."""
    if not is_sqlite(ncen.database) or existing_tables(ncen.database):
        return
    key = schema_key(ncen)
    if key is None:
        return
    template = _templates.get(key)
    if template is not None:
        template.backup(ncen.database.connection())
        return
    ncen.upgrade()
    copy = sqlite3.connect(":memory:", check_same_thread=False)
    ncen.database.connection().backup(copy)
    _templates[key] = copy


def schema_key(ncen: Ncen) -> str | None:
    """A digest of everything an upgrade of an empty database creates; None when a
    migration comes from outside ncen's own packages."""
    parts = []
    for migration in ncen.registry.migrations:
        apply = migration.apply
        if not getattr(apply, "__module__", "").startswith(_SHIPPED):
            return None
        parts.append(repr((migration.plugin, migration.number, migration.name,
                           migration.reindex, apply.__module__, apply.__qualname__)))
    search = SearchIndex(ncen.database)
    for name in sorted(ncen.record_models):
        models = ncen.record_models[name]
        for model in models.all():
            parts.append(model._schema._create_table(safe=False).query()[0])
            parts.extend(index.query()[0] for index in model._schema._create_indexes())
        parts.extend(search.create_statements(models.record_type))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
