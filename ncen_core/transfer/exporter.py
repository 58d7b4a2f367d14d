"""Exporting the records of one type as JSON Lines or CSV, streamed page by page.

Records are read through the record service with keyset pagination (by id), one page at
a time, so an export of a million records holds one page in memory. JSON Lines holds one
:func:`record_to_dict` object per line, every field included. CSV follows
:mod:`ncen_core.transfer.flatten`, every cell neutralised against spreadsheet formulas
(:mod:`ncen_core.transfer.csv_safety`), and imports back with a suggested mapping.

Filtering: until the search language exists, ``--where field=value`` keeps the records
whose scalar field equals the value, read as an import would read it (a code by code or
label, a country by code or name, a date as YYYY-MM-DD). Records are filtered as they
stream, so a filter does not make the export faster, only smaller.

Every export is audited (action ``export``) before the first record is read: data that
left the office is on record even if the export is interrupted.
"""

from __future__ import annotations

import csv
import json
from typing import Any, Mapping, TextIO

import peewee as pw

from ncen_core import audit
from ncen_core.errors import ValidationError
from ncen_core.fields import Kind, RecordType
from ncen_core.record_json import record_to_dict
from ncen_core.record_models import RecordModels
from ncen_core.record_service import RecordService
from ncen_core.records import PageCursor
from ncen_core.roles import Permission, require
from ncen_core.storage import write_transaction
from ncen_core.transfer.cell_values import converter_for
from ncen_core.transfer.csv_safety import neutralise
from ncen_core.transfer.errors import TransferError
from ncen_core.transfer.flatten import csv_header, csv_row
from ncen_core.validation import normalise_values

FORMATS = ("csv", "jsonl")
PAGE_SIZE = 500
FILTER_KINDS = frozenset({Kind.TEXT, Kind.INT, Kind.DECIMAL, Kind.DATE, Kind.DATETIME,
                          Kind.BOOL, Kind.CODE, Kind.COUNTRY})


def parse_filters(service: RecordService, record_type: str,
                  expressions: list[str]) -> dict[str, Any]:
    """``field=value`` expressions as canonical values by field; TransferError if unusable."""
    definition = service.ncen.registry.record_type(record_type)
    codelists = service.ncen.registry.codelists
    filters: dict[str, Any] = {}
    for expression in expressions:
        name, equals, text = expression.partition("=")
        name, text = name.strip(), text.strip()
        if not equals or not definition.has_field(name):
            raise TransferError(f"--where {expression}: expected FIELD=VALUE with a field of "
                                f"{record_type}")
        spec = definition.field(name)
        if spec.kind not in FILTER_KINDS:
            raise TransferError(f"--where {expression}: {name} is a {spec.kind} field; filter on "
                                "text, number, date, yes/no, code or country fields")
        try:
            raw = converter_for(spec, codelists, None)(text)
            filters[name] = normalise_values(definition, {name: raw}, codelists,
                                             check_required=False)[name]
        except (ValueError, ValidationError) as exc:
            raise TransferError(f"--where {expression}: {_first_problem(exc)}") from None
    return filters


def export_records(service: RecordService, record_type: str, stream: TextIO, fmt: str, *,
                   filters: Mapping[str, Any] | None = None,
                   target: str = "standard output") -> int:
    """Write the live records of ``record_type`` to ``stream``; returns how many."""
    require(service.user.role, Permission.EXPORT_REPORTS)
    if fmt not in FORMATS:
        raise TransferError(f"unknown export format {fmt!r} (use {' or '.join(FORMATS)})")
    models = service.ncen.models_for(record_type)
    filters = dict(filters or {})
    with write_transaction(service.ncen.database):
        audit.append(service.ncen.system, service.user.username, "export",
                     record_type=record_type,
                     detail={"format": fmt, "filter": {k: str(v) for k, v in filters.items()},
                             "output": target})
    write = _csv_writer(models, stream) if fmt == "csv" else _jsonl_writer(stream)
    count = 0
    for record in _records(service, record_type):
        if all(record.values.get(name) == value for name, value in filters.items()):
            write(record)
            count += 1
    return count


def _records(service: RecordService, record_type: str):
    cursor: PageCursor | None = None
    while True:
        page = service.list(record_type, order_by="id", descending=False, after=cursor,
                            limit=PAGE_SIZE)
        yield from page.records
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


def _csv_writer(models: RecordModels, stream: TextIO):
    record_type: RecordType = models.record_type
    sizes = group_sizes(models)
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(csv_header(record_type, sizes))

    def write(record) -> None:
        writer.writerow([neutralise(cell) for cell in csv_row(record, record_type, sizes)])

    return write


def _jsonl_writer(stream: TextIO):
    def write(record) -> None:
        stream.write(json.dumps(record_to_dict(record), ensure_ascii=False) + "\n")

    return write


def group_sizes(models: RecordModels) -> dict[str, int]:
    """The largest number of rows any record has, per group (one query per group)."""
    sizes = {}
    for spec in models.record_type.fields:
        if spec.kind is Kind.GROUP:
            child = models.children[spec.name]
            sizes[spec.name] = child.select(pw.fn.MAX(child.position)).scalar() or 0
    return sizes


def _first_problem(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return next(iter(exc.problems.values()))
    return str(exc)
