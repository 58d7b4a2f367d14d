"""Choosing the reader of a table file by its suffix."""

from __future__ import annotations

from pathlib import Path

from ncen_core.transfer.csv_reader import MAX_LINE_BYTES, CsvSource
from ncen_core.transfer.errors import SourceFileError
from ncen_core.transfer.source import TableSource
from ncen_core.transfer.xlsx_reader import XlsxSource

CSV_SUFFIXES = (".csv", ".txt", ".tsv")


def open_source(
    path: Path,
    *,
    encoding: str = "auto",
    delimiter: str | None = None,
    sheet: str | None = None,
    max_line_bytes: int = MAX_LINE_BYTES,
) -> TableSource:
    """Open a CSV (.csv, .txt, .tsv) or Excel (.xlsx) file; its header is read at once."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return XlsxSource(path, sheet=sheet)
    if suffix in CSV_SUFFIXES:
        return CsvSource(path, encoding=encoding, delimiter=delimiter,
                         max_line_bytes=max_line_bytes)
    raise SourceFileError(f"{path}: cannot import {suffix or 'a file without a suffix'} files "
                          "(expected .csv or .xlsx)")
