"""Which records hold enough of a query's words: the name keys as one document per record.

A name search asks for names reaching a score (:data:`ncen_core.search.engine.NAME_MIN_SCORE`),
and a name only reaches it by holding most of the query's words
(:func:`ncen_core.names.find.required_keys`). Ranking every record holding any one of the
words reads all their index entries: for a common given name at national scale, tens of
thousands. These documents answer "holds a key of each of these groups" first, by
intersecting key lists in C, and only the records found are ranked.

- SQLite: an FTS5 table per record type with names, ``ncen_name_doc_<type>`` (created
  with the type's first names), one document per record (rowid: the record id) listing its
  keys. It keeps its text (a few bytes a record) so that a document is removed by its rowid
  alone. Its tokenizer folds case, so the phonetic capitals (J, S) meet their lowercase
  letters: the documents answer a superset, which the ranking scores exactly.
- PostgreSQL: no table; core migration 7 puts a GIN index on each name's keys as an array
  (:data:`PG_KEYS`), asked with ``&&``.
"""

from __future__ import annotations

import re
from typing import Iterable, Sequence

import peewee as pw

from ncen_core.storage import is_sqlite

NAME_TABLE = "ncen_name"
KEY_TABLE = "ncen_name_key"
DOCUMENT_PREFIX = "ncen_name_doc_"
#: A name's keys (phonetic words and pairs) as an array, the expression of the GIN index.
PG_KEYS = "string_to_array(phonetic || ' ' || pairs, ' ')"
PG_INDEX = "ncen_name_keys_gin"
#: What a record holds: alternatives, each a tuple of key groups it holds one key of each of.
Requirement = Sequence[tuple[frozenset[str], ...]]

_TYPE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def document_table(record_type: str) -> str:
    """The SQLite document table of ``record_type`` (record type names are identifiers)."""
    if not _TYPE_NAME.match(record_type):
        raise ValueError(f"record type {record_type!r} cannot name a table")
    return DOCUMENT_PREFIX + record_type


def add_documents(database: pw.Database, record_type: str,
                  documents: Iterable[tuple[int, Iterable[str]]]) -> None:
    """Add the keys of records that have no document yet (SQLite; inside the caller's
    transaction). PostgreSQL indexes ``ncen_name`` itself."""
    if not is_sqlite(database):
        return
    rows = [(record_id, " ".join(sorted(keys))) for record_id, keys in documents]
    if not rows:
        return
    table = document_table(record_type)
    database.execute_sql(f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} "
                         "USING fts5(keys, detail=none)")
    database.cursor().executemany(f"INSERT INTO {table} (rowid, keys) VALUES (?, ?)", rows)


def remove_document(database: pw.Database, record_type: str, record_id: int) -> None:
    """Remove one record's document (SQLite)."""
    if is_sqlite(database) and _exists(database, record_type):
        database.execute_sql(f"DELETE FROM {document_table(record_type)} WHERE rowid = ?",
                             (record_id,))


def clear_documents(database: pw.Database, record_type: str) -> None:
    """Remove every document of a record type (before its names are rebuilt)."""
    if is_sqlite(database) and _exists(database, record_type):
        database.execute_sql(f"DELETE FROM {document_table(record_type)}")


def build_documents(database: pw.Database) -> None:
    """Core migration 7: documents for the names indexed so far (SQLite), the GIN index of
    the name keys (PostgreSQL)."""
    if not is_sqlite(database):
        database.execute_sql(f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON {NAME_TABLE} "
                             f"USING gin (({PG_KEYS}))")
        return
    types = [row[0] for row in database.execute_sql(
        f"SELECT DISTINCT record_type FROM {KEY_TABLE}")]
    for record_type in types:
        rows = database.execute_sql(
            f"SELECT record_id, key FROM {KEY_TABLE} WHERE record_type = ? "
            "ORDER BY record_id", (record_type,))
        add_documents(database, record_type, _grouped(rows))


def _grouped(rows: Iterable[tuple[int, str]]) -> Iterable[tuple[int, list[str]]]:
    current, keys = None, []
    for record_id, key in rows:
        if record_id != current and keys:
            yield current, keys
            keys = []
        current = record_id
        keys.append(key)
    if keys:
        yield current, keys


def holders_sql(database: pw.Database, record_types: Sequence[str],
                requirement: Requirement) -> tuple[str, list]:
    """A SELECT of (record_type, record_id) of the records of ``record_types`` whose names
    may meet ``requirement`` (a superset on SQLite), and its parameters."""
    if is_sqlite(database):
        match = " OR ".join(
            "(" + " AND ".join("(" + " OR ".join(f'"{key}"' for key in sorted(group)) + ")"
                               for group in alternative) + ")"
            for alternative in requirement)
        present = [name for name in record_types if _exists(database, name)]
        if not present:
            return "SELECT NULL AS record_type, NULL AS record_id WHERE 0", []
        selects = [f"SELECT ? AS record_type, rowid AS record_id FROM {document_table(name)} "
                   f"WHERE {document_table(name)} MATCH ?" for name in present]
        return " UNION ALL ".join(selects), [item for name in present for item in (name, match)]
    conditions, params = [], []
    for alternative in requirement:
        conditions.append("(" + " AND ".join(f"{PG_KEYS} && %s::text[]" for _ in alternative)
                          + ")")
        params += [sorted(group) for group in alternative]
    types = ", ".join("%s" for _ in record_types)
    return (f"SELECT DISTINCT record_type, record_id FROM {NAME_TABLE} "
            f"WHERE record_type IN ({types}) AND ({' OR '.join(conditions)})",
            list(record_types) + params)


def _exists(database: pw.Database, record_type: str) -> bool:
    return database.execute_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
        (document_table(record_type),)).fetchone() is not None
