"""Full-text index tables, kept in the same transaction as the records they describe.

SQLite: two FTS5 tables per record type, ``fts_<type>`` (words; unicode61 tokenizer,
prefix indexes for 2 and 3 characters) and ``ftsg_<type>`` (trigram tokenizer over the
short text, for substrings and names). The rowid is the record's id.

PostgreSQL: one table ``fts_<type>`` (record_id, document tsvector with the 'simple'
configuration, short_text) with a GIN index on the document and a GIN trigram index
(pg_trgm) on the short text — only GIN, never GiST beside it (DESIGN §9). PostgreSQL's
parser keeps ``info@acme.example``, ``21us12345a/9`` or ``12.5`` as one lexeme (and cuts
``ab-123-cd`` into ``ab``, ``-123``, ``cd``) where SQLite's tokenizer sees the words, so the
document also lists the words of such tokens (:func:`postgres_document`) and a free word
finds the same records on both backends.

Text arrives folded by :mod:`ncen_core.search_text`, so neither backend needs an accent
extension. Queries over these tables belong to the search module.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

import peewee as pw

from ncen_core.fields import RecordType
from ncen_core.record_models import RecordModels, table_name
from ncen_core.record_store import load_records, select_rows
from ncen_core.search_text import SearchText, search_text
from ncen_core.storage import is_sqlite

BATCH_SIZE = 5_000
_WORD = re.compile(r"[^\W_]+")
_EDGE_PUNCTUATION = "\"'()[]{}<>.,;:!?"


def word_table(record_type: RecordType) -> str:
    """The table of the word index of ``record_type``."""
    return f"fts_{record_type.name}"


def trigram_table(record_type: RecordType) -> str:
    """The SQLite trigram table (on PostgreSQL the word table holds the short text too)."""
    return f"ftsg_{record_type.name}"


class SearchIndex:
    """Index maintenance for one database; picks the SQL of its backend."""

    def __init__(self, database: pw.Database):
        self.database = database
        self.sqlite = is_sqlite(database)

    def table_names(self, record_type: RecordType) -> list[str]:
        """Tables this backend needs for ``record_type``."""
        if self.sqlite:
            return [word_table(record_type), trigram_table(record_type)]
        return [word_table(record_type)]

    def create_statements(self, record_type: RecordType) -> list[str]:
        """DDL creating the index tables of ``record_type``."""
        words, trigrams = word_table(record_type), trigram_table(record_type)
        if self.sqlite:
            return [
                f"CREATE VIRTUAL TABLE {words} USING fts5(document, "
                "tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
                f"CREATE VIRTUAL TABLE {trigrams} USING fts5(short_text, tokenize='trigram')",
            ]
        main = table_name(record_type)
        return [
            f"CREATE TABLE {words} (record_id BIGINT PRIMARY KEY REFERENCES {main}(id) "
            "ON DELETE CASCADE, document TSVECTOR NOT NULL, short_text TEXT NOT NULL)",
            f"CREATE INDEX {words}_document ON {words} USING GIN (document)",
            f"CREATE INDEX {words}_short_text ON {words} USING GIN (short_text gin_trgm_ops)",
        ]

    def index(self, record_type: RecordType, record_id: int, text: SearchText) -> None:
        """Replace the entry of one record (inside the caller's write transaction)."""
        self.remove(record_type, record_id)
        self.index_many(record_type, [(record_id, text)])

    def index_many(self, record_type: RecordType,
                   entries: Iterable[tuple[int, SearchText]]) -> int:
        """Add entries for records not yet indexed, in batches; returns how many."""
        words, trigrams = word_table(record_type), trigram_table(record_type)
        cursor = self.database.cursor()
        count = 0
        for batch in _batches(entries, BATCH_SIZE):
            if self.sqlite:
                cursor.executemany(f"INSERT INTO {words}(rowid, document) VALUES (?, ?)",
                                   [(rid, t.document) for rid, t in batch])
                cursor.executemany(f"INSERT INTO {trigrams}(rowid, short_text) VALUES (?, ?)",
                                   [(rid, t.short_text) for rid, t in batch if t.short_text])
            else:
                cursor.executemany(
                    f"INSERT INTO {words} (record_id, document, short_text) "
                    "VALUES (%s, to_tsvector('simple', %s), %s)",
                    [(rid, postgres_document(t.document), t.short_text) for rid, t in batch])
            count += len(batch)
        return count

    def remove(self, record_type: RecordType, record_id: int) -> None:
        """Drop the entry of one record (a tombstone has nothing to find)."""
        for table in self.table_names(record_type):
            key = "rowid" if self.sqlite else "record_id"
            self.database.execute_sql(f"DELETE FROM {table} WHERE {key} = {_param(self)}",
                                      (record_id,))

    def clear(self, record_type: RecordType) -> None:
        """Empty the index of a record type (before a rebuild)."""
        for table in self.table_names(record_type):
            self.database.execute_sql(f"DELETE FROM {table}")


def postgres_document(document: str) -> str:
    """``document`` with the words of each token that joins words with other signs (``@``,
    ``/``, ``-``, inner dots) written just before it, as SQLite's unicode61 tokenizer cuts
    them; a phrase reaches them from the word before the token, the whole token stays."""
    tokens = document.split()
    if all(_is_plain(token) for token in tokens):
        return document
    return " ".join([token if _is_plain(token) else " ".join([*_WORD.findall(token), token])
                     for token in tokens])


def _is_plain(token: str) -> bool:
    return token.strip(_EDGE_PUNCTUATION).isalnum() or not _WORD.search(token)


def rebuild_search_index(search: SearchIndex, models: RecordModels) -> int:
    """Re-index every live record of a type, streaming by id; returns how many were indexed."""
    search.clear(models.record_type)
    return search.index_many(models.record_type, _live_texts(models))


def _live_texts(models: RecordModels) -> Iterator[tuple[int, SearchText]]:
    main = models.main
    last_id = 0
    while True:
        rows = list(select_rows(models)
                    .where((main.id > last_id) & (main.deleted == False))  # noqa: E712
                    .order_by(main.id).limit(BATCH_SIZE))
        if not rows:
            return
        for record in load_records(models, rows):
            yield record.id, search_text(models.record_type, record.values)
        last_id = rows[-1]["id"]


def _param(index: SearchIndex) -> str:
    return "?" if index.sqlite else "%s"


def _batches(entries: Iterable[tuple[int, SearchText]], size: int):
    batch: list[tuple[int, SearchText]] = []
    for entry in entries:
        batch.append(entry)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
