"""The reject file of an import that skips invalid rows: the rows as read, plus why.

It is a CSV (UTF-8 with a byte-order mark, so Excel shows accents) with the file's own
header and an ``error`` column, so an officer can correct the rows and import the reject
file itself with the same mapping. Cells are neutralised like every CSV ncen writes: a
rejected row is exactly where a planted formula would sit.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Sequence

from ncen_core.transfer.csv_safety import neutralise
from ncen_core.transfer.errors import TransferError
from ncen_core.transfer.report import Problem
from ncen_core.transfer.source import SourceRow

ERROR_COLUMN = "error"


class RejectWriter:
    """Writes rejected rows as they are found (constant memory)."""

    def __init__(self, path: Path, header: tuple[str, ...]):
        self.path = path
        try:
            # Kept open across writes and closed by close(): rows arrive one record at a time.
            self._stream = open(path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
        except OSError as exc:
            raise TransferError(f"{path}: cannot write the reject file: {exc.strerror}") from None
        self._writer = csv.writer(self._stream, lineterminator="\r\n")
        self.width = len(header)
        column = ERROR_COLUMN if ERROR_COLUMN not in header else f"ncen_{ERROR_COLUMN}"
        self._writer.writerow([neutralise(name) for name in header] + [column])

    def write(self, rows: Sequence[SourceRow], problems: list[Problem]) -> None:
        """Write the rows of one rejected record, each with the problems of its line."""
        first = rows[0].line
        for row in rows:
            own = [f"line {p.line}: {p.path}: {p.message}" for p in problems if p.line == row.line]
            reason = "; ".join(own) or f"rejected with the record that starts on line {first}"
            cells = list(row.cells[:self.width]) + [""] * (self.width - len(row.cells))
            self._writer.writerow([neutralise(cell) for cell in cells] + [neutralise(reason)])

    def close(self) -> None:
        """Flush and close the file."""
        self._stream.close()
