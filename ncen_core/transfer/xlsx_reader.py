"""Streaming rows of an Excel workbook (.xlsx) with openpyxl's read-only mode.

Read-only mode parses the sheet as it goes, so rows are not all held in memory (the
workbook's shared-string table is, as Excel files require). Cells are turned into text
the way the CSV reader would give them: whole numbers without ``.0``, dates as ISO 8601
(``YYYY-MM-DD``, with the time only when it is not midnight), booleans as true/false.
openpyxl is imported here only, so commands that never read Excel do not load it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from pathlib import Path
from typing import Any, Iterator

from ncen_core.transfer.errors import SourceFileError
from ncen_core.transfer.source import SourceRow, check_header

HASH_CHUNK = 1 << 20


class XlsxSource:
    """One worksheet of a workbook: ``header`` (its first row), then :meth:`rows`."""

    def __init__(self, path: Path, *, sheet: str | None = None):
        import openpyxl
        from openpyxl.utils.exceptions import InvalidFileException

        self.path = path
        self._sha256 = _file_sha256(path)
        try:
            self._workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
            raise SourceFileError(f"{path}: not a readable Excel workbook (.xlsx): {exc}") from None
        try:
            self._sheet = self._pick_sheet(sheet)
            self._rows = enumerate(self._sheet.iter_rows(min_row=1, values_only=True), start=1)
            first = next(self._rows, None)
            if first is None:
                raise SourceFileError(f"{path}: the sheet {self._sheet.title!r} is empty")
            self.header = check_header(path, [cell_text(value) for value in first[1]])
        except BaseException:
            self.close()
            raise

    @property
    def sha256(self) -> str:
        """SHA-256 (hex) of the workbook file."""
        return self._sha256

    def rows(self) -> Iterator[SourceRow]:
        """Data rows in sheet order; empty rows are skipped."""
        for number, values in self._rows:
            cells = tuple(cell_text(value) for value in values)
            if any(cells):
                yield SourceRow(number, cells)
        self.close()

    def close(self) -> None:
        """Release the workbook."""
        self._workbook.close()

    def _pick_sheet(self, name: str | None) -> Any:
        if name is None:
            return self._workbook.worksheets[0]
        if name not in self._workbook.sheetnames:
            raise SourceFileError(f"{self.path}: no sheet named {name!r} (sheets: "
                                  f"{', '.join(self._workbook.sheetnames)})")
        return self._workbook[name]


def cell_text(value: Any) -> str:
    """The text of one cell value as openpyxl gives it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(timespec="seconds")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as stream:
            while chunk := stream.read(HASH_CHUNK):
                digest.update(chunk)
    except OSError as exc:
        raise SourceFileError(f"{path}: cannot read the file: {exc.strerror}") from None
    return digest.hexdigest()
