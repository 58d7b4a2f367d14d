"""Errors of imports and exports, each naming the file, and the line or key, at fault."""

from __future__ import annotations

from ncen_core.errors import NcenError


class TransferError(NcenError):
    """Base class of import and export errors."""


class SourceFileError(TransferError):
    """The input file cannot be read as a table: empty, wrong encoding, a line too long, a
    column the mapping needs is missing. The message starts with ``file:line:``."""


class MappingError(TransferError):
    """A mapping file is malformed or does not fit the record type; the message names the
    mapping file and the key at fault (``fields.items.rows[1].quantity``)."""


class ImportRefusedError(TransferError):
    """Some rows are invalid and the user did not choose to skip them: nothing was written.

    ``report`` is the import's report (counts, unknown values) for the caller to show.
    """

    def __init__(self, message: str, report: object):
        super().__init__(message)
        self.report = report
