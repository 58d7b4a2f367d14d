"""What differs between the backends: placeholders, full-text SQL, folding, value types.

SQLite answers words with FTS5 ``MATCH``: the match string is built here from folded words
only, each inside double quotes, so nothing typed can become FTS5 syntax (``NEAR``, ``*``,
column filters). PostgreSQL answers with a ``tsquery`` built by ``phraseto_tsquery`` and
``to_tsquery`` from the same words, passed as parameters.

Text filters compare "squashed" text (folded, letters and digits only): on SQLite with the
same Python function the index uses, registered on the connection; on PostgreSQL with
``lower``, ``translate`` (accented letters to plain ones, generated from Python's folding)
and ``regexp_replace``, which agree with Python for the Latin, Greek and Cyrillic scripts.
"""

from __future__ import annotations

import abc
import datetime as dt
import unicodedata
from decimal import Decimal
from typing import Any
from weakref import WeakSet

import peewee as pw

from ncen_core.fields import RecordType
from ncen_core.record_models import table_name
from ncen_core.search import text_match
from ncen_core.search.sql import Sql, join, quoted
from ncen_core.search.text_match import TextExpr, Words
from ncen_core.search_index import word_table
from ncen_core.search_text import fold
from ncen_core.storage import is_sqlite

SQUASH_FUNCTION = "ncen_squash"
_PREPARED: WeakSet[pw.Database] = WeakSet()


class Dialect(abc.ABC):
    """Backend-specific SQL for searching one database (see the subclasses)."""

    placeholder = "?"

    def p(self, value: Any) -> Sql:
        """One parameter."""
        return Sql(self.placeholder, (self.value(value),))

    def value(self, value: Any) -> Any:
        """A Python value as the driver should receive it."""
        return value

    def prepare(self, database: pw.Database) -> None:
        """Make the connection of this thread ready for search."""

    def tested_last(self, condition: Sql) -> Sql:
        """``condition`` written so that the database tests it after the other conditions of
        its WHERE clause (for a test that reads the row when the others read only indexes)."""
        return condition

    @abc.abstractmethod
    def squash(self, column: str) -> Sql:
        """SQL for the squashed text of ``column`` (see :func:`text_match.squash`)."""

    @abc.abstractmethod
    def text_query(self, expr: TextExpr) -> Sql:
        """The full-text query for ``expr``."""

    @abc.abstractmethod
    def text_source(self, record_type: RecordType) -> str:
        """FROM clause joining the word index to the main table (aliased ``m``)."""

    @abc.abstractmethod
    def text_match(self, record_type: RecordType, query: Sql) -> Sql:
        """WHERE condition of :meth:`text_source` for the full-text ``query``."""

    @abc.abstractmethod
    def text_rank(self, record_type: RecordType, query: Sql) -> Sql:
        """Rank of a row of :meth:`text_source`; lower is better."""

    @abc.abstractmethod
    def text_key(self, record_type: RecordType) -> str:
        """The record id as a column of :meth:`text_source` that the index reads in order, so
        that newest-first pages need no sort of all matches and start at their position."""

    @abc.abstractmethod
    def matching_ids(self, record_type: RecordType, query: Sql) -> Sql:
        """A subquery of the ids of records matching the full-text ``query``."""

    def count_matches(self, record_type: RecordType, query: Sql, cap: int) -> Sql:
        """How many records match ``query``, counting no further than ``cap``."""
        return (Sql("SELECT count(*) FROM (") + self.matching_ids(record_type, query)
                + Sql(f" LIMIT {self.placeholder}) s", (cap,)))


class SqliteDialect(Dialect):
    """FTS5 over the folded document; rank is FTS5's bm25 ``rank`` column."""

    placeholder = "?"

    def value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return float(value)
        if isinstance(value, dt.datetime):
            return value.isoformat(sep=" ")
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    def prepare(self, database: pw.Database) -> None:
        # peewee puts registered functions on every connection it opens, so once per
        # database is enough; registering again would reload them all on each search.
        if database not in _PREPARED:
            database.register_function(text_match.squash, SQUASH_FUNCTION, 1,
                                       deterministic=True)
            _PREPARED.add(database)

    def tested_last(self, condition: Sql) -> Sql:
        # SQLite tests the terms holding a subquery after the others, whatever their order:
        # as a scalar subquery, a test of the row waits until the index-only terms (EXISTS
        # probes of child-table indexes, identifier lookups) have passed the row.
        return Sql("(SELECT ") + condition + Sql(")")

    def squash(self, column: str) -> Sql:
        return Sql(f"{SQUASH_FUNCTION}({column})")

    def text_query(self, expr: TextExpr) -> Sql:
        return self.p(fts5_query(expr))

    def text_source(self, record_type: RecordType) -> str:
        words = quoted(word_table(record_type))
        return f"{words} JOIN {_main(record_type)} m ON m.id = {words}.rowid"

    def text_match(self, record_type: RecordType, query: Sql) -> Sql:
        return Sql(f"{quoted(word_table(record_type))} MATCH ") + query

    def text_rank(self, record_type: RecordType, query: Sql) -> Sql:
        return Sql(f"{quoted(word_table(record_type))}.rank")

    def text_key(self, record_type: RecordType) -> str:
        return f"{quoted(word_table(record_type))}.rowid"

    def matching_ids(self, record_type: RecordType, query: Sql) -> Sql:
        words = quoted(word_table(record_type))
        return Sql(f"SELECT rowid FROM {words} WHERE {words} MATCH ") + query


