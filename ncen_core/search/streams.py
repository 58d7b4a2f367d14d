"""Running the search of one record type as ordered streams of record ids.

A record type answers with up to four streams, each in its own order and continued by key,
never by offset:

- ``identifier``: records holding an identifier the free text may be, newest first;
- ``text``: records matching the words. How they are ordered depends on how many there are,
  because ranking every match of a word found in every record costs seconds (DESIGN §9):
  the index first counts matches up to :data:`RANK_LIMIT`; below it they are ranked
  (``ranked``), at or above it they are read newest first straight from the index, whose
  order needs no sort (``recent``). The choice is made on the first page and kept by the
  cursor;
- ``name``: fuzzy name candidates that the words did not already find, by name score;
- ``filter``: for a query without words, records matching the filters, newest first.

Streams exclude what an earlier stream returns (identifier hits are not repeated as text
hits, text hits not as names), so merged pages never show a record twice. Each stream reads
the columns a hit shows (``columns``: identity and title) in the same statement that finds
the ids, so a page costs no further query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import peewee as pw

from ncen_core.fields import RecordType
from ncen_core.record_models import table_name
from ncen_core.search.compiler import Compiler
from ncen_core.search.dialect import Dialect
from ncen_core.search.request import (
    FILTER,
    IDENTIFIER,
    NAME,
    RANKED,
    RECENT,
    TEXT,
    TypePlan,
)
from ncen_core.search.sql import Sql, join, quoted
from ncen_core.search.visibility import Visibility

#: Up to this many matches the words are ranked; from this many on, the newest come first.
RANK_LIMIT = 1_000
IDENTIFIER_TABLE = "ncen_identifier"


@dataclass(frozen=True)
class Found:
    """One record id from a stream, where the stream continues after it, its relevance, and
    the values of the stream's ``columns`` as the driver returned them."""

    id: int
    stage: str
    position: list[Any]
    relevance: float | None = None
    row: tuple[Any, ...] = ()


