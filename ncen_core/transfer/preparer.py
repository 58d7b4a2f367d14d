"""From table rows to records ready to write: mapping, assembling, validation, identity.

This is everything an import does before it touches the database, so it can run in a
worker process beside the one that writes (:mod:`ncen_core.transfer.pipeline`). Each
record comes out, in file order, as :class:`Ready` (its canonical values, metadata, UUID
and linked records) or :class:`Refused` (its rows and every problem found). What comes
out is self-contained and picklable: it names the mapping's links by number, not by
object.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Sequence

from ncen_core.app import Ncen
from ncen_core.errors import ValidationError
from ncen_core.roles import Role
from ncen_core.transfer.assembler import Assembler, RecordDraft
from ncen_core.transfer.bulk_writer import NewRecord
from ncen_core.transfer.identity import content_key, record_uuid
from ncen_core.transfer.mapping import ImportMapping
from ncen_core.transfer.record_checks import RecordChecker, checked_meta
from ncen_core.transfer.report import Problem
from ncen_core.transfer.row_mapper import LinkedPart, RowMapper, with_column
from ncen_core.transfer.source import SourceRow

#: Checks of linked records remembered (by their values) at most: the same courier or
#: consignee named on many rows is validated once.
LINKED_CHECKS_KEPT = 50_000
#: Metadata checks remembered at most: a file repeats a few statuses and TLP levels, and
#: records with the same metadata then share one dictionary (written, never changed).
META_CHECKS_KEPT = 1_000
_GROUP_PATH = re.compile(r"^([a-z][a-z0-9_]*)\[(\d+)\]\.([a-z][a-z0-9_]*)$")


@dataclass
class Linked:
    """A valid linked record named by a record: the mapping's link (1-based) and the record."""

    link: int
    record: NewRecord


@dataclass
class Ready:
    """A valid record: the rows it came from, its key, the record and its linked records."""

    rows: Sequence[SourceRow]
    key: tuple[str, ...]
    record: NewRecord
    linked: list[Linked] = field(default_factory=list)


@dataclass
class Refused:
    """An invalid record: the rows it came from and its problems."""

    rows: Sequence[SourceRow]
    problems: list[Problem]


Prepared = Ready | Refused


@dataclass
class RowCounts:
    """Rows read and rows the mapping's filter left out."""

    read: int = 0
    filtered: int = 0


class Preparer:
    """Turns the rows of one file into :data:`Prepared` records, in file order."""

    def __init__(self, ncen: Ncen, role: Role, mapping: ImportMapping, mapper: RowMapper):
        self.ncen = ncen
        self.role = role
        self.mapping = mapping
        self.mapper = mapper
        self.office = ncen.office_code
        self.record_type = ncen.registry.record_types[mapping.record_type]
        self.counts = RowCounts()
        self.checkers: dict[str, RecordChecker] = {}
        self.linked_checks: dict[Any, dict[str, Any] | ValidationError] = {}
        self.meta_checks: dict[Any, tuple[dict[str, str], dict[str, str]]] = {}

    def prepare(self, rows: Iterable[SourceRow]) -> Iterator[Prepared]:
        """Every record of ``rows``, once its last row is read."""
        assembler = Assembler(self.mapper)
        mapper, counts = self.mapper, self.counts
        for row in rows:
            counts.read += 1
            if not mapper.keep(row):
                counts.filtered += 1
                continue
            finished = assembler.add(mapper.map(row))
            if finished is not None:
                yield self._take(finished)
        last = assembler.finish()
        if last is not None:
            yield self._take(last)

    def _take(self, draft: RecordDraft) -> Prepared:
        problems = list(draft.problems)
        clean = self._validated(draft, problems)
        meta, meta_problems = self._checked_meta(draft.meta)
        problems += [Problem(draft.line, path, message) for path, message in meta_problems.items()]
        linked = [self._linked(part, meta, problems) for part in draft.links]
        if problems or clean is None:
            return Refused(draft.rows, problems)
        key = draft.key if draft.key is not None else content_key(draft.rows)
        uuid = record_uuid(self.office, self.mapping.name, self.record_type.name, key)
        return Ready(draft.rows, key, NewRecord(uuid, clean, meta),
                     [item for item in linked if item is not None])

    def _validated(self, draft: RecordDraft, problems: list[Problem]) -> dict[str, Any] | None:
        reported = {problem.path for problem in problems}
        try:
            return self._checker(self.record_type.name)(draft.values)
        except ValidationError as exc:
            for path, message in exc.problems.items():
                if path not in reported:
                    line, source = self._locate(draft, path)
                    problems.append(Problem(line, path, with_column(message, source)))
            return None

    def _locate(self, draft: RecordDraft, path: str) -> tuple[int, Any]:
        """The line and mapping source of a field path (``items[3].quantity``)."""
        match = _GROUP_PATH.match(path)
        if match:
            group, index, member = match.group(1), int(match.group(2)), match.group(3)
            origins = draft.origins.get(group, [])
            if index <= len(origins):
                line, template = origins[index - 1]
                return line, self.mapper.main.column_of(group, template, member)
        name = re.split(r"[\[.]", path, maxsplit=1)[0]
        return draft.line, self.mapper.main.column_of(name)

    def _linked(self, part: LinkedPart, meta: dict[str, str],
                problems: list[Problem]) -> Linked | None:
        source = self.mapping.links[part.link - 1]
        problems += part.problems
        if part.problems:
            return None
        checked = self._linked_check(part)
        if isinstance(checked, ValidationError):
            problems += [Problem(part.line, f"links[{part.link}].{path}", message)
                         for path, message in checked.problems.items()]
            return None
        uuid = record_uuid(self.office, self.mapping.name, source.record_type, part.key)
        return Linked(part.link, NewRecord(uuid, checked, meta))

    def _checked_meta(self, meta: dict[str, str | None]
                      ) -> tuple[dict[str, str], dict[str, str]]:
        """:func:`checked_meta`, remembered by the metadata read from the row."""
        key = tuple(meta.items())
        found = self.meta_checks.get(key)
        if found is None:
            if len(self.meta_checks) >= META_CHECKS_KEPT:
                self.meta_checks.clear()
            found = self.meta_checks[key] = checked_meta(meta, self.role)
        return found

    def _linked_check(self, part: LinkedPart) -> dict[str, Any] | ValidationError:
        """The canonical values of a linked record, or why they are invalid; remembered by
        the values (the same values give the same answer), a bounded number of them."""
        checker = self._checker(self.mapping.links[part.link - 1].record_type)
        try:
            key: Any = (part.link, tuple(part.values.items()))
            hash(key)
        except TypeError:  # groups (lists) among the values: checked every time
            key = None
        if key is not None and key in self.linked_checks:
            return self.linked_checks[key]
        try:
            checked: dict[str, Any] | ValidationError = checker(part.values)
        except ValidationError as exc:
            checked = exc
        if key is not None:
            if len(self.linked_checks) >= LINKED_CHECKS_KEPT:
                self.linked_checks.clear()
            self.linked_checks[key] = checked
        return checked

    def _checker(self, record_type: str) -> RecordChecker:
        if record_type not in self.checkers:
            self.checkers[record_type] = RecordChecker(
                self.ncen, self.ncen.registry.record_types[record_type], self.role)
        return self.checkers[record_type]