class PostgresDialect(Dialect):
    """``tsvector`` with the 'simple' configuration; rank is ``ts_rank``, negated."""

    placeholder = "%s"

    def squash(self, column: str) -> Sql:
        lowered = f"replace(lower({column}), 'ß', 'ss')"
        return Sql(f"regexp_replace(translate({lowered}, %s, %s), '[^[:alnum:]]', '', 'g')",
                   (_FOLD_FROM, _FOLD_TO))

    def text_query(self, expr: TextExpr) -> Sql:
        return tsquery(expr)

    def text_source(self, record_type: RecordType) -> str:
        return f"{quoted(word_table(record_type))} f JOIN {_main(record_type)} m " \
               "ON m.id = f.record_id"

    def text_match(self, record_type: RecordType, query: Sql) -> Sql:
        return Sql("f.document @@ ") + query

    def text_rank(self, record_type: RecordType, query: Sql) -> Sql:
        return Sql("-ts_rank(f.document, ") + query + Sql(")::float8")

    def text_key(self, record_type: RecordType) -> str:
        return "f.record_id"

    def matching_ids(self, record_type: RecordType, query: Sql) -> Sql:
        return Sql(f"SELECT record_id FROM {quoted(word_table(record_type))} "
                   "WHERE document @@ ") + query


def dialect_for(database: pw.Database) -> Dialect:
    """The dialect of ``database``'s backend."""
    return SqliteDialect() if is_sqlite(database) else PostgresDialect()


def fts5_query(expr: TextExpr) -> str:
    """An FTS5 match string for ``expr``: quoted words, AND, OR, NOT and parentheses only."""
    if isinstance(expr, Words):
        phrases = ['"' + " ".join(variant).replace('"', '""') + '"' + ("*" if expr.prefix else "")
                   for variant in expr.variants]
        return phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")"
    if isinstance(expr, text_match.AnyOf):
        return "(" + " OR ".join(fts5_query(item) for item in expr.items) + ")"
    query = "(" + " AND ".join(fts5_query(item) for item in expr.items) + ")"
    for excluded in expr.excluded:
        query = f"({query} NOT {fts5_query(excluded)})"
    return query


def tsquery(expr: TextExpr) -> Sql:
    """A PostgreSQL tsquery expression for ``expr``, every word passed as a parameter."""
    if isinstance(expr, Words):
        return Sql("(") + join(" || ", _tsquery_variants(expr)) + Sql(")")
    if isinstance(expr, text_match.AnyOf):
        return Sql("(") + join(" || ", [tsquery(item) for item in expr.items]) + Sql(")")
    parts = [tsquery(item) for item in expr.items]
    parts += [Sql("!!") + tsquery(item) for item in expr.excluded]
    return Sql("(") + join(" && ", parts) + Sql(")")


def _tsquery_variants(expr: Words) -> list[Sql]:
    if expr.prefix:
        return [Sql("to_tsquery('simple', %s)", (_prefix_tsquery(variant),))
                for variant in expr.variants]
    texts = [" ".join(variant) for variant in expr.variants]
    if expr.folded not in texts:
        texts.append(expr.folded)
    return [Sql("phraseto_tsquery('simple', %s)", (text,)) for text in texts]


def _prefix_tsquery(variant: tuple[str, ...]) -> str:
    quoted_words = ["'" + word.replace("'", "''").replace("\\", "\\\\") + "'" for word in variant]
    return " <-> ".join(quoted_words) + ":*"


def _main(record_type: RecordType) -> str:
    return quoted(table_name(record_type))


def _fold_table() -> tuple[str, str]:
    """Lowercase letters whose folded form is one other letter, for SQL ``translate``."""
    source, target = [], []
    ranges = [(0x00C0, 0x0530), (0x1E00, 0x1F00)]
    for low, high in ranges:
        for code in range(low, high):
            char = chr(code)
            if not unicodedata.category(char).startswith("L") or char.lower() != char:
                continue
            folded = fold(char)
            if len(folded) == 1 and folded != char:
                source.append(char)
                target.append(folded)
    return "".join(source), "".join(target)


_FOLD_FROM, _FOLD_TO = _fold_table()
