"""The name index: every name of every record, its comparable form and its keys.

Fields marked with a ``name_part`` feed it: a record's family and given names make one full
name, and each "full" field (name in original script, alias, legal or trading name) is
another. Three tables are written in the record's own write transaction:

- ``ncen_name (record_type, record_id, position, plain, phonetic, pairs)``: each name in
  Latin words, phonetic words and joined word pairs, read back to score candidates without
  loading records;
- ``ncen_name_key (key, record_type, record_id, words)``, keyed in that order (the lookup
  is the primary access path; a second index on the record serves updates): the phonetic
  words and pairs of the record's names (:func:`ncen_core.names.phonetic.name_keys`), with
  the word count of its shortest name, so that ranking in SQL can charge for extra words;
- ``ncen_name_word (variant, word)``: the vocabulary, every key ever indexed under each of
  its :func:`~ncen_core.names.phonetic.word_variants`, through which a mistyped query word
  finds the words it may stand for. Words are only added: a word no record uses any more
  simply finds nothing.

On SQLite each record's keys are also one document of its type's FTS5 table
(:mod:`ncen_core.names.key_documents`), kept in step here.

Plain B-tree tables on both backends, so SQLite and PostgreSQL find the same candidates.
They are created by core migrations 4 and 5 (:mod:`ncen_core.core_plugin`). Changing the
phonetic rules changes the keys: such a change ships with a migration that rebuilds them.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

import peewee as pw

from ncen_core.fields import FieldSpec, Kind, RecordType
from ncen_core.names.key_documents import (
    KEY_TABLE,
    NAME_TABLE,
    add_documents,
    clear_documents,
    names_text,
    remove_document,
)
from ncen_core.names.phonetic import NameForm, name_form, name_keys, pair_words, word_variants
from ncen_core.record_models import RecordModels
from ncen_core.record_store import live_records
from ncen_core.storage import is_sqlite

WORD_TABLE = "ncen_name_word"
BATCH_SIZE = 5_000


def names_of(record_type: RecordType, values: Mapping[str, Any]) -> list[str]:
    """The names a record with ``values`` is known by, as written."""
    names = _names_in(record_type.fields, values)
    for spec in record_type.fields:
        if spec.kind is Kind.GROUP and any(member.name_part for member in spec.fields):
            for row in values.get(spec.name) or ():
                names += _names_in(spec.fields, row)
    return names


def _names_in(specs: Iterable[FieldSpec], values: Mapping[str, Any]) -> list[str]:
    parts: dict[str, list[str]] = {"family": [], "given": [], "full": []}
    for spec in specs:
        value = values.get(spec.name)
        if spec.name_part and isinstance(value, str) and value.strip():
            parts[spec.name_part].append(value.strip())
    person = " ".join(parts["family"] + parts["given"])
    return ([person] if person else []) + parts["full"]


def name_forms_of(record_type: RecordType, values: Mapping[str, Any]) -> list[NameForm]:
    """The distinct comparable forms of a record's names (empty forms left out)."""
    forms = {name_form(name): None for name in names_of(record_type, values)}
    return [form for form in forms if form.words]


def index_names(database: pw.Database, record_type: RecordType, record_id: int,
                values: Mapping[str, Any]) -> None:
    """Replace the names of one record (inside the caller's write transaction)."""
    remove_names(database, record_type.name, record_id)
    index_names_many(database, record_type, [(record_id, values)])


def index_names_many(database: pw.Database, record_type: RecordType,
                     entries: Iterable[tuple[int, Mapping[str, Any]]]) -> int:
    """Add the names of records not yet indexed, in batches (imports, rebuilds).

    ``entries`` are (record id, canonical values). Runs inside the caller's transaction;
    PostgreSQL takes the COPY fast path. Returns how many names were written (none, at
    once, for a record type without name fields: seizures).
    """
    if not has_names(record_type):
        return 0
    count = 0
    names: list[tuple[str, int, int, str, str, str]] = []
    keys: list[tuple[str, str, int, int]] = []
    documents: list[tuple[int, set[str], int, str]] = []
    for record_id, values in entries:
        forms = name_forms_of(record_type, values)
        texts = [(form.plain_text, form.phonetic_text, " ".join(pair_words(form)))
                 for form in forms]
        names += [(record_type.name, record_id, position, *text)
                  for position, text in enumerate(texts)]
        words = min((len(form.words) for form in forms), default=0)
        record_keys = set().union(*(name_keys(form) for form in forms))
        keys += [(key, record_type.name, record_id, words) for key in record_keys]
        if record_keys:
            documents.append((record_id, record_keys, words, names_text(texts)))
        if len(names) >= BATCH_SIZE:
            count += _flush(database, record_type.name, names, keys, documents)
            names, keys, documents = [], [], []
    return count + _flush(database, record_type.name, names, keys, documents)


def has_names(record_type: RecordType) -> bool:
    """True when some field of ``record_type`` is part of a name (it has names to index)."""
    return any(spec.name_part or (spec.kind is Kind.GROUP
                                  and any(member.name_part for member in spec.fields))
               for spec in record_type.fields)


def remove_names(database: pw.Database, record_type: str, record_id: int) -> None:
    """Drop the names of one record (a tombstone has nothing left to find)."""
    remove_document(database, record_type, record_id)
    p = database.param
    for table in (NAME_TABLE, KEY_TABLE):
        database.execute_sql(f"DELETE FROM {table} WHERE record_type = {p} AND record_id = {p}",
                             (record_type, record_id))


def rebuild_names(database: pw.Database, models: RecordModels) -> int:
    """Re-index the names of every live record of a type; returns how many names."""
    name = models.record_type.name
    clear_documents(database, name)
    for table in (NAME_TABLE, KEY_TABLE):
        database.execute_sql(f"DELETE FROM {table} WHERE record_type = {database.param}", (name,))
    entries = ((record.id, record.values) for record in live_records(models))
    return index_names_many(database, models.record_type, entries)


def _flush(database: pw.Database, record_type: str, names: list[tuple], keys: list[tuple],
           documents: list[tuple[int, set[str], int, str]]) -> int:
    _insert(database, NAME_TABLE,
            ("record_type", "record_id", "position", "plain", "phonetic", "pairs"), names)
    _insert(database, KEY_TABLE, ("key", "record_type", "record_id", "words"), keys)
    add_documents(database, record_type, documents)
    _add_words(database, {key for key, *_ in keys})
    return len(names)


def _add_words(database: pw.Database, words: set[str]) -> None:
    """Put the words not yet in the vocabulary there, under each of their variants."""
    if not words:
        return
    p = database.param
    ordered = sorted(words)
    known: set[str] = set()
    for start in range(0, len(ordered), 500):
        chunk = ordered[start:start + 500]
        known.update(row[0] for row in database.execute_sql(
            f"SELECT word FROM {WORD_TABLE} WHERE variant IN ({', '.join(p for _ in chunk)}) "
            "AND word = variant", chunk))
    rows = [(variant, word) for word in ordered if word not in known
            for variant in word_variants(word)]
    if rows:
        database.cursor().executemany(
            f"INSERT INTO {WORD_TABLE} (variant, word) VALUES ({p}, {p}) "
            "ON CONFLICT DO NOTHING", rows)


def _insert(database: pw.Database, table: str, columns: tuple[str, ...],
            rows: list[tuple]) -> None:
    if not rows:
        return
    cursor = database.cursor()
    if is_sqlite(database):
        marks = ", ".join("?" for _ in columns)
        cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
        return
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
