"""Comparing the database with the code, and bringing it up to date.

The plan has two parts: numbered migrations not yet applied, and tables or columns that
FieldSpecs declare but the database lacks (new record types, custom fields). Columns are
only ever added, never dropped or retyped: data of a field that was removed from the
configuration stays in the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import peewee as pw

from ncen_core.analysis.aggregates import rebuild as rebuild_aggregates
from ncen_core.analysis.aggregates import rebuilt_by
from ncen_core.identifier_index import rebuild_identifiers
from ncen_core.migrations import Migration
from ncen_core.names.name_index import rebuild_names
from ncen_core.record_models import RecordModels
from ncen_core.search_index import SearchIndex, rebuild_search_index
from ncen_core.storage import is_sqlite, write_transaction
from ncen_core.system_models import SystemModels


@dataclass
class UpgradePlan:
    """What ``ncen db upgrade`` would do; empty when the schema is current."""

    migrations: list[Migration] = field(default_factory=list)
    new_tables: list[str] = field(default_factory=list)
    new_columns: list[tuple[str, str]] = field(default_factory=list)
    new_search_indexes: list[str] = field(default_factory=list)
    reindex: list[str] = field(default_factory=list)

    @property
    def is_current(self) -> bool:
        """True when nothing is pending."""
        return not (self.migrations or self.new_tables or self.new_columns
                    or self.new_search_indexes or self.reindex)

    def summary(self) -> str:
        """One line naming what is pending."""
        parts = []
        if self.migrations:
            parts.append(f"{len(self.migrations)} migration(s)")
        if self.new_tables:
            parts.append(f"{len(self.new_tables)} new table(s)")
        if self.new_columns:
            parts.append(f"{len(self.new_columns)} new column(s)")
        if self.new_search_indexes or self.reindex:
            parts.append(f"{len(set(self.new_search_indexes + self.reindex))} search index(es)")
        return ", ".join(parts) or "up to date"

    def describe(self) -> list[str]:
        """One line per pending step, for ``ncen db status``."""
        lines = [f"migration {m.plugin} #{m.number}: {m.name}" for m in self.migrations]
        lines += [f"create table {name}" for name in self.new_tables]
        lines += [f"add column {table}.{column}" for table, column in self.new_columns]
        lines += [f"create the search index of {name}" for name in self.new_search_indexes]
        lines += [f"rebuild the search index of {name}" for name in self.reindex]
        return lines


def current_schema(database: pw.Database) -> str | None:
    """The PostgreSQL schema tables are created in (tests use one per test); None on SQLite."""
    if is_sqlite(database):
        return None
    return database.execute_sql("SELECT current_schema()").fetchone()[0]


def existing_tables(database: pw.Database) -> set[str]:
    """Names of the tables present in the database."""
    return set(database.get_tables(schema=current_schema(database)))


def existing_columns(database: pw.Database, table: str) -> set[str]:
    """Names of the columns of ``table``."""
    return {c.name for c in database.get_columns(table, schema=current_schema(database))}


def plan_upgrade(
    database: pw.Database,
    system: SystemModels,
    migrations: list[Migration],
    record_models: list[RecordModels],
) -> UpgradePlan:
    """Compare the database with the migrations, record types and search indexes in effect.

    A record type whose tables or columns change gets its search index rebuilt, since a new
    searchable field changes what every document holds; so does every record type after a
    migration marked ``reindex``.
    """
    tables = existing_tables(database)
    plan = UpgradePlan()
    applied: set[tuple[str, int]] = set()
    if system.SchemaMigration._meta.table_name in tables:
        applied = {(row.plugin, row.number) for row in system.SchemaMigration.select()}
    plan.migrations = [m for m in migrations if m.key not in applied]
    reindex_all = any(m.reindex for m in plan.migrations)
    search = SearchIndex(database)
    for models in record_models:
        changed = False
        for model in models.all():
            name = model._meta.table_name
            if name not in tables:
                plan.new_tables.append(name)
                changed = True
                continue
            present = existing_columns(database, name)
            for column in model._meta.sorted_fields:
                if column.column_name not in present:
                    plan.new_columns.append((name, column.column_name))
                    changed = True
        type_name = models.record_type.name
        if not set(search.table_names(models.record_type)) <= tables:
            plan.new_search_indexes.append(type_name)
        elif changed or reindex_all:
            plan.reindex.append(type_name)
    return plan


def apply_upgrade(
    database: pw.Database,
    system: SystemModels,
    plan: UpgradePlan,
    record_models: list[RecordModels],
) -> None:
    """Apply ``plan`` in one transaction: all of it or, on any error, none of it."""
    models_by_table = {m._meta.table_name: m for rm in record_models for m in rm.all()}
    with write_transaction(database):
        # Record tables first, so that a plugin's migration may index its record type's
        # tables in a new database as in an old one.
        for name in plan.new_tables:
            database.create_tables([models_by_table[name]])
        for migration in plan.migrations:
            migration.apply(database)
            system.SchemaMigration.create(
                plugin=migration.plugin, number=migration.number, name=migration.name
            )
        # Imported here: playhouse.migrate imports psycopg (through its CockroachDB
        # support), which start-up of an embedded installation must not pay for.
        from playhouse.migrate import SchemaMigrator, migrate

        migrator = SchemaMigrator.from_database(database)
        operations = []
        for table, column in plan.new_columns:
            model_field = models_by_table[table]._meta.columns[column]
            operations.append(migrator.add_column(table, column, _detached_copy(model_field)))
            if model_field.index:
                operations.append(migrator.add_index(table, (column,), False))
        if operations:
            migrate(*operations)
        search = SearchIndex(database)
        by_name = {models.record_type.name: models for models in record_models}
        for name in plan.new_search_indexes:
            for statement in search.create_statements(by_name[name].record_type):
                database.execute_sql(statement)
        for name in plan.new_search_indexes + plan.reindex:
            rebuild_search_index(search, by_name[name])
            rebuild_identifiers(database, by_name[name])
            rebuild_names(database, by_name[name])
        rebuild_all = rebuilt_by(plan.migrations)
        for name, models in by_name.items():
            if rebuild_all or name in plan.new_search_indexes + plan.reindex:
                rebuild_aggregates(database, models.record_type)


def _detached_copy(model_field: pw.Field) -> pw.Field:
    """A fresh copy of a bound field, as playhouse.migrate expects an unbound one."""
    clone = type(model_field)(
        null=True,
        **{k: getattr(model_field, k) for k in ("max_length", "max_digits", "decimal_places")
           if hasattr(model_field, k) and getattr(model_field, k) is not None},
    )
    return clone
