"""Records as CSV rows: one column per field, groups spread over numbered columns.

The header, for a record type and the largest number of rows any record has in each group:

- the metadata ``uuid, origin, version, status, distribution, tlp, legal_basis, unit,
  created_at, created_by, updated_at, updated_by``;
- one column per scalar field, named after it (``reference``); a quantity takes two,
  ``weight`` (the amount) and ``weight.unit``;
- a multi-code field in one cell, codes separated by ``;``;
- for each group, ``route.1.leg_type, route.1.country, ..., route.2.leg_type, ...``.

Photos are attachments, not text: they are not exported to CSV (JSON Lines keeps their
SHA-256).

Values are written as the JSON export writes them (ISO dates, decimals as text, true and
false). :mod:`ncen_core.transfer.suggest` reads these names back, so an exported file
imports without a hand-written mapping.
"""

from __future__ import annotations

from typing import Any, Mapping

from ncen_core.fields import FieldSpec, Kind, RecordType
from ncen_core.record_json import jsonable
from ncen_core.records import Record
from ncen_core.validation import Quantity

META_COLUMNS = ("uuid", "origin", "version", "status", "distribution", "tlp", "legal_basis",
                "unit", "created_at", "created_by", "updated_at", "updated_by")
UNIT_SUFFIX = ".unit"
CODES_SEPARATOR = "; "


def csv_header(record_type: RecordType, group_sizes: Mapping[str, int]) -> list[str]:
    """The columns of an export of ``record_type``."""
    columns = list(META_COLUMNS)
    for spec in record_type.fields:
        if spec.kind is Kind.GROUP:
            for index in range(1, group_sizes.get(spec.name, 0) + 1):
                for member in _tabular(spec.fields):
                    columns += _names(member, f"{spec.name}.{index}.{member.name}")
        elif spec.kind is not Kind.PHOTO:
            columns += _names(spec, spec.name)
    return columns


def csv_row(record: Record, record_type: RecordType, group_sizes: Mapping[str, int]) -> list[str]:
    """The cells of ``record``, in the order of :func:`csv_header`."""
    cells = [cell_text(getattr(record, name)) for name in META_COLUMNS]
    for spec in record_type.fields:
        value = record.values.get(spec.name)
        if spec.kind is Kind.GROUP:
            rows = list(value or ())
            for index in range(group_sizes.get(spec.name, 0)):
                row = rows[index] if index < len(rows) else {}
                for member in _tabular(spec.fields):
                    cells += _cells(member, row.get(member.name))
        elif spec.kind is not Kind.PHOTO:
            cells += _cells(spec, value)
    return cells


def _tabular(members: tuple[FieldSpec, ...]) -> list[FieldSpec]:
    """Group members that fit in a cell (photos are attachments, not text)."""
    return [member for member in members if member.kind is not Kind.PHOTO]


def _names(spec: FieldSpec, name: str) -> list[str]:
    return [name, name + UNIT_SUFFIX] if spec.kind is Kind.QUANTITY else [name]


def _cells(spec: FieldSpec, value: Any) -> list[str]:
    if spec.kind is Kind.QUANTITY:
        quantity: Quantity | None = value
        return ["", ""] if quantity is None else [str(quantity.amount), quantity.unit]
    if spec.kind is Kind.CODES:
        return [CODES_SEPARATOR.join(value or ())]
    return [cell_text(value)]


def cell_text(value: Any) -> str:
    """One value as cell text: empty for nothing, true/false, ISO dates, exact decimals."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(jsonable(value))
