"""A table file as a header and numbered rows of text cells, whatever its format.

Both readers stream: they hold one row at a time, never the file. Cells are text (an
empty string for an empty cell) so that the mapping treats CSV and Excel alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Protocol

from ncen_core.transfer.errors import SourceFileError


@dataclass(frozen=True)
class SourceRow:
    """One data row: the line (CSV) or sheet row (Excel) where it starts, and its cells."""

    line: int
    cells: tuple[str, ...]


class TableSource(Protocol):
    """What the importer reads: a header, then rows; ``sha256`` is final once rows are read."""

    path: Path
    header: tuple[str, ...]

    def rows(self) -> Iterator[SourceRow]: ...

    @property
    def sha256(self) -> str: ...

    def close(self) -> None: ...


def check_header(path: Path, cells: list[str]) -> tuple[str, ...]:
    """The header without trailing empty cells; refuses unnamed and repeated columns."""
    names = [cell.strip() for cell in cells]
    while names and not names[-1]:
        names.pop()
    if not names:
        raise SourceFileError(f"{path}:1: the first line must name the columns; it is empty")
    for position, name in enumerate(names, start=1):
        if not name:
            raise SourceFileError(f"{path}:1: column {position} has no name")
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise SourceFileError(f"{path}:1: column {name!r} appears twice")
        seen.add(name)
    return tuple(names)
