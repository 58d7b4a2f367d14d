"""How each part of the comms plugin declares its tables: once per database, as a set.

A part (receiving, sharing, messages, file transport) builds its peewee models inside a
function so that every database (or proxy) gets classes of its own, returns them in a
frozen :class:`TableSet`, and creates them in its first migration with
:func:`table_creator`. Table names are always explicit; index names are derived and must
never change, or existing databases would no longer match a fresh one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

import peewee as pw


def bound_base(bound: pw.Database | pw.DatabaseProxy, *,
               class_named_indexes: bool = False) -> type[pw.Model]:
    """A model base class whose subclasses live in ``bound`` (a database or its proxy).

    Index names start with the table name; ``class_named_indexes`` keeps peewee's legacy
    prefix, the model class name, which the sharing and file-delivery ledgers were created
    with: their indexes must keep the names existing databases gave them.
    """

    class Base(pw.Model):
        class Meta:
            database = bound
            legacy_table_names = class_named_indexes

    return Base


@dataclass(frozen=True)
class TableSet:
    """The model classes of one part in one database; subclasses name them as fields."""

    def all(self) -> list[type[pw.Model]]:
        """Every model of the set, in the order the fields are declared."""
        return [getattr(self, each.name) for each in fields(self)]


def table_creator(build: Callable[[pw.Database], TableSet]) -> Callable[[pw.Database], None]:
    """The migration step that creates, in the database it receives, the tables ``build``
    declares today: a later change to them must ship as a migration of its own."""

    def create_tables(database: pw.Database) -> None:
        database.create_tables(build(database).all())

    return create_tables
