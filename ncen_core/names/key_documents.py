"""Which records hold enough of a query's words: the name keys as one document per record.

A name search asks for names reaching a score (:data:`ncen_core.search.engine.NAME_MIN_SCORE`),
and a name only reaches it by holding most of the query's words
(:func:`ncen_core.names.find.required_keys`). Ranking every record holding any one of the
words reads all their index entries: for a common given name at national scale, tens of
thousands. These documents answer "holds a key of each of these groups" first, by
intersecting key lists in C, and give each record found its keys and word count at once, so
that ranking it reads nothing more.

- SQLite: an FTS5 table per record type with names, ``ncen_name_doc_<type>`` (created with
  the type's first names), one document per record (rowid: the record id): its keys, and
  unindexed the word count of its shortest name and its names as ``ncen_name`` holds them
  (:func:`names_text`), so that the ranking and the scoring read one row per holder and no
  other table (on a cold cache, reading the candidates' names again from ``ncen_name`` took
  most of a name search). It keeps its text, which also lets a document be removed by its
  rowid alone. Its tokenizer folds case, so the phonetic capitals (J, S) meet their
  lowercase letters: the documents answer a superset, which the ranking, on the exact keys,
  sorts out.
- PostgreSQL: no table; core migration 7 puts a GIN index on each name's keys as an array
  (:data:`PG_KEYS`), asked with ``&&``; the holders' keys and names are gathered from
  ``ncen_name`` in the same statement. A record qualifies there when one of its names holds
  enough (on SQLite, when all its names together do): the same records reach the score.
"""

from __future__ import annotations

from typing import Iterable, Sequence

import peewee as pw

from ncen_core.fields import NAME_PATTERN
from ncen_core.storage import is_sqlite

NAME_TABLE = "ncen_name"
KEY_TABLE = "ncen_name_key"
DOCUMENT_PREFIX = "ncen_name_doc_"
#: A name's keys (phonetic words and pairs) as an array, the expression of the GIN index.
PG_KEYS = "string_to_array(phonetic || ' ' || pairs, ' ')"
PG_INDEX = "ncen_name_keys_gin"
#: What a record holds: alternatives, each a tuple of key groups it holds one key of each of.
Requirement = Sequence[tuple[frozenset[str], ...]]
#: A stored name: (plain words, phonetic words, phonetic pairs).
StoredName = tuple[str, tuple[str, ...], tuple[str, ...]]
#: A name's three forms are joined by the first, names by the second (neither is a letter).
FORM_SEPARATOR, NAME_SEPARATOR = "\x1e", "\x1f"

#: A name row's forms joined as :func:`names_text` joins them, in each backend's SQL.
_SQLITE_NAME_FORMS = "plain || char(30) || phonetic || char(30) || pairs"
_PG_NAME_FORMS = "n.plain || chr(30) || n.phonetic || chr(30) || n.pairs"


def document_table(record_type: str) -> str:
    """The SQLite document table of ``record_type`` (record type names are identifiers)."""
    if not NAME_PATTERN.match(record_type):
        raise ValueError(f"record type {record_type!r} cannot name a table")
    return DOCUMENT_PREFIX + record_type


def names_text(names: Iterable[tuple[str, str, str]]) -> str:
    """(plain, phonetic, pairs) texts of a record's names, as one text (:func:`read_names`)."""
    return NAME_SEPARATOR.join(FORM_SEPARATOR.join(forms) for forms in names)


def read_names(text: str) -> list[StoredName]:
    """The names of :func:`names_text`, split into words."""
    names = []
    for name in text.split(NAME_SEPARATOR):
        plain, phonetic, pairs = name.split(FORM_SEPARATOR)
        names.append((plain, tuple(phonetic.split()), tuple(pairs.split())))
    return names


def add_documents(database: pw.Database, record_type: str,
                  documents: Iterable[tuple[int, Iterable[str], int, str]]) -> None:
    """Add (record id, keys, words of its shortest name, :func:`names_text`) of records that
    have no document yet (SQLite; inside the caller's transaction). PostgreSQL indexes
    ``ncen_name`` itself."""
    if not is_sqlite(database):
        return
    rows = [(record_id, " ".join(sorted(keys)), words, names)
            for record_id, keys, words, names in documents]
    if not rows:
        return
    table = document_table(record_type)
    database.execute_sql(f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} "
                         "USING fts5(keys, words UNINDEXED, names UNINDEXED, detail=none)")
    database.cursor().executemany(
        f"INSERT INTO {table} (rowid, keys, words, names) VALUES (?, ?, ?, ?)", rows)


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
            "SELECT k.record_id, k.keys, k.words, n.names FROM "
            f"(SELECT record_id, group_concat(key, ' ') AS keys, MAX(words) AS words "
            f"FROM {KEY_TABLE} WHERE record_type = ? GROUP BY record_id) k JOIN "
            f"(SELECT record_id, group_concat({_SQLITE_NAME_FORMS}, char(31)) AS names "
            f"FROM {NAME_TABLE} WHERE record_type = ? GROUP BY record_id) n "
            "ON n.record_id = k.record_id", (record_type, record_type))
        add_documents(database, record_type,
                      ((record_id, keys.split(), words, names)
                       for record_id, keys, words, names in rows))


def holders_sql(database: pw.Database, record_types: Sequence[str],
                requirement: Requirement) -> tuple[str, list]:
    """A SELECT of (record_type, record_id, keys, words, names) of the records of
    ``record_types`` whose names may meet ``requirement`` (a superset on SQLite): their keys
    joined by spaces, the word count of their shortest name and their names
    (:func:`names_text`). Returns the SQL and its parameters."""
    if is_sqlite(database):
        match = " OR ".join(
            "(" + " AND ".join("(" + " OR ".join(_fts_string(key) for key in sorted(group)) + ")"
                               for group in alternative) + ")"
            for alternative in requirement)
        present = [name for name in record_types if _exists(database, name)]
        if not present:
            return "SELECT NULL, NULL, NULL, NULL, NULL WHERE 0", []
        selects = [f"SELECT ?, rowid, keys, words, names FROM {document_table(name)} "
                   f"WHERE {document_table(name)} MATCH ?" for name in present]
        return " UNION ALL ".join(selects), [item for name in present for item in (name, match)]
    conditions, params = [], []
    for alternative in requirement:
        conditions.append("(" + " AND ".join(f"{PG_KEYS} && %s::text[]" for _ in alternative)
                          + ")")
        params += [sorted(group) for group in alternative]
    types = ", ".join("%s" for _ in record_types)
    holders = (f"SELECT DISTINCT record_type, record_id FROM {NAME_TABLE} "
               f"WHERE record_type IN ({types}) AND ({' OR '.join(conditions)})")
    return (f"SELECT n.record_type, n.record_id, string_agg(n.phonetic || ' ' || n.pairs, ' '), "
            "MIN(array_length(string_to_array(n.phonetic, ' '), 1)), "
            f"string_agg({_PG_NAME_FORMS}, chr(31)) "
            f"FROM ({holders}) h JOIN {NAME_TABLE} n ON n.record_type = h.record_type "
            "AND n.record_id = h.record_id GROUP BY n.record_type, n.record_id",
            list(record_types) + params)


def _fts_string(key: str) -> str:
    """``key`` as an FTS5 string (keys are letters; a quote would be doubled)."""
    return '"' + key.replace('"', '""') + '"'


def _exists(database: pw.Database, record_type: str) -> bool:
    return database.execute_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
        (document_table(record_type),)).fetchone() is not None
