"""Streaming CSV rows with their line numbers, in UTF-8, UTF-8 with BOM or Windows-1252.

Lines are read as bytes with a length cap, so a file with a 50 MB line is refused after
reading one cap's worth, never loaded whole; each line is then decoded on its own, so an
undecodable byte is reported with its line. The bytes are hashed as they are read: once
the rows are exhausted, :attr:`CsvSource.sha256` is the SHA-256 of the whole file.

``encoding: auto`` decides from the start of the file: a UTF-8 byte-order mark means
UTF-8; otherwise the first run of non-ASCII bytes decides (valid UTF-8 means UTF-8,
anything else Windows-1252, the encoding of Excel's "CSV" on Western-European Windows). A
later byte that does not fit is an error naming its line, never a silent re-reading. A
byte-order mark wins over a declared encoding. UTF-16 files are refused with a message saying so.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import itertools
import re
from pathlib import Path
from typing import Iterator

from ncen_core.transfer.errors import SourceFileError
from ncen_core.transfer.source import SourceRow, check_header

#: Longest line accepted, in bytes: far above any real row, far below a memory problem.
MAX_LINE_BYTES = 1 << 20
DETECTION_CHUNK = 1 << 20
DELIMITERS = (",", ";", "\t", "|")
#: Spellings accepted in mappings, by the codec they name.
ENCODINGS = {
    "auto": "auto",
    "utf-8": "utf-8", "utf8": "utf-8",
    "utf-8-sig": "utf-8-sig", "utf-8-bom": "utf-8-sig",
    "cp1252": "cp1252", "windows-1252": "cp1252",
}
ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "cp1252": "Windows-1252"}
_NON_ASCII = re.compile(rb"[\x80-\xff]+")


def encoding_name(text: str) -> str:
    """The codec for an encoding spelled in a mapping; ValueError for any other encoding."""
    try:
        return ENCODINGS[text.strip().lower()]
    except KeyError:
        raise ValueError(f"unsupported encoding {text!r} "
                         "(use auto, utf-8, utf-8-sig or cp1252)") from None


def detect_encoding(path: Path) -> str:
    """``utf-8-sig``, ``utf-8`` or ``cp1252``, decided as the module docstring says."""
    with _open(path) as stream:
        start = stream.read(4)
        if start.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if start[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            raise SourceFileError(f"{path}:1: the file is UTF-16, which ncen does not read; "
                                  "save it as CSV UTF-8")
        stream.seek(0)
        while chunk := stream.read(DETECTION_CHUNK):
            found = _NON_ASCII.search(chunk)
            if found is None:
                continue
            at_end = found.end() == len(chunk)
            try:
                codecs.getincrementaldecoder("utf-8")().decode(found.group(), final=not at_end)
            except UnicodeDecodeError:
                return "cp1252"
            return "utf-8"
    return "utf-8"


class CsvSource:
    """A CSV file opened for one streaming pass: ``header``, then :meth:`rows`."""

    def __init__(self, path: Path, *, encoding: str = "auto", delimiter: str | None = None,
                 max_line_bytes: int = MAX_LINE_BYTES):
        self.path = path
        self.max_line_bytes = max_line_bytes
        try:
            codec = encoding_name(encoding)
        except ValueError as exc:
            raise SourceFileError(f"{path}: {exc}") from None
        self.encoding = detect_encoding(path) if codec == "auto" else codec
        self._codec = "utf-8" if self.encoding == "utf-8-sig" else self.encoding
        self._stream = _open(path)
        self._digest = hashlib.sha256()
        self._line = 0
        try:
            first = self._first_line()
            self.delimiter = delimiter or _guess_delimiter(first, path)
            self._reader = csv.reader(itertools.chain([first], self._lines()),
                                      delimiter=self.delimiter)
            self.header = check_header(path, self._next_cells(1) or [])
        except BaseException:
            self.close()
            raise

    @property
    def sha256(self) -> str:
        """SHA-256 (hex) of the bytes read so far: the whole file once rows are exhausted."""
        return self._digest.hexdigest()

    def rows(self) -> Iterator[SourceRow]:
        """Data rows in file order; blank lines are skipped."""
        while True:
            start = self._line + 1
            cells = self._next_cells(start)
            if cells is None:
                return
            if any(cell.strip() for cell in cells):
                yield SourceRow(start, tuple(cells))

    def close(self) -> None:
        """Close the file (also done when the rows are exhausted)."""
        self._stream.close()

    def _next_cells(self, start: int) -> list[str] | None:
        try:
            return next(self._reader)
        except StopIteration:
            self.close()
            return None
        except csv.Error as exc:
            raise SourceFileError(f"{self.path}:{start}: not a valid CSV row: {exc}") from None

    def _first_line(self) -> str:
        raw = self._read_line()
        if raw is None:
            raise SourceFileError(f"{self.path}: the file is empty")
        if raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
            self.encoding, self._codec = "utf-8-sig", "utf-8"
        return self._decode(raw)

    def _lines(self) -> Iterator[str]:
        while (raw := self._read_line()) is not None:
            yield self._decode(raw)

    def _read_line(self) -> bytes | None:
        raw = self._stream.readline(self.max_line_bytes + 1)
        if not raw:
            return None
        self._line += 1
        self._digest.update(raw)
        if len(raw) > self.max_line_bytes and not raw.endswith(b"\n"):
            raise SourceFileError(
                f"{self.path}:{self._line}: the line is longer than {self.max_line_bytes:,} "
                "bytes; is this really a CSV file?")
        return raw

    def _decode(self, raw: bytes) -> str:
        try:
            return raw.decode(self._codec)
        except UnicodeDecodeError as exc:
            hint = ("; if the file was saved by Excel on Windows, set 'encoding: cp1252' in "
                    "the mapping" if self._codec == "utf-8" else "")
            raise SourceFileError(
                f"{self.path}:{self._line}: byte 0x{raw[exc.start]:02X} at byte {exc.start + 1} "
                f"of the line is not valid {ENCODING_NAMES[self._codec]}{hint}") from None


def _open(path: Path):
    try:
        return open(path, "rb")
    except OSError as exc:
        raise SourceFileError(f"{path}: cannot read the file: {exc.strerror}") from None


def _guess_delimiter(first_line: str, path: Path) -> str:
    if path.suffix.lower() == ".tsv":
        return "\t"
    counts = {d: first_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","