class TypeStreams:
    """The streams of one record type for one page of one search."""

    def __init__(self, database: pw.Database, dialect: Dialect, record_type: RecordType,
                 plan: TypePlan, visibility: Visibility, columns: Sequence[str] = ()):
        self.database = database
        self.dialect = dialect
        self.record_type = record_type
        self.plan = plan
        self.compiler = Compiler(dialect, record_type)
        # Tested last: it reads the row, which the other conditions may not need to.
        self.visible = dialect.tested_last(self.compiler.visible(visibility))
        # Main-table columns read beside each id, as c0, c1, ... (so that they keep their
        # names through the ranked subquery).
        self.selected = "".join(f", m.{quoted(column)} AS c{number}"
                                for number, column in enumerate(columns))
        self._identifier_test: Sql | None = None

    def run(self, limit: int) -> dict[str, list[Found]]:
        """Up to ``limit + 1`` ids per stream that continues on this page."""
        wanted = self._streams()
        found: dict[str, list[Found]] = {}
        for stream, position in wanted.items():
            runner = {IDENTIFIER: self._identifier, TEXT: self._text, NAME: self._names,
                      FILTER: self._filtered}[stream]
            found[stream] = runner(position, limit + 1)
        return found

    def _streams(self) -> dict[str, Any]:
        shape = self.plan.shape
        streams: dict[str, Any] = {}
        if self.plan.identifiers:
            streams[IDENTIFIER] = None
        streams[TEXT if shape.text is not None else FILTER] = None
        if self.plan.names and shape.text is not None:
            streams[NAME] = None
        if self.plan.after is None:
            return streams
        return {name: self.plan.after[name] for name in streams if name in self.plan.after}

    # -- streams ----------------------------------------------------------------------------

    def _identifier(self, position: list[Any] | None, count: int) -> list[Found]:
        where = [self._held_identifier(), self.compiler.condition(self.plan.shape.beside_free),
                 self.visible]
        return self._newest(Sql(f"{self._main()} m"), where, "m.id", IDENTIFIER, position, count)

    def _filtered(self, position: list[Any] | None, count: int) -> list[Found]:
        where = [self.compiler.condition(self.plan.shape.rest), self.visible]
        return self._newest(Sql(f"{self._main()} m"), where, "m.id", FILTER, position, count)

    def _text(self, position: list[Any] | None, count: int) -> list[Found]:
        query = self.dialect.text_query(self.plan.shape.text)
        mode = position[0] if position else self._mode(query)
        where = [self.dialect.text_match(self.record_type, query),
                 self.compiler.condition(self.plan.shape.rest), *self._not_identified(),
                 self.visible]
        if mode == RECENT:
            return self._newest(Sql(self.dialect.text_source(self.record_type)), where,
                                self.dialect.text_key(self.record_type), RECENT, position, count)
        return self._ranked(query, where, position, count)

    def _names(self, position: list[Any] | None, count: int) -> list[Found]:
        scores = dict(self.plan.names)
        words = self.dialect.matching_ids(self.record_type,
                                          self.dialect.text_query(self.plan.shape.text))
        candidates = join(", ", [self.dialect.p(record_id) for record_id in scores])
        where = [Sql("m.id IN (") + candidates + Sql(")"),
                 Sql("m.id NOT IN (") + words + Sql(")"),
                 self.compiler.condition(self.plan.shape.beside_free), *self._not_identified(),
                 self.visible]
        sql = (Sql(f"SELECT m.id{self.selected} FROM {self._main()} m WHERE ")
               + join(" AND ", where))
        rows = {row[0]: tuple(row[1:]) for row in self._execute(sql)}
        ordered = sorted(rows, key=lambda record_id: (-scores[record_id], -record_id))
        if position and len(position) == 3:
            last = (-position[1], -position[2])
            ordered = [i for i in ordered if (-scores[i], -i) > last]
        return [Found(i, NAME, [NAME, scores[i], i], scores[i], rows[i])
                for i in ordered[:count]]

    # -- building blocks --------------------------------------------------------------------

    def _mode(self, query: Sql) -> str:
        sql = self.dialect.count_matches(self.record_type, query, RANK_LIMIT)
        matches = self._execute(sql)[0][0]
        return RANKED if matches < RANK_LIMIT else RECENT

    def _ranked(self, query: Sql, where: list[Sql], position: list[Any] | None,
                count: int) -> list[Found]:
        rank = self.dialect.text_rank(self.record_type, query)
        inner = (Sql("SELECT m.id AS id, ") + rank + Sql(f" AS rank_{self.selected} FROM ")
                 + Sql(self.dialect.text_source(self.record_type)) + Sql(" WHERE ")
                 + join(" AND ", where))
        after = Sql("1 = 1")
        if position and len(position) == 3:
            _mode, last_rank, last_id = position
            p = self.dialect.p
            after = (Sql("(r.rank_ > ") + p(last_rank) + Sql(" OR (r.rank_ = ") + p(last_rank)
                     + Sql(" AND r.id < ") + p(last_id) + Sql("))"))
        sql = (Sql("SELECT r.* FROM (") + inner + Sql(") r WHERE ") + after
               + Sql(" ORDER BY r.rank_, r.id DESC LIMIT ") + self.dialect.p(count))
        return [Found(row[0], RANKED, [RANKED, row[1], row[0]], -row[1], tuple(row[2:]))
                for row in self._execute(sql)]

    def _newest(self, source: Sql, where: list[Sql], key: str, stage: str,
                position: list[Any] | None, count: int) -> list[Found]:
        """Ids newest first, by ``key`` (the record id, or the index column equal to it, so
        that the index itself skips to the position), after the id of ``position``."""
        if position and len(position) == 2:
            where = [*where, Sql(f"{key} < ") + self.dialect.p(position[1])]
        sql = (Sql(f"SELECT m.id{self.selected} FROM ") + source + Sql(" WHERE ")
               + join(" AND ", where) + Sql(f" ORDER BY {key} DESC LIMIT ")
               + self.dialect.p(count))
        return [Found(row[0], stage, [stage, row[0]], row=tuple(row[1:]))
                for row in self._execute(sql)]

    def _held_identifier(self) -> Sql:
        # The record type is repeated in every term so that each is one lookup in the
        # (kind, value, record_type) index, never a scan of the type's identifiers. Built
        # once per page (the identifier and text streams both use it), as one string.
        if self._identifier_test is None:
            mark = self.dialect.placeholder
            term = f"(kind = {mark} AND value = {mark} AND record_type = {mark})"
            pairs = self.plan.identifiers
            params = tuple(item for kind, value in pairs
                           for item in (kind, value, self.record_type.name))
            self._identifier_test = Sql(
                f"m.id IN (SELECT record_id FROM {IDENTIFIER_TABLE} WHERE "
                + " OR ".join(term for _ in pairs) + ")", params)
        return self._identifier_test

    def _not_identified(self) -> list[Sql]:
        if not self.plan.identifiers:
            return []
        return [Sql("NOT ") + self._held_identifier()]

    def _main(self) -> str:
        return quoted(table_name(self.record_type))

    def _execute(self, sql: Sql) -> list[tuple]:
        return list(self.database.execute_sql(sql.text, sql.params).fetchall())
