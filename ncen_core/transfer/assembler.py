"""Consecutive rows with the same key become one record: a shipment of several lines.

LEMIS, like many registers, writes one line per species of a shipment, the shipment's own
facts repeated on each. The first line gives the record's fields; later lines must repeat
them (a difference is reported: two records may share a key by mistake) and add the rows
of groups read from every line (items). Groups read from the first line only (the route)
must be repeated identically too. A record of more than :data:`MAX_LINES_PER_RECORD` lines
is refused, so memory stays bounded whatever the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ncen_core.transfer.report import Problem
from ncen_core.transfer.row_mapper import GroupRow, LinePart, LinkedPart, RowMapper
from ncen_core.transfer.source import SourceRow

MAX_LINES_PER_RECORD = 10_000


@dataclass
class RecordDraft:
    """The raw values of one record, the rows they came from and what is wrong with them.

    ``origins`` gives, for each group, the (line, template) of each of its rows, so that a
    problem of ``items[3]`` is reported on the line that made the third item.
    """

    key: tuple[str, ...] | None
    rows: list[SourceRow]
    values: dict[str, Any]
    meta: dict[str, str | None]
    origins: dict[str, list[tuple[int, int]]]
    links: list[LinkedPart]
    problems: list[Problem] = field(default_factory=list)

    @property
    def line(self) -> int:
        """The first line of the record."""
        return self.rows[0].line


class Assembler:
    """Feeds line parts in file order; hands out each record once its last line is seen."""

    def __init__(self, mapper: RowMapper):
        self.lines_of = {group.name: group.lines for group in mapper.main.groups}
        self._current: RecordDraft | None = None

    def add(self, part: LinePart) -> RecordDraft | None:
        """Add one row; returns the previous record when this row starts a new one."""
        current = self._current
        if current is not None and part.key is not None and part.key == current.key:
            self._continue(current, part)
            return None
        self._current = self._start(part)
        return current

    def finish(self) -> RecordDraft | None:
        """The last record, after the last row."""
        current, self._current = self._current, None
        return current

    def _start(self, part: LinePart) -> RecordDraft:
        draft = RecordDraft(part.key, [part.row],
                            dict(part.scalars), part.meta, {}, list(part.links),
                            list(part.problems))
        for name, rows in part.groups.items():
            draft.values[name] = []
            draft.origins[name] = []
            self._append(draft, name, rows, part.row.line)
        return draft

    def _continue(self, draft: RecordDraft, part: LinePart) -> None:
        line, first = part.row.line, draft.line
        draft.rows.append(part.row)
        draft.problems.extend(part.problems)
        if len(draft.rows) > MAX_LINES_PER_RECORD:
            draft.problems.append(Problem(line, "key", f"more than {MAX_LINES_PER_RECORD} "
                                          "lines share this key"))
            return
        for name, value in part.scalars.items():
            if value != draft.values.get(name):
                draft.problems.append(Problem(
                    line, name, f"{_show(value)} differs from {_show(draft.values.get(name))} "
                                f"on line {first}, the first line of this record"))
        for name, rows in part.groups.items():
            if self.lines_of[name] == "each":
                self._append(draft, name, rows, line)
            elif [row.values for row in rows] != _first_line_rows(draft, name, first):
                draft.problems.append(Problem(line, name, f"differs from line {first}, the "
                                                          "first line of this record"))
        known = {(link.link, link.key) for link in draft.links}
        draft.links += [link for link in part.links if (link.link, link.key) not in known]

    @staticmethod
    def _append(draft: RecordDraft, name: str, rows: list[GroupRow], line: int) -> None:
        for row in rows:
            draft.values[name].append(row.values)
            draft.origins[name].append((line, row.template))
            position = len(draft.values[name])
            draft.problems += [Problem(line, f"{name}[{position}].{member}", message)
                               for member, message in row.problems]


def _first_line_rows(draft: RecordDraft, name: str, first: int) -> list[dict[str, Any]]:
    return [values for values, (line, _) in zip(draft.values[name], draft.origins[name])
            if line == first]


def _show(value: Any) -> str:
    return "nothing" if value is None else repr(value)
